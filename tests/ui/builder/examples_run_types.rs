// The builder API: Examples run a handler that takes the example inputs' values.
use blocks::prelude::*;

fn main() {
    let mut app = Blocks::new();
    let name = app.add(Textbox::new());
    let out = app.add(Textbox::new());
    app.render(Examples::new(name, ["Ada".to_owned()]).run(|n: f64| n.to_string(), out));
}
