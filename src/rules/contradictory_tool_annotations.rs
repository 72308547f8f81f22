//! `contradictory-tool-annotations`: a read-only tool that also says it is destructive.

use serde_json::Value;

use super::probed_tools::{at_server, named_tools, show};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, Severity};
use crate::probe::context::ProbeContext;

declare_rule! {
    /// ## What it does
    /// Reads each tool's `annotations`. The spec defines `destructiveHint` (and
    /// `idempotentHint`) as meaningful only when `readOnlyHint` is false, so a tool with
    /// `readOnlyHint: true` and `destructiveHint: true` contradicts itself.
    ///
    /// A read-only tool that also sets `destructiveHint: false` or `idempotentHint` is not
    /// reported: that is redundant, not contradictory, and the reference server
    /// (`@modelcontextprotocol/server-everything`) annotates its read-only tools that way.
    ///
    /// ## Why is this bad?
    /// Clients use the hints to decide what to ask before a call: some skip the confirmation
    /// for read-only tools. A tool that claims to be read-only and destructive at once was
    /// annotated carelessly, and either claim may be the wrong one; the hints are never a
    /// guarantee, and the spec says not to trust them from untrusted servers.
    ///
    /// ## Example
    /// `"annotations": {"readOnlyHint": true, "destructiveHint": true}`.
    ///
    /// ## Use instead
    /// `"annotations": {"readOnlyHint": true}`, or `{"readOnlyHint": false,
    /// "destructiveHint": true}` for a tool that deletes things.
    ///
    /// ## Options
    /// None.
    ///
    /// ## Known limitations
    /// Only contradictions between the hints are found, not hints that contradict what the
    /// tool really does.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/schema#toolannotations>
    pub ContradictoryToolAnnotations {
        id: "contradictory-tool-annotations",
        summary: "A tool annotated both `readOnlyHint: true` and `destructiveHint: true`",
        severity: Warning,
        category: Structure,
        needs: Probe,
    }
}

/// What is contradictory in one tool's annotations.
fn problem(annotations: &Value) -> Option<(Severity, String)> {
    if annotations.get("readOnlyHint") != Some(&Value::Bool(true)) {
        return None;
    }
    if annotations.get("destructiveHint") == Some(&Value::Bool(true)) {
        return Some((
            Severity::Warning,
            "is annotated both `readOnlyHint: true` and `destructiveHint: true`; a client that trusts the first may run it without asking".to_owned(),
        ));
    }
    None
}

impl Rule for ContradictoryToolAnnotations {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            for (tool, name) in named_tools(probed) {
                let Some((severity, what)) = tool.get("annotations").and_then(problem) else { continue };
                let message = format!("tool `{}` of server `{}` {what}", show(name), show(probed.server.name));
                let f = at_server(probed, &Self::META, message, format!("tool `{}`", show(name)))
                    .severity(severity)
                    .help("Do not rely on this tool's hints: keep confirmations on for it in the client, and ask the server's maintainers to fix the annotations");
                out.push(f.build(&probed.cx.file));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::probed_tools::test_support::silent_on_real_servers;
    use super::*;

    #[test]
    fn read_only_and_destructive() {
        assert_eq!(problem(&json!({ "readOnlyHint": true, "destructiveHint": true })).unwrap().0, Severity::Warning);
        assert_eq!(problem(&json!({ "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true })), None);
        assert_eq!(problem(&json!({ "readOnlyHint": false, "destructiveHint": true, "idempotentHint": true })), None);
        assert_eq!(problem(&json!({ "readOnlyHint": true, "openWorldHint": false })), None);
    }

    #[test]
    fn silent_on_real_servers_tools() {
        silent_on_real_servers(&ContradictoryToolAnnotations);
    }
}
