//! `server-exited-early`: the server started but exited before the probe finished.

use std::sync::LazyLock;

use regex::Regex;

use super::probe_failure::{at_key, error_kind, last_lines, name, quote_lines};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder, shorten};
use crate::model::ServerEntry;
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::session::{Phase, ProbeErrorKind};

declare_rule! {
    /// ## What it does
    /// Reports a stdio server that started but exited (or closed its output) before
    /// `mcpcheck probe` had listed its tools. The message gives the exit code and the last
    /// lines the server wrote to stderr (with secrets redacted), and the help names the cause
    /// when stderr shows a well-known one:
    ///
    /// - a required environment variable that is not set (a line naming an `UPPER_CASE`
    ///   variable together with "environment variable", "not set", "required" or "missing");
    /// - a Python module that is not installed (`ModuleNotFoundError`);
    /// - a Node.js module that is not installed (`Cannot find module`);
    /// - a program that is not installed (`command not found`, exit code 127);
    /// - an npm package that does not exist (`npm ERR! 404`, `npm error 404`);
    /// - a port that is already taken (`EADDRINUSE`).
    ///
    /// ## Why is this bad?
    /// The client starts the same command and sees the same exit: the server shows as failed
    /// and none of its tools are available. Most clients hide stderr in a log file.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"] } } }
    /// ```
    /// (the server exits: `GITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set`)
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"], "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_TOKEN}" } } } }
    /// ```
    ///
    /// ## Known limitations
    /// The causes are recognised from stderr text; a server that exits without saying why, or
    /// says it in its own words, gets the exit code and its last lines only. mcpcheck starts
    /// the server with its own environment; a variable set in your shell but not in the
    /// client's environment makes the server work here and fail in the client.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/docs/develop/connect-local-servers>
    pub ServerExitedEarly {
        id: "server-exited-early",
        summary: "The server exited before it answered `initialize` or listed its tools",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

/// How many stderr lines a message quotes.
const QUOTED_LINES: usize = 3;
/// How long each quoted line may be.
const LINE_WIDTH: usize = 160;

impl Rule for ServerExitedEarly {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            if let Some(ProbeErrorKind::ExitedEarly { code }) = error_kind(probed) {
                out.push(finding(probed, *code).build(&probed.cx.file));
            }
        }
    }
}

fn finding(probed: &ProbedServer<'_>, code: Option<i32>) -> FindingBuilder {
    let server = probed.server;
    let outcome = probed.outcome;
    let client = probed.cx.dialect.client;
    let when = match outcome.phase_reached {
        Phase::Spawn | Phase::Connect | Phase::Discover | Phase::Initialize => {
            "before it answered `initialize`".to_owned()
        }
        phase => format!("during `{}`", phase.name()),
    };
    let how = match code {
        Some(code) => format!("exited with code {code}"),
        None => "exited (or closed its output)".to_owned(),
    };
    // npm's pointer to its own log file says nothing about the failure.
    let stderr: String = outcome
        .stderr_tail
        .lines()
        .filter(|line| !line.contains("A complete log of this run can be found in"))
        .collect::<Vec<_>>()
        .join("\n");
    let lines = last_lines(&stderr, QUOTED_LINES, LINE_WIDTH);
    let said = if lines.is_empty() {
        "; it wrote nothing to stderr".to_owned()
    } else {
        format!("; stderr ended with {}", quote_lines(&lines))
    };
    let message = format!("server `{}` {how} {when}{said}", name(server));
    let cause = recognise(&outcome.stderr_tail, code, server);
    let help = match cause {
        Some(cause) => cause,
        None => format!(
            "Start the command in a terminal, with the entry's `env`, to see the whole error; {client} sees the same exit"
        ),
    };
    let label = match code {
        Some(code) => format!("exited with code {code}"),
        None => "exited".to_owned(),
    };
    at_key(FindingBuilder::new(&ServerExitedEarly::META, message), server, Some(label)).help(help)
}

/// A line naming a variable that is missing, in the words servers use.
static MISSING_VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)environment variable|env var|\bnot set\b|must be set|\brequired\b|\bmissing\b|\bundefined\b")
        .expect("valid regex")
});
/// An `UPPER_CASE` name with at least one underscore: what environment variables look like.
static VARIABLE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])\b").expect("valid regex"));
static PYTHON_MODULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ModuleNotFoundError: No module named '([^']{1,100})'").expect("valid regex"));
static NODE_MODULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Cannot find (?:module|package) '([^']{1,200})'").expect("valid regex"));
static COMMAND_NOT_FOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z0-9_.+/-]{1,100}): (?:command not found|not found)\s*$").expect("valid regex")
});
static PYTHON_KEY_ERROR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"KeyError: '([A-Z][A-Z0-9_]{1,100})'").expect("valid regex"));
static NPM_404: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"npm (?:ERR!|error) (?:code E404|404)").expect("valid regex"));
static NPM_404_PACKAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"'([^' ]{1,200})' is not in (?:this|the npm) registry").expect("valid regex"));

/// The cause stderr shows, as help, when it is one of the well-known ones.
fn recognise(stderr: &str, code: Option<i32>, server: &ServerEntry<'_>) -> Option<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    if lines.iter().any(|line| NPM_404.is_match(line)) {
        let package = lines.iter().find_map(|line| NPM_404_PACKAGE.captures(line)).map(|c| c[1].to_owned());
        return Some(match package {
            Some(package) => format!(
                "npm has no package `{}`: check the package name and version in `args` (`npm view <package>` shows whether it exists)",
                super::probe_failure::clean(&package)
            ),
            None => "npm could not find the package: check the package name and version in `args` (`npm view <package>` shows whether it exists)".to_owned(),
        });
    }
    if let Some(module) = lines.iter().find_map(|line| PYTHON_MODULE.captures(line)) {
        let module = super::probe_failure::clean(&module[1]);
        return Some(format!(
            "The Python module `{module}` is not installed where the server runs: install the server with its dependencies into the interpreter `command` starts (or start it with `uvx`, which installs them)"
        ));
    }
    if let Some(module) = lines.iter().find_map(|line| NODE_MODULE.captures(line)) {
        let module = super::probe_failure::clean(&shorten(&module[1], 100));
        return Some(format!(
            "Node.js cannot find `{module}`: if it is a file of the server, check the path in `args` (and build the server first); if it is a package, run `npm install` in the server's directory"
        ));
    }
    if let Some(program) = lines.iter().find_map(|line| COMMAND_NOT_FOUND.captures(line.trim_end())) {
        let program = super::probe_failure::clean(&program[1]);
        return Some(format!(
            "The server (or a script it runs) needs `{program}`, which is not installed or not on `PATH`: install it, or give its absolute path"
        ));
    }
    if let Some(variable) = missing_variable(&lines) {
        let present = server.field("env").and_then(|env| env.get(&variable)).is_some();
        return Some(if present {
            format!(
                "The server says `{variable}` is missing, but the entry's `env` sets it: check that the value is not empty (a `${{VAR}}` reference to a variable that is not set in the client's environment becomes empty or stays literal)"
            )
        } else {
            format!(
                "The server needs `{variable}`: add it to the entry's `env`, e.g. `\"{variable}\": \"${{{variable}}}\"`, and set it in the environment the client starts in"
            )
        });
    }
    if lines.iter().any(|line| line.contains("EADDRINUSE") || line.contains("address already in use")) {
        return Some(
            "The port the server listens on is already taken, probably by another copy of it: stop that one, or give the server another port in its `args` or `env`".to_owned(),
        );
    }
    match code {
        Some(127) => Some(
            "Exit code 127 means a shell could not find a program: check the program names in `command` and `args`, and that they are installed".to_owned(),
        ),
        Some(126) => Some(
            "Exit code 126 means a shell found a program but could not run it: make it executable (`chmod +x`)".to_owned(),
        ),
        _ => None,
    }
}

/// The first variable name on a line that says something is missing.
fn missing_variable(lines: &[&str]) -> Option<String> {
    let said = lines
        .iter()
        .filter(|line| MISSING_VARIABLE.is_match(line))
        .find_map(|line| VARIABLE_NAME.captures(line).map(|c| c[1].to_owned()));
    // Python's `os.environ["NAME"]` raises `KeyError: 'NAME'`.
    let environ = lines.iter().any(|line| line.contains("environ"));
    said.or_else(|| {
        environ
            .then(|| lines.iter().find_map(|line| PYTHON_KEY_ERROR.captures(line).map(|c| c[1].to_owned())))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::super::probe_failure::testing::run;
    use super::*;
    use crate::dialect::claude_code;

    const GITHUB: &str =
        r#"{"mcpServers": {"github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"]}}}"#;

    fn exited(code: &str, stderr: &str) -> String {
        let outcome = serde_json::json!({"github": {
            "phase_reached": "initialize",
            "stderr_tail": stderr,
            "error": {"kind": {"kind": "exited_early", "code": serde_json::from_str::<serde_json::Value>(code).unwrap()}, "message": "exited"}
        }});
        outcome.to_string()
    }

    fn one(config: &str, code: &str, stderr: &str) -> (String, String) {
        let found = run(&ServerExitedEarly, &claude_code::DIALECT, config, &exited(code, stderr));
        assert_eq!(found.len(), 1);
        (found[0].message.clone(), found[0].help.clone().unwrap())
    }

    #[test]
    fn missing_variable_is_named_with_the_env_line_to_add() {
        let (message, help) = one(
            GITHUB,
            "1",
            "GitHub MCP Server starting\nGITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set\n",
        );
        assert_eq!(
            message,
            "server `github` exited with code 1 before it answered `initialize`; stderr ended with `GitHub MCP Server starting` / `GITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set`"
        );
        assert_eq!(
            help,
            "The server needs `GITHUB_PERSONAL_ACCESS_TOKEN`: add it to the entry's `env`, e.g. `\"GITHUB_PERSONAL_ACCESS_TOKEN\": \"${GITHUB_PERSONAL_ACCESS_TOKEN}\"`, and set it in the environment the client starts in"
        );
        let with_env =
            r#"{"mcpServers": {"github": {"command": "npx", "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "${GH}"}}}}"#;
        let (_, help) = one(with_env, "1", "Error: GITHUB_PERSONAL_ACCESS_TOKEN is required");
        assert!(help.contains("but the entry's `env` sets it"), "{help}");
    }

    #[test]
    fn well_known_causes_are_recognised() {
        let (_, help) =
            one(GITHUB, "1", "Traceback (most recent call last):\nModuleNotFoundError: No module named 'mcp'");
        assert!(help.starts_with("The Python module `mcp` is not installed"), "{help}");
        let (_, help) = one(GITHUB, "1", "Error: Cannot find module '/srv/app/dist/index.js'");
        assert!(help.starts_with("Node.js cannot find `/srv/app/dist/index.js`"), "{help}");
        let (_, help) = one(GITHUB, "127", "sh: 1: uvx: not found");
        assert!(help.starts_with("The server (or a script it runs) needs `uvx`"), "{help}");
        let (_, help) = one(
            GITHUB,
            "1",
            "npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/@acme%2fnope - Not found\nnpm error 404  '@acme/nope@*' is not in this registry.",
        );
        assert!(help.starts_with("npm has no package `@acme/nope@*`"), "{help}");
        let (_, help) = one(
            GITHUB,
            "1",
            "Traceback (most recent call last):\n  File \"server.py\", line 3, in <module>\n    token = os.environ[\"API_TOKEN\"]\nKeyError: 'API_TOKEN'",
        );
        assert!(help.starts_with("The server needs `API_TOKEN`"), "{help}");
        let (_, help) = one(GITHUB, "1", "Error: listen EADDRINUSE: address already in use :::3000");
        assert!(help.starts_with("The port the server listens on is already taken"), "{help}");
        let (_, help) = one(GITHUB, "127", "");
        assert!(help.starts_with("Exit code 127"), "{help}");
    }

    #[test]
    fn unknown_causes_quote_the_end_of_stderr_only() {
        let long = "x".repeat(300);
        let stderr = format!("a\nb\nc\n\u{1b}[31md `quoted`\u{1b}[0m\n{long}\n");
        let (message, help) = one(GITHUB, "null", &stderr);
        assert!(message.starts_with("server `github` exited (or closed its output) before it answered `initialize`; stderr ended with `c` / `d 'quoted'` / `xxx"), "{message}");
        assert!(message.ends_with("x…`"), "{message}");
        assert!(help.starts_with("Start the command in a terminal"), "{help}");
        let (message, _) = one(GITHUB, "0", "");
        assert!(message.ends_with("exited with code 0 before it answered `initialize`; it wrote nothing to stderr"));
        let ok = r#"{"github": {"phase_reached": "complete"}}"#;
        assert!(run(&ServerExitedEarly, &claude_code::DIALECT, GITHUB, ok).is_empty());
    }
}
