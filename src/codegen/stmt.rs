//! Statements and blocks: assignment (5.4 order: targets' subexpressions, then values,
//! then stores right to left), control flow, loops, gotos, returns and `<close>`.

use inkwell::basic_block::BasicBlock;
use inkwell::values::{IntValue, PointerValue};
use inkwell::IntPredicate;

use super::expr::describe;
use super::func::{FnState, Local, LoopCtx, Versioned};
use super::runtime::RtFn;
use super::value::{offset, tag};
use super::{Access, CgError, CgResult, Codegen, IcSite, Val};
use crate::speculate::NumKind;
use crate::syntax::ast::*;

/// An assignment target with its subexpressions already evaluated.
enum Target<'ctx> {
    Local(LocalId),
    Upval(usize),
    Global(String, EnvRef),
    Index(Val<'ctx>, Val<'ctx>, Option<String>),
    Field(Val<'ctx>, Vec<u8>, Option<String>, IcSite),
}

/// The parts of a numeric `for` loop shared by its copies.
#[derive(Clone, Copy)]
struct ForLoop<'ctx, 'a> {
    var: &'a LocalDecl,
    body: &'a Block,
    /// Slots of the control value, the limit (an iteration count in integer loops), the step.
    pi: PointerValue<'ctx>,
    pl: PointerValue<'ctx>,
    ps: PointerValue<'ctx>,
    /// What lrt_forprep found: 1 an integer loop, 2 a float loop.
    kind: IntValue<'ctx>,
    int_literals: bool,
    exit: BasicBlock<'ctx>,
    /// In a specialised loop: where the next iteration of an integer loop starts (the
    /// guards are checked again there).
    next_iter: Option<BasicBlock<'ctx>>,
}

impl<'ctx> Codegen<'ctx> {
    pub(super) fn block(&mut self, fs: &mut FnState<'ctx, '_>, b: &Block) -> CgResult<()> {
        let tbc_len = fs.tbc.len();
        self.block_body(fs, b)?;
        fs.labels.pop();
        if !self.terminated() {
            self.close_tbc(fs, tbc_len)?;
        }
        fs.tbc.truncate(tbc_len);
        Ok(())
    }

    /// The statements of a block in a new label scope, left open (the caller pops it).
    fn block_body(&mut self, fs: &mut FnState<'ctx, '_>, b: &Block) -> CgResult<()> {
        self.push_labels(fs, &b.stats);
        self.statements(fs, &b.stats, b.ret.as_ref())
    }

    /// Statements and the `return` that may end them, in the current label scope.
    pub(super) fn statements(&mut self, fs: &mut FnState<'ctx, '_>, stats: &[Stat], ret: Option<&Return>) -> CgResult<()> {
        for s in stats {
            self.before_statement(fs, s)?;
            let r = self.stat(fs, s);
            fs.versioned.leave = None;
            r?;
            self.after_statement(fs, s)?;
        }
        if let Some(r) = ret {
            self.ret(fs, r)?;
            self.start_dead_block(fs);
        }
        Ok(())
    }

    /// In a loop's specialised copy: when `s` may leave for the generic copy from its slow
    /// paths (`leavable`), creates the generic copy's way in before it. In the generic
    /// copy: places that way in.
    fn before_statement(&mut self, fs: &mut FnState<'ctx, '_>, s: &Stat) -> CgResult<()> {
        let at = (s as *const Stat as usize, false);
        if !fs.versioned.in_spec {
            return self.resume_at(fs, at);
        }
        if !self.terminated() && self.leavable(fs, s) {
            let before = self.new_block(fs, "spec.leave");
            fs.versioned.resume.insert(at, before);
            fs.versioned.leave = Some(before);
        }
        Ok(())
    }

    /// Places the generic copy's way in at `at`, if the specialised copy made one.
    fn resume_at(&mut self, fs: &mut FnState<'ctx, '_>, at: (usize, bool)) -> CgResult<()> {
        if let Some(resume) = fs.versioned.resume.remove(&at) {
            if !self.terminated() {
                self.b.build_unconditional_branch(resume)?;
            }
            self.b.position_at_end(resume);
        }
        Ok(())
    }

    /// Whether a statement of a specialised copy may leave for the generic copy from any
    /// of its slow paths, so that they do not merge back into the copy: it has no effect
    /// before its last step, the assignment (or, for an `if`, before its conditions are
    /// decided), so that the generic copy may run it again whole. Its operands are
    /// constants, locals, upvalues, globals, field and index reads, arithmetic,
    /// comparisons, `not`, `and`, `or`, calls of library functions computed inline and of
    /// typed entries; it assigns locals, or one target.
    fn leavable(&self, fs: &FnState<'ctx, '_>, s: &Stat) -> bool {
        match &s.kind {
            StatKind::Local { decls, exprs } => {
                decls.iter().all(|d| d.attrib != Some(Attrib::Close)) && exprs.iter().all(|e| self.effect_free(fs, e))
            }
            StatKind::Assign { targets, exprs } => {
                let locals = targets.iter().all(|t| matches!(t.kind, ExprKind::Name(_, Res::Local(_))));
                let one = match targets.as_slice() {
                    [t] => match &t.kind {
                        ExprKind::Index(o, k) => self.effect_free(fs, o) && self.effect_free(fs, k),
                        _ => true,
                    },
                    _ => false,
                };
                (locals || one) && exprs.iter().all(|e| self.effect_free(fs, e))
            }
            // the conditions, evaluated before anything else the statement does
            StatKind::If { arms, .. } => arms.iter().all(|(c, _)| self.effect_free(fs, c)),
            _ => false,
        }
    }

    /// Whether evaluating `e` has no effect when no slow path runs (see `leavable`).
    fn effect_free(&self, fs: &FnState<'ctx, '_>, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Nil | ExprKind::True | ExprKind::False | ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) => true,
            ExprKind::Name(..) => true,
            ExprKind::Paren(x) => self.effect_free(fs, x),
            ExprKind::Index(o, k) => self.effect_free(fs, o) && self.effect_free(fs, k),
            ExprKind::Binary(op, a, b) => *op != BinOp::Concat && self.effect_free(fs, a) && self.effect_free(fs, b),
            ExprKind::Unary(op, a) => *op != UnOp::Len && self.effect_free(fs, a),
            // a library function computed inline, or a known function's typed entry (which
            // only computes on numbers); any other call leaves before it (`expr`)
            ExprKind::Call(f, args) => {
                let inline = self.facts.builtin_callee(fs.meta, f).is_some_and(|b| b.is_pure() && b.arity() == args.len());
                let typed = self
                    .facts
                    .known_callee(fs.meta, f)
                    .and_then(|g| self.facts.typed_by_key(g))
                    .is_some_and(|t| t.params.len() == args.len());
                (inline || typed) && self.effect_free(fs, f) && args.iter().all(|a| self.effect_free(fs, a))
            }
            ExprKind::Vararg | ExprKind::Function(_) | ExprKind::Table(_) | ExprKind::Method(..) => false,
        }
    }

    /// In a loop copy specialised on number kinds: checks that the locals `s` assigned
    /// still have the kinds the copy keeps (`FnState::pins`), and leaves for the generic
    /// copy after `s` when one does not. In the generic copy: places that way in.
    fn after_statement(&mut self, fs: &mut FnState<'ctx, '_>, s: &Stat) -> CgResult<()> {
        let at = (s as *const Stat as usize, true);
        if !fs.versioned.in_spec {
            return self.resume_at(fs, at);
        }
        let assigned: Vec<LocalId> = match &s.kind {
            StatKind::Local { decls, .. } => decls.iter().map(|d| d.id).collect(),
            StatKind::Assign { targets, .. } => targets
                .iter()
                .filter_map(|t| match t.kind {
                    ExprKind::Name(_, Res::Local(id)) => Some(id),
                    _ => None,
                })
                .collect(),
            _ => return Ok(()),
        };
        let mut kept = Vec::new();
        for id in assigned {
            if let (Some(&(_, k)), Some(Local::Slot(p))) = (fs.versioned.pins.iter().find(|(p, _)| *p == id), fs.locals[id]) {
                kept.push((p, if k == NumKind::Int { tag::INT } else { tag::FLT }));
            }
        }
        if kept.is_empty() || self.terminated() {
            return Ok(());
        }
        let leave = self.new_block(fs, "spec.unkept");
        fs.versioned.resume.insert(at, leave);
        let mut ok = self.ctx.bool_type().const_int(1, false);
        for &(p, t) in &kept {
            let is = self.tag_is(self.load_val(p)?, t)?;
            ok = self.b.build_and(ok, is, "kept")?;
        }
        let stay = self.new_block(fs, "spec.stay");
        self.b.build_conditional_branch(ok, stay, leave)?;
        self.b.position_at_end(stay);
        // the tags as constants, as at the copy's entry (`guard_entries`)
        for (p, t) in kept {
            let pay = self.load_val(p)?.pay;
            self.store_val(p, Val { tag: self.i64c(t), pay })?;
        }
        Ok(())
    }

    /// `if c1 then b1 elseif c2 then b2 ... else bn end`. A long chain in code that runs
    /// once leaves its tail to a piece function (`pieces.rs`).
    pub(super) fn if_chain(&mut self, fs: &mut FnState<'ctx, '_>, arms: &[(Expr, Block)], orelse: Option<&Block>) -> CgResult<()> {
        let end = self.new_block(fs, "if.end");
        let split = self.chain_split(fs, arms, orelse);
        // the conditions may leave a specialised copy (`leavable`), the arms' statements
        // decide for themselves
        let leave = fs.versioned.leave.take();
        for (c, body) in &arms[..split.unwrap_or(arms.len())] {
            let then = self.new_block(fs, "if.then");
            let next = self.new_block(fs, "if.else");
            fs.versioned.leave = leave;
            let cv = self.cond(fs, c);
            fs.versioned.leave = None;
            let cv = cv?;
            self.b.build_conditional_branch(cv, then, next)?;
            self.b.position_at_end(then);
            self.block(fs, body)?;
            if !self.terminated() {
                self.b.build_unconditional_branch(end)?;
            }
            self.b.position_at_end(next);
        }
        match (split, orelse) {
            (Some(k), _) => self.chain_tail_in_piece(fs, &arms[k..], orelse)?,
            (None, Some(body)) => self.block(fs, body)?,
            (None, None) => {}
        }
        if !self.terminated() {
            self.b.build_unconditional_branch(end)?;
        }
        self.b.position_at_end(end);
        Ok(())
    }

    /// Labels are visible in their whole block: their basic blocks are created up front.
    fn push_labels(&mut self, fs: &mut FnState<'ctx, '_>, stats: &[Stat]) {
        let tbc_len = fs.tbc.len();
        let mut labels = Vec::new();
        for s in stats {
            if let StatKind::Label(n) = &s.kind {
                labels.push((n.name.clone(), self.new_block(fs, &format!("label.{}", n.name)), tbc_len));
            }
        }
        fs.labels.push(labels);
    }

    fn stat(&mut self, fs: &mut FnState<'ctx, '_>, s: &Stat) -> CgResult<()> {
        match &s.kind {
            StatKind::Local { decls, exprs } => {
                let vals = self.list_exact(fs, exprs, decls.len())?;
                for (d, v) in decls.iter().zip(vals) {
                    self.declare_local(fs, d.id, v)?;
                    if d.attrib == Some(Attrib::Close) {
                        let p = self.local_ptr(fs, d.id)?;
                        let name = self.cstr(&d.name.name);
                        self.set_line(fs, s.span.lo)?;
                        self.b.build_call(self.rt(RtFn::TbcPush), &[fs.l.into(), p.into(), name.into()], "")?;
                        fs.tbc.push(p);
                    }
                }
            }
            StatKind::Assign { targets, exprs } => self.assign(fs, targets, exprs, s.span.lo)?,
            StatKind::Call(e) => {
                self.call(fs, e)?;
            }
            StatKind::Do(b) => self.block(fs, b)?,
            StatKind::While { cond, body } => self.while_loop(fs, cond, body, s.span.lo)?,
            StatKind::Repeat { body, cond } => {
                let bodyb = self.new_block(fs, "repeat.body");
                let exit = self.new_block(fs, "repeat.end");
                self.b.build_unconditional_branch(bodyb)?;
                self.b.position_at_end(bodyb);
                fs.loops.push(LoopCtx { exit, tbc_len: fs.tbc.len() });
                fs.loop_depth += 1;
                // The condition is inside the body's scope (it sees its locals).
                let tbc_len = fs.tbc.len();
                self.block_body(fs, body)?;
                let c = self.cond(fs, cond)?;
                fs.labels.pop();
                let again = self.new_block(fs, "repeat.again");
                let leave = self.new_block(fs, "repeat.leave");
                self.b.build_conditional_branch(c, leave, again)?;
                self.b.position_at_end(again);
                self.close_tbc(fs, tbc_len)?;
                self.b.build_unconditional_branch(bodyb)?;
                self.b.position_at_end(leave);
                self.close_tbc(fs, tbc_len)?;
                self.b.build_unconditional_branch(exit)?;
                fs.tbc.truncate(tbc_len);
                fs.loops.pop();
                fs.loop_depth -= 1;
                self.b.position_at_end(exit);
            }
            StatKind::If { arms, orelse } => self.if_chain(fs, arms, orelse.as_ref())?,
            StatKind::NumFor { var, start, limit, step, body } => {
                // (start, limit and step run once, but are small)
                fs.loop_depth += 1;
                let r = self.num_for(fs, var, start, limit, step.as_ref(), body, s.span.lo);
                fs.loop_depth -= 1;
                r?
            }
            StatKind::GenFor { vars, exprs, body } => {
                fs.loop_depth += 1;
                let r = self.gen_for(fs, vars, exprs, body, s.span.lo);
                fs.loop_depth -= 1;
                r?
            }
            StatKind::Function { target, func } => {
                let t = self.target(fs, target)?;
                let v = self.closure(fs, func)?;
                self.store_target(fs, t, v, s.span.lo)?;
            }
            StatKind::LocalFunction { decl, func } => {
                // Declared first so that the function can call itself.
                let nil = self.nil();
                self.declare_local(fs, decl.id, nil)?;
                let v = self.closure(fs, func)?;
                self.write_local(fs, decl.id, v)?;
            }
            StatKind::Goto(name) => {
                let found = fs.labels.iter().rev().flat_map(|l| l.iter()).find(|(n, _, _)| *n == name.name).map(|(_, bb, t)| (*bb, *t));
                let (bb, keep) = found.ok_or_else(|| CgError(format!("no label {}", name.name)))?;
                self.close_tbc(fs, keep)?;
                self.b.build_unconditional_branch(bb)?;
                self.start_dead_block(fs);
            }
            StatKind::Label(name) => {
                let bb = fs.labels.last().and_then(|l| l.iter().find(|(n, _, _)| *n == name.name)).map(|(_, bb, _)| *bb);
                let bb = bb.ok_or_else(|| CgError(format!("label {} not created", name.name)))?;
                if !self.terminated() {
                    self.b.build_unconditional_branch(bb)?;
                }
                self.b.position_at_end(bb);
            }
            StatKind::Break => {
                let lp = fs.loops.last().ok_or_else(|| CgError("break outside a loop".into()))?;
                let (exit, keep) = (lp.exit, lp.tbc_len);
                self.close_tbc(fs, keep)?;
                self.b.build_unconditional_branch(exit)?;
                self.start_dead_block(fs);
            }
        }
        Ok(())
    }

    fn ret(&mut self, fs: &mut FnState<'ctx, '_>, r: &Return) -> CgResult<()> {
        if r.exprs.len() == 1 && matches!(r.exprs[0].kind, ExprKind::Call(..) | ExprKind::Method(..)) && fs.tbc.is_empty() {
            return self.tail_call(fs, &r.exprs[0]);
        }
        if r.exprs.last().is_some_and(|e| e.is_multi()) {
            let (area, n) = self.push_list(fs, &r.exprs, &[])?;
            return self.return_area(fs, area, n);
        }
        let mut vals = Vec::new();
        for e in &r.exprs {
            vals.push(self.expr(fs, e)?);
        }
        fs.frame_slots = fs.frame_slots.max(vals.len() as u32 + 1);
        for (i, v) in vals.iter().enumerate() {
            self.store_val(self.slot(fs.base, self.i64c(i as u64))?, *v)?;
        }
        self.emit_return(fs, self.i32c(vals.len() as u64))
    }

    fn target(&mut self, fs: &mut FnState<'ctx, '_>, t: &Expr) -> CgResult<Target<'ctx>> {
        match &t.kind {
            ExprKind::Name(_, Res::Local(id)) => Ok(Target::Local(*id)),
            ExprKind::Name(_, Res::Upval(i)) => Ok(Target::Upval(*i)),
            ExprKind::Name(n, Res::Global(env)) => Ok(Target::Global(n.clone(), *env)),
            ExprKind::Index(obj, key) => {
                let o = self.expr(fs, obj)?;
                if let ExprKind::Str(s) = &key.kind {
                    return Ok(Target::Field(o, s.clone(), describe(obj), IcSite::of(obj, t.span.lo)));
                }
                let k = self.expr(fs, key)?;
                Ok(Target::Index(o, k, describe(obj)))
            }
            _ => Err(CgError("cannot assign to this expression".into())),
        }
    }

    fn store_target(&mut self, fs: &mut FnState<'ctx, '_>, t: Target<'ctx>, v: Val<'ctx>, pos: u32) -> CgResult<()> {
        match t {
            Target::Local(id) => self.write_local(fs, id, v),
            Target::Upval(i) => {
                let p = self.upval_ptr(fs, i)?;
                self.store_val(p, v)?;
                self.gc_barrier_value(fs, fs.upvals[i], v)
            }
            Target::Global(name, EnvRef::Default) => {
                let g = self.globals(fs)?;
                self.set_field(fs, g, name.as_bytes(), v, None, Access { pos, cache: IcSite::Globals })
            }
            Target::Global(name, env) => {
                let envp = match env {
                    EnvRef::Local(id) => self.local_ptr(fs, id)?,
                    EnvRef::Upval(i) => self.upval_ptr(fs, i)?,
                    EnvRef::Default => return Err(CgError("default _ENV handled above".into())),
                };
                let envv = self.load_val(envp)?;
                let k = self.string_const(name.as_bytes())?;
                self.set_index(fs, envv, k, v, Some("upvalue '_ENV'".into()), pos)
            }
            Target::Index(o, k, d) => self.set_index(fs, o, k, v, d, pos),
            Target::Field(o, key, d, cache) => self.set_field(fs, o, &key, v, d, Access { pos, cache }),
        }
    }

    fn assign(&mut self, fs: &mut FnState<'ctx, '_>, targets: &[Expr], exprs: &[Expr], pos: u32) -> CgResult<()> {
        let mut ts = Vec::new();
        for t in targets {
            ts.push(self.target(fs, t)?);
        }
        let vals = self.list_exact(fs, exprs, targets.len())?;
        for (t, v) in ts.into_iter().zip(vals).rev() {
            self.store_target(fs, t, v, pos)?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn num_for(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        var: &LocalDecl,
        start: &Expr,
        limit: &Expr,
        step: Option<&Expr>,
        body: &Block,
        pos: u32,
    ) -> CgResult<()> {
        let v0 = self.expr(fs, start)?;
        let vl = self.expr(fs, limit)?;
        let vs = match step {
            Some(e) => self.expr(fs, e)?,
            None => self.cval(tag::INT, 1),
        };
        // With integer literals for start and step the loop is an integer loop whenever
        // it runs at all (lvm.c forprep), so the control variable's tag is known.
        let int_literals = matches!(start.kind, ExprKind::Int(_)) && step.is_none_or(|e| matches!(e.kind, ExprKind::Int(_)));
        let pi = self.spill(fs, v0)?;
        let pl = self.spill(fs, vl)?;
        let ps = self.spill(fs, vs)?;
        let kind = self.for_prep(fs, v0, vl, step, (pi, pl, ps), pos)?;
        // The loop runs on copies that no call sees, so that they live in registers.
        let (pi, pl, ps) = (self.respill(fs, pi)?, self.respill(fs, pl)?, self.respill(fs, ps)?);
        let bodyb = self.new_block(fs, "for.body");
        let cont = self.new_block(fs, "for.next");
        let exit = self.new_block(fs, "for.end");
        let skip = self.b.build_int_compare(IntPredicate::EQ, kind, self.i32c(0), "skip")?;
        let Some(slots) = self.loop_slots(fs, pos) else {
            self.b.build_conditional_branch(skip, exit, bodyb)?;
            let lp = ForLoop { var, body, pi, pl, ps, kind, int_literals, exit, next_iter: None };
            self.num_for_copy(fs, &lp, bodyb, cont)?;
            self.b.position_at_end(exit);
            return Ok(());
        };
        // A copy specialised on the speculate pass's number kinds: the locals' tags are
        // checked once here, then stored as constants so that LLVM folds the tag tests of
        // the copy; when a check fails, the generic copy runs.
        let guard = self.new_block(fs, "for.guard");
        let spec = self.new_block(fs, "for.spec");
        let spec_body = self.new_block(fs, "for.sbody");
        let spec_cont = self.new_block(fs, "for.snext");
        let recheck = self.new_block(fs, "for.recheck");
        let respec = self.new_block(fs, "for.respec");
        let srecheck = self.new_block(fs, "for.srecheck");
        let srespec = self.new_block(fs, "for.srespec");
        self.b.build_conditional_branch(skip, exit, guard)?;
        let shadows = self.float_shadows(fs, &slots)?;
        let entries = [(guard, spec, true), (recheck, respec, true), (srecheck, srespec, false)];
        self.guard_entries(&slots, &shadows, &entries, spec_body, bodyb)?;
        // Both copies check the guards again before each iteration of an integer loop: the
        // generic copy moves to the specialised one once the kinds settle (`local sum = 0`
        // becomes a float after one iteration), and the specialised copy leaves for the
        // generic one when a slow path (a metamethod) changed a kind, so that inside it the
        // tags are constants on every path. Each copy re-checks in a block of its own:
        // sending both back through the entry's `guard` made mandelbrot 1.7x slower.
        let lp = ForLoop { var, body, pi, pl, ps, kind, int_literals, exit, next_iter: Some(srecheck) };
        let outer = fs.shadows.len();
        fs.shadows.extend(shadows);
        fs.versioned = Versioned { in_spec: true, pins: self.facts.loop_pins(fs.meta, pos).to_vec(), ..Versioned::default() };
        let r = self.num_for_copy(fs, &lp, spec_body, spec_cont);
        fs.shadows.truncate(outer);
        fs.versioned.in_spec = false;
        r?;
        let lp = ForLoop { next_iter: Some(recheck), ..lp };
        self.generic_copy(fs, |cg, fs| cg.num_for_copy(fs, &lp, bodyb, cont))?;
        self.resumed_all(fs)?;
        self.b.position_at_end(exit);
        Ok(())
    }

    /// The locals (with their slots) whose kinds the speculate pass guards in a specialised
    /// copy of the loop at `pos`, if it chose one and codegen versions loops (-O Release).
    fn loop_slots(&self, fs: &FnState<'ctx, '_>, pos: u32) -> Option<Vec<(LocalId, PointerValue<'ctx>, NumKind)>> {
        if !self.version_loops {
            return None;
        }
        let guards = self.facts.loop_guards(fs.meta, pos)?;
        guards.iter().map(|(id, k)| self.local_ptr(fs, *id).ok().map(|p| (*id, p, *k))).collect()
    }

    /// The ways into a loop's specialised copy. Each of `entries` is a block that checks
    /// whether every local of `slots` has its kind's tag, the block it goes to if so, and
    /// whether that comes from outside the copy; that block stores the tags as constants
    /// (so that LLVM folds the copy's tag tests) and, from outside, the float shadows from
    /// the payloads (inside, the copy kept them up to date itself), then goes to `spec`.
    /// A failed check goes to `generic`.
    fn guard_entries(
        &self,
        slots: &[(LocalId, PointerValue<'ctx>, NumKind)],
        shadows: &[(LocalId, PointerValue<'ctx>)],
        entries: &[(BasicBlock<'ctx>, BasicBlock<'ctx>, bool)],
        spec: BasicBlock<'ctx>,
        generic: BasicBlock<'ctx>,
    ) -> CgResult<()> {
        let want = |k: NumKind| if k == NumKind::Int { tag::INT } else { tag::FLT };
        for &(at, pass, from_outside) in entries {
            self.b.position_at_end(at);
            let mut ok = self.ctx.bool_type().const_int(1, false);
            for (_, p, k) in slots {
                let t = self.load_val(*p)?.tag;
                let is = self.b.build_int_compare(IntPredicate::EQ, t, self.i64c(want(*k)), "guard")?;
                ok = self.b.build_and(ok, is, "guards")?;
            }
            self.b.build_conditional_branch(ok, pass, generic)?;
            self.b.position_at_end(pass);
            for (id, p, k) in slots {
                let pay = self.load_val(*p)?.pay;
                self.store_val(*p, Val { tag: self.i64c(want(*k)), pay })?;
                if let Some((_, sh)) = shadows.iter().find(|(s, _)| s == id && from_outside) {
                    self.b.build_store(*sh, self.b.build_bit_cast(pay, self.ctx.f64_type(), "shf")?)?;
                }
            }
            self.b.build_unconditional_branch(spec)?;
        }
        Ok(())
    }

    /// A `while` loop: the condition and body, in two copies when the speculate pass chose
    /// one specialised on locals' number kinds (as `num_for`'s): each copy evaluates the
    /// condition itself, and checks the guards again at the end of each iteration, so that
    /// the generic copy moves to the specialised one once the kinds settle and the
    /// specialised one leaves for the generic one when a slow path changed a kind.
    fn while_loop(&mut self, fs: &mut FnState<'ctx, '_>, cond: &Expr, body: &Block, pos: u32) -> CgResult<()> {
        let head = self.new_block(fs, "while.cond");
        let bodyb = self.new_block(fs, "while.body");
        let exit = self.new_block(fs, "while.end");
        let Some(slots) = self.loop_slots(fs, pos) else {
            self.b.build_unconditional_branch(head)?;
            return self.while_copy(fs, cond, body, (head, bodyb, exit), head);
        };
        let guard = self.new_block(fs, "while.guard");
        let spec = self.new_block(fs, "while.spec");
        let spec_head = self.new_block(fs, "while.scond");
        let spec_body = self.new_block(fs, "while.sbody");
        let recheck = self.new_block(fs, "while.recheck");
        let respec = self.new_block(fs, "while.respec");
        let srecheck = self.new_block(fs, "while.srecheck");
        let srespec = self.new_block(fs, "while.srespec");
        self.b.build_unconditional_branch(guard)?;
        let shadows = self.float_shadows(fs, &slots)?;
        let entries = [(guard, spec, true), (recheck, respec, true), (srecheck, srespec, false)];
        self.guard_entries(&slots, &shadows, &entries, spec_head, head)?;
        let outer = fs.shadows.len();
        fs.shadows.extend(shadows);
        fs.versioned = Versioned { in_spec: true, pins: self.facts.loop_pins(fs.meta, pos).to_vec(), ..Versioned::default() };
        let r = self.while_copy(fs, cond, body, (spec_head, spec_body, exit), srecheck);
        fs.shadows.truncate(outer);
        fs.versioned.in_spec = false;
        r?;
        self.generic_copy(fs, |cg, fs| cg.while_copy(fs, cond, body, (head, bodyb, exit), recheck))?;
        self.resumed_all(fs)
    }

    /// Generates the generic copy of a loop that also has a specialised one, with field
    /// reads, indexing and calls through the runtime instead of inline caches and fast
    /// paths (`inline_paths`; arithmetic stays inline, see `arith`). The copy runs until
    /// the guards hold (the first iteration of `local s = 0` summing floats) and for the
    /// rest of an iteration that left the specialised copy, so its speed counts less, and
    /// its fast paths were most of the code that specialised loops add: kernels' compile
    /// work 5.6% less (11.96 → 11.29 billion instructions), heapsort 0-3% slower (its
    /// sift-down loop runs this copy often), the other benchmarks within noise.
    fn generic_copy(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        copy: impl FnOnce(&mut Self, &mut FnState<'ctx, '_>) -> CgResult<()>,
    ) -> CgResult<()> {
        fs.runtime_only += 1;
        let r = copy(self, fs);
        fs.runtime_only -= 1;
        r
    }

    /// After a loop's generic copy: every way out of the specialised copy has its place.
    fn resumed_all(&self, fs: &mut FnState<'ctx, '_>) -> CgResult<()> {
        let done = std::mem::take(&mut fs.versioned);
        if done.resume.is_empty() {
            return Ok(());
        }
        Err(CgError("a specialised loop leaves for a statement its generic copy lacks".into()))
    }

    /// One copy of a `while` loop: the condition at `head`, the body at `bodyb` going on to
    /// `next` (the condition, or a guard check), `exit` when the condition fails or on
    /// `break`. Leaves the builder at `exit`.
    fn while_copy(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        cond: &Expr,
        body: &Block,
        (head, bodyb, exit): (BasicBlock<'ctx>, BasicBlock<'ctx>, BasicBlock<'ctx>),
        next: BasicBlock<'ctx>,
    ) -> CgResult<()> {
        self.b.position_at_end(head);
        fs.loop_depth += 1;
        let c = self.cond(fs, cond)?;
        self.b.build_conditional_branch(c, bodyb, exit)?;
        self.b.position_at_end(bodyb);
        fs.loops.push(LoopCtx { exit, tbc_len: fs.tbc.len() });
        let r = self.block(fs, body);
        fs.loops.pop();
        fs.loop_depth -= 1;
        r?;
        if !self.terminated() {
            self.b.build_unconditional_branch(next)?;
        }
        self.b.position_at_end(exit);
        Ok(())
    }

    /// The float shadows of a specialised loop copy: one `double` slot for each local the
    /// copy speculates to be a float. Its payload is read from the shadow and written to
    /// both, so the shadow always holds the same bits and nothing else changes; but LLVM
    /// then carries the value around the loop in a floating-point register, where the
    /// `i64` payload alone costs two moves between register files on every iteration's
    /// critical path (spectral_norm 2x). Captured locals live in boxes that closures write:
    /// they get no shadow.
    fn float_shadows(
        &self,
        fs: &FnState<'ctx, '_>,
        slots: &[(LocalId, PointerValue<'ctx>, NumKind)],
    ) -> CgResult<Vec<(LocalId, PointerValue<'ctx>)>> {
        let mut out = Vec::new();
        for (id, _, k) in slots {
            let unboxed = matches!(fs.locals.get(*id).copied().flatten(), Some(Local::Slot(_)));
            if *k == NumKind::Float && unboxed {
                let sh = match fs.views[*id] {
                    Some(view) => view, // one slot: every write keeps it equal to the payload
                    None => self.alloca_f64(fs, &format!("{}.f", fs.meta.meta.locals[*id].name))?,
                };
                out.push((*id, sh));
            }
        }
        Ok(out)
    }

    fn respill(&self, fs: &FnState<'ctx, '_>, p: PointerValue<'ctx>) -> CgResult<PointerValue<'ctx>> {
        let v = self.load_val(p)?;
        self.spill(fs, v)
    }

    /// lvm.c's forprep: 0 when the loop does not run, 1 for an integer loop (the limit slot
    /// then holds the iteration count), 2 for a float loop. The common case, integer start
    /// and limit with a positive constant step, is inline; the rest is lrt_forprep.
    fn for_prep(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        v0: Val<'ctx>,
        vl: Val<'ctx>,
        step: Option<&Expr>,
        (pi, pl, ps): (PointerValue<'ctx>, PointerValue<'ctx>, PointerValue<'ctx>),
        pos: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let st = match step.map(|e| &e.kind) {
            None => Some(1),
            Some(ExprKind::Int(k)) if *k > 0 => Some(*k),
            _ => None,
        };
        let slow = self.new_block(fs, "forprep.slow");
        let done = self.new_block(fs, "forprep.done");
        let mut incoming = Vec::new();
        if let Some(st) = st {
            let fast = self.new_block(fs, "forprep.int");
            let ints = self.b.build_and(self.tag_is(v0, tag::INT)?, self.tag_is(vl, tag::INT)?, "ints")?;
            self.b.build_conditional_branch(ints, fast, slow)?;
            self.b.position_at_end(fast);
            let runs = self.b.build_int_compare(IntPredicate::SLE, v0.pay, vl.pay, "runs")?;
            let span = self.b.build_int_sub(vl.pay, v0.pay, "span")?;
            let count = if st == 1 { span } else { self.b.build_int_unsigned_div(span, self.i64c(st as u64), "count")? };
            self.store_val(pl, Val { tag: self.i64c(tag::INT), pay: count })?;
            let k = self.b.build_select(runs, self.i32c(1), self.i32c(0), "kind")?.into_int_value();
            incoming.push((k, self.cur_block()?));
            self.b.build_unconditional_branch(done)?;
        } else {
            self.b.build_unconditional_branch(slow)?;
        }
        self.b.position_at_end(slow);
        self.set_line(fs, pos)?;
        let k = self.b.build_call(self.rt(RtFn::ForPrep), &[fs.l.into(), pi.into(), pl.into(), ps.into()], "forkind")?;
        let k = k.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_forprep returns".into()))?.into_int_value();
        incoming.push((k, self.cur_block()?));
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(self.i32t, "forkind")?;
        for (v, bb) in &incoming {
            phi.add_incoming(&[(v, *bb)]);
        }
        Ok(phi.as_basic_value().into_int_value())
    }

    /// One copy of a numeric loop: the body entered at `bodyb`, and the step at `cont`.
    fn num_for_copy(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        lp: &ForLoop<'ctx, '_>,
        bodyb: BasicBlock<'ctx>,
        cont: BasicBlock<'ctx>,
    ) -> CgResult<()> {
        let ForLoop { var, body, pi, pl, ps, kind, int_literals, exit, next_iter } = *lp;
        self.b.position_at_end(bodyb);
        let is_int = self.b.build_int_compare(IntPredicate::EQ, kind, self.i32c(1), "isint")?;
        let idx = self.load_val(pi)?;
        let tagv = if int_literals {
            self.i64c(tag::INT)
        } else {
            self.b.build_select(is_int, self.i64c(tag::INT), self.i64c(tag::FLT), "ftag")?.into_int_value()
        };
        self.declare_local(fs, var.id, Val { tag: tagv, pay: idx.pay })?;
        fs.loops.push(LoopCtx { exit, tbc_len: fs.tbc.len() });
        self.block(fs, body)?;
        fs.loops.pop();
        if !self.terminated() {
            self.b.build_unconditional_branch(cont)?;
        }
        self.b.position_at_end(cont);
        // again here: the specialised copy may leave for this one in the middle of the body
        let is_int = self.b.build_int_compare(IntPredicate::EQ, kind, self.i32c(1), "isint")?;
        let int_next = self.new_block(fs, "for.inext");
        let flt_next = self.new_block(fs, "for.fnext");
        if int_literals {
            self.b.build_unconditional_branch(int_next)?;
        } else {
            self.b.build_conditional_branch(is_int, int_next, flt_next)?;
        }
        // integer loop: the limit slot holds the remaining iteration count
        self.b.position_at_end(int_next);
        let count = self.load_val(pl)?.pay;
        let more = self.b.build_int_compare(IntPredicate::NE, count, self.i64c(0), "more")?;
        let step_i = self.load_val(ps)?.pay;
        let cur = self.load_val(pi)?;
        let next = self.b.build_int_add(cur.pay, step_i, "inext")?;
        let count1 = self.b.build_int_sub(count, self.i64c(1), "count1")?;
        self.store_val(pl, Val { tag: self.i64c(tag::INT), pay: count1 })?;
        self.store_val(pi, Val { tag: self.i64c(tag::INT), pay: next })?;
        self.b.build_conditional_branch(more, next_iter.unwrap_or(bodyb), exit)?;
        // float loop
        self.b.position_at_end(flt_next);
        let f64t = self.ctx.f64_type();
        let fcur = self.b.build_bit_cast(self.load_val(pi)?.pay, f64t, "fcur")?.into_float_value();
        let fstep = self.b.build_bit_cast(self.load_val(ps)?.pay, f64t, "fstep")?.into_float_value();
        let flim = self.b.build_bit_cast(self.load_val(pl)?.pay, f64t, "flim")?.into_float_value();
        let fnext = self.b.build_float_add(fcur, fstep, "fnext")?;
        let fbits = self.b.build_bit_cast(fnext, self.i64t, "fbits")?.into_int_value();
        self.store_val(pi, Val { tag: self.i64c(tag::FLT), pay: fbits })?;
        let zero = f64t.const_float(0.0);
        let up = self.b.build_float_compare(inkwell::FloatPredicate::OGT, fstep, zero, "up")?;
        let c1 = self.b.build_float_compare(inkwell::FloatPredicate::OLE, fnext, flim, "c1")?;
        let c2 = self.b.build_float_compare(inkwell::FloatPredicate::OLE, flim, fnext, "c2")?;
        let go = self.b.build_select(up, c1, c2, "go")?.into_int_value();
        self.b.build_conditional_branch(go, bodyb, exit)?;
        Ok(())
    }

    /// One step of a generic `for` over `ipairs(t)`, `pairs(t)` or `next, t`, when the
    /// iterator is the library's: ipairs's over a table without a metatable reads the
    /// array part inline, `next` (what pairs returns) is called as a C function that
    /// resumes where it left off (`at`); any other iterator, or a step ipairs's cannot take
    /// inline (a metatable, an index past the array part), is called as Lua calls it.
    /// Returns the values of the loop's `nvars` variables (the first nil at the end).
    #[allow(clippy::too_many_arguments)]
    fn library_step(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        iter: LibraryIter,
        (f, s, c): (Val<'ctx>, Val<'ctx>, Val<'ctx>),
        area: PointerValue<'ctx>,
        at: PointerValue<'ctx>,
        desc: Option<String>,
        nvars: usize,
    ) -> CgResult<Vec<Val<'ctx>>> {
        let generic = self.new_block(fs, "gfor.generic");
        let done = self.new_block(fs, "gfor.step");
        let mut incoming: Vec<Vec<(Val<'ctx>, BasicBlock<'ctx>)>> = vec![Vec::new(); nvars];
        let is_fn = self.tag_is(f, tag::FUNC)?;
        let table = self.tag_is(s, tag::TABLE)?;
        let fn_table = self.b.build_and(is_fn, table, "fntable")?;
        if iter == LibraryIter::Ipairs {
            self.ipairs_step(fs, (f, s, c), fn_table, generic, done, &mut incoming)?;
        } else {
            let next = self.new_block(fs, "gfor.next");
            let nextf = self.builtin_closure(super::call::LRT_B_NEXT)?;
            let is_next = self.b.build_int_compare(IntPredicate::EQ, f.pay, nextf, "isnext")?;
            let ok = self.b.build_and(fn_table, is_next, "nexttable")?;
            self.b.build_conditional_branch(ok, next, generic)?;
            // next: the C function, without the call of a Lua value
            self.b.position_at_end(next);
            let t = self.b.build_int_to_ptr(s.pay, self.ptrt, "t")?;
            let r = self.b.build_call(self.rt(RtFn::Next), &[fs.l.into(), t.into(), area.into(), at.into()], "n")?;
            let n = r.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_next returns".into()))?.into_int_value();
            let bb = self.cur_block()?;
            for (inc, v) in incoming.iter_mut().zip(self.results(area, n, nvars)?) {
                inc.push((v, bb));
            }
            self.b.build_unconditional_branch(done)?;
        }
        self.b.position_at_end(generic);
        let n = self.call_value(fs, f, area, self.i32c(2), desc)?;
        let bb = self.cur_block()?;
        for (inc, v) in incoming.iter_mut().zip(self.results(area, n, nvars)?) {
            inc.push((v, bb));
        }
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        incoming.into_iter().map(|inc| self.merge(inc)).collect()
    }

    /// ipairs's step inline: t[c + 1] from the array part of a table without a metatable,
    /// a nil value ending the loop; every other case goes to `generic`.
    #[allow(clippy::type_complexity)]
    fn ipairs_step(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        (f, s, c): (Val<'ctx>, Val<'ctx>, Val<'ctx>),
        fn_table: IntValue<'ctx>,
        generic: BasicBlock<'ctx>,
        done: BasicBlock<'ctx>,
        incoming: &mut [Vec<(Val<'ctx>, BasicBlock<'ctx>)>],
    ) -> CgResult<()> {
        let ipairs = self.new_block(fs, "gfor.ipairs");
        let array = self.new_block(fs, "gfor.array");
        let aux = self.builtin_closure(super::call::LRT_B_IPAIRSAUX)?;
        let is_aux = self.b.build_int_compare(IntPredicate::EQ, f.pay, aux, "isaux")?;
        let ok = self.b.build_and(fn_table, is_aux, "auxtable")?;
        let ok = self.b.build_and(ok, self.tag_is(c, tag::INT)?, "auxint")?;
        self.b.build_conditional_branch(ok, ipairs, generic)?;
        self.b.position_at_end(ipairs);
        let t = self.b.build_int_to_ptr(s.pay, self.ptrt, "t")?;
        let meta = self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_META)?, "meta")?.into_pointer_value();
        let asize = self.b.build_load(self.i64t, self.byte_gep(t, offset::TABLE_ASIZE)?, "asize")?.into_int_value();
        let inr = self.b.build_int_compare(IntPredicate::ULT, c.pay, asize, "inarray")?;
        let ok = self.b.build_and(self.b.build_is_null(meta, "nometa")?, inr, "inline")?;
        self.b.build_conditional_branch(ok, array, generic)?;
        self.b.position_at_end(array);
        let arr = self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_ARR)?, "arr")?.into_pointer_value();
        let v = self.load_val(self.slot(arr, c.pay)?)?;
        let i = self.b.build_int_add(c.pay, self.i64c(1), "i")?;
        let is_nil = self.tag_is(v, tag::NIL)?;
        let key = self.select_val(is_nil, self.nil(), Val { tag: self.i64c(tag::INT), pay: i })?;
        let bb = self.cur_block()?;
        let results = [key, v];
        for (k, inc) in incoming.iter_mut().enumerate() {
            inc.push((results.get(k).copied().unwrap_or(self.nil()), bb));
        }
        self.b.build_unconditional_branch(done)?;
        Ok(())
    }

    fn gen_for(&mut self, fs: &mut FnState<'ctx, '_>, vars: &[LocalDecl], exprs: &[Expr], body: &Block, pos: u32) -> CgResult<()> {
        let init = self.list_exact(fs, exprs, 4)?;
        let pf = self.spill(fs, init[0])?;
        let pst = self.spill(fs, init[1])?;
        let pc = self.spill(fs, init[2])?;
        let closing = self.spill(fs, init[3])?;
        let tbc_outer = fs.tbc.len();
        if !matches!(exprs.len(), 1..=3) || exprs.last().is_some_and(|e| e.is_multi()) {
            let name = self.cstr("(for state)");
            self.b.build_call(self.rt(RtFn::TbcPush), &[fs.l.into(), closing.into(), name.into()], "")?;
            fs.tbc.push(closing);
        }
        let head = self.new_block(fs, "gfor.call");
        let bodyb = self.new_block(fs, "gfor.body");
        let exit = self.new_block(fs, "gfor.end");
        // where `next` left off (library_step), where the library's iterators step inline
        let iter = LibraryIter::of(exprs);
        let at = if self.inline_paths(fs) && iter.is_some() {
            let at = self.entry_alloca(fs, self.i64t, "next.at")?;
            self.b.build_store(at, self.i64c(0))?;
            Some(at)
        } else {
            None
        };
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(head);
        let area = self.slot(fs.ftop, self.i64c(fs.depth as u64))?;
        fs.frame_slots = fs.frame_slots.max(fs.depth + 3 + vars.len() as u32);
        let s = self.load_val(pst)?;
        let c = self.load_val(pc)?;
        self.store_val(area, s)?;
        self.store_val(self.slot(area, self.i64c(1))?, c)?;
        let f = self.load_val(pf)?;
        // the iterator's argument errors name it as lua5.4 does ('for iterator')
        let desc = Some("for iterator 'for iterator'".to_string());
        self.set_call_site(fs, &desc, pos)?;
        let vals = match (at, iter) {
            (Some(at), Some(iter)) => self.library_step(fs, iter, (f, s, c), area, at, desc, vars.len())?,
            _ => {
                let n = self.call_value(fs, f, area, self.i32c(2), desc)?;
                self.results(area, n, vars.len())?
            }
        };
        let is_nil = self.tag_is(vals[0], tag::NIL)?;
        self.store_val(pc, vals[0])?;
        self.b.build_conditional_branch(is_nil, exit, bodyb)?;
        self.b.position_at_end(bodyb);
        for (d, v) in vars.iter().zip(vals) {
            self.declare_local(fs, d.id, v)?;
        }
        // `break` closes only the body's variables; the exit closes the loop state.
        fs.loops.push(LoopCtx { exit, tbc_len: fs.tbc.len() });
        self.block(fs, body)?;
        fs.loops.pop();
        if !self.terminated() {
            self.b.build_unconditional_branch(head)?;
        }
        self.b.position_at_end(exit);
        self.close_tbc(fs, tbc_outer)?;
        fs.tbc.truncate(tbc_outer);
        Ok(())
    }
}

/// The library iterator a generic `for` names: `ipairs(t)`, `pairs(t)` or `next, t`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LibraryIter {
    Ipairs,
    Next,
}

impl LibraryIter {
    fn of(exprs: &[Expr]) -> Option<LibraryIter> {
        let global = |e: &Expr, name: &str| matches!(&e.kind, ExprKind::Name(n, Res::Global(_)) if n == name);
        match exprs {
            [e] => match &e.kind {
                ExprKind::Call(f, args) if args.len() == 1 && global(f, "ipairs") => Some(LibraryIter::Ipairs),
                ExprKind::Call(f, args) if args.len() == 1 && global(f, "pairs") => Some(LibraryIter::Next),
                _ => None,
            },
            [f, ..] if global(f, "next") => Some(LibraryIter::Next),
            _ => None,
        }
    }
}
