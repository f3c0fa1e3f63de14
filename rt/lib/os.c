/*
** os.c — the os library (manual §6.9).
*/
#define _DEFAULT_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)


LIBFN(os_exit) {
  int status = EXIT_SUCCESS;
  if (nargs >= 1 && base[0].tt == LT_TRUE) status = EXIT_SUCCESS;
  else if (nargs >= 1 && base[0].tt == LT_FALSE) status = EXIT_FAILURE;
  else status = (int)lrt_optinteger(L, base, nargs, 1, "os.exit", EXIT_SUCCESS);
  if (nargs >= 2 && !l_isfalse(&base[1])) lrt_gc_finalizeall(L); /* close the state first */
  fflush(NULL);
  exit(status);
}

LIBFN(os_getenv) {
  LString *name = lrt_checkstring(L, base, nargs, 1, "os.getenv");
  const char *v = getenv(name->data);
  if (v) setstr(&base[0], lrtS_newz(L, v));
  else setnil(&base[0]);
  return 1;
}

LIBFN(os_clock) {
  setflt(&base[0], (double)clock() / (double)CLOCKS_PER_SEC);
  return 1;
}

LIBFN(os_remove) {
  LString *name = lrt_checkstring(L, base, nargs, 1, "os.remove");
  return lrt_fileresult(L, base, remove(name->data) == 0, name->data);
}

LIBFN(os_rename) {
  LString *from = lrt_checkstring(L, base, nargs, 1, "os.rename");
  LString *to = lrt_checkstring(L, base, nargs, 2, "os.rename");
  return lrt_fileresult(L, base, rename(from->data, to->data) == 0, NULL);
}

LIBFN(os_tmpname) {
  char name[] = "/tmp/lua_XXXXXX";
  int fd = mkstemp(name);
  if (fd == -1) lrt_errorf(L, "unable to generate a unique filename");
  close(fd);
  setstr(&base[0], lrtS_newz(L, name));
  return 1;
}

LIBFN(os_execute) {
  if (nargs == 0 || ttisnil(&base[0])) {
    setbool(&base[0], system(NULL) != 0);
    return 1;
  }
  LString *cmd = lrt_checkstring(L, base, nargs, 1, "os.execute");
  fflush(NULL);
  int st = system(cmd->data);
  if (st == -1) return lrt_fileresult(L, base, 0, NULL);
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0) setbool(&base[0], 1);
  else setnil(&base[0]);
  setstr(&base[1], lrtS_newz(L, WIFEXITED(st) ? "exit" : "signal"));
  setint(&base[2], WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
  return 3;
}

LIBFN(os_difftime) {
  int64_t t1 = lrt_checkinteger(L, base, nargs, 1, "os.difftime");
  int64_t t2 = lrt_optinteger(L, base, nargs, 2, "os.difftime", 0);
  setflt(&base[0], difftime((time_t)t1, (time_t)t2));
  return 1;
}

LIBFN(os_setlocale) {
  static const int cats[] = {LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME};
  static const char *const names[] = {"all", "collate", "ctype", "monetary", "numeric", "time", NULL};
  const char *loc = nargs >= 1 && !ttisnil(&base[0]) ? lrt_checkstring(L, base, nargs, 1, "os.setlocale")->data : NULL;
  const char *cat = nargs >= 2 && !ttisnil(&base[1]) ? lrt_checkstring(L, base, nargs, 2, "os.setlocale")->data : "all";
  int op = 0;
  while (names[op] && strcmp(names[op], cat) != 0) op++;
  if (names[op] == NULL) {
    char msg[80];
    snprintf(msg, sizeof(msg), "invalid option '%s'", cat);
    lrt_argerror(L, 2, "os.setlocale", msg);
  }
  const char *r = setlocale(cats[op], loc);
  if (r) setstr(&base[0], lrtS_newz(L, r));
  else setnil(&base[0]);
  return 1;
}

/* ----------------------------------------------------------------------- time and date */

static void setfield(LState *L, LTable *t, const char *k, int64_t v) {
  TValue x;
  setint(&x, v);
  lrtH_setstr(L, t, lrtS_newz(L, k), &x);
}

static void setboolfield(LState *L, LTable *t, const char *k, int v) {
  if (v < 0) return; /* undefined */
  TValue x;
  setbool(&x, v);
  lrtH_setstr(L, t, lrtS_newz(L, k), &x);
}

static void setallfields(LState *L, LTable *t, const struct tm *stm) {
  setfield(L, t, "year", (int64_t)stm->tm_year + 1900);
  setfield(L, t, "month", stm->tm_mon + 1);
  setfield(L, t, "day", stm->tm_mday);
  setfield(L, t, "hour", stm->tm_hour);
  setfield(L, t, "min", stm->tm_min);
  setfield(L, t, "sec", stm->tm_sec);
  setfield(L, t, "yday", stm->tm_yday + 1);
  setfield(L, t, "wday", stm->tm_wday + 1);
  setboolfield(L, t, "isdst", stm->tm_isdst);
}

static int getfield(LState *L, LTable *t, const char *key, int d, int delta) {
  const TValue *v = lrtH_getstr(t, lrtS_newz(L, key));
  int64_t res;
  if (!lrtO_tointeger(v, &res) || v->tt == LT_STR) {
    if (v->tt != LT_NIL) lrt_errorf(L, "field '%s' is not an integer", key);
    if (d < 0) lrt_errorf(L, "field '%s' missing in date table", key);
    res = d;
  } else {
    if (!(res >= 0 ? res - delta <= INT32_MAX : INT32_MIN + delta <= res)) lrt_errorf(L, "field '%s' is out-of-bound", key);
    res -= delta;
  }
  return (int)res;
}

LIBFN(os_time) {
  time_t t;
  if (nargs == 0 || ttisnil(&base[0])) t = time(NULL);
  else {
    LTable *tab = lrt_checktable(L, base, nargs, 1, "os.time");
    struct tm ts;
    memset(&ts, 0, sizeof ts);
    ts.tm_year = getfield(L, tab, "year", -1, 1900);
    ts.tm_mon = getfield(L, tab, "month", -1, 1);
    ts.tm_mday = getfield(L, tab, "day", -1, 0);
    ts.tm_hour = getfield(L, tab, "hour", 12, 0);
    ts.tm_min = getfield(L, tab, "min", 0, 0);
    ts.tm_sec = getfield(L, tab, "sec", 0, 0);
    const TValue *dst = lrtH_getstr(tab, lrtS_newz(L, "isdst"));
    ts.tm_isdst = ttisnil(dst) ? -1 : !l_isfalse(dst);
    t = mktime(&ts);
    setallfields(L, tab, &ts); /* update fields with normalized values */
  }
  if (t == (time_t)(-1)) lrt_errorf(L, "time result cannot be represented in this installation");
  setint(&base[0], (int64_t)t);
  return 1;
}

/* Valid conversions for strftime (C99 plus the E and O modifiers). */
static const char *const LUA_STRFTIMEOPTIONS[] = {
  "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%", "||EcECExEXEyEY", "OdOeOHOIOmOMOSOuOUOVOwOWOy", NULL
};

static const char *checkoption(LState *L, const char *conv, size_t convlen, char *buff) {
  int oplen = 1;
  for (int i = 0; LUA_STRFTIMEOPTIONS[i]; i++, oplen++) {
    const char *option = LUA_STRFTIMEOPTIONS[i];
    size_t n = strlen(option);
    for (size_t j = 0; j + (size_t)oplen <= n; j += (size_t)oplen) {
      if (option[j] == '|') continue;
      if ((size_t)oplen <= convlen && memcmp(conv, option + j, (size_t)oplen) == 0) {
        memcpy(buff, conv, (size_t)oplen);
        buff[oplen] = '\0';
        return conv + oplen;
      }
    }
  }
  char msg[300];
  snprintf(msg, sizeof(msg), "invalid conversion specifier '%%%.*s'", (int)(convlen > 200 ? 200 : convlen), conv);
  lrt_argerror(L, 1, "os.date", msg);
}

LIBFN(os_date) {
  const char *s = nargs >= 1 && !ttisnil(&base[0]) ? lrt_checkstring(L, base, nargs, 1, "os.date")->data : "%c";
  size_t slen = nargs >= 1 && base[0].tt == LT_STR ? base[0].u.s->len : strlen(s);
  time_t t = nargs >= 2 && !ttisnil(&base[1]) ? (time_t)lrt_checkinteger(L, base, nargs, 2, "os.date") : time(NULL);
  const char *se = s + slen;
  struct tm tmr, *stm;
  if (*s == '!') {
    stm = gmtime_r(&t, &tmr);
    s++;
  } else stm = localtime_r(&t, &tmr);
  if (stm == NULL) lrt_errorf(L, "date result cannot be represented in this installation");
  if (strcmp(s, "*t") == 0) {
    LTable *tab = lrtH_new(L, 0, 9);
    settable(&base[0], tab);
    setallfields(L, tab, stm);
    return 1;
  }
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  while (s < se) {
    if (*s != '%') lrt_addchar(&B, *s++);
    else {
      char cc[4];
      char out[256];
      cc[0] = '%';
      s = checkoption(L, s + 1, (size_t)(se - s - 1), cc + 1);
      size_t n = strftime(out, sizeof(out), cc, stm);
      lrt_addlstring(&B, out, n);
    }
  }
  setstr(&base[0], lrt_buffresult(L, &B));
  return 1;
}

static const lrt_Reg oslib[] = {
  {"clock", os_clock}, {"date", os_date}, {"difftime", os_difftime}, {"execute", os_execute},
  {"exit", os_exit}, {"getenv", os_getenv}, {"remove", os_remove}, {"rename", os_rename},
  {"setlocale", os_setlocale}, {"time", os_time}, {"tmpname", os_tmpname}, {NULL, NULL}
};

void lrt_open_os(LState *L) {
  LTable *t = lrtH_new(L, 0, 16);
  TValue v;
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "os"), &v);
  lrt_register(L, t, oslib);
}
