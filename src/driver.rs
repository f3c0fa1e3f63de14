//! The compiler driver: chains the passes (parse → resolve → codegen → LLVM optimisation →
//! object → link) in one readable place.

use std::path::{Path, PathBuf};

use inkwell::context::Context;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine, TargetTriple};
use inkwell::OptimizationLevel;

use crate::codegen::Codegen;
use crate::link;
use crate::sema::resolve::resolve;
use crate::syntax::parse::parse_chunk;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    NativeAot,
    Object,
    LlvmIr,
    Assembly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptLevel {
    Debug,
    Release,
    Size,
}

pub struct Options {
    pub input: PathBuf,
    pub output: PathBuf,
    pub kind: OutputKind,
    pub opt: OptLevel,
}

/// Why a compilation failed: diagnostics already printed, or a one-line message.
pub enum Failure {
    Reported,
    Message(String),
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure::Message(s)
    }
}

pub fn read_source(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot open {}: {}", path.display(), link::io_reason(&e)))?;
    // Lua source is bytes; non-UTF-8 bytes survive only inside strings and comments.
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Parses and resolves, printing diagnostics; the front half of every command.
pub fn check(path: &Path) -> Result<(String, crate::syntax::ast::Chunk), Failure> {
    let src = read_source(path)?;
    let name = path.to_string_lossy().into_owned();
    let mut chunk = parse_chunk(&src).map_err(|d| {
        d.emit(&name, &src);
        Failure::Reported
    })?;
    resolve(&mut chunk, &src).map_err(|d| {
        d.emit(&name, &src);
        Failure::Reported
    })?;
    Ok((src, chunk))
}

fn target_machine(opt: OptLevel) -> Result<TargetMachine, String> {
    Target::initialize_native(&InitializationConfig::default()).map_err(|e| format!("LLVM cannot target this machine: {e}"))?;
    let triple = TargetTriple::create(&normalize_triple(link::HOST_TRIPLE));
    let target = Target::from_triple(&triple).map_err(|e| format!("LLVM has no target for {}: {e}", link::HOST_TRIPLE))?;
    let level = match opt {
        OptLevel::Debug => OptimizationLevel::None,
        OptLevel::Release => OptimizationLevel::Aggressive,
        OptLevel::Size => OptimizationLevel::Default,
    };
    target
        .create_target_machine(&triple, "", "", level, RelocMode::PIC, CodeModel::Default)
        .ok_or_else(|| format!("LLVM cannot create a target machine for {}", link::HOST_TRIPLE))
}

/// Rust's `x86_64-unknown-linux-gnu` is also LLVM's; keep the hook for other spellings.
fn normalize_triple(t: &str) -> String {
    t.to_string()
}

pub fn compile(opts: &Options) -> Result<(), Failure> {
    let (src, chunk) = check(&opts.input)?;
    let chunkname = opts.input.to_string_lossy().into_owned();
    let ctx = Context::create();
    let mut cg = Codegen::new(&ctx, &chunkname, &src);
    let tm = target_machine(opts.opt)?;
    cg.module.set_triple(&tm.get_triple());
    cg.module.set_data_layout(&tm.get_target_data().get_data_layout());
    if let Err(e) = cg.compile_chunk(&chunk) {
        return Err(format!("internal compiler error while generating code: {}", e.0).into());
    }
    let module = &cg.module;
    if opts.kind == OutputKind::LlvmIr && opts.opt == OptLevel::Debug {
        // Written before verification, so that a broken module can be read.
        let tmp = link::temp_sibling(&opts.output);
        module.print_to_file(&tmp).map_err(|e| format!("cannot write '{}': {}", opts.output.display(), e))?;
        std::fs::rename(&tmp, &opts.output).map_err(|e| format!("cannot write '{}': {}", opts.output.display(), link::io_reason(&e)))?;
    }
    module.verify().map_err(|e| format!("internal compiler error: invalid LLVM module: {}", e.to_string_lossy()))?;
    let passes = match opts.opt {
        OptLevel::Debug => None,
        OptLevel::Release => Some("default<O2>"),
        OptLevel::Size => Some("default<Oz>"),
    };
    if let Some(p) = passes {
        module
            .run_passes(p, &tm, PassBuilderOptions::create())
            .map_err(|e| format!("LLVM optimisation failed: {}", e.to_string_lossy()))?;
    }
    let out = &opts.output;
    match opts.kind {
        OutputKind::LlvmIr => {
            if opts.opt != OptLevel::Debug {
                let tmp = link::temp_sibling(out);
                module.print_to_file(&tmp).map_err(|e| format!("cannot write '{}': {}", out.display(), e))?;
                std::fs::rename(&tmp, out).map_err(|e| format!("cannot write '{}': {}", out.display(), link::io_reason(&e)))?;
            }
        }
        OutputKind::Object | OutputKind::Assembly => {
            let ft = if opts.kind == OutputKind::Object { FileType::Object } else { FileType::Assembly };
            let buf = tm.write_to_memory_buffer(module, ft).map_err(|e| format!("LLVM code generation failed: {e}"))?;
            link::write_atomic(out, buf.as_slice())?;
        }
        OutputKind::NativeAot => {
            let buf = tm.write_to_memory_buffer(module, FileType::Object).map_err(|e| format!("LLVM code generation failed: {e}"))?;
            let dir = std::env::temp_dir().join(format!("flua-{}", std::process::id()));
            std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create '{}': {}", dir.display(), link::io_reason(&e)))?;
            let obj = dir.join("program.o");
            std::fs::write(&obj, buf.as_slice()).map_err(|e| format!("cannot write '{}': {}", obj.display(), link::io_reason(&e)))?;
            let r = link::link_executable(&obj, out);
            let _ = std::fs::remove_dir_all(&dir);
            r?;
        }
    }
    Ok(())
}

/// `flua run`: compiles into the cache (keyed by path, source and options) and returns the
/// executable's path.
pub fn compile_cached(input: &Path, opt: OptLevel) -> Result<PathBuf, Failure> {
    let src = read_source(input)?;
    let key = format!("{}\0{:?}\0{}\0{}", input.display(), opt, env!("CARGO_PKG_VERSION"), src);
    let dir = link::cache_dir().join("run");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create '{}': {}", dir.display(), link::io_reason(&e)))?;
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "program".into());
    let exe = dir.join(format!("{}-{:016x}", stem, link::hash_bytes(key.as_bytes()) ^ link::hash_bytes(build_id())));
    if !exe.exists() {
        compile(&Options { input: input.to_path_buf(), output: exe.clone(), kind: OutputKind::NativeAot, opt })?;
    }
    Ok(exe)
}

/// Changes whenever flua itself is rebuilt, so stale cached programs are not reused.
fn build_id() -> &'static [u8] {
    concat!(env!("CARGO_PKG_VERSION"), env!("FLUA_BUILD_ID")).as_bytes()
}
