//! Writing a handler's outputs: state slots, wire values (through the kinds' page hooks), change
//! tracking, and the HTML of Markdown and Html outputs rendered within the app's limits.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::Value;

use super::EventError;
use crate::app::AppDef;
use crate::component::HtmlFn;
use crate::component::{ComponentId, PageContext, Role};
use crate::event::handler::HandlerResult;
use crate::event::output::OutputWrite;
use crate::media::FileScope;
use crate::session::{hash_json, Session};

/// Applies handler results to the session and turns them into wire values.
pub(super) struct Writer<'a> {
    pub(super) def: &'a AppDef,
    pub(super) session: &'a Arc<Session>,
    pub(super) outputs: &'a [ComponentId],
    pub(super) entries: &'a BTreeMap<ComponentId, crate::session::StateEntry>,
    pub(super) handler: &'a str,
    pub(super) changed: BTreeSet<ComponentId>,
    pub(super) last: Option<Vec<Value>>,
    /// The latest text of outputs shown as HTML, rendered once the handler is done (each
    /// streamed step is also rendered, by [`Writer::step_html`], for the page to show it).
    pub(super) rendered: BTreeMap<ComponentId, (HtmlFn, Value)>,
    /// The public URL of the app's root the request came to: output files' URLs start with it.
    pub(super) root_url: Option<&'a str>,
}

impl Writer<'_> {
    pub(super) fn apply(&mut self, result: HandlerResult) -> Result<Vec<Value>, EventError> {
        let writes = result?;
        let mut values = Vec::with_capacity(writes.len());
        for (position, (id, write)) in self.outputs.iter().zip(writes).enumerate() {
            let record = self.def.component(*id);
            let value = match write {
                OutputWrite::State(value) => {
                    match (record.map(|r| &r.spec.role), self.entries.get(id)) {
                        (Some(Role::State(factory)), Some(entry)) => {
                            if !(factory.store)(&entry.slot, value) {
                                return Err(EventError::Output {
                                    handler: self.handler.to_owned(),
                                    position,
                                    detail: "the value does not have the state's type".into(),
                                });
                            }
                        }
                        _ => {
                            return Err(EventError::Output {
                                handler: self.handler.to_owned(),
                                position,
                                detail: format!("component #{id} is not a state"),
                            })
                        }
                    }
                    Value::Null
                }
                OutputWrite::Value(value) => self.sent(*id, record, value, position)?,
                OutputWrite::Update(mut props) => {
                    if let Some(value) = props.remove("value") {
                        let sent = self.sent(*id, record, value, position)?;
                        props.insert("value".into(), sent);
                    }
                    props.insert("__type__".into(), Value::String("update".into()));
                    Value::Object(props)
                }
                OutputWrite::Invalid(detail) => {
                    return Err(EventError::Output {
                        handler: self.handler.to_owned(),
                        position,
                        detail,
                    })
                }
            };
            values.push(value);
        }
        self.last = Some(values.clone());
        Ok(values)
    }

    /// The HTML of one streamed step's outputs shown as HTML, rendered within the app's limits
    /// like the final values. Every step is rendered: a step already costs its full values'
    /// length on the wire (each is sent whole), and the limits keep rendering linear in it, so
    /// this adds a constant factor, not a new order of cost. A step that cannot be rendered
    /// shows no new HTML (the page keeps the last); the final render decides the outcome.
    pub(super) async fn step_html(&self, values: &[Value]) -> BTreeMap<ComponentId, String> {
        let sources: BTreeMap<ComponentId, (HtmlFn, Value)> = self
            .outputs
            .iter()
            .zip(values)
            .filter_map(|(id, value)| {
                let html = self.def.component(*id)?.spec.html?;
                let text = match value {
                    Value::Object(update) if update.contains_key("__type__") => {
                        update.get("value")?.clone()
                    }
                    other => other.clone(),
                };
                Some((*id, (html, text)))
            })
            .collect();
        render_html(self.def, self.handler, sources)
            .await
            .unwrap_or_else(|err| {
                tracing::debug!(%err, "a streamed step was not rendered");
                BTreeMap::new()
            })
    }

    /// Tracks a new value of component `id` and returns it as the page receives it. A file
    /// kind's value is tracked as sent (its files stored, with their paths), so that a value
    /// the session remembers can be read back; others as the handler wrote them (a sealed
    /// value is remembered open).
    fn sent(
        &mut self,
        id: ComponentId,
        record: Option<&crate::app::ComponentRecord>,
        value: Value,
        position: usize,
    ) -> Result<Value, EventError> {
        if let Some(record) = record.filter(|r| r.spec.page.refuses()) {
            let sent = self.sealed(Some(record), value, position)?;
            // Remembered as a client's copy reads once through `from_page` (the kind's
            // reading options ride along), since a remembered value is read as it is.
            let files = FileScope::new(&self.def.files, Some(self.session.id())).at(self.root_url);
            let cx = PageContext::new(&record.spec.props, &self.def.sealer).with_files(files);
            match (record.spec.page.from_page)(sent.clone(), &cx) {
                Ok(kept) => self.track(id, &kept),
                Err(_) => self.track(id, &sent),
            }
            Ok(sent)
        } else {
            self.track(id, &value);
            self.sealed(record, value, position)
        }
    }

    /// The value as the page receives it, through the kind's page hook (a `BrowserState`
    /// value leaves the server only sealed). An output file past the output caps fails the
    /// event.
    fn sealed(
        &self,
        record: Option<&crate::app::ComponentRecord>,
        value: Value,
        position: usize,
    ) -> Result<Value, EventError> {
        let Some(record) = record else {
            return Ok(value);
        };
        let files = FileScope::new(&self.def.files, Some(self.session.id())).at(self.root_url);
        let cx = PageContext::new(&record.spec.props, &self.def.sealer).with_files(files.clone());
        let sent = (record.spec.page.to_page)(value, &cx);
        match files.refusal() {
            Some(source) => Err(EventError::OutputFile {
                handler: self.handler.to_owned(),
                position,
                source,
            }),
            None => Ok(sent),
        }
    }

    /// Remembers a page component's new value and notes whether it changed.
    fn track(&mut self, id: ComponentId, value: &Value) {
        if let Some(html) = self.def.component(id).and_then(|c| c.spec.html) {
            self.rendered.insert(id, (html, value.clone()));
        }
        if self.def.remembered.contains(&id) {
            self.session.remember(id, value.clone());
        }
        if self.def.is_watched(id) {
            let initial = self
                .def
                .component(id)
                .and_then(|c| c.spec.initial.as_ref())
                .map(hash_json)
                .unwrap_or(0);
            if self.session.update_hash(id, hash_json(value), initial) {
                self.changed.insert(id);
            }
        }
    }
}

/// Renders the outputs shown as HTML within the app's limits: on the blocking pool when they
/// are long (so a large or hostile text never stalls the threads serving other clients),
/// inline when short.
pub(super) async fn render_html(
    def: &AppDef,
    handler: &str,
    sources: BTreeMap<ComponentId, (HtmlFn, Value)>,
) -> Result<BTreeMap<ComponentId, String>, EventError> {
    if sources.is_empty() {
        return Ok(BTreeMap::new());
    }
    let limits = def.render_limits;
    // A text's length; any other value (a chat transcript) is taken as long, since its kind
    // renders all of its parts.
    let length = |value: &Value| value.as_str().map_or(limits.offload_bytes, str::len);
    let long = sources.values().map(|(_, v)| length(v)).sum::<usize>() >= limits.offload_bytes;
    let render = move || {
        sources
            .into_iter()
            .filter_map(|(id, (html, value))| Some((id, html(&value, &limits)?)))
            .collect::<Vec<_>>()
    };
    let rendered = match tokio::runtime::Handle::try_current() {
        Ok(runtime) if long => runtime.spawn_blocking(render).await.map_err(|err| {
            let handler = handler.to_owned();
            if err.is_cancelled() {
                EventError::Cancelled { handler }
            } else {
                EventError::Panicked { handler }
            }
        })?,
        _ => render(),
    };
    rendered
        .into_iter()
        .map(|(component, html)| {
            html.map(|html| (component, html))
                .map_err(|source| EventError::Render {
                    handler: handler.to_owned(),
                    component,
                    source,
                })
        })
        .collect()
}
