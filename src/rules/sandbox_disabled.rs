//! `sandbox-disabled`: a settings file that turns the sandbox off for every server.

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, mcp_settings};
use crate::finding::{Finding, Target};

declare_rule! {
    /// ## What it does
    /// Reports `"enableSandbox": false` in the top-level `security` block of an extended
    /// `mcp_settings.json`.
    ///
    /// ## Why is this bad?
    /// It states, for every server in the file, that servers may run with the full rights of
    /// the user who starts them: every file in the home directory, every credential in the
    /// environment, the whole network. MCP servers are often third-party packages fetched at
    /// start-up (`npx -y …`), so that is a decision to write down deliberately, not a default
    /// to copy from a tutorial. (No client reads this flag either way — see `unread-field` —
    /// so `true` is a policy to carry out, not a protection in itself.)
    ///
    /// ## Example
    /// ```jsonc
    /// { "security": { "enableSandbox": false } }
    /// ```
    ///
    /// ## Use instead
    /// Leave it out or set it to `true`, and give the servers a real sandbox: a container
    /// (`docker run --rm -i --read-only --network none …` as the `command`) or the client's
    /// own sandboxing where it has one.
    pub SandboxDisabled {
        id: "sandbox-disabled",
        summary: "`security.enableSandbox: false` lets every server run with the user's full rights",
        severity: Warning,
        category: Security,
        needs: Offline,
    }
}

impl Rule for SandboxDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != mcp_settings::DIALECT.id {
            return;
        }
        let flag = cx.doc.root.get("security").and_then(|s| s.get("enableSandbox")).and_then(|n| n.as_bool());
        if flag == Some(false) {
            let f = cx
                .finding(
                    &Self::META,
                    "`security.enableSandbox` is `false`: every server in this file is meant to run unsandboxed, with the user's files, credentials and network",
                )
                .at(crate::ptr!["security", "enableSandbox"], Target::Member, Some("sandbox turned off".to_owned()))
                .help("Remove `\"enableSandbox\": false` (or set it to `true`) and run the servers in a real sandbox, e.g. a container started as the server's `command`");
            out.push(cx.build(f));
        }
    }
}
