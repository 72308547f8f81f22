//! `remote-server-in-desktop-config`: a remote server written in Claude Desktop's
//! `claude_desktop_config.json`, which Claude Desktop does not connect to.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Severity, Target, quoted_list};
use crate::model::ServerEntry;
use crate::parse::Node;

declare_rule! {
    /// ## What it does
    /// Reports a server entry in Claude Desktop's `claude_desktop_config.json` that describes
    /// a remote server: one with a `url` (or Windsurf's `serverUrl`), or with `type` `http`,
    /// `sse`, `streamable-http` or `ws`. Without a `command` it is an error (the server is
    /// never available); beside a `command` a warning (Claude Desktop starts the command and
    /// ignores the remote fields, `headers` included).
    ///
    /// ## Why is this bad?
    /// Claude Desktop starts only local (stdio) servers from this file: `command`, `args` and
    /// `env`. Remote servers are added in the app, under Settings → Connectors → Add custom
    /// connector. An entry with a `url` is not connected: users report it silently ignored,
    /// and with `"type": "http"` or `"sse"` some versions failed to start. Such entries are
    /// usually copied from Claude Code's or Cursor's instructions, where they work.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "linear": { "type": "http", "url": "https://mcp.linear.app/mcp" } } }
    /// ```
    ///
    /// ## Use instead
    /// Add the server as a custom connector (it needs an `https://` address the internet can
    /// reach), or run the `mcp-remote` bridge as a local server; it takes headers as
    /// `--header` arguments and expands `${VAR}` in them from its own environment, so a token
    /// can stay in `env`:
    /// ```json
    /// {
    ///   "mcpServers": {
    ///     "linear": {
    ///       "command": "npx",
    ///       "args": ["-y", "mcp-remote", "https://mcp.linear.app/mcp", "--header", "Authorization:${AUTH_HEADER}"],
    ///       "env": { "AUTH_HEADER": "Bearer …" }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/docs/develop/connect-remote-servers>
    /// - <https://github.com/geelen/mcp-remote> ("Custom Headers")
    /// - <https://github.com/ROCTUP/1c-mcp-toolkit/issues/15>
    /// - <https://github.com/neon-solutions/add-mcp/pull/8>
    pub RemoteServerInDesktopConfig {
        id: "remote-server-in-desktop-config",
        summary: "A remote server (`url`, `type: http`) in Claude Desktop's config file, which it does not connect to",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

/// `type` values that mark a remote server in other clients' formats.
const REMOTE_TYPES: &[&str] = &["http", "sse", "streamable-http", "streamableHttp", "ws"];

impl Rule for RemoteServerInDesktopConfig {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != crate::dialect::claude_desktop::DIALECT.id {
            return;
        }
        let entry = server.node;
        if !is_remote(entry) {
            return;
        }
        let present = |key: &str| entry.get(key).is_some();
        let remote_type = entry.get("type").and_then(Node::as_str).is_some_and(|t| REMOTE_TYPES.contains(&t));
        let fields: Vec<&str> = [
            ("url", present("url")),
            ("serverUrl", present("serverUrl")),
            ("type", remote_type),
            ("headers", present("headers")),
        ]
        .into_iter()
        .filter_map(|(field, here)| here.then_some(field))
        .collect();
        let listed = quoted_list(&fields, "and");
        let name = server.name;
        let (message, severity, help) = if present("command") {
            (
                format!(
                    "server `{name}` has remote fields ({listed}) beside `command`: Claude Desktop reads no remote servers from this file, so it starts `command` and ignores {listed}"
                ),
                Severity::Warning,
                format!(
                    "Remove {listed}; if `command` is a bridge such as `mcp-remote`, give it the address and headers in `args`"
                ),
            )
        } else {
            let url = ["url", "serverUrl"]
                .iter()
                .find_map(|k| entry.get(k).and_then(Node::as_str))
                .filter(|u| shown_safely(u))
                .unwrap_or("<url>");
            let mut help = format!(
                "Add the server in Claude Desktop under Settings → Connectors → Add custom connector (it needs an `https://` address the internet can reach), or run the bridge as a local server: `\"command\": \"npx\", \"args\": [\"-y\", \"mcp-remote\", \"{url}\"]`"
            );
            if present("headers") {
                help.push_str(
                    ", with each header as `\"--header\", \"Name:${VAR}\"` in `args` and its value in `env` (`mcp-remote` expands the variable itself)",
                );
            }
            (
                format!(
                    "server `{name}` is a remote server, but Claude Desktop starts only local servers (`command`, `args`, `env`) from this file and never connects to this one"
                ),
                Severity::Error,
                help,
            )
        };
        let first = fields.first().copied().unwrap_or("url");
        let f = cx
            .finding(&Self::META, message)
            .severity(severity)
            .at(server.pointer.key(first), Target::Key, Some("not read by Claude Desktop".to_owned()))
            .related(server.pointer.clone(), Target::Key, None)
            .help(help);
        out.push(cx.build(f));
    }
}

/// Whether an entry describes a remote server: an address (`url`, or Windsurf's
/// `serverUrl`) or a remote `type`. `missing-transport` leaves such entries to this rule.
pub(crate) fn is_remote(entry: &Node) -> bool {
    entry.get("url").is_some()
        || entry.get("serverUrl").is_some()
        || entry.get("type").and_then(Node::as_str).is_some_and(|t| REMOTE_TYPES.contains(&t))
}

/// Whether a URL may be repeated in help: short, with no credentials, query or variable in it.
fn shown_safely(url: &str) -> bool {
    url.len() <= 100
        && url.starts_with("http")
        && !url.contains(['@', '?', '$', '#', '`', '"', ' '])
        && !url.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_secrets_are_not_repeated() {
        assert!(shown_safely("https://mcp.example.com/mcp"));
        assert!(!shown_safely("https://user:pw@mcp.example.com/mcp"));
        assert!(!shown_safely("https://mcp.example.com/mcp?key=abc"));
        assert!(!shown_safely("https://${HOST}/mcp"));
        assert!(!shown_safely("localhost:3000"));
        assert_eq!(quoted_list(&["url", "type", "headers"], "and"), "`url`, `type` and `headers`");
    }
}
