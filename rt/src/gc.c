/*
** gc.c — a non-moving mark-and-sweep collector. The heap is traced precisely; the native
** stack of the Lua thread (and the registers, spilled with setjmp) and the value stack are
** scanned conservatively: any word that points into a live object keeps it, so generated
** code may keep values in registers freely.
*/
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

#define GC_MINTHRESHOLD ((size_t)8 << 20)

typedef struct GCState {
  GCObj **gray;
  size_t ngray, graysize;
  GCObj **set; /* every object's address, open-addressed, for conservative lookups */
  size_t setmask;
} GCState;

/* Conservative pointers may point inside an object (generated code keeps `box + 16` or
** `table + 16` in registers): look this far below a candidate for the object's start. */
#define MAXINTERIOR 64

void lrt_gc_init(LState *L) {
  L->gcthreshold = GC_MINTHRESHOLD;
  const char *stress = getenv("FLUA_GC_STRESS");
  L->gcstress = stress != NULL && stress[0] != '\0' && strcmp(stress, "0") != 0;
}

void lrt_pin(LState *L, const TValue *v) {
  if (L->npins == L->pinsize) {
    size_t n = L->pinsize ? L->pinsize * 2 : 16;
    TValue *np = (TValue *)realloc(L->pins, n * sizeof(TValue));
    if (np == NULL) lrt_errorf(L, "not enough memory");
    L->pins = np;
    L->pinsize = n;
  }
  L->pins[L->npins++] = *v;
}

static void markobj(GCState *g, GCObj *o) {
  if (o == NULL || (o->marked & GC_MARKED)) return;
  o->marked |= GC_MARKED;
  if (o->tt == LT_STR) return; /* no children */
  if (g->ngray == g->graysize) {
    size_t n = g->graysize ? g->graysize * 2 : 1024;
    GCObj **ng = (GCObj **)realloc(g->gray, n * sizeof(GCObj *));
    if (ng == NULL) abort(); /* cannot continue a collection without memory */
    g->gray = ng;
    g->graysize = n;
  }
  g->gray[g->ngray++] = o;
}

static int iscollectable(uint64_t tt) {
  return tt == LT_STR || tt == LT_TABLE || tt == LT_FUNC || tt == LT_USERDATA || tt == LT_THREAD;
}

static void markvalue(GCState *g, const TValue *v) {
  if (iscollectable(v->tt)) markobj(g, (GCObj *)v->u.p);
}

static void traverse(GCState *g, GCObj *o) {
  switch (o->tt) {
    case LT_TABLE: {
      LTable *t = (LTable *)o;
      if (t->meta) markobj(g, &t->meta->gc);
      for (uint64_t i = 0; i < t->asize; i++) markvalue(g, &t->arr[i]);
      for (uint64_t i = 0; i < t->hsize; i++) {
        Node *n = &t->node[i];
        if (ttisnil(&n->val)) continue; /* dead keys need not be kept */
        markvalue(g, &n->key);
        markvalue(g, &n->val);
      }
      break;
    }
    case LT_FUNC: {
      LClosure *cl = (LClosure *)o;
      for (uint64_t i = 0; i < cl->nupvals; i++)
        if (cl->upvals[i]) markobj(g, &cl->upvals[i]->gc);
      break;
    }
    case LT_UPVAL: markvalue(g, &((UpVal *)o)->v); break;
    case LT_USERDATA: {
      LUserdata *u = (LUserdata *)o;
      if (u->meta) markobj(g, &u->meta->gc);
      break;
    }
    default: break;
  }
}

static size_t objsize(const GCObj *o) {
  if (o->tt == LT_STR) return sizeof(LString) + ((const LString *)o)->len + 1;
  return o->size;
}

static size_t hashaddr(uintptr_t p) {
  return (size_t)((p >> 4) * 0x9E3779B97F4A7C15ULL >> 7);
}

static void setinsert(GCState *g, GCObj *o) {
  size_t i = hashaddr((uintptr_t)o) & g->setmask;
  while (g->set[i]) i = (i + 1) & g->setmask;
  g->set[i] = o;
}

static GCObj *setfind(GCState *g, uintptr_t p) {
  size_t i = hashaddr(p) & g->setmask;
  for (GCObj *o; (o = g->set[i]) != NULL; i = (i + 1) & g->setmask)
    if ((uintptr_t)o == p) return o;
  return NULL;
}

/* The object containing address w, if any (objects are 16-byte aligned by malloc). */
static GCObj *findobj(GCState *g, uintptr_t w) {
  uintptr_t start = w & ~(uintptr_t)15;
  for (int k = 0; k <= MAXINTERIOR / 16 && start >= (uintptr_t)k * 16; k++) {
    GCObj *o = setfind(g, start - (uintptr_t)k * 16);
    if (o) return w < (uintptr_t)o + objsize(o) ? o : NULL;
  }
  return NULL;
}

static void scanrange(GCState *g, const char *lo, const char *hi) {
  lo = (const char *)(((uintptr_t)lo + 7) & ~(uintptr_t)7);
  for (const char *p = lo; p + sizeof(uintptr_t) <= hi; p += sizeof(uintptr_t)) {
    uintptr_t w;
    memcpy(&w, p, sizeof w);
    GCObj *o = findobj(g, w);
    if (o) markobj(g, o);
  }
}

/* Kept out of line so that the registers it spills are below the scanned frame. */
static __attribute__((noinline)) void scanstack(LState *L, GCState *g) {
  jmp_buf regs;
  setjmp(regs);
  volatile char here = 0;
  const char *sp = (const char *)&here;
  scanrange(g, (const char *)&regs, (const char *)&regs + sizeof regs);
  if (L->cstack_base && sp < L->cstack_base) scanrange(g, sp, L->cstack_base);
}

static void unlinkdeadstrings(LState *L) {
  for (uint64_t i = 0; i < L->strt_size; i++) {
    LString **p = &L->strt[i];
    while (*p) {
      if (!((*p)->gc.marked & (GC_MARKED | GC_FIXED))) {
        *p = (*p)->hnext;
        L->strt_count--;
      } else p = &(*p)->hnext;
    }
  }
}

static void freeobj(LState *L, GCObj *o) {
  if (o->tt == LT_TABLE) {
    LTable *t = (LTable *)o;
    if (t->arr) lrt_free(L, t->arr, t->asize * sizeof(TValue));
    if (t->node) lrt_free(L, t->node, t->hsize * sizeof(Node));
  }
  lrt_free(L, o, objsize(o));
}

void lrt_gc_collect(LState *L) {
  GCState g = {NULL, 0, 0, NULL, 0};
  size_t n = 0;
  for (GCObj *o = L->allgc; o; o = o->next) n++;
  size_t cap = 64;
  while (cap < 2 * n) cap *= 2;
  g.set = (GCObj **)calloc(cap, sizeof(GCObj *));
  if (g.set == NULL) return; /* no memory to collect with: keep going without */
  g.setmask = cap - 1;
  for (GCObj *o = L->allgc; o; o = o->next) setinsert(&g, o);

  /* roots */
  if (L->globals) markobj(&g, &L->globals->gc);
  if (L->strmeta) markobj(&g, &L->strmeta->gc);
  markvalue(&g, &L->errval);
  for (size_t i = 0; i < L->npins; i++) markvalue(&g, &L->pins[i]);
  TValue *top = L->top + 1024 < L->stack_last ? L->top + 1024 : L->stack_last;
  for (TValue *v = L->stack; v < top; v++)
    if (iscollectable(v->tt)) {
      GCObj *o = findobj(&g, (uintptr_t)v->u.p);
      if (o) markobj(&g, o);
    }
  scanstack(L, &g);
  while (g.ngray > 0) traverse(&g, g.gray[--g.ngray]);

  /* sweep */
  unlinkdeadstrings(L);
  GCObj **p = &L->allgc;
  while (*p) {
    GCObj *o = *p;
    if (o->marked & (GC_MARKED | GC_FIXED)) {
      o->marked &= (uint8_t)~GC_MARKED;
      p = &o->next;
    } else {
      *p = o->next;
      freeobj(L, o);
    }
  }
  free(g.gray);
  free(g.set);
  L->gcthreshold = L->totalbytes * 2 > GC_MINTHRESHOLD ? L->totalbytes * 2 : GC_MINTHRESHOLD;
}
