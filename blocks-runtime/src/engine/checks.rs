//! Checks made before an event is queued, so a bad value is refused with a 422 at once.

use serde_json::Value;

use super::EventError;
use crate::app::{App, DependencyId};
use crate::component::Role;
use crate::event::input::{InputError, InputSource};

impl App {
    /// Checks a client's input values for a dependency before it is queued: enough values, and
    /// each page component's value of its JSON type (state values are ignored, `null` is an
    /// empty component). The error names the input and the expected type.
    pub(crate) fn check_inputs(
        &self,
        dependency: DependencyId,
        data: &[Value],
    ) -> Result<(), EventError> {
        let def = &self.def;
        let dep = def
            .dependency(dependency)
            .ok_or(EventError::UnknownDependency(dependency.0))?;
        let expected = dep.wire_inputs().count();
        if data.len() < expected {
            return Err(InputError::Missing {
                expected,
                got: data.len(),
            }
            .into());
        }
        let mut position = 0;
        let mut values = data.iter();
        for source in &dep.inputs {
            let InputSource::Component(id) = source else {
                position += 1;
                continue;
            };
            let value = values.next().unwrap_or(&Value::Null);
            let Some(record) = def.component(*id) else {
                continue;
            };
            // A sealed kind's page value is a token, opened (and checked) when the event runs.
            if let (Role::Wire { expects }, Some(validate), false) = (
                &record.spec.role,
                record.spec.validate,
                record.spec.page.sealed(),
            ) {
                // An empty component (`null`) is no wrong type: an `Option` parameter takes
                // it as `None`, and any other says so when it is read.
                if value.is_null() {
                    position += 1;
                    continue;
                }
                let checked = if record.spec.page.refuses() {
                    let files = crate::media::FileScope::new(&def.files, None);
                    let cx = crate::component::PageContext::new(&record.spec.props, &def.sealer)
                        .with_files(files);
                    (record.spec.page.from_page)(value.clone(), &cx)
                        .and_then(|value| validate(&value))
                } else {
                    validate(value)
                };
                if let Err(detail) = checked {
                    return Err(InputError::WrongType {
                        parameter: dep
                            .parameter_names
                            .get(position)
                            .cloned()
                            .unwrap_or_else(|| format!("param_{position}"))
                            .into(),
                        position,
                        component: record.spec.name,
                        id: *id,
                        label: record.spec.props.label().map(Into::into),
                        expected: expects,
                        got: crate::component::wire::describe(value),
                        detail: detail.into(),
                    }
                    .into());
                }
            }
            position += 1;
        }
        Ok(())
    }
}
