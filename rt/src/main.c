/*
** main.c — the entry point of a compiled program: builds the state and `arg`, runs the
** main chunk on a large thread stack, and reports an uncaught error as lua.c does.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

/* Deep recursion must reach the call-depth limit (LRT_MAXCI) long before the native
** stack ends, even for unoptimised code: reserve a generous stack, committed lazily. */
#define MAIN_STACK_SIZE ((size_t)1 << 30)

static size_t g_stacksize = MAIN_STACK_SIZE;
static int g_argc;
static char **g_argv;
static int g_status;

static void report(LState *L) {
  TValue msg = L->errval;
  const char *text;
  char buf[128];
  if (msg.tt == LT_STR) text = msg.u.s->data;
  else if (ttisnumber(&msg)) text = lrtO_tostring(L, &msg)->data;
  else if (lrt_gettmbyobj(L, &msg, TM_TOSTRING)) {
    TValue s;
    lrt_tostringmeta(L, &s, &msg);
    text = s.u.s->data;
  } else {
    snprintf(buf, sizeof(buf), "(error object is a %s value)", lrtO_typename((int)msg.tt));
    text = buf;
  }
  fflush(stdout);
  fprintf(stderr, "%s: %s\n", g_argv[0], text);
  char tb[4096];
  lrt_traceback(L, tb, sizeof(tb), L->errci);
  fprintf(stderr, "%s\n", tb);
  fflush(stderr);
}

static void *run(void *ud) {
  LState *L = (LState *)ud;
  /* the collector scans the native stack from its current end up to this frame */
  L->cstack_base = (char *)__builtin_frame_address(0) + 2 * sizeof(void *);
  /* leave room below the limit to raise and handle the "stack overflow" error */
  L->cstack_limit = L->cstack_base - (g_stacksize - ((size_t)256 << 10));
  lrt_jmp jb;
  jb.prev = NULL;
  L->errjmp = &jb;
  if (setjmp(jb.b) == 0) {
    lrt_openlibs(L);
    flua_init(L);
    /* arg: the script's arguments at 1..n and the program at 0, as `lua script ...` */
    LTable *arg = lrtH_new(L, g_argc, 1);
    for (int i = 0; i < g_argc; i++) {
      TValue s;
      setstr(&s, lrtS_newz(L, g_argv[i]));
      lrtH_setint(L, arg, i, &s);
    }
    TValue a;
    settable(&a, arg);
    lrtH_setstr(L, L->globals, lrtS_newz(L, "arg"), &a);
    TValue *base = L->stack + 1;
    int nargs = g_argc - 1;
    for (int i = 0; i < nargs; i++) setstr(&base[i], lrtS_newz(L, g_argv[i + 1]));
    L->top = base + nargs;
    LClosure *cl = lrtF_new(L, flua_main, &flua_main_info, 0);
    setfunc(&base[-1], cl);
    int n = lrt_pcall(L, base - 1, nargs);
    if (n < 0) {
      L->ci = L->ci_base;
      report(L);
      g_status = EXIT_FAILURE;
    }
    lrt_gc_finalizeall(L); /* as lua_close: every pending finalizer runs at exit */
    lrt_gc_report(L);
  } else {
    report(L);
    g_status = EXIT_FAILURE;
  }
  fflush(stdout);
  return NULL;
}

#ifdef LRT_ASAN
/* Objects still alive at exit are not leaks (lua5.4 does not free them either), and locals
** must stay on the native stack, where the collector looks for them. */
LRT_API const char *__asan_default_options(void) {
  return "detect_leaks=0:detect_stack_use_after_return=0";
}
#endif

int main(int argc, char **argv) {
  g_argc = argc;
  g_argv = argv;
  LState *L = lrt_newstate();
  L->g->progname = argv[0];
  pthread_attr_t attr;
  pthread_t th;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, MAIN_STACK_SIZE);
  if (pthread_create(&th, &attr, run, L) != 0) { /* fall back to this thread's stack */
    g_stacksize = (size_t)8 << 20;
    run(L);
  } else pthread_join(th, NULL);
  return g_status;
}
