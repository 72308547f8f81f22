//! `contradictory-tool-filter`: a tool both included and excluded by one server entry.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::parse::Node;

declare_rule! {
    /// ## What it does
    /// Reports a tool named in both `includeTools` and `excludeTools` of one server entry, in a
    /// client that reads both lists (Gemini CLI). An `includeTools` entry may carry arguments,
    /// `tool(args)`; it still names `tool`.
    ///
    /// ## Why is this bad?
    /// The exclusion wins: the model never sees the tool, although `includeTools` says it
    /// should. One of the two entries is a mistake, and readers cannot tell which one.
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
    pub ContradictoryToolFilter {
        id: "contradictory-tool-filter",
        summary: "A tool in both `includeTools` and `excludeTools`; the exclusion wins",
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
        // Only where the client reads both lists; elsewhere they are `foreign-field`'s.
        if !crate::validate::defines_server_field(cx.dialect, "includeTools")
            || !crate::validate::defines_server_field(cx.dialect, "excludeTools")
        {
            return;
        }
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
        let excluded = strings("excludeTools");
        if excluded.is_empty() {
            return;
        }
        let client = cx.dialect.client;
        for (i, included) in strings("includeTools") {
            // `tool(args)` in `includeTools` names `tool`; `excludeTools` matches names exactly.
            let tool = included.split_once('(').map_or(included, |(name, _)| name);
            let Some(&(j, _)) = excluded.iter().find(|(_, e)| *e == tool) else { continue };
            let shown = crate::finding::shorten(tool, 60).escape_debug().to_string();
            let f = cx
                .finding(
                    &Self::META,
                    format!(
                        "tool `{shown}` of server `{}` is in both `includeTools` and `excludeTools`: {client} lets the exclusion win, so the model never sees it",
                        server.name
                    ),
                )
                .at(server.pointer_to("includeTools").index(i), Target::Value, Some("included".to_owned()))
                .related(server.pointer_to("excludeTools").index(j), Target::Value, Some("excluded: wins".to_owned()))
                .help(format!(
                    "Remove `{shown}` from `excludeTools` if the model should use it, or from `includeTools` if not"
                ));
            out.push(cx.build(f));
        }
    }
}
