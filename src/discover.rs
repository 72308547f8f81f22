//! Where to look: the known project and user files of every dialect, relative to a project
//! root and a home directory. Lists every path it tries so that "nothing found" always comes
//! with the places looked at. Reads only directory entries, never file contents.

use std::path::{Path, PathBuf};

use crate::dialect::Origin;

/// A file to check and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// Where it was found (decides its scope where its name does not).
    pub origin: Origin,
}

/// What a search found and everything it tried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Files that exist, in dialect order.
    pub found: Vec<Input>,
    /// Every path looked at, found or not.
    pub tried: Vec<PathBuf>,
}

impl Discovery {
    /// Add another search's results.
    pub fn extend(&mut self, other: Discovery) {
        self.found.extend(other.found);
        self.tried.extend(other.tried);
    }
}

/// Join `relative` onto `root`, without a leading `./` when the root is the current directory.
pub fn join(root: &Path, relative: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() { PathBuf::from(relative) } else { root.join(relative) }
}

/// Where one dialect's files sit, relative to a project root, a home directory and a managed
/// (administrator) directory.
struct Places {
    /// The dialect id (checked by a test; discovery by client reads it).
    #[cfg_attr(not(test), allow(dead_code))]
    dialect: &'static str,
    project: &'static [&'static str],
    user: &'static [&'static str],
    managed: &'static [&'static str],
    /// Drop-in directories (relative to the managed directory) whose `*.json` files are read.
    managed_drop_in: &'static [&'static str],
}

/// Every dialect's places, in the order files are reported.
const PLACES: &[Places] = &[
    Places {
        dialect: "claude-code",
        project: &[".mcp.json"],
        user: &[".claude.json"],
        managed: &["managed-mcp.json"],
        managed_drop_in: &[],
    },
    Places {
        dialect: "claude-code-settings",
        project: &[".claude/settings.json", ".claude/settings.local.json"],
        user: &[".claude/settings.json"],
        managed: &["managed-settings.json"],
        managed_drop_in: &["managed-settings.d"],
    },
    Places {
        dialect: "mcp-settings",
        project: &["mcp_settings.json", ".claude/mcp_settings.json"],
        user: &[".claude/mcp_settings.json"],
        managed: &[],
        managed_drop_in: &[],
    },
];

fn search(root: &Path, origin: Origin, relatives: impl Iterator<Item = &'static str>) -> Discovery {
    let mut out = Discovery::default();
    for relative in relatives {
        let path = join(root, relative);
        if out.tried.contains(&path) {
            continue;
        }
        if path.is_file() {
            out.found.push(Input { path: path.clone(), origin });
        }
        out.tried.push(path);
    }
    out
}

/// The project files of every dialect under a project root.
pub fn project_files(root: &Path) -> Discovery {
    search(root, Origin::Project, PLACES.iter().flat_map(|p| p.project.iter().copied()))
}

/// The user files of every dialect under a home directory.
pub fn user_files(home: &Path) -> Discovery {
    search(home, Origin::Home, PLACES.iter().flat_map(|p| p.user.iter().copied()))
}

/// The managed (administrator) files of every dialect in a managed directory, including the
/// drop-in `*.json` files of any `<name>.d/` directory a dialect lists (sorted by name, as
/// the client merges them).
pub fn managed_files(dir: &Path) -> Discovery {
    let mut out = search(dir, Origin::Managed, PLACES.iter().flat_map(|p| p.managed.iter().copied()));
    for drop_in in PLACES.iter().flat_map(|p| p.managed_drop_in.iter()) {
        let folder = join(dir, drop_in);
        out.tried.push(folder.join("*.json"));
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
            .collect();
        files.sort();
        out.found.extend(files.into_iter().map(|path| Input { path, origin: Origin::Managed }));
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
        assert_eq!(d.found, vec![Input { path: dir.path().join(".mcp.json"), origin: Origin::Project }]);
        assert!(d.tried.contains(&dir.path().join("mcp_settings.json")));
        assert!(d.tried.len() >= 3);
        for places in PLACES {
            assert!(crate::dialect::by_id(places.dialect).is_some(), "{}", places.dialect);
        }
        assert_eq!(join(Path::new("."), ".mcp.json"), PathBuf::from(".mcp.json"));
    }
}
