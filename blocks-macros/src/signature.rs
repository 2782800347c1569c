//! What the macro reads from a handler's signature and doc comment: parameter names, whether a
//! parameter takes an `Option`, and the doc text (for `#[blocks::app]` bodies and
//! `#[blocks::handler]`).

use syn::{Attribute, Expr, Pat};

/// The text of doc comments (`/// …`, `#[doc = "…"]`) as rustdoc joins it: one leading space
/// stripped from each line, the lines joined with `\n`, the whole trimmed; `None` when empty.
pub(crate) fn doc_text(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .flat_map(|text| {
            // Not `lines()`, which reads an empty `///` as no line at all.
            text.split('\n')
                .map(|line| {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    line.strip_prefix(' ').unwrap_or(line).to_owned()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let text = lines.join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A parameter's name for the API: its identifier without leading underscores, else
/// `param_<i>`.
pub(crate) fn pat_name(pat: &Pat, i: usize) -> String {
    match pat {
        Pat::Ident(p) => p.ident.to_string().trim_start_matches('_').to_owned(),
        Pat::Type(t) => pat_name(&t.pat, i),
        _ => format!("param_{i}"),
    }
}

/// Whether a parameter type is an `Option<…>` (as written: the macro sees syntax only).
pub(crate) fn is_option(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Option"),
        syn::Type::Paren(p) => is_option(&p.elem),
        syn::Type::Group(g) => is_option(&g.elem),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn doc_of(item: syn::ItemFn) -> Option<String> {
        doc_text(&item.attrs)
    }

    #[test]
    fn doc_comments_are_joined_as_rustdoc_joins_them() {
        assert_eq!(
            doc_of(parse_quote! {
                /// Greets a person by name.
                fn greet() {}
            })
            .as_deref(),
            Some("Greets a person by name.")
        );
        assert_eq!(
            doc_of(parse_quote! {
                ///
                /// Shouts.
                ///
                ///   Indented, then `#[doc]`:
                #[doc = " more"]
                #[doc(alias = "x")]
                #[inline]
                fn shout() {}
            })
            .as_deref(),
            Some("Shouts.\n\n  Indented, then `#[doc]`:\nmore")
        );
        assert_eq!(doc_of(parse_quote! { #[doc = "  "] fn none() {} }), None);
        assert_eq!(doc_of(parse_quote! { fn none() {} }), None);
    }
}
