//! `Dropdown`: pick one (`Dropdown<Single>`, value `String`) or several (`Dropdown<Multi>`,
//! value `Vec<String>`) from a list.

use std::marker::PhantomData;

use serde_json::json;

use crate::component::checkbox_group::choice_pairs;
use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// Marker: a dropdown that selects one choice (value `String`).
#[derive(Debug, Clone, Copy)]
pub struct Single;
/// Marker: a dropdown that selects several choices (value `Vec<String>`).
#[derive(Debug, Clone, Copy)]
pub struct Multi;

/// A dropdown list. `Dropdown::new(..)` selects one (`String`); `.multiselect()` turns it into
/// a `Dropdown<Multi>` whose value is `Vec<String>`. Events: change, input, select, focus, blur.
///
/// ```
/// use blocks_runtime::component::{Dropdown, Multi};
/// let tags: Dropdown<Multi> = Dropdown::new(["a", "b", "c"]).multiselect().value(["a"]);
/// assert_eq!(tags.props().get("multiselect"), Some(&serde_json::json!(true)));
/// ```
#[derive(Debug, Clone)]
pub struct Dropdown<M = Single> {
    props: Props,
    _mode: PhantomData<M>,
}

impl Dropdown<Single> {
    /// A single-choice dropdown with these choices.
    pub fn new<S: Into<String>>(choices: impl IntoIterator<Item = S>) -> Self {
        let mut props = Props::with_defaults("dropdown");
        props.set("choices", choice_pairs(choices));
        props.set("multiselect", false);
        Dropdown {
            props,
            _mode: PhantomData,
        }
    }
    /// The choice selected at first.
    pub fn value(mut self, choice: impl Into<String>) -> Self {
        self.props.set("value", choice.into());
        self
    }
    /// Lets the user select several choices; the value becomes `Vec<String>`.
    pub fn multiselect(mut self) -> Dropdown<Multi> {
        self.props.set("multiselect", true);
        self.props.set("value", Vec::<String>::new());
        Dropdown {
            props: self.props,
            _mode: PhantomData,
        }
    }
}

impl Dropdown<Multi> {
    /// The choices selected at first.
    pub fn value<S: Into<String>>(mut self, chosen: impl IntoIterator<Item = S>) -> Self {
        let chosen: Vec<String> = chosen.into_iter().map(Into::into).collect();
        self.props.set("value", chosen);
        self
    }
}

impl<M> Dropdown<M> {
    /// Whether the user may type a value that is not among the choices.
    pub fn allow_custom_value(mut self, allow: bool) -> Self {
        self.props.set("allow_custom_value", allow);
        self
    }
}

common_props!(Dropdown<Single>);
common_props!(Dropdown<Multi>);
wire_component!(
    Dropdown<Single>, value: String, name: "Dropdown", kind: "dropdown",
    expects: "a string", python_type: "str",
    schema: json!({"type": "string"}), example: json!(""),
);
wire_component!(
    Dropdown<Multi>, value: Vec<String>, name: "Dropdown", kind: "dropdown",
    expects: "a list of strings", python_type: "list[str]",
    schema: json!({"type": "array", "items": {"type": "string"}}), example: json!([]),
    cleared: json!([]),
);

crate::component::wire::str_output!(Dropdown<Single>);

crate::component::events::events!(Dropdown<Single>: HasChange, HasInput, Selectable, HasBlur, HasFocus);
crate::component::events::events!(Dropdown<Multi>: HasChange, HasInput, Selectable, HasBlur, HasFocus);
