//! The IR of an app body: components, layout blocks, events and their wiring, unwired values,
//! and plain Rust, as parsing leaves them for validation and expansion.

use proc_macro2::Span;
use syn::{Attribute, Expr, Ident, Pat, Stmt};

/// One statement of the body.
pub(crate) enum Statement {
    /// `let name = <expr>;` whose `name` is wired.
    Component(ComponentDecl),
    /// A value made by a call that nothing wires: `let title = Markdown::new("…");`,
    /// `Markdown::new("…");`. It is a component or plain Rust, as its type says.
    Unwired(UnwiredValue),
    /// `row(|| { … });`, `let panel = row(|| { … }).visible(false);` and friends.
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
    /// `let panel =` before the block: the name of its handle.
    pub(crate) binding: Option<LayoutBinding>,
    /// `row`, `tab`, …
    pub(crate) kind: Ident,
    /// A `tab`'s or an `accordion`'s title.
    pub(crate) label: Option<Expr>,
    /// The method calls after the block, `.visible(false)`, each as written: the block's props.
    pub(crate) props: Vec<proc_macro2::TokenStream>,
    pub(crate) body: Vec<Statement>,
}

/// The `let` of a [`LayoutBlock`]: it binds the block's `Handle`, which makes the block an
/// output of its prop updates.
pub(crate) struct LayoutBinding {
    pub(crate) attrs: Vec<Attribute>,
    /// A plain name (possibly `mut`) or `_`.
    pub(crate) pat: Pat,
    pub(crate) ty: Option<Box<syn::Type>>,
    /// The name bound, unless `_`.
    pub(crate) name: Option<Ident>,
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
    /// `let name = x.click(…);`: the name bound to the event (its last chained event), for
    /// `.cancels(name)`.
    pub(crate) binding: Option<Ident>,
    pub(crate) trigger: TriggerSpec,
    pub(crate) wiring: Wiring,
    pub(crate) chain: Vec<Chained>,
    /// Whether every name it uses resolves; set by validation. An invalid event is not expanded,
    /// so that its error is the only one.
    pub(crate) valid: bool,
}

impl EventDecl {
    /// Every name the event wires: its triggers, then the inputs and outputs of it and its chain.
    pub(crate) fn names(&self) -> impl Iterator<Item = &Ident> {
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
