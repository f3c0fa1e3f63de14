/*
** debug.c — the parts of the debug library (manual §6.10) that make sense in compiled
** code: traceback, getinfo (source, lines, kind, name), getmetatable/setmetatable.
*/
#include <stdio.h>
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

LIBFN(db_traceback) {
  const TValue *msg = lrt_arg(base, nargs, 1);
  if (msg->tt != LT_STR && msg->tt != LT_NIL && !ttisnumber(msg)) return 1; /* non-string: returned as is */
  int64_t level = lrt_optinteger(L, base, nargs, 2, "debug.traceback", 1);
  CallInfo *top = L->ci - (level > 0 ? level - 1 : 0);
  if (top < L->ci_base) top = L->ci_base;
  char tb[8192];
  lrt_traceback(L, tb, sizeof(tb), top);
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  if (msg->tt != LT_NIL) {
    lrt_tolstring_append(L, &B, msg);
    lrt_addchar(&B, '\n');
  }
  lrt_addstring(&B, tb);
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

static void setsfield(LState *L, LTable *t, const char *k, const char *v) {
  TValue x;
  setstr(&x, lrtS_newz(L, v));
  lrtH_setstr(L, t, lrtS_newz(L, k), &x);
}

static void setifield(LState *L, LTable *t, const char *k, int64_t v) {
  TValue x;
  setint(&x, v);
  lrtH_setstr(L, t, lrtS_newz(L, k), &x);
}

static void setbfield(LState *L, LTable *t, const char *k, int v) {
  TValue x;
  setbool(&x, v);
  lrtH_setstr(L, t, lrtS_newz(L, k), &x);
}

static void funcfields(LState *L, LTable *t, const FuncInfo *fi) {
  char src[512];
  int isc = fi->what == 2;
  snprintf(src, sizeof(src), isc ? "=%s" : "@%s", fi->source);
  setsfield(L, t, "source", src);
  setsfield(L, t, "short_src", fi->source);
  setsfield(L, t, "what", isc ? "C" : fi->what == 1 ? "main" : "Lua");
  setifield(L, t, "linedefined", fi->linedefined);
  setifield(L, t, "lastlinedefined", fi->lastlinedefined);
  setifield(L, t, "nparams", fi->nparams);
  setbfield(L, t, "isvararg", fi->isvararg);
}

LIBFN(db_getinfo) {
  LTable *t;
  if (nargs >= 1 && base[0].tt == LT_FUNC) {
    LClosure *cl = base[0].u.f;
    t = lrtH_new(L, 0, 12);
    TValue tv;
    settable(&tv, t);
    base[1] = tv; /* keep it reachable */
    funcfields(L, t, cl->info);
    setifield(L, t, "currentline", -1);
    setifield(L, t, "nups", (int64_t)cl->nupvals);
    lrtH_setstr(L, t, lrtS_newz(L, "func"), &base[0]);
    setbfield(L, t, "istailcall", 0);
    base[0] = tv;
    return 1;
  }
  int64_t level = lrt_checkinteger(L, base, nargs, 1, "debug.getinfo");
  if (level < 0) lrt_argerror(L, 1, "debug.getinfo", "level out of range");
  t = lrtH_new(L, 0, 12);
  TValue tv;
  settable(&tv, t);
  base[0] = tv;
  if (level == 0) { /* getinfo itself */
    static const FuncInfo self_info = {"getinfo", "[C]", -1, 2, -1, 0, 1};
    funcfields(L, t, &self_info);
    setifield(L, t, "currentline", -1);
    setsfield(L, t, "name", "getinfo");
    setsfield(L, t, "namewhat", "field");
    return 1;
  }
  CallInfo *ci = L->ci - (level - 1);
  if (ci <= L->ci_base) {
    setnil(&base[0]);
    return 1;
  }
  funcfields(L, t, ci->info);
  setifield(L, t, "currentline", ci->info->what == 2 ? -1 : ci->line);
  setbfield(L, t, "istailcall", 0);
  /* the name is how the caller's call site named this function */
  const char *desc = ci - 1 > L->ci_base ? (ci - 1)->calldesc : NULL;
  const char *q = desc ? strchr(desc, '\'') : NULL;
  if (q && ci->info->what != 1) {
    char name[128], kind[32];
    snprintf(name, sizeof(name), "%s", q + 1);
    char *e = strrchr(name, '\'');
    if (e) *e = '\0';
    size_t kl = (size_t)(q - desc - 1) < sizeof(kind) - 1 ? (size_t)(q - desc - 1) : sizeof(kind) - 1;
    memcpy(kind, desc, kl);
    kind[kl] = '\0';
    setsfield(L, t, "name", name);
    setsfield(L, t, "namewhat", strcmp(kind, "constant") == 0 ? "" : kind);
  } else setsfield(L, t, "namewhat", "");
  return 1;
}

LIBFN(db_getmetatable) {
  lrt_checkany(L, nargs, 1, "debug.getmetatable");
  LTable *mt = lrt_getmetatable(L, &base[0]);
  if (mt) settable(&base[0], mt);
  else setnil(&base[0]);
  return 1;
}

LIBFN(db_setmetatable) {
  const TValue *mt = lrt_arg(base, nargs, 2);
  if (mt->tt != LT_NIL && mt->tt != LT_TABLE) lrt_typeargerror(L, 2, "debug.setmetatable", "nil or table", mt);
  LTable *m = mt->tt == LT_TABLE ? mt->u.t : NULL;
  switch (base[0].tt) {
    case LT_TABLE: base[0].u.t->meta = m; lrt_gc_barrier(L, base[0].u.t); break;
    case LT_USERDATA: ((LUserdata *)base[0].u.p)->meta = m; lrt_gc_barrier(L, base[0].u.p); break;
    case LT_STR: L->g->strmeta = m; break;
    default: lrt_errorf(L, "flua: debug.setmetatable on %s values is not supported", lrtO_typename((int)base[0].tt));
  }
  if (m) {
    m->flags = 0;
    if (base[0].tt == LT_TABLE || base[0].tt == LT_USERDATA) lrt_gc_checkfin(L, (GCObj *)base[0].u.p, m);
  }
  return 1;
}

static const lrt_Reg dblib[] = {
  {"traceback", db_traceback}, {"getinfo", db_getinfo}, {"getmetatable", db_getmetatable},
  {"setmetatable", db_setmetatable}, {NULL, NULL}
};

void lrt_open_debug(LState *L) {
  LTable *t = lrtH_new(L, 0, 8);
  TValue v;
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "debug"), &v);
  lrt_register(L, t, dblib);
}
