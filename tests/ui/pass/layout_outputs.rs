//! A layout block bound with `let` is an output of its own prop updates, for each kind of block;
//! method calls after a block set its props; names declared inside stay visible after it.

use blocks::prelude::*;

#[blocks::app]
fn layouts() {
    let show = Checkbox::new().label("Show");
    let go = Button::new("Go");
    let panel = row(|| {
        let inner = Textbox::new();
        // The handle is bound before the body, which may use it.
        let hide = Button::new("Hide");
        hide.click(|| Row::update().visible(false), (), panel);
    })
    .visible(false)
    .equal_height(true);
    let side: Handle<Column> = column(|| {
        Markdown::new("side");
    })
    .scale(2);
    let boxed = group(|| {});
    let pages = tabs(|| {
        let first = tab("First", || {}).id("first");
        let _ = tab("Second", || {
            let deep = Number::new();
        })
        .id(2);
        first.select(|s: SelectData| s.value.to_string(), select_data, inner);
    });
    #[allow(unused_variables)]
    let unused = accordion("Unused", || {});
    let details = accordion("Details", || {
        let text = Textbox::new();
    })
    .open(false);
    show.change(|on: bool| Row::update().visible(on), show, panel);
    show.change(|on: bool| Update::<Column>::new().visible(on), show, side);
    go.click(|| Group::update().visible(false), (), boxed);
    go.click(|| Tabs::update().selected("first"), (), pages);
    show.change(|open: bool| Accordion::update().open(open), show, details);
    go.click(
        |t: String, n: f64| (Accordion::update().open(true), t, n),
        (text, deep),
        (details, inner, deep),
    );
}

fn main() {
    let config = layouts().config();
    let components = config["components"].as_array().unwrap();
    let props = |kind: &str| {
        components
            .iter()
            .find(|c| c["type"] == kind)
            .map(|c| c["props"].clone())
            .unwrap()
    };
    assert_eq!(props("row")["visible"], false);
    assert_eq!(props("row")["equal_height"], true);
    assert_eq!(props("column")["scale"], 2);
    assert_eq!(props("accordion")["label"], "Unused");
    let details = components
        .iter()
        .find(|c| c["props"]["label"] == "Details")
        .unwrap();
    assert_eq!(details["props"]["open"], false);
    let outputs: Vec<_> = config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["outputs"].as_array().unwrap().clone())
        .collect();
    assert!(outputs.contains(&details["id"]));
}
