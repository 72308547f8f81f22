//! What `doctor` reports per server about this machine, for the human report and JSON.

use std::path::PathBuf;

use super::facts::ServerFacts;

/// One server a client would use, and what this machine offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineRecord {
    /// The client, e.g. "Claude Code".
    pub client: &'static str,
    /// The dialect id of its file.
    pub dialect: &'static str,
    /// The server's name.
    pub server: String,
    /// The file its entry is in.
    pub file: PathBuf,
    /// 1-based line of the entry's key.
    pub line: usize,
    /// The entry's scope (`project`, `user`, `local`, `managed`, `plugin`).
    pub scope: &'static str,
    /// What `doctor` found out.
    pub facts: ServerFacts,
}
