//! Hostile inputs (DESIGN.md §5: "bad input never panics … and the rest of the files are
//! still checked").
//!
//! Each input is written as `bad/.mcp.json` beside a valid `good/.mcp.json` (TOML inputs as
//! `bad/.codex/config.toml` beside `good/.codex/config.toml`, Codex's) and both are passed to
//! one run of the binary and to one in-process `pipeline::check`. For every input
//! this proves: the binary exits 0 or 1 (never 2, never a panic), exactly as the in-process
//! report says it should; the bad file gets its own report with the expected finding at a
//! sensible line and column; and the good file is still checked, with its servers and no
//! finding. The 50 MB many-server file is checked in-process only, to keep this file quick in
//! debug builds.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use mcpcheck::finding::{Finding, Severity};
use mcpcheck::pipeline::{self, CheckOptions};
use mcpcheck::report::FileReport;

/// A valid project `.mcp.json` that must stay clean whatever it is checked with. No `${VAR}`:
/// the library resolves references against an empty environment, where one is unset.
const GOOD: &str = r#"{
  "mcpServers": {
    "github": {
      "type": "http",
      "url": "https://api.githubcopilot.com/mcp/"
    },
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "."]
    }
  }
}
"#;
const GOOD_SERVERS: usize = 2;

/// A valid project `.codex/config.toml` that must stay clean.
const GOOD_TOML: &str = r#"model = "gpt-5.2"

[mcp_servers.github]
url = "https://api.githubcopilot.com/mcp/"
bearer_token_env_var = "GITHUB_TOKEN"

[mcp_servers.filesystem]
command = "npx"
args = ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "."]
"#;

/// Which format a hostile input is checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// Claude Code's `.mcp.json`.
    Json,
    /// Codex's `.codex/config.toml`.
    Toml,
}

impl Format {
    /// (file path under `bad/` and `good/`, the good file's text, the dialect both are
    /// detected as by path)
    fn setup(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Format::Json => (".mcp.json", GOOD, "claude-code"),
            Format::Toml => (".codex/config.toml", GOOD_TOML, "codex"),
        }
    }
}

/// What the bad file must produce.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Exactly one finding, a `parse-error`, on this line (when given).
    ParseError { line: Option<usize> },
    /// At least one `rule` finding, the first of them on `line`.
    Finding { rule: &'static str, line: usize },
    /// No finding at all.
    Clean,
    /// No particular finding is required yet (see the ignored tests), but any finding must
    /// be on `line`.
    AnyOn { line: usize },
}

/// How the bad input is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    /// The binary and `pipeline::check`.
    BinaryAndLibrary,
    /// `pipeline::check` only (inputs too slow to check twice in a debug build).
    LibraryOnly,
}

/// Check `bytes` beside the good file and make every common assertion; return the bad file's
/// report for the case's own assertions.
fn check_hostile(bytes: &[u8], expect: Expect, via: Via) -> FileReport {
    check_hostile_as(Format::Json, bytes, expect, via)
}

/// [`check_hostile`] with the input written as `format`'s file.
fn check_hostile_as(format: Format, bytes: &[u8], expect: Expect, via: Via) -> FileReport {
    let (file, good_text, dialect) = format.setup();
    let dir = tempfile::tempdir().expect("temporary directory");
    let bad = write(dir.path(), &format!("bad/{file}"), bytes);
    let good = write(dir.path(), &format!("good/{file}"), good_text.as_bytes());

    let options = CheckOptions { paths: vec![bad.clone(), good.clone()], ..CheckOptions::default() };
    let outcome = pipeline::check(&options);
    let report = outcome.report;
    assert!(outcome.nothing_found.is_none(), "both files were given");
    assert!(report.errors.is_empty(), "no tool error expected, got {:#?}", report.errors);
    let paths: Vec<&Path> = report.files.iter().map(|f| f.source.path()).collect();
    assert_eq!(paths, [bad.as_path(), good.as_path()], "each file gets its own report, in order");
    let expected_code = i32::from(report.fails(Severity::Warning));

    let mut files = report.files.into_iter();
    let bad_report = files.next().expect("bad file report");
    let good_report = files.next().expect("good file report");
    assert_eq!(good_report.dialect, Some(dialect));
    assert_eq!(good_report.servers, GOOD_SERVERS, "the good file is still read in full");
    assert!(good_report.findings.is_empty(), "the good file stays clean: {:#?}", good_report.findings);
    assert_eq!(bad_report.dialect, Some(dialect), "`{file}` is {dialect}'s by path");

    check_expectation(&bad_report, expect);

    if via == Via::BinaryAndLibrary {
        let run = common::mcpcheck().arg("check").arg(&bad).arg(&good).current_dir(dir.path()).run();
        assert!(!run.panicked(), "mcpcheck panicked:\n{}", run.stderr);
        assert_eq!(
            run.code,
            Some(expected_code),
            "exit code must be {expected_code} (findings: {}); stderr:\n{}",
            bad_report.findings.len(),
            run.stderr_scrubbed(&[dir.path()])
        );
    }
    bad_report
}

fn write(dir: &Path, relative: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create directory");
    std::fs::write(&path, bytes).expect("write input");
    path
}

fn check_expectation(bad: &FileReport, expect: Expect) {
    let summary = || bad.findings.iter().map(describe).collect::<Vec<_>>().join("\n");
    let mut line_lengths = HashMap::new();
    for finding in &bad.findings {
        assert_position_on_its_line(bad, finding, &mut line_lengths);
    }
    match expect {
        Expect::ParseError { line } => {
            assert_eq!(bad.findings.len(), 1, "exactly one finding expected:\n{}", summary());
            let finding = &bad.findings[0];
            assert_eq!(finding.rule.id, "parse-error", "{}", summary());
            assert_eq!(finding.severity, Severity::Error);
            if let Some(line) = line {
                assert_eq!(finding.primary.start.line, line, "{}", summary());
            }
        }
        Expect::Finding { rule, line } => {
            let first = bad.findings.iter().find(|f| f.rule.id == rule);
            let first = first.unwrap_or_else(|| panic!("a `{rule}` finding expected, got:\n{}", summary()));
            assert_eq!(first.primary.start.line, line, "{}", summary());
        }
        Expect::Clean => assert!(bad.findings.is_empty(), "no finding expected, got:\n{}", summary()),
        Expect::AnyOn { line } => {
            for finding in &bad.findings {
                assert_eq!(finding.primary.start.line, line, "{}", summary());
            }
        }
    }
}

/// A finding's line exists and its column lies on that line (at most one past its end).
/// `line_lengths` caches characters per line: one 10 MB line can carry 100 000 findings.
fn assert_position_on_its_line(file: &FileReport, finding: &Finding, line_lengths: &mut HashMap<usize, usize>) {
    let start = finding.primary.start;
    assert!(
        start.line >= 1 && start.line <= file.source.line_count(),
        "line {} of {}",
        start.line,
        file.source.line_count()
    );
    let line_chars = *line_lengths
        .entry(start.line)
        .or_insert_with(|| file.source.slice(file.source.line_span(start.line)).chars().count());
    assert!(
        start.column >= 1 && start.column <= line_chars + 1,
        "{}: column {} on a line of {line_chars} characters",
        describe(finding),
        start.column
    );
}

fn describe(finding: &Finding) -> String {
    format!("{}:{} [{}] {}", finding.primary.start.line, finding.primary.start.column, finding.rule.id, finding.message)
}

/// Deterministic pseudo-random bytes (a 64-bit linear congruential generator, high bytes).
fn pseudo_random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

/// A minified `.mcp.json` of at least `min_bytes` whose servers are written by `entry(i)`,
/// all on one line; returns the text and the number of servers.
fn minified_servers(min_bytes: usize, entry: impl Fn(usize) -> String) -> (String, usize) {
    let mut text = String::with_capacity(min_bytes + 256);
    text.push_str("{\"mcpServers\":{");
    let mut count = 0;
    while text.len() < min_bytes {
        if count > 0 {
            text.push(',');
        }
        text.push_str(&entry(count));
        count += 1;
    }
    text.push_str("}}");
    (text, count)
}

#[test]
fn invalid_utf8_in_the_middle_of_line_3() {
    let mut bytes = b"{\n  \"mcpServers\": {\n    \"fs\": {\"command\": \"np".to_vec();
    let column = bytes.len() - bytes.iter().rposition(|&b| b == b'\n').unwrap();
    bytes.extend_from_slice(b"\xff\xfex\", \"args\": []}\n  }\n}\n");
    let bad = check_hostile(&bytes, Expect::ParseError { line: Some(3) }, Via::BinaryAndLibrary);
    assert_eq!(bad.findings[0].primary.start.column, column, "the column of the first invalid byte");
}

#[test]
fn truncated_in_the_middle_of_a_string() {
    let text = "{\n  \"mcpServers\": {\n    \"fs\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-fi";
    check_hostile(text.as_bytes(), Expect::ParseError { line: Some(3) }, Via::BinaryAndLibrary);
}

#[test]
fn truncated_in_the_middle_of_an_object() {
    let text = "{\n  \"mcpServers\": {\n    \"fs\": {\"command\": \"npx\", \"args\": [\"-y\"]";
    check_hostile(text.as_bytes(), Expect::ParseError { line: Some(3) }, Via::BinaryAndLibrary);
}

#[test]
fn binary_garbage_with_nul_bytes() {
    let mut bytes = pseudo_random_bytes(64 * 1024, 0x6d63_7063_6865_636b);
    bytes[10] = 0;
    check_hostile(&bytes, Expect::ParseError { line: None }, Via::BinaryAndLibrary);
}

#[test]
fn text_garbage_with_nul_characters() {
    // Valid UTF-8, so it reaches the JSON parser: printable noise, control characters and NUL.
    let bytes: Vec<u8> = pseudo_random_bytes(64 * 1024, 42).into_iter().map(|b| b & 0x7f).collect();
    check_hostile(&bytes, Expect::ParseError { line: None }, Via::BinaryAndLibrary);
}

#[test]
fn fifty_megabytes_of_servers() {
    let (text, servers) = minified_servers(50 * 1024 * 1024, |i| {
        format!(
            "\n\"server-{i}\":{{\"command\":\"npx\",\"args\":[\"-y\",\"@example/mcp-{i}@1.0.0\"],\"env\":{{\"LOG_LEVEL\":\"info\"}}}}"
        )
    });
    let bad = check_hostile(text.as_bytes(), Expect::Clean, Via::LibraryOnly);
    assert_eq!(bad.servers, servers);
}

#[test]
fn fifty_megabytes_in_one_string() {
    let mut text = String::from("{\"mcpServers\": {\"big\": {\"command\": \"npx\", \"args\": [\"");
    text.push_str(&"0123456789abcdef".repeat(50 * 1024 * 1024 / 16));
    text.push_str("\"]}}}\n");
    let bad = check_hostile(text.as_bytes(), Expect::Clean, Via::BinaryAndLibrary);
    assert_eq!(bad.servers, 1);
}

#[test]
fn a_hundred_thousand_nested_arrays() {
    let text = "[".repeat(100_000) + &"]".repeat(100_000);
    check_hostile(text.as_bytes(), Expect::ParseError { line: Some(1) }, Via::BinaryAndLibrary);
}

#[test]
fn a_hundred_thousand_nested_objects() {
    let text = "{\"a\":".repeat(100_000) + "1" + &"}".repeat(100_000);
    check_hostile(text.as_bytes(), Expect::ParseError { line: Some(1) }, Via::BinaryAndLibrary);
}

#[test]
fn empty_file() {
    check_hostile(b"", Expect::ParseError { line: Some(1) }, Via::BinaryAndLibrary);
}

#[test]
fn only_comments() {
    let text = "// servers go here\n/* none yet */\n";
    // Reported where the file ends: there is nothing else to point at.
    check_hostile(text.as_bytes(), Expect::ParseError { line: Some(3) }, Via::BinaryAndLibrary);
}

#[test]
fn lone_utf16_surrogate_escape() {
    // `JSON.parse` accepts a lone surrogate escape; mcpcheck may report it, but only there.
    let text = "{\n  \"mcpServers\": {\n    \"fs\": {\"command\": \"npx\", \"args\": [\"\\ud800\"]}\n  }\n}\n";
    check_hostile(text.as_bytes(), Expect::AnyOn { line: 3 }, Via::BinaryAndLibrary);
}

/// Regression: columns were counted from the start of the line for every finding, so one
/// 10 MB line with a finding per server took quadratic time (minutes, for a few seconds of
/// parsing). The non-ASCII URL path rules out an ASCII-only shortcut; the server names stay
/// ASCII so that each server has exactly one finding (a non-ASCII name is
/// `invalid-server-name`'s too).
#[test]
fn ten_megabytes_on_one_line_with_a_finding_per_server() {
    let (text, servers) = minified_servers(10 * 1024 * 1024, |i| {
        format!("\"cafe-{i}\":{{\"url\":\"https://mcp.example.com/café/{i}\"}}")
    });
    assert!(!text.contains('\n'));
    let bad =
        check_hostile(text.as_bytes(), Expect::Finding { rule: "url-without-type", line: 1 }, Via::BinaryAndLibrary);
    assert_eq!(bad.servers, servers);
    assert_eq!(bad.findings.iter().filter(|f| f.rule.id == "url-without-type").count(), servers);
    let last = bad.findings.iter().max_by_key(|f| f.primary.span.start).expect("findings");
    let expected_column = text[..last.primary.span.start].chars().count() + 1;
    assert_eq!(last.primary.start.column, expected_column, "columns count characters, not bytes");
}

#[test]
fn bom_and_crlf_line_endings() {
    let text = "\u{feff}{\r\n  \"mcpServers\": {\r\n    \"fs\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem@2025.8.21\"]},\r\n    \"docs\": {\"url\": \"https://mcp.example.com/\"}\r\n  }\r\n}\r\n";
    let bad =
        check_hostile(text.as_bytes(), Expect::Finding { rule: "non-strict-json", line: 1 }, Via::BinaryAndLibrary);
    let url = bad.findings.iter().find(|f| f.rule.id == "url-without-type").expect("url-without-type on line 4");
    assert_eq!((url.primary.start.line, url.primary.start.column), (4, 14), "CRLF counts as one line break");
}

#[test]
fn root_is_an_array() {
    check_hostile(b"[{\"mcpServers\": {}}]\n", Expect::AnyOn { line: 1 }, Via::BinaryAndLibrary);
}

#[test]
fn root_is_a_number() {
    check_hostile(b"42\n", Expect::AnyOn { line: 1 }, Via::BinaryAndLibrary);
}

#[test]
fn root_is_a_string() {
    check_hostile(b"\"mcpServers\"\n", Expect::AnyOn { line: 1 }, Via::BinaryAndLibrary);
}

/// Claude Code rejects a `.mcp.json` whose root is not an object: the schema says so.
#[test]
fn root_that_is_not_an_object_is_reported() {
    for text in ["[]", "42", "\"mcpServers\"", "null", "true"] {
        check_hostile(text.as_bytes(), Expect::Finding { rule: "schema-violation", line: 1 }, Via::LibraryOnly);
    }
}

// TOML (Codex's `config.toml`): the same promises.

/// A Codex file with every kind of TOML construct: comments, dotted keys, inline and
/// multi-line inline tables, sub-table headers, arrays of strings and tables, numbers in
/// several spellings, a datetime, literal and multi-line strings, and findings of several
/// rules (so mutations move findings around, not only parse errors).
const RICH_TOML: &str = r#"# mcpcheck-ignore: unknown-field -- testing
model = "gpt-5.2"
n = 1_000
h = 0x1F
f = +inf
when = 1979-05-27T07:32:00Z

[mcp_servers.github]
command = "npx"
args = ['-y', """@example/mcp""", "--token", "ghp_0000000000000000000000000000000000ab"]
env = { A = "${B}", "C D" = "e" }
tools.create_issue.approval_mode = "approve"
enabled_tools = ["a", "b"]
disabled_tools = ["b"]
url = "http://x"

[mcp_servers.github.env2]
approval_policy = "never"

[mcp_servers.docs]
url = "https://docs.example.com/mcp"
http_headers = {
  Authorization = "Bearer ${TOKEN}",
}
env_vars = [{ name = "X", source = "remote" }]

[[servers]]
x = 1
"#;

#[test]
fn toml_truncated_in_a_string_and_in_an_inline_table() {
    let text = "[mcp_servers.fs]\ncommand = \"npx\"\nargs = [\"-y\", \"@modelcontextprotocol/server-fi";
    check_hostile_as(Format::Toml, text.as_bytes(), Expect::ParseError { line: Some(3) }, Via::BinaryAndLibrary);
    let text = "[mcp_servers.fs]\ncommand = \"npx\"\nenv = { A = \"b\"";
    check_hostile_as(Format::Toml, text.as_bytes(), Expect::ParseError { line: Some(3) }, Via::BinaryAndLibrary);
}

#[test]
fn toml_duplicate_table_and_invalid_utf8() {
    let text = "[mcp_servers.fs]\ncommand = \"npx\"\n\n[mcp_servers.fs]\nargs = []\n";
    check_hostile_as(Format::Toml, text.as_bytes(), Expect::ParseError { line: Some(4) }, Via::BinaryAndLibrary);
    let bytes = b"[mcp_servers.fs]\ncommand = \"np\xff\"\n";
    check_hostile_as(Format::Toml, bytes, Expect::ParseError { line: Some(2) }, Via::BinaryAndLibrary);
}

#[test]
fn toml_nesting_far_too_deep() {
    let dotted = format!("a{} = 1\n", ".a".repeat(100_000));
    let header = format!("[a{}]\n", ".a".repeat(100_000));
    let arrays = format!("x = {}\n", "[".repeat(100_000));
    let tables = format!("x = {}\n", "{ a = ".repeat(100_000));
    for text in [dotted, header, arrays, tables] {
        check_hostile_as(Format::Toml, text.as_bytes(), Expect::ParseError { line: Some(1) }, Via::BinaryAndLibrary);
    }
}

#[test]
fn toml_garbage() {
    let bytes: Vec<u8> = pseudo_random_bytes(64 * 1024, 7).into_iter().map(|b| b & 0x7f).collect();
    check_hostile_as(Format::Toml, &bytes, Expect::ParseError { line: None }, Via::BinaryAndLibrary);
    let bytes = pseudo_random_bytes(64 * 1024, 8);
    check_hostile_as(Format::Toml, &bytes, Expect::ParseError { line: None }, Via::BinaryAndLibrary);
}

#[test]
fn toml_five_megabytes_of_servers() {
    let mut text = String::with_capacity(5 * 1024 * 1024 + 256);
    let mut servers = 0;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!(
            "[mcp_servers.server-{servers}]\ncommand = \"npx\"\nargs = [\"-y\", \"@example/mcp-{servers}@1.0.0\"]\nenv = {{ LOG_LEVEL = \"info\" }}\n\n"
        ));
        servers += 1;
    }
    let bad = check_hostile_as(Format::Toml, text.as_bytes(), Expect::Clean, Via::LibraryOnly);
    assert_eq!(bad.servers, servers);
}

/// Every single-byte mutation of a rich Codex file — cut after each byte, each byte
/// deleted, and a TOML-significant character or an invalid byte inserted before each byte —
/// is checked in-process without a panic, and every finding lies on a line of the file.
#[test]
fn toml_mutations_never_panic() {
    let base = RICH_TOML.as_bytes();
    // A sanity check that the unmutated file parses and has findings to move around.
    let report = pipeline::check_bytes(Path::new("repo/.codex/config.toml"), base.to_vec(), None).expect("codex");
    assert_eq!(report.dialect, Some("codex"));
    assert!(report.findings.iter().all(|f| f.rule.id != "parse-error"), "{:#?}", report.findings);
    assert!(report.findings.len() >= 5);

    let inserts: &[&[u8]] =
        &[b"[", b"]", b"{", b"}", b"\"", b"'", b"=", b".", b"#", b"\n", b",", b"\\", b"\xff", "é".as_bytes()];
    let mut cases: Vec<Vec<u8>> = Vec::new();
    for i in 0..=base.len() {
        cases.push(base[..i].to_vec());
        if i < base.len() {
            cases.push([&base[..i], &base[i + 1..]].concat());
        }
        for insert in inserts {
            cases.push([&base[..i], insert, &base[i..]].concat());
        }
    }
    let mut line_lengths = HashMap::new();
    for bytes in cases {
        let report = pipeline::check_bytes(Path::new("repo/.codex/config.toml"), bytes, None)
            .expect("a `.codex/config.toml` is always Codex's");
        line_lengths.clear();
        for finding in &report.findings {
            assert_position_on_its_line(&report, finding, &mut line_lengths);
        }
    }
}
