/*
** string.c — string objects and the intern table for short strings.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

#define ENTRY_PTR(e) ((LString *)(uintptr_t)((e) & ((UINT64_C(1) << 48) - 1)))
#define ENTRY_TAG(e) ((e) >> 48)
#define HASH_TAG(h) ((uint64_t)((h) >> 16))
#define MAKE_ENTRY(s, h) ((HASH_TAG(h) << 48) | (uint64_t)(uintptr_t)(s))

static LString *createstr(LState *L, const char *s, size_t len, uint32_t h, int isshort) {
  LString *ts = (LString *)lrt_alloc(L, sizeof(LString) + len + 1, LT_STR);
  if (l_unlikely(((uint64_t)(uintptr_t)ts >> 48) != 0)) { /* StrEntry could not hold it */
    fputs("flua: a heap address does not fit in 48 bits\n", stderr);
    abort();
  }
  ts->len = len;
  ts->hash = h;
  ts->isshort = (uint8_t)isshort;
  if (len && s) memcpy(ts->data, s, len);
  ts->data[len] = '\0';
  return ts;
}

/* A long string whose len bytes the caller fills in (len > LRT_MAXSHORTLEN: long strings
** are not interned, so their contents may be written after creation). */
LString *lrtS_newlong(LState *L, size_t len) {
  return createstr(L, NULL, len, 0, 0);
}

/* Rehashes the intern table into one of nsize entries (a power of two); 0 when there is
** no memory for it, the table unchanged. */
static int rehash_strt(Global *g, uint64_t nsize) {
  StrEntry *nt = (StrEntry *)calloc(nsize, sizeof(StrEntry));
  if (nt == NULL) return 0;
  for (uint64_t i = 0; i < g->strt_size; i++) {
    StrEntry e = g->strt[i];
    if (e == 0 || e == LRT_STRTOMB) continue;
    uint64_t j = ENTRY_PTR(e)->hash & (nsize - 1);
    while (nt[j]) j = (j + 1) & (nsize - 1);
    nt[j] = e;
  }
  free(g->strt);
  g->strt = nt;
  g->strt_size = nsize;
  g->strt_tombs = 0;
  return 1;
}

static void resize_strt(LState *L, uint64_t nsize) {
  if (!rehash_strt(L->g, nsize)) lrt_outofmemory(L);
}

LString *lrtS_new(LState *L, const char *s, size_t len) {
  /* long strings are hashed only if they become table keys (lrtS_hashof) */
  if (len > LRT_MAXSHORTLEN) return createstr(L, s, len, 0, 0);
  uint32_t h = lrtS_hash(s, len);
  Global *g = L->g;
  uint64_t mask = g->strt_size - 1, i = h & mask;
  for (StrEntry e; (e = g->strt[i]) != 0; i = (i + 1) & mask) {
    if (ENTRY_TAG(e) != HASH_TAG(h) || e == LRT_STRTOMB) continue;
    LString *o = ENTRY_PTR(e);
    if (o->hash == h && o->len == len && memcmp(o->data, s, len) == 0) return o;
  }
  LString *ts = createstr(L, s, len, h, 1); /* may collect, changing the table */
  if ((g->strt_count + g->strt_tombs + 1) * 2 > g->strt_size)
    resize_strt(L, (g->strt_count + 1) * 4 > g->strt_size ? g->strt_size * 2 : g->strt_size);
  mask = g->strt_size - 1;
  for (i = h & mask; g->strt[i] != 0 && g->strt[i] != LRT_STRTOMB; i = (i + 1) & mask) {}
  if (g->strt[i] == LRT_STRTOMB) g->strt_tombs--;
  g->strt[i] = MAKE_ENTRY(ts, h);
  g->strt_count++;
  return ts;
}

/* Called by the collector after a sweep: a table left at most 1/8 full (a burst of
** strings that died) shrinks to 4 times its live entries (at least 1/8 of its size and
** 1,024 entries), its tombstones dropped, so that lookups probe a table that fits in the
** cache again. Without memory for the smaller table, the table stays as it is. */
void lrtS_shrink(LState *L) {
  Global *g = L->g;
  if (g->strt_size <= 1024 || g->strt_count * 8 > g->strt_size) return;
  uint64_t n = g->strt_size / 8 > 1024 ? g->strt_size / 8 : 1024;
  while (n < g->strt_count * 4) n *= 2;
  (void)rehash_strt(g, n);
}

/* Called by the collector for a dead short string. */
void lrtS_remove(LState *L, LString *s) {
  Global *g = L->g;
  uint64_t mask = g->strt_size - 1, i = s->hash & mask;
  while (g->strt[i] != MAKE_ENTRY(s, s->hash)) {
    if (g->strt[i] == 0) return; /* not interned */
    i = (i + 1) & mask;
  }
  g->strt[i] = LRT_STRTOMB;
  g->strt_count--;
  g->strt_tombs++;
}

uint32_t lrtS_hashlong(LString *s) {
  uint32_t h = lrtS_hash(s->data, s->len);
  s->hash = h ? h : 1;
  return s->hash;
}

LString *lrtS_newz(LState *L, const char *s) {
  return lrtS_new(L, s, strlen(s));
}

int lrtS_eqlong(const LString *a, const LString *b) {
  return a == b || (a->len == b->len && memcmp(a->data, b->data, a->len) == 0);
}

/* ----------------------------------------------------------------------- buffers */

void lrt_buffinit(LState *L, lrt_Buffer *B) {
  B->b = B->init;
  B->n = 0;
  B->size = sizeof(B->init);
  B->L = L;
}

void lrt_buffgrow(lrt_Buffer *B, size_t extra) {
  size_t nsize = B->size * 2;
  if (nsize < B->n + extra) nsize = B->n + extra;
  if (nsize < B->n) lrt_errorf(B->L, "not enough memory"); /* size overflow */
  /* a long-string-shaped block: no children, nothing to do when it is freed */
  LString *blob = (LString *)lrt_alloc(B->L, sizeof(LString) + nsize + 1, LT_STR);
  blob->len = nsize;
  blob->hash = 0;
  blob->isshort = 0;
  memcpy(blob->data, B->b, B->n);
  B->b = blob->data;
  B->size = nsize;
}

void lrt_addlstring(lrt_Buffer *B, const char *s, size_t l) {
  if (B->n + l > B->size) lrt_buffgrow(B, l);
  if (l) memcpy(B->b + B->n, s, l);
  B->n += l;
}

void lrt_addstring(lrt_Buffer *B, const char *s) {
  lrt_addlstring(B, s, strlen(s));
}

LString *lrt_buffresult(LState *L, lrt_Buffer *B) {
  LString *s = lrtS_new(L, B->b, B->n);
  lrt_buffinit(L, B);
  return s;
}
