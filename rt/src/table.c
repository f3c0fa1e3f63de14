/*
** table.c — Lua tables: an array part for keys 1..asize and an open-addressed hash part
** (linear probing, load factor at most 3/4) for everything else. Sizes are chosen on
** rehash as PUC Lua does, so that `#` finds the same borders for ordinary sequences.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

const TValue lrt_nilvalue = {{0}, LT_NIL};


static uint64_t hashkey(const TValue *k) {
  switch (k->tt) {
    case LT_STR: return lrtH_mix(lrtS_hashof(k->u.s));
    case LT_FALSE: case LT_TRUE: return k->tt;
    default: return lrtH_mix((uint64_t)k->u.i);
  }
}

/* Whether node key a equals the key b looked up. Equal strings are both short (interned:
** the same object) or both long; b's kind is read, not a's, as b is in the cache already. */
static int keyeq(const TValue *a, const TValue *b) {
  if (a->tt != b->tt) return 0;
  if (a->tt == LT_STR) {
    LString *x = a->u.s, *y = b->u.s;
    return x == y || (!y->isshort && lrtS_eqlong(x, y));
  }
  return a->u.i == b->u.i;
}

/* Float keys with an exact integer value are stored as integers (manual §3.4.3 / §2.1). */
static const TValue *normkey(const TValue *k, TValue *tmp) {
  int64_t i;
  if (k->tt == LT_FLT && lrtO_flttoint(k->u.n, &i)) {
    setint(tmp, i);
    return tmp;
  }
  return k;
}

static Node *findnode(const LTable *t, const TValue *k) {
  if (t->hsize == 0) return NULL;
  uint64_t mask = t->hsize - 1, i = hashkey(k) & mask;
  for (;;) {
    Node *n = &t->node[i];
    if (ttisnil(&n->key)) return NULL;
    if (keyeq(&n->key, k)) return n;
    i = (i + 1) & mask;
  }
}

const TValue *lrtH_getint(LTable *t, int64_t k) {
  if ((uint64_t)k - 1u < t->asize) return &t->arr[k - 1];
  TValue key;
  setint(&key, k);
  Node *n = findnode(t, &key);
  return n ? &n->val : &lrt_nilvalue;
}

int64_t lrtH_findstr(const LTable *t, const LString *k) {
  if (t->hsize == 0) return -1;
  return lrtH_findstrh(t, k, lrtH_mix(lrtS_hashof((LString *)k)));
}

int64_t lrtH_findstrh(const LTable *t, const LString *k, uint64_t mixed) {
  if (t->hsize == 0) return -1;
  uint64_t mask = t->hsize - 1, i = mixed & mask;
  for (;;) {
    const Node *n = &t->node[i];
    if (ttisnil(&n->key)) return -1;
    if (n->key.tt == LT_STR && (n->key.u.s == k || (!k->isshort && lrtS_eqlong(n->key.u.s, k)))) return (int64_t)i;
    i = (i + 1) & mask;
  }
}

const TValue *lrtH_getstr(LTable *t, LString *k) {
  if (t->hsize == 0) return &lrt_nilvalue;
  uint64_t mask = t->hsize - 1, i = lrtH_mix(lrtS_hashof(k)) & mask;
  for (;;) {
    Node *n = &t->node[i];
    if (ttisnil(&n->key)) return &lrt_nilvalue;
    if (n->key.tt == LT_STR && (n->key.u.s == k || (!k->isshort && lrtS_eqlong(n->key.u.s, k)))) return &n->val;
    i = (i + 1) & mask;
  }
}

const TValue *lrtH_get(LTable *t, const TValue *k) {
  switch (k->tt) {
    case LT_INT: return lrtH_getint(t, k->u.i);
    case LT_STR: return lrtH_getstr(t, k->u.s);
    case LT_NIL: return &lrt_nilvalue;
    case LT_FLT: {
      TValue tmp;
      const TValue *nk = normkey(k, &tmp);
      if (nk->tt == LT_INT) return lrtH_getint(t, nk->u.i);
      Node *n = findnode(t, k);
      return n ? &n->val : &lrt_nilvalue;
    }
    default: {
      Node *n = findnode(t, k);
      return n ? &n->val : &lrt_nilvalue;
    }
  }
}

/* ----------------------------------------------------------------------- rehash */

static int ceillog2(uint64_t x) {
  return x <= 1 ? 0 : 64 - __builtin_clzll(x - 1);
}

#define MAXABITS 40

static void countint(const TValue *k, uint64_t *nums, uint64_t *na) {
  if (k->tt == LT_INT && k->u.i >= 1 && (uint64_t)k->u.i <= (1ULL << MAXABITS)) {
    nums[ceillog2((uint64_t)k->u.i)]++;
    (*na)++;
  }
}

/* Puts key k (absent, its hashkey h) in the first empty slot of its probe run. */
static l_inline void insertnodeh(LTable *t, const TValue *k, const TValue *v, uint64_t h) {
  uint64_t mask = t->hsize - 1, i = h & mask;
  while (!ttisnil(&t->node[i].key)) i = (i + 1) & mask;
  t->node[i].key = *k;
  t->node[i].val = *v;
  t->hused++;
  t->keybits |= lrtH_keybit(h);
}

static void insertnode(LTable *t, const TValue *k, const TValue *v) {
  insertnodeh(t, k, v, hashkey(k));
}

void lrtH_resize(LState *L, LTable *t, uint64_t nasize, uint64_t nhsize) {
  uint64_t oasize = t->asize;
  Node *onode = t->node;
  uint64_t ohsize = t->hsize;
  Node *ninl = (Node *)((TValue *)(t + 1) + t->ninline);
  Node saved[LRT_MAXINLINENODES];
  int wasinline = lrtH_inlinenode(t);
  if (wasinline) { /* the new part may be the same inline one: rehash from a copy */
    memcpy(saved, onode, ohsize * sizeof(Node));
    onode = saved;
  }
  if (nhsize > 0) nhsize = 1ULL << ceillog2(nhsize);
  if (nhsize > 0 && nhsize <= t->ninlinenode) t->node = ninl;
  else t->node = nhsize ? (Node *)lrt_realloc(L, NULL, 0, nhsize * sizeof(Node)) : NULL;
  for (uint64_t i = 0; i < nhsize; i++) {
    setnil(&t->node[i].key);
    setnil(&t->node[i].val);
  }
  t->hsize = nhsize;
  t->hused = 0;
  t->keybits = 0;
  t->flags = 0;
  /* the array part is resized in place (realloc), so growing it copies nothing; one
  ** allocated inside the table stays there while it fits */
  if (nasize < oasize) {
    for (uint64_t i = nasize; i < oasize; i++) {
      if (ttisnil(&t->arr[i])) continue;
      TValue k;
      setint(&k, (int64_t)i + 1);
      insertnode(t, &k, &t->arr[i]);
    }
  }
  if (nasize != oasize) {
    TValue *ainl = (TValue *)(t + 1);
    if (lrtH_inlinearr(t) && nasize <= t->ninline) {
      if (nasize == 0) t->arr = NULL;
    } else if (t->arr == NULL && nasize > 0 && nasize <= t->ninline) {
      t->arr = ainl;
    } else if (lrtH_inlinearr(t)) { /* outgrows the inline part */
      TValue *a = (TValue *)lrt_realloc(L, NULL, 0, nasize * sizeof(TValue));
      memcpy(a, ainl, oasize * sizeof(TValue));
      t->arr = a;
    } else if (nasize == 0) {
      lrt_free(L, t->arr, oasize * sizeof(TValue));
      t->arr = NULL;
    } else {
      t->arr = (TValue *)lrt_realloc(L, t->arr, oasize * sizeof(TValue), nasize * sizeof(TValue));
    }
    for (uint64_t i = oasize; i < nasize; i++) setnil(&t->arr[i]);
    t->asize = nasize;
  }
  for (uint64_t i = 0; i < ohsize; i++) {
    Node *n = &onode[i];
    if (ttisnil(&n->val)) continue;
    if (n->key.tt == LT_INT && (uint64_t)n->key.u.i - 1u < nasize) t->arr[n->key.u.i - 1] = n->val;
    else insertnode(t, &n->key, &n->val);
  }
  if (onode && !wasinline) lrt_free(L, onode, ohsize * sizeof(Node));
}

/* Chooses new sizes counting every live key plus `extra`, as PUC Lua's rehash does. */
static void rehash(LState *L, LTable *t, const TValue *extra) {
  uint64_t nums[MAXABITS + 1] = {0};
  uint64_t na = 0, total = 0;
  /* the array part, slice by slice: keys in (2^(lg-1), 2^lg] count in nums[lg] */
  for (int lg = 0, i = 1; lg <= MAXABITS && (uint64_t)i <= t->asize; lg++) {
    uint64_t lim = (uint64_t)1 << lg;
    if (lim > t->asize) lim = t->asize;
    uint64_t c = 0;
    for (; (uint64_t)i <= lim; i++) c += !ttisnil(&t->arr[i - 1]);
    nums[lg] += c;
    na += c;
    total += c;
  }
  for (uint64_t i = 0; i < t->hsize; i++) {
    if (!ttisnil(&t->node[i].val)) {
      countint(&t->node[i].key, nums, &na);
      total++;
    }
  }
  countint(extra, nums, &na);
  total++;
  /* the largest power of two n such that more than n/2 of the slots 1..n are in use */
  uint64_t a = 0, nasize = 0, inarray = 0, twotoi = 1;
  for (int i = 0; i <= MAXABITS && na > twotoi / 2; i++, twotoi *= 2) {
    a += nums[i];
    if (a > twotoi / 2) {
      nasize = twotoi;
      inarray = a;
    }
  }
  uint64_t nh = total - inarray;
  uint64_t nhsize = nh ? (nh * 4 + 2) / 3 + 1 : 0;
  lrtH_resize(L, t, nasize, nhsize);
}

/* Stores into an existing node. A key coming back to life can be a metamethod that
** fasttm has cached as absent: forget the cache then, as lua5.4 does. */
static void setnode(LState *L, LTable *t, Node *n, const TValue *v) {
  int revived = ttisnil(&n->val);
  if (revived) t->flags = 0;
  n->val = *v;
  if (revived) lrt_gc_barrier(L, t); /* the key too is referenced again */
  else lrt_gc_barrierval(L, t, v);
}

void lrtH_setslot(LState *L, LTable *t, uint64_t i, const TValue *v) {
  setnode(L, t, &t->node[i], v);
}

/* A new key k (absent, its hashkey h): inserted, or the table rehashed first when it is
** 3/4 full. */
static l_inline void newkeyh(LState *L, LTable *t, const TValue *k, const TValue *v, uint64_t h) {
  if (((uint64_t)t->hused + 1) * 4 > t->hsize * 3) {
    rehash(L, t, k);
    lrtH_set(L, t, k, v);
    return;
  }
  insertnodeh(t, k, v, h);
  t->flags = 0;
  lrt_gc_barrier(L, t);
}

static void newkey(LState *L, LTable *t, const TValue *k, const TValue *v) {
  newkeyh(L, t, k, v, hashkey(k));
}

void lrtH_setint(LState *L, LTable *t, int64_t k, const TValue *v) {
  if ((uint64_t)k - 1u < t->asize) {
    t->arr[k - 1] = *v;
    lrt_gc_barrierval(L, t, v);
    return;
  }
  TValue key;
  setint(&key, k);
  Node *n = findnode(t, &key);
  if (n) setnode(L, t, n, v);
  else if (!ttisnil(v)) newkey(L, t, &key, v);
}

/* t[k] = v for a string key k, which `mixed` (lrtH_mix of its hash, its hashkey) was found
** absent from t's hash part by lrtH_findstrh, and which no __newindex concerns: a new
** key without hashing it again. */
void lrtH_newstr(LState *L, LTable *t, LString *k, uint64_t mixed, const TValue *v) {
  if (ttisnil(v)) return;
  TValue key;
  setstr(&key, k);
  newkeyh(L, t, &key, v, mixed);
}

void lrtH_setstr(LState *L, LTable *t, LString *k, const TValue *v) {
  int64_t i = lrtH_findstr(t, k);
  if (i >= 0) setnode(L, t, &t->node[i], v);
  else if (!ttisnil(v)) {
    TValue key;
    setstr(&key, k);
    newkey(L, t, &key, v);
  }
}

void lrtH_set(LState *L, LTable *t, const TValue *k, const TValue *v) {
  TValue tmp;
  k = normkey(k, &tmp);
  if (k->tt == LT_INT) {
    lrtH_setint(L, t, k->u.i, v);
    return;
  }
  if (l_unlikely(k->tt == LT_NIL)) lrt_errorf(L, "table index is nil");
  if (l_unlikely(k->tt == LT_FLT && isnan(k->u.n))) lrt_errorf(L, "table index is NaN");
  Node *n = findnode(t, k);
  if (n) setnode(L, t, n, v);
  else if (!ttisnil(v)) newkey(L, t, k, v);
}

/* ----------------------------------------------------------------------- length, next */

int64_t lrtH_getn(LTable *t) {
  uint64_t asize = t->asize;
  if (asize > 0 && ttisnil(&t->arr[asize - 1])) {
    /* A border inside the array part. Pushes and pops move it by one: try the last
    ** border and its neighbours, then binary search. A border j < asize means
    ** (j == 0 or arr[j-1] non-nil) and arr[j] nil. */
    TValue *a = t->arr;
    uint64_t h = t->lenhint;
    if (h < asize) {
      if ((h == 0 || !ttisnil(&a[h - 1])) && ttisnil(&a[h])) return (int64_t)h;
      if (h + 1 < asize && !ttisnil(&a[h]) && ttisnil(&a[h + 1])) return (int64_t)(t->lenhint = h + 1);
      if (h >= 1 && ttisnil(&a[h - 1]) && (h == 1 || !ttisnil(&a[h - 2]))) return (int64_t)(t->lenhint = h - 1);
    }
    uint64_t lo = 0, hi = asize; /* arr[lo-1] non-nil (or lo == 0), arr[hi-1] nil */
    while (hi - lo > 1) {
      uint64_t m = (lo + hi) / 2;
      if (ttisnil(&a[m - 1])) hi = m;
      else lo = m;
    }
    t->lenhint = lo;
    return (int64_t)lo;
  }
  if (t->hsize == 0 || ttisnil(lrtH_getint(t, (int64_t)asize + 1))) return (int64_t)asize;
  uint64_t i = asize + 1, j = i * 2;
  while (!ttisnil(lrtH_getint(t, (int64_t)j))) {
    i = j;
    if (j > (uint64_t)INT64_MAX / 2) { /* overflow: linear search */
      uint64_t k = 1;
      while (!ttisnil(lrtH_getint(t, (int64_t)k))) k++;
      return (int64_t)(k - 1);
    }
    j *= 2;
  }
  while (j - i > 1) {
    uint64_t m = (i + j) / 2;
    if (ttisnil(lrtH_getint(t, (int64_t)m))) j = m;
    else i = m;
  }
  return (int64_t)i;
}

int lrtH_next(LState *L, LTable *t, TValue *key, TValue *val) {
  return lrtH_nextat(L, t, key, val, NULL);
}

/* lrtH_next with `*at` (when not NULL) the position after the entry it returned last (0 at
** first): where `key` is found without hashing it while the table has not rehashed. */
int lrtH_nextat(LState *L, LTable *t, TValue *key, TValue *val, uint64_t *at) {
  uint64_t i, h = at ? *at - t->asize - 1 : UINT64_MAX;
  TValue tmp;
  const TValue *k = normkey(key, &tmp);
  if (ttisnil(k)) i = 0;
  else if (k->tt == LT_INT && (uint64_t)k->u.i - 1u < t->asize) i = (uint64_t)k->u.i;
  else if (h < t->hsize && t->node[h].key.tt == k->tt && t->node[h].key.u.i == k->u.i) i = *at;
  else {
    Node *n = findnode(t, k);
    if (n == NULL) lrt_errornopos(L, "invalid key to 'next'");
    i = t->asize + (uint64_t)(n - t->node) + 1;
  }
  for (; i < t->asize; i++) {
    if (!ttisnil(&t->arr[i])) {
      setint(key, (int64_t)i + 1);
      *val = t->arr[i];
      if (at) *at = i + 1;
      return 1;
    }
  }
  for (i -= t->asize; i < t->hsize; i++) {
    if (!ttisnil(&t->node[i].val)) {
      *key = t->node[i].key;
      *val = t->node[i].val;
      if (at) *at = t->asize + i + 1;
      return 1;
    }
  }
  return 0;
}

/* ----------------------------------------------------------------------- codegen entry points */

int64_t lrt_tablen(LTable *t) {
  return lrtH_getn(t);
}

void lrt_append(LState *L, LTable *t, int64_t vp, uint64_t vt) {
  TValue v;
  v.u.i = vp;
  v.tt = vt;
  lrtH_setint(L, t, lrtH_getn(t) + 1, &v);
}

/* Generated code allocates tables here: a safe point to run pending finalizers (no runtime
** function is half-way through an operation). The runtime itself uses lrtH_new. */
LTable *lrt_newtable(LState *L, int32_t narr, int32_t nhash) {
  if (l_unlikely(L->g->ntobefnz > 0)) lrt_gc_runfinalizers(L);
  return lrtH_new(L, narr, nhash);
}

/* An empty table with room for ninline array slots and ninlinenode hash nodes after it;
** inlined, as the record constructors' fast path (lrt_newrecord) is most of its work. */
static l_inline LTable *newtable(LState *L, uint16_t ninline, uint16_t ninlinenode) {
  LTable *t = (LTable *)lrt_alloc(L, sizeof(LTable) + ninline * sizeof(TValue) + ninlinenode * sizeof(Node), LT_TABLE);
  t->ninline = ninline;
  t->ninlinenode = ninlinenode;
  t->arr = NULL;
  t->asize = 0;
  t->meta = NULL;
  t->node = NULL;
  t->hsize = 0;
  t->hused = 0;
  t->keybits = 0;
  t->flags = 0;
  t->lenhint = 0;
  return t;
}

/* Record constructors, `{a = x, b = y}` with constant string keys only. The first table
** built at a site leaves its hash part behind as the site's shape: later tables copy it,
** keys already in place, and drop each value into its known slot without hashing. */
typedef struct RecordShape {
  uint64_t hsize;
  uint32_t hused, keybits;
  Node *nodes;     /* the keys, with nil values */
  uint32_t slot[]; /* where the i-th field's key lives */
} RecordShape;

static void saveshape(LTable *t, void **site, LString **const *keys, int32_t n) {
  RecordShape *sh = (RecordShape *)malloc(sizeof(RecordShape) + (size_t)n * sizeof(uint32_t));
  Node *nodes = (Node *)malloc(t->hsize * sizeof(Node));
  if (sh == NULL || nodes == NULL) { /* no shape: every table is built the slow way */
    free(sh);
    free(nodes);
    return;
  }
  memcpy(nodes, t->node, t->hsize * sizeof(Node));
  for (uint64_t i = 0; i < t->hsize; i++) setnil(&nodes[i].val);
  for (int32_t i = 0; i < n; i++) sh->slot[i] = (uint32_t)lrtH_findstr(t, *keys[i]);
  sh->hsize = t->hsize;
  sh->hused = t->hused;
  sh->keybits = t->keybits;
  sh->nodes = nodes;
  *site = sh;
}

LTable *lrt_newrecord(LState *L, void **site, LString **const *keys, const TValue *vals, int32_t n) {
  if (l_unlikely(L->g->ntobefnz > 0)) lrt_gc_runfinalizers(L);
  int nonil = 1;
  for (int32_t i = 0; i < n; i++) nonil &= !ttisnil(&vals[i]);
  RecordShape *sh = (RecordShape *)*site;
  if (sh && nonil) { /* the table as lrtH_new(L, 0, n) makes it, keys copied in */
    uint64_t hs = sh->hsize;
    uint16_t inl = hs <= LRT_MAXINLINENODES ? (uint16_t)hs : 0;
    LTable *t = newtable(L, 0, inl);
    t->node = inl ? (Node *)(t + 1) : (Node *)lrt_realloc(L, NULL, 0, hs * sizeof(Node));
    t->hsize = hs;
    t->hused = sh->hused;
    t->keybits = sh->keybits;
    memcpy(t->node, sh->nodes, hs * sizeof(Node));
    for (int32_t i = 0; i < n; i++) t->node[sh->slot[i]].val = vals[i];
    return t;
  }
  LTable *t = lrtH_new(L, 0, n);
  for (int32_t i = 0; i < n; i++) lrtH_setstr(L, t, *keys[i], &vals[i]);
  if (sh == NULL && nonil && t->asize == 0) saveshape(t, site, keys, n);
  return t;
}

/* Table constructors whose items are all constants (numbers, strings, booleans, nil and
** such constructors), with positional and `name =` items only: codegen encodes them as
** 64-bit words instead of generating code per item (src/codegen/expr.rs, `const_table`).
** A table is a word npos | nnamed << 32, its npos positional values, then nnamed pairs of
** a string index (into strs, slots of interned strings) and a value. A value is its tag
** word, then the integer, the float's bits or the string index; a table value is its tag
** word followed by the nested table. Items are stored in order, as the constructor would. */
static const uint64_t *constvalue(LState *L, const uint64_t *p, LString **const *strs, TValue *v);

static const uint64_t *consttable(LState *L, const uint64_t *p, LString **const *strs, LTable **out) {
  uint64_t npos = p[0] & 0xffffffffu, nnamed = p[0] >> 32;
  p++;
  LTable *t = lrtH_new(L, (int32_t)npos, (int32_t)nnamed); /* held by this frame (the stack is scanned) */
  for (uint64_t i = 0; i < npos; i++) {
    TValue v;
    p = constvalue(L, p, strs, &v);
    lrtH_setint(L, t, (int64_t)i + 1, &v);
  }
  for (uint64_t i = 0; i < nnamed; i++) {
    LString *k = *strs[*p++];
    TValue v;
    p = constvalue(L, p, strs, &v);
    lrtH_setstr(L, t, k, &v);
  }
  *out = t;
  return p;
}

static const uint64_t *constvalue(LState *L, const uint64_t *p, LString **const *strs, TValue *v) {
  uint64_t tt = *p++;
  switch (tt) {
    case LT_INT: case LT_FLT: v->u.i = (int64_t)*p++; break;
    case LT_STR: v->u.s = *strs[*p++]; break;
    case LT_TABLE: {
      LTable *t;
      p = consttable(L, p, strs, &t);
      v->u.t = t;
      break;
    }
    default: v->u.i = 0; break; /* nil, false, true */
  }
  v->tt = tt;
  return p;
}

LTable *lrt_consttable(LState *L, const uint64_t *desc, LString **const *strs) {
  if (l_unlikely(L->g->ntobefnz > 0)) lrt_gc_runfinalizers(L);
  LTable *t;
  consttable(L, desc, strs, &t);
  return t;
}

/* lrtH_new's other cases: a hash part, or an array part too large to go inline. Not
** inlined: lrtH_new's fast path keeps no registers across its allocation (a frame that
** saved some left dead trees' addresses for the conservative stack scan to find). */
static l_noinline LTable *newsized(LState *L, int32_t narr, int32_t nhash) {
  /* room for nhash keys within the 3/4 load factor newkey keeps: at least 4n/3 slots
  ** (a record of three fields gets four) */
  uint64_t nh = nhash > 0 ? ((uint64_t)nhash * 4 + 2) / 3 : 0;
  uint16_t ninline = narr > 0 && narr <= LRT_MAXINLINE ? (uint16_t)narr : 0;
  uint16_t ninlinenode = 0;
  if (nhash > 0 && (1u << ceillog2(nh)) <= LRT_MAXINLINENODES) ninlinenode = (uint16_t)(1u << ceillog2(nh));
  LTable *t = newtable(L, ninline, ninlinenode);
  if (ninlinenode && narr <= 0) { /* a record's or a sized `{}`'s hash part, directly */
    t->node = (Node *)(t + 1);
    t->hsize = ninlinenode;
    memset(t->node, 0, ninlinenode * sizeof(Node)); /* nil keys and values (LT_NIL is 0) */
  } else {
    lrtH_resize(L, t, narr > 0 ? (uint64_t)narr : 0, nh);
  }
  return t;
}

LTable *lrtH_new(LState *L, int32_t narr, int32_t nhash) {
  if (nhash > 0 || narr > LRT_MAXINLINE) return newsized(L, narr, nhash);
  /* `{}` and the usual `{a, b}`: what lrtH_resize would do, directly (the sizes read
  ** back from the table, so that nothing is kept across the allocation) */
  LTable *t = newtable(L, narr > 0 ? (uint16_t)narr : 0, 0);
  if (t->ninline > 0) {
    TValue *a = (TValue *)(t + 1);
    t->arr = a;
    t->asize = t->ninline;
    for (uint16_t i = 0; i < t->ninline; i++) setnil(&a[i]);
  }
  return t;
}

/* A table constructor's keyed field: `{name = v}` (a string key, the common case) or `{[k] = v}`. */
void lrt_rawsetv(LState *L, LTable *t, int64_t kp, uint64_t kt, int64_t vp, uint64_t vt) {
  TValue k, v;
  k.u.i = kp;
  k.tt = kt;
  v.u.i = vp;
  v.tt = vt;
  if (kt == LT_STR) lrtH_setstr(L, t, k.u.s, &v);
  else lrtH_set(L, t, &k, &v);
}

void lrt_setlist(LState *L, LTable *t, int64_t first, const TValue *vals, int32_t n) {
  if (n > 0 && (uint64_t)(first + n - 1) > t->asize && t->hused == 0)
    lrtH_resize(L, t, (uint64_t)(first + n - 1), 0);
  if (first >= 1 && (uint64_t)(first + n - 1) <= t->asize) { /* all in the array part */
    for (int32_t i = 0; i < n; i++) t->arr[first - 1 + i] = vals[i];
    lrt_gc_barrier(L, t);
    return;
  }
  for (int32_t i = 0; i < n; i++) lrtH_setint(L, t, first + i, &vals[i]);
}
