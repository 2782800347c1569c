//! Layout blocks: `row(|| { … })`, `tab("Title", || { … })`, with the block's props after the
//! call (`row(|| { … }).visible(false)`) and, with a `let`, a name for the block's handle
//! (`let panel = row(|| { … });`), which makes the block an output of its own prop updates.

use quote::quote;
use syn::{Expr, ExprCall, ExprClosure, ExprMethodCall, Ident, Local, Pat, Stmt};

use crate::ir::{LayoutBinding, LayoutBlock};
use crate::parse::{call_name, statements};
use crate::validate::Ctxt;

/// Layout blocks: `row(|| { … })`, `tab("Title", || { … })`.
pub(crate) const LAYOUTS: &[&str] = &["row", "column", "group", "tabs", "tab", "accordion"];

/// The runtime type a layout block's keyword makes: `row` → `Row`.
pub(crate) fn type_name(kind: &Ident) -> &'static str {
    match kind.to_string().as_str() {
        "row" => "Row",
        "column" => "Column",
        "tabs" => "Tabs",
        "tab" => "Tab",
        "accordion" => "Accordion",
        _ => "Group",
    }
}

/// What reading a statement as a layout block gave.
pub(crate) enum Read {
    /// A layout block.
    Layout(LayoutBlock),
    /// A malformed layout block, reported.
    Reported,
    /// Not a layout block: the statement, unchanged.
    Other(Stmt),
}

/// Reads `row(|| { … });`, `row(|| { … }).visible(false);` and `let panel = row(|| { … });`.
pub(crate) fn statement(stmt: Stmt, cx: &mut Ctxt) -> Read {
    match stmt {
        Stmt::Expr(expr, Some(semi)) => match root(&expr) {
            Some((kind, call, props)) => block(kind, call, &props, None, cx),
            None => Read::Other(Stmt::Expr(expr, Some(semi))),
        },
        Stmt::Local(local) => let_statement(local, cx),
        other => Read::Other(other),
    }
}

fn let_statement(local: Local, cx: &mut Ctxt) -> Read {
    let Some(init) = &local.init else {
        return Read::Other(Stmt::Local(local));
    };
    let Some((kind, call, props)) = root(&init.expr) else {
        return Read::Other(Stmt::Local(local));
    };
    if let Some((_, diverge)) = &init.diverge {
        cx.error(syn::Error::new_spanned(
            diverge,
            "a layout block's `let` has no `else` branch",
        ));
        return Read::Reported;
    }
    let (pat, ty) = match &local.pat {
        Pat::Type(typed) => ((*typed.pat).clone(), Some(typed.ty.clone())),
        pat => (pat.clone(), None),
    };
    let name = match &pat {
        Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => Some(p.ident.clone()),
        Pat::Wild(_) => None,
        other => {
            cx.error(syn::Error::new_spanned(
                other,
                format!(
                    "bind a layout block to a plain name: `let panel = {kind}({}|| {{ … }});`",
                    if is_labelled(&kind) {
                        "\"Title\", "
                    } else {
                        ""
                    }
                ),
            ));
            return Read::Reported;
        }
    };
    let binding = LayoutBinding {
        attrs: local.attrs.clone(),
        pat,
        ty,
        name,
    };
    block(kind, call, &props, Some(binding), cx)
}

/// The layout call at the root of `expr` and the method calls after it, in order:
/// `row(|| …).visible(false)` → `row`, its call, `[.visible(false)]`.
fn root(expr: &Expr) -> Option<(Ident, &ExprCall, Vec<&ExprMethodCall>)> {
    let mut props = Vec::new();
    let mut cursor = expr;
    loop {
        match cursor {
            Expr::MethodCall(m) => {
                props.push(m);
                cursor = &m.receiver;
            }
            Expr::Call(call) => {
                let kind = call_name(call)?;
                if !LAYOUTS.contains(&kind.to_string().as_str()) {
                    return None;
                }
                props.reverse();
                return Some((kind, call, props));
            }
            _ => return None,
        }
    }
}

fn is_labelled(kind: &Ident) -> bool {
    matches!(kind.to_string().as_str(), "tab" | "accordion")
}

fn block(
    kind: Ident,
    call: &ExprCall,
    props: &[&ExprMethodCall],
    binding: Option<LayoutBinding>,
    cx: &mut Ctxt,
) -> Read {
    let labelled = is_labelled(&kind);
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
            return Read::Reported;
        }
    };
    let body = match closure {
        Expr::Closure(ExprClosure { inputs, body, .. }) if inputs.is_empty() => match &**body {
            Expr::Block(block) => block.block.stmts.clone(),
            other => vec![Stmt::Expr(other.clone(), Some(Default::default()))],
        },
        other => {
            cx.error(syn::Error::new_spanned(other, usage));
            return Read::Reported;
        }
    };
    // Each prop keeps the user's method name and arguments, so that a prop the block lacks is
    // reported at its name.
    let props = props
        .iter()
        .map(|m| {
            let (method, turbofish, args) = (&m.method, &m.turbofish, &m.args);
            quote!(.#method #turbofish (#args))
        })
        .collect();
    Read::Layout(LayoutBlock {
        binding,
        kind,
        label,
        props,
        body: statements(body, cx),
    })
}
