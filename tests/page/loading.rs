//! Loading and connection: the first load's size on the wire, and a lost connection shown
//! and recovered from.

use blocks::testing::TestServer;

use crate::browser::{free_port, js, open, screenshot, serve_on, until, Browser};
use crate::{cart, per_session};

pub(crate) async fn first_load_fits_the_budget(mut browser: Browser) {
    let server = TestServer::start(cart::app()).await;
    let mut sizes = Vec::new();
    let mut times = Vec::new();
    for _ in 0..7 {
        // A fresh profile (nothing cached), but a started browser: what is measured is the
        // page, not Chromium's own start-up.
        let tab = browser.context().await;
        tab.goto("data:text/html,<p>warm-up</p>").await.unwrap();
        open(&tab, server.url()).await;
        let bytes = js(&tab, "return performance.getEntriesByType('navigation')[0].transferSize + performance.getEntriesByType('resource').reduce((a, e) => a + e.transferSize, 0)").await;
        let rendered = js(&tab, "return window.__blocks.renderedAt").await;
        if std::env::var_os("BLOCKS_PAGE_TIMING").is_some() {
            let timing = js(&tab, "const n = performance.getEntriesByType('navigation')[0]; const r = performance.getEntriesByType('resource'); return JSON.stringify({html: n.responseEnd, domInteractive: n.domInteractive, resources: r.length, lastResource: Math.max(...r.map(e => e.responseEnd)), firstResourceStart: Math.min(...r.map(e => e.startTime)), rendered: window.__blocks.renderedAt})").await;
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "timing {timing}");
        }
        sizes.push(bytes.as_f64().unwrap());
        times.push(rendered.as_f64().unwrap());
        tab.close().await.unwrap();
    }
    sizes.sort_by(f64::total_cmp);
    times.sort_by(f64::total_cmp);
    let (size, time) = (sizes[3], times[3]);
    // The render time is reported, not asserted: on a shared, noisy machine a time limit fails
    // by chance. The bytes on the wire do not depend on the machine.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "page budget (cart, first load, median of 7): {size:.0} bytes on the wire, rendered at {time:.1} ms (all: {times:?})"
    );
    assert!(size < 40.0 * 1024.0, "first load is {size} bytes");
    server.stop().await;
}

pub(crate) async fn a_lost_connection_shows_and_recovers(mut browser: Browser) {
    let port = free_port();
    let server = serve_on(per_session::app(), port).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let before = js(&tab, "return window.__blocks.transport.session").await;
    server.stop().await;
    let banner = until(
        &tab,
        "const b = document.getElementById('banner'); return !b.hidden && b.textContent",
        "the banner",
    )
    .await;
    assert!(
        banner.as_str().unwrap().contains("Connection lost"),
        "{banner}"
    );
    screenshot(&tab, "connection_lost").await;
    let server = serve_on(per_session::app(), port).await;
    // The restarted server has a new app id, so the page reloads itself into a new session.
    until(
        &tab,
        &format!("return window.__blocks && document.getElementById('banner').hidden && window.__blocks.transport.session !== {before}"),
        "the page to come back",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
}
