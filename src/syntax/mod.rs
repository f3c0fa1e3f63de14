pub mod ast;
pub mod lexer;
pub mod nesting;
pub mod parse;
pub mod token;
pub mod walk;
