//! Code generation: lowers the IR to the runtime's typed builder, with every generated call
//! that can fail to type-check spanned on the user's token, so rustc reports it there.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, FnArg, Ident, Item, Pat, Stmt};

use crate::signature::{doc_text, is_option, pat_name};

use crate::parse::{
    Chained, EventDecl, LayoutBinding, LayoutBlock, Names, Statement, TriggerSpec, UnwiredValue,
    PSEUDO_INPUTS,
};

/// What the expansion needs besides the statements.
pub(crate) struct Context {
    /// Parameter names of the `fn`s declared in the body, by function name.
    fn_params: HashMap<String, Vec<String>>,
    /// Which parameters of those `fn`s take an `Option`.
    fn_optional: HashMap<String, Vec<bool>>,
    /// Doc comments of the `fn`s declared in the body that have one, by function name.
    fn_docs: HashMap<String, String>,
    /// Names declared as components (a component named `request` shadows the pseudo-input).
    components: Vec<String>,
    /// The page title, if given.
    title: Option<Expr>,
    /// Whether some statement is an unwired value, which needs the traits that sort it.
    unwired: bool,
}

impl Context {
    pub(crate) fn new(statements: &[Statement], title: Option<Expr>) -> Self {
        let mut cx = Context {
            fn_params: HashMap::new(),
            fn_optional: HashMap::new(),
            fn_docs: HashMap::new(),
            components: Vec::new(),
            title,
            unwired: false,
        };
        cx.collect(statements);
        cx
    }

    fn collect(&mut self, statements: &[Statement]) {
        for statement in statements {
            match statement {
                Statement::Component(c) => self.components.push(c.name.to_string()),
                Statement::Unwired(_) => self.unwired = true,
                Statement::Unlowered(l) => {
                    self.components.extend(l.names.iter().map(Ident::to_string));
                }
                Statement::Layout(l) => {
                    let bound = l.binding.as_ref().and_then(|b| b.name.as_ref());
                    self.components.extend(bound.map(Ident::to_string));
                    self.collect(&l.body);
                }
                Statement::Rust(stmt) => {
                    if let Stmt::Item(Item::Fn(f)) = &**stmt {
                        let params = f
                            .sig
                            .inputs
                            .iter()
                            .enumerate()
                            .map(|(i, arg)| match arg {
                                FnArg::Typed(t) => pat_name(&t.pat, i),
                                FnArg::Receiver(_) => format!("param_{i}"),
                            })
                            .collect();
                        let name = f.sig.ident.to_string();
                        match doc_text(&f.attrs) {
                            Some(doc) => self.fn_docs.insert(name.clone(), doc),
                            None => self.fn_docs.remove(&name),
                        };
                        let optional = f
                            .sig
                            .inputs
                            .iter()
                            .map(|arg| match arg {
                                FnArg::Typed(t) => is_option(&t.ty),
                                FnArg::Receiver(_) => false,
                            })
                            .collect();
                        self.fn_optional.insert(name.clone(), optional);
                        self.fn_params.insert(name, params);
                    }
                }
                Statement::Event(_) => {}
            }
        }
    }
}

/// The whole app: an expression that evaluates to `::blocks::App`.
pub(crate) fn app(statements: &[Statement], cx: &Context) -> TokenStream {
    let body = statements_tokens(statements, cx);
    let title = cx.title.as_ref().map(|t| quote!(__blocks.title(#t);));
    let kinds = cx.unwired.then(|| {
        quote!(
            use ::blocks::__private::{ComponentKind as _, PlainKind as _, RenderKind as _};
        )
    });
    quote! {{
        #kinds
        #[allow(unused_mut)]
        let mut __blocks = ::blocks::__private::Blocks::new();
        #title
        #body
        __blocks.build()
    }}
}

fn statements_tokens(statements: &[Statement], cx: &Context) -> TokenStream {
    statements.iter().map(|s| statement(s, cx)).collect()
}

fn statement(statement: &Statement, cx: &Context) -> TokenStream {
    match statement {
        // `Blocks::add` takes any `C: Component`: the compiler checks that the value is one.
        Statement::Component(c) => {
            let attrs = &c.attrs;
            let name = &c.name;
            let expr = &c.expr;
            let ty = c.ty.as_ref().map(|ty| quote!(::<#ty>));
            quote! { #(#attrs)* let #name = __blocks.add #ty (#expr); }
        }
        Statement::Unwired(value) => unwired_tokens(value),
        Statement::Layout(layout) => layout_tokens(layout, cx),
        // An invalid event was reported; emitting it would add errors about the same tokens
        // (its name, if bound, stays declared so that its uses add none either).
        Statement::Event(event) if event.valid => event_tokens(event, cx),
        Statement::Event(EventDecl {
            binding: Some(name),
            ..
        }) => quote! { let #name: ::blocks::app::DependencyId = ::core::unreachable!(); },
        Statement::Event(_) => TokenStream::new(),
        Statement::Unlowered(l) => {
            let stmt = &l.stmt;
            quote!(#stmt)
        }
        Statement::Rust(stmt) => quote!(#stmt),
    }
}

/// A layout block: `__blocks.open(block)`, its body, `__blocks.close()`; with a `let`, the
/// handle `open` returns is bound to the user's name, before the body as in Gradio's
/// `with gr.Row() as panel:`.
fn layout_tokens(layout: &LayoutBlock, cx: &Context) -> TokenStream {
    let kind = &layout.kind;
    let ty = Ident::new(crate::layout::type_name(kind), kind.span());
    let block = match &layout.label {
        Some(label) => quote_spanned!(kind.span()=> ::blocks::__private::#ty::new(#label)),
        None => quote_spanned!(kind.span()=> ::blocks::__private::#ty::default()),
    };
    let props = &layout.props;
    let open = quote!(__blocks.open(#block #(#props)*));
    let open = match &layout.binding {
        Some(LayoutBinding { attrs, pat, ty, .. }) => {
            let ty = ty.as_ref().map(|ty| quote!(: #ty));
            quote! { #(#attrs)* let #pat #ty = #open; }
        }
        None => quote! { #open; },
    };
    let body = statements_tokens(&layout.body, cx);
    quote! {
        #open
        #body
        __blocks.close();
    }
}

/// An unwired value, sorted by the compiler with autoref specialization (see
/// `blocks::__private::ComponentKind`):
///
/// ```text
/// let title = match Markdown::new("# Shop") {
///     __blocks_value => (&__blocks_value).__blocks_kind().declare(__blocks_value, &mut __blocks),
/// };
/// ```
///
/// A component is added where the statement stands and the `let` binds its handle; any other
/// value comes back unchanged. The user's tokens are emitted once each: a type annotation types
/// the value (`identity::<Textbox>(…)`), since the binding may take a handle instead. The
/// generated tokens are located at the value, so that "type annotations needed" (a value whose
/// type is only inferred later) is reported there, but keep the macro's context, so that lints
/// (clippy's `match_single_binding`) take them for generated code.
fn unwired_tokens(value: &UnwiredValue) -> TokenStream {
    let UnwiredValue {
        attrs,
        binding,
        expr,
        semi,
    } = value;
    let span = Span::call_site().located_at(expr.span());
    let value_expr = match binding.as_ref().and_then(|b| b.ty.as_ref()) {
        Some(ty) => quote_spanned!(span=> ::std::convert::identity::<#ty>(#expr)),
        None => quote!(#expr),
    };
    let sorted = quote_spanned! {span=>
        match #value_expr {
            __blocks_value => (&__blocks_value)
                .__blocks_kind()
                .declare(__blocks_value, &mut __blocks),
        }
    };
    match binding {
        Some(binding) => {
            let (let_token, pat, eq_token) = (&binding.let_token, &binding.pat, &binding.eq_token);
            quote!(#(#attrs)* #let_token #pat #eq_token #sorted #semi)
        }
        None => quote!(#(#attrs)* #sorted #semi),
    }
}

fn event_tokens(event: &EventDecl, cx: &Context) -> TokenStream {
    let trigger = match &event.trigger {
        TriggerSpec::Component { name, event } => trigger_call(name, event),
        TriggerSpec::Page(which) if which == "load" => {
            quote_spanned!(which.span()=> ::blocks::__private::Trigger::load())
        }
        TriggerSpec::Page(which) => {
            quote_spanned!(which.span()=> ::blocks::__private::Trigger::unload())
        }
        TriggerSpec::Many(triggers) => {
            let calls = triggers
                .iter()
                .map(|(name, event)| trigger_call(name, event));
            quote!(::std::vec![#(#calls),*])
        }
    };
    let first = wiring_call(quote!(__blocks.on(#trigger)), &event.wiring, cx);
    let chain = event.chain.iter().map(|chained| match chained {
        Chained::Option { method, args } => {
            quote! { let __blocks_event = __blocks_event.#method(#(#args),*); }
        }
        Chained::Event { how, wiring } => {
            let call = wiring_call(quote!(__blocks_event.#how()), wiring, cx);
            quote! { let __blocks_event = #call; }
        }
    });
    match &event.binding {
        Some(name) => quote! {
            let #name: ::blocks::app::DependencyId = {
                let __blocks_event = #first;
                #(#chain)*
                __blocks_event.id()
            };
        },
        None => quote! {{
            let __blocks_event = #first;
            #(#chain)*
            let _ = __blocks_event;
        }},
    }
}

/// `::blocks::__private::click(&btn)`, spanned on `click` so a missing event is reported there.
fn trigger_call(name: &Ident, event: &Ident) -> TokenStream {
    let event_fn = Ident::new(&event.to_string(), event.span());
    quote_spanned!(event.span()=> ::blocks::__private::#event_fn(&#name))
}

/// An input as an expression: the component's handle, or a pseudo-input.
fn input_expr(name: &Ident, cx: &Context) -> TokenStream {
    let text = name.to_string();
    if PSEUDO_INPUTS.contains(&text.as_str()) && !cx.components.contains(&text) {
        match text.as_str() {
            "request" => quote_spanned!(name.span()=> ::blocks::__private::RequestInput),
            "select_data" => quote_spanned!(name.span()=> ::blocks::__private::SelectInput),
            _ => quote_spanned!(name.span()=> ::blocks::__private::ProgressInput),
        }
    } else {
        quote!(#name)
    }
}

/// Outputs as an expression: `()`, `a`, or `(a, b)`.
fn outputs_expr(names: &Names) -> TokenStream {
    let span = names.span;
    match names.names.as_slice() {
        [] => quote_spanned!(span=> ()),
        [one] => quote!(#one),
        many => quote_spanned!(span=> (#(#many),*)),
    }
}

/// The handler's name for the default api name: a path's last segment, else `lambda`.
fn handler_name(handler: &Expr) -> String {
    match handler {
        Expr::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_else(|| "lambda".into()),
        _ => "lambda".into(),
    }
}

/// Which parameters take an `Option`, where the macro can see the handler's signature.
fn optional_parameters(handler: &Expr, cx: &Context) -> Option<Vec<bool>> {
    match handler {
        Expr::Closure(c) => Some(
            c.inputs
                .iter()
                .map(|p| matches!(p, Pat::Type(t) if is_option(&t.ty)))
                .collect(),
        ),
        Expr::Path(p) => p
            .path
            .get_ident()
            .and_then(|ident| cx.fn_optional.get(&ident.to_string()).cloned()),
        _ => None,
    }
}

/// Parameter names where the macro can see the handler's signature.
fn parameter_names(handler: &Expr, cx: &Context) -> Option<Vec<String>> {
    match handler {
        Expr::Closure(c) => Some(
            c.inputs
                .iter()
                .enumerate()
                .map(|(i, p)| pat_name(p, i))
                .collect(),
        ),
        Expr::Path(p) => p
            .path
            .get_ident()
            .and_then(|ident| cx.fn_params.get(&ident.to_string()).cloned()),
        _ => None,
    }
}

/// The doc comment of a handler that is a `fn` declared in the body.
fn description<'a>(handler: &Expr, cx: &'a Context) -> Option<&'a String> {
    match handler {
        Expr::Path(p) => p
            .path
            .get_ident()
            .and_then(|ident| cx.fn_docs.get(&ident.to_string())),
        _ => None,
    }
}

/// `builder.__call_adapted(sources, outputs, adapter, name)`: the adapter takes each input into
/// a local spanned on the input's token, then calls the handler with them, spanned on the
/// inputs list. A parameter whose type differs from its input's value is reported at that
/// input (and at the handler's parameter); a wrong count at the inputs list; a return value
/// that cannot fill the outputs at the outputs list.
fn wiring_call(builder: TokenStream, wiring: &crate::parse::Wiring, cx: &Context) -> TokenStream {
    let handler = &wiring.handler;
    let inputs: Vec<TokenStream> = wiring
        .inputs
        .names
        .iter()
        .map(|n| input_expr(n, cx))
        .collect();
    let sources =
        wiring.inputs.names.iter().zip(&inputs).map(
            |(name, input)| quote_spanned!(name.span()=> ::blocks::__private::source(&#input)),
        );
    let args: Vec<Ident> = wiring
        .inputs
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| format_ident!("__blocks_arg{}", i, span = name.span()))
        .collect();
    let takes = wiring
        .inputs
        .names
        .iter()
        .zip(&inputs)
        .zip(&args)
        .map(|((name, input), arg)| {
            // An input the event takes twice cannot be a `StateMut` (the second use would wait
            // for its borrow): `take_shared` refuses that type, at this input.
            let uses = wiring.inputs.names.iter().filter(|n| *n == name).count();
            let take = if uses > 1 {
                Ident::new("take_shared", name.span())
            } else {
                Ident::new("take", name.span())
            };
            quote_spanned!(name.span()=> let #arg = __blocks_raw.#take(&#input)?;)
        });
    let inputs_span = wiring.inputs.span;
    let callee = Ident::new("__blocks_handler", inputs_span);
    let call = quote_spanned!(inputs_span=> #callee(#(#args),*));
    let raw = if args.is_empty() {
        quote!(__blocks_raw)
    } else {
        quote!(mut __blocks_raw)
    };
    let outputs = outputs_expr(&wiring.outputs);
    let method = Ident::new("__call_adapted", wiring.outputs.span);
    let name = handler_name(handler);
    let seen = parameter_names(handler, cx);
    // A `fn` defined elsewhere: its `#[blocks::handler]` signature when it has one, found when
    // the app is built; until then the inputs' names.
    let signature = (seen.is_none() && matches!(handler, Expr::Path(_))).then(|| {
        quote! { .__signature_of(&__blocks_signature) }
    });
    let names = seen
        .unwrap_or_else(|| wiring.inputs.names.iter().map(Ident::to_string).collect())
        .into_iter()
        .map(|name| name.trim_start_matches('_').to_owned())
        .collect::<Vec<_>>();
    let names = (!names.is_empty()).then(|| quote! { .parameter_names([#(#names),*]) });
    let optional = optional_parameters(handler, cx)
        .filter(|flags| flags.contains(&true))
        .map(|flags| quote! { .__optional_parameters([#(#flags),*]) });
    // Before the event's options, so that a `.description(…)` the user writes wins.
    let description = description(handler, cx).map(|text| quote! { .description(#text) });
    let handler_span = handler.span();
    let handler_binding = Ident::new(
        "__blocks_handler",
        Span::call_site().located_at(handler_span),
    );
    let probe = signature.is_some().then(|| {
        quote! { let __blocks_signature = ::blocks::__private::HandlerSignature::of_val(&#handler_binding); }
    });
    quote! {{
        let #handler_binding = #handler;
        #probe
        #builder.#method(
            ::std::vec![#(#sources),*],
            #outputs,
            move |#raw: ::blocks::__private::RawInputs|
                -> ::std::result::Result<_, ::blocks::__private::InputError> {
                #(#takes)*
                ::std::result::Result::Ok(#call)
            },
            #name,
        )
        #names
        #optional
        #signature
        #description
    }}
}
