//! Table sizes: an empty constructor that initialises a local, `local o = {}` or the
//! constructor idiom `local self = setmetatable({}, Class)`, makes its table with room for
//! the fields the function then stores into that local by name (`self.x = x`, `function
//! o.f() end`). Filled key by key, such a table's hash part would be allocated at the
//! first key and reallocated and rehashed as it fills; sized at once, a small one is
//! allocated with the table. Only the size changes: the table holds the same keys and
//! values, and a store the function does not make costs a few empty slots.

use std::collections::{HashMap, HashSet};

use super::{for_each_binding, key, Binding, Facts};
use crate::syntax::ast::*;
use crate::syntax::walk::{walk_block, Node};

/// At most this many fields are counted: a hint for a larger table would only allocate
/// early what filling it allocates anyway.
const MAX_FIELDS: usize = 32;

/// Records the sizes of the empty constructors in `f` and the functions nested in it.
pub(super) fn run(f: &Function, facts: &mut Facts) {
    // the locals an empty constructor initialises, with the constructor's offset
    let mut empty: HashMap<LocalId, u32> = HashMap::new();
    for_each_binding(&f.body, &mut |d, b| {
        if let Binding::Init(Some(e)) | Binding::FirstOf(e) = b {
            if let Some(pos) = empty_constructor(e) {
                empty.insert(d.id, pos);
            }
        }
    });
    let mut fields: HashMap<LocalId, Vec<&[u8]>> = HashMap::new();
    if !empty.is_empty() {
        walk_block(&f.body, &mut |n| {
            let Node::Assign(t, _) = n else { return };
            let ExprKind::Index(o, k) = &t.kind else { return };
            if let (ExprKind::Name(_, Res::Local(id)), ExprKind::Str(name)) = (&o.kind, &k.kind) {
                if empty.contains_key(id) {
                    fields.entry(*id).or_default().push(name);
                }
            }
        });
    }
    let mut report = Vec::new();
    for (id, pos) in empty {
        let Some(names) = fields.get(&id) else { continue };
        let mut seen = HashSet::new();
        let distinct: Vec<String> = names.iter().filter(|n| seen.insert(**n)).map(|n| String::from_utf8_lossy(n).into_owned()).collect();
        let n = distinct.len().min(MAX_FIELDS);
        facts.table_sizes.insert((key(f), pos), n as u32);
        let local = &f.meta.locals[id].name;
        let listed = if distinct.len() > 8 { format!("{}, ...", distinct[..8].join(", ")) } else { distinct.join(", ") };
        let fields = if n == 1 { "field" } else { "fields" };
        report.push((pos, format!("table made with room for the {n} {fields} stored into '{local}': {listed}")));
    }
    if let Some(r) = facts.explain.iter_mut().find(|r| r.fkey == key(f)) {
        r.tables = report;
    }
    walk_block(&f.body, &mut |n| {
        if let Node::Function(child) = n {
            run(child, facts);
        }
    });
}

/// The offset of the empty constructor `e` is or makes an object of (`setmetatable({}, C)`).
fn empty_constructor(e: &Expr) -> Option<u32> {
    match &e.kind {
        ExprKind::Table(fields) if fields.is_empty() => Some(e.span.lo),
        ExprKind::Paren(inner) => empty_constructor(inner),
        ExprKind::Call(callee, args) if args.len() == 2 => match (&callee.kind, &args[0].kind) {
            (ExprKind::Name(n, Res::Global(EnvRef::Default)), ExprKind::Table(fields)) if n == "setmetatable" && fields.is_empty() => {
                Some(args[0].span.lo)
            }
            _ => None,
        },
        _ => None,
    }
}
