//! `invalid-url`: a remote server's `url` that no client can connect to as written.

use std::ops::Range;

use super::{Rule, RuleMeta};
use crate::dialect::DocumentContext;
use crate::finding::{Finding, Severity, Target};
use crate::model::{ServerEntry, Transport, TransportChoice};
use crate::policy::domains::{HostError, url_host};
use crate::resolve::env::Status;

declare_rule! {
    /// ## What it does
    /// Checks the `url` of a remote server: it must have a scheme that fits the transport
    /// (`http://` or `https://` for `http` and `sse`, `ws://` or `wss://` for `ws`) and a host a
    /// URL parser accepts, and should hold no spaces. An empty `url` is reported too. In VS
    /// Code's files `unix:///path/to/server.sock` and `pipe:///pipe/name` (HTTP over a Unix
    /// socket or a Windows named pipe, with an optional `#/subpath`) are accepted; only a
    /// missing path is reported.
    ///
    /// References are judged as the client sees them: when every `${VAR}` in the URL is set
    /// (or has a default) the resolved URL is checked; otherwise only the parts written
    /// literally are, so `https://${API_HOST}/mcp` is fine while `${API_HOST}/mcp` with an
    /// unset `API_HOST` is not judged at all. The URL itself is never shown: it may hold a
    /// token.
    ///
    /// ## Why is this bad?
    /// The client cannot connect: `localhost:3000/mcp` has no scheme, `wss://` is not an HTTP
    /// URL, `https://api .example.com` has no valid host. The failure shows up only as a server
    /// that never connects. Leading and trailing whitespace is `surrounding-whitespace`'s.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "api": { "type": "http", "url": "localhost:3000/mcp" } } }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "api": { "type": "http", "url": "http://localhost:3000/mcp" } } }
    /// ```
    pub InvalidUrl {
        id: "invalid-url",
        summary: "A remote server's `url` without a usable scheme or host, or with spaces",
        severity: Error,
        category: Structure,
        needs: Offline,
    }
}

impl Rule for InvalidUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_server(&self, cx: &DocumentContext<'_>, server: &ServerEntry<'_>, out: &mut Vec<Finding>) {
        let Some(raw) = server.str_field("url") else { return };
        let schemes: &[&str] = match server.transport {
            TransportChoice::Declared(Transport::Http | Transport::Sse)
            | TransportChoice::Inferred(Transport::Http | Transport::Sse) => &["http", "https"],
            TransportChoice::Declared(Transport::Ws) | TransportChoice::Inferred(Transport::Ws) => &["ws", "wss"],
            // `url` without `type`: `url-without-type` asks for the type; the URL can still be
            // checked against every remote scheme.
            TransportChoice::Rejected => &["http", "https", "ws", "wss"],
            // A stdio server ignores its `url` (`conflicting-transport`); an unknown `type` is
            // the schema's.
            _ => return,
        };
        // VS Code also connects to HTTP over a Unix socket or a Windows named pipe.
        if cx.dialect.id == crate::dialect::vscode::DIALECT.id
            && let Some((scheme, path)) = crate::dialect::vscode::socket_url(raw)
        {
            if path.trim().is_empty() {
                let example = if scheme == "unix" { "unix:///tmp/server.sock" } else { "pipe:///pipe/server" };
                let f = cx
                    .finding(
                        &Self::META,
                        format!("`url` of server `{}` is a `{scheme}:` URL without a path, so VS Code has no socket to connect to", server.name),
                    )
                    .at(server.pointer_to("url"), Target::Value, Some("no socket path".to_owned()))
                    .help(format!("Write the full path after `{scheme}://`, e.g. `{example}` (add `#/mcp` for a path on the socket)"));
                out.push(cx.build(f));
            }
            return;
        }
        // The URL as the client gets it, and the byte ranges in it that are not known text.
        let resolved = server.resolved.scalar("url");
        let (text, unknown, substituted) = match resolved {
            Some(v)
                if v.expanded.malformed.is_empty()
                    && v.expanded.references.iter().all(|r| matches!(r.status, Status::Set(_) | Status::Default)) =>
            {
                (v.expanded.value.as_str(), Vec::new(), !v.expanded.references.is_empty())
            }
            Some(v) => {
                let mut ranges: Vec<Range<usize>> =
                    v.expanded.references.iter().map(|r| r.reference.range.clone()).collect();
                ranges.extend(v.expanded.malformed.iter().map(|(r, _)| r.clone()));
                (raw, ranges, false)
            }
            None => (raw, Vec::new(), false),
        };
        let Some(problem) = check(text, &unknown, schemes) else { return };
        let field = format!("`{}` of server `{}`", server.key_of("url"), server.name);
        let after = if substituted { " after substitution" } else { "" };
        let (message, severity, help) = match problem {
            Problem::Empty => (
                format!(
                    "{field} is empty, so there is nothing to connect to{}",
                    if cx.dialect.id == crate::dialect::claude_code::DIALECT.id {
                        " (Claude Code shows the server as `not configured`)"
                    } else {
                        ""
                    }
                ),
                Severity::Warning,
                "Write the server's address, e.g. `\"https://mcp.example.com/mcp\"`, or remove the entry".to_owned(),
            ),
            Problem::NoScheme => (
                format!("{field} has no scheme{after}: a client cannot tell how to connect"),
                Severity::Error,
                format!(
                    "Start the URL with `{}://` (or `{}://` for a local server without TLS)",
                    schemes[1], schemes[0]
                ),
            ),
            Problem::WrongScheme(scheme) => {
                let transport = server.transport.transport().map_or("remote", Transport::as_str);
                let severity = if transport == "ws" && matches!(scheme.as_str(), "http" | "https") {
                    // Some WebSocket clients turn `https://` into `wss://` themselves.
                    Severity::Warning
                } else {
                    Severity::Error
                };
                let expected = schemes.iter().map(|s| format!("`{s}://`")).collect::<Vec<_>>().join(" or ");
                (
                    format!("{field} starts with `{scheme}:`{after}; `type` `{transport}` needs {expected}"),
                    severity,
                    match (transport, scheme.as_str()) {
                        ("http" | "sse", "ws" | "wss") => {
                            "Write `\"type\": \"ws\"` if this is a WebSocket server, or use the server's `https://` endpoint".to_owned()
                        }
                        _ => format!("Use the server's {expected} address"),
                    },
                )
            }
            Problem::BadHost(reason) => (
                format!("{field} is not a valid URL{after}: {reason}"),
                Severity::Error,
                "Correct the host (and port) of the URL: `scheme://host[:port]/path`".to_owned(),
            ),
            Problem::Space => (
                format!(
                    "{field} contains whitespace inside it{after}; a URL cannot hold a space, and the client sends `%20` in its place"
                ),
                Severity::Warning,
                "Remove the space: two values were probably pasted together, or a query parameter needs `%20`"
                    .to_owned(),
            ),
        };
        let f = cx
            .finding(&Self::META, message)
            .severity(severity)
            .at(server.pointer_to("url"), Target::Value, Some("not a usable URL".to_owned()))
            .help(help);
        out.push(cx.build(f));
    }
}

/// What is wrong with a URL.
#[derive(Debug, PartialEq, Eq)]
enum Problem {
    /// Nothing but whitespace.
    Empty,
    /// No `scheme:` at the start (`localhost:3000` counts as none).
    NoScheme,
    /// A scheme the transport cannot use (lowercase, known to be short and printable).
    WrongScheme(String),
    /// The host or port is not one a URL parser accepts.
    BadHost(&'static str),
    /// Whitespace inside the URL.
    Space,
}

/// The first problem of `url` for a transport that accepts `schemes`, looking only at text
/// outside `unknown` (byte ranges of references whose value is not known). Leading and
/// trailing whitespace is ignored here, as URL parsers do.
fn check(url: &str, unknown: &[Range<usize>], schemes: &[&str]) -> Option<Problem> {
    let start = url.len() - url.trim_start().len();
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return unknown.is_empty().then_some(Problem::Empty);
    }
    let end = start + trimmed.len();
    let overlaps = |range: Range<usize>| unknown.iter().any(|u| u.start < range.end && range.start < u.end);

    // The scheme: letters, digits, `+`, `-`, `.` up to the first `:`, starting with a letter.
    let colon = trimmed.find(':');
    let scheme_end = colon.map_or(end, |c| start + c);
    let scheme_known = !overlaps(start..scheme_end + 1);
    let mut scheme = None;
    if scheme_known {
        let candidate = &url[start..scheme_end];
        let after = colon.map_or("", |c| &trimmed[c + 1..]);
        let is_scheme = colon.is_some()
            && candidate.starts_with(|c: char| c.is_ascii_alphabetic())
            && candidate.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            // `localhost:3000/mcp` is a host and port, not a scheme.
            && !after.starts_with(|c: char| c.is_ascii_digit());
        if !is_scheme {
            return Some(Problem::NoScheme);
        }
        let lower = candidate.to_ascii_lowercase();
        if !schemes.contains(&lower.as_str()) {
            return Some(Problem::WrongScheme(if lower.len() <= 20 { lower } else { "…".to_owned() }));
        }
        scheme = Some(lower);
    }

    // The authority: after `scheme:` and any slashes, up to the path, query or fragment.
    let after_scheme = colon.map_or(start, |c| start + c + 1);
    let rest = &url[after_scheme..end];
    let skipped = rest.len() - rest.trim_start_matches(['/', '\\']).len();
    let authority_start = after_scheme + skipped;
    let authority_end = url[authority_start..end].find(['/', '\\', '?', '#']).map_or(end, |i| authority_start + i);
    if colon.is_some() && !overlaps(authority_start..authority_end.max(authority_start + 1)) {
        let scheme = scheme.as_deref().unwrap_or("https");
        match url_host(&format!("{scheme}://{}", &url[authority_start..authority_end])) {
            Err(HostError::Malformed(reason)) => return Some(Problem::BadHost(reason)),
            Err(HostError::NotHttpOrWs) => return Some(Problem::BadHost("the URL has no host")),
            Err(HostError::NonAscii(_)) | Ok(_) => {}
        }
    }

    // Whitespace inside, outside references (whose values are checked when they are known).
    let inner_space = url[start..end]
        .char_indices()
        .any(|(i, c)| (c.is_whitespace() || c == '\u{feff}') && !overlaps(start + i..start + i + c.len_utf8()));
    inner_space.then_some(Problem::Space)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTTP: &[&str] = &["http", "https"];
    const WS: &[&str] = &["ws", "wss"];

    fn at(url: &str, var: &str) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        if let Some(i) = url.find(var) {
            ranges.push(i..i + var.len());
        }
        ranges
    }

    #[test]
    fn good_urls_pass() {
        for url in [
            "https://mcp.example.com/mcp",
            "http://localhost:3000/mcp",
            "HTTPS://Example.com",
            "http://127.0.0.1:8080/sse?x=1#y",
            "https://user:pw@example.com/mcp",
            "http://[::1]:3000/mcp",
            "https://bücher.example/mcp",
            " https://example.com/mcp ", // surrounding whitespace is another rule's
        ] {
            assert_eq!(check(url, &[], HTTP), None, "{url}");
        }
        assert_eq!(check("wss://example.com/ws", &[], WS), None);
    }

    #[test]
    fn bad_urls_say_why() {
        assert_eq!(check("", &[], HTTP), Some(Problem::Empty));
        assert_eq!(check("   ", &[], HTTP), Some(Problem::Empty));
        assert_eq!(check("localhost:3000/mcp", &[], HTTP), Some(Problem::NoScheme));
        assert_eq!(check("mcp.example.com/mcp", &[], HTTP), Some(Problem::NoScheme));
        assert_eq!(check("//example.com/mcp", &[], HTTP), Some(Problem::NoScheme));
        assert_eq!(check("wss://example.com", &[], HTTP), Some(Problem::WrongScheme("wss".to_owned())));
        assert_eq!(check("https://example.com", &[], WS), Some(Problem::WrongScheme("https".to_owned())));
        assert_eq!(check("file:///tmp/sock", &[], HTTP), Some(Problem::WrongScheme("file".to_owned())));
        assert_eq!(check("https://", &[], HTTP), Some(Problem::BadHost("the URL has no host")));
        // As in a browser, extra slashes are skipped: `https:///mcp` is the host `mcp`.
        assert_eq!(check("https:///mcp", &[], HTTP), None);
        assert!(matches!(check("https://api .example.com/mcp", &[], HTTP), Some(Problem::BadHost(_))));
        assert!(matches!(check("http://localhost:99999/mcp", &[], HTTP), Some(Problem::BadHost(_))));
        assert!(matches!(check("http://localhost:port/mcp", &[], HTTP), Some(Problem::BadHost(_))));
        assert_eq!(check("https://example.com/mcp Bearer x", &[], HTTP), Some(Problem::Space));
    }

    #[test]
    fn unknown_references_are_not_judged() {
        let url = "${API_URL}/mcp";
        assert_eq!(check(url, &at(url, "${API_URL}"), HTTP), None);
        let url = "https://${HOST}/mcp";
        assert_eq!(check(url, &at(url, "${HOST}"), HTTP), None);
        let url = "http://localhost:${PORT}/mcp";
        assert_eq!(check(url, &at(url, "${PORT}"), HTTP), None);
        let url = "${SCHEME}://api example.com";
        assert_eq!(
            check(url, &at(url, "${SCHEME}"), HTTP),
            Some(Problem::BadHost("the host contains a character no host name may have"))
        );
        let url = "${HOST}";
        assert_eq!(check(url, &at(url, "${HOST}"), HTTP), None);
        // The literal parts still count.
        let url = "ftp://${HOST}/x";
        assert_eq!(check(url, &at(url, "${HOST}"), HTTP), Some(Problem::WrongScheme("ftp".to_owned())));
        let url = "https://x.com/a b/${P}";
        assert_eq!(check(url, &at(url, "${P}"), HTTP), Some(Problem::Space));
    }
}
