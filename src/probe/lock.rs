//! `mcpcheck.lock`: each probed server's tool surface, hashed, committed next to the config so
//! that a changed tool (a "rug pull") shows up as a finding and in the pull request's diff.

/// The lock file's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lockfile {}
