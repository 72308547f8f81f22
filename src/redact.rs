//! Which parts of a settings file must never be shown: the values of `env` and `headers`
//! entries and the password in a URL's userinfo. Renderers that print source text mask these
//! spans; messages never quote them in the first place.

use crate::dialect::DocumentContext;
use crate::parse::Node;
use crate::source::Span;

/// Spans to mask in snippets of this file.
pub fn spans(cx: &DocumentContext<'_>) -> Vec<Span> {
    let mut out = Vec::new();
    for server in &cx.servers {
        for field in ["env", "headers"] {
            if let Some(map) = server.field(field).and_then(Node::as_object) {
                for member in map {
                    out.push(inner(&member.value));
                }
            }
        }
        if let Some(url) = server.field("url") {
            if let Some(span) = url_password(cx.file.source.slice(url.span), url.span.start) {
                out.push(span);
            }
        }
    }
    out.sort();
    out
}

/// The value's span without the quotes of a string.
fn inner(node: &Node) -> Span {
    if node.as_str().is_some() && node.span.len() >= 2 {
        Span::new(node.span.start + 1, node.span.end - 1)
    } else {
        node.span
    }
}

/// The password of `scheme://user:password@host` in a URL's raw text starting at `base`.
fn url_password(raw: &str, base: usize) -> Option<Span> {
    let after_scheme = raw.find("://")? + 3;
    let authority_end = raw[after_scheme..].find(['/', '?', '#', '"', '\'']).map_or(raw.len(), |i| after_scheme + i);
    let authority = &raw[after_scheme..authority_end];
    let at = authority.rfind('@')?;
    let colon = authority[..at].find(':')?;
    Some(Span::new(base + after_scheme + colon + 1, base + after_scheme + at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_password_only() {
        let raw = "\"https://bob:s3cret@example.com/mcp\"";
        let span = url_password(raw, 10).unwrap();
        assert_eq!(&raw[span.start - 10..span.end - 10], "s3cret");
        assert_eq!(url_password("\"https://example.com/a@b\"", 0), None);
        assert_eq!(url_password("\"https://bob@example.com\"", 0), None);
    }
}
