//! `duplicate-tool-name`: one server listing two tools with the same name.

use std::collections::HashMap;

use super::probed_tools::{at_server, named_tools, show};
use super::{Rule, RuleMeta};
use crate::finding::Finding;
use crate::probe::context::ProbeContext;

declare_rule! {
    /// ## What it does
    /// Reports a tool name that a server lists more than once in `tools/list` (all pages
    /// together). Names are compared exactly: the spec makes them case-sensitive.
    ///
    /// ## Why is this bad?
    /// The spec says tool names SHOULD be unique within a server: a call names the tool, so
    /// only one of the two can ever be called, and which one depends on the client (the first
    /// or the last listed). The model still reads both descriptions, which may disagree.
    ///
    /// ## Example
    /// A server whose `tools/list` has two tools named `search`.
    ///
    /// ## Use instead
    /// One tool per name (`search_files`, `search_code`).
    ///
    /// ## Options
    /// None.
    ///
    /// ## Known limitations
    /// Only the server can fix this. A server whose pages repeat (a cursor bug) also shows up
    /// here.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names>
    pub DuplicateToolName {
        id: "duplicate-tool-name",
        summary: "A server that lists two tools with the same name, so only one of them can be called",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

impl Rule for DuplicateToolName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            let mut counts: HashMap<&str, usize> = HashMap::new();
            let mut order: Vec<&str> = Vec::new();
            for (_, name) in named_tools(probed) {
                let count = counts.entry(name).or_insert(0);
                *count += 1;
                if *count == 2 {
                    order.push(name);
                }
            }
            for name in order {
                let times = counts[name];
                let message = format!(
                    "server `{}` lists {times} tools named `{}`: a call names the tool, so only one of them can be called, and the client decides which",
                    show(probed.server.name),
                    show(name)
                );
                let f = at_server(probed, &Self::META, message, format!("`{}` {times} times", show(name)))
                    .help("Give each tool of the server its own name; report it to the server's maintainers if it is not yours");
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
    fn reports_each_repeated_name_once() {
        let tools = json!([{ "name": "a" }, { "name": "b" }, { "name": "a" }, { "name": "a" }, { "name": "B" }]);
        let found = messages(&DuplicateToolName, tools);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("3 tools named `a`"), "{found:#?}");
    }

    #[test]
    fn silent_on_real_servers_tools() {
        silent_on_real_servers(&DuplicateToolName);
    }
}
