//! Uploads and downloads: files live in the app's upload folder and are served only from there.

use std::path::{Path, PathBuf};

use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::server::error::ProtocolError;
use crate::server::Shared;

/// A file name without directories or odd characters.
fn safe_name(name: &str) -> String {
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

/// `POST /gradio_api/upload`: stores each `files` field; replies with their server paths.
pub(crate) async fn upload(
    shared: web::Data<Shared>,
    mut form: Multipart,
) -> Result<HttpResponse, ProtocolError> {
    let mut paths = Vec::new();
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|e| ProtocolError::Upload(e.to_string()))?;
        if field.name() != Some("files") {
            continue;
        }
        let name = safe_name(
            field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or("file"),
        );
        let dir = shared
            .upload_dir
            .join(format!("{:032x}", rand::random::<u128>()));
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|e| ProtocolError::Upload(e.to_string()))?;
        let path = dir.join(name);
        let mut file = tokio::fs::File::create(&path)
            .await
            .map_err(|e| ProtocolError::Upload(e.to_string()))?;
        let mut size = 0usize;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| ProtocolError::Upload(e.to_string()))?;
            size += chunk.len();
            if size > shared.config.max_file_bytes {
                drop(file);
                let _ = tokio::fs::remove_dir_all(&dir).await;
                return Err(ProtocolError::TooLarge(shared.config.max_file_bytes));
            }
            file.write_all(&chunk)
                .await
                .map_err(|e| ProtocolError::Upload(e.to_string()))?;
        }
        file.flush()
            .await
            .map_err(|e| ProtocolError::Upload(e.to_string()))?;
        paths.push(path.to_string_lossy().into_owned());
    }
    Ok(HttpResponse::Ok().json(paths))
}

/// The file's path if it lies inside the upload folder.
fn confined(upload_dir: &Path, requested: &str) -> Option<PathBuf> {
    let root = upload_dir.canonicalize().ok()?;
    let path = Path::new(requested).canonicalize().ok()?;
    (path.starts_with(&root) && path.is_file()).then_some(path)
}

/// `GET /gradio_api/file={path}`: a file from the upload folder, nothing else.
pub(crate) async fn download(
    shared: web::Data<Shared>,
    path: web::Path<String>,
) -> Result<HttpResponse, ProtocolError> {
    let requested = path.into_inner();
    let file = confined(&shared.upload_dir, &requested)
        .ok_or_else(|| ProtocolError::FileNotFound(requested.clone()))?;
    let bytes = tokio::fs::read(&file)
        .await
        .map_err(|_| ProtocolError::FileNotFound(requested))?;
    Ok(HttpResponse::Ok()
        .content_type("application/octet-stream")
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_directories() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("a b.txt"), "a_b.txt");
        assert_eq!(safe_name(".hidden"), "file.hidden");
    }

    #[test]
    fn only_files_inside_the_upload_folder_are_served() {
        let root = std::env::temp_dir().join(format!("blocks-test-{:x}", rand::random::<u64>()));
        std::fs::create_dir_all(root.join("x")).expect("temp dir");
        std::fs::write(root.join("x/f.txt"), b"hi").expect("write");
        assert!(confined(&root, root.join("x/f.txt").to_str().expect("utf8")).is_some());
        assert!(confined(&root, root.join("x/../x/f.txt").to_str().expect("utf8")).is_some());
        assert!(confined(&root, "/etc/passwd").is_none());
        assert!(confined(
            &root,
            root.join("x/../../etc/passwd").to_str().expect("utf8")
        )
        .is_none());
        assert!(
            confined(&root, root.join("x").to_str().expect("utf8")).is_none(),
            "not a file"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
