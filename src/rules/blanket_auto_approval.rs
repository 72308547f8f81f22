//! `blanket-auto-approval`: a server whose tools run without asking: all of them, or ones that
//! run commands or change things.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Severity, Target};
use crate::model::ServerEntry;
use crate::parse::Node;

declare_rule! {
    /// ## What it does
    /// Reports per-server auto-approval that takes the user out of the loop: Gemini CLI's
    /// `"trust": true`, an `autoApprove` (Cline, Kiro) or `alwaysAllow` (Roo Code) list holding
    /// `"*"`, and such a list naming tools that run commands or code (`execute_command`,
    /// `browser_run_code`, `aws_cli`) or change things (`write_file`, `delete_branch`,
    /// `push_files`).
    ///
    /// Whether the field takes effect depends on the client that reads the file, which the
    /// rule learns from the dialect: the field takes effect where the dialect's schema defines
    /// it. There the finding is a warning, and the message says when the client applies the
    /// list: Cline and Roo Code only while their own auto-approve setting for MCP is switched
    /// on (it is off by default), so the file alone does not run anything unasked. Kiro reads
    /// `"*"` as every tool with no further switch, so a `"*"` in a Kiro file is an error: every
    /// tool of that server, including tools a later version adds, runs without a prompt for
    /// everyone who uses the file (a workspace `.kiro/settings/mcp.json` is committed with the
    /// repository). Cline compares names exactly and has no wildcard: there `"*"` approves
    /// nothing, which is reported as info.
    ///
    /// Claude Code reads none of these fields (it asks before every tool call unless a
    /// permission rule in its settings allows it); in its files the field is reported by
    /// `foreign-field` as ignored, and this rule adds an info finding saying what the entry
    /// would approve if it were copied into the clients that read it.
    ///
    /// ## Why is this bad?
    /// An auto-approved tool runs on the model's decision alone. A prompt injection in a web
    /// page, an issue or a file the model reads can then run shell commands, push code or delete
    /// data without anyone seeing a confirmation. Approving every tool of a server also approves
    /// the tools it adds in its next version.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "shell": { "command": "shell-mcp", "autoApprove": ["*"] } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "shell": { "command": "shell-mcp", "autoApprove": ["list_directory", "read_file"] } } }
    /// ```
    ///
    /// ## Known limitations
    /// Whether a tool runs commands or changes things is judged from the words in its name, so
    /// an approved `query` tool that can write is not caught, and `execute_sparql` (a read-only
    /// query) is. A disabled server (`"disabled": true`) is checked like any other: enabling it
    /// is one click away.
    ///
    /// ## References
    /// - <https://kiro.dev/docs/mcp/configuration>
    /// - <https://github.com/RooCodeInc/Roo-Code/blob/main/src/services/mcp/McpHub.ts>
    /// - <https://github.com/cline/cline/blob/main/apps/vscode/src/services/mcp/McpHub.ts>
    pub BlanketAutoApproval {
        id: "blanket-auto-approval",
        summary: "Auto-approval of every tool (`\"*\"`, `trust: true`) or of tools that run commands or write",
        severity: Warning,
        category: Security,
        needs: Offline,
    }
}

/// An auto-approval field and the clients that read it.
struct ApprovalField {
    name: &'static str,
    readers: &'static str,
    /// The clients that read `"*"` in it as every tool.
    wildcard_readers: &'static str,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A list of tool names; `"*"` approves all where the client has a wildcard.
    ToolList,
    /// `true` approves every tool.
    Flag,
}

const FIELDS: &[ApprovalField] = &[
    ApprovalField { name: "autoApprove", readers: "Cline and Kiro", wildcard_readers: "Kiro", kind: Kind::ToolList },
    ApprovalField { name: "alwaysAllow", readers: "Roo Code", wildcard_readers: "Roo Code", kind: Kind::ToolList },
    ApprovalField { name: "trust", readers: "Gemini CLI", wildcard_readers: "Gemini CLI", kind: Kind::Flag },
];

/// How a client that reads the field applies it: whether `"*"` means every tool, whether a
/// wildcard is an error (it needs no further switch), and the condition under which the list
/// takes effect.
fn reading(dialect: &crate::dialect::Dialect) -> (bool, bool, &'static str) {
    use crate::dialect::{cline, kiro, roo};
    match dialect.id {
        // `autoApprove.includes(tool.name)`, and only while "Use MCP servers" is on.
        id if id == cline::DIALECT.id => (false, false, " once its auto-approve setting for MCP tools is on"),
        // `alwaysAllow.includes("*")`, and only while "Always approve MCP" is on.
        id if id == roo::DIALECT.id => (true, false, " once its auto-approve setting for MCP is on"),
        // Documented: `"*"` auto-approves all tools; no further switch.
        id if id == kiro::DIALECT.id => (true, true, ""),
        _ => (true, false, ""),
    }
}

/// Words in a tool name that say it runs commands or code.
const RUNS: &[&str] =
    &["exec", "execute", "run", "shell", "bash", "terminal", "eval", "script", "command", "cmd", "cli", "spawn"];
/// Words in a tool name that say it changes things.
const CHANGES: &[&str] = &[
    "write",
    "edit",
    "delete",
    "remove",
    "create",
    "update",
    "push",
    "commit",
    "merge",
    "deploy",
    "drop",
    "insert",
    "upload",
    "move",
    "rename",
    "kill",
    "change",
    "modify",
    "publish",
    "install",
    "send",
    "post",
    "put",
    "patch",
    "truncate",
    "destroy",
    "terminate",
    "revert",
    "reset",
];

impl Rule for BlanketAutoApproval {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        for field in FIELDS {
            let Some(node) = server.field(field.name) else { continue };
            let read_here = crate::validate::defines_server_field(cx.dialect, field.name);
            let (wildcards, wildcard_is_error, condition) = reading(cx.dialect);
            let Some(found) = assess(field, node, !read_here || wildcards) else { continue };
            let name = server.name;
            let client = cx.dialect.client;
            // A wildcard this client does not have: it approves nothing.
            if let (Some(index), true, false) = (found.inert_wildcard, read_here, wildcards) {
                let f = cx
                    .finding(
                        &Self::META,
                        format!(
                            "`{}` of server `{name}` contains `\"*\"`, but {client} compares tool names exactly and has no wildcard: it approves no tool (only one named `*`)",
                            field.name
                        ),
                    )
                    .severity(Severity::Info)
                    .at(server.pointer_to(field.name).index(index), Target::Value, Some("not a wildcard here".to_owned()))
                    .help(format!("List the tools to approve by name (only tools that read), or remove `\"*\"` from `{}`", field.name));
                out.push(cx.build(f));
            }
            let Some((what, label, primary, one, wildcard)) = found.finding else { continue };
            let them = if one { "it" } else { "them" };
            let (message, severity) = if read_here {
                let shared = if cx.role.scope == Some(crate::model::Scope::Project) {
                    ", for everyone who uses this project's settings"
                } else {
                    ""
                };
                (
                    format!(
                        "`{}` of server `{name}` {what}: {client} runs {them} without asking{condition}{shared}",
                        field.name
                    ),
                    if wildcard && wildcard_is_error { Severity::Error } else { Severity::Warning },
                )
            } else {
                let readers = if wildcard { field.wildcard_readers } else { field.readers };
                (
                    format!(
                        "`{}` of server `{name}` {what}: {readers} would run {them} without asking; {client} ignores the field, so here it has no effect (see `foreign-field`)",
                        field.name
                    ),
                    Severity::Info,
                )
            };
            let help = match field.kind {
                Kind::Flag if read_here && cx.dialect.id == crate::dialect::gemini::DIALECT.id => "Remove `\"trust\": true`: Gemini CLI then asks before each tool call, where \"Always allow this tool\" approves one tool at a time; hide tools that write or run commands with `excludeTools`".to_owned(),
                Kind::Flag => "Remove `\"trust\": true` and approve tool calls as they come, or list only read-only tools where the client supports a list".to_owned(),
                Kind::ToolList => format!("List only tools that read, never `\"*\"`; approve the others each time (or remove `{}`)", field.name),
            };
            let f = cx
                .finding(&Self::META, message)
                .severity(severity)
                .at(
                    primary.map_or_else(|| server.pointer_to(field.name), |i| server.pointer_to(field.name).index(i)),
                    Target::Value,
                    Some(label),
                )
                .related(server.pointer_to(field.name), Target::Key, None)
                .help(help);
            out.push(cx.build(f));
        }
    }
}

/// What a field approves.
struct Assessed {
    /// The finding worth giving: the phrase for the message, the label, the index of the list
    /// item to underline (none: the whole value), whether one tool is meant, and whether it is
    /// about a wildcard.
    finding: Option<(String, String, Option<usize>, bool, bool)>,
    /// The index of a `"*"` that the client reads as a plain tool name.
    inert_wildcard: Option<usize>,
}

/// What the field approves, when that is worth a finding; `wildcards` says whether `"*"`
/// approves every tool (otherwise it is reported apart, and the named tools are judged).
fn assess(field: &ApprovalField, node: &Node, wildcards: bool) -> Option<Assessed> {
    match field.kind {
        Kind::Flag => (node.as_bool() == Some(true)).then(|| Assessed {
            finding: Some((
                "is `true`, which approves every tool of the server".to_owned(),
                "every tool".to_owned(),
                None,
                false,
                true,
            )),
            inert_wildcard: None,
        }),
        Kind::ToolList => {
            let items = node.as_array()?;
            let names: Vec<(usize, &str)> =
                items.iter().enumerate().filter_map(|(i, n)| Some((i, n.as_str()?))).collect();
            let star = names.iter().find(|(_, n)| n.trim() == "*").map(|(i, _)| *i);
            if let (Some(i), true) = (star, wildcards) {
                return Some(Assessed {
                    finding: Some((
                        "contains `\"*\"`, which approves every tool of the server, including tools it adds later"
                            .to_owned(),
                        "every tool".to_owned(),
                        Some(i),
                        false,
                        true,
                    )),
                    inert_wildcard: None,
                });
            }
            let risky_items: Vec<(usize, &str)> =
                names.iter().copied().filter(|(_, n)| runs_or_changes(n).is_some()).collect();
            let finding = risky_items.first().map(|&(first_index, first)| {
                let risky: Vec<&str> = risky_items.iter().map(|(_, n)| *n).collect();
                let runs = risky.iter().any(|n| runs_or_changes(n) == Some(Effect::Runs));
                let one = risky.len() == 1;
                let kind = match (runs, one) {
                    (true, true) => "a tool that runs commands or code",
                    (true, false) => "tools that run commands or code",
                    (false, true) => "a tool that changes things",
                    (false, false) => "tools that change things",
                };
                let shown: Vec<String> = risky.iter().take(3).map(|n| format!("`{}`", short(n))).collect();
                let more = if risky.len() > 3 { format!(" and {} more", risky.len() - 3) } else { String::new() };
                (
                    format!("approves {}{more}, {kind} judging by the name", shown.join(", ")),
                    format!("{} without asking", short(first)),
                    Some(first_index),
                    one,
                    false,
                )
            });
            (finding.is_some() || star.is_some()).then_some(Assessed { finding, inert_wildcard: star })
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Runs,
    Changes,
}

/// Whether a tool's name says it runs commands or code, or changes things.
fn runs_or_changes(tool: &str) -> Option<Effect> {
    let words = words(tool);
    if words.iter().any(|w| RUNS.contains(&w.as_str())) {
        Some(Effect::Runs)
    } else if words.iter().any(|w| CHANGES.contains(&w.as_str())) {
        Some(Effect::Changes)
    } else {
        None
    }
}

/// The lowercase words of a tool name: split at `_`, `-`, `.`, `/`, spaces and lower-to-upper
/// case changes (`runCommand` → `run`, `command`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A tool name for a message, cut at 40 characters.
fn short(name: &str) -> String {
    crate::finding::shorten(name, 40).escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_snake_kebab_and_camel_case() {
        assert_eq!(words("browser_run_code"), ["browser", "run", "code"]);
        assert_eq!(words("runCommand"), ["run", "command"]);
        assert_eq!(words("stub_mock-http-response"), ["stub", "mock", "http", "response"]);
        assert_eq!(words("searchAppleDocumentation"), ["search", "apple", "documentation"]);
    }

    #[test]
    fn tools_are_judged_by_their_words() {
        assert_eq!(runs_or_changes("execute_command"), Some(Effect::Runs));
        assert_eq!(runs_or_changes("aws_cli"), Some(Effect::Runs));
        assert_eq!(runs_or_changes("browser_run_code"), Some(Effect::Runs));
        assert_eq!(runs_or_changes("write_file"), Some(Effect::Changes));
        assert_eq!(runs_or_changes("change_sonar_issue_status"), Some(Effect::Changes));
        for read_only in
            ["read_file", "search_files", "get_statistics", "resolve-library-id", "brave_web_search", "runtime_info"]
        {
            assert_eq!(runs_or_changes(read_only), None, "{read_only}");
        }
    }
}
