/*
** package.c — require and the package table (manual §6.3). Modules are Lua files that
** flua found at compile time and compiled into the program ("bundled"); require looks in
** package.loaded, then package.preload, then the bundle.
*/
#include <stdio.h>
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

#define LUA_PATH_DEFAULT                                                                       \
  "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;"                        \
  "/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;./?.lua;./?/init.lua"
#define LUA_CPATH_DEFAULT "/usr/local/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so"

static LTable *loaded, *preload, *bundled, *bundledpath;

static LString *str(LState *L, const char *s) {
  return lrtS_newz(L, s);
}

void lrt_bundle(LState *L, const char *name, const char *path, lrt_Fn fn, const FuncInfo *info) {
  TValue v;
  setfunc(&v, lrtF_new(L, fn, info, 0));
  lrtH_setstr(L, bundled, str(L, name), &v);
  setstr(&v, str(L, path));
  lrtH_setstr(L, bundledpath, str(L, name), &v);
}

LIBFN(ll_require) {
  LString *name = lrt_checkstring(L, base, nargs, 1, "require");
  setstr(&base[0], name);
  const TValue *have = lrtH_getstr(loaded, name);
  if (!l_isfalse(have)) {
    base[0] = *have;
    return 1;
  }
  TValue loader, data;
  const TValue *pre = lrtH_getstr(preload, name);
  const TValue *bun = lrtH_getstr(bundled, name);
  if (!ttisnil(pre)) {
    loader = *pre;
    setstr(&data, str(L, ":preload:"));
  } else if (!ttisnil(bun)) {
    loader = *bun;
    data = *lrtH_getstr(bundledpath, name);
  } else {
    lrt_errorf(L, "module '%s' not found:\n\tno field package.preload['%s']\n\tno module '%s' in the program (flua bundles modules at compile time)",
               name->data, name->data, name->data);
  }
  TValue *args = lrt_reserve(L, base + 2);
  base[1] = data;
  args[0] = base[0];
  args[1] = data;
  int n = lrt_callvalue(L, &loader, args, 2);
  if (n > 0 && !ttisnil(&args[0])) lrtH_setstr(L, loaded, name, &args[0]);
  if (ttisnil(lrtH_getstr(loaded, name))) {
    TValue t;
    setbool(&t, 1);
    lrtH_setstr(L, loaded, name, &t);
  }
  base[0] = *lrtH_getstr(loaded, name);
  return 2;
}

/* package.searchpath(name, path [, sep [, rep]]) */
LIBFN(ll_searchpath) {
  LString *name = lrt_checkstring(L, base, nargs, 1, "package.searchpath");
  LString *path = lrt_checkstring(L, base, nargs, 2, "package.searchpath");
  const char *sep = nargs >= 3 && !ttisnil(&base[2]) ? lrt_checkstring(L, base, nargs, 3, "package.searchpath")->data : ".";
  const char *rep = nargs >= 4 && !ttisnil(&base[3]) ? lrt_checkstring(L, base, nargs, 4, "package.searchpath")->data : "/";
  lrt_Buffer nm, msg;
  lrt_buffinit(L, &nm);
  for (const char *p = name->data; *p; p++) {
    if (*sep && strncmp(p, sep, strlen(sep)) == 0) {
      lrt_addstring(&nm, rep);
      p += strlen(sep) - 1;
    } else lrt_addchar(&nm, *p);
  }
  lrt_addchar(&nm, '\0');
  lrt_buffinit(L, &msg);
  const char *p = path->data;
  while (*p) {
    const char *e = strchr(p, ';');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    lrt_Buffer file;
    lrt_buffinit(L, &file);
    for (size_t i = 0; i < len; i++) {
      if (p[i] == '?') lrt_addstring(&file, nm.b);
      else lrt_addchar(&file, p[i]);
    }
    lrt_addchar(&file, '\0');
    FILE *f = len ? fopen(file.b, "r") : NULL;
    if (f) {
      fclose(f);
      setstr(&base[0], str(L, file.b));
      return 1;
    }
    if (len) {
      lrt_addstring(&msg, "\n\tno file '");
      lrt_addstring(&msg, file.b);
      lrt_addstring(&msg, "'");
    }
    p += len;
    if (*p == ';') p++;
  }
  setnil(&base[0]);
  setstr(&base[1], lrt_buffresult(L, &msg));
  return 2;
}

void lrt_open_package(LState *L) {
  LTable *pkg = lrtH_new(L, 0, 8);
  TValue v;
  settable(&v, pkg);
  lrtH_setstr(L, L->globals, str(L, "package"), &v);
  /* each table is pinned as soon as it exists: statics are not roots of the collector */
  LTable **tables[] = {&loaded, &preload, &bundled, &bundledpath};
  for (int i = 0; i < 4; i++) {
    *tables[i] = lrtH_new(L, 0, i == 0 ? 16 : 4);
    settable(&v, *tables[i]);
    lrt_pin(L, &v);
  }
  settable(&v, loaded);
  lrtH_setstr(L, pkg, str(L, "loaded"), &v);
  settable(&v, preload);
  lrtH_setstr(L, pkg, str(L, "preload"), &v);
  setstr(&v, str(L, LUA_PATH_DEFAULT));
  lrtH_setstr(L, pkg, str(L, "path"), &v);
  setstr(&v, str(L, LUA_CPATH_DEFAULT));
  lrtH_setstr(L, pkg, str(L, "cpath"), &v);
  setstr(&v, str(L, "/\n;\n?\n!\n-\n"));
  lrtH_setstr(L, pkg, str(L, "config"), &v);
  static const lrt_Reg pkgfuncs[] = {{"searchpath", ll_searchpath}, {NULL, NULL}};
  lrt_register(L, pkg, pkgfuncs);
  static const lrt_Reg globalfuncs[] = {{"require", ll_require}, {NULL, NULL}};
  lrt_register(L, L->globals, globalfuncs);
  /* package.loaded holds every standard library */
  static const char *const libs[] = {"_G", "package", "string", "table", "math", "io", "os", "utf8", "coroutine", "debug", NULL};
  for (int i = 0; libs[i]; i++) {
    const TValue *lib = lrtH_getstr(L->globals, str(L, libs[i]));
    if (!ttisnil(lib)) lrtH_setstr(L, loaded, str(L, libs[i]), lib);
  }
}
