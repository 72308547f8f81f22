//! `unresolved-env-var`: a `${VAR}` whose variable is unset and has no default.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Severity, Target};
use crate::model::ServerEntry;
use crate::resolve::env::{Form, Status, UnsetBehaviour};

declare_rule! {
    /// ## What it does
    /// Reports a variable reference such as `${GITHUB_TOKEN}` in a field the client expands
    /// when the variable is not set in the environment mcpcheck resolves against and the
    /// reference has no default (`${VAR:-default}`). In `command` and `url` it is an error: the
    /// server cannot start or be reached; elsewhere a warning.
    ///
    /// The environment is the one mcpcheck runs in, plus `--env-file` and `--env`; with
    /// `--no-env` nothing is set, which makes CI runs reproducible (declare the variables a
    /// project expects with `--env-file .env.example`).
    ///
    /// The reference is in the client's own syntax (`${env:VAR}` for Cline and Roo Code); where
    /// the client has no defaults, the message does not suggest one. Kiro expands a `${VAR}`
    /// only when the name is on its approved list, which mcpcheck cannot see: the help says so.
    ///
    /// In Gemini CLI's settings, which expand `$VAR` too, an unset `$NAME` in the middle of
    /// other text (`"Z*,$TMP"`) is reported with a note: such text is often meant literally,
    /// and Gemini CLI replaces it wherever the variable is set, with no way to escape `$`.
    ///
    /// ## Why is this bad?
    /// Claude Code leaves an unset `${VAR}` as the literal text `${VAR}` and only warns in
    /// `claude mcp list`: the server gets `${GITHUB_TOKEN}` as its token, or Claude Code tries
    /// to run a program called `${BIN}`, and the failure looks like a bug in the server. VS
    /// Code replaces an unset `${env:NAME}` with an empty string, so the server gets no token at
    /// all; Cursor does not document what it does. Cline, Roo Code and Kiro keep the text, like
    /// Claude Code. Gemini CLI keeps the text too when it loads the file, but expands `env` and
    /// `headers` values again when it connects, where an unset variable becomes an empty string.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "github": { "command": "github-mcp-server", "env": { "GITHUB_TOKEN": "${GITHUB_TOKEN}" } } } }
    /// ```
    /// with `GITHUB_TOKEN` unset.
    ///
    /// Other clients differ: Windsurf expands `${env:VAR}` and does not document what an unset
    /// one becomes; either way the server does not get the value it needs.
    ///
    /// ## Use instead
    /// Export the variable where the client starts, or give a default where the client has
    /// them: `"LOG_LEVEL": "${LOG_LEVEL:-info}"`. In `.mcp.json`, `CLAUDE_PROJECT_DIR` is only
    /// set for the server itself, so write `${CLAUDE_PROJECT_DIR:-.}`.
    pub UnresolvedEnvVar {
        id: "unresolved-env-var",
        summary: "A `${VAR}` whose variable is unset and has no default",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for UnresolvedEnvVar {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        let client = cx.dialect.client;
        let rules = &cx.dialect.substitution;
        let has_defaults = rules.forms.contains(&Form::BracedDefault);
        let gemini = cx.dialect.id == crate::dialect::gemini::DIALECT.id;
        for value in &server.resolved.values {
            for r in value.expanded.references.iter().filter(|r| r.status == Status::Unset) {
                let name = &r.reference.name;
                let text = &r.reference.text;
                let critical = value.field == "command" || value.field == "url";
                let unset = if has_defaults { "is not set and has no default" } else { "is not set" };
                let outcome = match rules.unset {
                    UnsetBehaviour::KeepLiteral => format!("{client} uses the literal text `{text}`"),
                    UnsetBehaviour::Empty => format!("{client} replaces it with an empty string"),
                    UnsetBehaviour::Undocumented => format!(
                        "{client} does not document what it passes instead (the text `{text}` or nothing), so the server does not get a value"
                    ),
                };
                let claude_code = matches!(cx.dialect.id, "claude-code" | "claude-code-settings" | "mcp-settings");
                // Gemini CLI expands `env` and `headers` values a second time when it connects,
                // and there an unset variable becomes the empty string.
                let second_pass = gemini && matches!(value.field, "env" | "headers");
                let mut message = if second_pass {
                    let when = if value.field == "env" { "starts the server" } else { "connects" };
                    format!(
                        "`{text}` in `{}` is not set and has no default: {client} keeps the text when it loads the file, but expands `{}` values again when it {when}, and there the reference becomes an empty string",
                        value.pointer.dotted(),
                        value.field
                    )
                } else {
                    format!("`{text}` in `{}` {unset}: {outcome}", value.pointer.dotted())
                };
                // `$NAME` in the middle of other text (`Z*,$TMP`) is often meant literally, but
                // Gemini CLI reads it as a variable everywhere and has no escape for `$`.
                let literal = gemini
                    && r.reference.form == Form::Bare
                    && !crate::rules::unsupported_variable_syntax::meant_as_variable(
                        value.raw,
                        r.reference.range.clone(),
                    );
                let help = if literal {
                    message.push_str(&format!(
                        "; if `{text}` is meant as text, note that {client} reads `$NAME` as a variable in every string and replaces it wherever `{name}` is set"
                    ));
                    format!(
                        "{client} has no escape for `$`: if the value must reach the server as written, leave it out of this file (set it in the environment {client} starts in, which the server inherits); if `{text}` is a variable, set `{name}` or write `${{{name}:-default}}`"
                    )
                } else {
                    help_for(name, cx.dialect, claude_code, has_defaults, rules.forms.contains(&Form::Input))
                };
                let f = cx
                    .finding(&Self::META, message)
                    .severity(if critical { Severity::Error } else { Severity::Warning })
                    .at(value.pointer.clone(), Target::Within(text.clone()), Some("unset".to_owned()))
                    .help(help);
                out.push(cx.build(f));
            }
        }
    }
}

/// What to do, with Claude Code's known special cases (for Claude Code's files only).
fn help_for(
    name: &str,
    dialect: &crate::dialect::Dialect,
    claude_code: bool,
    has_defaults: bool,
    inputs: bool,
) -> String {
    let client = dialect.client;
    // Kiro expands only the variables on its approved list.
    let approve = if dialect.id == "kiro" {
        format!(
            "; Kiro also expands it only once `{name}` is on its approved list (the \"Mcp Approved Env Vars\" setting)"
        )
    } else {
        String::new()
    };
    match name {
        "CLAUDE_PROJECT_DIR" if claude_code => "Claude Code sets `CLAUDE_PROJECT_DIR` only in the server's own environment, not when it expands this file: write `${CLAUDE_PROJECT_DIR:-.}`".to_owned(),
        "CLAUDE_PROJECT_DIR" | "CLAUDE_PLUGIN_ROOT" | "CLAUDE_PLUGIN_DATA" if !claude_code => format!("`{name}` is set by Claude Code, not by {client}: use a path relative to the directory {client} runs in, or an absolute one"),
        "CLAUDE_PLUGIN_ROOT" | "CLAUDE_PLUGIN_DATA" => format!("`{name}` is set only for servers defined by a plugin; outside a plugin use a path relative to the project or an absolute one"),
        "workspaceFolder" | "workspaceFolderBasename" | "userHome" | "pathSeparator" => {
            let root = if claude_code { ", or `${CLAUDE_PROJECT_DIR:-.}` for the project root" } else { "" };
            format!("`${{{name}}}` is a VS Code / Cursor variable; {client} reads it as an environment variable named `{name}`. Use a relative path{root}")
        }
        _ if has_defaults => format!("Set `{name}` in the environment {client} starts in, give a default (`${{{name}:-value}}`), or declare it for mcpcheck with `--env-file` / `--env {name}=…`{approve}"),
        _ if inputs => format!("Set `{name}` in the environment {client} starts in (or ask for the value with an `inputs` entry and `${{input:…}}`), or declare it for mcpcheck with `--env-file` / `--env {name}=…`"),
        _ => format!("Set `{name}` in the environment {client} starts in ({client} has no defaults for variables), or declare it for mcpcheck with `--env-file` / `--env {name}=…`{approve}"),
    }
}
