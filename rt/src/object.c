/*
** object.c — conversions between numbers and strings with Lua 5.4's exact rules.
*/
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

static const char *const typenames[LT_NUMTAGS] = {
  "nil", "boolean", "boolean", "number", "number", "string", "table", "function", "userdata", "thread"
};

const char *lrtO_typename(int tt) {
  return (tt >= 0 && tt < LT_NUMTAGS) ? typenames[tt] : "?";
}

const char *lrtO_objtypename(LState *L, const TValue *o) {
  LTable *mt = lrt_getmetatable(L, o);
  if (mt && (o->tt == LT_TABLE || o->tt == LT_USERDATA)) {
    const TValue *name = lrtH_getstr(mt, L->g->tmname[TM_NAME]);
    if (name->tt == LT_STR) return name->u.s->data;
  }
  return lrtO_typename((int)o->tt);
}

/* Exact float-to-integer conversion: fails for fractions, NaN and out-of-range values. */
int lrtO_flttoint(double n, int64_t *res) {
  if (!(n >= -9223372036854775808.0 && n < 9223372036854775808.0)) return 0;
  double f = floor(n);
  if (f != n) return 0;
  *res = (int64_t)f;
  return 1;
}

static int isneg(const char **s) {
  if (**s == '-') {
    (*s)++;
    return 1;
  } else if (**s == '+') (*s)++;
  return 0;
}

static const char *str2int(const char *s, int64_t *result) {
  uint64_t a = 0;
  int empty = 1;
  while (isspace((unsigned char)*s)) s++;
  int neg = isneg(&s);
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s += 2;
    for (; isxdigit((unsigned char)*s); s++) {
      int d = isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a') + 10;
      a = a * 16 + (uint64_t)d;
      empty = 0;
    }
  } else {
    int d;
    for (; isdigit((unsigned char)*s); s++) {
      d = *s - '0';
      if (a >= 922337203685477580ULL && (a > 922337203685477580ULL || d > 7 + neg)) return NULL; /* overflow */
      a = a * 10 + (uint64_t)d;
      empty = 0;
    }
  }
  while (isspace((unsigned char)*s)) s++;
  if (empty || *s != '\0') return NULL;
  *result = (int64_t)(neg ? 0u - a : a);
  return s;
}

static const char *str2d(const char *s, double *result) {
  const char *pmode = strpbrk(s, ".xXnN");
  int mode = pmode ? (tolower((unsigned char)*pmode)) : 0;
  if (mode == 'n') return NULL; /* reject 'inf' and 'nan' */
  char *endptr;
  *result = strtod(s, &endptr);
  if (endptr == s) return NULL;
  while (isspace((unsigned char)*endptr)) endptr++;
  return *endptr == '\0' ? endptr : NULL;
}

/* Converts a whole string to a number (luaO_str2num); returns 0 if it is not a numeral. */
int lrtO_str2num(const char *s, size_t len, TValue *res) {
  if (strlen(s) != len) return 0; /* embedded zero */
  int64_t i;
  double d;
  if (str2int(s, &i)) {
    setint(res, i);
    return 1;
  }
  if (str2d(s, &d)) {
    setflt(res, d);
    return 1;
  }
  return 0;
}

int lrtO_tonumber(const TValue *o, TValue *res) {
  if (o->tt == LT_INT || o->tt == LT_FLT) {
    *res = *o;
    return 1;
  }
  if (o->tt == LT_STR) return lrtO_str2num(o->u.s->data, o->u.s->len, res);
  return 0;
}

int lrtO_tointeger(const TValue *o, int64_t *res) {
  TValue v;
  if (!lrtO_tonumber(o, &v)) return 0;
  if (v.tt == LT_INT) {
    *res = v.u.i;
    return 1;
  }
  return lrtO_flttoint(v.u.n, res);
}

int lrtO_tostringbuf(const TValue *o, char *buf) {
  int len;
  if (o->tt == LT_INT) { /* by hand: snprintf costs more than the rest of a `..` */
    /* two digits per division, written from the end of a right-sized field */
    static const char pairs[201] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    uint64_t u = o->u.i < 0 ? 0 - (uint64_t)o->u.i : (uint64_t)o->u.i;
    int ndigits = 1; /* four digits per division */
    for (uint64_t v = u;; v /= 10000, ndigits += 4) {
      if (v < 10) break;
      if (v < 100) { ndigits += 1; break; }
      if (v < 1000) { ndigits += 2; break; }
      if (v < 10000) { ndigits += 3; break; }
    }
    len = (o->u.i < 0) + ndigits;
    buf[0] = '-';
    buf[len] = '\0';
    char *p = buf + len;
    while (u >= 100) {
      unsigned d = (unsigned)(u % 100) * 2;
      u /= 100;
      *--p = pairs[d + 1];
      *--p = pairs[d];
    }
    if (u >= 10) {
      *--p = pairs[u * 2 + 1];
      *--p = pairs[u * 2];
    } else
      *--p = (char)('0' + u);
  } else {
    len = snprintf(buf, 64, "%.14g", o->u.n);
    if (buf[strspn(buf, "-0123456789")] == '\0') { /* looks like an int? */
      buf[len++] = '.';
      buf[len++] = '0';
      buf[len] = '\0';
    }
  }
  return len;
}

LString *lrtO_tostring(LState *L, const TValue *o) {
  char buf[64];
  int len = lrtO_tostringbuf(o, buf);
  return lrtS_new(L, buf, (size_t)len);
}
