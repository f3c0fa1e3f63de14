//! The runtime functions generated code calls: one variant per C function of the
//! "codegen ABI" section of rt/include/flua.h, with its symbol and LLVM type side by side.
//! Functions are declared in the module on first use.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::context::Context;
use inkwell::module::Module;
use inkwell::types::{BasicMetadataTypeEnum, FunctionType};
use inkwell::values::FunctionValue;
use inkwell::AddressSpace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RtFn {
    Arith,
    Concat,
    ConcatN,
    Len,
    Equal,
    Less,
    LessEq,
    Index,
    IndexStr,
    Method,
    SetIndex,
    SetField,
    Call,
    NewTable,
    NewRecord,
    ConstTable,
    RawSet,
    SetList,
    NewClosure,
    NewUpval,
    GcTouch,
    ForPrep,
    Next,
    TableLen,
    Append,
    CheckStack,
    StackOverflow,
    TypedOverflow,
    InternAll,
    Bundle,
    TbcPush,
    TbcPop,
}

/// Parameter and result kinds, to keep the table below readable. `Val` is a Lua value in
/// registers: two i64 parameters (payload, tag), or an `{i64, i64}` result.
#[derive(Clone, Copy)]
enum P {
    Ptr,
    I32,
    I64,
    Val,
}

impl RtFn {
    #[cfg(test)]
    pub const ALL: &'static [RtFn] = &[
        RtFn::Arith,
        RtFn::Concat,
        RtFn::ConcatN,
        RtFn::Len,
        RtFn::Equal,
        RtFn::Less,
        RtFn::LessEq,
        RtFn::Index,
        RtFn::IndexStr,
        RtFn::Method,
        RtFn::SetIndex,
        RtFn::SetField,
        RtFn::Call,
        RtFn::NewTable,
        RtFn::NewRecord,
        RtFn::ConstTable,
        RtFn::RawSet,
        RtFn::SetList,
        RtFn::NewClosure,
        RtFn::NewUpval,
        RtFn::GcTouch,
        RtFn::ForPrep,
        RtFn::Next,
        RtFn::TableLen,
        RtFn::Append,
        RtFn::CheckStack,
        RtFn::StackOverflow,
        RtFn::TypedOverflow,
        RtFn::InternAll,
        RtFn::Bundle,
        RtFn::TbcPush,
        RtFn::TbcPop,
    ];

    /// Symbol, return kind (None = void) and parameters.
    fn signature(self) -> (&'static str, Option<P>, &'static [P]) {
        use P::*;
        match self {
            RtFn::Arith => ("lrt_arithv", Some(Val), &[Ptr, I32, Val, Val, Ptr, Ptr]),
            RtFn::Concat => ("lrt_concat", None, &[Ptr, Ptr, Ptr, Ptr, Ptr, Ptr]),
            RtFn::ConcatN => ("lrt_concatn", None, &[Ptr, Ptr, I32, Ptr]),
            RtFn::Len => ("lrt_lenv", Some(Val), &[Ptr, Val, Ptr]),
            RtFn::Equal => ("lrt_equalv", Some(I32), &[Ptr, Val, Val]),
            RtFn::Less => ("lrt_lessv", Some(I32), &[Ptr, Val, Val]),
            RtFn::LessEq => ("lrt_lesseqv", Some(I32), &[Ptr, Val, Val]),
            RtFn::Index => ("lrt_indexv", Some(Val), &[Ptr, Val, Val, Ptr]),
            RtFn::IndexStr => ("lrt_index_strv", Some(Val), &[Ptr, Val, Ptr, Ptr, Ptr]),
            RtFn::Method => ("lrt_methodv", Some(Val), &[Ptr, Val, Ptr, Ptr, Ptr]),
            RtFn::SetIndex => ("lrt_setindexv", None, &[Ptr, Val, Val, Val, Ptr]),
            RtFn::SetField => ("lrt_setfieldv", None, &[Ptr, Val, Ptr, Val, Ptr, Ptr]),
            RtFn::Call => ("lrt_callv", Some(I32), &[Ptr, Val, Ptr, I32, Ptr]),
            RtFn::NewTable => ("lrt_newtable", Some(Ptr), &[Ptr, I32, I32]),
            RtFn::NewRecord => ("lrt_newrecord", Some(Ptr), &[Ptr, Ptr, Ptr, Ptr, I32]),
            RtFn::ConstTable => ("lrt_consttable", Some(Ptr), &[Ptr, Ptr, Ptr]),
            RtFn::RawSet => ("lrt_rawsetv", None, &[Ptr, Ptr, Val, Val]),
            RtFn::SetList => ("lrt_setlist", None, &[Ptr, Ptr, I64, Ptr, I32]),
            RtFn::NewClosure => ("lrt_newclosure", Some(Ptr), &[Ptr, Ptr, Ptr, I32]),
            RtFn::NewUpval => ("lrt_newupval", Some(Ptr), &[Ptr]),
            RtFn::GcTouch => ("lrt_gc_touch", None, &[Ptr, Ptr]),
            RtFn::ForPrep => ("lrt_forprep", Some(I32), &[Ptr, Ptr, Ptr, Ptr]),
            RtFn::Next => ("lrt_next", Some(I32), &[Ptr, Ptr, Ptr, Ptr]),
            RtFn::TableLen => ("lrt_tablen", Some(I64), &[Ptr]),
            RtFn::Append => ("lrt_append", None, &[Ptr, Ptr, Val]),
            RtFn::CheckStack => ("lrt_checkstack", None, &[Ptr, Ptr]),
            RtFn::StackOverflow => ("lrt_stackoverflow", None, &[Ptr]),
            RtFn::TypedOverflow => ("lrt_typed_overflow", None, &[Ptr, Ptr, I32]),
            RtFn::InternAll => ("lrt_intern_all", None, &[Ptr, Ptr, I64]),
            RtFn::Bundle => ("lrt_bundle", None, &[Ptr, Ptr, Ptr, Ptr, Ptr]),
            RtFn::TbcPush => ("lrt_tbc_push", None, &[Ptr, Ptr, Ptr]),
            RtFn::TbcPop => ("lrt_tbc_pop", None, &[Ptr]),
        }
    }

    pub fn symbol(self) -> &'static str {
        self.signature().0
    }

    /// Never returns: LLVM may treat the call as the end of the path.
    fn is_noreturn(self) -> bool {
        matches!(self, RtFn::StackOverflow | RtFn::TypedOverflow)
    }

    /// Only reached on slow paths: LLVM lays out the calling code out of line.
    fn is_cold(self) -> bool {
        matches!(
            self,
            RtFn::StackOverflow
                | RtFn::TypedOverflow
                | RtFn::Arith
                | RtFn::Concat
                | RtFn::ConcatN
                | RtFn::Call
                | RtFn::Index
                | RtFn::SetIndex
                | RtFn::GcTouch
        )
    }

    fn fn_type<'ctx>(self, ctx: &'ctx Context) -> FunctionType<'ctx> {
        let (_, ret, params) = self.signature();
        let ptr = ctx.ptr_type(AddressSpace::default());
        let i64t = ctx.i64_type();
        let param_types: Vec<BasicMetadataTypeEnum> = params
            .iter()
            .flat_map(|p| match p {
                P::Ptr => vec![ptr.into()],
                P::I32 => vec![ctx.i32_type().into()],
                P::I64 => vec![i64t.into()],
                P::Val => vec![i64t.into(), i64t.into()],
            })
            .collect();
        match ret {
            None => ctx.void_type().fn_type(&param_types, false),
            Some(P::Ptr) => ptr.fn_type(&param_types, false),
            Some(P::I32) => ctx.i32_type().fn_type(&param_types, false),
            Some(P::I64) => i64t.fn_type(&param_types, false),
            Some(P::Val) => ctx.struct_type(&[i64t.into(), i64t.into()], false).fn_type(&param_types, false),
        }
    }

    pub fn declare<'ctx>(self, ctx: &'ctx Context, module: &Module<'ctx>) -> FunctionValue<'ctx> {
        if let Some(f) = module.get_function(self.symbol()) {
            return f;
        }
        let f = module.add_function(self.symbol(), self.fn_type(ctx), None);
        let attr = |name: &str| ctx.create_enum_attribute(Attribute::get_named_enum_kind_id(name), 0);
        f.add_attribute(AttributeLoc::Function, attr("nounwind"));
        if self.is_noreturn() {
            f.add_attribute(AttributeLoc::Function, attr("noreturn"));
        }
        if self.is_cold() {
            f.add_attribute(AttributeLoc::Function, attr("cold"));
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every runtime function codegen calls is declared in the runtime's header.
    #[test]
    fn table_matches_runtime_header() {
        let header = include_str!("../../rt/include/flua.h");
        for f in RtFn::ALL {
            let decl = format!("{}(", f.symbol());
            let line =
                header.lines().find(|l| l.starts_with("LRT_API") && (l.contains(&format!(" {decl}")) || l.contains(&format!("*{decl}"))));
            let line = line.unwrap_or_else(|| panic!("{} is not declared in rt/include/flua.h", f.symbol()));
            let params: usize = f.signature().2.iter().map(|p| if matches!(p, P::Val) { 2 } else { 1 }).sum();
            assert_eq!(line.matches(',').count() + 1, params, "parameter count of {}", f.symbol());
        }
    }
}
