//! `stdout-not-protocol`: a stdio server that writes lines to stdout that are not MCP
//! messages.

use super::probe_failure::{at_key, clean, is_remote, name};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder, shorten};
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::session::MAX_RECORDED_LINES;

declare_rule! {
    /// ## What it does
    /// Reports a stdio server that wrote lines to stdout that are not JSON-RPC messages: log
    /// lines, banners, progress output, or JSON that is not JSON-RPC. The message quotes the
    /// first of them. It is reported even when the probe otherwise succeeded.
    ///
    /// ## Why is this bad?
    /// The MCP specification reserves a stdio server's stdout for protocol messages: "The
    /// server MUST NOT write anything to its stdout that is not a valid MCP message". Logs
    /// belong on stderr. Clients differ in what they do with other lines: some report an error
    /// for each line, some drop them silently, and some fail the connection; a log line that
    /// happens to be JSON may be taken for a message. Output written before the first
    /// response, or in the middle of one, is what breaks servers that work in one client and
    /// fail in another.
    ///
    /// Common sources it recognises: `dotenv` 17, which prints `[dotenv@…] injecting env` to
    /// stdout unless told to be quiet, and `npm run` / `npm start`, which print the script's
    /// name (`> server@1.0.0 start`) before the server starts.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "notes": { "command": "npm", "args": ["start"] } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "notes": { "command": "npm", "args": ["start", "--silent"] } } }
    /// ```
    /// and in the server's code, log with `console.error` (Node.js), `print(…, file=sys.stderr)`
    /// or `logging` (Python), `eprintln!` (Rust).
    ///
    /// ## Known limitations
    /// Only what the server printed while mcpcheck probed it is seen; a server that prints
    /// later (during a tool call) is not caught. At most 50 lines of each kind are recorded.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio>
    pub StdoutNotProtocol {
        id: "stdout-not-protocol",
        summary: "A stdio server writes lines to stdout that are not MCP messages (logs belong on stderr)",
        severity: Warning,
        category: Structure,
        needs: Probe,
    }
}

/// How long a quoted line may be.
const LINE_WIDTH: usize = 120;

impl Rule for StdoutNotProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            let outcome = probed.outcome;
            if is_remote(probed.server) || (outcome.non_json_lines.is_empty() && outcome.non_jsonrpc_lines.is_empty()) {
                continue;
            }
            out.push(finding(probed).build(&probed.cx.file));
        }
    }
}

fn finding(probed: &ProbedServer<'_>) -> FindingBuilder {
    let server = probed.server;
    let outcome = probed.outcome;
    let client = probed.cx.dialect.client;
    let count = |lines: &[String]| {
        if lines.len() >= MAX_RECORDED_LINES { format!("{}+", lines.len()) } else { lines.len().to_string() }
    };
    // The first line with something in it; blank lines are only counted.
    let first = |lines: &[String]| match lines.iter().map(|l| clean(l)).find(|l| !l.trim().is_empty()) {
        Some(line) => format!("the first: `{}`", shorten(line.trim(), LINE_WIDTH)),
        None => "all blank".to_owned(),
    };
    let mut parts = Vec::new();
    if !outcome.non_json_lines.is_empty() {
        let n = count(&outcome.non_json_lines);
        let noun = if n == "1" { "line that is not JSON" } else { "lines that are not JSON" };
        parts.push(format!("{n} {noun} ({})", first(&outcome.non_json_lines)));
    }
    if !outcome.non_jsonrpc_lines.is_empty() {
        let n = count(&outcome.non_jsonrpc_lines);
        let noun = if n == "1" { "line of JSON that is not JSON-RPC" } else { "lines of JSON that are not JSON-RPC" };
        parts.push(format!("{n} {noun} ({})", first(&outcome.non_jsonrpc_lines)));
    }
    let failed = outcome.error.is_some();
    let consequence = if failed {
        "stdout is reserved for MCP messages, and this output may be why the probe failed".to_owned()
    } else {
        format!("stdout is reserved for MCP messages; {client} may report errors for these lines, drop them, or fail")
    };
    let message = format!("server `{}` wrote {} to stdout: {consequence}", name(server), parts.join(" and "));

    let all = || outcome.non_json_lines.iter().chain(&outcome.non_jsonrpc_lines).map(|l| clean(l));
    let help = if all().any(|line| line.trim_start().starts_with("[dotenv@")) {
        "The lines come from `dotenv`, which logs to stdout since version 17: load it with `dotenv.config({ quiet: true })`, or add `\"DOTENV_CONFIG_QUIET\": \"true\"` to the entry's `env`".to_owned()
    } else if all().any(|line| is_npm_banner(&line)) {
        "The lines come from `npm run` / `npm start`, which prints the script's name first: add `--silent` to `args` (`\"args\": [\"start\", \"--silent\"]`), or start the server with `node` directly".to_owned()
    } else {
        "Make the server write logs to stderr instead: `console.error` rather than `console.log` in Node.js, `print(…, file=sys.stderr)` or `logging` in Python, `eprintln!` in Rust; if the lines come from a library, turn its output off or send it to stderr".to_owned()
    };
    at_key(
        FindingBuilder::new(&StdoutNotProtocol::META, message),
        server,
        Some("writes non-MCP output to stdout".to_owned()),
    )
    .help(help)
}

/// Whether a line is what `npm run` prints before a script: `> name@version script`.
fn is_npm_banner(line: &str) -> bool {
    line.strip_prefix("> ").is_some_and(|rest| rest.split(' ').next().is_some_and(|word| word.contains('@')))
}

#[cfg(test)]
mod tests {
    use super::super::probe_failure::testing::{messages, run};
    use super::*;
    use crate::dialect::claude_code;

    const NOTES: &str = r#"{"mcpServers": {"notes": {"command": "npm", "args": ["start"]}}}"#;

    #[test]
    fn lines_are_quoted_and_counted_even_when_the_probe_succeeded() {
        let outcome = r#"{"notes": {"phase_reached": "complete", "non_json_lines": ["", "> notes@1.0.0 start", "> node server.js"]}}"#;
        let found = run(&StdoutNotProtocol, &claude_code::DIALECT, NOTES, outcome);
        assert_eq!(
            found[0].message,
            "server `notes` wrote 3 lines that are not JSON (the first: `> notes@1.0.0 start`) to stdout: stdout is reserved for MCP messages; Claude Code may report errors for these lines, drop them, or fail"
        );
        assert!(found[0].help.as_deref().unwrap().contains("add `--silent` to `args`"));
    }

    #[test]
    fn both_kinds_dotenv_and_a_failed_probe() {
        let outcome = r#"{"notes": {"phase_reached": "initialize",
            "non_json_lines": ["[dotenv@17.2.1] injecting env (2) from .env"],
            "non_jsonrpc_lines": ["{\"level\":\"info\",\"msg\":\"ready\"}", "{}"],
            "error": {"kind": {"kind": "protocol", "detail": "x"}, "message": "x"}}}"#;
        let found = run(&StdoutNotProtocol, &claude_code::DIALECT, NOTES, outcome);
        assert_eq!(
            found[0].message,
            "server `notes` wrote 1 line that is not JSON (the first: `[dotenv@17.2.1] injecting env (2) from .env`) and 2 lines of JSON that are not JSON-RPC (the first: `{\"level\":\"info\",\"msg\":\"ready\"}`) to stdout: stdout is reserved for MCP messages, and this output may be why the probe failed"
        );
        assert!(found[0].help.as_deref().unwrap().contains("DOTENV_CONFIG_QUIET"));
    }

    #[test]
    fn clean_servers_and_remote_servers_are_not_reported() {
        let ok = r#"{"notes": {"phase_reached": "complete"}}"#;
        assert!(messages(&StdoutNotProtocol, &claude_code::DIALECT, NOTES, ok).is_empty());
        let remote = r#"{"mcpServers": {"notes": {"type": "http", "url": "https://x.example/mcp"}}}"#;
        let lines = r#"{"notes": {"non_json_lines": ["event: ping"]}}"#;
        assert!(messages(&StdoutNotProtocol, &claude_code::DIALECT, remote, lines).is_empty());
        assert!(is_npm_banner("> @acme/notes@2.0.0 start"));
        assert!(!is_npm_banner("> quoted reply"));
    }
}
