//! `url-without-type`: a remote server entry with `url` but no `type`.

use super::missing_transport::remote_types;
use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Severity, Target};
use crate::model::{ServerEntry, Transport, TransportChoice};

declare_rule! {
    /// ## What it does
    /// Reports a server entry that has a `url` but no `type`, in a client that requires the
    /// type for remote servers (Claude Code since v2.1.202, Roo Code), or that reads such an
    /// entry as a legacy SSE server (Cline).
    ///
    /// In Cline an entry with `url` and no `type` is connected with the legacy HTTP+SSE
    /// transport, kept as the default for old entries. The rule says so unless the URL ends in
    /// `/sse` or the legacy `"transportType": "sse"` asks for SSE; it stresses the case of a URL
    /// ending in `/mcp`, the usual path of a streamable-HTTP endpoint.
    ///
    /// ## Why is this bad?
    /// Claude Code refuses the entry: `MCP server "<name>" has a "url" but no "type"; add
    /// "type": "http" (or "sse" / "ws") to this entry`. Older versions failed with the even less
    /// helpful `command: expected string, received undefined`. Roo Code refuses it too
    /// ("Configuration with 'url' must explicitly specify 'type'"). Many examples copied from
    /// other clients (Cursor, Windsurf, Gemini CLI) omit the type because those clients infer
    /// it. Cline accepts the entry but opens an SSE stream, which a server that speaks only
    /// streamable HTTP (most servers today) does not answer, so the server fails to connect.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "linear": { "url": "https://mcp.linear.app/mcp" } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "linear": { "type": "http", "url": "https://mcp.linear.app/mcp" } } }
    /// ```
    /// (`"type": "streamable-http"` in Roo Code, `"type": "streamableHttp"` in Cline.)
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp>
    /// - <https://github.com/cline/cline/blob/main/apps/vscode/src/services/mcp/schemas.ts>
    /// - <https://github.com/RooCodeInc/Roo-Code/blob/main/src/services/mcp/McpHub.ts>
    pub UrlWithoutType {
        id: "url-without-type",
        summary: "A remote server with `url` but no `type`, which the client rejects (Claude Code, Roo Code) or reads as legacy SSE (Cline)",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for UrlWithoutType {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        // An entry with a `command` too is `conflicting-transport`'s.
        if server.field("command").is_some() {
            return;
        }
        match server.transport {
            TransportChoice::Rejected if cx.dialect.url_requires_type => rejected(cx, server, out),
            TransportChoice::Inferred(Transport::Sse) if server.field("url").is_some() => {
                sse_by_default(cx, server, out)
            }
            _ => {}
        }
    }
}

/// The client refuses an entry with `url` and no `type`.
fn rejected(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
    let url = server.str_field("url").unwrap_or_default();
    let types = remote_types(cx.dialect);
    let sse = types.iter().copied().find(|t| *t == "sse");
    let suggested = match sse {
        Some(sse) if path_of(url).ends_with("/sse") => sse,
        _ => types[0],
    };
    let others: Vec<String> = types.iter().filter(|t| **t != suggested).map(|t| format!("`\"{t}\"`")).collect();
    let help = if others.is_empty() {
        format!("Add `\"type\": \"{suggested}\"` to this entry")
    } else {
        format!(
            "Add `\"type\": \"{suggested}\"` to this entry (or {} if the server speaks that transport)",
            others.join(" / ")
        )
    };
    let f = cx
        .finding(
            &UrlWithoutType::META,
            format!("server `{}` has a `url` but no `type`; {} rejects this entry", server.name, cx.dialect.client),
        )
        .at(server.pointer_to("url"), Target::Key, Some("no `type` beside this `url`".to_owned()))
        .related(server.pointer.clone(), Target::Key, None)
        .help(help);
    out.push(cx.build(f));
}

/// The client connects to a `url` without `type` with legacy SSE (Cline).
fn sse_by_default(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
    let url = server.str_field("url").unwrap_or_default();
    let legacy = server.field("transportType").and_then(crate::parse::Node::as_str);
    if legacy == Some("sse") || path_of(url).ends_with("/sse") {
        return; // SSE is what the author asked for or what the path suggests
    }
    let (name, client) = (server.name, cx.dialect.client);
    let message = if legacy == Some("http") {
        format!(
            "server `{name}` has the legacy `\"transportType\": \"http\"` but no `type`: {client} still connects to its `url` with legacy SSE, because its settings schema tries SSE first"
        )
    } else if path_of(url).ends_with("/mcp") {
        format!(
            "server `{name}` has no `type`, so {client} connects to its `url` with legacy SSE; a URL ending in `/mcp` is usually a streamable-HTTP endpoint, which does not answer an SSE client"
        )
    } else {
        format!(
            "server `{name}` has no `type`, so {client} connects to its `url` with legacy SSE (its default for old entries), while most remote servers today speak streamable HTTP"
        )
    };
    let streamable = remote_types(cx.dialect).into_iter().find(|t| *t != "sse").unwrap_or("http");
    let f = cx
        .finding(&UrlWithoutType::META, message)
        .severity(Severity::Warning)
        .at(server.pointer_to("url"), Target::Key, Some("read as legacy SSE".to_owned()))
        .related(server.pointer.clone(), Target::Key, None)
        .help(format!(
            "Add `\"type\": \"{streamable}\"` to this entry, or `\"type\": \"sse\"` if the server really speaks the legacy SSE transport"
        ));
    out.push(cx.build(f));
}

/// The path of a URL without its query or fragment and trailing slashes (the whole text when
/// it is not a URL).
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let rest = &rest[..end];
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    path.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn paths_ignore_query_and_trailing_slash() {
        assert_eq!(path_of("https://x.example/mcp/"), "/mcp");
        assert_eq!(path_of("https://x.example/v1/sse?key=1"), "/v1/sse");
        assert_eq!(path_of("https://x.example"), "");
        assert_eq!(path_of("/mcp#a"), "/mcp");
    }
}
