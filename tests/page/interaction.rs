//! What a person sees and does: an error toast, a prop update that shows a component, a stream
//! filling its output progressively, and the seed apps driven from the keyboard.

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::json;

use crate::browser::{js, open, screenshot, until, Browser};
use crate::{builder, chatbot, echo, stream};

pub(crate) async fn errors_toast_streams_progress_and_updates_show(mut browser: Browser) {
    let mut app = Blocks::new();
    let fail = app.add(Button::new("Fail"));
    let reveal = app.add(Button::new("Reveal"));
    let note = app.add(Markdown::new("hidden").visible(false));
    let out = app.add(Textbox::new().label("Out"));
    app.on(fail.click()).call(
        || -> Result<String, String> { Err("the model is out of coffee".into()) },
        (),
        out,
    );
    app.on(reveal.click()).call(
        || Markdown::update().value("**shown**").visible(true),
        (),
        note,
    );
    let server = TestServer::start(app.build()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    assert_eq!(
        js(&tab, "return document.querySelector('.markdown').hidden").await,
        json!(true)
    );
    js(&tab, "button('Fail').click(); return 1").await;
    let toast = until(
        &tab,
        "return document.querySelector('.toast-error')?.textContent",
        "an error toast",
    )
    .await;
    assert!(
        toast
            .as_str()
            .unwrap()
            .contains("the model is out of coffee"),
        "{toast}"
    );
    js(&tab, "button('Reveal').click(); return 1").await;
    let html = until(
        &tab,
        "const m = document.querySelector('.markdown'); return !m.hidden && m.innerHTML",
        "the markdown",
    )
    .await;
    assert!(
        html.as_str().unwrap().contains("<strong>shown</strong>"),
        "{html}"
    );
    screenshot(&tab, "toast_and_update").await;
    tab.close().await.unwrap();
    server.stop().await;

    let server = TestServer::start(stream::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let seen = js(
        &tab,
        "const out = field('Output'); const seen = new Set();
         const timer = setInterval(() => seen.add(out.value), 10);
         button('Stream').click();
         window.__seen = seen; window.__timer = timer; return 1",
    )
    .await;
    assert_eq!(seen, json!(1));
    until(
        &tab,
        "return field('Output').value.split(' ').length === 10",
        "the final value",
    )
    .await;
    let distinct = js(&tab, "clearInterval(window.__timer); return [...window.__seen].filter(v => v.startsWith('token')).length").await;
    assert!(
        distinct.as_u64().unwrap() >= 3,
        "the output appeared progressively: {distinct} values"
    );
    screenshot(&tab, "stream").await;
    tab.close().await.unwrap();
    server.stop().await;
}

pub(crate) async fn echo_chatbot_and_builder_work_from_the_keyboard(mut browser: Browser) {
    // Echo: type, press Enter (the textbox's submit event).
    let server = TestServer::start(echo::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let input = tab
        .find(fantoccini::Locator::Css("textarea, input[type=text]"))
        .await
        .unwrap();
    input.send_keys("hello there\u{E007}").await.unwrap(); // then Enter
    until(
        &tab,
        "return field('Output').value === 'hello there'",
        "the echo",
    )
    .await;
    screenshot(&tab, "echo").await;
    tab.close().await.unwrap();
    server.stop().await;

    // Chatbot: Enter sends the message; the chained reply streams into the conversation.
    let server = TestServer::start(chatbot::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let message = tab
        .find(fantoccini::Locator::Css("textarea, input[type=text]"))
        .await
        .unwrap();
    message.send_keys("rust\u{E007}").await.unwrap();
    let reply = until(
        &tab,
        "const bot = document.querySelectorAll('.chat .message.assistant');
         const last = bot[bot.length - 1]?.textContent;
         return last && last.endsWith('Tell me more!') && last",
        "the bot's full reply",
    )
    .await;
    assert_eq!(reply, json!("You said: rust. Tell me more!"));
    assert_eq!(
        js(
            &tab,
            "return document.querySelector('.chat .message.user').textContent"
        )
        .await,
        json!("rust")
    );
    assert_eq!(
        js(&tab, "return field('Message').value").await,
        json!(""),
        "the textbox was cleared"
    );
    screenshot(&tab, "chatbot").await;
    tab.close().await.unwrap();
    server.stop().await;

    // Builder (the cart written with the builder API): Space checks a box, Enter clicks.
    let server = TestServer::start(builder::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let checkbox = tab
        .find(fantoccini::Locator::Css("label.choice input"))
        .await
        .unwrap();
    checkbox.send_keys(" ").await.unwrap();
    let add = tab
        .find(fantoccini::Locator::XPath("//button[text()='Add Items']"))
        .await
        .unwrap();
    add.send_keys("\u{E007}").await.unwrap();
    until(
        &tab,
        "return field('Cart Size').value === '1'",
        "Cart Size 1",
    )
    .await;
    screenshot(&tab, "builder").await;
    tab.close().await.unwrap();
    server.stop().await;
}
