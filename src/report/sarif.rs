//! SARIF 2.1.0 output (`--format sarif`) for GitHub code scanning and other SARIF viewers,
//! built from small wire structs defined here (only what we emit), never from internal types.
//!
//! - `tool.driver.rules` is the whole catalogue, in catalogue order, so `ruleIndex` is a
//!   finding's rule's position in [`CATALOGUE`].
//! - Columns are 1-based and counted in Unicode code points (`columnKind`), as
//!   [`crate::source::LineCol`] counts them; `endColumn` is the column just past the region.
//! - URIs are relative to the current directory with `/` separators and `uriBaseId`
//!   `%SRCROOT%`; paths outside it stay absolute as `file://` URIs.
//! - `partialFingerprints."mcpcheck/v1"` hashes rule id, URI, JSON Pointer and message (not the
//!   line), so it survives moving a server entry. `primaryLocationLineHash` is not written: it
//!   is a hash of the line's source text, which may hold a secret, and the `upload-sarif`
//!   action computes it from the checked-out file.
//! - Suppressed findings are results with `suppressions` (`inSource` for ignore comments,
//!   `external` for mcpcheck.json and the baseline).
//! - No snippets and no source text: values in settings files may be secrets.
//! - `security-severity` (security rules only, from their default severity): error 8.0 (GitHub
//!   "high"), warning 5.0 ("medium"), info 2.0 ("low").
//!
//! See: PROTOCOL.md §2.9 (what GitHub requires); DESIGN.md §4 and §5.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{RenderOptions, Report, Suppression, SuppressionKind};
use crate::finding::{Finding, Location, Severity};
use crate::rules::{CATALOGUE, Category, RuleMeta};

/// The `$schema` of the document.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base id of relative URIs: the directory mcpcheck ran in (the repository root in CI).
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of our own fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "mcpcheck/v1";

/// Render the report as one SARIF 2.1.0 log followed by a newline, with URIs relative to the
/// current directory.
pub fn render(report: &Report, _options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let base = std::env::current_dir().ok();
    let log = Log::new(report, base.as_deref());
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text<'static>,
    full_description: Text<'static>,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

impl<'a> Text<'a> {
    fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Self { text: text.into() }
    }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text<'static>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation<'static>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    /// What to do about it (the finding's help).
    help: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct SarifSuppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<SarifLocation<'a>>,
}

impl<'a> Log<'a> {
    fn new(report: &'a Report, base: Option<&Path>) -> Self {
        let mut results = Vec::new();
        for file in &report.files {
            for finding in &file.findings {
                results.push(SarifResult::new(finding, None, base));
            }
            for suppressed in &file.suppressed {
                results.push(SarifResult::new(&suppressed.finding, Some(&suppressed.by), base));
            }
        }
        let notifications = report
            .errors
            .iter()
            .map(|error| Notification {
                level: "error",
                message: Text::new(error.message.clone()),
                locations: error
                    .path
                    .iter()
                    .map(|path| SarifLocation {
                        id: None,
                        physical_location: PhysicalLocation { artifact_location: artifact(path, base), region: None },
                        message: None,
                    })
                    .collect(),
            })
            .collect();
        Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "mcpcheck",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        rules: CATALOGUE.iter().map(|meta| Rule::new(meta)).collect(),
                    },
                },
                invocations: vec![Invocation {
                    execution_successful: report.errors.is_empty(),
                    tool_execution_notifications: notifications,
                }],
                column_kind: "unicodeCodePoints",
                results,
            }],
        }
    }
}

impl Rule {
    fn new(meta: &'static RuleMeta) -> Self {
        let docs = super::catalogue::docs(meta);
        let what = what_it_does(&docs);
        let mut tags = vec![meta.category.as_str()];
        if meta.category == Category::Security && !tags.contains(&"security") {
            tags.push("security");
        }
        Rule {
            id: meta.id,
            name: camel_case(meta.id),
            short_description: Text::new(meta.summary),
            full_description: Text::new(if what.is_empty() { meta.summary.to_owned() } else { what }),
            help: Help { text: docs.clone(), markdown: docs },
            default_configuration: Configuration { level: level(meta.default_severity) },
            properties: RuleProperties {
                tags,
                security_severity: (meta.category == Category::Security)
                    .then(|| security_severity(meta.default_severity)),
            },
        }
    }
}

impl<'a> SarifResult<'a> {
    fn new(finding: &'a Finding, suppressed_by: Option<&'a Suppression>, base: Option<&Path>) -> Self {
        let primary = location(&finding.primary, None, base);
        let uri = primary.physical_location.artifact_location.uri.clone();
        let related = finding
            .related
            .iter()
            .enumerate()
            .map(|(index, related)| location(related, Some(index + 1), base))
            .collect();
        let suppressions = suppressed_by
            .map(|by| {
                vec![SarifSuppression {
                    kind: match by.kind {
                        SuppressionKind::Comment => "inSource",
                        SuppressionKind::Config | SuppressionKind::Baseline => "external",
                    },
                    justification: by.reason.as_deref().filter(|reason| !reason.is_empty()),
                    location: by.location.as_ref().map(|at| location(at, None, base)),
                }]
            })
            .unwrap_or_default();
        SarifResult {
            rule_id: finding.rule.id,
            rule_index: CATALOGUE.iter().position(|meta| meta.id == finding.rule.id),
            level: level(finding.severity),
            message: Text::new(finding.message.as_str()),
            locations: vec![primary],
            related_locations: related,
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint(finding, &uri))]),
            suppressions,
            properties: finding.help.as_deref().map(|help| ResultProperties { help }),
        }
    }
}

/// A SARIF location with a region (1-based lines and columns; columns at least 1).
fn location<'a>(at: &'a Location, id: Option<usize>, base: Option<&Path>) -> SarifLocation<'a> {
    SarifLocation {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact(&at.path, base),
            region: Some(Region {
                start_line: at.start.line.max(1),
                start_column: at.start.column.max(1),
                end_line: at.end.line.max(at.start.line).max(1),
                end_column: at.end.column.max(1),
            }),
        },
        message: at.label.as_deref().filter(|label| !label.is_empty()).map(Text::new),
    }
}

/// SARIF level of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's `security-severity` (a number from 0.0 to 10.0, as a string) of a security rule's
/// default severity: above 7.0 is "high", 4.0 to 6.9 "medium", 0.1 to 3.9 "low".
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
    }
}

/// `url-without-type` → `UrlWithoutType`.
fn camel_case(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The "What it does" section of a rule's Markdown docs as plain text: paragraphs joined into
/// lines, backticks dropped.
fn what_it_does(docs: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut inside = false;
    for line in docs.lines() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("## ") {
            if inside {
                break;
            }
            inside = heading.trim().eq_ignore_ascii_case("what it does");
            continue;
        }
        if !inside {
            continue;
        }
        if trimmed.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(&trimmed.replace('`', ""));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}

/// A stable fingerprint: rule id, URI, JSON Pointer (empty without one) and message; never
/// the line, so moving an entry keeps it. 128 bits as hex.
fn fingerprint(finding: &Finding, uri: &str) -> String {
    let mut hasher = Sha256::new();
    let pointer = match &finding.primary.pointer {
        Some(pointer) => pointer.to_string(),
        None => String::new(),
    };
    for part in [finding.rule.id, uri, pointer.as_str(), finding.message.as_str()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    digest.iter().take(16).map(|byte| format!("{byte:02x}")).collect()
}

/// The artifact location of `path`: relative to `base` with `/` separators and `%SRCROOT%`
/// when it is inside it (or relative already), else an absolute `file://` URI.
fn artifact(path: &Path, base: Option<&Path>) -> ArtifactLocation {
    let relative: Option<PathBuf> = if path.is_absolute() {
        base.and_then(|base| path.strip_prefix(base).ok()).map(Path::to_path_buf)
    } else {
        Some(path.to_path_buf())
    };
    match relative {
        Some(relative) => {
            let parts: Vec<String> = relative
                .components()
                .filter_map(|component| match component {
                    Component::Normal(part) => Some(encode(&part.to_string_lossy())),
                    Component::ParentDir => Some("..".to_owned()),
                    _ => None,
                })
                .collect();
            ArtifactLocation { uri: parts.join("/"), uri_base_id: Some(SRCROOT) }
        }
        None => {
            let mut uri = String::from("file://");
            for component in path.components() {
                match component {
                    Component::Prefix(prefix) => {
                        uri.push('/');
                        uri.push_str(&encode(&prefix.as_os_str().to_string_lossy()));
                    }
                    Component::RootDir => {}
                    Component::Normal(part) => {
                        uri.push('/');
                        uri.push_str(&encode(&part.to_string_lossy()));
                    }
                    Component::ParentDir => uri.push_str("/.."),
                    Component::CurDir => {}
                }
            }
            ArtifactLocation { uri, uri_base_id: None }
        }
    }
}

/// Percent-encode one path segment (RFC 3986: everything but unreserved characters, and `:`
/// for Windows drive letters).
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_of_ids() {
        assert_eq!(camel_case("url-without-type"), "UrlWithoutType");
        assert_eq!(camel_case("json"), "Json");
    }

    #[test]
    fn relative_uris_use_slashes_and_srcroot() {
        let location = artifact(Path::new("./a dir/.mcp.json"), None);
        assert_eq!(location.uri, "a%20dir/.mcp.json");
        assert_eq!(location.uri_base_id, Some(SRCROOT));
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_inside_the_base_become_relative_and_others_file_uris() {
        let inside = artifact(Path::new("/repo/sub/.mcp.json"), Some(Path::new("/repo")));
        assert_eq!((inside.uri.as_str(), inside.uri_base_id), ("sub/.mcp.json", Some(SRCROOT)));
        let outside = artifact(Path::new("/home/u/.claude.json"), Some(Path::new("/repo")));
        assert_eq!((outside.uri.as_str(), outside.uri_base_id), ("file:///home/u/.claude.json", None));
    }

    #[test]
    fn full_description_is_the_what_it_does_section_in_plain_text() {
        let docs = "## What it does\nFlags `x`\nwhen set.\n\nSecond.\n\n## Why is this bad?\nNo.";
        assert_eq!(what_it_does(docs), "Flags x when set.\n\nSecond.");
    }

    #[test]
    fn every_rule_has_non_empty_descriptions() {
        for meta in CATALOGUE {
            let rule = Rule::new(meta);
            assert!(!rule.short_description.text.is_empty(), "{}", meta.id);
            assert!(!rule.full_description.text.is_empty(), "{}", meta.id);
            assert!(!rule.help.text.is_empty(), "{}", meta.id);
            assert_eq!(rule.properties.security_severity.is_some(), meta.category == Category::Security);
        }
    }
}
