//! Which functions are generated in pieces (src/codegen/pieces.rs says how): long code
//! that runs once per call, split into runs of top-level statements.

use super::{key, Facts};
use crate::syntax::ast::{Function, Stat, StatKind};
use crate::syntax::walk::{for_each_nested_block, for_each_stat, walk_block, Node};

/// Decides for `f` and its nested functions (`nested`: `f` is not a chunk). Runs after the
/// typed pass, whose functions stay whole.
pub(super) fn run(f: &Function, nested: bool, facts: &mut Facts) {
    let often = facts.runs_often(f, nested).is_ok();
    let (decision, note) = match plan(f, often, facts.typed(f).is_some()) {
        Ok(runs) => {
            let note =
                format!("generated in {} pieces of about {PIECE_STATEMENTS} statements (long code that runs once per call)", runs.len());
            (Some(runs), Some(note))
        }
        Err(Some(why)) => (None, Some(format!("long, but generated as one function: {why}"))),
        Err(None) => (None, None),
    };
    if let Some(r) = facts.explain.iter_mut().find(|r| r.fkey == key(f)) {
        r.pieces = note;
    }
    if let Some(runs) = decision {
        facts.pieces.insert(key(f), runs);
    }
    walk_block(&f.body, &mut |n| {
        if let Node::Function(child) = n {
            run(child, true, facts);
        }
    });
}

/// `if` chains of more arms than this count as large code (`runs_often`), and in code that
/// runs once leave their tail to a piece (codegen's `chain_split`).
pub const LONG_CHAIN: usize = 96;

/// A piece holds top-level statements until they contain this many statements in all
/// (nested blocks counted, nested functions not: they are functions of their own).
const PIECE_STATEMENTS: usize = 64;

/// Functions with fewer statements than this stay whole: their code is small enough for
/// LLVM, and a benchmark's main chunk keeps its shape.
const SPLIT_STATEMENTS: usize = 4 * PIECE_STATEMENTS;

/// The runs of top-level statements `f` is generated in, or why not: None when it is short
/// or runs often (only code that runs once per call is split), else the reason it stays
/// whole although long.
fn plan(f: &Function, runs_often: bool, typed: bool) -> Result<Vec<std::ops::Range<usize>>, Option<&'static str>> {
    let stats = &f.body.stats;
    let weights: Vec<usize> = stats.iter().map(weight).collect();
    if runs_often || weights.iter().sum::<usize>() < SPLIT_STATEMENTS {
        return Err(None);
    }
    if typed {
        return Err(Some("it has a typed entry, which repeats its body"));
    }
    if f.meta.locals.iter().any(|l| l.name == "_ENV") {
        return Err(Some("it declares a local '_ENV'"));
    }
    if stats.iter().any(|s| matches!(s.kind, StatKind::Label(_))) {
        return Err(Some("a label at its top level (a `goto` could cross pieces)"));
    }
    let mut runs = Vec::new();
    let (mut start, mut w) = (0, 0);
    for (i, n) in weights.iter().enumerate() {
        w += n;
        if w >= PIECE_STATEMENTS {
            runs.push(start..i + 1);
            (start, w) = (i + 1, 0);
        }
    }
    // the rest (and the final `return`, if any) goes with the last piece
    match runs.last_mut() {
        Some(last) if start < stats.len() && w < PIECE_STATEMENTS / 2 => last.end = stats.len(),
        _ if start < stats.len() || f.body.ret.is_some() => runs.push(start..stats.len()),
        _ => {}
    }
    Ok(runs)
}

/// A statement and the statements nested in its blocks.
fn weight(s: &Stat) -> usize {
    let mut n = 1;
    for_each_nested_block(s, &mut |body| for_each_stat(body, &mut |_| n += 1));
    n
}
