//! The dispatcher: runs one event for one session — reads its inputs, calls the handler where
//! it belongs (a blocking thread, the async runtime, a stream), writes its outputs, and runs
//! the `.change` listeners the writes set off.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::{FutureExt, StreamExt};
use serde_json::Value;

use crate::app::{App, AppDef, DependencyId};
use crate::component::{ComponentId, Role};
use crate::event::handler::{HandlerError, HandlerResult, Invocation};
use crate::event::input::{InputError, InputSource, InputValue, RawInputs};
use crate::event::offload::{Failure, Offload};
use crate::event::output::OutputWrite;
use crate::event::pseudo::{Notice, Progress, Reporter, Request, RequestInfo};
use crate::session::{hash_json, Session, SessionError, SessionId};

/// How many rounds of `.change` listeners one event may set off before it is called a cycle.
pub const MAX_CHANGE_ROUNDS: usize = 16;

/// One event to run: which dependency, for which session, with which input values.
#[derive(Clone)]
pub struct EventRequest {
    /// The session.
    pub session: SessionId,
    /// The dependency (`fn_index`).
    pub dependency: DependencyId,
    /// One JSON value per component input, in order (`null` for states).
    pub data: Vec<Value>,
    /// Headers and client address.
    pub info: Arc<RequestInfo>,
    /// Where progress, alerts and streamed outputs go.
    pub reporter: Option<Reporter>,
    /// The session exists for this event only (an API call without a session id): it is
    /// dropped when the event is over, since nobody can name it again.
    pub one_shot: bool,
}

impl std::fmt::Debug for EventRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventRequest")
            .field("session", &self.session)
            .field("dependency", &self.dependency)
            .field("data", &self.data)
            .finish()
    }
}

impl EventRequest {
    /// An event with these input values and no request details.
    pub fn new(session: SessionId, dependency: DependencyId, data: Vec<Value>) -> Self {
        EventRequest {
            session,
            dependency,
            data,
            info: Arc::new(RequestInfo::default()),
            reporter: None,
            one_shot: false,
        }
    }

    /// Marks the session as this event's alone: it is dropped when the event is over.
    pub fn one_shot(mut self, one_shot: bool) -> Self {
        self.one_shot = one_shot;
        self
    }

    /// Adds request details (headers, client address).
    pub fn with_info(mut self, info: RequestInfo) -> Self {
        self.info = Arc::new(info);
        self
    }

    /// Sends progress, alerts and streamed outputs to `reporter`.
    pub fn with_reporter(mut self, reporter: Reporter) -> Self {
        self.reporter = Some(reporter);
        self
    }
}

/// What a finished event produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventOutcome {
    /// One value per output: the value, a prop update (`{"__type__": "update", …}`), or
    /// `null` for a state.
    pub outputs: Vec<Value>,
    /// New values or prop updates from the `.change` listeners the event set off, by
    /// component (ours: `output.updates` on the wire).
    pub updates: BTreeMap<ComponentId, Value>,
    /// The states whose value changed (Gradio's `changed_state_ids`).
    pub changed_state_ids: Vec<ComponentId>,
    /// The `.change` listeners that ran, in order.
    pub listeners: Vec<DependencyId>,
    /// Listeners that failed (their errors are alerts; the event itself succeeded).
    pub listener_errors: Vec<(DependencyId, EventError)>,
    /// Sanitised HTML of the Markdown and HTML components the event wrote, for the page
    /// (ours: `output.html` on the wire; API clients ignore it).
    pub html: BTreeMap<ComponentId, String>,
}

/// Why an event failed. The session keeps the state it had before the event (except changes a
/// handler made in place through `StateMut` before failing).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EventError {
    /// No dependency has this id.
    #[error("no event with fn_index {0}; see /config for the dependencies")]
    UnknownDependency(usize),
    /// An input value could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The handler returned an error.
    #[error("{0}")]
    Handler(#[from] HandlerError),
    /// The handler panicked.
    #[error("the handler `{handler}` panicked; the server log has the details")]
    Panicked {
        /// The handler's name.
        handler: String,
    },
    /// A handler returned a value that could not be serialised.
    #[error("output {position} of `{handler}` could not be serialised: {detail}")]
    Output {
        /// The handler's name.
        handler: String,
        /// The output position.
        position: usize,
        /// The serialiser's message.
        detail: String,
    },
    /// An output shown as HTML (Markdown, Html) was refused by the app's render limits.
    #[error("the output of `{handler}` for component #{component} was not rendered: {source}")]
    Render {
        /// The handler's name.
        handler: String,
        /// The component whose value it was.
        component: ComponentId,
        /// Which limit it broke.
        source: crate::frontend::RenderError,
    },
    /// The session could not be opened.
    #[error(transparent)]
    Session(#[from] SessionError),
    /// `.change` listeners kept setting each other off.
    #[error(
        "`.change` listeners kept changing values after {MAX_CHANGE_ROUNDS} rounds (a cycle?): {}",
        listeners.join(" -> ")
    )]
    ChangeCycle {
        /// The listeners of the last rounds, by handler name.
        listeners: Vec<String>,
    },
}

/// What one dependency run produced, before listeners.
struct Step {
    outputs: Vec<Value>,
    changed: BTreeSet<ComponentId>,
    changed_states: Vec<ComponentId>,
    html: BTreeMap<ComponentId, String>,
}

/// Where a dependency's component inputs come from.
enum Data {
    /// Sent by the client.
    Wire(Vec<Value>),
    /// The session's last known values (for server-run listeners).
    Remembered,
}

fn silent_reporter() -> Reporter {
    Arc::new(|_| {})
}

impl App {
    /// Runs one event for one session: the handler, then the `.change` listeners its writes set
    /// off (server-side, so API clients trigger them too). Opens the session if it is new.
    pub async fn run(&self, request: EventRequest) -> Result<EventOutcome, EventError> {
        let one_shot = request.one_shot.then(|| request.session.clone());
        let result = self.run_in_session(request).await;
        if let Some(session) = one_shot {
            self.sessions.remove(&session);
        }
        result
    }

    async fn run_in_session(&self, request: EventRequest) -> Result<EventOutcome, EventError> {
        let def = &self.def;
        if def.dependency(request.dependency).is_none() {
            return Err(EventError::UnknownDependency(request.dependency.0));
        }
        let session = self.sessions.open(&request.session)?;
        session.touch(self.sessions.clock().now());
        let reporter = request.reporter.clone().unwrap_or_else(silent_reporter);
        let step = run_dependency(
            def,
            &session,
            request.dependency,
            Data::Wire(request.data),
            &request.info,
            &reporter,
        )
        .await?;
        let mut outcome = EventOutcome {
            outputs: step.outputs,
            changed_state_ids: step.changed_states,
            html: step.html,
            ..EventOutcome::default()
        };
        self.cascade(
            &session,
            step.changed,
            &request.info,
            &reporter,
            &mut outcome,
        )
        .await?;
        session.touch(self.sessions.clock().now());
        Ok(outcome)
    }

    async fn cascade(
        &self,
        session: &Arc<Session>,
        mut changed: BTreeSet<ComponentId>,
        info: &Arc<RequestInfo>,
        reporter: &Reporter,
        outcome: &mut EventOutcome,
    ) -> Result<(), EventError> {
        let def = &self.def;
        let mut rounds = 0;
        while !changed.is_empty() {
            let listeners: BTreeSet<DependencyId> = changed
                .iter()
                .filter_map(|id| def.change_listeners.get(id))
                .flatten()
                .copied()
                .collect();
            if listeners.is_empty() {
                break;
            }
            rounds += 1;
            if rounds > MAX_CHANGE_ROUNDS {
                return Err(EventError::ChangeCycle {
                    listeners: listeners
                        .iter()
                        .filter_map(|l| def.dependency(*l).map(|d| d.api_name.clone()))
                        .collect(),
                });
            }
            let mut next = BTreeSet::new();
            for listener in listeners {
                let result =
                    run_dependency(def, session, listener, Data::Remembered, info, reporter).await;
                outcome.listeners.push(listener);
                match result {
                    Ok(step) => {
                        if let Some(dep) = def.dependency(listener) {
                            for (id, value) in dep.outputs.iter().zip(step.outputs) {
                                let is_state = def
                                    .component(*id)
                                    .is_some_and(|c| matches!(c.spec.role, Role::State(_)));
                                if !is_state {
                                    outcome.updates.insert(*id, value);
                                }
                            }
                        }
                        for id in &step.changed_states {
                            if !outcome.changed_state_ids.contains(id) {
                                outcome.changed_state_ids.push(*id);
                            }
                        }
                        next.extend(step.changed);
                        outcome.html.extend(step.html);
                    }
                    Err(err) => outcome.listener_errors.push((listener, err)),
                }
            }
            changed = next;
        }
        Ok(())
    }

    /// Checks a client's input values for a dependency before it is queued: enough values, and
    /// each page component's value of its JSON type (state values are ignored, `null` means the
    /// component's default). The error names the input and the expected type.
    pub fn check_inputs(&self, dependency: DependencyId, data: &[Value]) -> Result<(), EventError> {
        let def = &self.def;
        let dep = def
            .dependency(dependency)
            .ok_or(EventError::UnknownDependency(dependency.0))?;
        let expected = dep.wire_inputs().count();
        if data.len() < expected {
            return Err(InputError::Missing {
                expected,
                got: data.len(),
            }
            .into());
        }
        let mut position = 0;
        let mut values = data.iter();
        for source in &dep.inputs {
            let InputSource::Component(id) = source else {
                position += 1;
                continue;
            };
            let value = values.next().unwrap_or(&Value::Null);
            let Some(record) = def.component(*id) else {
                continue;
            };
            if let (Role::Wire { expects }, Some(validate)) =
                (&record.spec.role, record.spec.validate)
            {
                let value = match value {
                    Value::Null => record.spec.initial.as_ref().unwrap_or(&Value::Null),
                    other => other,
                };
                if let Err(detail) = validate(value) {
                    return Err(InputError::WrongType {
                        parameter: dep
                            .parameter_names
                            .get(position)
                            .cloned()
                            .unwrap_or_else(|| format!("param_{position}"))
                            .into(),
                        position,
                        component: record.spec.name,
                        id: *id,
                        label: record.spec.props.label().map(Into::into),
                        expected: expects,
                        got: crate::component::wire::describe(value),
                        detail: detail.into(),
                    }
                    .into());
                }
            }
            position += 1;
        }
        Ok(())
    }

    /// Runs the `unload` listeners for a session whose page closed.
    pub async fn run_unload(&self, session: &SessionId) -> Vec<Result<EventOutcome, EventError>> {
        let mut results = Vec::new();
        for dep in self.unload_dependencies() {
            let request = EventRequest::new(session.clone(), dep, Vec::new());
            results.push(self.run(request).await);
        }
        results
    }
}

/// Runs one dependency: read inputs, call the handler, apply its outputs.
async fn run_dependency(
    def: &AppDef,
    session: &Arc<Session>,
    id: DependencyId,
    data: Data,
    info: &Arc<RequestInfo>,
    reporter: &Reporter,
) -> Result<Step, EventError> {
    let dep = def
        .dependency(id)
        .ok_or(EventError::UnknownDependency(id.0))?;

    // The states this event touches, locked in id order so that events of one session that
    // share a state run one after the other, and never deadlock.
    let mut touched: Vec<ComponentId> = dep
        .wire_inputs()
        .chain(dep.outputs.iter().copied())
        .filter(|c| {
            def.component(*c)
                .is_some_and(|r| matches!(r.spec.role, Role::State(_)))
        })
        .collect();
    touched.sort_unstable();
    touched.dedup();
    let mut entries = BTreeMap::new();
    let mut guards = Vec::with_capacity(touched.len());
    for state in &touched {
        if let Some(Role::State(factory)) = def.component(*state).map(|r| &r.spec.role) {
            let entry = session.state(*state, factory);
            guards.push(Arc::clone(&entry.order).lock_owned().await);
            entries.insert(*state, entry);
        }
    }
    let hash_states = |entries: &BTreeMap<ComponentId, crate::session::StateEntry>| {
        entries
            .iter()
            .filter_map(|(id, entry)| {
                let hasher = def.component(*id)?.state_hasher.as_ref()?;
                Some((*id, hasher(&entry.slot)?))
            })
            .collect::<BTreeMap<ComponentId, u64>>()
    };
    let before = hash_states(&entries);

    // Inputs.
    let component_inputs = dep.wire_inputs().count();
    let mut wire = match data {
        Data::Wire(values) => {
            if values.len() < component_inputs {
                return Err(InputError::Missing {
                    expected: component_inputs,
                    got: values.len(),
                }
                .into());
            }
            Some(values.into_iter())
        }
        Data::Remembered => None,
    };
    let mut values = Vec::with_capacity(dep.inputs.len());
    for source in &dep.inputs {
        match source {
            InputSource::Component(cid) => {
                let record = def
                    .component(*cid)
                    .ok_or_else(|| InputError::Internal(format!("no component #{cid}")))?;
                let sent = wire.as_mut().and_then(Iterator::next);
                match &record.spec.role {
                    Role::State(_) => {
                        let entry = entries.get(cid).ok_or_else(|| {
                            InputError::Internal(format!("state #{cid} was not locked"))
                        })?;
                        values.push(InputValue::State(Arc::clone(&entry.slot)));
                    }
                    Role::Wire { .. } | Role::Button | Role::Browser { .. } => {
                        let initial = || record.spec.initial.clone().unwrap_or(Value::Null);
                        let value = match (&record.spec.role, sent) {
                            // Not sent, or sent as null: the last value the server knows for
                            // a server-run listener, else the component's default.
                            (_, Some(Value::Null) | None) => session
                                .remembered(*cid)
                                .filter(|_| wire.is_none())
                                .unwrap_or_else(initial),
                            (Role::Browser { storage_key }, Some(sent)) => {
                                unseal(def, *cid, storage_key, sent).unwrap_or_else(initial)
                            }
                            (_, Some(value)) => value,
                        };
                        if def.remembered.contains(cid) {
                            session.remember(*cid, value.clone());
                        }
                        if def.is_watched(*cid) {
                            let initial = record.spec.initial.as_ref().map(hash_json);
                            session.update_hash(*cid, hash_json(&value), initial.unwrap_or(0));
                        }
                        values.push(InputValue::Json(value));
                    }
                    Role::Layout => {
                        return Err(InputError::Internal(format!(
                            "layout block #{cid} cannot be an input"
                        ))
                        .into())
                    }
                }
            }
            InputSource::Request => {
                values.push(InputValue::Request(Request {
                    session: session.id().clone(),
                    info: Arc::clone(info),
                }));
            }
            InputSource::Progress => {
                values.push(InputValue::Progress(Progress {
                    reporter: Arc::clone(reporter),
                }));
            }
        }
    }

    // Call.
    let handler_name = dep.api_name.as_str();
    let raw = RawInputs::new(values, Arc::clone(&dep.contexts));
    let invocation = std::panic::catch_unwind(AssertUnwindSafe(|| dep.handler.invoke(raw)))
        .map_err(|payload| panicked(handler_name, payload))??;

    let mut writer = Writer {
        def,
        session,
        outputs: &dep.outputs,
        entries: &entries,
        handler: dep.api_name.as_str(),
        changed: BTreeSet::new(),
        last: None,
        rendered: BTreeMap::new(),
    };
    drive(
        invocation,
        &mut writer,
        reporter,
        handler_name,
        &dep.offload,
    )
    .await?;
    let outputs = writer
        .last
        .take()
        .unwrap_or_else(|| vec![Value::Null; dep.outputs.len()]);
    let mut changed = writer.changed;
    let html = render_html(def, handler_name, writer.rendered).await?;

    let after = hash_states(&entries);
    let mut changed_states = Vec::new();
    for (id, hash) in after {
        if before.get(&id) != Some(&hash) {
            changed_states.push(id);
            changed.insert(id);
        }
    }
    drop(guards);
    Ok(Step {
        outputs,
        changed,
        changed_states,
        html,
    })
}

/// Renders the outputs shown as HTML within the app's limits: on the blocking pool when they
/// are long (so a large or hostile text never stalls the threads serving other clients),
/// inline when short.
async fn render_html(
    def: &AppDef,
    handler: &str,
    sources: BTreeMap<ComponentId, (&'static str, String)>,
) -> Result<BTreeMap<ComponentId, String>, EventError> {
    if sources.is_empty() {
        return Ok(BTreeMap::new());
    }
    let limits = def.render_limits;
    let long = sources.values().map(|(_, text)| text.len()).sum::<usize>() >= limits.offload_bytes;
    let render = move || {
        sources
            .into_iter()
            .map(|(id, (kind, text))| {
                let value = Value::String(text);
                let html = crate::frontend::html_for(kind, &value, &limits)
                    .unwrap_or_else(|| Ok(String::new()));
                (id, html)
            })
            .collect::<Vec<_>>()
    };
    let rendered = match tokio::runtime::Handle::try_current() {
        Ok(runtime) if long => {
            runtime
                .spawn_blocking(render)
                .await
                .map_err(|_| EventError::Panicked {
                    handler: handler.to_owned(),
                })?
        }
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

/// Opens a `BrowserState` token from the page; `None` (logged) when it is not one of ours.
fn unseal(def: &AppDef, id: ComponentId, storage_key: &str, sent: Value) -> Option<Value> {
    let result = match &sent {
        Value::String(token) => def.sealer.open(storage_key, token),
        _ => Err(crate::session::SealError::NotAToken),
    };
    result
        .map_err(|err| {
            tracing::warn!(
                component = %id, %storage_key, %err,
                "browser state refused; the handler gets the default"
            );
        })
        .ok()
}

fn panicked(handler: &str, payload: Box<dyn std::any::Any + Send>) -> EventError {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a non-text panic payload".to_owned());
    tracing::error!(handler, %message, "event handler panicked");
    EventError::Panicked {
        handler: handler.to_owned(),
    }
}

/// Runs a sync part of a handler where it belongs (see [`crate::event::offload`]); a panic
/// becomes an error.
async fn run_sync<T: Send + 'static>(
    offload: &Offload,
    f: impl FnOnce() -> T + Send + 'static,
    handler: &str,
) -> Result<T, EventError> {
    offload.run(f).await.map_err(|failure| match failure {
        Failure::Panicked(payload) => panicked(handler, payload),
        Failure::Cancelled => panicked(handler, Box::new("the blocking task was cancelled")),
    })
}

/// Drives an invocation to its end, applying each result (one, or one per streamed item).
async fn drive(
    mut invocation: Invocation,
    writer: &mut Writer<'_>,
    reporter: &Reporter,
    handler_name: &str,
    offload: &Offload,
) -> Result<(), EventError> {
    loop {
        invocation = match invocation {
            Invocation::Blocking(call) => run_sync(offload, call, handler_name).await?,
            Invocation::Rejected(err) => return Err(err.into()),
            Invocation::Ready(result) => {
                writer.apply(result)?;
                return Ok(());
            }
            Invocation::Future(future) => {
                let result = AssertUnwindSafe(future)
                    .catch_unwind()
                    .await
                    .map_err(|payload| panicked(handler_name, payload))?;
                writer.apply(result)?;
                return Ok(());
            }
            Invocation::Stream(stream) => {
                let mut stream = AssertUnwindSafe(stream).catch_unwind();
                while let Some(item) = stream.next().await {
                    let result = item.map_err(|payload| panicked(handler_name, payload))?;
                    let values = writer.apply(result)?;
                    reporter(Notice::Generating(values));
                }
                return Ok(());
            }
            Invocation::Iter(mut iter) => loop {
                let (rest, item) = run_sync(
                    offload,
                    move || {
                        let item = iter.next();
                        (iter, item)
                    },
                    handler_name,
                )
                .await?;
                iter = rest;
                match item {
                    Some(result) => {
                        let values = writer.apply(result)?;
                        reporter(Notice::Generating(values));
                    }
                    None => return Ok(()),
                }
            },
        };
    }
}

/// Applies handler results to the session and turns them into wire values.
struct Writer<'a> {
    def: &'a AppDef,
    session: &'a Arc<Session>,
    outputs: &'a [ComponentId],
    entries: &'a BTreeMap<ComponentId, crate::session::StateEntry>,
    handler: &'a str,
    changed: BTreeSet<ComponentId>,
    last: Option<Vec<Value>>,
    /// The latest text of outputs shown as HTML, rendered once the handler is done (not for
    /// every streamed step).
    rendered: BTreeMap<ComponentId, (&'static str, String)>,
}

impl Writer<'_> {
    fn apply(&mut self, result: HandlerResult) -> Result<Vec<Value>, EventError> {
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
                OutputWrite::Value(value) => {
                    self.track(*id, &value);
                    self.sealed(record, value)
                }
                OutputWrite::Update(mut props) => {
                    if let Some(value) = props.remove("value") {
                        self.track(*id, &value);
                        props.insert("value".into(), self.sealed(record, value));
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

    /// A `BrowserState` value leaves the server only sealed.
    fn sealed(&self, record: Option<&crate::app::ComponentRecord>, value: Value) -> Value {
        match record.map(|r| &r.spec.role) {
            Some(Role::Browser { storage_key }) => {
                Value::String(self.def.sealer.seal(storage_key, &value))
            }
            _ => value,
        }
    }

    /// Remembers a page component's new value and notes whether it changed.
    fn track(&mut self, id: ComponentId, value: &Value) {
        if let Some(kind) = self.def.component(id).map(|c| c.spec.kind) {
            if let (true, Some(text)) = (crate::frontend::is_rendered(kind), value.as_str()) {
                self.rendered.insert(id, (kind, text.to_owned()));
            }
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

#[cfg(test)]
mod tests {
    use crate::prelude::*;
    use crate::testing::TestApp;
    use serde_json::json;

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn run_futures_are_send_so_servers_can_spawn_them() {
        let app = Blocks::new().build();
        let future = app.run(super::EventRequest::new(
            SessionId::random(),
            DependencyId(0),
            Vec::new(),
        ));
        assert_send(&future);
    }

    #[test]
    fn a_cascade_runs_each_listener_once_in_order() {
        let mut app = Blocks::new();
        let a = app.add(Number::new());
        let b = app.add(Number::new());
        let c = app.add(Number::new());
        let go = app.add(Button::new("go"));
        app.on(go.click()).call(|| 1.0, (), a);
        app.on(a.change()).call(|x: f64| x + 1.0, a, b);
        app.on(b.change()).call(|x: f64| x * 10.0, b, c);
        let test = TestApp::new(app.build());
        let tab = test.open();
        let fired = tab.click(go).expect("no error");
        assert_eq!(fired.listeners().len(), 2);
        assert_eq!(tab.value(b), 2.0);
        assert_eq!(tab.value(c), 20.0);
        let again = tab.click(go).expect("no error");
        assert!(again.listeners().is_empty(), "a is 1.0 again: no change");
    }

    #[test]
    fn a_cycle_is_an_error_not_a_hang() {
        let mut app = Blocks::new();
        let x = app.add(Number::new().label("x"));
        let y = app.add(Number::new().label("y"));
        let go = app.add(Button::new("go"));
        app.on(go.click()).call(|| 1.0, (), x);
        app.on(x.change())
            .call(|v: f64| v + 1.0, x, y)
            .api_name("x_to_y");
        app.on(y.change())
            .call(|v: f64| v + 1.0, y, x)
            .api_name("y_to_x");
        let test = TestApp::new(app.build());
        let tab = test.open();
        let err = tab.click(go).expect_err("cycle");
        assert!(matches!(err, EventError::ChangeCycle { .. }));
        let message = err.to_string();
        assert!(
            message.contains("x_to_y") || message.contains("y_to_x"),
            "{message}"
        );
    }

    #[test]
    fn a_listener_that_settles_is_not_a_cycle() {
        let mut app = Blocks::new();
        let text = app.add(Textbox::new());
        let go = app.add(Button::new("go"));
        app.on(go.click()).call(|| "  padded  ", (), text);
        app.on(text.change())
            .call(|t: String| t.trim().to_owned(), text, text);
        let test = TestApp::new(app.build());
        let tab = test.open();
        tab.click(go).expect("settles after one round");
        assert_eq!(tab.value(text), "padded");
    }

    #[test]
    fn a_panicking_handler_fails_the_event_and_keeps_the_state() {
        let mut app = Blocks::new();
        let count = app.add(State::new(5_u32));
        let go = app.add(Button::new("go"));
        let ok = app.add(Button::new("ok"));
        app.on(go.click())
            .call(
                |n: u32| {
                    assert!(n > 100, "handler bug at {n}");
                    n
                },
                count,
                count,
            )
            .api_name("boom");
        app.on(go.click())
            .call(
                |n: u32| async move {
                    assert!(n > 100, "async handler bug at {n}");
                    n
                },
                count,
                count,
            )
            .api_name("async_boom");
        app.on(ok.click()).call(|n: u32| n + 1, count, count);
        let test = TestApp::new(app.build());
        let tab = test.open();
        let fired = tab.fire(go.click());
        assert_eq!(fired.runs.len(), 2);
        for (_, result) in &fired.runs {
            assert!(
                matches!(result, Err(EventError::Panicked { .. })),
                "{result:?}"
            );
        }
        assert_eq!(
            tab.state(count),
            Some(5),
            "the state is as before the event"
        );
        tab.click(ok).expect("the session still works");
        assert_eq!(tab.state(count), Some(6));
    }

    #[test]
    fn a_wrong_type_names_the_component_and_keeps_the_state() {
        let mut app = Blocks::new();
        let age = app.add(Number::new().label("Age"));
        let total = app.add(State::new(0.0_f64));
        let go = app.add(Button::new("go"));
        app.on(go.click())
            .call(|a: f64, t: f64| t + a, (age, total), total)
            .api_name("add");
        let test = TestApp::new(app.build());
        let client = test.session();
        client
            .call("add", vec![json!(2), json!(null)])
            .expect("adds");
        let err = client
            .call("add", vec![json!("two"), json!(null)])
            .expect_err("wrong type");
        let message = err.to_string();
        assert!(message.contains("Number"), "{message}");
        assert!(message.contains("\"Age\""), "{message}");
        assert!(
            message.contains("expects a number, got a string"),
            "{message}"
        );
        assert_eq!(client.state(total), Some(2.0));
    }
}
