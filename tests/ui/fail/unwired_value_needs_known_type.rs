use blocks::prelude::*;

fn show(ids: Vec<u32>) -> String {
    format!("{ids:?}")
}

#[blocks::app]
fn demo() {
    // The compiler must know the type where the value is made, to tell a component from plain
    // Rust: `let ids: Vec<u32> = …` fixes it.
    let ids = (1..4).collect();
    Markdown::new(show(ids));
}

fn main() {}
