//! How the parser sorts an app body's statements.

use super::*;
use syn::parse_quote;

/// Each statement in short (`component a`, `unwired let`, `unwired`, `event`, `rust`,
/// `row[…]`), and the number of errors.
fn read(block: syn::Block) -> (Vec<String>, usize) {
    let mut cx = Ctxt::new();
    let statements = body(block.stmts, &mut cx);
    let errors = cx.check().to_string().matches("compile_error").count();
    (summary(&statements), errors)
}

fn summary(statements: &[Statement]) -> Vec<String> {
    statements
        .iter()
        .map(|statement| match statement {
            Statement::Component(c) => format!("component {}", c.name),
            Statement::Unwired(UnwiredValue {
                binding: Some(_), ..
            }) => "unwired let".into(),
            Statement::Unwired(UnwiredValue { binding: None, .. }) => "unwired".into(),
            Statement::Layout(l) => {
                let name = l.binding.as_ref().map(|b| match &b.name {
                    Some(name) => format!("{name} = "),
                    None => "_ = ".to_owned(),
                });
                format!(
                    "{}{}{}[{}]",
                    name.unwrap_or_default(),
                    l.kind,
                    ".prop".repeat(l.props.len()),
                    summary(&l.body).join(", ")
                )
            }
            Statement::Event(_) => "event".into(),
            Statement::Unlowered(_) => "unlowered".into(),
            Statement::Rust(_) => "rust".into(),
        })
        .collect()
}

#[test]
fn a_let_is_a_component_when_its_name_is_wired_whatever_its_value() {
    let (statements, errors) = read(parse_quote!({
        let greeting = "hi";
        let a = labeled_box("A");
        let b = my_mod::Rating::new().label("B");
        let typed: Textbox = make();
        let never_wired = Textbox::new();
        a.click(h, (b, typed), a);
    }));
    assert_eq!(
        statements,
        [
            "rust",
            "component a",
            "component b",
            "component typed",
            "unwired let",
            "event"
        ]
    );
    assert_eq!(errors, 0);
}

#[test]
fn an_unwired_let_is_left_to_the_compiler_when_a_call_makes_its_value() {
    let (statements, errors) = read(parse_quote!({
        let title = Markdown::new("# Shop");
        let mut hint: Textbox = labeled_box("Hint");
        let _ = widgets::note("x");
        let cmd = std::process::Command::new("true");
        let greeting = "hi";
        let copy = title;
        let v = vec![1];
        let borrowed = &make();
        let kept = Some(&make());
        let (a, b) = pair();
        let Some(x) = maybe() else { return };
        let later;
    }));
    assert_eq!(
        statements,
        [
            "unwired let",
            "unwired let",
            "unwired let",
            "unwired let",
            "rust",
            "rust",
            "rust",
            "rust",
            "rust",
            "rust",
            "rust",
            "rust"
        ]
    );
    assert_eq!(errors, 0);
}

#[test]
fn a_name_declared_in_a_layout_block_is_wired_after_it() {
    let (statements, errors) = read(parse_quote!({
        row(|| {
            let inner = helper();
            let plain = 1;
            let shown = Markdown::new("x");
        });
        on([inner.change], h, inner, ());
    }));
    assert_eq!(
        statements,
        ["row[component inner, rust, unwired let]", "event"]
    );
    assert_eq!(errors, 0);
}

#[test]
fn a_let_names_a_layout_block_and_calls_after_it_are_its_props() {
    let (statements, errors) = read(parse_quote!({
        let panel = row(|| {
            let inner = Textbox::new();
        });
        let _ = column(|| {});
        let details: Handle<Accordion> = accordion("Details", || {}).open(false);
        tabs(|| {}).visible(false).elem_id("t");
        let (a, b) = group(|| {});
        let Some(c) = tab("T", || {}) else { return };
        let d = row(Textbox::new());
        go.click(h, inner, (panel, details));
    }));
    assert_eq!(
        statements,
        [
            "panel = row[component inner]",
            "_ = column[]",
            "details = accordion.prop[]",
            "tabs.prop.prop[]",
            "event"
        ]
    );
    assert_eq!(errors, 3, "a pattern, an `else`, a malformed block");
}

#[test]
fn an_expression_statement_made_by_a_call_is_left_to_the_compiler() {
    let (statements, errors) = read(parse_quote!({
        Markdown::new("x");
        widgets::Note::new().visible(false);
        State::<u32>::new(0);
        note("x");
        Command::new("ls").status();
        <T as Default>::default();
        println!("x");
        Some(1);
        x += 1;
    }));
    assert_eq!(
        statements,
        [
            "unwired", "unwired", "unwired", "unwired", "unwired", "unwired", "rust", "rust",
            "rust"
        ]
    );
    assert_eq!(errors, 0);
}

#[test]
fn a_wired_let_that_cannot_be_a_component_is_reported_once() {
    let (statements, errors) = read(parse_quote!({
        let (a, b) = (Textbox::new(), Textbox::new());
        let c;
        a.click(h, (b, c), ());
    }));
    assert_eq!(statements, ["unlowered", "unlowered", "event"]);
    assert_eq!(errors, 2);
}

#[test]
fn a_three_argument_call_on_a_bound_name_is_a_misspelt_event() {
    let (statements, errors) = read(parse_quote!({
        let name = Textbox::new();
        let out = Textbox::new();
        name.hover(h, name, out);
        let v = Vec::new();
        v.push(1);
        unbound.hover(h, a, b);
    }));
    assert_eq!(
        statements,
        [
            "component name",
            "component out",
            "event",
            "unwired let",
            "unwired",
            "unwired"
        ]
    );
    assert_eq!(errors, 0);
}
