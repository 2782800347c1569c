//! `Slider`: a number picked on a range. Value: `f64`.

use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// A slider over `minimum..=maximum`. Value: `f64`. Events: change and input (both live
/// while dragging), release (when the drag ends).
///
/// ```
/// use blocks_runtime::component::Slider;
/// let s = Slider::new(0.0, 10.0).step(0.5).value(2.0);
/// assert_eq!(s.props().get("maximum"), Some(&serde_json::json!(10.0)));
/// ```
#[derive(Debug, Clone)]
pub struct Slider {
    props: Props,
}

impl Slider {
    /// A slider from `minimum` to `maximum`, starting at `minimum`.
    pub fn new(minimum: f64, maximum: f64) -> Self {
        let mut props = Props::with_defaults("slider");
        props.set("minimum", minimum);
        props.set("maximum", maximum);
        props.set("step", 1.0);
        props.set("value", minimum);
        Slider { props }
    }
    /// The initial value.
    pub fn value(mut self, value: f64) -> Self {
        self.props.set("value", value);
        self
    }
    /// The step between values.
    pub fn step(mut self, step: f64) -> Self {
        self.props.set("step", step);
        self
    }
}

common_props!(Slider);
wire_component!(
    Slider, value: f64, name: "Slider", kind: "slider",
    expects: "a number", python_type: "float",
    schema: json!({"type": "number"}), example: json!(0),
);

crate::component::events::events!(Slider: HasChange, HasInput, Releasable);
