//! Probe: start or connect to an MCP server and talk to it, to see what it really offers.
//!
//! - Wire: a JSON-RPC codec ([`jsonrpc`]); a child process in its own process group with
//!   bounded reads ([`process`]); streamable HTTP with the spec's fallback to legacy HTTP+SSE
//!   ([`http`], [`sse`]) and OAuth discovery on 401 ([`auth`]).
//! - Lifecycle: both protocol eras over one line transport ([`session`]): `server/discover`
//!   first, the `initialize` handshake as the fallback; `tools/list` with bounded pagination.
//! - From config to probe: [`plan`] resolves an entry as its client would and knows what must be
//!   masked; [`target`] dispatches stdio or remote; [`runner`] asks the consent [`runner::Gate`]
//!   and probes in parallel; [`record`] is what a run reports per server; [`context`] is what
//!   probe rules see; [`lock`] is `mcpcheck.lock`.
//!
//! Outcomes are plain data; the pipeline redacts them and the probe rules turn them into
//! findings. See DESIGN.md §4, §5 and §7.

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
