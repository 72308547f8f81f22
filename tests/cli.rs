//! The command line as users meet it: exit codes 0/1/2/3 and the options that move them,
//! discovery of project and user files, `--format json`, `schema`, and the two security
//! promises of `check`: it never executes anything from a config, and no secret value from a
//! file reaches any output format.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// `mcpcheck` with a scrubbed environment, run in `dir`.
fn mcpcheck(dir: &Path, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("mcpcheck").unwrap();
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key == "CI" || key == "NO_COLOR" || key == "COLUMNS" || key.starts_with("MCP") || key.starts_with("CLAUDE") {
            cmd.env_remove(&key);
        }
    }
    for var in mcpcheck::discover::matrix::env_vars() {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home.path()).current_dir(dir).args(args).output().unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally, not by a signal")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

const CLEAN: &str = r#"{"mcpServers": {"time": {"command": "uvx", "args": ["mcp-server-time==2025.9.25"]}}}"#;
const ONE_ERROR: &str = r#"{"mcpServers": {"linear": {"url": "https://mcp.linear.app/mcp"}}}"#;
const ONE_WARNING: &str = r#"{"mcpServers": {"time": {"command": "uvx", "evn": {}}}}"#;

#[test]
fn exit_codes_follow_fail_on_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "clean/.mcp.json", CLEAN);
    write(d, "error/.mcp.json", ONE_ERROR);
    write(d, "warning/.mcp.json", ONE_WARNING);
    assert_eq!(code(&mcpcheck(d, &["check", "clean"])), 0);
    assert_eq!(code(&mcpcheck(d, &["check", "error"])), 1);
    assert_eq!(code(&mcpcheck(d, &["check", "warning"])), 1, "--fail-on defaults to warning");
    assert_eq!(code(&mcpcheck(d, &["check", "--fail-on", "error", "warning"])), 0);
    assert_eq!(code(&mcpcheck(d, &["check", "--fail-on", "error", "error"])), 1);
    assert_eq!(code(&mcpcheck(d, &["check", "--exit-zero", "error"])), 0);
    let out = mcpcheck(d, &["check", "--exit-zero", "error"]);
    assert!(stdout(&out).contains("url-without-type"), "--exit-zero still reports");
}

#[test]
fn info_never_fails_by_default() {
    let dir = tempfile::tempdir().unwrap();
    // Only info findings: a top-level `version` and a server `description`.
    let text = r#"{"version": "1", "mcpServers": {"time": {"command": "uvx", "description": "clock"}}}"#;
    let path = write(dir.path(), "mcp_settings.json", text);
    let path = path.to_str().unwrap();
    let out = mcpcheck(dir.path(), &["check", "--format", "json", path]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let severities: Vec<_> =
        json["findings"].as_array().unwrap().iter().map(|f| f["severity"].as_str().unwrap()).collect();
    assert_eq!(severities, vec!["info", "info"]);
    assert_eq!(code(&out), 0);
    assert_eq!(code(&mcpcheck(dir.path(), &["check", "--fail-on", "info", path])), 1);
}

#[test]
fn unreadable_path_is_exit_2_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good/.mcp.json", ONE_ERROR);
    let out = mcpcheck(dir.path(), &["check", "missing.json", good.to_str().unwrap()]);
    assert_eq!(code(&out), 2, "fail closed");
    let text = stdout(&out);
    assert!(text.contains("missing.json") && text.contains("no such file"), "{text}");
    assert!(text.contains("url-without-type"), "the readable file is still checked: {text}");
}

#[test]
fn a_file_that_matches_no_dialect_names_the_dialects_tried() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "settings.json", r#"{"editor.fontSize": 12}"#);
    let out = mcpcheck(dir.path(), &["check", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    assert!(text.contains("claude-code") && text.contains("mcp-settings") && text.contains("--dialect"), "{text}");
    let forced = mcpcheck(dir.path(), &["check", "--dialect", "claude-code", path.to_str().unwrap()]);
    assert_eq!(code(&forced), 0, "{}", stdout(&forced));
}

#[test]
fn nothing_to_check_is_exit_3_with_the_places_looked_at() {
    let dir = tempfile::tempdir().unwrap();
    let out = mcpcheck(dir.path(), &["check"]);
    assert_eq!(code(&out), 3);
    let err = stderr(&out);
    assert!(
        err.contains("nothing to check") && err.contains(".mcp.json") && err.contains("mcp_settings.json"),
        "{err}"
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(code(&mcpcheck(dir.path(), &["check", "empty"])), 3);
}

#[test]
fn bad_usage_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&mcpcheck(dir.path(), &["check", "--dialect", "nope"])), 2);
    assert_eq!(code(&mcpcheck(dir.path(), &["check", "--format", "xml"])), 2);
    assert_eq!(code(&mcpcheck(dir.path(), &["frobnicate"])), 2);
    assert_eq!(code(&mcpcheck(dir.path(), &["schema", "nope"])), 2);
}

#[test]
fn discovers_project_files_and_user_files_under_home() {
    let basic = fixtures().join("projects/basic");
    let out = mcpcheck(&basic.join("repo"), &["check", "--format", "json", "--no-env", "--env", "GITHUB_TOKEN=t"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<_> =
        json["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_owned()).collect();
    assert_eq!(paths, vec![".mcp.json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));

    let home = basic.join("home");
    let out = mcpcheck(
        &basic,
        &[
            "check",
            "--format",
            "json",
            "--no-env",
            "--env",
            "GITHUB_TOKEN=t",
            "--project",
            "repo",
            "--home",
            home.to_str().unwrap(),
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{files:?}");
    let user = files.iter().find(|f| f["path"].as_str().unwrap().ends_with(".claude.json")).unwrap();
    assert_eq!(user["dialect"], "claude-code");
    assert_eq!(user["servers"], 2, "user `time` and local `notes`");
    // The local-scope entry has a url without a type.
    assert_eq!(code(&out), 1);
    let finding = &json["findings"].as_array().unwrap()[0];
    assert_eq!(finding["rule"], "url-without-type");
    assert_eq!(finding["location"]["pointer"], "/projects/~1home~1dev~1repo/mcpServers/notes/url");
}

#[test]
fn variables_resolve_against_the_environment_env_files_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, ".mcp.json", r#"{"mcpServers": {"gh": {"command": "gh-mcp", "env": {"T": "${GH_TOKEN}"}}}}"#);
    let rules = |out: &Output| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_owned()).collect()
    };
    let unset = mcpcheck(d, &["check", "--format", "json", "--no-env"]);
    assert_eq!(rules(&unset), vec!["unresolved-env-var"]);
    assert_eq!(code(&unset), 1);
    let flag = mcpcheck(d, &["check", "--format", "json", "--no-env", "--env", "GH_TOKEN=x"]);
    assert_eq!((rules(&flag), code(&flag)), (vec![], 0));
    write(
        d,
        "ci.env",
        "# what the project expects
export GH_TOKEN=placeholder
",
    );
    let file = mcpcheck(d, &["check", "--format", "json", "--no-env", "--env-file", "ci.env"]);
    assert_eq!((rules(&file), code(&file)), (vec![], 0));
    // The process environment counts unless --no-env.
    let mut cmd = Command::cargo_bin("mcpcheck").unwrap();
    let process = cmd.env("GH_TOKEN", "y").current_dir(d).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!((rules(&process), code(&process)), (vec![], 0));
    let mut cmd = Command::cargo_bin("mcpcheck").unwrap();
    let pinned =
        cmd.env("GH_TOKEN", "y").current_dir(d).args(["check", "--format", "json", "--no-env"]).output().unwrap();
    assert_eq!(rules(&pinned), vec!["unresolved-env-var"]);
    // A broken env file is a usage error, not a silent pass.
    write(d, "bad.env", "GH_TOKEN\n");
    let bad = mcpcheck(d, &["check", "--env-file", "bad.env"]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("bad.env:1: expected KEY=VALUE"), "{}", stderr(&bad));
    assert_eq!(code(&mcpcheck(d, &["check", "--env", "not an assignment"])), 2);
}

#[test]
fn schema_prints_each_dialects_schema() {
    let dir = tempfile::tempdir().unwrap();
    let list = stdout(&mcpcheck(dir.path(), &["schema"]));
    assert!(list.contains("claude-code") && list.contains("mcp-settings"), "{list}");
    for id in ["claude-code", "claude-code-settings", "mcp-settings"] {
        let out = mcpcheck(dir.path(), &["schema", id]);
        assert_eq!(code(&out), 0);
        let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(schema["$id"], format!("urn:mcpcheck:schema:{id}"));
        let on_disk: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{id}.schema.json")))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(schema, on_disk, "the embedded schema is the one in schemas/");
    }
}

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = mcpcheck(dir.path(), &["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out).trim(), format!("mcpcheck {}", env!("CARGO_PKG_VERSION")));
    let help = stdout(&mcpcheck(dir.path(), &["check", "--help"]));
    for needle in ["--format", "--fail-on", "--exit-zero", "--dialect", "--home", "--project", "Exit codes"] {
        assert!(help.contains(needle), "help lacks {needle}");
    }
}

#[test]
fn output_has_no_colour_without_a_terminal() {
    let out = mcpcheck(&fixtures().join("demo"), &["check"]);
    assert_eq!(code(&out), 1);
    assert!(!stdout(&out).contains('\u{1b}'), "no ANSI escapes when stdout is not a terminal");
}

/// `check` must never run a command from a config: the trap's command and headersHelper would
/// create a file if anything executed them.
#[test]
fn check_never_executes_anything_from_a_config() {
    let trap_dir = tempfile::tempdir().unwrap();
    let trap = trap_dir.path().join("pwned");
    let mut cmd = Command::cargo_bin("mcpcheck").unwrap();
    let out = cmd
        .env("MCPCHECK_TRAP", &trap)
        .current_dir(fixtures().join("projects/executes"))
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(matches!(code(&out), 0 | 1), "{}", stdout(&out));
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(!trap.exists(), "check executed a command from the config");
}

/// Secret values planted in env, headers, URL userinfo, a dropped duplicate, a misplaced
/// `servers` map, and recognised tokens and a connection-string password in places that are
/// not masked as a whole (`args`, `cwd`, a URL's query) never appear in any output format, of
/// `check` (whose findings name secrets by kind) or of `config`.
#[test]
fn no_secret_value_reaches_any_output_format() {
    let dir = fixtures().join("projects/secrets");
    let planted = [
        "PLANTEDSECRETVALUE",
        "PLANTEDPASSWORD",
        "PLANTEDBEARERTOKEN",
        "PLANTEDHEADERKEY",
        "PLANTEDOLDKEY",
        "PLANTEDSLACKTOKEN",
        "PLANTEDDBPASSWORD",
        "PLANTEDANTHROPICKEY",
        "PLANTEDQUERYKEY",
    ];
    for format in ["human", "json"] {
        let out = mcpcheck(&dir, &["check", "--format", format]);
        assert_eq!(code(&out), 1, "the fixture has findings");
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(all.contains("plaintext-secret"), "the planted secrets are reported:\n{all}");
        for secret in planted {
            assert!(!all.contains(secret), "check --format {format} shows {secret}:\n{all}");
        }
        let out = mcpcheck(&dir, &["config", "--format", format]);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(all.contains("tokens-anywhere"), "config lists the servers:\n{all}");
        for secret in planted {
            assert!(!all.contains(secret), "config --format {format} shows {secret}:\n{all}");
        }
    }
    let human = stdout(&mcpcheck(&dir, &["check"]));
    assert!(human.contains("****"), "snippets show masked values:\n{human}");
}

#[test]
fn config_shows_every_clients_servers_and_check_finds_every_clients_project_files() {
    let repo = fixtures().join("rules/divergent-server/good-same-server/repo");
    let out = mcpcheck(&repo, &["config", "--no-env"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for client in ["Claude Code, project", "Cursor: 3 servers load", "VS Code: 1 server loads"] {
        assert!(text.contains(client), "`{client}` missing from:\n{text}");
    }
    let out = mcpcheck(&repo, &["check", "--no-env", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut dialects: Vec<_> =
        json["files"].as_array().unwrap().iter().map(|f| f["dialect"].as_str().unwrap().to_owned()).collect();
    dialects.sort();
    assert_eq!(dialects, ["claude-code", "cursor", "vscode"]);

    // The same names defined differently across clients are reported with both places.
    let repo = fixtures().join("rules/divergent-server/bad-versions/repo");
    let out = mcpcheck(&repo, &["check", "--no-env", "--format", "json", "--select", "divergent-server"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3, "{findings:#?}");
    assert!(findings.iter().all(|f| f["related"].as_array().is_some_and(|r| r.len() == 1)), "{findings:#?}");
}
