//! A component is recognised by its use: any `let` whose name is wired is a component, whatever
//! expression makes it (a helper `fn`, a builder chain, a path into another module); the
//! compiler checks that it is one.

use blocks::prelude::*;

mod widgets {
    pub use blocks::prelude::Textbox as Big;

    /// A component made by a function in another module.
    pub fn note(text: &str) -> blocks::prelude::Markdown {
        blocks::prelude::Markdown::new(text)
    }
}

fn labeled_box(label: &str) -> Textbox {
    Textbox::new().label(label)
}

#[blocks::app]
fn by_use() {
    let greeting = "Hello";
    let a = labeled_box("A");
    let chained = labeled_box("B").placeholder("a builder chain on a helper's result");
    let big = widgets::Big::new().label("Big");
    let typed: Number = Number::new();
    let note = widgets::note("");
    widgets::Big::new().label("an anonymous component from a module path");
    row(|| {
        let inner = labeled_box("Inside a row");
    });
    a.submit(move |a: String| format!("{greeting} {a}"), a, chained);
    big.change(|b: String| b.len() as f64, big, typed);
    inner.input(|s: String| s, inner, note);
}

fn main() {
    let app: App = by_use();
    for label in ["A", "B", "Big", "Inside a row"] {
        assert!(app.find::<Textbox>(label).is_some(), "{label} is added");
    }

    let expression_form: App = blocks::blocks! {
        let text = labeled_box("Echo");
        text.submit(|t: String| t, text, text).api_name("echo");
    };
    assert!(expression_form.dependency_by_api_name("echo").is_some());
}
