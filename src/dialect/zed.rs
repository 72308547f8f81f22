//! Zed: `context_servers` in the user settings `~/.config/zed/settings.json`
//! (`$XDG_CONFIG_HOME/zed/` on Linux, `%APPDATA%\Zed\settings.json` on Windows) and in a
//! project's `.zed/settings.json` (project MCP servers start only once the worktree is trusted).
//!
//! Format: JSON with comments and trailing commas (Zed parses settings with
//! `serde_json_lenient`). The file holds every other Zed setting too; only `context_servers` is
//! described here, and other top-level keys are not reported.
//!
//! Entries are an untagged enum, tried in this order: stdio `{command, args, env, timeout,
//! enabled, remote}` (`command` a string), HTTP `{url, headers, timeout, oauth {client_id,
//! client_secret}, enabled}`, extension `{settings, enabled, remote}`. Unknown keys are ignored.
//! Because every field of the extension shape is optional, an entry that fits neither of the
//! first two (a value of the wrong type, a `command` object) silently becomes an extension's
//! server, which starts nothing unless an installed extension provides a server of that name.
//! `timeout` is in seconds (default: `context_server_timeout`, 60).
//!
//! Older shapes: `"source": "custom" | "extension"` (still in Zed's docs; ignored now) and,
//! before that, `"command": {"path", "args", "env"}`. Zed's settings migrator rewrites the
//! nested command into `command` + `args` + `env` (in memory, with a banner asking to update the
//! file) — verified for the user settings file; for project files it was not verified.
//!
//! Variables: no expansion of `${VAR}`, `$VAR` or `~` in `context_servers` was found in Zed's
//! settings code or docs, so mcpcheck models none: every reference reaches the server as written.
//!
//! See: <https://zed.dev/docs/ai/mcp>, <https://zed.dev/docs/configuring-zed>, zed-industries/zed
//! `crates/settings_content/src/project.rs` (`ContextServerSettingsContent`,
//! `ContextServerCommand`, at 006ce51) and `crates/migrator` (the `m_2025_06_16` migration and
//! `flatten_context_server_command`).

use std::path::Path;

use super::{Dialect, Layout, Origin, Role, Syntax, file_name_is, parent_dir_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;
use crate::resolve::env::{Field, Substitution, UnsetBehaviour};

/// Where Zed's servers live.
const SERVERS: Layout = Layout::Map("context_servers");

/// `~/.config/zed/settings.json` (`%APPDATA%\Zed\settings.json` on Windows).
pub const USER: Role =
    Role { label: "user settings `~/.config/zed/settings.json`", scope: Some(Scope::User), layout: SERVERS };
/// `<project>/.zed/settings.json`.
pub const PROJECT: Role =
    Role { label: "project settings `.zed/settings.json`", scope: Some(Scope::Project), layout: SERVERS };

/// Zed expands no variables; the fields are listed so that references in them are reported as
/// not expanded rather than ignored.
pub const SUBSTITUTION: Substitution = Substitution {
    forms: &[],
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

/// The Zed dialect.
pub static DIALECT: Dialect = Dialect {
    id: "zed",
    client: "Zed",
    summary: "Zed: `context_servers` in ~/.config/zed/settings.json and .zed/settings.json (JSONC)",
    syntax: Syntax::Jsonc,
    role_for_path,
    role_for_shape,
    default_role: PROJECT,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/zed.schema.json")),
    wording: super::Wording {
        ignored: "Zed ignores it",
        rejected: "Zed cannot read the entry as a command or URL server and falls back to reading it as an extension's server, so it does not start",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

fn role_for_path(path: &Path, _origin: Origin) -> Option<Role> {
    if !file_name_is(path, "settings.json") {
        None
    } else if parent_dir_is(path, ".zed") {
        Some(PROJECT)
    } else if parent_dir_is(path, "zed") || parent_dir_is(path, "Zed") {
        Some(USER)
    } else {
        None
    }
}

/// A file with a top-level `context_servers` object.
fn role_for_shape(root: &Node) -> Option<Role> {
    root.get("context_servers").and_then(Node::as_object).map(|_| PROJECT)
}

/// Whether an entry is an extension's server: neither `command` nor `url`, so Zed's untagged
/// enum reads it as its extension shape (`settings`, `enabled`, `remote`).
pub fn is_extension_entry(entry: &Node) -> bool {
    entry.as_object().is_some() && entry.get("command").is_none() && entry.get("url").is_none()
}

/// `command` ⇒ stdio (Zed tries that shape first); `url` ⇒ HTTP; neither ⇒ an extension's
/// server, which the extension starts as a command (stdio).
pub(crate) fn transport(entry: &Node) -> TransportChoice {
    if entry.get("command").is_some() {
        TransportChoice::Inferred(Transport::Stdio)
    } else if entry.get("url").is_some() {
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
    fn paths_and_shapes() {
        let role = |p: &str| role_for_path(Path::new(p), Origin::Explicit);
        assert_eq!(role("/home/u/.config/zed/settings.json"), Some(USER));
        assert_eq!(role("/Users/u/AppData/Roaming/Zed/settings.json"), Some(USER));
        assert_eq!(role("/r/.zed/settings.json"), Some(PROJECT));
        assert_eq!(role("/r/.zed/tasks.json"), None);
        assert_eq!(role("/home/u/.config/zed/keymap.json"), None);
        assert_eq!(role("/r/.gemini/settings.json"), None);
        assert_eq!(role("/r/.vscode/settings.json"), None);
        let shape = |t: &str| role_for_shape(&root(t));
        assert_eq!(shape(r#"{"context_servers": {}}"#), Some(PROJECT));
        assert_eq!(shape(r#"{"theme": "One Dark", "context_servers": {"a": {"command": "x"}}}"#), Some(PROJECT));
        assert_eq!(shape(r#"{"context_servers": []}"#), None);
        assert_eq!(shape(r#"{"mcpServers": {}}"#), None);
    }

    #[test]
    fn transport_follows_the_untagged_enum() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"command": {"path": "x"}}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"command": "x", "url": "https://x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"url": "https://x"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"settings": {}}"#), TransportChoice::Inferred(Transport::Stdio));
        assert!(is_extension_entry(&root(r#"{"settings": {"key": "v"}, "enabled": true}"#)));
        assert!(!is_extension_entry(&root(r#"{"url": "https://x"}"#)));
    }
}
