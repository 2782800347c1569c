//! Gallery and Video over HTTP.

use blocks::media::image;
use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::apps::{gallery_reader, png, video_echo};
use crate::gallery;

fn file_data(path: &str) -> Value {
    json!({"path": path, "meta": {"_type": "gradio.FileData"}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_images_come_with_their_captions_and_urls() {
    let server = TestServer::start(gallery::app()).await;
    let out = server.run("generate", json!([3])).await.unwrap();
    let items = out["data"][0].as_array().unwrap();
    assert_eq!(items.len(), 3, "{out}");
    let captions: Vec<&str> = items
        .iter()
        .map(|i| i["caption"].as_str().unwrap())
        .collect();
    assert_eq!(captions, ["hue 0°", "hue 120°", "hue 240°"]);
    for item in items {
        assert_eq!(item["image"]["meta"]["_type"], "gradio.FileData");
        let bytes = server
            .get(item["image"]["url"].as_str().unwrap())
            .await
            .bytes()
            .await
            .unwrap();
        let image = image::load_from_memory(&bytes).unwrap();
        assert_eq!((image.width(), image.height()), (96, 96));
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gallery_input_reads_every_image_and_refuses_a_non_image() {
    let server = TestServer::start(gallery_reader()).await;
    let paths = server
        .upload(&[
            ("a.png", png([1, 2, 3]).as_slice()),
            ("b.png", png([4, 5, 6]).as_slice()),
            ("c.txt", b"text".as_slice()),
        ])
        .await
        .unwrap();
    let out = server
        .run(
            "read",
            json!([[{"image": file_data(&paths[0]), "caption": "first"},
                    {"image": file_data(&paths[1]), "caption": null}]]),
        )
        .await
        .unwrap();
    assert_eq!(out["data"], json!(["first 4x4, - 4x4"]));
    let refused = server
        .run("read", json!([[{"image": file_data(&paths[2])}]]))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.to_string().contains("Gallery"),
        "{}",
        refused.body
    );
    let foreign = server
        .run("read", json!([[{"image": file_data("/etc/hostname")}]]))
        .await
        .unwrap_err();
    assert_eq!(foreign.status, 422, "{}", foreign.body);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_travels_as_a_file_with_its_metadata() {
    let server = TestServer::start(video_echo()).await;
    let paths = server
        .upload(&[
            (
                "clip.mp4",
                b"\x00\x00\x00\x18ftypmp42 not really".as_slice(),
            ),
            ("notes.txt", b"text".as_slice()),
        ])
        .await
        .unwrap();
    let out = server
        .run("echo", json!([file_data(&paths[0])]))
        .await
        .unwrap();
    assert_eq!(out["data"][1], "clip.mp4 23");
    let video = &out["data"][0];
    assert_eq!(video["mime_type"], "video/mp4", "{out}");
    let response = server.get(video["url"].as_str().unwrap()).await;
    assert_eq!(response.headers()["content-type"], "video/mp4");
    // Players seek with byte ranges.
    let part = server
        .client()
        .get(video["url"].as_str().unwrap())
        .header("range", "bytes=4-7")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], "bytes 4-7/23");
    assert_eq!(&part.bytes().await.unwrap()[..], b"ftyp");
    let refused = server
        .run("echo", json!([file_data(&paths[1])]))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.to_string().contains("not a video"),
        "{}",
        refused.body
    );
    server.stop().await;
}
