//! A component kind defined in the app, not in blocks: `Rating`, one to five stars, with its own
//! browser module (`custom_component/rating.js`). It works in the macro, the page and every
//! API client like a built-in kind, through the [`WireKind`] seam.

use blocks::component::{ApiInfo, Props, WireKind};
use blocks::event::HasChange;
use blocks::prelude::*;
use serde_json::json;

/// One to five stars. Value: `u8` (1–5). Events: change.
#[derive(Debug, Clone)]
pub struct Rating {
    props: Props,
}

impl Rating {
    /// No stars yet.
    pub fn new() -> Self {
        Rating {
            props: Props::new("rating"),
        }
    }

    /// The label above the stars.
    pub fn label(mut self, label: &str) -> Self {
        self.props.set("label", label);
        self
    }

    /// The initial number of stars.
    pub fn value(mut self, stars: u8) -> Self {
        self.props.set("value", stars.clamp(1, 5));
        self
    }
}

impl Default for Rating {
    fn default() -> Self {
        Self::new()
    }
}

impl WireKind for Rating {
    type Value = u8;
    const NAME: &'static str = "Rating";
    const KIND: &'static str = "rating";
    const EXPECTS: &'static str = "a whole number of stars from 1 to 5";
    const BROWSER_MODULE: Option<&'static str> = Some(include_str!("custom_component/rating.js"));

    fn props(self) -> Props {
        self.props
    }

    fn api() -> Option<ApiInfo> {
        Some(ApiInfo::new(
            json!({"type": "integer", "minimum": 1, "maximum": 5}),
            "int",
            json!(4),
        ))
    }

    /// Only 1 to 5 stars: anything else is refused before the handler runs.
    fn decode(json: serde_json::Value) -> Result<u8, String> {
        match json.as_u64() {
            Some(n @ 1..=5) => Ok(n as u8),
            _ => Err(format!("{json} is not a number of stars from 1 to 5")),
        }
    }
}

impl HasChange for Rating {}
blocks::wire_kind!(Rating);

/// What a rating says.
pub fn verdict(stars: u8) -> String {
    let words = ["", "Poor", "Fair", "Good", "Very good", "Excellent"];
    format!("{} — {}", "★".repeat(stars as usize), words[stars as usize])
}

/// The app: rate, and read the verdict.
#[blocks::app(title = "Rating")]
pub fn app() {
    let stars = Rating::new().label("Your rating").value(3);
    let said = Textbox::new().label("Verdict");
    stars.change(verdict, stars, said).api_name("rate");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
