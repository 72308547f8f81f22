//! `secret-in-args`: a secret passed on a server's command line, even through `${VAR}`.

use super::command_line::{self, Shape};
use super::plaintext_secret::arg_secret;
use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::resolve::env::{Resolved, Status};
use crate::resolve::server::ResolvedValue;
use crate::secrets;

declare_rule! {
    /// ## What it does
    /// Reports a secret passed to a stdio server in `args`: the value of a secret-named flag
    /// (`"--api-key", "${API_KEY}"`, `"--token=${T}"`), a secret header after `--header`
    /// (`"Authorization: Bearer ${TOKEN}"`), `NAME=${NAME}` with a secret-like `NAME`
    /// (`docker run -e`), or any argument that expands a secret-named variable
    /// (`"${GITHUB_TOKEN}"`).
    ///
    /// A credential written literally in `args` is reported by `plaintext-secret` instead (an
    /// error: it has leaked already), with the same advice; each argument is reported by at
    /// most one of the two rules. This rule says only that the value ends up on the command
    /// line, never that a secret was written in the file.
    ///
    /// ## Why is this bad?
    /// A `${VAR}` in `args` is expanded before the server starts, so the secret is part of
    /// the process's command line: any user or process on the machine can read it with `ps`
    /// or in `/proc/<pid>/cmdline`, and crash reports, audit logs and monitoring agents record
    /// it. The environment is private to the process and its owner.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "search": { "command": "npx", "args": ["-y", "search-mcp", "--api-key", "${SEARCH_API_KEY}"] } } }
    /// ```
    ///
    /// ## Use instead
    /// If the server reads the secret from its environment (most do; see its README), pass it
    /// there:
    /// ```json
    /// { "mcpServers": { "search": { "command": "npx", "args": ["-y", "search-mcp"], "env": { "SEARCH_API_KEY": "${SEARCH_API_KEY}" } } } }
    /// ```
    /// For Docker, write `"-e", "NAME"` (Docker copies the variable from its own environment)
    /// and set `NAME` in `env`. For a remote server behind a `--header` proxy such as
    /// `mcp-remote`, let the client connect itself with `"type": "http"` and `headers` (in
    /// Windsurf `serverUrl` and `headers`). Claude Desktop connects to no remote server from
    /// its file: there write `"Authorization:${AUTH_HEADER}"` and put the value in `env`, since
    /// `mcp-remote` expands `${AUTH_HEADER}` itself and the secret stays off the command line.
    /// Advice uses the file's client's syntax (`${env:VAR}` for Windsurf).
    ///
    /// Zed expands no variables in its settings: there the help says to leave the value out of
    /// the file and set it in the environment Zed starts in, which the server inherits.
    ///
    /// ## Known limitations
    /// Only the first level of the command line is read: a secret that a shell (`sh -c "…
    /// $TOKEN"`) puts on another program's command line is not seen. Some servers accept a
    /// secret only as an argument; then suppress the finding and restrict who can log in to
    /// the machine.
    pub SecretInArgs {
        id: "secret-in-args",
        summary: "A secret passed in `args` (even as `${VAR}`), visible to every user in the process list",
        severity: Warning,
        category: Security,
        needs: Offline,
    }
}

impl Rule for SecretInArgs {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        let values: Vec<&ResolvedValue<'_>> = server.resolved.field("args").collect();
        let raw: Vec<&str> = values.iter().map(|v| v.raw).collect();
        let command = server.str_field("command").unwrap_or_default();
        for (i, value) in values.iter().enumerate() {
            let shape = command_line::shape(&raw, i);
            let Some(passed) = passed_secret(shape, value) else { continue };
            // NOTE: a literal credential is `plaintext-secret`'s (an error), whatever else is in
            // the argument; its help gives the same advice.
            if arg_secret(&raw, i).is_some() {
                continue;
            }
            let field = server.field_path(&value.pointer);
            let (message, target, var, written) = match passed {
                Passed::Reference(r) => {
                    let name = &r.reference.name;
                    let var = if secrets::is_secret_name(name) {
                        name.clone()
                    } else {
                        command_line::variable(server.name, shape, None)
                    };
                    (
                        format!(
                            "`{field}` of server `{}` puts the value of `{}` on the command line, where every user of the machine can read it",
                            server.name, r.reference.text
                        ),
                        Target::Within(r.reference.text.clone()),
                        var,
                        Some(cx.dialect.substitution.reference(name).unwrap_or_else(|| r.reference.text.clone())),
                    )
                }
                Passed::Literal(what) => {
                    let var = command_line::variable(server.name, shape, None);
                    (
                        format!(
                            "`{field}` of server `{}` passes {what} on the command line, where every user of the machine can read it",
                            server.name
                        ),
                        Target::Value,
                        var.clone(),
                        cx.dialect.substitution.reference(&var),
                    )
                }
            };
            let client = cx.dialect.client;
            // Zed expands no variables, so `${VAR}` in `env` would be text; its servers inherit
            // the environment it starts in.
            let help = if crate::dialect::codex::is_codex(cx.dialect) {
                command_line::instead_by_name(client, command, value.raw, shape, &var)
            } else if cx.dialect.id == crate::dialect::zed::DIALECT.id {
                format!(
                    "If the server reads {var} from its environment, remove this argument and set {var} in the environment {client} starts in, which the server inherits ({client} expands no `${{…}}` in its settings); otherwise see whether it can read the secret from a file"
                )
            } else {
                command_line::instead(cx.dialect, command, value.raw, shape, &var, written.as_deref())
            };
            let f = cx
                .finding(&SecretInArgs::META, message)
                .at(value.pointer.clone(), target, Some("on the command line".to_owned()))
                .help(help);
            out.push(cx.build(f));
        }
    }
}

/// How a secret reaches the command line.
enum Passed<'r> {
    /// Through a reference the client expands to a secret.
    Reference(&'r Resolved),
    /// Written in the file (not a recognisable credential, else `plaintext-secret` has it):
    /// "the value of `--api-key`".
    Literal(String),
}

/// The secret an argument passes, if any: a reference to a secret-named variable anywhere
/// in it, or any value of a secret-named flag, header or `NAME=`.
fn passed_secret<'r>(shape: Shape<'_>, value: &'r ResolvedValue<'_>) -> Option<Passed<'r>> {
    // Forms the client does not expand reach the server as their own text.
    let expanded: Vec<&Resolved> =
        value.expanded.references.iter().filter(|r| r.status != Status::NotExpanded).collect();
    if let Some(r) = expanded.iter().find(|r| secrets::is_secret_name(&r.reference.name)) {
        return Some(Passed::Reference(r));
    }
    // A switch that only mentions a secret (`--auth`, `--no-auth`) may be followed by
    // something else entirely: after a separate flag, only flags named after the secret count.
    let (secret, what) = match shape {
        Shape::Flag { flag, separate, .. } => {
            let secret = if separate { secrets::is_secret_flag(flag) } else { secrets::is_secret_name(flag) };
            (secret, format!("the value of `{flag}`"))
        }
        Shape::Assignment { name, .. } => (secrets::is_secret_name(name), format!("the value of `{name}`")),
        Shape::Header { name, .. } => (secrets::is_secret_name(name), format!("the `{name}` header")),
        Shape::Bare => return None,
    };
    let (carried, _) = shape.value(value.raw);
    let carried = carried.trim();
    if !secret || carried.is_empty() || is_mode_word(carried) {
        return None;
    }
    if secrets::literal_parts(carried).is_empty() {
        // Only references: `--token=${T}` passes T's value, `--key ${KEY_PATH}` only says where
        // the secret is kept.
        return expanded.into_iter().find(|r| !secrets::names_a_location(&r.reference.name)).map(Passed::Reference);
    }
    (!looks_like_location(carried)).then_some(Passed::Literal(what))
}

/// A value that selects a mode rather than carrying a secret: `none`, `oauth`, `true`, `0`.
fn is_mode_word(text: &str) -> bool {
    const MODES: &[&str] = &[
        "none",
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "auto",
        "oauth",
        "oauth2",
        "basic",
        "bearer",
        "header",
        "env",
        "environment",
        "required",
        "optional",
        "enabled",
        "disabled",
        "keychain",
        "file",
        "stdin",
        "prompt",
    ];
    MODES.contains(&text.to_ascii_lowercase().as_str()) || text.parse::<f64>().is_ok()
}

/// A path or a URL: where a secret is kept, not the secret.
fn looks_like_location(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.starts_with(['/', '~', '.', '\\', '$'])
        || text.contains("://")
        || (bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes[2], b'\\' | b'/'))
}
