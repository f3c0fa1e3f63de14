//! Expressions: constants, variables, indexing, operators (inline fast paths with runtime
//! fallbacks), table constructors and closures.

use inkwell::values::{AsValueRef, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};

use super::func::FnState;
use super::runtime::RtFn;
use super::value::{key_bit, offset, str_home, tag, ArithOp};
use super::{Access, CgError, CgResult, Codegen, IcSite, Val};
use crate::syntax::ast::*;

/// Incoming values of a merge point, turned into phis by `Codegen::merge`.
pub(super) type Incoming<'ctx> = Vec<(Val<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)>;

/// The description Lua adds to error messages about a value: `local 'x'`, `global 'x'`...
pub(super) fn describe(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Name(n, Res::Local(_)) => Some(format!("local '{n}'")),
        ExprKind::Name(n, Res::Upval(_)) => Some(format!("upvalue '{n}'")),
        ExprKind::Name(n, Res::Global(_)) => Some(format!("global '{n}'")),
        ExprKind::Index(_, k) => match &k.kind {
            ExprKind::Str(s) => Some(format!("field '{}'", String::from_utf8_lossy(s))),
            // lua5.4 names small integer keys (its GETI instruction) and nothing else
            ExprKind::Int(0..=255) => Some("field 'integer index'".into()),
            _ => Some("field '?'".into()),
        },
        ExprKind::Str(s) => Some(format!("constant '{}'", String::from_utf8_lossy(s))),
        ExprKind::Paren(inner) => describe(inner),
        _ => None,
    }
}

impl<'ctx> Codegen<'ctx> {
    pub(super) fn expr(&mut self, fs: &mut FnState<'ctx, '_>, e: &Expr) -> CgResult<Val<'ctx>> {
        match &e.kind {
            ExprKind::Nil => Ok(self.nil()),
            ExprKind::True => Ok(self.cval(tag::TRUE, 0)),
            ExprKind::False => Ok(self.cval(tag::FALSE, 0)),
            ExprKind::Int(i) => Ok(self.cval(tag::INT, *i as u64)),
            ExprKind::Float(f) => Ok(self.cval(tag::FLT, f.to_bits())),
            ExprKind::Str(s) => self.string_const(s),
            ExprKind::Vararg => {
                let have = self.b.build_int_compare(IntPredicate::SGT, fs.nvar, self.i64c(0), "hasvar")?;
                let v = self.load_val(fs.varbase)?;
                let nil = self.nil();
                self.select_val(have, v, nil)
            }
            ExprKind::Function(f) => self.closure(fs, f),
            ExprKind::Table(fields) => self.table(fs, fields, e.span.lo),
            ExprKind::Paren(inner) => self.expr(fs, inner),
            ExprKind::Name(_, res) => match self.facts.constant(fs.meta, e) {
                Some(crate::speculate::Known::Int(v)) => Ok(self.cval(tag::INT, v as u64)),
                Some(crate::speculate::Known::Float(bits)) => Ok(self.cval(tag::FLT, bits)),
                _ => self.name(fs, *res, e),
            },
            ExprKind::Index(obj, key) => {
                let o = self.expr(fs, obj)?;
                let d = describe(obj);
                self.index(fs, o, key, d, Access::of(obj, e.span.lo))
            }
            ExprKind::Call(..) | ExprKind::Method(..) => {
                if let Some(v) = self.typed_call_value(fs, e)? {
                    return Ok(v);
                }
                if fs.versioned.leave.is_some() && !self.inline_builtin(fs, e) {
                    // a statement that may leave its specialised copy makes no other call
                    // there (`leavable`): should one get here, the generic copy makes it
                    self.leave_instead(fs)?;
                    self.start_dead_block(fs);
                    return Ok(self.nil());
                }
                let (area, n) = self.call(fs, e)?;
                self.first_result(area, n)
            }
            ExprKind::Unary(op, a) => self.unary(fs, *op, a, e.span.lo),
            ExprKind::Binary(op, a, b) => self.binary(fs, *op, a, b, e.span.lo),
        }
    }

    pub(super) fn string_const(&mut self, s: &[u8]) -> CgResult<Val<'ctx>> {
        let g = self.string_slot(s);
        let p = self.b.build_load(self.ptrt, g.as_pointer_value(), "str")?.into_pointer_value();
        let pay = self.b.build_ptr_to_int(p, self.i64t, "strp")?;
        Ok(Val { tag: self.i64c(tag::STR), pay })
    }

    pub(super) fn string_ptr(&mut self, s: &[u8]) -> CgResult<inkwell::values::PointerValue<'ctx>> {
        let g = self.string_slot(s);
        let load = self.b.build_load(self.ptrt, g.as_pointer_value(), "str")?;
        // flua_init fills the slot before any Lua code runs, and nothing changes it after:
        // an invariant, non-null load, which LLVM may hoist out of loops and merge.
        if let Some(i) = load.into_pointer_value().as_instruction() {
            let empty = self.ctx.metadata_node(&[]);
            i.set_metadata(empty, self.ctx.get_kind_id("invariant.load")).map_err(|e| CgError(e.to_string()))?;
            i.set_metadata(empty, self.ctx.get_kind_id("nonnull")).map_err(|e| CgError(e.to_string()))?;
        }
        Ok(load.into_pointer_value())
    }

    fn name(&mut self, fs: &mut FnState<'ctx, '_>, res: Res, e: &Expr) -> CgResult<Val<'ctx>> {
        match res {
            Res::Local(id) => self.read_local(fs, id),
            Res::Upval(i) => {
                let p = self.upval_ptr(fs, i)?;
                self.load_val(p)
            }
            Res::Global(env) => {
                let ExprKind::Name(n, _) = &e.kind else { return Err(CgError("global is not a name".into())) };
                let key = n.as_bytes().to_vec();
                match env {
                    // the name `_ENV` itself is the main chunk's environment: the globals
                    EnvRef::Default if n == "_ENV" => self.globals(fs),
                    EnvRef::Default => {
                        let g = self.globals(fs)?;
                        self.index_str(fs, g, &key, None, Access { pos: e.span.lo, cache: IcSite::Globals })
                    }
                    EnvRef::Local(id) => {
                        let envv = self.load_val(self.local_ptr(fs, id)?)?;
                        self.index_str(fs, envv, &key, Some("upvalue '_ENV'".into()), Access { pos: e.span.lo, cache: IcSite::Local(id) })
                    }
                    EnvRef::Upval(i) => {
                        let envv = self.load_val(self.upval_ptr(fs, i)?)?;
                        self.index_str(fs, envv, &key, Some("upvalue '_ENV'".into()), Access { pos: e.span.lo, cache: IcSite::Upval(i) })
                    }
                }
            }
            Res::Unresolved => Err(CgError("unresolved name".into())),
        }
    }

    // ------------------------------------------------------------------ indexing

    pub(super) fn index(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        o: Val<'ctx>,
        key: &Expr,
        d: Option<String>,
        at: Access,
    ) -> CgResult<Val<'ctx>> {
        if let ExprKind::Str(s) = &key.kind {
            return self.index_str(fs, o, s, d, at);
        }
        let k = self.expr(fs, key)?;
        self.index_val(fs, o, k, d, at.pos)
    }

    /// The inline cache of accesses to `key` at `site` in the function being generated,
    /// reads and writes, or method lookups.
    fn site_ic(&mut self, fs: &FnState<'ctx, '_>, site: IcSite, key: &[u8], method: bool) -> inkwell::values::PointerValue<'ctx> {
        let site = (crate::speculate::key(fs.meta), site, key.to_vec(), method);
        if let Some(ic) = self.ics.get(&site) {
            return *ic;
        }
        let ic = if method { self.new_method_ic() } else { self.new_ic() };
        self.ics.insert(site, ic);
        ic
    }

    /// A method site's cache: the own-field slot as `new_ic`, then the metatable last seen,
    /// the slot of `__index` in it and the slot of the key in that table (lrt_methodv).
    fn new_method_ic(&mut self) -> inkwell::values::PointerValue<'ctx> {
        let t = self.i64t.array_type(4);
        let g = self.module.add_global(t, None, "mic");
        g.set_initializer(&t.const_zero());
        g.set_linkage(inkwell::module::Linkage::Private);
        g.as_pointer_value()
    }

    /// A fresh inline cache for one access site: the hash slot where its key was last found.
    pub(super) fn new_ic(&mut self) -> inkwell::values::PointerValue<'ctx> {
        let g = self.module.add_global(self.i64t, None, "ic");
        g.set_initializer(&self.i64t.const_zero());
        g.set_linkage(inkwell::module::Linkage::Private);
        g.as_pointer_value()
    }

    /// Probes the inline cache `ic` of a field access `o.key`: whether `o` is a table whose
    /// hash slot `*ic` holds `key` with a value that is not nil. The builder is left at
    /// `live` with the table, the value's pointer and the value; `slow` gets every other case.
    #[allow(clippy::type_complexity)]
    fn live_slot(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        o: Val<'ctx>,
        k: inkwell::values::PointerValue<'ctx>,
        ic: inkwell::values::PointerValue<'ctx>,
        slow: inkwell::basic_block::BasicBlock<'ctx>,
        live: inkwell::basic_block::BasicBlock<'ctx>,
    ) -> CgResult<(inkwell::values::PointerValue<'ctx>, inkwell::values::PointerValue<'ctx>, Val<'ctx>)> {
        let probe = self.new_block(fs, "ic.probe");
        let probe2 = self.new_block(fs, "ic.key");
        let found = self.new_block(fs, "ic.found");
        let is_t = self.tag_is(o, tag::TABLE)?;
        self.b.build_conditional_branch(is_t, probe, slow)?;
        self.b.position_at_end(probe);
        let t = self.b.build_int_to_ptr(o.pay, self.ptrt, "tab")?;
        let hsize = self.b.build_load(self.i64t, self.byte_gep(t, offset::TABLE_HSIZE)?, "hsize")?.into_int_value();
        let idx = self.b.build_load(self.i64t, ic, "icidx")?.into_int_value();
        let inr = self.b.build_int_compare(IntPredicate::ULT, idx, hsize, "icinr")?;
        self.b.build_conditional_branch(inr, probe2, slow)?;
        self.b.position_at_end(probe2);
        let node = self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_NODE)?, "node")?.into_pointer_value();
        let off = self.b.build_int_mul(idx, self.i64c(offset::NODE_SIZE), "icoff")?;
        // SAFETY: idx < hsize, the number of nodes.
        let n = unsafe { self.b.build_in_bounds_gep(self.ctx.i8_type(), node, &[off], "icnode")? };
        let hit = self.key_is(n, k)?;
        self.b.build_conditional_branch(hit, found, slow)?;
        self.b.position_at_end(found);
        let vp = self.byte_gep(n, offset::NODE_VAL)?;
        let v = self.load_val(vp)?;
        let nonnil = self.b.build_int_compare(IntPredicate::NE, v.tag, self.i64c(tag::NIL), "nonnil")?;
        self.b.build_conditional_branch(nonnil, live, slow)?;
        self.b.position_at_end(live);
        Ok((t, vp, v))
    }

    /// Whether the hash node at `n` has the interned string `k` as its key.
    fn key_is(&self, n: inkwell::values::PointerValue<'ctx>, k: inkwell::values::PointerValue<'ctx>) -> CgResult<IntValue<'ctx>> {
        let key = self.load_val(n)?;
        let kp = self.b.build_ptr_to_int(k, self.i64t, "kp")?;
        let same = self.b.build_int_compare(IntPredicate::EQ, key.pay, kp, "samekey")?;
        Ok(self.b.build_and(same, self.tag_is(key, tag::STR)?, "keyhit")?)
    }

    /// `o.key` for a constant string key, through a per-site inline cache.
    pub(super) fn index_str(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        o: Val<'ctx>,
        key: &[u8],
        d: Option<String>,
        at: Access,
    ) -> CgResult<Val<'ctx>> {
        self.field(fs, o, key, d, at, false)
    }

    /// `o.key` through an inline cache; a method call's `o:key` (`method`) gets a larger
    /// cache for the usual case of a method found through the metatable's `__index` table.
    pub(super) fn field(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        o: Val<'ctx>,
        key: &[u8],
        d: Option<String>,
        at: Access,
        method: bool,
    ) -> CgResult<Val<'ctx>> {
        let Access { pos, cache } = at;
        let k = self.string_ptr(key)?;
        let ic = self.site_ic(fs, cache, key, method);
        let lookup = if method { RtFn::Method } else { RtFn::IndexStr };
        if !self.inline_paths(fs) {
            let dp = self.opt_cstr(d);
            self.set_line(fs, pos)?;
            let r =
                self.b.build_call(self.rt(lookup), &[fs.l.into(), o.pay.into(), o.tag.into(), k.into(), dp.into(), ic.into()], "fld")?;
            return self.result_val(r);
        }
        let slow = self.new_block(fs, "fld.slow");
        let done = self.new_block(fs, "fld.done");
        let mut found = Vec::new();
        if method {
            if let Some(home) = str_home(key) {
                found.extend(self.class_method(fs, o, k, home, ic, done)?);
            }
        }
        let hit = self.new_block(fs, "fld.hit");
        let (_, vp, v) = self.live_slot(fs, o, k, ic, slow, hit)?;
        // the payload loaded as a double too, for float arithmetic on the field (float_views)
        let viewed = self.version_loops && !method;
        let fhit = if viewed { Some(self.b.build_load(self.ctx.f64_type(), vp, "fview")?.into_float_value()) } else { None };
        self.b.build_unconditional_branch(done)?;
        found.push((v, hit));
        self.b.position_at_end(slow);
        if self.leave_instead(fs)? {
            self.b.position_at_end(done);
            let v = self.merge(found)?;
            if let Some(fh) = fhit {
                self.add_view(v, &[(fh, hit)])?;
            }
            return Ok(v);
        }
        let dp = self.opt_cstr(d);
        self.set_line(fs, pos)?;
        let r = self.b.build_call(self.rt(lookup), &[fs.l.into(), o.pay.into(), o.tag.into(), k.into(), dp.into(), ic.into()], "fld")?;
        let sv = self.result_val(r)?;
        let fslow = if viewed { Some(self.b.build_bit_cast(sv.pay, self.ctx.f64_type(), "view")?.into_float_value()) } else { None };
        let slow_end = self.cur_block()?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        found.push((sv, slow_end));
        let v = self.merge(found)?;
        if let (Some(fh), Some(fs_)) = (fhit, fslow) {
            self.add_view(v, &[(fh, hit), (fs_, slow_end)])?;
        }
        Ok(v)
    }

    /// The usual method call `o:key()`: `o` a table without a field `key` (its `keybits`
    /// filter lacks the key's bit, rt/include/flua.h: lrtH_keybit), whose metatable
    /// is the one the site's cache remembers, with `__index` a table holding `key` at the
    /// remembered slots (lrt_methodv fills the cache). Branches to `done` with the method
    /// when all of that holds; the builder is left where it does not, for the own-field
    /// probe and the runtime to take over.
    fn class_method(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        o: Val<'ctx>,
        k: inkwell::values::PointerValue<'ctx>,
        home: u64,
        ic: inkwell::values::PointerValue<'ctx>,
        done: inkwell::basic_block::BasicBlock<'ctx>,
    ) -> CgResult<Option<(Val<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)>> {
        let table = self.new_block(fs, "mth.table");
        let meta = self.new_block(fs, "mth.meta");
        let index = self.new_block(fs, "mth.index");
        let class = self.new_block(fs, "mth.class");
        let method = self.new_block(fs, "mth.found");
        let hit = self.new_block(fs, "mth.hit");
        let other = self.new_block(fs, "mth.other");
        let ic_word = |cg: &Self, i: u64| -> CgResult<IntValue<'ctx>> {
            let p = cg.byte_gep(ic, 8 * i)?;
            Ok(cg.b.build_load(cg.i64t, p, "mic")?.into_int_value())
        };
        // the node at slot `idx` of table `t`'s hash part, when idx < hsize
        let node_at = |cg: &Self,
                       t: inkwell::values::PointerValue<'ctx>,
                       idx: IntValue<'ctx>|
         -> CgResult<(IntValue<'ctx>, inkwell::values::PointerValue<'ctx>)> {
            let hsize = cg.b.build_load(cg.i64t, cg.byte_gep(t, offset::TABLE_HSIZE)?, "hsize")?.into_int_value();
            let inr = cg.b.build_int_compare(IntPredicate::ULT, idx, hsize, "inr")?;
            let nodes = cg.b.build_load(cg.ptrt, cg.byte_gep(t, offset::TABLE_NODE)?, "nodes")?.into_pointer_value();
            let off = cg.b.build_int_mul(idx, cg.i64c(offset::NODE_SIZE), "off")?;
            // SAFETY: only dereferenced when idx < hsize.
            let n = unsafe { cg.b.build_gep(cg.ctx.i8_type(), nodes, &[off], "node")? };
            Ok((inr, n))
        };
        let is_t = self.tag_is(o, tag::TABLE)?;
        self.b.build_conditional_branch(is_t, table, other)?;
        self.b.position_at_end(table);
        let t = self.b.build_int_to_ptr(o.pay, self.ptrt, "obj")?;
        let i32t = self.ctx.i32_type();
        let keybits = self.b.build_load(i32t, self.byte_gep(t, offset::TABLE_KEYBITS)?, "keybits")?.into_int_value();
        let bit = i32t.const_int(key_bit(home), false);
        let seen = self.b.build_and(keybits, bit, "seen")?;
        let absent = self.b.build_int_compare(IntPredicate::EQ, seen, i32t.const_zero(), "absent")?;
        self.b.build_conditional_branch(absent, meta, other)?;
        self.b.position_at_end(meta);
        let mt = self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_META)?, "mt")?.into_pointer_value();
        let mti = self.b.build_ptr_to_int(mt, self.i64t, "mti")?;
        let same = self.b.build_int_compare(IntPredicate::EQ, mti, ic_word(self, 1)?, "samemt")?;
        let some = self.b.build_int_compare(IntPredicate::NE, mti, self.i64c(0), "hasmt")?;
        let ok = self.b.build_and(same, some, "mtok")?;
        self.b.build_conditional_branch(ok, index, other)?;
        self.b.position_at_end(index);
        let (inr, n2) = node_at(self, mt, ic_word(self, 2)?)?;
        let idx_key = self.string_ptr(b"__index")?;
        let cont = self.new_block(fs, "mth.index2");
        self.b.build_conditional_branch(inr, cont, other)?;
        self.b.position_at_end(cont);
        let v2 = self.load_val(self.byte_gep(n2, offset::NODE_VAL)?)?;
        let ok = self.b.build_and(self.key_is(n2, idx_key)?, self.tag_is(v2, tag::TABLE)?, "idxtable")?;
        self.b.build_conditional_branch(ok, class, other)?;
        self.b.position_at_end(class);
        let cls = self.b.build_int_to_ptr(v2.pay, self.ptrt, "cls")?;
        let (inr, n3) = node_at(self, cls, ic_word(self, 3)?)?;
        self.b.build_conditional_branch(inr, method, other)?;
        self.b.position_at_end(method);
        let m = self.load_val(self.byte_gep(n3, offset::NODE_VAL)?)?;
        let nonnil = self.b.build_int_compare(IntPredicate::NE, m.tag, self.i64c(tag::NIL), "mnonnil")?;
        let ok = self.b.build_and(self.key_is(n3, k)?, nonnil, "mok")?;
        self.b.build_conditional_branch(ok, hit, other)?;
        self.b.position_at_end(hit);
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(other);
        Ok(Some((m, hit)))
    }

    /// `o.key = v` for a constant string key, through a per-site inline cache.
    pub(super) fn set_field(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        o: Val<'ctx>,
        key: &[u8],
        v: Val<'ctx>,
        d: Option<String>,
        at: Access,
    ) -> CgResult<()> {
        let Access { pos, cache } = at;
        let k = self.string_ptr(key)?;
        let ic = self.site_ic(fs, cache, key, false);
        let slow = self.new_block(fs, "setf.slow");
        let done = self.new_block(fs, "setf.done");
        if self.inline_paths(fs) {
            // A raw store is right when the old value is non-nil: no __newindex is involved,
            // and no key comes back to life (which must clear the table's cache of absent
            // metamethods, in case it is a metatable: the runtime does that).
            let store = self.new_block(fs, "setf.store");
            let (t, vp, _) = self.live_slot(fs, o, k, ic, slow, store)?;
            self.store_val(vp, v)?;
            self.gc_barrier_value(fs, t, v)?;
            self.b.build_unconditional_branch(done)?;
        } else {
            self.b.build_unconditional_branch(slow)?;
        }
        self.b.position_at_end(slow);
        if self.leave_instead(fs)? {
            self.b.position_at_end(done);
            return Ok(());
        }
        let dp = self.opt_cstr(d);
        self.set_line(fs, pos)?;
        self.b.build_call(
            self.rt(RtFn::SetField),
            &[fs.l.into(), o.pay.into(), o.tag.into(), k.into(), v.pay.into(), v.tag.into(), dp.into(), ic.into()],
            "",
        )?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// The global table as a value (`_ENV` of the main chunk).
    pub(super) fn globals(&mut self, fs: &FnState<'ctx, '_>) -> CgResult<Val<'ctx>> {
        let g = self.b.build_load(self.ptrt, self.byte_gep(fs.l, offset::STATE_GLOBALS)?, "globals")?.into_pointer_value();
        Ok(Val { tag: self.i64c(tag::TABLE), pay: self.b.build_ptr_to_int(g, self.i64t, "gp")? })
    }

    /// `o[k]` with the array-part fast path inline.
    pub(super) fn index_val(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        o: Val<'ctx>,
        k: Val<'ctx>,
        d: Option<String>,
        pos: u32,
    ) -> CgResult<Val<'ctx>> {
        if !self.inline_paths(fs) {
            return self.index_call(fs, o, k, d, pos);
        }
        let hit = self.new_block(fs, "idx.hit");
        let miss = self.new_block(fs, "idx.miss");
        let absent = self.new_block(fs, "idx.nil");
        let slow = self.new_block(fs, "idx.slow");
        let done = self.new_block(fs, "idx.done");
        let (in_range, slotp) = self.array_guard(fs, o, k, slow, miss)?;
        let v = self.load_val(slotp)?;
        let nonnil = self.b.build_int_compare(IntPredicate::NE, v.tag, self.i64c(tag::NIL), "nonnil")?;
        self.b.build_conditional_branch(nonnil, hit, miss)?;
        self.b.position_at_end(hit);
        self.b.build_unconditional_branch(done)?;
        // nil in the array part, or no hash part to look in: nil, when no metatable
        // can supply an __index (a leaf `{}` of a tree, the end of a sequence)
        self.b.position_at_end(miss);
        let t = self.b.build_int_to_ptr(o.pay, self.ptrt, "tab")?;
        let meta = self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_META)?, "meta")?.into_pointer_value();
        let hsize = self.b.build_load(self.i64t, self.byte_gep(t, offset::TABLE_HSIZE)?, "hsize")?.into_int_value();
        let nometa = self.b.build_is_null(meta, "nometa")?;
        let nohash = self.b.build_int_compare(IntPredicate::EQ, hsize, self.i64c(0), "nohash")?;
        let known = self.b.build_or(nohash, in_range, "known")?;
        let isnil = self.b.build_and(nometa, known, "isnil")?;
        self.b.build_conditional_branch(isnil, absent, slow)?;
        self.b.position_at_end(absent);
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(slow);
        if self.leave_instead(fs)? {
            self.b.position_at_end(done);
            let nil = self.nil();
            return self.merge(vec![(v, hit), (nil, absent)]);
        }
        let sv = self.index_call(fs, o, k, d, pos)?;
        let slow_end = self.b.get_insert_block().ok_or_else(|| CgError("no block".into()))?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let nil = self.nil();
        self.merge(vec![(v, hit), (nil, absent), (sv, slow_end)])
    }

    /// `o[k]` by the runtime.
    fn index_call(&mut self, fs: &mut FnState<'ctx, '_>, o: Val<'ctx>, k: Val<'ctx>, d: Option<String>, pos: u32) -> CgResult<Val<'ctx>> {
        let dp = self.opt_cstr(d);
        self.set_line(fs, pos)?;
        let r = self.b.build_call(
            self.rt(RtFn::Index),
            &[fs.l.into(), o.pay.into(), o.tag.into(), k.pay.into(), k.tag.into(), dp.into()],
            "idx",
        )?;
        self.result_val(r)
    }

    /// Branches to `slow` unless `o` is a table and `k` an integer, and to `outside` unless
    /// `k` is in its array part; the builder is left where all hold. Returns the in-range
    /// test (valid from `outside` too) and the slot.
    fn array_guard(
        &mut self,
        fs: &FnState<'ctx, '_>,
        o: Val<'ctx>,
        k: Val<'ctx>,
        slow: inkwell::basic_block::BasicBlock<'ctx>,
        outside: inkwell::basic_block::BasicBlock<'ctx>,
    ) -> CgResult<(IntValue<'ctx>, inkwell::values::PointerValue<'ctx>)> {
        let fast = self.new_block(fs, "arr.table");
        let in_array = self.new_block(fs, "arr.slot");
        let is_t = self.tag_is(o, tag::TABLE)?;
        let is_i = self.tag_is(k, tag::INT)?;
        let both = self.b.build_and(is_t, is_i, "tab_int")?;
        self.b.build_conditional_branch(both, fast, slow)?;
        self.b.position_at_end(fast);
        let (in_range, slotp) = self.array_slot(o, k)?;
        self.b.build_conditional_branch(in_range, in_array, outside)?;
        self.b.position_at_end(in_array);
        Ok((in_range, slotp))
    }

    /// For a table `o` and an integer `k`: whether k is in the array part, and its slot.
    pub(super) fn array_slot(&mut self, o: Val<'ctx>, k: Val<'ctx>) -> CgResult<(IntValue<'ctx>, inkwell::values::PointerValue<'ctx>)> {
        let t = self.b.build_int_to_ptr(o.pay, self.ptrt, "tab")?;
        let asize = self.b.build_load(self.i64t, self.byte_gep(t, offset::TABLE_ASIZE)?, "asize")?.into_int_value();
        let idx = self.b.build_int_sub(k.pay, self.i64c(1), "idx")?;
        let in_range = self.b.build_int_compare(IntPredicate::ULT, idx, asize, "inrange")?;
        let arr = self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_ARR)?, "arr")?.into_pointer_value();
        // Only dereferenced when in range.
        let slotp = unsafe { self.b.build_gep(self.tvalue, arr, &[idx], "aslot")? };
        Ok((in_range, slotp))
    }

    /// `o[k] = v` with the array-part fast path inline.
    pub(super) fn set_index(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        o: Val<'ctx>,
        k: Val<'ctx>,
        v: Val<'ctx>,
        d: Option<String>,
        pos: u32,
    ) -> CgResult<()> {
        let slow = self.new_block(fs, "set.slow");
        let done = self.new_block(fs, "set.done");
        if self.inline_paths(fs) {
            let store = self.new_block(fs, "set.store");
            let (_, slotp) = self.array_guard(fs, o, k, slow, slow)?;
            // A raw store is right when the slot is non-nil (no __newindex involved) or when
            // the table has no metatable at all.
            let old = self.load_val(slotp)?;
            let nonnil = self.b.build_int_compare(IntPredicate::NE, old.tag, self.i64c(tag::NIL), "nonnil")?;
            let t = self.b.build_int_to_ptr(o.pay, self.ptrt, "tab")?;
            let meta = self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_META)?, "meta")?.into_pointer_value();
            let nometa = self.b.build_is_null(meta, "nometa")?;
            let ok = self.b.build_or(nonnil, nometa, "rawok")?;
            self.b.build_conditional_branch(ok, store, slow)?;
            self.b.position_at_end(store);
            self.store_val(slotp, v)?;
            self.gc_barrier_value(fs, t, v)?;
            self.b.build_unconditional_branch(done)?;
        } else {
            self.b.build_unconditional_branch(slow)?;
        }
        self.b.position_at_end(slow);
        if self.leave_instead(fs)? {
            self.b.position_at_end(done);
            return Ok(());
        }
        let dp = self.opt_cstr(d);
        self.set_line(fs, pos)?;
        self.b.build_call(
            self.rt(RtFn::SetIndex),
            &[fs.l.into(), o.pay.into(), o.tag.into(), k.pay.into(), k.tag.into(), v.pay.into(), v.tag.into(), dp.into()],
            "",
        )?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// The value a by-value runtime function returned (`{i64 payload, i64 tag}`).
    pub(super) fn result_val(&mut self, r: inkwell::values::CallSiteValue<'ctx>) -> CgResult<Val<'ctx>> {
        let sv = r.try_as_basic_value().basic().ok_or_else(|| CgError("runtime function returns a value".into()))?.into_struct_value();
        let pay = self.b.build_extract_value(sv, 0, "pay")?.into_int_value();
        let tag = self.b.build_extract_value(sv, 1, "tag")?.into_int_value();
        Ok(Val { tag, pay })
    }

    /// Phis for a value arriving from several blocks; the builder is at the merge block.
    pub(super) fn merge(&mut self, incoming: Incoming<'ctx>) -> CgResult<Val<'ctx>> {
        let tag = self.b.build_phi(self.i64t, "tag")?;
        let pay = self.b.build_phi(self.i64t, "pay")?;
        for (v, bb) in &incoming {
            tag.add_incoming(&[(&v.tag, *bb)]);
            pay.add_incoming(&[(&v.pay, *bb)]);
        }
        Ok(Val { tag: tag.as_basic_value().into_int_value(), pay: pay.as_basic_value().into_int_value() })
    }

    pub(super) fn cur_block(&self) -> CgResult<inkwell::basic_block::BasicBlock<'ctx>> {
        self.b.get_insert_block().ok_or_else(|| CgError("builder has no block".into()))
    }

    // ------------------------------------------------------------------ operators

    pub(super) fn to_float(&self, v: Val<'ctx>) -> CgResult<FloatValue<'ctx>> {
        let f64t = self.ctx.f64_type();
        let is_int = self.tag_is(v, tag::INT)?;
        let fi = self.b.build_signed_int_to_float(v.pay, f64t, "i2f")?;
        let ff = self.float_bits(v)?;
        Ok(self.b.build_select(is_int, fi, ff, "num")?.into_float_value())
    }

    /// Gives `v`, a merge of values arriving from several blocks, a float view: a phi of
    /// the same payloads as doubles (see `Codegen::float_views`).
    fn add_view(&mut self, v: Val<'ctx>, incoming: &[(FloatValue<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)]) -> CgResult<()> {
        let phi = self.b.build_phi(self.ctx.f64_type(), "fview")?;
        for (f, bb) in incoming {
            phi.add_incoming(&[(f, *bb)]);
        }
        self.float_views.insert(v.pay.as_value_ref() as usize, phi.as_basic_value().into_float_value());
        Ok(())
    }

    /// A float value's payload as a double: its float view when it has one.
    pub(super) fn float_bits(&self, v: Val<'ctx>) -> CgResult<FloatValue<'ctx>> {
        Ok(match self.float_views.get(&(v.pay.as_value_ref() as usize)) {
            Some(view) => *view,
            None => self.b.build_bit_cast(v.pay, self.ctx.f64_type(), "asf")?.into_float_value(),
        })
    }

    pub(super) fn flt_val(&self, f: FloatValue<'ctx>) -> CgResult<Val<'ctx>> {
        let pay = self.b.build_bit_cast(f, self.i64t, "fbits")?.into_int_value();
        Ok(Val { tag: self.i64c(tag::FLT), pay })
    }

    pub(super) fn is_num(&self, v: Val<'ctx>) -> CgResult<IntValue<'ctx>> {
        // INT = 3 and FLT = 4: tag - 3 < 2
        let d = self.b.build_int_sub(v.tag, self.i64c(tag::INT), "d")?;
        Ok(self.b.build_int_compare(IntPredicate::ULT, d, self.i64c(2), "isnum")?)
    }

    pub(super) fn float_intrinsic(&self, name: &str, args: &[FloatValue<'ctx>]) -> CgResult<FloatValue<'ctx>> {
        let f64t = self.ctx.f64_type();
        let intr = inkwell::intrinsics::Intrinsic::find(name).ok_or_else(|| CgError(format!("no intrinsic {name}")))?;
        let decl = intr.get_declaration(&self.module, &[f64t.into()]).ok_or_else(|| CgError(format!("no declaration of {name}")))?;
        let args: Vec<_> = args.iter().map(|a| (*a).into()).collect();
        let r = self.b.build_call(decl, &args, "r")?;
        Ok(r.try_as_basic_value().basic().ok_or_else(|| CgError("intrinsic returns".into()))?.into_float_value())
    }

    pub(super) fn float_op(&self, op: ArithOp, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> CgResult<FloatValue<'ctx>> {
        Ok(match op {
            ArithOp::Add => self.b.build_float_add(a, b, "fadd")?,
            ArithOp::Sub => self.b.build_float_sub(a, b, "fsub")?,
            ArithOp::Mul => self.b.build_float_mul(a, b, "fmul")?,
            ArithOp::Div => self.b.build_float_div(a, b, "fdiv")?,
            ArithOp::Unm => self.b.build_float_neg(a, "fneg")?,
            ArithOp::IDiv => {
                let q = self.b.build_float_div(a, b, "q")?;
                self.float_intrinsic("llvm.floor", &[q])?
            }
            ArithOp::Pow => {
                // luai_numpow: b == 2 ? a * a : pow(a, b)
                let sq = self.b.build_float_mul(a, a, "sq")?;
                let p = self.float_intrinsic("llvm.pow", &[a, b])?;
                let two = self.b.build_float_compare(FloatPredicate::OEQ, b, self.ctx.f64_type().const_float(2.0), "two")?;
                self.b.build_select(two, sq, p, "pow")?.into_float_value()
            }
            ArithOp::Mod => {
                // luai_nummod: m = fmod(a, b); if ((m > 0) ? b < 0 : (m < 0 && b > 0)) m += b;
                let f64t = self.ctx.f64_type();
                let zero = f64t.const_float(0.0);
                let m = self.b.build_float_rem(a, b, "fmod")?;
                let mpos = self.b.build_float_compare(FloatPredicate::OGT, m, zero, "mpos")?;
                let bneg = self.b.build_float_compare(FloatPredicate::OLT, b, zero, "bneg")?;
                let mneg = self.b.build_float_compare(FloatPredicate::OLT, m, zero, "mneg")?;
                let bpos = self.b.build_float_compare(FloatPredicate::OGT, b, zero, "bpos")?;
                let alt = self.b.build_and(mneg, bpos, "alt")?;
                let adj = self.b.build_select(mpos, bneg, alt, "adj")?.into_int_value();
                let mb = self.b.build_float_add(m, b, "mb")?;
                self.b.build_select(adj, mb, m, "mod")?.into_float_value()
            }
            _ => return Err(CgError(format!("no float form of {op:?}"))),
        })
    }

    /// The integer fast path of `op`, given that it applies (see `int_guard`).
    pub(super) fn int_op(&self, op: ArithOp, a: IntValue<'ctx>, b: IntValue<'ctx>) -> CgResult<IntValue<'ctx>> {
        Ok(match op {
            ArithOp::Add => self.b.build_int_add(a, b, "add")?,
            ArithOp::Sub => self.b.build_int_sub(a, b, "sub")?,
            ArithOp::Mul => self.b.build_int_mul(a, b, "mul")?,
            ArithOp::BAnd => self.b.build_and(a, b, "band")?,
            ArithOp::BOr => self.b.build_or(a, b, "bor")?,
            ArithOp::BXor => self.b.build_xor(a, b, "bxor")?,
            ArithOp::Unm => self.b.build_int_sub(self.i64c(0), a, "neg")?,
            ArithOp::BNot => self.b.build_xor(a, self.i64c(u64::MAX), "bnot")?,
            ArithOp::IDiv => {
                // floor division; b is neither 0 nor -1 here
                let q = self.b.build_int_signed_div(a, b, "q")?;
                let r = self.b.build_int_signed_rem(a, b, "r")?;
                let rnz = self.b.build_int_compare(IntPredicate::NE, r, self.i64c(0), "rnz")?;
                let x = self.b.build_xor(a, b, "x")?;
                let neg = self.b.build_int_compare(IntPredicate::SLT, x, self.i64c(0), "neg")?;
                let adj = self.b.build_and(rnz, neg, "adj")?;
                let q1 = self.b.build_int_sub(q, self.i64c(1), "q1")?;
                self.b.build_select(adj, q1, q, "idiv")?.into_int_value()
            }
            ArithOp::Mod => {
                let r = self.b.build_int_signed_rem(a, b, "r")?;
                let rnz = self.b.build_int_compare(IntPredicate::NE, r, self.i64c(0), "rnz")?;
                let x = self.b.build_xor(r, b, "x")?;
                let neg = self.b.build_int_compare(IntPredicate::SLT, x, self.i64c(0), "neg")?;
                let adj = self.b.build_and(rnz, neg, "adj")?;
                let rb = self.b.build_int_add(r, b, "rb")?;
                self.b.build_select(adj, rb, r, "mod")?.into_int_value()
            }
            _ => return Err(CgError(format!("no integer form of {op:?}"))),
        })
    }

    /// Arithmetic and bitwise operators: integer path, float path, runtime fallback.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn arith(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        op: ArithOp,
        a: Val<'ctx>,
        b: Val<'ctx>,
        da: Option<String>,
        db: Option<String>,
        pos: u32,
        mixes: bool,
    ) -> CgResult<Val<'ctx>> {
        let unary = matches!(op, ArithOp::Unm | ArithOp::BNot);
        let has_int = !matches!(op, ArithOp::Div | ArithOp::Pow | ArithOp::Shl | ArithOp::Shr);
        let has_flt = matches!(
            op,
            ArithOp::Add | ArithOp::Sub | ArithOp::Mul | ArithOp::Div | ArithOp::Mod | ArithOp::IDiv | ArithOp::Pow | ArithOp::Unm
        );
        // -O Release: the result as a double too (see Codegen::float_views)
        let viewed = has_flt && self.version_loops;
        // In code that runs once, outside loops, where field reads go through the runtime,
        // so does arithmetic on operands whose tags are not known (a known tag keeps the
        // inline paths, which fold): kernels' compile work 0.8% less. Not in the generic copy
        // of a specialised loop, which also reads fields through the runtime: heapsort's
        // runs often enough that arithmetic calls there made it 25% slower.
        if !self.inline_paths(fs) && fs.loop_depth == 0 && !a.tag.is_const() && (unary || !b.tag.is_const()) {
            let v = self.arith_call(fs, op, a, b, (da, db), pos)?;
            if viewed {
                let fv = self.b.build_bit_cast(v.pay, self.ctx.f64_type(), "view")?.into_float_value();
                self.float_views.insert(v.pay.as_value_ref() as usize, fv);
            }
            return Ok(v);
        }
        let done = self.new_block(fs, "ar.done");
        let slow = self.new_block(fs, "ar.slow");
        let mut incoming: Incoming<'ctx> = Vec::new();
        let mut fincoming = Vec::new();
        if has_flt {
            // Two floats first: nothing to convert, so the path is short (nbody 1.19x
            // faster; integer code measured no slower for the extra test).
            let ff_bb = self.new_block(fs, "ar.ff");
            let next = self.new_block(fs, "ar.notff");
            let a_f = self.tag_is(a, tag::FLT)?;
            let both = if unary { a_f } else { self.b.build_and(a_f, self.tag_is(b, tag::FLT)?, "ff")? };
            self.b.build_conditional_branch(both, ff_bb, next)?;
            self.b.position_at_end(ff_bb);
            let fa = self.float_bits(a)?;
            let fb = if unary { fa } else { self.float_bits(b)? };
            self.float_result(op, fa, fb, done, &mut incoming, &mut fincoming)?;
            self.b.position_at_end(next);
        }
        let a_int = self.tag_is(a, tag::INT)?;
        let b_int = if unary { a_int } else { self.tag_is(b, tag::INT)? };
        let both_int = self.b.build_and(a_int, b_int, "ii")?;
        if has_int {
            let int_bb = self.new_block(fs, "ar.int");
            let next = self.new_block(fs, "ar.notint");
            let mut guard = both_int;
            if matches!(op, ArithOp::IDiv | ArithOp::Mod) {
                // b == 0 raises an error and b == -1 may overflow: both go to the runtime
                let bp1 = self.b.build_int_add(b.pay, self.i64c(1), "bp1")?;
                let special = self.b.build_int_compare(IntPredicate::ULE, bp1, self.i64c(1), "special")?;
                let ok = self.b.build_not(special, "ok")?;
                guard = self.b.build_and(guard, ok, "guard")?;
            }
            self.b.build_conditional_branch(guard, int_bb, next)?;
            self.b.position_at_end(int_bb);
            let r = self.int_op(op, a.pay, b.pay)?;
            incoming.push((Val { tag: self.i64c(tag::INT), pay: r }, self.cur_block()?));
            if viewed {
                fincoming.push((self.b.build_bit_cast(r, self.ctx.f64_type(), "view")?.into_float_value(), self.cur_block()?));
            }
            self.b.build_unconditional_branch(done)?;
            self.b.position_at_end(next);
        }
        // Numbers to convert to floats: inline for / and ^ (two integers take this path), when
        // one side's tag is known (a constant or a typed value, so that the path folds small)
        // and when one side is likely a float (`mixes`: the result of a typed function, of `/`
        // or `^`); other integers mixed with floats go to the runtime, whose arithmetic entry
        // tries numbers first. The kernels of bench/compile_time.sh: 5% less optimised IR.
        // (and always where a slow path leaves a specialised copy: there it would leave)
        let known = !has_int || mixes || a.tag.is_const() || (!unary && b.tag.is_const()) || fs.versioned.leave.is_some();
        if has_flt && known {
            let flt_bb = self.new_block(fs, "ar.flt");
            let an = self.is_num(a)?;
            let bn = if unary { an } else { self.is_num(b)? };
            let both = self.b.build_and(an, bn, "nn")?;
            // int/int for // and % reaches here only for b in {0, -1}: leave it to the runtime
            let guard = if matches!(op, ArithOp::IDiv | ArithOp::Mod) {
                let not_ii = self.b.build_not(both_int, "notii")?;
                self.b.build_and(both, not_ii, "guard")?
            } else {
                both
            };
            self.b.build_conditional_branch(guard, flt_bb, slow)?;
            self.b.position_at_end(flt_bb);
            let fa = self.to_float(a)?;
            let fb = if unary { fa } else { self.to_float(b)? };
            self.float_result(op, fa, fb, done, &mut incoming, &mut fincoming)?;
        } else {
            self.b.build_unconditional_branch(slow)?;
        }
        self.b.position_at_end(slow);
        if self.leave_instead(fs)? {
            self.b.position_at_end(done);
            let v = self.merge(incoming)?;
            if viewed {
                self.add_view(v, &fincoming)?;
            }
            return Ok(v);
        }
        let sv = self.arith_call(fs, op, a, b, (da, db), pos)?;
        incoming.push((sv, self.cur_block()?));
        if viewed {
            fincoming.push((self.b.build_bit_cast(sv.pay, self.ctx.f64_type(), "view")?.into_float_value(), self.cur_block()?));
        }
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let v = self.merge(incoming)?;
        if viewed {
            self.add_view(v, &fincoming)?;
        }
        Ok(v)
    }

    /// `a op b` by the runtime (`lrt_arithv`: numbers, string coercions, metamethods, and
    /// the error naming the operands as `da` and `db` describe them).
    fn arith_call(
        &mut self,
        fs: &FnState<'ctx, '_>,
        op: ArithOp,
        a: Val<'ctx>,
        b: Val<'ctx>,
        (da, db): (Option<String>, Option<String>),
        pos: u32,
    ) -> CgResult<Val<'ctx>> {
        let dap = self.opt_cstr(da);
        let dbp = self.opt_cstr(db);
        self.set_line(fs, pos)?;
        let opc = self.i32c(op as u64);
        let r = self.b.build_call(
            self.rt(RtFn::Arith),
            &[fs.l.into(), opc.into(), a.pay.into(), a.tag.into(), b.pay.into(), b.tag.into(), dap.into(), dbp.into()],
            "ar",
        )?;
        self.result_val(r)
    }

    /// One float path of `arith`: the operation, its result (and float view) recorded for
    /// the merge at `done`, and the branch there.
    fn float_result(
        &mut self,
        op: ArithOp,
        fa: FloatValue<'ctx>,
        fb: FloatValue<'ctx>,
        done: inkwell::basic_block::BasicBlock<'ctx>,
        incoming: &mut Incoming<'ctx>,
        fincoming: &mut Vec<(FloatValue<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)>,
    ) -> CgResult<()> {
        let r = self.float_op(op, fa, fb)?;
        incoming.push((self.flt_val(r)?, self.cur_block()?));
        fincoming.push((r, self.cur_block()?));
        self.b.build_unconditional_branch(done)?;
        Ok(())
    }

    fn unary(&mut self, fs: &mut FnState<'ctx, '_>, op: UnOp, a: &Expr, pos: u32) -> CgResult<Val<'ctx>> {
        // Fold negative numeric literals, which are common.
        if op == UnOp::Neg {
            match a.kind {
                ExprKind::Int(i) => return Ok(self.cval(tag::INT, i.wrapping_neg() as u64)),
                ExprKind::Float(f) => return Ok(self.cval(tag::FLT, (-f).to_bits())),
                _ => {}
            }
        }
        let v = self.expr(fs, a)?;
        let d = describe(a);
        match op {
            UnOp::Not => {
                let t = self.truthy(v)?;
                self.bool_val(self.b.build_not(t, "not")?)
            }
            UnOp::Neg => self.arith(fs, ArithOp::Unm, v, v, d.clone(), d, pos, false),
            UnOp::BNot => self.arith(fs, ArithOp::BNot, v, v, d.clone(), d, pos, false),
            UnOp::Len => {
                let slow = self.new_block(fs, "len.slow");
                let done = self.new_block(fs, "len.done");
                let fast = if self.inline_paths(fs) {
                    Some(self.table_len(fs, v, slow, done)?)
                } else {
                    self.b.build_unconditional_branch(slow)?;
                    None
                };
                self.b.position_at_end(slow);
                let dp = self.opt_cstr(d);
                self.set_line(fs, pos)?;
                let r = self.b.build_call(self.rt(RtFn::Len), &[fs.l.into(), v.pay.into(), v.tag.into(), dp.into()], "len")?;
                let r = self.result_val(r)?;
                let slow_end = self.cur_block()?;
                self.b.build_unconditional_branch(done)?;
                self.b.position_at_end(done);
                self.merge(fast.into_iter().chain([(r, slow_end)]).collect())
            }
        }
    }

    /// `#t` for a table without a metatable: its border straight from lrtH_getn
    /// (`lrt_tablen`), without lrt_lenv's dispatch on types and metamethods (a push's
    /// `t[#t + 1] = v` finds the border next to the last one it found). Branches to `done`
    /// with the length, returned with its block; every other case goes to `slow`.
    fn table_len(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        v: Val<'ctx>,
        slow: inkwell::basic_block::BasicBlock<'ctx>,
        done: inkwell::basic_block::BasicBlock<'ctx>,
    ) -> CgResult<(Val<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)> {
        let plain = self.new_block(fs, "len.plain");
        let t = self.plain_table(fs, v, self.ctx.bool_type().const_int(1, false), plain, slow)?;
        let n = self.b.build_call(self.rt(RtFn::TableLen), &[t.into()], "n")?;
        let n = n.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_tablen returns".into()))?.into_int_value();
        self.b.build_unconditional_branch(done)?;
        Ok((Val { tag: self.i64c(tag::INT), pay: n }, plain))
    }

    /// Branches to `plain` when `pre` holds and `v` is a table without a metatable (whose
    /// pointer is returned, valid there), to `slow` otherwise; the builder is left at `plain`.
    pub(super) fn plain_table(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        v: Val<'ctx>,
        pre: IntValue<'ctx>,
        plain: inkwell::basic_block::BasicBlock<'ctx>,
        slow: inkwell::basic_block::BasicBlock<'ctx>,
    ) -> CgResult<inkwell::values::PointerValue<'ctx>> {
        let table = self.new_block(fs, "plain.table");
        let ok = self.b.build_and(pre, self.tag_is(v, tag::TABLE)?, "table")?;
        self.b.build_conditional_branch(ok, table, slow)?;
        self.b.position_at_end(table);
        let t = self.b.build_int_to_ptr(v.pay, self.ptrt, "t")?;
        let meta = self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_META)?, "meta")?.into_pointer_value();
        self.b.build_conditional_branch(self.b.build_is_null(meta, "nometa")?, plain, slow)?;
        self.b.position_at_end(plain);
        Ok(t)
    }

    pub(super) fn bool_val(&self, c: IntValue<'ctx>) -> CgResult<Val<'ctx>> {
        let t = self.b.build_int_z_extend(c, self.i64t, "b")?;
        let tagv = self.b.build_int_add(t, self.i64c(tag::FALSE), "btag")?;
        Ok(Val { tag: tagv, pay: self.i64c(0) })
    }

    /// Whether `e` is likely a float whatever its operands: a call of a known function whose
    /// typed entry returns a float, or `/` or `^`. `x[j] * A(i, j)` with an integer `x[j]`
    /// then converts it inline (spectral_norm's first pass: 5 million runtime calls).
    fn likely_float(&self, fs: &FnState<'ctx, '_>, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Paren(inner) => self.likely_float(fs, inner),
            ExprKind::Binary(BinOp::Div | BinOp::Pow, ..) => true,
            ExprKind::Call(f, _) => self
                .facts
                .known_callee(fs.meta, f)
                .and_then(|g| self.facts.typed_by_key(g))
                .is_some_and(|t| t.ret == crate::speculate::NumKind::Float),
            _ => false,
        }
    }

    fn binary(&mut self, fs: &mut FnState<'ctx, '_>, op: BinOp, a: &Expr, b: &Expr, pos: u32) -> CgResult<Val<'ctx>> {
        let arith = match op {
            BinOp::Add => Some(ArithOp::Add),
            BinOp::Sub => Some(ArithOp::Sub),
            BinOp::Mul => Some(ArithOp::Mul),
            BinOp::Div => Some(ArithOp::Div),
            BinOp::IDiv => Some(ArithOp::IDiv),
            BinOp::Mod => Some(ArithOp::Mod),
            BinOp::Pow => Some(ArithOp::Pow),
            BinOp::BAnd => Some(ArithOp::BAnd),
            BinOp::BOr => Some(ArithOp::BOr),
            BinOp::BXor => Some(ArithOp::BXor),
            BinOp::Shl => Some(ArithOp::Shl),
            BinOp::Shr => Some(ArithOp::Shr),
            _ => None,
        };
        if let Some(aop) = arith {
            let x = self.expr(fs, a)?;
            let y = self.expr(fs, b)?;
            let (da, db) = (describe(a), describe(b));
            let mixes = self.likely_float(fs, a) || self.likely_float(fs, b);
            return self.arith(fs, aop, x, y, da, db, pos, mixes);
        }
        match op {
            BinOp::And | BinOp::Or => {
                let x = self.expr(fs, a)?;
                let t = self.truthy(x)?;
                let rhs = self.new_block(fs, if op == BinOp::And { "and.rhs" } else { "or.rhs" });
                let done = self.new_block(fs, "logic.done");
                let from = self.cur_block()?;
                if op == BinOp::And {
                    self.b.build_conditional_branch(t, rhs, done)?;
                } else {
                    self.b.build_conditional_branch(t, done, rhs)?;
                }
                self.b.position_at_end(rhs);
                let y = self.expr(fs, b)?;
                let rhs_end = self.cur_block()?;
                self.b.build_unconditional_branch(done)?;
                self.b.position_at_end(done);
                self.merge(vec![(x, from), (y, rhs_end)])
            }
            BinOp::Concat if concat_chain(b).0.len() >= 2 => self.concat_chain(fs, a, b),
            BinOp::Concat => {
                let x = self.expr(fs, a)?;
                let y = self.expr(fs, b)?;
                let (da, db) = (describe(a), describe(b));
                let out = self.alloca_val(fs, "cat")?;
                let ap = self.spill(fs, x)?;
                let bp = self.spill(fs, y)?;
                let dap = self.opt_cstr(da);
                let dbp = self.opt_cstr(db);
                self.set_line(fs, pos)?;
                self.b.build_call(self.rt(RtFn::Concat), &[fs.l.into(), out.into(), ap.into(), bp.into(), dap.into(), dbp.into()], "")?;
                self.load_val(out)
            }
            _ => {
                let c = self.compare(fs, op, a, b, pos)?;
                self.bool_val(c)
            }
        }
    }

    /// A comparison as an i1.
    pub(super) fn compare(&mut self, fs: &mut FnState<'ctx, '_>, op: BinOp, a: &Expr, b: &Expr, pos: u32) -> CgResult<IntValue<'ctx>> {
        let x = self.expr(fs, a)?;
        let y = self.expr(fs, b)?;
        match op {
            BinOp::Eq => self.equal(fs, x, y, pos),
            BinOp::Ne => {
                let e = self.equal(fs, x, y, pos)?;
                Ok(self.b.build_not(e, "ne")?)
            }
            BinOp::Lt => self.less(fs, x, y, false, pos),
            BinOp::Le => self.less(fs, x, y, true, pos),
            BinOp::Gt => self.less(fs, y, x, false, pos),
            BinOp::Ge => self.less(fs, y, x, true, pos),
            _ => Err(CgError(format!("{op:?} is not a comparison"))),
        }
    }

    fn bool_merge(&mut self, incoming: Vec<(IntValue<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)>) -> CgResult<IntValue<'ctx>> {
        let phi = self.b.build_phi(self.ctx.bool_type(), "cmp")?;
        for (v, bb) in &incoming {
            phi.add_incoming(&[(v, *bb)]);
        }
        Ok(phi.as_basic_value().into_int_value())
    }

    pub(super) fn less(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        x: Val<'ctx>,
        y: Val<'ctx>,
        or_equal: bool,
        pos: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let done = self.new_block(fs, "lt.done");
        let int_bb = self.new_block(fs, "lt.int");
        let not_int = self.new_block(fs, "lt.notint");
        let flt_bb = self.new_block(fs, "lt.flt");
        let slow = self.new_block(fs, "lt.slow");
        let xi = self.tag_is(x, tag::INT)?;
        let yi = self.tag_is(y, tag::INT)?;
        let ii = self.b.build_and(xi, yi, "ii")?;
        self.b.build_conditional_branch(ii, int_bb, not_int)?;
        self.b.position_at_end(int_bb);
        let ip = if or_equal { IntPredicate::SLE } else { IntPredicate::SLT };
        let ri = self.b.build_int_compare(ip, x.pay, y.pay, "ilt")?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(not_int);
        let xf = self.tag_is(x, tag::FLT)?;
        let yf = self.tag_is(y, tag::FLT)?;
        let ff = self.b.build_and(xf, yf, "ff")?;
        self.b.build_conditional_branch(ff, flt_bb, slow)?;
        self.b.position_at_end(flt_bb);
        let fx = self.float_bits(x)?;
        let fy = self.float_bits(y)?;
        let fp = if or_equal { FloatPredicate::OLE } else { FloatPredicate::OLT };
        let rf = self.b.build_float_compare(fp, fx, fy, "flt")?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(slow);
        if self.leave_instead(fs)? {
            self.b.position_at_end(done);
            return self.bool_merge(vec![(ri, int_bb), (rf, flt_bb)]);
        }
        self.set_line(fs, pos)?;
        let f = self.rt(if or_equal { RtFn::LessEq } else { RtFn::Less });
        let r = self.b.build_call(f, &[fs.l.into(), x.pay.into(), x.tag.into(), y.pay.into(), y.tag.into()], "lt")?;
        let r = r.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_less returns".into()))?.into_int_value();
        let rs = self.b.build_int_compare(IntPredicate::NE, r, self.i32c(0), "lts")?;
        let slow_end = self.cur_block()?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        self.bool_merge(vec![(ri, int_bb), (rf, flt_bb), (rs, slow_end)])
    }

    pub(super) fn equal(&mut self, fs: &mut FnState<'ctx, '_>, x: Val<'ctx>, y: Val<'ctx>, pos: u32) -> CgResult<IntValue<'ctx>> {
        let done = self.new_block(fs, "eq.done");
        let same = self.new_block(fs, "eq.same");
        let diff = self.new_block(fs, "eq.diff");
        let flt = self.new_block(fs, "eq.flt");
        let other = self.new_block(fs, "eq.other");
        let slow = self.new_block(fs, "eq.slow");
        let f = self.ctx.bool_type().const_int(0, false);
        let mut incoming = Vec::new();
        let same_tag = self.b.build_int_compare(IntPredicate::EQ, x.tag, y.tag, "sametag")?;
        self.b.build_conditional_branch(same_tag, same, diff)?;
        // same tag: floats compare as floats, anything else is equal if the payloads are;
        // strings, tables and userdata may still be equal through the runtime.
        self.b.position_at_end(same);
        let is_flt = self.tag_is(x, tag::FLT)?;
        self.b.build_conditional_branch(is_flt, flt, other)?;
        self.b.position_at_end(flt);
        let fx = self.float_bits(x)?;
        let fy = self.float_bits(y)?;
        incoming.push((self.b.build_float_compare(FloatPredicate::OEQ, fx, fy, "feq")?, flt));
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(other);
        let pay_eq = self.b.build_int_compare(IntPredicate::EQ, x.pay, y.pay, "payeq")?;
        let is_obj = self.b.build_int_compare(IntPredicate::UGE, x.tag, self.i64c(tag::STR), "isobj")?;
        let not_eq = self.b.build_not(pay_eq, "noteq")?;
        let need_rt = self.b.build_and(is_obj, not_eq, "needrt")?;
        let other_fast = self.new_block(fs, "eq.otherfast");
        self.b.build_conditional_branch(need_rt, slow, other_fast)?;
        self.b.position_at_end(other_fast);
        incoming.push((pay_eq, other_fast));
        self.b.build_unconditional_branch(done)?;
        // different tags: only an integer and a float can be equal
        self.b.position_at_end(diff);
        let xn = self.is_num(x)?;
        let yn = self.is_num(y)?;
        let nn = self.b.build_and(xn, yn, "nn")?;
        let diff_fast = self.new_block(fs, "eq.difffast");
        self.b.build_conditional_branch(nn, slow, diff_fast)?;
        self.b.position_at_end(diff_fast);
        incoming.push((f, diff_fast));
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(slow);
        if self.leave_instead(fs)? {
            self.b.position_at_end(done);
            return self.bool_merge(incoming);
        }
        self.set_line(fs, pos)?;
        let r = self.b.build_call(self.rt(RtFn::Equal), &[fs.l.into(), x.pay.into(), x.tag.into(), y.pay.into(), y.tag.into()], "eq")?;
        let r = r.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_equal returns".into()))?.into_int_value();
        let rs = self.b.build_int_compare(IntPredicate::NE, r, self.i32c(0), "eqs")?;
        incoming.push((rs, self.cur_block()?));
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        self.bool_merge(incoming)
    }

    /// A condition as an i1, without materialising booleans for comparisons.
    pub(super) fn cond(&mut self, fs: &mut FnState<'ctx, '_>, e: &Expr) -> CgResult<IntValue<'ctx>> {
        match &e.kind {
            ExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge), a, b) => {
                self.compare(fs, *op, a, b, e.span.lo)
            }
            ExprKind::Unary(UnOp::Not, a) => {
                let c = self.cond(fs, a)?;
                Ok(self.b.build_not(c, "not")?)
            }
            ExprKind::True => Ok(self.ctx.bool_type().const_int(1, false)),
            _ => {
                let v = self.expr(fs, e)?;
                self.truthy(v)
            }
        }
    }

    // ------------------------------------------------------------------ constructors

    fn table(&mut self, fs: &mut FnState<'ctx, '_>, fields: &[Field], pos: u32) -> CgResult<Val<'ctx>> {
        if !self.inline_paths(fs) {
            if let Some(t) = self.const_table(fs, fields)? {
                return Ok(t);
            }
        }
        if !fields.is_empty() && fields.len() <= 64 && fields.iter().all(|f| matches!(f, Field::Named(..))) {
            return self.record(fs, fields);
        }
        if !self.inline_paths(fs) && super::pieces::long_constructor(fields) {
            return self.constructor_in_pieces(fs, fields);
        }
        let npos = fields.iter().filter(|f| matches!(f, Field::Positional(_))).count();
        // an empty constructor gets room for the fields the function stores into it next
        let nhash = if fields.is_empty() { self.facts.table_size(fs.meta, pos).unwrap_or(0) as usize } else { fields.len() - npos };
        let t = self.b.build_call(
            self.rt(RtFn::NewTable),
            &[fs.l.into(), self.i32c(npos as u64).into(), self.i32c(nhash as u64).into()],
            "t",
        )?;
        let t = t.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_newtable returns".into()))?.into_pointer_value();
        let tv = Val { tag: self.i64c(tag::TABLE), pay: self.b.build_ptr_to_int(t, self.i64t, "tp")? };
        // As lua5.4 does: keyed items are stored as they come, positional ones in batches
        // of 50 (lopcodes.h LFIELDS_PER_FLUSH) and at the end, so that `{f(), [1] = x}`
        // ends with f()'s value at 1. Until a keyed item is stored, the array part
        // lrt_newtable made holds every positional item: batches go straight into it.
        let mut pending: Vec<Val<'ctx>> = Vec::new();
        let mut stored = 0u64; // positional items stored so far
        let mut keyed = false;
        for (i, f) in fields.iter().enumerate() {
            match f {
                Field::Positional(e) if i == fields.len() - 1 && e.is_multi() && !self.facts.single_result_call(fs.meta, e) => {
                    self.flush_items(fs, t, &mut pending, &mut stored, keyed)?;
                    let (area, n) = self.multi(fs, e)?;
                    let start = self.i64c(stored + 1);
                    self.b.build_call(self.rt(RtFn::SetList), &[fs.l.into(), t.into(), start.into(), area.into(), n.into()], "")?;
                }
                Field::Positional(e) => {
                    pending.push(self.expr(fs, e)?);
                    if pending.len() == 50 {
                        self.flush_items(fs, t, &mut pending, &mut stored, keyed)?;
                    }
                }
                Field::Named(n, e) => {
                    let v = self.expr(fs, e)?;
                    let k = self.string_const(n.name.as_bytes())?;
                    self.raw_set(fs, t, k, v)?;
                    keyed = true;
                }
                Field::Keyed(k, e) => {
                    let kv = self.expr(fs, k)?;
                    let v = self.expr(fs, e)?;
                    self.set_line(fs, pos)?;
                    self.raw_set(fs, t, kv, v)?;
                    keyed = true;
                }
            }
        }
        self.flush_items(fs, t, &mut pending, &mut stored, keyed)?;
        Ok(tv)
    }

    /// A constructor of constants only, in code that runs once (a data table), with
    /// `CONST_TABLE_MIN` values or more: encoded as data for lrt_consttable, which builds
    /// it, instead of code per item. A 5,000-entry table of records was 250,000 LLVM
    /// instructions in one function and took 8.5 s to compile at -O Release.
    fn const_table(&mut self, fs: &mut FnState<'ctx, '_>, fields: &[Field]) -> CgResult<Option<Val<'ctx>>> {
        let mut enc = ConstTable::default();
        if !enc.table(fields) || enc.values < CONST_TABLE_MIN {
            return Ok(None);
        }
        let words: Vec<_> = enc.words.iter().map(|w| self.i64t.const_int(*w, false)).collect();
        let words = self.i64t.const_array(&words);
        let desc = self.module.add_global(words.get_type(), None, "ctable");
        desc.set_initializer(&words);
        desc.set_constant(true);
        desc.set_linkage(inkwell::module::Linkage::Private);
        let slots: Vec<_> = enc.strs.iter().map(|s| self.string_slot(s).as_pointer_value()).collect();
        let slots = self.ptrt.const_array(&slots);
        let strs = self.module.add_global(slots.get_type(), None, "ctable.strs");
        strs.set_initializer(&slots);
        strs.set_constant(true);
        strs.set_linkage(inkwell::module::Linkage::Private);
        let args = [fs.l.into(), desc.as_pointer_value().into(), strs.as_pointer_value().into()];
        let t = self.b.build_call(self.rt(RtFn::ConstTable), &args, "t")?;
        let t = t.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_consttable returns".into()))?.into_pointer_value();
        Ok(Some(Val { tag: self.i64c(tag::TABLE), pay: self.b.build_ptr_to_int(t, self.i64t, "tp")? }))
    }

    /// A frame array of `n` values for the operands of a record constructor or a
    /// concatenation, which the runtime call after them consumes. Arrays are shared by
    /// every such expression of the function at the same nesting depth (an operand's own
    /// constructors use the next depth's): a 5,000-record data table used to get 5,000
    /// arrays, a 240 KB frame and seconds of code generation.
    fn operand_array(&mut self, fs: &mut FnState<'ctx, '_>, n: u32, name: &str) -> CgResult<inkwell::values::PointerValue<'ctx>> {
        if let Some(p) = fs.operand_arrays.get(&(fs.operand_depth, n)) {
            return Ok(*p);
        }
        let p = self.entry_alloca(fs, self.tvalue.array_type(n), name)?;
        fs.operand_arrays.insert((fs.operand_depth, n), p);
        Ok(p)
    }

    /// Generates `e` as an operand stored into an `operand_array` (its own operand arrays
    /// one level deeper).
    fn operand(&mut self, fs: &mut FnState<'ctx, '_>, e: &Expr) -> CgResult<Val<'ctx>> {
        fs.operand_depth += 1;
        let v = self.expr(fs, e);
        fs.operand_depth -= 1;
        v
    }

    /// `{a = x, b = y}`: the values are evaluated in order into a frame array, and the
    /// runtime builds the table from its constructor site's shape (see lrt_newrecord).
    fn record(&mut self, fs: &mut FnState<'ctx, '_>, fields: &[Field]) -> CgResult<Val<'ctx>> {
        let n = fields.len() as u32;
        let vals = self.operand_array(fs, n, "fields")?;
        let mut keys = Vec::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            let Field::Named(name, e) = f else { return Err(CgError("record with a non-named field".into())) };
            let v = self.operand(fs, e)?;
            self.store_val(self.slot(vals, self.i64c(i as u64))?, v)?;
            keys.push(self.string_slot(name.name.as_bytes()).as_pointer_value());
        }
        let keys_init = self.ptrt.const_array(&keys);
        let kg = self.module.add_global(keys_init.get_type(), None, "record.keys");
        kg.set_initializer(&keys_init);
        kg.set_constant(true);
        kg.set_linkage(inkwell::module::Linkage::Private);
        let site = self.module.add_global(self.ptrt, None, "record.shape");
        site.set_initializer(&self.ptrt.const_null());
        site.set_linkage(inkwell::module::Linkage::Private);
        let t = self.b.build_call(
            self.rt(RtFn::NewRecord),
            &[fs.l.into(), site.as_pointer_value().into(), kg.as_pointer_value().into(), vals.into(), self.i32c(n as u64).into()],
            "t",
        )?;
        let t = t.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_newrecord returns".into()))?.into_pointer_value();
        Ok(Val { tag: self.i64c(tag::TABLE), pay: self.b.build_ptr_to_int(t, self.i64t, "tp")? })
    }

    /// `a .. b .. c ...` (three operands or more): all evaluated in order, then joined by
    /// lrt_concatn in one allocation per run of strings and numbers.
    fn concat_chain(&mut self, fs: &mut FnState<'ctx, '_>, a: &Expr, rest: &Expr) -> CgResult<Val<'ctx>> {
        let (tail, pos) = concat_chain(rest);
        let mut ops = vec![a];
        ops.extend(tail);
        let n = ops.len() as u32;
        let vals = self.operand_array(fs, n, "cat")?;
        let mut descs = Vec::with_capacity(ops.len());
        for (i, e) in ops.iter().enumerate() {
            let v = self.operand(fs, e)?;
            self.store_val(self.slot(vals, self.i64c(i as u64))?, v)?;
            descs.push(self.opt_cstr(describe(e)));
        }
        let table = self.ptrt.const_array(&descs);
        let g = self.module.add_global(table.get_type(), None, "concat.names");
        g.set_initializer(&table);
        g.set_constant(true);
        g.set_linkage(inkwell::module::Linkage::Private);
        g.set_unnamed_addr(true);
        self.set_line(fs, pos)?;
        self.b.build_call(
            self.rt(RtFn::ConcatN),
            &[fs.l.into(), vals.into(), self.i32c(n as u64).into(), g.as_pointer_value().into()],
            "",
        )?;
        self.load_val(vals)
    }

    /// Stores a constructor's pending positional items: directly into the array part while
    /// no keyed item can have resized it, through the runtime otherwise.
    fn flush_items(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        t: inkwell::values::PointerValue<'ctx>,
        pending: &mut Vec<Val<'ctx>>,
        stored: &mut u64,
        keyed: bool,
    ) -> CgResult<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let arr = if keyed {
            None
        } else {
            Some(self.b.build_load(self.ptrt, self.byte_gep(t, offset::TABLE_ARR)?, "arr")?.into_pointer_value())
        };
        for v in pending.drain(..) {
            *stored += 1;
            match arr {
                Some(a) => self.store_val(self.slot(a, self.i64c(*stored - 1))?, v)?,
                None => {
                    let k = self.cval(tag::INT, *stored);
                    self.raw_set(fs, t, k, v)?;
                }
            }
        }
        if arr.is_some() {
            // (evaluating the items may have collected the table into the old generation)
            self.gc_barrier(fs, t)?;
        }
        Ok(())
    }

    pub(super) fn raw_set(
        &mut self,
        fs: &mut FnState<'ctx, '_>,
        t: inkwell::values::PointerValue<'ctx>,
        k: Val<'ctx>,
        v: Val<'ctx>,
    ) -> CgResult<()> {
        self.b.build_call(self.rt(RtFn::RawSet), &[fs.l.into(), t.into(), k.pay.into(), k.tag.into(), v.pay.into(), v.tag.into()], "")?;
        Ok(())
    }

    pub(super) fn closure(&mut self, fs: &mut FnState<'ctx, '_>, f: &Function) -> CgResult<Val<'ctx>> {
        let fixed: Vec<bool> = f
            .meta
            .upvals
            .iter()
            .map(|uv| match uv.from {
                UpvalFrom::ParentLocal(id) => !fs.meta.meta.locals[id].assigned,
                UpvalFrom::ParentUpval(j) => fs.upval_fixed[j],
            })
            .collect();
        let func = self.function(f, super::ChunkKind::Nested, &fixed)?;
        let info =
            self.module.get_global(&format!("info.{}", self.fn_count_of(func)?)).ok_or_else(|| CgError("function info missing".into()))?;
        let nup = f.meta.upvals.len() as u64;
        let fnp = func.as_global_value().as_pointer_value();
        // The boxes first, then the closure, which is filled before anything else is
        // allocated: it is still young then, and needs no write barrier.
        let mut boxes = Vec::with_capacity(f.meta.upvals.len());
        for uv in &f.meta.upvals {
            let bx = match uv.from {
                // a local never assigned lives in a register: the closure gets a box of its own
                UpvalFrom::ParentLocal(id) if !fs.meta.meta.locals[id].assigned => {
                    let v = self.read_local(fs, id)?;
                    let bx = self.b.build_call(self.rt(RtFn::NewUpval), &[fs.l.into()], "box")?;
                    let bx = bx.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_newupval returns".into()))?.into_pointer_value();
                    self.store_val(self.byte_gep(bx, offset::UPVAL_VALUE)?, v)?;
                    bx
                }
                UpvalFrom::ParentLocal(id) => self.local_box(fs, id)?,
                UpvalFrom::ParentUpval(j) => fs.upvals[j],
            };
            boxes.push(bx);
        }
        let cl = self.b.build_call(
            self.rt(RtFn::NewClosure),
            &[fs.l.into(), fnp.into(), info.as_pointer_value().into(), self.i32c(nup).into()],
            "cl",
        )?;
        let cl = cl.try_as_basic_value().basic().ok_or_else(|| CgError("lrt_newclosure returns".into()))?.into_pointer_value();
        for (i, bx) in boxes.into_iter().enumerate() {
            let p = self.byte_gep(cl, offset::CLOSURE_UPVALS + 8 * i as u64)?;
            self.b.build_store(p, bx)?;
        }
        Ok(Val { tag: self.i64c(tag::FUNC), pay: self.b.build_ptr_to_int(cl, self.i64t, "clp")? })
    }

    pub(super) fn fn_count_of(&self, func: inkwell::values::FunctionValue<'ctx>) -> CgResult<usize> {
        let name = func.get_name().to_string_lossy().into_owned();
        name.rsplit('.').next().and_then(|n| n.parse().ok()).ok_or_else(|| CgError(format!("unexpected function name {name}")))
    }
}

/// The operands after the first of a chain `a .. b .. c` (right-associative: `b .. c` is the
/// right operand of the first `..`; a parenthesised chain is one operand, as in lua5.4),
/// and where the chain's last `..` is: lua5.4 codes the whole chain there, so errors report
/// its line.
fn concat_chain(e: &Expr) -> (Vec<&Expr>, u32) {
    let mut out = Vec::new();
    let (mut e, mut last) = (e, e.span.lo);
    while let ExprKind::Binary(BinOp::Concat, a, b) = &e.kind {
        out.push(&**a);
        last = e.span.lo;
        e = b;
    }
    out.push(e);
    (out, last)
}

/// Constructors with fewer values than this are generated as code (as fast to build, and
/// small).
const CONST_TABLE_MIN: usize = 16;

/// The encoding of a constructor of constants for lrt_consttable (rt/src/table.c gives the
/// format): the words, the distinct strings they index, and how many values they hold.
#[derive(Default)]
struct ConstTable {
    words: Vec<u64>,
    strs: Vec<Vec<u8>>,
    index: std::collections::HashMap<Vec<u8>, u64>,
    values: usize,
}

impl ConstTable {
    /// Encodes `{...}`, if it has positional and `name =` items of constants only.
    fn table(&mut self, fields: &[Field]) -> bool {
        let npos = fields.iter().filter(|f| matches!(f, Field::Positional(_))).count() as u64;
        let nnamed = fields.iter().filter(|f| matches!(f, Field::Named(..))).count() as u64;
        // (lrt_consttable sizes the table with two int32 counts)
        if npos + nnamed != fields.len() as u64 || npos > i32::MAX as u64 || nnamed > i32::MAX as u64 {
            return false; // `[k] = v` items
        }
        self.words.push(npos | nnamed << 32);
        for f in fields {
            if let Field::Positional(e) = f {
                if !self.value(e) {
                    return false;
                }
            }
        }
        for f in fields {
            if let Field::Named(name, e) = f {
                let k = self.string(name.name.as_bytes());
                self.words.push(k);
                if !self.value(e) {
                    return false;
                }
            }
        }
        true
    }

    fn value(&mut self, e: &Expr) -> bool {
        self.values += 1;
        let (t, payload) = match &e.kind {
            ExprKind::Nil => (tag::NIL, None),
            ExprKind::False => (tag::FALSE, None),
            ExprKind::True => (tag::TRUE, None),
            ExprKind::Int(i) => (tag::INT, Some(*i as u64)),
            ExprKind::Float(f) => (tag::FLT, Some(f.to_bits())),
            ExprKind::Unary(UnOp::Neg, x) => match x.kind {
                ExprKind::Int(i) => (tag::INT, Some(i.wrapping_neg() as u64)),
                ExprKind::Float(f) => (tag::FLT, Some((-f).to_bits())),
                _ => return false,
            },
            ExprKind::Str(s) => (tag::STR, Some(self.string(s))),
            ExprKind::Paren(x) => {
                self.values -= 1;
                return self.value(x);
            }
            ExprKind::Table(fields) => {
                self.words.push(tag::TABLE);
                return self.table(fields);
            }
            _ => return false,
        };
        self.words.push(t);
        self.words.extend(payload);
        true
    }

    fn string(&mut self, s: &[u8]) -> u64 {
        if let Some(i) = self.index.get(s) {
            return *i;
        }
        let i = self.strs.len() as u64;
        self.strs.push(s.to_vec());
        self.index.insert(s.to_vec(), i);
        i
    }
}
