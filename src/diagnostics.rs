//! Compile-time diagnostics: each has a stable kebab-case code, a Lua-style message and
//! a byte span, and is rendered by codespan-reporting with the source line and a caret.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    SyntaxError,
    ConstAssign,
    BreakOutsideLoop,
    VarargOutsideVararg,
    UndefinedLabel,
    DuplicateLabel,
    GotoIntoScope,
    MultipleClose,
    ModuleNotFound,
    EnvAssign,
    TooDeep,
    TooManyLocals,
    TooManyUpvalues,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SyntaxError => "syntax-error",
            Code::ConstAssign => "const-assign",
            Code::BreakOutsideLoop => "break-outside-loop",
            Code::VarargOutsideVararg => "vararg-outside-vararg-function",
            Code::UndefinedLabel => "undefined-label",
            Code::DuplicateLabel => "duplicate-label",
            Code::GotoIntoScope => "goto-into-scope",
            Code::MultipleClose => "multiple-to-be-closed",
            Code::ModuleNotFound => "module-not-found",
            Code::EnvAssign => "env-assign-unsupported",
            Code::TooDeep => "nesting-too-deep",
            Code::TooManyLocals => "too-many-locals",
            Code::TooManyUpvalues => "too-many-upvalues",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    pub lo: usize,
    pub hi: usize,
    /// A warning does not stop compilation.
    pub warning: bool,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>, lo: usize, hi: usize) -> Diagnostic {
        Diagnostic { code, message: message.into(), lo, hi: hi.max(lo), warning: false }
    }

    pub fn warning(code: Code, message: impl Into<String>, lo: usize, hi: usize) -> Diagnostic {
        Diagnostic { warning: true, ..Diagnostic::new(code, message, lo, hi) }
    }

    /// Renders to a string (no colour), `file:line:col` first, then the source and a caret.
    pub fn render(&self, file_name: &str, src: &str) -> String {
        let file = SimpleFile::new(file_name, src);
        let lo = self.lo.min(src.len());
        let hi = self.hi.min(src.len()).max(lo);
        let d = (if self.warning { CsDiagnostic::warning() } else { CsDiagnostic::error() })
            .with_message(&self.message)
            .with_code(self.code.as_str())
            .with_labels(vec![Label::primary((), lo..hi)]);
        let (line, col) = line_col(src, lo);
        let rendered = term::emit_into_string(&term::Config::default(), &file, &d).unwrap_or_default();
        let kind = if self.warning { "warning: " } else { "" };
        format!("{file_name}:{line}:{col}: {kind}{}\n{rendered}", self.message)
    }

    pub fn emit(&self, file_name: &str, src: &str) {
        eprint!("{}", self.render(file_name, src));
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let before = &src.as_bytes()[..pos.min(src.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}
