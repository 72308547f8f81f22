//! `tool-name-too-long`: a tool whose name, with the client's `mcp__<server>__` prefix, is longer
//! than the client or its model API accepts.

use super::probed_tools::{Naming, at_server, named_tools};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, Severity, shorten};
use crate::model::Scope;
use crate::probe::context::ProbeContext;

declare_rule! {
    /// ## What it does
    /// Computes the name the client gives each tool and compares it with the client's limit:
    ///
    /// - Claude Code names tools `mcp__<server>__<tool>` and does not shorten them; the
    ///   Anthropic API accepts tool names of at most 64 characters. Longer is an error.
    /// - Gemini CLI names tools `mcp_<server>_<tool>` and shortens names over 63 characters
    ///   with `...` in the middle. That works, but the model and your policies see a mangled
    ///   name: reported as info.
    ///
    /// Codex shortens and deduplicates names itself (to 64 bytes, with hash suffixes), and the
    /// other clients do not document a limit, so they are not checked.
    ///
    /// ## Why is this bad?
    /// In Claude Code a tool whose full name is longer than 64 characters makes requests fail
    /// with `String should have at most 64 characters`, and the error names neither the server
    /// nor the tool.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "company-knowledge-base": { "command": "kb-mcp" } } }
    /// ```
    /// with a tool `search_documents_by_semantic_similarity` (7 + 22 + 39 = 68 characters).
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "kb": { "command": "kb-mcp" } } }
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## Known limitations
    /// Plugin servers are not checked: their prefix includes the plugin's name, which is not in
    /// the file. `server-name-too-long` warns about long server names without probing.
    ///
    /// ## References
    /// - <https://github.com/anthropics/claude-code/issues/2445>
    /// - <https://code.claude.com/docs/en/mcp>
    /// - <https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/mcp-server.md>
    pub ToolNameTooLong {
        id: "tool-name-too-long",
        summary: "A tool whose `mcp__<server>__<tool>` name is longer than the client's 64-character limit",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

/// Claude Code: the longest tool name the Anthropic API accepts.
const CLAUDE_LIMIT: usize = 64;
/// Gemini CLI: longer names are shortened in the middle.
const GEMINI_LIMIT: usize = 63;

impl Rule for ToolNameTooLong {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            let naming = Naming::of(probed.cx.dialect.id);
            let (limit, severity) = match naming {
                Naming::ClaudeCode if probed.server.scope != Some(Scope::Plugin) => (CLAUDE_LIMIT, Severity::Error),
                Naming::Gemini => (GEMINI_LIMIT, Severity::Info),
                _ => continue,
            };
            let client = probed.cx.dialect.client;
            let mut long: Vec<(String, usize)> = Vec::new();
            for (_, tool) in named_tools(probed) {
                let Some(full) = naming.exposed(probed.server.name, tool) else { continue };
                let length = full.chars().count();
                if length > limit && !long.iter().any(|(name, _)| *name == full) {
                    long.push((full, length));
                }
            }
            let Some((first, first_length)) = long.first() else { continue };
            let more = match long.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let consequence = if severity == Severity::Error {
                format!(
                    "longer than the {limit} characters the model API accepts, so requests fail while the tool is loaded"
                )
            } else {
                format!("longer than {limit} characters, so {client} shortens it with `...` in the middle")
            };
            let message = format!(
                "{client} names this server's tool `{}` ({first_length} characters){more}, {consequence}",
                shorten(first, 100).escape_debug()
            );
            let room = limit.saturating_sub(first_length - probed.server.name.chars().count());
            let f = at_server(probed, &Self::META, message, match long.len() {
                1 => "too long".to_owned(),
                n => format!("{n} tool names too long"),
            })
                .severity(severity)
                .help(format!(
                    "Shorten the server name (at most {room} characters fit with this tool), or hide the tool with the client's tool filter; the tool's name itself is the server's to change"
                ));
            out.push(f.build(&probed.cx.file));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::probed_tools::test_support::{outcome, run, silent_on_real_servers};
    use super::*;

    fn messages(
        dialect: &'static crate::dialect::Dialect,
        text: &str,
        server: &str,
        tools: serde_json::Value,
    ) -> Vec<String> {
        run(&ToolNameTooLong, dialect, text, &[(server, outcome(tools))], None).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn claude_code_counts_the_prefix() {
        let text = r#"{ "mcpServers": { "company-knowledge-base": { "command": "kb" } } }"#;
        let tools = json!([{ "name": "search_documents_by_semantic_similarity" }, { "name": "x".repeat(35) }, { "name": "x".repeat(36) }]);
        let found = messages(&crate::dialect::claude_code::DIALECT, text, "company-knowledge-base", tools);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("(68 characters) (and 1 more)"), "{found:#?}");
    }

    #[test]
    fn gemini_shortens_and_codex_deduplicates() {
        let text = r#"{ "mcpServers": { "kb": { "command": "kb" } } }"#;
        let tools = json!([{ "name": "y".repeat(60) }]);
        let found = messages(&crate::dialect::gemini::DIALECT, text, "kb", tools.clone());
        assert!(found[0].contains("shortens it"), "{found:#?}");
        let toml = "[mcp_servers.kb]\ncommand = \"kb\"\n";
        assert!(messages(&crate::dialect::codex::DIALECT, toml, "kb", tools).is_empty());
    }

    #[test]
    fn silent_on_real_servers_tools() {
        silent_on_real_servers(&ToolNameTooLong);
    }
}
