use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let name = Textbox::new();
    let greet = Button::new("Greet");
    greet.click(|n: String| n, nmae, name);
}

fn main() {}
