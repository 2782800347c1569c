//! Tests of the engine: cascades, cycles, panics, wrong types, Send futures.

use crate::prelude::*;
use crate::testing::TestApp;
use serde_json::json;

fn assert_send<T: Send>(_: &T) {}

#[test]
fn run_futures_are_send_so_servers_can_spawn_them() {
    let app = Blocks::new().build();
    let future = app.run(crate::engine::EventRequest::new(
        SessionId::random(),
        DependencyId(0),
        Vec::new(),
    ));
    assert_send(&future);
}

#[test]
fn a_cascade_runs_each_listener_once_in_order() {
    let mut app = Blocks::new();
    let a = app.add(Number::new());
    let b = app.add(Number::new());
    let c = app.add(Number::new());
    let go = app.add(Button::new("go"));
    app.on(go.click()).call(|| 1.0, (), a);
    app.on(a.change()).call(|x: f64| x + 1.0, a, b);
    app.on(b.change()).call(|x: f64| x * 10.0, b, c);
    let test = TestApp::new(app.build());
    let tab = test.open();
    let fired = tab.click(go).expect("no error");
    assert_eq!(fired.listeners().len(), 2);
    assert_eq!(tab.value(b), 2.0);
    assert_eq!(tab.value(c), 20.0);
    let again = tab.click(go).expect("no error");
    assert!(again.listeners().is_empty(), "a is 1.0 again: no change");
}

#[test]
fn a_cycle_is_an_error_not_a_hang() {
    let mut app = Blocks::new();
    let x = app.add(Number::new().label("x"));
    let y = app.add(Number::new().label("y"));
    let go = app.add(Button::new("go"));
    app.on(go.click()).call(|| 1.0, (), x);
    app.on(x.change())
        .call(|v: f64| v + 1.0, x, y)
        .api_name("x_to_y");
    app.on(y.change())
        .call(|v: f64| v + 1.0, y, x)
        .api_name("y_to_x");
    let test = TestApp::new(app.build());
    let tab = test.open();
    let err = tab.click(go).expect_err("cycle");
    assert!(matches!(err, EventError::ChangeCycle { .. }));
    let message = err.to_string();
    assert!(
        message.contains("x_to_y") || message.contains("y_to_x"),
        "{message}"
    );
}

#[test]
fn a_listener_that_settles_is_not_a_cycle() {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    let go = app.add(Button::new("go"));
    app.on(go.click()).call(|| "  padded  ", (), text);
    app.on(text.change())
        .call(|t: String| t.trim().to_owned(), text, text);
    let test = TestApp::new(app.build());
    let tab = test.open();
    tab.click(go).expect("settles after one round");
    assert_eq!(tab.value(text), "padded");
}

#[test]
fn a_panicking_handler_fails_the_event_and_keeps_the_state() {
    let mut app = Blocks::new();
    let count = app.add(State::new(5_u32));
    let go = app.add(Button::new("go"));
    let ok = app.add(Button::new("ok"));
    app.on(go.click())
        .call(
            |n: u32| {
                assert!(n > 100, "handler bug at {n}");
                n
            },
            count,
            count,
        )
        .api_name("boom");
    app.on(go.click())
        .call(
            |n: u32| async move {
                assert!(n > 100, "async handler bug at {n}");
                n
            },
            count,
            count,
        )
        .api_name("async_boom");
    app.on(ok.click()).call(|n: u32| n + 1, count, count);
    let test = TestApp::new(app.build());
    let tab = test.open();
    let fired = tab.fire(go.click());
    assert_eq!(fired.runs.len(), 2);
    for (_, result) in &fired.runs {
        assert!(
            matches!(result, Err(EventError::Panicked { .. })),
            "{result:?}"
        );
    }
    assert_eq!(
        tab.state(count),
        Some(5),
        "the state is as before the event"
    );
    tab.click(ok).expect("the session still works");
    assert_eq!(tab.state(count), Some(6));
}

#[test]
fn a_wrong_type_names_the_component_and_keeps_the_state() {
    let mut app = Blocks::new();
    let age = app.add(Number::new().label("Age"));
    let total = app.add(State::new(0.0_f64));
    let go = app.add(Button::new("go"));
    app.on(go.click())
        .call(|a: f64, t: f64| t + a, (age, total), total)
        .api_name("add");
    let test = TestApp::new(app.build());
    let client = test.session();
    client
        .call("add", vec![json!(2), json!(null)])
        .expect("adds");
    let err = client
        .call("add", vec![json!("two"), json!(null)])
        .expect_err("wrong type");
    let message = err.to_string();
    assert!(message.contains("Number"), "{message}");
    assert!(message.contains("\"Age\""), "{message}");
    assert!(
        message.contains("expects a number, got a string"),
        "{message}"
    );
    assert_eq!(client.state(total), Some(2.0));
}

#[test]
fn an_unload_listener_reads_the_sessions_states() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut app = Blocks::new();
    let visits = app.add(State::new(0_u32));
    let go = app.add(Button::new("go"));
    app.on(go.click()).call(|v: u32| v + 1, visits, visits);
    let record = std::sync::Arc::clone(&seen);
    app.unload().call(
        move |v: u32| {
            if let Ok(mut seen) = record.lock() {
                seen.push(v);
            }
        },
        visits,
        (),
    );
    let test = TestApp::new(app.build());
    let tab = test.open();
    tab.click(go).expect("no error");
    tab.click(go).expect("no error");
    let unloaded = tab.close();
    assert_eq!(unloaded.len(), 1);
    assert!(unloaded[0].is_ok(), "{:?}", unloaded[0]);
    assert_eq!(*seen.lock().expect("not poisoned"), vec![2]);
}
