//! Cross-site request checks and request bodies: only the app's own pages (and the origins the
//! config allows) may call the API from a browser, JSON routes take only JSON, and a body must
//! arrive whole, within its size and time limits.
//!
//! Browsers mark every request they make for another site (`Origin` on fetches and form posts,
//! `Sec-Fetch-Site` on all of them), so a page elsewhere cannot run this app's handlers or fill
//! its disk with uploads (as in Gradio's CVE-2024-1727). Clients that are not browsers (curl,
//! `gradio_client`) send neither header and are not affected.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use bytes::Bytes;

use crate::server::error::ProtocolError;
use crate::server::Shared;

/// The verdict on a request's origin.
#[derive(Debug, PartialEq, Eq)]
enum Origin {
    /// Same origin, or not from a browser.
    Own,
    /// Another origin the config allows: answered with CORS headers.
    Allowed(String),
    /// Another site, refused.
    Refused(String),
}

/// Judges where a request comes from. `host` is the host the request was sent to (as the
/// client, or a proxy's `X-Forwarded-Host`, named it).
fn judge(origin: Option<&str>, fetch_site: Option<&str>, host: &str, allowed: &[String]) -> Origin {
    let any = allowed.iter().any(|a| a == "*");
    match origin {
        Some(origin) => {
            let origin = origin.trim().to_ascii_lowercase();
            let authority = origin.split_once("://").map(|(_, rest)| rest);
            if authority.is_some_and(|a| a.eq_ignore_ascii_case(host)) {
                Origin::Own
            } else if any || allowed.contains(&origin) {
                Origin::Allowed(origin)
            } else {
                Origin::Refused(origin)
            }
        }
        None => match fetch_site {
            Some("cross-site" | "same-site") if !any => Origin::Refused(format!(
                "of another site (Sec-Fetch-Site: {})",
                fetch_site.unwrap_or_default()
            )),
            _ => Origin::Own,
        },
    }
}

fn header_str<'a>(req: &'a ServiceRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Middleware on the API scope: refuses cross-site browser requests, answers CORS preflights
/// and adds CORS headers for allowed origins.
pub(crate) async fn cross_site(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let shared = req.app_data::<web::Data<Shared>>();
    let allowed: &[String] = shared.map_or(&[], |shared| &shared.config.allowed_origins);
    // The host the client addressed: behind a trusted proxy, the one it forwarded.
    let host = match shared {
        Some(shared) => shared.config.proxies().public_host(req.request()),
        None => req.connection_info().host().to_owned(),
    };
    let verdict = judge(
        header_str(&req, "origin"),
        header_str(&req, "sec-fetch-site"),
        &host,
        allowed,
    );
    let allowed_origin = match verdict {
        Origin::Refused(origin) => {
            let response = ProtocolError::CrossSite(origin).error_response();
            return Ok(req.into_response(response));
        }
        Origin::Own => None,
        Origin::Allowed(origin) => Some(origin),
    };
    if req.method() == Method::OPTIONS {
        let mut response = HttpResponse::NoContent();
        response
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS"))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"));
        if let Some(requested) = req.headers().get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
            response.insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, requested.clone()));
        }
        let mut response = response.finish();
        add_cors(response.headers_mut(), allowed_origin.as_deref());
        return Ok(req.into_response(response));
    }
    let mut response = next.call(req).await?.map_into_boxed_body();
    add_cors(response.headers_mut(), allowed_origin.as_deref());
    Ok(response)
}

fn add_cors(headers: &mut header::HeaderMap, origin: Option<&str>) {
    let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) else {
        return;
    };
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
}

/// A JSON route's body: declared as JSON (or undeclared), at most `max_body_bytes`, arrived
/// within `body_timeout`.
pub(crate) async fn json_body(
    shared: &Shared,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<Bytes, ProtocolError> {
    if let Some(kind) = req.headers().get(header::CONTENT_TYPE) {
        let kind = kind.to_str().unwrap_or("(not text)");
        let essence = kind.split(';').next().unwrap_or_default().trim();
        let json = essence.eq_ignore_ascii_case("application/json")
            || essence.to_ascii_lowercase().ends_with("+json");
        if !json {
            return Err(ProtocolError::NotJson(kind.to_owned()));
        }
    }
    let max = shared.config.max_body_bytes;
    let timeout = shared.config.body_timeout;
    match tokio::time::timeout(timeout, payload.to_bytes_limited(max)).await {
        Err(_) => Err(ProtocolError::BodyTimeout(timeout.as_secs())),
        Ok(Err(_)) => Err(ProtocolError::TooLarge {
            what: "the request body",
            max: max as u64,
            setting: "max_body_bytes",
        }),
        Ok(Ok(Err(err))) => Err(ProtocolError::BadRequest(format!(
            "the request body could not be read: {err}"
        ))),
        Ok(Ok(Ok(bytes))) => Ok(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "127.0.0.1:7860";

    #[test]
    fn clients_without_browser_headers_and_the_own_page_pass() {
        assert_eq!(judge(None, None, HOST, &[]), Origin::Own);
        assert_eq!(
            judge(
                Some("http://127.0.0.1:7860"),
                Some("same-origin"),
                HOST,
                &[]
            ),
            Origin::Own
        );
        assert_eq!(judge(None, Some("none"), HOST, &[]), Origin::Own);
    }

    #[test]
    fn other_sites_are_refused_unless_allowed() {
        let evil = judge(Some("http://evil.example"), Some("cross-site"), HOST, &[]);
        assert_eq!(evil, Origin::Refused("http://evil.example".into()));
        // Another port of the same host is another origin (and "same-site" to the browser).
        let port = judge(Some("http://127.0.0.1:9999"), Some("same-site"), HOST, &[]);
        assert!(matches!(port, Origin::Refused(_)));
        assert!(matches!(
            judge(None, Some("cross-site"), HOST, &[]),
            Origin::Refused(_)
        ));
        assert!(matches!(
            judge(Some("null"), None, HOST, &[]),
            Origin::Refused(_)
        ));
        let allowed = vec!["http://evil.example".to_owned()];
        assert_eq!(
            judge(
                Some("http://evil.example"),
                Some("cross-site"),
                HOST,
                &allowed
            ),
            Origin::Allowed("http://evil.example".into())
        );
        let any = vec!["*".to_owned()];
        assert!(matches!(
            judge(None, Some("cross-site"), HOST, &any),
            Origin::Own
        ));
    }
}
