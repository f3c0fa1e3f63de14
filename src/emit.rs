//! Object emission. LLVM's code generation (instruction selection, register allocation)
//! is about half of an `-O Release` compile and works function by function, so a large
//! optimised module is emitted as two objects on two threads: every function is defined in
//! exactly one half (the halves balanced by instruction count) and declared in the other,
//! and every global variable is defined in the first half. Symbols local to the module
//! become hidden globals first, so that the halves can refer to each other's; the linker
//! joins them as it joins any two objects.
//!
//! The second half is a copy of the module (through bitcode) in a context of its own,
//! since an LLVM context is not shared between threads. A definition is moved out of a half
//! by giving it `available_externally` linkage and running LLVM's `elim-avail-extern`,
//! which turns such definitions into declarations.

use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::{Linkage, Module};
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{FileType, TargetMachine};
use inkwell::GlobalVisibility;

/// Modules with fewer instructions than this are emitted on one thread: splitting costs a
/// bitcode round trip that only pays for large programs.
const SPLIT_THRESHOLD: usize = 20_000;

/// The object code of `module` (already optimised): one object, or two for a large module.
/// `machine` makes a target machine like `tm` (each thread needs its own). Without `split`
/// the module stays whole; with `force`, any module of two functions or more is split (the
/// test suite uses it).
pub fn objects(
    module: &Module,
    tm: &TargetMachine,
    machine: impl Fn() -> Result<TargetMachine, String> + Send + 'static,
    split: bool,
    force: bool,
) -> Result<Vec<Vec<u8>>, String> {
    let size = |f: &inkwell::values::FunctionValue| -> usize { f.get_basic_blocks().iter().map(|b| b.get_instructions().count()).sum() };
    let defined: Vec<_> = module.get_functions().filter(|f| f.count_basic_blocks() > 0).collect();
    let total: usize = defined.iter().map(size).sum();
    if !split || defined.len() < 2 || (total < SPLIT_THRESHOLD && !force) {
        return Ok(vec![emit(module, tm)?]);
    }
    externalise(module);
    let mut sizes: Vec<(String, usize)> = defined.iter().map(|f| (f.get_name().to_string_lossy().into_owned(), size(f))).collect();
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
    let bitcode = module.write_bitcode_to_memory().as_slice().to_vec();
    let second_half = move || -> Result<Vec<u8>, String> {
        let ctx = Context::create();
        let buf = MemoryBuffer::create_from_memory_range_copy(&bitcode, "second half");
        let copy = Module::parse_bitcode_from_buffer(&buf, &ctx).map_err(|e| format!("LLVM cannot read its own bitcode: {e}"))?;
        let tm = machine()?;
        for name in &first {
            if let Some(f) = copy.get_function(name) {
                f.set_linkage(Linkage::AvailableExternally);
            }
        }
        for g in copy.get_globals() {
            if g.get_initializer().is_some() {
                g.set_linkage(Linkage::AvailableExternally);
            }
        }
        drop_available_externally(&copy, &tm)?;
        emit(&copy, &tm)
    };
    let Ok(other) = std::thread::Builder::new().name("flua codegen".into()).spawn(second_half) else {
        return Ok(vec![emit(module, tm)?]); // no second thread: one object after all
    };
    for name in &second {
        if let Some(f) = module.get_function(name) {
            f.set_linkage(Linkage::AvailableExternally);
        }
    }
    drop_available_externally(module, tm)?;
    let mine = emit(module, tm);
    let theirs = other.join().map_err(|_| "internal compiler error: code generation thread failed".to_string())?;
    Ok(vec![mine?, theirs?])
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
