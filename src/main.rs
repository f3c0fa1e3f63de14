//! flua: an optimizing ahead-of-time compiler for Lua 5.4. This file is the command line
//! only; src/driver.rs chains the passes.

mod codegen;
mod diagnostics;
mod driver;
mod emit;
mod link;
mod once;
mod sema;
mod speculate;
mod syntax;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use driver::{Failure, OptLevel, OutputKind};

/// mimalloc for everything, LLVM's C++ allocations too (Cargo.toml says why); naming it
/// here also makes sure its malloc/free overrides are linked in.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "flua", version, about = "Compile Lua 5.4 programs to native executables")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetArg {
    #[value(name = "NativeAot")]
    NativeAot,
    #[value(name = "Library")]
    Library,
    #[value(name = "Object")]
    Object,
    #[value(name = "LlvmIr")]
    LlvmIr,
    #[value(name = "Assembly")]
    Assembly,
}

#[derive(Clone, Copy, ValueEnum)]
enum OptArg {
    #[value(name = "Debug")]
    Debug,
    #[value(name = "Release")]
    Release,
    #[value(name = "Size")]
    Size,
}

impl From<OptArg> for OptLevel {
    fn from(o: OptArg) -> Self {
        match o {
            OptArg::Debug => OptLevel::Debug,
            OptArg::Release => OptLevel::Release,
            OptArg::Size => OptLevel::Size,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Compile a Lua script to an executable (or object, LLVM IR, assembly)
    Compile {
        /// The Lua script
        file: PathBuf,
        /// Output path (default: the script's path without `.lua`, plus the kind's extension;
        /// `-` for standard output, except for an executable)
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// What to produce
        #[arg(short = 't', long = "target", value_enum, default_value = "NativeAot")]
        target: TargetArg,
        /// Runtime identifier of the platform to build for (default: this machine)
        #[arg(short = 'r', long = "runtime")]
        runtime: Option<String>,
        /// Optimisation level
        #[arg(short = 'O', long = "optimize", value_enum, default_value = "Release")]
        opt: OptArg,
        /// Emit DWARF debug information
        #[arg(long)]
        include_debug: bool,
        /// Also search DIR for modules named by `require` (after the script's directory)
        #[arg(short = 'I', value_name = "DIR")]
        include: Vec<PathBuf>,
    },
    /// Compile (cached) and run a script, like `lua FILE ARGS...`
    Run {
        /// Optimisation level
        #[arg(short = 'O', long = "optimize", value_enum, default_value = "Release")]
        opt: OptArg,
        /// Also search DIR for modules named by `require`
        #[arg(short = 'I', value_name = "DIR")]
        include: Vec<PathBuf>,
        /// The Lua script
        file: PathBuf,
        /// Arguments passed to the script
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Parse and analyse a script: diagnostics only, no output
    Check {
        /// The Lua script
        file: PathBuf,
        /// Report, per function, which calls the speculate pass made direct and why
        /// the others stay generic
        #[arg(long)]
        explain: bool,
        /// Also search DIR for modules named by `require`
        #[arg(short = 'I', value_name = "DIR")]
        include: Vec<PathBuf>,
    },
}

fn host_rid() -> &'static str {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "linux-x64",
        ("linux", "aarch64") => "linux-arm64",
        ("windows", "x86_64") => "win-x64",
        ("macos", "x86_64") => "osx-x64",
        ("macos", "aarch64") => "osx-arm64",
        _ => "unknown",
    }
}

fn default_output(input: &std::path::Path, kind: OutputKind) -> PathBuf {
    let stem = if input.extension().is_some_and(|e| e == "lua") { input.with_extension("") } else { input.with_extension("out") };
    match kind {
        OutputKind::NativeAot => stem,
        OutputKind::Object => stem.with_extension("o"),
        OutputKind::LlvmIr => stem.with_extension("ll"),
        OutputKind::Assembly => stem.with_extension("s"),
    }
}

fn fail(f: Failure) -> ExitCode {
    if let Failure::Message(m) = f {
        eprintln!("flua: {m}");
    }
    ExitCode::from(1)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The front end and code generation recurse over the syntax tree: they run on a thread
    // whose stack holds the deepest tree `syntax::nesting` lets through.
    let worker = std::thread::Builder::new().name("flua".into()).stack_size(driver::COMPILER_STACK).spawn(move || run(cli));
    match worker {
        Ok(w) => w.join().unwrap_or_else(|_| {
            eprintln!("flua: internal compiler error");
            ExitCode::from(1)
        }),
        Err(e) => {
            eprintln!("flua: cannot start the compiler thread: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Compile { file, output, target, runtime, opt, include_debug, include } => {
            if let Some(rid) = runtime {
                if rid != host_rid() {
                    eprintln!("flua: cross-compilation to '{rid}' is not supported yet (this machine is {})", host_rid());
                    return ExitCode::from(1);
                }
            }
            if include_debug {
                eprintln!("flua: warning: --include-debug is not implemented yet; building without debug information");
            }
            let kind = match target {
                TargetArg::NativeAot => OutputKind::NativeAot,
                TargetArg::Object => OutputKind::Object,
                TargetArg::LlvmIr => OutputKind::LlvmIr,
                TargetArg::Assembly => OutputKind::Assembly,
                TargetArg::Library => {
                    eprintln!("flua: the Library target is not supported yet");
                    return ExitCode::from(1);
                }
            };
            let output = output.unwrap_or_else(|| default_output(&file, kind));
            if kind == OutputKind::NativeAot && driver::is_stdout(&output) {
                eprintln!("flua: an executable cannot be written to standard output (`-o -` is for -t LlvmIr, Assembly and Object)");
                return ExitCode::from(2);
            }
            let opts = driver::Options { input: file, output, kind, opt: opt.into(), include_dirs: include };
            match driver::compile(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(f) => fail(f),
            }
        }
        Command::Run { opt, include, file, args } => match driver::compile_cached(&file, opt.into(), &include) {
            Ok(exe) => run_program(&exe, &file, &args),
            Err(f) => fail(f),
        },
        Command::Check { file, include, explain } => match driver::check(&file, &include, explain) {
            Ok(_) => ExitCode::SUCCESS,
            Err(f) => fail(f),
        },
    }
}

/// Runs the compiled program with the script's name as argv[0], as `lua` shows it.
fn run_program(exe: &std::path::Path, script: &std::path::Path, args: &[String]) -> ExitCode {
    let mut cmd = std::process::Command::new(exe);
    cmd.args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.arg0(script.as_os_str());
        let err = cmd.exec();
        eprintln!("flua: cannot run {}: {}", exe.display(), link::io_reason(&err));
        ExitCode::from(1)
    }
    #[cfg(not(unix))]
    {
        let _ = script;
        match cmd.status() {
            Ok(s) => ExitCode::from(s.code().unwrap_or(1) as u8),
            Err(e) => {
                eprintln!("flua: cannot run {}: {}", exe.display(), link::io_reason(&e));
                ExitCode::from(1)
            }
        }
    }
}
