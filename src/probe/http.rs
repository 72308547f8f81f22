//! Remote transports: streamable HTTP, with the spec's fallback to legacy HTTP+SSE.

use super::session::{ProbeError, ProbeErrorKind, ProbeOptions, ProbeOutcome};
use super::target::RemoteTarget;

/// Connects to `target`, runs the lifecycle and lists tools.
pub fn probe_remote(_target: &RemoteTarget, _options: &ProbeOptions) -> ProbeOutcome {
    let mut outcome = ProbeOutcome::new();
    let detail = "remote probing is not built yet".to_owned();
    outcome.error = Some(ProbeError::new(ProbeErrorKind::Transport { detail: detail.clone() }, detail));
    outcome
}
