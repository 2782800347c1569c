//! Hostile Markdown from the user is refused with a clear error, not rendered for seconds;
//! honest Markdown renders.

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::json;

use crate::config;

/// Markdown from the user, rendered.
fn markdown_app() -> App {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    let out = app.add(Markdown::new(""));
    let go = app.add(Button::new("go"));
    app.on(go.click())
        .call(|t: String| t, text, out)
        .api_name("render");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_markdown_is_refused_with_a_clear_error_and_honest_markdown_renders() {
    let server = TestServer::start_with(markdown_app(), config().max_body_bytes(4 << 20)).await;
    let run = |text: String| {
        let server = &server;
        async move {
            let joined = server.join(0, json!([text]), "md").await;
            assert!(joined.is_ok(), "{joined:?}");
            let messages = server.queue_data("md").await;
            messages
                .into_iter()
                .find(|m| m["msg"] == "process_completed")
                .unwrap()
        }
    };
    let deep = run("<div>".repeat(20_000)).await;
    assert_eq!(deep["success"], false);
    assert!(
        deep["output"]["error"]
            .as_str()
            .unwrap()
            .contains("max_depth"),
        "{deep}"
    );
    let long = run("a".repeat(600 * 1024)).await;
    assert!(
        long["output"]["error"]
            .as_str()
            .unwrap()
            .contains("max_bytes"),
        "{long}"
    );
    let quotes = run(">".repeat(100_000)).await;
    assert_eq!(
        quotes["success"], true,
        "deep Markdown is flattened, not refused"
    );
    let honest = run("**bold** and `code`".into()).await;
    assert_eq!(honest["success"], true);
    assert!(honest["output"]["html"]
        .to_string()
        .contains("<strong>bold</strong>"));
    server.stop().await;
}
