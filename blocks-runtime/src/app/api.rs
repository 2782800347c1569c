//! The API model: one typed description of every endpoint the app offers API clients (names,
//! parameters with names, types, schemas and defaults, returns, descriptions), made once when
//! the app is built. `/gradio_api/info` (and so `gradio_client.view_api()`), the keyword curl
//! route and `/config`'s API fields are all read from it, and so will be MCP tools and an API
//! page.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::app::model::{AppDef, Dependency};
use crate::app::DependencyId;
use crate::component::ComponentId;
use crate::event::{ApiVisibility, InputSource};

/// Every endpoint of an app, in dependency order.
///
/// ```
/// use blocks_runtime::prelude::*;
/// let mut app = Blocks::new();
/// let name = app.add(Textbox::new().label("Name"));
/// let out = app.add(Textbox::new().label("Greeting"));
/// app.on(name.submit())
///     .call(|n: String| format!("Hi {n}"), name, out)
///     .api_name("greet")
///     .parameter_names(["name"]);
/// let app = app.build();
/// let greet = app.api().endpoint("greet").unwrap();
/// assert_eq!(greet.parameters[0].name, "name");
/// assert_eq!(greet.parameters[0].component, "Textbox");
/// assert_eq!(greet.returns[0].label, "Greeting");
/// ```
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct ApiModel {
    /// The endpoints, one per dependency.
    pub endpoints: Vec<Endpoint>,
}

/// One endpoint: a dependency as API clients call it.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Endpoint {
    /// The name clients call it by, without the leading `/` (`"echo"`).
    pub name: String,
    /// The dependency (`fn_index`).
    pub dependency: DependencyId,
    /// Who sees it.
    #[serde(serialize_with = "visibility_name")]
    pub visibility: ApiVisibility,
    /// What it does, for people and agents (empty when unknown): the handler's doc comment
    /// without its `# Arguments` section, which gives the parameters' descriptions.
    pub description: String,
    /// What it takes, in order; State inputs and pseudo-inputs are not parameters.
    pub parameters: Vec<Parameter>,
    /// What it returns, in order; State outputs are left out.
    pub returns: Vec<Return>,
    /// Whether it streams intermediate values.
    pub generator: bool,
    /// How many component inputs the handler takes: the parameters plus the inputs that are
    /// not parameters (a `State`), which a call sends as `null` in their place.
    pub(crate) wire_inputs: usize,
}

/// One parameter of an endpoint.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Parameter {
    /// The handler's parameter name where known, else `param_<position>`.
    pub name: String,
    /// The component's label (or `parameter_<id>`).
    pub label: String,
    /// The component kind's name (`"Textbox"`).
    pub component: &'static str,
    /// The component.
    pub component_id: ComponentId,
    /// Its position among the dependency's wire inputs (`data[position]`).
    pub position: usize,
    /// The JSON schema of the value.
    pub schema: Value,
    /// The Python type `gradio_client` shows.
    pub python_type: &'static str,
    /// An example value.
    pub example: Value,
    /// The value used when the parameter is left out, if it may be.
    pub default: Option<Value>,
    /// What it is, from the handler's `# Arguments` doc section (empty when not given).
    pub description: String,
}

/// One return value of an endpoint.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Return {
    /// The component's label (or `value_<id>`).
    pub label: String,
    /// The component kind's name.
    pub component: &'static str,
    /// The component.
    pub component_id: ComponentId,
    /// The JSON schema of the value.
    pub schema: Value,
    /// The Python type `gradio_client` shows.
    pub python_type: &'static str,
}

fn visibility_name<S: serde::Serializer>(v: &ApiVisibility, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(visibility_str(*v))
}

/// The wire name of a visibility.
pub(crate) fn visibility_str(visibility: ApiVisibility) -> &'static str {
    match visibility {
        ApiVisibility::Public => "public",
        ApiVisibility::Undocumented => "undocumented",
        ApiVisibility::Private => "private",
    }
}

impl ApiModel {
    /// Describes the dependencies of an app being built.
    pub(crate) fn of(def: &AppDef) -> Self {
        let endpoints = def
            .dependencies
            .iter()
            .enumerate()
            .map(|(i, dep)| Endpoint::of(def, DependencyId(i), dep))
            .collect();
        ApiModel { endpoints }
    }

    /// The endpoint called `name` (with or without the leading `/`).
    pub fn endpoint(&self, name: &str) -> Option<&Endpoint> {
        let name = name.trim_start_matches('/');
        self.endpoints.iter().find(|e| e.name == name)
    }

    /// The endpoint of a dependency.
    pub fn of_dependency(&self, id: DependencyId) -> Option<&Endpoint> {
        self.endpoints.get(id.get())
    }

    /// Gradio's `/gradio_api/info` JSON: public endpoints, and undocumented ones with `all`.
    pub fn info_json(&self, all: bool) -> Value {
        self.info_with(all, None)
    }

    /// [`ApiModel::info_json`] with each endpoint's `code_snippets` (Python, JavaScript, curl
    /// and CLI calls, as Gradio's "Use via API" page shows them) for a server at `root`
    /// (`http://127.0.0.1:7860`).
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    /// let mut app = Blocks::new();
    /// let t = app.add(Textbox::new().label("In"));
    /// app.on(t.submit()).call(|s: String| s, t, t).api_name("echo").parameter_names(["s"]);
    /// let info = app.build().api().info_json_at(false, "http://localhost:7860");
    /// let python = info["named_endpoints"]["/echo"]["code_snippets"]["python"].as_str().unwrap();
    /// assert!(python.contains("client.predict(\n\ts=\"Hello!!\",\n\tapi_name=\"/echo\",\n)"));
    /// ```
    pub fn info_json_at(&self, all: bool, root: &str) -> Value {
        self.info_with(all, Some(root))
    }

    fn info_with(&self, all: bool, root: Option<&str>) -> Value {
        let mut named = Map::new();
        for endpoint in &self.endpoints {
            let shown = match endpoint.visibility {
                ApiVisibility::Public => true,
                ApiVisibility::Undocumented => all,
                ApiVisibility::Private => false,
            };
            if shown {
                let mut info = endpoint.info_json();
                if let Some(root) = root {
                    info["code_snippets"] = endpoint.code_snippets(root);
                }
                named.insert(format!("/{}", endpoint.name), info);
            }
        }
        json!({"named_endpoints": named, "unnamed_endpoints": {}})
    }
}

impl Endpoint {
    fn of(def: &AppDef, dependency: DependencyId, dep: &Dependency) -> Self {
        let mut docs = super::docs::read(dep.options.description.as_deref().unwrap_or_default());
        let parameters = dep
            .inputs
            .iter()
            .enumerate()
            .filter_map(|(argument, source)| match source {
                InputSource::Component(id) => Some((argument, *id)),
                _ => None,
            })
            .enumerate()
            .filter_map(|(position, (argument, id))| {
                let spec = &def.component(id)?.spec;
                let api = spec.api.as_ref()?;
                let name = dep
                    .parameter_names
                    .get(argument)
                    .cloned()
                    .unwrap_or_else(|| format!("param_{argument}"));
                Some(Parameter {
                    description: docs.parameters.remove(&name).unwrap_or_default(),
                    name,
                    label: spec
                        .props
                        .label()
                        .map_or_else(|| format!("parameter_{id}"), str::to_owned),
                    component: spec.name,
                    component_id: id,
                    position,
                    schema: api.schema.clone(),
                    python_type: api.python_type,
                    example: api.example.clone(),
                    // As Gradio: a parameter is optional when its component has an initial
                    // value (a `null` one is none), or else when the handler takes an
                    // `Option` (Gradio: a Python default of `None`), with `null` as default.
                    default: spec.initial.clone().filter(|v| !v.is_null()).or_else(|| {
                        dep.optional
                            .get(argument)
                            .copied()
                            .unwrap_or(false)
                            .then_some(Value::Null)
                    }),
                })
            })
            .collect();
        let returns = dep
            .outputs
            .iter()
            .filter_map(|id| {
                let spec = &def.component(*id)?.spec;
                let api = spec.api.as_ref()?;
                Some(Return {
                    label: spec
                        .props
                        .label()
                        .map_or_else(|| format!("value_{id}"), str::to_owned),
                    component: spec.name,
                    component_id: *id,
                    schema: api.schema.clone(),
                    python_type: api.python_type,
                })
            })
            .collect();
        Endpoint {
            name: dep.api_name.clone(),
            dependency,
            visibility: dep.options.api_visibility,
            description: docs.description,
            parameters,
            returns,
            generator: dep.handler.kind().is_generator(),
            wire_inputs: dep.wire_inputs().count(),
        }
    }

    /// This endpoint in `/gradio_api/info`.
    fn info_json(&self) -> Value {
        let parameters: Vec<Value> = self
            .parameters
            .iter()
            .map(|p| {
                json!({
                    "label": p.label,
                    "parameter_name": p.name,
                    "parameter_has_default": p.default.is_some(),
                    "parameter_default": p.default.clone().unwrap_or(Value::Null),
                    "type": p.schema,
                    "python_type": {"type": p.python_type, "description": p.description},
                    "component": p.component,
                    "example_input": p.example,
                })
            })
            .collect();
        let returns: Vec<Value> = self
            .returns
            .iter()
            .map(|r| {
                json!({
                    "label": r.label,
                    "type": r.schema,
                    "python_type": {"type": r.python_type, "description": ""},
                    "component": r.component,
                })
            })
            .collect();
        let visibility = visibility_str(self.visibility);
        json!({
            "parameters": parameters,
            "returns": returns,
            "api_visibility": visibility,
            "show_api": self.visibility == ApiVisibility::Public,
            "description": self.description,
        })
    }
}

impl Endpoint {
    /// How to call this endpoint from Python, JavaScript, curl and Gradio's CLI, as Gradio
    /// writes it (values: each parameter's default, or its example). One difference: the curl
    /// call reads the event id inside `{ …; }`, so that it runs in bash too (Gradio's
    /// `| read EVENT_ID; curl …` leaves the id in a subshell except in zsh).
    fn code_snippets(&self, root: &str) -> Value {
        let name = &self.name;
        let values: Vec<(&str, Value)> = self
            .parameters
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.default.clone().unwrap_or(p.example.clone()),
                )
            })
            .collect();
        let python_args: String = values
            .iter()
            .map(|(n, v)| format!("\t{n}={},\n", python_literal(v)))
            .collect();
        let js_args: String = values
            .iter()
            .map(|(n, v)| format!("\t\t{n}: {},\n", py_json(v)))
            .collect();
        let body = format!(
            "{{{}}}",
            values
                .iter()
                .map(|(n, v)| format!("{}: {}", py_json(&json!(n)), py_json(v)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let examples: Map<String, Value> = self
            .parameters
            .iter()
            .map(|p| (p.name.clone(), p.example.clone()))
            .collect();
        let cli_body = serde_json::to_string_pretty(&examples).unwrap_or_default();
        json!({
            "python": format!(
                "from gradio_client import Client\n\nclient = Client(\"{root}\")\nresult = client.predict(\n{python_args}\tapi_name=\"/{name}\",\n)\nprint(result)"
            ),
            "javascript": format!(
                "import {{ Client }} from \"@gradio/client\";\n\nconst client = await Client.connect(\"{root}\");\nconst result = await client.predict(\"/{name}\", {{\n{js_args}}});\n\nconsole.log(result.data);"
            ),
            "bash": format!(
                "curl -X POST {root}/gradio_api/call/v2/{name} -s -H \"Content-Type: application/json\" \\\n  -d '{}' \\\n  | awk -F'\"' '{{ print $4}}' \\\n  | {{ read EVENT_ID; curl -N {root}/gradio_api/call/{name}/$EVENT_ID; }}",
                shell_quoted(&body)
            ),
            "cli": format!(
                "{{command}} predict {root} /{name} '{}'\n",
                shell_quoted(&cli_body)
            ),
        })
    }
}

/// JSON as Python's `json.dumps` writes it (`", "` and `": "` between items).
fn py_json(value: &Value) -> String {
    literal(value, "null", "true", "false")
}

/// A JSON value as a Python literal (`None`, `True`, `False`).
fn python_literal(value: &Value) -> String {
    literal(value, "None", "True", "False")
}

fn literal(value: &Value, null: &str, yes: &str, no: &str) -> String {
    match value {
        Value::Null => null.to_owned(),
        Value::Bool(true) => yes.to_owned(),
        Value::Bool(false) => no.to_owned(),
        Value::Number(_) | Value::String(_) => value.to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|v| literal(v, null, yes, no))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", json!(k), literal(v, null, yes, no)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Text to put between single quotes in a shell command.
fn shell_quoted(text: &str) -> String {
    text.replace('\'', "'\\''")
}
