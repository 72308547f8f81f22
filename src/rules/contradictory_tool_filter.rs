//! `contradictory-tool-filter`: a tool named in both a server's allow-list and its deny-list.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::parse::Node;

declare_rule! {
    /// ## What it does
    /// Reports a tool named in both the allow-list and the deny-list of one server entry, in a
    /// client that reads both lists: `includeTools` and `excludeTools` in Gemini CLI (an
    /// `includeTools` entry may carry arguments, `tool(args)`; it still names `tool`), and
    /// `enabled_tools` and `disabled_tools` in Codex.
    ///
    /// ## Why is this bad?
    /// The deny-list wins: Gemini CLI lets the exclusion win, and Codex applies the allow-list
    /// first and then removes the deny-list, so the model never sees the tool although the
    /// allow-list says it should. One of the two entries is a leftover, and readers cannot tell
    /// which one.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "gh": { "command": "github-mcp-server", "includeTools": ["list_issues", "create_issue"], "excludeTools": ["create_issue"] } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "gh": { "command": "github-mcp-server", "includeTools": ["list_issues"] } } }
    /// ```
    ///
    /// ## References
    /// - <https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/mcp-server.md>
    /// - openai/codex `codex-rs/config/src/mcp_types.rs` (`enabled_tools`, `disabled_tools`)
    pub ContradictoryToolFilter {
        id: "contradictory-tool-filter",
        summary: "A tool in both a server's allow-list and deny-list (`includeTools`/`excludeTools`, `enabled_tools`/`disabled_tools`); the deny-list wins",
        severity: Info,
        category: Structure,
        needs: Offline,
    }
}

/// One client's pair of lists, and how it applies them.
struct Lists {
    allow: &'static str,
    deny: &'static str,
    /// What the client does, after "{client} ".
    outcome: &'static str,
    /// Whether an allow-list entry may carry arguments, `tool(args)`.
    arguments: bool,
}

const GEMINI: Lists = Lists {
    allow: "includeTools",
    deny: "excludeTools",
    outcome: "lets the exclusion win, so the model never sees it",
    arguments: true,
};

const CODEX: Lists = Lists {
    allow: "enabled_tools",
    deny: "disabled_tools",
    outcome: "applies the allow-list first and then removes the deny-list, so the tool is disabled",
    arguments: false,
};

impl Rule for ContradictoryToolFilter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        // Only where the client reads both lists; elsewhere they are `foreign-field`'s.
        let reads = |lists: &Lists| {
            crate::validate::defines_server_field(cx.dialect, lists.allow)
                && crate::validate::defines_server_field(cx.dialect, lists.deny)
        };
        let Some(lists) = [GEMINI, CODEX].into_iter().find(reads) else { return };
        let strings = |field: &str| -> Vec<(usize, &str)> {
            server
                .field(field)
                .and_then(Node::as_array)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .filter_map(|(i, n)| Some((i, n.as_str()?)))
                .collect()
        };
        let denied = strings(lists.deny);
        if denied.is_empty() {
            return;
        }
        let client = cx.dialect.client;
        let mut reported = std::collections::HashSet::new();
        for (i, allowed) in strings(lists.allow) {
            let tool =
                if lists.arguments { allowed.split_once('(').map_or(allowed, |(name, _)| name) } else { allowed };
            let Some(&(j, _)) = denied.iter().find(|(_, d)| *d == tool) else { continue };
            if !reported.insert(tool) {
                continue;
            }
            let shown = crate::finding::shorten(tool, 60).escape_debug().to_string();
            let f = cx
                .finding(
                    &Self::META,
                    format!(
                        "tool `{shown}` of server `{}` is in both `{}` and `{}`: {client} {}",
                        server.name, lists.allow, lists.deny, lists.outcome
                    ),
                )
                .at(server.pointer_to(lists.deny).index(j), Target::Value, Some("wins".to_owned()))
                .related(server.pointer_to(lists.allow).index(i), Target::Value, Some("has no effect".to_owned()))
                .help(format!(
                    "Keep `{shown}` in one list: remove it from `{}` if the model should use it, or from `{}` if not",
                    lists.deny, lists.allow
                ));
            out.push(cx.build(f));
        }
    }
}
