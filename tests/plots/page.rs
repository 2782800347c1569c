//! The plots and small components in the page, as a person uses them.

use blocks::prelude::*;
use blocks::testing::TestServer;
use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser::{js, open, screenshot, until, Browser};
use crate::{cart, plots};

/// How many elements match `css` in the plot titled `title`.
async fn count(tab: &Client, title: &str, css: &str) -> u64 {
    js(
        tab,
        &format!("return [...document.querySelectorAll('.plot-box')].find(b => b.querySelector('.plot-title').textContent === \"{title}\").querySelectorAll('{css}').length"),
    )
    .await
    .as_u64()
    .unwrap()
}

pub(crate) async fn the_plots_example_draws_recolours_and_reports(mut browser: Browser) {
    let server = TestServer::start(plots::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    until(
        &tab,
        "return document.querySelectorAll('.plot-box svg').length === 3",
        "three plots",
    )
    .await;
    let titles = js(
        &tab,
        "return [...document.querySelectorAll('.plot-title')].map(t => t.textContent)",
    )
    .await;
    assert_eq!(
        titles,
        json!(["Total per week", "Sales per week", "Each week's sales"])
    );
    assert_eq!(
        count(&tab, "Sales per week", "path.line").await,
        2,
        "a line per region"
    );
    assert_eq!(
        count(&tab, "Each week's sales", "circle.point").await,
        10,
        "a point per row"
    );
    assert_eq!(
        count(&tab, "Total per week", "rect.bar").await,
        10,
        "a bar per week and region"
    );
    let bar = js(
        &tab,
        "return [...document.querySelectorAll('rect.bar title')].map(t => t.textContent).find(t => t.includes('week: 5') && t.includes('North'))",
    )
    .await;
    assert_eq!(bar, json!("week: 5\nsales: 21\nregion: North"));
    let legend = js(
        &tab,
        "return document.querySelector('.plot-legend').textContent",
    )
    .await;
    assert_eq!(legend, json!("regionNorthSouth"));
    // The bars of a week stack: week 5's stack (21 + 16.5) is the tallest.
    let tallest = js(&tab, "const bars = [...document.querySelectorAll('rect.bar')]; const top = Math.min(...bars.map(b => +b.getAttribute('y'))); return bars.find(b => +b.getAttribute('y') === top).querySelector('title').textContent").await;
    assert!(tallest.as_str().unwrap().contains("week: 5"), "{tallest}");
    screenshot(&tab, "plots").await;

    // The colour picker recolours North's line (a prop update of the plot).
    js(&tab, "const i = field(\"North's colour\"); i.value = '#ff0000'; i.dispatchEvent(new Event('input', {bubbles: true})); return 1").await;
    until(
        &tab,
        "return document.querySelector('path.line[data-series=North]').getAttribute('stroke') === '#ff0000'",
        "North's line in red",
    )
    .await;

    tab.find(Locator::XPath("//button[text()='Report']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let regions = until(
        &tab,
        "const t = [...document.querySelectorAll('.hl-token[data-label=region]')].map(n => n.firstChild.textContent); return t.length && t",
        "the report's regions",
    )
    .await;
    assert_eq!(regions, json!(["North", "South"]));
    let figures = js(&tab, "return [...document.querySelectorAll('.hl-token[data-label=figure]')].map(n => n.firstChild.textContent)").await;
    assert_eq!(figures, json!(["77", "61"]));
    let code = until(
        &tab,
        "const v = document.querySelector('.code .code-view'); return v && v.textContent.includes('headers') && v.textContent",
        "the table as JSON",
    )
    .await;
    assert!(code.as_str().unwrap().contains("\"region\""), "{code}");
    let shown = js(&tab, "return [document.querySelector('.code-lang').textContent, document.querySelectorAll('.code-view .tok-string').length > 3]").await;
    assert_eq!(
        shown,
        json!(["json", true]),
        "shown as JSON, strings marked"
    );
    screenshot(&tab, "plots_report").await;
    tab.close().await.unwrap();
    server.stop().await;
}

/// The page's resource URLs, space-separated.
async fn fetched(browser: &mut Browser, app: App) -> String {
    let server = TestServer::start(app).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let names = js(
        &tab,
        "return performance.getEntriesByType('resource').map(e => e.name).join(' ')",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
    names.as_str().unwrap().to_owned()
}

pub(crate) async fn the_plot_code_loads_only_in_apps_with_a_plot(mut browser: Browser) {
    let without = fetched(&mut browser, cart::app()).await;
    assert!(!without.contains("/assets/kinds/"), "{without}");
    let with = fetched(&mut browser, plots::app()).await;
    assert!(with.contains("/nativeplot.js"), "{with}");
    assert!(with.contains("/code.js"), "{with}");

    let mut app = Blocks::new();
    app.add(Code::new().value("fn main() {}").label("Source"));
    let code_only = fetched(&mut browser, app.build()).await;
    assert!(code_only.contains("/code.js"), "{code_only}");
    assert!(!code_only.contains("nativeplot"), "{code_only}");
}

/// A date-time, a colour, editable code and marked text, each wired to a textbox.
fn small_app() -> App {
    let mut app = Blocks::new();
    let when = app.add(DateTime::new().label("When"));
    let unix = app.add(Textbox::new().label("Unix"));
    app.on(when.submit())
        .call(|d: DateTimeValue| d.unix().to_string(), when, unix);
    let color = app.add(ColorPicker::new().label("Colour"));
    let hex = app.add(Textbox::new().label("Hex"));
    app.on(color.change())
        .call(|c: HexColor| c.to_string(), color, hex);
    let code = app.add(
        Code::new()
            .language(CodeLanguage::PYTHON)
            .value("x = 1")
            .label("Code"),
    );
    let shout = app.add(Textbox::new().label("Shout"));
    app.on(code.change())
        .call(|c: String| c.to_uppercase(), code, shout);
    app.add(
        Code::new()
            .language(CodeLanguage::PYTHON)
            .value("def f(x):\n    # twice\n    return 2 * x  # 'doubled'\n")
            .label("Read-only")
            .interactive(false),
    );
    let text = app.add(
        HighlightedText::new()
            .label("Text")
            .value([
                Highlight::labelled("Paris", "LOC"),
                Highlight::plain(" is in "),
                Highlight::labelled("France", "LOC"),
                Highlight::plain(", said "),
                Highlight::labelled("Ada", "PER"),
                Highlight::plain(". "),
                Highlight::scored("Good", 0.8),
                Highlight::plain(" "),
                Highlight::scored("bad", -0.6),
            ])
            .color_map([("LOC", "#fab005")])
            .show_legend(true),
    );
    let picked = app.add(Textbox::new().label("Picked"));
    app.on(text.select())
        .call(|s: SelectData| s.value.to_string(), SelectInput, picked);
    app.build()
}

pub(crate) async fn small_components_edit_submit_and_select(mut browser: Browser) {
    let server = TestServer::start(small_app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;

    let date = tab.find(Locator::Css(".datetime-text")).await.unwrap();
    date.send_keys("2024-03-01 10:00:00\u{E007}").await.unwrap();
    until(
        &tab,
        "return field('Unix').value === '1709287200'",
        "the Unix time",
    )
    .await;
    // The calendar picker follows the text, and fills it.
    let picker = js(
        &tab,
        "return document.querySelector('.datetime-pick').value",
    )
    .await;
    assert!(
        picker.as_str().unwrap().starts_with("2024-03-01T10:00"),
        "{picker}"
    );
    js(&tab, "const p = document.querySelector('.datetime-pick'); p.value = '2025-12-24T18:30:05'; p.dispatchEvent(new Event('change')); return 1").await;
    assert_eq!(
        js(&tab, "return field('When').value").await,
        json!("2025-12-24 18:30:05")
    );

    js(&tab, "const i = field('Colour'); i.value = '#12ab34'; i.dispatchEvent(new Event('input', {bubbles: true})); return 1").await;
    until(
        &tab,
        "return field('Hex').value === '#12ab34'",
        "the colour's hex",
    )
    .await;

    let code = tab.find(Locator::Css("textarea.code-input")).await.unwrap();
    code.send_keys(" + y").await.unwrap();
    until(
        &tab,
        "return field('Shout').value === 'X = 1 + Y'",
        "the code, shouted",
    )
    .await;
    let langs = js(
        &tab,
        "return [...document.querySelectorAll('.code-lang')].map(l => l.textContent)",
    )
    .await;
    assert_eq!(langs, json!(["python", "python"]));
    let marked = js(&tab, "return [...document.querySelectorAll('.code-view span')].map(s => s.className + ':' + s.textContent)").await;
    assert_eq!(
        marked,
        json!([
            "tok-keyword:def",
            "tok-comment:# twice",
            "tok-keyword:return",
            "tok-number:2",
            "tok-comment:# 'doubled'"
        ])
    );

    let legend = js(
        &tab,
        "return [...document.querySelectorAll('.hl-legend span')].map(s => s.textContent)",
    )
    .await;
    assert_eq!(legend, json!(["LOC", "PER"]));
    let scores = js(
        &tab,
        "return document.querySelectorAll('.hl-token[data-score]').length",
    )
    .await;
    assert_eq!(scores, json!(2));
    tab.find(Locator::Css(".hl-token[data-index='2']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        &tab,
        "return field('Picked').value === '[\"France\",\"LOC\"]'",
        "the selected span",
    )
    .await;
    screenshot(&tab, "plots_small_components").await;
    tab.close().await.unwrap();
    server.stop().await;
}
