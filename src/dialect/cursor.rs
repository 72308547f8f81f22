//! Cursor: `~/.cursor/mcp.json` (every workspace) and `<project>/.cursor/mcp.json` (one
//! project; it wins over the global file when both define a name).
//!
//! Format: servers under `mcpServers`. No source says Cursor accepts comments or trailing
//! commas here, and a trailing comma is reported to break the file (upstash/context7#563), so
//! the file is read as strict JSON. An entry with `command` is a stdio server, one with `url`
//! a remote server (Streamable HTTP, or SSE), so `type` is optional and a `url` without it is
//! fine. Fields: `type`, `command`, `args`, `env`, `envFile` (stdio only), `url`, `headers`
//! and `auth` (`CLIENT_ID`, `CLIENT_SECRET`, `scopes`: a static OAuth client).
//!
//! Variables: `${env:NAME}` and Cursor's own `${userHome}`, `${workspaceFolder}` (the folder
//! holding `.cursor/mcp.json`), `${workspaceFolderBasename}`, `${pathSeparator}` and `${/}`, in
//! `command`, `args`, `env`, `url` and `headers` (Cursor's docs), and per third-party guides in
//! `envFile` and `auth` values too. A plain `${NAME}` is not expanded. What Cursor does with
//! an unset `${env:NAME}` is not documented.
//!
//! Cursor is closed source; its documentation (<https://cursor.com/docs/context/mcp>) was
//! reachable only in excerpts, so some facts rest on third-party summaries of it:
//! <https://docs.pipeshub.com/mcp/cursor> (`auth`, `scopes`), <https://syllago.dev/using-syllago/providers/cursor/mcp/>
//! (transports). `cwd` is in no description of the format and is treated as another
//! client's field.
//!
//! Shape detection: a bare `mcpServers` file is Claude Code's (the common format). A file is
//! read as Cursor's only when a server has an `auth` block with `CLIENT_ID` or
//! `CLIENT_SECRET`, which no other client uses; `envFile` alone is not enough (VS Code has it
//! too, and other clients' copies of Cursor configs carry it).

use std::path::Path;

use super::{Dialect, Origin, Role, Syntax, file_name_is, parent_dir_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;
use crate::resolve::env::{Field, Form, Substitution, UnsetBehaviour};

/// A project's `.cursor/mcp.json`.
pub const PROJECT: Role =
    Role { label: "project `.cursor/mcp.json`", scope: Some(Scope::Project), layout: super::MCP_SERVERS };
/// The user's `~/.cursor/mcp.json`.
pub const USER: Role =
    Role { label: "user `~/.cursor/mcp.json`", scope: Some(Scope::User), layout: super::MCP_SERVERS };

/// How Cursor substitutes variables.
pub const SUBSTITUTION: Substitution = Substitution {
    forms: &[Form::EnvPrefixed],
    unset: UnsetBehaviour::Undocumented,
    fields: &[
        Field::Scalar("command"),
        Field::Items("args"),
        Field::Values("env"),
        Field::Scalar("envFile"),
        Field::Scalar("url"),
        Field::Values("headers"),
        Field::Values("auth"),
    ],
    builtins: &["userHome", "workspaceFolder", "workspaceFolderBasename", "pathSeparator", "/"],
};

/// The Cursor dialect.
pub static DIALECT: Dialect = Dialect {
    id: "cursor",
    client: "Cursor",
    summary: "Cursor: ~/.cursor/mcp.json, .cursor/mcp.json (strict JSON, `mcpServers`, `${env:NAME}`)",
    syntax: Syntax::StrictJson,
    role_for_path,
    role_for_shape,
    default_role: PROJECT,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/cursor.schema.json")),
    wording: super::Wording {
        ignored: "Cursor does not read it (it is not in Cursor's documented format)",
        rejected: "Cursor's documented format does not allow it, so Cursor may not start the server",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

/// `mcp.json` in a `.cursor` directory: the user's under the home directory, else a project's.
fn role_for_path(path: &Path, origin: Origin) -> Option<Role> {
    if !(file_name_is(path, "mcp.json") && parent_dir_is(path, ".cursor")) {
        return None;
    }
    Some(if origin == Origin::Home { USER } else { PROJECT })
}

/// Only a server with Cursor's static OAuth block (`auth` with `CLIENT_ID` or `CLIENT_SECRET`).
fn role_for_shape(root: &Node) -> Option<Role> {
    let servers = root.get("mcpServers")?.as_object()?;
    let cursor_auth = servers.iter().any(|s| {
        s.value.get("auth").is_some_and(|auth| auth.get("CLIENT_ID").is_some() || auth.get("CLIENT_SECRET").is_some())
    });
    cursor_auth.then_some(PROJECT)
}

/// `type` when written; else `command` ⇒ stdio and `url` ⇒ remote (Streamable HTTP first).
pub(crate) fn transport(entry: &Node) -> TransportChoice {
    match entry.get("type") {
        Some(t) => match t.as_str() {
            Some("stdio") => TransportChoice::Declared(Transport::Stdio),
            Some("sse") => TransportChoice::Declared(Transport::Sse),
            Some("http" | "streamable-http") => TransportChoice::Declared(Transport::Http),
            _ => TransportChoice::Unknown,
        },
        None if entry.get("command").is_none() && entry.get("url").is_some() => {
            TransportChoice::Inferred(Transport::Http)
        }
        None => TransportChoice::Inferred(Transport::Stdio),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn transport_follows_the_fields_when_type_is_absent() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"url": "https://x"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"command": "x", "url": "https://x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"type": "sse", "url": "https://x"}"#), TransportChoice::Declared(Transport::Sse));
        assert_eq!(t(r#"{"type": "streamable-http", "url": "https://x"}"#), TransportChoice::Declared(Transport::Http));
        assert_eq!(t(r#"{"type": "ws", "url": "wss://x"}"#), TransportChoice::Unknown);
    }

    #[test]
    fn paths() {
        let role = |p: &str, o| role_for_path(Path::new(p), o);
        assert_eq!(role("/repo/.cursor/mcp.json", Origin::Project), Some(PROJECT));
        assert_eq!(role("/repo/.cursor/mcp.json", Origin::Explicit), Some(PROJECT));
        assert_eq!(role("/home/u/.cursor/mcp.json", Origin::Home), Some(USER));
        assert_eq!(role("/repo/.vscode/mcp.json", Origin::Project), None);
        assert_eq!(role("/repo/.roo/mcp.json", Origin::Project), None);
        assert_eq!(role("/repo/.cursor/sandbox.json", Origin::Project), None);
        assert_eq!(role("/repo/.mcp.json", Origin::Project), None);
    }

    #[test]
    fn shapes_only_with_cursor_auth() {
        let auth = r#"{"mcpServers": {"a": {"url": "https://x", "auth": {"CLIENT_ID": "id"}}}}"#;
        assert_eq!(role_for_shape(&root(auth)), Some(PROJECT));
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {"a": {"command": "x", "envFile": ".env"}}}"#)), None);
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {"a": {"url": "https://x", "auth": {}}}}"#)), None);
        assert_eq!(role_for_shape(&root(r#"{"servers": {}}"#)), None);
    }
}
