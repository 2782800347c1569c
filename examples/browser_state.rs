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

/// The app.
#[blocks::app(title = "Browser state")]
pub fn app() {
    Markdown::new(
        "Your Username and Password will get saved in the browser's local storage. \
         If you refresh the page, the values will be retained.",
    );
    let username = Textbox::new().label("Username");
    let password = Textbox::new().label("Password").kind(TextboxType::Password);
    let generate = Button::new("Generate Randomly");
    let saved = BrowserState::new((String::new(), String::new())).storage_key("login");

    generate
        .click(|| (random_text(), random_text()), (), (username, password))
        .api_name("generate_randomly");
    load(|saved: (String, String)| saved, saved, (username, password))
        .api_name("load_from_local_storage");
    on(
        [username.change, password.change],
        |username: String, password: String| (username, password),
        (username, password),
        saved,
    )
    .api_name("save_to_local_storage");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
