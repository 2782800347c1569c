//! Gradio's own web page as an alternative frontend: the built Svelte page shipped in the
//! `gradio` pip package (`gradio/templates/frontend`), served in front of a blocks app when
//! [`ServerConfig::gradio_frontend`](crate::server::ServerConfig::gradio_frontend) names that
//! folder. The page's `index.html` is filled per request as Gradio's server does; its `assets/`
//! and `static/` files are served from the folder, read-only and confined to it.

use std::path::{Component, Path, PathBuf};

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

use crate::server::error::ProtocolError;
use crate::server::template::{Template, TemplateError};
use crate::server::Shared;

mod custom_component;
pub(crate) use custom_component::custom_component;

/// Why Gradio's page cannot be served from the folder given.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GradioPageError {
    /// The folder has no readable `index.html`.
    #[error(
        "cannot read {path}: {source}; point BLOCKS_GRADIO_FRONTEND at the `gradio/templates/frontend` \
         folder of an installed gradio package"
    )]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The page's template asks for something blocks does not fill.
    #[error("{0}")]
    Template(#[from] TemplateError),
}

/// Gradio's page, loaded once when the server starts.
#[derive(Debug)]
pub(crate) struct GradioPage {
    dir: PathBuf,
    template: Template,
}

impl GradioPage {
    /// Reads and checks `dir/index.html`.
    pub(crate) fn load(dir: &Path) -> Result<Self, GradioPageError> {
        let path = dir.join("index.html");
        let source = std::fs::read_to_string(&path)
            .map_err(|source| GradioPageError::Unreadable { path, source })?;
        Ok(GradioPage {
            dir: dir.to_owned(),
            template: Template::parse(&source)?,
        })
    }
}

/// Registers the page's routes (before blocks' own `/assets/…` routes).
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/assets/{file}", web::get().to(asset))
        .route("/static/{path:.*}", web::get().to(static_file))
        .route("/favicon.ico", web::get().to(favicon))
        .route("/manifest.json", web::get().to(manifest));
}

/// `GET /` with Gradio's page: `index.html` filled with the config and API info, as Gradio's
/// server fills it.
pub(crate) fn index(shared: &Shared, page: &GradioPage, req: &HttpRequest) -> HttpResponse {
    let root = super::routes::root_url(shared, req);
    let config = super::routes::config_at(shared, &root);
    let info = shared.app.api().info_json_at(false, &root);
    let html = page.template.render(&json!({
        "base_url": "./",
        "config": config,
        "gradio_api_info": info,
    }));
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(html)
}

fn page(shared: &Shared) -> Result<&GradioPage, ProtocolError> {
    shared
        .gradio_page
        .as_ref()
        .ok_or_else(|| ProtocolError::NoRoute("Gradio's page is not served".into()))
}

async fn asset(
    shared: web::Data<Shared>,
    file: web::Path<String>,
) -> Result<HttpResponse, ProtocolError> {
    let page = page(&shared)?;
    serve(&page.dir.join("assets"), &file, true).await
}

async fn static_file(
    shared: web::Data<Shared>,
    path: web::Path<String>,
) -> Result<HttpResponse, ProtocolError> {
    let page = page(&shared)?;
    serve(&page.dir.join("static"), &path, false).await
}

async fn favicon(shared: web::Data<Shared>) -> Result<HttpResponse, ProtocolError> {
    let page = page(&shared)?;
    serve(&page.dir.join("static"), "img/logo.svg", false).await
}

async fn manifest(shared: web::Data<Shared>) -> Result<HttpResponse, ProtocolError> {
    page(&shared)?;
    let title = shared.app.title();
    Ok(HttpResponse::Ok()
        .content_type("application/manifest+json")
        .json(json!({
            "name": if title.is_empty() { "Gradio" } else { title },
            "icons": [{"src": "static/img/logo_nosize.svg", "sizes": "any",
                       "type": "image/svg+xml", "purpose": "any"}],
            "start_url": "./",
            "display": "standalone",
        })))
}

/// `root/relative`, if `relative` is a plain relative path (no `..`, no absolute parts).
fn confined(root: &Path, relative: &str) -> Option<PathBuf> {
    let relative = Path::new(relative);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    (plain && !relative.as_os_str().is_empty()).then(|| root.join(relative))
}

/// A file of the page; `immutable` for content-hashed names.
async fn serve(
    root: &Path,
    relative: &str,
    immutable: bool,
) -> Result<HttpResponse, ProtocolError> {
    let not_found = || ProtocolError::FileNotFound(relative.to_owned());
    let path = confined(root, relative).ok_or_else(not_found)?;
    let bytes = tokio::fs::read(&path).await.map_err(|_| not_found())?;
    let cache = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type(&path))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(bytes))
}

/// The content type of a page file, by its extension.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_served() {
        let root = Path::new("/srv/page");
        assert_eq!(
            confined(root, "js/a.js"),
            Some(PathBuf::from("/srv/page/js/a.js"))
        );
        assert_eq!(confined(root, "../secret"), None);
        assert_eq!(confined(root, "js/../../secret"), None);
        assert_eq!(confined(root, "/etc/passwd"), None);
        assert_eq!(confined(root, ""), None);
    }

    #[test]
    fn files_get_their_content_type() {
        assert_eq!(
            content_type(Path::new("a.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("f.woff2")), "font/woff2");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }

    #[test]
    fn a_folder_without_the_page_is_refused_with_its_path() {
        let err = GradioPage::load(Path::new("/nonexistent-gradio")).expect_err("no page there");
        assert!(
            err.to_string().contains("/nonexistent-gradio/index.html"),
            "{err}"
        );
    }
}
