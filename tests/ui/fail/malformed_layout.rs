use blocks::prelude::*;

#[blocks::app]
fn demo() {
    row(Textbox::new());
    tab(|| {
        Markdown::new("no title");
    });
}

fn main() {}
