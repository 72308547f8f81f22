//! `http-error-status`: a remote server answered with an HTTP error status.

use super::probe_failure::{at_field, clean, error_kind, name, shown_url, url_key, url_path};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder, Severity, shorten};
use crate::model::Transport;
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::session::ProbeErrorKind;

declare_rule! {
    /// ## What it does
    /// Reports a remote server that answered `mcpcheck probe` with an HTTP error status, with
    /// what the status usually means for an MCP endpoint:
    ///
    /// - 404: there is no MCP endpoint at this path. Most servers serve streamable HTTP at
    ///   `/mcp` and legacy SSE at `/sse`.
    /// - 405: the endpoint does not accept the method the transport uses (POST for streamable
    ///   HTTP, GET for SSE): often an SSE endpoint configured as `http`, or the reverse.
    /// - 406 and 415: the server rejects the `Accept` or `Content-Type` every MCP client sends
    ///   (`Accept: application/json, text/event-stream`).
    /// - 400: the server refused the request; its answer usually says why (an unsupported
    ///   protocol version, a missing session).
    /// - 401 and 403 without OAuth metadata: credentials missing, refused or insufficient.
    /// - 408, 429, 502, 503, 504: busy or temporarily down (a warning: it may pass).
    /// - other 5xx: the server failed.
    ///
    /// (A 401 with OAuth metadata is `needs-oauth`.)
    ///
    /// ## Why is this bad?
    /// The client gets the same answer and shows the server as failed without tools.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "docs": { "type": "http", "url": "https://docs.example.com" } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "docs": { "type": "http", "url": "https://docs.example.com/mcp" } } }
    /// ```
    ///
    /// ## Known limitations
    /// The status is the one mcpcheck got, with the headers from the entry; a server that
    /// answers differently per client (by `User-Agent` or `Origin`) may treat the client
    /// otherwise.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http>
    pub HttpErrorStatus {
        id: "http-error-status",
        summary: "A remote server answered with an HTTP error status (wrong path, method, headers, credentials, or a server failure)",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

impl Rule for HttpErrorStatus {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            if let Some(ProbeErrorKind::HttpStatus { status, detail }) = error_kind(probed) {
                out.push(finding(probed, *status, detail).build(&probed.cx.file));
            }
        }
    }
}

fn finding(probed: &ProbedServer<'_>, status: u16, detail: &str) -> FindingBuilder {
    let server = probed.server;
    let client = probed.cx.dialect.client;
    let url = shown_url(server).map_or_else(|| "its `url`".to_owned(), |url| format!("`{url}`"));
    let detail = shorten(&clean(detail), 160);
    let said = match detail.trim() {
        "" => String::new(),
        html if html.starts_with('<') => ": the answer is an HTML page".to_owned(),
        text => format!(": `{text}`"),
    };
    let transport = server.transport.transport();
    let mut severity = Severity::Error;
    let (meaning, help) = match status {
        300..=399 => (
            "a redirect to another server, which the probe does not follow so that the entry's headers go only where the entry says".to_owned(),
            format!(
                "If you trust the server it redirects to (its origin is quoted above), put that URL in {}; clients that follow the redirect send the entry's headers there",
                url_key(server)
            ),
        ),
        404 => ("Not Found: there is no MCP endpoint at this path".to_owned(), not_found_help(probed)),
        405 => (
            "Method Not Allowed: the endpoint does not take the request the transport sends".to_owned(),
            match transport {
                Some(Transport::Sse) => "An `sse` entry opens the URL with GET; if the server speaks streamable HTTP (most since 2025), set `\"type\": \"http\"`, usually with a URL ending in `/mcp`".to_owned(),
                _ if url_path(server).is_some_and(|p| p.trim_end_matches('/').ends_with("/sse")) => "The URL ends in `/sse`, the legacy SSE endpoint of most servers, which takes GET: set `\"type\": \"sse\"`, or use the server's streamable HTTP endpoint (usually `/mcp`)".to_owned(),
                _ => "Streamable HTTP sends POST; an endpoint that refuses it is usually a legacy SSE endpoint (set `\"type\": \"sse\"`, usually with a URL ending in `/sse`) or not the MCP endpoint at all (check the path)".to_owned(),
            },
        ),
        406 | 415 => (
            format!(
                "{}: the server rejects the `Accept: application/json, text/event-stream` and `Content-Type: application/json` that MCP clients send",
                if status == 406 { "Not Acceptable" } else { "Unsupported Media Type" }
            ),
            "Check that the URL is the MCP endpoint (not a REST API or web page) and that no proxy or gateway in front of the server rewrites these headers; otherwise the server breaks the transport specification: report it".to_owned(),
        ),
        400 => (
            "Bad Request".to_owned(),
            "The server's answer says why; an unsupported protocol version or a missing session usually means the server (or its SDK) is out of date: update it".to_owned(),
        ),
        401 => (
            "Unauthorized: credentials are missing or refused, and the server publishes no OAuth metadata".to_owned(),
            format!(
                "Send the credentials the server's documentation asks for in the entry's `headers` (e.g. `\"Authorization\": \"Bearer ${{TOKEN}}\"`, with `TOKEN` set in the environment {client} starts in); if `headers` already has them, the token is wrong or expired"
            ),
        ),
        403 => (
            "Forbidden: the credentials lack permission, or the server refuses the request's origin".to_owned(),
            "Check the token's scopes or permissions on the server's side; a local server may also reject requests whose `Origin` or `Host` it does not allow".to_owned(),
        ),
        408 | 429 | 502 | 503 | 504 => {
            severity = Severity::Warning;
            (
                format!("{}: the server is busy or temporarily down", reason(status)),
                "Try again later; if it persists, check the server's status page or logs (429 means too many requests: other clients may share the same credentials)".to_owned(),
            )
        }
        500..=599 => (
            format!("{}: the server failed", reason(status)),
            "This is a problem of the server, not of this entry: check its logs or status page, and report it".to_owned(),
        ),
        _ => (
            reason(status).to_owned(),
            format!(
                "Check that {} is the server's MCP endpoint and that the entry sends what the server's documentation asks for",
                url_key(server)
            ),
        ),
    };
    let message = format!("server `{}` answered HTTP {status} at {url} ({meaning}){said}", name(server));
    at_field(FindingBuilder::new(&HttpErrorStatus::META, message), server, "url", Some(format!("HTTP {status}")))
        .severity(severity)
        .help(help)
}

/// What to try for a 404, from the configured path.
fn not_found_help(probed: &ProbedServer<'_>) -> String {
    let path = url_path(probed.server).unwrap_or_default();
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        "The URL has no path: MCP servers usually serve streamable HTTP at `/mcp` and legacy SSE at `/sse`; append the one the server's documentation names (e.g. `https://host/mcp`)".to_owned()
    } else if path.ends_with("/sse") {
        "`/sse` is the legacy SSE endpoint of many servers; if this one speaks streamable HTTP, its endpoint is usually `/mcp` (with `\"type\": \"http\"`); otherwise check the path in the server's documentation".to_owned()
    } else if path.ends_with("/mcp") {
        "Check the path in the server's documentation (some serve MCP under a prefix such as `/api/mcp`, or only at `/sse`), and that the server runs with its HTTP transport enabled".to_owned()
    } else {
        format!(
            "Check the path `{}` in the server's documentation: MCP servers usually serve streamable HTTP at `/mcp` and legacy SSE at `/sse`",
            clean(&shorten(path, 60))
        )
    }
}

/// The standard reason phrase, for the statuses a server is likely to send.
fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ if status < 400 => "a redirect the probe did not follow",
        _ if status < 500 => "a client error",
        _ => "a server error",
    }
}

#[cfg(test)]
mod tests {
    use super::super::probe_failure::testing::run;
    use super::*;
    use crate::dialect::claude_code;

    fn answered(url: &str, kind: &str, status: u16, detail: &str) -> Finding {
        let config = format!(r#"{{"mcpServers": {{"docs": {{"type": "{kind}", "url": "{url}"}}}}}}"#);
        let outcome = serde_json::json!({"docs": {"phase_reached": "connect",
            "error": {"kind": {"kind": "http_status", "status": status, "detail": detail}, "message": "x"}}});
        let mut found = run(&HttpErrorStatus, &claude_code::DIALECT, &config, &outcome.to_string());
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    #[test]
    fn not_found_suggests_a_path_from_the_configured_one() {
        let f = answered("https://docs.example.com", "http", 404, "");
        assert_eq!(
            f.message,
            "server `docs` answered HTTP 404 at `https://docs.example.com` (Not Found: there is no MCP endpoint at this path)"
        );
        assert!(f.help.as_deref().unwrap().starts_with("The URL has no path"));
        assert_eq!(f.primary.pointer.as_ref().unwrap().to_string(), "/mcpServers/docs/url");
        let f = answered("https://docs.example.com/sse?token=abc", "http", 404, "Cannot POST /sse");
        assert!(!f.message.contains("token"));
        assert!(f.message.ends_with(": `Cannot POST /sse`"), "{}", f.message);
        assert!(f.help.as_deref().unwrap().starts_with("`/sse` is the legacy SSE endpoint"));
    }

    #[test]
    fn method_and_media_type_and_server_errors() {
        let f = answered("https://a.example/sse", "http", 405, "");
        assert!(f.help.as_deref().unwrap().starts_with("The URL ends in `/sse`"));
        let f = answered("https://a.example/v1", "http", 405, "");
        assert!(f.help.as_deref().unwrap().contains("set `\"type\": \"sse\"`"));
        let f = answered("https://a.example/v1", "http", 404, "<html><body>nope</body></html>");
        assert!(f.message.ends_with(": the answer is an HTML page"), "{}", f.message);
        let f = answered("https://a.example/mcp", "sse", 405, "");
        assert!(f.help.as_deref().unwrap().contains("set `\"type\": \"http\"`"));
        let f = answered(
            "https://a.example/mcp",
            "http",
            406,
            "Not Acceptable: Client must accept both application/json and text/event-stream",
        );
        assert!(f.message.contains("(Not Acceptable: the server rejects the `Accept"));
        let f = answered("https://a.example/mcp", "http", 503, "");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("(Service Unavailable: the server is busy or temporarily down)"));
        let f = answered("https://a.example/mcp", "http", 500, "");
        assert_eq!(f.severity, Severity::Error);
        let f = answered("https://a.example/mcp", "http", 307, "redirected to another origin (https://b.example)");
        assert!(f.message.contains("(a redirect to another server, which the probe does not follow"), "{}", f.message);
        assert!(f.help.as_deref().unwrap().starts_with("If you trust the server it redirects to"));
        let f = answered("https://a.example/mcp", "http", 401, "");
        assert!(f.help.as_deref().unwrap().contains("`\"Authorization\": \"Bearer ${TOKEN}\"`"));
    }
}
