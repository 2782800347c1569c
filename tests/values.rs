//! Value semantics at the level users meet them, over the HTTP API (queue join + SSE, `/run`)
//! and in-process: empty inputs reach handlers as `None` (never as the component's initial
//! value), a plain parameter given an empty value is a clear error, NaN is an output error,
//! `skip()` leaves an output alone and `None` clears it, and a `StateMut` cannot share its
//! state with another parameter.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use blocks::app::BuildError;
use blocks::engine::{EventError, EventRequest};
use blocks::prelude::*;
use blocks::session::MemoryStore;
use blocks::testing::{TestApp, TestServer};
use serde_json::{json, Value};

/// The `process_completed` message among a stream's messages.
fn completed(messages: &[Value]) -> &Value {
    messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap_or_else(|| panic!("no process_completed in {messages:?}"))
}

/// Joins the queue for `api_name` in a fresh session and reads its stream to the end.
async fn run_queued(server: &TestServer, api_name: &str, data: Value, session: &str) -> Value {
    server.join_api(api_name, data, session).await.unwrap();
    let messages = server.queue_data(session).await;
    completed(&messages).clone()
}

/// A divider whose first field starts at 4: clearing it must not divide 4 by 4.
fn divider() -> App {
    let mut app = Blocks::new();
    let a = app.add(Number::new().label("A").value(4.0));
    let b = app.add(Number::new().label("B").value(4.0));
    let out = app.add(Textbox::new().label("Result"));
    let strict = app.add(Number::new().label("Strict"));
    let go = app.add(Button::new("Divide"));
    app.on(go.click())
        .call(
            |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => format!("{}", a / b),
                _ => "empty".to_owned(),
            },
            (a, b),
            out,
        )
        .api_name("divide");
    app.on(go.click())
        .call(|a: f64| a * 2.0, a, strict)
        .api_name("double")
        .parameter_names(["a"]);
    app.on(go.click())
        .call(|a: f64| a / 0.0 * 0.0, a, strict)
        .api_name("nan");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cleared_number_reaches_an_option_parameter_as_none() {
    let server = TestServer::start(divider()).await;
    let done = run_queued(&server, "divide", json!([null, 4]), "s1").await;
    assert_eq!(done["success"], true, "{done}");
    assert_eq!(
        done["output"]["data"],
        json!(["empty"]),
        "never the initial 4"
    );
    let done = run_queued(&server, "divide", json!([8, 4]), "s2").await;
    assert_eq!(done["output"]["data"], json!(["2"]));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_parameter_given_an_empty_value_is_a_clear_error() {
    let server = TestServer::start(divider()).await;
    let done = run_queued(&server, "double", json!([null]), "s1").await;
    assert_eq!(done["success"], false, "{done}");
    let error = done["output"]["error"].as_str().unwrap();
    for part in ["parameter `a`", "Number #1 \"A\"", "empty", "Option<f64>"] {
        assert!(error.contains(part), "{part:?} in {error}");
    }
    // The one-shot route answers at once: 422, naming the parameter.
    let refused = server.run("double", json!([null])).await.unwrap_err();
    assert_eq!(refused.status, 422, "{refused}");
    assert!(
        refused.to_string().contains("Option<f64>"),
        "{}",
        refused.body
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nan_returned_to_a_number_is_an_output_error() {
    let server = TestServer::start(divider()).await;
    let done = run_queued(&server, "nan", json!([3]), "s1").await;
    assert_eq!(done["success"], false, "{done}");
    let error = done["output"]["error"].as_str().unwrap();
    assert!(
        error.contains("NaN is not a number a Number can show"),
        "{error}"
    );
    server.stop().await;
}

/// Radio and Dropdown with nothing selected send `null`.
fn choices() -> App {
    let mut app = Blocks::new();
    let radio = app.add(Radio::new(["a", "b"]).label("Pick"));
    let menu = app.add(Dropdown::new(["x", "y"]).label("Menu"));
    let out = app.add(Textbox::new());
    let go = app.add(Button::new("Go"));
    app.on(go.click())
        .call(
            |r: Option<String>, d: Option<String>| format!("{r:?} {d:?}"),
            (radio, menu),
            out,
        )
        .api_name("optional");
    app.on(go.click())
        .call(|r: String| r, radio, out)
        .api_name("required");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unselected_radio_or_dropdown_is_none_or_a_clear_error() {
    let server = TestServer::start(choices()).await;
    let done = run_queued(&server, "optional", json!([null, "y"]), "s1").await;
    assert_eq!(
        done["output"]["data"],
        json!(["None Some(\"y\")"]),
        "{done}"
    );
    let done = run_queued(&server, "required", json!([null]), "s2").await;
    assert_eq!(done["success"], false, "{done}");
    let error = done["output"]["error"].as_str().unwrap();
    assert!(
        error.contains("Radio") && error.contains("Option<String>"),
        "{error}"
    );
    server.stop().await;
}

/// `skip()` and `None` outputs.
fn skipper() -> App {
    let mut app = Blocks::new();
    let n = app.add(Number::new().label("N"));
    let doubled = app.add(Number::new().label("Doubled").value(7.0));
    let note = app.add(Textbox::new().label("Note").value("keep"));
    let go = app.add(Button::new("Go"));
    app.on(go.click())
        .call(
            |n: Option<f64>| -> (Update<Number>, Option<String>) {
                match n {
                    Some(n) => (Number::update().value(n * 2.0), Some(format!("{n}"))),
                    None => (skip(), None),
                }
            },
            n,
            (doubled, note),
        )
        .api_name("double");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skip_sends_an_empty_update_and_none_clears() {
    let server = TestServer::start(skipper()).await;
    let done = run_queued(&server, "double", json!([null]), "s1").await;
    assert_eq!(
        done["output"]["data"],
        json!([{"__type__": "update"}, null]),
        "as Gradio sends gr.skip() and a None output"
    );
    let done = run_queued(&server, "double", json!([2]), "s2").await;
    assert_eq!(
        done["output"]["data"],
        json!([{"__type__": "update", "value": 4.0}, "2"])
    );
    server.stop().await;
}

#[test]
fn skip_leaves_the_page_value_and_none_clears_it() {
    let app = skipper();
    let doubled = app.find::<Number>("Doubled").unwrap();
    let note = app.find::<Textbox>("Note").unwrap();
    let n = app.find::<Number>("N").unwrap();
    let go = app.find::<Button>("Go").unwrap();
    let test = TestApp::new(app);
    let tab = test.open();
    tab.set(n, 3.0);
    tab.click(go).unwrap();
    assert_eq!(tab.value(doubled), 6.0);
    tab.set_raw(n.id(), Value::Null);
    tab.click(go).unwrap();
    assert_eq!(tab.value(doubled), 6.0, "skipped: unchanged");
    assert_eq!(tab.raw_value(note.id()), Value::Null, "None cleared it");
}

#[test]
fn a_state_mut_used_twice_in_one_event_is_a_build_error() {
    let mut app = Blocks::new();
    let cart = app.add(State::new(Vec::<String>::new()));
    let size = app.add(Number::new());
    let go = app.add(Button::new("Go"));
    app.on(go.click()).call(
        |mut cart: StateMut<Vec<String>>, before: Vec<String>| {
            cart.push("x".into());
            before.len() as f64
        },
        (cart, cart),
        size,
    );
    let err = app.try_build().unwrap_err();
    assert!(
        matches!(err, BuildError::StateMutShared { state, .. } if state == cart.id()),
        "{err}"
    );
    assert!(err
        .to_string()
        .contains("must be the only use of its state"));
}

#[test]
fn a_state_read_twice_by_value_is_fine() {
    let mut app = Blocks::new();
    let count = app.add(State::new(2_u32));
    let sum = app.add(Number::new());
    let go = app.add(Button::new("Go"));
    app.on(go.click())
        .call(|a: u32, b: u32| a + b, (count, count), sum);
    let test = TestApp::new(app.build());
    let tab = test.open();
    tab.click(go).unwrap();
    assert_eq!(tab.value(sum), 4.0);
}

#[tokio::test]
async fn a_failed_event_saves_what_state_mut_changed_to_the_store() {
    let store = Arc::new(MemoryStore::new());
    let replica = |store: Arc<MemoryStore>| {
        let mut app = Blocks::new();
        app.session_store(store);
        let cart = app.add(State::stored(Vec::<String>::new()));
        let size = app.add(Number::new());
        let go = app.add(Button::new("Go"));
        app.on(go.click())
            .call(
                |mut cart: StateMut<Vec<String>>| -> Result<f64, String> {
                    cart.push("x".into());
                    Err(format!("failed after {} items", cart.len()))
                },
                cart,
                size,
            )
            .api_name("add");
        app.build()
    };
    let a = replica(Arc::clone(&store));
    let b = replica(Arc::clone(&store));
    let request = |app: &App| {
        let dep = app.dependency_by_api_name("add").unwrap();
        EventRequest::new(SessionId::new("s1").unwrap(), dep, vec![Value::Null])
    };
    let first = a.run(request(&a)).await.unwrap_err();
    assert!(matches!(first, EventError::Handler(_)), "{first}");
    let second = b.run(request(&b)).await.unwrap_err();
    assert_eq!(
        second.to_string(),
        "failed after 2 items",
        "replica B sees the item replica A's failed event added"
    );
}

#[test]
fn str_fills_every_string_output_and_all_tells_dropdowns_apart() {
    let mut app = Blocks::new();
    let radio = app.add(Radio::new(["a", "b"]));
    let single = app.add(Dropdown::new(["a", "b"]));
    let multi = app.add(Dropdown::new(["a", "b"]).multiselect());
    let html = app.add(Html::new(""));
    let go = app.add(Button::new("Go"));
    app.on(go.click())
        .call(|| ("b", "a", "<b>hi</b>"), (), (radio, single, html));
    let app = app.build();
    assert_eq!(app.all::<Dropdown>().len(), 1, "the single one only");
    assert_eq!(app.all::<Dropdown<Multi>>()[0].id(), multi.id());
    assert_eq!(app.all::<Dropdown<Single>>()[0].id(), single.id());
    let test = TestApp::new(app);
    let tab = test.open();
    tab.click(go).unwrap();
    assert_eq!(tab.value(radio), "b");
    assert_eq!(tab.value(single), "a");
    assert_eq!(tab.value(html), "<b>hi</b>");
}

/// As Gradio: an API parameter is optional (has a default) when its component was given an
/// initial value, or else when the handler takes an `Option` (default `null`, as a Python
/// default of `None`); an empty Textbox or Number feeding a plain parameter is required.
#[test]
fn only_components_given_a_value_advertise_a_default() {
    let mut app = Blocks::new();
    let free = app.add(Textbox::new().label("Free"));
    let preset = app.add(Textbox::new().label("Preset").value("hi"));
    let count = app.add(Number::new().label("Count"));
    let level = app.add(Number::new().label("Level").value(3.0));
    let out = app.add(Textbox::new());
    app.on(free.submit())
        .call(
            |a: Option<String>, b: String, c: f64, d: Option<f64>| format!("{a:?}{b}{c}{d:?}"),
            (free, preset, count, level),
            out,
        )
        .api_name("mix")
        .parameter_names(["free", "preset", "count", "level"]);
    let app = app.build();
    let info = app.api().info_json(false);
    let parameters = info["named_endpoints"]["/mix"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["parameter_name"].as_str().unwrap().to_owned(),
                p["parameter_has_default"].clone(),
                p["parameter_default"].clone(),
            )
        })
        .collect::<Vec<_>>();
    assert_eq!(
        parameters,
        vec![
            ("free".to_owned(), json!(true), Value::Null),
            ("preset".to_owned(), json!(true), json!("hi")),
            ("count".to_owned(), json!(false), Value::Null),
            ("level".to_owned(), json!(true), json!(3.0)),
        ]
    );
}
