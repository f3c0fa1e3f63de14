//! Build script: generates the parser from grammar/lua.lalrpop and compiles the C runtime
//! (rt/) into a static library that flua embeds and links into every program it builds.

use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    // The triple flua itself is built for: its default (native) compilation target.
    println!("cargo:rustc-env=FLUA_HOST_TRIPLE={}", std::env::var("TARGET").expect("cargo sets TARGET"));
    lalrpop::Configuration::new().set_in_dir("grammar").set_out_dir(&out_dir).process().expect("grammar/lua.lalrpop generates a parser");
    println!("cargo:rerun-if-changed=grammar/lua.lalrpop");

    let mut build = cc::Build::new();
    build
        .std("c11")
        .include("rt/include")
        .opt_level(2)
        .debug(false)
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .flag("-Wno-unused-parameter")
        .flag_if_supported("-fno-strict-aliasing")
        .flag_if_supported("-fvisibility=hidden")
        .cargo_metadata(false);
    for dir in ["rt/src", "rt/lib"] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files: Vec<_> = std::fs::read_dir(dir).expect("rt sources").flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "c")) {
            build.file(f);
        }
    }
    println!("cargo:rerun-if-changed=rt/include");
    // FLUA_RT_SANITIZE=undefined|address|address,undefined: the runtime checks itself with
    // the given sanitizers, and flua links them into every program it builds (see README).
    println!("cargo:rerun-if-env-changed=FLUA_RT_SANITIZE");
    let sanitize = std::env::var("FLUA_RT_SANITIZE").unwrap_or_default();
    if !sanitize.is_empty() {
        build.flag(format!("-fsanitize={sanitize}")).flag("-fno-sanitize-recover=all").flag("-fno-omit-frame-pointer").flag("-g");
    }
    println!("cargo:rustc-env=FLUA_LINK_SANITIZE={sanitize}");
    build.compile("flua_rt");
    // Identifies this build of the runtime for the `flua run` cache.
    let rt = std::fs::read(Path::new(&out_dir).join("libflua_rt.a")).expect("runtime archive");
    let mut h: u64 = 0xcbf29ce484222325;
    for b in rt {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    println!("cargo:rustc-env=FLUA_BUILD_ID={h:016x}");
    assert!(Path::new(&out_dir).join("libflua_rt.a").exists());
}
