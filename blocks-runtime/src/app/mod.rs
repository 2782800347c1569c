//! The app model: components, layout and dependencies, built with [`Blocks`] and run as an
//! [`App`].

mod api;
mod builder;
mod config;
mod model;

pub use api::{ApiModel, Endpoint, Parameter, Return};
pub use builder::{Blocks, Event, EventBuilder};
pub use model::{App, DependencyId, DependencyInfo};
pub(crate) use model::{AppDef, ComponentRecord};
