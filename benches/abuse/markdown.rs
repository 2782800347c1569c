//! Section 3: the time to render adversarial Markdown, under the default limits and without
//! the size limit.

use std::time::Instant;

use blocks::frontend::{RenderError, RenderLimits};

use crate::common::median;
use crate::markdown_inputs::{
    big_table, blockquotes, bracket_runs, dash_lists, divs, honest, indented_lists, link_openers,
    wide_table, Generator,
};
use crate::table::Table;
use crate::MARKDOWN_TARGET_MS;

const MIB: usize = 1 << 20;
const HALF_MIB: usize = 512 << 10;

pub(crate) fn markdown() -> Table {
    println!();
    println!("## 3. rendering adversarial Markdown (RenderLimits::markdown)");
    println!(
        "wall time on core 0 with no server running (one thread, so about its CPU time); median \
         of 5 runs (1 run when the first takes over 2 s). Default limits: max_bytes 512 KiB, \
         max_depth 128; the output HTML is checked against the limits too."
    );
    let cases: [(&str, Generator); 9] = [
        ("nested blockquotes (>×1000 per line)", blockquotes),
        ("nested <div> (one HTML block)", divs),
        ("nested lists (- - - … per line)", dash_lists),
        ("nested lists (indented staircase)", indented_lists),
        ("big table (20 columns)", big_table),
        ("wide-header table, 1-cell rows", wide_table),
        ("[ runs (one line)", bracket_runs),
        ("[ runs with ]( (link openers)", link_openers),
        ("honest document (README-like)", honest),
    ];
    let mut table = Table::new(
        "3. Markdown render time, median of 5 (target: < 50 ms, or refused)",
        &[
            "input",
            "1 MiB, default limits",
            "512 KiB, default limits",
            "1 MiB, max_bytes(usize::MAX)",
        ],
    );
    let default = RenderLimits::default();
    let unlimited = RenderLimits::default().max_bytes(usize::MAX);
    for (name, make) in cases {
        let big = make(MIB);
        let half = make(HALF_MIB);
        let mut cells = Vec::new();
        let mut last = Ok(String::new());
        for (limits, text) in [(&default, &big), (&default, &half), (&unlimited, &big)] {
            let (ms, result) = median_time(|| limits.markdown(text));
            let outcome = outcome(&result, text.len(), limits);
            // A refusal meets the target, but one that comes after rendering still cost the
            // time, so it is marked when slow.
            let verdict = match (result.is_ok(), ms < MARKDOWN_TARGET_MS) {
                (_, true) => "",
                (true, false) => " OVER",
                (false, false) => " (slow)",
            };
            cells.push(format!("{} {outcome}{verdict}", fmt_ms(ms)));
            last = result;
        }
        // How much of the unlimited render is the sanitiser's pass over the HTML.
        if let (Ok(html), Some(cell)) = (&last, cells.last_mut()) {
            let (ms, _) = median_time(|| unlimited.html(html));
            cell.push_str(&format!(", of which sanitising {}", fmt_ms(ms)));
        }
        println!("{name}: {}", cells.join(" | "));
        let mut row = vec![name.to_owned()];
        row.extend(cells);
        table.rows.push(row);
    }
    table
}

/// The median time of `render` over 5 runs (1 when the first takes over 2 s), and its last
/// result.
fn median_time(
    render: impl Fn() -> Result<String, RenderError>,
) -> (f64, Result<String, RenderError>) {
    let mut times = Vec::new();
    let mut result = Ok(String::new());
    for _ in 0..5 {
        let started = Instant::now();
        result = std::hint::black_box(render());
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        if ms > 2_000.0 {
            break;
        }
    }
    (median(&mut times), result)
}

/// `7.8 ms`; `48.4 µs` below a tenth of a millisecond; `25 ns` below a microsecond.
fn fmt_ms(ms: f64) -> String {
    if ms < 0.001 {
        format!("{:.0} ns", ms * 1e6)
    } else if ms < 0.1 {
        format!("{:.1} µs", ms * 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}

fn outcome(result: &Result<String, RenderError>, input: usize, limits: &RenderLimits) -> String {
    match result {
        Ok(html) => format!("ok ({} KiB html)", html.len() >> 10),
        Err(RenderError::TooLarge { .. }) if input > limits.max_bytes => {
            "refused: input too large".to_owned()
        }
        Err(RenderError::TooLarge { .. }) => "refused: html too large".to_owned(),
        Err(RenderError::TooDeep { .. }) => "refused: too deep".to_owned(),
        Err(other) => format!("refused: {other}"),
    }
}
