//! `Blocks`: the typed builder that makes an app. The macro lowers to it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::app::api::ApiModel;
use crate::app::model::{
    AfterMode, App, AppDef, ComponentRecord, Dependency, DependencyId, LayoutNode,
};
use crate::component::{Component, ComponentId, ComponentSpec, Handle, Layout, Role};
use crate::event::handler::{erase, erase_adapter};
use crate::event::{
    ApiVisibility, EventName, EventOptions, Handler, InputContext, InputError, InputSource,
    Outputs, RawInputs, Returns, ShowProgress, TriggerMode, Triggers,
};
use crate::frontend::RenderLimits;
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
    components: Vec<ComponentRecord>,
    /// Open layout blocks, innermost last; the root is at the bottom.
    open: Vec<LayoutNode>,
    dependencies: Vec<Dependency>,
    settings: SessionSettings,
    clock: Arc<dyn Clock>,
    secret: Option<Vec<u8>>,
    render_limits: RenderLimits,
    store: Option<Arc<dyn SessionStore>>,
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
const ROOT: ComponentId = ComponentId(0);

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
        };
        Blocks {
            title: "blocks".into(),
            components: vec![ComponentRecord {
                spec: root,
                state_hasher: None,
            }],
            open: vec![LayoutNode {
                id: ROOT,
                children: Some(Vec::new()),
            }],
            dependencies: Vec::new(),
            settings: SessionSettings::default(),
            clock: Arc::new(SystemClock),
            secret: None,
            render_limits: RenderLimits::default(),
            store: None,
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
        self.settings = settings;
        self
    }

    /// Sets the clock the session store uses (tests use a [`crate::session::ManualClock`]).
    pub fn clock(&mut self, clock: Arc<dyn Clock>) -> &mut Self {
        self.clock = clock;
        self
    }

    fn push(&mut self, spec: ComponentSpec, children: Option<Vec<LayoutNode>>) -> LayoutNode {
        let id = ComponentId(self.components.len() as u32);
        self.components.push(ComponentRecord {
            spec,
            state_hasher: None,
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
        let node = self.push(component.into_spec(), None);
        let id = node.id;
        self.attach(node);
        Handle::new(id)
    }

    /// Opens a layout block; components added until the matching [`Blocks::close`] go in it.
    /// The closure forms ([`Blocks::row`], …) are easier to read; this pair is what the macro
    /// uses.
    pub fn open(&mut self, layout: impl Layout) -> ComponentId {
        let node = self.push(layout.into_spec(), Some(Vec::new()));
        let id = node.id;
        self.open.push(node);
        id
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

    /// Starts wiring an event: `app.on(btn.click()).call(handler, inputs, outputs)`.
    /// Several triggers share one handler: `app.on([a.change(), b.change()])`.
    pub fn on(&mut self, triggers: impl Into<Triggers>) -> EventBuilder<'_> {
        EventBuilder {
            blocks: self,
            triggers: triggers.into(),
            after: None,
        }
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
    pub fn build(mut self) -> App {
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

        let mut api_names = HashMap::new();
        for (i, dep) in self.dependencies.iter_mut().enumerate() {
            let base = dep
                .options
                .api_name
                .clone()
                .unwrap_or_else(|| dep.fn_name.clone());
            let mut name = base.clone();
            let mut n = 1;
            while api_names.contains_key(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            api_names.insert(name.clone(), DependencyId(i));
            dep.api_name = name;
        }

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
        let mut def = AppDef {
            sealer,
            ephemeral_secret,
            render_limits: self.render_limits,
            title: self.title,
            app_id: rand::random(),
            components: self.components,
            layout,
            dependencies: self.dependencies,
            change_listeners,
            remembered,
            api_names,
            api: ApiModel::default(),
            store: self.store,
        };
        def.api = ApiModel::of(&def);
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
        App {
            def: Arc::new(def),
            sessions: Arc::new(Sessions::with_clock(self.settings, self.clock)),
        }
    }
}

/// An event being wired: give it a handler with [`EventBuilder::call`].
#[must_use = "an event does nothing until it gets a handler with `.call(handler, inputs, outputs)`"]
pub struct EventBuilder<'a> {
    blocks: &'a mut Blocks,
    triggers: Triggers,
    after: Option<(DependencyId, AfterMode)>,
}

impl std::fmt::Debug for EventBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBuilder")
            .field("triggers", &self.triggers)
            .finish()
    }
}

/// The handler's name as written: the last path segment of a `fn`, `"lambda"` for closures.
fn handler_name<F>() -> String {
    let full = std::any::type_name::<F>();
    let name = full.rsplit("::").next().unwrap_or(full);
    if full.contains("{{closure}}") || name.is_empty() {
        "lambda".to_owned()
    } else {
        name.to_owned()
    }
}

impl<'a> EventBuilder<'a> {
    /// Sets the handler, its inputs and its outputs. The compiler checks that each handler
    /// parameter takes its input's value type and that the return value fills the outputs.
    pub fn call<F, I, O, M>(self, handler: F, inputs: I, outputs: O) -> Event<'a>
    where
        F: Handler<I, O, M>,
        I: 'static,
        O: Outputs + 'static,
        M: 'static,
    {
        let sources = F::input_sources(&inputs);
        self.register(
            sources,
            outputs.targets(),
            erase::<F, I, O, M>(handler),
            handler_name::<F>(),
        )
    }

    /// What the `blocks!` macro lowers an event to: `adapter` takes the raw inputs and calls
    /// the user's handler itself, each argument spanned on the input the user wrote, so a type
    /// mismatch is reported there. Not for use by hand.
    #[doc(hidden)]
    pub fn __call_adapted<F, R, O, M>(
        self,
        sources: Vec<InputSource>,
        outputs: O,
        adapter: F,
        fn_name: &str,
    ) -> Event<'a>
    where
        F: Fn(RawInputs) -> Result<R, InputError> + Send + Sync + 'static,
        R: Returns<O, M>,
        O: Outputs + 'static,
        M: 'static,
    {
        self.register(
            sources,
            outputs.targets(),
            erase_adapter::<F, R, O, M>(adapter),
            fn_name.to_owned(),
        )
    }

    fn register(
        self,
        inputs: Vec<InputSource>,
        outputs: Vec<ComponentId>,
        handler: Arc<dyn crate::event::ErasedHandler>,
        fn_name: String,
    ) -> Event<'a> {
        let event = self
            .triggers
            .0
            .first()
            .map(|t| t.event)
            .unwrap_or(EventName::Click);
        for trigger in &self.triggers.0 {
            if let (Some(target), Some(hasher)) = (trigger.target, &trigger.state_hasher) {
                if let Some(record) = self.blocks.components.get_mut(target.0 as usize) {
                    record.state_hasher = Some(Arc::clone(hasher));
                }
            }
        }
        let contexts: Arc<[InputContext]> = inputs
            .iter()
            .enumerate()
            .map(|(i, source)| match source {
                InputSource::Component(id) => InputContext {
                    id: *id,
                    label: self
                        .blocks
                        .components
                        .get(id.0 as usize)
                        .and_then(|c| c.spec.props.label().map(str::to_owned)),
                    parameter: format!("param_{i}"),
                },
                InputSource::Request | InputSource::Progress => InputContext {
                    id: ROOT,
                    label: None,
                    parameter: format!("param_{i}"),
                },
            })
            .collect();
        let parameter_names = (0..inputs.len()).map(|i| format!("param_{i}")).collect();
        let dependency = Dependency {
            triggers: self.triggers.0,
            inputs,
            contexts,
            outputs,
            handler,
            options: EventOptions::for_event(event),
            after: self.after,
            fn_name,
            api_name: String::new(),
            parameter_names,
            offload: Default::default(),
        };
        let id = DependencyId(self.blocks.dependencies.len());
        self.blocks.dependencies.push(dependency);
        Event {
            blocks: self.blocks,
            id,
        }
    }
}

/// A wired event: set its options, or chain another event after it.
pub struct Event<'a> {
    blocks: &'a mut Blocks,
    id: DependencyId,
}

impl std::fmt::Debug for Event<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event").field("id", &self.id).finish()
    }
}

impl<'a> Event<'a> {
    fn dependency(&mut self) -> &mut Dependency {
        &mut self.blocks.dependencies[self.id.0]
    }

    /// The dependency's id (`fn_index`).
    pub fn id(&self) -> DependencyId {
        self.id
    }

    /// The endpoint name for API clients (`/call/{name}`); defaults to the handler's name.
    pub fn api_name(mut self, name: impl Into<String>) -> Self {
        self.dependency().options.api_name = Some(name.into());
        self
    }

    /// Whether the endpoint is listed in `/info`.
    pub fn api_visibility(mut self, visibility: ApiVisibility) -> Self {
        self.dependency().options.api_visibility = visibility;
        self
    }

    /// How many runs of this event may execute at once across all sessions (`None`: no limit).
    /// Default: 1, as in Gradio.
    pub fn concurrency_limit(mut self, limit: Option<usize>) -> Self {
        self.dependency().options.concurrency_limit = limit;
        self
    }

    /// What happens when the event fires again while running.
    pub fn trigger_mode(mut self, mode: TriggerMode) -> Self {
        self.dependency().options.trigger_mode = mode;
        self
    }

    /// How the page shows that the event runs.
    pub fn show_progress(mut self, show: ShowProgress) -> Self {
        self.dependency().options.show_progress = show;
        self
    }

    /// Whether the event goes through the queue (default `true`).
    pub fn queue(mut self, queue: bool) -> Self {
        self.dependency().options.queue = queue;
        self
    }

    /// What the endpoint does: its `description` in `/gradio_api/info` and the API model.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.dependency().options.description = Some(text.into());
        self
    }

    /// Names the handler's parameters for the API (`parameter_name` in `/info`). The macro
    /// fills this from the handler's signature where it can see it.
    pub fn parameter_names<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        let dep = self.dependency();
        for (slot, name) in dep.parameter_names.iter_mut().zip(&names) {
            slot.clone_from(name);
        }
        let contexts: Vec<InputContext> = dep
            .contexts
            .iter()
            .zip(dep.parameter_names.iter())
            .map(|(cx, name)| InputContext {
                parameter: name.clone(),
                ..cx.clone()
            })
            .collect();
        dep.contexts = contexts.into();
        self
    }

    fn chain(self, mode: AfterMode) -> EventBuilder<'a> {
        EventBuilder {
            blocks: self.blocks,
            triggers: Triggers(Vec::new()),
            after: Some((self.id, mode)),
        }
    }

    /// Runs another handler after this one finishes, whatever the outcome.
    pub fn then(self) -> EventBuilder<'a> {
        self.chain(AfterMode::Always)
    }

    /// Runs another handler after this one succeeds.
    pub fn success(self) -> EventBuilder<'a> {
        self.chain(AfterMode::OnSuccess)
    }

    /// Runs another handler after this one fails.
    pub fn failure(self) -> EventBuilder<'a> {
        self.chain(AfterMode::OnFailure)
    }
}
