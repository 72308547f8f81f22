//! Human output (placeholder until the miette renderer lands).

use std::io::{self, Write};

use super::{RenderOptions, Report};

/// Render findings for people.
pub fn render(report: &Report, _options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    for f in report.findings() {
        writeln!(out, "{}:{}:{}: {}[{}] {}", f.primary.path.display(), f.primary.start.line, f.primary.start.column, f.severity.as_str(), f.rule.id, f.message)?;
    }
    Ok(())
}
