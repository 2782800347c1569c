//! Stored states: with a session store, an event loads the values of the stored states it
//! touches before its handler runs and saves them after (see [`crate::session::SessionStore`]).
//! Without one, nothing here runs.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::app::AppDef;
use crate::component::state::StateCodec;
use crate::component::{ComponentId, Role};
use crate::engine::EventError;
use crate::session::{Session, StateEntry};

fn codec(def: &AppDef, id: ComponentId) -> Option<&StateCodec> {
    match &def.component(id)?.spec.role {
        Role::State(factory) => factory.codec.as_ref(),
        _ => None,
    }
}

/// The touched states a store keeps, if the app has a store.
pub(super) fn stored_states(
    def: &AppDef,
    entries: &BTreeMap<ComponentId, StateEntry>,
) -> Vec<ComponentId> {
    if def.store.is_none() {
        return Vec::new();
    }
    entries
        .keys()
        .copied()
        .filter(|id| codec(def, *id).is_some())
        .collect()
}

/// Loads the stored values of `states` into the session's slots. A value that no longer
/// decodes (the app changed the state's type) is logged and the slot keeps its value.
pub(super) async fn load(
    def: &AppDef,
    session: &Session,
    entries: &BTreeMap<ComponentId, StateEntry>,
    states: &[ComponentId],
) -> Result<(), EventError> {
    let Some(store) = &def.store else {
        return Ok(());
    };
    if states.is_empty() {
        return Ok(());
    }
    for (id, json) in store.load(session.id(), states).await? {
        if let (Some(entry), Some(codec)) = (entries.get(&id), codec(def, id)) {
            if let Err(err) = (codec.decode)(&entry.slot, json) {
                tracing::warn!(session = %session.id(), state = %id, %err, "a stored state value no longer decodes; the session keeps its current value");
            }
        }
    }
    Ok(())
}

/// Saves the values of `states` from the session's slots.
pub(super) async fn save(
    def: &AppDef,
    session: &Session,
    entries: &BTreeMap<ComponentId, StateEntry>,
    states: &[ComponentId],
    ttl: Duration,
) -> Result<(), EventError> {
    let Some(store) = &def.store else {
        return Ok(());
    };
    if states.is_empty() {
        return Ok(());
    }
    let values = states
        .iter()
        .filter_map(|id| {
            let json = (codec(def, *id)?.encode)(&entries.get(id)?.slot)?;
            Some((*id, json))
        })
        .collect();
    store.save(session.id(), values, ttl).await?;
    Ok(())
}
