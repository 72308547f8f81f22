//! The CI formats as CI systems meet them: `--format github` (workflow commands) and
//! `--format junit` (a JUnit XML report), on the demo fixture with findings of every severity,
//! and on a hostile file whose names try to break out of a workflow command.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{fixtures_dir, mcpcheck};

/// The repository root: the binary runs there, so paths print as `fixtures/demo/...`, as they
/// would in a GitHub Actions checkout.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn github_format_on_the_demo() {
    assert!(fixtures_dir().join("demo").is_dir());
    let run = mcpcheck().current_dir(root()).args(["check", "--format", "github", "fixtures/demo"]).run();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let kinds: Vec<&str> = run.stdout.lines().filter_map(|l| l.split([' ', ':']).nth(2)).collect();
    assert!(kinds.contains(&"error") && kinds.contains(&"warning") && kinds.contains(&"notice"), "{kinds:?}");
    insta::assert_snapshot!("github_demo", run.stdout);
}

#[test]
fn junit_format_on_the_demo() {
    let run = mcpcheck().current_dir(root()).args(["check", "--format", "junit", "fixtures/demo"]).run();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    insta::assert_snapshot!("junit_demo", run.stdout);
}

/// Decode a workflow command value the way the runner does.
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

/// A workflow command's decoded properties, in order.
type Properties = Vec<(String, String)>;

/// A workflow command split into its name, properties and data (`None` for a plain line).
fn parse_command(line: &str) -> Option<(String, Properties, String)> {
    let rest = line.strip_prefix("::")?;
    let end = rest.find("::").expect("a command ends its properties with `::`");
    let (head, data) = (&rest[..end], &rest[end + 2..]);
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (key, value) = p.split_once('=').expect("key=value");
            (key.to_owned(), unescape(value))
        })
        .collect();
    Some((name.to_owned(), properties, unescape(data)))
}

#[test]
fn github_format_escapes_hostile_names_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    // A directory name and a server name full of what ends or starts a command.
    let hostile_dir = "we:ird,dir%0A\n::error::injected";
    let server = "evil%25,a:b\n::error file=x::boom\r::warning::y";
    let path = dir.path().join(hostile_dir).join(".mcp.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let config = serde_json::json!({
        "mcpServers": {
            server: { "url": "https://example.com/mcp", "comment,with:colons": "%0A\n::notice::x" }
        }
    });
    std::fs::write(&path, config.to_string()).unwrap();
    let relative = format!("{hostile_dir}/.mcp.json");

    let json = mcpcheck().current_dir(dir.path()).args(["check", "--format", "json", &relative]).run();
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let findings = json["findings"].as_array().or_else(|| json["files"][0]["findings"].as_array()).expect("findings");
    assert!(!findings.is_empty());
    let mut expected: Vec<String> = findings
        .iter()
        .map(|f| match f["help"].as_str() {
            Some(help) => format!("{}\n{help}", f["message"].as_str().unwrap()),
            None => f["message"].as_str().unwrap().to_owned(),
        })
        .collect();
    assert!(expected.iter().any(|m| m.contains(server)), "the server name reaches a message raw: {expected:?}");

    let run = mcpcheck().current_dir(dir.path()).args(["check", "--format", "github", &relative]).run();
    assert!(run.code == Some(1), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), findings.len() + 1, "one line per finding and a summary, no raw newline: {lines:#?}");
    assert!(!run.stdout.contains('\r'));
    assert!(lines.last().unwrap().starts_with("mcpcheck: "));
    let mut decoded = Vec::new();
    for line in &lines[..lines.len() - 1] {
        let (name, properties, data) = parse_command(line).unwrap_or_else(|| panic!("not a command: {line}"));
        assert!(["error", "warning", "notice"].contains(&name.as_str()), "{line}");
        let keys: Vec<&str> = properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"], "no injected property: {line}");
        assert_eq!(properties[0].1, relative, "the file decodes to the path");
        decoded.push(data);
    }
    expected.sort();
    decoded.sort();
    assert_eq!(decoded, expected, "decoding gives back every message and help");
}

/// Well-formedness and counts of a JUnit document, read by Python's own XML parser.
fn junit_summary(xml: &str) -> serde_json::Value {
    const SCRIPT: &str = r#"
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == "testsuites", root.tag
suites = []
for suite in root.findall("testsuite"):
    cases = suite.findall("testcase")
    suites.append({
        "name": suite.get("name"),
        "attrs": {k: int(suite.get(k)) for k in ("tests", "failures", "errors", "skipped")},
        "cases": len(cases),
        "failed": sorted(c.get("name") for c in cases if c.find("failure") is not None),
        "errored": len([c for c in cases if c.find("error") is not None]),
        "skipped": len([c for c in cases if c.find("skipped") is not None]),
        "classnames": sorted(set(c.get("classname") for c in cases)),
        "failure_texts": [c.find("failure").text for c in cases if c.find("failure") is not None],
    })
print(json.dumps({"attrs": {k: int(root.get(k)) for k in ("tests", "failures", "errors", "skipped")}, "suites": suites}))
"#;
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is needed to check the JUnit XML");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(xml.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "not well-formed XML: {}\n{xml}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn junit_is_well_formed_xml_with_consistent_counts() {
    let run = mcpcheck().current_dir(root()).args(["check", "--format", "junit", "fixtures/demo"]).run();
    let summary = junit_summary(&run.stdout);
    let suites = summary["suites"].as_array().unwrap();
    assert_eq!(suites.len(), 2, "one suite per file");
    let mut totals = [0u64; 4];
    for suite in suites {
        let attrs = &suite["attrs"];
        assert_eq!(attrs["tests"], suite["cases"]);
        assert_eq!(attrs["failures"], suite["failed"].as_array().unwrap().len());
        assert_eq!(attrs["errors"], suite["errored"]);
        assert_eq!(attrs["skipped"], suite["skipped"]);
        assert_eq!(suite["classnames"], serde_json::json!([suite["name"]]), "classname is the file path");
        for (total, key) in totals.iter_mut().zip(["tests", "failures", "errors", "skipped"]) {
            *total += attrs[key].as_u64().unwrap();
        }
    }
    assert_eq!(
        summary["attrs"],
        serde_json::json!({"tests": totals[0], "failures": totals[1], "errors": totals[2], "skipped": totals[3]})
    );
    let project = suites.iter().find(|s| s["name"] == "fixtures/demo/.mcp.json").unwrap();
    assert_eq!(
        project["failed"],
        serde_json::json!([
            "missing-transport",
            "non-strict-json",
            "non-string-env-value",
            "unknown-field",
            "unresolved-env-var",
            "url-without-type"
        ])
    );
    let settings = suites.iter().find(|s| s["name"] == "fixtures/demo/mcp_settings.json").unwrap();
    assert_eq!(settings["failed"], serde_json::json!(["unread-field"]));
    // Every finding of the rule in the file, info ones included, one `line:column:` per line.
    let text = settings["failure_texts"][0].as_str().unwrap();
    assert_eq!(text.lines().filter(|l| !l.starts_with("  help:")).count(), 5, "{text}");
    assert!(text.starts_with("3:3: info: "), "{text}");
}

#[test]
fn junit_survives_hostile_text() {
    let dir = tempfile::tempdir().unwrap();
    let server = "a<b>&\"c'\u{1}\u{7f}]]>";
    let config = serde_json::json!({ "mcpServers": { server: { "url": "https://example.com/mcp" } } });
    std::fs::create_dir_all(dir.path().join("x&<y>")).unwrap();
    std::fs::write(dir.path().join("x&<y>/.mcp.json"), config.to_string()).unwrap();
    let run = mcpcheck()
        .current_dir(dir.path())
        .args(["check", "--format", "junit", "x&<y>/.mcp.json", "missing.json"])
        .run();
    assert_eq!(run.code, Some(2), "the missing file is a tool error: {}", run.stderr);
    let summary = junit_summary(&run.stdout);
    let suites = summary["suites"].as_array().unwrap();
    assert_eq!(suites[0]["name"], "x&<y>/.mcp.json");
    assert_eq!(suites[0]["failed"], serde_json::json!(["invalid-server-name", "url-without-type"]));
    let texts = suites[0]["failure_texts"].as_array().unwrap();
    assert!(texts.iter().any(|t| t.as_str().unwrap().contains("a<b>&\"c'")), "{texts:?}");
    assert_eq!(summary["attrs"]["errors"], 1, "the tool error");
}
