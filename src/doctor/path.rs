//! Finding a program the way `execvp` does: a name without a slash is looked up in each `PATH`
//! directory in order, the first executable regular file wins; a path is taken as it is. Also
//! the `PATH` a desktop-launched client starts servers with, which lacks what shell profiles add.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What looking up a program found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LookupStatus {
    /// An executable regular file.
    #[default]
    Found,
    /// Nothing of that name.
    NotFound,
    /// A file of that name exists but may not be executed (no `x` bit).
    NotExecutable,
    /// The path names a directory (or another non-file).
    NotAFile,
}

/// The result of one lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// What was found.
    pub status: LookupStatus,
    /// The file found (also for `NotExecutable` and `NotAFile`: what is there instead).
    pub path: Option<PathBuf>,
    /// The `PATH` directories searched, each once, in order (empty for a path).
    pub searched: Vec<PathBuf>,
}

/// Whether `program` is looked up on `PATH` (it has no path separator).
pub fn is_bare_name(program: &str) -> bool {
    let separator = program.contains('/') || (cfg!(windows) && program.contains('\\'));
    !separator
}

/// The directories of a `PATH` value, each once, empty entries dropped.
pub fn split_path(path: &OsStr) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    std::env::split_paths(path).filter(|dir| !dir.as_os_str().is_empty() && seen.insert(dir.clone())).collect()
}

/// Look `program` up: on `dirs` when it is a bare name, else as a path relative to `base`.
pub fn lookup(program: &str, dirs: &[PathBuf], base: &Path) -> Lookup {
    if !is_bare_name(program) {
        let path = if Path::new(program).is_absolute() { PathBuf::from(program) } else { base.join(program) };
        let status = classify(&path);
        let path = (status != LookupStatus::NotFound).then_some(path);
        return Lookup { status, path, searched: Vec::new() };
    }
    // execvp: the first executable file wins; a non-executable one found earlier is reported
    // only when nothing executable follows (EACCES).
    let mut denied: Option<(LookupStatus, PathBuf)> = None;
    for dir in dirs {
        for candidate in candidates(dir, program) {
            match classify(&candidate) {
                LookupStatus::Found => {
                    return Lookup { status: LookupStatus::Found, path: Some(candidate), searched: dirs.to_vec() };
                }
                LookupStatus::NotExecutable if denied.is_none() => {
                    denied = Some((LookupStatus::NotExecutable, candidate));
                }
                _ => {}
            }
        }
    }
    match denied {
        Some((status, path)) => Lookup { status, path: Some(path), searched: dirs.to_vec() },
        None => Lookup { status: LookupStatus::NotFound, path: None, searched: dirs.to_vec() },
    }
}

/// The file names tried in one directory (on Windows with the executable extensions).
fn candidates(dir: &Path, program: &str) -> Vec<PathBuf> {
    if cfg!(windows) && Path::new(program).extension().is_none() {
        [".exe", ".cmd", ".bat", ".com"].iter().map(|ext| dir.join(format!("{program}{ext}"))).collect()
    } else {
        vec![dir.join(program)]
    }
}

fn classify(path: &Path) -> LookupStatus {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => LookupStatus::NotAFile,
        Ok(meta) if is_executable(&meta) => LookupStatus::Found,
        Ok(_) => LookupStatus::NotExecutable,
        Err(_) => LookupStatus::NotFound,
    }
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &std::fs::Metadata) -> bool {
    true
}

/// The `PATH` a desktop application gets from the operating system when it is launched from
/// the Dock, a launcher or a file manager, before any shell profile runs. macOS: what
/// `launchd` gives GUI applications, `/usr/bin:/bin:/usr/sbin:/sbin`; Homebrew's
/// `/opt/homebrew/bin` is not in it (Homebrew adds it through the `brew shellenv` line it asks
/// you to put in your shell profile), so it is not added here. Linux: the usual default of a
/// user session (`/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`); display
/// managers may add what `~/.profile` sets, but not what `~/.bashrc` sets (where nvm installs
/// itself). `None` where it is not modelled (Windows, where GUI applications get the user's
/// `PATH` from the registry).
pub fn desktop_path() -> Option<Vec<PathBuf>> {
    let dirs: &[&str] = if cfg!(target_os = "macos") {
        &["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
    } else if cfg!(unix) {
        &["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
    } else {
        return None;
    };
    Some(dirs.iter().map(PathBuf::from).collect())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn write(path: &Path, mode: u32) {
        std::fs::write(path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn finds_the_first_executable_and_reports_the_search() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        write(&a.join("tool"), 0o644);
        write(&b.join("tool"), 0o755);
        let path = std::env::join_paths([&a, &b, &a, &PathBuf::new()]).unwrap();
        let dirs = split_path(&path);
        assert_eq!(dirs, [a.clone(), b.clone()], "duplicates and empty entries dropped");
        let found = lookup("tool", &dirs, tmp.path());
        assert_eq!(found.status, LookupStatus::Found);
        assert_eq!(found.path, Some(b.join("tool")), "the non-executable one in `a` is skipped");
        assert_eq!(found.searched, dirs);

        let only_a = lookup("tool", std::slice::from_ref(&a), tmp.path());
        assert_eq!(only_a.status, LookupStatus::NotExecutable);
        assert_eq!(only_a.path, Some(a.join("tool")));

        let missing = lookup("nope", &dirs, tmp.path());
        assert_eq!((missing.status, missing.path), (LookupStatus::NotFound, None));
    }

    #[test]
    fn paths_are_taken_as_written() {
        let tmp = tempfile::tempdir().unwrap();
        write(&tmp.path().join("run"), 0o755);
        write(&tmp.path().join("plain"), 0o600);
        assert_eq!(lookup("./run", &[], tmp.path()).status, LookupStatus::Found);
        assert_eq!(lookup("./plain", &[], tmp.path()).status, LookupStatus::NotExecutable);
        std::fs::create_dir(tmp.path().join("sub")).unwrap();
        assert_eq!(lookup("./sub", &[], tmp.path()).status, LookupStatus::NotAFile);
        let abs = tmp.path().join("gone");
        let missing = lookup(abs.to_str().unwrap(), &[], Path::new("/"));
        assert_eq!((missing.status, missing.searched.len()), (LookupStatus::NotFound, 0));
    }
}
