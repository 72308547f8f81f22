//! OpenAI Codex (CLI, IDE extension and desktop app share one file): `config.toml` in
//! `$CODEX_HOME` (default `~/.codex/config.toml`), a project's `.codex/config.toml` (read only
//! in projects the user trusts) and the system-wide `/etc/codex/config.toml`.
//!
//! Format: TOML (Codex reads it with `toml::from_str`, toml 0.9.11, TOML 1.1; see
//! `crate::parse::parse_toml`). A file Codex cannot parse, or an MCP server entry it cannot
//! accept, stops Codex at startup (`Error loading config.toml: invalid transport in
//! mcp_servers.x`, openai/codex#29396) — not just that server.
//!
//! Servers: `[mcp_servers.<name>]` tables (or inline tables under `mcp_servers`). The rest of
//! the file (`model`, `approval_policy`, `profiles`, `features`, …) is Codex's own settings
//! and is not checked here, except that such a key written below a server's header belongs to
//! that server (`misplaced-top-level-key`).
//!
//! Transport: no `type` field. `command` ⇒ stdio; otherwise `url` ⇒ streamable HTTP (Codex
//! has no SSE transport); neither ⇒ `invalid transport`. Fields of the other transport are
//! errors, not ignored: `url`, `bearer_token_env_var`, `http_headers`, `env_http_headers`,
//! `oauth`, `oauth_resource` with `command`; `args`, `env`, `env_vars`, `cwd` with `url`;
//! `bearer_token` always (`<field> is not supported for <transport>`). Unknown keys in a
//! server entry are ignored at run time (the published schema denies them).
//!
//! Variables: none. Codex expands no `${VAR}` anywhere in `config.toml`; secrets come from the
//! environment by name: `env_vars` (forwarded to a stdio server), `bearer_token_env_var` and
//! `env_http_headers` (for an HTTP server).
//!
//! Sources: openai/codex `codex-rs/config/src/mcp_types.rs` (`RawMcpServerConfig`, its
//! `TryFrom` validation, `AppToolApproval`), `codex-rs/core/src/config_loader/layer_io.rs`,
//! `codex-rs/Cargo.lock`; <https://developers.openai.com/codex/config-basic>,
//! <https://developers.openai.com/codex/config-reference>,
//! <https://developers.openai.com/codex/mcp>; `docs/DIALECTS.md` §7.

use std::path::Path;

use super::{Dialect, Layout, Origin, Role, Syntax, file_name_is, parent_dir_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;
use crate::resolve::env::{Field, Substitution, UnsetBehaviour};

/// Where Codex's servers are.
const LAYOUT: Layout = Layout::Map("mcp_servers");

/// `$CODEX_HOME/config.toml` (default `~/.codex/config.toml`).
pub const USER: Role = Role { label: "user `~/.codex/config.toml`", scope: Some(Scope::User), layout: LAYOUT };
/// A project's `.codex/config.toml` (read only in trusted projects).
pub const PROJECT: Role = Role { label: "project `.codex/config.toml`", scope: Some(Scope::Project), layout: LAYOUT };
/// The system-wide `/etc/codex/config.toml`.
pub const SYSTEM: Role = Role { label: "system `/etc/codex/config.toml`", scope: Some(Scope::Managed), layout: LAYOUT };

/// Codex expands nothing. The fields listed are the ones where a `${VAR}` is written in
/// practice (values, paths, header values, and the fields that take a variable's name), so
/// that `unsupported-variable-syntax` can say what to write instead in each of them.
pub const SUBSTITUTION: Substitution = Substitution {
    forms: &[],
    unset: UnsetBehaviour::KeepLiteral,
    fields: &[
        Field::Scalar("command"),
        Field::Items("args"),
        Field::Values("env"),
        Field::Items("env_vars"),
        Field::Scalar("cwd"),
        Field::Scalar("url"),
        Field::Scalar("bearer_token_env_var"),
        Field::Values("http_headers"),
        Field::Values("env_http_headers"),
    ],
    builtins: &[],
};

/// The Codex dialect.
pub static DIALECT: Dialect = Dialect {
    id: "codex",
    client: "Codex",
    summary: "OpenAI Codex: ~/.codex/config.toml, .codex/config.toml, /etc/codex/config.toml (TOML, `[mcp_servers.<name>]`)",
    syntax: Syntax::Toml,
    role_for_path,
    role_for_shape,
    default_role: USER,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[("http_headers", "headers")],
    schema: Some(include_str!("../../schemas/codex.schema.json")),
    wording: super::Wording {
        ignored: "Codex ignores it",
        rejected: "Codex refuses to load config.toml, so it does not start",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

/// Whether `dialect` is Codex (for help that names Codex's own fields: `env_vars`,
/// `bearer_token_env_var`, `env_http_headers`).
pub fn is_codex(dialect: &Dialect) -> bool {
    dialect.id == DIALECT.id
}

/// A file named `config.toml` in a directory named `.codex` (user scope under the home
/// directory, else project scope) or `codex` (`/etc/codex`).
fn role_for_path(path: &Path, origin: Origin) -> Option<Role> {
    if !file_name_is(path, "config.toml") {
        return None;
    }
    // `/etc/codex/config.toml`, `%ProgramData%\OpenAI\Codex\config.toml`.
    if parent_dir_is(path, "codex") || parent_dir_is(path, "Codex") {
        return Some(SYSTEM);
    }
    if !parent_dir_is(path, ".codex") {
        return None;
    }
    // A file named on the command line is most often a repository's (pre-commit, CI).
    Some(match origin {
        Origin::Home => USER,
        Origin::Managed | Origin::System => SYSTEM,
        Origin::Project | Origin::Explicit => PROJECT,
    })
}

/// A TOML document with an `mcp_servers` table (only TOML files are offered to this dialect).
fn role_for_shape(root: &Node) -> Option<Role> {
    root.get("mcp_servers").and_then(Node::as_object).map(|_| USER)
}

/// Fields Codex accepts only on a stdio (`command`) server.
pub const STDIO_ONLY: &[&str] = &["args", "env", "env_vars", "cwd"];
/// Fields Codex accepts only on a streamable HTTP (`url`) server.
pub const HTTP_ONLY: &[&str] =
    &["url", "bearer_token_env_var", "http_headers", "env_http_headers", "oauth", "oauth_resource"];

/// `command` ⇒ stdio, else `url` ⇒ streamable HTTP; neither, a field of the other transport,
/// or `bearer_token` ⇒ Codex rejects the entry (and with it the whole file).
pub(crate) fn transport(entry: &Node) -> TransportChoice {
    let has = |key: &str| entry.get(key).is_some();
    if has("bearer_token") {
        return TransportChoice::Rejected;
    }
    if has("command") {
        if HTTP_ONLY.iter().any(|f| has(f)) {
            return TransportChoice::Rejected;
        }
        TransportChoice::Inferred(Transport::Stdio)
    } else if has("url") {
        if STDIO_ONLY.iter().any(|f| has(f)) {
            return TransportChoice::Rejected;
        }
        TransportChoice::Inferred(Transport::Http)
    } else {
        TransportChoice::Rejected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_toml;
    use crate::source::SourceFile;

    fn root(text: &str) -> Node {
        parse_toml(&SourceFile::new("config.toml", text)).unwrap().root
    }

    #[test]
    fn transport_follows_codex() {
        let t = |s| transport(&root(s));
        assert_eq!(t("command = \"x\"\nargs = [\"a\"]"), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t("url = \"https://x\"\nhttp_headers = { A = \"b\" }"), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t("command = \"x\"\nurl = \"https://x\""), TransportChoice::Rejected);
        assert_eq!(t("command = \"x\"\nbearer_token_env_var = \"T\""), TransportChoice::Rejected);
        assert_eq!(t("url = \"https://x\"\ncwd = \".\""), TransportChoice::Rejected);
        assert_eq!(t("url = \"https://x\"\nbearer_token = \"t\""), TransportChoice::Rejected);
        assert_eq!(t("startup_timeout_sec = 60"), TransportChoice::Rejected);
        // `type` is not Codex's: it decides nothing.
        assert_eq!(t("type = \"http\"\ncommand = \"x\""), TransportChoice::Inferred(Transport::Stdio));
    }

    #[test]
    fn paths_and_shapes() {
        let p = |s: &str, o| role_for_path(Path::new(s), o);
        assert_eq!(p("/home/u/.codex/config.toml", Origin::Home), Some(USER));
        assert_eq!(p("/r/.codex/config.toml", Origin::Explicit), Some(PROJECT));
        assert_eq!(p("/r/.codex/config.toml", Origin::Project), Some(PROJECT));
        assert_eq!(p("/etc/codex/config.toml", Origin::Explicit), Some(SYSTEM));
        assert_eq!(p("/r/config.toml", Origin::Explicit), None);
        assert_eq!(p("/r/.codex/mcp.json", Origin::Explicit), None);
        assert_eq!(p("/r/.cursor/mcp.json", Origin::Explicit), None);
        assert_eq!(role_for_shape(&root("[mcp_servers.a]\ncommand = \"x\"\n")), Some(USER));
        assert_eq!(role_for_shape(&root("model = \"o3\"\n")), None);
        assert_eq!(role_for_shape(&root("mcp_servers = 1\n")), None);
    }
}
