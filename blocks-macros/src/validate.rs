//! Validation: the checks the macro can make on names alone, and the context that collects the
//! errors of every phase. Types are left to rustc, which sees the generated calls with the
//! user's spans.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use syn::Ident;

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
}

/// Checks names; marks each event whose names do not all resolve as invalid.
pub(crate) fn check(statements: &mut [Statement], cx: &mut Ctxt) {
    let mut declarations = HashMap::new();
    let mut counter = 0;
    declare(statements, &mut declarations, &mut counter, cx);
    let mut position = 0;
    uses(statements, &declarations, &mut position, cx);
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
                declare_name(&c.name, true, *counter, declarations, cx);
            }
            Statement::Unlowered(l) => {
                *counter += 1;
                for name in &l.names {
                    declare_name(name, false, *counter, declarations, cx);
                }
            }
            Statement::Layout(layout) => declare(&layout.body, declarations, counter, cx),
            Statement::Unwired(_) | Statement::Event(_) | Statement::Rust(_) => *counter += 1,
        }
    }
}

fn declare_name(
    name: &Ident,
    lowered: bool,
    at: usize,
    declarations: &mut HashMap<String, Declaration>,
    cx: &mut Ctxt,
) {
    match declarations.entry(name.to_string()) {
        Entry::Occupied(_) => cx.error(syn::Error::new_spanned(
            name,
            format!("`{name}` is declared twice; give each component its own name"),
        )),
        Entry::Vacant(slot) => {
            slot.insert(Declaration { at, lowered });
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
            Statement::Layout(layout) => uses(&mut layout.body, declarations, position, cx),
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
    }
    valid
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
