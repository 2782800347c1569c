//! Parsing: the body's Rust statements into the IR of components, layout blocks, events,
//! unwired values and plain Rust. A `let` whose name is wired to an event declares a component;
//! a value made by a call that nothing wires is left for the compiler to tell apart.

use std::collections::HashSet;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, ExprMethodCall, Ident, Stmt};

pub(crate) use crate::ir::*;
use crate::layout;
use crate::validate::Ctxt;
use crate::wiring::{by_use, let_names, misspelt_events, wired_names};

/// Event method names: `x.click(handler, inputs, outputs)`.
pub(crate) const EVENTS: &[&str] = &[
    "click", "change", "input", "submit", "select", "blur", "focus", "tick", "release", "upload",
];

/// Options that may follow an event: `.api_name("x")`.
pub(crate) const OPTIONS: &[&str] = &[
    "api_name",
    "api_visibility",
    "concurrency_limit",
    "trigger_mode",
    "show_progress",
    "queue",
    "description",
    "cancels",
];

/// Pseudo-inputs: `request`, `progress`, `select_data` (what a `select` event selected).
pub(crate) const PSEUDO_INPUTS: &[&str] = &["request", "progress", "select_data"];

/// Parses the app body. Statements are read one by one; then a `let` becomes a component
/// declaration when its name is wired anywhere in the app (as a trigger, an input or an output),
/// whatever its value: the expansion adds that value with `Blocks::add`, so the compiler checks
/// that it is a component. A value made by a call that nothing wires (a `let` or an expression
/// statement) becomes an [`UnwiredValue`], which the compiler sorts by its type. Every other
/// statement stays plain Rust.
pub(crate) fn body(stmts: Vec<Stmt>, cx: &mut Ctxt) -> Vec<Statement> {
    let statements = statements(stmts, cx);
    let mut bound = HashSet::new();
    let_names(&statements, &mut bound);
    let statements = misspelt_events(statements, &bound);
    let mut wired = HashSet::new();
    wired_names(&statements, &mut wired);
    by_use(statements, &wired, cx)
}

/// Parses every statement, collecting errors; a statement with an error is left out.
pub(crate) fn statements(stmts: Vec<Stmt>, cx: &mut Ctxt) -> Vec<Statement> {
    stmts
        .into_iter()
        .filter_map(|stmt| statement(stmt, cx))
        .collect()
}

fn statement(stmt: Stmt, cx: &mut Ctxt) -> Option<Statement> {
    let stmt = match layout::statement(stmt, cx) {
        layout::Read::Layout(block) => return Some(Statement::Layout(block)),
        layout::Read::Reported => return None,
        layout::Read::Other(stmt) => stmt,
    };
    match stmt {
        Stmt::Expr(expr, Some(semi)) => expr_statement(expr, semi, cx),
        Stmt::Local(local) => bound_event(local, cx),
        other => Some(Statement::Rust(Box::new(other))),
    }
}

/// `let name = x.click(…)…;`: an event bound to a name (for `.cancels(name)`); any other `let`
/// is left for the wiring analysis.
fn bound_event(local: syn::Local, cx: &mut Ctxt) -> Option<Statement> {
    let event_init = match (&local.pat, &local.init) {
        (syn::Pat::Ident(p), Some(init))
            if init.diverge.is_none() && p.by_ref.is_none() && p.subpat.is_none() =>
        {
            Some((p.ident.clone(), &init.expr))
        }
        _ => None,
    };
    let Some((name, expr)) = event_init else {
        return Some(Statement::Rust(Box::new(Stmt::Local(local))));
    };
    match event(expr) {
        Ok(Some(mut event)) => {
            event.binding = Some(name);
            Some(Statement::Event(event))
        }
        Ok(None) => Some(Statement::Rust(Box::new(Stmt::Local(local)))),
        Err(err) => {
            cx.error(err);
            None
        }
    }
}

fn expr_statement(expr: Expr, semi: syn::token::Semi, cx: &mut Ctxt) -> Option<Statement> {
    match event(&expr) {
        Ok(Some(event)) => Some(Statement::Event(event)),
        Ok(None) => Some(Statement::Rust(Box::new(Stmt::Expr(expr, Some(semi))))),
        Err(err) => {
            cx.error(err);
            None
        }
    }
}

/// Whether a value is made by a call: a method call (`Textbox::new().label("A")`) or a call of a
/// function (`Markdown::new("…")`, `labeled_box("A")`). Only such a value may be a component the
/// macro has not seen wired: a literal, a path, a macro, a borrow or a block stays plain Rust
/// untouched. So does a call of a capitalised path, a tuple struct or variant (`Some(&x())`),
/// because a plain `let` keeps its borrowed arguments alive and a rewritten one could not.
pub(crate) fn is_made_by_call(expr: &Expr) -> bool {
    match expr {
        Expr::MethodCall(_) => true,
        Expr::Call(call) => match &*call.func {
            Expr::Path(path) => path.path.segments.last().is_none_or(|last| {
                !last
                    .ident
                    .to_string()
                    .starts_with(|c: char| c.is_uppercase())
            }),
            _ => true,
        },
        Expr::Group(group) => is_made_by_call(&group.expr),
        _ => false,
    }
}

/// The function name of a call to a plain identifier: `row(…)` → `row`.
pub(crate) fn call_name(call: &ExprCall) -> Option<Ident> {
    match &*call.func {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().cloned(),
        _ => None,
    }
}

/// A plain identifier expression: `name`.
pub(crate) fn plain_ident(expr: &Expr) -> Option<Ident> {
    match expr {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().cloned(),
        _ => None,
    }
}

/// Parses an event statement with its chain, or `None` when the expression is not one.
pub(crate) fn event(expr: &Expr) -> syn::Result<Option<EventDecl>> {
    // Unwind `root.a(..).b(..)` into the root and the calls after it.
    let mut calls: Vec<&ExprMethodCall> = Vec::new();
    let mut cursor = expr;
    let root = loop {
        match cursor {
            Expr::MethodCall(m) => {
                if let Expr::Path(p) = &*m.receiver {
                    if p.path.get_ident().is_some() {
                        break Root::Method(m);
                    }
                }
                calls.push(m);
                cursor = &m.receiver;
            }
            Expr::Call(call) => match call_name(call) {
                Some(name) if matches!(name.to_string().as_str(), "load" | "unload" | "on") => {
                    break Root::Call(name, call)
                }
                _ => return Ok(None),
            },
            _ => return Ok(None),
        }
    };
    calls.reverse();

    let (trigger, wiring) = match root {
        Root::Method(m) => {
            let Expr::Path(p) = &*m.receiver else {
                return Ok(None);
            };
            let Some(name) = p.path.get_ident().cloned() else {
                return Ok(None);
            };
            if !EVENTS.contains(&m.method.to_string().as_str()) {
                return Ok(None);
            }
            let args: Vec<&Expr> = m.args.iter().collect();
            let wiring = parse_wiring(&args, m.paren_token.span.join(), &m.method)?;
            (
                TriggerSpec::Component {
                    name,
                    event: m.method.clone(),
                },
                wiring,
            )
        }
        Root::Call(name, call) => {
            let args: Vec<&Expr> = call.args.iter().collect();
            if name == "on" {
                let Some((first, rest)) = args.split_first() else {
                    return Err(syn::Error::new(
                        call.paren_token.span.join(),
                        "write `on([a.change, b.change], handler, inputs, outputs)`",
                    ));
                };
                let triggers = trigger_list(first)?;
                let wiring = parse_wiring(rest, call.paren_token.span.join(), &name)?;
                (TriggerSpec::Many(triggers), wiring)
            } else {
                let wiring = parse_wiring(&args, call.paren_token.span.join(), &name)?;
                (TriggerSpec::Page(name), wiring)
            }
        }
    };

    let mut chain = Vec::new();
    for call in calls {
        let method = call.method.to_string();
        if matches!(method.as_str(), "then" | "success" | "failure") {
            let args: Vec<&Expr> = call.args.iter().collect();
            let wiring = parse_wiring(&args, call.paren_token.span.join(), &call.method)?;
            chain.push(Chained::Event {
                how: call.method.clone(),
                wiring: Box::new(wiring),
            });
        } else if OPTIONS.contains(&method.as_str()) {
            chain.push(Chained::Option {
                method: call.method.clone(),
                args: call.args.iter().cloned().collect(),
            });
        } else {
            return Err(syn::Error::new_spanned(
                &call.method,
                format!(
                    "`.{method}` cannot follow an event; use one of {}, or chain `.then`, `.success`, `.failure`",
                    OPTIONS.join(", ")
                ),
            ));
        }
    }
    Ok(Some(EventDecl {
        binding: None,
        trigger,
        wiring,
        chain,
        valid: true,
    }))
}

enum Root<'a> {
    Method(&'a ExprMethodCall),
    Call(Ident, &'a ExprCall),
}

pub(crate) fn parse_wiring(args: &[&Expr], span: Span, what: &Ident) -> syn::Result<Wiring> {
    match args {
        [handler, inputs, outputs] => Ok(Wiring {
            handler: (*handler).clone(),
            inputs: names(inputs)?,
            outputs: names(outputs)?,
        }),
        _ => Err(syn::Error::new(
            span,
            format!(
                "`{what}` takes three arguments: `{what}(handler, inputs, outputs)`; inputs and outputs are a name, a tuple of names, or `()`"
            ),
        )),
    }
}

/// `()`, `name`, `(a, b)` (also `[a, b]`, Gradio's spelling).
pub(crate) fn names(expr: &Expr) -> syn::Result<Names> {
    let ident = |e: &Expr| -> syn::Result<Ident> {
        match e {
            Expr::Path(p) if p.qself.is_none() && p.path.get_ident().is_some() => {
                Ok(p.path.get_ident().cloned().unwrap_or_else(|| Ident::new("_", e.span())))
            }
            other => Err(syn::Error::new_spanned(
                other,
                "expected a component name; inputs and outputs are a name, a tuple of names, or `()`",
            )),
        }
    };
    let names = match expr {
        Expr::Tuple(t) => t.elems.iter().map(ident).collect::<syn::Result<_>>()?,
        Expr::Array(a) => a.elems.iter().map(ident).collect::<syn::Result<_>>()?,
        Expr::Paren(p) => vec![ident(&p.expr)?],
        other => vec![ident(other)?],
    };
    Ok(Names {
        names,
        span: expr.span(),
    })
}

/// `[a.change, b.click]`.
pub(crate) fn trigger_list(expr: &Expr) -> syn::Result<Vec<(Ident, Ident)>> {
    let usage = "expected a list of triggers such as `[a.change, b.click]`";
    let Expr::Array(array) = expr else {
        return Err(syn::Error::new_spanned(expr, usage));
    };
    array
        .elems
        .iter()
        .map(|e| match e {
            Expr::Field(f) => match (&*f.base, &f.member) {
                (Expr::Path(p), syn::Member::Named(event)) if p.path.get_ident().is_some() => {
                    let name = p.path.get_ident().cloned().unwrap_or_else(|| event.clone());
                    if !EVENTS.contains(&event.to_string().as_str()) {
                        return Err(syn::Error::new_spanned(
                            event,
                            format!(
                                "`{event}` is not an event; events are {}",
                                EVENTS.join(", ")
                            ),
                        ));
                    }
                    Ok((name, event.clone()))
                }
                _ => Err(syn::Error::new_spanned(e, usage)),
            },
            other => Err(syn::Error::new_spanned(other, usage)),
        })
        .collect()
}

#[cfg(test)]
mod tests;
