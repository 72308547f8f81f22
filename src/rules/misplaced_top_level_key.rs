//! `misplaced-top-level-key`: a top-level Codex setting written below a server's table header,
//! where TOML puts it into that server's table.

use super::{Rule, RuleMeta};
use crate::dialect::{Dialect, DocumentContext};
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;
use crate::parse::{Node, Value};
use crate::pointer::{Pointer, Segment};

declare_rule! {
    /// ## What it does
    /// Reports a key of Codex's own settings (`model`, `approval_policy`, `sandbox_mode`,
    /// `profile`, `notify`, `features`, …) found inside an MCP server's entry in
    /// `config.toml`: in the server's table, in one of its sub-tables (`tools.<name>`,
    /// `oauth`), or in a sub-table opened by a header (`[mcp_servers.x.env]`).
    ///
    /// ## Why is this bad?
    /// TOML has no way back to the top level after a table header: every key below
    /// `[mcp_servers.github]` belongs to that table until the next header. A `model = "o3"`
    /// appended at the end of the file therefore becomes `mcp_servers.github.model`, which
    /// Codex ignores without a word, and the setting never takes effect. Below
    /// `[mcp_servers.github.env]` it is worse: the server gets an environment variable named
    /// `model`, and directly below `[mcp_servers]` it is taken for a server that is not a
    /// table, which makes Codex refuse the whole file (then the finding is an error). Codex's
    /// own sample configuration warns that root keys must appear before tables.
    ///
    /// ## Example
    /// ```toml
    /// [mcp_servers.github]
    /// url = "https://api.githubcopilot.com/mcp/"
    ///
    /// approval_policy = "never"
    /// ```
    ///
    /// ## Use instead
    /// ```toml
    /// approval_policy = "never"
    ///
    /// [mcp_servers.github]
    /// url = "https://api.githubcopilot.com/mcp/"
    /// ```
    ///
    /// ## Known limitations
    /// Only Codex's documented top-level settings are recognised; a key unknown to both
    /// lists is an `unknown-field`. A setting inside an inline table (`env = { model = "o3" }`)
    /// is written there on purpose and is not reported.
    ///
    /// ## References
    /// - <https://developers.openai.com/codex/config-reference>
    /// - <https://developers.openai.com/codex/config-sample> ("Root keys must appear before
    ///   tables in TOML")
    /// - <https://toml.io/en/v1.0.0#table>
    pub MisplacedTopLevelKey {
        id: "misplaced-top-level-key",
        summary: "A top-level Codex setting below a `[mcp_servers.x]` header, where TOML makes it part of that server",
        severity: Warning,
        category: Structure,
        needs: Offline,
    }
}

/// Codex's top-level settings (`ConfigToml`), none of which is also a server field. From the
/// configuration reference and Codex's generated full-schema template.
const CODEX_SETTINGS: &[&str] = &[
    "agents",
    "allow_login_shell",
    "analytics",
    "approval_policy",
    "approvals_reviewer",
    "apps",
    "audio",
    "background_terminal_max_timeout",
    "chatgpt_base_url",
    "check_for_update_on_startup",
    "cli_auth_credentials_store",
    "commit_attribution",
    "compact_prompt",
    "developer_instructions",
    "disable_paste_burst",
    "experimental_compact_prompt_file",
    "experimental_use_freeform_apply_patch",
    "experimental_use_unified_exec_tool",
    "features",
    "feedback",
    "file_opener",
    "forced_chatgpt_workspace_id",
    "forced_login_method",
    "ghost_snapshot",
    "hide_agent_reasoning",
    "history",
    "instructions",
    "mcp_oauth_callback_port",
    "mcp_oauth_callback_url",
    "mcp_oauth_credentials_store",
    "mcp_servers",
    "memories",
    "model",
    "model_auto_compact_token_limit",
    "model_catalog_json",
    "model_context_window",
    "model_instructions_file",
    "model_provider",
    "model_providers",
    "model_reasoning_effort",
    "model_reasoning_summary",
    "model_supports_reasoning_summaries",
    "model_verbosity",
    "notice",
    "notify",
    "openai_base_url",
    "oss_provider",
    "otel",
    "permissions",
    "personality",
    "plan_mode_reasoning_effort",
    "plugins",
    "profile",
    "profiles",
    "project_doc_fallback_filenames",
    "project_doc_max_bytes",
    "project_root_markers",
    "projects",
    "review_model",
    "sandbox_mode",
    "sandbox_workspace_write",
    "service_tier",
    "shell_environment_policy",
    "show_raw_agent_reasoning",
    "skills",
    "sqlite_home",
    "suppress_unstable_features_warning",
    "tool_output_token_limit",
    "tui",
    "web_search",
    "windows",
    "windows_wsl_setup_acknowledged",
    "zsh_path",
];

/// The client's top-level settings that this rule looks for inside server entries (empty for
/// clients whose format has no such trap). The schema stage leaves these keys to this rule.
pub(crate) fn settings_of(dialect: &Dialect) -> &'static [&'static str] {
    if dialect.id == crate::dialect::codex::DIALECT.id { CODEX_SETTINGS } else { &[] }
}

/// Maps inside a server entry whose keys are the user's own names (variables, headers, tools):
/// a setting there is reported only below a header, where it cannot have been meant.
const OPEN_MAPS: &[&str] = &["env", "http_headers", "env_http_headers", "tools"];

impl Rule for MisplacedTopLevelKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        let settings = settings_of(cx.dialect);
        if settings.is_empty() {
            return;
        }
        // `model = "o3"` below `[mcp_servers]` itself: a "server" that is not a table.
        if server.node.as_object().is_none() && settings.contains(&server.name) {
            if let Some(table) = server.pointer.parent() {
                let header = cx.doc.lookup(&table).is_some_and(|n| header_of(cx, n));
                out.push(self.finding(cx, server, &table, server.name, header, false));
            }
            return;
        }
        // Every table in the entry (depth is bounded by the parser).
        let mut stack: Vec<(Pointer, &Node)> = vec![(server.pointer.clone(), server.node)];
        while let Some((pointer, node)) = stack.pop() {
            match &node.value {
                Value::Object(members) => {
                    let header = header_of(cx, node);
                    let open = is_open_map(server, &pointer);
                    if header || !open {
                        for m in members.iter().filter(|m| settings.contains(&m.key.as_str())) {
                            out.push(self.finding(cx, server, &pointer, &m.key, header, open));
                        }
                    }
                    for m in members.iter().rev() {
                        stack.push((pointer.key(&m.key), &m.value));
                    }
                }
                Value::Array(items) => {
                    stack.extend(items.iter().enumerate().rev().map(|(i, n)| (pointer.index(i), n)));
                }
                _ => {}
            }
        }
    }
}

impl MisplacedTopLevelKey {
    fn finding(
        &self,
        cx: &DocumentContext<'_>,
        server: &ServerEntry<'_>,
        table: &Pointer,
        key: &str,
        header: bool,
        open: bool,
    ) -> Finding {
        let client = cx.dialect.client;
        let dotted = table.key(key).dotted();
        // Directly in `mcp_servers`: a "server" that is not a table, which Codex refuses.
        let in_servers_map = server.pointer.parent().as_ref() == Some(table);
        let (message, help) = if header {
            let consequence = if in_servers_map {
                format!(
                    "takes it for a server named `{key}` that is not a table, refuses the whole config.toml at startup"
                )
            } else if open && matches!(table.last(), Some(Segment::Key(k)) if k == "env") {
                format!("passes `{key}` to the server as an environment variable")
            } else {
                "ignores it".to_owned()
            };
            (
                format!(
                    "`{key}` is a top-level {client} setting, but it comes after `{}`: TOML puts every key below a table header into that table, so {client} reads `{dotted}`, {consequence}, and the setting never takes effect",
                    header_text(table)
                ),
                "Move this line above the first `[table]` header of the file (TOML has no way back to the top level after a header), or into `[profiles.<name>]` if it belongs to a profile".to_owned(),
            )
        } else {
            (
                format!(
                    "`{key}` is a top-level {client} setting, not a field of server `{}`; {client} ignores it here",
                    server.name
                ),
                "Move it to the top level of the file, above the first `[table]` header".to_owned(),
            )
        };
        let mut f = cx
            .finding(&Self::META, message)
            .at(table.key(key), Target::Key, Some("belongs at the top of the file".to_owned()))
            .help(help);
        if header {
            f = f.related(table.clone(), Target::Key, Some("this table takes every key below it".to_owned()));
        }
        if in_servers_map {
            f = f.severity(crate::finding::Severity::Error);
        }
        cx.build(f)
    }
}

/// Whether a table was opened by a `[header]` (its text starts with `[`; an inline table's
/// starts with `{`, a dotted key's with the key).
fn header_of(cx: &DocumentContext<'_>, node: &Node) -> bool {
    cx.file.source.text.as_bytes().get(node.span.start) == Some(&b'[')
}

/// Whether `pointer` is one of the entry's open maps (`env`, `http_headers`…), whose keys are
/// names the user chooses.
fn is_open_map(server: &ServerEntry<'_>, pointer: &Pointer) -> bool {
    match pointer.segments().get(server.pointer.segments().len()..) {
        Some([Segment::Key(k)]) => OPEN_MAPS.contains(&k.as_str()),
        _ => false,
    }
}

/// `[mcp_servers.github]` for the table at `pointer` (keys quoted where TOML needs it).
fn header_text(pointer: &Pointer) -> String {
    let keys: Vec<String> = pointer
        .segments()
        .iter()
        .map(|s| match s {
            Segment::Key(k)
                if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
            {
                k.clone()
            }
            Segment::Key(k) => format!("\"{}\"", k.replace('\\', "\\\\").replace('"', "\\\"")),
            Segment::Index(i) => i.to_string(),
        })
        .collect();
    format!("[{}]", keys.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_sorted_unique_and_no_server_field() {
        assert!(CODEX_SETTINGS.windows(2).all(|w| w[0] < w[1]));
        let schema: serde_json::Value = serde_json::from_str(crate::dialect::codex::DIALECT.schema.unwrap()).unwrap();
        let fields = schema["$defs"]["server"]["properties"].as_object().unwrap();
        for key in CODEX_SETTINGS {
            assert!(!fields.contains_key(*key), "{key} is a server field");
        }
    }

    #[test]
    fn header_text_quotes_where_needed() {
        assert_eq!(header_text(&crate::ptr!["mcp_servers", "github"]), "[mcp_servers.github]");
        assert_eq!(header_text(&crate::ptr!["mcp_servers", "a.b", "env"]), "[mcp_servers.\"a.b\".env]");
    }
}
