//! The uploaded files the server holds: their quotas (per request, per client address, in
//! all) and their lifetime (while their session is held, or a time-to-live), so uploads can
//! neither fill the disk nor outlive their use. A cut-short upload leaves nothing behind.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::server::error::ProtocolError;
use crate::session::SessionId;

/// How long a session's upload is kept at least, so that a file uploaded just before its
/// session first appears on the server is not taken for an orphan.
const SESSION_GRACE: Duration = Duration::from_secs(300);

/// One stored upload request: a folder of files.
struct Stored {
    bytes: u64,
    client: Option<IpAddr>,
    session: Option<SessionId>,
    at: Instant,
}

#[derive(Default)]
struct Books {
    stored: HashMap<PathBuf, Stored>,
    /// Bytes stored or being received, per client and in all.
    per_client: HashMap<IpAddr, u64>,
    total: u64,
}

/// The quotas.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quotas {
    pub(crate) per_file: u64,
    pub(crate) per_request: u64,
    pub(crate) per_client: u64,
    pub(crate) total: u64,
}

/// Every upload the server holds.
pub(crate) struct Uploads {
    books: Mutex<Books>,
    quotas: Quotas,
}

/// An upload request being received: bytes are counted against the quotas as they arrive.
/// Dropped before [`Receiving::keep`] (an error, or the client went away), it gives its bytes
/// back and deletes its files.
pub(crate) struct Receiving<'a> {
    uploads: &'a Uploads,
    client: Option<IpAddr>,
    dirs: Vec<PathBuf>,
    bytes: u64,
    kept: bool,
}

impl Uploads {
    pub(crate) fn new(quotas: Quotas) -> Self {
        Uploads {
            books: Mutex::new(Books::default()),
            quotas,
        }
    }

    pub(crate) fn receive(&self, client: Option<IpAddr>) -> Receiving<'_> {
        Receiving {
            uploads: self,
            client,
            dirs: Vec::new(),
            bytes: 0,
            kept: false,
        }
    }

    /// Stored uploads whose time is over: the session's is gone (after a grace period), or,
    /// for uploads without a session, the time-to-live has passed. Their folders are returned
    /// for deleting.
    pub(crate) fn expire(
        &self,
        ttl: Duration,
        session_held: impl Fn(&SessionId) -> bool,
    ) -> Vec<PathBuf> {
        let now = Instant::now();
        let mut books = self.books.lock();
        let expired: Vec<PathBuf> = books
            .stored
            .iter()
            .filter(|(_, s)| {
                let age = now.duration_since(s.at);
                match &s.session {
                    Some(session) => age > SESSION_GRACE && !session_held(session),
                    None => age > ttl,
                }
            })
            .map(|(dir, _)| dir.clone())
            .collect();
        for dir in &expired {
            if let Some(stored) = books.stored.remove(dir) {
                books.release(stored.client, stored.bytes);
            }
        }
        expired
    }

    /// Bytes stored in all.
    #[cfg(test)]
    pub(crate) fn total(&self) -> u64 {
        self.books.lock().total
    }
}

impl Books {
    fn release(&mut self, client: Option<IpAddr>, bytes: u64) {
        self.total = self.total.saturating_sub(bytes);
        if let Some(client) = client {
            if let Some(held) = self.per_client.get_mut(&client) {
                *held = held.saturating_sub(bytes);
                if *held == 0 {
                    self.per_client.remove(&client);
                }
            }
        }
    }
}

impl Receiving<'_> {
    /// Notes a folder this request writes to (deleted if the request fails).
    pub(crate) fn folder(&mut self, dir: PathBuf) {
        self.dirs.push(dir);
    }

    /// Counts `n` more bytes of a file that has `file_bytes` so far, or says which quota they
    /// break.
    pub(crate) fn count(&mut self, n: u64, file_bytes: u64) -> Result<(), ProtocolError> {
        let quotas = self.uploads.quotas;
        let too_large = |what, max, setting| ProtocolError::TooLarge { what, max, setting };
        if file_bytes > quotas.per_file {
            return Err(too_large(
                "an uploaded file",
                quotas.per_file,
                "max_file_bytes",
            ));
        }
        if self.bytes + n > quotas.per_request {
            return Err(too_large(
                "the upload request",
                quotas.per_request,
                "max_upload_request_bytes",
            ));
        }
        let mut books = self.uploads.books.lock();
        if let Some(client) = self.client {
            let held = books.per_client.get(&client).copied().unwrap_or(0);
            if held + n > quotas.per_client {
                return Err(too_large(
                    "what this client address has uploaded",
                    quotas.per_client,
                    "max_upload_bytes_per_client",
                ));
            }
        }
        if books.total + n > quotas.total {
            return Err(too_large(
                "the server's uploads",
                quotas.total,
                "max_upload_total_bytes",
            ));
        }
        if let Some(client) = self.client {
            *books.per_client.entry(client).or_insert(0) += n;
        }
        books.total += n;
        self.bytes += n;
        Ok(())
    }

    /// The request succeeded: its files are stored, for `session` if it named one.
    pub(crate) fn keep(mut self, session: Option<SessionId>) {
        self.kept = true;
        let mut books = self.uploads.books.lock();
        let dirs = std::mem::take(&mut self.dirs);
        let count = dirs.len().max(1) as u64;
        let mut left = self.bytes;
        for (i, dir) in dirs.into_iter().enumerate() {
            // The bytes are booked on the folders so that each folder gives back its share.
            let share = if i + 1 == count as usize {
                left
            } else {
                self.bytes / count
            };
            left -= share;
            books.stored.insert(
                dir,
                Stored {
                    bytes: share,
                    client: self.client,
                    session: session.clone(),
                    at: Instant::now(),
                },
            );
        }
        if left > 0 {
            books.release(self.client, left);
        }
    }
}

impl Drop for Receiving<'_> {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        self.uploads.books.lock().release(self.client, self.bytes);
        for dir in &self.dirs {
            // Best effort: a folder that cannot be removed now is not served (it is not
            // booked), and the temp dir's own cleaning takes it later.
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotas() -> Quotas {
        Quotas {
            per_file: 100,
            per_request: 150,
            per_client: 200,
            total: 300,
        }
    }

    #[test]
    fn quotas_hold_and_failed_requests_give_their_bytes_back() {
        let uploads = Uploads::new(quotas());
        let a: IpAddr = [127, 0, 0, 1].into();
        let b: IpAddr = [127, 0, 0, 2].into();
        let mut one = uploads.receive(Some(a));
        one.folder(PathBuf::from("/nonexistent/a"));
        assert!(one.count(90, 90).is_ok());
        assert!(one.count(20, 110).is_err(), "per file");
        assert!(one.count(60, 60).is_ok());
        assert!(one.count(10, 70).is_err(), "per request");
        one.keep(None);
        let mut two = uploads.receive(Some(a));
        assert!(two.count(60, 60).is_err(), "per client: 150 + 60 > 200");
        assert!(two.count(40, 40).is_ok());
        drop(two);
        assert_eq!(
            uploads.total(),
            150,
            "a failed request gives its bytes back"
        );
        let mut three = uploads.receive(Some(b));
        assert!(three.count(100, 100).is_ok());
        assert!(three.count(50, 50).is_ok());
        assert!(three.count(1, 51).is_err(), "in all: 300");
        drop(three);
        assert_eq!(uploads.total(), 150);
    }

    #[test]
    fn uploads_expire_by_time_or_with_their_session() {
        let uploads = Uploads::new(quotas());
        let mut one = uploads.receive(None);
        one.folder(PathBuf::from("/nonexistent/one"));
        assert!(one.count(10, 10).is_ok());
        one.keep(None);
        assert!(uploads.expire(Duration::from_secs(60), |_| true).is_empty());
        assert_eq!(uploads.expire(Duration::ZERO, |_| true).len(), 1);
        assert_eq!(uploads.total(), 0);
    }
}
