//! [`Examples`]: a table of example inputs; clicking a row fills the inputs, and runs a
//! handler when asked (Gradio's `gr.Examples`).

use crate::app::{Blocks, Event, EventBuilder};
use crate::component::{Dataset, Handle};
use crate::event::{ApiVisibility, Handler, Outputs, ShowProgress};
use crate::high_level::lists::{ids, HandleList};
use crate::high_level::Render;

type RunFn = Box<dyn for<'a> FnOnce(EventBuilder<'a>) -> Event<'a> + Send>;

/// A table of example inputs (a [`Dataset`]): clicking a row fills `inputs` with its values,
/// and with [`Examples::run`], then runs a handler on them. Each row is one value per input,
/// a tuple for several, checked by the compiler against the inputs' value types.
///
/// ```
/// use blocks_runtime::prelude::*;
///
/// let mut app = Blocks::new();
/// let name = app.add(Textbox::new().label("Name"));
/// let times = app.add(Number::new().label("Times"));
/// let out = app.add(Textbox::new().label("Greeting"));
/// app.render(
///     Examples::new((name, times), [("Ada".to_owned(), 2.0), ("Grace".to_owned(), 1.0)])
///         .run(|n: String, t: f64| n.repeat(t as usize), out),
/// );
/// let app = app.build();
/// let config = app.config();
/// let table = config["components"]
///     .as_array()
///     .and_then(|all| all.iter().find(|c| c["type"] == "dataset"))
///     .map(|c| &c["props"])
///     .unwrap();
/// assert_eq!(table["headers"], serde_json::json!(["Name", "Times"]));
/// assert_eq!(table["samples"][0], serde_json::json!(["Ada", 2.0]));
/// ```
pub struct Examples<H: HandleList> {
    inputs: H,
    rows: Vec<H::Values>,
    label: String,
    per_page: u32,
    labels: Option<Vec<String>>,
    run: Option<RunFn>,
}

impl<H: HandleList> std::fmt::Debug for Examples<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Examples")
            .field("rows", &self.rows.len())
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl<H: HandleList> Examples<H> {
    /// Examples for `inputs` (one handle or a tuple of them): one row per example, one value
    /// per input.
    pub fn new(inputs: H, rows: impl IntoIterator<Item = H::Values>) -> Self {
        Examples {
            inputs,
            rows: rows.into_iter().collect(),
            label: "Examples".to_owned(),
            per_page: 10,
            labels: None,
            run: None,
        }
    }

    /// The table's label (default "Examples").
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// How many examples a page shows (default 10).
    pub fn examples_per_page(mut self, n: u32) -> Self {
        self.per_page = n;
        self
    }

    /// Text shown for each example instead of its values.
    pub fn example_labels<S: Into<String>>(mut self, labels: impl IntoIterator<Item = S>) -> Self {
        self.labels = Some(labels.into_iter().map(Into::into).collect());
        self
    }

    /// After filling the inputs, runs `handler` on them and writes `outputs` (Gradio's
    /// `run_on_click=True`). The handler is checked against the inputs and outputs as any
    /// event's is.
    pub fn run<F, O, M>(mut self, handler: F, outputs: O) -> Self
    where
        F: Handler<H, O, M>,
        O: Outputs + Send + 'static,
        M: 'static,
    {
        let inputs = self.inputs;
        self.run = Some(Box::new(move |after: EventBuilder<'_>| {
            after
                .call(handler, inputs, outputs)
                .api_visibility(ApiVisibility::Undocumented)
        }));
        self
    }
}

impl<H: HandleList> Render for Examples<H> {
    type Handles = Handle<Dataset>;

    fn render(self, blocks: &mut Blocks) -> Handle<Dataset> {
        let ids = ids(&self.inputs);
        let kinds: Vec<&str> = ids.iter().map(|id| blocks.kind_of(*id)).collect();
        let headers: Vec<String> = ids
            .iter()
            .map(|id| blocks.label_of(*id).unwrap_or_default())
            .collect();
        let numbers: Vec<u32> = ids.iter().map(|id| id.get()).collect();
        let samples: Vec<Vec<serde_json::Value>> = self.rows.iter().map(H::json).collect();
        let mut table = Dataset::new()
            .label(self.label)
            .headers(headers)
            .samples(samples)
            .samples_per_page(self.per_page)
            .columns(&kinds, &numbers);
        if let Some(labels) = self.labels {
            table = table.sample_labels(labels);
        }
        let table = blocks.add(table);
        let rows = self.rows;
        let load = blocks
            .on(table.click())
            .call(
                move |index: usize| {
                    rows.get(index).cloned().ok_or_else(|| {
                        format!("there is no example {index}: the table has {}", rows.len())
                    })
                },
                table,
                self.inputs,
            )
            .fn_name("load_example")
            .api_visibility(ApiVisibility::Undocumented)
            .queue(false)
            .show_progress(ShowProgress::Hidden);
        if let Some(run) = self.run {
            run(load.then());
        }
        table
    }
}
