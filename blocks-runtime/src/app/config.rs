//! The app as Gradio's `/config` JSON (see `shared/protocol.md`).

use serde_json::{json, Map, Value};

use crate::app::model::{AfterMode, App, Dependency};
use crate::event::InputSource;

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
                obj.insert("props".into(), Value::Object(c.spec.props.as_map().clone()));
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
        "backend_fn": true,
        "js": Value::Null,
        "queue": dep.options.queue,
        "trigger_mode": dep.options.trigger_mode,
        "show_progress": dep.options.show_progress,
        "concurrency_limit": dep.options.concurrency_limit,
        "types": {"generator": dep.handler.kind().is_generator(), "cancel": false},
        "trigger_after": trigger_after,
        "trigger_only_on_success": only_success,
        "trigger_only_on_failure": only_failure,
        "cancels": [],
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
