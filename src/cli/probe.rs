//! `mcpcheck probe`: check, then start or connect to each server the clients would use, list
//! its tools and report what went wrong. Also the consent prompt (probing runs commands taken
//! from config files), live progress on a terminal, and `--url` for one remote endpoint.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use super::{CheckArgs, exit};
use crate::pipeline::{self, ProbeRequest};
use crate::probe::lock::{LockError, Lockfile};
use crate::probe::record::ProbeRecord;
use crate::probe::runner::{Candidate, Gate, LiveProber, Trusted};
use crate::probe::session::{ProbeOptions, ProbeOutcome};
use crate::source::SourceFile;

/// The file name `--url` gives the server it describes in reports.
const URL_SOURCE: &str = "(--url)";

/// The flags `probe` and `doctor` share: consent and limits.
#[derive(Debug, Args)]
pub(super) struct ProbeFlags {
    /// Probe every server without asking, even ones that run commands (for CI; review the
    /// config first: probing runs what it says)
    #[arg(long, help_heading = "Probe")]
    yes: bool,
    /// Probe this server without asking (repeatable); without a terminal, only servers named
    /// here (or with --yes) that run a command or send secrets are probed
    #[arg(long, value_name = "NAME", help_heading = "Probe")]
    trust: Vec<String>,
    /// How long a server may take to start and answer, per phase (5s, 500ms, 2m, or seconds);
    /// a server's own timeout setting wins where its client has one
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = crate::policy::quantity::parse_duration, help_heading = "Probe")]
    timeout: Duration,
    /// How many servers are probed at once
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256), help_heading = "Probe")]
    concurrency: u16,
}

impl ProbeFlags {
    /// The consent gate: the terminal prompt when there is one (and not `--yes`), else what
    /// `--yes` and `--trust` allow.
    pub(super) fn gate(&self, interactive: bool) -> Box<dyn Gate> {
        let trusted = Trusted { all: self.yes, names: self.trust.clone() };
        if interactive && !self.yes { Box::new(Prompt { trusted }) } else { Box::new(trusted) }
    }

    /// How many servers are probed at once.
    pub(super) fn concurrency(&self) -> usize {
        usize::from(self.concurrency)
    }

    /// Timeouts for every phase.
    pub(super) fn options(&self) -> ProbeOptions {
        ProbeOptions { initialize_timeout: self.timeout, request_timeout: self.timeout, ..ProbeOptions::default() }
    }
}

/// Whether a person can answer questions and watch progress: stdin and stderr are terminals.
pub(super) fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

#[derive(Debug, Args)]
pub(super) struct ProbeArgs {
    #[command(flatten)]
    check: CheckArgs,
    #[command(flatten)]
    flags: ProbeFlags,

    /// Probe only this server (repeatable)
    #[arg(long, value_name = "NAME", help_heading = "Probe")]
    server: Vec<String>,
    /// Probe one remote server at URL instead of the config files (the official conformance
    /// suite passes the URL as the last argument: `mcpcheck probe --yes --url`)
    #[arg(long, value_name = "URL", conflicts_with = "paths", help_heading = "Probe")]
    url: Option<String>,
    /// Record every probed server's tools in the lock file (default `mcpcheck.lock` in the
    /// project root), replacing what it held for them. Without --lock, an existing lock file is
    /// read and every tool added, removed or changed since is reported (`tool-surface-changed`)
    #[arg(long, help_heading = "Probe")]
    lock: bool,
    /// The lock file to read and, with --lock, write
    #[arg(long, value_name = "FILE", help_heading = "Probe")]
    lock_file: Option<PathBuf>,
    /// With --url: the transport [default: streamable HTTP, falling back to legacy SSE as the
    /// spec says]
    #[arg(long, value_enum, requires = "url", help_heading = "Probe")]
    transport: Option<UrlTransport>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum UrlTransport {
    /// Streamable HTTP only.
    Http,
    /// Legacy HTTP+SSE only.
    Sse,
}

pub(super) fn run(args: ProbeArgs) -> u8 {
    let interactive = interactive();
    let sources = match &args.url {
        Some(url) => match url_source(url, args.transport) {
            Ok(source) => vec![(source, crate::dialect::by_id("claude-code").expect("a built-in dialect"))],
            Err(message) => {
                let _ = writeln!(io::stderr(), "mcpcheck: --url {message}");
                return exit::ERROR;
            }
        },
        None => Vec::new(),
    };
    let options = args.flags.options();
    let progress = |record: &ProbeRecord, outcome: Option<&ProbeOutcome>| {
        if interactive {
            progress_line(record, outcome);
        }
    };
    let mut gate = args.flags.gate(interactive);
    let lock_path = args.lock_file.clone().unwrap_or_else(|| {
        args.check.input.project.clone().unwrap_or_else(|| PathBuf::from(".")).join(crate::probe::lock::FILE_NAME)
    });
    let previous = match Lockfile::read(&lock_path) {
        Ok(lock) => Some(lock),
        Err(LockError::Io(error)) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => {
            let _ = writeln!(io::stderr(), "mcpcheck: {}: {error}", lock_path.display());
            return exit::ERROR;
        }
    };
    let prober = LiveProber;
    let request = ProbeRequest {
        gate: gate.as_mut(),
        prober: &prober,
        options,
        concurrency: args.flags.concurrency(),
        only: args.server,
        clients: Vec::new(),
        fallback: args.url.is_some() && args.transport.is_none(),
        // Recording a new lock accepts the tool surfaces as they are now: no findings about
        // changes; what changed is summarised when the lock is written.
        lock: if args.lock { None } else { previous.clone() },
        record_lock: args.lock,
        progress: &progress,
    };
    let lock = args.lock;
    super::run_check(args.check, sources, |options| {
        let outcome = pipeline::probe(options, request);
        if lock && let Some(new) = &outcome.lock {
            write_lock(&lock_path, previous.as_ref(), new);
        }
        outcome
    })
}

/// Write the lock file and say what changed since the previous one.
fn write_lock(path: &std::path::Path, previous: Option<&Lockfile>, new: &Lockfile) {
    let mut stderr = io::stderr().lock();
    if let Err(error) = std::fs::write(path, new.to_string()) {
        let _ = writeln!(stderr, "mcpcheck: cannot write {}: {error}", path.display());
        return;
    }
    let servers: usize = new.servers.values().map(std::collections::BTreeMap::len).sum();
    let tools: usize = new.servers.values().flat_map(|s| s.values()).map(|s| s.tools.len()).sum();
    let _ = writeln!(stderr, "mcpcheck: wrote {} ({servers} servers, {tools} tools)", path.display());
    if let Some(previous) = previous {
        for ((client, server), diff) in previous.diff(new) {
            let mut parts = Vec::new();
            if let Some((old, new)) = &diff.identity {
                parts.push(format!("now {new} (was {old})"));
            }
            for (what, tools) in [("added", &diff.added), ("removed", &diff.removed), ("changed", &diff.changed)] {
                if !tools.is_empty() {
                    let names: Vec<&str> = tools.iter().map(String::as_str).collect();
                    parts.push(format!("{what} {}", crate::finding::quoted_list(&names, "and")));
                }
            }
            let _ = writeln!(stderr, "  {client} `{server}`: {}", parts.join("; "));
        }
    }
}

/// A one-server Claude Code config for `--url`, as `claude mcp add --transport http` writes it.
fn url_source(url: &str, transport: Option<UrlTransport>) -> Result<SourceFile, String> {
    let host = url.split_once("://").map(|(_, rest)| rest).ok_or("must be an http:// or https:// URL")?;
    let host = host.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let name: String =
        host.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    let name = if name.is_empty() { "server".to_owned() } else { name };
    let kind = match transport {
        Some(UrlTransport::Sse) => "sse",
        _ => "http",
    };
    let entry = serde_json::json!({ "mcpServers": { name: { "type": kind, "url": url } } });
    let text = serde_json::to_string_pretty(&entry).map_err(|e| e.to_string())?;
    Ok(SourceFile::new(PathBuf::from(URL_SOURCE), text + "\n"))
}

/// One line on standard error as each probe starts and ends.
pub(super) fn progress_line(record: &ProbeRecord, outcome: Option<&ProbeOutcome>) {
    let mut stderr = io::stderr().lock();
    let _ = match outcome {
        None => writeln!(stderr, "  … {} ({}, {}): probing", record.server, record.client, record.transport),
        Some(outcome) => match &outcome.error {
            None => writeln!(
                stderr,
                "  ✔ {}: {} tools in {:.1}s",
                record.server,
                outcome.tools.len(),
                outcome.elapsed.as_secs_f64()
            ),
            Some(error) => writeln!(stderr, "  ✘ {}: {}", record.server, error.message),
        },
    };
}

/// Asks on the terminal, server by server, before running anything that needs consent.
struct Prompt {
    trusted: Trusted,
}

impl Gate for Prompt {
    fn decide(&mut self, candidates: &[Candidate<'_>]) -> Vec<bool> {
        let asking = candidates.iter().filter(|c| !self.trusted.allows(c)).count();
        let mut stderr = io::stderr().lock();
        if asking > 0 {
            let _ = writeln!(
                stderr,
                "mcpcheck probe starts the commands in your MCP settings files and sends their headers. Review each:"
            );
        }
        let mut stdin = io::stdin().lock();
        let mut all: Option<bool> = None;
        let mut asked = 0;
        candidates
            .iter()
            .map(|candidate| {
                if self.trusted.allows(candidate) {
                    return true;
                }
                if let Some(answer) = all {
                    return answer;
                }
                asked += 1;
                let what = if candidate.runs_command { "run" } else { "send secret headers to" };
                let _ = writeln!(
                    stderr,
                    "[{asked}/{asking}] {} server `{}` ({}): {what}\n      {}",
                    candidate.client,
                    candidate.name,
                    candidate.file.display(),
                    candidate.display
                );
                loop {
                    let _ = write!(stderr, "      probe it? [y]es, [n]o, [a]ll, n[o]ne: ");
                    let _ = stderr.flush();
                    let mut line = String::new();
                    if stdin.read_line(&mut line).unwrap_or(0) == 0 {
                        all = Some(false);
                        return false;
                    }
                    match line.trim().to_ascii_lowercase().as_str() {
                        "y" | "yes" => return true,
                        "n" | "no" | "" => return false,
                        "a" | "all" => {
                            all = Some(true);
                            return true;
                        }
                        "o" | "none" => {
                            all = Some(false);
                            return false;
                        }
                        _ => {}
                    }
                }
            })
            .collect()
    }
}

/// Exit 2 when nothing was probed because nobody could consent (no terminal, no --yes, no
/// --trust): a probe that probed nothing must not pass as clean.
pub(super) fn consent_verdict(report: &crate::report::Report) -> Option<u8> {
    use crate::probe::record::ProbeStatus;
    let refused: Vec<&str> =
        report.probes.iter().filter(|r| r.status == ProbeStatus::NoConsent).map(|r| r.server.as_str()).collect();
    if refused.is_empty() {
        return None;
    }
    let probed = report.probes.iter().any(|r| r.outcome.is_some());
    let names = crate::finding::quoted_list(&refused, "and");
    let _ = writeln!(
        io::stderr(),
        "mcpcheck: not probed without consent: {names}; probing runs their commands or sends their secrets, so pass --yes (all) or --trust NAME (one), or run on a terminal to be asked"
    );
    (!probed).then_some(exit::ERROR)
}
