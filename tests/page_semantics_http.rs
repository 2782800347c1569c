//! What the page relies on, over the wire as Gradio's clients see it: chat messages in both
//! Gradio shapes in and Gradio 6's shape out (with their rendered HTML alongside), `SelectData`
//! from a join's `event_data`, layout blocks as outputs of their updates, and streamed
//! Markdown rendered at every step.

#![allow(clippy::unwrap_used)]

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::{json, Value};

/// Joins `fn_index` with `body` merged into the usual join body; the session's messages.
async fn join_with(server: &TestServer, fn_index: usize, data: Value, extra: Value) -> Vec<Value> {
    let session = format!("s{:x}", rand::random::<u64>());
    let mut body = json!({"data": data, "fn_index": fn_index, "session_hash": session});
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    let response = server.post("/gradio_api/queue/join", &body).await;
    assert!(response.status().is_success(), "{}", response.status());
    server.queue_data(&session).await
}

fn completed(messages: &[Value]) -> &Value {
    messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap_or_else(|| panic!("no process_completed in {messages:?}"))
}

fn chat_app() -> App {
    let mut app = Blocks::new();
    let chat = app.add(Chatbot::new().label("Chat"));
    let answer = app.add(Chatbot::new().label("Answer"));
    let send = app.add(Button::new("Send"));
    app.on(send.click())
        .call(
            |mut history: Vec<ChatMessage>| {
                let said = history.last().map(ChatMessage::text).unwrap_or_default();
                history.push(ChatMessage::assistant(format!("You said **{said}**")));
                history
            },
            chat,
            answer,
        )
        .api_name("reply");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_messages_read_both_shapes_and_answer_in_gradio_6s() {
    let server = TestServer::start(chat_app()).await;
    let index = server.fn_index("reply").await;
    let old = json!([[{"role": "user", "content": "hi"}]]);
    let v6 = json!([[{"role": "user", "metadata": null, "content": [{"type": "text", "text": "hi"}], "options": null}]]);
    for data in [old, v6] {
        let messages = join_with(&server, index, data, json!({})).await;
        let done = completed(&messages);
        assert_eq!(done["success"], true, "{done}");
        assert_eq!(
            done["output"]["data"][0],
            json!([
                {"role": "user", "metadata": null, "content": [{"type": "text", "text": "hi"}], "options": null},
                {"role": "assistant", "metadata": null, "content": [{"type": "text", "text": "You said **hi**"}], "options": null},
            ])
        );
        let id = server.config().await["dependencies"][index]["outputs"][0].clone();
        let html = done["output"]["html"][id.to_string()].as_str().unwrap();
        assert!(html.contains("You said <strong>hi</strong>"), "{html}");
    }
    // A message of neither shape is refused at the join, naming the component.
    let refused = server
        .join(index, json!([[{"role": "user", "content": 5}]]), "bad")
        .await
        .unwrap_err();
    assert_eq!(refused.status, 422);
    assert!(refused.body.to_string().contains("Chatbot"), "{refused:?}");
    server.stop().await;
}

fn select_app() -> App {
    let mut app = Blocks::new();
    let table = app.add(Dataframe::new(["name", "qty"]).value(DataFrame {
        headers: vec!["name".into(), "qty".into()],
        data: vec![
            vec![json!("milk"), json!(2)],
            vec![json!("eggs"), json!(12)],
        ],
    }));
    let shown = app.add(Textbox::new().label("Picked"));
    app.on(table.select())
        .call(
            |evt: SelectData| {
                let SelectIndex::Pair(row, col) = evt.index else {
                    return "not a cell".to_owned();
                };
                format!(
                    "{row},{col}={} row={:?} col={:?}",
                    evt.value,
                    evt.row_value.unwrap_or_default(),
                    evt.col_value.unwrap_or_default()
                )
            },
            SelectInput,
            shown,
        )
        .api_name("picked");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn select_data_comes_from_the_joins_event_data() {
    let server = TestServer::start(select_app()).await;
    let index = server.fn_index("picked").await;
    let config = server.config().await;
    assert_eq!(config["dependencies"][index]["collects_event_data"], true);
    assert_eq!(config["dependencies"][index]["targets"][0][1], "select");
    let event = json!({"event_data": {"index": [1, 1], "value": 12,
        "row_value": ["eggs", 12], "col_value": [2, 12]}});
    let messages = join_with(&server, index, json!([]), event).await;
    assert_eq!(
        completed(&messages)["output"]["data"],
        json!(["1,1=12 row=[String(\"eggs\"), Number(12)] col=[Number(2), Number(12)]"])
    );
    // Without event data (an API client that sends none), the handler is not called and the
    // error says what was missing.
    let messages = join_with(&server, index, json!([]), json!({})).await;
    let done = completed(&messages);
    assert_eq!(done["success"], false);
    let error = done["output"]["error"].as_str().unwrap();
    assert!(
        error.contains("SelectData") && error.contains("event_data"),
        "{error}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn layout_blocks_take_their_updates_as_outputs() {
    let mut app = Blocks::new();
    let hide = app.add(Button::new("Hide"));
    let row = app.open(Row::default());
    app.add(Textbox::new().label("Inside"));
    app.close();
    let section = app.open(Accordion::new("More").open(false));
    app.close();
    let tabs = app.open(Tabs::default());
    app.open(Tab::new("A").id("a"));
    app.close();
    app.open(Tab::new("B").id("b"));
    app.close();
    app.close();
    app.on(hide.click())
        .call(
            || {
                (
                    Row::update().visible(false),
                    Accordion::update().open(true),
                    Tabs::update().selected("b"),
                )
            },
            (),
            (row, section, tabs),
        )
        .api_name("hide");
    let server = TestServer::start(app.build()).await;
    let index = server.fn_index("hide").await;
    let messages = join_with(&server, index, json!([]), json!({})).await;
    assert_eq!(
        completed(&messages)["output"]["data"],
        json!([
            {"__type__": "update", "visible": false},
            {"__type__": "update", "open": true},
            {"__type__": "update", "selected": "b"},
        ])
    );
    let config = server.config().await;
    let tab_b = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["props"]["label"] == "B")
        .unwrap();
    assert_eq!(tab_b["props"]["id"], "b");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streamed_markdown_is_rendered_at_every_step() {
    let mut app = Blocks::new();
    let go = app.add(Button::new("Go"));
    let text = app.add(Markdown::new(""));
    app.on(go.click())
        .call(
            || {
                futures_util::stream::iter(
                    ["**one**", "**one** _two_", "**one** _two_ `three`"].map(str::to_owned),
                )
            },
            (),
            text,
        )
        .api_name("go");
    let server = TestServer::start(app.build()).await;
    let index = server.fn_index("go").await;
    let messages = join_with(&server, index, json!([]), json!({})).await;
    let key = text.id().to_string();
    let steps: Vec<&str> = messages
        .iter()
        .filter(|m| m["msg"] == "process_generating")
        .map(|m| m["output"]["html"][&key].as_str().unwrap())
        .collect();
    assert_eq!(steps.len(), 3, "{messages:?}");
    assert!(steps[0].contains("<strong>one</strong>"));
    assert!(steps[1].contains("<em>two</em>"));
    assert!(steps[2].contains("<code>three</code>"));
    let done = completed(&messages);
    assert!(done["output"]["html"][&key]
        .as_str()
        .unwrap()
        .contains("<code>three</code>"));
    server.stop().await;
}
