//! The regression corpus: real MCP settings files from public repositories
//! (`../shared/corpus`, or `$MCPCHECK_CORPUS`; read-only, never copied here).
//!
//! Proves that the binary never panics and never fails as a tool on any real `*.json` or
//! `*.toml` file
//! (exit code 0 or 1 only: 2 would mean "matches no dialect" or an internal error, 101 a
//! panic), and records what mcpcheck makes of each file (dialect, how it was detected, server
//! count, findings per rule) in one snapshot, so that any change to real-world results shows
//! up in review. In the snapshot each file is checked under the path it has in its own
//! repository (`MANIFEST.tsv`: `.mcp.json`, `.vscode/mcp.json`, …), as a user's checkout would
//! present it, so detection by path works as it does in real life; the corpus's flattened
//! file names (`owner__repo__.mcp.json`) would leave only detection by shape (which the
//! exit-code test exercises: a flattened `config.toml` is Codex's by its `mcp_servers` table).
//! When the corpus is absent, both corpus tests
//! print `SKIPPED: …` and pass. A third test checks the harness behaviour they rely on (the
//! skip, and path scrubbing). A fourth test checks that each folder's files are detected as
//! that folder's client, for every client whose dialect exists.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use mcpcheck::dialect::Detection;
use mcpcheck::pipeline;

/// `local_file` → `<repo>/<path>` (the file's path in its own repository), from the corpus's
/// `MANIFEST.tsv` (tab-separated, with a header row).
fn upstream_paths(corpus: &Path) -> HashMap<String, PathBuf> {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("the corpus has a MANIFEST.tsv");
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().expect("MANIFEST.tsv has a header").split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no `{name}` column"));
    let (local, repo, path) = (column("local_file"), column("repo"), column("path"));
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields[local].to_owned(), Path::new(fields[repo]).join(fields[path]))
        })
        .collect()
}

/// Every `*.json` and `*.toml` file of the corpus, sorted by path.
fn corpus_files(corpus: &Path) -> Vec<PathBuf> {
    let mut files = common::files_with_extension(corpus, "json");
    assert!(!files.is_empty(), "no *.json file under {}", corpus.display());
    let toml = common::files_with_extension(corpus, "toml");
    assert!(!toml.is_empty(), "no *.toml file under {}", corpus.display());
    files.extend(toml);
    files.sort();
    files
}

/// Run `mcpcheck check FILE`; describe the failure unless it exits 0 or 1 without panicking.
fn run_failure(file: &Path, corpus: &Path) -> Option<String> {
    let run = common::mcpcheck().arg("check").arg(file).run();
    (!matches!(run.code, Some(0 | 1)) || run.panicked()).then(|| {
        format!(
            "{}: exit code {:?}\n--- stderr ---\n{}",
            common::relative(file, corpus),
            run.code,
            run.stderr_scrubbed(&[])
        )
    })
}

#[test]
fn binary_exits_0_or_1_on_every_corpus_file() {
    let Some(corpus) = common::corpus_dir() else { return };
    let files = corpus_files(&corpus);

    // Two workers: the runs are independent and each one is a process start.
    let corpus = corpus.as_path();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(files.len().div_ceil(2))
            .map(|chunk| {
                scope.spawn(move || chunk.iter().filter_map(|file| run_failure(file, corpus)).collect::<Vec<_>>())
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("worker")).collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} corpus files did not exit with 0 or 1:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_results_snapshot() {
    let Some(corpus) = common::corpus_dir() else { return };
    let files = corpus_files(&corpus);
    let upstream = upstream_paths(&corpus);

    let mut table = String::new();
    // rule id → (findings, files)
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut by_dialect: BTreeMap<String, usize> = BTreeMap::new();
    let mut servers_total = 0;
    let mut clean = 0;

    for file in &files {
        let rel = common::relative(file, &corpus);
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"));
        let path = upstream.get(&rel).unwrap_or_else(|| panic!("{rel} is not in MANIFEST.tsv"));
        let line = match pipeline::check_bytes(path, bytes, None) {
            Ok(report) => {
                let dialect = report.dialect.unwrap_or("none");
                let detection = match report.detection {
                    Some(Detection::Path) => "path",
                    Some(Detection::Shape) => "shape",
                    Some(Detection::Flag) => "flag",
                    None => "none",
                };
                *by_dialect.entry(format!("{dialect}/{detection}")).or_default() += 1;
                servers_total += report.servers;

                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for finding in &report.findings {
                    *counts.entry(finding.rule.id).or_default() += 1;
                }
                for (rule, n) in &counts {
                    let total = totals.entry(rule).or_default();
                    total.0 += n;
                    total.1 += 1;
                }
                if counts.is_empty() {
                    clean += 1;
                }
                let findings = if counts.is_empty() {
                    "clean".to_owned()
                } else {
                    counts.iter().map(|(rule, n)| format!("{rule}={n}")).collect::<Vec<_>>().join(" ")
                };
                format!("{rel}  {dialect}/{detection}  {}  {findings}", count(report.servers, "server"))
            }
            Err(error) => {
                *by_dialect.entry("tool-error".to_owned()).or_default() += 1;
                format!("{rel}  TOOL ERROR  {}", error.message)
            }
        };
        table.push_str(&line);
        table.push('\n');
    }

    let _ = writeln!(
        table,
        "\n# {}, {}, {clean} without findings",
        count(files.len(), "file"),
        count(servers_total, "server")
    );
    for (dialect, n) in &by_dialect {
        let _ = writeln!(table, "# {dialect}: {}", count(*n, "file"));
    }
    for (rule, (findings, in_files)) in &totals {
        let _ = writeln!(table, "# total {rule}: {} in {}", count(*findings, "finding"), count(*in_files, "file"));
    }

    insta::assert_snapshot!("corpus_results", table);
}

/// The dialect each corpus folder's files must be detected as, from the path they have in
/// their own repository; `None` for files no one dialect owns.
fn expected_dialect(local_file: &str, upstream: &Path) -> Option<&'static str> {
    let upstream = upstream.to_string_lossy().replace('\\', "/");
    match local_file.split('/').next()? {
        "claude-code" => Some("claude-code"),
        "claude-desktop" => Some("claude-desktop"),
        "cursor" => Some("cursor"),
        "vscode" => Some("vscode"),
        "gemini" => Some("gemini"),
        "codex" => Some("codex"),
        "other" if upstream.contains("/.roo/") => Some("roo"),
        "other" if upstream.contains("/.kiro/") => Some("kiro"),
        _ => None,
    }
}

/// Each corpus folder's files are detected as that folder's client (`claude-code/` as
/// `claude-code`, `cursor/` as `cursor`, …; in `other/`, `.roo/…` as `roo` and `.kiro/…` as
/// `kiro`), by the path they have in their own repository. Only dialects that exist are
/// asserted, so the test grows strict by itself as dialects are merged; TOML files are read
/// too (Codex).
#[test]
fn corpus_files_are_detected_as_their_folders_client() {
    let Some(corpus) = common::corpus_dir() else { return };
    let upstream = upstream_paths(&corpus);
    let mut checked = 0;
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut locals: Vec<&String> = upstream.keys().collect();
    locals.sort();
    for local in locals {
        let path = &upstream[local];
        let Some(expected) = expected_dialect(local, path) else { continue };
        if mcpcheck::dialect::by_id(expected).is_none() {
            *skipped.entry(expected).or_default() += 1;
            continue;
        }
        let bytes = std::fs::read(corpus.join(local)).unwrap_or_else(|e| panic!("cannot read {local}: {e}"));
        let got = match pipeline::check_bytes(path, bytes, None) {
            Ok(report) => report.dialect.unwrap_or("none").to_owned(),
            Err(error) => format!("tool error: {}", error.message),
        };
        if got != expected {
            wrong.push(format!("{local} ({}): expected {expected}, got {got}", path.display()));
        }
        checked += 1;
    }
    for (dialect, n) in &skipped {
        let _ = writeln!(std::io::stderr(), "SKIPPED: {n} corpus files of `{dialect}`, a dialect not built yet");
    }
    assert!(checked > 0, "no corpus file was checked");
    assert!(wrong.is_empty(), "{} of {checked} files detected as another dialect:\n{}", wrong.len(), wrong.join("\n"));
}

/// `1 file`, `2 files`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The harness's own behaviour that the corpus tests rely on.
#[test]
fn harness_skips_a_missing_corpus_and_scrubs_paths() {
    assert_eq!(common::corpus_dir_at(PathBuf::from("/nonexistent/mcpcheck-corpus")), None);

    let tmp = tempfile::tempdir().expect("temporary directory");
    let text = format!(
        "{}/rules/x.json {}/claude-code/a.json {}/b.json",
        common::fixtures_dir().display(),
        common::corpus_path().display(),
        tmp.path().display()
    );
    assert_eq!(
        common::scrub_paths(&text, &[tmp.path()]),
        "@@FIXTURES@@/rules/x.json @@CORPUS@@/claude-code/a.json @@TMP@@/b.json"
    );
    let unnamed = tempfile::tempdir().expect("temporary directory");
    let text = format!("{}/c.json", unnamed.path().display());
    assert_eq!(common::scrub_paths(&text, &[]), "@@TMP@@/c.json");
}
