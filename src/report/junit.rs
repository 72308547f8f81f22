//! `--format junit`: a JUnit XML test report, for CI systems that read test results.
//!
//! One `<testsuite>` per file (named by its path), holding one `<testcase>` per rule that ran on
//! it (`classname` the path, `name` the rule id). A test case fails (`<failure>`, `type` the
//! highest severity) when the rule reported a finding at or above `--fail-on` in that file, with
//! every finding of the rule in the file in its text, one `line:column: message` per line; so
//! the report fails exactly when the run does. Findings below `--fail-on` leave the case passing
//! and are listed in its `<system-out>`. A case with only suppressed findings is `<skipped>`.
//! Tool errors are `<error>` test cases of a last suite named `mcpcheck`.
//!
//! The rules that ran: every offline rule, plus the probe rules when the report has probe
//! records and the machine rules when it has machine records, plus any rule that reported.
//! XML is written by hand: the five special characters are escaped and characters XML 1.0
//! does not allow (control characters other than tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{FileReport, RenderOptions, Report, Suppressed};
use crate::finding::Finding;
use crate::rules::{CATALOGUE, Needs, RuleMeta};

/// What one test case (file × rule) holds.
#[derive(Default)]
struct Case<'a> {
    findings: Vec<&'a Finding>,
    suppressed: Vec<&'a Suppressed>,
}

/// Test case outcomes counted for the `tests`, `failures`, `errors` and `skipped` attributes.
#[derive(Default, Clone, Copy)]
struct Tally {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
    }

    fn attributes(&self) -> String {
        format!(
            "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\"",
            self.tests, self.failures, self.errors, self.skipped
        )
    }
}

/// The rules that ran for this report, in catalogue order.
fn rules_that_ran(report: &Report) -> Vec<&'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = CATALOGUE
        .iter()
        .copied()
        .filter(|rule| match rule.needs {
            Needs::Offline => true,
            Needs::Probe => !report.probes.is_empty(),
            Needs::Machine => !report.machine.is_empty(),
        })
        .collect();
    for finding in report.findings().chain(report.suppressed().map(|s| &s.finding)) {
        if !rules.iter().any(|rule| rule.id == finding.rule.id) {
            rules.push(finding.rule);
        }
    }
    rules
}

/// Write `report` as a JUnit XML document.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let rules = rules_that_ran(report);
    let mut suites = Vec::new();
    let mut total = Tally::default();
    for file in &report.files {
        let (body, tally) = suite(file, &rules, options);
        total.add(tally);
        suites.push(body);
    }
    if !report.errors.is_empty() {
        let mut body = String::new();
        for error in &report.errors {
            let classname =
                error.path.as_ref().map_or_else(|| "mcpcheck".to_owned(), |p| p.to_string_lossy().into_owned());
            body.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"tool-error\">\n      <error type=\"tool-error\" message=\"{}\"/>\n    </testcase>\n",
                escape(&classname),
                escape(&error.message),
            ));
        }
        let tally = Tally { tests: report.errors.len(), errors: report.errors.len(), ..Tally::default() };
        total.add(tally);
        suites.push(format!("  <testsuite name=\"mcpcheck\" {}>\n{body}  </testsuite>\n", tally.attributes()));
    }
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<testsuites name=\"mcpcheck\" {}>", total.attributes())?;
    for suite in suites {
        out.write_all(suite.as_bytes())?;
    }
    writeln!(out, "</testsuites>")
}

/// One file's `<testsuite>` and its tally.
fn suite(file: &FileReport, rules: &[&'static RuleMeta], options: &RenderOptions) -> (String, Tally) {
    let mut cases: BTreeMap<&str, Case<'_>> = BTreeMap::new();
    for finding in &file.findings {
        cases.entry(finding.rule.id).or_default().findings.push(finding);
    }
    for suppressed in &file.suppressed {
        cases.entry(suppressed.finding.rule.id).or_default().suppressed.push(suppressed);
    }
    let path = file.source.path.to_string_lossy();
    let classname = escape(&path);
    let mut tally = Tally::default();
    let mut body = String::new();
    for rule in rules {
        tally.tests += 1;
        let open = format!("    <testcase classname=\"{classname}\" name=\"{}\"", escape(rule.id));
        let Some(case) = cases.get(rule.id) else {
            body.push_str(&format!("{open}/>\n"));
            continue;
        };
        let failing: Vec<&Finding> = case.findings.iter().copied().filter(|f| f.severity >= options.fail_on).collect();
        let passing: Vec<&Finding> = case.findings.iter().copied().filter(|f| f.severity < options.fail_on).collect();
        body.push_str(&format!("{open}>\n"));
        if let Some(worst) = failing.iter().map(|f| f.severity).max() {
            tally.failures += 1;
            body.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                worst.as_str(),
                escape(&failure_message(rule.id, &failing)),
                escape_text(&finding_lines(&case.findings)),
            ));
        } else if passing.is_empty() {
            tally.skipped += 1;
            let reasons: Vec<String> = case.suppressed.iter().map(|s| suppression(s)).collect();
            body.push_str(&format!("      <skipped message=\"{}\"/>\n", escape(&reasons.join("; "))));
        } else {
            body.push_str(&format!("      <system-out>{}</system-out>\n", escape_text(&finding_lines(&passing))));
        }
        body.push_str("    </testcase>\n");
    }
    let text = format!("  <testsuite name=\"{classname}\" {}>\n{body}  </testsuite>\n", tally.attributes());
    (text, tally)
}

/// The `message` attribute of a failure: how many findings, of what severity.
fn failure_message(rule: &str, failing: &[&Finding]) -> String {
    let count = failing.len();
    let first = &failing[0].message;
    if count == 1 { format!("{rule}: {first}") } else { format!("{rule}: {count} findings; first: {first}") }
}

/// Findings one per line: `line:column: severity: message`, with the help indented below.
fn finding_lines(findings: &[&Finding]) -> String {
    let mut text = String::new();
    for finding in findings {
        let at = &finding.primary.start;
        text.push_str(&format!("{}:{}: {}: {}\n", at.line, at.column, finding.severity.as_str(), finding.message));
        if let Some(help) = &finding.help {
            text.push_str(&format!("  help: {help}\n"));
        }
    }
    text
}

/// Why a finding was suppressed, for a `<skipped>` message.
fn suppression(suppressed: &Suppressed) -> String {
    let at = &suppressed.finding.primary.start;
    let mut text = format!("suppressed by {} at {}:{}", suppressed.by.kind.as_str(), at.line, at.column);
    if let Some(reason) = &suppressed.by.reason {
        text.push_str(&format!(": {reason}"));
    }
    text
}

/// `text` escaped for XML 1.0 text and attribute values. The five special characters become
/// entities; tab, LF and CR become character references (so attribute values keep them);
/// characters XML 1.0 does not allow become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if allowed_in_xml(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// `text` escaped for XML element content: as [`escape`], but tab and LF stay as they are
/// (element content keeps them; only CR would be normalised away).
pub fn escape_text(text: &str) -> String {
    escape(text).replace("&#10;", "\n").replace("&#9;", "\t")
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production, minus what `escape`
/// already handled).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn escapes_specials_and_replaces_forbidden_characters() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
        assert_eq!(escape("tab\tlf\ncr\r"), "tab&#9;lf&#10;cr&#13;");
        assert_eq!(escape("nul\u{0}bel\u{7}esc\u{1b}"), "nul\u{FFFD}bel\u{FFFD}esc\u{FFFD}");
        assert_eq!(escape("\u{FFFE}\u{FFFF}é€😀"), "\u{FFFD}\u{FFFD}é€😀");
        assert_eq!(escape("]]>"), "]]&gt;");
        assert_eq!(escape_text("a\tb\nc\r&"), "a\tb\nc&#13;&amp;");
    }

    #[test]
    fn one_case_per_file_and_rule_with_counts() {
        let mut out = Vec::new();
        let report = fixtures::report();
        render(&report, &fixtures::options(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let offline = CATALOGUE.iter().filter(|r| r.needs == Needs::Offline).count();
        // 3 files × the offline rules, + 1 tool error; failures: url-without-type and
        // unread-field in .mcp.json, parse-error in broken.json; the info finding passes.
        let header = format!(
            "<testsuites name=\"mcpcheck\" tests=\"{}\" failures=\"3\" errors=\"1\" skipped=\"0\">",
            3 * offline + 1
        );
        assert!(text.contains(&header), "{text}");
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        assert!(text.contains(
            "<failure type=\"error\" message=\"url-without-type: server `linear` has a `url` but no `type`\">3:"
        ));
        assert!(text.contains("<system-out>7:"), "info below --fail-on is not a failure: {text}");
        assert!(!text.contains(fixtures::SECRET));
    }

    #[test]
    fn only_suppressed_findings_make_a_skipped_case() {
        use crate::report::{Suppressed, Suppression, SuppressionKind};
        let mut file = fixtures::project_file();
        let finding = file.findings.remove(0);
        let by =
            Suppression { kind: SuppressionKind::Comment, reason: Some("tracked in <#12>".to_owned()), location: None };
        file.suppressed.push(Suppressed { finding, by });
        let report = Report { files: vec![file], ..Report::default() };
        let mut out = Vec::new();
        render(&report, &fixtures::options(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(
                "name=\"url-without-type\">\n      <skipped message=\"suppressed by comment at 3:17: tracked in &lt;#12&gt;\"/>"
            ),
            "{text}"
        );
        assert!(text.contains("failures=\"1\" errors=\"0\" skipped=\"1\">"), "{text}");
    }
}
