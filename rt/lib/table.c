/*
** table.c — the table library (manual §6.6). Plain tables take the raw fast path;
** tables with metatables go through the metamethod-aware operations.
*/
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

static int64_t auxlen(LState *L, TValue *t) {
  if (t->u.t->meta == NULL) return lrtH_getn(t->u.t);
  TValue r;
  lrt_len(L, &r, t, NULL);
  if (r.tt != LT_INT) lrt_errorf(L, "object length is not an integer");
  return r.u.i;
}

/* t[i] and t[i] = v: raw for plain tables, through metamethods otherwise. */
static void geti(LState *L, TValue *t, int64_t i, TValue *res) {
  if (t->tt == LT_TABLE && t->u.t->meta == NULL) *res = *lrtH_getint(t->u.t, i);
  else {
    TValue k;
    setint(&k, i);
    lrt_index(L, res, t, &k, NULL);
  }
}

static void seti(LState *L, TValue *t, int64_t i, const TValue *v) {
  if (t->tt == LT_TABLE && t->u.t->meta == NULL) lrtH_setint(L, t->u.t, i, v);
  else {
    TValue k;
    setint(&k, i);
    lrt_setindex(L, t, &k, v, NULL);
  }
}

LIBFN(tinsert) {
  lrt_checktable(L, base, nargs, 1, "table.insert");
  lrt_reserve(L, base + nargs);
  TValue t = base[0];
  int64_t e = auxlen(L, &t) + 1;
  int64_t pos;
  switch (nargs) {
    case 2: pos = e; break;
    case 3: {
      pos = lrt_checkinteger(L, base, nargs, 2, "table.insert");
      if ((uint64_t)pos - 1u >= (uint64_t)e) lrt_argerror(L, 2, "table.insert", "position out of bounds");
      for (int64_t i = e; i > pos; i--) {
        TValue v;
        geti(L, &t, i - 1, &v);
        seti(L, &t, i, &v);
      }
      break;
    }
    default: lrt_errorf(L, "wrong number of arguments to 'insert'");
  }
  seti(L, &t, pos, &base[nargs - 1]);
  return 0;
}

LIBFN(tremove) {
  lrt_checktable(L, base, nargs, 1, "table.remove");
  lrt_reserve(L, base + nargs);
  TValue t = base[0];
  int64_t size = auxlen(L, &t);
  int64_t pos = lrt_optinteger(L, base, nargs, 2, "table.remove", size);
  if (nargs >= 2 && pos != size && (uint64_t)pos - 1u > (uint64_t)size)
    lrt_argerror(L, 2, "table.remove", "position out of bounds");
  TValue res;
  geti(L, &t, pos, &res);
  for (; pos < size; pos++) {
    TValue v;
    geti(L, &t, pos + 1, &v);
    seti(L, &t, pos, &v);
  }
  if (pos <= size || nargs >= 2) seti(L, &t, pos, &lrt_nilvalue);
  base[0] = res;
  return 1;
}

LIBFN(tconcat) {
  lrt_checktable(L, base, nargs, 1, "table.concat");
  lrt_reserve(L, base + nargs);
  TValue t = base[0];
  LString *sep = nargs >= 2 && !ttisnil(&base[1]) ? lrt_checkstring(L, base, nargs, 2, "table.concat") : NULL;
  int64_t i = lrt_optinteger(L, base, nargs, 3, "table.concat", 1);
  int64_t last = nargs >= 4 && !ttisnil(&base[3]) ? lrt_checkinteger(L, base, nargs, 4, "table.concat") : auxlen(L, &t);
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  for (; i <= last; i++) {
    TValue v;
    geti(L, &t, i, &v);
    if (v.tt == LT_STR) lrt_addlstring(&B, v.u.s->data, v.u.s->len);
    else if (ttisnumber(&v)) {
      char buf[64];
      int n = lrtO_tostringbuf(&v, buf);
      lrt_addlstring(&B, buf, (size_t)n);
    } else {
      lrt_errorf(L, "invalid value (%s) at index %lld in table for 'concat'", lrtO_typename((int)v.tt), (long long)i);
    }
    if (i != last && sep) lrt_addlstring(&B, sep->data, sep->len);
    if (i == INT64_MAX) break;
  }
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

LIBFN(tpack) {
  LTable *t = lrtH_new(L, nargs, 1);
  for (int i = 0; i < nargs; i++) lrtH_setint(L, t, i + 1, &base[i]);
  TValue n;
  setint(&n, nargs);
  lrtH_setstr(L, t, lrtS_newz(L, "n"), &n);
  settable(&base[0], t);
  return 1;
}

LIBFN(tunpack) {
  TValue t = *lrt_arg(base, nargs, 1);
  lrt_reserve(L, base + nargs);
  int64_t i = lrt_optinteger(L, base, nargs, 2, "table.unpack", 1);
  int64_t e;
  if (nargs >= 3 && !ttisnil(&base[2])) e = lrt_checkinteger(L, base, nargs, 3, "table.unpack");
  else {
    TValue r;
    lrt_len(L, &r, &t, NULL);
    e = r.tt == LT_INT ? r.u.i : 0;
  }
  if (i > e) return 0;
  uint64_t n = (uint64_t)e - (uint64_t)i;
  if (n >= 1000000u || base + n + 1 >= L->stack_last) lrt_errorf(L, "too many results to unpack");
  for (uint64_t k = 0; k <= n; k++) {
    TValue key, v;
    setint(&key, i + (int64_t)k);
    if (t.tt == LT_TABLE && t.u.t->meta == NULL) v = *lrtH_getint(t.u.t, i + (int64_t)k);
    else lrt_index(L, &v, &t, &key, NULL);
    base[k] = v;
  }
  return (int)(n + 1);
}

/* ----------------------------------------------------------------------- sort */

static int sortless(LState *L, const TValue *cmp, const TValue *a, const TValue *b) {
  if (cmp == NULL) return lrt_less_inlib(L, a, b);
  TValue r;
  lrt_call1(L, &r, cmp, a, b);
  return !l_isfalse(&r);
}

static void auxsort(LState *L, TValue *v, int64_t lo, int64_t hi, const TValue *cmp) {
  while (lo < hi) {
    if (hi - lo < 8) { /* insertion sort */
      for (int64_t i = lo + 1; i <= hi; i++) {
        TValue x = v[i];
        int64_t j = i - 1;
        while (j >= lo && sortless(L, cmp, &x, &v[j])) {
          v[j + 1] = v[j];
          j--;
        }
        v[j + 1] = x;
      }
      return;
    }
    int64_t mid = lo + (hi - lo) / 2;
    if (sortless(L, cmp, &v[mid], &v[lo])) { TValue t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
    if (sortless(L, cmp, &v[hi], &v[mid])) {
      TValue t = v[mid]; v[mid] = v[hi]; v[hi] = t;
      if (sortless(L, cmp, &v[mid], &v[lo])) { t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
    }
    TValue pivot = v[mid];
    int64_t i = lo, j = hi;
    while (i <= j) {
      while (sortless(L, cmp, &v[i], &pivot)) {
        if (++i > hi) lrt_errorf(L, "invalid order function for sorting");
      }
      while (sortless(L, cmp, &pivot, &v[j])) {
        if (--j < lo) lrt_errorf(L, "invalid order function for sorting");
      }
      if (i <= j) {
        TValue t = v[i]; v[i] = v[j]; v[j] = t;
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      auxsort(L, v, lo, j, cmp);
      lo = i;
    } else {
      auxsort(L, v, i, hi, cmp);
      hi = j;
    }
  }
}

LIBFN(tsort) {
  lrt_checktable(L, base, nargs, 1, "table.sort");
  TValue t = base[0];
  int64_t n = auxlen(L, &t);
  const TValue *cmp = NULL;
  if (nargs >= 2 && !ttisnil(&base[1])) {
    if (base[1].tt != LT_FUNC) lrt_typeargerror(L, 2, "table.sort", "function", &base[1]);
    cmp = &base[1];
  }
  if (n < 2) return 0;
  if (n >= INT32_MAX) lrt_argerror(L, 1, "table.sort", "array too big");
  /* sort a copy on the value stack, then write back */
  TValue *v = lrt_reserve(L, base + nargs);
  lrt_checkstack(L, v + n + 64);
  for (int64_t i = 0; i < n; i++) geti(L, &t, i + 1, &v[i]);
  L->top = v + n;
  auxsort(L, v, 0, n - 1, cmp);
  for (int64_t i = 0; i < n; i++) seti(L, &t, i + 1, &v[i]);
  L->top = v;
  return 0;
}

static void checktab(LState *L, TValue *base, int nargs, int i, const char *fname) {
  const TValue *o = lrt_arg(base, nargs, i);
  if (o->tt == LT_TABLE) return;
  if (lrt_gettmbyobj(L, o, TM_INDEX) && lrt_gettmbyobj(L, o, TM_NEWINDEX)) return;
  lrt_typeargerror(L, i, fname, "table", nargs >= i ? o : NULL);
}

LIBFN(tmove) {
  checktab(L, base, nargs, 1, "table.move");
  int64_t f = lrt_checkinteger(L, base, nargs, 2, "table.move");
  int64_t e = lrt_checkinteger(L, base, nargs, 3, "table.move");
  int64_t t = lrt_checkinteger(L, base, nargs, 4, "table.move");
  int tt = nargs >= 5 && !ttisnil(&base[4]) ? 5 : 1;
  if (tt == 5) checktab(L, base, nargs, 5, "table.move");
  lrt_reserve(L, base + nargs);
  TValue a1 = base[0], a2 = base[tt - 1];
  if (e >= f) {
    if (!(f > 0 || e < INT64_MAX + f)) lrt_argerror(L, 3, "table.move", "too many elements to move");
    int64_t n = e - f + 1;
    if (!(t <= INT64_MAX - n + 1)) lrt_argerror(L, 4, "table.move", "destination wrap around");
    int same = a1.tt == a2.tt && a1.u.p == a2.u.p;
    if (t > e || t <= f || !same) {
      for (int64_t i = 0; i < n; i++) {
        TValue v;
        geti(L, &a1, f + i, &v);
        seti(L, &a2, t + i, &v);
      }
    } else {
      for (int64_t i = n - 1; i >= 0; i--) {
        TValue v;
        geti(L, &a1, f + i, &v);
        seti(L, &a2, t + i, &v);
      }
    }
  }
  base[0] = a2;
  return 1;
}

static const lrt_Reg tablib[] = {
  {"concat", tconcat}, {"insert", tinsert}, {"move", tmove}, {"pack", tpack}, {"unpack", tunpack},
  {"remove", tremove}, {"sort", tsort}, {NULL, NULL}
};

void lrt_open_table(LState *L) {
  LTable *t = lrtH_new(L, 0, 8);
  lrt_register(L, t, tablib);
  TValue v;
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "table"), &v);
  /* codegen appends inline while table.insert is this closure (pinned: never reused) */
  const TValue *ins = lrtH_getstr(t, lrtS_newz(L, "insert"));
  lrt_builtin[LRT_B_TINSERT] = ins->u.f;
  lrt_pin(L, ins);
}
