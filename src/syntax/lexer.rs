//! The hand-written Lua 5.4 lexer (manual §3.1). It feeds LALRPOP as an external lexer:
//! an iterator of `(start, token, end)` triples with byte offsets into the source.

use super::token::{keyword, Tok};

#[derive(Clone, Debug, PartialEq)]
pub struct LexError {
    pub lo: usize,
    pub hi: usize,
    pub msg: String,
}

pub type Spanned = Result<(usize, Tok, usize), LexError>;

/// What an open `(` or `{` was, so that its closer knows whether a call can follow it.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Paren,
    Params,
    Call,
    /// `{` of a table constructor; `true` if it is a call argument (`f{...}`).
    Brace(bool),
}

pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// The previous token can end a prefix expression, so `(` here continues it.
    prefix_end: bool,
    /// `function` was seen and its parameter list has not opened yet.
    in_function_header: bool,
    stack: Vec<Open>,
    done: bool,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut pos = 0;
        // A first line starting with '#' (a Unix shebang) is skipped, as by `lua`.
        if src.starts_with('#') {
            pos = src.find('\n').unwrap_or(src.len());
        }
        Lexer { src: src.as_bytes(), pos, prefix_end: false, in_function_header: false, stack: Vec::new(), done: false }
    }

    /// A lexer that starts reading at byte `pos` (used to quote the token after an error).
    pub fn new_at(src: &'a str, pos: usize) -> Self {
        let mut l = Lexer::new(src);
        l.pos = pos.min(src.len());
        l
    }

    fn peek(&self) -> u8 {
        self.src.get(self.pos).copied().unwrap_or(0)
    }

    fn peek_at(&self, n: usize) -> u8 {
        self.src.get(self.pos + n).copied().unwrap_or(0)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    fn err<T>(&self, lo: usize, msg: &str) -> Result<T, LexError> {
        let hi = self.pos.max(lo + 1).min(self.src.len().max(lo));
        let near = String::from_utf8_lossy(&self.src[lo..hi.min(self.src.len())]).into_owned();
        let msg = if near.is_empty() { format!("{msg} near <eof>") } else { format!("{msg} near '{near}'") };
        Err(LexError { lo, hi, msg })
    }

    /// Skips white space and comments.
    fn skip_trivia(&mut self) -> Result<(), LexError> {
        loop {
            let c = self.peek();
            if c == b' ' || c == b'\t' || c == b'\r' || c == b'\n' || c == 0x0b || c == 0x0c {
                self.pos += 1;
            } else if c == b'-' && self.peek_at(1) == b'-' {
                let lo = self.pos;
                self.pos += 2;
                if self.peek() == b'[' {
                    if let Some(level) = self.long_bracket_level() {
                        self.read_long_string(lo, level, "comment")?;
                        continue;
                    }
                }
                while !self.at_end() && self.peek() != b'\n' && self.peek() != b'\r' {
                    self.pos += 1;
                }
            } else {
                return Ok(());
            }
        }
    }

    /// At `[`: returns the level of a long bracket `[==[` without consuming it.
    fn long_bracket_level(&self) -> Option<usize> {
        let mut i = self.pos + 1;
        let mut level = 0;
        while self.src.get(i) == Some(&b'=') {
            level += 1;
            i += 1;
        }
        (self.src.get(i) == Some(&b'[')).then_some(level)
    }

    /// Reads a long string or comment whose opening bracket starts at `self.pos`.
    fn read_long_string(&mut self, lo: usize, level: usize, what: &str) -> Result<Vec<u8>, LexError> {
        self.pos += level + 2;
        // A newline right after the opening bracket is skipped.
        self.skip_newline();
        let mut out = Vec::new();
        loop {
            if self.at_end() {
                let msg = format!("unfinished long {what}");
                return Err(LexError { lo, hi: self.src.len(), msg: format!("{msg} near <eof>") });
            }
            let c = self.peek();
            if c == b']' {
                let mut i = self.pos + 1;
                let mut l = 0;
                while self.src.get(i) == Some(&b'=') {
                    l += 1;
                    i += 1;
                }
                if l == level && self.src.get(i) == Some(&b']') {
                    self.pos = i + 1;
                    return Ok(out);
                }
                out.push(c);
                self.pos += 1;
            } else if c == b'\n' || c == b'\r' {
                self.skip_newline();
                out.push(b'\n');
            } else {
                out.push(c);
                self.pos += 1;
            }
        }
    }

    /// Skips one newline sequence (`\n`, `\r`, `\r\n` or `\n\r`) if there is one.
    fn skip_newline(&mut self) {
        let c = self.peek();
        if c == b'\n' || c == b'\r' {
            self.pos += 1;
            let d = self.peek();
            if (d == b'\n' || d == b'\r') && d != c {
                self.pos += 1;
            }
        }
    }

    fn read_string(&mut self, lo: usize) -> Result<Vec<u8>, LexError> {
        let quote = self.peek();
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            if self.at_end() {
                return self.err(lo, "unfinished string");
            }
            let c = self.peek();
            if c == quote {
                self.pos += 1;
                return Ok(out);
            }
            match c {
                b'\n' | b'\r' => return self.err(lo, "unfinished string"),
                b'\\' => self.read_escape(&mut out)?,
                _ => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn read_escape(&mut self, out: &mut Vec<u8>) -> Result<(), LexError> {
        let esc_lo = self.pos;
        self.pos += 1;
        let c = self.peek();
        let simple = match c {
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(11),
            b'\\' => Some(b'\\'),
            b'"' => Some(b'"'),
            b'\'' => Some(b'\''),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            self.pos += 1;
            return Ok(());
        }
        match c {
            b'\n' | b'\r' => {
                self.skip_newline();
                out.push(b'\n');
            }
            b'x' => {
                self.pos += 1;
                let mut v = 0u32;
                for _ in 0..2 {
                    let d = self.peek();
                    if !d.is_ascii_hexdigit() {
                        self.pos += 1;
                        return self.err(esc_lo, "hexadecimal digit expected");
                    }
                    v = v * 16 + (d as char).to_digit(16).unwrap_or(0);
                    self.pos += 1;
                }
                out.push(v as u8);
            }
            b'z' => {
                self.pos += 1;
                while matches!(self.peek(), b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c) && !self.at_end() {
                    self.pos += 1;
                }
            }
            b'u' => {
                self.pos += 1;
                if self.peek() != b'{' {
                    self.pos += 1;
                    return self.err(esc_lo, "missing '{' in \\u{xxxx}");
                }
                self.pos += 1;
                let mut v: u64 = 0;
                let mut digits = 0;
                while self.peek().is_ascii_hexdigit() {
                    v = v * 16 + (self.peek() as char).to_digit(16).unwrap_or(0) as u64;
                    digits += 1;
                    self.pos += 1;
                    if v > 0x7FFF_FFFF {
                        return self.err(esc_lo, "UTF-8 value too large");
                    }
                }
                if digits == 0 {
                    self.pos += 1;
                    return self.err(esc_lo, "hexadecimal digit expected");
                }
                if self.peek() != b'}' {
                    self.pos += 1;
                    return self.err(esc_lo, "missing '}' in \\u{xxxx}");
                }
                self.pos += 1;
                utf8_encode(v as u32, out);
            }
            d if d.is_ascii_digit() => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 3 && self.peek().is_ascii_digit() {
                    v = v * 10 + (self.peek() - b'0') as u32;
                    self.pos += 1;
                    n += 1;
                }
                if v > 255 {
                    self.pos += 1;
                    return self.err(esc_lo, "decimal escape too large");
                }
                out.push(v as u8);
            }
            _ => {
                if !self.at_end() {
                    self.pos += 1;
                }
                return self.err(esc_lo, "invalid escape sequence");
            }
        }
        Ok(())
    }

    fn read_number(&mut self, lo: usize) -> Result<Tok, LexError> {
        let mut expo = (b'e', b'E');
        if self.peek() == b'0' && matches!(self.peek_at(1), b'x' | b'X') {
            self.pos += 2;
            expo = (b'p', b'P');
        }
        loop {
            let c = self.peek();
            if c == expo.0 || c == expo.1 {
                self.pos += 1;
                if matches!(self.peek(), b'+' | b'-') {
                    self.pos += 1;
                }
            } else if c.is_ascii_hexdigit() || c == b'.' {
                self.pos += 1;
            } else {
                break;
            }
        }
        if is_name_start(self.peek()) {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.src[lo..self.pos]).unwrap_or("");
        match parse_number(text) {
            Some(t) => Ok(t),
            None => self.err(lo, "malformed number"),
        }
    }

    fn next_token(&mut self) -> Option<Spanned> {
        if let Err(e) = self.skip_trivia() {
            return Some(Err(e));
        }
        if self.at_end() {
            return None;
        }
        let lo = self.pos;
        let c = self.peek();
        let prefix_end = self.prefix_end;
        self.prefix_end = false;
        let two = |s: &Self, a: u8| s.peek_at(1) == a;
        let tok = if is_name_start(c) {
            while is_name_char(self.peek()) {
                self.pos += 1;
            }
            let s = std::str::from_utf8(&self.src[lo..self.pos]).unwrap_or("");
            match keyword(s) {
                Some(k) => {
                    if k == Tok::Function {
                        self.in_function_header = true;
                    }
                    k
                }
                None => {
                    self.prefix_end = true;
                    Tok::Name(s.to_string())
                }
            }
        } else if c.is_ascii_digit() || (c == b'.' && self.peek_at(1).is_ascii_digit()) {
            match self.read_number(lo) {
                Ok(t) => t,
                Err(e) => return Some(Err(e)),
            }
        } else if c == b'"' || c == b'\'' {
            match self.read_string(lo) {
                Ok(s) => {
                    self.prefix_end = prefix_end;
                    Tok::Str(s)
                }
                Err(e) => return Some(Err(e)),
            }
        } else if c == b'[' && self.long_bracket_level().is_some() {
            let level = self.long_bracket_level().unwrap_or(0);
            match self.read_long_string(lo, level, "string") {
                Ok(s) => {
                    self.prefix_end = prefix_end;
                    Tok::Str(s)
                }
                Err(e) => return Some(Err(e)),
            }
        } else {
            let (tok, len) = match c {
                b'+' => (Tok::Plus, 1),
                b'-' => (Tok::Minus, 1),
                b'*' => (Tok::Star, 1),
                b'/' if two(self, b'/') => (Tok::DSlash, 2),
                b'/' => (Tok::Slash, 1),
                b'%' => (Tok::Percent, 1),
                b'^' => (Tok::Caret, 1),
                b'#' => (Tok::Hash, 1),
                b'&' => (Tok::Amp, 1),
                b'~' if two(self, b'=') => (Tok::Ne, 2),
                b'~' => (Tok::Tilde, 1),
                b'|' => (Tok::Pipe, 1),
                b'<' if two(self, b'<') => (Tok::Shl, 2),
                b'<' if two(self, b'=') => (Tok::Le, 2),
                b'<' => (Tok::Lt, 1),
                b'>' if two(self, b'>') => (Tok::Shr, 2),
                b'>' if two(self, b'=') => (Tok::Ge, 2),
                b'>' => (Tok::Gt, 1),
                b'=' if two(self, b'=') => (Tok::Eq, 2),
                b'=' => (Tok::Assign, 1),
                b'(' => {
                    let open = if self.in_function_header {
                        self.in_function_header = false;
                        Open::Params
                    } else if prefix_end {
                        Open::Call
                    } else {
                        Open::Paren
                    };
                    self.stack.push(open);
                    (if prefix_end { Tok::CallParen } else { Tok::LParen }, 1)
                }
                b')' => {
                    self.prefix_end = !matches!(self.stack.pop(), Some(Open::Params));
                    (Tok::RParen, 1)
                }
                b'{' => {
                    self.stack.push(Open::Brace(prefix_end));
                    (Tok::LBrace, 1)
                }
                b'}' => {
                    self.prefix_end = matches!(self.stack.pop(), Some(Open::Brace(true)));
                    (Tok::RBrace, 1)
                }
                b'[' => (Tok::LBracket, 1),
                b']' => {
                    self.prefix_end = true;
                    (Tok::RBracket, 1)
                }
                b':' if two(self, b':') => (Tok::DColon, 2),
                b':' => (Tok::Colon, 1),
                b';' => (Tok::Semi, 1),
                b',' => (Tok::Comma, 1),
                b'.' if two(self, b'.') && self.peek_at(2) == b'.' => (Tok::Dots, 3),
                b'.' if two(self, b'.') => (Tok::Concat, 2),
                b'.' => (Tok::Dot, 1),
                _ => {
                    // One whole UTF-8 character, so the message shows it intact.
                    let mut end = self.pos + 1;
                    while end < self.src.len() && (self.src[end] & 0xC0) == 0x80 {
                        end += 1;
                    }
                    self.pos = end;
                    return Some(self.err(lo, "unexpected symbol"));
                }
            };
            self.pos += len;
            tok
        };
        Some(Ok((lo, tok, self.pos)))
    }
}

impl Iterator for Lexer<'_> {
    type Item = Spanned;
    fn next(&mut self) -> Option<Spanned> {
        if self.done {
            return None;
        }
        let t = self.next_token();
        if matches!(t, None | Some(Err(_))) {
            self.done = true;
        }
        t
    }
}

/// Lua's extended UTF-8 (up to 6 bytes, values up to 2^31), as `\u{...}` produces.
fn utf8_encode(mut x: u32, out: &mut Vec<u8>) {
    if x < 0x80 {
        out.push(x as u8);
        return;
    }
    let mut buf = [0u8; 8];
    let mut n = 1;
    let mut mfb: u32 = 0x3f;
    loop {
        buf[8 - n] = (0x80 | (x & 0x3f)) as u8;
        n += 1;
        x >>= 6;
        mfb >>= 1;
        if x <= mfb {
            break;
        }
    }
    buf[8 - n] = ((!mfb << 1) | x) as u8;
    out.extend_from_slice(&buf[8 - n..]);
}

/// Converts a numeral as Lua's `luaO_str2num` does: integers that overflow become floats,
/// hexadecimal integers wrap around, hexadecimal floats are exact.
pub fn parse_number(text: &str) -> Option<Tok> {
    let b = text.as_bytes();
    if b.len() > 2 && b[0] == b'0' && (b[1] == b'x' || b[1] == b'X') {
        let body = &text[2..];
        if !body.is_empty() && body.bytes().all(|c| c.is_ascii_hexdigit()) {
            let mut v: u64 = 0;
            for c in body.chars() {
                v = v.wrapping_mul(16).wrapping_add(c.to_digit(16)? as u64);
            }
            return Some(Tok::Int(v as i64));
        }
        return parse_hex_float(body).map(Tok::Float);
    }
    if !b.is_empty() && b.iter().all(|c| c.is_ascii_digit()) {
        let mut v: i64 = 0;
        for &c in b {
            match v.checked_mul(10).and_then(|v| v.checked_add((c - b'0') as i64)) {
                Some(n) => v = n,
                None => return text.parse::<f64>().ok().map(Tok::Float),
            }
        }
        return Some(Tok::Int(v));
    }
    // Rust's float syntax is a superset of Lua's decimal one only for the letters:
    // reject "inf"/"nan" and anything else alphabetic but the exponent mark.
    if b.iter().any(|&c| c.is_ascii_alphabetic() && c != b'e' && c != b'E') || b.is_empty() {
        return None;
    }
    if !b.iter().any(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse::<f64>().ok().map(Tok::Float)
}

fn parse_hex_float(body: &str) -> Option<f64> {
    let (mant, exp) = match body.find(['p', 'P']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut value = 0f64;
    let mut scale: i64 = 0;
    let mut seen_dot = false;
    let mut any = false;
    for c in mant.chars() {
        if c == '.' {
            if seen_dot {
                return None;
            }
            seen_dot = true;
        } else {
            let d = c.to_digit(16)?;
            value = value * 16.0 + d as f64;
            any = true;
            if seen_dot {
                scale -= 4;
            }
        }
    }
    if !any {
        return None;
    }
    if let Some(e) = exp {
        let (neg, digits) = match e.as_bytes().first() {
            Some(b'-') => (true, &e[1..]),
            Some(b'+') => (false, &e[1..]),
            _ => (false, e),
        };
        if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: i64 = digits.parse().unwrap_or(i64::MAX / 4).min(100_000);
        scale += if neg { -n } else { n };
    }
    Some(value * 2f64.powi(scale.clamp(-100_000, 100_000) as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        Lexer::new(src).map(|t| t.map(|(_, t, _)| t).unwrap()).collect()
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("3 0xff 0xffffffffffffffff 9223372036854775808"),
            vec![Tok::Int(3), Tok::Int(255), Tok::Int(-1), Tok::Float(9223372036854775808.0)]
        );
        assert_eq!(
            toks("3.0 .5 1e2 0x1p4 0xA.8"),
            vec![Tok::Float(3.0), Tok::Float(0.5), Tok::Float(100.0), Tok::Float(16.0), Tok::Float(10.5)]
        );
        assert!(Lexer::new("3x").next().unwrap().is_err());
        assert!(Lexer::new("0x").next().unwrap().is_err());
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(toks(r#""a\tb\65\x41\u{48}\z   c""#), vec![Tok::Str(b"a\tbAAHc".to_vec())]);
        assert_eq!(toks("[==[\nx]]y]==]"), vec![Tok::Str(b"x]]y".to_vec())]);
        assert_eq!(toks(r#""\u{7FF}""#), vec![Tok::Str("\u{7FF}".as_bytes().to_vec())]);
        let e = Lexer::new("\"abc").next().unwrap().unwrap_err();
        assert_eq!(e.msg, "unfinished string near '\"abc'");
        let e = Lexer::new(r#""\q""#).next().unwrap().unwrap_err();
        assert_eq!(e.msg, "invalid escape sequence near '\\q'");
    }

    #[test]
    fn comments_and_shebang() {
        assert_eq!(toks("#!/usr/bin/lua\nx --[==[ long\n]==] y -- z"), vec![Tok::Name("x".into()), Tok::Name("y".into())]);
    }

    #[test]
    fn call_parens() {
        use Tok::*;
        assert_eq!(toks("f(x)"), vec![Name("f".into()), CallParen, Name("x".into()), RParen]);
        assert_eq!(toks("a=(x)"), vec![Name("a".into()), Assign, LParen, Name("x".into()), RParen]);
        // A parameter list's `)` does not end a prefix expression.
        let t = toks("function f() (g)() end");
        assert_eq!(t[2], CallParen);
        assert_eq!(t[4], LParen);
        assert_eq!(toks("function(x)")[1], LParen);
        assert_eq!(toks("f{}(1)")[3], CallParen);
        assert_eq!(toks("x = {} (1)")[4], LParen);
    }
}
