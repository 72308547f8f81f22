//! `non-strict-json`: comments, trailing commas or JSON5 syntax in a file the client parses
//! as strict JSON (or JSON5 syntax in a JSONC file).

use super::{Rule, RuleMeta};
use crate::dialect::{DocumentContext, Syntax};
use crate::finding::{Finding, Severity};

declare_rule! {
    /// ## What it does
    /// Reports syntax that the file's client does not accept: `//` and `/* */` comments,
    /// trailing commas, single-quoted strings, unquoted keys, hex and other JSON5 numbers and
    /// escapes in files parsed as strict JSON (Claude Code's `.mcp.json`, `~/.claude.json`,
    /// `managed-mcp.json`), trailing commas and JSON5 syntax in files whose comments are
    /// stripped before a strict parse (Gemini CLI's `settings.json`), JSON5 syntax in JSONC
    /// files, and a byte order mark.
    ///
    /// mcpcheck itself reads all of these, so every other problem in the file is still
    /// reported.
    ///
    /// ## Why is this bad?
    /// A strict parser rejects the whole file at the first comment or trailing comma, so not
    /// one server in it loads, although the file looks fine in an editor that allows comments.
    ///
    /// ## Example
    /// ```jsonc
    /// {
    ///   // GitHub tools
    ///   "mcpServers": {
    ///     "github": { "command": "github-mcp-server", "args": ["stdio"], },
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "mcpServers": {
    ///     "github": { "command": "github-mcp-server", "args": ["stdio"] }
    ///   }
    /// }
    /// ```
    pub NonStrictJson {
        id: "non-strict-json",
        summary: "Comments, trailing commas or JSON5 syntax the client's parser rejects",
        severity: Error,
        category: Syntax,
        needs: Offline,
    }
}

impl Rule for NonStrictJson {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_document(&self, cx: &DocumentContext<'_>, out: &mut Vec<Finding>) {
        let facts = &cx.doc.facts;
        let client = cx.dialect.client;
        let syntax = cx.dialect.syntax;
        if syntax == Syntax::Toml {
            return;
        }
        let strict = syntax == Syntax::StrictJson;
        let what = syntax.describe();
        let consequence = if strict {
            format!("{client} parses this file as strict JSON and rejects the whole file")
        } else if !syntax.allows_trailing_commas() {
            let stops = if cx.dialect.id == crate::dialect::gemini::DIALECT.id {
                " (Gemini CLI stops at startup with a configuration error)"
            } else {
                ""
            };
            format!(
                "{client} strips comments from this file, then parses it as strict JSON, which has no trailing commas, and rejects the whole file{stops}"
            )
        } else {
            format!("{client} parses this file as JSONC, which has no JSON5 syntax")
        };
        if !syntax.allows_comments() {
            for &span in &facts.comments {
                let f = cx
                    .finding(&Self::META, format!("comment in a {what} file: {consequence}"))
                    .at_span(span, Some("comment".to_owned()))
                    .help("Delete the comment (keep notes in a README beside the file)");
                out.push(cx.build(f));
            }
        }
        if !syntax.allows_trailing_commas() {
            // "in a JSON with comments but no trailing commas file" reads badly; the consequence
            // says how the file is parsed.
            let place = if strict { format!(" in a {what} file") } else { String::new() };
            for &span in &facts.trailing_commas {
                let f = cx
                    .finding(&Self::META, format!("trailing comma{place}: {consequence}"))
                    .at_span(span, Some("trailing comma".to_owned()))
                    .help("Delete the comma after the last element");
                out.push(cx.build(f));
            }
        }
        for j in &facts.json5 {
            let f = cx
                .finding(&Self::META, format!("{} is JSON5, not {what}: {consequence}", j.kind.describe()))
                .at_span(j.span, Some("JSON5 only".to_owned()))
                .help(json5_help(j.kind));
            out.push(cx.build(f));
        }
        if let Some(span) = facts.bom {
            let f = cx
                .finding(&Self::META, "the file starts with a UTF-8 byte order mark, which strict JSON parsers such as `JSON.parse` reject")
                .severity(Severity::Warning)
                .at_span(span, Some("byte order mark".to_owned()))
                .help("Save the file as UTF-8 without BOM");
            out.push(cx.build(f));
        }
    }
}

fn json5_help(kind: crate::parse::Json5Kind) -> &'static str {
    use crate::parse::Json5Kind as K;
    match kind {
        K::SingleQuotedString => "Use double quotes: \"text\"",
        K::UnquotedKey => "Quote the key with double quotes",
        K::HexadecimalNumber => "Write the number in decimal",
        K::LeadingPlus => "Drop the leading `+`",
        K::BareDecimalPoint => "Write a digit on both sides of the decimal point (`0.5`, `5.0`)",
        K::NonFiniteNumber => "JSON has no `Infinity` or `NaN`; use a finite number",
        K::ExtendedEscape => "Use only JSON escapes (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
    }
}
