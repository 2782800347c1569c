//! Uploads: per-file, per-request, per-client and total quotas; files expire; an upload cut
//! short leaves nothing.

use std::path::PathBuf;
use std::time::Duration;

use blocks::testing::TestServer;

use crate::{client_from, config, echo, error_detail, eventually, folders, raw, OTHER_CLIENT};

fn upload_form(sizes: &[usize]) -> reqwest::multipart::Form {
    sizes
        .iter()
        .enumerate()
        .fold(reqwest::multipart::Form::new(), |form, (i, size)| {
            form.part(
                "files",
                reqwest::multipart::Part::bytes(vec![b'a'; *size]).file_name(format!("f{i}.bin")),
            )
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_have_quotas_expire_and_leave_nothing_when_cut_short() {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("blocks-limits-uploads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut limits = config()
        .upload_dir(&dir)
        .max_file_bytes(1_000)
        .upload_quotas(1_500, 2_500, 3_000)
        .upload_ttl(Duration::from_millis(600));
    limits.body_timeout = Duration::from_millis(500);
    let server = TestServer::start_with(echo::app(), limits).await;
    let (c, url) = (server.client(), server.url());
    let upload = |c: reqwest::Client, sizes: &'static [usize]| async move {
        c.post(format!("{url}/gradio_api/upload"))
            .multipart(upload_form(sizes))
            .send()
            .await
            .unwrap()
    };
    let ok = upload(c.clone(), &[700, 700]).await;
    assert_eq!(ok.status(), 200);
    let paths: Vec<String> = ok.json().await.unwrap();
    assert_eq!(folders(&dir), 2);

    let detail = error_detail(upload(c.clone(), &[1_200]).await, 413).await;
    assert!(detail.contains("max_file_bytes"), "{detail}");
    let detail = error_detail(upload(c.clone(), &[900, 900]).await, 413).await;
    assert!(detail.contains("max_upload_request_bytes"), "{detail}");
    assert_eq!(upload(c.clone(), &[900]).await.status(), 200);
    let detail = error_detail(upload(c.clone(), &[300]).await, 413).await;
    assert!(detail.contains("max_upload_bytes_per_client"), "{detail}");
    let other = client_from(OTHER_CLIENT);
    let detail = error_detail(upload(other.clone(), &[800]).await, 413).await;
    assert!(detail.contains("max_upload_total_bytes"), "{detail}");
    assert_eq!(folders(&dir), 3, "refused requests left nothing");

    // An upload cut short leaves nothing either.
    let head = "POST /gradio_api/upload HTTP/1.1\r\nHost: x\r\n\
        Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 100000\r\n\r\n\
        --XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cut.bin\"\r\n\
        Content-Type: application/octet-stream\r\n\r\naaaaaaaaaa";
    raw(server.addr(), head.as_bytes(), true).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    eventually("the cut-short upload's folder going", || async {
        folders(&dir) <= 3
    })
    .await;

    // Files expire, and are not served any more.
    eventually("uploads expiring", || async { folders(&dir) == 0 }).await;
    let gone = server.get(&format!("/gradio_api/file={}", paths[0])).await;
    assert_eq!(gone.status(), 404);
    // The quota is free again.
    assert_eq!(upload(c.clone(), &[900]).await.status(), 200);
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}
