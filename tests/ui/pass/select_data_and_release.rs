// `select_data` gives a `select` handler what was selected; `release` ends a slider's drag.
use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let table = Dataframe::new(["a", "b"]);
    let level = Slider::new(0.0, 10.0);
    let picked = Textbox::new();
    table.select(|evt: SelectData| evt.value.to_string(), select_data, picked);
    table.select(
        |t: DataFrame, evt: SelectData| format!("{} of {}", evt.value, t.data.len()),
        (table, select_data),
        picked,
    );
    level.release(|v: f64| v.to_string(), level, picked);
}

fn main() {
    let _ = demo();
}
