/*
** utf8.c — the utf8 library (manual §6.5), with 5.4's strict and lax decoding.
*/
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

#define MAXUNICODE 0x10FFFFu
#define MAXUTF 0x7FFFFFFFu
#define iscont(c) (((c) & 0xC0) == 0x80)

/* Decodes one sequence at s; NULL if invalid. */
static const char *utf8_decode(const char *s, uint32_t *val, int strict) {
  static const uint32_t limits[] = {~(uint32_t)0, 0x80, 0x800, 0x10000u, 0x200000u, 0x4000000u};
  unsigned int c = (unsigned char)s[0];
  uint32_t res = 0;
  if (c < 0x80) res = c;
  else {
    int count = 0;
    for (; c & 0x40; c <<= 1) {
      unsigned int cc = (unsigned char)s[++count];
      if (!iscont(cc)) return NULL;
      res = (res << 6) | (cc & 0x3F);
    }
    res |= ((uint32_t)(c & 0x7F) << (count * 5));
    if (count > 5 || res > MAXUTF || res < limits[count]) return NULL;
    s += count;
  }
  if (strict && (res > MAXUNICODE || (0xD800u <= res && res <= 0xDFFFu))) return NULL;
  if (val) *val = res;
  return s + 1;
}

static int64_t u_posrelat(int64_t pos, size_t len) {
  if (pos >= 0) return pos;
  else if (0u - (size_t)pos > len) return 0;
  else return (int64_t)len + pos + 1;
}

LIBFN(utflen) {
  LString *s = lrt_checkstring(L, base, nargs, 1, "utf8.len");
  size_t len = s->len;
  int64_t posi = u_posrelat(lrt_optinteger(L, base, nargs, 2, "utf8.len", 1), len);
  int64_t posj = u_posrelat(lrt_optinteger(L, base, nargs, 3, "utf8.len", -1), len);
  int lax = nargs >= 4 && !l_isfalse(&base[3]);
  if (!(1 <= posi && --posi <= (int64_t)len)) lrt_argerror(L, 2, "utf8.len", "initial position out of bounds");
  if (!(--posj < (int64_t)len)) lrt_argerror(L, 3, "utf8.len", "final position out of bounds");
  int64_t n = 0;
  while (posi <= posj) {
    const char *s1 = utf8_decode(s->data + posi, NULL, !lax);
    if (s1 == NULL) {
      setnil(&base[0]);
      setint(&base[1], posi + 1);
      return 2;
    }
    posi = s1 - s->data;
    n++;
  }
  setint(&base[0], n);
  return 1;
}

LIBFN(codepoint) {
  LString *s = lrt_checkstring(L, base, nargs, 1, "utf8.codepoint");
  size_t len = s->len;
  int64_t posi = u_posrelat(lrt_optinteger(L, base, nargs, 2, "utf8.codepoint", 1), len);
  int64_t pose = u_posrelat(lrt_optinteger(L, base, nargs, 3, "utf8.codepoint", posi), len);
  int lax = nargs >= 4 && !l_isfalse(&base[3]);
  if (!(posi >= 1)) lrt_argerror(L, 2, "utf8.codepoint", "out of bounds");
  if (!(pose <= (int64_t)len)) lrt_argerror(L, 3, "utf8.codepoint", "out of bounds");
  if (posi > pose) return 0;
  if (pose - posi >= INT32_MAX) lrt_errorf(L, "string slice too long");
  TValue *out = lrt_reserve(L, base + nargs);
  lrt_checkstack(L, out + (pose - posi) + 1);
  int n = 0;
  const char *se = s->data + pose;
  for (const char *p = s->data + posi - 1; p < se;) {
    uint32_t code;
    p = utf8_decode(p, &code, !lax);
    if (p == NULL) lrt_errorf(L, "invalid UTF-8 code");
    setint(&out[n++], code);
  }
  memmove(base, out, (size_t)n * sizeof(TValue));
  return n;
}

static void add_utf8(lrt_Buffer *B, uint32_t x) {
  char buf[8];
  int n = 1;
  if (x < 0x80) buf[7] = (char)x;
  else {
    unsigned int mfb = 0x3f;
    do {
      buf[8 - (n++)] = (char)(0x80 | (x & 0x3f));
      x >>= 6;
      mfb >>= 1;
    } while (x > mfb);
    buf[8 - n] = (char)((~mfb << 1) | x);
  }
  lrt_addlstring(B, buf + 8 - n, (size_t)n);
}

LIBFN(utfchar) {
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  for (int i = 1; i <= nargs; i++) {
    int64_t code = lrt_checkinteger(L, base, nargs, i, "utf8.char");
    if ((uint64_t)code > MAXUTF) {
      lrt_argerror(L, i, "utf8.char", "value out of range");
    }
    add_utf8(&B, (uint32_t)code);
  }
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

LIBFN(byteoffset) {
  LString *str = lrt_checkstring(L, base, nargs, 1, "utf8.offset");
  const char *s = str->data;
  size_t len = str->len;
  int64_t n = lrt_checkinteger(L, base, nargs, 2, "utf8.offset");
  int64_t posi = (n >= 0) ? 1 : (int64_t)len + 1;
  posi = u_posrelat(lrt_optinteger(L, base, nargs, 3, "utf8.offset", posi), len);
  if (!(1 <= posi && --posi <= (int64_t)len)) lrt_argerror(L, 3, "utf8.offset", "position out of bounds");
  if (n == 0) {
    while (posi > 0 && iscont((unsigned char)s[posi])) posi--;
  } else {
    if (iscont((unsigned char)s[posi])) lrt_errorf(L, "initial position is a continuation byte");
    if (n < 0) {
      while (n < 0 && posi > 0) {
        do posi--;
        while (posi > 0 && iscont((unsigned char)s[posi]));
        n++;
      }
    } else {
      n--;
      while (n > 0 && posi < (int64_t)len) {
        do posi++;
        while (iscont((unsigned char)s[posi]));
        n--;
      }
    }
  }
  if (n == 0) setint(&base[0], posi + 1);
  else setnil(&base[0]);
  return 1;
}

static int iter_aux(LState *L, TValue *base, int nargs, int strict) {
  LString *str = lrt_checkstring(L, base, nargs, 1, "for iterator");
  const char *s = str->data;
  size_t len = str->len;
  uint64_t n = (uint64_t)lrt_checkinteger(L, base, nargs, 2, "for iterator");
  if (n < len) {
    while (iscont((unsigned char)s[n])) n++; /* skip continuation bytes */
  }
  if (n >= len) return 0;
  uint32_t code;
  const char *next = utf8_decode(s + n, &code, strict);
  if (next == NULL || iscont((unsigned char)*next)) lrt_errorf(L, "invalid UTF-8 code");
  setint(&base[0], (int64_t)n + 1);
  setint(&base[1], code);
  return 2;
}

LIBFN(iter_auxstrict) { return iter_aux(L, base, nargs, 1); }
LIBFN(iter_auxlax) { return iter_aux(L, base, nargs, 0); }

static LClosure *iter_strict, *iter_lax;

LIBFN(iter_codes) {
  int lax = nargs >= 2 && !l_isfalse(&base[1]);
  LString *s = lrt_checkstring(L, base, nargs, 1, "utf8.codes");
  if (s->len > 0 && iscont((unsigned char)s->data[0])) lrt_argerror(L, 1, "utf8.codes", "invalid UTF-8 code");
  setstr(&base[1], s);
  setfunc(&base[0], lax ? iter_lax : iter_strict);
  setint(&base[2], 0);
  return 3;
}

static const lrt_Reg utf8lib[] = {
  {"offset", byteoffset}, {"codepoint", codepoint}, {"char", utfchar}, {"len", utflen}, {"codes", iter_codes}, {NULL, NULL}
};

void lrt_open_utf8(LState *L) {
  LTable *t = lrtH_new(L, 0, 8);
  TValue v;
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "utf8"), &v);
  lrt_register(L, t, utf8lib);
  setstr(&v, lrtS_new(L, "[\0-\x7F\xC2-\xFD][\x80-\xBF]*", 14));
  lrtH_setstr(L, t, lrtS_newz(L, "charpattern"), &v);
  iter_strict = lrt_newcfunction(L, iter_auxstrict, "for iterator");
  setfunc(&v, iter_strict);
  lrt_pin(L, &v);
  iter_lax = lrt_newcfunction(L, iter_auxlax, "for iterator");
  setfunc(&v, iter_lax);
  lrt_pin(L, &v);
}
