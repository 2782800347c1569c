// `.cancels(..)` takes events bound with `let`: a component is reported at its name.
use blocks::prelude::*;

#[blocks::app]
fn app() {
    let go = Button::new("Go");
    let stop = Button::new("Stop");
    let out = Number::new();
    go.click(|| 1.0, (), out);
    stop.click(|| (), (), ()).cancels(go);
}

fn main() {}
