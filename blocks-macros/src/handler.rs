//! `#[blocks::handler]`: records a handler `fn`'s parameter names and doc comment, so an event
//! wired to it anywhere (another module, the builder API) names its API parameters after the
//! `fn`'s and takes the doc comment as the endpoint's description.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{FnArg, ItemFn};

use crate::signature::{doc_text, is_option, pat_name};
use crate::validate::Ctxt;

/// The attribute's expansion: the `fn` unchanged, with its signature registered inside its body,
/// where a nested `fn`'s type name spells the handler's path as the handler's own type name does
/// (enclosing `fn`s and an `impl`'s type included).
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut cx = Ctxt::new();
    if !args.is_empty() {
        cx.error(syn::Error::new_spanned(
            &args,
            "`#[blocks::handler]` takes no arguments",
        ));
    }
    let mut function: ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(_) => {
            cx.error(syn::Error::new_spanned(
                &item,
                "`#[blocks::handler]` goes on a `fn` (it names a handler's parameters)",
            ));
            return cx.check();
        }
    };
    if let Some(FnArg::Receiver(receiver)) = function.sig.inputs.first() {
        cx.error(syn::Error::new_spanned(
            receiver,
            "a handler takes its inputs as parameters, not `self`: \
             `#[blocks::handler]` goes on a free or associated `fn` without a receiver",
        ));
    }
    let errors = cx.check();
    if !errors.is_empty() {
        return quote!(#errors #function);
    }
    let names = function
        .sig
        .inputs
        .iter()
        .enumerate()
        .map(|(i, arg)| match arg {
            FnArg::Typed(typed) => pat_name(&typed.pat, i),
            FnArg::Receiver(_) => format!("param_{i}"),
        });
    let optional = function.sig.inputs.iter().map(|arg| match arg {
        FnArg::Typed(typed) => is_option(&typed.ty),
        FnArg::Receiver(_) => false,
    });
    let description = match doc_text(&function.attrs) {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    };
    let probe: syn::Stmt = syn::parse_quote! {
        fn __blocks_path() -> &'static str {
            ::blocks::__private::enclosing_path(&__blocks_path)
        }
    };
    let registration: syn::Stmt = syn::parse_quote! {
        ::blocks::__private::inventory::submit! {
            ::blocks::__private::HandlerSignature::new(
                __blocks_path,
                &[#(#names),*],
                &[#(#optional),*],
                #description,
            )
        }
    };
    function.block.stmts.splice(0..0, [probe, registration]);
    quote!(#function)
}
