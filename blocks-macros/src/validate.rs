//! Validation: the checks the macro can make on names alone. Types are left to rustc, which
//! sees the generated calls with the user's spans.

use std::collections::HashMap;

use syn::{Expr, Ident, Stmt};

use crate::parse::{Chained, EventDecl, Names, Statement, TriggerSpec, EVENTS, PSEUDO_INPUTS};

/// Collects every error of one macro call, so the user sees all of them at once.
#[derive(Default)]
pub(crate) struct Errors(Vec<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, err: syn::Error) {
        self.0.push(err);
    }

    pub(crate) fn extend(&mut self, errs: Vec<syn::Error>) {
        self.0.extend(errs);
    }

    pub(crate) fn into_compile_errors(self) -> proc_macro2::TokenStream {
        self.0.into_iter().map(|e| e.to_compile_error()).collect()
    }
}

/// Declared components: name → (position in declaration order, the type name).
struct Declarations {
    order: HashMap<String, (usize, Ident)>,
}

/// Checks names; returns, for each event statement (in walk order), whether it is valid.
pub(crate) fn check(statements: &[Statement], errors: &mut Errors) -> Vec<bool> {
    let mut declarations = Declarations {
        order: HashMap::new(),
    };
    let mut counter = 0;
    declare(statements, &mut declarations, &mut counter, errors);
    let mut position = 0;
    let mut valid = Vec::new();
    uses(statements, &declarations, &mut position, &mut valid, errors);
    valid
}

fn declare(
    statements: &[Statement],
    declarations: &mut Declarations,
    counter: &mut usize,
    errors: &mut Errors,
) {
    for statement in statements {
        match statement {
            Statement::Component(c) => {
                *counter += 1;
                if let Some(name) = &c.name {
                    match declarations.order.entry(name.to_string()) {
                        std::collections::hash_map::Entry::Occupied(_) => {
                            errors.push(syn::Error::new_spanned(
                                name,
                                format!(
                                    "`{name}` is declared twice; give each component its own name"
                                ),
                            ))
                        }
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert((*counter, c.kind.clone()));
                        }
                    }
                }
            }
            Statement::Layout(layout) => declare(&layout.body, declarations, counter, errors),
            Statement::Event(_) | Statement::Rust(_) => *counter += 1,
        }
    }
}

fn uses(
    statements: &[Statement],
    declarations: &Declarations,
    position: &mut usize,
    valid: &mut Vec<bool>,
    errors: &mut Errors,
) {
    for statement in statements {
        match statement {
            Statement::Component(_) => *position += 1,
            Statement::Layout(layout) => uses(&layout.body, declarations, position, valid, errors),
            Statement::Event(event) => {
                *position += 1;
                let before = errors.0.len();
                check_event(event, declarations, *position, errors);
                valid.push(errors.0.len() == before);
            }
            Statement::Rust(stmt) => {
                *position += 1;
                check_rust(stmt, declarations, errors);
            }
        }
    }
}

fn check_name(name: &Ident, declarations: &Declarations, at: usize, errors: &mut Errors) {
    match declarations.order.get(&name.to_string()) {
        Some((declared, _)) if *declared < at => {}
        Some(_) => errors.push(syn::Error::new_spanned(
            name,
            format!("`{name}` is used before its declaration; declare components before the events that use them"),
        )),
        None => errors.push(syn::Error::new_spanned(
            name,
            format!(
                "unknown component `{name}`; declare it in this app first, e.g. `let {name} = Textbox::new();`"
            ),
        )),
    }
}

fn check_names(
    names: &Names,
    inputs: bool,
    declarations: &Declarations,
    at: usize,
    errors: &mut Errors,
) {
    for name in &names.names {
        let text = name.to_string();
        let declared = declarations.order.contains_key(&text);
        if PSEUDO_INPUTS.contains(&text.as_str()) && !declared {
            if !inputs {
                errors.push(syn::Error::new_spanned(
                    name,
                    format!("`{text}` is a pseudo-input; it cannot be an output"),
                ));
            }
            continue;
        }
        check_name(name, declarations, at, errors);
    }
}

fn check_event(event: &EventDecl, declarations: &Declarations, at: usize, errors: &mut Errors) {
    match &event.trigger {
        TriggerSpec::Component { name, .. } => check_name(name, declarations, at, errors),
        TriggerSpec::Page(_) => {}
        TriggerSpec::Many(triggers) => {
            for (name, _) in triggers {
                check_name(name, declarations, at, errors);
            }
        }
    }
    check_names(&event.wiring.inputs, true, declarations, at, errors);
    check_names(&event.wiring.outputs, false, declarations, at, errors);
    for chained in &event.chain {
        if let Chained::Event { wiring, .. } = chained {
            check_names(&wiring.inputs, true, declarations, at, errors);
            check_names(&wiring.outputs, false, declarations, at, errors);
        }
    }
}

/// A plain-Rust statement calling a three-argument method on a component is a misspelled event.
fn check_rust(stmt: &Stmt, declarations: &Declarations, errors: &mut Errors) {
    let Stmt::Expr(Expr::MethodCall(call), _) = stmt else {
        return;
    };
    let Expr::Path(receiver) = &*call.receiver else {
        return;
    };
    let Some(name) = receiver.path.get_ident() else {
        return;
    };
    if call.args.len() == 3 && declarations.order.contains_key(&name.to_string()) {
        errors.push(syn::Error::new_spanned(
            &call.method,
            format!(
                "`{}` is not an event; events are {}",
                call.method,
                EVENTS.join(", ")
            ),
        ));
    }
}
