//! speculate: whole-program facts for code generation, and their explanation.
//!
//! Codegen consumes these facts and never re-derives them; `flua check --explain` prints
//! them. Facts are of two strengths. *Proven* facts need no check at run time (calls.rs:
//! which function a local holds). *Likely* facts (calls.rs: the function a global or a
//! library name holds; numbers.rs: that a local holds a float or an integer) are only ever
//! used behind a guard, with the generic code as fallback, so a wrong guess costs speed,
//! never correctness.

mod calls;
mod hot;
mod numbers;
pub mod pieces;
mod results;
mod sizes;
mod typed;

pub use typed::{const_int, self_calls, Typed};

use std::collections::{HashMap, HashSet};

use crate::syntax::ast::*;
use crate::syntax::walk::for_each_stat;

/// Identifies a function of the program: the address of its AST node, which neither
/// this pass nor codegen copies.
pub type FnKey = usize;

pub fn key(f: &Function) -> FnKey {
    f as *const Function as usize
}

/// What the pass found.
#[derive(Clone, Default)]
pub struct Facts {
    /// (function, local) → what every read of that local yields.
    known_locals: HashMap<(FnKey, LocalId), Known>,
    /// (function, upvalue index) → what every read of that upvalue yields.
    known_upvals: HashMap<(FnKey, usize), Known>,
    /// Global name → the function its one `function name()` statement defines (None when
    /// several do). Only likely: anything may reassign a global, so calls check.
    global_functions: HashMap<String, Option<FnKey>>,
    /// Field name → the function the program's one `function a.name()` or `function
    /// a:name()` statement of that name defines (None when several do). Only likely, and
    /// checked at each call: any table may hold anything under that name.
    field_functions: HashMap<Vec<u8>, Option<FnKey>>,
    /// Known functions small enough to inline into their callers.
    inline: HashSet<FnKey>,
    /// (function, loop statement's offset) → the locals whose tags the loop is
    /// specialised for, with the tag each is guarded to have.
    loop_guards: HashMap<(FnKey, u32), Vec<(LocalId, NumKind)>>,
    /// (function, loop statement's offset) → the locals whose kinds the specialised copy
    /// keeps: checked after each statement that assigns them (numbers.rs: `pins`).
    loop_pins: HashMap<(FnKey, u32), Vec<(LocalId, NumKind)>>,
    /// Field name → the likely kind of what it holds (numbers.rs: `field_kinds`).
    field_kinds: HashMap<Vec<u8>, numbers::Kind>,
    /// Functions that return exactly one value on every path (results.rs).
    single_result: HashSet<FnKey>,
    /// Known functions that also have a typed entry (typed.rs).
    typed: HashMap<FnKey, Typed>,
    /// Known functions called only from code that runs once (hot.rs).
    runs_once: HashSet<FnKey>,
    /// Functions generated in pieces: the runs of top-level statements (pieces.rs).
    pieces: HashMap<FnKey, Vec<std::ops::Range<usize>>>,
    /// (function, empty constructor's offset) → the fields to make room for (sizes.rs).
    table_sizes: HashMap<(FnKey, u32), u32>,
    /// Per function, in source order: what was decided at each call site, and why.
    pub explain: Vec<FnReport>,
}

/// Functions whose code all gets fast paths inline: small nested functions (the helpers,
/// methods, callbacks and recursive functions that loops call) and functions that may loop
/// through `goto`. Elsewhere only code in loops does: the main chunk and modules run once,
/// and a large function's code outside its loops runs once per call, so there field
/// accesses, indexing and calls are runtime calls (a fraction of the code to optimise).
/// This is the rule by size; `Facts::runs_often` adds the rule by callers (hot.rs).
const RUNS_OFTEN_STATEMENTS: usize = 24;

pub fn runs_often(f: &Function, nested: bool) -> Result<(), String> {
    if !nested {
        return Err("runs once".into());
    }
    let (mut n, mut goto) = (0, false);
    crate::syntax::walk::for_each_stat(&f.body, &mut |s| {
        // a chain too long to count as one statement (pieces::LONG_CHAIN) counts its arms:
        // it is large code, and split into pieces only where it runs once
        n += match &s.kind {
            StatKind::If { arms, .. } if arms.len() > pieces::LONG_CHAIN => arms.len(),
            _ => 1,
        };
        goto |= matches!(s.kind, StatKind::Goto(_));
    });
    if n <= RUNS_OFTEN_STATEMENTS || goto {
        Ok(())
    } else {
        Err(format!("{n} statements, not a small function"))
    }
}

/// What a local or upvalue never assigned again holds: one of the program's functions or
/// a number literal (proven), or what a library function was when the program read it
/// (likely: the program may replace `math.sqrt`, so calls check the closure's identity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    Function(FnKey),
    /// A closure of the given function: the local, never assigned again, was initialised
    /// by calling a known function whose only `return` returns a `function` expression,
    /// a factory such as `make_counter()`. Calls still check the closure's code (one
    /// compare) and then call it directly, as for the likely callees of globals and fields.
    Made(FnKey),
    Builtin(Builtin),
    /// A number literal (a float as its bits): every read yields it (proven).
    Int(i64),
    Float(u64),
}

/// Library functions codegen can compute inline (rt/include/flua.h: `lrt_builtin`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Sqrt,
    Abs,
    Floor,
    /// `setmetatable(t, mt)`: a fresh table given a metatable without `__gc`.
    SetMetatable,
    /// `table.insert(t, v)`: an append to a table without a metatable.
    TableInsert,
}

impl Builtin {
    /// Its index in the runtime's `lrt_builtin` array.
    pub fn index(self) -> u64 {
        self as u64
    }

    /// How many arguments a call inlines.
    pub fn arity(self) -> usize {
        match self {
            Builtin::SetMetatable | Builtin::TableInsert => 2,
            _ => 1,
        }
    }

    /// Whether a call computes a number and does nothing else (the math functions).
    pub fn is_pure(self) -> bool {
        matches!(self, Builtin::Sqrt | Builtin::Abs | Builtin::Floor)
    }

    /// `math.sqrt` and friends, read from the global `math`; the global `setmetatable`;
    /// `table.insert`.
    fn of(e: &Expr) -> Option<Builtin> {
        if let ExprKind::Name(n, Res::Global(EnvRef::Default)) = &e.kind {
            return (n == "setmetatable").then_some(Builtin::SetMetatable);
        }
        let ExprKind::Index(o, k) = &e.kind else { return None };
        let (ExprKind::Name(m, Res::Global(_)), ExprKind::Str(name)) = (&o.kind, &k.kind) else { return None };
        match (m.as_str(), name.as_slice()) {
            ("math", b"sqrt") => Some(Builtin::Sqrt),
            ("math", b"abs") => Some(Builtin::Abs),
            ("math", b"floor") => Some(Builtin::Floor),
            ("table", b"insert") => Some(Builtin::TableInsert),
            _ => None,
        }
    }
}

/// What a local is likely to hold, when it is a number of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumKind {
    Int,
    Float,
}

#[derive(Clone)]
pub struct FnReport {
    pub(super) fkey: FnKey,
    pub name: String,
    /// Byte offset of the function in its source.
    pub pos: u32,
    pub chunk: usize,
    pub items: Vec<CallReport>,
    /// (loop offset, message): the loops specialised on number kinds, and those not.
    pub loops: Vec<(u32, String)>,
    /// Whether the function got a typed entry, or why not (known functions only).
    pub typed: Option<String>,
    /// (declaration offset, message): how each captured local is kept.
    pub captures: Vec<(u32, String)>,
    /// Why code outside loops calls the runtime for field accesses, indexing and calls,
    /// when it does (`runs_often`).
    pub outside_loops: Option<String>,
    /// Whether the function is generated in pieces (pieces.rs).
    pub pieces: Option<String>,
    /// (constructor offset, message): the empty constructors made with room (sizes.rs).
    pub tables: Vec<(u32, String)>,
}

/// The decision at one call site: `call of 'f': <outcome>`, plus where `f` was assigned
/// when that is the reason.
#[derive(Clone)]
pub struct CallReport {
    pub pos: u32,
    pub message: String,
    pub assigned_at: Option<u32>,
}

impl Facts {
    /// What a call's callee expression, evaluated inside `f`, is known to be.
    fn known(&self, f: &Function, callee: &Expr) -> Option<Known> {
        match callee.kind {
            ExprKind::Name(_, Res::Local(id)) => self.known_locals.get(&(key(f), id)).copied(),
            ExprKind::Name(_, Res::Upval(i)) => self.known_upvals.get(&(key(f), i)).copied(),
            _ => Builtin::of(callee).map(Known::Builtin),
        }
    }

    /// The number a name evaluated inside `f` always yields: a local or upvalue never
    /// assigned after its declaration `local x = 3` (as Lua 5.4 does for `<const>`).
    pub fn constant(&self, f: &Function, e: &Expr) -> Option<Known> {
        match e.kind {
            ExprKind::Name(_, Res::Local(_) | Res::Upval(_)) => match self.known(f, e) {
                Some(k @ (Known::Int(_) | Known::Float(_))) => Some(k),
                _ => None,
            },
            _ => None,
        }
    }

    /// The function a call's callee expression, evaluated inside `f`, is known to be.
    pub fn known_callee(&self, f: &Function, callee: &Expr) -> Option<FnKey> {
        match self.known(f, callee) {
            Some(Known::Function(g)) => Some(g),
            _ => None,
        }
    }

    /// The function whose closure a call's callee expression, evaluated inside `f`,
    /// likely is: a local or upvalue initialised by a factory call (`Known::Made`).
    pub fn made_callee(&self, f: &Function, callee: &Expr) -> Option<FnKey> {
        match self.known(f, callee) {
            Some(Known::Made(g)) => Some(g),
            _ => None,
        }
    }

    /// The function a call through a global name likely reaches: the one its
    /// `function name()` statement defines.
    pub fn global_callee(&self, callee: &Expr) -> Option<FnKey> {
        match &callee.kind {
            ExprKind::Name(n, Res::Global(EnvRef::Default)) => self.global_functions.get(n).copied().flatten(),
            _ => None,
        }
    }

    /// The function a call `o.name(...)` or `o:name(...)` likely reaches: the one the
    /// program's only `function` statement for a field of that name defines.
    pub fn field_callee(&self, call: &Expr) -> Option<FnKey> {
        self.field_functions.get(field_name(call)?).copied().flatten()
    }

    /// The library function a call's callee expression is likely to be.
    pub fn builtin_callee(&self, f: &Function, callee: &Expr) -> Option<Builtin> {
        match self.known(f, callee) {
            Some(Known::Builtin(b)) => Some(b),
            _ => None,
        }
    }

    /// Whether `f`'s code runs once per run of the program: a main chunk or a module, or a
    /// function called only from such code (hot.rs).
    pub fn runs_once(&self, f: &Function, nested: bool) -> bool {
        !nested || self.runs_once.contains(&key(f))
    }

    /// Whether all of `f`'s code gets fast paths inline: it is nested, small (or loops
    /// through `goto`) and may be called from code that runs often (hot.rs); else only its
    /// loops do, and the error says why.
    pub fn runs_often(&self, f: &Function, nested: bool) -> Result<(), String> {
        runs_often(f, nested)?;
        if self.runs_once.contains(&key(f)) {
            return Err(hot::RUNS_ONCE.into());
        }
        Ok(())
    }

    /// The runs of top-level statements `f` is generated in, when it is generated in pieces.
    pub fn pieces(&self, f: &Function) -> Option<&[std::ops::Range<usize>]> {
        self.pieces.get(&key(f)).map(|v| v.as_slice())
    }

    /// Whether `f` is a known function small enough to inline into its callers.
    pub fn inline(&self, f: &Function) -> bool {
        self.inline.contains(&key(f))
    }

    /// Whether `e`, evaluated inside `f`, is a call of a known function that returns
    /// exactly one value (proven: the callee is never reassigned).
    pub fn single_result_call(&self, f: &Function, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Call(callee, _) => self.known_callee(f, callee).is_some_and(|g| self.single_result.contains(&g)),
            _ => false,
        }
    }

    /// The guards of a specialised copy of the loop statement at `pos` in `f`, if any.
    pub fn loop_guards(&self, f: &Function, pos: u32) -> Option<&[(LocalId, NumKind)]> {
        self.loop_guards.get(&(key(f), pos)).map(|v| v.as_slice())
    }

    /// How many fields the empty constructor at `pos` in `f` makes room for (sizes.rs).
    pub fn table_size(&self, f: &Function, pos: u32) -> Option<u32> {
        self.table_sizes.get(&(key(f), pos)).copied()
    }

    /// The locals whose kinds the specialised copy of the loop at `pos` in `f` keeps.
    pub fn loop_pins(&self, f: &Function, pos: u32) -> &[(LocalId, NumKind)] {
        self.loop_pins.get(&(key(f), pos)).map_or(&[], |v| v.as_slice())
    }
}

/// Runs the pass over the chunks of one program (the main script and its modules).
pub fn speculate(chunks: &[&Chunk]) -> Facts {
    let mut facts = Facts::default();
    for c in chunks {
        calls::global_functions(&c.main, &mut facts);
    }
    for (i, c) in chunks.iter().enumerate() {
        calls::run(&c.main, i, &mut facts);
    }
    hot::run(chunks, &mut facts);
    for c in chunks {
        results::run(&c.main, &mut facts);
    }
    typed::run(chunks, &mut facts);
    numbers::field_kinds(chunks, &mut facts);
    for c in chunks {
        numbers::run(&c.main, true, &mut facts);
        sizes::run(&c.main, &mut facts);
        pieces::run(&c.main, false, &mut facts);
    }
    facts
}

/// The field a call `o.name(...)` or `o:name(...)` calls through.
pub(super) fn field_name(call: &Expr) -> Option<&[u8]> {
    match &call.kind {
        ExprKind::Method(_, name, _) => Some(name.name.as_bytes()),
        ExprKind::Call(callee, _) => match &callee.kind {
            ExprKind::Index(_, k) => match &k.kind {
                ExprKind::Str(s) => Some(s.as_slice()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// What a local declaration binds: a `local function`, a `local x = e` initialiser
/// (`None` when the local starts as nil or takes a later value of a call), or the first
/// value of a call (`local x = f()`).
#[derive(Clone, Copy)]
pub(super) enum Binding<'a> {
    Function(&'a Function),
    Init(Option<&'a Expr>),
    FirstOf(&'a Expr),
}

/// Every local declaration of one function body (nested blocks included, nested functions
/// not) with what it binds. Loop variables are not included.
pub(super) fn for_each_binding<'a>(b: &'a Block, v: &mut impl FnMut(&'a LocalDecl, Binding<'a>)) {
    for_each_stat(b, &mut |s| match &s.kind {
        StatKind::LocalFunction { decl, func } => v(decl, Binding::Function(func)),
        StatKind::Local { decls, exprs } => {
            let multi = exprs.last().is_some_and(|e| e.is_multi());
            for (i, d) in decls.iter().enumerate() {
                let single = i + 1 < exprs.len() || (i + 1 == exprs.len() && !multi);
                let binding = match exprs.get(i) {
                    Some(e) if single => Binding::Init(Some(e)),
                    Some(call) if i + 1 == exprs.len() && matches!(call.kind, ExprKind::Call(..)) => Binding::FirstOf(call),
                    _ => Binding::Init(None),
                };
                v(d, binding);
            }
        }
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sema::resolve::resolve;
    use crate::syntax::parse::parse_chunk;

    /// The speculate pass's facts about one chunk.
    fn facts_of(src: &str) -> Facts {
        let mut c = parse_chunk(src).unwrap();
        resolve(&mut c, src).unwrap();
        speculate(&[&c])
    }

    /// The names of the calls made direct, in source order.
    fn direct_calls(src: &str) -> Vec<String> {
        let facts = facts_of(src);
        let mut out: Vec<(u32, String)> = Vec::new();
        for r in &facts.explain {
            for item in &r.items {
                if item.message.contains(": direct:") || item.message.contains(": direct,") {
                    out.push((item.pos, item.message.split('\'').nth(1).unwrap().to_string()));
                }
            }
        }
        out.sort();
        out.into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn local_functions_never_assigned_are_known() {
        assert_eq!(direct_calls("local function f(n) return f(n) end f(1)"), ["f", "f"]);
        assert_eq!(direct_calls("local function f() end local function g() return function() return f() end end"), ["f"]);
    }

    #[test]
    fn any_assignment_defeats_it() {
        assert!(direct_calls("local function f() end f = print f()").is_empty());
        assert!(direct_calls("local function f() end local function g() f = nil end f()").is_empty());
        // deep inside nested functions, through an upvalue of an upvalue
        assert!(direct_calls("local function f() end local function g() return function() f = 1 end end f()").is_empty());
        assert!(direct_calls("local function f() end function f() end f()").is_empty());
    }

    #[test]
    fn global_functions_are_guessed() {
        let src = "function g() end function h() end function h() end g() h() local g = 1";
        let facts = facts_of(src);
        let msgs: Vec<&str> = facts.explain[0].items.iter().map(|i| i.message.as_str()).collect();
        assert!(msgs[0].starts_with("call of 'g': direct when the global still holds"), "{msgs:?}");
        assert!(msgs[1].starts_with("call of 'h': generic: global not defined by one"), "{msgs:?}");
    }

    #[test]
    fn field_functions_are_guessed() {
        let src = "local A, B = {}, {} function A:m() end function A.n() end function B.n() end A:m() A.n() B.n() A:x()";
        let facts = facts_of(src);
        let msgs: Vec<&str> = facts.explain[0].items.iter().map(|i| i.message.as_str()).collect();
        assert!(msgs[0].starts_with("call of 'm': direct when the field still holds"), "{msgs:?}");
        assert!(msgs[1].starts_with("call of 'n': generic: no single `function` statement"), "{msgs:?}");
        assert!(msgs[2].starts_with("call of 'n': generic"), "{msgs:?}");
        assert!(msgs[3].starts_with("call of 'x': generic"), "{msgs:?}");
    }

    #[test]
    fn small_functions_are_inlined_unless_recursive_or_long() {
        let src = "local function sq(x) return x * x end local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end print(sq(2), fib(9))";
        let facts = facts_of(src);
        let msgs: Vec<&str> = facts.explain.iter().flat_map(|r| r.items.iter().map(|i| i.message.as_str())).collect();
        assert!(msgs.contains(&"call of 'sq': direct, inlined at -O Release: small local function, never reassigned"), "{msgs:?}");
        assert!(msgs.contains(&"call of 'fib': direct: local function, never reassigned"), "{msgs:?}");
        // one statement, but a long expression: not copied into every caller
        let long = (1..40).map(|i| format!("x * {i}")).collect::<Vec<_>>().join(" + ");
        let src = format!("local function big(x) return {long} end print(big(2))");
        let facts = facts_of(&src);
        let msgs: Vec<&str> = facts.explain.iter().flat_map(|r| r.items.iter().map(|i| i.message.as_str())).collect();
        assert!(msgs.contains(&"call of 'big': direct: local function, never reassigned"), "{msgs:?}");
    }

    #[test]
    fn closures_of_factories_are_guessed() {
        let msgs = |src: &str| -> Vec<String> { facts_of(src).explain[0].items.iter().map(|i| i.message.clone()).collect() };
        let made = "direct when the local still holds a closure of the function its factory returns";
        let factory = "local function mk(x) local n = 0 return function() n = n + x return n end end ";
        let m = msgs(&format!("{factory} local a, b = mk(1), mk(2) local c = mk(3) a() b() c()"));
        assert_eq!(m.iter().filter(|s| s.contains(made)).count(), 3, "{m:?}");
        // reassigned, a second value, a factory with two returns, a factory not known
        for src in [
            format!("{factory} local a = mk(1) a = print a()"),
            format!("{factory} local x, a = mk(1) a()"),
            "local function mk(f) if f then return function() end end return function() end end local a = mk() a()".to_string(),
            "local mk = function() return function() end end local a = mk() a()".to_string(),
        ] {
            let m = msgs(&src);
            assert!(!m.iter().any(|s| s.contains(made)), "{src}: {m:?}");
        }
    }

    #[test]
    fn other_callees_stay_generic() {
        assert!(direct_calls("local f = function() end f()").is_empty());
        assert!(direct_calls("function g() end g()").is_empty());
        assert!(direct_calls("local t = {} function t.m() end t.m() t:m()").is_empty());
        // a different local with the same name
        assert_eq!(direct_calls("local function f() end do local f = print f() end f()"), ["f"]);
    }

    /// The loop lines of the main chunk's report.
    fn loops(src: &str) -> Vec<String> {
        let facts = facts_of(src);
        facts.explain[0].loops.iter().map(|(_, m)| m.clone()).collect()
    }

    /// The functions of a test chunk made of `local function` statements only.
    fn local_functions(c: &Chunk) -> impl Iterator<Item = &Function> {
        c.main.body.stats.iter().map(|s| match &s.kind {
            StatKind::LocalFunction { func, .. } => &**func,
            _ => unreachable!("a test chunk of local functions"),
        })
    }

    #[test]
    fn single_result_functions() {
        let src = "local function a(x) if x then return 1 else return (f()) end end\n\
                   local function b(x) if x then return 1 end end\n\
                   local function c() return f() end\n\
                   local function d() while true do return 1 end end\n\
                   local function e() do return 2 end end";
        let mut c = parse_chunk(src).unwrap();
        resolve(&mut c, src).unwrap();
        let facts = speculate(&[&c]);
        let single: Vec<bool> = local_functions(&c).map(|f| facts.single_result.contains(&key(f))).collect();
        // b may fall off its end, c returns a list, d's loop may not run (as far as
        // the pass can tell)
        assert_eq!(single, [true, false, false, false, true]);
    }

    #[test]
    fn functions_that_run_often() {
        let long = "x = 1\n".repeat(RUNS_OFTEN_STATEMENTS + 1);
        let arms: String = (1..=pieces::LONG_CHAIN).map(|i| format!("elseif n == {i} then return {i} ")).collect();
        let src = format!(
            "local function small(t) return t.x end\n\
             local function large() {long} end\n\
             local function looping() ::top:: {long} goto top end\n\
             local function nested() if a then if b then {long} end end end\n\
             local function chain(n) if n == 0 then return 0 {arms} end end"
        );
        let mut c = parse_chunk(&src).unwrap();
        resolve(&mut c, &src).unwrap();
        let often: Vec<bool> = local_functions(&c).map(|f| runs_often(f, true).is_ok()).collect();
        // statements in nested blocks count, and the arms of a long `elseif` chain; a `goto`
        // may make any code a loop
        assert_eq!(often, [true, false, true, false, false]);
        assert_eq!(runs_often(&c.main, false), Err("runs once".to_string()));
    }

    #[test]
    fn functions_called_only_from_code_that_runs_once() {
        let src = "local function once() return 1 end\n\
                   local function looped() return 2 end\n\
                   local function rec(n) if n > 0 then return rec(n - 1) end end\n\
                   local function a() end\n\
                   local function b() a() end\n\
                   local function c() end\n\
                   local function d() c() end\n\
                   local function stored() end\n\
                   local function jumps() ::top:: if x then goto top end end\n\
                   local function g() local function h() g() end h() end\n\
                   local function p() local function q() local function r() p() end r() end q() end\n\
                   local function dead() end\n\
                   local function callback() once() end\n\
                   once() rec(3) b() jumps() g() p() t = {stored} table.sort(t, function() a() end)\n\
                   for i = 1, 2 do looped() d() end";
        let facts = facts_of(src);
        let once: Vec<&str> = (facts.explain.iter())
            .filter(|r| r.outside_loops.as_deref().is_some_and(|m| m.ends_with(hot::RUNS_ONCE)))
            .map(|r| r.name.as_str())
            .collect();
        // recursion (`rec`; `g` and `h`, `p`, `q` and `r` through each other), a loop, a `goto`, a caller that
        // runs often (`c` through `d`, `a` through the anonymous function) or a read other
        // than a call (`stored`) each make a function run often; `callback` and `dead` are
        // called from nowhere, so `once` is called only from the main chunk
        assert_eq!(once, ["once", "b", "dead", "callback"]);
    }

    #[test]
    fn empty_constructors_get_room_for_the_fields_stored_next() {
        let src = "local C = {}\n\
                   function C.new(x) local self = setmetatable({}, C) self.x = x self.y = x self.x = 2 return self end\n\
                   function C:m() end\n\
                   local plain = ({})\n\
                   plain.a = 1 plain['b'] = 2 plain[3] = 3\n\
                   local unused = {}\n\
                   local other = setmetatable({}, C, 1)\n\
                   other.z = 1\n\
                   local function f() plain.c = 1 end";
        let facts = facts_of(src);
        let mut rooms: Vec<(String, u32)> = Vec::new();
        for r in &facts.explain {
            for (pos, msg) in &r.tables {
                rooms.push((msg.split(':').next().unwrap().to_string(), *pos));
            }
        }
        rooms.sort_by_key(|(_, pos)| *pos);
        let msgs: Vec<&str> = rooms.iter().map(|(m, _)| m.as_str()).collect();
        // distinct names stored by `o.name =` or `o['name'] =` in the same function (not a
        // nested one, not through `t[3]`); `setmetatable` with its two arguments only
        assert_eq!(
            msgs,
            [
                "table made with room for the 2 fields stored into 'C'",
                "table made with room for the 2 fields stored into 'self'",
                "table made with room for the 2 fields stored into 'plain'",
            ]
        );
    }

    #[test]
    fn number_kinds_of_locals() {
        assert_eq!(
            loops("local a, b = 1, 2.5 for i = 1, 3 do a = a + i b = b / 2 end"),
            ["loop specialised (guarded at entry): a integer, b float"]
        );
        // a float operand makes a float; `/` always does; an unknown joined in spoils it
        assert_eq!(
            loops("local c = 0 local d = 1.0 for i = 1, 3 do c = c + 0.5 d = d / i end"),
            ["loop specialised (guarded at entry): c float, d float"]
        );
        assert_eq!(
            loops("local e = 1.5 e = 'x' for i = 1, 3 do e = e * 2 end"),
            ["loop stays generic: no local of known number kind is used in it"]
        );
        // a call's result is no evidence either way, nor a declaration without a value
        assert_eq!(loops("local e = 1.5 e = io.read() for i = 1, 3 do e = e * 2 end"), ["loop specialised (guarded at entry): e float"]);
        assert_eq!(
            loops("local n, m, t n = 0 t = {} for _ = 1, 2 do for i = 1, 3 do n = n + t[i] m = i end end"),
            ["loop specialised (guarded at entry): n integer, m integer"]
        );
        // (loops that index tables are inside another loop here: see the test below)
        // a loop calling a function the compiler knows nothing of: the call costs more
        // than the tags
        assert_eq!(
            loops("local s = 0.5 for i = 1, 3 do s = s + io.read() end"),
            ["loop stays generic: it calls 'read', which costs more than the tag tests a copy saves"]
        );
        // fields have the kinds the program stores under their names
        assert_eq!(
            loops("local b = {x = 0} b.x = b.x + 0.5 local x = b.x while x do for i = 1, 3 do local d = x - b.x x = d end end"),
            ["loop specialised (guarded at entry): x float; its own locals kept at their kinds: d float"]
        );
        // captured locals can change behind the loop's back
        assert_eq!(
            loops("local g = 1.5 local function h() g = 'x' end for i = 1, 3 do g = g * 2 end"),
            ["loop stays generic: no local of known number kind is used in it"]
        );
        // the loop's own locals of one kind are kept at it
        assert_eq!(
            loops("local s = 0.0 for i = 1, 3 do local x, y = s * 2, i s = s + x end"),
            ["loop specialised (guarded at entry): s float; its own locals kept at their kinds: x float, y integer"]
        );
        // no local from outside, but locals of its own of one kind (here from a field the
        // program stores floats in)
        assert_eq!(
            loops("local ps = {{x = 0.5}} repeat for i = 1, 1 do local p = ps[i] local nx = p.x * 2 p.x = nx end until true"),
            ["loop specialised (no guard at entry); its own locals kept at their kinds: nx float"]
        );
        // only innermost loops, and not those making closures
        assert_eq!(
            loops("local s = 0.0 for i = 1, 2 do for j = 1, 2 do s = s + i * j end end"),
            ["loop specialised (guarded at entry): s float"]
        );
        assert_eq!(
            loops("local s = 0.0 for i = 1, 2 do s = s + (function() return 1 end)() end"),
            ["loop stays generic: it creates closures"]
        );
    }

    #[test]
    fn loops_that_run_once_and_index_tables_stay_generic() {
        let once = format!("loop stays generic: {}", numbers::RUNS_ONCE_WITH_TABLES);
        let sum = "local s, t = 0, {} for i = 1, 3 do s = s + t[i] end";
        assert_eq!(loops(sum), [once.as_str()]);
        // stores and field reads index too; a `while` loop's condition counts
        assert_eq!(loops("local s, t = 0.5, {} for i = 1, 3 do t.x = s * 2 end"), [once.as_str()]);
        assert_eq!(loops("local s, t = 0, {} while s < t.n do s = s + 1 end"), [once.as_str()]);
        // arithmetic alone keeps its copy
        assert_eq!(loops("local s = 0 for i = 1, 3 do s = s + i * 2 end"), ["loop specialised (guarded at entry): s integer"]);
        // inside another loop (of any kind), a loop that indexes keeps its copy
        let nested = "loop specialised (guarded at entry): s integer";
        assert_eq!(loops(&format!("for _ = 1, 2 do {sum} end")), [nested]);
        assert_eq!(loops(&format!("for _ in pairs({{}}) do {sum} end")), [nested]);
        assert_eq!(loops(&format!("repeat {sum} until true")), [nested]);
        // as does one in a function that may run often (called in a loop), and not one in
        // a function called only from code that runs once
        let in_function = |caller: &str| -> Vec<String> {
            let facts = facts_of(&format!("local function f() {sum} end {caller}"));
            facts.explain.iter().filter(|r| r.name == "f").flat_map(|r| r.loops.iter().map(|(_, m)| m.clone())).collect()
        };
        assert_eq!(in_function("for _ = 1, 2 do f() end"), [nested]);
        assert_eq!(in_function("f() f()"), [once.as_str()]);
    }

    /// What the typed-entry decision was for each function named in the report.
    fn typed(src: &str) -> Vec<(String, String)> {
        let facts = facts_of(src);
        facts.explain.iter().filter_map(|r| r.typed.clone().map(|t| (r.name.clone(), t))).collect()
    }

    #[test]
    fn typed_entries() {
        let t = typed("local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end fib(30)");
        assert_eq!(t[0].0, "fib");
        assert!(t[0].1.starts_with("typed entry (n integer) -> integer"), "{t:?}");
        // the kind comes from the callers: floats here, with a mixed result
        let t = typed("local function h(x) return x / 2 end local function g(x) return h(x) * 3 end g(1.5) g(2.5) g(1)");
        assert!(t.iter().all(|(_, m)| m.starts_with("typed entry (x float) -> float")), "{t:?}");
        // typed callers passing an integer and a float to one function: neither gets one
        let t = typed("local function sq(x) return x * x end local function f(n) return sq(n) + sq(n + 0.5) end f(1)");
        assert!(t.iter().any(|(n, m)| n == "sq" && m.contains("parameter 'x' is not always")), "{t:?}");
        assert!(t.iter().all(|(_, m)| m.starts_with("no typed entry")), "{t:?}");
    }

    #[test]
    fn typed_entries_calling_themselves_twice_are_unrolled() {
        let unrolled = |src: &str| typed(src).iter().filter(|(_, m)| m.ends_with("each call does two levels of the recursion")).count();
        // two calls in one `return`, in an operator or one in the other's arguments
        assert_eq!(unrolled("local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end fib(30)"), 1);
        assert_eq!(unrolled("local function a(m, n) if m == 0 then return n + 1 end return a(m - 1, a(m, n)) end a(2, 3)"), 1);
        // one call per `return`, or the two calls in different statements: no twin
        assert_eq!(unrolled("local function f(n) if n < 1 then return 0 end return n + f(n - 1) end f(9)"), 0);
        assert_eq!(unrolled("local function f(n) if n < 1 then return f(0) + 1 end return f(n - 1) end f(9)"), 0);
        assert_eq!(unrolled("local function f(n) if n < 2 then return n end local a = f(n - 1) return a + f(n - 2) end f(9)"), 0);
        // two calls of another function are not recursion
        assert_eq!(unrolled("local function g(n) return n end local function f(n) return g(n) + g(n + 1) end f(9)"), 0);
    }

    #[test]
    fn typed_entries_refused() {
        let why = |src: &str| typed(src).into_iter().next().map(|(_, m)| m).unwrap_or_default();
        assert_eq!(why("local function f(t) return t.x end f({})"), "no typed entry: it uses tables");
        assert_eq!(
            why("local function f(n) if n > 0 then return 1 end end f(1)"),
            "no typed entry: not every path ends in `return` of one value"
        );
        assert_eq!(why("local function f(n) return n // n end f(1)"), "no typed entry: integer `//` or `%` by a divisor that may be zero");
        assert_eq!(
            why("local function f(n) if n < 0.5 then return 1 end return 2 end f(1)"),
            "no typed entry: it compares an integer with a float"
        );
        assert_eq!(
            why("local function f(n) local x = 1 x = 0.5 return n end f(1)"),
            "no typed entry: local 'x' is not always an integer or always a float"
        );
        assert_eq!(why("local function f(n) return print(n) end f(1)"), "no typed entry: it calls 'print', not a known local function");
        assert_eq!(
            why("local function g(x) return x end local function f(n) return g(n) end f(1.5)"),
            "typed entry (x float) -> float, no call frame; taken when the arguments' tags match"
        );
    }
}
