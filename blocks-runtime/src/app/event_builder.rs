//! Wiring one event: [`EventBuilder`] takes the handler with its inputs and outputs, and
//! [`Event`] sets the event's options and chains the next one.

use std::sync::Arc;

use crate::app::builder::ROOT;
use crate::app::model::{AfterMode, Dependency, DependencyId, Events};
use crate::app::Blocks;
use crate::component::ComponentId;
use crate::event::handler::{erase, erase_adapter};
use crate::event::HandlerSignature;
use crate::event::{
    ApiVisibility, EventName, EventOptions, Handler, InputContext, InputError, InputSource,
    Outputs, RawInputs, Returns, ShowProgress, TriggerMode, Triggers,
};

/// An event being wired: give it a handler with [`EventBuilder::call`].
#[must_use = "an event does nothing until it gets a handler with `.call(handler, inputs, outputs)`"]
pub struct EventBuilder<'a> {
    blocks: &'a mut Blocks,
    triggers: Triggers,
    after: Option<(DependencyId, AfterMode)>,
}

impl<'a> EventBuilder<'a> {
    pub(super) fn new(
        blocks: &'a mut Blocks,
        triggers: Triggers,
        after: Option<(DependencyId, AfterMode)>,
    ) -> Self {
        EventBuilder {
            blocks,
            triggers,
            after,
        }
    }
}

impl std::fmt::Debug for EventBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventBuilder")
            .field("triggers", &self.triggers)
            .finish()
    }
}

/// The handler's name as written: the last path segment of a `fn`, `"lambda"` for closures.
pub(crate) fn handler_name<F>() -> String {
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
        crate::app::builder::check_state_mut(
            self.blocks,
            &sources,
            &F::input_exclusive(),
            handler_name::<F>(),
        );
        self.register(
            sources,
            outputs.targets(),
            erase::<F, I, O, M>(handler),
            handler_name::<F>(),
        )
        .signed(HandlerSignature::of::<F>())
        // The types know which parameters are `Option`s better than a signature's syntax.
        .__optional_parameters(F::input_optional())
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

    pub(crate) fn register(
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
            cancels: Vec::new(),
            optional: Vec::new(),
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

    /// Names the handler as Gradio names its internal functions (`load_example`): the
    /// default `api_name` is made from it.
    pub(crate) fn fn_name(mut self, name: &str) -> Self {
        name.clone_into(&mut self.dependency().fn_name);
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

    /// Takes parameter names and description from the handler's `#[blocks::handler]`
    /// signature, when it has one (what the macro calls for a handler defined outside the
    /// app body; the builder's `call` does it itself). Not for use by hand.
    #[doc(hidden)]
    pub fn __signature_of(self, signature: &Option<&'static HandlerSignature>) -> Self {
        self.signed(*signature)
    }

    /// Which handler parameters take an `Option` (the API advertises them as optional, with a
    /// default of `null`): what the macro reads from the handler's parameter types where it
    /// can see them; the builder's `call` knows them itself. Not for use by hand.
    #[doc(hidden)]
    pub fn __optional_parameters(mut self, flags: impl IntoIterator<Item = bool>) -> Self {
        let flags: Vec<bool> = flags.into_iter().collect();
        let dep = self.dependency();
        dep.optional = (0..dep.inputs.len())
            .map(|i| flags.get(i).copied().unwrap_or(false))
            .collect();
        self
    }

    fn signed(self, signature: Option<&'static HandlerSignature>) -> Self {
        let Some(signature) = signature else {
            return self;
        };
        let mut event = self
            .parameter_names(signature.parameters().iter().copied())
            .__optional_parameters(signature.optional().iter().copied());
        if let Some(text) = signature.description() {
            if event.dependency().options.description.is_none() {
                event = event.description(text);
            }
        }
        event
    }

    /// Stops the running `events` of the same page when this event fires: a Stop button, as
    /// Gradio's `cancels=[…]`. A stopped event's outputs keep what it last streamed.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    ///
    /// let mut app = Blocks::new();
    /// let count = app.add(Number::new());
    /// let go = app.add(Button::new("Count"));
    /// let stop = app.add(Button::new("Stop"));
    /// let counting = app
    ///     .on(go.click())
    ///     .call(|| (1..=100).map(f64::from), (), count)
    ///     .id();
    /// app.on(stop.click()).call(|| (), (), ()).cancels([counting]);
    /// let app = app.build();
    /// assert!(app.config()["dependencies"][2]["types"]["cancel"] == true);
    /// ```
    pub fn cancels(mut self, events: impl Events) -> Self {
        let cancels = events.into_ids();
        if cancels.is_empty() {
            return self;
        }
        let (triggers, after) = {
            let dep = self.dependency();
            (dep.triggers.clone(), dep.after)
        };
        let mut options = EventOptions::for_event(EventName::Click);
        options.queue = false;
        options.api_visibility = ApiVisibility::Private;
        options.show_progress = ShowProgress::Hidden;
        options.concurrency_limit = None;
        self.blocks.dependencies.push(Dependency {
            triggers,
            inputs: Vec::new(),
            contexts: Arc::from(Vec::new()),
            outputs: Vec::new(),
            handler: erase::<_, (), (), _>(|| ()),
            options,
            after,
            fn_name: "cancel".to_owned(),
            api_name: String::new(),
            parameter_names: Vec::new(),
            offload: Default::default(),
            cancels,
            optional: Vec::new(),
        });
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
