//! Result counts: the functions that return exactly one value on every path. Every
//! `return` in them has one expression that is not a call or `...`, and control cannot
//! reach the end of the body. A call of such a known function as the last item of an
//! argument list or a table constructor gives exactly one value, so codegen treats it as
//! any other expression instead of counting results at run time.

use super::typed::always_returns;
use super::{key, Facts};
use crate::syntax::ast::*;
use crate::syntax::walk::{walk_block, Node};

/// Records the single-result functions among `f` and the functions nested in it.
pub(super) fn run(f: &Function, facts: &mut Facts) {
    if always_returns(&f.body) && returns_one(&f.body) {
        facts.single_result.insert(key(f));
    }
    walk_block(&f.body, &mut |n| {
        if let Node::Function(child) = n {
            run(child, facts);
        }
    });
}

/// Whether every `return` in `b` and its nested blocks (not nested functions) gives one
/// value that is not itself a list.
fn returns_one(b: &Block) -> bool {
    let own = b.ret.as_ref().is_none_or(|r| r.exprs.len() == 1 && !r.exprs[0].is_multi());
    own && b.stats.iter().all(|s| match &s.kind {
        StatKind::Do(body)
        | StatKind::While { body, .. }
        | StatKind::Repeat { body, .. }
        | StatKind::NumFor { body, .. }
        | StatKind::GenFor { body, .. } => returns_one(body),
        StatKind::If { arms, orelse } => arms.iter().all(|(_, body)| returns_one(body)) && orelse.as_ref().is_none_or(returns_one),
        _ => true,
    })
}
