/*
** string_pack.c — string.pack, string.unpack and string.packsize (manual §6.4.2).
*/
#include <ctype.h>
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

#define MAXINTSIZE 16
#define MAXALIGN 8
#define MAXSIZE ((size_t)0x7fffffff)

typedef enum { Kint, Kuint, Kfloat, Knumber, Kdouble, Kchar, Kstring, Kzstr, Kpadding, Kpaddalign, Knop } KOption;

typedef struct Header {
  LState *L;
  int islittle;
  int maxalign;
} Header;

static int digit(int c) {
  return '0' <= c && c <= '9';
}

static int getnum(const char **fmt, int df) {
  if (!digit(**fmt)) return df;
  int a = 0;
  do {
    a = a * 10 + (*((*fmt)++) - '0');
  } while (digit(**fmt) && a <= ((int)MAXSIZE - 9) / 10);
  return a;
}

static int getnumlimit(Header *h, const char **fmt, int df) {
  int sz = getnum(fmt, df);
  if (sz > MAXINTSIZE || sz <= 0) lrt_errorf(h->L, "integral size (%d) out of limits [1,%d]", sz, MAXINTSIZE);
  return sz;
}

static KOption getoption(Header *h, const char **fmt, int *size) {
  int opt = *((*fmt)++);
  *size = 0;
  switch (opt) {
    case 'b': *size = 1; return Kint;
    case 'B': *size = 1; return Kuint;
    case 'h': *size = 2; return Kint;
    case 'H': *size = 2; return Kuint;
    case 'l': *size = 8; return Kint;
    case 'L': *size = 8; return Kuint;
    case 'j': *size = 8; return Kint;
    case 'J': *size = 8; return Kuint;
    case 'T': *size = 8; return Kuint;
    case 'f': *size = 4; return Kfloat;
    case 'n': *size = 8; return Knumber;
    case 'd': *size = 8; return Kdouble;
    case 'i': *size = getnumlimit(h, fmt, 4); return Kint;
    case 'I': *size = getnumlimit(h, fmt, 4); return Kuint;
    case 's': *size = getnumlimit(h, fmt, 8); return Kstring;
    case 'c':
      *size = getnum(fmt, -1);
      if (*size == -1) lrt_errorf(h->L, "missing size for format option 'c'");
      return Kchar;
    case 'z': return Kzstr;
    case 'x': *size = 1; return Kpadding;
    case 'X': return Kpaddalign;
    case ' ': break;
    case '<': h->islittle = 1; break;
    case '>': h->islittle = 0; break;
    case '=': h->islittle = 1; break;
    case '!': {
      const int maxalign = 8;
      h->maxalign = getnumlimit(h, fmt, maxalign);
      break;
    }
    default: lrt_errorf(h->L, "invalid format option '%c'", opt);
  }
  return Knop;
}

static KOption getdetails(Header *h, size_t totalsize, const char **fmt, int *psize, int *ntoalign) {
  KOption opt = getoption(h, fmt, psize);
  int align = *psize;
  if (opt == Kpaddalign) {
    if (**fmt == '\0' || getoption(h, fmt, &align) == Kchar || align == 0) lrt_argerror(h->L, 1, "string.pack", "invalid next option for option 'X'");
  }
  if (align <= 1 || opt == Kchar) *ntoalign = 0;
  else {
    if (align > h->maxalign) align = h->maxalign;
    if ((align & (align - 1)) != 0) lrt_argerror(h->L, 1, "string.pack", "format asks for alignment not power of 2");
    *ntoalign = (align - (int)(totalsize & (size_t)(align - 1))) & (align - 1);
  }
  return opt;
}

static void packint(lrt_Buffer *B, uint64_t n, int islittle, int size, int neg) {
  char buff[MAXINTSIZE];
  buff[islittle ? 0 : size - 1] = (char)(n & 0xFF);
  for (int i = 1; i < size; i++) {
    n >>= 8;
    buff[islittle ? i : size - 1 - i] = (char)(n & 0xFF);
  }
  if (neg && size > 8) {
    for (int i = 8; i < size; i++) buff[islittle ? i : size - 1 - i] = (char)0xFF;
  }
  lrt_addlstring(B, buff, (size_t)size);
}

static void copywithendian(char *dest, const char *src, int size, int islittle) {
  int native_little = 1;
  if (islittle == native_little) memcpy(dest, src, (size_t)size);
  else {
    dest += size - 1;
    while (size-- != 0) *(dest--) = *(src++);
  }
}

LIBFN(str_pack) {
  LString *fs = lrt_checkstring(L, base, nargs, 1, "string.pack");
  const char *fmt = fs->data;
  Header h = {L, 1, 1};
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  int arg = 1;
  size_t totalsize = 0;
  while (*fmt != '\0') {
    int size, ntoalign;
    KOption opt = getdetails(&h, totalsize, &fmt, &size, &ntoalign);
    totalsize += (size_t)(ntoalign + size);
    while (ntoalign-- > 0) lrt_addchar(&B, '\0');
    arg++;
    switch (opt) {
      case Kint: {
        int64_t n = lrt_checkinteger(L, base, nargs, arg, "string.pack");
        if (size < 8) {
          int64_t lim = (int64_t)1 << ((size * 8) - 1);
          if (!(-lim <= n && n < lim)) lrt_argerror(L, arg, "string.pack", "integer overflow");
        }
        packint(&B, (uint64_t)n, h.islittle, size, n < 0);
        break;
      }
      case Kuint: {
        int64_t n = lrt_checkinteger(L, base, nargs, arg, "string.pack");
        if (size < 8 && !((uint64_t)n < ((uint64_t)1 << (size * 8)))) lrt_argerror(L, arg, "string.pack", "unsigned overflow");
        packint(&B, (uint64_t)n, h.islittle, size, 0);
        break;
      }
      case Kfloat: {
        float f = (float)lrt_checknumber(L, base, nargs, arg, "string.pack");
        char buff[4];
        copywithendian(buff, (const char *)&f, 4, h.islittle);
        lrt_addlstring(&B, buff, 4);
        break;
      }
      case Knumber:
      case Kdouble: {
        double f = lrt_checknumber(L, base, nargs, arg, "string.pack");
        char buff[8];
        copywithendian(buff, (const char *)&f, 8, h.islittle);
        lrt_addlstring(&B, buff, 8);
        break;
      }
      case Kchar: {
        LString *s = lrt_checkstring(L, base, nargs, arg, "string.pack");
        if (s->len > (size_t)size) lrt_argerror(L, arg, "string.pack", "string longer than given size");
        lrt_addlstring(&B, s->data, s->len);
        for (size_t i = s->len; i < (size_t)size; i++) lrt_addchar(&B, '\0');
        break;
      }
      case Kstring: {
        LString *s = lrt_checkstring(L, base, nargs, arg, "string.pack");
        if (size < 8 && s->len >= ((size_t)1 << (size * 8))) lrt_argerror(L, arg, "string.pack", "string length does not fit in given size");
        packint(&B, (uint64_t)s->len, h.islittle, size, 0);
        lrt_addlstring(&B, s->data, s->len);
        totalsize += s->len;
        break;
      }
      case Kzstr: {
        LString *s = lrt_checkstring(L, base, nargs, arg, "string.pack");
        if (strlen(s->data) != s->len) lrt_argerror(L, arg, "string.pack", "string contains zeros");
        lrt_addlstring(&B, s->data, s->len);
        lrt_addchar(&B, '\0');
        totalsize += s->len + 1;
        break;
      }
      case Kpadding: lrt_addchar(&B, '\0'); /* fall through */
      case Kpaddalign:
      case Knop: arg--; break;
    }
  }
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

LIBFN(str_packsize) {
  LString *fs = lrt_checkstring(L, base, nargs, 1, "string.packsize");
  const char *fmt = fs->data;
  Header h = {L, 1, 1};
  size_t totalsize = 0;
  while (*fmt != '\0') {
    int size, ntoalign;
    KOption opt = getdetails(&h, totalsize, &fmt, &size, &ntoalign);
    if (opt == Kstring || opt == Kzstr) lrt_argerror(L, 1, "string.packsize", "variable-length format");
    size += ntoalign;
    if (!(totalsize <= MAXSIZE - (size_t)size)) lrt_argerror(L, 1, "string.packsize", "format result too large");
    totalsize += (size_t)size;
  }
  setint(&base[0], (int64_t)totalsize);
  return 1;
}

static int64_t unpackint(LState *L, const char *str, int islittle, int size, int issigned) {
  uint64_t res = 0;
  int limit = size <= 8 ? size : 8;
  for (int i = limit - 1; i >= 0; i--) {
    res <<= 8;
    res |= (uint64_t)(unsigned char)str[islittle ? i : size - 1 - i];
  }
  if (size < 8) {
    if (issigned) {
      uint64_t mask = (uint64_t)1 << (size * 8 - 1);
      res = ((res ^ mask) - mask);
    }
  } else if (size > 8) {
    int mask = (!issigned || (int64_t)res >= 0) ? 0 : 0xFF;
    for (int i = limit; i < size; i++) {
      if ((unsigned char)str[islittle ? i : size - 1 - i] != mask)
        lrt_errorf(L, "%d-byte integer does not fit into Lua Integer", size);
    }
  }
  return (int64_t)res;
}

LIBFN(str_unpack) {
  LString *fs = lrt_checkstring(L, base, nargs, 1, "string.unpack");
  LString *ds = lrt_checkstring(L, base, nargs, 2, "string.unpack");
  const char *fmt = fs->data;
  const char *data = ds->data;
  size_t ld = ds->len;
  int64_t ipos = lrt_optinteger(L, base, nargs, 3, "string.unpack", 1);
  size_t pos;
  if (ipos > 0) pos = (size_t)ipos - 1;
  else if (ipos == 0 || (size_t)(-ipos) > ld) pos = (size_t)-1;
  else pos = ld + (size_t)ipos;
  if (pos > ld) lrt_argerror(L, 3, "string.unpack", "initial position out of string");
  Header h = {L, 1, 1};
  TValue *out = lrt_reserve(L, base + nargs);
  int n = 0;
  while (*fmt != '\0') {
    int size, ntoalign;
    KOption opt = getdetails(&h, pos, &fmt, &size, &ntoalign);
    if ((size_t)ntoalign + (size_t)size > ld - pos) lrt_argerror(L, 2, "string.unpack", "data string too short");
    pos += (size_t)ntoalign;
    lrt_checkstack(L, out + n + 2);
    switch (opt) {
      case Kint:
      case Kuint: setint(&out[n++], unpackint(L, data + pos, h.islittle, size, opt == Kint)); break;
      case Kfloat: {
        float f;
        copywithendian((char *)&f, data + pos, 4, h.islittle);
        setflt(&out[n++], (double)f);
        break;
      }
      case Knumber:
      case Kdouble: {
        double f;
        copywithendian((char *)&f, data + pos, 8, h.islittle);
        setflt(&out[n++], f);
        break;
      }
      case Kchar: setstr(&out[n++], lrtS_new(L, data + pos, (size_t)size)); break;
      case Kstring: {
        uint64_t len = (uint64_t)unpackint(L, data + pos, h.islittle, size, 0);
        if (len > ld - pos - (size_t)size) lrt_argerror(L, 2, "string.unpack", "data string too short");
        setstr(&out[n++], lrtS_new(L, data + pos + size, (size_t)len));
        pos += (size_t)len;
        break;
      }
      case Kzstr: {
        size_t len = strlen(data + pos);
        if (pos + len >= ld) lrt_argerror(L, 2, "string.unpack", "unfinished string for format 'z'");
        setstr(&out[n++], lrtS_new(L, data + pos, len));
        pos += len + 1;
        break;
      }
      case Kpaddalign:
      case Kpadding:
      case Knop: n += 0; break;
    }
    pos += (size_t)size;
  }
  setint(&out[n++], (int64_t)pos + 1);
  memmove(base, out, (size_t)n * sizeof(TValue));
  return n;
}

static const lrt_Reg packlib[] = {{"pack", str_pack}, {"packsize", str_packsize}, {"unpack", str_unpack}, {NULL, NULL}};

void lrt_open_string_pack(LState *L, LTable *string) {
  lrt_register(L, string, packlib);
}
