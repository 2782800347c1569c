//! Who may use an app: [`App::auth`] with users and passwords (plain, compared in constant
//! time, or Argon2 hashes) or a check function; the signed login cookie; the middleware that
//! refuses every route of the app without it; and the per-address brake on failed logins.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use parking_lot::Mutex;
use serde_json::json;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::app::App;
use crate::server::error::ProtocolError;
use crate::server::Shared;

/// The sealing key of login cookies (a `BrowserState` storage key cannot hold a NUL).
const COOKIE_KEY: &str = "blocks\0login";
/// How long a login lasts.
const LOGIN_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// Why an [`Auth`] could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// A stored hash is not an Argon2 PHC string.
    #[error(
        "the password hash of {user:?} is not an Argon2 hash such as \"$argon2id$v=19$…\" \
         (make one with Auth::hash_password): {reason}"
    )]
    BadHash {
        /// The user.
        user: String,
        /// What is wrong with it.
        reason: String,
    },
}

type Check = dyn Fn(&str, &str) -> bool + Send + Sync;

enum Secret {
    /// The SHA-256 of a plain password, compared in constant time.
    Plain([u8; 32]),
    /// An Argon2 PHC string.
    Hash(String),
}

/// Who may log in to an app, as Gradio's `launch(auth=…)`: pairs of user and password, users
/// with Argon2 password hashes, or a function that judges a user and password.
///
/// ```
/// use blocks_runtime::server::Auth;
/// let users = Auth::from([("alice", "wonderland")]);
/// assert!(users.verify("alice", "wonderland"));
/// assert!(!users.verify("alice", "guess"));
/// let hashed = Auth::hashed([("bob", Auth::hash_password("builder"))]).unwrap();
/// assert!(hashed.verify("bob", "builder"));
/// let check = Auth::check(|user, password| user == password);
/// assert!(check.verify("x", "x"));
/// ```
pub struct Auth {
    users: HashMap<String, Secret>,
    check: Option<Box<Check>>,
    message: Option<String>,
    /// When each user last logged out (ms since the epoch): older cookies are refused.
    logouts: Mutex<HashMap<String, u128>>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("users", &self.users.len())
            .field("check", &self.check.is_some())
            .finish()
    }
}

fn digest(password: &str) -> [u8; 32] {
    Sha256::digest(password.as_bytes()).into()
}

impl Auth {
    fn new(users: HashMap<String, Secret>, check: Option<Box<Check>>) -> Self {
        Auth {
            users,
            check,
            message: None,
            logouts: Mutex::new(HashMap::new()),
        }
    }

    /// Users with plain passwords.
    pub fn users<U: Into<String>, P: AsRef<str>>(pairs: impl IntoIterator<Item = (U, P)>) -> Self {
        let users = pairs
            .into_iter()
            .map(|(u, p)| (u.into(), Secret::Plain(digest(p.as_ref()))))
            .collect();
        Auth::new(users, None)
    }

    /// Users with Argon2 password hashes (PHC strings, as [`Auth::hash_password`] or the
    /// `argon2` command line tool make them).
    pub fn hashed<U: Into<String>, H: Into<String>>(
        pairs: impl IntoIterator<Item = (U, H)>,
    ) -> Result<Self, AuthError> {
        let mut users = HashMap::new();
        for (user, hash) in pairs {
            let (user, hash) = (user.into(), hash.into());
            if let Err(err) = PasswordHash::new(&hash) {
                return Err(AuthError::BadHash {
                    user,
                    reason: err.to_string(),
                });
            }
            users.insert(user, Secret::Hash(hash));
        }
        Ok(Auth::new(users, None))
    }

    /// A function that says whether a user and password may log in (it runs on a blocking
    /// thread, so it may look them up elsewhere).
    pub fn check(check: impl Fn(&str, &str) -> bool + Send + Sync + 'static) -> Self {
        Auth::new(HashMap::new(), Some(Box::new(check)))
    }

    /// A message shown on the login page (Gradio's `auth_message`).
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    pub(crate) fn login_message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// An Argon2id hash of `password` with a random salt, for [`Auth::hashed`].
    pub fn hash_password(password: &str) -> String {
        // 16 random bytes always make a valid salt.
        let Ok(salt) = argon2::password_hash::SaltString::encode_b64(&rand::random::<[u8; 16]>())
        else {
            return String::new();
        };
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    }

    /// Whether `user` may log in with `password`. Plain passwords are compared in constant
    /// time, and an unknown user costs the same comparison.
    pub fn verify(&self, user: &str, password: &str) -> bool {
        if let Some(check) = &self.check {
            return check(user, password);
        }
        match self.users.get(user) {
            Some(Secret::Plain(stored)) => bool::from(stored.ct_eq(&digest(password))),
            Some(Secret::Hash(stored)) => PasswordHash::new(stored).is_ok_and(|hash| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &hash)
                    .is_ok()
            }),
            None => {
                let _ = digest(user).ct_eq(&digest(password));
                false
            }
        }
    }
}

impl<U: Into<String>, P: AsRef<str>, const N: usize> From<[(U, P); N]> for Auth {
    fn from(pairs: [(U, P); N]) -> Self {
        Auth::users(pairs)
    }
}

impl<U: Into<String>, P: AsRef<str>> From<Vec<(U, P)>> for Auth {
    fn from(pairs: Vec<(U, P)>) -> Self {
        Auth::users(pairs)
    }
}

impl App {
    /// The same app behind a login, as Gradio's `launch(auth=…)`: every route (the page,
    /// `/config`, the API, files, uploads, the queue) answers 401 without a login, the page
    /// sends browsers to a login form, and `gradio_client`'s `Client(url, auth=(user, pass))`
    /// logs in. Handlers read the user with `Request::username`.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    /// let app = Blocks::new().build().auth([("alice", "wonderland")]);
    /// # let _ = app;
    /// ```
    pub fn auth(&self, auth: impl Into<Auth>) -> App {
        let mut def = crate::app::AppDef::clone(&self.def);
        def.auth = Some(Arc::new(auth.into()));
        App {
            def: Arc::new(def),
            sessions: Arc::clone(&self.sessions),
        }
    }

    pub(crate) fn login(&self) -> Option<&Auth> {
        self.def.auth.as_deref()
    }
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

/// The login cookie's name: one per public path of an app, so apps mounted side by side (or
/// one inside another's path) keep their own, and the same across restarts and replicas.
pub(crate) fn cookie_name(shared: &Shared, req: &HttpRequest) -> String {
    let path = crate::server::mount::public_path(shared, req);
    format!(
        "blocks-login-{:08x}",
        xxhash_rust::xxh3::xxh3_64(path.as_bytes()) as u32
    )
}

/// A sealed login for `user`, for the cookie.
pub(crate) fn seal_login(app: &App, user: &str) -> String {
    let issued = now_ms().to_string();
    app.def
        .sealer
        .seal(COOKIE_KEY, &json!({"user": user, "issued": issued}))
}

/// The user a request's login cookie names, if it is valid, unexpired and not logged out.
pub(crate) fn logged_in(shared: &Shared, auth: &Auth, req: &HttpRequest) -> Option<String> {
    let cookie = req.cookie(&cookie_name(shared, req))?;
    let login = shared
        .app
        .def
        .sealer
        .open(COOKIE_KEY, cookie.value())
        .ok()?;
    let user = login["user"].as_str()?;
    let issued: u128 = login["issued"].as_str()?.parse().ok()?;
    let fresh = now_ms().saturating_sub(issued) < LOGIN_TTL.as_millis();
    let logged_out = auth.logouts.lock().get(user).is_some_and(|t| issued <= *t);
    (fresh && !logged_out).then(|| user.to_owned())
}

/// Ends every login of `user` made until now.
pub(crate) fn log_out(auth: &Auth, user: &str) {
    auth.logouts.lock().insert(user.to_owned(), now_ms());
}

/// The logged-in user of a request that passed [`require_login`].
#[derive(Debug, Clone)]
pub(crate) struct LoggedIn(pub(crate) String);

/// Whether a route (relative to the app's mount) is open without a login: the login form and
/// what it needs (the page's own style sheet and scripts, which hold nothing of the app).
fn open_route(relative: &str) -> bool {
    matches!(
        relative,
        "" | "/login" | "/login/" | "/logout" | "/theme.css"
    ) || (relative.starts_with("/assets/") && !relative.starts_with("/assets/kinds/"))
}

/// Middleware on an app's scope: without a login, the page redirects to the login form and
/// every other route answers 401, as Gradio's `login_check`.
pub(crate) async fn require_login(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(shared) = req.app_data::<web::Data<Shared>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Some(auth) = shared.app.login() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // The path after the mount, as the router matches it (decoded): `/assets/%6binds/…` is
    // `/assets/kinds/…` here as it is to the route.
    let relative = req.match_info().unprocessed().to_owned();
    let relative = relative.as_str();
    // CORS preflights carry no cookies; the cross-site guard answers them without a handler.
    if open_route(relative) || req.method() == actix_web::http::Method::OPTIONS {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    if let Some(user) = logged_in(&shared, auth, req.request()) {
        req.extensions_mut().insert(LoggedIn(user));
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let response = if relative == "/" && req.method() == actix_web::http::Method::GET {
        HttpResponse::SeeOther()
            .insert_header((actix_web::http::header::LOCATION, "login"))
            .finish()
    } else {
        HttpResponse::Unauthorized().json(json!({"detail": {
            "error": "Not authenticated",
            "auth_message": auth.login_message(),
        }}))
    };
    Ok(req.into_response(response))
}

/// Failed logins per client address in a sliding window, to slow password guessing.
pub(crate) struct FailedLogins {
    failures: Mutex<HashMap<IpAddr, (usize, Instant)>>,
    max: usize,
    window: Duration,
}

impl FailedLogins {
    pub(crate) fn new(max: usize, window: Duration) -> Self {
        FailedLogins {
            failures: Mutex::new(HashMap::new()),
            max,
            window,
        }
    }

    /// Refuses a client that failed too often in the window.
    pub(crate) fn admit(&self, client: Option<IpAddr>) -> Result<(), ProtocolError> {
        let Some(client) = client else { return Ok(()) };
        let failures = self.failures.lock();
        match failures.get(&client) {
            Some((count, since)) if *count >= self.max && since.elapsed() < self.window => {
                Err(ProtocolError::ClientLimit {
                    what: "failed logins in a row; wait a few minutes before trying again",
                    max: self.max,
                    setting: "max_failed_logins",
                })
            }
            _ => Ok(()),
        }
    }

    /// Counts a failure.
    pub(crate) fn fail(&self, client: Option<IpAddr>) {
        let Some(client) = client else { return };
        let mut failures = self.failures.lock();
        let entry = failures.entry(client).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= self.window {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    /// Forgets a client's failures after it logged in.
    pub(crate) fn forget(&self, client: Option<IpAddr>) {
        if let Some(client) = client {
            self.failures.lock().remove(&client);
        }
    }

    /// Drops windows that are over.
    pub(crate) fn sweep(&self) {
        let window = self.window;
        self.failures
            .lock()
            .retain(|_, (_, since)| since.elapsed() < window);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_plain_hashed_and_checked() {
        let auth = Auth::from([("alice", "wonderland"), ("bob", "")]);
        assert!(auth.verify("alice", "wonderland"));
        assert!(!auth.verify("alice", "wonderlan"));
        assert!(!auth.verify("carol", "wonderland"));
        assert!(auth.verify("bob", ""));
        let bad = Auth::hashed([("x", "not a hash")]);
        assert!(matches!(bad, Err(AuthError::BadHash { .. })));
    }

    #[test]
    fn failed_logins_are_limited_per_address() {
        let logins = FailedLogins::new(2, Duration::from_secs(60));
        let a = Some(IpAddr::from([1, 2, 3, 4]));
        let b = Some(IpAddr::from([1, 2, 3, 5]));
        logins.fail(a);
        assert!(logins.admit(a).is_ok());
        logins.fail(a);
        assert!(logins.admit(a).is_err());
        assert!(logins.admit(b).is_ok(), "another address is not affected");
        logins.forget(a);
        assert!(logins.admit(a).is_ok());
    }

    #[test]
    fn only_the_login_form_and_its_assets_are_open() {
        assert!(open_route("/login"));
        assert!(open_route("/assets/abc/style.css"));
        assert!(!open_route("/assets/kinds/abc/mine.js"));
        assert!(!open_route("/"));
        assert!(!open_route("/config"));
        assert!(!open_route("/gradio_api/upload"));
    }
}
