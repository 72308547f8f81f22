//! Every rule's fixtures: each `fixtures/rules/<rule-id>/*` entry is checked, only the
//! findings of the rule named by its folder are kept, and the human report is snapshotted. A
//! `good*` fixture must give none of them and a `bad*` fixture at least one; every finding
//! anywhere must carry help.
//!
//! A fixture file whose name contains `mcp-settings`, or has a dialect id between dots
//! (`bad-names.cursor.json`), is checked as that dialect; others are detected as usual. A fixture directory is a whole machine for rules that look across files:
//! `repo/` (the project), and optionally `home/` and `managed/`. It is copied to a temporary
//! directory first, where `@@PROJECT@@` in its files becomes the project's absolute path (the
//! key of local-scope entries in `~/.claude.json`); the snapshot shows that directory as
//! `@@TREE@@`.

mod common;

use std::path::Path;

use mcpcheck::dialect;
use mcpcheck::finding::Severity;
use mcpcheck::pipeline::{self, CheckOptions};
use mcpcheck::probe::runner::{Candidate, Gate, Job, Prober};
use mcpcheck::probe::session::{ProbeOptions, ProbeOutcome};
use mcpcheck::report::{self, Format, RenderOptions, Report};

#[test]
fn rule_fixtures() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    insta::glob!("../fixtures", "rules/*/*", |path| {
        let rule = path.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap();
        let display = path.strip_prefix(&fixtures).unwrap();
        let (mut report, tree) = if path.is_dir() { check_tree(path) } else { (check_file(path, display), None) };
        for f in report.findings() {
            assert!(f.help.is_some(), "{}: `{}` finding without help: {}", display.display(), f.rule.id, f.message);
        }
        for file in &mut report.files {
            file.findings.retain(|f| f.rule.id == rule);
        }
        let count = report.findings().count();
        if name.starts_with("good") {
            let found: Vec<_> = report.findings().map(|f| &f.message).collect();
            assert_eq!(count, 0, "{}: expected no `{rule}` finding, got {found:#?}", display.display());
        } else {
            assert!(name.starts_with("bad"), "fixture names start with `good` or `bad`: {name}");
            assert!(count > 0, "{}: expected a `{rule}` finding", display.display());
        }
        let options = RenderOptions { color: false, width: 100, fail_on: Severity::Warning, show_suppressed: false };
        let mut out = Vec::new();
        report::render(Format::Human, &report, &options, &mut out).unwrap();
        let mut text = String::from_utf8(out).unwrap();
        if let Some(tree) = tree {
            text = text.replace(&tree, "@@TREE@@");
        }
        insta::assert_snapshot!(text);
    });
}

fn check_file(path: &Path, display: &Path) -> Report {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap();
    let forced = name
        .split('.')
        .find_map(dialect::by_id)
        .or_else(|| name.contains("mcp-settings").then(|| dialect::by_id("mcp-settings").unwrap()));
    let bytes = std::fs::read(path).unwrap();
    let file = pipeline::check_bytes(display, bytes, forced).expect("fixture matches a dialect");
    Report { files: vec![file], ..Report::default() }
}

/// Recorded outcomes (`probe.json`: server name → `ProbeOutcome`) in place of live probes.
struct Recorded(std::collections::BTreeMap<String, ProbeOutcome>);

impl Prober for Recorded {
    fn probe(&self, job: &Job<'_>) -> ProbeOutcome {
        self.0[job.name].clone()
    }
}

/// Lets exactly the servers that have a recorded outcome be probed.
struct RecordedOnly<'a>(&'a Recorded);

impl Gate for RecordedOnly<'_> {
    fn decide(&mut self, candidates: &[Candidate<'_>]) -> Vec<bool> {
        candidates.iter().map(|c| self.0.0.contains_key(c.name)).collect()
    }
}

/// Check a fixture tree as one machine; returns the report and the temporary root's path.
/// With a `probe.json` beside `repo/`, the probe stage runs over the recorded outcomes; with a
/// `machine.json`, `doctor`'s machine stage runs over the recorded facts (without probing).
fn check_tree(fixture: &Path) -> (Report, Option<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    common::copy_tree(fixture, &root, &root.join("repo"));
    let some_dir = |name: &str| Some(root.join(name)).filter(|p| p.is_dir());
    let options = CheckOptions {
        project: root.join("repo"),
        home: some_dir("home"),
        managed: some_dir("managed"),
        ..CheckOptions::default()
    };
    let recorded = fixture.join("probe.json");
    let machine = fixture.join("machine.json");
    let outcome = if machine.is_file() {
        // Recorded machine facts (server name → `ServerFacts`) in place of looking at this machine.
        let text = std::fs::read_to_string(&machine).unwrap();
        let facts = serde_json::from_str(&text).expect("machine.json: server name → ServerFacts");
        let gathering = mcpcheck::doctor::facts::Gathering { network: true, recorded: Some(facts) };
        pipeline::doctor(&options, pipeline::DoctorRequest { gathering, ..Default::default() }, None)
    } else if recorded.is_file() {
        let text = std::fs::read_to_string(&recorded).unwrap();
        let recorded = Recorded(serde_json::from_str(&text).expect("probe.json: server name → ProbeOutcome"));
        let request = pipeline::ProbeRequest {
            gate: &mut RecordedOnly(&recorded),
            prober: &recorded,
            options: ProbeOptions::default(),
            concurrency: 2,
            only: Vec::new(),
            clients: Vec::new(),
            fallback: false,
            // The previous lock, as `mcpcheck probe` reads it: `repo/mcpcheck.lock`.
            lock: mcpcheck::probe::lock::Lockfile::read(&root.join("repo").join(mcpcheck::probe::lock::FILE_NAME)).ok(),
            record_lock: false,
            progress: &|_, _| {},
        };
        pipeline::probe(&options, request)
    } else {
        pipeline::check(&options)
    };
    assert!(outcome.report.errors.is_empty(), "{:?}", outcome.report.errors);
    (outcome.report, Some(root.display().to_string()))
}
