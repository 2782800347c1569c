//! Where files live: the app's upload folder (uploads, and each session's cache folder of
//! outputs), which paths a client may name, and how outputs are written there.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::{Mutex, RwLock};

use crate::media::file_data::{mime_of, FileData};
use crate::media::quota::{MediaLimits, OutputBooks, OutputQuotaError};
use crate::session::SessionId;

/// The app's upload folder: uploads are stored in it by the server, outputs in a folder per
/// session inside it, and only files inside it are served or accepted from clients.
#[derive(Debug)]
pub(crate) struct FileRoot {
    /// The folder, canonical (so that a canonical path inside it starts with it).
    dir: RwLock<Arc<PathBuf>>,
    /// The output bytes the sessions' cache folders hold, and the server's media limits.
    outputs: Arc<OutputBooks>,
}

impl FileRoot {
    /// The default folder for app `app_id`, under the system's temp dir (the server's default
    /// upload folder too).
    pub(crate) fn new(app_id: u64) -> Self {
        FileRoot {
            dir: RwLock::new(Arc::new(default_dir(app_id))),
            outputs: Arc::default(),
        }
    }

    /// Uses the server's media limits (`ServerConfig`'s output caps and audio bound).
    pub(crate) fn set_limits(&self, limits: MediaLimits) {
        self.outputs.set_limits(limits);
    }

    /// Deletes `session`'s cache folder (the session is gone) and gives its bytes back.
    pub(crate) async fn remove_session(&self, session: &SessionId) {
        let dir = self.session_dir(session);
        // A folder never made is fine; one that cannot be removed is no longer counted (its
        // URL names a session that is gone) and the temp dir's own cleaning takes it.
        let _ = tokio::fs::remove_dir_all(&dir).await;
        self.outputs.release(&dir);
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
    outputs: Arc<OutputBooks>,
    /// The first output a cap refused, for the event to fail with.
    refused: Arc<Mutex<Option<OutputQuotaError>>>,
    session: Option<&'a SessionId>,
    /// The public URL of the app's root that output files' URLs start with (Gradio's
    /// `root`); none: server-absolute paths.
    root_url: Option<&'a str>,
}

impl<'a> FileScope<'a> {
    pub(crate) fn new(root: &FileRoot, session: Option<&'a SessionId>) -> Self {
        FileScope {
            root: root.dir(),
            outputs: Arc::clone(&root.outputs),
            refused: Arc::default(),
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

    /// The most samples an uploaded sound may decode to (`ServerConfig::max_audio_samples`).
    pub fn max_audio_samples(&self) -> u64 {
        self.outputs.limits().audio_samples
    }

    /// The output a cap refused in this scope, if one was: the event fails with it.
    pub(crate) fn refusal(&self) -> Option<OutputQuotaError> {
        self.refused.lock().clone()
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

    /// Stores `bytes` as a new output file named `name` in the session's cache folder,
    /// within the output caps (a refusal is an error of kind `Other` whose message names the
    /// cap and its setting).
    pub fn store_bytes(&self, name: &str, bytes: &[u8]) -> std::io::Result<FileData> {
        let size = bytes.len() as u64;
        self.reserve(size).map_err(std::io::Error::other)?;
        let written = self
            .new_output(name)
            .and_then(|path| std::fs::write(&path, bytes).map(|()| path));
        match written {
            Ok(path) => Ok(self.served(FileData::new(path).named(name))),
            Err(err) => {
                self.outputs.give_back(&self.folder(), size);
                Err(err)
            }
        }
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
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        self.reserve(size).map_err(|err| err.to_string())?;
        let copied = self
            .new_output(&name)
            .and_then(|target| std::fs::copy(&path, &target).map(|_| target));
        let target = copied.map_err(|err| {
            self.outputs.give_back(&self.folder(), size);
            format!("copying {shown:?}: {err}")
        })?;
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

    /// Counts `bytes` more outputs in the session's folder, or notes and returns the cap
    /// they break.
    fn reserve(&self, bytes: u64) -> Result<(), OutputQuotaError> {
        self.outputs
            .reserve(&self.folder(), bytes)
            .inspect_err(|err| {
                self.refused.lock().get_or_insert_with(|| err.clone());
            })
    }

    /// The session's cache folder (outputs of no session: the root's `outputs` folder).
    fn folder(&self) -> PathBuf {
        match self.session {
            Some(session) => session_dir(&self.root, session),
            None => self.root.join("outputs"),
        }
    }

    /// A fresh path for an output named `name` in the session's cache folder.
    fn new_output(&self, name: &str) -> std::io::Result<PathBuf> {
        let dir = self
            .folder()
            .join(format!("{:032x}", rand::random::<u128>()));
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
    fn outputs_past_the_caps_are_refused_and_given_back_with_the_session() {
        let (root, dir) = root();
        root.set_limits(MediaLimits {
            output_per_session: 10,
            output_total: 15,
            audio_samples: 0,
        });
        let (a, b) = (
            SessionId::new("aaa111").expect("id"),
            SessionId::new("bbb222").expect("id"),
        );
        let scope = FileScope::new(&root, Some(&a));
        scope
            .store_bytes("one.txt", b"123456")
            .expect("within the cap");
        let refused = scope.store_bytes("two.txt", b"12345").expect_err("past 10");
        assert!(
            refused.to_string().contains("max_output_bytes_per_session"),
            "{refused}"
        );
        assert!(matches!(
            scope.refusal(),
            Some(OutputQuotaError::PerSession { max: 10, bytes: 5 })
        ));
        // A handler's file copied in counts too; the total cap holds across sessions.
        let made = std::env::temp_dir().join(format!("blocks-out-{:x}.txt", rand::random::<u64>()));
        std::fs::write(&made, b"1234567890").expect("write");
        let other = FileScope::new(&root, Some(&b));
        let refused = other
            .store_file(FileData::new(&made))
            .expect_err("6 + 10 > 15");
        assert!(refused.contains("max_output_total_bytes"), "{refused}");
        assert!(other.refusal().is_some());
        // Deleting a's folder gives its bytes back.
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(root.remove_session(&a));
        assert!(!root.session_dir(&a).exists());
        let stored = other.store_file(FileData::new(&made)).expect("room again");
        assert_eq!(stored.size, Some(10));
        assert_eq!(std::fs::read(&stored.path).expect("copied"), b"1234567890");
        let _ = std::fs::remove_file(made);
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
