//! The macro-built examples: echo, streaming, chatbot; and the macro producing the same app as
//! the builder.

#![allow(clippy::unwrap_used)]

use blocks::component::{
    Accordion, Button, ChatMessage, Chatbot, Checkbox, Markdown, Number, Row, Textbox,
};
use blocks::testing::TestApp;
use serde_json::{json, Value};

#[path = "../examples/builder.rs"]
#[allow(dead_code, unreachable_pub)]
mod builder;
#[path = "../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../examples/chatbot.rs"]
#[allow(dead_code, unreachable_pub)]
mod chatbot;
#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;
#[path = "../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

/// `/config` without the random `app_id`.
fn config_without_id(app: &blocks::App) -> Value {
    let mut config = app.config();
    config.as_object_mut().unwrap().remove("app_id");
    config
}

#[test]
fn the_macro_and_the_builder_make_the_same_config() {
    assert_eq!(
        config_without_id(&cart::app()),
        config_without_id(&builder::app())
    );
}

#[test]
fn the_macro_names_parameters_it_can_see() {
    let app = cart::app();
    let size = app
        .dependency(app.dependency_by_api_name("cart_size").unwrap())
        .unwrap();
    assert_eq!(size.parameter_names, vec!["cart"], "a closure's names are");
}

#[test]
fn a_handler_fn_defined_elsewhere_is_named_by_its_attribute() {
    for app in [cart::app(), builder::app()] {
        let add = app
            .dependency(app.dependency_by_api_name("add_items").unwrap())
            .unwrap();
        assert_eq!(add.parameter_names, vec!["new_items", "cart"]);
        assert_eq!(
            add.options.description.as_deref().unwrap_or_default(),
            "The \"Add Items\" handler: the session's cart plus the checked items."
        );
    }
}

/// Defined outside the app, without `#[blocks::handler]`.
fn shout(words: String) -> String {
    words.to_uppercase()
}

#[blocks::app]
fn unnamed() {
    let phrase = Textbox::new();
    let loud = Textbox::new();
    phrase.submit(shout, phrase, loud);
}

#[test]
fn without_the_attribute_parameters_are_named_after_their_inputs() {
    let app = unnamed();
    let shout = app
        .dependency(app.dependency_by_api_name("shout").unwrap())
        .unwrap();
    assert_eq!(shout.parameter_names, vec!["phrase"]);
}

#[test]
fn echo_returns_its_input() {
    let test = TestApp::new(echo::app());
    let input = test.app().find::<Textbox>("Input").unwrap();
    let output = test.app().find::<Textbox>("Output").unwrap();
    let send = test.app().find::<Button>("Echo").unwrap();
    let tab = test.open();
    tab.set(input, "hello");
    tab.click(send).unwrap();
    assert_eq!(tab.value(output), "hello");
    let client = test.session();
    let outcome = client.call("echo", vec![json!("from the API")]).unwrap();
    assert_eq!(outcome.outputs, vec![json!("from the API")]);
}

#[test]
fn stream_sends_ten_tokens_one_by_one() {
    let test = TestApp::new(stream::app());
    let output = test.app().find::<Textbox>("Output").unwrap();
    let go = test.app().find::<Button>("Stream").unwrap();
    let tab = test.open();
    let fired = tab.click(go).unwrap();
    assert_eq!(fired.streamed.len(), 10);
    assert_eq!(fired.streamed[0], vec![json!("token-0")]);
    assert_eq!(
        tab.value(output).split(' ').count(),
        10,
        "the final value is the whole text"
    );
    let info = test
        .app()
        .dependency(test.app().dependency_by_api_name("stream").unwrap())
        .unwrap();
    assert!(info.kind.is_generator());
}

#[test]
fn the_chatbot_adds_the_message_then_streams_the_reply() {
    let test = TestApp::new(chatbot::app());
    let chat = test.app().find::<Chatbot>("Chat").unwrap();
    let message = test.app().find::<Textbox>("Message").unwrap();
    let tab = test.open();
    tab.set(message, "hello");
    let fired = tab.fire(message.submit());
    assert!(fired.error().is_none(), "{:?}", fired.error());
    assert_eq!(
        fired.runs.len(),
        2,
        "the user turn, then the chained bot turn"
    );
    assert_eq!(tab.value(message), "", "the textbox is cleared");
    let history = tab.value(chat);
    assert_eq!(history.len(), 2);
    assert_eq!(history[0], ChatMessage::user("hello"));
    assert_eq!(history[1].text(), "You said: **hello**. Tell me more!");
    assert!(fired.streamed.len() > 3, "the reply streamed word by word");
}

fn labeled_box(label: &str) -> Textbox {
    Textbox::new().label(label)
}

/// Gradio's common pattern: components named but never wired still go on the page, in place;
/// plain values made the same way stay plain Rust.
#[blocks::app]
#[allow(unused_variables)]
fn shop() {
    let title = Markdown::new("# Shop");
    let hint = labeled_box("Hint");
    let greeting = "hi";
    let ids: Vec<u32> = Vec::new();
    let cmd = std::process::Command::new("true");
    row(|| {
        let before = Textbox::new().label("Before");
        let query = labeled_box("Query");
        let note = Markdown::new("In the row");
    });
    let results = Textbox::new().label("Results");
    query.submit(|q: String| q, query, results);
    Markdown::new("Footer");
    // The plain values kept their own types.
    let _: (&str, Vec<u32>, std::process::Command) = (greeting, ids, cmd);
}

/// A component of `/config` in short: its type and its label, or its value when it has none.
fn describe(config: &Value, id: &Value) -> String {
    let component = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| &c["id"] == id)
        .unwrap();
    let props = &component["props"];
    let text = props["label"].as_str().or(props["value"].as_str());
    match text {
        Some(text) => format!("{} {text}", component["type"].as_str().unwrap()),
        None => component["type"].as_str().unwrap().to_owned(),
    }
}

/// The layout's children, each described, a layout block with its own children in brackets.
fn layout(config: &Value, node: &Value) -> Vec<String> {
    node["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|child| match child.get("children") {
            Some(_) => format!(
                "{}[{}]",
                describe(config, &child["id"]),
                layout(config, child).join(", ")
            ),
            None => describe(config, &child["id"]),
        })
        .collect()
}

#[test]
fn an_unwired_component_is_on_the_page_in_place_and_a_plain_value_is_not() {
    let config = shop().config();
    assert_eq!(
        layout(&config, &config["layout"]),
        [
            "markdown # Shop",
            "textbox Hint",
            "row[textbox Before, textbox Query, markdown In the row]",
            "textbox Results",
            "markdown Footer",
        ]
    );
    let kinds: Vec<&str> = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["markdown", "textbox", "row", "textbox", "textbox", "markdown", "textbox", "markdown"],
        "the plain lets (a &str, a Vec, a Command) added nothing"
    );
}

/// Handlers declared in the body describe their endpoints with their doc comments.
#[blocks::app]
fn greeter() {
    /// Greets a person by name.
    fn greet(name: String) -> String {
        format!("Hello {name}")
    }
    let name = Textbox::new().label("Name");
    let greeting = Textbox::new().label("Greeting");
    name.submit(greet, name, greeting).api_name("greet");
    row(|| {
        /// Shouts a greeting.
        ///
        /// Upper-cases the whole text,
        ///   keeping its spaces.
        #[doc = " Never fails."]
        fn shout(text: String) -> String {
            text.to_uppercase()
        }
        let shout_button = Button::new("Shout");
    });
    shout_button
        .click(shout, greeting, greeting)
        .api_name("shout")
        .then(greet, name, greeting)
        .api_name("greet_again");
    let reset = Button::new("Reset");
    reset
        .click(|_name: String| String::new(), name, greeting)
        .api_name("reset");
    let polite = Button::new("Polite");
    polite
        .click(greet, name, greeting)
        .description("Greets politely.")
        .api_name("polite");
}

#[test]
fn a_handler_declared_in_the_body_describes_its_endpoint() {
    let app = greeter();
    let api = app.api();
    let description = |name: &str| api.endpoint(name).unwrap().description.as_str();
    assert_eq!(description("greet"), "Greets a person by name.");
    assert_eq!(
        description("shout"),
        "Shouts a greeting.\n\nUpper-cases the whole text,\n  keeping its spaces.\nNever fails."
    );
    assert_eq!(
        description("greet_again"),
        "Greets a person by name.",
        "a chained event's"
    );
    assert_eq!(description("reset"), "", "a closure has no doc comment");
    assert_eq!(description("polite"), "Greets politely.", "the user's wins");
    // `shout` is defined outside the macro body, without `#[blocks::handler]`: its doc
    // comment is not visible.
    assert_eq!(unnamed().api().endpoint("shout").unwrap().description, "");
}

#[test]
#[should_panic(expected = "api_name `echo` is set on two events")]
fn a_duplicate_api_name_the_macro_cannot_see_fails_the_build() {
    // Not literals: the macro leaves them to `Blocks::build`'s check.
    let (first, second) = ("echo", String::from("/echo"));
    let _app = blocks::blocks! {
        let text = Textbox::new();
        text.submit(|t: String| t, text, text).api_name(first);
        text.change(|t: String| t, text, text).api_name(second);
    };
}

#[test]
fn a_stop_button_cancels_the_stream_from_the_page() {
    let app = stream::app();
    let config = app.config();
    let stream = app.dependency_by_api_name("stream").unwrap();
    let deps = config["dependencies"].as_array().unwrap();
    let cancel = deps
        .iter()
        .find(|d| d["types"]["cancel"] == json!(true))
        .expect("a cancel dependency");
    assert_eq!(cancel["cancels"], json!([stream.get()]));
    assert_eq!(
        cancel["backend_fn"],
        json!(false),
        "the page cancels; no handler runs"
    );
    assert_eq!(cancel["queue"], json!(false));
    assert_eq!(cancel["api_visibility"], json!("private"));
    let stop = app.find::<Button>("Stop").unwrap();
    assert_eq!(cancel["targets"], json!([[stop.id().get(), "click"]]));
    let info = app.api().info_json(true);
    let names: Vec<&String> = info["named_endpoints"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert!(!names.iter().any(|n| n.contains("cancel")), "{names:?}");
}

/// Greets, maybe by name.
#[blocks::handler]
fn greet_maybe(name: Option<String>, times: f64) -> String {
    format!("{name:?} x{times}")
}

#[blocks::app]
fn optional_app() {
    let name = Textbox::new();
    let times = Number::new();
    let out = Textbox::new();
    name.submit(greet_maybe, (name, times), out)
        .api_name("greet");
    times
        .submit(|x: Option<f64>| format!("{x:?}"), times, out)
        .api_name("show");
}

#[test]
fn option_parameters_are_optional_in_the_api() {
    let info = optional_app().api().info_json(false);
    let flags = |endpoint: &str| -> Vec<(String, Value)> {
        info["named_endpoints"][endpoint]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["parameter_name"].as_str().unwrap().to_owned(),
                    p["parameter_has_default"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        flags("/greet"),
        vec![("name".into(), json!(true)), ("times".into(), json!(false))],
        "#[blocks::handler] records Option parameters"
    );
    assert_eq!(
        flags("/show"),
        vec![("x".into(), json!(true))],
        "a closure's"
    );
}

/// Layout blocks named with `let`: a row the handler hides and an accordion, closed at first,
/// that it opens; the names declared inside them are wired after them.
#[blocks::app]
fn details() {
    let show = Checkbox::new().label("Show details");
    let panel = row(|| {
        let summary = Textbox::new().label("Summary");
    });
    let details = accordion("Details", || {
        let text = Textbox::new().label("Text");
    })
    .open(false);
    show.change(
        |on: bool| (Row::update().visible(!on), Accordion::update().open(on)),
        show,
        (panel, details),
    )
    .api_name("toggle");
    text.change(|t: String| t, text, summary);
}

/// The same app with the builder.
fn details_builder() -> blocks::App {
    let mut app = blocks::Blocks::new();
    let show = app.add(Checkbox::new().label("Show details"));
    let panel = app.open(Row::default());
    let summary = app.add(Textbox::new().label("Summary"));
    app.close();
    let details = app.open(Accordion::new("Details").open(false));
    let text = app.add(Textbox::new().label("Text"));
    app.close();
    app.on(show.change())
        .call(
            |on: bool| (Row::update().visible(!on), Accordion::update().open(on)),
            show,
            (panel, details),
        )
        .api_name("toggle");
    app.on(text.change()).call(|t: String| t, text, summary);
    app.build()
}

#[test]
fn a_macro_app_hides_a_row_and_opens_an_accordion() {
    assert_eq!(
        config_without_id(&details()),
        config_without_id(&details_builder())
    );
    let test = TestApp::new(details());
    let show = test.app().find::<Checkbox>("Show details").unwrap();
    let tab = test.open();
    let fired = tab.edit(show, true);
    let [(_, outcome)] = fired.runs.as_slice() else {
        panic!("one run: {:?}", fired.runs.len());
    };
    assert_eq!(
        outcome.as_ref().unwrap().outputs,
        vec![
            json!({"__type__": "update", "visible": false}),
            json!({"__type__": "update", "open": true}),
        ]
    );
    let outcome = test.session().call("toggle", vec![json!(false)]).unwrap();
    assert_eq!(
        outcome.outputs,
        vec![
            json!({"__type__": "update", "visible": true}),
            json!({"__type__": "update", "open": false}),
        ]
    );
}
