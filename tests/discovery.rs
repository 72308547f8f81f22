//! Discovery: the client × OS × scope path matrix resolved against fake machines. Each OS
//! layout (Linux, macOS, Windows) is laid out in a temporary directory — project, home,
//! `APPDATA`, a system root — and searched on Linux through the library, with the environment
//! as a plain map; the environment variables that move files (`CODEX_HOME`,
//! `CLAUDE_CONFIG_DIR`, `XDG_CONFIG_HOME`, `GEMINI_CLI_SYSTEM_SETTINGS_PATH`…) are tested one
//! by one. The matrix itself is checked against the dialects (ids, names, the dialect each
//! default path is detected as), the README's "Where mcpcheck looks" table is generated from
//! it (`MCPCHECK_BLESS=1 cargo test --test discovery` rewrites it), and the binary's `--all`,
//! `--explain-discovery` and exit code 3 are run end to end.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mcpcheck::dialect::{self, Origin};
use mcpcheck::discover::{self, Anchor, Discovery, Machine, Os, PLACES, Scope, Scopes, Skip, Status};
use mcpcheck::resolve::env::{Environment, VarOrigin};
use serde_json::Value;

/// Dialect ids the matrix names that are not built yet: their places are data, discovery
/// skips their files, and the checks below skip them. The lead removes each id as its
/// dialect is merged (the test fails while a merged id is still listed).
const PENDING: &[&str] = &[];

/// Default paths that another dialect claims by design: VS Code also reads Claude Code's
/// `.mcp.json` (the portable format), which is checked once, as Claude Code's.
const SHARED_PATHS: &[(&str, &str, &str)] = &[("vscode", ".mcp.json", "claude-code")];

// ---------------------------------------------------------------------------------------
// The matrix against the dialects.

#[test]
fn every_matrix_id_is_a_dialect_or_pending() {
    let ids: BTreeSet<&str> = PLACES.iter().map(|p| p.dialect).collect();
    for id in &ids {
        let known = dialect::by_id(id).is_some();
        let pending = PENDING.contains(id);
        assert!(known || pending, "`{id}` in the matrix is neither a dialect nor in PENDING");
        assert!(!(known && pending), "`{id}` is a dialect now: remove it from PENDING in tests/discovery.rs");
    }
    for id in PENDING {
        assert!(ids.contains(id), "PENDING lists `{id}`, which the matrix does not name");
    }
    for d in dialect::ALL {
        assert!(ids.contains(d.id), "dialect `{}` has no place in the matrix (src/discover/matrix.rs)", d.id);
    }
}

#[test]
fn client_names_match_the_dialects() {
    for place in PLACES {
        let name = discover::matrix::client(place.dialect);
        assert_ne!(name, place.dialect, "`{}` has no name in matrix::CLIENTS", place.dialect);
        if let Some(d) = dialect::by_id(place.dialect).filter(|d| d.id != "mcp-settings") {
            assert_eq!(name, d.client, "matrix::CLIENTS and the dialect disagree on `{}`'s name", d.id);
        }
    }
}

/// A file named on the command line is detected by its path alone, so each place's default
/// path must be recognised as that place's dialect by the dialect's own `role_for_path`.
#[test]
fn default_paths_are_detected_as_their_dialect() {
    let mut checked = 0;
    for place in PLACES {
        let Some(expected) = dialect::by_id(place.dialect) else { continue };
        let anchor = *place.at.last().unwrap();
        let mut path = anchor.stand_in();
        if place.drop_in {
            path.push("10-example.json");
        }
        let origin = match place.scope {
            Scope::Project => Origin::Project,
            Scope::User => Origin::Home,
            Scope::Managed => Origin::Managed,
            Scope::System => Origin::System,
        };
        let detected = dialect::detect_by_path(&path, origin).map(|(d, _)| d.id);
        let shared = SHARED_PATHS.iter().find(|(d, rel, _)| *d == place.dialect && anchor == Anchor::Project(rel));
        let want = shared.map_or(expected.id, |(_, _, owner)| *owner);
        assert_eq!(detected, Some(want), "{} ({:?}) is not detected as `{want}`", path.display(), place.scope);
        checked += 1;
    }
    assert!(checked >= 11, "only {checked} places checked");
}

#[test]
fn places_are_well_formed() {
    for place in PLACES {
        let name = format!("{} {:?} {:?}", place.dialect, place.scope, place.at);
        assert!(!place.os.is_empty() && !place.at.is_empty(), "{name}");
        let (last, first) = place.at.split_last().unwrap();
        assert!(last.var().is_none(), "{name}: the last anchor is the default, it needs no variable");
        assert!(first.iter().all(|a| a.var().is_some()), "{name}: only variables may come before the default");
        assert!(!place.drop_in || place.scope == Scope::Managed, "{name}: drop-ins are managed");
        for anchor in place.at {
            let scope_fits = match anchor {
                Anchor::Project(_) => place.scope == Scope::Project,
                Anchor::Managed(_) => place.scope == Scope::Managed,
                Anchor::System(_) => place.scope == Scope::System,
                Anchor::Home(_) | Anchor::Env(..) | Anchor::EnvFile(_) | Anchor::EnvSibling(..) => {
                    matches!(place.scope, Scope::User | Scope::System)
                }
            };
            assert!(scope_fits, "{name}: {anchor:?} does not fit the scope");
            match anchor {
                Anchor::System(p) => assert!(p.starts_with('/') || p.get(1..3) == Some(":/"), "{name}: {p}"),
                Anchor::Project(p) | Anchor::Home(p) | Anchor::Env(_, p) | Anchor::Managed(p) => {
                    assert!(!p.starts_with('/') && !p.contains('\\'), "{name}: {p}")
                }
                Anchor::EnvFile(_) | Anchor::EnvSibling(..) => {}
            }
        }
    }
    for (i, a) in PLACES.iter().enumerate() {
        assert!(!PLACES[..i].contains(a), "{} {:?} {:?} twice", a.dialect, a.scope, a.at);
    }
}

// ---------------------------------------------------------------------------------------
// Fake machines.

/// A temporary machine: `repo/` (project), `home/`, `sys/` (the system root), and whatever
/// else a test creates.
struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new(files: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for dir_name in ["repo", "home", "sys"] {
            std::fs::create_dir_all(dir.path().join(dir_name)).unwrap();
        }
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        Self { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Search every scope as `os`, with these variables (values relative to the tree).
    fn search(&self, os: Os, vars: &[(&str, &str)]) -> Discovery {
        let mut env = Environment::empty();
        for (key, value) in vars {
            let value = if value.is_empty() { String::new() } else { self.path(value).display().to_string() };
            env.set(*key, value, VarOrigin::Flag);
        }
        let machine = Machine {
            os,
            project: self.path("repo"),
            home: Some(self.path("home")),
            managed: None,
            system_root: Some(self.path("sys")),
            env: &env,
        };
        discover::search(&machine, Scopes { project: true, user: true, managed: true, system: true })
    }

    /// The files found, as (dialect, path relative to the tree, `/`-separated).
    fn found(&self, discovery: &Discovery) -> Vec<(String, String)> {
        discovery
            .found
            .iter()
            .map(|input| {
                let rel = input.path.strip_prefix(self.dir.path()).unwrap();
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                (input.place.unwrap().dialect.to_owned(), rel)
            })
            .collect()
    }

    /// What became of the place whose path (relative to the tree) is `rel`.
    fn status(&self, discovery: &Discovery, rel: &str) -> Status {
        let path = self.path(rel);
        let tried: Vec<_> = discovery.tried.iter().filter(|t| t.path == path).collect();
        assert!(!tried.is_empty(), "{rel} was not tried");
        tried[0].status
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(d, p)| ((*d).to_owned(), (*p).to_owned())).collect()
}

/// Files at every client's Linux places, and decoys at other OSes' places.
#[test]
fn linux_layout() {
    let tree = Tree::new(&[
        "repo/.mcp.json",
        "repo/.claude/settings.json",
        "repo/.cursor/mcp.json",
        "repo/.vscode/mcp.json",
        "repo/.gemini/settings.json",
        "repo/.codex/config.toml",
        "repo/.zed/settings.json",
        "repo/.roo/mcp.json",
        "repo/.kiro/settings/mcp.json",
        "home/.claude.json",
        "home/.claude/settings.json",
        "home/.config/Claude/claude_desktop_config.json",
        "home/.cursor/mcp.json",
        "home/.config/Code/User/mcp.json",
        "home/.codeium/windsurf/mcp_config.json",
        "home/.gemini/settings.json",
        "home/.codex/config.toml",
        "home/.config/zed/settings.json",
        "home/.cline/data/settings/cline_mcp_settings.json",
        "home/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json",
        "home/.kiro/settings/mcp.json",
        "sys/etc/claude-code/managed-mcp.json",
        "sys/etc/claude-code/managed-settings.d/20-b.json",
        "sys/etc/claude-code/managed-settings.d/10-a.json",
        "sys/etc/gemini-cli/system-defaults.json",
        "sys/etc/gemini-cli/settings.json",
        "sys/etc/codex/config.toml",
        // Other OSes' places: never found on Linux.
        "home/Library/Application Support/Claude/claude_desktop_config.json",
        "home/AppData/Roaming/Code/User/mcp.json",
        "sys/C/ProgramData/gemini-cli/settings.json",
    ]);
    let d = tree.search(Os::Linux, &[]);
    assert_eq!(
        tree.found(&d),
        pairs(&[
            ("claude-code", "repo/.mcp.json"),
            ("claude-code-settings", "repo/.claude/settings.json"),
            ("cursor", "repo/.cursor/mcp.json"),
            ("vscode", "repo/.vscode/mcp.json"),
            ("gemini", "repo/.gemini/settings.json"),
            ("codex", "repo/.codex/config.toml"),
            ("zed", "repo/.zed/settings.json"),
            ("roo", "repo/.roo/mcp.json"),
            ("kiro", "repo/.kiro/settings/mcp.json"),
            ("claude-code", "home/.claude.json"),
            ("claude-code-settings", "home/.claude/settings.json"),
            ("claude-desktop", "home/.config/Claude/claude_desktop_config.json"),
            ("cursor", "home/.cursor/mcp.json"),
            ("vscode", "home/.config/Code/User/mcp.json"),
            ("windsurf", "home/.codeium/windsurf/mcp_config.json"),
            ("gemini", "home/.gemini/settings.json"),
            ("codex", "home/.codex/config.toml"),
            ("zed", "home/.config/zed/settings.json"),
            ("cline", "home/.cline/data/settings/cline_mcp_settings.json"),
            ("roo", "home/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
            ("kiro", "home/.kiro/settings/mcp.json"),
            ("claude-code", "sys/etc/claude-code/managed-mcp.json"),
            ("claude-code-settings", "sys/etc/claude-code/managed-settings.d/10-a.json"),
            ("claude-code-settings", "sys/etc/claude-code/managed-settings.d/20-b.json"),
            ("gemini", "sys/etc/gemini-cli/system-defaults.json"),
            ("gemini", "sys/etc/gemini-cli/settings.json"),
            ("codex", "sys/etc/codex/config.toml"),
        ])
    );
    // Every Linux place was looked at or skipped for a reason; macOS and Windows ones are
    // skipped as another OS's.
    for t in &d.tried {
        if !t.place.os.contains(&Os::Linux) {
            assert_eq!(t.status, Status::Skipped(Skip::OtherOs(t.place.os)), "{}", t.path.display());
        }
    }
    assert_eq!(tree.status(&d, "repo/.claude/settings.local.json"), Status::NotFound);
    assert_eq!(tree.status(&d, "repo/.mcp.json"), Status::Found);
    assert!(d.tried.iter().any(|t| t.place.dialect == "vscode"
        && t.path == tree.path("repo/.mcp.json")
        && t.status == Status::Skipped(Skip::SameFile("claude-code"))));
    let xdg = d.tried.iter().find(|t| t.place.dialect == "zed" && t.place.scope == Scope::User).unwrap();
    assert_eq!(xdg.status, Status::Skipped(Skip::Unset("XDG_CONFIG_HOME")));
    assert_eq!(xdg.path, PathBuf::from("$XDG_CONFIG_HOME/zed/settings.json"));
}

#[test]
fn macos_layout() {
    let tree = Tree::new(&[
        "home/Library/Application Support/Claude/claude_desktop_config.json",
        "home/Library/Application Support/Code/User/mcp.json",
        "home/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
        "home/.config/zed/settings.json",
        "home/.cursor/mcp.json",
        "sys/Library/Application Support/ClaudeCode/managed-mcp.json",
        "sys/Library/Application Support/ClaudeCode/managed-settings.json",
        "sys/Library/Application Support/GeminiCli/settings.json",
        "sys/etc/codex/config.toml",
        // Linux and Windows places: never found on macOS, even with XDG_CONFIG_HOME set.
        "xdg/Code/User/mcp.json",
        "home/.config/Claude/claude_desktop_config.json",
        "sys/etc/claude-code/managed-mcp.json",
        "sys/etc/gemini-cli/settings.json",
    ]);
    let d = tree.search(Os::Macos, &[("XDG_CONFIG_HOME", "xdg")]);
    assert_eq!(
        tree.found(&d),
        pairs(&[
            ("claude-desktop", "home/Library/Application Support/Claude/claude_desktop_config.json"),
            ("cursor", "home/.cursor/mcp.json"),
            ("vscode", "home/Library/Application Support/Code/User/mcp.json"),
            ("zed", "home/.config/zed/settings.json"),
            (
                "cline",
                "home/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
            ),
            ("claude-code", "sys/Library/Application Support/ClaudeCode/managed-mcp.json"),
            ("claude-code-settings", "sys/Library/Application Support/ClaudeCode/managed-settings.json"),
            ("gemini", "sys/Library/Application Support/GeminiCli/settings.json"),
            ("codex", "sys/etc/codex/config.toml"),
        ])
    );
    assert_eq!(tree.status(&d, "sys/Library/Application Support/GeminiCli/system-defaults.json"), Status::NotFound);
    let linux_desktop = d.tried.iter().find(|t| t.place.dialect == "claude-desktop" && t.place.os == [Os::Linux]);
    assert_eq!(linux_desktop.unwrap().status, Status::Skipped(Skip::OtherOs(&[Os::Linux])));
    assert_eq!(linux_desktop.unwrap().path, PathBuf::from("$XDG_CONFIG_HOME/Claude/claude_desktop_config.json"));
}

#[test]
fn windows_layout() {
    let tree = Tree::new(&[
        "repo/.vscode/mcp.json",
        "home/.claude.json",
        "home/.cursor/mcp.json",
        "home/.codeium/windsurf/mcp_config.json",
        "home/.gemini/settings.json",
        "appdata/Claude/claude_desktop_config.json",
        "appdata/Code/User/mcp.json",
        "appdata/Zed/settings.json",
        "appdata/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json",
        "sys/C/Program Files/ClaudeCode/managed-mcp.json",
        "sys/C/ProgramData/gemini-cli/system-defaults.json",
        "sys/C/ProgramData/OpenAI/Codex/config.toml",
        // Unix places: never found on Windows.
        "sys/etc/codex/config.toml",
        "home/.config/zed/settings.json",
    ]);
    let d = tree.search(Os::Windows, &[("APPDATA", "appdata")]);
    assert_eq!(
        tree.found(&d),
        pairs(&[
            ("vscode", "repo/.vscode/mcp.json"),
            ("claude-code", "home/.claude.json"),
            ("claude-desktop", "appdata/Claude/claude_desktop_config.json"),
            ("cursor", "home/.cursor/mcp.json"),
            ("vscode", "appdata/Code/User/mcp.json"),
            ("windsurf", "home/.codeium/windsurf/mcp_config.json"),
            ("gemini", "home/.gemini/settings.json"),
            ("zed", "appdata/Zed/settings.json"),
            ("roo", "appdata/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
            ("claude-code", "sys/C/Program Files/ClaudeCode/managed-mcp.json"),
            ("gemini", "sys/C/ProgramData/gemini-cli/system-defaults.json"),
            ("codex", "sys/C/ProgramData/OpenAI/Codex/config.toml"),
        ])
    );
    // APPDATA moves the roaming folder; the default under the home is then not where
    // the client looks.
    assert_eq!(
        tree.status(&d, "home/AppData/Roaming/Code/User/mcp.json"),
        Status::Skipped(Skip::Overridden("APPDATA"))
    );
    // Without APPDATA the client falls back to the home's roaming folder.
    let tree = Tree::new(&["home/AppData/Roaming/Zed/settings.json"]);
    let d = tree.search(Os::Windows, &[]);
    assert_eq!(tree.found(&d), pairs(&[("zed", "home/AppData/Roaming/Zed/settings.json")]));
    let unset =
        d.tried.iter().find(|t| t.place.dialect == "zed" && t.status == Status::Skipped(Skip::Unset("APPDATA")));
    assert_eq!(unset.unwrap().path, PathBuf::from("%APPDATA%\\Zed\\settings.json"));
}

// ---------------------------------------------------------------------------------------
// Environment variables that move files.

#[test]
fn codex_home_replaces_the_default_directory() {
    let tree = Tree::new(&["codex-home/config.toml", "home/.codex/config.toml"]);
    let d = tree.search(Os::Linux, &[("CODEX_HOME", "codex-home")]);
    assert_eq!(tree.found(&d), pairs(&[("codex", "codex-home/config.toml")]));
    assert_eq!(tree.status(&d, "home/.codex/config.toml"), Status::Skipped(Skip::Overridden("CODEX_HOME")));
    // An empty value counts as unset, as the clients treat it.
    let d = tree.search(Os::Linux, &[("CODEX_HOME", "")]);
    assert_eq!(tree.found(&d), pairs(&[("codex", "home/.codex/config.toml")]));
}

#[test]
fn claude_config_dir_moves_the_user_files() {
    let tree = Tree::new(&["claude/.claude.json", "claude/settings.json", "home/.claude.json"]);
    let d = tree.search(Os::Macos, &[("CLAUDE_CONFIG_DIR", "claude")]);
    assert_eq!(
        tree.found(&d),
        pairs(&[("claude-code", "claude/.claude.json"), ("claude-code-settings", "claude/settings.json")])
    );
    assert_eq!(tree.status(&d, "home/.claude.json"), Status::Skipped(Skip::Overridden("CLAUDE_CONFIG_DIR")));
    assert_eq!(tree.status(&d, "home/.claude/settings.json"), Status::Skipped(Skip::Overridden("CLAUDE_CONFIG_DIR")));
}

#[test]
fn xdg_config_home_moves_linux_user_folders() {
    let tree = Tree::new(&["xdg/zed/settings.json", "xdg/Code/User/mcp.json", "home/.config/zed/settings.json"]);
    let d = tree.search(Os::Linux, &[("XDG_CONFIG_HOME", "xdg")]);
    assert_eq!(tree.found(&d), pairs(&[("vscode", "xdg/Code/User/mcp.json"), ("zed", "xdg/zed/settings.json")]));
    assert_eq!(tree.status(&d, "home/.config/zed/settings.json"), Status::Skipped(Skip::Overridden("XDG_CONFIG_HOME")));
    assert_eq!(tree.status(&d, "xdg/Claude/claude_desktop_config.json"), Status::NotFound);
}

/// Gemini CLI: the variable names the system settings file itself, and the system defaults
/// file moves with it (beside it) unless `GEMINI_CLI_SYSTEM_DEFAULTS_PATH` names that too.
#[test]
fn gemini_system_settings_path_names_the_file_and_moves_the_defaults() {
    let tree = Tree::new(&[
        "policy/gemini.json",
        "policy/system-defaults.json",
        "defaults.json",
        "sys/etc/gemini-cli/settings.json",
        "sys/etc/gemini-cli/system-defaults.json",
    ]);
    let d = tree.search(Os::Linux, &[("GEMINI_CLI_SYSTEM_SETTINGS_PATH", "policy/gemini.json")]);
    assert_eq!(tree.found(&d), pairs(&[("gemini", "policy/system-defaults.json"), ("gemini", "policy/gemini.json")]));
    let overridden = Status::Skipped(Skip::Overridden("GEMINI_CLI_SYSTEM_SETTINGS_PATH"));
    assert_eq!(tree.status(&d, "sys/etc/gemini-cli/settings.json"), overridden);
    assert_eq!(tree.status(&d, "sys/etc/gemini-cli/system-defaults.json"), overridden);

    let d = tree.search(
        Os::Windows,
        &[
            ("GEMINI_CLI_SYSTEM_SETTINGS_PATH", "policy/gemini.json"),
            ("GEMINI_CLI_SYSTEM_DEFAULTS_PATH", "defaults.json"),
        ],
    );
    assert_eq!(tree.found(&d), pairs(&[("gemini", "defaults.json"), ("gemini", "policy/gemini.json")]));
    assert_eq!(
        tree.status(&d, "policy/system-defaults.json"),
        Status::Skipped(Skip::Overridden("GEMINI_CLI_SYSTEM_DEFAULTS_PATH"))
    );
}

#[test]
fn cline_variables_in_order() {
    let tree = Tree::new(&[
        "explicit.json",
        "data/settings/cline_mcp_settings.json",
        "cline/data/settings/cline_mcp_settings.json",
        "home/.cline/data/settings/cline_mcp_settings.json",
    ]);
    let found = |vars: &[(&str, &str)]| {
        let d = tree.search(Os::Linux, vars);
        tree.found(&d).into_iter().filter(|(dialect, _)| dialect == "cline").map(|(_, p)| p).collect::<Vec<_>>()
    };
    assert_eq!(found(&[]), ["home/.cline/data/settings/cline_mcp_settings.json"]);
    assert_eq!(found(&[("CLINE_DIR", "cline")]), ["cline/data/settings/cline_mcp_settings.json"]);
    assert_eq!(found(&[("CLINE_DIR", "cline"), ("CLINE_DATA_DIR", "data")]), ["data/settings/cline_mcp_settings.json"]);
    assert_eq!(found(&[("CLINE_DATA_DIR", "data"), ("CLINE_MCP_SETTINGS_PATH", "explicit.json")]), ["explicit.json"]);
}

#[test]
fn scopes_outside_the_search_and_an_unknown_home_are_explained() {
    let tree = Tree::new(&["repo/.mcp.json", "home/.claude.json"]);
    let env = Environment::empty();
    let machine =
        Machine { os: Os::Linux, project: tree.path("repo"), home: None, managed: None, system_root: None, env: &env };
    let d = discover::search(&machine, Scopes { project: true, ..Scopes::default() });
    assert_eq!(tree.found(&d), pairs(&[("claude-code", "repo/.mcp.json")]));
    let user = d.tried.iter().find(|t| t.place.dialect == "claude-code" && t.place.scope == Scope::User).unwrap();
    assert_eq!(user.status, Status::Skipped(Skip::OutsideSearch(Scope::User)));
    assert_eq!(user.path, PathBuf::from("~/.claude.json"));
    let managed = d.tried.iter().find(|t| t.place.scope == Scope::Managed).unwrap();
    assert_eq!(managed.path, Path::new("/etc/claude-code/managed-mcp.json"));

    let d = discover::search(&machine, Scopes { project: true, user: true, ..Scopes::default() });
    let user = d.tried.iter().find(|t| t.place.dialect == "claude-code" && t.place.scope == Scope::User).unwrap();
    assert_eq!(user.status, Status::Skipped(Skip::Unset("CLAUDE_CONFIG_DIR")));
    let default = d.tried.iter().filter(|t| t.place.dialect == "claude-code" && t.place.scope == Scope::User).nth(1);
    assert_eq!(default.unwrap().status, Status::Skipped(Skip::NoHome));

    let text = discover::explain(&d.tried, Os::Linux);
    assert!(text.contains("claude-code (Claude Code)\n  found      project  "), "{text}");
    assert!(text.contains("skipped    user     ~/.claude.json: the home directory is unknown"), "{text}");
    assert!(text.contains("not this OS (macOS only)"), "{text}");
}

// ---------------------------------------------------------------------------------------
// The README's table.

const START: &str = "<!-- discovery:start (generated by tests/discovery.rs) -->";
const END: &str = "<!-- discovery:end -->";

#[test]
fn readme_table_is_the_matrix() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find(START).expect("README has the discovery:start marker") + START.len();
    let end = readme.find(END).expect("README has the discovery:end marker");
    let expected = format!("\n{}", discover::matrix::markdown());
    if readme[start..end] != expected {
        if std::env::var_os("MCPCHECK_BLESS").is_some() {
            std::fs::write(&path, format!("{}{}{}", &readme[..start], expected, &readme[end..])).unwrap();
        } else {
            panic!("README's discovery table is stale; run `MCPCHECK_BLESS=1 cargo test --test discovery`");
        }
    }
}

// ---------------------------------------------------------------------------------------
// The binary.

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const CLEAN: &str = r#"{"mcpServers": {"time": {"command": "uvx", "args": ["mcp-server-time==2025.9.25"]}}}"#;

fn json(run: &common::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr))
}

/// `check` reads the project; `--all` adds the home's, the managed directory's and the
/// system's files, each at the path the environment gives it.
#[test]
fn all_adds_user_managed_and_system_files() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "repo/.mcp.json", CLEAN);
    write(d, "home/.claude.json", CLEAN);
    write(d, "claude-config/settings.json", r#"{"enableAllProjectMcpServers": true}"#);
    write(d, "sys/etc/claude-code/managed-settings.json", r#"{"deniedMcpServers": []}"#);
    let files = |extra: &[&str]| -> Vec<(String, String)> {
        let run = common::mcpcheck()
            .current_dir(d.join("repo"))
            .args(["check", "--format", "json", "--no-env", "--system-root", "../sys"])
            .args(extra)
            .run();
        assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
        json(&run)["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let path = f["path"].as_str().unwrap().replace('\\', "/");
                (path, f["role"].as_str().unwrap_or_default().to_owned())
            })
            .collect()
    };
    let owned = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    };
    assert_eq!(files(&[]), owned(&[(".mcp.json", "project `.mcp.json`")]));
    assert_eq!(
        files(&["--all", "--home", "../home"]),
        owned(&[
            (".mcp.json", "project `.mcp.json`"),
            ("../home/.claude.json", "user `~/.claude.json`"),
            ("../sys/etc/claude-code/managed-settings.json", "managed settings"),
        ])
    );
    // `--env` sets the variables that move files, too; a settings file moved by
    // CLAUDE_CONFIG_DIR is still the user's settings.
    assert_eq!(
        files(&["--all", "--home", "../home", "--env", "CLAUDE_CONFIG_DIR=../claude-config"]),
        owned(&[
            (".mcp.json", "project `.mcp.json`"),
            ("../claude-config/settings.json", "user settings"),
            ("../sys/etc/claude-code/managed-settings.json", "managed settings"),
        ])
    );
}

/// Without `--home`, `--all` reads the real home directory (`HOME`).
#[test]
fn all_defaults_to_the_home_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "repo/.mcp.json", CLEAN);
    write(d, "home/.claude.json", CLEAN);
    let run = common::mcpcheck()
        .current_dir(d.join("repo"))
        .env("HOME", d.join("home"))
        .args(["check", "--format", "json", "--no-env", "--all", "--system-root", "../sys"])
        .run();
    let doc = json(&run);
    let paths: Vec<&str> = doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[1].ends_with(".claude.json"), "{paths:?}");
    let discovery = doc["discovery"].as_array().unwrap();
    let user = discovery.iter().find(|t| t["path"].as_str().unwrap().ends_with("home/.claude.json")).unwrap();
    assert_eq!(user["status"], "found");
    assert_eq!(user["scope"], "user");
    assert_eq!(user["client"], "Claude Code");
    assert_eq!(user["reason"], Value::Null);
}

#[test]
fn explain_discovery_lists_every_place_with_its_status() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "repo/.mcp.json", CLEAN);
    let run = common::mcpcheck()
        .current_dir(d.join("repo"))
        .args(["check", "--explain-discovery", "--no-env", "--env", "CODEX_HOME=../codex", "--all"])
        .args(["--home", "../home", "--system-root", "../sys"])
        .run();
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let err = run.stderr;
    assert!(err.starts_with("Where mcpcheck looked ("), "{err}");
    assert!(err.contains("claude-code (Claude Code)\n  found      project  .mcp.json\n"), "{err}");
    assert!(err.contains("  not found  project  .claude/settings.json\n"), "{err}");
    assert!(err.contains("env CODEX_HOME overrides it"), "{err}");
    assert!(err.contains("env CLAUDE_CONFIG_DIR is not set"), "{err}");
    assert!(err.contains("the same file as claude-code's, checked once"), "{err}");
    // The report itself stays on standard output.
    assert!(run.stdout.contains("Checked 1 file"), "{}", run.stdout);
    if cfg!(target_os = "linux") {
        assert!(err.contains("not this OS (macOS only)") && err.contains("not this OS (Windows only)"), "{err}");
    }

    // A file named alone is no search.
    let run = common::mcpcheck()
        .current_dir(d.join("repo"))
        .args(["check", "--explain-discovery", "--no-env", ".mcp.json"])
        .run();
    assert!(run.stderr.starts_with("mcpcheck looked nowhere: only files were named"), "{}", run.stderr);

    // Without --all the user and system scopes are outside the search, and say how to add them.
    let run = common::mcpcheck().current_dir(d.join("repo")).args(["check", "--explain-discovery", "--no-env"]).run();
    assert!(run.stderr.contains("user scope is outside the search; pass --all or --home DIR"), "{}", run.stderr);
    assert!(run.stderr.contains("system scope is outside the search; pass --all"), "{}", run.stderr);
}

#[test]
fn nothing_found_lists_the_places_by_client() {
    let tmp = tempfile::tempdir().unwrap();
    let run = common::mcpcheck().current_dir(tmp.path()).args(["check", "--no-env"]).run();
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    let err = run.stderr;
    assert!(err.starts_with("mcpcheck: nothing to check: no MCP settings file found. Looked for:\n"), "{err}");
    assert!(
        err.contains("  Claude Code:\n    .mcp.json\n    .claude/settings.json\n    .claude/settings.local.json\n"),
        "{err}"
    );
    assert!(err.contains("  Cursor:\n    .cursor/mcp.json\n"), "{err}");
    assert!(err.contains("  Codex:\n    .codex/config.toml\n"), "{err}");
    assert!(!err.contains(".claude.json"), "user files were not looked for: {err}");
    assert!(err.contains("--all also looks in every client's user and system files"), "{err}");

    // JSON output carries the same places.
    let run = common::mcpcheck().current_dir(tmp.path()).args(["check", "--no-env", "--format", "json"]).run();
    assert_eq!(run.code, Some(3));
    let doc = json(&run);
    let not_found = doc["discovery"].as_array().unwrap().iter().filter(|t| t["status"] == "not-found").count();
    assert!(not_found >= 12, "{not_found}");
}

/// A file of a client whose dialect is not built yet is found but set aside, and says so.
#[test]
fn files_of_clients_not_read_yet_are_set_aside() {
    let Some(pending) = PLACES.iter().find(|p| {
        p.scope == Scope::Project && dialect::by_id(p.dialect).is_none() && matches!(p.at, [Anchor::Project(_)])
    }) else {
        return; // every client is read: nothing is set aside
    };
    let Anchor::Project(rel) = pending.at[0] else { unreachable!() };
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), rel, CLEAN);
    let run = common::mcpcheck().current_dir(tmp.path()).args(["check", "--no-env"]).run();
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(run.stderr.contains("mcpcheck does not read this client's format yet"), "{}", run.stderr);
}

#[test]
fn check_help_names_the_discovery_options() {
    let run = common::mcpcheck().args(["check", "--help"]).run();
    assert_eq!(run.code, Some(0));
    for needle in ["--all", "--home", "--managed", "--system-root", "--explain-discovery", "every client"] {
        assert!(run.stdout.contains(needle), "check --help lacks {needle}:\n{}", run.stdout);
    }
}
