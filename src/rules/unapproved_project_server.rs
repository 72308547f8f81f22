//! `unapproved-project-server`: a `.mcp.json` server that no setting approves.

use super::{Rule, RuleMeta};
use crate::dialect::ProjectContext;
use crate::finding::{Finding, FindingBuilder, Target};
use crate::resolve::policy::{Decision, ENABLE_ALL, ENABLED};

declare_rule! {
    /// ## What it does
    /// Reports a server of the project's `.mcp.json` that Claude Code will load but that no
    /// settings file in the run approves: it is not named in `enabledMcpjsonServers`,
    /// `enableAllProjectMcpServers` is not `true` in the strongest settings file that sets it,
    /// and `disabledMcpjsonServers` does not reject it. Interactive Claude Code then asks
    /// before the server's first use; `-p`, SDK and cloud sessions load it without asking.
    ///
    /// Servers that are blocked or disabled are `blocked-server`'s, never this rule's. The
    /// rule stays quiet when the run has no Claude Code settings file at all (a plain
    /// `mcpcheck check` of a repository): it only speaks when it can see the settings that
    /// approve servers.
    ///
    /// ## Why is this bad?
    /// It is not wrong, which is why this is information: the prompt is how Claude Code
    /// protects you from servers a repository brings along. But a server that a team expects
    /// to run stays off until each person answers, and a headless run loads it without anyone
    /// having looked at it.
    ///
    /// ## Example
    /// `.mcp.json`:
    /// ```json
    /// { "mcpServers": { "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" } } }
    /// ```
    /// with a `.claude/settings.local.json` that approves other servers only.
    ///
    /// ## Use instead
    /// Approve the servers you trust in your own `.claude/settings.local.json`:
    /// ```json
    /// { "enabledMcpjsonServers": ["github"] }
    /// ```
    /// or `"enableAllProjectMcpServers": true`. Approvals in the shared `.claude/settings.json`
    /// are ignored in a folder you have not trusted (since v2.1.196); approvals in user, local
    /// and managed settings always count.
    ///
    /// ## Known limitations
    /// Claude Code also remembers the answers given at the prompt (`claude mcp
    /// reset-project-choices` forgets them); mcpcheck cannot see those, so a server approved
    /// that way is still reported.
    pub UnapprovedProjectServer {
        id: "unapproved-project-server",
        summary: "A `.mcp.json` server no setting approves: interactive Claude Code asks before first use",
        severity: Info,
        category: Security,
        needs: Offline,
    }
}

impl Rule for UnapprovedProjectServer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
        if cx.claude_code().settings.is_empty() {
            return;
        }
        let policy = cx.claude_code_policy();
        let enable_all_off = policy.enable_all().filter(|f| !f.value);
        let overridden = enable_all_off.is_some() && policy.enable_all.iter().any(|f| f.value);
        for placed in &cx.claude_code_layered().effective {
            if !matches!(policy.decide(placed), Decision::Pending) {
                continue;
            }
            let name = placed.server.name;
            let mut message = format!(
                "server `{name}` from `.mcp.json` is not approved by any settings file in this run: interactive Claude Code asks before its first use, while `-p` and SDK sessions load it without asking"
            );
            let mut related = Vec::new();
            if let Some(off) = enable_all_off.filter(|_| overridden) {
                message.push_str(&format!(
                    "; `{ENABLE_ALL}` is `false` in `{}` ({}), which overrides `true` in a weaker settings file",
                    off.at.path().display(),
                    off.at.file.role.label
                ));
                related.push(off.at.locate(Target::Member, "turns approval of all servers off"));
            }
            for list in &policy.enabled_lists {
                related.push(list.locate(Target::Key, format!("`{name}` is not listed here")));
            }
            let mut builder = FindingBuilder::new(&Self::META, message)
                .at(placed.server.pointer.clone(), Target::Key, Some("needs approval".to_owned()))
                .help(format!(
                    "To approve it for yourself, add `\"{ENABLED}\": [\"{name}\"]` to `.claude/settings.local.json` (or set `\"{ENABLE_ALL}\": true`); approvals in the shared `.claude/settings.json` are ignored in a folder you have not trusted (since v2.1.196). Answers given at the prompt are remembered outside the settings files, where mcpcheck cannot see them"
                ));
            for location in related {
                builder = builder.related_location(location);
            }
            out.push(builder.build(&placed.file.file));
        }
    }
}
