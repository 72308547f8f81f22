//! `legacy-server-shape`: a server entry in an older shape of its client's format.

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Severity, Target};
use crate::model::ServerEntry;
use crate::parse::Node;

declare_rule! {
    /// ## What it does
    /// Reports Zed context servers written in one of Zed's older shapes:
    ///
    /// * `"command": { "path": …, "args": […], "env": {…} }`, a nested object. Current Zed
    ///   expects `command` to be the program as a string, with `args` and `env` beside it;
    /// * `"source": "custom"` or `"source": "extension"`, the tag that used to say which shape
    ///   an entry has (reported as info: current Zed ignores it, though Zed's own docs still show
    ///   it).
    ///
    /// ## Why is this bad?
    /// Zed reads `context_servers` entries as an untagged enum: a local server needs `command`
    /// as a string, a remote one a `url`, and anything else is taken as the settings of a server
    /// that an extension provides. An entry with a nested `command` fits only that last shape, so
    /// it starts nothing unless Zed's settings migration has rewritten it first (Zed does that in
    /// memory for the user settings file and shows a banner asking to update the file). Copies
    /// of old README snippets carry this shape into new files.
    ///
    /// ## Example
    /// ```jsonc
    /// { "context_servers": { "time": { "source": "custom", "command": { "path": "uvx", "args": ["mcp-server-time"] } } } }
    /// ```
    ///
    /// ## Use instead
    /// ```jsonc
    /// { "context_servers": { "time": { "command": "uvx", "args": ["mcp-server-time"] } } }
    /// ```
    ///
    /// ## Known limitations
    /// Whether Zed migrates a project's `.zed/settings.json` as it does the user settings file
    /// was not verified.
    ///
    /// ## References
    /// - <https://zed.dev/docs/ai/mcp>
    /// - zed-industries/zed `crates/settings_content/src/project.rs` (`ContextServerSettingsContent`)
    pub LegacyServerShape {
        id: "legacy-server-shape",
        summary: "A server entry in an older shape of its client's format (Zed's nested `command` object, `source`)",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for LegacyServerShape {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != crate::dialect::zed::DIALECT.id {
            return;
        }
        let name = server.name;
        if let Some(command) = server.node.get("command").filter(|c| c.as_object().is_some()) {
            let path = command.get("path").and_then(Node::as_str);
            let mut fields = vec![match path {
                Some(p) if p.chars().count() <= 60 && !p.contains(['"', '\\', '`']) => format!("\"command\": \"{p}\""),
                _ => "\"command\": \"<path>\"".to_owned(),
            }];
            if command.get("args").is_some() {
                fields.push("\"args\": […]".to_owned());
            }
            if command.get("env").is_some() {
                fields.push("\"env\": {…}".to_owned());
            }
            let f = cx
                .finding(
                    &Self::META,
                    format!(
                        "`command` of context server `{name}` is an object (`{{\"path\", \"args\", \"env\"}}`), Zed's old shape: current Zed expects the program as a string in `command`, with `args` and `env` beside it, and otherwise reads the entry as an extension's server, which starts nothing (unless Zed's settings migration rewrites it first)"
                    ),
                )
                .at(server.pointer_to("command"), Target::Key, Some("old nested shape".to_owned()))
                .help(if fields.len() > 1 {
                    format!(
                        "Write the program itself as `command`, and move `args` and `env` out of it to sit beside it: `{}`",
                        fields.join(", ")
                    )
                } else {
                    format!("Write the program itself as `command`: `{}`", fields[0])
                });
            out.push(cx.build(f));
        }
        if let Some(source) = server.node.get("source") {
            let value = source.as_str().filter(|v| matches!(*v, "custom" | "extension"));
            let shown = value.map_or_else(|| "`source`".to_owned(), |v| format!("`\"source\": \"{v}\"`"));
            let f = cx
                .finding(
                    &Self::META,
                    format!(
                        "{shown} in context server `{name}` is Zed's old tag for the entry's shape: current Zed ignores it and tells a local server by `command`, a remote one by `url`, and an extension's by neither"
                    ),
                )
                .severity(Severity::Info)
                .at(server.pointer_to("source"), Target::Key, Some("ignored".to_owned()))
                .help("Remove `source`");
            out.push(cx.build(f));
        }
    }
}
