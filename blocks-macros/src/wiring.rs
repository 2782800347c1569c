//! Wiring analysis: which names the app binds and wires, and so which `let`s declare
//! components (wired names), which values the compiler sorts (unwired calls), and which
//! statements stay plain Rust.

use std::collections::HashSet;

use syn::{Expr, Ident, Local, LocalInit, Pat, PatIdent, Stmt};

use crate::ir::*;
use crate::parse::*;
use crate::validate::Ctxt;

/// The names every `let` of the app binds (at the top level and in layout blocks).
pub(crate) fn let_names(statements: &[Statement], names: &mut HashSet<String>) {
    for statement in statements {
        match statement {
            Statement::Rust(stmt) => {
                if let Stmt::Local(local) = &**stmt {
                    let mut bound = Vec::new();
                    pattern_names(&local.pat, &mut bound);
                    names.extend(bound.iter().map(Ident::to_string));
                }
            }
            Statement::Layout(layout) => {
                let bound = layout.binding.as_ref().and_then(|b| b.name.as_ref());
                names.extend(bound.map(Ident::to_string));
                let_names(&layout.body, names);
            }
            Statement::Event(event) => names.extend(event.binding.iter().map(Ident::to_string)),
            Statement::Component(_) | Statement::Unwired(_) | Statement::Unlowered(_) => {}
        }
    }
}

/// `name.hover(h, i, o);` on a name the app binds, with inputs and outputs written as names, is
/// read as an event with a misspelt name, so that validation reports it as one.
pub(crate) fn misspelt_events(
    statements: Vec<Statement>,
    bound: &HashSet<String>,
) -> Vec<Statement> {
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
        binding: None,
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
pub(crate) fn wired_names(statements: &[Statement], names: &mut HashSet<String>) {
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
pub(crate) fn by_use(
    statements: Vec<Statement>,
    wired: &HashSet<String>,
    cx: &mut Ctxt,
) -> Vec<Statement> {
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
