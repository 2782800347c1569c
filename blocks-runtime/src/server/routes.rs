//! The HTTP routes of Gradio's API (see `shared/protocol.md`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::app::DependencyId;
use crate::engine::EventRequest;
use crate::event::{InputError, RequestInfo};
use crate::server::error::{parse_json, ProtocolError};
use crate::server::messages::{self, FailureOutput, QueueMessage, SuccessOutput};
use crate::server::queue::{new_event_id, Attach};
use crate::server::{files, gradio_page, guard, streams, Shared};
use crate::session::SessionId;

type Result<T> = std::result::Result<T, ProtocolError>;

/// Registers every route: the API first and its hot routes first, since the router tries
/// routes in order (and the catch-all patterns below cost a regex match). With `gradio_page`,
/// the files of Gradio's page are served too.
pub(crate) fn configure(cfg: &mut web::ServiceConfig, gradio_page: bool) {
    cfg.app_data(web::QueryConfig::default().error_handler(|err, _| {
        ProtocolError::BadRequest(format!("the query string could not be read: {err}")).into()
    }))
    .app_data(web::PathConfig::default().error_handler(|err, _| {
        ProtocolError::BadRequest(format!("the path could not be read: {err}")).into()
    }))
    .service(
        web::scope("/gradio_api")
            .wrap(actix_web::middleware::from_fn(guard::cross_site))
            .route("/queue/join", web::post().to(join))
            .route("/queue/data", web::get().to(data))
            .route("/call/v2/{api_name}", web::post().to(call_v2))
            .route("/call/v2/{api_name}/{event_id}", web::get().to(call_stream))
            .route("/call/{api_name}", web::post().to(call))
            .route("/call/{api_name}/{event_id}", web::get().to(call_stream))
            .route("/heartbeat/{session_hash}", web::get().to(heartbeat))
            .route("/info", web::get().to(api_info))
            .route("/info/", web::get().to(api_info))
            .route("/app_id", web::get().to(app_id))
            .route("/queue/status", web::get().to(queue_status))
            .route("/run/{api_name}", web::post().to(run))
            .route("/run/{api_name}/", web::post().to(run))
            .route("/cancel", web::post().to(cancel))
            .route("/reset", web::post().to(reset))
            .route("/reset/", web::post().to(reset))
            .route("/upload", web::post().to(files::upload))
            .route("/file={path:.*}", web::get().to(files::download))
            .route(
                "/custom_component/{id}/{environment}/{variant}/{file}",
                web::get().to(gradio_page::custom_component),
            )
            .default_service(web::to(no_route)),
    )
    .configure(crate::server::login::configure)
    .route("/", web::get().to(page))
    .route("/config", web::get().to(config))
    .route("/config/", web::get().to(config))
    .route("/theme.css", web::get().to(theme_css))
    .route("/monitoring/summary", web::get().to(monitoring_summary))
    .route("/gradio_api/theme.css", web::get().to(theme_css));
    if gradio_page {
        gradio_page::configure(cfg);
    }
    cfg.route("/assets/kinds/{hash}/{file}", web::get().to(kind_module))
        .route(
            "/assets/{version}/{name:.*}",
            web::get().to(crate::frontend::asset),
        )
        .default_service(web::to(no_route));
}

async fn kind_module(shared: web::Data<Shared>, path: web::Path<(String, String)>) -> HttpResponse {
    let (hash, file) = path.into_inner();
    crate::frontend::kind_module(&shared.modules, &hash, &file)
}

/// Any other path: a JSON 404 naming it.
async fn no_route(req: HttpRequest) -> HttpResponse {
    use actix_web::ResponseError;
    ProtocolError::NoRoute(format!("{} {}", req.method(), req.path())).error_response()
}

/// The request's headers and client address, for handlers that take the request (copied only
/// when some handler of the app does), and the public root URL, for output files' URLs.
pub(crate) fn request_info(shared: &Shared, req: &HttpRequest) -> RequestInfo {
    // Gradio's page runs `.change` listeners itself (see `RequestInfo::client_runs_listeners`).
    let client_runs_listeners = req
        .headers()
        .get("x-gradio-user")
        .is_some_and(|v| v.as_bytes() == b"app");
    // Output files' URLs start with it (Gradio's `add_root_url`): worked out per event only for
    // apps that have file-valued components.
    let root_url = shared.has_file_kinds.then(|| root_url(shared, req));
    if !shared.reads_requests {
        return RequestInfo {
            client_runs_listeners,
            root_url,
            ..RequestInfo::default()
        };
    }
    let headers: BTreeMap<String, String> = req
        .headers()
        .iter()
        .filter_map(|(name, value)| {
            value
                .to_str()
                .ok()
                .map(|v| (name.as_str().to_ascii_lowercase(), v.to_owned()))
        })
        .collect();
    RequestInfo {
        headers,
        client: client(shared, req).map(|a| a.to_string()),
        client_runs_listeners,
        event_data: None,
        username: req
            .extensions()
            .get::<crate::server::auth::LoggedIn>()
            .map(|u| u.0.clone()),
        root_url,
    }
}

/// The URL the client reached the app at (`scheme://host[:port]/prefix`), Gradio's `root`.
pub(crate) fn root_url(shared: &Shared, req: &HttpRequest) -> String {
    crate::server::mount::public_root(shared, req)
}

/// The app's `/config` as served from `root`.
pub(crate) fn config_at(shared: &Shared, root: &str) -> Value {
    let mut config = shared.app.config();
    config["root"] = json!(root);
    config["mcp_server"] = json!(crate::server::mcp::enabled(&shared.app, &shared.config));
    config
}

async fn config(shared: web::Data<Shared>, req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().json(config_at(&shared, &root_url(&shared, &req)))
}

async fn page(shared: web::Data<Shared>, req: HttpRequest) -> HttpResponse {
    match &shared.gradio_page {
        Some(gradio) => gradio_page::index(&shared, gradio, &req),
        None => crate::frontend::page(shared.page.clone()),
    }
}

/// `GET /monitoring/summary`: what Gradio's server answers when monitoring is off (Gradio's
/// API page asks for it).
async fn monitoring_summary() -> HttpResponse {
    HttpResponse::Ok().json(json!({"functions": {}}))
}

/// `GET /theme.css`: the CSS variables of Gradio's default theme, which Gradio's page and
/// custom components load.
async fn theme_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=3600",
        ))
        .body(crate::app::THEME_CSS)
}

#[derive(Deserialize)]
struct InfoQuery {
    all_endpoints: Option<bool>,
}

async fn api_info(
    shared: web::Data<Shared>,
    req: HttpRequest,
    query: web::Query<InfoQuery>,
) -> HttpResponse {
    let all = query.all_endpoints.unwrap_or(false);
    HttpResponse::Ok().json(shared.app.api().info_json_at(all, &root_url(&shared, &req)))
}

async fn app_id(shared: web::Data<Shared>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"app_id": shared.app.app_id()}))
}

async fn queue_status(shared: web::Data<Shared>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "msg": "estimation", "event_id": null, "rank": null,
        "queue_size": shared.queue.size(), "rank_eta": null,
    }))
}

/// The address of the client, for what one client may hold: behind a trusted proxy, the
/// address it forwarded.
pub(crate) fn client(shared: &Shared, req: &HttpRequest) -> Option<std::net::IpAddr> {
    shared.config.proxies().client(req)
}

async fn heartbeat(
    shared: web::Data<Shared>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse> {
    let session = SessionId::new(&path)?;
    let slot = shared.streams_per_client.take(client(&shared, &req))?;
    shared.app.sessions().connect(&session)?;
    Ok(streams::sse(streams::heartbeat(
        &shared.into_inner(),
        session,
        slot,
    )))
}

#[derive(Deserialize)]
struct JoinBody {
    data: Option<Vec<Value>>,
    fn_index: Option<usize>,
    session_hash: Option<String>,
    /// What a `select` event selected (Gradio's `event_data`), for `SelectData` inputs.
    #[serde(default)]
    event_data: Option<Value>,
}

async fn join(
    shared: web::Data<Shared>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let body: JoinBody = parse_json(&guard::json_body(&shared, &req, payload).await?)?;
    let session = body.session_hash.ok_or(ProtocolError::NoSessionHash)?;
    let session = SessionId::new(&session)?;
    let fn_index = body.fn_index.ok_or(ProtocolError::NoFnIndex)?;
    let dependency = shared.dependency(fn_index)?;
    let data = body.data.unwrap_or_default();
    let mut info = request_info(&shared, &req);
    info.event_data = body.event_data.filter(|_| shared.reads_requests);
    let event_id =
        shared
            .queue
            .join_session(session, dependency, data, info, client(&shared, &req))?;
    Ok(HttpResponse::Ok().json(json!({ "event_id": event_id })))
}

#[derive(Deserialize)]
struct DataQuery {
    session_hash: String,
}

async fn data(
    shared: web::Data<Shared>,
    req: HttpRequest,
    query: web::Query<DataQuery>,
) -> Result<HttpResponse> {
    let session = SessionId::new(&query.session_hash)?;
    let slot = shared.streams_per_client.take(client(&shared, &req))?;
    let shared = shared.into_inner();
    Ok(match shared.queue.attach(&session) {
        Attach::Stream(rx, backlog) => {
            streams::sse(streams::queue_data(&shared, session, (rx, backlog), slot))
        }
        Attach::NoSession => streams::sse(streams::single(messages::frame(
            &QueueMessage::unexpected("404: Not Found", true),
        ))),
    })
}

#[derive(Deserialize)]
struct CallBody {
    data: Option<Vec<Value>>,
    session_hash: Option<String>,
}

/// The data as the dependency takes it, when a client sent one value per API parameter (as
/// `/gradio_api/info` lists them): inputs that are not parameters (State, Button, kinds left
/// out of the API) are filled with `null`.
fn with_state_slots(shared: &Shared, dependency: DependencyId, data: Vec<Value>) -> Vec<Value> {
    let Some(endpoint) = shared.app.api().of_dependency(dependency) else {
        return data;
    };
    let wire_inputs = endpoint.wire_inputs;
    if data.len() != endpoint.parameters.len() || data.len() == wire_inputs {
        return data;
    }
    let mut full = vec![Value::Null; wire_inputs];
    for (parameter, value) in endpoint.parameters.iter().zip(data) {
        if let Some(slot) = full.get_mut(parameter.position) {
            *slot = value;
        }
    }
    full
}

/// The session of an API call: the client's, or a fresh one-shot session (`true`) when it
/// named none.
fn api_session(session_hash: Option<String>) -> Result<(SessionId, bool)> {
    Ok(match session_hash {
        Some(s) => (SessionId::new(&s)?, false),
        None => (SessionId::random(), true),
    })
}

fn start_curl(
    shared: &Shared,
    req: &HttpRequest,
    dependency: DependencyId,
    data: Vec<Value>,
    session: Option<String>,
) -> Result<HttpResponse> {
    let event_id = new_event_id();
    let (session, one_shot) = api_session(session)?;
    let data = with_state_slots(shared, dependency, data);
    let info = request_info(shared, req);
    shared.start_curl(&event_id, client(shared, req), || {
        shared
            .queue
            .join_curl((session, dependency, data), &event_id, info, one_shot)
    })?;
    Ok(HttpResponse::Ok().json(json!({ "event_id": event_id })))
}

async fn call(
    shared: web::Data<Shared>,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let dependency = shared.api(&path)?;
    let body: CallBody = parse_json(&guard::json_body(&shared, &req, payload).await?)?;
    let data = body.data.ok_or_else(|| {
        ProtocolError::InvalidJson("the body needs a \"data\" list: {\"data\": [...]}".into())
    })?;
    start_curl(&shared, &req, dependency, data, body.session_hash)
}

async fn call_v2(
    shared: web::Data<Shared>,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let dependency = shared.api(&path)?;
    let mut body: serde_json::Map<String, Value> =
        parse_json(&guard::json_body(&shared, &req, payload).await?)?;
    let session = body
        .remove("session_hash")
        .and_then(|v| v.as_str().map(str::to_owned));
    let endpoint = shared
        .app
        .api()
        .of_dependency(dependency)
        .ok_or(ProtocolError::UnknownFnIndex(dependency.get()))?;
    // One value per component input; inputs that are not parameters (State) stay null.
    let mut data = vec![Value::Null; endpoint.wire_inputs];
    for parameter in &endpoint.parameters {
        let value = body
            .remove(&parameter.name)
            .or_else(|| parameter.default.clone())
            .ok_or_else(|| InputError::Missing {
                expected: endpoint.parameters.len(),
                got: endpoint.parameters.len() - 1,
            })?;
        if let Some(slot) = data.get_mut(parameter.position) {
            *slot = value;
        }
    }
    start_curl(&shared, &req, dependency, data, session)
}

async fn call_stream(shared: web::Data<Shared>, path: web::Path<(String, String)>) -> HttpResponse {
    let (_, event_id) = path.into_inner();
    match shared.take_curl(&event_id) {
        Some(receiver) => streams::sse(streams::curl(shared.config.heartbeat_interval, receiver)),
        None => streams::sse(streams::single(messages::curl_frame(
            "error",
            &json!("404: Not Found"),
        ))),
    }
}

async fn run(
    shared: web::Data<Shared>,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let dependency = shared.api(&path)?;
    let body: CallBody = parse_json(&guard::json_body(&shared, &req, payload).await?)?;
    let data = with_state_slots(&shared, dependency, body.data.unwrap_or_default());
    shared.app.check_inputs(dependency, &data)?;
    let (session, one_shot) = api_session(body.session_hash)?;
    let started = Instant::now();
    let request = EventRequest::new(session, dependency, data)
        .with_info(request_info(&shared, &req))
        .one_shot(one_shot);
    match shared
        .queue
        .direct(dependency, shared.app.run(request))
        .await?
    {
        Ok(outcome) => {
            let duration = started.elapsed().as_secs_f64();
            Ok(HttpResponse::Ok().json(SuccessOutput::completed(&outcome, duration, duration)))
        }
        Err(crate::engine::EventError::Input(err)) => Err(err.into()),
        Err(crate::engine::EventError::Store(err)) => Err(err.into()),
        // An output past the output caps: the server cannot store it (507, with the cap).
        Err(err @ crate::engine::EventError::OutputFile { .. }) => {
            Ok(HttpResponse::InsufficientStorage().json(FailureOutput::new(&err)))
        }
        Err(err) => Ok(HttpResponse::InternalServerError().json(FailureOutput::new(&err))),
    }
}

/// What Gradio's page and clients send to stop an event: its `event_id`, with the
/// `session_hash` and `fn_index` it was joined with (read by Gradio's server, not needed here:
/// an event id names one event).
#[derive(Deserialize)]
struct CancelBody {
    event_id: Option<String>,
}

async fn cancel(
    shared: web::Data<Shared>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse> {
    let body: CancelBody = parse_json(&guard::json_body(&shared, &req, payload).await?)?;
    let event_id = body.event_id.ok_or_else(|| {
        ProtocolError::BadRequest(
            "the body needs the \"event_id\" of the event to cancel: {\"event_id\": \"…\"}".into(),
        )
    })?;
    // An event that already ended (or never was) is no error, as in Gradio.
    shared.queue.cancel(&event_id);
    Ok(HttpResponse::Ok().json(json!({"success": true})))
}

async fn reset() -> HttpResponse {
    HttpResponse::Ok().json(json!({"success": true}))
}

impl Shared {
    fn dependency(&self, fn_index: usize) -> Result<DependencyId> {
        self.app
            .dependencies()
            .get(fn_index)
            .map(|d| d.id)
            .ok_or(ProtocolError::UnknownFnIndex(fn_index))
    }

    fn api(&self, name: &str) -> Result<DependencyId> {
        let name = name.trim_start_matches('/');
        self.app
            .dependency_by_api_name(name)
            .ok_or_else(|| ProtocolError::UnknownApiName(name.to_owned()))
    }
}

#[allow(dead_code)]
fn _assert_shared_is_send_sync(shared: Arc<Shared>) -> impl Send + Sync {
    shared
}
