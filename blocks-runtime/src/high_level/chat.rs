//! [`ChatInterface`]: a chat app around a `fn(message, history) -> reply`, as Gradio's
//! `gr.ChatInterface` makes one.

use std::marker::PhantomData;
use std::sync::Arc;

use crate::app::{App, Blocks, DependencyId, Event, EventBuilder};
use crate::component::{
    Button, ButtonVariant, ChatMessage, ChatRole, Chatbot, Handle, Json, Markdown, State, Textbox,
    Update,
};
use crate::event::{
    ApiVisibility, ErasedHandler, Handler, HandlerSignature, Returns, ShowProgress, Triggers,
};
use crate::high_level::chat_handler::ChatAdapter;
use crate::high_level::lists::{ComponentList, HandleList, History};
use crate::high_level::{Examples, Render};

type MakeFn = Arc<dyn Fn(bool) -> Arc<dyn ErasedHandler> + Send + Sync>;
type SourcesFn<A> = Box<
    dyn FnOnce(A, Handle<Textbox>, Handle<State<History>>) -> Vec<crate::event::InputSource> + Send,
>;

/// What a [`ChatInterface`] added, to wire more events.
#[derive(Debug, Clone, Copy)]
pub struct ChatHandles<A> {
    /// The conversation shown.
    pub chatbot: Handle<Chatbot>,
    /// The message box.
    pub textbox: Handle<Textbox>,
    /// The session's history, as the chat function gets it.
    pub history: Handle<State<History>>,
    /// The additional inputs, as given.
    pub additional_inputs: A,
    /// The buttons: Submit, Retry, Undo, Clear, and Stop for a streaming function.
    pub submit: Handle<Button>,
    /// Sends the last message again.
    pub retry: Handle<Button>,
    /// Takes the last turn back, putting its message in the textbox.
    pub undo: Handle<Button>,
    /// Empties the conversation.
    pub clear: Handle<Button>,
    /// Stops a streaming reply.
    pub stop: Option<Handle<Button>>,
    /// The API's chat event.
    pub chat: DependencyId,
}

/// A chat app: a Chatbot, a message box, Retry/Undo/Clear, optional examples and additional
/// inputs, around a function `fn(message: String, history: Vec<ChatMessage>, …) -> reply`.
///
/// The reply is a `String` (or `&str`), a `Result` of one, an `async` one, or a `Stream` or
/// `Iterator` of the reply so far, which streams into the conversation. The history is the
/// conversation before the message, kept per session. The compiler checks the function's
/// parameters and return type. API clients call the endpoint named after the function, as
/// in Gradio 6: `client.predict("hi", api_name="/echo")` returns the reply, and the client's
/// session keeps the history between calls.
///
/// ```
/// use blocks_runtime::prelude::*;
///
/// fn echo(message: String, history: Vec<ChatMessage>) -> String {
///     format!("{message} ({} earlier)", history.len())
/// }
///
/// let app = ChatInterface::new(echo).title("Echo").examples(["hello"]).build();
/// assert!(app.dependency_by_api_name("echo").is_some());
/// ```
pub struct ChatInterface<A: ComponentList = ()> {
    additional: A,
    make: MakeFn,
    sources: SourcesFn<A::Handles>,
    streams: bool,
    fn_name: String,
    parameters: Option<&'static HandlerSignature>,
    title: Option<String>,
    description: Option<String>,
    api_name: Option<String>,
    examples: Vec<String>,
    chatbot: Chatbot,
    textbox: Textbox,
}

impl<A: ComponentList> std::fmt::Debug for ChatInterface<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatInterface")
            .field("title", &self.title)
            .field("streams", &self.streams)
            .finish_non_exhaustive()
    }
}

impl ChatInterface<()> {
    /// A chat app around `handler(message, history) -> reply`.
    pub fn new<F, M>(handler: F) -> Self
    where
        F: Handler<(Handle<Textbox>, Handle<State<History>>), Handle<Textbox>, M>,
        M: 'static,
    {
        Self::with_additional_inputs(handler, ())
    }
}

impl<A: ComponentList> ChatInterface<A> {
    /// A chat app whose function also takes `additional` inputs' values after the history
    /// (`fn(message, history, temperature: f64) -> reply` with `Slider::new(0.0, 1.0)`),
    /// shown in an accordion under the conversation.
    pub fn with_additional_inputs<F, M>(handler: F, additional: A) -> Self
    where
        F: Handler<<A::Handles as HandleList>::ChatInputs, Handle<Textbox>, M>,
        M: 'static,
    {
        let streams = <F::Returned as Returns<Handle<Textbox>, F::Marker>>::KIND.is_generator();
        let handler = Arc::new(handler);
        let make: MakeFn = Arc::new(move |to_state| {
            Arc::new(
                ChatAdapter::<F, <A::Handles as HandleList>::ChatInputs, M> {
                    handler: Arc::clone(&handler),
                    to_state,
                    types: PhantomData,
                },
            )
        });
        ChatInterface {
            additional,
            make,
            sources: Box::new(|extra: A::Handles, message, history| {
                F::input_sources(&extra.chat_inputs(message, history))
            }),
            streams,
            fn_name: crate::app::handler_name::<F>(),
            parameters: HandlerSignature::of::<F>(),
            title: None,
            description: None,
            api_name: None,
            examples: Vec::new(),
            chatbot: Chatbot::new().label("Chatbot"),
            textbox: Textbox::new()
                .show_label(false)
                .placeholder("Type a message...")
                .scale(7),
        }
    }

    /// A title shown above the chat, and the page's title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Markdown shown under the title.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// The endpoint's name (default: the function's name, as in Gradio 6).
    pub fn api_name(mut self, name: impl Into<String>) -> Self {
        self.api_name = Some(name.into());
        self
    }

    /// Example messages, shown as a table under the chat; clicking one puts it in the box.
    pub fn examples<S: Into<String>>(mut self, messages: impl IntoIterator<Item = S>) -> Self {
        self.examples = messages.into_iter().map(Into::into).collect();
        self
    }

    /// The Chatbot to show the conversation in (its label, height, …).
    pub fn chatbot(mut self, chatbot: Chatbot) -> Self {
        self.chatbot = chatbot;
        self
    }

    /// The Textbox to type messages in (its placeholder, …).
    pub fn textbox(mut self, textbox: Textbox) -> Self {
        self.textbox = textbox;
        self
    }

    /// The chat as a whole app.
    pub fn build(self) -> App {
        let mut app = Blocks::new();
        if let Some(title) = &self.title {
            app.title(title.clone());
        }
        app.render(self);
        app.build()
    }
}

/// Takes the last turn off `history`: the history before it, and its user message.
pub(crate) fn pop_turn(mut history: History) -> (History, String) {
    let mut i = history.len();
    while i > 0 && history[i - 1].role == ChatRole::Assistant {
        i -= 1;
    }
    let mut message = Vec::new();
    while i > 0 && history[i - 1].role == ChatRole::User {
        i -= 1;
        message.push(history[i].text());
    }
    message.reverse();
    history.truncate(i);
    (history, message.concat())
}

fn quiet(event: Event<'_>) -> Event<'_> {
    event
        .api_visibility(ApiVisibility::Undocumented)
        .queue(false)
        .show_progress(ShowProgress::Hidden)
}

/// The components the chat's events use.
#[derive(Clone, Copy)]
struct Parts {
    chatbot: Handle<Chatbot>,
    textbox: Handle<Textbox>,
    history: Handle<State<History>>,
    response: Handle<Json>,
    stop: Option<Handle<Button>>,
}

impl Parts {
    /// Shows the message in the chat and locks the box while the reply comes.
    fn start<'a>(&self, on: EventBuilder<'a>) -> Event<'a> {
        let stop = self.stop;
        let event = match stop {
            Some(stop) => on.call(
                |history: History, message: String| {
                    let mut shown = history;
                    shown.push(ChatMessage::user(message));
                    (
                        shown,
                        Textbox::update().interactive(false),
                        Button::update().visible(true),
                    )
                },
                (self.history, self.textbox),
                (self.chatbot, self.textbox, stop),
            ),
            None => on.call(
                |history: History, message: String| {
                    let mut shown = history;
                    shown.push(ChatMessage::user(message));
                    (shown, Textbox::update().interactive(false))
                },
                (self.history, self.textbox),
                (self.chatbot, self.textbox),
            ),
        };
        quiet(event)
    }

    /// After the reply: keeps the shown conversation as the history, empties the box.
    fn finish(&self, after: EventBuilder<'_>) {
        let event = quiet(after.call(|shown: History| shown, self.chatbot, self.history));
        let done = event.then();
        let done = match self.stop {
            Some(stop) => done.call(
                || {
                    let clear: Update<Textbox> = Textbox::update().value("").interactive(true);
                    (clear, Button::update().visible(false))
                },
                (),
                (self.textbox, stop),
            ),
            None => done.call(
                || Textbox::update().value("").interactive(true),
                (),
                self.textbox,
            ),
        };
        quiet(done);
    }
}

impl<A: ComponentList> Render for ChatInterface<A> {
    type Handles = ChatHandles<A::Handles>;

    fn render(self, app: &mut Blocks) -> Self::Handles {
        let fn_name = self.fn_name;
        let history = app.add(State::new(History::new()));
        let additional = self.additional;
        let chatbot = self.chatbot;
        let textbox = self.textbox;
        let streams = self.streams;
        let (title, description) = (self.title, self.description);
        let (chatbot, textbox, submit, buttons, additional) = app.column(|app| {
            if let Some(title) = title {
                app.add(Markdown::new(format!("# {title}")));
            }
            if let Some(text) = description {
                app.add(Markdown::new(text));
            }
            let chatbot = app.add(chatbot);
            let (textbox, submit) = app.row(|app| {
                let textbox = app.add(textbox);
                let submit = Button::new("Submit")
                    .variant(ButtonVariant::Primary)
                    .scale(1)
                    .min_width(100);
                (textbox, app.add(submit))
            });
            let buttons = app.row(|app| {
                let retry = app.add(Button::new("Retry"));
                let undo = app.add(Button::new("Undo"));
                let clear = app.add(Button::new("Clear"));
                let stop = streams.then(|| {
                    app.add(
                        Button::new("Stop")
                            .variant(ButtonVariant::Stop)
                            .visible(false),
                    )
                });
                (retry, undo, clear, stop)
            });
            let additional = if std::mem::size_of::<A::Handles>() == 0 {
                additional.add_to(app)
            } else {
                app.accordion("Additional Inputs", |app| additional.add_to(app))
            };
            (chatbot, textbox, submit, buttons, additional)
        });
        let (retry, undo, clear, stop) = buttons;
        if !self.examples.is_empty() {
            app.render(Examples::new(textbox, self.examples));
        }
        let response = app.add(Json::new().label("Response").visible(false));
        let api_button = app.add(Button::new("Fake API").visible(false));
        let sources = (self.sources)(additional, textbox, history);
        let parts = Parts {
            chatbot,
            textbox,
            history,
            response,
            stop,
        };

        let mut chat = app
            .on(api_button.click())
            .register(
                sources.clone(),
                vec![response.id(), history.id()],
                (self.make)(true),
                fn_name,
            )
            .parameter_names(["message", "history"])
            .__signature_of(&self.parameters);
        if let Some(name) = self.api_name {
            chat = chat.api_name(name);
        }
        let chat = chat.id();

        let on_submit = Triggers(vec![textbox.submit(), submit.click()]);
        let start = parts.start(app.on(on_submit));
        let replying = parts.reply(start.then(), &sources, &self.make);
        let submitted = replying.id();
        parts.finish(replying.then());

        let popped = quiet(app.on(retry.click()).call(
            |history: History| {
                let (before, message) = pop_turn(history);
                (before, message)
            },
            history,
            (history, textbox),
        ));
        let start = parts.start(popped.then());
        let replying = parts.reply(start.then(), &sources, &self.make);
        let retried = replying.id();
        parts.finish(replying.then());

        quiet(app.on(undo.click()).call(
            |history: History| {
                let (before, message) = pop_turn(history);
                (before.clone(), before, message)
            },
            history,
            (history, chatbot, textbox),
        ));
        quiet(app.on(clear.click()).call(
            || (History::new(), History::new()),
            (),
            (history, chatbot),
        ));
        if let Some(stop) = stop {
            quiet(app.on(stop.click()).call(
                |shown: History| {
                    let clear: Update<Textbox> = Textbox::update().value("").interactive(true);
                    (shown, clear, Button::update().visible(false))
                },
                chatbot,
                (history, textbox, stop),
            ))
            .cancels([submitted, retried]);
        }
        ChatHandles {
            chatbot,
            textbox,
            history,
            additional_inputs: additional,
            submit,
            retry,
            undo,
            clear,
            stop,
            chat,
        }
    }
}

impl Parts {
    /// Runs the chat function for the page: the reply streams into the Chatbot.
    fn reply<'a>(
        &self,
        after: EventBuilder<'a>,
        sources: &[crate::event::InputSource],
        make: &MakeFn,
    ) -> Event<'a> {
        after
            .register(
                sources.to_vec(),
                vec![self.response.id(), self.chatbot.id()],
                make(false),
                "_submit_fn".to_owned(),
            )
            .api_visibility(ApiVisibility::Undocumented)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pop_turn_takes_the_last_user_messages_and_their_replies() {
        let history = vec![
            ChatMessage::user("a"),
            ChatMessage::assistant("A"),
            ChatMessage::user("b"),
            ChatMessage::user("c"),
            ChatMessage::assistant("C1"),
            ChatMessage::assistant("C2"),
        ];
        let (before, message) = pop_turn(history);
        assert_eq!(before.len(), 2);
        assert_eq!(message, "bc");
        assert_eq!(pop_turn(Vec::new()), (Vec::new(), String::new()));
        let (before, message) = pop_turn(vec![ChatMessage::assistant("hello")]);
        assert!(before.is_empty() && message.is_empty());
    }
}
