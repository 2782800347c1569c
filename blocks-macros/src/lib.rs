//! The `blocks!` macro and `#[blocks::app]` attribute: compile-time checked wiring for blocks
//! apps. Both lower to the typed builder of `blocks-runtime` (see `blocks::Blocks`).
//!
//! `parse` turns the body into statements (components, layout blocks, events, plain Rust),
//! `validate` checks names, `expand` generates the builder calls with the user's spans.

mod expand;
mod parse;
mod validate;

use proc_macro::TokenStream;
use quote::quote;
use syn::parse::Parser;

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
        Ok(stmts) => expand_body(stmts, None).into(),
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
    let mut errors = Vec::new();
    let sig = &function.sig;
    if !sig.inputs.is_empty() {
        errors.push(syn::Error::new_spanned(
            &sig.inputs,
            "an app function takes no parameters; use global or `State` values instead",
        ));
    }
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        errors.push(syn::Error::new_spanned(
            ty,
            "an app function declares no return type: `#[blocks::app]` makes it return `blocks::App`",
        ));
    }
    if let Some(asyncness) = &sig.asyncness {
        errors.push(syn::Error::new_spanned(
            asyncness,
            "an app function cannot be async",
        ));
    }
    let attrs = &function.attrs;
    let vis = &function.vis;
    let ident = &sig.ident;
    let body = expand_body(function.block.stmts.clone(), title);
    let errors = errors.into_iter().map(|e| e.to_compile_error());
    quote! {
        #(#errors)*
        #(#attrs)*
        #vis fn #ident() -> ::blocks::App #body
    }
    .into()
}

fn expand_body(stmts: Vec<syn::Stmt>, title: Option<syn::Expr>) -> proc_macro2::TokenStream {
    let mut errors = validate::Errors::default();
    let mut parse_errors = Vec::new();
    let statements = parse::statements(stmts, &mut parse_errors);
    errors.extend(parse_errors);
    let valid = validate::check(&statements, &mut errors);
    let mut cx = expand::Context::new(&statements, valid, title);
    let app = expand::app(&statements, &mut cx);
    let errors = errors.into_compile_errors();
    quote! {{
        #errors
        #app
    }}
}
