//! What machine rules see: each server a client would use, next to the facts `doctor` gathered
//! about this machine for it. Rules stay pure: the gathering (file system, `PATH`, network) is
//! done before, in [`super::facts`].

use crate::config::Settings;
use crate::dialect::DocumentContext;
use crate::model::ServerEntry;

use super::facts::ServerFacts;

/// One server and what the machine offers it.
#[derive(Debug, Clone, Copy)]
pub struct CheckedServer<'a> {
    /// The file the entry is in.
    pub cx: &'a DocumentContext<'a>,
    /// The entry.
    pub server: &'a ServerEntry<'a>,
    /// What `doctor` found out about this machine for it.
    pub facts: &'a ServerFacts,
}

/// Every server `doctor` looked at.
#[derive(Debug, Clone, Copy)]
pub struct MachineContext<'a> {
    /// The servers, in the order of their files and entries.
    pub servers: &'a [CheckedServer<'a>],
    /// mcpcheck's settings (rule options).
    pub settings: &'a Settings,
}
