/*
** string.c — the string library (manual §6.4): the everyday functions and format.
*/
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

/* Translates a relative initial position (negative counts from the end). */
static size_t posrelat(int64_t pos, size_t len) {
  if (pos > 0) return (size_t)pos;
  else if (pos == 0) return 1;
  else if (pos < -(int64_t)len) return 1;
  else return len + (size_t)pos + 1;
}

static size_t getendpos(int64_t pos, size_t len) {
  if (pos > (int64_t)len) return len;
  else if (pos >= 0) return (size_t)pos;
  else if (pos < -(int64_t)len) return 0;
  else return len + (size_t)pos + 1;
}

LIBFN(str_len) {
  LString *s = lrt_checkstring(L, base, nargs, 1, "string.len");
  setint(&base[0], (int64_t)s->len);
  return 1;
}

LIBFN(str_sub) {
  LString *s = lrt_checkstring(L, base, nargs, 1, "string.sub");
  size_t l = s->len;
  size_t start = posrelat(lrt_checkinteger(L, base, nargs, 2, "string.sub"), l);
  size_t end = getendpos(lrt_optinteger(L, base, nargs, 3, "string.sub", -1), l);
  if (start > end) setstr(&base[0], lrtS_new(L, "", 0));
  else setstr(&base[0], lrtS_new(L, s->data + start - 1, end - start + 1));
  return 1;
}

static int changecase(LState *L, TValue *base, int nargs, const char *name, int upper) {
  LString *s = lrt_checkstring(L, base, nargs, 1, name);
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  char *p = lrt_prepbuffer(&B, s->len);
  if (upper)
    for (size_t i = 0; i < s->len; i++) p[i] = (char)toupper((unsigned char)s->data[i]);
  else
    for (size_t i = 0; i < s->len; i++) p[i] = (char)tolower((unsigned char)s->data[i]);
  B.n += s->len;
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

LIBFN(str_upper) { return changecase(L, base, nargs, "string.upper", 1); }
LIBFN(str_lower) { return changecase(L, base, nargs, "string.lower", 0); }

LIBFN(str_rep) {
  LString *s = lrt_checkstring(L, base, nargs, 1, "string.rep");
  int64_t n = lrt_checkinteger(L, base, nargs, 2, "string.rep");
  LString *sep = nargs >= 3 && !ttisnil(&base[2]) ? lrt_checkstring(L, base, nargs, 3, "string.rep") : NULL;
  size_t lsep = sep ? sep->len : 0;
  if (n <= 0) {
    setstr(&base[0], lrtS_new(L, "", 0));
    return 1;
  }
  if ((s->len + lsep) > 0 && (uint64_t)n > (size_t)0x7fffffff / (s->len + lsep)) lrt_errorf(L, "resulting string too large");
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  for (int64_t i = 0; i < n; i++) {
    if (i > 0 && sep) lrt_addlstring(&B, sep->data, lsep);
    lrt_addlstring(&B, s->data, s->len);
  }
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

LIBFN(str_reverse) {
  LString *s = lrt_checkstring(L, base, nargs, 1, "string.reverse");
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  for (size_t i = s->len; i > 0; i--) lrt_addchar(&B, s->data[i - 1]);
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

LIBFN(str_byte) {
  LString *s = lrt_checkstring(L, base, nargs, 1, "string.byte");
  size_t l = s->len;
  int64_t pi = lrt_optinteger(L, base, nargs, 2, "string.byte", 1);
  size_t posi = posrelat(pi, l);
  size_t pose = getendpos(lrt_optinteger(L, base, nargs, 3, "string.byte", (int64_t)posi), l);
  if (posi > pose) return 0;
  if (pose - posi >= (size_t)INT32_MAX) lrt_errorf(L, "string slice too long");
  int n = (int)(pose - posi) + 1;
  TValue *out = lrt_reserve(L, base + nargs);
  lrt_checkstack(L, out + n);
  for (int i = 0; i < n; i++) setint(&base[i], (uint8_t)s->data[posi + (size_t)i - 1]);
  return n;
}

LIBFN(str_char) {
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  for (int i = 1; i <= nargs; i++) {
    int64_t c = lrt_checkinteger(L, base, nargs, i, "string.char");
    if ((uint64_t)c > 255u) {
      lrt_argerror(L, i, "string.char", "value out of range");
    }
    lrt_addchar(&B, (char)(unsigned char)c);
  }
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

/* ----------------------------------------------------------------------- format */

static void addquoted(lrt_Buffer *B, const char *s, size_t len) {
  lrt_addchar(B, '"');
  while (len--) {
    if (*s == '"' || *s == '\\' || *s == '\n') {
      lrt_addchar(B, '\\');
      lrt_addchar(B, *s);
    } else if (iscntrl((unsigned char)*s)) {
      char buff[10];
      if (!isdigit((unsigned char)*(s + 1))) snprintf(buff, sizeof(buff), "\\%d", (int)(unsigned char)*s);
      else snprintf(buff, sizeof(buff), "\\%03d", (int)(unsigned char)*s);
      lrt_addstring(B, buff);
    } else lrt_addchar(B, *s);
    s++;
  }
  lrt_addchar(B, '"');
}

static void addliteral(LState *L, lrt_Buffer *B, const TValue *o, int arg) {
  char buff[128];
  switch (o->tt) {
    case LT_STR: addquoted(B, o->u.s->data, o->u.s->len); break;
    case LT_INT:
      if (o->u.i == INT64_MIN) snprintf(buff, sizeof(buff), "0x%llx", (unsigned long long)o->u.i);
      else snprintf(buff, sizeof(buff), "%lld", (long long)o->u.i);
      lrt_addstring(B, buff);
      break;
    case LT_FLT: {
      double n = o->u.n;
      if (n == (double)HUGE_VAL) lrt_addstring(B, "1e9999");
      else if (n == -(double)HUGE_VAL) lrt_addstring(B, "-1e9999");
      else if (n != n) lrt_addstring(B, "(0/0)");
      else if (n == floor(n) && fabs(n) < 1e18) {
        snprintf(buff, sizeof(buff), "%lld", (long long)n);
        /* integral floats are written in hex so that they read back as floats */
        snprintf(buff, sizeof(buff), "%a", n);
        lrt_addstring(B, buff);
      } else {
        snprintf(buff, sizeof(buff), "%a", n);
        lrt_addstring(B, buff);
      }
      break;
    }
    case LT_NIL: case LT_FALSE: case LT_TRUE:
      lrt_tolstring_append(L, B, o);
      break;
    default: lrt_argerror(L, arg, "string.format", "value has no literal form");
  }
}

#define L_FMTFLAGSF "-+ #0"

static const char *getformat(LState *L, const char *strfrmt, char *form) {
  size_t len = strspn(strfrmt, L_FMTFLAGSF "123456789.");
  len++; /* adds following character (which should be the specifier) */
  if (len >= 32 - 10) lrt_errorf(L, "invalid format string to 'format'");
  *(form++) = '%';
  memcpy(form, strfrmt, len);
  *(form + len) = '\0';
  return strfrmt + len - 1;
}

/* Validates the spec in form (after '%'): flags from `flags`, width and precision of at
** most two digits each. */
static void checkformat(LState *L, const char *form, const char *flags, int precision) {
  const char *spec = form + 1;
  spec += strspn(spec, flags);
  if (*spec != '0') {
    if (isdigit((unsigned char)*spec)) spec++;
    if (isdigit((unsigned char)*spec)) spec++;
    if (*spec == '.' && precision) {
      spec++;
      if (isdigit((unsigned char)*spec)) spec++;
      if (isdigit((unsigned char)*spec)) spec++;
    }
  }
  if (!isalpha((unsigned char)*spec)) lrt_errorf(L, "invalid conversion '%s' to 'format'", form);
}

static void addlenmod(char *form, const char *lenmod) {
  size_t l = strlen(form);
  size_t lm = strlen(lenmod);
  char spec = form[l - 1];
  strcpy(form + l - 1, lenmod);
  form[l + lm - 1] = spec;
  form[l + lm] = '\0';
}

LIBFN(str_format) {
  LString *fs = lrt_checkstring(L, base, nargs, 1, "string.format");
  const char *strfrmt = fs->data;
  const char *strfrmt_end = strfrmt + fs->len;
  int arg = 1;
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  lrt_reserve(L, base + nargs);
  while (strfrmt < strfrmt_end) {
    if (*strfrmt != '%') lrt_addchar(&B, *strfrmt++);
    else if (*++strfrmt == '%') lrt_addchar(&B, *strfrmt++);
    else {
      char form[32];
      char buff[512];
      int nb = 0;
      if (++arg > nargs) {
        lrt_argerror(L, arg, "string.format", "no value");
      }
      const TValue *o = &base[arg - 1];
      strfrmt = getformat(L, strfrmt, form);
      switch (*strfrmt++) {
        case 'c':
          checkformat(L, form, "-", 0);
          nb = snprintf(buff, sizeof(buff), form, (int)lrt_checkinteger(L, base, nargs, arg, "string.format"));
          break;
        case 'd': case 'i':
          checkformat(L, form, "-+0 ", 1);
          goto intcase;
        case 'u':
          checkformat(L, form, "-0", 1);
          goto intcase;
        case 'o': case 'x': case 'X':
          checkformat(L, form, "-#0", 1);
        intcase: {
          int64_t n = lrt_checkinteger(L, base, nargs, arg, "string.format");
          if (strcmp(form, "%d") == 0) { /* the common case, without snprintf */
            TValue v;
            setint(&v, n);
            nb = lrtO_tostringbuf(&v, buff);
            break;
          }
          addlenmod(form, "ll");
          nb = snprintf(buff, sizeof(buff), form, (long long)n);
          break;
        }
        case 'a': case 'A':
          checkformat(L, form, "-+#0 ", 1);
          addlenmod(form, "");
          nb = snprintf(buff, sizeof(buff), form, lrt_checknumber(L, base, nargs, arg, "string.format"));
          break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
          checkformat(L, form, "-+#0 ", 1);
          nb = snprintf(buff, sizeof(buff), form, lrt_checknumber(L, base, nargs, arg, "string.format"));
          break;
        case 'p': {
          checkformat(L, form, "-", 0);
          const void *p = (o->tt >= LT_STR) ? o->u.p : NULL;
          if (p == NULL) {
            form[strlen(form) - 1] = 's';
            nb = snprintf(buff, sizeof(buff), form, "(null)");
          } else nb = snprintf(buff, sizeof(buff), form, p);
          break;
        }
        case 'q':
          if (form[2] != '\0') lrt_errorf(L, "specifier '%%q' cannot have modifiers");
          addliteral(L, &B, o, arg);
          break;
        case 's': {
          TValue s;
          lrt_tostringmeta(L, &s, o);
          if (form[2] == '\0') lrt_addlstring(&B, s.u.s->data, s.u.s->len);
          else {
            checkformat(L, form, "-", 1);
            if (strchr(form, '.') == NULL && s.u.s->len >= 100) lrt_addlstring(&B, s.u.s->data, s.u.s->len);
            else {
              char *big = (char *)malloc(s.u.s->len + 128);
              if (big == NULL) lrt_errorf(L, "not enough memory");
              int k = snprintf(big, s.u.s->len + 128, form, s.u.s->data);
              lrt_addlstring(&B, big, (size_t)k);
              free(big);
            }
          }
          break;
        }
        default:
          lrt_errorf(L, "invalid conversion '%s' to 'format'", form);
      }
      if (nb > 0) lrt_addlstring(&B, buff, (size_t)nb);
    }
  }
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

static const lrt_Reg strlib[] = {
  {"byte", str_byte}, {"char", str_char}, {"format", str_format}, {"len", str_len},
  {"lower", str_lower}, {"rep", str_rep}, {"reverse", str_reverse}, {"sub", str_sub},
  {"upper", str_upper}, {NULL, NULL}
};

void lrt_open_string(LState *L) {
  LTable *t = lrtH_new(L, 0, 16);
  lrt_register(L, t, strlib);
  lrt_open_string_patterns(L, t);
  lrt_open_string_pack(L, t);
  TValue v;
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "string"), &v);
  L->g->strmeta = lrtH_new(L, 0, 4);
  lrtH_setstr(L, L->g->strmeta, L->g->tmname[TM_INDEX], &v);
}
