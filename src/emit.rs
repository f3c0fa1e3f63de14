//! Optimisation and object emission. LLVM's optimisation pipeline and code generation
//! work function by function (inlining aside), so a large module is optimised and emitted
//! as two objects on two threads: every function is defined in exactly one half (the
//! halves balanced by instruction count) and declared in the other, small functions (and
//! those marked `alwaysinline`) are also copied into the other half where its code calls
//! them, so that they are inlined there as in an unsplit build, and every
//! global variable is defined in the first half. Symbols local to the module become hidden
//! globals first, so that the halves can refer to each other's; the linker joins them as
//! it joins any two objects.
//!
//! The second half is a copy of the module, generated again from the front end's results
//! in a context of its own (an LLVM context is not shared between threads). A definition
//! is moved out of a half by giving it `available_externally` linkage: LLVM's
//! `elim-avail-extern` (run at once for large functions; for the small copies, the
//! optimisation pipeline runs it after inlining) turns such definitions into declarations.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{FileType, TargetMachine};
use inkwell::values::FunctionValue;
use inkwell::GlobalVisibility;
use std::collections::HashSet;

/// Modules with fewer instructions than this are optimised and emitted on one thread:
/// splitting costs a bitcode round trip that only pays for large programs.
const SPLIT_THRESHOLD: usize = 20_000;

/// Functions of at most this many instructions (before optimisation) are copied into the
/// half that does not own them, so that LLVM can still inline them there.
const SMALL_FUNCTION: usize = 80;

/// -O Release's optimisation pipeline: LLVM 19's `default<O2>` (as `opt -passes=default<O2>
/// -print-pipeline-passes` prints it) without the passes that find nothing to do in the
/// code flua generates: OpenMP, coroutines, vectorisers and the passes that feed them
/// (loop distribution, load elimination, alignment), library-call and profile passes,
/// speculative execution, constraint elimination, loop idioms and runtime unrolling, and
/// two of the late InstCombine runs. Measured on bench/ (`bench/run.sh` with each
/// pipeline): the same run time within noise, 12-20% less compile time. Jump threading
/// and value propagation stay: without them queens and fannkuch ran 10% slower.
///
/// Also left out: passes that other runs make redundant here. Taken out one at a time and
/// then together, they left the optimised IR of the 12 benchmarks and of both 1,000-line
/// compile-time programs identical (19 lines of the tests program differ, a block of a
/// loop exit), for 7-8% less optimisation time: `mem2reg` before the first InstCombine
/// (SROA ran), the second SimplifyCFG and the second SROA of the simplification
/// pipeline, the loop passes around rotation and LICM (`loop-instsimplify`,
/// `loop-simplifycfg`, the first LICM, trivial unswitching), both loop deletions, and the
/// late InstCombine and SROA. Then, measured the same way on the pipeline without those:
/// the SROA that starts the simplification pipeline (it found nothing: callees were
/// simplified before they were inlined), ADCE and the late SimplifyCFG and TailCallElim
/// (a few hundred lines of IR differ; the benchmarks' instruction counts within 0.01%),
/// for 0.9% less compile work; SCCP and DSE stay (with them also left out, queens ran
/// 0.3% and closures_oop 0.2% more instructions, for 0.2% less compile work than this).
///
/// Added: TailCallElim in the early function passes, before the inliner, so that a typed
/// entry's twin (codegen/typed.rs, `typed_function`) is already a loop when it is inlined
/// into the entry; the benchmarks other than fib run the same instructions within 0.01%.
///
/// For one half of a split module, the interprocedural passes that only work on symbols
/// local to the module (IPSCCP, GlobalOpt, dead-argument elimination) are left out too:
/// the split made every symbol external (`externalise`), so their interprocedural work
/// finds nothing, and what IPSCCP also does inside each function SCCP does again in the
/// simplification pipeline. IPSCCP alone was a fifth of the early passes' time; leaving
/// the three out saves 1-2% of a 1,000-line compile (interleaved runs).
///
/// The pipeline comes in two parts: the early function passes, and the rest. Between them,
/// code that runs once is made quick to compile (once.rs).
pub fn release_pipeline(part: Part) -> [String; 2] {
    let simplifycfg = "simplifycfg<bonus-inst-threshold=1;no-forward-switch-cond;switch-range-to-icmp;no-switch-to-lookup;\
                       keep-loops;no-hoist-common-insts;no-sink-common-insts;speculate-blocks;simplify-cond-branch;\
                       no-speculate-unpredictables>";
    let instcombine = "instcombine<max-iterations=1;no-use-loop-info;no-verify-fixpoint>";
    let loops = "loop-mssa(loop-rotate<header-duplication;no-prepare-for-lto>,licm<allowspeculation>)";
    // what runs on each function as the inliner goes bottom-up through the call graph
    let simplify = format!(
        "early-cse<memssa>,{simplifycfg},{instcombine},tailcallelim,reassociate,{loops},\
         {simplifycfg},{instcombine},loop(indvars,loop-unroll-full),gvn<>,sccp,bdce,\
         {instcombine},jump-threading,correlated-propagation,memcpyopt,dse,loop-mssa(licm<allowspeculation>),\
         {simplifycfg},{instcombine}"
    );
    let (early_ip, late_ip) = match part {
        Part::Whole => ("ipsccp,globalopt,", "deadargelim,globalopt,"),
        Part::Half => ("", ""),
    };
    let early = format!(
        "annotation2metadata,forceattrs,inferattrs,\
         function<eager-inv>(lower-expect,{simplifycfg},sroa<modify-cfg>,early-cse<>,tailcallelim)"
    );
    let rest = format!(
        "{early_ip}function<eager-inv>({instcombine},{simplifycfg}),always-inline,require<globals-aa>,\
         function(invalidate<aa>),require<profile-summary>,\
         cgscc(devirt<4>(inline,function-attrs<skip-non-recursive-function-attrs>,\
         function<eager-inv;no-rerun>({simplify}),function-attrs)),\
         {late_ip}globaldce,elim-avail-extern,rpo-function-attrs,\
         function<eager-inv>(lower-constant-intrinsics,loop(loop-rotate<header-duplication;no-prepare-for-lto>),\
         loop-mssa(licm<allowspeculation>),instsimplify,{simplifycfg}),globaldce,constmerge"
    );
    [early, rest]
}

/// What an optimisation pipeline runs on: a whole module, or one half of a split one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    Half,
}

/// The optimisation pipeline of one level, run on a module or on one half of it.
pub type Optimise = fn(&Module, &TargetMachine, Part) -> Result<(), String>;

/// Generates a program's LLVM module (not yet optimised) in the given context, for the
/// given target. Code generation is deterministic, so that two calls give the same module.
pub type Build<'p> = dyn for<'c> Fn(&'c Context, &TargetMachine) -> Result<Module<'c>, String> + Sync + 'p;

/// The object code of the module `build` generates: one object, or two for a large module,
/// each half optimised and code-generated on a thread of its own. `machine` makes a target
/// machine like `tm` (each thread needs its own). Without `split` the module stays whole;
/// with `force`, any module of two functions or more is split (the test suite uses it).
///
/// The second thread builds its own copy of the module from the front end's results, at
/// the same time as this one builds the first (a bitcode copy of the finished module took
/// a tenth of a large compile's time, all of it before the second half could start). Each
/// thread works out the same split from its copy; the two plans (which function each half
/// defines) are compared before the objects are used.
pub fn objects(
    ctx: &Context,
    build: &Build,
    tm: &TargetMachine,
    machine: impl Fn() -> Result<TargetMachine, String> + Send,
    optimise: Optimise,
    split: bool,
    force: bool,
) -> Result<Vec<Vec<u8>>, String> {
    let whole = |module: &Module| -> Result<Vec<Vec<u8>>, String> {
        timed("verify", || verify(module))?;
        timed("optimise", || optimise(module, tm, Part::Whole))?;
        Ok(vec![timed("emit", || emit(module, tm))?])
    };
    if !split {
        return whole(&timed("build", || build(ctx, tm))?);
    }
    std::thread::scope(|scope| {
        let second_half = move || -> Result<Option<(Plan, Vec<u8>)>, String> {
            let ctx = Context::create();
            discard_value_names(&ctx);
            let tm = machine()?;
            let copy = timed("build (second thread)", || build(&ctx, &tm))?;
            let Some(plan) = plan(&copy, force) else { return Ok(None) };
            timed("half 2: verify", || verify_functions(&copy, &plan.second))?;
            timed("half 2: split", || keep_half(&copy, &tm, &plan.first, &plan.copies_in_second, false))?;
            timed("half 2: optimise", || optimise(&copy, &tm, Part::Half))?;
            let o = timed("half 2: emit", || emit(&copy, &tm))?;
            Ok(Some((plan, o)))
        };
        let other = std::thread::Builder::new()
            .name("flua codegen".into())
            .stack_size(crate::driver::COMPILER_STACK)
            .spawn_scoped(scope, second_half);
        let module = timed("build", || build(ctx, tm))?;
        let Ok(other) = other else { return whole(&module) }; // no second thread: one object after all
        let Some(mine) = plan(&module, force) else {
            let _ = other.join(); // a module too small to split: the other thread found so too
            return whole(&module);
        };
        let object = timed("half 1: verify", || verify_functions(&module, &mine.first))
            .and_then(|()| timed("half 1: split", || keep_half(&module, tm, &mine.second, &mine.copies_in_first, true)))
            .and_then(|()| timed("half 1: optimise", || optimise(&module, tm, Part::Half)))
            .and_then(|()| timed("half 1: emit", || emit(&module, tm)));
        let theirs = other.join().map_err(|_| "internal compiler error: code generation thread failed".to_string())??;
        match theirs {
            Some((plan, theirs)) if plan == mine => Ok(vec![object?, theirs]),
            _ => Err("internal compiler error: the two halves of a split build generated different code".into()),
        }
    })
}

/// How a module is split: the functions each half defines (the halves balanced by
/// instruction count), and the other half's small functions each half keeps a copy of
/// (those its functions call, directly or through other copies) for inlining.
#[derive(PartialEq)]
struct Plan {
    first: Vec<String>,
    second: Vec<String>,
    copies_in_first: Vec<String>,
    copies_in_second: Vec<String>,
}

/// The split of `module`, or None when it is too small to split. Gives module-local
/// symbols names of their own first (see `externalise`).
fn plan(module: &Module, force: bool) -> Option<Plan> {
    let size = |f: &inkwell::values::FunctionValue| -> usize { f.get_basic_blocks().iter().map(|b| b.get_instructions().count()).sum() };
    let defined: Vec<_> = module.get_functions().filter(|f| f.count_basic_blocks() > 0).collect();
    let total: usize = defined.iter().map(size).sum();
    if defined.len() < 2 || (total < SPLIT_THRESHOLD && !force) {
        return None;
    }
    externalise(module);
    let mut sizes: Vec<(String, usize)> = defined.iter().map(|f| (f.get_name().to_string_lossy().into_owned(), size(f))).collect();
    // Copied into the other half: functions of a few instructions, and those codegen marked
    // `alwaysinline` (small Lua functions, whatever their size in instructions), so that
    // whether a call is inlined does not depend on the half its callee landed in.
    let always = Attribute::get_named_enum_kind_id("alwaysinline");
    let inlined = |f: &inkwell::values::FunctionValue| f.get_enum_attribute(AttributeLoc::Function, always).is_some();
    let small: HashSet<String> =
        (defined.iter().zip(&sizes)).filter(|(f, (_, n))| *n <= SMALL_FUNCTION || inlined(f)).map(|(_, (name, _))| name.clone()).collect();
    // Largest first, each to the lighter half.
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let (mut n1, mut n2) = (0, 0);
    for (name, n) in sizes {
        if n1 <= n2 {
            n1 += n;
            first.push(name);
        } else {
            n2 += n;
            second.push(name);
        }
    }
    let copies_in_first = copies(module, &first, &second, &small);
    let copies_in_second = copies(module, &second, &first, &small);
    Some(Plan { first, second, copies_in_first, copies_in_second })
}

/// The small functions of `others` that a half defining `mine` needs copies of: those
/// called directly from its functions, and from those copies in turn. A copy of anything
/// else would only be optimised and dropped (small functions are an eighth of a large
/// program's code).
fn copies(module: &Module, mine: &[String], others: &[String], small: &HashSet<String>) -> Vec<String> {
    let theirs: HashSet<&str> = others.iter().map(|s| s.as_str()).collect();
    let mut wanted: HashSet<String> = HashSet::new();
    let mut todo: Vec<String> = mine.to_vec();
    while let Some(name) = todo.pop() {
        let Some(f) = module.get_function(&name) else { continue };
        for callee in callees(f) {
            if theirs.contains(callee.as_str()) && small.contains(&callee) && wanted.insert(callee.clone()) {
                todo.push(callee);
            }
        }
    }
    let mut v: Vec<String> = wanted.into_iter().collect();
    v.sort();
    v
}

/// The names of the functions `f` calls directly.
fn callees(f: FunctionValue) -> Vec<String> {
    crate::once::calls(f).into_iter().filter_map(crate::once::called_name).collect()
}

/// Checks the module LLVM is about to optimise: a malformed one is a compiler bug, better
/// reported as such than met inside LLVM.
pub fn verify(module: &Module) -> Result<(), String> {
    module.verify().map_err(|e| format!("internal compiler error: invalid LLVM module: {}", e.to_string_lossy()))
}

/// Checks the functions one half of a split build defines (`mine`, before the split), as
/// `verify` checks a whole module: each thread checks its half, at the same time as the
/// other (checking the whole module first took 15-20 ms before either half could start).
/// What the module verifier checks besides function bodies (declarations, the globals
/// codegen makes: constants and inline caches) is left out.
fn verify_functions(module: &Module, mine: &[String]) -> Result<(), String> {
    for f in mine.iter().filter_map(|name| module.get_function(name)) {
        if !f.verify(false) {
            verify(module)?; // its message says what is wrong
            return Err(format!("internal compiler error: invalid LLVM function {}", f.get_name().to_string_lossy()));
        }
    }
    Ok(())
}

/// Leaves in `module` the definitions of one half: the functions named in `others` (the
/// other half's) become declarations, except `small` ones (`Plan`'s copies), which stay as
/// `available_externally` copies for inlining (the pipeline drops them after inlining). In
/// the half that does not `own_globals`, global variables become `available_externally`
/// too (their contents stay visible to the optimiser; the definitions are the other half's).
fn keep_half(module: &Module, tm: &TargetMachine, others: &[String], small: &[String], own_globals: bool) -> Result<(), String> {
    let small: std::collections::HashSet<&str> = small.iter().map(|s| s.as_str()).collect();
    for name in others {
        if let Some(f) = module.get_function(name) {
            if !small.contains(name.as_str()) {
                f.set_linkage(Linkage::AvailableExternally);
            }
        }
    }
    drop_available_externally(module, tm)?;
    for name in others {
        if let Some(f) = module.get_function(name) {
            if f.count_basic_blocks() > 0 {
                f.set_linkage(Linkage::AvailableExternally);
            }
        }
    }
    if !own_globals {
        for g in module.get_globals() {
            if g.get_initializer().is_some() {
                g.set_linkage(Linkage::AvailableExternally);
            }
        }
    }
    Ok(())
}

/// Makes `ctx` drop the names of instructions, arguments and blocks as they are created
/// (functions and globals keep theirs). Names are for reading IR; in an executable's build
/// they only cost: LLVM keeps a symbol table of them per function and makes each unique.
pub fn discard_value_names(ctx: &Context) {
    use inkwell::context::AsContextRef;
    // SAFETY: a valid context; the flag only changes what later `setName` calls keep.
    unsafe { inkwell::llvm_sys::core::LLVMContextSetDiscardValueNames(ctx.as_ctx_ref(), 1) };
}

/// Runs one phase of the back end; with `FLUA_TIME` set, reports its wall time on
/// standard error (where a compile's time goes, without a profiler).
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let r = f();
    if std::env::var_os("FLUA_TIME").is_some() {
        eprintln!("flua time: {what}: {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
    }
    r
}

fn emit(module: &Module, tm: &TargetMachine) -> Result<Vec<u8>, String> {
    let buf = tm.write_to_memory_buffer(module, FileType::Object).map_err(|e| format!("LLVM code generation failed: {e}"))?;
    Ok(buf.as_slice().to_vec())
}

/// Gives every module-local symbol a name of its own, global linkage and hidden visibility.
fn externalise(module: &Module) {
    let local = |l: Linkage| matches!(l, Linkage::Internal | Linkage::Private);
    let mut n = 0;
    let mut fresh = |old: &str| {
        n += 1;
        format!("flua.local.{n}.{old}")
    };
    for f in module.get_functions() {
        if f.count_basic_blocks() > 0 && local(f.get_linkage()) {
            let name = fresh(&f.get_name().to_string_lossy());
            f.as_global_value().set_name(&name);
            f.set_linkage(Linkage::External);
            f.as_global_value().set_visibility(GlobalVisibility::Hidden);
        }
    }
    for g in module.get_globals() {
        if local(g.get_linkage()) {
            let name = fresh(&g.get_name().to_string_lossy());
            g.set_name(&name);
            g.set_linkage(Linkage::External);
            g.set_visibility(GlobalVisibility::Hidden);
        }
    }
}

fn drop_available_externally(module: &Module, tm: &TargetMachine) -> Result<(), String> {
    module
        .run_passes("elim-avail-extern", tm, PassBuilderOptions::create())
        .map_err(|e| format!("LLVM cannot split the module: {}", e.to_string_lossy()))
}
