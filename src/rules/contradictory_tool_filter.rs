//! `contradictory-tool-filter`: a tool named in both a server's allow-list and its deny-list.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::parse::Node;

declare_rule! {
    /// ## What it does
    /// Reports a tool listed in both `enabled_tools` and `disabled_tools` of one Codex server.
    ///
    /// ## Why is this bad?
    /// Codex applies the allow-list first and then removes the deny-list, so the tool is
    /// disabled. Whoever added it to `enabled_tools` expected it to be available; one of the
    /// two entries is a leftover.
    ///
    /// ## Example
    /// ```toml
    /// [mcp_servers.github]
    /// url = "https://api.githubcopilot.com/mcp/"
    /// enabled_tools = ["list_issues", "create_issue"]
    /// disabled_tools = ["create_issue"]
    /// ```
    ///
    /// ## Use instead
    /// ```toml
    /// [mcp_servers.github]
    /// url = "https://api.githubcopilot.com/mcp/"
    /// enabled_tools = ["list_issues"]
    /// ```
    ///
    /// ## References
    /// - openai/codex `codex-rs/config/src/mcp_types.rs` (`enabled_tools`, `disabled_tools`)
    pub ContradictoryToolFilter {
        id: "contradictory-tool-filter",
        summary: "A tool in both `enabled_tools` and `disabled_tools`; the deny-list wins",
        severity: Info,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for ContradictoryToolFilter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != crate::dialect::codex::DIALECT.id {
            return;
        }
        let list = |key| server.node.get(key).and_then(Node::as_array).unwrap_or_default();
        let enabled = list("enabled_tools");
        if enabled.is_empty() {
            return;
        }
        let allowed: std::collections::HashMap<&str, usize> =
            enabled.iter().enumerate().filter_map(|(i, n)| n.as_str().map(|s| (s, i))).collect();
        let mut reported = std::collections::HashSet::new();
        for (i, tool) in list("disabled_tools").iter().enumerate() {
            let Some(name) = tool.as_str() else { continue };
            let Some(&at) = allowed.get(name) else { continue };
            if !reported.insert(name) {
                continue;
            }
            let f = cx
                .finding(
                    &Self::META,
                    format!(
                        "tool `{name}` of server `{}` is in both `enabled_tools` and `disabled_tools`: {} applies the allow-list first and then removes the deny-list, so the tool is disabled",
                        server.name, cx.dialect.client
                    ),
                )
                .at(server.pointer.key("disabled_tools").index(i), Target::Value, Some("wins".to_owned()))
                .related(server.pointer.key("enabled_tools").index(at), Target::Value, Some("has no effect".to_owned()))
                .help(format!(
                    "Keep `{name}` in one list: remove it from `disabled_tools` if the tool should be available, or from `enabled_tools` if not"
                ));
            out.push(cx.build(f));
        }
    }
}
