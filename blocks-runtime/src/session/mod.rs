//! Sessions: ids, the sharded session table, the session-store seam, lifecycle and expiry, state slots, change hashes.

mod backend;
mod clock;
mod id;
pub(crate) mod kept;
#[cfg(feature = "redis")]
mod redis;
mod session_state;
mod store;

#[cfg(feature = "redis")]
pub(crate) use self::redis::{millis as redis_millis, unavailable as redis_unavailable};
#[cfg(feature = "redis")]
pub use self::redis::{RedisStore, RedisStoreError};
pub use crate::hash::{hash_json, hash_value};
pub use crate::seal::{SealError, Sealer};
pub use backend::{Acquired, Admission, Lease, MemoryStore, SessionStore, StoreError, StoreFuture};
pub use clock::{Clock, ManualClock, SystemClock};
pub use id::{SessionId, SessionIdError};
pub use session_state::Session;
pub(crate) use session_state::StateEntry;
pub use store::{SessionError, SessionSettings, Sessions};
