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
        // A remote entry in Claude Desktop's file is `remote-server-in-desktop-config`'s.
        if cx.dialect.id == crate::dialect::claude_desktop::DIALECT.id
            && super::remote_server_in_desktop_config::is_remote(server.node)
        {
            return;
        }
        let has_command = server.field("command").is_some();
        let has_url = server.field("url").is_some();
        let name = server.name;
        let (message, help) = match server.transport.transport() {
            Some(t) if t.is_remote() && !has_url => (
                format!("server `{name}` has `type` `{}` but no `url` to connect to", t.as_str()),
                "Add `\"url\"`, or remove `\"type\"` if the server is a local command".to_owned(),
            ),
            // An address in another client's field (`serverUrl`, `httpUrl`): `foreign-field`
            // says what to write instead.
            _ if !has_command && !has_url && !has_foreign_url(server) => neither(cx, name),
            Some(Transport::Stdio) if !has_command && has_url => (
                format!("server `{name}` is a stdio server but has no `command` to run"),
                "Add `\"command\"`, or set `\"type\"` to `http`, `sse` or `ws` if the server is remote".to_owned(),
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
            format!("server `{name}` has neither `command` nor `{alias}` (or `url`), so {client} can neither start nor reach it"),
            format!("Add `\"command\"` (and `\"args\"`) for a local server, or `\"{alias}\"` for a remote one"),
        ),
        None => (
            format!("server `{name}` has neither `command` nor `url`, so {client} can neither start nor reach it"),
            if cx.dialect.url_requires_type {
                "Add `\"command\"` (and `\"args\"`) for a local server, or `\"type\": \"http\"` and `\"url\"` for a remote one"
            } else {
                "Add `\"command\"` (and `\"args\"`) for a local server, or `\"url\"` for a remote one"
            }
            .to_owned(),
        ),
    }
}

/// Whether the entry gives its address in another client's field.
fn has_foreign_url(server: &ServerEntry<'_>) -> bool {
    server.field("serverUrl").is_some() || server.field("httpUrl").is_some()
}
