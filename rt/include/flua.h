/*
** flua.h — the runtime's one public header: value layout, object layouts that generated
** code touches directly, and every runtime function that codegen calls (the RtFn table in
** src/codegen/runtime.rs mirrors the "codegen ABI" section; a test checks they agree).
*/
#ifndef FLUA_H
#define FLUA_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define l_noret __attribute__((noreturn)) void
#define l_likely(x) __builtin_expect(!!(x), 1)
#define l_unlikely(x) __builtin_expect(!!(x), 0)
#define LRT_API __attribute__((visibility("default")))
#define l_inline __attribute__((always_inline)) inline
#define l_noinline __attribute__((noinline))
#else
#define l_noret _Noreturn void
#define l_likely(x) (x)
#define l_unlikely(x) (x)
#define LRT_API
#define l_inline inline
#define l_noinline
#endif

/* A runtime built with AddressSanitizer (FLUA_RT_SANITIZE=address, see README): the heap
** poisons free cells, the collector's conservative scans are exempt, and coroutine switches
** are announced to it. */
#if defined(__SANITIZE_ADDRESS__)
#define LRT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LRT_ASAN 1
#endif
#endif
#ifdef LRT_ASAN
#include <sanitizer/asan_interface.h>
#define lrt_poison(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define lrt_unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#define LRT_NO_ASAN __attribute__((no_sanitize_address))
#else
#define lrt_poison(p, n) ((void)(p), (void)(n))
#define lrt_unpoison(p, n) ((void)(p), (void)(n))
#define LRT_NO_ASAN
#endif

/* ======================================================================= values */

/* Type tags. Falsy values are exactly the tags <= LT_FALSE. nil/false/true carry payload 0. */
typedef enum {
  LT_NIL = 0,
  LT_FALSE = 1,
  LT_TRUE = 2,
  LT_INT = 3,
  LT_FLT = 4,
  LT_STR = 5,
  LT_TABLE = 6,
  LT_FUNC = 7,
  LT_USERDATA = 8,
  LT_THREAD = 9,
  LT_NUMTAGS = 10
} LTag;

struct LString;
struct LTable;
struct LClosure;

/* A Lua value: 16 bytes, payload first, so 64-bit integers and doubles both fit unboxed. */
typedef struct TValue {
  union {
    int64_t i;
    double n;
    void *p;
    struct LString *s;
    struct LTable *t;
    struct LClosure *f;
  } u;
  uint64_t tt;
} TValue;

#define ttype(o) ((LTag)(o)->tt)
#define ttisnil(o) ((o)->tt == LT_NIL)
/* Whether a value of tag tt is a heap object (a string, table, function, userdata, thread). */
#define lrt_iscollectable(tt) ((uint64_t)(tt) - LT_STR <= (uint64_t)(LT_THREAD - LT_STR))
#define ttisint(o) ((o)->tt == LT_INT)
#define ttisflt(o) ((o)->tt == LT_FLT)
#define ttisnumber(o) ((o)->tt == LT_INT || (o)->tt == LT_FLT)
#define ttisstring(o) ((o)->tt == LT_STR)
#define ttistable(o) ((o)->tt == LT_TABLE)
#define ttisfunction(o) ((o)->tt == LT_FUNC)
#define l_isfalse(o) ((o)->tt <= LT_FALSE)

/* Setters are functions, not macros, so that the new value is computed before the old
** one is overwritten (`setbool(&base[0], f(&base[0]))` is common in the libraries). */
static inline void setnil(TValue *o) { o->u.i = 0; o->tt = LT_NIL; }
static inline void setbool(TValue *o, int b) { o->u.i = 0; o->tt = b ? LT_TRUE : LT_FALSE; }
static inline void setint(TValue *o, int64_t x) { o->u.i = x; o->tt = LT_INT; }
static inline void setflt(TValue *o, double x) { o->u.n = x; o->tt = LT_FLT; }
static inline void setstr(TValue *o, struct LString *x) { o->u.s = x; o->tt = LT_STR; }
static inline void settable(TValue *o, struct LTable *x) { o->u.t = x; o->tt = LT_TABLE; }
static inline void setfunc(TValue *o, struct LClosure *x) { o->u.f = x; o->tt = LT_FUNC; }

/* ======================================================================= objects */

/* Every collectable object starts with this header; `next` links all objects for the GC. */
typedef struct GCObj {
  struct GCObj *next;
  uint32_t size;   /* bytes of the object itself (saturated), for interior pointers */
  uint8_t tt;      /* LTag, or LT_UPVAL */
  uint8_t marked;  /* GC_* bits */
  uint16_t pad;
} GCObj;

#define LT_UPVAL LT_NUMTAGS
#define LT_FREE 0xFF /* tt of a free slot in a heap block */
#define LT_DEADKEY 11 /* tag of a hash key whose object was collected (weak keys) */
#define GC_MARKED 1
#define GC_FIXED 2
#define GC_FINOBJ 4   /* has a __gc finalizer still to run */
#define GC_OLD 8      /* survived a collection: minor collections neither trace nor free it */
#define GC_TOUCHED 16 /* old, and written since the last collection (see lrt_gc_barrier) */

/* Strings are immutable, length-prefixed and NUL-terminated. Short strings are interned,
** so two short strings are equal iff they are the same object. */
#define LRT_MAXSHORTLEN 40
typedef struct LString {
  GCObj gc;
  size_t len;
  uint32_t hash;
  uint8_t isshort;
  char data[];
} LString;

typedef struct Node {
  TValue key;
  TValue val;
} Node;

/* Tables: array part for keys 1..asize, open-addressed hash part for the rest. A key whose
** value is set to nil stays in its slot (a dead key) until the next rehash, so that `next`
** keeps working while fields are cleared during a traversal. */
typedef struct LTable {
  GCObj gc;
  TValue *arr;     /* offset 16: codegen reads it */
  uint64_t asize;  /* offset 24: codegen reads it */
  struct LTable *meta;
  Node *node;      /* offset 40: codegen's inline caches probe it */
  uint64_t hsize;  /* offset 48: number of slots, 0 or a power of 2 */
  uint32_t hused;  /* slots holding a key, dead or alive */
  uint32_t keybits; /* offset 60: a filter of the hash part's keys (lrtH_keybit); a clear bit
                    ** proves a key absent, which method calls test inline */
  uint32_t flags;  /* offset 64: bit e set: metamethod e known absent (codegen reads TM_GC's) */
  uint16_t ninline;  /* array slots allocated right after the table (its first array part) */
  uint16_t ninlinenode; /* hash nodes allocated after those (its first hash part) */
  uint64_t lenhint; /* the last border found by `#`, tried first next time */
} LTable;

/* Whether t's array part or hash part is the one allocated with it (not separately). */
#define lrtH_inlinearr(t) ((t)->ninline > 0 && (t)->arr == (TValue *)((t) + 1))
#define lrtH_inlinenode(t) ((t)->ninlinenode > 0 && (t)->node == (Node *)((TValue *)((t) + 1) + (t)->ninline))
/* Constructors whose named fields fit a hash part of this many nodes get it inline. */
#define LRT_MAXINLINENODES 8
/* Constructors of up to this many positional items get their array part inline. */
#define LRT_MAXINLINE 16

struct LState;
struct LClosure;

/* The one calling convention of every Lua function and every library function: arguments
** at base[0..nargs), results written at base[0..n), n returned. The callee may use the value
** stack from base upwards. */
typedef int (*lrt_Fn)(struct LState *L, struct LClosure *self, TValue *base, int nargs);

typedef struct FuncInfo {
  const char *name;   /* as written at the definition, "" if anonymous */
  const char *source; /* chunk name: the script path as given */
  int32_t linedefined;
  int32_t what;       /* 0 Lua function, 1 main chunk, 2 C function */
  int32_t lastlinedefined;
  int16_t nparams;
  int16_t isvararg;
} FuncInfo;

typedef struct UpVal {
  GCObj gc;
  TValue v;  /* offset 16 */
} UpVal;

typedef struct LClosure {
  GCObj gc;
  lrt_Fn fn;              /* offset 16 */
  const FuncInfo *info;   /* offset 24 */
  uint64_t nupvals;       /* offset 32 */
  UpVal *upvals[];        /* offset 40 */
} LClosure;

typedef struct LUserdata {
  GCObj gc;
  LTable *meta;
  size_t size;
  void *data;
} LUserdata;

/* ======================================================================= state */

/* One record per active Lua function; `line` is stored by generated code before each
** call and each operation that can fail, so errors and tracebacks carry positions. */
typedef struct CallInfo {
  const FuncInfo *info;
  int32_t line;
  int32_t pad;
  const char *calldesc; /* how the current call site names its callee: "method 'read'", or NULL */
} CallInfo;

typedef struct lrt_jmp {
  struct lrt_jmp *prev;
  jmp_buf b;
} lrt_jmp;

/* Metamethod events, in the order of LRT_TMNAMES. */
typedef enum {
  TM_INDEX, TM_NEWINDEX, TM_GC, TM_MODE, TM_LEN, TM_EQ, TM_ADD, TM_SUB, TM_MUL, TM_MOD,
  TM_POW, TM_DIV, TM_IDIV, TM_BAND, TM_BOR, TM_BXOR, TM_SHL, TM_SHR, TM_UNM, TM_BNOT,
  TM_LT, TM_LE, TM_CONCAT, TM_CALL, TM_CLOSE, TM_TOSTRING, TM_NAME, TM_METATABLE, TM_PAIRS,
  TM_N
} TMS;

/* State shared by all threads (the main program and its coroutines). */
typedef struct Global {
  LTable *strmeta;
  LString *tmname[TM_N];
  uint64_t *strt; /* intern table of short strings, open-addressed (StrEntry slots) */
  uint64_t strt_size;
  uint64_t strt_count;
  uint64_t strt_tombs;
  size_t totalbytes;
  size_t gcthreshold;  /* collect when totalbytes exceeds this */
  int gcrunning;
  int gcgen;           /* generational mode (what lua.c selects) */
  int gcstress;        /* FLUA_GC_STRESS: collect at every allocation */
  size_t gcmajorbase;  /* totalbytes after the last major collection */
  int gcnextmajor;     /* the next automatic collection is a major one */
  struct GCStats *gcstats; /* FLUA_GC_STATS: pauses measured and reported at exit */
  TValue *pins;        /* values the runtime keeps alive (library upvalues) */
  size_t npins, pinsize;
  struct Heap *heap;   /* gc.c: size-class blocks and large objects */
  GCObj **finobjs;     /* objects whose metatable had __gc when set, not yet finalized */
  size_t nfinobjs, finobjscap;
  GCObj **tobefnz;     /* unreachable ones, resurrected until their finalizer has run */
  size_t ntobefnz, tobefnzcap;
  int infinalizer;
  LString *memerrmsg;  /* "not enough memory", made in advance */
  struct LState *mainthread;
  struct LState *running; /* the thread running now */
  const char *progname;
} Global;

/* One thread of execution: the main program or a coroutine. Generated code receives it as
** `L` and touches the first six fields. */
typedef struct LState {
  CallInfo *ci;        /* offset 0: the innermost Lua frame */
  CallInfo *ci_last;   /* offset 8: push beyond this is a stack overflow */
  TValue *stack_last;  /* offset 16: end of the usable value stack */
  LTable *globals;     /* offset 24: the global table (_ENV of the main chunk) */
  TValue *top;         /* offset 32: end of the innermost frame; free stack starts here */
  char *cstack_limit;  /* offset 40: native stack pointer below this is a stack overflow */
  TValue *stack;
  CallInfo *ci_base;
  lrt_jmp *errjmp;
  CallInfo *errci;     /* the innermost frame when the last error was raised */
  TValue errval;
  char *cstack_base;   /* highest address of this thread's native stack */
  char *saved_sp;      /* its native stack pointer while another thread runs */
  Global *g;
  struct LCoroutine *co; /* the coroutine object, NULL for the main thread */
  TValue *tbc;         /* values of the pending to-be-closed variables, innermost last */
  size_t ntbc, tbccap;
} LState;

/* ======================================================================= codegen ABI */
/* Arithmetic operator numbers passed to lrt_arith (src/codegen mirrors them). */
enum {
  LRT_OPADD, LRT_OPSUB, LRT_OPMUL, LRT_OPMOD, LRT_OPPOW, LRT_OPDIV, LRT_OPIDIV,
  LRT_OPBAND, LRT_OPBOR, LRT_OPBXOR, LRT_OPSHL, LRT_OPSHR, LRT_OPUNM, LRT_OPBNOT
};

/* Arithmetic takes its operands in memory: passing them in registers made LLVM lay out
** inlined numeric code worse (spectral_norm ran 2x slower). */
void lrt_arith(LState *L, int32_t op, TValue *res, const TValue *a, const TValue *b, const char *da, const char *db);
/* Arithmetic and indexing slow paths take and return values in registers (payload, tag),
** not through memory, so that the calls generated code makes stay small. (16-byte results
** come back in two registers on System V x86-64 and AArch64.) */
LRT_API TValue lrt_arithv(LState *L, int32_t op, int64_t ap, uint64_t at, int64_t bp, uint64_t bt, const char *da, const char *db);
LRT_API TValue lrt_indexv(LState *L, int64_t op, uint64_t ot, int64_t kp, uint64_t kt, const char *d);
LRT_API TValue lrt_index_strv(LState *L, int64_t op, uint64_t ot, LString *k, const char *d, uint64_t *ic);
LRT_API TValue lrt_methodv(LState *L, int64_t op, uint64_t ot, LString *k, const char *d, uint64_t *ic);
LRT_API void lrt_setindexv(LState *L, int64_t op, uint64_t ot, int64_t kp, uint64_t kt, int64_t vp, uint64_t vt, const char *d);
LRT_API void lrt_setfieldv(LState *L, int64_t op, uint64_t ot, LString *k, int64_t vp, uint64_t vt, const char *d, uint64_t *ic);
LRT_API void lrt_concat(LState *L, TValue *res, const TValue *a, const TValue *b, const char *da, const char *db);
LRT_API void lrt_concatn(LState *L, TValue *vals, int32_t n, const char *const *descs);
LRT_API void lrt_len(LState *L, TValue *res, const TValue *a, const char *d);
LRT_API int32_t lrt_equal(LState *L, const TValue *a, const TValue *b);
LRT_API int32_t lrt_less(LState *L, const TValue *a, const TValue *b);
LRT_API int32_t lrt_lesseq(LState *L, const TValue *a, const TValue *b);
/* The same for generated code, operands by value (no spilled copies in its frame). */
LRT_API TValue lrt_lenv(LState *L, int64_t ap, uint64_t at, const char *d);
LRT_API int32_t lrt_equalv(LState *L, int64_t ap, uint64_t at, int64_t bp, uint64_t bt);
LRT_API int32_t lrt_lessv(LState *L, int64_t ap, uint64_t at, int64_t bp, uint64_t bt);
LRT_API int32_t lrt_lesseqv(LState *L, int64_t ap, uint64_t at, int64_t bp, uint64_t bt);
int32_t lrt_less_inlib(LState *L, const TValue *a, const TValue *b); /* table.sort: errors without position */
LRT_API int32_t lrt_call(LState *L, const TValue *f, TValue *base, int32_t nargs, const char *d);
LRT_API int32_t lrt_callv(LState *L, int64_t fp, uint64_t ft, TValue *base, int32_t nargs, const char *d);
/* Library functions generated code may compute inline, behind a check that the callee is
** the very closure the library registered (src/codegen/call.rs mirrors the order), and
** the iterators a generic `for` steps without calling them: `next` (what pairs returns)
** and ipairs's. */
enum { LRT_B_SQRT, LRT_B_ABS, LRT_B_FLOOR, LRT_B_SETMETATABLE, LRT_B_TINSERT, LRT_B_NEXT, LRT_B_IPAIRSAUX, LRT_NBUILTIN };
LRT_API extern struct LClosure *lrt_builtin[LRT_NBUILTIN];
LRT_API LTable *lrt_newtable(LState *L, int32_t narr, int32_t nhash);
LRT_API LTable *lrt_newrecord(LState *L, void **site, LString **const *keys, const TValue *vals, int32_t n);
LRT_API LTable *lrt_consttable(LState *L, const uint64_t *desc, LString **const *strs);
LRT_API void lrt_rawsetv(LState *L, LTable *t, int64_t kp, uint64_t kt, int64_t vp, uint64_t vt);
LRT_API void lrt_setlist(LState *L, LTable *t, int64_t first, const TValue *vals, int32_t n);
LRT_API LClosure *lrt_newclosure(LState *L, lrt_Fn fn, const FuncInfo *info, int32_t nupvals);
LRT_API UpVal *lrt_newupval(LState *L);
LRT_API void lrt_gc_touch(LState *L, GCObj *o); /* the barrier's slow path: o is old */
LRT_API int32_t lrt_forprep(LState *L, TValue *init, TValue *limit, TValue *step);
/* A generic `for` over next(t, k): kv[1] holds k; the results go to kv[0] and kv[1] (nil
** in kv[0] at the end), their count returned, as a call of `next` would leave them; *at
** is the loop's position (lrtH_nextat), 0 before its first step. */
LRT_API int32_t lrt_next(LState *L, LTable *t, TValue *kv, uint64_t *at);
LRT_API int64_t lrt_tablen(LTable *t); /* #t of a table without a metatable */
LRT_API void lrt_append(LState *L, LTable *t, int64_t vp, uint64_t vt); /* table.insert of a value likewise */
LRT_API void lrt_checkstack(LState *L, TValue *top);
LRT_API l_noret lrt_stackoverflow(LState *L);
/* Stack overflow at a call in a typed entry (no frame of its own): raised at `line` of the
   function described by `info`. */
LRT_API l_noret lrt_typed_overflow(LState *L, const FuncInfo *info, int32_t line);
LRT_API LString *lrt_intern(LState *L, const char *s, int64_t len);
/* The compiled program's string constants, interned by flua_init: each entry's bytes,
** length and the global slot that holds the string. */
typedef struct StrConst {
  const char *s;
  int64_t len;
  LString **slot;
} StrConst;
LRT_API void lrt_intern_all(LState *L, const StrConst *c, int64_t n);
LRT_API void lrt_bundle(LState *L, const char *name, const char *path, lrt_Fn fn, const FuncInfo *info);
LRT_API void lrt_tbc_push(LState *L, const TValue *v, const char *name);
LRT_API void lrt_tbc_pop(LState *L);

/* Symbols the compiled program defines. */
extern int flua_main(LState *L, LClosure *self, TValue *base, int nargs);
extern void flua_init(LState *L);
extern const FuncInfo flua_main_info;

/* ======================================================================= internal API */

/* state.c */
LState *lrt_newstate(void);
l_noret lrt_outofmemory(LState *L);

/* gc.c */
void *lrt_alloc(LState *L, size_t size, int tt); /* a new collectable object */
void *lrt_realloc(LState *L, void *p, size_t osize, size_t nsize);
void lrt_free(LState *L, void *p, size_t size);

/* gc.c */
void lrt_gc_collect(LState *L); /* a full (major) collection */

/* The write barrier of the generational collector. An old object refers only to old
** objects, so minor collections need not trace it; storing a reference into an old object
** breaks that, so every store of a value into a heap object (table, closure, upvalue box,
** userdata, coroutine) is followed, with no allocation in between, by this call, which
** records the object for the next minor collection to trace. Generated code inlines the
** same test. */
static inline void lrt_gc_barrier(LState *L, void *p) {
  GCObj *o = (GCObj *)p;
  if (l_unlikely((o->marked & (GC_OLD | GC_TOUCHED)) == GC_OLD)) lrt_gc_touch(L, o);
}
/* The barrier after storing v where no key was added (an array slot, an existing field):
** only a collectable value makes a reference the collector could miss. */
static inline void lrt_gc_barrierval(LState *L, void *p, const TValue *v) {
  if (lrt_iscollectable(v->tt)) lrt_gc_barrier(L, p);
}
void lrt_pin(LState *L, const TValue *v);
void lrt_gc_init(LState *L);
void lrt_gc_checkfin(LState *L, GCObj *o, LTable *mt); /* setmetatable: marks o for finalization */
void lrt_gc_runfinalizers(LState *L);                /* at safe points */
void lrt_gc_finalizeall(LState *L);              /* at exit, as lua_close */
void lrt_gc_report(LState *L);                   /* at exit, with FLUA_GC_STATS=1 */

/* string.c */
/* A slot of the intern table, 8 bytes: the string's address (user-space addresses fit in
** 48 bits on every supported platform; createstr checks) with the top 16 bits of its hash
** above it, so that probing rarely touches a string that is not the one sought (each would
** be a cache miss) and the table stays half the size it would be with the hash apart.
** 0: empty; LRT_STRTOMB: deleted. */
typedef uint64_t StrEntry;
#define LRT_STRTOMB ((StrEntry)1)
void lrtS_remove(LState *L, LString *s);
void lrtS_shrink(LState *L); /* after a sweep */
LString *lrtS_new(LState *L, const char *s, size_t len);
LString *lrtS_newlong(LState *L, size_t len); /* len > LRT_MAXSHORTLEN, contents to fill */
LString *lrtS_newz(LState *L, const char *s);
int lrtS_eqlong(const LString *a, const LString *b);
/* A string's hash: FNV-1a, finished with a multiply so that the low bits (the bucket) mix
** well. Codegen computes it for constant keys (src/codegen/value.rs: str_home),
** so the two must agree; a unit test checks that they do. */
static inline uint32_t lrtS_hash(const char *s, size_t len) {
  uint32_t h = 2166136261u ^ (uint32_t)len;
  for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return h;
}
/* The hash part's slot of a key hash: mix(hash) & (hsize - 1) (table.c). */
static inline uint64_t lrtH_mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}
/* A key's bit in its table's `keybits`, from the top bits of its mixed hash (the slot
** comes from the low ones): set for every key the hash part has held since its last
** rehash, so a clear bit means the key is absent without probing. Codegen computes it for
** method names (src/codegen/expr.rs: class_method). */
static inline uint32_t lrtH_keybit(uint64_t mixed) {
  return 1u << (mixed >> 59);
}
uint32_t lrtS_hashlong(LString *s); /* computes a long string's hash on first use */
static inline uint32_t lrtS_hashof(LString *s) {
  return l_likely(s->isshort || s->hash != 0) ? s->hash : lrtS_hashlong(s);
}

/* table.c */
LTable *lrtH_new(LState *L, int32_t narr, int32_t nhash);
const TValue *lrtH_get(LTable *t, const TValue *k);
const TValue *lrtH_getint(LTable *t, int64_t k);
const TValue *lrtH_getstr(LTable *t, LString *k);
int64_t lrtH_findstr(const LTable *t, const LString *k); /* hash slot of key k, or -1 */
int64_t lrtH_findstrh(const LTable *t, const LString *k, uint64_t mixed); /* the same, hash given */
void lrtH_set(LState *L, LTable *t, const TValue *k, const TValue *v);
void lrtH_setint(LState *L, LTable *t, int64_t k, const TValue *v);
void lrtH_setstr(LState *L, LTable *t, LString *k, const TValue *v);
void lrtH_newstr(LState *L, LTable *t, LString *k, uint64_t mixed, const TValue *v); /* k absent */
void lrtH_setslot(LState *L, LTable *t, uint64_t i, const TValue *v); /* node i holds a key already */
int64_t lrtH_getn(LTable *t);
int lrtH_next(LState *L, LTable *t, TValue *key, TValue *val); /* key in/out */
int lrtH_nextat(LState *L, LTable *t, TValue *key, TValue *val, uint64_t *at);
void lrtH_resize(LState *L, LTable *t, uint64_t nasize, uint64_t nhsize);
extern const TValue lrt_nilvalue;

/* object.c: conversions */
int lrtO_str2num(const char *s, size_t len, TValue *res);
int lrtO_tonumber(const TValue *o, TValue *res);     /* number or numeric string */
int lrtO_tointeger(const TValue *o, int64_t *res);   /* exact integer value, strings too */
int lrtO_flttoint(double n, int64_t *res);           /* exact conversion only */
int lrtO_tostringbuf(const TValue *o, char *buf);    /* numbers only, returns length */
LString *lrtO_tostring(LState *L, const TValue *o);  /* number → string (no metamethods) */
const char *lrtO_typename(int tt);
const char *lrtO_objtypename(LState *L, const TValue *o); /* honours __name */

/* ops.c */
LClosure *lrtF_new(LState *L, lrt_Fn fn, const FuncInfo *info, int32_t nupvals);
const TValue *lrt_gettmbyobj(LState *L, const TValue *o, TMS event);
LTable *lrt_getmetatable(LState *L, const TValue *o);
int lrt_rawequal(const TValue *a, const TValue *b);
void lrt_tostringmeta(LState *L, TValue *res, const TValue *o); /* honours __tostring/__name */
int lrt_callvalue(LState *L, const TValue *f, TValue *base, int nargs); /* results at base */
/* Free value-stack space above every live frame, for calls made by the runtime. Library
** functions that call back into Lua first claim their own arguments with lrt_reserve. */
static inline TValue *lrt_scratch(LState *L) { return L->top; }
static inline TValue *lrt_reserve(LState *L, TValue *above) {
  if (above > L->top) L->top = above;
  if (l_unlikely(L->top + 64 >= L->stack_last)) lrt_stackoverflow(L);
  return L->top;
}
void lrt_call1(LState *L, TValue *res, const TValue *f, const TValue *a, const TValue *b); /* f(a, b) → res */

/* error.c */
l_noret lrt_throw(LState *L);
l_noret lrt_errorf(LState *L, const char *fmt, ...);      /* adds "src:line: " */
l_noret lrt_errornopos(LState *L, const char *msg); /* lua5.4's errors inside a C function */
l_noret lrt_typeerror(LState *L, const TValue *o, const char *op, const char *d);
l_noret lrt_argerror(LState *L, int arg, const char *fname, const char *extramsg);
l_noret lrt_typeargerror(LState *L, int arg, const char *fname, const char *tname, const TValue *got);
const TValue *lrt_fasttm(LState *L, struct LTable *mt, TMS event); /* NULL when absent */
/* ops.c: the pointer forms of the indexing slow paths, for the runtime itself */
void lrt_index(LState *L, TValue *res, const TValue *o, const TValue *k, const char *d);
void lrt_index_str(LState *L, TValue *res, const TValue *o, LString *k, const char *d, uint64_t *ic);
void lrt_setindex(LState *L, const TValue *o, const TValue *k, const TValue *v, const char *d);
void lrt_setfield(LState *L, const TValue *o, LString *k, const TValue *v, const char *d, uint64_t *ic);

/* context.c: native stack switching for coroutines */
void lrt_ctx_switch(void **save, void *to);
void *lrt_ctx_init(char *top, void (*entry)(void));
void lrt_where(LState *L, int level, char *buf, size_t size);
int lrt_pcall(LState *L, TValue *base, int nargs); /* calls base[0] with base[1..]: -1 on error */
void lrt_tbc_closeto(LState *L, size_t level, TValue *err); /* closes down to level; err may change */
void lrt_traceback(LState *L, char *buf, size_t size, CallInfo *top);

/* library registration */
typedef struct lrt_Reg {
  const char *name;
  lrt_Fn fn;
} lrt_Reg;
void lrt_register(LState *L, LTable *t, const lrt_Reg *regs);
LClosure *lrt_newcfunction(LState *L, lrt_Fn fn, const char *name);
void lrt_openlibs(LState *L);
void lrt_open_base(LState *L);
void lrt_open_string(LState *L);
void lrt_open_string_patterns(LState *L, LTable *string);
void lrt_open_string_pack(LState *L, LTable *string);
void lrt_open_table(LState *L);
void lrt_open_math(LState *L);
void lrt_open_io(LState *L);
void lrt_open_os(LState *L);
void lrt_open_utf8(LState *L);
void lrt_open_package(LState *L);
void lrt_open_debug(LState *L);
void lrt_open_coroutine(LState *L);

/* coroutine.c, for the collector */
typedef struct LCoroutine LCoroutine;
LState *lrt_co_state(LCoroutine *co);   /* NULL before the first resume and once dead */
LState *lrt_co_resumer(LCoroutine *co); /* the thread it returns to, while running or normal */
void lrt_co_children(LCoroutine *co, const TValue **body, const TValue **err, const TValue **pending, size_t *npending);
void lrt_co_free(LCoroutine *co);

/* Argument helpers for library functions (auxiliary library style). */
const TValue *lrt_arg(TValue *base, int nargs, int i); /* nil beyond nargs */
int64_t lrt_checkinteger(LState *L, TValue *base, int nargs, int i, const char *fname);
int64_t lrt_optinteger(LState *L, TValue *base, int nargs, int i, const char *fname, int64_t def);
double lrt_checknumber(LState *L, TValue *base, int nargs, int i, const char *fname);
LString *lrt_checkstring(LState *L, TValue *base, int nargs, int i, const char *fname);
LTable *lrt_checktable(LState *L, TValue *base, int nargs, int i, const char *fname);
void lrt_checkany(LState *L, int nargs, int i, const char *fname);
int lrt_fileresult(LState *L, TValue *base, int ok, const char *fname);

/* A growable byte buffer for building strings. Past its first 256 bytes it grows in a
** collectable block that only the buffer's C frame refers to (the collector scans native
** stacks), so an error unwinding that frame leaves nothing behind to free. */
typedef struct lrt_Buffer {
  char *b;
  size_t n, size;
  LState *L;
  char init[256];
} lrt_Buffer;
void lrt_buffinit(LState *L, lrt_Buffer *B);
void lrt_addlstring(lrt_Buffer *B, const char *s, size_t l);
void lrt_buffgrow(lrt_Buffer *B, size_t extra); /* room for `extra` more bytes */
static inline void lrt_addchar(lrt_Buffer *B, char c) {
  if (l_unlikely(B->n + 1 > B->size)) lrt_buffgrow(B, 1);
  B->b[B->n++] = c;
}
/* Room for n more bytes, to be written at the pointer returned and then counted in B->n. */
static inline char *lrt_prepbuffer(lrt_Buffer *B, size_t n) {
  if (B->n + n > B->size) lrt_buffgrow(B, n);
  return B->b + B->n;
}
void lrt_addstring(lrt_Buffer *B, const char *s);
LString *lrt_buffresult(LState *L, lrt_Buffer *B);
void lrt_tolstring_append(LState *L, lrt_Buffer *B, const TValue *o); /* tostring semantics */

#define LRT_MAXCI 200000
#define LRT_STACKSIZE (1000000 + 4096)

#endif
