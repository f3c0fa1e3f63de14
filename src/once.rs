//! Quick code for code that runs once. Code that runs once per run of the program (main
//! chunks, modules, functions called only from such code: `speculate::hot`) is most of a
//! command-line program, and it spends its one run in runtime calls: codegen keeps fast
//! paths out of it. At -O Release it is neither optimised further nor given the full
//! instruction selector, except its loops. Between the early function passes of the
//! pipeline (SROA has made locals values, constants are folded) and the rest
//! (`extract_loops`):
//!
//! 1. LLVM's loop extractor moves each loop of such a function into a function of its
//!    own, which the rest of the pipeline optimises (inlining included) and the full code
//!    generator compiles. The extractor works on every function that is not `optnone`, so
//!    the other functions are marked so while it runs.
//! 2. The rest of the function, now free of loops, is marked `optnone`: the rest of the
//!    pipeline leaves it alone, and LLVM's quick instruction selector (FastISel) compiles
//!    it. A function whose loop the extractor left in place (one that is only a wrapper
//!    around a loop) is not marked. Nor is a large one (`UNOPTIMISED_MAX`): unoptimised
//!    code can be many times the size of the optimised, and code generation is slower than
//!    linear in a function's size. It is marked after the pipeline instead (`mark_quick`).
//! 3. The extractor passes each value that a loop defines and its function uses afterwards
//!    back through a pointer, stored where the value is defined: in the loop. Those
//!    pointers are fresh stack slots of the caller that nothing else sees, so they are
//!    marked `noalias`, and LICM moves the stores out of the loop.

use std::collections::{HashMap, HashSet};

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::context::ContextRef;
use inkwell::llvm_sys::prelude::LLVMValueRef;
use inkwell::module::{Linkage, Module};
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::TargetMachine;
use inkwell::values::{AnyValueEnum, AsValueRef, BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};

/// The string attribute codegen gives native functions whose code runs once per run of
/// the program: main chunks, modules, functions called only from such code, their pieces
/// (codegen/pieces.rs) and `flua_init`.
pub const RUNS_ONCE: &str = "flua-runs-once";

/// A loop-free function that runs once is left unoptimised if it has at most this many
/// instructions after the early passes. A `print` of a sum of 10,000 terms, which the
/// optimiser folds to one constant, is 30,000 instructions unoptimised: its compile took
/// 7.8 s instead of 0.7 (6.8 s of them generating code). The functions of the two
/// 1,000-line programs of bench/compile_time.sh have at most 1,500.
const UNOPTIMISED_MAX: usize = 4_000;

/// Moves the loops of the code in `module` that runs once into functions of their own,
/// and marks that code `optnone` where small enough (see the module's comment). Runs
/// between the early function passes and the rest of -O Release's pipeline
/// (`emit::release_pipeline`).
pub fn extract_loops(module: &Module, tm: &TargetMachine) -> Result<(), String> {
    let defined: Vec<FunctionValue> = module.get_functions().filter(|f| f.count_basic_blocks() > 0).collect();
    // (not the other half's functions that a half of a split build keeps copies of)
    let (once, others): (Vec<FunctionValue>, Vec<FunctionValue>) = defined.iter().partition(|f| {
        f.get_string_attribute(AttributeLoc::Function, RUNS_ONCE).is_some() && f.get_linkage() != Linkage::AvailableExternally
    });
    if once.is_empty() {
        return Ok(());
    }
    let attrs = Attrs::new(module.get_context());
    // hidden from the loop extractor, with whether they were `noinline` and
    // `alwaysinline`
    let hidden: Vec<(FunctionValue, bool, bool)> = others
        .iter()
        .filter(|f| !attrs.has(**f, attrs.optnone))
        .map(|f| (*f, attrs.has(*f, attrs.noinline), attrs.has(*f, attrs.always)))
        .collect();
    for (f, _, _) in &hidden {
        attrs.quick(*f);
    }
    run(module, tm, "function(loop-simplify),loop-extract")?;
    let before: HashSet<_> = defined.iter().map(|f| f.as_value_ref()).collect();
    let loops: Vec<FunctionValue> =
        module.get_functions().filter(|f| f.count_basic_blocks() > 0 && !before.contains(&f.as_value_ref())).collect();
    for f in &loops {
        // copied from the function it came from
        f.remove_string_attribute(AttributeLoc::Function, RUNS_ONCE);
        // called once, it would be inlined back
        f.add_attribute(AttributeLoc::Function, attrs.ctx.create_enum_attribute(attrs.noinline, 0));
    }
    for f in once.iter().filter(|f| size(**f) <= UNOPTIMISED_MAX && !has_cycle(**f)) {
        attrs.quick(*f);
    }
    if !loops.is_empty() {
        let td = tm.get_target_data();
        let extracted: HashMap<LLVMValueRef, FunctionValue> = loops.iter().map(|f| (f.as_value_ref(), *f)).collect();
        for caller in once.iter().chain(&loops) {
            for call in calls(*caller) {
                if let Some(callee) = called(call).and_then(|f| extracted.get(&f)) {
                    mark_outputs(call, *callee, &attrs, &td);
                }
            }
        }
    }
    for (f, had_noinline, had_always) in hidden {
        f.remove_enum_attribute(AttributeLoc::Function, attrs.optnone);
        if !had_noinline {
            f.remove_enum_attribute(AttributeLoc::Function, attrs.noinline);
        }
        if had_always {
            f.add_attribute(AttributeLoc::Function, attrs.ctx.create_enum_attribute(attrs.always, 0));
        }
    }
    Ok(())
}

fn run(module: &Module, tm: &TargetMachine, passes: &str) -> Result<(), String> {
    module.run_passes(passes, tm, PassBuilderOptions::create()).map_err(|e| format!("LLVM optimisation failed: {}", e.to_string_lossy()))
}

/// The attribute kinds this pass sets.
struct Attrs<'ctx> {
    ctx: ContextRef<'ctx>,
    optnone: u32,
    noinline: u32,
    always: u32,
}

impl<'ctx> Attrs<'ctx> {
    fn new(ctx: ContextRef<'ctx>) -> Self {
        let kind = Attribute::get_named_enum_kind_id;
        Attrs { ctx, optnone: kind("optnone"), noinline: kind("noinline"), always: kind("alwaysinline") }
    }

    fn has(&self, f: FunctionValue, kind: u32) -> bool {
        f.get_enum_attribute(AttributeLoc::Function, kind).is_some()
    }

    /// Marks `f` `optnone`, which requires `noinline` and excludes `alwaysinline`.
    fn quick(&self, f: FunctionValue) {
        f.remove_enum_attribute(AttributeLoc::Function, self.always);
        f.add_attribute(AttributeLoc::Function, self.ctx.create_enum_attribute(self.noinline, 0));
        f.add_attribute(AttributeLoc::Function, self.ctx.create_enum_attribute(self.optnone, 0));
    }
}

/// After -O Release's pipeline: the functions that run once, have no loops and are not
/// `optnone` yet (`extract_loops` found them too large to leave unoptimised) get the quick
/// instruction selector.
pub fn mark_quick(module: &Module) {
    let attrs = Attrs::new(module.get_context());
    let once = module.get_functions().filter(|f| f.get_string_attribute(AttributeLoc::Function, RUNS_ONCE).is_some());
    for f in once.filter(|f| f.count_basic_blocks() > 0 && !attrs.has(*f, attrs.optnone) && !has_cycle(*f)) {
        attrs.quick(f);
    }
}

/// Marks the parameters of an extracted loop through which it returns values `noalias`,
/// `writable` and dereferenceable: those whose argument at `call` is a stack slot used
/// only by this call and by loads, and which the loop only stores to.
fn mark_outputs(call: InstructionValue, callee: FunctionValue, attrs: &Attrs, td: &inkwell::targets::TargetData) {
    let kind = Attribute::get_named_enum_kind_id;
    for (i, param) in callee.get_param_iter().enumerate() {
        let Some(slot) = call.get_operand(i as u32).and_then(|o| o.value()).and_then(|v| v.as_instruction_value()) else { continue };
        if slot.get_opcode() != InstructionOpcode::Alloca || !is_one(slot) || !only_loaded(slot, call) || !only_stored_to(param) {
            continue;
        }
        let Ok(ty) = slot.get_allocated_type() else { continue };
        let size = td.get_store_size(&ty);
        let loc = AttributeLoc::Param(i as u32);
        callee.add_attribute(loc, attrs.ctx.create_enum_attribute(kind("noalias"), 0));
        callee.add_attribute(loc, attrs.ctx.create_enum_attribute(kind("writable"), 0));
        callee.add_attribute(loc, attrs.ctx.create_enum_attribute(kind("dereferenceable"), size));
    }
}

/// Whether an `alloca` allocates one value (not an array of a count).
fn is_one(slot: InstructionValue) -> bool {
    let count = slot.get_operand(0).and_then(|o| o.value());
    matches!(count, Some(BasicValueEnum::IntValue(n)) if n.get_zero_extended_constant() == Some(1))
}

/// Whether the users of stack slot `slot` are `call` (passed it once), loads and lifetime
/// markers.
fn only_loaded(slot: InstructionValue, call: InstructionValue) -> bool {
    users(slot.get_first_use()).is_some_and(|us| {
        us.iter().filter(|u| **u == call).count() == 1
            && us.iter().all(|u| {
                *u == call
                    || u.get_opcode() == InstructionOpcode::Load
                    || (u.get_opcode() == InstructionOpcode::Call && called_name(*u).is_some_and(|n| n.starts_with("llvm.lifetime.")))
            })
    })
}

/// Whether `param` is used, and only as the address of stores.
fn only_stored_to(param: BasicValueEnum) -> bool {
    let is_param =
        |o: Option<inkwell::values::Operand>| o.and_then(|o| o.value()).is_some_and(|v| v.as_value_ref() == param.as_value_ref());
    users(param.get_first_use()).is_some_and(|us| {
        !us.is_empty()
            && us.iter().all(|s| s.get_opcode() == InstructionOpcode::Store && is_param(s.get_operand(1)) && !is_param(s.get_operand(0)))
    })
}

/// The instructions that use a value, or None if a user is not an instruction (a
/// constant expression).
fn users<'ctx>(first: Option<inkwell::values::BasicValueUse<'ctx>>) -> Option<Vec<InstructionValue<'ctx>>> {
    let mut next = first;
    let mut out = Vec::new();
    while let Some(u) = next {
        out.push(instruction(u.get_user())?);
        next = u.get_next_use();
    }
    Some(out)
}

/// The instruction a user is, if it is one.
fn instruction(v: AnyValueEnum) -> Option<InstructionValue> {
    match v {
        AnyValueEnum::InstructionValue(i) => Some(i),
        AnyValueEnum::IntValue(v) => v.as_instruction(),
        AnyValueEnum::FloatValue(v) => v.as_instruction(),
        AnyValueEnum::PointerValue(v) => v.as_instruction(),
        AnyValueEnum::StructValue(v) => v.as_instruction(),
        AnyValueEnum::PhiValue(v) => Some(v.as_instruction()),
        _ => None,
    }
}

/// The call instructions of `f`.
pub fn calls(f: FunctionValue) -> Vec<InstructionValue> {
    f.get_basic_blocks().iter().flat_map(|b| b.get_instructions()).filter(|i| i.get_opcode() == InstructionOpcode::Call).collect()
}

/// The function a call instruction calls directly, as a value reference.
fn called(call: InstructionValue) -> Option<LLVMValueRef> {
    // SAFETY: `call` is a call instruction, whose called operand exists.
    let callee = unsafe { inkwell::llvm_sys::core::LLVMGetCalledValue(call.as_value_ref()) };
    // SAFETY: a valid value; non-null only when it is a function.
    let func = unsafe { inkwell::llvm_sys::core::LLVMIsAFunction(callee) };
    (!func.is_null()).then_some(func)
}

/// The name of the function a call instruction calls directly.
pub fn called_name(call: InstructionValue) -> Option<String> {
    let func = called(call)?;
    let mut len = 0;
    // SAFETY: `func` is a function value; its name is `len` bytes at the returned address,
    // valid while the function is.
    let name = unsafe {
        let p = inkwell::llvm_sys::core::LLVMGetValueName2(func, &mut len);
        std::slice::from_raw_parts(p as *const u8, len)
    };
    Some(String::from_utf8_lossy(name).into_owned())
}

/// How many instructions `f` has.
fn size(f: FunctionValue) -> usize {
    f.get_basic_blocks().iter().map(|b| b.get_instructions().count()).sum()
}

/// Whether `f`'s control flow has a cycle (a loop).
fn has_cycle(f: FunctionValue) -> bool {
    let blocks = f.get_basic_blocks();
    let index: std::collections::HashMap<_, usize> = blocks.iter().enumerate().map(|(i, b)| (*b, i)).collect();
    let succs = |i: usize| -> Vec<usize> {
        let Some(t) = blocks[i].get_terminator() else { return Vec::new() };
        (0..t.get_num_operands()).filter_map(|k| t.get_operand(k)?.block()).filter_map(|b| index.get(&b).copied()).collect()
    };
    // depth first, without recursion: 0 not seen, 1 on the current path, 2 done
    let mut state = vec![0u8; blocks.len()];
    for root in 0..blocks.len() {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut path = vec![(root, succs(root), 0usize)];
        while let Some((b, next, k)) = path.last_mut() {
            match next.get(*k).copied() {
                Some(s) => {
                    *k += 1;
                    match state[s] {
                        0 => {
                            state[s] = 1;
                            path.push((s, succs(s), 0));
                        }
                        1 => return true,
                        _ => {}
                    }
                }
                None => {
                    state[*b] = 2;
                    path.pop();
                }
            }
        }
    }
    false
}
