//! The change cascade: `.change` listeners run on the server, in rounds, until values settle
//! (or a cycle is reported).

use std::collections::BTreeSet;
use std::sync::Arc;

use super::claim::Claim;
use super::request::{EventOutcome, MAX_CHANGE_ROUNDS};
use super::run::Data;
use super::step::run_dependency;
use super::EventError;
use crate::app::{App, DependencyId};
use crate::component::{ComponentId, Role};
use crate::event::pseudo::{Reporter, RequestInfo};
use crate::session::Session;

impl App {
    pub(super) async fn cascade(
        &self,
        session: &Arc<Session>,
        claim: &Claim,
        mut changed: BTreeSet<ComponentId>,
        info: &Arc<RequestInfo>,
        reporter: &Reporter,
        outcome: &mut EventOutcome,
    ) -> Result<(), EventError> {
        let def = &self.def;
        let mut rounds = 0;
        while !changed.is_empty() {
            let listeners: BTreeSet<DependencyId> = changed
                .iter()
                .filter_map(|id| def.change_listeners.get(id))
                .flatten()
                .copied()
                .collect();
            if listeners.is_empty() {
                break;
            }
            rounds += 1;
            if rounds > MAX_CHANGE_ROUNDS {
                return Err(EventError::ChangeCycle {
                    listeners: listeners
                        .iter()
                        .filter_map(|l| def.dependency(*l).map(|d| d.api_name.clone()))
                        .collect(),
                });
            }
            let mut next = BTreeSet::new();
            for listener in listeners {
                let result = run_dependency(
                    def,
                    session,
                    listener,
                    Data::Remembered,
                    info,
                    reporter,
                    claim.entries(),
                )
                .await;
                outcome.listeners.push(listener);
                match result {
                    Ok(step) => {
                        if let Some(dep) = def.dependency(listener) {
                            for (id, value) in dep.outputs.iter().zip(step.outputs) {
                                let is_state = def
                                    .component(*id)
                                    .is_some_and(|c| matches!(c.spec.role, Role::State(_)));
                                if !is_state {
                                    outcome.updates.insert(*id, value);
                                }
                            }
                        }
                        for id in &step.changed_states {
                            if !outcome.changed_state_ids.contains(id) {
                                outcome.changed_state_ids.push(*id);
                            }
                        }
                        next.extend(step.changed);
                        outcome.html.extend(step.html);
                    }
                    Err(err) => outcome.listener_errors.push((listener, err)),
                }
            }
            changed = next;
        }
        Ok(())
    }
}
