//! A queue-protocol user as a page or `@gradio/client` is one: joins on one keep-alive
//! connection, and the session's `/queue/data` stream read on a second, kept open across
//! events (the server lingers before `close_stream`, so a user that joins again soon keeps its
//! stream); reopened when the server does close it.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::{send, Sender};

/// The stream half of a queue user.
pub(crate) struct QueueUser {
    stream_conn: Sender,
    body: Option<Incoming>,
    buffer: String,
}

impl QueueUser {
    /// Opens the connection the stream is read on.
    pub(crate) async fn connect(port: u16) -> Option<QueueUser> {
        let stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
        let _ = stream.set_nodelay(true);
        let (stream_conn, conn) = http1::handshake(TokioIo::new(stream)).await.ok()?;
        tokio::spawn(conn);
        Some(QueueUser {
            stream_conn,
            body: None,
            buffer: String::new(),
        })
    }

    /// One event: join (on `joins`), then read the stream until its `process_completed`.
    pub(crate) async fn event(&mut self, joins: &mut Sender, session: &str, n: u64) -> bool {
        let text = format!("hello {n}");
        let join = format!(r#"{{"data":["{text}"],"fn_index":0,"session_hash":"{session}"}}"#);
        if send(joins, "POST", "/gradio_api/queue/join", join)
            .await
            .is_none()
        {
            return false;
        }
        // A closed stream may have ended before this event's messages: reopen and go on.
        for _ in 0..3 {
            if self.body.is_none() && !self.open(session).await {
                return false;
            }
            match self.until_completed(&text).await {
                Some(true) => return true,
                Some(false) => return false,
                None => self.body = None,
            }
        }
        false
    }

    async fn open(&mut self, session: &str) -> bool {
        if self.stream_conn.ready().await.is_err() {
            return false;
        }
        let Ok(req) = Request::get(format!("/gradio_api/queue/data?session_hash={session}"))
            .header("host", "127.0.0.1")
            .body(Full::new(Bytes::new()))
        else {
            return false;
        };
        match self.stream_conn.send_request(req).await {
            Ok(response) if response.status().is_success() => {
                self.body = Some(response.into_body());
                self.buffer.clear();
                true
            }
            _ => false,
        }
    }

    /// Reads frames until the completion carrying `text` (`Some(true)`), a completion without
    /// it (`Some(false)`), or the stream's end (`None`).
    async fn until_completed(&mut self, text: &str) -> Option<bool> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                if frame.contains("process_completed") {
                    return Some(frame.contains(text));
                }
            }
            let body = self.body.as_mut()?;
            match body.frame().await {
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        self.buffer.push_str(&String::from_utf8_lossy(data));
                    }
                }
                _ => return None,
            }
        }
    }
}
