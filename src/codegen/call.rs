//! Calls and multiple values. A call's arguments are evaluated into registers, stored in
//! the call area at `ftop + depth`, and the callee writes its results back there. A
//! multi-valued last argument (a call or `...`) is produced directly in place, one slot
//! above the fixed arguments. `return f(x)` becomes an LLVM `musttail` call.

use inkwell::values::{FunctionValue, IntValue, PointerValue};
use inkwell::IntPredicate;

use super::expr::describe;
use super::func::FnState;
use super::runtime::RtFn;
use super::value::{offset, tag};
use super::{Access, CgError, CgResult, Codegen, Val};
use crate::speculate::Builtin;
use crate::syntax::ast::*;

/// Entries of the runtime's `lrt_builtin` (rt/include/flua.h): the `Builtin`s, then the
/// two iterators a generic `for` steps itself.
pub(super) const LRT_NBUILTIN: u32 = 7;
pub(super) const LRT_B_NEXT: u64 = 5;
pub(super) const LRT_B_IPAIRSAUX: u64 = 6;

/// A call prepared in the call area: callee and argument count.
struct Prepared<'ctx> {
    callee: Val<'ctx>,
    /// The callee's code, when the speculate pass proved which function it is.
    known: Option<FunctionValue<'ctx>>,
    /// The code the callee likely has (a global's `function` statement): called directly
    /// when the closure's code pointer matches.
    likely: Option<FunctionValue<'ctx>>,
    area: PointerValue<'ctx>,
    nargs: IntValue<'ctx>,
    desc: Option<String>,
}

impl<'ctx> Codegen<'ctx> {
    fn area(&self, fs: &FnState<'ctx, '_>) -> CgResult<PointerValue<'ctx>> {
        self.slot(fs.ftop, self.i64c(fs.depth as u64))
    }

    fn claim(&self, fs: &mut FnState<'ctx, '_>, slots: u32) {
        fs.frame_slots = fs.frame_slots.max(fs.depth + slots + 1);
    }

    /// Evaluates `exprs` into the call area: fixed values in registers first, then a
    /// multi-valued tail in place; returns the area and the number of values (i32).
    pub(super) fn push_list(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        exprs: &[Expr],
        lead: &[Val<'ctx>],
    ) -> CgResult<(PointerValue<'ctx>, IntValue<'ctx>)> {
        let area = self.area(fs)?;
        let mut vals: Vec<Val<'ctx>> = lead.to_vec();
        // a known function returning one value on every path gives one value here too
        let multi_last = exprs.last().is_some_and(|e| e.is_multi() && !self.facts.single_result_call(fs.meta, e));
        let nfixed = if multi_last { exprs.len() - 1 } else { exprs.len() };
        for e in &exprs[..nfixed] {
            vals.push(self.expr(fs, e)?);
        }
        let k = vals.len() as u32;
        self.claim(fs, k);
        let mut n = self.i32c(k as u64);
        if multi_last {
            let saved = fs.depth;
            fs.depth += k;
            let (_, m) = self.multi(fs, &exprs[nfixed])?;
            fs.depth = saved;
            n = self.b.build_int_add(n, m, "n")?;
        }
        for (i, v) in vals.iter().enumerate() {
            self.store_val(self.slot(area, self.i64c(i as u64))?, *v)?;
        }
        Ok((area, n))
    }

    /// All values of a call or `...`, placed at `ftop + depth`; count as i32.
    pub(super) fn multi(&mut self, fs: &mut FnState<'ctx, '_>, e: &Expr) -> CgResult<(PointerValue<'ctx>, IntValue<'ctx>)> {
        match &e.kind {
            ExprKind::Call(..) | ExprKind::Method(..) => self.call(fs, e),
            ExprKind::Vararg => {
                let area = self.area(fs)?;
                let end = self.slot(area, fs.nvar)?;
                self.b.build_call(self.rt(RtFn::CheckStack), &[fs.l.into(), end.into()], "")?;
                let bytes = self.b.build_int_mul(fs.nvar, self.i64c(offset::TVALUE_SIZE), "bytes")?;
                self.b.build_memmove(area, 8, fs.varbase, 8, bytes).map_err(|e| CgError(e.to_string()))?;
                let n = self.b.build_int_truncate(fs.nvar, self.i32t, "nvar32")?;
                Ok((area, n))
            }
            _ => {
                let v = self.expr(fs, e)?;
                let area = self.area(fs)?;
                self.claim(fs, 1);
                self.store_val(area, v)?;
                Ok((area, self.i32c(1)))
            }
        }
    }

    pub(super) fn first_result(&mut self, area: PointerValue<'ctx>, n: IntValue<'ctx>) -> CgResult<Val<'ctx>> {
        self.nth_result(area, n, 0)
    }

    pub(super) fn nth_result(&mut self, area: PointerValue<'ctx>, n: IntValue<'ctx>, i: u64) -> CgResult<Val<'ctx>> {
        let have = self.b.build_int_compare(IntPredicate::SGT, n, self.i32c(i), "have")?;
        let v = self.load_val(self.slot(area, self.i64c(i))?)?;
        let nil = self.nil();
        self.select_val(have, v, nil)
    }

    /// The first `count` of the `n` results at `area`, nil past the last.
    pub(super) fn results(&mut self, area: PointerValue<'ctx>, n: IntValue<'ctx>, count: usize) -> CgResult<Vec<Val<'ctx>>> {
        (0..count as u64).map(|i| self.nth_result(area, n, i)).collect()
    }

    /// Evaluates an expression list adjusted to exactly `want` values (manual §3.4.12).
    pub(super) fn list_exact(&mut self, fs: &mut FnState<'ctx, '_>, exprs: &[Expr], want: usize) -> CgResult<Vec<Val<'ctx>>> {
        let mut out = Vec::with_capacity(want);
        for (i, e) in exprs.iter().enumerate() {
            let last = i == exprs.len() - 1;
            if last && e.is_multi() && out.len() < want {
                let (area, n) = self.multi(fs, e)?;
                let mut j = 0;
                while out.len() < want {
                    out.push(self.nth_result(area, n, j)?);
                    j += 1;
                }
            } else {
                let v = self.expr(fs, e)?;
                if out.len() < want {
                    out.push(v);
                }
            }
        }
        while out.len() < want {
            out.push(self.nil());
        }
        Ok(out)
    }

    fn prepare(&mut self, fs: &mut FnState<'ctx, '_>, e: &Expr) -> CgResult<Prepared<'ctx>> {
        /// A global, or a constant field of one (`print`, `string.format`).
        fn global_path(f: &Expr) -> bool {
            match &f.kind {
                ExprKind::Name(_, Res::Global(_)) => true,
                ExprKind::Index(o, k) => matches!(k.kind, ExprKind::Str(_)) && matches!(o.kind, ExprKind::Name(_, Res::Global(_))),
                _ => false,
            }
        }
        match &e.kind {
            ExprKind::Call(f, args) => {
                let known = self.facts.known_callee(fs.meta, f).and_then(|k| self.fnvals.get(&k).copied());
                let likely = (self.facts.global_callee(f))
                    .or_else(|| self.facts.field_callee(e))
                    .or_else(|| self.facts.made_callee(fs.meta, f))
                    .and_then(|k| self.fnvals.get(&k).copied());
                // `print(...)`, `string.format(...)`: a library function, whose call costs
                // more than finding it through the runtime (the program's own functions keep
                // their lookups inline, for the direct calls above)
                let library = known.is_none() && likely.is_none() && global_path(f);
                fs.runtime_only += library as u32;
                let callee = self.expr(fs, f);
                fs.runtime_only -= library as u32;
                let callee = callee?;
                let desc = describe(f);
                let (area, nargs) = self.push_list(fs, args, &[])?;
                Ok(Prepared { callee, known, likely, area, nargs, desc })
            }
            ExprKind::Method(obj, name, args) => {
                let o = self.expr(fs, obj)?;
                let d = describe(obj);
                let callee = self.field(fs, o, name.name.as_bytes(), d, Access::of(obj, e.span.lo), true)?;
                let (area, nargs) = self.push_list(fs, args, &[o])?;
                let likely = self.facts.field_callee(e).and_then(|k| self.fnvals.get(&k).copied());
                Ok(Prepared { callee, known: None, likely, area, nargs, desc: Some(format!("method '{}'", name.name)) })
            }
            _ => Err(CgError("not a call".into())),
        }
    }

    /// Records the call site's line and how it names the callee (for library errors).
    pub(super) fn set_call_site(&mut self, fs: &FnState<'ctx, '_>, desc: &Option<String>, pos: u32) -> CgResult<()> {
        self.set_line(fs, pos)?;
        let d = self.opt_cstr(desc.clone());
        self.b.build_store(self.byte_gep(fs.ci, offset::CI_CALLDESC)?, d)?;
        Ok(())
    }

    /// Whether the call `e` is of a library function computed inline (`builtin_call`).
    pub(super) fn inline_builtin(&self, fs: &FnState<'ctx, '_>, e: &Expr) -> bool {
        let ExprKind::Call(f, args) = &e.kind else { return false };
        self.facts.builtin_callee(fs.meta, f).is_some_and(|b| args.len() == b.arity() && !args.iter().any(|a| a.is_multi()))
    }

    /// A call; results are at the returned area, their count (i32) alongside.
    pub(super) fn call(&mut self, fs: &mut FnState<'ctx, '_>, e: &Expr) -> CgResult<(PointerValue<'ctx>, IntValue<'ctx>)> {
        if let ExprKind::Call(f, args) = &e.kind {
            if let Some(b) = self.facts.builtin_callee(fs.meta, f).filter(|_| self.inline_builtin(fs, e)) {
                let r = self.builtin_call(fs, e, f, args, b, false)?;
                return r.ok_or_else(|| CgError("builtin call without results".into()));
            }
        }
        let p = self.prepare(fs, e)?;
        self.set_call_site(fs, &p.desc, e.span.lo)?;
        let n = self.invoke(fs, &p)?;
        Ok((p.area, n))
    }

    /// The first result of a direct call of a function with a typed entry, in registers:
    /// its typed entry when the arguments have its kinds, the generic call otherwise.
    /// None when the call is not of that form.
    pub(super) fn typed_call_value(&mut self, fs: &mut FnState<'ctx, '_>, e: &Expr) -> CgResult<Option<Val<'ctx>>> {
        let ExprKind::Call(f, args) = &e.kind else { return Ok(None) };
        let Some(g) = self.facts.known_callee(fs.meta, f) else { return Ok(None) };
        let (Some(known), Some(t)) = (self.fnvals.get(&g).copied(), self.facts.typed_by_key(g)) else { return Ok(None) };
        if args.len() != t.params.len() || args.last().is_some_and(|a| a.is_multi()) {
            return Ok(None);
        }
        let callee = self.expr(fs, f)?;
        let vals = args.iter().map(|a| self.expr(fs, a)).collect::<CgResult<Vec<_>>>()?;
        let fast = self.new_block(fs, "typed");
        let slow = self.new_block(fs, "typed.generic");
        let done = self.new_block(fs, "typed.done");
        let yes = self.ctx.bool_type().const_int(1, false);
        let Some(v) = self.typed_call(fs, g, known, &vals, yes, fast, slow)? else { return Ok(None) };
        let fast_end = self.cur_block()?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(slow);
        if self.leave_instead(fs)? {
            self.b.position_at_end(done);
            return Ok(Some(self.merge(vec![(v, fast_end)])?));
        }
        let area = self.area(fs)?;
        self.claim(fs, vals.len() as u32);
        for (i, v) in vals.iter().enumerate() {
            self.store_val(self.slot(area, self.i64c(i as u64))?, *v)?;
        }
        let nargs = self.i32c(vals.len() as u64);
        let p = Prepared { callee, known: Some(known), likely: None, area, nargs, desc: describe(f) };
        self.set_call_site(fs, &p.desc, e.span.lo)?;
        let n = self.invoke(fs, &p)?;
        let sv = self.first_result(area, n)?;
        let slow_end = self.cur_block()?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        Ok(Some(self.merge(vec![(v, fast_end), (sv, slow_end)])?))
    }

    /// The closure the library registered as `lrt_builtin[i]`, as a payload.
    pub(super) fn builtin_closure(&mut self, i: u64) -> CgResult<IntValue<'ctx>> {
        let table_t = self.ptrt.array_type(LRT_NBUILTIN);
        let table = match self.module.get_global("lrt_builtin") {
            Some(g) => g,
            None => self.module.add_global(table_t, None, "lrt_builtin"),
        };
        // SAFETY: i < LRT_NBUILTIN, the array's length.
        let entry = unsafe { self.b.build_in_bounds_gep(table_t, table.as_pointer_value(), &[self.i64c(0), self.i64c(i)], "bi") }?;
        let lib = self.b.build_load(self.ptrt, entry, "lib")?.into_pointer_value();
        Ok(self.b.build_ptr_to_int(lib, self.i64t, "libp")?)
    }

    /// `sqrt(x)` where `sqrt` is likely `math.sqrt`: computed inline when the callee is the
    /// library's closure and `x` a number, called like any function otherwise. Likewise
    /// `setmetatable(t, mt)` for a table without a metatable and a metatable known to have
    /// no `__gc` (anything else needs the library's checks), and `table.insert(t, v)` for
    /// a table without a metatable (an append by `lrt_append`, no results).
    fn builtin_call(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        e: &Expr,
        f: &Expr,
        args: &[Expr],
        b: Builtin,
        tail: bool,
    ) -> CgResult<Option<(PointerValue<'ctx>, IntValue<'ctx>)>> {
        let callee = self.expr(fs, f)?;
        let vals = args.iter().map(|a| self.expr(fs, a)).collect::<CgResult<Vec<_>>>()?;
        let x = vals[0];
        let area = self.area(fs)?;
        self.claim(fs, vals.len() as u32);
        let lib = self.builtin_closure(b.index())?;
        let same = self.b.build_int_compare(IntPredicate::EQ, callee.pay, lib, "same")?;
        let is_fn = self.tag_is(callee, tag::FUNC)?;
        let ok = self.b.build_and(same, is_fn, "islib")?;
        let fast = self.new_block(fs, "lib.inline");
        let slow = self.new_block(fs, "lib.call");
        let done = self.new_block(fs, "lib.done");
        if b == Builtin::SetMetatable {
            // t and mt tables, t without a metatable, mt's `__gc` known absent
            let check = self.new_block(fs, "lib.check");
            let tables = self.b.build_and(self.tag_is(x, tag::TABLE)?, self.tag_is(vals[1], tag::TABLE)?, "tables")?;
            let ok = self.b.build_and(ok, tables, "inline")?;
            self.b.build_conditional_branch(ok, check, slow)?;
            self.b.position_at_end(check);
            let t = self.b.build_int_to_ptr(x.pay, self.ptrt, "t")?;
            let mt = self.b.build_int_to_ptr(vals[1].pay, self.ptrt, "mt")?;
            let old = self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_META)?, "oldmeta")?.into_pointer_value();
            let none = self.b.build_is_null(old, "nometa")?;
            let flags = self.b.build_load(self.i32t, self.byte_gep(mt, offset::TABLE_FLAGS)?, "flags")?.into_int_value();
            let gcbit = self.b.build_and(flags, self.i32c(1 << offset::TM_GC), "gcbit")?;
            let nogc = self.b.build_int_compare(IntPredicate::NE, gcbit, self.i32c(0), "nogc")?;
            let ok = self.b.build_and(none, nogc, "settable")?;
            self.b.build_conditional_branch(ok, fast, slow)?;
            self.b.position_at_end(fast);
            self.b.build_store(self.byte_gep(t, offset::TABLE_META)?, mt)?;
            self.gc_barrier(fs, t)?;
        } else if b == Builtin::TableInsert {
            // a table without a metatable: `t[#t + 1] = v` in the runtime, without a call
            // of a Lua value
            let t = self.plain_table(fs, x, ok, fast, slow)?;
            let v = vals[1];
            self.b.build_call(self.rt(RtFn::Append), &[fs.l.into(), t.into(), v.pay.into(), v.tag.into()], "")?;
        } else {
            let ok = self.b.build_and(ok, self.is_num(x)?, "inline")?;
            self.b.build_conditional_branch(ok, fast, slow)?;
            self.b.position_at_end(fast);
        }
        let r = match b {
            Builtin::SetMetatable => x,
            Builtin::TableInsert => self.nil(), // no result
            Builtin::Sqrt => {
                let fx = self.to_float(x)?;
                let r = self.float_intrinsic("llvm.sqrt", &[fx])?;
                self.flt_val(r)?
            }
            Builtin::Abs => {
                let fx = self.b.build_bit_cast(x.pay, self.ctx.f64_type(), "asf")?.into_float_value();
                let fabs = self.b.build_bit_cast(self.float_intrinsic("llvm.fabs", &[fx])?, self.i64t, "fabs")?.into_int_value();
                let neg = self.b.build_int_compare(IntPredicate::SLT, x.pay, self.i64c(0), "neg")?;
                let minus = self.b.build_int_sub(self.i64c(0), x.pay, "minus")?;
                let iabs = self.b.build_select(neg, minus, x.pay, "iabs")?.into_int_value();
                let is_int = self.tag_is(x, tag::INT)?;
                Val { tag: x.tag, pay: self.b.build_select(is_int, iabs, fabs, "abs")?.into_int_value() }
            }
            Builtin::Floor => {
                // an integer when the floor fits one (lua5.4's math.floor), else a float
                let fx = self.b.build_bit_cast(x.pay, self.ctx.f64_type(), "asf")?.into_float_value();
                let fl = self.float_intrinsic("llvm.floor", &[fx])?;
                let f64t = self.ctx.f64_type();
                let lo = self.b.build_float_compare(inkwell::FloatPredicate::OGE, fl, f64t.const_float(-9223372036854775808.0), "lo")?;
                let hi = self.b.build_float_compare(inkwell::FloatPredicate::OLT, fl, f64t.const_float(9223372036854775808.0), "hi")?;
                let fits = self.b.build_and(lo, hi, "fits")?;
                let is_int = self.tag_is(x, tag::INT)?;
                let as_int = self.b.build_or(is_int, fits, "asint")?;
                let fi = self.b.build_float_to_signed_int(fl, self.i64t, "fi")?;
                let fi = self.b.build_select(is_int, x.pay, fi, "ipay")?.into_int_value();
                let fbits = self.b.build_bit_cast(fl, self.i64t, "fbits")?.into_int_value();
                let tag = self.b.build_select(as_int, self.i64c(tag::INT), self.i64c(tag::FLT), "ftag")?.into_int_value();
                Val { tag, pay: self.b.build_select(as_int, fi, fbits, "floor")?.into_int_value() }
            }
        };
        self.store_val(area, r)?;
        let fast_end = self.cur_block()?;
        let fast_n = self.i32c(if b == Builtin::TableInsert { 0 } else { 1 });
        if tail {
            self.return_area(fs, area, fast_n)?;
        } else {
            self.b.build_unconditional_branch(done)?;
        }
        self.b.position_at_end(slow);
        if !tail && self.leave_instead(fs)? {
            self.b.position_at_end(done);
            let phi = self.b.build_phi(self.i32t, "nres")?;
            phi.add_incoming(&[(&fast_n, fast_end)]);
            return Ok(Some((area, phi.as_basic_value().into_int_value())));
        }
        for (i, v) in vals.iter().enumerate() {
            self.store_val(self.slot(area, self.i64c(i as u64))?, *v)?;
        }
        let p = Prepared { callee, known: None, likely: None, area, nargs: self.i32c(vals.len() as u64), desc: describe(f) };
        self.set_call_site(fs, &p.desc, e.span.lo)?;
        if tail {
            // not the library's function: a proper tail call, whatever it is
            self.tail_call_prepared(fs, &p)?;
            self.b.position_at_end(done);
            self.b.build_unreachable()?;
            return Ok(None);
        }
        let n = self.invoke(fs, &p)?;
        let slow_end = self.cur_block()?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(self.i32t, "nres")?;
        phi.add_incoming(&[(&fast_n, fast_end), (&n, slow_end)]);
        Ok(Some((area, phi.as_basic_value().into_int_value())))
    }

    /// Calls the value `callee` with `nargs` arguments already at `area`.
    pub(super) fn call_value(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        callee: Val<'ctx>,
        area: PointerValue<'ctx>,
        nargs: IntValue<'ctx>,
        desc: Option<String>,
    ) -> CgResult<IntValue<'ctx>> {
        self.invoke(fs, &Prepared { callee, known: None, likely: None, area, nargs, desc })
    }

    /// A direct call in code that runs once (see `inline_paths`) is not inlined: a copy of
    /// the callee per call site would only make the program bigger and its compile longer
    /// (bench/compile_time.sh's tests program: 8% fewer optimised instructions).
    fn keep_call_outlined(&self, fs: &FnState<'ctx, '_>, call: inkwell::values::CallSiteValue<'ctx>) {
        if !self.inline_paths(fs) {
            let noinline = self.ctx.create_enum_attribute(inkwell::attributes::Attribute::get_named_enum_kind_id("noinline"), 0);
            call.add_attribute(inkwell::attributes::AttributeLoc::Function, noinline);
        }
    }

    fn invoke(&mut self, fs: &mut FnState<'ctx, '_>, p: &Prepared<'ctx>) -> CgResult<IntValue<'ctx>> {
        if let Some(f) = p.known {
            let cl = self.b.build_int_to_ptr(p.callee.pay, self.ptrt, "cl")?;
            let r = self.b.build_direct_call(f, &[fs.l.into(), cl.into(), p.area.into(), p.nargs.into()], "n")?;
            self.keep_call_outlined(fs, r);
            return Ok(r.try_as_basic_value().basic().ok_or_else(|| CgError("call returns".into()))?.into_int_value());
        }
        // In code that runs once, calls go through the runtime; but a call with a likely
        // target keeps its branches outside pieces (`pieces.rs`): without them a large
        // function of calls is one huge basic block, on which LLVM's register allocator
        // took 28 s for 5,000 calls. A piece's blocks are at most a piece long.
        if !self.inline_paths(fs) && (p.likely.is_none() || fs.in_piece) {
            return self.call_slow(fs, p);
        }
        let direct = self.new_block(fs, "call.fn");
        let slow = self.new_block(fs, "call.slow");
        let done = self.new_block(fs, "call.done");
        let is_fn = self.tag_is(p.callee, tag::FUNC)?;
        self.b.build_conditional_branch(is_fn, direct, slow)?;
        self.b.position_at_end(direct);
        let cl = self.b.build_int_to_ptr(p.callee.pay, self.ptrt, "cl")?;
        let fnp = self.b.build_load(self.ptrt, self.byte_gep(cl, offset::CLOSURE_FN)?, "fn")?.into_pointer_value();
        let args = [fs.l.into(), cl.into(), p.area.into(), p.nargs.into()];
        let mut results = Vec::new();
        if let Some(f) = p.likely {
            let hit = self.new_block(fs, "call.likely");
            let other = self.new_block(fs, "call.other");
            let same = self.b.build_int_compare(IntPredicate::EQ, fnp, f.as_global_value().as_pointer_value(), "same")?;
            self.b.build_conditional_branch(same, hit, other)?;
            self.b.position_at_end(hit);
            let r = self.b.build_direct_call(f, &args, "n")?;
            self.keep_call_outlined(fs, r);
            results
                .push((r.try_as_basic_value().basic().ok_or_else(|| CgError("call returns".into()))?.into_int_value(), self.cur_block()?));
            self.b.build_unconditional_branch(done)?;
            self.b.position_at_end(other);
        }
        let r1 = self.b.build_indirect_call(self.lua_fn, fnp, &args, "n")?;
        results.push((r1.try_as_basic_value().basic().ok_or_else(|| CgError("call returns".into()))?.into_int_value(), self.cur_block()?));
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(slow);
        let r2 = self.call_slow(fs, p)?;
        let slow_end = self.b.get_insert_block().ok_or_else(|| CgError("no block".into()))?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(self.i32t, "nres")?;
        for (r, bb) in &results {
            phi.add_incoming(&[(r, *bb)]);
        }
        phi.add_incoming(&[(&r2, slow_end)]);
        Ok(phi.as_basic_value().into_int_value())
    }

    fn call_slow(&mut self, fs: &mut FnState<'ctx, '_>, p: &Prepared<'ctx>) -> CgResult<IntValue<'ctx>> {
        let dp = self.opt_cstr(p.desc.clone());
        let args = [fs.l.into(), p.callee.pay.into(), p.callee.tag.into(), p.area.into(), p.nargs.into(), dp.into()];
        let r = self.b.build_call(self.rt(RtFn::Call), &args, "n")?;
        Ok(r.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_call returns".into()))?.into_int_value())
    }

    /// `return f(args)`: a proper tail call when the callee is a function.
    pub(super) fn tail_call(&mut self, fs: &mut FnState<'ctx, '_>, e: &Expr) -> CgResult<()> {
        if let ExprKind::Call(f, args) = &e.kind {
            if let Some(b) = self.facts.builtin_callee(fs.meta, f) {
                if args.len() == b.arity() && !args.iter().any(|a| a.is_multi()) {
                    self.builtin_call(fs, e, f, args, b, true)?;
                    return Ok(());
                }
            }
        }
        let p = self.prepare(fs, e)?;
        self.set_call_site(fs, &p.desc, e.span.lo)?;
        self.tail_call_prepared(fs, &p)
    }

    /// The tail call of a call prepared in the call area, its call site recorded.
    fn tail_call_prepared(&mut self, fs: &mut FnState<'ctx, '_>, p: &Prepared<'ctx>) -> CgResult<()> {
        if fs.in_piece {
            // a piece (`pieces.rs`) is not the Lua function's native function, so it cannot
            // jump to the callee in the function's place: an ordinary call and return
            let n = self.invoke(fs, p)?;
            return self.return_area(fs, p.area, n);
        }
        if let Some(f) = p.known {
            let cl = self.b.build_int_to_ptr(p.callee.pay, self.ptrt, "cl")?;
            return self
                .tail_jump(fs, p, |cg| Ok(cg.b.build_direct_call(f, &[fs.l.into(), cl.into(), fs.base.into(), p.nargs.into()], "n")?));
        }
        let check = self.new_block(fs, "tail.check");
        let direct = self.new_block(fs, "tail.fn");
        let slow = self.new_block(fs, "tail.slow");
        let is_fn = self.tag_is(p.callee, tag::FUNC)?;
        if let Some(f) = p.likely {
            // the function the speculate pass expects: a direct call, which LLVM may inline
            // where this function is inlined itself
            let guess = self.new_block(fs, "tail.guess");
            let hit = self.new_block(fs, "tail.likely");
            self.b.build_conditional_branch(is_fn, guess, slow)?;
            self.b.position_at_end(guess);
            let cl = self.b.build_int_to_ptr(p.callee.pay, self.ptrt, "cl")?;
            let fnp = self.b.build_load(self.ptrt, self.byte_gep(cl, offset::CLOSURE_FN)?, "fn")?.into_pointer_value();
            let same = self.b.build_int_compare(IntPredicate::EQ, fnp, f.as_global_value().as_pointer_value(), "same")?;
            self.b.build_conditional_branch(same, hit, check)?;
            self.b.position_at_end(hit);
            self.tail_jump(fs, p, |cg| Ok(cg.b.build_direct_call(f, &[fs.l.into(), cl.into(), fs.base.into(), p.nargs.into()], "n")?))?;
        } else {
            self.b.build_conditional_branch(is_fn, check, slow)?;
        }
        // A library function keeps this frame below it, as in lua5.4, so that its errors
        // carry this line: only Lua functions are tail-called.
        self.b.position_at_end(check);
        let clp = self.b.build_int_to_ptr(p.callee.pay, self.ptrt, "cl")?;
        let info = self.b.build_load(self.ptrt, self.byte_gep(clp, offset::CLOSURE_INFO)?, "info")?.into_pointer_value();
        let what = self.b.build_load(self.i32t, self.byte_gep(info, offset::FUNCINFO_WHAT)?, "what")?.into_int_value();
        let is_lua = self.b.build_int_compare(IntPredicate::NE, what, self.i32c(2), "islua")?;
        self.b.build_conditional_branch(is_lua, direct, slow)?;
        self.b.position_at_end(direct);
        let cl = self.b.build_int_to_ptr(p.callee.pay, self.ptrt, "cl")?;
        let fnp = self.b.build_load(self.ptrt, self.byte_gep(cl, offset::CLOSURE_FN)?, "fn")?.into_pointer_value();
        let lua_fn = self.lua_fn;
        self.tail_jump(fs, p, |cg| {
            Ok(cg.b.build_indirect_call(lua_fn, fnp, &[fs.l.into(), cl.into(), fs.base.into(), p.nargs.into()], "n")?)
        })?;
        self.b.position_at_end(slow);
        let n = self.invoke(fs, p)?;
        self.return_area(fs, p.area, n)
    }

    /// Moves the arguments down to this frame's base, pops the frame, and makes the call
    /// that `emit` builds a `musttail` call whose results are this function's.
    fn tail_jump(
        &mut self,
        fs: &FnState<'ctx, '_>,
        p: &Prepared<'ctx>,
        emit: impl FnOnce(&mut Self) -> CgResult<inkwell::values::CallSiteValue<'ctx>>,
    ) -> CgResult<()> {
        let n64 = self.b.build_int_s_extend(p.nargs, self.i64t, "n64")?;
        let bytes = self.b.build_int_mul(n64, self.i64c(offset::TVALUE_SIZE), "bytes")?;
        self.b.build_memmove(fs.base, 8, p.area, 8, bytes).map_err(|e| CgError(e.to_string()))?;
        self.b.build_store(self.byte_gep(fs.l, offset::STATE_CI)?, fs.prev_ci)?;
        self.b.build_store(self.byte_gep(fs.l, offset::STATE_TOP)?, fs.old_top)?;
        let r = emit(self)?;
        r.set_tail_call_kind(inkwell::values::LLVMTailCallKind::LLVMTailCallKindMustTail);
        let rv = r.try_as_basic_value().basic().ok_or_else(|| CgError("call returns".into()))?;
        self.b.build_return(Some(&rv))?;
        Ok(())
    }

    /// Moves `n` results from `area` to the function's base and returns them.
    pub(super) fn return_area(&mut self, fs: &mut FnState<'ctx, '_>, area: PointerValue<'ctx>, n: IntValue<'ctx>) -> CgResult<()> {
        let n64 = self.b.build_int_s_extend(n, self.i64t, "n64")?;
        let bytes = self.b.build_int_mul(n64, self.i64c(offset::TVALUE_SIZE), "bytes")?;
        self.b.build_memmove(fs.base, 8, area, 8, bytes).map_err(|e| CgError(e.to_string()))?;
        self.emit_return(fs, n)
    }
}
