//! Quick code generation for code that runs once. Code that runs once per run of the
//! program (main chunks, modules, functions called only from such code: `speculate::hot`)
//! is most of a command-line program, and it spends its one run in runtime calls: codegen
//! keeps fast paths out of it. After -O Release's optimisation it gets LLVM's quick
//! instruction selector (FastISel, which `optnone` selects), except its loops, which keep
//! the full code generator:
//!
//! 1. LLVM's loop extractor moves each loop of such a function, optimised in place, into a
//!    function of its own. The extractor works on every function that is not `optnone`,
//!    so the other functions are marked so while it runs.
//! 2. The rest of the function, now free of loops, is marked `optnone`. A function whose
//!    loop the extractor left in place (one that is only a wrapper around a loop) is not.
//! 3. The extractor passes each value that a loop defines and its function uses afterwards
//!    back through a pointer, stored where the value is defined: in the loop. Those
//!    pointers are fresh stack slots of the caller that nothing else sees, so they are
//!    marked `noalias` and LICM moves the stores out of the loop again.
//! 4. The extractor also passes every value the loop uses, the addresses of fields and
//!    interned strings that the optimiser hoisted out of it included: dozens of arguments,
//!    most of them on the stack. Those cheap to compute again from the other arguments
//!    and constants are computed again at the top of the new function, and LICM keeps them
//!    out of its loop.

use std::collections::{HashMap, HashSet};

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::builder::Builder;
use inkwell::context::ContextRef;
use inkwell::llvm_sys::prelude::LLVMValueRef;
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::TargetMachine;
use inkwell::values::{AnyValueEnum, AsValueRef, BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};

/// The string attribute codegen gives native functions whose code runs once per run of
/// the program: main chunks, modules, functions called only from such code, their pieces
/// (codegen/pieces.rs) and `flua_init`.
pub const RUNS_ONCE: &str = "flua-runs-once";

/// Gives the code of `module` that runs once the quick instruction selector, its loops
/// excepted (see the module's comment). Runs after the optimisation pipeline.
pub fn quick_run_once_code(module: &Module, tm: &TargetMachine) -> Result<(), String> {
    let defined: Vec<FunctionValue> = module.get_functions().filter(|f| f.count_basic_blocks() > 0).collect();
    let (once, others): (Vec<FunctionValue>, Vec<FunctionValue>) =
        defined.iter().partition(|f| f.get_string_attribute(AttributeLoc::Function, RUNS_ONCE).is_some());
    if once.is_empty() {
        return Ok(());
    }
    let attrs = Attrs::new(module.get_context());
    // hidden from the loop extractor and LICM, with whether they were `noinline` already
    let hidden: Vec<(FunctionValue, bool)> =
        others.iter().filter(|f| !attrs.has(**f, attrs.optnone)).map(|f| (*f, attrs.has(*f, attrs.noinline))).collect();
    for (f, _) in &hidden {
        attrs.quick(*f);
    }
    run(module, tm, "function(loop-simplify),loop-extract")?;
    let before: HashSet<_> = defined.iter().map(|f| f.as_value_ref()).collect();
    let loops: Vec<FunctionValue> =
        module.get_functions().filter(|f| f.count_basic_blocks() > 0 && !before.contains(&f.as_value_ref())).collect();
    for f in &loops {
        f.remove_string_attribute(AttributeLoc::Function, RUNS_ONCE); // copied from its function
    }
    for f in once.iter().filter(|f| !has_cycle(**f)) {
        attrs.quick(*f);
    }
    if !loops.is_empty() {
        let td = tm.get_target_data();
        let extracted: HashMap<LLVMValueRef, FunctionValue> = loops.iter().map(|f| (f.as_value_ref(), *f)).collect();
        let builder = attrs.ctx.create_builder();
        for caller in once.iter().chain(&loops) {
            for call in calls(*caller) {
                if let Some(callee) = called(call).and_then(|f| extracted.get(&f)) {
                    mark_outputs(call, *callee, &attrs, &td);
                    rebuild_inputs(call, *callee, &builder);
                }
            }
        }
        run(module, tm, "function(loop-mssa(licm<allowspeculation>),early-cse<>)")?;
    }
    for (f, had_noinline) in hidden {
        f.remove_enum_attribute(AttributeLoc::Function, attrs.optnone);
        if !had_noinline {
            f.remove_enum_attribute(AttributeLoc::Function, attrs.noinline);
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

    /// Marks `f` `optnone` (which requires `noinline`; inlining is over, so `alwaysinline`
    /// can go).
    fn quick(&self, f: FunctionValue) {
        f.remove_enum_attribute(AttributeLoc::Function, self.always);
        f.add_attribute(AttributeLoc::Function, self.ctx.create_enum_attribute(self.noinline, 0));
        f.add_attribute(AttributeLoc::Function, self.ctx.create_enum_attribute(self.optnone, 0));
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

/// Computes again at the top of the extracted loop `callee` those of its arguments at
/// `call` that are cheap to compute from its other arguments and constants (`rebuild`),
/// so that its loop need not keep them. The caller still passes them.
fn rebuild_inputs<'ctx>(call: InstructionValue<'ctx>, callee: FunctionValue<'ctx>, builder: &Builder<'ctx>) {
    let Some(entry) = callee.get_first_basic_block() else { return };
    let params = callee.get_params();
    let args: Vec<LLVMValueRef> = (0..params.len() as u32).filter_map(|i| call.get_operand(i)?.value()).map(|v| v.as_value_ref()).collect();
    if args.len() != params.len() {
        return;
    }
    // The caller's values and what stands for them in the callee. Each argument's copy
    // goes before those made so far, and refers to parameters, not to other copies: a
    // parameter that copies made so far use may be replaced by a copy made later.
    let known: HashMap<LLVMValueRef, LLVMValueRef> = args.iter().copied().zip(params.iter().map(|p| p.as_value_ref())).collect();
    for (param, arg) in params.iter().zip(&args) {
        let Some(first) = entry.get_first_instruction() else { return };
        if param.get_first_use().is_none() {
            continue;
        }
        builder.position_before(&first);
        if let Some(v) = rebuild(*arg, &mut known.clone(), builder, REBUILD_DEPTH) {
            // SAFETY: both are values of the callee, of the same type (`v` is a copy of the
            // instruction that computed the argument).
            unsafe { inkwell::llvm_sys::core::LLVMReplaceAllUsesWith(param.as_value_ref(), v) };
        }
    }
}

/// How many instructions deep `rebuild` goes for one argument.
const REBUILD_DEPTH: u32 = 4;

/// A copy, at the builder's position, of caller instruction `v`, when it is an address
/// computation (`getelementptr`), a cast between pointers and integers, or an invariant
/// load of a global (an interned string), and its operands are constants or values `known`
/// in the callee or can be rebuilt in turn.
fn rebuild<'ctx>(
    v: LLVMValueRef,
    known: &mut HashMap<LLVMValueRef, LLVMValueRef>,
    builder: &Builder<'ctx>,
    depth: u32,
) -> Option<LLVMValueRef> {
    use inkwell::llvm_sys::core::{LLVMGetMDKindID, LLVMGetMetadata, LLVMIsAInstruction, LLVMIsConstant};
    // SAFETY: `v` is a valid value.
    if depth == 0 || unsafe { LLVMIsAInstruction(v) }.is_null() {
        return None;
    }
    // SAFETY: `v` is an instruction.
    let inst = unsafe { InstructionValue::new(v) };
    let cheap = match inst.get_opcode() {
        InstructionOpcode::GetElementPtr | InstructionOpcode::PtrToInt | InstructionOpcode::IntToPtr | InstructionOpcode::BitCast => true,
        InstructionOpcode::Load => {
            let kind = b"invariant.load";
            // SAFETY: a valid name of `kind.len()` bytes; `v` is an instruction.
            let invariant = unsafe { !LLVMGetMetadata(v, LLVMGetMDKindID(kind.as_ptr().cast(), kind.len() as u32)).is_null() };
            // SAFETY: operand 0 of a load is its address, a valid value.
            invariant && unsafe { LLVMIsConstant(inst.get_operand(0)?.value()?.as_value_ref()) } != 0
        }
        _ => false,
    };
    if !cheap {
        return None;
    }
    let mut operands = Vec::new();
    for k in 0..inst.get_num_operands() {
        let op = inst.get_operand(k)?.value()?.as_value_ref();
        // SAFETY: a valid value.
        let op = if unsafe { LLVMIsConstant(op) } != 0 {
            op
        } else {
            known.get(&op).copied().or_else(|| rebuild(op, known, builder, depth - 1))?
        };
        operands.push(op);
    }
    let copy = inst.explicit_clone();
    for (k, op) in operands.into_iter().enumerate() {
        // SAFETY: `copy` has as many operands as `inst`; `op` has the type of the operand it
        // replaces.
        unsafe { inkwell::llvm_sys::core::LLVMSetOperand(copy.as_value_ref(), k as u32, op) };
    }
    builder.insert_instruction(&copy, None);
    known.insert(v, copy.as_value_ref());
    Some(copy.as_value_ref())
}

/// Whether an `alloca` allocates one value (not an array of a count).
fn is_one(slot: InstructionValue) -> bool {
    let count = slot.get_operand(0).and_then(|o| o.value());
    matches!(count, Some(BasicValueEnum::IntValue(n)) if n.get_zero_extended_constant() == Some(1))
}

/// Whether the users of stack slot `slot` are `call`, loads and lifetime markers.
fn only_loaded(slot: InstructionValue, call: InstructionValue) -> bool {
    users(slot.get_first_use()).is_some_and(|us| {
        us.iter().all(|u| {
            *u == call
                || u.get_opcode() == InstructionOpcode::Load
                || (u.get_opcode() == InstructionOpcode::Call && called_name(*u).is_some_and(|n| n.starts_with("llvm.lifetime.")))
        })
    })
}

/// Whether every use of `param` is as the address of a store.
fn only_stored_to(param: BasicValueEnum) -> bool {
    let mut any = false;
    let mut all = true;
    let mut next = param.get_first_use();
    while let Some(u) = next {
        let user = instruction(u.get_user());
        let ok = user.is_some_and(|s| {
            s.get_opcode() == InstructionOpcode::Store
                && s.get_operand(1).and_then(|o| o.value()).is_some_and(|p| p.as_value_ref() == param.as_value_ref())
                && s.get_operand(0).and_then(|o| o.value()).is_none_or(|v| v.as_value_ref() != param.as_value_ref())
        });
        any = true;
        all &= ok;
        next = u.get_next_use();
    }
    any && all
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
fn calls(f: FunctionValue) -> Vec<InstructionValue> {
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
