use blocks::prelude::*;
use std::rc::Rc;

#[blocks::app]
fn demo() {
    let history = State::new(Rc::new(Vec::<String>::new()));
}

fn main() {}
