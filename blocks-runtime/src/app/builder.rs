//! `Blocks`: the typed builder that makes an app. The macro lowers to it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::app::api::ApiModel;
use crate::app::api_name::{self, BuildError};
use crate::app::model::{App, AppDef, ComponentRecord, Dependency, DependencyId, LayoutNode};
use crate::app::EventBuilder;
use crate::component::{Component, ComponentId, ComponentSpec, Handle, Layout, Role};
use crate::event::{EventName, Triggers};
use crate::render::RenderLimits;
use crate::session::{Clock, SessionSettings, SessionStore, Sessions, SystemClock};

/// Builds an app: add components, nest them in layout blocks, wire events.
///
/// Every handler is checked against its inputs and outputs by the compiler.
///
/// ```
/// use blocks_runtime::prelude::*;
///
/// fn greet(name: String) -> String {
///     format!("Hello, {name}!")
/// }
///
/// let mut app = Blocks::new();
/// let name = app.add(Textbox::new().label("Name"));
/// let out = app.add(Textbox::new().label("Greeting"));
/// let btn = app.add(Button::new("Greet"));
/// app.on(btn.click()).call(greet, name, out).api_name("greet");
/// let app = app.build();
/// assert!(app.dependency_by_api_name("greet").is_some());
/// ```
pub struct Blocks {
    title: String,
    pub(super) components: Vec<ComponentRecord>,
    /// Open layout blocks, innermost last; the root is at the bottom.
    open: Vec<LayoutNode>,
    pub(super) dependencies: Vec<Dependency>,
    /// Set by the app; else the defaults with `BLOCKS_MAX_SESSIONS` and
    /// `BLOCKS_SESSION_TTL_SECS`.
    settings: Option<SessionSettings>,
    clock: Arc<dyn Clock>,
    secret: Option<Vec<u8>>,
    render_limits: RenderLimits,
    store: Option<Arc<dyn SessionStore>>,
    /// Errors found while wiring, reported by [`Blocks::try_build`].
    deferred: Vec<BuildError>,
}

impl Default for Blocks {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Blocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blocks")
            .field("title", &self.title)
            .field("components", &self.components.len())
            .field("dependencies", &self.dependencies.len())
            .finish()
    }
}

/// The root block's id, as in Gradio.
pub(super) const ROOT: ComponentId = ComponentId(0);

impl Blocks {
    /// An empty app.
    pub fn new() -> Self {
        let root = ComponentSpec {
            kind: "blocks",
            name: "Blocks",
            props: Default::default(),
            api: None,
            role: Role::Layout,
            initial: None,
            validate: None,
            module: None,
            html: None,
            page: crate::component::kind::PageHooks::PLAIN,
        };
        Blocks {
            title: "blocks".into(),
            components: vec![ComponentRecord {
                spec: root,
                state_hasher: None,
                type_id: None,
            }],
            open: vec![LayoutNode {
                id: ROOT,
                children: Some(Vec::new()),
            }],
            dependencies: Vec::new(),
            settings: None,
            clock: Arc::new(SystemClock),
            secret: None,
            render_limits: RenderLimits::default(),
            store: None,
            deferred: Vec::new(),
        }
    }

    /// Keeps the values of [`State::stored`](crate::component::State::stored) states in
    /// `store` as well as in this process, so that replicas sharing the store serve the same
    /// sessions. Other states stay in the process that made them (the app logs which).
    pub fn session_store(&mut self, store: Arc<dyn SessionStore>) -> &mut Self {
        self.store = Some(store);
        self
    }

    /// Sets the bounds on rendering Markdown and HTML values (size, nesting depth, and the
    /// size from which rendering moves off the event's thread). Outputs over them fail their
    /// event with an error naming the limit.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    /// use blocks_runtime::frontend::RenderLimits;
    /// let mut app = Blocks::new();
    /// app.render_limits(RenderLimits::default().max_bytes(64 * 1024));
    /// ```
    pub fn render_limits(&mut self, limits: RenderLimits) -> &mut Self {
        self.render_limits = limits;
        self
    }

    /// Sets the secret that seals `BrowserState` values (default: `BLOCKS_SECRET`, else a
    /// random one, and then stored values do not survive a restart).
    pub fn secret(&mut self, secret: impl AsRef<[u8]>) -> &mut Self {
        self.secret = Some(secret.as_ref().to_vec());
        self
    }

    /// Sets the page title.
    pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
        self.title = title.into();
        self
    }

    /// Sets session limits (expiry after close, the cap on sessions).
    pub fn session_settings(&mut self, settings: SessionSettings) -> &mut Self {
        self.settings = Some(settings);
        self
    }

    /// Sets the clock the session store uses (tests use a [`crate::session::ManualClock`]).
    pub fn clock(&mut self, clock: Arc<dyn Clock>) -> &mut Self {
        self.clock = clock;
        self
    }

    /// Adds a record; `type_id` is the component's Rust type (`None` for a layout block).
    fn push(
        &mut self,
        spec: ComponentSpec,
        type_id: Option<std::any::TypeId>,
        children: Option<Vec<LayoutNode>>,
    ) -> LayoutNode {
        let id = ComponentId(self.components.len() as u32);
        self.components.push(ComponentRecord {
            spec,
            state_hasher: None,
            type_id,
        });
        LayoutNode { id, children }
    }

    fn attach(&mut self, node: LayoutNode) {
        if let Some(parent) = self.open.last_mut() {
            parent.children.get_or_insert_with(Vec::new).push(node);
        }
    }

    /// Adds a component in the current layout block and returns its typed handle.
    pub fn add<C: Component>(&mut self, component: C) -> Handle<C> {
        let type_id = std::any::TypeId::of::<C>();
        let node = self.push(component.into_spec(), Some(type_id), None);
        let id = node.id;
        self.attach(node);
        Handle::new(id)
    }

    /// Opens a layout block; components added until the matching [`Blocks::close`] go in it.
    /// The closure forms ([`Blocks::row`], …) are easier to read; this pair is what the macro
    /// uses. The handle makes the block an output of its prop updates
    /// (`Row::update().visible(false)`).
    pub fn open<L: Layout>(&mut self, layout: L) -> Handle<L> {
        let node = self.push(
            layout.into_spec(),
            Some(std::any::TypeId::of::<L>()),
            Some(Vec::new()),
        );
        let id = node.id;
        self.open.push(node);
        Handle::new(id)
    }

    /// Closes the innermost open layout block. Closing the root does nothing.
    pub fn close(&mut self) {
        if self.open.len() > 1 {
            if let Some(node) = self.open.pop() {
                self.attach(node);
            }
        }
    }

    fn nest<R>(&mut self, layout: impl Layout, body: impl FnOnce(&mut Self) -> R) -> R {
        self.open(layout);
        let out = body(self);
        self.close();
        out
    }

    /// Lays out what `body` adds side by side.
    pub fn row<R>(&mut self, body: impl FnOnce(&mut Self) -> R) -> R {
        self.nest(crate::component::Row::default(), body)
    }

    /// Stacks what `body` adds vertically.
    pub fn column<R>(&mut self, body: impl FnOnce(&mut Self) -> R) -> R {
        self.nest(crate::component::Column::default(), body)
    }

    /// Groups what `body` adds without gaps.
    pub fn group<R>(&mut self, body: impl FnOnce(&mut Self) -> R) -> R {
        self.nest(crate::component::Group::default(), body)
    }

    /// A set of tabs; call [`Blocks::tab`] inside `body`.
    pub fn tabs<R>(&mut self, body: impl FnOnce(&mut Self) -> R) -> R {
        self.nest(crate::component::Tabs::default(), body)
    }

    /// One tab titled `label`.
    pub fn tab<R>(&mut self, label: impl Into<String>, body: impl FnOnce(&mut Self) -> R) -> R {
        self.nest(crate::component::Tab::new(label), body)
    }

    /// A collapsible section titled `label`.
    pub fn accordion<R>(
        &mut self,
        label: impl Into<String>,
        body: impl FnOnce(&mut Self) -> R,
    ) -> R {
        self.nest(crate::component::Accordion::new(label), body)
    }

    /// The `/config` kind of a component added to this app (`"textbox"`).
    pub(crate) fn kind_of(&self, id: ComponentId) -> &'static str {
        self.components
            .get(id.0 as usize)
            .map_or("", |c| c.spec.kind)
    }

    /// The label of a component added to this app, if it has one.
    pub(crate) fn label_of(&self, id: ComponentId) -> Option<String> {
        let record = self.components.get(id.0 as usize)?;
        record.spec.props.label().map(str::to_owned)
    }

    /// Labels a component that has no label yet (what Gradio's Interface does with its
    /// inputs and outputs).
    pub(crate) fn default_label(&mut self, id: ComponentId, label: &str) {
        if let Some(record) = self.components.get_mut(id.0 as usize) {
            if record.spec.props.label().is_none() {
                record.spec.props.set("label", label);
            }
        }
    }

    /// Starts wiring an event: `app.on(btn.click()).call(handler, inputs, outputs)`.
    /// Several triggers share one handler: `app.on([a.change(), b.change()])`.
    pub fn on(&mut self, triggers: impl Into<Triggers>) -> EventBuilder<'_> {
        EventBuilder::new(self, triggers.into(), None)
    }

    /// Wires a handler to the page opening.
    pub fn load(&mut self) -> EventBuilder<'_> {
        self.on(crate::event::Trigger::load())
    }

    /// Wires a handler to the page closing; it runs with the closed session.
    pub fn unload(&mut self) -> EventBuilder<'_> {
        self.on(crate::event::Trigger::unload())
    }

    /// Finishes the app.
    ///
    /// # Panics
    ///
    /// When [`Blocks::try_build`] fails: two events were given the same
    /// [`api_name`](crate::app::Event::api_name), or one was given a name that is not valid. The panic
    /// message is the [`BuildError`]'s.
    pub fn build(self) -> App {
        match self.try_build() {
            Ok(app) => app,
            Err(err) => panic!("{err}"),
        }
    }

    /// Finishes the app, or says why it cannot: the names set with
    /// [`Event::api_name`](crate::app::Event::api_name) must be valid and unique. A name left to its default
    /// (the handler's name) is made unique with `_1`, `_2`, … as Gradio does.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    /// use blocks_runtime::app::BuildError;
    ///
    /// let mut app = Blocks::new();
    /// let text = app.add(Textbox::new());
    /// app.on(text.submit()).call(|t: String| t, text, text).api_name("echo");
    /// app.on(text.change()).call(|t: String| t, text, text).api_name("echo");
    /// assert!(matches!(app.try_build(), Err(BuildError::DuplicateApiName { .. })));
    /// ```
    pub fn try_build(mut self) -> Result<App, BuildError> {
        if let Some(err) = self.deferred.drain(..).next() {
            return Err(err);
        }
        let count = self.dependencies.len();
        for dep in &self.dependencies {
            if let Some(unknown) = dep.cancels.iter().find(|id| id.0 >= count) {
                return Err(BuildError::UnknownEvent {
                    event: unknown.0,
                    count,
                });
            }
        }
        let api_names = api_name::assign(&mut self.dependencies)?;
        while self.open.len() > 1 {
            self.close();
        }
        let layout = self.open.pop().unwrap_or(LayoutNode {
            id: ROOT,
            children: Some(Vec::new()),
        });

        let mut change_listeners: HashMap<ComponentId, Vec<DependencyId>> = HashMap::new();
        for (i, dep) in self.dependencies.iter().enumerate() {
            for trigger in &dep.triggers {
                if let (Some(target), EventName::Change) = (trigger.target, trigger.event) {
                    change_listeners
                        .entry(target)
                        .or_default()
                        .push(DependencyId(i));
                }
            }
        }
        for list in change_listeners.values_mut() {
            list.dedup();
        }
        let remembered: HashSet<ComponentId> = change_listeners
            .values()
            .flatten()
            .flat_map(|d| self.dependencies[d.0].wire_inputs().collect::<Vec<_>>())
            .collect();

        let secret = self
            .secret
            .take()
            .or_else(|| std::env::var("BLOCKS_SECRET").ok().map(String::into_bytes))
            .filter(|s| !s.is_empty());
        let ephemeral_secret = secret.is_none();
        let sealer = match &secret {
            Some(secret) => crate::session::Sealer::new(secret),
            None => crate::session::Sealer::random(),
        };
        let store = match self.store {
            Some(store) => Some(store),
            None => env_store()?,
        };
        // With a shared store, set below from the app's config, the same in every replica.
        let app_id = if store.is_some() { 0 } else { rand::random() };
        let mut def = AppDef {
            files: Arc::new(crate::media::store::FileRoot::new(app_id)),
            sealer,
            ephemeral_secret,
            render_limits: self.render_limits,
            title: self.title,
            app_id,
            components: self.components,
            layout,
            dependencies: self.dependencies,
            change_listeners,
            remembered,
            api_names,
            api: ApiModel::default(),
            store,
            auth: None,
            mcp_server: false,
            states: Vec::new(),
        };
        def.api = ApiModel::of(&def);
        def.states = super::states::of(&def);
        if def.store.is_some() {
            for (id, record) in def.components.iter().enumerate() {
                if let Role::State(factory) = &record.spec.role {
                    if factory.codec.is_none() {
                        tracing::warn!(
                            state = id,
                            "this state is not stored (make it with State::stored to share it \
                             through the session store): its values stay in this process"
                        );
                    }
                }
            }
        }
        let shared_store = def.store.is_some();
        let settings = match self.settings {
            Some(settings) => settings,
            None => SessionSettings::default()
                .with_env()
                .map_err(BuildError::SessionSettings)?,
        };
        let mut app = App {
            def: Arc::new(def),
            sessions: Arc::new(Sessions::with_clock(settings, self.clock)),
        };
        if shared_store {
            // Replicas sharing a store are one app to the page: the same id from every one
            // (a random id would make the page think the server restarted whenever
            // consecutive requests reach different replicas).
            let id = crate::hash::hash_json(&app.config());
            if let Some(def) = Arc::get_mut(&mut app.def) {
                def.app_id = id;
                def.files = Arc::new(crate::media::store::FileRoot::new(id));
            }
        }
        Ok(app)
    }

    /// Notes a wiring error for [`Blocks::try_build`] to report.
    pub(super) fn defer(&mut self, err: BuildError) {
        self.deferred.push(err);
    }
}

/// Refuses an event that takes a state as `StateMut` and uses it again: the second use would
/// wait for the borrow. (The `blocks!` macro refuses it at compile time.)
pub(super) fn check_state_mut(
    blocks: &mut Blocks,
    sources: &[crate::event::InputSource],
    exclusive: &[bool],
    handler: String,
) {
    use crate::event::InputSource;
    let shared =
        sources.iter().zip(exclusive).enumerate().find_map(
            |(i, (source, exclusive))| match source {
                InputSource::Component(id) if *exclusive => sources
                    .iter()
                    .enumerate()
                    .any(|(j, other)| j != i && other == source)
                    .then_some(*id),
                _ => None,
            },
        );
    if let Some(state) = shared {
        blocks.defer(BuildError::StateMutShared { handler, state });
    }
}

#[cfg(test)]
#[path = "builder_tests.rs"]
mod tests;

/// The session store named by `BLOCKS_REDIS_URL`, when it is set.
fn env_store() -> Result<Option<Arc<dyn SessionStore>>, BuildError> {
    #[cfg(feature = "redis")]
    {
        match crate::session::RedisStore::from_env() {
            Some(Ok(store)) => Ok(Some(Arc::new(store))),
            Some(Err(err)) => Err(BuildError::SessionStore(err.to_string())),
            None => Ok(None),
        }
    }
    #[cfg(not(feature = "redis"))]
    {
        match std::env::var("BLOCKS_REDIS_URL") {
            Ok(url) if !url.is_empty() => Err(BuildError::SessionStore(
                "BLOCKS_REDIS_URL is set, but blocks was built without its `redis` feature: \
                 enable it (blocks = { features = [\"redis\"] }) or unset the variable"
                    .into(),
            )),
            _ => Ok(None),
        }
    }
}
