//! `outdated-protocol-version`: a server that speaks only the first MCP protocol version.

use super::probe_failure::{at_key, is_remote, name};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder};
use crate::model::Transport;
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::target::RemoteKind;

declare_rule! {
    /// ## What it does
    /// Reports a server that answered `initialize` with protocol version `2024-11-05`, the
    /// first one, although mcpcheck asked for the newest it knows (`2025-11-25`): a server
    /// answers with an older version only when it supports none newer. Legacy-era servers on
    /// `2025-03-26` or later, and servers of the modern era, are not reported.
    ///
    /// ## Why is this bad?
    /// It works, which is why this is only information. But the server predates what later
    /// versions added and clients now rely on:
    ///
    /// - tool annotations (`readOnlyHint`, `destructiveHint`), which clients use to decide
    ///   which tool calls need approval (2025-03-26);
    /// - streamable HTTP: a remote server on this version uses the deprecated HTTP+SSE
    ///   transport (2025-03-26);
    /// - the authorization specification, structured tool output and elicitation
    ///   (2025-03-26 and 2025-06-18).
    ///
    /// It usually means the server, or the MCP SDK it is built on, has not been updated since
    /// early 2025, so it may also miss fixes.
    ///
    /// ## Example
    /// A server built on `@modelcontextprotocol/sdk` 1.0, answering
    /// `{"protocolVersion": "2024-11-05", ...}`.
    ///
    /// ## Use instead
    /// Update the server (or its SDK); current SDKs answer with `2025-06-18` or later.
    ///
    /// ## Known limitations
    /// Only the version is checked, not which of the newer features the server would use.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-03-26/changelog>
    /// - <https://modelcontextprotocol.io/specification/2025-06-18/changelog>
    pub OutdatedProtocolVersion {
        id: "outdated-protocol-version",
        summary: "The server speaks only MCP 2024-11-05, which predates tool annotations, streamable HTTP and authorization",
        severity: Info,
        category: Structure,
        needs: Probe,
    }
}

/// The versions reported: older than 2025-03-26.
const OUTDATED: [&str; 1] = ["2024-11-05"];

impl Rule for OutdatedProtocolVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            let Some(version) = probed.outcome.protocol_version.as_deref() else { continue };
            if OUTDATED.contains(&version) {
                out.push(finding(probed, version).build(&probed.cx.file));
            }
        }
    }
}

fn finding(probed: &ProbedServer<'_>, version: &str) -> FindingBuilder {
    let server = probed.server;
    let client = probed.cx.dialect.client;
    let legacy_sse = probed.outcome.remote_transport == Some(RemoteKind::Sse)
        || (probed.outcome.remote_transport.is_none() && server.transport.transport() == Some(Transport::Sse));
    let transport = if is_remote(server) && legacy_sse {
        ", and it serves the HTTP+SSE transport that streamable HTTP replaced"
    } else {
        ""
    };
    let message = format!(
        "server `{}` speaks only MCP {version}, the first protocol version: it has no tool annotations, which {client} can use to tell read-only tools from destructive ones{transport}",
        name(server)
    );
    let help = "Update the server, or the MCP SDK it is built on (the TypeScript SDK `@modelcontextprotocol/sdk`, the Python SDK `mcp`); versions released since April 2025 answer with a newer protocol version";
    at_key(FindingBuilder::new(&OutdatedProtocolVersion::META, message), server, Some(format!("MCP {version}")))
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::super::probe_failure::testing::messages;
    use super::*;
    use crate::dialect::claude_code;

    #[test]
    fn only_the_first_version_is_reported() {
        let config = r#"{"mcpServers": {"old": {"command": "old-mcp"}, "web": {"type": "sse", "url": "https://a.example/sse"},
            "http": {"type": "http", "url": "https://b.example/mcp"}}}"#;
        let outcome = r#"{"old": {"phase_reached": "complete", "protocol_version": "2024-11-05"},
            "web": {"phase_reached": "complete", "protocol_version": "2024-11-05"},
            "http": {"phase_reached": "complete", "protocol_version": "2024-11-05", "remote_transport": "http"}}"#;
        assert_eq!(
            messages(&OutdatedProtocolVersion, &claude_code::DIALECT, config, outcome),
            [
                "server `old` speaks only MCP 2024-11-05, the first protocol version: it has no tool annotations, which Claude Code can use to tell read-only tools from destructive ones",
                "server `web` speaks only MCP 2024-11-05, the first protocol version: it has no tool annotations, which Claude Code can use to tell read-only tools from destructive ones, and it serves the HTTP+SSE transport that streamable HTTP replaced",
                "server `http` speaks only MCP 2024-11-05, the first protocol version: it has no tool annotations, which Claude Code can use to tell read-only tools from destructive ones",
            ]
        );
        let newer = r#"{"old": {"protocol_version": "2025-03-26"}, "web": {"protocol_version": "2026-07-28", "era": "modern"}}"#;
        assert!(messages(&OutdatedProtocolVersion, &claude_code::DIALECT, config, newer).is_empty());
    }
}
