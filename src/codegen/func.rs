//! One Lua function → one LLVM function: prologue (call-info push, parameters, frame and
//! depth checks), locals and upvalues, and the small value helpers every other part uses.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::basic_block::BasicBlock;
use inkwell::module::Linkage;
use inkwell::types::BasicType;
use inkwell::values::{AsValueRef, FunctionValue, IntValue, PointerValue};
use inkwell::IntPredicate;

use super::runtime::RtFn;
use super::value::{offset, tag};
use super::{CgError, CgResult, ChunkKind, Codegen, Val};
use crate::syntax::ast::{BinOp, Expr, ExprKind, Function, LocalId, Res, StatKind, UnOp};

#[derive(Clone, Copy)]
pub(super) enum Local<'ctx> {
    /// An alloca holding the value.
    Slot(PointerValue<'ctx>),
    /// An alloca holding the `UpVal *` box of a captured local.
    Boxed(PointerValue<'ctx>),
}

pub(super) struct LoopCtx<'ctx> {
    pub exit: BasicBlock<'ctx>,
    pub tbc_len: usize,
}

/// A loop generated in two copies, specialised and generic (stmt.rs: `num_for`,
/// `while_loop`): what generating its copies shares.
#[derive(Default)]
pub(super) struct Versioned<'ctx> {
    /// Whether the specialised copy is being generated (else the generic one).
    pub in_spec: bool,
    /// The locals the specialised copy keeps at one kind (`speculate::Facts::loop_pins`),
    /// checked after each statement that assigns them.
    pub pins: Vec<(LocalId, crate::speculate::NumKind)>,
    /// Where the generic copy takes over, by statement (its address) and whether before
    /// it (a slow path of a statement that may leave, `leave`) or after it (a failed check
    /// of a kept local). The specialised copy, generated first, creates the blocks; the
    /// generic copy places them.
    pub resume: std::collections::HashMap<(usize, bool), BasicBlock<'ctx>>,
    /// In a statement of the specialised copy that has no effect before its last step:
    /// where its slow paths go instead of calling the runtime (the generic copy's start of
    /// the statement, which then runs it whole).
    pub leave: Option<BasicBlock<'ctx>>,
}

pub(super) struct FnState<'ctx, 'f> {
    pub func: FunctionValue<'ctx>,
    pub meta: &'f Function,
    pub l: PointerValue<'ctx>,
    pub base: PointerValue<'ctx>,
    pub ci: PointerValue<'ctx>,
    /// `&ci->line`, computed once in the entry block (see `set_line`).
    pub ci_line: PointerValue<'ctx>,
    pub prev_ci: PointerValue<'ctx>,
    pub old_top: PointerValue<'ctx>,
    /// Where call areas start: above the parameters and varargs.
    pub ftop: PointerValue<'ctx>,
    pub entry: BasicBlock<'ctx>,
    pub locals: Vec<Option<Local<'ctx>>>,
    pub upvals: Vec<PointerValue<'ctx>>,
    pub nvar: IntValue<'ctx>,
    pub varbase: PointerValue<'ctx>,
    /// Slots of the call area in use by pending calls (static).
    pub depth: u32,
    /// The most value-stack slots above `ftop` this function ever uses.
    pub frame_slots: u32,
    pub loops: Vec<LoopCtx<'ctx>>,
    pub labels: Vec<Vec<(String, BasicBlock<'ctx>, usize)>>,
    /// Pointers to the values of active to-be-closed variables, innermost last.
    pub tbc: Vec<PointerValue<'ctx>>,
    /// Inside a loop copy specialised on float locals: each such local's payload mirrored
    /// in a `double` slot (written with the value, read instead of it), so that its
    /// loop-carried value stays in a floating-point register; see `float_shadows`.
    pub shadows: Vec<(LocalId, PointerValue<'ctx>)>,
    /// The innermost loop being generated in two copies, while either is.
    pub versioned: Versioned<'ctx>,
    /// -O Release: for each local that is assigned arithmetic results, a `double` slot
    /// kept equal to its payload (created at its declaration). A read gives the float
    /// arithmetic that uses the local this view, so float results flow from one operator
    /// to the next without moves between register files.
    pub views: Vec<Option<PointerValue<'ctx>>>,
    /// The locals that get a view.
    pub viewed: Vec<bool>,
    /// Which upvalues are never assigned by anyone: their values are read once, at entry,
    /// into `upval_vals` (registers after SROA) instead of from the box at each use.
    pub upval_fixed: Vec<bool>,
    pub upval_vals: Vec<Option<PointerValue<'ctx>>>,
    /// Whether the whole function is likely to run often (`speculate::runs_often`), and how
    /// many loops enclose the code being generated: elsewhere, operations call the
    /// runtime instead of having their fast paths inline (`inline_paths`).
    pub hot_fn: bool,
    pub loop_depth: u32,
    /// Inside an expression whose operations go through the runtime wherever they are, or
    /// in the generic copy of a specialised loop (`generic_copy`).
    pub runtime_only: u32,
    /// The frame arrays that hold a constructor's or a concatenation's operands until the
    /// runtime call that consumes them, by nesting depth and length (see `operand_array`),
    /// and the depth of the operands being generated.
    pub operand_arrays: std::collections::HashMap<(u32, u32), PointerValue<'ctx>>,
    pub operand_depth: u32,
    /// Generating a piece (`pieces.rs`): its straight-line code is short, and it is not the
    /// Lua function's own native function.
    pub in_piece: bool,
}

impl<'ctx> Codegen<'ctx> {
    /// Generates Lua function `f`; `fixed` tells which of its upvalues are never assigned
    /// (see `FnState::upval_vals`).
    pub(super) fn function(&mut self, f: &Function, kind: ChunkKind, fixed: &[bool]) -> CgResult<FunctionValue<'ctx>> {
        let saved = self.b.get_insert_block();
        let func = self.fn_value(f, kind);
        if func.get_first_basic_block().is_some() {
            return Ok(func); // generated already (the same closure expression compiled twice)
        }
        let count = if kind == ChunkKind::Main { 0 } else { self.fn_count_of(func)? };
        let info = self.func_info(f, kind, count)?;
        let entry = self.ctx.append_basic_block(func, "entry");
        let body = self.ctx.append_basic_block(func, "body");
        self.b.position_at_end(entry);
        let param = |i: u32| func.get_nth_param(i).ok_or_else(|| CgError("missing parameter".into()));
        let l = param(0)?.into_pointer_value();
        let selfp = param(1)?.into_pointer_value();
        let base = param(2)?.into_pointer_value();
        let nargs = param(3)?.into_int_value();
        l.set_name("L");
        selfp.set_name("self");
        base.set_name("base");
        nargs.set_name("nargs");

        let prev_ci = self.b.build_load(self.ptrt, self.byte_gep(l, offset::STATE_CI)?, "prev_ci")?.into_pointer_value();
        let ci = self.byte_gep(prev_ci, offset::CI_SIZE)?;
        self.b.build_store(self.byte_gep(ci, offset::CI_INFO)?, info)?;
        let ci_line = self.byte_gep(ci, offset::CI_LINE)?;
        self.b.build_store(ci_line, self.i32c(self.line_of(f.span.lo) as u64))?;
        self.b.build_store(self.byte_gep(l, offset::STATE_CI)?, ci)?;
        let old_top = self.b.build_load(self.ptrt, self.byte_gep(l, offset::STATE_TOP)?, "old_top")?.into_pointer_value();

        let nparams = f.params.len() as u64;
        let nargs64 = self.b.build_int_s_extend(nargs, self.i64t, "nargs64")?;
        let np = self.i64c(nparams);
        let (ftop, nvar, varbase) = if f.is_vararg {
            let more = self.b.build_int_compare(IntPredicate::SGT, nargs64, np, "more")?;
            let extra = self.b.build_int_sub(nargs64, np, "extra")?;
            let nvar = self.b.build_select(more, extra, self.i64c(0), "nvar")?.into_int_value();
            let varbase = self.slot(base, np)?;
            let top = self.b.build_select(more, nargs64, np, "topn")?.into_int_value();
            (self.slot(base, top)?, nvar, varbase)
        } else {
            (base, self.i64c(0), base)
        };
        let mut upvals = Vec::new();
        for i in 0..f.meta.upvals.len() as u64 {
            let p = self.byte_gep(selfp, offset::CLOSURE_UPVALS + 8 * i)?;
            upvals.push(self.b.build_load(self.ptrt, p, &format!("uv.{}", f.meta.upvals[i as usize].name))?.into_pointer_value());
        }
        let mut fs = FnState {
            func,
            meta: f,
            l,
            base,
            ci,
            ci_line,
            prev_ci,
            old_top,
            ftop,
            entry,
            locals: vec![None; f.meta.locals.len()],
            upvals,
            nvar,
            varbase,
            depth: 0,
            frame_slots: 1,
            loops: Vec::new(),
            labels: Vec::new(),
            tbc: Vec::new(),
            shadows: Vec::new(),
            versioned: Versioned::default(),
            views: vec![None; f.meta.locals.len()],
            viewed: if self.version_loops { arith_locals(f) } else { vec![false; f.meta.locals.len()] },
            upval_fixed: fixed.to_vec(),
            upval_vals: vec![None; f.meta.upvals.len()],
            hot_fn: self.facts.runs_often(f, kind == ChunkKind::Nested).is_ok(),
            loop_depth: 0,
            runtime_only: 0,
            operand_arrays: std::collections::HashMap::new(),
            operand_depth: 0,
            in_piece: false,
        };
        for (i, fx) in fixed.iter().enumerate() {
            if *fx {
                let p = self.alloca_val(&fs, &format!("up.{}", f.meta.upvals[i].name))?;
                let v = self.load_val(self.byte_gep(fs.upvals[i], offset::UPVAL_VALUE)?)?;
                self.store_val(p, v)?;
                fs.upval_vals[i] = Some(p);
            }
        }
        let mut args = Vec::new();
        for (i, p) in f.params.iter().enumerate() {
            let i = i as u64;
            let have = self.b.build_int_compare(IntPredicate::SGT, nargs64, self.i64c(i), "have")?;
            let v = self.load_val(self.slot(base, self.i64c(i))?)?;
            let nil = self.nil();
            let v = self.select_val(have, v, nil)?;
            self.declare_local(&mut fs, p.id, v)?;
            args.push(v);
        }
        self.b.build_unconditional_branch(body)?;
        self.b.position_at_end(body);
        if self.facts.typed(f).is_some() {
            self.typed_dispatch(&fs, f, &args, nargs)?;
            self.typed_function(f, func, info)?;
        }
        let pieces = self.facts.pieces(f).map(<[_]>::to_vec);
        match pieces {
            Some(runs) => self.body_in_pieces(&mut fs, f, &runs)?,
            None => self.block(&mut fs, &f.body)?,
        }
        if !self.terminated() {
            self.emit_return(&fs, self.i32c(0))?;
        }
        // Now that the frame size is known, finish the prologue: claim the frame and check
        // both the call depth and the value stack.
        let br = entry.get_terminator().ok_or_else(|| CgError("entry block lost its branch".into()))?;
        self.b.position_before(&br);
        let fend = self.slot(ftop, self.i64c(fs.frame_slots as u64 + 8))?;
        self.b.build_store(self.byte_gep(l, offset::STATE_TOP)?, fend)?;
        let ci_last = self.b.build_load(self.ptrt, self.byte_gep(l, offset::STATE_CI_LAST)?, "ci_last")?.into_pointer_value();
        let stack_last = self.b.build_load(self.ptrt, self.byte_gep(l, offset::STATE_STACK_LAST)?, "stack_last")?.into_pointer_value();
        let ci_i = self.b.build_ptr_to_int(ci, self.i64t, "ci_i")?;
        let cil_i = self.b.build_ptr_to_int(ci_last, self.i64t, "cil_i")?;
        let fend_i = self.b.build_ptr_to_int(fend, self.i64t, "fend_i")?;
        let sl_i = self.b.build_ptr_to_int(stack_last, self.i64t, "sl_i")?;
        let ok1 = self.b.build_int_compare(IntPredicate::ULT, ci_i, cil_i, "depth_ok")?;
        let ok2 = self.b.build_int_compare(IntPredicate::ULT, fend_i, sl_i, "stack_ok")?;
        // The native stack too: coroutines run on stacks of their own, without guard pages.
        let ok3 = self.native_stack_ok(l)?;
        let ok = self.b.build_and(ok1, ok2, "frame_ok")?;
        let ok = self.b.build_and(ok, ok3, "frame_ok")?;
        let overflow = self.ctx.append_basic_block(func, "overflow");
        self.b.build_conditional_branch(ok, body, overflow)?;
        br.erase_from_basic_block();
        self.b.position_at_end(overflow);
        self.b.build_call(self.rt(RtFn::StackOverflow), &[l.into()], "")?;
        self.b.build_unreachable()?;
        if let Some(bb) = saved {
            self.b.position_at_end(bb);
        }
        Ok(func)
    }

    /// Whether the stack pointer is above the native stack's limit (`L->cstack_limit`). Read
    /// as a register: taking the frame's address would make every function set up a frame
    /// pointer (three instructions of each call of a small recursive function).
    pub(super) fn native_stack_ok(&self, l: PointerValue<'ctx>) -> CgResult<IntValue<'ctx>> {
        let triple = self.module.get_triple();
        let sp_name = if triple.as_str().to_bytes().starts_with(b"aarch64") { "sp" } else { "rsp" };
        let intr = inkwell::intrinsics::Intrinsic::find("llvm.read_register").ok_or_else(|| CgError("no llvm.read_register".into()))?;
        let decl = intr.get_declaration(&self.module, &[self.i64t.into()]).ok_or_else(|| CgError("llvm.read_register".into()))?;
        let reg = self.ctx.metadata_node(&[self.ctx.metadata_string(sp_name).into()]);
        let sp = self.b.build_call(decl, &[reg.into()], "sp")?;
        let sp = sp.try_as_basic_value().basic().ok_or_else(|| CgError("read_register returns".into()))?.into_int_value();
        let limit = self.b.build_load(self.ptrt, self.byte_gep(l, offset::STATE_CSTACK_LIMIT)?, "cstack_limit")?.into_pointer_value();
        let lim_i = self.b.build_ptr_to_int(limit, self.i64t, "lim_i")?;
        Ok(self.b.build_int_compare(IntPredicate::UGT, sp, lim_i, "cstack_ok")?)
    }

    /// The static `FuncInfo` record: name, chunk name, line defined, kind.
    /// The native function of `f`, declared on first use (calls may be generated before the
    /// function they call directly).
    pub(super) fn fn_value(&mut self, f: &Function, kind: ChunkKind) -> FunctionValue<'ctx> {
        if let Some(v) = self.fnvals.get(&crate::speculate::key(f)) {
            return *v;
        }
        self.fn_count += 1;
        let sym = match kind {
            ChunkKind::Main => "flua_main".to_string(),
            ChunkKind::Module => format!("lua.module.{}", self.fn_count),
            ChunkKind::Nested => {
                let clean: String = f.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
                format!("lua.{}.{}", if clean.is_empty() { "anon" } else { &clean }, self.fn_count)
            }
        };
        let is_main = kind == ChunkKind::Main;
        let func = self.module.add_function(&sym, self.lua_fn, if is_main { None } else { Some(Linkage::Internal) });
        self.fnvals.insert(crate::speculate::key(f), func);
        if self.facts.runs_once(f, kind == ChunkKind::Nested) {
            self.mark_runs_once(func);
        }
        if self.version_loops && self.facts.inline(f) {
            let always = self.ctx.create_enum_attribute(Attribute::get_named_enum_kind_id("alwaysinline"), 0);
            func.add_attribute(AttributeLoc::Function, always);
        }
        func
    }

    /// Marks a native function whose code runs once per run of the program, for emit.rs
    /// (`once::extract_loops`).
    pub(super) fn mark_runs_once(&self, func: FunctionValue<'ctx>) {
        func.add_attribute(AttributeLoc::Function, self.ctx.create_string_attribute(crate::once::RUNS_ONCE, ""));
    }

    /// Declares the native functions of every function nested in `f`, so that any call can
    /// reach any of them directly.
    pub(super) fn declare_nested(&mut self, f: &Function) {
        let mut children = Vec::new();
        crate::syntax::walk::walk_block(&f.body, &mut |n| {
            if let crate::syntax::walk::Node::Function(child) = n {
                children.push(child);
            }
        });
        for child in children {
            self.fn_value(child, ChunkKind::Nested);
            self.declare_nested(child);
        }
    }

    fn func_info(&mut self, f: &Function, kind: ChunkKind, count: usize) -> CgResult<PointerValue<'ctx>> {
        let is_main = kind == ChunkKind::Main;
        let name = self.cstr(&f.name);
        let source = self.cstr(&self.chunkname.clone());
        let i16t = self.ctx.i16_type();
        let ty = self.ctx.struct_type(
            &[self.ptrt.into(), self.ptrt.into(), self.i32t.into(), self.i32t.into(), self.i32t.into(), i16t.into(), i16t.into()],
            false,
        );
        let nested = kind == ChunkKind::Nested;
        let line = self.i32c(if nested { self.line_of(f.span.lo) as u64 } else { 0 });
        let last = self.i32c(if nested { self.line_of(f.span.hi.saturating_sub(1)) as u64 } else { 0 });
        let what = self.i32c(if nested { 0 } else { 1 });
        let np = i16t.const_int(f.params.len() as u64, false);
        let va = i16t.const_int(f.is_vararg as u64, false);
        let init = ty.const_named_struct(&[name.into(), source.into(), line.into(), what.into(), last.into(), np.into(), va.into()]);
        let gname = if is_main { "flua_main_info".to_string() } else { format!("info.{count}") };
        let g = self.module.add_global(ty, None, &gname);
        g.set_initializer(&init);
        g.set_constant(true);
        if !is_main {
            g.set_linkage(Linkage::Private);
        }
        Ok(g.as_pointer_value())
    }

    pub(super) fn emit_return(&mut self, fs: &FnState<'ctx, '_>, n: IntValue<'ctx>) -> CgResult<()> {
        self.close_tbc(fs, 0)?;
        self.b.build_store(self.byte_gep(fs.l, offset::STATE_CI)?, fs.prev_ci)?;
        self.b.build_store(self.byte_gep(fs.l, offset::STATE_TOP)?, fs.old_top)?;
        self.b.build_return(Some(&n))?;
        Ok(())
    }

    /// Calls `__close` on to-be-closed variables above `keep`, innermost first.
    pub(super) fn close_tbc(&mut self, fs: &FnState<'ctx, '_>, keep: usize) -> CgResult<()> {
        for _ in keep..fs.tbc.len() {
            self.b.build_call(self.rt(RtFn::TbcPop), &[fs.l.into()], "")?;
        }
        Ok(())
    }

    // ------------------------------------------------------------------ helpers

    pub(super) fn terminated(&self) -> bool {
        self.b.get_insert_block().and_then(|bb| bb.get_terminator()).is_some()
    }

    /// Continues emitting into a fresh block after a jump (the code there is unreachable).
    pub(super) fn start_dead_block(&mut self, fs: &FnState<'ctx, '_>) {
        let bb = self.ctx.append_basic_block(fs.func, "dead");
        self.b.position_at_end(bb);
    }

    pub(super) fn new_block(&self, fs: &FnState<'ctx, '_>, name: &str) -> BasicBlock<'ctx> {
        self.ctx.append_basic_block(fs.func, name)
    }

    pub(super) fn byte_gep(&self, p: PointerValue<'ctx>, off: u64) -> CgResult<PointerValue<'ctx>> {
        if off == 0 {
            return Ok(p);
        }
        // SAFETY: offsets come from value.rs, which a test checks against the C layout.
        Ok(unsafe { self.b.build_in_bounds_gep(self.ctx.i8_type(), p, &[self.i64c(off)], "fld")? })
    }

    /// &base[idx] for a TValue array.
    pub(super) fn slot(&self, base: PointerValue<'ctx>, idx: IntValue<'ctx>) -> CgResult<PointerValue<'ctx>> {
        // SAFETY: in bounds of the value stack, which the prologue checked.
        Ok(unsafe { self.b.build_gep(self.tvalue, base, &[idx], "slot")? })
    }

    // The payload is at offset 0 and the tag at 8 (byte offsets rather than struct GEPs:
    // the same addresses in fewer instructions for the optimiser to clean up).
    pub(super) fn load_val(&self, p: PointerValue<'ctx>) -> CgResult<Val<'ctx>> {
        let tp = self.byte_gep(p, offset::TVALUE_TAG)?;
        let pay = self.b.build_load(self.i64t, p, "pay")?.into_int_value();
        let tag = self.b.build_load(self.i64t, tp, "tag")?.into_int_value();
        Ok(Val { tag, pay })
    }

    pub(super) fn store_val(&self, p: PointerValue<'ctx>, v: Val<'ctx>) -> CgResult<()> {
        let tp = self.byte_gep(p, offset::TVALUE_TAG)?;
        self.b.build_store(p, v.pay)?;
        self.b.build_store(tp, v.tag)?;
        Ok(())
    }

    /// An alloca in the entry block (so that SROA can promote it).
    pub(super) fn entry_alloca(&self, fs: &FnState<'ctx, '_>, ty: impl BasicType<'ctx>, name: &str) -> CgResult<PointerValue<'ctx>> {
        let tmp = self.ctx.create_builder();
        match fs.entry.get_first_instruction() {
            Some(i) => tmp.position_before(&i),
            None => tmp.position_at_end(fs.entry),
        }
        Ok(tmp.build_alloca(ty, name)?)
    }

    pub(super) fn alloca_val(&self, fs: &FnState<'ctx, '_>, name: &str) -> CgResult<PointerValue<'ctx>> {
        self.entry_alloca(fs, self.tvalue, name)
    }

    pub(super) fn alloca_ptr(&self, fs: &FnState<'ctx, '_>, name: &str) -> CgResult<PointerValue<'ctx>> {
        self.entry_alloca(fs, self.ptrt, name)
    }

    pub(super) fn alloca_f64(&self, fs: &FnState<'ctx, '_>, name: &str) -> CgResult<PointerValue<'ctx>> {
        self.entry_alloca(fs, self.ctx.f64_type(), name)
    }

    /// Stores a value in a fresh temporary so that it can be passed to the runtime.
    pub(super) fn spill(&self, fs: &FnState<'ctx, '_>, v: Val<'ctx>) -> CgResult<PointerValue<'ctx>> {
        let p = self.alloca_val(fs, "tmp")?;
        self.store_val(p, v)?;
        Ok(p)
    }

    pub(super) fn select_val(&self, c: IntValue<'ctx>, a: Val<'ctx>, b: Val<'ctx>) -> CgResult<Val<'ctx>> {
        let tag = self.b.build_select(c, a.tag, b.tag, "tag")?.into_int_value();
        let pay = self.b.build_select(c, a.pay, b.pay, "pay")?.into_int_value();
        Ok(Val { tag, pay })
    }

    /// The collector's write barrier, after a store into the heap object at `obj` (a
    /// table, closure or upvalue box) with no allocation since: an old object not yet
    /// touched is recorded for the next minor collection (lrt_gc_barrier in flua.h).
    pub(super) fn gc_barrier(&self, fs: &FnState<'ctx, '_>, obj: PointerValue<'ctx>) -> CgResult<()> {
        let untouched_old = self.untouched_old(obj)?;
        self.gc_touch_if(fs, obj, untouched_old)
    }

    /// The write barrier after storing `v` where no key is added (an existing field, an
    /// array slot, an upvalue box): a value that is not a collectable object (nil, a
    /// boolean, a number) makes no reference for the collector to miss, so only stores of
    /// strings, tables, functions, userdata and threads are recorded. Number stores, the
    /// usual ones in loops, need no barrier at all when their tag is known.
    pub(super) fn gc_barrier_value(&self, fs: &FnState<'ctx, '_>, obj: PointerValue<'ctx>, v: Val<'ctx>) -> CgResult<()> {
        if v.tag.get_zero_extended_constant().is_some_and(|t| t < tag::STR) {
            return Ok(());
        }
        let collectable = self.b.build_int_compare(IntPredicate::UGE, v.tag, self.i64c(tag::STR), "collectable")?;
        let untouched_old = self.untouched_old(obj)?;
        let record = self.b.build_and(untouched_old, collectable, "record")?;
        self.gc_touch_if(fs, obj, record)
    }

    /// Whether the heap object at `obj` is old and not yet recorded as touched.
    fn untouched_old(&self, obj: PointerValue<'ctx>) -> CgResult<IntValue<'ctx>> {
        let i8t = self.ctx.i8_type();
        let marked = self.b.build_load(i8t, self.byte_gep(obj, offset::GC_MARKED_BYTE)?, "marked")?.into_int_value();
        let bits = self.b.build_and(marked, i8t.const_int(offset::GC_OLD | offset::GC_TOUCHED, false), "gen")?;
        Ok(self.b.build_int_compare(IntPredicate::EQ, bits, i8t.const_int(offset::GC_OLD, false), "untouched")?)
    }

    /// Calls `lrt_gc_touch` on `obj` when `untouched_old` holds.
    fn gc_touch_if(&self, fs: &FnState<'ctx, '_>, obj: PointerValue<'ctx>, untouched_old: IntValue<'ctx>) -> CgResult<()> {
        let touch = self.new_block(fs, "gc.touch");
        let done = self.new_block(fs, "gc.done");
        self.b.build_conditional_branch(untouched_old, touch, done)?;
        self.b.position_at_end(touch);
        self.b.build_call(self.rt(RtFn::GcTouch), &[fs.l.into(), obj.into()], "")?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// Whether operations here get their fast paths inline: in loops and hot functions.
    /// Elsewhere code runs once (per call of a large function) and a runtime call is as
    /// good, for a fraction of the code to optimise and emit.
    pub(super) fn inline_paths(&self, fs: &FnState<'ctx, '_>) -> bool {
        fs.runtime_only == 0 && (fs.hot_fn || fs.loop_depth > 0)
    }

    /// In a statement that may leave its loop's specialised copy (`FnState::leave`): goes
    /// to the generic copy instead of taking a slow path, and says so.
    pub(super) fn leave_instead(&self, fs: &FnState<'ctx, '_>) -> CgResult<bool> {
        match fs.versioned.leave {
            Some(to) => {
                self.b.build_unconditional_branch(to)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    pub(super) fn tag_is(&self, v: Val<'ctx>, t: u64) -> CgResult<IntValue<'ctx>> {
        Ok(self.b.build_int_compare(IntPredicate::EQ, v.tag, self.i64c(t), "is")?)
    }

    pub(super) fn truthy(&self, v: Val<'ctx>) -> CgResult<IntValue<'ctx>> {
        Ok(self.b.build_int_compare(IntPredicate::UGT, v.tag, self.i64c(tag::FALSE), "truthy")?)
    }

    /// Records the current line in the call-info, for error messages and tracebacks.
    pub(super) fn set_line(&self, fs: &FnState<'ctx, '_>, pos: u32) -> CgResult<()> {
        self.b.build_store(fs.ci_line, self.i32c(self.line_of(pos) as u64))?;
        Ok(())
    }

    // ------------------------------------------------------------------ locals

    pub(super) fn declare_local(&mut self, fs: &mut FnState<'ctx, '_>, id: LocalId, v: Val<'ctx>) -> CgResult<()> {
        let info = &fs.meta.meta.locals[id];
        if info.captured && info.assigned {
            let slot = match fs.locals[id] {
                Some(Local::Boxed(p)) => p,
                _ => self.alloca_ptr(fs, &format!("box.{}", info.name))?,
            };
            let bx = self.b.build_call(self.rt(RtFn::NewUpval), &[fs.l.into()], "box")?;
            let bx = bx.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_newupval returns".into()))?.into_pointer_value();
            self.store_val(self.byte_gep(bx, offset::UPVAL_VALUE)?, v)?;
            self.b.build_store(slot, bx)?;
            fs.locals[id] = Some(Local::Boxed(slot));
        } else {
            let slot = match fs.locals[id] {
                Some(Local::Slot(p)) => p,
                _ => self.alloca_val(fs, &info.name.clone())?,
            };
            self.store_val(slot, v)?;
            fs.locals[id] = Some(Local::Slot(slot));
            if fs.viewed[id] && fs.views[id].is_none() {
                fs.views[id] = Some(self.alloca_f64(fs, &format!("{}.f", info.name))?);
            }
            self.write_shadow(fs, id, v)?;
        }
        Ok(())
    }

    /// Reads a local's value (its payload from the float shadow when there is one).
    pub(super) fn read_local(&mut self, fs: &FnState<'ctx, '_>, id: LocalId) -> CgResult<Val<'ctx>> {
        let v = self.load_val(self.local_ptr(fs, id)?)?;
        if let Some((_, sh)) = fs.shadows.iter().rev().find(|(s, _)| *s == id) {
            let f = self.b.build_load(self.ctx.f64_type(), *sh, "shf")?;
            return Ok(Val { tag: v.tag, pay: self.b.build_bit_cast(f, self.i64t, "shbits")?.into_int_value() });
        }
        if let Some(Some(view)) = fs.views.get(id) {
            let f = self.b.build_load(self.ctx.f64_type(), *view, "view")?.into_float_value();
            self.float_views.insert(v.pay.as_value_ref() as usize, f);
        }
        Ok(v)
    }

    /// Writes a local's value (and its float shadow when there is one).
    pub(super) fn write_local(&self, fs: &FnState<'ctx, '_>, id: LocalId, v: Val<'ctx>) -> CgResult<()> {
        if let Some(Local::Boxed(_)) = fs.locals.get(id).copied().flatten() {
            let bx = self.local_box(fs, id)?;
            self.store_val(self.byte_gep(bx, offset::UPVAL_VALUE)?, v)?;
            self.gc_barrier_value(fs, bx, v)?;
        } else {
            self.store_val(self.local_ptr(fs, id)?, v)?;
        }
        self.write_shadow(fs, id, v)
    }

    /// Keeps every `double` copy of a local's payload equal to it: its view and the loop
    /// shadows active for it (a loop copy's shadow is the view when there is one, see
    /// `float_shadows`).
    fn write_shadow(&self, fs: &FnState<'ctx, '_>, id: LocalId, v: Val<'ctx>) -> CgResult<()> {
        let mut slots: Vec<PointerValue<'ctx>> = fs.shadows.iter().filter(|(s, _)| *s == id).map(|(_, sh)| *sh).collect();
        slots.extend(fs.views.get(id).copied().flatten());
        slots.dedup();
        if slots.is_empty() {
            return Ok(());
        }
        let f = self.float_bits(v)?;
        for sh in slots {
            self.b.build_store(sh, f)?;
        }
        Ok(())
    }

    /// Pointer to a local's value (inside its box when captured).
    pub(super) fn local_ptr(&self, fs: &FnState<'ctx, '_>, id: LocalId) -> CgResult<PointerValue<'ctx>> {
        match fs.locals.get(id).copied().flatten() {
            Some(Local::Slot(p)) => Ok(p),
            Some(Local::Boxed(slot)) => {
                let bx = self.b.build_load(self.ptrt, slot, "box")?.into_pointer_value();
                self.byte_gep(bx, offset::UPVAL_VALUE)
            }
            None => Err(CgError(format!("local {} used before its declaration", fs.meta.meta.locals[id].name))),
        }
    }

    /// The `UpVal *` box of a captured local (to share it with a new closure).
    pub(super) fn local_box(&self, fs: &FnState<'ctx, '_>, id: LocalId) -> CgResult<PointerValue<'ctx>> {
        match fs.locals.get(id).copied().flatten() {
            Some(Local::Boxed(slot)) => Ok(self.b.build_load(self.ptrt, slot, "box")?.into_pointer_value()),
            _ => Err(CgError(format!("local {} is not captured", fs.meta.meta.locals[id].name))),
        }
    }

    pub(super) fn upval_ptr(&self, fs: &FnState<'ctx, '_>, i: usize) -> CgResult<PointerValue<'ctx>> {
        if let Some(p) = fs.upval_vals[i] {
            return Ok(p); // never assigned: only ever read
        }
        self.byte_gep(fs.upvals[i], offset::UPVAL_VALUE)
    }
}

/// The locals of `f` (not captured ones) assigned the result of an arithmetic operator
/// somewhere: those that get a float view at -O Release.
fn arith_locals(f: &Function) -> Vec<bool> {
    let mut out = vec![false; f.meta.locals.len()];
    let arith = |e: &Expr| match &e.kind {
        ExprKind::Binary(op, ..) => matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::IDiv | BinOp::Pow),
        ExprKind::Unary(op, _) => *op == UnOp::Neg,
        _ => false,
    };
    crate::syntax::walk::for_each_stat(&f.body, &mut |s| match &s.kind {
        StatKind::Local { decls, exprs } => {
            for (d, e) in decls.iter().zip(exprs) {
                out[d.id] |= arith(e);
            }
        }
        StatKind::Assign { targets, exprs } => {
            for (t, e) in targets.iter().zip(exprs) {
                if let ExprKind::Name(_, Res::Local(id)) = t.kind {
                    out[id] |= arith(e);
                }
            }
        }
        _ => {}
    });
    for (id, info) in f.meta.locals.iter().enumerate() {
        out[id] &= !(info.captured && info.assigned);
    }
    out
}
