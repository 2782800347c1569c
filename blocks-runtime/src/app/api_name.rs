//! Endpoint names: the rule an explicit `api_name` follows (the `blocks!` macro checks literals
//! with the same rule, in blocks-macros/src/validate.rs), and the names every endpoint gets.

use std::collections::HashMap;

use crate::app::model::{Dependency, DependencyId};

/// The rule, as error messages state it.
pub(crate) const RULE: &str =
    "after an optional leading `/`, it must be non-empty and use only ASCII letters, digits, `_` and `-`";

/// The name as it is served (without the leading `/` that Gradio also accepts), or `None` when
/// it breaks [`RULE`]: anything else would not survive a `/call/{api_name}` URL unescaped.
pub(crate) fn normalize(name: &str) -> Option<&str> {
    let name = name.strip_prefix('/').unwrap_or(name);
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    valid.then_some(name)
}

/// Names every dependency's endpoint. The names set explicitly are taken first, so that
/// they are served as written; a default name then takes the first free `name`, `name_1`, …
pub(super) fn assign(
    dependencies: &mut [Dependency],
) -> Result<HashMap<String, DependencyId>, BuildError> {
    let mut api_names: HashMap<String, DependencyId> = HashMap::new();
    for (i, dep) in dependencies.iter().enumerate() {
        let Some(explicit) = &dep.options.api_name else {
            continue;
        };
        let Some(name) = normalize(explicit) else {
            return Err(BuildError::InvalidApiName {
                name: explicit.clone(),
                rule: RULE,
            });
        };
        if let Some(first) = api_names.get(name) {
            return Err(BuildError::DuplicateApiName {
                name: name.to_owned(),
                first: dependencies[first.0].fn_name.clone(),
                second: dep.fn_name.clone(),
            });
        }
        api_names.insert(name.to_owned(), DependencyId(i));
    }
    for (i, dep) in dependencies.iter_mut().enumerate() {
        if !dep.cancels.is_empty() {
            continue; // A cancel dependency is the page's alone: no endpoint, no name.
        }
        let name = match &dep.options.api_name {
            Some(explicit) => normalize(explicit).unwrap_or(explicit).to_owned(),
            None => {
                let base = &dep.fn_name;
                let mut name = base.clone();
                let mut n = 1;
                while api_names.contains_key(&name) {
                    name = format!("{base}_{n}");
                    n += 1;
                }
                api_names.insert(name.clone(), DependencyId(i));
                name
            }
        };
        dep.api_name = name;
    }
    Ok(api_names)
}

/// Why [`Blocks::try_build`](crate::app::Blocks::try_build) could not finish an app.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Two events were given the same name with [`Event::api_name`](crate::app::Event::api_name).
    #[error(
        "api_name `{name}` is set on two events (handlers `{first}` and `{second}`); \
         api names must be unique: give one of them another `.api_name(..)`"
    )]
    DuplicateApiName {
        /// The name, without a leading `/`.
        name: String,
        /// The handler of the event that set it first.
        first: String,
        /// The handler of the event that set it again.
        second: String,
    },
    /// A handler takes a state as `StateMut<T>` and uses the same state again in that event.
    #[error(
        "the handler `{handler}` takes state #{state} as `StateMut` and again as another \
         parameter; a `StateMut<T>` must be the only use of its state in one event (a second \
         use would wait for its borrow): read the value through the `StateMut`"
    )]
    StateMutShared {
        /// The handler's name.
        handler: String,
        /// The state's id.
        state: crate::component::ComponentId,
    },
    /// An event was given a name that is not a valid endpoint name.
    #[error(
        "api_name `{name}` is not valid: {rule}; rename it, e.g. `my_echo` rather than `my echo`"
    )]
    InvalidApiName {
        /// The name as given.
        name: String,
        /// What a valid name looks like.
        rule: &'static str,
    },
    /// [`Event::cancels`](crate::app::Event::cancels) names an event of another app.
    #[error(
        "`.cancels(..)` names event #{event}, but this app has {count} events: \
         cancel events of the app being built (the `DependencyId` its `Event::id` returns)"
    )]
    UnknownEvent {
        /// The event's id (`fn_index`).
        event: usize,
        /// How many events the app has.
        count: usize,
    },
    /// The session store named by the environment (`BLOCKS_REDIS_URL`) cannot be used.
    #[error("{0}")]
    SessionStore(String),
    /// A session setting in the environment (`BLOCKS_MAX_SESSIONS`,
    /// `BLOCKS_SESSION_TTL_SECS`) is not valid.
    #[error("{0}")]
    SessionSettings(String),
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn a_leading_slash_is_stripped_once() {
        assert_eq!(normalize("/echo"), Some("echo"));
        assert_eq!(normalize("echo-2_b"), Some("echo-2_b"));
        assert_eq!(normalize("//echo"), None);
    }

    #[test]
    fn empty_names_spaces_and_non_ascii_are_invalid() {
        for name in ["", "/", "my echo", "/my echo", "écho", "a/b", "a.b"] {
            assert_eq!(normalize(name), None, "{name:?}");
        }
    }
}
