//! `invalid-tool-name`: a tool whose name breaks the MCP spec's naming rules.

use serde_json::Value;

use super::probed_tools::{at_server, show};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, Severity};
use crate::probe::context::ProbeContext;

declare_rule! {
    /// ## What it does
    /// Checks each tool name a server lists against the MCP specification (2025-11-25 and
    /// later): 1 to 128 characters, only ASCII letters, digits, `_`, `-` and `.`. It follows the
    /// official TypeScript SDK's `validateToolName`: an empty name, a name over 128 characters
    /// or one with other characters (spaces, commas, `/`, non-ASCII letters) is an error; a name
    /// that starts or ends with `-` or `.` is a warning. A listed tool that is not an object or
    /// has no string `name` is an error too.
    ///
    /// ## Why is this bad?
    /// Clients and model APIs match tool names against patterns like these. The Anthropic API,
    /// which Claude Code calls, accepts only `^[a-zA-Z0-9_-]{1,64}$`, so a name with a space or
    /// a `/` makes requests fail or the tool disappear, depending on the client. A tool without
    /// a name cannot be called at all.
    ///
    /// ## Example
    /// A server listing `{"name": "search files", ...}` or `{"name": "repo/search", ...}`.
    ///
    /// ## Use instead
    /// `search_files`, `repo.search`.
    ///
    /// ## Options
    /// None.
    ///
    /// ## Known limitations
    /// The names come from the server, not from the config: the fix belongs in the server.
    /// Until then, the client's tool filter (`disabled_tools`, `excludeTools`…) can hide the
    /// tool.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names>
    /// - <https://github.com/modelcontextprotocol/typescript-sdk> (`validateToolName`)
    pub InvalidToolName {
        id: "invalid-tool-name",
        summary: "A tool name that is empty, longer than 128 characters or uses characters the MCP spec does not allow",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

/// The longest name the spec allows.
const MAX_LENGTH: usize = 128;

/// Whether the spec allows `c` in a tool name.
fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// What is wrong with a name, and how bad it is.
fn problem(name: &str) -> Option<(Severity, String)> {
    let length = name.chars().count();
    if length == 0 {
        return Some((Severity::Error, "is empty".to_owned()));
    }
    if length > MAX_LENGTH {
        return Some((Severity::Error, format!("has {length} characters, more than the {MAX_LENGTH} the spec allows")));
    }
    let mut bad: Vec<String> = Vec::new();
    for c in name.chars().filter(|c| !allowed(*c)) {
        let shown = match c {
            ' ' => "spaces".to_owned(),
            c if c.is_control() || c.is_whitespace() => format!("U+{:04X}", c as u32),
            c => format!("`{c}`"),
        };
        if !bad.contains(&shown) {
            bad.push(shown);
        }
    }
    if !bad.is_empty() {
        bad.truncate(5);
        let shown = match bad.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => bad.join(""),
        };
        return Some((
            Severity::Error,
            format!("contains {shown}; the spec allows only letters, digits, `_`, `-` and `.`"),
        ));
    }
    if name.starts_with(['-', '.']) || name.ends_with(['-', '.']) {
        return Some((
            Severity::Warning,
            "starts or ends with `-` or `.` (the official SDKs warn about such names)".to_owned(),
        ));
    }
    None
}

impl Rule for InvalidToolName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            let server = show(probed.server.name);
            for (index, tool) in probed.outcome.tools.iter().enumerate() {
                let (severity, message, label) = match tool.get("name") {
                    Some(Value::String(name)) => match problem(name) {
                        Some((severity, what)) => (
                            severity,
                            format!("server `{server}` lists a tool named `{}`, which {what}", show(name)),
                            format!("tool `{}`", show(name)),
                        ),
                        None => continue,
                    },
                    _ => (
                        Severity::Error,
                        format!(
                            "server `{server}` lists a tool (number {}) that is not an object with a string `name`; clients cannot call it",
                            index + 1
                        ),
                        format!("tool {}", index + 1),
                    ),
                };
                let f = at_server(probed, &Self::META, message, label)
                    .severity(severity)
                    .help("Rename the tool in the server to letters, digits, `_`, `-` and `.` (e.g. `search_files`), or hide it with the client's tool filter until the server is fixed");
                out.push(f.build(&probed.cx.file));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::probed_tools::test_support::{messages, silent_on_real_servers};
    use super::*;

    #[test]
    fn errors_and_warnings_as_the_sdk_has_them() {
        assert_eq!(problem("get_file.v2-x"), None);
        assert_eq!(problem("").unwrap().0, Severity::Error);
        assert_eq!(problem(&"a".repeat(128)), None);
        assert!(problem(&"a".repeat(129)).unwrap().1.contains("129 characters"));
        let (severity, what) = problem("search files, fast").unwrap();
        assert_eq!(severity, Severity::Error);
        assert!(what.contains("spaces and `,`"), "{what}");
        assert!(problem("repo/search").unwrap().1.contains("`/`"));
        assert!(problem("tab\tname").unwrap().1.contains("U+0009"));
        assert_eq!(problem("-search").unwrap().0, Severity::Warning);
        assert_eq!(problem("search.").unwrap().0, Severity::Warning);
    }

    #[test]
    fn reports_tools_without_a_name() {
        let found = messages(&InvalidToolName, json!([{ "name": "ok" }, "text", { "name": 3 }, { "name": "a b" }]));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].contains("(number 2)"), "{found:#?}");
        assert!(found[2].contains("`a b`"), "{found:#?}");
    }

    #[test]
    fn silent_on_real_servers_tools() {
        silent_on_real_servers(&InvalidToolName);
    }
}
