//! The value and object layouts that generated code touches, mirrored from
//! rt/include/flua.h. `tests::layout_matches_runtime_header` compiles a C file asserting
//! every constant here against the header, so the two cannot drift apart.

/// Type tags (`LTag`). Falsy values are exactly the tags <= FALSE.
pub mod tag {
    pub const NIL: u64 = 0;
    pub const FALSE: u64 = 1;
    pub const TRUE: u64 = 2;
    pub const INT: u64 = 3;
    pub const FLT: u64 = 4;
    pub const STR: u64 = 5;
    pub const TABLE: u64 = 6;
    pub const FUNC: u64 = 7;
}

/// Byte offsets of fields generated code reads or writes.
pub mod offset {
    pub const STATE_CI: u64 = 0;
    pub const STATE_CI_LAST: u64 = 8;
    pub const STATE_STACK_LAST: u64 = 16;
    pub const STATE_TOP: u64 = 32;
    pub const STATE_CSTACK_LIMIT: u64 = 40;
    pub const CI_INFO: u64 = 0;
    pub const CI_LINE: u64 = 8;
    pub const CI_CALLDESC: u64 = 16;
    pub const CI_SIZE: u64 = 24;
    pub const CLOSURE_FN: u64 = 16;
    pub const CLOSURE_INFO: u64 = 24;
    pub const FUNCINFO_WHAT: u64 = 20;
    pub const CLOSURE_UPVALS: u64 = 40;
    pub const UPVAL_VALUE: u64 = 16;
    pub const TABLE_ARR: u64 = 16;
    pub const TABLE_ASIZE: u64 = 24;
    pub const TABLE_META: u64 = 32;
    pub const TABLE_NODE: u64 = 40;
    pub const TABLE_HSIZE: u64 = 48;
    /// A table's `keybits`, a 32-bit filter of its hash part's keys (`key_bit`).
    pub const TABLE_KEYBITS: u64 = 60;
    pub const TABLE_FLAGS: u64 = 64;
    /// The bit of `__gc` in a table's `flags` (set: the table has no `__gc` field).
    pub const TM_GC: u64 = 2;
    pub const NODE_SIZE: u64 = 32;
    pub const NODE_VAL: u64 = 16;
    pub const STATE_GLOBALS: u64 = 24;
    pub const TVALUE_SIZE: u64 = 16;
    pub const TVALUE_TAG: u64 = 8;
    /// Every object's `GCObj.marked` byte, and its generation bits.
    pub const GC_MARKED_BYTE: u64 = 13;
    pub const GC_OLD: u64 = 8;
    pub const GC_TOUCHED: u64 = 16;
}

/// Operator numbers of `lrt_arith` (the LRT_OP* enum).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    Add = 0,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
}

/// `lrtH_mix(lrtS_hash(s))` (rt/include/flua.h): a short string key's home slot in a hash
/// part of `hsize` slots is this `& (hsize - 1)`. None for long strings (hashed lazily).
pub fn str_home(s: &[u8]) -> Option<u64> {
    if s.len() > 40 {
        return None; // LRT_MAXSHORTLEN
    }
    let mut h: u32 = 2166136261u32 ^ (s.len() as u32);
    for &b in s {
        h = (h ^ b as u32).wrapping_mul(16777619);
    }
    h ^= h >> 15;
    h = h.wrapping_mul(0x2c1b3c6d);
    h ^= h >> 12;
    let mut x = h as u64;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51afd7ed558ccd);
    x ^= x >> 33;
    Some(x)
}

/// `lrtH_keybit(mixed)` (rt/include/flua.h): a key's bit in its table's `keybits` filter,
/// from the top five bits of `str_home`'s mixed hash.
pub fn key_bit(mixed: u64) -> u64 {
    1 << (mixed >> 59)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::call::LRT_NBUILTIN;
    use crate::speculate::Builtin;

    /// Compiles a C file of static assertions against rt/include/flua.h.
    #[test]
    fn layout_matches_runtime_header() {
        let checks = [
            ("LT_NIL", tag::NIL),
            ("LT_FALSE", tag::FALSE),
            ("LT_TRUE", tag::TRUE),
            ("LT_INT", tag::INT),
            ("LT_FLT", tag::FLT),
            ("LT_STR", tag::STR),
            ("LT_TABLE", tag::TABLE),
            ("LT_FUNC", tag::FUNC),
            ("offsetof(LState, ci)", offset::STATE_CI),
            ("offsetof(LState, ci_last)", offset::STATE_CI_LAST),
            ("offsetof(LState, stack_last)", offset::STATE_STACK_LAST),
            ("offsetof(LState, top)", offset::STATE_TOP),
            ("offsetof(LState, cstack_limit)", offset::STATE_CSTACK_LIMIT),
            ("offsetof(CallInfo, info)", offset::CI_INFO),
            ("offsetof(CallInfo, line)", offset::CI_LINE),
            ("sizeof(CallInfo)", offset::CI_SIZE),
            ("offsetof(CallInfo, calldesc)", offset::CI_CALLDESC),
            ("offsetof(LClosure, fn)", offset::CLOSURE_FN),
            ("offsetof(LClosure, upvals)", offset::CLOSURE_UPVALS),
            ("offsetof(LClosure, info)", offset::CLOSURE_INFO),
            ("offsetof(FuncInfo, what)", offset::FUNCINFO_WHAT),
            ("sizeof(FuncInfo)", 32),
            ("offsetof(FuncInfo, nparams)", 28),
            ("offsetof(UpVal, v)", offset::UPVAL_VALUE),
            ("offsetof(LTable, arr)", offset::TABLE_ARR),
            ("offsetof(LTable, asize)", offset::TABLE_ASIZE),
            ("offsetof(LTable, meta)", offset::TABLE_META),
            ("offsetof(LTable, node)", offset::TABLE_NODE),
            ("offsetof(LTable, hsize)", offset::TABLE_HSIZE),
            ("offsetof(LTable, keybits)", offset::TABLE_KEYBITS),
            ("offsetof(LTable, flags)", offset::TABLE_FLAGS),
            ("TM_GC", offset::TM_GC),
            ("sizeof(Node)", offset::NODE_SIZE),
            ("offsetof(Node, val)", offset::NODE_VAL),
            ("offsetof(LState, globals)", offset::STATE_GLOBALS),
            ("sizeof(TValue)", offset::TVALUE_SIZE),
            ("offsetof(TValue, tt)", offset::TVALUE_TAG),
            // flua_init's string table (codegen/mod.rs `emit_init`): { ptr, i64, ptr }
            ("sizeof(StrConst)", 24),
            ("offsetof(StrConst, len)", 8),
            ("offsetof(StrConst, slot)", 16),
            ("offsetof(GCObj, marked)", offset::GC_MARKED_BYTE),
            ("GC_OLD", offset::GC_OLD),
            ("GC_TOUCHED", offset::GC_TOUCHED),
            ("offsetof(TValue, tt)", 8),
            ("LRT_OPADD", ArithOp::Add as u64),
            ("LRT_OPIDIV", ArithOp::IDiv as u64),
            ("LRT_OPBNOT", ArithOp::BNot as u64),
            ("LRT_OPSHR", ArithOp::Shr as u64),
            ("LRT_B_SQRT", Builtin::Sqrt.index()),
            ("LRT_B_ABS", Builtin::Abs.index()),
            ("LRT_B_FLOOR", Builtin::Floor.index()),
            ("LRT_B_SETMETATABLE", Builtin::SetMetatable.index()),
            ("LRT_B_TINSERT", Builtin::TableInsert.index()),
            ("LRT_B_NEXT", crate::codegen::call::LRT_B_NEXT),
            ("LRT_B_IPAIRSAUX", crate::codegen::call::LRT_B_IPAIRSAUX),
            ("LRT_NBUILTIN", LRT_NBUILTIN as u64),
            ("LRT_MAXSHORTLEN", 40),
        ];
        let mut c = String::from("#include <stddef.h>\n#include \"flua.h\"\n");
        for (expr, value) in checks {
            c.push_str(&format!("_Static_assert({expr} == {value}, \"{expr}\");\n"));
        }
        let dir = std::env::temp_dir().join(format!("flua-layout-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("layout.c");
        std::fs::write(&file, c).unwrap();
        let include = concat!(env!("CARGO_MANIFEST_DIR"), "/rt/include");
        let out =
            std::process::Command::new("cc").args(["-std=c11", "-fsyntax-only", "-I", include]).arg(&file).output().expect("a C compiler");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    /// Codegen's `str_home` and `key_bit` compute what the runtime's hash and key filter
    /// do, for keys of every length.
    #[test]
    fn string_hash_matches_runtime() {
        let keys: Vec<Vec<u8>> = vec![b"".to_vec(), b"x".to_vec(), b"__index".to_vec(), b"add".to_vec(), vec![0xff, 0, 7], vec![b'k'; 40]];
        let mut c = String::from("#include <stdio.h>\n#include \"flua.h\"\nint main(void) {\n");
        for k in &keys {
            let lit: String = k.iter().map(|b| format!("\\x{b:02x}")).collect();
            let mixed = format!("lrtH_mix(lrtS_hash(\"{lit}\", {}))", k.len());
            c.push_str(&format!("  printf(\"%llu %u\\n\", (unsigned long long){mixed}, lrtH_keybit({mixed}));\n"));
        }
        c.push_str("  return 0;\n}\n");
        let dir = std::env::temp_dir().join(format!("flua-hash-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("hash.c"), c).unwrap();
        let include = concat!(env!("CARGO_MANIFEST_DIR"), "/rt/include");
        let exe = dir.join("hash");
        let out = std::process::Command::new("cc")
            .args(["-std=c11", "-I", include, "-o"])
            .arg(&exe)
            .arg(dir.join("hash.c"))
            .output()
            .expect("a C compiler");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let run = std::process::Command::new(&exe).output().unwrap();
        let got: Vec<String> = String::from_utf8_lossy(&run.stdout).lines().map(str::to_string).collect();
        let want: Vec<String> = keys
            .iter()
            .map(|k| {
                let mixed = str_home(k).unwrap();
                format!("{mixed} {}", key_bit(mixed))
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(str_home(&[b'k'; 41]), None);
    }
}
