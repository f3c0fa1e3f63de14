/*
** error.c — raising errors (longjmp to the nearest protected call), positions,
** protected calls and tracebacks.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

l_noret lrt_throw(LState *L) {
  L->errci = L->ci;
  if (L->errjmp == NULL) {
    fputs("flua: error outside any protected call\n", stderr);
    exit(1);
  }
  longjmp(L->errjmp->b, 1);
}

/* "source:line:" of the Lua function `level` frames up (1 = the innermost), or "". */
void lrt_where(LState *L, int level, char *buf, size_t size) {
  CallInfo *ci = L->ci - (level - 1);
  buf[0] = '\0';
  if (level < 1 || ci <= L->ci_base || ci->info == NULL || ci->info->what == 2) return;
  snprintf(buf, size, "%s:%d: ", ci->info->source, (int)ci->line);
}

static l_noret errorv(LState *L, const char *fmt, va_list ap) {
  char msg[512];
  char where[256];
  lrt_where(L, 1, where, sizeof(where));
  vsnprintf(msg, sizeof(msg), fmt, ap);
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  lrt_addstring(&B, where);
  lrt_addstring(&B, msg);
  setstr(&L->errval, lrt_buffresult(L, &B));
  lrt_throw(L);
}

l_noret lrt_errorf(LState *L, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  errorv(L, fmt, ap);
}

/* An error lua5.4 raises inside a library function's own work (luaG_runerror with a C
** function running), which carries no position. */
l_noret lrt_errornopos(LState *L, const char *msg) {
  setstr(&L->errval, lrtS_newz(L, msg));
  lrt_throw(L);
}

l_noret lrt_typeerror(LState *L, const TValue *o, const char *op, const char *d) {
  const char *t = lrtO_objtypename(L, o);
  if (d) lrt_errorf(L, "attempt to %s a %s value (%s)", op, t, d);
  lrt_errorf(L, "attempt to %s a %s value", op, t);
}

/* Names a library function as lua5.4 does: by how the calling Lua code named it (the call
** site's description, "method 'read'" counting self out), and when a library function such
** as pcall called it directly, by its qualified name ("string.rep"), or "?" for a method.
** Library functions pass their qualified name, or ":name" for methods. */
l_noret lrt_argerror(LState *L, int arg, const char *fname, const char *extramsg) {
  char name[128];
  CallInfo *ci = L->ci;
  const char *desc = (ci > L->ci_base && ci->info && ci->info->what != 2) ? ci->calldesc : NULL;
  const char *q = desc ? strchr(desc, '\'') : NULL;
  if (q) {
    snprintf(name, sizeof(name), "%s", q + 1);
    char *end = strrchr(name, '\'');
    if (end) *end = '\0';
    if (strncmp(desc, "method", 6) == 0) {
      arg--;
      if (arg == 0) lrt_errorf(L, "calling '%s' on bad self (%s)", name, extramsg);
    }
  } else if (fname[0] == ':' || !(ci > L->ci_base && ci->info && ci->info->what == 2)) {
    snprintf(name, sizeof(name), "?");
  } else {
    snprintf(name, sizeof(name), "%s", fname);
  }
  lrt_errorf(L, "bad argument #%d to '%s' (%s)", arg, name, extramsg);
}

l_noret lrt_typeargerror(LState *L, int arg, const char *fname, const char *tname, const TValue *got) {
  char msg[128];
  const char *gt = got ? lrtO_objtypename(L, got) : "no value";
  if (got && got->tt == LT_NIL) gt = "nil";
  snprintf(msg, sizeof(msg), "%s expected, got %s", tname, gt);
  lrt_argerror(L, arg, fname, msg);
}

/* Frames of library functions that call other functions (pcall): errors raised by a
** function they call directly carry no position, as in lua5.4. */
static const FuncInfo cframe = {"?", "[C]", -1, 2, -1, 0, 1};

int lrt_pcall(LState *L, TValue *base, int nargs) {
  lrt_jmp jb;
  CallInfo *oldci = L->ci;
  if (L->ci >= L->ci_last) lrt_stackoverflow(L);
  L->ci++;
  L->ci->info = &cframe;
  L->ci->line = -1;
  TValue *oldtop = L->top;
  size_t oldtbc = L->ntbc;
  jb.prev = L->errjmp;
  L->errjmp = &jb;
  if (setjmp(jb.b) == 0) {
    TValue f = base[0];
    int n = lrt_callvalue(L, &f, base + 1, nargs);
    L->errjmp = jb.prev;
    L->ci = oldci;
    return n;
  }
  L->errjmp = jb.prev;
  L->ci = oldci;
  L->top = oldtop;
  if (L->ntbc > oldtbc) {
    TValue err = L->errval;
    lrt_tbc_closeto(L, oldtbc, &err);
    L->errval = err;
  }
  return -1;
}

void lrt_traceback(LState *L, char *buf, size_t size, CallInfo *top) {
  size_t n = (size_t)snprintf(buf, size, "stack traceback:");
  int shown = 0;
  for (CallInfo *ci = top; ci > L->ci_base && n < size; ci--, shown++) {
    const FuncInfo *fi = ci->info;
    if (fi->what == 2) {
      n += (size_t)snprintf(buf + n, size - n, "\n\t[C]: in ?");
      continue;
    }
    if (shown == 10 && top - L->ci_base > 22) {
      long skip = (long)(top - L->ci_base) - 21;
      n += (size_t)snprintf(buf + n, size - n, "\n\t...\t(skipping %ld levels)", skip);
      ci -= skip - 1;
      continue;
    }
    if (fi->what == 1) n += (size_t)snprintf(buf + n, size - n, "\n\t%s:%d: in main chunk", fi->source, (int)ci->line);
    else if (fi->name[0]) n += (size_t)snprintf(buf + n, size - n, "\n\t%s:%d: in function '%s'", fi->source, (int)ci->line, fi->name);
    else n += (size_t)snprintf(buf + n, size - n, "\n\t%s:%d: in function <%s:%d>", fi->source, (int)ci->line, fi->source, (int)fi->linedefined);
  }
  if (n < size) snprintf(buf + n, size - n, "\n\t[C]: in ?");
}

/* ----------------------------------------------------------------------- argument helpers */

/* The results of a file operation as lua5.4 gives them: true, or nil, "name: message",
** errno (luaL_fileresult). */
int lrt_fileresult(LState *L, TValue *base, int ok, const char *fname) {
  int en = errno;
  if (ok) {
    setbool(&base[0], 1);
    return 1;
  }
  char msg[512];
  if (fname) snprintf(msg, sizeof(msg), "%s: %s", fname, strerror(en));
  else snprintf(msg, sizeof(msg), "%s", strerror(en));
  setnil(&base[0]);
  setstr(&base[1], lrtS_newz(L, msg));
  setint(&base[2], en);
  return 3;
}

const TValue *lrt_arg(TValue *base, int nargs, int i) {
  return i <= nargs ? &base[i - 1] : &lrt_nilvalue;
}

void lrt_checkany(LState *L, int nargs, int i, const char *fname) {
  if (nargs < i) lrt_argerror(L, i, fname, "value expected");
}

int64_t lrt_checkinteger(LState *L, TValue *base, int nargs, int i, const char *fname) {
  const TValue *o = lrt_arg(base, nargs, i);
  int64_t r;
  if (l_likely(o->tt == LT_INT)) return o->u.i;
  if (lrtO_tointeger(o, &r)) return r;
  TValue v;
  if (lrtO_tonumber(o, &v)) lrt_argerror(L, i, fname, "number has no integer representation");
  lrt_typeargerror(L, i, fname, "number", i <= nargs ? o : NULL);
}

int64_t lrt_optinteger(LState *L, TValue *base, int nargs, int i, const char *fname, int64_t def) {
  if (i > nargs || ttisnil(&base[i - 1])) return def;
  return lrt_checkinteger(L, base, nargs, i, fname);
}

double lrt_checknumber(LState *L, TValue *base, int nargs, int i, const char *fname) {
  const TValue *o = lrt_arg(base, nargs, i);
  TValue v;
  if (l_likely(o->tt == LT_FLT)) return o->u.n;
  if (lrtO_tonumber(o, &v)) return v.tt == LT_INT ? (double)v.u.i : v.u.n;
  lrt_typeargerror(L, i, fname, "number", i <= nargs ? o : NULL);
}

LString *lrt_checkstring(LState *L, TValue *base, int nargs, int i, const char *fname) {
  const TValue *o = lrt_arg(base, nargs, i);
  if (l_likely(o->tt == LT_STR)) return o->u.s;
  if (o->tt == LT_INT || o->tt == LT_FLT) return lrtO_tostring(L, o);
  lrt_typeargerror(L, i, fname, "string", i <= nargs ? o : NULL);
}

LTable *lrt_checktable(LState *L, TValue *base, int nargs, int i, const char *fname) {
  const TValue *o = lrt_arg(base, nargs, i);
  if (l_likely(o->tt == LT_TABLE)) return o->u.t;
  lrt_typeargerror(L, i, fname, "table", i <= nargs ? o : NULL);
}
