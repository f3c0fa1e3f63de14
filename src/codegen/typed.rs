//! Typed entries (speculate/typed.rs): `i64|double f.typed(LState *L, i32 budget, params...)`
//! with every parameter and local unboxed, no call frame and no value stack. The only
//! error such a function can raise is a stack overflow: each call site checks the depth
//! budget (a register, one less per nested call, the same for tail calls) and this frame's
//! place on the native stack, and on overflow the runtime pushes a frame for the call site
//! and raises `stack overflow` there, as generic code would.
//!
//! The generic entry of a typed function starts by checking its arguments' tags; when they
//! match the typed entry's kinds it calls it with the call frames left as budget.

use inkwell::basic_block::BasicBlock;
use inkwell::types::{BasicMetadataTypeEnum, BasicTypeEnum};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::{FloatPredicate, IntPredicate};

use super::func::FnState;
use super::runtime::RtFn;
use super::value::{offset, tag, ArithOp};
use super::{CgError, CgResult, Codegen, Val};
use crate::speculate::{const_int, key, FnKey, Known, NumKind};
use crate::syntax::ast::*;

struct TState<'ctx, 'f> {
    func: FunctionValue<'ctx>,
    meta: &'f Function,
    l: PointerValue<'ctx>,
    budget: IntValue<'ctx>,
    /// This frame is above the native stack's limit (computed once at entry).
    frame_ok: IntValue<'ctx>,
    info: PointerValue<'ctx>,
    locals: Vec<Option<PointerValue<'ctx>>>,
    /// `break` targets, innermost last.
    loops: Vec<BasicBlock<'ctx>>,
    /// The other copy of an unrolled function (`twin`), and whether the next call of the
    /// function itself goes to it (the first one evaluated in a `return` that has two).
    twin: Option<FunctionValue<'ctx>>,
    to_twin: bool,
}

impl<'ctx> Codegen<'ctx> {
    fn num_type(&self, k: NumKind) -> BasicTypeEnum<'ctx> {
        match k {
            NumKind::Int => self.i64t.into(),
            NumKind::Float => self.ctx.f64_type().into(),
        }
    }

    /// The typed entry of `f`, declared on first use; None when `f` has none.
    pub(super) fn typed_fn(&mut self, f: FnKey, generic: FunctionValue<'ctx>) -> Option<FunctionValue<'ctx>> {
        let t = self.facts.typed_by_key(f)?;
        let name = format!("{}.typed", generic.get_name().to_str().unwrap_or("lua"));
        if let Some(v) = self.module.get_function(&name) {
            return Some(v);
        }
        let mut params: Vec<BasicMetadataTypeEnum> = vec![self.ptrt.into(), self.i32t.into()];
        params.extend(t.params.iter().map(|k| BasicMetadataTypeEnum::from(self.num_type(*k))));
        let ty = match t.ret {
            NumKind::Int => self.i64t.fn_type(&params, false),
            NumKind::Float => self.ctx.f64_type().fn_type(&params, false),
        };
        Some(self.module.add_function(&name, ty, Some(inkwell::module::Linkage::Internal)))
    }

    /// Emits the typed entry of `f` (whose generic entry is `generic`, with FuncInfo `info`).
    ///
    /// At -O Release, when a `return` calls `f` twice (`fib(n - 1) + fib(n - 2)`), the
    /// entry gets a twin: the same body, `alwaysinline`, the two calling each other with
    /// the first such call of each `return` and themselves with the other calls. LLVM turns
    /// the last call of each into a loop (tail-call elimination with an accumulator, early in
    /// the pipeline), then inlines the twin's loop into the entry's, so that each call does
    /// two levels of the recursion, as GCC's recursive inlining does: fib(38) 113 → 80-84 ms.
    /// The two copies are the same code and pass the depth budget on alike, so nothing but
    /// the time changes.
    pub(super) fn typed_function(&mut self, f: &Function, generic: FunctionValue<'ctx>, info: PointerValue<'ctx>) -> CgResult<()> {
        let Some(func) = self.typed_fn(key(f), generic) else { return Ok(()) };
        if func.get_first_basic_block().is_some() {
            return Ok(());
        }
        let saved = self.b.get_insert_block();
        let t = self.facts.typed(f).ok_or_else(|| CgError("typed entry without facts".into()))?.clone();
        let twin = if t.unrolled && self.version_loops {
            let name = format!("{}.twin", func.get_name().to_str().unwrap_or("lua"));
            let twin = self.module.add_function(&name, func.get_type(), Some(inkwell::module::Linkage::Internal));
            let always = self.ctx.create_enum_attribute(inkwell::attributes::Attribute::get_named_enum_kind_id("alwaysinline"), 0);
            twin.add_attribute(inkwell::attributes::AttributeLoc::Function, always);
            Some(twin)
        } else {
            None
        };
        self.typed_body(f, &t, func, twin, info)?;
        if let Some(twin) = twin {
            self.typed_body(f, &t, twin, Some(func), info)?;
        }
        if let Some(bb) = saved {
            self.b.position_at_end(bb);
        }
        Ok(())
    }

    /// The body of `f`'s typed entry in `func`; `twin`: see `typed_function`.
    fn typed_body(
        &mut self,
        f: &Function,
        t: &crate::speculate::Typed,
        func: FunctionValue<'ctx>,
        twin: Option<FunctionValue<'ctx>>,
        info: PointerValue<'ctx>,
    ) -> CgResult<()> {
        let entry = self.ctx.append_basic_block(func, "entry");
        self.b.position_at_end(entry);
        let param = |i: u32| func.get_nth_param(i).ok_or_else(|| CgError("missing parameter".into()));
        let l = param(0)?.into_pointer_value();
        let budget = param(1)?.into_int_value();
        l.set_name("L");
        budget.set_name("budget");
        let mut locals = vec![None; f.meta.locals.len()];
        for (id, k) in t.locals.iter().enumerate() {
            if let Some(k) = k {
                locals[id] = Some(self.b.build_alloca(self.num_type(*k), &f.meta.locals[id].name)?);
            }
        }
        for (i, p) in f.params.iter().enumerate() {
            let v = param(i as u32 + 2)?;
            let slot = locals[p.id].ok_or_else(|| CgError("typed parameter without a kind".into()))?;
            self.b.build_store(slot, v)?;
        }
        let frame_ok = self.native_stack_ok(l)?;
        let mut ts = TState { func, meta: f, l, budget, frame_ok, info, locals, loops: Vec::new(), twin, to_twin: false };
        self.t_block(&mut ts, &f.body)?;
        if !self.terminated() {
            self.b.build_unreachable()?; // every path returns (speculate checked)
        }
        Ok(())
    }

    /// In the generic entry of a typed function, right after the prologue: when the
    /// arguments have the typed entry's kinds, call it and return its result boxed.
    pub(super) fn typed_dispatch(
        &mut self,
        fs: &FnState<'ctx, '_>,
        f: &Function,
        args: &[Val<'ctx>],
        nargs: IntValue<'ctx>,
    ) -> CgResult<()> {
        let enough = self.b.build_int_compare(IntPredicate::SGE, nargs, self.i32c(args.len() as u64), "enough")?;
        let fast = self.ctx.append_basic_block(fs.func, "typed");
        let generic = self.ctx.append_basic_block(fs.func, "generic");
        let Some(v) = self.typed_call(fs, key(f), fs.func, args, enough, fast, generic)? else { return Ok(()) };
        self.store_val(fs.base, v)?;
        self.emit_return(fs, self.i32c(1))?;
        self.b.position_at_end(generic);
        Ok(())
    }

    /// Calls the typed entry of function `g` (generic entry `generic`) with `args` when
    /// `pre` holds and their tags match its kinds: branches to `slow` otherwise, and leaves
    /// the builder in `fast` with the boxed result. None when `g` has no typed entry.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn typed_call(
        &mut self,
        fs: &FnState<'ctx, '_>,
        g: FnKey,
        generic: FunctionValue<'ctx>,
        args: &[Val<'ctx>],
        pre: IntValue<'ctx>,
        fast: BasicBlock<'ctx>,
        slow: BasicBlock<'ctx>,
    ) -> CgResult<Option<Val<'ctx>>> {
        let Some(typed) = self.typed_fn(g, generic) else { return Ok(None) };
        let (params, ret) = self.facts.typed_by_key(g).map(|t| (t.params.clone(), t.ret)).ok_or_else(|| CgError("typed facts".into()))?;
        let mut ok = pre;
        for (a, k) in args.iter().zip(&params) {
            let want = if *k == NumKind::Int { tag::INT } else { tag::FLT };
            let is = self.b.build_int_compare(IntPredicate::EQ, a.tag, self.i64c(want), "is")?;
            ok = self.b.build_and(ok, is, "tags_ok")?;
        }
        self.b.build_conditional_branch(ok, fast, slow)?;
        self.b.position_at_end(fast);
        // the depth budget: the call frames left above this function's
        let ci_last = self.b.build_load(self.ptrt, self.byte_gep(fs.l, offset::STATE_CI_LAST)?, "ci_last")?.into_pointer_value();
        let room = self.b.build_ptr_diff(self.ctx.i8_type(), ci_last, fs.ci, "room")?;
        let frames = self.b.build_int_exact_signed_div(room, self.i64c(offset::CI_SIZE), "frames")?;
        let budget = self.b.build_int_truncate(frames, self.i32t, "budget")?;
        let mut call_args: Vec<BasicMetadataValueEnum> = vec![fs.l.into(), budget.into()];
        for (a, k) in args.iter().zip(&params) {
            call_args.push(match k {
                NumKind::Int => a.pay.into(),
                NumKind::Float => self.b.build_bit_cast(a.pay, self.ctx.f64_type(), "f")?.into(),
            });
        }
        let r = self.b.build_call(typed, &call_args, "r")?;
        let r = r.try_as_basic_value().basic().ok_or_else(|| CgError("typed entry returns".into()))?;
        Ok(Some(match ret {
            NumKind::Int => Val { tag: self.i64c(tag::INT), pay: r.into_int_value() },
            NumKind::Float => Val { tag: self.i64c(tag::FLT), pay: self.b.build_bit_cast(r, self.i64t, "bits")?.into_int_value() },
        }))
    }

    fn t_block(&mut self, ts: &mut TState<'ctx, '_>, b: &Block) -> CgResult<()> {
        for s in &b.stats {
            if self.terminated() {
                let dead = self.ctx.append_basic_block(ts.func, "dead");
                self.b.position_at_end(dead);
            }
            self.t_stat(ts, s)?;
        }
        if let Some(r) = &b.ret {
            if self.terminated() {
                return Ok(());
            }
            let e = r.exprs.first().ok_or_else(|| CgError("typed return without a value".into()))?;
            ts.to_twin = ts.twin.is_some() && crate::speculate::self_calls(ts.meta, e, &self.facts) >= 2;
            if let ExprKind::Call(callee, args) = &e.kind {
                // a tail call: same signature (speculate checked), same budget, no growth
                let (g, call_args) = self.t_call_args(ts, callee, args)?;
                let call = self.b.build_call(g, &call_args, "tail")?;
                call.set_tail_call_kind(inkwell::llvm_sys::LLVMTailCallKind::LLVMTailCallKindMustTail);
                let r = call.try_as_basic_value().basic().ok_or_else(|| CgError("typed entry returns".into()))?;
                self.b.build_return(Some(&r))?;
            } else {
                let v = self.t_expr(ts, e)?;
                self.b.build_return(Some(&v))?;
            }
            ts.to_twin = false;
        }
        Ok(())
    }

    fn t_store(&mut self, ts: &TState<'ctx, '_>, id: LocalId, v: BasicValueEnum<'ctx>) -> CgResult<()> {
        let slot = ts.locals[id].ok_or_else(|| CgError("typed local without a kind".into()))?;
        self.b.build_store(slot, v)?;
        Ok(())
    }

    fn t_stat(&mut self, ts: &mut TState<'ctx, '_>, s: &Stat) -> CgResult<()> {
        match &s.kind {
            StatKind::Local { decls, exprs } => {
                let vals = exprs.iter().map(|e| self.t_expr(ts, e)).collect::<CgResult<Vec<_>>>()?;
                for (d, v) in decls.iter().zip(vals) {
                    self.t_store(ts, d.id, v)?;
                }
            }
            StatKind::Assign { targets, exprs } => {
                let vals = exprs.iter().map(|e| self.t_expr(ts, e)).collect::<CgResult<Vec<_>>>()?;
                for (t, v) in targets.iter().zip(vals) {
                    let ExprKind::Name(_, Res::Local(id)) = t.kind else { return Err(CgError("typed assignment target".into())) };
                    self.t_store(ts, id, v)?;
                }
            }
            StatKind::Call(e) => {
                self.t_expr(ts, e)?;
            }
            StatKind::Do(body) => self.t_block(ts, body)?,
            StatKind::While { cond, body } => {
                let head = self.ctx.append_basic_block(ts.func, "while");
                let lbody = self.ctx.append_basic_block(ts.func, "while.body");
                let exit = self.ctx.append_basic_block(ts.func, "while.exit");
                self.b.build_unconditional_branch(head)?;
                self.b.position_at_end(head);
                let c = self.t_cond(ts, cond)?;
                self.b.build_conditional_branch(c, lbody, exit)?;
                self.b.position_at_end(lbody);
                self.t_loop_body(ts, body, exit, head)?;
                self.b.position_at_end(exit);
            }
            StatKind::Repeat { body, cond } => {
                let lbody = self.ctx.append_basic_block(ts.func, "repeat");
                let exit = self.ctx.append_basic_block(ts.func, "repeat.exit");
                self.b.build_unconditional_branch(lbody)?;
                self.b.position_at_end(lbody);
                ts.loops.push(exit);
                self.t_block(ts, body)?;
                ts.loops.pop();
                if !self.terminated() {
                    let c = self.t_cond(ts, cond)?;
                    self.b.build_conditional_branch(c, exit, lbody)?;
                }
                self.b.position_at_end(exit);
            }
            StatKind::If { arms, orelse } => {
                let end = self.ctx.append_basic_block(ts.func, "if.end");
                for (c, body) in arms {
                    let then = self.ctx.append_basic_block(ts.func, "then");
                    let next = self.ctx.append_basic_block(ts.func, "else");
                    let cv = self.t_cond(ts, c)?;
                    self.b.build_conditional_branch(cv, then, next)?;
                    self.b.position_at_end(then);
                    self.t_block(ts, body)?;
                    if !self.terminated() {
                        self.b.build_unconditional_branch(end)?;
                    }
                    self.b.position_at_end(next);
                }
                if let Some(body) = orelse {
                    self.t_block(ts, body)?;
                }
                if !self.terminated() {
                    self.b.build_unconditional_branch(end)?;
                }
                self.b.position_at_end(end);
            }
            StatKind::NumFor { var, start, limit, step, body } => self.t_numfor(ts, var.id, start, limit, step.as_ref(), body)?,
            StatKind::Break => {
                let exit = *ts.loops.last().ok_or_else(|| CgError("break outside a loop".into()))?;
                self.b.build_unconditional_branch(exit)?;
            }
            _ => return Err(CgError("statement outside the typed subset".into())),
        }
        Ok(())
    }

    /// A loop body whose `break` leaves for `exit` and whose end goes on to `next`.
    fn t_loop_body(&mut self, ts: &mut TState<'ctx, '_>, body: &Block, exit: BasicBlock<'ctx>, next: BasicBlock<'ctx>) -> CgResult<()> {
        ts.loops.push(exit);
        self.t_block(ts, body)?;
        ts.loops.pop();
        if !self.terminated() {
            self.b.build_unconditional_branch(next)?;
        }
        Ok(())
    }

    /// An integer `for` with a constant step (manual §3.3.5): the iteration count is
    /// computed up front, so the control variable never overflows.
    fn t_numfor(
        &mut self,
        ts: &mut TState<'ctx, '_>,
        var: LocalId,
        start: &Expr,
        limit: &Expr,
        step: Option<&Expr>,
        body: &Block,
    ) -> CgResult<()> {
        let step = step.map_or(Some(1), const_int).ok_or_else(|| CgError("typed for step".into()))?;
        let s = self.t_expr(ts, start)?.into_int_value();
        let l = self.t_expr(ts, limit)?.into_int_value();
        let (enter, count) = if step > 0 {
            let enter = self.b.build_int_compare(IntPredicate::SLE, s, l, "enter")?;
            let d = self.b.build_int_sub(l, s, "d")?;
            (enter, self.b.build_int_unsigned_div(d, self.i64c(step as u64), "count")?)
        } else {
            let enter = self.b.build_int_compare(IntPredicate::SGE, s, l, "enter")?;
            let d = self.b.build_int_sub(s, l, "d")?;
            // -(step + 1) + 1 without overflow for i64::MIN
            let by = (-(step + 1)) as u64 + 1;
            (enter, self.b.build_int_unsigned_div(d, self.i64c(by), "count")?)
        };
        let pre = self.b.get_insert_block().ok_or_else(|| CgError("no block".into()))?;
        let lbody = self.ctx.append_basic_block(ts.func, "for.body");
        let next = self.ctx.append_basic_block(ts.func, "for.next");
        let exit = self.ctx.append_basic_block(ts.func, "for.exit");
        self.b.build_conditional_branch(enter, lbody, exit)?;
        self.b.position_at_end(lbody);
        let i = self.b.build_phi(self.i64t, "i")?;
        let n = self.b.build_phi(self.i64t, "n")?;
        i.add_incoming(&[(&s, pre)]);
        n.add_incoming(&[(&count, pre)]);
        let iv = i.as_basic_value().into_int_value();
        let nv = n.as_basic_value().into_int_value();
        self.t_store(ts, var, iv.into())?;
        self.t_loop_body(ts, body, exit, next)?;
        self.b.position_at_end(next);
        let done = self.b.build_int_compare(IntPredicate::EQ, nv, self.i64c(0), "done")?;
        let i2 = self.b.build_int_add(iv, self.i64c(step as u64), "i.next")?;
        let n2 = self.b.build_int_sub(nv, self.i64c(1), "n.next")?;
        i.add_incoming(&[(&i2, next)]);
        n.add_incoming(&[(&n2, next)]);
        self.b.build_conditional_branch(done, exit, lbody)?;
        self.b.position_at_end(exit);
        Ok(())
    }

    /// A condition as an i1, with `and`/`or` short-circuiting (operands may call).
    fn t_cond(&mut self, ts: &mut TState<'ctx, '_>, e: &Expr) -> CgResult<IntValue<'ctx>> {
        match &e.kind {
            ExprKind::True => Ok(self.ctx.bool_type().const_int(1, false)),
            ExprKind::False => Ok(self.ctx.bool_type().const_int(0, false)),
            ExprKind::Paren(x) => self.t_cond(ts, x),
            ExprKind::Unary(UnOp::Not, x) => {
                let c = self.t_cond(ts, x)?;
                Ok(self.b.build_not(c, "not")?)
            }
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
                let ca = self.t_cond(ts, a)?;
                let from = self.b.get_insert_block().ok_or_else(|| CgError("no block".into()))?;
                let rhs = self.ctx.append_basic_block(ts.func, "cond.rhs");
                let done = self.ctx.append_basic_block(ts.func, "cond.done");
                if *op == BinOp::And {
                    self.b.build_conditional_branch(ca, rhs, done)?;
                } else {
                    self.b.build_conditional_branch(ca, done, rhs)?;
                }
                self.b.position_at_end(rhs);
                let cb = self.t_cond(ts, b)?;
                let rhs_end = self.b.get_insert_block().ok_or_else(|| CgError("no block".into()))?;
                self.b.build_unconditional_branch(done)?;
                self.b.position_at_end(done);
                let phi = self.b.build_phi(self.ctx.bool_type(), "cond")?;
                phi.add_incoming(&[(&ca, from), (&cb, rhs_end)]);
                Ok(phi.as_basic_value().into_int_value())
            }
            ExprKind::Binary(op, a, b) => {
                let int = self.facts.typed_kind(ts.meta, a) == Some(NumKind::Int);
                let x = self.t_expr(ts, a)?;
                let y = self.t_expr(ts, b)?;
                if int {
                    let p = match op {
                        BinOp::Lt => IntPredicate::SLT,
                        BinOp::Le => IntPredicate::SLE,
                        BinOp::Gt => IntPredicate::SGT,
                        BinOp::Ge => IntPredicate::SGE,
                        BinOp::Eq => IntPredicate::EQ,
                        BinOp::Ne => IntPredicate::NE,
                        _ => return Err(CgError("typed condition".into())),
                    };
                    Ok(self.b.build_int_compare(p, x.into_int_value(), y.into_int_value(), "cmp")?)
                } else {
                    let p = match op {
                        BinOp::Lt => FloatPredicate::OLT,
                        BinOp::Le => FloatPredicate::OLE,
                        BinOp::Gt => FloatPredicate::OGT,
                        BinOp::Ge => FloatPredicate::OGE,
                        BinOp::Eq => FloatPredicate::OEQ,
                        BinOp::Ne => FloatPredicate::UNE,
                        _ => return Err(CgError("typed condition".into())),
                    };
                    Ok(self.b.build_float_compare(p, x.into_float_value(), y.into_float_value(), "fcmp")?)
                }
            }
            _ => Err(CgError("condition outside the typed subset".into())),
        }
    }

    /// The callee's typed entry and the argument values of a call, evaluated in order.
    fn t_call_args(
        &mut self,
        ts: &mut TState<'ctx, '_>,
        callee: &Expr,
        args: &[Expr],
    ) -> CgResult<(FunctionValue<'ctx>, Vec<BasicMetadataValueEnum<'ctx>>)> {
        let g = self.facts.known_callee(ts.meta, callee).ok_or_else(|| CgError("typed call of an unknown function".into()))?;
        let gf = self.fnvals.get(&g).copied().ok_or_else(|| CgError("typed callee not declared".into()))?;
        let mut typed = self.typed_fn(g, gf).ok_or_else(|| CgError("typed callee without a typed entry".into()))?;
        let mut vals = vec![ts.l.into(), ts.budget.into()];
        for a in args {
            vals.push(self.t_expr(ts, a)?.into());
        }
        // after the arguments, so that in `ack(m - 1, ack(m, n - 1))` the inner call is first
        if g == key(ts.meta) {
            if let (Some(twin), true) = (ts.twin, ts.to_twin) {
                typed = twin;
                ts.to_twin = false;
            } else {
                typed = ts.func;
            }
        }
        Ok((typed, vals))
    }

    fn t_expr(&mut self, ts: &mut TState<'ctx, '_>, e: &Expr) -> CgResult<BasicValueEnum<'ctx>> {
        let f64t = self.ctx.f64_type();
        let kind = self.facts.typed_kind(ts.meta, e).ok_or_else(|| CgError("typed expression without a kind".into()))?;
        match self.facts.constant(ts.meta, e) {
            Some(Known::Int(v)) => return Ok(self.i64c(v as u64).into()),
            Some(Known::Float(bits)) => return Ok(f64t.const_float(f64::from_bits(bits)).into()),
            _ => {}
        }
        Ok(match &e.kind {
            ExprKind::Int(v) => self.i64c(*v as u64).into(),
            ExprKind::Float(v) => f64t.const_float(*v).into(),
            ExprKind::Name(_, Res::Local(id)) => {
                let slot = ts.locals[*id].ok_or_else(|| CgError("typed local without a kind".into()))?;
                self.b.build_load(self.num_type(kind), slot, &ts.meta.meta.locals[*id].name)?
            }
            ExprKind::Paren(x) => self.t_expr(ts, x)?,
            ExprKind::Unary(op, x) => {
                let v = self.t_expr(ts, x)?;
                let aop = if *op == UnOp::Neg { ArithOp::Unm } else { ArithOp::BNot };
                match kind {
                    NumKind::Int => self.int_op(aop, v.into_int_value(), v.into_int_value())?.into(),
                    NumKind::Float => self.float_op(aop, v.into_float_value(), v.into_float_value())?.into(),
                }
            }
            ExprKind::Binary(op, a, b) => {
                let x = self.t_expr(ts, a)?;
                let y = self.t_expr(ts, b)?;
                let aop = match op {
                    BinOp::Add => ArithOp::Add,
                    BinOp::Sub => ArithOp::Sub,
                    BinOp::Mul => ArithOp::Mul,
                    BinOp::Div => ArithOp::Div,
                    BinOp::IDiv => ArithOp::IDiv,
                    BinOp::Mod => ArithOp::Mod,
                    BinOp::Pow => ArithOp::Pow,
                    BinOp::BAnd => ArithOp::BAnd,
                    BinOp::BOr => ArithOp::BOr,
                    BinOp::BXor => ArithOp::BXor,
                    _ => return Err(CgError("operator outside the typed subset".into())),
                };
                match kind {
                    NumKind::Int => {
                        let (x, y) = (x.into_int_value(), y.into_int_value());
                        match (aop, const_int(b)) {
                            // b is a non-zero constant (speculate checked); -1 would trap in sdiv
                            (ArithOp::IDiv, Some(-1)) => self.b.build_int_sub(self.i64c(0), x, "neg")?.into(),
                            (ArithOp::Mod, Some(-1)) => self.i64c(0).into(),
                            _ => self.int_op(aop, x, y)?.into(),
                        }
                    }
                    NumKind::Float => {
                        let to_f = |cg: &Self, v: BasicValueEnum<'ctx>| -> CgResult<inkwell::values::FloatValue<'ctx>> {
                            Ok(match v {
                                BasicValueEnum::IntValue(i) => cg.b.build_signed_int_to_float(i, f64t, "tof")?,
                                other => other.into_float_value(),
                            })
                        };
                        let (x, y) = (to_f(self, x)?, to_f(self, y)?);
                        self.float_op(aop, x, y)?.into()
                    }
                }
            }
            ExprKind::Call(callee, args) => {
                let (g, mut call_args) = self.t_call_args(ts, callee, args)?;
                let line = self.line_of(e.span.lo);
                let deeper = self.b.build_int_compare(IntPredicate::NE, ts.budget, self.i32c(0), "deeper")?;
                let ok = self.b.build_and(deeper, ts.frame_ok, "call_ok")?;
                let call = self.ctx.append_basic_block(ts.func, "call");
                let overflow = self.ctx.append_basic_block(ts.func, "overflow");
                self.b.build_conditional_branch(ok, call, overflow)?;
                self.b.position_at_end(overflow);
                self.b.build_call(self.rt(RtFn::TypedOverflow), &[ts.l.into(), ts.info.into(), self.i32c(line as u64).into()], "")?;
                self.b.build_unreachable()?;
                self.b.position_at_end(call);
                let budget = self.b.build_int_sub(ts.budget, self.i32c(1), "budget")?;
                call_args[1] = budget.into();
                let r = self.b.build_call(g, &call_args, "r")?;
                r.try_as_basic_value().basic().ok_or_else(|| CgError("typed entry returns".into()))?
            }
            _ => return Err(CgError("expression outside the typed subset".into())),
        })
    }
}
