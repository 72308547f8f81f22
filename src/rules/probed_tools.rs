//! Helpers for the rules that read the tools a probe listed (`tools/list`): the tools with a
//! name, a finding located at the server's entry, names for messages, and how each client
//! names an MCP tool for the model (DIALECTS.md §1.4, §6, §7).

use serde_json::Value;

use crate::finding::{FindingBuilder, Target, shorten};
use crate::probe::context::ProbedServer;
use crate::probe::session::Phase;
use crate::rules::RuleMeta;

/// The tools of a probed server that have a string `name`, with that name, in listed order.
pub(crate) fn named_tools<'a>(probed: &ProbedServer<'a>) -> impl Iterator<Item = (&'a Value, &'a str)> + 'a {
    probed.outcome.tools.iter().filter_map(|tool| tool.get("name").and_then(Value::as_str).map(|name| (tool, name)))
}

/// Whether the probe listed every tool (it completed), so that counts and absences mean
/// something.
pub(crate) fn listed_all(probed: &ProbedServer<'_>) -> bool {
    probed.outcome.phase_reached == Phase::Complete
}

/// A tool name or other server-provided text for a message: at most 60 characters, escaped.
pub(crate) fn show(text: &str) -> String {
    shorten(text, 60).escape_debug().to_string()
}

/// A finding about a probed server, located at its key in its file, labelled `label`.
pub(crate) fn at_server(
    probed: &ProbedServer<'_>,
    rule: &'static RuleMeta,
    message: impl Into<String>,
    label: impl Into<String>,
) -> FindingBuilder {
    FindingBuilder::new(rule, message).at(probed.server.pointer.clone(), Target::Key, Some(label.into()))
}

/// How a client names an MCP tool for the model, where its documentation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Naming {
    /// `mcp__<server>__<tool>`, sent as is (Claude Code; the Anthropic API allows 64
    /// characters).
    ClaudeCode,
    /// `mcp_<server>_<tool>`, other characters than `[A-Za-z0-9_.:-]` made `_`, and names over
    /// 63 characters shortened in the middle (Gemini CLI).
    Gemini,
    /// `mcp__` + sanitized names, deduplicated with hash suffixes and kept to 64 bytes
    /// (Codex): never a conflict, never too long.
    Codex,
    /// Not documented.
    Unknown,
}

impl Naming {
    /// The naming of the client with dialect id `dialect`.
    pub(crate) fn of(dialect: &str) -> Self {
        match dialect {
            "claude-code" => Self::ClaudeCode,
            "gemini" => Self::Gemini,
            "codex" => Self::Codex,
            _ => Self::Unknown,
        }
    }

    /// The name the model sees for `tool` of `server` (before any shortening), when known.
    pub(crate) fn exposed(self, server: &str, tool: &str) -> Option<String> {
        match self {
            Self::ClaudeCode => Some(format!("mcp__{server}__{tool}")),
            Self::Gemini => {
                let clean = |s: &str| -> String {
                    s.chars()
                        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-') { c } else { '_' })
                        .collect()
                };
                Some(format!("mcp_{}_{}", clean(server), clean(tool)))
            }
            Self::Codex | Self::Unknown => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Run a probe rule over a config text and recorded tool lists.

    use serde_json::Value;

    use crate::config::NONE;
    use crate::dialect::{Detection, Dialect, DocumentContext};
    use crate::finding::{FileRef, Finding};
    use crate::parse::parse;
    use crate::probe::context::{ProbeContext, ProbedServer};
    use crate::probe::lock::Lockfile;
    use crate::probe::session::{Phase, ProbeOutcome};
    use crate::resolve::env::Environment;
    use crate::rules::Rule;
    use crate::source::SourceFile;

    /// A completed outcome listing `tools`.
    pub(crate) fn outcome(tools: Value) -> ProbeOutcome {
        let mut outcome = ProbeOutcome::new();
        outcome.phase_reached = Phase::Complete;
        outcome.tools = tools.as_array().cloned().unwrap_or_default();
        outcome
    }

    /// The findings of `rule` for a `dialect` file `text` whose servers probed as `outcomes`
    /// (by server name; servers not named were not probed).
    pub(crate) fn run(
        rule: &dyn Rule,
        dialect: &'static Dialect,
        text: &str,
        outcomes: &[(&str, ProbeOutcome)],
        lock: Option<&Lockfile>,
    ) -> Vec<Finding> {
        let toml = dialect.syntax == crate::dialect::Syntax::Toml;
        let path = std::path::Path::new(if toml { "x.toml" } else { "x.json" });
        let source = SourceFile::new(path, text);
        let doc = if toml { crate::parse::parse_toml(&source) } else { parse(&source) }.unwrap();
        let env = Environment::empty();
        let role = crate::dialect::role_when_forced(dialect, path, crate::dialect::Origin::Explicit, Some(&doc.root));
        let cx = DocumentContext::new(FileRef::new(&source, Some(&doc)), &doc, dialect, role, Detection::Flag, &env);
        let servers: Vec<ProbedServer<'_>> = cx
            .servers
            .iter()
            .filter_map(|server| {
                let (_, outcome) = outcomes.iter().find(|(name, _)| *name == server.name)?;
                Some(ProbedServer { cx: &cx, server, outcome })
            })
            .collect();
        let probe = ProbeContext { servers: &servers, lock, settings: &NONE };
        let mut out = Vec::new();
        rule.check_probe(&probe, &mut out);
        out
    }

    /// The messages of [`run`] with one server `s` of Claude Code listing `tools`.
    pub(crate) fn messages(rule: &dyn Rule, tools: Value) -> Vec<String> {
        let text = r#"{ "mcpServers": { "s": { "command": "srv" } } }"#;
        run(rule, &crate::dialect::claude_code::DIALECT, text, &[("s", outcome(tools))], None)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    /// Every tool of the real servers in `tests/data/real_tool_definitions.json`.
    pub(crate) fn real_tools() -> Vec<(String, Value)> {
        let text = include_str!("../../tests/data/real_tool_definitions.json");
        let data: Value = serde_json::from_str(text).unwrap();
        let mut out = Vec::new();
        for server in data["servers"].as_array().unwrap() {
            let package = server["package"].as_str().unwrap().to_owned();
            for tool in server["tools"].as_array().unwrap() {
                out.push((package.clone(), tool.clone()));
            }
        }
        assert!(out.len() > 50, "the test data holds the real servers' tools");
        out
    }

    /// Check that `rule` is silent on every real server's tool list.
    pub(crate) fn silent_on_real_servers(rule: &dyn Rule) {
        let text = include_str!("../../tests/data/real_tool_definitions.json");
        let data: Value = serde_json::from_str(text).unwrap();
        for server in data["servers"].as_array().unwrap() {
            let found = messages(rule, server["tools"].clone());
            assert!(found.is_empty(), "{}: {found:#?}", server["package"]);
        }
    }
}
