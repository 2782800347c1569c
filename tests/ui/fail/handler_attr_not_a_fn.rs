// `#[blocks::handler]` names a handler fn's parameters; on anything else it is an error.
#[blocks::handler]
struct Echo;

fn main() {}
