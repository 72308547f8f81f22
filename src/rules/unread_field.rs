//! `unread-field`: a field the file's format defines but no MCP client reads.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::pointer::Pointer;

declare_rule! {
    /// ## What it does
    /// Reports fields that a settings format popularised by tutorials defines but that no MCP
    /// client reads: per-server `security`, `health_check`, `performance`, `features`,
    /// `scope`, `enabled`, `cwd` and `description`, and top-level `globalSettings`,
    /// `security`, `monitoring`, `environment` and `version` in the extended
    /// `mcp_settings.json` format.
    ///
    /// ## Why is this bad?
    /// A `security` block with `readOnly: true` or an `allowedDomains` list looks like
    /// protection, but no client enforces it: the server runs with whatever access its own
    /// arguments give it. Health checks that are never run and `"enabled": false` that does not
    /// disable anything give the same false confidence.
    ///
    /// ## Example
    /// ```jsonc
    /// {
    ///   "mcpServers": {
    ///     "postgres": {
    ///       "command": "postgres-mcp",
    ///       "security": { "readOnly": true }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Enforce the restriction where it takes effect: in the server's own arguments or
    /// environment (for example a read-only database role in the connection string), and
    /// keep the servers Claude Code should load in `.mcp.json` or `~/.claude.json`.
    pub UnreadField {
        id: "unread-field",
        summary: "A field no MCP client reads (e.g. a `security` block that enforces nothing)",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for UnreadField {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        for field in cx.dialect.unread_top_level_fields {
            if cx.doc.root.get(field.name).is_some() {
                let f = cx
                    .finding(&Self::META, field.message)
                    .severity(field.severity)
                    .at(Pointer::root().key(field.name), Target::Key, Some("read by no client".to_owned()))
                    .help(field.help);
                out.push(cx.build(f));
            }
        }
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        for field in cx.dialect.unread_server_fields {
            if server.field(field.name).is_some() {
                let f = cx
                    .finding(&Self::META, format!("server `{}`: {}", server.name, field.message))
                    .severity(field.severity)
                    .at(server.pointer_to(field.name), Target::Key, Some("read by no client".to_owned()))
                    .help(field.help);
                out.push(cx.build(f));
            }
        }
    }
}
