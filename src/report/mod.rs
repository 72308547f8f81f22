//! Reports: the result of a run (files checked, findings, tool errors) and the renderers
//! that turn it into text. Each format lives in its own leaf module and owns its mappings;
//! they all expose `render(report, options, out)`. Nothing here decides what is a finding.

pub mod catalogue;
pub mod config;
pub mod doctor;
#[cfg(test)]
mod fixtures;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod probes;
pub mod sarif;

use std::io::{self, Write};
use std::path::PathBuf;

use crate::dialect::Detection;
use crate::finding::{Finding, Severity};
use crate::source::{SourceFile, Span};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated snippets for people (colour on a terminal only; `NO_COLOR` honoured).
    Human,
    /// A versioned JSON document for scripts (see docs/json-output.md).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (`--format sarif`).
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding, most severe first
    /// (the CLI value `github`).
    Github,
    /// A JUnit XML test report: one test case per file and rule (the CLI value `junit`).
    Junit,
}

/// How to render.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Use ANSI colour.
    pub color: bool,
    /// Wrap width for human output.
    pub width: usize,
    /// Severity at or above which the run fails (shown in the summary).
    pub fail_on: Severity,
    /// Show suppressed findings too (human output; JSON always has them).
    pub show_suppressed: bool,
}

/// One file that was read, with what was found in it.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file's text (for snippets and line numbers).
    pub source: SourceFile,
    /// The dialect it was checked as (`None` when it could not be parsed or matched none).
    pub dialect: Option<&'static str>,
    /// What the file is for its client, e.g. "project `.mcp.json`".
    pub role: Option<&'static str>,
    /// How the dialect was decided.
    pub detection: Option<Detection>,
    /// Number of server entries the client reads from it.
    pub servers: usize,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
    /// Findings an ignore entry, an ignore comment or the baseline suppressed, with why.
    pub suppressed: Vec<Suppressed>,
    /// Byte spans whose text must never be shown (env and header values, URL passwords).
    /// Renderers that show source text replace these bytes with `*`.
    pub redact: Vec<Span>,
}

/// What suppressed a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    /// An `ignore` entry of mcpcheck.json.
    Config,
    /// A `// mcpcheck-ignore: rule -- reason` comment.
    Comment,
    /// The baseline file.
    Baseline,
}

impl SuppressionKind {
    /// Lowercase name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Config => "config",
            SuppressionKind::Comment => "comment",
            SuppressionKind::Baseline => "baseline",
        }
    }
}

/// Why a finding is not reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppression {
    /// What suppressed it.
    pub kind: SuppressionKind,
    /// The reason written with the suppression.
    pub reason: Option<String>,
    /// Where the suppression is written (the comment or the mcpcheck.json entry).
    pub location: Option<crate::finding::Location>,
}

/// A finding that was suppressed, and by what.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppressed {
    /// The finding as it would have been reported.
    pub finding: Finding,
    /// What suppressed it.
    pub by: Suppression,
}

/// How a baseline applied to a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineStatus {
    /// The baseline file.
    pub path: PathBuf,
    /// Findings it suppressed.
    pub matched: usize,
    /// Its entries that matched no finding (fixed since it was written).
    pub stale: usize,
}

/// A problem with the run itself rather than with a file's contents (unreadable path, a
/// file that matches no dialect): exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolError {
    /// The path concerned, if any.
    pub path: Option<PathBuf>,
    /// What went wrong and what to do.
    pub message: String,
}

/// Everything one run produced.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Files read, in the order given or discovered.
    pub files: Vec<FileReport>,
    /// Problems with the run itself.
    pub errors: Vec<ToolError>,
    /// How the baseline applied, when one was used.
    pub baseline: Option<BaselineStatus>,
    /// `probe`: one record per configured server, probed or not.
    pub probes: Vec<crate::probe::record::ProbeRecord>,
    /// `doctor`: what this machine offers each server a client would use.
    pub machine: Vec<crate::doctor::record::MachineRecord>,
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub info: usize,
}

impl Report {
    /// Every finding of every file.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }

    /// Counts by severity.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for f in self.findings() {
            match f.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    /// Every suppressed finding of every file.
    pub fn suppressed(&self) -> impl Iterator<Item = &Suppressed> {
        self.files.iter().flat_map(|f| f.suppressed.iter())
    }

    /// Whether any finding is at or above `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings().any(|f| f.severity >= fail_on)
    }
}

/// Render `report` in `format` to `out`.
pub fn render(format: Format, report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    render_with_discovery(format, report, &[], options, out)
}

/// Render `report` in `format` to `out`, with the places discovery looked at (JSON output
/// carries them as `discovery`; human output shows them only with `--explain-discovery`, on
/// standard error, so they are not part of it).
pub fn render_with_discovery(
    format: Format,
    report: &Report,
    discovery: &[crate::discover::Tried],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, options, out),
        Format::Json => json::render_with_discovery(report, discovery, options, out),
        Format::Sarif => sarif::render(report, options, out),
        Format::Github => github::render(report, options, out),
        Format::Junit => junit::render(report, options, out),
    }
}

/// `text` with every redacted span's bytes replaced by `*` (line breaks kept), so offsets,
/// lines and columns stay valid. A span edge inside a multi-byte character widens to cover
/// the whole character, so the result is always valid UTF-8 of the same length.
pub fn redacted_text(text: &str, redact: &[Span]) -> String {
    if redact.is_empty() {
        return text.to_owned();
    }
    let mut bytes = text.as_bytes().to_vec();
    for span in redact {
        let mut end = span.end.min(text.len());
        let mut start = span.start.min(end);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        for b in &mut bytes[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b'*';
            }
        }
    }
    // Whole characters were replaced by ASCII, so this cannot fail; stay total anyway.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_offsets_and_line_breaks() {
        let text = "{\"k\": \"ab\ncd\"}";
        let start = text.find("ab").unwrap();
        let masked = redacted_text(text, &[Span::new(start, start + 5)]);
        assert_eq!(masked, "{\"k\": \"**\n**\"}");
    }

    #[test]
    fn redaction_widens_to_whole_characters() {
        let text = "\"é€x\"";
        // 1..2 splits `é`; 4..5 splits `€`.
        let masked = redacted_text(text, &[Span::new(1, 2), Span::new(4, 5)]);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked, "\"*****x\"");
    }
}
