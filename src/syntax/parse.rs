//! The parser entry point: runs the LALRPOP grammar over the lexer and turns every
//! LALRPOP error into a diagnostic. Also holds the helpers the grammar's actions call.

use super::ast::*;
use super::lexer::{LexError, Lexer};
use super::token::Tok;
use crate::diagnostics::{Code, Diagnostic};
use lalrpop_util::ParseError;

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, unused)]
    grammar,
    "/lua.rs"
);

type PError = ParseError<usize, Tok, LexError>;

/// Parses a whole chunk. The main chunk is an anonymous vararg function.
pub fn parse_chunk(src: &str) -> Result<Chunk, Diagnostic> {
    let body = grammar::ChunkParser::new().parse(Lexer::new(src)).map_err(|e| to_diagnostic(src, e))?;
    if let Err(e) = super::nesting::check(&body) {
        return Err(Diagnostic::new(Code::TooDeep, e.message, e.span.lo as usize, e.span.hi as usize));
    }
    let span = Span::new(0, src.len());
    Ok(Chunk { main: Function { params: vec![], is_vararg: true, body, name: "main chunk".into(), span, meta: FuncMeta::default() } })
}

fn user_error<T>(lo: usize, hi: usize, msg: &str) -> Result<T, PError> {
    Err(ParseError::User { error: LexError { lo, hi, msg: msg.to_string() } })
}

/// An expression statement must be a call (manual §3.3.6).
pub fn make_call_stat(e: Expr) -> Result<StatKind, PError> {
    if matches!(e.kind, ExprKind::Call(..) | ExprKind::Method(..)) {
        Ok(StatKind::Call(e))
    } else {
        user_error(e.span.hi as usize, e.span.hi as usize, "syntax error")
    }
}

pub fn check_targets(targets: Vec<Expr>, exprs: Vec<Expr>) -> Result<StatKind, PError> {
    for t in &targets {
        if !matches!(t.kind, ExprKind::Name(..) | ExprKind::Index(..)) {
            return user_error(t.span.hi as usize, t.span.hi as usize, "syntax error");
        }
    }
    Ok(StatKind::Assign { targets, exprs })
}

pub fn make_attrib(name: Name, a: Name) -> Result<LocalDecl, PError> {
    let attrib = match a.name.as_str() {
        "const" => Attrib::Const,
        "close" => Attrib::Close,
        _ => {
            let msg = format!("unknown attribute '{}'", a.name);
            return user_error(a.span.lo as usize, a.span.hi as usize, &msg);
        }
    };
    Ok(LocalDecl { name, attrib: Some(attrib), id: 0 })
}

pub fn function_name(f: (Expr, bool, String), k: String, l: usize, kl: usize, r: usize) -> Result<(Expr, bool, String), PError> {
    let name = format!("{}:{}", f.2, k);
    let key = Expr::new(ExprKind::Str(k.into_bytes()), kl, r);
    Ok((Expr::new(ExprKind::Index(Box::new(f.0), Box::new(key)), l, r), true, name))
}

pub fn make_function(p: (Vec<Name>, bool), body: Block, l: usize, r: usize) -> Function {
    let params = p.0.into_iter().map(|name| LocalDecl { name, attrib: None, id: 0 }).collect();
    Function { params, is_vararg: p.1, body, name: String::new(), span: Span::new(l, r), meta: FuncMeta::default() }
}

/// The text Lua shows after "near": the token at `pos`, or `<eof>`.
pub fn near(src: &str, pos: usize) -> String {
    let rest = src.get(pos..).unwrap_or("");
    let trimmed = rest.trim_start();
    let start = pos + (rest.len() - trimmed.len());
    match Lexer::new_at(src, start).next() {
        Some(Ok((lo, _, hi))) => format!("'{}'", &src[lo..hi]),
        _ if trimmed.is_empty() => "<eof>".to_string(),
        _ => format!("'{}'", trimmed.chars().next().unwrap_or(' ')),
    }
}

/// Tokens that may continue an expression; left out when saying what was expected.
const CONTINUATIONS: &[&str] = &[
    "\"and\"",
    "\"or\"",
    "\"+\"",
    "\"-\"",
    "\"*\"",
    "\"/\"",
    "\"//\"",
    "\"%\"",
    "\"^\"",
    "\"&\"",
    "\"~\"",
    "\"|\"",
    "\"<<\"",
    "\">>\"",
    "\"==\"",
    "\"~=\"",
    "\"<=\"",
    "\">=\"",
    "\"<\"",
    "\">\"",
    "\"..\"",
    "\".\"",
    "\"[\"",
    "\":\"",
    "\"call(\"",
    "\"String\"",
    "\"{\"",
    "\",\"",
];

fn expected_message(expected: &[String]) -> Option<String> {
    let display = |t: &str| match t {
        "\"Name\"" => "<name>".to_string(),
        "\"call(\"" => "'('".to_string(),
        _ => format!("'{}'", t.trim_matches('"')),
    };
    if expected.len() == 1 {
        return Some(format!("{} expected", display(&expected[0])));
    }
    for closer in ["\"end\"", "\"until\""] {
        if expected.iter().any(|e| e == closer) {
            return Some(format!("{} expected", display(closer)));
        }
    }
    let rest: Vec<&String> = expected.iter().filter(|e| !CONTINUATIONS.contains(&e.as_str())).collect();
    if rest.len() == 1 {
        return Some(format!("{} expected", display(rest[0])));
    }
    None
}

fn to_diagnostic(src: &str, e: PError) -> Diagnostic {
    match e {
        ParseError::User { error } => {
            let msg = if error.msg.contains(" near ") || error.msg.starts_with("unknown attribute") {
                error.msg
            } else {
                format!("{} near {}", error.msg, near(src, error.lo))
            };
            Diagnostic::new(Code::SyntaxError, msg, error.lo, error.hi)
        }
        ParseError::InvalidToken { location } => {
            Diagnostic::new(Code::SyntaxError, format!("unexpected symbol near {}", near(src, location)), location, location + 1)
        }
        ParseError::UnrecognizedEof { location, expected } => {
            let what = expected_message(&expected).unwrap_or_else(|| "unexpected symbol".into());
            Diagnostic::new(Code::SyntaxError, format!("{what} near <eof>"), location, location)
        }
        ParseError::UnrecognizedToken { token: (lo, _, hi), expected } => {
            let what = expected_message(&expected).unwrap_or_else(|| "unexpected symbol".into());
            Diagnostic::new(Code::SyntaxError, format!("{what} near '{}'", &src[lo..hi]), lo, hi)
        }
        ParseError::ExtraToken { token: (lo, _, hi) } => {
            Diagnostic::new(Code::SyntaxError, format!("'<eof>' expected near '{}'", &src[lo..hi]), lo, hi)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_err(src: &str) -> String {
        parse_chunk(src).err().map(|d| d.message).unwrap_or_default()
    }

    #[test]
    fn parses_statements() {
        let src = "local a <const>, b = 1, 2\nfunction t.x:y(...) return ... end\nfor i = 1, 10, 2 do end\n\
                   for k, v in pairs(t) do goto c ::c:: end\nrepeat local z = 1 until z\nf{1, [2] = 3; x = 4,}\n\
                   a.b[c]:d 'e' (f)\nlocal function g(x, ...) return -x ^ 2 end";
        assert!(parse_chunk(src).is_ok(), "{:?}", parse_chunk(src).err());
    }

    #[test]
    fn precedence() {
        let c = parse_chunk("return 1 + 2 * 3 .. 'x' .. 'y'").unwrap();
        let e = &c.main.body.ret.as_ref().unwrap().exprs[0];
        // `..` is right associative and binds looser than `+`.
        let ExprKind::Binary(BinOp::Concat, l, r) = &e.kind else { panic!("{e:?}") };
        assert!(matches!(l.kind, ExprKind::Binary(BinOp::Add, ..)));
        assert!(matches!(r.kind, ExprKind::Binary(BinOp::Concat, ..)));
        let c = parse_chunk("return -2 ^ 2, 2 ^ 3 ^ 2, not a == b").unwrap();
        let es = &c.main.body.ret.as_ref().unwrap().exprs;
        assert!(matches!(es[0].kind, ExprKind::Unary(UnOp::Neg, _)));
        let ExprKind::Binary(BinOp::Pow, _, r) = &es[1].kind else { panic!() };
        assert!(matches!(r.kind, ExprKind::Binary(BinOp::Pow, ..)));
        assert!(matches!(es[2].kind, ExprKind::Binary(BinOp::Eq, ..)));
    }

    #[test]
    fn messages() {
        assert_eq!(parse_err("x = = 1"), "unexpected symbol near '='");
        assert_eq!(parse_err("local x y"), "syntax error near <eof>");
        assert_eq!(parse_err("for i = 1 do end"), "',' expected near 'do'");
        assert_eq!(parse_err("local function (x) end"), "<name> expected near '('");
        assert_eq!(parse_err("if x then"), "'end' expected near <eof>");
        assert_eq!(parse_err("f(a b)"), "')' expected near 'b'");
        assert_eq!(parse_err("x"), "syntax error near <eof>");
        assert_eq!(parse_err("local x <foo> = 1"), "unknown attribute 'foo'");
    }
}
