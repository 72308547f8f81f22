//! `empty-command`: a stdio server whose `command` names no program.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::launch;
use crate::model::ServerEntry;
use crate::resolve::env::Status;

declare_rule! {
    /// ## What it does
    /// Reports a stdio server whose `command` is only whitespace (`" "`), or becomes empty
    /// once the client substitutes variables: `"${MCP_BIN:-}"` with `MCP_BIN` unset, or
    /// `"${MCP_BIN}"` with `MCP_BIN` set to an empty string.
    ///
    /// An empty string (`""`) is reported by `schema-violation`, and a variable that is unset
    /// with no default by `unresolved-env-var`; this rule covers what those let through. When
    /// `command` is blank and `args[0]` looks like the program (`"args": ["npx", "-y", …]`),
    /// the help says to move it.
    ///
    /// ## Why is this bad?
    /// There is no program to start: the server fails on every launch with a spawn error that
    /// does not mention the configuration. Whitespace-only values are invisible in most
    /// editors and diffs.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "memory": { "command": " ", "args": ["npx", "-y", "@modelcontextprotocol/server-memory@2025.4.25"] } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2025.4.25"] } } }
    /// ```
    pub EmptyCommand {
        id: "empty-command",
        summary: "A `command` that is only whitespace, or empty after variable substitution",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for EmptyCommand {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if !launch::is_stdio(server) {
            return;
        }
        let Some(raw) = server.str_field("command") else { return };
        if raw.is_empty() {
            return; // the schema says so
        }
        let (message, label) = if raw.trim().is_empty() {
            (format!("server `{}`: `command` is only whitespace", server.name), "blank")
        } else {
            let Some(resolved) = server.resolved.scalar("command") else { return };
            let refs = &resolved.expanded.references;
            let emptied = resolved.expanded.value.trim().is_empty()
                && !refs.is_empty()
                && refs.iter().all(|r| matches!(r.status, Status::Set(_) | Status::Default));
            if !emptied {
                return;
            }
            let names: Vec<String> = refs.iter().map(|r| format!("`{}`", launch::shorten(&r.reference.text))).collect();
            (
                format!("server `{}`: `command` is empty once {} is substituted", server.name, names.join(", ")),
                "empty after substitution",
            )
        };
        let args: Vec<&str> = server
            .field("args")
            .and_then(|a| a.as_array())
            .map(|items| items.iter().filter_map(|n| n.as_str()).collect())
            .unwrap_or_default();
        let help = match args.split_first() {
            Some((first, rest)) if looks_like_program(first) => {
                format!("Move the program out of `args`: `{}`", launch::argv_json(first, rest))
            }
            // Defaults only where the client has them (Claude Code's `${VAR:-default}`).
            _ if cx.dialect.substitution.forms.contains(&crate::resolve::env::Form::BracedDefault) => "Write the program to start in `command` (e.g. `\"command\": \"npx\"`) and its arguments in `args`; give a variable a non-empty default (`${MCP_BIN:-npx}`)".to_owned(),
            _ => "Write the program to start in `command` (e.g. `\"command\": \"npx\"`) and its arguments in `args`".to_owned(),
        };
        let f = cx
            .finding(&Self::META, message)
            .at(server.pointer_to("command"), Target::Value, Some(label.to_owned()))
            .help(help);
        out.push(cx.build(f));
    }
}

/// Whether an `args` item looks like a program rather than an argument.
fn looks_like_program(arg: &str) -> bool {
    let arg = arg.trim();
    !arg.is_empty() && !arg.starts_with('-') && !arg.contains(char::is_whitespace) && {
        let name = launch::program_name(arg);
        matches!(
            name.as_str(),
            "npx"
                | "npm"
                | "node"
                | "bun"
                | "bunx"
                | "deno"
                | "uv"
                | "uvx"
                | "pipx"
                | "docker"
                | "podman"
                | "sh"
                | "bash"
                | "cmd"
                | "powershell"
                | "pwsh"
        ) || name.starts_with("python")
    }
}
