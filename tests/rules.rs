//! Every rule's fixtures: each `fixtures/rules/<rule-id>/*` file is checked, only the findings
//! of the rule named by its folder are kept, and the human report is snapshotted. A `good*`
//! fixture must give none of them and a `bad*` fixture at least one. A fixture whose name
//! contains `mcp-settings` is checked as that dialect; all others are detected as usual.

use std::path::Path;

use mcpcheck::dialect;
use mcpcheck::finding::Severity;
use mcpcheck::pipeline;
use mcpcheck::report::{self, Format, RenderOptions, Report};

#[test]
fn rule_fixtures() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    insta::glob!("../fixtures", "rules/*/*", |path| {
        let rule = path.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap();
        let display = path.strip_prefix(&fixtures).unwrap();
        let forced = name.contains("mcp-settings").then(|| dialect::by_id("mcp-settings").unwrap());
        let bytes = std::fs::read(path).unwrap();
        let mut file = pipeline::check_bytes(display, bytes, forced).expect("fixture matches a dialect");
        for f in &file.findings {
            assert!(f.help.is_some(), "{}: `{}` finding without help: {}", display.display(), f.rule.id, f.message);
        }
        file.findings.retain(|f| f.rule.id == rule);
        if name.starts_with("good") {
            assert!(
                file.findings.is_empty(),
                "{}: expected no `{rule}` finding, got {:#?}",
                display.display(),
                file.findings
            );
        } else {
            assert!(name.starts_with("bad"), "fixture names start with `good` or `bad`: {name}");
            assert!(!file.findings.is_empty(), "{}: expected a `{rule}` finding", display.display());
        }
        let report = Report { files: vec![file], errors: Vec::new() };
        let options = RenderOptions { color: false, width: 100, fail_on: Severity::Warning };
        let mut out = Vec::new();
        report::render(Format::Human, &report, &options, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    });
}
