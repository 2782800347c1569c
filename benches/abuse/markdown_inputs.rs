//! The Markdown section's inputs: hostile documents of a given size, and an honest one.

/// Makes an input of the given size in bytes.
pub(crate) type Generator = fn(usize) -> String;

/// `unit` repeated up to `size` bytes, then cut or padded with newlines to exactly `size`.
fn repeat_to(unit: &str, size: usize) -> String {
    let mut text = unit.repeat(size / unit.len() + 1);
    fit(&mut text, size);
    text
}

fn fit(text: &mut String, size: usize) {
    text.truncate(size);
    while text.len() < size {
        text.push('\n');
    }
}

pub(crate) fn blockquotes(size: usize) -> String {
    repeat_to(&format!("{} deep\n", ">".repeat(1_000)), size)
}

pub(crate) fn divs(size: usize) -> String {
    let n = size / 11;
    let mut text = format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
    fit(&mut text, size);
    text
}

pub(crate) fn dash_lists(size: usize) -> String {
    repeat_to(&format!("{}item\n", "- ".repeat(500)), size)
}

pub(crate) fn indented_lists(size: usize) -> String {
    let staircase: String = (0..200)
        .map(|depth| format!("{}- item {depth}\n", "  ".repeat(depth)))
        .collect();
    repeat_to(&staircase, size)
}

pub(crate) fn big_table(size: usize) -> String {
    let columns = 20;
    let mut text = String::new();
    for c in 0..columns {
        text.push_str(&format!("| head {c} "));
    }
    text.push_str("|\n");
    text.push_str(&"|---".repeat(columns));
    text.push_str("|\n");
    let row: String = (0..columns)
        .map(|c| format!("| cell *{c}* "))
        .chain(std::iter::once("|\n".to_owned()))
        .collect();
    while text.len() < size {
        text.push_str(&row);
    }
    fit(&mut text, size);
    text
}

pub(crate) fn wide_table(size: usize) -> String {
    let columns = 5_000;
    let mut text = format!("{}|\n{}|\n", "|h".repeat(columns), "|-".repeat(columns));
    text.push_str(&"|x\n".repeat(size / 3));
    fit(&mut text, size);
    text
}

pub(crate) fn bracket_runs(size: usize) -> String {
    "[".repeat(size)
}

pub(crate) fn link_openers(size: usize) -> String {
    repeat_to("[a](", size)
}

pub(crate) fn honest(size: usize) -> String {
    let section = "\
## Installing

Add the crate to `Cargo.toml`, then run **cargo build**. See the [guide](https://example.com/guide)
for details, or read the *changelog* before you upgrade.

- Typed handlers, checked by the compiler
- A queue with [progress](#progress) and cancellation
  - nested item with `code`
- ~~Old API~~ removed

1. First step
2. Second step

> A quote from a user, with **emphasis** and a [link](https://example.com).

```rust
fn echo(text: String) -> String {
    text
}
```

| option | default | meaning |
|---|---|---|
| port | 7860 | where to listen |
| workers | cores | threads |

";
    repeat_to(section, size)
}
