//! The compiler driver: chains the passes (parse → resolve → codegen → LLVM optimisation →
//! object → link) in one readable place.

use std::path::{Path, PathBuf};

use inkwell::context::Context;
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine, TargetTriple};
use inkwell::OptimizationLevel;

use crate::codegen::Codegen;
use crate::diagnostics::{Code, Diagnostic};
use crate::link;
use crate::sema::modules::static_requires;
use crate::sema::resolve::resolve;
use crate::speculate::{speculate, Facts};
use crate::syntax::ast::Chunk;
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
    /// Extra directories searched by `require`, after the main script's directory.
    pub include_dirs: Vec<PathBuf>,
}

/// One source file of a program, parsed and resolved.
pub struct Source {
    pub chunkname: String,
    pub text: String,
    pub chunk: Chunk,
}

/// A whole program: the main script and every module it requires (transitively).
pub struct Program {
    pub main: Source,
    pub modules: Vec<(String, Source)>,
}

impl Program {
    /// Every source of the program, the main script first.
    fn sources(&self) -> Vec<&Source> {
        std::iter::once(&self.main).chain(self.modules.iter().map(|(_, m)| m)).collect()
    }

    /// Runs the speculate pass over the whole program.
    fn speculate(&self) -> Facts {
        speculate(&self.sources().iter().map(|s| &s.chunk).collect::<Vec<_>>())
    }

    /// A digest of everything the executable depends on, for the `flua run` cache.
    fn digest(&self, opt: OptLevel) -> u64 {
        let mut key = format!("{:?}\0{}\0{}\0{}", opt, env!("CARGO_PKG_VERSION"), self.main.chunkname, self.main.text);
        for (name, m) in &self.modules {
            key.push_str(&format!("\0{name}\0{}\0{}", m.chunkname, m.text));
        }
        link::hash_bytes(key.as_bytes()) ^ link::hash_bytes(build_id())
    }
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

/// Parses and resolves one file, printing diagnostics.
fn load_source(path: &Path, chunkname: String) -> Result<Source, Failure> {
    let text = read_source(path)?;
    let mut chunk = parse_chunk(&text).map_err(|d| {
        d.emit(&chunkname, &text);
        Failure::Reported
    })?;
    resolve(&mut chunk, &text).map_err(|d| {
        d.emit(&chunkname, &text);
        Failure::Reported
    })?;
    Ok(Source { chunkname, text, chunk })
}

/// Where `require name` finds its file: `?.lua` then `?/init.lua` in each directory, as
/// package.path's templates do. Returns the file or the list of paths tried.
fn find_module(name: &str, dirs: &[PathBuf]) -> Result<PathBuf, Vec<PathBuf>> {
    let rel = name.replace('.', "/");
    let mut tried = Vec::new();
    for dir in dirs {
        for candidate in [format!("{rel}.lua"), format!("{rel}/init.lua")] {
            let p = if dir.as_os_str().is_empty() { Path::new(".").join(&candidate) } else { dir.join(&candidate) };
            if p.is_file() {
                return Ok(p);
            }
            tried.push(p);
        }
    }
    Err(tried)
}

/// Parses and resolves the main script and, transitively, every module it requires with a
/// constant name; a module that cannot be found is a diagnostic listing the paths tried.
pub fn load_program(input: &Path, include_dirs: &[PathBuf]) -> Result<Program, Failure> {
    let main = load_source(input, input.to_string_lossy().into_owned())?;
    let mut dirs = vec![input.parent().map(Path::to_path_buf).unwrap_or_default()];
    dirs.extend(include_dirs.iter().cloned());
    let mut modules: Vec<(String, Source)> = Vec::new();
    let mut modules_missing: Vec<String> = Vec::new();
    let mut pending: Vec<(String, crate::syntax::ast::Span, usize)> =
        static_requires(&main.chunk).into_iter().map(|(n, sp)| (n, sp, usize::MAX)).collect();
    pending.reverse();
    while let Some((name, span, from)) = pending.pop() {
        if modules.iter().any(|(n, _)| *n == name) || modules_missing.contains(&name) {
            continue;
        }
        let file = match find_module(&name, &dirs) {
            Ok(f) => f,
            Err(tried) => {
                // A warning, not an error: package.preload may still provide it at run time,
                // and require raises lua5.4's "module not found" error if nothing does.
                let src = if from == usize::MAX { &main } else { &modules[from].1 };
                let list: String = tried.iter().map(|p| format!("\n\tno file '{}'", p.display())).collect();
                let msg = format!("module '{name}' not found:{list}");
                Diagnostic::warning(Code::ModuleNotFound, msg, span.lo as usize, span.hi as usize).emit(&src.chunkname, &src.text);
                modules_missing.push(name);
                continue;
            }
        };
        let m = load_source(&file, file.to_string_lossy().into_owned())?;
        let idx = modules.len();
        let mut reqs: Vec<_> = static_requires(&m.chunk).into_iter().map(|(n, sp)| (n, sp, idx)).collect();
        reqs.reverse();
        modules.push((name, m));
        pending.extend(reqs);
    }
    Ok(Program { main, modules })
}

/// `flua check`: parse and analyse the program, printing diagnostics; with `explain`,
/// also what the speculate pass decided for each function, and why.
pub fn check(path: &Path, include_dirs: &[PathBuf], explain: bool) -> Result<(), Failure> {
    let program = load_program(path, include_dirs)?;
    if explain {
        let facts = program.speculate();
        let sources = program.sources();
        // each source's newline offsets, so that a position's line is a binary search
        let newlines: Vec<Vec<usize>> =
            sources.iter().map(|s| s.text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect()).collect();
        let mut out = String::new();
        for r in &facts.explain {
            let src = sources[r.chunk];
            let line = |pos: u32| newlines[r.chunk].partition_point(|&nl| nl < pos as usize) + 1;
            let name = match r.name.as_str() {
                "main chunk" => "main chunk".to_string(),
                "" => "anonymous function".to_string(),
                n => format!("function {n}"),
            };
            out.push_str(&format!("{}:{}: {}\n", src.chunkname, line(r.pos), name));
            let mut lines: Vec<(u32, String)> = r
                .items
                .iter()
                .map(|c| (c.pos, format!("{}{}", c.message, c.assigned_at.map(|p| format!(" at line {}", line(p))).unwrap_or_default())))
                .chain(r.loops.iter().cloned())
                .chain(r.captures.iter().cloned())
                .chain(r.typed.iter().map(|t| (r.pos, t.clone())))
                .chain(r.outside_loops.iter().map(|t| (r.pos, t.clone())))
                .chain(r.pieces.iter().map(|t| (r.pos, t.clone())))
                .chain(r.tables.iter().cloned())
                .collect();
            lines.sort_by_key(|(pos, _)| *pos);
            if lines.is_empty() {
                out.push_str("  nothing to specialise\n");
            }
            for (pos, msg) in lines {
                out.push_str(&format!("  line {}: {}\n", line(pos), msg));
            }
        }
        print!("{out}");
    }
    Ok(())
}

fn target_machine(opt: OptLevel) -> Result<TargetMachine, String> {
    Target::initialize_native(&InitializationConfig::default()).map_err(|e| format!("LLVM cannot target this machine: {e}"))?;
    create_target_machine(opt)
}

/// A target machine for the host, LLVM's targets being initialised already.
fn create_target_machine(opt: OptLevel) -> Result<TargetMachine, String> {
    let triple = TargetTriple::create(link::HOST_TRIPLE);
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

pub fn compile(opts: &Options) -> Result<(), Failure> {
    let program = load_program(&opts.input, &opts.include_dirs)?;
    generate(&program, opts)
}

fn codegen(cg: &mut Codegen, program: &Program) -> Result<(), crate::codegen::CgError> {
    for s in program.sources() {
        cg.declare_functions(&s.chunk);
    }
    cg.compile_main(&program.main.chunk)?;
    for (name, m) in &program.modules {
        cg.set_source(&m.chunkname, &m.text);
        cg.compile_module(name, &m.chunk)?;
    }
    cg.finish()
}

/// The LLVM module of `program` in `ctx`: code generation from the speculate pass's facts.
fn build_module<'c>(ctx: &'c Context, program: &Program, facts: Facts, opt: OptLevel, tm: &TargetMachine) -> Result<Module<'c>, String> {
    let mut cg = Codegen::new(ctx, &program.main.chunkname, &program.main.text, facts);
    cg.version_loops = opt == OptLevel::Release;
    cg.module.set_triple(&tm.get_triple());
    cg.module.set_data_layout(&tm.get_target_data().get_data_layout());
    codegen(&mut cg, program).map_err(|e| format!("internal compiler error while generating code: {}", e.0))?;
    Ok(cg.module)
}

/// The stack of the threads that walk syntax trees (the front end, code generation): 64 MB
/// of address space, of which a program uses what its nesting needs (about 1 KB per level
/// of `syntax::nesting::MAX_DEPTH`).
pub const COMPILER_STACK: usize = 64 << 20;

/// The back half: code generation, optimisation, emission and linking.
fn generate(program: &Program, opts: &Options) -> Result<(), Failure> {
    let facts = program.speculate();
    let tm = target_machine(opts.opt)?;
    let optimise: crate::emit::Optimise = match opts.opt {
        OptLevel::Debug => |_, _, _| Ok(()),
        OptLevel::Release => |m, tm, part| {
            let [early, rest] = crate::emit::release_pipeline(part);
            run_pipeline(m, tm, &early)?;
            crate::once::extract_loops(m, tm)?;
            run_pipeline(m, tm, &rest)?;
            crate::once::mark_quick(m);
            Ok(())
        },
        OptLevel::Size => |m, tm, _| run_pipeline(m, tm, "default<Oz>"),
    };
    let ctx = Context::create();
    if opts.kind != OutputKind::NativeAot {
        let module = build_module(&ctx, program, facts, opts.opt, &tm)?;
        if opts.kind == OutputKind::LlvmIr && opts.opt == OptLevel::Debug {
            // Written before verification, so that a broken module can be read.
            write_ir(&module, &opts.output)?;
        }
        crate::emit::verify(&module)?;
        optimise(&module, &tm, crate::emit::Part::Whole)?;
        return write_module(&module, &tm, opts);
    }
    crate::emit::discard_value_names(&ctx);
    // Found while LLVM works (it runs the compiler twice); the linking waits for it.
    let compiler = std::thread::Builder::new().name("flua linker".into()).spawn(link::c_compiler);
    // FLUA_SPLIT_CODEGEN=1 splits even small programs (for the test suite), =0 never
    let knob = std::env::var_os("FLUA_SPLIT_CODEGEN");
    let force = knob.as_ref().is_some_and(|v| v == "1");
    let opt = opts.opt;
    // -O Debug's code generation (FastISel) is quick: the split would not pay
    let split = force || (opt != OptLevel::Debug && knob.is_none_or(|v| v != "0"));
    let build: &crate::emit::Build = &|ctx, tm| build_module(ctx, program, facts.clone(), opt, tm);
    let objects = crate::emit::objects(&ctx, build, &tm, move || create_target_machine(opt), optimise, split, force)?;
    let dir = std::env::temp_dir().join(format!("flua-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create '{}': {}", dir.display(), link::io_reason(&e)))?;
    let mut paths = Vec::new();
    for (i, bytes) in objects.iter().enumerate() {
        let obj = dir.join(format!("program{i}.o"));
        std::fs::write(&obj, bytes).map_err(|e| format!("cannot write '{}': {}", obj.display(), link::io_reason(&e)))?;
        paths.push(obj);
    }
    let compiler = match compiler {
        Ok(thread) => thread.join().unwrap_or_else(|_| Err("internal compiler error: finding the C compiler failed".into())),
        Err(_) => link::c_compiler(), // no thread: find it now
    };
    let r = link::link_executable(&paths, &opts.output, compiler);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(r?)
}

/// `-o -`: the output goes to standard output (text and object kinds).
pub fn is_stdout(out: &Path) -> bool {
    out.as_os_str() == "-"
}

fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| format!("cannot write to standard output: {}", link::io_reason(&e)))
}

/// Writes a module as textual LLVM IR.
fn write_ir(module: &Module, out: &Path) -> Result<(), String> {
    if is_stdout(out) {
        return write_stdout(module.print_to_string().to_bytes());
    }
    let tmp = link::temp_sibling(out);
    module.print_to_file(&tmp).map_err(|e| format!("cannot write '{}': {}", out.display(), e))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("cannot write '{}': {}", out.display(), link::io_reason(&e)))
}

/// Writes an optimised module as the output kind asks: IR (unless -O Debug wrote it before
/// verification), an object or assembly.
fn write_module(module: &Module, tm: &TargetMachine, opts: &Options) -> Result<(), Failure> {
    let out = &opts.output;
    match opts.kind {
        OutputKind::LlvmIr if opts.opt == OptLevel::Debug => {}
        OutputKind::LlvmIr => write_ir(module, out)?,
        _ => {
            let ft = if opts.kind == OutputKind::Assembly { FileType::Assembly } else { FileType::Object };
            let buf = tm.write_to_memory_buffer(module, ft).map_err(|e| format!("LLVM code generation failed: {e}"))?;
            if is_stdout(out) {
                write_stdout(buf.as_slice())?;
            } else {
                link::write_atomic(out, buf.as_slice())?;
            }
        }
    }
    Ok(())
}

/// Runs an LLVM pass pipeline over a module.
fn run_pipeline(module: &Module, tm: &TargetMachine, passes: &str) -> Result<(), String> {
    let options = PassBuilderOptions::create();
    // Generated code has almost nothing to vectorise (values are tagged pairs, loops call
    // the runtime) and the vectorisers cost a tenth of the pipeline's time.
    options.set_loop_vectorization(false);
    options.set_loop_slp_vectorization(false);
    module.run_passes(passes, tm, options).map_err(|e| format!("LLVM optimisation failed: {}", e.to_string_lossy()))
}

/// `flua run`: compiles into the cache (keyed by path, source and options) and returns the
/// executable's path.
pub fn compile_cached(input: &Path, opt: OptLevel, include_dirs: &[PathBuf]) -> Result<PathBuf, Failure> {
    let program = load_program(input, include_dirs)?;
    let dir = link::cache_dir().join("run");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create '{}': {}", dir.display(), link::io_reason(&e)))?;
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "program".into());
    let exe = dir.join(format!("{}-{:016x}", stem, program.digest(opt)));
    if exe.exists() {
        link::touch_cache_entry(&exe);
    } else {
        link::prune_cache(&dir, "");
        let opts = Options {
            input: input.to_path_buf(),
            output: exe.clone(),
            kind: OutputKind::NativeAot,
            opt,
            include_dirs: include_dirs.to_vec(),
        };
        generate(&program, &opts)?;
    }
    Ok(exe)
}

/// Changes whenever flua itself is rebuilt, so stale cached programs are not reused.
fn build_id() -> &'static [u8] {
    concat!(env!("CARGO_PKG_VERSION"), env!("FLUA_BUILD_ID")).as_bytes()
}
