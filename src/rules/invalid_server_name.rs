//! `invalid-server-name`: a server name the client reserves, refuses or cannot use in tool
//! names.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Severity, Target};
use crate::model::{Scope, ServerEntry};

declare_rule! {
    /// ## What it does
    /// Reports server names that Claude Code reserves (`workspace`, `claude-in-chrome`,
    /// `computer-use`, `Claude Preview`, `Claude Browser`), empty names, and names with
    /// characters other than ASCII letters, digits, `-` and `_`: dots (`awslabs.aws-docs`),
    /// spaces (`My Server`), or letters outside ASCII.
    ///
    /// In Claude Desktop's `claude_desktop_config.json`, where any name works, a name with such
    /// characters is only an info: `claude mcp add-from-claude-desktop` reports it as invalid
    /// and imports the other servers without it (since Claude Code v2.1.205; earlier versions
    /// hung on it).
    ///
    /// In Gemini CLI's settings it reports, as info, a server name with `_` or with characters
    /// Gemini CLI turns into `_` in tool names (anything but letters, digits, `-`, `.` and `:`):
    /// Gemini CLI names tools `mcp_<server>_<tool>`, and its policy engine splits that name at
    /// the first `_` after `mcp_`, so wildcard and security rules for such a server can fail
    /// silently (Gemini CLI's docs warn against `_` in server names).
    ///
    /// ## Why is this bad?
    /// A server with a reserved name is skipped with a warning: it never loads. Names with
    /// other characters are refused by `claude mcp add`, and the server's name becomes part of
    /// every tool name (`mcp__<server>__<tool>`), which the Anthropic API restricts to
    /// `^[a-zA-Z0-9_-]{1,64}$`; Claude Code versions have failed to load such entries from
    /// `.mcp.json` (dotted names from AWS's examples are the common case), and permission rules
    /// that name the server do not match it reliably. Names usually arrive this way from Claude
    /// Desktop or VS Code, which accept spaces and dots.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "awslabs.aws-documentation-mcp-server": { "command": "uvx", "args": ["awslabs.aws-documentation-mcp-server@latest"] } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "aws-docs": { "command": "uvx", "args": ["awslabs.aws-documentation-mcp-server@latest"] } } }
    /// ```
    ///
    /// ## Known limitations
    /// Plugin servers are not checked for characters: Claude Code replaces the characters
    /// itself in their tool names (`mcp__plugin_<plugin>_<server>__<tool>`).
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp>
    /// - <https://github.com/awslabs/mcp/issues/413>
    /// - Claude Code changelog, v2.1.205 (`add-from-claude-desktop` and unsupported names)
    /// - <https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/mcp-server.md>
    pub InvalidServerName {
        id: "invalid-server-name",
        summary: "A server name the client reserves or cannot use in tool names (Claude Code: outside letters, digits, `-`, `_`; Gemini CLI: `_`)",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

/// Names Claude Code keeps for its own servers.
const RESERVED: &[&str] = &["workspace", "claude-in-chrome", "computer-use", "Claude Preview", "Claude Browser"];

impl Rule for InvalidServerName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id == crate::dialect::gemini::DIALECT.id {
            gemini(cx, server, out);
            return;
        }
        // These are Claude Code's naming rules; other clients get theirs with their dialects.
        // Claude Desktop accepts any name, but its servers are imported into Claude Code.
        let desktop = cx.dialect.id == crate::dialect::claude_desktop::DIALECT.id;
        if !(cx.dialect.id == crate::dialect::claude_code::DIALECT.id || desktop) || server.scope == Some(Scope::Plugin)
        {
            return;
        }
        let name = server.name;
        let shown = shown(name);
        let (message, severity, help) = if desktop {
            let Some(listed) = disallowed(name) else { return };
            (
                format!(
                    "server name `{shown}` contains {listed}: Claude Desktop accepts it, but Claude Code accepts only ASCII letters, digits, `-` and `_`, so `claude mcp add-from-claude-desktop` reports this server as invalid and does not import it"
                ),
                Severity::Info,
                match suggestion(name) {
                    s if s.chars().any(|c| c.is_ascii_alphanumeric()) => {
                        format!("Nothing to change for Claude Desktop; to import the server into Claude Code, rename it first, e.g. to `{s}`")
                    }
                    _ => "Nothing to change for Claude Desktop; to import the server into Claude Code, rename it first with letters, digits, `-` and `_`".to_owned(),
                },
            )
        } else if RESERVED.contains(&name) {
            (
                format!(
                    "server name `{shown}` is reserved by Claude Code for its own server: this entry is skipped with a warning and never loads"
                ),
                Severity::Error,
                format!("Rename the server, e.g. to `{}`", suggestion(&format!("{name}-mcp"))),
            )
        } else if name.is_empty() {
            (
                "the server name is empty: `claude mcp add` refuses it, and the server's tool names (`mcp____<tool>`) and permission rules name no server".to_owned(),
                Severity::Warning,
                "Name the server with letters, digits, `-` and `_`, e.g. `\"docs\"`".to_owned(),
            )
        } else {
            let Some(listed) = disallowed(name) else { return };
            let help = match suggestion(name) {
                s if s.chars().any(|c| c.is_ascii_alphanumeric()) => {
                    format!(
                        "Rename the server to `{s}` (and update permission rules such as `mcp__…` entries that name it)"
                    )
                }
                _ => "Rename the server with letters, digits, `-` and `_` only".to_owned(),
            };
            (
                format!(
                    "server name `{shown}` contains {listed}: Claude Code accepts only ASCII letters, digits, `-` and `_` in server names (`claude mcp add` refuses this name, and tool names are built from it)"
                ),
                Severity::Warning,
                help,
            )
        };
        let f = cx
            .finding(&Self::META, message)
            .severity(severity)
            .at(server.pointer.clone(), Target::Key, Some("server name".to_owned()))
            .help(help);
        out.push(cx.build(f));
    }
}

/// The characters of `name` that Claude Code does not accept, described for a message ("a
/// space and `.`"; three at most, then "and other characters"), or `None` if there are none.
fn disallowed(name: &str) -> Option<String> {
    // The first four distinct characters are enough to name three and say there are more.
    let mut bad: Vec<char> = Vec::new();
    for c in name.chars().filter(|c| !allowed(*c)) {
        if !bad.contains(&c) {
            bad.push(c);
            if bad.len() > 3 {
                break;
            }
        }
    }
    if bad.is_empty() {
        return None;
    }
    let described: Vec<String> = bad.iter().take(3).map(|c| describe(*c)).collect();
    let listed = match described.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => described.join(""),
    };
    let more = if bad.len() > 3 { " and other characters" } else { "" };
    Some(format!("{listed}{more}"))
}

/// Gemini CLI names a server's tools `mcp_<server>_<tool>`, turning characters other than
/// letters, digits, `_`, `-`, `.` and `:` into `_`; its policy engine splits such a name at the
/// first `_` after `mcp_`, so a server name with `_` (written or produced) defeats rules that
/// name the server.
fn gemini(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
    let name = server.name;
    let becomes_underscore = |c: char| !(c.is_ascii_alphanumeric() || "-.:".contains(c));
    let mut bad: Vec<char> = Vec::new();
    for c in name.chars().filter(|c| becomes_underscore(*c)) {
        if !bad.contains(&c) {
            bad.push(c);
        }
    }
    if name.is_empty() || bad.is_empty() {
        return;
    }
    let shown_name = shown(name);
    let listed: Vec<String> = bad.iter().take(3).map(|c| describe(*c)).collect();
    let what = if bad == ['_'] {
        "contains `_`".to_owned()
    } else {
        format!("contains {}, which Gemini CLI turns into `_` in tool names", listed.join(", "))
    };
    let suggestion: String = {
        let mut out = String::new();
        for c in name.chars() {
            let c = if becomes_underscore(c) { '-' } else { c };
            if !(c == '-' && out.ends_with('-')) {
                out.push(c);
            }
        }
        out.trim_matches('-').to_owned()
    };
    let help = if suggestion.chars().any(|c| c.is_ascii_alphanumeric()) {
        format!("Rename the server to `{}` (Gemini CLI's docs: use `my-server`, not `my_server`)", shown(&suggestion))
    } else {
        "Rename the server with letters, digits and `-` (Gemini CLI's docs: use `my-server`, not `my_server`)"
            .to_owned()
    };
    let f = cx
        .finding(
            &InvalidServerName::META,
            format!(
                "server name `{shown_name}` {what}: Gemini CLI names its tools `mcp_<server>_<tool>` and its policy engine splits that name at the first `_` after `mcp_`, so policy rules for this server can fail silently"
            ),
        )
        .severity(Severity::Info)
        .at(server.pointer.clone(), Target::Key, Some("server name".to_owned()))
        .help(help);
    out.push(cx.build(f));
}

/// A character Claude Code accepts in a server name.
fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// How to name a character in a message: `` `.` ``, "a space", "`é`".
fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '`' => "a backtick".to_owned(),
        c if c.is_control() || c.is_whitespace() => format!("`{}`", c.escape_unicode()),
        c => format!("`{c}`"),
    }
}

/// A name made of the characters Claude Code accepts: others become `-`, runs of `-` collapse,
/// and `-` is trimmed from the ends.
fn suggestion(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = if allowed(c) { c } else { '-' };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let trimmed = out.trim_matches('-');
    shown(if trimmed.is_empty() { &out } else { trimmed })
}

/// A name for a message, cut at 60 characters.
fn shown(name: &str) -> String {
    crate::finding::shorten(name, 60).escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_keep_the_name_readable() {
        assert_eq!(suggestion("awslabs.ecs-mcp-server"), "awslabs-ecs-mcp-server");
        assert_eq!(suggestion("My Server"), "My-Server");
        assert_eq!(suggestion("Claude Preview-mcp"), "Claude-Preview-mcp");
        assert_eq!(suggestion(" a . b "), "a-b");
        assert_eq!(suggestion("文档"), "-");
    }
}
