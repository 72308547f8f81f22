//! The only place that knows the stage order: inputs → read → parse → dialect → validate +
//! rules (per file, then across the files of one project) → report. `check` never executes
//! anything, never opens a socket and never writes a file; it only reads the settings files it
//! is given or finds.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::config::{self, Settings};
use crate::dialect::{self, Detection, Dialect, DocumentContext, Origin, ProjectContext, Role, Syntax};
use crate::discover::{self, Discovery, Input, Machine, Os, Scopes, Tried};
use crate::doctor::context::{CheckedServer, MachineContext};
use crate::doctor::facts::Gathering;
use crate::doctor::record::MachineRecord;
use crate::finding::{FileRef, Finding, FindingBuilder};
use crate::parse::{self, Document, MAX_FILE_BYTES, SyntaxError, SyntaxErrorKind};
use crate::probe::context::{ProbeContext, ProbedServer};
use crate::probe::lock::Lockfile;
use crate::probe::plan::{self, Plan};
use crate::probe::record::{ProbeRecord, ProbeStatus};
use crate::probe::runner::{self, Candidate, Gate, Job, Prober};
use crate::probe::session::{ProbeOptions, ProbeOutcome};
use crate::probe::target::ProbeTarget;
use crate::report::{FileReport, Report, ToolError};
use crate::resolve::env::Environment;
use crate::resolve::layering::Placed;
use crate::rules;
use crate::source::{SourceFile, Span};
use crate::suppress::{self, Usage};

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Files and directories named on the command line (empty: the project root's files).
    pub paths: Vec<PathBuf>,
    /// Dialect forced with `--dialect`.
    pub dialect: Option<&'static Dialect>,
    /// The project root (`--project`, default the current directory).
    pub project: PathBuf,
    /// The home directory. When set, its user-scope files are checked too (`--home`); with
    /// `all` it is where user-scope files are looked for.
    pub home: Option<PathBuf>,
    /// Claude Code's managed (administrator) directory. When set, its files are checked too
    /// (`--managed`); with `all` it replaces the OS's default.
    pub managed: Option<PathBuf>,
    /// `--all`: also search the user, managed and system scopes of every client.
    pub all: bool,
    /// Where system-wide paths are looked for instead of the filesystem root (`--system-root`).
    pub system_root: Option<PathBuf>,
    /// Whose path layout applies (default: the OS mcpcheck runs on).
    pub os: Os,
    /// The variables `${…}` references resolve against, which are also the variables that
    /// move clients' files (`CODEX_HOME`, `XDG_CONFIG_HOME`, …) during discovery.
    pub env: Environment,
    /// Where mcpcheck's own settings come from (default: found from the project root up).
    pub config: config::Source,
    /// `--select`: when set, only these rules run.
    pub select: Option<Vec<String>>,
    /// `--ignore`: these rules do not run.
    pub deselect: Vec<String>,
    /// `--baseline FILE`, which wins over the settings' `baseline`.
    pub baseline: Option<PathBuf>,
    /// Apply no baseline at all (when writing one).
    pub no_baseline: bool,
    /// Settings text given in memory instead of read from disk (`probe --url` describes its
    /// one server this way), each with the dialect it is in. Checked after the files.
    pub sources: Vec<(SourceFile, &'static Dialect)>,
}

/// The result of `check`: the report, and whether anything at all was found to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOutcome {
    /// Files, findings and tool errors.
    pub report: Report,
    /// Every place looked at when discovery found nothing to check (exit code 3).
    pub nothing_found: Option<Vec<Tried>>,
    /// Every place of the search, found, not found or skipped (`--explain-discovery`).
    pub discovery: Vec<Tried>,
    /// `probe` with `record_lock`: the lock to write.
    pub lock: Option<Lockfile>,
}

/// A file that parsed and matched a dialect, waiting for analysis.
#[derive(Debug)]
struct Parsed {
    source: SourceFile,
    doc: Document,
    dialect: &'static Dialect,
    role: Role,
    detection: Detection,
}

/// What reading one input gave.
enum Loaded {
    Parsed(Box<Parsed>),
    /// Read but not analysable (a parse error): its report is final.
    Final(Box<FileReport>),
    Error(ToolError),
}

/// Run the offline checks over the given or discovered files, under mcpcheck's settings, and
/// apply suppressions and the baseline.
pub fn check(options: &CheckOptions) -> CheckOutcome {
    run(options, None, None)
}

/// How to probe, for `probe` and `doctor`.
pub struct ProbeRequest<'a> {
    /// Who consents to each server that runs a command or sends secrets.
    pub gate: &'a mut dyn Gate,
    /// Who probes (live, or recorded outcomes in tests).
    pub prober: &'a dyn Prober,
    /// Timeouts and limits (a server's own timeout field replaces the startup timeout).
    pub options: ProbeOptions,
    /// How many servers are probed at once.
    pub concurrency: usize,
    /// `--server NAME`: probe only these (empty: all).
    pub only: Vec<String>,
    /// `--client NAME`: probe only these clients' servers (dialect ids or names; empty: all).
    pub clients: Vec<String>,
    /// Remote servers follow the spec's fallback rule (streamable HTTP, then legacy SSE) even
    /// where the entry declares its type: `probe --url` without `--transport`.
    pub fallback: bool,
    /// The lock file read before probing, for the rules that compare against it.
    pub lock: Option<Lockfile>,
    /// Build the lock of this run (`probe --lock`): the completed probes, over the entries of
    /// `lock` for servers that did not complete this time. It is returned in the outcome.
    pub record_lock: bool,
    /// Called when a probe starts (`None`) and ends (`Some(outcome)`), for live progress.
    pub progress: &'a (dyn Fn(&ProbeRecord, Option<&ProbeOutcome>) + Sync),
}

/// Check, then probe the servers each client would use, and run the probe rules. The report's
/// `probes` has one record per server, probed or not.
pub fn probe(options: &CheckOptions, request: ProbeRequest<'_>) -> CheckOutcome {
    run(options, Some(request), None)
}

/// What `doctor` adds to a check: gather the machine facts of every server the clients would
/// use, and run the machine rules.
#[derive(Debug, Clone, Default)]
pub struct DoctorRequest {
    /// How facts are gathered (network or not).
    pub gathering: Gathering,
    /// `--client NAME`: only these clients' servers (by dialect id or client name; empty: all).
    pub clients: Vec<String>,
    /// `--server NAME`: only these servers (empty: all).
    pub servers: Vec<String>,
}

/// `doctor`: check every file found, gather what this machine offers each server a client would
/// use, run the machine rules, and probe (with consent) unless `probe` is `None` (`--no-probe`).
/// The report's `machine` has one record per server; `probes` as for [`probe`].
pub fn doctor(options: &CheckOptions, request: DoctorRequest, probe: Option<ProbeRequest<'_>>) -> CheckOutcome {
    let probe = probe.map(|mut probe| {
        if probe.only.is_empty() {
            probe.only.clone_from(&request.servers);
        }
        if probe.clients.is_empty() {
            probe.clients.clone_from(&request.clients);
        }
        probe
    });
    run(options, probe, Some(request))
}

fn run(options: &CheckOptions, probe: Option<ProbeRequest<'_>>, doctor: Option<DoctorRequest>) -> CheckOutcome {
    let mut report = Report::default();
    let loaded_settings = match config::load(&options.config, &options.project) {
        Ok(loaded) => loaded,
        Err(err) => {
            report.errors.push(err);
            return CheckOutcome { report, ..CheckOutcome::default() };
        }
    };
    let mut settings = loaded_settings.settings;
    settings.select.clone_from(&options.select);
    settings.deselect.clone_from(&options.deselect);
    let mut usage = Usage::new(&settings);

    let loaded = load_all(options, &mut report.errors);
    report.files = loaded.finals;
    for file in &mut report.files {
        suppress::apply_to_unparsed(file, &settings, &mut usage);
    }
    let project_root = std::fs::canonicalize(&options.project).ok();
    let stages = Stages { probe, doctor };
    let (files, probes, lock, machine) =
        analyse(loaded.parsed, &options.env, project_root.as_deref(), &settings, &mut usage, stages);
    report.files.extend(files);
    report.probes = probes;
    report.machine = machine;
    // Unparsable files were reported as they were read; put every file back in input order.
    report.files.sort_by_key(|f| loaded.order.iter().position(|p| p == &f.source.path));
    let nothing_found = (report.files.is_empty() && report.errors.is_empty()).then(|| loaded.discovery.looked_at());

    // The settings file comes first, with its own findings and the entries that suppressed
    // nothing (judged only when something was checked).
    if let Some(mut file) = loaded_settings.report {
        if nothing_found.is_none() {
            file.findings.extend(usage.unused(&settings));
        }
        suppress::apply_rule_settings(&mut file.findings, &settings);
        sort(&mut file.findings);
        report.files.insert(0, file);
    }
    let baseline = if options.no_baseline { None } else { options.baseline.as_ref().or(settings.baseline.as_ref()) };
    if let Some(path) = baseline {
        let root = project_root.as_deref().unwrap_or(&options.project);
        if let Err(err) = crate::baseline::apply(&mut report, path, root) {
            report.errors.push(err);
        }
    }
    CheckOutcome { report, nothing_found, discovery: loaded.discovery.tried, lock }
}

/// The scopes a run searches: the project unless paths are named, the user files when a home
/// is given, the managed directory when given, and everything with `all`.
pub fn scopes(options: &CheckOptions) -> Scopes {
    Scopes {
        project: options.paths.is_empty(),
        user: options.all || options.home.is_some(),
        managed: options.all || options.managed.is_some(),
        system: options.all,
    }
}

/// The files to read: the discovered ones (see [`scopes`]), then the named ones (directories
/// searched for project files). Each file once, in the order found.
fn gather(options: &CheckOptions, errors: &mut Vec<ToolError>) -> (Vec<Input>, Discovery) {
    let machine = Machine {
        os: options.os,
        project: options.project.clone(),
        home: options.home.clone(),
        managed: options.managed.clone(),
        system_root: options.system_root.clone(),
        env: &options.env,
    };
    // Files named alone (a pre-commit run) are no search: nothing to record.
    let scopes = scopes(options);
    let mut discovery =
        if scopes == Scopes::default() { Discovery::default() } else { discover::search(&machine, scopes) };
    discovery.keep_known(|id| dialect::by_id(id).is_some());
    let mut inputs: Vec<Input> = discovery.found.clone();
    for path in &options.paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = discover::project_files(path);
                found.keep_known(|id| dialect::by_id(id).is_some());
                inputs.extend(found.found.iter().cloned());
                discovery.extend(found);
            }
            Ok(_) => inputs.push(Input::explicit(path.clone())),
            Err(err) => errors
                .push(ToolError { path: Some(path.clone()), message: format!("cannot read: {}", io_message(&err)) }),
        }
    }
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|input| seen.insert(std::fs::canonicalize(&input.path).unwrap_or_else(|_| input.path.clone())));
    (inputs, discovery)
}

/// How a file was come by: where it was found, and through which matrix row.
#[derive(Debug, Clone, Copy)]
struct Provenance {
    origin: Origin,
    place: Option<&'static discover::Place>,
}

impl Provenance {
    const EXPLICIT: Provenance = Provenance { origin: Origin::Explicit, place: None };
}

fn load(input: &Input, forced: Option<&'static Dialect>) -> Loaded {
    let found = Provenance { origin: input.origin, place: input.place };
    match read_limited(&input.path) {
        Ok(Some(bytes)) => load_bytes(&input.path, found, bytes, forced),
        Ok(None) => Loaded::Final(Box::new(too_large(&input.path, found, forced))),
        Err(err) => Loaded::Error(ToolError {
            path: Some(input.path.clone()),
            message: format!("cannot read: {}", io_message(&err)),
        }),
    }
}

fn load_bytes(path: &Path, found: Provenance, bytes: Vec<u8>, forced: Option<&'static Dialect>) -> Loaded {
    match parse::decode(path, bytes) {
        Ok(source) => load_source(source, found, forced),
        Err(failed) => {
            let (source, error) = *failed;
            Loaded::Final(Box::new(unparsed(source, &error, found, forced)))
        }
    }
}

fn load_source(source: SourceFile, found: Provenance, forced: Option<&'static Dialect>) -> Loaded {
    let doc = match parse_source(&source, forced) {
        Ok(doc) => doc,
        Err(error) => return Loaded::Final(Box::new(unparsed(source, &error, found, forced))),
    };
    match decide_dialect(&source.path, found, Some(&doc.root), forced) {
        Some((dialect, role, detection)) => Loaded::Parsed(Box::new(Parsed { source, doc, dialect, role, detection })),
        None => Loaded::Error(ToolError {
            path: Some(source.path.clone()),
            message: format!(
                "this file matches no dialect mcpcheck knows (tried {}: by file name, then by shape — no `mcpServers`, `servers`, `context_servers`, `mcp_servers` or server entries found); pass `--dialect` to choose one",
                dialect::ids().join(", ")
            ),
        }),
    }
}

/// What `config` found: the effective-servers view and the files it was built from.
#[derive(Debug, Clone, Default)]
pub struct ConfigOutcome {
    /// The effective servers.
    pub view: crate::resolve::view::ConfigView,
    /// Every file read: path, dialect (if any) and what became of it.
    pub files: Vec<FileStatus>,
    /// Problems with the run itself.
    pub errors: Vec<ToolError>,
    /// Every place looked at when nothing was found (exit code 3).
    pub nothing_found: Option<Vec<Tried>>,
    /// Every place of the search, found, not found or skipped (`--explain-discovery`).
    pub discovery: Vec<Tried>,
}

/// One file `config` read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileStatus {
    /// The file.
    pub path: String,
    /// Its dialect, when it matched one.
    pub dialect: Option<&'static str>,
    /// What it is for its client.
    pub role: Option<&'static str>,
    /// `null` when it was read; otherwise why none of its servers count (e.g. a parse error).
    pub problem: Option<String>,
}

/// Build the effective-servers view of the given or discovered files. Reads files only.
pub fn config(options: &CheckOptions) -> ConfigOutcome {
    let mut out = ConfigOutcome::default();
    let loaded = load_all(options, &mut out.errors);
    let parsed = loaded.parsed;
    out.files.extend(loaded.finals.iter().map(|file| FileStatus {
        path: file.source.path.display().to_string(),
        dialect: file.dialect,
        role: file.role,
        problem: file.findings.first().map(|f| f.message.clone()),
    }));
    out.files.extend(parsed.iter().map(|p| FileStatus {
        path: p.source.path.display().to_string(),
        dialect: Some(p.dialect.id),
        role: Some(p.role.label),
        problem: None,
    }));
    let project_root = std::fs::canonicalize(&options.project).ok();
    let contexts = contexts(&parsed, &options.env);
    let project = ProjectContext::new(&contexts, project_root.as_deref());
    out.view = crate::resolve::view::ConfigView::new(&project);
    if out.files.is_empty() && out.errors.is_empty() {
        out.nothing_found = Some(loaded.discovery.looked_at());
    }
    out.discovery = loaded.discovery.tried;
    out
}

/// Every input of a run, read: files ready for analysis, files whose report is already final
/// (they could not be parsed), the input order, and every place discovery looked.
struct LoadedRun {
    parsed: Vec<Parsed>,
    finals: Vec<FileReport>,
    order: Vec<PathBuf>,
    discovery: Discovery,
}

/// Gather and read every input; problems with the run itself go to `errors`.
fn load_all(options: &CheckOptions, errors: &mut Vec<ToolError>) -> LoadedRun {
    // Only in-memory sources: nothing to search for.
    let (inputs, discovery) =
        if options.sources.is_empty() { gather(options, errors) } else { (Vec::new(), Discovery::default()) };
    let mut order: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    order.extend(options.sources.iter().map(|(source, _)| source.path.clone()));
    let mut run = LoadedRun { parsed: Vec::new(), finals: Vec::new(), order, discovery };
    let loaded = inputs.iter().map(|input| load(input, options.dialect)).chain(
        options
            .sources
            .iter()
            .map(|(source, dialect)| load_source(source.clone(), Provenance::EXPLICIT, Some(dialect))),
    );
    for loaded in loaded {
        match loaded {
            Loaded::Parsed(p) => run.parsed.push(*p),
            Loaded::Final(file) => run.finals.push(*file),
            Loaded::Error(err) => errors.push(err),
        }
    }
    run
}

/// Each parsed file's dialect view, with its servers resolved against `env`.
fn contexts<'a>(parsed: &'a [Parsed], env: &'a Environment) -> Vec<DocumentContext<'a>> {
    parsed
        .iter()
        .map(|p| {
            DocumentContext::new(FileRef::new(&p.source, Some(&p.doc)), &p.doc, p.dialect, p.role, p.detection, env)
        })
        .collect()
}

/// Validate and run every rule: first each file on its own, then the files together (scope
/// layering and policies need all of them). Findings go to the file of their primary location.
fn analyse(
    parsed: Vec<Parsed>,
    env: &Environment,
    project_root: Option<&Path>,
    settings: &Settings,
    usage: &mut Usage,
    stages: Stages<'_>,
) -> (Vec<FileReport>, Vec<ProbeRecord>, Option<Lockfile>, Vec<MachineRecord>) {
    let contexts: Vec<_> = contexts(&parsed, env).into_iter().map(|cx| cx.with_settings(settings)).collect();
    let enabled: Vec<&dyn rules::Rule> =
        rules::ALL.iter().copied().filter(|rule| settings.enabled(rule.meta().id)).collect();
    let mut findings: Vec<Vec<Finding>> = contexts
        .iter()
        .map(|cx| {
            let mut out = crate::validate::validate(cx.dialect, &cx.file, cx.doc);
            for rule in &enabled {
                rule.check_document(cx, &mut out);
                for server in &cx.servers {
                    rule.check_server(cx, server, &mut out);
                }
            }
            out
        })
        .collect();
    let project = ProjectContext::new(&contexts, project_root).with_settings(settings);
    let mut across = Vec::new();
    for rule in &enabled {
        rule.check_project(&project, &mut across);
    }
    let root = project_root.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let machine = match &stages.doctor {
        Some(request) => machine_stage(&project, &root, request, &enabled, &mut across),
        None => Vec::new(),
    };
    let (mut records, mut lock) = (Vec::new(), None);
    if let Some(request) = stages.probe {
        (records, lock) = probe_stage(&project, &root, request, &enabled, &mut across);
    }
    for finding in across {
        if let Some(i) = contexts.iter().position(|cx| cx.file.source.path == finding.primary.path) {
            findings[i].push(finding);
        }
    }
    let mut split = Vec::with_capacity(contexts.len());
    for (cx, mut found) in contexts.iter().zip(findings) {
        suppress::apply_rule_settings(&mut found, settings);
        split.push(suppress::apply_to_document(cx, found, settings, usage));
    }
    let extras: Vec<_> =
        contexts.iter().map(|cx| (cx.servers.len(), crate::redact::spans(cx.file.source, cx.doc))).collect();
    drop(contexts);
    let files = parsed
        .into_iter()
        .zip(split)
        .zip(extras)
        .map(|((p, (mut findings, suppressed)), (servers, redact))| {
            sort(&mut findings);
            FileReport {
                source: p.source,
                dialect: Some(p.dialect.id),
                role: Some(p.role.label),
                detection: Some(p.detection),
                servers,
                findings,
                suppressed,
                redact,
            }
        })
        .collect();
    (files, records, lock, machine)
}

/// The optional stages after the rules: `doctor`'s machine facts, then the probe.
#[derive(Default)]
struct Stages<'a> {
    probe: Option<ProbeRequest<'a>>,
    doctor: Option<DoctorRequest>,
}

/// `doctor`'s machine stage: gather the facts of each server the clients would use (after
/// `--client`/`--server`), and run the machine rules over them.
fn machine_stage(
    project: &ProjectContext<'_>,
    root: &Path,
    request: &DoctorRequest,
    enabled: &[&dyn rules::Rule],
    out: &mut Vec<Finding>,
) -> Vec<MachineRecord> {
    let selected: Vec<Placed<'_>> = effective_servers(project)
        .into_iter()
        .filter(|p| wanted_client(&request.clients, p.file.dialect))
        .filter(|p| request.servers.is_empty() || request.servers.iter().any(|name| name == p.server.name))
        .collect();
    // Gathering waits on `--version` runs and network timeouts: a few servers at a time, so
    // that N servers cost about the slowest one.
    let gather = |p: &Placed<'_>| {
        let plan = plan::plan(p.file, p.server, root).ok();
        crate::doctor::facts::gather(p.file, p.server, plan.as_ref(), root, &request.gathering)
    };
    let facts: Vec<crate::doctor::facts::ServerFacts> = std::thread::scope(|scope| {
        selected
            .chunks(8)
            .flat_map(|chunk| {
                let running: Vec<_> = chunk.iter().map(|p| scope.spawn(move || gather(p))).collect();
                running.into_iter().map(|handle| handle.join().unwrap_or_default()).collect::<Vec<_>>()
            })
            .collect()
    });
    let checked: Vec<CheckedServer<'_>> =
        selected.iter().zip(&facts).map(|(p, facts)| CheckedServer { cx: p.file, server: p.server, facts }).collect();
    let cx = MachineContext { servers: &checked, settings: project.settings };
    for rule in enabled.iter().filter(|rule| rule.meta().needs == rules::Needs::Machine) {
        rule.check_machine(&cx, out);
    }
    drop(checked);
    selected
        .iter()
        .zip(facts)
        .map(|(p, facts)| MachineRecord {
            client: p.file.dialect.client,
            dialect: p.file.dialect.id,
            server: p.server.name.to_owned(),
            file: p.path().to_path_buf(),
            line: p.locate(crate::finding::Target::Key, "").start.line,
            scope: p.scope().as_str(),
            facts,
        })
        .collect()
}

/// Whether `--client` (dialect ids or client names, any case) lets `dialect` through.
fn wanted_client(clients: &[String], dialect: &Dialect) -> bool {
    clients.is_empty()
        || clients.iter().any(|c| c.eq_ignore_ascii_case(dialect.id) || c.eq_ignore_ascii_case(dialect.client))
}

/// The probe stage: plan each server the clients would use, ask the gate, probe the allowed
/// ones in parallel, redact what they printed, and run the probe rules over the outcomes.
fn probe_stage(
    project: &ProjectContext<'_>,
    root: &Path,
    request: ProbeRequest<'_>,
    enabled: &[&dyn rules::Rule],
    out: &mut Vec<Finding>,
) -> (Vec<ProbeRecord>, Option<Lockfile>) {
    let selected: Vec<Placed<'_>> = effective_servers(project)
        .into_iter()
        .filter(|p| request.only.is_empty() || request.only.iter().any(|name| name == p.server.name))
        .filter(|p| wanted_client(&request.clients, p.file.dialect))
        .collect();
    let plans: Vec<Result<Plan, String>> = selected
        .iter()
        .map(|p| match disabled(p.server).or_else(|| blocked_by_policy(project, p)) {
            Some(reason) => Err(reason),
            None => plan::plan(p.file, p.server, root).map_err(|why| format!("not probed: {why}")),
        })
        .map(|plan| {
            plan.map(|mut plan| {
                if let ProbeTarget::Remote(remote) = &mut plan.target
                    && request.fallback
                {
                    remote.kind = None;
                }
                plan
            })
        })
        .collect();
    let mut records: Vec<ProbeRecord> = selected
        .iter()
        .zip(&plans)
        .map(|(p, plan)| ProbeRecord {
            client: p.file.dialect.client,
            dialect: p.file.dialect.id,
            server: p.server.name.to_owned(),
            file: p.path().to_path_buf(),
            line: p.locate(crate::finding::Target::Key, "").start.line,
            transport: p.server.transport.transport().map_or("invalid", |t| t.as_str()),
            display: plan.as_ref().map(|plan| plan.display.clone()).unwrap_or_default(),
            status: match plan {
                Ok(_) => ProbeStatus::NotProbed(String::new()),
                Err(reason) => ProbeStatus::NotProbed(reason.clone()),
            },
            outcome: None,
        })
        .collect();
    // Consent, asked once for every server that has a plan.
    let asked: Vec<usize> = (0..plans.len()).filter(|&i| plans[i].is_ok()).collect();
    let candidates: Vec<Candidate<'_>> = asked
        .iter()
        .map(|&i| {
            let plan = plans[i].as_ref().expect("asked only for planned servers");
            Candidate {
                client: records[i].client,
                name: selected[i].server.name,
                display: &plan.display,
                file: selected[i].path(),
                runs_command: matches!(plan.target, ProbeTarget::Stdio(_)),
                sends_secrets: plan.sends_secrets,
            }
        })
        .collect();
    let answers = request.gate.decide(&candidates);
    let mut run: Vec<usize> = Vec::new();
    for (&i, allowed) in asked.iter().zip(answers.into_iter().chain(std::iter::repeat(false))) {
        if allowed {
            run.push(i);
        } else {
            records[i].status = ProbeStatus::NoConsent;
        }
    }
    let jobs: Vec<Job<'_>> = run
        .iter()
        .map(|&i| {
            let plan = plans[i].as_ref().expect("only planned servers run");
            let mut options = request.options.clone();
            if let Some(timeout) = plan.timeout {
                options.initialize_timeout = timeout;
            }
            Job { client: records[i].dialect, name: selected[i].server.name, target: &plan.target, options }
        })
        .collect();
    for &i in &run {
        (request.progress)(&records[i], None);
    }
    let outcomes = {
        let records = &records;
        let run = &run;
        let done = |j: usize, outcome: &ProbeOutcome| (request.progress)(&records[run[j]], Some(outcome));
        runner::run_all(&jobs, request.prober, request.concurrency, &done)
    };
    drop(jobs);
    for (&i, mut outcome) in run.iter().zip(outcomes) {
        let plan = plans[i].as_ref().expect("only planned servers run");
        redact_outcome(&mut outcome, &plan.secrets);
        records[i].status = if outcome.error.is_none() { ProbeStatus::Connected } else { ProbeStatus::Failed };
        records[i].outcome = Some(outcome);
    }
    let probed: Vec<ProbedServer<'_>> = run
        .iter()
        .filter_map(|&i| {
            let outcome = records[i].outcome.as_ref()?;
            Some(ProbedServer { cx: selected[i].file, server: selected[i].server, outcome })
        })
        .collect();
    let cx = ProbeContext { servers: &probed, lock: request.lock.as_ref(), settings: project.settings };
    for rule in enabled.iter().filter(|rule| rule.meta().needs == rules::Needs::Probe) {
        rule.check_probe(&cx, out);
    }
    let lock = request.record_lock.then(|| {
        let mut lock = request.lock.clone().unwrap_or_default();
        for (client, servers) in Lockfile::from_servers(&probed).servers {
            lock.servers.entry(client).or_default().extend(servers);
        }
        lock
    });
    drop(probed);
    (records, lock)
}

/// The servers each client would start: Claude Code's after scope layering and managed
/// exclusivity, every other client's one per name with the strongest scope winning.
fn effective_servers<'a>(project: &ProjectContext<'a>) -> Vec<Placed<'a>> {
    let mut out: Vec<Placed<'a>> = project.claude_code_layered().effective.clone();
    let mut seen: std::collections::HashSet<(&'static str, &str)> = std::collections::HashSet::new();
    let mut others: Vec<Placed<'a>> = project
        .files
        .iter()
        .filter(|file| !file.dialect.id.starts_with("claude-code") && file.dialect.id != "mcp-settings")
        .flat_map(|file| file.servers.iter().map(move |server| Placed { file, server }))
        .collect();
    others.sort_by_key(|p| crate::resolve::layering::precedence(p.scope()));
    others.retain(|p| seen.insert((p.file.dialect.client, p.server.name)));
    out.extend(others);
    // Files in input order, entries in file order: the order people read them in.
    let order = |p: &Placed<'_>| project.files.iter().position(|f| std::ptr::eq(f, p.file));
    out.sort_by_cached_key(|p| (order(p), p.locate(crate::finding::Target::Key, "").span.start));
    out
}

/// Why Claude Code's settings keep a server from loading: such a server is never started, not
/// even with `--yes` (`blocked-server` and `disallowed-server` report it).
fn blocked_by_policy(project: &ProjectContext<'_>, placed: &Placed<'_>) -> Option<String> {
    if placed.file.dialect.id != "claude-code" {
        return None;
    }
    project.claude_code_policy().why_not_loaded(placed).map(|why| format!("not probed: {why}"))
}

/// Why an entry is switched off in its own file (`"disabled": true`, `enabled = false`).
fn disabled(server: &crate::model::ServerEntry<'_>) -> Option<String> {
    if server.field("disabled").and_then(parse::Node::as_bool) == Some(true) {
        return Some("not probed: `\"disabled\": true` in the config".to_owned());
    }
    if server.field("enabled").and_then(parse::Node::as_bool) == Some(false) {
        return Some("not probed: `enabled` is false in the config".to_owned());
    }
    None
}

/// Mask the server's echoes of secrets (and token formats) in everything it sent back.
fn redact_outcome(outcome: &mut ProbeOutcome, secrets: &[String]) {
    let clean = |text: &mut String| *text = plan::redact_output(text, secrets);
    clean(&mut outcome.stderr_tail);
    outcome.non_json_lines.iter_mut().for_each(clean);
    outcome.non_jsonrpc_lines.iter_mut().for_each(clean);
    if let Some(error) = &mut outcome.error {
        clean(&mut error.message);
    }
}

/// Check one file's bytes against an empty environment (reproducible: every `${VAR}` without
/// a default is unset). `Err` only when the file parses but matches no dialect.
pub fn check_bytes(path: &Path, bytes: Vec<u8>, forced: Option<&'static Dialect>) -> Result<FileReport, ToolError> {
    check_bytes_in(path, bytes, forced, &Environment::empty())
}

/// Check one file's bytes with `${…}` references resolved against `env`.
pub fn check_bytes_in(
    path: &Path,
    bytes: Vec<u8>,
    forced: Option<&'static Dialect>,
    env: &Environment,
) -> Result<FileReport, ToolError> {
    finish_one(load_bytes(path, Provenance::EXPLICIT, bytes, forced), env)
}

/// Check one decoded file against an empty environment.
pub fn check_source(source: SourceFile, forced: Option<&'static Dialect>) -> Result<FileReport, ToolError> {
    check_source_in(source, forced, &Environment::empty())
}

/// Check one decoded file with `${…}` references resolved against `env`.
pub fn check_source_in(
    source: SourceFile,
    forced: Option<&'static Dialect>,
    env: &Environment,
) -> Result<FileReport, ToolError> {
    finish_one(load_source(source, Provenance::EXPLICIT, forced), env)
}

fn finish_one(loaded: Loaded, env: &Environment) -> Result<FileReport, ToolError> {
    match loaded {
        Loaded::Parsed(p) => {
            let settings = &config::NONE;
            let mut usage = Usage::new(settings);
            let (mut files, _, _, _) = analyse(vec![*p], env, None, settings, &mut usage, Stages::default());
            Ok(files.pop().expect("one file in, one report out"))
        }
        Loaded::Final(file) => Ok(*file),
        Loaded::Error(err) => Err(err),
    }
}

/// Whether a file is read as TOML: with `--dialect`, when that dialect's format is TOML
/// (Codex); otherwise when its name ends in `.toml`. Everything else is read as JSON (the
/// lenient parser covers JSONC and JSON5).
fn is_toml(path: &Path, forced: Option<&'static Dialect>) -> bool {
    match forced {
        Some(dialect) => dialect.syntax == Syntax::Toml,
        None => path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")),
    }
}

/// Parse a decoded file the way its dialect's client reads it: TOML (see [`is_toml`]) or JSON.
pub fn parse_source(source: &SourceFile, forced: Option<&'static Dialect>) -> Result<Document, SyntaxError> {
    if is_toml(source.path(), forced) { parse::parse_toml(source) } else { parse::parse(source) }
}

/// Decide a file's dialect: `--dialect`, else its path (the matrix row discovery found it
/// through, then the dialects' own file names), else its shape. Shape detection only offers
/// a TOML file to TOML dialects and a JSON file to JSON ones.
fn decide_dialect(
    path: &Path,
    found: Provenance,
    root: Option<&parse::Node>,
    forced: Option<&'static Dialect>,
) -> Option<(&'static Dialect, Role, Detection)> {
    let origin = found.origin;
    if let Some(dialect) = forced {
        return Some((dialect, dialect::role_when_forced(dialect, path, origin, root), Detection::Flag));
    }
    // A file found through a row of the matrix is that client's, wherever an environment
    // variable moved it: its role is the one of the row's default path when its own path
    // says nothing (`$CLAUDE_CONFIG_DIR/settings.json` is `~/.claude/settings.json`).
    if let Some(place) = found.place
        && let Some(dialect) = dialect::by_id(place.dialect)
    {
        let stand_in = place.at.last().map(|a| a.stand_in());
        let role = (dialect.role_for_path)(path, origin)
            .or_else(|| stand_in.and_then(|p| (dialect.role_for_path)(&p, origin)))
            .unwrap_or_else(|| dialect::role_when_forced(dialect, path, origin, root));
        return Some((dialect, role, Detection::Path));
    }
    if let Some((dialect, role)) = dialect::detect_by_path(path, origin) {
        return Some((dialect, role, Detection::Path));
    }
    let root = root?;
    let toml = is_toml(path, None);
    let (dialect, role) = dialect::ALL
        .iter()
        .filter(|d| (d.syntax == Syntax::Toml) == toml)
        .find_map(|d| (d.role_for_shape)(root).map(|role| (*d, role)))?;
    Some((dialect, role, Detection::Shape))
}

/// A file that could not be parsed: one `parse-error` finding.
fn unparsed(
    source: SourceFile,
    error: &SyntaxError,
    found: Provenance,
    forced: Option<&'static Dialect>,
) -> FileReport {
    let decision = decide_dialect(&source.path, found, None, forced);
    let finding = parse_error_finding(&source, error, decision.map(|(d, _, _)| d));
    FileReport {
        dialect: decision.map(|(d, _, _)| d.id),
        role: decision.map(|(_, r, _)| r.label),
        detection: decision.map(|(_, _, how)| how),
        servers: 0,
        findings: vec![finding],
        suppressed: Vec::new(),
        redact: Vec::new(),
        source,
    }
}

/// The `parse-error` finding for a file that could not be parsed.
pub fn parse_error_finding(source: &SourceFile, error: &SyntaxError, dialect: Option<&'static Dialect>) -> Finding {
    let consequence = match dialect {
        // Codex refuses to start on a `config.toml` it cannot parse (not only its servers).
        Some(d) if d.syntax == Syntax::Toml => {
            format!("{} stops at startup with `Error loading config.toml` and starts no server", d.client)
        }
        Some(d) => format!("{} cannot load any server from this file", d.client),
        None => "no client can load any server from this file".to_owned(),
    };
    let label = match error.kind {
        SyntaxErrorKind::Truncated => "file ends here",
        SyntaxErrorKind::InvalidUtf8 => "invalid byte here",
        SyntaxErrorKind::TooDeep => "too deep",
        SyntaxErrorKind::Empty => "nothing here",
        SyntaxErrorKind::TooLarge | SyntaxErrorKind::Invalid => "here",
    };
    let help = match error.kind {
        SyntaxErrorKind::InvalidUtf8 => "Re-save the file as UTF-8 text",
        SyntaxErrorKind::Empty => "Write at least `{ \"mcpServers\": {} }`, or delete the file",
        SyntaxErrorKind::Truncated if dialect.is_some_and(|d| d.syntax == Syntax::Toml) => {
            "Close every open string, array, inline table and `[table]` header; the file may have been cut off while saving"
        }
        SyntaxErrorKind::Truncated => {
            "Close every open string, array and object; the file may have been cut off while saving"
        }
        SyntaxErrorKind::TooDeep | SyntaxErrorKind::TooLarge => {
            "This is not a settings file a client can use; check what wrote it"
        }
        SyntaxErrorKind::Invalid => "Fix the syntax at this point; every other check of this file waits on it",
    };
    FindingBuilder::new(&rules::ParseError::META, format!("{}; {consequence}", error.message))
        .at_span(error.span, Some(label.to_owned()))
        .help(help)
        .build(&FileRef::new(source, None))
}

fn too_large(path: &Path, found: Provenance, forced: Option<&'static Dialect>) -> FileReport {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let error = SyntaxError {
        span: Span::point(0),
        message: format!(
            "the file is {size} bytes; mcpcheck reads settings files of up to {} MiB",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        kind: SyntaxErrorKind::TooLarge,
    };
    unparsed(SourceFile::new(path, String::new()), &error, found, forced)
}

/// Read a file, or `Ok(None)` when it is larger than [`MAX_FILE_BYTES`] (never reading more).
fn read_limited(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

/// An I/O error in words, for messages.
pub fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

/// Order findings by position, then rule, then message, so output is stable.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.primary.span.start, a.primary.span.end, a.rule.id, &a.message).cmp(&(
            b.primary.span.start,
            b.primary.span.end,
            b.rule.id,
            &b.message,
        ))
    });
}
