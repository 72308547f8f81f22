//! mcpcheck: validate and lint MCP (Model Context Protocol) client settings files.
//!
//! The pipeline runs one way: read → parse (spans) → dialect → validate + rules → report.
//! `pipeline` is the only module that knows the order; see DESIGN.md §3.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod dialect;
pub mod discover;
pub mod doctor;
pub mod finding;
pub mod launch;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod pointer;
pub mod policy;
pub mod probe;
pub mod redact;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod secrets;
pub mod source;
pub mod suppress;
pub mod validate;
