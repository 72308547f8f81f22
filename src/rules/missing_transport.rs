//! `missing-transport`: a server entry that says neither what to run nor where to connect.

use super::{Rule, RuleMeta};
use crate::dialect::{Dialect, DocumentContext};
use crate::finding::{Finding, Target};
use crate::model::{ServerEntry, Transport, TransportChoice};

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
        // Cline's CLI writes the transport fields in a nested `transport` object, and Kiro
        // CLI's `"type": "registry"` takes the server from an administrator's registry: the
        // entry itself needs neither `command` nor `url`.
        let nested = cx.dialect.id == crate::dialect::cline::DIALECT.id
            && server.node.get("transport").is_some_and(|t| t.as_object().is_some());
        let registry = cx.dialect.id == crate::dialect::kiro::DIALECT.id
            && server.node.get("type").and_then(crate::parse::Node::as_str) == Some("registry");
        if nested || registry {
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
            // An address in another client's field (`serverUrl`, `httpUrl`): `foreign-field`
            // says what to write instead.
            _ if !has_command && !has_url && !has_foreign_url(server) => (
                format!(
                    "server `{name}` has neither `command` nor `url`, so the client can neither start nor reach it"
                ),
                format!(
                    "Add `\"command\"` (and `\"args\"`) for a local server, or {} for a remote one",
                    remote_fields(cx.dialect)
                ),
            ),
            Some(Transport::Stdio) if !has_command && has_url => (
                format!("server `{name}` is a stdio server but has no `command` to run"),
                format!(
                    "Add `\"command\"`, or set `\"type\"` to {} if the server is remote",
                    one_of(&remote_types(cx.dialect))
                ),
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

/// "`http`", "`http` or `sse`", "`http`, `sse` or `ws`".
pub(crate) fn one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
