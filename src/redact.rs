//! Which parts of a settings file must never be shown, and how to mask them.
//!
//! Masked everywhere: every value inside an `env`, `headers`-like or other credential-carrying
//! map (anywhere in the document, so duplicates the client drops and servers written under the
//! wrong key are masked too); the password in a URL's userinfo and token-like query parameters;
//! secret-looking command-line arguments (`--api-key=…`, or the argument after `--token`, in `args`
//! or in a whole command line written in `command`); and
//! in any string, anywhere, a recognised token format ([`crate::secrets::tokens`]: a `ghp_…`
//! in `cwd` or a description is masked too) and a URL's password and token-like parameters (a
//! connection string passed in `args`). Plain `${NAME}` references stay visible:
//! a name is not a secret. Renderers that print source text mask [`spans`]; views that print
//! values use [`mask`].

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::parse::{Document, Node, Value};
use crate::source::{SourceFile, Span};

/// Maps whose values are secrets or may be: environment variables and HTTP headers, in every
/// client's spelling.
const SECRET_MAPS: &[&str] = &["env", "headers", "http_headers", "env_http_headers", "requestOptions"];

/// Fields whose own value is a secret: Codex's `bearer_token` (which Codex refuses, but the
/// token is in the file all the same).
const SECRET_FIELDS: &[&str] = &["bearer_token"];

/// A plain variable reference, `${NAME}`, `${env:NAME}` or `${input:id}`: a name, not a
/// secret, so it stays visible. `${NAME:-default}` is not one of these: its default may be a
/// literal secret.
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{(?:env:|input:)?[A-Za-z_][A-Za-z0-9_.-]*\}").expect("valid regex"));

/// A flag naming a secret: `--api-key`, `-token`, `--client_secret`, `--password`.
const SECRET_WORD: &str = r"[a-z0-9_-]*(?:token|key|secret|password|passwd|pwd|auth|credential)[a-z0-9_-]*";

static SECRET_FLAG_WITH_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^--?{SECRET_WORD}[=:]")).expect("valid regex"));
static SECRET_FLAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^--?{SECRET_WORD}$")).expect("valid regex"));

/// Spans to mask in snippets of this file.
pub fn spans(source: &SourceFile, doc: &Document) -> Vec<Span> {
    let mut out = Vec::new();
    // An explicit stack: depth is bounded by the parser, but this costs nothing.
    let mut stack: Vec<(&Node, bool)> = vec![(&doc.root, false)];
    while let Some((node, secret)) = stack.pop() {
        match &node.value {
            Value::Object(members) => {
                for m in members {
                    let key = m.key.as_str();
                    stack.push((&m.value, secret || SECRET_MAPS.contains(&key) || SECRET_FIELDS.contains(&key)));
                    if m.key == "args" {
                        argument_spans(source, &m.value, &mut out);
                    }
                    if m.key == "command" && m.value.as_str().is_some_and(|c| c.contains(char::is_whitespace)) {
                        command_line_spans(source, &m.value, &mut out);
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|n| (n, secret))),
            _ if secret => literal_parts(source, node, &mut out),
            // Any other string (a `url`, a connection string in `args`, a `cwd`...): its URL
            // credentials and recognised tokens.
            Value::String(_) if node.span.len() >= 2 => {
                let (start, raw) = inner_text(source, node);
                let ranges = if raw.contains("://") { url_secrets(raw) } else { token_ranges(raw) };
                out.extend(ranges.into_iter().map(|r| Span::new(start + r.start, start + r.end)));
            }
            _ => {}
        }
    }
    out.sort();
    out
}

/// The text between a string's quotes and where it starts.
fn inner_text<'s>(source: &'s SourceFile, node: &Node) -> (usize, &'s str) {
    let start = node.span.start + 1;
    let end = node.span.end.saturating_sub(1).max(start);
    (start, source.slice(Span::new(start, end)))
}

/// Secret-looking arguments of an `args` array.
fn argument_spans(source: &SourceFile, args: &Node, out: &mut Vec<Span>) {
    let Some(items) = args.as_array() else { return };
    let mut previous_is_flag = false;
    for item in items {
        let Some(value) = item.as_str() else {
            previous_is_flag = false;
            continue;
        };
        let (start, raw) = inner_text(source, item);
        if previous_is_flag {
            out.extend(literal_ranges(raw).map(|r| Span::new(start + r.start, start + r.end)));
        } else if let Some(range) = argument_secret(raw) {
            out.extend(
                literal_ranges(&raw[range.clone()])
                    .map(|r| Span::new(start + range.start + r.start, start + range.start + r.end)),
            );
        }
        previous_is_flag = SECRET_FLAG.is_match(value);
    }
}

/// Secret-looking arguments inside a whole command line written in `command`
/// (`"example-mcp --token abc"`), word by word as in [`argument_spans`].
fn command_line_spans(source: &SourceFile, command: &Node, out: &mut Vec<Span>) {
    let (start, raw) = inner_text(source, command);
    let mut previous_is_flag = false;
    let mut cursor = 0;
    for word in raw.split_whitespace() {
        let at = cursor + raw[cursor..].find(word).unwrap_or(0);
        cursor = at + word.len();
        let word_start = start + at;
        if previous_is_flag {
            out.extend(literal_ranges(word).map(|r| Span::new(word_start + r.start, word_start + r.end)));
        } else if let Some(range) = argument_secret(word) {
            out.extend(
                literal_ranges(&word[range.clone()])
                    .map(|r| Span::new(word_start + range.start + r.start, word_start + range.start + r.end)),
            );
        }
        previous_is_flag = SECRET_FLAG.is_match(word);
    }
}

/// The value part of `--api-key=VALUE` in one argument.
pub fn argument_secret(arg: &str) -> Option<Range<usize>> {
    SECRET_FLAG_WITH_VALUE.find(arg).map(|m| m.end()..arg.len()).filter(|r| !r.is_empty())
}

/// Whether an argument is a flag whose value is the next argument (`--token`).
pub fn is_secret_flag(arg: &str) -> bool {
    SECRET_FLAG.is_match(arg)
}

/// The password of `scheme://user:password@host` and the values of token-like query
/// parameters in a URL, plus any recognised token in it.
pub fn url_secrets(url: &str) -> Vec<Range<usize>> {
    let mut out = crate::secrets::url_secret_ranges(url);
    out.extend(token_ranges(url));
    out
}

/// Where [`crate::secrets::tokens`] recognises a token format in `text`.
pub fn token_ranges(text: &str) -> Vec<Range<usize>> {
    crate::secrets::tokens(text).into_iter().map(|d| d.range).collect()
}

/// `text` with every recognised token masked.
pub fn mask_tokens(text: &str) -> String {
    mask(text, &token_ranges(text))
}

/// The literal (non-reference) parts of a string.
fn literal_ranges(raw: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut cursor = 0;
    let mut refs = REFERENCE.find_iter(raw).peekable();
    std::iter::from_fn(move || {
        loop {
            match refs.peek() {
                Some(m) if m.start() > cursor => {
                    let range = cursor..m.start();
                    cursor = m.end();
                    refs.next();
                    return Some(range);
                }
                Some(m) => {
                    cursor = m.end();
                    refs.next();
                }
                None if cursor < raw.len() => {
                    let range = cursor..raw.len();
                    cursor = raw.len();
                    return Some(range);
                }
                None => return None,
            }
        }
    })
}

/// Push the spans of a secret value's literal text: the whole value for non-strings, the text
/// between the quotes of a string minus any plain variable references in it.
fn literal_parts(source: &SourceFile, node: &Node, out: &mut Vec<Span>) {
    if node.as_str().is_none() || node.span.len() < 2 {
        out.push(node.span);
        return;
    }
    let (start, raw) = inner_text(source, node);
    out.extend(literal_ranges(raw).map(|r| Span::new(start + r.start, start + r.end)));
}

/// `text` with `ranges` replaced by `***`; overlapping ranges are masked as one.
pub fn mask(text: &str, ranges: &[Range<usize>]) -> String {
    let mut sorted: Vec<_> = ranges.iter().filter(|r| r.start < r.end && r.end <= text.len()).cloned().collect();
    sorted.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for mut r in merged {
        // Widen to whole characters rather than leave a partial secret visible.
        while !text.is_char_boundary(r.start) {
            r.start -= 1;
        }
        while !text.is_char_boundary(r.end) {
            r.end += 1;
        }
        if r.start < cursor {
            r.start = cursor;
        }
        out.push_str(&text[cursor..r.start]);
        out.push_str("***");
        cursor = r.end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// A secret value as written, with its literal text masked: `Bearer ${T}` → `***${T}`.
pub fn mask_value(raw: &str) -> String {
    if raw.is_empty() {
        return "***".to_owned();
    }
    mask(raw, &literal_ranges(raw).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        let source = SourceFile::new("x.json", text);
        let doc = crate::parse::parse(&source).unwrap();
        crate::report::redacted_text(text, &spans(&source, &doc))
    }

    #[test]
    fn url_passwords_and_token_parameters() {
        let url = "https://bob:s3cret@example.com/mcp?api_key=k1&x=1&token=k2";
        assert_eq!(mask(url, &url_secrets(url)), "https://bob:***@example.com/mcp?api_key=***&x=1&token=***");
        assert!(url_secrets("https://example.com/a@b").is_empty());
        assert!(url_secrets("https://bob@example.com").is_empty());
    }

    /// Regression: only the servers the client reads were masked, so the `env` of a dropped
    /// duplicate and of servers under VS Code's `servers` key showed in snippets.
    #[test]
    fn masks_every_env_and_header_value_in_the_document() {
        let text = r#"{"servers": {"a": {"env": {"T": "tok1"}}}, "mcpServers": {"b": {"env": {"T": "tok2", "N": 5}}, "b": {"headers": {"Authorization": "Bearer tok3"}, "url": "https://u:tok4@h/"}}}"#;
        let m = masked(text);
        for secret in ["tok1", "tok2", "tok3", "tok4", "\"N\": 5"] {
            assert!(!m.contains(secret), "{secret} visible in {m}");
        }
        assert!(m.contains("\"env\"") && m.contains("https://u:"));
    }

    #[test]
    fn keeps_plain_references_visible_and_masks_the_rest() {
        let text =
            r#"{"env": {"A": "${TOKEN}", "B": "Bearer ${TOKEN}", "C": "${T:-s3cret}", "D": "x${env:K}y${input:id}"}}"#;
        let m = masked(text);
        assert!(m.contains(r#""A": "${TOKEN}""#), "{m}");
        assert!(m.contains(r#""B": "*******${TOKEN}""#), "{m}");
        assert!(!m.contains("s3cret"), "{m}");
        assert!(m.contains(r#""D": "*${env:K}*${input:id}""#), "{m}");
        assert_eq!(mask_value("Bearer ${T}"), "***${T}");
        assert_eq!(mask_value("${T}"), "${T}");
        assert_eq!(mask_value("ghp_x"), "***");
    }

    /// A whole command line in `command` is masked word by word like `args`.
    #[test]
    fn masks_secret_looking_words_of_a_command_line() {
        let m = masked(r#"{"command": "srv --token k1 --api-key=k2 --port 8 --auth ${A}", "x": "--token k3"}"#);
        assert!(!m.contains("k1") && !m.contains("k2"), "{m}");
        assert!(m.contains("--port 8") && m.contains("--auth ${A}") && m.contains("--token k3"), "{m}");
    }

    /// Regression: `--api-key=…` in `args` was shown in snippets.
    #[test]
    fn masks_secret_looking_arguments() {
        let m = masked(r#"{"args": ["--api-key=k1", "--token", "k2", "--port=8080", "--auth=${A}", "-y"]}"#);
        assert!(!m.contains("k1") && !m.contains("\"k2\""), "{m}");
        assert!(m.contains("--port=8080") && m.contains("--auth=${A}") && m.contains("\"-y\""), "{m}");
        assert_eq!(argument_secret("--client_secret=abc"), Some(16..19));
        assert_eq!(argument_secret("--port=1"), None);
        assert!(is_secret_flag("--password") && !is_secret_flag("--verbose"));
    }

    /// A recognised token is masked wherever it is, even outside the maps and arguments that
    /// are masked as a whole.
    #[test]
    fn masks_recognised_tokens_anywhere() {
        let token = format!("ghp_{}", "Fake0Token1For2Tests3Only4".repeat(2));
        let text = format!(
            r#"{{"mcpServers": {{"a": {{"command": "x", "cwd": "/srv/{token}", "description": "uses {token}", "args": ["serve", "{token}"]}}}}}}"#
        );
        let m = masked(&text);
        assert!(!m.contains("Fake0Token"), "{m}");
        assert!(m.contains("/srv/") && m.contains("uses ") && m.contains("\"serve\""), "{m}");
        let m = masked(r#"{"args": ["-y", "pg-mcp", "postgresql://app:Fake0Pass1@db.example.com/app"]}"#);
        assert!(!m.contains("Fake0Pass1") && m.contains("postgresql://app:"), "{m}");
        assert_eq!(mask_tokens(&format!("a {token} b")), "a *** b");
        assert_eq!(mask("abcdef", &[1..3, 2..5]), "a***f");
    }
}
