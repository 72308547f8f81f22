//! `missing-transport`: a server entry that says neither what to run nor where to connect.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, Syntax};
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
        let has_command = server.field("command").is_some();
        let has_url = server.field("url").is_some();
        let name = server.name;
        let (message, help) = match server.transport.transport() {
            Some(t) if t.is_remote() && !has_url => (
                format!("server `{name}` has `type` `{}` but no `url` to connect to", t.as_str()),
                "Add `\"url\"`, or remove `\"type\"` if the server is a local command",
            ),
            // Codex refuses the whole file, not only the entry.
            _ if !has_command && !has_url && cx.dialect.syntax == Syntax::Toml => (
                format!(
                    "server `{name}` has neither `command` nor `url`: {} refuses the whole config.toml at startup (`invalid transport` in `{}`)",
                    cx.dialect.client,
                    server.pointer.dotted()
                ),
                "Add `command = \"…\"` (and `args`) for a local server, or `url = \"https://…\"` for a streamable HTTP server; if the table only sets options of a built-in server such as `codex_apps`, remove it: Codex does not merge it into the built-in entry",
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
