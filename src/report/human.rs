//! Human output: one miette graphical diagnostic per finding, tool errors, then a summary
//! and the list of files checked. This is the only module in the crate that imports miette.
//!
//! Snippets never show secrets: each file's text is masked with [`redacted_text`] once, and
//! every label, context line and header is read from that masked copy. Snippets are bounded:
//! a label covering many lines is shown on its first line, and a very long line (a minified
//! file) is shown as a window around the label, so a finding in a 50 MB file prints a few
//! lines, not the file. miette draws no caret past the last character, so a point at the very
//! end of a file ("the file ends too early") is drawn at the end of the last line, and the
//! snippet header names that place; JSON keeps the exact position. Output is deterministic:
//! no timings, and paths are printed as given.
//!
//! See: DESIGN.md §2 (summary and `--fail-on`), §5 (redaction); STYLE.md §1.2 point 4;
//! <https://docs.rs/miette/7.6.0/miette/struct.GraphicalReportHandler.html>

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use super::{Counts, FileReport, RenderOptions, Report, redacted_text};
use crate::dialect::Detection;
use crate::finding::{Finding, Location, Severity};
use crate::source::{SourceFile, Span};

/// A label covering more lines than this is shown on its first line only.
const MAX_LABEL_LINES: usize = 8;
/// A line longer than this (in bytes) is shown as a window around the label.
const LONG_LINE: usize = 200;
/// Bytes of a long line shown on each side of a label.
const WINDOW_CONTEXT: usize = 24;
/// On a long line, a label is underlined over at most this many bytes.
const MAX_LONG_LINE_LABEL: usize = 48;
/// Narrowest wrap width used, whatever the options say (miette cannot wrap at zero).
const MIN_WIDTH: usize = 40;

/// Render findings, tool errors and a summary for people.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    super::probes::table(&report.probes, out)?;
    // Suppressed findings, when asked for, are drawn like the others with what suppressed them
    // in front of the message. Built before the snippets so they live as long.
    let suppressed: Vec<(usize, Finding)> = if options.show_suppressed {
        report
            .files
            .iter()
            .enumerate()
            .flat_map(|(index, file)| file.suppressed.iter().map(move |s| (index, s)))
            .map(|(index, s)| {
                let why = match &s.by.reason {
                    Some(reason) => format!("suppressed by {}: {reason}", s.by.kind.as_str()),
                    None => format!("suppressed by {}", s.by.kind.as_str()),
                };
                (index, Finding { message: format!("[{why}] {}", s.finding.message), ..s.finding.clone() })
            })
            .collect()
    } else {
        Vec::new()
    };
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(options.width.max(MIN_WIDTH)).with_urls(false);
    // Built on first use (a file's own findings, or a related location in another file) and
    // kept for the whole render, so each file is masked at most once.
    let snippets: Vec<OnceCell<Snippet<'_>>> = report.files.iter().map(|_| OnceCell::new()).collect();
    let snippet = |index: usize| snippets[index].get_or_init(|| Snippet::new(&report.files[index]));

    let mut first = true;
    for (index, file) in report.files.iter().enumerate() {
        for finding in &file.findings {
            if !first {
                writeln!(out)?;
            }
            first = false;
            render_finding(&handler, report, finding, index, &snippet, out)?;
        }
    }
    for (index, finding) in &suppressed {
        if !first {
            writeln!(out)?;
        }
        first = false;
        render_finding(&handler, report, finding, *index, &snippet, out)?;
    }

    if !report.errors.is_empty() {
        if !first {
            writeln!(out)?;
        }
        for error in &report.errors {
            let prefix = paint("error", "1;31", options.color);
            let message = clean(&error.message);
            match &error.path {
                Some(path) => writeln!(out, "{prefix}: {}: {message}", clean(&path.display().to_string()))?,
                None => writeln!(out, "{prefix}: {message}")?,
            }
        }
        first = false;
    }

    if !first {
        writeln!(out)?;
    }
    render_summary(report, options, out)
}

/// Render one finding as a miette report, then its related locations in other files: as
/// diagnostics with that file's snippet when the report holds the file, else as `note:` lines.
fn render_finding<'s, 'r: 's>(
    handler: &GraphicalReportHandler,
    report: &'r Report,
    finding: &'r Finding,
    file_index: usize,
    snippet: &dyn Fn(usize) -> &'s Snippet<'r>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let own = snippet(file_index);
    let own_path = &report.files[file_index].source.path;
    let mut labels =
        vec![LabeledSpan::new_primary_with_span(label_text(&finding.primary), own.display_span(finding.primary.span))];
    let mut related = Vec::new();
    let mut notes = Vec::new();
    for location in &finding.related {
        if &location.path == own_path {
            let span = own.display_span(location.span);
            labels.push(LabeledSpan::new_with_span(label_text(location), span));
        } else if let Some(index) = report.files.iter().position(|f| f.source.path == location.path) {
            let other = snippet(index);
            let span = other.display_span(location.span);
            let label = LabeledSpan::new_primary_with_span(label_text(location), span);
            related.push(RelatedDiagnostic { location, source: other, label });
        } else {
            notes.push(location);
        }
    }
    let mut diagnostic = FindingDiagnostic { finding, source: Some(own), labels };
    if !write_report(handler, &diagnostic, out)? {
        // NOTE: not expected (every span is made readable first), but a snippet that cannot
        // be drawn must not lose the finding: draw it without one, then say where it is.
        diagnostic.source = None;
        write_report(handler, &diagnostic, out)?;
        notes.insert(0, &finding.primary);
    }
    for diagnostic in &related {
        if !write_report(handler, diagnostic, out)? {
            notes.push(diagnostic.location);
        }
    }
    for location in notes {
        let path = location.path.display().to_string();
        write!(out, "  note: {}:{}:{}", clean(&path), location.start.line, location.start.column)?;
        match &location.label {
            Some(label) => writeln!(out, ": {}", clean(label))?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}

/// A location's label, made safe for a terminal.
fn label_text(location: &Location) -> Option<String> {
    location.label.as_deref().map(|l| clean(l).into_owned())
}

/// Render one diagnostic, without trailing blank lines or trailing spaces (stable snapshots).
/// Returns `false`, having written nothing, when miette could not draw it.
fn write_report(
    handler: &GraphicalReportHandler,
    diagnostic: &dyn Diagnostic,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let mut text = String::new();
    if handler.render_report(&mut text, diagnostic).is_err() {
        return Ok(false);
    }
    for line in text.trim_end().lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(true)
}

/// The summary sentence(s) and the list of files checked.
fn render_summary(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let total = report.files.len();
    if total > 0 {
        writeln!(out, "Checked {}:", plural(total, "file", "files"))?;
        for file in &report.files {
            writeln!(out, "  {}", describe_file(file))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(report, options.fail_on))?;
    let suppressed = report.suppressed().count();
    if suppressed > 0 {
        let how = if options.show_suppressed { "shown above" } else { "--show-suppressed lists them" };
        writeln!(out, "{} not reported ({how}).", plural(suppressed, "suppressed finding", "suppressed findings"))?;
    }
    if let Some(baseline) = &report.baseline
        && baseline.stale > 0
    {
        let path = baseline.path.display().to_string();
        writeln!(
            out,
            "{} of the baseline {} matched nothing (fixed since it was written); refresh it with --write-baseline.",
            plural(baseline.stale, "entry", "entries"),
            clean(&path)
        )?;
    }
    if !report.errors.is_empty() {
        let n = report.errors.len();
        writeln!(out, "{} (see above): not everything could be checked.", plural(n, "tool error", "tool errors"))?;
    }
    Ok(())
}

/// `.mcp.json — claude-code, project `.mcp.json` (by path), 3 servers`.
fn describe_file(file: &FileReport) -> String {
    let path = file.source.path.display().to_string();
    let path = clean(&path);
    let Some(dialect) = file.dialect else {
        return format!("{path} — (not parsed)");
    };
    let mut line = format!("{path} — {dialect}");
    if let Some(role) = file.role {
        line.push_str(", ");
        line.push_str(role);
    }
    if let Some(detection) = file.detection {
        line.push_str(match detection {
            Detection::Path => " (by path)",
            Detection::Shape => " (by contents)",
            Detection::Flag => " (from --dialect)",
        });
    }
    line.push_str(", ");
    line.push_str(&plural(file.servers, "server", "servers"));
    line
}

/// `Found 2 errors, 1 warning and 1 info in 1 of 3 files.` or `No problems found in 3 files.`
/// When nothing reaches `fail_on`, says so, because the run then passes despite findings.
fn summary_line(report: &Report, fail_on: Severity) -> String {
    let total = report.files.len();
    let counts = report.counts();
    if counts == Counts::default() {
        return match total {
            0 => "No files checked.".to_owned(),
            _ => format!("No problems found in {}.", plural(total, "file", "files")),
        };
    }
    let with_findings = report.files.iter().filter(|f| !f.findings.is_empty()).count();
    let scope = if with_findings == total {
        plural(total, "file", "files")
    } else {
        format!("{with_findings} of {}", plural(total, "file", "files"))
    };
    let mut line = format!("Found {} in {scope}", count_phrase(counts));
    if !report.fails(fail_on) {
        line.push_str(&format!(" (none at or above --fail-on {})", fail_on.as_str()));
    }
    line.push('.');
    line
}

/// `2 errors, 1 warning and 1 info` (zero counts left out).
fn count_phrase(counts: Counts) -> String {
    let parts: Vec<String> =
        [(counts.errors, "error", "errors"), (counts.warnings, "warning", "warnings"), (counts.info, "info", "info")]
            .into_iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| plural(n, one, many))
            .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// `1 file`, `3 files`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `text` in an SGR style when colour is on.
fn paint(text: &str, sgr: &str, color: bool) -> String {
    if color { format!("\x1b[{sgr}m{text}\x1b[0m") } else { text.to_owned() }
}

/// A finding as a miette diagnostic: borrowed, built per finding, dropped after rendering.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<&'a Snippet<'a>>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingDiagnostic").field("rule", &self.finding.rule.id).finish_non_exhaustive()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&clean(&self.finding.message))
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.finding.rule.id))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding.help.as_deref().map(|h| Box::new(clean(h)) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// A related location in another file of the report, shown right after its finding as an
/// advice with that file's snippet. (miette's own `related()` rendering prefixes a bare
/// `Advice:` line, and its nested form wraps source lines, so it is not used.)
struct RelatedDiagnostic<'a> {
    location: &'a Location,
    source: &'a Snippet<'a>,
    label: LabeledSpan,
}

impl fmt::Debug for RelatedDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RelatedDiagnostic").field("path", &self.location.path).finish_non_exhaustive()
    }
}

impl fmt::Display for RelatedDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "related location in {}", clean(&self.location.path.display().to_string()))
    }
}

impl std::error::Error for RelatedDiagnostic<'_> {}

impl Diagnostic for RelatedDiagnostic<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

/// One file's masked text as a miette [`SourceCode`], named by its path.
///
/// miette's own `SourceCode` impls scan the text from its first byte on every read and count
/// columns in bytes; this one uses the file's line index (so a read costs one binary search)
/// and counts columns in characters, as [`crate::source::LineCol`] does, so the snippet header
/// agrees with JSON output. Offsets of the masked text equal the original's, because masking
/// replaces bytes one for one and keeps line breaks.
struct Snippet<'a> {
    /// The path as given, for the snippet header.
    name: String,
    /// The masked text (borrowed when nothing needs masking).
    text: Cow<'a, str>,
    /// The original file, for its line index.
    file: &'a SourceFile,
}

impl<'a> Snippet<'a> {
    fn new(file: &'a FileReport) -> Self {
        let mut text = if file.redact.is_empty() {
            Cow::Borrowed(file.source.text.as_str())
        } else {
            Cow::Owned(redacted_text(&file.source.text, &file.redact))
        };
        if text.bytes().any(|b| (b.is_ascii_control() && b != b'\n' && b != b'\t') || b == 0xC2) {
            text = Cow::Owned(defang(&text));
        }
        Self { name: clean(&file.source.path.display().to_string()).into_owned(), text, file: &file.source }
    }

    /// The span to underline for `span`: clamped to the text and to character boundaries;
    /// a point at the very end moved onto the last line's end (miette draws no caret past
    /// the last character); a label over many lines or long lines cut to its first line; a
    /// label on a long line cut to [`MAX_LONG_LINE_LABEL`] bytes.
    fn display_span(&self, span: Span) -> SourceSpan {
        let text = self.text.as_ref();
        let len = text.len();
        let end = ceil_boundary(text, span.end.min(len));
        let mut start = floor_boundary(text, span.start.min(end));
        let mut end = end;
        if start == end && start == len && len > 0 {
            // After a final line break: stand on that break. Otherwise: on the last character.
            let trailing = text.len() - text.trim_end_matches(['\n', '\r']).len();
            start = if trailing > 0 {
                let breaks = &text[len - trailing..];
                len - if breaks.ends_with("\r\n") { 2 } else { 1 }
            } else {
                floor_boundary(text, len - 1)
            };
            end = start;
        }
        let first = self.file.line_col(start).line;
        let last = self.last_line(start, end);
        if last > first && (last - first >= MAX_LABEL_LINES || (first..=last).any(|l| self.is_long(l))) {
            end = self.file.line_span(first).end.max(start);
        }
        if self.is_long(first) && end - start > MAX_LONG_LINE_LABEL {
            end = ceil_boundary(text, start + MAX_LONG_LINE_LABEL);
        }
        SourceSpan::new(start.into(), end - start)
    }

    /// The 1-based line holding the last byte of `start..end` (the start's line if empty).
    fn last_line(&self, start: usize, end: usize) -> usize {
        if end > start { self.file.line_col(end - 1).line } else { self.file.line_col(start).line }
    }

    fn is_long(&self, line: usize) -> bool {
        self.file.line_span(line).len() > LONG_LINE
    }

    /// Byte offset just past `line`'s line break (the end of the text on the last line).
    fn line_end_with_break(&self, line: usize) -> usize {
        if line < self.file.line_count() { self.file.line_span(line + 1).start } else { self.text.len() }
    }
}

impl SourceCode for Snippet<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.text.as_ref();
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.file.line_col(start).line;
        let last = self.last_line(start, end);
        let first_start = self.file.line_span(first).start;

        let (data_start, data_end, line, line_count) = if first == last && self.is_long(first) {
            // A window of one long line; no context lines (the data must be contiguous).
            let line_end = self.file.line_span(first).end;
            let data_start = if context_lines_before == 0 {
                start
            } else {
                floor_boundary(text, start.saturating_sub(WINDOW_CONTEXT).max(first_start))
            };
            let data_end = ceil_boundary(text, (end + WINDOW_CONTEXT).min(line_end)).max(end);
            // Refuse to merge far-apart labels on one long line into one huge window (a label's
            // own span is at most MAX_LONG_LINE_LABEL bytes, plus a character boundary).
            if end - start > MAX_LONG_LINE_LABEL + 3 {
                return Err(MietteError::OutOfBounds);
            }
            (data_start, data_end, first, 1)
        } else {
            // Merged labels may cover several lines, but never a long one.
            if last > first && (first..=last).any(|l| self.is_long(l)) {
                return Err(MietteError::OutOfBounds);
            }
            let mut top = first;
            while top > 1 && first - top < context_lines_before && !self.is_long(top - 1) {
                top -= 1;
            }
            let mut bottom = last;
            while bottom < self.file.line_count() && bottom - last < context_lines_after && !self.is_long(bottom + 1) {
                bottom += 1;
            }
            let data_start = if context_lines_before == 0 { start } else { self.file.line_span(top).start };
            (data_start, self.line_end_with_break(bottom), top, bottom - top + 1)
        };
        // miette counts lines and columns from zero; the column is that of the data's start.
        // `line_col` counts from a checkpoint, so a minified one-line file with a finding per
        // server does not cost a scan of the whole line per snippet.
        let column = self.file.line_col(data_start).column - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            line - 1,
            column,
            line_count,
        )))
    }
}

/// `text` with every byte that could drive a terminal replaced, one for one, so offsets,
/// lines and columns stay valid: C0 controls but tab and line breaks, and DEL, become `?`;
/// C1 controls (two bytes) become `¿` (two bytes); a lone `\r` becomes `\n`, because the
/// line index counts it as a line break and miette would otherwise print it raw.
fn defang(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => bytes[i] = b'\n',
            b'\r' | b'\n' | b'\t' => {}
            b if b.is_ascii_control() => bytes[i] = b'?',
            0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => {
                bytes[i + 1] = 0xBF;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Text that is not a source snippet (messages, labels, help, paths) with control
/// characters but line breaks and tabs shown as escapes, e.g. `\u{1b}`: a server name taken
/// from a hostile file must not drive the terminal.
fn clean(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars().map(|c| if unsafe_char(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect(),
    )
}

/// The largest character boundary at or before `offset`.
fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest character boundary at or after `offset`.
fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{FileRef, FindingBuilder};
    use crate::report::ToolError;
    use crate::report::fixtures::{self, SECRET, UNRELATED_SECRET};
    use crate::rules::{ParseError, UnknownField, UrlWithoutType};

    fn render_to_string(report: &Report, options: &RenderOptions) -> String {
        let mut out = Vec::new();
        render(report, options, &mut out).expect("render");
        String::from_utf8(out).expect("utf-8")
    }

    fn human(report: &Report) -> String {
        render_to_string(report, &fixtures::options())
    }

    fn only(file: FileReport) -> Report {
        Report { files: vec![file], ..Report::default() }
    }

    /// A report of one unparsed file `name` with `text` and one finding per span.
    fn spans_report(name: &str, text: &str, spans: &[(Span, &str)]) -> Report {
        let source = SourceFile::new(name, text);
        let file = FileRef::new(&source, None);
        let findings = spans
            .iter()
            .map(|(span, label)| {
                FindingBuilder::new(&UnknownField::META, format!("finding {label}"))
                    .at_span(*span, Some((*label).to_owned()))
                    .build(&file)
            })
            .collect();
        only(FileReport {
            dialect: None,
            role: None,
            detection: None,
            servers: 0,
            findings,
            suppressed: Vec::new(),
            redact: Vec::new(),
            source,
        })
    }

    #[test]
    fn finding_shows_code_message_position_labels_and_help() {
        let out = human(&only(fixtures::project_file()));
        assert!(out.contains("url-without-type\n"), "{out}");
        assert!(out.contains("× server `linear` has a `url` but no `type`"), "{out}");
        assert!(out.contains("╭─[.mcp.json:3:17]"), "{out}");
        assert!(out.contains("no `type` beside this `url`"), "{out}");
        assert!(out.contains("this entry"), "{out}");
        assert!(out.contains("help: Add `\"type\": \"http\"` to this entry"), "{out}");
        // Severities map to miette's icons: warning ⚠, info ☞ (advice).
        assert!(out.contains("⚠ `env.GITHUB_TOKEN` is read from the environment"), "{out}");
        assert!(out.contains("☞ `timeout` is not a field Claude Code reads"), "{out}");
        assert!(out.contains("╭─[.mcp.json:7:7]"), "{out}");
    }

    #[test]
    fn colour_only_when_asked() {
        let report = fixtures::report();
        let plain = human(&report);
        assert!(!plain.contains("\x1b["), "{plain}");
        let options = RenderOptions { color: true, ..fixtures::options() };
        assert!(render_to_string(&report, &options).contains("\x1b["));
    }

    #[test]
    fn redacted_spans_are_masked() {
        let out = human(&fixtures::report());
        assert!(!out.contains(SECRET), "{out}");
        assert!(!out.contains(UNRELATED_SECRET), "{out}");
        let masked = "*".repeat(SECRET.len() + 2);
        assert!(out.contains(&format!("\"GITHUB_TOKEN\": {masked},")), "{out}");
    }

    #[test]
    fn zero_length_span_at_end_of_file_renders() {
        // After a final line break: drawn at the end of the last line.
        let out = human(&only(fixtures::truncated_file()));
        assert!(out.contains("╭─[broken.json:3:28]"), "{out}");
        assert!(out.contains("╰── the file ends here"), "{out}");
        assert!(out.contains("╰── this object is never closed"), "{out}");
        // Without a final line break: drawn under the last character.
        let out = human(&spans_report("x.json", "{\"a\": 1", &[(Span::point(7), "ends here")]));
        assert!(out.contains("╭─[x.json:1:7]"), "{out}");
        assert!(out.contains("╰── ends here"), "{out}");
        // An empty file still gets a header.
        let out = human(&spans_report("empty.json", "", &[(Span::point(0), "empty")]));
        assert!(out.contains("╭─[empty.json:1:1]"), "{out}");
    }

    #[test]
    fn summary_wording() {
        let clean = fixtures::clean_file;
        assert!(human(&Report::default()).ends_with("No files checked.\n"));
        assert!(human(&only(clean())).ends_with("\nNo problems found in 1 file.\n"));
        let three = Report { files: vec![clean(), clean(), clean()], ..Report::default() };
        assert!(human(&three).ends_with("\nNo problems found in 3 files.\n"));

        let out = human(&fixtures::report());
        assert!(out.contains("\nFound 2 errors, 1 warning and 1 info in 2 of 3 files.\n"), "{out}");
        let out = human(&only(fixtures::truncated_file()));
        assert!(out.ends_with("\nFound 1 error in 1 file.\n"), "{out}");

        let mut file = fixtures::project_file();
        file.findings.remove(1);
        let out = human(&only(file));
        assert!(out.ends_with("\nFound 1 error and 1 info in 1 file.\n"), "{out}");

        let mut file = fixtures::project_file();
        file.findings.drain(..2);
        let out = human(&Report { files: vec![file, clean()], ..Report::default() });
        assert!(out.ends_with("\nFound 1 info in 1 of 2 files (none at or above --fail-on warning).\n"), "{out}");
    }

    #[test]
    fn lists_files_with_dialect_role_detection_and_servers() {
        let out = human(&fixtures::report());
        let expected = "\nChecked 3 files:\n\
            \x20 .mcp.json — claude-code, project `.mcp.json` (by path), 2 servers\n\
            \x20 broken.json — (not parsed)\n\
            \x20 tools/mcp.json — mcp-settings, extended `mcp_settings.json` (by contents), 1 server\n\n";
        assert!(out.contains(expected), "{out}");
    }

    #[test]
    fn tool_errors_come_before_the_summary() {
        let mut report = fixtures::report();
        report.errors.push(ToolError { path: None, message: "no settings file found".to_owned() });
        let out = human(&report);
        let first = out.find("error: missing.json: cannot read: not found\n").expect(&out);
        let second = out.find("error: no settings file found\n").expect(&out);
        let summary = out.find("Checked 3 files:").expect(&out);
        assert!(first < second && second < summary, "{out}");
        assert!(out.ends_with("2 tool errors (see above): not everything could be checked.\n"), "{out}");
    }

    #[test]
    fn related_locations_in_other_files() {
        let mut report = fixtures::report();
        let clean = &report.files[2].source;
        let file = FileRef::new(clean, None);
        let shadowed = file.location(Span::new(18, 21), None, Some("shadowed here".to_owned()));
        let mut elsewhere = shadowed.clone();
        elsewhere.path = "elsewhere.json".into();
        let finding = FindingBuilder::new(&UrlWithoutType::META, "server `a` is shadowed")
            .at_span(Span::new(18, 21), Some("this one wins".to_owned()))
            .build(&file);
        let mut finding = finding;
        finding.related = vec![report.files[0].findings[0].primary.clone(), shadowed.clone(), elsewhere];
        report.files[2].findings.push(finding);
        let out = human(&report);
        let block = &out[out.find("server `a` is shadowed").expect(&out)..];
        // Same file: a second label in the same snippet.
        assert!(block.contains("╭─[tools/mcp.json:1:19]"), "{out}");
        assert!(block.contains("shadowed here"), "{out}");
        // Another file of the report: its own snippet.
        assert!(block.contains("☞ related location in .mcp.json\n   ╭─[.mcp.json:3:17]"), "{out}");
        // A file the report does not hold: a note line.
        assert!(block.contains("\n  note: elsewhere.json:1:19: shadowed here\n"), "{out}");
    }

    #[test]
    fn long_lines_are_windowed_and_long_labels_cut() {
        let servers: Vec<String> = (0..200).map(|i| format!("\"s{i}\": {{\"command\": \"run-{i}\"}}")).collect();
        let text = format!("{{\"mcpServers\": {{{}}}}}", servers.join(", "));
        let at = text.find("\"s150\"").expect("s150");
        let out = human(&spans_report("min.json", &text, &[(Span::new(at, at + 2000), "here")]));
        assert!(out.contains(&format!("╭─[min.json:1:{}]", at + 1)), "{out}");
        assert!(out.contains("\"s150\""), "{out}");
        assert!(!out.contains("\"s1\":") && !out.contains("s199"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 140), "{out}");

        let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let out = human(&spans_report("multi.json", &text, &[(Span::new(2, 500), "big")]));
        assert!(out.contains("╰── big"), "{out}");
        assert!(!out.contains("line 10\n"), "{out}");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let text = "{\"a\x1b[2J\": 1, \r\"b\u{9b}31m\": 2}\n";
        let mut report = spans_report("x.json", text, &[(Span::new(1, 6), "key\x07")]);
        report.files[0].findings[0].message = "bad \x1b]8;; name".to_owned();
        let out = human(&report);
        assert!(!out.contains('\x1b') && !out.contains('\x07') && !out.contains('\u{9b}'), "{out:?}");
        assert!(!out.contains('\r'), "{out:?}");
        assert!(out.contains("bad \\u{1b}]8;; name"), "{out}");
        assert!(out.contains("\"a?[2J\""), "{out}");
    }

    #[test]
    fn any_span_renders_without_panicking() {
        let text = "{\r\n  \"é\": \"ü€\",\r  \"k\": [1,\n\n 2]\n}";
        let len = text.len();
        for start in 0..=len + 1 {
            for end in start..=len + 2 {
                let report = spans_report("x.json", text, &[(Span::new(start, end), "l"), (Span::point(start), "p")]);
                let out = human(&report);
                assert!(out.contains("finding l"), "{start}..{end}: {out}");
                assert!(!out.contains("Failed to read"), "{start}..{end}: {out}");
            }
        }
    }

    #[test]
    fn redaction_at_any_offset_renders() {
        let text = "{\"é\": \"ü€\r\nx\"}";
        for start in 0..=text.len() {
            for end in start..=text.len() {
                let mut report = spans_report("x.json", text, &[(Span::new(2, 12), "l")]);
                report.files[0].redact = vec![Span::new(start, end)];
                let out = human(&report);
                assert!(out.contains("╰── l") && !out.contains("note:"), "{start}..{end}: {out}");
            }
        }
    }

    #[test]
    fn parse_error_fixture_uses_the_rule_id() {
        let out = human(&only(fixtures::truncated_file()));
        assert!(out.starts_with(&format!("{}\n", ParseError::META.id)), "{out}");
    }
}
