//! The MCP lifecycle of both eras over a line transport.
//!
//! Era detection (PROTOCOL.md §1.4, [`EraChoice::Auto`]): `server/discover` first, with the
//! modern version in `_meta`. A `DiscoverResult` or a recognised modern error (`-32022` with
//! `data.supported`) means the modern era (2026-07-28): every request carries the `_meta` fields,
//! no handshake. Anything else (another error, a result that is no `DiscoverResult`, an HTTP
//! error status, silence until the discover timeout) means the legacy era (2024-11-05 …
//! 2025-11-25): `initialize` → validate the result → `notifications/initialized`. Failures that
//! another request cannot cure (auth, connect, the process exiting, an overlong line) stop the
//! probe instead.
//!
//! Then `tools/list` (all pages, bounded) and `resources/list` and `prompts/list` counts when the
//! server advertises them (PROTOCOL.md §1.1, §1.2). Every request has a timeout; a legacy server's
//! `ping` is answered while waiting; a late answer to a request we gave up on is ignored; stdout
//! lines that are not protocol messages are recorded, not fatal. The result is a
//! [`ProbeOutcome`]: plain data, which the caller turns into findings.

use std::io;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::jsonrpc::{self, IdAllocator, Incoming, RpcError};
use super::process::{DEFAULT_MAX_OUTPUT_BYTES, ServerCommand, ServerProcess, SpawnError, StdoutEvent};

/// The protocol version the probe asks for in `initialize`: the newest legacy-era one.
pub const CLIENT_PROTOCOL_VERSION: &str = "2025-11-25";

/// The legacy-era protocol versions the probe understands, oldest first.
pub const KNOWN_PROTOCOL_VERSIONS: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

/// The protocol version the probe asks for in `server/discover`: the newest modern-era one.
pub const MODERN_PROTOCOL_VERSION: &str = "2026-07-28";

/// The modern-era protocol versions the probe understands, oldest first.
pub const KNOWN_MODERN_VERSIONS: [&str; 1] = ["2026-07-28"];

/// The `_meta` key of a modern request's protocol version.
pub const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";

/// The `_meta` key of a modern request's client capabilities.
pub const META_CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";

/// The `_meta` key of a modern request's client name and version.
pub const META_CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";

/// The `_meta` key of the server's name and version in a `DiscoverResult`.
pub const META_SERVER_INFO: &str = "io.modelcontextprotocol/serverInfo";

/// How long `server/discover` may take before [`EraChoice::Auto`] falls back to `initialize`
/// (rmcp waits as long).
pub const DEFAULT_DISCOVER_TIMEOUT: Duration = Duration::from_secs(10);

/// The most versions kept from a server's list of supported versions.
const MAX_OFFERED_VERSIONS: usize = 20;

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
            Ok(StdoutEvent::OutputTooLarge { limit }) => {
                let message = format!(
                    "the server wrote more than {} MiB to stdout; mcpcheck stopped reading",
                    limit / (1024 * 1024)
                );
                Received::Failed(ProbeError::new(ProbeErrorKind::OutputTooLarge { limit }, message))
            }
            Ok(StdoutEvent::ReadFailed(detail)) => {
                let message = format!("reading the server's output failed: {detail}");
                Received::Failed(ProbeError::new(ProbeErrorKind::Transport { detail }, message))
            }
            Ok(StdoutEvent::Closed) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Received::Closed,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Received::TimedOut,
        }
    }
}

/// Which protocol era the probe speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EraChoice {
    /// Detect it: `server/discover` first, `initialize` when that does not work (PROTOCOL.md §1.4).
    #[default]
    Auto,
    /// Only the legacy handshake (`initialize`); no `server/discover`.
    Legacy,
    /// Only the modern era: a failed `server/discover` is the error, with no fallback.
    Modern,
}

/// Limits for one probe.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// Which era to speak.
    pub era: EraChoice,
    /// How long `server/discover` may take (capped by `initialize_timeout`, since it also
    /// covers the start-up). In [`EraChoice::Auto`], silence until then means "legacy".
    pub discover_timeout: Duration,
    /// How long the server may take to answer `initialize` (this includes its start-up when
    /// no `server/discover` came first).
    pub initialize_timeout: Duration,
    /// How long the server may take to answer each later request (each page of a list).
    pub request_timeout: Duration,
    /// The wait between shutdown steps (close stdin, SIGTERM, SIGKILL).
    pub shutdown_grace: Duration,
    /// The most pages read from one list method before giving up.
    pub max_pages: usize,
    /// The most bytes read from a stdio server's stdout in total (each line is also capped).
    pub max_output_bytes: u64,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        Self {
            era: EraChoice::Auto,
            discover_timeout: DEFAULT_DISCOVER_TIMEOUT,
            initialize_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(2),
            max_pages: 100,
            max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES,
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

/// `serverInfo` from the initialize result, or `_meta["io.modelcontextprotocol/serverInfo"]`
/// from the modern `DiscoverResult`.
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
    /// The server wrote more to stdout in total than the probe reads.
    OutputTooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// The server speaks no protocol version the probe understands: the version its
    /// `initialize` result chose, or the list its error (`-32022` or `data.supported`) offered.
    UnsupportedVersion {
        /// The versions the server offered (shortened, at most 20).
        offered: Vec<String>,
    },
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
            | Self::OutputTooLarge { .. }
            | Self::UnsupportedVersion { .. }
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
    /// The server's `serverInfo` (modern: from the `DiscoverResult`'s `_meta`).
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
    let mut server = match ServerProcess::spawn_with_output_limit(command, options.max_output_bytes) {
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
    let mut session = Session {
        transport,
        options,
        ids: IdAllocator::new(),
        abandoned: Vec::new(),
        discover_id: None,
        late_modern_answer: false,
        modern_version: None,
        outcome: ProbeOutcome::new(),
    };
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
    /// Requests we stopped waiting for (timed out): a late answer to one of them is ignored.
    abandoned: Vec<i64>,
    /// The id of the last `server/discover` request.
    discover_id: Option<i64>,
    /// Whether a timed-out `server/discover` was answered late with a modern answer (a
    /// `DiscoverResult` or `-32022`): a slow-starting modern server.
    late_modern_answer: bool,
    /// The modern version agreed on; while set, every request carries the `_meta` fields.
    modern_version: Option<String>,
    outcome: ProbeOutcome,
}

/// What `server/discover` told about the server's era.
enum Detected {
    /// Speak `version` of the modern era; `discovered` is the `DiscoverResult`.
    Modern { version: String, discovered: Value },
    /// Fall back to the legacy handshake.
    Legacy,
}

impl<T: LineTransport> Session<'_, T> {
    fn run(&mut self) -> Result<(), ProbeError> {
        let detected = match self.options.era {
            EraChoice::Legacy => Detected::Legacy,
            EraChoice::Auto => self.discover(true)?,
            EraChoice::Modern => self.discover(false)?,
        };
        match detected {
            Detected::Legacy => match self.run_legacy() {
                // A server that started too slowly for the discover timeout answered it late
                // with a modern answer, then rejected the handshake: it is modern after all.
                Err(error) if self.late_modern_answer && self.outcome.era.is_none() && rejects(&error) => {
                    match self.discover(false)? {
                        Detected::Modern { version, discovered } => self.run_modern(version, &discovered),
                        Detected::Legacy => Err(error),
                    }
                }
                result => result,
            },
            Detected::Modern { version, discovered } => self.run_modern(version, &discovered),
        }
    }

    /// Sends `server/discover` and decides the era; with `may_fall_back` false, anything but a
    /// usable modern answer is the error.
    fn discover(&mut self, may_fall_back: bool) -> Result<Detected, ProbeError> {
        self.outcome.phase_reached = Phase::Discover;
        let timeout = self.options.discover_timeout.min(self.options.initialize_timeout);
        let mut requested = MODERN_PROTOCOL_VERSION;
        loop {
            let params = json!({ "_meta": modern_meta(requested) });
            let error = match self.call(Phase::Discover, "server/discover", Some(params), timeout) {
                Ok(result) => return self.read_discover_result(result, requested, may_fall_back),
                Err(error) => error,
            };
            let Some(offered) = offered_versions(&error, true) else {
                if may_fall_back && falls_back_to_legacy(&error.kind) {
                    return Ok(Detected::Legacy);
                }
                return Err(error);
            };
            // A recognised modern error: the server is modern, and its list decides.
            self.outcome.era = Some(Era::Modern);
            match newest_known(&offered, &KNOWN_MODERN_VERSIONS) {
                Some(version) if version != requested => requested = version,
                Some(version) => {
                    return Err(ProbeError::protocol(format!(
                        "the server rejected protocol version {version} in server/discover although \
                         its error lists it as supported"
                    )));
                }
                // The list names only handshake versions: the server says `initialize` will work.
                None if may_fall_back && newest_known(&offered, &KNOWN_PROTOCOL_VERSIONS).is_some() => {
                    self.outcome.era = None;
                    return Ok(Detected::Legacy);
                }
                None => return Err(unsupported_version(offered, "server/discover")),
            }
        }
    }

    /// Decides the era from a `server/discover` result.
    fn read_discover_result(
        &mut self,
        result: Value,
        requested: &str,
        may_fall_back: bool,
    ) -> Result<Detected, ProbeError> {
        let Some(supported) = result.get("supportedVersions").and_then(Value::as_array) else {
            // Not a DiscoverResult: e.g. a legacy server that answers `{}` to any method.
            if may_fall_back {
                return Ok(Detected::Legacy);
            }
            return Err(ProbeError::protocol("the server/discover result has no \"supportedVersions\" array"));
        };
        let offered = version_list(supported);
        self.outcome.era = Some(Era::Modern);
        let version = if offered.iter().any(|version| version == requested) {
            Some(requested.to_owned())
        } else {
            newest_known(&offered, &KNOWN_MODERN_VERSIONS).map(str::to_owned)
        };
        match version {
            Some(version) => Ok(Detected::Modern { version, discovered: result }),
            None if may_fall_back && newest_known(&offered, &KNOWN_PROTOCOL_VERSIONS).is_some() => {
                self.outcome.era = None;
                Ok(Detected::Legacy)
            }
            None => Err(unsupported_version(offered, "server/discover")),
        }
    }

    /// The modern era: everything came with `server/discover`; list what it advertises.
    fn run_modern(&mut self, version: String, discovered: &Value) -> Result<(), ProbeError> {
        self.outcome.era = Some(Era::Modern);
        self.outcome.protocol_version = Some(version.clone());
        self.transport.negotiated(&version);
        self.modern_version = Some(version);
        check_result_type("server/discover", discovered)?;
        let Some(capabilities) = discovered.get("capabilities").filter(|value| value.is_object()) else {
            return Err(ProbeError::protocol("the server/discover result has no \"capabilities\" object"));
        };
        self.outcome.capabilities = Some(capabilities.clone());
        if let Some(info) = discovered.get("_meta").and_then(|meta| meta.get(META_SERVER_INFO)) {
            self.outcome.server_info = Some(server_info(info).ok_or_else(|| {
                ProbeError::protocol(format!(
                    "the server/discover result's _meta \"{META_SERVER_INFO}\" lacks string \"name\" and \"version\""
                ))
            })?);
        }
        let capabilities = capabilities.clone();
        self.list_advertised(&capabilities)
    }

    /// The legacy era: the `initialize` handshake, then the lists.
    fn run_legacy(&mut self) -> Result<(), ProbeError> {
        let result = self.initialize()?;
        self.accept_initialize_result(&result)?;
        if let Some(version) = self.outcome.protocol_version.clone() {
            self.transport.negotiated(&version);
        }
        self.send(&jsonrpc::notification_line("notifications/initialized", None))?;
        let capabilities = result.get("capabilities").cloned().unwrap_or_default();
        self.list_advertised(&capabilities)
    }

    /// Sends `initialize`; when the server's error lists the versions it supports, retries once
    /// with the newest of them the probe knows, or reports that there is none.
    fn initialize(&mut self) -> Result<Value, ProbeError> {
        self.outcome.phase_reached = Phase::Initialize;
        let mut requested = CLIENT_PROTOCOL_VERSION;
        let mut retried = false;
        loop {
            let params = json!({
                "protocolVersion": requested,
                "capabilities": {},
                "clientInfo": client_info(),
            });
            let error = match self.call(Phase::Initialize, "initialize", Some(params), self.options.initialize_timeout)
            {
                Ok(result) => return Ok(result),
                Err(error) => error,
            };
            let Some(offered) = offered_versions(&error, false) else {
                return Err(error);
            };
            match newest_known(&offered, &KNOWN_PROTOCOL_VERSIONS) {
                Some(version) if version != requested && !retried => {
                    requested = version;
                    retried = true;
                }
                Some(_) => return Err(error),
                None => return Err(unsupported_version(offered, "initialize")),
            }
        }
    }

    /// Checks the initialize result and keeps what the outcome reports from it.
    fn accept_initialize_result(&mut self, result: &Value) -> Result<(), ProbeError> {
        // The server answered the handshake: it speaks the legacy era, well or badly.
        self.outcome.era = Some(Era::Legacy);
        let Some(version) = result.get("protocolVersion").and_then(Value::as_str) else {
            return Err(ProbeError::protocol("the initialize result has no string \"protocolVersion\""));
        };
        self.outcome.protocol_version = Some(version.to_owned());
        if !KNOWN_PROTOCOL_VERSIONS.contains(&version) {
            return Err(unsupported_version(vec![jsonrpc::shorten(version, 40)], "initialize"));
        }
        let Some(capabilities) = result.get("capabilities").filter(|value| value.is_object()) else {
            return Err(ProbeError::protocol("the initialize result has no \"capabilities\" object"));
        };
        self.outcome.capabilities = Some(capabilities.clone());
        let Some(info) = result.get("serverInfo").and_then(server_info) else {
            return Err(ProbeError::protocol(
                "the initialize result has no \"serverInfo\" with string \"name\" and \"version\"",
            ));
        };
        self.outcome.server_info = Some(info);
        Ok(())
    }

    /// Lists tools, resources and prompts, each when `capabilities` advertises it.
    fn list_advertised(&mut self, capabilities: &Value) -> Result<(), ProbeError> {
        let advertises = |capability: &str| capabilities.get(capability).is_some();
        let (tools, resources, prompts) = (advertises("tools"), advertises("resources"), advertises("prompts"));
        if tools {
            self.outcome.phase_reached = Phase::ListTools;
            self.outcome.tools = self.list_all(Phase::ListTools, "tools/list", "tools")?;
            if let Some(index) = self.outcome.tools.iter().position(|tool| !tool.is_object()) {
                return Err(ProbeError::protocol(format!(
                    "tools/list invalid: tool {} of {} is not a JSON object",
                    index + 1,
                    self.outcome.tools.len()
                )));
            }
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

    /// Every item of a paginated list, following `nextCursor` for at most `max_pages` pages.
    fn list_all(&mut self, phase: Phase, method: &str, key: &str) -> Result<Vec<Value>, ProbeError> {
        let mut items = Vec::new();
        let mut cursor: Option<Value> = None;
        for _ in 0..self.options.max_pages {
            let mut params = serde_json::Map::new();
            if let Some(cursor) = cursor.take() {
                params.insert("cursor".to_owned(), cursor);
            }
            if let Some(version) = &self.modern_version {
                params.insert("_meta".to_owned(), modern_meta(version));
            }
            let params = (!params.is_empty()).then_some(Value::Object(params));
            let result = self.call(phase, method, params, self.options.request_timeout)?;
            if self.modern_version.is_some() {
                check_result_type(method, &result)?;
            }
            let Some(page) = result.get(key).and_then(Value::as_array) else {
                let invalid = if method == "tools/list" { "tools/list invalid: " } else { "" };
                return Err(ProbeError::protocol(format!("{invalid}the {method} result has no \"{key}\" array")));
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
        if phase == Phase::Discover {
            self.discover_id = Some(id);
        }
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
                Incoming::UnexpectedResponse { id: got }
                    if got.as_i64().is_some_and(|got| self.abandoned.contains(&got)) =>
                {
                    // A late answer to a request we gave up on (a slow server answering the
                    // discover after we moved on to `initialize`): not a protocol error.
                    if got.as_i64() == self.discover_id {
                        self.late_modern_answer |= is_modern_discover_answer(&line);
                    }
                }
                Incoming::UnexpectedResponse { id: got } => {
                    let got = jsonrpc::shorten(&got.to_string(), 40);
                    return Err(ProbeError::protocol(format!(
                        "the server answered {method} with id {got}, but the request had id {id}"
                    )));
                }
                Incoming::InvalidResponse { excerpt, reason } => {
                    return Err(ProbeError::protocol(format!(
                        "the server's answer to {method} is not valid JSON-RPC: {reason} ({excerpt})"
                    )));
                }
                Incoming::ServerRequest { id: request_id, method: request, .. } => {
                    // Legacy servers may ping while we wait; the modern era has no ping.
                    let reply = if request == "ping" && self.modern_version.is_none() {
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

    /// The timeout error. The request is abandoned (a late answer is ignored); a request after
    /// the handshake is also cancelled, as the spec asks. `server/discover` and `initialize` are
    /// not: before the handshake a legacy server expects nothing but `initialize`.
    fn timed_out(&mut self, phase: Phase, id: i64, timeout: Duration) -> ProbeError {
        self.abandoned.push(id);
        if !matches!(phase, Phase::Initialize | Phase::Discover) {
            let mut params = json!({ "requestId": id, "reason": "timeout" });
            if let Some(version) = &self.modern_version {
                params["_meta"] = modern_meta(version);
            }
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

/// `clientInfo`: mcpcheck's name and version.
fn client_info() -> Value {
    json!({ "name": "mcpcheck", "version": env!("CARGO_PKG_VERSION") })
}

/// The `_meta` object every modern request carries.
fn modern_meta(version: &str) -> Value {
    let mut meta = serde_json::Map::new();
    meta.insert(META_PROTOCOL_VERSION.to_owned(), json!(version));
    meta.insert(META_CLIENT_CAPABILITIES.to_owned(), json!({}));
    meta.insert(META_CLIENT_INFO.to_owned(), client_info());
    Value::Object(meta)
}

/// Whether a failed `server/discover` means "a legacy server": it answered with an error, sent
/// an HTTP error status other than an auth refusal or a transient one, or stayed silent.
/// Everything else (auth, connect failures, 502/503-style statuses that the remote transport
/// retries, the process exiting, overlong lines, protocol violations) stops the probe.
fn falls_back_to_legacy(kind: &ProbeErrorKind) -> bool {
    match kind {
        ProbeErrorKind::ErrorResponse { .. } | ProbeErrorKind::Timeout { phase: Phase::Discover } => true,
        ProbeErrorKind::HttpStatus { status, .. } => {
            !matches!(status, 401 | 403) && kind.class() != FailureClass::Transient
        }
        _ => false,
    }
}

/// Whether a failed `initialize` means the server rejected the handshake (rather than hung,
/// exited or broke the protocol).
fn rejects(error: &ProbeError) -> bool {
    matches!(error.kind, ProbeErrorKind::ErrorResponse { .. } | ProbeErrorKind::UnsupportedVersion { .. })
}

/// Whether a response line to `server/discover` is a modern answer: a result with a
/// `supportedVersions` array, or `-32022` with `data.supported`.
fn is_modern_discover_answer(line: &str) -> bool {
    match jsonrpc::response_outcome(line) {
        Some(Ok(result)) => result.get("supportedVersions").is_some_and(Value::is_array),
        Some(Err(error)) => {
            error.code == jsonrpc::UNSUPPORTED_PROTOCOL_VERSION
                && error.data.as_ref().and_then(|data| data.get("supported")).is_some_and(Value::is_array)
        }
        None => false,
    }
}

/// The versions a server's error offers: `data.supported` of a JSON-RPC error (for
/// `server/discover` only with code `-32022`, the recognised modern error).
fn offered_versions(error: &ProbeError, modern_code_only: bool) -> Option<Vec<String>> {
    let ProbeErrorKind::ErrorResponse { error } = &error.kind else {
        return None;
    };
    if modern_code_only && error.code != jsonrpc::UNSUPPORTED_PROTOCOL_VERSION {
        return None;
    }
    let supported = error.data.as_ref()?.get("supported")?.as_array()?;
    Some(version_list(supported))
}

/// The strings of a version list, shortened and bounded.
fn version_list(values: &[Value]) -> Vec<String> {
    values
        .iter()
        .filter_map(Value::as_str)
        .take(MAX_OFFERED_VERSIONS)
        .map(|version| jsonrpc::shorten(version, 40))
        .collect()
}

/// The newest version of `known` (oldest first) that `offered` contains.
fn newest_known(offered: &[String], known: &[&'static str]) -> Option<&'static str> {
    known.iter().rev().copied().find(|version| offered.iter().any(|offered| offered == version))
}

/// The error for a server that offers only versions the probe does not speak.
fn unsupported_version(offered: Vec<String>, method: &str) -> ProbeError {
    let known: Vec<&str> = KNOWN_PROTOCOL_VERSIONS.iter().chain(&KNOWN_MODERN_VERSIONS).copied().collect();
    let message = format!(
        "the server offered protocol version {} in its {method} answer; mcpcheck speaks {}",
        if offered.is_empty() { "(none)".to_owned() } else { offered.join(", ") },
        known.join(", ")
    );
    ProbeError::new(ProbeErrorKind::UnsupportedVersion { offered }, message)
}

/// An Implementation object (`name` and `version` strings), shortened.
fn server_info(info: &Value) -> Option<ServerInfo> {
    let field = |name| info.get(name).and_then(Value::as_str).map(|text| jsonrpc::shorten(text, 200));
    Some(ServerInfo { name: field("name")?, version: field("version")? })
}

/// A modern result's `resultType`: missing (an older server) or `"complete"` are fine; the probe
/// cannot answer `"input_required"`.
fn check_result_type(method: &str, result: &Value) -> Result<(), ProbeError> {
    match result.get("resultType") {
        None => Ok(()),
        Some(Value::String(kind)) if kind == "complete" => Ok(()),
        Some(Value::String(kind)) if kind == "input_required" => Err(ProbeError::protocol(format!(
            "the server answered {method} with resultType \"input_required\", asking for input a probe cannot give"
        ))),
        Some(other) => Err(ProbeError::protocol(format!(
            "the {method} result has resultType {}, not \"complete\" or \"input_required\"",
            jsonrpc::shorten(&other.to_string(), 40)
        ))),
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
    use crate::probe::jsonrpc::UNSUPPORTED_PROTOCOL_VERSION;

    /// A transport backed by a function that answers each message the probe sends.
    struct ScriptedServer<F> {
        answer: F,
        pending: VecDeque<Received>,
        sent: Vec<Value>,
        negotiated: Vec<String>,
    }

    impl<F: FnMut(&Value) -> Vec<Received>> ScriptedServer<F> {
        fn new(answer: F) -> Self {
            Self { answer, pending: VecDeque::new(), sent: Vec::new(), negotiated: Vec::new() }
        }

        fn methods(&self) -> Vec<&str> {
            self.sent.iter().filter_map(|message| message["method"].as_str()).collect()
        }
    }

    impl<F: FnMut(&Value) -> Vec<Received>> LineTransport for ScriptedServer<F> {
        fn send_line(&mut self, line: &str) -> Result<(), TransportError> {
            let message: Value = serde_json::from_str(line).expect("the probe sends JSON");
            self.pending.extend((self.answer)(&message));
            self.sent.push(message);
            Ok(())
        }

        fn recv_line(&mut self, _timeout: Duration) -> Received {
            self.pending.pop_front().unwrap_or(Received::TimedOut)
        }

        fn negotiated(&mut self, version: &str) {
            self.negotiated.push(version.to_owned());
        }
    }

    fn line(message: Value) -> Received {
        Received::Line(message.to_string())
    }

    fn result(request: &Value, result: Value) -> Vec<Received> {
        vec![line(json!({ "jsonrpc": "2.0", "id": request["id"], "result": result }))]
    }

    fn error(request: &Value, code: i64, data: Value) -> Vec<Received> {
        let error = json!({ "code": code, "message": "no", "data": data });
        vec![line(json!({ "jsonrpc": "2.0", "id": request["id"], "error": error }))]
    }

    fn initialize(version: &str, capabilities: Value) -> Value {
        json!({
            "protocolVersion": version,
            "capabilities": capabilities,
            "serverInfo": { "name": "scripted", "version": "0.1" },
        })
    }

    fn discover_result(versions: Value, capabilities: Value) -> Value {
        json!({
            "supportedVersions": versions,
            "capabilities": capabilities,
            "_meta": { "io.modelcontextprotocol/serverInfo": { "name": "modern", "version": "2.0" } },
            "ttlMs": 60000,
            "cacheScope": "public",
        })
    }

    /// A legacy server with tools that answers `server/discover` with `discover`.
    fn legacy_server(discover: impl Fn(&Value) -> Vec<Received>) -> impl FnMut(&Value) -> Vec<Received> {
        move |request: &Value| match request["method"].as_str() {
            Some("server/discover") => discover(request),
            Some("initialize") => result(request, initialize("2025-11-25", json!({ "tools": {} }))),
            Some("tools/list") => result(request, json!({ "tools": [{ "name": "legacy-tool" }] })),
            _ => Vec::new(),
        }
    }

    fn legacy_options() -> ProbeOptions {
        ProbeOptions { era: EraChoice::Legacy, ..ProbeOptions::default() }
    }

    fn assert_legacy_fallback<F: FnMut(&Value) -> Vec<Received>>(server: &ScriptedServer<F>, outcome: &ProbeOutcome) {
        assert_eq!(outcome.error, None);
        assert_eq!(outcome.era, Some(Era::Legacy));
        assert_eq!(outcome.protocol_version.as_deref(), Some("2025-11-25"));
        assert_eq!(server.methods(), ["server/discover", "initialize", "notifications/initialized", "tools/list"]);
        assert_eq!(outcome.tools, [json!({ "name": "legacy-tool" })]);
        assert_eq!(server.negotiated, ["2025-11-25"]);
    }

    #[test]
    fn sends_the_legacy_handshake() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") => result(request, initialize("2025-06-18", json!({}))),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &legacy_options());
        assert_eq!(outcome.error, None);
        assert_eq!(outcome.era, Some(Era::Legacy));
        assert_eq!(outcome.protocol_version.as_deref(), Some("2025-06-18"));
        let params = &server.sent[0]["params"];
        assert_eq!(server.sent[0]["method"], "initialize");
        assert_eq!(params["protocolVersion"], CLIENT_PROTOCOL_VERSION);
        assert_eq!(params["capabilities"], json!({}));
        assert_eq!(params["clientInfo"]["name"], "mcpcheck");
        assert_eq!(server.sent[1]["method"], "notifications/initialized");
        assert_eq!(server.sent.len(), 2, "no discover in legacy mode, no tools/list without the tools capability");
        assert_eq!(server.negotiated, ["2025-06-18"]);
    }

    #[test]
    fn answers_ping_and_counts_advertised_lists() {
        let capabilities = json!({ "tools": {}, "resources": {}, "prompts": {} });
        let mut server = ScriptedServer::new(move |request: &Value| match request["method"].as_str() {
            Some("initialize") => {
                let mut messages = vec![line(json!({ "jsonrpc": "2.0", "id": 77, "method": "ping" }))];
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
    fn an_unknown_chosen_version_is_unsupported() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") => result(request, initialize("2099-01-01", json!({}))),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &legacy_options());
        let offered = vec!["2099-01-01".to_owned()];
        assert_eq!(outcome.error.unwrap().kind, ProbeErrorKind::UnsupportedVersion { offered });
        assert_eq!(outcome.protocol_version.as_deref(), Some("2099-01-01"));
        assert_eq!(outcome.era, Some(Era::Legacy));
        assert!(server.negotiated.is_empty());
    }

    #[test]
    fn initialize_error_listing_only_modern_versions_is_unsupported() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") => error(request, -32602, json!({ "supported": ["2026-07-28"] })),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &legacy_options());
        let offered = vec!["2026-07-28".to_owned()];
        assert_eq!(outcome.error.unwrap().kind, ProbeErrorKind::UnsupportedVersion { offered });
        assert_eq!(outcome.phase_reached, Phase::Initialize);
    }

    #[test]
    fn initialize_error_listing_an_older_version_is_retried_once() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") if request["params"]["protocolVersion"] == "2025-03-26" => {
                result(request, initialize("2025-03-26", json!({})))
            }
            Some("initialize") => error(request, -32602, json!({ "supported": ["2024-11-05", "2025-03-26"] })),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &legacy_options());
        assert_eq!(outcome.error, None);
        assert_eq!(outcome.protocol_version.as_deref(), Some("2025-03-26"));
        assert_eq!(server.methods(), ["initialize", "initialize", "notifications/initialized"]);
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
            Some("initialize") => error(request, -32602, json!(null)),
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
        assert!(
            !silent.sent[..silent.sent.len() - 1].iter().any(|message| message["method"] == "notifications/cancelled"),
            "the timed-out discover is not cancelled before the handshake"
        );
    }

    #[test]
    fn tools_list_must_be_an_array_of_objects() {
        for tools in [json!({ "name": "a" }), json!([{ "name": "a" }, "b"]), json!(null)] {
            let page = json!({ "tools": tools });
            let mut server = ScriptedServer::new(move |request: &Value| match request["method"].as_str() {
                Some("initialize") => result(request, initialize("2025-11-25", json!({ "tools": {} }))),
                Some("tools/list") => result(request, page.clone()),
                _ => Vec::new(),
            });
            let outcome = run_session(&mut server, &legacy_options());
            let error = outcome.error.unwrap();
            assert!(
                matches!(error.kind, ProbeErrorKind::Protocol { ref detail } if detail.starts_with("tools/list invalid")),
                "{tools}: {error:?}"
            );
            assert_eq!(outcome.phase_reached, Phase::ListTools);
        }
    }

    // Era detection, one test per branch.

    /// A modern server: checks `_meta` on every request, two pages of tools, and resources.
    fn modern_server(request: &Value) -> Vec<Received> {
        let meta = &request["params"]["_meta"];
        let method = request["method"].as_str();
        if method.is_none() {
            return Vec::new(); // our reply to its ping
        }
        if request.get("id").is_some()
            && (meta[META_PROTOCOL_VERSION] != MODERN_PROTOCOL_VERSION
                || !meta[META_CLIENT_CAPABILITIES].is_object()
                || meta[META_CLIENT_INFO]["name"] != "mcpcheck")
        {
            return error(request, -32602, json!(null));
        }
        match method {
            Some("server/discover") => {
                let capabilities = json!({ "tools": {}, "resources": {} });
                result(request, discover_result(json!(["2025-11-25", "2026-07-28"]), capabilities))
            }
            Some("tools/list") if request["params"].get("cursor").is_none() => {
                let mut messages = vec![line(json!({ "jsonrpc": "2.0", "id": "p", "method": "ping" }))];
                messages.extend(result(
                    request,
                    json!({ "tools": [{ "name": "one" }], "nextCursor": "2", "resultType": "complete",
                            "ttlMs": 0, "cacheScope": "private" }),
                ));
                messages
            }
            Some("tools/list") => result(request, json!({ "tools": [{ "name": "two" }], "ttlMs": 5 })),
            Some("resources/list") => result(request, json!({ "resources": [{ "uri": "a:b", "name": "b" }] })),
            _ => error(request, -32601, json!(null)),
        }
    }

    #[test]
    fn a_discover_result_means_modern() {
        let mut server = ScriptedServer::new(modern_server);
        let outcome = run_session(&mut server, &ProbeOptions::default());
        assert_eq!(outcome.error, None);
        assert_eq!(outcome.phase_reached, Phase::Complete);
        assert_eq!(outcome.era, Some(Era::Modern));
        assert_eq!(outcome.protocol_version.as_deref(), Some(MODERN_PROTOCOL_VERSION));
        let info = outcome.server_info.unwrap();
        assert_eq!((info.name.as_str(), info.version.as_str()), ("modern", "2.0"));
        assert_eq!(outcome.capabilities, Some(json!({ "tools": {}, "resources": {} })));
        assert_eq!(outcome.tools, [json!({ "name": "one" }), json!({ "name": "two" })]);
        assert_eq!((outcome.resource_count, outcome.prompt_count), (Some(1), None));
        assert_eq!(server.methods(), ["server/discover", "tools/list", "tools/list", "resources/list"]);
        assert_eq!(server.negotiated, [MODERN_PROTOCOL_VERSION]);
        let pages: Vec<&Value> = server.sent.iter().filter(|message| message["method"] == "tools/list").collect();
        assert_eq!((&pages[0]["params"]["cursor"], &pages[1]["params"]["cursor"]), (&Value::Null, &json!("2")));
        // No ping in the modern era: the server's ping gets "method not found", not a result.
        let reply = server.sent.iter().find(|message| message["id"] == "p").unwrap();
        assert_eq!(reply["error"]["code"], jsonrpc::METHOD_NOT_FOUND);
    }

    #[test]
    fn a_modern_version_error_means_modern_without_fallback() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("server/discover") => error(
                request,
                UNSUPPORTED_PROTOCOL_VERSION,
                json!({ "supported": ["2099-01-01", 7], "requested": MODERN_PROTOCOL_VERSION }),
            ),
            Some("initialize") => result(request, initialize("2025-11-25", json!({}))),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        let offered = vec!["2099-01-01".to_owned()];
        assert_eq!(outcome.error.unwrap().kind, ProbeErrorKind::UnsupportedVersion { offered });
        assert_eq!(outcome.era, Some(Era::Modern));
        assert_eq!(outcome.phase_reached, Phase::Discover);
        assert_eq!(server.methods(), ["server/discover"], "no fallback to initialize");
    }

    #[test]
    fn a_modern_version_error_listing_our_version_is_a_contradiction() {
        let mut server = ScriptedServer::new(|request: &Value| {
            error(request, UNSUPPORTED_PROTOCOL_VERSION, json!({ "supported": [MODERN_PROTOCOL_VERSION] }))
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        let error = outcome.error.unwrap();
        assert!(matches!(error.kind, ProbeErrorKind::Protocol { .. }), "{error:?}");
        assert_eq!(server.methods(), ["server/discover"]);
    }

    #[test]
    fn a_modern_version_error_listing_only_handshake_versions_falls_back() {
        let mut server = ScriptedServer::new(legacy_server(|request| {
            error(request, UNSUPPORTED_PROTOCOL_VERSION, json!({ "supported": ["2025-11-25"] }))
        }));
        let outcome = run_session(&mut server, &ProbeOptions::default());
        assert_legacy_fallback(&server, &outcome);
    }

    #[test]
    fn any_other_error_code_falls_back_to_legacy() {
        for code in [-32601, -32602, -32600, -32000, 0, UNSUPPORTED_PROTOCOL_VERSION] {
            // -32022 without `data.supported` is not the recognised modern error either.
            let mut server = ScriptedServer::new(legacy_server(move |request| error(request, code, json!(null))));
            let outcome = run_session(&mut server, &ProbeOptions::default());
            assert_legacy_fallback(&server, &outcome);
        }
    }

    #[test]
    fn a_result_that_is_no_discover_result_falls_back_to_legacy() {
        // The conformance suite's legacy mock answers `{}` to any unknown method.
        for answer in [json!({}), json!({ "supportedVersions": "2026-07-28" }), json!([])] {
            let mut server = ScriptedServer::new(legacy_server(move |request| result(request, answer.clone())));
            let outcome = run_session(&mut server, &ProbeOptions::default());
            assert_legacy_fallback(&server, &outcome);
        }
    }

    #[test]
    fn a_discover_result_with_only_handshake_versions_falls_back_and_unknown_ones_stop() {
        let mut server = ScriptedServer::new(legacy_server(|request| {
            result(request, discover_result(json!(["2025-06-18", "2025-11-25"]), json!({})))
        }));
        let outcome = run_session(&mut server, &ProbeOptions::default());
        assert_legacy_fallback(&server, &outcome);

        let mut newer = ScriptedServer::new(legacy_server(|request| {
            result(request, discover_result(json!(["2099-01-01"]), json!({})))
        }));
        let outcome = run_session(&mut newer, &ProbeOptions::default());
        let offered = vec!["2099-01-01".to_owned()];
        assert_eq!(outcome.error.unwrap().kind, ProbeErrorKind::UnsupportedVersion { offered });
        assert_eq!(newer.methods(), ["server/discover"]);
    }

    #[test]
    fn silence_falls_back_and_a_late_discover_answer_is_ignored() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("server/discover") => Vec::new(),
            Some("initialize") => {
                // A slow server answers the abandoned discover (id 1) only now.
                let mut messages = error(&json!({ "id": 1 }), -32601, json!(null));
                messages.extend(result(request, initialize("2025-11-25", json!({ "tools": {} }))));
                messages
            }
            Some("tools/list") => result(request, json!({ "tools": [{ "name": "legacy-tool" }] })),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        assert_legacy_fallback(&server, &outcome);
    }

    #[test]
    fn a_late_discover_result_and_a_rejected_handshake_mean_modern() {
        let mut discovers = 0;
        let mut server = ScriptedServer::new(move |request: &Value| match request["method"].as_str() {
            // The first discover times out: the server is still starting.
            Some("server/discover") if discovers == 0 => {
                discovers += 1;
                Vec::new()
            }
            Some("initialize") => {
                let late = json!({ "id": 1 });
                let mut messages = result(&late, discover_result(json!(["2026-07-28"]), json!({ "tools": {} })));
                messages.extend(error(request, -32602, json!({ "supported": ["2026-07-28"] })));
                messages
            }
            Some(_) => modern_server(request),
            None => Vec::new(),
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        assert_eq!(outcome.error, None);
        assert_eq!(outcome.era, Some(Era::Modern));
        assert_eq!(
            server.methods(),
            ["server/discover", "initialize", "server/discover", "tools/list", "tools/list", "resources/list"]
        );
    }

    #[test]
    fn a_late_error_to_discover_keeps_the_handshake_error() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("initialize") => {
                let mut messages = error(&json!({ "id": 1 }), -32601, json!(null));
                messages.extend(error(request, -32603, json!(null)));
                messages
            }
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        let kind = outcome.error.unwrap().kind;
        assert!(matches!(kind, ProbeErrorKind::ErrorResponse { ref error } if error.code == -32603), "{kind:?}");
        assert_eq!(server.methods(), ["server/discover", "initialize"]);
    }

    #[test]
    fn an_answer_to_an_id_never_sent_is_still_a_protocol_error() {
        let mut server = ScriptedServer::new(legacy_server(|_| error(&json!({ "id": 42 }), -32601, json!(null))));
        let outcome = run_session(&mut server, &ProbeOptions::default());
        let error = outcome.error.unwrap();
        assert!(matches!(error.kind, ProbeErrorKind::Protocol { ref detail } if detail.contains("42")), "{error:?}");
        assert_eq!(outcome.phase_reached, Phase::Discover);
    }

    #[test]
    fn http_error_statuses_fall_back_except_auth_refusals() {
        let failed = |status| {
            let kind = ProbeErrorKind::HttpStatus { status, detail: String::new() };
            Received::Failed(ProbeError::new(kind, format!("HTTP {status}")))
        };
        for status in [400, 404, 405, 500] {
            let mut server = ScriptedServer::new(legacy_server(move |_| vec![failed(status)]));
            let outcome = run_session(&mut server, &ProbeOptions::default());
            assert_legacy_fallback(&server, &outcome);
        }
        for status in [401, 403] {
            let mut server = ScriptedServer::new(legacy_server(move |_| vec![failed(status)]));
            let outcome = run_session(&mut server, &ProbeOptions::default());
            let kind = outcome.error.unwrap().kind;
            assert!(matches!(kind, ProbeErrorKind::HttpStatus { status: got, .. } if got == status), "{kind:?}");
            assert_eq!(server.methods(), ["server/discover"]);
        }
    }

    #[test]
    fn failures_another_request_cannot_cure_stop_in_discover() {
        let needs_auth = ProbeError::new(ProbeErrorKind::NeedsAuth(Box::default()), "needs OAuth");
        let connect = ProbeError::new(
            ProbeErrorKind::Connect { layer: ConnectLayer::Tcp, detail: "refused".into() },
            "connection refused",
        );
        let too_large = ProbeError::new(ProbeErrorKind::OutputTooLarge { limit: 1 }, "too much");
        let stops = [
            Received::Failed(needs_auth),
            Received::Failed(connect),
            Received::Failed(too_large),
            Received::Closed,
            Received::LineTooLong,
        ];
        for stop in stops {
            let expected = stop.clone();
            let mut server = ScriptedServer::new(legacy_server(move |_| vec![stop.clone()]));
            let outcome = run_session(&mut server, &ProbeOptions::default());
            let kind = outcome.error.unwrap().kind;
            match expected {
                Received::Failed(error) => assert_eq!(kind, error.kind),
                Received::Closed => assert_eq!(kind, ProbeErrorKind::ExitedEarly { code: None }),
                _ => assert_eq!(kind, ProbeErrorKind::LineTooLong),
            }
            assert_eq!(outcome.phase_reached, Phase::Discover);
            assert_eq!(server.methods(), ["server/discover"], "{kind:?}");
        }
    }

    #[test]
    fn forced_modern_does_not_fall_back() {
        let mut server = ScriptedServer::new(legacy_server(|request| error(request, -32601, json!(null))));
        let options = ProbeOptions { era: EraChoice::Modern, ..ProbeOptions::default() };
        let outcome = run_session(&mut server, &options);
        let kind = outcome.error.unwrap().kind;
        assert!(matches!(kind, ProbeErrorKind::ErrorResponse { ref error } if error.code == -32601), "{kind:?}");
        assert_eq!(server.methods(), ["server/discover"]);

        let mut empty = ScriptedServer::new(legacy_server(|request| result(request, json!({}))));
        let outcome = run_session(&mut empty, &options);
        assert!(matches!(outcome.error.unwrap().kind, ProbeErrorKind::Protocol { .. }));

        let mut modern = ScriptedServer::new(modern_server);
        let outcome = run_session(&mut modern, &options);
        assert_eq!((outcome.error, outcome.era), (None, Some(Era::Modern)));
    }

    #[test]
    fn modern_results_must_be_complete() {
        let mut server = ScriptedServer::new(|request: &Value| match request["method"].as_str() {
            Some("server/discover") => result(request, discover_result(json!(["2026-07-28"]), json!({ "tools": {} }))),
            Some("tools/list") => result(request, json!({ "tools": [], "resultType": "input_required" })),
            _ => Vec::new(),
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        let error = outcome.error.unwrap();
        assert!(error.message.contains("input_required"), "{}", error.message);
        assert_eq!(outcome.phase_reached, Phase::ListTools);
    }

    #[test]
    fn a_discover_result_without_capabilities_is_a_protocol_error() {
        let mut server = ScriptedServer::new(|request: &Value| {
            result(request, json!({ "supportedVersions": ["2026-07-28"], "capabilities": [] }))
        });
        let outcome = run_session(&mut server, &ProbeOptions::default());
        assert!(matches!(outcome.error.unwrap().kind, ProbeErrorKind::Protocol { .. }));
        assert_eq!(outcome.era, Some(Era::Modern));
    }
}
