//! The media components in real Chromium: click-to-upload (the file input given a path, as a
//! person picking a file), drag-and-drop, previews and download links. Screenshots go to
//! `target/screenshots/`.

use blocks::testing::TestServer;
use fantoccini::Locator;
use serde_json::json;

use crate::browser::{js, open, screenshot, until, Browser};
use crate::file_info;

/// Writes `bytes` to a fresh temp file named `name`; returns its path.
pub(crate) fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("blocks-page-{:x}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Drops a file made in the page (`name`, text `body`, MIME `mime`) on the first drop zone.
pub(crate) fn drop_script(name: &str, body: &str, mime: &str) -> String {
    format!(
        "const dt = new DataTransfer();
         dt.items.add(new File([{body:?}], {name:?}, {{ type: {mime:?} }}));
         const zone = document.querySelector('.media-drop');
         zone.dispatchEvent(new DragEvent('drop', {{ dataTransfer: dt, bubbles: true, cancelable: true }}));
         return 1"
    )
}

pub(crate) async fn a_file_picked_or_dropped_is_uploaded_and_shown(mut browser: Browser) {
    let server = TestServer::start(file_info::app()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    let zone = js(
        &page,
        "return document.querySelector('.media-drop').textContent",
    )
    .await;
    assert!(zone.as_str().unwrap().contains("click to upload"), "{zone}");
    // Click-to-upload: the file input receives a path, as the picker would give it.
    let path = temp_file("picked.txt", b"picked by a person");
    page.find(Locator::Css("input[type=file]"))
        .await
        .unwrap()
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
    until(
        &page,
        "return field('Info').value === 'picked.txt: 18 bytes'",
        "the handler's answer for the picked file",
    )
    .await;
    let link = js(
        &page,
        "const a = document.querySelector('.file-list a'); return [a.textContent, a.getAttribute('download')]",
    )
    .await;
    assert_eq!(
        link,
        json!(["picked.txt", "picked.txt"]),
        "the preview links the file"
    );
    screenshot(&page, "media_file_picked").await;
    // The link downloads what was uploaded.
    let fetched = until(
        &page,
        "if (!window.__fetched) { window.__fetched = 'pending';
           fetch(document.querySelector('.file-list a').href).then(r => r.text()).then(t => window.__fetched = t); }
         return window.__fetched !== 'pending' && window.__fetched",
        "the uploaded file served back",
    )
    .await;
    assert_eq!(fetched, json!("picked by a person"));
    // Drag-and-drop after clearing.
    js(
        &page,
        "document.querySelector('.media-clear').click(); return 1",
    )
    .await;
    until(
        &page,
        "return !document.querySelector('.media-drop').hidden",
        "the drop zone back after clearing",
    )
    .await;
    js(&page, &drop_script("dropped.csv", "a,b,c", "text/csv")).await;
    until(
        &page,
        "return field('Info').value === 'dropped.csv: 5 bytes'",
        "the handler's answer for the dropped file",
    )
    .await;
    screenshot(&page, "media_file_dropped").await;
    page.close().await.unwrap();
    server.stop().await;
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// Drops a PNG made in the page (a `size`×`size` canvas of one colour) on the first drop zone.
const DROP_PNG: &str = "const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const g = canvas.getContext('2d'); g.fillStyle = 'rgb(40, 120, 200)'; g.fillRect(0, 0, 64, 64);
  canvas.toBlob((blob) => {
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'blue.png', { type: 'image/png' }));
    document.querySelector('.media-drop').dispatchEvent(
      new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, 'image/png');
  return 1";

/// Waits for the Input's 64×64 preview (`what` naming it), then clicks Filter.
async fn filter_preview(page: &fantoccini::Client, what: &str) {
    until(
        page,
        "const img = block('Input').querySelector('.media-view img'); return img && img.complete && img.naturalWidth === 64",
        what,
    )
    .await;
    crate::browser::click_button(page, "Filter").await;
}

/// The first pixel of the Sepia output once it is shown (waited for, `what` naming it).
async fn sepia_pixel(page: &fantoccini::Client, what: &str) -> serde_json::Value {
    until(
        page,
        "const img = block('Sepia').querySelector('.media-view img');
         if (!img || !img.complete || !img.naturalWidth) return null;
         const c = document.createElement('canvas'); c.width = 1; c.height = 1;
         const g = c.getContext('2d'); g.drawImage(img, 0, 0);
         return Array.from(g.getImageData(0, 0, 1, 1).data.slice(0, 3))",
        what,
    )
    .await
}

pub(crate) async fn an_image_dropped_is_filtered_and_previewed(mut browser: Browser) {
    let server = TestServer::start(crate::image_filter::app()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    js(&page, DROP_PNG).await;
    filter_preview(&page, "the dropped image previewed").await;
    let shown = sepia_pixel(&page, "the sepia image shown").await;
    // rgb(40, 120, 200) through the sepia matrix: 145, 129, 101.
    assert_eq!(shown, json!([145, 129, 101]), "the filtered pixels");
    let download = js(
        &page,
        "const a = block('Sepia').querySelector('.media-download'); return a && a.getAttribute('download')",
    )
    .await;
    assert_eq!(download, json!("image.png"));
    screenshot(&page, "media_image_filter").await;
    page.close().await.unwrap();
    server.stop().await;
}

/// Pastes a PNG made in the page (a 64×64 canvas of one colour) on the Input's drop zone, as
/// Ctrl+V does with an image on the clipboard: a `paste` event whose `clipboardData` holds the
/// file. `window.__pasted` gets whether the page took it (the event's default prevented) and
/// the upload status right after.
const PASTE_PNG: &str = "window.__pasted = null;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const g = canvas.getContext('2d'); g.fillStyle = 'rgb(40, 120, 200)'; g.fillRect(0, 0, 64, 64);
  canvas.toBlob((blob) => {
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'pasted.png', { type: 'image/png' }));
    const zone = block('Input').querySelector('.media-drop');
    zone.focus();
    const event = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    zone.dispatchEvent(event);
    window.__pasted = { taken: event.defaultPrevented,
      status: block('Input').querySelector('.media-status').textContent };
  }, 'image/png');
  return 1";

pub(crate) async fn an_image_pasted_is_filtered_where_clipboard_is_a_source(mut browser: Browser) {
    let server = TestServer::start(crate::image_filter::app()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    js(&page, PASTE_PNG).await;
    let pasted = until(&page, "return window.__pasted", "the paste handled").await;
    assert_eq!(pasted, json!({"taken": true, "status": "Uploading…"}));
    filter_preview(&page, "the pasted image previewed").await;
    let shown = sepia_pixel(&page, "the sepia image of the pasted one shown").await;
    assert_eq!(shown, json!([145, 129, 101]), "the filtered pixels");
    let name = js(
        &page,
        "return block('Input').querySelector('.media-view img').getAttribute('alt')",
    )
    .await;
    assert_eq!(name, json!("pasted.png"));
    screenshot(&page, "media_image_pasted").await;
    page.close().await.unwrap();
    server.stop().await;

    // Without `clipboard` among the sources, a paste is left alone: nothing is uploaded.
    let server = TestServer::start(crate::apps::upload_only_sepia()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    js(&page, PASTE_PNG).await;
    let pasted = until(&page, "return window.__pasted", "the paste dispatched").await;
    assert_eq!(pasted, json!({"taken": false, "status": ""}));
    let shown = js(
        &page,
        "return [!!block('Input').querySelector('.media-view img'), !block('Input').querySelector('.media-drop').hidden]",
    )
    .await;
    assert_eq!(
        shown,
        json!([false, true]),
        "still empty, the drop zone shown"
    );
    page.close().await.unwrap();
    server.stop().await;
}

pub(crate) async fn a_wav_picked_is_reversed_and_playable(mut browser: Browser) {
    let server = TestServer::start(crate::audio_reverse::app()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    let path = temp_file("tone.wav", &crate::apps::tone_wav());
    page.find(Locator::Css("input[type=file]"))
        .await
        .unwrap()
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
    // The reversed sound arrives in the output's player, which can read its length.
    let seconds = until(
        &page,
        "const a = block('Reversed').querySelector('audio');
         return a && a.readyState >= 1 && Math.round(a.duration * 10) / 10",
        "the reversed sound loaded in its player",
    )
    .await;
    assert_eq!(seconds.as_f64(), Some(1.0), "a one-second tone");
    let input = js(
        &page,
        "const a = block('Input').querySelector('audio'); return a && a.getAttribute('src')",
    )
    .await;
    assert!(input.as_str().unwrap().contains("tone.wav"), "{input}");
    screenshot(&page, "media_audio_reverse").await;
    page.close().await.unwrap();
    server.stop().await;
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

pub(crate) async fn generated_images_show_in_a_captioned_grid(mut browser: Browser) {
    let server = TestServer::start(crate::gallery::app()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    crate::browser::click_button(&page, "Generate").await;
    let captions = until(
        &page,
        "const figures = [...block('Generated').querySelectorAll('figure.gallery-item')];
         if (figures.length !== 6) return null;
         if (!figures.every(f => f.querySelector('img').complete && f.querySelector('img').naturalWidth === 96)) return null;
         return figures.map(f => f.querySelector('figcaption').textContent)",
        "six generated images, loaded",
    )
    .await;
    assert_eq!(
        captions,
        json!([
            "hue 0°",
            "hue 60°",
            "hue 120°",
            "hue 180°",
            "hue 240°",
            "hue 300°"
        ])
    );
    let columns = js(
        &page,
        "return getComputedStyle(block('Generated').querySelector('.media-gallery')).gridTemplateColumns.split(' ').length",
    )
    .await;
    assert_eq!(columns, json!(3), "three columns, as built");
    screenshot(&page, "media_gallery").await;
    page.close().await.unwrap();
    server.stop().await;
}

/// Records one second of an animated canvas as WebM in the page and drops it.
const DROP_WEBM: &str = "const canvas = document.createElement('canvas');
  canvas.width = 160; canvas.height = 120;
  const g = canvas.getContext('2d');
  let frame = 0;
  const paint = setInterval(() => { g.fillStyle = `hsl(${frame++ * 20}, 80%, 50%)`; g.fillRect(0, 0, 160, 120); }, 30);
  const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm' });
  const chunks = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  recorder.onstop = () => {
    clearInterval(paint);
    const dt = new DataTransfer();
    dt.items.add(new File(chunks, 'clip.webm', { type: 'video/webm' }));
    document.querySelector('.media-drop').dispatchEvent(
      new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  };
  recorder.start();
  setTimeout(() => recorder.stop(), 600);
  return 1";

pub(crate) async fn a_video_dropped_plays_in_the_page(mut browser: Browser) {
    let server = TestServer::start(crate::apps::video_echo()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    js(&page, DROP_WEBM).await;
    let about = until(
        &page,
        "const v = field('About').value; return v.startsWith('clip.webm') && v",
        "the handler's answer for the dropped video",
    )
    .await;
    assert!(about.as_str().unwrap().starts_with("clip.webm "), "{about}");
    let size = until(
        &page,
        "const v = block('Echo').querySelector('video');
         return v && v.readyState >= 1 && v.videoWidth && [v.videoWidth, v.videoHeight]",
        "the echoed video's metadata loaded in its player",
    )
    .await;
    assert_eq!(size, json!([160, 120]));
    screenshot(&page, "media_video").await;
    page.close().await.unwrap();
    server.stop().await;
}

pub(crate) async fn an_upload_button_file_comes_back_through_a_download_button(
    mut browser: Browser,
) {
    let server = TestServer::start(crate::apps::shout()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    let disabled = js(
        &page,
        "return document.querySelector('.downloadbutton a').getAttribute('aria-disabled')",
    )
    .await;
    assert_eq!(disabled, json!("true"), "nothing to download yet");
    let path = temp_file("quiet.txt", b"hello there");
    page.find(Locator::Css(".uploadbutton input[type=file]"))
        .await
        .unwrap()
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
    let name = until(
        &page,
        "return document.querySelector('.downloadbutton a').getAttribute('download')",
        "the download button's file",
    )
    .await;
    assert_eq!(name, json!("loud-quiet.txt"));
    let fetched = until(
        &page,
        "if (!window.__fetched) { window.__fetched = 'pending';
           fetch(document.querySelector('.downloadbutton a').href).then(r => r.text()).then(t => window.__fetched = t); }
         return window.__fetched !== 'pending' && window.__fetched",
        "the file behind the download button",
    )
    .await;
    assert_eq!(fetched, json!("HELLO THERE"));
    screenshot(&page, "media_buttons").await;
    page.close().await.unwrap();
    server.stop().await;
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}
