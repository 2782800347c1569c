//! `Number`: a numeric field. Value: `f64`.

use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// A numeric field. Value: `f64`. Events: change, input, submit, blur, focus.
///
/// ```
/// use blocks_runtime::component::Number;
/// let size = Number::new().label("Cart Size").value(0.0);
/// assert_eq!(size.props().get("value"), Some(&serde_json::json!(0.0)));
/// ```
#[derive(Debug, Clone)]
pub struct Number {
    props: Props,
}

impl Default for Number {
    fn default() -> Self {
        Self::new()
    }
}

impl Number {
    /// An empty number field. Without [`Number::value`] it has no initial value, as in Gradio:
    /// API clients must give it (it advertises no default), and a handler reading it empty gets
    /// `null` (`None` for an `Option<f64>` parameter).
    pub fn new() -> Self {
        let mut props = Props::with_defaults("number");
        props.set("value", serde_json::Value::Null);
        Number { props }
    }
    /// The initial value.
    pub fn value(mut self, value: f64) -> Self {
        self.props.set("value", value);
        self
    }
    /// The smallest value the page accepts.
    pub fn minimum(mut self, min: f64) -> Self {
        self.props.set("minimum", min);
        self
    }
    /// The largest value the page accepts.
    pub fn maximum(mut self, max: f64) -> Self {
        self.props.set("maximum", max);
        self
    }
    /// The step of the arrows.
    pub fn step(mut self, step: f64) -> Self {
        self.props.set("step", step);
        self
    }
    /// Decimal places to round to.
    pub fn precision(mut self, digits: u32) -> Self {
        self.props.set("precision", digits);
        self
    }
}

common_props!(Number);
wire_component!(
    Number, value: f64, name: "Number", kind: "number",
    expects: "a number", python_type: "float",
    schema: json!({"type": "number"}), example: json!(3),
    encode: finite,
);

/// A Number shows finite numbers only: NaN or infinity would reach the page as `null`, a blank
/// field that looks cleared, so it is an output error instead.
fn finite(value: &f64) -> Result<serde_json::Value, String> {
    if value.is_finite() {
        Ok(json!(value))
    } else {
        Err(format!(
            "{value} is not a number a Number can show; return a finite number, or `None` \
             (from an `Option<f64>`) to clear the field"
        ))
    }
}

/// Integers and `f32` fill a Number too (`cart.len()` needs no cast).
macro_rules! number_from {
    ($($int:ty),*) => {$(
        impl crate::component::IntoOutput<Number> for $int {
            fn into_write(self) -> crate::component::codec::OutputWrite {
                crate::component::wire::write(&self)
            }
        }
    )*};
}
number_from!(i32, i64, u32, u64, usize);

impl crate::component::IntoOutput<Number> for f32 {
    fn into_write(self) -> crate::component::codec::OutputWrite {
        match finite(&f64::from(self)) {
            // serde writes an `f32` as its shortest text (`0.1`, not `0.10000000149011612`).
            Ok(_) => crate::component::wire::write(&self),
            Err(detail) => crate::component::codec::OutputWrite::Invalid(detail),
        }
    }
}

crate::component::events::events!(Number: HasChange, HasInput, Submittable, HasBlur, HasFocus);
