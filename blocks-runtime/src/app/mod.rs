//! The app model: components, layout and dependencies, built with [`Blocks`] and run as an
//! [`App`].

mod api;
mod api_name;
mod builder;
mod config;
mod docs;
mod event_builder;
mod model;
mod states;

pub use api::{ApiModel, Endpoint, Parameter, Return};
pub use api_name::BuildError;
pub use builder::Blocks;
pub(crate) use event_builder::handler_name;
pub use event_builder::{Event, EventBuilder};
pub use model::{App, DependencyId, DependencyInfo, Events};

pub(crate) use config::THEME_CSS;
pub(crate) use model::{AppDef, ComponentRecord};
pub(crate) use states::DependencyStates;
