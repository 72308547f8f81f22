//! Running probes: who consents to what (the [`Gate`]), who does the probing (the [`Prober`]:
//! live, or recorded outcomes in tests), and the bounded pool of threads that probes servers in
//! parallel so that N servers cost about the slowest one.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::session::{ProbeOptions, ProbeOutcome};
use super::target::{ProbeTarget, probe};

/// A server waiting for consent to be probed.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// The client whose configuration it is in, e.g. "Claude Code".
    pub client: &'static str,
    /// The server's name.
    pub name: &'a str,
    /// The command line or URL as written, secrets masked.
    pub display: &'a str,
    /// The file it comes from.
    pub file: &'a Path,
    /// Whether probing runs a command on this machine.
    pub runs_command: bool,
    /// Whether probing sends resolved header values to a URL taken from a project file.
    pub sends_secrets: bool,
}

impl Candidate<'_> {
    /// Whether probing this server needs consent: it runs a command, or sends secrets to a
    /// URL someone else wrote.
    pub fn needs_consent(&self) -> bool {
        self.runs_command || self.sends_secrets
    }
}

/// Decides which servers may be probed.
pub trait Gate {
    /// One answer per candidate, in order: `true` to probe it.
    fn decide(&mut self, candidates: &[Candidate<'_>]) -> Vec<bool>;
}

/// The gate without a terminal: nothing that needs consent runs unless `--yes` was given or
/// the server is named with `--trust`.
#[derive(Debug, Clone, Default)]
pub struct Trusted {
    /// `--yes`: probe everything.
    pub all: bool,
    /// `--trust NAME`: probe these servers.
    pub names: Vec<String>,
}

impl Trusted {
    /// Whether this gate would let `candidate` run without asking.
    pub fn allows(&self, candidate: &Candidate<'_>) -> bool {
        self.all || !candidate.needs_consent() || self.names.iter().any(|name| name == candidate.name)
    }
}

impl Gate for Trusted {
    fn decide(&mut self, candidates: &[Candidate<'_>]) -> Vec<bool> {
        candidates.iter().map(|candidate| self.allows(candidate)).collect()
    }
}

/// One probe to run.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// The client id of the file the server is in (`claude-code`, `cursor`…).
    pub client: &'static str,
    /// The server's name.
    pub name: &'a str,
    /// What to start or connect to.
    pub target: &'a ProbeTarget,
    /// Timeouts and limits for this server.
    pub options: ProbeOptions,
}

/// Probes one server. The live prober spawns and connects; tests use recorded outcomes.
pub trait Prober: Sync {
    /// Probe `job`'s server.
    fn probe(&self, job: &Job<'_>) -> ProbeOutcome;
}

/// Probes for real: spawns or connects. Transient network failures are retried with backoff
/// inside the remote transport (`http.rs`), which knows whether any exchange succeeded yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct LiveProber;

impl Prober for LiveProber {
    fn probe(&self, job: &Job<'_>) -> ProbeOutcome {
        probe(job.target, &job.options)
    }
}

/// Runs `jobs` on at most `concurrency` threads; `done(i, &outcome)` is called as each
/// finishes (for live progress). Outcomes come back in the jobs' order.
pub fn run_all(
    jobs: &[Job<'_>],
    prober: &dyn Prober,
    concurrency: usize,
    done: &(dyn Fn(usize, &ProbeOutcome) + Sync),
) -> Vec<ProbeOutcome> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<ProbeOutcome>>> = Mutex::new(vec![None; jobs.len()]);
    let workers = concurrency.clamp(1, jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { return };
                    let outcome = prober.probe(job);
                    done(i, &outcome);
                    results.lock().unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(outcome);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::process::ServerCommand;
    use crate::probe::session::{Phase, ProbeError, ProbeErrorKind};

    struct Counting(AtomicUsize, ProbeErrorKind);

    impl Prober for Counting {
        fn probe(&self, job: &Job<'_>) -> ProbeOutcome {
            self.0.fetch_add(1, Ordering::Relaxed);
            // Later jobs finish first, so the order comes from the pool, not from timing luck.
            let index: u64 = job.name.parse().unwrap_or(0);
            std::thread::sleep(std::time::Duration::from_millis(10 * (7 - index.min(7))));
            let error = Some(ProbeError::new(self.1.clone(), "x"));
            ProbeOutcome { error, protocol_version: Some(job.name.to_owned()), ..ProbeOutcome::new() }
        }
    }

    fn candidate(name: &str, runs_command: bool) -> Candidate<'_> {
        Candidate {
            client: "Claude Code",
            name,
            display: "x",
            file: Path::new("x"),
            runs_command,
            sends_secrets: false,
        }
    }

    #[test]
    fn without_consent_only_harmless_or_trusted_servers_run() {
        let candidates = [candidate("a", true), candidate("b", true), candidate("remote", false)];
        assert_eq!(Trusted::default().decide(&candidates), [false, false, true]);
        assert_eq!(Trusted { all: false, names: vec!["b".into()] }.decide(&candidates), [false, true, true]);
        assert_eq!(Trusted { all: true, names: Vec::new() }.decide(&candidates), [true, true, true]);
    }

    #[test]
    fn runs_every_job_once_in_parallel_and_keeps_order() {
        let target = ProbeTarget::Stdio(ServerCommand::default());
        let names: Vec<String> = (0..7).map(|i| i.to_string()).collect();
        let jobs: Vec<Job<'_>> = names
            .iter()
            .map(|name| Job { client: "claude-code", name, target: &target, options: ProbeOptions::default() })
            .collect();
        let prober = Counting(AtomicUsize::new(0), ProbeErrorKind::Timeout { phase: Phase::Initialize });
        let seen = AtomicUsize::new(0);
        let outcomes = run_all(&jobs, &prober, 3, &|_, _| {
            seen.fetch_add(1, Ordering::Relaxed);
        });
        let order: Vec<&str> = outcomes.iter().filter_map(|o| o.protocol_version.as_deref()).collect();
        assert_eq!(order, names);
        assert_eq!(prober.0.load(Ordering::Relaxed), 7);
        assert_eq!(seen.load(Ordering::Relaxed), 7);
    }
}
