//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! Each finding becomes `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule>::<text>`
//! (`warning` for warnings, `notice` for info), where the text is the message followed by the
//! help on a new line. GitHub shows at most 10 annotations of each kind per step, so findings
//! come most severe first (then by file and position), and the closing summary line says how
//! many were not shown as annotations. Tool errors are `::error::` lines without a file.
//!
//! Escaping follows GitHub's own toolkit (`@actions/core`): in the data (the text after `::`)
//! `%`, CR and LF become `%25`, `%0D`, `%0A`; property values (file, title) additionally escape
//! `:` and `,` as `%3A` and `%2C`. So no value can end a command early or start a new one.

use std::io::{self, Write};

use super::{RenderOptions, Report};
use crate::finding::{Finding, Severity};

/// GitHub shows at most this many annotations of each kind per step.
pub const ANNOTATIONS_SHOWN_PER_KIND: usize = 10;

/// Write `report` as workflow commands and a plain summary line.
pub fn render(report: &Report, _options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut findings: Vec<&Finding> = report.findings().collect();
    // Stable sort: most severe first, then by file and position.
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.primary.path.cmp(&b.primary.path))
            .then_with(|| a.primary.span.start.cmp(&b.primary.span.start))
    });
    for error in &report.errors {
        let text = match &error.path {
            Some(path) => format!("{}: {}", path.to_string_lossy(), error.message),
            None => error.message.clone(),
        };
        writeln!(out, "::error::{}", escape_data(&text))?;
    }
    for finding in &findings {
        writeln!(out, "{}", command(finding))?;
    }
    writeln!(out, "{}", summary(report))
}

/// The workflow command for one finding.
pub fn command(finding: &Finding) -> String {
    let kind = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let location = &finding.primary;
    let mut text = finding.message.clone();
    if let Some(help) = &finding.help {
        text.push('\n');
        text.push_str(help);
    }
    format!(
        "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&location.path.to_string_lossy()),
        location.start.line,
        location.start.column,
        location.end.line,
        location.end.column,
        escape_property(finding.rule.id),
        escape_data(&text),
    )
}

/// The closing line: counts, and what GitHub will not show as annotations.
fn summary(report: &Report) -> String {
    let counts = report.counts();
    let files = report.files.len();
    let mut line = format!(
        "mcpcheck: {} in {} {}: {} {}, {} {}, {} info",
        plural(counts.errors + counts.warnings + counts.info, "finding", "findings"),
        files,
        if files == 1 { "file" } else { "files" },
        counts.errors,
        if counts.errors == 1 { "error" } else { "errors" },
        counts.warnings,
        if counts.warnings == 1 { "warning" } else { "warnings" },
        counts.info,
    );
    if !report.errors.is_empty() {
        line.push_str(&format!("; {}", plural(report.errors.len(), "tool error", "tool errors")));
    }
    let hidden: Vec<String> = [
        (counts.errors + report.errors.len(), "error", "errors"),
        (counts.warnings, "warning", "warnings"),
        (counts.info, "notice", "notices"),
    ]
    .iter()
    .filter(|(count, _, _)| *count > ANNOTATIONS_SHOWN_PER_KIND)
    .map(|(count, one, many)| plural(count - ANNOTATIONS_SHOWN_PER_KIND, one, many))
    .collect();
    if !hidden.is_empty() {
        line.push_str(&format!(
            ". GitHub shows at most {ANNOTATIONS_SHOWN_PER_KIND} annotations of each kind per step, so {} are \
             not shown as annotations (they are all in this log above; the most severe come first)",
            hidden.join(", ")
        ));
    }
    line
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Escape the data of a workflow command (the text after `::`), as `@actions/core` does:
/// `%` → `%25`, CR → `%0D`, LF → `%0A`.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escape a property value of a workflow command (file, title), as `@actions/core` does: the
/// data escapes plus `:` → `%3A` and `,` → `%2C`.
pub fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    /// Undo the escapes the way the runner does (`%25` last, so `%253A` stays `%3A`).
    fn unescape(text: &str) -> String {
        text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
    }

    #[test]
    fn data_escaping_matches_the_toolkit() {
        assert_eq!(escape_data("100% a:b,c\r\nnext"), "100%25 a:b,c%0D%0Anext");
        assert_eq!(escape_data("%0A"), "%250A", "an escape already in the text stays literal");
        assert_eq!(escape_data("::error::x"), "::error::x", "data may contain `::` after the command");
    }

    #[test]
    fn property_escaping_matches_the_toolkit() {
        assert_eq!(escape_property("a:b,c%d\ne\r"), "a%3Ab%2Cc%25d%0Ae%0D");
        assert_eq!(escape_property("::error file=x::y"), "%3A%3Aerror file=x%3A%3Ay");
    }

    #[test]
    fn escaping_round_trips() {
        for text in ["plain", "%3A literal", "a:b,c", "x\r\ny", "%%%", "::warning::", "é€ ok"] {
            assert_eq!(unescape(&escape_property(text)), text);
            assert_eq!(unescape(&escape_data(text)), text);
        }
    }

    #[test]
    fn most_severe_first_and_a_summary() {
        let mut out = Vec::new();
        render(&fixtures::report(), &fixtures::options(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "::error::missing.json: cannot read: not found");
        let kinds: Vec<&str> = lines[1..lines.len() - 1].iter().map(|l| l.split(' ').next().unwrap()).collect();
        assert_eq!(kinds, ["::error", "::error", "::warning", "::notice"]);
        assert!(lines[1].starts_with("::error file=.mcp.json,line=3,"), "{}", lines[1]);
        assert!(lines[1].ends_with("%0AAdd `\"type\": \"http\"` to this entry"), "help on its own line: {}", lines[1]);
        assert!(lines[2].starts_with("::error file=broken.json,"), "{}", lines[2]);
        let last = lines.last().unwrap();
        assert_eq!(*last, "mcpcheck: 4 findings in 3 files: 2 errors, 1 warning, 1 info; 1 tool error");
        assert!(!text.contains(fixtures::SECRET));
    }

    #[test]
    fn summary_says_what_github_will_not_show() {
        let mut report = fixtures::report();
        let file = &mut report.files[0];
        let warning = file.findings[1].clone();
        let info = file.findings[2].clone();
        file.findings.extend(std::iter::repeat_n(warning, 11));
        file.findings.extend(std::iter::repeat_n(info, 10));
        let mut out = Vec::new();
        render(&report, &fixtures::options(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let last = text.lines().last().unwrap();
        assert!(
            last.ends_with(
                "GitHub shows at most 10 annotations of each kind per step, so 2 warnings, 1 notice are not shown \
                 as annotations (they are all in this log above; the most severe come first)"
            ),
            "{last}"
        );
        assert!(last.starts_with("mcpcheck: 25 findings in 3 files: 2 errors, 12 warnings, 11 info; 1 tool error. "));
    }
}
