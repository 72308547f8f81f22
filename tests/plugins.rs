//! Plugin servers (a `.mcp.json` beside `.claude-plugin/plugin.json`): Claude Code sets
//! `${CLAUDE_PLUGIN_ROOT}` and friends for them and also expands `headersHelper`; they rank
//! below every other scope and are deduplicated by endpoint, not by name.

use std::path::Path;

use assert_cmd::Command;

fn check(args: &[&str]) -> serde_json::Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects/plugin");
    let mut cmd = Command::cargo_bin("mcpcheck").unwrap();
    let out = cmd.current_dir(dir).args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn plugin_files_get_plugin_scope_and_variables() {
    let json = check(&["check", "--format", "json", "--no-env", "repo", "plugin"]);
    let plugin = json["files"].as_array().unwrap().iter().find(|f| f["path"] == "plugin/.mcp.json").unwrap();
    assert_eq!(plugin["role"], "plugin `.mcp.json`");
    let findings: Vec<(String, String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["location"]["pointer"].as_str().unwrap_or_default().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // CLAUDE_PLUGIN_ROOT/DATA are set for plugins; DOCS_PROFILE in headersHelper is expanded
    // (and unset), which is only so for plugins.
    assert_eq!(
        findings,
        vec![
            ("shadowed-server".into(), "/mcpServers/gh".into(), "info".into()),
            ("unresolved-env-var".into(), "/mcpServers/docs/headersHelper".into(), "warning".into()),
        ],
        "the plugin's `gh` starts the same command as the project's `github`; the plugin's own `github` only shares a name"
    );
}

#[test]
fn config_shows_plugin_servers_and_their_variables() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().to_str().unwrap();
    let json =
        check(&["config", "--format", "json", "--no-env", "--home", empty, "--managed", empty, "repo", "plugin"]);
    let client = &json["clients"][0];
    let names: Vec<_> = client["servers"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["github", "github", "lint", "docs"]);
    let lint = &client["servers"][2];
    assert_eq!(lint["origin"]["scope"], "plugin");
    assert_eq!(lint["variables"][0]["status"], "set");
    assert_eq!(lint["variables"][0]["source"], "Claude Code (plugin)");
    assert_eq!(client["not_loaded"][0]["name"], "gh");
}
