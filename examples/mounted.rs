//! Mounted: two blocks apps inside an actix-web server of one's own, next to its own JSON
//! route, sharing its runtime and workers: `/a/` and `/b/` are the apps, `/health` is the
//! server's. Behind a proxy, set `BLOCKS_ROOT_PATH` or let it send `X-Forwarded-Prefix`
//! (see docs/deploying.md).

use actix_web::{web, HttpResponse, HttpServer};
use blocks::prelude::*;
use blocks::server::ServerConfig;

/// Returns its input.
#[blocks::handler]
pub fn echo(text: String) -> String {
    text
}

/// Returns its input backwards.
#[blocks::handler]
pub fn reverse(text: String) -> String {
    text.chars().rev().collect()
}

/// The app at `/a`.
#[blocks::app(title = "Echo")]
pub fn echo_app() {
    let input = Textbox::new().label("Input");
    let output = Textbox::new().label("Output");
    let send = Button::new("Echo");
    send.click(echo, input, output).api_name("echo");
}

/// The app at `/b`.
#[blocks::app(title = "Reverse")]
pub fn reverse_app() {
    let input = Textbox::new().label("Input");
    let output = Textbox::new().label("Output");
    let send = Button::new("Reverse");
    send.click(reverse, input, output).api_name("reverse");
}

/// The server's own route.
async fn health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok", "apps": ["/a/", "/b/"]}))
}

/// The whole server, listening where `config` says (port 0: any free port): returns it and
/// the address it got. Call it inside the server's runtime.
pub fn server(
    config: ServerConfig,
) -> std::io::Result<(actix_web::dev::Server, std::net::SocketAddr)> {
    let addr = (config.host.clone(), config.port);
    let a = echo_app().mount(config.clone())?;
    let b = reverse_app().mount(config)?;
    let server = HttpServer::new(move || {
        actix_web::App::new()
            .route("/health", web::get().to(health))
            .service(a.service("/a"))
            .service(b.service("/b"))
    })
    .bind(addr)?;
    let bound = server
        .addrs()
        .first()
        .copied()
        .ok_or_else(|| std::io::Error::other("the server is bound to no address"))?;
    Ok((server.run(), bound))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    // BLOCKS_SERVER_NAME / BLOCKS_SERVER_PORT say where to listen, as for `launch`.
    let (server, addr) = server(ServerConfig::from_env().map_err(std::io::Error::other)?)?;
    println!("* Running on http://{addr}/a/ and http://{addr}/b/ (and /health)");
    server.await
}
