//! Tests of the builder: api names and building.

use super::BuildError;
use crate::prelude::*;

fn echo(text: String) -> String {
    text
}

fn shout(text: String) -> String {
    text.to_uppercase()
}

/// An app with a textbox and one event per `(handler, api_name)`. A macro, not a `fn`
/// taking `fn` pointers: the default api_name is the handler's own type name.
macro_rules! app_with {
    ($(($handler:path, $name:expr)),* $(,)?) => {{
        let mut app = Blocks::new();
        let text = app.add(Textbox::new());
        $(
            let event = app.on(text.submit()).call($handler, text, text);
            let name: Option<&str> = $name;
            if let Some(name) = name {
                let _ = event.api_name(name);
            }
        )*
        app
    }};
}

#[test]
fn a_duplicate_explicit_api_name_is_an_error_naming_it_and_both_handlers() {
    let err = app_with!((echo, Some("echo")), (shout, Some("/echo")))
        .try_build()
        .expect_err("the build should fail");
    assert_eq!(
        err,
        BuildError::DuplicateApiName {
            name: "echo".into(),
            first: "echo".into(),
            second: "shout".into(),
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("`echo`") && message.contains("`shout`"),
        "{message}"
    );
}

#[test]
fn an_invalid_explicit_api_name_is_an_error_stating_the_rule() {
    for name in ["/my echo", "", "/", "écho"] {
        let err = app_with!((echo, Some(name)))
            .try_build()
            .expect_err("the build should fail");
        assert!(
            matches!(&err, BuildError::InvalidApiName { name: n, .. } if n == name),
            "{err}"
        );
        assert!(err.to_string().contains("ASCII letters"), "{err}");
    }
}

#[test]
#[should_panic(expected = "api_name `echo` is set on two events")]
fn build_panics_with_the_build_errors_message() {
    let _ = app_with!((echo, Some("echo")), (shout, Some("echo"))).build();
}

#[test]
fn duplicate_default_api_names_are_still_numbered() {
    let app = app_with!((echo, None), (echo, None), (echo, None))
        .try_build()
        .expect("the app should build");
    let names: Vec<String> = app.dependencies().into_iter().map(|d| d.api_name).collect();
    assert_eq!(names, ["echo", "echo_1", "echo_2"]);
}

#[test]
fn an_explicit_api_name_keeps_its_name_over_an_earlier_default() {
    let app = app_with!((echo, None), (shout, Some("echo")))
        .try_build()
        .expect("the app should build");
    let names: Vec<String> = app.dependencies().into_iter().map(|d| d.api_name).collect();
    assert_eq!(names, ["echo_1", "echo"]);
}

#[test]
fn a_leading_slash_is_stripped() {
    let app = app_with!((echo, Some("/greet")))
        .try_build()
        .expect("the app should build");
    assert!(app.dependency_by_api_name("greet").is_some());
    assert!(app.dependency_by_api_name("/greet").is_none());
}
