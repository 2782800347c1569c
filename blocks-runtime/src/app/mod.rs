//! The app model: components, layout and dependencies, built with [`Blocks`] and run as an
//! [`App`].

mod builder;
mod config;
mod model;

pub use builder::{Blocks, Event, EventBuilder};
pub use model::{App, DependencyId, DependencyInfo};
pub(crate) use model::{AppDef, ComponentRecord};
