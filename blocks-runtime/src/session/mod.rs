//! Sessions: ids, the sharded session table, the session-store seam, lifecycle and expiry, state slots, change hashes.

mod backend;
mod clock;
mod id;
mod seal;
mod session_state;
mod store;

pub use crate::hash::{hash_json, hash_value};
pub use backend::{MemoryStore, SessionStore, StoreError, StoreFuture};
pub use clock::{Clock, ManualClock, SystemClock};
pub use id::{SessionId, SessionIdError};
pub use seal::{SealError, Sealer};
pub use session_state::Session;
pub(crate) use session_state::StateEntry;
pub use store::{SessionError, SessionSettings, Sessions};
