//! Name resolution (manual §3.5): binds every name to a local, an upvalue or a global,
//! marks captured locals, and checks the static rules of Lua 5.4: `<const>` assignment,
//! `<close>` lists, `break` outside loops, `...` outside vararg functions, and gotos
//! (a visible label that does not jump into the scope of a local).

use crate::diagnostics::{line_col, Code, Diagnostic};
use crate::syntax::ast::*;

pub fn resolve(chunk: &mut Chunk, src: &str) -> Result<(), Diagnostic> {
    let mut r = Resolver { funcs: Vec::new(), src };
    r.function(&mut chunk.main)
}

struct Label {
    name: String,
    span: Span,
}

struct Goto {
    name: String,
    nactive: usize,
    span: Span,
}

struct BlockState {
    labels: Vec<Label>,
    pending: Vec<Goto>,
    nactive_at_start: usize,
}

struct FuncState {
    meta: FuncMeta,
    upval_attrib: Vec<Option<Attrib>>,
    scopes: Vec<Vec<(String, LocalId)>>,
    is_vararg: bool,
    loops: usize,
    blocks: Vec<BlockState>,
    /// The active hidden variables of enclosing `for` loops, which count against the limit
    /// of local variables as in lua5.4 (three per numeric loop, four per generic one).
    hidden: usize,
    /// "main function" or "function at line N", for the limit's message.
    what: String,
}

/// lua5.4's limit of active local variables in one function (lparser.c: MAXVARS).
const MAX_LOCALS: usize = 200;
/// lua5.4's limit of upvalues per function (MAXUPVAL).
const MAX_UPVALS: usize = 255;

impl FuncState {
    fn nactive(&self) -> usize {
        self.scopes.iter().map(|s| s.len()).sum()
    }
}

struct Resolver<'s> {
    funcs: Vec<FuncState>,
    src: &'s str,
}

impl Resolver<'_> {
    fn cur(&mut self) -> &mut FuncState {
        self.funcs.last_mut().expect("inside a function")
    }

    fn line(&self, pos: u32) -> usize {
        line_col(self.src, pos as usize).0
    }

    fn function(&mut self, f: &mut Function) -> Result<(), Diagnostic> {
        let what = if self.funcs.is_empty() { "main function".to_string() } else { format!("function at line {}", self.line(f.span.lo)) };
        self.funcs.push(FuncState {
            meta: FuncMeta::default(),
            upval_attrib: Vec::new(),
            scopes: vec![Vec::new()],
            is_vararg: f.is_vararg,
            loops: 0,
            blocks: Vec::new(),
            hidden: 0,
            what,
        });
        for p in &mut f.params {
            self.declare(p)?;
        }
        self.block(&mut f.body, false)?;
        let st = self.funcs.pop().expect("pushed above");
        f.meta = st.meta;
        Ok(())
    }

    fn declare(&mut self, d: &mut LocalDecl) -> Result<(), Diagnostic> {
        let st = self.cur();
        if st.nactive() + st.hidden + 1 > MAX_LOCALS {
            let msg = format!("too many local variables (limit is {MAX_LOCALS}) in {}", st.what);
            return Err(Diagnostic::new(Code::TooManyLocals, msg, d.name.span.lo as usize, d.name.span.hi as usize));
        }
        let id = st.meta.locals.len();
        st.meta.locals.push(LocalInfo { name: d.name.name.clone(), captured: false, assigned: false, attrib: d.attrib });
        st.scopes.last_mut().expect("scope").push((d.name.name.clone(), id));
        d.id = id;
        Ok(())
    }

    /// Finds `name` as a local or upvalue of function `level`, creating upvalues on the way;
    /// Err with the description of a function that would get more than MAX_UPVALS.
    fn find(&mut self, level: usize, name: &str) -> Result<Option<(Res, Option<Attrib>)>, String> {
        let st = &self.funcs[level];
        for scope in st.scopes.iter().rev() {
            if let Some(&(_, id)) = scope.iter().rev().find(|(n, _)| n == name) {
                return Ok(Some((Res::Local(id), st.meta.locals[id].attrib)));
            }
        }
        if let Some(i) = st.meta.upvals.iter().position(|u| u.name == name) {
            return Ok(Some((Res::Upval(i), self.funcs[level].upval_attrib[i])));
        }
        if level == 0 {
            return Ok(None);
        }
        let Some((outer, attrib)) = self.find(level - 1, name)? else { return Ok(None) };
        let from = match outer {
            Res::Local(id) => UpvalFrom::ParentLocal(id),
            Res::Upval(i) => UpvalFrom::ParentUpval(i),
            _ => return Ok(None),
        };
        if self.funcs[level].meta.upvals.len() == MAX_UPVALS {
            return Err(self.funcs[level].what.clone());
        }
        if let UpvalFrom::ParentLocal(id) = from {
            self.funcs[level - 1].meta.locals[id].captured = true;
        }
        let st = &mut self.funcs[level];
        st.meta.upvals.push(UpvalInfo { name: name.to_string(), from });
        st.upval_attrib.push(attrib);
        Ok(Some((Res::Upval(st.meta.upvals.len() - 1), attrib)))
    }

    /// What `name`, used at `at`, refers to. lua5.4 counts `_ENV` among a function's
    /// upvalues when the function uses globals; flua does not, so a function at the limit
    /// by that count alone compiles.
    fn resolve_name(&mut self, name: &str, at: Span) -> Result<(Res, Option<Attrib>), Diagnostic> {
        let level = self.funcs.len() - 1;
        let too_many = |what: String| {
            let msg = format!("too many upvalues (limit is {MAX_UPVALS}) in {what}");
            Diagnostic::new(Code::TooManyUpvalues, msg, at.lo as usize, at.hi as usize)
        };
        if let Some(r) = self.find(level, name).map_err(too_many)? {
            return Ok(r);
        }
        let env = match self.find(level, "_ENV").map_err(too_many)? {
            Some((Res::Local(id), _)) => EnvRef::Local(id),
            Some((Res::Upval(i), _)) => EnvRef::Upval(i),
            _ => EnvRef::Default,
        };
        Ok((Res::Global(env), None))
    }

    fn block(&mut self, b: &mut Block, is_loop: bool) -> Result<(), Diagnostic> {
        self.enter_block(is_loop);
        self.block_body(b)?;
        self.leave_block(is_loop)
    }

    fn enter_block(&mut self, is_loop: bool) {
        let st = self.cur();
        let n = st.nactive();
        st.scopes.push(Vec::new());
        st.blocks.push(BlockState { labels: Vec::new(), pending: Vec::new(), nactive_at_start: n });
        if is_loop {
            st.loops += 1;
        }
    }

    fn block_body(&mut self, b: &mut Block) -> Result<(), Diagnostic> {
        let n = b.stats.len();
        for i in 0..n {
            // A label followed only by other labels up to the end of the block (not
            // `until`) counts as outside the scope of the block's locals (5.4 createlabel).
            let is_last = b.ret.is_none() && b.stats[i + 1..].iter().all(|s| matches!(s.kind, StatKind::Label(_)));
            self.stat(&mut b.stats[i], is_last)?;
        }
        if let Some(ret) = &mut b.ret {
            for e in &mut ret.exprs {
                self.expr(e)?;
            }
        }
        Ok(())
    }

    fn leave_block(&mut self, is_loop: bool) -> Result<(), Diagnostic> {
        let st = self.cur();
        st.scopes.pop();
        let blk = st.blocks.pop().expect("block");
        if is_loop {
            st.loops -= 1;
        }
        match st.blocks.last_mut() {
            Some(parent) => {
                for mut g in blk.pending {
                    g.nactive = g.nactive.min(blk.nactive_at_start);
                    parent.pending.push(g);
                }
                Ok(())
            }
            None => match blk.pending.first() {
                Some(g) => {
                    let line = self.line(g.span.lo);
                    let msg = format!("no visible label '{}' for <goto> at line {}", g.name, line);
                    Err(Diagnostic::new(Code::UndefinedLabel, msg, g.span.lo as usize, g.span.hi as usize))
                }
                None => Ok(()),
            },
        }
    }

    fn stat(&mut self, s: &mut Stat, is_last: bool) -> Result<(), Diagnostic> {
        match &mut s.kind {
            StatKind::Local { decls, exprs } => {
                for e in exprs.iter_mut() {
                    self.expr(e)?;
                }
                let closes = decls.iter().filter(|d| d.attrib == Some(Attrib::Close)).count();
                if closes > 1 {
                    return Err(Diagnostic::new(
                        Code::MultipleClose,
                        "multiple to-be-closed variables in local list",
                        s.span.lo as usize,
                        s.span.hi as usize,
                    ));
                }
                for d in decls.iter_mut() {
                    self.declare(d)?;
                }
            }
            StatKind::Assign { targets, exprs } => {
                for t in targets.iter_mut() {
                    self.assign_target(t)?;
                }
                for e in exprs.iter_mut() {
                    self.expr(e)?;
                }
            }
            StatKind::Call(e) => self.expr(e)?,
            StatKind::Do(b) => self.block(b, false)?,
            StatKind::While { cond, body } => {
                self.expr(cond)?;
                self.block(body, true)?;
            }
            StatKind::Repeat { body, cond } => {
                // The condition sees the body's locals.
                self.enter_block(true);
                self.block_body(body)?;
                self.expr(cond)?;
                self.leave_block(true)?;
            }
            StatKind::If { arms, orelse } => {
                for (c, b) in arms.iter_mut() {
                    self.expr(c)?;
                    self.block(b, false)?;
                }
                if let Some(b) = orelse {
                    self.block(b, false)?;
                }
            }
            StatKind::NumFor { var, start, limit, step, body } => {
                self.expr(start)?;
                self.expr(limit)?;
                if let Some(e) = step {
                    self.expr(e)?;
                }
                self.enter_block(true);
                self.cur().hidden += 3;
                self.declare(var)?;
                self.block(body, false)?;
                self.cur().hidden -= 3;
                self.leave_block(true)?;
            }
            StatKind::GenFor { vars, exprs, body } => {
                for e in exprs.iter_mut() {
                    self.expr(e)?;
                }
                self.enter_block(true);
                self.cur().hidden += 4;
                for v in vars.iter_mut() {
                    self.declare(v)?;
                }
                self.block(body, false)?;
                self.cur().hidden -= 4;
                self.leave_block(true)?;
            }
            StatKind::Function { target, func } => {
                self.assign_target(target)?;
                self.function(func)?;
            }
            StatKind::LocalFunction { decl, func } => {
                self.declare(decl)?;
                self.cur().meta.locals[decl.id].assigned = true;
                self.function(func)?;
            }
            StatKind::Goto(name) => {
                let nactive = self.cur().nactive();
                let g = Goto { name: name.name.clone(), nactive, span: name.span };
                // A backward jump to a visible label is always fine.
                let visible = self.cur().blocks.iter().any(|b| b.labels.iter().any(|l| l.name == g.name));
                if !visible {
                    self.cur().blocks.last_mut().expect("block").pending.push(g);
                }
            }
            StatKind::Label(name) => {
                let src = self.src;
                let st = self.cur();
                for b in &st.blocks {
                    if let Some(l) = b.labels.iter().find(|l| l.name == name.name) {
                        let prev = line_col(src, l.span.lo as usize).0;
                        let msg = format!("label '{}' already defined on line {}", name.name, prev);
                        return Err(Diagnostic::new(Code::DuplicateLabel, msg, s.span.lo as usize, s.span.hi as usize));
                    }
                }
                let st = self.cur();
                let blk_start = st.blocks.last().expect("block").nactive_at_start;
                let nactive = if is_last { blk_start } else { st.nactive() };
                let blk = st.blocks.last_mut().expect("block");
                let mut err = None;
                blk.pending.retain(|g| {
                    if g.name != name.name {
                        return true;
                    }
                    if g.nactive < nactive && err.is_none() {
                        err = Some((g.span, g.nactive));
                    }
                    false
                });
                blk.labels.push(Label { name: name.name.clone(), span: s.span });
                if let Some((span, n)) = err {
                    let local = self.cur().scopes.iter().flatten().nth(n).map(|(n, _)| n.clone()).unwrap_or_default();
                    let msg = format!("<goto {}> at line {} jumps into the scope of local '{}'", name.name, self.line(span.lo), local);
                    return Err(Diagnostic::new(Code::GotoIntoScope, msg, span.lo as usize, span.hi as usize));
                }
            }
            StatKind::Break => {
                if self.cur().loops == 0 {
                    let msg = format!("break outside a loop at line {}", self.line(s.span.lo));
                    return Err(Diagnostic::new(Code::BreakOutsideLoop, msg, s.span.lo as usize, s.span.hi as usize));
                }
            }
        }
        Ok(())
    }

    fn assign_target(&mut self, t: &mut Expr) -> Result<(), Diagnostic> {
        if let ExprKind::Name(name, res) = &mut t.kind {
            let (r, attrib) = self.resolve_name(name, t.span)?;
            if attrib.is_some() {
                let msg = format!("attempt to assign to const variable '{name}'");
                return Err(Diagnostic::new(Code::ConstAssign, msg, t.span.lo as usize, t.span.hi as usize));
            }
            if name == "_ENV" && r == Res::Global(EnvRef::Default) {
                // compiled code reads globals from one table; `local _ENV = t` is supported
                let msg = "assigning to the main chunk's _ENV is not supported by flua (declare 'local _ENV = ...' instead)";
                return Err(Diagnostic::new(Code::EnvAssign, msg, t.span.lo as usize, t.span.hi as usize));
            }
            *res = r;
            self.mark_assigned(r);
            Ok(())
        } else {
            self.expr(t)
        }
    }

    /// Marks the local that an assignment to `r` changes, following upvalues to it.
    fn mark_assigned(&mut self, r: Res) {
        let mut level = self.funcs.len() - 1;
        let mut r = r;
        loop {
            match r {
                Res::Local(id) => {
                    self.funcs[level].meta.locals[id].assigned = true;
                    return;
                }
                Res::Upval(i) => {
                    r = match self.funcs[level].meta.upvals[i].from {
                        UpvalFrom::ParentLocal(id) => Res::Local(id),
                        UpvalFrom::ParentUpval(j) => Res::Upval(j),
                    };
                    level -= 1;
                }
                Res::Global(_) | Res::Unresolved => return,
            }
        }
    }

    fn expr(&mut self, e: &mut Expr) -> Result<(), Diagnostic> {
        match &mut e.kind {
            ExprKind::Nil | ExprKind::True | ExprKind::False | ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) => {}
            ExprKind::Vararg => {
                if !self.cur().is_vararg {
                    return Err(Diagnostic::new(
                        Code::VarargOutsideVararg,
                        "cannot use '...' outside a vararg function near '...'",
                        e.span.lo as usize,
                        e.span.hi as usize,
                    ));
                }
            }
            ExprKind::Function(f) => self.function(f)?,
            ExprKind::Table(fields) => {
                for f in fields {
                    match f {
                        Field::Positional(v) | Field::Named(_, v) => self.expr(v)?,
                        Field::Keyed(k, v) => {
                            self.expr(k)?;
                            self.expr(v)?;
                        }
                    }
                }
            }
            ExprKind::Binary(_, a, b) => {
                self.expr(a)?;
                self.expr(b)?;
            }
            ExprKind::Unary(_, a) | ExprKind::Paren(a) => self.expr(a)?,
            ExprKind::Name(name, res) => *res = self.resolve_name(name, e.span)?.0,
            ExprKind::Index(a, b) => {
                self.expr(a)?;
                self.expr(b)?;
            }
            ExprKind::Call(f, args) | ExprKind::Method(f, _, args) => {
                self.expr(f)?;
                for a in args {
                    self.expr(a)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse::parse_chunk;

    fn check(src: &str) -> Result<Chunk, String> {
        let mut c = parse_chunk(src).map_err(|d| d.message)?;
        resolve(&mut c, src).map_err(|d| d.message)?;
        Ok(c)
    }

    #[test]
    fn upvalues_and_capture() {
        let c = check("local a = 1\nlocal function f() return function() return a end end").unwrap();
        assert!(c.main.meta.locals[0].captured);
        assert!(!c.main.meta.locals[1].captured);
    }

    #[test]
    fn assigned_locals() {
        // a, b: never assigned; c: in the function; d: two closures down; f: by its own
        // `local function`; g: by `function g()`
        let src = "local a, b, c, d = 1, 2, 3, 4\nc = 5\nlocal function f() return function() d = a + b end end\n\
                   local g\nfunction g() return f end";
        let c = check(src).unwrap();
        let assigned: Vec<bool> = c.main.meta.locals.iter().map(|l| l.assigned).collect();
        assert_eq!(assigned, [false, false, true, true, true, true]);
    }

    #[test]
    fn static_errors() {
        assert_eq!(check("local x <const> = 1; x = 2").unwrap_err(), "attempt to assign to const variable 'x'");
        assert_eq!(check("break").unwrap_err(), "break outside a loop at line 1");
        assert_eq!(check("function f() return ... end").unwrap_err(), "cannot use '...' outside a vararg function near '...'");
        assert_eq!(check("goto nowhere").unwrap_err(), "no visible label 'nowhere' for <goto> at line 1");
        assert_eq!(check("goto l; local x = 1; ::l:: print(x)").unwrap_err(), "<goto l> at line 1 jumps into the scope of local 'x'");
        assert_eq!(check("::a:: ::a::").unwrap_err(), "label 'a' already defined on line 1");
    }

    #[test]
    fn legal_gotos() {
        check("for i = 1, 3 do local x = i; if x then goto continue end; ::continue:: end").unwrap();
        check("do goto l end ::l::").unwrap();
        check("::top:: local y = 1; if y then goto top end").unwrap();
    }
}
