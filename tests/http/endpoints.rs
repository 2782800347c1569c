//! The endpoints apps are described and called through: config and info, the two-step curl
//! API and run, request headers on every path, uploads and file serving, the page and its
//! assets.

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::{cart, completed, echo};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_and_info_describe_the_app() {
    let server = TestServer::start(echo::app()).await;
    let config = server.config().await;
    assert_eq!(config["protocol"], "sse_v3");
    assert_eq!(config["api_prefix"], "/gradio_api");
    assert_eq!(config["connect_heartbeat"], false, "echo has no state");
    let ids: Vec<u64> = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .collect();
    for dep in config["dependencies"].as_array().unwrap() {
        for id in dep["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .chain(dep["outputs"].as_array().unwrap())
        {
            assert!(
                ids.contains(&id.as_u64().unwrap()),
                "component {id} is listed"
            );
        }
    }
    let info = server.info().await;
    let echo = &info["named_endpoints"]["/echo"];
    assert_eq!(echo["parameters"][0]["component"], "Textbox");
    assert_eq!(echo["parameters"][0]["type"], json!({"type": "string"}));
    assert_eq!(echo["returns"][0]["label"], "Output");
    let app_id: Value = server.get("/gradio_api/app_id").await.json().await.unwrap();
    assert_eq!(app_id["app_id"], config["app_id"]);
    server.stop().await;

    let server = TestServer::start(cart::app()).await;
    let config = server.config().await;
    assert_eq!(config["connect_heartbeat"], true, "the cart has a State");
    let info = server.info().await;
    let params = info["named_endpoints"]["/add_items"]["parameters"]
        .as_array()
        .unwrap();
    assert_eq!(params.len(), 1, "the State input is left out");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_curl_api_answers_in_two_steps() {
    let server = TestServer::start(echo::app()).await;
    let events = server.call("echo", json!(["x"])).await;
    assert!(
        events.contains(&("complete".to_owned(), json!(["x"]))),
        "{events:?}"
    );

    let events = server.call_keywords("echo", json!({"text": "kw"})).await;
    assert!(
        events.iter().any(|(_, data)| *data == json!(["kw"])),
        "{events:?}"
    );

    let events = server.call_events("echo", "0123").await;
    assert_eq!(
        events.first().map(|(event, _)| event.as_str()),
        Some("error"),
        "{events:?}"
    );

    let run = server.run("echo", json!(["r"])).await.unwrap();
    assert_eq!(run["data"], json!(["r"]));
    let reset: Value = server
        .post("/gradio_api/reset", &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reset, json!({"success": true}));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handlers_taking_the_request_see_headers_on_every_path() {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    let out = app.add(Textbox::new());
    app.on(text.submit())
        .call(
            |s: String, request: Request| {
                format!(
                    "{s}:{}:{}",
                    request.header("X-Caller").unwrap_or("none"),
                    request.client().unwrap_or("none")
                )
            },
            (text, RequestInput),
            out,
        )
        .api_name("who");
    let server = TestServer::start(app.build()).await;
    let (c, url) = (server.client(), server.url());

    let r = c
        .post(format!("{url}/gradio_api/queue/join"))
        .header("x-caller", "queue")
        .json(&json!({"data": ["a"], "fn_index": 0, "session_hash": "rq"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let messages = server.queue_data("rq").await;
    let done = completed(&messages);
    assert_eq!(done["output"]["data"], json!(["a:queue:127.0.0.1"]));

    let reply: Value = c
        .post(format!("{url}/gradio_api/call/who"))
        .header("x-caller", "curl")
        .json(&json!({"data": ["b"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = reply["event_id"].as_str().unwrap();
    let events = server.call_events("who", id).await;
    assert!(
        events
            .iter()
            .any(|(_, data)| *data == json!(["b:curl:127.0.0.1"])),
        "{events:?}"
    );

    let run: Value = c
        .post(format!("{url}/gradio_api/run/who"))
        .header("x-caller", "run")
        .json(&json!({"data": ["c"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(run["data"], json!(["c:run:127.0.0.1"]));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_served_back_and_nothing_else_is() {
    let dir = std::env::temp_dir().join(format!("blocks-http-test-{}", std::process::id()));
    let server =
        TestServer::start_with(echo::app(), TestServer::server_config().upload_dir(&dir)).await;
    let paths = server
        .upload(&[("../../note.txt", b"hello file".as_slice())])
        .await
        .unwrap();
    assert_eq!(paths.len(), 1);
    assert!(paths[0].ends_with("note.txt") && paths[0].starts_with(dir.to_str().unwrap()));
    let body = server
        .get(&format!("/gradio_api/file={}", paths[0]))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"hello file");
    let r = server.get("/gradio_api/file=/etc/passwd").await;
    assert_eq!(r.status(), 404);
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_served_with_its_assets() {
    let server = TestServer::start(cart::app()).await;
    let page = server.get("/").await.text().await.unwrap();
    assert!(page.contains("id=\"blocks-config\""));
    let core = page
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let r = server
        .client()
        // Relative to the page, so that the app works under any path prefix.
        .get(format!("{}/{core}", server.url()))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    server.stop().await;
}
