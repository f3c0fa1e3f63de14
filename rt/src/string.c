/*
** string.c — string objects and the intern table for short strings.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

/* FNV-1a, finished with a multiply so that the low bits (the bucket) mix well. */
uint32_t lrtS_hash(const char *s, size_t len) {
  uint32_t h = 2166136261u ^ (uint32_t)len;
  for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return h;
}

static void resize_strt(LState *L, uint64_t nsize) {
  LString **nt = (LString **)calloc(nsize, sizeof(LString *));
  if (nt == NULL) return; /* keep the old, longer chains */
  for (uint64_t i = 0; i < L->g->strt_size; i++) {
    LString *s = L->g->strt[i];
    while (s) {
      LString *next = s->hnext;
      uint64_t j = s->hash & (nsize - 1);
      s->hnext = nt[j];
      nt[j] = s;
      s = next;
    }
  }
  free(L->g->strt);
  L->g->strt = nt;
  L->g->strt_size = nsize;
}

static LString *createstr(LState *L, const char *s, size_t len, uint32_t h, int isshort) {
  LString *ts = (LString *)lrt_alloc(L, sizeof(LString) + len + 1, LT_STR);
  ts->len = len;
  ts->hash = h;
  ts->isshort = (uint8_t)isshort;
  ts->hnext = NULL;
  if (len) memcpy(ts->data, s, len);
  ts->data[len] = '\0';
  return ts;
}

LString *lrtS_new(LState *L, const char *s, size_t len) {
  /* long strings are hashed only if they become table keys (lrtS_hashof) */
  if (len > LRT_MAXSHORTLEN) return createstr(L, s, len, 0, 0);
  uint32_t h = lrtS_hash(s, len);
  LString **list = &L->g->strt[h & (L->g->strt_size - 1)];
  for (LString *ts = *list; ts; ts = ts->hnext)
    if (ts->len == len && memcmp(ts->data, s, len) == 0) return ts;
  if (L->g->strt_count >= L->g->strt_size) {
    resize_strt(L, L->g->strt_size * 2);
    list = &L->g->strt[h & (L->g->strt_size - 1)];
  }
  LString *ts = createstr(L, s, len, h, 1);
  ts->hnext = *list;
  *list = ts;
  L->g->strt_count++;
  return ts;
}

uint32_t lrtS_hashof(LString *s) {
  if (!s->isshort && s->hash == 0) {
    uint32_t h = lrtS_hash(s->data, s->len);
    s->hash = h ? h : 1;
  }
  return s->hash;
}

LString *lrtS_newz(LState *L, const char *s) {
  return lrtS_new(L, s, strlen(s));
}

int lrtS_eqlong(const LString *a, const LString *b) {
  return a == b || (a->len == b->len && memcmp(a->data, b->data, a->len) == 0);
}

/* ----------------------------------------------------------------------- buffers */

void lrt_buffinit(lrt_Buffer *B) {
  B->b = B->init;
  B->n = 0;
  B->size = sizeof(B->init);
}

static void buffgrow(lrt_Buffer *B, size_t extra) {
  size_t nsize = B->size * 2;
  if (nsize < B->n + extra) nsize = B->n + extra;
  char *nb;
  if (B->b == B->init) {
    nb = (char *)malloc(nsize);
    if (nb) memcpy(nb, B->b, B->n);
  } else {
    nb = (char *)realloc(B->b, nsize);
  }
  if (nb == NULL) {
    fputs("not enough memory\n", stderr);
    exit(1);
  }
  B->b = nb;
  B->size = nsize;
}

void lrt_addlstring(lrt_Buffer *B, const char *s, size_t l) {
  if (B->n + l > B->size) buffgrow(B, l);
  if (l) memcpy(B->b + B->n, s, l);
  B->n += l;
}

void lrt_addchar(lrt_Buffer *B, char c) {
  if (B->n + 1 > B->size) buffgrow(B, 1);
  B->b[B->n++] = c;
}

void lrt_addstring(lrt_Buffer *B, const char *s) {
  lrt_addlstring(B, s, strlen(s));
}

LString *lrt_buffresult(LState *L, lrt_Buffer *B) {
  LString *s = lrtS_new(L, B->b, B->n);
  lrt_bufffree(B);
  return s;
}

void lrt_bufffree(lrt_Buffer *B) {
  if (B->b != B->init) free(B->b);
  lrt_buffinit(B);
}
