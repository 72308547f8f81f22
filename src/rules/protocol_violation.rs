//! `protocol-violation`: a server that broke the MCP protocol while being probed.

use super::probe_failure::{at_key, clean, error_kind, is_remote, name, without_urls};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder, shorten};
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::session::{KNOWN_MODERN_VERSIONS, KNOWN_PROTOCOL_VERSIONS, Phase, ProbeErrorKind};

declare_rule! {
    /// ## What it does
    /// Reports a server that broke the MCP protocol while `mcpcheck probe` talked to it: a
    /// message that is not valid JSON-RPC, an answer with the wrong id or without the fields
    /// the specification requires (`protocolVersion`, `serverInfo`, `capabilities`, `tools`),
    /// a protocol version mcpcheck does not know, a JSON-RPC error in answer to `initialize` or
    /// `tools/list`, a message line longer than mcpcheck reads, or a connection that broke in
    /// the middle.
    ///
    /// ## Why is this bad?
    /// Clients validate the same messages. Depending on the client and the fault, the server
    /// shows as failed, shows without tools, or loses the tools whose definitions are invalid.
    /// An unsupported protocol version usually means the server (or the SDK it is built on) is
    /// older or newer than the client.
    ///
    /// ## Example
    /// A server whose `initialize` result has no `protocolVersion`, or that answers
    /// `tools/list` with `{"tools": "search"}`.
    ///
    /// ## Use instead
    /// Update the server (most violations are fixed in newer versions of it or of its MCP
    /// SDK), or report the message to its authors.
    ///
    /// ## Known limitations
    /// Only the requests mcpcheck sends are checked (`initialize`, `tools/list`,
    /// `resources/list`, `prompts/list`, or `server/discover`); tool calls are not made.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle>
    /// - <https://www.jsonrpc.org/specification>
    pub ProtocolViolation {
        id: "protocol-violation",
        summary: "The server broke the MCP protocol (invalid JSON-RPC, missing fields, unknown protocol version, an error answer)",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

impl Rule for ProtocolViolation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            let Some(kind) = error_kind(probed) else { continue };
            // Failures with rules of their own.
            if matches!(
                kind,
                ProbeErrorKind::Spawn(_)
                    | ProbeErrorKind::ExitedEarly { .. }
                    | ProbeErrorKind::Timeout { .. }
                    | ProbeErrorKind::Connect { .. }
                    | ProbeErrorKind::HttpStatus { .. }
                    | ProbeErrorKind::NeedsAuth(_)
            ) {
                continue;
            }
            out.push(finding(probed, kind).build(&probed.cx.file));
        }
    }
}

fn finding(probed: &ProbedServer<'_>, kind: &ProbeErrorKind) -> FindingBuilder {
    let server = probed.server;
    let outcome = probed.outcome;
    let client = probed.cx.dialect.client;
    let phase = outcome.phase_reached;
    let during = match phase {
        Phase::Spawn | Phase::Connect | Phase::Complete => String::new(),
        phase => format!(" in `{}`", phase.name()),
    };
    let update = "Update the server, or the MCP SDK it is built on; if the newest version does the same, report it to its authors with this message";
    let version = outcome.protocol_version.as_deref().filter(|v| !KNOWN_PROTOCOL_VERSIONS.contains(v));
    let (message, help) = match kind {
        ProbeErrorKind::Protocol { .. } if version.is_some() => {
            let version = clean(&shorten(version.unwrap_or_default(), 40));
            (
                format!(
                    "server `{}` answered `initialize` with protocol version `{version}`, which mcpcheck does not support (it knows {})",
                    name(server),
                    KNOWN_PROTOCOL_VERSIONS.join(", "),
                ),
                format!(
                    "{client} may not support it either: a server must answer with the version the client asked for when it supports it. {update}"
                ),
            )
        }
        ProbeErrorKind::UnsupportedVersion { offered } => {
            let offered: Vec<String> = offered.iter().take(6).map(|v| clean(&shorten(v, 40))).collect();
            let offered: Vec<&str> = offered.iter().map(String::as_str).collect();
            let speaks = if offered.is_empty() {
                "no protocol version mcpcheck knows".to_owned()
            } else {
                format!("only {}", crate::finding::quoted_list(&offered, "and"))
            };
            (
                format!(
                    "server `{}` speaks {speaks}{during}; mcpcheck knows {}",
                    name(server),
                    KNOWN_PROTOCOL_VERSIONS
                        .iter()
                        .chain(KNOWN_MODERN_VERSIONS.iter())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                format!(
                    "{client} negotiates a version the same way and disconnects when none is shared. Pin a server release that supports one of those versions, or update {client}. {update}"
                ),
            )
        }
        ProbeErrorKind::OutputTooLarge { limit } => (
            format!(
                "server `{}` wrote more than {} MiB to stdout{during} without finishing",
                name(server),
                limit / (1024 * 1024)
            ),
            format!(
                "Output without end is usually logging or data on stdout, which the protocol reserves for its messages; send logs to stderr. {update}"
            ),
        ),
        ProbeErrorKind::Protocol { detail } => (
            format!("server `{}` broke the MCP protocol{during}: {}", name(server), clean(&shorten(detail, 200))),
            format!("{client} validates the same messages and rejects what is wrong. {update}"),
        ),
        ProbeErrorKind::ErrorResponse { error } => {
            let code = error.code;
            let text = clean(&shorten(error.message.trim(), 200));
            let text = if text.is_empty() { String::new() } else { format!(" `{text}`") };
            let version_error = code == -32022 || error.message.to_ascii_lowercase().contains("protocol version");
            let help = match phase {
                Phase::Initialize | Phase::Discover if version_error => format!(
                    "The server does not accept the protocol version mcpcheck asked for; {client} asks for its own, which may work. {update}"
                ),
                Phase::Initialize | Phase::Discover => format!(
                    "The server refused to start the session, so {client} cannot use it; the error's text usually says why (a missing setting or credential is common). {update}"
                ),
                _ if code == -32601 => format!(
                    "The server says it does not implement `{}`, although it answered `initialize`; {client} shows it without tools. {update}",
                    phase.name()
                ),
                _ => format!("{client} gets the same error and shows the server without tools. {update}"),
            };
            let request = match phase {
                Phase::Spawn | Phase::Connect | Phase::Complete => "a request".to_owned(),
                phase => format!("`{}`", phase.name()),
            };
            (format!("server `{}` answered {request} with JSON-RPC error {code}{text}", name(server)), help)
        }
        ProbeErrorKind::LineTooLong => (
            format!("server `{}` sent a message line{during} longer than mcpcheck reads", name(server)),
            format!(
                "A message this large is usually a bug (a tool list that embeds data, output that never ends with a newline); clients cap it too (the TypeScript SDK at 10 MiB). {update}"
            ),
        ),
        ProbeErrorKind::Transport { detail } => {
            let detail = shorten(&without_urls(detail), 160);
            let help = if is_remote(server) {
                "The connection broke in the middle of an exchange: try again; if it persists, a proxy may cut long responses or event streams".to_owned()
            } else {
                "The server's pipes broke: it may have crashed or closed stdin/stdout; start the command in a terminal to see why".to_owned()
            };
            (format!("talking to server `{}` failed{during}: {detail}", name(server)), help)
        }
        _ => {
            let detail = shorten(&without_urls(probed.outcome.error.as_ref().map_or("", |e| e.message.as_str())), 200);
            (format!("server `{}` failed the probe{during}: {detail}", name(server)), update.to_owned())
        }
    };
    let label = match kind {
        ProbeErrorKind::Protocol { .. } if version.is_some() => "unsupported protocol version",
        ProbeErrorKind::Protocol { .. } => "broke the protocol",
        ProbeErrorKind::ErrorResponse { .. } => "answered with an error",
        ProbeErrorKind::UnsupportedVersion { .. } => "unsupported protocol version",
        ProbeErrorKind::OutputTooLarge { .. } => "too much output",
        ProbeErrorKind::LineTooLong => "line too long",
        ProbeErrorKind::Transport { .. } => "connection broke",
        _ => "probe failed",
    };
    at_key(FindingBuilder::new(&ProtocolViolation::META, message), server, Some(label.to_owned())).help(help)
}

#[cfg(test)]
mod tests {
    use super::super::probe_failure::testing::run;
    use super::*;
    use crate::dialect::claude_code;

    const SRV: &str = r#"{"mcpServers": {"srv": {"command": "srv-mcp"}}}"#;

    fn one(phase: &str, kind: serde_json::Value, version: Option<&str>) -> Finding {
        let outcome = serde_json::json!({"srv": {"phase_reached": phase, "protocol_version": version,
            "error": {"kind": kind, "message": "the message"}}});
        let mut found = run(&ProtocolViolation, &claude_code::DIALECT, SRV, &outcome.to_string());
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    #[test]
    fn protocol_errors_name_the_phase_and_detail() {
        let f = one(
            "initialize",
            serde_json::json!({"kind": "protocol", "detail": "the initialize result has no `serverInfo`"}),
            Some("2025-06-18"),
        );
        assert_eq!(
            f.message,
            "server `srv` broke the MCP protocol in `initialize`: the initialize result has no 'serverInfo'"
        );
        let f = one(
            "initialize",
            serde_json::json!({"kind": "protocol", "detail": "unsupported protocol version"}),
            Some("2023-01-01"),
        );
        assert!(f.message.starts_with("server `srv` answered `initialize` with protocol version `2023-01-01`, which mcpcheck does not support (it knows 2024-11-05, "), "{}", f.message);
    }

    #[test]
    fn unsupported_versions_and_endless_output() {
        let f = one(
            "initialize",
            serde_json::json!({"kind": "unsupported_version", "offered": ["2099-01-01", "2098-01-01"]}),
            None,
        );
        assert!(
            f.message.starts_with(
                "server `srv` speaks only `2099-01-01` and `2098-01-01` in `initialize`; mcpcheck knows 2024-11-05, "
            ),
            "{}",
            f.message
        );
        let f = one("list_tools", serde_json::json!({"kind": "output_too_large", "limit": 67_108_864}), None);
        assert_eq!(f.message, "server `srv` wrote more than 64 MiB to stdout in `tools/list` without finishing");
    }

    #[test]
    fn error_answers_and_the_rest() {
        let f = one(
            "list_tools",
            serde_json::json!({"kind": "error_response", "error": {"code": -32601, "message": "Method not found"}}),
            None,
        );
        assert_eq!(f.message, "server `srv` answered `tools/list` with JSON-RPC error -32601 `Method not found`");
        assert!(f.help.as_deref().unwrap().starts_with("The server says it does not implement `tools/list`"));
        let f = one(
            "initialize",
            serde_json::json!({"kind": "error_response", "error": {"code": -32602, "message": "Unsupported protocol version: 2025-11-25"}}),
            None,
        );
        assert!(f.help.as_deref().unwrap().starts_with("The server does not accept the protocol version"));
        let f = one("list_tools", serde_json::json!({"kind": "line_too_long"}), None);
        assert_eq!(f.message, "server `srv` sent a message line in `tools/list` longer than mcpcheck reads");
        let f =
            one("initialize", serde_json::json!({"kind": "transport", "detail": "Broken pipe (os error 32)"}), None);
        assert_eq!(f.message, "talking to server `srv` failed in `initialize`: Broken pipe (os error 32)");
        let other =
            serde_json::json!({"srv": {"error": {"kind": {"kind": "timeout", "phase": "initialize"}, "message": "x"}}});
        assert!(run(&ProtocolViolation, &claude_code::DIALECT, SRV, &other.to_string()).is_empty());
    }
}
