//! Where files live: the app's upload folder (uploads, and each session's cache folder of
//! outputs), which paths a client may name, and how outputs are written there.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::RwLock;

use crate::media::file_data::{mime_of, FileData};
use crate::session::SessionId;

/// The app's upload folder: uploads are stored in it by the server, outputs in a folder per
/// session inside it, and only files inside it are served or accepted from clients.
#[derive(Debug)]
pub(crate) struct FileRoot {
    /// The folder, canonical (so that a canonical path inside it starts with it).
    dir: RwLock<Arc<PathBuf>>,
}

impl FileRoot {
    /// The default folder for app `app_id`, under the system's temp dir (the server's default
    /// upload folder too).
    pub(crate) fn new(app_id: u64) -> Self {
        FileRoot {
            dir: RwLock::new(Arc::new(default_dir(app_id))),
        }
    }

    /// Uses `dir` (the server's configured upload folder), created if missing.
    pub(crate) fn set(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        *self.dir.write() = Arc::new(dir.canonicalize()?);
        Ok(())
    }

    /// The folder.
    pub(crate) fn dir(&self) -> Arc<PathBuf> {
        Arc::clone(&self.dir.read())
    }

    /// The cache folder of `session`'s outputs (deleted with the session).
    pub(crate) fn session_dir(&self, session: &SessionId) -> PathBuf {
        session_dir(&self.dir(), session)
    }
}

/// The server's default upload folder for app `app_id`.
pub(crate) fn default_dir(app_id: u64) -> PathBuf {
    std::env::temp_dir().join(format!("blocks-uploads-{app_id:016x}"))
}

fn session_dir(root: &Path, session: &SessionId) -> PathBuf {
    // A digest, not the id: the folder's name appears in file URLs, the id must not.
    let digest = xxhash_rust::xxh3::xxh3_128(session.as_str().as_bytes());
    root.join(format!("session-{digest:032x}"))
}

/// What a kind's page hooks can do with files: the upload folder, and the session an event
/// runs for (none when a value is only checked, before the event is queued).
#[derive(Debug, Clone)]
pub struct FileScope<'a> {
    root: Arc<PathBuf>,
    session: Option<&'a SessionId>,
    /// The public URL of the app's root that output files' URLs start with (Gradio's
    /// `root`); none: server-absolute paths.
    root_url: Option<&'a str>,
}

impl<'a> FileScope<'a> {
    pub(crate) fn new(root: &FileRoot, session: Option<&'a SessionId>) -> Self {
        FileScope {
            root: root.dir(),
            session,
            root_url: None,
        }
    }

    /// Output files' URLs start with `root_url` (the public URL of the app's root the client
    /// reached, no trailing slash), as Gradio's do.
    pub(crate) fn at(mut self, root_url: Option<&'a str>) -> Self {
        self.root_url = root_url;
        self
    }

    /// The canonical path of `requested` if it is a file this server stored (an upload or an
    /// output); otherwise why not. Clients may name no other file (Gradio's allowed-paths
    /// rule): this is what keeps them from reading the server's files.
    pub fn confine(&self, requested: &str) -> Result<PathBuf, String> {
        let refused = || format!("{requested:?} is not a file uploaded to this server");
        let root = self.root.canonicalize().map_err(|_| refused())?;
        let path = Path::new(requested).canonicalize().map_err(|_| refused())?;
        if path.starts_with(&root) && path.is_file() {
            Ok(path)
        } else {
            Err(refused())
        }
    }

    /// Stores `bytes` as a new output file named `name` in the session's cache folder.
    pub fn store_bytes(&self, name: &str, bytes: &[u8]) -> std::io::Result<FileData> {
        let path = self.new_output(name)?;
        std::fs::write(&path, bytes)?;
        Ok(self.served(FileData::new(path).named(name)))
    }

    /// Copies a file a handler made into the session's cache folder (a file already in the
    /// upload folder is served where it is). Only files under the upload folder, the system's
    /// temp dir or the working directory are taken, so a path that came from a user cannot
    /// make the server publish any file it can read.
    pub fn store_file(&self, file: FileData) -> Result<FileData, String> {
        let shown = file.path.display().to_string();
        let path = file
            .path
            .canonicalize()
            .map_err(|err| format!("the output file {shown:?} cannot be read: {err}"))?;
        if !path.is_file() {
            return Err(format!("the output {shown:?} is not a file"));
        }
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| (*self.root).clone());
        if path.starts_with(&root) {
            return Ok(self.served(FileData { path, ..file }));
        }
        if !output_allowed(&path) {
            return Err(format!(
                "the output file {shown:?} is outside the temp dir and the working directory; \
                 write output files there"
            ));
        }
        let name = file.name();
        let target = self.new_output(&name).map_err(|err| err.to_string())?;
        std::fs::copy(&path, &target).map_err(|err| format!("copying {shown:?}: {err}"))?;
        Ok(self.served(FileData {
            path: target,
            url: None,
            ..file
        }))
    }

    /// The file with its URL (from its path, whatever URL it came with), size and MIME type
    /// filled in.
    pub(crate) fn served(&self, mut file: FileData) -> FileData {
        let root = self.root_url.unwrap_or_default().trim_end_matches('/');
        file.url = Some(format!("{root}{}", file_url(&file.path)));
        if file.size.is_none() {
            file.size = std::fs::metadata(&file.path).ok().map(|m| m.len());
        }
        if file.mime_type.is_none() {
            file.mime_type = Some(mime_of(Path::new(&file.name())));
        }
        file
    }

    /// A fresh path for an output named `name` in the session's cache folder.
    fn new_output(&self, name: &str) -> std::io::Result<PathBuf> {
        let base = match self.session {
            Some(session) => session_dir(&self.root, session),
            None => self.root.join("outputs"),
        };
        let dir = base.join(format!("{:032x}", rand::random::<u128>()));
        std::fs::create_dir_all(&dir)?;
        Ok(dir.join(crate::media::safe_name(name)))
    }
}

/// Whether a handler's output file lies where outputs may come from.
fn output_allowed(path: &Path) -> bool {
    let inside = |dir: std::io::Result<PathBuf>| {
        dir.and_then(|d| d.canonicalize())
            .is_ok_and(|d| path.starts_with(d))
    };
    inside(Ok(std::env::temp_dir())) || inside(std::env::current_dir())
}

/// The URL of a stored file (`/gradio_api/file=<path>`), as Gradio gives it.
pub(crate) fn file_url(path: &Path) -> String {
    let mut url = String::from("/gradio_api/file=");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/._-~".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> (FileRoot, PathBuf) {
        let dir = std::env::temp_dir().join(format!("blocks-media-{:x}", rand::random::<u64>()));
        let root = FileRoot::new(0);
        root.set(&dir).expect("root");
        (root, dir)
    }

    #[test]
    fn clients_may_name_only_this_servers_files() {
        let (root, dir) = root();
        std::fs::create_dir_all(dir.join("a")).expect("dir");
        std::fs::write(dir.join("a/f.txt"), b"hi").expect("write");
        let scope = FileScope::new(&root, None);
        assert!(scope
            .confine(&dir.join("a/f.txt").to_string_lossy())
            .is_ok());
        assert!(scope.confine("/etc/passwd").is_err());
        assert!(scope
            .confine(&dir.join("a/../../../etc/passwd").to_string_lossy())
            .is_err());
        assert!(scope.confine(&dir.join("a").to_string_lossy()).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn outputs_go_to_the_sessions_folder_with_a_url() {
        let (root, dir) = root();
        let session = SessionId::new("abc123").expect("id");
        let scope = FileScope::new(&root, Some(&session));
        let file = scope.store_bytes("out.png", b"png").expect("stored");
        assert!(file.path.starts_with(root.session_dir(&session)));
        assert_eq!(file.size, Some(3));
        assert_eq!(file.mime_type.as_deref(), Some("image/png"));
        assert!(file
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("/gradio_api/file=/")));
        assert!(scope.store_file(FileData::new("/etc/passwd")).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn urls_start_with_the_public_root_and_follow_the_path() {
        let (root, dir) = root();
        let session = SessionId::new("abc123").expect("id");
        let scope = FileScope::new(&root, Some(&session)).at(Some("https://h/tools/demo"));
        let file = scope.store_bytes("out.txt", b"hi").expect("stored");
        let expected = format!("https://h/tools/demo{}", file_url(&file.path));
        assert_eq!(file.url.as_deref(), Some(expected.as_str()));
        // A file already stored keeps its path; its URL is rebuilt for this request's root,
        // whatever URL it came back with.
        let again = FileScope::new(&root, Some(&session))
            .at(Some("http://other:8/"))
            .store_file(FileData {
                url: Some("https://h/tools/demo/stale".into()),
                ..file.clone()
            })
            .expect("kept");
        assert_eq!(again.path, file.path);
        let expected = format!("http://other:8{}", file_url(&file.path));
        assert_eq!(again.url.as_deref(), Some(expected.as_str()));
        let _ = std::fs::remove_dir_all(dir);
    }
}
