//! `blocked-server`: a server entry Claude Code will never load in this project.

use super::{Rule, RuleMeta};
use crate::dialect::ProjectContext;
use crate::finding::{Finding, FindingBuilder, Location, Severity, Target};
use crate::pointer::Pointer;
use crate::resolve::layering::Placed;
use crate::resolve::policy::{Decision, Entry, Kind, Matcher, Named, NotAllowed, Policy, Setting};

declare_rule! {
    /// ## What it does
    /// Reports server entries that Claude Code will not load in this project because of a
    /// decision made in another file:
    ///
    /// * a `managed-mcp.json` has exclusive control: only its servers load;
    /// * an entry of `deniedMcpServers` in any settings file matches the server (by
    ///   `serverName`, by its exact `serverCommand` argv, or by a `serverUrl` pattern). Deny
    ///   beats allow, and it applies to managed servers too;
    /// * `allowedMcpServers` is set and admits no such server: the list is empty, nothing in it
    ///   matches, or the server is matched only by name while the list has a `serverCommand`
    ///   entry (stdio servers must then match a command entry) or a `serverUrl` entry (remote
    ///   servers must then match a URL entry). With `allowManagedMcpServersOnly: true` in
    ///   managed settings only the managed allowlist counts;
    /// * a `.mcp.json` server is named in `disabledMcpjsonServers` (reported as info: someone
    ///   chose this; it wins over every approval).
    ///
    /// In Gemini CLI's settings files it reports a server that `mcp.allowed` leaves out (when
    /// the allowlists of all files share at least one name, only the names they share connect,
    /// matched exactly) and, as info, a server named in `mcp.excluded` of any file.
    ///
    /// The finding sits on the server and points at the file and entry that decided it. It
    /// needs those files in the same run: `mcpcheck check --home ~ --managed
    /// /etc/claude-code` in the project, or `mcpcheck config`.
    ///
    /// ## Why is this bad?
    /// The entry looks fine in its own file, and nothing in it says it is blocked; Claude Code
    /// simply does not start it. People then debug the server instead of the policy.
    ///
    /// ## Example
    /// A `.mcp.json` server on a machine whose administrator installed
    /// `/etc/claude-code/managed-mcp.json`; or `.mcp.json`:
    /// ```json
    /// { "mcpServers": { "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."] } } }
    /// ```
    /// with managed settings that allow it by name but also list a command:
    /// ```json
    /// { "allowedMcpServers": [{ "serverName": "fs" }, { "serverCommand": ["uvx", "mcp-server-time"] }] }
    /// ```
    ///
    /// ## Use instead
    /// Ask the administrator to add the server to the managed configuration or allowlist (for a
    /// stdio server under a command allowlist: its exact command and arguments), remove the
    /// deny entry if it is yours, or remove the server entry so nobody expects it to run.
    ///
    /// ## Known limitations
    /// Invalid list entries are treated as dropped, as Claude Code does in managed settings
    /// (`invalid-policy-entry` reports them). Plugin servers, claude.ai connectors, built-in
    /// servers and `--mcp-config` are not modelled.
    pub BlockedServer {
        id: "blocked-server",
        summary: "A server the client will not load (Claude Code: managed-mcp.json, allow/deny lists, `disabledMcpjsonServers`; Gemini CLI: `mcp.allowed`, `mcp.excluded`)",
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
        gemini(cx, out);
        let layers = cx.claude_code();
        let layered = cx.claude_code_layered();
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
                .related_location(Location { label: Some("only these servers load".to_owned()), ..managed_servers.clone() })
                .help("Ask your administrator to add the server to managed-mcp.json, or remove this entry");
                out.push(builder.build(&placed.file.file));
            }
        }
        if layers.settings.is_empty() {
            return;
        }
        let policy = cx.claude_code_policy();
        for placed in &layered.effective {
            let builder = match policy.decide(placed) {
                Decision::Denied(entry) => denied(placed, entry),
                Decision::NotAllowed(why) => not_allowed(placed, policy, &why),
                Decision::Disabled(named) => disabled(placed, named),
                Decision::Loads(_) | Decision::Pending => continue,
            };
            out.push(builder.build(&placed.file.file));
        }
    }
}

/// How many entries of the required kind a "not allowed" finding points at.
const MAX_TRIED: usize = 3;

/// A finding on the server's key.
fn on_server(placed: &Placed<'_>, label: &str, message: String) -> FindingBuilder {
    FindingBuilder::new(&BlockedServer::META, message).at(
        placed.server.pointer.clone(),
        Target::Key,
        Some(label.to_owned()),
    )
}

/// `` `path` (managed settings) `` for messages.
fn file_of(setting: &Setting<'_>) -> String {
    format!("`{}` ({})", setting.path().display(), setting.file.role.label)
}

/// What a matching entry matched, for messages and labels.
fn by_what(entry: &Entry<'_>) -> &'static str {
    match entry.matcher {
        Matcher::Name(_) => "by name",
        Matcher::Command(_) => "by its exact command and arguments",
        Matcher::Url(_) => "by a URL pattern that matches its URL",
    }
}

fn denied(placed: &Placed<'_>, entry: &Entry<'_>) -> FindingBuilder {
    let name = placed.server.name;
    let help = if entry.at.is_managed() {
        "The deny entry is in managed settings: ask your administrator if the server should run, or remove this server entry".to_owned()
    } else {
        format!(
            "Remove the entry from `deniedMcpServers` in `{}` if the server should run, or remove this server entry",
            entry.at.path().display()
        )
    };
    on_server(
        placed,
        "denied",
        format!(
            "server `{name}` never loads: `deniedMcpServers` in {} blocks it {}; deny beats allow, so no allowlist or approval brings it back",
            file_of(&entry.at),
            by_what(entry)
        ),
    )
    .related_location(entry.member().locate(
        if matches!(entry.matcher, Matcher::Command(_)) { Target::Key } else { Target::Member },
        match entry.matcher {
            Matcher::Name(_) => format!("denies `{name}`"),
            Matcher::Command(_) => "matches its command".to_owned(),
            Matcher::Url(_) => "matches its URL".to_owned(),
        },
    ))
    .help(help)
}

fn not_allowed(placed: &Placed<'_>, policy: &Policy<'_>, why: &NotAllowed<'_, '_>) -> FindingBuilder {
    let name = placed.server.name;
    let lists = policy.allow_lists.iter().map(file_of).collect::<Vec<_>>().join(", ");
    let entries = policy.allow.as_deref().unwrap_or_default();
    let (mut message, mut related, help) = match why.required {
        Kind::Name if entries.is_empty() => {
            let all_empty = policy
                .allow_lists
                .iter()
                .all(|l| l.file.doc.lookup(&l.pointer).and_then(|n| n.as_array()).is_some_and(<[_]>::is_empty));
            let what = if all_empty {
                "is an empty list"
            } else {
                "holds only entries Claude Code drops (see `invalid-policy-entry`)"
            };
            (
                format!("server `{name}` never loads: `allowedMcpServers` in {lists} {what}, so it allows no server"),
                policy.allow_lists.iter().map(|l| l.locate(Target::Key, "allows no server")).collect::<Vec<_>>(),
                format!(
                    "Add `{{\"serverName\": \"{name}\"}}` to `allowedMcpServers` (ask your administrator if the list is managed), or remove this server entry"
                ),
            )
        }
        Kind::Name => (
            format!(
                "server `{name}` never loads: no `serverName` entry of `allowedMcpServers` in {lists} names it, and once an allowlist is set only the servers it admits load"
            ),
            policy.allow_lists.iter().map(|l| l.locate(Target::Key, format!("`{name}` is not listed here"))).collect(),
            format!(
                "Add `{{\"serverName\": \"{name}\"}}` to `allowedMcpServers` (ask your administrator if the list is managed), or remove this server entry"
            ),
        ),
        Kind::Command | Kind::Url => {
            let (kind, servers, what, help) = if why.required == Kind::Command {
                (
                    "serverCommand",
                    "stdio servers",
                    "its exact command and arguments, in order",
                    "Add a `serverCommand` entry with this server's exact command and arguments to `allowedMcpServers` (ask your administrator if the list is managed), or remove this server entry",
                )
            } else {
                (
                    "serverUrl",
                    "remote servers",
                    "its URL",
                    "Add a `serverUrl` pattern that matches this server's URL (e.g. `https://mcp.example.com/*`) to `allowedMcpServers` (ask your administrator if the list is managed), or remove this server entry",
                )
            };
            let mut related = Vec::new();
            if let Some(entry) = why.name_match {
                related.push(entry.member().locate(
                    Target::Member,
                    format!("a `{kind}` entry exists, so a name match no longer admits {servers}"),
                ));
                if let Some(entry) = why.first_required {
                    related.push(
                        entry.member().locate(Target::Key, format!("this `{kind}` entry makes {servers} need one")),
                    );
                }
            } else {
                // Show the entries that were tried (a few: the list may be long).
                let short = if why.required == Kind::Command { "its command" } else { "its URL" };
                for entry in entries.iter().filter(|e| e.matcher.kind() == why.required).take(MAX_TRIED) {
                    related.push(entry.member().locate(Target::Key, format!("does not match {short}")));
                }
            }
            let named =
                if why.name_match.is_some() { " (a `serverName` entry names it, but no longer counts)" } else { "" };
            (
                format!(
                    "server `{name}` never loads: `allowedMcpServers` in {lists} has a `{kind}` entry, so {servers} must match a `{kind}` entry by {what}, and none matches{named}"
                ),
                related,
                help.to_owned(),
            )
        }
    };
    if let Some(only) = &policy.managed_only {
        message.push_str(&format!(
            "; only the managed allowlist counts (`allowManagedMcpServersOnly` in `{}`)",
            only.path().display()
        ));
        if !policy.ignored_allow_lists.is_empty() {
            let ignored = policy.ignored_allow_lists.iter().map(file_of).collect::<Vec<_>>().join(", ");
            message.push_str(&format!(", so `allowedMcpServers` in {ignored} is ignored"));
        }
        related.push(only.locate(Target::Member, "only the managed allowlist counts"));
        for list in &policy.ignored_allow_lists {
            related.push(list.locate(Target::Key, "ignored"));
        }
    }
    let mut builder = on_server(placed, "not allowed", message).help(help);
    for location in related {
        builder = builder.related_location(location);
    }
    builder
}

fn disabled(placed: &Placed<'_>, named: &Named<'_>) -> FindingBuilder {
    let name = placed.server.name;
    on_server(
        placed,
        "disabled",
        format!(
            "server `{name}` is not loaded: `disabledMcpjsonServers` in {} rejects it, which wins over `enableAllProjectMcpServers` and `enabledMcpjsonServers`",
            file_of(&named.at)
        ),
    )
    .severity(Severity::Info)
    .related_location(named.at.locate(Target::Value, format!("rejects `{name}`")))
    .help(format!(
        "Remove `{name}` from `disabledMcpjsonServers` in `{}` to use it, or delete the entry from `.mcp.json` if nobody should run it",
        named.at.path().display()
    ))
}

/// Gemini CLI: servers that `mcp.allowed` leaves out or `mcp.excluded` names.
fn gemini(cx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
    use crate::resolve::gemini::{NameList, allowed_names, layer, lists};
    let layered = layer(cx);
    if layered.effective.is_empty() {
        return;
    }
    let allowlists = lists(cx, "allowed");
    let excluded = lists(cx, "excluded");
    let allowed = allowed_names(&allowlists).filter(|names| !names.is_empty());
    let where_ = |l: &NameList<'_>| format!("`{}` ({})", l.file.file.source.path().display(), l.file.role.label);
    for placed in &layered.effective {
        let name = placed.server.name;
        if let Some(names) = allowed.as_ref().filter(|names| !names.contains(&name)) {
            let files = allowlists.iter().map(where_).collect::<Vec<_>>().join(", ");
            let case = names
                .iter()
                .find(|n| n.trim().eq_ignore_ascii_case(name))
                .map(|n| format!(" (it lists `{n}`, but names match exactly)"))
                .unwrap_or_default();
            let every =
                if allowlists.len() > 1 { "; with several allowlists a server must be in every one" } else { "" };
            let mut builder = on_server(
                placed,
                "not allowed",
                format!(
                    "server `{name}` never connects: `mcp.allowed` in {files} does not name it{case}, and Gemini CLI connects only to the servers the list names{every}"
                ),
            )
            .help(format!("Add `\"{name}\"` to `mcp.allowed`, or remove this server entry"));
            for list in &allowlists {
                builder = builder.related_location(list.file.file.locate(
                    &list.pointer,
                    &Target::Key,
                    Some(format!("`{name}` is not listed here")),
                ));
            }
            out.push(builder.build(&placed.file.file));
            continue;
        }
        let hit = excluded.iter().find_map(|l| l.names.iter().find(|(_, n)| *n == name).map(|(i, _)| (l, *i)));
        if let Some((list, index)) = hit {
            let builder = on_server(
                placed,
                "excluded",
                format!("server `{name}` never connects: `mcp.excluded` in {} lists it", where_(list)),
            )
            .severity(Severity::Info)
            .related_location(list.file.file.locate(
                &list.pointer.index(index),
                &Target::Value,
                Some(format!("excludes `{name}`")),
            ))
            .help(format!(
                "Remove `\"{name}\"` from `mcp.excluded` in `{}` if the server should run, or remove this server entry",
                list.file.file.source.path().display()
            ));
            out.push(builder.build(&placed.file.file));
        }
    }
}

#[cfg(test)]
mod gemini_tests {
    use super::*;
    use crate::resolve::env::Environment;
    use crate::resolve::gemini::tests::{contexts, file};

    #[test]
    fn allowlists_of_several_files_intersect() {
        let env = Environment::empty();
        let files = [
            file("system", r#"{"mcp": {"allowed": ["gh", "db"]}}"#),
            file(
                "user",
                r#"{"mcp": {"allowed": ["GH"], "excluded": ["fs"]}, "mcpServers": {"gh": {"command": "gh"}, "fs": {"command": "fs"}}}"#,
            ),
            file("workspace", r#"{"mcpServers": {"db": {"command": "db"}}}"#),
        ];
        let contexts = contexts(&files, &env);
        let project = ProjectContext::new(&contexts, None);
        let mut out = Vec::new();
        BlockedServer.check_project(&project, &mut out);
        let got: Vec<String> = out.iter().map(|f| format!("{:?}: {}", f.severity, f.message)).collect();
        // Only `gh` is in both lists; `fs` is left out of the allowlist (reported as such,
        // not as excluded), `db` too.
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].starts_with("Warning: server `fs` never connects: `mcp.allowed` in"), "{}", got[0]);
        assert!(got[0].ends_with("with several allowlists a server must be in every one"), "{}", got[0]);
        assert!(got[1].starts_with("Warning: server `db` never connects"), "{}", got[1]);
    }
}
