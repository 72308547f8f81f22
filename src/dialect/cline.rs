//! Cline (VS Code extension, CLI, JetBrains): `cline_mcp_settings.json`, wherever it is. The
//! shared file is `~/.cline/data/settings/cline_mcp_settings.json` (or `$CLINE_DATA_DIR/settings/`,
//! or `$CLINE_MCP_SETTINGS_PATH`); older copies live in VS Code's globalStorage
//! (`saoudrizwan.claude-dev/settings/`) and `~/Documents/Cline/MCP/`, and Cline migrates them.
//! One file per user; Cline has no project-level MCP file.
//!
//! Format: strict JSON (`JSON.parse`); servers under `mcpServers`. Each entry is checked against
//! one zod schema for the whole file: **one invalid entry and Cline loads no server at all**
//! ("MCP settings schema error — no servers were loaded"). Unknown keys are dropped silently.
//!
//! Transport, in the order Cline's schema tries its variants: a nested `transport` object (the
//! CLI's form) decides by its own `type` (mcpcheck's rules read `command`, `args` and `url` only
//! at the top of an entry, so they do not look inside it); an entry with `command` and no `type` (or `"stdio"`)
//! is stdio and any `url` is ignored; an entry with `url` and no `type` is **legacy SSE** (kept
//! for backward compatibility), even with the legacy `"transportType": "http"` that the CLI and
//! the migration code read as streamable HTTP; `"type": "streamableHttp"` is streamable HTTP.
//!
//! Variables: `${env:VAR}` in every string value of the file (not in keys), before validation;
//! an unset variable is left as written and logged. `timeout` is in seconds (default 60); a
//! number outside 1–3600 is clamped and a value that is not a number falls back to 60.
//! `autoApprove` lists tool names compared exactly (no wildcard), and takes effect only while
//! Cline's auto-approve setting for MCP tools is on.
//!
//! Entries with `"disabled": true` are checked like the others: enabling one is a click in the
//! client's MCP panel, and what it would run or approve matters then.
//!
//! Sources (cline/cline@21cb8d2): `apps/vscode/src/services/mcp/schemas.ts`, `McpHub.ts`
//! (`readAndValidateMcpSettingsFile`, `autoApprove.includes(tool.name)`),
//! `apps/vscode/src/utils/envExpansion.ts`, `sdk/packages/shared/src/mcp.ts` (timeout bounds),
//! `apps/vscode/src/sdk/sdk-tool-policies.ts` (`actions.useMcp`),
//! `apps/vscode/src/hosts/vscode/mcp-settings-legacy-migration.ts` (locations);
//! <https://github.com/cline/cline/blob/main/apps/vscode/src/services/mcp/schemas.ts>

use std::path::Path;

use super::{Dialect, Origin, Role, Syntax, file_name_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;
use crate::resolve::env::{Field, Form, Substitution, UnsetBehaviour};

/// The only file: the user's `cline_mcp_settings.json`.
pub const SETTINGS: Role =
    Role { label: "`cline_mcp_settings.json`", scope: Some(Scope::User), layout: super::MCP_SERVERS };

/// Cline's substitution: `${env:VAR}` in every string value (not in keys); unset stays as
/// written.
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
        Field::Tree("transport"),
        Field::Tree("oauth"),
        Field::Tree("metadata"),
    ],
    builtins: &[],
};

/// The `type` value Cline uses for streamable HTTP.
pub const STREAMABLE_HTTP: &str = "streamableHttp";

/// The Cline dialect.
pub static DIALECT: Dialect = Dialect {
    id: "cline",
    client: "Cline",
    summary: "Cline: cline_mcp_settings.json (strict JSON, `mcpServers`, `${env:VAR}`, `autoApprove`)",
    syntax: Syntax::StrictJson,
    role_for_path,
    role_for_shape,
    default_role: SETTINGS,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/cline.schema.json")),
    wording: super::Wording {
        ignored: "Cline ignores it",
        rejected: "Cline rejects the whole file, so none of its servers load",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

fn role_for_path(path: &Path, _origin: Origin) -> Option<Role> {
    file_name_is(path, "cline_mcp_settings.json").then_some(SETTINGS)
}

/// Every key of a Cline server entry (the schema's `$defs/server` properties).
pub const SERVER_KEYS: &[&str] = &[
    "type",
    "transportType",
    "command",
    "args",
    "cwd",
    "env",
    "url",
    "headers",
    "disabled",
    "autoApprove",
    "timeout",
    "oauth",
    "metadata",
    "remoteConfigured",
    "transport",
];

/// A `mcpServers` file with a server in Cline's own spelling — `"type": "streamableHttp"`
/// (every other client writes `http` or `streamable-http`) or the legacy `transportType` key —
/// and nothing but Cline's keys in any server: a file that mixes several clients' fields is
/// left to the Claude Code fallback, which names each foreign field.
fn role_for_shape(root: &Node) -> Option<Role> {
    let servers = root.get("mcpServers")?.as_object()?;
    let clines = |entry: &Node| {
        entry.get("type").and_then(Node::as_str) == Some(STREAMABLE_HTTP) || entry.get("transportType").is_some()
    };
    (servers.iter().any(|m| clines(&m.value)) && super::only_keys(servers, SERVER_KEYS)).then_some(SETTINGS)
}

/// The transport Cline picks, following the order of its schema's variants.
pub(crate) fn transport(entry: &Node) -> TransportChoice {
    if let Some(nested) = entry.get("transport").filter(|t| t.as_object().is_some()) {
        return match nested.get("type").and_then(Node::as_str) {
            Some("stdio") => TransportChoice::Declared(Transport::Stdio),
            Some("sse") => TransportChoice::Declared(Transport::Sse),
            Some(STREAMABLE_HTTP) => TransportChoice::Declared(Transport::Http),
            _ => TransportChoice::Unknown,
        };
    }
    let has_command = entry.get("command").is_some();
    let has_url = entry.get("url").is_some();
    match entry.get("type").map(Node::as_str) {
        Some(Some("stdio")) => TransportChoice::Declared(Transport::Stdio),
        Some(Some("sse")) => TransportChoice::Declared(Transport::Sse),
        Some(Some(STREAMABLE_HTTP)) => TransportChoice::Declared(Transport::Http),
        Some(_) => TransportChoice::Unknown,
        None if has_command => TransportChoice::Inferred(Transport::Stdio),
        // The SSE variant comes before the streamable-HTTP one, so it wins whatever the
        // legacy `transportType` says.
        None if has_url => TransportChoice::Inferred(Transport::Sse),
        None => TransportChoice::Inferred(Transport::Stdio),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn transport_follows_the_schema_variant_order() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"command": "x", "url": "https://x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"url": "https://x/mcp"}"#), TransportChoice::Inferred(Transport::Sse));
        assert_eq!(t(r#"{"url": "https://x", "transportType": "http"}"#), TransportChoice::Inferred(Transport::Sse));
        assert_eq!(t(r#"{"type": "streamableHttp", "url": "https://x"}"#), TransportChoice::Declared(Transport::Http));
        assert_eq!(t(r#"{"type": "sse", "url": "https://x"}"#), TransportChoice::Declared(Transport::Sse));
        assert_eq!(t(r#"{"type": "stdio", "command": "x"}"#), TransportChoice::Declared(Transport::Stdio));
        assert_eq!(t(r#"{"type": "http", "url": "https://x"}"#), TransportChoice::Unknown);
        assert_eq!(
            t(r#"{"transport": {"type": "streamableHttp", "url": "https://x"}}"#),
            TransportChoice::Declared(Transport::Http)
        );
    }

    #[test]
    fn server_keys_are_the_schemas() {
        let schema: serde_json::Value = serde_json::from_str(include_str!("../../schemas/cline.schema.json")).unwrap();
        let mut keys: Vec<&str> =
            schema["$defs"]["server"]["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        let mut ours = SERVER_KEYS.to_vec();
        keys.sort_unstable();
        ours.sort_unstable();
        assert_eq!(keys, ours);
    }

    #[test]
    fn paths_and_shapes() {
        let path = |p| role_for_path(Path::new(p), Origin::Explicit);
        assert_eq!(path("/h/.cline/data/settings/cline_mcp_settings.json"), Some(SETTINGS));
        assert_eq!(
            path("/h/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
            Some(SETTINGS)
        );
        assert_eq!(path("/h/Documents/Cline/MCP/cline_mcp_settings.json"), Some(SETTINGS));
        assert_eq!(path("/r/.roo/mcp.json"), None);
        assert_eq!(path("/r/mcp_settings.json"), None);
        let shape = |s| role_for_shape(&root(s));
        assert_eq!(shape(r#"{"mcpServers": {"a": {"type": "streamableHttp", "url": "https://x"}}}"#), Some(SETTINGS));
        assert_eq!(shape(r#"{"mcpServers": {"a": {"transportType": "sse", "url": "https://x"}}}"#), Some(SETTINGS));
        // `autoApprove` alone is Kiro's too: not enough.
        assert_eq!(shape(r#"{"mcpServers": {"a": {"command": "x", "autoApprove": ["t"]}}}"#), None);
        assert_eq!(shape(r#"{"mcpServers": {"a": {"type": "http", "url": "https://x"}}}"#), None);
        assert_eq!(shape(r#"{"servers": {}}"#), None);
        // A file mixing several clients' fields is not claimed.
        assert_eq!(
            shape(r#"{"mcpServers": {"a": {"transportType": "stdio", "command": "x", "disabledTools": []}}}"#),
            None
        );
    }
}
