/*
** coroutine.c — coroutines (manual §2.6, §6.2). Each coroutine runs on a native stack of
** its own, so it can yield from any depth: across pcall, from metamethods and iterators.
** Stacks come from one large lazily-committed reservation, cut into fixed slots (one
** mapping for all coroutines, so that 100,000 of them do not exhaust the kernel's map
** count); a dead coroutine's slot is reused, its deep pages given back to the OS.
*/
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

/* One slot: [value stack | call infos | native stack (grows down)]. Slots are as large as
** the address space allows, up to the main thread's limits (so that 190,000 nested calls
** work inside a coroutine as in the main program); only touched pages cost memory. */
#define SLOT_MAX ((size_t)256 << 20)
#define SLOT_MIN ((size_t)8 << 20)
#define SLOT_COUNT ((size_t)128 << 10)   /* coroutines alive at once, with the largest slots */
#define CSTACK_MARGIN ((size_t)64 << 10) /* kept free below the limit to raise the error */
#define HOT_BYTES ((size_t)64 << 10)     /* kept committed at each end of a reused slot */

enum { CO_SUSPENDED, CO_RUNNING, CO_NORMAL, CO_DEAD };
static const char *const statname[] = {"suspended", "running", "normal", "dead"};

struct LCoroutine {
  GCObj gc;
  LState *L;       /* its thread state; NULL before the first resume and once dead */
  TValue body;
  TValue err;      /* the error that killed it, if any */
  int status;
  int errored;
  LState *resumer;
  TValue *xfer;    /* values passed by resume, yield, return or error */
  int nxfer;
  char *slot;
  TValue *pending; /* <close> values left open by an error, for coroutine.close */
  size_t npending;
#ifdef LRT_ASAN
  void *fake;         /* AddressSanitizer's fake stack of the coroutine, while switched out */
  const void *rbottom; /* the resumer's native stack, for switching back */
  size_t rsize;
#endif
};

/* ----------------------------------------------------------------------- stack slots */

static char *reservation;
static size_t slotsize, slotvalues, slotcis; /* bytes; value-stack slots; call infos */
static size_t nslots, nextslot;
static char **freeslots;
static size_t nfree, freecap;

/* Reserves the address space for all coroutine stacks: as much as the OS grants, up to
** SLOT_COUNT slots of SLOT_MAX bytes, with smaller slots where address space is scarce. */
static void reserveslots(LState *L) {
  for (size_t bytes = SLOT_COUNT * SLOT_MAX; bytes >= ((size_t)16 << 30); bytes /= 4) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) continue;
    reservation = (char *)p;
    slotsize = bytes / SLOT_COUNT < SLOT_MIN ? SLOT_MIN : bytes / SLOT_COUNT;
    nslots = bytes / slotsize;
    /* a sixteenth for the value stack, as much again at most for call infos */
    slotvalues = slotsize / 16 / sizeof(TValue);
    if (slotvalues > LRT_STACKSIZE) slotvalues = LRT_STACKSIZE;
    slotcis = slotsize / 16 / sizeof(CallInfo);
    if (slotcis > LRT_MAXCI + 8) slotcis = LRT_MAXCI + 8;
    return;
  }
  lrt_errorf(L, "not enough memory");
}

static char *getslot(LState *L) {
  if (nfree > 0) return freeslots[--nfree];
  if (reservation == NULL) reserveslots(L);
  if (nextslot == nslots) lrt_errorf(L, "too many coroutines (the limit is %zu alive at once)", nslots);
  return reservation + slotsize * nextslot++;
}

/* Pages a fresh coroutine touches, counted against the collector's threshold. */
#define SLOT_COST ((size_t)16 << 10)
/* Freed slots kept with their first pages, so that coroutine churn does not fault pages in. */
#define HOTSLOTS 256

/* Gives the pages of [from, to) back to the OS. */
static void discard(char *from, char *to) {
  if (to > from) madvise(from, (size_t)(to - from), MADV_DONTNEED);
}

static void putslot(char *slot) {
  char *cis = slot + slotvalues * sizeof(TValue);
  char *cstack = cis + slotcis * sizeof(CallInfo);
  if (nfree >= HOTSLOTS) discard(slot, slot + slotsize);
  else { /* keep what every coroutine touches; give back what a deep one did */
    discard(slot + HOT_BYTES, cis);
    discard(cis + HOT_BYTES, cstack);
    discard(cstack, slot + slotsize - HOT_BYTES);
  }
  if (nfree == freecap) {
    size_t n = freecap ? freecap * 2 : 64;
    char **nf = (char **)realloc(freeslots, n * sizeof(char *));
    if (nf == NULL) return; /* leak the slot rather than fail */
    freeslots = nf;
    freecap = n;
  }
  freeslots[nfree++] = slot;
}

static void release(LCoroutine *co) {
  if (co->L && co->L->ntbc > 0 && co->npending == 0) { /* died by an error: keep them */
    co->pending = co->L->tbc;
    co->npending = co->L->ntbc;
    co->L->tbc = NULL;
  }
  if (co->slot) {
    /* frames alive when it died (or was collected) leave their redzones behind */
    if (co->L->saved_sp) {
      char *low = co->L->saved_sp - 1024; /* switch_to's own frame lies below its local */
      lrt_unpoison(low, (size_t)(co->L->cstack_base - low));
    }
    putslot(co->slot);
    co->L->g->totalbytes -= SLOT_COST;
  }
  if (co->L) free(co->L->tbc);
  free(co->L);
  co->slot = NULL;
  co->L = NULL;
}

/* ----------------------------------------------------------------------- for the collector */

LState *lrt_co_state(LCoroutine *co) {
  return co->L;
}

LState *lrt_co_resumer(LCoroutine *co) {
  return co->status == CO_RUNNING || co->status == CO_NORMAL ? co->resumer : NULL;
}

void lrt_co_children(LCoroutine *co, const TValue **body, const TValue **err, const TValue **pending, size_t *npending) {
  *body = &co->body;
  *err = &co->err;
  *pending = co->pending;
  *npending = co->npending;
}

void lrt_co_free(LCoroutine *co) {
  release(co);
  free(co->pending);
}

/* ----------------------------------------------------------------------- switching */

static LCoroutine *starting; /* the coroutine whose first resume is switching in */

/* Switches from thread `from` to thread `to`: the registers of `from` are saved on its own
** stack, below from->saved_sp, where the collector scans them while it is switched out. */
static void switch_to(LState *from, LState *to) {
  lrt_ctx_switch((void **)&from->saved_sp, to->saved_sp);
}

/* Resumer side: switches into co and back. AddressSanitizer is told of each change of
** native stack (on both sides), so that it checks the right stack's bounds. */
static void switch_in(LState *L, LCoroutine *co) {
#ifdef LRT_ASAN
  void *fake = NULL;
  char *bottom = (char *)(co->L->ci_base + slotcis);
  __sanitizer_start_switch_fiber(&fake, bottom, (size_t)(co->L->cstack_base - bottom));
  switch_to(L, co->L);
  __sanitizer_finish_switch_fiber(fake, NULL, NULL);
#else
  switch_to(L, co->L);
#endif
}

/* Coroutine side: back to the resumer (for good when it is dead), and in again. */
static void switch_out(LCoroutine *co, int dead) {
#ifdef LRT_ASAN
  __sanitizer_start_switch_fiber(dead ? NULL : &co->fake, co->rbottom, co->rsize);
  switch_to(co->L, co->resumer);
  __sanitizer_finish_switch_fiber(co->fake, &co->rbottom, &co->rsize);
#else
  (void)dead;
  switch_to(co->L, co->resumer);
#endif
}

static void co_entry(void) {
  LCoroutine *co = starting;
  LState *L = co->L;
#ifdef LRT_ASAN
  __sanitizer_finish_switch_fiber(NULL, &co->rbottom, &co->rsize);
#endif
  TValue *base = L->stack + 1;
  int nargs = co->nxfer;
  base[-1] = co->body;
  memcpy(base, co->xfer, (size_t)nargs * sizeof(TValue));
  L->top = base + nargs;
  int n;
  lrt_jmp jb;
  jb.prev = NULL;
  L->errjmp = &jb;
  if (setjmp(jb.b) == 0) n = lrt_callvalue(L, &co->body, base, nargs);
  else n = -1;
  L->errjmp = NULL;
  co->status = CO_DEAD;
  if (n < 0) {
    co->errored = 1;
    co->err = L->errval;
    co->xfer = &co->err;
    co->nxfer = 1;
  } else {
    co->xfer = base;
    co->nxfer = n;
  }
  L->g->running = co->resumer;
  switch_out(co, 1);
  abort(); /* a dead coroutine is never switched to */
}

static void newthread(LState *L, LCoroutine *co) {
  LState *t = (LState *)calloc(1, sizeof(LState));
  if (t == NULL) lrt_errorf(L, "not enough memory");
  char *slot = getslot(L);
  t->g = L->g;
  t->co = co;
  t->globals = L->globals;
  t->stack = (TValue *)slot;
  t->stack_last = t->stack + slotvalues - 1024;
  t->top = t->stack;
  t->ci_base = (CallInfo *)(slot + slotvalues * sizeof(TValue));
  t->ci = t->ci_base;
  t->ci_last = t->ci_base + slotcis - 8;
  char *cstack = (char *)(t->ci_base + slotcis);
  t->cstack_base = slot + slotsize;
  t->cstack_limit = cstack + CSTACK_MARGIN;
  co->slot = slot;
  co->L = t;
  L->g->totalbytes += SLOT_COST;
  t->saved_sp = (char *)lrt_ctx_init(t->cstack_base, co_entry);
}

static LCoroutine *newco(LState *L, const TValue *f) {
  LCoroutine *co = (LCoroutine *)lrt_alloc(L, sizeof(LCoroutine), LT_THREAD);
  co->L = NULL;
  co->body = *f;
  setnil(&co->err);
  co->status = CO_SUSPENDED;
  co->errored = 0;
  co->resumer = NULL;
  co->xfer = NULL;
  co->nxfer = 0;
  co->slot = NULL;
  co->pending = NULL;
  co->npending = 0;
  return co;
}

/* Resumes co with n values at args; returns -1 on error (message at co->xfer[0]), or the
** number of values it yielded or returned, at co->xfer. */
static int auxresume(LState *L, LCoroutine *co, TValue *args, int n, const char **why) {
  if (co->status == CO_DEAD) {
    *why = "cannot resume dead coroutine";
    return -2;
  }
  if (co->status != CO_SUSPENDED) {
    *why = "cannot resume non-suspended coroutine";
    return -2;
  }
  if (co->L == NULL) {
    newthread(L, co);
    starting = co;
  }
  co->xfer = args;
  co->nxfer = n;
  co->resumer = L;
  co->status = CO_RUNNING;
  if (L->co) L->co->status = CO_NORMAL;
  L->g->running = co->L;
  switch_in(L, co);
  L->g->running = L;
  /* its stacks changed while it ran (while running they are scanned as roots) */
  lrt_gc_barrier(L, co);
  if (L->co) L->co->status = CO_RUNNING;
  return co->errored ? -1 : co->nxfer;
}

static LCoroutine *checkco(LState *L, TValue *base, int nargs, int i, const char *fname) {
  const TValue *o = lrt_arg(base, nargs, i);
  if (o->tt != LT_THREAD) lrt_typeargerror(L, i, fname, "thread", nargs >= i ? o : NULL);
  return (LCoroutine *)o->u.p;
}

static LCoroutine *mainco; /* stands for the main thread in coroutine.running() */

LIBFN(co_create) {
  if (nargs < 1 || base[0].tt != LT_FUNC) lrt_typeargerror(L, 1, "coroutine.create", "function", nargs >= 1 ? &base[0] : NULL);
  LCoroutine *co = newco(L, &base[0]);
  base[0].u.p = co;
  base[0].tt = LT_THREAD;
  return 1;
}

/* Copies the values a resume produced to base[first..]; releases a finished coroutine. */
static int takevalues(LState *L, LCoroutine *co, TValue *base, int first) {
  int n = co->nxfer;
  lrt_checkstack(L, base + first + n);
  memmove(base + first, co->xfer, (size_t)n * sizeof(TValue));
  if (co->status == CO_DEAD) release(co);
  return n;
}

LIBFN(co_resume) {
  LCoroutine *co = checkco(L, base, nargs, 1, "coroutine.resume");
  const char *why = NULL;
  lrt_reserve(L, base + nargs);
  int r = auxresume(L, co, base + 1, nargs - 1, &why);
  if (r == -2) {
    setbool(&base[0], 0);
    setstr(&base[1], lrtS_newz(L, why));
    return 2;
  }
  setbool(&base[0], r >= 0);
  return 1 + takevalues(L, co, base, 1);
}

LIBFN(co_yield) {
  LCoroutine *co = L->co;
  if (co == NULL) lrt_errornopos(L, "attempt to yield from outside a coroutine");
  co->xfer = base;
  co->nxfer = nargs;
  co->status = CO_SUSPENDED;
  L->g->running = co->resumer;
  switch_out(co, 0);
  /* resumed: the values passed to resume */
  int n = co->nxfer;
  lrt_checkstack(L, base + n);
  memmove(base, co->xfer, (size_t)n * sizeof(TValue));
  return n;
}

static const FuncInfo wrap_info = {"wrap", "[C]", -1, 2, -1, 0, 1};

LIBFN(co_wrapaux) {
  LCoroutine *co = (LCoroutine *)self->upvals[0]->v.u.p;
  const char *why = NULL;
  lrt_reserve(L, base + nargs);
  int r = auxresume(L, co, base, nargs, &why);
  if (r >= 0) return takevalues(L, co, base, 0);
  TValue err;
  if (r == -2) setstr(&err, lrtS_newz(L, why));
  else {
    err = co->xfer[0];
    release(co);
  }
  if (err.tt == LT_STR) { /* add the position of the wrap's caller, as lua5.4 does */
    char where[256];
    lrt_where(L, 1, where, sizeof(where));
    lrt_Buffer B;
    lrt_buffinit(L, &B);
    lrt_addstring(&B, where);
    lrt_addlstring(&B, err.u.s->data, err.u.s->len);
    setstr(&err, lrt_buffresult(L, &B));
  }
  L->errval = err;
  lrt_throw(L);
}

LIBFN(co_wrap) {
  co_create(L, self, base, nargs);
  LClosure *cl = lrtF_new(L, co_wrapaux, &wrap_info, 1);
  TValue f;
  setfunc(&f, cl);
  base[1] = f;
  cl->upvals[0] = lrt_newupval(L);
  lrt_gc_barrier(L, cl);
  cl->upvals[0]->v = base[0];
  base[0] = f;
  return 1;
}

LIBFN(co_status) {
  LCoroutine *co = checkco(L, base, nargs, 1, "coroutine.status");
  const char *s = statname[co->status];
  if (co == mainco) s = L->co == NULL ? "running" : "normal";
  setstr(&base[0], lrtS_newz(L, s));
  return 1;
}

LIBFN(co_running) {
  LCoroutine *co = L->co ? L->co : mainco;
  base[0].u.p = co;
  base[0].tt = LT_THREAD;
  setbool(&base[1], L->co == NULL);
  return 2;
}

LIBFN(co_isyieldable) {
  if (nargs >= 1) {
    LCoroutine *co = checkco(L, base, nargs, 1, "coroutine.isyieldable");
    setbool(&base[0], co != mainco);
  } else setbool(&base[0], L->co != NULL);
  return 1;
}

LIBFN(co_close) {
  LCoroutine *co = checkco(L, base, nargs, 1, "coroutine.close");
  if (co == mainco || co->status == CO_RUNNING || co->status == CO_NORMAL) {
    const char *s = co == mainco ? (L->co == NULL ? "running" : "normal") : statname[co->status];
    lrt_errorf(L, "cannot close a %s coroutine", s);
  }
  int errored = co->errored;
  TValue err = co->err;
  co->status = CO_DEAD;
  release(co); /* moves a suspended coroutine's open <close> values to co->pending */
  lrt_gc_barrier(L, co);
  lrt_reserve(L, base + nargs);
  while (co->npending > 0) { /* closed here with the error that killed it, if any */
    TValue v = co->pending[--co->npending];
    const TValue *tm = lrt_gettmbyobj(L, &v, TM_CLOSE);
    if (tm && !l_isfalse(&v)) {
      TValue r;
      lrt_call1(L, &r, tm, &v, errored ? &err : &lrt_nilvalue);
    }
  }
  co->errored = 0;
  setnil(&co->err);
  if (errored) {
    setbool(&base[0], 0);
    base[1] = err;
    return 2;
  }
  setbool(&base[0], 1);
  return 1;
}

static const lrt_Reg colib[] = {
  {"close", co_close}, {"create", co_create}, {"isyieldable", co_isyieldable}, {"resume", co_resume},
  {"running", co_running}, {"status", co_status}, {"wrap", co_wrap}, {"yield", co_yield}, {NULL, NULL}
};

void lrt_open_coroutine(LState *L) {
  LTable *t = lrtH_new(L, 0, 8);
  TValue v;
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "coroutine"), &v);
  lrt_register(L, t, colib);
  mainco = newco(L, &lrt_nilvalue);
  mainco->status = CO_RUNNING;
  v.u.p = mainco;
  v.tt = LT_THREAD;
  lrt_pin(L, &v);
}
