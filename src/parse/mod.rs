//! Lenient parsing of settings files into a span-keeping [`Document`].
//!
//! Everything JSON, JSONC and JSON5 allow is accepted (comments, trailing commas, single
//! quotes, unquoted keys, hex and other JSON5 numbers, extended escapes, a BOM, CRLF), and
//! every use of syntax that strict JSON forbids is recorded in [`SyntaxFacts`] so that each
//! dialect can judge it the way its client does. Parsing never panics and never recurses
//! without bound: nesting beyond [`MAX_NESTING`] levels, invalid UTF-8, files larger than
//! [`MAX_FILE_BYTES`] and broken syntax all come back as a [`SyntaxError`] with a location.
//!
//! Built on jsonc-parser's AST (byte ranges on every node). TOML files (Codex) go through
//! [`parse_toml`] into the same tree. This module imports nothing from the crate but `source`
//! and `pointer`.

mod toml_doc;
mod tree;

use std::collections::HashMap;

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
use jsonc_parser::tokens::{Token, TokenAndRange};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use crate::pointer::Pointer;
use crate::source::{SourceFile, Span};

pub use toml_doc::parse_toml;
pub use tree::{Document, Member, Node, Value, parse_number};

/// Deepest nesting of arrays and objects the parser accepts (jsonc-parser's own hard limit).
///
/// The parser counts an object member as a level of its own, so objects nested in objects stop
/// at about half this depth (257 levels); arrays at this depth.
pub const MAX_NESTING: usize = 512;

/// Largest file mcpcheck reads. MCP settings files are a few kilobytes; anything this large is
/// a mistake or an attack, and reading it would stall a pre-commit hook.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// Syntax strict JSON forbids, or that a client may treat specially, found while parsing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyntaxFacts {
    /// A UTF-8 byte order mark at the start of the file.
    pub bom: Option<Span>,
    /// Every `//` and `/* */` comment (in TOML, every `#` comment).
    pub comments: Vec<Span>,
    /// Every comma directly before `}` or `]`.
    pub trailing_commas: Vec<Span>,
    /// Every key that repeats an earlier key of the same object.
    pub duplicate_keys: Vec<DuplicateKey>,
    /// Every JSON5-only construct (single quotes, unquoted keys, hex numbers, ...).
    pub json5: Vec<Json5Syntax>,
}

impl SyntaxFacts {
    /// Whether the text is strict JSON (RFC 8259): no comments, trailing commas or JSON5
    /// constructs. A BOM and duplicate keys are reported separately.
    pub fn is_strict_json(&self) -> bool {
        self.comments.is_empty() && self.trailing_commas.is_empty() && self.json5.is_empty()
    }
}

/// A key that appears twice in one object.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    /// Pointer to the key (the object's pointer plus the key).
    pub pointer: Pointer,
    /// The earlier occurrence's key span.
    pub first: Span,
    /// The later occurrence's key span (this one wins in `JSON.parse`).
    pub duplicate: Span,
}

/// One use of JSON5-only syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Json5Syntax {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: Json5Kind,
}

/// The JSON5 constructs that strict JSON rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Json5Kind {
    /// `'text'`.
    SingleQuotedString,
    /// `{key: 1}` or `{1: 1}`.
    UnquotedKey,
    /// `0x1F`.
    HexadecimalNumber,
    /// `+1`.
    LeadingPlus,
    /// `.5` or `5.`.
    BareDecimalPoint,
    /// `Infinity`, `-Infinity`, `NaN`.
    NonFiniteNumber,
    /// `\x41`, `\v`, `\0`, `\'`, or a backslash before a line break inside a string.
    ExtendedEscape,
}

impl Json5Kind {
    /// A short description for messages, e.g. "a single-quoted string".
    pub fn describe(self) -> &'static str {
        match self {
            Json5Kind::SingleQuotedString => "a single-quoted string",
            Json5Kind::UnquotedKey => "an unquoted key",
            Json5Kind::HexadecimalNumber => "a hexadecimal number",
            Json5Kind::LeadingPlus => "a number with a leading `+`",
            Json5Kind::BareDecimalPoint => "a number with a bare decimal point",
            Json5Kind::NonFiniteNumber => "`Infinity` or `NaN`",
            Json5Kind::ExtendedEscape => "a JSON5 string escape",
        }
    }
}

/// Why a file could not be turned into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the problem is (an empty span for "at this point").
    pub span: Span,
    /// What is wrong, as a sentence fragment without a trailing period.
    pub message: String,
    /// Which class of problem it is.
    pub kind: SyntaxErrorKind,
}

/// Classes of unreadable input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// The file has no value at all (empty or only whitespace and comments).
    Empty,
    /// Arrays and objects nest deeper than [`MAX_NESTING`].
    TooDeep,
    /// The text ends inside an object, array, string or comment.
    Truncated,
    /// Any other syntax error.
    Invalid,
}

/// Decode raw bytes as UTF-8. On failure, the error's span is the first invalid byte and the
/// returned source holds the valid prefix (so the error can be shown with line and column).
pub fn decode(path: &std::path::Path, bytes: Vec<u8>) -> Result<SourceFile, Box<(SourceFile, SyntaxError)>> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let bad = bytes[offset];
            let prefix = String::from_utf8_lossy(&bytes[..offset]).into_owned();
            let message = if bytes.contains(&0) {
                format!(
                    "the file is not text: byte 0x{bad:02X} at offset {offset} is not valid UTF-8 (the file contains NUL bytes; is it binary?)"
                )
            } else {
                format!("byte 0x{bad:02X} at offset {offset} is not valid UTF-8")
            };
            let source = SourceFile::new(path, prefix);
            let span = Span::point(offset);
            Err(Box::new((source, SyntaxError { span, message, kind: SyntaxErrorKind::InvalidUtf8 })))
        }
    }
}

/// Parse a source file leniently. The result's spans index `source.text` (BOM included).
pub fn parse(source: &SourceFile) -> Result<Document, SyntaxError> {
    let full = source.text.as_str();
    let (bom, offset) = if full.starts_with('\u{FEFF}') { (Some(Span::new(0, 3)), 3) } else { (None, 0) };
    let text = &full[offset..];

    let collect = CollectOptions { comments: CommentCollectionStrategy::AsTokens, tokens: true };
    let options = ParseOptions { allow_missing_commas: false, ..ParseOptions::default() };
    let result =
        jsonc_parser::parse_to_ast(text, &collect, &options).map_err(|err| syntax_error(source, offset, &err))?;

    let tokens = result.tokens.unwrap_or_default();
    let mut facts = SyntaxFacts { bom, ..SyntaxFacts::default() };
    scan_tokens(text, offset, &tokens, &mut facts);

    let Some(value) = result.value else {
        return Err(SyntaxError {
            span: Span::point(full.len()),
            message: if tokens.is_empty() {
                "the file is empty; a settings file must contain a JSON object".to_owned()
            } else {
                "the file holds only comments; a settings file must contain a JSON object".to_owned()
            },
            kind: SyntaxErrorKind::Empty,
        });
    };
    let mut builder = Builder { offset, facts };
    let root = builder.node(&value, &Pointer::root());
    Ok(Document { root, facts: builder.facts })
}

fn syntax_error(source: &SourceFile, offset: usize, err: &jsonc_parser::errors::ParseError) -> SyntaxError {
    use jsonc_parser::errors::ParseErrorKind as K;
    let end = source.text.len();
    let range = err.range();
    let span = Span::new(range.start + offset, range.end + offset);
    let opened = |what: &str| {
        let at = source.line_col(span.start);
        format!("the file ends before the {what} opened at line {}, column {} is closed", at.line, at.column)
    };
    // A truncated file is reported where it ends; the message says what was left open.
    let (kind, span, message) = match err.kind() {
        K::NestingDepthExceeded => (
            SyntaxErrorKind::TooDeep,
            span,
            format!(
                "arrays and objects nest too deeply (mcpcheck reads {MAX_NESTING} levels of arrays, about {} of objects); it stops reading here",
                MAX_NESTING / 2 + 1
            ),
        ),
        K::UnterminatedObject => (SyntaxErrorKind::Truncated, Span::point(end), opened("object")),
        K::UnterminatedArray => (SyntaxErrorKind::Truncated, Span::point(end), opened("array")),
        K::UnterminatedCommentBlock => (SyntaxErrorKind::Truncated, Span::point(end), opened("comment")),
        K::String(_) if span.end >= end => (SyntaxErrorKind::Truncated, Span::point(end), opened("string")),
        other => (SyntaxErrorKind::Invalid, span, lowercase_first(&other.to_string())),
    };
    SyntaxError { span, message, kind }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Record comments, trailing commas and JSON5 literals from the token stream.
fn scan_tokens(text: &str, offset: usize, tokens: &[TokenAndRange<'_>], facts: &mut SyntaxFacts) {
    let span_of = |t: &TokenAndRange<'_>| Span::new(t.range.start + offset, t.range.end + offset);
    let mut last_comma: Option<Span> = None;
    for token in tokens {
        match &token.token {
            Token::CommentLine(_) | Token::CommentBlock(_) => {
                facts.comments.push(span_of(token));
                continue;
            }
            Token::CloseBrace | Token::CloseBracket => {
                if let Some(comma) = last_comma {
                    facts.trailing_commas.push(comma);
                }
            }
            Token::String(_) => {
                let raw = &text[token.range.start..token.range.end];
                if raw.starts_with('\'') {
                    facts.json5.push(Json5Syntax { span: span_of(token), kind: Json5Kind::SingleQuotedString });
                }
                if has_extended_escape(raw) {
                    facts.json5.push(Json5Syntax { span: span_of(token), kind: Json5Kind::ExtendedEscape });
                }
            }
            Token::Number(raw) => {
                if let Some(kind) = json5_number_kind(raw) {
                    facts.json5.push(Json5Syntax { span: span_of(token), kind });
                }
            }
            _ => {}
        }
        last_comma = matches!(token.token, Token::Comma).then(|| span_of(token));
    }
}

/// Whether a quoted string's raw text uses an escape that JSON does not have.
fn has_extended_escape(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let mut i = 1;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            if !matches!(bytes[i + 1], b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' | b'u') {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// The JSON5 number form a numeric literal uses, or `None` for a plain JSON number.
fn json5_number_kind(raw: &str) -> Option<Json5Kind> {
    let body = raw.strip_prefix('-').unwrap_or(raw);
    if raw.starts_with('+') {
        // `+0x1`, `+Infinity`: the plus is the first thing strict JSON trips over.
        return Some(Json5Kind::LeadingPlus);
    }
    if body == "Infinity" || body == "NaN" {
        return Some(Json5Kind::NonFiniteNumber);
    }
    if body.starts_with("0x") || body.starts_with("0X") {
        return Some(Json5Kind::HexadecimalNumber);
    }
    let mantissa = body.split(['e', 'E']).next().unwrap_or(body);
    if mantissa.starts_with('.') || mantissa.ends_with('.') {
        return Some(Json5Kind::BareDecimalPoint);
    }
    None
}

/// Converts jsonc-parser's AST into our tree, recording duplicate keys and unquoted keys.
/// Recursion is bounded by jsonc-parser's nesting limit.
struct Builder {
    offset: usize,
    facts: SyntaxFacts,
}

impl Builder {
    fn span(&self, range: jsonc_parser::common::Range) -> Span {
        Span::new(range.start + self.offset, range.end + self.offset)
    }

    fn node(&mut self, value: &ast::Value<'_>, pointer: &Pointer) -> Node {
        let span = self.span(value.range());
        let value = match value {
            ast::Value::NullKeyword(_) => Value::Null,
            ast::Value::BooleanLit(b) => Value::Bool(b.value),
            ast::Value::NumberLit(n) => Value::Number(n.value.to_owned()),
            ast::Value::StringLit(s) => Value::String(s.value.to_string()),
            ast::Value::Array(array) => {
                Value::Array(array.elements.iter().enumerate().map(|(i, v)| self.node(v, &pointer.index(i))).collect())
            }
            ast::Value::Object(object) => Value::Object(self.members(object, pointer)),
        };
        Node::new(span, value)
    }

    fn members(&mut self, object: &ast::Object<'_>, pointer: &Pointer) -> Vec<Member> {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut members = Vec::with_capacity(object.properties.len());
        for prop in &object.properties {
            let key_span = self.span(prop.name.range());
            if let ast::ObjectPropName::Word(_) = prop.name {
                self.facts.json5.push(Json5Syntax { span: key_span, kind: Json5Kind::UnquotedKey });
            }
            let key = prop.name.as_str();
            let member_pointer = pointer.key(key);
            if let Some(first) = seen.insert(key, key_span) {
                self.facts.duplicate_keys.push(DuplicateKey {
                    pointer: member_pointer.clone(),
                    first,
                    duplicate: key_span,
                });
            }
            let value = self.node(&prop.value, &member_pointer);
            members.push(Member { key: key.to_owned(), key_span, value });
        }
        members
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        parse(&SourceFile::new("t.json", text)).expect("parses")
    }

    fn err(text: &str) -> SyntaxError {
        parse(&SourceFile::new("t.json", text)).expect_err("fails")
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text = r#"{"mcpServers": {"a": {"command": "npx"}}}"#;
        let d = doc(text);
        let p = crate::ptr!["mcpServers", "a", "command"];
        let node = d.lookup(&p).unwrap();
        assert_eq!(&text[node.span.range()], "\"npx\"");
        let member = d.lookup_member(&p).unwrap();
        assert_eq!(&text[member.key_span.range()], "\"command\"");
        assert!(d.facts.is_strict_json());
    }

    #[test]
    fn records_jsonc_and_json5_facts() {
        let text = "\u{FEFF}{\n // c\n a: 'x', \"h\": 0x1F, \"p\": +1, \"d\": .5, \"n\": NaN, \"e\": \"\\x41\", /* b */ \"t\": [1,],\n}";
        let d = doc(text);
        assert_eq!(d.facts.bom, Some(Span::new(0, 3)));
        assert_eq!(d.facts.comments.len(), 2);
        assert_eq!(d.facts.trailing_commas.len(), 2);
        let kinds: Vec<_> = d.facts.json5.iter().map(|j| j.kind).collect();
        for kind in [
            Json5Kind::UnquotedKey,
            Json5Kind::SingleQuotedString,
            Json5Kind::HexadecimalNumber,
            Json5Kind::LeadingPlus,
            Json5Kind::BareDecimalPoint,
            Json5Kind::NonFiniteNumber,
            Json5Kind::ExtendedEscape,
        ] {
            assert!(kinds.contains(&kind), "{kind:?} missing from {kinds:?}");
        }
        // Spans index the original text, BOM included.
        let a = d.lookup_member(&crate::ptr!["a"]).unwrap();
        assert_eq!(&text[a.key_span.range()], "a");
        assert_eq!(d.lookup(&crate::ptr!["a"]).unwrap().as_str(), Some("x"));
    }

    #[test]
    fn duplicate_keys_are_recorded_and_last_wins() {
        let text = r#"{"a": 1, "b": 2, "a": 3}"#;
        let d = doc(text);
        assert_eq!(d.facts.duplicate_keys.len(), 1);
        let dup = &d.facts.duplicate_keys[0];
        assert_eq!(dup.pointer, crate::ptr!["a"]);
        assert_eq!(dup.first, Span::new(1, 4));
        assert_eq!(d.lookup(&crate::ptr!["a"]).unwrap().as_f64(), Some(3.0));
        assert_eq!(d.root.to_json(), serde_json::json!({"b": 2, "a": 3}));
        assert_eq!(d.root.effective_members().len(), 2);
    }

    #[test]
    fn errors_have_kinds_and_locations() {
        assert_eq!(err("").kind, SyntaxErrorKind::Empty);
        assert_eq!(err("  // only\n").kind, SyntaxErrorKind::Empty);
        assert_eq!(err("{\"a\": [1, 2").kind, SyntaxErrorKind::Truncated);
        assert_eq!(err("{\"a\": \"abc").kind, SyntaxErrorKind::Truncated);
        let e = err("{\"a\": 1 \"b\": 2}");
        assert_eq!(e.kind, SyntaxErrorKind::Invalid);
        assert_eq!(e.span.start, 7, "right after the value that needs a comma");
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(err(&deep).kind, SyntaxErrorKind::TooDeep);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let (source, e) = *decode(std::path::Path::new("x"), b"{\n \"a\": \"\xff\"}".to_vec()).unwrap_err();
        assert_eq!(e.kind, SyntaxErrorKind::InvalidUtf8);
        assert_eq!(e.span.start, 9);
        assert_eq!(source.line_col(e.span.start).line, 2);
    }
}
