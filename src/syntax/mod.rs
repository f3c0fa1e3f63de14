pub mod ast;
pub mod lexer;
pub mod parse;
pub mod token;
