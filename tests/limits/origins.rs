//! Cross-site browser requests are refused (uploads included, storing nothing); the app's own
//! pages, clients that are not browsers and allowed origins (with CORS and preflight) pass.

use blocks::testing::TestServer;
use serde_json::json;

use crate::{config, echo, error_detail, folders};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_browser_requests_are_refused_and_own_pages_and_api_clients_pass() {
    let dir = std::env::temp_dir().join(format!("blocks-limits-xsite-{}", std::process::id()));
    let server = TestServer::start_with(echo::app(), config().upload_dir(&dir)).await;
    let (c, url) = (server.client(), server.url());
    let post = |origin: Option<&str>, site: Option<&str>| {
        let mut request = c
            .post(format!("{url}/gradio_api/call/echo"))
            .json(&json!({"data": ["hi"]}));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    let refused = post(Some("http://evil.example"), Some("cross-site"))
        .await
        .unwrap();
    let detail = error_detail(refused, 403).await;
    assert!(detail.contains("BLOCKS_ALLOWED_ORIGINS"), "{detail}");
    // Another port of the same host is another origin.
    let other_port = post(Some("http://127.0.0.1:1"), Some("same-site"))
        .await
        .unwrap();
    assert_eq!(other_port.status(), 403);
    let no_origin = post(None, Some("cross-site")).await.unwrap();
    assert_eq!(no_origin.status(), 403);
    // The app's own page, and clients that are not browsers.
    assert_eq!(
        post(Some(url), Some("same-origin")).await.unwrap().status(),
        200
    );
    assert_eq!(post(None, None).await.unwrap().status(), 200);

    // A cross-site upload stores nothing.
    let form = reqwest::multipart::Form::new().part(
        "files",
        reqwest::multipart::Part::bytes(vec![7; 100]).file_name("a.bin"),
    );
    let upload = c
        .post(format!("{url}/gradio_api/upload"))
        .header("origin", "http://evil.example")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 403);
    assert_eq!(folders(&dir), 0, "nothing stored");
    server.stop().await;

    // An allowed origin gets CORS headers, and its preflight is answered.
    let server = TestServer::start_with(
        echo::app(),
        config().allow_origin("http://friend.example").unwrap(),
    )
    .await;
    let (c, url) = (server.client(), server.url());
    let allowed = c
        .post(format!("{url}/gradio_api/call/echo"))
        .header("origin", "http://friend.example")
        .json(&json!({"data": ["hi"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://friend.example"
    );
    let preflight = c
        .request(
            reqwest::Method::OPTIONS,
            format!("{url}/gradio_api/queue/join"),
        )
        .header("origin", "http://friend.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        preflight.headers()["access-control-allow-headers"],
        "content-type"
    );
    let evil_preflight = c
        .request(
            reqwest::Method::OPTIONS,
            format!("{url}/gradio_api/queue/join"),
        )
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(evil_preflight.status(), 403);
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}
