#[blocks::app]
fn demo(port: u16) -> u16 {}

fn main() {}
