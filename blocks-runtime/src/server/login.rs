//! The login routes of an app behind [`App::auth`](crate::app::App::auth): the login form
//! (`GET login`), Gradio's login (`POST login` with the form fields `username` and `password`,
//! as `gradio_client`'s `Client(url, auth=…)` and Gradio's page send them) and `GET logout`.

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::render::escape_html;
use crate::server::auth;
use crate::server::error::ProtocolError;
use crate::server::mount::{public_path, public_root};
use crate::server::Shared;

const PAGE: &str = include_str!("assets/login.html");

/// Registers `login` and `logout` (relative to the app's root).
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::FormConfig::default()
            .limit(16 << 10)
            .error_handler(|err, _| {
                ProtocolError::BadRequest(format!(
            "the login form could not be read ({err}); send the form fields username and password"
        ))
                .into()
            }),
    )
    .route("/login", web::get().to(form))
    .route("/login/", web::get().to(form))
    .route("/login", web::post().to(login))
    .route("/login/", web::post().to(login))
    .route("/logout", web::get().to(logout));
}

fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish()
}

/// The login form, with `error` shown above its button.
fn page(shared: &Shared, error: Option<&str>) -> String {
    let message = shared
        .app
        .login()
        .and_then(|a| a.login_message())
        .map(|m| format!("<p class=\"info\">{}</p>", escape_html(m)))
        .unwrap_or_default();
    let error = error
        .map(|e| format!("<p class=\"error\" role=\"alert\">{}</p>", escape_html(e)))
        .unwrap_or_default();
    PAGE.replace("{title}", &escape_html(shared.app.title()))
        .replace("{version}", crate::frontend::asset_version())
        .replace("{message}", &message)
        .replace("{error}", &error)
}

fn html(status: actix_web::http::StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

async fn form(shared: web::Data<Shared>) -> HttpResponse {
    if shared.app.login().is_none() {
        return see_other("./");
    }
    html(actix_web::http::StatusCode::OK, page(&shared, None))
}

#[derive(Deserialize)]
struct Credentials {
    username: String,
    #[serde(default)]
    password: String,
}

/// Whether the request is a browser's form post (answered with pages and redirects) rather
/// than an API client's (answered with JSON, as Gradio).
fn from_browser(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

async fn login(
    shared: web::Data<Shared>,
    req: HttpRequest,
    credentials: web::Form<Credentials>,
) -> Result<HttpResponse, ProtocolError> {
    if shared.app.login().is_none() {
        return Ok(see_other("./"));
    }
    let client = shared.config.proxies().client(&req);
    shared.logins.admit(client)?;
    let Credentials { username, password } = credentials.into_inner();
    let username = username.trim().to_owned();
    let app = shared.app.clone();
    let checked = username.clone();
    // Argon2 and a user's check function take time: off the server's threads.
    let valid = web::block(move || app.login().is_some_and(|a| a.verify(&checked, &password)))
        .await
        .map_err(|err| {
            ProtocolError::BadRequest(format!("the login could not be checked: {err}"))
        })?;
    let browser = from_browser(&req);
    if !valid {
        shared.logins.fail(client);
        return Ok(if browser {
            html(
                actix_web::http::StatusCode::BAD_REQUEST,
                page(&shared, Some("Incorrect username or password.")),
            )
        } else {
            HttpResponse::BadRequest().json(json!({"detail": "Incorrect credentials."}))
        });
    }
    shared.logins.forget(client);
    let secure = public_root(&shared, &req).starts_with("https://");
    let cookie = Cookie::build(
        auth::cookie_name(&shared, &req),
        auth::seal_login(&shared.app, &username),
    )
    .path(public_path(&shared, &req))
    .http_only(true)
    .secure(secure)
    .same_site(SameSite::Lax)
    .finish();
    let mut response = if browser {
        see_other("./")
    } else {
        HttpResponse::Ok().json(json!({"success": true}))
    };
    response
        .add_cookie(&cookie)
        .map_err(|err| ProtocolError::BadRequest(format!("the login cookie: {err}")))?;
    Ok(response)
}

/// Ends the user's logins (every one, as Gradio's default `all_session`) and returns to the
/// app's root, which asks for a login again.
async fn logout(shared: web::Data<Shared>, req: HttpRequest) -> HttpResponse {
    let Some(auth) = shared.app.login() else {
        return see_other("./");
    };
    // `logout` is open without a login, so the cookie is read here.
    if let Some(user) = auth::logged_in(&shared, auth, &req) {
        auth::log_out(auth, &user);
    }
    let mut response = see_other("./");
    let gone = Cookie::build(auth::cookie_name(&shared, &req), "")
        .path(public_path(&shared, &req))
        .max_age(time::Duration::ZERO)
        .finish();
    // The cookie's name and path are plain text, so it always fits a header.
    let _ = response.add_cookie(&gone);
    response
}
