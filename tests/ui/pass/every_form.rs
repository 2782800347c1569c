//! Every grammar form of the macro, in both the attribute and the expression form.

use blocks::prelude::*;
use futures_util::stream::{self, Stream};

fn add_items(new_items: Vec<String>, cart: Vec<String>) -> Vec<String> {
    [cart, new_items].concat()
}

async fn shout(text: String) -> Result<String, String> {
    if text.is_empty() {
        Err("say something".into())
    } else {
        Ok(text.to_uppercase())
    }
}

fn tokens(prompt: String) -> impl Stream<Item = String> {
    stream::iter((1..=3).map(move |n| format!("{prompt} {n}")))
}

fn push(mut list: StateMut<Vec<String>>, item: String) -> usize {
    list.push(item);
    list.len()
}

#[blocks::app(title = "Every form")]
fn attribute_form() {
    let cart = State::new(Vec::<String>::new());
    let items = CheckboxGroup::new(["Cereal", "Milk"]).label("Items");
    let add = Button::new("Add");
    let size = Number::new().label("Size");
    let status = Textbox::new();
    let notes = Markdown::new("");
    add.click(add_items, (items, cart), cart)
        .api_name("add_items")
        .description("Adds the checked items to the cart.")
        .concurrency_limit(Some(4))
        .trigger_mode(TriggerMode::Multiple)
        .show_progress(ShowProgress::Minimal)
        .then(|c: Vec<String>| c.len(), cart, size)
        .success(|| "ok", (), status)
        .failure(|| "failed", (), status);
    Markdown::new("# Anonymous components are fine");
    row(|| {
        let left = Textbox::new().label("Left");
        column(|| {
            let right = Textbox::new().label("Right");
        });
    });
    group(|| {
        Html::new("<b>grouped</b>");
    });
    tabs(|| {
        tab("One", || {
            let in_tab = Textbox::new();
        });
        tab("Two", || {
            accordion("More", || {
                let deep = Slider::new(0.0, 10.0);
            });
        });
    });
    left.submit(shout, left, right);
    right.change(|r: String, req: Request| format!("{r} from {}", req.session_id()), (right, request), in_tab);
    deep.input(|x: f64, p: Progress| { p.info("moved"); x }, (deep, progress), size);
    in_tab.blur(tokens, in_tab, status);
    in_tab.focus(|s: String| Markdown::update().value(s).visible(true), in_tab, notes);
    on([left.change, right.change], |l: String, r: String| (r, l), (left, right), (left, right));
    load(|| "loaded".to_string(), (), status);
    unload(|| {}, (), ());
    let tick = Timer::new(1.0);
    tick.tick(|| 1_u32, (), size);
    let list = State::new(Vec::<String>::new());
    status.select(push, (list, status), size);
    /// Joins two texts: the endpoint's description.
    fn local_handler(first: String, second: String) -> String {
        format!("{first}{second}")
    }
    status.input(local_handler, (status, left), right);
    // An event bound to a name, and a Stop button that cancels it (one event or several).
    let counting = tick.tick(|| 2_u32, (), size).then(|| 3_u32, (), size);
    let stop = Button::new("Stop");
    stop.click(|| (), (), ()).cancels(counting);
    stop.click(|| (), (), ()).cancels([counting, counting]);
    let plain_rust = 40 + 2;
    Number::new().value(plain_rust as f64);
}

fn main() {
    let app: App = attribute_form();
    assert_eq!(app.title(), "Every form");

    let expression_form: App = blocks::blocks! {
        let name = Textbox::new();
        let out = Textbox::new();
        name.submit(|n: String| format!("Hi {n}"), name, out).api_name("hi");
    };
    assert!(expression_form.dependency_by_api_name("hi").is_some());
}
