//! The abstract syntax tree. Every node carries the byte span of its source text; the
//! resolver fills in the `Res`/`LocalId` slots and each function's `FuncMeta`.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub lo: u32,
    pub hi: u32,
}

impl Span {
    pub fn new(lo: usize, hi: usize) -> Span {
        Span { lo: lo as u32, hi: hi as u32 }
    }
}

#[derive(Clone, Debug)]
pub struct Name {
    pub name: String,
    pub span: Span,
}

pub type LocalId = usize;

/// What a name refers to, decided by the resolver.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Res {
    #[default]
    Unresolved,
    Local(LocalId),
    Upval(usize),
    /// A global `x`, read as `_ENV.x`; `_ENV` is the given local or upvalue.
    Global(EnvRef),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EnvRef {
    /// The main chunk's `_ENV` (the globals table), not redeclared anywhere in scope.
    Default,
    Local(LocalId),
    Upval(usize),
}

#[derive(Clone, Debug)]
pub struct Block {
    pub stats: Vec<Stat>,
    pub ret: Option<Return>,
}

#[derive(Clone, Debug)]
pub struct Return {
    pub exprs: Vec<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Attrib {
    Const,
    Close,
}

#[derive(Clone, Debug)]
pub struct LocalDecl {
    pub name: Name,
    pub attrib: Option<Attrib>,
    pub id: LocalId,
}

#[derive(Clone, Debug)]
pub struct Stat {
    pub kind: StatKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum StatKind {
    Local {
        decls: Vec<LocalDecl>,
        exprs: Vec<Expr>,
    },
    Assign {
        targets: Vec<Expr>,
        exprs: Vec<Expr>,
    },
    Call(Expr),
    Do(Block),
    While {
        cond: Expr,
        body: Block,
    },
    Repeat {
        body: Block,
        cond: Expr,
    },
    If {
        arms: Vec<(Expr, Block)>,
        orelse: Option<Block>,
    },
    NumFor {
        var: LocalDecl,
        start: Expr,
        limit: Expr,
        step: Option<Expr>,
        body: Block,
    },
    GenFor {
        vars: Vec<LocalDecl>,
        exprs: Vec<Expr>,
        body: Block,
    },
    /// `function a.b:c() end` is an assignment of a function value to `target`.
    Function {
        target: Expr,
        func: Box<Function>,
    },
    LocalFunction {
        decl: LocalDecl,
        func: Box<Function>,
    },
    Goto(Name),
    Label(Name),
    Break,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    IDiv,
    Mod,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    Len,
    BNot,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Nil,
    True,
    False,
    Vararg,
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
    Function(Box<Function>),
    Table(Vec<Field>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Unary(UnOp, Box<Expr>),
    Name(String, Res),
    Index(Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    Method(Box<Expr>, Name, Vec<Expr>),
    Paren(Box<Expr>),
}

impl Expr {
    pub fn new(kind: ExprKind, lo: usize, hi: usize) -> Expr {
        Expr { kind, span: Span::new(lo, hi) }
    }

    /// Calls and `...` produce several values when they end an expression list.
    pub fn is_multi(&self) -> bool {
        matches!(self.kind, ExprKind::Call(..) | ExprKind::Method(..) | ExprKind::Vararg)
    }
}

#[derive(Clone, Debug)]
pub enum Field {
    Positional(Expr),
    Named(Name, Expr),
    Keyed(Expr, Expr),
}

#[derive(Clone, Debug)]
pub struct Function {
    pub params: Vec<LocalDecl>,
    pub is_vararg: bool,
    /// `function a:m()` receives an implicit first parameter `self`.
    pub body: Block,
    pub name: String,
    pub span: Span,
    pub meta: FuncMeta,
}

/// Facts about one function, filled in by the resolver.
#[derive(Clone, Debug, Default)]
pub struct FuncMeta {
    pub locals: Vec<LocalInfo>,
    pub upvals: Vec<UpvalInfo>,
}

#[derive(Clone, Debug)]
pub struct LocalInfo {
    pub name: String,
    /// Captured by an inner function.
    pub captured: bool,
    /// Assigned after its declaration, anywhere (inner functions included; the name of a
    /// `local function` counts, as the function captures it before it holds it). A
    /// captured local that is not keeps its value in a register, and each closure gets a
    /// copy of it; one that is lives in a heap box the closures share.
    pub assigned: bool,
    pub attrib: Option<Attrib>,
}

#[derive(Clone, Debug)]
pub struct UpvalInfo {
    pub name: String,
    pub from: UpvalFrom,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UpvalFrom {
    /// A local of the directly enclosing function.
    ParentLocal(LocalId),
    /// An upvalue of the directly enclosing function.
    ParentUpval(usize),
}

/// A whole source file: the main chunk is a vararg function.
#[derive(Clone, Debug)]
pub struct Chunk {
    pub main: Function,
}

// Trees nest as deep as `nesting::MAX_DEPTH` and, until `nesting::check` has looked at
// them, deeper: a long `a + b + c ...` chain, a syntax error after thousands of nested
// expressions. Dropped recursively, such a tree overflows the stack, so expressions and
// blocks are taken apart with a heap stack: each node's children are moved out before it
// is dropped.

/// A node whose children have been moved out, waiting on the heap stack to be dropped.
enum Detached {
    Expr(Expr),
    Block(Block),
}

fn detach_expr(kind: &mut ExprKind, out: &mut Vec<Detached>) {
    match std::mem::replace(kind, ExprKind::Nil) {
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
            out.push(Detached::Expr(*a));
            out.push(Detached::Expr(*b));
        }
        ExprKind::Unary(_, a) | ExprKind::Paren(a) => out.push(Detached::Expr(*a)),
        ExprKind::Call(f, args) => {
            out.push(Detached::Expr(*f));
            out.extend(args.into_iter().map(Detached::Expr));
        }
        ExprKind::Method(o, _, args) => {
            out.push(Detached::Expr(*o));
            out.extend(args.into_iter().map(Detached::Expr));
        }
        ExprKind::Table(fields) => {
            for f in fields {
                match f {
                    Field::Positional(v) | Field::Named(_, v) => out.push(Detached::Expr(v)),
                    Field::Keyed(k, v) => {
                        out.push(Detached::Expr(k));
                        out.push(Detached::Expr(v));
                    }
                }
            }
        }
        ExprKind::Function(mut f) => out.push(Detached::Block(std::mem::replace(&mut f.body, Block::empty()))),
        _ => {}
    }
}

fn detach_block(b: &mut Block, out: &mut Vec<Detached>) {
    if let Some(r) = b.ret.take() {
        out.extend(r.exprs.into_iter().map(Detached::Expr));
    }
    for s in std::mem::take(&mut b.stats) {
        let mut exprs = |es: Vec<Expr>| out.extend(es.into_iter().map(Detached::Expr));
        match s.kind {
            StatKind::Local { exprs: es, .. } => exprs(es),
            StatKind::Assign { targets, exprs: es } => {
                exprs(targets);
                exprs(es);
            }
            StatKind::Call(e) => exprs(vec![e]),
            StatKind::Do(body) => out.push(Detached::Block(body)),
            StatKind::While { cond, body } | StatKind::Repeat { body, cond } => {
                exprs(vec![cond]);
                out.push(Detached::Block(body));
            }
            StatKind::If { arms, orelse } => {
                for (c, body) in arms {
                    out.push(Detached::Expr(c));
                    out.push(Detached::Block(body));
                }
                out.extend(orelse.map(Detached::Block));
            }
            StatKind::NumFor { start, limit, step, body, .. } => {
                exprs(vec![start, limit]);
                out.extend(step.map(Detached::Expr));
                out.push(Detached::Block(body));
            }
            StatKind::GenFor { exprs: es, body, .. } => {
                exprs(es);
                out.push(Detached::Block(body));
            }
            StatKind::Function { target, mut func } => {
                out.push(Detached::Expr(target));
                out.push(Detached::Block(std::mem::replace(&mut func.body, Block::empty())));
            }
            StatKind::LocalFunction { mut func, .. } => out.push(Detached::Block(std::mem::replace(&mut func.body, Block::empty()))),
            StatKind::Goto(_) | StatKind::Label(_) | StatKind::Break => {}
        }
    }
}

/// Drops the nodes in `pending`, and what each of them detaches in turn, one at a time.
fn drop_detached(mut pending: Vec<Detached>) {
    while let Some(node) = pending.pop() {
        match node {
            Detached::Expr(mut e) => detach_expr(&mut e.kind, &mut pending),
            Detached::Block(mut b) => detach_block(&mut b, &mut pending),
        }
    }
}

impl Block {
    pub fn empty() -> Block {
        Block { stats: Vec::new(), ret: None }
    }
}

impl Drop for Expr {
    fn drop(&mut self) {
        let mut pending = Vec::new();
        detach_expr(&mut self.kind, &mut pending);
        if !pending.is_empty() {
            drop_detached(pending);
        }
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        if self.stats.is_empty() && self.ret.is_none() {
            return;
        }
        let mut pending = Vec::new();
        detach_block(self, &mut pending);
        drop_detached(pending);
    }
}
