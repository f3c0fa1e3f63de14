//! Long functions in pieces. LLVM's instruction selection and register allocation cost
//! more than linearly in the size of one function, and one function is one thread's work:
//! a script of thousands of top-level statements (a configuration, a generated data file, a
//! long test script) was one huge `flua_main`, and 5,000 `o:add(i)` lines took 7.9 s at
//! -O Release (9 s inside a `local function setup()`). The body of such a function, when
//! it runs once per call (a chunk, or a function too large to count as hot), is generated
//! as a sequence of piece functions, each holding a run of consecutive top-level
//! statements, which the function itself calls in order.
//!
//! A piece shares the function's call-info and value-stack frame (it is not a Lua call:
//! errors and tracebacks name the function). Parameters and top-level locals live in a
//! frame array of the function's native frame between pieces: a piece copies in the ones it
//! uses (into locals of its own, which LLVM keeps in registers as before) and copies out,
//! when it falls through, those a later piece uses. A captured local's frame slot holds its
//! `UpVal *` box, so that closures and every piece share the box; upvalues are read from
//! the closure, which each piece receives. A `return` inside a piece finishes the function
//! (restores the call-info and stack top) and returns its result count, which the function
//! returns in turn; a piece that falls through returns -1. A tail call in a piece is an
//! ordinary call (a `musttail` call needs the function's own signature).
//!
//! A to-be-closed variable at the top level is held by the runtime once declared
//! (`lrt_tbc_push` copies its value), so it may stay pending across pieces: each piece is
//! told how many are, so that a `return` in it closes them, and the function's own end
//! closes them otherwise. Functions with top-level labels or a local `_ENV` stay whole (a
//! `goto` or a global read through a local would cross pieces).
//!
//! Two single statements can be long too, and get pieces of their own in such code: a table
//! constructor of hundreds of items (`constructor_in_pieces`: pieces evaluate and store the
//! items) and an `if`/`elseif` chain of hundreds of arms (`chain_tail_in_piece`: the tail of
//! the chain is a piece, whose own tail may be another).

use std::collections::{HashMap, HashSet};

use inkwell::attributes::AttributeLoc;
use inkwell::module::Linkage;
use inkwell::values::{BasicMetadataValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::IntPredicate;

use super::func::{FnState, Local};
use super::runtime::RtFn;
use super::value::{offset, tag};
use super::{CgError, CgResult, Codegen, Val};
use crate::syntax::ast::{Attrib, Block, Expr, ExprKind, Field, Function, LocalId, Res, Stat, StatKind, UpvalFrom};
use crate::syntax::walk::{for_each_stat, walk_block, walk_expr, walk_stat, Node};

/// The locals of the function that statements read, assign or capture.
fn used_locals(stats: &[Stat], ret: Option<&crate::syntax::ast::Return>) -> HashSet<LocalId> {
    let mut used = HashSet::new();
    for s in stats {
        walk_stat(s, &mut |n| note_use(n, &mut used));
    }
    if let Some(r) = ret {
        r.exprs.iter().for_each(|e| walk_expr(e, &mut |n| note_use(n, &mut used)));
    }
    used
}

/// The locals that top-level statements declare.
fn declared_locals(stats: &[Stat]) -> Vec<LocalId> {
    let mut out = Vec::new();
    for s in stats {
        match &s.kind {
            StatKind::Local { decls, .. } => out.extend(decls.iter().map(|d| d.id)),
            StatKind::LocalFunction { decl, .. } => out.push(decl.id),
            _ => {}
        }
    }
    out
}

impl<'ctx> Codegen<'ctx> {
    /// The body of `f` (whose function `fs` is being generated) as the pieces `runs` of its
    /// top-level statements; see the module's comment.
    pub(super) fn body_in_pieces(&mut self, fs: &mut FnState<'ctx, '_>, f: &Function, runs: &[std::ops::Range<usize>]) -> CgResult<()> {
        let stats = &f.body.stats;
        let last = runs.len() - 1;
        let ret_of = |k: usize| if k == last { f.body.ret.as_ref() } else { None };
        let used: Vec<HashSet<LocalId>> = runs.iter().enumerate().map(|(k, r)| used_locals(&stats[r.clone()], ret_of(k))).collect();
        let declared: Vec<Vec<LocalId>> = runs.iter().map(|r| declared_locals(&stats[r.clone()])).collect();
        // to-be-closed variables at the top level: the runtime holds their values (from
        // `lrt_tbc_push`), and each piece knows how many earlier pieces left pending, so
        // that a `return` in it closes them all
        let closing = |r: &std::ops::Range<usize>| -> usize {
            stats[r.clone()]
                .iter()
                .map(|s| match &s.kind {
                    StatKind::Local { decls, .. } => decls.iter().filter(|d| d.attrib == Some(Attrib::Close)).count(),
                    _ => 0,
                })
                .sum()
        };
        let mut pending_tbc = 0;
        // each parameter and top-level local gets a frame slot
        let params: Vec<LocalId> = f.params.iter().map(|p| p.id).collect();
        let slots: HashMap<LocalId, u64> =
            params.iter().chain(declared.iter().flatten()).enumerate().map(|(i, id)| (*id, i as u64)).collect();
        let frame_ty = self.tvalue.array_type(slots.len().max(1) as u32);
        let frame = self.entry_alloca(fs, frame_ty, "toplevel")?;
        let size = self.i64c(16 * slots.len().max(1) as u64);
        self.b.build_memset(frame, 8, self.ctx.i8_type().const_zero(), size)?; // all nil
        let all_used: HashSet<LocalId> = used.iter().flatten().copied().collect();
        for id in params.iter().filter(|id| all_used.contains(id)) {
            if let Some(v) = self.frame_value(fs, *id)? {
                self.store_val(self.slot(frame, self.i64c(slots[id]))?, v)?;
            }
        }
        let ptrt = self.ptrt.into();
        let piece_ty = self.i32t.fn_type(&[ptrt, ptrt, ptrt, ptrt, ptrt, ptrt, ptrt, self.i64t.into()], false);
        let mut before: HashSet<LocalId> = params.iter().copied().collect(); // declared by now
        for (k, run) in runs.iter().enumerate() {
            let later: HashSet<LocalId> = used[k + 1..].iter().flatten().copied().collect();
            let copy_in: Vec<LocalId> = sorted(used[k].iter().filter(|id| before.contains(id)));
            let mut mine: Vec<LocalId> = copy_in.clone();
            mine.extend(declared[k].iter().copied());
            let copy_out: Vec<LocalId> = sorted(mine.iter().filter(|id| later.contains(id)));
            let name = format!("{}.piece.{}", fs.func.get_name().to_string_lossy(), k + 1);
            let func = self.module.add_function(&name, piece_ty, Some(Linkage::Internal));
            let piece = Piece {
                func,
                stats: &stats[run.clone()],
                ret: ret_of(k),
                copy_in: &copy_in,
                copy_out: &copy_out,
                slots: &slots,
                pending_tbc,
            };
            let frame_slots = self.piece(fs, &piece)?;
            fs.frame_slots = fs.frame_slots.max(frame_slots);
            self.call_piece(fs, func, frame)?;
            before.extend(declared[k].iter().copied());
            pending_tbc += closing(run);
        }
        // the function's own end closes them (its `tbc` stands for the runtime's entries)
        for _ in 0..pending_tbc {
            fs.tbc.push(frame);
        }
        Ok(())
    }

    /// What a local's frame slot holds: its value, or its box (as the payload) when it is
    /// captured and assigned; None when it has not been declared.
    fn frame_value(&self, fs: &FnState<'ctx, '_>, id: LocalId) -> CgResult<Option<Val<'ctx>>> {
        Ok(match fs.locals[id] {
            Some(Local::Boxed(boxp)) => {
                let bx = self.b.build_load(self.ptrt, boxp, "box")?.into_pointer_value();
                Some(Val { tag: self.i64c(0), pay: self.b.build_ptr_to_int(bx, self.i64t, "boxp")? })
            }
            Some(Local::Slot(ptr)) => Some(self.load_val(ptr)?),
            None => None,
        })
    }

    /// Generates one piece's function; returns the value-stack slots it uses above `ftop`.
    fn piece(&mut self, whole: &FnState<'ctx, '_>, p: &Piece<'_, 'ctx>) -> CgResult<u32> {
        let saved = self.b.get_insert_block();
        let (mut fs, frame) = self.enter_piece(whole, p.func, p.copy_in, p.slots, 0)?;
        fs.tbc = vec![frame; p.pending_tbc];
        self.statements(&mut fs, p.stats, p.ret)?;
        if !self.terminated() {
            for id in p.copy_out {
                if let Some(v) = self.frame_value(&fs, *id)? {
                    self.store_val(self.slot(frame, self.i64c(p.slots[id]))?, v)?;
                }
            }
            let fell_through: IntValue = self.i32t.const_int(u64::MAX, true);
            self.b.build_return(Some(&fell_through))?;
        }
        if let Some(bb) = saved {
            self.b.position_at_end(bb);
        }
        Ok(fs.frame_slots)
    }

    /// The state of a piece function `func` of `whole` (its parameters as `body_in_pieces`
    /// passes them, then any others), with the builder in its body after copying in the
    /// locals `copy_in` from the frame (returned too). `depth` call-area slots are in use by
    /// the caller's pending calls.
    fn enter_piece<'f>(
        &mut self,
        whole: &FnState<'ctx, 'f>,
        func: FunctionValue<'ctx>,
        copy_in: &[LocalId],
        slots: &HashMap<LocalId, u64>,
        depth: u32,
    ) -> CgResult<(FnState<'ctx, 'f>, PointerValue<'ctx>)> {
        if whole.func.get_string_attribute(AttributeLoc::Function, crate::once::RUNS_ONCE).is_some() {
            self.mark_runs_once(func);
        }
        let param = |i: u32| func.get_nth_param(i).ok_or_else(|| CgError("missing piece parameter".into()));
        for (i, name) in ["L", "self", "base", "frame", "prev_ci", "old_top", "ftop", "nvar"].iter().enumerate() {
            param(i as u32)?.set_name(name);
        }
        let entry = self.ctx.append_basic_block(func, "entry");
        let body = self.ctx.append_basic_block(func, "body");
        self.b.position_at_end(entry);
        let selfp = param(1)?.into_pointer_value();
        let base = param(2)?.into_pointer_value();
        let prev_ci = param(4)?.into_pointer_value();
        let ci = self.byte_gep(prev_ci, offset::CI_SIZE)?;
        let ci_line = self.byte_gep(ci, offset::CI_LINE)?;
        // the closure's upvalue boxes, read through each time (`upval_fixed` is a prologue's)
        let mut upvals = Vec::new();
        for i in 0..whole.upvals.len() as u64 {
            let slot = self.byte_gep(selfp, offset::CLOSURE_UPVALS + 8 * i)?;
            upvals.push(self.b.build_load(self.ptrt, slot, "uv")?.into_pointer_value());
        }
        let varbase = self.slot(base, self.i64c(whole.meta.params.len() as u64))?;
        let mut fs = FnState {
            func,
            meta: whole.meta,
            l: param(0)?.into_pointer_value(),
            base,
            ci,
            ci_line,
            prev_ci,
            old_top: param(5)?.into_pointer_value(),
            ftop: param(6)?.into_pointer_value(),
            entry,
            locals: vec![None; whole.locals.len()],
            upval_fixed: vec![false; upvals.len()],
            upval_vals: vec![None; upvals.len()],
            upvals,
            nvar: param(7)?.into_int_value(),
            varbase,
            depth,
            frame_slots: depth.max(1),
            loops: Vec::new(),
            labels: Vec::new(),
            tbc: Vec::new(),
            shadows: Vec::new(),
            versioned: Default::default(),
            views: vec![None; whole.views.len()],
            viewed: whole.viewed.clone(),
            hot_fn: whole.hot_fn,
            loop_depth: 0,
            runtime_only: 0,
            operand_arrays: HashMap::new(),
            operand_depth: 0,
            in_piece: true,
        };
        self.b.build_unconditional_branch(body)?;
        self.b.position_at_end(body);
        let frame = param(3)?.into_pointer_value();
        for id in copy_in {
            let v = self.load_val(self.slot(frame, self.i64c(slots[id]))?)?;
            let info = &whole.meta.meta.locals[*id];
            if info.captured && info.assigned {
                let boxp = self.alloca_ptr(&fs, &format!("box.{}", info.name))?;
                let bx = self.b.build_int_to_ptr(v.pay, self.ptrt, "box")?;
                self.b.build_store(boxp, bx)?;
                fs.locals[*id] = Some(Local::Boxed(boxp));
            } else {
                self.declare_local(&mut fs, *id, v)?;
            }
        }
        Ok((fs, frame))
    }

    /// A frame array holding the locals `ids` (declared ones) for a piece, and their slots.
    fn frame_of(&mut self, fs: &FnState<'ctx, '_>, ids: &[LocalId], name: &str) -> CgResult<(PointerValue<'ctx>, HashMap<LocalId, u64>)> {
        let slots: HashMap<LocalId, u64> = ids.iter().enumerate().map(|(i, id)| (*id, i as u64)).collect();
        let frame = self.entry_alloca(fs, self.tvalue.array_type(ids.len().max(1) as u32), name)?;
        for id in ids {
            if let Some(v) = self.frame_value(fs, *id)? {
                self.store_val(self.slot(frame, self.i64c(slots[id]))?, v)?;
            }
        }
        Ok((frame, slots))
    }

    /// Calls a piece that may finish the function: a result count means the function has
    /// returned (the piece did its epilogue), and the function returns it in turn.
    fn call_piece(&mut self, fs: &FnState<'ctx, '_>, func: FunctionValue<'ctx>, frame: PointerValue<'ctx>) -> CgResult<()> {
        let args = self.piece_args(fs, frame)?;
        let n = self.b.build_call(func, &args, "piece")?;
        let n = n.try_as_basic_value().basic().ok_or_else(|| CgError("a piece returns a count".into()))?.into_int_value();
        let returned = self.b.build_int_compare(IntPredicate::SGE, n, self.i32c(0), "returned")?;
        let ret = self.new_block(fs, "piece.ret");
        let next = self.new_block(fs, "piece.next");
        self.b.build_conditional_branch(returned, ret, next)?;
        self.b.position_at_end(ret);
        self.b.build_return(Some(&n))?;
        self.b.position_at_end(next);
        Ok(())
    }

    /// The arguments every piece of `fs`'s function takes.
    fn piece_args(&self, fs: &FnState<'ctx, '_>, frame: PointerValue<'ctx>) -> CgResult<Vec<BasicMetadataValueEnum<'ctx>>> {
        let selfp = fs.func.get_nth_param(1).ok_or_else(|| CgError("missing closure parameter".into()))?;
        Ok(vec![
            fs.l.into(),
            selfp.into(),
            fs.base.into(),
            frame.into(),
            fs.prev_ci.into(),
            fs.old_top.into(),
            fs.ftop.into(),
            fs.nvar.into(),
        ])
    }

    /// A long constructor (positional and `name = value` items, no `[k] = v`) in code that
    /// runs once: the table is made here and its items are evaluated and stored by piece
    /// functions of `LIST_PIECE` items each, which read the locals the items use from a
    /// frame array. No item can overwrite another's key, so storing each as it comes is what
    /// lua5.4's batches of 50 positional items amount to. A 5,000-record list built with a
    /// call per record was one function of 100,000 instructions and took 8.6 s to compile.
    pub(super) fn constructor_in_pieces(&mut self, fs: &mut FnState<'ctx, '_>, fields: &[Field]) -> CgResult<Val<'ctx>> {
        let npos = fields.iter().filter(|f| matches!(f, Field::Positional(_))).count();
        let named = fields.len() - npos;
        let sizes = [fs.l.into(), self.i32c(npos as u64).into(), self.i32c(named as u64).into()];
        let t = self.b.build_call(self.rt(RtFn::NewTable), &sizes, "t")?;
        let t = t.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_newtable returns".into()))?.into_pointer_value();
        // a last item of several values (a call, `...`) is the constructor's own, as usual
        let (fields, multi) = match fields.split_last() {
            Some((Field::Positional(last), rest)) if last.is_multi() && !self.facts.single_result_call(fs.meta, last) => (rest, Some(last)),
            _ => (fields, None),
        };
        // each item with its array index (positional ones)
        let mut next = 0u64;
        let items: Vec<(&Field, Option<u64>)> = fields
            .iter()
            .map(|f| match f {
                Field::Positional(_) => {
                    next += 1;
                    (f, Some(next))
                }
                _ => (f, None),
            })
            .collect();
        // the locals the items read or capture, in the frame
        let mut used = HashSet::new();
        for f in fields {
            if let Field::Positional(e) | Field::Named(_, e) = f {
                walk_expr(e, &mut |n| note_use(n, &mut used));
            }
        }
        let used: Vec<LocalId> = sorted(used.iter().filter(|id| fs.locals.get(**id).copied().flatten().is_some()));
        let (frame, slots) = self.frame_of(fs, &used, "listlocals")?;
        let ptrt = self.ptrt.into();
        let piece_ty = self.ctx.void_type().fn_type(&[ptrt, ptrt, ptrt, ptrt, ptrt, ptrt, ptrt, self.i64t.into(), ptrt], false);
        let mut args = self.piece_args(fs, frame)?;
        args.push(t.into());
        for (k, run) in items.chunks(LIST_PIECE).enumerate() {
            // (LLVM numbers the names of a function's later lists)
            let name = format!("{}.list.{}", fs.func.get_name().to_string_lossy(), k + 1);
            let func = self.module.add_function(&name, piece_ty, Some(Linkage::Internal));
            let saved = self.b.get_insert_block();
            let (mut pfs, _) = self.enter_piece(fs, func, &used, &slots, fs.depth)?;
            let tp = func.get_nth_param(8).ok_or_else(|| CgError("missing list parameter".into()))?.into_pointer_value();
            tp.set_name("t");
            for (f, index) in run {
                match (f, index) {
                    // with names among the items, positional ones go through the table's
                    // setter too, as in `table`
                    (Field::Positional(e), Some(i)) if named > 0 => {
                        let v = self.expr(&mut pfs, e)?;
                        self.raw_set(&mut pfs, tp, self.cval(tag::INT, *i), v)?;
                    }
                    (Field::Positional(e), Some(i)) => {
                        let v = self.expr(&mut pfs, e)?;
                        let arr = self.b.build_load(self.ptrt, self.byte_gep(tp, offset::TABLE_ARR)?, "arr")?.into_pointer_value();
                        self.store_val(self.slot(arr, self.i64c(i - 1))?, v)?;
                        // evaluating an item may have made the table old: the item after this
                        // one may collect, and would not see this one through an old table
                        self.gc_barrier(&pfs, tp)?;
                    }
                    (Field::Named(n, e), _) => {
                        let v = self.expr(&mut pfs, e)?;
                        let key = self.string_const(n.name.as_bytes())?;
                        self.raw_set(&mut pfs, tp, key, v)?;
                    }
                    _ => return Err(CgError("a keyed item in a constructor built by pieces".into())),
                }
            }
            self.b.build_return(None)?;
            fs.frame_slots = fs.frame_slots.max(pfs.frame_slots);
            if let Some(bb) = saved {
                self.b.position_at_end(bb);
            }
            self.b.build_call(func, &args, "")?;
        }
        if let Some(e) = multi {
            let (area, n) = self.multi(fs, e)?;
            let start = self.i64c(next + 1);
            self.b.build_call(self.rt(RtFn::SetList), &[fs.l.into(), t.into(), start.into(), area.into(), n.into()], "")?;
        }
        Ok(Val { tag: self.i64c(tag::TABLE), pay: self.b.build_ptr_to_int(t, self.i64t, "tp")? })
    }
}

impl<'ctx> Codegen<'ctx> {
    /// Where a long `if`/`elseif` chain hands its tail to a piece, if it does: in code that
    /// runs once, outside loops (a `break` could not leave a piece), with no to-be-closed
    /// variable pending (a `return` in the piece would not close it) and no `goto` or label
    /// in the tail.
    pub(super) fn chain_split(&self, fs: &FnState<'ctx, '_>, arms: &[(Expr, Block)], orelse: Option<&Block>) -> Option<usize> {
        if arms.len() <= crate::speculate::pieces::LONG_CHAIN
            || self.inline_paths(fs)
            || !fs.loops.is_empty()
            || fs.loop_depth > 0
            || !fs.tbc.is_empty()
        {
            return None;
        }
        let mut jumps = false;
        for b in arms[CHAIN_PIECE..].iter().map(|(_, b)| b).chain(orelse) {
            for_each_stat(b, &mut |s| jumps |= matches!(s.kind, StatKind::Goto(_) | StatKind::Label(_)));
        }
        (!jumps).then_some(CHAIN_PIECE)
    }

    /// The tail `elseif ... else ... end` of a long chain, generated in a piece function that
    /// reads the locals the tail uses from a frame array and writes back those it assigns.
    /// The piece returns -1 when the function goes on, or the function's result count when
    /// a `return` in the tail finished it.
    pub(super) fn chain_tail_in_piece(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        arms: &[(Expr, Block)],
        orelse: Option<&Block>,
    ) -> CgResult<()> {
        let (mut used, mut assigned) = (HashSet::new(), HashSet::new());
        let mut visit = |n: Node| {
            if let Node::Assign(t, _) = &n {
                if let ExprKind::Name(_, Res::Local(id)) = t.kind {
                    assigned.insert(id);
                }
            }
            note_use(n, &mut used);
        };
        for (c, b) in arms {
            walk_expr(c, &mut visit);
            walk_block(b, &mut visit);
        }
        if let Some(b) = orelse {
            walk_block(b, &mut visit);
        }
        let declared = |id: &&LocalId| fs.locals.get(**id).copied().flatten().is_some();
        let used: Vec<LocalId> = sorted(used.iter().filter(declared));
        let back: Vec<LocalId> = sorted(assigned.iter().filter(declared));
        let (frame, slots) = self.frame_of(fs, &used, "chainlocals")?;
        let ptrt = self.ptrt.into();
        let piece_ty = self.i32t.fn_type(&[ptrt, ptrt, ptrt, ptrt, ptrt, ptrt, ptrt, self.i64t.into()], false);
        let func = self.module.add_function(&format!("{}.chain", fs.func.get_name().to_string_lossy()), piece_ty, Some(Linkage::Internal));
        let saved = self.b.get_insert_block();
        let (mut pfs, piece_frame) = self.enter_piece(fs, func, &used, &slots, fs.depth)?;
        self.if_chain(&mut pfs, arms, orelse)?;
        if !self.terminated() {
            for id in &back {
                if let Some(Local::Slot(ptr)) = pfs.locals[*id] {
                    let v = self.load_val(ptr)?;
                    self.store_val(self.slot(piece_frame, self.i64c(slots[id]))?, v)?;
                }
            }
            self.b.build_return(Some(&self.i32t.const_int(u64::MAX, true)))?;
        }
        fs.frame_slots = fs.frame_slots.max(pfs.frame_slots);
        if let Some(bb) = saved {
            self.b.position_at_end(bb);
        }
        self.call_piece(fs, func, frame)?;
        // the locals the tail assigned (a captured one's box was shared all along)
        for id in &back {
            if let Some(Local::Slot(_)) = fs.locals[*id] {
                let v = self.load_val(self.slot(frame, self.i64c(slots[id]))?)?;
                self.write_local(fs, *id, v)?;
            }
        }
        Ok(())
    }
}

/// The arms a chain keeps before its tail goes to a piece.
const CHAIN_PIECE: usize = 64;

/// Constructors of more items than this, in code that runs once, are built by pieces
/// (`constructor_in_pieces`).
pub(super) const LONG_LIST: usize = 256;

/// The items a list piece evaluates.
const LIST_PIECE: usize = 64;

/// Whether a table constructor is one that `constructor_in_pieces` builds: long, with
/// positional and `name = value` items only.
pub(super) fn long_constructor(fields: &[Field]) -> bool {
    fields.len() > LONG_LIST && fields.iter().all(|f| matches!(f, Field::Positional(_) | Field::Named(..)))
}

/// Records a local that a node reads, assigns or lets a closure capture.
fn note_use(n: Node, used: &mut HashSet<LocalId>) {
    match n {
        Node::Read(id) => {
            used.insert(id);
        }
        Node::Assign(t, _) => {
            if let ExprKind::Name(_, Res::Local(id)) = t.kind {
                used.insert(id);
            }
        }
        Node::Function(child) => {
            for u in &child.meta.upvals {
                if let UpvalFrom::ParentLocal(id) = u.from {
                    used.insert(id);
                }
            }
        }
        Node::Call(_) | Node::Upval(_) | Node::Table(_) | Node::Index => {}
    }
}

/// One piece to generate: its function, statements (and the chunk's `return`, for the last
/// one), the top-level locals it copies in and out, and their frame slots.
struct Piece<'a, 'ctx> {
    func: FunctionValue<'ctx>,
    stats: &'a [Stat],
    ret: Option<&'a crate::syntax::ast::Return>,
    copy_in: &'a [LocalId],
    copy_out: &'a [LocalId],
    slots: &'a HashMap<LocalId, u64>,
    /// To-be-closed variables of earlier pieces still pending.
    pending_tbc: usize,
}

fn sorted<'a>(ids: impl Iterator<Item = &'a LocalId>) -> Vec<LocalId> {
    let mut v: Vec<LocalId> = ids.copied().collect();
    v.sort_unstable();
    v
}
