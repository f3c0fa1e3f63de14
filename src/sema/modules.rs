//! Finds the modules a chunk requires statically (`require "name"` with a constant name),
//! so that the driver can compile them into the same executable.

use crate::syntax::ast::*;
use crate::syntax::walk::{walk_block, Node};

/// Every `require "name"` / `require("name")` call where `require` is the global, with the
/// span of the call, in source order.
pub fn static_requires(chunk: &Chunk) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    function(&chunk.main, &mut out);
    out
}

fn function(f: &Function, out: &mut Vec<(String, Span)>) {
    walk_block(&f.body, &mut |node| match node {
        Node::Call(call) => {
            if let ExprKind::Call(callee, args) = &call.kind {
                if let (ExprKind::Name(n, Res::Global(EnvRef::Default)), [arg]) = (&callee.kind, args.as_slice()) {
                    if let ExprKind::Str(s) = &arg.kind {
                        if n == "require" {
                            out.push((String::from_utf8_lossy(s).into_owned(), call.span));
                        }
                    }
                }
            }
        }
        Node::Function(child) => function(child, out),
        Node::Assign(..) | Node::Read(_) | Node::Upval(_) | Node::Table(_) | Node::Index => {}
    });
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
