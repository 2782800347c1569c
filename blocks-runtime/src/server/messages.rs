//! What an event reports while it runs, and how it is framed on `/queue/data` (Gradio's
//! `msg` objects) and on the curl stream (`event:` + `data:` pairs).

use bytes::Bytes;
use serde_json::{json, Map, Value};

use crate::event::{EventError, EventOutcome, LogLevel, ProgressUpdate};

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
    /// Intermediate values; `first` carries full values, later ones replace-edits.
    Generating {
        values: Vec<Value>,
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
pub(crate) fn frame(value: &Value) -> Bytes {
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"data: ");
    // Serialising a `Value` cannot fail.
    let _ = serde_json::to_writer(&mut out, value);
    out.extend_from_slice(b"\n\n");
    Bytes::from(out)
}

fn success_output(
    outcome: &EventOutcome,
    is_generating: bool,
    duration: f64,
    average: f64,
) -> Value {
    let mut output = json!({
        "data": outcome.outputs,
        "is_generating": is_generating,
        "duration": duration,
        "average_duration": average,
        "render_config": null,
        "changed_state_ids": outcome.changed_state_ids,
    });
    if !outcome.html.is_empty() {
        let html: Map<String, Value> = outcome
            .html
            .iter()
            .map(|(id, h)| (id.to_string(), Value::String(h.clone())))
            .collect();
        output["html"] = Value::Object(html);
    }
    if !outcome.updates.is_empty() {
        let updates: Map<String, Value> = outcome
            .updates
            .iter()
            .map(|(id, v)| (id.to_string(), v.clone()))
            .collect();
        output["updates"] = Value::Object(updates);
    }
    output
}

/// Gradio's failure output: only `error`, `duration`, `visible`, `title` (gradio_client
/// rejects other keys).
pub(crate) fn failure_output(err: &EventError) -> Value {
    json!({"error": err.to_string(), "duration": 10, "visible": true, "title": "Error"})
}

/// The message as Gradio's `/queue/data` JSON.
pub(crate) fn queue_json(event_id: &str, message: &EventMessage) -> Value {
    match message {
        EventMessage::Estimation { rank, queue_size } => json!({
            "msg": "estimation", "event_id": event_id, "rank": rank,
            "queue_size": queue_size, "rank_eta": null,
        }),
        EventMessage::Starts => json!({"msg": "process_starts", "event_id": event_id, "eta": null}),
        EventMessage::Progress(p) => json!({
            "msg": "progress", "event_id": event_id, "progress_data": [p],
        }),
        EventMessage::Log { level, message } => {
            let title = match level {
                LogLevel::Info => "Info",
                LogLevel::Warning => "Warning",
                LogLevel::Success => "Success",
            };
            json!({
                "msg": "log", "event_id": event_id, "log": message, "level": level,
                "duration": 10.0, "visible": true, "title": title,
            })
        }
        EventMessage::Generating { values, first } => {
            let data: Vec<Value> = if *first {
                values.clone()
            } else {
                values.iter().map(|v| json!([["replace", [], v]])).collect()
            };
            json!({
                "msg": "process_generating", "event_id": event_id, "success": true,
                "time_limit": null,
                "output": {"data": data, "is_generating": true, "duration": null,
                           "average_duration": null, "render_config": null, "changed_state_ids": []},
            })
        }
        EventMessage::Completed {
            result: Ok(outcome),
            duration,
            average,
        } => json!({
            "msg": "process_completed", "event_id": event_id, "success": true, "title": null,
            "output": success_output(outcome, false, *duration, *average),
        }),
        EventMessage::Completed {
            result: Err(err), ..
        } => json!({
            "msg": "process_completed", "event_id": event_id, "success": false, "title": "Error",
            "output": failure_output(err),
        }),
        EventMessage::Cancelled => json!({
            "msg": "process_completed", "event_id": event_id, "success": true, "output": {},
        }),
    }
}

/// The message on the curl stream, if it appears there: `(event name, data)`.
pub(crate) fn curl_event(message: &EventMessage) -> Option<(&'static str, Value)> {
    match message {
        EventMessage::Generating { values, .. } => {
            Some(("generating", Value::from(values.clone())))
        }
        EventMessage::Completed { result: Ok(o), .. } => {
            Some(("complete", Value::from(o.outputs.clone())))
        }
        EventMessage::Completed { result: Err(e), .. } => Some(("error", failure_output(e))),
        EventMessage::Cancelled => Some(("error", json!({"error": "cancelled"}))),
        _ => None,
    }
}

/// An `event: <name>\ndata: <json>\n\n` frame for the curl stream.
pub(crate) fn curl_frame(event: &str, data: &Value) -> Bytes {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"event: ");
    out.extend_from_slice(event.as_bytes());
    out.extend_from_slice(b"\ndata: ");
    let _ = serde_json::to_writer(&mut out, data);
    out.extend_from_slice(b"\n\n");
    Bytes::from(out)
}
