use blocks::prelude::*;

#[derive(Clone)]
struct Scores(Vec<f64>);

#[blocks::app]
fn demo() {
    let scores = State::new(Scores(Vec::new()));
    let count = Number::new();
    scores.change(|s: Scores| s.0.len() as f64, scores, count);
}

fn main() {}
