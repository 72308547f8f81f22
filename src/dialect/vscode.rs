//! VS Code (GitHub Copilot agent mode): a workspace's `.vscode/mcp.json` and the `mcp.json`
//! of a user profile, beside the profile's settings.json (`~/.config/Code/User/mcp.json`,
//! `~/Library/Application Support/Code/User/mcp.json`, `%APPDATA%\Code\User\mcp.json`, the
//! same under `Code - Insiders`, `VSCodium`…, `User/profiles/<id>/mcp.json` for a named
//! profile, and `~/.vscode-server/data/User/mcp.json` on a remote host).
//!
//! Format: JSON with comments and trailing commas (VS Code's schema sets `allowComments` and
//! `allowTrailingCommas`; the profile file is read with `allowTrailingComma`). The top level
//! holds `servers` (an object of entries), `inputs` (an array of prompts) and, in VS Code's
//! source, a file-level `sandbox`; nothing else (`additionalProperties: false`). Older releases
//! read `mcp.json` through the settings service and moved an `mcpServers` key into `servers` by
//! themselves (configMcpDiscovery.ts); current ones read it through the MCP resource scanner
//! (installedMcpServersDiscovery.ts, mcpResourceScannerService.ts), which takes only `servers`,
//! `inputs` and `sandbox`.
//!
//! Transport: `type` `stdio`, `http` or `sse`. The documentation marks `type` required, but
//! VS Code's loader chooses by the fields when it is absent (or another value): `command` ⇒
//! stdio, else remote (mcpResourceScannerService.ts `sanitizeServer`). A remote server tries
//! Streamable HTTP first and falls back to SSE. `url` may also be `unix:///path.sock` or
//! `pipe:///name`, with a `#/subpath` fragment.
//!
//! Variables: VS Code's resolver replaces its predefined variables (`${workspaceFolder}`,
//! `${userHome}`, `${pathSeparator}`, `${/}`…, `${workspaceFolder:<root>}`), `${env:NAME}` (an
//! unset variable becomes the empty string, vscode#46436), `${config:…}`, `${command:…}` and
//! `${input:<id>}`, which it asks the user for on first start and stores. A `${input:id}` that
//! no entry of `inputs` declares fails the server's start with "Undefined input variable".
//! A plain `${NAME}` is not replaced. Expanded fields: the server's launch (`command`,
//! `args`, `env`, `envFile`, `cwd`, `url`, `headers`) and the paths in `sandbox`.
//!
//! See: <https://code.visualstudio.com/docs/agents/reference/mcp-configuration>,
//! <https://code.visualstudio.com/docs/reference/variables-reference>, microsoft/vscode
//! `src/vs/workbench/contrib/mcp/common/mcpConfiguration.ts`,
//! `src/vs/platform/mcp/common/mcpResourceScannerService.ts`,
//! `src/vs/workbench/services/configurationResolver/common/variableResolver.ts`.
//!
//! Shape detection: a top-level `servers` key (VS Code's own) or an `inputs` array, without a
//! `mcpServers` key.

use std::path::Path;

use super::{Dialect, Layout, Origin, Role, Syntax, file_name_is};
use crate::model::{Scope, Transport, TransportChoice};
use crate::parse::Node;
use crate::resolve::env::{Field, Form, Substitution, UnsetBehaviour};

/// Where VS Code's servers are.
const SERVERS: Layout = Layout::Map("servers");

/// A workspace's `.vscode/mcp.json`.
pub const WORKSPACE: Role =
    Role { label: "workspace `.vscode/mcp.json`", scope: Some(Scope::Project), layout: SERVERS };
/// A user profile's `mcp.json`.
pub const USER: Role = Role { label: "user-profile `mcp.json`", scope: Some(Scope::User), layout: SERVERS };

/// The user-data directories of VS Code and its builds and forks that share its format.
const USER_DATA_DIRS: &[&str] =
    &["Code", "Code - Insiders", "Code - OSS", "Code - Exploration", "VSCodium", "VSCodium - Insiders"];
/// The data directories of VS Code's server on a remote host (`~/.vscode-server/data`).
const REMOTE_DATA_DIRS: &[&str] = &[".vscode-server", ".vscode-server-insiders", ".vscodium-server"];

/// How VS Code substitutes variables.
pub const SUBSTITUTION: Substitution = Substitution {
    forms: &[Form::EnvPrefixed, Form::Input],
    unset: UnsetBehaviour::Empty,
    fields: &[
        Field::Scalar("command"),
        Field::Items("args"),
        Field::Values("env"),
        Field::Scalar("envFile"),
        Field::Scalar("cwd"),
        Field::Scalar("url"),
        Field::Values("headers"),
        Field::Tree("sandbox"),
    ],
    builtins: &[
        "userHome",
        "workspaceFolder",
        "workspaceFolderBasename",
        "file",
        "fileWorkspaceFolder",
        "relativeFile",
        "relativeFileDirname",
        "fileBasename",
        "fileBasenameNoExtension",
        "fileExtname",
        "fileDirname",
        "fileDirnameBasename",
        "cwd",
        "lineNumber",
        "columnNumber",
        "selectedText",
        "execPath",
        "defaultBuildTask",
        "pathSeparator",
        "/",
        "workspaceFolder:",
        "workspaceFolderBasename:",
        "config:",
        "command:",
    ],
};

/// The VS Code dialect.
pub static DIALECT: Dialect = Dialect {
    id: "vscode",
    client: "VS Code",
    summary: "VS Code: .vscode/mcp.json, user-profile mcp.json (JSONC, `servers` + `inputs`, `${input:id}`, `${env:NAME}`)",
    syntax: Syntax::Jsonc,
    role_for_path,
    role_for_shape,
    default_role: WORKSPACE,
    transport,
    substitution: SUBSTITUTION,
    plugin_substitution: None,
    url_requires_type: false,
    field_aliases: &[],
    schema: Some(include_str!("../../schemas/vscode.schema.json")),
    wording: super::Wording {
        ignored: "VS Code ignores it (and its editor flags it)",
        rejected: "VS Code's own schema rejects it, and the server may fail to start",
    },
    unread_server_fields: &[],
    unread_top_level_fields: &[],
};

/// The name of the directory `n` levels above `path` (1 = the directory holding it).
fn ancestor(path: &Path, n: usize) -> Option<&str> {
    path.ancestors().nth(n).and_then(Path::file_name).and_then(|n| n.to_str())
}

/// `.vscode/mcp.json`, or `mcp.json` in a profile's user-data directory.
fn role_for_path(path: &Path, _origin: Origin) -> Option<Role> {
    if !file_name_is(path, "mcp.json") {
        return None;
    }
    if ancestor(path, 1) == Some(".vscode") {
        return Some(WORKSPACE);
    }
    // `<data>/User/mcp.json` or `<data>/User/profiles/<id>/mcp.json`.
    let user = if ancestor(path, 1) == Some("User") {
        2
    } else if ancestor(path, 2) == Some("profiles") && ancestor(path, 3) == Some("User") {
        4
    } else {
        return None;
    };
    let data = ancestor(path, user)?;
    let remote = data == "data" && ancestor(path, user + 1).is_some_and(|d| REMOTE_DATA_DIRS.contains(&d));
    (USER_DATA_DIRS.contains(&data) || remote).then_some(USER)
}

/// A top-level `servers` key or `inputs` array, and no `mcpServers` (whose files are other
/// clients').
fn role_for_shape(root: &Node) -> Option<Role> {
    root.as_object()?;
    if root.get("mcpServers").is_some() {
        return None;
    }
    let inputs = root.get("inputs").is_some_and(|i| i.as_array().is_some());
    (root.get("servers").is_some() || inputs).then_some(WORKSPACE)
}

/// `type` when it is one VS Code knows; otherwise `command` ⇒ stdio, else remote, as VS
/// Code's loader decides.
pub(crate) fn transport(entry: &Node) -> TransportChoice {
    match entry.get("type").and_then(Node::as_str) {
        Some("stdio") => TransportChoice::Declared(Transport::Stdio),
        Some("http") => TransportChoice::Declared(Transport::Http),
        Some("sse") => TransportChoice::Declared(Transport::Sse),
        _ if entry.get("command").is_none() && entry.get("url").is_some() => TransportChoice::Inferred(Transport::Http),
        _ => TransportChoice::Inferred(Transport::Stdio),
    }
}

/// A socket URL VS Code connects to (`unix:///path/to/server.sock`, `pipe:///pipe/name`, with
/// an optional `#/subpath`): the scheme and the socket or pipe path, if `url` is one. A
/// `unix:` or `pipe:` URL whose path is missing gives an empty path.
pub fn socket_url(url: &str) -> Option<(&str, &str)> {
    let url = url.trim();
    let (scheme, rest) = url.split_once(':')?;
    let scheme = ["unix", "pipe"].into_iter().find(|s| s.eq_ignore_ascii_case(scheme))?;
    let rest = rest.trim_start_matches('/');
    let path = rest.split('#').next().unwrap_or_default();
    Some((scheme, path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::test_root as root;

    #[test]
    fn transport_follows_type_then_fields() {
        let t = |s| transport(&root(s));
        assert_eq!(t(r#"{"type": "stdio", "command": "x"}"#), TransportChoice::Declared(Transport::Stdio));
        assert_eq!(t(r#"{"type": "http", "url": "https://x"}"#), TransportChoice::Declared(Transport::Http));
        assert_eq!(t(r#"{"type": "sse", "url": "https://x"}"#), TransportChoice::Declared(Transport::Sse));
        assert_eq!(t(r#"{"command": "x"}"#), TransportChoice::Inferred(Transport::Stdio));
        assert_eq!(t(r#"{"url": "https://x"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"type": "streamable-http", "url": "https://x"}"#), TransportChoice::Inferred(Transport::Http));
        assert_eq!(t(r#"{"command": "x", "url": "https://x"}"#), TransportChoice::Inferred(Transport::Stdio));
    }

    #[test]
    fn paths() {
        let role = |p: &str| role_for_path(Path::new(p), Origin::Explicit);
        assert_eq!(role("/repo/.vscode/mcp.json"), Some(WORKSPACE));
        assert_eq!(role("/home/u/.config/Code/User/mcp.json"), Some(USER));
        assert_eq!(role("/Users/u/Library/Application Support/Code - Insiders/User/mcp.json"), Some(USER));
        assert_eq!(role("C:/Users/u/AppData/Roaming/Code/User/mcp.json"), Some(USER));
        assert_eq!(role("/home/u/.config/VSCodium/User/profiles/1a2b3c/mcp.json"), Some(USER));
        assert_eq!(role("/home/u/.vscode-server/data/User/mcp.json"), Some(USER));
        assert_eq!(role("/home/u/.config/Cursor/User/mcp.json"), None);
        assert_eq!(role("/repo/User/mcp.json"), None);
        assert_eq!(role("/repo/.cursor/mcp.json"), None);
        assert_eq!(role("/repo/.vscode/settings.json"), None);
        assert_eq!(role("/repo/mcp.json"), None);
    }

    #[test]
    fn shapes() {
        assert_eq!(role_for_shape(&root(r#"{"servers": {"a": {"command": "x"}}}"#)), Some(WORKSPACE));
        assert_eq!(role_for_shape(&root(r#"{"servers": []}"#)), Some(WORKSPACE));
        assert_eq!(role_for_shape(&root(r#"{"inputs": []}"#)), Some(WORKSPACE));
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {}, "servers": {}}"#)), None);
        assert_eq!(role_for_shape(&root(r#"{"mcpServers": {}}"#)), None);
        assert_eq!(role_for_shape(&root(r#"{"mcp": {"servers": {}}}"#)), None);
        assert_eq!(role_for_shape(&root("[]")), None);
    }

    #[test]
    fn socket_urls() {
        assert_eq!(socket_url("unix:///tmp/server.sock#/mcp"), Some(("unix", "tmp/server.sock")));
        assert_eq!(socket_url("pipe:///pipe/mcp"), Some(("pipe", "pipe/mcp")));
        assert_eq!(socket_url("unix://"), Some(("unix", "")));
        assert_eq!(socket_url("https://x"), None);
    }
}
