//! Probe: start an MCP server and talk to it, to see what it really offers.
//!
//! This is the library layer only: a JSON-RPC codec ([`jsonrpc`]), a child process in its own
//! process group with bounded reads ([`process`]), and the legacy-era lifecycle over a line
//! transport ([`session`]); the remote transports over that same interface: streamable HTTP
//! with the fallback to legacy HTTP+SSE ([`http`], [`sse`]) and OAuth discovery on 401
//! ([`auth`]). The outcome is plain data; turning it into findings and redacting
//! what it carries (the stderr tail above all) is the caller's job. See DESIGN.md §4, §5 and §7.

pub mod auth;
pub mod context;
pub mod http;
pub mod jsonrpc;
pub mod lock;
pub mod plan;
pub mod process;
pub mod record;
pub mod runner;
pub mod session;
pub mod sse;
pub mod target;
