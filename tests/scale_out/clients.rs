//! Real clients through the round-robin proxy: `gradio_client` and the page in Chromium, whose
//! consecutive requests alternate between the two replicas.

use std::path::PathBuf;
use std::process::Command;

use crate::browser::{in_browser, js, open, until};
use crate::cluster::Cluster;

pub(crate) fn gradio_client_keeps_each_cart_across_replicas((redis, python): (PathBuf, PathBuf)) {
    let runtime = crate::e2e::runtime();
    let cluster = runtime.block_on(Cluster::start(&redis));
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/gradio_client/check.py");
    let url = format!("{}/", cluster.proxy.url());
    let output = runtime.block_on(async {
        tokio::task::spawn_blocking(move || {
            Command::new(python)
                .arg(script)
                .arg("cart")
                .arg(url)
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let found: serde_json::Value =
        serde_json::from_str(stdout.lines().last().unwrap_or_default()).unwrap();
    assert_eq!(found["a_size"], 3.0, "client A added three items: {found}");
    assert_eq!(found["b_size"], 1.0, "client B has its own cart: {found}");
    drop(cluster);
}

pub(crate) fn the_page_keeps_its_cart_across_replicas(
    (redis, tools): (PathBuf, (PathBuf, PathBuf)),
) {
    in_browser(tools, |mut browser| async move {
        let cluster = Cluster::start(&redis).await;
        let url = cluster.proxy.url();
        let check = |item: &str| {
            format!("[...document.querySelectorAll('label.choice')].find(l => l.textContent === '{item}').click(); return 1")
        };
        let alice = browser.context().await;
        open(&alice, &url).await;
        js(&alice, &check("Milk")).await;
        js(&alice, &check("Water")).await;
        js(&alice, "button('Add Items').click(); return 1").await;
        until(
            &alice,
            "return field('Cart Size').value === '2'",
            "Cart Size 2",
        )
        .await;
        let bob = browser.context().await;
        open(&bob, &url).await;
        js(&bob, &check("Cereal")).await;
        js(&bob, "button('Add Items').click(); return 1").await;
        until(
            &bob,
            "return field('Cart Size').value === '1'",
            "Bob's cart size 1",
        )
        .await;
        // Each click is a join and a stream, landing on alternating replicas.
        for size in [4, 6, 8] {
            js(&alice, "button('Add Items').click(); return 1").await;
            until(
                &alice,
                &format!("return field('Cart Size').value === '{size}'"),
                &format!("Alice's cart size {size}"),
            )
            .await;
        }
        alice.close().await.unwrap();
        bob.close().await.unwrap();
        drop(cluster);
    });
}
