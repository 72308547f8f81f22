//! `misplaced-servers`: servers written where the client does not look for them.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, Layout, looks_like_server};
use crate::finding::{Finding, Target};
use crate::pointer::Pointer;

declare_rule! {
    /// ## What it does
    /// Reports server definitions the client will never read: VS Code's `servers` key (or the
    /// old `"mcp": { "servers": … }` block) in a file that is read through `mcpServers`, and
    /// server entries written at the top level without the `mcpServers` wrapper. In a client
    /// with another servers key (Zed's `context_servers`) it reports `mcpServers` too, and the
    /// messages name that key.
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
        let Layout::Map(key) = cx.role.layout else { return };
        let client = cx.dialect.client;
        let root = Pointer::root();
        let has_servers_key = cx.doc.root.get(key).is_some();
        let beside = if has_servers_key { format!(" (beside `{key}`)") } else { String::new() };
        if cx.doc.root.get("servers").is_some() && key != "servers" {
            let f = cx
                .finding(&Self::META, format!("`servers` is VS Code's key; {client} reads servers only from `{key}`, so the servers under `servers`{beside} never load"))
                .at(root.key("servers"), Target::Key, Some("not read".to_owned()))
                .help(if has_servers_key {
                    format!("Move these entries into `{key}`, or delete them")
                } else {
                    format!("Rename `servers` to `{key}` (and drop VS Code-only fields such as `inputs`), or move the file to `.vscode/mcp.json` if it is meant for VS Code")
                });
            out.push(cx.build(f));
        }
        if cx.doc.root.get("mcp").and_then(|m| m.get("servers")).is_some() {
            let f = cx
                .finding(&Self::META, format!("`mcp.servers` is VS Code's old settings.json block; {client} reads servers only from a top-level `{key}`{beside}"))
                .at(root.key("mcp"), Target::Key, Some("not read".to_owned()))
                .help(format!("Move the entries of `\"mcp\": {{ \"servers\": {{…}} }}` into `\"{key}\": {{…}}`"));
            out.push(cx.build(f));
        }
        // Another client's servers key (`mcpServers` in Zed's settings).
        if key != "mcpServers" && cx.doc.root.get("mcpServers").is_some() {
            let f = cx
                .finding(&Self::META, format!("`mcpServers` is the key of Claude Code, Cursor, Gemini CLI and others; {client} reads servers only from `{key}`, so the servers under `mcpServers` never load"))
                .at(root.key("mcpServers"), Target::Key, Some("not read".to_owned()))
                .help(if has_servers_key {
                    format!("Move these entries into `{key}`, or delete them")
                } else {
                    format!("Rename `mcpServers` to `{key}`")
                });
            out.push(cx.build(f));
        }
        if has_servers_key {
            return;
        }
        let bare: Vec<_> =
            cx.doc.root.effective_members().into_iter().filter(|m| looks_like_server(&m.value)).collect();
        if let Some((first, rest)) = bare.split_first() {
            let names = bare.iter().map(|m| format!("`{}`", m.key)).collect::<Vec<_>>().join(", ");
            let mut f = cx
                .finding(
                    &Self::META,
                    format!(
                        "server entries without the `{key}` wrapper ({names}): {client} finds no servers in this file"
                    ),
                )
                .at(root.key(&first.key), Target::Key, Some(format!("not inside `{key}`")))
                .help(format!("Wrap the entries: `{{ \"{key}\": {{ … }} }}`"));
            for m in rest {
                f = f.related(root.key(&m.key), Target::Key, Some("also outside `mcpServers`".to_owned()));
            }
            out.push(cx.build(f));
        }
    }
}
