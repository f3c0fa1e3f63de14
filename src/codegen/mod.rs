//! LLVM code generation through inkwell. Every Lua function becomes one native function
//! with the generic entry `i32 f(LState *L, LClosure *self, TValue *base, i32 nargs)`:
//! arguments arrive at base[0..nargs), results leave at base[0..n) and n is returned.
//! Values are `{i64 payload, i64 tag}` pairs; locals live in entry-block allocas (SROA puts
//! them in registers) or, when captured by a closure and assigned again, in heap boxes
//! (`UpVal`); closures get their own boxed copy of a captured local never assigned.
//!
//! Fast paths (integer and float arithmetic, comparisons, array-part indexing, calls of
//! functions) are emitted inline; everything else calls the runtime (see `runtime.rs`).

mod call;
mod expr;
mod func;
mod pieces;
pub mod runtime;
mod stmt;
mod typed;
pub mod value;

use std::collections::HashMap;

use inkwell::builder::{Builder, BuilderError};
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{FunctionType, IntType, PointerType, StructType};
use inkwell::values::{FloatValue, FunctionValue, GlobalValue, IntValue, PointerValue};
use inkwell::AddressSpace;

use crate::speculate::{Facts, FnKey};
use crate::syntax::ast::{Chunk, Expr, ExprKind, LocalId, Res};
use runtime::RtFn;

#[derive(Debug)]
pub struct CgError(pub String);

impl From<BuilderError> for CgError {
    fn from(e: BuilderError) -> Self {
        CgError(format!("LLVM builder: {e}"))
    }
}

pub type CgResult<T> = Result<T, CgError>;

/// A Lua value in registers: tag and payload, both i64.
#[derive(Clone, Copy, Debug)]
pub struct Val<'ctx> {
    pub tag: IntValue<'ctx>,
    pub pay: IntValue<'ctx>,
}

pub struct Codegen<'ctx> {
    ctx: &'ctx Context,
    pub module: Module<'ctx>,
    b: Builder<'ctx>,
    i32t: IntType<'ctx>,
    i64t: IntType<'ctx>,
    ptrt: PointerType<'ctx>,
    tvalue: StructType<'ctx>,
    lua_fn: FunctionType<'ctx>,
    /// Interned string constants: one global slot each, filled by `flua_init`.
    strings: HashMap<Vec<u8>, GlobalValue<'ctx>>,
    string_order: Vec<(Vec<u8>, GlobalValue<'ctx>)>,
    cstrings: HashMap<String, PointerValue<'ctx>>,
    chunkname: String,
    line_starts: Vec<usize>,
    fn_count: usize,
    /// Bundled modules: name, chunk name, function, FuncInfo.
    modules: Vec<(String, String, FunctionValue<'ctx>, PointerValue<'ctx>)>,
    /// What the speculate pass proved about the program.
    facts: Facts,
    /// The native function of each Lua function generated so far.
    fnvals: HashMap<FnKey, FunctionValue<'ctx>>,
    /// -O Release: loops get copies specialised on number kinds (LLVM's constant
    /// propagation is what makes them pay, and they cost code size) and small known
    /// functions are inlined.
    pub version_loops: bool,
    /// -O Release: values (by their payload's LLVM value) that also exist as a `double`
    /// with the same bits: arithmetic results, field reads, reads of locals with a view.
    /// Float operators use the double, and shadows and views store it, so that floats go
    /// from operator to operator without moves between integer and floating-point
    /// registers. Keyed by address: code generation never erases a value that could be a
    /// payload, so none is reused.
    float_views: HashMap<usize, FloatValue<'ctx>>,
    /// The inline caches of field accesses, by function, `IcSite`, key and whether they
    /// are method lookups (whose caches are larger): a loop's two copies share theirs, so
    /// that a slow path the generic copy runs for a site fills the cache the specialised
    /// copy probes.
    ics: HashMap<(FnKey, IcSite, Vec<u8>, bool), PointerValue<'ctx>>,
}

/// Which field accesses share an inline cache. Those of one key on one local, upvalue or
/// the globals share one per function: they are usually of the same table, so that in
/// `o.n = o.n + 1` the store's probe repeats the read's loads and LLVM folds them. Any
/// other object (`a.b.c`, a call's result) has a cache per access, at its position.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum IcSite {
    At(u32),
    Local(LocalId),
    Upval(usize),
    Globals,
}

/// A field access: where it is (the line its errors report) and the cache it uses.
#[derive(Clone, Copy)]
pub(super) struct Access {
    pub pos: u32,
    pub cache: IcSite,
}

impl Access {
    /// The access at `pos` to a field of `obj`.
    pub(super) fn of(obj: &Expr, pos: u32) -> Access {
        Access { pos, cache: IcSite::of(obj, pos) }
    }
}

impl IcSite {
    /// The cache of an access to a field of `obj` at `pos`.
    pub(super) fn of(obj: &Expr, pos: u32) -> IcSite {
        match &obj.kind {
            ExprKind::Name(_, Res::Local(id)) => IcSite::Local(*id),
            ExprKind::Name(_, Res::Upval(i)) => IcSite::Upval(*i),
            ExprKind::Paren(inner) => IcSite::of(inner, pos),
            _ => IcSite::At(pos),
        }
    }
}

/// What a generated function is: the program's main chunk, a bundled module's chunk, or a
/// function nested in either.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChunkKind {
    Main,
    Module,
    Nested,
}

impl<'ctx> Codegen<'ctx> {
    pub fn new(ctx: &'ctx Context, chunkname: &str, src: &str, facts: Facts) -> Self {
        let module = ctx.create_module(chunkname);
        let i64t = ctx.i64_type();
        let ptrt = ctx.ptr_type(AddressSpace::default());
        let tvalue = ctx.opaque_struct_type("TValue");
        tvalue.set_body(&[i64t.into(), i64t.into()], false);
        let lua_fn = ctx.i32_type().fn_type(&[ptrt.into(), ptrt.into(), ptrt.into(), ctx.i32_type().into()], false);
        let mut line_starts = vec![0];
        line_starts.extend(src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Codegen {
            ctx,
            module,
            b: ctx.create_builder(),
            i32t: ctx.i32_type(),
            i64t,
            ptrt,
            tvalue,
            lua_fn,
            strings: HashMap::new(),
            string_order: Vec::new(),
            cstrings: HashMap::new(),
            chunkname: chunkname.to_string(),
            line_starts,
            fn_count: 0,
            modules: Vec::new(),
            facts,
            fnvals: HashMap::new(),
            version_loops: false,
            float_views: HashMap::new(),
            ics: HashMap::new(),
        }
    }

    /// The source that the next chunk comes from (for positions in messages).
    pub fn set_source(&mut self, chunkname: &str, src: &str) {
        self.chunkname = chunkname.to_string();
        self.line_starts = vec![0];
        self.line_starts.extend(src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
    }

    /// Declares the native functions of a chunk's nested functions (before any code is
    /// generated, so that calls can reach them directly whatever the order).
    pub fn declare_functions(&mut self, chunk: &Chunk) {
        self.declare_nested(&chunk.main);
    }

    /// The program's main chunk: `flua_main`.
    pub fn compile_main(&mut self, chunk: &Chunk) -> CgResult<()> {
        self.function(&chunk.main, ChunkKind::Main, &vec![false; chunk.main.meta.upvals.len()])?;
        Ok(())
    }

    /// A module bundled for `require name`, registered with the runtime by `flua_init`.
    pub fn compile_module(&mut self, name: &str, chunk: &Chunk) -> CgResult<()> {
        let f = self.function(&chunk.main, ChunkKind::Module, &vec![false; chunk.main.meta.upvals.len()])?;
        let info =
            self.module.get_global(&format!("info.{}", self.fn_count_of(f)?)).ok_or_else(|| CgError("module info missing".into()))?;
        self.modules.push((name.to_string(), self.chunkname.clone(), f, info.as_pointer_value()));
        Ok(())
    }

    /// Finishes the module: `flua_init`.
    pub fn finish(&mut self) -> CgResult<()> {
        self.emit_init()
    }

    fn line_of(&self, pos: u32) -> u32 {
        match self.line_starts.binary_search(&(pos as usize)) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    fn rt(&self, f: RtFn) -> FunctionValue<'ctx> {
        f.declare(self.ctx, &self.module)
    }

    fn i64c(&self, v: u64) -> IntValue<'ctx> {
        self.i64t.const_int(v, false)
    }

    fn i32c(&self, v: u64) -> IntValue<'ctx> {
        self.i32t.const_int(v, false)
    }

    fn cval(&self, tag: u64, pay: u64) -> Val<'ctx> {
        Val { tag: self.i64c(tag), pay: self.i64c(pay) }
    }

    fn nil(&self) -> Val<'ctx> {
        self.cval(value::tag::NIL, 0)
    }

    /// A NUL-terminated constant C string (for error descriptions and names).
    fn cstr(&mut self, s: &str) -> PointerValue<'ctx> {
        if let Some(p) = self.cstrings.get(s) {
            return *p;
        }
        let bytes = self.ctx.const_string(s.as_bytes(), true);
        let g = self.module.add_global(bytes.get_type(), None, &format!("cstr.{}", self.cstrings.len()));
        g.set_initializer(&bytes);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        g.set_unnamed_addr(true);
        let p = g.as_pointer_value();
        self.cstrings.insert(s.to_string(), p);
        p
    }

    fn opt_cstr(&mut self, s: Option<String>) -> PointerValue<'ctx> {
        match s {
            Some(s) => self.cstr(&s),
            None => self.ptrt.const_null(),
        }
    }

    /// The global slot holding the interned string `s`.
    fn string_slot(&mut self, s: &[u8]) -> GlobalValue<'ctx> {
        if let Some(g) = self.strings.get(s) {
            return *g;
        }
        let g = self.module.add_global(self.ptrt, None, &format!("str.{}", self.strings.len()));
        g.set_initializer(&self.ptrt.const_null());
        g.set_linkage(Linkage::Private);
        self.strings.insert(s.to_vec(), g);
        self.string_order.push((s.to_vec(), g));
        g
    }

    /// `flua_init(L)`: interns every string constant of the program at start-up.
    fn emit_init(&mut self) -> CgResult<()> {
        let ft = self.ctx.void_type().fn_type(&[self.ptrt.into()], false);
        let f = self.module.add_function("flua_init", ft, None);
        self.mark_runs_once(f);
        let entry = self.ctx.append_basic_block(f, "entry");
        self.b.position_at_end(entry);
        let l = f.get_nth_param(0).ok_or_else(|| CgError("flua_init has no parameter".into()))?.into_pointer_value();
        let bundle = self.rt(RtFn::Bundle);
        for (name, path, f, info) in std::mem::take(&mut self.modules) {
            let n = self.cstr(&name);
            let p = self.cstr(&path);
            let fp = f.as_global_value().as_pointer_value();
            self.b.build_call(bundle, &[l.into(), n.into(), p.into(), fp.into(), info.into()], "")?;
        }
        // One table of (bytes, length, slot) for lrt_intern_all rather than a call per
        // string: a program's few hundred constants (or a data file's thousands) cost no
        // code.
        let order = std::mem::take(&mut self.string_order);
        let mut entries = Vec::with_capacity(order.len());
        for (i, (bytes, slot)) in order.iter().enumerate() {
            let data = self.ctx.const_string(bytes, true);
            let g = self.module.add_global(data.get_type(), None, &format!("strdata.{i}"));
            g.set_initializer(&data);
            g.set_constant(true);
            g.set_linkage(Linkage::Private);
            let len = self.i64c(bytes.len() as u64);
            entries.push(self.ctx.const_struct(&[g.as_pointer_value().into(), len.into(), slot.as_pointer_value().into()], false));
        }
        if !entries.is_empty() {
            let entry_t = self.ctx.struct_type(&[self.ptrt.into(), self.i64t.into(), self.ptrt.into()], false);
            let table = entry_t.const_array(&entries);
            let g = self.module.add_global(table.get_type(), None, "strconsts");
            g.set_initializer(&table);
            g.set_constant(true);
            g.set_linkage(Linkage::Private);
            let n = self.i64c(entries.len() as u64);
            self.b.build_call(self.rt(RtFn::InternAll), &[l.into(), g.as_pointer_value().into(), n.into()], "")?;
        }
        self.b.build_return(None)?;
        Ok(())
    }
}
