//! The `blocks!` macro and `#[blocks::app]` attribute: compile-time checked wiring for blocks
//! apps. Both lower to the typed builder of `blocks-runtime` (see `blocks::Blocks`).
//!
//! `parse` turns the body into statements (components, layout blocks, events, unwired values,
//! plain Rust; `layout` reads the layout blocks), `validate` checks names, `expand` generates the builder calls with the user's
//! spans; one `validate::Ctxt` collects the errors of every phase.

mod expand;
mod handler;
mod ir;
mod layout;
mod parse;
mod signature;
mod validate;
mod wiring;

use proc_macro::TokenStream;
use quote::quote;
use syn::parse::Parser;

use crate::validate::Ctxt;

/// Builds an app from a body of statements; evaluates to a `blocks::App`.
///
/// ```text
/// let app = blocks::blocks! {
///     let text = Textbox::new();
///     text.submit(|t: String| t, text, text).api_name("echo");
/// };
/// ```
///
/// The grammar and the checks are described in `blocks::macro_guide`.
#[proc_macro]
pub fn blocks(input: TokenStream) -> TokenStream {
    match syn::Block::parse_within.parse(input) {
        Ok(stmts) => {
            let mut cx = Ctxt::new();
            let app = expand_body(stmts, None, &mut cx);
            let errors = cx.check();
            quote!({ #errors #app }).into()
        }
        Err(err) => err.to_compile_error().into(),
    }
}

/// Turns `fn name() { … }` into a function returning the `blocks::App` its body describes.
///
/// ```text
/// #[blocks::app(title = "Echo")]
/// fn echo() {
///     let text = Textbox::new();
///     text.submit(|t: String| t, text, text).api_name("echo");
/// }
/// ```
///
/// `#[blocks::app(title = "…")]` sets the page title. The grammar and the checks are described
/// in `blocks::macro_guide`.
#[proc_macro_attribute]
pub fn app(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut title = None;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("title") {
            title = Some(meta.value()?.parse::<syn::Expr>()?);
            Ok(())
        } else {
            Err(meta.error("unknown option; `#[blocks::app]` takes `title = \"…\"`"))
        }
    });
    if let Err(err) = parser.parse(args) {
        return err.to_compile_error().into();
    }
    let function = match syn::parse::<syn::ItemFn>(item) {
        Ok(f) => f,
        Err(err) => return err.to_compile_error().into(),
    };
    let mut cx = Ctxt::new();
    let sig = &function.sig;
    if !sig.inputs.is_empty() {
        cx.error(syn::Error::new_spanned(
            &sig.inputs,
            "an app function takes no parameters; use global or `State` values instead",
        ));
    }
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        cx.error(syn::Error::new_spanned(
            ty,
            "an app function declares no return type: `#[blocks::app]` makes it return `blocks::App`",
        ));
    }
    if let Some(asyncness) = &sig.asyncness {
        cx.error(syn::Error::new_spanned(
            asyncness,
            "an app function cannot be async",
        ));
    }
    let attrs = &function.attrs;
    let vis = &function.vis;
    let ident = &sig.ident;
    let app = expand_body(function.block.stmts.clone(), title, &mut cx);
    let errors = cx.check();
    // The errors go inside the body: rustc then skips its lints (unused variables) on a body
    // that has errors, and reports only what the user must fix.
    quote! {
        #(#attrs)*
        #vis fn #ident() -> ::blocks::App { #errors #app }
    }
    .into()
}

/// Names a handler `fn`'s parameters for API clients, wherever it is defined: an event wired to
/// it (in any module, with the macro or the builder) takes its parameter names and its doc
/// comment as the endpoint's `parameter_name`s and description, as Gradio reads them from a
/// Python function. Handlers declared in a `#[blocks::app]` body need no attribute.
///
/// (A tested example is in `blocks::macro_guide`.)
///
/// ```text
/// /// Returns its input.
/// #[blocks::handler]
/// pub fn echo(text: String) -> String {
///     text
/// }
/// ```
#[proc_macro_attribute]
pub fn handler(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::expand(args.into(), item.into()).into()
}

/// The app body as an expression evaluating to `::blocks::App`; errors go to `cx`.
fn expand_body(
    stmts: Vec<syn::Stmt>,
    title: Option<syn::Expr>,
    cx: &mut Ctxt,
) -> proc_macro2::TokenStream {
    let mut statements = parse::body(stmts, cx);
    validate::check(&mut statements, cx);
    let expansion = expand::Context::new(&statements, title);
    expand::app(&statements, &expansion)
}
