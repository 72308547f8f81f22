//! Resolution: what a client will actually run. Variable substitution with provenance
//! ([`env`]) and, later in this module, scope layering and policies.

pub mod env;
pub mod layering;
pub mod server;
pub mod view;
