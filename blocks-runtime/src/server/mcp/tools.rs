//! The tools: one per public endpoint of the API model, named by its `api_name`, with a JSON
//! Schema of its parameters (from their types and components) and the handler's doc comment
//! as description; and a tool call's arguments as the endpoint's input values.

use serde_json::{json, Map, Value};

use super::files;
use crate::app::{ApiModel, Endpoint};
use crate::event::ApiVisibility;

/// The endpoints offered as tools: the public ones.
pub(crate) fn endpoints(api: &ApiModel) -> impl Iterator<Item = &Endpoint> {
    api.endpoints
        .iter()
        .filter(|e| e.visibility == ApiVisibility::Public)
}

/// The tool of a public endpoint called `name`.
pub(crate) fn find<'a>(api: &'a ApiModel, name: &str) -> Option<&'a Endpoint> {
    endpoints(api).find(|e| e.name == name)
}

/// `tools/list`'s entry for `endpoint`.
pub(crate) fn tool(endpoint: &Endpoint) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for parameter in &endpoint.parameters {
        let mut schema = match &parameter.default {
            // An `Option` parameter (default `null`) takes `null` too.
            Some(Value::Null) => {
                json!({"anyOf": [files::tool_schema(&parameter.schema), {"type": "null"}]})
            }
            _ => files::tool_schema(&parameter.schema),
        };
        if let Value::Object(map) = &mut schema {
            let text = if parameter.description.is_empty() {
                &parameter.label
            } else {
                &parameter.description
            };
            map.insert("title".into(), json!(parameter.label));
            map.insert("description".into(), json!(text));
            match &parameter.default {
                Some(default) => {
                    map.insert("default".into(), default.clone());
                }
                None => required.push(json!(parameter.name)),
            }
        }
        properties.insert(parameter.name.clone(), schema);
    }
    let mut input = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        input["required"] = Value::Array(required);
    }
    let mut description = endpoint.description.clone();
    if !endpoint.returns.is_empty() {
        let returns: Vec<&str> = endpoint.returns.iter().map(|r| r.label.as_str()).collect();
        if !description.is_empty() && !description.ends_with('.') {
            description.push('.');
        }
        if !description.is_empty() {
            description.push(' ');
        }
        description.push_str(&format!("Returns: {}", returns.join(", ")));
    }
    json!({
        "name": endpoint.name,
        "description": description,
        "inputSchema": input,
    })
}

/// Why a tool call's arguments are not the endpoint's inputs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ArgumentError {
    /// `arguments` is not an object.
    #[error("the arguments must be an object of parameter names to values")]
    NotAnObject,
    /// A parameter without default was left out.
    #[error("missing argument `{0}`; the tool takes: {1}")]
    Missing(String, String),
    /// An argument the tool does not take.
    #[error("unknown argument `{0}`; the tool takes: {1}")]
    Unknown(String, String),
}

/// One value per wire input of `endpoint` from a tool call's `arguments` (parameters left out
/// take their default; inputs that are not parameters, such as `State`, are `null`).
pub(crate) fn inputs(endpoint: &Endpoint, arguments: Value) -> Result<Vec<Value>, ArgumentError> {
    let names = || {
        endpoint
            .parameters
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut arguments = match arguments {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        _ => return Err(ArgumentError::NotAnObject),
    };
    let mut data = vec![Value::Null; endpoint.wire_inputs];
    for parameter in &endpoint.parameters {
        let value = arguments
            .remove(&parameter.name)
            .or_else(|| parameter.default.clone())
            .ok_or_else(|| ArgumentError::Missing(parameter.name.clone(), names()))?;
        if let Some(slot) = data.get_mut(parameter.position) {
            *slot = value;
        }
    }
    if let Some(name) = arguments.keys().next() {
        return Err(ArgumentError::Unknown(name.clone(), names()));
    }
    Ok(data)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::prelude::*;

    fn app() -> App {
        let mut app = Blocks::new();
        let name = app.add(Textbox::new().label("Name"));
        let times = app.add(Number::new().label("Times").value(2.0));
        let out = app.add(Textbox::new().label("Greeting"));
        app.on(name.submit())
            .call(|n: String, t: f64| format!("{n}{t}"), (name, times), out)
            .api_name("greet")
            .parameter_names(["name", "times"])
            .description("Greets.\n\n# Arguments\n\n* `name` - Who to greet.");
        let limit = app.add(Number::new().label("Limit"));
        app.on(limit.submit())
            .call(|n: Option<f64>| n.unwrap_or(0.0), limit, limit)
            .api_name("maybe")
            .parameter_names(["n"]);
        app.on(out.change())
            .call(|s: String| s, out, out)
            .api_name("hidden")
            .api_visibility(ApiVisibility::Private);
        app.build()
    }

    #[test]
    fn a_tool_has_the_schema_defaults_and_docs_of_its_endpoint() {
        let app = app();
        let names: Vec<_> = endpoints(app.api()).map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["greet", "maybe"]);
        let tool = tool(find(app.api(), "greet").unwrap());
        assert_eq!(tool["description"], "Greets. Returns: Greeting");
        let schema = &tool["inputSchema"];
        assert_eq!(schema["required"], json!(["name"]));
        assert_eq!(schema["properties"]["name"]["type"], "string");
        assert_eq!(schema["properties"]["name"]["description"], "Who to greet.");
        assert_eq!(schema["properties"]["times"]["type"], "number");
        assert_eq!(schema["properties"]["times"]["default"], 2.0);
        assert_eq!(schema["properties"]["times"]["description"], "Times");
        let maybe = super::tool(find(app.api(), "maybe").unwrap());
        let n = &maybe["inputSchema"]["properties"]["n"];
        assert_eq!(
            n["anyOf"][1],
            json!({"type": "null"}),
            "an Option takes null: {n}"
        );
        assert_eq!(n["default"], Value::Null);
        assert!(maybe["inputSchema"].get("required").is_none());
    }

    #[test]
    fn arguments_become_inputs_with_defaults_and_are_checked() {
        let app = app();
        let greet = find(app.api(), "greet").unwrap();
        assert_eq!(
            inputs(greet, json!({"name": "Ann"})).unwrap(),
            [json!("Ann"), json!(2.0)]
        );
        assert!(matches!(
            inputs(greet, json!({})),
            Err(ArgumentError::Missing(n, _)) if n == "name"
        ));
        assert!(matches!(
            inputs(greet, json!({"name": "a", "nme": 1})),
            Err(ArgumentError::Unknown(n, _)) if n == "nme"
        ));
        assert_eq!(inputs(greet, json!(3)), Err(ArgumentError::NotAnObject));
    }
}
