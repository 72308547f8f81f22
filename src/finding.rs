//! Findings: what a check reports, with one primary location and any related ones.
//!
//! Checks build findings symbolically (a [`Pointer`] plus a [`Target`]) and
//! [`FindingBuilder::build`] resolves them to concrete spans, lines and columns once, against
//! the file's text and tree. Renderers only ever see concrete [`Location`]s. This module knows
//! nothing about output formats.

use std::path::PathBuf;

use crate::parse::Document;
use crate::pointer::Pointer;
use crate::rules::RuleMeta;
use crate::source::{LineCol, SourceFile, Span};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run under the default `--fail-on warning`.
    Info,
    /// Probably wrong or risky.
    Warning,
    /// The client will reject or misread this, or it is a security problem.
    Error,
}

impl Severity {
    /// The lowercase name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// `text` cut to at most `max` characters, with `…` when something was cut: for quoting names
/// and values that are not secrets in messages.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Items quoted as code and joined for a message: "`a`", "`a` and `b`", "`a`, `b` and `c`"
/// (with `conjunction` "and"; "or" gives "`a`, `b` or `c`").
pub fn quoted_list(items: &[&str], conjunction: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// A resolved place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as given by the user or found by discovery.
    pub path: PathBuf,
    /// Byte range in the file's text.
    pub span: Span,
    /// Line and column of `span.start`.
    pub start: LineCol,
    /// Line and column of `span.end`.
    pub end: LineCol,
    /// The JSON Pointer of the value this location is about, when there is one.
    pub pointer: Option<Pointer>,
    /// A short label shown under the underlined text.
    pub label: Option<String>,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule that produced it.
    pub rule: &'static RuleMeta,
    /// Its severity (the rule's default unless the check or the user's settings chose another).
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where it is.
    pub primary: Location,
    /// Other places that explain it (the first of two duplicate keys, a shadowing entry...).
    pub related: Vec<Location>,
    /// What to do about it.
    pub help: Option<String>,
}

/// Which part of a pointed-at member a location covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The value.
    Value,
    /// The key (falls back to the value for array elements and the root).
    Key,
    /// From the start of the key to the end of the value.
    Member,
    /// The first occurrence of this text inside the value's source text (falls back to the
    /// whole value when it is not there, e.g. because the source spells it with escapes).
    Within(String),
}

/// A place to resolve: a pointer and target, a span already known, or a location already
/// resolved (in another file).
#[derive(Debug, Clone)]
enum Place {
    Pointer(Pointer, Target),
    Span(Span),
    Resolved(Box<Location>),
}

/// Builds a [`Finding`] from symbolic places.
#[derive(Debug, Clone)]
pub struct FindingBuilder {
    rule: &'static RuleMeta,
    severity: Severity,
    message: String,
    primary: Option<(Place, Option<String>)>,
    related: Vec<(Place, Option<String>)>,
    help: Option<String>,
}

impl FindingBuilder {
    /// Start a finding for `rule` with its default severity.
    pub fn new(rule: &'static RuleMeta, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.default_severity,
            message: message.into(),
            primary: None,
            related: Vec::new(),
            help: None,
        }
    }

    /// Use another severity than the rule's default.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The primary location: `target` of the value at `pointer`.
    pub fn at(mut self, pointer: Pointer, target: Target, label: impl Into<Option<String>>) -> Self {
        self.primary = Some((Place::Pointer(pointer, target), label.into()));
        self
    }

    /// The primary location as a known span.
    pub fn at_span(mut self, span: Span, label: impl Into<Option<String>>) -> Self {
        self.primary = Some((Place::Span(span), label.into()));
        self
    }

    /// Add a related location in the same file.
    pub fn related(mut self, pointer: Pointer, target: Target, label: impl Into<Option<String>>) -> Self {
        self.related.push((Place::Pointer(pointer, target), label.into()));
        self
    }

    /// Add a related location in the same file, as a known span.
    pub fn related_span(mut self, span: Span, label: impl Into<Option<String>>) -> Self {
        self.related.push((Place::Span(span), label.into()));
        self
    }

    /// Add a related location that is already resolved, e.g. in another file.
    pub fn related_location(mut self, location: Location) -> Self {
        self.related.push((Place::Resolved(Box::new(location)), None));
        self
    }

    /// Say what to do about it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Resolve every place against `file`. A pointer that no longer resolves falls back to its
    /// nearest existing ancestor, and a finding without a primary location points at the
    /// start of the file, so a finding always has somewhere to stand.
    pub fn build(self, file: &FileRef<'_>) -> Finding {
        let primary = match self.primary {
            Some((place, label)) => file.resolve(&place, label),
            None => file.resolve(&Place::Span(Span::point(0)), None),
        };
        let related = self.related.into_iter().map(|(place, label)| file.resolve(&place, label)).collect();
        Finding { rule: self.rule, severity: self.severity, message: self.message, primary, related, help: self.help }
    }
}

/// A file's text and (when it parsed) its tree: what findings are resolved against.
#[derive(Debug, Clone, Copy)]
pub struct FileRef<'a> {
    /// The text and line index.
    pub source: &'a SourceFile,
    /// The parsed tree, if the file parsed.
    pub doc: Option<&'a Document>,
}

impl<'a> FileRef<'a> {
    /// A file reference.
    pub fn new(source: &'a SourceFile, doc: Option<&'a Document>) -> Self {
        Self { source, doc }
    }

    /// The location of a span in this file.
    pub fn location(&self, span: Span, pointer: Option<Pointer>, label: Option<String>) -> Location {
        let end = span.end.min(self.source.text.len());
        let start = span.start.min(end);
        Location {
            path: self.source.path.clone(),
            span: Span::new(start, end),
            start: self.source.line_col(start),
            end: self.source.line_col(end),
            pointer,
            label,
        }
    }

    /// The location of `target` at `pointer` in this file (for related locations of findings
    /// in other files).
    pub fn locate(&self, pointer: &Pointer, target: &Target, label: Option<String>) -> Location {
        let (span, _) = self.span_of(pointer, target);
        self.location(span, Some(pointer.clone()), label)
    }

    /// The span of `target` at `pointer`, falling back to the nearest ancestor that exists.
    pub fn span_of(&self, pointer: &Pointer, target: &Target) -> (Span, Pointer) {
        let Some(doc) = self.doc else { return (Span::point(0), Pointer::root()) };
        let mut current = pointer.clone();
        loop {
            if let Some(node) = doc.lookup(&current) {
                let exact = &current == pointer;
                let member = doc.lookup_member(&current);
                let span = match (target, member) {
                    (Target::Key, Some(m)) => m.key_span,
                    (Target::Member, Some(m)) => Span::new(m.key_span.start, m.value.span.end),
                    (Target::Within(text), _) if exact => {
                        let raw = self.source.slice(node.span);
                        match raw.find(text.as_str()) {
                            Some(at) if !text.is_empty() => {
                                Span::new(node.span.start + at, node.span.start + at + text.len())
                            }
                            _ => node.span,
                        }
                    }
                    // A missing key's nearest ancestor: point at the parent's key, not its
                    // whole (possibly huge) value.
                    (_, Some(m)) if !exact => m.key_span,
                    _ => node.span,
                };
                return (span, current);
            }
            match current.parent() {
                Some(parent) => current = parent,
                None => return (Span::point(0), Pointer::root()),
            }
        }
    }

    fn resolve(&self, place: &Place, label: Option<String>) -> Location {
        match place {
            Place::Span(span) => self.location(*span, None, label),
            Place::Resolved(location) => {
                let mut location = (**location).clone();
                if label.is_some() {
                    location.label = label;
                }
                location
            }
            Place::Pointer(pointer, target) => {
                let (span, _) = self.span_of(pointer, target);
                self.location(span, Some(pointer.clone()), label)
            }
        }
    }
}
