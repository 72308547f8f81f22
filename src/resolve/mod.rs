//! Resolution: what a client will actually run. Variable substitution with provenance
//! ([`env`]), scope layering ([`layering`]; Gemini CLI's in [`gemini`]) and the allow/deny and
//! approval policy ([`policy`]).

pub mod env;
pub mod gemini;
pub mod layering;
pub mod policy;
pub mod server;
pub mod view;
