//! `missing-transport`: a server entry that says neither what to run nor where to connect.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::{ServerEntry, Transport};

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
        let has_command = server.field("command").is_some();
        let has_url = server.field("url").is_some();
        let name = server.name;
        let (message, help) = match server.transport.transport() {
            Some(t) if t.is_remote() && !has_url => (
                format!("server `{name}` has `type` `{}` but no `url` to connect to", t.as_str()),
                "Add `\"url\"`, or remove `\"type\"` if the server is a local command",
            ),
            // An address in another client's field (`serverUrl`, `httpUrl`): `foreign-field`
            // says what to write instead.
            _ if !has_command && !has_url && !has_foreign_url(server) => (
                format!(
                    "server `{name}` has neither `command` nor `url`, so the client can neither start nor reach it"
                ),
                "Add `\"command\"` (and `\"args\"`) for a local server, or `\"type\": \"http\"` and `\"url\"` for a remote one",
            ),
            Some(Transport::Stdio) if !has_command && has_url => (
                format!("server `{name}` is a stdio server but has no `command` to run"),
                "Add `\"command\"`, or set `\"type\"` to `http`, `sse` or `ws` if the server is remote",
            ),
            _ => return,
        };
        let f = cx.finding(&Self::META, message).at(server.pointer.clone(), Target::Key, None).help(help);
        out.push(cx.build(f));
    }
}

/// Whether the entry gives its address in another client's field.
fn has_foreign_url(server: &ServerEntry<'_>) -> bool {
    server.field("serverUrl").is_some() || server.field("httpUrl").is_some()
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
