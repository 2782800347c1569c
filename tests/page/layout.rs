//! Layout blocks named in a macro app, driven by its handlers in the browser: a row hidden, an
//! accordion opened, a tab selected, and a tab's own `select` event.

use blocks::prelude::*;
use blocks::testing::TestServer;

use crate::browser::{
    go_hides_the_row_opens_the_accordion_and_selects_tab_b, open, reselect_tab_b, screenshot,
    until, Browser,
};

#[blocks::app]
fn layouts() {
    let go = Button::new("Go");
    let panel = row(|| {
        Textbox::new().label("In the row");
    });
    let more = accordion("More", || {
        Textbox::new().label("In the accordion");
    })
    .open(false);
    let pages = tabs(|| {
        tab("A", || {
            Textbox::new().label("In A");
        })
        .id("a");
        let b = tab("B", || {
            Textbox::new().label("In B");
        })
        .id("b");
    });
    let chosen = Textbox::new().label("Chosen tab");
    go.click(
        || {
            (
                Row::update().visible(false),
                Accordion::update().open(true),
                Tabs::update().selected("b"),
            )
        },
        (),
        (panel, more, pages),
    );
    b.select(|evt: SelectData| evt.value.to_string(), select_data, chosen);
}

pub(crate) async fn a_macro_app_hides_opens_and_selects_its_layout_blocks(mut browser: Browser) {
    let server = TestServer::start(layouts()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    go_hides_the_row_opens_the_accordion_and_selects_tab_b(&tab).await;
    reselect_tab_b(&tab).await;
    until(
        &tab,
        "return field('Chosen tab').value === '\"B\"'",
        "tab B's select event",
    )
    .await;
    screenshot(&tab, "macro_layout_updates").await;
    tab.close().await.unwrap();
    server.stop().await;
}
