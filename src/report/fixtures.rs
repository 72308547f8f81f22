//! Hand-built reports for the renderers' unit tests (test builds only).
//!
//! See: `human.rs` and `json.rs` tests.

use super::{FileReport, RenderOptions, Report, ToolError};
use crate::dialect::Detection;
use crate::finding::{FileRef, FindingBuilder, Severity, Target};
use crate::parse;
use crate::ptr;
use crate::rules::{ParseError, UnknownField, UnreadField, UrlWithoutType};
use crate::source::{SourceFile, Span};

/// A literal secret planted in a redacted span; no output may contain it.
pub(crate) const SECRET: &str = "ghp_PLANTEDSECRETVALUE0123456789";
/// A secret planted in the file text away from every finding; JSON must not contain it.
pub(crate) const UNRELATED_SECRET: &str = "sk-UNRELATEDSECRET987654321";

/// Options as snapshot tests use them: no colour, width 100, fail on warnings.
pub(crate) fn options() -> RenderOptions {
    RenderOptions { color: false, width: 100, fail_on: Severity::Warning, show_suppressed: false }
}

/// A parsed `.mcp.json` with an error, a warning (on the line of a redacted secret) and an
/// info finding; the secret's span is redacted.
pub(crate) fn project_file() -> FileReport {
    let text = format!(
        r#"{{
  "mcpServers": {{
    "linear": {{ "url": "https://mcp.linear.app/mcp" }},
    "github": {{
      "command": "npx",
      "env": {{ "GITHUB_TOKEN": "{SECRET}", "OTHER": "{UNRELATED_SECRET}" }},
      "timeout": 5
    }}
  }}
}}
"#
    );
    let source = SourceFile::new(".mcp.json", text);
    let doc = parse::parse(&source).expect("fixture parses");
    let file = FileRef::new(&source, Some(&doc));
    let findings = vec![
        FindingBuilder::new(&UrlWithoutType::META, "server `linear` has a `url` but no `type`")
            .at(ptr!["mcpServers", "linear", "url"], Target::Key, Some("no `type` beside this `url`".to_owned()))
            .related(ptr!["mcpServers", "linear"], Target::Key, Some("this entry".to_owned()))
            .help("Add `\"type\": \"http\"` to this entry")
            .build(&file),
        FindingBuilder::new(&UnreadField::META, "`env.GITHUB_TOKEN` is read from the environment")
            .at(ptr!["mcpServers", "github", "env", "GITHUB_TOKEN"], Target::Member, Some("token here".to_owned()))
            .build(&file),
        FindingBuilder::new(&UnknownField::META, "`timeout` is not a field Claude Code reads")
            .severity(Severity::Info)
            .at(ptr!["mcpServers", "github", "timeout"], Target::Key, None)
            .build(&file),
    ];
    let redact = [ptr!["mcpServers", "github", "env", "GITHUB_TOKEN"], ptr!["mcpServers", "github", "env", "OTHER"]]
        .iter()
        .map(|p| file.span_of(p, &Target::Value).0)
        .collect();
    FileReport {
        dialect: Some("claude-code"),
        role: Some("project `.mcp.json`"),
        detection: Some(Detection::Path),
        servers: 2,
        findings,
        suppressed: Vec::new(),
        redact,
        source,
    }
}

/// A file that ends too early: a parse error with a zero-length span at the very end.
pub(crate) fn truncated_file() -> FileReport {
    let source = SourceFile::new("broken.json", "{\n  \"mcpServers\": {\n    \"a\": { \"command\": \"x\" }\n");
    let end = source.text.len();
    let file = FileRef::new(&source, None);
    let finding = FindingBuilder::new(&ParseError::META, "the file ends too early: unterminated object")
        .at_span(Span::point(end), Some("the file ends here".to_owned()))
        .related_span(Span::point(0), Some("this object is never closed".to_owned()))
        .help("Close every `{` and `[`")
        .build(&file);
    FileReport {
        dialect: None,
        role: None,
        detection: None,
        servers: 0,
        findings: vec![finding],
        suppressed: Vec::new(),
        redact: Vec::new(),
        source,
    }
}

/// A clean file detected by its contents.
pub(crate) fn clean_file() -> FileReport {
    let source = SourceFile::new("tools/mcp.json", "{ \"mcpServers\": { \"a\": { \"command\": \"a\" } } }\n");
    FileReport {
        dialect: Some("mcp-settings"),
        role: Some("extended `mcp_settings.json`"),
        detection: Some(Detection::Shape),
        servers: 1,
        findings: Vec::new(),
        suppressed: Vec::new(),
        redact: Vec::new(),
        source,
    }
}

/// The scenario of the example in docs/json-output.md: a `.mcp.json` whose remote server
/// has no `type`, a file that ends too early, and an unreadable file.
pub(crate) fn doc_example_report() -> Report {
    let text = "{\n  \"mcpServers\": {\n    \"linear\": { \"url\": \"https://mcp.linear.app/mcp\" }\n  }\n}\n";
    let source = SourceFile::new(".mcp.json", text);
    let doc = parse::parse(&source).expect("fixture parses");
    let file = FileRef::new(&source, Some(&doc));
    let finding = FindingBuilder::new(
        &UrlWithoutType::META,
        "server `linear` has a `url` but no `type`; Claude Code rejects this entry",
    )
    .at(ptr!["mcpServers", "linear", "url"], Target::Key, Some("no `type` beside this `url`".to_owned()))
    .related(ptr!["mcpServers", "linear"], Target::Key, None)
    .help("Add `\"type\": \"http\"` to this entry (or `\"sse\"` / `\"ws\"` if the server speaks that transport)")
    .build(&file);
    let project = FileReport {
        dialect: Some("claude-code"),
        role: Some("project `.mcp.json`"),
        detection: Some(Detection::Path),
        servers: 1,
        findings: vec![finding],
        suppressed: Vec::new(),
        redact: Vec::new(),
        source,
    };
    Report {
        files: vec![project, truncated_file()],
        errors: vec![ToolError {
            path: Some("~/.cursor/mcp.json".into()),
            message: "cannot read the file: permission denied".to_owned(),
        }],
        ..Report::default()
    }
}

/// Three files (one with three findings, one unparsable, one clean) and one tool error.
pub(crate) fn report() -> Report {
    Report {
        files: vec![project_file(), truncated_file(), clean_file()],
        errors: vec![ToolError { path: Some("missing.json".into()), message: "cannot read: not found".to_owned() }],
        ..Report::default()
    }
}
