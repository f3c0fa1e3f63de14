//! speculate: whole-program facts for code generation, and their explanation.
//!
//! This first part of the pass finds *known functions*: a local bound by `local function f`
//! that is never assigned again — in its own function or, through an upvalue, in any nested
//! one — holds that function's closure wherever it is visible. A call through such a local
//! (or through an upvalue capturing it, however deeply nested) needs no type check and no
//! indirect jump: codegen calls the function's code directly, which also lets LLVM inline
//! it. The compiler sees the whole program, so "never assigned again" is proven, not
//! guessed. `flua check --explain` reports, per function, which calls were made direct and
//! why the others stayed generic.

use std::collections::HashMap;

use crate::syntax::ast::*;

/// Identifies a function of the program: the address of its AST node, which neither
/// this pass nor codegen copies.
pub type FnKey = usize;

pub fn key(f: &Function) -> FnKey {
    f as *const Function as usize
}

/// What the pass found.
#[derive(Default)]
pub struct Facts {
    /// (function, local) → the function every read of that local yields.
    known_locals: HashMap<(FnKey, LocalId), FnKey>,
    /// (function, upvalue index) → the function every read of that upvalue yields.
    known_upvals: HashMap<(FnKey, usize), FnKey>,
    /// Per function, in source order: what was decided at each call site, and why.
    pub explain: Vec<FnReport>,
}

pub struct FnReport {
    pub name: String,
    /// Byte offset of the function in its source.
    pub pos: u32,
    pub chunk: usize,
    pub items: Vec<CallReport>,
}

/// The decision at one call site: `call of 'f': <outcome>`, plus where `f` was assigned
/// when that is the reason.
pub struct CallReport {
    pub pos: u32,
    pub message: String,
    pub assigned_at: Option<u32>,
}

impl Facts {
    /// The function a call's callee expression, evaluated inside `f`, is known to be.
    pub fn known_callee(&self, f: &Function, callee: &Expr) -> Option<FnKey> {
        match callee.kind {
            ExprKind::Name(_, Res::Local(id)) => self.known_locals.get(&(key(f), id)).copied(),
            ExprKind::Name(_, Res::Upval(i)) => self.known_upvals.get(&(key(f), i)).copied(),
            _ => None,
        }
    }
}

/// Runs the pass over the chunks of one program (the main script and its modules).
pub fn speculate(chunks: &[&Chunk]) -> Facts {
    let mut facts = Facts::default();
    for (i, c) in chunks.iter().enumerate() {
        let mut assigned = HashMap::new();
        assignments(&c.main, &mut assigned);
        known(&c.main, &HashMap::new(), &HashMap::new(), &assigned, &mut facts);
        report(&c.main, i, &assigned, &mut facts);
    }
    facts
}

/// Where each function's locals and upvalues are assigned after their declaration.
#[derive(Default)]
struct Assigned {
    locals: HashMap<LocalId, u32>,
    upvals: HashMap<usize, u32>,
}

/// Fills `out` for `f` and every function nested in it (children first, since an
/// assignment to an upvalue is an assignment to the enclosing function's variable).
fn assignments(f: &Function, out: &mut HashMap<FnKey, Assigned>) {
    let mut mine = Assigned::default();
    let mut children = Vec::new();
    walk_block(&f.body, &mut |node| match node {
        Node::Assign(target, pos) => match target.kind {
            ExprKind::Name(_, Res::Local(id)) => {
                mine.locals.entry(id).or_insert(pos);
            }
            ExprKind::Name(_, Res::Upval(i)) => {
                mine.upvals.entry(i).or_insert(pos);
            }
            _ => {}
        },
        Node::Function(child) => children.push(child),
        Node::Call(..) => {}
    });
    for child in children {
        assignments(child, out);
        let written: Vec<(usize, u32)> = out.get(&key(child)).map(|a| a.upvals.iter().map(|(i, p)| (*i, *p)).collect()).unwrap_or_default();
        for (i, pos) in written {
            match child.meta.upvals.get(i).map(|u| u.from) {
                Some(UpvalFrom::ParentLocal(id)) => {
                    mine.locals.entry(id).or_insert(pos);
                }
                Some(UpvalFrom::ParentUpval(j)) => {
                    mine.upvals.entry(j).or_insert(pos);
                }
                None => {}
            }
        }
    }
    out.insert(key(f), mine);
}

/// Records the known locals and upvalues of `f` and its nested functions, given what the
/// enclosing function knows.
fn known(
    f: &Function,
    parent_locals: &HashMap<LocalId, FnKey>,
    parent_upvals: &HashMap<usize, FnKey>,
    assigned: &HashMap<FnKey, Assigned>,
    facts: &mut Facts,
) {
    let k = key(f);
    let mut upvals = HashMap::new();
    for (i, uv) in f.meta.upvals.iter().enumerate() {
        let found = match uv.from {
            UpvalFrom::ParentLocal(id) => parent_locals.get(&id),
            UpvalFrom::ParentUpval(j) => parent_upvals.get(&j),
        };
        if let Some(g) = found {
            upvals.insert(i, *g);
            facts.known_upvals.insert((k, i), *g);
        }
    }
    let empty = Assigned::default();
    let mine = assigned.get(&k).unwrap_or(&empty);
    let mut locals = HashMap::new();
    let mut children = Vec::new();
    walk_block(&f.body, &mut |node| {
        if let Node::Function(child) = node {
            children.push(child);
        }
    });
    for_each_local_function(&f.body, &mut |decl, func| {
        if !mine.locals.contains_key(&decl.id) {
            locals.insert(decl.id, key(func));
            facts.known_locals.insert((k, decl.id), key(func));
        }
    });
    for child in children {
        known(child, &locals, &upvals, assigned, facts);
    }
}

/// The `--explain` report of `f` and its nested functions: each call through a name.
fn report(f: &Function, chunk: usize, assigned: &HashMap<FnKey, Assigned>, facts: &mut Facts) {
    let mut bound_by_local_function = HashMap::new();
    for_each_local_function(&f.body, &mut |decl, func| {
        bound_by_local_function.insert(decl.id, func.name.clone());
    });
    let empty = Assigned::default();
    let mine = assigned.get(&key(f)).unwrap_or(&empty);
    let mut items = Vec::new();
    let mut children = Vec::new();
    walk_block(&f.body, &mut |node| match node {
        Node::Call(callee, pos) => {
            let ExprKind::Name(name, res) = &callee.kind else { return };
            let mut assigned_at = None;
            let why = if facts.known_callee(f, callee).is_some() {
                "direct: local function, never reassigned"
            } else {
                match res {
                    Res::Local(id) if mine.locals.contains_key(id) => {
                        assigned_at = Some(mine.locals[id]);
                        "generic: local assigned again"
                    }
                    Res::Local(id) if !bound_by_local_function.contains_key(id) => "generic: local not bound by `local function`",
                    Res::Upval(_) => "generic: upvalue not known to hold one function",
                    Res::Global(_) => "generic: global (globals are not speculated on yet)",
                    _ => "generic",
                }
            };
            items.push(CallReport { pos, message: format!("call of '{name}': {why}"), assigned_at });
        }
        Node::Function(child) => children.push(child),
        Node::Assign(..) => {}
    });
    facts.explain.push(FnReport { name: f.name.clone(), pos: f.span.lo, chunk, items });
    for child in children {
        report(child, chunk, assigned, facts);
    }
}

/// What the walker shows: assignments to a target, nested functions (not entered), calls.
enum Node<'a> {
    Assign(&'a Expr, u32),
    Function(&'a Function),
    Call(&'a Expr, u32),
}

/// Visits the statements and expressions of one function body, without entering nested
/// functions (they are reported as `Node::Function`).
fn walk_block<'a>(b: &'a Block, v: &mut impl FnMut(Node<'a>)) {
    for s in &b.stats {
        walk_stat(s, v);
    }
    if let Some(r) = &b.ret {
        r.exprs.iter().for_each(|e| walk_expr(e, v));
    }
}

fn walk_stat<'a>(s: &'a Stat, v: &mut impl FnMut(Node<'a>)) {
    match &s.kind {
        StatKind::Local { exprs, .. } => exprs.iter().for_each(|e| walk_expr(e, v)),
        StatKind::Assign { targets, exprs } => {
            for t in targets {
                v(Node::Assign(t, t.span.lo));
                walk_target(t, v);
            }
            exprs.iter().for_each(|e| walk_expr(e, v));
        }
        StatKind::Call(e) => walk_expr(e, v),
        StatKind::Do(b) => walk_block(b, v),
        StatKind::While { cond, body } | StatKind::Repeat { body, cond } => {
            walk_expr(cond, v);
            walk_block(body, v);
        }
        StatKind::If { arms, orelse } => {
            for (c, b) in arms {
                walk_expr(c, v);
                walk_block(b, v);
            }
            if let Some(b) = orelse {
                walk_block(b, v);
            }
        }
        StatKind::NumFor { start, limit, step, body, .. } => {
            walk_expr(start, v);
            walk_expr(limit, v);
            if let Some(e) = step {
                walk_expr(e, v);
            }
            walk_block(body, v);
        }
        StatKind::GenFor { exprs, body, .. } => {
            exprs.iter().for_each(|e| walk_expr(e, v));
            walk_block(body, v);
        }
        StatKind::Function { target, func } => {
            v(Node::Assign(target, target.span.lo));
            walk_target(target, v);
            v(Node::Function(func));
        }
        StatKind::LocalFunction { func, .. } => v(Node::Function(func)),
        StatKind::Goto(_) | StatKind::Label(_) | StatKind::Break => {}
    }
}

/// The expressions evaluated inside an assignment target (`t[k]`: `t` and `k`).
fn walk_target<'a>(t: &'a Expr, v: &mut impl FnMut(Node<'a>)) {
    if let ExprKind::Index(o, k) = &t.kind {
        walk_expr(o, v);
        walk_expr(k, v);
    }
}

fn walk_expr<'a>(e: &'a Expr, v: &mut impl FnMut(Node<'a>)) {
    match &e.kind {
        ExprKind::Function(f) => v(Node::Function(f)),
        ExprKind::Table(fields) => {
            for fd in fields {
                match fd {
                    Field::Positional(x) | Field::Named(_, x) => walk_expr(x, v),
                    Field::Keyed(k, x) => {
                        walk_expr(k, v);
                        walk_expr(x, v);
                    }
                }
            }
        }
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
            walk_expr(a, v);
            walk_expr(b, v);
        }
        ExprKind::Unary(_, a) | ExprKind::Paren(a) => walk_expr(a, v),
        ExprKind::Call(f, args) => {
            v(Node::Call(f, e.span.lo));
            walk_expr(f, v);
            args.iter().for_each(|a| walk_expr(a, v));
        }
        ExprKind::Method(o, _, args) => {
            walk_expr(o, v);
            args.iter().for_each(|a| walk_expr(a, v));
        }
        ExprKind::Nil
        | ExprKind::True
        | ExprKind::False
        | ExprKind::Vararg
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Name(..) => {}
    }
}

/// Every `local function` statement of one function body (nested blocks included,
/// nested functions not).
fn for_each_local_function<'a>(b: &'a Block, v: &mut impl FnMut(&'a LocalDecl, &'a Function)) {
    for s in &b.stats {
        match &s.kind {
            StatKind::LocalFunction { decl, func } => v(decl, func),
            StatKind::Do(body)
            | StatKind::While { body, .. }
            | StatKind::Repeat { body, .. }
            | StatKind::NumFor { body, .. }
            | StatKind::GenFor { body, .. } => for_each_local_function(body, v),
            StatKind::If { arms, orelse } => {
                for (_, body) in arms {
                    for_each_local_function(body, v);
                }
                if let Some(body) = orelse {
                    for_each_local_function(body, v);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sema::resolve::resolve;
    use crate::syntax::parse::parse_chunk;

    /// The names of the calls made direct, in source order.
    fn direct_calls(src: &str) -> Vec<String> {
        let mut c = parse_chunk(src).unwrap();
        resolve(&mut c, src).unwrap();
        let facts = speculate(&[&c]);
        let mut out: Vec<(u32, String)> = Vec::new();
        for r in &facts.explain {
            for item in &r.items {
                if item.message.contains(": direct") {
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
    fn other_callees_stay_generic() {
        assert!(direct_calls("local f = function() end f()").is_empty());
        assert!(direct_calls("function g() end g()").is_empty());
        assert!(direct_calls("local t = {} function t.m() end t.m() t:m()").is_empty());
        // a different local with the same name
        assert_eq!(direct_calls("local function f() end do local f = print f() end f()"), ["f"]);
    }
}
