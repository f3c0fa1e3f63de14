//! The command line as a user meets it: exit statuses, one-line errors, output files,
//! `flua run` argument passing and `flua check`.

use std::path::PathBuf;
use std::process::Command;

fn flua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_flua"))
}

/// An empty directory for one test: emptied first, since an earlier run of the suite by a
/// process of the same id may have left it (the cache test counts the files it finds).
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("flua-cli-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn compile_default_output_and_run() {
    let d = scratch("default");
    let src = d.join("greet.lua");
    std::fs::write(&src, "print('hi', ...)\n").unwrap();
    let out = flua().arg("compile").arg(&src).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let exe = d.join("greet");
    let run = Command::new(&exe).args(["a", "b"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "hi\ta\tb\n");
}

#[test]
fn run_passes_arguments_and_exit_status() {
    let d = scratch("run");
    let src = d.join("exit.lua");
    std::fs::write(&src, "print(#arg, arg[1], arg[2]) os.exit(tonumber(arg[2]))\n").unwrap();
    let out = flua().arg("run").arg(&src).args(["x", "7"]).output().unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2\tx\t7\n");
}

#[test]
fn missing_input_is_a_one_line_error() {
    let out = flua().args(["compile", "/nonexistent/nothere.lua"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot open /nonexistent/nothere.lua: No such file or directory"), "{err}");
}

#[test]
fn unwritable_output_is_an_error_without_partial_file() {
    let d = scratch("unwritable");
    let src = d.join("p.lua");
    std::fs::write(&src, "print(1)\n").unwrap();
    let out = flua().arg("compile").arg(&src).args(["-o", "/nonexistent-dir/p"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("flua: "));
    assert!(!std::path::Path::new("/nonexistent-dir/p").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let out = flua().args(["compile", "x.lua", "-t", "Bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = flua().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn syntax_errors_are_diagnostics_with_position_and_caret() {
    let d = scratch("syntax");
    let src = d.join("bad.lua");
    std::fs::write(&src, "local x = 1\nx = = 2\n").unwrap();
    let out = flua().arg("check").arg(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with(&format!("{}:2:5: unexpected symbol near '='", src.display())), "{err}");
    assert!(err.contains("^"), "{err}");
    let ok = d.join("ok.lua");
    std::fs::write(&ok, "print(1)\n").unwrap();
    assert!(flua().arg("check").arg(&ok).status().unwrap().success());
}

#[test]
fn other_output_kinds() {
    let d = scratch("kinds");
    let src = d.join("k.lua");
    std::fs::write(&src, "local t = {} t[1] = 2 print(t[1])\n").unwrap();
    for (kind, ext, marker) in [("LlvmIr", "ll", "define"), ("Assembly", "s", "flua_main")] {
        let out = flua().arg("compile").arg(&src).args(["-t", kind]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(d.join(format!("k.{ext}"))).unwrap();
        assert!(text.contains(marker), "{kind} output lacks {marker}");
    }
    let out = flua().arg("compile").arg(&src).args(["-t", "Object", "-O", "Size"]).output().unwrap();
    assert!(out.status.success());
    assert!(std::fs::metadata(d.join("k.o")).unwrap().len() > 0);
    // `-o -`: standard output for text and objects, a usage error for an executable
    for (kind, opt, marker) in [("LlvmIr", "Debug", &b"define"[..]), ("LlvmIr", "Release", b"define"), ("Object", "Size", b"\x7fELF")] {
        let out = flua().current_dir(&d).arg("compile").arg(&src).args(["-t", kind, "-O", opt, "-o", "-"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.windows(marker.len()).any(|w| w == marker), "{kind} on standard output lacks its marker");
    }
    let out = flua().current_dir(&d).arg("compile").arg(&src).args(["-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be written to standard output"));
    assert!(!d.join("-").exists(), "`-o -` made a file named '-'");
}

#[test]
fn garbage_input_never_crashes_the_compiler() {
    let d = scratch("garbage");
    let inputs: &[&[u8]] = &[
        b"\xff\xfe\x00(((",
        b"function",
        b"local function",
        b"return return",
        b"a.b:c",
        b"[[",
        b"--[==[",
        b"x = '\\u{110000000}'",
        b"goto",
        b"::a",
        b"for",
        b"f{",
        b"1 = 2",
        b"...",
        b"\"\\9999\"",
    ];
    for (i, bytes) in inputs.iter().enumerate() {
        let src = d.join(format!("g{i}.lua"));
        std::fs::write(&src, bytes).unwrap();
        let out = flua().arg("check").arg(&src).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "input {:?}", String::from_utf8_lossy(bytes));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn check_explain_reports_each_call_decision() {
    let d = scratch("explain");
    let src = d.join("prog.lua");
    let prog = "local function f(n) return n end\nlocal function g() end\ng = nil\nprint(f(1))\n\
                local x = 0.5\nfor i = 1, 3 do x = x * i end\n";
    std::fs::write(&src, prog).unwrap();
    let out = flua().args(["check", "--explain"]).arg(&src).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let p = src.display();
    let expected = format!(
        "{p}:1: main chunk\n  \
         line 1: code outside loops does field accesses, indexing, arithmetic and calls through the runtime: runs once\n  \
         line 4: call of 'print': generic: global not defined by one `function` statement\n  \
         line 4: call of 'f': direct, inlined at -O Release: small local function, never reassigned\n  \
         line 6: loop specialised (guarded at entry): x float\n\
         {p}:1: function f\n  line 1: typed entry (n integer) -> integer, no call frame; taken when the arguments' tags match\n  \
         line 1: code outside loops does field accesses, indexing, arithmetic and calls through the runtime: called only from code that runs once\n\
         {p}:2: function g\n  nothing to specialise\n"
    );
    assert_eq!(text, expected);
}

#[test]
fn cache_entries_unused_for_a_month_are_pruned() {
    let d = scratch("cache");
    let cache = d.join("cache");
    let run_dir = cache.join("flua").join("run");
    std::fs::create_dir_all(&run_dir).unwrap();
    let month_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(40 * 24 * 60 * 60);
    let age = |p: &PathBuf, t| std::fs::File::options().write(true).open(p).unwrap().set_modified(t).unwrap();
    let stale_exe = run_dir.join("old-0123456789abcdef");
    let recent_exe = run_dir.join("recent-0123456789abcdef");
    let stale_rt = cache.join("flua").join("libflua_rt-0000000000000000.a");
    for p in [&stale_exe, &recent_exe, &stale_rt] {
        std::fs::write(p, "x").unwrap();
    }
    age(&stale_exe, month_ago);
    age(&stale_rt, month_ago);
    let src = d.join("hello.lua");
    std::fs::write(&src, "print('hello')\n").unwrap();
    // The first run compiles (a new executable, a new runtime archive): both prune.
    let out = flua().env("XDG_CACHE_HOME", &cache).arg("run").arg(&src).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello\n");
    assert!(!stale_exe.exists() && !stale_rt.exists(), "entries unused for 40 days stay");
    assert!(recent_exe.exists(), "a recently used entry was deleted");
    // The second run reuses the executable and marks it used.
    let cached: Vec<_> =
        std::fs::read_dir(&run_dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.to_string_lossy().contains("hello-")).collect();
    assert_eq!(cached.len(), 1);
    age(&cached[0], month_ago);
    let out = flua().env("XDG_CACHE_HOME", &cache).arg("run").arg(&src).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello\n");
    let used = std::fs::metadata(&cached[0]).unwrap().modified().unwrap();
    assert!(used > month_ago + std::time::Duration::from_secs(24 * 60 * 60), "a cache hit does not mark the entry used");
}

#[test]
fn deep_nesting_compiles_or_is_a_diagnostic_never_a_crash() {
    let d = scratch("nesting");
    let compile = |name: &str, src: String| {
        let file = d.join(format!("{name}.lua"));
        std::fs::write(&file, src).unwrap();
        let out = flua().arg("compile").arg(&file).arg("-o").arg(d.join(name)).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let run = |name: &str| String::from_utf8_lossy(&Command::new(d.join(name)).output().unwrap().stdout).into_owned();
    // as deep as lua5.4 allows: 196 parentheses
    let (code, err) = compile("parens", format!("print({}1{})\n", "(".repeat(195), ")".repeat(195)));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(run("parens"), "1\n");
    // long left-associative chains, which lua5.4 parses without nesting: up to flua's limit
    let n = 9_990;
    let (code, err) = compile("sum", format!("local x = 1\nprint({})\n", vec!["x"; n].join(" + ")));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(run("sum"), format!("{n}\n"));
    let (code, err) = compile("fields", format!("local t = {{}} t.a = t\nprint(t{} == t)\n", ".a".repeat(n)));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(run("fields"), "true\n");
    // beyond it: a diagnostic with a position
    let (code, err) = compile("longer", format!("local x = 1\nprint({})\n", vec!["x"; 10_002].join(" + ")));
    assert_eq!(code, Some(1));
    assert!(err.starts_with(&format!("{}:2:", d.join("longer.lua").display())), "{err}");
    assert!(err.contains("nested too deeply"), "{err}");
    // a syntax error after a very long chain: the partial tree is dropped without recursion
    // (a million links, too deep for a recursive drop even on the compiler's 64 MB stack)
    let (code, err) = compile("broken", format!("local x = 1\nprint({} + )\n", vec!["x"; 1_000_000].join(" + ")));
    assert_eq!(code, Some(1));
    assert!(err.contains("unexpected symbol") || err.contains("expected"), "{err}");
}

/// The e2e programs `pieces_*` test long chunks generated in pieces (src/codegen/pieces.rs)
/// against lua5.4; this checks that they are in pieces, and that a chunk with a top-level
/// label, which a `goto` could reach from any piece, stays whole.
#[test]
fn long_chunks_are_generated_in_pieces() {
    let d = scratch("pieces");
    let pieces = |src: &std::path::Path| -> usize {
        let ll = d.join("p.ll");
        let out = flua().arg("compile").arg(src).args(["-t", "LlvmIr", "-O", "Debug", "-o"]).arg(&ll).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::read_to_string(&ll).unwrap().lines().filter(|l| l.starts_with("define") && l.contains(".piece.")).count()
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for test in [
        "tests/run/pieces_locals.lua",
        "tests/run/pieces_function.lua",
        "tests/run/modules/pieces_mod.lua",
        "tests/errors/pieces_error.lua",
    ] {
        assert!(pieces(&root.join(test)) >= 4, "{test} is not generated in pieces");
    }
    let labelled = d.join("labelled.lua");
    let body: String = (0..400).map(|i| format!("n = n + {i}\n")).collect();
    std::fs::write(&labelled, format!("n = 0\n::top::\n{body}if n < 200000 then goto top end\nprint(n)\n")).unwrap();
    assert_eq!(pieces(&labelled), 0);
    // check --explain says so
    let explain = |src: &std::path::Path| {
        let out = flua().args(["check", "--explain"]).arg(src).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(explain(&root.join("tests/run/pieces_locals.lua")).contains("line 1: generated in 5 pieces"));
    assert!(explain(&labelled).contains("long, but generated as one function: a label at its top level"));
}

/// The e2e tests of specialised loops test them only while their loops are specialised:
/// a change to the speculate pass must not silently turn them generic.
#[test]
fn speculation_tests_have_specialised_loops() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tests = [
        ("tests/run/spec_callfree.lua", 6),
        ("tests/run/spec_fields.lua", 3),
        ("tests/run/speculate_numbers.lua", 10),
        ("tests/run/speculate_arrays_meta.lua", 2),
        ("tests/run/speculate_reentry.lua", 6),
        ("tests/run/float_shadows.lua", 8),
        ("tests/run/mixed_numbers.lua", 2),
        ("tests/run/mixed_typed_operands.lua", 1),
    ];
    for (test, at_least) in tests {
        let out = flua().args(["check", "--explain"]).arg(root.join(test)).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        let n = text.lines().filter(|l| l.contains("loop specialised")).count();
        assert!(n >= at_least, "{test}: {n} specialised loops, expected at least {at_least}:\n{text}");
    }
    // a loop whose statements leave its specialised copy on slow paths
    let out = flua().args(["check", "--explain"]).arg(root.join("tests/run/spec_callfree.lua")).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("its own locals kept at their kinds: w float, d float"));
}

/// flua links with GNU gold when `ld.gold` is on the PATH; a gold that fails (here a
/// stand-in that refuses) leaves the link to the default linker.
#[test]
fn a_failing_gold_falls_back_to_the_default_linker() {
    let d = scratch("gold");
    let fake = d.join("ld.gold");
    std::fs::write(&fake, "#!/bin/sh\necho 'ld.gold: refusing' >&2\nexit 1\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let src = d.join("p.lua");
    std::fs::write(&src, "print('linked')\n").unwrap();
    let path = format!("{}:{}", d.display(), std::env::var("PATH").unwrap_or_default());
    let out = flua().env("PATH", &path).arg("compile").arg(&src).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = Command::new(d.join("p")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "linked\n");
}

/// The collector's nursery (the allocation between minor collections) grows while young
/// objects survive minor collections, and stays small while they die young.
#[test]
fn the_nursery_grows_only_while_young_objects_survive() {
    let d = scratch("nursery");
    let programs = [
        // trees that outlive a minor collection (4 kept of 40 built), then die
        (
            "survivors",
            "local function tree(d) if d == 0 then return {} end return {tree(d - 1), tree(d - 1)} end\n\
                       local keep = {}\nfor i = 1, 40 do keep[i % 4 + 1] = tree(14) end\nprint(#keep)\n",
            "4\n",
            8,
        ),
        // garbage only: every table dies at once
        ("garbage", "local n = 0\nfor i = 1, 2000000 do local t = {i} n = n + #t end\nprint(n)\n", "2000000\n", 4),
    ];
    for (name, text, stdout, nursery_mb) in programs {
        let src = d.join(format!("{name}.lua"));
        std::fs::write(&src, text).unwrap();
        let exe = d.join(name);
        let out = flua().arg("compile").arg(&src).arg("-o").arg(&exe).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let run = Command::new(&exe).env("FLUA_GC_STATS", "1").output().unwrap();
        assert_eq!(String::from_utf8_lossy(&run.stdout), stdout);
        let stats = String::from_utf8_lossy(&run.stderr);
        assert!(stats.contains(&format!("nursery up to {nursery_mb} MB")), "{name}: {stats}");
    }
}

/// A typed entry whose `return` calls it twice is unrolled one level at -O Release: its
/// twin is inlined into it, and LLVM's tail-call elimination makes a loop of each copy's
/// last call (two accumulator loops where -O Size has one).
#[test]
fn recursion_twice_per_return_is_unrolled_at_release() {
    let d = scratch("unrolled");
    let src = d.join("fib.lua");
    std::fs::write(&src, "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end\nprint(fib(20))\n").unwrap();
    for (opt, loops) in [("Release", 2), ("Size", 1)] {
        let out = flua().arg("compile").arg(&src).args(["-O", opt, "-t", "LlvmIr", "-o", "-"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let ir = String::from_utf8_lossy(&out.stdout);
        assert!(!ir.lines().any(|l| l.starts_with("define") && l.contains(".twin(")), "{opt}: the twin was not inlined");
        // the loop's accumulators, not the values they leave the loop with (`.lcssa`)
        let accumulators = ir.lines().filter(|l| l.contains("%accumulator.tr") && l.contains(" = phi ") && !l.contains(".lcssa =")).count();
        assert_eq!(accumulators, loops, "{opt}: tail-call elimination loops in the typed entry");
    }
}

/// At -O Release, code that runs once is left unoptimised and gets the quick instruction
/// selector (`optnone`), except its loops, which LLVM's loop extractor moves into
/// functions of their own (src/once.rs); the values such a loop leaves go back through
/// `noalias` pointers.
#[test]
fn run_once_code_is_quick_except_its_loops() {
    let d = scratch("once");
    let src = d.join("once.lua");
    std::fs::write(
        &src,
        "local t = {n = 0}\nlocal s = 'x'\nfor i = 1, 100 do\n  t.n = t.n + i\n  s = s .. t.n % 10\nend\nprint(t.n, #s)\n",
    )
    .unwrap();
    let ir = |opt: &str| {
        let out = flua().arg("compile").arg(&src).args(["-O", opt, "-t", "LlvmIr", "-o", "-"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let release = ir("Release");
    let lines: Vec<&str> = release.lines().collect();
    // the attributes of a `define` line, by its group number
    let attrs = |define: &str| -> String {
        let group = define.rsplit(' ').nth(1).unwrap_or_default();
        let prefix = format!("attributes {group} = ");
        lines.iter().find(|l| l.starts_with(&prefix)).map(|l| l.to_string()).unwrap_or_default()
    };
    let main = lines.iter().find(|l| l.starts_with("define") && l.contains("@flua_main(")).expect("flua_main");
    assert!(attrs(main).contains("optnone"), "the main chunk's code outside loops is quick: {main}");
    let start = lines.iter().position(|l| l.starts_with("define internal") && l.contains("@flua_main.")).expect("the loop, extracted");
    let define = lines[start];
    assert!(!attrs(define).contains("optnone"), "the loop keeps the full code generator: {define}");
    assert!(
        define.contains("ptr noalias ") && define.contains(" writable "),
        "what the loop leaves goes back through noalias pointers: {define}"
    );
    let size = ir("Size");
    assert!(!size.contains("optnone") && !size.contains("@flua_main."), "-O Size keeps the code whole");
}
