//! The client × OS × scope path matrix: every place an MCP client reads its settings from, as
//! data. One row ([`Place`]) is one file of one client in one scope on a set of operating
//! systems; its anchors ([`Anchor`]) are the ways the client finds it, in the order the client
//! tries them (an environment variable first, its default last). Nothing here touches the file
//! system or the process environment: [`super::search`] resolves rows against an explicit
//! [`super::Machine`], so a test can lay out a macOS or Windows home on Linux.
//!
//! Rows refer to dialects by id, so a row may name a client whose dialect is not built yet;
//! `PENDING` in the tests lists those ids, and detection falls back to the file's shape for them.
//!
//! Sources (see ../shared/docs/DIALECTS.md for the full facts):
//! - Claude Code: <https://code.claude.com/docs/en/mcp>, <https://code.claude.com/docs/en/settings>,
//!   <https://code.claude.com/docs/en/managed-mcp>; `CLAUDE_CONFIG_DIR` moves `~/.claude`
//!   (env-vars docs) and, per anthropics/claude-code#48448, `.claude.json` with it.
//! - Claude Desktop: modelcontextprotocol.io "Connect to local MCP servers" (macOS, Windows);
//!   Linux from VS Code's `nativeMcpDiscoveryAdapters.ts` (no official Linux build).
//! - Cursor: <https://cursor.com/docs/context/mcp>. Windsurf: <https://docs.windsurf.com/windsurf/cascade/mcp>.
//! - VS Code: microsoft/vscode `src/vs/workbench/contrib/mcp/common/` and
//!   <https://code.visualstudio.com/docs/agents/reference/mcp-configuration>; the user folder
//!   is Electron's `appData` (`$XDG_CONFIG_HOME`, `~/Library/Application Support`, `%APPDATA%`).
//! - Gemini CLI: google-gemini/gemini-cli@5411f11 `packages/cli/src/config/settings.ts`
//!   (`getSystemSettingsPath`, `getSystemDefaultsPath`: the defaults file sits beside the
//!   system settings file unless `GEMINI_CLI_SYSTEM_DEFAULTS_PATH` names it) and
//!   `packages/core/src/utils/paths.ts` (`GEMINI_CLI_HOME` replaces the home directory).
//! - Codex: openai/codex `codex-rs/config/src/loader/mod.rs` (`/etc/codex/config.toml` on Unix,
//!   `%ProgramData%\OpenAI\Codex\config.toml` on Windows, `$CODEX_HOME/config.toml`).
//! - Zed: zed-industries/zed, `paths` crate (`config_dir`: `%APPDATA%\Zed` on
//!   Windows, `$XDG_CONFIG_HOME/zed` on Linux, `~/.config/zed` on macOS).
//! - Cline: cline/cline `sdk/packages/shared/src/storage/paths.ts` and the legacy migration
//!   (`CLINE_MCP_SETTINGS_PATH`, `CLINE_DATA_DIR`, `CLINE_DIR`; the VS Code globalStorage and
//!   `~/Documents/Cline/MCP` files are migrated from).
//! - Roo Code: `.roo/mcp.json` and the extension's globalStorage `settings/mcp_settings.json`.
//!   Kiro: `.kiro/settings/mcp.json`, `~/.kiro/settings/mcp.json`.

use std::fmt::Write as _;
use std::path::PathBuf;

/// An operating system whose layout the matrix describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    /// Linux and other Unix systems that follow the XDG layout.
    Linux,
    /// macOS.
    Macos,
    /// Windows.
    Windows,
}

impl Os {
    /// Every OS the matrix knows.
    pub const ALL: [Os; 3] = [Os::Linux, Os::Macos, Os::Windows];

    /// The OS mcpcheck was built for (any Unix that is not macOS counts as Linux).
    pub fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::Macos
        } else {
            Os::Linux
        }
    }

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Os::Linux => "Linux",
            Os::Macos => "macOS",
            Os::Windows => "Windows",
        }
    }
}

impl Default for Os {
    fn default() -> Self {
        Os::current()
    }
}

/// Whose files a place holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Files in a repository, shared with everyone who clones it.
    Project,
    /// One user's files, under the home directory (or where an environment variable says).
    User,
    /// Files an administrator puts in Claude Code's managed directory (`--managed`).
    Managed,
    /// Machine-wide files in a fixed system directory (`/etc/…`, `C:\ProgramData\…`).
    System,
}

impl Scope {
    /// The order scopes are searched and reported in.
    pub const ORDER: [Scope; 4] = [Scope::Project, Scope::User, Scope::Managed, Scope::System];

    /// Lowercase name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Project => "project",
            Scope::User => "user",
            Scope::Managed => "managed",
            Scope::System => "system",
        }
    }
}

/// One way a client finds a file. Relative paths use `/` and are joined component by
/// component, so they come out with the separator of the machine mcpcheck runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Relative to the project root.
    Project(&'static str),
    /// Relative to the home directory (`%USERPROFILE%` on Windows).
    Home(&'static str),
    /// Relative to the directory an environment variable names, when it is set and not empty.
    Env(&'static str, &'static str),
    /// The file an environment variable names, when it is set and not empty.
    EnvFile(&'static str),
    /// A file beside the one an environment variable names (same directory, this name).
    EnvSibling(&'static str, &'static str),
    /// An absolute path, `/`-separated (`C:/…` on Windows), re-rooted under `--system-root`.
    System(&'static str),
    /// Relative to Claude Code's managed directory ([`CLAUDE_CODE_MANAGED_DIR`] or `--managed`).
    Managed(&'static str),
}

impl Anchor {
    /// The environment variable this anchor depends on, if any.
    pub fn var(self) -> Option<&'static str> {
        match self {
            Anchor::Env(var, _) | Anchor::EnvFile(var) | Anchor::EnvSibling(var, _) => Some(var),
            Anchor::Project(_) | Anchor::Home(_) | Anchor::System(_) | Anchor::Managed(_) => None,
        }
    }

    /// How the anchor is written for people on `os`: `~/.cursor/mcp.json`,
    /// `$CODEX_HOME/config.toml`, `%APPDATA%\Code\User\mcp.json`, `<project>/.mcp.json`.
    pub fn template(self, os: Os) -> String {
        let (root, rest): (String, &str) = match self {
            Anchor::Project(rel) => ("<project>".to_owned(), rel),
            Anchor::Home(rel) => (if os == Os::Windows { "%USERPROFILE%".to_owned() } else { "~".to_owned() }, rel),
            Anchor::Env(var, rel) => (var_ref(var, os), rel),
            Anchor::EnvFile(var) => (var_ref(var, os), ""),
            Anchor::EnvSibling(var, name) => (format!("dirname({})", var_ref(var, os)), name),
            Anchor::System(abs) => (String::new(), abs),
            Anchor::Managed(rel) => ("<managed>".to_owned(), rel),
        };
        let mut out = root;
        if !rest.is_empty() {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(rest);
        }
        if os == Os::Windows { out.replace('/', "\\") } else { out }
    }

    /// A path that stands for this anchor's file (`~/.claude/settings.json`,
    /// `<managed>/managed-settings.json`): its final components are the ones a dialect
    /// recognises by name, whatever the machine.
    pub fn stand_in(self) -> PathBuf {
        let (root, rest) = match self {
            Anchor::Project(rel) => ("<project>", rel),
            Anchor::Home(rel) => ("~", rel),
            Anchor::Env(var, rel) | Anchor::EnvSibling(var, rel) => (var, rel),
            Anchor::EnvFile(var) => (var, ""),
            Anchor::System(abs) => ("", abs),
            Anchor::Managed(rel) => ("<managed>", rel),
        };
        let mut path = PathBuf::from(root);
        for part in rest.split('/').filter(|p| !p.is_empty()) {
            path.push(part);
        }
        path
    }
}

fn var_ref(var: &str, os: Os) -> String {
    if os == Os::Windows { format!("%{var}%") } else { format!("${var}") }
}

/// One file of one client in one scope, on some operating systems.
#[derive(Debug, PartialEq, Eq)]
pub struct Place {
    /// The dialect id of the file's format (`cursor`, `vscode`, …).
    pub dialect: &'static str,
    /// Whose file it is.
    pub scope: Scope,
    /// The operating systems on which the client reads it.
    pub os: &'static [Os],
    /// How the client finds it, first match wins; the last anchor is the default.
    pub at: &'static [Anchor],
    /// The path is a directory whose `*.json` files are read, sorted by name.
    pub drop_in: bool,
    /// What to know about it (shown by `--explain-discovery` and in the README).
    pub note: &'static str,
}

const ANY: &[Os] = &[Os::Linux, Os::Macos, Os::Windows];
const LINUX: &[Os] = &[Os::Linux];
const MACOS: &[Os] = &[Os::Macos];
const WINDOWS: &[Os] = &[Os::Windows];
const UNIX: &[Os] = &[Os::Linux, Os::Macos];

use Anchor::{Env, EnvFile, EnvSibling, Home, Managed, Project, System};
use Scope::{Managed as ManagedScope, Project as ProjectScope, System as SystemScope, User};

const fn place(dialect: &'static str, scope: Scope, os: &'static [Os], at: &'static [Anchor]) -> Place {
    Place { dialect, scope, os, at, drop_in: false, note: "" }
}

const fn noted(
    dialect: &'static str,
    scope: Scope,
    os: &'static [Os],
    at: &'static [Anchor],
    note: &'static str,
) -> Place {
    Place { dialect, scope, os, at, drop_in: false, note }
}

/// Claude Code's managed (administrator) directory on each OS: `managed-mcp.json`,
/// `managed-settings.json` and `managed-settings.d/` live here. Windows' legacy
/// `C:\ProgramData\ClaudeCode` is no longer read.
pub const CLAUDE_CODE_MANAGED_DIR: [(Os, &str); 3] = [
    (Os::Linux, "/etc/claude-code"),
    (Os::Macos, "/Library/Application Support/ClaudeCode"),
    (Os::Windows, "C:/Program Files/ClaudeCode"),
];

/// Claude Code's managed directory on `os`, `/`-separated.
pub fn claude_code_managed_dir(os: Os) -> &'static str {
    CLAUDE_CODE_MANAGED_DIR.iter().find(|(o, _)| *o == os).map_or("/etc/claude-code", |(_, dir)| dir)
}

/// Every place, in the order files are reported within a scope: Claude Code's formats first
/// (as before the matrix existed), then the other clients.
pub static PLACES: &[Place] = &[
    // Claude Code.
    place("claude-code", ProjectScope, ANY, &[Project(".mcp.json")]),
    noted(
        "claude-code",
        User,
        ANY,
        &[Env("CLAUDE_CONFIG_DIR", ".claude.json"), Home(".claude.json")],
        "user and local scope; with CLAUDE_CONFIG_DIR set it moves into that directory (anthropics/claude-code#48448)",
    ),
    noted("claude-code", ManagedScope, ANY, &[Managed("managed-mcp.json")], "exclusive: only its servers load"),
    place("claude-code-settings", ProjectScope, ANY, &[Project(".claude/settings.json")]),
    place("claude-code-settings", ProjectScope, ANY, &[Project(".claude/settings.local.json")]),
    place(
        "claude-code-settings",
        User,
        ANY,
        &[Env("CLAUDE_CONFIG_DIR", "settings.json"), Home(".claude/settings.json")],
    ),
    place("claude-code-settings", ManagedScope, ANY, &[Managed("managed-settings.json")]),
    Place {
        dialect: "claude-code-settings",
        scope: ManagedScope,
        os: ANY,
        at: &[Managed("managed-settings.d")],
        drop_in: true,
        note: "drop-in files, merged in name order",
    },
    noted("mcp-settings", ProjectScope, ANY, &[Project("mcp_settings.json")], "tutorial format; no client reads it"),
    noted(
        "mcp-settings",
        ProjectScope,
        ANY,
        &[Project(".claude/mcp_settings.json")],
        "tutorial format; no client reads it",
    ),
    noted("mcp-settings", User, ANY, &[Home(".claude/mcp_settings.json")], "tutorial format; no client reads it"),
    // Claude Desktop.
    place("claude-desktop", User, MACOS, &[Home("Library/Application Support/Claude/claude_desktop_config.json")]),
    place(
        "claude-desktop",
        User,
        WINDOWS,
        &[
            Env("APPDATA", "Claude/claude_desktop_config.json"),
            Home("AppData/Roaming/Claude/claude_desktop_config.json"),
        ],
    ),
    noted(
        "claude-desktop",
        User,
        LINUX,
        &[
            Env("XDG_CONFIG_HOME", "Claude/claude_desktop_config.json"),
            Home(".config/Claude/claude_desktop_config.json"),
        ],
        "no official Linux build; unofficial builds and VS Code's importer use this path",
    ),
    // Cursor.
    place("cursor", ProjectScope, ANY, &[Project(".cursor/mcp.json")]),
    place("cursor", User, ANY, &[Home(".cursor/mcp.json")]),
    // VS Code.
    place("vscode", ProjectScope, ANY, &[Project(".vscode/mcp.json")]),
    noted(
        "vscode",
        ProjectScope,
        ANY,
        &[Project(".mcp.json")],
        "VS Code also reads Claude Code's `.mcp.json` (portable `mcpServers` format); checked once, as Claude Code's",
    ),
    place("vscode", User, LINUX, &[Env("XDG_CONFIG_HOME", "Code/User/mcp.json"), Home(".config/Code/User/mcp.json")]),
    place("vscode", User, MACOS, &[Home("Library/Application Support/Code/User/mcp.json")]),
    place("vscode", User, WINDOWS, &[Env("APPDATA", "Code/User/mcp.json"), Home("AppData/Roaming/Code/User/mcp.json")]),
    // Windsurf.
    place("windsurf", User, ANY, &[Home(".codeium/windsurf/mcp_config.json")]),
    // Gemini CLI.
    noted("gemini", ProjectScope, ANY, &[Project(".gemini/settings.json")], "ignored in an untrusted folder"),
    place("gemini", User, ANY, &[Env("GEMINI_CLI_HOME", ".gemini/settings.json"), Home(".gemini/settings.json")]),
    noted(
        "gemini",
        SystemScope,
        LINUX,
        &[
            EnvFile("GEMINI_CLI_SYSTEM_DEFAULTS_PATH"),
            EnvSibling("GEMINI_CLI_SYSTEM_SETTINGS_PATH", "system-defaults.json"),
            System("/etc/gemini-cli/system-defaults.json"),
        ],
        "system defaults: below user and project settings",
    ),
    noted(
        "gemini",
        SystemScope,
        MACOS,
        &[
            EnvFile("GEMINI_CLI_SYSTEM_DEFAULTS_PATH"),
            EnvSibling("GEMINI_CLI_SYSTEM_SETTINGS_PATH", "system-defaults.json"),
            System("/Library/Application Support/GeminiCli/system-defaults.json"),
        ],
        "system defaults: below user and project settings",
    ),
    noted(
        "gemini",
        SystemScope,
        WINDOWS,
        &[
            EnvFile("GEMINI_CLI_SYSTEM_DEFAULTS_PATH"),
            EnvSibling("GEMINI_CLI_SYSTEM_SETTINGS_PATH", "system-defaults.json"),
            System("C:/ProgramData/gemini-cli/system-defaults.json"),
        ],
        "system defaults: below user and project settings",
    ),
    noted(
        "gemini",
        SystemScope,
        LINUX,
        &[EnvFile("GEMINI_CLI_SYSTEM_SETTINGS_PATH"), System("/etc/gemini-cli/settings.json")],
        "system overrides: above every other settings file",
    ),
    noted(
        "gemini",
        SystemScope,
        MACOS,
        &[EnvFile("GEMINI_CLI_SYSTEM_SETTINGS_PATH"), System("/Library/Application Support/GeminiCli/settings.json")],
        "system overrides: above every other settings file",
    ),
    noted(
        "gemini",
        SystemScope,
        WINDOWS,
        &[EnvFile("GEMINI_CLI_SYSTEM_SETTINGS_PATH"), System("C:/ProgramData/gemini-cli/settings.json")],
        "system overrides: above every other settings file",
    ),
    // Codex.
    noted("codex", ProjectScope, ANY, &[Project(".codex/config.toml")], "read only in trusted projects"),
    place("codex", User, ANY, &[Env("CODEX_HOME", "config.toml"), Home(".codex/config.toml")]),
    place("codex", SystemScope, UNIX, &[System("/etc/codex/config.toml")]),
    noted(
        "codex",
        SystemScope,
        WINDOWS,
        &[System("C:/ProgramData/OpenAI/Codex/config.toml")],
        "the ProgramData known folder; C:\\ProgramData by default",
    ),
    // Zed.
    place("zed", ProjectScope, ANY, &[Project(".zed/settings.json")]),
    place("zed", User, LINUX, &[Env("XDG_CONFIG_HOME", "zed/settings.json"), Home(".config/zed/settings.json")]),
    place("zed", User, MACOS, &[Home(".config/zed/settings.json")]),
    place("zed", User, WINDOWS, &[Env("APPDATA", "Zed/settings.json"), Home("AppData/Roaming/Zed/settings.json")]),
    // Cline.
    noted(
        "cline",
        User,
        ANY,
        &[
            EnvFile("CLINE_MCP_SETTINGS_PATH"),
            Env("CLINE_DATA_DIR", "settings/cline_mcp_settings.json"),
            Env("CLINE_DIR", "data/settings/cline_mcp_settings.json"),
            Home(".cline/data/settings/cline_mcp_settings.json"),
        ],
        "shared by the CLI and the VS Code extension",
    ),
    noted(
        "cline",
        User,
        LINUX,
        &[
            Env("XDG_CONFIG_HOME", "Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
            Home(".config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
        ],
        "legacy VS Code extension storage; current Cline migrates it to the shared file",
    ),
    noted(
        "cline",
        User,
        MACOS,
        &[Home(
            "Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
        )],
        "legacy VS Code extension storage; current Cline migrates it to the shared file",
    ),
    noted(
        "cline",
        User,
        WINDOWS,
        &[
            Env("APPDATA", "Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
            Home("AppData/Roaming/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
        ],
        "legacy VS Code extension storage; current Cline migrates it to the shared file",
    ),
    noted(
        "cline",
        User,
        ANY,
        &[Home("Documents/Cline/MCP/cline_mcp_settings.json")],
        "legacy; current Cline migrates it to the shared file",
    ),
    // Roo Code.
    place("roo", ProjectScope, ANY, &[Project(".roo/mcp.json")]),
    place(
        "roo",
        User,
        LINUX,
        &[
            Env("XDG_CONFIG_HOME", "Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
            Home(".config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
        ],
    ),
    place(
        "roo",
        User,
        MACOS,
        &[Home(
            "Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json",
        )],
    ),
    place(
        "roo",
        User,
        WINDOWS,
        &[
            Env("APPDATA", "Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
            Home("AppData/Roaming/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
        ],
    ),
    // Kiro.
    place("kiro", ProjectScope, ANY, &[Project(".kiro/settings/mcp.json")]),
    place("kiro", User, ANY, &[Home(".kiro/settings/mcp.json")]),
];

/// Each client's name in messages, by dialect id (a dialect that exists says the same in
/// its `client`; `mcp-settings` is named for what it is, since no client reads it).
pub const CLIENTS: &[(&str, &str)] = &[
    ("claude-code", "Claude Code"),
    ("claude-code-settings", "Claude Code"),
    ("mcp-settings", "MCP tutorials (no client)"),
    ("claude-desktop", "Claude Desktop"),
    ("cursor", "Cursor"),
    ("vscode", "VS Code"),
    ("windsurf", "Windsurf"),
    ("gemini", "Gemini CLI"),
    ("codex", "Codex"),
    ("zed", "Zed"),
    ("cline", "Cline"),
    ("roo", "Roo Code"),
    ("kiro", "Kiro"),
];

/// The client name for a dialect id (the id itself when the table lacks it).
pub fn client(dialect: &str) -> &str {
    CLIENTS.iter().find(|(id, _)| *id == dialect).map_or(dialect, |(_, name)| name)
}

/// Every environment variable the matrix reads, sorted (test harnesses scrub them).
pub fn env_vars() -> Vec<&'static str> {
    let mut vars: Vec<_> = PLACES.iter().flat_map(|p| p.at.iter().filter_map(|a| a.var())).collect();
    vars.sort_unstable();
    vars.dedup();
    vars
}

/// How a place is written for people: its anchors on its first OS, "else" between them.
pub fn describe(place: &Place) -> String {
    let os = if place.os.len() == 1 { place.os[0] } else { Os::Linux };
    let mut out = String::new();
    for (i, anchor) in place.at.iter().enumerate() {
        if i > 0 {
            out.push_str(", else ");
        }
        let mut path = anchor.template(os);
        if place.drop_in {
            path.push_str(if os == Os::Windows { "\\*.json" } else { "/*.json" });
        }
        let _ = write!(out, "`{path}`");
        if anchor.var().is_some() {
            out.push_str(" if set");
        }
    }
    out
}

/// The matrix as a Markdown table (the README's "Where mcpcheck looks" section).
pub fn markdown() -> String {
    let mut out = String::from("| client | dialect | scope | OS | path |\n|---|---|---|---|---|\n");
    for place in PLACES {
        let os = if place.os.len() == Os::ALL.len() {
            "all".to_owned()
        } else {
            place.os.iter().map(|o| o.name()).collect::<Vec<_>>().join(", ")
        };
        let note = if place.note.is_empty() { String::new() } else { format!(" — {}", place.note) };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {}{} |",
            client(place.dialect),
            place.dialect,
            place.scope.as_str(),
            os,
            describe(place),
            note.replace('|', "\\|")
        );
    }
    out
}
