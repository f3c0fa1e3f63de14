//! Typed entries: known functions that compute on numbers only get a second native entry
//! taking and returning unboxed integers or floats, with no call frame of their own.
//!
//! A function qualifies when it is known (calls.rs), its body uses only numeric locals,
//! arithmetic, comparisons in conditions, `if`/`while`/`repeat`/integer `for`, and calls
//! of other qualifying functions, and every path ends in `return e` with one number. For
//! those, given the kinds of its parameters, no operation can raise an error (integer `//`
//! and `%` only by a non-zero constant), yield, allocate, or call unknown code — so leaving
//! out the call frame (`CallInfo`) changes nothing a program can observe except that
//! a traceback shows one frame for the whole typed call tree. Calls between typed functions
//! carry a depth budget in a register instead, so `stack overflow` is raised at the same
//! depth as in generic code.
//!
//! The parameter kinds are a guess taken from the call sites (generic callers' arguments,
//! numbers.rs's kinds; typed callers' arguments, exactly): the generic entry checks the
//! argument tags and takes the typed path only when they match, so a wrong guess costs
//! speed, never correctness. Everything inside the typed world is proven: calls between
//! typed functions pass exactly the kinds the callee expects. Result kinds are found by an
//! optimistic fixpoint (a recursive call's result is assumed to be what the other returns
//! give, then checked).

use std::collections::{HashMap, HashSet};

use super::{key, numbers, Facts, FnKey, Known, NumKind};
use crate::syntax::ast::*;
use crate::syntax::walk::{walk_block, walk_expr, Node};

/// The typed entry of one function.
#[derive(Clone, Debug, PartialEq)]
pub struct Typed {
    pub params: Vec<NumKind>,
    pub ret: NumKind,
    /// The kind of each local (None for locals it never uses).
    pub locals: Vec<Option<NumKind>>,
    /// Some `return` calls the function itself twice (`return fib(n - 1) + fib(n - 2)`):
    /// at -O Release codegen unrolls the recursion one level (codegen/typed.rs, `twin`).
    pub unrolled: bool,
}

/// A kind in the inference lattice: nothing known yet, integer, float, or not one number.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum K {
    None,
    Int,
    Float,
    Bad,
}

fn join(a: K, b: K) -> K {
    match (a, b) {
        (K::None, x) | (x, K::None) => x,
        (x, y) if x == y => x,
        _ => K::Bad,
    }
}

fn num(k: K) -> Option<NumKind> {
    match k {
        K::Int => Some(NumKind::Int),
        K::Float => Some(NumKind::Float),
        _ => None,
    }
}

/// Every function of the program by key.
fn collect<'a>(f: &'a Function, out: &mut HashMap<FnKey, &'a Function>) {
    out.insert(key(f), f);
    walk_block(&f.body, &mut |n| {
        if let Node::Function(child) = n {
            collect(child, out);
        }
    });
}

/// Chooses the typed functions of the program and records them (and, for `--explain`,
/// why each other known function has none).
pub(super) fn run(chunks: &[&Chunk], facts: &mut Facts) {
    let mut all = HashMap::new();
    for c in chunks {
        collect(&c.main, &mut all);
    }
    let known: HashSet<FnKey> = facts
        .known_locals
        .values()
        .chain(facts.known_upvals.values())
        .filter_map(|k| match k {
            Known::Function(g) => Some(*g),
            _ => None,
        })
        .collect();
    let mut why: HashMap<FnKey, String> = HashMap::new();
    let mut cands: HashSet<FnKey> = HashSet::new();
    for &k in &known {
        match shape(all[&k], facts, &all) {
            Ok(()) => {
                cands.insert(k);
            }
            Err(e) => {
                why.insert(k, e);
            }
        }
    }
    // the likely number kinds of each generic caller's locals, computed once (see solve)
    let mut caller_kinds: HashMap<FnKey, numbers::LocalKinds> = HashMap::new();
    let mut typed = loop {
        // a function calling one that has no typed entry has none either
        loop {
            let dropped: Vec<FnKey> =
                cands.iter().copied().filter(|&k| callees(all[&k], facts).iter().any(|g| !cands.contains(g))).collect();
            if dropped.is_empty() {
                break;
            }
            for k in dropped {
                cands.remove(&k);
                why.insert(k, "calls a function that has no typed entry".into());
            }
        }
        let sol = Solver::solve(&cands, &all, facts, &mut caller_kinds);
        let mut bad = Vec::new();
        for &k in &cands {
            if let Err(e) = sol.check(all[&k], facts) {
                bad.push((k, e));
            }
        }
        if bad.is_empty() {
            break sol.finish(&cands);
        }
        for (k, e) in bad {
            cands.remove(&k);
            why.insert(k, e);
        }
    };
    for (k, t) in typed.iter_mut() {
        t.unrolled = returns_calling_itself_twice(all[k], facts);
    }
    for r in facts.explain.iter_mut() {
        r.typed = match (typed.get(&r.fkey), why.get(&r.fkey)) {
            (Some(t), _) => Some(describe(all[&r.fkey], t)),
            (None, Some(e)) => Some(format!("no typed entry: {e}")),
            _ => None,
        };
    }
    facts.typed = typed;
}

fn kind_name(k: NumKind) -> &'static str {
    match k {
        NumKind::Int => "integer",
        NumKind::Float => "float",
    }
}

fn describe(f: &Function, t: &Typed) -> String {
    let params: Vec<String> = f.params.iter().zip(&t.params).map(|(p, k)| format!("{} {}", p.name.name, kind_name(*k))).collect();
    format!(
        "typed entry ({}) -> {}, no call frame; taken when the arguments' tags match{}",
        if params.is_empty() { "no parameters".to_string() } else { params.join(", ") },
        kind_name(t.ret),
        if t.unrolled { "; a `return` calls it twice: at -O Release each call does two levels of the recursion" } else { "" }
    )
}

/// How many of the calls in `e` call `f` itself.
pub fn self_calls(f: &Function, e: &Expr, facts: &Facts) -> usize {
    let me = key(f);
    let mut n = 0;
    walk_expr(e, &mut |node| {
        if let Node::Call(c) = node {
            if let ExprKind::Call(callee, _) = &c.kind {
                n += usize::from(facts.known_callee(f, callee) == Some(me));
            }
        }
    });
    n
}

/// Whether some `return` of `f` calls `f` itself twice or more.
fn returns_calling_itself_twice(f: &Function, facts: &Facts) -> bool {
    fn block(b: &Block, f: &Function, facts: &Facts) -> bool {
        let ret = b.ret.as_ref().is_some_and(|r| r.exprs.iter().map(|e| self_calls(f, e, facts)).sum::<usize>() >= 2);
        ret || b.stats.iter().any(|s| match &s.kind {
            StatKind::Do(b) | StatKind::While { body: b, .. } | StatKind::Repeat { body: b, .. } => block(b, f, facts),
            StatKind::NumFor { body, .. } | StatKind::GenFor { body, .. } => block(body, f, facts),
            StatKind::If { arms, orelse } => {
                arms.iter().any(|(_, b)| block(b, f, facts)) || orelse.as_ref().is_some_and(|b| block(b, f, facts))
            }
            _ => false,
        })
    }
    block(&f.body, f, facts)
}

/// The functions `f` calls (all known: `shape` checked).
fn callees(f: &Function, facts: &Facts) -> Vec<FnKey> {
    let mut out = Vec::new();
    walk_block(&f.body, &mut |n| {
        if let Node::Call(e) = n {
            if let ExprKind::Call(callee, _) = &e.kind {
                out.extend(facts.known_callee(f, callee));
            }
        }
    });
    out
}

/// Whether `f`'s body is in the typed subset, types aside.
fn shape(f: &Function, facts: &Facts, all: &HashMap<FnKey, &Function>) -> Result<(), String> {
    if f.is_vararg {
        return Err("it takes `...`".into());
    }
    if f.params.iter().any(|p| f.meta.locals[p.id].captured) {
        return Err("a parameter is captured by a closure".into());
    }
    if !always_returns(&f.body) {
        return Err("not every path ends in `return` of one value".into());
    }
    let mut err = None;
    shape_block(f, &f.body, facts, all, &mut err);
    err.map_or(Ok(()), Err)
}

/// Whether control cannot reach the end of `b` without a `return`.
pub(super) fn always_returns(b: &Block) -> bool {
    if b.ret.is_some() {
        return true;
    }
    match b.stats.last().map(|s| &s.kind) {
        Some(StatKind::Do(body)) => always_returns(body),
        Some(StatKind::If { arms, orelse: Some(orelse) }) => arms.iter().all(|(_, b)| always_returns(b)) && always_returns(orelse),
        _ => false,
    }
}

fn shape_block(f: &Function, b: &Block, facts: &Facts, all: &HashMap<FnKey, &Function>, err: &mut Option<String>) {
    for s in &b.stats {
        match &s.kind {
            StatKind::Local { decls, exprs } => {
                if decls.len() != exprs.len() {
                    fail(err, "a `local` statement does not give each name one value");
                }
                if decls.iter().any(|d| d.attrib == Some(Attrib::Close) || f.meta.locals[d.id].captured) {
                    fail(err, "a local is to-be-closed or captured");
                }
                exprs.iter().for_each(|e| shape_expr(f, e, facts, all, err));
            }
            StatKind::Assign { targets, exprs } => {
                if targets.len() != exprs.len() || targets.iter().any(|t| !matches!(t.kind, ExprKind::Name(_, Res::Local(_)))) {
                    fail(err, "it assigns something other than its own locals");
                }
                exprs.iter().for_each(|e| shape_expr(f, e, facts, all, err));
            }
            StatKind::Call(e) => shape_expr(f, e, facts, all, err),
            StatKind::Do(body) => shape_block(f, body, facts, all, err),
            StatKind::While { cond, body } | StatKind::Repeat { body, cond } => {
                shape_expr(f, cond, facts, all, err);
                shape_block(f, body, facts, all, err);
            }
            StatKind::If { arms, orelse } => {
                for (c, body) in arms {
                    shape_expr(f, c, facts, all, err);
                    shape_block(f, body, facts, all, err);
                }
                if let Some(body) = orelse {
                    shape_block(f, body, facts, all, err);
                }
            }
            StatKind::NumFor { var, start, limit, step, body } => {
                if f.meta.locals[var.id].captured {
                    fail(err, "a loop variable is captured");
                }
                // the step must be a non-zero integer constant (zero is an error)
                match step.as_ref().map(const_int) {
                    None | Some(Some(1..=i64::MAX)) | Some(Some(i64::MIN..=-1)) => {}
                    _ => fail(err, "a `for` loop's step is not a non-zero integer constant"),
                }
                shape_expr(f, start, facts, all, err);
                shape_expr(f, limit, facts, all, err);
                shape_block(f, body, facts, all, err);
            }
            StatKind::Break => {}
            StatKind::GenFor { .. } => fail(err, "it has a generic `for`"),
            StatKind::Function { .. } | StatKind::LocalFunction { .. } => fail(err, "it defines functions"),
            StatKind::Goto(_) | StatKind::Label(_) => fail(err, "it has `goto`"),
        }
    }
    if let Some(r) = &b.ret {
        if r.exprs.len() != 1 {
            err.get_or_insert_with(|| "a `return` does not give exactly one value".into());
        }
        r.exprs.iter().for_each(|e| shape_expr(f, e, facts, all, err));
    }
}

fn shape_expr(f: &Function, e: &Expr, facts: &Facts, all: &HashMap<FnKey, &Function>, err: &mut Option<String>) {
    match &e.kind {
        ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::True | ExprKind::False | ExprKind::Name(_, Res::Local(_)) => {}
        ExprKind::Paren(x) | ExprKind::Unary(UnOp::Neg | UnOp::Not | UnOp::BNot, x) => shape_expr(f, x, facts, all, err),
        ExprKind::Binary(op, a, b) => {
            if matches!(op, BinOp::Concat | BinOp::Shl | BinOp::Shr) {
                fail(err, format!("it uses `{}`", if *op == BinOp::Concat { ".." } else { "<< or >>" }));
            }
            shape_expr(f, a, facts, all, err);
            shape_expr(f, b, facts, all, err);
        }
        ExprKind::Call(callee, args) => {
            let name = match &callee.kind {
                ExprKind::Name(n, _) => n.clone(),
                ExprKind::Index(_, k) => match &k.kind {
                    ExprKind::Str(s) => String::from_utf8_lossy(s).into_owned(),
                    _ => "a computed field".into(),
                },
                _ => "a value".into(),
            };
            match facts.known_callee(f, callee).and_then(|g| all.get(&g)) {
                Some(g) if g.params.len() == args.len() => {}
                Some(_) => fail(err, format!("a call of '{name}' passes a different number of arguments than it has parameters")),
                None => fail(err, format!("it calls '{name}', not a known local function")),
            }
            args.iter().for_each(|a| shape_expr(f, a, facts, all, err));
        }
        ExprKind::Name(..) if facts.constant(f, e).is_some() => {}
        ExprKind::Name(n, _) => fail(err, format!("it reads '{n}', not one of its locals")),
        ExprKind::Unary(UnOp::Len, _) => fail(err, "it uses `#`"),
        ExprKind::Index(..) | ExprKind::Method(..) | ExprKind::Table(_) => fail(err, "it uses tables"),
        ExprKind::Str(_) => fail(err, "it uses strings"),
        ExprKind::Nil => fail(err, "it uses nil"),
        ExprKind::Vararg => fail(err, "it uses `...`"),
        ExprKind::Function(_) => fail(err, "it makes closures"),
    }
}

/// The kind of a value expression in `f` (comparisons and booleans are not values here),
/// given the kinds of `f`'s locals and the result kinds of the functions it calls. The one
/// statement of the typed subset's arithmetic rules: the analysis and codegen both use it.
fn expr_kind(f: &Function, e: &Expr, facts: &Facts, local: &dyn Fn(LocalId) -> K, ret: &dyn Fn(FnKey) -> Option<K>) -> K {
    let arith = |a: K, b: K, int_ok: bool| match (a, b) {
        (K::Bad, _) | (_, K::Bad) => K::Bad,
        (K::None, _) | (_, K::None) => K::None,
        (K::Int, K::Int) if int_ok => K::Int,
        _ => K::Float,
    };
    let rec = |x: &Expr| expr_kind(f, x, facts, local, ret);
    match facts.constant(f, e) {
        Some(Known::Int(_)) => return K::Int,
        Some(_) => return K::Float,
        None => {}
    }
    match &e.kind {
        ExprKind::Int(_) => K::Int,
        ExprKind::Float(_) => K::Float,
        ExprKind::Name(_, Res::Local(id)) => local(*id),
        ExprKind::Paren(x) | ExprKind::Unary(UnOp::Neg, x) => rec(x),
        ExprKind::Unary(UnOp::BNot, x) => match rec(x) {
            K::Float => K::Bad, // may have no integer representation: an error
            k => k,
        },
        ExprKind::Binary(op, a, b) => {
            let (ka, kb) = (rec(a), rec(b));
            match op {
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::IDiv | BinOp::Mod => arith(ka, kb, true),
                BinOp::Div | BinOp::Pow => arith(ka, kb, false),
                BinOp::BAnd | BinOp::BOr | BinOp::BXor => match arith(ka, kb, true) {
                    K::Float => K::Bad,
                    k => k,
                },
                _ => K::Bad,
            }
        }
        ExprKind::Call(callee, _) => facts.known_callee(f, callee).and_then(ret).unwrap_or(K::Bad),
        _ => K::Bad,
    }
}

fn of(k: NumKind) -> K {
    match k {
        NumKind::Int => K::Int,
        NumKind::Float => K::Float,
    }
}

/// Keeps the first reason a function does not qualify.
fn fail(err: &mut Option<String>, why: impl Into<String>) {
    err.get_or_insert_with(|| why.into());
}

/// The value of an integer constant expression (`3`, `-3`, `(3)`).
pub fn const_int(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Int(v) => Some(*v),
        ExprKind::Paren(x) => const_int(x),
        ExprKind::Unary(UnOp::Neg, x) => const_int(x).map(|v| v.wrapping_neg()),
        _ => None,
    }
}

/// The kinds of every candidate's parameters, locals and result, to a fixpoint.
struct Solver {
    params: HashMap<FnKey, Vec<K>>,
    rets: HashMap<FnKey, K>,
    locals: HashMap<FnKey, Vec<K>>,
}

impl Solver {
    fn solve(
        cands: &HashSet<FnKey>,
        all: &HashMap<FnKey, &Function>,
        facts: &Facts,
        caller_kinds: &mut HashMap<FnKey, numbers::LocalKinds>,
    ) -> Solver {
        let mut s = Solver { params: HashMap::new(), rets: HashMap::new(), locals: HashMap::new() };
        for &k in cands {
            s.params.insert(k, vec![K::None; all[&k].params.len()]);
            s.rets.insert(k, K::None);
            s.locals.insert(k, vec![K::None; all[&k].meta.locals.len()]);
        }
        // The guess: what generic callers pass, by majority (their guarded entry checks
        // it, so a call passing the other kind just takes the generic path).
        let mut votes: HashMap<(FnKey, usize), (u32, u32)> = HashMap::new();
        for (&k, f) in all {
            if cands.contains(&k) {
                continue;
            }
            let kinds = caller_kinds.entry(k).or_insert_with(|| numbers::LocalKinds::of(f, facts));
            walk_block(&f.body, &mut |n| {
                let Node::Call(e) = n else { return };
                let ExprKind::Call(callee, args) = &e.kind else { return };
                let Some(g) = facts.known_callee(f, callee).filter(|g| cands.contains(g)) else { return };
                for (i, a) in args.iter().enumerate() {
                    let v = votes.entry((g, i)).or_default();
                    match kinds.of_expr(a, f, facts) {
                        Some(NumKind::Int) => v.0 += 1,
                        Some(NumKind::Float) => v.1 += 1,
                        None => {}
                    }
                }
            });
        }
        for ((g, i), (ints, floats)) in votes {
            if let Some(p) = s.params.get_mut(&g).and_then(|ps| ps.get_mut(i)) {
                *p = if ints >= floats && ints > 0 {
                    K::Int
                } else if floats > 0 {
                    K::Float
                } else {
                    K::None
                };
            }
        }
        s.fixpoint(cands, all, facts);
        // Parameters no call site tells anything about (the function is passed as a value,
        // or only given unknown values): guess integers.
        let mut guessed = false;
        for ps in s.params.values_mut() {
            for p in ps.iter_mut().filter(|p| **p == K::None) {
                *p = K::Int;
                guessed = true;
            }
        }
        if guessed {
            s.fixpoint(cands, all, facts);
        }
        s
    }

    fn fixpoint(&mut self, cands: &HashSet<FnKey>, all: &HashMap<FnKey, &Function>, facts: &Facts) {
        // In source order, then backwards, alternately: result kinds flow from functions to
        // the later ones that call them, parameter kinds from callers back to earlier
        // functions, so that a chain of calls settles in a few rounds, not one per link (a
        // chain of 2,850 functions in a set's arbitrary order: 15 s).
        let mut order: Vec<&Function> = cands.iter().map(|k| all[k]).collect();
        order.sort_by_key(|f| f.span.lo);
        loop {
            let before = (self.params.clone(), self.rets.clone(), self.locals.clone());
            for &f in &order {
                self.round(f, facts);
            }
            order.reverse();
            if (&self.params, &self.rets, &self.locals) == (&before.0, &before.1, &before.2) {
                return;
            }
        }
    }

    /// One pass over `f`: parameters into locals, assignments, returns, call arguments.
    fn round(&mut self, f: &Function, facts: &Facts) {
        let k = key(f);
        let params = self.params[&k].clone();
        let mut locals = self.locals[&k].clone();
        for (p, pk) in f.params.iter().zip(params) {
            locals[p.id] = join(locals[p.id], pk);
        }
        let mut calls = Vec::new();
        let mut ret = self.rets[&k];
        self.assign_block(f, &f.body, facts, &mut locals, &mut ret, &mut calls);
        self.locals.insert(k, locals.clone());
        self.rets.insert(k, ret);
        for (g, kinds) in calls {
            if let Some(ps) = self.params.get_mut(&g) {
                for (p, a) in ps.iter_mut().zip(kinds) {
                    *p = join(*p, a);
                }
            }
        }
    }

    fn assign_block(&self, f: &Function, b: &Block, facts: &Facts, locals: &mut [K], ret: &mut K, calls: &mut Vec<(FnKey, Vec<K>)>) {
        for s in &b.stats {
            match &s.kind {
                StatKind::Local { decls, exprs } => {
                    for (d, e) in decls.iter().zip(exprs) {
                        self.note_calls(f, facts, calls, e, locals);
                        locals[d.id] = join(locals[d.id], self.kind(f, e, facts, locals));
                    }
                }
                StatKind::Assign { targets, exprs } => {
                    for (t, e) in targets.iter().zip(exprs) {
                        self.note_calls(f, facts, calls, e, locals);
                        if let ExprKind::Name(_, Res::Local(id)) = t.kind {
                            locals[id] = join(locals[id], self.kind(f, e, facts, locals));
                        }
                    }
                }
                StatKind::Call(e) => self.note_calls(f, facts, calls, e, locals),
                StatKind::Do(body) => self.assign_block(f, body, facts, locals, ret, calls),
                StatKind::While { cond, body } | StatKind::Repeat { body, cond } => {
                    self.note_calls(f, facts, calls, cond, locals);
                    self.assign_block(f, body, facts, locals, ret, calls);
                }
                StatKind::If { arms, orelse } => {
                    for (c, body) in arms {
                        self.note_calls(f, facts, calls, c, locals);
                        self.assign_block(f, body, facts, locals, ret, calls);
                    }
                    if let Some(body) = orelse {
                        self.assign_block(f, body, facts, locals, ret, calls);
                    }
                }
                StatKind::NumFor { var, start, limit, step, body } => {
                    self.note_calls(f, facts, calls, start, locals);
                    self.note_calls(f, facts, calls, limit, locals);
                    let k = match (self.kind(f, start, facts, locals), step.as_ref().map_or(K::Int, |e| self.kind(f, e, facts, locals))) {
                        (K::Int, K::Int) => K::Int,
                        (K::None, _) | (_, K::None) => K::None,
                        _ => K::Bad, // float loops are left to generic code
                    };
                    locals[var.id] = join(locals[var.id], k);
                    self.assign_block(f, body, facts, locals, ret, calls);
                }
                _ => {}
            }
        }
        if let Some(r) = &b.ret {
            for e in &r.exprs {
                self.note_calls(f, facts, calls, e, locals);
                *ret = join(*ret, self.kind(f, e, facts, locals));
            }
        }
    }

    /// The argument kinds of every call in `e`, nested calls included.
    fn note_calls(&self, f: &Function, facts: &Facts, calls: &mut Vec<(FnKey, Vec<K>)>, e: &Expr, locals: &[K]) {
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            match &e.kind {
                ExprKind::Call(callee, args) => {
                    if let Some(g) = facts.known_callee(f, callee) {
                        calls.push((g, args.iter().map(|a| self.kind(f, a, facts, locals)).collect()));
                    }
                    stack.extend(args.iter());
                }
                ExprKind::Binary(_, a, b) => stack.extend([&**a, &**b]),
                ExprKind::Unary(_, x) | ExprKind::Paren(x) => stack.push(x),
                _ => {}
            }
        }
    }

    /// The kind of a value expression (comparisons and booleans are not values here).
    fn kind(&self, f: &Function, e: &Expr, facts: &Facts, locals: &[K]) -> K {
        expr_kind(f, e, facts, &|id| locals[id], &|g| self.rets.get(&g).copied())
    }

    /// Whether every expression of candidate `f` is well kinded, given the solution.
    fn check(&self, f: &Function, facts: &Facts) -> Result<(), String> {
        let k = key(f);
        for (p, pk) in f.params.iter().zip(&self.params[&k]) {
            if num(*pk).is_none() {
                return Err(format!("parameter '{}' is not always an integer or always a float at its call sites", p.name.name));
            }
        }
        if num(self.rets[&k]).is_none() {
            return Err("its results are not all integers or all floats".into());
        }
        let locals = &self.locals[&k];
        let mut err = None;
        self.check_block(f, &f.body, facts, locals, &mut err);
        err.map_or(Ok(()), Err)
    }

    fn check_block(&self, f: &Function, b: &Block, facts: &Facts, locals: &[K], err: &mut Option<String>) {
        for s in &b.stats {
            match &s.kind {
                StatKind::Local { decls, exprs } => {
                    for (d, e) in decls.iter().zip(exprs) {
                        if num(locals[d.id]).is_none() {
                            err.get_or_insert_with(|| format!("local '{}' is not always an integer or always a float", d.name.name));
                        }
                        self.check_value(f, e, facts, locals, err);
                    }
                }
                StatKind::Assign { exprs, .. } => exprs.iter().for_each(|e| self.check_value(f, e, facts, locals, err)),
                StatKind::Call(e) => self.check_value(f, e, facts, locals, err),
                StatKind::Do(body) => self.check_block(f, body, facts, locals, err),
                StatKind::While { cond, body } | StatKind::Repeat { body, cond } => {
                    self.check_cond(f, cond, facts, locals, err);
                    self.check_block(f, body, facts, locals, err);
                }
                StatKind::If { arms, orelse } => {
                    for (c, body) in arms {
                        self.check_cond(f, c, facts, locals, err);
                        self.check_block(f, body, facts, locals, err);
                    }
                    if let Some(body) = orelse {
                        self.check_block(f, body, facts, locals, err);
                    }
                }
                StatKind::NumFor { var, start, limit, body, .. } => {
                    if locals[var.id] != K::Int || self.kind(f, limit, facts, locals) != K::Int {
                        err.get_or_insert_with(|| "a `for` loop is not over integers".into());
                    }
                    self.check_value(f, start, facts, locals, err);
                    self.check_value(f, limit, facts, locals, err);
                    self.check_block(f, body, facts, locals, err);
                }
                _ => {}
            }
        }
        if let Some(r) = &b.ret {
            for e in &r.exprs {
                self.check_value(f, e, facts, locals, err);
                if let ExprKind::Call(callee, _) = &e.kind {
                    // a tail call reuses the frame: it must have the same signature
                    let g = facts.known_callee(f, callee).expect("shape checked");
                    if self.params.get(&g) != self.params.get(&key(f)) || self.rets.get(&g) != self.rets.get(&key(f)) {
                        err.get_or_insert_with(|| "it tail-calls a function of another signature".into());
                    }
                }
            }
        }
    }

    /// A condition: comparisons of two numbers of one kind, `not`, `and`, `or`, `true`, `false`.
    fn check_cond(&self, f: &Function, e: &Expr, facts: &Facts, locals: &[K], err: &mut Option<String>) {
        match &e.kind {
            ExprKind::True | ExprKind::False => {}
            ExprKind::Paren(x) | ExprKind::Unary(UnOp::Not, x) => self.check_cond(f, x, facts, locals, err),
            ExprKind::Binary(BinOp::And | BinOp::Or, a, b) => {
                self.check_cond(f, a, facts, locals, err);
                self.check_cond(f, b, facts, locals, err);
            }
            ExprKind::Binary(BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne, a, b) => {
                self.check_value(f, a, facts, locals, err);
                self.check_value(f, b, facts, locals, err);
                if self.kind(f, a, facts, locals) != self.kind(f, b, facts, locals) {
                    err.get_or_insert_with(|| "it compares an integer with a float".into());
                }
            }
            _ => {
                err.get_or_insert_with(|| "a condition is not a comparison of numbers".into());
            }
        }
    }

    fn check_value(&self, f: &Function, e: &Expr, facts: &Facts, locals: &[K], err: &mut Option<String>) {
        if num(self.kind(f, e, facts, locals)).is_none() {
            err.get_or_insert_with(|| "an expression is not always an integer or always a float".into());
            return;
        }
        match &e.kind {
            ExprKind::Paren(x) | ExprKind::Unary(_, x) => self.check_value(f, x, facts, locals, err),
            ExprKind::Binary(op, a, b) => {
                self.check_value(f, a, facts, locals, err);
                self.check_value(f, b, facts, locals, err);
                let int = self.kind(f, a, facts, locals) == K::Int && self.kind(f, b, facts, locals) == K::Int;
                if int && matches!(op, BinOp::IDiv | BinOp::Mod) && const_int(b).is_none_or(|v| v == 0) {
                    err.get_or_insert_with(|| "integer `//` or `%` by a divisor that may be zero".into());
                }
            }
            ExprKind::Call(callee, args) => {
                let g = facts.known_callee(f, callee).expect("shape checked");
                let want = &self.params[&g];
                for (a, w) in args.iter().zip(want) {
                    self.check_value(f, a, facts, locals, err);
                    if self.kind(f, a, facts, locals) != *w {
                        err.get_or_insert_with(|| "it passes an argument of another kind than the callee's typed entry takes".into());
                    }
                }
            }
            _ => {}
        }
    }

    fn finish(self, cands: &HashSet<FnKey>) -> HashMap<FnKey, Typed> {
        let mut out = HashMap::new();
        for &k in cands {
            let params = self.params[&k].iter().map(|p| num(*p).expect("checked")).collect();
            let ret = num(self.rets[&k]).expect("checked");
            let locals = self.locals[&k].iter().map(|l| num(*l)).collect();
            out.insert(k, Typed { params, ret, locals, unrolled: false });
        }
        out
    }
}

impl Facts {
    /// The typed entry of `f`, if it has one.
    pub fn typed(&self, f: &Function) -> Option<&Typed> {
        self.typed_by_key(key(f))
    }

    pub fn typed_by_key(&self, f: FnKey) -> Option<&Typed> {
        self.typed.get(&f)
    }

    /// The kind of a value expression inside typed function `f` (None: not a number).
    pub fn typed_kind(&self, f: &Function, e: &Expr) -> Option<NumKind> {
        let t = self.typed(f)?;
        num(expr_kind(f, e, self, &|id| t.locals[id].map_or(K::Bad, of), &|g| self.typed.get(&g).map(|t| of(t.ret))))
    }
}
