pub mod modules;
pub mod resolve;
