//! The only place that knows the stage order: inputs → read → parse → dialect → validate +
//! rules → report. `check` never executes anything, never opens a socket and never writes a
//! file; it only reads the settings files it is given or finds.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::dialect::{self, Detection, Dialect, DocumentContext, Role};
use crate::discover::{self, Discovery};
use crate::finding::{FileRef, Finding, FindingBuilder};
use crate::parse::{self, MAX_FILE_BYTES, SyntaxError, SyntaxErrorKind};
use crate::report::{FileReport, Report, ToolError};
use crate::resolve::env::Environment;
use crate::rules;
use crate::source::{SourceFile, Span};

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Files and directories named on the command line (empty: the project root's files).
    pub paths: Vec<PathBuf>,
    /// Dialect forced with `--dialect`.
    pub dialect: Option<&'static Dialect>,
    /// The project root (`--project`, default the current directory).
    pub project: PathBuf,
    /// The home directory, when given with `--home`: its user-scope files are checked too.
    pub home: Option<PathBuf>,
    /// The variables `${…}` references resolve against.
    pub env: Environment,
}

/// The result of `check`: the report, and whether anything at all was found to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOutcome {
    /// Files, findings and tool errors.
    pub report: Report,
    /// Every place looked at when discovery found nothing to check (exit code 3).
    pub nothing_found: Option<Vec<PathBuf>>,
}

/// Run the offline checks over the given or discovered files.
pub fn check(options: &CheckOptions) -> CheckOutcome {
    let mut report = Report::default();
    let mut discovery = Discovery::default();
    let mut inputs = Vec::new();

    if options.paths.is_empty() {
        discovery.extend(discover::project_files(&options.project));
        if let Some(home) = &options.home {
            discovery.extend(discover::user_files(home));
        }
        inputs.extend(discovery.found.iter().cloned());
    }
    for path in &options.paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let found = discover::project_files(path);
                inputs.extend(found.found.iter().cloned());
                discovery.extend(found);
            }
            Ok(_) => inputs.push(path.clone()),
            Err(err) => report
                .errors
                .push(ToolError { path: Some(path.clone()), message: format!("cannot read: {}", io_message(&err)) }),
        }
    }

    for path in inputs {
        match read_limited(&path) {
            Ok(Some(bytes)) => match check_bytes_in(&path, bytes, options.dialect, &options.env) {
                Ok(file) => report.files.push(file),
                Err(err) => report.errors.push(err),
            },
            Ok(None) => report.files.push(too_large(&path, options.dialect)),
            Err(err) => report
                .errors
                .push(ToolError { path: Some(path.clone()), message: format!("cannot read: {}", io_message(&err)) }),
        }
    }

    let nothing_found = (report.files.is_empty() && report.errors.is_empty()).then_some(discovery.tried);
    CheckOutcome { report, nothing_found }
}

/// Check one file's bytes against an empty environment (reproducible: every `${VAR}` without
/// a default is unset). `Err` only when the file parses but matches no dialect.
pub fn check_bytes(path: &Path, bytes: Vec<u8>, forced: Option<&'static Dialect>) -> Result<FileReport, ToolError> {
    check_bytes_in(path, bytes, forced, &Environment::empty())
}

/// Check one file's bytes with `${…}` references resolved against `env`.
pub fn check_bytes_in(
    path: &Path,
    bytes: Vec<u8>,
    forced: Option<&'static Dialect>,
    env: &Environment,
) -> Result<FileReport, ToolError> {
    let source = match parse::decode(path, bytes) {
        Ok(source) => source,
        Err(failed) => {
            let (source, error) = *failed;
            return Ok(unparsed(source, &error, path, forced));
        }
    };
    check_source_in(source, forced, env)
}

/// Check one decoded file against an empty environment.
pub fn check_source(source: SourceFile, forced: Option<&'static Dialect>) -> Result<FileReport, ToolError> {
    check_source_in(source, forced, &Environment::empty())
}

/// Check one decoded file with `${…}` references resolved against `env`.
pub fn check_source_in(
    source: SourceFile,
    forced: Option<&'static Dialect>,
    env: &Environment,
) -> Result<FileReport, ToolError> {
    let path = source.path.clone();
    let doc = match parse::parse(&source) {
        Ok(doc) => doc,
        Err(error) => return Ok(unparsed(source, &error, &path, forced)),
    };
    let (dialect, role, detection) = match decide_dialect(&path, Some(&doc.root), forced) {
        Some(decision) => decision,
        None => {
            return Err(ToolError {
                path: Some(path),
                message: format!(
                    "this file matches no dialect mcpcheck knows (tried {}: by file name, then by shape — no `mcpServers`, `servers` or server entries found); pass `--dialect` to choose one",
                    dialect::ids().join(", ")
                ),
            });
        }
    };

    let file = FileRef::new(&source, Some(&doc));
    let cx = DocumentContext::new(file, &doc, dialect, role, detection, env);
    let mut findings = crate::validate::validate(dialect, &file, &doc);
    for rule in rules::ALL {
        rule.check_document(&cx, &mut findings);
        for server in &cx.servers {
            rule.check_server(&cx, server, &mut findings);
        }
    }
    sort(&mut findings);
    let redact = crate::redact::spans(&source, &doc);
    let servers = cx.servers.len();
    drop(cx);
    Ok(FileReport {
        source,
        dialect: Some(dialect.id),
        role: Some(role.label),
        detection: Some(detection),
        servers,
        findings,
        redact,
    })
}

/// Decide a file's dialect: `--dialect`, else its path, else its shape.
fn decide_dialect(
    path: &Path,
    root: Option<&parse::Node>,
    forced: Option<&'static Dialect>,
) -> Option<(&'static Dialect, Role, Detection)> {
    if let Some(dialect) = forced {
        return Some((dialect, dialect::role_when_forced(dialect, path, root), Detection::Flag));
    }
    if let Some((dialect, role)) = dialect::detect_by_path(path) {
        return Some((dialect, role, Detection::Path));
    }
    let (dialect, role) = dialect::detect_by_shape(root?)?;
    Some((dialect, role, Detection::Shape))
}

/// A file that could not be parsed: one `parse-error` finding.
fn unparsed(source: SourceFile, error: &SyntaxError, path: &Path, forced: Option<&'static Dialect>) -> FileReport {
    let decision = decide_dialect(path, None, forced);
    let finding = parse_error_finding(&source, error, decision.map(|(d, _, _)| d));
    FileReport {
        dialect: decision.map(|(d, _, _)| d.id),
        role: decision.map(|(_, r, _)| r.label),
        detection: decision.map(|(_, _, how)| how),
        servers: 0,
        findings: vec![finding],
        redact: Vec::new(),
        source,
    }
}

fn parse_error_finding(source: &SourceFile, error: &SyntaxError, dialect: Option<&'static Dialect>) -> Finding {
    let consequence = match dialect {
        Some(d) => format!("{} cannot load any server from this file", d.client),
        None => "no client can load any server from this file".to_owned(),
    };
    let label = match error.kind {
        SyntaxErrorKind::Truncated => "file ends here",
        SyntaxErrorKind::InvalidUtf8 => "invalid byte here",
        SyntaxErrorKind::TooDeep => "too deep",
        SyntaxErrorKind::Empty => "nothing here",
        SyntaxErrorKind::TooLarge | SyntaxErrorKind::Invalid => "here",
    };
    let help = match error.kind {
        SyntaxErrorKind::InvalidUtf8 => "Re-save the file as UTF-8 text",
        SyntaxErrorKind::Empty => "Write at least `{ \"mcpServers\": {} }`, or delete the file",
        SyntaxErrorKind::Truncated => {
            "Close every open string, array and object; the file may have been cut off while saving"
        }
        SyntaxErrorKind::TooDeep | SyntaxErrorKind::TooLarge => {
            "This is not a settings file a client can use; check what wrote it"
        }
        SyntaxErrorKind::Invalid => "Fix the syntax at this point; every other check of this file waits on it",
    };
    FindingBuilder::new(&rules::ParseError::META, format!("{}; {consequence}", error.message))
        .at_span(error.span, Some(label.to_owned()))
        .help(help)
        .build(&FileRef::new(source, None))
}

fn too_large(path: &Path, forced: Option<&'static Dialect>) -> FileReport {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let error = SyntaxError {
        span: Span::point(0),
        message: format!(
            "the file is {size} bytes; mcpcheck reads settings files of up to {} MiB",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        kind: SyntaxErrorKind::TooLarge,
    };
    unparsed(SourceFile::new(path, String::new()), &error, path, forced)
}

/// Read a file, or `Ok(None)` when it is larger than [`MAX_FILE_BYTES`] (never reading more).
fn read_limited(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

/// Order findings by position, then rule, then message, so output is stable.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.primary.span.start, a.primary.span.end, a.rule.id, &a.message).cmp(&(
            b.primary.span.start,
            b.primary.span.end,
            b.rule.id,
            &b.message,
        ))
    });
}
