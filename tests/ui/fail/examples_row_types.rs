// Examples in the macro: each row is one value per input, of the input's value type.
use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let name = Textbox::new();
    let times = Number::new();
    name.submit(|n: String, t: f64| format!("{n}{t}"), (name, times), name);
    Examples::new((name, times), [(2.0, "Ada".to_owned())]);
}

fn main() {}
