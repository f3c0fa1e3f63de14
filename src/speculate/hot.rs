//! Which known functions run only from code that runs once. A small function gets every
//! fast path inline (`runs_often`): it is taken for a helper, method or callback that
//! loops call. A `local function` never assigned again is a function whose every use the
//! compiler sees, though: when each use is a direct call outside any loop, in code that
//! itself runs once (the main chunk, a module, a function called only that way), its code
//! runs once per run of its callers, and runtime calls serve it as well as they serve the
//! main chunk, for a fraction of the code to optimise and emit. Command-line programs are
//! mostly such code: `usage()`, `parse_args()`, `report()`, each called once from the top.
//!
//! A function that is called in a loop or from a function that runs often, whose value is
//! read for anything but a direct call (stored, passed, returned: then anyone may call it),
//! or that can reach itself through direct calls (recursion) runs often.

use std::collections::{HashMap, HashSet};

use super::{key, Facts, FnKey, Known};
use crate::syntax::ast::*;

/// Decides which known functions run only from code that runs once (`Facts::runs_once`).
pub(super) fn run(chunks: &[&Chunk], facts: &mut Facts) {
    let mut uses = Uses::default();
    for c in chunks {
        collect(&c.main, None, facts, &mut uses);
    }
    // Known functions: those a `local function` binds, never assigned again.
    let known: HashSet<FnKey> =
        facts.known_locals.values().filter_map(|k| if let Known::Function(g) = k { Some(*g) } else { None }).collect();
    let mut callees: HashMap<FnKey, Vec<FnKey>> = HashMap::new();
    for (&g, sites) in &uses.calls {
        for caller in sites.iter().filter_map(|s| s.caller) {
            callees.entry(caller).or_default().push(g);
        }
    }
    let mut often: HashSet<FnKey> = recursive(&callees);
    for (&g, sites) in &uses.calls {
        if sites.iter().any(|s| s.in_loop || s.caller.is_some_and(|c| !known.contains(&c))) {
            often.insert(g);
        }
    }
    often.extend(uses.escaped.iter().copied());
    often.extend(uses.goto.iter().copied());
    // a call from a function that runs often runs often
    let mut todo: Vec<FnKey> = often.iter().copied().collect();
    while let Some(f) = todo.pop() {
        for &g in callees.get(&f).into_iter().flatten() {
            if often.insert(g) {
                todo.push(g);
            }
        }
    }
    facts.runs_once = known.into_iter().filter(|g| !often.contains(g)).collect();
    for r in &mut facts.explain {
        if r.outside_loops.is_none() && facts.runs_once.contains(&r.fkey) {
            r.outside_loops = Some(format!("code outside loops does field accesses, indexing and calls through the runtime: {RUNS_ONCE}"));
        }
    }
}

/// Why a known function's code outside loops runs once (`Facts::runs_often`).
pub(super) const RUNS_ONCE: &str = "called only from code that runs once";

/// A direct call of a known function: the function it is in (None for a chunk's top
/// level) and whether it is inside a loop there.
struct Site {
    caller: Option<FnKey>,
    in_loop: bool,
}

#[derive(Default)]
struct Uses {
    /// Known function → its direct calls.
    calls: HashMap<FnKey, Vec<Site>>,
    /// Known functions whose value is read for anything but a direct call.
    escaped: HashSet<FnKey>,
    /// Functions with a `goto`, which may run any of their code again.
    goto: HashSet<FnKey>,
}

/// The functions that reach themselves through direct calls: the members of the call
/// graph's cycles, found as its strongly connected components (Tarjan's algorithm, with a
/// stack of its own instead of recursion).
fn recursive(callees: &HashMap<FnKey, Vec<FnKey>>) -> HashSet<FnKey> {
    let none = Vec::new();
    let mut index: HashMap<FnKey, usize> = HashMap::new();
    let mut low: HashMap<FnKey, usize> = HashMap::new();
    let mut open: Vec<FnKey> = Vec::new();
    let mut on_open: HashSet<FnKey> = HashSet::new();
    let mut out = HashSet::new();
    for &root in callees.keys() {
        if index.contains_key(&root) {
            continue;
        }
        // (function, how many of its callees have been looked at)
        let mut work: Vec<(FnKey, usize)> = vec![(root, 0)];
        while let Some(&(v, i)) = work.last() {
            if i == 0 && !index.contains_key(&v) {
                let n = index.len();
                index.insert(v, n);
                low.insert(v, n);
                open.push(v);
                on_open.insert(v);
            }
            let children = callees.get(&v).unwrap_or(&none);
            if let Some(&w) = children.get(i) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                match index.get(&w) {
                    None => work.push((w, 0)),
                    Some(&iw) if on_open.contains(&w) => {
                        low.entry(v).and_modify(|l| *l = (*l).min(iw));
                    }
                    Some(_) => {}
                }
                continue;
            }
            work.pop();
            let lv = low.get(&v).copied().unwrap_or(0);
            if let Some(&(u, _)) = work.last() {
                low.entry(u).and_modify(|l| *l = (*l).min(lv));
            }
            if Some(&lv) == index.get(&v) {
                let mut component = Vec::new();
                while let Some(w) = open.pop() {
                    on_open.remove(&w);
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 || children.contains(&v) {
                    out.extend(component);
                }
            }
        }
    }
    out
}

/// Records the uses of known functions in `f` (`me`: None for a chunk) and its nested
/// functions.
fn collect(f: &Function, me: Option<FnKey>, facts: &Facts, uses: &mut Uses) {
    // with a `goto`, any statement may run again
    let mut goto = false;
    crate::syntax::walk::for_each_stat(&f.body, &mut |s| goto |= matches!(s.kind, StatKind::Goto(_)));
    if let (true, Some(me)) = (goto, me) {
        uses.goto.insert(me);
    }
    let mut w = Walk { f, me, facts, uses, nested: Vec::new() };
    w.block(&f.body, goto);
    for child in std::mem::take(&mut w.nested) {
        collect(child, Some(key(child)), facts, uses);
    }
}

struct Walk<'a, 'u> {
    f: &'a Function,
    me: Option<FnKey>,
    facts: &'a Facts,
    uses: &'u mut Uses,
    nested: Vec<&'a Function>,
}

impl<'a> Walk<'a, '_> {
    fn block(&mut self, b: &'a Block, in_loop: bool) {
        for s in &b.stats {
            self.stat(s, in_loop);
        }
        for e in b.ret.iter().flat_map(|r| &r.exprs) {
            self.expr(e, in_loop);
        }
    }

    fn stat(&mut self, s: &'a Stat, in_loop: bool) {
        match &s.kind {
            StatKind::Local { exprs, .. } => exprs.iter().for_each(|e| self.expr(e, in_loop)),
            StatKind::Assign { targets, exprs } => targets.iter().chain(exprs).for_each(|e| self.expr(e, in_loop)),
            StatKind::Call(e) => self.expr(e, in_loop),
            StatKind::Do(b) => self.block(b, in_loop),
            StatKind::While { cond, body } | StatKind::Repeat { body, cond } => {
                self.expr(cond, true);
                self.block(body, true);
            }
            StatKind::If { arms, orelse } => {
                for (c, b) in arms {
                    self.expr(c, in_loop);
                    self.block(b, in_loop);
                }
                if let Some(b) = orelse {
                    self.block(b, in_loop);
                }
            }
            StatKind::NumFor { start, limit, step, body, .. } => {
                [Some(start), Some(limit), step.as_ref()].into_iter().flatten().for_each(|e| self.expr(e, in_loop));
                self.block(body, true);
            }
            StatKind::GenFor { exprs, body, .. } => {
                exprs.iter().for_each(|e| self.expr(e, in_loop));
                self.block(body, true);
            }
            StatKind::Function { target, func } => {
                self.expr(target, in_loop);
                self.nested.push(func);
            }
            StatKind::LocalFunction { func, .. } => self.nested.push(func),
            StatKind::Goto(_) | StatKind::Label(_) | StatKind::Break => {}
        }
    }

    fn expr(&mut self, e: &'a Expr, in_loop: bool) {
        match &e.kind {
            ExprKind::Call(callee, args) => {
                match self.facts.known_callee(self.f, callee) {
                    Some(g) => self.uses.calls.entry(g).or_default().push(Site { caller: self.me, in_loop }),
                    None => self.expr(callee, in_loop),
                }
                args.iter().for_each(|a| self.expr(a, in_loop));
            }
            ExprKind::Name(..) => {
                if let Some(g) = self.facts.known_callee(self.f, e) {
                    self.uses.escaped.insert(g);
                }
            }
            ExprKind::Function(func) => self.nested.push(func),
            ExprKind::Table(fields) => {
                for fd in fields {
                    match fd {
                        Field::Positional(x) | Field::Named(_, x) => self.expr(x, in_loop),
                        Field::Keyed(k, x) => {
                            self.expr(k, in_loop);
                            self.expr(x, in_loop);
                        }
                    }
                }
            }
            ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
                self.expr(a, in_loop);
                self.expr(b, in_loop);
            }
            ExprKind::Unary(_, a) | ExprKind::Paren(a) => self.expr(a, in_loop),
            ExprKind::Method(o, _, args) => {
                self.expr(o, in_loop);
                args.iter().for_each(|a| self.expr(a, in_loop));
            }
            ExprKind::Nil
            | ExprKind::True
            | ExprKind::False
            | ExprKind::Vararg
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_) => {}
        }
    }
}
