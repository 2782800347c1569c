//! BrowserState sealing: the values a page keeps in localStorage are encrypted and authenticated
//! by the server (XChaCha20-Poly1305), so the page — or anything else on the origin — can
//! neither read nor forge them. The key is derived from the app's secret (HKDF-SHA256); the
//! `storage_key` is bound as associated data, so a token cannot be moved to another key.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;

/// The token format's prefix: bumped if the format ever changes, so old tokens read as stale.
const VERSION: &str = "b1.";
const NONCE_BYTES: usize = 24;

/// Why a token was not accepted (the handler then gets the default value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// Not a token this server makes (no prefix, a plain JSON value, another format).
    #[error("not a sealed browser-state token (stale format or a plain value)")]
    NotAToken,
    /// The token is not valid base64 or too short.
    #[error("the token is malformed")]
    Malformed,
    /// Authentication failed: tampered, sealed for another storage key, or by another secret.
    #[error("the token was tampered with, or sealed by another app, secret or storage key")]
    Rejected,
}

/// Seals and opens browser-state values with one app secret.
#[derive(Clone)]
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    /// A sealer keyed by `secret` (any length; use at least 32 random bytes).
    ///
    /// ```
    /// use blocks_runtime::session::Sealer;
    /// let sealer = Sealer::new(b"an app secret of some length");
    /// let token = sealer.seal("login", &serde_json::json!(["ada", ""]));
    /// assert_eq!(sealer.open("login", &token), Ok(serde_json::json!(["ada", ""])));
    /// assert!(sealer.open("other_key", &token).is_err());
    /// ```
    pub fn new(secret: &[u8]) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(b"blocks browser state"), secret);
        let mut key = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's output limit, so expand cannot fail.
        let _ = hkdf.expand(b"xchacha20poly1305 key v1", &mut key);
        Sealer {
            cipher: XChaCha20Poly1305::new(Key::from_slice(&key)),
        }
    }

    /// A sealer with a random secret: tokens die with the process.
    pub fn random() -> Self {
        let secret: [u8; 32] = rand::random();
        Self::new(&secret)
    }

    /// Encrypts `value` for `storage_key` into a URL-safe token.
    pub fn seal(&self, storage_key: &str, value: &serde_json::Value) -> String {
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let plaintext = serde_json::to_vec(value).unwrap_or_default();
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &plaintext,
                    aad: storage_key.as_bytes(),
                },
            )
            .unwrap_or_default();
        let mut bytes = Vec::with_capacity(NONCE_BYTES + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        format!("{VERSION}{}", URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Opens a token sealed for `storage_key`.
    pub fn open(&self, storage_key: &str, token: &str) -> Result<serde_json::Value, SealError> {
        let body = token.strip_prefix(VERSION).ok_or(SealError::NotAToken)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| SealError::Malformed)?;
        if bytes.len() < NONCE_BYTES + 16 {
            return Err(SealError::Malformed);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let plaintext = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: storage_key.as_bytes(),
                },
            )
            .map_err(|_| SealError::Rejected)?;
        serde_json::from_slice(&plaintext).map_err(|_| SealError::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_round_trip_including_falsy_ones() {
        let sealer = Sealer::new(b"secret");
        for value in [
            json!(""),
            json!(0),
            json!(false),
            json!(null),
            json!({"a": [1, 2]}),
        ] {
            let token = sealer.seal("k", &value);
            assert_eq!(sealer.open("k", &token), Ok(value));
        }
    }

    #[test]
    fn tokens_are_random_and_reveal_nothing() {
        let sealer = Sealer::new(b"secret");
        let a = sealer.seal("k", &json!("hunter2"));
        let b = sealer.seal("k", &json!("hunter2"));
        assert_ne!(a, b, "a fresh nonce each time");
        assert!(!a.contains("hunter2"));
    }

    #[test]
    fn tampered_foreign_and_stale_tokens_are_rejected() {
        let sealer = Sealer::new(b"secret");
        let token = sealer.seal("k", &json!("v"));
        let mut flipped = token.clone().into_bytes();
        let last = flipped.len() - 2;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).expect("ascii");
        assert_eq!(sealer.open("k", &flipped), Err(SealError::Rejected));
        assert_eq!(sealer.open("other", &token), Err(SealError::Rejected));
        assert_eq!(
            Sealer::new(b"another secret").open("k", &token),
            Err(SealError::Rejected)
        );
        assert_eq!(
            Sealer::new(b"secret").open("k", &token),
            Ok(json!("v")),
            "same secret, new process"
        );
        assert_eq!(sealer.open("k", "\"plain\""), Err(SealError::NotAToken));
        assert_eq!(sealer.open("k", "b0.AAAA"), Err(SealError::NotAToken));
        assert_eq!(sealer.open("k", "b1.!!"), Err(SealError::Malformed));
        assert_eq!(sealer.open("k", "b1.AAAA"), Err(SealError::Malformed));
    }
}
