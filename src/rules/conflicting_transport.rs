//! `conflicting-transport`: one server entry with the fields of two transports.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target, quoted_list};
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
    /// Cline chooses the same way (its schema tries a stdio entry first) and drops `url` and
    /// `headers`, or `command`, `args`, `cwd` and `env`; Kiro CLI too. Roo Code refuses an
    /// entry with both `command` and `url`, whatever its `type` ("Cannot mix 'stdio' and ('sse'
    /// or 'streamable-http') fields"), and in a project `.roo/mcp.json` that makes it load none
    /// of the file's servers; there the finding is an error.
    ///
    /// Gemini CLI decides by the fields, not by `type`: `httpUrl` first (then `url` is ignored,
    /// with a warning of its own), then `url` (`type` only chooses between HTTP and SSE, so
    /// `"type": "stdio"` beside a `url` is ignored), then `command`. A `url` or `httpUrl` beside a
    /// `command` wins, and `command`, `args`, `env` and `cwd` are ignored; a remote `type`
    /// beside a `command` alone is ignored. Zed tries its local shape first: an entry with a
    /// `command` is a local server, and its `url`, `headers` and `oauth` are ignored.
    ///
    /// ## Known limitations
    /// Codex CLI refuses its whole `config.toml` instead, which `unsupported-transport-field`
    /// reports. Kiro's IDE does not document its choice; Kiro CLI's is assumed.
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
        use crate::dialect::{claude_code, cline, gemini, kiro, roo, zed};
        // Claude Code, Cline and Kiro CLI choose alike (`type`, else `command` wins) but drop
        // different fields; Roo Code refuses the entry; Gemini CLI and Zed decide by the fields.
        let (local_fields, remote_fields): (&[&'static str], &[&'static str]) = match cx.dialect.id {
            id if id == claude_code::DIALECT.id => (LOCAL_FIELDS, REMOTE_FIELDS),
            id if id == cline::DIALECT.id => (&["command", "args", "cwd", "env"], &["url", "headers"]),
            id if id == kiro::DIALECT.id => (LOCAL_FIELDS, &["url", "headers", "oauth", "oauthScopes"]),
            id if id == roo::DIALECT.id => return refused(cx, server, out),
            id if id == gemini::DIALECT.id => return gemini(cx, server, out),
            id if id == zed::DIALECT.id => return zed(cx, server, out),
            _ => return,
        };
        let has = |field: &str| server.field(field).is_some();
        let name = server.name;
        let client = cx.dialect.client;
        let (ignored, decided_by, message, help) = match server.transport {
            // Cline refuses a stdio entry without `command` (`missing-transport` says so).
            TransportChoice::Declared(Transport::Stdio) | TransportChoice::Inferred(Transport::Stdio)
                if has("url") && (has("command") || cx.dialect.id != cline::DIALECT.id) =>
            {
                let ignored = present(server, remote_fields);
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
                        quoted_list(&ignored, "and")
                    ),
                    remote_instead(cx),
                )
            }
            TransportChoice::Declared(t) if t.is_remote() && (has("command") || has("args")) => {
                let ignored = present(server, local_fields);
                let target = if has("url") { "connects to `url`" } else { "looks for a `url` to connect to" };
                (
                    ignored.clone(),
                    "type",
                    format!(
                        "server `{name}` has both local and remote fields: `type` is `{}`, so {client} {target} and ignores {}",
                        server.str_field("type").unwrap_or(t.as_str()),
                        quoted_list(&ignored, "and")
                    ),
                    format!(
                        "If the server is local, remove `type` and `url` so that `command` starts it; if it is remote, remove {}",
                        quoted_list(local_fields, "and")
                    ),
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

/// Help for a stdio entry with remote fields: what a remote entry looks like in this dialect.
fn remote_instead(cx: &DocumentContext<'_>) -> String {
    let with_type = match super::missing_transport::streamable_type(cx.dialect) {
        Some(t) => {
            let others: Vec<String> = super::missing_transport::remote_types(cx.dialect)
                .into_iter()
                .filter(|o| *o != t)
                .map(|o| format!("`{o}`"))
                .collect();
            let others = if others.is_empty() { String::new() } else { format!(" (or {})", others.join(" / ")) };
            format!(" and write `\"type\": \"{t}\"`{others} with the `url`")
        }
        None => String::new(),
    };
    format!(
        "If the server is remote, remove `command` and `args`{with_type}; if it is local, remove `url` and the other remote fields"
    )
}

/// Roo Code refuses an entry with both `command` and `url`, whatever its `type`; in a project
/// file that makes the whole file invalid.
fn refused(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
    if server.field("command").is_none() || server.field("url").is_none() {
        return;
    }
    let client = cx.dialect.client;
    let whole_file = if cx.role.scope == Some(crate::model::Scope::Project) {
        ", nor does any other server in this file"
    } else {
        ""
    };
    let streamable = super::missing_transport::remote_types(cx.dialect)[0];
    let f = cx
        .finding(
            &ConflictingTransport::META,
            format!(
                "server `{}` has both `command` and `url`: {client} refuses to mix local and remote fields, so the server does not load{whole_file}",
                server.name
            ),
        )
        .severity(crate::finding::Severity::Error)
        .at(server.pointer_to("url"), Target::Key, Some("remote field".to_owned()))
        .related(server.pointer_to("command"), Target::Key, Some("local field".to_owned()))
        .help(format!(
            "Keep one kind: `command` (with `args` and `env`) for a local server, or `\"type\": \"{streamable}\"` with `url` (and `headers`) for a remote one"
        ));
    out.push(cx.build(f));
}

/// The fields of `fields` that the entry has, in that order.
fn present(server: &ServerEntry<'_>, fields: &[&'static str]) -> Vec<&'static str> {
    fields.iter().copied().filter(|f| server.field(f).is_some()).collect()
}

/// Fields only a Gemini CLI stdio server uses.
const GEMINI_LOCAL_FIELDS: &[&str] = &["command", "args", "env", "cwd"];

/// Gemini CLI: `httpUrl` over `url`, any URL over `command`, and a `type` that its fields
/// overrule.
fn gemini(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
    use crate::dialect::gemini::is_set;
    let node = server.node;
    let name = server.name;
    let kind = node.get("type").and_then(crate::parse::Node::as_str);
    let url_key = if is_set(node, "httpUrl") {
        Some("httpUrl")
    } else if is_set(node, "url") {
        Some("url")
    } else {
        None
    };
    let mut emit = |ignored: Vec<&'static str>, decided_by: &'static str, message: String, help: String| {
        let Some((first, rest)) = ignored.split_first() else { return };
        let mut f = cx
            .finding(&ConflictingTransport::META, message)
            .at(server.pointer.key(*first), Target::Key, Some("ignored by Gemini CLI".to_owned()))
            .related(server.pointer.key(decided_by), Target::Key, Some("decides the transport".to_owned()));
        for field in rest {
            f = f.related(server.pointer.key(*field), Target::Key, Some("ignored too".to_owned()));
        }
        out.push(cx.build(f.help(help)));
    };
    if is_set(node, "httpUrl") && node.get("url").is_some() {
        let mut ignored = vec!["url"];
        if kind.is_some() {
            ignored.push("type");
        }
        emit(
            ignored,
            "httpUrl",
            format!(
                "server `{name}` has both `httpUrl` and `url`: Gemini CLI connects to `httpUrl` over streamable HTTP and ignores `url`{}",
                if kind.is_some() { " and `type`" } else { "" }
            ),
            "Keep one address: `\"url\"` with `\"type\": \"http\"` (or `\"sse\"`) is the current form; `httpUrl` is deprecated".to_owned(),
        );
    }
    if let Some(url_key) = url_key {
        let ignored: Vec<&'static str> =
            GEMINI_LOCAL_FIELDS.iter().copied().filter(|f| node.get(f).is_some()).collect();
        if ignored.contains(&"command") {
            let list = quoted_list(&ignored, "and");
            emit(
                ignored,
                url_key,
                format!(
                    "server `{name}` has both local and remote fields: Gemini CLI connects to `{url_key}` and ignores {list}"
                ),
                "If the server is local, remove `url`/`httpUrl` so that `command` starts it; if it is remote, remove `command`, `args`, `env` and `cwd`".to_owned(),
            );
        } else if kind == Some("stdio") && url_key == "url" {
            emit(
                vec!["type"],
                "url",
                format!(
                    "server `{name}` has `\"type\": \"stdio\"` and a `url`: Gemini CLI connects to the `url` (streamable HTTP, then SSE) and ignores `type`"
                ),
                "Write `\"type\": \"http\"` (or `\"sse\"`) for a remote server, or replace `url` with `command` for a local one".to_owned(),
            );
        }
    } else if is_set(node, "command") && matches!(kind, Some("http" | "sse")) {
        let kind = kind.unwrap_or_default();
        emit(
            vec!["type"],
            "command",
            format!(
                "server `{name}` has `\"type\": \"{kind}\"` but no `url`: Gemini CLI starts `command` as a stdio server and ignores `type`"
            ),
            "Remove `type` (or write `\"stdio\"`) for a local server, or add the server's `url` for a remote one"
                .to_owned(),
        );
    }
}

/// Zed: an entry with a `command` is read as a local server, so its remote fields are ignored.
fn zed(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
    if server.field("command").is_none() || server.field("url").is_none() {
        return;
    }
    let ignored: Vec<&'static str> =
        ["url", "headers", "oauth"].into_iter().filter(|f| server.field(f).is_some()).collect();
    let Some((first, rest)) = ignored.split_first() else { return };
    let mut f = cx
        .finding(
            &ConflictingTransport::META,
            format!(
                "server `{}` has both `command` and `url`: Zed reads an entry with a `command` as a local server, so it starts the command and ignores {}",
                server.name,
                quoted_list(&ignored, "and")
            ),
        )
        .at(server.pointer_to(first), Target::Key, Some("ignored by Zed".to_owned()))
        .related(server.pointer_to("command"), Target::Key, Some("decides the transport".to_owned()));
    for field in rest {
        f = f.related(server.pointer_to(field), Target::Key, Some("ignored too".to_owned()));
    }
    out.push(cx.build(f.help(
        "If the server is remote, remove `command`, `args` and `env`; if it is local, remove `url`, `headers` and `oauth`",
    )));
}
