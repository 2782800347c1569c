//! Sessions: ids, the sharded session store, lifecycle and expiry, state slots, change hashes.

mod clock;
pub(crate) mod hash;
mod id;
mod session;
mod store;

pub use clock::{Clock, ManualClock, SystemClock};
pub use hash::{hash_json, hash_value};
pub use id::{SessionId, SessionIdError};
pub use session::Session;
pub(crate) use session::StateEntry;
pub use store::{SessionError, SessionSettings, SessionStore};
