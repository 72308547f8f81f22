//! `broad-filesystem-access`: a filesystem root or a whole home directory handed to a server.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::Finding;
use crate::launch::{self, Launch, Word};
use crate::model::ServerEntry;

declare_rule! {
    /// ## What it does
    /// Reports a stdio server given a whole filesystem root or a whole home directory as an
    /// argument of its own (after the launcher and the package), or, for `docker run` /
    /// `podman run`, a home directory mounted into the container:
    ///
    /// * roots: `/`, `C:\`, `C:/`, `D:`, `/mnt/c` (a Windows drive under WSL);
    /// * homes: `~`, `$HOME`, `${HOME}`, `%USERPROFILE%`, `$env:USERPROFILE`, VS Code's
    ///   `${userHome}`, and exactly `/Users/<name>`, `/home/<name>`, `/root` or
    ///   `C:\Users\<name>` (or all users: `/Users`, `/home`, `C:\Users`).
    ///
    /// A root counts only as a positional argument or as the value of an option named like a
    /// directory (`--root`, `--dir`, `--allowed-directories=`…): `--base-url /` is not a
    /// path. A home directory counts anywhere. Mounting `/` into a container is reported by
    /// `dangerous-docker-flag`.
    ///
    /// ## Why is this bad?
    /// A filesystem server (such as `@modelcontextprotocol/server-filesystem`) can read and
    /// often write everything under the directories it is given, and the model decides what
    /// to read. Under a home directory live SSH keys, cloud credentials, browser profiles,
    /// shell history and every other project; one prompt injection in a web page or an issue
    /// is enough to have them read or changed.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/Users/me"] } } }
    /// ```
    ///
    /// ## Use instead
    /// Pass only the directories the server needs: the project (`"."` in a project's
    /// `.mcp.json`, started in the project directory) or a dedicated folder:
    /// ```json
    /// { "mcpServers": { "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/Users/me/notes"] } } }
    /// ```
    ///
    /// ## Known limitations
    /// Paths the server reads from `env` or from its own settings, and paths given through
    /// variables other than the home-directory ones, are not seen.
    pub BroadFilesystemAccess {
        id: "broad-filesystem-access",
        summary: "A filesystem root or a whole home directory given to a server (`/`, `~`, `/Users/<name>`, `C:\\`)",
        severity: Warning,
        category: Security,
        needs: Offline,
    }
}

impl Rule for BroadFilesystemAccess {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if !launch::is_stdio(server) || !any_broad_piece(server) {
            return;
        }
        let Some(launch) = Launch::of(server) else { return };
        let claude_code = matches!(cx.dialect.id, "claude-code" | "mcp-settings");
        let mut report = |word: Word<'_>, path: &str, scope: Scope, mounted: bool| {
            let what = match scope {
                Scope::Root => "a whole filesystem root",
                Scope::Home => "a whole home directory",
                Scope::AllHomes => "every user's home directory",
            };
            let how = if mounted { "mounts" } else { "gets" };
            let help = match (scope, mounted) {
                (Scope::Home, true) => format!("Mount only the folder the server needs, e.g. `-v {}:/data`", in_home(path)),
                (_, true) => "Mount only the folder the server needs, e.g. `-v /path/to/project:/data`".to_owned(),
                // The advice below is in Claude Code's terms (`.mcp.json`, `${HOME}`); other
                // clients get it without them, with an example only for a literal path.
                (_, false) if !claude_code => {
                    let literal = !path.contains('$') && !path.contains('%') && !path.starts_with('~');
                    match scope {
                        Scope::Home if literal => format!(
                            "Pass only the directories the server needs: the project's own directory, or a dedicated folder such as `\"{}\"`",
                            in_home(path)
                        ),
                        _ => "Pass only the directories the server needs: the project's own directory, or a dedicated folder".to_owned(),
                    }
                }
                (Scope::Home, false) => format!(
                    "Pass only the directories the server needs: the project (`\".\"` in a project's `.mcp.json`) or a dedicated folder such as `\"{}\"`",
                    in_home(path)
                ),
                (_, false) => "Pass only the directories the server needs: the project (`\".\"` in a project's `.mcp.json`) or a dedicated folder".to_owned(),
            };
            let (pointer, target) = word.place(server);
            let f = cx
                .finding(&Self::META, format!("server `{}` {how} {what} (`{}`)", server.name, launch::shorten(path)))
                .at(pointer, target, Some(what.trim_start_matches("a ").to_owned()))
                .help(help);
            out.push(cx.build(f));
        };
        if launch.launcher.is_container() {
            for mount in launch.mounts() {
                if let Some(scope) = broad(mount.source).filter(|s| *s != Scope::Root) {
                    let word = mount.option.value.unwrap_or(mount.option.word);
                    report(word, mount.source, scope, true);
                }
            }
            return;
        }
        let mut previous: Option<Word<'_>> = None;
        for &word in &launch.rest {
            let text = word.text.trim();
            // `--dir=/x` and `--dir /x`.
            let (option, value) = match text.strip_prefix('-').and_then(|t| t.split_once('=')) {
                Some((name, value)) => (Some(name.trim_start_matches('-')), value),
                None => (previous.and_then(|p| p.text.strip_prefix('-')).map(|n| n.trim_start_matches('-')), text),
            };
            if let Some(scope) = broad(value) {
                let names_a_directory = option.is_none_or(directory_option);
                if scope != Scope::Root || names_a_directory {
                    let part =
                        if value.len() == word.text.len() { word } else { Word { whole: false, text: value, ..word } };
                    report(part, value, scope, false);
                }
            }
            previous = Some(word).filter(|w| w.text.starts_with('-') && !w.text.contains('='));
        }
    }
}

/// Whether any `args` item, its value after `=`, or a piece of it (split at `=`, `:` and
/// `,`) is broad: a cheap
/// test that every finding below passes (a mount source and an option value are such
/// pieces), so most entries are never parsed.
fn any_broad_piece(server: &ServerEntry<'_>) -> bool {
    let Some(items) = server.field("args").and_then(|a| a.as_array()) else { return false };
    items.iter().filter_map(|n| n.as_str()).any(|arg| {
        let after_equals = arg.split_once('=').map(|(_, v)| v);
        [arg].into_iter().chain(after_equals).chain(arg.split(['=', ':', ','])).any(|piece| broad(piece).is_some())
    })
}

/// How much of the filesystem a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Root,
    Home,
    AllHomes,
}

/// Whether `path` is a filesystem root or a (whole) home directory.
fn broad(path: &str) -> Option<Scope> {
    let path = path.trim();
    if !path.starts_with(['/', '\\', '~', '$', '%']) && !launch::is_drive_path(path) {
        return None;
    }
    if matches!(path, "/" | "\\" | "/." | "/*") {
        return Some(Scope::Root);
    }
    let trimmed = path.trim_end_matches(['/', '\\']);
    if launch::is_drive_path(path) && trimmed.len() <= 2 {
        return Some(Scope::Root);
    }
    if let Some(drive) = trimmed.strip_prefix("/mnt/") {
        if drive.len() == 1 && drive.chars().all(|c| c.is_ascii_alphabetic()) {
            return Some(Scope::Root);
        }
    }
    const HOMES: &[&str] = &[
        "~",
        "$HOME",
        "${HOME}",
        "%USERPROFILE%",
        "%HOMEPATH%",
        "%HOMEDRIVE%%HOMEPATH%",
        "$env:USERPROFILE",
        "$env:HOME",
        "${env:HOME}",
        "${env:USERPROFILE}",
        "${userHome}",
        "/root",
    ];
    if HOMES.contains(&trimmed) {
        return Some(Scope::Home);
    }
    let unix = trimmed.replace('\\', "/");
    let parts: Vec<&str> = unix.split('/').collect();
    let users_dir = |s: &str| s.eq_ignore_ascii_case("Users") || s == "home";
    match parts.as_slice() {
        ["", dir] | [_, dir] if users_dir(dir) && (parts[0].is_empty() || launch::is_drive_path(parts[0])) => {
            Some(Scope::AllHomes)
        }
        ["", dir, name] | [_, dir, name]
            if users_dir(dir) && !name.is_empty() && (parts[0].is_empty() || launch::is_drive_path(parts[0])) =>
        {
            Some(Scope::Home)
        }
        _ => None,
    }
}

/// Whether an option's name says it takes a directory.
fn directory_option(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["dir", "root", "folder", "allow", "workspace", "home", "mount", "volume", "project"]
        .iter()
        .any(|w| name.contains(w))
}

/// A folder inside the home directory `path`, for help texts: `/Users/me/<folder>`,
/// `C:\\Users\\me\\<folder>`; `~` and `$HOME` become `${HOME}` (the client expands `${HOME}`
/// in `args`, but nothing expands `~`).
fn in_home(path: &str) -> String {
    let path = &*launch::shorten(path);
    let base = match path.trim_end_matches(['/', '\\']) {
        "~" | "$HOME" => "${HOME}",
        other => other,
    };
    let windows = base.starts_with('%') || base.contains('\\') || launch::is_drive_path(base);
    format!("{base}{}<folder>", if windows { '\\' } else { '/' })
}
