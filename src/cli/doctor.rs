//! `mcpcheck doctor`: every client's configuration on this machine, what each client will run,
//! what the machine offers each server, the probe (with consent), and findings with next steps.
//! Never writes or fixes anything.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;

use super::probe::{ProbeFlags, interactive, progress_line};
use super::{FailOn, InputArgs, exit, use_color, width, write_stdout};
use crate::doctor::facts::Gathering;
use crate::finding::Severity;
use crate::pipeline::{self, DoctorRequest, ProbeRequest};
use crate::probe::record::ProbeRecord;
use crate::probe::runner::LiveProber;
use crate::probe::session::ProbeOutcome;
use crate::report::{RenderOptions, doctor};

#[derive(Debug, Args)]
pub(super) struct DoctorArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Only this client's servers (dialect id or name, e.g. `cursor` or "Claude Code";
    /// repeatable)
    #[arg(long, value_name = "NAME", help_heading = "Doctor")]
    client: Vec<String>,
    /// Only this server (repeatable)
    #[arg(long, value_name = "NAME", help_heading = "Doctor")]
    server: Vec<String>,
    /// Do not probe: report the files, what each client runs and this machine's environment
    #[arg(long, help_heading = "Doctor")]
    no_probe: bool,
    /// Do not touch the network for remote servers' DNS, TCP, TLS and HTTP checks (the probe
    /// still connects, with consent, unless --no-probe)
    #[arg(long, help_heading = "Doctor")]
    no_network: bool,
    /// Replace the home directory and the user name in the report, to paste it into a public
    /// issue (secret values never appear either way)
    #[arg(long, help_heading = "Output")]
    redact_paths: bool,

    #[command(flatten)]
    probe: ProbeFlags,

    /// Output format: human or a versioned JSON document for scripts and bug reports
    #[arg(long, value_enum, default_value_t = crate::report::Format::Human, help_heading = "Output")]
    format: crate::report::Format,
    /// Lowest severity that makes the run fail (exit 1)
    #[arg(long, value_enum, default_value_t = FailOn::Warning, help_heading = "Output")]
    fail_on: FailOn,
    /// Never use colour (also: the NO_COLOR environment variable)
    #[arg(long, help_heading = "Output")]
    no_color: bool,
}

pub(super) fn run(mut args: DoctorArgs) -> u8 {
    // The whole machine: every client's project, user, managed and system files.
    args.input.all = true;
    let home = args.input.home.clone().or_else(super::home_dir);
    let options = match args.input.options(true) {
        Ok(options) => options,
        Err(err) => {
            let _ = writeln!(io::stderr(), "mcpcheck: --env-file {err}");
            return exit::ERROR;
        }
    };
    let interactive = interactive();
    let request = DoctorRequest {
        gathering: Gathering { network: !args.no_network, ..Gathering::default() },
        clients: args.client.clone(),
        servers: args.server.clone(),
    };
    let progress = |record: &ProbeRecord, outcome: Option<&ProbeOutcome>| {
        if interactive {
            progress_line(record, outcome);
        }
    };
    let mut gate = args.probe.gate(interactive);
    let prober = LiveProber;
    let probe = (!args.no_probe).then(|| ProbeRequest {
        gate: gate.as_mut(),
        prober: &prober,
        options: args.probe.options(),
        concurrency: args.probe.concurrency(),
        only: args.server.clone(),
        clients: args.client.clone(),
        fallback: false,
        lock: None,
        record_lock: false,
        progress: &progress,
    });
    // Static results first (files, what each client runs, this machine), so that a person sees
    // them at once; the probe then reuses the facts gathered here.
    let statics = pipeline::doctor(&options, request.clone(), None);
    if let Some(tried) = &statics.nothing_found {
        let mut stderr = io::stderr().lock();
        let _ = writeln!(
            stderr,
            "mcpcheck doctor: no MCP configuration on this machine: no client has a settings file. Looked for:"
        );
        let _ = write!(stderr, "{}", crate::discover::looked_at_by_client(tried));
        let _ = writeln!(
            stderr,
            "Add a server with your client (e.g. `claude mcp add`), or point --home and --project at the right directories."
        );
        return exit::NOTHING;
    }
    let config = pipeline::config(&options);
    let fail_on = Severity::from(args.fail_on);
    let render = RenderOptions {
        color: use_color(args.no_color) && !args.redact_paths,
        width: width(),
        fail_on,
        show_suppressed: false,
    };
    let home = home.as_ref();
    let human = args.format == crate::report::Format::Human;
    if human && let Err(code) = emit(args.redact_paths, home, |out| doctor::human_static(&statics, &config, out)) {
        return code;
    }
    let outcome = match probe {
        Some(probe) => {
            let recorded = statics
                .report
                .machine
                .iter()
                .map(|record| (format!("{}/{}", record.dialect, record.server), record.facts.clone()))
                .collect();
            let gathering = Gathering { recorded: Some(recorded), ..request.gathering.clone() };
            pipeline::doctor(&options, DoctorRequest { gathering, ..request }, Some(probe))
        }
        None => statics,
    };
    let written = if human {
        emit(args.redact_paths, home, |out| doctor::human_probe(&outcome, &render, out))
    } else if args.format == crate::report::Format::Json {
        emit(args.redact_paths, home, |out| {
            crate::report::json::render_doctor(&outcome.report, &outcome.discovery, &config.view, &render, out)
        })
    } else {
        emit(args.redact_paths, home, |out| {
            crate::report::render_with_discovery(args.format, &outcome.report, &outcome.discovery, &render, out)
        })
    };
    if let Err(code) = written {
        return code;
    }
    if !outcome.report.errors.is_empty() {
        return exit::ERROR;
    }
    if let Some(code) = super::probe::consent_verdict(&outcome.report) {
        return code;
    }
    if outcome.report.fails(fail_on) { exit::FINDINGS } else { exit::CLEAN }
}

/// Render a part of the report to stdout, with paths redacted when asked.
fn emit(redact: bool, home: Option<&PathBuf>, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), u8> {
    let mut text = Vec::new();
    if let Err(err) = render(&mut text) {
        let _ = writeln!(io::stderr(), "mcpcheck: cannot write the report: {err}");
        return Err(exit::ERROR);
    }
    let mut text = String::from_utf8_lossy(&text).into_owned();
    if redact {
        text = redact_paths(&text, home);
    }
    write_stdout(|out| out.write_all(text.as_bytes()))
}

/// `text` with the home directory replaced by `~` and the user's name by `<user>`: for a
/// report pasted into a public issue.
fn redact_paths(text: &str, home: Option<&PathBuf>) -> String {
    let mut out = text.to_owned();
    let mut homes: Vec<String> = Vec::new();
    if let Some(home) = home {
        homes.push(home.display().to_string());
        if let Ok(real) = std::fs::canonicalize(home) {
            homes.push(real.display().to_string());
        }
    }
    homes.sort_by_key(|home| std::cmp::Reverse(home.len()));
    for home in homes.iter().filter(|home| home.len() > 1) {
        out = out.replace(home.as_str(), "~");
        // JSON Pointers spell `/` as `~1` and `~` as `~0` (`/projects/~1home~1alice~1code/…`).
        out = out.replace(&home.replace('~', "~0").replace('/', "~1"), "~0");
    }
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default();
    // A short or common name would mangle ordinary words; replace it only as a path segment.
    if user.len() >= 2 {
        for (from, to) in [
            (format!("/{user}/"), "/<user>/".to_owned()),
            (format!("\\{user}\\"), "\\<user>\\".to_owned()),
            (format!("~1{user}~1"), "~1<user>~1".to_owned()),
        ] {
            out = out.replace(&from, &to);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacting_paths_replaces_the_home_and_the_user_segment() {
        let home = PathBuf::from("/home/alice");
        let text = "/home/alice/.claude.json and /projects/~1home~1alice~1code/mcpServers";
        let out = redact_paths(text, Some(&home));
        assert_eq!(out, "~/.claude.json and /projects/~0~1code/mcpServers");
    }
}
