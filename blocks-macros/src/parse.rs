//! Parsing: the body's Rust statements into the IR of components, layout blocks, events and
//! plain Rust.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, ExprClosure, ExprMethodCall, Ident, Local, Pat, Stmt};

/// Component types the macro recognises in `let x = Type::new(..)`.
pub(crate) const COMPONENTS: &[&str] = &[
    "Textbox",
    "Number",
    "Slider",
    "Checkbox",
    "CheckboxGroup",
    "Radio",
    "Dropdown",
    "Button",
    "Markdown",
    "Html",
    "Json",
    "Label",
    "Dataframe",
    "Chatbot",
    "Timer",
    "State",
    "BrowserState",
];

/// Event method names: `x.click(handler, inputs, outputs)`.
pub(crate) const EVENTS: &[&str] = &[
    "click", "change", "input", "submit", "select", "blur", "focus", "tick",
];

/// Options that may follow an event: `.api_name("x")`.
pub(crate) const OPTIONS: &[&str] = &[
    "api_name",
    "api_visibility",
    "concurrency_limit",
    "trigger_mode",
    "show_progress",
    "queue",
];

/// Layout blocks: `row(|| { … })`, `tab("Title", || { … })`.
pub(crate) const LAYOUTS: &[&str] = &["row", "column", "group", "tabs", "tab", "accordion"];

/// Pseudo-inputs: `request`, `progress`.
pub(crate) const PSEUDO_INPUTS: &[&str] = &["request", "progress"];

/// One statement of the body.
pub(crate) enum Statement {
    /// `let name = Type::new(..)…;` or an anonymous `Type::new(..)…;`.
    Component(ComponentDecl),
    /// `row(|| { … });` and friends.
    Layout(LayoutBlock),
    /// `x.click(h, i, o)…;`, `load(h, i, o);`, `on([a.change], h, i, o);`.
    Event(EventDecl),
    /// Anything else, passed through unchanged.
    Rust(Box<Stmt>),
}

pub(crate) struct ComponentDecl {
    pub(crate) attrs: Vec<syn::Attribute>,
    pub(crate) name: Option<Ident>,
    pub(crate) kind: Ident,
    pub(crate) expr: Expr,
}

pub(crate) struct LayoutBlock {
    pub(crate) kind: Ident,
    pub(crate) label: Option<Expr>,
    pub(crate) body: Vec<Statement>,
}

/// What starts an event.
pub(crate) enum TriggerSpec {
    /// `name.event(…)`.
    Component { name: Ident, event: Ident },
    /// `load(…)` / `unload(…)`.
    Page(Ident),
    /// `on([a.change, b.click], …)`.
    Many(Vec<(Ident, Ident)>),
}

/// The handler, inputs and outputs of an event.
pub(crate) struct Wiring {
    pub(crate) handler: Expr,
    pub(crate) inputs: Names,
    pub(crate) outputs: Names,
}

/// Inputs or outputs: `()`, a name, or a tuple of names.
pub(crate) struct Names {
    pub(crate) names: Vec<Ident>,
    /// Where the list was written.
    pub(crate) span: Span,
}

/// What follows an event: an option, or a chained event.
pub(crate) enum Chained {
    Option { method: Ident, args: Vec<Expr> },
    Event { how: Ident, wiring: Box<Wiring> },
}

pub(crate) struct EventDecl {
    pub(crate) trigger: TriggerSpec,
    pub(crate) wiring: Wiring,
    pub(crate) chain: Vec<Chained>,
}

/// Parses every statement, collecting errors.
pub(crate) fn statements(stmts: Vec<Stmt>, errors: &mut Vec<syn::Error>) -> Vec<Statement> {
    stmts
        .into_iter()
        .filter_map(|stmt| match statement(stmt) {
            Ok(s) => Some(s),
            Err(err) => {
                errors.push(err);
                None
            }
        })
        .collect()
}

fn statement(stmt: Stmt) -> syn::Result<Statement> {
    match stmt {
        Stmt::Local(local) => local_statement(local),
        Stmt::Expr(expr, Some(semi)) => expr_statement(expr, semi),
        other => Ok(Statement::Rust(Box::new(other))),
    }
}

fn local_statement(local: Local) -> syn::Result<Statement> {
    let Some(init) = &local.init else {
        return Ok(Statement::Rust(Box::new(Stmt::Local(local))));
    };
    let Some(kind) = component_kind(&init.expr) else {
        return Ok(Statement::Rust(Box::new(Stmt::Local(local))));
    };
    let name = match &local.pat {
        Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => p.ident.clone(),
        other => {
            return Err(syn::Error::new_spanned(
                other,
                "bind a component to a plain name: `let name = Textbox::new();`",
            ))
        }
    };
    if let Some((_, diverge)) = &init.diverge {
        return Err(syn::Error::new_spanned(
            diverge,
            "a component declaration has no `else` branch",
        ));
    }
    Ok(Statement::Component(ComponentDecl {
        attrs: local.attrs.clone(),
        name: Some(name),
        kind,
        expr: (*init.expr).clone(),
    }))
}

fn expr_statement(expr: Expr, semi: syn::token::Semi) -> syn::Result<Statement> {
    if let Some(kind) = component_kind(&expr) {
        return Ok(Statement::Component(ComponentDecl {
            attrs: Vec::new(),
            name: None,
            kind,
            expr,
        }));
    }
    if let Expr::Call(call) = &expr {
        if let Some(name) = call_name(call) {
            let s = name.to_string();
            if LAYOUTS.contains(&s.as_str()) {
                return layout(name, call).map(Statement::Layout);
            }
        }
    }
    match event(&expr)? {
        Some(event) => Ok(Statement::Event(event)),
        None => Ok(Statement::Rust(Box::new(Stmt::Expr(expr, Some(semi))))),
    }
}

/// `Type::new(..)…`: the component type when the innermost call is `Type::ctor(..)` for a
/// known component type.
fn component_kind(expr: &Expr) -> Option<Ident> {
    let mut expr = expr;
    loop {
        match expr {
            Expr::MethodCall(m) => expr = &m.receiver,
            Expr::Call(call) => {
                let Expr::Path(path) = &*call.func else {
                    return None;
                };
                let segments = &path.path.segments;
                if segments.len() < 2 {
                    return None;
                }
                let ty = &segments[segments.len() - 2].ident;
                return COMPONENTS
                    .contains(&ty.to_string().as_str())
                    .then(|| ty.clone());
            }
            _ => return None,
        }
    }
}

/// The function name of a call to a plain identifier: `row(…)` → `row`.
fn call_name(call: &ExprCall) -> Option<Ident> {
    match &*call.func {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().cloned(),
        _ => None,
    }
}

fn layout(kind: Ident, call: &ExprCall) -> syn::Result<LayoutBlock> {
    let labelled = matches!(kind.to_string().as_str(), "tab" | "accordion");
    let args: Vec<&Expr> = call.args.iter().collect();
    let usage = if labelled {
        format!("write `{kind}(\"Title\", || {{ … }})`")
    } else {
        format!("write `{kind}(|| {{ … }})`")
    };
    let (label, closure) = match (labelled, args.as_slice()) {
        (false, [closure]) => (None, *closure),
        (true, [label, closure]) => (Some((*label).clone()), *closure),
        _ => return Err(syn::Error::new(call.paren_token.span.join(), usage)),
    };
    let body = match closure {
        Expr::Closure(ExprClosure { inputs, body, .. }) if inputs.is_empty() => match &**body {
            Expr::Block(block) => block.block.stmts.clone(),
            other => vec![Stmt::Expr(other.clone(), Some(Default::default()))],
        },
        other => return Err(syn::Error::new_spanned(other, usage)),
    };
    let mut errors = Vec::new();
    let body = statements(body, &mut errors);
    match combine(errors) {
        Some(err) => Err(err),
        None => Ok(LayoutBlock { kind, label, body }),
    }
}

pub(crate) fn combine(errors: Vec<syn::Error>) -> Option<syn::Error> {
    errors.into_iter().reduce(|mut all, err| {
        all.combine(err);
        all
    })
}

/// Parses an event statement with its chain, or `None` when the expression is not one.
fn event(expr: &Expr) -> syn::Result<Option<EventDecl>> {
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
        trigger,
        wiring,
        chain,
    }))
}

enum Root<'a> {
    Method(&'a ExprMethodCall),
    Call(Ident, &'a ExprCall),
}

fn parse_wiring(args: &[&Expr], span: Span, what: &Ident) -> syn::Result<Wiring> {
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
fn names(expr: &Expr) -> syn::Result<Names> {
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
fn trigger_list(expr: &Expr) -> syn::Result<Vec<(Ident, Ident)>> {
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
