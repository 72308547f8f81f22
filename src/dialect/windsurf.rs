//! Windsurf (Cascade): `~/.codeium/windsurf/mcp_config.json` (Windows
//! `%USERPROFILE%\.codeium\windsurf\`). The docs of the Windsurf plugins for other IDEs and
//! one translation say `~/.codeium/mcp_config.json`, so both places are accepted, and a file
//! named `mcp_config.json` anywhere else is read as a copy of it.
//!
//! - **Format**: strict JSON; servers under `mcpServers`, "the same schema as Claude Desktop"
//!   for stdio servers (`command`, `args`, `env`).
//! - **Remote servers**: `serverUrl` **or** `url`, with `headers`; no `type` is needed, since
//!   Windsurf picks the transport from the fields (stdio, streamable HTTP or SSE; it tries
//!   both HTTP transports) and supports OAuth on each. `serverUrl` is an alias of `url`
//!   ([`Dialect::field_aliases`]), so the URL rules look at either. When both are written the
//!   docs do not say which one wins; the rules see `url`.
//! - **Other fields**: `disabled` and `disabledTools` (a server and tool switch; they are in
//!   Windsurf users' files and third-party guides but not in the docs' examples, so they are
//!   modelled as read without a first-hand source) and `registry` (written by the MCP
//!   Marketplace beside entries it installs, e.g. `"io.windsurf/context7"`). `type` is not
//!   documented; it is accepted because configurations copied from other clients carry it.
//! - **Variables**: `${env:VAR}` in `command`, `args`, `env`, `serverUrl`, `url` and `headers`
//!   (the docs' example: `"Bearer ${env:AUTH_TOKEN}"` in `headers`). What an unset variable
//!   becomes is not documented. A third-party page also lists `${file:/path}` (a file's
//!   contents); no Windsurf source confirms it, so it is reported as not expanded, like
//!   `${VAR}` and `$VAR`.
//! - **Scope**: none; the file is one user's. As for Claude Desktop, the file at Windsurf's
//!   place (in `.codeium` or a directory inside it, or found under the home directory) is
//!   [`USER`]; any other `mcp_config.json` (a repository's `windsurf/mcp_config.json`
//!   included) is a [`COPY`] kept for other people, with [`Scope::Project`] standing for
//!   "shared".
//! - **Shape**: a file is Windsurf's by shape when some server gives its address in
//!   `serverUrl`, which only Windsurf (and its forks) read.
//! - **Limits**: Cascade offers at most 100 tools across all servers at a time; that is known
//!   only once the servers are running (a probe-time fact, not checked here).
//!
//! See: <https://docs.windsurf.com/windsurf/cascade/mcp> ("mcp_config.json", "Remote HTTP
//! MCPs", "Config Interpolation", "Admin Controls"), <https://docs.windsurf.com/plugins/cascade/mcp>,
//! <https://syllago.dev/using-syllago/providers/windsurf/mcp/> (third party: `${file:…}`).

use std::path::Path;

use super::{Dialect, Origin, Role, Syntax, file_name_is, parent_dir_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;
use crate::resolve::env::{Field, Form, Substitution, UnsetBehaviour};

/// The file's name.
pub const FILE_NAME: &str = "mcp_config.json";

/// The file Windsurf reads, at its own place on one machine.
pub const USER: Role =
    Role { label: "Windsurf `mcp_config.json`", scope: Some(Scope::User), layout: super::MCP_SERVERS };
/// A copy kept elsewhere (a repository's example): shared with other people.
pub const COPY: Role = Role {
    label: "copy of Windsurf's `mcp_config.json` outside `~/.codeium`",
    scope: Some(Scope::Project),
    layout: super::MCP_SERVERS,
};

/// Windsurf: `${env:VAR}` in `command`, `args`, `env` values, `serverUrl`, `url` and `headers`
/// values; what an unset variable becomes is not documented.
pub const SUBSTITUTION: Substitution = Substitution {
    forms: &[Form::EnvPrefixed],
    unset: UnsetBehaviour::Undocumented,
    fields: &[
        Field::Scalar("command"),
        Field::Items("args"),
        Field::Values("env"),
        Field::Scalar("serverUrl"),
        Field::Scalar("url"),
        Field::Values("headers"),
    ],
    builtins: &[],
};

/// The Windsurf dialect.
pub static DIALECT: Dialect = Dialect {
    id: "windsurf",
    client: "Windsurf",
    summary: "Windsurf: ~/.codeium/windsurf/mcp_config.json (strict JSON, `mcpServers`, `serverUrl` or `url`, `${env:VAR}`)",
    syntax: Syntax::StrictJson,
    role_for_path,
    role_for_shape,
    default_role: USER,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[("serverUrl", "url")],
    schema: Some(include_str!("../../schemas/windsurf.schema.json")),
    wording: super::Wording { ignored: "Windsurf ignores it", rejected: "the server may not start in Windsurf" },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

/// `mcp_config.json`: Windsurf's own file in `.codeium` or one of its subdirectories
/// (`windsurf`, `windsurf-next`), or found under the home directory; else a shared copy (a
/// repository's `windsurf/mcp_config.json` is an example for others, not the file Windsurf
/// reads).
fn role_for_path(path: &Path, origin: Origin) -> Option<Role> {
    if !file_name_is(path, FILE_NAME) {
        return None;
    }
    let under_codeium =
        parent_dir_is(path, ".codeium") || path.parent().is_some_and(|dir| parent_dir_is(dir, ".codeium"));
    Some(if origin == Origin::Home || under_codeium { USER } else { COPY })
}

/// A `mcpServers` file in which some server has a `serverUrl`.
fn role_for_shape(root: &Node) -> Option<Role> {
    let servers = root.get("mcpServers")?.as_object()?;
    servers.iter().any(|s| s.value.get("serverUrl").is_some()).then_some(COPY)
}

/// `command` ⇒ stdio; `serverUrl` or `url` ⇒ remote (Windsurf tries streamable HTTP and SSE);
/// `type` is not read.
fn transport(entry: &Node) -> TransportChoice {
    let remote = entry.get("serverUrl").is_some() || entry.get("url").is_some();
    if entry.get("command").is_none() && remote {
        TransportChoice::Inferred(Transport::Http)
    } else {
        TransportChoice::Inferred(Transport::Stdio)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn the_file_under_codeium_is_personal_and_copies_are_shared() {
        let role = |p: &str, o| role_for_path(Path::new(p), o);
        assert_eq!(role("/home/a/.codeium/windsurf/mcp_config.json", Origin::Explicit), Some(USER));
        assert_eq!(role("/home/a/.codeium/mcp_config.json", Origin::Explicit), Some(USER));
        assert_eq!(role("/home/a/.codeium/windsurf-next/mcp_config.json", Origin::Explicit), Some(USER));
        assert_eq!(role("C:/Users/a/.codeium/windsurf/mcp_config.json", Origin::Explicit), Some(USER));
        assert_eq!(role("/h/mcp_config.json", Origin::Home), Some(USER));
        assert_eq!(role("/r/mcp_config.json", Origin::Explicit), Some(COPY));
        assert_eq!(role("/r/docs/mcp_config.json", Origin::Project), Some(COPY));
        assert_eq!(role("/r/examples/windsurf/mcp_config.json", Origin::Explicit), Some(COPY));
        assert_eq!(role("/r/.mcp.json", Origin::Explicit), None);
        assert_eq!(role("/r/mcp.json", Origin::Explicit), None);
        assert_eq!(role("/r/claude_desktop_config.json", Origin::Explicit), None);
    }

    #[test]
    fn shape_needs_a_server_url() {
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {"a": {"serverUrl": "https://x"}}}"#)), Some(COPY));
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {"a": {"url": "https://x"}}}"#)), None);
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {"a": {"command": "x"}}}"#)), None);
        assert_eq!(role_for_shape(&root(r#"{"a": {"serverUrl": "https://x"}}"#)), None);
    }

    #[test]
    fn transport_follows_the_fields_not_type() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"serverUrl": "https://x"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"url": "https://x/sse"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"type": "sse", "url": "https://x"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{}"#), TransportChoice::Inferred(Transport::Stdio));
    }
}
