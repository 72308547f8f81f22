//! `mcpcheck doctor`: everything about this machine's MCP set-up in one report — every client's
//! files in every scope, what each client will really run, the environment each server needs
//! (its command on `PATH`, runtimes, files, variables, the network layers to a remote server),
//! the probe, and findings with the next step for each problem. See issue 7 and DESIGN.md §2.

pub mod context;
pub mod facts;
pub mod network;
pub mod path;
pub mod record;
pub mod runtime;
