//! The legacy-era MCP lifecycle (2024-11-05 … 2025-11-25) over a line transport.
//!
//! `initialize` → validate the result → `notifications/initialized` → `tools/list` (all pages,
//! bounded) → `resources/list` and `prompts/list` counts when the server advertises them
//! (PROTOCOL.md §1.1). Every request has a timeout; a server `ping` is answered while waiting;
//! stdout lines that are not protocol messages are recorded, not fatal. The result is a
//! [`ProbeOutcome`]: plain data, which the caller turns into findings.

use std::io;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::jsonrpc::{self, IdAllocator, Incoming, RpcError};
use super::process::{ServerCommand, ServerProcess, SpawnError, StdoutEvent};

/// The protocol version the probe asks for: the newest legacy-era one.
pub const CLIENT_PROTOCOL_VERSION: &str = "2025-11-25";

/// The legacy-era protocol versions the probe understands.
pub const KNOWN_PROTOCOL_VERSIONS: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

/// How many stdout lines that are not protocol messages are kept for the report.
pub const MAX_RECORDED_LINES: usize = 50;

/// A transport that carries JSON-RPC messages, one per line: stdio, and the HTTP transports,
/// which queue each message they receive as one line.
pub trait LineTransport {
    /// Sends one message (a line transport adds the line ending). An HTTP transport also reads
    /// the answer here and queues its messages for [`LineTransport::recv_line`].
    fn send_line(&mut self, line: &str) -> Result<(), TransportError>;
    /// Waits at most `timeout` for the next message.
    fn recv_line(&mut self, timeout: Duration) -> Received;
    /// Called once the protocol version is agreed (legacy `initialize`, or the modern version
    /// chosen), so that HTTP transports can send `MCP-Protocol-Version`.
    fn negotiated(&mut self, _version: &str) {}
    /// Ends the session politely (HTTP `DELETE` of the session). Best effort; errors ignored.
    fn close(&mut self) {}
}

/// Why sending failed.
#[derive(Debug, Clone, PartialEq)]
pub enum TransportError {
    /// The server closed its end (a broken pipe: the process most likely exited).
    Closed,
    /// A failure the transport has already classified (I/O, connect, HTTP status, OAuth).
    Failed(ProbeError),
}

/// What waiting for a line gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    /// A line, without its line ending.
    Line(String),
    /// Nothing arrived in time.
    TimedOut,
    /// The server closed its output (it most likely exited).
    Closed,
    /// A line was longer than the transport allows.
    LineTooLong,
    /// Receiving failed; the transport has classified why.
    Failed(ProbeError),
}

impl LineTransport for ServerProcess {
    fn send_line(&mut self, line: &str) -> Result<(), TransportError> {
        ServerProcess::send_line(self, line).map_err(|error| {
            if error.kind() == io::ErrorKind::BrokenPipe {
                return TransportError::Closed;
            }
            let detail = error.to_string();
            let message = format!("writing to the server failed: {detail}");
            TransportError::Failed(ProbeError::new(ProbeErrorKind::Transport { detail }, message))
        })
    }

    fn recv_line(&mut self, timeout: Duration) -> Received {
        match self.recv(timeout) {
            Ok(StdoutEvent::Line(line)) => Received::Line(line),
            Ok(StdoutEvent::LineTooLong) => Received::LineTooLong,
            Ok(StdoutEvent::ReadFailed(detail)) => {
                let message = format!("reading the server's output failed: {detail}");
                Received::Failed(ProbeError::new(ProbeErrorKind::Transport { detail }, message))
            }
            Ok(StdoutEvent::Closed) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Received::Closed,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Received::TimedOut,
        }
    }
}

/// Limits for one probe.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// How long the server may take to answer `initialize` (this includes its start-up).
    pub initialize_timeout: Duration,
    /// How long the server may take to answer each later request (each page of a list).
    pub request_timeout: Duration,
    /// The wait between shutdown steps (close stdin, SIGTERM, SIGKILL).
    pub shutdown_grace: Duration,
    /// The most pages read from one list method before giving up.
    pub max_pages: usize,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        Self {
            initialize_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(2),
            max_pages: 100,
        }
    }
}

/// A step of the probe, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Starting the server process.
    Spawn,
    /// Connecting to a remote server (DNS, TCP, TLS, the first HTTP exchange).
    Connect,
    /// The modern era's `server/discover` request.
    Discover,
    /// The `initialize` request.
    Initialize,
    /// `tools/list`, all pages.
    ListTools,
    /// `resources/list`, all pages.
    ListResources,
    /// `prompts/list`, all pages.
    ListPrompts,
    /// Everything succeeded.
    Complete,
}

impl Phase {
    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Spawn => "spawn",
            Self::Connect => "connect",
            Self::Discover => "server/discover",
            Self::Initialize => "initialize",
            Self::ListTools => "tools/list",
            Self::ListResources => "resources/list",
            Self::ListPrompts => "prompts/list",
            Self::Complete => "complete",
        }
    }
}

/// Which era of the protocol the server spoke (PROTOCOL.md §0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Era {
    /// 2024-11-05 … 2025-11-25: the `initialize` handshake.
    Legacy,
    /// 2026-07-28 and later: `server/discover` and per-request `_meta`.
    Modern,
}

impl Era {
    /// The name used in messages and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Legacy => "legacy",
            Self::Modern => "modern",
        }
    }
}

/// `serverInfo` from the initialize result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ServerInfo {
    /// The server's name.
    pub name: String,
    /// The server's version.
    pub version: String,
}

/// What kind of failure stopped the probe.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ProbeErrorKind {
    /// The server could not be started.
    Spawn(SpawnError),
    /// The server closed stdout (exited) before the probe finished; `code` is its exit code
    /// when it exited normally in time to be seen.
    ExitedEarly {
        /// The exit code.
        code: Option<i32>,
    },
    /// The server did not answer in time.
    Timeout {
        /// The phase that timed out.
        phase: Phase,
    },
    /// The server broke the protocol.
    Protocol {
        /// What was wrong.
        detail: String,
    },
    /// The server answered a request with a JSON-RPC error.
    ErrorResponse {
        /// The error it sent (boxed: it may carry arbitrary `data`).
        error: Box<RpcError>,
    },
    /// A stdout line was longer than the probe accepts.
    LineTooLong,
    /// Writing to or reading from the server failed.
    Transport {
        /// The operating system's message.
        detail: String,
    },
    /// A remote server could not be reached: no HTTP answer at all.
    Connect {
        /// The layer that failed.
        layer: ConnectLayer,
        /// What the network stack said.
        detail: String,
    },
    /// A remote server answered with an HTTP status the probe cannot go on from.
    HttpStatus {
        /// The status code.
        status: u16,
        /// The start of the body, or the JSON-RPC error it carried (never request headers).
        detail: String,
    },
    /// A remote server requires OAuth authorization; what its metadata says.
    NeedsAuth(Box<crate::probe::auth::AuthReport>),
}

/// The network layer a remote connection failed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConnectLayer {
    /// The URL itself could not be used (bad scheme, no host).
    Url,
    /// The host name did not resolve.
    Dns,
    /// TCP connect failed (refused, unreachable, timed out).
    Tcp,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// Any other I/O failure while talking HTTP.
    Http,
}

/// How a failure should be treated: whether retrying can help, and who must act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailureClass {
    /// The configuration is wrong (no such program, bad URL, bad arguments): never retried.
    Config,
    /// Credentials are missing or refused: never retried.
    Auth,
    /// The network or the server was briefly unavailable: retried with backoff.
    Transient,
    /// The server broke the protocol or crashed: never retried.
    Protocol,
}

impl ProbeErrorKind {
    /// How this failure is treated (retries happen only for [`FailureClass::Transient`]).
    pub fn class(&self) -> FailureClass {
        match self {
            Self::Spawn(_) => FailureClass::Config,
            Self::Connect { layer: ConnectLayer::Url | ConnectLayer::Dns, .. } => FailureClass::Config,
            Self::Connect { .. } => FailureClass::Transient,
            Self::HttpStatus { status: 401 | 403, .. } | Self::NeedsAuth(_) => FailureClass::Auth,
            Self::HttpStatus { status: 408 | 429 | 502 | 503 | 504, .. } => FailureClass::Transient,
            Self::HttpStatus { status, .. } if *status >= 400 && *status < 500 => FailureClass::Config,
            Self::HttpStatus { .. } => FailureClass::Protocol,
            // A hung server costs its timeout once, never twice (DESIGN.md §8).
            Self::Timeout { .. }
            | Self::ExitedEarly { .. }
            | Self::Protocol { .. }
            | Self::ErrorResponse { .. }
            | Self::LineTooLong
            | Self::Transport { .. } => FailureClass::Protocol,
        }
    }
}

/// The failure that stopped the probe.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProbeError {
    /// What kind of failure.
    pub kind: ProbeErrorKind,
    /// A one-line description for people.
    pub message: String,
}

impl ProbeError {
    /// An error of `kind` described by `message`.
    pub fn new(kind: ProbeErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }

    /// A protocol violation described by `detail`.
    pub fn protocol(detail: impl Into<String>) -> Self {
        let detail = detail.into();
        let message = format!("protocol error: {detail}");
        Self::new(ProbeErrorKind::Protocol { detail }, message)
    }
}

/// Everything one probe found out. Plain data; nothing here has been redacted.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ProbeOutcome {
    /// The furthest phase reached: where the error happened, or [`Phase::Complete`].
    pub phase_reached: Phase,
    /// The protocol version the server answered with.
    pub protocol_version: Option<String>,
    /// The era the server spoke, once known.
    pub era: Option<Era>,
    /// For a remote server, the transport that worked (after the spec's fallback rule).
    pub remote_transport: Option<super::target::RemoteKind>,
    /// The server's `serverInfo`.
    pub server_info: Option<ServerInfo>,
    /// The server's `capabilities` object.
    pub capabilities: Option<Value>,
    /// Every tool from every `tools/list` page, as sent.
    pub tools: Vec<Value>,
    /// The number of resources, when the server advertises `resources`.
    pub resource_count: Option<usize>,
    /// The number of prompts, when the server advertises `prompts`.
    pub prompt_count: Option<usize>,
    /// stdout lines that were not JSON, shortened (at most [`MAX_RECORDED_LINES`]).
    pub non_json_lines: Vec<String>,
    /// stdout lines that were JSON but not JSON-RPC, shortened (at most [`MAX_RECORDED_LINES`]).
    pub non_jsonrpc_lines: Vec<String>,
    /// The end of the server's stderr. Raw server output that may hold secrets (tokens, env
    /// values): the caller must redact it before it reaches any report or log.
    pub stderr_tail: String,
    /// What stopped the probe, if anything did.
    pub error: Option<ProbeError>,
    /// How long the probe took, shutdown included (`elapsed_ms` in JSON).
    #[serde(rename = "elapsed_ms", with = "millis")]
    pub elapsed: Duration,
}

impl Default for ProbeOutcome {
    fn default() -> Self {
        Self::new()
    }
}

impl ProbeOutcome {
    /// An outcome with nothing found yet.
    pub fn new() -> Self {
        Self {
            phase_reached: Phase::Spawn,
            protocol_version: None,
            era: None,
            remote_transport: None,
            server_info: None,
            capabilities: None,
            tools: Vec::new(),
            resource_count: None,
            prompt_count: None,
            non_json_lines: Vec::new(),
            non_jsonrpc_lines: Vec::new(),
            stderr_tail: String::new(),
            error: None,
            elapsed: Duration::ZERO,
        }
    }
}

/// Starts `command`, runs the lifecycle against it, and shuts it down (its whole process group).
pub fn probe_stdio(command: &ServerCommand, options: &ProbeOptions) -> ProbeOutcome {
    let started = Instant::now();
    let mut server = match ServerProcess::spawn(command) {
        Ok(server) => server,
        Err(error) => {
            let mut outcome = ProbeOutcome::new();
            outcome.error = Some(ProbeError::new(ProbeErrorKind::Spawn(error.clone()), error.to_string()));
            outcome.elapsed = started.elapsed();
            return outcome;
        }
    };
    let mut outcome = run_session(&mut server, options);
    if let Some(error) = &mut outcome.error
        && let ProbeErrorKind::ExitedEarly { code } = &mut error.kind
    {
        *code = server.wait_exit(options.shutdown_grace).and_then(|status| status.code());
        error.message = exited_early_message(outcome.phase_reached, *code);
    }
    server.shutdown(options.shutdown_grace);
    outcome.stderr_tail = server.stderr_tail();
    outcome.elapsed = started.elapsed();
    outcome
}

/// Runs the lifecycle over an already connected `transport`. `stderr_tail` stays empty, and
/// an early exit carries no exit code: the transport does not know them.
pub fn run_session(transport: &mut impl LineTransport, options: &ProbeOptions) -> ProbeOutcome {
    let started = Instant::now();
    let mut session = Session { transport, options, ids: IdAllocator::new(), outcome: ProbeOutcome::new() };
    if let Err(error) = session.run() {
        session.outcome.error = Some(error);
    } else {
        session.outcome.phase_reached = Phase::Complete;
    }
    session.outcome.elapsed = started.elapsed();
    session.outcome
}

struct Session<'a, T> {
    transport: &'a mut T,
    options: &'a ProbeOptions,
    ids: IdAllocator,
    outcome: ProbeOutcome,
}

impl<T: LineTransport> Session<'_, T> {
    fn run(&mut self) -> Result<(), ProbeError> {
        self.outcome.phase_reached = Phase::Initialize;
        let params = json!({
            "protocolVersion": CLIENT_PROTOCOL_VERSION,
            "capabilities": {},
            "clientInfo": { "name": "mcpcheck", "version": env!("CARGO_PKG_VERSION") },
        });
        let result = self.call(Phase::Initialize, "initialize", Some(params), self.options.initialize_timeout)?;
        self.accept_initialize_result(&result)?;
        self.send(&jsonrpc::notification_line("notifications/initialized", None))?;

        let advertises = |capability: &str| {
            result.get("capabilities").and_then(|capabilities| capabilities.get(capability)).is_some()
        };
        let (tools, resources, prompts) = (advertises("tools"), advertises("resources"), advertises("prompts"));
        if tools {
            self.outcome.phase_reached = Phase::ListTools;
            self.outcome.tools = self.list_all(Phase::ListTools, "tools/list", "tools")?;
        }
        if resources {
            self.outcome.phase_reached = Phase::ListResources;
            let resources = self.list_all(Phase::ListResources, "resources/list", "resources")?;
            self.outcome.resource_count = Some(resources.len());
        }
        if prompts {
            self.outcome.phase_reached = Phase::ListPrompts;
            let prompts = self.list_all(Phase::ListPrompts, "prompts/list", "prompts")?;
            self.outcome.prompt_count = Some(prompts.len());
        }
        Ok(())
    }

    /// Checks the initialize result and keeps what the outcome reports from it.
    fn accept_initialize_result(&mut self, result: &Value) -> Result<(), ProbeError> {
        let Some(version) = result.get("protocolVersion").and_then(Value::as_str) else {
            return Err(ProbeError::protocol("the initialize result has no string \"protocolVersion\""));
        };
        self.outcome.protocol_version = Some(version.to_owned());
        if !KNOWN_PROTOCOL_VERSIONS.contains(&version) {
            return Err(ProbeError::protocol(format!(
                "the server chose protocol version \"{}\", which mcpcheck does not support (known: {})",
                jsonrpc::shorten(version, 40),
                KNOWN_PROTOCOL_VERSIONS.join(", ")
            )));
        }
        let Some(capabilities) = result.get("capabilities").filter(|value| value.is_object()) else {
            return Err(ProbeError::protocol("the initialize result has no \"capabilities\" object"));
        };
        self.outcome.capabilities = Some(capabilities.clone());
        let info = result.get("serverInfo");
        let field = |name| info.and_then(|info| info.get(name)).and_then(Value::as_str);
        let (Some(name), Some(version)) = (field("name"), field("version")) else {
            return Err(ProbeError::protocol(
                "the initialize result has no \"serverInfo\" with string \"name\" and \"version\"",
            ));
        };
        self.outcome.server_info = Some(ServerInfo { name: name.to_owned(), version: version.to_owned() });
        Ok(())
    }

    /// Every item of a paginated list, following `nextCursor` for at most `max_pages` pages.
    fn list_all(&mut self, phase: Phase, method: &str, key: &str) -> Result<Vec<Value>, ProbeError> {
        let mut items = Vec::new();
        let mut cursor: Option<Value> = None;
        for _ in 0..self.options.max_pages {
            let params = cursor.take().map(|cursor| json!({ "cursor": cursor }));
            let result = self.call(phase, method, params, self.options.request_timeout)?;
            let Some(page) = result.get(key).and_then(Value::as_array) else {
                return Err(ProbeError::protocol(format!("the {method} result has no \"{key}\" array")));
            };
            items.extend(page.iter().cloned());
            match result.get("nextCursor") {
                None | Some(Value::Null) => return Ok(items),
                Some(next @ Value::String(_)) => cursor = Some(next.clone()),
                Some(_) => {
                    return Err(ProbeError::protocol(format!("the {method} \"nextCursor\" is not a string")));
                }
            }
        }
        Err(ProbeError::protocol(format!(
            "{method} still returned a \"nextCursor\" after {} pages",
            self.options.max_pages
        )))
    }

    /// Sends a request and waits for its response, handling whatever else arrives meanwhile.
    fn call(
        &mut self,
        phase: Phase,
        method: &str,
        params: Option<Value>,
        timeout: Duration,
    ) -> Result<Value, ProbeError> {
        let id = self.ids.allocate();
        self.send(&jsonrpc::request_line(id, method, params))?;
        let deadline = Instant::now() + timeout;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let line = match self.transport.recv_line(remaining) {
                Received::Line(line) => line,
                Received::TimedOut => return Err(self.timed_out(phase, id, timeout)),
                Received::Closed => {
                    let message = exited_early_message(phase, None);
                    return Err(ProbeError::new(ProbeErrorKind::ExitedEarly { code: None }, message));
                }
                Received::LineTooLong => {
                    let message = format!("the server wrote a stdout line too long to accept during {}", phase.name());
                    return Err(ProbeError::new(ProbeErrorKind::LineTooLong, message));
                }
                Received::Failed(error) => return Err(error),
            };
            match jsonrpc::classify(&line, id) {
                Incoming::Response { outcome: Ok(result) } => return Ok(result),
                Incoming::Response { outcome: Err(error) } => {
                    let message = format!(
                        "the server answered {method} with error {}: {}",
                        error.code,
                        jsonrpc::shorten(&error.message, jsonrpc::EXCERPT_CHARS)
                    );
                    return Err(ProbeError::new(ProbeErrorKind::ErrorResponse { error: Box::new(error) }, message));
                }
                Incoming::UnexpectedResponse { id: got } => {
                    let got = jsonrpc::shorten(&got.to_string(), 40);
                    return Err(ProbeError::protocol(format!(
                        "the server answered {method} with id {got}, but the request had id {id}"
                    )));
                }
                Incoming::ServerRequest { id: request_id, method: request, .. } => {
                    let reply = if request == "ping" {
                        jsonrpc::result_line(&request_id, json!({}))
                    } else {
                        jsonrpc::error_line(
                            &request_id,
                            jsonrpc::METHOD_NOT_FOUND,
                            "mcpcheck does not support this method",
                        )
                    };
                    self.send(&reply)?;
                }
                Incoming::Notification { .. } => {}
                Incoming::NotJsonRpc { excerpt, .. } => record(&mut self.outcome.non_jsonrpc_lines, excerpt),
                Incoming::NotJson { excerpt } => record(&mut self.outcome.non_json_lines, excerpt),
            }
        }
    }

    /// The timeout error; a request other than `initialize` is also cancelled, as the spec asks.
    fn timed_out(&mut self, phase: Phase, id: i64, timeout: Duration) -> ProbeError {
        if phase != Phase::Initialize {
            let params = json!({ "requestId": id, "reason": "timeout" });
            // Best effort: the server may be gone, and the timeout is the error to report.
            let _ = self.transport.send_line(&jsonrpc::notification_line("notifications/cancelled", Some(params)));
        }
        let message = format!("the server did not answer {} within {} ms", phase.name(), timeout.as_millis());
        ProbeError::new(ProbeErrorKind::Timeout { phase }, message)
    }

    fn send(&mut self, line: &str) -> Result<(), ProbeError> {
        self.transport.send_line(line).map_err(|error| match error {
            TransportError::Closed => {
                let message = "the server closed its input";
                ProbeError::new(ProbeErrorKind::ExitedEarly { code: None }, message)
            }
            TransportError::Failed(error) => error,
        })
    }
}

/// A duration as whole milliseconds in JSON.
mod millis {
    use std::time::Duration;

    pub(super) fn serialize<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX))
    }

    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        <u64 as serde::Deserialize>::deserialize(deserializer).map(Duration::from_millis)
    }
}

fn record(lines: &mut Vec<String>, excerpt: String) {
    if lines.len() < MAX_RECORDED_LINES {
        lines.push(excerpt);
    }
}

fn exited_early_message(phase: Phase, code: Option<i32>) -> String {
    match code {
        Some(code) => format!("the server exited with code {code} during {}", phase.name()),
        None => format!("the server closed its output during {}", phase.name()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;

    /// A transport backed by a function that answers each message the probe sends.
    struct ScriptedServer<F> {
        answer: F,
        pending: VecDeque<String>,
        sent: Vec<Value>,
    }

    impl<F: FnMut(&Value) -> Vec<Value>> ScriptedServer<F> {
        fn new(answer: F) -> Self {
            Self { answer, pending: VecDeque::new(), sent: Vec::new() }
        }
    }

    impl<F: FnMut(&Value) -> Vec<Value>> LineTransport for ScriptedServer<F> {
        fn send_line(&mut self, line: &str) -> Result<(), TransportError> {
            let message: Value = serde_json::from_str(line).expect("the probe sends JSON");
            self.pending.extend((self.answer)(&message).iter().map(Value::to_string));
            self.sent.push(message);
            Ok(())
        }

        fn recv_line(&mut self, _timeout: Duration) -> Received {
            self.pending.pop_front().map_or(Received::TimedOut, Received::Line)
        }
    }

    fn result(request: &Value, result: Value) -> Vec<Value> {
        vec![json!({ "jsonrpc": "2.0", "id": request["id"], "result": result })]
    }

    fn initialize(version: &str, capabilities: Value) -> Value {
        json!({
            "protocolVersion": version,
            "capabilities": capabilities,
            "serverInfo": { "name": "scripted", "version": "0.1" },
        })
    }

    #[test]
    fn sends_the_legacy_handshake() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") => result(request, initialize("2025-06-18", json!({}))),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        assert_eq!(outcome.error, None);
        assert_eq!(outcome.protocol_version.as_deref(), Some("2025-06-18"));
        let params = &server.sent[0]["params"];
        assert_eq!(params["protocolVersion"], CLIENT_PROTOCOL_VERSION);
        assert_eq!(params["capabilities"], json!({}));
        assert_eq!(params["clientInfo"]["name"], "mcpcheck");
        assert_eq!(server.sent[1]["method"], "notifications/initialized");
        assert_eq!(server.sent.len(), 2, "no tools/list without the tools capability");
    }

    #[test]
    fn answers_ping_and_counts_advertised_lists() {
        let capabilities = json!({ "tools": {}, "resources": {}, "prompts": {} });
        let mut server = ScriptedServer::new(move |request: &Value| match request["method"].as_str() {
            Some("initialize") => {
                let mut messages = vec![json!({ "jsonrpc": "2.0", "id": 77, "method": "ping" })];
                messages.extend(result(request, initialize("2025-11-25", capabilities.clone())));
                messages
            }
            Some("tools/list") => result(request, json!({ "tools": [{ "name": "a" }] })),
            Some("resources/list") => result(request, json!({ "resources": [{}, {}] })),
            Some("prompts/list") => result(request, json!({ "prompts": [] })),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        assert_eq!(outcome.error, None);
        assert_eq!(outcome.phase_reached, Phase::Complete);
        assert_eq!((outcome.tools.len(), outcome.resource_count, outcome.prompt_count), (1, Some(2), Some(0)));
        let pong = json!({ "jsonrpc": "2.0", "id": 77, "result": {} });
        assert!(server.sent.contains(&pong));
    }

    #[test]
    fn rejects_an_unknown_protocol_version() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") => result(request, initialize("2099-01-01", json!({}))),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        assert!(matches!(outcome.error.unwrap().kind, ProbeErrorKind::Protocol { .. }));
        assert_eq!(outcome.protocol_version.as_deref(), Some("2099-01-01"));
    }

    #[test]
    fn bounds_pagination() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") => result(request, initialize("2025-11-25", json!({ "tools": {} }))),
            Some("tools/list") => result(request, json!({ "tools": [{ "name": "t" }], "nextCursor": "again" })),
            _ => Vec::new(),
        });
        let options = ProbeOptions { max_pages: 3, ..ProbeOptions::default() };
        let outcome = run_session(&mut server, &options);
        let error = outcome.error.unwrap();
        assert!(error.message.contains("after 3 pages"), "{}", error.message);
        assert_eq!(outcome.phase_reached, Phase::ListTools);
    }

    #[test]
    fn reports_error_responses_and_cancels_timed_out_requests() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") => vec![json!({
                "jsonrpc": "2.0", "id": request["id"], "error": { "code": -32602, "message": "bad version" }
            })],
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        let kind = outcome.error.unwrap().kind;
        assert!(matches!(kind, ProbeErrorKind::ErrorResponse { ref error } if error.code == -32602), "{kind:?}");

        let mut silent = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") => result(request, initialize("2025-11-25", json!({ "tools": {} }))),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut silent, &ProbeOptions::default());
        assert_eq!(outcome.error.unwrap().kind, ProbeErrorKind::Timeout { phase: Phase::ListTools });
        assert_eq!(silent.sent.last().unwrap()["method"], "notifications/cancelled");
    }
}
