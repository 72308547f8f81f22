//! The network layers between this machine and a remote server, each checked on its own so
//! the one that fails is named: DNS resolution, a TCP connection, the TLS handshake (`https`),
//! and an HTTP answer. One attempt each, with a short time limit, no retries. The HTTP request
//! carries none of the entry's headers and goes to the URL without userinfo or query, so no
//! configured secret leaves the machine here.

use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::probe::http::Url;

/// How long each layer may take.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// A layer of the connection to a remote server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Resolving the host name.
    Dns,
    /// Opening a TCP connection.
    Tcp,
    /// The TLS handshake (`https` only).
    Tls,
    /// An HTTP answer.
    Http,
}

impl Layer {
    /// The name used in reports: `DNS`, `TCP`, `TLS`, `HTTP`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Dns => "DNS",
            Self::Tcp => "TCP",
            Self::Tls => "TLS",
            Self::Http => "HTTP",
        }
    }
}

/// What one layer gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerCheck {
    /// The layer.
    pub layer: Layer,
    /// Whether it worked. For HTTP: the server answered with a status that is not 404, 410 or
    /// 5xx (401 and 403 are answers: signing in is the probe's business).
    pub ok: bool,
    /// A short description written by mcpcheck (never a URL or a header).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The HTTP status, for the HTTP layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
}

impl LayerCheck {
    fn ok(layer: Layer, detail: impl Into<String>) -> Self {
        Self { layer, ok: true, detail: detail.into(), status: None }
    }

    fn failed(layer: Layer, detail: impl Into<String>) -> Self {
        Self { layer, ok: false, detail: detail.into(), status: None }
    }
}

/// Host and port of an `http(s)` URL, and whether it is `https`.
pub fn endpoint(url: &Url) -> Option<(String, u16, bool)> {
    let origin = url.origin();
    let (scheme, authority) = origin.split_once("://")?;
    let https = scheme == "https";
    let default = if https { 443 } else { 80 };
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, tail) = rest.split_once(']')?;
        (host.to_owned(), tail.strip_prefix(':').map(str::parse).transpose().ok()?.unwrap_or(default))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_owned(), port.parse().ok()?),
            None => (authority.to_owned(), default),
        }
    };
    (!host.is_empty()).then_some((host, port, https))
}

/// Check the layers to `url` in order, stopping at the first that fails.
pub fn check(url: &Url, timeout: Duration) -> Vec<LayerCheck> {
    let Some((host, port, https)) = endpoint(url) else { return Vec::new() };
    let mut out = Vec::new();
    let addresses = match resolve(&host, port, timeout) {
        Ok(addresses) => {
            let n = addresses.len();
            out.push(LayerCheck::ok(Layer::Dns, format!("{n} address{}", if n == 1 { "" } else { "es" })));
            addresses
        }
        Err(detail) => {
            out.push(LayerCheck::failed(Layer::Dns, detail));
            return out;
        }
    };
    match connect(&addresses, timeout) {
        Ok(()) => out.push(LayerCheck::ok(Layer::Tcp, "")),
        Err(detail) => {
            out.push(LayerCheck::failed(Layer::Tcp, detail));
            return out;
        }
    }
    out.extend(request(url, https, timeout));
    out
}

/// Resolve in a thread, so that a resolver that hangs costs at most `timeout`.
fn resolve(host: &str, port: u16, timeout: Duration) -> Result<Vec<SocketAddr>, String> {
    let (sender, receiver) = mpsc::channel();
    let target = (host.to_owned(), port);
    std::thread::spawn(move || {
        let _ = sender.send(target.to_socket_addrs().map(Iterator::collect::<Vec<_>>));
    });
    match receiver.recv_timeout(timeout) {
        Ok(Ok(addresses)) if !addresses.is_empty() => Ok(addresses),
        Ok(Ok(_) | Err(_)) => Err(String::new()),
        Err(_) => Err(format!("no answer from the resolver within {} s", timeout.as_secs())),
    }
}

/// Connect to the first few addresses in turn; `Ok` at the first connection.
fn connect(addresses: &[SocketAddr], timeout: Duration) -> Result<(), String> {
    let mut last = String::new();
    for address in addresses.iter().take(3) {
        match TcpStream::connect_timeout(address, timeout) {
            Ok(_) => return Ok(()),
            Err(error) => {
                last = match error.kind() {
                    std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
                    std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                        format!("no connection within {} s", timeout.as_secs())
                    }
                    std::io::ErrorKind::HostUnreachable | std::io::ErrorKind::NetworkUnreachable => {
                        "host or network unreachable".to_owned()
                    }
                    _ => crate::finding::shorten(&error.to_string(), 100),
                };
            }
        }
    }
    Err(last)
}

/// One GET without the entry's headers; its outcome as the TLS layer (for `https`) and the
/// HTTP layer.
fn request(url: &Url, https: bool, timeout: Duration) -> Vec<LayerCheck> {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(timeout * 2))
        .timeout_resolve(Some(timeout))
        .timeout_connect(Some(timeout))
        .timeout_recv_response(Some(timeout))
        .user_agent(concat!("mcpcheck/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let result = agent.get(url.without_query()).header("Accept", "application/json, text/event-stream").call();
    let mut out = Vec::new();
    match result {
        Ok(response) => {
            if https {
                out.push(LayerCheck::ok(Layer::Tls, ""));
            }
            let status = response.status().as_u16();
            // The body is never read: an event stream would not end.
            drop(response);
            let failed = matches!(status, 404 | 410) || status >= 500;
            out.push(LayerCheck { layer: Layer::Http, ok: !failed, detail: String::new(), status: Some(status) });
        }
        Err(ureq::Error::Tls(reason)) => out.push(LayerCheck::failed(Layer::Tls, reason)),
        Err(ureq::Error::Rustls(error)) => {
            out.push(LayerCheck::failed(Layer::Tls, crate::finding::shorten(&error.to_string(), 120)));
        }
        Err(error) => {
            let detail = match &error {
                ureq::Error::Timeout(_) => format!("no answer within {} s", timeout.as_secs()),
                ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => {
                    "the answer is not valid HTTP/1.1".to_owned()
                }
                ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionReset => {
                    "the connection was reset".to_owned()
                }
                _ => "the HTTP exchange failed".to_owned(),
            };
            out.push(LayerCheck::failed(Layer::Http, detail));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    fn layers(checks: &[LayerCheck]) -> Vec<(Layer, bool)> {
        checks.iter().map(|c| (c.layer, c.ok)).collect()
    }

    #[test]
    fn endpoints() {
        let url = |text: &str| Url::parse(text).unwrap();
        assert_eq!(endpoint(&url("https://u:p@h.example/mcp?k=1")), Some(("h.example".to_owned(), 443, true)));
        assert_eq!(endpoint(&url("http://[::1]:8080/x")), Some(("::1".to_owned(), 8080, false)));
        assert_eq!(endpoint(&url("http://localhost:3000")), Some(("localhost".to_owned(), 3000, false)));
    }

    #[test]
    fn an_invalid_host_fails_at_dns() {
        let checks = check(&Url::parse("https://mcpcheck-test.invalid/mcp").unwrap(), TIMEOUT);
        assert_eq!(layers(&checks), [(Layer::Dns, false)]);
    }

    #[test]
    fn a_closed_port_fails_at_tcp() {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let checks = check(&Url::parse(&format!("http://127.0.0.1:{port}/mcp")).unwrap(), TIMEOUT);
        assert_eq!(layers(&checks), [(Layer::Dns, true), (Layer::Tcp, false)]);
        assert_eq!(checks[1].detail, "connection refused");
    }

    #[test]
    fn a_listener_answers_with_a_status_and_sees_no_query() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let mut requests = Vec::new();
            // The TCP check connects and closes; then the HTTP request comes.
            for stream in listener.incoming().take(2) {
                let mut stream = stream.unwrap();
                stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let mut request = Vec::new();
                let mut buffer = [0_u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                if !request.is_empty() {
                    stream.write_all(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n").unwrap();
                }
                requests.push(String::from_utf8_lossy(&request).into_owned());
            }
            requests
        });
        let url = Url::parse(&format!("http://user:pw@127.0.0.1:{port}/mcp?token=sekrit")).unwrap();
        let checks = check(&url, TIMEOUT);
        assert_eq!(layers(&checks), [(Layer::Dns, true), (Layer::Tcp, true), (Layer::Http, true)]);
        assert_eq!(checks[2].status, Some(401));
        let requests = server.join().unwrap().concat();
        assert!(requests.starts_with("GET /mcp HTTP/1.1"), "{requests}");
        assert!(!requests.contains("sekrit") && !requests.to_ascii_lowercase().contains("authorization"), "{requests}");
    }
}
