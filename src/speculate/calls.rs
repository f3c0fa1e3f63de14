//! Known functions: a local bound by `local function f` that is never assigned again — in
//! its own function or, through an upvalue, in any nested one — holds that function's
//! closure wherever it is visible. A call through such a local (or through an upvalue
//! capturing it, however deeply nested) needs no type check and no indirect jump: codegen
//! calls the function's code directly, which also lets LLVM inline it. The compiler sees
//! the whole program, so "never assigned again" is proven, not guessed.
//!
//! Two guesses sit beside that proof, both checked at each call: a global defined by one
//! `function name()` statement probably still holds that function, and a local initialised
//! from `math.sqrt` (or `math.sqrt` itself) probably still is the library's. A local
//! initialised by a call of a known *factory* (a function whose one `return` returns a
//! `function` expression: `local counter = make_counter()`) holds a closure of the
//! function it makes; calls check the closure's code too, and then call it directly.

use std::collections::HashMap;

use super::{field_name, for_each_binding, key, Binding, Builtin, CallReport, Facts, FnKey, FnReport, Known};
use crate::syntax::ast::*;
use crate::syntax::walk::{for_each_nested_block, for_each_stat, walk_block, Node};

/// Finds the known functions of one chunk and reports each call through a name.
pub(super) fn run(main: &Function, chunk: usize, facts: &mut Facts) {
    let mut assigned = HashMap::new();
    assignments(main, &mut assigned);
    known(main, &HashMap::new(), &HashMap::new(), &HashMap::new(), &assigned, facts);
    report(main, chunk, false, &assigned, facts);
}

/// Records the global functions `f` and its nested functions define with `function name()`.
pub(super) fn global_functions(f: &Function, facts: &mut Facts) {
    walk_block(&f.body, &mut |node| {
        if let Node::Function(child) = node {
            global_functions(child, facts);
        }
    });
    let mut defs = Vec::new();
    for_each_global_def(&f.body, &mut |name, func| defs.push((name.to_string(), func)));
    for (name, func) in defs {
        let entry = facts.global_functions.entry(name).or_insert(Some(key(func)));
        if *entry != Some(key(func)) {
            *entry = None;
        }
        if is_small(func) {
            facts.inline.insert(key(func));
        }
    }
    for_each_stat(&f.body, &mut |s| {
        if let StatKind::Function { target, func } = &s.kind {
            if let ExprKind::Index(_, k) = &target.kind {
                if let ExprKind::Str(name) = &k.kind {
                    let entry = facts.field_functions.entry(name.clone()).or_insert(Some(key(func)));
                    if *entry != Some(key(func)) {
                        *entry = None;
                    }
                    if is_small(func) {
                        facts.inline.insert(key(func));
                    }
                }
            }
        }
    });
}

/// Every `function name()` statement (a global `name`) in one function body.
fn for_each_global_def<'a>(b: &'a Block, v: &mut impl FnMut(&'a str, &'a Function)) {
    for_each_stat(b, &mut |s| {
        if let StatKind::Function { target, func } = &s.kind {
            if let ExprKind::Name(n, Res::Global(EnvRef::Default)) = &target.kind {
                v(n, func);
            }
        }
    });
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
        Node::Call(..) | Node::Read(_) | Node::Upval(_) | Node::Table(_) | Node::Index => {}
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
    parent_locals: &HashMap<LocalId, Known>,
    parent_upvals: &HashMap<usize, Known>,
    parent_factories: &HashMap<FnKey, FnKey>,
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
    // the known functions declared here that are factories, with what they make
    let mut factories = HashMap::new();
    for_each_binding(&f.body, &mut |_, binding| {
        if let Binding::Function(func) = binding {
            if let Some(made) = factory(func) {
                factories.insert(key(func), key(made));
                if is_small(made) {
                    facts.inline.insert(key(made));
                }
            }
        }
    });
    for (g, made) in parent_factories {
        factories.entry(*g).or_insert(*made);
    }
    // what the first value of a call of a known factory is
    let made_by = |call: &Expr, locals: &HashMap<LocalId, Known>| -> Option<Known> {
        let ExprKind::Call(callee, _) = &call.kind else { return None };
        let maker = match callee.kind {
            ExprKind::Name(_, Res::Local(id)) => locals.get(&id),
            ExprKind::Name(_, Res::Upval(i)) => upvals.get(&i),
            _ => None,
        };
        match maker {
            Some(Known::Function(g)) => factories.get(g).map(|made| Known::Made(*made)),
            _ => None,
        }
    };
    for_each_binding(&f.body, &mut |decl, binding| {
        if mine.locals.contains_key(&decl.id) {
            return;
        }
        let what = match binding {
            Binding::Function(func) => {
                if is_small(func) && !calls_itself(func, decl.id) {
                    facts.inline.insert(key(func));
                }
                Known::Function(key(func))
            }
            Binding::Init(Some(e)) => match (&e.kind, Builtin::of(e)) {
                (_, Some(b)) => Known::Builtin(b),
                (ExprKind::Int(v), None) => Known::Int(*v),
                (ExprKind::Float(v), None) => Known::Float(v.to_bits()),
                (ExprKind::Call(..), None) => match made_by(e, &locals) {
                    Some(made) => made,
                    None => return,
                },
                _ => return,
            },
            Binding::FirstOf(call) => match made_by(call, &locals) {
                Some(made) => made,
                None => return,
            },
            Binding::Init(None) => return,
        };
        locals.insert(decl.id, what);
        facts.known_locals.insert((k, decl.id), what);
    });
    for child in children {
        known(child, &locals, &upvals, &factories, assigned, facts);
    }
}

/// The function whose closures `f` makes, when `f` is a factory: its one `return`, at the
/// end of its body, returns a single `function` expression.
fn factory(f: &Function) -> Option<&Function> {
    let ret = f.body.ret.as_ref()?;
    let [e] = ret.exprs.as_slice() else { return None };
    let ExprKind::Function(made) = &e.kind else { return None };
    let mut other_returns = false;
    for_each_stat(&f.body, &mut |s| for_each_nested_block(s, &mut |b| other_returns |= b.ret.is_some()));
    (!other_returns).then_some(made)
}

/// Whether the function of `local function f` (declared as `decl`) calls `f`. Inlining
/// such a function copies one level of its recursion into each caller, which costs
/// compile time and code for a call the recursion makes anyway.
fn calls_itself(func: &Function, decl: LocalId) -> bool {
    let mut found = false;
    walk_block(&func.body, &mut |node| {
        if let Node::Call(Expr { kind: ExprKind::Call(callee, _), .. }) = node {
            if let ExprKind::Name(_, Res::Upval(i)) = callee.kind {
                found |= func.meta.upvals.get(i).is_some_and(|u| u.from == UpvalFrom::ParentLocal(decl));
            }
        }
    });
    found
}

/// Whether a known function is small enough to inline into its callers: a few statements,
/// no loops, no closures (LLVM then sees its arithmetic next to the caller's).
fn is_small(f: &Function) -> bool {
    fn count(b: &Block) -> Option<usize> {
        let mut n = b.ret.is_some() as usize;
        for s in &b.stats {
            n += match &s.kind {
                StatKind::While { .. } | StatKind::Repeat { .. } | StatKind::NumFor { .. } | StatKind::GenFor { .. } => return None,
                StatKind::Function { .. } | StatKind::LocalFunction { .. } | StatKind::Goto(_) | StatKind::Label(_) => return None,
                StatKind::Do(body) => count(body)?,
                StatKind::If { arms, orelse } => {
                    let mut m = 1;
                    for (_, body) in arms {
                        m += count(body)?;
                    }
                    m + orelse.as_ref().map_or(Some(0), count)?
                }
                _ => 1,
            };
        }
        Some(n)
    }
    let mut closures = false;
    walk_block(&f.body, &mut |n| closures |= matches!(n, Node::Function(_)));
    !closures && count(&f.body).is_some_and(|n| n <= 6) && block_size(&f.body) <= MAX_INLINE_NODES
}

/// The most syntax-tree nodes a function forced inline may have: a few statements may
/// still be a long list of comparisons or a large constructor, which would be copied into
/// every caller.
const MAX_INLINE_NODES: usize = 60;

/// The number of statements and expression nodes in a block (nested blocks included,
/// nested functions not).
fn block_size(b: &Block) -> usize {
    let mut n: usize = b.ret.iter().flat_map(|r| &r.exprs).map(expr_size).sum();
    for s in &b.stats {
        let exprs: Vec<&Expr> = match &s.kind {
            StatKind::Local { exprs, .. } => exprs.iter().collect(),
            StatKind::Assign { targets, exprs } => targets.iter().chain(exprs).collect(),
            StatKind::Call(e) | StatKind::While { cond: e, .. } | StatKind::Repeat { cond: e, .. } => vec![e],
            StatKind::If { arms, .. } => arms.iter().map(|(c, _)| c).collect(),
            StatKind::NumFor { start, limit, step, .. } => [Some(start), Some(limit), step.as_ref()].into_iter().flatten().collect(),
            StatKind::GenFor { exprs, .. } => exprs.iter().collect(),
            _ => Vec::new(),
        };
        n += 1 + exprs.into_iter().map(expr_size).sum::<usize>();
        for_each_nested_block(s, &mut |nested| n += block_size(nested));
    }
    n
}

/// The number of nodes of an expression (a nested function counts as one).
fn expr_size(e: &Expr) -> usize {
    1 + match &e.kind {
        ExprKind::Table(fields) => fields
            .iter()
            .map(|fd| match fd {
                Field::Positional(x) | Field::Named(_, x) => expr_size(x),
                Field::Keyed(k, x) => expr_size(k) + expr_size(x),
            })
            .sum(),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => expr_size(a) + expr_size(b),
        ExprKind::Unary(_, a) | ExprKind::Paren(a) => expr_size(a),
        ExprKind::Call(f, args) => expr_size(f) + args.iter().map(expr_size).sum::<usize>(),
        ExprKind::Method(o, _, args) => expr_size(o) + args.iter().map(expr_size).sum::<usize>(),
        _ => 0,
    }
}

/// The `--explain` report of `f` and its nested functions: each call through a name.
fn report(f: &Function, chunk: usize, nested: bool, assigned: &HashMap<FnKey, Assigned>, facts: &mut Facts) {
    let mut bound_by_local_function = HashMap::new();
    for_each_binding(&f.body, &mut |decl, binding| {
        if let Binding::Function(func) = binding {
            bound_by_local_function.insert(decl.id, func.name.clone());
        }
    });
    let empty = Assigned::default();
    let mine = assigned.get(&key(f)).unwrap_or(&empty);
    let mut items = Vec::new();
    let mut children = Vec::new();
    walk_block(&f.body, &mut |node| match node {
        Node::Call(call) => {
            let field = field_name(call).map(|n| String::from_utf8_lossy(n).into_owned());
            let builtin = match &call.kind {
                ExprKind::Call(callee, _) => facts.builtin_callee(f, callee).is_some(),
                _ => false,
            };
            if let (Some(name), true) = (&field, builtin) {
                let why = "inline when the callee is still the library's (checked at each call)";
                items.push(CallReport { pos: call.span.lo, message: format!("call of '{name}': {why}"), assigned_at: None });
                return;
            }
            if let (Some(name), false) = (field, builtin) {
                let why = if facts.field_callee(call).is_some() {
                    "direct when the field still holds its `function` statement's function (checked at each call)"
                } else {
                    "generic: no single `function` statement defines a field of that name"
                };
                items.push(CallReport { pos: call.span.lo, message: format!("call of '{name}': {why}"), assigned_at: None });
                return;
            }
            let ExprKind::Call(callee, _) = &call.kind else { return };
            let ExprKind::Name(name, res) = &callee.kind else { return };
            let pos = call.span.lo;
            let mut assigned_at = None;
            let known = facts.known_callee(f, callee);
            let why = if facts.builtin_callee(f, callee).is_some() {
                "inline when the callee is still the library's (checked at each call)"
            } else if known.is_some_and(|g| facts.inline.contains(&g)) {
                "direct, inlined at -O Release: small local function, never reassigned"
            } else if known.is_some() {
                "direct: local function, never reassigned"
            } else if facts.made_callee(f, callee).is_some() {
                "direct when the local still holds a closure of the function its factory returns (checked at each call)"
            } else {
                match res {
                    Res::Local(id) if mine.locals.contains_key(id) => {
                        assigned_at = Some(mine.locals[id]);
                        "generic: local assigned again"
                    }
                    Res::Local(id) if !bound_by_local_function.contains_key(id) => "generic: local not bound by `local function`",
                    Res::Upval(_) => "generic: upvalue not known to hold one function",
                    Res::Global(EnvRef::Default) if facts.global_callee(callee).is_some() => {
                        "direct when the global still holds its `function` statement's function (checked at each call)"
                    }
                    Res::Global(_) => "generic: global not defined by one `function` statement",
                    _ => "generic",
                }
            };
            items.push(CallReport { pos, message: format!("call of '{name}': {why}"), assigned_at });
        }
        Node::Function(child) => children.push(child),
        Node::Assign(..) | Node::Read(_) | Node::Upval(_) | Node::Table(_) | Node::Index => {}
    });
    let captures = captures(f);
    facts.explain.push(FnReport {
        fkey: key(f),
        name: f.name.clone(),
        pos: f.span.lo,
        chunk,
        items,
        loops: Vec::new(),
        typed: None,
        captures,
        outside_loops: super::runs_often(f, nested).err().map(|why| format!("{}: {why}", super::hot::THROUGH_RUNTIME)),
        pieces: None,
        tables: Vec::new(),
    });
    for child in children {
        report(child, chunk, true, assigned, facts);
    }
}

/// What becomes of `f`'s captured locals (the resolver's `assigned`, used by codegen).
fn captures(f: &Function) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut note = |d: &LocalDecl, local_function: bool| {
        let info = &f.meta.locals[d.id];
        let name = &info.name;
        let msg = match (info.captured, info.assigned) {
            (false, _) => return,
            (true, false) => format!("local '{name}' captured, never assigned: kept in a register, each closure reads its own copy"),
            (true, true) if local_function => {
                format!("local function '{name}' captured: shared in a heap box (it captures its own name before holding it)")
            }
            (true, true) => format!("local '{name}' captured and assigned: shared with its closures in a heap box"),
        };
        out.push((d.name.span.lo, msg));
    };
    f.params.iter().for_each(|p| note(p, false));
    for_each_stat(&f.body, &mut |s| match &s.kind {
        StatKind::Local { decls, .. } => decls.iter().for_each(|d| note(d, false)),
        StatKind::LocalFunction { decl, .. } => note(decl, true),
        StatKind::NumFor { var, .. } => note(var, false),
        StatKind::GenFor { vars, .. } => vars.iter().for_each(|d| note(d, false)),
        _ => {}
    });
    out
}
