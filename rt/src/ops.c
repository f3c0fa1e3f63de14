/*
** ops.c — the slow paths of Lua operations: arithmetic with coercions and metamethods,
** comparison, concatenation, length, indexing chains, calls of non-functions, and the
** numeric `for` preparation. Generated code handles the common cases inline.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

/* ======================================================================= metatables */

LTable *lrt_getmetatable(LState *L, const TValue *o) {
  switch (o->tt) {
    case LT_TABLE: return o->u.t->meta;
    case LT_STR: return L->g->strmeta;
    case LT_USERDATA: return ((LUserdata *)o->u.p)->meta;
    default: return NULL;
  }
}

/* The metamethod for `event` of table `t`'s metatable, or NULL; caches absence (the cache
** is cleared whenever a key of mt comes into existence or back to life). */
const TValue *lrt_fasttm(LState *L, LTable *mt, TMS event) {
  if (mt == NULL || (mt->flags & (1u << event))) return NULL;
  const TValue *tm = lrtH_getstr(mt, L->g->tmname[event]);
  if (ttisnil(tm)) {
    mt->flags |= 1u << event;
    return NULL;
  }
  return tm;
}

const TValue *lrt_gettmbyobj(LState *L, const TValue *o, TMS event) {
  return lrt_fasttm(L, lrt_getmetatable(L, o), event);
}

/* ======================================================================= calls */

int lrt_call(LState *L, const TValue *f, TValue *base, int32_t nargs, const char *d) {
  TValue fn = *f;
  for (int loops = 0; fn.tt != LT_FUNC; loops++) {
    const TValue *tm = lrt_gettmbyobj(L, &fn, TM_CALL);
    if (tm == NULL || loops > 100) lrt_typeerror(L, &fn, "call", loops == 0 ? d : NULL);
    lrt_checkstack(L, base + nargs + 1);
    memmove(base + 1, base, (size_t)nargs * sizeof(TValue));
    base[0] = fn;
    nargs++;
    fn = *tm;
  }
  return fn.u.f->fn(L, fn.u.f, base, nargs);
}

int lrt_callvalue(LState *L, const TValue *f, TValue *base, int nargs) {
  if (l_likely(f->tt == LT_FUNC)) return f->u.f->fn(L, f->u.f, base, nargs);
  return lrt_call(L, f, base, nargs, NULL);
}

/* Calls f(a, b) above the current frame's working area, storing the first result. */
void lrt_call1(LState *L, TValue *res, const TValue *f, const TValue *a, const TValue *b) {
  TValue *top = lrt_scratch(L);
  TValue fn = *f;
  top[0] = *a;
  top[1] = *b;
  int n = lrt_callvalue(L, &fn, top, 2);
  if (n > 0) *res = top[0];
  else setnil(res);
}

/* ======================================================================= arithmetic */

static int64_t shiftl(int64_t x, int64_t y) {
  if (y < 0) {
    if (y <= -64) return 0;
    return (int64_t)((uint64_t)x >> (uint64_t)(-y));
  }
  if (y >= 64) return 0;
  return (int64_t)((uint64_t)x << (uint64_t)y);
}

static double numarith(int op, double a, double b) {
  switch (op) {
    case LRT_OPADD: return a + b;
    case LRT_OPSUB: return a - b;
    case LRT_OPMUL: return a * b;
    case LRT_OPDIV: return a / b;
    case LRT_OPPOW: return b == 2 ? a * a : pow(a, b);
    case LRT_OPIDIV: return floor(a / b);
    case LRT_OPUNM: return -a;
    case LRT_OPMOD: {
      double m = fmod(a, b);
      if ((m > 0) ? b < 0 : (m < 0 && b > 0)) m += b; /* m and b of opposite signs */
      return m;
    }
    default: return 0;
  }
}

static int64_t intarith(LState *L, int op, int64_t a, int64_t b) {
  uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
  switch (op) {
    case LRT_OPADD: return (int64_t)(ua + ub);
    case LRT_OPSUB: return (int64_t)(ua - ub);
    case LRT_OPMUL: return (int64_t)(ua * ub);
    case LRT_OPUNM: return (int64_t)(0u - ua);
    case LRT_OPBAND: return (int64_t)(ua & ub);
    case LRT_OPBOR: return (int64_t)(ua | ub);
    case LRT_OPBXOR: return (int64_t)(ua ^ ub);
    case LRT_OPBNOT: return (int64_t)(~ua);
    case LRT_OPSHL: return shiftl(a, b);
    case LRT_OPSHR: return shiftl(a, (int64_t)(0u - ub));
    case LRT_OPIDIV: {
      if (b == 0) lrt_errorf(L, "attempt to divide by zero");
      if (b == -1) return (int64_t)(0u - ua);
      int64_t q = a / b;
      if ((a ^ b) < 0 && a % b != 0) q -= 1;
      return q;
    }
    case LRT_OPMOD: {
      if (b == 0) lrt_errorf(L, "attempt to perform 'n%%0'");
      if (b == -1) return 0;
      int64_t m = a % b;
      if (m != 0 && (m ^ b) < 0) m += b;
      return m;
    }
    default: return 0;
  }
}

static const TMS optm[] = {
  TM_ADD, TM_SUB, TM_MUL, TM_MOD, TM_POW, TM_DIV, TM_IDIV,
  TM_BAND, TM_BOR, TM_BXOR, TM_SHL, TM_SHR, TM_UNM, TM_BNOT
};

static const char *const opnames[] = {
  "add", "sub", "mul", "mod", "pow", "div", "idiv", "band", "bor", "bxor", "shl", "shr", "unm", "bnot"
};

static int isbitwise(int op) {
  return op >= LRT_OPBAND && op <= LRT_OPSHR ? 1 : op == LRT_OPBNOT;
}

/* An integer for a bitwise operation: integers, and floats with an exact integer value. */
static int tointbit(const TValue *o, int64_t *r) {
  if (o->tt == LT_INT) {
    *r = o->u.i;
    return 1;
  }
  if (o->tt == LT_FLT) return lrtO_flttoint(o->u.n, r);
  return 0;
}

static int callbinTM(LState *L, TValue *res, const TValue *a, const TValue *b, TMS event) {
  const TValue *tm = lrt_gettmbyobj(L, a, event);
  if (tm == NULL) tm = lrt_gettmbyobj(L, b, event);
  if (tm == NULL) return 0;
  lrt_call1(L, res, tm, a, b);
  return 1;
}

/* A non-bitwise operator on two numbers: integer arithmetic when both are integers and
** the operator has an integer form, else float. */
static void arithnum(LState *L, int op, TValue *res, const TValue *x, const TValue *y) {
  if (x->tt == LT_INT && y->tt == LT_INT && op != LRT_OPDIV && op != LRT_OPPOW) {
    setint(res, intarith(L, op, x->u.i, y->u.i));
  } else {
    double fx = x->tt == LT_INT ? (double)x->u.i : x->u.n;
    double fy = y->tt == LT_INT ? (double)y->u.i : y->u.n;
    setflt(res, numarith(op, fx, fy));
  }
}

void lrt_arith(LState *L, int32_t op, TValue *res, const TValue *a, const TValue *b, const char *da, const char *db) {
  if (isbitwise(op)) {
    int64_t x, y;
    if (tointbit(a, &x) && tointbit(b, &y)) {
      setint(res, intarith(L, op, x, y));
      return;
    }
    if (callbinTM(L, res, a, b, optm[op])) return;
    if (ttisnumber(a) && ttisnumber(b)) {
      const char *d = tointbit(a, &x) ? db : da;
      if (d) lrt_errorf(L, "number (%s) has no integer representation", d);
      lrt_errorf(L, "number has no integer representation");
    }
    if (!ttisnumber(a)) lrt_typeerror(L, a, "perform bitwise operation on", da);
    lrt_typeerror(L, b, "perform bitwise operation on", db);
  }
  TValue x, y;
  if (lrtO_tonumber(a, &x) && lrtO_tonumber(b, &y)) {
    arithnum(L, op, res, &x, &y);
    return;
  }
  /* Strings take part through the string metatable's arithmetic metamethods (5.4). */
  if (a->tt == LT_STR || b->tt == LT_STR) {
    const TValue *other = a->tt == LT_STR ? b : a;
    if (a->tt != LT_STR) {
      const TValue *tm = lrt_gettmbyobj(L, a, optm[op]);
      if (tm) {
        lrt_call1(L, res, tm, a, b);
        return;
      }
    } else if (b->tt != LT_STR) {
      const TValue *tm = lrt_gettmbyobj(L, b, optm[op]);
      if (tm) {
        lrt_call1(L, res, tm, a, b);
        return;
      }
    }
    (void)other;
    lrt_errorf(L, "attempt to %s a '%s' with a '%s'", opnames[op], lrtO_typename((int)a->tt), lrtO_typename((int)b->tt));
  }
  if (callbinTM(L, res, a, b, optm[op])) return;
  if (!ttisnumber(a)) lrt_typeerror(L, a, "perform arithmetic on", da);
  lrt_typeerror(L, b, "perform arithmetic on", db);
}

/* ======================================================================= comparison */

int lrt_rawequal(const TValue *a, const TValue *b) {
  if (a->tt != b->tt) {
    if (a->tt == LT_INT && b->tt == LT_FLT) return (double)a->u.i == b->u.n && lrtO_flttoint(b->u.n, &(int64_t){0}) && (int64_t)b->u.n == a->u.i;
    if (a->tt == LT_FLT && b->tt == LT_INT) return lrt_rawequal(b, a);
    return 0;
  }
  switch (a->tt) {
    case LT_FLT: return a->u.n == b->u.n;
    case LT_STR: return a->u.s == b->u.s || (!a->u.s->isshort && lrtS_eqlong(a->u.s, b->u.s));
    default: return a->u.i == b->u.i;
  }
}

int32_t lrt_equal(LState *L, const TValue *a, const TValue *b) {
  if (lrt_rawequal(a, b)) return 1;
  if (a->tt != b->tt || (a->tt != LT_TABLE && a->tt != LT_USERDATA)) return 0;
  const TValue *tm = lrt_gettmbyobj(L, a, TM_EQ);
  if (tm == NULL) tm = lrt_gettmbyobj(L, b, TM_EQ);
  if (tm == NULL) return 0;
  TValue r;
  lrt_call1(L, &r, tm, a, b);
  return !l_isfalse(&r);
}

/* i < f, exactly, for an integer i and a float f */
static int LTintfloat(int64_t i, double f) {
  if (-(1LL << 53) <= i && i <= (1LL << 53)) return (double)i < f;
  if (isnan(f)) return 0;
  if (f >= 9223372036854775808.0) return 1;
  if (f < -9223372036854775808.0) return 0;
  double c = ceil(f);
  return i < (int64_t)c;
}

static int LEintfloat(int64_t i, double f) {
  if (-(1LL << 53) <= i && i <= (1LL << 53)) return (double)i <= f;
  if (isnan(f)) return 0;
  if (f >= 9223372036854775808.0) return 1;
  if (f < -9223372036854775808.0) return 0;
  return i <= (int64_t)floor(f);
}

static int LTfloatint(double f, int64_t i) {
  if (-(1LL << 53) <= i && i <= (1LL << 53)) return f < (double)i;
  if (isnan(f)) return 0;
  if (f >= 9223372036854775808.0) return 0;
  if (f < -9223372036854775808.0) return 1;
  return (int64_t)floor(f) < i;
}

static int LEfloatint(double f, int64_t i) {
  if (-(1LL << 53) <= i && i <= (1LL << 53)) return f <= (double)i;
  if (isnan(f)) return 0;
  if (f >= 9223372036854775808.0) return 0;
  if (f < -9223372036854775808.0) return 1;
  return (int64_t)ceil(f) <= i;
}

static int l_strcmp(const LString *a, const LString *b) {
  size_t la = a->len, lb = b->len;
  int r = memcmp(a->data, b->data, la < lb ? la : lb);
  if (r != 0) return r;
  return la < lb ? -1 : (la > lb ? 1 : 0);
}

/* `inlib`: the comparison of a library function (table.sort), whose errors carry no
** position in lua5.4. */
static l_noret ordererror(LState *L, const TValue *a, const TValue *b, int inlib) {
  const char *t1 = lrtO_objtypename(L, a), *t2 = lrtO_objtypename(L, b);
  char msg[128];
  if (strcmp(t1, t2) == 0) snprintf(msg, sizeof msg, "attempt to compare two %s values", t1);
  else snprintf(msg, sizeof msg, "attempt to compare %s with %s", t1, t2);
  if (inlib) lrt_errornopos(L, msg);
  lrt_errorf(L, "%s", msg);
}

static int compare(LState *L, const TValue *a, const TValue *b, int le, int inlib) {
  if (ttisnumber(a) && ttisnumber(b)) {
    if (a->tt == LT_INT) {
      if (b->tt == LT_INT) return le ? a->u.i <= b->u.i : a->u.i < b->u.i;
      return le ? LEintfloat(a->u.i, b->u.n) : LTintfloat(a->u.i, b->u.n);
    }
    if (b->tt == LT_FLT) return le ? a->u.n <= b->u.n : a->u.n < b->u.n;
    return le ? LEfloatint(a->u.n, b->u.i) : LTfloatint(a->u.n, b->u.i);
  }
  if (a->tt == LT_STR && b->tt == LT_STR) {
    int c = l_strcmp(a->u.s, b->u.s);
    return le ? c <= 0 : c < 0;
  }
  TValue r;
  if (callbinTM(L, &r, a, b, le ? TM_LE : TM_LT)) return !l_isfalse(&r);
  ordererror(L, a, b, inlib);
}

int32_t lrt_less(LState *L, const TValue *a, const TValue *b) {
  return compare(L, a, b, 0, 0);
}

int32_t lrt_lesseq(LState *L, const TValue *a, const TValue *b) {
  return compare(L, a, b, 1, 0);
}

int32_t lrt_less_inlib(LState *L, const TValue *a, const TValue *b) {
  return compare(L, a, b, 0, 1);
}

/* ======================================================================= strings, length */

void lrt_tolstring_append(LState *L, lrt_Buffer *B, const TValue *o) {
  TValue s;
  lrt_tostringmeta(L, &s, o);
  lrt_addlstring(B, s.u.s->data, s.u.s->len);
}

void lrt_tostringmeta(LState *L, TValue *res, const TValue *o) {
  const TValue *tm = lrt_gettmbyobj(L, o, TM_TOSTRING);
  if (tm) {
    lrt_call1(L, res, tm, o, &lrt_nilvalue);
    if (res->tt != LT_STR) {
      if (ttisnumber(res)) setstr(res, lrtO_tostring(L, res));
      else lrt_errorf(L, "'__tostring' must return a string");
    }
    return;
  }
  char buf[128];
  switch (o->tt) {
    case LT_NIL: setstr(res, lrtS_newz(L, "nil")); return;
    case LT_FALSE: setstr(res, lrtS_newz(L, "false")); return;
    case LT_TRUE: setstr(res, lrtS_newz(L, "true")); return;
    case LT_INT: case LT_FLT: setstr(res, lrtO_tostring(L, o)); return;
    case LT_STR: *res = *o; return;
    case LT_FUNC: snprintf(buf, sizeof(buf), "function: %p", o->u.p); break;
    default:
      snprintf(buf, sizeof(buf), "%s: %p", lrtO_objtypename(L, o), o->u.p);
      break;
  }
  setstr(res, lrtS_newz(L, buf));
}

/* The bytes of a string or number operand of `..`; numbers are formatted into buf. */
static int concat_operand(const TValue *o, char *buf, const char **s, size_t *len) {
  if (o->tt == LT_STR) {
    *s = o->u.s->data;
    *len = o->u.s->len;
    return 1;
  }
  if (ttisnumber(o)) {
    *len = (size_t)lrtO_tostringbuf(o, buf);
    *s = buf;
    return 1;
  }
  return 0;
}

void lrt_concat(LState *L, TValue *res, const TValue *a, const TValue *b, const char *da, const char *db) {
  char na[64], nb[64];
  const char *sa, *sb;
  size_t la, lb;
  if (concat_operand(a, na, &sa, &la) && concat_operand(b, nb, &sb, &lb)) {
    if (lb == 0 && a->tt == LT_STR) {
      *res = *a;
      return;
    }
    if (la == 0 && b->tt == LT_STR) {
      *res = *b;
      return;
    }
    /* numbers are formatted in place: no intermediate string is made for them */
    if (la + lb <= LRT_MAXSHORTLEN) {
      char small[LRT_MAXSHORTLEN];
      memcpy(small, sa, la);
      memcpy(small + la, sb, lb);
      setstr(res, lrtS_new(L, small, la + lb));
      return;
    }
    if (la + lb < la) lrt_errorf(L, "string length overflow");
    LString *r = lrtS_newlong(L, la + lb); /* a and b stay alive in the caller's frame */
    memcpy(r->data, sa, la);
    memcpy(r->data + la, sb, lb);
    setstr(res, r);
    return;
  }
  if (callbinTM(L, res, a, b, TM_CONCAT)) return;
  if (a->tt == LT_STR || ttisnumber(a)) lrt_typeerror(L, b, "concatenate", db);
  lrt_typeerror(L, a, "concatenate", da);
}

static int isstrnum(const TValue *o) {
  return o->tt == LT_STR || ttisnumber(o);
}

/* `a .. b .. c ...`, three operands or more in vals[0..n), as lvm.c's luaV_concat does
** it: from the right, each longest run of strings and numbers becomes one string in one
** allocation (numbers formatted straight into it), and a pair that is not a run goes
** through lrt_concat (__concat or the error). A result takes the place of its leftmost
** operand and, as in lua5.4, its description (descs[i]) for errors. The result is left in
** vals[0]; vals stays visible to the collector. */
void lrt_concatn(LState *L, TValue *vals, int32_t n, const char *const *descs) {
  int32_t top = n;
  while (top > 1) {
    TValue *a = &vals[top - 2], *b = &vals[top - 1];
    if (!isstrnum(a) || !isstrnum(b)) {
      TValue r;
      lrt_concat(L, &r, a, b, descs[top - 2], descs[top - 1]);
      *a = r;
      top--;
      continue;
    }
    int32_t lo = top - 2;
    while (lo > 0 && isstrnum(&vals[lo - 1])) lo--;
    char num[64];
    const char *s = "";
    size_t len = 0, total = 0;
    for (int32_t i = lo; i < top; i++) {
      concat_operand(&vals[i], num, &s, &len);
      if (total + len < total) lrt_errorf(L, "string length overflow");
      total += len;
    }
    LString *r;
    if (total <= LRT_MAXSHORTLEN) {
      char small[LRT_MAXSHORTLEN];
      size_t at = 0;
      for (int32_t i = lo; i < top; i++) {
        concat_operand(&vals[i], num, &s, &len);
        memcpy(small + at, s, len);
        at += len;
      }
      r = lrtS_new(L, small, total);
    } else {
      r = lrtS_newlong(L, total); /* the operands stay alive in vals */
      size_t at = 0;
      for (int32_t i = lo; i < top; i++) {
        concat_operand(&vals[i], num, &s, &len);
        memcpy(r->data + at, s, len);
        at += len;
      }
    }
    setstr(&vals[lo], r);
    top = lo + 1;
  }
}

void lrt_len(LState *L, TValue *res, const TValue *a, const char *d) {
  if (a->tt == LT_STR) {
    setint(res, (int64_t)a->u.s->len);
    return;
  }
  const TValue *tm = lrt_gettmbyobj(L, a, TM_LEN);
  if (tm) {
    lrt_call1(L, res, tm, a, a);
    return;
  }
  if (a->tt == LT_TABLE) {
    setint(res, lrtH_getn(a->u.t));
    return;
  }
  lrt_typeerror(L, a, "get length of", d);
}

/* ======================================================================= indexing */

#define MAXTAGLOOP 2000

void lrt_index(LState *L, TValue *res, const TValue *o, const TValue *k, const char *d) {
  TValue t = *o, key = *k;
  for (int loop = 0; loop < MAXTAGLOOP; loop++) {
    const TValue *tm;
    if (t.tt == LT_TABLE) {
      const TValue *v = lrtH_get(t.u.t, &key);
      if (!ttisnil(v)) {
        *res = *v;
        return;
      }
      tm = lrt_fasttm(L, t.u.t->meta, TM_INDEX);
      if (tm == NULL) {
        setnil(res);
        return;
      }
    } else {
      tm = lrt_gettmbyobj(L, &t, TM_INDEX);
      if (tm == NULL) lrt_typeerror(L, &t, "index", loop == 0 ? d : NULL);
    }
    if (tm->tt == LT_FUNC) {
      lrt_call1(L, res, tm, &t, &key);
      return;
    }
    t = *tm;
  }
  lrt_errorf(L, "'__index' chain too long; possible loop");
}

/* The slot the site's cache remembers when it still holds string key k in t's hash part,
** else -1 (code that is not in a loop calls the runtime for every field access, cache
** included). */
static int64_t cachehit(const LTable *t, const LString *k, const uint64_t *ic) {
  uint64_t i = *ic;
  return i < t->hsize && t->node[i].key.tt == LT_STR && t->node[i].key.u.s == k ? (int64_t)i : -1;
}

/* The slot of k in t's hash part: the cached one, else found by hashing. */
static int64_t cachedslot(const LTable *t, const LString *k, const uint64_t *ic) {
  int64_t i = cachehit(t, k, ic);
  return i >= 0 ? i : lrtH_findstr(t, k);
}

/* o[k] for a constant string k; `ic` is the access site's inline cache: the hash slot
** where k was last found, which generated code probes before calling here. */
void lrt_index_str(LState *L, TValue *res, const TValue *o, LString *k, const char *d, uint64_t *ic) {
  if (l_likely(o->tt == LT_TABLE)) {
    LTable *t = o->u.t;
    int64_t i = cachedslot(t, k, ic);
    if (i >= 0) {
      *ic = (uint64_t)i;
      if (!ttisnil(&t->node[i].val) || t->meta == NULL) {
        *res = t->node[i].val;
        return;
      }
    } else if (t->meta == NULL) {
      setnil(res);
      return;
    }
    /* the class pattern: a chain of __index tables, followed here with string lookups */
    for (int loop = 1; loop < MAXTAGLOOP; loop++) {
      const TValue *tm = lrt_fasttm(L, t->meta, TM_INDEX);
      if (tm == NULL) {
        setnil(res);
        return;
      }
      if (tm->tt != LT_TABLE) {
        TValue self, key;
        settable(&self, t);
        setstr(&key, k);
        if (tm->tt == LT_FUNC) lrt_call1(L, res, tm, &self, &key);
        else lrt_index(L, res, tm, &key, NULL);
        return;
      }
      t = tm->u.t;
      const TValue *v = lrtH_getstr(t, k);
      if (!ttisnil(v) || t->meta == NULL) {
        *res = *v;
        return;
      }
    }
    lrt_errorf(L, "'__index' chain too long; possible loop");
  }
  if (o->tt == LT_STR && L->g->strmeta) { /* s:method(): the string library, usually */
    const TValue *tm = lrt_fasttm(L, L->g->strmeta, TM_INDEX);
    if (tm && tm->tt == LT_TABLE) {
      const TValue *v = lrtH_getstr(tm->u.t, k);
      if (!ttisnil(v) || tm->u.t->meta == NULL) {
        *res = *v;
        return;
      }
    }
  }
  TValue key;
  setstr(&key, k);
  lrt_index(L, res, o, &key, d);
}

void lrt_setindex(LState *L, const TValue *o, const TValue *k, const TValue *v, const char *d) {
  TValue t = *o, key = *k, val = *v;
  for (int loop = 0; loop < MAXTAGLOOP; loop++) {
    const TValue *tm;
    if (t.tt == LT_TABLE) {
      LTable *h = t.u.t;
      if (h->meta == NULL || !ttisnil(lrtH_get(h, &key)) || (tm = lrt_fasttm(L, h->meta, TM_NEWINDEX)) == NULL) {
        lrtH_set(L, h, &key, &val);
        return;
      }
    } else {
      tm = lrt_gettmbyobj(L, &t, TM_NEWINDEX);
      if (tm == NULL) lrt_typeerror(L, &t, "index", loop == 0 ? d : NULL);
    }
    if (tm->tt == LT_FUNC) {
      TValue *top = lrt_scratch(L);
      top[0] = t;
      top[1] = key;
      top[2] = val;
      TValue f = *tm;
      lrt_callvalue(L, &f, top, 3);
      return;
    }
    t = *tm;
  }
  lrt_errorf(L, "'__newindex' chain too long; possible loop");
}

void lrt_setfield(LState *L, const TValue *o, LString *k, const TValue *v, const char *d, uint64_t *ic) {
  if (l_likely(o->tt == LT_TABLE)) {
    LTable *t = o->u.t;
    uint64_t mixed = lrtH_mix(lrtS_hashof(k));
    int64_t i = cachehit(t, k, ic);
    if (i < 0) i = lrtH_findstrh(t, k, mixed);
    if (i >= 0 && (t->meta == NULL || !ttisnil(&t->node[i].val))) {
      *ic = (uint64_t)i;
      lrtH_setslot(L, t, (uint64_t)i, v); /* an existing key: no __newindex, no rehash */
      return;
    }
    /* a new key: __newindex is the metatable's say (a constructor's `self.x = x` on a
    ** table whose class has none goes straight in) */
    if (t->meta == NULL || lrt_fasttm(L, t->meta, TM_NEWINDEX) == NULL) {
      if (i >= 0) lrtH_setslot(L, t, (uint64_t)i, v); /* a dead key comes back */
      else lrtH_newstr(L, t, k, mixed, v);
      return;
    }
  }
  TValue key;
  setstr(&key, k);
  lrt_setindex(L, o, &key, v, d);
}

/* ======================================================================= closures */

/* Generated code makes closures here: a safe point for pending finalizers, as lrt_newtable. */
LClosure *lrt_newclosure(LState *L, lrt_Fn fn, const FuncInfo *info, int32_t nupvals) {
  if (l_unlikely(L->g->ntobefnz > 0)) lrt_gc_runfinalizers(L);
  return lrtF_new(L, fn, info, nupvals);
}

LClosure *lrtF_new(LState *L, lrt_Fn fn, const FuncInfo *info, int32_t nupvals) {
  LClosure *cl = (LClosure *)lrt_alloc(L, sizeof(LClosure) + (size_t)nupvals * sizeof(UpVal *), LT_FUNC);
  cl->fn = fn;
  cl->info = info;
  cl->nupvals = (uint64_t)nupvals;
  for (int32_t i = 0; i < nupvals; i++) cl->upvals[i] = NULL;
  return cl;
}

UpVal *lrt_newupval(LState *L) {
  UpVal *uv = (UpVal *)lrt_alloc(L, sizeof(UpVal), LT_UPVAL);
  setnil(&uv->v);
  return uv;
}

/* ======================================================================= numeric for */

static l_noret forerror(LState *L, const TValue *o, const char *what) {
  lrt_errorf(L, "bad 'for' %s (number expected, got %s)", what, lrtO_objtypename(L, o));
}

/* Returns 1 if the loop must not run (lvm.c forlimit). */
static int forlimit(LState *L, int64_t init, const TValue *lim, int64_t *p, int64_t step) {
  TValue v;
  if (!lrtO_tonumber(lim, &v)) forerror(L, lim, "limit");
  if (v.tt == LT_INT) *p = v.u.i;
  else {
    double f = step < 0 ? ceil(v.u.n) : floor(v.u.n);
    if (!lrtO_flttoint(f, p)) {
      if (isnan(v.u.n)) return 1;
      if (v.u.n > 0) {
        if (step < 0) return 1;
        *p = INT64_MAX;
      } else {
        if (step > 0) return 1;
        *p = INT64_MIN;
      }
    }
  }
  return step > 0 ? init > *p : init < *p;
}

/* Prepares a numeric for: 0 skip the loop; 1 integer loop with init->u.i the first value,
** limit->u.i the iteration count minus one (unsigned) and step->u.i the step; 2 float loop
** with init, limit and step floats. */
int32_t lrt_forprep(LState *L, TValue *init, TValue *limit, TValue *step) {
  if (init->tt == LT_INT && step->tt == LT_INT) {
    int64_t i0 = init->u.i, st = step->u.i, lim;
    if (st == 0) lrt_errorf(L, "'for' step is zero");
    if (forlimit(L, i0, limit, &lim, st)) return 0;
    uint64_t count;
    if (st > 0) {
      count = (uint64_t)lim - (uint64_t)i0;
      if (st != 1) count /= (uint64_t)st;
    } else {
      count = (uint64_t)i0 - (uint64_t)lim;
      count /= (uint64_t)(-(st + 1)) + 1u;
    }
    setint(limit, (int64_t)count);
    return 1;
  }
  TValue l, s, i;
  if (!lrtO_tonumber(limit, &l)) forerror(L, limit, "limit");
  if (!lrtO_tonumber(step, &s)) forerror(L, step, "step");
  if (!lrtO_tonumber(init, &i)) forerror(L, init, "initial value");
  double fl = l.tt == LT_INT ? (double)l.u.i : l.u.n;
  double fs = s.tt == LT_INT ? (double)s.u.i : s.u.n;
  double fi = i.tt == LT_INT ? (double)i.u.i : i.u.n;
  if (fs == 0) lrt_errorf(L, "'for' step is zero");
  if (0 < fs ? fl < fi : fi < fl) return 0;
  setflt(init, fi);
  setflt(limit, fl);
  setflt(step, fs);
  return 2;
}

/* ======================================================================= to-be-closed */

/* A to-be-closed variable's value is recorded in its thread's list when declared (its
** value cannot change), so that an error unwinding the native stack can still close it. */
void lrt_tbc_push(LState *L, const TValue *v, const char *name) {
  if (!l_isfalse(v) && lrt_gettmbyobj(L, v, TM_CLOSE) == NULL) lrt_errorf(L, "variable '%s' got a non-closable value", name);
  if (L->ntbc == L->tbccap) {
    size_t n = L->tbccap ? L->tbccap * 2 : 8;
    TValue *nt = (TValue *)realloc(L->tbc, n * sizeof(TValue));
    if (nt == NULL) lrt_errorf(L, "not enough memory");
    L->tbc = nt;
    L->tbccap = n;
  }
  L->tbc[L->ntbc++] = *v;
}

static void callclose(LState *L, const TValue *v, const TValue *err) {
  if (l_isfalse(v)) return;
  const TValue *tm = lrt_gettmbyobj(L, v, TM_CLOSE);
  if (tm == NULL) return;
  TValue r;
  lrt_call1(L, &r, tm, v, err);
}

/* Normal exit from the innermost to-be-closed variable's scope. */
void lrt_tbc_pop(LState *L) {
  TValue v = L->tbc[--L->ntbc];
  callclose(L, &v, &lrt_nilvalue);
}

/* Error exit: closes every variable above level with the error; an error raised by a
** __close replaces it (lua5.4), and closing goes on. */
void lrt_tbc_closeto(LState *L, size_t level, TValue *err) {
  while (L->ntbc > level) {
    TValue v = L->tbc[--L->ntbc];
    lrt_jmp jb;
    jb.prev = L->errjmp;
    L->errjmp = &jb;
    CallInfo *ci = L->ci;
    TValue *top = L->top;
    if (setjmp(jb.b) == 0) callclose(L, &v, err);
    else {
      L->ci = ci;
      L->top = top;
      *err = L->errval;
    }
    L->errjmp = jb.prev;
  }
}

/* ======================================================================= by-value forms */

static inline TValue mkval(int64_t pay, uint64_t tag) {
  TValue v;
  v.u.i = pay;
  v.tt = tag;
  return v;
}

/* lrt_call for generated code: the callee by value, not through a spilled copy. */
int32_t lrt_callv(LState *L, int64_t fp, uint64_t ft, TValue *base, int32_t nargs, const char *d) {
  TValue f = mkval(fp, ft);
  return lrt_call(L, &f, base, nargs, d);
}

TValue lrt_lenv(LState *L, int64_t ap, uint64_t at, const char *d) {
  TValue a = mkval(ap, at), r;
  lrt_len(L, &r, &a, d);
  return r;
}

int32_t lrt_equalv(LState *L, int64_t ap, uint64_t at, int64_t bp, uint64_t bt) {
  TValue a = mkval(ap, at), b = mkval(bp, bt);
  return lrt_equal(L, &a, &b);
}

int32_t lrt_lessv(LState *L, int64_t ap, uint64_t at, int64_t bp, uint64_t bt) {
  TValue a = mkval(ap, at), b = mkval(bp, bt);
  return lrt_less(L, &a, &b);
}

int32_t lrt_lesseqv(LState *L, int64_t ap, uint64_t at, int64_t bp, uint64_t bt) {
  TValue a = mkval(ap, at), b = mkval(bp, bt);
  return lrt_lesseq(L, &a, &b);
}

TValue lrt_indexv(LState *L, int64_t op, uint64_t ot, int64_t kp, uint64_t kt, const char *d) {
  if (l_likely(ot == LT_TABLE) && (kt == LT_STR || kt == LT_INT)) {
    /* a string or integer key present, or absent with no metatable to ask */
    LTable *t = (LTable *)(uintptr_t)op;
    const TValue *v = kt == LT_STR ? lrtH_getstr(t, (LString *)(uintptr_t)kp) : lrtH_getint(t, kp);
    if (!ttisnil(v) || t->meta == NULL) return *v;
  }
  TValue o = mkval(op, ot), k = mkval(kp, kt), r;
  lrt_index(L, &r, &o, &k, d);
  return r;
}

TValue lrt_arithv(LState *L, int32_t op, int64_t ap, uint64_t at, int64_t bp, uint64_t bt, const char *da, const char *db) {
  TValue a = mkval(ap, at), b = mkval(bp, bt), r;
  /* Numbers first: generated code leaves an integer mixed with a float here when neither
  ** tag is known at compile time (see `arith` in src/codegen/expr.rs). */
  if (!isbitwise(op) && ttisnumber(&a) && ttisnumber(&b)) {
    arithnum(L, op, &r, &a, &b);
    return r;
  }
  lrt_arith(L, op, &r, &a, &b, da, db);
  return r;
}

TValue lrt_index_strv(LState *L, int64_t op, uint64_t ot, LString *k, const char *d, uint64_t *ic) {
  TValue o = mkval(op, ot), r;
  lrt_index_str(L, &r, &o, k, d, ic);
  return r;
}

/* The class pattern's lookup of o:k from table t: t, then the chain of __index tables,
** with k's hash mixed once and each table's key filter tested before its hash part is
** probed, so that a level without k (the object, a subclass) costs a bit test; the first
** metatable's "__index" is looked for at the slot `ic` remembers first. Returns the value
** found (nil when the chain ends), with *depth the number of __index steps taken to it,
** or NULL for what only lrt_index_str does: an __index that is not a table, a chain too
** long. */
static const TValue *classlookup(LState *L, LTable *t, LString *k, const uint64_t *ic, int *depth) {
  uint64_t h = lrtH_mix(lrtS_hashof(k));
  uint32_t bit = lrtH_keybit(h);
  for (int loop = 0; loop < MAXTAGLOOP; loop++) {
    if (t->keybits & bit) {
      int64_t i = lrtH_findstrh(t, k, h);
      if (i >= 0 && !ttisnil(&t->node[i].val)) {
        *depth = loop;
        return &t->node[i].val;
      }
    }
    LTable *mt = t->meta;
    const TValue *tm;
    const Node *n = loop == 0 && mt && ic[2] < mt->hsize ? &mt->node[ic[2]] : NULL;
    if (n && n->key.tt == LT_STR && n->key.u.s == L->g->tmname[TM_INDEX] && n->val.tt == LT_TABLE) tm = &n->val;
    else if ((tm = lrt_fasttm(L, mt, TM_INDEX)) == NULL) return &lrt_nilvalue;
    if (tm->tt != LT_TABLE) return NULL;
    t = tm->u.t;
  }
  return NULL;
}

/* obj:name lookups. ic[0] is the own-field slot (as lrt_index_str); ic[1..3] remember
** where the method was found the last time, for generated code to check inline: the
** metatable, the slot of its "__index" key, and the slot of `k` in that __index table.
** Methods further up a chain of classes (a subclass's object calling an inherited method)
** are looked up here at each call, a bit test for each class that lacks them. */
TValue lrt_methodv(LState *L, int64_t op, uint64_t ot, LString *k, const char *d, uint64_t *ic) {
  if (ot != LT_TABLE) return lrt_index_strv(L, op, ot, k, d, ic);
  LTable *t = (LTable *)(uintptr_t)op;
  int depth = -1;
  const TValue *v = classlookup(L, t, k, ic, &depth);
  if (v == NULL) return lrt_index_strv(L, op, ot, k, d, ic);
  if (depth == 0) {
    ic[0] = (uint64_t)((const Node *)((const char *)v - offsetof(Node, val)) - t->node);
  } else if (depth == 1) { /* remember a method found one __index table away */
    LTable *mt = t->meta, *cls;
    int64_t s2 = lrtH_findstr(mt, L->g->tmname[TM_INDEX]);
    if (s2 >= 0 && mt->node[s2].val.tt == LT_TABLE) {
      cls = mt->node[s2].val.u.t;
      ic[1] = (uint64_t)(uintptr_t)mt;
      ic[2] = (uint64_t)s2;
      ic[3] = (uint64_t)((const Node *)((const char *)v - offsetof(Node, val)) - cls->node);
    }
  }
  return *v;
}

void lrt_setindexv(LState *L, int64_t op, uint64_t ot, int64_t kp, uint64_t kt, int64_t vp, uint64_t vt, const char *d) {
  TValue o = mkval(op, ot), k = mkval(kp, kt), v = mkval(vp, vt);
  if (l_likely(ot == LT_TABLE) && ((LTable *)(uintptr_t)op)->meta == NULL) {
    /* no metatable, so no __newindex: the usual case, without lrt_setindex's copies */
    LTable *t = (LTable *)(uintptr_t)op;
    if (kt == LT_STR) lrtH_setstr(L, t, (LString *)(uintptr_t)kp, &v);
    else if (kt == LT_INT) lrtH_setint(L, t, kp, &v);
    else lrtH_set(L, t, &k, &v);
    return;
  }
  lrt_setindex(L, &o, &k, &v, d);
}

void lrt_setfieldv(LState *L, int64_t op, uint64_t ot, LString *k, int64_t vp, uint64_t vt, const char *d, uint64_t *ic) {
  TValue o = mkval(op, ot), v = mkval(vp, vt);
  lrt_setfield(L, &o, k, &v, d, ic);
}
