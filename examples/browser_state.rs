//! Values saved in the browser with `BrowserState`: they survive a reload.
//!
//! The username and password are stored in the browser's localStorage whenever either changes,
//! and restored into the text boxes when the page loads.

use blocks::prelude::*;

/// Ten random letters and digits.
fn random_text() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    Alphanumeric.sample_string(&mut rand::rng(), 10)
}

/// Builds the app.
pub fn app() -> App {
    let mut app = Blocks::new();
    app.title("Browser state");
    app.add(Markdown::new(
        "Your Username and Password will get saved in the browser's local storage. \
         If you refresh the page, the values will be retained.",
    ));
    let username = app.add(Textbox::new().label("Username"));
    let password = app.add(Textbox::new().label("Password").kind(TextboxType::Password));
    let generate = app.add(Button::new("Generate Randomly"));
    let saved = app.add(BrowserState::new((String::new(), String::new())).storage_key("login"));

    app.on(generate.click())
        .call(|| (random_text(), random_text()), (), (username, password))
        .api_name("generate_randomly");
    app.load()
        .call(|saved: (String, String)| saved, saved, (username, password))
        .api_name("load_from_local_storage");
    app.on([username.change(), password.change()])
        .call(
            |username: String, password: String| (username, password),
            (username, password),
            saved,
        )
        .api_name("save_to_local_storage");
    app.build()
}

fn main() {
    let app = app();
    println!("{app:?}");
    println!("{:#}", app.config());
}
