/*
** gc.c — the heap and its collector. Small objects live in 64 KiB blocks, one size class
** per block, with per-class free lists; large objects come from malloc. Collection is a
** non-moving, generational mark-and-sweep: the heap is traced precisely, while the native
** stack of the Lua thread (with the registers, spilled by setjmp) and the value stack are
** scanned conservatively, so generated code may keep values (and pointers into objects) in
** registers freely. A word is taken as a reference when it points into an allocated slot
** of a block or into a large object.
**
** Generations: an object that survives a collection becomes old. A minor collection traces
** from the roots but stops at old objects (by the invariant that an old object refers only
** to old ones, which lrt_gc_barrier keeps: an old object written since is "touched" and
** traced as well), and frees only dead young objects, which it finds on the list of
** objects allocated since the last collection. So its cost follows what was allocated,
** not the size of the heap. A major collection traces and sweeps everything, when the heap
** has doubled since the last one.
*/
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flua.h"

#define BLOCKSIZE ((size_t)1 << 16)
#define GRANULE 16
#define MAXSMALL 512
#define NCLASSES (MAXSMALL / GRANULE)
#define GC_MINORMIN ((size_t)4 << 20) /* allocation between minor collections, at least */
#define GC_MINORMAX ((size_t)8 << 20) /* ... and at most this when young objects survive */
#define GC_MINORMUL 25                 /* ... or this % of the heap after the last major one */
#define GC_MAJORMUL 100                /* a major one when the heap grew by this % since */
#define GC_STRESSMAJOR 16              /* FLUA_GC_STRESS: every 16th collection is major */

typedef struct Block {
  struct Block *next;
  uint32_t objsize;
  uint32_t nslots;
  uint32_t nused;  /* slots handed out so far; the rest has never been touched */
  char *data;
} Block;

typedef struct Heap {
  GCObj *freelist[NCLASSES]; /* free slots, linked through `next` */
  Block *fresh[NCLASSES];    /* the block whose untouched slots are handed out next */
  Block *blocks;
  uintptr_t *blockset; /* open-addressed set of block addresses */
  size_t blockmask, nblocks;
  GCObj *large;        /* objects bigger than MAXSMALL, linked through `next` */
  size_t nlarge;
  GCObj *young;        /* small objects allocated since the last collection, through `next` */
  GCObj **touched;     /* old objects written since the last collection (GC_TOUCHED) */
  size_t ntouched, touchedcap;
  unsigned collections;
  size_t nursery;      /* allocation between minor collections, at least (see `collect`) */
  size_t after;        /* totalbytes after the last collection */
} Heap;

typedef struct PtrList {
  LTable **v;
  size_t n, cap;
} PtrList;

typedef struct GCState {
  GCObj **gray;
  size_t ngray, graysize;
  GCObj **large; /* large objects by address, for conservative lookups */
  size_t nlarge;
  PtrList weakvalues, ephemerons, allweak; /* weak tables met while marking */
  LString *modekey;
  int minor; /* a minor collection: old objects count as marked */
} GCState;

/* Whether o is known to survive the collection in progress. */
static int isalive(const GCState *g, const GCObj *o) {
  return (o->marked & (GC_MARKED | GC_FIXED)) || (g->minor && (o->marked & GC_OLD));
}

static void listadd(PtrList *l, LTable *t) {
  if (l->n == l->cap) {
    size_t n = l->cap ? l->cap * 2 : 16;
    LTable **nv = (LTable **)realloc(l->v, n * sizeof(LTable *));
    if (nv == NULL) abort();
    l->v = nv;
    l->cap = n;
  }
  l->v[l->n++] = t;
}

/* ======================================================================= allocation */

/* FLUA_GC_STATS=1: what the collector cost, reported on stderr at exit (bench/run.sh). */
typedef struct GCStats {
  double start, total, majortotal, longest; /* seconds */
  size_t collections, majors, peakheap, nursery; /* nursery: the largest */
} GCStats;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int envflag(const char *name) {
  const char *v = getenv(name);
  return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

void lrt_gc_init(LState *L) {
  L->g->gcthreshold = GC_MINORMIN;
  L->g->gcstress = envflag("FLUA_GC_STRESS");
  if (envflag("FLUA_GC_STATS")) {
    L->g->gcstats = (GCStats *)calloc(1, sizeof(GCStats));
    if (L->g->gcstats) {
      L->g->gcstats->start = now();
      L->g->gcstats->nursery = GC_MINORMIN;
    }
  }
  L->g->heap = (Heap *)calloc(1, sizeof(Heap));
  if (L->g->heap == NULL) lrt_outofmemory(L);
  L->g->heap->blockmask = 255;
  L->g->heap->nursery = GC_MINORMIN;
  L->g->heap->blockset = (uintptr_t *)calloc(256, sizeof(uintptr_t));
  if (L->g->heap->blockset == NULL) lrt_outofmemory(L);
}

static size_t hashblock(uintptr_t b) {
  return (size_t)((b >> 16) * 0x9E3779B97F4A7C15ULL >> 17);
}

static void blockset_add(Heap *h, uintptr_t b) {
  size_t i = hashblock(b) & h->blockmask;
  while (h->blockset[i]) i = (i + 1) & h->blockmask;
  h->blockset[i] = b;
}

static int blockset_has(const Heap *h, uintptr_t b) {
  for (size_t i = hashblock(b) & h->blockmask; h->blockset[i]; i = (i + 1) & h->blockmask)
    if (h->blockset[i] == b) return 1;
  return 0;
}

static void newblock(LState *L, Heap *h, int cls) {
  if ((h->nblocks + 1) * 2 > h->blockmask + 1) { /* keep the set at most half full */
    size_t n = (h->blockmask + 1) * 2;
    uintptr_t *old = h->blockset;
    size_t oldn = h->blockmask + 1;
    h->blockset = (uintptr_t *)calloc(n, sizeof(uintptr_t));
    if (h->blockset == NULL) lrt_outofmemory(L);
    h->blockmask = n - 1;
    for (size_t i = 0; i < oldn; i++)
      if (old[i]) blockset_add(h, old[i]);
    free(old);
  }
  Block *b = (Block *)aligned_alloc(BLOCKSIZE, BLOCKSIZE);
  if (b == NULL) lrt_outofmemory(L);
  b->objsize = (uint32_t)((cls + 1) * GRANULE);
  b->data = (char *)b + ((sizeof(Block) + GRANULE - 1) / GRANULE) * GRANULE;
  b->nslots = (uint32_t)((BLOCKSIZE - (size_t)(b->data - (char *)b)) / b->objsize);
  b->next = h->blocks;
  h->blocks = b;
  h->nblocks++;
  blockset_add(h, (uintptr_t)b);
  /* slots are handed out in address order as they are needed, so that a block's pages
  ** are touched only when used (start-up touches a few pages, not whole blocks) */
  b->nused = 0;
  lrt_poison(b->data, (size_t)b->nslots * b->objsize);
  h->fresh[cls] = b;
}

static void autocollect(LState *L);

void lrt_gc_touch(LState *L, GCObj *o) {
  Heap *h = L->g->heap;
  if (h->ntouched == h->touchedcap) {
    size_t n = h->touchedcap ? h->touchedcap * 2 : 256;
    GCObj **nt = (GCObj **)realloc(h->touched, n * sizeof(GCObj *));
    if (nt == NULL) { /* no room to remember it: the next collection traces everything */
      L->g->gcnextmajor = 1;
      return;
    }
    h->touched = nt;
    h->touchedcap = n;
  }
  o->marked |= GC_TOUCHED;
  h->touched[h->ntouched++] = o;
}

void *lrt_alloc(LState *L, size_t size, int tt) {
  if (l_unlikely((L->g->totalbytes >= L->g->gcthreshold && L->g->gcrunning) || L->g->gcstress)) autocollect(L);
  Heap *h = L->g->heap;
  GCObj *o;
  if (size <= MAXSMALL) {
    int cls = (int)((size + GRANULE - 1) / GRANULE) - 1;
    o = h->freelist[cls];
    if (l_likely(o != NULL)) h->freelist[cls] = o->next;
    else {
      Block *b = h->fresh[cls];
      if (b == NULL || b->nused == b->nslots) {
        newblock(L, h, cls);
        b = h->fresh[cls];
      }
      o = (GCObj *)(b->data + (size_t)b->nused++ * b->objsize);
    }
    size = (size_t)(cls + 1) * GRANULE;
    lrt_unpoison(o, size);
    o->next = h->young;
    h->young = o;
  } else {
    o = (GCObj *)malloc(size);
    if (o == NULL) {
      lrt_gc_collect(L);
      o = (GCObj *)malloc(size);
      if (o == NULL) lrt_outofmemory(L);
    }
    o->next = h->large;
    h->large = o;
    h->nlarge++;
  }
  o->tt = (uint8_t)tt;
  o->marked = 0;
  o->size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
  o->pad = 0;
  L->g->totalbytes += size;
  return o;
}

void lrt_pin(LState *L, const TValue *v) {
  if (L->g->npins == L->g->pinsize) {
    size_t n = L->g->pinsize ? L->g->pinsize * 2 : 16;
    TValue *np = (TValue *)realloc(L->g->pins, n * sizeof(TValue));
    if (np == NULL) lrt_errorf(L, "not enough memory");
    L->g->pins = np;
    L->g->pinsize = n;
  }
  L->g->pins[L->g->npins++] = *v;
}

/* ======================================================================= marking */

/* Queues o to be marked. Its header is not read now but prefetched: propagate_all looks at
** it a few objects later, when it is likely in cache (marking is bound by memory latency). */
static void markobj(GCState *g, GCObj *o) {
  if (o == NULL) return;
  __builtin_prefetch(o, 1);
  if (g->ngray == g->graysize) {
    size_t n = g->graysize ? g->graysize * 2 : 1024;
    GCObj **ng = (GCObj **)realloc(g->gray, n * sizeof(GCObj *));
    if (ng == NULL) {
      fputs("flua: not enough memory to collect garbage\n", stderr);
      abort();
    }
    g->gray = ng;
    g->graysize = n;
  }
  g->gray[g->ngray++] = o;
}

static void markvalue(GCState *g, const TValue *v) {
  if (lrt_iscollectable(v->tt)) markobj(g, (GCObj *)v->u.p);
}

static void scanthread(const Heap *h, GCState *g, LState *t, int running);

/* Whether a value refers to an object that is not (yet) marked. Strings count as values,
** never as weak references (manual §2.5.4). */
static int iscleared(const GCState *g, const TValue *v) {
  if (!lrt_iscollectable(v->tt)) return 0;
  if (v->tt == LT_STR) return 0;
  return !isalive(g, (const GCObj *)v->u.p);
}

static void markstrong(GCState *g, const TValue *v) {
  if (v->tt == LT_STR) markvalue(g, v);
}

/* 1: weak keys, 2: weak values, 3: both. */
static int weakmode(GCState *g, LTable *t) {
  if (t->meta == NULL || g->modekey == NULL) return 0;
  const TValue *m = lrtH_getstr(t->meta, g->modekey);
  if (m->tt != LT_STR) return 0;
  return (strchr(m->u.s->data, 'k') ? 1 : 0) | (strchr(m->u.s->data, 'v') ? 2 : 0);
}

/* Marks the values of an ephemeron table whose keys are alive; whether it marked any. */
static int traverse_ephemeron(GCState *g, LTable *t) {
  int marked = 0;
  for (uint64_t i = 0; i < t->asize; i++)
    if (iscleared(g, &t->arr[i])) {
      markvalue(g, &t->arr[i]);
      marked = 1;
    }
  for (uint64_t i = 0; i < t->hsize; i++) {
    Node *n = &t->node[i];
    if (ttisnil(&n->val)) continue;
    markstrong(g, &n->key);
    if (!iscleared(g, &n->key) && iscleared(g, &n->val)) {
      markvalue(g, &n->val);
      marked = 1;
    } else markstrong(g, &n->val);
  }
  return marked;
}

static void traverse_table(GCState *g, LTable *t) {
  if (t->meta) markobj(g, &t->meta->gc);
  int mode = weakmode(g, t);
  if (mode == 1) {
    traverse_ephemeron(g, t);
    listadd(&g->ephemerons, t);
    return;
  }
  /* the parts in locals: markobj's stores could otherwise be the table's, as far as the
  ** C compiler knows, and it would reload them for every slot */
  const TValue *arr = t->arr;
  const Node *node = t->node;
  uint64_t asize = t->asize, hsize = t->hsize;
  if (mode == 0) { /* the usual case, a loop per part with nothing else in it */
    for (uint64_t i = 0; i < asize; i++) markvalue(g, &arr[i]);
    for (uint64_t i = 0; i < hsize; i++) {
      if (ttisnil(&node[i].val)) continue; /* dead keys need not be kept */
      markvalue(g, &node[i].key);
      markvalue(g, &node[i].val);
    }
    return;
  }
  for (uint64_t i = 0; i < asize; i++) {
    if (mode & 2) markstrong(g, &arr[i]);
    else markvalue(g, &arr[i]);
  }
  for (uint64_t i = 0; i < hsize; i++) {
    const Node *n = &node[i];
    if (ttisnil(&n->val)) continue;
    if (mode & 1) markstrong(g, &n->key);
    else markvalue(g, &n->key);
    if (mode & 2) markstrong(g, &n->val);
    else markvalue(g, &n->val);
  }
  if (mode == 2) listadd(&g->weakvalues, t);
  else if (mode == 3) listadd(&g->allweak, t);
}

static void traverse(GCState *g, GCObj *o) {
  switch (o->tt) {
    case LT_TABLE: traverse_table(g, (LTable *)o); break;
    case LT_FUNC: {
      LClosure *cl = (LClosure *)o;
      for (uint64_t i = 0; i < cl->nupvals; i++)
        if (cl->upvals[i]) markobj(g, &cl->upvals[i]->gc);
      break;
    }
    case LT_UPVAL: markvalue(g, &((UpVal *)o)->v); break;
    case LT_THREAD: {
      LCoroutine *co = (LCoroutine *)o;
      const TValue *body, *err, *pending;
      size_t npending;
      lrt_co_children(co, &body, &err, &pending, &npending);
      markvalue(g, body);
      markvalue(g, err);
      for (size_t i = 0; i < npending; i++) markvalue(g, &pending[i]);
      LState *t = lrt_co_state(co);
      /* a suspended coroutine's stacks; the running chain is scanned from the roots */
      if (t && t != t->g->running && lrt_co_resumer(co) == NULL) scanthread(t->g->heap, g, t, 0);
      break;
    }
    case LT_USERDATA: {
      LUserdata *u = (LUserdata *)o;
      if (u->meta) markobj(g, &u->meta->gc);
      break;
    }
    default: break;
  }
}

static size_t largesize(const GCObj *o) {
  if (o->tt == LT_STR) return sizeof(LString) + ((const LString *)o)->len + 1;
  return o->size;
}

static int cmpaddr(const void *a, const void *b) {
  uintptr_t x = (uintptr_t) * (GCObj *const *)a, y = (uintptr_t) * (GCObj *const *)b;
  return x < y ? -1 : x > y;
}

/* The live object containing address w, if any. */
LRT_NO_ASAN static GCObj *findobj(const Heap *h, const GCState *g, uintptr_t w) {
  uintptr_t b = w & ~(uintptr_t)(BLOCKSIZE - 1);
  if (blockset_has(h, b)) {
    const Block *blk = (const Block *)b;
    if (w < (uintptr_t)blk->data) return NULL;
    size_t i = (w - (uintptr_t)blk->data) / blk->objsize;
    if (i >= blk->nused) return NULL;
    GCObj *o = (GCObj *)(blk->data + i * blk->objsize);
    return o->tt == LT_FREE ? NULL : o;
  }
  size_t lo = 0, hi = g->nlarge;
  if (hi == 0 || w < (uintptr_t)g->large[0]) return NULL;
  while (hi - lo > 1) {
    size_t m = (lo + hi) / 2;
    if ((uintptr_t)g->large[m] <= w) lo = m;
    else hi = m;
  }
  GCObj *o = g->large[lo];
  return w < (uintptr_t)o + largesize(o) ? o : NULL;
}

LRT_NO_ASAN static void scanrange(const Heap *h, GCState *g, const char *lo, const char *hi) {
  lo = (const char *)(((uintptr_t)lo + 7) & ~(uintptr_t)7);
  for (const char *p = lo; p + sizeof(uintptr_t) <= hi; p += sizeof(uintptr_t)) {
    uintptr_t w = *(const uintptr_t *)p; /* not memcpy, which the sanitizer would check */
    GCObj *o = findobj(h, g, w);
    if (o) markobj(g, o);
  }
}

/* Kept out of line so that the registers it spills lie inside the scanned range. */
LRT_NO_ASAN static __attribute__((noinline)) void scanstack(LState *L, GCState *g) {
  jmp_buf regs;
  setjmp(regs);
  volatile char here = 0;
  const char *sp = (const char *)&here;
  scanrange(L->g->heap, g, (const char *)&regs, (const char *)&regs + sizeof regs);
  if (L->cstack_base && sp < L->cstack_base) scanrange(L->g->heap, g, sp, L->cstack_base);
}

/* A thread's value stack and, when it is not the running one, its saved native stack (its
** registers were pushed there by lrt_ctx_switch). */
LRT_NO_ASAN static void scanthread(const Heap *h, GCState *g, LState *t, int running) {
  /* library functions of the running thread may use some stack above top */
  size_t slack = running ? 1024 : 64;
  TValue *top = t->top + slack < t->stack_last ? t->top + slack : t->stack_last;
  for (TValue *v = t->stack; v < top; v++)
    if (lrt_iscollectable(v->tt)) {
      GCObj *o = findobj(h, g, (uintptr_t)v->u.p);
      if (o) markobj(g, o);
    }
  markvalue(g, &t->errval);
  for (size_t i = 0; i < t->ntbc; i++) markvalue(g, &t->tbc[i]);
  if (!running && t->saved_sp && t->saved_sp < t->cstack_base) scanrange(h, g, t->saved_sp, t->cstack_base);
}

/* ======================================================================= sweeping */

/* Frees what an object owns outside the heap, and unlinks dead interned strings. */
static void freeparts(LState *L, GCObj *o) {
  if (o->tt == LT_THREAD) lrt_co_free((LCoroutine *)o);
  else if (o->tt == LT_STR && ((LString *)o)->isshort) {
    LString *s = (LString *)o;
    lrtS_remove(L, s);
  } else if (o->tt == LT_TABLE) {
    LTable *t = (LTable *)o;
    if (t->arr && !lrtH_inlinearr(t)) lrt_free(L, t->arr, t->asize * sizeof(TValue));
    if (t->node && !lrtH_inlinenode(t)) lrt_free(L, t->node, t->hsize * sizeof(Node));
  }
}

/* What survives a collection becomes old and untouched. */
static void survive(GCObj *o) {
  o->marked = (uint8_t)((o->marked & ~(GC_MARKED | GC_TOUCHED)) | GC_OLD);
}

/* Frees a dead small object into its class's free list. */
static void freesmall(LState *L, GCObj *o, const Block *b) {
  Heap *h = L->g->heap;
  int cls = (int)(b->objsize / GRANULE) - 1;
  freeparts(L, o);
  L->g->totalbytes -= b->objsize;
  o->tt = LT_FREE;
  lrt_poison(o + 1, b->objsize - sizeof(GCObj));
  o->next = h->freelist[cls];
  h->freelist[cls] = o;
}

/* Large objects, after either kind of collection (an old one is alive after a minor one). */
static void sweeplarge(LState *L, const GCState *g) {
  Heap *h = L->g->heap;
  GCObj **p = &h->large;
  while (*p) {
    GCObj *o = *p;
    if (isalive(g, o)) {
      survive(o);
      p = &o->next;
    } else {
      *p = o->next;
      freeparts(L, o);
      h->nlarge--;
      lrt_free(L, o, o->size);
    }
  }
}

/* After a major collection: every block, every object. */
static void sweep(LState *L, const GCState *g) {
  Heap *h = L->g->heap;
  for (int c = 0; c < NCLASSES; c++) h->freelist[c] = NULL;
  for (Block *b = h->blocks; b; b = b->next) {
    int cls = (int)(b->objsize / GRANULE) - 1;
    /* walk backwards so that the rebuilt free list runs in address order */
    for (uint32_t i = b->nused; i-- > 0;) {
      GCObj *o = (GCObj *)(b->data + (size_t)i * b->objsize);
      if (o->tt != LT_FREE) {
        if (isalive(g, o)) {
          survive(o);
          continue;
        }
        freesmall(L, o, b);
        continue;
      }
      o->next = h->freelist[cls];
      h->freelist[cls] = o;
    }
  }
  sweeplarge(L, g);
  h->young = NULL;
  h->ntouched = 0;
}

/* After a minor collection: the young objects only; the touched ones are untouched again
** (what they refer to survived, so is old now). */
static void sweepyoung(LState *L, const GCState *g) {
  Heap *h = L->g->heap;
  GCObj *o = h->young;
  while (o) {
    GCObj *next = o->next;
    if (isalive(g, o)) survive(o);
    else freesmall(L, o, (const Block *)((uintptr_t)o & ~(uintptr_t)(BLOCKSIZE - 1)));
    o = next;
  }
  h->young = NULL;
  sweeplarge(L, g);
  for (size_t i = 0; i < h->ntouched; i++) h->touched[i]->marked &= (uint8_t)~GC_TOUCHED;
  h->ntouched = 0;
}

/* Marks everything reachable from the gray objects, ephemerons included. */
static void propagate_all(GCState *g) {
  enum { AHEAD = 16 }; /* objects in flight between being prefetched and being looked at */
  GCObj *ring[AHEAD];
  int changed;
  do {
    unsigned head = 0, n = 0;
    while (g->ngray > 0 || n > 0) {
      while (n < AHEAD && g->ngray > 0) ring[(head + n++) % AHEAD] = g->gray[--g->ngray];
      GCObj *o = ring[head];
      head = (head + 1) % AHEAD;
      n--;
      if (o->marked & GC_MARKED) continue;
      if (g->minor && (o->marked & GC_OLD)) continue; /* untouched old: all its referents are old */
      o->marked |= GC_MARKED;
      if (o->tt != LT_STR) traverse(g, o);
    }
    changed = 0;
    for (size_t i = 0; i < g->ephemerons.n; i++) changed |= traverse_ephemeron(g, g->ephemerons.v[i]);
  } while (changed || g->ngray > 0);
}

static void clearbyvalues(const GCState *g, PtrList *l) {
  for (size_t k = 0; k < l->n; k++) {
    LTable *t = l->v[k];
    for (uint64_t i = 0; i < t->asize; i++)
      if (iscleared(g, &t->arr[i])) setnil(&t->arr[i]);
    for (uint64_t i = 0; i < t->hsize; i++) {
      Node *n = &t->node[i];
      if (!ttisnil(&n->val) && iscleared(g, &n->val)) setnil(&n->val);
      if (ttisnil(&n->val) && iscleared(g, &n->key)) n->key.tt = LT_DEADKEY;
    }
  }
}

static void clearbykeys(const GCState *g, PtrList *l) {
  for (size_t k = 0; k < l->n; k++) {
    LTable *t = l->v[k];
    for (uint64_t i = 0; i < t->hsize; i++) {
      Node *n = &t->node[i];
      if (iscleared(g, &n->key)) {
        setnil(&n->val);
        n->key.tt = LT_DEADKEY; /* never equal to a live key: its object is freed */
      }
    }
  }
}

static void collect(LState *L, int major);

static void timedcollect(LState *L, int major) {
  GCStats *st = L->g->gcstats;
  if (st == NULL) {
    collect(L, major);
    return;
  }
  double t0 = now();
  size_t before = L->g->totalbytes;
  collect(L, major);
  double dt = now() - t0;
  st->collections++;
  st->majors += major;
  st->total += dt;
  if (major) st->majortotal += dt;
  if (dt > st->longest) st->longest = dt;
  if (before > st->peakheap) st->peakheap = before;
  if (L->g->heap->nursery > st->nursery) st->nursery = L->g->heap->nursery;
}

void lrt_gc_collect(LState *L) {
  timedcollect(L, 1);
}

/* A collection the allocator asks for: minor, unless the heap has doubled since the last
** major one (or the collector could not remember a touched object). */
static void autocollect(LState *L) {
  Global *G = L->g;
  int major = G->gcnextmajor;
  if (G->gcstress) major = ++G->heap->collections % GC_STRESSMAJOR == 0;
  timedcollect(L, major);
}

void lrt_gc_report(LState *L) {
  GCStats *st = L->g->gcstats;
  if (st == NULL) return;
  double run = now() - st->start;
  fprintf(stderr, "flua gc: %zu collections (%zu major, %.1f ms), %.1f ms in total (%.1f%% of %.1f ms), longest pause %.2f ms, peak heap %.1f MB, nursery up to %.0f MB\n",
          st->collections, st->majors, st->majortotal * 1e3, st->total * 1e3, run > 0 ? 100 * st->total / run : 0.0, run * 1e3, st->longest * 1e3,
          (double)st->peakheap / (1 << 20), (double)st->nursery / (1 << 20));
}

static void collect(LState *L, int major) {
  Heap *h = L->g->heap;
  size_t before = L->g->totalbytes;
  GCState g;
  memset(&g, 0, sizeof g);
  g.modekey = L->g->tmname[TM_MODE];
  g.minor = !major;
  if (h->nlarge) {
    g.large = (GCObj **)malloc(h->nlarge * sizeof(GCObj *));
    if (g.large == NULL) return; /* no memory to collect with: go on without */
    for (GCObj *o = h->large; o; o = o->next) g.large[g.nlarge++] = o;
    qsort(g.large, g.nlarge, sizeof(GCObj *), cmpaddr);
  }
  /* roots */
  if (L->globals) markobj(&g, &L->globals->gc);
  if (L->g->strmeta) markobj(&g, &L->g->strmeta->gc);
  for (size_t i = 0; i < L->g->ntobefnz; i++) markobj(&g, L->g->tobefnz[i]); /* still to finalize */
  for (size_t i = 0; i < L->g->npins; i++) markvalue(&g, &L->g->pins[i]);
  /* the running thread, and the chain of threads that resumed it down to the main one */
  scanthread(h, &g, L, 1);
  scanstack(L, &g);
  for (LState *t = L->co ? lrt_co_resumer(L->co) : NULL; t; t = t->co ? lrt_co_resumer(t->co) : NULL) scanthread(h, &g, t, 0);
  if (g.minor) /* old objects written since the last collection */
    for (size_t i = 0; i < h->ntouched; i++) traverse(&g, h->touched[i]);
  propagate_all(&g);
  clearbyvalues(&g, &g.weakvalues);
  clearbyvalues(&g, &g.allweak);
  /* unreachable objects with finalizers are resurrected until their finalizer has run */
  Global *G = L->g;
  size_t keep = 0;
  for (size_t i = 0; i < G->nfinobjs; i++) {
    GCObj *o = G->finobjs[i];
    if (isalive(&g, o)) G->finobjs[keep++] = o;
    else {
      o->marked &= (uint8_t)~GC_FINOBJ;
      if (G->ntobefnz == G->tobefnzcap) {
        size_t n = G->tobefnzcap ? G->tobefnzcap * 2 : 16;
        GCObj **nt = (GCObj **)realloc(G->tobefnz, n * sizeof(GCObj *));
        if (nt == NULL) abort();
        G->tobefnz = nt;
        G->tobefnzcap = n;
      }
      G->tobefnz[G->ntobefnz++] = o;
    }
  }
  G->nfinobjs = keep;
  for (size_t i = 0; i < G->ntobefnz; i++) markobj(&g, G->tobefnz[i]);
  propagate_all(&g);
  clearbykeys(&g, &g.ephemerons);
  clearbykeys(&g, &g.allweak);
  clearbyvalues(&g, &g.weakvalues);
  clearbyvalues(&g, &g.allweak);
  if (major) sweep(L, &g);
  else sweepyoung(L, &g);
  lrtS_shrink(L);
  free(g.gray);
  free(g.large);
  free(g.weakvalues.v);
  free(g.ephemerons.v);
  free(g.allweak.v);
  /* The nursery (the allocation between minor collections, at least) doubles, up to
  ** GC_MINORMAX, while more than a quarter of what was allocated since the last collection
  ** survives a minor one, and halves back towards GC_MINORMIN while less than a tenth does.
  ** A survivor becomes old at once, so a program that builds large structures and drops
  ** them (binary_trees) promotes many of them before they die, and only a major collection
  ** frees them; a larger nursery gives them time to die young. A program whose young
  ** objects die (most) keeps the small nursery, whose memory stays in the cache. */
  if (!major && before > h->after) {
    size_t allocated = before - h->after;
    size_t survived = G->totalbytes > h->after ? G->totalbytes - h->after : 0;
    if (survived > allocated / 4 && h->nursery < GC_MINORMAX) h->nursery *= 2;
    else if (survived < allocated / 10 && h->nursery > GC_MINORMIN) h->nursery /= 2;
  }
  h->after = G->totalbytes;
  /* the next collection after GC_MINORMUL percent of the heap (as it was after the last
  ** major one) is allocated; a major one when the heap has grown by GC_MAJORMUL percent
  ** (lua5.4's generational mode: 20 and 100) */
  if (major) G->gcmajorbase = G->totalbytes;
  size_t step = G->gcmajorbase / 100 * GC_MINORMUL;
  G->gcthreshold = G->totalbytes + (step > h->nursery ? step : h->nursery);
  G->gcnextmajor = G->totalbytes > G->gcmajorbase / 100 * (100 + GC_MAJORMUL);
}

/* ======================================================================= finalizers */

void lrt_gc_checkfin(LState *L, GCObj *o, LTable *mt) {
  if (mt == NULL || (o->marked & GC_FINOBJ) || lrt_fasttm(L, mt, TM_GC) == NULL) return;
  Global *G = L->g;
  if (G->nfinobjs == G->finobjscap) {
    size_t n = G->finobjscap ? G->finobjscap * 2 : 16;
    GCObj **nf = (GCObj **)realloc(G->finobjs, n * sizeof(GCObj *));
    if (nf == NULL) lrt_errorf(L, "not enough memory");
    G->finobjs = nf;
    G->finobjscap = n;
  }
  o->marked |= GC_FINOBJ;
  G->finobjs[G->nfinobjs++] = o;
}

/* Calls one finalizer, protected: errors in __gc are ignored (lua5.4 only warns). */
static void callfinalizer(LState *L, GCObj *o) {
  TValue v;
  v.u.p = o;
  v.tt = o->tt;
  const TValue *tm = lrt_gettmbyobj(L, &v, TM_GC);
  if (tm == NULL || tm->tt != LT_FUNC) return;
  TValue *top = lrt_reserve(L, L->top);
  top[0] = *tm;
  top[1] = v;
  L->top = top + 2;
  lrt_pcall(L, top, 1);
  L->top = top;
}

/* Runs the finalizers of objects found unreachable, most recently marked first. Called
** only where running Lua code is safe (allocation points of generated code, collectgarbage). */
void lrt_gc_runfinalizers(LState *L) {
  Global *G = L->g;
  if (G->infinalizer) return;
  G->infinalizer = 1;
  while (G->ntobefnz > 0) {
    GCObj *o = G->tobefnz[--G->ntobefnz];
    callfinalizer(L, o);
  }
  G->infinalizer = 0;
}

void lrt_gc_finalizeall(LState *L) {
  Global *G = L->g;
  lrt_gc_runfinalizers(L);
  while (G->nfinobjs > 0) {
    GCObj *o = G->finobjs[--G->nfinobjs];
    o->marked &= (uint8_t)~GC_FINOBJ;
    callfinalizer(L, o);
  }
}
