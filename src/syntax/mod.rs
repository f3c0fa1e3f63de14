pub mod ast;
pub mod lexer;
pub mod parse;
pub mod token;
pub mod walk;
