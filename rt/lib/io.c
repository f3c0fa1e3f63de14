/*
** io.c — the io library (manual §6.8): files as userdata with methods, the standard
** streams, io.read/write/lines/open/close/input/output/popen/tmpfile/type. Failures return
** nil, "message", errno as lua5.4 does.
*/
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <errno.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flua.h"

#define LIBFN(name) static int name(LState *L, LClosure *self, TValue *base, int nargs)

enum { F_FILE, F_PIPE, F_STD };

typedef struct LFile {
  FILE *f; /* NULL once closed */
  int kind;
} LFile;

static LTable *filemeta;
/* The default input (1) and output (2) files, in a pinned table so the collector sees them. */
static LTable *defaults;
enum { IO_INPUT = 1, IO_OUTPUT = 2 };

static TValue getdefault(int which) {
  return *lrtH_getint(defaults, which);
}

static TValue newfile(LState *L, FILE *f, int kind) {
  LUserdata *u = (LUserdata *)lrt_alloc(L, sizeof(LUserdata) + sizeof(LFile), LT_USERDATA);
  u->meta = filemeta;
  u->size = sizeof(LFile);
  u->data = (void *)(u + 1);
  LFile *lf = (LFile *)u->data;
  lf->f = f;
  lf->kind = kind;
  TValue v;
  v.u.p = u;
  v.tt = LT_USERDATA;
  return v;
}

static LFile *tolfile(const TValue *o) {
  if (o->tt != LT_USERDATA || ((LUserdata *)o->u.p)->meta != filemeta) return NULL;
  return (LFile *)((LUserdata *)o->u.p)->data;
}

/* The open file argument i, or an error as lua5.4 gives it. */
static FILE *checkfile(LState *L, TValue *base, int nargs, int i, const char *fname) {
  const TValue *o = lrt_arg(base, nargs, i);
  LFile *lf = tolfile(o);
  if (lf == NULL) lrt_typeargerror(L, i, fname, "FILE*", nargs >= i ? o : NULL);
  if (lf->f == NULL) lrt_errorf(L, "attempt to use a closed file");
  return lf->f;
}

/* nil, "filename: strerror", errno — or true on success. */

/* ----------------------------------------------------------------------- writing */

static int g_write(LState *L, FILE *f, TValue *base, int nargs, int first, TValue fileval, const char *fname) {
  int ok = 1;
  for (int i = first; i < nargs; i++) {
    const TValue *o = &base[i];
    if (o->tt == LT_INT) ok = ok && fprintf(f, "%lld", (long long)o->u.i) > 0;
    else if (o->tt == LT_FLT) ok = ok && fprintf(f, "%.14g", o->u.n) > 0;
    else if (o->tt == LT_STR) ok = ok && fwrite(o->u.s->data, 1, o->u.s->len, f) == o->u.s->len;
    else lrt_typeargerror(L, i + 1, fname, "string", o);
  }
  if (ok) {
    base[0] = fileval;
    return 1;
  }
  return lrt_fileresult(L, base, 0, NULL);
}

LIBFN(io_write) {
  TValue out = getdefault(IO_OUTPUT);
  LFile *lf = tolfile(&out);
  if (lf->f == NULL) lrt_errorf(L, "default output file is closed");
  return g_write(L, lf->f, base, nargs, 0, out, "io.write");
}

LIBFN(f_write) {
  FILE *f = checkfile(L, base, nargs, 1, ":write");
  return g_write(L, f, base, nargs, 1, base[0], ":write");
}

/* ----------------------------------------------------------------------- reading */

static int read_line(LState *L, FILE *f, TValue *out, int keepnl) {
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  int c = EOF;
  while ((c = getc(f)) != EOF && c != '\n') lrt_addchar(&B, (char)c);
  if (c == '\n' && keepnl) lrt_addchar(&B, '\n');
  if (c == EOF && B.n == 0) {
    setnil(out);
    return 0;
  }
  setstr(out, lrt_buffresult(L, &B));
  return 1;
}

static void read_all(LState *L, FILE *f, TValue *out) {
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) lrt_addlstring(&B, buf, n);
  setstr(out, lrt_buffresult(L, &B));
}

static int read_chars(LState *L, FILE *f, size_t n, TValue *out) {
  lrt_Buffer B;
  lrt_buffinit(L, &B);
  char buf[4096];
  while (n > 0) {
    size_t r = fread(buf, 1, n < sizeof(buf) ? n : sizeof(buf), f);
    if (r == 0) break;
    lrt_addlstring(&B, buf, r);
    n -= r;
  }
  if (B.n == 0) {
    setnil(out);
    return 0;
  }
  setstr(out, lrt_buffresult(L, &B));
  return 1;
}

/* Reads a numeral as lua5.4's read_number does: at most 200 characters that can form one. */
typedef struct RN {
  FILE *f;
  int c;
  size_t n;
  char buff[201];
} RN;

static int nextc(RN *rn) {
  if (rn->n >= 200) {
    rn->buff[0] = '\0';
    return 0;
  }
  rn->buff[rn->n++] = (char)rn->c;
  rn->c = getc(rn->f);
  return 1;
}

static int test2(RN *rn, const char *set) {
  if (rn->c == set[0] || rn->c == set[1]) return nextc(rn);
  return 0;
}

static int readdigits(RN *rn, int hex) {
  int count = 0;
  while ((hex ? isxdigit(rn->c) : isdigit(rn->c)) && nextc(rn)) count++;
  return count;
}

static int read_number(LState *L, FILE *f, TValue *out) {
  RN rn;
  int count = 0, hex = 0;
  char decp[2] = ".";
  rn.f = f;
  rn.n = 0;
  do {
    rn.c = getc(f);
  } while (isspace(rn.c));
  test2(&rn, "-+");
  if (test2(&rn, "00")) {
    if (test2(&rn, "xX")) hex = 1;
    else count = 1;
  }
  count += readdigits(&rn, hex);
  if (test2(&rn, decp)) count += readdigits(&rn, hex);
  if (count > 0 && test2(&rn, hex ? "pP" : "eE")) {
    test2(&rn, "-+");
    readdigits(&rn, 0);
  }
  ungetc(rn.c, f);
  rn.buff[rn.n] = '\0';
  if (lrtO_str2num(rn.buff, rn.n, out)) return 1;
  setnil(out);
  (void)L;
  return 0;
}

static int test_eof(FILE *f) {
  int c = getc(f);
  ungetc(c, f);
  return c != EOF;
}

static int g_read(LState *L, FILE *f, TValue *base, int nargs, int first, const char *fname) {
  TValue *out = lrt_reserve(L, base + nargs);
  int n = 0, ok = 1;
  clearerr(f);
  if (nargs <= first) {
    ok = read_line(L, f, &out[0], 0);
    n = 1;
  } else {
    for (int i = first; i < nargs && ok; i++, n++) {
      const TValue *fmt = &base[i];
      if (fmt->tt == LT_INT || fmt->tt == LT_FLT) {
        int64_t k;
        if (!lrtO_tointeger(fmt, &k)) lrt_argerror(L, i + 1, fname, "number has no integer representation");
        ok = k == 0 ? test_eof(f) : read_chars(L, f, (size_t)k, &out[n]);
        if (k == 0) {
          if (ok) setstr(&out[n], lrtS_new(L, "", 0));
          else setnil(&out[n]);
        }
        continue;
      }
      if (fmt->tt != LT_STR) lrt_typeargerror(L, i + 1, fname, "string", fmt);
      const char *p = fmt->u.s->data;
      if (*p == '*') p++;
      switch (*p) {
        case 'n': ok = read_number(L, f, &out[n]); break;
        case 'l': ok = read_line(L, f, &out[n], 0); break;
        case 'L': ok = read_line(L, f, &out[n], 1); break;
        case 'a': read_all(L, f, &out[n]); ok = 1; break;
        default: lrt_argerror(L, i + 1, fname, "invalid format");
      }
    }
  }
  if (ferror(f)) return lrt_fileresult(L, base, 0, NULL);
  if (!ok) setnil(&out[n - 1]);
  memmove(base, out, (size_t)n * sizeof(TValue));
  return n;
}

LIBFN(io_read) {
  TValue in = getdefault(IO_INPUT);
  LFile *lf = tolfile(&in);
  if (lf->f == NULL) lrt_errorf(L, "default input file is closed");
  return g_read(L, lf->f, base, nargs, 0, "io.read");
}

LIBFN(f_read) {
  FILE *f = checkfile(L, base, nargs, 1, ":read");
  return g_read(L, f, base, nargs, 1, ":read");
}

/* ----------------------------------------------------------------------- lines */

static const FuncInfo lines_info = {"lines_aux", "[C]", -1, 2, -1, 0, 1};

/* Upvalues: the file, whether to close it at the end, the number of formats, formats. */
LIBFN(io_lines_aux) {
  TValue file = self->upvals[0]->v;
  LFile *lf = tolfile(&file);
  if (lf->f == NULL) lrt_errorf(L, "file is already closed");
  int nf = (int)self->upvals[2]->v.u.i;
  TValue *args = lrt_reserve(L, base + nargs);
  args[0] = file;
  for (int i = 0; i < nf; i++) args[i + 1] = self->upvals[3 + i]->v;
  L->top = args + nf + 1;
  int n = g_read(L, lf->f, args, nf + 1, 1, ":read");
  L->top = args;
  memmove(base, args, (size_t)n * sizeof(TValue));
  if (n > 0 && !ttisnil(&base[0])) return n;
  if (n > 1 && base[1].tt == LT_STR) lrt_errorf(L, "%s", base[1].u.s->data);
  if (self->upvals[1]->v.tt == LT_TRUE) {
    fclose(lf->f);
    lf->f = NULL;
  }
  return 0;
}

static int make_lines(LState *L, TValue *base, TValue file, int toclose, TValue *fmts, int nf) {
  if (nf > 250) lrt_errorf(L, "too many arguments");
  for (int i = 0; i < nf; i++) base[3 + i] = fmts[i]; /* keep them reachable */
  base[0] = file;
  LClosure *cl = lrtF_new(L, io_lines_aux, &lines_info, 3 + nf);
  setfunc(&base[1], cl);
  for (int i = 0; i < 3 + nf; i++) {
    cl->upvals[i] = lrt_newupval(L);
    lrt_gc_barrier(L, cl); /* the next box may collect cl into the old generation */
  }
  cl->upvals[0]->v = file;
  setbool(&cl->upvals[1]->v, toclose);
  setint(&cl->upvals[2]->v, nf);
  for (int i = 0; i < nf; i++) cl->upvals[3 + i]->v = base[3 + i];
  for (int i = 0; i < 3 + nf; i++) lrt_gc_barrier(L, cl->upvals[i]);
  base[0] = base[1];
  setnil(&base[1]);
  setnil(&base[2]);
  base[3] = file;
  return 4; /* iterator, nil, nil, file (closed by a generic for) */
}

static TValue open_or_error(LState *L, const char *name, const char *mode) {
  FILE *f = fopen(name, mode);
  if (f == NULL) lrt_errorf(L, "cannot open file '%s' (%s)", name, strerror(errno));
  return newfile(L, f, F_FILE);
}

LIBFN(io_lines) {
  lrt_reserve(L, base + nargs + 8);
  if (nargs == 0 || ttisnil(&base[0])) {
    TValue in = getdefault(IO_INPUT);
    if (tolfile(&in)->f == NULL) lrt_errorf(L, "default input file is closed");
    return make_lines(L, base, in, 0, base + 1, nargs > 1 ? nargs - 1 : 0);
  }
  LString *name = lrt_checkstring(L, base, nargs, 1, "io.lines");
  TValue f = open_or_error(L, name->data, "r");
  TValue fmts[256];
  int nf = nargs - 1 > 250 ? 250 : nargs - 1;
  for (int i = 0; i < nf; i++) fmts[i] = base[i + 1];
  return make_lines(L, base, f, 1, fmts, nf);
}

LIBFN(f_lines) {
  checkfile(L, base, nargs, 1, ":lines");
  lrt_reserve(L, base + nargs + 8);
  TValue fmts[256];
  int nf = nargs - 1 > 250 ? 250 : nargs - 1;
  for (int i = 0; i < nf; i++) fmts[i] = base[i + 1];
  make_lines(L, base, base[0], 0, fmts, nf);
  return 1; /* only the iterator: a file's own lines do not close it */
}

/* ----------------------------------------------------------------------- open, close */

static int checkmode(const char *mode) {
  if (*mode != '\0' && strchr("rwa", *(mode++)) != NULL) {
    if (*mode == '+') mode++;
    return strspn(mode, "b") == strlen(mode);
  }
  return 0;
}

LIBFN(io_open) {
  LString *name = lrt_checkstring(L, base, nargs, 1, "io.open");
  const char *mode = nargs >= 2 && !ttisnil(&base[1]) ? lrt_checkstring(L, base, nargs, 2, "io.open")->data : "r";
  if (!checkmode(mode)) lrt_argerror(L, 2, "io.open", "invalid mode");
  FILE *f = fopen(name->data, mode);
  if (f == NULL) return lrt_fileresult(L, base, 0, name->data);
  base[0] = newfile(L, f, F_FILE);
  return 1;
}

static int closefile(LState *L, TValue *base, LFile *lf) {
  if (lf->kind == F_STD) {
    setnil(&base[0]);
    setstr(&base[1], lrtS_newz(L, "cannot close standard file"));
    return 2;
  }
  int ok;
  if (lf->kind == F_PIPE) {
    int st = pclose(lf->f);
    lf->f = NULL;
    if (st == -1) return lrt_fileresult(L, base, 0, NULL);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st);
    const char *what = WIFEXITED(st) ? "exit" : "signal";
    if (WIFEXITED(st) && code == 0) setbool(&base[0], 1);
    else setnil(&base[0]);
    setstr(&base[1], lrtS_newz(L, what));
    setint(&base[2], code);
    return 3;
  }
  ok = fclose(lf->f) == 0;
  lf->f = NULL;
  return lrt_fileresult(L, base, ok, NULL);
}

LIBFN(f_close) {
  checkfile(L, base, nargs, 1, ":close");
  return closefile(L, base, tolfile(&base[0]));
}

LIBFN(io_close) {
  if (nargs == 0 || ttisnil(&base[0])) {
    base[0] = getdefault(IO_OUTPUT);
    nargs = 1;
  }
  checkfile(L, base, nargs, 1, "io.close");
  return closefile(L, base, tolfile(&base[0]));
}

LIBFN(f_flush) {
  FILE *f = checkfile(L, base, nargs, 1, ":flush");
  int ok = fflush(f) == 0;
  if (ok) return 1; /* the file */
  return lrt_fileresult(L, base, 0, NULL);
}

LIBFN(io_flush) {
  TValue out = getdefault(IO_OUTPUT);
  LFile *lf = tolfile(&out);
  if (lf->f == NULL) lrt_errorf(L, "default output file is closed");
  if (fflush(lf->f) == 0) {
    base[0] = out;
    return 1;
  }
  return lrt_fileresult(L, base, 0, NULL);
}

LIBFN(f_seek) {
  static const int modes[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  static const char *const names[] = {"set", "cur", "end", NULL};
  FILE *f = checkfile(L, base, nargs, 1, ":seek");
  const char *whence = nargs >= 2 && !ttisnil(&base[1]) ? lrt_checkstring(L, base, nargs, 2, ":seek")->data : "cur";
  int op = 0;
  while (names[op] && strcmp(names[op], whence) != 0) op++;
  if (names[op] == NULL) {
    char msg[80];
    snprintf(msg, sizeof(msg), "invalid option '%s'", whence);
    lrt_argerror(L, 2, ":seek", msg);
  }
  int64_t offset = lrt_optinteger(L, base, nargs, 3, ":seek", 0);
  if (fseek(f, (long)offset, modes[op]) != 0) return lrt_fileresult(L, base, 0, NULL);
  setint(&base[0], (int64_t)ftell(f));
  return 1;
}

LIBFN(f_setvbuf) {
  static const int modes[] = {_IONBF, _IOFBF, _IOLBF};
  static const char *const names[] = {"no", "full", "line", NULL};
  FILE *f = checkfile(L, base, nargs, 1, ":setvbuf");
  const char *m = lrt_checkstring(L, base, nargs, 2, ":setvbuf")->data;
  int op = 0;
  while (names[op] && strcmp(names[op], m) != 0) op++;
  if (names[op] == NULL) {
    char msg[80];
    snprintf(msg, sizeof(msg), "invalid option '%s'", m);
    lrt_argerror(L, 2, ":setvbuf", msg);
  }
  int64_t sz = lrt_optinteger(L, base, nargs, 3, ":setvbuf", BUFSIZ);
  return lrt_fileresult(L, base, setvbuf(f, NULL, modes[op], (size_t)sz) == 0, NULL);
}

LIBFN(f_tostring) {
  LFile *lf = tolfile(&base[0]);
  char buf[64];
  if (lf == NULL || lf->f == NULL) snprintf(buf, sizeof(buf), "file (closed)");
  else snprintf(buf, sizeof(buf), "file (%p)", (void *)lf->f);
  setstr(&base[0], lrtS_newz(L, buf));
  return 1;
}

LIBFN(f_close_meta) {
  LFile *lf = tolfile(&base[0]);
  if (lf && lf->f && lf->kind != F_STD) closefile(L, base, lf);
  return 0;
}

LIBFN(io_type) {
  lrt_checkany(L, nargs, 1, "io.type");
  LFile *lf = tolfile(&base[0]);
  if (lf == NULL) setnil(&base[0]);
  else setstr(&base[0], lrtS_newz(L, lf->f ? "file" : "closed file"));
  return 1;
}

static int g_iofile(LState *L, TValue *base, int nargs, int which, const char *mode, const char *fname) {
  if (nargs >= 1 && !ttisnil(&base[0])) {
    TValue f;
    if (base[0].tt == LT_STR) f = open_or_error(L, base[0].u.s->data, mode);
    else {
      checkfile(L, base, nargs, 1, fname);
      f = base[0];
    }
    lrtH_setint(L, defaults, which, &f);
  }
  base[0] = getdefault(which);
  return 1;
}

LIBFN(io_input) { return g_iofile(L, base, nargs, IO_INPUT, "r", "io.input"); }
LIBFN(io_output) { return g_iofile(L, base, nargs, IO_OUTPUT, "w", "io.output"); }

LIBFN(io_popen) {
  LString *cmd = lrt_checkstring(L, base, nargs, 1, "io.popen");
  const char *mode = nargs >= 2 && !ttisnil(&base[1]) ? lrt_checkstring(L, base, nargs, 2, "io.popen")->data : "r";
  if (!((mode[0] == 'r' || mode[0] == 'w') && mode[1] == '\0')) lrt_argerror(L, 2, "io.popen", "invalid mode");
  fflush(NULL);
  FILE *f = popen(cmd->data, mode);
  if (f == NULL) return lrt_fileresult(L, base, 0, cmd->data);
  base[0] = newfile(L, f, F_PIPE);
  return 1;
}

LIBFN(io_tmpfile) {
  FILE *f = tmpfile();
  if (f == NULL) return lrt_fileresult(L, base, 0, NULL);
  base[0] = newfile(L, f, F_FILE);
  return 1;
}

static const lrt_Reg iolib[] = {
  {"close", io_close}, {"flush", io_flush}, {"input", io_input}, {"lines", io_lines}, {"open", io_open},
  {"output", io_output}, {"popen", io_popen}, {"read", io_read}, {"tmpfile", io_tmpfile}, {"type", io_type},
  {"write", io_write}, {NULL, NULL}
};

static const lrt_Reg filemethods[] = {
  {"close", f_close}, {"flush", f_flush}, {"lines", f_lines}, {"read", f_read}, {"seek", f_seek},
  {"setvbuf", f_setvbuf}, {"write", f_write}, {NULL, NULL}
};

void lrt_open_io(LState *L) {
  LTable *t = lrtH_new(L, 0, 16);
  TValue v;
  settable(&v, t);
  lrt_pin(L, &v);
  lrt_register(L, t, iolib);
  filemeta = lrtH_new(L, 0, 8);
  settable(&v, filemeta);
  lrt_pin(L, &v);
  LTable *methods = lrtH_new(L, 0, 8);
  settable(&v, methods);
  lrtH_setstr(L, filemeta, L->g->tmname[TM_INDEX], &v);
  lrt_register(L, methods, filemethods);
  setstr(&v, lrtS_newz(L, "FILE*"));
  lrtH_setstr(L, filemeta, L->g->tmname[TM_NAME], &v);
  setfunc(&v, lrt_newcfunction(L, f_tostring, "tostring"));
  lrtH_setstr(L, filemeta, L->g->tmname[TM_TOSTRING], &v);
  setfunc(&v, lrt_newcfunction(L, f_close_meta, "close"));
  lrtH_setstr(L, filemeta, L->g->tmname[TM_CLOSE], &v);
  defaults = lrtH_new(L, 2, 0);
  settable(&v, defaults);
  lrt_pin(L, &v);
  v = newfile(L, stdout, F_STD);
  lrtH_setint(L, defaults, IO_OUTPUT, &v);
  lrtH_setstr(L, t, lrtS_newz(L, "stdout"), &v);
  v = newfile(L, stdin, F_STD);
  lrtH_setint(L, defaults, IO_INPUT, &v);
  lrtH_setstr(L, t, lrtS_newz(L, "stdin"), &v);
  v = newfile(L, stderr, F_STD);
  lrtH_setstr(L, t, lrtS_newz(L, "stderr"), &v);
  settable(&v, t);
  lrtH_setstr(L, L->globals, lrtS_newz(L, "io"), &v);
}
