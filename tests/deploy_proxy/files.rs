//! Output files behind nginx: the image filter app (examples/image_filter.rs) at
//! `/tools/img/`. Its output's `url` names the proxy's address and prefix, as Gradio's does,
//! so that a client can follow it verbatim.

use std::path::Path;

use serde_json::Value;

use crate::{curl, Stack, Tools};

/// A 4×4 grey PNG.
pub(crate) fn png() -> Vec<u8> {
    let image =
        blocks::media::image::RgbImage::from_pixel(4, 4, blocks::media::image::Rgb([100; 3]));
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            blocks::media::image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// Writes a fresh PNG to a temp file and returns its path.
pub(crate) fn png_file() -> std::path::PathBuf {
    let file = std::env::temp_dir().join(format!("blocks-grey-{:x}.png", rand::random::<u64>()));
    std::fs::write(&file, png()).unwrap();
    file
}

/// The `data` of the `complete` event of an SSE stream.
fn completed(stream: &str) -> Value {
    let data = stream
        .split("event: complete")
        .nth(1)
        .and_then(|rest| rest.lines().find_map(|l| l.strip_prefix("data: ")))
        .unwrap_or_else(|| panic!("no complete event: {stream}"));
    serde_json::from_str(data).unwrap()
}

/// Checks that `file` (an output FileData) has a URL under `root` that serves a PNG.
fn follows(file: &Value, root: &str, dir: &Path) {
    let url = file["url"]
        .as_str()
        .unwrap_or_else(|| panic!("no url: {file}"));
    assert!(
        url.starts_with(&format!("{root}/gradio_api/file=")),
        "the url names the proxy's address and prefix: {url}"
    );
    let saved = dir.join(format!("out-{:x}.png", rand::random::<u64>()));
    let status = curl(&["-o", saved.to_str().unwrap(), "-w", "%{http_code}", url]);
    assert_eq!(status, "200", "GET {url}");
    let bytes = std::fs::read(&saved).unwrap();
    let back = blocks::media::image::load_from_memory(&bytes).unwrap();
    assert_eq!((back.width(), back.height()), (4, 4));
    let _ = std::fs::remove_file(saved);
}

pub(crate) fn curl_follows_output_file_urls_through_nginx(tools: Tools) {
    crate::e2e::runtime().block_on(async {
        let stack = Stack::start(&tools).await;
        let app = format!("{}/tools/img/", stack.nginx.url);
        let root = format!("{}/tools/img", stack.nginx.url);
        let file = png_file();
        let uploaded = curl(&[
            "-F",
            &format!("files=@{}", file.display()),
            &format!("{app}gradio_api/upload"),
        ]);
        let paths: Vec<String> = serde_json::from_str(&uploaded).unwrap();
        let input = serde_json::json!({
            "data": [{"path": paths[0], "meta": {"_type": "gradio.FileData"}}]
        })
        .to_string();
        let dir = std::env::temp_dir();

        // `/call` (curl's two steps).
        let joined = curl(&[
            "-H",
            "content-type: application/json",
            "-d",
            &input,
            &format!("{app}gradio_api/call/sepia"),
        ]);
        let event: Value = serde_json::from_str(&joined).unwrap();
        let id = event["event_id"].as_str().unwrap();
        let stream = curl(&["-N", &format!("{app}gradio_api/call/sepia/{id}")]);
        follows(&completed(&stream)[0], &root, &dir);

        // `/run`.
        let ran: Value = serde_json::from_str(&curl(&[
            "-H",
            "content-type: application/json",
            "-d",
            &input,
            &format!("{app}gradio_api/run/sepia"),
        ]))
        .unwrap();
        follows(&ran["data"][0], &root, &dir);

        // The queue: `/queue/join`, then the session's `/queue/data` stream.
        let session = format!("s{:x}", rand::random::<u64>());
        let join = serde_json::json!({
            "data": [{"path": paths[0], "meta": {"_type": "gradio.FileData"}}],
            "fn_index": 0,
            "session_hash": session,
        })
        .to_string();
        curl(&[
            "-H",
            "content-type: application/json",
            "-d",
            &join,
            &format!("{app}gradio_api/queue/join"),
        ]);
        let stream = curl(&[
            "-N",
            &format!("{app}gradio_api/queue/data?session_hash={session}"),
        ]);
        let done = stream
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter_map(|d| serde_json::from_str::<Value>(d).ok())
            .find(|m| m["msg"] == "process_completed")
            .unwrap_or_else(|| panic!("no process_completed: {stream}"));
        assert_eq!(done["success"], true, "{done}");
        follows(&done["output"]["data"][0], &root, &dir);

        let _ = std::fs::remove_file(file);
        stack.stop().await;
    });
}
