use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let (first, last) = (Textbox::new(), Textbox::new());
    let out = Textbox::new();
    let go = Button::new("Go");
    go.click(|f: String, l: String| f + &l, (first, last), out);
    go.click(|| String::new(), (), out);
}

fn main() {}
