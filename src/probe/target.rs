//! What to probe: a local command (stdio) or a remote URL, already resolved, and the one
//! entry point that probes either.

use serde::{Deserialize, Serialize};

use super::process::ServerCommand;
use super::session::{ProbeOptions, ProbeOutcome, probe_stdio};

/// A remote transport: the one configured, or the one that worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemoteKind {
    /// Streamable HTTP (2025-03-26 and later).
    Http,
    /// Legacy HTTP+SSE (2024-11-05): a GET event stream plus a POST endpoint.
    Sse,
    /// WebSocket, which some clients accept (`ws://`, `wss://`).
    Ws,
}

impl RemoteKind {
    /// The name used in tables, messages and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Sse => "sse",
            Self::Ws => "ws",
        }
    }
}

/// A remote server to connect to.
#[derive(Debug, Clone)]
pub struct RemoteTarget {
    /// The URL, with variables resolved. May hold a secret (userinfo, token query): never
    /// print it; print the configured value or a redacted form.
    pub url: String,
    /// Headers from the config, with variables resolved. Values are secrets.
    pub headers: Vec<(String, String)>,
    /// The configured transport; `None` lets the probe follow the spec's fallback rule
    /// (streamable HTTP first, then legacy SSE).
    pub kind: Option<RemoteKind>,
}

/// A server to probe.
#[derive(Debug, Clone)]
pub enum ProbeTarget {
    /// A local process speaking over stdin/stdout.
    Stdio(ServerCommand),
    /// A remote server.
    Remote(RemoteTarget),
}

/// Probes `target`: spawns or connects, runs the lifecycle, lists tools, and cleans up.
pub fn probe(target: &ProbeTarget, options: &ProbeOptions) -> ProbeOutcome {
    match target {
        ProbeTarget::Stdio(command) => probe_stdio(command, options),
        ProbeTarget::Remote(remote) => super::http::probe_remote(remote, options),
    }
}
