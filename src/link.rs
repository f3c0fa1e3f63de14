//! Linking: object file + the embedded runtime archive → executable, through the system C
//! compiler found by the cc crate. Output files appear atomically (written, then renamed).

use std::path::{Path, PathBuf};

/// The C runtime (rt/), compiled by build.rs for the host.
static RUNTIME_ARCHIVE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libflua_rt.a"));

pub const HOST_TRIPLE: &str = env!("FLUA_HOST_TRIPLE");

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

pub fn hash_bytes(bytes: &[u8]) -> u64 {
    fnv1a(bytes)
}

/// flua's cache directory: $XDG_CACHE_HOME/flua, ~/.cache/flua, or the temp directory.
pub fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("flua")
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = temp_sibling(path);
    std::fs::write(&tmp, bytes).map_err(|e| format!("cannot write '{}': {}", path.display(), io_reason(&e)))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write '{}': {}", path.display(), io_reason(&e))
    })
}

pub fn temp_sibling(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{}.{}.tmp", name, std::process::id()))
}

pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// How long an entry of flua's cache (a runtime archive, an executable of `flua run`) may
/// go unused before it is deleted. Each flua build writes an archive of its own and each
/// edit of a script run with `flua run` an executable of its own; without pruning the cache
/// would only grow.
const CACHE_MAX_IDLE: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 60 * 60);

/// Marks a cache entry as used now (its modification time), so that pruning keeps it.
/// Best effort: an entry that cannot be touched is at worst rebuilt later.
pub fn touch_cache_entry(path: &Path) {
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.set_modified(std::time::SystemTime::now());
    }
}

/// Deletes the entries of cache directory `dir` whose names start with `prefix` (and
/// stale temporary files) that have not been used for `CACHE_MAX_IDLE`. Called when an
/// entry is added, which is rare: a new flua build, a changed script. Best effort: a file
/// that cannot be read or deleted stays.
pub fn prune_cache(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(prefix) || (name.starts_with('.') && name.ends_with(".tmp"))) {
            continue;
        }
        let idle = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| now.duration_since(t).ok());
        if idle.is_some_and(|d| d > CACHE_MAX_IDLE) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The runtime archive in the cache, written on first use.
fn runtime_archive() -> Result<PathBuf, String> {
    let dir = cache_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create cache directory '{}': {}", dir.display(), io_reason(&e)))?;
    let path = dir.join(format!("libflua_rt-{:016x}.a", fnv1a(RUNTIME_ARCHIVE)));
    if path.exists() {
        touch_cache_entry(&path);
    } else {
        write_atomic(&path, RUNTIME_ARCHIVE)?;
        prune_cache(&dir, "libflua_rt-");
    }
    Ok(path)
}

/// The C compiler. The cc crate finds it by running it twice (to learn its family), about
/// 11 ms, so the driver starts this on a thread of its own early.
pub fn c_compiler() -> Result<cc::Tool, String> {
    cc::Build::new()
        .target(HOST_TRIPLE)
        .host(HOST_TRIPLE)
        .opt_level(0)
        .cargo_metadata(false)
        .cargo_warnings(false)
        .try_get_compiler()
        .map_err(|e| format!("no C compiler found to link with: {e}"))
}

/// Whether an executable of this name is in a directory of PATH.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|dirs| std::env::split_paths(&dirs).any(|d| d.join(name).is_file()))
}

/// Links `objects` with the runtime into the executable `out`, with `compiler` (from
/// `c_compiler`). GNU gold, when installed, links a program of 1,000 lines in 18 ms, the
/// default linker (GNU ld) in 30; should gold fail, the default linker links again.
pub fn link_executable(objects: &[PathBuf], out: &Path, compiler: Result<cc::Tool, String>) -> Result<(), String> {
    let rt = runtime_archive()?;
    let tmp = temp_sibling(out);
    let compiler = compiler?;
    let link = |gold: bool| -> Result<std::process::Output, String> {
        let mut cmd = compiler.to_command();
        if gold {
            cmd.arg("-fuse-ld=gold");
        }
        cmd.arg("-o").arg(&tmp).args(objects).arg(&rt).args(["-lm", "-lpthread"]);
        if !env!("FLUA_LINK_SANITIZE").is_empty() {
            cmd.arg(concat!("-fsanitize=", env!("FLUA_LINK_SANITIZE")));
        }
        cmd.output().map_err(|e| format!("cannot run the C compiler: {}", io_reason(&e)))
    };
    let gold = (compiler.is_like_gnu() || compiler.is_like_clang()) && on_path("ld.gold");
    let mut output = link(gold)?;
    if gold && !output.status.success() {
        output = link(false)?;
    }
    if !output.status.success() {
        let _ = std::fs::remove_file(&tmp);
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(format!("linking failed: {}", err.trim()));
    }
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write '{}': {}", out.display(), io_reason(&e))
    })
}
