//! `url-without-type`: a remote server entry with `url` but no `type`.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::{ServerEntry, TransportChoice};

declare_rule! {
    /// ## What it does
    /// Reports a server entry that has a `url` but no `type`, in a client that requires the
    /// type for remote servers (Claude Code since v2.1.202).
    ///
    /// ## Why is this bad?
    /// Claude Code refuses the entry: `MCP server "<name>" has a "url" but no "type"; add
    /// "type": "http" (or "sse" / "ws") to this entry`. Older versions failed with the even less
    /// helpful `command: expected string, received undefined`. Many examples copied from
    /// other clients (Cursor, Windsurf, Gemini CLI) omit the type because those clients infer
    /// it.
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
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp>
    pub UrlWithoutType {
        id: "url-without-type",
        summary: "A remote server with `url` but no `type`, which Claude Code rejects",
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
        if !cx.dialect.url_requires_type || server.transport != TransportChoice::Rejected {
            return;
        }
        let url = server.str_field("url").unwrap_or_default();
        let suggested = if url.trim_end_matches('/').ends_with("/sse") { "sse" } else { "http" };
        let f = cx
            .finding(
                &Self::META,
                format!("server `{}` has a `url` but no `type`; {} rejects this entry", server.name, cx.dialect.client),
            )
            .at(server.pointer_to("url"), Target::Key, Some("no `type` beside this `url`".to_owned()))
            .related(server.pointer.clone(), Target::Key, None)
            .help(format!("Add `\"type\": \"{suggested}\"` to this entry (or `\"sse\"` / `\"ws\"` if the server speaks that transport)"));
        out.push(cx.build(f));
    }
}
