//! `unsupported-variable-syntax`: a variable reference in a form the client does not expand.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::launch::program_name;
use crate::model::ServerEntry;
use crate::parse::Node;
use crate::pointer::Segment;
use crate::resolve::env::{Form, Reference, Status, Substitution};
use crate::resolve::server::ResolvedValue;

declare_rule! {
    /// ## What it does
    /// Reports a variable reference the file's client does not expand, in a field where it
    /// expands others: `$VAR` and VS Code's `${env:VAR}` and `${input:id}` in Claude Code's
    /// `.mcp.json`; a plain `${VAR}` or `${VAR:-default}` in Cursor's or VS Code's `mcp.json`,
    /// which expand only `${env:VAR}` (and VS Code `${input:id}`); or any `${…}` that is not a
    /// variable the client knows (`${config:…}` outside VS Code, `${/}` in Claude Code). The
    /// help writes the reference in the client's own syntax (`${userHome}` for `HOME` where the
    /// client has it).
    ///
    /// Each client has its own syntax: Windsurf, Cline and Roo Code expand only `${env:VAR}` (Roo
    /// also `${workspaceFolder}`), so `${VAR}` and `$VAR` are reported there; Kiro expands only
    /// `${VAR}`, so `$VAR` and `${env:VAR}` are; Claude Desktop expands no variables at all, so every
    /// reference in `command`, `args` and `env` is reported, with the advice to write the value
    /// itself.
    ///
    /// A bare `$VAR` is reported only when it looks like an environment variable (upper case),
    /// is clearly meant as one (the whole value, the start of a path such as `$HOME/x`, or
    /// `Bearer $TOKEN`), and is not in the arguments of a shell (`sh -c`, `bash -c`, `cmd /c`,
    /// `powershell`), where the shell expands it at run time. A `${VAR}` in the `--header`
    /// value of an `mcp-remote` bridge is not reported either: `mcp-remote` expands it itself
    /// from its environment (`"--header", "Authorization:${AUTH_HEADER}"` with `AUTH_HEADER`
    /// in `env`).
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
    /// (in Windsurf `"${env:GITHUB_TOKEN}"`; in Claude Desktop the token itself).
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp> ("Environment variable expansion in .mcp.json")
    /// - <https://docs.windsurf.com/windsurf/cascade/mcp> ("Config Interpolation")
    /// - <https://github.com/modelcontextprotocol/servers/issues/1039> (Claude Desktop)
    /// - <https://github.com/geelen/mcp-remote> ("Custom Headers")
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
        let rules = &cx.dialect.substitution;
        let mut supported = rules.forms.iter().map(|f| format!("`{}`", f.example())).collect::<Vec<_>>().join(" and ");
        if rules.is_builtin("workspaceFolder") {
            supported.push_str(", plus its own variables such as `${workspaceFolder}`");
        }
        let shell = server.str_field("command").is_some_and(|c| SHELLS.contains(&program_name(c).as_str()));
        let bridge_headers = bridge_header_args(server);
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
                // `mcp-remote` expands `${VAR}` in its `--header` values from its own
                // environment (the documented way to keep a token out of its command line).
                let index = match value.pointer.last() {
                    Some(Segment::Index(i)) if value.field == "args" => Some(*i),
                    _ => None,
                };
                if reference.form == Form::Braced && index.is_some_and(|i| bridge_headers.contains(&i)) {
                    continue;
                }
                let at = value.pointer.dotted();
                let message = if rules.expands_nothing() {
                    format!("{client} expands no variables: `{at}` receives `{}` as written", reference.text)
                } else {
                    format!(
                        "{client} does not expand `{}` (it expands only {supported}): `{at}` receives the text as written",
                        reference.text
                    )
                };
                let f = cx
                    .finding(&Self::META, message)
                    .at(value.pointer.clone(), Target::Within(reference.text.clone()), Some("not expanded".to_owned()))
                    .help(if crate::dialect::codex::is_codex(cx.dialect) {
                        by_name_instead(value, reference)
                    } else {
                        instead(client, rules, value.field, reference)
                    });
                out.push(cx.build(f));
            }
        }
    }
}

/// Variables VS Code and Cursor fill in themselves, which are no environment variables.
const EDITOR_VARIABLES: &[&str] = &["workspaceFolder", "workspaceFolderBasename", "userHome", "pathSeparator"];

/// Environment variables that hold a directory, for which the answer is the path itself.
const DIRECTORY_VARIABLES: &[&str] = &[
    "HOME",
    "USERPROFILE",
    "APPDATA",
    "LOCALAPPDATA",
    "TMPDIR",
    "TEMP",
    "TMP",
    "PWD",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
];

/// What to write instead of `reference`, in `field`, for a client with these `rules`.
fn instead(client: &str, rules: &Substitution, field: &str, reference: &Reference) -> String {
    let name = &reference.name;
    let Some(written) = rules.reference(name) else {
        // A client without any substitution (Claude Desktop).
        return match reference.form {
            Form::Input => format!("{client} has no inputs and expands no variables: write the value itself"),
            Form::Other => format!("Write the value itself: {client} fills in nothing"),
            _ if field == "env" => {
                format!("Write the value itself: {client} passes `env` values to the server exactly as written")
            }
            _ if DIRECTORY_VARIABLES.contains(&name.as_str()) || EDITOR_VARIABLES.contains(&name.as_str()) => {
                format!("Write the absolute path itself: {client} does not fill in `{}`", reference.text)
            }
            _ => format!(
                "Write the value itself; if the server reads it from its environment, set it in `env` instead (`\"{name}\": \"…\"`), where {client} passes it unchanged"
            ),
        };
    };
    match reference.form {
        // The home directory has a variable of its own where the client fills it in.
        Form::Bare | Form::Braced | Form::EnvPrefixed if name == "HOME" && rules.is_builtin("userHome") => {
            "Write `${userHome}`".to_owned()
        }
        _ if name == "userHome" => format!(
            "Write `{}`: {client} does not fill in `{}` (a VS Code / Cursor variable)",
            rules.reference("HOME").unwrap_or_default(),
            reference.text
        ),
        _ if EDITOR_VARIABLES.contains(&name.as_str()) => {
            format!(
                "{client} does not fill in `{}` (a VS Code / Cursor variable): write the path itself",
                reference.text
            )
        }
        Form::Bare | Form::EnvPrefixed | Form::Braced => format!("Write `{written}`"),
        Form::BracedDefault => {
            format!("Write `{written}` and set `{name}` where {client} starts: {client} has no defaults")
        }
        Form::Input => {
            let var: String =
                name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
            let written = rules.reference(&var).unwrap_or_default();
            format!("{client} has no inputs: read the value from an environment variable, `{written}`")
        }
        Form::Other => "Write the value itself, or an environment variable reference".to_owned(),
    }
}

/// The `args` indexes that are `--header` values of an `mcp-remote` bridge (run directly or
/// through `npx mcp-remote…`), in which `mcp-remote` expands `${VAR}` itself.
fn bridge_header_args(server: &ServerEntry<'_>) -> Vec<usize> {
    let Some(items) = server.field("args").and_then(Node::as_array) else { return Vec::new() };
    let args: Vec<&str> = items.iter().map(|n| n.as_str().unwrap_or_default()).collect();
    let command = server.str_field("command").unwrap_or_default();
    let is_bridge = |word: &str| word == "mcp-remote" || word.starts_with("mcp-remote@");
    if !(program_name(command).starts_with("mcp-remote") || args.iter().any(|a| is_bridge(a))) {
        return Vec::new();
    }
    (1..args.len()).filter(|&i| args[i - 1] == "--header").collect()
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
