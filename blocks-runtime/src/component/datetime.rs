//! `DateTime`: a date-time picker. Value: [`DateTimeValue`].

use serde_json::{json, Value};

use crate::component::{ApiInfo, DateTimeValue, Props};

/// A date (and time) picker. Value: [`DateTimeValue`], `"YYYY-MM-DD HH:MM:SS"` on the wire
/// (`"YYYY-MM-DD"` without the time). Events: change, submit.
///
/// ```
/// use blocks_runtime::prelude::*;
/// let when = DateTime::new().label("When").value("2024-05-01 09:30:00".parse().unwrap());
/// assert_eq!(when.props().get("value"), Some(&serde_json::json!("2024-05-01 09:30:00")));
/// ```
#[derive(Debug, Clone)]
pub struct DateTime {
    props: Props,
}

impl Default for DateTime {
    fn default() -> Self {
        Self::new()
    }
}

impl DateTime {
    /// An empty picker of a date and a time of day.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("datetime");
        props.set("value", Value::Null);
        props.set("include_time", true);
        props.set("type", "timestamp");
        props.set("show_label", true);
        props.set("min_width", 160);
        props.set("elem_classes", Vec::<String>::new());
        props.set("buttons", Vec::<String>::new());
        props.set("_selectable", false);
        DateTime { props }
    }
    /// The initial date-time.
    pub fn value(mut self, value: DateTimeValue) -> Self {
        self.props.set("value", value);
        self
    }
    /// Whether a time of day is picked too (default `true`); without it the value is a date.
    pub fn include_time(mut self, include: bool) -> Self {
        self.props.set("include_time", include);
        self
    }
}

crate::component::props::common_props!(DateTime);

impl crate::component::WireKind for DateTime {
    type Value = DateTimeValue;
    const NAME: &'static str = "DateTime";
    const KIND: &'static str = "datetime";
    const EXPECTS: &'static str = "a date-time \"YYYY-MM-DD HH:MM:SS\" (or \"YYYY-MM-DD\")";
    const BROWSER_MODULE: Option<&'static str> =
        Some(include_str!("../frontend/assets/ondemand/datetime.js"));

    fn props(self) -> Props {
        self.props
    }
    fn api() -> Option<ApiInfo> {
        Some(ApiInfo::new(
            json!({"type": "string", "description": "Formatted as YYYY-MM-DD HH:MM:SS"}),
            "str",
            json!("2020-10-01 05:20:15"),
        ))
    }
    fn decode(json: Value) -> Result<DateTimeValue, String> {
        if json.as_str().is_some_and(|s| s.trim().is_empty()) {
            return Err("the date-time is empty".into());
        }
        serde_json::from_value(json).map_err(|err| err.to_string())
    }
}

crate::wire_kind!(DateTime);
crate::component::events::events!(DateTime: HasChange, Submittable);

#[cfg(test)]
#[allow(clippy::unwrap_used)] // A test fails with the value shown.
mod tests {
    use super::*;
    use crate::component::WireKind;

    #[test]
    fn the_wire_is_gradios_text() {
        let value = DateTime::decode(json!("2024-01-02 03:04:05")).unwrap();
        assert_eq!(
            DateTime::encode(&value).unwrap(),
            json!("2024-01-02 03:04:05")
        );
        let date = DateTime::decode(json!("2024-01-02")).unwrap();
        assert_eq!(DateTime::encode(&date).unwrap(), json!("2024-01-02"));
        assert_eq!(
            DateTime::decode(json!(0)).unwrap().to_string(),
            "1970-01-01 00:00:00"
        );
        assert!(DateTime::decode(json!("2024-02-30"))
            .unwrap_err()
            .contains("day 30"));
        assert!(DateTime::decode(json!(" ")).is_err());
        assert!(DateTime::decode(json!(true)).is_err());
    }
}
