//! `conflicting-tool-name`: two servers of one client offering tools with the same name.

use std::collections::BTreeMap;

use super::probed_tools::{Naming, named_tools, show};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder, Severity, Target, quoted_list};
use crate::probe::context::{ProbeContext, ProbedServer};

declare_rule! {
    /// ## What it does
    /// Looks at the tools of all the servers one client loads, and reports tool names that
    /// two servers share, in the names the client gives them:
    ///
    /// - Claude Code (`mcp__<server>__<tool>`) and Gemini CLI (`mcp_<server>_<tool>`) prefix
    ///   each tool with its server's name, so `search` of `github` and `search` of `gitlab`
    ///   stay apart (info: the model sees two tools that do similar things under similar
    ///   names, and permission rules must use the prefixed names). But the prefix is plain
    ///   text: in Claude Code server `a__b` with tool `c` and server `a` with tool `b__c`
    ///   both become `mcp__a__b__c`, and Gemini CLI's single `_` collides more easily
    ///   (server `my_db`, tool `query` vs server `my`, tool `db_query`). Such a real collision
    ///   is an error.
    /// - Codex prefixes and deduplicates names itself: not checked.
    /// - The other clients do not document how they keep tools of different servers apart:
    ///   a shared name is a warning.
    ///
    /// Two entries with the same server name (a user and a project entry) are one server to
    /// the client and are not compared.
    ///
    /// ## Why is this bad?
    /// When two tools end up with one name, one of them hides the other or the client
    /// refuses the tools, and the model calls a tool of a server you did not mean. The MCP
    /// spec (2026-07-28) says clients that merge servers SHOULD prefix names, because names
    /// are unique only within one server.
    ///
    /// ## Example
    /// Cursor with `github` and `gitlab` servers that both offer `search`.
    ///
    /// ## Use instead
    /// Hide one of the tools with the client's tool filter, or keep only one of the servers
    /// enabled for a project.
    ///
    /// ## Options
    /// None.
    ///
    /// ## Known limitations
    /// Only probed servers are compared, and the client's tool filters (`includeTools`,
    /// `disabled_tools`…) are not applied. Servers of different files of one client are
    /// compared only when they are probed in the same run.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names>
    /// - <https://code.claude.com/docs/en/mcp>
    /// - <https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/mcp-server.md>
    pub ConflictingToolName {
        id: "conflicting-tool-name",
        summary: "Two servers of one client with tools of the same name, or whose prefixed names collide",
        severity: Warning,
        category: Structure,
        needs: Probe,
    }
}

/// The most shared names listed in one message.
const SHOWN: usize = 6;

impl ConflictingToolName {
    /// A finding on `later`, with `earlier` as related location (possibly in another file).
    fn finding(
        earlier: &ProbedServer<'_>,
        later: &ProbedServer<'_>,
        severity: Severity,
        message: String,
        help: &str,
    ) -> Finding {
        let related = earlier.cx.file.locate(
            &earlier.server.pointer,
            &Target::Key,
            Some(format!("server `{}`", show(earlier.server.name))),
        );
        FindingBuilder::new(&Self::META, message)
            .severity(severity)
            .at(later.server.pointer.clone(), Target::Key, Some(format!("server `{}`", show(later.server.name))))
            .related_location(related)
            .help(help)
            .build(&later.cx.file)
    }
}

impl Rule for ConflictingToolName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        // The servers of each client, one per server name (the first probed).
        let mut clients: BTreeMap<&str, Vec<&ProbedServer<'_>>> = BTreeMap::new();
        for probed in cx.servers {
            let servers = clients.entry(probed.cx.dialect.id).or_default();
            if !servers.iter().any(|s| s.server.name == probed.server.name) {
                servers.push(probed);
            }
        }
        for servers in clients.values() {
            let Some(first) = servers.first() else { continue };
            let naming = Naming::of(first.cx.dialect.id);
            if naming == Naming::Codex {
                continue;
            }
            let client = first.cx.dialect.client;
            // Real collisions of the names the client builds.
            if naming != Naming::Unknown {
                let mut exposed: BTreeMap<String, (usize, &str)> = BTreeMap::new();
                for (index, probed) in servers.iter().enumerate() {
                    for (_, tool) in named_tools(probed) {
                        let Some(name) = naming.exposed(probed.server.name, tool) else { continue };
                        match exposed.get(&name) {
                            Some((other, other_tool)) if *other != index => {
                                let earlier = servers[*other];
                                let message = format!(
                                    "{client} names tool `{}` of server `{}` and tool `{}` of server `{}` both `{}`: the server prefix does not keep them apart, so one of them hides the other",
                                    show(tool),
                                    show(probed.server.name),
                                    show(other_tool),
                                    show(earlier.server.name),
                                    show(&name)
                                );
                                out.push(Self::finding(earlier, probed, Severity::Error, message, "Rename one of the servers so that neither name contains the client's separator (`__` for Claude Code, `_` for Gemini CLI)"));
                            }
                            Some(_) => {}
                            None => {
                                exposed.insert(name, (index, tool));
                            }
                        }
                    }
                }
            }
            // Shared bare names.
            for (i, later) in servers.iter().enumerate() {
                for earlier in &servers[..i] {
                    let theirs: Vec<&str> = named_tools(earlier).map(|(_, name)| name).collect();
                    let mut shared: Vec<&str> =
                        named_tools(later).map(|(_, name)| name).filter(|n| theirs.contains(n)).collect();
                    shared.dedup();
                    if shared.is_empty() {
                        continue;
                    }
                    let n = shared.len();
                    let shown: Vec<String> = shared.iter().take(SHOWN).map(|s| show(s)).collect();
                    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
                    let more = if n > SHOWN { format!(" and {} more", n - SHOWN) } else { String::new() };
                    let list = format!("{}{more}", quoted_list(&shown, "and"));
                    let (a, b) = (show(earlier.server.name), show(later.server.name));
                    let (severity, message, help) = match naming {
                        Naming::Unknown => (
                            Severity::Warning,
                            format!(
                                "servers `{a}` and `{b}` both offer {list}; {client} does not document how it keeps tools of different servers apart, so one may hide the other or the model may call the wrong one"
                            ),
                            "Hide the tool in one of the servers with the client's tool settings, or enable only one of the servers in this project",
                        ),
                        _ => {
                            let example = shared[0];
                            let names = [
                                naming.exposed(earlier.server.name, example),
                                naming.exposed(later.server.name, example),
                            ];
                            let [Some(x), Some(y)] = names else { continue };
                            (
                                Severity::Info,
                                format!(
                                    "servers `{a}` and `{b}` both offer {list}; {client} keeps them apart by prefix (`{}` and `{}`), and permission rules must use those names",
                                    show(&x),
                                    show(&y)
                                ),
                                "Nothing breaks; write allow and deny rules with the prefixed names, or hide the duplicate tool in one server if the model picks the wrong one",
                            )
                        }
                    };
                    out.push(Self::finding(earlier, later, severity, message, help));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::probed_tools::test_support::{outcome, run};
    use super::*;

    fn found(
        dialect: &'static crate::dialect::Dialect,
        text: &str,
        outcomes: &[(&str, serde_json::Value)],
    ) -> Vec<(Severity, String)> {
        let outcomes: Vec<_> = outcomes.iter().map(|(name, tools)| (*name, outcome(tools.clone()))).collect();
        run(&ConflictingToolName, dialect, text, &outcomes, None).into_iter().map(|f| (f.severity, f.message)).collect()
    }

    #[test]
    fn prefixing_clients_keep_names_apart() {
        let text = r#"{ "mcpServers": { "github": { "command": "a" }, "gitlab": { "command": "b" } } }"#;
        let tools = json!([{ "name": "search" }, { "name": "other" }]);
        let found = found(
            &crate::dialect::claude_code::DIALECT,
            text,
            &[("github", tools.clone()), ("gitlab", json!([{ "name": "search" }]))],
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, Severity::Info);
        assert!(found[0].1.contains("`mcp__github__search` and `mcp__gitlab__search`"), "{found:#?}");
    }

    #[test]
    fn the_separator_in_a_server_name_collides() {
        let text = r#"{ "mcpServers": { "a__b": { "command": "a" }, "a": { "command": "b" } } }"#;
        let found = found(
            &crate::dialect::claude_code::DIALECT,
            text,
            &[("a__b", json!([{ "name": "c" }])), ("a", json!([{ "name": "b__c" }]))],
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, Severity::Error);
        assert!(found[0].1.contains("both `mcp__a__b__c`"), "{found:#?}");
    }

    #[test]
    fn clients_without_documented_prefixes_warn() {
        let text = r#"{ "mcpServers": { "github": { "command": "a" }, "gitlab": { "command": "b" } } }"#;
        let found = found(
            &crate::dialect::cursor::DIALECT,
            text,
            &[("github", json!([{ "name": "search" }])), ("gitlab", json!([{ "name": "search" }]))],
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, Severity::Warning);
        assert!(found[0].1.contains("Cursor does not document"), "{found:#?}");
    }

    #[test]
    fn distinct_names_are_silent() {
        let text = r#"{ "mcpServers": { "github": { "command": "a" }, "gitlab": { "command": "b" } } }"#;
        assert!(
            found(
                &crate::dialect::cursor::DIALECT,
                text,
                &[("github", json!([{ "name": "a" }])), ("gitlab", json!([{ "name": "b" }]))]
            )
            .is_empty()
        );
    }
}
