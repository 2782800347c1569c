// A handler takes its inputs as parameters: a method with `self` cannot be one.
struct Greeter;

impl Greeter {
    #[blocks::handler]
    fn greet(&self, name: String) -> String {
        name
    }
}

fn main() {}
