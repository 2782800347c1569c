//! Gradio's own page (the built frontend of the `gradio` pip package, served with
//! `ServerConfig::gradio_frontend`) drawing the plots and small components from blocks'
//! `/config`, with Gradio's own components.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use blocks::prelude::*;
use blocks::testing::TestServer;
use fantoccini::Locator;
use serde_json::json;

use crate::browser::{js, screenshot, until};
use crate::plots;

/// Chromium and chromedriver, and the folder of Gradio's page.
#[derive(Clone)]
pub(crate) struct Tools {
    browser: (PathBuf, PathBuf),
    frontend: PathBuf,
}

/// The tools, or why one is missing.
pub(crate) fn tools(python: &Result<PathBuf, String>) -> Result<Tools, String> {
    let browser = crate::browser::tools()?;
    let python = python.as_ref().map_err(Clone::clone)?;
    let output = Command::new(python)
        .args(["-c", "import gradio, os; print(os.path.join(os.path.dirname(gradio.__file__), 'templates', 'frontend'))"])
        .output()
        .map_err(|err| format!("cannot run {}: {err}", python.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} cannot import gradio: pip install gradio",
            python.display()
        ));
    }
    let frontend = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    if !frontend.join("index.html").exists() {
        return Err(format!("{} has no index.html", frontend.display()));
    }
    Ok(Tools { browser, frontend })
}

/// Runs a test with Chromium and the folder of Gradio's page.
pub(crate) fn in_gradio_page<F: std::future::Future<Output = ()>>(
    tools: Tools,
    test: impl FnOnce(crate::browser::Browser, PathBuf) -> F,
) {
    let Tools { browser, frontend } = tools;
    crate::browser::in_browser(browser, |chromium| test(chromium, frontend));
}

/// The plots and small components, each with a value, and a button that sends the small
/// ones' values back as marked text.
fn gallery() -> App {
    let mut app = Blocks::new();
    let table = plots::sales();
    app.add(
        LinePlot::new("week", "sales")
            .color("region")
            .title("Sales per week")
            .value(table.clone()),
    );
    app.add(
        ScatterPlot::new("week", "sales")
            .color("region")
            .title("Each week's sales")
            .value(table.clone()),
    );
    app.add(
        BarPlot::new("week", "sales")
            .color("region")
            .title("Total per week")
            .value(table),
    );
    let code = app.add(
        Code::new()
            .language(CodeLanguage::PYTHON)
            .value("print('hi')")
            .label("Code"),
    );
    let when = app.add(
        DateTime::new()
            .value("2024-06-03 09:00:00".parse().unwrap())
            .label("When"),
    );
    let color = app.add(
        ColorPicker::new()
            .value(HexColor::rgb(0x12, 0xab, 0x34))
            .label("Colour"),
    );
    let marked = app.add(
        HighlightedText::new()
            .value([
                Highlight::labelled("Paris", "LOC"),
                Highlight::plain(" is big"),
            ])
            .label("Marked"),
    );
    let go = app.add(Button::new("Go"));
    app.on(go.click()).call(
        |code: String, when: DateTimeValue, color: HexColor| {
            vec![
                Highlight::labelled(code, "code"),
                Highlight::plain(" "),
                Highlight::labelled(when.to_string(), "date"),
                Highlight::plain(" "),
                Highlight::labelled(color.to_string(), "colour"),
            ]
        },
        (code, when, color),
        marked,
    );
    app.build()
}

pub(crate) async fn gradios_page_draws_them_with_its_own_components(
    mut browser: crate::browser::Browser,
    frontend: PathBuf,
) {
    let config = TestServer::server_config().gradio_frontend(&frontend);
    let server = TestServer::start_with(gallery(), config).await;
    let tab = browser.context().await;
    tab.goto(server.url()).await.unwrap();
    tab.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=highlighted-text]"))
        .await
        .unwrap_or_else(|err| panic!("Gradio's page did not show the marked text: {err}"));
    let text = until(
        &tab,
        "const t = document.body.innerText; return ['Sales per week', \"Each week's sales\", 'Total per week', 'North', 'week'].every(s => t.includes(s)) && t",
        "the three plots drawn by Gradio's page",
    )
    .await;
    assert!(text.as_str().unwrap().contains("Paris"), "{text}");
    let code = until(
        &tab,
        "return document.querySelector('.cm-content')?.textContent",
        "the code editor",
    )
    .await;
    assert_eq!(code, json!("print('hi')"));
    let when = js(&tab, "return [...document.querySelectorAll('input')].map(i => i.value).includes('2024-06-03 09:00:00')").await;
    assert_eq!(when, json!(true), "the date-time in its field");
    screenshot(&tab, "gradio-plots").await;

    tab.find(Locator::XPath("//button[normalize-space()='Go']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let back = until(
        &tab,
        "const t = document.body.innerText; return t.includes('2024-06-03 09:00:00') && t.includes('#12ab34') && t",
        "the values sent back by the handler",
    )
    .await;
    assert!(back.as_str().unwrap().contains("print('hi')"), "{back}");
    screenshot(&tab, "gradio-plots-after-go").await;
    tab.close().await.unwrap();
    server.stop().await;
}
