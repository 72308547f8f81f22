//! Every dialect's fixtures: each `fixtures/dialects/<dialect-id>/<case>.*` file (`.json`,
//! `.toml`…) is checked as that dialect (as `--dialect` would, which also picks the parser),
//! against a fixed environment, and one snapshot per
//! file records both what the client makes of it and what mcpcheck reports:
//!
//! * each server the dialect reads: name, scope, transport, and every string in the fields
//!   the client expands with the status of each `${…}` reference in it (set, default, unset,
//!   not expanded by this client, supplied by the client itself);
//! * the whole human report (every rule, not one).
//!
//! The environment holds `HOME=/home/dev`, `API_TOKEN` (a fake secret that must never appear
//! in a snapshot) and `REGION=eu`; nothing else.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use mcpcheck::dialect::{self, Detection, DocumentContext};
use mcpcheck::finding::{FileRef, Severity};
use mcpcheck::pipeline;
use mcpcheck::report::{self, Format, RenderOptions, Report};
use mcpcheck::resolve::env::{Environment, VarOrigin};

/// The fake secret in the fixtures' environment.
const SECRET: &str = "tok-7f3a9c2e1b8d4f60";

fn environment() -> Environment {
    let mut env = Environment::empty();
    env.set("HOME", "/home/dev", VarOrigin::Flag);
    env.set("API_TOKEN", SECRET, VarOrigin::Flag);
    env.set("REGION", "eu", VarOrigin::Flag);
    env
}

#[test]
fn dialect_fixtures() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(fixtures.join("dialects"))
        .unwrap()
        .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).unwrap())
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in &paths {
        let path = path.as_path();
        let id = path.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap();
        let dialect = dialect::by_id(id).unwrap_or_else(|| panic!("fixtures/dialects/{id}: no such dialect"));
        let display = path.strip_prefix(&fixtures).unwrap();
        let env = environment();
        let bytes = std::fs::read(path).unwrap();

        let mut text = String::from("## What the client reads\n");
        text.push_str(&servers(display, bytes.clone(), dialect, &env));
        text.push_str("\n## Report\n");
        let file = pipeline::check_bytes_in(display, bytes, Some(dialect), &env).expect("fixture is checked");
        let report = Report { files: vec![file], ..Report::default() };
        for f in report.findings() {
            assert!(f.help.is_some(), "{}: `{}` finding without help: {}", display.display(), f.rule.id, f.message);
        }
        let options = RenderOptions { color: false, width: 100, fail_on: Severity::Warning, show_suppressed: false };
        let mut out = Vec::new();
        report::render(Format::Human, &report, &options, &mut out).unwrap();
        text.push_str(&String::from_utf8(out).unwrap());
        assert!(!text.contains(SECRET), "{}: the secret reached the output", display.display());
        // Named `<dialect>__<file>`, so that adding a dialect renames nothing.
        insta::assert_snapshot!(format!("{id}__{name}"), text);
    }
}

/// The servers `dialect` reads from the file, with their resolved references.
fn servers(path: &Path, bytes: Vec<u8>, dialect: &'static dialect::Dialect, env: &Environment) -> String {
    let source = match mcpcheck::parse::decode(path, bytes) {
        Ok(source) => source,
        Err(failed) => return format!("(not decoded: {})\n", failed.1.message),
    };
    let doc = match pipeline::parse_source(&source, Some(dialect)) {
        Ok(doc) => doc,
        Err(error) => return format!("(not parsed: {})\n", error.message),
    };
    let role = dialect::role_when_forced(dialect, path, dialect::Origin::Explicit, Some(&doc.root));
    let cx = DocumentContext::new(FileRef::new(&source, Some(&doc)), &doc, dialect, role, Detection::Flag, env);
    let mut out = String::new();
    if cx.servers.is_empty() {
        out.push_str("(no servers)\n");
    }
    for server in &cx.servers {
        let scope = server.scope.map_or("-", |s| s.as_str());
        let transport = match server.transport {
            mcpcheck::model::TransportChoice::Declared(t) => format!("{} (declared)", t.as_str()),
            mcpcheck::model::TransportChoice::Inferred(t) => format!("{} (inferred)", t.as_str()),
            mcpcheck::model::TransportChoice::Rejected => "rejected".to_owned(),
            mcpcheck::model::TransportChoice::Unknown => "unknown".to_owned(),
        };
        writeln!(out, "- `{}` at {}: scope {scope}, transport {transport}", server.name, server.pointer).unwrap();
        for value in &server.resolved.values {
            for r in &value.expanded.references {
                writeln!(out, "    {} {}: {} → {:?}", value.field, value.pointer, r.reference.text, r.status).unwrap();
            }
        }
        for u in &server.resolved.unexpanded {
            for r in &u.scan.references {
                writeln!(out, "    (not expanded here) {}: {}", u.pointer, r.text).unwrap();
            }
        }
    }
    out
}
