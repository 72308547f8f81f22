//! `unsupported-variable-syntax`: a variable reference in a form the client does not expand.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::pointer::Segment;
use crate::resolve::env::{Form, Reference, Status};
use crate::resolve::server::ResolvedValue;

declare_rule! {
    /// ## What it does
    /// Reports a variable reference the file's client does not expand, in a field where it
    /// expands others: `$VAR` and VS Code's `${env:VAR}` and `${input:id}` in Claude Code's
    /// `.mcp.json`, or any `${…}` that is not a plain variable name (`${config:…}`, `${/}`).
    ///
    /// A bare `$VAR` is reported only when it looks like an environment variable (upper case),
    /// is clearly meant as one (the whole value, the start of a path such as `$HOME/x`, or
    /// `Bearer $TOKEN`), and is not in the arguments of a shell (`sh -c`, `bash -c`, `cmd /c`,
    /// `powershell`), where the shell expands it at run time.
    ///
    /// Codex expands no variables at all in `config.toml`: there every `${VAR}` (and a `$VAR`
    /// meant as one) in a server entry is reported, with what to write instead: `env_vars` to
    /// forward a variable to a stdio server, `env_http_headers` or `bearer_token_env_var` for
    /// an HTTP server's headers, or just the name in fields that take a variable's name.
    ///
    /// ## Known limitations
    /// A `$NAME` inside a longer value (`"a,$TMP,b"`) is not reported: a literal `$` is common
    /// there (SAP package names, prices, regular expressions).
    ///
    /// ## Why is this bad?
    /// The reference reaches the server as written: the token is the text `${env:GITHUB_TOKEN}`,
    /// the path starts with `$HOME`. Syntax copied from another client's documentation is the
    /// usual cause.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "github": { "command": "github-mcp-server", "env": { "GITHUB_TOKEN": "${env:GITHUB_TOKEN}" } } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "github": { "command": "github-mcp-server", "env": { "GITHUB_TOKEN": "${GITHUB_TOKEN}" } } } }
    /// ```
    pub UnsupportedVariableSyntax {
        id: "unsupported-variable-syntax",
        summary: "A variable reference in a syntax the client does not expand (`$VAR`, `${env:VAR}`…)",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

const SHELLS: &[&str] =
    &["sh", "bash", "zsh", "dash", "fish", "ksh", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh"];

impl Rule for UnsupportedVariableSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        let client = cx.dialect.client;
        let supported = cx
            .dialect
            .substitution
            .forms
            .iter()
            .map(|f| format!("`{}`", f.example()))
            .collect::<Vec<_>>()
            .join(" and ");
        let shell = server.str_field("command").is_some_and(|c| {
            let program = c.rsplit(['/', '\\']).next().unwrap_or(c);
            SHELLS.contains(&program.to_ascii_lowercase().as_str())
        });
        for value in &server.resolved.values {
            for r in value.expanded.references.iter().filter(|r| r.status == Status::NotExpanded) {
                let reference = &r.reference;
                if reference.form == Form::Bare
                    && (shell && value.field == "args"
                        || !looks_like_env_name(&reference.name)
                        || !meant_as_variable(value.raw, reference.range.clone()))
                {
                    continue;
                }
                if cx.dialect.substitution.forms.is_empty() {
                    // Codex: nothing is expanded anywhere; say where the value can come from.
                    let f = cx
                        .finding(
                            &Self::META,
                            format!(
                                "{client} expands no variables in this file: `{}` receives `{}` as written",
                                value.pointer.dotted(),
                                reference.text
                            ),
                        )
                        .at(
                            value.pointer.clone(),
                            Target::Within(reference.text.clone()),
                            Some("not expanded".to_owned()),
                        )
                        .help(if crate::dialect::codex::is_codex(cx.dialect) {
                            by_name_instead(value, reference)
                        } else {
                            "Write the value itself: nothing in this file is expanded".to_owned()
                        });
                    out.push(cx.build(f));
                    continue;
                }
                let instead = match reference.form {
                    Form::Bare | Form::EnvPrefixed => format!("Write `${{{}}}`", reference.name),
                    Form::Input => {
                        let name: String = reference
                            .name
                            .chars()
                            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
                            .collect();
                        format!("{client} has no inputs: read the value from an environment variable, `${{{name}}}`")
                    }
                    _ => "Write the value itself, or an environment variable reference".to_owned(),
                };
                let supported_text = if supported.is_empty() { "no variables".to_owned() } else { supported.clone() };
                let f = cx
                    .finding(
                        &Self::META,
                        format!(
                            "{client} does not expand `{}` (it expands only {supported_text}): `{}` receives the text as written",
                            reference.text,
                            value.pointer.dotted()
                        ),
                    )
                    .at(value.pointer.clone(), Target::Within(reference.text.clone()), Some("not expanded".to_owned()))
                    .help(instead);
                out.push(cx.build(f));
            }
        }
    }
}

/// For Codex, which expands no variables but reads secrets from the environment by name
/// (`env_vars`, `env_http_headers`, `bearer_token_env_var`), what to write instead of
/// `reference` in `value`.
fn by_name_instead(value: &ResolvedValue<'_>, reference: &Reference) -> String {
    let name = &reference.name;
    let whole = value.raw == reference.text;
    let key = match value.pointer.last() {
        Some(Segment::Key(k)) => k.as_str(),
        _ => "",
    };
    if reference.form == Form::Other {
        return "Write the value itself: nothing in this file is expanded".to_owned();
    }
    match value.field {
        "env" if whole && key == name => format!(
            "Remove this entry and forward the variable instead: `env_vars = [\"{name}\"]` passes `{name}` from Codex's environment to the server"
        ),
        "env" if whole => format!(
            "Forward the variable instead: `env_vars = [\"{name}\"]` passes `{name}` from Codex's environment (the server then reads `{name}`, not `{key}`), or write the value itself"
        ),
        "env" => {
            "Write the whole value, or put it in one environment variable and forward that with `env_vars = [\"NAME\"]`"
                .to_owned()
        }
        "headers"
            if key.eq_ignore_ascii_case("authorization")
                && value.raw.to_ascii_lowercase().starts_with("bearer ")
                && value.raw.ends_with(&reference.text) =>
        {
            format!(
                "Remove this header and write `bearer_token_env_var = \"{name}\"`: Codex then sends `Authorization: Bearer` with the value of `{name}`"
            )
        }
        "headers" if whole => format!(
            "Move the header to `env_http_headers`: `\"{key}\" = \"{name}\"` (the variable's name; Codex reads it when it connects and leaves the header out when it is unset)"
        ),
        "headers" => format!(
            "Put the whole header value in one environment variable and name it in `env_http_headers`: `\"{key}\" = \"NAME\"`"
        ),
        "env_http_headers" | "bearer_token_env_var" | "env_vars" => {
            format!("This field takes the variable's name, not a reference to it: write `\"{name}\"`")
        }
        _ => format!(
            "Write the value itself; if the server can read `{name}` from its environment instead, forward it with `env_vars = [\"{name}\"]`"
        ),
    }
}

/// Whether a bare `$NAME` at `range` in `raw` is clearly meant as a variable: the whole value
/// (`"$GITHUB_TOKEN"`), the start of a path (`"$HOME/projects"`), or a bearer token
/// (`"Bearer $TOKEN"`). Elsewhere a `$` is too often literal, e.g. SAP package names in
/// `"Z*,$TMP,$ZADT_VSP"`.
fn meant_as_variable(raw: &str, range: std::ops::Range<usize>) -> bool {
    let after = &raw[range.end..];
    let before = &raw[..range.start];
    (before.is_empty() && (after.is_empty() || after.starts_with(['/', '\\'])))
        || (after.is_empty() && before.to_ascii_lowercase().ends_with("bearer "))
}

/// `HOME`, `GITHUB_TOKEN`: upper case, at least two characters.
fn looks_like_env_name(name: &str) -> bool {
    name.len() >= 2 && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
