//! `command-not-on-path`: `doctor` could not find the server's `command` on this machine.

use super::probe_failure::{at_field, clean, is_claude_code, is_gui_client, name, runtime};
use super::{Rule, RuleMeta};
use crate::doctor::context::{CheckedServer, MachineContext};
use crate::doctor::path::LookupStatus;
use crate::finding::{Finding, FindingBuilder, quoted_list, shorten};

declare_rule! {
    /// ## What it does
    /// Reports a stdio server whose `command` `mcpcheck doctor` cannot find on this machine:
    /// a name that is in none of the `PATH` directories the server gets (the entry's
    /// `env.PATH`, else the `PATH` mcpcheck runs with), a path that does not exist, or a file
    /// that is not executable.
    ///
    /// ## Why is this bad?
    /// The client cannot start the server; most show no more than "failed" or
    /// "disconnected" next to it. Usually the runtime is not installed (`npx` comes with
    /// Node.js, `uvx` with uv), or the path was written on another machine.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "files": { "command": "uvx", "args": ["mcp-server-fetch"] } } }
    /// ```
    /// (on a machine without uv)
    ///
    /// ## Use instead
    /// Install the runtime (here uv), or set `command` to the absolute path of the program.
    ///
    /// ## Known limitations
    /// The lookup is done on this machine with mcpcheck's `PATH` (or the entry's `env.PATH`);
    /// a client started differently may see another `PATH` (see
    /// `command-hidden-from-desktop-client`). Runs only in `mcpcheck doctor`.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/docs/develop/connect-local-servers>
    /// - <https://code.claude.com/docs/en/mcp>
    pub CommandNotOnPath {
        id: "command-not-on-path",
        summary: "The server's `command` is not on this machine: not on `PATH`, not at its path, or not executable",
        severity: Error,
        category: Portability,
        needs: Machine,
    }
}

/// The most `PATH` directories listed in a message.
const SHOWN_DIRS: usize = 6;

impl Rule for CommandNotOnPath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_machine(&self, cx: &MachineContext<'_>, out: &mut Vec<Finding>) {
        for checked in cx.servers {
            if let Some(builder) = finding(checked) {
                out.push(builder.build(&checked.cx.file));
            }
        }
    }
}

fn finding(checked: &CheckedServer<'_>) -> Option<FindingBuilder> {
    let command = checked.facts.command.as_ref()?;
    let server = checked.server;
    let dialect = checked.cx.dialect;
    let client = dialect.client;
    let shown = server
        .str_field("command")
        .map_or_else(|| clean(&shorten(&command.program, 80)), |c| clean(&shorten(c.trim(), 80)));
    let program = crate::launch::program_name(&shown);
    let (message, label, help) = match command.status {
        LookupStatus::Found => return None,
        LookupStatus::NotFound if command.searched.is_empty() => (
            format!("server `{}`: `{shown}` does not exist on this machine, so {client} cannot start it", name(server)),
            "does not exist",
            format!(
                "Correct the path in `command` (it may have been written on another machine), or install the server there; `command -v {program}` prints the path of a program on `PATH`"
            ),
        ),
        LookupStatus::NotFound => {
            let dirs: Vec<String> = command.searched.iter().map(|d| clean(&d.display().to_string())).collect();
            let listed: Vec<&str> = dirs.iter().take(SHOWN_DIRS).map(String::as_str).collect();
            let searched = match dirs.len().saturating_sub(SHOWN_DIRS) {
                0 => quoted_list(&listed, "and"),
                n => format!("{} and {n} more", listed.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")),
            };
            let whose = if command.path_from_env { "the entry's `env.PATH`" } else { "`PATH`" };
            let mut help = vec![match runtime(&program) {
                Some(runtime) => format!("Install {runtime}, or set `command` to the absolute path of `{shown}`"),
                None => "Install the program, or set `command` to its absolute path".to_owned(),
            }];
            if command.path_from_env {
                help.push("The entry sets its own `PATH` in `env`, which replaces the inherited one: add the program's directory to it".to_owned());
            }
            if is_gui_client(dialect) && !is_claude_code(dialect) {
                help.push(format!("{client} starts servers with the `PATH` it was launched with: an absolute path works wherever it is launched from"));
            }
            (
                format!(
                    "server `{}`: `{shown}` is not on {whose} (searched {searched}), so {client} cannot start it",
                    name(server)
                ),
                "not found",
                help.join(". "),
            )
        }
        LookupStatus::NotExecutable => (
            format!("server `{}`: `{shown}` exists but is not executable, so {client} cannot start it", name(server)),
            "not executable",
            format!(
                "Make it executable with `chmod +x {}`, or start it through its interpreter (`\"command\": \"node\"`, `\"args\": [\"{shown}\"]`)",
                command.path.as_ref().map_or(shown.clone(), |p| clean(&p.display().to_string()))
            ),
        ),
        LookupStatus::NotAFile => (
            format!("server `{}`: `{shown}` is a directory, not a program, so {client} cannot start it", name(server)),
            "a directory",
            "Point `command` at the program inside the directory".to_owned(),
        ),
    };
    Some(
        at_field(FindingBuilder::new(&CommandNotOnPath::META, message), server, "command", Some(label.to_owned()))
            .help(help),
    )
}
