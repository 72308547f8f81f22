//! `missing-file`: a file or directory the entry names does not exist on this machine.

use super::probe_failure::{clean, name};
use super::{Rule, RuleMeta};
use crate::doctor::context::MachineContext;
use crate::finding::{Finding, FindingBuilder, Target, shorten};

declare_rule! {
    /// ## What it does
    /// Reports, in `mcpcheck doctor`, a path the entry names that does not exist on this
    /// machine: an `args` value that is a path (absolute, or starting with `./`, `../` or
    /// `~/`), the `cwd`, or the `envFile` (Cursor, VS Code).
    ///
    /// ## Why is this bad?
    /// A missing `cwd` stops the client from starting the server at all. A missing file in
    /// `args` (a script, a directory to serve, a configuration file) makes most servers exit
    /// at start-up, which the client shows as "failed" or "disconnected"; a missing `envFile`
    /// leaves the server without its variables.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "notes": { "command": "node", "args": ["./build/index.js"] } } }
    /// ```
    /// (before `npm run build`)
    ///
    /// ## Use instead
    /// Build or create the file, or correct the path. Relative paths are taken from the
    /// entry's `cwd`, else from the project directory.
    ///
    /// ## Known limitations
    /// Only values that are recognisably paths are checked; package names, URLs, flags and
    /// `host:container` pairs are skipped, and so are values with an unset variable (see
    /// `unresolved-env-var`). Clients do not expand `~` in `args`: the server may or may not.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/docs/develop/connect-local-servers>
    /// - <https://code.visualstudio.com/docs/copilot/reference/mcp-configuration>
    pub MissingFile {
        id: "missing-file",
        summary: "A path in `args`, the `cwd` or the `envFile` does not exist on this machine",
        severity: Error,
        category: Portability,
        needs: Machine,
    }
}

impl Rule for MissingFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_machine(&self, cx: &MachineContext<'_>, out: &mut Vec<Finding>) {
        for checked in cx.servers {
            let server = checked.server;
            let client = checked.cx.dialect.client;
            for file in checked.facts.files.iter().filter(|f| !f.exists) {
                let pointer = match (file.field.as_str(), file.index) {
                    ("args", Some(index)) => server.pointer_to("args").index(index),
                    (field @ ("cwd" | "envFile"), None) => server.pointer_to(field),
                    _ => continue,
                };
                let written = clean(&shorten(&file.written, 80));
                let path = clean(&shorten(&file.path.display().to_string(), 120));
                let at = if written == path { String::new() } else { format!(" (`{path}`)") };
                let (message, help) = match file.field.as_str() {
                    "cwd" => (
                        format!("server `{}`: the working directory `{written}`{at} does not exist, so {client} cannot start the server", name(server)),
                        "Create the directory, or correct `cwd` (a relative `cwd` is taken from the project directory)".to_owned(),
                    ),
                    "envFile" => (
                        format!("server `{}`: the `envFile` `{written}`{at} does not exist, so the server starts without its variables", name(server)),
                        "Create the file (one `NAME=value` per line, and keep it out of version control), or correct the path".to_owned(),
                    ),
                    _ => (
                        format!("server `{}`: `{written}`{at} in `args` does not exist on this machine; the server will most likely exit at start-up", name(server)),
                        "Create or build the file, or correct the path; relative paths are taken from the entry's `cwd`, else from the project directory, and absolute paths written on another machine rarely fit this one".to_owned(),
                    ),
                };
                let builder = FindingBuilder::new(&Self::META, message).at(
                    pointer,
                    Target::Value,
                    Some("does not exist".to_owned()),
                );
                out.push(builder.help(help).build(&checked.cx.file));
            }
        }
    }
}
