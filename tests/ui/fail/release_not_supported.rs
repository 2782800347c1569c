use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let level = Slider::new(0.0, 10.0);
    let name = Textbox::new();
    let shown = Textbox::new();
    level.release(|v: f64| v.to_string(), level, shown);
    name.release(|t: String| t, name, shown);
}

fn main() {}
