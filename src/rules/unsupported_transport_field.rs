//! `unsupported-transport-field`: a field the server's transport does not take, which the
//! client rejects (Codex: `<field> is not supported for <transport>`).

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::dialect::codex::{HTTP_ONLY, STDIO_ONLY};
use crate::finding::{Finding, Target};
use crate::model::ServerEntry;

declare_rule! {
    /// ## What it does
    /// Reports the fields Codex refuses on a server entry of `config.toml`, each with Codex's
    /// own error: on a stdio server (one with `command`) `url`, `bearer_token_env_var`,
    /// `http_headers`, `env_http_headers`, `oauth` and `oauth_resource`; on a streamable HTTP
    /// server (`url` and no `command`) `args`, `env`, `env_vars` and `cwd`; and `bearer_token`
    /// on any server (Codex reads it only to refuse it).
    ///
    /// An entry with neither `command` nor `url` (Codex: `invalid transport`) is
    /// `missing-transport`'s. In Claude Code's files, where the fields of the other transport
    /// are ignored rather than refused, `conflicting-transport` reports them.
    ///
    /// ## Why is this bad?
    /// Codex does not skip the field, or the server: it refuses the whole `config.toml` and
    /// stops at startup with `Error loading config.toml: url is not supported for stdio in
    /// mcp_servers.github`. Every server, and every other setting in the file, is lost until
    /// the entry is fixed. A leftover `url` beside a `command`, or `env` on a remote server
    /// copied from a local one, is enough.
    ///
    /// ## Example
    /// ```toml
    /// [mcp_servers.github]
    /// url = "https://api.githubcopilot.com/mcp/"
    /// bearer_token = "ghp_…"
    /// env = { GITHUB_TOOLSETS = "repos,issues" }
    /// ```
    ///
    /// ## Use instead
    /// ```toml
    /// [mcp_servers.github]
    /// url = "https://api.githubcopilot.com/mcp/"
    /// bearer_token_env_var = "GITHUB_TOKEN"
    /// http_headers = { "X-MCP-Toolsets" = "repos,issues" }
    /// ```
    ///
    /// ## References
    /// - openai/codex `codex-rs/config/src/mcp_types.rs` (`TryFrom<RawMcpServerConfig>`)
    /// - <https://developers.openai.com/codex/mcp>
    pub UnsupportedTransportField {
        id: "unsupported-transport-field",
        summary: "A field the server's transport does not take (`url` beside `command`, `env` on a remote server, `bearer_token`); Codex refuses the file",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for UnsupportedTransportField {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        if cx.dialect.id != crate::dialect::codex::DIALECT.id || server.node.as_object().is_none() {
            return;
        }
        let has = |field: &str| server.node.get(field).is_some();
        // Codex's order: `command` decides first, then `url`; without either it is
        // `missing-transport`'s `invalid transport`.
        let (transport, decided_by, refused): (&str, &str, Vec<&str>) = if has("command") {
            ("stdio", "command", HTTP_ONLY.iter().chain(["bearer_token"].iter()).copied().filter(|f| has(f)).collect())
        } else if has("url") {
            (
                "streamable_http",
                "url",
                STDIO_ONLY.iter().chain(["bearer_token"].iter()).copied().filter(|f| has(f)).collect(),
            )
        } else {
            return;
        };
        let client = cx.dialect.client;
        let name = server.name;
        for field in refused {
            let why = if field == "bearer_token" {
                format!("{client} never reads a token written in the file")
            } else if transport == "stdio" {
                format!("server `{name}` has a `command`, which makes it a local (stdio) server")
            } else {
                format!("server `{name}` has a `url` and no `command`, which makes it a streamable HTTP server")
            };
            let message = format!(
                "`{field}` is not supported for {transport}: {why}, so {client} refuses the whole config.toml at startup (`{field} is not supported for {transport}` in `{}`)",
                server.pointer.dotted()
            );
            let help = help(field, transport);
            let f = cx
                .finding(&Self::META, message)
                .at(server.pointer.key(field), Target::Key, Some(format!("not supported for {transport}")))
                .related(server.pointer.key(decided_by), Target::Key, Some("decides the transport".to_owned()))
                .help(help);
            out.push(cx.build(f));
        }
    }
}

fn help(field: &str, transport: &str) -> &'static str {
    match (field, transport) {
        ("bearer_token", _) => {
            "Put the token in an environment variable and name it: `bearer_token_env_var = \"MY_TOKEN\"` (Codex sends it as `Authorization: Bearer …`)"
        }
        ("url", _) => {
            "Keep one transport: remove `url` if the server is a local command, or remove `command` (and `args`, `env`, `env_vars`, `cwd`) if it is remote"
        }
        (_, "stdio") => {
            "Remove it: HTTP settings do not apply to a local server; give a local server its secrets through `env_vars = [\"NAME\"]` (forwarded from Codex's environment) or `env`"
        }
        _ => {
            "Remove it: a remote server is not started by Codex, so it takes no arguments, environment or working directory; send values as headers instead (`http_headers`, or `env_http_headers` for secrets)"
        }
    }
}
