//! `/gradio_api/info`: the endpoints API clients can call, with parameter and return types.

use serde_json::{json, Map, Value};

use crate::app::App;
use crate::event::{ApiVisibility, InputSource};

/// The `/info` JSON; `all` adds undocumented endpoints.
pub(crate) fn info(app: &App, all: bool) -> Value {
    let def = &app.def;
    let mut named = Map::new();
    for dep in app.dependencies() {
        let shown = match dep.options.api_visibility {
            ApiVisibility::Public => true,
            ApiVisibility::Undocumented => all,
            ApiVisibility::Private => false,
        };
        if !shown {
            continue;
        }
        let parameters: Vec<Value> = dep
            .inputs
            .iter()
            .enumerate()
            .filter_map(|(position, source)| {
                let InputSource::Component(id) = source else {
                    return None;
                };
                let spec = &def.component(*id)?.spec;
                let api = spec.api.as_ref()?;
                let name = dep
                    .parameter_names
                    .get(position)
                    .cloned()
                    .unwrap_or_else(|| format!("param_{position}"));
                Some(json!({
                    "label": spec.props.label().map(str::to_owned).unwrap_or_else(|| format!("parameter_{id}")),
                    "parameter_name": name,
                    "parameter_has_default": spec.initial.is_some(),
                    "parameter_default": spec.initial.clone().unwrap_or(Value::Null),
                    "type": api.schema,
                    "python_type": {"type": api.python_type, "description": ""},
                    "component": spec.name,
                    "example_input": api.example,
                }))
            })
            .collect();
        let returns: Vec<Value> = dep
            .outputs
            .iter()
            .filter_map(|id| {
                let spec = &def.component(*id)?.spec;
                let api = spec.api.as_ref()?;
                Some(json!({
                    "label": spec.props.label().map(str::to_owned).unwrap_or_else(|| format!("value_{id}")),
                    "type": api.schema,
                    "python_type": {"type": api.python_type, "description": ""},
                    "component": spec.name,
                }))
            })
            .collect();
        let visibility = match dep.options.api_visibility {
            ApiVisibility::Public => "public",
            ApiVisibility::Undocumented => "undocumented",
            ApiVisibility::Private => "private",
        };
        named.insert(
            format!("/{}", dep.api_name),
            json!({
                "parameters": parameters,
                "returns": returns,
                "api_visibility": visibility,
                "show_api": visibility == "public",
                "description": "",
            }),
        );
    }
    json!({"named_endpoints": named, "unnamed_endpoints": {}})
}
