//! Facts about this machine for one server: gathered with I/O (file system, `PATH`, running
//! `--version` of known runtimes, DNS/TCP/TLS/HTTP), then handed to the machine rules as data.

use std::path::Path;

use crate::dialect::DocumentContext;
use crate::model::ServerEntry;
use crate::probe::plan::Plan;

/// What `doctor` found out about this machine for one server.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ServerFacts {}

impl ServerFacts {
    /// One line per fact, for the human report.
    pub fn lines(&self) -> Vec<String> {
        Vec::new()
    }
}

/// How gathering behaves.
#[derive(Debug, Clone, Default)]
pub struct Gathering {
    /// Whether to touch the network (DNS, TCP, TLS, HTTP) for remote servers.
    pub network: bool,
}

/// Gather the facts for `server` of `cx`'s file, whose resolved command or URL is `plan`
/// (`None` when the entry has no usable transport). `project_root` anchors relative paths.
pub fn gather(
    _cx: &DocumentContext<'_>,
    _server: &ServerEntry<'_>,
    _plan: Option<&Plan>,
    _project_root: &Path,
    _how: &Gathering,
) -> ServerFacts {
    ServerFacts {}
}
