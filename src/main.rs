//! The `mcpcheck` binary: everything real lives in the library.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(mcpcheck::cli::main())
}
