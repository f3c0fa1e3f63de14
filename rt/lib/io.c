/*
** io.c — the io library (manual §6.8): standard streams and write for now.
*/
#include <stdio.h>
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

static LTable *filemeta;
static TValue stdout_value;

static int writeto(LState *L, FILE *f, TValue *base, int nargs, int first, const char *fname) {
  for (int i = first; i < nargs; i++) {
    const TValue *o = &base[i];
    if (o->tt == LT_INT) fprintf(f, "%lld", (long long)o->u.i);
    else if (o->tt == LT_FLT) fprintf(f, "%.14g", o->u.n);
    else if (o->tt == LT_STR) fwrite(o->u.s->data, 1, o->u.s->len, f);
    else lrt_typeargerror(L, i + 1 - first, fname, "string", o);
  }
  return 0;
}

LIBFN(io_write) {
  writeto(L, stdout, base, nargs, 0, "write");
  base[0] = stdout_value;
  return 1;
}

static FILE *tofile(LState *L, TValue *base, int nargs, const char *fname) {
  const TValue *o = lrt_arg(base, nargs, 1);
  if (o->tt != LT_USERDATA || ((LUserdata *)o->u.p)->meta != filemeta) lrt_typeargerror(L, 1, fname, "FILE*", o);
  FILE *f = *(FILE **)((LUserdata *)o->u.p)->data;
  if (f == NULL) lrt_errorf(L, "attempt to use a closed file");
  return f;
}

LIBFN(f_write) {
  FILE *f = tofile(L, base, nargs, "write");
  writeto(L, f, base, nargs, 1, "write");
  return 1;
}

LIBFN(f_flush) {
  fflush(tofile(L, base, nargs, "flush"));
  return 1;
}

LIBFN(io_flush) {
  fflush(stdout);
  base[0] = stdout_value;
  return 1;
}

static TValue newfile(LState *L, FILE *f) {
  LUserdata *u = (LUserdata *)lrt_alloc(L, sizeof(LUserdata) + sizeof(FILE *), LT_USERDATA);
  u->meta = filemeta;
  u->size = sizeof(FILE *);
  u->data = (void *)(u + 1);
  *(FILE **)u->data = f;
  TValue v;
  v.u.p = u;
  v.tt = LT_USERDATA;
  return v;
}

static const lrt_Reg iolib[] = {{"write", io_write}, {"flush", io_flush}, {NULL, NULL}};
static const lrt_Reg filemethods[] = {{"write", f_write}, {"flush", f_flush}, {NULL, NULL}};

void lrt_open_io(LState *L) {
  LTable *t = lrt_newtable(L, 0, 8);
  lrt_register(L, t, iolib);
  filemeta = lrt_newtable(L, 0, 4);
  LTable *methods = lrt_newtable(L, 0, 4);
  lrt_register(L, methods, filemethods);
  TValue v;
  settable(&v, methods);
  lrtH_setstr(L, filemeta, L->tmname[TM_INDEX], &v);
  setstr(&v, lrtS_newz(L, "FILE*"));
  lrtH_setstr(L, filemeta, L->tmname[TM_NAME], &v);
  settable(&v, filemeta);
  lrt_pin(L, &v);
  stdout_value = newfile(L, stdout);
  lrt_pin(L, &stdout_value);
  lrtH_setstr(L, t, lrtS_newz(L, "stdout"), &stdout_value);
  v = newfile(L, stderr);
  lrtH_setstr(L, t, lrtS_newz(L, "stderr"), &v);
  v = newfile(L, stdin);
  lrtH_setstr(L, t, lrtS_newz(L, "stdin"), &v);
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "io"), &v);
}
