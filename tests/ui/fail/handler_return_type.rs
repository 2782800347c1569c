use blocks::prelude::*;

fn count(items: Vec<String>) -> Vec<String> {
    items
}

#[blocks::app]
fn demo() {
    let items = CheckboxGroup::new(["a", "b"]);
    let size = Number::new();
    let go = Button::new("Go");
    go.click(count, items, size);
}

fn main() {}
