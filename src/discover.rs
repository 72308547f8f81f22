//! Where to look: the known project and user files of every dialect, relative to a project
//! root and a home directory. Lists every path it tries so that "nothing found" always comes
//! with the places looked at. Reads only directory entries, never file contents.

use std::path::{Path, PathBuf};

use crate::dialect;

/// What a search found and everything it tried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Files that exist, in dialect order.
    pub found: Vec<PathBuf>,
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

fn search(root: &Path, relatives: impl Iterator<Item = &'static str>) -> Discovery {
    let mut out = Discovery::default();
    for relative in relatives {
        let path = join(root, relative);
        if out.tried.contains(&path) {
            continue;
        }
        if path.is_file() {
            out.found.push(path.clone());
        }
        out.tried.push(path);
    }
    out
}

/// The project files of every dialect under a project root.
pub fn project_files(root: &Path) -> Discovery {
    search(root, dialect::ALL.iter().rev().flat_map(|d| d.project_files.iter().copied()))
}

/// The user files of every dialect under a home directory.
pub fn user_files(home: &Path) -> Discovery {
    search(home, dialect::ALL.iter().rev().flat_map(|d| d.user_files.iter().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_found_and_tried() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".mcp.json"), "{}").unwrap();
        let d = project_files(dir.path());
        assert_eq!(d.found, vec![dir.path().join(".mcp.json")]);
        assert!(d.tried.contains(&dir.path().join("mcp_settings.json")));
        assert!(d.tried.len() >= 3);
        assert_eq!(join(Path::new("."), ".mcp.json"), PathBuf::from(".mcp.json"));
    }
}
