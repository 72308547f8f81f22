//! `missing-transport`: a server entry that says neither what to run nor where to connect.

use super::{Rule, RuleMeta};
use crate::dialect::{Dialect, DocumentContext, Syntax};
use crate::finding::{Finding, Target};
use crate::model::{ServerEntry, Transport, TransportChoice};

declare_rule! {
    /// ## What it does
    /// Reports a server entry with no `command` and no `url`, a stdio entry (declared or
    /// inferred) without `command`, and a remote entry (`type` `http`, `sse` or `ws`) without
    /// `url`.
    ///
    /// In Gemini CLI's settings the address may also be in `httpUrl`; an entry with none of
    /// `command`, `url` and `httpUrl` is skipped there, unless it only adjusts a server that a
    /// Gemini CLI extension provides (then, when it has such fields as `excludeTools` or
    /// `trust`, the finding is info). In Zed's settings an entry with neither `command` nor `url`
    /// configures an extension's server and is not reported.
    ///
    /// ## Why is this bad?
    /// The client cannot start or reach the server. Claude Code rejects such an entry with
    /// `command: expected string, received undefined`, which does not say what is missing.
    /// Codex refuses its whole `config.toml` and does not start (`invalid transport in
    /// mcp_servers.<name>`); a table that only sets `startup_timeout_sec` for a built-in
    /// server such as `codex_apps` is enough (openai/codex#29396).
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "docs": { "type": "http" } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "docs": { "type": "http", "url": "https://docs.example.com/mcp" } } }
    /// ```
    pub MissingTransport {
        id: "missing-transport",
        summary: "A server entry without `command` (stdio) or `url` (remote)",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for MissingTransport {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if server.node.as_object().is_none() {
            return; // the schema reports a server that is not an object
        }
        // Zed reads an entry with neither `command` nor `url` as an extension's server.
        if cx.dialect.id == crate::dialect::zed::DIALECT.id && crate::dialect::zed::is_extension_entry(server.node) {
            return;
        }
        if cx.dialect.id == crate::dialect::gemini::DIALECT.id {
            gemini(cx, server, out);
            return;
        }
        // A remote entry in Claude Desktop's file is `remote-server-in-desktop-config`'s.
        let desktop_remote = cx.dialect.id == crate::dialect::claude_desktop::DIALECT.id
            && super::remote_server_in_desktop_config::is_remote(server.node);
        // Cline's CLI writes the transport fields in a nested `transport` object, and Kiro
        // CLI's `"type": "registry"` takes the server from an administrator's registry: the
        // entry itself needs neither `command` nor `url`.
        let nested = cx.dialect.id == crate::dialect::cline::DIALECT.id
            && server.node.get("transport").is_some_and(|t| t.as_object().is_some());
        let registry = cx.dialect.id == crate::dialect::kiro::DIALECT.id
            && server.node.get("type").and_then(crate::parse::Node::as_str) == Some("registry");
        if desktop_remote || nested || registry {
            return;
        }
        let has_command = server.field("command").is_some();
        let has_url = server.field("url").is_some();
        let name = server.name;
        let (message, help) = match server.transport.transport() {
            Some(t) if t.is_remote() && !has_url => (
                format!(
                    "server `{name}` has `type` `{}` but no `url` to connect to",
                    server.str_field("type").unwrap_or(t.as_str())
                ),
                "Add `\"url\"`, or remove `\"type\"` if the server is a local command".to_owned(),
            ),
            // Codex refuses the whole file, not only the entry.
            _ if !has_command && !has_url && cx.dialect.syntax == Syntax::Toml => (
                format!(
                    "server `{name}` has neither `command` nor `url`: {} refuses the whole config.toml at startup (`invalid transport` in `{}`)",
                    cx.dialect.client,
                    server.pointer.dotted()
                ),
                "Add `command = \"…\"` (and `args`) for a local server, or `url = \"https://…\"` for a streamable HTTP server; if the table only sets options of a built-in server such as `codex_apps`, remove it: Codex does not merge it into the built-in entry".to_owned(),
            ),
            // An address in another client's field (`serverUrl`, `httpUrl`): `foreign-field`
            // says what to write instead.
            _ if !has_command && !has_url && !has_foreign_url(server) => neither(cx, name),
            Some(Transport::Stdio) if !has_command && has_url => (
                format!("server `{name}` is a stdio server but has no `command` to run"),
                format!(
                    "Add `\"command\"`, or set `\"type\"` to {} if the server is remote",
                    crate::finding::quoted_list(&remote_types(cx.dialect), "or")
                ),
            ),
            _ => return,
        };
        let f = cx.finding(&Self::META, message).at(server.pointer.clone(), Target::Key, None).help(help);
        out.push(cx.build(f));
    }
}

/// The message and help for an entry with neither a command nor an address, in the terms of
/// the file's client: Claude Desktop reads only local servers from its file, Windsurf calls
/// the address `serverUrl`, Claude Code needs `type` beside `url`.
fn neither(cx: &DocumentContext<'_>, name: &str) -> (String, String) {
    let client = cx.dialect.client;
    if cx.dialect.id == crate::dialect::claude_desktop::DIALECT.id {
        return (
            format!("server `{name}` has no `command`, so {client} has nothing to start"),
            format!(
                "Add `\"command\"` (and `\"args\"`): {client} starts only local servers from this file; reach a remote one through a connector in its settings or with `\"command\": \"npx\", \"args\": [\"-y\", \"mcp-remote\", \"<url>\"]`"
            ),
        );
    }
    match cx.dialect.field_aliases.iter().find(|(_, common)| *common == "url") {
        Some((alias, _)) => (
            format!(
                "server `{name}` has neither `command` nor `{alias}` (or `url`), so {client} can neither start nor reach it"
            ),
            format!("Add `\"command\"` (and `\"args\"`) for a local server, or `\"{alias}\"` for a remote one"),
        ),
        None => (
            format!("server `{name}` has neither `command` nor `url`, so {client} can neither start nor reach it"),
            format!(
                "Add `\"command\"` (and `\"args\"`) for a local server, or {} for a remote one",
                remote_fields(cx.dialect)
            ),
        ),
    }
}

/// Whether the entry gives its address in another client's field.
fn has_foreign_url(server: &ServerEntry<'_>) -> bool {
    server.field("serverUrl").is_some() || server.field("httpUrl").is_some()
}

/// The `type` values of the dialect's remote transports, streamable HTTP first: `http`, `sse`,
/// `ws` for Claude Code, `streamableHttp`, `sse` for Cline (from the dialect's schema; `http`
/// when the schema lists no values).
pub(crate) fn remote_types(dialect: &Dialect) -> Vec<&'static str> {
    let values = crate::validate::server_type_values(dialect);
    // Claude Code accepts `streamable-http` only as an alias of `http`.
    let alias = |t: &str| t == "streamable-http" && values.contains(&"http");
    let mut types: Vec<&'static str> =
        values.iter().copied().filter(|t| !matches!(*t, "stdio" | "registry") && !alias(t)).collect();
    if types.is_empty() {
        types = vec!["http"];
    }
    types.sort_by_key(|t| matches!(*t, "sse" | "ws"));
    types
}

/// What makes an entry remote in this dialect, for help text: `` `"type": "http"` and `"url"` ``
/// where a `url` alone is not read as streamable HTTP, else just `` `"url"` ``.
pub(crate) fn remote_fields(dialect: &Dialect) -> String {
    match streamable_type(dialect) {
        Some(t) => format!("`\"type\": \"{t}\"` and `\"url\"`"),
        None => "`\"url\"`".to_owned(),
    }
}

/// The `type` an entry needs for streamable HTTP in this dialect; `None` when a `url` alone
/// already means streamable HTTP (Kiro).
pub(crate) fn streamable_type(dialect: &Dialect) -> Option<&'static str> {
    let url_only = crate::parse::parse(&crate::source::SourceFile::new("", r#"{"url": "https://example.com/mcp"}"#))
        .map(|doc| (dialect.transport)(&doc.root))
        .ok();
    if !dialect.url_requires_type && url_only == Some(TransportChoice::Inferred(Transport::Http)) {
        return None;
    }
    remote_types(dialect).first().copied()
}

/// Fields a Gemini CLI entry may carry to adjust a server of the same name that an extension
/// provides (Gemini CLI merges them into the extension's entry).
const GEMINI_OVERRIDES: &[&str] = &["includeTools", "excludeTools", "trust", "timeout", "env"];

/// Gemini CLI skips an entry with none of `httpUrl`, `url` and `command` (a `tcp` address is
/// not read); such an entry may only adjust an extension's server of the same name.
fn gemini(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
    use crate::dialect::gemini::is_set;
    use crate::finding::Severity;
    use crate::model::TransportChoice;
    if server.transport != TransportChoice::Rejected {
        return;
    }
    let name = server.name;
    let node = server.node;
    let tcp = node.get("tcp").is_some();
    let overrides = GEMINI_OVERRIDES.iter().any(|k| node.get(k).is_some());
    let empty: Vec<&str> =
        ["httpUrl", "url", "command"].into_iter().filter(|k| node.get(k).is_some() && !is_set(node, k)).collect();
    let (message, severity, help) = if tcp {
        (
            format!(
                "server `{name}` has only a `tcp` address: Gemini CLI's settings schema lists `tcp`, but its transport code does not read it, so the server is never connected"
            ),
            Severity::Error,
            "Give the server an `httpUrl`, or `url` with `\"type\": \"http\"` or `\"sse\"`, or a `command` to start it",
        )
    } else if !empty.is_empty() {
        (
            format!(
                "server `{name}` has an empty {}: Gemini CLI treats an empty value as absent and skips the entry",
                empty.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ")
            ),
            Severity::Error,
            "Write the server's address or command, or remove the entry",
        )
    } else if overrides {
        (
            format!(
                "server `{name}` has neither `command`, `url` nor `httpUrl`: Gemini CLI uses such an entry only to adjust a server of the same name that a Gemini CLI extension provides, and skips it otherwise"
            ),
            Severity::Info,
            "If no extension provides this server, add `\"command\"` (and `\"args\"`) for a local server, or `\"url\"` with `\"type\": \"http\"` for a remote one",
        )
    } else {
        (
            format!(
                "server `{name}` has neither `command`, `url` nor `httpUrl`, so Gemini CLI skips it: there is nothing to start or connect to"
            ),
            Severity::Error,
            "Add `\"command\"` (and `\"args\"`) for a local server, or `\"url\"` with `\"type\": \"http\"` for a remote one",
        )
    };
    let f = cx
        .finding(&MissingTransport::META, message)
        .severity(severity)
        .at(server.pointer.clone(), Target::Key, None)
        .help(help);
    out.push(cx.build(f));
}
