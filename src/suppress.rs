//! The one pass after checking that decides which findings are reported: rules turned off or
//! left out (`--select`/`--ignore`) drop their findings, severities are overridden, and
//! findings covered by an `ignore` entry of mcpcheck.json or a `// mcpcheck-ignore: rule-id
//! -- reason` comment move to the file's suppressed list with their reason. Suppressions that
//! matched nothing become `unused-suppression` findings. Baselines are [`crate::baseline`]'s.
//!
//! Nothing here reads the disk; the pipeline hands over parsed files and findings.

use std::path::Path;

use crate::config::{IgnoreEntry, Settings};
use crate::dialect::DocumentContext;
use crate::finding::{FileRef, Finding, FindingBuilder, Location, Target};
use crate::parse::{Document, Node, Value};
use crate::pointer::Pointer;
use crate::report::{FileReport, Suppressed, Suppression, SuppressionKind};
use crate::rules::{self, InvalidSuppression, UnusedSuppression};
use crate::source::{SourceFile, Span};

/// The marker an ignore comment starts with.
const MARKER: &str = "mcpcheck-ignore";

/// Drop findings of rules that do not run and apply severity overrides.
pub fn apply_rule_settings(findings: &mut Vec<Finding>, settings: &Settings) {
    findings.retain(|f| settings.enabled(f.rule.id));
    for f in findings.iter_mut() {
        f.severity = settings.severity(f.rule.id, f.severity);
    }
}

/// A region of one file that a suppression covers, for some rules.
#[derive(Debug, Clone)]
struct Cover {
    /// Rule ids.
    rules: Vec<String>,
    /// Byte ranges (any of them); a finding is covered when its primary location starts in one.
    regions: Vec<Span>,
    /// Why.
    reason: Option<String>,
    /// Where the suppression is written (the comment, or the entry in mcpcheck.json).
    location: Location,
    kind: SuppressionKind,
    /// Index into `Settings::ignores` for config entries.
    entry: Option<usize>,
    /// Which of `rules` suppressed something.
    used: Vec<bool>,
}

/// Tracks which `ignore` entries of the settings were used over a whole run.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    used: Vec<bool>,
    /// Whether the entry's `file` matched a file of this run: an entry for a file that was not
    /// checked (pre-commit passes only changed files) cannot be judged.
    checked: Vec<bool>,
}

impl Usage {
    /// Tracking for these settings.
    pub fn new(settings: &Settings) -> Self {
        Self { used: vec![false; settings.ignores.len()], checked: vec![false; settings.ignores.len()] }
    }

    /// `unused-suppression` findings for the settings file's entries that matched nothing (and
    /// whose rule ran), before rule settings are applied to them.
    pub fn unused(&self, settings: &Settings) -> Vec<Finding> {
        let Some(file) = settings.file.as_ref() else { return Vec::new() };
        let file = FileRef::new(&file.source, Some(&file.doc));
        settings
            .ignores
            .iter()
            .zip(self.used.iter().zip(&self.checked))
            .filter(|(entry, (used, checked))| **checked && !**used && settings.enabled(&entry.rule))
            .map(|(entry, _)| {
                let narrowed = match (&entry.server, &entry.pointer) {
                    (Some(server), _) => format!(" under server `{server}`"),
                    (None, Some(pointer)) => format!(" at `{pointer}`"),
                    (None, None) => String::new(),
                };
                let f = FindingBuilder::new(
                    &UnusedSuppression::META,
                    format!(
                        "this `ignore` entry suppressed nothing: no `{}` finding in files matching `{}`{narrowed}",
                        entry.rule, entry.file
                    ),
                )
                .at(entry.at.clone(), Target::Value, Some("matched no finding".to_owned()))
                .help("Delete this entry: what it excused is gone (or check `file`, `server` and `pointer` if it should still match)");
                f.build(&file)
            })
            .collect()
    }
}

/// Suppress the findings of one parsed file: its ignore comments (in formats that allow
/// comments) and the settings' `ignore` entries for its path. Adds `invalid-suppression`,
/// `unknown-rule` and `unused-suppression` findings for its comments. Findings must already
/// have passed [`apply_rule_settings`].
pub fn apply_to_document(
    cx: &DocumentContext<'_>,
    findings: Vec<Finding>,
    settings: &Settings,
    usage: &mut Usage,
) -> (Vec<Finding>, Vec<Suppressed>) {
    let mut extra = Vec::new();
    let mut covers = comments(cx, &mut extra);
    let path = if settings.ignores.is_empty() { String::new() } else { relative(cx.file.source.path(), settings) };
    for (i, entry) in settings.ignores.iter().enumerate() {
        if !crate::config::glob::matches(&entry.file, &path) {
            continue;
        }
        usage.checked[i] = true;
        let regions = entry_regions(cx, entry);
        covers.push(config_cover(settings, i, entry, regions));
    }
    let (mut kept, suppressed) = split(findings, &mut covers, usage);
    for cover in covers.iter().filter(|c| c.kind == SuppressionKind::Comment) {
        for (rule, used) in cover.rules.iter().zip(&cover.used) {
            if !used && settings.enabled(rule) {
                let f = cx
                    .finding(
                        &UnusedSuppression::META,
                        format!("this ignore comment suppressed nothing: no `{rule}` finding where it applies"),
                    )
                    .at_span(cover.location.span, Some("matched no finding".to_owned()))
                    .help(format!("Remove `{rule}` from this comment (or the whole comment): what it excused is gone"));
                extra.push(cx.build(f));
            }
        }
    }
    apply_rule_settings(&mut extra, settings);
    kept.extend(extra);
    (kept, suppressed)
}

/// Suppress the findings of a file that could not be analysed (a parse error): only the
/// settings' entries for its path that cover the whole file apply.
pub fn apply_to_unparsed(file: &mut FileReport, settings: &Settings, usage: &mut Usage) {
    apply_rule_settings(&mut file.findings, settings);
    if settings.ignores.is_empty() {
        return;
    }
    let path = relative(file.source.path(), settings);
    let whole = Span::new(0, file.source.text.len());
    let mut covers = Vec::new();
    for (i, entry) in settings.ignores.iter().enumerate() {
        if crate::config::glob::matches(&entry.file, &path) {
            usage.checked[i] = true;
            // Narrowed to a server or a pointer, it cannot apply to a file without a tree.
            let regions = if entry.server.is_none() && entry.pointer.is_none() { vec![whole] } else { Vec::new() };
            covers.push(config_cover(settings, i, entry, regions));
        }
    }
    let (kept, suppressed) = split(std::mem::take(&mut file.findings), &mut covers, usage);
    file.findings = kept;
    file.suppressed.extend(suppressed);
}

fn config_cover(settings: &Settings, index: usize, entry: &IgnoreEntry, regions: Vec<Span>) -> Cover {
    let location = settings.locate(&entry.at, None).unwrap_or_else(|| Location {
        path: settings.root.join("mcpcheck.json"),
        span: Span::point(0),
        start: crate::source::LineCol { line: 1, column: 1 },
        end: crate::source::LineCol { line: 1, column: 1 },
        pointer: Some(entry.at.clone()),
        label: None,
    });
    Cover {
        rules: vec![entry.rule.clone()],
        regions,
        reason: Some(entry.reason.clone()),
        location,
        kind: SuppressionKind::Config,
        entry: Some(index),
        used: vec![false],
    }
}

/// Move covered findings out; the first cover that matches takes the finding.
fn split(findings: Vec<Finding>, covers: &mut [Cover], usage: &mut Usage) -> (Vec<Finding>, Vec<Suppressed>) {
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    'findings: for finding in findings {
        let at = finding.primary.span.start;
        for cover in covers.iter_mut() {
            let Some(r) = cover.rules.iter().position(|rule| rule == finding.rule.id) else { continue };
            if !cover.regions.iter().any(|region| region.start <= at && (at < region.end || at == region.start)) {
                continue;
            }
            cover.used[r] = true;
            if let Some(i) = cover.entry {
                usage.used[i] = true;
            }
            let by =
                Suppression { kind: cover.kind, reason: cover.reason.clone(), location: Some(cover.location.clone()) };
            suppressed.push(Suppressed { finding, by });
            continue 'findings;
        }
        kept.push(finding);
    }
    (kept, suppressed)
}

/// A file's path relative to the settings file's directory, `/`-separated (as written when
/// it is elsewhere).
pub fn relative(path: &Path, settings: &Settings) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| std::path::absolute(path).unwrap_or_default());
    let shown = absolute.strip_prefix(&settings.root).map_or(path, |p| p);
    shown.to_string_lossy().replace('\\', "/")
}

/// The regions of a file an `ignore` entry covers: the whole file, a server's entries, or a
/// pointer's member (both narrowings must hold when both are given).
fn entry_regions(cx: &DocumentContext<'_>, entry: &IgnoreEntry) -> Vec<Span> {
    let whole = Span::new(0, cx.file.source.text.len());
    let mut regions = vec![whole];
    if let Some(server) = &entry.server {
        regions =
            cx.servers.iter().filter(|s| s.name == server).filter_map(|s| member_span(cx.doc, &s.pointer)).collect();
    }
    if let Some(pointer) = &entry.pointer {
        let Some(span) = member_span(cx.doc, pointer) else { return Vec::new() };
        regions = regions
            .into_iter()
            .filter_map(|r| {
                let start = r.start.max(span.start);
                let end = r.end.min(span.end);
                (start <= end).then(|| Span::new(start, end))
            })
            .collect();
    }
    regions
}

/// The span of the value at `pointer` including its key (the whole file for the root).
fn member_span(doc: &Document, pointer: &Pointer) -> Option<Span> {
    let node = doc.lookup(pointer)?;
    Some(match doc.lookup_member(pointer) {
        // A TOML table's value starts at its `[header]`, before its key.
        Some(member) => Span::new(member.key_span.start.min(member.value.span.start), member.value.span.end),
        None if pointer.segments().is_empty() => Span::new(0, usize::MAX),
        None => node.span,
    })
}

/// The ignore comments of a file as covers; problems with them go to `out`.
fn comments(cx: &DocumentContext<'_>, out: &mut Vec<Finding>) -> Vec<Cover> {
    let source = cx.file.source;
    let mut anchors: Option<Vec<Span>> = None;
    let mut covers = Vec::new();
    for &span in &cx.doc.facts.comments {
        let Some(body) = ignore_body(source.slice(span)) else { continue };
        if !cx.dialect.syntax.allows_comments() {
            let f = cx
                .finding(
                    &InvalidSuppression::META,
                    format!(
                        "{} reads this file as strict JSON: this ignore comment is not honoured, and the comment itself makes {} reject the file",
                        cx.dialect.client, cx.dialect.client
                    ),
                )
                .at_span(span, Some("not honoured".to_owned()))
                .help("Delete the comment and add an `ignore` entry (rule, file, server, reason) to mcpcheck.json instead");
            out.push(cx.build(f));
            continue;
        }
        let (ids, reason) = match body.split_once("--") {
            Some((ids, reason)) => (ids, Some(reason.trim()).filter(|r| !r.is_empty()).map(str::to_owned)),
            None => (body, None),
        };
        let ids: Vec<String> =
            ids.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        if ids.is_empty() {
            let f = cx
                .finding(&InvalidSuppression::META, "this ignore comment names no rule, so it suppresses nothing")
                .at_span(span, Some("no rule id".to_owned()))
                .help(format!("Name the rules it excuses: `{} mcpcheck-ignore: rule-id -- reason` (there is no ignore-everything comment)", comment_start(cx)));
            out.push(cx.build(f));
            continue;
        }
        if reason.is_none() {
            let f = cx
                .finding(&InvalidSuppression::META, "this ignore comment gives no reason")
                .at_span(span, Some("no reason".to_owned()))
                .help(format!(
                    "Say why after `--`: `{} mcpcheck-ignore: {} -- why this is acceptable`",
                    comment_start(cx),
                    ids.join(", ")
                ));
            out.push(cx.build(f));
        }
        let mut known = Vec::new();
        for id in ids {
            if rules::by_id(&id).is_none() {
                out.push(
                    crate::config::unknown_rule_builder(&id)
                        .at_span(span, Some("no such rule".to_owned()))
                        .build(&cx.file),
                );
            } else {
                known.push(id);
            }
        }
        if known.is_empty() {
            continue;
        }
        let anchors = anchors.get_or_insert_with(|| anchor_spans(cx.doc));
        let regions = covered(source, anchors, span).into_iter().collect();
        let used = vec![false; known.len()];
        covers.push(Cover {
            rules: known,
            regions,
            reason,
            location: cx.file.location(span, None, None),
            kind: SuppressionKind::Comment,
            entry: None,
            used,
        });
    }
    covers
}

/// How a line comment starts in this file's format: `#` in TOML, `//` in JSONC.
fn comment_start(cx: &DocumentContext<'_>) -> &'static str {
    if cx.dialect.syntax == crate::dialect::Syntax::Toml { "#" } else { "//" }
}

/// The text after the marker, when a comment is an ignore comment (`//`, `/* */`, or TOML's
/// `#`).
fn ignore_body(comment: &str) -> Option<&str> {
    let inner = comment
        .strip_prefix("//")
        .or_else(|| comment.strip_prefix("/*").map(|c| c.trim_end_matches("*/")))
        .or_else(|| comment.strip_prefix('#'))?;
    let rest = inner.trim_start().strip_prefix(MARKER)?;
    // `mcpcheck-ignore-foo` is another word, not the marker.
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    Some(rest.trim_start().strip_prefix(':').unwrap_or(rest).trim())
}

/// Every member (key to end of value) and array item of the document, plus the whole file
/// for the root, sorted by start (outermost first at equal starts).
fn anchor_spans(doc: &Document) -> Vec<Span> {
    let mut out = vec![Span::new(doc.root.span.start, usize::MAX)];
    let mut stack: Vec<&Node> = vec![&doc.root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Object(members) => {
                for m in members {
                    // A TOML table's value starts at its `[header]`, before its key.
                    out.push(Span::new(m.key_span.start.min(m.value.span.start), m.value.span.end));
                    stack.push(&m.value);
                }
            }
            Value::Array(items) => {
                for item in items {
                    out.push(item.span);
                    stack.push(item);
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    out
}

/// What a comment at `comment` covers: on a line of its own, the member or item that starts
/// next (only whitespace and comments between); after code on its line, the outermost member
/// that starts on that line before it, else the outermost one that ends there.
fn covered(source: &SourceFile, anchors: &[Span], comment: Span) -> Option<Span> {
    let text = &source.text;
    let line_start = text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
    let trailing = !text[line_start..comment.start].trim().is_empty();
    if trailing {
        let on_line = |offset: usize| offset >= line_start && offset < comment.start;
        if let Some(span) = anchors.iter().find(|a| on_line(a.start)) {
            return Some(*span);
        }
        return anchors.iter().find(|a| a.end != usize::MAX && on_line(a.end.saturating_sub(1))).copied();
    }
    let next = anchors.iter().find(|a| a.start >= comment.end)?;
    let between = &text[comment.end..next.start];
    // Other comments may sit between; anything else (a `}`, a `,`) means the comment is not
    // directly above a member.
    let mut rest = between.trim_start();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("//").or_else(|| rest.strip_prefix('#')) {
            rest = after.find('\n').map_or("", |i| &after[i..]).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |i| &after[i + 2..]).trim_start();
        } else {
            return None;
        }
    }
    Some(*next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_marker_only() {
        assert_eq!(ignore_body("// mcpcheck-ignore: a, b -- why"), Some("a, b -- why"));
        assert_eq!(ignore_body("/* mcpcheck-ignore a */"), Some("a"));
        assert_eq!(ignore_body("//mcpcheck-ignore:a"), Some("a"));
        assert_eq!(ignore_body("// mcpcheck-ignored: a"), None);
        assert_eq!(ignore_body("// see mcpcheck-ignore: a"), None);
        assert_eq!(ignore_body("// nothing"), None);
        assert_eq!(ignore_body("# mcpcheck-ignore: a -- why"), Some("a -- why"));
        assert_eq!(ignore_body("#mcpcheck-ignore a"), Some("a"));
        assert_eq!(ignore_body("# a note"), None);
    }

    fn cover_text(text: &str, needle: &str) -> Option<String> {
        let source = SourceFile::new("x.jsonc", text);
        let doc = crate::parse::parse(&source).unwrap();
        cover_in(&source, &doc, needle)
    }

    fn cover_in(source: &SourceFile, doc: &Document, needle: &str) -> Option<String> {
        let text = source.text.as_str();
        let anchors = anchor_spans(doc);
        let at = text.find(needle).unwrap();
        let comment = doc.facts.comments.iter().find(|c| c.start <= at && at < c.end).copied().unwrap();
        covered(source, &anchors, comment).map(|s| text[s.start..s.end.min(text.len())].to_owned())
    }

    #[test]
    fn a_toml_comment_covers_the_table_or_key_below_or_beside_it() {
        let text = "# top\nmodel = \"o3\"\n\n# above a\n# more\n[mcp_servers.a]\ncommand = \"x\" # beside\n\n# above b\n[mcp_servers.b]\nurl = \"https://b\"\n";
        let source = SourceFile::new("config.toml", text);
        let doc = crate::parse::parse_toml(&source).unwrap();
        assert_eq!(cover_in(&source, &doc, "top").as_deref(), Some("model = \"o3\""));
        assert_eq!(cover_in(&source, &doc, "above a").as_deref(), Some("[mcp_servers.a]\ncommand = \"x\""));
        assert_eq!(cover_in(&source, &doc, "beside").as_deref(), Some("command = \"x\""));
        assert_eq!(cover_in(&source, &doc, "above b").as_deref(), Some("[mcp_servers.b]\nurl = \"https://b\""));
    }

    #[test]
    fn a_comment_covers_the_member_below_or_beside_it() {
        let text = "// top\n{\n  \"a\": {\n    // below\n    \"b\": 1, // beside\n    \"c\": [1, 2]\n  }, // closing\n  \"d\": 2\n  // dangling\n}\n";
        assert_eq!(cover_text(text, "top").unwrap(), &text[7..]);
        assert_eq!(cover_text(text, "below").as_deref(), Some("\"b\": 1"));
        assert_eq!(cover_text(text, "beside").as_deref(), Some("\"b\": 1"));
        assert!(cover_text(text, "closing").unwrap().starts_with("\"a\": {"));
        assert_eq!(cover_text(text, "dangling"), None);
    }
}
