//! Media interop end to end: the real `gradio_client` (`handle_file`) and `@gradio/client`
//! upload files to a blocks app and download its outputs; the page uploads by drag-and-drop
//! and click in real Chromium. A libtest-mimic harness: a missing tool reports its tests as
//! ignored, unless `BLOCKS_REQUIRE_E2E=1` (see tests/e2e).

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use blocks::prelude::*;
use libtest_mimic::Arguments;
use serde_json::Value;

#[macro_use]
mod e2e;
#[path = "browser/mod.rs"]
mod browser;

#[path = "../examples/file_info.rs"]
#[allow(dead_code, unreachable_pub)]
mod file_info;

#[path = "../examples/audio_reverse.rs"]
#[allow(dead_code, unreachable_pub)]
mod audio_reverse;
#[path = "../examples/gallery.rs"]
#[allow(dead_code, unreachable_pub)]
mod gallery;
#[path = "../examples/image_filter.rs"]
#[allow(dead_code, unreachable_pub)]
mod image_filter;

#[path = "media/apps.rs"]
mod apps;
#[path = "media/page.rs"]
mod page;

use page::*;

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    // One at a time: browsers and Python clients on a 2-core machine.
    args.test_threads = Some(1);
    let python = python();
    let node = e2e::node();
    let mut trials = trials![
        &python;
        gradio_client_uploads_with_handle_file_and_downloads_outputs,
        gradio_client_filters_an_image_and_hears_why_a_non_image_is_refused,
        gradio_client_reverses_wav_mp3_ogg_and_flac,
    ];
    trials.extend(trials![
        &node;
        the_js_client_uploads_a_blob_and_gets_file_data_back,
    ]);
    let chromium = browser::tools();
    trials.extend(trials![
        &chromium => browser::in_browser;
        a_file_picked_or_dropped_is_uploaded_and_shown,
        an_image_dropped_is_filtered_and_previewed,
        an_image_pasted_is_filtered_where_clipboard_is_a_source,
        a_wav_picked_is_reversed_and_playable,
        generated_images_show_in_a_captioned_grid,
        a_video_dropped_plays_in_the_page,
        an_upload_button_file_comes_back_through_a_download_button,
    ]);
    let why = python
        .clone()
        .map(|_| ())
        .and(node.clone().map(|_| ()))
        .and(chromium.clone().map(|_| ()));
    e2e::run(&args, &why, trials)
}

/// A Python that can `import gradio_client`, or why there is none.
fn python() -> Result<PathBuf, String> {
    e2e::python("gradio_client", "gradio_client")
}

/// Serves `app` and runs `tests/media/check.py scenario url args…` against it.
fn run_python(app: App, python: PathBuf, scenario: &str, args: &[&str]) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/media/check.py");
    let client = |url: &str| {
        let mut command = Command::new(&python);
        command.arg(&script).arg(scenario).arg(url).args(args);
        command
    };
    e2e::check_clients(
        app,
        scenario,
        1,
        "gradio_client",
        Duration::from_secs(90),
        client,
    )
    .remove(0)
}

/// Serves `app` and runs `tests/media/check.mjs scenario url` against it.
fn run_node(app: App, node: e2e::Node, scenario: &str) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/media/check.mjs");
    let client = |url: &str| {
        let mut command = Command::new(&node.node);
        command
            .arg(&script)
            .arg(scenario)
            .arg(url)
            .env("BLOCKS_GRADIO_JS_MODULES", &node.modules);
        command
    };
    e2e::check_clients(
        app,
        scenario,
        1,
        "the JS client",
        Duration::from_secs(90),
        client,
    )
    .remove(0)
}

fn gradio_client_uploads_with_handle_file_and_downloads_outputs(python: PathBuf) {
    let found = run_python(file_info::app(), python.clone(), "file_info", &[]);
    assert_eq!(found["predict"], "hello.txt: 17 bytes", "{found}");
    assert_eq!(found["component"], "File", "{found}");
    assert_eq!(found["python_type"], "filepath", "{found}");

    let found = run_python(apps::reports(), python, "reports", &[]);
    assert_eq!(
        found["contents"],
        serde_json::json!(["report a", "report b"]),
        "{found}"
    );
    assert_eq!(
        found["names"],
        serde_json::json!(["a.txt", "b.txt"]),
        "{found}"
    );
    assert_eq!(found["download"], "report a", "{found}");
}

fn the_js_client_uploads_a_blob_and_gets_file_data_back(node: e2e::Node) {
    let found = run_node(file_info::app(), node.clone(), "file_info");
    let text = found["data"][0].as_str().unwrap();
    assert!(text.ends_with(": 15 bytes"), "{found}");
    let found = run_node(apps::reports(), node, "reports");
    assert_eq!(
        found["bodies"],
        serde_json::json!(["report a", "report b"]),
        "{found}"
    );
    assert_eq!(
        found["files"][0]["meta"]["_type"], "gradio.FileData",
        "{found}"
    );
    assert_eq!(found["download"]["orig_name"], "a.txt", "{found}");
}

fn gradio_client_filters_an_image_and_hears_why_a_non_image_is_refused(python: PathBuf) {
    let source = page::temp_file("photo.png", &apps::png([100, 100, 100]));
    let found = run_python(
        image_filter::app(),
        python,
        "image",
        &[source.to_str().unwrap()],
    );
    assert_eq!(found["exists"], true, "the output was downloaded: {found}");
    assert_eq!(found["magic"], "89504e470d0a1a0a", "a PNG: {found}");
    let refused = found["not_image"].as_str().unwrap();
    assert!(refused.contains("Image"), "{refused}");
    assert!(refused.contains("not an image"), "{refused}");
    let _ = std::fs::remove_dir_all(source.parent().unwrap());
}

/// WAV, MP3, Ogg/Vorbis and FLAC uploads through `handle_file`, each reversed into a WAV.
fn gradio_client_reverses_wav_mp3_ogg_and_flac(python: PathBuf) {
    let mut sources = vec![("ramp.wav", apps::ramp_wav())];
    sources.extend(apps::sound_fixtures());
    let paths: Vec<PathBuf> = sources
        .iter()
        .map(|(name, bytes)| page::temp_file(name, bytes))
        .collect();
    let args: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
    let found = run_python(audio_reverse::app(), python, "audio", &args);
    let outputs = found["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), sources.len(), "{found}");
    for ((name, bytes), output) in sources.iter().zip(outputs) {
        let wav = std::fs::read(output.as_str().unwrap()).unwrap();
        apps::assert_reversed(name, bytes, &wav);
    }
    for path in paths {
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}
