//! The browser page: plain ES modules and CSS embedded in the binary (no build step), served
//! from memory under a content-hashed path with long-lived caching, gzip-compressed once.
//! The page renders the app from its `/config`, embedded in the HTML.

pub use crate::render::{markdown_html, sanitized_html, RenderError, RenderLimits};

use crate::render::escape_html;

use std::io::Write;
use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use bytes::Bytes;
use serde_json::Value;

/// One embedded file.
struct Asset {
    name: &'static str,
    body: &'static str,
}

macro_rules! assets {
    ($($name:literal),* $(,)?) => {
        &[$(Asset { name: $name, body: include_str!(concat!("assets/", $name)) }),*]
    };
}

/// Every file the page loads.
const ASSETS: &[Asset] = assets!(
    "style.css",
    "core.js",
    "transport.js",
    "toast.js",
    "components/index.js",
    "components/base.js",
    "components/textbox.js",
    "components/number.js",
    "components/slider.js",
    "components/checkbox.js",
    "components/checkboxgroup.js",
    "components/radio.js",
    "components/dropdown.js",
    "components/button.js",
    "components/markdown.js",
    "components/html.js",
    "components/json.js",
    "components/label.js",
    "components/dataframe.js",
    "components/chatbot.js",
    "components/dataset.js",
    "components/timer.js",
    "components/state.js",
    "components/browserstate.js",
    "components/layout.js",
);

/// Files the page loads only when asked: the API page (the footer's "Use via API").
const ON_DEMAND: &[Asset] = assets!("api.js");

/// The assets with their gzip form, and the version path they are served under.
struct Served {
    version: String,
    files: Vec<(&'static str, &'static str, Vec<u8>)>,
}

/// The version in the URLs of the page's own assets (`assets/{version}/style.css`).
pub(crate) fn asset_version() -> &'static str {
    &served().version
}

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        let mut all = String::new();
        for asset in ASSETS.iter().chain(ON_DEMAND) {
            all.push_str(asset.name);
            all.push_str(asset.body);
        }
        let version = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(all.as_bytes()));
        let files = ASSETS
            .iter()
            .chain(ON_DEMAND)
            .map(|a| (a.name, a.body, gzip(a.body.as_bytes())))
            .collect();
        Served { version, files }
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"))
}

fn content_type(name: &str) -> &'static str {
    if name.ends_with(".css") {
        "text/css; charset=utf-8"
    } else {
        "text/javascript; charset=utf-8"
    }
}

/// `GET /assets/{version}/{name}`: an embedded file, cached for a year (its path changes
/// whenever any asset changes).
pub(crate) async fn asset(req: HttpRequest, path: web::Path<(String, String)>) -> HttpResponse {
    let (version, name) = path.into_inner();
    let served = served();
    let Some((name, body, gzipped)) = served.files.iter().find(|(n, _, _)| *n == name) else {
        return HttpResponse::NotFound().finish();
    };
    let mut response = HttpResponse::Ok();
    response
        .content_type(content_type(name))
        .insert_header((header::VARY, "Accept-Encoding"));
    if version == served.version {
        response.insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"));
    } else {
        response.insert_header((header::CACHE_CONTROL, "no-cache"));
    }
    if accepts_gzip(&req) {
        response
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(gzipped.clone())
    } else {
        response.body(*body)
    }
}

/// JSON that is safe inside a `<script>` element or a quoted HTML attribute (no `</script>`, no
/// `<!--`, no quote that ends the attribute), as Gradio's `toorjson`.
pub(crate) fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\'', "\\u0027")
}

/// The browser modules of the app's own component kinds (those not built into the page),
/// served at `/assets/kinds/{hash}/{kind}.js` with the hash of their source.
#[derive(Debug, Default)]
pub(crate) struct KindModules {
    by_kind: std::collections::BTreeMap<&'static str, (String, &'static str)>,
}

impl KindModules {
    pub(crate) fn new(modules: impl IntoIterator<Item = (&'static str, &'static str)>) -> Self {
        let mut by_kind = std::collections::BTreeMap::new();
        for (kind, source) in modules {
            let built_in = format!("components/{kind}.js");
            if ASSETS.iter().any(|a| a.name == built_in) {
                tracing::warn!(
                    kind,
                    "a component kind of the app has the name of a built-in kind: its browser \
                     module draws every component of that kind; give it a name of its own"
                );
            }
            let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(source.as_bytes()));
            if let Some((other, _)) = by_kind.insert(kind, (hash.clone(), source)) {
                if other != hash {
                    tracing::warn!(
                        kind,
                        "two component kinds of the app share a kind name with different browser \
                         modules; only one is served"
                    );
                }
            }
        }
        KindModules { by_kind }
    }

    /// `{kind: url}` for the page.
    fn urls(&self) -> serde_json::Map<String, Value> {
        self.by_kind
            .iter()
            .map(|(kind, (hash, _))| {
                (
                    (*kind).to_owned(),
                    Value::String(format!("assets/kinds/{hash}/{kind}.js")),
                )
            })
            .collect()
    }
}

/// `GET /assets/kinds/{hash}/{kind}.js`: an app-defined kind's browser module.
pub(crate) fn kind_module(modules: &KindModules, hash: &str, file: &str) -> HttpResponse {
    let kind = file.strip_suffix(".js").unwrap_or(file);
    match modules.by_kind.get(kind) {
        Some((current, source)) if current == hash => HttpResponse::Ok()
            .content_type("text/javascript; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .body(*source),
        _ => HttpResponse::NotFound()
            .content_type("application/json")
            .body(format!(
                "{{\"detail\":\"no browser module for the kind {kind:?} at this version\"}}"
            )),
    }
}

/// The config as the page needs it: Markdown and HTML values with their sanitised HTML (an
/// initial value over the render limits shows the reason instead, and is logged), and where
/// the app's own kinds' browser modules are.
pub(crate) fn page_config(
    mut config: Value,
    renderers: &std::collections::HashMap<u32, crate::component::HtmlFn>,
    limits: &RenderLimits,
    modules: &KindModules,
) -> Value {
    config["modules"] = Value::Object(modules.urls());
    if let Some(components) = config["components"].as_array_mut() {
        for component in components {
            let renderer = component["id"]
                .as_u64()
                .and_then(|id| renderers.get(&(id as u32)));
            let Some(render) = renderer else {
                continue;
            };
            let html = match render(&component["props"]["value"], limits) {
                Some(Ok(html)) => html,
                Some(Err(err)) => {
                    tracing::warn!(id = %component["id"], %err, "an initial value was not rendered");
                    format!("<p>{}</p>", escape_html(&err.to_string()))
                }
                None => continue,
            };
            component["props"]["html"] = Value::String(html);
        }
    }
    config
}

/// The page's HTML, with the config embedded. It depends only on the app, so the server
/// renders it once at start-up.
pub(crate) fn page_html(title: &str, config: &Value) -> Bytes {
    let served = served();
    let v = &served.version;
    let preloads: String = served
        .files
        .iter()
        .filter(|(n, _, _)| n.ends_with(".js") && *n != "core.js")
        .filter(|(n, _, _)| !ON_DEMAND.iter().any(|a| a.name == *n))
        .map(|(n, _, _)| format!("<link rel=\"modulepreload\" href=\"assets/{v}/{n}\">"))
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"assets/{v}/style.css\">{preloads}</head>\
         <body><div id=\"banner\" role=\"alert\" hidden></div><main id=\"app\"></main>\
         <div id=\"toasts\" aria-live=\"polite\"></div>\
         <script type=\"application/json\" id=\"blocks-config\">{config}</script>\
         <script type=\"module\" src=\"assets/{v}/core.js\"></script></body></html>",
        title = escape_html(title),
        config = script_json(config),
    );
    Bytes::from(html)
}

/// `GET /`: the page rendered by [`page_html`].
pub(crate) fn page(html: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn embedded_json_cannot_close_the_script() {
        let text = script_json(&json!({"title": "</script><script>alert(1)</script>"}));
        assert!(!text.contains("</script"));
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back["title"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn every_asset_is_served_compressed_and_small() {
        let served = served();
        let first_load = served
            .files
            .iter()
            .filter(|(n, _, _)| !ON_DEMAND.iter().any(|a| a.name == *n));
        let total: usize = first_load.map(|(_, _, gz)| gz.len()).sum();
        assert!(
            total < 40 * 1024,
            "the page's assets are {total} bytes gzipped"
        );
        for (name, body, gz) in &served.files {
            assert!(!body.is_empty(), "{name} is empty");
            assert!(!gz.is_empty());
        }
    }
}
