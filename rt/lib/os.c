/*
** os.c — the os library (manual §6.9): exit, getenv, time, clock for now.
*/
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

LIBFN(os_exit) {
  int status = EXIT_SUCCESS;
  if (nargs >= 1 && base[0].tt == LT_TRUE) status = EXIT_SUCCESS;
  else if (nargs >= 1 && base[0].tt == LT_FALSE) status = EXIT_FAILURE;
  else status = (int)lrt_optinteger(L, base, nargs, 1, "os.exit", EXIT_SUCCESS);
  fflush(stdout);
  exit(status);
}

LIBFN(os_getenv) {
  LString *name = lrt_checkstring(L, base, nargs, 1, "os.getenv");
  const char *v = getenv(name->data);
  if (v) setstr(&base[0], lrtS_newz(L, v));
  else setnil(&base[0]);
  return 1;
}

LIBFN(os_time) {
  if (nargs >= 1 && !ttisnil(&base[0])) lrt_errorf(L, "os.time with a table argument is not supported yet");
  setint(&base[0], (int64_t)time(NULL));
  return 1;
}

LIBFN(os_clock) {
  setflt(&base[0], (double)clock() / (double)CLOCKS_PER_SEC);
  return 1;
}

static const lrt_Reg oslib[] = {
  {"exit", os_exit}, {"getenv", os_getenv}, {"time", os_time}, {"clock", os_clock}, {NULL, NULL}
};

void lrt_open_os(LState *L) {
  LTable *t = lrt_newtable(L, 0, 8);
  lrt_register(L, t, oslib);
  TValue v;
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "os"), &v);
}
