//! Uploads and downloads: files live in the app's upload folder and are served only from there.

use std::path::{Path, PathBuf};

use actix_multipart::Multipart;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::time::timeout;

use crate::server::error::ProtocolError;
use crate::server::Shared;
use crate::session::SessionId;

use crate::media::safe_name;

#[derive(serde::Deserialize)]
pub(crate) struct UploadQuery {
    /// The session the files belong to: they are deleted once it is freed.
    session_hash: Option<String>,
}

/// `POST /gradio_api/upload`: stores each `files` field within the quotas; replies with their
/// server paths. Anything stored by a request that fails or is cut short is deleted.
pub(crate) async fn upload(
    shared: web::Data<Shared>,
    req: HttpRequest,
    query: web::Query<UploadQuery>,
    mut form: Multipart,
) -> Result<HttpResponse, ProtocolError> {
    let session = match &query.session_hash {
        Some(id) => Some(SessionId::new(id)?),
        None => None,
    };
    let pause = shared.config.body_timeout;
    let timed_out = || ProtocolError::BodyTimeout(pause.as_secs());
    let mut receiving = shared
        .uploads
        .receive(crate::server::routes::client(&shared, &req));
    let mut paths = Vec::new();
    while let Some(field) = timeout(pause, form.next()).await.map_err(|_| timed_out())? {
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
        receiving.folder(dir.clone());
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|e| ProtocolError::Upload(e.to_string()))?;
        let path = dir.join(name);
        let mut file = tokio::fs::File::create(&path)
            .await
            .map_err(|e| ProtocolError::Upload(e.to_string()))?;
        let mut size = 0u64;
        while let Some(chunk) = timeout(pause, field.next())
            .await
            .map_err(|_| timed_out())?
        {
            let chunk = chunk.map_err(|e| ProtocolError::Upload(e.to_string()))?;
            size += chunk.len() as u64;
            receiving.count(chunk.len() as u64, size)?;
            file.write_all(&chunk)
                .await
                .map_err(|e| ProtocolError::Upload(e.to_string()))?;
        }
        file.flush()
            .await
            .map_err(|e| ProtocolError::Upload(e.to_string()))?;
        paths.push(path.to_string_lossy().into_owned());
    }
    receiving.keep(session);
    Ok(HttpResponse::Ok().json(paths))
}

/// The file's path if it lies inside the upload folder.
fn confined(upload_dir: &Path, requested: &str) -> Option<PathBuf> {
    let root = upload_dir.canonicalize().ok()?;
    let path = Path::new(requested).canonicalize().ok()?;
    (path.starts_with(&root) && path.is_file()).then_some(path)
}

/// `GET /gradio_api/file={path}`: a file from the upload folder, nothing else; one byte range
/// of it when asked (`Range: bytes=…`, for players that seek in audio and video).
pub(crate) async fn download(
    shared: web::Data<Shared>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ProtocolError> {
    let requested = path.into_inner();
    let file = confined(&shared.upload_dir, &requested)
        .ok_or_else(|| ProtocolError::FileNotFound(requested.clone()))?;
    let bytes = tokio::fs::read(&file)
        .await
        .map_err(|_| ProtocolError::FileNotFound(requested))?;
    let mime = crate::media::store_mime(&file.to_string_lossy());
    let total = bytes.len() as u64;
    let asked = req
        .headers()
        .get(actix_web::http::header::RANGE)
        .and_then(|r| r.to_str().ok());
    let mut response = match asked.map(|r| byte_range(r, total)) {
        None => HttpResponse::Ok(),
        Some(Some(_)) => HttpResponse::PartialContent(),
        Some(None) => {
            return Ok(HttpResponse::RangeNotSatisfiable()
                .insert_header(("content-range", format!("bytes */{total}")))
                .finish())
        }
    };
    response.insert_header(("accept-ranges", "bytes"));
    if shown_inline(&mime) {
        response.content_type(mime);
    } else {
        // Anything the browser could run (HTML, SVG, scripts) is only ever a download.
        response
            .content_type("application/octet-stream")
            .insert_header(("content-disposition", "attachment"));
    }
    match asked.and_then(|r| byte_range(r, total)) {
        Some((start, end)) => {
            response.insert_header(("content-range", format!("bytes {start}-{end}/{total}")));
            let part = bytes::Bytes::from(bytes).slice(start as usize..=end as usize);
            Ok(response.body(part))
        }
        None => Ok(response.body(bytes)),
    }
}

/// The first and last byte of a `Range: bytes=…` header's one range within `total` bytes
/// (`None`: not a single satisfiable byte range).
fn byte_range(header: &str, total: u64) -> Option<(u64, u64)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || total == 0 {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    let (start, end) = if first.is_empty() {
        let suffix: u64 = last.parse().ok()?;
        (total.saturating_sub(suffix), total - 1)
    } else {
        let start: u64 = first.parse().ok()?;
        let end = if last.is_empty() {
            total - 1
        } else {
            last.parse::<u64>().ok()?.min(total - 1)
        };
        (start, end)
    };
    (start <= end && start < total).then_some((start, end))
}

/// Whether a file of this MIME type is served as itself (images, sound, video, plain text,
/// PDF), so the page can show it; any other type is served as a download.
fn shown_inline(mime: &str) -> bool {
    const SAFE: &[&str] = &[
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/bmp",
        "text/plain",
        "text/csv",
        "application/pdf",
        "application/json",
    ];
    SAFE.contains(&mime) || mime.starts_with("audio/") || mime.starts_with("video/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_are_read_as_rfc_9110_says() {
        assert_eq!(byte_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(byte_range("bytes=900-", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=-100", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=990-2000", 1000), Some((990, 999)));
        assert_eq!(byte_range("bytes=1000-", 1000), None);
        assert_eq!(byte_range("bytes=5-2", 1000), None);
        assert_eq!(byte_range("bytes=0-1,5-6", 1000), None);
        assert_eq!(byte_range("items=0-1", 1000), None);
    }

    #[test]
    fn only_harmless_types_are_shown_inline() {
        assert!(shown_inline("image/png"));
        assert!(shown_inline("audio/wav"));
        assert!(!shown_inline("text/html"));
        assert!(!shown_inline("image/svg+xml"));
        assert!(!shown_inline("application/javascript"));
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
