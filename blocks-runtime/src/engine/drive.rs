//! Driving a handler: sync parts where they belong (the offload rule), async and streamed
//! results applied as they come.

use std::panic::AssertUnwindSafe;

use futures_util::{FutureExt, StreamExt};

use super::error::panicked;
use super::outputs::Writer;
use super::EventError;
use crate::event::handler::Invocation;
use crate::event::offload::{Failure, Offload};
use crate::event::pseudo::{Notice, Reporter};

/// Runs a sync part of a handler where it belongs (see [`crate::event::offload`]); a panic
/// becomes an error.
pub(super) async fn run_sync<T: Send + 'static>(
    offload: &Offload,
    f: impl FnOnce() -> T + Send + 'static,
    handler: &str,
) -> Result<T, EventError> {
    offload.run(f).await.map_err(|failure| match failure {
        Failure::Panicked(payload) => panicked(handler, payload),
        Failure::Cancelled => EventError::Cancelled {
            handler: handler.to_owned(),
        },
    })
}

/// Drives an invocation to its end, applying each result (one, or one per streamed item).
pub(super) async fn drive(
    mut invocation: Invocation,
    writer: &mut Writer<'_>,
    reporter: &Reporter,
    handler_name: &str,
    offload: &Offload,
) -> Result<(), EventError> {
    loop {
        invocation = match invocation {
            Invocation::Blocking(call) => run_sync(offload, call, handler_name).await?,
            Invocation::Rejected(err) => return Err(err.into()),
            Invocation::Ready(result) => {
                writer.apply(result)?;
                return Ok(());
            }
            Invocation::Future(future) => {
                let result = AssertUnwindSafe(future)
                    .catch_unwind()
                    .await
                    .map_err(|payload| panicked(handler_name, payload))?;
                writer.apply(result)?;
                return Ok(());
            }
            Invocation::Stream(stream) => {
                let mut stream = AssertUnwindSafe(stream).catch_unwind();
                while let Some(item) = stream.next().await {
                    let result = item.map_err(|payload| panicked(handler_name, payload))?;
                    let values = writer.apply(result)?;
                    let html = writer.step_html(&values).await;
                    reporter(Notice::Generating(values, html));
                }
                return Ok(());
            }
            Invocation::Iter(mut iter) => loop {
                let (rest, item) = run_sync(
                    offload,
                    move || {
                        let item = iter.next();
                        (iter, item)
                    },
                    handler_name,
                )
                .await?;
                iter = rest;
                match item {
                    Some(result) => {
                        let values = writer.apply(result)?;
                        let html = writer.step_html(&values).await;
                        reporter(Notice::Generating(values, html));
                    }
                    None => return Ok(()),
                }
            },
        };
    }
}
