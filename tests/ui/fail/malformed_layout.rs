use blocks::prelude::*;

#[blocks::app]
fn demo() {
    row(Textbox::new());
    tab(|| {
        Markdown::new("no title");
    });
    let (left, right) = row(|| {});
    let Some(panel) = column(|| {}) else { return };
}

fn main() {}
