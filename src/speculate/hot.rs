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
use crate::syntax::walk::{for_each_stat, walk_block, Node};

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
    // read for anything but a direct call: stored, passed or returned
    often.extend(uses.reads.iter().filter(|(g, n)| **n > uses.calls.get(g).map_or(0, Vec::len)).map(|(g, _)| *g));
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
            r.outside_loops = Some(format!("{THROUGH_RUNTIME}: {RUNS_ONCE}"));
        }
    }
}

/// Why a known function's code outside loops runs once (`Facts::runs_often`).
pub(super) const RUNS_ONCE: &str = "called only from code that runs once";

/// What `--explain` says of a function whose code outside loops is not hot (why follows).
pub(super) const THROUGH_RUNTIME: &str = "code outside loops does field accesses, indexing, arithmetic and calls through the runtime";

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
    /// Known function → how many times its name is read (callees of direct calls included).
    reads: HashMap<FnKey, usize>,
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
/// functions. Every read of a known function's name is a use; those that are the callee
/// of a direct call are calls, and any other lets the function escape (`run` compares the
/// counts).
fn collect(f: &Function, me: Option<FnKey>, facts: &Facts, uses: &mut Uses) {
    // where code may run repeatedly: a loop's body (and a `while` or `repeat` condition);
    // with a `goto`, anywhere
    let mut goto = false;
    let mut loops: Vec<(u32, u32)> = Vec::new();
    for_each_stat(&f.body, &mut |s| {
        let from = match &s.kind {
            StatKind::While { .. } | StatKind::Repeat { .. } => s.span.lo,
            StatKind::NumFor { limit, step, .. } => step.as_ref().unwrap_or(limit).span.hi,
            StatKind::GenFor { exprs, .. } => exprs.iter().map(|e| e.span.hi).max().unwrap_or(s.span.lo),
            StatKind::Goto(_) => {
                goto = true;
                return;
            }
            _ => return,
        };
        loops.push((from, s.span.hi));
    });
    if let (true, Some(me)) = (goto, me) {
        uses.goto.insert(me);
    }
    let in_loop = |pos: u32| goto || loops.iter().any(|&(lo, hi)| lo <= pos && pos < hi);
    let k = key(f);
    let mut children = Vec::new();
    walk_block(&f.body, &mut |node| match node {
        Node::Call(call) => {
            if let ExprKind::Call(callee, _) = &call.kind {
                if let Some(g) = facts.known_callee(f, callee) {
                    uses.calls.entry(g).or_default().push(Site { caller: me, in_loop: in_loop(call.span.lo) });
                }
            }
        }
        Node::Read(id) => {
            if let Some(Known::Function(g)) = facts.known_locals.get(&(k, id)) {
                *uses.reads.entry(*g).or_default() += 1;
            }
        }
        Node::Upval(i) => {
            if let Some(Known::Function(g)) = facts.known_upvals.get(&(k, i)) {
                *uses.reads.entry(*g).or_default() += 1;
            }
        }
        Node::Function(child) => children.push(child),
        Node::Assign(..) | Node::Table(_) | Node::Index => {}
    });
    for child in children {
        collect(child, Some(key(child)), facts, uses);
    }
}
