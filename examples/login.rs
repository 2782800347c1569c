//! Login: the echo app behind a login, as Gradio's `launch(auth=…)`. Open the page and log in
//! as alice / wonderland; API clients log in too (`Client(url, auth=("alice", "wonderland"))`
//! in Python). Every route answers 401 without the login cookie.

use blocks::prelude::*;

/// Returns its input, signed by the logged-in user.
#[blocks::handler]
pub fn echo(text: String, request: Request) -> String {
    match request.username() {
        Some(user) => format!("{user}: {text}"),
        None => text,
    }
}

/// The app, with its users.
#[blocks::app(title = "Echo")]
pub fn echo_app() {
    let input = Textbox::new().label("Input");
    let output = Textbox::new().label("Output");
    let send = Button::new("Echo");
    send.click(echo, (input, request), output).api_name("echo");
}

/// The app behind a login. Keep real passwords out of the source: `Auth::hashed` takes
/// Argon2 hashes (made with `Auth::hash_password`), `Auth::check` asks a function.
pub fn app() -> App {
    echo_app().auth([("alice", "wonderland")])
}

fn main() -> std::io::Result<()> {
    app().launch()
}
