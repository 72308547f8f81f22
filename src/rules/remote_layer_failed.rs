//! `remote-layer-failed`: `doctor` could not reach a remote server, and names the layer.

use super::probe_failure::{at_field, clean, name, url_key};
use super::{Rule, RuleMeta};
use crate::doctor::context::MachineContext;
use crate::doctor::network::Layer;
use crate::finding::{Finding, FindingBuilder, shorten};

declare_rule! {
    /// ## What it does
    /// Reports, in `mcpcheck doctor`, a remote server that this machine cannot reach, naming
    /// the layer that failed: the host name does not resolve (DNS), nothing accepts a TCP
    /// connection on the port, the TLS handshake fails (an expired, self-signed or mismatched
    /// certificate, or plain HTTP on an `https` port), or the server answers an HTTP request
    /// to the URL with 404, 410 or a 5xx status. Each layer is tried once, with a 5-second
    /// limit, without the entry's headers.
    ///
    /// ## Why is this bad?
    /// The client cannot connect either, and usually says no more than "failed to connect".
    /// Knowing the layer tells you where to look: a typo in the host or a VPN that is off
    /// (DNS), a server that is not running or a firewall (TCP), a certificate (TLS), a wrong
    /// path or a server error (HTTP).
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "docs": { "type": "http", "url": "https://mcp.exmaple.com/mcp" } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "docs": { "type": "http", "url": "https://mcp.example.com/mcp" } } }
    /// ```
    ///
    /// ## Known limitations
    /// 401 and 403 are answers, not failures: signing in is checked by `mcpcheck probe`
    /// (`needs-oauth`). A proxy the client uses but mcpcheck does not is not modelled. Runs
    /// only in `mcpcheck doctor` with network checks.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/specification/2025-11-25/basic/transports>
    pub RemoteLayerFailed {
        id: "remote-layer-failed",
        summary: "A remote server cannot be reached: DNS, TCP, TLS or HTTP fails, and which one is named",
        severity: Error,
        category: Structure,
        needs: Machine,
    }
}

impl Rule for RemoteLayerFailed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_machine(&self, cx: &MachineContext<'_>, out: &mut Vec<Finding>) {
        for checked in cx.servers {
            let Some(remote) = &checked.facts.remote else { continue };
            let Some(failed) = remote.failed() else { continue };
            let server = checked.server;
            let client = checked.cx.dialect.client;
            let host = clean(&shorten(&remote.host, 80));
            let port = remote.port;
            let detail = if failed.detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", clean(&shorten(&failed.detail, 120)))
            };
            let (what, help) = match failed.layer {
                Layer::Dns => (
                    format!("the host name `{host}` does not resolve{detail}"),
                    format!(
                        "Check the host in {} for a typo; if it is on a private network, connect the VPN first; `nslookup {host}` shows what the resolver says",
                        url_key(server)
                    ),
                ),
                Layer::Tcp => (
                    format!("nothing accepts a connection on `{host}:{port}`{detail}"),
                    format!(
                        "Start the server (for a local one) or check the port in {}; a firewall or proxy may block it; `nc -vz {host} {port}` tries the same connection",
                        url_key(server)
                    ),
                ),
                Layer::Tls => (
                    format!("the TLS handshake with `{host}:{port}` fails{detail}"),
                    format!(
                        "Check the server's certificate (expired, self-signed, or for another name) with `openssl s_client -connect {host}:{port} -servername {host}`; if the server speaks plain HTTP, use `http://` in {}",
                        url_key(server)
                    ),
                ),
                Layer::Http => {
                    let status =
                        failed.status.map_or_else(|| format!("no valid answer{detail}"), |s| format!("HTTP {s}"));
                    let help = match failed.status {
                        Some(404 | 410) => format!("The server has no endpoint at this path: check the path in {} against the server's documentation (often `/mcp`, or `/sse` for legacy servers)", url_key(server)),
                        Some(_) => "The server fails on its side: check its logs or status page, and try again later".to_owned(),
                        None => "Check that the URL points at an HTTP server (not another protocol on that port) and look at the server's logs".to_owned(),
                    };
                    (format!("`{host}` answers a request to the URL with {status}"), help)
                }
            };
            let message = format!("server `{}`: {what}, so {client} cannot connect to it", name(server));
            let builder = FindingBuilder::new(&Self::META, message);
            let label = format!("{} fails", failed.layer.name());
            out.push(at_field(builder, server, "url", Some(label)).help(help).build(&checked.cx.file));
        }
    }
}
