//! `server-spawn-failed`: the server's `command` could not be started at all.

use std::path::PathBuf;

use super::probe_failure::{at_field, clean, error_kind, is_claude_code, is_gui_client, name, runtime};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder, quoted_list, shorten};
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::process::SpawnError;
use crate::probe::session::ProbeErrorKind;

declare_rule! {
    /// ## What it does
    /// Reports a stdio server whose `command` could not be started when `mcpcheck probe` ran
    /// it: the program was not found (the message lists the `PATH` directories searched), it
    /// is not executable, or the operating system refused to run it for another reason.
    ///
    /// ## Why is this bad?
    /// The client fails the same way, and most show no more than "failed" or "disconnected"
    /// next to the server. The usual causes:
    ///
    /// - The runtime is not installed (`npx` comes with Node.js, `uvx` with uv), or is
    ///   installed by a version manager (nvm, pyenv, asdf) that adds it to `PATH` only in your
    ///   shell's start-up files.
    /// - GUI clients (Claude Desktop, Cursor, VS Code, Windsurf) start servers with the `PATH`
    ///   they were launched with, which on macOS is much shorter than a terminal's: a command
    ///   that works in a terminal may not be found there. An absolute path avoids that.
    /// - On Windows `npx` is a script, `npx.cmd`. Programs that start servers without a shell
    ///   (Claude Desktop, Cursor, Claude Code, and mcpcheck) cannot run it as `npx`; the entry
    ///   needs `"command": "cmd", "args": ["/c", "npx", …]`.
    /// - A script without the executable bit (`chmod +x`).
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."] } } }
    /// ```
    /// (on a machine where Node.js is installed through nvm, in Claude Desktop)
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "files": { "command": "/Users/me/.nvm/versions/node/v22.11.0/bin/npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."] } } }
    /// ```
    ///
    /// ## Known limitations
    /// mcpcheck searches its own `PATH` (or the entry's `env.PATH`), which is the one of the
    /// shell it runs in; a GUI client's may be shorter, so a command found here may still not
    /// be found by the client.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/docs/develop/connect-local-servers>
    /// - <https://code.claude.com/docs/en/mcp>
    pub ServerSpawnFailed {
        id: "server-spawn-failed",
        summary: "The server's `command` could not be started: not found on `PATH`, not executable, or refused",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

/// The most `PATH` directories listed in a message.
const SHOWN_DIRS: usize = 6;

impl Rule for ServerSpawnFailed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            if let Some(ProbeErrorKind::Spawn(error)) = error_kind(probed) {
                out.push(finding(probed, error).build(&probed.cx.file));
            }
        }
    }
}

fn finding(probed: &ProbedServer<'_>, error: &SpawnError) -> FindingBuilder {
    let server = probed.server;
    let client = probed.cx.dialect.client;
    // The program as written in the file, not as resolved (which may hold a variable's value).
    let configured = server.str_field("command").map(|c| clean(&shorten(c.trim(), 80)));
    let (message, label, help) = match error {
        SpawnError::NotFound { program, searched } => {
            let shown = configured.unwrap_or_else(|| clean(&shorten(program, 80)));
            not_found(probed, &shown, searched)
        }
        SpawnError::PermissionDenied { program } => {
            let shown = configured.unwrap_or_else(|| clean(&shorten(program, 80)));
            (
                format!(
                    "server `{}` cannot start: `{shown}` is not executable (permission denied), so {client} cannot start it either",
                    name(server)
                ),
                "permission denied".to_owned(),
                format!(
                    "Make it executable with `chmod +x {shown}`; if it is a script, check that its first line is a `#!` line naming an interpreter that exists, and if it is a directory, point `command` at the program inside it"
                ),
            )
        }
        SpawnError::Other { program, message } => {
            let shown = configured.unwrap_or_else(|| clean(&shorten(program, 80)));
            let reason = clean(&shorten(message, 160));
            let help = if message.contains("format error") || message.contains("os error 8") {
                format!(
                    "`{shown}` is not a program for this machine: it is built for another processor or system, or it is a script without a `#!` line. Install the build for this platform, or start the script through its interpreter (`\"command\": \"node\"`, `\"args\": [\"{shown}\"]`)"
                )
            } else {
                format!(
                    "Check that `{shown}` is a program this user may run; start it in a terminal to see the same error"
                )
            };
            (
                format!("server `{}` cannot start: `{shown}` could not be run ({reason})", name(server)),
                "could not be started".to_owned(),
                help,
            )
        }
    };
    at_field(FindingBuilder::new(&ServerSpawnFailed::META, message), server, "command", Some(label)).help(help)
}

/// Message, label and help for a program that does not exist.
fn not_found(probed: &ProbedServer<'_>, shown: &str, searched: &[PathBuf]) -> (String, String, String) {
    let server = probed.server;
    let dialect = probed.cx.dialect;
    let client = dialect.client;
    let program = crate::launch::program_name(shown);
    let dirs: Vec<String> = searched.iter().map(|dir| clean(&dir.display().to_string())).collect();
    let windows = dirs.iter().any(|dir| dir.contains('\\') || dir.get(1..2) == Some(":"));

    if dirs.is_empty() {
        let message = format!("server `{}` cannot start: `{shown}` does not exist", name(server));
        let help = format!(
            "Correct the path in `command`, or install the server there; `{}` prints the path of a program on `PATH`",
            if windows { "where" } else { "command -v" }
        );
        return (message, "not found".to_owned(), help);
    }

    let listed: Vec<&str> = dirs.iter().take(SHOWN_DIRS).map(String::as_str).collect();
    let searched = match dirs.len().saturating_sub(SHOWN_DIRS) {
        0 => quoted_list(&listed, "and"),
        n => format!("{} and {n} more", listed.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")),
    };
    let message =
        format!("server `{}` cannot start: `{shown}` was not found on `PATH` (searched {searched})", name(server));

    let mut help = Vec::new();
    let shim = matches!(program.as_str(), "npx" | "npm" | "pnpm" | "pnpx" | "yarn");
    if windows && shim {
        help.push(format!(
            "On Windows `{program}` is a script (`{program}.cmd`) that programs starting servers without a shell cannot run: write `\"command\": \"cmd\", \"args\": [\"/c\", \"{program}\", …]` with the current `args` after `\"{program}\"`"
        ));
    }
    help.push(match runtime(&program) {
        Some(runtime) => format!("Install {runtime}, or set `command` to the absolute path of `{shown}`"),
        None => "Install the program, or set `command` to its absolute path".to_owned(),
    });
    help.push(format!(
        "`{}` prints the path if your shell finds it",
        if windows { format!("where {program}") } else { format!("command -v {program}") }
    ));
    if is_gui_client(dialect) && !is_claude_code(dialect) && !windows {
        help.push(format!(
            "{client} starts servers with the `PATH` it was launched with, which lacks what your shell's start-up files add (nvm, pyenv, Homebrew): an absolute path works in both"
        ));
    }
    (message, "not found".to_owned(), help.join(". "))
}

#[cfg(test)]
mod tests {
    use super::super::probe_failure::testing::{messages, run};
    use super::*;
    use crate::dialect::{claude_code, claude_desktop};

    const NPX: &str = r#"{"mcpServers": {"files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."]}}}"#;

    fn not_found(dirs: &str) -> String {
        format!(
            r#"{{"files": {{"phase_reached": "spawn", "error": {{"kind": {{"kind": "spawn", "reason": "not_found", "program": "npx", "searched": [{dirs}]}}, "message": "`npx` was not found"}}}}}}"#
        )
    }

    #[test]
    fn not_found_lists_the_path_and_what_to_install() {
        let found =
            run(&ServerSpawnFailed, &claude_desktop::DIALECT, NPX, &not_found(r#""/usr/local/bin", "/usr/bin""#));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "server `files` cannot start: `npx` was not found on `PATH` (searched `/usr/local/bin` and `/usr/bin`)"
        );
        let help = found[0].help.as_deref().unwrap();
        assert!(help.starts_with("Install Node.js"), "{help}");
        assert!(help.contains("`command -v npx`"), "{help}");
        assert!(help.contains("Claude Desktop starts servers with the `PATH`"), "{help}");
        assert!(!help.contains("cmd"), "{help}");
        // Claude Code runs in the terminal: no GUI PATH hint.
        let found = run(&ServerSpawnFailed, &claude_code::DIALECT, NPX, &not_found(r#""/usr/bin""#));
        assert!(!found[0].help.as_deref().unwrap().contains("launched with"));
    }

    #[test]
    fn windows_paths_bring_the_cmd_wrapper_hint() {
        let found = run(
            &ServerSpawnFailed,
            &claude_desktop::DIALECT,
            NPX,
            &not_found(r#""C:\\Windows\\system32", "C:\\Program Files\\nodejs""#),
        );
        let help = found[0].help.as_deref().unwrap();
        assert!(help.starts_with("On Windows `npx` is a script (`npx.cmd`)"), "{help}");
        assert!(help.contains(r#""command": "cmd", "args": ["/c", "npx", …]"#), "{help}");
        assert!(help.contains("`where npx`"), "{help}");
    }

    #[test]
    fn long_paths_are_cut_and_paths_without_search_say_missing() {
        let dirs: Vec<String> = (0..9).map(|i| format!("\"/d{i}\"")).collect();
        let message = &messages(&ServerSpawnFailed, &claude_code::DIALECT, NPX, &not_found(&dirs.join(",")))[0];
        assert!(message.ends_with("(searched `/d0`, `/d1`, `/d2`, `/d3`, `/d4`, `/d5` and 3 more)"), "{message}");
        let config = r#"{"mcpServers": {"files": {"command": "/opt/files/bin/server"}}}"#;
        assert_eq!(
            messages(&ServerSpawnFailed, &claude_code::DIALECT, config, &not_found("")),
            ["server `files` cannot start: `/opt/files/bin/server` does not exist"]
        );
    }

    #[test]
    fn permission_denied_suggests_chmod() {
        let config = r#"{"mcpServers": {"local": {"command": "./bin/server"}}}"#;
        let outcome = r#"{"local": {"error": {"kind": {"kind": "spawn", "reason": "permission_denied", "program": "./bin/server"}, "message": "x"}}}"#;
        let found = run(&ServerSpawnFailed, &claude_code::DIALECT, config, outcome);
        assert_eq!(
            found[0].message,
            "server `local` cannot start: `./bin/server` is not executable (permission denied), so Claude Code cannot start it either"
        );
        assert!(found[0].help.as_deref().unwrap().starts_with("Make it executable with `chmod +x ./bin/server`"));
    }

    #[test]
    fn other_failures_and_successes() {
        let outcome = r#"{"files": {"error": {"kind": {"kind": "spawn", "reason": "other", "program": "npx", "message": "Exec format error (os error 8)"}, "message": "x"}}}"#;
        let found = run(&ServerSpawnFailed, &claude_code::DIALECT, NPX, outcome);
        assert!(found[0].message.ends_with("could not be run (Exec format error (os error 8))"));
        assert!(found[0].help.as_deref().unwrap().contains("not a program for this machine"));
        let ok = r#"{"files": {"phase_reached": "complete"}}"#;
        assert!(run(&ServerSpawnFailed, &claude_code::DIALECT, NPX, ok).is_empty());
    }
}
