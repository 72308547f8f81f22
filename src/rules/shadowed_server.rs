//! `shadowed-server`: a server entry hidden by a same-named entry of a higher scope.

use super::{Rule, RuleMeta};
use crate::dialect::ProjectContext;
use crate::finding::{Finding, FindingBuilder, Severity, Target};
use crate::resolve::layering::Placed;

declare_rule! {
    /// ## What it does
    /// Reports every server entry that Claude Code will not use because an entry with the
    /// same name exists in a higher scope: local (`~/.claude.json` → `projects["<project>"]`)
    /// beats project (`.mcp.json`), which beats user (`~/.claude.json` top level). A plugin's
    /// servers (a `.mcp.json` beside `.claude-plugin/plugin.json`) rank last and are matched by
    /// endpoint instead: one that starts the same command or reaches the same URL as an entry
    /// of another scope is dropped, whatever its name. The finding
    /// sits on the entry that loses and points at the one that wins, and says whether the two
    /// start the same command or reach the same URL.
    ///
    /// It needs the files of every scope in one run: `mcpcheck check --home ~` in the
    /// project, or `mcpcheck config`.
    ///
    /// Gemini CLI merges its settings files the same way: system defaults, then the user's
    /// `~/.gemini/settings.json`, then the workspace's `.gemini/settings.json`, then the system
    /// settings, each later file's entry of a name replacing the earlier one whole. The rule
    /// reports the replaced entry there too (as info when it is a system default, which exists
    /// to be overridden).
    ///
    /// ## Why is this bad?
    /// The winning entry is used whole, with no merging of fields: an `env` or `headers` you
    /// add to the project's `.mcp.json` has no effect while a local entry of the same name
    /// exists, and teammates run something different from what you run.
    ///
    /// ## Example
    /// `.mcp.json`: `{ "mcpServers": { "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" } } }`
    /// and in `~/.claude.json` under this project:
    /// `"github": { "command": "github-mcp-server", "args": ["stdio"] }`.
    ///
    /// ## Use instead
    /// Keep one entry per name: remove the one you do not use (`claude mcp remove github -s
    /// local`), or give the two servers different names.
    pub ShadowedServer {
        id: "shadowed-server",
        summary: "A server hidden by a same-named entry in a higher scope (local > project > user; Gemini CLI: workspace > user)",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for ShadowedServer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        for (loser, winner) in &cx.claude_code_layered().shadowed {
            let (same, difference) = compare(loser, winner);
            let winner_where = if winner.path() == loser.path() {
                "in the same file".to_owned()
            } else {
                format!("in `{}`", winner.path().display())
            };
            let builder = FindingBuilder::new(
                &Self::META,
                format!(
                    "server `{}` ({} scope) is shadowed by the {}-scope entry {winner_where}: Claude Code uses that entry whole, without merging fields; {difference}",
                    loser.server.name,
                    loser.scope().as_str(),
                    winner.scope().as_str(),
                ),
            )
            .severity(if same { Severity::Info } else { Severity::Warning })
            .at(loser.server.pointer.clone(), Target::Key, Some("not used".to_owned()))
            .related_location(winner.locate(Target::Key, "this entry wins"))
            .help(format!(
                "Keep one entry named `{}`: remove the other (`claude mcp remove {} -s {}`), or rename one of them",
                loser.server.name,
                loser.server.name,
                loser.scope().as_str()
            ));
            out.push(builder.build(&loser.file.file));
        }
        for (loser, winner) in &crate::resolve::gemini::layer(cx).shadowed {
            out.push(gemini(loser, winner));
        }
    }
}

/// A Gemini CLI entry replaced by the same name in a later settings file.
fn gemini(loser: &Placed<'_>, winner: &Placed<'_>) -> Finding {
    let (same, difference) = compare(loser, winner);
    let winner_where = format!("`{}` ({})", winner.path().display(), winner.file.role.label);
    FindingBuilder::new(
        &ShadowedServer::META,
        format!(
            "server `{}` ({}) is replaced by the entry of the same name in {winner_where}: Gemini CLI merges `mcpServers` by name and uses that entry whole, without merging fields; {difference}",
            loser.server.name, loser.file.role.label,
        ),
    )
    // System defaults exist to be overridden: replacing one is routine.
    .severity(if same || loser.file.role == crate::dialect::gemini::SYSTEM_DEFAULTS {
        Severity::Info
    } else {
        Severity::Warning
    })
    .at(loser.server.pointer.clone(), Target::Key, Some("not used".to_owned()))
    .related_location(winner.locate(Target::Key, "this entry wins"))
    .help({
        let name = loser.server.name;
        let remove = match loser.file.role {
            crate::dialect::gemini::USER => format!(" (`gemini mcp remove {name} -s user`)"),
            crate::dialect::gemini::WORKSPACE => format!(" (`gemini mcp remove {name} -s project`)"),
            _ => String::new(),
        };
        format!("Keep one entry named `{name}`: remove this one{remove} or the other, or rename one of them")
    })
    .build(&loser.file.file)
}

/// Whether two entries reach the same endpoint, and a phrase saying how they differ. Compares
/// resolved values but never prints them.
fn compare(a: &Placed<'_>, b: &Placed<'_>) -> (bool, &'static str) {
    let transport = |p: &Placed<'_>| p.server.transport.transport();
    let value = |p: &Placed<'_>, field: &str| p.server.resolved.scalar(field).map(|v| v.expanded.value.clone());
    let args = |p: &Placed<'_>| p.server.resolved.field("args").map(|v| v.expanded.value.clone()).collect::<Vec<_>>();
    if transport(a) != transport(b) {
        return (false, "the two use different transports");
    }
    if value(a, "url").is_some() || value(b, "url").is_some() {
        return if value(a, "url") == value(b, "url") {
            (true, "both reach the same URL")
        } else {
            (false, "they connect to different URLs")
        };
    }
    if value(a, "command") == value(b, "command") && args(a) == args(b) {
        (true, "both start the same command")
    } else {
        (false, "they start different commands")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::env::Environment;
    use crate::resolve::gemini::tests::{contexts, file};

    /// Gemini CLI's workspace file replaces the user's entry of the same name; with `--home`
    /// both are in one run (discovery finds them), here the roles are given directly.
    #[test]
    fn gemini_workspace_entry_replaces_the_users() {
        let env = Environment::empty();
        let files = [
            file(
                "user",
                r#"{"mcpServers": {"gh": {"command": "github-mcp-server", "args": ["stdio"]}, "fs": {"command": "fs"}}}"#,
            ),
            file(
                "workspace",
                r#"{"mcpServers": {"gh": {"httpUrl": "https://api.githubcopilot.com/mcp/"}, "fs": {"command": "fs"}}}"#,
            ),
        ];
        let contexts = contexts(&files, &env);
        let project = ProjectContext::new(&contexts, None);
        let mut out = Vec::new();
        ShadowedServer.check_project(&project, &mut out);
        let got: Vec<(String, Severity, String)> =
            out.iter().map(|f| (f.primary.path.display().to_string(), f.severity, f.message.clone())).collect();
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(got[0].0, "/home/dev/.gemini/settings.json");
        assert_eq!(got[0].1, Severity::Warning);
        assert_eq!(
            got[0].2,
            "server `gh` (user settings `~/.gemini/settings.json`) is replaced by the entry of the same name in `/r/.gemini/settings.json` (workspace settings `.gemini/settings.json`): Gemini CLI merges `mcpServers` by name and uses that entry whole, without merging fields; the two use different transports"
        );
        assert_eq!(got[1].1, Severity::Info, "same command: {}", got[1].2);
        assert!(out[0].help.as_deref().unwrap().contains("gemini mcp remove gh -s user"));
    }
}
