//! One dependency run: gather its inputs (wire values, remembered values, states, sealed
//! BrowserState tokens, pseudo-inputs), call the handler, write its outputs.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use serde_json::Value;

use super::drive::drive;
use super::error::panicked;
use super::outputs::{render_html, Writer};
use super::run::{Data, Step};
use super::EventError;
use crate::app::{AppDef, ComponentRecord, DependencyId};
use crate::component::codec::ComponentInput;
use crate::component::PageContext;
use crate::component::{ComponentId, Role};
use crate::event::input::{InputError, InputSource, InputValue, RawInputs};
use crate::event::pseudo::{Progress, Reporter, Request, RequestInfo};
use crate::session::{hash_json, Session};

/// Runs one dependency on the states its event claimed (`entries`): read inputs, call the
/// handler, apply its outputs.
pub(super) async fn run_dependency(
    def: &AppDef,
    session: &Arc<Session>,
    id: DependencyId,
    data: Data,
    info: &Arc<RequestInfo>,
    reporter: &Reporter,
    entries: &BTreeMap<ComponentId, crate::session::StateEntry>,
) -> Result<Step, EventError> {
    let dep = def
        .dependency(id)
        .ok_or(EventError::UnknownDependency(id.0))?;

    // Only the states this dependency touches count for its change detection (the event's
    // claim may hold more, for the listeners it sets off).
    let touched = &def.states_of(id).own;
    let hash_states = |entries: &BTreeMap<ComponentId, crate::session::StateEntry>| {
        touched
            .iter()
            .filter_map(|id| {
                let hasher = def.component(*id)?.state_hasher.as_ref()?;
                Some((*id, hasher(&entries.get(id)?.slot)?))
            })
            .collect::<BTreeMap<ComponentId, u64>>()
    };
    let before = hash_states(entries);

    // Inputs.
    let component_inputs = dep.wire_inputs().count();
    let mut wire = match data {
        Data::Wire(values) => {
            if values.len() < component_inputs {
                return Err(InputError::Missing {
                    expected: component_inputs,
                    got: values.len(),
                }
                .into());
            }
            Some(values.into_iter())
        }
        Data::Remembered => None,
    };
    let mut values = Vec::with_capacity(dep.inputs.len());
    for (position, source) in dep.inputs.iter().enumerate() {
        match source {
            InputSource::Component(cid) => {
                let record = def
                    .component(*cid)
                    .ok_or_else(|| InputError::Internal(format!("no component #{cid}")))?;
                let sent = wire.as_mut().and_then(Iterator::next);
                match &record.spec.role {
                    Role::State(_) => {
                        let entry = entries.get(cid).ok_or_else(|| {
                            InputError::Internal(format!("state #{cid} was not locked"))
                        })?;
                        values.push(InputValue::Component(ComponentInput::State(Arc::clone(
                            &entry.slot,
                        ))));
                    }
                    Role::Wire { .. } | Role::Button => {
                        let initial = || record.spec.initial.clone().unwrap_or(Value::Null);
                        let value = match sent {
                            // Not sent (a server-run listener): the last value the server
                            // knows, else the component's default.
                            None => session.remembered(*cid).unwrap_or_else(initial),
                            // An empty page component reaches the handler as it is (`None`
                            // for an `Option` parameter), as in Gradio; never its default.
                            Some(Value::Null)
                                if matches!(record.spec.role, Role::Wire { .. })
                                    && !record.spec.page.sealed() =>
                            {
                                Value::Null
                            }
                            // No stored BrowserState value (or a button): the default.
                            Some(Value::Null) => initial(),
                            Some(sent) if record.spec.page.refuses() => {
                                let name = dep.parameter_names.get(position).map(String::as_str);
                                refused_page_value(
                                    def, session, record, name, position, *cid, sent,
                                )?
                            }
                            Some(sent) => from_page(def, record, sent).unwrap_or_else(initial),
                        };
                        if def.remembered.contains(cid) {
                            session.remember(*cid, value.clone());
                        }
                        if def.is_watched(*cid) {
                            let initial = record.spec.initial.as_ref().map(hash_json);
                            session.update_hash(*cid, hash_json(&value), initial.unwrap_or(0));
                        }
                        values.push(InputValue::Component(ComponentInput::Json(value)));
                    }
                    Role::Layout => {
                        return Err(InputError::Internal(format!(
                            "layout block #{cid} cannot be an input"
                        ))
                        .into())
                    }
                }
            }
            InputSource::Request => {
                values.push(InputValue::Request(Request {
                    session: session.id().clone(),
                    info: Arc::clone(info),
                }));
            }
            InputSource::Progress => {
                values.push(InputValue::Progress(Progress {
                    reporter: Arc::clone(reporter),
                }));
            }
        }
    }

    // Call.
    let handler_name = dep.api_name.as_str();
    let raw = RawInputs::new(values, Arc::clone(&dep.contexts));
    let invocation = std::panic::catch_unwind(AssertUnwindSafe(|| dep.handler.invoke(raw)))
        .map_err(|payload| panicked(handler_name, payload))??;
    let ran = call(
        def,
        session,
        dep.outputs.as_slice(),
        handler_name,
        &dep.offload,
        entries,
        invocation,
        reporter,
        info.root_url.as_deref(),
    )
    .await;
    let (outputs, mut changed, html) = ran?;
    let after = hash_states(entries);
    let mut changed_states = Vec::new();
    for (id, hash) in after {
        if before.get(&id) != Some(&hash) {
            changed_states.push(id);
            changed.insert(id);
        }
    }
    Ok(Step {
        outputs,
        changed,
        changed_states,
        html,
    })
}

/// What one handler call wrote: the outputs of its last step, the components it changed, and
/// the HTML of its outputs shown as HTML.
type Written = (
    Vec<Value>,
    BTreeSet<ComponentId>,
    BTreeMap<ComponentId, String>,
);

/// Drives the handler's invocation and writes its outputs.
#[allow(clippy::too_many_arguments)]
async fn call(
    def: &AppDef,
    session: &Arc<Session>,
    outputs: &[ComponentId],
    handler_name: &str,
    offload: &crate::event::offload::Offload,
    entries: &BTreeMap<ComponentId, crate::session::StateEntry>,
    invocation: crate::event::handler::Invocation,
    reporter: &Reporter,
    root_url: Option<&str>,
) -> Result<Written, EventError> {
    let mut writer = Writer {
        def,
        session,
        outputs,
        entries,
        handler: handler_name,
        changed: BTreeSet::new(),
        last: None,
        rendered: BTreeMap::new(),
        root_url,
    };
    drive(invocation, &mut writer, reporter, handler_name, offload).await?;
    let outputs = writer
        .last
        .take()
        .unwrap_or_else(|| vec![Value::Null; outputs.len()]);
    let html = render_html(def, handler_name, writer.rendered).await?;
    Ok((outputs, writer.changed, html))
}

/// The page's value through the page hook of a kind that refuses bad values (file kinds): a
/// refusal is the client's error, naming the component.
fn refused_page_value(
    def: &AppDef,
    session: &Arc<Session>,
    record: &ComponentRecord,
    parameter: Option<&str>,
    position: usize,
    id: crate::component::ComponentId,
    sent: Value,
) -> Result<Value, InputError> {
    let files = crate::media::FileScope::new(&def.files, Some(session.id()));
    let cx = PageContext::new(&record.spec.props, &def.sealer).with_files(files);
    let got = crate::component::wire::describe(&sent);
    (record.spec.page.from_page)(sent, &cx).map_err(|detail| InputError::WrongType {
        parameter: parameter
            .map(str::to_owned)
            .unwrap_or_else(|| format!("param_{position}"))
            .into(),
        position,
        component: record.spec.name,
        id,
        label: record.spec.props.label().map(Into::into),
        expected: match record.spec.role {
            Role::Wire { expects } => expects,
            _ => "a file",
        },
        got,
        detail: detail.into(),
    })
}

/// The page's value through the kind's page hook (a `BrowserState` token is opened there);
/// `None` (logged) when the hook refuses it.
fn from_page(def: &AppDef, record: &ComponentRecord, sent: Value) -> Option<Value> {
    let cx = PageContext::new(&record.spec.props, &def.sealer);
    (record.spec.page.from_page)(sent, &cx)
        .map_err(|err| {
            tracing::warn!(
                component = %record.spec.name, %err,
                "the page's value was refused; the handler gets the default"
            );
        })
        .ok()
}
