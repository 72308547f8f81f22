//! `mcpcheck config` on a fake machine (`fixtures/projects/config`: a repository, a home
//! directory and an empty managed directory): the effective servers with their provenance,
//! what is shadowed, and the status of every variable — in both formats, snapshotted — and
//! no secret value in any output, whether written in the files or set in the environment.

mod common;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// Copy the fixture tree to a temporary directory, with `@@PROJECT@@` replaced by the
/// repository's absolute path (the key of local-scope entries in `~/.claude.json`).
fn machine() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let project = root.join("repo");
    common::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects/config"), &root, &project);
    std::fs::create_dir_all(root.join("managed")).unwrap();
    tmp
}

fn config(root: &Path, extra: &[&str]) -> Output {
    let mut cmd = Command::cargo_bin("mcpcheck").unwrap();
    // Variables that move clients' files would point discovery outside the fake machine.
    for var in mcpcheck::discover::matrix::env_vars() {
        cmd.env_remove(var);
    }
    cmd.current_dir(root)
        .env_remove("NO_COLOR")
        .env("GITHUB_TOKEN", "PLANTED_ENV_TOKEN")
        .args(["config", "--project", "repo", "--home", "home", "--managed", "managed"])
        .args(extra)
        .output()
        .unwrap()
}

fn scrub(text: &str, root: &Path) -> String {
    text.replace(&root.canonicalize().unwrap().display().to_string(), "@@TMP@@")
}

const PLANTED: &[&str] = &[
    "PLANTED_HEADER_LITERAL",
    "PLANTED_ARG_KEY",
    "PLANTED_DB_PASSWORD",
    "PLANTED_URL_PASSWORD",
    "PLANTED_QUERY_TOKEN",
    "PLANTED_ENV_TOKEN",
    "PLANTED_FILE_VALUE",
];

#[test]
fn human_listing() {
    let tmp = machine();
    let out = config(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    insta::assert_snapshot!(scrub(&String::from_utf8(out.stdout).unwrap(), tmp.path()));
}

#[test]
fn json_document() {
    let tmp = machine();
    let out = config(tmp.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let text = scrub(&String::from_utf8(out.stdout).unwrap(), tmp.path());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], 1);
    let servers = json["clients"][0]["servers"].as_array().unwrap();
    let names: Vec<_> = servers.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["github", "db", "legacy", "notes", "time"]);
    let db = &servers[1];
    assert_eq!(db["origin"]["scope"], "local", "the local entry wins over the project's");
    assert_eq!(db["shadows"][0]["scope"], "project");
    let github = &servers[0];
    let statuses: Vec<_> = github["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap(), v["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("GH_HOST", "default"), ("GITHUB_TOKEN", "set")]);
    insta::assert_snapshot!(text);
}

#[test]
fn no_secret_in_any_output() {
    let tmp = machine();
    std::fs::write(tmp.path().join("ci.env"), "DB_URL=PLANTED_FILE_VALUE\n").unwrap();
    for extra in [
        &["--format", "human"][..],
        &["--format", "json"],
        &["--env-file", "ci.env"],
        &["--env-file", "ci.env", "--format", "json"],
    ] {
        let out = config(tmp.path(), extra);
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        for secret in PLANTED {
            assert!(!all.contains(secret), "{extra:?} shows {secret}:\n{all}");
        }
    }
    // `check` over the same machine, both formats.
    for format in ["human", "json"] {
        let mut cmd = Command::cargo_bin("mcpcheck").unwrap();
        let out = cmd
            .current_dir(tmp.path())
            .env("GITHUB_TOKEN", "PLANTED_ENV_TOKEN")
            .args(["check", "--format", format, "--project", "repo", "--home", "home", "--managed", "managed"])
            .args(["--env-file", "ci.env"])
            .output()
            .unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        for secret in PLANTED {
            assert!(!all.contains(secret), "check --format {format} shows {secret}:\n{all}");
        }
    }
}

#[test]
fn nothing_to_show_is_exit_3() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("home")).unwrap();
    std::fs::create_dir_all(tmp.path().join("managed")).unwrap();
    std::fs::create_dir_all(tmp.path().join("repo")).unwrap();
    let out = config(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to check"));
}
