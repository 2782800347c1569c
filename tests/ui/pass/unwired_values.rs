//! A value made by a call that nothing wires goes on the page when its type is a component and
//! stays plain Rust otherwise; the compiler decides, from the value's type.

use blocks::prelude::*;

fn labeled_box(label: &str) -> Textbox {
    Textbox::new().label(label)
}

fn count_words(text: String) -> f64 {
    text.split_whitespace().count() as f64
}

#[blocks::app]
fn shop() {
    // Components, shown though never wired.
    let title = Markdown::new("# Shop");
    let hint = labeled_box("Hint");
    let typed: Textbox = labeled_box("Typed");
    let mut _kept = Markdown::new("kept mutable");
    let ref by_ref = labeled_box("By ref");
    row(|| {
        let in_row = Markdown::new("In the row");
        let text = Textbox::new().label("Text");
    });
    Markdown::new("anonymous");
    labeled_box("made by a helper, anonymous");

    // Plain Rust, passed through.
    let greeting = "hi";
    let v: Vec<u32> = Vec::new();
    let mut words = Vec::new();
    words.push(greeting.to_string());
    let cmd = std::process::Command::new("true");
    let parsed: u32 = "7".parse().unwrap_or_default();
    let total = v.len() as u32 + parsed + words.len() as u32;
    let kept_alive = Some(&String::from("a borrowed temporary"));
    let program = cmd.get_program().to_owned();
    std::process::Command::new("true").arg("--help");

    let words_out = Number::new().label("Words");
    text.change(count_words, text, words_out);

    // The unwired names are handles, usable as such.
    let _: (Handle<Markdown>, Handle<Textbox>, Handle<Textbox>) = (title, hint, typed);
    let _: (Handle<Markdown>, u32, Option<&String>) = (in_row, total, kept_alive);
    let _: &Handle<Textbox> = by_ref;
    let _ = program;
}

fn main() {
    let app: App = shop();
    for label in [
        "Hint",
        "By ref",
        "Typed",
        "Text",
        "Words",
        "made by a helper, anonymous",
    ] {
        assert!(app.find::<Textbox>(label).is_some() || app.find::<Number>(label).is_some());
    }

    let expression_form: App = blocks::blocks! {
        let _note = Markdown::new("shown");
        let n = "3".len();
        Number::new().value(n as f64);
    };
    let components = expression_form.config()["components"]
        .as_array()
        .map(Vec::len);
    assert_eq!(components, Some(2), "the Markdown and the Number, not `n`");
}
