//! Claude Code: `.mcp.json` (project scope), `~/.claude.json` (user scope at the top level,
//! local scope under `projects["<abs path>"]`) and `managed-mcp.json` (managed, exclusive).
//!
//! Claude Code parses these files as strict JSON; servers live under `mcpServers`; an entry
//! without `type` is stdio, and since v2.1.202 an entry with `url` but no `type` is rejected.
//!
//! See: <https://code.claude.com/docs/en/mcp>, <https://code.claude.com/docs/en/managed-mcp>

use std::path::Path;

use super::{Dialect, Layout, Origin, Role, Syntax, file_name_is, looks_like_server};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;

/// The project file at a repository root.
pub const PROJECT: Role =
    Role { label: "project `.mcp.json`", scope: Some(Scope::Project), layout: super::MCP_SERVERS };
/// A plugin's `.mcp.json` (beside its `.claude-plugin/plugin.json`).
pub const PLUGIN: Role = Role { label: "plugin `.mcp.json`", scope: Some(Scope::Plugin), layout: super::MCP_SERVERS };
/// `~/.claude.json`.
pub const USER: Role = Role { label: "user `~/.claude.json`", scope: Some(Scope::User), layout: Layout::ClaudeJson };
/// The administrator's `managed-mcp.json`.
pub const MANAGED: Role =
    Role { label: "managed `managed-mcp.json`", scope: Some(Scope::Managed), layout: super::MCP_SERVERS };

/// The Claude Code dialect.
pub static DIALECT: Dialect = Dialect {
    id: "claude-code",
    client: "Claude Code",
    summary: "Claude Code: .mcp.json, ~/.claude.json, managed-mcp.json (strict JSON, `mcpServers`)",
    syntax: Syntax::StrictJson,
    role_for_path,
    role_for_shape,
    default_role: PROJECT,
    transport,
    substitution: crate::resolve::env::CLAUDE_CODE,
    plugin_substitution: Some(crate::resolve::env::CLAUDE_CODE_PLUGIN),
    url_requires_type: true,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/claude-code.schema.json")),
    wording: super::Wording {
        ignored: "Claude Code ignores it",
        rejected: "Claude Code rejects the entry, so the server does not start",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

fn role_for_path(path: &Path, _origin: Origin) -> Option<Role> {
    if file_name_is(path, ".mcp.json") {
        // A plugin's root holds `.claude-plugin/plugin.json` beside its `.mcp.json`.
        let plugin = path.parent().is_some_and(|dir| dir.join(".claude-plugin").join("plugin.json").is_file());
        Some(if plugin { PLUGIN } else { PROJECT })
    } else if file_name_is(path, ".claude.json") {
        Some(USER)
    } else if file_name_is(path, "managed-mcp.json") {
        Some(MANAGED)
    } else {
        None
    }
}

/// Claude Code's format is the de facto `mcpServers` format other clients copied, so any
/// object holding servers (under `mcpServers`, under VS Code's `servers`, or bare) is read as
/// a `.mcp.json`; an object with `projects` holding servers is read as `~/.claude.json`.
fn role_for_shape(root: &Node) -> Option<Role> {
    let members = root.as_object()?;
    let projects_hold_servers = root
        .get("projects")
        .and_then(Node::as_object)
        .is_some_and(|ps| ps.iter().any(|p| p.value.get("mcpServers").is_some()));
    if projects_hold_servers {
        return Some(USER);
    }
    let holds_servers = root.get("mcpServers").is_some()
        || root.get("servers").is_some()
        || root.get("mcp").and_then(|m| m.get("servers")).is_some()
        || (!members.is_empty() && members.iter().any(|m| looks_like_server(&m.value)));
    holds_servers.then_some(PROJECT)
}

/// No `type` ⇒ stdio, unless there is a `url` and no `command`, which Claude Code rejects.
pub(crate) fn transport(entry: &Node) -> TransportChoice {
    match entry.get("type") {
        Some(t) => match t.as_str() {
            Some("stdio") => TransportChoice::Declared(Transport::Stdio),
            Some("sse") => TransportChoice::Declared(Transport::Sse),
            Some("http" | "streamable-http") => TransportChoice::Declared(Transport::Http),
            Some("ws") => TransportChoice::Declared(Transport::Ws),
            _ => TransportChoice::Unknown,
        },
        None if entry.get("url").is_some() && entry.get("command").is_none() => TransportChoice::Rejected,
        None => TransportChoice::Inferred(Transport::Stdio),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn transport_inference_follows_claude_code() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"url": "https://x"}"#), TransportChoice::Rejected);
        assert_eq!(t(r#"{"type": "streamable-http", "url": "https://x"}"#), TransportChoice::Declared(Transport::Http));
        assert_eq!(t(r#"{"type": "websocket"}"#), TransportChoice::Unknown);
        assert_eq!(t(r#"{}"#), TransportChoice::Inferred(Transport::Stdio));
    }

    #[test]
    fn paths_and_shapes() {
        assert_eq!(role_for_path(Path::new("/r/.mcp.json"), Origin::Explicit), Some(PROJECT));
        assert_eq!(role_for_path(Path::new("/h/.claude.json"), Origin::Explicit), Some(USER));
        assert_eq!(role_for_path(Path::new("/etc/claude-code/managed-mcp.json"), Origin::Explicit), Some(MANAGED));
        assert_eq!(role_for_path(Path::new("/r/mcp.json"), Origin::Explicit), None);
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {}}"#)), Some(PROJECT));
        assert_eq!(role_for_shape(&root(r#"{"gh": {"command": "x"}}"#)), Some(PROJECT));
        assert_eq!(role_for_shape(&root(r#"{"projects": {"/p": {"mcpServers": {}}}}"#)), Some(USER));
        assert_eq!(role_for_shape(&root(r#"{"editor.fontSize": 12}"#)), None);
        assert_eq!(role_for_shape(&root("[]")), None);
    }
}
