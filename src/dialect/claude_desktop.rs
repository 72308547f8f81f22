//! Claude Desktop: `claude_desktop_config.json`, in `~/Library/Application Support/Claude/`
//! (macOS), `%APPDATA%\Claude\` (Windows) or `~/.config/Claude/` (Linux: unofficial builds and
//! VS Code's importer). Repositories keep copies of it (`examples/`, `config/`, the root), and
//! a file of that name is this dialect wherever it is.
//!
//! - **Format**: strict JSON (`JSON.parse`). The file also holds the app's own settings
//!   (`globalShortcut`, `preferences`, `isUsingBuiltInNodeForMcp`…), so other top-level keys
//!   are accepted; only `mcpServers` matters here.
//! - **Servers**: `mcpServers`, stdio only: `command`, `args`, `env` are the only fields Claude
//!   Desktop documents and the only ones VS Code's importer reads. Remote servers are added in
//!   the app (Settings → Connectors → Add custom connector), not in this file: an entry with
//!   `url` is not connected (reported as ignored, and with `type: http`/`sse` as stopping some
//!   versions from starting). The bridge for a remote server is a stdio command,
//!   `npx mcp-remote <url>`, which itself expands `${VAR}` in its `--header` values from its
//!   environment. `remote-server-in-desktop-config` reports such entries.
//! - **Variables**: none. `${VAR}` in `command`, `args` or `env` reaches the server as written
//!   (the official troubleshooting advice for a literal `${APPDATA}` is to write the expanded
//!   path into `env`).
//! - **Names**: Claude Desktop accepts any key, spaces included; Claude Code's
//!   `claude mcp add-from-claude-desktop` accepts only letters, digits, `-` and `_`.
//! - **Scope**: Claude Desktop has none. The file at Claude Desktop's own place (a parent
//!   directory named `Claude`, or found under the home directory) is one user's file on one
//!   machine: [`USER`], so absolute paths into the home directory are expected there and a
//!   token in `env` is a warning. Any other copy (a repository's `examples/` or root, a name
//!   such as `claude_desktop_config.example.json`) is written for other people: [`COPY`], with
//!   [`Scope::Project`] standing for "shared", so `machine-specific-path` and the shared-file
//!   severity of `plaintext-secret` apply as they do to a project `.mcp.json`.
//! - **Shape**: Claude Desktop's servers look like everyone's; a file is claimed by shape only
//!   when beside `mcpServers` it has one of the app's own top-level settings (`globalShortcut`,
//!   `isUsingBuiltInNodeForMcp`), which no other client writes. The app wrote such a file for
//!   one user, so it is read as personal ([`USER`]) whatever its name.
//!
//! See: <https://modelcontextprotocol.io/docs/develop/connect-local-servers>,
//! <https://modelcontextprotocol.io/docs/develop/connect-remote-servers>,
//! <https://code.claude.com/docs/en/mcp> ("Import MCP servers from Claude Desktop"),
//! VS Code `src/vs/workbench/contrib/mcp/node/nativeMcpDiscoveryAdapters.ts` (Linux path,
//! fields read), <https://github.com/modelcontextprotocol/servers/issues/1039> (`${VAR}` passed
//! literally), <https://github.com/ROCTUP/1c-mcp-toolkit/issues/15> and
//! <https://github.com/neon-solutions/add-mcp/pull/8> (`url` entries),
//! <https://github.com/geelen/mcp-remote> (the bridge and its `${VAR}` in `--header`).

use std::path::Path;

use super::{Dialect, Origin, Role, Syntax, file_name_is, parent_dir_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;
use crate::resolve::env::{Field, Substitution, UnsetBehaviour};

/// The file's name.
pub const FILE_NAME: &str = "claude_desktop_config.json";

/// The file Claude Desktop reads, at its own place on one machine.
pub const USER: Role =
    Role { label: "Claude Desktop `claude_desktop_config.json`", scope: Some(Scope::User), layout: super::MCP_SERVERS };
/// A copy kept elsewhere (a repository's example): shared with other people.
pub const COPY: Role = Role {
    label: "copy of `claude_desktop_config.json` outside Claude Desktop's folder",
    scope: Some(Scope::Project),
    layout: super::MCP_SERVERS,
};

/// Claude Desktop expands no variables; these are the fields it passes to the server, where
/// a reference reaches the server as written.
pub const SUBSTITUTION: Substitution = Substitution {
    forms: &[],
    unset: UnsetBehaviour::KeepLiteral,
    fields: &[Field::Scalar("command"), Field::Items("args"), Field::Values("env")],
    builtins: &[],
};

/// The Claude Desktop dialect.
pub static DIALECT: Dialect = Dialect {
    id: "claude-desktop",
    client: "Claude Desktop",
    summary: "Claude Desktop: claude_desktop_config.json (strict JSON, `mcpServers`, stdio only, no variables)",
    syntax: Syntax::StrictJson,
    role_for_path,
    role_for_shape,
    default_role: USER,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/claude-desktop.schema.json")),
    wording: super::Wording {
        ignored: "Claude Desktop ignores it",
        rejected: "the server may not start in Claude Desktop",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

/// Top-level settings only Claude Desktop's own file has.
const APP_SETTINGS: &[&str] = &["globalShortcut", "isUsingBuiltInNodeForMcp"];

/// `claude_desktop_config.json` (or a name built on it, such as
/// `claude_desktop_config.example.json`): Claude Desktop's own file when it is the exact name
/// in a directory named `Claude` or was found under the home directory, else a shared copy.
fn role_for_path(path: &Path, origin: Origin) -> Option<Role> {
    let name = path.file_name()?.to_str()?;
    let exact = file_name_is(path, FILE_NAME);
    let named_after_it = name.contains("claude_desktop_config") && name.ends_with(".json");
    if !named_after_it {
        return None;
    }
    let at_desktop_place = origin == Origin::Home || parent_dir_is(path, "Claude");
    Some(if exact && at_desktop_place { USER } else { COPY })
}

/// A `mcpServers` file that also holds one of Claude Desktop's app settings: a file the app
/// wrote for one user (under another name, e.g. a backup), so a personal one.
fn role_for_shape(root: &Node) -> Option<Role> {
    root.get("mcpServers")?.as_object()?;
    APP_SETTINGS.iter().any(|k| root.get(k).is_some()).then_some(USER)
}

/// Every entry Claude Desktop starts is a stdio server from `command`; an entry with only an
/// address (`url`, or Windsurf's `serverUrl`) is not connected at all (`type` is not read).
fn transport(entry: &Node) -> TransportChoice {
    let address = entry.get("url").is_some() || entry.get("serverUrl").is_some();
    if entry.get("command").is_none() && address {
        TransportChoice::Rejected
    } else {
        TransportChoice::Inferred(Transport::Stdio)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn the_file_at_desktops_place_is_personal_and_copies_are_shared() {
        let role = |p: &str, o| role_for_path(Path::new(p), o);
        let mac = "/Users/a/Library/Application Support/Claude/claude_desktop_config.json";
        assert_eq!(role(mac, Origin::Explicit), Some(USER));
        assert_eq!(role("C:/Users/a/AppData/Roaming/Claude/claude_desktop_config.json", Origin::Explicit), Some(USER));
        assert_eq!(role("/home/a/.config/Claude/claude_desktop_config.json", Origin::Explicit), Some(USER));
        assert_eq!(role("/home/a/claude_desktop_config.json", Origin::Home), Some(USER));
        assert_eq!(role("/r/examples/claude_desktop_config.json", Origin::Explicit), Some(COPY));
        assert_eq!(role("/r/claude_desktop_config.json", Origin::Project), Some(COPY));
        assert_eq!(role("/r/claude/claude_desktop_config.json", Origin::Explicit), Some(COPY));
        assert_eq!(role("/r/Claude/claude_desktop_config.example.json", Origin::Explicit), Some(COPY));
        assert_eq!(role("/r/bad.claude_desktop_config.json", Origin::Explicit), Some(COPY));
        assert_eq!(role("/r/claude_desktop_config.md", Origin::Explicit), None);
        assert_eq!(role("/r/.mcp.json", Origin::Explicit), None);
        assert_eq!(role("/r/mcp_config.json", Origin::Explicit), None);
    }

    #[test]
    fn shape_needs_an_app_setting() {
        assert_eq!(role_for_shape(&root(r#"{"globalShortcut": "", "mcpServers": {}}"#)), Some(USER));
        assert_eq!(role_for_shape(&root(r#"{"isUsingBuiltInNodeForMcp": true, "mcpServers": {}}"#)), Some(USER));
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {"a": {"command": "x"}}}"#)), None);
        assert_eq!(role_for_shape(&root(r#"{"globalShortcut": ""}"#)), None);
        assert_eq!(role_for_shape(&root("[]")), None);
    }

    #[test]
    fn every_server_is_stdio_and_url_entries_are_not_connected() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"command": "x", "url": "https://x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"url": "https://x"}"#), TransportChoice::Rejected);
        assert_eq!(t(r#"{"type": "http", "url": "https://x"}"#), TransportChoice::Rejected);
        assert_eq!(t(r#"{"serverUrl": "https://x"}"#), TransportChoice::Rejected);
        assert_eq!(t(r#"{}"#), TransportChoice::Inferred(Transport::Stdio));
    }
}
