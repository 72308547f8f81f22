//! Kiro (IDE and CLI): the workspace's `.kiro/settings/mcp.json` and the user's
//! `~/.kiro/settings/mcp.json`. Both are read and merged; a workspace server replaces a user
//! server of the same name.
//!
//! Format: JSON with servers under `mcpServers`. A local server has `command` (and `args`,
//! `env`); a remote one has `url` (HTTPS, or HTTP for localhost), `headers` and optionally
//! `oauth` (`clientId`, `redirectUri`) and `oauthScopes`. Every entry may have `disabled`,
//! `autoApprove` (tool names run without asking; `"*"` approves every tool) and
//! `disabledTools` (tools hidden from the agent). Kiro CLI reads the file as strict JSON
//! (`serde_json`) and all of `mcpServers` at once: a comment, or one value of the wrong type,
//! and none of the file's servers load; unknown keys are ignored. The IDE's parser is not
//! documented, so mcpcheck holds the file to the CLI's rules.
//!
//! Entries with `"disabled": true` are checked like the others: enabling one is a click in the
//! client's MCP panel, and what it would run or approve matters then.
//!
//! Transport: `command` means stdio, `url` means a remote server over HTTP; the CLI also reads
//! an explicit `type` (`stdio`, `http`, or `registry` for a server from an administrator's
//! registry) and a per-request `timeout` in milliseconds (default 120000), neither of which the
//! IDE documents.
//!
//! Variables: `${VAR}`, and **only for variables on Kiro's approved list** (the IDE's "Mcp
//! Approved Env Vars" setting, `kiroAgent.mcpApprovedEnvVars` for the CLI); any other
//! reference reaches the server as written. mcpcheck cannot see that list, so it resolves
//! `${VAR}` against the environment and says in its messages that the name must be approved.
//! `$VAR` and `${env:VAR}` are not documented and are not expanded (kirodotdev/Kiro#8391;
//! the older Amazon Q Developer CLI read `${env:VAR}`).
//!
//! Sources: <https://kiro.dev/docs/mcp/configuration>, <https://kiro.dev/docs/mcp/security>,
//! <https://kiro.dev/docs/cli/mcp/configuration>; aws/amazon-q-developer-cli@15cc8f3
//! `crates/chat-cli/src/cli/chat/tools/custom_tool.rs` (`CustomToolConfig`) and
//! `crates/chat-cli/src/cli/agent/mcp_config.rs` (`load_from_file`), the code Kiro CLI grew
//! from; <https://github.com/kirodotdev/Kiro/issues/3152> (`${VAR}` since Kiro 0.5.0).

use std::path::Path;

use super::{Dialect, Origin, Role, Syntax, file_name_is, parent_dir_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;
use crate::resolve::env::{Field, Form, Substitution, UnsetBehaviour};

/// The workspace's `.kiro/settings/mcp.json`.
pub const WORKSPACE: Role =
    Role { label: "workspace `.kiro/settings/mcp.json`", scope: Some(Scope::Project), layout: super::MCP_SERVERS };
/// The user's `~/.kiro/settings/mcp.json`.
pub const USER: Role =
    Role { label: "user `~/.kiro/settings/mcp.json`", scope: Some(Scope::User), layout: super::MCP_SERVERS };

/// Kiro's substitution: `${VAR}` for approved variables; unset (or unapproved) stays as written.
pub const SUBSTITUTION: Substitution = Substitution {
    forms: &[Form::Braced],
    unset: UnsetBehaviour::KeepLiteral,
    fields: &[
        Field::Scalar("command"),
        Field::Items("args"),
        Field::Values("env"),
        Field::Scalar("url"),
        Field::Values("headers"),
    ],
    builtins: &[],
};

/// The Kiro dialect.
pub static DIALECT: Dialect = Dialect {
    id: "kiro",
    client: "Kiro",
    summary: "Kiro: .kiro/settings/mcp.json, workspace and user (JSON, `mcpServers`, `${VAR}`, `autoApprove`)",
    syntax: Syntax::StrictJson,
    role_for_path,
    role_for_shape,
    default_role: WORKSPACE,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/kiro.schema.json")),
    wording: super::Wording {
        ignored: "Kiro ignores it",
        rejected: "Kiro CLI cannot read the file, so none of its servers load there",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

fn role_for_path(path: &Path, origin: Origin) -> Option<Role> {
    let in_kiro_settings = parent_dir_is(path, "settings")
        && path.parent().and_then(Path::parent).and_then(Path::file_name).is_some_and(|n| n == ".kiro");
    (file_name_is(path, "mcp.json") && in_kiro_settings).then_some(if origin == Origin::Home {
        USER
    } else {
        WORKSPACE
    })
}

/// Every key of a Kiro server entry (the schema's `$defs/server` properties).
pub const SERVER_KEYS: &[&str] = &[
    "type",
    "command",
    "args",
    "env",
    "url",
    "headers",
    "oauth",
    "oauthScopes",
    "disabled",
    "autoApprove",
    "disabledTools",
    "timeout",
];

/// A `mcpServers` file with Kiro's own combination of keys — a server with both
/// `autoApprove` (Cline's name) and `disabledTools` (Roo Code's name), or with `oauthScopes` —
/// and nothing but Kiro's keys in any server: a file that mixes several clients' fields is
/// left to the Claude Code fallback, which names each foreign field.
fn role_for_shape(root: &Node) -> Option<Role> {
    let servers = root.get("mcpServers")?.as_object()?;
    let kiro = |e: &Node| {
        (e.get("autoApprove").is_some() && e.get("disabledTools").is_some()) || e.get("oauthScopes").is_some()
    };
    (servers.iter().any(|m| kiro(&m.value)) && super::only_keys(servers, SERVER_KEYS)).then_some(WORKSPACE)
}

/// `type` when it is one Kiro CLI knows; else `command` means stdio and `url` a remote server
/// over HTTP (Kiro CLI infers the same for a `type` it does not know).
pub(crate) fn transport(entry: &Node) -> TransportChoice {
    match entry.get("type").and_then(Node::as_str) {
        Some("stdio") => TransportChoice::Declared(Transport::Stdio),
        Some("http") => TransportChoice::Declared(Transport::Http),
        Some("registry") => TransportChoice::Unknown,
        _ if entry.get("command").is_some() => TransportChoice::Inferred(Transport::Stdio),
        _ if entry.get("url").is_some() => TransportChoice::Inferred(Transport::Http),
        _ => TransportChoice::Inferred(Transport::Stdio),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn transport_is_inferred_from_the_fields() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"url": "https://x/mcp"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"command": "x", "url": "https://x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"type": "http", "url": "https://x"}"#), TransportChoice::Declared(Transport::Http));
        assert_eq!(t(r#"{"type": "registry"}"#), TransportChoice::Unknown);
        assert_eq!(t(r#"{"type": "sse", "url": "https://x/sse"}"#), TransportChoice::Inferred(Transport::Http));
    }

    #[test]
    fn server_keys_are_the_schemas() {
        let schema: serde_json::Value = serde_json::from_str(include_str!("../../schemas/kiro.schema.json")).unwrap();
        let mut keys: Vec<&str> =
            schema["$defs"]["server"]["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        let mut ours = SERVER_KEYS.to_vec();
        keys.sort_unstable();
        ours.sort_unstable();
        assert_eq!(keys, ours);
    }

    #[test]
    fn paths_and_shapes() {
        assert_eq!(role_for_path(Path::new("/r/.kiro/settings/mcp.json"), Origin::Project), Some(WORKSPACE));
        assert_eq!(role_for_path(Path::new("/h/.kiro/settings/mcp.json"), Origin::Home), Some(USER));
        assert_eq!(role_for_path(Path::new("/r/.kiro/settings/mcp.json"), Origin::Explicit), Some(WORKSPACE));
        assert_eq!(role_for_path(Path::new("/r/.kiro/mcp.json"), Origin::Explicit), None);
        assert_eq!(role_for_path(Path::new("/r/settings/mcp.json"), Origin::Explicit), None);
        assert_eq!(role_for_path(Path::new("/r/.roo/mcp.json"), Origin::Explicit), None);
        let shape = |s| role_for_shape(&root(s));
        assert_eq!(
            shape(r#"{"mcpServers": {"a": {"command": "x", "autoApprove": [], "disabledTools": []}}}"#),
            Some(WORKSPACE)
        );
        assert_eq!(shape(r#"{"mcpServers": {"a": {"url": "https://x", "oauthScopes": ["read"]}}}"#), Some(WORKSPACE));
        assert_eq!(shape(r#"{"mcpServers": {"a": {"command": "x", "autoApprove": ["t"]}}}"#), None);
        assert_eq!(shape(r#"{"mcpServers": {"a": {"command": "x", "disabledTools": ["t"]}}}"#), None);
        assert_eq!(
            shape(r#"{"mcpServers": {"a": {"command": "x", "autoApprove": [], "disabledTools": [], "trust": true}}}"#),
            None
        );
    }
}
