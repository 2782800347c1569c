//! File, Files, DownloadButton over HTTP.

use std::time::{Duration, Instant};

use blocks::prelude::*;
use blocks::session::SessionSettings;
use blocks::testing::TestServer;
use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::file_info;

/// A FileData object as `gradio_client.handle_file` sends it once uploaded.
fn file_data(path: &str) -> Value {
    json!({"path": path, "meta": {"_type": "gradio.FileData"}})
}

fn temp_dir(what: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("blocks-media-{what}-{:x}", rand::random::<u64>()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_reaches_the_handler_as_file_data() {
    let server = TestServer::start(file_info::app()).await;
    let paths = server
        .upload(&[("note.txt", b"hello file".as_slice())])
        .await
        .unwrap();
    let out = server
        .run("file_info", json!([file_data(&paths[0])]))
        .await
        .unwrap();
    assert_eq!(out["data"], json!(["note.txt: 10 bytes"]));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_path_that_is_not_this_servers_file_is_refused() {
    let server = TestServer::start(file_info::app()).await;
    for path in ["/etc/passwd", "../../etc/passwd", "/nonexistent/x.txt"] {
        let refused = server
            .run("file_info", json!([file_data(path)]))
            .await
            .unwrap_err();
        assert_eq!(refused.status, 422, "{path}: {}", refused.body);
        let text = refused.body.to_string();
        assert!(text.contains("File"), "names the component: {text}");
        assert!(
            text.contains("not a file uploaded to this server"),
            "{text}"
        );
        let joined = server
            .join_api("file_info", json!([file_data(path)]), "s1")
            .await
            .unwrap_err();
        assert_eq!(
            joined.status, 422,
            "the queue refuses it too: {}",
            joined.body
        );
    }
    let refused = server
        .run("file_info", json!(["just a string"]))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 422, "{}", refused.body);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_types_are_enforced_on_the_server() {
    let mut app = Blocks::new();
    let file = app.add(File::new().label("CSV").file_types([".csv"]));
    let out = app.add(Textbox::new());
    app.on(file.upload())
        .call(|f: FileData| f.name(), file, out)
        .api_name("name");
    let server = TestServer::start(app.build()).await;
    let paths = server
        .upload(&[("a.csv", b"1,2".as_slice()), ("b.png", b"x".as_slice())])
        .await
        .unwrap();
    let ok = server
        .run("name", json!([file_data(&paths[0])]))
        .await
        .unwrap();
    assert_eq!(ok["data"], json!(["a.csv"]));
    let refused = server
        .run("name", json!([file_data(&paths[1])]))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.to_string().contains("Invalid file type"),
        "{}",
        refused.body
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outputs_are_served_from_the_sessions_folder_and_deleted_with_it() {
    let dir = temp_dir("outputs");
    let app = crate::apps::reports()
        .with_session_settings(SessionSettings::default().ttl_after_close(Duration::ZERO));
    let config = TestServer::server_config()
        .upload_dir(&dir)
        .sweep_interval(Duration::from_millis(50));
    let server = TestServer::start_with(app, config).await;
    // A page's session: alive while its heartbeat stream is open.
    let heartbeat = server.get("/gradio_api/heartbeat/page1").await;
    let mut beat = heartbeat.bytes_stream();
    beat.next().await.unwrap().unwrap();
    server
        .join_api("reports", json!(["a,b"]), "page1")
        .await
        .unwrap();
    let messages = server.queue_data("page1").await;
    let done = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    let data = &done["output"]["data"];
    let files = data[0].as_array().unwrap();
    assert_eq!(files.len(), 2, "{data}");
    let canonical = dir.canonicalize().unwrap();
    for (file, name) in files.iter().zip(["a", "b"]) {
        assert_eq!(file["orig_name"], format!("{name}.txt"));
        assert_eq!(file["meta"]["_type"], "gradio.FileData");
        assert_eq!(file["mime_type"], "text/plain");
        assert_eq!(file["size"], 8);
        let path = std::path::Path::new(file["path"].as_str().unwrap());
        assert!(
            path.starts_with(&canonical),
            "in the upload folder: {path:?}"
        );
        let url = file["url"].as_str().unwrap();
        let body = server.get(url).await.text().await.unwrap();
        assert_eq!(body, format!("report {name}"));
    }
    assert_eq!(data[1]["orig_name"], "a.txt", "the download button's file");
    let stored = std::path::PathBuf::from(files[0]["path"].as_str().unwrap());
    assert!(stored.exists());
    // The session ends: its files go with it.
    drop(beat);
    let closed = Instant::now();
    while stored.exists() && closed.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(
        !stored.exists(),
        "the session's output files are deleted with it"
    );
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_earlier_output_may_be_sent_back_as_an_input() {
    let server = TestServer::start(file_info::app()).await;
    let paths = server
        .upload(&[("first.txt", b"12345".as_slice())])
        .await
        .unwrap();
    let first = server
        .run("file_info", json!([file_data(&paths[0])]))
        .await
        .unwrap();
    assert_eq!(first["data"], json!(["first.txt: 5 bytes"]));
    // The served copy of the upload is itself accepted (a file inside the upload folder).
    let served = server.get(&format!("/gradio_api/file={}", paths[0])).await;
    assert_eq!(served.headers()["content-type"], "text/plain");
    server.stop().await;
}
