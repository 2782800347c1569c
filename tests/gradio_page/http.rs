//! The HTTP side of what Gradio's page and tooling read: `/config` fields, `/theme.css`,
//! `/gradio_api/info` code snippets, the page's joins (no server-side cascade), its cancels,
//! the files of an app-defined kind it asks for, and the page's own files.

use blocks::testing::TestServer;
use serde_json::{json, Value};

use super::{browser_state, cart, custom_component, echo, on_runtime, stream, Tools};

pub(crate) fn config_has_what_gradios_page_reads() {
    on_runtime(async {
        let server = TestServer::start(echo::app()).await;
        let config = server.config().await;
        assert_eq!(config["pages"], json!([["", "Home", true]]));
        assert_eq!(config["page"][""]["layout"], config["layout"]);
        assert_eq!(config["page"][""]["components"], json!([1, 2, 3]));
        assert_eq!(config["page"][""]["dependencies"], json!([0, 1]));
        assert_eq!(
            config["footer_links"],
            json!(["api", "gradio", "settings", "runs"])
        );
        assert_eq!(config["run_history"], json!(true));
        assert_eq!(config["theme_hash"].as_str().unwrap().len(), 64);
        let props = |id: usize| config["components"][id - 1]["props"].clone();
        assert_eq!(props(1)["show_label"], json!(true));
        assert_eq!(props(1)["container"], json!(true));
        assert_eq!(props(1)["min_width"], json!(160));
        assert_eq!(
            props(3)["interactive"],
            json!(true),
            "buttons are clickable"
        );
        server.stop().await;
        // BrowserState tokens stay out of the run history Gradio's page keeps.
        let config = browser_state::app().config();
        assert_eq!(config["run_history"], json!(false));
    });
}

pub(crate) fn theme_css_is_served_under_its_hash() {
    on_runtime(async {
        let server = TestServer::start(echo::app()).await;
        let hash = server.config().await["theme_hash"]
            .as_str()
            .unwrap()
            .to_owned();
        let response = server.get(&format!("/theme.css?v={hash}")).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css"));
        let css = response.text().await.unwrap();
        assert!(css.contains("--primary-500"), "Gradio's theme variables");
        server.stop().await;
    });
}

pub(crate) fn info_has_code_snippets() {
    on_runtime(async {
        let server = TestServer::start(cart::app()).await;
        let info = server.info().await;
        let snippets = &info["named_endpoints"]["/add_items"]["code_snippets"];
        let url = server.url();
        assert_eq!(
            snippets["python"],
            json!(format!("from gradio_client import Client\n\nclient = Client(\"{url}\")\nresult = client.predict(\n\tnew_items=[],\n\tapi_name=\"/add_items\",\n)\nprint(result)"))
        );
        let bash = snippets["bash"].as_str().unwrap();
        assert!(
            bash.starts_with(&format!("curl -X POST {url}/gradio_api/call/v2/add_items")),
            "{bash}"
        );
        assert!(bash.contains("-d '{\"new_items\": []}'"), "{bash}");
        assert!(snippets["javascript"]
            .as_str()
            .unwrap()
            .contains("client.predict(\"/add_items\", {\n\t\tnew_items: [],\n});"));
        assert!(snippets["cli"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{{command}} predict {url} /add_items '")));
        server.stop().await;
    });
}

/// The completed output of the event a join started, read from the session's stream.
async fn completed_output(server: &TestServer, page: bool) -> Value {
    let session = format!("s{:x}", rand::random::<u64>());
    let fn_index = server.fn_index("add_items").await;
    let mut request = server
        .client()
        .post(format!("{}/gradio_api/queue/join", server.url()))
        .json(&json!({"data": [["Milk"], null], "fn_index": fn_index, "session_hash": session}));
    if page {
        request = request.header("x-gradio-user", "app");
    }
    assert_eq!(request.send().await.unwrap().status(), 200);
    let frames = server.queue_data(&session).await;
    let done = frames
        .iter()
        .find(|f| f["msg"] == "process_completed")
        .unwrap();
    done["output"].clone()
}

pub(crate) fn a_page_join_runs_no_cascade() {
    on_runtime(async {
        let app = cart::app();
        let cart_id = app.config()["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == "state")
            .unwrap()["id"]
            .clone();
        let server = TestServer::start(app).await;
        let api = completed_output(&server, false).await;
        assert_eq!(api["changed_state_ids"], json!([cart_id]));
        assert!(
            api["updates"].as_object().is_some_and(|u| !u.is_empty()),
            "the server ran the listener: {api}"
        );
        let page = completed_output(&server, true).await;
        assert_eq!(
            page["changed_state_ids"],
            json!([cart_id]),
            "the page runs it: {page}"
        );
        assert!(
            page.get("updates").is_none(),
            "the server did not run it: {page}"
        );
        server.stop().await;
    });
}

pub(crate) async fn gradio_page_files_are_served_and_confined(tools: Tools) {
    let config = TestServer::server_config().gradio_frontend(&tools.frontend);
    let server = TestServer::start_with(echo::app(), config).await;
    let page = server.get("/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<gradio-app"), "Gradio's page");
    assert!(
        html.contains("window.gradio_config = {"),
        "the config is filled in"
    );
    assert!(!html.contains("{{"), "no template expression is left");
    let script = html
        .split("src=\"./assets/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let asset = server.get(&format!("/assets/{script}")).await;
    assert_eq!(asset.status(), 200);
    assert!(asset.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    for path in [
        "/static/js/iframeResizer.contentWindow.min.js",
        "/favicon.ico",
        "/manifest.json",
    ] {
        assert_eq!(server.get(path).await.status(), 200, "{path}");
    }
    assert_eq!(
        server
            .get("/manifest.json")
            .await
            .json::<Value>()
            .await
            .unwrap()["name"],
        "Echo"
    );
    for path in [
        "/static/../index.html",
        "/static/%2e%2e/index.html",
        "/assets/..%2Findex.html",
    ] {
        assert_eq!(server.get(path).await.status(), 404, "{path}");
    }
    server.stop().await;
    let config = TestServer::server_config().gradio_frontend("/nonexistent/frontend");
    let refused = echo::app().serve(config).await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("/nonexistent/frontend/index.html"),
        "{refused}"
    );
}

pub(crate) fn a_cancel_names_its_event() {
    on_runtime(async {
        let server = TestServer::start(stream::app()).await;
        let fn_index = server.fn_index("stream").await;
        // What Gradio's page sends, for an event that is over (or never was): done, as in Gradio.
        let over = server
            .post(
                "/gradio_api/cancel",
                &json!({"event_id": "0123abcd", "session_hash": "s1", "fn_index": fn_index}),
            )
            .await;
        assert_eq!(over.status(), 200);
        assert_eq!(
            over.json::<Value>().await.unwrap(),
            json!({"success": true})
        );
        let nameless = server
            .post(
                "/gradio_api/cancel",
                &json!({"session_hash": "s1", "fn_index": fn_index}),
            )
            .await;
        assert_eq!(nameless.status(), 400);
        let detail = nameless.text().await.unwrap();
        assert!(detail.contains("event_id"), "{detail}");
        server.stop().await;
    });
}

pub(crate) fn an_app_defined_kind_has_a_stand_in_for_gradios_page() {
    on_runtime(async {
        let server = TestServer::start(custom_component::app()).await;
        let base = "/gradio_api/custom_component";
        let (status, kind, module) =
            get(&server, format!("{base}/rating/client/component/index.js")).await;
        assert_eq!((status, kind.starts_with("text/javascript")), (200, true));
        assert!(module.contains("kind: \"rating\""), "{module}");
        let (status, _, runtime) = get(
            &server,
            format!("{base}/rating/client/component/svelte_runtime_entry.js"),
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            runtime.contains("export function mount") && runtime.contains("register_component"),
            "{runtime}"
        );
        let (status, kind, _) =
            get(&server, format!("{base}/rating/client/component/style.css")).await;
        assert_eq!((status, kind.starts_with("text/css")), (200, true));
        let (status, _, detail) =
            get(&server, format!("{base}/rating/server/component/index.js")).await;
        assert_eq!(status, 404);
        assert!(detail.contains("blocks' own page"), "{detail}");
        let (status, _, detail) =
            get(&server, format!("{base}/slider/client/component/index.js")).await;
        assert_eq!(status, 404);
        assert!(
            detail.contains("no component type \\\"slider\\\""),
            "{detail}"
        );
        server.stop().await;
    });
}

/// Status, content type and body of `GET path`.
async fn get(server: &TestServer, path: String) -> (u16, String, String) {
    let response = server.get(&path).await;
    let status = response.status().as_u16();
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    (status, kind, response.text().await.unwrap())
}
