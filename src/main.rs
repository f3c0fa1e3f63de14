mod diagnostics;
mod sema;
mod syntax;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let src = std::fs::read_to_string(&path).unwrap_or_default();
    match syntax::parse::parse_chunk(&src) {
        Ok(mut c) => {
            if let Err(d) = sema::resolve::resolve(&mut c, &src) {
                d.emit(&path, &src);
            }
        }
        Err(d) => d.emit(&path, &src),
    }
}
