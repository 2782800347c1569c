//! Validation: the checks the macro can make on names alone, and the context that collects the
//! errors of every phase. Types are left to rustc, which sees the generated calls with the
//! user's spans.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use syn::{Expr, ExprLit, Ident, Lit, LitStr};

use crate::parse::{Chained, EventDecl, Names, Statement, TriggerSpec, EVENTS, PSEUDO_INPUTS};

/// Collects every error of one macro call (parsing, validation), so the user sees all of them
/// at once. It must be [`Ctxt::check`]ed: dropping it unchecked is a bug in the macro.
pub(crate) struct Ctxt {
    errors: Option<Vec<syn::Error>>,
}

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt {
            errors: Some(Vec::new()),
        }
    }

    pub(crate) fn error(&mut self, err: syn::Error) {
        if let Some(errors) = &mut self.errors {
            errors.push(err);
        }
    }

    /// The errors, as `compile_error!` invocations to emit beside the expansion.
    pub(crate) fn check(mut self) -> proc_macro2::TokenStream {
        self.errors
            .take()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.to_compile_error())
            .collect()
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if self.errors.is_some() && !std::thread::panicking() {
            panic!("blocks-macros: an error context was dropped without being checked");
        }
    }
}

/// A declared name.
struct Declaration {
    /// Position in walk order; a use must come after it.
    at: usize,
    /// Whether it became a component (a `let` with a pattern did not, and was reported).
    lowered: bool,
    /// The keyword of the layout block it names (`let panel = row(…)`): it has no value.
    layout: Option<Ident>,
}

/// Checks names; marks each event whose names do not all resolve as invalid.
pub(crate) fn check(statements: &mut [Statement], cx: &mut Ctxt) {
    let mut declarations = HashMap::new();
    let mut counter = 0;
    declare(statements, &mut declarations, &mut counter, cx);
    let mut position = 0;
    uses(statements, &declarations, &mut position, cx);
    let mut api_names = HashMap::new();
    api_names_of(statements, &mut api_names, cx);
}

fn declare(
    statements: &[Statement],
    declarations: &mut HashMap<String, Declaration>,
    counter: &mut usize,
    cx: &mut Ctxt,
) {
    for statement in statements {
        match statement {
            Statement::Component(c) => {
                *counter += 1;
                declare_name(&c.name, Declaration::new(*counter, true), declarations, cx);
            }
            Statement::Unlowered(l) => {
                *counter += 1;
                for name in &l.names {
                    declare_name(name, Declaration::new(*counter, false), declarations, cx);
                }
            }
            // The block's handle is bound before its body, which may use it.
            Statement::Layout(layout) => {
                *counter += 1;
                if let Some(name) = layout.binding.as_ref().and_then(|b| b.name.as_ref()) {
                    let declaration = Declaration {
                        layout: Some(layout.kind.clone()),
                        ..Declaration::new(*counter, true)
                    };
                    declare_name(name, declaration, declarations, cx);
                }
                declare(&layout.body, declarations, counter, cx);
            }
            Statement::Unwired(_) | Statement::Event(_) | Statement::Rust(_) => *counter += 1,
        }
    }
}

impl Declaration {
    fn new(at: usize, lowered: bool) -> Self {
        Declaration {
            at,
            lowered,
            layout: None,
        }
    }
}

fn declare_name(
    name: &Ident,
    declaration: Declaration,
    declarations: &mut HashMap<String, Declaration>,
    cx: &mut Ctxt,
) {
    match declarations.entry(name.to_string()) {
        Entry::Occupied(_) => cx.error(syn::Error::new_spanned(
            name,
            format!("`{name}` is declared twice; give each component its own name"),
        )),
        Entry::Vacant(slot) => {
            slot.insert(declaration);
        }
    }
}

fn uses(
    statements: &mut [Statement],
    declarations: &HashMap<String, Declaration>,
    position: &mut usize,
    cx: &mut Ctxt,
) {
    for statement in statements {
        match statement {
            Statement::Layout(layout) => {
                *position += 1;
                uses(&mut layout.body, declarations, position, cx);
            }
            Statement::Event(event) => {
                *position += 1;
                event.valid = check_event(event, declarations, *position, cx);
            }
            Statement::Component(_)
            | Statement::Unwired(_)
            | Statement::Unlowered(_)
            | Statement::Rust(_) => {
                *position += 1;
            }
        }
    }
}

/// Whether `name` is a component declared before `at`; reports it when not.
fn check_name(
    name: &Ident,
    declarations: &HashMap<String, Declaration>,
    at: usize,
    cx: &mut Ctxt,
) -> bool {
    match declarations.get(&name.to_string()) {
        // Its declaration was reported already.
        Some(declaration) if declaration.at < at => declaration.lowered,
        Some(_) => {
            cx.error(syn::Error::new_spanned(
                name,
                format!("`{name}` is used before its declaration; declare components before the events that use them"),
            ));
            false
        }
        None => {
            cx.error(syn::Error::new_spanned(
                name,
                format!(
                    "unknown component `{name}`; declare it in this app first, e.g. `let {name} = Textbox::new();`"
                ),
            ));
            false
        }
    }
}

fn check_names(
    names: &Names,
    inputs: bool,
    declarations: &HashMap<String, Declaration>,
    at: usize,
    cx: &mut Ctxt,
) -> bool {
    let mut valid = true;
    for name in &names.names {
        let text = name.to_string();
        if PSEUDO_INPUTS.contains(&text.as_str()) && !declarations.contains_key(&text) {
            if !inputs {
                cx.error(syn::Error::new_spanned(
                    name,
                    format!("`{text}` is a pseudo-input; it cannot be an output"),
                ));
                valid = false;
            }
            continue;
        }
        valid &= check_name(name, declarations, at, cx);
        if inputs {
            valid &= not_a_layout(name, declarations, cx);
        }
    }
    valid
}

/// Whether an input is not a layout block's handle, which has no value; reports it when it is.
fn not_a_layout(name: &Ident, declarations: &HashMap<String, Declaration>, cx: &mut Ctxt) -> bool {
    let Some(kind) = declarations
        .get(&name.to_string())
        .and_then(|d| d.layout.as_ref())
    else {
        return true;
    };
    let ty = crate::layout::type_name(kind);
    let update = match ty {
        "Accordion" => "open(true)",
        "Tabs" => "selected(\"id\")",
        _ => "visible(true)",
    };
    cx.error(syn::Error::new_spanned(
        name,
        format!(
            "`{name}` is a layout block (`{kind}`), which has no value: it cannot be an input; \
             it can be an output of its prop updates, such as `{ty}::update().{update}`"
        ),
    ));
    false
}

fn check_event(
    event: &EventDecl,
    declarations: &HashMap<String, Declaration>,
    at: usize,
    cx: &mut Ctxt,
) -> bool {
    let mut valid = true;
    match &event.trigger {
        TriggerSpec::Component { name, event } => {
            if !EVENTS.contains(&event.to_string().as_str()) {
                cx.error(syn::Error::new_spanned(
                    event,
                    format!(
                        "`{event}` is not an event; events are {}",
                        EVENTS.join(", ")
                    ),
                ));
                valid = false;
            }
            valid &= check_name(name, declarations, at, cx);
        }
        TriggerSpec::Page(_) => {}
        TriggerSpec::Many(triggers) => {
            for (name, _) in triggers {
                valid &= check_name(name, declarations, at, cx);
            }
        }
    }
    valid &= check_names(&event.wiring.inputs, true, declarations, at, cx);
    valid &= check_names(&event.wiring.outputs, false, declarations, at, cx);
    for chained in &event.chain {
        if let Chained::Event { wiring, .. } = chained {
            valid &= check_names(&wiring.inputs, true, declarations, at, cx);
            valid &= check_names(&wiring.outputs, false, declarations, at, cx);
        }
    }
    valid
}

/// Checks the `.api_name("…")` literals: each valid, and no two alike (after the leading `/`
/// Gradio accepts). A name computed at run time is left to `Blocks::try_build`, which checks
/// the same rule (blocks-runtime/src/app/api_name.rs).
fn api_names_of(statements: &[Statement], seen: &mut HashMap<String, String>, cx: &mut Ctxt) {
    for statement in statements {
        match statement {
            Statement::Layout(layout) => api_names_of(&layout.body, seen, cx),
            Statement::Event(event) => {
                let root = event_label(&event.trigger);
                let mut which = format!("`{root}`");
                for chained in &event.chain {
                    match chained {
                        Chained::Event { how, .. } => which = format!("`.{how}` after `{root}`"),
                        Chained::Option { method, args } if method == "api_name" => {
                            if let [Expr::Lit(ExprLit {
                                lit: Lit::Str(lit), ..
                            })] = args.as_slice()
                            {
                                api_name(lit, &which, seen, cx);
                            }
                        }
                        Chained::Option { .. } => {}
                    }
                }
            }
            Statement::Component(_)
            | Statement::Unwired(_)
            | Statement::Unlowered(_)
            | Statement::Rust(_) => {}
        }
    }
}

fn api_name(lit: &LitStr, which: &str, seen: &mut HashMap<String, String>, cx: &mut Ctxt) {
    let value = lit.value();
    let name = value.strip_prefix('/').unwrap_or(&value);
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        cx.error(syn::Error::new_spanned(
            lit,
            format!(
                "api_name `{value}` is not valid: after an optional leading `/`, it must be \
                 non-empty and use only ASCII letters, digits, `_` and `-`"
            ),
        ));
        return;
    }
    match seen.entry(name.to_owned()) {
        Entry::Occupied(first) => cx.error(syn::Error::new_spanned(
            lit,
            format!(
                "api_name `{name}` is already used by the event at {}; api names must be unique",
                first.get()
            ),
        )),
        Entry::Vacant(slot) => {
            slot.insert(which.to_owned());
        }
    }
}

/// How an error names an event: its trigger as written, `a.click` or `load`. (Not its line:
/// `proc_macro::Span::line` is newer than the MSRV.)
fn event_label(trigger: &TriggerSpec) -> String {
    match trigger {
        TriggerSpec::Component { name, event } => format!("{name}.{event}"),
        TriggerSpec::Page(which) => which.to_string(),
        TriggerSpec::Many(triggers) => {
            let list: Vec<String> = triggers.iter().map(|(n, e)| format!("{n}.{e}")).collect();
            format!("on([{}])", list.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    /// The errors `check` reports on an app body.
    fn errors(block: syn::Block) -> String {
        let mut cx = Ctxt::new();
        let mut statements = crate::parse::body(block.stmts, &mut cx);
        check(&mut statements, &mut cx);
        cx.check().to_string()
    }

    #[test]
    fn api_name_literals_are_unique_across_chains_and_layout_blocks() {
        let report = errors(parse_quote!({
            let a = Textbox::new();
            a.submit(f, a, a)
                .api_name("one")
                .then(g, a, a)
                .api_name("two");
            row(|| {
                a.change(f, a, a).api_name("/two");
            });
        }));
        assert_eq!(report.matches("compile_error").count(), 1, "{report}");
        assert!(
            report.contains(
                "api_name `two` is already used by the event at `.then` after `a.submit`"
            ),
            "{report}"
        );
    }

    #[test]
    fn api_names_computed_at_run_time_are_left_to_the_builder() {
        let report = errors(parse_quote!({
            let a = Textbox::new();
            a.submit(f, a, a).api_name(NAME);
            a.change(f, a, a).api_name(NAME);
        }));
        assert!(report.is_empty(), "{report}");
    }
}
