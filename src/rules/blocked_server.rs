//! `blocked-server`: a server entry Claude Code will never load in this project.

use super::{Rule, RuleMeta};
use crate::dialect::ProjectContext;
use crate::finding::{Finding, FindingBuilder, Target};
use crate::pointer::Pointer;
use crate::resolve::layering::ClaudeCodeLayers;

declare_rule! {
    /// ## What it does
    /// Reports server entries that Claude Code will not load in this project because of a
    /// decision made elsewhere: a `managed-mcp.json` that has exclusive control (only its
    /// servers load), or the allow and deny lists of the settings files.
    ///
    /// It needs those files in the same run: `mcpcheck check --home ~ --managed
    /// /etc/claude-code` in the project, or `mcpcheck config`.
    ///
    /// ## Why is this bad?
    /// The entry looks fine in its own file, and nothing in it says it is blocked; Claude Code
    /// simply does not start it. People then debug the server instead of the policy.
    ///
    /// ## Example
    /// A `.mcp.json` server on a machine whose administrator installed
    /// `/etc/claude-code/managed-mcp.json`.
    ///
    /// ## Use instead
    /// Ask the administrator to add the server to the managed configuration or allowlist, or
    /// remove the entry so nobody expects it to run.
    pub BlockedServer {
        id: "blocked-server",
        summary: "A server Claude Code will not load (exclusive managed-mcp.json, allow/deny lists)",
        severity: Warning,
        category: Security,
        needs: Offline,
    }
}

impl Rule for BlockedServer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        let layers = ClaudeCodeLayers::new(cx);
        let layered = layers.layer();
        if let Some(managed) = layers.managed_files.first() {
            let managed_servers = managed.file.locate(&Pointer::root().key("mcpServers"), &Target::Key, None);
            for placed in &layered.suppressed_by_managed {
                let builder = FindingBuilder::new(
                    &Self::META,
                    format!(
                        "server `{}` never loads: `{}` has exclusive control, so Claude Code loads only the servers defined there",
                        placed.server.name,
                        managed.file.source.path().display()
                    ),
                )
                .at(placed.server.pointer.clone(), Target::Key, Some("blocked".to_owned()))
                .related_location(crate::finding::Location {
                    label: Some("only these servers load".to_owned()),
                    ..managed_servers.clone()
                })
                .help("Ask your administrator to add the server to managed-mcp.json, or remove this entry");
                out.push(builder.build(&placed.file.file));
            }
        }
    }
}
