//! `ColorPicker`: picks a colour. Value: [`HexColor`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};

use crate::component::{ApiInfo, Props};

/// Why a text is not a hex colour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a hex colour such as \"#ff8800\" or \"#f80\"")]
pub struct HexColorError(String);

/// An RGB colour, `"#rrggbb"` on the wire (lower case). Parses `#rrggbb` and `#rgb`, in any
/// case.
///
/// ```
/// use blocks_runtime::component::HexColor;
/// let orange: HexColor = "#F80".parse().unwrap();
/// assert_eq!(orange.to_string(), "#ff8800");
/// assert_eq!((orange.r, orange.g, orange.b), (255, 136, 0));
/// assert!("orange".parse::<HexColor>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct HexColor {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

impl HexColor {
    /// The colour of these channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        HexColor { r, g, b }
    }
}

impl FromStr for HexColor {
    type Err = HexColorError;

    fn from_str(text: &str) -> Result<Self, HexColorError> {
        let bad = || HexColorError(text.to_owned());
        let digits = text.strip_prefix('#').ok_or_else(bad)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let channel = |hex: &str| u8::from_str_radix(hex, 16).map_err(|_| bad());
        match digits.len() {
            6 => Ok(HexColor::rgb(
                channel(&digits[0..2])?,
                channel(&digits[2..4])?,
                channel(&digits[4..6])?,
            )),
            3 => {
                let short = |i: usize| channel(&digits[i..=i]).map(|v| v * 17);
                Ok(HexColor::rgb(short(0)?, short(1)?, short(2)?))
            }
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for HexColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl Serialize for HexColor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HexColor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A colour picker. Value: [`HexColor`]. Events: change, input, submit, focus, blur.
///
/// ```
/// use blocks_runtime::prelude::*;
/// let pick = ColorPicker::new().value(HexColor::rgb(0x33, 0x66, 0x99)).label("Colour");
/// assert_eq!(pick.props().get("value"), Some(&serde_json::json!("#336699")));
/// ```
#[derive(Debug, Clone)]
pub struct ColorPicker {
    props: Props,
}

impl Default for ColorPicker {
    fn default() -> Self {
        Self::new()
    }
}

impl ColorPicker {
    /// A picker with no colour yet.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("colorpicker");
        props.set("value", Value::Null);
        props.set("show_label", true);
        props.set("container", true);
        props.set("min_width", 160);
        props.set("elem_classes", Vec::<String>::new());
        props.set("_selectable", false);
        ColorPicker { props }
    }
    /// The initial colour.
    pub fn value(mut self, color: HexColor) -> Self {
        self.props.set("value", color);
        self
    }
}

crate::component::props::common_props!(ColorPicker);

impl crate::component::WireKind for ColorPicker {
    type Value = HexColor;
    const NAME: &'static str = "ColorPicker";
    const KIND: &'static str = "colorpicker";
    const EXPECTS: &'static str = "a hex colour such as \"#ff8800\"";
    const BROWSER_MODULE: Option<&'static str> =
        Some(include_str!("../frontend/assets/ondemand/colorpicker.js"));

    fn props(self) -> Props {
        self.props
    }
    fn api() -> Option<ApiInfo> {
        Some(ApiInfo::new(
            json!({"type": "string"}),
            "str",
            json!("#000000"),
        ))
    }
}

crate::wire_kind!(ColorPicker);
crate::component::events::events!(ColorPicker: HasChange, HasInput, Submittable, HasFocus, HasBlur);

#[cfg(test)]
#[allow(clippy::unwrap_used)] // A test fails with the value shown.
mod tests {
    use super::*;
    use crate::component::WireKind;

    #[test]
    fn colours_are_checked_and_written_in_lower_case() {
        let color = ColorPicker::decode(json!("#AbCdEf")).unwrap();
        assert_eq!(ColorPicker::encode(&color).unwrap(), json!("#abcdef"));
        for bad in [
            json!("abcdef"),
            json!("#abcd"),
            json!("#gggggg"),
            json!("#+1+2+3"),
            json!(7),
        ] {
            assert!(ColorPicker::decode(bad.clone()).is_err(), "{bad}");
        }
        assert_eq!(
            "#é12".parse::<HexColor>(),
            Err(HexColorError("#é12".into()))
        );
    }
}
