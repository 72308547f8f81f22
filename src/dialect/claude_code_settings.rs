//! Claude Code's settings files, for the keys that decide which MCP servers load:
//! `managed-settings.json` and `managed-settings.d/*.json` (managed), `.claude/settings.local.json`
//! (local), `.claude/settings.json` (project, or user under the home directory). They hold no
//! servers; their allow/deny lists and `.mcp.json` approvals are read across files by the
//! policy checks.
//!
//! See: <https://code.claude.com/docs/en/settings>, <https://code.claude.com/docs/en/managed-mcp>

use std::path::Path;

use super::{Dialect, Layout, Origin, Role, Syntax, file_name_is, parent_dir_is};
use crate::model::Scope;
use crate::parse::Node;

/// `managed-settings.json` or a drop-in of `managed-settings.d/`.
pub const MANAGED: Role = Role { label: "managed settings", scope: Some(Scope::Managed), layout: Layout::Settings };
/// `.claude/settings.local.json`.
pub const LOCAL: Role = Role { label: "local settings", scope: Some(Scope::Local), layout: Layout::Settings };
/// `.claude/settings.json` in a project.
pub const PROJECT: Role = Role { label: "project settings", scope: Some(Scope::Project), layout: Layout::Settings };
/// `~/.claude/settings.json`.
pub const USER: Role = Role { label: "user settings", scope: Some(Scope::User), layout: Layout::Settings };

/// The keys that make a settings file matter to MCP (and identify one by shape).
pub const MCP_KEYS: &[&str] = &[
    "allowedMcpServers",
    "deniedMcpServers",
    "enableAllProjectMcpServers",
    "enabledMcpjsonServers",
    "disabledMcpjsonServers",
    "allowManagedMcpServersOnly",
];

/// The Claude Code settings dialect.
pub static DIALECT: Dialect = Dialect {
    id: "claude-code-settings",
    client: "Claude Code",
    summary: "Claude Code settings files: MCP allow/deny lists and .mcp.json approvals (strict JSON)",
    syntax: Syntax::StrictJson,
    role_for_path,
    role_for_shape,
    default_role: PROJECT,
    transport: super::claude_code::transport,
    substitution: crate::resolve::env::CLAUDE_CODE,
    plugin_substitution: None,
    url_requires_type: true,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/claude-code-settings.schema.json")),
    wording: super::Wording {
        ignored: "Claude Code ignores it",
        rejected: "Claude Code rejects the entry, so the server does not start",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

fn role_for_path(path: &Path, origin: Origin) -> Option<Role> {
    let in_claude_dir = parent_dir_is(path, ".claude");
    if file_name_is(path, "managed-settings.json")
        || (parent_dir_is(path, "managed-settings.d") && path.extension().is_some_and(|e| e == "json"))
    {
        Some(MANAGED)
    } else if in_claude_dir && file_name_is(path, "settings.local.json") {
        Some(LOCAL)
    } else if in_claude_dir && file_name_is(path, "settings.json") {
        Some(if origin == Origin::Home { USER } else { PROJECT })
    } else {
        None
    }
}

/// A file with MCP policy keys and no servers of its own. One that also defines
/// `mcpServers` is read for its servers (as `.mcp.json`): they matter more.
fn role_for_shape(root: &Node) -> Option<Role> {
    (root.get("mcpServers").is_none() && MCP_KEYS.iter().any(|k| root.get(k).is_some())).then_some(PROJECT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_path_and_origin() {
        let role = |p: &str, o| role_for_path(Path::new(p), o);
        assert_eq!(role("/h/.claude/settings.json", Origin::Home), Some(USER));
        assert_eq!(role("/r/.claude/settings.json", Origin::Project), Some(PROJECT));
        assert_eq!(role("/r/.claude/settings.json", Origin::Explicit), Some(PROJECT));
        assert_eq!(role("/r/.claude/settings.local.json", Origin::Project), Some(LOCAL));
        assert_eq!(role("/etc/claude-code/managed-settings.json", Origin::Managed), Some(MANAGED));
        assert_eq!(role("/etc/claude-code/managed-settings.d/10-mcp.json", Origin::Managed), Some(MANAGED));
        assert_eq!(role("/r/.gemini/settings.json", Origin::Project), None);
        assert_eq!(role("/r/settings.json", Origin::Explicit), None);
    }

    /// Regression (corpus): a settings-like file that also defines servers was read as a
    /// settings file, and its servers were never checked.
    #[test]
    fn shape_prefers_servers() {
        let root = |t: &str| crate::parse::parse(&crate::source::SourceFile::new("x", t)).unwrap().root;
        assert_eq!(role_for_shape(&root(r#"{"enableAllProjectMcpServers": true}"#)), Some(PROJECT));
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {}, "enableAllProjectMcpServers": true}"#)), None);
    }
}
