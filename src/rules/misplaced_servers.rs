//! `misplaced-servers`: servers written where the client does not look for them.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, Layout, looks_like_server};
use crate::finding::{Finding, Target};
use crate::pointer::Pointer;

declare_rule! {
    /// ## What it does
    /// Reports server definitions the client will never read: VS Code's `servers` key (or the
    /// old `"mcp": { "servers": … }` block) in a file that is read through `mcpServers`, and
    /// server entries written at the top level without the `mcpServers` wrapper.
    ///
    /// ## Why is this bad?
    /// The client finds no servers and loads nothing. Claude Code reports a `.mcp.json` with
    /// `servers` as a configuration error; other clients say nothing at all.
    ///
    /// ## Example
    /// ```json
    /// { "servers": { "github": { "command": "github-mcp-server", "args": ["stdio"] } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "github": { "command": "github-mcp-server", "args": ["stdio"] } } }
    /// ```
    pub MisplacedServers {
        id: "misplaced-servers",
        summary: "Servers under a key the client does not read (`servers`, no `mcpServers` wrapper)",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for MisplacedServers {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        if !matches!(cx.role.layout, Layout::Map(_)) {
            return;
        }
        let client = cx.dialect.client;
        let root = Pointer::root();
        let has_mcp_servers = cx.doc.root.get("mcpServers").is_some();
        let beside = if has_mcp_servers { " (beside `mcpServers`)" } else { "" };
        if cx.doc.root.get("servers").is_some() {
            let f = cx
                .finding(&Self::META, format!("`servers` is VS Code's key; {client} reads servers only from `mcpServers`, so the servers under `servers`{beside} never load"))
                .at(root.key("servers"), Target::Key, Some("not read".to_owned()))
                .help(if has_mcp_servers {
                    "Move these entries into `mcpServers`, or delete them"
                } else {
                    "Rename `servers` to `mcpServers` (and drop VS Code-only fields such as `inputs`), or move the file to `.vscode/mcp.json` if it is meant for VS Code"
                });
            out.push(cx.build(f));
        }
        if cx.doc.root.get("mcp").and_then(|m| m.get("servers")).is_some() {
            let f = cx
                .finding(&Self::META, format!("`mcp.servers` is VS Code's old settings.json block; {client} reads servers only from a top-level `mcpServers`{beside}"))
                .at(root.key("mcp"), Target::Key, Some("not read".to_owned()))
                .help("Move the entries of `\"mcp\": { \"servers\": {…} }` into `\"mcpServers\": {…}`");
            out.push(cx.build(f));
        }
        if has_mcp_servers {
            return;
        }
        let bare: Vec<_> =
            cx.doc.root.effective_members().into_iter().filter(|m| looks_like_server(&m.value)).collect();
        if let Some((first, rest)) = bare.split_first() {
            let names = bare.iter().map(|m| format!("`{}`", m.key)).collect::<Vec<_>>().join(", ");
            let mut f = cx
                .finding(&Self::META, format!("server entries without the `mcpServers` wrapper ({names}): {client} finds no servers in this file"))
                .at(root.key(&first.key), Target::Key, Some("not inside `mcpServers`".to_owned()))
                .help("Wrap the entries: `{ \"mcpServers\": { … } }`");
            for m in rest {
                f = f.related(root.key(&m.key), Target::Key, Some("also outside `mcpServers`".to_owned()));
            }
            out.push(cx.build(f));
        }
    }
}
