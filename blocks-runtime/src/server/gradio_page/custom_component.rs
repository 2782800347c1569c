//! What Gradio's page gets for a component type it does not ship. Like Gradio's server, blocks
//! answers `GET /gradio_api/custom_component/{id}/{environment}/{variant}/{file}`, where the
//! page loads a custom component: `index.js` (its Svelte component), `style.css` and
//! `svelte_runtime_entry.js` (the runtime that mounts it). A kind defined by the app has a
//! browser module for blocks' own page, which Gradio's page cannot run; instead of the endless
//! "Loading…" that Gradio's page shows when a custom component's files are missing, the kind
//! is mounted as a block that says so (registered like any component, so the page gets
//! ready), and the rest of the page works as usual.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::server::error::ProtocolError;
use crate::server::Shared;

/// The "runtime" Gradio's page mounts the component with: draws the notice in its place.
const RUNTIME: &str = r#"// blocks: mounts an app-defined component kind that Gradio's page cannot draw.
export function mount(component, { target, props }) {
  const shared = props?.shared_props ?? {};
  const own = props?.props ?? {};
  const box = document.createElement("div");
  box.className = "block padded";
  box.dataset.blocksKind = component.kind;
  box.style.cssText = "border: 1px solid var(--block-border-color, #e5e7eb); border-radius: var(--block-radius, 8px); padding: var(--block-padding, 10px 12px);";
  const label = shared.label ?? own.label;
  if (label) {
    const info = document.createElement("span");
    info.dataset.testid = "block-info";
    info.textContent = label;
    box.append(info);
  }
  const text = document.createElement("p");
  text.className = "blocks-unsupported-kind";
  text.textContent = `Gradio's page cannot show this component: its kind "${component.kind}" ` +
    "is drawn by a browser module for blocks' own page. Serve blocks' page to use it.";
  box.append(text);
  target.append(box);
  // Registered like every component of Gradio's page (which is ready once all are): its value
  // stays the one the config gave, and updates to it are ignored.
  const set_data = () => {};
  shared.register_component?.(shared.id, set_data, async () => ({ ...own }));
  return { box, id: shared.id, set_data, unregister: shared.unregister_component };
}

export function unmount(mounted) {
  mounted?.box.remove();
  mounted?.unregister?.(mounted.id, mounted.set_data);
}
"#;

/// `GET /gradio_api/custom_component/{id}/{environment}/{variant}/{file}`.
pub(crate) async fn custom_component(
    shared: web::Data<Shared>,
    path: web::Path<(String, String, String, String)>,
) -> Result<HttpResponse, ProtocolError> {
    let (id, environment, variant, file) = path.into_inner();
    let kinds = shared.app.def.kind_modules();
    let Some((kind, _)) = kinds.iter().find(|(kind, _)| *kind == id) else {
        return Err(ProtocolError::FileNotFound(format!(
            "no component type {id:?} in this app (Gradio's page loads component types it \
             does not ship from /gradio_api/custom_component/…)"
        )));
    };
    let (content_type, body) = match (environment.as_str(), variant.as_str(), file.as_str()) {
        ("client", "component", "index.js") => {
            tracing::warn!(
                kind,
                "Gradio's page cannot draw a component kind defined by the app (its browser \
                 module is for blocks' own page): the page shows a notice in its place"
            );
            let kind = serde_json::Value::from(*kind).to_string();
            (
                "text/javascript; charset=utf-8",
                format!("export default {{ kind: {kind} }};\n"),
            )
        }
        ("client", "component", "svelte_runtime_entry.js") => {
            ("text/javascript; charset=utf-8", RUNTIME.to_owned())
        }
        ("client", "component", "style.css") => ("text/css; charset=utf-8", String::new()),
        _ => {
            return Err(ProtocolError::FileNotFound(format!(
                "{environment}/{variant}/{file} of the component kind {id:?}: Gradio's page \
                 cannot draw a kind defined by the app, which has a browser module for blocks' \
                 own page only"
            )))
        }
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(body))
}
