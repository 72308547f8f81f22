//! What probe rules see: each probed server's config entry next to what probing it found.
//!
//! Probe rules are pure like every rule: they read this context and push findings, located in
//! the server's entry in its file. The outcomes here are already redacted (the stderr tail);
//! the resolved command line and header values are not in the context at all.

use crate::config::Settings;
use crate::dialect::DocumentContext;
use crate::model::ServerEntry;

use super::lock::Lockfile;
use super::session::ProbeOutcome;

/// One server that was probed.
#[derive(Debug, Clone, Copy)]
pub struct ProbedServer<'a> {
    /// The file the entry is in.
    pub cx: &'a DocumentContext<'a>,
    /// The entry.
    pub server: &'a ServerEntry<'a>,
    /// What probing it found (stderr tail redacted).
    pub outcome: &'a ProbeOutcome,
}

/// Every server probed in one run.
#[derive(Debug, Clone, Copy)]
pub struct ProbeContext<'a> {
    /// The probed servers, in the order of their files and entries.
    pub servers: &'a [ProbedServer<'a>],
    /// The lock file read before probing (`mcpcheck.lock`), when there is one.
    pub lock: Option<&'a Lockfile>,
    /// mcpcheck's settings (rule options).
    pub settings: &'a Settings,
}
