//! `too-many-tools`: more tools across a client's servers than the client accepts.

use std::collections::BTreeMap;

use super::probed_tools::{at_server, listed_all, named_tools, show};
use super::{Rule, RuleMeta};
use crate::finding::Finding;
use crate::probe::context::{ProbeContext, ProbedServer};

declare_rule! {
    /// ## What it does
    /// Adds up the tools of every probed server of one client and compares the total with the
    /// client's documented limit. Windsurf (Cascade) documents a limit of 100 tools in total
    /// across all MCP servers.
    ///
    /// Other clients document no hard limit and are not checked. (A limit of 40 tools for
    /// Cursor is often quoted, but only by third parties; Cursor's own documentation does
    /// not state it.)
    ///
    /// ## Why is this bad?
    /// Past the limit the client does not offer every tool to the model: some tools of your
    /// servers silently go missing, and which ones depends on the order the servers start.
    ///
    /// ## Example
    /// Windsurf with a GitHub server (26 tools), a browser server (80 tools) and a memory
    /// server (9 tools): 115 tools.
    ///
    /// ## Use instead
    /// Turn off tools you do not need in Windsurf's MCP settings, or remove a server.
    ///
    /// ## Options
    /// None.
    ///
    /// ## Known limitations
    /// Only servers whose probe completed are counted, and tools you turned off in the
    /// client's settings are counted too, so the total may be too high; servers not probed
    /// (not trusted, or failing) are not counted, so it may be too low.
    ///
    /// ## References
    /// - <https://docs.windsurf.com/windsurf/cascade/mcp>
    pub TooManyTools {
        id: "too-many-tools",
        summary: "More tools across a client's servers than the client offers to the model (Windsurf: 100)",
        severity: Warning,
        category: Structure,
        needs: Probe,
    }
}

/// The clients with a documented total: (dialect id, limit).
const LIMITS: [(&str, usize); 1] = [("windsurf", 100)];

impl Rule for TooManyTools {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        let mut clients: BTreeMap<&str, Vec<&ProbedServer<'_>>> = BTreeMap::new();
        for probed in cx.servers.iter().filter(|p| listed_all(p)) {
            clients.entry(probed.cx.dialect.id).or_default().push(probed);
        }
        for (client_id, servers) in clients {
            let Some((_, limit)) = LIMITS.iter().find(|(id, _)| *id == client_id) else { continue };
            let mut counts: Vec<(&ProbedServer<'_>, usize)> =
                servers.iter().map(|p| (*p, named_tools(p).count())).collect();
            let total: usize = counts.iter().map(|(_, n)| n).sum();
            if total <= *limit {
                continue;
            }
            counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            let Some((largest, _)) = counts.first() else { continue };
            let client = largest.cx.dialect.client;
            let parts: Vec<String> =
                counts.iter().take(5).map(|(p, n)| format!("`{}` {n}", show(p.server.name))).collect();
            let message = format!(
                "{client}'s servers offer {total} tools ({}), more than the {limit} {client} gives the model: some tools silently go missing",
                parts.join(", ")
            );
            let f = at_server(largest, &Self::META, message, format!("{total} tools in all")).help(format!(
                "Turn off at least {} tools you do not need in {client}'s MCP settings, or remove a server",
                total - limit
            ));
            out.push(f.build(&largest.cx.file));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::probed_tools::test_support::{outcome, run};
    use super::*;

    fn tools(prefix: &str, n: usize) -> Value {
        Value::Array((0..n).map(|i| json!({ "name": format!("{prefix}{i}") })).collect())
    }

    #[test]
    fn windsurf_counts_every_server() {
        let text = r#"{ "mcpServers": { "a": { "command": "a" }, "b": { "command": "b" } } }"#;
        let run_with = |n: usize, dialect| {
            run(&TooManyTools, dialect, text, &[("a", outcome(tools("a", 60))), ("b", outcome(tools("b", n)))], None)
        };
        let found = run_with(41, &crate::dialect::windsurf::DIALECT);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.starts_with("Windsurf's servers offer 101 tools (`a` 60, `b` 41)"),
            "{}",
            found[0].message
        );
        assert!(run_with(40, &crate::dialect::windsurf::DIALECT).is_empty());
        assert!(run_with(400, &crate::dialect::cursor::DIALECT).is_empty());
    }
}
