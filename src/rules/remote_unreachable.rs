//! `remote-unreachable`: a remote server's `url` could not be connected to at all.

use super::probe_failure::{at_field, error_kind, name, shown_url, url_key, without_urls};
use super::{Rule, RuleMeta};
use crate::finding::{Finding, FindingBuilder, shorten};
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::session::{ConnectLayer, ProbeErrorKind};

declare_rule! {
    /// ## What it does
    /// Reports a remote server that `mcpcheck probe` could not connect to, with the layer that
    /// failed: the URL itself (no host, a scheme that is not `http`/`https`/`ws`/`wss`), the
    /// host name (DNS), the TCP connection (refused, unreachable), TLS (certificate, protocol)
    /// or the HTTP exchange. Transient failures were retried before this is reported.
    ///
    /// ## Why is this bad?
    /// The client cannot connect either, and shows the server as failed without tools.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "docs": { "type": "http", "url": "http://localhost:8000/mcp" } } }
    /// ```
    /// (nothing listens on port 8000)
    ///
    /// ## Use instead
    /// Start the server first, or correct the host and port in `url`.
    ///
    /// ## Known limitations
    /// mcpcheck connects from where it runs, through its own network settings (proxy
    /// variables, VPN, certificate store); the client may see another network.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/basic/transports>
    pub RemoteUnreachable {
        id: "remote-unreachable",
        summary: "A remote server's `url` could not be connected to (bad URL, unknown host, refused, TLS failure)",
        severity: Error,
        category: Structure,
        needs: Probe,
    }
}

impl Rule for RemoteUnreachable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_probe(&self, cx: &ProbeContext<'_>, out: &mut Vec<Finding>) {
        for probed in cx.servers {
            if let Some(ProbeErrorKind::Connect { layer, detail }) = error_kind(probed) {
                out.push(finding(probed, *layer, detail).build(&probed.cx.file));
            }
        }
    }
}

fn finding(probed: &ProbedServer<'_>, layer: ConnectLayer, detail: &str) -> FindingBuilder {
    let server = probed.server;
    let url = shown_url(server).map_or_else(|| "its `url`".to_owned(), |url| format!("`{url}`"));
    let local = shown_url(server).is_some_and(|url| is_local(&url));
    // The network stack's words, without any URL (the resolved one may carry a token).
    let detail = shorten(&without_urls(detail), 160);
    let said = if detail.is_empty() { String::new() } else { format!(" ({detail})") };
    let (what, label, help) = match layer {
        ConnectLayer::Url => (
            format!("{url} is not a URL mcpcheck can connect to{said}"),
            "not a usable URL",
            "Write the full URL with its scheme and host, e.g. `https://mcp.example.com/mcp`; if it contains a `${VAR}` reference, check that the variable is set".to_owned(),
        ),
        ConnectLayer::Dns => (
            format!("the host name in {url} does not resolve{said}"),
            "host not found",
            "Check the host name for typos; a name that resolves only inside a company network needs its VPN; if the host comes from a variable, check that it is set".to_owned(),
        ),
        ConnectLayer::Tcp if local => (
            format!("nothing accepted the connection to {url}{said}"),
            "connection failed",
            format!(
                "Start the server first (it must be running before the client connects to a local URL), and check the port in {} against the one it listens on",
                url_key(server)
            ),
        ),
        ConnectLayer::Tcp => (
            format!("the connection to {url} failed{said}"),
            "connection failed",
            format!(
                "Check that the server is up and that the host and port in {} are right; a firewall or proxy between you and the server can also refuse the connection",
                url_key(server)
            ),
        ),
        ConnectLayer::Tls => (
            format!("the TLS handshake with {url} failed{said}"),
            "TLS failed",
            "The server's certificate is not trusted here (self-signed, expired, or for another host name) or it does not speak TLS on this port: use a certificate from a public authority, the host name the certificate names, or `http://` for a local server without TLS".to_owned(),
        ),
        ConnectLayer::Http => (
            format!("the HTTP exchange with {url} failed{said}"),
            "HTTP failed",
            "Check that the URL points at an HTTP server (not another protocol on that port) and that no proxy breaks the connection".to_owned(),
        ),
    };
    let message = format!("server `{}` cannot be reached: {what}", name(server));
    at_field(FindingBuilder::new(&RemoteUnreachable::META, message), server, "url", Some(label.to_owned())).help(help)
}

/// Whether a configured URL names this machine.
fn is_local(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split('/').next().unwrap_or(rest);
    let host =
        host.rsplit_once(':').filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit())).map_or(host, |(h, _)| h);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "0.0.0.0") || host.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::super::probe_failure::testing::run;
    use super::*;
    use crate::dialect::claude_code;

    fn failed(config_url: &str, layer: &str, detail: &str) -> (String, String, String) {
        let config = format!(r#"{{"mcpServers": {{"docs": {{"type": "http", "url": "{config_url}"}}}}}}"#);
        let outcome = serde_json::json!({"docs": {"phase_reached": "connect",
            "error": {"kind": {"kind": "connect", "layer": layer, "detail": detail}, "message": "x"}}});
        let found = run(&RemoteUnreachable, &claude_code::DIALECT, &config, &outcome.to_string());
        assert_eq!(found.len(), 1);
        let pointer = found[0].primary.pointer.as_ref().unwrap().to_string();
        (found[0].message.clone(), found[0].help.clone().unwrap(), pointer)
    }

    #[test]
    fn each_layer_has_its_own_words() {
        let (message, help, pointer) = failed("http://localhost:8000/mcp", "tcp", "Connection refused (os error 111)");
        assert_eq!(
            message,
            "server `docs` cannot be reached: nothing accepted the connection to `http://localhost:8000/mcp` (Connection refused (os error 111))"
        );
        assert!(help.starts_with("Start the server first"));
        assert_eq!(pointer, "/mcpServers/docs/url");
        let (message, _, _) = failed("https://mcp.exmaple.com/mcp", "dns", "failed to lookup address information");
        assert_eq!(
            message,
            "server `docs` cannot be reached: the host name in `https://mcp.exmaple.com/mcp` does not resolve (failed to lookup address information)"
        );
        let (message, help, _) = failed("https://self.example/mcp", "tls", "invalid peer certificate: UnknownIssuer");
        assert!(message.contains("the TLS handshake with `https://self.example/mcp` failed"));
        assert!(help.contains("self-signed"));
    }

    #[test]
    fn neither_the_token_in_the_url_nor_the_resolved_url_appears() {
        let (message, _, _) = failed(
            "https://mcp.example.com/mcp?api_key=sk-live-123",
            "tcp",
            "io error connecting to https://mcp.example.com/mcp?api_key=sk-live-123: timed out",
        );
        assert!(!message.contains("sk-live"), "{message}");
        assert!(
            message.ends_with(
                "the connection to `https://mcp.example.com/mcp` failed (io error connecting to <url> timed out)"
            ),
            "{message}"
        );
        assert!(
            is_local("localhost:3000/sse") && is_local("http://127.0.0.1/mcp") && !is_local("https://a.example/mcp")
        );
    }
}
