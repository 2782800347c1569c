//! `TestServer`: an app served on 127.0.0.1 and called with a real HTTP client, for tests of
//! what goes over the wire.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::app::App;
use crate::server::{ServerConfig, ServerHandle};

/// How long one request may take before the client gives up.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// How long reading a stream to its end may take.
const STREAM_TIMEOUT: Duration = Duration::from_secs(10);

/// An app served over HTTP on 127.0.0.1, with a client that speaks Gradio's API.
///
/// Where [`TestApp`](super::TestApp) runs handlers in-process, `TestServer` goes through the
/// real server: routes, status codes, JSON bodies and SSE framing. Its typed requests
/// ([`join`](Self::join), [`queue_data`](Self::queue_data), [`call`](Self::call),
/// [`run`](Self::run), [`upload`](Self::upload), …) return parsed JSON and check the framing
/// clients rely on; [`get`](Self::get), [`post`](Self::post) and [`client`](Self::client) are
/// there for anything else.
///
/// It needs the `test-server` feature, which brings in an HTTP client (`reqwest`); enable it
/// for tests only: `blocks = { version = "…", features = ["test-server"] }` under
/// `[dev-dependencies]`.
///
/// The helpers are for tests: a request that cannot be sent, or a reply that breaks the
/// protocol, panics with what was wrong. A request the server refuses is a [`Refused`] where
/// refusing is something a test may want to see (`join`, `run`, `upload`), and a panic
/// elsewhere.
///
/// ```
/// use blocks_runtime::prelude::*;
/// use blocks_runtime::testing::TestServer;
/// use serde_json::json;
///
/// #[tokio::main]
/// async fn main() {
///     let mut app = Blocks::new();
///     let text = app.add(Textbox::new().label("Input"));
///     let out = app.add(Textbox::new().label("Output"));
///     app.on(text.submit()).call(|s: String| s, text, out).api_name("echo");
///     let server = TestServer::start(app.build()).await;
///
///     // As curl does: POST /gradio_api/call/echo, then read the event's stream.
///     let events = server.call("echo", json!(["hi"])).await;
///     assert_eq!(events.last(), Some(&("complete".to_owned(), json!(["hi"]))));
///
///     // As gradio_client does: join the queue, then read the session's stream.
///     let event_id = server.join_api("echo", json!(["hello"]), "s1").await.unwrap();
///     let messages = server.queue_data("s1").await;
///     let done = messages.iter().find(|m| m["msg"] == "process_completed").unwrap();
///     assert_eq!(done["event_id"], event_id.as_str());
///     assert_eq!(done["output"]["data"], json!(["hello"]));
///
///     // A refusal is a value, with its status and JSON body.
///     let refused = server.join(99, json!(["x"]), "s1").await.unwrap_err();
///     assert_eq!(refused.status, 404);
///
///     server.stop().await;
/// }
/// ```
#[derive(Debug)]
pub struct TestServer {
    handle: ServerHandle,
    url: String,
    client: reqwest::Client,
}

/// A request the server answered with an error status: the status and the reply's body (its
/// JSON, or its text as a JSON string when it is not JSON).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the server refused the request with {status}: {body}")]
pub struct Refused {
    /// The HTTP status.
    pub status: u16,
    /// The body: `{"detail": …}` for the server's own errors.
    pub body: Value,
}

impl Refused {
    async fn read(response: reqwest::Response) -> Refused {
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Refused { status, body }
    }
}

impl TestServer {
    /// The settings [`start`](Self::start) serves with, to adjust for
    /// [`start_with`](Self::start_with): `127.0.0.1`, port 0 (any free port), one worker, a
    /// heartbeat on the SSE streams every 300 ms (default 15 s) and a presence write every
    /// 200 ms (default 2 s), so that heartbeats show and a closed page's `unload` runs within
    /// a test's patience. Everything else is [`ServerConfig::default`].
    pub fn server_config() -> ServerConfig {
        ServerConfig::default()
            .host("127.0.0.1")
            .port(0)
            .workers(1)
            .heartbeat_interval(Duration::from_millis(300))
            .presence_interval(Duration::from_millis(200))
    }

    /// Serves `app` with [`TestServer::server_config`]. Call it inside a tokio runtime
    /// (`#[tokio::test]`).
    ///
    /// # Panics
    /// If the server cannot listen.
    pub async fn start(app: App) -> TestServer {
        Self::start_with(app, Self::server_config()).await
    }

    /// Serves `app` with `config` as given: start from [`TestServer::server_config`] to keep
    /// the port and the test intervals (`TestServer::server_config().max_queue(2)`), or set a
    /// fixed port to restart a server where a page expects it.
    ///
    /// # Panics
    /// If the server cannot listen, or no HTTP client can be made.
    pub async fn start_with(app: App, config: ServerConfig) -> TestServer {
        let at = format!("{}:{}", config.host, config.port);
        let handle = app
            .serve(config)
            .await
            .unwrap_or_else(|err| panic!("the test server cannot listen on {at}: {err}"));
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap_or_else(|err| panic!("no HTTP client for the test server: {err}"));
        TestServer {
            url: handle.url(),
            handle,
            client,
        }
    }

    /// `http://127.0.0.1:port`, with no trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.handle.addr()
    }

    /// The HTTP client the typed requests use (a 20 s timeout per request), for requests they
    /// do not cover: other headers, bodies that are not JSON, streams read by hand.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Stops the server, letting requests in flight finish.
    pub async fn stop(self) {
        self.handle.stop().await;
    }

    /// `GET {url}{path}` (`path` starts with `/`), or `GET path` when it is a full URL (an
    /// output file's `url`), whatever the status.
    ///
    /// # Panics
    /// If the request cannot be sent or gets no reply.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        let url = if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}{path}", self.url)
        };
        self.client
            .get(url)
            .send()
            .await
            .unwrap_or_else(|err| panic!("GET {path}: {err}"))
    }

    /// `POST {url}{path}` with `body` as JSON, whatever the status.
    ///
    /// # Panics
    /// If the request cannot be sent or gets no reply.
    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.url))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|err| panic!("POST {path}: {err}"))
    }

    /// `GET /config`: the app as the page and clients see it.
    ///
    /// # Panics
    /// If the server does not answer with JSON.
    pub async fn config(&self) -> Value {
        json_of("GET /config", self.get("/config").await).await
    }

    /// `GET /gradio_api/info`: the endpoints' signatures.
    ///
    /// # Panics
    /// If the server does not answer with JSON.
    pub async fn info(&self) -> Value {
        json_of("GET /gradio_api/info", self.get("/gradio_api/info").await).await
    }

    /// The `fn_index` of the endpoint `api_name` (with or without a leading `/`), from
    /// `/config`.
    ///
    /// # Panics
    /// If the app has no such endpoint.
    pub async fn fn_index(&self, api_name: &str) -> usize {
        let api_name = api_name.trim_start_matches('/');
        let config = self.config().await;
        config["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| d["api_name"] == api_name)
            .and_then(|d| d["id"].as_u64())
            .and_then(|id| usize::try_from(id).ok())
            .unwrap_or_else(|| panic!("/config lists no endpoint {api_name:?}"))
    }

    /// `POST /gradio_api/queue/join` for the dependency `fn_index` with the inputs `data` (a
    /// JSON array, sent as given) in `session`: the event id, or the refusal.
    ///
    /// # Panics
    /// If the request cannot be sent, or an accepted join has no `event_id`.
    pub async fn join(
        &self,
        fn_index: usize,
        data: Value,
        session: &str,
    ) -> Result<String, Refused> {
        let body = json!({"data": data, "fn_index": fn_index, "session_hash": session});
        let response = self.post("/gradio_api/queue/join", &body).await;
        if !response.status().is_success() {
            return Err(Refused::read(response).await);
        }
        let reply = json_of("POST /gradio_api/queue/join", response).await;
        match reply["event_id"].as_str() {
            Some(id) => Ok(id.to_owned()),
            None => panic!("a join was accepted without an event_id: {reply}"),
        }
    }

    /// [`join`](Self::join) by endpoint name, its `fn_index` read from `/config`.
    ///
    /// # Panics
    /// As `join`, and if the app has no such endpoint.
    pub async fn join_api(
        &self,
        api_name: &str,
        data: Value,
        session: &str,
    ) -> Result<String, Refused> {
        let fn_index = self.fn_index(api_name).await;
        self.join(fn_index, data, session).await
    }

    /// `GET /gradio_api/queue/data?session_hash=…` read to its end (at most 10 s): the JSON of
    /// every frame, in order. Checks the framing `gradio_client` requires: an event stream
    /// whose every frame is exactly one `data:` line, with no CRLF.
    ///
    /// # Panics
    /// If the reply is not an event stream, does not end within 10 s, or breaks the framing.
    pub async fn queue_data(&self, session: &str) -> Vec<Value> {
        let response = self
            .get(&format!("/gradio_api/queue/data?session_hash={session}"))
            .await;
        let frames = read_stream("/queue/data", response).await;
        frames
            .iter()
            .map(|frame| {
                assert!(!frame.contains('\r'), "no CRLF: {frame:?}");
                assert_eq!(frame.lines().count(), 1, "one line per frame: {frame:?}");
                let data = frame
                    .strip_prefix("data: ")
                    .unwrap_or_else(|| panic!("only data lines on /queue/data: {frame:?}"));
                serde_json::from_str(data).unwrap_or_else(|err| {
                    panic!("a /queue/data frame is not JSON ({err}): {frame:?}")
                })
            })
            .collect()
    }

    /// The curl API in its two steps: `POST /gradio_api/call/{api_name}` with `{"data": data}`,
    /// then [`call_events`](Self::call_events).
    ///
    /// # Panics
    /// If the call is refused, or its stream breaks the framing or does not end within 10 s.
    pub async fn call(&self, api_name: &str, data: Value) -> Vec<(String, Value)> {
        let api_name = api_name.trim_start_matches('/');
        let event_id = self
            .start_call(
                &format!("/gradio_api/call/{api_name}"),
                &json!({"data": data}),
            )
            .await;
        self.call_events(api_name, &event_id).await
    }

    /// [`call`](Self::call) with keyword inputs, keyed by parameter name
    /// (`POST /gradio_api/call/v2/{api_name}`).
    ///
    /// # Panics
    /// As `call`.
    pub async fn call_keywords(&self, api_name: &str, keywords: Value) -> Vec<(String, Value)> {
        let api_name = api_name.trim_start_matches('/');
        let event_id = self
            .start_call(&format!("/gradio_api/call/v2/{api_name}"), &keywords)
            .await;
        self.call_events(&format!("v2/{api_name}"), &event_id).await
    }

    /// The second step of a curl call: `GET /gradio_api/call/{api_name}/{event_id}` read to
    /// its end (at most 10 s), as `(event, data)` pairs in order (`generating`, `complete`,
    /// `error`, `heartbeat`). Checks that every frame is one `event:` line and one `data:`
    /// line of JSON.
    ///
    /// # Panics
    /// If the reply is not an event stream, does not end within 10 s, or breaks the framing.
    pub async fn call_events(&self, api_name: &str, event_id: &str) -> Vec<(String, Value)> {
        let api_name = api_name.trim_start_matches('/');
        let response = self
            .get(&format!("/gradio_api/call/{api_name}/{event_id}"))
            .await;
        let frames = read_stream("the curl stream", response).await;
        frames
            .iter()
            .map(|frame| {
                assert!(!frame.contains('\r'), "no CRLF: {frame:?}");
                let mut lines = frame.lines();
                let event = lines.next().and_then(|l| l.strip_prefix("event: "));
                let data = lines.next().and_then(|l| l.strip_prefix("data: "));
                match (event, data, lines.next()) {
                    (Some(event), Some(data), None) => {
                        let data = serde_json::from_str(data).unwrap_or_else(|err| {
                            panic!("curl data is not JSON ({err}): {frame:?}")
                        });
                        (event.to_owned(), data)
                    }
                    _ => panic!("a curl frame is one event: line and one data: line: {frame:?}"),
                }
            })
            .collect()
    }

    /// `POST /gradio_api/run/{api_name}` with `{"data": data}`: the output object
    /// (`{"data": […], …}`), or the refusal.
    ///
    /// # Panics
    /// If the request cannot be sent, or an answer is not JSON.
    pub async fn run(&self, api_name: &str, data: Value) -> Result<Value, Refused> {
        let api_name = api_name.trim_start_matches('/');
        let path = format!("/gradio_api/run/{api_name}");
        let response = self.post(&path, &json!({"data": data})).await;
        if !response.status().is_success() {
            return Err(Refused::read(response).await);
        }
        Ok(json_of(&format!("POST {path}"), response).await)
    }

    /// `POST /gradio_api/upload` with one `files` part per `(file name, bytes)`: the server
    /// paths of the stored files, or the refusal.
    ///
    /// # Panics
    /// If the request cannot be sent, or an accepted upload's answer is not a list of paths.
    pub async fn upload(&self, files: &[(&str, &[u8])]) -> Result<Vec<String>, Refused> {
        let form = files
            .iter()
            .fold(reqwest::multipart::Form::new(), |form, (name, bytes)| {
                let part =
                    reqwest::multipart::Part::bytes(bytes.to_vec()).file_name((*name).to_owned());
                form.part("files", part)
            });
        let response = self
            .client
            .post(format!("{}/gradio_api/upload", self.url))
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|err| panic!("POST /gradio_api/upload: {err}"));
        if !response.status().is_success() {
            return Err(Refused::read(response).await);
        }
        let paths = json_of("POST /gradio_api/upload", response).await;
        match serde_json::from_value(paths.clone()) {
            Ok(paths) => Ok(paths),
            Err(err) => panic!("an upload answered {paths}, not a list of paths: {err}"),
        }
    }

    /// Starts a curl call: its event id.
    async fn start_call(&self, path: &str, body: &Value) -> String {
        let response = self.post(path, body).await;
        if !response.status().is_success() {
            panic!("POST {path}: {}", Refused::read(response).await);
        }
        let reply = json_of(&format!("POST {path}"), response).await;
        match reply["event_id"].as_str() {
            Some(id) => id.to_owned(),
            None => panic!("POST {path} answered without an event_id: {reply}"),
        }
    }
}

/// The JSON body of a successful reply.
async fn json_of(request: &str, response: reqwest::Response) -> Value {
    if !response.status().is_success() {
        panic!("{request}: {}", Refused::read(response).await);
    }
    let text = response
        .text()
        .await
        .unwrap_or_else(|err| panic!("{request}: the body did not arrive: {err}"));
    serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("{request} answered with something not JSON ({err}): {text}"))
}

/// An event stream read to its end (at most [`STREAM_TIMEOUT`]), split into its frames.
async fn read_stream(what: &str, response: reqwest::Response) -> Vec<String> {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if !content_type.starts_with("text/event-stream") {
        panic!(
            "{what} is not an event stream ({status}, {content_type:?}): {}",
            Refused::read(response).await
        );
    }
    let mut body = response.bytes_stream();
    let mut bytes = Vec::new();
    let read = async {
        while let Some(chunk) = body.next().await {
            let chunk = chunk.unwrap_or_else(|err| panic!("{what} broke off: {err}"));
            bytes.extend_from_slice(&chunk);
        }
    };
    if tokio::time::timeout(STREAM_TIMEOUT, read).await.is_err() {
        panic!("{what} did not end within {STREAM_TIMEOUT:?}");
    }
    let text = String::from_utf8(bytes).unwrap_or_else(|err| panic!("{what} is not UTF-8: {err}"));
    text.split("\n\n")
        .filter(|frame| !frame.is_empty())
        .map(str::to_owned)
        .collect()
}
