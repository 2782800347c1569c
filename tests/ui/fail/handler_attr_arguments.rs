// `#[blocks::handler]` takes no arguments.
#[blocks::handler(name = "echo")]
fn echo(text: String) -> String {
    text
}

fn main() {}
