//! How deeply a chunk nests, checked right after parsing, before any pass walks the tree.
//!
//! lua5.4's parser counts *levels*: each statement and each subexpression it parses
//! recursively (a parenthesised or unary operand, a function argument, a table field, the
//! right operand of a binary operator, the statements of a nested block or function), and
//! stops at 200 with "C stack overflow" (LUAI_MAXCCALLS; two levels are taken by the calls
//! that start the parser, so 198 are left, which `lua5.4` confirms: 196 nested parentheses
//! in `local x = (...)` load, 197 do not). flua rejects the same programs, with a position.
//!
//! Left-associative chains (`a + b + c`, `t.a.b.c`, `f()()()`) cost lua5.4 no levels, but
//! each link is one more node deep in flua's tree, which the passes after this one walk
//! recursively: a chain longer than `MAX_DEPTH` is rejected too (an implementation limit;
//! README's differences from lua5.4 name it).

use super::ast::*;

/// lua5.4's levels available to a chunk (LUAI_MAXCCALLS 200, less the two its loader takes).
const MAX_LEVELS: u32 = 198;

/// How deep flua's tree may nest, links of left-associative chains included. The passes
/// use about 1 KB of stack per level; the threads that run them have 64 MB
/// (`driver::COMPILER_STACK`).
pub const MAX_DEPTH: u32 = 10_000;

/// Where a chunk nests too deeply, and what to say.
pub struct TooDeep {
    pub span: Span,
    pub message: String,
}

/// Checks the levels (as lua5.4 counts them) and the depth of a chunk's body.
pub fn check(body: &Block) -> Result<(), TooDeep> {
    Walk.block(body, 0, 0)
}

struct Walk;

type R = Result<(), TooDeep>;

impl Walk {
    /// The statements of a block whose enclosing statement (or subexpression) is at `level`:
    /// each statement is one level deeper, and its expressions one more.
    fn block(&self, b: &Block, level: u32, depth: u32) -> R {
        for s in &b.stats {
            self.stat(s, level + 1, depth + 1)?;
        }
        if let Some(r) = &b.ret {
            for e in &r.exprs {
                self.expr(e, level + 2, depth + 1)?;
            }
        }
        Ok(())
    }

    fn stat(&self, s: &Stat, level: u32, depth: u32) -> R {
        self.limit(s.span, level, depth)?;
        let (e, b) = (level + 1, level);
        match &s.kind {
            StatKind::Local { exprs, .. } => self.exprs(exprs, e, depth),
            StatKind::Assign { targets, exprs } => {
                // each target after the second is one more level (lparser.c `restassign`
                // enters a level after parsing one), and the values are read one deeper
                for (i, t) in targets.iter().enumerate() {
                    self.expr(t, level + (i as u32).saturating_sub(1), depth + 1)?;
                }
                self.exprs(exprs, level + targets.len() as u32, depth)
            }
            StatKind::Call(c) => self.expr(c, level, depth + 1),
            StatKind::Do(body) => self.block(body, b, depth),
            StatKind::While { cond, body } | StatKind::Repeat { body, cond } => {
                self.expr(cond, e, depth + 1)?;
                self.block(body, b, depth)
            }
            StatKind::If { arms, orelse } => {
                for (cond, body) in arms {
                    self.expr(cond, e, depth + 1)?;
                    self.block(body, b, depth)?;
                }
                orelse.as_ref().map_or(Ok(()), |body| self.block(body, b, depth))
            }
            StatKind::NumFor { start, limit, step, body, .. } => {
                self.expr(start, e, depth + 1)?;
                self.expr(limit, e, depth + 1)?;
                step.as_ref().map_or(Ok(()), |s| self.expr(s, e, depth + 1))?;
                self.block(body, b, depth)
            }
            StatKind::GenFor { exprs, body, .. } => {
                self.exprs(exprs, e, depth)?;
                self.block(body, b, depth)
            }
            StatKind::Function { func, .. } | StatKind::LocalFunction { func, .. } => self.block(&func.body, b, depth),
            StatKind::Goto(_) | StatKind::Label(_) | StatKind::Break => Ok(()),
        }
    }

    fn exprs(&self, es: &[Expr], level: u32, depth: u32) -> R {
        es.iter().try_for_each(|x| self.expr(x, level, depth + 1))
    }

    /// An expression parsed at `level`: what lua5.4 parses in the same subexpression (a
    /// binary operator's left operand, an indexed or called prefix) stays at that level.
    fn expr(&self, x: &Expr, level: u32, depth: u32) -> R {
        self.limit(x.span, level, depth)?;
        match &x.kind {
            ExprKind::Binary(_, a, b) => {
                self.expr(a, level, depth + 1)?;
                self.expr(b, level + 1, depth + 1)
            }
            ExprKind::Unary(_, a) | ExprKind::Paren(a) => self.expr(a, level + 1, depth + 1),
            ExprKind::Index(o, k) => {
                self.expr(o, level, depth + 1)?;
                self.expr(k, level + 1, depth + 1)
            }
            ExprKind::Call(f, args) => {
                self.expr(f, level, depth + 1)?;
                self.exprs(args, level + 1, depth)
            }
            ExprKind::Method(o, _, args) => {
                self.expr(o, level, depth + 1)?;
                self.exprs(args, level + 1, depth)
            }
            ExprKind::Table(fields) => fields.iter().try_for_each(|f| match f {
                Field::Positional(v) | Field::Named(_, v) => self.expr(v, level + 1, depth + 1),
                Field::Keyed(k, v) => {
                    self.expr(k, level + 1, depth + 1)?;
                    self.expr(v, level + 1, depth + 1)
                }
            }),
            ExprKind::Function(f) => self.block(&f.body, level, depth),
            ExprKind::Nil
            | ExprKind::True
            | ExprKind::False
            | ExprKind::Vararg
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Name(..) => Ok(()),
        }
    }

    fn limit(&self, span: Span, level: u32, depth: u32) -> R {
        if level > MAX_LEVELS {
            let message = "chunk has too many syntax levels (lua5.4: C stack overflow)".to_string();
            return Err(TooDeep { span, message });
        }
        if depth > MAX_DEPTH {
            let message = format!("expression nested too deeply (more than {MAX_DEPTH} levels)");
            return Err(TooDeep { span, message });
        }
        Ok(())
    }
}
