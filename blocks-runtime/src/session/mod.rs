//! Sessions: ids, the sharded session store, lifecycle and expiry, state slots, change hashes.

mod clock;
pub(crate) mod hash;
mod id;
mod seal;
mod session_state;
mod store;

pub use clock::{Clock, ManualClock, SystemClock};
pub use hash::{hash_json, hash_value};
pub use id::{SessionId, SessionIdError};
pub use seal::{SealError, Sealer};
pub use session_state::Session;
pub(crate) use session_state::StateEntry;
pub use store::{SessionError, SessionSettings, SessionStore};
