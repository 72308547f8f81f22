//! Roo Code (VS Code extension): the project's `.roo/mcp.json` and the global
//! `mcp_settings.json` in VS Code's globalStorage (`rooveterinaryinc.roo-cline/settings/`).
//! When both define a server of the same name, the project's wins.
//!
//! Format: strict JSON (`JSON.parse`); servers under `mcpServers`; unknown keys are dropped
//! silently. Roo validates each file as a whole first: in `.roo/mcp.json` one invalid entry (a
//! `timeout` out of range, both `command` and `url`) means **no server of the file loads**; the
//! global file is then still read entry by entry, and only the invalid entries are skipped.
//! Each entry is then checked again on its own, and there an entry with `url` but no `type`
//! is rejected ("Configuration with 'url' must explicitly specify 'type' as 'sse' or
//! 'streamable-http'"), as is one with both `command` and `url`.
//!
//! Transport: `type` is `stdio`, `sse` or `streamable-http`; without `type`, `command` means
//! stdio. Fields: `command` (not empty), `args`, `cwd` (default: the first workspace folder),
//! `env`, `url`, `headers`, `disabled`, `timeout` (seconds, 1–3600, default 60), `alwaysAllow`
//! (tool names; `"*"` approves every tool, while Roo's "always approve MCP" setting is on),
//! `disabledTools`, `watchPaths` (files whose change restarts a stdio server).
//!
//! Variables: `${env:VAR}` and `${workspaceFolder}`, replaced in the whole entry (Roo rewrites
//! the entry's JSON text) just before connecting; an unset variable is left as written.
//! `watchPaths` are read before that, so they are not expanded.
//!
//! Entries with `"disabled": true` are checked like the others: enabling one is a click in the
//! client's MCP panel, and what it would run or approve matters then.
//!
//! Sources (RooCodeInc/Roo-Code@cb83656): `src/services/mcp/McpHub.ts` (schemas,
//! `validateServerConfig`, `initializeMcpServers`, `fetchToolsList`, `setupFileWatcher`),
//! `src/utils/config.ts` (`injectVariables`), `src/core/auto-approval/index.ts`,
//! `src/shared/globalFileNames.ts`; <https://docs.roocode.com/features/mcp/using-mcp-in-roo>

use std::path::Path;

use super::{Dialect, Origin, Role, Syntax, file_name_is, parent_dir_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;
use crate::resolve::env::{Field, Form, Substitution, UnsetBehaviour};

/// The project's `.roo/mcp.json`.
pub const PROJECT: Role =
    Role { label: "project `.roo/mcp.json`", scope: Some(Scope::Project), layout: super::MCP_SERVERS };
/// The global `mcp_settings.json`.
pub const GLOBAL: Role =
    Role { label: "global `mcp_settings.json`", scope: Some(Scope::User), layout: super::MCP_SERVERS };

/// Roo Code's substitution: `${env:VAR}`, and `${workspaceFolder}` filled in by Roo itself.
pub const SUBSTITUTION: Substitution = Substitution {
    forms: &[Form::EnvPrefixed],
    unset: UnsetBehaviour::KeepLiteral,
    fields: &[
        Field::Scalar("command"),
        Field::Items("args"),
        Field::Scalar("cwd"),
        Field::Values("env"),
        Field::Scalar("url"),
        Field::Values("headers"),
    ],
    builtins: &["workspaceFolder"],
};

/// The `type` value Roo Code uses for streamable HTTP.
pub const STREAMABLE_HTTP: &str = "streamable-http";

/// The Roo Code dialect.
pub static DIALECT: Dialect = Dialect {
    id: "roo",
    client: "Roo Code",
    summary: "Roo Code: .roo/mcp.json and global mcp_settings.json (strict JSON, `${env:VAR}`, `alwaysAllow`)",
    syntax: Syntax::StrictJson,
    role_for_path,
    role_for_shape,
    default_role: PROJECT,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: true,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/roo.schema.json")),
    wording: super::Wording {
        ignored: "Roo Code ignores it",
        rejected: "Roo Code rejects the entry, and in a project `.roo/mcp.json` it then loads none of the file's servers",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

/// Whether `path` is Roo Code's global settings file: `mcp_settings.json` in the `settings`
/// folder of the extension's globalStorage (`rooveterinaryinc.roo-cline`; VS Code writes the
/// id in lowercase, other editors may not).
pub fn is_global_settings(path: &Path) -> bool {
    let extension_dir = path.parent().filter(|_| parent_dir_is(path, "settings")).and_then(Path::parent);
    file_name_is(path, "mcp_settings.json")
        && extension_dir
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.eq_ignore_ascii_case("rooveterinaryinc.roo-cline"))
}

fn role_for_path(path: &Path, _origin: Origin) -> Option<Role> {
    if file_name_is(path, "mcp.json") && parent_dir_is(path, ".roo") {
        Some(PROJECT)
    } else if is_global_settings(path) {
        Some(GLOBAL)
    } else {
        None
    }
}

/// Every key of a Roo Code server entry (the schema's `$defs/server` properties).
pub const SERVER_KEYS: &[&str] = &[
    "type",
    "command",
    "args",
    "cwd",
    "env",
    "url",
    "headers",
    "disabled",
    "timeout",
    "alwaysAllow",
    "disabledTools",
    "watchPaths",
];

/// A `mcpServers` file with a field only Roo Code (and its forks) writes — `alwaysAllow`
/// (Cline's name before 2025, but Cline files are named `cline_mcp_settings.json`) or
/// `watchPaths` — and nothing but Roo Code's keys in any server: a file that mixes several
/// clients' fields is left to the Claude Code fallback, which names each foreign field.
fn role_for_shape(root: &Node) -> Option<Role> {
    let servers = root.get("mcpServers")?.as_object()?;
    let has = |key: &str| servers.iter().any(|m| m.value.get(key).and_then(Node::as_array).is_some());
    ((has("alwaysAllow") || has("watchPaths")) && super::only_keys(servers, SERVER_KEYS)).then_some(PROJECT)
}

/// The transport Roo Code picks; `Rejected` where its per-entry check throws (a `url` without
/// `type`, or both `command` and `url`).
pub(crate) fn transport(entry: &Node) -> TransportChoice {
    let has_command = entry.get("command").is_some();
    let has_url = entry.get("url").is_some();
    if has_command && has_url {
        return TransportChoice::Rejected;
    }
    match entry.get("type").map(Node::as_str) {
        Some(Some("stdio")) => TransportChoice::Declared(Transport::Stdio),
        Some(Some("sse")) => TransportChoice::Declared(Transport::Sse),
        Some(Some(STREAMABLE_HTTP)) => TransportChoice::Declared(Transport::Http),
        Some(_) => TransportChoice::Unknown,
        None if has_url => TransportChoice::Rejected,
        None => TransportChoice::Inferred(Transport::Stdio),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn transport_follows_roo() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"url": "https://x/mcp"}"#), TransportChoice::Rejected);
        assert_eq!(t(r#"{"command": "x", "url": "https://x"}"#), TransportChoice::Rejected);
        assert_eq!(t(r#"{"type": "streamable-http", "url": "https://x"}"#), TransportChoice::Declared(Transport::Http));
        assert_eq!(t(r#"{"type": "sse", "url": "https://x"}"#), TransportChoice::Declared(Transport::Sse));
        assert_eq!(t(r#"{"type": "stdio", "command": "x"}"#), TransportChoice::Declared(Transport::Stdio));
        assert_eq!(t(r#"{"type": "http", "url": "https://x"}"#), TransportChoice::Unknown);
    }

    #[test]
    fn paths() {
        let path = |p| role_for_path(Path::new(p), Origin::Explicit);
        assert_eq!(path("/r/.roo/mcp.json"), Some(PROJECT));
        assert_eq!(
            path("/h/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
            Some(GLOBAL)
        );
        assert_eq!(
            path("/h/AppData/Roaming/Code/User/globalStorage/RooVeterinaryInc.roo-cline/settings/mcp_settings.json"),
            Some(GLOBAL)
        );
        // The tutorial format keeps other `mcp_settings.json` files.
        assert_eq!(path("/h/.claude/mcp_settings.json"), None);
        assert_eq!(path("/h/globalStorage/kilocode.kilo-code/settings/mcp_settings.json"), None);
        assert_eq!(path("/r/.kiro/settings/mcp.json"), None);
        assert_eq!(path("/r/.cursor/mcp.json"), None);
        assert_eq!(path("/r/mcp.json"), None);
    }

    #[test]
    fn server_keys_are_the_schemas() {
        let schema: serde_json::Value = serde_json::from_str(include_str!("../../schemas/roo.schema.json")).unwrap();
        let mut keys: Vec<&str> =
            schema["$defs"]["server"]["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        let mut ours = SERVER_KEYS.to_vec();
        keys.sort_unstable();
        ours.sort_unstable();
        assert_eq!(keys, ours);
    }

    #[test]
    fn shapes() {
        let shape = |s| role_for_shape(&root(s));
        assert_eq!(shape(r#"{"mcpServers": {"a": {"command": "x", "alwaysAllow": ["t"]}}}"#), Some(PROJECT));
        assert_eq!(
            shape(r#"{"mcpServers": {"a": {"command": "x", "watchPaths": ["build/index.js"]}}}"#),
            Some(PROJECT)
        );
        assert_eq!(
            shape(
                r#"{"mcpServers": {"a": {"command": "x", "alwaysAllow": []}, "b": {"command": "y", "autoApprove": []}}}"#
            ),
            None
        );
        // `streamable-http` is Claude Code's alias too; `disabledTools` Kiro's too.
        assert_eq!(shape(r#"{"mcpServers": {"a": {"type": "streamable-http", "url": "https://x"}}}"#), None);
        assert_eq!(shape(r#"{"mcpServers": {"a": {"command": "x", "disabledTools": ["t"]}}}"#), None);
    }
}
