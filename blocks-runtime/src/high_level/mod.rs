//! The high-level entry points most Gradio users start from: [`Interface`] (a function's
//! inputs, outputs and Submit/Clear buttons), [`ChatInterface`] (a chat app around a
//! `fn(message, history) -> reply`) and [`Examples`] (a table of example inputs under a form).
//!
//! Each is a thin layer: [`Render::render`] lays out ordinary components and wires ordinary
//! events on a [`Blocks`], so the engine, the API model and every client treat the result like
//! any app. Use them with the builder (`app.render(Interface::new(…))`, or
//! `Interface::new(…).build()` for a whole app), or as a statement in `blocks!` /
//! `#[blocks::app]`, which renders them where they stand.

mod chat;
mod chat_handler;
mod examples;
mod interface;
mod lists;

pub use chat::{ChatHandles, ChatInterface};
pub use examples::Examples;
pub use interface::{Interface, InterfaceHandles};
pub use lists::{ComponentList, HandleList, History};

use crate::app::Blocks;

/// Something that lays itself out on an app: components, layout blocks and their events.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be rendered on an app",
    label = "not an Interface, ChatInterface or Examples"
)]
pub trait Render {
    /// What the caller gets back: the handles of what was added, to wire more events.
    type Handles;
    /// Adds everything to `blocks`, in the current layout block.
    fn render(self, blocks: &mut Blocks) -> Self::Handles;
}

impl Blocks {
    /// Lays out an [`Interface`], a [`ChatInterface`] or [`Examples`] in the current layout
    /// block and returns the handles of what it added.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    ///
    /// let mut app = Blocks::new();
    /// let name = app.add(Textbox::new().label("Name"));
    /// let table = app.render(Examples::new(name, ["Ada".to_owned(), "Grace".to_owned()]));
    /// let app = app.build();
    /// assert_eq!(app.config()["components"][1]["props"]["samples"][1][0], "Grace");
    /// # let _ = table;
    /// ```
    pub fn render<R: Render>(&mut self, item: R) -> R::Handles {
        item.render(self)
    }
}
