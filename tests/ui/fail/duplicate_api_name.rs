use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let text = Textbox::new();
    let out = Textbox::new();
    text.submit(|t: String| t, text, out).api_name("echo");
    text.change(|t: String| t, text, out).api_name("/echo");
}

fn main() {}
