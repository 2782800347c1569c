//! Plot and small component values over HTTP: Gradio's wire shapes in and out, and a value of
//! the wrong shape refused with a 422 that names the component.

#![allow(clippy::unwrap_used)]

use blocks::testing::TestServer;
use serde_json::{json, Value};

#[path = "plots/apps.rs"]
mod apps;

/// The 422 of a refused value: its `component` and `msg`.
async fn refused(server: &TestServer, api: &str, value: Value) -> (String, String) {
    let refusal = server.run(api, json!([value])).await.unwrap_err();
    assert_eq!(refusal.status, 422, "{api}: {}", refusal.body);
    let detail = &refusal.body["detail"][0];
    (
        detail["component"].as_str().unwrap_or_default().to_owned(),
        detail["msg"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plots_take_and_give_gradios_plot_data() {
    let server = TestServer::start(apps::kinds_app()).await;
    let data = json!({"columns": ["x", "y", "c"], "data": [[1, 2.5, "a"], [2, 3, "b"]],
                      "datatypes": {"x": "quantitative", "y": "quantitative", "c": "nominal"},
                      "mark": "line"});
    for (api, mark) in [("line", "line"), ("bar", "bar"), ("scatter", "point")] {
        let out = server.run(api, json!([data])).await.unwrap();
        let mut expected = data.clone();
        expected["mark"] = json!(mark);
        assert_eq!(out["data"][0], expected, "{api}");
    }
    // A Dataframe's value is taken too; the column types are read from the cells.
    let frame = json!({"headers": ["x", "y"], "data": [["Mon", 1], ["Tue", null]]});
    let out = server.run("bar", json!([frame])).await.unwrap();
    assert_eq!(
        out["data"][0]["datatypes"],
        json!({"x": "nominal", "y": "quantitative"})
    );
    let (component, msg) =
        refused(&server, "line", json!({"columns": ["x"], "data": [[1, 2]]})).await;
    assert_eq!(component, "LinePlot");
    assert!(msg.contains("row 0 has 2 cells for 1 columns"), "{msg}");
    let (component, _) = refused(&server, "bar", json!("x,y\n1,2")).await;
    assert_eq!(component, "LinePlot", "the input is the Table plot");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_components_round_trip_and_refuse_bad_values() {
    let server = TestServer::start(apps::kinds_app()).await;
    let run = |api: &'static str, value: Value| {
        let server = &server;
        async move { server.run(api, json!([value])).await.unwrap()["data"][0].clone() }
    };
    assert_eq!(
        run("date", json!("2024-02-28 23:30:00")).await,
        json!("2024-02-29 23:30:00")
    );
    assert_eq!(
        run("date", json!("2023-12-31")).await,
        json!("2024-01-01 00:00:00")
    );
    assert_eq!(run("color", json!("#ABC")).await, json!("#aabbcc"));
    let spans = json!([{"token": "Paris", "class_or_confidence": "LOC"},
                       {"token": " is ", "class_or_confidence": null},
                       {"token": "big", "class_or_confidence": 0.75}]);
    let mut marked = spans.as_array().unwrap().clone();
    marked.push(json!({"token": "!", "class_or_confidence": "bang"}));
    assert_eq!(run("spans", spans).await, Value::Array(marked));
    assert_eq!(run("code", json!("print(1)")).await, json!("PRINT(1)"));

    for (api, bad, component, says) in [
        (
            "date",
            json!("2023-02-29 10:00:00"),
            "DateTime",
            "day 29 is out of range",
        ),
        ("date", json!("tomorrow"), "DateTime", "is not a date-time"),
        ("color", json!("red"), "ColorPicker", "is not a hex colour"),
        (
            "spans",
            json!([{"text": "x"}]),
            "HighlightedText",
            "unknown field",
        ),
        ("code", json!(5), "Code", "a string"),
    ] {
        let (named, msg) = refused(&server, api, bad.clone()).await;
        assert_eq!(named, component, "{bad}");
        assert!(msg.contains(says), "{bad}: {msg}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_config_and_api_describe_them_as_gradio_does() {
    let server = TestServer::start(apps::kinds_app()).await;
    let config = server.config().await;
    let types: Vec<&str> = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    for kind in [
        "nativeplot",
        "datetime",
        "colorpicker",
        "highlightedtext",
        "code",
    ] {
        assert!(types.contains(&kind), "{kind} in {types:?}");
    }
    let line = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["props"]["label"] == "Line")
        .unwrap();
    assert_eq!(line["props"]["name"], "lineplot");
    assert_eq!(line["props"]["x"], "x");
    let info = server.info().await;
    let date = &info["named_endpoints"]["/date"]["parameters"][0];
    assert_eq!(date["component"], "DateTime");
    assert_eq!(date["python_type"]["type"], "str");
    server.stop().await;
}

/// The `modules` of the config embedded in the page at `/`.
async fn page_modules(app: blocks::prelude::App) -> Value {
    let server = TestServer::start(app).await;
    let html = server.get("/").await.text().await.unwrap();
    server.stop().await;
    let start = html.find("id=\"blocks-config\">").unwrap() + "id=\"blocks-config\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let config: Value = serde_json::from_str(&html[start..end]).unwrap();
    config["modules"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_app_with_a_plot_is_sent_the_plot_module() {
    use blocks::prelude::*;
    let mut app = Blocks::new();
    app.add(Textbox::new());
    assert_eq!(page_modules(app.build()).await, json!({}));
    let mut app = Blocks::new();
    app.add(ColorPicker::new());
    let modules = page_modules(app.build()).await;
    assert!(modules.get("nativeplot").is_none(), "{modules}");
    assert!(modules["colorpicker"]
        .as_str()
        .unwrap()
        .ends_with("/colorpicker.js"));

    let modules = page_modules(apps::kinds_app()).await;
    // Module URLs are relative to the page, so they work under any prefix.
    let url = format!(
        "/{}",
        modules["nativeplot"]
            .as_str()
            .unwrap()
            .trim_start_matches('/')
    );
    let server = TestServer::start(apps::kinds_app()).await;
    let module = server.get(&url).await;
    assert_eq!(module.status(), 200);
    let source = module.text().await.unwrap();
    assert!(source.contains("export function create"), "the plot module");
    server.stop().await;
}
