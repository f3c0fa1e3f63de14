/*
** string_pattern.c — Lua patterns (manual §6.4.1) and the functions that use them:
** string.find, match, gmatch and gsub. The matcher is a backtracking recursive descent
** over the pattern, with a depth limit.
*/
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

#define MAXCAPTURES 32
#define MAXMATCHDEPTH 200
#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)
#define SPECIALS "^$*+?.([%-"

typedef struct MatchState {
  const char *src_init, *src_end, *p_end;
  LState *L;
  int level;
  int depth;
  struct {
    const char *init;
    ptrdiff_t len;
  } capture[MAXCAPTURES];
} MatchState;

static const char *do_match(MatchState *ms, const char *s, const char *p);

static int class_matches(int c, int cl) {
  int res;
  switch (tolower(cl)) {
    case 'a': res = isalpha(c); break;
    case 'c': res = iscntrl(c); break;
    case 'd': res = isdigit(c); break;
    case 'g': res = isgraph(c); break;
    case 'l': res = islower(c); break;
    case 'p': res = ispunct(c); break;
    case 's': res = isspace(c); break;
    case 'u': res = isupper(c); break;
    case 'w': res = isalnum(c); break;
    case 'x': res = isxdigit(c); break;
    default: return cl == c;
  }
  if (isupper(cl)) res = !res;
  return res != 0;
}

/* Whether c is in the set [...] that starts at p ('[') and whose ']' is at close. */
static int set_matches(int c, const char *p, const char *close) {
  int negate = 0;
  p++;
  if (*p == '^') {
    negate = 1;
    p++;
  }
  for (; p < close; p++) {
    if (*p == '%') {
      p++;
      if (class_matches(c, (unsigned char)*p)) return !negate;
    } else if (p[1] == '-' && p + 2 < close) {
      if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return !negate;
      p += 2;
    } else if ((unsigned char)*p == c) return !negate;
  }
  return negate;
}

/* The end of the single-character item at p (a char, %x, or a set). */
static const char *item_end(MatchState *ms, const char *p) {
  switch (*p++) {
    case '%':
      if (p >= ms->p_end) lrt_errorf(ms->L, "malformed pattern (ends with '%%')");
      return p + 1;
    case '[':
      if (*p == '^') p++;
      do { /* the first ']' of a set is a literal */
        if (p >= ms->p_end) lrt_errorf(ms->L, "malformed pattern (missing ']')");
        if (*(p++) == '%' && p < ms->p_end) p++;
      } while (*p != ']');
      return p + 1;
    default: return p;
  }
}

static int single_match(MatchState *ms, const char *s, const char *p, const char *ep) {
  if (s >= ms->src_end) return 0;
  int c = (unsigned char)*s;
  switch (*p) {
    case '.': return 1;
    case '%': return class_matches(c, (unsigned char)p[1]);
    case '[': return set_matches(c, p, ep - 1);
    default: return (unsigned char)*p == c;
  }
}

static const char *match_balance(MatchState *ms, const char *s, const char *p) {
  if (p + 1 >= ms->p_end) lrt_errorf(ms->L, "malformed pattern (missing arguments to '%%b')");
  if (s >= ms->src_end || *s != *p) return NULL;
  int open = *p, close = p[1], depth = 1;
  while (++s < ms->src_end) {
    if (*s == close) {
      if (--depth == 0) return s + 1;
    } else if (*s == open) depth++;
  }
  return NULL;
}

static const char *max_expand(MatchState *ms, const char *s, const char *p, const char *ep) {
  ptrdiff_t i = 0;
  while (single_match(ms, s + i, p, ep)) i++;
  for (; i >= 0; i--) { /* try the longest repetition first */
    const char *res = do_match(ms, s + i, ep + 1);
    if (res) return res;
  }
  return NULL;
}

static const char *min_expand(MatchState *ms, const char *s, const char *p, const char *ep) {
  for (;;) {
    const char *res = do_match(ms, s, ep + 1);
    if (res) return res;
    if (single_match(ms, s, p, ep)) s++;
    else return NULL;
  }
}

static const char *start_capture(MatchState *ms, const char *s, const char *p, ptrdiff_t what) {
  if (ms->level >= MAXCAPTURES) lrt_errorf(ms->L, "too many captures");
  ms->capture[ms->level].init = s;
  ms->capture[ms->level].len = what;
  ms->level++;
  const char *res = do_match(ms, s, p);
  if (res == NULL) ms->level--;
  return res;
}

static const char *end_capture(MatchState *ms, const char *s, const char *p) {
  int l = ms->level - 1;
  while (l >= 0 && ms->capture[l].len != CAP_UNFINISHED) l--;
  if (l < 0) lrt_errorf(ms->L, "invalid pattern capture");
  ms->capture[l].len = s - ms->capture[l].init;
  const char *res = do_match(ms, s, p);
  if (res == NULL) ms->capture[l].len = CAP_UNFINISHED;
  return res;
}

static int capture_index(MatchState *ms, int c) {
  int l = c - '1';
  if (l < 0 || l >= ms->level || ms->capture[l].len == CAP_UNFINISHED)
    lrt_errorf(ms->L, "invalid capture index %%%d", l + 1);
  return l;
}

static const char *match_capture(MatchState *ms, const char *s, int c) {
  int l = capture_index(ms, c);
  size_t len = (size_t)ms->capture[l].len;
  if ((size_t)(ms->src_end - s) >= len && memcmp(ms->capture[l].init, s, len) == 0) return s + len;
  return NULL;
}

static const char *do_match(MatchState *ms, const char *s, const char *p) {
  if (ms->depth-- == 0) lrt_errorf(ms->L, "pattern too complex");
  while (p != ms->p_end) {
    switch (*p) {
      case '(':
        s = p[1] == ')' ? start_capture(ms, s, p + 2, CAP_POSITION) : start_capture(ms, s, p + 1, CAP_UNFINISHED);
        goto done;
      case ')':
        s = end_capture(ms, s, p + 1);
        goto done;
      case '$':
        if (p + 1 != ms->p_end) goto item;
        s = s == ms->src_end ? s : NULL;
        goto done;
      case '%':
        switch (p[1]) {
          case 'b':
            s = match_balance(ms, s, p + 2);
            if (s == NULL) goto done;
            p += 4;
            continue;
          case 'f': {
            p += 2;
            if (*p != '[') lrt_errorf(ms->L, "missing '[' after '%%f' in pattern");
            const char *ep = item_end(ms, p);
            int prev = s == ms->src_init ? '\0' : (unsigned char)s[-1];
            int cur = s < ms->src_end ? (unsigned char)*s : '\0';
            if (!set_matches(prev, p, ep - 1) && set_matches(cur, p, ep - 1)) {
              p = ep;
              continue;
            }
            s = NULL;
            goto done;
          }
          case '0': case '1': case '2': case '3': case '4':
          case '5': case '6': case '7': case '8': case '9':
            s = match_capture(ms, s, (unsigned char)p[1]);
            if (s == NULL) goto done;
            p += 2;
            continue;
          default: goto item;
        }
      default:
      item: {
        const char *ep = item_end(ms, p);
        if (!single_match(ms, s, p, ep)) {
          if (*ep == '*' || *ep == '?' || *ep == '-') { /* accept the empty repetition */
            p = ep + 1;
            continue;
          }
          s = NULL;
          goto done;
        }
        switch (*ep) {
          case '?': {
            const char *res = do_match(ms, s + 1, ep + 1);
            if (res) {
              s = res;
              goto done;
            }
            p = ep + 1;
            continue;
          }
          case '+': s = max_expand(ms, s + 1, p, ep); goto done;
          case '*': s = max_expand(ms, s, p, ep); goto done;
          case '-': s = min_expand(ms, s, p, ep); goto done;
          default:
            s++;
            p = ep;
            continue;
        }
      }
    }
  }
done:
  ms->depth++;
  return s;
}

/* ======================================================================= captures */

static void prepare(MatchState *ms, LState *L, const LString *s, const char *p, size_t lp) {
  ms->L = L;
  ms->src_init = s->data;
  ms->src_end = s->data + s->len;
  ms->p_end = p + lp;
  ms->level = 0;
  ms->depth = MAXMATCHDEPTH;
}

/* Capture i of a match s..e (the whole match when there are no captures and i == 0). */
static void get_capture(MatchState *ms, int i, const char *s, const char *e, TValue *out) {
  if (i >= ms->level) {
    if (i != 0) lrt_errorf(ms->L, "invalid capture index %%%d", i + 1);
    setstr(out, lrtS_new(ms->L, s, (size_t)(e - s)));
    return;
  }
  ptrdiff_t l = ms->capture[i].len;
  if (l == CAP_UNFINISHED) lrt_errorf(ms->L, "unfinished capture");
  if (l == CAP_POSITION) setint(out, (int64_t)(ms->capture[i].init - ms->src_init) + 1);
  else setstr(out, lrtS_new(ms->L, ms->capture[i].init, (size_t)l));
}

/* Writes the captures (or the whole match) at out; returns their number. */
static int push_captures(MatchState *ms, const char *s, const char *e, TValue *out) {
  int n = (ms->level == 0 && s) ? 1 : ms->level;
  lrt_checkstack(ms->L, out + n);
  for (int i = 0; i < n; i++) get_capture(ms, i, s, e, &out[i]);
  return n;
}

static size_t posrelat(int64_t pos, size_t len) {
  if (pos > 0) return (size_t)pos;
  if (pos == 0) return 1;
  if (pos < -(int64_t)len) return 1;
  return len + (size_t)pos + 1;
}

static int no_specials(const char *p, size_t l) {
  for (size_t i = 0; i < l; i++)
    if (strchr(SPECIALS, p[i]) && p[i] != '\0') return 0;
  return 1;
}

static const char *memfind(const char *s, size_t ls, const char *p, size_t lp) {
  if (lp == 0) return s;
  if (lp > ls) return NULL;
  for (const char *q = s; q + lp <= s + ls; q++)
    if (*q == *p && memcmp(q, p, lp) == 0) return q;
  return NULL;
}

/* A leading '^' anchors the match at the start: strips it and says whether it was there. */
static int skip_anchor(const char **p, size_t *lp) {
  if (*lp == 0 || **p != '^') return 0;
  (*p)++;
  (*lp)--;
  return 1;
}

static int find_aux(LState *L, TValue *base, int nargs, int find) {
  const char *fname = find ? "string.find" : "string.match";
  LString *s = lrt_checkstring(L, base, nargs, 1, fname);
  LString *p = lrt_checkstring(L, base, nargs, 2, fname);
  size_t init = posrelat(lrt_optinteger(L, base, nargs, 3, fname, 1), s->len);
  lrt_reserve(L, base + nargs);
  if (init > s->len + 1) {
    setnil(&base[0]);
    return 1;
  }
  if (find && ((nargs >= 4 && !l_isfalse(&base[3])) || no_specials(p->data, p->len))) {
    const char *r = memfind(s->data + init - 1, s->len - init + 1, p->data, p->len);
    if (r) {
      setint(&base[0], (int64_t)(r - s->data) + 1);
      setint(&base[1], (int64_t)(r - s->data + (ptrdiff_t)p->len));
      return 2;
    }
    setnil(&base[0]);
    return 1;
  }
  MatchState ms;
  const char *pp = p->data;
  size_t lp = p->len;
  int anchor = skip_anchor(&pp, &lp);
  const char *s1 = s->data + init - 1;
  do {
    prepare(&ms, L, s, pp, lp);
    const char *e = do_match(&ms, s1, pp);
    if (e) {
      if (find) {
        setint(&base[0], (int64_t)(s1 - s->data) + 1);
        setint(&base[1], (int64_t)(e - s->data));
        return 2 + push_captures(&ms, NULL, NULL, base + 2);
      }
      return push_captures(&ms, s1, e, base);
    }
  } while (s1++ < ms.src_end && !anchor);
  setnil(&base[0]);
  return 1;
}

LIBFN(str_find) { return find_aux(L, base, nargs, 1); }
LIBFN(str_match) { return find_aux(L, base, nargs, 0); }

/* ----------------------------------------------------------------------- gmatch */

static const FuncInfo gmatch_info = {"gmatch_aux", "[C]", -1, 2, -1, 0, 1};

/* Upvalues: the subject, the pattern, the next position and the end of the last match. */
LIBFN(gmatch_aux) {
  LString *s = self->upvals[0]->v.u.s;
  LString *p = self->upvals[1]->v.u.s;
  int64_t pos = self->upvals[2]->v.u.i;
  int64_t last = self->upvals[3]->v.u.i;
  MatchState ms;
  lrt_reserve(L, base + nargs);
  for (const char *src = s->data + pos; src <= s->data + s->len; src++) {
    prepare(&ms, L, s, p->data, p->len);
    const char *e = do_match(&ms, src, p->data);
    if (e && e - s->data != last) {
      self->upvals[2]->v.u.i = e - s->data;
      self->upvals[3]->v.u.i = e - s->data;
      return push_captures(&ms, src, e, base);
    }
  }
  self->upvals[2]->v.u.i = (int64_t)s->len + 1;
  return 0;
}

LIBFN(str_gmatch) {
  LString *s = lrt_checkstring(L, base, nargs, 1, "string.gmatch");
  LString *p = lrt_checkstring(L, base, nargs, 2, "string.gmatch");
  size_t init = posrelat(lrt_optinteger(L, base, nargs, 3, "string.gmatch", 1), s->len);
  if (init > s->len + 1) init = s->len + 1;
  setstr(&base[0], s); /* keep both strings reachable while the closure is built */
  setstr(&base[1], p);
  LClosure *cl = lrtF_new(L, gmatch_aux, &gmatch_info, 4);
  TValue f;
  setfunc(&f, cl);
  base[2] = f;
  for (int i = 0; i < 4; i++) {
    cl->upvals[i] = lrt_newupval(L);
    lrt_gc_barrier(L, cl); /* the next box may collect cl into the old generation */
  }
  setstr(&cl->upvals[0]->v, s);
  setstr(&cl->upvals[1]->v, p);
  lrt_gc_barrier(L, cl->upvals[0]);
  lrt_gc_barrier(L, cl->upvals[1]);
  setint(&cl->upvals[2]->v, (int64_t)init - 1);
  setint(&cl->upvals[3]->v, -1);
  base[0] = f;
  return 1;
}

/* ----------------------------------------------------------------------- gsub */

static void add_string_repl(MatchState *ms, lrt_Buffer *B, const char *s, const char *e, const LString *repl) {
  const char *r = repl->data, *end = repl->data + repl->len;
  for (; r < end; r++) {
    if (*r != '%') {
      lrt_addchar(B, *r);
      continue;
    }
    r++;
    if (r < end && *r == '%') lrt_addchar(B, '%');
    else if (r < end && isdigit((unsigned char)*r)) {
      TValue cap;
      if (*r == '0') setstr(&cap, lrtS_new(ms->L, s, (size_t)(e - s)));
      else get_capture(ms, *r - '1', s, e, &cap);
      lrt_tolstring_append(ms->L, B, &cap);
    } else {
      lrt_errorf(ms->L, "invalid use of '%%' in replacement string");
    }
  }
}

static void add_value(MatchState *ms, lrt_Buffer *B, const char *s, const char *e, const TValue *repl, TValue *scratch) {
  LState *L = ms->L;
  TValue r;
  if (repl->tt == LT_FUNC) {
    int n = push_captures(ms, s, e, scratch);
    int nr = lrt_callvalue(L, repl, scratch, n);
    if (nr > 0) r = scratch[0];
    else setnil(&r);
  } else if (repl->tt == LT_TABLE) {
    TValue k;
    get_capture(ms, 0, s, e, &k);
    lrt_index(L, &r, repl, &k, NULL);
  } else {
    add_string_repl(ms, B, s, e, repl->u.s);
    return;
  }
  if (l_isfalse(&r)) lrt_addlstring(B, s, (size_t)(e - s)); /* keep the original text */
  else if (r.tt == LT_STR || ttisnumber(&r)) lrt_tolstring_append(L, B, &r);
  else {
    lrt_errorf(L, "invalid replacement value (a %s)", lrtO_typename((int)r.tt));
  }
}

LIBFN(str_gsub) {
  LString *s = lrt_checkstring(L, base, nargs, 1, "string.gsub");
  LString *p = lrt_checkstring(L, base, nargs, 2, "string.gsub");
  const TValue *repl = lrt_arg(base, nargs, 3);
  TValue replv = *repl;
  if (replv.tt == LT_INT || replv.tt == LT_FLT) setstr(&replv, lrtO_tostring(L, &replv));
  if (!(replv.tt == LT_STR || replv.tt == LT_TABLE || replv.tt == LT_FUNC))
    lrt_typeargerror(L, 3, "string.gsub", "string/function/table", nargs >= 3 ? repl : NULL);
  int64_t max_s = lrt_optinteger(L, base, nargs, 4, "string.gsub", (int64_t)s->len + 1);
  base[2] = replv;
  TValue *scratch = lrt_reserve(L, base + nargs + 1);
  L->top = scratch + MAXCAPTURES + 1;
  const char *src = s->data, *lastmatch = NULL;
  const char *pp = p->data;
  size_t lp = p->len;
  int anchor = skip_anchor(&pp, &lp);
  MatchState ms;
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  int64_t n = 0;
  while (n < max_s) {
    prepare(&ms, L, s, pp, lp);
    const char *e = do_match(&ms, src, pp);
    if (e && e != lastmatch) {
      n++;
      add_value(&ms, &B, src, e, &base[2], scratch);
      src = lastmatch = e;
    } else if (src < ms.src_end) lrt_addchar(&B, *src++);
    else break;
    if (anchor) break;
  }
  lrt_addlstring(&B, src, (size_t)(s->data + s->len - src));
  L->top = scratch;
  setstr(&base[0], lrt_buffresult(L, &B));
  setint(&base[1], n);
  return 2;
}

static const lrt_Reg patternlib[] = {
  {"find", str_find}, {"match", str_match}, {"gmatch", str_gmatch}, {"gsub", str_gsub}, {NULL, NULL}
};

void lrt_open_string_patterns(LState *L, LTable *string) {
  lrt_register(L, string, patternlib);
}
