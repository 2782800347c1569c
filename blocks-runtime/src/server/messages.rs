//! What an event reports while it runs, and how it is framed on `/queue/data` (Gradio's
//! `msg` objects) and on the curl stream (`event:` + `data:` pairs).

use bytes::Bytes;
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::component::ComponentId;
use crate::engine::{EventError, EventOutcome};
use crate::event::{LogLevel, ProgressUpdate};

/// One thing an event reports.
#[derive(Debug, Clone)]
pub(crate) enum EventMessage {
    Estimation {
        rank: usize,
        queue_size: usize,
    },
    Starts,
    Progress(ProgressUpdate),
    Log {
        level: LogLevel,
        message: String,
    },
    /// Intermediate values; `first` carries full values, later ones replace-edits. With the
    /// HTML of the outputs shown as HTML (ours: `output.html`; API clients ignore it).
    Generating {
        values: Vec<Value>,
        html: BTreeMap<ComponentId, String>,
        first: bool,
    },
    Completed {
        result: Result<EventOutcome, EventError>,
        duration: f64,
        average: f64,
    },
    /// The event was cancelled.
    Cancelled,
}

/// One `data: <json>\n\n` frame.
pub(crate) fn frame(value: &impl Serialize) -> Bytes {
    let mut out = Vec::with_capacity(128);
    write_frame(&mut out, value);
    Bytes::from(out)
}

/// Appends one `data: <json>\n\n` frame to `out`. Messages are serialised straight from
/// borrowed structs: no intermediate `serde_json::Value` trees on the hot path.
pub(crate) fn write_frame(out: &mut Vec<u8>, value: &impl Serialize) {
    out.extend_from_slice(b"data: ");
    // Serialising these types into memory cannot fail (all map keys are strings or numbers).
    let _ = serde_json::to_writer(&mut *out, value);
    out.extend_from_slice(b"\n\n");
}

/// A success `output`: `data` plus Gradio's bookkeeping, and ours (`updates`, `html`).
#[derive(Serialize)]
pub(crate) struct SuccessOutput<'a> {
    data: &'a [Value],
    is_generating: bool,
    duration: Option<f64>,
    average_duration: Option<f64>,
    render_config: (),
    changed_state_ids: &'a [ComponentId],
    #[serde(skip_serializing_if = "is_empty")]
    updates: Option<&'a BTreeMap<ComponentId, Value>>,
    #[serde(skip_serializing_if = "is_empty")]
    html: Option<&'a BTreeMap<ComponentId, String>>,
}

fn is_empty<V>(map: &Option<&BTreeMap<ComponentId, V>>) -> bool {
    map.is_none_or(|m| m.is_empty())
}

impl<'a> SuccessOutput<'a> {
    /// The final output of a finished event.
    pub(crate) fn completed(outcome: &'a EventOutcome, duration: f64, average: f64) -> Self {
        SuccessOutput {
            data: &outcome.outputs,
            is_generating: false,
            duration: Some(duration),
            average_duration: Some(average),
            render_config: (),
            changed_state_ids: &outcome.changed_state_ids,
            updates: Some(&outcome.updates),
            html: Some(&outcome.html),
        }
    }

    fn generating(data: &'a [Value], html: &'a BTreeMap<ComponentId, String>) -> Self {
        SuccessOutput {
            data,
            is_generating: true,
            duration: None,
            average_duration: None,
            render_config: (),
            changed_state_ids: &[],
            updates: None,
            html: Some(html),
        }
    }
}

/// Gradio's failure output: only `error`, `duration`, `visible`, `title` (gradio_client
/// rejects other keys).
#[derive(Serialize)]
pub(crate) struct FailureOutput {
    error: String,
    duration: u32,
    visible: bool,
    title: &'static str,
}

impl FailureOutput {
    /// The failure output for an error; its message is what the client shows.
    pub(crate) fn new(err: &EventError) -> Self {
        FailureOutput {
            error: err.to_string(),
            duration: 10,
            visible: true,
            title: "Error",
        }
    }
}

/// Later `process_generating` outputs: per output, one `replace` edit with the full value.
pub(crate) struct ReplaceEdits<'a>(&'a [Value]);

impl Serialize for ReplaceEdits<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|value| [("replace", [(); 0], value)]))
    }
}

/// The `output` of a `process_generating` message.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum GeneratingOutput<'a> {
    First(SuccessOutput<'a>),
    Edits {
        data: ReplaceEdits<'a>,
        is_generating: bool,
        duration: (),
        average_duration: (),
        render_config: (),
        changed_state_ids: [(); 0],
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        html: &'a BTreeMap<ComponentId, String>,
    },
}

/// The `output` of a `process_completed` message.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum CompletedOutput<'a> {
    Success(SuccessOutput<'a>),
    Failure(FailureOutput),
    Cancelled {},
}

/// One message on `/queue/data`, as Gradio's `msg` objects.
#[derive(Serialize)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub(crate) enum QueueMessage<'a> {
    Estimation {
        event_id: &'a str,
        rank: usize,
        queue_size: usize,
        rank_eta: (),
    },
    ProcessStarts {
        event_id: &'a str,
        eta: (),
    },
    Progress {
        event_id: &'a str,
        progress_data: [&'a ProgressUpdate; 1],
    },
    Log {
        event_id: &'a str,
        log: &'a str,
        level: LogLevel,
        duration: f64,
        visible: bool,
        title: &'static str,
    },
    ProcessGenerating {
        event_id: &'a str,
        success: bool,
        time_limit: (),
        output: GeneratingOutput<'a>,
    },
    ProcessCompleted {
        event_id: &'a str,
        success: bool,
        title: Option<&'static str>,
        output: CompletedOutput<'a>,
    },
    Heartbeat {
        event_id: (),
    },
    CloseStream {
        event_id: (),
    },
    UnexpectedError {
        event_id: (),
        message: &'static str,
        session_not_found: bool,
        success: bool,
    },
}

impl<'a> QueueMessage<'a> {
    /// The `/queue/data` message for what an event reported.
    pub(crate) fn of(event_id: &'a str, message: &'a EventMessage) -> Self {
        match message {
            EventMessage::Estimation { rank, queue_size } => QueueMessage::Estimation {
                event_id,
                rank: *rank,
                queue_size: *queue_size,
                rank_eta: (),
            },
            EventMessage::Starts => QueueMessage::ProcessStarts { event_id, eta: () },
            EventMessage::Progress(p) => QueueMessage::Progress {
                event_id,
                progress_data: [p],
            },
            EventMessage::Log { level, message } => QueueMessage::Log {
                event_id,
                log: message,
                level: *level,
                duration: 10.0,
                visible: true,
                title: match level {
                    LogLevel::Info => "Info",
                    LogLevel::Warning => "Warning",
                    LogLevel::Success => "Success",
                },
            },
            EventMessage::Generating {
                values,
                html,
                first,
            } => QueueMessage::ProcessGenerating {
                event_id,
                success: true,
                time_limit: (),
                output: if *first {
                    GeneratingOutput::First(SuccessOutput::generating(values, html))
                } else {
                    GeneratingOutput::Edits {
                        data: ReplaceEdits(values),
                        is_generating: true,
                        duration: (),
                        average_duration: (),
                        render_config: (),
                        changed_state_ids: [],
                        html,
                    }
                },
            },
            EventMessage::Completed {
                result: Ok(outcome),
                duration,
                average,
            } => QueueMessage::ProcessCompleted {
                event_id,
                success: true,
                title: None,
                output: CompletedOutput::Success(SuccessOutput::completed(
                    outcome, *duration, *average,
                )),
            },
            EventMessage::Completed {
                result: Err(err), ..
            } => QueueMessage::ProcessCompleted {
                event_id,
                success: false,
                title: Some("Error"),
                output: CompletedOutput::Failure(FailureOutput::new(err)),
            },
            EventMessage::Cancelled => QueueMessage::ProcessCompleted {
                event_id,
                success: true,
                title: None,
                output: CompletedOutput::Cancelled {},
            },
        }
    }

    /// `heartbeat`: the stream is alive.
    pub(crate) const HEARTBEAT: QueueMessage<'static> = QueueMessage::Heartbeat { event_id: () };

    /// `close_stream`: the session has no pending events; the last frame.
    pub(crate) const CLOSE_STREAM: QueueMessage<'static> =
        QueueMessage::CloseStream { event_id: () };

    /// `unexpected_error`: the stream cannot be served.
    pub(crate) fn unexpected(message: &'static str, session_not_found: bool) -> Self {
        QueueMessage::UnexpectedError {
            event_id: (),
            message,
            session_not_found,
            success: false,
        }
    }
}

/// The frame of a message on the curl stream, if it appears there: `(is_last, frame)`.
pub(crate) fn curl_frame_of(message: &EventMessage) -> Option<(bool, Bytes)> {
    match message {
        EventMessage::Generating { values, .. } => Some((false, curl_frame("generating", values))),
        EventMessage::Completed { result: Ok(o), .. } => {
            Some((true, curl_frame("complete", &o.outputs)))
        }
        EventMessage::Completed { result: Err(e), .. } => {
            Some((true, curl_frame("error", &FailureOutput::new(e))))
        }
        EventMessage::Cancelled => {
            Some((true, curl_frame("error", &Cancelled { error: "cancelled" })))
        }
        _ => None,
    }
}

#[derive(Serialize)]
struct Cancelled {
    error: &'static str,
}

/// An `event: <name>\ndata: <json>\n\n` frame for the curl stream.
pub(crate) fn curl_frame(event: &str, data: &impl Serialize) -> Bytes {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"event: ");
    out.extend_from_slice(event.as_bytes());
    out.extend_from_slice(b"\ndata: ");
    let _ = serde_json::to_writer(&mut out, data);
    out.extend_from_slice(b"\n\n");
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(message: &QueueMessage<'_>) -> Value {
        let bytes = frame(message);
        let text = std::str::from_utf8(&bytes).expect("UTF-8");
        let json = text
            .strip_prefix("data: ")
            .and_then(|t| t.strip_suffix("\n\n"))
            .expect("one data frame");
        serde_json::from_str(json).expect("JSON")
    }

    #[test]
    fn completed_success_has_gradios_keys_and_ours_only_when_set() {
        let mut outcome = EventOutcome {
            outputs: vec![json!("hi"), Value::Null],
            changed_state_ids: vec![ComponentId(3)],
            ..EventOutcome::default()
        };
        let message = EventMessage::Completed {
            result: Ok(outcome.clone()),
            duration: 0.5,
            average: 0.25,
        };
        assert_eq!(
            parsed(&QueueMessage::of("e1", &message)),
            json!({"msg": "process_completed", "event_id": "e1", "success": true, "title": null,
                   "output": {"data": ["hi", null], "is_generating": false, "duration": 0.5,
                              "average_duration": 0.25, "render_config": null,
                              "changed_state_ids": [3]}})
        );
        outcome.updates.insert(ComponentId(4), json!(7));
        outcome.html.insert(ComponentId(5), "<p>x</p>".into());
        let message = EventMessage::Completed {
            result: Ok(outcome),
            duration: 0.5,
            average: 0.25,
        };
        let output = &parsed(&QueueMessage::of("e1", &message))["output"];
        assert_eq!(output["updates"], json!({"4": 7}));
        assert_eq!(output["html"], json!({"5": "<p>x</p>"}));
    }

    #[test]
    fn a_failure_carries_only_the_keys_gradio_client_accepts() {
        let message = EventMessage::Completed {
            result: Err(EventError::Handler(crate::event::HandlerError {
                message: "boom".into(),
            })),
            duration: 0.1,
            average: 0.1,
        };
        assert_eq!(
            parsed(&QueueMessage::of("e2", &message)),
            json!({"msg": "process_completed", "event_id": "e2", "success": false,
                   "title": "Error",
                   "output": {"error": "boom", "duration": 10, "visible": true, "title": "Error"}})
        );
    }

    #[test]
    fn streaming_sends_full_values_first_then_replace_edits() {
        let first = EventMessage::Generating {
            values: vec![json!("a")],
            html: BTreeMap::new(),
            first: true,
        };
        let later = EventMessage::Generating {
            values: vec![json!("ab")],
            html: BTreeMap::from([(ComponentId(1), "<p>ab</p>".to_owned())]),
            first: false,
        };
        assert_eq!(
            parsed(&QueueMessage::of("e", &first))["output"]["data"],
            json!(["a"])
        );
        let later = parsed(&QueueMessage::of("e", &later));
        assert_eq!(later["output"]["data"], json!([[["replace", [], "ab"]]]));
        assert_eq!(later["output"]["html"], json!({"1": "<p>ab</p>"}));
        assert_eq!(later["output"]["is_generating"], true);
        assert_eq!(later["msg"], "process_generating");
    }

    #[test]
    fn the_small_messages() {
        assert_eq!(
            parsed(&QueueMessage::of(
                "e",
                &EventMessage::Estimation {
                    rank: 1,
                    queue_size: 2
                }
            )),
            json!({"msg": "estimation", "event_id": "e", "rank": 1, "queue_size": 2,
                   "rank_eta": null})
        );
        assert_eq!(
            parsed(&QueueMessage::of("e", &EventMessage::Starts)),
            json!({"msg": "process_starts", "event_id": "e", "eta": null})
        );
        assert_eq!(
            parsed(&QueueMessage::CLOSE_STREAM),
            json!({"msg": "close_stream", "event_id": null})
        );
        assert_eq!(
            parsed(&QueueMessage::of("e", &EventMessage::Cancelled)),
            json!({"msg": "process_completed", "event_id": "e", "success": true, "title": null,
                   "output": {}})
        );
        let log = EventMessage::Log {
            level: LogLevel::Warning,
            message: "careful".into(),
        };
        assert_eq!(
            parsed(&QueueMessage::of("e", &log)),
            json!({"msg": "log", "event_id": "e", "log": "careful", "level": "warning",
                   "duration": 10.0, "visible": true, "title": "Warning"})
        );
    }

    #[test]
    fn curl_frames() {
        let done = EventMessage::Completed {
            result: Ok(EventOutcome {
                outputs: vec![json!(1)],
                ..EventOutcome::default()
            }),
            duration: 0.0,
            average: 0.0,
        };
        let (last, bytes) = curl_frame_of(&done).expect("a frame");
        assert!(last);
        assert_eq!(&bytes[..], b"event: complete\ndata: [1]\n\n");
        assert!(curl_frame_of(&EventMessage::Starts).is_none());
    }
}
