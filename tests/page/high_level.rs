//! Interface, ChatInterface and Examples in the page: an example row fills the form, Submit
//! and Clear work, and a chat streams its reply, undoes and clears.

use serde_json::json;

use blocks::testing::TestServer;

use crate::browser::{js, open, screenshot, until, Browser};
use crate::{chat_interface, interface};

pub(crate) async fn an_interface_fills_from_an_example_submits_and_clears(mut browser: Browser) {
    let server = TestServer::start(interface::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let headers = js(
        &tab,
        "return [...document.querySelectorAll('.dataset th')].map(h => h.textContent)",
    )
    .await;
    assert_eq!(headers, json!(["name", "times", "shout"]));
    js(
        &tab,
        "document.querySelectorAll('.dataset tr.sample')[1].click(); return 1",
    )
    .await;
    until(
        &tab,
        "return field('name').value === 'Grace'",
        "the example's name",
    )
    .await;
    js(&tab, "button('Submit').click(); return 1").await;
    until(
        &tab,
        "return field('Greeting').value === 'HELLO, GRACE!'",
        "the greeting",
    )
    .await;
    screenshot(&tab, "interface").await;
    js(&tab, "button('Clear').click(); return 1").await;
    until(
        &tab,
        "return field('name').value === '' && field('Greeting').value === ''",
        "the form cleared",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
}

pub(crate) async fn a_chat_interface_streams_undoes_and_clears(mut browser: Browser) {
    let server = TestServer::start(chat_interface::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let message = tab
        .find(fantoccini::Locator::Css("textarea, input[type=text]"))
        .await
        .unwrap();
    message.send_keys("Hello\u{E007}").await.unwrap(); // then Enter
    let reply = until(
        &tab,
        "const bot = document.querySelectorAll('.chat .message.assistant');
         const last = bot[bot.length - 1]?.textContent;
         return last && last.endsWith('from you.') && last",
        "the full reply",
    )
    .await;
    assert_eq!(
        reply,
        json!("(friendly) You said: Hello. That makes 1 messages from you.")
    );
    until(
        &tab,
        "return document.querySelector('textarea, input[type=text]').value === ''",
        "the box emptied",
    )
    .await;
    screenshot(&tab, "chat_interface").await;
    js(&tab, "button('Undo').click(); return 1").await;
    until(
        &tab,
        "return document.querySelectorAll('.chat .message').length === 0
             && document.querySelector('textarea, input[type=text]').value === 'Hello'",
        "the turn undone, its message back in the box",
    )
    .await;
    js(
        &tab,
        "document.querySelectorAll('.dataset tr.sample')[1].click(); return 1",
    )
    .await;
    until(
        &tab,
        "return document.querySelector('textarea, input[type=text]').value === 'What can you do?'",
        "the example in the box",
    )
    .await;
    js(&tab, "button('Submit').click(); return 1").await;
    until(
        &tab,
        "return document.querySelectorAll('.chat .message.assistant').length === 1",
        "a reply",
    )
    .await;
    js(&tab, "button('Clear').click(); return 1").await;
    until(
        &tab,
        "return document.querySelectorAll('.chat .message').length === 0",
        "the chat cleared",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
}
