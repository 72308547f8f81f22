//! The pre-commit hook (`.pre-commit-hooks.yaml`) under the real pre-commit framework.
//!
//! `pre-commit try-repo` runs the hook against a temporary git repository holding a good and then
//! a bad `.mcp.json`: the commit check must pass on the first and fail, naming the rule, on the
//! second. pre-commit is pinned in `tests/probe-deps/requirements.txt` and installed by
//! `scripts/probe-deps` into `target/probe-deps/venv`; `MCPCHECK_SKIP_REAL_SERVERS=1` skips
//! these tests (they print SKIPPED).
//!
//! The shipped hook is `language: rust`: pre-commit `cargo install`s mcpcheck from the hook's
//! repository in release mode the first time: 7 minutes (433 s) when measured on the 2-core
//! development machine, too long for a CI budget of about 12. So the framework test
//! uses a hook repository whose `.pre-commit-hooks.yaml` is the shipped one with only
//! `language: rust` → `language: system` and `entry: mcpcheck` → the binary under test: the
//! `files` pattern, `pass_filenames`, the arguments and the exit codes all go through pre-commit
//! exactly as users get them. `shipped_hook_builds_with_cargo` runs the shipped file unchanged
//! (the cargo build included); it is `#[ignore]`d for its run time — run it with
//! `cargo test --test precommit -- --ignored`.
#![cfg(target_os = "linux")]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (this crate).
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped hook definition.
fn shipped_hooks() -> String {
    std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).expect("read .pre-commit-hooks.yaml")
}

/// The installed `pre-commit`, or `None` (after printing SKIPPED) when
/// `MCPCHECK_SKIP_REAL_SERVERS=1`. Panics, saying what to run, when it is missing.
fn pre_commit() -> Option<PathBuf> {
    common::probe_deps("pre-commit", &["venv/bin/pre-commit"]).map(|root| root.join("venv/bin/pre-commit"))
}

/// Runs `git` in `dir` with a fixed identity; panics unless it succeeds.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "user.name=mcpcheck test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(output.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// A git repository in `dir` with `files` (path, contents) added to the index.
fn git_repo(dir: &Path, files: &[(&str, &str)]) {
    git(dir, &["init", "-q"]);
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, contents).expect("write");
    }
    git(dir, &["add", "-A"]);
}

/// `pre-commit try-repo HOOK_REPO mcpcheck ARGS…` in `work`, with its cache under `home`.
fn try_repo(pre_commit: &Path, hook_repo: &Path, work: &Path, home: &Path, args: &[&str]) -> Output {
    Command::new(pre_commit)
        .arg("try-repo")
        .arg(hook_repo)
        .arg("mcpcheck")
        .args(args)
        .current_dir(work)
        .env("PRE_COMMIT_HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("MCPCHECK_CONFIG")
        .output()
        .expect("run pre-commit")
}

/// stdout and stderr of a run, for assertions and failure messages.
fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

const GOOD: &str = r#"{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "."]}}}
"#;
const BAD: &str = r#"{"mcpServers": {"fs": {"args": ["-y", "@modelcontextprotocol/server-filesystem"]}}}
"#;

/// The shipped hook with the binary under test instead of a cargo build (see the module doc).
fn local_hooks() -> String {
    let shipped = shipped_hooks();
    assert!(shipped.contains("\n  language: rust\n"), "the shipped hook is no longer `language: rust`:\n{shipped}");
    assert!(shipped.contains("\n  entry: mcpcheck check\n"), "the shipped hook's entry changed:\n{shipped}");
    let binary = env!("CARGO_BIN_EXE_mcpcheck");
    shipped
        .replace("\n  language: rust\n", "\n  language: system\n")
        .replace("\n  entry: mcpcheck check\n", &format!("\n  entry: \"'{binary}' check\"\n"))
}

#[test]
fn hook_passes_a_good_file_and_fails_a_bad_one_under_pre_commit() {
    let Some(pre_commit) = pre_commit() else { return };
    let scratch = tempfile::tempdir().expect("tempdir");
    let hook_repo = scratch.path().join("hook");
    let home = scratch.path().join("home");
    std::fs::create_dir_all(&hook_repo).expect("mkdir");
    git_repo(&hook_repo, &[(".pre-commit-hooks.yaml", &local_hooks())]);
    git(&hook_repo, &["commit", "-qm", "hook"]);

    let good = scratch.path().join("good");
    std::fs::create_dir_all(&good).expect("mkdir");
    git_repo(&good, &[(".mcp.json", GOOD)]);
    let output = try_repo(&pre_commit, &hook_repo, &good, &home, &["--all-files"]);
    let out = text(&output);
    assert!(output.status.success(), "the hook failed on a good .mcp.json:\n{out}");
    assert!(out.contains("Passed"), "the hook did not run on .mcp.json (pre-commit says Skipped?):\n{out}");

    let bad = scratch.path().join("bad");
    std::fs::create_dir_all(&bad).expect("mkdir");
    git_repo(&bad, &[(".mcp.json", BAD), (".cursor/mcp.json", GOOD), ("README.md", "# not MCP\n")]);
    let output = try_repo(&pre_commit, &hook_repo, &bad, &home, &["--all-files"]);
    let out = text(&output);
    assert!(!output.status.success(), "the hook passed a .mcp.json with a server that has no command:\n{out}");
    assert!(out.contains("Failed"), "pre-commit did not report the hook as failed:\n{out}");
    assert!(out.contains("missing-transport"), "the finding's rule id is not in pre-commit's output:\n{out}");
    // pre-commit may split the files over several runs (require_serial: false); each run lists
    // what it checked, so both MCP files and no other file must be named.
    assert!(out.contains(".cursor/mcp.json"), "the hook did not check .cursor/mcp.json:\n{out}");
    assert!(!out.contains("README.md"), "the hook was given a file that is not an MCP settings file:\n{out}");
}

#[test]
fn hook_files_pattern_selects_every_dialects_files_and_nothing_else() {
    let Some(pre_commit) = pre_commit() else { return };
    let python = pre_commit.with_file_name("python");
    let hooks = repo_root().join(".pre-commit-hooks.yaml");
    // pre-commit matches `files` with Python's re.search on the path relative to the repo root.
    let script = r#"
import re, sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
assert len(hooks) == 1, hooks
hook = hooks[0]
assert hook["id"] == "mcpcheck", hook
assert hook["language"] == "rust", hook
assert hook["entry"] == "mcpcheck check", hook
assert hook["pass_filenames"] is True and hook["require_serial"] is False, hook
pattern = re.compile(hook["files"])
for line in sys.stdin.read().splitlines():
    path, want = line.rsplit(" ", 1)
    got = bool(pattern.search(path))
    print(f"{path}: {'match' if got else 'no match'}{'' if got == (want == 'yes') else '  <-- WRONG'}")
"#;
    let cases = [
        (".mcp.json", true),
        ("sub/project/.mcp.json", true),
        (".cursor/mcp.json", true),
        (".vscode/mcp.json", true),
        (".gemini/settings.json", true),
        (".codex/config.toml", true),
        (".zed/settings.json", true),
        (".roo/mcp.json", true),
        (".kiro/settings/mcp.json", true),
        (".claude/settings.json", true),
        (".claude/settings.local.json", true),
        (".claude/mcp_settings.json", true),
        ("mcp_settings.json", true),
        ("managed-mcp.json", true),
        ("etc/claude-code/managed-settings.json", true),
        ("etc/claude-code/managed-settings.d/10-base.json", true),
        ("claude_desktop_config.json", true),
        ("config/Claude/claude_desktop_config.json", true),
        (".codeium/windsurf/mcp_config.json", true),
        ("cline_mcp_settings.json", true),
        ("package.json", false),
        ("mcp.json", false),
        ("settings.json", false),
        (".vscode/settings.json", false),
        ("config.toml", false),
        ("x.mcp.json.bak", false),
        ("my.mcp.json", false),
    ];
    let input: String =
        cases.iter().map(|(path, yes)| format!("{path} {}\n", if *yes { "yes" } else { "no" })).collect();
    let mut child = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(hooks)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the venv's python");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    let output = child.wait_with_output().expect("wait");
    let out = text(&output);
    assert!(output.status.success(), "the hook definition is not what it should be:\n{out}");
    assert!(!out.contains("WRONG"), "the `files` pattern selects the wrong files:\n{out}");
}

/// The shipped hook, unchanged: pre-commit builds mcpcheck with `cargo install` (minutes).
#[test]
#[ignore = "builds mcpcheck in release mode through pre-commit (minutes); run with --ignored"]
fn shipped_hook_builds_with_cargo() {
    let Some(pre_commit) = pre_commit() else { return };
    let scratch = tempfile::tempdir().expect("tempdir");
    let home = scratch.path().join("home");
    let work = scratch.path().join("work");
    std::fs::create_dir_all(&work).expect("mkdir");
    git_repo(&work, &[(".mcp.json", BAD)]);
    // try-repo on this checkout: pre-commit clones HEAD, plus a shadow commit of uncommitted changes.
    let output = try_repo(&pre_commit, &repo_root(), &work, &home, &["--files", ".mcp.json"]);
    let out = text(&output);
    assert!(!output.status.success(), "the shipped hook passed a bad .mcp.json:\n{out}");
    assert!(out.contains("missing-transport"), "the shipped hook did not report the finding:\n{out}");
}
