//! Pseudo-inputs: `Request` (who is calling) and `Progress` (report progress and alerts), which
//! a handler receives like component values but which are not components.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::component::ReadContext;
use crate::event::input::{Input, InputError, InputSource, InputValue};
use crate::session::SessionId;

/// What the transport knows about the call that started an event.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    /// HTTP headers, lower-cased names.
    pub headers: BTreeMap<String, String>,
    /// The client's address, if known.
    pub client: Option<String>,
    /// The client runs `.change` listeners itself when it sees a changed value, as Gradio's
    /// own page does (it says `x-gradio-user: app`): the server then runs only the event's
    /// handler, not the change cascade, so that each listener runs once.
    pub client_runs_listeners: bool,
    /// The `event_data` of the join request (what a `select` event selected), if sent.
    pub event_data: Option<serde_json::Value>,
    /// The logged-in user, when the app asks for a login.
    pub username: Option<String>,
    /// The public URL of the app's root the client reached (`https://host/prefix`, no
    /// trailing slash), Gradio's `root`: output files' URLs start with it. `None` (no HTTP
    /// request): they are server-absolute paths (`/gradio_api/file=…`).
    pub root_url: Option<String>,
}

/// The request behind an event: the session and the HTTP details. Put `RequestInput` (`request`
/// in the macro) among the inputs to receive it.
///
/// ```
/// use blocks_runtime::event::Request;
/// fn greet(name: String, request: Request) -> String {
///     format!("{name} from session {}", request.session_id())
/// }
/// # let _ = greet;
/// ```
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) session: SessionId,
    pub(crate) info: Arc<RequestInfo>,
}

impl Request {
    /// The session this event belongs to.
    pub fn session_id(&self) -> &SessionId {
        &self.session
    }
    /// A header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.info
            .headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
    /// All headers (lower-cased names).
    pub fn headers(&self) -> &BTreeMap<String, String> {
        &self.info.headers
    }
    /// The client's address, if known (behind a trusted proxy: the address it forwarded).
    pub fn client(&self) -> Option<&str> {
        self.info.client.as_deref()
    }
    /// The logged-in user, when the app asks for a login (`App::auth`), as Gradio's
    /// `request.username`.
    pub fn username(&self) -> Option<&str> {
        self.info.username.as_deref()
    }
}

/// Severity of an alert a handler shows in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum LogLevel {
    /// Neutral information.
    Info,
    /// Something to look at.
    Warning,
    /// Something went well.
    Success,
}

/// One progress bar step, as Gradio's `progress_data`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressUpdate {
    /// Fraction done (0..=1), when known as a fraction.
    pub progress: Option<f64>,
    /// Steps done, when counted.
    pub index: Option<u64>,
    /// Steps in all, when counted.
    pub length: Option<u64>,
    /// What a step is ("steps", "files").
    pub unit: String,
    /// What is happening.
    pub desc: Option<String>,
}

/// Something a running handler reports: progress, or an alert for the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Progress of the event.
    Progress(ProgressUpdate),
    /// An alert (toast).
    Log {
        /// How it is shown.
        level: LogLevel,
        /// The text.
        message: String,
    },
    /// Intermediate output values of a streaming handler (one JSON value per output), and the
    /// HTML of those shown as HTML (Markdown, Chatbot) rendered within the app's limits.
    Generating(
        Vec<serde_json::Value>,
        BTreeMap<crate::component::ComponentId, String>,
    ),
}

/// Receives the notices of one event: the server forwards them to the client, `TestApp` keeps
/// them.
pub type Reporter = Arc<dyn Fn(Notice) + Send + Sync>;

/// Reports progress and alerts from inside a handler. Put `ProgressInput` (`progress` in the
/// macro) among the inputs to receive it.
///
/// ```
/// use blocks_runtime::event::Progress;
/// fn work(progress: Progress) -> String {
///     for i in 0..3 {
///         progress.step(i, 3, "thinking");
///     }
///     progress.info("done");
///     "ok".into()
/// }
/// # let _ = work;
/// ```
#[derive(Clone)]
pub struct Progress {
    pub(crate) reporter: Reporter,
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Progress")
    }
}

impl Progress {
    /// Reports a fraction done (0.0 to 1.0).
    pub fn fraction(&self, done: f64, desc: impl Into<String>) {
        (self.reporter)(Notice::Progress(ProgressUpdate {
            progress: Some(done.clamp(0.0, 1.0)),
            index: None,
            length: None,
            unit: "steps".into(),
            desc: Some(desc.into()),
        }));
    }
    /// Reports step `index` of `length`.
    pub fn step(&self, index: u64, length: u64, desc: impl Into<String>) {
        (self.reporter)(Notice::Progress(ProgressUpdate {
            progress: None,
            index: Some(index),
            length: Some(length),
            unit: "steps".into(),
            desc: Some(desc.into()),
        }));
    }
    /// Shows an information toast (Gradio's `gr.Info`).
    pub fn info(&self, message: impl Into<String>) {
        self.log(LogLevel::Info, message);
    }
    /// Shows a warning toast (Gradio's `gr.Warning`).
    pub fn warning(&self, message: impl Into<String>) {
        self.log(LogLevel::Warning, message);
    }
    /// Shows a success toast.
    pub fn success(&self, message: impl Into<String>) {
        self.log(LogLevel::Success, message);
    }
    fn log(&self, level: LogLevel, message: impl Into<String>) {
        (self.reporter)(Notice::Log {
            level,
            message: message.into(),
        });
    }
}

/// What the user selected, given to a handler of a `select` event (Gradio's `gr.SelectData`).
/// Put `SelectInput` (`select_data` in the macro) among the inputs to receive it.
///
/// ```
/// use blocks_runtime::event::{SelectData, SelectIndex};
/// fn picked(evt: SelectData) -> String {
///     match evt.index {
///         SelectIndex::Pair(row, col) => format!("cell {row},{col}: {}", evt.value),
///         SelectIndex::Item(i) => format!("item {i}: {}", evt.value),
///     }
/// }
/// # let _ = picked;
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectData {
    /// Where the selection is: an item's position (a chatbot message, a label's class, a
    /// radio choice), or a pair (a table's row and column, a text's start and end).
    pub index: SelectIndex,
    /// The selected value (a cell, a message, the selected text, a class name).
    pub value: serde_json::Value,
    /// Whether it was selected (`false`: deselected).
    #[serde(default = "selected_default")]
    pub selected: bool,
    /// The whole row of a selected table cell (Dataframe only).
    #[serde(default)]
    pub row_value: Option<Vec<serde_json::Value>>,
    /// The whole column of a selected table cell (Dataframe only).
    #[serde(default)]
    pub col_value: Option<Vec<serde_json::Value>>,
}

fn selected_default() -> bool {
    true
}

/// The position in a [`SelectData`]: one index, or a pair (`[row, column]`, `[start, end]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SelectIndex {
    /// One position.
    Item(usize),
    /// Two positions.
    Pair(usize, usize),
}

/// The pseudo-input that gives a handler the [`SelectData`] of a `select` event.
#[derive(Debug, Clone, Copy, Default)]
pub struct SelectInput;

impl Input<SelectData> for SelectInput {
    fn source(&self) -> InputSource {
        InputSource::Request
    }
    fn extract(input: InputValue, cx: &ReadContext<'_>) -> Result<SelectData, InputError> {
        let InputValue::Request(request) = input else {
            return Err(InputError::Internal(format!(
                "select data input received {}",
                input.kind()
            )));
        };
        let data = request
            .info
            .event_data
            .clone()
            .unwrap_or(serde_json::Value::Null);
        let got = crate::component::wire::describe(&data);
        serde_json::from_value(data).map_err(|err| InputError::WrongType {
            parameter: cx.parameter.into(),
            position: cx.position,
            component: "SelectData",
            id: cx.id,
            label: None,
            expected: "`event_data` {\"index\": n or [a, b], \"value\": …} (send it with the \
                       join request of a select event)",
            got,
            detail: err.to_string().into(),
        })
    }
}

/// The pseudo-input that gives a handler the [`Request`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestInput;

/// The pseudo-input that gives a handler a [`Progress`] reporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProgressInput;

impl Input<Request> for RequestInput {
    fn source(&self) -> InputSource {
        InputSource::Request
    }
    fn extract(input: InputValue, _: &ReadContext<'_>) -> Result<Request, InputError> {
        match input {
            InputValue::Request(r) => Ok(r),
            other => Err(InputError::Internal(format!(
                "request input received {}",
                other.kind()
            ))),
        }
    }
}

impl Input<Progress> for ProgressInput {
    fn source(&self) -> InputSource {
        InputSource::Progress
    }
    fn extract(input: InputValue, _: &ReadContext<'_>) -> Result<Progress, InputError> {
        match input {
            InputValue::Progress(p) => Ok(p),
            other => Err(InputError::Internal(format!(
                "progress input received {}",
                other.kind()
            ))),
        }
    }
}
