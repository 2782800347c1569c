//! The bytes of output files the server holds: handlers' files written into the sessions'
//! cache folders are counted per session and in all, so a handler cannot fill the disk, and
//! a session's bytes are given back when its folder is deleted with it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use parking_lot::Mutex;

/// The media limits of an app's server (from its `ServerConfig`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MediaLimits {
    /// The most bytes of output files one session's cache folder may hold.
    pub(crate) output_per_session: u64,
    /// The most bytes of output files all sessions may hold together.
    pub(crate) output_total: u64,
    /// The most samples (all channels together) an uploaded sound may decode to.
    pub(crate) audio_samples: u64,
}

/// Default of `ServerConfig::max_output_bytes_per_session`: 1 GiB.
pub(crate) const DEFAULT_OUTPUT_PER_SESSION: u64 = 1 << 30;
/// Default of `ServerConfig::max_output_total_bytes`: 4 GiB.
pub(crate) const DEFAULT_OUTPUT_TOTAL: u64 = 4 << 30;
/// Default of `ServerConfig::max_audio_samples`: ten minutes of 48 kHz stereo (230 MB of
/// `f32`).
pub(crate) const DEFAULT_AUDIO_SAMPLES: u64 = 48_000 * 2 * 600;

impl Default for MediaLimits {
    fn default() -> Self {
        MediaLimits {
            output_per_session: DEFAULT_OUTPUT_PER_SESSION,
            output_total: DEFAULT_OUTPUT_TOTAL,
            audio_samples: DEFAULT_AUDIO_SAMPLES,
        }
    }
}

/// Why an output file was not stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputQuotaError {
    /// The session's folder would hold more than its cap.
    #[error(
        "the session's output files would exceed {max} bytes (max_output_bytes_per_session); \
         the file of {bytes} bytes was not stored"
    )]
    PerSession {
        /// The cap.
        max: u64,
        /// The refused file's size.
        bytes: u64,
    },
    /// All sessions' folders would hold more than the server's cap.
    #[error(
        "the server's output files would exceed {max} bytes (max_output_total_bytes); \
         the file of {bytes} bytes was not stored"
    )]
    Total {
        /// The cap.
        max: u64,
        /// The refused file's size.
        bytes: u64,
    },
}

#[derive(Debug, Default)]
struct Books {
    /// Bytes held per session folder.
    per_folder: HashMap<PathBuf, u64>,
    total: u64,
}

/// The output bytes held, per session folder and in all, against the limits.
#[derive(Debug, Default)]
pub(crate) struct OutputBooks {
    limits: Mutex<MediaLimits>,
    books: Mutex<Books>,
}

impl OutputBooks {
    /// Uses `limits` from now on (bytes already held stay counted).
    pub(crate) fn set_limits(&self, limits: MediaLimits) {
        *self.limits.lock() = limits;
    }

    /// The limits in force.
    pub(crate) fn limits(&self) -> MediaLimits {
        *self.limits.lock()
    }

    /// Counts `bytes` more in `folder` (a session's cache folder), or says which cap they
    /// break (then nothing is counted).
    pub(crate) fn reserve(&self, folder: &Path, bytes: u64) -> Result<(), OutputQuotaError> {
        let limits = self.limits();
        let mut books = self.books.lock();
        let held = books.per_folder.get(folder).copied().unwrap_or(0);
        if held.saturating_add(bytes) > limits.output_per_session {
            return Err(OutputQuotaError::PerSession {
                max: limits.output_per_session,
                bytes,
            });
        }
        if books.total.saturating_add(bytes) > limits.output_total {
            return Err(OutputQuotaError::Total {
                max: limits.output_total,
                bytes,
            });
        }
        *books.per_folder.entry(folder.to_path_buf()).or_insert(0) += bytes;
        books.total += bytes;
        Ok(())
    }

    /// Gives back `bytes` of `folder` (a write that failed after its reservation).
    pub(crate) fn give_back(&self, folder: &Path, bytes: u64) {
        let mut books = self.books.lock();
        if let Some(held) = books.per_folder.get_mut(folder) {
            let freed = bytes.min(*held);
            *held -= freed;
            if *held == 0 {
                books.per_folder.remove(folder);
            }
            books.total = books.total.saturating_sub(freed);
        }
    }

    /// Gives back everything `folder` held (it was deleted with its session).
    pub(crate) fn release(&self, folder: &Path) {
        let mut books = self.books.lock();
        if let Some(held) = books.per_folder.remove(folder) {
            books.total = books.total.saturating_sub(held);
        }
    }

    /// Bytes held by `folder`, and in all.
    #[cfg(test)]
    pub(crate) fn held(&self, folder: &Path) -> (u64, u64) {
        let books = self.books.lock();
        (
            books.per_folder.get(folder).copied().unwrap_or(0),
            books.total,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn books() -> OutputBooks {
        let books = OutputBooks::default();
        books.set_limits(MediaLimits {
            output_per_session: 100,
            output_total: 150,
            audio_samples: 0,
        });
        books
    }

    #[test]
    fn caps_hold_per_session_and_in_all_and_deleted_folders_give_back() {
        let books = books();
        let (a, b) = (Path::new("/s/a"), Path::new("/s/b"));
        assert!(books.reserve(a, 60).is_ok());
        assert_eq!(
            books.reserve(a, 41),
            Err(OutputQuotaError::PerSession {
                max: 100,
                bytes: 41
            })
        );
        assert!(books.reserve(a, 40).is_ok());
        assert!(books.reserve(b, 50).is_ok());
        assert_eq!(
            books.reserve(b, 1),
            Err(OutputQuotaError::Total { max: 150, bytes: 1 })
        );
        assert_eq!(books.held(a), (100, 150), "a refusal counts nothing");
        books.give_back(b, 20);
        assert_eq!(books.held(b), (30, 130));
        books.release(a);
        assert_eq!(books.held(a), (0, 30));
        assert!(books.reserve(a, 100).is_ok(), "a's bytes were given back");
    }

    #[test]
    fn refusals_name_the_setting() {
        let text = OutputQuotaError::PerSession { max: 5, bytes: 9 }.to_string();
        assert!(text.contains("max_output_bytes_per_session"), "{text}");
        let text = OutputQuotaError::Total { max: 5, bytes: 9 }.to_string();
        assert!(text.contains("max_output_total_bytes"), "{text}");
    }
}
