//! `machine-specific-path`: an absolute path into one user's home directory in a file that is
//! shared with other people.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::{Rule, RuleMeta};
use crate::dialect::{Detection, DocumentContext};
use crate::finding::{Finding, Target};
use crate::model::{Scope, ServerEntry};

declare_rule! {
    /// ## What it does
    /// Reports an absolute path into one user's home directory (`/Users/<name>/…`,
    /// `/home/<name>/…`, `C:\Users\<name>\…` with either slash) in a server's `command`,
    /// `args`, `env` values or `cwd`, in a file meant to be shared: a project `.mcp.json`, a
    /// plugin's `.mcp.json`, a project's `.cursor/mcp.json`, a workspace's `.vscode/mcp.json`, or
    /// a copy of Claude Desktop's `claude_desktop_config.json` or Windsurf's `mcp_config.json`
    /// kept outside the client's own folder (a repository's example). Personal files
    /// (`~/.claude.json`, `~/.cursor/mcp.json`, a VS Code user profile's `mcp.json`, Claude
    /// Desktop's and Windsurf's files at their own places) are not checked: absolute paths are
    /// normal there. Roo Code's `.roo/mcp.json`, Kiro's `.kiro/settings/mcp.json`,
    /// Gemini CLI's `.gemini/settings.json` and Zed's `.zed/settings.json` are project files too. Neither are files recognised only by their contents, whose client
    /// (and so whose variable syntax) is not known.
    ///
    /// Not reported: `/Users/Shared`, `C:\Users\Public` and `C:\Users\Default` (the same on
    /// every machine), `/home/linuxbrew` (Homebrew's fixed prefix on Linux), and paths whose
    /// user name is a variable (`/home/${USER}`).
    ///
    /// ## Why is this bad?
    /// The path exists only on the author's machine. For everyone else who clones the
    /// repository the server fails to start (`command` not found, a script that is not
    /// there) or, worse, starts with a configuration file or directory that is missing. It
    /// also publishes the author's user name and directory layout.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "notes": { "command": "/Users/alice/.local/bin/uvx", "args": ["notes-mcp", "--root", "/Users/alice/src/notes/docs"] } } }
    /// ```
    ///
    /// ## Use instead
    /// Claude Code expands `${VAR}` in `command`, `args` and `env`: use `${HOME}` (on Windows
    /// `${USERPROFILE}`) for the home directory, a command found on `PATH`, and
    /// `${CLAUDE_PROJECT_DIR:-.}` for the project (Claude Code sets `CLAUDE_PROJECT_DIR` only
    /// in the server's own environment, hence the `:-.` default: the server starts in the
    /// project directory). In a plugin, use `${CLAUDE_PLUGIN_ROOT}`.
    /// ```json
    /// { "mcpServers": { "notes": { "command": "uvx", "args": ["notes-mcp", "--root", "${CLAUDE_PROJECT_DIR:-.}/docs"] } } }
    /// ```
    /// `cwd` is neither documented nor expanded by Claude Code: leave it out. Windsurf expands
    /// `${env:HOME}`; Claude Desktop expands no variables, so its shared copies can only use
    /// commands found on `PATH` and placeholders that readers replace.
    ///
    /// Cursor and VS Code fill in `${workspaceFolder}` (the folder open in them) and
    /// `${userHome}` themselves: `"args": ["notes-mcp", "--root", "${workspaceFolder}/docs"]`.
    ///
    /// Other clients get their own spelling: Roo Code's `.roo/mcp.json` expands `${env:HOME}`
    /// and fills in `${workspaceFolder}` (the project) itself, also in `cwd`; Kiro's workspace
    /// `.kiro/settings/mcp.json` expands `${HOME}` once `HOME` is on Kiro's approved list.
    ///
    /// Codex expands no variables in `config.toml`; there the help points to the user's own
    /// `~/.codex/config.toml` (only a project's `.codex/config.toml` is checked).
    ///
    /// Gemini CLI's workspace `.gemini/settings.json` and Zed's project `.zed/settings.json` are
    /// shared the same way, and the help is in their terms: Gemini CLI expands `$HOME` in every
    /// string and starts stdio servers in the project directory, so `$HOME` or a relative path
    /// works there; Zed expands no variables, so a command on `PATH` or an entry in the user
    /// settings is the way out.
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp> ("Environment variable expansion in .mcp.json")
    pub MachineSpecificPath {
        id: "machine-specific-path",
        summary: "An absolute path into one user's home directory in a shared project file (`.mcp.json`, `.vscode/mcp.json`, `.gemini/settings.json`…)",
        severity: Warning,
        category: Portability,
        needs: Offline,
    }
}

/// A home directory at the start of a string or after a separator (`=`, `:`, `,`, a space,
/// `file://`): group `home` is the directory, `user` the user name.
static HOME_DIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?:^|[\s=:,;'"(]|file:///?)"#,
        r#"(?P<home>(?:/Users|/home)/(?P<user>[^/\\\s:;,'"]+)"#,
        r#"|[A-Za-z]:[\\/]+(?i:users)[\\/]+(?P<winuser>[^/\\\s:;,'"]+))"#,
    ))
    .expect("valid regex")
});

/// Home directories that are the same on every machine.
const SHARED_HOMES: &[&str] = &["shared", "public", "default", "default user", "all users", "linuxbrew"];

/// One home-directory path found in a string.
#[derive(Debug, PartialEq, Eq)]
struct HomePath<'t> {
    /// The home directory as written, e.g. `/Users/alice` or `C:\Users\alice`.
    home: &'t str,
    /// Where the path starts in the string.
    start: usize,
    /// Whether it is a Windows profile directory.
    windows: bool,
}

fn find_home(text: &str) -> Option<HomePath<'_>> {
    // Cheap tests first: most strings hold no path at all, and few paths a home directory.
    let bytes = text.as_bytes();
    if !(bytes.contains(&b'/') || bytes.contains(&b'\\'))
        || !(text.contains("/home/") || text.contains("Users") || text.contains("users") || text.contains("USERS"))
    {
        return None;
    }
    HOME_DIR.captures_iter(text).find_map(|c| {
        let windows = c.name("winuser").is_some();
        let user = c.name("user").or_else(|| c.name("winuser"))?.as_str();
        let lower = user.to_ascii_lowercase();
        if SHARED_HOMES.contains(&lower.as_str()) || user.starts_with(['$', '%', '~', '{']) {
            return None;
        }
        let home = c.name("home")?;
        Some(HomePath { home: home.as_str(), start: home.start(), windows })
    })
}

impl Rule for MachineSpecificPath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        let plugin = match server.scope {
            Some(Scope::Project) => false,
            Some(Scope::Plugin) => true,
            _ => return,
        };
        if cx.detection == Detection::Shape {
            return;
        }
        // The directory the file is in, by name: a path through a directory of that name is
        // probably into this project (or plugin). A file in a client's dot directory
        // (`.cursor/mcp.json`, `.vscode/mcp.json`, `.kiro/settings/mcp.json`) belongs to the
        // directory above it.
        let mut dir = cx.file.source.path().parent();
        fn name_of(dir: Option<&std::path::Path>) -> Option<&str> {
            dir.and_then(|d| d.file_name()).and_then(|n| n.to_str())
        }
        if name_of(dir) == Some("settings") && name_of(dir.and_then(std::path::Path::parent)) == Some(".kiro") {
            dir = dir.and_then(std::path::Path::parent);
        }
        if name_of(dir).is_some_and(|n| n.starts_with('.')) {
            dir = dir.and_then(std::path::Path::parent);
        }
        let project = dir.and_then(|p| p.file_name()).and_then(|n| n.to_str());
        let style = Style::of(cx);
        let values = server.resolved.values.iter().filter(|v| matches!(v.field, "command" | "args" | "env"));
        // `cwd` where the client reads it (VS Code), and in Claude Code's files (which neither
        // document nor expand it, but users write it); elsewhere it is `foreign-field`'s.
        let claude_code = cx.dialect.id == crate::dialect::claude_code::DIALECT.id;
        let reads_cwd = claude_code || crate::validate::defines_server_field(cx.dialect, "cwd");
        let cwd = server.str_field("cwd").filter(|_| reads_cwd).map(|cwd| (server.pointer_to("cwd"), cwd));
        let candidates = values.map(|v| (Cow::Borrowed(&v.pointer), v.raw, v.field == "env"));
        for (pointer, text, masked) in candidates.chain(cwd.map(|(p, cwd)| (Cow::Owned(p), cwd, false))) {
            let Some(found) = find_home(text) else { continue };
            let field = server.field_path(&pointer);
            let message = format!(
                "`{field}` of server `{}` is a path in one user's home directory (`{}`), which exists only on that user's machine",
                server.name, found.home
            );
            let cwd_expanded = cx.dialect.substitution.fields.iter().any(|f| f.name() == "cwd");
            let help = if cx.dialect.id == crate::dialect::gemini::DIALECT.id {
                // `.gemini/settings.json`: the project is the directory above `.gemini`.
                let project = cx
                    .file
                    .source
                    .path()
                    .parent()
                    .and_then(|p| p.parent())
                    .and_then(|p| p.file_name())
                    .and_then(|n| n.to_str());
                gemini_help(text, &found, project, masked)
            } else if cx.dialect.id == crate::dialect::zed::DIALECT.id {
                "Zed expands no variables in its settings, so neither `${HOME}` nor `~` helps here: name the program without a path if it is on `PATH`, or keep this server in your user settings (`~/.config/zed/settings.json`), which stay on your machine".to_owned()
            } else if crate::dialect::codex::is_codex(cx.dialect) {
                // Codex: no `${HOME}` to offer; the personal file is the place for such paths.
                format!(
                    "{} expands no variables in this file, so `${{HOME}}` would not work: move this server to your own user file (`~/.codex/config.toml`, which is not shared), or use a path that is the same on every machine (a command on `PATH`, a path relative to the project)",
                    cx.dialect.client
                )
            } else if field == "cwd" && !cwd_expanded {
                match style.client_vars {
                    Some(client) => format!("{client} does not document `cwd`: leave it out, and write paths in `command` and `args` relative to `${{workspaceFolder}}` or `${{userHome}}`"),
                    None => "Claude Code neither documents `cwd` nor expands `${…}` in it: leave it out, and write paths in `command` and `args` relative to the project (`${CLAUDE_PROJECT_DIR:-.}/…`) or to `${HOME}`".to_owned(),
                }
            } else {
                help(text, &found, project, plugin, masked, style, cx.dialect)
            };
            let f = cx
                .finding(&Self::META, message)
                .at(
                    pointer.into_owned(),
                    Target::Within(found.home.to_owned()),
                    Some("one user's home directory".to_owned()),
                )
                .help(help);
            out.push(cx.build(f));
        }
    }
}

/// Which variables the help may suggest.
#[derive(Debug, Clone, Copy)]
struct Style<'c> {
    /// The client, when it fills in `${workspaceFolder}` and `${userHome}` itself (VS Code,
    /// Cursor); `None` for Claude Code's environment variables.
    client_vars: Option<&'c str>,
}

impl<'c> Style<'c> {
    fn of(cx: &'c DocumentContext<'_>) -> Self {
        let rules = &cx.dialect.substitution;
        let vars = rules.is_builtin("workspaceFolder") && rules.is_builtin("userHome");
        Self { client_vars: vars.then_some(cx.dialect.client) }
    }
}

/// Gemini CLI: a path relative to the project when the path runs through a directory named
/// like it (Gemini CLI reads the workspace's `.gemini/settings.json` from the directory it runs
/// in and starts stdio servers there), else `$HOME`, which it expands in every string.
fn gemini_help(text: &str, found: &HomePath<'_>, project: Option<&str>, masked: bool) -> String {
    let home_var = if found.windows { "$USERPROFILE" } else { "$HOME" };
    let after_home = &text[found.start + found.home.len()..];
    let path_end = after_home.find([':', ';', ',', ' ', '"', '\'']).unwrap_or(after_home.len());
    let rest = &after_home[..path_end];
    let mut out = String::new();
    if let Some(name) = project.filter(|n| !n.is_empty()) {
        let mut offset = 0;
        for component in rest.split(['/', '\\']) {
            offset += component.len() + 1;
            if component == name {
                let inside = rest.get(offset..).unwrap_or_default();
                let project_dir = &text[found.start..found.start + found.home.len() + offset - 1];
                let relative =
                    if inside.is_empty() { ".".to_owned() } else { format!("./{}", inside.replace('\\', "/")) };
                out.push_str(&format!(
                    "If `{project_dir}` is this project, write `{relative}` (Gemini CLI reads `.gemini/settings.json` from the directory it runs in and starts stdio servers there); otherwise replace "
                ));
                break;
            }
        }
    }
    if out.is_empty() {
        out.push_str("Replace ");
    }
    out.push_str(&format!(
        "`{}` with `{home_var}` (Gemini CLI expands environment variables in every string of its settings)",
        found.home
    ));
    if !masked && out.starts_with("Replace") && text.len() <= 120 {
        out.push_str(&format!(": `{}{home_var}{after_home}`", &text[..found.start]));
    }
    out
}

/// What to write instead: the project variable when the path runs through a directory named
/// like the project, and the home variable in any case (in the client's syntax); for a client
/// that expands no variables, a placeholder.
fn help(
    text: &str,
    found: &HomePath<'_>,
    project: Option<&str>,
    plugin: bool,
    masked: bool,
    style: Style<'_>,
    dialect: &crate::dialect::Dialect,
) -> String {
    let after_home = &text[found.start + found.home.len()..];
    if style.client_vars.is_none() && dialect.id != crate::dialect::claude_code::DIALECT.id {
        return other_client_help(text, found, masked, dialect);
    }
    let (home_var, why) = match style.client_vars {
        Some(client) => ("${userHome}", format!("{client} fills it in with each user's home directory")),
        None if found.windows => (
            "${USERPROFILE}",
            "Windows sets `USERPROFILE` to each user's profile directory; Claude Code expands it in `command`, `args` and `env`".to_owned(),
        ),
        None => ("${HOME}", "`HOME` is each user's home directory; Claude Code expands it in `command`, `args` and `env`".to_owned()),
    };
    let separators: &[char] = &['/', '\\'];
    // The path itself ends at the next separator of a list or an option.
    let path_end = after_home.find([':', ';', ',', ' ', '"', '\'']).unwrap_or(after_home.len());
    let rest = &after_home[..path_end];
    let mut out = String::new();
    let project_var = match style.client_vars {
        Some(_) => "${workspaceFolder}",
        None if plugin => "${CLAUDE_PLUGIN_ROOT}",
        None => "${CLAUDE_PROJECT_DIR:-.}",
    };
    if let Some(name) = project.filter(|n| !n.is_empty()) {
        let mut offset = 0;
        for component in rest.split(separators) {
            offset += component.len() + 1;
            if component == name {
                let inside = rest.get(offset..).unwrap_or_default();
                let project_dir = &text[found.start..found.start + found.home.len() + offset - 1];
                let suggestion = if inside.is_empty() {
                    project_var.to_owned()
                } else {
                    format!("{project_var}/{}", inside.replace('\\', "/"))
                };
                let (what, note) = match style.client_vars {
                    Some(client) => ("this project", format!("{client} fills it in with the folder open in it")),
                    None if plugin => {
                        ("this plugin", "Claude Code sets `CLAUDE_PLUGIN_ROOT` to the plugin's directory".to_owned())
                    }
                    None => (
                        "this project",
                        "Claude Code sets `CLAUDE_PROJECT_DIR` only in the server's environment, so the default `.` is the directory the server starts in".to_owned(),
                    ),
                };
                out.push_str(&format!(
                    "If `{project_dir}` is {what}, write `{suggestion}` ({note}); otherwise replace "
                ));
                break;
            }
        }
    }
    if out.is_empty() {
        out.push_str("Replace ");
    }
    out.push_str(&format!("`{}` with `{home_var}` ({why})", found.home));
    if !masked && out.starts_with("Replace") && text.len() <= 120 {
        let rewritten = format!("{}{home_var}{}", &text[..found.start], after_home);
        out.push_str(&format!(": `{rewritten}`"));
    }
    out
}

/// The help for a client other than Claude Code, VS Code and Cursor: the home directory in the
/// client's own variable syntax, or a placeholder where it expands no variables.
fn other_client_help(text: &str, found: &HomePath<'_>, masked: bool, dialect: &crate::dialect::Dialect) -> String {
    let (home_name, why) = if found.windows {
        ("USERPROFILE", "Windows sets `USERPROFILE` to each user's profile directory")
    } else {
        ("HOME", "`HOME` is each user's home directory")
    };
    let after_home = &text[found.start + found.home.len()..];
    let client = dialect.client;
    let short = !masked && text.len() <= 120;
    // Kiro expands only the names on its approved list.
    let approved = if dialect.id == "kiro" { " once the name is on its approved list" } else { "" };
    match dialect.substitution.reference(home_name) {
        Some(home_var) => {
            let mut out = format!(
                "Replace `{}` with `{home_var}` ({why}; {client} expands `{}` in `command`, `args` and `env`{approved})",
                found.home,
                dialect.substitution.reference("…").unwrap_or_default()
            );
            if short {
                out.push_str(&format!(": `{}{home_var}{after_home}`", &text[..found.start]));
            }
            out
        }
        None => {
            let mut out = format!(
                "{client} expands no variables, so a shared copy cannot point into each reader's home directory: use a command found on `PATH` where you can, and write paths as placeholders that readers replace"
            );
            if short {
                out.push_str(&format!(", e.g. `{}<your home directory>{after_home}`", &text[..found.start]));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(text: &str) -> Option<(&str, bool)> {
        find_home(text).map(|h| (h.home, h.windows))
    }

    #[test]
    fn finds_home_directories() {
        assert_eq!(home("/Users/alice/.local/bin/uvx"), Some(("/Users/alice", false)));
        assert_eq!(home("/home/bob"), Some(("/home/bob", false)));
        assert_eq!(home("C:\\Users\\carol\\app\\server.js"), Some(("C:\\Users\\carol", true)));
        assert_eq!(home("c:/users/carol/app"), Some(("c:/users/carol", true)));
        assert_eq!(home("type=bind,src=/home/dave/x,dst=/x"), Some(("/home/dave", false)));
        assert_eq!(home("/usr/bin:/Users/erin/bin"), Some(("/Users/erin", false)));
        assert_eq!(home("--root=/home/fay/docs"), Some(("/home/fay", false)));
        assert_eq!(home("file:///Users/gus/x"), Some(("/Users/gus", false)));
        assert_eq!(home("file:///C:/Users/hal/x"), Some(("C:/Users/hal", true)));
        for clean in [
            "/Users/Shared/tools",
            "C:\\Users\\Public\\x",
            "/home/linuxbrew/.linuxbrew/bin/node",
            "/home/${USER}/x",
            "${HOME}/x",
            "https://example.com/home/alice",
            "/opt/home/alice",
            "./Users/alice",
        ] {
            assert_eq!(home(clean), None, "{clean}");
        }
    }

    #[test]
    fn suggests_project_and_home_variables() {
        let text = "/Users/alice/src/notes/docs";
        let found = find_home(text).unwrap();
        let claude = Style { client_vars: None };
        let cc = &crate::dialect::claude_code::DIALECT;
        let h = help(text, &found, Some("notes"), false, false, claude, cc);
        assert!(
            h.starts_with("If `/Users/alice/src/notes` is this project, write `${CLAUDE_PROJECT_DIR:-.}/docs`"),
            "{h}"
        );
        assert!(h.contains("replace `/Users/alice` with `${HOME}`"), "{h}");
        let h = help(text, &found, Some("other"), false, false, claude, cc);
        assert!(h.ends_with(": `${HOME}/src/notes/docs`"), "{h}");
        let h = help(text, &found, Some("notes"), false, false, claude, &crate::dialect::windsurf::DIALECT);
        assert_eq!(
            h,
            "Replace `/Users/alice` with `${env:HOME}` (`HOME` is each user's home directory; Windsurf expands `${env:…}` in `command`, `args` and `env`): `${env:HOME}/src/notes/docs`"
        );
        let h = help(text, &found, Some("notes"), false, false, claude, &crate::dialect::claude_desktop::DIALECT);
        assert!(h.starts_with("Claude Desktop expands no variables"), "{h}");
        assert!(h.ends_with("e.g. `<your home directory>/src/notes/docs`"), "{h}");
        let text = "C:\\Users\\carol\\tools\\x.exe";
        let h = help(text, &find_home(text).unwrap(), None, false, false, claude, cc);
        assert!(
            h.contains("`C:\\Users\\carol` with `${USERPROFILE}`") && h.ends_with("`${USERPROFILE}\\tools\\x.exe`"),
            "{h}"
        );
        let vscode = Style { client_vars: Some("VS Code") };
        let text = "/Users/alice/src/notes/docs";
        let h = help(
            text,
            &find_home(text).unwrap(),
            Some("notes"),
            false,
            false,
            vscode,
            &crate::dialect::vscode::DIALECT,
        );
        assert!(h.starts_with("If `/Users/alice/src/notes` is this project, write `${workspaceFolder}/docs`"), "{h}");
        assert!(h.contains("replace `/Users/alice` with `${userHome}` (VS Code fills it in"), "{h}");
    }
}
