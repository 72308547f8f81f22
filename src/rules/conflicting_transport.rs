//! `conflicting-transport`: one server entry with the fields of two transports.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::{ServerEntry, Transport, TransportChoice};

declare_rule! {
    /// ## What it does
    /// Reports a server entry that describes both a local and a remote server: `command` and
    /// `url` in one entry, `"type": "stdio"` with a `url`, or `"type"` `http`, `sse` or `ws` with
    /// a `command` or `args`. The message says which transport the client uses and which
    /// fields it ignores.
    ///
    /// In Claude Code the `type` decides; without a `type`, an entry with a `command` is a stdio
    /// server whatever else it has. The fields of the other transport are dropped: `url`,
    /// `headers`, `headersHelper` and `oauth` for a stdio server, `command`, `args` and `env`
    /// for a remote one.
    ///
    /// ## Why is this bad?
    /// Only half of the entry is used, and nothing says which half. A remote server with a
    /// leftover `command` starts that command on every session instead of connecting to the
    /// URL; a `"type": "http"` entry with a `command` never runs the command the author was
    /// testing.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "mcpServers": {
    ///     "linear": { "command": "npx", "args": ["-y", "mcp-remote", "https://mcp.linear.app/sse"], "url": "https://mcp.linear.app/sse" }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "linear": { "type": "sse", "url": "https://mcp.linear.app/sse" } } }
    /// ```
    ///
    /// ## Known limitations
    /// Only Claude Code's choice is modelled. Other clients decide differently (Gemini CLI
    /// prefers `httpUrl`, then `url`, then `command`); their dialects will say so when they
    /// are added. Codex does not ignore the other half but refuses its whole `config.toml`:
    /// `unsupported-transport-field` reports that.
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp>
    pub ConflictingTransport {
        id: "conflicting-transport",
        summary: "A server entry with both local (`command`) and remote (`url`) fields; one half is ignored",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

/// Fields only a stdio server uses.
const LOCAL_FIELDS: &[&str] = &["command", "args", "env"];
/// Fields only a remote server uses.
const REMOTE_FIELDS: &[&str] = &["url", "headers", "headersHelper", "oauth"];

impl Rule for ConflictingTransport {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        // The choice below is Claude Code's; other clients get their own arm with their dialect.
        if cx.dialect.id != crate::dialect::claude_code::DIALECT.id {
            return;
        }
        let has = |field: &str| server.field(field).is_some();
        let name = server.name;
        let client = cx.dialect.client;
        let (ignored, decided_by, message, help) = match server.transport {
            TransportChoice::Declared(Transport::Stdio) | TransportChoice::Inferred(Transport::Stdio) if has("url") => {
                let ignored = present(server, REMOTE_FIELDS);
                let (decided_by, why) = if matches!(server.transport, TransportChoice::Declared(_)) {
                    ("type", "`type` is `stdio`".to_owned())
                } else {
                    ("command", "there is a `command` and no `type`".to_owned())
                };
                (
                    ignored.clone(),
                    decided_by,
                    format!(
                        "server `{name}` has both local and remote fields: {why}, so {client} starts it as a stdio server{} and ignores {}",
                        if has("command") { " from `command`" } else { "" },
                        list(&ignored)
                    ),
                    "If the server is remote, remove `command` and `args` and write `\"type\": \"http\"` (or `sse` / `ws`) with the `url`; if it is local, remove `url` and the other remote fields",
                )
            }
            TransportChoice::Declared(t) if t.is_remote() && (has("command") || has("args")) => {
                let ignored = present(server, LOCAL_FIELDS);
                let target = if has("url") { "connects to `url`" } else { "looks for a `url` to connect to" };
                (
                    ignored.clone(),
                    "type",
                    format!(
                        "server `{name}` has both local and remote fields: `type` is `{}`, so {client} {target} and ignores {}",
                        t.as_str(),
                        list(&ignored)
                    ),
                    "If the server is local, remove `type` and `url` so that `command` starts it; if it is remote, remove `command`, `args` and `env`",
                )
            }
            _ => return,
        };
        let Some((first, rest)) = ignored.split_first() else { return };
        let mut f = cx
            .finding(&Self::META, message)
            .at(server.pointer_to(first), Target::Key, Some(format!("ignored by {client}")))
            .related(server.pointer_to(decided_by), Target::Key, Some("decides the transport".to_owned()));
        for field in rest {
            f = f.related(server.pointer_to(field), Target::Key, Some("ignored too".to_owned()));
        }
        out.push(cx.build(f.help(help)));
    }
}

/// The fields of `fields` that the entry has, in that order.
fn present(server: &ServerEntry<'_>, fields: &[&'static str]) -> Vec<&'static str> {
    fields.iter().copied().filter(|f| server.field(f).is_some()).collect()
}

/// "`url`", "`url` and `headers`", "`url`, `headers` and `oauth`".
fn list(fields: &[&str]) -> String {
    let quoted: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
