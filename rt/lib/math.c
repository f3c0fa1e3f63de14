/*
** math.c — the math library (manual §6.7), with 5.4's xoshiro256** generator so that
** seeded sequences match lua5.4's.
*/
#include <math.h>
#include <time.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

static double num(LState *L, TValue *base, int nargs, int i, const char *f) {
  return lrt_checknumber(L, base, nargs, i, f);
}

#define MATHF1(name, cfn) \
  LIBFN(math_##name) { setflt(&base[0], cfn(num(L, base, nargs, 1, "math." #name))); return 1; }

MATHF1(sqrt, sqrt)
MATHF1(sin, sin)
MATHF1(cos, cos)
MATHF1(tan, tan)
MATHF1(asin, asin)
MATHF1(acos, acos)
MATHF1(exp, exp)

LIBFN(math_atan) {
  double y = num(L, base, nargs, 1, "math.atan");
  double x = nargs >= 2 ? num(L, base, nargs, 2, "math.atan") : 1.0;
  setflt(&base[0], atan2(y, x));
  return 1;
}

LIBFN(math_log) {
  double x = num(L, base, nargs, 1, "math.log");
  double r;
  if (nargs < 2 || ttisnil(&base[1])) r = log(x);
  else {
    double b = num(L, base, nargs, 2, "math.log");
    if (b == 2.0) r = log2(x);
    else if (b == 10.0) r = log10(x);
    else r = log(x) / log(b);
  }
  setflt(&base[0], r);
  return 1;
}

static void pushfloor(TValue *res, double f) {
  int64_t i;
  if (lrtO_flttoint(f, &i)) setint(res, i);
  else setflt(res, f);
}

LIBFN(math_floor) {
  if (nargs >= 1 && base[0].tt == LT_INT) return 1;
  pushfloor(&base[0], floor(num(L, base, nargs, 1, "math.floor")));
  return 1;
}

LIBFN(math_ceil) {
  if (nargs >= 1 && base[0].tt == LT_INT) return 1;
  pushfloor(&base[0], ceil(num(L, base, nargs, 1, "math.ceil")));
  return 1;
}

LIBFN(math_abs) {
  if (nargs >= 1 && base[0].tt == LT_INT) {
    if (base[0].u.i < 0) base[0].u.i = (int64_t)(0u - (uint64_t)base[0].u.i);
    return 1;
  }
  setflt(&base[0], fabs(num(L, base, nargs, 1, "math.abs")));
  return 1;
}

LIBFN(math_fmod) {
  const TValue *a = lrt_arg(base, nargs, 1), *b = lrt_arg(base, nargs, 2);
  if (a->tt == LT_INT && b->tt == LT_INT) {
    int64_t d = b->u.i;
    if ((uint64_t)d + 1u <= 1u) {
      if (d == 0) lrt_argerror(L, 2, "math.fmod", "zero");
      setint(&base[0], 0);
    } else setint(&base[0], a->u.i % d);
  } else {
    setflt(&base[0], fmod(num(L, base, nargs, 1, "math.fmod"), num(L, base, nargs, 2, "math.fmod")));
  }
  return 1;
}

LIBFN(math_modf) {
  if (nargs >= 1 && base[0].tt == LT_INT) {
    setflt(&base[1], 0.0);
    return 2;
  }
  double n = num(L, base, nargs, 1, "math.modf");
  double ip = (n < 0) ? ceil(n) : floor(n);
  pushfloor(&base[0], ip);
  setflt(&base[1], (n == ip) ? 0.0 : (n - ip));
  return 2;
}

LIBFN(math_tointeger) {
  int64_t i;
  const TValue *o = lrt_arg(base, nargs, 1);
  if (o->tt == LT_INT) return 1;
  if ((o->tt == LT_FLT || o->tt == LT_STR) && lrtO_tointeger(o, &i)) setint(&base[0], i);
  else {
    lrt_checkany(L, nargs, 1, "math.tointeger");
    setnil(&base[0]);
  }
  return 1;
}

LIBFN(math_type) {
  lrt_checkany(L, nargs, 1, "math.type");
  if (base[0].tt == LT_INT) setstr(&base[0], lrtS_newz(L, "integer"));
  else if (base[0].tt == LT_FLT) setstr(&base[0], lrtS_newz(L, "float"));
  else setnil(&base[0]);
  return 1;
}

LIBFN(math_ult) {
  int64_t a = lrt_checkinteger(L, base, nargs, 1, "math.ult");
  int64_t b = lrt_checkinteger(L, base, nargs, 2, "math.ult");
  setbool(&base[0], (uint64_t)a < (uint64_t)b);
  return 1;
}

/* As lua5.4: any values that `<` orders (strings, tables with __lt), compared inside the
** library function (so an error carries no position). */
static int minmax(LState *L, TValue *base, int nargs, const char *name, int wantmax) {
  int best = 0;
  if (nargs < 1) lrt_argerror(L, 1, name, "value expected");
  for (int i = 1; i < nargs; i++) {
    int better = wantmax ? lrt_less_inlib(L, &base[best], &base[i]) : lrt_less_inlib(L, &base[i], &base[best]);
    if (better) best = i;
  }
  base[0] = base[best];
  return 1;
}

LIBFN(math_max) { return minmax(L, base, nargs, "math.max", 1); }
LIBFN(math_min) { return minmax(L, base, nargs, "math.min", 0); }

/* ----------------------------------------------------------------------- xoshiro256** */

static uint64_t rstate[4];

static uint64_t rotl(uint64_t x, int n) {
  return (x << n) | (x >> (64 - n));
}

static uint64_t nextrand(void) {
  uint64_t *s = rstate;
  uint64_t res = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return res;
}

static void setseed(uint64_t n1, uint64_t n2) {
  rstate[0] = n1;
  rstate[1] = 0xff;
  rstate[2] = n2;
  rstate[3] = 0;
  for (int i = 0; i < 16; i++) nextrand();
}

static uint64_t project(uint64_t ran, uint64_t n) {
  if ((n & (n + 1)) == 0) return ran & n;
  uint64_t lim = n;
  lim |= (lim >> 1);
  lim |= (lim >> 2);
  lim |= (lim >> 4);
  lim |= (lim >> 8);
  lim |= (lim >> 16);
  lim |= (lim >> 32);
  while ((ran &= lim) > n) ran = nextrand();
  return ran;
}

LIBFN(math_random) {
  uint64_t rv = nextrand();
  int64_t low, up;
  switch (nargs) {
    case 0:
      setflt(&base[0], (double)(rv >> 11) * 0x1.0p-53);
      return 1;
    case 1:
      low = 1;
      up = lrt_checkinteger(L, base, nargs, 1, "math.random");
      if (up == 0) {
        setint(&base[0], (int64_t)rv);
        return 1;
      }
      break;
    case 2:
      low = lrt_checkinteger(L, base, nargs, 1, "math.random");
      up = lrt_checkinteger(L, base, nargs, 2, "math.random");
      break;
    default: lrt_errorf(L, "wrong number of arguments");
  }
  if (!(low <= up)) lrt_argerror(L, nargs, "math.random", "interval is empty");
  setint(&base[0], (int64_t)(project(rv, (uint64_t)up - (uint64_t)low) + (uint64_t)low));
  return 1;
}

LIBFN(math_randomseed) {
  if (nargs == 0) {
    setseed((uint64_t)time(NULL), (uint64_t)(size_t)L);
    return 0;
  }
  int64_t n1;
  const TValue *a = &base[0];
  if (a->tt == LT_FLT) n1 = (int64_t)a->u.n;
  else n1 = lrt_checkinteger(L, base, nargs, 1, "math.randomseed");
  int64_t n2 = lrt_optinteger(L, base, nargs, 2, "math.randomseed", 0);
  setseed((uint64_t)n1, (uint64_t)n2);
  return 0;
}

static const lrt_Reg mathlib[] = {
  {"abs", math_abs}, {"ceil", math_ceil}, {"floor", math_floor}, {"sqrt", math_sqrt},
  {"sin", math_sin}, {"cos", math_cos}, {"tan", math_tan}, {"asin", math_asin}, {"acos", math_acos},
  {"atan", math_atan}, {"exp", math_exp}, {"log", math_log}, {"fmod", math_fmod}, {"modf", math_modf},
  {"tointeger", math_tointeger}, {"type", math_type}, {"ult", math_ult}, {"max", math_max},
  {"min", math_min}, {"random", math_random}, {"randomseed", math_randomseed}, {NULL, NULL}
};

void lrt_open_math(LState *L) {
  LTable *t = lrtH_new(L, 0, 32);
  lrt_register(L, t, mathlib);
  TValue v;
  setflt(&v, 3.141592653589793238462643383279502884);
  lrtH_setstr(L, t, lrtS_newz(L, "pi"), &v);
  setflt(&v, HUGE_VAL);
  lrtH_setstr(L, t, lrtS_newz(L, "huge"), &v);
  setint(&v, INT64_MAX);
  lrtH_setstr(L, t, lrtS_newz(L, "maxinteger"), &v);
  setint(&v, INT64_MIN);
  lrtH_setstr(L, t, lrtS_newz(L, "mininteger"), &v);
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "math"), &v);
  setseed((uint64_t)time(NULL), (uint64_t)(size_t)L);
  static const char *const inlined[] = {"sqrt", "abs", "floor"};
  for (int i = 0; i <= LRT_B_FLOOR; i++) { /* pinned: the address must never be reused */
    const TValue *f = lrtH_getstr(t, lrtS_newz(L, inlined[i]));
    lrt_builtin[i] = f->u.f;
    lrt_pin(L, f);
  }
}

LClosure *lrt_builtin[LRT_NBUILTIN];
