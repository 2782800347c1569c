//! The app as data: what `Blocks` builds and the server and `TestApp` run.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::component::{ComponentId, ComponentSpec, Role};
use crate::event::{
    ErasedHandler, EventName, EventOptions, InputContext, InputSource, ReturnKind, Trigger,
};
use crate::session::{Clock, SessionSettings, Sessions};

/// The id of a dependency (an event listener): Gradio's `fn_index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DependencyId(pub(crate) usize);

impl DependencyId {
    /// The numeric id (`fn_index`).
    pub fn get(self) -> usize {
        self.0
    }
}

/// The events an [`Event::cancels`](crate::app::Event::cancels) stops: one event
/// (`.cancels(run)`) or several (`.cancels([run, fetch])`).
#[diagnostic::on_unimplemented(
    message = "`.cancels(..)` takes events, not `{Self}`",
    label = "not an event",
    note = "bind the event to cancel, `let run = go.click(handler, inputs, outputs);`, and pass `run` (or `[run, other]`)"
)]
pub trait Events {
    /// The events' ids.
    fn into_ids(self) -> Vec<DependencyId>;
}

impl Events for DependencyId {
    fn into_ids(self) -> Vec<DependencyId> {
        vec![self]
    }
}

impl<const N: usize> Events for [DependencyId; N] {
    fn into_ids(self) -> Vec<DependencyId> {
        self.to_vec()
    }
}

impl Events for Vec<DependencyId> {
    fn into_ids(self) -> Vec<DependencyId> {
        self
    }
}

impl Events for &[DependencyId] {
    fn into_ids(self) -> Vec<DependencyId> {
        self.to_vec()
    }
}

impl fmt::Display for DependencyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// When a chained dependency (`.then`, `.success`, `.failure`) runs after the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AfterMode {
    Always,
    OnSuccess,
    OnFailure,
}

#[derive(Clone)]
pub(crate) struct ComponentRecord {
    pub(crate) spec: ComponentSpec,
    /// Set when the component is a `State<T: Hash>` with a change listener.
    pub(crate) state_hasher: Option<crate::event::StateHasher>,
    /// The component's Rust type (`None` for the root and layout blocks), so that
    /// `Dropdown<Single>` and `Dropdown<Multi>`, or states of different types, are told apart.
    pub(crate) type_id: Option<std::any::TypeId>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct LayoutNode {
    pub(crate) id: ComponentId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) children: Option<Vec<LayoutNode>>,
}

#[derive(Clone)]
pub(crate) struct Dependency {
    pub(crate) triggers: Vec<Trigger>,
    pub(crate) inputs: Vec<InputSource>,
    /// Id and label of each input, for error messages.
    pub(crate) contexts: Arc<[InputContext]>,
    pub(crate) outputs: Vec<ComponentId>,
    pub(crate) handler: Arc<dyn ErasedHandler>,
    pub(crate) options: EventOptions,
    pub(crate) after: Option<(DependencyId, AfterMode)>,
    /// The handler's name as written (`add_items`), for the default api name and messages.
    pub(crate) fn_name: String,
    /// Resolved at build: unique among dependencies.
    pub(crate) api_name: String,
    pub(crate) parameter_names: Vec<String>,
    /// Where its sync handler runs (learned from its speed).
    pub(crate) offload: crate::event::offload::Offload,
    /// For a cancel dependency (made by [`Event::cancels`](crate::app::Event::cancels)): the
    /// events whose runs it stops. The page stops them (`/gradio_api/cancel`); its handler
    /// does nothing.
    pub(crate) cancels: Vec<DependencyId>,
    /// Whether each handler parameter takes an `Option` (an optional API parameter).
    pub(crate) optional: Vec<bool>,
}

impl Dependency {
    pub(crate) fn wire_inputs(&self) -> impl Iterator<Item = ComponentId> + '_ {
        self.inputs.iter().filter_map(|s| match s {
            InputSource::Component(id) => Some(*id),
            _ => None,
        })
    }
}

/// Everything the app is, fixed once built.
#[derive(Clone)]
pub(crate) struct AppDef {
    pub(crate) title: String,
    pub(crate) app_id: u64,
    pub(crate) components: Vec<ComponentRecord>,
    pub(crate) layout: LayoutNode,
    pub(crate) dependencies: Vec<Dependency>,
    /// Component → the dependencies its `change` triggers.
    pub(crate) change_listeners: HashMap<ComponentId, Vec<DependencyId>>,
    /// Page components whose last value the session keeps, because a server-run change
    /// listener takes them as input.
    pub(crate) remembered: HashSet<ComponentId>,
    pub(crate) api_names: HashMap<String, DependencyId>,
    /// Seals and opens `BrowserState` values.
    pub(crate) sealer: crate::session::Sealer,
    /// Whether the sealing secret was made up at start (values won't survive a restart).
    pub(crate) ephemeral_secret: bool,
    /// Bounds on rendering Markdown and HTML values.
    pub(crate) render_limits: crate::render::RenderLimits,
    /// The endpoints, as API clients see them.
    pub(crate) api: crate::app::api::ApiModel,
    /// Where serialisable state values live beyond this process, if anywhere.
    pub(crate) store: Option<Arc<dyn crate::session::SessionStore>>,
    /// Who may use the app, when it asks for a login ([`App::auth`]).
    pub(crate) auth: Option<Arc<crate::server::Auth>>,
    /// Whether the server offers the endpoints as MCP tools ([`App::mcp_server`]).
    pub(crate) mcp_server: bool,
    /// The states each dependency's events touch (by `DependencyId`), worked out at build.
    pub(crate) states: Vec<crate::app::DependencyStates>,
    /// The upload folder: clients' files and each session's output files.
    pub(crate) files: Arc<crate::media::store::FileRoot>,
}

impl AppDef {
    pub(crate) fn component(&self, id: ComponentId) -> Option<&ComponentRecord> {
        self.components.get(id.0 as usize)
    }

    pub(crate) fn dependency(&self, id: DependencyId) -> Option<&Dependency> {
        self.dependencies.get(id.0)
    }

    /// The states `id`'s events touch (none for an unknown id).
    pub(crate) fn states_of(&self, id: DependencyId) -> &crate::app::DependencyStates {
        static NONE: crate::app::DependencyStates = crate::app::DependencyStates {
            own: Vec::new(),
            with_listeners: Vec::new(),
        };
        self.states.get(id.0).unwrap_or(&NONE)
    }

    /// The components shown as HTML, by id, with how to render their values.
    pub(crate) fn renderers(&self) -> HashMap<u32, crate::component::HtmlFn> {
        self.components
            .iter()
            .enumerate()
            .filter_map(|(id, c)| Some((id as u32, c.spec.html?)))
            .collect()
    }

    /// The browser modules of kinds not built into the page: `(kind, source)`.
    pub(crate) fn kind_modules(&self) -> Vec<(&'static str, &'static str)> {
        let mut modules: Vec<_> = self
            .components
            .iter()
            .filter_map(|c| c.spec.module.map(|m| (c.spec.kind, m)))
            .collect();
        modules.sort_unstable();
        modules.dedup();
        modules
    }

    pub(crate) fn is_watched(&self, id: ComponentId) -> bool {
        self.change_listeners.contains_key(&id)
    }

    /// Whether the app has a file-valued component (its outputs are `FileData` whose URLs start
    /// with the request's public root).
    pub(crate) fn has_file_kinds(&self) -> bool {
        self.components.iter().any(|r| r.spec.page.refuses())
    }

    /// Whether any handler takes the request (`RequestInput`): only then do events copy the
    /// HTTP headers.
    pub(crate) fn reads_requests(&self) -> bool {
        self.dependencies
            .iter()
            .any(|d| d.inputs.iter().any(|s| matches!(s, InputSource::Request)))
    }

    pub(crate) fn has_state_or_unload(&self) -> bool {
        self.components
            .iter()
            .any(|c| matches!(c.spec.role, Role::State(_)) || c.spec.page.sealed())
            || self
                .dependencies
                .iter()
                .any(|d| d.triggers.iter().any(|t| t.event == EventName::Unload))
    }
}

/// A built app: its definition and its sessions. Cheap to clone; clones share both.
///
/// Build one with [`crate::Blocks`]; serve it (the server issue) or test it with
/// [`crate::testing::TestApp`].
#[derive(Clone)]
pub struct App {
    pub(crate) def: Arc<AppDef>,
    pub(crate) sessions: Arc<Sessions>,
}

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("title", &self.def.title)
            .field("components", &self.def.components.len())
            .field("dependencies", &self.def.dependencies.len())
            .finish()
    }
}

/// What an API client or the server needs to know about one dependency.
#[derive(Debug, Clone, PartialEq)]
pub struct DependencyInfo {
    /// Its id (`fn_index`).
    pub id: DependencyId,
    /// Its endpoint name.
    pub api_name: String,
    /// What starts it.
    pub triggers: Vec<(Option<ComponentId>, EventName)>,
    /// Where each handler argument comes from.
    pub inputs: Vec<InputSource>,
    /// The components it writes.
    pub outputs: Vec<ComponentId>,
    /// The handler's parameter names, where known.
    pub parameter_names: Vec<String>,
    /// How the handler produces outputs.
    pub kind: ReturnKind,
    /// Its options.
    pub options: EventOptions,
}

impl App {
    /// The app's title.
    pub fn title(&self) -> &str {
        &self.def.title
    }

    /// A random id given at build, which the page uses to notice a restarted server.
    pub fn app_id(&self) -> u64 {
        self.def.app_id
    }

    /// The sessions this process holds.
    pub fn sessions(&self) -> &Sessions {
        &self.sessions
    }

    /// The same app with a fresh, empty session store on `clock` (for tests that control time).
    pub fn with_clock(&self, clock: Arc<dyn Clock>) -> App {
        App {
            def: Arc::clone(&self.def),
            sessions: Arc::new(Sessions::with_clock(
                self.sessions.settings().clone(),
                clock,
            )),
        }
    }

    /// The same app sealing `BrowserState` values with `secret` in place of the one it was
    /// built with ([`Blocks::secret`](crate::Blocks::secret) or `BLOCKS_SECRET`), with a fresh,
    /// empty session store: a restarted server, for tests that check which values survive a
    /// restart without setting the process environment. An empty secret means a random one.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    /// let app = Blocks::new().build();
    /// let restarted = app.with_secret("the secret from the deployment");
    /// assert_eq!(restarted.app_id(), app.app_id());
    /// ```
    pub fn with_secret(&self, secret: impl AsRef<[u8]>) -> App {
        let secret = secret.as_ref();
        let mut def = AppDef::clone(&self.def);
        def.ephemeral_secret = secret.is_empty();
        def.sealer = if secret.is_empty() {
            crate::session::Sealer::random()
        } else {
            crate::session::Sealer::new(secret)
        };
        App {
            def: Arc::new(def),
            sessions: Arc::new(Sessions::with_clock(
                self.sessions.settings().clone(),
                Arc::clone(self.sessions.clock()),
            )),
        }
    }

    /// The same app with a fresh, empty session store with these limits.
    pub fn with_session_settings(&self, settings: SessionSettings) -> App {
        App {
            def: Arc::clone(&self.def),
            sessions: Arc::new(Sessions::with_clock(
                settings,
                Arc::clone(self.sessions.clock()),
            )),
        }
    }

    /// The app's endpoints as API clients see them: the one description `/gradio_api/info`,
    /// `view_api` and the keyword curl route are made from.
    pub fn api(&self) -> &crate::app::ApiModel {
        &self.def.api
    }

    /// The dependency called `api_name` (without a leading `/`).
    pub fn dependency_by_api_name(&self, api_name: &str) -> Option<DependencyId> {
        self.def.api_names.get(api_name).copied()
    }

    /// All dependencies.
    pub fn dependencies(&self) -> Vec<DependencyInfo> {
        (0..self.def.dependencies.len())
            .filter_map(|i| self.dependency(DependencyId(i)))
            .collect()
    }

    /// One dependency.
    pub fn dependency(&self, id: DependencyId) -> Option<DependencyInfo> {
        let dep = self.def.dependency(id)?;
        Some(DependencyInfo {
            id,
            api_name: dep.api_name.clone(),
            triggers: dep.triggers.iter().map(|t| (t.target, t.event)).collect(),
            inputs: dep.inputs.clone(),
            outputs: dep.outputs.clone(),
            parameter_names: dep.parameter_names.clone(),
            kind: dep.handler.kind(),
            options: dep.options.clone(),
        })
    }

    /// The dependencies that run when the page opens.
    pub(crate) fn load_dependencies(&self) -> Vec<DependencyId> {
        self.triggered_by(None, EventName::Load)
    }

    /// The dependencies that run when the page closes.
    pub(crate) fn unload_dependencies(&self) -> Vec<DependencyId> {
        self.triggered_by(None, EventName::Unload)
    }

    /// The dependencies a component's event starts.
    pub(crate) fn triggered_by(
        &self,
        target: Option<ComponentId>,
        event: EventName,
    ) -> Vec<DependencyId> {
        self.def
            .dependencies
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.after.is_none()
                    && d.triggers
                        .iter()
                        .any(|t| t.event == event && t.target == target)
            })
            .map(|(i, _)| DependencyId(i))
            .collect()
    }

    /// The dependencies chained after `id` (`.then`, `.success`, `.failure`) that run given
    /// whether it succeeded.
    pub(crate) fn followers(&self, id: DependencyId, succeeded: bool) -> Vec<DependencyId> {
        self.def
            .dependencies
            .iter()
            .enumerate()
            .filter(|(_, d)| match d.after {
                Some((before, mode)) if before == id => match mode {
                    AfterMode::Always => true,
                    AfterMode::OnSuccess => succeeded,
                    AfterMode::OnFailure => !succeeded,
                },
                _ => false,
            })
            .map(|(i, _)| DependencyId(i))
            .collect()
    }

    /// The component of type `C` labelled `label` (for a Button, its text), if there is one.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    /// let mut app = Blocks::new();
    /// app.add(Textbox::new().label("Name"));
    /// let app = app.build();
    /// assert!(app.find::<Textbox>("Name").is_some());
    /// assert!(app.find::<Number>("Name").is_none(), "the type must match too");
    /// ```
    pub fn find<C: crate::component::Component>(
        &self,
        label: &str,
    ) -> Option<crate::component::Handle<C>> {
        self.all::<C>().into_iter().find(|h| {
            let props = &self.def.components[h.id().0 as usize].spec.props;
            props.label() == Some(label)
                || (C::KIND == "button"
                    && props.get("value").and_then(serde_json::Value::as_str) == Some(label))
        })
    }

    /// Every component of type `C`, in creation order.
    pub fn all<C: crate::component::Component>(&self) -> Vec<crate::component::Handle<C>> {
        self.def
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| c.type_id == Some(std::any::TypeId::of::<C>()))
            .map(|(i, _)| crate::component::Handle::new(ComponentId(i as u32)))
            .collect()
    }

    /// Whether the app has a `BrowserState` but no configured secret, so its values will not
    /// survive a restart.
    pub(crate) fn browser_state_is_ephemeral(&self) -> bool {
        self.def.ephemeral_secret && self.def.components.iter().any(|c| c.spec.page.sealed())
    }

    /// Whether the page holds this component's value sealed (`BrowserState`).
    pub(crate) fn is_sealed(&self, id: ComponentId) -> bool {
        self.def.component(id).is_some_and(|c| c.spec.page.sealed())
    }

    /// Opens a sealed value (`BrowserState`) as the page holds it (for tests and tools).
    pub(crate) fn open_sealed_value(
        &self,
        id: ComponentId,
        token: &serde_json::Value,
    ) -> Option<serde_json::Value> {
        let record = self.def.component(id)?;
        if !record.spec.page.sealed() {
            return None;
        }
        let cx = crate::component::PageContext::new(&record.spec.props, &self.def.sealer);
        (record.spec.page.from_page)(token.clone(), &cx).ok()
    }

    /// A component's initial value, as in `/config`.
    pub(crate) fn initial_value(&self, id: ComponentId) -> Option<serde_json::Value> {
        self.def.component(id).and_then(|c| c.spec.initial.clone())
    }

    /// A component's kind (`"textbox"`) and props.
    pub(crate) fn component_kind(&self, id: ComponentId) -> Option<&'static str> {
        self.def.component(id).map(|c| c.spec.kind)
    }
}
