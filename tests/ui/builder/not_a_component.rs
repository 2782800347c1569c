// The builder API: adding something that is not a component.
use blocks::prelude::*;

fn main() {
    let mut app = Blocks::new();
    app.add(42_u32);
}
