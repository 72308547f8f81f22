//! `mcpcheck doctor`'s human report: the clients and their files on this machine, what each
//! client will run, what the machine offers each server, the probe table, then the findings.
//! The JSON form is the check document with `machine`, `probes` and `config` (see `json.rs`).

use std::io::{self, Write};
use std::path::Path;

use crate::discover::{Status, Tried, matrix};
use crate::pipeline::{CheckOutcome, ConfigOutcome};
use crate::report::{self, RenderOptions};

/// Render the whole doctor report for people: [`human_static`], then [`human_probe`].
pub fn human(
    outcome: &CheckOutcome,
    config: &ConfigOutcome,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    human_static(outcome, config, out)?;
    human_probe(outcome, options, out)
}

/// What is known before probing: the clients and files, what each client runs, and what this
/// machine offers each server. Printed at once, before the probes start.
pub fn human_static(outcome: &CheckOutcome, config: &ConfigOutcome, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "== Clients and files")?;
    clients(&outcome.discovery, &outcome.report, out)?;
    writeln!(out)?;
    writeln!(out, "== What each client runs")?;
    if config.view.clients.is_empty() {
        writeln!(out, "No client loads any server.")?;
    }
    for client in &config.view.clients {
        let project = client.project.as_deref().map(|p| format!(" (project {p})")).unwrap_or_default();
        writeln!(out, "{}{project}:", client.client)?;
        for server in &client.servers {
            let what = server.command.clone().or_else(|| server.url.clone()).unwrap_or_default();
            let args = if server.args.is_empty() { String::new() } else { format!(" {}", server.args.join(" ")) };
            writeln!(
                out,
                "  {}  [{}, {}]  {what}{args}  ({}:{})",
                server.name, server.transport, server.origin.scope, server.origin.file, server.origin.line
            )?;
        }
        for entry in &client.not_loaded {
            writeln!(out, "  {}  not loaded: {}", entry.name, entry.reason)?;
        }
    }
    if !outcome.report.machine.is_empty() {
        writeln!(out)?;
        writeln!(out, "== This machine, per server")?;
        for record in &outcome.report.machine {
            writeln!(out, "{} / {}:", record.client, record.server)?;
            let lines = record.facts.lines();
            if lines.is_empty() {
                writeln!(out, "  nothing to check")?;
            }
            for line in lines {
                writeln!(out, "  {line}")?;
            }
        }
    }
    Ok(())
}

/// The probe's status table and the tools per server (when anything was probed), then every
/// finding.
pub fn human_probe(outcome: &CheckOutcome, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if !outcome.report.probes.is_empty() {
        writeln!(out)?;
        writeln!(out, "== Probe")?;
        report::probes::table(&outcome.report.probes, out)?;
        tools(&outcome.report.probes, out)?;
    }
    writeln!(out, "== Findings")?;
    // The probe table is above, with the tools; the rest is the check report.
    let findings = report::Report { probes: Vec::new(), ..outcome.report.clone() };
    report::human::render(&findings, options, out)
}

/// The tools of each server that listed any: the names a client will show.
fn tools(records: &[crate::probe::record::ProbeRecord], out: &mut dyn Write) -> io::Result<()> {
    let mut any = false;
    for record in records {
        let Some(outcome) = &record.outcome else { continue };
        let names: Vec<&str> = outcome.tools.iter().filter_map(|tool| tool.get("name")?.as_str()).collect();
        if names.is_empty() {
            continue;
        }
        if !any {
            writeln!(out, "Tools:")?;
            any = true;
        }
        writeln!(out, "  {} ({}): {}", record.server, names.len(), names.join(", "))?;
    }
    if any {
        writeln!(out)?;
    }
    Ok(())
}

/// Every client with at least one file on this machine, each place it reads with what was
/// there; then the clients with none, on one line.
fn clients(tried: &[Tried], report: &crate::report::Report, out: &mut dyn Write) -> io::Result<()> {
    let mut names: Vec<&str> = Vec::new();
    for t in tried {
        let client = matrix::client(t.place.dialect);
        if !names.contains(&client) {
            names.push(client);
        }
    }
    let (configured, absent): (Vec<&str>, Vec<&str>) = names.into_iter().partition(|client| {
        tried.iter().any(|t| matrix::client(t.place.dialect) == *client && t.status == Status::Found)
    });
    for client in &configured {
        writeln!(out, "{client}:")?;
        let mut seen: Vec<&Path> = Vec::new();
        for t in tried.iter().filter(|t| matrix::client(t.place.dialect) == *client) {
            if seen.contains(&t.path.as_path()) || matches!(t.status, Status::Skipped(_)) {
                continue;
            }
            seen.push(&t.path);
            let status = match t.status {
                Status::Found => file_status(report, &t.path),
                _ => "not found",
            };
            writeln!(out, "  {:<8} {:<10} {}", t.place.scope.as_str(), status, t.path.display())?;
        }
    }
    if configured.is_empty() {
        writeln!(out, "No MCP client has a configuration file here.")?;
    }
    if !absent.is_empty() {
        writeln!(out, "No configuration for: {}", absent.join(", "))?;
    }
    Ok(())
}

/// `found`, or `invalid` when the file could not be parsed or matched no dialect, or
/// `unreadable` when reading it failed.
fn file_status(report: &crate::report::Report, path: &Path) -> &'static str {
    if report.errors.iter().any(|e| e.path.as_deref() == Some(path)) {
        return "unreadable";
    }
    match report.files.iter().find(|f| f.source.path == path) {
        Some(file) if file.dialect.is_none() => "invalid",
        _ => "found",
    }
}

/// One server in the JSON document's `machine` array.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Machine<'a> {
    server: &'a str,
    client: &'a str,
    dialect: &'a str,
    file: std::borrow::Cow<'a, str>,
    line: usize,
    scope: &'a str,
    facts: &'a crate::doctor::facts::ServerFacts,
}

impl<'a> Machine<'a> {
    pub(crate) fn new(record: &'a crate::doctor::record::MachineRecord) -> Self {
        Self {
            server: &record.server,
            client: record.client,
            dialect: record.dialect,
            file: record.file.to_string_lossy(),
            line: record.line,
            scope: record.scope,
            facts: &record.facts,
        }
    }
}
