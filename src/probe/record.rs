//! What a probe run reports per server, for the status table and the JSON output: the
//! configured server, whether it was probed, and the (redacted) outcome.

use std::path::PathBuf;

use super::session::ProbeOutcome;

/// Whether and how a server was probed.
#[derive(Debug, Clone, PartialEq)]
pub enum ProbeStatus {
    /// The lifecycle completed and the lists were read.
    Connected,
    /// The probe ran and failed; the outcome's `error` says how.
    Failed,
    /// Not probed: nobody consented (no terminal and neither `--yes` nor `--trust NAME`, or
    /// the answer was no).
    NoConsent,
    /// Not probed for another reason (disabled, no usable transport); why.
    NotProbed(String),
}

/// The reason shown for [`ProbeStatus::NoConsent`].
pub const NO_CONSENT: &str = "not probed: no consent (pass --yes or --trust NAME)";

impl ProbeStatus {
    /// Why the server was not probed, when it was not.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::NoConsent => Some(NO_CONSENT),
            Self::NotProbed(reason) => Some(reason),
            Self::Connected | Self::Failed => None,
        }
    }

    /// The word shown in the status column and in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Connected => "connected",
            Self::Failed => "failed",
            Self::NoConsent | Self::NotProbed(_) => "not-probed",
        }
    }
}

/// One configured server in a probe run.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeRecord {
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
    /// The configured transport (`stdio`, `http`, `sse`, `ws`).
    pub transport: &'static str,
    /// The command line or URL as written, secrets masked.
    pub display: String,
    /// Probed or not.
    pub status: ProbeStatus,
    /// What probing found, redacted; `None` when not probed.
    pub outcome: Option<ProbeOutcome>,
}
