//! Which session states each dependency's events touch, worked out once when the app is built
//! (an event claims them; see the engine's `claim`).

use std::collections::BTreeSet;

use crate::app::model::{AppDef, Dependency, DependencyId};
use crate::component::{ComponentId, Role};

/// The states a dependency touches, sorted: its own, and with the `.change` listeners its
/// events may set off.
#[derive(Debug, Clone, Default)]
pub(crate) struct DependencyStates {
    /// The states it reads or writes itself (for its change detection).
    pub(crate) own: Vec<ComponentId>,
    /// Those, and the states of every listener its writes can reach (for an event that runs
    /// the listeners on the server).
    pub(crate) with_listeners: Vec<ComponentId>,
}

/// The states of every dependency of `def`, by `DependencyId`.
pub(crate) fn of(def: &AppDef) -> Vec<DependencyStates> {
    (0..def.dependencies.len())
        .map(|i| {
            let id = DependencyId(i);
            DependencyStates {
                own: def
                    .dependency(id)
                    .map(|dep| dependency_states(def, dep))
                    .unwrap_or_default(),
                with_listeners: event_states(def, id),
            }
        })
        .collect()
}

fn is_state(def: &AppDef, id: ComponentId) -> bool {
    def.component(id)
        .is_some_and(|r| matches!(r.spec.role, Role::State(_)))
}

/// The states one dependency reads or writes, sorted.
fn dependency_states(def: &AppDef, dep: &Dependency) -> Vec<ComponentId> {
    let mut states: Vec<ComponentId> = dep
        .wire_inputs()
        .chain(dep.outputs.iter().copied())
        .filter(|c| is_state(def, *c))
        .collect();
    states.sort_unstable();
    states.dedup();
    states
}

/// The states an event of `id` may touch: its own, and those of every
/// `.change` listener its writes can reach (a dependency changes its outputs, and the states
/// it reads, in place).
fn event_states(def: &AppDef, id: DependencyId) -> Vec<ComponentId> {
    let Some(dep) = def.dependency(id) else {
        return Vec::new();
    };
    let mut states: BTreeSet<ComponentId> = dependency_states(def, dep).into_iter().collect();
    if def.change_listeners.is_empty() {
        return states.into_iter().collect();
    }
    let changes = |dep: &Dependency| -> Vec<ComponentId> {
        dep.outputs
            .iter()
            .copied()
            .chain(dep.wire_inputs().filter(|c| is_state(def, *c)))
            .collect()
    };
    let mut seen: BTreeSet<DependencyId> = BTreeSet::from([id]);
    let mut frontier = changes(dep);
    while let Some(component) = frontier.pop() {
        for listener in def.change_listeners.get(&component).into_iter().flatten() {
            if !seen.insert(*listener) {
                continue;
            }
            if let Some(dep) = def.dependency(*listener) {
                states.extend(dependency_states(def, dep));
                frontier.extend(changes(dep));
            }
        }
    }
    states.into_iter().collect()
}
