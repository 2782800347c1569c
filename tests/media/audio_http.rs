//! Audio over HTTP: a WAV upload reaches the handler as samples, the returned sound is a WAV
//! file at its URL, and a file that is not a WAV is a 422 naming the component.

use blocks::component::Sound;
use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::apps::ramp_wav;
use crate::audio_reverse;

fn file_data(path: &str) -> Value {
    json!({"path": path, "meta": {"_type": "gradio.FileData"}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wav_is_reversed_and_served_as_a_wav() {
    let server = TestServer::start(audio_reverse::app()).await;
    let paths = server
        .upload(&[("ramp.wav", ramp_wav().as_slice())])
        .await
        .unwrap();
    let out = server
        .run("reverse", json!([file_data(&paths[0])]))
        .await
        .unwrap();
    let file = &out["data"][0];
    assert_eq!(file["mime_type"], "audio/wav", "{out}");
    let response = server.get(file["url"].as_str().unwrap()).await;
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("audio/"));
    let back = Sound::from_wav(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(back.sample_rate, 8000);
    assert_eq!(back.channels, 2);
    let left: Vec<i32> = back
        .samples
        .chunks(2)
        .map(|f| (f[0] * 10.0).round() as i32)
        .collect();
    assert_eq!(left, vec![3, 2, 1, 0], "the frames in reverse order");
    let right: Vec<i32> = back
        .samples
        .chunks(2)
        .map(|f| (f[1] * 10.0).round() as i32)
        .collect();
    assert_eq!(right, vec![-3, -2, -1, 0], "channels stay in place");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_is_not_a_wav_is_a_422_naming_the_component() {
    let server = TestServer::start(audio_reverse::app()).await;
    let paths = server
        .upload(&[("song.wav", b"ID3 this is an mp3, really".as_slice())])
        .await
        .unwrap();
    let refused = server
        .run("reverse", json!([file_data(&paths[0])]))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 422, "{}", refused.body);
    let text = refused.body.to_string();
    assert!(text.contains("Audio"), "names the component: {text}");
    assert!(text.contains("not a WAV"), "{text}");
    server.stop().await;
}
