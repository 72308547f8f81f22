//! Running probes: who consents to what (the [`Gate`]), who does the probing (the [`Prober`]:
//! live, or recorded outcomes in tests), and the bounded pool of threads that probes servers in
//! parallel so that N servers cost about the slowest one.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::session::{FailureClass, ProbeOptions, ProbeOutcome};
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

/// Probes for real: spawns or connects.
#[derive(Debug, Clone, Copy, Default)]
pub struct LiveProber;

impl Prober for LiveProber {
    fn probe(&self, job: &Job<'_>) -> ProbeOutcome {
        probe(job.target, &job.options)
    }
}

/// Retries another prober's transient failures (network, 5xx) with exponential backoff;
/// config, auth and protocol failures are reported at once.
#[derive(Debug, Clone, Copy)]
pub struct Retrying<P> {
    /// The prober that does the work.
    pub inner: P,
    /// Attempts in all for a transient failure (1: no retry).
    pub attempts: u32,
    /// The wait before the first retry; doubled before each later one.
    pub backoff: Duration,
}

impl<P: Prober> Retrying<P> {
    /// `inner` with 3 attempts, waiting 250 ms and then 500 ms.
    pub fn new(inner: P) -> Self {
        Self { inner, attempts: 3, backoff: Duration::from_millis(250) }
    }
}

impl<P: Prober> Prober for Retrying<P> {
    fn probe(&self, job: &Job<'_>) -> ProbeOutcome {
        let mut wait = self.backoff;
        let mut attempt = 1;
        loop {
            let outcome = self.inner.probe(job);
            let transient = outcome.error.as_ref().is_some_and(|error| error.kind.class() == FailureClass::Transient);
            if !transient || attempt >= self.attempts {
                return outcome;
            }
            std::thread::sleep(wait);
            wait *= 2;
            attempt += 1;
        }
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
    use crate::probe::session::{ConnectLayer, Phase, ProbeError, ProbeErrorKind};

    struct Counting(AtomicUsize, ProbeErrorKind);

    impl Prober for Counting {
        fn probe(&self, _job: &Job<'_>) -> ProbeOutcome {
            self.0.fetch_add(1, Ordering::Relaxed);
            ProbeOutcome { error: Some(ProbeError::new(self.1.clone(), "x")), ..ProbeOutcome::new() }
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
        let jobs: Vec<Job<'_>> = (0..7)
            .map(|_| Job { client: "claude-code", name: "s", target: &target, options: ProbeOptions::default() })
            .collect();
        let prober = Counting(AtomicUsize::new(0), ProbeErrorKind::Timeout { phase: Phase::Initialize });
        let seen = AtomicUsize::new(0);
        let outcomes = run_all(&jobs, &prober, 3, &|_, _| {
            seen.fetch_add(1, Ordering::Relaxed);
        });
        assert_eq!(outcomes.len(), 7);
        assert_eq!(prober.0.load(Ordering::Relaxed), 7);
        assert_eq!(seen.load(Ordering::Relaxed), 7);
    }

    #[test]
    fn retries_only_transient_failures() {
        let target = ProbeTarget::Stdio(ServerCommand::default());
        let job = Job { client: "claude-code", name: "s", target: &target, options: ProbeOptions::default() };
        let refused = ProbeErrorKind::Connect { layer: ConnectLayer::Tcp, detail: "refused".into() };
        let retrying =
            |kind| Retrying { inner: Counting(AtomicUsize::new(0), kind), attempts: 3, backoff: Duration::ZERO };
        let transient = retrying(refused);
        transient.probe(&job);
        assert_eq!(transient.inner.0.load(Ordering::Relaxed), 3);
        let config = retrying(ProbeErrorKind::HttpStatus { status: 404, detail: String::new() });
        config.probe(&job);
        assert_eq!(config.inner.0.load(Ordering::Relaxed), 1);
        let hung = retrying(ProbeErrorKind::Timeout { phase: Phase::Initialize });
        hung.probe(&job);
        assert_eq!(hung.inner.0.load(Ordering::Relaxed), 1, "a hung server costs its timeout once");
    }
}
