//! Which parts of a settings file must never be shown: every value inside an `env`,
//! `headers`-like or other credential-carrying map, and the password in any URL's userinfo —
//! anywhere in the document, so duplicates the client drops and servers written under the
//! wrong key are masked too. Renderers that print source text mask these spans; messages never
//! quote them in the first place.

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::{Document, Node, Value};
use crate::source::{SourceFile, Span};

/// Maps whose values are secrets or may be: environment variables and HTTP headers, in every
/// client's spelling.
const SECRET_MAPS: &[&str] = &["env", "headers", "http_headers", "env_http_headers", "requestOptions"];

/// Spans to mask in snippets of this file.
pub fn spans(source: &SourceFile, doc: &Document) -> Vec<Span> {
    let mut out = Vec::new();
    // An explicit stack: depth is bounded by the parser, but this costs nothing.
    let mut stack: Vec<(&Node, bool)> = vec![(&doc.root, false)];
    while let Some((node, secret)) = stack.pop() {
        match &node.value {
            Value::Object(members) => {
                for m in members {
                    let inner_secret = secret || SECRET_MAPS.contains(&m.key.as_str());
                    stack.push((&m.value, inner_secret));
                    if m.key == "url" || m.key == "serverUrl" || m.key == "httpUrl" {
                        if let Some(span) = url_password(source.slice(m.value.span), m.value.span.start) {
                            out.push(span);
                        }
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|n| (n, secret))),
            _ if secret => literal_parts(source, node, &mut out),
            _ => {}
        }
    }
    out.sort();
    out
}

/// A plain variable reference, `${NAME}`, `${env:NAME}` or `${input:id}`: a name, not a
/// secret, so it stays visible. `${NAME:-default}` is not one of these: its default may be a
/// literal secret.
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{(?:env:|input:)?[A-Za-z_][A-Za-z0-9_.-]*\}").expect("valid regex"));

/// Push the spans of a secret value's literal text: the whole value for non-strings, the text
/// between the quotes of a string minus any plain variable references in it.
fn literal_parts(source: &SourceFile, node: &Node, out: &mut Vec<Span>) {
    if node.as_str().is_none() || node.span.len() < 2 {
        out.push(node.span);
        return;
    }
    let (start, end) = (node.span.start + 1, node.span.end - 1);
    let raw = source.slice(Span::new(start, end));
    let mut cursor = start;
    for reference in REFERENCE.find_iter(raw) {
        if start + reference.start() > cursor {
            out.push(Span::new(cursor, start + reference.start()));
        }
        cursor = start + reference.end();
    }
    if end > cursor {
        out.push(Span::new(cursor, end));
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

    /// Regression: only the servers the client reads were masked, so the `env` of a dropped
    /// duplicate and of servers under VS Code's `servers` key showed in snippets.
    #[test]
    fn masks_every_env_and_header_value_in_the_document() {
        let text = r#"{"servers": {"a": {"env": {"T": "tok1"}}}, "mcpServers": {"b": {"env": {"T": "tok2", "N": 5}}, "b": {"headers": {"Authorization": "Bearer tok3"}, "url": "https://u:tok4@h/"}}}"#;
        let source = SourceFile::new("x.json", text);
        let doc = crate::parse::parse(&source).unwrap();
        let masked = crate::report::redacted_text(text, &spans(&source, &doc));
        for secret in ["tok1", "tok2", "tok3", "tok4", "\"N\": 5"] {
            assert!(!masked.contains(secret), "{secret} visible in {masked}");
        }
        assert!(masked.contains("\"env\"") && masked.contains("https://u:"));
    }

    #[test]
    fn keeps_plain_references_visible_and_masks_the_rest() {
        let text =
            r#"{"env": {"A": "${TOKEN}", "B": "Bearer ${TOKEN}", "C": "${T:-s3cret}", "D": "x${env:K}y${input:id}"}}"#;
        let source = SourceFile::new("x.json", text);
        let doc = crate::parse::parse(&source).unwrap();
        let masked = crate::report::redacted_text(text, &spans(&source, &doc));
        assert!(masked.contains(r#""A": "${TOKEN}""#), "{masked}");
        assert!(masked.contains(r#""B": "*******${TOKEN}""#), "{masked}");
        assert!(!masked.contains("s3cret"), "{masked}");
        assert!(masked.contains(r#""D": "*${env:K}*${input:id}""#), "{masked}");
    }
}
