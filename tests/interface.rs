//! Interface, ChatInterface and Examples: the layout and events they make, run in the
//! in-process harness as the page would fire them, and the endpoints API clients see.

use blocks::prelude::*;
use blocks::testing::TestApp;
use futures_util::stream::{self, Stream};
use serde_json::{json, Value};

/// Greets `name`, `times` times.
#[blocks::handler]
pub fn greet(name: String, times: f64) -> String {
    format!("Hello, {name}!").repeat(times as usize)
}

fn greeter() -> App {
    Interface::new(
        greet,
        (Textbox::new(), Number::new().value(1.0)),
        Textbox::new(),
    )
    .title("Greeter")
    .examples([("Ada".to_owned(), 2.0), ("Grace".to_owned(), 1.0)])
    .build()
}

/// The props of the component with this id in `/config`.
fn props_of(config: &Value, id: u32) -> Value {
    config["components"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["id"] == id))
        .map(|c| c["props"].clone())
        .unwrap_or(Value::Null)
}

fn kinds(app: &App) -> Vec<String> {
    app.config()["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|c| c["type"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn interface_lays_out_inputs_buttons_outputs_and_examples_as_gradio() {
    let app = greeter();
    assert_eq!(
        kinds(&app),
        [
            "markdown", "row", "column", "column", "textbox", "number", "row", "button", "button",
            "column", "textbox", "dataset"
        ]
    );
    let config = app.config();
    let props = |id: u32| props_of(&config, id);
    assert_eq!(
        props(5)["label"],
        "name",
        "an input is labelled after its parameter"
    );
    assert_eq!(props(6)["label"], "times");
    assert_eq!(props(11)["label"], "output");
    assert_eq!(props(8)["value"], "Clear");
    assert_eq!(
        (props(9)["value"].clone(), props(9)["variant"].clone()),
        (json!("Submit"), json!("primary"))
    );
    assert_eq!(props(12)["headers"], json!(["name", "times"]));
    assert_eq!(props(12)["samples"], json!([["Ada", 2.0], ["Grace", 1.0]]));
    assert_eq!(props(12)["component_ids"], json!([5, 6]));
    assert_eq!(config["title"], "Greeter");

    let api = app.api();
    let predict = api
        .endpoint("greet")
        .expect("the endpoint is named after the handler");
    assert_eq!(predict.visibility, ApiVisibility::Public);
    let names: Vec<&str> = predict.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["name", "times"]);
    assert_eq!(predict.description, "Greets `name`, `times` times.");
    let triggers = &config["dependencies"][0]["targets"];
    assert_eq!(
        triggers,
        &json!([[9, "click"], [5, "submit"], [6, "submit"]])
    );
    let visible: Vec<&str> = api
        .endpoints
        .iter()
        .filter(|e| e.visibility == ApiVisibility::Public)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(visible, ["greet"], "clear and load_example are not public");
    assert!(api.endpoint("load_example").is_some());
}

#[test]
fn submit_runs_the_handler_and_clear_empties_everything() {
    let app = greeter();
    let name = app.find::<Textbox>("name").expect("name");
    let times = app.find::<Number>("times").expect("times");
    let out = app.find::<Textbox>("output").expect("output");
    let submit = app.find::<Button>("Submit").expect("submit");
    let clear = app.find::<Button>("Clear").expect("clear");
    let test = TestApp::new(app);
    let tab = test.open();
    tab.set(name, "Ada");
    tab.set(times, 2.0);
    tab.click(submit).expect("submitted");
    assert_eq!(tab.value(out), "Hello, Ada!Hello, Ada!");
    tab.set(name, "Bo");
    tab.fire(name.submit());
    assert_eq!(
        tab.value(out),
        "Hello, Bo!Hello, Bo!",
        "Enter in a textbox submits"
    );
    tab.click(clear).expect("cleared");
    assert_eq!(tab.raw_value(name.id()), Value::Null);
    assert_eq!(tab.raw_value(times.id()), Value::Null);
    assert_eq!(tab.raw_value(out.id()), Value::Null);
}

#[test]
fn clicking_an_example_fills_the_inputs_and_a_bad_index_is_an_error() {
    let app = greeter();
    let name = app.find::<Textbox>("name").expect("name");
    let times = app.find::<Number>("times").expect("times");
    let table = app.all::<Dataset>()[0];
    let test = TestApp::new(app);
    let tab = test.open();
    tab.set(table, 1usize);
    tab.fire(table.click());
    assert_eq!(tab.value(name), "Grace");
    assert_eq!(tab.value(times), 1.0);
    tab.set(table, 7usize);
    let fired = tab.fire(table.click());
    let err = fired.error().expect("no example 7").to_string();
    assert!(
        err.contains("there is no example 7: the table has 2"),
        "{err}"
    );
    tab.set_raw(table.id(), json!("first"));
    assert!(tab.fire(table.click()).error().is_some(), "not an index");
}

#[test]
fn examples_can_run_the_handler_after_filling() {
    let mut app = Blocks::new();
    let word = app.add(Textbox::new().label("Word"));
    let loud = app.add(Textbox::new().label("Loud"));
    let table = app.render(
        Examples::new(word, ["quiet".to_owned()])
            .label("Try")
            .example_labels(["a quiet word"])
            .run(|w: String| w.to_uppercase(), loud),
    );
    let app = app.build();
    let props = props_of(&app.config(), table.id().get());
    assert_eq!(props["sample_labels"], json!(["a quiet word"]));
    assert_eq!(props["label"], "Try");
    let test = TestApp::new(app);
    let tab = test.open();
    tab.set(table, 0usize);
    tab.fire(table.click());
    assert_eq!(
        (tab.value(word), tab.value(loud)),
        ("quiet".to_owned(), "QUIET".to_owned())
    );
}

fn count_to(n: f64) -> impl Iterator<Item = String> {
    (1..=n as u32).map(|i| i.to_string())
}

#[test]
fn a_streaming_interface_gets_a_stop_button_that_cancels_it() {
    let app = Interface::new(count_to, Number::new().label("n"), Textbox::new())
        .api_name("count")
        .build();
    let config = app.config();
    let stop = app.find::<Button>("Stop").expect("a Stop button");
    assert_eq!(props_of(&config, stop.id().get())["visible"], false);
    let predict = app.api().endpoint("count").expect("named");
    assert!(predict.generator);
    let deps = config["dependencies"].as_array().expect("dependencies");
    let cancel = deps
        .iter()
        .find(|d| d["types"]["cancel"] == true)
        .expect("a cancel dependency");
    assert_eq!(cancel["cancels"], json!([predict.dependency.get()]));
    let n = app.find::<Number>("n").expect("n");
    let out = app.find::<Textbox>("output").expect("output");
    let submit = app.find::<Button>("Submit").expect("submit");
    let test = TestApp::new(app);
    let tab = test.open();
    tab.set(n, 3.0);
    tab.click(submit).expect("ran");
    assert_eq!(tab.value(out), "3");
}

fn echo(message: String, history: Vec<ChatMessage>) -> String {
    format!("{message} ({} before)", history.len())
}

fn texts(history: &[ChatMessage]) -> Vec<String> {
    history.iter().map(ChatMessage::text).collect()
}

#[test]
fn chat_keeps_the_history_and_retry_undo_clear_work() {
    let app = ChatInterface::new(echo)
        .title("Echo")
        .examples(["hi there"])
        .build();
    assert_eq!(app.config()["title"], "Echo");
    let chatbot = app.all::<Chatbot>()[0];
    let textbox = app.all::<Textbox>()[0];
    let history = app.all::<State<Vec<ChatMessage>>>()[0];
    let [retry, undo, clear] = ["Retry", "Undo", "Clear"].map(|b| app.find::<Button>(b).expect(b));
    let test = TestApp::new(app);
    let tab = test.open();
    tab.set(textbox, "hello");
    tab.fire(textbox.submit());
    assert_eq!(texts(&tab.value(chatbot)), ["hello", "hello (0 before)"]);
    assert_eq!(tab.value(textbox), "", "the box is emptied");
    tab.set(textbox, "again");
    tab.fire(textbox.submit());
    let shown = tab.value(chatbot);
    assert_eq!(texts(&shown)[3], "again (2 before)");
    assert_eq!(tab.state(history).map(|h| h.len()), Some(4));

    tab.click(retry).expect("retried");
    assert_eq!(
        texts(&tab.value(chatbot)),
        texts(&shown),
        "the last turn again"
    );

    tab.click(undo).expect("undone");
    assert_eq!(texts(&tab.value(chatbot)), ["hello", "hello (0 before)"]);
    assert_eq!(tab.value(textbox), "again", "undo puts the message back");
    assert_eq!(tab.state(history).map(|h| h.len()), Some(2));

    tab.click(clear).expect("cleared");
    assert!(tab.value(chatbot).is_empty());
    assert_eq!(tab.state(history).map(|h| h.len()), Some(0));
}

#[test]
fn the_chat_endpoint_takes_the_message_and_keeps_the_session_history() {
    let app = ChatInterface::new(echo).build();
    let endpoint = app
        .api()
        .endpoint("echo")
        .expect("named after the function");
    assert_eq!(endpoint.visibility, ApiVisibility::Public);
    let names: Vec<&str> = endpoint
        .parameters
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["message"],
        "the history is a State: not a parameter"
    );
    assert_eq!(endpoint.returns.len(), 1, "the reply only");
    let history = app.all::<State<Vec<ChatMessage>>>()[0];
    let test = TestApp::new(app);
    let tab = test.open();
    let first = tab
        .call("echo", vec![json!("hi"), Value::Null])
        .expect("called");
    assert_eq!(first.outputs[0], "hi (0 before)");
    let second = tab
        .call("echo", vec![json!("yo"), Value::Null])
        .expect("called");
    assert_eq!(second.outputs[0], "yo (2 before)");
    assert_eq!(tab.state(history).map(|h| h.len()), Some(4));
}

fn spell(message: String, _history: Vec<ChatMessage>) -> impl Stream<Item = String> {
    let words: Vec<String> = message.split(' ').map(str::to_owned).collect();
    stream::iter((1..=words.len()).map(move |n| words[..n].join(" ")))
}

#[test]
fn a_streaming_chat_streams_the_reply_into_the_conversation() {
    let app = ChatInterface::new(spell).build();
    assert!(app.find::<Button>("Stop").is_some());
    assert!(app.api().endpoint("spell").expect("named").generator);
    let chatbot = app.all::<Chatbot>()[0];
    let textbox = app.all::<Textbox>()[0];
    let test = TestApp::new(app);
    let tab = test.open();
    tab.set(textbox, "one two three");
    let fired = tab.fire(textbox.submit());
    assert!(
        fired.streamed.len() >= 3,
        "each partial reply is sent: {}",
        fired.streamed.len()
    );
    assert_eq!(
        texts(&tab.value(chatbot)),
        ["one two three", "one two three"]
    );
}

fn tuned(message: String, history: Vec<ChatMessage>, temperature: f64, tone: String) -> String {
    format!("{tone} {message} at {temperature} after {}", history.len())
}

#[test]
fn additional_inputs_follow_the_history() {
    let app = ChatInterface::with_additional_inputs(
        tuned,
        (
            Slider::new(0.0, 1.0).label("Temperature").value(0.5),
            Textbox::new().label("Tone").value("calm"),
        ),
    )
    .build();
    assert!(kinds(&app).contains(&"accordion".to_owned()));
    let endpoint = app.api().endpoint("tuned").expect("named");
    assert_eq!(endpoint.parameters.len(), 3);
    let test = TestApp::new(app);
    let tab = test.open();
    let out = tab
        .call(
            "tuned",
            vec![json!("hi"), Value::Null, json!(0.2), json!("warm")],
        )
        .expect("called");
    assert_eq!(out.outputs[0], "warm hi at 0.2 after 0");
}

#[test]
fn the_macro_renders_an_interface_where_it_stands() {
    let app: App = blocks::blocks! {
        Markdown::new("# Above");
        Interface::new(|text: String| text.len() as f64, Textbox::new().label("Text"), Number::new())
            .api_name("length");
    };
    assert_eq!(kinds(&app)[..2], ["markdown", "row"]);
    let text = app.find::<Textbox>("Text").expect("text");
    let out = app.find::<Number>("output").expect("output");
    assert!(app.api().endpoint("length").is_some());
    let test = TestApp::new(app);
    let tab = test.open();
    tab.set(text, "four");
    tab.fire(text.submit());
    assert_eq!(tab.value(out), 4.0);
}
