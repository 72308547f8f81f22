//! `command-line-in-command`: a program and its arguments written together in `command`.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::launch::{self, program_name};
use crate::model::ServerEntry;

declare_rule! {
    /// ## What it does
    /// Reports a stdio server whose `command` is a whole command line — a program followed
    /// by arguments, such as `"command": "npx -y @modelcontextprotocol/server-memory"` or
    /// `"command": "uv run server.py"` — instead of the program alone with the arguments in
    /// `args`.
    ///
    /// A path that contains spaces is not a command line: `C:\Program Files\nodejs\npx.cmd`
    /// and `/Applications/My App/bin/server` are left alone. The command is read as a command
    /// line when it starts with a bare program name followed by more words, when a word after
    /// a path starts like a new argument (`-y`, `/`, `~`, `$`, `@`, a drive letter, a quote,
    /// or contains `=`), or when the path so far already names a known launcher (`node`,
    /// `python3`, `npx`, `uv`, `docker`, `…\\node.exe`).
    ///
    /// ## Why is this bad?
    /// Claude Code starts stdio servers without a shell: it looks for an executable whose
    /// name is the whole string, spaces included, and the server fails to start with
    /// `ENOENT` ("spawn npx -y … ENOENT"). Some other clients happen to run `command` through
    /// a shell, which is why such entries get copied around.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "memory": { "command": "npx -y @modelcontextprotocol/server-memory@2025.4.25" } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2025.4.25"] } } }
    /// ```
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp>
    pub CommandLineInCommand {
        id: "command-line-in-command",
        summary: "A whole command line in `command` (`\"npx -y pkg\"`), which Claude Code runs as one program name",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for CommandLineInCommand {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if !launch::is_stdio(server) {
            return;
        }
        let Some(command) = server.str_field("command") else { return };
        let Some((program, words)) = split_command_line(command) else { return };
        let existing: Vec<&str> = server
            .field("args")
            .and_then(|a| a.as_array())
            .map(|items| items.iter().filter_map(|n| n.as_str()).collect())
            .unwrap_or_default();
        let args: Vec<&str> = words.iter().copied().chain(existing).collect();
        let f = cx
            .finding(
                &Self::META,
                format!(
                    "server `{}`: `command` holds a program and its arguments; {} looks for a program named by the whole string and fails to start it",
                    server.name, cx.dialect.client
                ),
            )
            .at(server.pointer_to("command"), Target::Value, Some("program and arguments in one string".to_owned()))
            .help(format!("Split it: `{}`", super::command_line::argv(cx.dialect.syntax, &program, &args)));
        out.push(cx.build(f));
    }
}

/// Programs whose path, once complete, cannot continue with a space (so a later word is an
/// argument).
const LAUNCHERS: &[&str] = &[
    "npx",
    "npm",
    "node",
    "nodejs",
    "bun",
    "bunx",
    "deno",
    "uv",
    "uvx",
    "pipx",
    "python",
    "python3",
    "py",
    "docker",
    "podman",
    "sh",
    "bash",
    "zsh",
    "cmd",
    "powershell",
    "pwsh",
    "java",
    "go",
    "cargo",
    "dotnet",
    "php",
    "ruby",
];

/// If `command` is a command line, the program and its arguments; `None` for a single
/// program name or a path with spaces.
pub(crate) fn split_command_line(command: &str) -> Option<(String, Vec<&str>)> {
    let text = command.trim();
    if !text.contains(char::is_whitespace) {
        return None;
    }
    // `"C:\Program Files\x.exe" --flag`: a quoted program, then arguments.
    if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = text[1..].find(quote)? + 1;
        let rest = text[close + 1..].trim();
        return (!rest.is_empty()).then(|| (text[1..close].to_owned(), rest.split_whitespace().collect()));
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let is_path = |t: &str| t.contains(['/', '\\']);
    if !is_path(tokens[0]) {
        return Some((tokens[0].to_owned(), tokens[1..].to_vec()));
    }
    // A path: later words continue it (a path with spaces) until one starts an argument.
    for k in 1..tokens.len() {
        let token = tokens[k];
        let starts_argument = token.starts_with(['-', '/', '~', '$', '@', '"', '\'', '%'])
            || launch::is_drive_path(token)
            || token.contains('=');
        let so_far = tokens[..k].join(" ");
        let name = program_name(&so_far);
        let complete = LAUNCHERS.contains(&name.as_str())
            || name.starts_with("python")
            || [".exe", ".cmd", ".bat"].iter().any(|e| so_far.to_ascii_lowercase().ends_with(e));
        if starts_argument || complete {
            return Some((so_far, tokens[k..].to_vec()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::split_command_line;

    #[test]
    fn command_lines_and_paths_with_spaces() {
        let split = |s| split_command_line(s).map(|(p, a)| format!("{p} | {}", a.join(" ")));
        let table: &[(&str, Option<&str>)] = &[
            ("npx -y @x/server", Some("npx | -y @x/server")),
            ("uv run python weather_agents/server.py ", Some("uv | run python weather_agents/server.py")),
            ("cargo run --release", Some("cargo | run --release")),
            ("/usr/bin/python3 server.py", Some("/usr/bin/python3 | server.py")),
            ("C:\\Program Files\\nodejs\\npx.cmd -y pkg", Some("C:\\Program Files\\nodejs\\npx.cmd | -y pkg")),
            (
                "C:\\Program Files\\nodejs\\node.exe C:\\x\\index.js",
                Some("C:\\Program Files\\nodejs\\node.exe | C:\\x\\index.js"),
            ),
            ("\"C:\\Program Files\\x.exe\" --stdio", Some("C:\\Program Files\\x.exe | --stdio")),
            ("/opt/My App/bin/server --port=3", Some("/opt/My App/bin/server | --port=3")),
            ("C:\\Program Files\\nodejs\\npx.cmd", None),
            ("/Applications/My App/bin/x", None),
            ("/Users/me/MCP quant/.venv/bin/python", None),
            ("/Applications/Visual Studio Code.app/Contents/Resources/app/bin/code", None),
            ("\"C:\\Program Files\\x.exe\"", None),
            ("npx", None),
            ("  npx  ", None),
            ("", None),
        ];
        for (input, expected) in table {
            assert_eq!(split(input).as_deref(), *expected, "{input:?}");
        }
    }
}
