//! Testing an app: [`TestApp`] runs it in-process, the way a page or an API client would, with
//! no HTTP; `TestServer` (feature `test-server`) serves it on 127.0.0.1 for a real HTTP client.
//!
//! ```
//! use blocks_runtime::prelude::*;
//! use blocks_runtime::testing::TestApp;
//!
//! let mut app = Blocks::new();
//! let count = app.add(Number::new().label("Count"));
//! let clicks = app.add(State::new(0_u64));
//! let btn = app.add(Button::new("+1"));
//! app.on(btn.click()).call(|n: u64| (n + 1, n + 1), clicks, (clicks, count));
//!
//! let test = TestApp::new(app.build());
//! let tab = test.open();
//! tab.click(btn).unwrap();
//! tab.click(btn).unwrap();
//! assert_eq!(tab.value(count), 2.0);
//! assert_eq!(tab.state(clicks), Some(2));
//! assert_eq!(test.open().state(clicks), None, "another tab has its own state");
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use crate::app::{App, DependencyId};
use crate::component::{Button, Component, ComponentId, Handle, State};
use crate::engine::{EventError, EventOutcome, EventRequest};
use crate::event::{InputSource, LogLevel, Notice, Trigger};
use crate::session::{ManualClock, SessionId};

#[cfg(feature = "test-server")]
mod server;
#[cfg(feature = "test-server")]
pub use server::{Refused, TestServer};

/// An app under test, on a manual clock.
pub struct TestApp {
    app: App,
    clock: ManualClock,
    runtime: tokio::runtime::Runtime,
}

impl std::fmt::Debug for TestApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestApp").field("app", &self.app).finish()
    }
}

/// The kind of an [`Alert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlertLevel {
    /// `Progress::info`.
    Info,
    /// `Progress::warning`.
    Warning,
    /// `Progress::success`.
    Success,
    /// A failed event (the page shows an error toast).
    Error,
}

/// A toast the page would show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Its kind.
    pub level: AlertLevel,
    /// Its text.
    pub message: String,
}

/// What firing a trigger did: each dependency that ran (including chained ones), in order.
#[derive(Debug, Default)]
pub struct Fired {
    /// Each dependency run and its result.
    pub runs: Vec<(DependencyId, Result<EventOutcome, EventError>)>,
    /// Intermediate outputs streamed by generator handlers, in order.
    pub streamed: Vec<Vec<Value>>,
}

impl Fired {
    /// The first error, if any run failed.
    pub fn error(&self) -> Option<&EventError> {
        self.runs.iter().find_map(|(_, r)| r.as_ref().err())
    }

    /// The `.change` listeners that ran on the server, over all runs.
    pub fn listeners(&self) -> Vec<DependencyId> {
        self.runs
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .flat_map(|o| o.listeners.iter().copied())
            .collect()
    }
}

impl TestApp {
    /// Puts `app` under test with a fresh session store on a manual clock.
    ///
    /// # Panics
    /// If the test runtime cannot start (no threads can be made).
    pub fn new(app: App) -> Self {
        let clock = ManualClock::new();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("TestApp needs a tokio runtime");
        TestApp {
            app: app.with_clock(Arc::new(clock.clone())),
            clock,
            runtime,
        }
    }

    /// The app.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// Opens a page: a new session with a live connection, after its `load` listeners ran.
    pub fn open(&self) -> TestSession<'_> {
        self.open_with(|_| {})
    }

    /// Opens a page after `setup` has set values (as a browser's stored `BrowserState`
    /// values are there before `load` runs).
    pub fn open_with(&self, setup: impl FnOnce(&TestSession<'_>)) -> TestSession<'_> {
        let session = self.session();
        setup(&session);
        session.connected.replace(true);
        if let Err(err) = self.app.sessions().connect(&session.id) {
            session.alert(AlertLevel::Error, err.to_string());
        }
        for dep in self.app.load_dependencies() {
            session.run_with_followers(dep);
        }
        session
    }

    /// A new session as an API client makes it: no page, no `load`.
    pub fn session(&self) -> TestSession<'_> {
        self.session_with_id(SessionId::random())
    }

    /// A session with a chosen id (two `TestSession`s with one id share the server session).
    pub fn session_with_id(&self, id: SessionId) -> TestSession<'_> {
        TestSession {
            test: self,
            id,
            page: RefCell::new(HashMap::new()),
            alerts: Arc::new(Mutex::new(Vec::new())),
            connected: RefCell::new(false),
        }
    }

    /// Moves the clock forward and frees the sessions that expired; returns their ids.
    pub fn advance(&self, by: Duration) -> Vec<SessionId> {
        self.clock.advance(by);
        self.app.sessions().sweep()
    }

    /// How many sessions the server holds.
    pub fn session_count(&self) -> usize {
        self.app.sessions().len()
    }

    /// Runs a future on the test's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

/// One page (or API client) of a [`TestApp`]: it keeps the values the page would show.
pub struct TestSession<'a> {
    test: &'a TestApp,
    id: SessionId,
    page: RefCell<HashMap<ComponentId, Value>>,
    alerts: Arc<Mutex<Vec<Alert>>>,
    connected: RefCell<bool>,
}

impl std::fmt::Debug for TestSession<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestSession").field("id", &self.id).finish()
    }
}

impl TestSession<'_> {
    /// The session id.
    pub fn id(&self) -> &SessionId {
        &self.id
    }

    /// Sets the raw JSON the page holds for a component (a `BrowserState` token, say).
    pub fn set_raw(&self, id: ComponentId, value: Value) {
        self.page.borrow_mut().insert(id, value);
    }

    /// Sets a component's value as a user would, without firing events.
    ///
    /// # Panics
    /// If the value cannot be serialised.
    pub fn set<C: Component>(&self, handle: Handle<C>, value: impl Into<C::Value>)
    where
        C::Value: Serialize,
    {
        let value = serde_json::to_value(value.into()).expect("test value serialises");
        self.page.borrow_mut().insert(handle.id(), value);
    }

    /// Sets a component's value as a user editing it: fires its `input` and, when the value
    /// differs, its `change` listeners.
    ///
    /// # Panics
    /// If the value cannot be serialised.
    pub fn edit<C: Component>(&self, handle: Handle<C>, value: impl Into<C::Value>) -> Fired
    where
        C::Value: Serialize,
    {
        let value = serde_json::to_value(value.into()).expect("test value serialises");
        let old = self.raw_value(handle.id());
        self.page.borrow_mut().insert(handle.id(), value.clone());
        let mut fired = self.fire_event(Some(handle.id()), crate::event::EventName::Input);
        if old != value {
            let change = self.fire_event(Some(handle.id()), crate::event::EventName::Change);
            fired.runs.extend(change.runs);
            fired.streamed.extend(change.streamed);
        }
        fired
    }

    /// The value the page shows for a component.
    ///
    /// # Panics
    /// If the page holds a value of another type (a bug in the app's wiring).
    pub fn value<C: Component>(&self, handle: Handle<C>) -> C::Value
    where
        C::Value: DeserializeOwned,
    {
        let mut raw = self.raw_value(handle.id());
        if self.test.app.is_sealed(handle.id()) {
            // The page holds a sealed token; open it as the server does.
            raw = self
                .test
                .app
                .open_sealed_value(handle.id(), &raw)
                .or_else(|| self.test.app.initial_value(handle.id()))
                .unwrap_or(Value::Null);
        }
        serde_json::from_value(raw.clone()).unwrap_or_else(|err| {
            panic!(
                "the page's value for {} #{} is {raw}: {err}",
                C::NAME,
                handle.id()
            )
        })
    }

    /// The value the page holds for a component, as JSON (a `BrowserState` as its sealed token).
    pub fn raw_value(&self, id: ComponentId) -> Value {
        self.page
            .borrow()
            .get(&id)
            .cloned()
            .or_else(|| self.test.app.initial_value(id))
            .unwrap_or(Value::Null)
    }

    /// The session's value of a state, if the session has used it.
    pub fn state<T: Clone + Send + Sync + 'static>(&self, handle: Handle<State<T>>) -> Option<T> {
        let session = self.test.app.sessions().get(&self.id)?;
        let slot = session.existing_state(handle.id())?;
        let slot = slot.downcast::<parking_lot::Mutex<T>>().ok()?;
        let value = slot.lock().clone();
        Some(value)
    }

    /// Clicks a button.
    pub fn click(&self, button: Handle<Button>) -> Result<Fired, EventError> {
        let fired = self.fire(button.click());
        match fired.error() {
            Some(err) => Err(err.clone()),
            None => Ok(fired),
        }
    }

    /// Fires a trigger as the page would: every dependency it starts, then their chained
    /// `.then`/`.success`/`.failure` dependencies; outputs are applied to the page.
    pub fn fire(&self, trigger: Trigger) -> Fired {
        self.fire_event(trigger.target(), trigger.event())
    }

    fn fire_event(&self, target: Option<ComponentId>, event: crate::event::EventName) -> Fired {
        let mut fired = Fired::default();
        for dep in self.test.app.triggered_by(target, event) {
            let more = self.run_with_followers(dep);
            fired.runs.extend(more.runs);
            fired.streamed.extend(more.streamed);
        }
        fired
    }

    fn run_with_followers(&self, dep: DependencyId) -> Fired {
        let mut fired = Fired::default();
        let mut queue = vec![dep];
        while let Some(dep) = queue.pop() {
            let (result, streamed) = self.run_dependency(dep);
            fired.streamed.extend(streamed);
            let succeeded = result.is_ok();
            fired.runs.push((dep, result));
            let mut followers = self.test.app.followers(dep, succeeded);
            followers.reverse();
            queue.extend(followers);
        }
        fired
    }

    fn run_dependency(
        &self,
        dep: DependencyId,
    ) -> (Result<EventOutcome, EventError>, Vec<Vec<Value>>) {
        let Some(info) = self.test.app.dependency(dep) else {
            return (Err(EventError::UnknownDependency(dep.get())), Vec::new());
        };
        let data: Vec<Value> = info
            .inputs
            .iter()
            .filter_map(|s| match s {
                InputSource::Component(id) => Some(*id),
                _ => None,
            })
            .map(|id| {
                if self.test.app.component_kind(id) == Some("state") {
                    Value::Null
                } else {
                    self.raw_value(id)
                }
            })
            .collect();
        let streamed = Arc::new(Mutex::new(Vec::new()));
        let reporter = {
            let alerts = Arc::clone(&self.alerts);
            let streamed = Arc::clone(&streamed);
            Arc::new(move |notice: Notice| match notice {
                Notice::Log { level, message } => alerts.lock().push(Alert {
                    level: match level {
                        LogLevel::Info => AlertLevel::Info,
                        LogLevel::Warning => AlertLevel::Warning,
                        LogLevel::Success => AlertLevel::Success,
                    },
                    message,
                }),
                Notice::Generating(values, _) => streamed.lock().push(values),
                Notice::Progress(_) => {}
            })
        };
        let request = EventRequest::new(self.id.clone(), dep, data).with_reporter(reporter);
        let result = self.test.block_on(self.test.app.run(request));
        match &result {
            Ok(outcome) => {
                for (id, value) in info.outputs.iter().zip(&outcome.outputs) {
                    self.show(*id, value);
                }
                for (id, value) in &outcome.updates {
                    self.show(*id, value);
                }
                for (_, err) in &outcome.listener_errors {
                    self.alert(AlertLevel::Error, err.to_string());
                }
            }
            Err(err) => self.alert(AlertLevel::Error, err.to_string()),
        }
        let streamed = std::mem::take(&mut *streamed.lock());
        (result, streamed)
    }

    /// Applies an output to the page: a value, or the value inside a prop update.
    fn show(&self, id: ComponentId, value: &Value) {
        if self.test.app.component_kind(id) == Some("state") {
            return;
        }
        let shown = match value.as_object() {
            Some(map) if map.get("__type__").and_then(Value::as_str) == Some("update") => {
                match map.get("value") {
                    Some(v) => v.clone(),
                    None => return,
                }
            }
            _ => value.clone(),
        };
        self.page.borrow_mut().insert(id, shown);
    }

    fn alert(&self, level: AlertLevel, message: String) {
        self.alerts.lock().push(Alert { level, message });
    }

    /// Calls an endpoint by api name with raw JSON inputs, as `gradio_client` would: no page
    /// values, no chained events.
    pub fn call(&self, api_name: &str, data: Vec<Value>) -> Result<EventOutcome, EventError> {
        let dep = self
            .test
            .app
            .dependency_by_api_name(api_name)
            .ok_or(EventError::UnknownDependency(usize::MAX))?;
        let request = EventRequest::new(self.id.clone(), dep, data);
        self.test.block_on(self.test.app.run(request))
    }

    /// The toasts shown so far, oldest first.
    pub fn alerts(&self) -> Vec<Alert> {
        self.alerts.lock().clone()
    }

    /// Reloads the page as a browser does: this tab's session closes (its `unload` runs) and a
    /// new session opens and runs `load`. Values kept in the browser (`BrowserState`) carry
    /// over, as localStorage does; every other value starts from its default.
    pub fn reload(&self) -> TestSession<'_> {
        let stored: Vec<(ComponentId, Value)> = self
            .page
            .borrow()
            .iter()
            .filter(|(id, _)| self.test.app.is_sealed(**id))
            .map(|(id, v)| (*id, v.clone()))
            .collect();
        self.close();
        self.test.open_with(|page| {
            page.page.borrow_mut().extend(stored);
        })
    }

    /// Whether the server still holds this session.
    pub fn is_held(&self) -> bool {
        self.test.app.sessions().get(&self.id).is_some()
    }

    /// Closes the page: ends its connection and runs the `unload` listeners.
    pub fn close(&self) -> Vec<Result<EventOutcome, EventError>> {
        if self.connected.replace(false) && !self.test.app.sessions().disconnect(&self.id) {
            return Vec::new();
        }
        self.test.block_on(self.test.app.run_unload(&self.id))
    }
}
