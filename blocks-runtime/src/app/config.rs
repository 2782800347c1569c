//! The app as Gradio's `/config` JSON (see `shared/protocol.md`).

use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use crate::app::model::{AfterMode, App, Dependency};
use crate::component::spec::page_defaults;
use crate::event::InputSource;

/// The CSS variables of Gradio's default theme, served at `/theme.css` (Gradio's page loads
/// it, named by `theme_hash`).
pub(crate) const THEME_CSS: &str = include_str!("theme.css");

/// The SHA-256 of [`THEME_CSS`] in hex, as Gradio names its theme.
fn theme_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        use sha2::Digest;
        sha2::Sha256::digest(THEME_CSS.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    })
}

/// The Gradio version we announce: gradio_client parses it (PEP 440) and needs > 4.29.
pub(crate) const GRADIO_VERSION: &str = "5.0.0";

impl App {
    /// The app's `/config` JSON: components, dependencies and layout, as Gradio's clients
    /// expect them.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    /// let mut app = Blocks::new();
    /// let t = app.add(Textbox::new().label("In"));
    /// let o = app.add(Textbox::new().label("Out"));
    /// app.on(t.submit()).call(|s: String| s, t, o).api_name("echo");
    /// let config = app.build().config();
    /// assert_eq!(config["protocol"], "sse_v3");
    /// assert_eq!(config["dependencies"][0]["api_name"], "echo");
    /// ```
    pub fn config(&self) -> Value {
        let def = &self.def;
        let components: Vec<Value> = def
            .components
            .iter()
            .enumerate()
            .skip(1)
            .map(|(id, c)| {
                let mut obj = Map::new();
                obj.insert("id".into(), json!(id));
                obj.insert("type".into(), json!(c.spec.kind));
                let mut props = c.spec.props.as_map().clone();
                for (name, value) in page_defaults(c.spec.kind) {
                    props.entry(name).or_insert(value);
                }
                obj.insert("props".into(), Value::Object(props));
                obj.insert("skip_api".into(), json!(c.spec.api.is_none()));
                obj.insert("key".into(), Value::Null);
                if let Some(api) = &c.spec.api {
                    obj.insert("api_info".into(), api.schema.clone());
                    obj.insert("api_info_as_input".into(), api.schema.clone());
                    obj.insert("api_info_as_output".into(), api.schema.clone());
                    obj.insert("example_inputs".into(), api.example.clone());
                }
                Value::Object(obj)
            })
            .collect();
        let dependencies: Vec<Value> = def
            .dependencies
            .iter()
            .enumerate()
            .map(|(id, dep)| dependency_json(id, dep))
            .collect();
        let component_ids: Vec<usize> = (1..def.components.len()).collect();
        let dependency_ids: Vec<usize> = (0..def.dependencies.len()).collect();
        // BrowserState values (sealed tokens) and what handlers return from them stay out of
        // the run history that Gradio's page keeps in the browser.
        let has_browser_state = def.components.iter().any(|c| c.spec.page.sealed());
        json!({
            "version": GRADIO_VERSION,
            "mode": "blocks",
            "protocol": "sse_v3",
            "api_prefix": "/gradio_api",
            "app_id": def.app_id,
            "title": def.title,
            "components": components,
            "dependencies": dependencies,
            "layout": def.layout,
            "connect_heartbeat": def.has_state_or_unload(),
            "enable_queue": true,
            "show_error": true,
            "theme": "default",
            "css": Value::Null,
            "root": "",
            "is_colab": false,
            "max_file_size": Value::Null,
            // What Gradio's page reads besides the above (Gradio's defaults).
            "page": {"": {
                "layout": def.layout,
                "components": component_ids,
                "dependencies": dependency_ids,
            }},
            "pages": [["", "Home", true]],
            "current_page": "",
            "footer_links": ["api", "gradio", "settings", "runs"],
            "run_history": !has_browser_state,
            "theme_hash": theme_hash(),
            "body_css": {
                "body_background_fill": "white",
                "body_text_color": "#27272a",
                "body_background_fill_dark": "#0f0f11",
                "body_text_color_dark": "#f4f4f5",
            },
            "stylesheets": [],
            "fill_height": false,
            "fill_width": false,
            "pwa": false,
            "head": Value::Null,
            "js": Value::Null,
            "dev_mode": false,
            "analytics_enabled": false,
            "space_id": Value::Null,
            "username": Value::Null,
            "i18n_translations": Value::Null,
            "mcp_server": false,
        })
    }
}

fn dependency_json(id: usize, dep: &Dependency) -> Value {
    let targets: Vec<Value> = dep
        .triggers
        .iter()
        .map(|t| match (t.target, t.event) {
            (Some(c), e) => json!([c, e.as_str()]),
            (None, crate::event::EventName::Load) => json!([0, "load"]),
            (None, e) => json!([Value::Null, e.as_str()]),
        })
        .collect();
    let inputs: Vec<u32> = dep
        .inputs
        .iter()
        .filter_map(|s| match s {
            InputSource::Component(c) => Some(c.get()),
            _ => None,
        })
        .collect();
    let (trigger_after, only_success, only_failure) = match dep.after {
        Some((before, AfterMode::Always)) => (json!(before), false, false),
        Some((before, AfterMode::OnSuccess)) => (json!(before), true, false),
        Some((before, AfterMode::OnFailure)) => (json!(before), false, true),
        None => (Value::Null, false, false),
    };
    let visibility = crate::app::api::visibility_str(dep.options.api_visibility);
    json!({
        "id": id,
        "targets": targets,
        "inputs": inputs,
        "outputs": dep.outputs,
        "api_name": dep.api_name,
        "api_visibility": visibility,
        "backend_fn": dep.cancels.is_empty(),
        "js": Value::Null,
        "queue": dep.options.queue,
        "trigger_mode": dep.options.trigger_mode,
        "show_progress": dep.options.show_progress,
        "concurrency_limit": dep.options.concurrency_limit,
        "types": {"generator": dep.handler.kind().is_generator(), "cancel": !dep.cancels.is_empty()},
        "trigger_after": trigger_after,
        "trigger_only_on_success": only_success,
        "trigger_only_on_failure": only_failure,
        "cancels": dep.cancels,
        // Handlers taking `SelectData` read it through the request.
        "collects_event_data": dep.inputs.iter().any(|s| matches!(s, InputSource::Request)),
        "batch": false,
        "max_batch_size": 4,
        "scroll_to_output": false,
        "connection": "sse",
        "time_limit": Value::Null,
        "rendered_in": Value::Null,
    })
}
