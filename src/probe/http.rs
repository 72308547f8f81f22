//! Remote transports: streamable HTTP (PROTOCOL.md §1.5, §1.6), with the spec's fallback to
//! legacy HTTP+SSE (§1.7, in [`super::sse`]), OAuth discovery on 401 (§1.8, in
//! [`super::auth`]), and retries of transient failures.
//!
//! Each JSON-RPC message is one POST with both `Accept` types, the configured headers,
//! `Mcp-Session-Id` once the server gave one and `MCP-Protocol-Version` once a version was
//! agreed (a modern-era message, which carries the version in `params._meta`, also gets
//! `Mcp-Method` and, for `tools/call`, `resources/read` and `prompts/get`, `Mcp-Name`). A JSON
//! answer is queued as one line; an event-stream answer is read on a reader thread that feeds a
//! channel until the response to the request arrived, so every wait is bounded by a timeout.
//! An HTTP error whose body is a JSON-RPC error is handed to the session as that error (this is
//! how era detection sees a modern `-32022` or a legacy "unknown method"); a body without an id
//! is attributed to the request that caused it.
//!
//! Decisions:
//! - **Redirects** are followed by hand, at most [`MAX_REDIRECTS`] hops, and only within the
//!   configured origin (scheme, host and port), with the same method and body (an MCP endpoint
//!   moved from `/mcp` to `/mcp/` keeps working; 301, 302, 303, 307 and 308 alike). A redirect
//!   to another origin is not followed and is reported as an HTTP status failure naming only
//!   the other origin: the configured headers (often credentials) never leave their origin.
//! - **Bodies** are bounded: [`MAX_BODY_BYTES`] for a JSON answer, [`super::sse::MAX_EVENT_BYTES`]
//!   per event, [`MAX_ERROR_BODY_BYTES`] read from an error answer.
//! - **Timeouts**: connecting and the first answer are bounded by the initialize timeout, later
//!   answers by the request timeout; every body read by the same bound.
//! - **Secrets**: no header value, URL userinfo or query ever goes into an error: details are
//!   written by us, or excerpts of the server's body with the configured header values masked.
//! - **403** is treated as an authorization problem only when it carries `WWW-Authenticate`
//!   (`insufficient_scope`); a bare 403 (an `Origin` check, say) is an HTTP status failure.
//! - WebSocket (`ws://`, `wss://`) is not supported: it would need a WebSocket dependency.

use std::io::{BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::auth;
use super::jsonrpc;
use super::session::{
    ConnectLayer, FailureClass, LineTransport, Phase, ProbeError, ProbeErrorKind, ProbeOptions, ProbeOutcome, Received,
    TransportError, run_session,
};
use super::sse::{LegacySse, MAX_EVENT_BYTES, SseError, SseReader};
use super::target::{RemoteKind, RemoteTarget};

/// The largest JSON answer accepted, in bytes.
pub const MAX_BODY_BYTES: u64 = 4 * 1024 * 1024;
/// How much of an error answer is read (to find a JSON-RPC error or quote an excerpt).
pub const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;
/// The most same-origin redirects followed for one request.
pub const MAX_REDIRECTS: usize = 5;
/// How many times a transient failure of the first exchange is tried in all.
pub const MAX_ATTEMPTS: u32 = 3;
/// The wait before the first retry; it doubles for each later one.
pub const FIRST_RETRY_DELAY: Duration = Duration::from_millis(200);
/// The JSON-RPC error codes of the modern era (2026-07-28): a server answering one is modern.
pub const MODERN_ERROR_CODES: [i64; 3] = [-32020, -32021, -32022];
/// The `_meta` key that carries the protocol version in the modern era.
pub const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";

/// Connects to `target`, runs the lifecycle and lists tools. Transient failures of the first
/// exchange (TCP connect, 408, 429, 502, 503, 504) are retried with exponential backoff within
/// the initialize timeout; nothing else is.
pub fn probe_remote(target: &RemoteTarget, options: &ProbeOptions) -> ProbeOutcome {
    let started = Instant::now();
    let mut delay = FIRST_RETRY_DELAY;
    let mut attempt = 1;
    loop {
        let (mut outcome, exchanged) = probe_once(target, options);
        let transient = outcome.error.as_ref().is_some_and(|error| error.kind.class() == FailureClass::Transient);
        if transient && !exchanged && attempt < MAX_ATTEMPTS && started.elapsed() + delay < options.initialize_timeout {
            std::thread::sleep(delay);
            delay *= 2;
            attempt += 1;
            continue;
        }
        outcome.elapsed = started.elapsed();
        return outcome;
    }
}

/// One attempt; also says whether any exchange succeeded (then a failure is not retried).
fn probe_once(target: &RemoteTarget, options: &ProbeOptions) -> (ProbeOutcome, bool) {
    let mut outcome = ProbeOutcome::new();
    outcome.phase_reached = Phase::Connect;
    outcome.remote_transport = Some(target.kind.unwrap_or(RemoteKind::Http));
    let url = match Url::parse(&target.url) {
        Some(url) => url,
        None => {
            let detail = "the URL is not an absolute http:// or https:// URL with a host".to_owned();
            outcome.error = Some(connect_error(ConnectLayer::Url, detail));
            return (outcome, false);
        }
    };
    let client = HttpClient::new(url.clone(), &target.headers, options);
    let mut connection = match target.kind {
        Some(RemoteKind::Ws) => {
            let detail = "WebSocket servers are not supported by mcpcheck's probe yet".to_owned();
            outcome.error = Some(connect_error(ConnectLayer::Url, detail));
            return (outcome, false);
        }
        Some(RemoteKind::Sse) => match LegacySse::connect(client.clone(), &url, options.initialize_timeout) {
            Ok(legacy) => RemoteConnection { mode: Mode::Legacy(legacy), fallback_allowed: false },
            Err(error) => {
                outcome.error = Some(error);
                return (outcome, client.succeeded());
            }
        },
        Some(RemoteKind::Http) | None => RemoteConnection {
            mode: Mode::Streamable(StreamableHttp::new(client.clone(), url)),
            fallback_allowed: target.kind.is_none(),
        },
    };
    let mut outcome = run_session(&mut connection, options);
    connection.close();
    outcome.remote_transport = Some(connection.kind());
    if let Some(error) = &outcome.error
        && matches!(error.kind, ProbeErrorKind::Connect { .. })
    {
        outcome.phase_reached = Phase::Connect;
    }
    (outcome, client.succeeded())
}

fn connect_error(layer: ConnectLayer, detail: String) -> ProbeError {
    let message = format!("could not connect to the server ({}): {detail}", layer_name(layer));
    ProbeError::new(ProbeErrorKind::Connect { layer, detail }, message)
}

fn layer_name(layer: ConnectLayer) -> &'static str {
    match layer {
        ConnectLayer::Url => "URL",
        ConnectLayer::Dns => "DNS",
        ConnectLayer::Tcp => "TCP",
        ConnectLayer::Tls => "TLS",
        ConnectLayer::Http => "HTTP",
    }
}

/// The transport the session talks through: streamable HTTP, which may turn into legacy SSE
/// on the first `initialize` when the fallback rule applies.
struct RemoteConnection {
    mode: Mode,
    fallback_allowed: bool,
}

enum Mode {
    Streamable(StreamableHttp),
    Legacy(LegacySse),
}

impl RemoteConnection {
    fn kind(&self) -> RemoteKind {
        match self.mode {
            Mode::Streamable(_) => RemoteKind::Http,
            Mode::Legacy(_) => RemoteKind::Sse,
        }
    }
}

impl LineTransport for RemoteConnection {
    fn send_line(&mut self, line: &str) -> Result<(), TransportError> {
        let http = match &mut self.mode {
            Mode::Legacy(legacy) => return legacy.send_line(line),
            Mode::Streamable(http) => http,
        };
        let is_initialize = message_method(line).as_deref() == Some("initialize");
        match http.post(line) {
            Ok(()) => {
                if is_initialize {
                    self.fallback_allowed = false;
                }
                Ok(())
            }
            Err(PostFailure::Failed(error)) => Err(TransportError::Failed(error)),
            Err(PostFailure::LegacyCandidate { error, rpc_error }) => {
                if !(is_initialize && self.fallback_allowed) {
                    return match rpc_error {
                        Some(line) => {
                            http.queue(line);
                            Ok(())
                        }
                        None => Err(TransportError::Failed(error)),
                    };
                }
                self.fallback_allowed = false;
                let timeout = http.client.options.initialize_timeout;
                match LegacySse::connect(http.client.clone(), &http.url, timeout) {
                    Ok(mut legacy) => {
                        let sent = legacy.send_line(line);
                        self.mode = Mode::Legacy(legacy);
                        sent
                    }
                    // The GET did not work either: report what the POST said.
                    Err(_) => match rpc_error {
                        Some(line) => {
                            http.queue(line);
                            Ok(())
                        }
                        None => Err(TransportError::Failed(error)),
                    },
                }
            }
        }
    }

    fn recv_line(&mut self, timeout: Duration) -> Received {
        match &mut self.mode {
            Mode::Streamable(http) => {
                let received = receive(&http.incoming, timeout);
                if let (Received::Line(line), Some(id)) = (&received, &http.initialize_id) {
                    http.notice_initialize_result(line, &id.clone());
                }
                received
            }
            Mode::Legacy(legacy) => legacy.recv_line(timeout),
        }
    }

    fn negotiated(&mut self, version: &str) {
        if let Mode::Streamable(http) = &mut self.mode {
            http.protocol_version = Some(version.to_owned());
        }
    }

    fn close(&mut self) {
        match &mut self.mode {
            Mode::Streamable(http) => http.close(),
            Mode::Legacy(legacy) => legacy.close(),
        }
    }
}

/// How a POST failed.
enum PostFailure {
    /// Nothing more to try.
    Failed(ProbeError),
    /// 400, 404 or 405 without a modern-era error: the server may be a legacy HTTP+SSE one.
    /// `rpc_error` is the JSON-RPC error line the body carried, if any (to queue otherwise).
    LegacyCandidate { error: ProbeError, rpc_error: Option<String> },
}

/// The streamable HTTP transport.
struct StreamableHttp {
    client: HttpClient,
    url: Url,
    session_id: Option<String>,
    protocol_version: Option<String>,
    sender: Sender<StreamItem>,
    incoming: Receiver<StreamItem>,
    /// Tells the reader threads of event-stream answers to stop.
    closed: Arc<AtomicBool>,
    /// The phase of the last request, for notifications' timeouts.
    last_phase: Phase,
    /// The id of the `initialize` request while its result has not been seen.
    initialize_id: Option<Value>,
}

impl StreamableHttp {
    fn new(client: HttpClient, url: Url) -> Self {
        let (sender, incoming) = mpsc::channel();
        Self {
            client,
            url,
            session_id: None,
            protocol_version: None,
            sender,
            incoming,
            closed: Arc::new(AtomicBool::new(false)),
            last_phase: Phase::Initialize,
            initialize_id: None,
        }
    }

    /// Takes the protocol version from the `initialize` result, so that `MCP-Protocol-Version`
    /// is sent even when the session does not call [`LineTransport::negotiated`].
    fn notice_initialize_result(&mut self, line: &str, id: &Value) {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            return;
        };
        if message.get("id") != Some(id) {
            return;
        }
        self.initialize_id = None;
        let version = message.pointer("/result/protocolVersion").and_then(Value::as_str);
        if let (None, Some(version)) = (&self.protocol_version, version)
            && version.len() <= 40
        {
            self.protocol_version = Some(version.to_owned());
        }
    }

    fn queue(&self, line: String) {
        // The receiver lives as long as `self`.
        let _ = self.sender.send(StreamItem::Line(line));
    }

    /// POSTs one message and queues what the answer carries.
    fn post(&mut self, line: &str) -> Result<(), PostFailure> {
        let message: Option<Value> = serde_json::from_str(line).ok();
        let method = message.as_ref().and_then(|message| message.get("method")).and_then(Value::as_str);
        let request_id = message.as_ref().filter(|_| method.is_some()).and_then(|message| message.get("id")).cloned();
        let (phase, timeout) = phase_for_message(line, &self.client.options);
        if request_id.is_some() {
            self.last_phase = phase;
            if method == Some("initialize") {
                self.initialize_id.clone_from(&request_id);
            }
        }
        let phase = if request_id.is_some() { phase } else { self.last_phase };

        let headers = post_headers(message.as_ref(), self.session_id.as_deref(), self.protocol_version.as_deref());
        let exchange = self
            .client
            .request(Method::Post, &self.url, Some(line), &headers, timeout, phase)
            .map_err(PostFailure::Failed)?;
        // A same-origin redirect moved the endpoint: talk to the new place from now on.
        self.url = exchange.url.clone();
        if let Some(session_id) = exchange.header("mcp-session-id") {
            if session_id.is_empty()
                || session_id.len() > 1024
                || !session_id.bytes().all(|byte| (0x21..=0x7e).contains(&byte))
            {
                return Err(PostFailure::Failed(ProbeError::protocol(
                    "the Mcp-Session-Id header is not visible ASCII (0x21 to 0x7E) of at most 1024 characters",
                )));
            }
            self.session_id = Some(session_id);
        }

        if !(200..300).contains(&exchange.status) {
            return self.error_answer(exchange, request_id.as_ref());
        }
        if exchange.status == 202 || exchange.status == 204 || request_id.is_none() {
            return Ok(());
        }
        if exchange.is_event_stream() {
            let reader = exchange.body.into_reader();
            let (sender, closed) = (self.sender.clone(), Arc::clone(&self.closed));
            let request_id = request_id.unwrap_or(Value::Null);
            let method = method.unwrap_or_default().to_owned();
            std::thread::spawn(move || read_answer_stream(reader, &request_id, &method, &sender, &closed));
            return Ok(());
        }
        if exchange.is_json() {
            let body = read_json_body(exchange.body, phase, timeout).map_err(PostFailure::Failed)?;
            match serde_json::from_str::<Value>(&body) {
                // A batch (allowed by 2025-03-26): each message becomes a line.
                Ok(Value::Array(messages)) => messages.iter().for_each(|message| self.queue(message.to_string())),
                Ok(message) => self.queue(message.to_string()),
                // Let the session record what it got.
                Err(_) => self.queue(body.trim().replace(['\n', '\r'], " ")),
            }
            return Ok(());
        }
        let content_type = jsonrpc::shorten(&exchange.header("content-type").unwrap_or_default(), 60);
        Err(PostFailure::Failed(ProbeError::protocol(format!(
            "the server answered a request with status {} and Content-Type \"{content_type}\"; a streamable HTTP \
             server must answer with application/json or text/event-stream",
            exchange.status
        ))))
    }

    /// Turns an error answer into a failure, a queued JSON-RPC error (`Ok`), or a fallback
    /// candidate.
    fn error_answer(&self, exchange: Exchange, request_id: Option<&Value>) -> Result<(), PostFailure> {
        let status = exchange.status;
        if let Some(error) = self.client.auth_failure(&exchange) {
            return Err(PostFailure::Failed(error));
        }
        let body = read_error_body(exchange.body);
        let rpc_error = request_id.and_then(|id| jsonrpc_error_line(&body, Some(id)));
        let modern = rpc_error.as_ref().is_some_and(|(code, _)| MODERN_ERROR_CODES.contains(code));
        let error = self.client.status_error(status, &body, "POST");
        if matches!(status, 400 | 404 | 405) && !modern {
            return Err(PostFailure::LegacyCandidate { error, rpc_error: rpc_error.map(|(_, line)| line) });
        }
        match rpc_error {
            // Not an error for the transport: the session sees the error response.
            Some((_, line)) => {
                self.queue(line);
                Ok(())
            }
            None => Err(PostFailure::Failed(error)),
        }
    }

    fn close(&mut self) {
        self.closed.store(true, Ordering::Relaxed);
        let Some(session_id) = self.session_id.take() else {
            return;
        };
        let mut headers = vec![("mcp-session-id", session_id)];
        if let Some(version) = &self.protocol_version {
            headers.push(("mcp-protocol-version", header_text(version)));
        }
        let grace = self.client.options.shutdown_grace.max(Duration::from_millis(100));
        // Best effort: 405 (the server does not allow ending sessions) and failures are fine.
        let _ = self.client.request(Method::Delete, &self.url, None, &headers, grace, Phase::Complete);
    }
}

/// The headers of a POST carrying `message`: both `Accept` types, the session id, and the
/// protocol version (a modern-era message's own, with `Mcp-Method` and `Mcp-Name`, or the
/// negotiated one).
fn post_headers(
    message: Option<&Value>,
    session_id: Option<&str>,
    negotiated: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut headers = vec![
        ("accept", "application/json, text/event-stream".to_owned()),
        ("content-type", "application/json".to_owned()),
    ];
    if let Some(session_id) = session_id {
        headers.push(("mcp-session-id", session_id.to_owned()));
    }
    let method = message.and_then(|message| message.get("method")).and_then(Value::as_str);
    let modern_version = message
        .and_then(|message| message.pointer("/params/_meta"))
        .and_then(|meta| meta.get(META_PROTOCOL_VERSION))
        .and_then(Value::as_str);
    if let (Some(version), Some(method)) = (modern_version, method) {
        headers.push(("mcp-protocol-version", header_text(version)));
        headers.push(("mcp-method", header_text(method)));
        let name_field = match method {
            "tools/call" | "prompts/get" => Some("name"),
            "resources/read" => Some("uri"),
            _ => None,
        };
        let params = message.and_then(|message| message.get("params"));
        if let Some(name) = name_field.and_then(|field| params?.get(field)?.as_str()) {
            headers.push(("mcp-name", header_text(name)));
        }
    } else if let Some(version) = negotiated {
        headers.push(("mcp-protocol-version", header_text(version)));
    }
    headers
}

/// Reads the event stream that answers one request, queueing each message, until the response
/// with `request_id` arrived or the stream ended.
fn read_answer_stream(
    reader: impl Read,
    request_id: &Value,
    method: &str,
    lines: &Sender<StreamItem>,
    closed: &AtomicBool,
) {
    let mut events = SseReader::new(BufReader::new(reader), MAX_EVENT_BYTES);
    loop {
        if closed.load(Ordering::Relaxed) {
            return;
        }
        match events.next_event() {
            Ok(Some(event)) => {
                if event.event != "message" || event.data.trim().is_empty() {
                    continue;
                }
                let answered = serde_json::from_str::<Value>(&event.data).is_ok_and(|message| {
                    message.get("id") == Some(request_id)
                        && (message.get("result").is_some() || message.get("error").is_some())
                });
                if lines.send(StreamItem::Line(event.data)).is_err() || answered {
                    return;
                }
            }
            Ok(None) => {
                let detail =
                    format!("the server ended the event stream answering {method} before sending the response");
                let _ = lines.send(StreamItem::Failed(ProbeError::protocol(detail)));
                return;
            }
            Err(SseError::TooLarge) => {
                let _ = lines.send(StreamItem::TooLarge);
                return;
            }
            Err(SseError::Io(error)) => {
                let _ = lines.send(StreamItem::Failed(stream_read_error(&error)));
                return;
            }
        }
    }
}

/// What a reader thread hands to the transport.
#[derive(Debug)]
pub(crate) enum StreamItem {
    /// One message.
    Line(String),
    /// An event was larger than [`MAX_EVENT_BYTES`].
    TooLarge,
    /// Reading failed.
    Failed(ProbeError),
    /// The stream ended (the legacy transport's only stream: the server is gone).
    Closed,
}

/// Waits at most `timeout` for the next item of a reader channel.
pub(crate) fn receive(incoming: &Receiver<StreamItem>, timeout: Duration) -> Received {
    match incoming.recv_timeout(timeout) {
        Ok(StreamItem::Line(line)) => Received::Line(line),
        Ok(StreamItem::TooLarge) => Received::Failed(ProbeError::protocol(format!(
            "the server sent an event larger than {} MiB",
            MAX_EVENT_BYTES / (1024 * 1024)
        ))),
        Ok(StreamItem::Failed(error)) => Received::Failed(error),
        Ok(StreamItem::Closed) | Err(RecvTimeoutError::Disconnected) => Received::Closed,
        Err(RecvTimeoutError::Timeout) => Received::TimedOut,
    }
}

/// The error for a failed read of a response stream.
pub(crate) fn stream_read_error(error: &std::io::Error) -> ProbeError {
    let detail = format!("reading the server's event stream failed: {}", jsonrpc::shorten(&error.to_string(), 120));
    ProbeError::new(ProbeErrorKind::Transport { detail: detail.clone() }, detail)
}

/// The phase a message belongs to and how long its answer may take.
pub(crate) fn phase_for_message(line: &str, options: &ProbeOptions) -> (Phase, Duration) {
    match message_method(line).as_deref() {
        Some("initialize" | "notifications/initialized") => (Phase::Initialize, options.initialize_timeout),
        Some("server/discover") => (Phase::Discover, options.initialize_timeout),
        Some("tools/list") => (Phase::ListTools, options.request_timeout),
        Some("resources/list") => (Phase::ListResources, options.request_timeout),
        Some("prompts/list") => (Phase::ListPrompts, options.request_timeout),
        _ => (Phase::ListTools, options.request_timeout),
    }
}

fn message_method(line: &str) -> Option<String> {
    let message: Value = serde_json::from_str(line).ok()?;
    message.get("method")?.as_str().map(str::to_owned)
}

/// `(code, line)` when `body` is a JSON-RPC error response; a missing or null id becomes
/// `request_id`, so that the session attributes it to the request that caused it.
fn jsonrpc_error_line(body: &str, request_id: Option<&Value>) -> Option<(i64, String)> {
    let mut message: Value = serde_json::from_str(body).ok()?;
    let code = message.get("error")?.get("code")?.as_i64()?;
    if message.get("id").is_none_or(Value::is_null)
        && let Some(id) = request_id
    {
        message["id"] = id.clone();
    }
    Some((code, message.to_string()))
}

/// A header value: printable ASCII as is, anything else in the spec's `=?base64?…?=` form.
fn header_text(value: &str) -> String {
    if value.bytes().all(|byte| (0x20..0x7f).contains(&byte)) && value.trim() == value {
        return value.to_owned();
    }
    format!("=?base64?{}?=", base64(value.as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let value =
            chunk.iter().enumerate().fold(0u32, |value, (index, byte)| value | u32::from(*byte) << (16 - 8 * index));
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[(value >> (18 - 6 * index)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn read_json_body(body: ureq::Body, phase: Phase, timeout: Duration) -> Result<String, ProbeError> {
    body.into_with_config().limit(MAX_BODY_BYTES).lossy_utf8(true).read_to_string().map_err(|error| match error {
        ureq::Error::BodyExceedsLimit(_) => {
            ProbeError::protocol(format!("the server's answer is larger than {} MiB", MAX_BODY_BYTES / (1024 * 1024)))
        }
        other => map_error(&other, phase, timeout),
    })
}

/// The start of an error answer's body, as text (empty when it could not be read).
fn read_error_body(body: ureq::Body) -> String {
    let mut bytes = Vec::new();
    let _ = body.into_reader().take(MAX_ERROR_BODY_BYTES).read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// HTTP methods the probe uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    fn as_http(self) -> ureq::http::Method {
        match self {
            Self::Get => ureq::http::Method::GET,
            Self::Post => ureq::http::Method::POST,
            Self::Delete => ureq::http::Method::DELETE,
        }
    }
}

/// One HTTP answer (headers read, body not yet).
pub(crate) struct Exchange {
    /// The status code.
    pub(crate) status: u16,
    /// The URL that answered (after same-origin redirects).
    pub(crate) url: Url,
    headers: ureq::http::HeaderMap,
    /// The body, unread.
    pub(crate) body: ureq::Body,
}

impl Exchange {
    /// A header's value as text, when present and ASCII.
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name)?.to_str().ok().map(str::to_owned)
    }

    fn media_type(&self) -> String {
        let content_type = self.header("content-type").unwrap_or_default();
        content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
    }

    /// Whether the body is an event stream.
    pub(crate) fn is_event_stream(&self) -> bool {
        self.media_type() == "text/event-stream"
    }

    fn is_json(&self) -> bool {
        let media_type = self.media_type();
        media_type == "application/json" || media_type.ends_with("+json")
    }
}

/// An HTTP client bound to one configured server: its origin, headers and limits.
#[derive(Clone)]
pub(crate) struct HttpClient {
    agent: ureq::Agent,
    origin: String,
    headers: Arc<Vec<(String, String)>>,
    options: ProbeOptions,
    /// How many exchanges got a 2xx answer.
    successes: Arc<AtomicUsize>,
}

impl HttpClient {
    pub(crate) fn new(url: Url, headers: &[(String, String)], options: &ProbeOptions) -> Self {
        Self {
            agent: build_agent(options),
            origin: url.origin(),
            headers: Arc::new(headers.to_vec()),
            options: options.clone(),
            successes: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub(crate) fn options(&self) -> &ProbeOptions {
        &self.options
    }

    fn succeeded(&self) -> bool {
        self.successes.load(Ordering::Relaxed) > 0
    }

    /// Sends one request to `url` (which must be on the configured origin) with the configured
    /// headers plus `extra`, following same-origin redirects; `timeout` bounds the wait for the
    /// answer's headers and its body.
    pub(crate) fn request(
        &self,
        method: Method,
        url: &Url,
        body: Option<&str>,
        extra: &[(&str, String)],
        timeout: Duration,
        phase: Phase,
    ) -> Result<Exchange, ProbeError> {
        // A GET opens the legacy event stream, which lives as long as the session: no total
        // budget for its body, but a bound on each silence. Other bodies answer one request.
        let (body_timeout, read_timeout) = if method == Method::Get {
            let longest = self.options.initialize_timeout.max(self.options.request_timeout);
            (None, Some(longest + Duration::from_secs(1)))
        } else {
            (Some(timeout), None)
        };
        let mut url = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            if url.origin() != self.origin {
                return Err(ProbeError::protocol("refusing to send the configured headers to another origin"));
            }
            let mut builder = ureq::http::Request::builder().method(method.as_http()).uri(url.request_target());
            for (name, value) in self.headers.iter() {
                builder = builder.header(name.as_str(), value.as_str());
            }
            for (name, value) in extra {
                builder = builder.header(*name, value.as_str());
            }
            let bytes = body.unwrap_or_default().as_bytes().to_vec();
            let request = builder.body(bytes).map_err(|_| {
                connect_error(ConnectLayer::Url, "a configured header has an invalid name or value".to_owned())
            })?;
            let response = ureq::RequestExt::with_agent(request, &self.agent)
                .configure()
                .timeout_recv_response(Some(timeout))
                .timeout_recv_body(body_timeout)
                .timeout_per_read(read_timeout)
                .build()
                .run()
                .map_err(|error| map_error(&error, phase, timeout))?;
            let (parts, body) = response.into_parts();
            let status = parts.status.as_u16();
            let exchange = Exchange { status, url: url.clone(), headers: parts.headers, body };
            if matches!(status, 301 | 302 | 303 | 307 | 308)
                && let Some(location) = exchange.header("location")
            {
                let Some(next) = url.join(&location) else {
                    return Err(ProbeError::protocol(format!(
                        "the server redirected (status {status}) to an unusable URL"
                    )));
                };
                if next.origin() != self.origin {
                    let detail = format!(
                        "redirected to another origin ({}), which mcpcheck does not follow so that the configured \
                         headers stay with the configured server",
                        next.origin()
                    );
                    let message = format!("the server answered with status {status}: {detail}");
                    return Err(ProbeError::new(ProbeErrorKind::HttpStatus { status, detail }, message));
                }
                url = next;
                continue;
            }
            if (200..300).contains(&status) {
                self.successes.fetch_add(1, Ordering::Relaxed);
            }
            return Ok(exchange);
        }
        Err(ProbeError::protocol(format!("the server redirected more than {MAX_REDIRECTS} times")))
    }

    /// `exchange` when it succeeded; otherwise the failure (auth discovery on 401).
    pub(crate) fn check_status(&self, exchange: Exchange, what: &str) -> Result<Exchange, ProbeError> {
        if (200..300).contains(&exchange.status) {
            return Ok(exchange);
        }
        if let Some(error) = self.auth_failure(&exchange) {
            return Err(error);
        }
        let status = exchange.status;
        let body = read_error_body(exchange.body);
        Err(self.status_error(status, &body, what))
    }

    /// The `NeedsAuth` failure for a 401 (or a 403 with a challenge), after OAuth discovery.
    fn auth_failure(&self, exchange: &Exchange) -> Option<ProbeError> {
        let challenge = exchange.header("www-authenticate");
        if !(exchange.status == 401 || (exchange.status == 403 && challenge.is_some())) {
            return None;
        }
        let report = auth::discover(&exchange.url, exchange.status, challenge.as_deref(), &self.options);
        let issuer = report.issuer.as_deref().or(report.authorization_servers.first().map(String::as_str));
        let message = match issuer {
            Some(issuer) => format!(
                "the server requires OAuth authorization (HTTP {}); authorization server: {}",
                exchange.status,
                jsonrpc::shorten(issuer, 120)
            ),
            None => format!("the server requires authorization (HTTP {})", exchange.status),
        };
        Some(ProbeError::new(ProbeErrorKind::NeedsAuth(Box::new(report)), message))
    }

    /// The failure for an error status, quoting the start of the body with secrets masked.
    fn status_error(&self, status: u16, body: &str, what: &str) -> ProbeError {
        let detail = jsonrpc::shorten(self.mask(body.trim()).replace(['\n', '\r'], " ").trim(), jsonrpc::EXCERPT_CHARS);
        let message = if detail.is_empty() {
            format!("the server answered {what} with HTTP status {status}")
        } else {
            format!("the server answered {what} with HTTP status {status}: {detail}")
        };
        ProbeError::new(ProbeErrorKind::HttpStatus { status, detail }, message)
    }

    /// `text` with every configured header value replaced (a server may echo them).
    fn mask(&self, text: &str) -> String {
        let mut masked = text.to_owned();
        for (_, value) in self.headers.iter() {
            for secret in [value.as_str(), value.split_once(' ').map_or("", |(_, token)| token)] {
                if secret.len() >= 4 {
                    masked = masked.replace(secret, "[redacted]");
                }
            }
        }
        masked
    }
}

/// An agent with status codes as data, no automatic redirects and explicit timeouts.
pub(crate) fn build_agent(options: &ProbeOptions) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_resolve(Some(options.initialize_timeout))
        .timeout_connect(Some(options.initialize_timeout))
        .timeout_send_request(Some(options.initialize_timeout))
        .timeout_send_body(Some(options.initialize_timeout))
        .timeout_recv_response(Some(options.initialize_timeout))
        .user_agent(concat!("mcpcheck/", env!("CARGO_PKG_VERSION")))
        .build();
    ureq::Agent::new_with_config(config)
}

/// A ureq error as a probe failure, with a detail written by us (never the URL or a header).
pub(crate) fn map_error(error: &ureq::Error, phase: Phase, timeout: Duration) -> ProbeError {
    use ureq::Error as E;
    use ureq::Timeout as T;
    let (layer, detail) = match error {
        E::BadUri(_) | E::Http(_) | E::InvalidProxyUrl | E::RequireHttpsOnly(_) => {
            (ConnectLayer::Url, "the URL cannot be used for an HTTP request".to_owned())
        }
        E::HostNotFound | E::Timeout(T::Resolve) => (ConnectLayer::Dns, "the host name does not resolve".to_owned()),
        E::Timeout(T::Connect) => (ConnectLayer::Tcp, format!("connecting took more than {} ms", timeout.as_millis())),
        E::ConnectionFailed => (ConnectLayer::Tcp, "the connection failed".to_owned()),
        E::Tls(reason) => (ConnectLayer::Tls, (*reason).to_owned()),
        E::Rustls(error) => (ConnectLayer::Tls, jsonrpc::shorten(&error.to_string(), 160)),
        E::Timeout(_) => {
            let message = format!("the server did not answer {} within {} ms", phase.name(), timeout.as_millis());
            return ProbeError::new(ProbeErrorKind::Timeout { phase }, message);
        }
        E::BodyExceedsLimit(_) => {
            return ProbeError::protocol("the server's answer is larger than the probe accepts");
        }
        E::Io(io) => {
            let text = io.to_string();
            let lowered = text.to_ascii_lowercase();
            let layer =
                if lowered.contains("lookup") || lowered.contains("resolve") || lowered.contains("name or service") {
                    ConnectLayer::Dns
                } else if matches!(
                    io.kind(),
                    std::io::ErrorKind::ConnectionRefused
                        | std::io::ErrorKind::HostUnreachable
                        | std::io::ErrorKind::NetworkUnreachable
                        | std::io::ErrorKind::AddrNotAvailable
                        | std::io::ErrorKind::TimedOut
                ) {
                    ConnectLayer::Tcp
                } else {
                    ConnectLayer::Http
                };
            (layer, jsonrpc::shorten(&text, 160))
        }
        E::Protocol(_) | E::LargeResponseHeader(..) => {
            (ConnectLayer::Http, "the server's answer is not valid HTTP/1.1".to_owned())
        }
        _ => (ConnectLayer::Http, "the HTTP exchange failed".to_owned()),
    };
    connect_error(layer, detail)
}

/// An absolute http(s) URL split into the parts the probe needs. Userinfo is dropped (it is
/// never sent or printed); the fragment too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    scheme: String,
    /// Host and optional port, lower-cased, without userinfo.
    authority: String,
    /// The path, starting with `/`.
    path: String,
    /// The query without `?`, when there is one.
    query: Option<String>,
}

impl Url {
    /// Parses an absolute `http://` or `https://` URL; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (scheme, rest) = text.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host).to_ascii_lowercase();
        if authority.is_empty() || authority.starts_with(':') || authority.chars().any(|c| c.is_whitespace()) {
            return None;
        }
        let authority = match (scheme.as_str(), authority.strip_suffix(":80"), authority.strip_suffix(":443")) {
            ("http", Some(host), _) | ("https", _, Some(host)) => host.to_owned(),
            _ => authority,
        };
        let (path, query) = match tail.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (tail, None),
        };
        let path = if path.is_empty() { "/".to_owned() } else { path.to_owned() };
        Some(Self { scheme, authority, path, query })
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// The path, starting with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole URL to send a request to (without userinfo or fragment).
    pub fn request_target(&self) -> String {
        match &self.query {
            Some(query) => format!("{}{}?{query}", self.origin(), self.path),
            None => format!("{}{}", self.origin(), self.path),
        }
    }

    /// The URL without its query: safe to show (the query may hold a token).
    pub fn without_query(&self) -> String {
        format!("{}{}", self.origin(), self.path)
    }

    /// Resolves a reference (absolute, scheme-relative, absolute-path or relative-path)
    /// against this URL.
    pub fn join(&self, reference: &str) -> Option<Self> {
        let reference = reference.trim();
        if reference.contains("://") && reference.split("://").next().is_some_and(|scheme| !scheme.contains(['/', '?']))
        {
            return Self::parse(reference);
        }
        if let Some(rest) = reference.strip_prefix("//") {
            return Self::parse(&format!("{}://{rest}", self.scheme));
        }
        let reference = reference.split('#').next().unwrap_or_default();
        let (path, query) = match reference.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (reference, None),
        };
        let path = if path.is_empty() {
            return Some(Self { query: query.or_else(|| self.query.clone()), ..self.clone() });
        } else if path.starts_with('/') {
            path.to_owned()
        } else {
            let directory = self.path.rsplit_once('/').map_or("", |(directory, _)| directory);
            format!("{directory}/{path}")
        };
        Some(Self { path: remove_dot_segments(&path), query, ..self.clone() })
    }
}

fn remove_dot_segments(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (index, segment) in parts.iter().enumerate() {
        match *segment {
            "." => {
                if index + 1 == parts.len() {
                    segments.push("");
                }
            }
            ".." => {
                segments.pop();
                if index + 1 == parts.len() {
                    segments.push("");
                }
            }
            other => segments.push(other),
        }
    }
    format!("/{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls_without_userinfo_or_fragment() {
        let url = Url::parse("HTTPS://user:secret@Example.COM:443/mcp?token=x#frag").unwrap();
        assert_eq!(url.origin(), "https://example.com");
        assert_eq!(url.request_target(), "https://example.com/mcp?token=x");
        assert_eq!(url.without_query(), "https://example.com/mcp");
        assert_eq!(Url::parse("http://127.0.0.1:8080").unwrap().path(), "/");
        for bad in ["ftp://x/", "example.com/mcp", "http:///mcp", "http://:80/"] {
            assert_eq!(Url::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn joins_references() {
        let base = Url::parse("http://h:1/a/sse?x=1").unwrap();
        let join = |reference| base.join(reference).unwrap().request_target();
        assert_eq!(join("/messages?sessionId=abc"), "http://h:1/messages?sessionId=abc");
        assert_eq!(join("messages"), "http://h:1/a/messages");
        assert_eq!(join("../m"), "http://h:1/m");
        assert_eq!(join("//other:2/p"), "http://other:2/p");
        assert_eq!(join("https://else/p"), "https://else/p");
        assert_eq!(join("?y=2"), "http://h:1/a/sse?y=2");
    }

    #[test]
    fn encodes_non_ascii_header_values() {
        assert_eq!(header_text("tools/call"), "tools/call");
        assert_eq!(header_text("héllo"), format!("=?base64?{}?=", "aMOpbGxv"));
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"abc"), "YWJj");
    }

    #[test]
    fn builds_post_headers_for_both_eras() {
        let names = |headers: &[(&'static str, String)]| headers.iter().map(|(name, _)| *name).collect::<Vec<_>>();
        let initialize = serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {} });
        let headers = post_headers(Some(&initialize), None, None);
        assert_eq!(names(&headers), ["accept", "content-type"]);
        assert_eq!(headers[0].1, "application/json, text/event-stream");

        let list = serde_json::json!({ "jsonrpc": "2.0", "id": 2, "method": "tools/list" });
        let headers = post_headers(Some(&list), Some("abc"), Some("2025-06-18"));
        assert!(headers.contains(&("mcp-session-id", "abc".to_owned())));
        assert!(headers.contains(&("mcp-protocol-version", "2025-06-18".to_owned())));

        let call = serde_json::json!({
            "jsonrpc": "2.0", "id": 3, "method": "tools/call",
            "params": { "name": "wetter", "_meta": { META_PROTOCOL_VERSION: "2026-07-28" } },
        });
        let headers = post_headers(Some(&call), None, Some("2025-06-18"));
        assert_eq!(names(&headers), ["accept", "content-type", "mcp-protocol-version", "mcp-method", "mcp-name"]);
        assert_eq!(headers[2].1, "2026-07-28", "the message's own version wins");
        assert_eq!((headers[3].1.as_str(), headers[4].1.as_str()), ("tools/call", "wetter"));

        let read = serde_json::json!({
            "jsonrpc": "2.0", "id": 4, "method": "resources/read",
            "params": { "uri": "file:///ä", "_meta": { META_PROTOCOL_VERSION: "2026-07-28" } },
        });
        let headers = post_headers(Some(&read), None, None);
        assert!(headers[4].1.starts_with("=?base64?"), "{:?}", headers[4]);
    }

    #[test]
    fn attributes_an_id_less_error_body_to_the_request() {
        let body = r#"{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request"}}"#;
        let (code, line) = jsonrpc_error_line(body, Some(&Value::from(3))).unwrap();
        assert_eq!(code, -32000);
        assert_eq!(serde_json::from_str::<Value>(&line).unwrap()["id"], 3);
        assert_eq!(jsonrpc_error_line("<html>", Some(&Value::from(3))), None);
    }
}
