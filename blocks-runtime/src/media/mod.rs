//! Files and media: the [`FileData`] value that File, Image, Audio, Video, Gallery and the
//! upload and download buttons carry on the wire, where those files live (the app's upload
//! folder, a cache folder per session deleted with it), and the page hooks that check a
//! client's files on the way in and store a handler's on the way out.

mod file_data;
pub(crate) mod hooks;
pub(crate) mod quota;
pub(crate) mod store;

pub use file_data::{FileData, FileMeta};
/// The `image` crate, whose [`DynamicImage`](image::DynamicImage) an
/// [`Image`](crate::component::Image) handler takes and returns.
pub use image;
pub use quota::OutputQuotaError;
pub use store::FileScope;

use std::path::Path;

/// The MIME type of a file name (`application/octet-stream` when unknown).
pub(crate) fn store_mime(name: &str) -> String {
    file_data::mime_of(Path::new(name))
}

/// A file name without directories or odd characters.
pub(crate) fn safe_name(name: &str) -> String {
    let base = Path::new(name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file");
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() || cleaned.starts_with('.') {
        format!("file{cleaned}")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn names_lose_their_directories() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("a b.txt"), "a_b.txt");
        assert_eq!(safe_name(".hidden"), "file.hidden");
    }
}
