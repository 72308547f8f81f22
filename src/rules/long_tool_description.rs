//! `long-tool-description`: a tool description longer than the client keeps.

use super::probed_tools::{at_server, named_tools, show};
use super::{Rule, RuleMeta};
use crate::finding::Finding;
use crate::probe::context::ProbeContext;

declare_rule! {
    /// ## What it does
    /// Reports tool descriptions longer than the client keeps. Claude Code documents that it
    /// truncates each MCP tool description (and server instructions) at 2 KB; the rule reports
    /// descriptions over 2,048 bytes in Claude Code's files.
    ///
    /// Other clients document no such limit and are not checked.
    ///
    /// ## Why is this bad?
    /// The model never reads what comes after the cut: usage rules, parameter formats or
    /// warnings that a server put at the end of a long description are lost, and the tool is
    /// misused in ways its description tried to prevent.
    ///
    /// ## Example
    /// `@modelcontextprotocol/server-sequential-thinking` describes its one tool in about
    /// 2,800 characters.
    ///
    /// ## Use instead
    /// Nothing to change in the config: ask the server's maintainers to move details into
    /// parameter descriptions, or accept that the end is cut.
    ///
    /// ## Options
    /// None.
    ///
    /// ## Known limitations
    /// Claude Code's documentation says "2 KB" without saying whether it counts bytes or
    /// characters; bytes (2,048) are assumed.
    ///
    /// ## References
    /// - <https://code.claude.com/docs/en/mcp>
    pub LongToolDescription {
        id: "long-tool-description",
        summary: "A tool description longer than the client keeps (Claude Code truncates at 2 KB)",
        severity: Warning,
        category: Structure,
        needs: Probe,
    }
}

/// Claude Code's truncation size for tool descriptions.
const CLAUDE_CODE_LIMIT: usize = 2048;

impl Rule for LongToolDescription {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            if probed.cx.dialect.id != "claude-code" {
                continue;
            }
            let client = probed.cx.dialect.client;
            for (tool, name) in named_tools(probed) {
                let Some(description) = tool.get("description").and_then(|d| d.as_str()) else { continue };
                let length = description.len();
                if length <= CLAUDE_CODE_LIMIT {
                    continue;
                }
                let message = format!(
                    "tool `{}` of server `{}` has a description of {length} bytes; {client} truncates tool descriptions at 2 KB, so the model never reads the last {} bytes",
                    show(name),
                    show(probed.server.name),
                    length - CLAUDE_CODE_LIMIT
                );
                let f = at_server(probed, &Self::META, message, format!("tool `{}`", show(name)))
                    .help("Nothing to change in this file; ask the server's maintainers to shorten the description (details belong in parameter descriptions), and check that nothing important is at its end");
                out.push(f.build(&probed.cx.file));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::probed_tools::test_support::{messages, outcome, real_tools, run};
    use super::*;

    #[test]
    fn claude_code_only() {
        let tools =
            json!([{ "name": "a", "description": "x".repeat(2049) }, { "name": "b", "description": "y".repeat(2048) }]);
        let found = messages(&LongToolDescription, tools.clone());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("2049 bytes") && found[0].contains("last 1 bytes"), "{found:#?}");
        let text = r#"{ "mcpServers": { "s": { "command": "srv" } } }"#;
        assert!(
            run(&LongToolDescription, &crate::dialect::cursor::DIALECT, text, &[("s", outcome(tools))], None)
                .is_empty()
        );
    }

    #[test]
    fn of_the_real_servers_only_sequential_thinking_is_cut() {
        let long: Vec<String> = real_tools()
            .into_iter()
            .filter(|(_, tool)| tool["description"].as_str().is_some_and(|d| d.len() > CLAUDE_CODE_LIMIT))
            .map(|(package, tool)| format!("{package} {}", tool["name"].as_str().unwrap()))
            .collect();
        assert_eq!(long, ["@modelcontextprotocol/server-sequential-thinking sequentialthinking"]);
    }
}
