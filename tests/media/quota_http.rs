//! Output files count against the output caps: a handler's output past
//! `max_output_bytes_per_session` fails its event with a message naming the setting (a
//! `process_completed` with `success: false` on the queue, a 507 on `/run`), and the session
//! goes on.

use blocks::server::ServerConfig;
use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::apps::png;
use crate::image_filter;

fn file_data(path: &str) -> Value {
    json!({"path": path, "meta": {"_type": "gradio.FileData"}})
}

/// The `process_completed` message of one queued `sepia` event in `session`.
async fn sepia_in(server: &TestServer, input: &Value, session: &str) -> Value {
    server
        .join_api("sepia", json!([input]), session)
        .await
        .unwrap();
    let frames = server.queue_data(session).await;
    frames
        .into_iter()
        .find(|f| f["msg"] == "process_completed")
        .expect("the event completes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_output_past_the_session_cap_fails_its_event_naming_the_setting() {
    let one = png([100, 100, 100]);
    let sepia_size = {
        // The size of one output: a run with no cap in the way.
        let server = TestServer::start(image_filter::app()).await;
        let paths = server.upload(&[("grey.png", &one)]).await.unwrap();
        let out = server
            .run("sepia", json!([file_data(&paths[0])]))
            .await
            .unwrap();
        server.stop().await;
        out["data"][0]["size"].as_u64().unwrap()
    };
    // Room for two outputs per session, not three.
    let config: ServerConfig =
        TestServer::server_config().output_quotas(sepia_size * 2 + sepia_size / 2, 1 << 30);
    let server = TestServer::start_with(image_filter::app(), config).await;
    let paths = server.upload(&[("grey.png", &one)]).await.unwrap();
    let input = file_data(&paths[0]);
    for _ in 0..2 {
        let done = sepia_in(&server, &input, "quota-session").await;
        assert_eq!(done["success"], true, "{done}");
        assert_eq!(done["output"]["data"][0]["size"], sepia_size, "{done}");
    }
    let refused = sepia_in(&server, &input, "quota-session").await;
    assert_eq!(refused["success"], false, "{refused}");
    let error = refused["output"]["error"].as_str().unwrap();
    assert!(error.contains("max_output_bytes_per_session"), "{error}");
    assert!(error.contains("was not stored"), "{error}");
    // Another session has its own room; the server answers on.
    let done = sepia_in(&server, &input, "other-session").await;
    assert_eq!(done["success"], true, "{done}");
    // A direct call whose one output is past the cap is a 507 naming it.
    let tight = TestServer::server_config().output_quotas(sepia_size - 1, 1 << 30);
    let small = TestServer::start_with(image_filter::app(), tight).await;
    let paths = small.upload(&[("grey.png", &one)]).await.unwrap();
    let refused = small
        .run("sepia", json!([file_data(&paths[0])]))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 507, "{}", refused.body);
    assert!(
        refused
            .body
            .to_string()
            .contains("max_output_bytes_per_session"),
        "{}",
        refused.body
    );
    small.stop().await;
    server.stop().await;
}
