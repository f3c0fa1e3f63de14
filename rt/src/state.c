#define _DEFAULT_SOURCE
/*
** state.c — the runtime state: value stack, call-info stack, allocation.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "flua.h"

static const char *const tmnames[TM_N] = {
  "__index", "__newindex", "__gc", "__mode", "__len", "__eq", "__add", "__sub", "__mul",
  "__mod", "__pow", "__div", "__idiv", "__band", "__bor", "__bxor", "__shl", "__shr",
  "__unm", "__bnot", "__lt", "__le", "__concat", "__call", "__close", "__tostring",
  "__name", "__metatable", "__pairs"
};

/* Reserves address space that the OS commits only when touched. */
static void *reserve(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    fputs("flua: cannot reserve memory for the Lua stacks\n", stderr);
    exit(1);
  }
  return p;
}

/* Raises "not enough memory" (a string made in advance, since nothing can be allocated
** now); without a protected call to catch it, reports and exits like lua5.4. */
l_noret lrt_outofmemory(LState *L) {
  if (L && L->errjmp && L->g->memerrmsg) {
    setstr(&L->errval, L->g->memerrmsg);
    lrt_throw(L);
  }
  fputs("not enough memory\n", stderr);
  exit(1);
}

void *lrt_realloc(LState *L, void *p, size_t osize, size_t nsize) {
  void *np = realloc(p, nsize);
  if (l_unlikely(np == NULL && nsize > 0)) lrt_outofmemory(L);
  L->g->totalbytes += nsize - osize;
  return np;
}

void lrt_free(LState *L, void *p, size_t size) {
  L->g->totalbytes -= size;
  free(p);
}

LState *lrt_newstate(void) {
  LState *L = (LState *)calloc(1, sizeof(LState));
  Global *g = (Global *)calloc(1, sizeof(Global));
  if (L == NULL || g == NULL) lrt_outofmemory(NULL);
  L->g = g;
  g->mainthread = L;
  g->running = L;
  L->stack = (TValue *)reserve(LRT_STACKSIZE * sizeof(TValue));
  /* Room is left above stack_last for library functions, which check less strictly. */
  L->stack_last = L->stack + LRT_STACKSIZE - 1024;
  L->ci_base = (CallInfo *)reserve((LRT_MAXCI + 8) * sizeof(CallInfo));
  L->ci = L->ci_base;
  L->top = L->stack;
  L->ci_last = L->ci_base + LRT_MAXCI;
  L->g->strt_size = 1024;
  L->g->strt = (StrEntry *)calloc(L->g->strt_size, sizeof(StrEntry));
  if (L->g->strt == NULL) lrt_outofmemory(L);
  L->g->gcrunning = 1;
  L->g->gcgen = 1;
  lrt_gc_init(L);
  g->memerrmsg = lrtS_newz(L, "not enough memory");
  g->memerrmsg->gc.marked = GC_FIXED;
  for (int i = 0; i < TM_N; i++) {
    L->g->tmname[i] = lrtS_newz(L, tmnames[i]);
    L->g->tmname[i]->gc.marked = GC_FIXED;
  }
  L->globals = lrtH_new(L, 0, 64);
  return L;
}

void lrt_checkstack(LState *L, TValue *top) {
  if (l_unlikely(top >= L->stack_last)) lrt_stackoverflow(L);
}

l_noret lrt_stackoverflow(LState *L) {
  /* Leave headroom so that the error can be raised and handled. */
  if (L->ci >= L->ci_last) L->ci = L->ci_last - 1;
  lrt_errorf(L, "stack overflow");
}

l_noret lrt_typed_overflow(LState *L, const FuncInfo *info, int32_t line) {
  CallInfo *ci = L->ci + 1;
  if (ci >= L->ci_last) ci = L->ci_last - 1;
  ci->info = info;
  ci->line = line;
  ci->calldesc = NULL;
  L->ci = ci;
  lrt_errorf(L, "stack overflow");
}

/* String constants of the compiled program live in its globals: never collected. */
LString *lrt_intern(LState *L, const char *s, int64_t len) {
  LString *ts = lrtS_new(L, s, (size_t)len);
  ts->gc.marked |= GC_FIXED;
  return ts;
}

void lrt_intern_all(LState *L, const StrConst *c, int64_t n) {
  for (int64_t i = 0; i < n; i++) *c[i].slot = lrt_intern(L, c[i].s, c[i].len);
}
