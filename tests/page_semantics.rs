//! The page's event semantics in a real browser, as a person uses it (helpers shared with
//! `page.rs`): typing fires `change` without leaving the field, a slider changes live and
//! releases once, chat messages show rendered Markdown, `select` brings its data, handlers
//! show, hide, open and select layout blocks, and streamed Markdown shows every step.

#![allow(clippy::unwrap_used)]

use std::process::ExitCode;
use std::sync::Arc;

use blocks::prelude::*;
use blocks::testing::TestServer;
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Locator;
use serde_json::json;

#[macro_use]
mod e2e;
mod browser;

use browser::{
    click_button, go_hides_the_row_opens_the_accordion_and_selects_tab_b, js, open, reselect_tab_b,
    screenshot, tools, until, Browser, RECORD_SUBMITS,
};

#[path = "../examples/browser_state.rs"]
#[allow(dead_code, unreachable_pub)]
mod browser_state;

fn main() -> ExitCode {
    browser::main(tools(), |tools| {
        trials![
            tools => browser::in_browser;
            typed_text_is_kept_without_leaving_the_field,
            enter_submits_without_a_second_change,
            a_dragged_slider_changes_live_and_releases_once,
            chat_messages_show_rendered_markdown_at_gradios_height,
            select_brings_what_was_selected,
            handlers_hide_open_and_select_layout_blocks,
            streamed_markdown_shows_each_step,
        ]
    })
}

async fn typed_text_is_kept_without_leaving_the_field(mut browser: Browser) {
    let server = TestServer::start(browser_state::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    js(&tab, RECORD_SUBMITS).await;
    // Type into both fields and stay in the last one: no blur, no Enter.
    let user = tab.find(Locator::Css("input[type=text]")).await.unwrap();
    user.send_keys("ada").await.unwrap();
    let pass = tab
        .find(Locator::Css("input[type=password]"))
        .await
        .unwrap();
    pass.send_keys("s3cret").await.unwrap();
    // The values were sent while typing, and nothing is pending: the last save is stored.
    until(
        &tab,
        "return window.__submitted.some(([, d]) => JSON.stringify(d) === '[\"ada\",\"s3cret\"]')
           && window.__blocks.transport.pending.size === 0 && localStorage.getItem('login')",
        "the save of both typed values",
    )
    .await;
    tab.refresh().await.unwrap();
    until(
        &tab,
        "return window.__blocks && field('Username').value === 'ada' && field('Password').value === 's3cret'",
        "both typed values after a reload",
    )
    .await;
    screenshot(&tab, "typed_then_reloaded").await;
    tab.close().await.unwrap();
    server.stop().await;
}

async fn enter_submits_without_a_second_change(mut browser: Browser) {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new().label("Text"));
    let copy = app.add(Textbox::new().label("Copy"));
    let sent = app.add(Textbox::new().label("Sent"));
    app.on(text.change())
        .call(|t: String| t, text, copy)
        .api_name("copy");
    app.on(text.submit())
        .call(|t: String| format!("sent {t}"), text, sent)
        .api_name("send");
    let server = TestServer::start(app.build()).await;
    let config = server.config().await;
    let index_of = |name: &str| {
        config["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .position(|d| d["api_name"] == name)
            .unwrap()
    };
    let (copy_fn, send_fn) = (index_of("copy"), index_of("send"));
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let input = tab.find(Locator::Css("input[type=text]")).await.unwrap();
    input.send_keys("hey").await.unwrap();
    until(
        &tab,
        "return field('Copy').value === 'hey'",
        "the change while typing",
    )
    .await;
    js(&tab, RECORD_SUBMITS).await;
    input.send_keys("\u{E007}").await.unwrap(); // Enter
    until(
        &tab,
        "return field('Sent').value === 'sent hey'",
        "the submit",
    )
    .await;
    // Blur too: the value did not change, so nothing but the submit ran.
    input.send_keys("\u{E004}").await.unwrap();
    let submitted = js(&tab, "return window.__submitted.map(([fn]) => fn)").await;
    assert_eq!(
        submitted,
        json!([send_fn]),
        "change is dependency {copy_fn}"
    );
    tab.close().await.unwrap();
    server.stop().await;
}

async fn a_dragged_slider_changes_live_and_releases_once(mut browser: Browser) {
    let mut app = Blocks::new();
    let slider = app.add(Slider::new(0.0, 100.0).label("Level"));
    let live = app.add(Number::new().label("Live"));
    let released = app.add(Textbox::new().label("Released"));
    app.on(slider.change()).call(|v: f64| v, slider, live);
    app.on(slider.release())
        .call(|v: f64| format!("released at {v}"), slider, released);
    let server = TestServer::start(app.build()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let range = tab.find(Locator::Css("input[type=range]")).await.unwrap();
    let width = js(&tab, "return field('Level').getBoundingClientRect().width")
        .await
        .as_f64()
        .unwrap();
    // Press at the left end and move right, keeping the button down.
    let press = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: range.clone(),
            duration: None,
            x: -width / 2.0 + 2.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveToElement {
            element: range.clone(),
            duration: None,
            x: 0.0,
            y: 0.0,
        });
    tab.perform_actions(press).await.unwrap();
    let during = until(
        &tab,
        "const v = Number(field('Live').value); return v > 20 && v < 80 && v",
        "the live value while the button is still down",
    )
    .await;
    assert_eq!(
        js(&tab, "return field('Released').value").await,
        json!(""),
        "no release before the drag ends (live value {during})"
    );
    let end = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: range.clone(),
            duration: None,
            x: width / 4.0,
            y: 0.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    tab.perform_actions(end).await.unwrap();
    let final_value = until(
        &tab,
        "const v = field('Level').value; return field('Released').value === `released at ${v}` && v",
        "the release with the final value",
    )
    .await;
    until(
        &tab,
        &format!("return field('Live').value === {final_value}"),
        "the live value at the end",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
}

async fn chat_messages_show_rendered_markdown_at_gradios_height(mut browser: Browser) {
    let mut app = Blocks::new();
    let empty = app.add(Chatbot::new().label("Empty"));
    let chat = app.add(Chatbot::new().label("Chat"));
    let fill = app.add(Button::new("Fill"));
    app.on(fill.click()).call(
        || {
            vec![
                ChatMessage::user("Show me **bold** and `code`"),
                ChatMessage::assistant(
                    "- one\n- [a link](https://example.org)\n\n```\nfn main() {}\n```\n\n<img src=x onerror=alert(1)>",
                ),
            ]
        },
        (),
        chat,
    );
    let _ = empty;
    let server = TestServer::start(app.build()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let height = js(
        &tab,
        "return block('Empty').querySelector('.chat').getBoundingClientRect().height",
    )
    .await;
    assert!(
        height.as_f64().unwrap() >= 400.0,
        "an empty chatbot is {height}px high; Gradio's default is 400"
    );
    click_button(&tab, "Fill").await;
    let shown = until(
        &tab,
        "const c = block('Chat'); const s = c.querySelector('.message.user strong');
         return s && JSON.stringify([s.textContent, c.querySelector('.message.user code')?.textContent,
           c.querySelector('.message.assistant li a')?.getAttribute('href'),
           c.querySelector('.message.assistant pre code')?.textContent,
           c.querySelectorAll('[onerror]').length])",
        "the rendered messages",
    )
    .await;
    assert_eq!(
        shown,
        json!(json!(["bold", "code", "https://example.org", "fn main() {}\n", 0]).to_string())
    );
    screenshot(&tab, "chatbot_markdown").await;
    tab.close().await.unwrap();
    server.stop().await;
}

async fn select_brings_what_was_selected(mut browser: Browser) {
    let mut app = Blocks::new();
    let table = app.add(Dataframe::new(["name", "qty"]).value(DataFrame {
        headers: vec!["name".into(), "qty".into()],
        data: vec![
            vec![json!("milk"), json!(2)],
            vec![json!("eggs"), json!(12)],
        ],
    }));
    let label = app.add(Label::new().label("Class"));
    let chat = app.add(Chatbot::new().label("Chat"));
    let fill = app.add(Button::new("Fill"));
    let picked = app.add(Textbox::new().label("Picked"));
    app.on(fill.click()).call(
        || {
            (
                LabelValue {
                    label: Some("cat".into()),
                    confidences: vec![
                        Confidence {
                            label: "cat".into(),
                            confidence: 0.9,
                        },
                        Confidence {
                            label: "dog".into(),
                            confidence: 0.1,
                        },
                    ],
                },
                vec![ChatMessage::user("first"), ChatMessage::assistant("second")],
            )
        },
        (),
        (label, chat),
    );
    let describe = |evt: SelectData| {
        format!(
            "{:?} {} {:?} {:?}",
            evt.index, evt.value, evt.row_value, evt.col_value
        )
    };
    app.on(table.select()).call(describe, SelectInput, picked);
    app.on(label.select()).call(describe, SelectInput, picked);
    app.on(chat.select()).call(describe, SelectInput, picked);
    let server = TestServer::start(app.build()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let click = |css: &'static str| {
        let tab = tab.clone();
        async move {
            tab.find(Locator::Css(css))
                .await
                .unwrap()
                .click()
                .await
                .unwrap()
        }
    };
    click("td[data-row='1'][data-col='1']").await;
    until(
        &tab,
        r#"return field('Picked').value === 'Pair(1, 1) 12 Some([String("eggs"), Number(12)]) Some([Number(2), Number(12)])'"#,
        "the cell's SelectData",
    )
    .await;
    click_button(&tab, "Fill").await;
    until(
        &tab,
        "return document.querySelectorAll('button.confidence').length === 2",
        "the label",
    )
    .await;
    let dog = tab
        .find_all(Locator::Css("button.confidence"))
        .await
        .unwrap()
        .pop()
        .unwrap();
    dog.click().await.unwrap();
    until(
        &tab,
        r#"return field('Picked').value === 'Item(1) "dog" None None'"#,
        "the class's SelectData",
    )
    .await;
    until(
        &tab,
        "return block('Chat').querySelector('.message.assistant p')",
        "the chat",
    )
    .await;
    click(".message.assistant p").await;
    until(
        &tab,
        r#"return field('Picked').value === 'Item(1) "second" None None'"#,
        "the message's SelectData",
    )
    .await;
    screenshot(&tab, "select").await;
    tab.close().await.unwrap();
    server.stop().await;
}

async fn handlers_hide_open_and_select_layout_blocks(mut browser: Browser) {
    let mut app = Blocks::new();
    let go = app.add(Button::new("Go"));
    let row = app.open(Row::default());
    app.add(Textbox::new().label("In the row"));
    app.close();
    let more = app.open(Accordion::new("More").open(false));
    app.add(Textbox::new().label("In the accordion"));
    app.close();
    let tabs = app.open(Tabs::default());
    app.open(Tab::new("A").id("a"));
    app.add(Textbox::new().label("In A"));
    app.close();
    let b = app.open(Tab::new("B").id("b"));
    app.add(Textbox::new().label("In B"));
    app.close();
    app.close();
    let chosen = app.add(Textbox::new().label("Chosen tab"));
    app.on(go.click()).call(
        || {
            (
                Row::update().visible(false),
                Accordion::update().open(true),
                Tabs::update().selected("b"),
            )
        },
        (),
        (row, more, tabs),
    );
    app.on(b.select()).call(
        |evt: SelectData| format!("{} {:?}", evt.value, evt.index),
        SelectInput,
        chosen,
    );
    let server = TestServer::start(app.build()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    go_hides_the_row_opens_the_accordion_and_selects_tab_b(&tab).await;
    assert_eq!(
        js(&tab, "return [...document.querySelectorAll('[role=tab]')].map(t => t.getAttribute('aria-selected')).join()").await,
        json!("false,true")
    );
    // The user's own click on a tab fires its select event.
    reselect_tab_b(&tab).await;
    until(
        &tab,
        "return field('Chosen tab').value === '\"B\" Item(1)'",
        "tab B's SelectData",
    )
    .await;
    screenshot(&tab, "layout_updates").await;
    tab.close().await.unwrap();
    server.stop().await;
}

async fn streamed_markdown_shows_each_step(mut browser: Browser) {
    // The handler yields a first step, then waits for the test to let it go on: the page must
    // show the first step's rendered HTML while the event still runs.
    let next = Arc::new(tokio::sync::Notify::new());
    let mut app = Blocks::new();
    let go = app.add(Button::new("Go"));
    let text = app.add(Markdown::new(""));
    let gate = Arc::clone(&next);
    app.on(go.click()).call(
        move || {
            let gate = Arc::clone(&gate);
            futures_util::stream::unfold(0, move |step| {
                let gate = Arc::clone(&gate);
                async move {
                    match step {
                        0 => Some(("**one**".to_owned(), 1)),
                        1 => {
                            gate.notified().await;
                            Some(("**one** _two_".to_owned(), 2))
                        }
                        _ => None,
                    }
                }
            })
        },
        (),
        text,
    );
    let server = TestServer::start(app.build()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    click_button(&tab, "Go").await;
    until(
        &tab,
        "const p = document.querySelector('.prose'); return p.querySelector('strong')?.textContent === 'one' && !p.querySelector('em')",
        "the first step, rendered, while the handler waits",
    )
    .await;
    next.notify_one();
    until(
        &tab,
        "return document.querySelector('.prose em')?.textContent === 'two'",
        "the second step",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
}
