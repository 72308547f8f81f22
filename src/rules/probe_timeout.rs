//! `probe-timeout`: the server did not answer in time, and the finding says in which phase.

use super::probe_failure::{
    at_field, at_key, client_timeout_setting, entry_timeout_field, error_kind, is_remote, last_lines, name,
    quote_lines, url_key,
};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder};
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::session::{Phase, ProbeErrorKind};

declare_rule! {
    /// ## What it does
    /// Reports a server that did not answer `mcpcheck probe` within its timeout (`--timeout`,
    /// 30 seconds by default, like Claude Code's `MCP_TIMEOUT`), and says where it stopped:
    ///
    /// - no answer to `initialize`: a stdio server did not start in time, or it is not an MCP
    ///   server on stdin/stdout (it waits for something else, prints a prompt, or listens on a
    ///   port instead); a remote server accepted the connection but never answered;
    /// - no answer to `tools/list` (or `resources/list`, `prompts/list`): the server started
    ///   and then hung.
    ///
    /// ## Why is this bad?
    /// The client gives up the same way, usually sooner: Codex waits 10 seconds for start-up,
    /// Claude Code 30. The server shows as failed or as having no tools. A slow first start is
    /// often a package download by `npx` or `uvx` that the next start does not repeat.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "web": { "command": "node", "args": ["server.js", "--port", "8080"] } } }
    /// ```
    /// (the server listens on port 8080 and never reads stdin)
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "web": { "type": "http", "url": "http://localhost:8080/mcp" } } }
    /// ```
    ///
    /// ## Known limitations
    /// mcpcheck cannot tell a slow server from a stuck one; the help says what to try for both.
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp>
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/basic/transports>
    pub ProbeTimeout {
        id: "probe-timeout",
        summary: "The server did not answer in time (the finding names the phase: start-up or listing tools)",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

impl Rule for ProbeTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            if let Some(ProbeErrorKind::Timeout { phase }) = error_kind(probed) {
                out.push(finding(probed, *phase).build(&probed.cx.file));
            }
        }
    }
}

fn finding(probed: &ProbedServer<'_>, phase: Phase) -> FindingBuilder {
    let server = probed.server;
    let dialect = probed.cx.dialect;
    let client = dialect.client;
    let remote = is_remote(server);
    let stderr = last_lines(&probed.outcome.stderr_tail, 2, 160);
    let said = if stderr.is_empty() || remote {
        String::new()
    } else {
        format!(" (stderr ended with {})", quote_lines(&stderr))
    };
    // The probe waits as long as the entry's own start-up timeout says, where the client has
    // one and the entry sets it; otherwise as long as `--timeout`.
    let entry_limit = entry_timeout_field(dialect).filter(|field| server.field(field).is_some());
    let raise = match entry_limit {
        Some(field) => format!("raise the entry's `{field}`, which the probe used as its limit too"),
        None => "raise the probe's limit (`mcpcheck probe --timeout 2m`)".to_owned(),
    };
    let (message, mut help) = match phase {
        Phase::Spawn | Phase::Connect => (
            format!("server `{}` could not be reached in time: the connection was not set up", name(server)),
            format!(
                "Check that the server is running and that its host and port in {} are right; a firewall that drops packets (instead of refusing) looks like this",
                url_key(server)
            ),
        ),
        Phase::Discover | Phase::Initialize if remote => (
            format!(
                "server `{}` accepted the connection but did not answer `{}` in time{said}",
                name(server),
                phase.name()
            ),
            format!(
                "Check that {} is the server's MCP endpoint and not a web page or another service; a server still starting or overloaded looks the same: try again, and {raise}",
                url_key(server)
            ),
        ),
        Phase::Discover | Phase::Initialize => (
            format!(
                "server `{}` did not answer `{}` in time: it did not start, or it does not speak MCP on stdin/stdout{said}",
                name(server),
                phase.name()
            ),
            format!(
                "Start the command in a terminal: an MCP server on stdio prints nothing until it receives a message. If it asks a question or prints usage, fix its `args`; if it listens on a port, connect with `url` instead; if its first start downloads a package (`npx`, `uvx`), run it once to fill the cache and {raise}"
            ),
        ),
        Phase::ListTools | Phase::ListResources | Phase::ListPrompts | Phase::Complete => (
            format!(
                "server `{}` answered `initialize` but not `{}`: it hangs listing its {}{said}",
                name(server),
                phase.name(),
                match phase {
                    Phase::ListResources => "resources",
                    Phase::ListPrompts => "prompts",
                    _ => "tools",
                }
            ),
            format!(
                "This is a bug or a stuck dependency in the server (a slow network call or a login it waits for while listing): check its log, update it, and report it; {client} shows it without tools meanwhile"
            ),
        ),
    };
    // The clients' settings are for start-up; a server that hangs later is not helped by them.
    let starting = matches!(phase, Phase::Spawn | Phase::Connect | Phase::Discover | Phase::Initialize);
    if let Some(setting) = client_timeout_setting(dialect).filter(|_| starting && entry_limit.is_none()) {
        help.push_str(&format!(". If it is only slow, give {client} more time with {setting}"));
    }
    let label = format!("no answer to `{}`", phase.name());
    if remote && starting {
        at_field(FindingBuilder::new(&ProbeTimeout::META, message), server, "url", Some(label)).help(help)
    } else {
        at_key(FindingBuilder::new(&ProbeTimeout::META, message), server, Some(label)).help(help)
    }
}

#[cfg(test)]
mod tests {
    use super::super::probe_failure::testing::run;
    use super::*;
    use crate::dialect::{claude_code, codex, cursor};

    const STDIO: &str = r#"{"mcpServers": {"web": {"command": "node", "args": ["server.js"]}}}"#;

    fn timed_out(phase: &str, stderr: &str) -> String {
        serde_json::json!({"web": {
            "phase_reached": phase,
            "stderr_tail": stderr,
            "error": {"kind": {"kind": "timeout", "phase": phase}, "message": "timed out"}
        }})
        .to_string()
    }

    #[test]
    fn initialize_means_it_did_not_start_or_is_not_mcp() {
        let found =
            run(&ProbeTimeout, &claude_code::DIALECT, STDIO, &timed_out("initialize", "Listening on port 8080\n"));
        assert_eq!(
            found[0].message,
            "server `web` did not answer `initialize` in time: it did not start, or it does not speak MCP on stdin/stdout (stderr ended with `Listening on port 8080`)"
        );
        let help = found[0].help.as_deref().unwrap();
        assert!(help.contains("if it listens on a port, connect with `url` instead"), "{help}");
        assert!(help.ends_with("give Claude Code more time with `MCP_TIMEOUT` in the environment Claude Code starts in (milliseconds, default 30000; e.g. `MCP_TIMEOUT=60000 claude`)"), "{help}");
    }

    #[test]
    fn tools_list_means_it_hangs() {
        let found = run(&ProbeTimeout, &cursor::DIALECT, STDIO, &timed_out("list_tools", ""));
        assert_eq!(
            found[0].message,
            "server `web` answered `initialize` but not `tools/list`: it hangs listing its tools"
        );
        let help = found[0].help.as_deref().unwrap();
        assert!(help.ends_with("Cursor shows it without tools meanwhile"), "{help}");
        let found = run(&ProbeTimeout, &claude_code::DIALECT, STDIO, &timed_out("list_tools", ""));
        assert!(!found[0].help.as_deref().unwrap().contains("MCP_TIMEOUT"));
    }

    #[test]
    fn codex_names_its_startup_setting_and_remote_servers_point_at_the_url() {
        let config = "[mcp_servers.web]\nurl = \"https://mcp.example.com/mcp\"\n";
        let found = run(&ProbeTimeout, &codex::DIALECT, config, &timed_out("initialize", "secret-ish stderr"));
        assert_eq!(found[0].message, "server `web` accepted the connection but did not answer `initialize` in time");
        assert!(
            found[0].help.as_deref().unwrap().contains("`startup_timeout_sec` (Codex waits 10 seconds by default)")
        );
        assert_eq!(found[0].primary.pointer.as_ref().map(|p| p.to_string()).as_deref(), Some("/mcp_servers/web/url"));
        assert!(found[0].help.as_deref().unwrap().contains("`mcpcheck probe --timeout 2m`"));
        let config = "[mcp_servers.web]\nurl = \"https://mcp.example.com/mcp\"\nstartup_timeout_sec = 20\n";
        let found = run(&ProbeTimeout, &codex::DIALECT, config, &timed_out("initialize", ""));
        let help = found[0].help.as_deref().unwrap();
        assert!(
            help.ends_with("raise the entry's `startup_timeout_sec`, which the probe used as its limit too"),
            "{help}"
        );
        let ok = r#"{"web": {"phase_reached": "complete"}}"#;
        assert!(run(&ProbeTimeout, &claude_code::DIALECT, STDIO, ok).is_empty());
    }
}
