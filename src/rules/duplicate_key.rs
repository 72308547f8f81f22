//! `duplicate-key`: the same key twice in one object; all but the last are lost.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Target};

declare_rule! {
    /// ## What it does
    /// Reports a key that appears more than once in the same object, such as two servers
    /// with the same name or two `env` entries for one variable.
    ///
    /// It also reports a server entry that writes one field under two of its client's
    /// spellings, such as Windsurf's `serverUrl` and `url` (both the address of a remote
    /// server).
    ///
    /// ## Why is this bad?
    /// `JSON.parse` and most other parsers keep only the last occurrence and drop the others
    /// without a word. The server or value you see first in the file is not the one that runs.
    /// With two spellings of one field, the client uses one of the two values, and for
    /// Windsurf's `serverUrl` and `url` its documentation does not say which.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "mcpServers": {
    ///     "github": { "command": "github-mcp-server", "args": ["stdio"] },
    ///     "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Give each server its own name, or delete the entry you do not want.
    pub DuplicateKey {
        id: "duplicate-key",
        summary: "The same key appears twice in one object; only the last one counts",
        severity: Warning,
        category: Syntax,
        needs: Offline,
    }
}

impl Rule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        for dup in &cx.doc.facts.duplicate_keys {
            let key = match dup.pointer.last() {
                Some(crate::pointer::Segment::Key(k)) => k.clone(),
                _ => continue,
            };
            let within = dup.pointer.parent().map(|p| p.dotted()).filter(|d| !d.is_empty());
            let place = within.map_or_else(|| "at the top level".to_owned(), |d| format!("in `{d}`"));
            let finding = cx
                .finding(&Self::META, format!("`{key}` appears more than once {place}; only the last one is used"))
                .at_span(dup.duplicate, Some("this one wins".to_owned()))
                .related_span(dup.first, Some("this one is silently dropped".to_owned()))
                .help("Keep one of them: delete or rename the other");
            out.push(cx.build(finding));
        }
        // One field under two spellings of the client's (`serverUrl` and `url` in Windsurf).
        for server in &cx.servers {
            for &(alias, common) in server.aliases {
                let (Some(_), Some(_)) = (server.node.get(alias), server.node.get(common)) else { continue };
                let finding = cx
                    .finding(
                        &Self::META,
                        format!(
                            "server `{}` has both `{alias}` and `{common}`, two names {} reads for the same field; it uses only one of them, and which one is not documented",
                            server.name, cx.dialect.client
                        ),
                    )
                    .at(server.pointer.key(common), Target::Key, Some("the same field again".to_owned()))
                    .related(server.pointer.key(alias), Target::Key, Some("first spelling".to_owned()))
                    .help(format!("Keep one of them (`{alias}` is {}'s own name) and delete the other", cx.dialect.client));
                out.push(cx.build(finding));
            }
        }
    }
}
