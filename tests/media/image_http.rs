//! Image over HTTP: a PNG upload reaches the handler decoded, the returned image is stored as
//! a PNG at its URL, and a file that is not an image is a 422 naming the component.

use blocks::media::image::{self, Rgb};

use crate::apps::png;
use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::image_filter;

fn file_data(path: &str) -> Value {
    json!({"path": path, "meta": {"_type": "gradio.FileData"}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_png_is_filtered_and_served_as_a_png() {
    let server = TestServer::start(image_filter::app()).await;
    let paths = server
        .upload(&[("grey.png", png([100, 100, 100]).as_slice())])
        .await
        .unwrap();
    let out = server
        .run("sepia", json!([file_data(&paths[0])]))
        .await
        .unwrap();
    let file = &out["data"][0];
    assert_eq!(file["meta"]["_type"], "gradio.FileData", "{out}");
    assert_eq!(file["mime_type"], "image/png", "{out}");
    // Gradio's shape: the server's root URL, then the file's route.
    let url = file["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/gradio_api/file=/", server.url())),
        "{url}"
    );
    let response = server.get(url).await;
    assert_eq!(response.headers()["content-type"], "image/png");
    let bytes = response.bytes().await.unwrap();
    let back = image::load_from_memory(&bytes).unwrap().into_rgb8();
    assert_eq!(back.dimensions(), (4, 4));
    // 100 grey through the sepia matrix: 135, 120, 93.
    assert_eq!(back.get_pixel(0, 0), &Rgb([135, 120, 93]));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_is_not_an_image_is_a_422_naming_the_component() {
    let server = TestServer::start(image_filter::app()).await;
    let paths = server
        .upload(&[
            ("fake.png", b"not an image at all".as_slice()),
            ("sound.wav", b"RIFF\x24\x00\x00\x00WAVEfmt ".as_slice()),
        ])
        .await
        .unwrap();
    for path in &paths {
        let refused = server
            .run("sepia", json!([file_data(path)]))
            .await
            .unwrap_err();
        assert_eq!(refused.status, 422, "{}", refused.body);
        let text = refused.body.to_string();
        assert!(text.contains("Image"), "names the component: {text}");
        assert!(text.contains("not an image"), "{text}");
    }
    // A truncated PNG passes the sniff but not the decoder: the event fails, naming Image.
    let mut broken = png([1, 2, 3]);
    broken.truncate(40);
    let paths = server
        .upload(&[("broken.png", broken.as_slice())])
        .await
        .unwrap();
    let events = server.call("sepia", json!([file_data(&paths[0])])).await;
    let (kind, body) = events.last().unwrap();
    assert_eq!(kind, "error", "{events:?}");
    assert!(body.to_string().contains("Image"), "{body}");
    server.stop().await;
}

/// An output image's change listener, run by the server, reads the image the handler wrote.
#[test]
fn a_server_run_listener_reads_an_output_image() {
    use blocks::media::image::DynamicImage;
    use blocks::prelude::*;
    use blocks::testing::TestApp;

    let mut app = Blocks::new();
    let input = app.add(Image::new().label("In"));
    let output = app.add(Image::new().label("Out"));
    let info = app.add(Textbox::new().label("Info"));
    let go = app.add(Button::new("Go"));
    app.on(go.click())
        .call(|image: DynamicImage| image.grayscale(), input, output);
    app.on(output.change()).call(
        |image: DynamicImage| format!("{}x{} {:?}", image.width(), image.height(), image.color()),
        output,
        info,
    );
    let app = app.build();
    // A file in the app's upload folder, as an upload would leave it.
    let dir = std::env::temp_dir()
        .join(format!("blocks-uploads-{:016x}", app.app_id()))
        .join("upload");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("in.png");
    std::fs::write(&path, png([10, 20, 30])).unwrap();
    let test = TestApp::new(app);
    let session = test.open();
    session.set_raw(input.id(), file_data(path.to_str().unwrap()));
    session.click(go).unwrap();
    // Read as Image reads it (image_mode RGB), not as the grey file it was stored as.
    assert_eq!(session.raw_value(info.id()), json!("4x4 Rgb8"));
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}
