//! Sessions: ids, the sharded session table, the session-store seam, lifecycle and expiry, state slots, change hashes.

mod backend;
mod clock;
mod id;
mod session_state;
mod store;

pub use crate::hash::{hash_json, hash_value};
pub use crate::seal::{SealError, Sealer};
pub use backend::{MemoryStore, SessionStore, StoreError, StoreFuture};
pub use clock::{Clock, ManualClock, SystemClock};
pub use id::{SessionId, SessionIdError};
pub use session_state::Session;
pub(crate) use session_state::StateEntry;
pub use store::{SessionError, SessionSettings, Sessions};
