//! The extended `mcp_settings.json` format popularised by MCP tutorials (e.g.
//! `~/.claude/mcp_settings.json`): Claude Code's `mcpServers` entries plus blocks such as
//! `security`, `health_check`, `performance` and a top-level `globalSettings`, `security` and
//! `monitoring`. JSONC is allowed.
//!
//! No MCP client reads these extension blocks, and Claude Code does not read this file at all;
//! this dialect exists to say so plainly, field by field, and to validate the blocks' shapes
//! so that mcpcheck can later enforce them as policy.

use std::path::Path;

use super::{Dialect, Origin, Role, Syntax, UnreadField, file_name_is};
use crate::finding::Severity::{Info, Warning};
use crate::parse::Node;

/// The only role: a tutorial-style settings file.
pub const SETTINGS: Role = Role { label: "extended `mcp_settings.json`", scope: None, layout: super::MCP_SERVERS };

/// The extended-settings dialect.
pub static DIALECT: Dialect = Dialect {
    id: "mcp-settings",
    client: "no MCP client (tutorial format)",
    summary: "Extended mcp_settings.json from MCP tutorials (JSONC; security, health_check, globalSettings blocks)",
    syntax: Syntax::Jsonc,
    role_for_path,
    role_for_shape,
    default_role: SETTINGS,
    transport: super::claude_code::transport,
    substitution: crate::resolve::env::CLAUDE_CODE,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/mcp-settings.schema.json")),
    wording: super::Wording {
        ignored: "no MCP client reads it",
        rejected: "a client that validates this format rejects the entry",
    },
    unread_server_fields: SERVER_FIELDS,
    unread_top_level_fields: TOP_LEVEL_FIELDS,
};

const SERVER_FIELDS: &[UnreadField] = &[
    UnreadField {
        name: "scope",
        severity: Warning,
        message: "no MCP client reads a per-server `scope`; in Claude Code the scope is the file a server is in (`.mcp.json` = project, `~/.claude.json` = user or local)",
        help: "Put project servers in `.mcp.json` and personal ones in `~/.claude.json` (`claude mcp add --scope user|project|local`)",
    },
    UnreadField {
        name: "description",
        severity: Info,
        message: "no MCP client reads `description` on a server entry; it is a note for people only",
        help: "Keep it if it helps readers; it has no effect",
    },
    UnreadField {
        name: "security",
        severity: Warning,
        message: "no MCP client enforces a per-server `security` block: `readOnly`, allowed/denied tables and operations, timeouts and row limits restrict nothing unless the server itself is given them (in its `args` or `env`)",
        help: "Enforce restrictions where they take effect: the server's own flags or environment (e.g. a read-only database role), or a client allow/deny list",
    },
    UnreadField {
        name: "health_check",
        severity: Warning,
        message: "no MCP client runs the health checks described in `health_check`; nothing restarts or probes the server on this schedule",
        help: "Remove it; check a server by hand with your client's `/mcp` view",
    },
    UnreadField {
        name: "healthCheck",
        severity: Warning,
        message: "no MCP client runs the health checks described in `healthCheck`; nothing restarts or probes the server on this schedule",
        help: "Remove it; check a server by hand with your client's `/mcp` view",
    },
    UnreadField {
        name: "performance",
        severity: Warning,
        message: "no MCP client reads a `performance` block; its limits and caches have no effect",
        help: "Remove it, or pass such limits to the server through its `args` or `env`",
    },
    UnreadField {
        name: "features",
        severity: Warning,
        message: "no MCP client reads a `features` block; it turns nothing on or off",
        help: "Remove it, or pass such switches to the server through its `args` or `env`",
    },
    UnreadField {
        name: "enabled",
        severity: Warning,
        message: "Claude Code has no `enabled` field, so `\"enabled\": false` does not stop the server from loading; disable it with `/mcp` or list it in `disabledMcpjsonServers`",
        help: "Remove the server from the file, or disable it in the client",
    },
    UnreadField {
        name: "cwd",
        severity: Warning,
        message: "Claude Code does not document `cwd` for MCP servers and `claude mcp add-json` drops it; pass the directory in `args` or `command` instead",
        help: "Make paths in `args` absolute, or start the server through a script that changes directory",
    },
];

const TOP_LEVEL_FIELDS: &[UnreadField] = &[
    UnreadField {
        name: "version",
        severity: Info,
        message: "no MCP client reads a top-level `version`",
        help: "Remove it; it has no effect",
    },
    UnreadField {
        name: "environment",
        severity: Info,
        message: "no MCP client reads a top-level `environment`; servers get their variables from each entry's `env`",
        help: "Give each server its variables in its own `env` block",
    },
    UnreadField {
        name: "globalSettings",
        severity: Warning,
        message: "no MCP client reads `globalSettings`: connection limits, timeouts, retries, log level and caching set here have no effect (Claude Code's startup timeout is the `MCP_TIMEOUT` environment variable)",
        help: "Remove it; set client-wide limits with the client's own settings or environment variables",
    },
    UnreadField {
        name: "security",
        severity: Warning,
        message: "no MCP client enforces a top-level `security` block: `allowedDomains`, `blockedDomains`, `enableSandbox`, `maxRequestSize` and `rateLimit` restrict nothing",
        help: "Enforce domain and server policy with the client's allow/deny lists (Claude Code: `allowedMcpServers` / `deniedMcpServers` in managed settings)",
    },
    UnreadField {
        name: "monitoring",
        severity: Warning,
        message: "no MCP client reads a `monitoring` block; nothing is logged or collected because of it",
        help: "Remove it; each client keeps its own MCP logs",
    },
];

const SERVER_MARKERS: &[&str] = &["security", "health_check", "healthCheck", "performance", "features"];
const TOP_LEVEL_MARKERS: &[&str] = &["globalSettings", "monitoring"];
/// Keys that make a top-level `security` block this format's (Gemini CLI's settings have a
/// `security` block of their own, about authentication and folder trust).
const SECURITY_MARKERS: &[&str] = &["allowedDomains", "blockedDomains", "enableSandbox", "maxRequestSize", "rateLimit"];

/// Any `mcp_settings.json` but Roo Code's global one (in its globalStorage `settings` folder).
fn role_for_path(path: &Path, _origin: Origin) -> Option<Role> {
    (file_name_is(path, "mcp_settings.json") && !super::roo::is_global_settings(path)).then_some(SETTINGS)
}

/// A `mcpServers` file carrying any of the format's extension blocks.
fn role_for_shape(root: &Node) -> Option<Role> {
    let servers = root.get("mcpServers")?.as_object()?;
    let security = root.get("security").is_some_and(|b| SECURITY_MARKERS.iter().any(|k| b.get(k).is_some()));
    let top = security || TOP_LEVEL_MARKERS.iter().any(|k| root.get(k).is_some());
    let per_server = servers.iter().any(|s| SERVER_MARKERS.iter().any(|k| s.value.get(k).is_some()));
    (top || per_server).then_some(SETTINGS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn detected_by_name_or_by_extension_blocks() {
        assert_eq!(role_for_path(Path::new("/h/.claude/mcp_settings.json"), Origin::Explicit), Some(SETTINGS));
        assert_eq!(role_for_path(Path::new("/h/cline_mcp_settings.json"), Origin::Explicit), None);
        let roo = "/h/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json";
        assert_eq!(role_for_path(Path::new(roo), Origin::Explicit), None);
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {"a": {"command": "x", "security": {}}}}"#)), Some(SETTINGS));
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {}, "globalSettings": {}}"#)), Some(SETTINGS));
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {"a": {"command": "x"}}}"#)), None);
        // Regression (corpus): Gemini CLI settings have a `security` block about auth.
        let gemini =
            r#"{"mcpServers": {"a": {"command": "x"}}, "security": {"auth": {"selectedType": "oauth-personal"}}}"#;
        assert_eq!(role_for_shape(&root(gemini)), None);
        let tutorial = r#"{"mcpServers": {}, "security": {"allowedDomains": ["*.example.com"]}}"#;
        assert_eq!(role_for_shape(&root(tutorial)), Some(SETTINGS));
    }
}
