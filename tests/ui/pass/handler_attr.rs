// `#[blocks::handler]` on a free fn in another module, a generic fn and an associated fn: each
// event wired to them names its parameters after the fn's.
use blocks::prelude::*;

mod handlers {
    /// Returns its input.
    #[blocks::handler]
    pub fn echo(text: String) -> String {
        text
    }

    /// Any displayable value, as text.
    #[blocks::handler]
    pub fn show<T: std::fmt::Display>(value: T) -> String {
        value.to_string()
    }
}

struct Tools;

impl Tools {
    #[blocks::handler]
    fn twice(number: f64) -> f64 {
        number * 2.0
    }
}

#[blocks::app]
fn app() {
    let input = Textbox::new();
    let output = Textbox::new();
    let number = Number::new();
    input.submit(handlers::echo, input, output).api_name("echo");
    number.change(handlers::show::<f64>, number, output).api_name("show");
    number.submit(Tools::twice, number, number).api_name("twice");
}

fn main() {
    let app = app();
    for (name, expected) in [("echo", "text"), ("show", "value"), ("twice", "number")] {
        let id = app.dependency_by_api_name(name).unwrap();
        let names = app.dependency(id).unwrap().parameter_names;
        assert_eq!(names, vec![expected.to_owned()], "{name}");
    }
}
