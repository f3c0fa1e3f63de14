//! A walker over one function body: statements and expressions in source order, reporting
//! what the analyses after name resolution look for (assignments, calls, reads of locals,
//! nested functions) without entering nested functions, which each analysis handles in its
//! own way.

use super::ast::*;

/// What the walker shows: assignments to a target, nested functions (not entered), calls,
/// reads of locals.
pub enum Node<'a> {
    Assign(&'a Expr, u32),
    Function(&'a Function),
    /// A call `f(args)` or `o:m(args)`, the whole expression (its callee, object and
    /// arguments are visited too).
    Call(&'a Expr),
    /// A read of a local of this function.
    Read(LocalId),
    /// A read of an upvalue of this function (its index).
    Upval(usize),
    /// A table constructor (its items are visited too).
    Table(&'a [Field]),
    /// An indexing or field read `t[k]`, `t.name` (its object and key are visited too).
    Index,
}

/// Visits the statements and expressions of one function body, without entering nested
/// functions (they are reported as `Node::Function`).
pub fn walk_block<'a>(b: &'a Block, v: &mut impl FnMut(Node<'a>)) {
    for s in &b.stats {
        walk_stat(s, v);
    }
    if let Some(r) = &b.ret {
        r.exprs.iter().for_each(|e| walk_expr(e, v));
    }
}

pub fn walk_stat<'a>(s: &'a Stat, v: &mut impl FnMut(Node<'a>)) {
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

/// Visits one expression as `walk_block` does.
pub fn walk_expr<'a>(e: &'a Expr, v: &mut impl FnMut(Node<'a>)) {
    match &e.kind {
        ExprKind::Name(_, Res::Local(id)) => v(Node::Read(*id)),
        ExprKind::Name(_, Res::Upval(i)) => v(Node::Upval(*i)),
        ExprKind::Function(f) => v(Node::Function(f)),
        ExprKind::Table(fields) => {
            v(Node::Table(fields));
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
        ExprKind::Index(a, b) => {
            v(Node::Index);
            walk_expr(a, v);
            walk_expr(b, v);
        }
        ExprKind::Binary(_, a, b) => {
            walk_expr(a, v);
            walk_expr(b, v);
        }
        ExprKind::Unary(_, a) | ExprKind::Paren(a) => walk_expr(a, v),
        ExprKind::Call(f, args) => {
            v(Node::Call(e));
            walk_expr(f, v);
            args.iter().for_each(|a| walk_expr(a, v));
        }
        ExprKind::Method(o, _, args) => {
            v(Node::Call(e));
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

/// Every statement of a block and of the blocks nested in it (`do`, `if`, loop bodies), in
/// source order, without entering nested functions.
pub fn for_each_stat<'a>(b: &'a Block, v: &mut impl FnMut(&'a Stat)) {
    for s in &b.stats {
        v(s);
        for_each_nested_block(s, &mut |body| for_each_stat(body, v));
    }
}

/// The blocks a statement holds (`do`, loop bodies, `if` arms), in source order; not the
/// bodies of functions it defines.
pub fn for_each_nested_block<'a>(s: &'a Stat, v: &mut impl FnMut(&'a Block)) {
    match &s.kind {
        StatKind::Do(body)
        | StatKind::While { body, .. }
        | StatKind::Repeat { body, .. }
        | StatKind::NumFor { body, .. }
        | StatKind::GenFor { body, .. } => v(body),
        StatKind::If { arms, orelse } => arms.iter().map(|(_, b)| b).chain(orelse).for_each(v),
        _ => {}
    }
}
