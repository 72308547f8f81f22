//! `unsupported-variable-syntax`: a variable reference in a form the client does not expand.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::resolve::env::{Form, Status};

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
        let forms: Vec<String> = cx.dialect.substitution.forms.iter().map(|f| format!("`{}`", f.example())).collect();
        let supported = match forms.split_last() {
            None => String::new(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        };
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
                let instead = match reference.form {
                    _ if forms.is_empty() => format!(
                        "{client} expands no variables here: write the value itself (keep secrets out of shared files), or leave it out so that the server reads it from the environment {client} starts it in"
                    ),
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
                let expands = if supported.is_empty() {
                    "it expands no variables".to_owned()
                } else {
                    format!("it expands only {supported}")
                };
                let f = cx
                    .finding(
                        &Self::META,
                        format!(
                            "{client} does not expand `{}` ({expands}): `{}` receives the text as written",
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

/// Whether a bare `$NAME` at `range` in `raw` is clearly meant as a variable: the whole value
/// (`"$GITHUB_TOKEN"`), the start of a path (`"$HOME/projects"`), or a bearer token
/// (`"Bearer $TOKEN"`). Elsewhere a `$` is too often literal, e.g. SAP package names in
/// `"Z*,$TMP,$ZADT_VSP"`.
pub(crate) fn meant_as_variable(raw: &str, range: std::ops::Range<usize>) -> bool {
    let after = &raw[range.end..];
    let before = &raw[..range.start];
    (before.is_empty() && (after.is_empty() || after.starts_with(['/', '\\'])))
        || (after.is_empty() && before.to_ascii_lowercase().ends_with("bearer "))
}

/// `HOME`, `GITHUB_TOKEN`: upper case, at least two characters.
fn looks_like_env_name(name: &str) -> bool {
    name.len() >= 2 && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
