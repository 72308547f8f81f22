//! Where to look: every client's project, user, managed and system files, from the path
//! matrix in [`matrix`], resolved against one [`Machine`] (OS, project root, home directory,
//! environment). Every place is recorded with what became of it — found, not found, or
//! skipped and why — so that "nothing found" always comes with the places looked at and
//! `--explain-discovery` can show the whole search. Only stats files and lists drop-in
//! directories; never reads a file's contents, never reads the process environment.

pub mod matrix;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use matrix::{Anchor, Os, PLACES, Place, Scope};

use crate::dialect::Origin;
use crate::resolve::env::Environment;

/// The machine a search runs on: which OS layout applies, where the project and home are,
/// and the environment variables that move clients' files. Tests build one by hand (a fake
/// home, a macOS layout on Linux, an environment that is a plain map).
#[derive(Debug, Clone)]
pub struct Machine<'a> {
    /// Whose layout applies.
    pub os: Os,
    /// The project root.
    pub project: PathBuf,
    /// The home directory, when known.
    pub home: Option<PathBuf>,
    /// Claude Code's managed directory (`--managed`); default: the OS's, under `system_root`.
    pub managed: Option<PathBuf>,
    /// Where system-wide paths (`/etc/…`, `C:\ProgramData\…`) are looked for instead of the
    /// filesystem root: `/etc/codex/config.toml` becomes `<root>/etc/codex/config.toml`,
    /// `C:\ProgramData\x` becomes `<root>/C/ProgramData/x`.
    pub system_root: Option<PathBuf>,
    /// The variables that move files (`CODEX_HOME`, `XDG_CONFIG_HOME`, …); an empty value
    /// counts as unset, as the clients treat it.
    pub env: &'a Environment,
}

/// Which scopes a search covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scopes {
    /// Project files under the project root.
    pub project: bool,
    /// User files under the home directory.
    pub user: bool,
    /// Claude Code's managed directory.
    pub managed: bool,
    /// Machine-wide files.
    pub system: bool,
}

impl Scopes {
    /// Whether `scope` is covered.
    pub fn includes(self, scope: Scope) -> bool {
        match scope {
            Scope::Project => self.project,
            Scope::User => self.user,
            Scope::Managed => self.managed,
            Scope::System => self.system,
        }
    }
}

/// A file to check and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// Where it was found (decides its scope where its name does not).
    pub origin: Origin,
    /// The matrix row it was found through, when discovery found it.
    pub place: Option<&'static Place>,
}

impl Input {
    /// A file named on the command line.
    pub fn explicit(path: PathBuf) -> Self {
        Self { path, origin: Origin::Explicit, place: None }
    }
}

/// What became of one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The file exists and is checked.
    Found,
    /// Nothing there.
    NotFound,
    /// Not looked at, for this reason.
    Skipped(Skip),
}

impl Status {
    /// Kebab-case name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Found => "found",
            Status::NotFound => "not-found",
            Status::Skipped(_) => "skipped",
        }
    }
}

/// Why a place was not looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The client reads it on other operating systems only.
    OtherOs(&'static [Os]),
    /// Its scope is not part of this search.
    OutsideSearch(Scope),
    /// It is under the home directory, which is unknown.
    NoHome,
    /// It depends on an environment variable that is not set.
    Unset(&'static str),
    /// An environment variable that is set moves the file elsewhere.
    Overridden(&'static str),
    /// The same path as another client's place, already looked at (the dialect id).
    SameFile(&'static str),
    /// Something that is not a regular file is there.
    NotAFile,
    /// The file exists, but mcpcheck does not read this client's format yet.
    NotReadYet,
}

impl Skip {
    /// The reason in words.
    pub fn describe(self) -> String {
        match self {
            Skip::OtherOs(os) => {
                let names: Vec<_> = os.iter().map(|o| o.name()).collect();
                format!("not this OS ({} only)", names.join(", "))
            }
            Skip::OutsideSearch(Scope::Project) => "files or directories were named instead".to_owned(),
            Skip::OutsideSearch(Scope::User) => "user scope is outside the search; pass --all or --home DIR".to_owned(),
            Skip::OutsideSearch(Scope::Managed) => {
                "managed scope is outside the search; pass --all or --managed DIR".to_owned()
            }
            Skip::OutsideSearch(Scope::System) => "system scope is outside the search; pass --all".to_owned(),
            Skip::NoHome => "the home directory is unknown; pass --home DIR".to_owned(),
            Skip::Unset(var) => format!("env {var} is not set"),
            Skip::Overridden(var) => format!("env {var} overrides it"),
            Skip::SameFile(dialect) => format!("the same file as {dialect}'s, checked once"),
            Skip::NotAFile => "there is something there, but not a regular file".to_owned(),
            Skip::NotReadYet => "the file exists, but mcpcheck does not read this client's format yet".to_owned(),
        }
    }
}

/// One place looked at (or skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tried {
    /// The matrix row.
    pub place: &'static Place,
    /// The path: resolved on this machine, or written as a template (`~/Library/…`,
    /// `$CODEX_HOME/config.toml`) where it cannot be (another OS, an unset variable).
    pub path: PathBuf,
    /// What became of it.
    pub status: Status,
}

/// What a search found and everything it tried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Files that exist, in the order of the matrix (scope by scope).
    pub found: Vec<Input>,
    /// Every place, in the same order, with what became of it.
    pub tried: Vec<Tried>,
}

impl Discovery {
    /// Add another search's results.
    pub fn extend(&mut self, other: Discovery) {
        self.found.extend(other.found);
        self.tried.extend(other.tried);
    }

    /// The places that were looked at: those that held nothing, and files of a client
    /// whose format is not read yet.
    pub fn looked_at(&self) -> Vec<Tried> {
        self.tried
            .iter()
            .filter(|t| matches!(t.status, Status::NotFound | Status::Skipped(Skip::NotReadYet)))
            .cloned()
            .collect()
    }

    /// Set aside the files found for clients that `known` says are not read (a dialect not
    /// built yet): they stay in `tried`, skipped with [`Skip::NotReadYet`].
    pub fn keep_known(&mut self, known: impl Fn(&str) -> bool) {
        let unknown = |input: &Input| input.place.is_some_and(|p| !known(p.dialect));
        self.found.retain(|input| !unknown(input));
        for t in &mut self.tried {
            if t.status == Status::Found && !known(t.place.dialect) {
                t.status = Status::Skipped(Skip::NotReadYet);
            }
        }
    }
}

/// Join `relative` onto `root`, without a leading `./` when the root is the current directory.
pub fn join(root: &Path, relative: &str) -> PathBuf {
    let mut path =
        if root == Path::new(".") || root.as_os_str().is_empty() { PathBuf::new() } else { root.to_path_buf() };
    for part in relative.split('/').filter(|p| !p.is_empty()) {
        path.push(part);
    }
    path
}

/// An absolute `/`-separated path of the matrix, under `system_root` when given:
/// `/etc/codex/config.toml` becomes `<root>/etc/codex/config.toml`, `C:/ProgramData/x`
/// becomes `<root>/C/ProgramData/x`.
pub fn system_path(system_root: Option<&Path>, absolute: &str) -> PathBuf {
    match system_root {
        None => match absolute.split_once(":/") {
            Some((drive, rest)) if drive.len() == 1 => {
                join(Path::new(&format!("{drive}:{}", std::path::MAIN_SEPARATOR)), rest)
            }
            _ => join(Path::new(std::path::MAIN_SEPARATOR_STR), absolute),
        },
        Some(root) => {
            let relative = absolute.trim_start_matches('/');
            let relative = match relative.split_once(":/") {
                Some((drive, rest)) if drive.len() == 1 => format!("{drive}/{rest}"),
                _ => relative.to_owned(),
            };
            join(root, &relative)
        }
    }
}

/// Claude Code's managed directory on `os` (under `system_root` when given).
pub fn default_managed_dir(os: Os, system_root: Option<&Path>) -> PathBuf {
    system_path(system_root, matrix::claude_code_managed_dir(os))
}

/// What one anchor resolves to on a machine.
enum Resolved {
    Path(PathBuf),
    Unset(&'static str),
    NoHome,
}

impl Machine<'_> {
    fn var(&self, name: &str) -> Option<&str> {
        self.env.get(name).filter(|v| !v.is_empty())
    }

    /// An absolute `/`-separated path of the matrix on this machine (under `system_root`).
    pub fn system_path(&self, absolute: &str) -> PathBuf {
        system_path(self.system_root.as_deref(), absolute)
    }

    /// Claude Code's managed directory: `--managed`, else the OS's under `system_root`.
    pub fn managed_dir(&self) -> PathBuf {
        self.managed.clone().unwrap_or_else(|| default_managed_dir(self.os, self.system_root.as_deref()))
    }

    fn resolve(&self, anchor: Anchor) -> Resolved {
        match anchor {
            Anchor::Project(rel) => Resolved::Path(join(&self.project, rel)),
            Anchor::Home(rel) => match &self.home {
                Some(home) => Resolved::Path(join(home, rel)),
                None => Resolved::NoHome,
            },
            Anchor::Env(var, rel) => match self.var(var) {
                Some(dir) => Resolved::Path(join(Path::new(dir), rel)),
                None => Resolved::Unset(var),
            },
            Anchor::EnvFile(var) => match self.var(var) {
                Some(file) => Resolved::Path(PathBuf::from(file)),
                None => Resolved::Unset(var),
            },
            Anchor::EnvSibling(var, name) => match self.var(var) {
                Some(file) => {
                    Resolved::Path(Path::new(file).parent().map_or_else(|| PathBuf::from(name), |dir| join(dir, name)))
                }
                None => Resolved::Unset(var),
            },
            Anchor::System(absolute) => Resolved::Path(self.system_path(absolute)),
            Anchor::Managed(rel) => Resolved::Path(join(&self.managed_dir(), rel)),
        }
    }
}

/// Search every place of the matrix on `machine`: the scopes in `scopes` are looked at, the
/// others recorded as skipped.
pub fn search(machine: &Machine<'_>, scopes: Scopes) -> Discovery {
    let mut out = Discovery::default();
    for scope in Scope::ORDER {
        for place in PLACES.iter().filter(|p| p.scope == scope) {
            visit(&mut out, machine, place, scopes.includes(scope));
        }
    }
    out
}

/// The project files of every client in `dir` (a directory named on the command line).
pub fn project_files(dir: &Path) -> Discovery {
    let env = Environment::empty();
    let machine = Machine {
        os: Os::current(),
        project: dir.to_path_buf(),
        home: None,
        managed: None,
        system_root: None,
        env: &env,
    };
    let mut out = Discovery::default();
    for place in PLACES.iter().filter(|p| p.scope == Scope::Project && p.os.contains(&machine.os)) {
        visit(&mut out, &machine, place, true);
    }
    out
}

fn visit(out: &mut Discovery, machine: &Machine<'_>, place: &'static Place, searched: bool) {
    if !place.os.contains(&machine.os) {
        // Written as the client's first real-looking path there (`%APPDATA%\…`, `/Library/…`).
        let shown = place.at.iter().find(|a| !matches!(a, Anchor::EnvFile(_) | Anchor::EnvSibling(..)));
        let path = PathBuf::from(shown.unwrap_or(&place.at[0]).template(place.os[0]));
        out.tried.push(Tried {
            place,
            path: with_drop_in(place, path),
            status: Status::Skipped(Skip::OtherOs(place.os)),
        });
        return;
    }
    // The anchors in the client's order: the first that resolves is where the client looks.
    let mut chosen: Option<(PathBuf, Anchor)> = None;
    let mut before = Vec::new();
    let mut after = Vec::new();
    for &anchor in place.at {
        match (machine.resolve(anchor), &chosen) {
            (Resolved::Path(path), None) => chosen = Some((path, anchor)),
            (Resolved::Path(path), Some((_, by))) => after.push((path, Skip::Overridden(by.var().unwrap_or("")))),
            (Resolved::Unset(var), None) => before.push((PathBuf::from(anchor.template(machine.os)), Skip::Unset(var))),
            (Resolved::NoHome, None) => before.push((PathBuf::from(anchor.template(machine.os)), Skip::NoHome)),
            (Resolved::Unset(_) | Resolved::NoHome, Some(_)) => {}
        }
    }
    if !searched {
        // Where the client would look, else its default written as a template.
        let path = match chosen {
            Some((path, _)) => path,
            None => PathBuf::from(place.at[place.at.len() - 1].template(machine.os)),
        };
        let status = Status::Skipped(Skip::OutsideSearch(place.scope));
        out.tried.push(Tried { place, path: with_drop_in(place, path), status });
        return;
    }
    let Some((path, _)) = chosen else {
        // Nothing resolves (no home, no variable): the reasons are the story.
        for (path, skip) in before {
            out.tried.push(Tried { place, path, status: Status::Skipped(skip) });
        }
        return;
    };
    for (path, skip) in before {
        out.tried.push(Tried { place, path, status: Status::Skipped(skip) });
    }
    let earlier = out
        .tried
        .iter()
        .find(|t| matches!(t.status, Status::Found | Status::NotFound) && t.path == path && !place.drop_in)
        .map(|t| t.place.dialect);
    if let Some(dialect) = earlier {
        out.tried.push(Tried { place, path, status: Status::Skipped(Skip::SameFile(dialect)) });
    } else if place.drop_in {
        let files = drop_in_files(&path);
        let status = if files.is_empty() { Status::NotFound } else { Status::Found };
        out.found.extend(files.into_iter().map(|path| found(path, place)));
        out.tried.push(Tried { place, path: with_drop_in(place, path), status });
    } else {
        let status = match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => Status::Found,
            Ok(_) => Status::Skipped(Skip::NotAFile),
            Err(_) => Status::NotFound,
        };
        if status == Status::Found {
            out.found.push(found(path.clone(), place));
        }
        out.tried.push(Tried { place, path, status });
    }
    for (path, skip) in after {
        out.tried.push(Tried { place, path, status: Status::Skipped(skip) });
    }
}

/// A drop-in directory is shown as the files it holds (`managed-settings.d/*.json`).
fn with_drop_in(place: &Place, path: PathBuf) -> PathBuf {
    if place.drop_in { path.join("*.json") } else { path }
}

fn found(path: PathBuf, place: &'static Place) -> Input {
    let origin = match place.scope {
        Scope::Project => Origin::Project,
        Scope::User => Origin::Home,
        Scope::Managed => Origin::Managed,
        Scope::System => Origin::System,
    };
    Input { path, origin, place: Some(place) }
}

/// The `*.json` files of a drop-in directory, sorted by name (as the client merges them).
fn drop_in_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .collect();
    files.sort();
    files
}

/// Every place of a search for people, grouped by dialect in matrix order: status, scope,
/// path and, for a skipped place, why.
pub fn explain(tried: &[Tried], os: Os) -> String {
    if tried.is_empty() {
        return "mcpcheck looked nowhere: only files were named (a search runs with no PATH, a directory PATH, --all, --home or --managed)\n".to_owned();
    }
    let mut out =
        format!("Where mcpcheck looked ({} layout; each client's places in the order it reads them):\n", os.name());
    let mut dialects: Vec<&str> = Vec::new();
    for place in PLACES {
        if !dialects.contains(&place.dialect) {
            dialects.push(place.dialect);
        }
    }
    for dialect in dialects {
        let rows: Vec<&Tried> = tried.iter().filter(|t| t.place.dialect == dialect).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{dialect} ({})", matrix::client(dialect));
        for t in rows {
            let status = match t.status {
                Status::Found => "found",
                Status::NotFound => "not found",
                Status::Skipped(_) => "skipped",
            };
            let _ = write!(out, "  {status:<9}  {:<7}  {}", t.place.scope.as_str(), t.path.display());
            if let Status::Skipped(skip) = t.status {
                let _ = write!(out, ": {}", skip.describe());
            }
            out.push('\n');
        }
    }
    out
}

/// The places looked at, grouped by client, one path per line (for "nothing to check").
pub fn looked_at_by_client(tried: &[Tried]) -> String {
    let mut clients: Vec<&str> = Vec::new();
    for t in tried {
        let client = matrix::client(t.place.dialect);
        if !clients.contains(&client) {
            clients.push(client);
        }
    }
    let mut out = String::new();
    for client in clients {
        let _ = writeln!(out, "  {client}:");
        let mut seen: Vec<&Path> = Vec::new();
        for t in tried.iter().filter(|t| matrix::client(t.place.dialect) == client) {
            if !seen.contains(&t.path.as_path()) {
                seen.push(&t.path);
                let _ = write!(out, "    {}", t.path.display());
                if let Status::Skipped(skip) = t.status {
                    let _ = write!(out, " ({})", skip.describe());
                }
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_found_and_tried() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".mcp.json"), "{}").unwrap();
        let d = project_files(dir.path());
        let place = PLACES.iter().find(|p| p.dialect == "claude-code" && p.scope == Scope::Project).unwrap();
        assert_eq!(
            d.found,
            vec![Input { path: dir.path().join(".mcp.json"), origin: Origin::Project, place: Some(place) }]
        );
        assert!(d.tried.iter().any(|t| t.path == dir.path().join("mcp_settings.json") && t.status == Status::NotFound));
        // VS Code's portable `.mcp.json` is Claude Code's file: looked at once.
        let same = d.tried.iter().find(|t| t.place.dialect == "vscode" && t.path == dir.path().join(".mcp.json"));
        assert_eq!(same.unwrap().status, Status::Skipped(Skip::SameFile("claude-code")));
        assert_eq!(join(Path::new("."), ".mcp.json"), PathBuf::from(".mcp.json"));
        assert_eq!(
            join(Path::new("/r"), ".claude/settings.json"),
            Path::new("/r").join(".claude").join("settings.json")
        );
    }

    #[test]
    fn system_paths_move_under_the_system_root() {
        let env = Environment::empty();
        let mut m = Machine {
            os: Os::Windows,
            project: PathBuf::from("."),
            home: None,
            managed: None,
            system_root: None,
            env: &env,
        };
        assert_eq!(m.system_path("/etc/codex/config.toml"), PathBuf::from("/etc/codex/config.toml"));
        m.system_root = Some(PathBuf::from("/fake"));
        assert_eq!(
            m.system_path("/etc/codex/config.toml"),
            Path::new("/fake").join("etc").join("codex").join("config.toml")
        );
        assert_eq!(
            m.system_path("C:/ProgramData/x.json"),
            Path::new("/fake").join("C").join("ProgramData").join("x.json")
        );
        assert_eq!(m.managed_dir(), Path::new("/fake").join("C").join("Program Files").join("ClaudeCode"));
        m.managed = Some(PathBuf::from("/m"));
        assert_eq!(m.managed_dir(), PathBuf::from("/m"));
    }
}
