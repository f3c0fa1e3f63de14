/*
** base.c — the basic library (manual §6.1).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

LIBFN(luaB_print) {
  lrt_reserve(L, base + nargs);
  for (int i = 0; i < nargs; i++) {
    TValue s;
    lrt_tostringmeta(L, &s, &base[i]);
    if (i > 0) fputc('\t', stdout);
    fwrite(s.u.s->data, 1, s.u.s->len, stdout);
  }
  fputc('\n', stdout);
  return 0;
}

LIBFN(luaB_type) {
  lrt_checkany(L, nargs, 1, "type");
  setstr(&base[0], lrtS_newz(L, lrtO_typename((int)base[0].tt)));
  return 1;
}

LIBFN(luaB_tostring) {
  lrt_checkany(L, nargs, 1, "tostring");
  lrt_reserve(L, base + nargs);
  TValue r;
  lrt_tostringmeta(L, &r, &base[0]);
  base[0] = r;
  return 1;
}

static int digitval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

LIBFN(luaB_tonumber) {
  if (nargs < 2 || ttisnil(&base[1])) {
    lrt_checkany(L, nargs, 1, "tonumber");
    TValue r;
    if (lrtO_tonumber(&base[0], &r)) base[0] = r;
    else setnil(&base[0]);
    return 1;
  }
  int64_t b = lrt_checkinteger(L, base, nargs, 2, "tonumber");
  if (base[0].tt != LT_STR) lrt_typeargerror(L, 1, "tonumber", "string", &base[0]);
  if (!(2 <= b && b <= 36)) lrt_argerror(L, 2, "tonumber", "base out of range");
  const char *s = base[0].u.s->data;
  const char *e = s + base[0].u.s->len;
  while (s < e && strchr(" \f\n\r\t\v", *s)) s++;
  int neg = 0;
  if (s < e && *s == '-') {
    s++;
    neg = 1;
  } else if (s < e && *s == '+') s++;
  uint64_t n = 0;
  int any = 0;
  while (s < e && digitval((unsigned char)*s) < b) {
    n = n * (uint64_t)b + (uint64_t)digitval((unsigned char)*s);
    s++;
    any = 1;
  }
  while (s < e && strchr(" \f\n\r\t\v", *s)) s++;
  if (!any || s != e) setnil(&base[0]);
  else setint(&base[0], (int64_t)(neg ? 0u - n : n));
  return 1;
}

LIBFN(luaB_next) {
  LTable *t = lrt_checktable(L, base, nargs, 1, "next");
  if (nargs < 2) setnil(&base[1]);
  if (lrtH_next(L, t, &base[1], &base[2])) {
    base[0] = base[1];
    base[1] = base[2];
    return 2;
  }
  setnil(&base[0]);
  return 1;
}

static LClosure *nextfn;
static LClosure *ipairsauxfn;

/* A generic `for`'s step of next (codegen's fast path, rt/include/flua.h). */
int32_t lrt_next(LState *L, LTable *t, TValue *kv, uint64_t *at) {
  if (lrtH_nextat(L, t, &kv[1], &kv[2], at)) {
    kv[0] = kv[1];
    kv[1] = kv[2];
    return 2;
  }
  setnil(&kv[0]);
  return 1;
}

LIBFN(luaB_pairs) {
  lrt_checkany(L, nargs, 1, "pairs");
  const TValue *tm = lrt_gettmbyobj(L, &base[0], TM_PAIRS);
  if (tm) {
    TValue f = *tm;
    TValue *top = lrt_reserve(L, base + nargs);
    top[0] = base[0];
    int n = lrt_callvalue(L, &f, top, 1);
    for (int i = 0; i < 3; i++) {
      if (i < n) base[i] = top[i];
      else setnil(&base[i]);
    }
    return 3;
  }
  TValue t = base[0];
  setfunc(&base[0], nextfn);
  base[1] = t;
  setnil(&base[2]);
  return 3;
}

LIBFN(luaB_ipairsaux) {
  int64_t i = (base[1].tt == LT_INT ? base[1].u.i : lrt_checkinteger(L, base, nargs, 2, "?")) + 1; /* (unnamed, as in lua5.4) */
  TValue v;
  if (base[0].tt == LT_TABLE && base[0].u.t->meta == NULL) v = *lrtH_getint(base[0].u.t, i);
  else {
    if (base[0].tt != LT_TABLE && lrt_gettmbyobj(L, &base[0], TM_INDEX) == NULL) {
      char msg[64]; /* raised inside the iterator: no position, as in lua5.4 */
      snprintf(msg, sizeof msg, "attempt to index a %s value", lrtO_objtypename(L, &base[0]));
      lrt_errornopos(L, msg);
    }
    TValue k;
    setint(&k, i);
    lrt_reserve(L, base + nargs);
    lrt_index(L, &v, &base[0], &k, NULL);
  }
  if (ttisnil(&v)) {
    setnil(&base[0]);
    return 1;
  }
  setint(&base[0], i);
  base[1] = v;
  return 2;
}

LIBFN(luaB_ipairs) {
  lrt_checkany(L, nargs, 1, "ipairs");
  base[1] = base[0];
  setfunc(&base[0], ipairsauxfn);
  setint(&base[2], 0);
  return 3;
}

LIBFN(luaB_select) {
  if (nargs >= 1 && base[0].tt == LT_STR && base[0].u.s->len == 1 && base[0].u.s->data[0] == '#') {
    setint(&base[0], nargs - 1);
    return 1;
  }
  int64_t n = lrt_checkinteger(L, base, nargs, 1, "select");
  if (n < 0) n = (nargs - 1) + n + 1;
  else if (n > nargs - 1) n = nargs;
  if (n < 1) lrt_argerror(L, 1, "select", "index out of range");
  int cnt = nargs - (int)n;
  memmove(base, base + n, (size_t)cnt * sizeof(TValue));
  return cnt;
}

LIBFN(luaB_rawequal) {
  lrt_checkany(L, nargs, 1, "rawequal");
  lrt_checkany(L, nargs, 2, "rawequal");
  setbool(&base[0], lrt_rawequal(&base[0], &base[1]));
  return 1;
}

LIBFN(luaB_rawlen) {
  const TValue *o = lrt_arg(base, nargs, 1);
  if (o->tt == LT_TABLE) setint(&base[0], lrtH_getn(o->u.t));
  else if (o->tt == LT_STR) setint(&base[0], (int64_t)o->u.s->len);
  else lrt_argerror(L, 1, "rawlen", "table or string expected");
  return 1;
}

LIBFN(luaB_rawget) {
  LTable *t = lrt_checktable(L, base, nargs, 1, "rawget");
  lrt_checkany(L, nargs, 2, "rawget");
  base[0] = *lrtH_get(t, &base[1]);
  return 1;
}

LIBFN(luaB_rawset) {
  LTable *t = lrt_checktable(L, base, nargs, 1, "rawset");
  lrt_checkany(L, nargs, 2, "rawset");
  lrt_checkany(L, nargs, 3, "rawset");
  lrtH_set(L, t, &base[1], &base[2]);
  return 1;
}

LIBFN(luaB_setmetatable) {
  LTable *t = lrt_checktable(L, base, nargs, 1, "setmetatable");
  const TValue *mt = lrt_arg(base, nargs, 2);
  if (mt->tt != LT_NIL && mt->tt != LT_TABLE) lrt_typeargerror(L, 2, "setmetatable", "nil or table", nargs >= 2 ? mt : NULL);
  if (t->meta && lrt_fasttm(L, t->meta, TM_METATABLE)) lrt_errorf(L, "cannot change a protected metatable");
  t->meta = mt->tt == LT_TABLE ? mt->u.t : NULL;
  lrt_gc_barrier(L, t);
  if (t->meta) lrt_gc_checkfin(L, &t->gc, t->meta);
  return 1;
}

LIBFN(luaB_getmetatable) {
  lrt_checkany(L, nargs, 1, "getmetatable");
  LTable *mt = lrt_getmetatable(L, &base[0]);
  if (mt == NULL) {
    setnil(&base[0]);
    return 1;
  }
  const TValue *protected = lrtH_getstr(mt, L->g->tmname[TM_METATABLE]);
  if (!ttisnil(protected)) base[0] = *protected;
  else settable(&base[0], mt);
  return 1;
}

LIBFN(luaB_error) {
  int64_t level = lrt_optinteger(L, base, nargs, 2, "error", 1);
  if (nargs == 0) setnil(&base[0]);
  if (base[0].tt == LT_STR && level > 0) {
    char where[256];
    lrt_where(L, (int)level, where, sizeof(where));
    lrt_Buffer B;
    lrt_buffinit(L, &B);
    lrt_addstring(&B, where);
    lrt_addlstring(&B, base[0].u.s->data, base[0].u.s->len);
    setstr(&base[0], lrt_buffresult(L, &B));
  }
  L->errval = base[0];
  lrt_throw(L);
}

LIBFN(luaB_assert) {
  if (nargs >= 1 && !l_isfalse(&base[0])) return nargs;
  lrt_checkany(L, nargs, 1, "assert");
  /* as error(message): strings get the caller's position */
  if (nargs >= 2) base[0] = base[1];
  else setstr(&base[0], lrtS_newz(L, "assertion failed!"));
  return luaB_error(L, self, base, 1);
}

LIBFN(luaB_pcall) {
  lrt_checkany(L, nargs, 1, "pcall");
  int n = lrt_pcall(L, base, nargs - 1);
  if (n < 0) {
    setbool(&base[0], 0);
    base[1] = L->errval;
    return 2;
  }
  setbool(&base[0], 1);
  return n + 1;
}

LIBFN(luaB_xpcall) {
  if (nargs < 2 || base[1].tt != LT_FUNC) lrt_typeargerror(L, 2, "xpcall", "function", nargs >= 2 ? &base[1] : NULL);
  TValue handler = base[1];
  base[1] = base[0];
  int n = lrt_pcall(L, base + 1, nargs - 2);
  if (n < 0) {
    TValue r;
    TValue err = L->errval;
    lrt_reserve(L, base + 2);
    lrt_call1(L, &r, &handler, &err, &lrt_nilvalue);
    setbool(&base[0], 0);
    base[1] = r;
    return 2;
  }
  setbool(&base[1], 1);
  memmove(base, base + 1, (size_t)(n + 1) * sizeof(TValue));
  return n + 1;
}

LIBFN(luaB_collectgarbage) {
  static const char *const opts[] = {"stop", "restart", "collect", "count", "step", "setpause", "setstepmul",
                                     "isrunning", "generational", "incremental", NULL};
  const char *opt = "collect";
  if (nargs >= 1 && !ttisnil(&base[0])) opt = lrt_checkstring(L, base, nargs, 1, "collectgarbage")->data;
  int o = 0;
  while (opts[o] && strcmp(opts[o], opt) != 0) o++;
  if (opts[o] == NULL) {
    char msg[128];
    snprintf(msg, sizeof(msg), "invalid option '%s'", opt);
    lrt_argerror(L, 1, "collectgarbage", msg);
  }
  switch (o) {
    case 0: L->g->gcrunning = 0; setint(&base[0], 0); break;
    case 1: L->g->gcrunning = 1; setint(&base[0], 0); break;
    case 2: lrt_gc_collect(L); lrt_gc_runfinalizers(L); setint(&base[0], 0); break;
    case 3: setflt(&base[0], (double)L->g->totalbytes / 1024.0); break;
    case 4: lrt_gc_collect(L); lrt_gc_runfinalizers(L); setbool(&base[0], 1); break;
    case 5: setint(&base[0], 200); break;
    case 6: setint(&base[0], 100); break;
    case 7: setbool(&base[0], L->g->gcrunning); break;
    case 8: case 9: {
      setstr(&base[0], lrtS_newz(L, L->g->gcgen ? "generational" : "incremental"));
      L->g->gcgen = o == 8;
      break;
    }
    default: setint(&base[0], 0); break;
  }
  return 1;
}

LIBFN(luaB_load) {
  lrt_errorf(L, "load is not available: flua compiles Lua ahead of time and has no run-time compiler");
}

LIBFN(luaB_dofile) {
  lrt_errorf(L, "dofile is not available: flua compiles Lua ahead of time and has no run-time compiler");
}

LIBFN(luaB_loadfile) {
  lrt_errorf(L, "loadfile is not available: flua compiles Lua ahead of time and has no run-time compiler");
}

static const lrt_Reg base_funcs[] = {
  {"assert", luaB_assert}, {"collectgarbage", luaB_collectgarbage}, {"dofile", luaB_dofile},
  {"error", luaB_error}, {"getmetatable", luaB_getmetatable}, {"ipairs", luaB_ipairs},
  {"loadfile", luaB_loadfile}, {"load", luaB_load}, {"next", luaB_next}, {"pairs", luaB_pairs},
  {"pcall", luaB_pcall}, {"print", luaB_print}, {"rawequal", luaB_rawequal}, {"rawlen", luaB_rawlen},
  {"rawget", luaB_rawget}, {"rawset", luaB_rawset}, {"select", luaB_select},
  {"setmetatable", luaB_setmetatable}, {"tonumber", luaB_tonumber}, {"tostring", luaB_tostring},
  {"type", luaB_type}, {"xpcall", luaB_xpcall}, {NULL, NULL}
};

/* ----------------------------------------------------------------------- registration */

LClosure *lrt_newcfunction(LState *L, lrt_Fn fn, const char *name) {
  FuncInfo *fi = (FuncInfo *)malloc(sizeof(FuncInfo));
  if (fi == NULL) lrt_errorf(L, "not enough memory");
  fi->name = name;
  fi->source = "[C]";
  fi->linedefined = -1;
  fi->what = 2;
  fi->lastlinedefined = -1;
  fi->nparams = 0;
  fi->isvararg = 1;
  return lrtF_new(L, fn, fi, 0);
}

void lrt_register(LState *L, LTable *t, const lrt_Reg *regs) {
  for (; regs->name; regs++) {
    TValue f;
    setfunc(&f, lrt_newcfunction(L, regs->fn, regs->name));
    lrtH_setstr(L, t, lrtS_newz(L, regs->name), &f);
  }
}

void lrt_open_base(LState *L) {
  lrt_register(L, L->globals, base_funcs);
  TValue v;
  settable(&v, L->globals);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "_G"), &v);
  setstr(&v, lrtS_newz(L, "Lua 5.4"));
  lrtH_setstr(L, L->globals, lrtS_newz(L, "_VERSION"), &v);
  nextfn = lrtH_getstr(L->globals, lrtS_newz(L, "next"))->u.f;
  ipairsauxfn = lrt_newcfunction(L, luaB_ipairsaux, "ipairs_aux");
  setfunc(&v, nextfn);
  lrt_pin(L, &v);
  setfunc(&v, ipairsauxfn);
  lrt_pin(L, &v);
  lrt_builtin[LRT_B_NEXT] = nextfn;
  lrt_builtin[LRT_B_IPAIRSAUX] = ipairsauxfn;
  /* codegen inlines setmetatable(t, mt) while the global is this closure */
  const TValue *smt = lrtH_getstr(L->globals, lrtS_newz(L, "setmetatable"));
  lrt_builtin[LRT_B_SETMETATABLE] = smt->u.f;
  lrt_pin(L, smt);
}

void lrt_openlibs(LState *L) {
  lrt_open_base(L);
  lrt_open_string(L);
  lrt_open_table(L);
  lrt_open_math(L);
  lrt_open_io(L);
  lrt_open_os(L);
  lrt_open_utf8(L);
  lrt_open_debug(L);
  lrt_open_coroutine(L);
  lrt_open_package(L); /* last: package.loaded lists the libraries */
}
