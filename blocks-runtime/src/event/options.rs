//! Per-event options: API name and visibility, concurrency, trigger mode, progress display.

use serde::Serialize;

/// What happens when an event fires again while it is still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TriggerMode {
    /// Ignore new triggers while running (the default for most events).
    Once,
    /// Queue every trigger.
    Multiple,
    /// Keep only the last pending trigger (the default for `change`).
    AlwaysLast,
}

/// How the page shows that an event is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ShowProgress {
    /// A progress overlay on the outputs.
    Full,
    /// A small timer only.
    Minimal,
    /// Nothing.
    Hidden,
}

/// Whether an event is part of the public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ApiVisibility {
    /// Listed in `/info` and callable.
    Public,
    /// Callable but not listed.
    Undocumented,
    /// Not for API clients.
    Private,
}

/// The options of one event listener.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventOptions {
    /// The endpoint name (`/call/{api_name}`); defaults to the handler's function name.
    pub api_name: Option<String>,
    /// Whether the endpoint is listed.
    pub api_visibility: ApiVisibility,
    /// How many runs of this event may execute at once across all sessions (`None`: no limit
    /// besides the server's default).
    pub concurrency_limit: Option<usize>,
    /// Behaviour when triggered while running.
    pub trigger_mode: TriggerMode,
    /// How progress is shown.
    pub show_progress: ShowProgress,
    /// Whether the event goes through the queue (the default).
    pub queue: bool,
    /// What the endpoint does, for API clients, the API page and agents.
    pub description: Option<String>,
}

impl EventOptions {
    pub(crate) fn for_event(event: crate::event::EventName) -> Self {
        EventOptions {
            api_name: None,
            api_visibility: ApiVisibility::Public,
            concurrency_limit: Some(1),
            trigger_mode: if event == crate::event::EventName::Change {
                TriggerMode::AlwaysLast
            } else {
                TriggerMode::Once
            },
            show_progress: ShowProgress::Full,
            queue: true,
            description: None,
        }
    }
}
