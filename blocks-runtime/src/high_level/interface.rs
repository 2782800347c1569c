//! [`Interface`]: a function's inputs and outputs side by side, with Submit and Clear (and
//! Stop for a stream), as Gradio's `gr.Interface` lays them out. Flagging is left out.

use crate::app::{App, Blocks, DependencyId, Event, EventBuilder};
use crate::component::{Button, ButtonVariant, ComponentId, Handle, Markdown};
use crate::event::{
    ApiVisibility, EventName, Handler, HandlerSignature, Returns, ShowProgress, Trigger, Triggers,
};
use crate::high_level::lists::{ids, ComponentList, HandleList};
use crate::high_level::{Examples, Render};

type WireFn<I, O> = Box<dyn for<'a> FnOnce(EventBuilder<'a>, I, O) -> Event<'a> + Send>;

/// What an [`Interface`] added: its inputs and outputs, its buttons and its predict event.
#[derive(Debug, Clone, Copy)]
pub struct InterfaceHandles<I, O> {
    /// The inputs, as given (one handle or a tuple).
    pub inputs: I,
    /// The outputs, as given.
    pub outputs: O,
    /// The Submit button.
    pub submit: Handle<Button>,
    /// The Clear button.
    pub clear: Handle<Button>,
    /// The Stop button, for a handler that streams.
    pub stop: Option<Handle<Button>>,
    /// The event that runs the handler (its endpoint is the API's).
    pub predict: DependencyId,
}

/// A function's app: its inputs in a column with Clear and Submit under them, its outputs in
/// a column beside them, optional examples under both (Gradio's `gr.Interface`).
///
/// Inputs and outputs are component builders: `()`, one (`Textbox::new()`) or a tuple of up
/// to 6. The handler takes the inputs' values and returns the outputs' as any handler does;
/// the compiler checks it against them. Submit (and Enter in a Textbox or Number input) runs
/// it; its endpoint is named after the handler, as in Gradio 6 (`.api_name` changes it).
/// Clear empties the inputs and outputs. A handler that streams (returns a `Stream` or an
/// `Iterator`) gets a Stop button, shown while it runs. An input or output without a label
/// is labelled as in Gradio: an input after its parameter (for a `#[blocks::handler]`
/// handler), an output "output" (or "output 0", "output 1", …).
///
/// ```
/// use blocks_runtime::prelude::*;
///
/// fn greet(name: String, times: f64) -> String {
///     format!("Hello, {name}! ").repeat(times as usize)
/// }
///
/// let app = Interface::new(
///     greet,
///     (Textbox::new().label("name"), Number::new().label("times").value(1.0)),
///     Textbox::new(),
/// )
/// .title("Greeter")
/// .examples([("Ada".to_owned(), 2.0)])
/// .build();
/// assert!(app.dependency_by_api_name("greet").is_some());
/// ```
pub struct Interface<I: ComponentList, O: ComponentList> {
    inputs: I,
    outputs: O,
    wire: WireFn<I::Handles, O::Handles>,
    streams: bool,
    parameters: &'static [&'static str],
    title: Option<String>,
    description: Option<String>,
    article: Option<String>,
    api_name: Option<String>,
    submit_label: String,
    clear_label: String,
    stop_label: String,
    examples: Vec<<I::Handles as HandleList>::Values>,
}

impl<I: ComponentList, O: ComponentList> std::fmt::Debug for Interface<I, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interface")
            .field("title", &self.title)
            .field("streams", &self.streams)
            .finish_non_exhaustive()
    }
}

impl<I: ComponentList, O: ComponentList> Interface<I, O> {
    /// An interface for `handler`, from its input and output components.
    pub fn new<F, M>(handler: F, inputs: I, outputs: O) -> Self
    where
        F: Handler<I::Handles, O::Handles, M>,
        M: 'static,
    {
        let streams = <F::Returned as Returns<O::Handles, F::Marker>>::KIND.is_generator();
        let parameters = HandlerSignature::of::<F>().map_or(&[][..], |s| s.parameters());
        Interface {
            inputs,
            outputs,
            wire: Box::new(move |on, inputs, outputs| on.call(handler, inputs, outputs)),
            streams,
            parameters,
            title: None,
            description: None,
            article: None,
            api_name: None,
            submit_label: "Submit".to_owned(),
            clear_label: "Clear".to_owned(),
            stop_label: "Stop".to_owned(),
            examples: Vec::new(),
        }
    }

    /// A title shown above the interface, and the page's title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Markdown shown under the title.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Markdown shown under the interface.
    pub fn article(mut self, text: impl Into<String>) -> Self {
        self.article = Some(text.into());
        self
    }

    /// The endpoint's name (default: the handler's name, as in Gradio 6).
    pub fn api_name(mut self, name: impl Into<String>) -> Self {
        self.api_name = Some(name.into());
        self
    }

    /// The Submit button's text.
    pub fn submit_btn(mut self, text: impl Into<String>) -> Self {
        self.submit_label = text.into();
        self
    }

    /// The Clear button's text.
    pub fn clear_btn(mut self, text: impl Into<String>) -> Self {
        self.clear_label = text.into();
        self
    }

    /// The Stop button's text (shown for a streaming handler).
    pub fn stop_btn(mut self, text: impl Into<String>) -> Self {
        self.stop_label = text.into();
        self
    }

    /// Example inputs, shown as a table under the interface: one row per example, one value
    /// per input (a tuple for several). Clicking one fills the inputs.
    pub fn examples(
        mut self,
        rows: impl IntoIterator<Item = <I::Handles as HandleList>::Values>,
    ) -> Self {
        self.examples = rows.into_iter().collect();
        self
    }

    /// The interface as a whole app.
    pub fn build(self) -> App {
        let mut app = Blocks::new();
        if let Some(title) = &self.title {
            app.title(title.clone());
        }
        app.render(self);
        app.build()
    }
}

/// The submit triggers: the button, and Enter in each input that has `submit`.
fn triggers(blocks: &Blocks, submit: Handle<Button>, inputs: &[ComponentId]) -> Triggers {
    let mut all = vec![submit.click()];
    for id in inputs {
        if matches!(blocks.kind_of(*id), "textbox" | "number") {
            all.push(Trigger::component(*id, EventName::Submit));
        }
    }
    Triggers(all)
}

/// A button update shown or hidden.
fn shown(visible: bool) -> crate::component::Update<Button> {
    Button::update().visible(visible)
}

impl<I: ComponentList, O: ComponentList> Render for Interface<I, O> {
    type Handles = InterfaceHandles<I::Handles, O::Handles>;

    fn render(self, app: &mut Blocks) -> Self::Handles {
        if let Some(title) = &self.title {
            app.add(Markdown::new(format!("# {title}")));
        }
        if let Some(text) = self.description {
            app.add(Markdown::new(text));
        }
        let parameters = self.parameters;
        let (inputs, outputs, submit, clear, stop) = app.row(|app| {
            let (inputs, clear, submit, stop) = app.column(|app| {
                let inputs = app.column(|app| self.inputs.add_to(app));
                for (id, name) in ids(&inputs).into_iter().zip(parameters) {
                    app.default_label(id, name);
                }
                app.row(|app| {
                    let clear = app.add(Button::new(self.clear_label));
                    let submit =
                        app.add(Button::new(self.submit_label).variant(ButtonVariant::Primary));
                    let stop = self.streams.then(|| {
                        app.add(
                            Button::new(self.stop_label)
                                .variant(ButtonVariant::Stop)
                                .visible(false),
                        )
                    });
                    (inputs, clear, submit, stop)
                })
            });
            let outputs = app.column(|app| self.outputs.add_to(app));
            let output_ids = ids(&outputs);
            for (i, id) in output_ids.iter().enumerate() {
                let label = match output_ids.len() {
                    1 => "output".to_owned(),
                    _ => format!("output {i}"),
                };
                app.default_label(*id, &label);
            }
            (inputs, outputs, submit, clear, stop)
        });
        let on = triggers(app, submit, &ids(&inputs));
        let predict = match stop {
            None => {
                let mut event = (self.wire)(app.on(on), inputs, outputs);
                if let Some(name) = self.api_name {
                    event = event.api_name(name);
                }
                event.id()
            }
            Some(stop) => {
                let running = app
                    .on(on)
                    .call(|| (shown(false), shown(true)), (), (submit, stop))
                    .api_visibility(ApiVisibility::Undocumented)
                    .queue(false)
                    .show_progress(ShowProgress::Hidden);
                let mut event = (self.wire)(running.then(), inputs, outputs);
                if let Some(name) = self.api_name {
                    event = event.api_name(name);
                }
                let predict = event.id();
                event
                    .then()
                    .call(|| (shown(true), shown(false)), (), (submit, stop))
                    .api_visibility(ApiVisibility::Undocumented)
                    .queue(false)
                    .show_progress(ShowProgress::Hidden);
                app.on(stop.click())
                    .call(|| (shown(true), shown(false)), (), (submit, stop))
                    .api_visibility(ApiVisibility::Undocumented)
                    .queue(false)
                    .show_progress(ShowProgress::Hidden)
                    .cancels([predict]);
                predict
            }
        };
        if !ids(&inputs).is_empty() {
            app.on(clear.click())
                .call(<I::Handles as HandleList>::cleared, (), inputs)
                .fn_name("clear")
                .api_visibility(ApiVisibility::Private)
                .queue(false)
                .show_progress(ShowProgress::Hidden);
        }
        if !ids(&outputs).is_empty() {
            app.on(clear.click())
                .call(<O::Handles as HandleList>::cleared, (), outputs)
                .fn_name("clear")
                .api_visibility(ApiVisibility::Private)
                .queue(false)
                .show_progress(ShowProgress::Hidden);
        }
        if !self.examples.is_empty() {
            app.render(Examples::new(inputs, self.examples));
        }
        if let Some(text) = self.article {
            app.add(Markdown::new(text));
        }
        InterfaceHandles {
            inputs,
            outputs,
            submit,
            clear,
            stop,
            predict,
        }
    }
}
