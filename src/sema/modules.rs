//! Finds the modules a chunk requires statically (`require "name"` with a constant name),
//! so that the driver can compile them into the same executable.

use crate::syntax::ast::*;

/// Every `require "name"` / `require("name")` call where `require` is the global, with the
/// span of the call, in source order.
pub fn static_requires(chunk: &Chunk) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    block(&chunk.main.body, &mut out);
    out
}

fn block(b: &Block, out: &mut Vec<(String, Span)>) {
    for s in &b.stats {
        stat(s, out);
    }
    if let Some(r) = &b.ret {
        r.exprs.iter().for_each(|e| expr(e, out));
    }
}

fn stat(s: &Stat, out: &mut Vec<(String, Span)>) {
    match &s.kind {
        StatKind::Local { exprs, .. } => exprs.iter().for_each(|e| expr(e, out)),
        StatKind::Assign { targets, exprs } => targets.iter().chain(exprs).for_each(|e| expr(e, out)),
        StatKind::Call(e) => expr(e, out),
        StatKind::Do(b) => block(b, out),
        StatKind::While { cond, body } | StatKind::Repeat { body, cond } => {
            expr(cond, out);
            block(body, out);
        }
        StatKind::If { arms, orelse } => {
            for (c, b) in arms {
                expr(c, out);
                block(b, out);
            }
            if let Some(b) = orelse {
                block(b, out);
            }
        }
        StatKind::NumFor { start, limit, step, body, .. } => {
            expr(start, out);
            expr(limit, out);
            if let Some(e) = step {
                expr(e, out);
            }
            block(body, out);
        }
        StatKind::GenFor { exprs, body, .. } => {
            exprs.iter().for_each(|e| expr(e, out));
            block(body, out);
        }
        StatKind::Function { target, func } => {
            expr(target, out);
            block(&func.body, out);
        }
        StatKind::LocalFunction { func, .. } => block(&func.body, out),
        StatKind::Goto(_) | StatKind::Label(_) | StatKind::Break => {}
    }
}

fn expr(e: &Expr, out: &mut Vec<(String, Span)>) {
    match &e.kind {
        ExprKind::Call(f, args) => {
            if let (ExprKind::Name(n, Res::Global(EnvRef::Default)), [arg]) = (&f.kind, args.as_slice()) {
                if let ExprKind::Str(s) = &arg.kind {
                    if n == "require" {
                        out.push((String::from_utf8_lossy(s).into_owned(), e.span));
                    }
                }
            }
            expr(f, out);
            args.iter().for_each(|a| expr(a, out));
        }
        ExprKind::Method(o, _, args) => {
            expr(o, out);
            args.iter().for_each(|a| expr(a, out));
        }
        ExprKind::Function(f) => block(&f.body, out),
        ExprKind::Table(fields) => {
            for f in fields {
                match f {
                    Field::Positional(v) | Field::Named(_, v) => expr(v, out),
                    Field::Keyed(k, v) => {
                        expr(k, out);
                        expr(v, out);
                    }
                }
            }
        }
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
            expr(a, out);
            expr(b, out);
        }
        ExprKind::Unary(_, a) | ExprKind::Paren(a) => expr(a, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sema::resolve::resolve;
    use crate::syntax::parse::parse_chunk;

    #[test]
    fn finds_constant_requires_only() {
        let src = "local a = require 'a'\nlocal function f() return require('b.c') end\nlocal require = print\nrequire 'not_global'\nlocal x = require(name)";
        let mut c = parse_chunk(src).unwrap();
        resolve(&mut c, src).unwrap();
        let names: Vec<String> = static_requires(&c).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, vec!["a", "b.c"]);
    }
}
