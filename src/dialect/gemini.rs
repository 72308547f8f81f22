//! Gemini CLI: `settings.json` in a `.gemini` directory (user `~/.gemini/settings.json`,
//! workspace `<project>/.gemini/settings.json`) and the system files `settings.json` and
//! `system-defaults.json` in `/etc/gemini-cli/`, `C:\ProgramData\gemini-cli\` or
//! `/Library/Application Support/GeminiCli/`.
//!
//! Files and precedence (later wins): system defaults < user < workspace (read only in a
//! trusted folder, and not when the workspace is the home directory) < system settings, which
//! override everything. `mcpServers` merges shallowly across the files: a server name in a
//! higher file replaces the lower file's whole entry. `mcp.allowed` lists are intersected across
//! the files and `mcp.excluded` lists joined.
//!
//! Format: comments are stripped (`strip-json-comments`), then the text goes to `JSON.parse`,
//! so trailing commas are an error. The file holds many other settings; only `mcpServers` and
//! `mcp` matter here, and other top-level keys are not reported. Gemini CLI validates the file
//! against its settings schema after loading it: problems (e.g. an unknown field in a server
//! entry) are shown as a warning, and the settings are still used.
//!
//! Variables: on load every string of the file is expanded, `$VAR`, `${VAR}` and
//! `${VAR:-default}`; an unset variable without a default keeps its placeholder. Keys are not
//! expanded, and there is no escape for a literal `$NAME`. At connect time `env` and `headers`
//! values are expanded a second time (dotenv-expand, plus `%VAR%` on Windows), where an unset
//! variable becomes the empty string. mcpcheck models the first pass (in every server field)
//! and mentions the second in its messages; `%VAR%` is left as written, and `$$` is read as an
//! escaped dollar although Gemini CLI has no such escape.
//!
//! Transport: `httpUrl` (deprecated) ⇒ streamable HTTP, and `url` is then ignored with a
//! warning; `url` with `type` `http` or `sse` ⇒ that transport; `url` otherwise ⇒ streamable
//! HTTP with an automatic SSE retry when the first attempt fails (not on 401); else `command`
//! ⇒ stdio (refused in an untrusted folder); an entry with none of these is skipped (it can only
//! adjust a server of the same name that an extension provides). `tcp` is in the schema only.
//!
//! See: <https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/mcp-server.md>,
//! <https://github.com/google-gemini/gemini-cli/blob/main/docs/reference/configuration.md>,
//! `packages/cli/src/config/settings.ts` (files, merge, load), `settingsSchema.ts`
//! (`MCPServerConfig`, `mcp`), `packages/cli/src/utils/envVarResolver.ts`,
//! `packages/core/src/utils/envExpansion.ts`, `packages/core/src/tools/mcp-client.ts`
//! (`createTransport`, `isEnabled`) and `mcp-client-manager.ts` (`isBlockedBySettings`), read at
//! google-gemini/gemini-cli@5411f11.

use std::path::Path;

use super::{Dialect, Origin, Role, Syntax, file_name_is, parent_dir_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::{Node, Value};
use crate::resolve::env::{Field, Form, Substitution, UnsetBehaviour};

/// `system-defaults.json`: the lowest layer, below the user's settings.
pub const SYSTEM_DEFAULTS: Role =
    Role { label: "system defaults `system-defaults.json`", scope: Some(Scope::Managed), layout: super::MCP_SERVERS };
/// `~/.gemini/settings.json`.
pub const USER: Role =
    Role { label: "user settings `~/.gemini/settings.json`", scope: Some(Scope::User), layout: super::MCP_SERVERS };
/// `<project>/.gemini/settings.json`.
pub const WORKSPACE: Role = Role {
    label: "workspace settings `.gemini/settings.json`",
    scope: Some(Scope::Project),
    layout: super::MCP_SERVERS,
};
/// The system `settings.json`: the highest layer, overriding every other file.
pub const SYSTEM: Role =
    Role { label: "system settings `settings.json`", scope: Some(Scope::Managed), layout: super::MCP_SERVERS };

/// Gemini CLI's variables: `$VAR`, `${VAR}` and `${VAR:-default}` in every string of the file,
/// which for a server entry means every field that holds strings; unset without a default keeps
/// the placeholder (first pass, at load).
pub const SUBSTITUTION: Substitution = Substitution {
    forms: &[Form::Braced, Form::BracedDefault, Form::Bare],
    unset: UnsetBehaviour::KeepLiteral,
    fields: &[
        Field::Scalar("command"),
        Field::Items("args"),
        Field::Values("env"),
        Field::Scalar("cwd"),
        Field::Scalar("url"),
        Field::Scalar("httpUrl"),
        Field::Values("headers"),
        Field::Scalar("tcp"),
        Field::Scalar("type"),
        Field::Scalar("timeout"),
        Field::Scalar("trust"),
        Field::Scalar("description"),
        Field::Items("includeTools"),
        Field::Items("excludeTools"),
        Field::Tree("oauth"),
        Field::Scalar("authProviderType"),
        Field::Scalar("targetAudience"),
        Field::Scalar("targetServiceAccount"),
        Field::Tree("extension"),
    ],
    builtins: &[],
};

/// The Gemini CLI dialect.
pub static DIALECT: Dialect = Dialect {
    id: "gemini",
    client: "Gemini CLI",
    summary: "Gemini CLI: .gemini/settings.json and system settings (JSON with comments, `mcpServers` + `mcp`)",
    syntax: Syntax::JsonWithComments,
    role_for_path,
    role_for_shape,
    default_role: WORKSPACE,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[("httpUrl", "url")],
    schema: Some(include_str!("../../schemas/gemini.schema.json")),
    wording: super::Wording {
        ignored: "Gemini CLI ignores it",
        rejected: "Gemini CLI warns that the settings file is invalid, and the entry may not work",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

/// Where a role sits in Gemini CLI's merge: a higher rank wins.
pub fn rank(role: &Role) -> u8 {
    match *role {
        SYSTEM_DEFAULTS => 0,
        USER => 1,
        WORKSPACE => 2,
        SYSTEM => 3,
        // Not a Gemini role (a forced dialect's default is the workspace).
        _ => 2,
    }
}

fn role_for_path(path: &Path, origin: Origin) -> Option<Role> {
    if parent_dir_is(path, ".gemini") && file_name_is(path, "settings.json") {
        return Some(if origin == Origin::Home { USER } else { WORKSPACE });
    }
    if parent_dir_is(path, "gemini-cli") || parent_dir_is(path, "GeminiCli") {
        if file_name_is(path, "settings.json") {
            return Some(SYSTEM);
        }
        if file_name_is(path, "system-defaults.json") {
            return Some(SYSTEM_DEFAULTS);
        }
    }
    None
}

/// Keys in a server entry that only Gemini CLI's format has.
const SERVER_MARKERS: &[&str] = &["httpUrl", "trust", "includeTools", "excludeTools"];

/// A file with Gemini CLI's own keys: a server with `httpUrl`, `trust`, `includeTools` or
/// `excludeTools`, or a top-level `mcp` object with `allowed` or `excluded`. A bare
/// `mcpServers` file is left to Claude Code's dialect.
fn role_for_shape(root: &Node) -> Option<Role> {
    root.as_object()?;
    let mcp = root
        .get("mcp")
        .is_some_and(|m| m.as_object().is_some() && (m.get("allowed").is_some() || m.get("excluded").is_some()));
    let servers = root
        .get("mcpServers")
        .and_then(Node::as_object)
        .is_some_and(|ms| ms.iter().any(|m| SERVER_MARKERS.iter().any(|k| m.value.get(k).is_some())));
    (mcp || servers).then_some(WORKSPACE)
}

/// Whether `key` holds something JavaScript treats as true: present, not `null`, `false` or
/// an empty string (Gemini CLI tests `if (config.httpUrl)`).
pub(crate) fn is_set(entry: &Node, key: &str) -> bool {
    entry.get(key).is_some_and(|v| match &v.value {
        Value::Null | Value::Bool(false) => false,
        Value::String(s) => !s.is_empty(),
        _ => true,
    })
}

/// `httpUrl` ⇒ streamable HTTP; `url` with `type` `http` or `sse` ⇒ that; `url` otherwise ⇒
/// streamable HTTP (with SSE fallback); `command` ⇒ stdio; nothing ⇒ the entry is skipped.
pub(crate) fn transport(entry: &Node) -> TransportChoice {
    let kind = entry.get("type").and_then(Node::as_str);
    if is_set(entry, "httpUrl") {
        TransportChoice::Declared(Transport::Http)
    } else if is_set(entry, "url") {
        match kind {
            Some("http") => TransportChoice::Declared(Transport::Http),
            Some("sse") => TransportChoice::Declared(Transport::Sse),
            // No type, `stdio`, or a value the schema rejects: Gemini CLI tries HTTP first.
            _ => TransportChoice::Inferred(Transport::Http),
        }
    } else if is_set(entry, "command") {
        if kind == Some("stdio") {
            TransportChoice::Declared(Transport::Stdio)
        } else {
            TransportChoice::Inferred(Transport::Stdio)
        }
    } else {
        TransportChoice::Rejected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn paths_give_the_five_layers() {
        let role = |p: &str, o| role_for_path(Path::new(p), o);
        assert_eq!(role("/home/u/.gemini/settings.json", Origin::Home), Some(USER));
        assert_eq!(role("/r/.gemini/settings.json", Origin::Project), Some(WORKSPACE));
        assert_eq!(role("/r/.gemini/settings.json", Origin::Explicit), Some(WORKSPACE));
        assert_eq!(role("/etc/gemini-cli/settings.json", Origin::Managed), Some(SYSTEM));
        assert_eq!(role("/etc/gemini-cli/system-defaults.json", Origin::Managed), Some(SYSTEM_DEFAULTS));
        assert_eq!(role("C:\\ProgramData\\gemini-cli\\settings.json", Origin::Explicit).is_some(), cfg!(windows));
        assert_eq!(role("/Library/Application Support/GeminiCli/settings.json", Origin::Explicit), Some(SYSTEM));
        assert_eq!(
            role("/Library/Application Support/GeminiCli/system-defaults.json", Origin::Explicit),
            Some(SYSTEM_DEFAULTS)
        );
        // Other clients' files.
        assert_eq!(role("/r/.claude/settings.json", Origin::Project), None);
        assert_eq!(role("/r/.zed/settings.json", Origin::Project), None);
        assert_eq!(role("/r/.gemini/mcp.json", Origin::Project), None);
        assert_eq!(role("/r/.gemini/system-defaults.json", Origin::Project), None);
        assert!(rank(&SYSTEM_DEFAULTS) < rank(&USER) && rank(&USER) < rank(&WORKSPACE));
        assert!(rank(&WORKSPACE) < rank(&SYSTEM));
    }

    #[test]
    fn shapes_need_a_gemini_only_key() {
        let shape = |t: &str| role_for_shape(&root(t));
        assert_eq!(shape(r#"{"mcpServers": {"a": {"httpUrl": "https://x"}}}"#), Some(WORKSPACE));
        assert_eq!(shape(r#"{"mcpServers": {"a": {"command": "x", "trust": false}}}"#), Some(WORKSPACE));
        assert_eq!(shape(r#"{"mcpServers": {"a": {"command": "x", "excludeTools": []}}}"#), Some(WORKSPACE));
        assert_eq!(shape(r#"{"mcp": {"allowed": ["a"]}}"#), Some(WORKSPACE));
        assert_eq!(shape(r#"{"mcp": {"excluded": []}, "mcpServers": {}}"#), Some(WORKSPACE));
        assert_eq!(shape(r#"{"mcpServers": {"a": {"command": "x"}}}"#), None);
        assert_eq!(shape(r#"{"mcp": {"servers": {}}}"#), None);
        assert_eq!(shape(r#"{"mcp": true}"#), None);
        assert_eq!(shape("[]"), None);
    }

    #[test]
    fn transport_follows_create_transport() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"httpUrl": "https://x"}"#), TransportChoice::Declared(Transport::Http));
        assert_eq!(
            t(r#"{"httpUrl": "https://x", "url": "https://y", "type": "sse"}"#),
            TransportChoice::Declared(Transport::Http)
        );
        assert_eq!(t(r#"{"url": "https://x", "type": "http"}"#), TransportChoice::Declared(Transport::Http));
        assert_eq!(t(r#"{"url": "https://x", "type": "sse"}"#), TransportChoice::Declared(Transport::Sse));
        assert_eq!(t(r#"{"url": "https://x"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"url": "https://x", "type": "stdio"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"url": "https://x", "command": "x"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"command": "x", "type": "stdio"}"#), TransportChoice::Declared(Transport::Stdio));
        assert_eq!(t(r#"{"command": "x", "type": "http"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"httpUrl": "", "command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"tcp": "localhost:9000"}"#), TransportChoice::Rejected);
        assert_eq!(t(r#"{"excludeTools": ["a"]}"#), TransportChoice::Rejected);
    }
}
