//! `invalid-policy-entry`: an MCP policy setting Claude Code drops, ignores or can never match.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, FindingBuilder, Target};
use crate::model::Scope;
use crate::parse::Node;
use crate::pointer::Pointer;
use crate::resolve::env::{Environment, Reference, Status};
use crate::resolve::policy::{DISABLED, ENABLED, Kind, List, MANAGED_ONLY, Matcher, Problem, read_entry};

declare_rule! {
    /// ## What it does
    /// Reports entries of a Claude Code settings file's MCP policy that Claude Code drops,
    /// ignores or can never match:
    ///
    /// * an `allowedMcpServers` / `deniedMcpServers` entry without exactly one of `serverName`,
    ///   `serverCommand`, `serverUrl` (`{}`, or two keys in one entry);
    /// * an allowlist `serverName` with characters other than letters, digits, `-` and `_`
    ///   (denylist names may be any non-empty text, e.g. `claude.ai Slack`);
    /// * a `serverName` with `*`: names match exactly, there are no name wildcards;
    /// * a `serverCommand` whose command (first element) is empty;
    /// * a `serverUrl` without `://` or with whitespace (after `${VAR}` substitution), and an
    ///   allowlist `serverUrl` where a variable brings in URL structure (`/`, `:`, `?`, `#`,
    ///   `@`, `*`): since v2.1.219 Claude Code ignores an allowlist entry whose expansion would
    ///   change its scheme, host or path scope;
    /// * `allowManagedMcpServersOnly: true` outside a managed settings file, where it counts
    ///   for nothing;
    /// * a name in both `enabledMcpjsonServers` and `disabledMcpjsonServers` of one file.
    ///
    /// In Gemini CLI's settings files it reports `mcp.allowed` lists that allow everything
    /// although they look like an allowlist: an empty list, or lists in several files that share
    /// no name (Gemini CLI intersects them and applies no allowlist when nothing is left); and,
    /// as info, an `mcp.allowed` name that no `mcpServers` entry of the run defines.
    ///
    /// Wrong JSON types, empty strings and unknown keys inside an entry are reported by
    /// `schema-violation` and `unknown-field`.
    ///
    /// ## Why is this bad?
    /// A policy entry that does nothing is worse than none: an administrator believes a server
    /// is blocked or allowed, and it is not. Claude Code drops invalid entries of managed
    /// settings one by one with only a warning; an allowlist whose entries are all dropped
    /// allows no server at all.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "allowedMcpServers": [{ "serverName": "github-*" }, { "serverUrl": "mcp.example.com" }],
    ///   "deniedMcpServers": [{ "serverName": "evil", "serverUrl": "https://evil.example.com/*" }]
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "allowedMcpServers": [{ "serverName": "github" }, { "serverUrl": "https://mcp.example.com/*" }],
    ///   "deniedMcpServers": [{ "serverName": "evil" }, { "serverUrl": "https://evil.example.com/*" }]
    /// }
    /// ```
    pub InvalidPolicyEntry {
        id: "invalid-policy-entry",
        summary: "An MCP allow/deny or approval setting the client drops, ignores or can never match",
        severity: Error,
        category: Security,
        needs: Offline,
    }
}

impl Rule for InvalidPolicyEntry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != "claude-code-settings" {
            return;
        }
        let root = &cx.doc.root;
        for list in [List::Allow, List::Deny] {
            let Some(items) = root.get(list.key()).and_then(Node::as_array) else { continue };
            for (i, item) in items.iter().enumerate() {
                let at = Pointer::root().key(list.key()).index(i);
                let finding = match read_entry(item, list, cx.env) {
                    Ok(Matcher::Name(name)) if name.contains('*') => Some(deny_name_wildcard(&at, &name)),
                    Ok(_) => None,
                    Err(problem) => describe(&problem, list, &at, item, cx.env),
                };
                if let Some(f) = finding {
                    out.push(cx.build(f));
                }
            }
        }
        if root.get(MANAGED_ONLY).and_then(Node::as_bool) == Some(true) && cx.role.scope != Some(Scope::Managed) {
            let f = cx
                .finding(
                    &Self::META,
                    format!(
                        "`{MANAGED_ONLY}` only counts in managed settings (`managed-settings.json`, `managed-settings.d/*.json`); Claude Code ignores it in {}",
                        cx.role.label
                    ),
                )
                .at(Pointer::root().key(MANAGED_ONLY), Target::Key, Some("ignored here".to_owned()))
                .help("Administrators set it in managed settings; remove it here. To keep servers out for yourself, list them in `deniedMcpServers`");
            out.push(cx.build(f));
        }
        overlap(cx, out);
    }

    fn check_project(&self, cx: &crate::dialect::ProjectContext<'_>, out: &mut Vec<Finding>) {
        gemini(cx, out);
    }
}

/// Gemini CLI's `mcp.allowed`: lists that end up allowing every server, and names that match
/// no server defined in the run.
fn gemini(cx: &crate::dialect::ProjectContext<'_>, out: &mut Vec<Finding>) {
    use crate::finding::Severity;
    use crate::resolve::gemini::{allowed_names, layer, lists};
    let allowlists = lists(cx, "allowed");
    if allowed_names(&allowlists).is_some_and(|names| names.is_empty()) {
        let many = allowlists.len() > 1;
        for list in &allowlists {
            let message = if many {
                let others: Vec<String> = allowlists
                    .iter()
                    .filter(|l| !std::ptr::eq(l.file, list.file))
                    .map(|l| format!("`{}`", l.file.file.source.path().display()))
                    .collect();
                format!(
                    "`mcp.allowed` here and in {} share no server name: Gemini CLI intersects the lists, and when nothing is left it applies no allowlist at all, so every server may connect",
                    others.join(", ")
                )
            } else {
                "`mcp.allowed` is empty: Gemini CLI applies an allowlist only when it names a server, so every server may connect".to_owned()
            };
            let f = finding(message)
                .severity(Severity::Warning)
                .at(list.pointer.clone(), Target::Key, Some("allows every server".to_owned()))
                .help(if many {
                    "Name the servers that may connect in every `mcp.allowed` list (a server must be in all of them), or remove the lists you do not mean; use `mcp.excluded` to block servers"
                } else {
                    "List the servers that may connect, or remove `allowed`; to block servers, list them in `mcp.excluded`"
                });
            out.push(f.build(&list.file.file));
        }
    }
    let layered = layer(cx);
    if layered.effective.is_empty() {
        return;
    }
    let defined: Vec<&str> = layered.effective.iter().map(|p| p.server.name).collect();
    for list in &allowlists {
        for &(index, name) in &list.names {
            if defined.contains(&name) {
                continue;
            }
            let near = crate::validate::suggest(name, &defined);
            let mut message = format!(
                "`mcp.allowed` names `{name}`, but no `mcpServers` entry in the Gemini CLI settings of this run defines it: unless an extension provides a server of that name, this entry allows nothing"
            );
            if let Some(near) = near {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            let f = finding(message)
                .severity(Severity::Info)
                .at(list.pointer.index(index), Target::Value, Some("no such server".to_owned()))
                .help(match near {
                    Some(near) => format!("Write `\"{near}\"`: names match exactly"),
                    None => "Remove the name, or check its spelling against the keys of `mcpServers`".to_owned(),
                });
            out.push(f.build(&list.file.file));
        }
    }
}

/// A finding of this rule.
fn finding(message: String) -> FindingBuilder {
    FindingBuilder::new(&InvalidPolicyEntry::META, message)
}

fn deny_name_wildcard(at: &Pointer, name: &str) -> FindingBuilder {
    finding(format!(
        "`*` is not a wildcard in `serverName`: names match exactly, so this `deniedMcpServers` entry blocks only a server named `{name}`"
    ))
    .at(at.key("serverName"), Target::Within("*".to_owned()), Some("not a wildcard".to_owned()))
    .help("List each server by its exact name, or block by address with a `serverUrl` pattern (where `*` is a wildcard) or a `serverCommand`")
}

/// The finding for a dropped entry; `None` for what the schema stage reports.
fn describe(problem: &Problem, list: List, at: &Pointer, item: &Node, env: &Environment) -> Option<FindingBuilder> {
    let key = list.key();
    let after = |substituted: bool| if substituted { " after `${…}` substitution" } else { "" };
    let f = match problem {
        Problem::NoKey => finding(format!(
            "this `{key}` entry has none of `serverName`, `serverCommand`, `serverUrl`, so it matches no server; Claude Code drops it"
        ))
        .at(at.clone(), Target::Value, Some("empty entry".to_owned()))
        .help("Write exactly one of `{\"serverName\": …}`, `{\"serverCommand\": [ … ]}` or `{\"serverUrl\": …}`, or delete the entry"),
        Problem::SeveralKeys(kinds) => {
            let names = kinds.iter().map(|k| format!("`{}`", k.key())).collect::<Vec<_>>().join(" and ");
            let mut f = finding(format!(
                "this `{key}` entry has {names}; an entry takes exactly one, so Claude Code drops it"
            ));
            // On the key written last; the others are related.
            let mut members: Vec<_> = kinds.iter().filter_map(|k| item.member(k.key())).collect();
            members.sort_by_key(|m| m.key_span.start);
            if let Some((last, rest)) = members.split_last() {
                f = f.at(at.key(&last.key), Target::Key, Some("second key in one entry".to_owned()));
                for m in rest {
                    f = f.related(at.key(&m.key), Target::Key, Some("first key".to_owned()));
                }
            }
            f.help("Split it into one entry per key, e.g. `{\"serverName\": \"x\"}, {\"serverUrl\": \"https://x.example.com/*\"}`")
        }
        Problem::NameCharacters => finding(
            "an allowlist `serverName` may hold only letters, digits, `-` and `_`; Claude Code drops this entry".to_owned(),
        )
        .at(at.key("serverName"), Target::Value, Some("not a valid allowlist name".to_owned()))
        .help("Use the server's name as written in its `mcpServers` key (only `deniedMcpServers` takes other names, such as `claude.ai Slack`); to allow by address use `serverUrl` or `serverCommand`"),
        Problem::NameWildcard => finding(
            "`*` is not a wildcard in `serverName`: names match exactly, and an allowlist name may hold only letters, digits, `-` and `_`; Claude Code drops this entry".to_owned(),
        )
        .at(at.key("serverName"), Target::Within("*".to_owned()), Some("not a wildcard".to_owned()))
        .help("List each server by its exact name, or allow by address with a `serverUrl` pattern (where `*` is a wildcard)"),
        Problem::EmptyCommand => finding(format!(
            "`serverCommand` starts with an empty command{}; no server has one, so this entry matches nothing",
            after(has_reference(item, Kind::Command))
        ))
        .at(at.key("serverCommand").index(0), Target::Value, Some("empty command".to_owned()))
        .help("Put the program first and each argument as its own string: `[\"npx\", \"-y\", \"@scope/server\"]`"),
        Problem::UrlWithoutScheme { substituted } => {
            let unset = unset_reference(item, env);
            let f = finding(format!(
                "`serverUrl` has no `://`{}; Claude Code matches patterns as `scheme://host/path`, so this entry matches no server",
                match &unset {
                    Some(r) => format!(" while `{}` is unset (Claude Code keeps it as written)", r.text),
                    None => after(*substituted).to_owned(),
                }
            ))
            .at(at.key("serverUrl"), Target::Value, Some("no scheme".to_owned()));
            match unset {
                Some(r) => f.help(format!(
                    "Set `{}` where Claude Code starts (declare it for mcpcheck with `--env` or `--env-file`), or write the pattern literally, e.g. `https://mcp.example.com/*`",
                    r.name
                )),
                None => f.help("Write the scheme, or `*` for any: `https://mcp.example.com/*` or `*://mcp.example.com`"),
            }
        }
        Problem::UrlWithSpace { substituted } => finding(format!(
            "`serverUrl` contains whitespace{}; no server URL does, so this entry matches nothing",
            after(*substituted)
        ))
        .at(at.key("serverUrl"), Target::Value, Some("whitespace".to_owned()))
        .help("Remove the whitespace (inside a URL a space is written `%20`)"),
        Problem::UrlScopeFromVariable { reference } => finding(format!(
            "`{reference}` brings URL structure (`/`, `:`, `?`, `#`, `@` or `*`) into this allowlist pattern; since v2.1.219 Claude Code ignores an allowlist entry whose expansion would change its scheme, host or path"
        ))
        .at(at.key("serverUrl"), Target::Within(reference.clone()), Some("changes what the pattern covers".to_owned()))
        .help("Write the scheme, host and path of the pattern literally; a variable may only fill in text inside one part"),
        Problem::Schema => return None,
    };
    Some(f)
}

/// The first `${VAR}` in a `serverUrl` that is unset and has no default.
fn unset_reference(item: &Node, env: &Environment) -> Option<Reference> {
    let raw = item.get(Kind::Url.key()).and_then(Node::as_str)?;
    let expanded = crate::resolve::env::expand(raw, &crate::resolve::env::CLAUDE_CODE, env);
    expanded.references.into_iter().find(|r| r.status == Status::Unset).map(|r| r.reference)
}

/// Whether the entry's `kind` value holds a `${` reference.
fn has_reference(item: &Node, kind: Kind) -> bool {
    let Some(value) = item.get(kind.key()) else { return false };
    let strings: Vec<&str> = match value.as_array() {
        Some(items) => items.iter().filter_map(Node::as_str).collect(),
        None => value.as_str().into_iter().collect(),
    };
    strings.iter().any(|s| !crate::resolve::env::scan(s).references.is_empty())
}

/// Names in both approval lists of one file: the disabled list wins.
fn overlap(cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
    let list = |key| cx.doc.root.get(key).and_then(Node::as_array).unwrap_or_default();
    let disabled = list(DISABLED);
    for (i, item) in list(ENABLED).iter().enumerate() {
        let Some(name) = item.as_str() else { continue };
        let Some(j) = disabled.iter().position(|d| d.as_str() == Some(name)) else { continue };
        let f = finding(format!(
            "`{name}` is in both `{ENABLED}` and `{DISABLED}` of this file; `{DISABLED}` wins, so this approval has no effect"
        ))
        .at(Pointer::root().key(ENABLED).index(i), Target::Value, Some("no effect".to_owned()))
        .related(Pointer::root().key(DISABLED).index(j), Target::Value, Some("this wins".to_owned()))
        .help(format!("Remove `{name}` from the list you do not mean"));
        out.push(cx.build(f));
    }
}

#[cfg(test)]
mod gemini_tests {
    use super::*;
    use crate::dialect::ProjectContext;
    use crate::resolve::env::Environment;
    use crate::resolve::gemini::tests::{contexts, file};

    fn run(files: &[(&str, &str)]) -> Vec<String> {
        let env = Environment::empty();
        let files: Vec<_> = files.iter().map(|(kind, text)| file(kind, text)).collect();
        let contexts = contexts(&files, &env);
        let project = ProjectContext::new(&contexts, None);
        let mut out = Vec::new();
        InvalidPolicyEntry.check_project(&project, &mut out);
        out.iter().map(|f| format!("{} {:?}: {}", f.primary.path.display(), f.severity, f.message)).collect()
    }

    #[test]
    fn disjoint_allowlists_allow_every_server() {
        let got = run(&[
            ("user", r#"{"mcp": {"allowed": ["gh"]}, "mcpServers": {"gh": {"command": "gh"}}}"#),
            ("workspace", r#"{"mcp": {"allowed": ["db"]}, "mcpServers": {"db": {"command": "db"}}}"#),
        ]);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].starts_with("/home/dev/.gemini/settings.json Warning: `mcp.allowed` here and in `/r/.gemini/settings.json` share no server name"), "{}", got[0]);
        assert!(got[1].starts_with("/r/.gemini/settings.json Warning"), "{}", got[1]);
    }

    #[test]
    fn names_are_checked_against_every_file() {
        // `db` is defined in the workspace file, so the user's allowlist entry is fine.
        let got = run(&[
            ("user", r#"{"mcp": {"allowed": ["db", "nope"]}}"#),
            ("workspace", r#"{"mcpServers": {"db": {"command": "db"}}}"#),
        ]);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(got[0].contains("names `nope`"), "{}", got[0]);
    }
}
