//! JSON output: a versioned document for scripts, built from wire structs defined here and
//! never from the internal types, so refactoring `Finding` cannot change the contract.
//!
//! Version 1 may gain fields; removing a field or changing its meaning bumps `version`.
//! Every key is always present (an absent optional value is `null`). The document never
//! holds source text or snippets: values in settings files may be secrets.
//!
//! See: docs/json-output.md (the contract); STYLE.md §1.2 point 4 and §5.3; DESIGN.md §5.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{RenderOptions, Report};
use crate::dialect::Detection;
use crate::finding::{Location, Severity};

/// The version of the JSON document's shape (the `version` key).
pub const VERSION: u32 = 1;

/// Render the report as one pretty-printed JSON document followed by a newline.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    render_with_discovery(report, &[], options, out)
}

/// Render `doctor`'s report: the check document with the places discovery looked at and the
/// effective servers per client (`config`).
pub fn render_doctor(
    report: &Report,
    discovery: &[crate::discover::Tried],
    config: &crate::resolve::view::ConfigView,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut document = Document::new(report, options.fail_on);
    document.discovery = discovery.iter().map(Looked::new).collect();
    document.config = Some(config);
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// Render the report with the places discovery looked at (the `discovery` key).
pub fn render_with_discovery(
    report: &Report,
    discovery: &[crate::discover::Tried],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut document = Document::new(report, options.fail_on);
    document.discovery = discovery.iter().map(Looked::new).collect();
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// The whole document. Field order is the output order: `version` first.
#[derive(Debug, Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    files: Vec<File<'a>>,
    findings: Vec<Finding<'a>>,
    /// Findings an ignore entry, an ignore comment or the baseline suppressed, with why.
    suppressed: Vec<SuppressedFinding<'a>>,
    errors: Vec<ToolError<'a>>,
    /// How the baseline applied, or `null` when none was used.
    baseline: Option<Baseline<'a>>,
    /// Every place discovery looked at, found, not found or skipped.
    discovery: Vec<Looked<'a>>,
    /// `probe`: every configured server, probed or not, with what probing found.
    probes: Vec<super::probes::Probe<'a>>,
    /// `doctor`: what this machine offers each server a client would use.
    machine: Vec<super::doctor::Machine<'a>>,
    /// `doctor`: the effective servers per client (the `mcpcheck config` view); absent
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<&'a crate::resolve::view::ConfigView>,
}

/// One place discovery looked at (or skipped), with why.
#[derive(Debug, Serialize)]
struct Looked<'a> {
    path: Cow<'a, str>,
    dialect: &'static str,
    client: &'static str,
    scope: &'static str,
    /// `found`, `not-found` or `skipped`.
    status: &'static str,
    /// Why a place was skipped; `null` otherwise.
    reason: Option<String>,
}

impl<'a> Looked<'a> {
    fn new(tried: &'a crate::discover::Tried) -> Self {
        Self {
            path: path(&tried.path),
            dialect: tried.place.dialect,
            client: crate::discover::matrix::client(tried.place.dialect),
            scope: tried.place.scope.as_str(),
            status: tried.status.as_str(),
            reason: match tried.status {
                crate::discover::Status::Skipped(skip) => Some(skip.describe()),
                _ => None,
            },
        }
    }
}

/// A suppressed finding: the finding's keys plus `suppression`.
#[derive(Debug, Serialize)]
struct SuppressedFinding<'a> {
    #[serde(flatten)]
    finding: Finding<'a>,
    suppression: SuppressionInfo<'a>,
}

/// What suppressed a finding.
#[derive(Debug, Serialize)]
struct SuppressionInfo<'a> {
    /// `config`, `comment` or `baseline`.
    kind: &'static str,
    reason: Option<&'a str>,
    /// Where the suppression is written, or `null` (baseline entries).
    location: Option<Place<'a>>,
}

/// The baseline used.
#[derive(Debug, Serialize)]
struct Baseline<'a> {
    path: Cow<'a, str>,
    /// Findings it suppressed.
    matched: usize,
    /// Entries that matched nothing (fixed since the baseline was written).
    stale: usize,
}

/// Which program wrote the document.
#[derive(Debug, Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// Totals over the whole run.
#[derive(Debug, Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    info: usize,
    /// Findings not reported because something suppressed them (see `suppressed`).
    suppressed: usize,
    /// Whether any finding is at or above `fail_on`.
    failed: bool,
    fail_on: &'static str,
}

/// One file that was read.
#[derive(Debug, Serialize)]
struct File<'a> {
    path: Cow<'a, str>,
    dialect: Option<&'static str>,
    role: Option<&'static str>,
    detection: Option<&'static str>,
    servers: usize,
    /// How many findings (all severities) are in this file.
    findings: usize,
}

/// One finding.
#[derive(Debug, Serialize)]
struct Finding<'a> {
    rule: &'static str,
    severity: &'static str,
    category: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    location: Place<'a>,
    related: Vec<Place<'a>>,
}

/// A resolved place in a file.
#[derive(Debug, Serialize)]
struct Place<'a> {
    path: Cow<'a, str>,
    /// RFC 6901 JSON Pointer (`""` is the whole document), or `null` for a place found by
    /// position only (syntax errors).
    pointer: Option<String>,
    start: Position,
    end: Position,
    label: Option<&'a str>,
}

/// A position: 1-based line, 1-based column in characters, 0-based byte offset.
#[derive(Debug, Serialize)]
struct Position {
    line: usize,
    column: usize,
    offset: usize,
}

/// A problem with the run itself.
#[derive(Debug, Serialize)]
struct ToolError<'a> {
    path: Option<Cow<'a, str>>,
    message: &'a str,
}

impl<'a> Document<'a> {
    fn new(report: &'a Report, fail_on: Severity) -> Self {
        let counts = report.counts();
        Self {
            version: VERSION,
            tool: Tool { name: "mcpcheck", version: env!("CARGO_PKG_VERSION") },
            summary: Summary {
                files: report.files.len(),
                errors: counts.errors,
                warnings: counts.warnings,
                info: counts.info,
                suppressed: report.suppressed().count(),
                failed: report.fails(fail_on),
                fail_on: severity(fail_on),
            },
            files: report
                .files
                .iter()
                .map(|f| File {
                    path: path(&f.source.path),
                    dialect: f.dialect,
                    role: f.role,
                    detection: f.detection.map(detection),
                    servers: f.servers,
                    findings: f.findings.len(),
                })
                .collect(),
            findings: report.findings().map(Finding::new).collect(),
            suppressed: report
                .suppressed()
                .map(|s| SuppressedFinding {
                    finding: Finding::new(&s.finding),
                    suppression: SuppressionInfo {
                        kind: s.by.kind.as_str(),
                        reason: s.by.reason.as_deref(),
                        location: s.by.location.as_ref().map(Place::new),
                    },
                })
                .collect(),
            errors: report
                .errors
                .iter()
                .map(|e| ToolError { path: e.path.as_deref().map(path), message: &e.message })
                .collect(),
            baseline: report.baseline.as_ref().map(|b| Baseline {
                path: path(&b.path),
                matched: b.matched,
                stale: b.stale,
            }),
            discovery: Vec::new(),
            probes: report.probes.iter().map(super::probes::Probe::new).collect(),
            machine: report.machine.iter().map(super::doctor::Machine::new).collect(),
            config: None,
        }
    }
}

impl<'a> Finding<'a> {
    fn new(f: &'a crate::finding::Finding) -> Self {
        Self {
            rule: f.rule.id,
            severity: severity(f.severity),
            category: f.rule.category.as_str(),
            message: &f.message,
            help: f.help.as_deref(),
            location: Place::new(&f.primary),
            related: f.related.iter().map(Place::new).collect(),
        }
    }
}

impl<'a> Place<'a> {
    fn new(location: &'a Location) -> Self {
        Self {
            path: path(&location.path),
            pointer: location.pointer.as_ref().map(ToString::to_string),
            start: Position { line: location.start.line, column: location.start.column, offset: location.span.start },
            end: Position { line: location.end.line, column: location.end.column, offset: location.span.end },
            label: location.label.as_deref(),
        }
    }
}

/// A path as given; bytes that are not UTF-8 become U+FFFD.
fn path(path: &Path) -> Cow<'_, str> {
    path.to_string_lossy()
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn detection(detection: Detection) -> &'static str {
    match detection {
        Detection::Path => "path",
        Detection::Shape => "shape",
        Detection::Flag => "flag",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::report::fixtures::{self, SECRET, UNRELATED_SECRET};
    use crate::report::{FileReport, ToolError};

    fn json_text(report: &Report, options: &RenderOptions) -> String {
        let mut out = Vec::new();
        render(report, options, &mut out).expect("render");
        String::from_utf8(out).expect("utf-8")
    }

    fn json(report: &Report, options: &RenderOptions) -> Value {
        serde_json::from_str(&json_text(report, options)).expect("valid JSON")
    }

    #[test]
    fn version_first_pretty_with_trailing_newline() {
        let text = json_text(&fixtures::report(), &fixtures::options());
        assert!(text.starts_with("{\n  \"version\": 1,\n"), "{text}");
        assert!(text.ends_with("}\n") && !text.ends_with("\n\n"), "{text}");
        let doc: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(doc["tool"]["name"], "mcpcheck");
        assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));
        let keys: Vec<&str> = doc.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "version",
                "tool",
                "summary",
                "files",
                "findings",
                "suppressed",
                "errors",
                "baseline",
                "discovery",
                "probes",
                "machine"
            ]
        );
    }

    #[test]
    fn summary_counts_and_failed() {
        let doc = json(&fixtures::report(), &fixtures::options());
        let summary = &doc["summary"];
        assert_eq!(summary["files"], 3);
        assert_eq!(summary["errors"], 2);
        assert_eq!(summary["warnings"], 1);
        assert_eq!(summary["info"], 1);
        assert_eq!(summary["failed"], true);
        assert_eq!(summary["fail_on"], "warning");
        assert_eq!(doc["findings"].as_array().expect("array").len(), 4);
        assert_eq!(doc["files"][0]["findings"], 3);

        // Only an info finding: passes under `--fail-on warning`, fails under `info`.
        let mut file = fixtures::project_file();
        file.findings.drain(..2);
        let report = Report { files: vec![file], ..Report::default() };
        assert_eq!(json(&report, &fixtures::options())["summary"]["failed"], false);
        let options = RenderOptions { fail_on: Severity::Info, ..fixtures::options() };
        let doc = json(&report, &options);
        assert_eq!(doc["summary"]["failed"], true);
        assert_eq!(doc["summary"]["fail_on"], "info");

        let empty = json(&Report::default(), &fixtures::options());
        assert_eq!(empty["summary"]["files"], 0);
        assert_eq!(empty["summary"]["failed"], false);
        assert_eq!(empty["findings"], Value::Array(Vec::new()));
    }

    #[test]
    fn findings_and_locations() {
        let report = fixtures::report();
        let doc = json(&report, &fixtures::options());
        let finding = &doc["findings"][0];
        let source = &report.files[0].findings[0];
        assert_eq!(finding["rule"], "url-without-type");
        assert_eq!(finding["severity"], "error");
        assert_eq!(finding["category"], "structure");
        assert_eq!(finding["message"], source.message.as_str());
        assert_eq!(finding["help"], "Add `\"type\": \"http\"` to this entry");
        let location = &finding["location"];
        assert_eq!(location["path"], ".mcp.json");
        assert_eq!(location["pointer"], "/mcpServers/linear/url");
        assert_eq!(location["start"]["line"], source.primary.start.line);
        assert_eq!(location["start"]["column"], source.primary.start.column);
        assert_eq!(location["start"]["offset"], source.primary.span.start);
        assert_eq!(location["end"]["offset"], source.primary.span.end);
        assert_eq!(location["label"], "no `type` beside this `url`");
        assert_eq!(finding["related"][0]["pointer"], "/mcpServers/linear");
        assert_eq!(finding["related"][0]["label"], "this entry");
        assert_eq!(doc["findings"][3]["location"]["start"]["line"], 4);
    }

    #[test]
    fn absent_values_are_null_and_keys_stable() {
        let mut report = fixtures::report();
        report.errors.push(ToolError { path: None, message: "nothing to check".to_owned() });
        let doc = json(&report, &fixtures::options());
        let info = &doc["findings"][2];
        assert_eq!(info["help"], Value::Null);
        assert_eq!(info["location"]["label"], Value::Null);
        assert_eq!(info["related"], Value::Array(Vec::new()));
        assert_eq!(doc["findings"][3]["location"]["pointer"], Value::Null);
        let broken = &doc["files"][1];
        for key in ["dialect", "role", "detection"] {
            assert_eq!(broken.get(key), Some(&Value::Null), "{key}");
        }
        assert_eq!(doc["files"][2]["detection"], "shape");
        assert_eq!(doc["errors"][0]["path"], "missing.json");
        assert_eq!(doc["errors"][1].get("path"), Some(&Value::Null));
        assert_eq!(doc["errors"][1]["message"], "nothing to check");
    }

    #[test]
    fn never_contains_source_text() {
        let report = fixtures::report();
        for options in [fixtures::options(), RenderOptions { fail_on: Severity::Info, ..fixtures::options() }] {
            let text = json_text(&report, &options);
            assert!(!text.contains(SECRET), "{text}");
            assert!(!text.contains(UNRELATED_SECRET), "{text}");
            // Text that appears only in the files, in no message, label or help.
            assert!(!text.contains("mcp.linear.app"), "{text}");
            assert!(!text.contains("npx"), "{text}");
        }
        // Even when a file has no redactions at all.
        let mut file: FileReport = fixtures::project_file();
        file.redact.clear();
        let text = json_text(&Report { files: vec![file], ..Report::default() }, &fixtures::options());
        assert!(!text.contains(SECRET) && !text.contains(UNRELATED_SECRET), "{text}");
    }

    /// Each place discovery looked at: its path, client, scope, status and (when skipped) why;
    /// every key has a row in docs/json-output.md.
    #[test]
    fn discovery_lists_each_place_and_is_documented() {
        use crate::discover::{PLACES, Scope, Skip, Status, Tried};
        let place = PLACES.iter().find(|p| p.dialect == "claude-code" && p.scope == Scope::User).unwrap();
        let tried = [
            Tried { place, path: "/h/.claude.json".into(), status: Status::Found },
            Tried {
                place,
                path: "$CLAUDE_CONFIG_DIR/.claude.json".into(),
                status: Status::Skipped(Skip::Unset("CLAUDE_CONFIG_DIR")),
            },
        ];
        let mut out = Vec::new();
        render_with_discovery(&Report::default(), &tried, &fixtures::options(), &mut out).unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        let found = &doc["discovery"][0];
        assert_eq!(found["path"], "/h/.claude.json");
        assert_eq!(found["dialect"], "claude-code");
        assert_eq!(found["client"], "Claude Code");
        assert_eq!(found["scope"], "user");
        assert_eq!(found["status"], "found");
        assert_eq!(found["reason"], Value::Null);
        assert_eq!(doc["discovery"][1]["status"], "skipped");
        assert_eq!(doc["discovery"][1]["reason"], "env CLAUDE_CONFIG_DIR is not set");
        const DOC: &str = include_str!("../../docs/json-output.md");
        let section = &DOC[DOC.find("### `discovery[]`").expect("a discovery section")..];
        for key in found.as_object().unwrap().keys() {
            assert!(section.contains(&format!("| `{key}` |")), "`discovery[].{key}` is not documented");
        }
        assert_eq!(json(&Report::default(), &fixtures::options())["discovery"], Value::Array(Vec::new()));
    }

    /// The contract in docs/json-output.md: its example is what the renderer writes, and
    /// every key the renderer writes has a row in one of its tables.
    #[test]
    fn docs_match_the_renderer() {
        const DOC: &str = include_str!("../../docs/json-output.md");
        let start = DOC.find("```json\n").expect("example block") + "```json\n".len();
        let end = start + DOC[start..].find("\n```").expect("end of example");
        let mut example: Value = serde_json::from_str(&DOC[start..end]).expect("example parses");
        example["tool"]["version"] = Value::from(env!("CARGO_PKG_VERSION"));
        assert_eq!(json(&fixtures::doc_example_report(), &fixtures::options()), example);

        fn keys(value: &Value, out: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    for (key, value) in map {
                        out.push(key.clone());
                        keys(value, out);
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        let mut report = fixtures::report();
        report.files.extend(fixtures::doc_example_report().files);
        keys(&json(&report, &fixtures::options()), &mut all);
        for key in all {
            assert!(DOC.contains(&format!("| `{key}` |")), "`{key}` is not documented in docs/json-output.md");
        }
    }
}
