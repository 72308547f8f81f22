//! TOML files (Codex's `config.toml`) into the same span-keeping [`Document`] as JSON, so that
//! every rule, pointer and snippet works on them unchanged.
//!
//! Parsed with the `toml` crate's `DeTable` (toml 1.x, TOML 1.1): it keeps a span on every key
//! and every value, reports errors with a position, and is the same parser family Codex reads
//! its file with — Codex calls `toml::from_str` of toml 0.9.11+spec-1.1.0 (openai/codex
//! `codex-rs/Cargo.lock`; `codex-rs/core/src/config_loader/layer_io.rs`), so what TOML 1.1
//! allows (a multi-line inline table, a trailing comma in an inline table) is accepted here
//! as Codex accepts it, and what it rejects (a repeated key or table, an integer beyond 64
//! bits) is a [`SyntaxError`] here as it is an error there. `toml_edit` keeps comments but
//! only as decoration strings, and `taplo` is a separate grammar; neither is what Codex runs.
//! Comments come from `toml_parser`'s lexer (the tokens `toml` itself parses).
//!
//! The mapping: tables and inline tables → objects, arrays and arrays of tables → arrays,
//! strings → strings (escapes decoded), integers and floats → numbers kept as written (`1_000`,
//! `0x1F`, `inf`: [`super::parse_number`] reads every TOML spelling), booleans → booleans,
//! datetimes → strings as written. Spans:
//!
//! * a key's span is the key as written (quotes included), also inside a header:
//!   `github` in `[mcp_servers.github]`;
//! * a table opened by a header (`[mcp_servers.github]`, `[[x]]`) spans from its header to the
//!   end of the last value in it, sub-tables included, so that a snippet of the value shows the
//!   whole table and an ignore comment above the header covers it;
//! * a table that exists only as part of a longer key (`mcp_servers` in
//!   `[mcp_servers.github]`, `tools` in `tools.x.approval_mode = "auto"`) spans from its own
//!   key to the end of the last value in it (its key comes after the `[` of the first header,
//!   so a comment above that header covers that server, not every server);
//! * an inline table, array or scalar spans its text (a string with its quotes);
//! * the root spans the whole file.
//!
//! Members are in source order. TOML has no duplicate keys: a repeated key is an error.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Document, Member, Node, SyntaxError, SyntaxErrorKind, SyntaxFacts, Value};
use crate::source::{SourceFile, Span};

/// Parse a TOML source file. The result's spans index `source.text` (BOM included).
pub fn parse_toml(source: &SourceFile) -> Result<Document, SyntaxError> {
    let text = source.text.as_str();
    let bom = text.starts_with('\u{FEFF}').then(|| Span::new(0, 3));
    let table = DeTable::parse(text).map_err(|err| syntax_error(text, &err))?;
    let mut facts = SyntaxFacts { bom, ..SyntaxFacts::default() };
    facts.comments = comments(text);
    let members = members(text, table.get_ref())?;
    let root = Node::new(Span::new(0, text.len()), Value::Object(members));
    Ok(Document { root, facts })
}

/// Every `#` comment, from the lexer (a `#` inside a string is part of the string's token).
fn comments(text: &str) -> Vec<Span> {
    toml_parser::Source::new(text)
        .lex()
        .filter(|token| token.kind() == toml_parser::lexer::TokenKind::Comment)
        .map(|token| Span::new(token.span().start(), token.span().end()))
        .collect()
}

fn syntax_error(text: &str, err: &toml::de::Error) -> SyntaxError {
    let message = err.message().trim_end_matches('.').to_owned();
    let span = err.span().map_or(Span::point(0), |r| clamp(text, r));
    let (kind, message) = if message.contains("recursion") {
        (
            SyntaxErrorKind::TooDeep,
            "tables, arrays and dotted keys nest too deeply for a TOML reader (Codex's stops at the same depth)"
                .to_owned(),
        )
    } else if message == "duplicate key" {
        let key = text.get(span.range()).filter(|k| !k.is_empty()).unwrap_or("this key");
        (
            SyntaxErrorKind::Invalid,
            format!("duplicate key `{key}`: TOML allows each key, and each `[table]` header, only once per table"),
        )
    } else if span.start >= text.len() && (message.starts_with("invalid") || message.starts_with("unclosed")) {
        (SyntaxErrorKind::Truncated, format!("the file ends too early: {message}"))
    } else {
        (SyntaxErrorKind::Invalid, message)
    };
    SyntaxError { span, message, kind }
}

/// A span within the text (parser spans are byte offsets into it; clamp defensively).
fn clamp(text: &str, range: Range<usize>) -> Span {
    let end = range.end.min(text.len());
    Span::new(range.start.min(end), end)
}

/// A table's members in source order.
fn members(text: &str, table: &DeTable<'_>) -> Result<Vec<Member>, SyntaxError> {
    let mut out = Vec::with_capacity(table.len());
    for (key, value) in table.iter() {
        let key_span = clamp(text, key.span());
        let value = node(text, value, Some(key_span))?;
        out.push(Member { key: key.get_ref().to_string(), key_span, value });
    }
    out.sort_by_key(|m| m.key_span.start);
    Ok(out)
}

/// One value. `key_span` is the span of the key it sits under (none for array items): a
/// table whose own span is its key's span exists only as part of a longer key. Recursion is
/// bounded by the parser's nesting limit.
fn node(text: &str, value: &Spanned<DeValue<'_>>, key_span: Option<Span>) -> Result<Node, SyntaxError> {
    let own = clamp(text, value.span());
    let raw = || text[own.range()].to_owned();
    Ok(match value.get_ref() {
        DeValue::String(s) => Node::new(own, Value::String(s.to_string())),
        DeValue::Boolean(b) => Node::new(own, Value::Bool(*b)),
        DeValue::Datetime(_) => Node::new(own, Value::String(raw())),
        DeValue::Integer(i) => {
            // Codex reads integers as i64 (`toml::Value`); anything beyond is an error there.
            if i64::from_str_radix(i.as_str(), i.radix()).is_err() {
                return Err(number_error(own, &raw(), "a 64-bit integer"));
            }
            Node::new(own, Value::Number(raw()))
        }
        DeValue::Float(f) => {
            if f.as_str().parse::<f64>().is_err() {
                return Err(number_error(own, &raw(), "a number"));
            }
            Node::new(own, Value::Number(raw()))
        }
        DeValue::Array(items) => {
            let items = items.iter().map(|item| node(text, item, None)).collect::<Result<Vec<_>, SyntaxError>>()?;
            let span = items.iter().fold(own, |s, item| hull(s, item.span));
            Node::new(span, Value::Array(items))
        }
        DeValue::Table(table) => {
            let members = members(text, table)?;
            let part_of_key = key_span == Some(own);
            let mut span = own;
            for m in &members {
                span = hull(span, m.value.span);
                span = hull(span, m.key_span);
            }
            if part_of_key {
                span.start = own.start;
            }
            Node::new(span, Value::Object(members))
        }
    })
}

fn number_error(span: Span, raw: &str, what: &str) -> SyntaxError {
    SyntaxError {
        span,
        message: format!("`{raw}` is not {what} a TOML reader accepts (Codex reads integers as 64-bit)"),
        kind: SyntaxErrorKind::Invalid,
    }
}

/// The smallest span covering both.
fn hull(a: Span, b: Span) -> Span {
    Span::new(a.start.min(b.start), a.end.max(b.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ptr;

    fn doc(text: &str) -> Document {
        parse_toml(&SourceFile::new("config.toml", text)).expect("parses")
    }

    fn err(text: &str) -> SyntaxError {
        parse_toml(&SourceFile::new("config.toml", text)).expect_err("fails")
    }

    fn value_text<'t>(text: &'t str, d: &Document, p: &crate::pointer::Pointer) -> &'t str {
        &text[d.lookup(p).unwrap().span.range()]
    }

    #[test]
    fn tables_dotted_keys_and_inline_tables_land_in_place() {
        let text = "model = \"o3\" # top\n\n# above github\n[mcp_servers.github]\ncommand = \"npx\"\nargs = [\"-y\", \"x\"]\nenv = { A = \"b\" }\ntools.search.approval_mode = \"auto\"\n\n[mcp_servers.github.env2]\nX = \"y\"\n\n[mcp_servers.remote]\nurl = \"https://x\"\n";
        let d = doc(text);
        assert_eq!(d.lookup(&ptr!["model"]).unwrap().as_str(), Some("o3"));
        let github = ptr!["mcp_servers", "github"];
        assert_eq!(d.lookup(&github.key("command")).unwrap().as_str(), Some("npx"));
        assert_eq!(d.lookup(&github.key("env").key("A")).unwrap().as_str(), Some("b"));
        assert_eq!(d.lookup(&github.key("tools").key("search").key("approval_mode")).unwrap().as_str(), Some("auto"));
        assert_eq!(d.lookup(&github.key("env2").key("X")).unwrap().as_str(), Some("y"));
        // Key spans are the keys as written, also in headers.
        assert_eq!(&text[d.lookup_member(&github).unwrap().key_span.range()], "github");
        assert_eq!(&text[d.lookup_member(&ptr!["mcp_servers"]).unwrap().key_span.range()], "mcp_servers");
        // A header table spans from its header to its last value, sub-tables included.
        let gh = value_text(text, &d, &github);
        assert!(gh.starts_with("[mcp_servers.github]") && gh.ends_with("X = \"y\""), "{gh}");
        assert_eq!(value_text(text, &d, &ptr!["mcp_servers", "remote"]), "[mcp_servers.remote]\nurl = \"https://x\"");
        // A table that is only part of a key spans from that key.
        assert_eq!(value_text(text, &d, &github.key("tools")), "tools.search.approval_mode = \"auto\"");
        assert!(value_text(text, &d, &ptr!["mcp_servers"]).starts_with("mcp_servers.github]"));
        // Strings with quotes; members in source order.
        assert_eq!(value_text(text, &d, &github.key("command")), "\"npx\"");
        let keys: Vec<_> = d.lookup(&github).unwrap().as_object().unwrap().iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["command", "args", "env", "tools", "env2"]);
        assert_eq!(d.facts.comments.len(), 2);
        assert_eq!(&text[d.facts.comments[1].range()], "# above github");
        assert_eq!(d.root.span, Span::new(0, text.len()));
    }

    #[test]
    fn top_level_dotted_keys_and_headers_share_one_table() {
        let text =
            "mcp_servers.gh.command = \"x\"\nmcp_servers.gh.env.A = \"1\"\n\n[mcp_servers.h]\nurl = \"https://h\"\n";
        let d = doc(text);
        assert_eq!(d.lookup(&ptr!["mcp_servers", "gh", "command"]).unwrap().as_str(), Some("x"));
        assert_eq!(d.lookup(&ptr!["mcp_servers", "gh", "env", "A"]).unwrap().as_str(), Some("1"));
        assert_eq!(d.lookup(&ptr!["mcp_servers", "h", "url"]).unwrap().as_str(), Some("https://h"));
        let names: Vec<_> =
            d.lookup(&ptr!["mcp_servers"]).unwrap().as_object().unwrap().iter().map(|m| m.key.as_str()).collect();
        assert_eq!(names, ["gh", "h"]);
        assert_eq!(
            value_text(text, &d, &ptr!["mcp_servers", "gh"]),
            "gh.command = \"x\"\nmcp_servers.gh.env.A = \"1\""
        );
    }

    #[test]
    fn scalars_keep_their_text() {
        let text =
            "n = 1_000\nh = 0x1F\nf = +inf\nd = 1979-05-27T07:32:00Z\nb = true\ns = 'lit'\nm = \"\"\"\nx\"\"\"\n";
        let d = doc(text);
        assert_eq!(d.lookup(&ptr!["n"]).unwrap().value, Value::Number("1_000".into()));
        assert_eq!(d.lookup(&ptr!["n"]).unwrap().as_f64(), Some(1000.0));
        assert_eq!(d.lookup(&ptr!["h"]).unwrap().as_f64(), Some(31.0));
        assert_eq!(d.lookup(&ptr!["f"]).unwrap().as_f64(), Some(f64::INFINITY));
        assert_eq!(d.lookup(&ptr!["d"]).unwrap().as_str(), Some("1979-05-27T07:32:00Z"));
        assert_eq!(d.lookup(&ptr!["b"]).unwrap().as_bool(), Some(true));
        assert_eq!(d.lookup(&ptr!["s"]).unwrap().as_str(), Some("lit"));
        assert_eq!(d.lookup(&ptr!["m"]).unwrap().as_str(), Some("x"));
        assert_eq!(d.root.to_json()["n"], serde_json::json!(1000));
    }

    #[test]
    fn arrays_of_tables_and_toml_1_1() {
        let text = "[[a]]\nx = 1\n[[a]]\nx = 2\n\n[s]\nh = {\n  \"K\" = \"v\",\n}\n";
        let d = doc(text);
        assert_eq!(d.lookup(&ptr!["a", 1usize, "x"]).unwrap().as_f64(), Some(2.0));
        assert_eq!(value_text(text, &d, &ptr!["a"]), "[[a]]\nx = 1\n[[a]]\nx = 2");
        // A multi-line inline table with a trailing comma is TOML 1.1, which Codex reads.
        assert_eq!(d.lookup(&ptr!["s", "h", "K"]).unwrap().as_str(), Some("v"));
    }

    #[test]
    fn errors_are_located() {
        let e = err("a = 1\na = 2\n");
        assert_eq!(e.span, Span::new(6, 7));
        assert!(e.message.starts_with("duplicate key `a`"), "{}", e.message);
        let e = err("[x]\ny = 1\n[x]\n");
        assert!(e.message.starts_with("duplicate key `x`"), "{}", e.message);
        assert_eq!(err("a = \"abc").kind, SyntaxErrorKind::Truncated);
        assert_eq!(err("a = [1, 2").kind, SyntaxErrorKind::Truncated);
        assert_eq!(err("a b = 1").kind, SyntaxErrorKind::Invalid);
        let e = err("n = 99999999999999999999\n");
        assert_eq!(e.span, Span::new(4, 24));
        assert_eq!(err("n = 0x\n").kind, SyntaxErrorKind::Invalid);
        let deep = format!("a{} = 1", ".a".repeat(100_000));
        assert_eq!(err(&deep).kind, SyntaxErrorKind::TooDeep);
        let deep = format!("x = {}", "[".repeat(100_000));
        assert_eq!(err(&deep).kind, SyntaxErrorKind::TooDeep);
    }

    #[test]
    fn empty_files_and_bom() {
        assert!(doc("").root.as_object().unwrap().is_empty());
        assert!(doc("# only a comment\n").root.as_object().unwrap().is_empty());
        let d = doc("\u{FEFF}a = 1\n");
        assert_eq!(d.facts.bom, Some(Span::new(0, 3)));
        assert_eq!(d.lookup_member(&ptr!["a"]).unwrap().key_span, Span::new(3, 4));
    }
}
