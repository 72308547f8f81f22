//! JSON output (placeholder until the versioned wire format lands).

use std::io::{self, Write};

use super::{RenderOptions, Report};

/// Render the report as JSON.
pub fn render(report: &Report, _options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{{\"version\": 1, \"findings\": {}}}", report.findings().count())
}
