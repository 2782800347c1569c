//! Session ids: chosen by the client, checked by the server.

use std::fmt;
use std::sync::Arc;

/// Why a session id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionIdError {
    /// The id is empty.
    #[error("session id is empty; send a `session_hash` such as a random UUID")]
    Empty,
    /// The id is longer than 128 bytes.
    #[error("session id is {0} bytes long; at most 128 are allowed")]
    TooLong(usize),
    /// The id has a character outside `[A-Za-z0-9_-]`.
    #[error("session id contains {0:?}; only letters, digits, '-' and '_' are allowed")]
    BadChar(char),
}

/// A session's id (Gradio's `session_hash`): 1 to 128 characters from `[A-Za-z0-9_-]`.
///
/// ```
/// use blocks_runtime::session::SessionId;
/// assert!(SessionId::new("9f311bf5-2c4e-4d9b-8f0a-1e2d3c4b5a69").is_ok());
/// assert!(SessionId::new("").is_err());
/// assert!(SessionId::new("a/b").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionId(Arc<str>);

impl SessionId {
    /// Checks and wraps a client-chosen id.
    pub fn new(id: &str) -> Result<Self, SessionIdError> {
        if id.is_empty() {
            return Err(SessionIdError::Empty);
        }
        if id.len() > 128 {
            return Err(SessionIdError::TooLong(id.len()));
        }
        if let Some(bad) = id
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Err(SessionIdError::BadChar(bad));
        }
        Ok(SessionId(Arc::from(id)))
    }

    /// A fresh random id (128 bits, hex), for callers that bring none.
    pub fn random() -> Self {
        let bits: u128 = rand::random();
        SessionId(Arc::from(format!("{bits:032x}").as_str()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionId({})", &self.0)
    }
}
