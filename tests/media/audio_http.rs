//! Audio over HTTP: a WAV, MP3, Ogg/Vorbis or FLAC upload reaches the handler as samples, the
//! returned sound is a WAV file at its URL, a file that is not a readable sound is a 422
//! naming the component, and so is one that decodes past `max_audio_samples`.

use blocks::component::Sound;
use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::apps::{assert_reversed, ramp_wav, sound_fixtures};
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
async fn mp3_ogg_and_flac_uploads_are_reversed_into_wavs() {
    let server = TestServer::start(audio_reverse::app()).await;
    for (name, bytes) in sound_fixtures() {
        let paths = server.upload(&[(name, bytes.as_slice())]).await.unwrap();
        // Through the curl API (queued), as `curl` and the JS client's queue do.
        let events = server.call("reverse", json!([file_data(&paths[0])])).await;
        let (event, out) = events.last().unwrap();
        assert_eq!(event, "complete", "{name}: {events:?}");
        let file = &out[0];
        assert_eq!(file["mime_type"], "audio/wav", "{name}: {out}");
        let response = server.get(file["url"].as_str().unwrap()).await;
        assert_eq!(response.status(), 200, "{name}");
        assert_reversed(name, &bytes, &response.bytes().await.unwrap());
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_are_not_readable_sounds_are_a_422_naming_the_component() {
    let server = TestServer::start(audio_reverse::app()).await;
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "song.mp3",
            b"ID3 this is an mp3, really",
            "cannot be decoded",
        ),
        ("song.ogg", b"OggS but nothing after", "cannot be decoded"),
        (
            "song.wav",
            b"\x89PNG\r\n\x1a\n a picture",
            "not a sound file",
        ),
    ];
    for (name, bytes, why) in cases {
        let paths = server.upload(&[(name, bytes)]).await.unwrap();
        let refused = server
            .run("reverse", json!([file_data(&paths[0])]))
            .await
            .unwrap_err();
        assert_eq!(refused.status, 422, "{name}: {}", refused.body);
        let text = refused.body.to_string();
        assert!(text.contains("Audio"), "names the component: {text}");
        assert!(text.contains(why), "{name}: {text}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sound_decoding_past_max_audio_samples_is_refused() {
    let config = TestServer::server_config().max_audio_samples(4000);
    let server = TestServer::start_with(audio_reverse::app(), config).await;
    // 8,000 samples of Ogg/Vorbis stereo (16 kHz, half a second) in 4 KB.
    let (name, bytes) = sound_fixtures().remove(1);
    let paths = server.upload(&[(name, bytes.as_slice())]).await.unwrap();
    let refused = server
        .run("reverse", json!([file_data(&paths[0])]))
        .await
        .unwrap_err();
    assert_eq!(refused.status, 422, "{}", refused.body);
    let text = refused.body.to_string();
    assert!(text.contains("Audio"), "{text}");
    assert!(text.contains("max_audio_samples"), "{text}");
    // The FLAC (4,000 samples) fits.
    let (name, bytes) = sound_fixtures().remove(2);
    let paths = server.upload(&[(name, bytes.as_slice())]).await.unwrap();
    server
        .run("reverse", json!([file_data(&paths[0])]))
        .await
        .unwrap();
    server.stop().await;
}
