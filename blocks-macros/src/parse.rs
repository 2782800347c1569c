//! Parsing: the body's Rust statements into the IR of components, layout blocks, events,
//! unwired values and plain Rust. A `let` whose name is wired to an event declares a component;
//! a value made by a call that nothing wires is left for the compiler to tell apart.

use std::collections::HashSet;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{
    Attribute, Expr, ExprCall, ExprClosure, ExprMethodCall, Ident, Local, LocalInit, Pat, PatIdent,
    Stmt,
};

use crate::validate::Ctxt;

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
    "description",
];

/// Layout blocks: `row(|| { … })`, `tab("Title", || { … })`.
pub(crate) const LAYOUTS: &[&str] = &["row", "column", "group", "tabs", "tab", "accordion"];

/// Pseudo-inputs: `request`, `progress`.
pub(crate) const PSEUDO_INPUTS: &[&str] = &["request", "progress"];

/// One statement of the body.
pub(crate) enum Statement {
    /// `let name = <expr>;` whose `name` is wired.
    Component(ComponentDecl),
    /// A value made by a call that nothing wires: `let title = Markdown::new("…");`,
    /// `Markdown::new("…");`. It is a component or plain Rust, as its type says.
    Unwired(UnwiredValue),
    /// `row(|| { … });` and friends.
    Layout(LayoutBlock),
    /// `x.click(h, i, o)…;`, `load(h, i, o);`, `on([a.change], h, i, o);`.
    Event(EventDecl),
    /// A `let` binding wired names in a form that cannot declare a component (a pattern, no
    /// value, an `else`): reported, and passed through so that its names still resolve.
    Unlowered(UnloweredLet),
    /// Anything else, passed through unchanged.
    Rust(Box<Stmt>),
}

pub(crate) struct ComponentDecl {
    pub(crate) attrs: Vec<Attribute>,
    /// The handle's name.
    pub(crate) name: Ident,
    /// The type written in `let name: Type = …`.
    pub(crate) ty: Option<Box<syn::Type>>,
    pub(crate) expr: Expr,
}

/// A `let` or an expression statement whose value is made by a call and wired nowhere. The
/// expansion leaves it to the compiler: a component goes on the page where the statement stands
/// (and a `let` binds its handle), any other value passes through unchanged.
pub(crate) struct UnwiredValue {
    /// The statement's attributes (an expression statement's are taken off its expression).
    pub(crate) attrs: Vec<Attribute>,
    /// `let name =`, `let mut name: Type =`, `let _ =`; `None` for an expression statement.
    pub(crate) binding: Option<Binding>,
    pub(crate) expr: Expr,
    pub(crate) semi: syn::token::Semi,
}

/// The `let` of an [`UnwiredValue`], its type annotation taken apart: the annotation types the
/// value, and the binding then takes either the value or the component's handle.
pub(crate) struct Binding {
    pub(crate) let_token: syn::token::Let,
    /// A name (with its `ref`/`mut`) or `_`.
    pub(crate) pat: Pat,
    pub(crate) ty: Option<Box<syn::Type>>,
    pub(crate) eq_token: syn::token::Eq,
}

pub(crate) struct UnloweredLet {
    /// The wired names it binds.
    pub(crate) names: Vec<Ident>,
    pub(crate) stmt: Box<Stmt>,
}

pub(crate) struct LayoutBlock {
    pub(crate) kind: Ident,
    pub(crate) label: Option<Expr>,
    pub(crate) body: Vec<Statement>,
}

/// What starts an event.
pub(crate) enum TriggerSpec {
    /// `name.event(…)`; `event` may be a misspelling, which validation reports.
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
    /// Whether every name it uses resolves; set by validation. An invalid event is not expanded,
    /// so that its error is the only one.
    pub(crate) valid: bool,
}

impl EventDecl {
    /// Every name the event wires: its triggers, then the inputs and outputs of it and its chain.
    fn names(&self) -> impl Iterator<Item = &Ident> {
        let triggers: Vec<&Ident> = match &self.trigger {
            TriggerSpec::Component { name, .. } => vec![name],
            TriggerSpec::Page(_) => Vec::new(),
            TriggerSpec::Many(triggers) => triggers.iter().map(|(name, _)| name).collect(),
        };
        let wirings = std::iter::once(&self.wiring).chain(self.chain.iter().filter_map(
            |chained| match chained {
                Chained::Event { wiring, .. } => Some(&**wiring),
                Chained::Option { .. } => None,
            },
        ));
        triggers
            .into_iter()
            .chain(wirings.flat_map(|w| w.inputs.names.iter().chain(&w.outputs.names)))
    }
}

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
fn statements(stmts: Vec<Stmt>, cx: &mut Ctxt) -> Vec<Statement> {
    stmts
        .into_iter()
        .filter_map(|stmt| statement(stmt, cx))
        .collect()
}

fn statement(stmt: Stmt, cx: &mut Ctxt) -> Option<Statement> {
    match stmt {
        Stmt::Expr(expr, Some(semi)) => expr_statement(expr, semi, cx),
        other => Some(Statement::Rust(Box::new(other))),
    }
}

fn expr_statement(expr: Expr, semi: syn::token::Semi, cx: &mut Ctxt) -> Option<Statement> {
    if let Expr::Call(call) = &expr {
        if let Some(name) = call_name(call) {
            if LAYOUTS.contains(&name.to_string().as_str()) {
                return layout(name, call, cx).map(Statement::Layout);
            }
        }
    }
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
fn is_made_by_call(expr: &Expr) -> bool {
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
fn call_name(call: &ExprCall) -> Option<Ident> {
    match &*call.func {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().cloned(),
        _ => None,
    }
}

/// A plain identifier expression: `name`.
fn plain_ident(expr: &Expr) -> Option<Ident> {
    match expr {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().cloned(),
        _ => None,
    }
}

fn layout(kind: Ident, call: &ExprCall, cx: &mut Ctxt) -> Option<LayoutBlock> {
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
        _ => {
            cx.error(syn::Error::new(call.paren_token.span.join(), usage));
            return None;
        }
    };
    let body = match closure {
        Expr::Closure(ExprClosure { inputs, body, .. }) if inputs.is_empty() => match &**body {
            Expr::Block(block) => block.block.stmts.clone(),
            other => vec![Stmt::Expr(other.clone(), Some(Default::default()))],
        },
        other => {
            cx.error(syn::Error::new_spanned(other, usage));
            return None;
        }
    };
    Some(LayoutBlock {
        kind,
        label,
        body: statements(body, cx),
    })
}

/// The names every `let` of the app binds (at the top level and in layout blocks).
fn let_names(statements: &[Statement], names: &mut HashSet<String>) {
    for statement in statements {
        match statement {
            Statement::Rust(stmt) => {
                if let Stmt::Local(local) = &**stmt {
                    let mut bound = Vec::new();
                    pattern_names(&local.pat, &mut bound);
                    names.extend(bound.iter().map(Ident::to_string));
                }
            }
            Statement::Layout(layout) => let_names(&layout.body, names),
            Statement::Component(_)
            | Statement::Unwired(_)
            | Statement::Event(_)
            | Statement::Unlowered(_) => {}
        }
    }
}

/// `name.hover(h, i, o);` on a name the app binds, with inputs and outputs written as names, is
/// read as an event with a misspelt name, so that validation reports it as one.
fn misspelt_events(statements: Vec<Statement>, bound: &HashSet<String>) -> Vec<Statement> {
    statements
        .into_iter()
        .map(|statement| match statement {
            Statement::Rust(stmt) => match misspelt_event(&stmt, bound) {
                Some(event) => Statement::Event(event),
                None => Statement::Rust(stmt),
            },
            Statement::Layout(mut layout) => {
                layout.body = misspelt_events(layout.body, bound);
                Statement::Layout(layout)
            }
            other => other,
        })
        .collect()
}

fn misspelt_event(stmt: &Stmt, bound: &HashSet<String>) -> Option<EventDecl> {
    let Stmt::Expr(Expr::MethodCall(call), Some(_)) = stmt else {
        return None;
    };
    let name = plain_ident(&call.receiver)?;
    if !bound.contains(&name.to_string()) {
        return None;
    }
    let args: Vec<&Expr> = call.args.iter().collect();
    let wiring = parse_wiring(&args, call.paren_token.span.join(), &call.method).ok()?;
    Some(EventDecl {
        trigger: TriggerSpec::Component {
            name,
            event: call.method.clone(),
        },
        wiring,
        chain: Vec::new(),
        valid: true,
    })
}

/// Every name some event of the app wires.
fn wired_names(statements: &[Statement], names: &mut HashSet<String>) {
    for statement in statements {
        match statement {
            Statement::Event(event) => names.extend(event.names().map(Ident::to_string)),
            Statement::Layout(layout) => wired_names(&layout.body, names),
            Statement::Component(_)
            | Statement::Unwired(_)
            | Statement::Unlowered(_)
            | Statement::Rust(_) => {}
        }
    }
}

/// Sorts the plain statements by use: a `let` that binds a wired name declares a component; a
/// value made by a call that nothing wires is an [`UnwiredValue`]; the rest stays plain Rust.
fn by_use(statements: Vec<Statement>, wired: &HashSet<String>, cx: &mut Ctxt) -> Vec<Statement> {
    statements
        .into_iter()
        .map(|statement| match statement {
            Statement::Rust(stmt) => match *stmt {
                Stmt::Local(local) => declaration(local, wired, cx),
                Stmt::Expr(expr, Some(semi)) if is_made_by_call(&expr) => {
                    unwired_expression(expr, semi)
                }
                other => Statement::Rust(Box::new(other)),
            },
            Statement::Layout(mut layout) => {
                layout.body = by_use(layout.body, wired, cx);
                Statement::Layout(layout)
            }
            other => other,
        })
        .collect()
}

/// `Markdown::new("…");`, `labeled_box("A");`: its attributes move to the statement, where the
/// expansion puts them.
fn unwired_expression(mut expr: Expr, semi: syn::token::Semi) -> Statement {
    let attrs = match &mut expr {
        Expr::Call(call) => std::mem::take(&mut call.attrs),
        Expr::MethodCall(call) => std::mem::take(&mut call.attrs),
        _ => Vec::new(),
    };
    Statement::Unwired(UnwiredValue {
        attrs,
        binding: None,
        expr,
        semi,
    })
}

/// An unwired `let` that binds one name or `_` to a value made by a call, with no `else`; any
/// other `let` stays plain Rust.
fn unwired_let(local: Local) -> Statement {
    match local {
        Local {
            attrs,
            let_token,
            pat,
            init:
                Some(LocalInit {
                    eq_token,
                    expr,
                    diverge: None,
                }),
            semi_token,
        } if binds_one_name(&pat) && is_made_by_call(&expr) => {
            let (pat, ty) = match pat {
                Pat::Type(typed) => (*typed.pat, Some(typed.ty)),
                pat => (pat, None),
            };
            Statement::Unwired(UnwiredValue {
                attrs,
                binding: Some(Binding {
                    let_token,
                    pat,
                    ty,
                    eq_token,
                }),
                expr: *expr,
                semi: semi_token,
            })
        }
        local => Statement::Rust(Box::new(Stmt::Local(local))),
    }
}

/// `name`, `mut name`, `ref name`, `_`, each possibly with a type.
fn binds_one_name(pat: &Pat) -> bool {
    match pat {
        Pat::Type(typed) => binds_one_name(&typed.pat),
        Pat::Ident(p) => p.subpat.is_none(),
        Pat::Wild(_) => true,
        _ => false,
    }
}

fn declaration(local: Local, wired: &HashSet<String>, cx: &mut Ctxt) -> Statement {
    let mut names = Vec::new();
    pattern_names(&local.pat, &mut names);
    names.retain(|name| wired.contains(&name.to_string()));
    let Some(first) = names.first() else {
        return unwired_let(local);
    };
    let (name, ty) = match &local.pat {
        Pat::Ident(p) if is_plain(p) => (Some(p.ident.clone()), None),
        Pat::Type(t) => match &*t.pat {
            Pat::Ident(p) if is_plain(p) => (Some(p.ident.clone()), Some(t.ty.clone())),
            _ => (None, None),
        },
        _ => (None, None),
    };
    let problem = match (name, &local.init) {
        (None, _) => Err(syn::Error::new_spanned(
            &local.pat,
            format!(
                "`{first}` is wired to an event, so this `let` declares a component; bind it to a plain name: `let {first} = Textbox::new();`"
            ),
        )),
        (Some(name), None) => Err(syn::Error::new_spanned(
            &name,
            format!(
                "`{name}` is wired to an event, so this `let` declares a component; give it its value here: `let {name} = Textbox::new();`"
            ),
        )),
        (Some(_), Some(init)) if init.diverge.is_some() => Err(syn::Error::new_spanned(
            init.diverge.as_ref().map(|(_, diverge)| diverge),
            "a component declaration has no `else` branch",
        )),
        (Some(name), Some(init)) => Ok(ComponentDecl {
            attrs: local.attrs.clone(),
            name,
            ty,
            expr: (*init.expr).clone(),
        }),
    };
    match problem {
        Ok(component) => Statement::Component(component),
        Err(err) => {
            cx.error(err);
            Statement::Unlowered(UnloweredLet {
                names,
                stmt: Box::new(Stmt::Local(local)),
            })
        }
    }
}

/// `name` or `mut name`, with no `ref` and no `@` sub-pattern.
fn is_plain(p: &PatIdent) -> bool {
    p.by_ref.is_none() && p.subpat.is_none()
}

/// The names a pattern binds.
fn pattern_names(pat: &Pat, names: &mut Vec<Ident>) {
    match pat {
        Pat::Ident(p) => {
            names.push(p.ident.clone());
            if let Some((_, sub)) = &p.subpat {
                pattern_names(sub, names);
            }
        }
        Pat::Type(t) => pattern_names(&t.pat, names),
        Pat::Reference(r) => pattern_names(&r.pat, names),
        Pat::Paren(p) => pattern_names(&p.pat, names),
        Pat::Tuple(t) => t.elems.iter().for_each(|p| pattern_names(p, names)),
        Pat::TupleStruct(t) => t.elems.iter().for_each(|p| pattern_names(p, names)),
        Pat::Slice(s) => s.elems.iter().for_each(|p| pattern_names(p, names)),
        Pat::Struct(s) => s.fields.iter().for_each(|f| pattern_names(&f.pat, names)),
        Pat::Or(o) => o.cases.iter().for_each(|p| pattern_names(p, names)),
        _ => {}
    }
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
        valid: true,
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

#[cfg(test)]
mod tests {
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
                Statement::Layout(l) => format!("{}[{}]", l.kind, summary(&l.body).join(", ")),
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
}
