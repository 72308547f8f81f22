//! `needs-oauth`: a remote server that requires an OAuth sign-in, with what its metadata says
//! and whether the client can do it.

use super::probe_failure::{
    OAuthSupport, at_field, clean, client_id_field, error_kind, has_static_authorization, name, oauth_support,
    shown_url,
};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder, Severity, shorten};
use crate::probe::auth::AuthReport;
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::session::ProbeErrorKind;

declare_rule! {
    /// ## What it does
    /// Reports a remote server that answered `mcpcheck probe` with 401 (or 403 asking for more
    /// scope) and publishes OAuth metadata: it needs a sign-in before it lists its tools. The
    /// message gives what the metadata says: the issuer (authorization server), whether it
    /// advertises PKCE (`S256`), and how a client can register (Client ID Metadata Documents,
    /// dynamic client registration, or only a pre-registered client ID), plus any problem
    /// found in the metadata documents.
    ///
    /// How serious it is depends on the client:
    ///
    /// - The client signs in by itself (Claude Code, Codex, Gemini CLI, Cursor, VS Code,
    ///   Windsurf, Cline, Zed): info, since the client runs the OAuth flow in a browser the
    ///   first time; a warning when the metadata has a problem that makes that flow fail
    ///   (no PKCE, unreachable documents, no way to register and no client ID configured).
    /// - The client cannot sign in for this entry (Claude Desktop, which does not connect to
    ///   remote servers from its file; Claude Code's `ws` servers): an error.
    /// - Not known for this client: a warning.
    /// - The entry already sends an `Authorization` header and the server still asks for a
    ///   sign-in: an error, since the token is wrong, expired or empty.
    ///
    /// ## Why is this bad?
    /// Until someone signs in, the server has no tools in the client. In CI or other
    /// sessions without a browser, nobody can.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "linear": { "url": "https://mcp.linear.app/mcp" } } }
    /// ```
    /// (in Claude Desktop's `claude_desktop_config.json`)
    ///
    /// ## Use instead
    /// Add the server as a connector in Claude Desktop's settings, or use a client that signs
    /// in itself, e.g. Claude Code:
    /// ```json
    /// { "mcpServers": { "linear": { "type": "http", "url": "https://mcp.linear.app/mcp" } } }
    /// ```
    ///
    /// ## Known limitations
    /// mcpcheck does not open a browser or hold tokens, so it cannot tell whether a client
    /// already has a valid token for the server; where it has, the client connects without a
    /// prompt.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization>
    /// - <https://code.claude.com/docs/en/mcp>
    pub NeedsOauth {
        id: "needs-oauth",
        summary: "A remote server requires an OAuth sign-in (with its issuer, PKCE and registration options, and whether the client can sign in)",
        severity: Warning,
        category: Structure,
        needs: Probe,
    }
}

impl Rule for NeedsOauth {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            if let Some(ProbeErrorKind::NeedsAuth(report)) = error_kind(probed) {
                out.push(finding(probed, report).build(&probed.cx.file));
            }
        }
    }
}

fn finding(probed: &ProbedServer<'_>, report: &AuthReport) -> FindingBuilder {
    let server = probed.server;
    let dialect = probed.cx.dialect;
    let client = dialect.client;
    let url = shown_url(server).map_or_else(|| "its `url`".to_owned(), |url| format!("`{url}`"));
    let status = if report.status == 0 { 401 } else { report.status };
    let facts = facts(report);
    let support = oauth_support(dialect, server);

    let scope_wanted = report.scope.as_deref().map(|s| clean(&shorten(s, 80)));
    let asks = match (status, &scope_wanted) {
        (403, Some(scope)) => format!("asks for more OAuth scope, `{scope}` (HTTP 403{facts})"),
        _ if status == 403 => format!("asks for more OAuth scope (HTTP 403{facts})"),
        _ => format!("requires an OAuth sign-in (HTTP {status}{facts})"),
    };

    if has_static_authorization(server) {
        let message = format!(
            "server `{}` at {url} {asks} although the entry sends an `Authorization` header: the token was refused",
            name(server)
        );
        let mut help = "The token is wrong, expired, lacks the scopes the server needs, or is empty (a `${VAR}` reference to a variable that is not set): renew it".to_owned();
        if let OAuthSupport::Yes(how) = support {
            help.push_str(&format!(
                ", or remove the header and let {client} sign in with OAuth: {}",
                how.replace("{name}", &name(server))
            ));
        }
        return located(message, server).severity(Severity::Error).help(help);
    }

    let problems = problems(probed, report);
    let (severity, consequence, help) = match support {
        OAuthSupport::Yes(how) if problems.is_empty() => (
            Severity::Info,
            format!("{client} signs in by itself the first time it connects"),
            format!(
                "Sign in once: {}. In sessions without a browser (CI), nobody can sign in: give those a token in `headers` if the server accepts one",
                how.replace("{name}", &name(server))
            ),
        ),
        OAuthSupport::Yes(how) => (
            Severity::Warning,
            format!("{client} signs in by itself, but the metadata has problems that are likely to make that fail: {}", problems.join("; ")),
            format!(
                "Try the sign-in ({}); if it fails, the fix is on the server's side: report the problems above to its operator",
                how.replace("{name}", &name(server))
            ),
        ),
        OAuthSupport::No(why) => (
            Severity::Error,
            format!("{client} cannot sign in for this entry"),
            why.to_owned(),
        ),
        OAuthSupport::Unknown => (
            Severity::Warning,
            format!("mcpcheck does not know whether {client} can sign in with OAuth"),
            "If the client cannot sign in, use a token in `headers` if the server accepts one, or a bridge that signs in for it (`npx mcp-remote <url>` as a stdio command)".to_owned(),
        ),
    };
    let message = format!("server `{}` at {url} {asks}: {consequence}", name(server));
    located(message, server).severity(severity).help(help)
}

fn located(message: String, server: &crate::model::ServerEntry<'_>) -> FindingBuilder {
    at_field(FindingBuilder::new(&NeedsOauth::META, message), server, "url", Some("needs OAuth".to_owned()))
}

/// "; issuer `…`, PKCE S256 advertised, registration by …", from the metadata ("" when it
/// says nothing).
fn facts(report: &AuthReport) -> String {
    let mut facts = Vec::new();
    let issuer = report.issuer.as_deref().or(report.authorization_servers.first().map(String::as_str));
    if let Some(issuer) = issuer {
        facts.push(format!("issuer `{}`", clean(&shorten(issuer, 100))));
    }
    match report.pkce_s256 {
        Some(true) => facts.push("PKCE S256 advertised".to_owned()),
        Some(false) => facts.push("no PKCE S256".to_owned()),
        None => {}
    }
    if report.pkce_s256.is_some() {
        let mut ways = Vec::new();
        if report.client_id_metadata_documents {
            ways.push("Client ID Metadata Documents");
        }
        if report.registration_endpoint.is_some() {
            ways.push("dynamic client registration");
        }
        facts.push(match ways.as_slice() {
            [] => "no automatic client registration".to_owned(),
            ways => format!("registration by {}", ways.join(" or ")),
        });
    }
    if facts.is_empty() { String::new() } else { format!("; {}", facts.join(", ")) }
}

/// What will make a client's sign-in fail: the report's problems, and the ones this rule sees.
fn problems(probed: &ProbedServer<'_>, report: &AuthReport) -> Vec<String> {
    let mut problems: Vec<String> =
        report.problems.iter().take(4).map(|p| clean(&shorten(p.trim_end_matches('.'), 200))).collect();
    let mentions = |problems: &[String], word: &str| problems.iter().any(|p| p.to_ascii_lowercase().contains(word));
    if report.pkce_s256 == Some(false) && !mentions(&problems, "pkce") {
        problems.push(
            "the authorization server does not advertise PKCE S256, and MCP clients must refuse to sign in without it"
                .to_owned(),
        );
    }
    let registers = report.client_id_metadata_documents || report.registration_endpoint.is_some();
    if report.pkce_s256.is_some() && !registers && !mentions(&problems, "registration") {
        let configured = client_id_field(probed.cx.dialect)
            .filter(|(parent, key)| probed.server.field(parent).and_then(|node| node.get(key)).is_some());
        if configured.is_none() {
            problems.push(match client_id_field(probed.cx.dialect) {
                Some((parent, key)) => format!(
                    "the authorization server offers no automatic client registration, so a client ID registered with it must be configured in `{parent}.{key}`"
                ),
                None => "the authorization server offers no automatic client registration, so the client needs a client ID registered with it".to_owned(),
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::super::probe_failure::testing::run;
    use super::*;
    use crate::dialect::{claude_code, claude_desktop, kiro};

    const LINEAR_CC: &str = r#"{"mcpServers": {"linear": {"type": "http", "url": "https://mcp.linear.app/mcp"}}}"#;

    fn report(extra: serde_json::Value) -> String {
        let mut kind = serde_json::json!({"kind": "needs_auth", "status": 401,
            "resource_metadata": "https://mcp.linear.app/.well-known/oauth-protected-resource",
            "authorization_servers": ["https://mcp.linear.app"], "issuer": "https://mcp.linear.app",
            "pkce_s256": true, "registration_endpoint": "https://mcp.linear.app/register"});
        for (k, v) in extra.as_object().unwrap() {
            kind[k] = v.clone();
        }
        serde_json::json!({"linear": {"phase_reached": "initialize", "error": {"kind": kind, "message": "x"}}})
            .to_string()
    }

    fn one(dialect: &'static crate::dialect::Dialect, config: &str, extra: serde_json::Value) -> Finding {
        let mut found = run(&NeedsOauth, dialect, config, &report(extra));
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    #[test]
    fn a_client_that_signs_in_gets_info() {
        let f = one(&claude_code::DIALECT, LINEAR_CC, serde_json::json!({}));
        assert_eq!(f.severity, Severity::Info);
        assert_eq!(
            f.message,
            "server `linear` at `https://mcp.linear.app/mcp` requires an OAuth sign-in (HTTP 401; issuer `https://mcp.linear.app`, PKCE S256 advertised, registration by dynamic client registration): Claude Code signs in by itself the first time it connects"
        );
        assert!(
            f.help
                .as_deref()
                .unwrap()
                .starts_with("Sign in once: run `/mcp` in Claude Code, choose `linear` and then Authenticate.")
        );
    }

    #[test]
    fn metadata_problems_make_it_a_warning() {
        let f = one(
            &claude_code::DIALECT,
            LINEAR_CC,
            serde_json::json!({"pkce_s256": false, "registration_endpoint": null}),
        );
        assert_eq!(f.severity, Severity::Warning);
        assert!(
            f.message.contains(
                "(HTTP 401; issuer `https://mcp.linear.app`, no PKCE S256, no automatic client registration)"
            ),
            "{}",
            f.message
        );
        assert!(f.message.contains("does not advertise PKCE S256"), "{}", f.message);
        assert!(f.message.ends_with("must be configured in `oauth.clientId`"), "{}", f.message);
        let with_id = r#"{"mcpServers": {"linear": {"type": "http", "url": "https://mcp.linear.app/mcp", "oauth": {"clientId": "abc"}}}}"#;
        let f = one(&claude_code::DIALECT, with_id, serde_json::json!({"registration_endpoint": null}));
        assert_eq!(f.severity, Severity::Info, "{}", f.message);
        let f = one(
            &claude_code::DIALECT,
            LINEAR_CC,
            serde_json::json!({"problems": ["the protected-resource metadata names another resource."]}),
        );
        assert!(
            f.message.ends_with("likely to make that fail: the protected-resource metadata names another resource"),
            "{}",
            f.message
        );
    }

    #[test]
    fn clients_that_cannot_sign_in_and_refused_tokens_are_errors() {
        let desktop = r#"{"mcpServers": {"linear": {"url": "https://mcp.linear.app/mcp"}}}"#;
        let f = one(&claude_desktop::DIALECT, desktop, serde_json::json!({}));
        assert_eq!(f.severity, Severity::Error);
        assert!(f.help.as_deref().unwrap().contains("Settings → Connectors"));
        let f = one(&kiro::DIALECT, desktop, serde_json::json!({}));
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.ends_with("mcpcheck does not know whether Kiro can sign in with OAuth"));
        let token = r#"{"mcpServers": {"linear": {"type": "http", "url": "https://mcp.linear.app/mcp", "headers": {"Authorization": "Bearer ${LINEAR_TOKEN}"}}}}"#;
        let f = one(&claude_code::DIALECT, token, serde_json::json!({}));
        assert_eq!(f.severity, Severity::Error);
        assert!(f.message.contains("although the entry sends an `Authorization` header: the token was refused"));
        assert!(!f.message.contains("LINEAR_TOKEN"));
        assert!(f.help.as_deref().unwrap().contains("or remove the header and let Claude Code sign in with OAuth"));
    }
}
