//! The probe results of a run: a status table for people, like Claude Code's `/mcp` (status,
//! server, client, transport, protocol version, tools, time), and the `probes` array of the
//! JSON document with everything, the tool list included. Everything here comes from
//! [`ProbeRecord`]s, which hold only redacted text.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::probe::record::{ProbeRecord, ProbeStatus};
use crate::probe::session::ProbeOutcome;

/// Write the status table (nothing when no server was considered).
pub fn table(records: &[ProbeRecord], out: &mut dyn Write) -> io::Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let rows: Vec<[String; 7]> = records.iter().map(row).collect();
    let header = ["status", "server", "client", "transport", "protocol", "tools", "time"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            let pad = width - cell.chars().count();
            // Counts and times read best right-aligned.
            if i >= 5 {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
            text.push_str("  ");
        }
        text.trim_end().to_owned()
    };
    writeln!(out, "{}", line(&header.map(str::to_owned)))?;
    for (record, row) in records.iter().zip(&rows) {
        writeln!(out, "{}", line(row))?;
        if let Some(detail) = detail(record) {
            writeln!(out, "    {detail}")?;
        }
    }
    let connected = records.iter().filter(|r| r.status == ProbeStatus::Connected).count();
    let failed = records.iter().filter(|r| r.status == ProbeStatus::Failed).count();
    let skipped = records.len() - connected - failed;
    writeln!(
        out,
        "{} server{}: {connected} connected, {failed} failed, {skipped} not probed\n",
        records.len(),
        if records.len() == 1 { "" } else { "s" }
    )
}

fn row(record: &ProbeRecord) -> [String; 7] {
    let outcome = record.outcome.as_ref();
    let status = match record.status {
        ProbeStatus::Connected => "✔ connected",
        ProbeStatus::Failed => "✘ failed",
        ProbeStatus::NoConsent | ProbeStatus::NotProbed(_) => "- not probed",
    };
    let transport = match outcome.and_then(|o| o.remote_transport) {
        Some(used) if used.name() != record.transport => format!("{} → {}", record.transport, used.name()),
        _ => record.transport.to_owned(),
    };
    let protocol = outcome.and_then(|o| o.protocol_version.clone()).unwrap_or_else(|| "-".to_owned());
    let tools = match outcome {
        Some(o) if o.error.is_none() || !o.tools.is_empty() => o.tools.len().to_string(),
        _ => "-".to_owned(),
    };
    let time = outcome.map_or_else(|| "-".to_owned(), |o| format!("{:.1}s", o.elapsed.as_secs_f64()));
    [status.to_owned(), record.server.clone(), record.client.to_owned(), transport, protocol, tools, time]
}

/// The line under a row: why it failed or was not probed.
fn detail(record: &ProbeRecord) -> Option<String> {
    match &record.status {
        ProbeStatus::NoConsent | ProbeStatus::NotProbed(_) => record.status.reason().map(str::to_owned),
        ProbeStatus::Failed => record.outcome.as_ref()?.error.as_ref().map(|e| e.message.clone()),
        ProbeStatus::Connected => None,
    }
}

/// One server in the JSON document's `probes` array.
#[derive(Debug, Serialize)]
pub(crate) struct Probe<'a> {
    server: &'a str,
    client: &'a str,
    dialect: &'a str,
    file: Cow<'a, str>,
    line: usize,
    transport: &'a str,
    /// The command line or URL as written, secrets masked.
    command: &'a str,
    /// `connected`, `failed` or `not-probed`.
    status: &'a str,
    /// Why it was not probed.
    reason: Option<&'a str>,
    /// What probing found (redacted), with every tool as the server sent it.
    outcome: Option<&'a ProbeOutcome>,
}

impl<'a> Probe<'a> {
    pub(crate) fn new(record: &'a ProbeRecord) -> Self {
        Self {
            server: &record.server,
            client: record.client,
            dialect: record.dialect,
            file: record.file.to_string_lossy(),
            line: record.line,
            transport: record.transport,
            command: &record.display,
            status: record.status.as_str(),
            reason: record.status.reason(),
            outcome: record.outcome.as_ref(),
        }
    }
}
