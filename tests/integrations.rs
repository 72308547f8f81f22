//! The integrations generated from or pointing at the CLI: shell completions, the man page and
//! the GitHub Action (`action.yml`), checked against the real binary's flags.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs the mcpcheck binary under test with `args`.
fn mcpcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mcpcheck")).args(args).output().expect("run mcpcheck")
}

/// Standard output of a successful run.
fn stdout_of(args: &[&str]) -> String {
    let output = mcpcheck(args);
    assert!(output.status.success(), "mcpcheck {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The subcommands users can run (clap's own `help` aside).
const SUBCOMMANDS: &[&str] =
    &["check", "config", "probe", "doctor", "rules", "explain", "schema", "completions", "man"];

#[test]
fn every_shell_gets_a_completion_script_with_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: the completion script is nearly empty:\n{script}");
        // fish spells long options `-l format`, the others `--format`.
        let long = |name: &str| if shell == "fish" { format!("-l {name}") } else { format!("--{name}") };
        for word in ["probe".to_owned(), "doctor".to_owned(), "mcpcheck".to_owned(), long("format"), long("fail-on")] {
            assert!(script.contains(&word), "{shell}: the completion script does not mention {word}");
        }
    }
}

#[test]
fn bash_completion_is_valid_bash() {
    let script = stdout_of(&["completions", "bash"]);
    let mut bash =
        Command::new("bash").arg("-n").stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run bash -n");
    bash.stdin.take().expect("stdin").write_all(script.as_bytes()).expect("write the script");
    let output = bash.wait_with_output().expect("wait for bash");
    assert!(
        output.status.success(),
        "bash -n rejects the completion script: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = mcpcheck(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn man_page_is_roff_and_documents_every_subcommand_and_flag() {
    let page = stdout_of(&["man"]);
    // clap_mangen defines the `Aq` string (`.ie`/`.el`) before each section; the title comes first.
    let first = page.lines().find(|line| !line.starts_with(".ie ") && !line.starts_with(".el ")).expect("a line");
    assert!(first.starts_with(".TH mcpcheck 1"), "the man page does not start with its title: {first}");
    for name in SUBCOMMANDS {
        let heading = format!(".SH \"MCPCHECK {}\"", name.to_uppercase());
        assert!(page.contains(&heading), "the man page has no section for `mcpcheck {name}` ({heading})");
    }
    for flag in ["\\-\\-format", "\\-\\-fail\\-on", "\\-\\-explain\\-discovery", "\\-\\-no\\-env"] {
        assert!(page.contains(flag), "the man page does not document {flag}");
    }
}

#[test]
fn help_lists_the_new_subcommands() {
    let help = stdout_of(&["--help"]);
    for name in SUBCOMMANDS {
        assert!(help.contains(&format!("  {name} ")), "`mcpcheck --help` does not list {name}:\n{help}");
    }
}

/// `action.yml` at the repository root.
fn action() -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("action.yml")).expect("read action.yml")
}

/// The `default:` of input `input`: a line in the block that starts at `  input:` (two spaces
/// under `inputs:`) and runs while lines are indented deeper.
fn input_default(action: &str, input: &str) -> Option<String> {
    let start = action.find(&format!("\n  {input}:\n"))?;
    action[start + 1..]
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("    "))
        .find_map(|line| line.trim().strip_prefix("default:").map(|v| v.trim().trim_matches('"').to_owned()))
}

#[test]
fn action_declares_its_inputs_and_runs_real_flags() {
    let action = action();
    assert!(action.contains("\nruns:\n  using: composite\n"), "action.yml is not a composite action");
    assert_eq!(input_default(&action, "args").as_deref(), Some("check"));
    assert_eq!(input_default(&action, "format").as_deref(), Some("github"));
    assert_eq!(input_default(&action, "output").as_deref(), Some(""));
    assert!(action.contains("cargo install --locked"), "the action does not install mcpcheck with cargo --locked");
    assert!(action.contains("--path \"$ACTION_PATH\""), "the action does not build its own checkout");
    assert!(action.contains("mcpcheck $MCPCHECK_ARGS --format \"$MCPCHECK_FORMAT\""), "the run step changed");
    let help = stdout_of(&["check", "--help"]);
    assert!(help.contains("--format <FORMAT>"), "`mcpcheck check` has no --format flag:\n{help}");
}

#[test]
fn action_default_format_is_a_real_format() {
    let format = input_default(&action(), "format").expect("a default format");
    let output = mcpcheck(&["check", "--format", &format, "--help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && help.contains(&format!("- {format}:")),
        "action.yml's default format `{format}` is not a --format value of this mcpcheck:\n{help}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The first fenced block with `lang` after the heading `## {section}` in the README.
fn readme_block(section: &str, lang: &str) -> String {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("read README.md");
    let start = readme.find(&format!("\n## {section}\n")).unwrap_or_else(|| panic!("README has no `## {section}`"));
    let rest = &readme[start..];
    let open = rest.find(&format!("\n```{lang}\n")).expect("a code block") + lang.len() + 5;
    let close = rest[open..].find("\n```").expect("the block's end");
    rest[open..open + close].to_owned()
}

#[test]
fn readme_editor_mapping_covers_every_json_schema() {
    let settings: serde_json::Value = serde_json::from_str(&readme_block("Editors", "json")).expect("valid JSON");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mapped: Vec<String> = settings["json.schemas"]
        .as_array()
        .expect("json.schemas is an array")
        .iter()
        .map(|entry| {
            let url = entry["url"].as_str().expect("url").to_owned();
            assert!(root.join(&url).is_file(), "README maps to {url}, which does not exist");
            assert!(entry["fileMatch"].as_array().is_some_and(|m| !m.is_empty()), "{url} has no fileMatch");
            url
        })
        .collect();
    for entry in std::fs::read_dir(root.join("schemas")).expect("schemas/") {
        let name = entry.expect("entry").file_name().into_string().expect("UTF-8 name");
        // VS Code has its own schema for .vscode/mcp.json; Codex's file is TOML (README says how).
        if !name.ends_with(".schema.json") || name == "vscode.schema.json" || name == "codex.schema.json" {
            continue;
        }
        assert!(mapped.contains(&format!("./schemas/{name}")), "README's json.schemas does not map schemas/{name}");
    }
}

#[test]
fn readme_workflow_uses_real_action_inputs() {
    let workflow = readme_block("GitHub Action", "yaml");
    let action = action();
    for input in ["args", "format", "output"] {
        assert!(workflow.contains(&format!("          {input}: ")), "the README workflow does not set {input}");
        assert!(action.contains(&format!("\n  {input}:\n")), "action.yml has no input {input}");
    }
    assert!(workflow.contains("format: sarif") && workflow.contains("sarif_file: mcpcheck.sarif"));
    assert!(workflow.contains("github/codeql-action/upload-sarif@v3"));
}
