//! The app the takeover tests serve: an event that takes as long as it is asked to, on a
//! stored counter, so that a session's stream can move while the event runs.

use std::time::Duration;

use blocks::prelude::*;

/// Waits `millis` ms, then counts one more in the session's counter.
#[blocks::handler]
pub(crate) async fn slow_count(millis: f64, count: u32) -> u32 {
    tokio::time::sleep(Duration::from_millis(millis.max(0.0) as u64)).await;
    count + 1
}

/// The session's counter, to read it back.
#[blocks::handler]
pub(crate) fn show_count(count: u32) -> f64 {
    f64::from(count)
}

/// The `unload` handler: writes the session's counter, as this replica loaded it, to the
/// file `BLOCKS_TEST_FAREWELL` names (when it is set).
#[blocks::handler]
pub(crate) fn farewell(count: u32) {
    if let Ok(path) = std::env::var("BLOCKS_TEST_FAREWELL") {
        let _ = std::fs::write(path, count.to_string());
    }
}

/// The app.
#[blocks::app(title = "Slow")]
pub(crate) fn app() {
    let count = State::stored(0u32);
    let wait = Number::new().label("Wait (ms)");
    let go = Button::new("Go");
    go.click(slow_count, (wait, count), count)
        .api_name("slow_count");
    let shown = Number::new().label("Count");
    let show = Button::new("Show");
    show.click(show_count, count, shown).api_name("show_count");
    unload(farewell, count, ());
}
