//! `Timer`: fires `tick` every few seconds while the page is open. Value: the interval, `f64`.

use serde_json::json;

use crate::component::wire::wire_component;
use crate::component::Props;

/// A timer. Value: its interval in seconds (`f64`). Event: tick.
///
/// ```
/// use blocks_runtime::component::Timer;
/// let every_second = Timer::new(1.0);
/// assert_eq!(every_second.props().get("value"), Some(&serde_json::json!(1.0)));
/// ```
#[derive(Debug, Clone)]
pub struct Timer {
    props: Props,
}

impl Timer {
    /// A timer ticking every `seconds`.
    pub fn new(seconds: f64) -> Self {
        let mut props = Props::with_defaults("timer");
        props.set("value", seconds);
        props.set("active", true);
        Timer { props }
    }
    /// Whether it ticks from the start.
    pub fn active(mut self, active: bool) -> Self {
        self.props.set("active", active);
        self
    }
    /// The timer's props.
    pub fn props(&self) -> &Props {
        &self.props
    }
}

wire_component!(
    Timer, value: f64, name: "Timer", kind: "timer",
    expects: "a number", python_type: "float",
    schema: json!({"type": "number"}), example: json!(1),
);

crate::component::events::events!(Timer: Tickable);
