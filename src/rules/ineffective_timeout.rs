//! `ineffective-timeout`: a per-server `timeout` so small that the client ignores it.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, FindingBuilder, Target};
use crate::model::ServerEntry;
use crate::parse::Node;

declare_rule! {
    /// ## What it does
    /// Reports a server's `timeout` that the client does not apply as written, in the clients
    /// whose unit and limits are known:
    ///
    /// - Claude Code reads it in milliseconds and ignores values below 1000 (since v2.1.162;
    ///   earlier versions raised them to one second). `"timeout": 30` is almost always meant as
    ///   30 seconds.
    /// - Cline reads it in seconds and clamps it to 1–3600; a value that is not a number is
    ///   replaced by the default of 60 seconds. `"timeout": 60000` is almost always meant as
    ///   60 seconds (in milliseconds) and becomes one hour.
    /// - Roo Code reads it in seconds and rejects an entry whose value is outside 1–3600; in a
    ///   project `.roo/mcp.json` that makes it load none of the file's servers, so there the
    ///   finding is an error.
    ///
    /// ## Why is this bad?
    /// The limit the author chose never applies. In Claude Code tool calls run under the
    /// default (`MCP_TOOL_TIMEOUT`, about 28 hours), so a hung tool call is not cut off; in
    /// Cline a hung request holds the task for an hour, or a slow one fails after a second; in
    /// Roo Code the server does not load at all.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "db": { "command": "db-mcp", "timeout": 30 } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "db": { "command": "db-mcp", "timeout": 30000 } } }
    /// ```
    /// (in Claude Code; in Cline and Roo Code `"timeout": 30` is right: seconds.)
    ///
    /// ## Known limitations
    /// Other clients count differently (Zed's `timeout` is in seconds, Kiro CLI's in
    /// milliseconds) and their limits are not known; the rule applies only to the clients
    /// above.
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp>
    /// - <https://github.com/cline/cline/blob/main/sdk/packages/shared/src/mcp.ts>
    /// - <https://github.com/RooCodeInc/Roo-Code/blob/main/src/services/mcp/McpHub.ts>
    pub IneffectiveTimeout {
        id: "ineffective-timeout",
        summary: "A server `timeout` the client ignores, clamps or rejects (milliseconds and seconds mixed up)",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

/// The smallest `timeout` (ms) Claude Code applies.
const FLOOR_MS: f64 = 1000.0;
/// The range of `timeout` (s) that Cline applies and Roo Code accepts.
const SECONDS: std::ops::RangeInclusive<f64> = 1.0..=3600.0;

impl Rule for IneffectiveTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        use crate::dialect::{claude_code, cline, roo};
        let Some(node) = server.field("timeout") else { return };
        let finding = match cx.dialect.id {
            id if id == claude_code::DIALECT.id => node.as_f64().and_then(|v| claude_code_ms(cx, server, v)),
            id if id == cline::DIALECT.id => cline_seconds(cx, server, node),
            id if id == roo::DIALECT.id => node.as_f64().and_then(|v| roo_seconds(cx, server, v)),
            // Other clients count otherwise.
            _ => None,
        };
        if let Some(f) = finding {
            out.push(cx.build(f));
        }
    }
}

/// Claude Code: milliseconds, values below 1000 ignored.
fn claude_code_ms(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, value: f64) -> Option<FindingBuilder> {
    // Negative and non-finite values are the schema's.
    if !value.is_finite() || !(0.0..FLOOR_MS).contains(&value) {
        return None;
    }
    let shown = number(value);
    let seconds = value * 1000.0;
    let help = if value > 0.0 && seconds >= FLOOR_MS {
        format!("If you meant {shown} seconds, write `\"timeout\": {}` (the value is in milliseconds)", number(seconds))
    } else {
        "Write the limit in milliseconds and at least 1000, e.g. `\"timeout\": 60000` for one minute, or remove `timeout` to keep the default".to_owned()
    };
    Some(
        cx.finding(
            &IneffectiveTimeout::META,
            format!(
                "`timeout` of server `{}` is {shown}, but {} reads it in milliseconds and ignores values below 1000: tool calls use the default limit (`MCP_TOOL_TIMEOUT`, about 28 hours) instead",
                server.name, cx.dialect.client
            ),
        )
        .at(server.pointer_to("timeout"), Target::Value, Some("below 1000 ms: ignored".to_owned()))
        .help(help),
    )
}

/// Cline: seconds, clamped to 1–3600; anything but a number means the default of 60.
fn cline_seconds(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, node: &Node) -> Option<FindingBuilder> {
    let (name, client) = (server.name, cx.dialect.client);
    let (message, label) = match node.as_f64() {
        None => (
            format!(
                "`timeout` of server `{name}` is not a number, so {client} ignores it and uses its default of 60 seconds"
            ),
            "not a number: 60 s used",
        ),
        Some(v) if v > *SECONDS.end() => (
            format!(
                "`timeout` of server `{name}` is {}, but {client} reads it in seconds and lowers it to 3600 (one hour)",
                number(v)
            ),
            "lowered to 3600 s",
        ),
        Some(v) if v < *SECONDS.start() => (
            format!(
                "`timeout` of server `{name}` is {}, but {client} reads it in seconds and raises it to 1: requests that take longer than a second fail",
                number(v)
            ),
            "raised to 1 s",
        ),
        Some(_) => return None,
    };
    Some(
        cx.finding(&IneffectiveTimeout::META, message)
            .at(server.pointer_to("timeout"), Target::Value, Some(label.to_owned()))
            .help(seconds_help(node.as_f64())),
    )
}

/// Roo Code: seconds, and an entry outside 1–3600 is rejected.
fn roo_seconds(cx: &DocumentContext<'_>, server: &ServerEntry<'_>, value: f64) -> Option<FindingBuilder> {
    if SECONDS.contains(&value) {
        return None;
    }
    let whole_file = if cx.role.scope == Some(crate::model::Scope::Project) {
        ", nor does any other server in this file"
    } else {
        ""
    };
    Some(
        cx.finding(
            &IneffectiveTimeout::META,
            format!(
                "`timeout` of server `{}` is {}, but {} accepts only 1 to 3600 seconds and rejects the entry: the server does not load{whole_file}",
                server.name,
                number(value),
                cx.dialect.client
            ),
        )
        .severity(crate::finding::Severity::Error)
        .at(server.pointer_to("timeout"), Target::Value, Some("outside 1–3600 s".to_owned()))
        .help(seconds_help(Some(value))),
    )
}

/// What to write in a client that counts seconds from 1 to 3600.
fn seconds_help(value: Option<f64>) -> String {
    match value {
        Some(v) if v >= 1000.0 && SECONDS.contains(&(v / 1000.0)) => format!(
            "If you meant {} milliseconds, write `\"timeout\": {}` (the value is in seconds)",
            number(v),
            number(v / 1000.0)
        ),
        _ => "Write the limit as a number of seconds from 1 to 3600, e.g. `\"timeout\": 120`, or remove `timeout` to keep the default of 60".to_owned(),
    }
}

/// A number as a person writes it: `30`, `0.5`, `2500`.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(30.0), "30");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(30000.0), "30000");
        assert_eq!(number(2.5 * 1000.0), "2500");
    }
}
