//! `shell-wrapper`: a stdio server started through an inline shell script.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Severity, Target};
use crate::launch::{self, Launch, Launcher, ShellKind, Word};
use crate::model::ServerEntry;

declare_rule! {
    /// ## What it does
    /// Reports a stdio server whose `command` is a shell running an inline script: `sh -c`,
    /// `bash -lc`, `zsh -c`, `cmd /c` with operators, `powershell -Command`, `pwsh -c`.
    ///
    /// * A script with shell syntax — `&&`, `;`, `|`, redirections, `$(…)`, backquotes,
    ///   globs, `VAR=value` prefixes — is a warning.
    /// * `powershell -EncodedCommand` (or `-enc`, `-e`, `-ec`) is an error: the script is
    ///   base64 and cannot be reviewed in the file at all.
    /// * `sh -c` / `powershell -Command` around one plain command (`bash -lc "exec npx -y
    ///   pkg"`) is info: the shell adds nothing but a layer.
    /// * `cmd /c npx …` with no operators is **not** reported: on Windows `npx`, `uvx` and
    ///   friends are `.cmd` shims that some clients can only start through `cmd /c`, and that
    ///   wrapper is the documented workaround. mcpcheck looks through it for its other rules.
    ///
    /// A shell running a script *file* (`bash scripts/start.sh`, `powershell -File x.ps1`)
    /// is not reported: the file is reviewed like other code in the repository.
    ///
    /// ## Why is this bad?
    /// The real program is hidden inside a string: reviewers, `serverCommand` allowlists
    /// (which match the exact argv) and mcpcheck's own checks see only `sh`. Claude Code
    /// substitutes `${VAR}` in `args` before the shell parses the script, so a variable's
    /// value becomes shell code. Login shells (`-l`) also run the user's profile first, so the
    /// server's environment differs from machine to machine.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "db": { "command": "bash", "args": ["-c", "cd services/db && npm run mcp > /tmp/mcp.log"] } } }
    /// ```
    ///
    /// ## Use instead
    /// Put the program in `command` and each argument in `args`; variables go in `env`. If
    /// setup is really needed, commit it as a script file and run that:
    /// ```json
    /// { "mcpServers": { "db": { "command": "bash", "args": ["scripts/start-db-mcp.sh"] } } }
    /// ```
    /// If the shell is there to find `npx` on `PATH` (nvm, asdf, Homebrew), give the
    /// absolute path of `npx` as `command` instead.
    pub ShellWrapper {
        id: "shell-wrapper",
        summary: "A server started through an inline shell script (`sh -c`, `cmd /c a && b`, `powershell -Command`)",
        severity: Warning,
        category: Security,
        needs: Offline,
    }
}

impl Rule for ShellWrapper {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        // Only a shell can wrap (cheap test first: most entries are not shells).
        let is_shell = server.str_field("command").is_some_and(|c| launch::is_shell(&launch::program_name(c)));
        if !is_shell || !launch::is_stdio(server) {
            return;
        }
        let Some(launch) = Launch::of(server) else { return };
        let name = server.name;
        // Simple wrappers that were looked through (cmd /c around one command is fine).
        for wrapper in launch.wrappers.iter().filter(|w| w.kind != ShellKind::Cmd) {
            let shell = display(wrapper.program, wrapper.flag, wrapper.script);
            let (pointer, target) = whole_value(wrapper.script, server);
            let inner: Vec<&str> = launch.words.iter().map(|w| w.text).collect();
            let f = cx
                .finding(&Self::META, format!("server `{name}` is started through `{shell}` around a single command"))
                .severity(Severity::Info)
                .at(pointer, target, Some("one command in a shell".to_owned()))
                .help(direct_help(cx.dialect.syntax, &inner, wrapper.login));
            out.push(cx.build(f));
        }
        let (Launcher::Shell(kind), Some(script)) = (launch.launcher, &launch.script) else { return };
        let shell = display(launch.program, script.flag, script.word);
        let (pointer, target) = whole_value(script.word, server);
        let f = if script.encoded {
            cx.finding(
                &Self::META,
                format!("server `{name}` runs a base64-encoded PowerShell script (`{shell}`) that cannot be reviewed"),
            )
            .severity(Severity::Error)
            .at(pointer, target, Some("encoded script".to_owned()))
            .help("Decode the script, then write the program it starts in `command` and its arguments in `args` (or commit it as a `.ps1` file and run it with `-File`)")
        } else {
            let (what, file) = match kind {
                ShellKind::Cmd => (
                    "a `cmd` command line with operators",
                    r#""command": "cmd", "args": ["/c", "scripts\\start-mcp.cmd"]"#,
                ),
                ShellKind::Posix => {
                    ("an inline shell script", r#""command": "bash", "args": ["scripts/start-mcp.sh"]"#)
                }
                ShellKind::PowerShell => (
                    "an inline PowerShell script",
                    r#""command": "powershell", "args": ["-NoProfile", "-File", "scripts/start-mcp.ps1"]"#,
                ),
            };
            cx.finding(&Self::META, format!("server `{name}` runs {what} (`{shell}`)"))
                .at(pointer, target, Some("shell script".to_owned()))
                .help(format!("Write the server's program in `command` and each argument as an `args` item, with variables in `env`; if setup steps are needed, commit them as a script file and run that file (`{file}`)"))
        };
        out.push(cx.build(f));
    }
}

/// `bash -lc`, `cmd /c`, `powershell -Command` as written (the program's last path
/// component); just the program when the script has no flag (`powershell "…"`).
fn display(program: Word<'_>, flag: Word<'_>, script: Word<'_>) -> String {
    let base = program.text.rsplit(['/', '\\']).next().unwrap_or(program.text);
    let base = launch::shorten(base);
    if flag == script { base.into_owned() } else { format!("{base} {}", launch::shorten(flag.text)) }
}

/// The whole `args` item holding the script (a script word may be a part of one).
fn whole_value(word: Word<'_>, server: &ServerEntry<'_>) -> (crate::pointer::Pointer, Target) {
    let (pointer, _) = Word { whole: true, ..word }.place(server);
    (pointer, Target::Value)
}

fn direct_help(syntax: crate::dialect::Syntax, inner: &[&str], login: bool) -> String {
    let Some((program, args)) = inner.split_first() else {
        return "Write the program in `command` and each argument as an `args` item".to_owned();
    };
    let mut help = format!("Write the command directly: `{}`", super::command_line::argv(syntax, program, args));
    if login {
        help.push_str(
            "; if the login shell is there to find the program on `PATH`, use its absolute path as `command`",
        );
    }
    help
}
