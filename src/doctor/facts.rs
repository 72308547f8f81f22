//! Facts about this machine for one server: gathered with I/O (file system, `PATH`, running
//! `--version` of known runtimes, DNS/TCP/TLS/HTTP), then handed to the machine rules as data.
//!
//! Resolved values may be secrets, so facts hold only names, paths (as written, or as found on
//! disk), versions and statuses: never an `env` or header value, never a URL's userinfo or
//! query.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::network::{self, LayerCheck};
use super::path::{self, LookupStatus};
use super::runtime;
use crate::dialect::{Dialect, DocumentContext};
use crate::model::ServerEntry;
use crate::pointer::Segment;
use crate::probe::plan::Plan;
use crate::probe::process::ServerCommand;
use crate::probe::target::ProbeTarget;
use crate::resolve::env::Status;

/// What `doctor` found out about this machine for one server. Every field defaults, so
/// recorded facts (test fixtures) may be partial.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerFacts {
    /// The stdio command looked up (absent for remote servers and entries without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<CommandFacts>,
    /// The runtimes behind the command (`npx` → `node`), with their versions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runtimes: Vec<RuntimeFacts>,
    /// Variables the entry references that are unset and have no default (names only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unset_variables: Vec<String>,
    /// Files and directories the entry names (`args` that look like paths, `cwd`, `envFile`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileFacts>,
    /// The network layers to a remote server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<RemoteFacts>,
}

/// Where the command is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommandFacts {
    /// The program as the client runs it (a name looked up on `PATH`, or a path).
    pub program: String,
    /// What the lookup on the server's `PATH` found.
    pub status: LookupStatus,
    /// The file found (or what is there instead: a non-executable file, a directory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// The `PATH` directories searched, in order (empty for a path).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub searched: Vec<PathBuf>,
    /// Whether the `PATH` searched is the entry's own `env.PATH` (else mcpcheck's).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub path_from_env: bool,
    /// The lookup on the `PATH` a desktop-launched client starts servers with, when this
    /// client is one of those and the program is a bare name without `env.PATH`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desktop: Option<DesktopLookup>,
}

/// The program looked up on the `PATH` of a client launched from the desktop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DesktopLookup {
    /// The directories of that `PATH`.
    pub searched: Vec<PathBuf>,
    /// The file found there, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
}

/// A runtime and its version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuntimeFacts {
    /// The runtime's program name: `node`, `uvx`, `uv`, `python`, `python3`, `docker`, `deno`,
    /// `bun`.
    pub name: String,
    /// Where it was found on the server's `PATH`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// The version it printed (`v20.20.2`, `3.12.3`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Why there is no version: not found, timed out, failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Docker only: whether the daemon answered `docker info`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daemon: Option<bool>,
    /// Docker only: the first line `docker info` printed when the daemon did not answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daemon_detail: Option<String>,
    /// A minimum version an installed package declares (Node.js `engines.node`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Requirement>,
}

/// A version range a package declares for its runtime.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Requirement {
    /// The package (`@scope/name`).
    pub package: String,
    /// The range as declared (`>=20`).
    pub range: String,
    /// The file that declares it.
    pub declared_in: PathBuf,
}

/// A file or directory the entry names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileFacts {
    /// The field (`args`, `cwd`, `envFile`).
    pub field: String,
    /// The position in `args`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// The value as written in the file.
    pub written: String,
    /// The path it names on this machine.
    pub path: PathBuf,
    /// Whether something exists there.
    pub exists: bool,
}

/// The network layers to a remote server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RemoteFacts {
    /// The host name (or address) of the URL.
    pub host: String,
    /// The port.
    pub port: u16,
    /// Whether the URL is `https`.
    pub https: bool,
    /// Whether the network was used (`doctor` without network checks leaves `layers` empty).
    pub checked: bool,
    /// Each layer in order, up to the first that failed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<LayerCheck>,
}

impl RemoteFacts {
    /// The first layer that failed.
    pub fn failed(&self) -> Option<&LayerCheck> {
        self.layers.iter().find(|layer| !layer.ok)
    }
}

/// How gathering behaves.
#[derive(Debug, Clone, Default)]
pub struct Gathering {
    /// Whether to touch the network (DNS, TCP, TLS, HTTP) for remote servers.
    pub network: bool,
    /// Facts gathered before: when set, [`gather`] looks at nothing and returns the facts
    /// recorded here under `<dialect id>/<server name>`, else under the server's name (empty
    /// facts for a server in neither). Fixtures of machine rules use it (`machine.json`, by
    /// name), like `probe.json` for probe rules; `doctor` uses it to probe after printing
    /// the facts it gathered first, without gathering them twice.
    pub recorded: Option<BTreeMap<String, ServerFacts>>,
}

/// Gather the facts for `server` of `cx`'s file, whose resolved command or URL is `plan`
/// (`None` when the entry has no usable transport). `project_root` anchors relative paths.
pub fn gather(
    cx: &DocumentContext<'_>,
    server: &ServerEntry<'_>,
    plan: Option<&Plan>,
    project_root: &Path,
    how: &Gathering,
) -> ServerFacts {
    if let Some(recorded) = &how.recorded {
        let qualified = format!("{}/{}", cx.dialect.id, server.name);
        return recorded.get(&qualified).or_else(|| recorded.get(server.name)).cloned().unwrap_or_default();
    }
    let mut facts = ServerFacts { unset_variables: unset_variables(server), ..ServerFacts::default() };
    let home = cx.env.get("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    match plan.map(|plan| &plan.target) {
        Some(ProbeTarget::Stdio(command)) => {
            let inherited = cx.env.get("PATH").map(OsString::from).or_else(|| std::env::var_os("PATH"));
            let base = command.cwd.clone().unwrap_or_else(|| project_root.to_path_buf());
            let (found, path_value) = command_facts(cx.dialect, command, inherited, &base);
            facts.runtimes = runtimes(&found, command, path_value.as_ref(), &base);
            facts.command = Some(found);
            facts.files = files(server, command, &base, home.as_deref());
        }
        Some(ProbeTarget::Remote(remote)) => facts.remote = remote_facts(&remote.url, how.network),
        None => {}
    }
    facts.files.extend(env_file(server, project_root));
    facts
}

/// The names of the variables referenced in expanded fields that are unset without a default,
/// each once, in order.
fn unset_variables(server: &ServerEntry<'_>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for value in &server.resolved.values {
        for reference in &value.expanded.references {
            if reference.status == Status::Unset && !names.contains(&reference.reference.name) {
                names.push(reference.reference.name.clone());
            }
        }
    }
    names
}

/// Whether the client starts servers with the operating system's `PATH` when launched from the
/// desktop. Claude Desktop does: it reads no shell profile, the cause of the well-known "npx
/// not found" with nvm. VS Code (and its forks Cursor and Windsurf, and the extensions Cline
/// and Roo Code inside them) and Zed run the login shell once at start-up and take its
/// environment, so their `PATH` is the shell's; they are not modelled here.
fn launched_without_shell_profile(dialect: &Dialect) -> bool {
    dialect.id == crate::dialect::claude_desktop::DIALECT.id
}

/// Look the command up on the server's `PATH` (and the desktop `PATH` where it applies); also
/// returns the server's `PATH` value, for running runtimes.
fn command_facts(
    dialect: &Dialect,
    command: &ServerCommand,
    inherited: Option<OsString>,
    base: &Path,
) -> (CommandFacts, Option<OsString>) {
    let program = command.program.to_string_lossy().into_owned();
    let own = command.env.iter().rev().find(|(key, _)| key == "PATH").map(|(_, value)| value.clone());
    let path_from_env = own.is_some();
    let path_value = own.or(inherited);
    let dirs = path_value.as_deref().map(path::split_path).unwrap_or_default();
    let lookup = path::lookup(&program, &dirs, base);
    let desktop = (launched_without_shell_profile(dialect) && !path_from_env && path::is_bare_name(&program))
        .then(path::desktop_path)
        .flatten()
        .map(|searched| {
            let found = path::lookup(&program, &searched, base);
            DesktopLookup { path: found.path.filter(|_| found.status == LookupStatus::Found), searched }
        });
    let facts = CommandFacts {
        program,
        status: lookup.status,
        path: lookup.path,
        searched: lookup.searched,
        path_from_env,
        desktop,
    };
    (facts, path_value)
}

/// The runtime behind the command, with its version (and Docker's daemon, and an installed
/// package's `engines.node`).
/// Whether two paths name the same file (after resolving links), or are equal as written.
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

fn runtimes(found: &CommandFacts, command: &ServerCommand, path: Option<&OsString>, base: &Path) -> Vec<RuntimeFacts> {
    let name = crate::launch::program_name(&found.program);
    let Some(runtime) = runtime::runtime_of(&name) else { return Vec::new() };
    let mut facts = RuntimeFacts { name: runtime.to_owned(), ..RuntimeFacts::default() };
    let binary = if runtime == name {
        found.path.clone().filter(|_| found.status == LookupStatus::Found)
    } else {
        let lookup = path::lookup(runtime, &path.map(|p| path::split_path(p)).unwrap_or_default(), base);
        lookup.path.filter(|_| lookup.status == LookupStatus::Found)
    };
    let Some(binary) = binary else {
        // The command itself not being found is the command's fact; a missing runtime behind
        // a launcher that was found is this one's.
        if runtime != name && found.status == LookupStatus::Found {
            facts.error = Some("not found on the server's PATH".to_owned());
            return vec![facts];
        }
        return Vec::new();
    };
    // Running `--version` runs a program: only the one your own PATH finds under that name,
    // never one that the config chooses by a path or by its own `env.PATH` (doctor runs nothing
    // from a config without consent; the probe asks for that).
    let own = std::env::var_os("PATH").map(|own| path::split_path(&own)).unwrap_or_default();
    let trusted = path::lookup(runtime, &own, base).path.filter(|own| same_file(own, &binary));
    if trusted.is_none() {
        facts.path = Some(binary);
        facts.error = Some("version not asked: the config chooses this program, not your PATH".to_owned());
        return vec![facts];
    }
    match runtime::run(&binary, &["--version"], path, runtime::TIMEOUT) {
        Ok(ran) if ran.timed_out => {
            facts.error = Some(format!("`{runtime} --version` did not finish within {} s", runtime::TIMEOUT.as_secs()));
        }
        Ok(ran) => match runtime::version_in(&ran.first_line) {
            Some(version) if ran.code == Some(0) => facts.version = Some(version),
            _ => {
                facts.error = Some(format!(
                    "`{runtime} --version` exited with {}",
                    ran.code.map_or_else(|| "a signal".to_owned(), |code| format!("status {code}"))
                ));
            }
        },
        Err(error) => facts.error = Some(error),
    }
    if runtime == "docker" {
        match runtime::run(&binary, &["info", "--format", "{{.ServerVersion}}"], path, runtime::TIMEOUT) {
            Ok(ran) => {
                let answered = ran.code == Some(0) && !ran.timed_out;
                facts.daemon = Some(answered);
                if !answered {
                    facts.daemon_detail = Some(if ran.timed_out {
                        format!("`docker info` did not finish within {} s", runtime::TIMEOUT.as_secs())
                    } else {
                        ran.first_line
                    });
                }
            }
            Err(error) => (facts.daemon, facts.daemon_detail) = (Some(false), Some(error)),
        }
    }
    if runtime == "node" && name == "npx" {
        let spec = command.args.iter().map(|a| a.to_string_lossy()).find(|a| !a.starts_with('-'));
        if let Some(spec) = spec
            && let Some((range, declared_in)) = runtime::engines_node(base, &spec)
        {
            let package = runtime::package_name(&spec).unwrap_or_default().to_owned();
            facts.required = Some(Requirement { package, range, declared_in });
        }
    }
    vec![facts]
}

/// The `args` that look like paths (absolute, `./`, `../`, `~/`) and the `cwd`, with whether
/// they exist. Package specs, URLs, flags, `host:container` pairs (Docker volumes), secrets
/// and values with an unset variable are skipped.
fn files(server: &ServerEntry<'_>, command: &ServerCommand, base: &Path, home: Option<&Path>) -> Vec<FileFacts> {
    let mut out = Vec::new();
    let args: Vec<&crate::resolve::server::ResolvedValue<'_>> = server.resolved.field("args").collect();
    for (i, value) in args.iter().enumerate() {
        let Some(Segment::Index(index)) = value.pointer.last() else { continue };
        let text = value.expanded.value.as_str();
        let secret = crate::redact::argument_secret(text).is_some()
            || (i > 0 && crate::redact::is_secret_flag(&args[i - 1].expanded.value));
        let unset = value.expanded.references.iter().any(|r| r.status == Status::Unset);
        if secret || unset || text.contains(':') || text.contains("${") {
            continue;
        }
        let path = if text == "~" || text.starts_with("~/") {
            match home {
                Some(home) => home.join(text.trim_start_matches('~').trim_start_matches('/')),
                None => continue,
            }
        } else if text.starts_with('/') {
            PathBuf::from(text)
        } else if text.starts_with("./") || text.starts_with("../") {
            base.join(text)
        } else {
            continue;
        };
        let exists = path.exists();
        out.push(FileFacts {
            field: "args".to_owned(),
            index: Some(*index),
            written: value.raw.to_owned(),
            path,
            exists,
        });
    }
    if let (Some(cwd), Some(written)) = (&command.cwd, server.str_field("cwd"))
        && !written.contains("${")
    {
        out.push(FileFacts {
            field: "cwd".to_owned(),
            index: None,
            written: written.to_owned(),
            path: cwd.clone(),
            exists: cwd.is_dir(),
        });
    }
    out
}

/// The `envFile` (Cursor, VS Code), relative to the project, `${workspaceFolder}` being the
/// project; skipped when it holds another variable.
fn env_file(server: &ServerEntry<'_>, project_root: &Path) -> Option<FileFacts> {
    let value = server.resolved.scalar("envFile")?;
    let root = project_root.to_string_lossy();
    let text = value.expanded.value.replace("${workspaceFolder}", &root);
    if text.contains("${") || text.trim().is_empty() {
        return None;
    }
    let path = if Path::new(&text).is_absolute() { PathBuf::from(&text) } else { project_root.join(&text) };
    let exists = path.is_file();
    Some(FileFacts { field: "envFile".to_owned(), index: None, written: value.raw.to_owned(), path, exists })
}

/// Host, port and (with `network`) the layers to a remote server's URL.
fn remote_facts(url: &str, network: bool) -> Option<RemoteFacts> {
    let url = crate::probe::http::Url::parse(url)?;
    let (host, port, https) = network::endpoint(&url)?;
    let layers = if network { network::check(&url, network::TIMEOUT) } else { Vec::new() };
    Some(RemoteFacts { host, port, https, checked: network, layers })
}

impl ServerFacts {
    /// One human-readable line per fact, for the doctor report. Paths under the home directory
    /// are shown as `~/…`.
    pub fn lines(&self) -> Vec<String> {
        let home = std::env::var_os("HOME").map(PathBuf::from).filter(|h| h.is_absolute());
        let show = |path: &Path| shown_path(path, home.as_deref());
        let mut lines = Vec::new();
        if let Some(command) = &self.command {
            let program = &command.program;
            let runtime = self.runtimes.first();
            let version =
                runtime.and_then(|r| r.version.as_ref().map(|v| format!(" ({} {v})", r.name))).unwrap_or_default();
            let from = if command.path_from_env { " (the entry's `env.PATH`)" } else { "" };
            lines.push(match (command.status, &command.path) {
                (LookupStatus::Found, Some(path)) => format!("`{program}` → {}{version}", show(path)),
                (LookupStatus::NotFound, _) if command.searched.is_empty() => format!("`{program}` does not exist"),
                (LookupStatus::NotFound, _) => {
                    let dirs: Vec<String> = command.searched.iter().map(|d| show(d)).collect();
                    format!("`{program}` is not on PATH{from} (searched {})", dirs.join(":"))
                }
                (LookupStatus::NotExecutable, Some(path)) => format!("`{program}` at {} is not executable", show(path)),
                (LookupStatus::NotAFile, Some(path)) => format!("`{program}` at {} is not a file", show(path)),
                (status, _) => format!("`{program}`: {status:?}"),
            });
            if let Some(desktop) = &command.desktop
                && desktop.path.is_none()
                && command.status == LookupStatus::Found
                && let Some(path) = &command.path
            {
                let dirs: Vec<String> = desktop.searched.iter().map(|d| show(d)).collect();
                lines.push(format!(
                    "`{program}` is not on the PATH a desktop client sees ({}); found only in {}",
                    dirs.join(":"),
                    show(path.parent().unwrap_or(path))
                ));
            }
        }
        for runtime in &self.runtimes {
            let name = &runtime.name;
            if let Some(error) = &runtime.error {
                lines.push(format!("{name}: {error}"));
            } else if self.command.is_none()
                && let Some(version) = &runtime.version
            {
                lines.push(format!("{name} {version}"));
            }
            match (runtime.daemon, &runtime.daemon_detail) {
                (Some(true), _) => lines.push("docker: the daemon answers".to_owned()),
                (Some(false), Some(detail)) if !detail.is_empty() => {
                    lines.push(format!("docker: the daemon does not answer ({detail})"));
                }
                (Some(false), _) => lines.push("docker: the daemon does not answer".to_owned()),
                (None, _) => {}
            }
            if let Some(required) = &runtime.required {
                lines.push(format!(
                    "{} requires {name} {} ({})",
                    required.package,
                    required.range,
                    show(&required.declared_in)
                ));
            }
        }
        for name in &self.unset_variables {
            lines.push(format!("{name} is unset"));
        }
        for file in self.files.iter().filter(|f| !f.exists) {
            let field = match file.index {
                Some(index) => format!("{}[{index}]", file.field),
                None => file.field.clone(),
            };
            lines.push(format!("{field} `{}` does not exist ({})", file.written, show(&file.path)));
        }
        if let Some(remote) = &self.remote {
            let host = if (remote.https && remote.port == 443) || (!remote.https && remote.port == 80) {
                remote.host.clone()
            } else {
                format!("{}:{}", remote.host, remote.port)
            };
            if !remote.checked {
                lines.push(format!("{host}: network not checked"));
            } else {
                let layers: Vec<String> = remote
                    .layers
                    .iter()
                    .map(|check| match (check.status, check.ok) {
                        (Some(status), _) => format!("{} {status}", check.layer.name()),
                        (None, true) => format!("{} ok", check.layer.name()),
                        (None, false) if check.detail.is_empty() => format!("{} failed", check.layer.name()),
                        (None, false) => format!("{} failed ({})", check.layer.name(), check.detail),
                    })
                    .collect();
                lines.push(format!("{host}: {}", layers.join(", ")));
            }
        }
        lines
    }
}

/// `path`, with the home directory shown as `~`.
pub fn shown_path(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|home| path.strip_prefix(home).ok()) {
        Some(rest) if rest.as_os_str().is_empty() => "~".to_owned(),
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::dialect::{Detection, claude_code, claude_desktop};
    use crate::finding::FileRef;
    use crate::resolve::env::{Environment, VarOrigin};
    use crate::source::SourceFile;
    use std::os::unix::fs::PermissionsExt;

    /// The facts of every server of `text` (a file of `dialect`), gathered live with `env`.
    fn gather_all(dialect: &'static Dialect, text: &str, env: &Environment, root: &Path) -> Vec<ServerFacts> {
        let source = SourceFile::new("mcp.json", text);
        let doc = crate::parse::parse(&source).unwrap();
        let file = FileRef::new(&source, Some(&doc));
        let cx = DocumentContext::new(file, &doc, dialect, dialect.default_role, Detection::Path, env);
        let how = Gathering { network: true, recorded: None };
        cx.servers
            .iter()
            .map(|server| {
                let plan = crate::probe::plan::plan(&cx, server, root).ok();
                gather(&cx, server, plan.as_ref(), root, &how)
            })
            .collect()
    }

    fn executable(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn a_shell_only_program_is_hidden_from_claude_desktop() {
        let tmp = tempfile::tempdir().unwrap();
        let nvm = tmp.path().join("nvm/bin");
        executable(&nvm.join("mcpcheck-test-tool"));
        let mut env = Environment::empty();
        env.set("PATH", nvm.display().to_string(), VarOrigin::Process);
        let text = r#"{"mcpServers": {"t": {"command": "mcpcheck-test-tool"}}}"#;
        let desktop = &gather_all(&claude_desktop::DIALECT, text, &env, tmp.path())[0];
        let command = desktop.command.as_ref().unwrap();
        assert_eq!(command.status, LookupStatus::Found);
        assert_eq!(command.path.as_deref(), Some(nvm.join("mcpcheck-test-tool").as_path()));
        let lookup = command.desktop.as_ref().expect("Claude Desktop gets the desktop PATH");
        assert_eq!(lookup.path, None);
        assert!(
            desktop.lines().iter().any(|l| l.contains("not on the PATH a desktop client sees")),
            "{:?}",
            desktop.lines()
        );
        // Claude Code runs in the terminal: no desktop lookup.
        let code = &gather_all(&claude_code::DIALECT, text, &env, tmp.path())[0];
        assert_eq!(code.command.as_ref().unwrap().desktop, None);
    }

    /// A program the config picks by path, named like a runtime, is never run for its version:
    /// running it would run config-chosen code without consent.
    #[test]
    fn a_runtime_chosen_by_the_config_is_not_run() {
        let tmp = tempfile::tempdir().unwrap();
        let trap = tmp.path().join("ran");
        let node = tmp.path().join("evil/node");
        std::fs::create_dir_all(node.parent().unwrap()).unwrap();
        std::fs::write(&node, format!("#!/bin/sh\ntouch '{}'\necho v99.0.0\n", trap.display())).unwrap();
        std::fs::set_permissions(&node, std::fs::Permissions::from_mode(0o755)).unwrap();
        let text = format!(r#"{{"mcpServers": {{"t": {{"command": "{}", "args": ["x.js"]}}}}}}"#, node.display());
        let facts = &gather_all(&claude_code::DIALECT, &text, &Environment::empty(), tmp.path())[0];
        assert!(!trap.exists(), "doctor ran a program the config chose");
        let runtime = &facts.runtimes[0];
        assert_eq!(runtime.version, None);
        assert!(runtime.error.as_deref().unwrap_or_default().contains("config chooses"), "{runtime:?}");
    }

    #[test]
    fn missing_files_unset_variables_and_no_secret_values() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/present.txt"), "").unwrap();
        let mut env = Environment::empty();
        env.set("PATH", "/nonexistent-dir", VarOrigin::Process);
        env.set("HOME", root.display().to_string(), VarOrigin::Process);
        env.set("API_KEY", "sk-live-very-secret-value", VarOrigin::Process);
        let text = r#"{"mcpServers": {
            "s": {"command": "nope-not-here", "args": ["./present.txt", "./absent.txt", "~/gone", "@scope/pkg", "https://x.example/a", "/a:/b", "--token", "./secret-path"],
                  "env": {"KEY": "${API_KEY}", "OTHER": "${MISSING_VAR}", "PLAIN": "literal-env-value"}, "cwd": "sub"},
            "c": {"command": "x", "cwd": "nowhere"},
            "r": {"type": "http", "url": "http://u:pw@localhost:1/mcp?token=query-secret", "headers": {"Authorization": "Bearer ${API_KEY}"}}
        }}"#;
        let facts = gather_all(&claude_code::DIALECT, text, &env, root);
        let stdio = &facts[0];
        assert_eq!(stdio.command.as_ref().unwrap().status, LookupStatus::NotFound);
        assert_eq!(stdio.unset_variables, ["MISSING_VAR"]);
        let files: Vec<(&str, Option<usize>, bool)> =
            stdio.files.iter().map(|f| (f.written.as_str(), f.index, f.exists)).collect();
        assert_eq!(
            files,
            [
                ("./present.txt", Some(0), true),
                ("./absent.txt", Some(1), false),
                ("~/gone", Some(2), false),
                ("sub", None, true)
            ]
        );
        // Relative args are taken from the cwd.
        assert_eq!(stdio.files[0].path, root.join("sub/./present.txt"));
        assert_eq!(facts[1].files.iter().map(|f| (f.field.as_str(), f.exists)).collect::<Vec<_>>(), [("cwd", false)]);
        let remote = facts[2].remote.as_ref().unwrap();
        assert_eq!((remote.host.as_str(), remote.port), ("localhost", 1));
        assert!(remote.failed().is_some_and(|l| l.layer == network::Layer::Tcp), "{remote:?}");
        for fact in &facts {
            let debug = format!("{fact:?}");
            let json = serde_json::to_string(fact).unwrap();
            for secret in ["sk-live-very-secret-value", "literal-env-value", "query-secret", "pw@"] {
                assert!(!debug.contains(secret) && !json.contains(secret), "{secret} in {debug}");
                assert!(!fact.lines().concat().contains(secret));
            }
            let back: ServerFacts = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, fact, "facts round-trip through JSON");
        }
    }

    #[test]
    fn recorded_facts_replace_looking() {
        let recorded: BTreeMap<String, ServerFacts> =
            serde_json::from_str(r#"{"s": {"unset_variables": ["X"]}}"#).unwrap();
        let source = SourceFile::new("mcp.json", r#"{"mcpServers": {"s": {"command": "x"}, "t": {"command": "y"}}}"#);
        let doc = crate::parse::parse(&source).unwrap();
        let env = Environment::empty();
        let dialect = &claude_code::DIALECT;
        let cx = DocumentContext::new(
            FileRef::new(&source, Some(&doc)),
            &doc,
            dialect,
            dialect.default_role,
            Detection::Path,
            &env,
        );
        let how = Gathering { network: false, recorded: Some(recorded) };
        assert_eq!(gather(&cx, &cx.servers[0], None, Path::new("/"), &how).unset_variables, ["X"]);
        assert_eq!(gather(&cx, &cx.servers[1], None, Path::new("/"), &how), ServerFacts::default());
    }
}
