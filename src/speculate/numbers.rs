//! Number kinds: which locals are likely to hold integers or floats, and which loops are
//! worth a specialised copy.
//!
//! The kind of a local is the join of the kinds of everything assigned to it (a
//! flow-insensitive fixpoint over one function): integer and float literals, arithmetic
//! (`/` and `^` give floats; `+ - * % //` of two integers give integers, with a float
//! operand floats), `#` (integers), numeric `for` variables, and fields read by name (the
//! join of what the program stores under that name, `field_kinds`). Parameters, call
//! results and other reads give no evidence either way; strings, tables, nil and the like
//! spoil a kind. These kinds are guesses, not proofs — a metamethod can make `a + b`
//! anything — so codegen uses them only behind a guard: an innermost numeric `for` or
//! `while` loop whose body (or condition) reads or writes locals of known kind gets a copy
//! in which those locals' tags are checked once at entry and then stored as constants, so
//! that LLVM folds every tag test inside; when a guard fails, the generic copy runs. Inside
//! the copy, the locals it keeps (`pins`) are checked again after each assignment, and a
//! failed check goes on in the generic copy from the next statement.

use super::{key, Facts, NumKind};
use crate::syntax::ast::*;
use crate::syntax::walk::{for_each_stat, walk_block, Node};

/// Infers number kinds in `f` and its nested functions and chooses the loops to specialise.
/// `once`: the function runs once per run of the program's code that runs once (the main
/// chunk, a module, a function hot.rs finds called only from such code).
pub(super) fn run(f: &Function, once: bool, facts: &mut Facts) {
    let kinds = infer(f, facts);
    let mut loops = Vec::new();
    find_loops(f, &f.body, &kinds, &mut Nest { control: Vec::new(), depth: 0, once }, facts, &mut loops);
    if let Some(r) = facts.explain.iter_mut().find(|r| r.fkey == key(f)) {
        r.loops = loops;
    }
    walk_block(&f.body, &mut |n| {
        if let Node::Function(child) = n {
            let once = facts.runs_once.contains(&key(child));
            run(child, once, facts);
        }
    });
}

/// Where a loop is: the control variables of the enclosing numeric loops (codegen knows
/// their tags already), how many loops enclose it, and whether its function runs once.
struct Nest {
    control: Vec<LocalId>,
    depth: usize,
    once: bool,
}

/// The likely number kinds of one function's locals, for other parts of the pass.
pub(super) struct LocalKinds(Vec<Kind>);

impl LocalKinds {
    pub(super) fn of(f: &Function, facts: &Facts) -> LocalKinds {
        LocalKinds(infer(f, facts))
    }

    /// The likely kind of an expression evaluated in the function.
    pub(super) fn of_expr(&self, e: &Expr, f: &Function, facts: &Facts) -> Option<NumKind> {
        match kind_of(e, &self.0, &Cx { f, facts }) {
            Kind::Int => Some(NumKind::Int),
            Kind::Float => Some(NumKind::Float),
            _ => None,
        }
    }
}

/// A kind in the inference lattice, from bottom to top: nothing assigned yet; no evidence
/// either way (a parameter, a call's result, a field without known kind); integer, float;
/// sometimes one and sometimes the other (typically `local sum = 0` then `sum = sum + x`
/// with a float `x`: an integer before the first iteration, a float after it); anything
/// else (a string, a table, nil, a mix of those and numbers).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    None,
    Any,
    Int,
    Float,
    Num,
    Unknown,
}

fn join(a: Kind, b: Kind) -> Kind {
    match (a, b) {
        (Kind::None, x) | (x, Kind::None) => x,
        (x, y) if x == y => x,
        // a local given values of no known kind and numbers of one kind (a field's value
        // and float results; `local j` then integers) likely holds that kind
        (Kind::Any, x) | (x, Kind::Any) => x,
        (Kind::Int | Kind::Float | Kind::Num, Kind::Int | Kind::Float | Kind::Num) => Kind::Num,
        _ => Kind::Unknown,
    }
}

/// The likely kinds of table fields by name, over the whole program: the join of what
/// every `o.name = e` and constructor item `name = e` stores. Local kinds depend on field
/// kinds (`local x = body.x`) and field kinds on local kinds (`body.x = x + dx`), so both
/// are iterated to a fixpoint. A guess like the rest: any table may hold anything under
/// any name, and `t[k] = e` may store under any name.
pub(super) fn field_kinds(chunks: &[&Chunk], facts: &mut Facts) {
    let mut functions = Vec::new();
    for c in chunks {
        collect_functions(&c.main, &mut functions);
    }
    loop {
        let mut fields = facts.field_kinds.clone();
        for f in &functions {
            let kinds = infer(f, facts);
            let cx = Cx { f, facts };
            let mut store = |name: &[u8], k: Kind| {
                let slot = fields.entry(name.to_vec()).or_insert(Kind::None);
                *slot = join(*slot, k);
            };
            for_each_stat(&f.body, &mut |s| {
                if let StatKind::Assign { targets, exprs } = &s.kind {
                    for (i, t) in targets.iter().enumerate() {
                        if let ExprKind::Index(_, k) = &t.kind {
                            if let ExprKind::Str(name) = &k.kind {
                                store(name, assigned_kind(exprs, i, &kinds, &cx));
                            }
                        }
                    }
                }
            });
            walk_block(&f.body, &mut |n| {
                if let Node::Table(items) = n {
                    for item in items {
                        if let Field::Named(name, e) = item {
                            store(name.name.as_bytes(), kind_of(e, &kinds, &cx));
                        }
                    }
                }
            });
        }
        if fields == facts.field_kinds {
            return;
        }
        facts.field_kinds = fields;
    }
}

fn collect_functions<'a>(f: &'a Function, out: &mut Vec<&'a Function>) {
    out.push(f);
    walk_block(&f.body, &mut |n| {
        if let Node::Function(child) = n {
            collect_functions(child, out);
        }
    });
}

/// The kinds of `f`'s locals, to a fixpoint (each round can only move a local up the
/// lattice, so it ends after at most two rounds per local).
/// What `kind_of` needs besides the kinds: the function, to know what its calls return.
struct Cx<'a> {
    f: &'a Function,
    facts: &'a Facts,
}

fn infer(f: &Function, facts: &Facts) -> Vec<Kind> {
    let cx = Cx { f, facts };
    let n = f.meta.locals.len();
    let mut kinds = vec![Kind::None; n];
    for p in &f.params {
        kinds[p.id] = Kind::Any;
    }
    for (id, info) in f.meta.locals.iter().enumerate() {
        if info.captured && info.assigned {
            kinds[id] = Kind::Unknown; // a closure may assign it anything
        }
    }
    loop {
        let before = kinds.clone();
        assign_block(&f.body, &mut kinds, &cx);
        if kinds == before {
            return kinds;
        }
    }
}

/// Joins into `kinds` what every assignment in `b` (nested functions excluded) assigns.
fn assign_block(b: &Block, kinds: &mut Vec<Kind>, cx: &Cx) {
    for s in &b.stats {
        match &s.kind {
            // `local j, i` declares locals for later assignments: no evidence of a kind
            StatKind::Local { exprs, .. } if exprs.is_empty() => {}
            StatKind::Local { decls, exprs } => {
                let ids: Vec<LocalId> = decls.iter().map(|d| d.id).collect();
                assign_list(&ids, exprs, kinds, cx);
            }
            StatKind::Assign { targets, exprs } => {
                let ids: Vec<LocalId> = targets
                    .iter()
                    .map(|t| match t.kind {
                        ExprKind::Name(_, Res::Local(id)) => id,
                        _ => usize::MAX,
                    })
                    .collect();
                assign_list(&ids, exprs, kinds, cx);
            }
            StatKind::Do(body) | StatKind::While { body, .. } | StatKind::Repeat { body, .. } => assign_block(body, kinds, cx),
            StatKind::If { arms, orelse } => {
                for (_, body) in arms {
                    assign_block(body, kinds, cx);
                }
                if let Some(body) = orelse {
                    assign_block(body, kinds, cx);
                }
            }
            StatKind::NumFor { var, start, step, body, .. } => {
                // an integer loop when start and step are integers (manual §3.3.5)
                let k = match (kind_of(start, kinds, cx), step.as_ref().map_or(Kind::Int, |e| kind_of(e, kinds, cx))) {
                    (Kind::Int, Kind::Int) => Kind::Int,
                    (Kind::Float, Kind::Int | Kind::Float) | (Kind::Int, Kind::Float) => Kind::Float,
                    _ => Kind::Unknown,
                };
                kinds[var.id] = join(kinds[var.id], k);
                assign_block(body, kinds, cx);
            }
            StatKind::GenFor { vars, body, .. } => {
                for v in vars {
                    kinds[v.id] = join(kinds[v.id], Kind::Any);
                }
                assign_block(body, kinds, cx);
            }
            StatKind::LocalFunction { decl, .. } => kinds[decl.id] = Kind::Unknown,
            StatKind::Function { target, .. } => {
                if let ExprKind::Name(_, Res::Local(id)) = target.kind {
                    kinds[id] = Kind::Unknown;
                }
            }
            StatKind::Call(_) | StatKind::Goto(_) | StatKind::Label(_) | StatKind::Break => {}
        }
    }
}

/// `ids[i] = exprs[i]` with Lua's adjustment: a multi-valued last expression gives its first
/// value to its own target (guessed as any call's) and unknown values to the ones after it;
/// missing ones give nil (not a number). `usize::MAX` marks a non-local target.
fn assign_list(ids: &[LocalId], exprs: &[Expr], kinds: &mut [Kind], cx: &Cx) {
    for (i, &id) in ids.iter().enumerate() {
        if id == usize::MAX {
            continue;
        }
        let k = assigned_kind(exprs, i, kinds, cx);
        kinds[id] = join(kinds[id], k);
    }
}

/// The kind of the `i`th value of the list `exprs`, adjusted as an assignment does.
fn assigned_kind(exprs: &[Expr], i: usize, kinds: &[Kind], cx: &Cx) -> Kind {
    match exprs.get(i) {
        Some(e) => kind_of(e, kinds, cx),
        None if exprs.last().is_some_and(|e| e.is_multi()) => Kind::Any,
        None => Kind::Unknown, // nil
    }
}

fn kind_of(e: &Expr, kinds: &[Kind], cx: &Cx) -> Kind {
    match cx.facts.constant(cx.f, e) {
        Some(super::Known::Int(_)) => return Kind::Int,
        Some(_) => return Kind::Float,
        None => {}
    }
    match &e.kind {
        ExprKind::Int(_) => Kind::Int,
        ExprKind::Float(_) => Kind::Float,
        ExprKind::Name(_, Res::Local(id)) => kinds[*id],
        ExprKind::Paren(x) => kind_of(x, kinds, cx),
        ExprKind::Unary(UnOp::Neg, x) => match kind_of(x, kinds, cx) {
            k @ (Kind::Any | Kind::Int | Kind::Float | Kind::Num) => k,
            _ => Kind::Unknown,
        },
        ExprKind::Unary(UnOp::Len, _) => Kind::Int,
        ExprKind::Binary(op, a, b) => {
            let (ka, kb) = (kind_of(a, kinds, cx), kind_of(b, kinds, cx));
            match op {
                // a float for any numbers; a guess (guarded) for anything else
                BinOp::Div | BinOp::Pow => Kind::Float,
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Mod | BinOp::IDiv => match (ka, kb) {
                    (Kind::Int, Kind::Int) => Kind::Int,
                    (Kind::Float, _) | (_, Kind::Float) => Kind::Float,
                    (Kind::Int | Kind::Num, Kind::Int | Kind::Num) => Kind::Num,
                    (Kind::Any | Kind::Int | Kind::Num, Kind::Any | Kind::Int | Kind::Num) => Kind::Any,
                    _ => Kind::Unknown,
                },
                // `t.n or 0`
                BinOp::Or => join(ka, kb),
                _ => Kind::Unknown,
            }
        }
        ExprKind::Index(_, k) => match &k.kind {
            ExprKind::Str(name) => cx.facts.field_kinds.get(name).copied().unwrap_or(Kind::Any),
            _ => Kind::Any,
        },
        ExprKind::Name(_, Res::Upval(_) | Res::Global(_)) | ExprKind::Vararg | ExprKind::Method(..) => Kind::Any,
        // a function with a typed entry returns its kind when its arguments match, the
        // library's math functions theirs for numbers (guesses)
        ExprKind::Call(callee, args) => match (cx.facts.builtin_callee(cx.f, callee), args.as_slice()) {
            (Some(super::Builtin::Sqrt), [_]) => Kind::Float,
            (Some(super::Builtin::Floor), [_]) => Kind::Int,
            (Some(super::Builtin::Abs), [x]) => match kind_of(x, kinds, cx) {
                k @ (Kind::Int | Kind::Float) => k,
                _ => Kind::Unknown,
            },
            _ => match cx.facts.known_callee(cx.f, callee).and_then(|g| cx.facts.typed_by_key(g)) {
                Some(t) if t.ret == NumKind::Int => Kind::Int,
                Some(_) => Kind::Float,
                None => Kind::Any,
            },
        },
        _ => Kind::Unknown,
    }
}

/// Chooses the specialised loops among the innermost numeric `for` and `while` loops of
/// `b`, at the place `nest` describes.
fn find_loops(f: &Function, b: &Block, kinds: &[Kind], nest: &mut Nest, facts: &mut Facts, report: &mut Vec<(u32, String)>) {
    for s in &b.stats {
        match &s.kind {
            StatKind::NumFor { var, body, .. } => {
                if has_loop(body) {
                    nest.control.push(var.id);
                    nest.depth += 1;
                    find_loops(f, body, kinds, nest, facts, report);
                    nest.depth -= 1;
                    nest.control.pop();
                    continue;
                }
                choose_loop(f, s.span.lo, (body, None, Some(var.id)), kinds, nest, facts, report);
            }
            StatKind::While { cond, body } => {
                if has_loop(body) {
                    nest.depth += 1;
                    find_loops(f, body, kinds, nest, facts, report);
                    nest.depth -= 1;
                    continue;
                }
                choose_loop(f, s.span.lo, (body, Some(cond), None), kinds, nest, facts, report);
            }
            StatKind::Repeat { body, .. } | StatKind::GenFor { body, .. } => {
                nest.depth += 1;
                find_loops(f, body, kinds, nest, facts, report);
                nest.depth -= 1;
            }
            StatKind::Do(body) => find_loops(f, body, kinds, nest, facts, report),
            StatKind::If { arms, orelse } => {
                for (_, body) in arms {
                    find_loops(f, body, kinds, nest, facts, report);
                }
                if let Some(body) = orelse {
                    find_loops(f, body, kinds, nest, facts, report);
                }
            }
            _ => {}
        }
    }
}

/// Whether the innermost loop at `pos` (its `body`, and a `while` loop's `cond`, which
/// runs in each copy) gets a specialised copy, and on which locals' kinds; `var` is a
/// numeric loop's control variable, whose tag codegen knows.
fn choose_loop(
    f: &Function,
    pos: u32,
    (body, cond, var): (&Block, Option<&Expr>, Option<LocalId>),
    kinds: &[Kind],
    nest: &Nest,
    facts: &mut Facts,
    report: &mut Vec<(u32, String)>,
) {
    let mut closure_in_cond = false;
    if let Some(c) = cond {
        crate::syntax::walk::walk_expr(c, &mut |n| closure_in_cond |= matches!(n, Node::Function(_)));
    }
    if let Some(why) = if closure_in_cond { Some("it creates closures") } else { unsuitable(body) } {
        report.push((pos, format!("loop stays generic: {why}")));
        return;
    }
    if let Some(callee) = generic_call(body, cond, f, facts) {
        report.push((pos, format!("loop stays generic: it calls {callee}, which costs more than the tag tests a copy saves")));
        return;
    }
    let mut declared = Vec::new();
    declared_in(body, &mut declared);
    let inner: Vec<LocalId> = var.into_iter().chain(declared.iter().copied()).collect();
    let mut used = Vec::new();
    locals_used(body, &mut used);
    if let Some(c) = cond {
        crate::syntax::walk::walk_expr(c, &mut |n| {
            if let Node::Read(id) = n {
                used.push(id);
            }
        });
    }
    used.sort_unstable();
    used.dedup();
    let guards: Vec<(LocalId, NumKind)> = used
        .into_iter()
        .filter(|id| !inner.contains(id) && !nest.control.contains(id))
        .filter_map(|id| match kinds[id] {
            Kind::Int => Some((id, NumKind::Int)),
            // a float once the loop has run once: the generic copy checks again before
            // each iteration
            Kind::Float | Kind::Num => Some((id, NumKind::Float)),
            _ => None,
        })
        .collect();
    let pins = pins(body, &guards, &declared, kinds, &Cx { f, facts });
    if guards.is_empty() && pins.is_empty() {
        report.push((pos, "loop stays generic: no local of known number kind is used in it".into()));
        return;
    }
    if nest.once && nest.depth == 0 && indexes(body, cond) {
        report.push((pos, format!("loop stays generic: {RUNS_ONCE_WITH_TABLES}")));
        return;
    }
    let names = |locals: &[(LocalId, NumKind)]| -> String {
        let names: Vec<String> = locals
            .iter()
            .map(|(id, k)| format!("{} {}", f.meta.locals[*id].name, if *k == NumKind::Int { "integer" } else { "float" }))
            .collect();
        names.join(", ")
    };
    let mut message = if guards.is_empty() {
        "loop specialised (no guard at entry)".to_string()
    } else {
        format!("loop specialised (guarded at entry): {}", names(&guards))
    };
    let own: Vec<(LocalId, NumKind)> = pins.iter().copied().filter(|p| !guards.contains(p)).collect();
    if !own.is_empty() {
        message += &format!("; its own locals kept at their kinds: {}", names(&own));
    }
    report.push((pos, message));
    facts.loop_guards.insert((key(f), pos), guards);
    facts.loop_pins.insert((key(f), pos), pins);
}

/// The locals a loop's specialised copy keeps at one kind: the guarded ones that every
/// assignment in the loop leaves at their kind, and the loop's own locals of one kind,
/// inferred inside the copy (where the guarded locals have their kinds). The copy checks
/// each after a statement assigns it and, when a slow path broke the kind (a metamethod,
/// an integer in a field that held floats), goes on in the generic copy from the next
/// statement. Inside the copy, a local's tag is then a constant from one statement to the
/// next instead of a merge of the fast path's and the slow path's.
fn pins(body: &Block, guards: &[(LocalId, NumKind)], declared: &[LocalId], kinds: &[Kind], cx: &Cx) -> Vec<(LocalId, NumKind)> {
    let of = |k: NumKind| if k == NumKind::Int { Kind::Int } else { Kind::Float };
    let mut inside = kinds.to_vec();
    for &(id, k) in guards {
        inside[id] = of(k);
    }
    for &id in declared {
        inside[id] = Kind::None;
    }
    loop {
        let before = inside.clone();
        assign_block(body, &mut inside, cx);
        if inside == before {
            break;
        }
    }
    let kept = guards.iter().copied().filter(|&(id, k)| inside[id] == of(k));
    let own = declared.iter().filter_map(|&id| match inside[id] {
        Kind::Int => Some((id, NumKind::Int)),
        Kind::Float => Some((id, NumKind::Float)),
        _ => None,
    });
    let mut out: Vec<(LocalId, NumKind)> = kept.chain(own).collect();
    out.sort_unstable_by_key(|&(id, _)| id);
    out.dedup_by_key(|&mut (id, _)| id);
    out
}

fn has_loop(b: &Block) -> bool {
    let mut found = false;
    for_each_stat(b, &mut |s| {
        found |= matches!(s.kind, StatKind::While { .. } | StatKind::Repeat { .. } | StatKind::NumFor { .. } | StatKind::GenFor { .. })
    });
    found
}

/// Why a loop body should not be compiled twice, if it should not.
fn unsuitable(b: &Block) -> Option<&'static str> {
    let mut why = None;
    walk_block(b, &mut |n| {
        if let Node::Function(_) = n {
            why = Some("it creates closures");
        }
    });
    if why.is_none() && has_label_or_close(b) {
        why = Some("it has labels or to-be-closed variables");
    }
    why
}

/// Why a loop that indexes tables stays generic where it runs once. A specialised copy
/// saves the tag tests of locals of known kind; in a loop that also indexes tables or
/// reads fields they are a small part of each iteration, and a loop that runs once (in
/// code that runs once, inside no other loop) runs its iterations once per run of the
/// program, so the copy saves little time. It is as much code to optimise and emit as the
/// loop all the same (nbody's `offset_momentum`: 276 of its 908 instructions), so loops
/// of the main chunk that fill or sum tables go without one. Such a loop inside another
/// loop (heapsort's sift-down) keeps its copy.
pub(super) const RUNS_ONCE_WITH_TABLES: &str =
    "it runs once (in code that runs once, inside no other loop) and indexes tables: the tag tests a copy would save are a small part of its work";

/// Whether the loop (its body, or a `while` loop's condition) indexes a table or reads
/// or stores a field.
fn indexes(body: &Block, cond: Option<&Expr>) -> bool {
    let mut found = false;
    let mut visit = |n: Node| found |= matches!(n, Node::Index) || matches!(n, Node::Assign(t, _) if matches!(t.kind, ExprKind::Index(..)));
    walk_block(body, &mut visit);
    if let Some(c) = cond {
        crate::syntax::walk::walk_expr(c, &mut visit);
    }
    found
}

/// A call in the loop (its body, or a `while` loop's condition) that is neither computed
/// inline (a library function like `math.sqrt`) nor of a known function with a typed entry
/// or small enough to inline: described for the report.
fn generic_call(body: &Block, cond: Option<&Expr>, f: &Function, facts: &Facts) -> Option<String> {
    let mut found = None;
    let mut visit = |n: Node| {
        let Node::Call(call) = n else { return };
        if found.is_some() {
            return;
        }
        let cheap = match &call.kind {
            ExprKind::Call(callee, _) => {
                facts.builtin_callee(f, callee).is_some()
                    || facts.known_callee(f, callee).is_some_and(|g| facts.typed_by_key(g).is_some() || facts.inline.contains(&g))
            }
            _ => false,
        };
        if !cheap {
            let name = match &call.kind {
                ExprKind::Call(callee, _) => match &callee.kind {
                    ExprKind::Name(n, _) => Some(n.clone()),
                    _ => None,
                },
                _ => None,
            };
            let name = name.or_else(|| super::field_name(call).map(|k| String::from_utf8_lossy(k).into_owned()));
            found = Some(name.map_or("a function".to_string(), |n| format!("'{n}'")));
        }
    };
    walk_block(body, &mut visit);
    if let Some(c) = cond {
        crate::syntax::walk::walk_expr(c, &mut visit);
    }
    found
}

fn has_label_or_close(b: &Block) -> bool {
    let mut found = false;
    for_each_stat(b, &mut |s| {
        found |= match &s.kind {
            StatKind::Label(_) | StatKind::Goto(_) => true,
            StatKind::Local { decls, .. } => decls.iter().any(|d| d.attrib == Some(Attrib::Close)),
            _ => false,
        }
    });
    found
}

/// Locals declared anywhere in `b` (they are fresh in each iteration).
fn declared_in(b: &Block, out: &mut Vec<LocalId>) {
    for_each_stat(b, &mut |s| {
        if let StatKind::Local { decls, .. } = &s.kind {
            out.extend(decls.iter().map(|d| d.id));
        }
    });
}

/// Every local of this function that `b` reads or assigns.
fn locals_used(b: &Block, out: &mut Vec<LocalId>) {
    walk_block(b, &mut |n| match n {
        Node::Assign(t, _) => {
            if let ExprKind::Name(_, Res::Local(id)) = t.kind {
                out.push(id);
            }
        }
        Node::Read(id) => out.push(id),
        _ => {}
    });
}
