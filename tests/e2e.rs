//! End-to-end tests: every Lua program under tests/run and tests/errors is compiled by flua
//! at each optimisation level, run, and compared with lua5.4: stdout, the first line of
//! stderr and the exit status. The expectation comes from `lua5.4` itself when it is
//! installed (and must then agree with the recorded `.expected` file), otherwise from the
//! recorded file. `FLUA_BLESS=1 cargo test --test e2e` re-records from lua5.4.
//!
//! tests/compile-fail holds programs that must be rejected: `flua check` output is compared
//! with the `.stderr` file beside each (re-recorded by FLUA_BLESS=1 from flua itself).
//!
//! A first line `-- args: a b c` passes arguments to the program.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Failed, Trial};

const LEVELS: &[&str] = &["Debug", "Release", "Size"];

#[derive(PartialEq, Debug)]
struct Outcome {
    status: i32,
    stderr_first: String,
    stdout: String,
}

impl Outcome {
    fn render(&self) -> String {
        format!("status: {}\nstderr: {}\n--- stdout\n{}", self.status, self.stderr_first, self.stdout)
    }

    fn parse(text: &str) -> Option<Outcome> {
        let mut lines = text.splitn(4, '\n');
        let status = lines.next()?.strip_prefix("status: ")?.parse().ok()?;
        let stderr_first = lines.next()?.strip_prefix("stderr: ")?.to_string();
        if lines.next()? != "--- stdout" {
            return None;
        }
        Some(Outcome { status, stderr_first, stdout: lines.next().unwrap_or("").to_string() })
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn script_args(src: &str) -> Vec<String> {
    src.lines()
        .next()
        .and_then(|l| l.strip_prefix("-- args:"))
        .map(|a| a.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
}

/// How long one program may run (the collect-at-every-allocation run included) before
/// its test fails, so that a program that hangs names itself instead of stalling CI.
const TIME_LIMIT: Duration = Duration::from_secs(300);

/// Runs a program (lua5.4 or a compiled one) whose argv[0] is `lua`, as the oracle's
/// messages start with the interpreter's name.
fn outcome(mut cmd: Command) -> Result<Outcome, String> {
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    // the pipes are drained on threads of their own, so that a full pipe cannot block it
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out_reader = drain(child.stdout.take().map(|r| Box::new(r) as Box<dyn Read + Send>));
    let err_reader = drain(child.stderr.take().map(|r| Box::new(r) as Box<dyn Read + Send>));
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| format!("cannot wait for {cmd:?}: {e}"))? {
            break st;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{cmd:?} still running after {} s: killed", TIME_LIMIT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let out = std::process::Output { status, stdout, stderr };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr.lines().next().unwrap_or("").to_string();
    // lua5.4 names itself "lua5.4:"; compiled programs are run with argv[0] = "lua".
    let first = first.strip_prefix("lua5.4: ").map(|r| format!("lua: {r}")).unwrap_or(first);
    Ok(Outcome { status: out.status.code().unwrap_or(-1), stderr_first: first, stdout: String::from_utf8_lossy(&out.stdout).into_owned() })
}

fn have_lua() -> bool {
    Command::new("lua5.4").arg("-v").output().is_ok_and(|o| o.status.success())
}

fn oracle(rel: &Path, args: &[String]) -> Result<Outcome, String> {
    let mut cmd = Command::new("lua5.4");
    // flua bundles modules found beside the script; make lua5.4 look there too.
    let dir = rel.parent().map(|d| d.display().to_string()).unwrap_or_default();
    cmd.env("LUA_PATH", format!("{dir}/?.lua;{dir}/?/init.lua;;"));
    cmd.current_dir(root()).arg(rel).args(args);
    outcome(cmd)
}

fn expected(rel: &Path, args: &[String], live: bool) -> Result<Outcome, String> {
    let file = root().join(rel).with_extension("expected");
    let bless = std::env::var_os("FLUA_BLESS").is_some();
    if bless {
        let o = oracle(rel, args)?;
        std::fs::write(&file, o.render()).map_err(|e| e.to_string())?;
        return Ok(o);
    }
    let recorded = std::fs::read_to_string(&file).ok().and_then(|t| Outcome::parse(&t));
    if live {
        let o = oracle(rel, args)?;
        match recorded {
            Some(r) if r == o => Ok(o),
            _ => Err(format!("{} is missing or disagrees with lua5.4: run FLUA_BLESS=1 cargo test --test e2e", file.display())),
        }
    } else {
        recorded.ok_or_else(|| format!("{} is missing and lua5.4 is not installed", file.display()))
    }
}

fn run_case(rel: PathBuf, level: &'static str, live: bool) -> Result<(), Failed> {
    let src = std::fs::read_to_string(root().join(&rel)).map_err(|e| e.to_string())?;
    let args = script_args(&src);
    let want = expected(&rel, &args, live)?;
    let dir = root().join("target").join("e2e");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let name = rel.to_string_lossy().replace(['/', '\\'], "_");
    let exe = dir.join(format!("{name}.{level}"));
    let c = Command::new(env!("CARGO_BIN_EXE_flua"))
        .current_dir(root())
        .args(["compile", &rel.to_string_lossy(), "-O", level, "-o"])
        .arg(&exe)
        .output()
        .map_err(|e| e.to_string())?;
    if !c.status.success() {
        return Err(format!("flua compile failed:\n{}", String::from_utf8_lossy(&c.stderr)).into());
    }
    let mut cmd = Command::new(&exe);
    cmd.current_dir(root()).args(&args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.arg0("lua");
    }
    let got = outcome(cmd)?;
    let _ = std::fs::remove_file(&exe);
    if got != want {
        let mut msg = String::new();
        if got.status != want.status {
            msg += &format!("exit status: got {}, want {}\n", got.status, want.status);
        }
        if got.stderr_first != want.stderr_first {
            msg += &format!("stderr: got  {:?}\n        want {:?}\n", got.stderr_first, want.stderr_first);
        }
        if got.stdout != want.stdout {
            let (g, w): (Vec<_>, Vec<_>) = (got.stdout.lines().collect(), want.stdout.lines().collect());
            let i = g.iter().zip(&w).position(|(a, b)| a != b).unwrap_or(g.len().min(w.len()));
            msg += &format!("stdout differs at line {}: got {:?}, want {:?}\n", i + 1, g.get(i), w.get(i));
        }
        return Err(msg.into());
    }
    Ok(())
}

fn compile_fail_case(rel: PathBuf) -> Result<(), Failed> {
    let out = Command::new(env!("CARGO_BIN_EXE_flua")).current_dir(root()).arg("check").arg(&rel).output().map_err(|e| e.to_string())?;
    let got = format!("status: {}\n{}", out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr));
    let file = root().join(&rel).with_extension("stderr");
    if std::env::var_os("FLUA_BLESS").is_some() {
        std::fs::write(&file, &got).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let want = std::fs::read_to_string(&file).map_err(|_| format!("{} is missing: run FLUA_BLESS=1", file.display()))?;
    if got != want {
        return Err(format!("diagnostic differs:\n--- got\n{got}--- want\n{want}").into());
    }
    Ok(())
}

fn lua_files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "lua")).collect())
        .unwrap_or_default();
    v.sort();
    v.into_iter().map(|p| PathBuf::from(dir).join(p.file_name().unwrap_or_default())).collect()
}

fn main() {
    let args = Arguments::from_args();
    let live = have_lua();
    if !live {
        eprintln!("note: lua5.4 is not installed; comparing with the recorded .expected files");
    }
    let mut trials = Vec::new();
    for dir in ["tests/run", "tests/errors"] {
        for rel in lua_files(dir) {
            for &level in LEVELS {
                let name = format!("{}::{}", rel.display(), level);
                let rel = rel.clone();
                trials.push(Trial::test(name, move || run_case(rel, level, live)));
            }
        }
    }
    for rel in lua_files("tests/compile-fail") {
        let name = format!("{}", rel.display());
        trials.push(Trial::test(name, move || compile_fail_case(rel)));
    }
    libtest_mimic::run(&args, trials).exit();
}
