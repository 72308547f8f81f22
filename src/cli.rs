//! The command line: clap definitions and the mapping from a run to an exit code.
//!
//! Exit codes (DESIGN.md §2): 0 nothing at or above `--fail-on`; 1 findings at or above it;
//! 2 usage, I/O or internal error (fail closed); 3 nothing to check.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod completions;
mod doctor;
mod probe;

use crate::dialect;
use crate::finding::Severity;
use crate::pipeline::{self, CheckOptions};
use crate::report::{self, Format, RenderOptions};
use crate::resolve::env::{Environment, VarOrigin};

/// Validate and lint MCP (Model Context Protocol) client settings files.
#[derive(Debug, Parser)]
#[command(name = "mcpcheck", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint MCP settings files. Offline: never runs a server, never opens a socket, never writes.
    ///
    /// With no PATH, checks the project files of every client in the current directory (or
    /// --project): `.mcp.json`, `.cursor/mcp.json`, `.vscode/mcp.json`, `.gemini/settings.json`,
    /// `.codex/config.toml`… A directory PATH is searched the same way; a file PATH is checked
    /// whatever its name. --all adds every client's user, managed and system files on this
    /// machine; --explain-discovery lists every place looked at and why any was skipped.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Show what each client will really run: the effective servers, which file and scope each
    /// comes from, what it shadows, what does not load and why, and whether every `${VAR}` is
    /// set. Values of env, headers and secrets are never shown. Reads files only.
    ///
    /// Unlike `check`, it reads the user's files and Claude Code's managed directory by default
    /// (override with --home and --managed); --all adds the system scope.
    #[command(after_help = EXIT_CODES)]
    Config(ConfigArgs),
    /// Check, then start or connect to each server the clients would use, list its tools, and
    /// report what fails and why (spawn errors, early exits, timeouts, HTTP and OAuth, protocol
    /// violations) plus findings about the tools themselves.
    ///
    /// Probing runs the commands in your settings files. On a terminal it asks first, server by
    /// server; without one it probes only what --yes or --trust NAME allows (remote servers
    /// that receive no secret headers need no consent). Servers run in their own process
    /// group and never outlive the probe.
    #[command(after_help = EXIT_CODES)]
    Probe(probe::ProbeArgs),
    /// Explain why MCP servers won't work on this machine: every client's files in every
    /// scope, what each client will run, the environment each server needs (its command on
    /// PATH and on a desktop client's PATH, runtimes, files, variables, DNS/TCP/TLS/HTTP to a
    /// remote server), the probe (asks first; --yes, --no-probe), and a next step for each
    /// problem. Never changes a file.
    #[command(after_help = EXIT_CODES)]
    Doctor(doctor::DoctorArgs),
    /// List every rule: id, default severity, category, whether it runs offline, summary.
    Rules {
        /// Output format
        #[arg(long, value_enum, default_value_t = ConfigFormat::Human)]
        format: ConfigFormat,
    },
    /// Print one rule's documentation: what it does, why it matters, an example, what to write
    /// instead.
    Explain {
        /// Rule id (see `mcpcheck rules`)
        rule: String,
    },
    /// Print the JSON Schema mcpcheck validates a dialect against (for editors, too), or the
    /// schema of mcpcheck's own settings file (`mcpcheck-config`).
    Schema {
        /// Dialect id or `mcpcheck-config`; omit to list them.
        #[arg(value_parser = schema_ids())]
        dialect: Option<String>,
    },
    /// Print a shell completion script to standard output (bash, zsh, fish, powershell, elvish).
    ///
    /// Bash: `source <(mcpcheck completions bash)`; zsh: `mcpcheck completions zsh >
    /// ~/.zfunc/_mcpcheck` (with ~/.zfunc in $fpath); fish: `mcpcheck completions fish >
    /// ~/.config/fish/completions/mcpcheck.fish`.
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: completions::CompletionShell,
    },
    /// Print mcpcheck's man page (roff) to standard output: `mcpcheck man > mcpcheck.1`, or
    /// `mcpcheck man | man -l -`.
    Man,
}

const EXIT_CODES: &str = "Exit codes:\n  0  no finding at or above --fail-on\n  1  findings at or above --fail-on\n  2  usage, I/O or internal error\n  3  nothing to check (no settings file found; the places looked at are listed)";

#[derive(Debug, Args)]
struct InputArgs {
    /// Files or directories to check [default: the project's files]
    paths: Vec<PathBuf>,

    /// Check the file as this dialect instead of detecting it
    #[arg(long, value_parser = dialect_ids(), help_heading = "Input")]
    dialect: Option<String>,
    /// Project root to look in when no PATH is given [default: .]
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    project: Option<PathBuf>,
    /// Also read every client's user, managed and system files on this machine (~/.claude.json,
    /// ~/.cursor/mcp.json, $CODEX_HOME/config.toml, /etc/gemini-cli/settings.json…)
    #[arg(long, help_heading = "Input")]
    all: bool,
    /// Home directory: also read every client's user files under it (with --all: where they
    /// are looked for) [default with --all: your home directory]
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    home: Option<PathBuf>,
    /// Claude Code's managed (administrator) directory: also read its files (managed-mcp.json,
    /// managed-settings.json, managed-settings.d/*.json) [default with --all: /etc/claude-code,
    /// /Library/Application Support/ClaudeCode or C:\Program Files\ClaudeCode]
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    managed: Option<PathBuf>,
    /// Look for system-wide files (/etc/…, /Library/…, C:\ProgramData\…) under DIR instead of
    /// the filesystem root: a mounted image, a container's root, a test tree
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    system_root: Option<PathBuf>,
    /// Print every place looked at — found, not found, or skipped and why — to standard error
    /// (JSON output always carries it as `discovery`)
    #[arg(long, help_heading = "Input")]
    explain_discovery: bool,

    /// Resolve `${VAR}` against no environment at all (reproducible CI), and ignore the
    /// variables that move clients' files (CODEX_HOME, XDG_CONFIG_HOME…); combine with
    /// --env-file to declare the variables a project expects
    #[arg(long, help_heading = "Environment")]
    no_env: bool,
    /// Add the variables of a dotenv file (KEY=value lines); repeatable, later files win
    #[arg(long, value_name = "FILE", help_heading = "Environment")]
    env_file: Vec<PathBuf>,
    /// Set one variable; repeatable, wins over --env-file and the environment
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = crate::resolve::env::parse_assignment, help_heading = "Environment")]
    env_vars: Vec<(String, String)>,
}

impl InputArgs {
    /// The pipeline's options. With `read_machine` (`config`, or `--all`), the home directory
    /// and Claude Code's managed directory default to this machine's. The environment that
    /// `${VAR}` resolves against is also the one whose variables move clients' files.
    fn options(self, read_machine: bool) -> Result<CheckOptions, String> {
        let env = environment(self.no_env, &self.env_file, &self.env_vars)?;
        let os = crate::discover::Os::current();
        let read_machine = read_machine || self.all;
        let home = self.home.or_else(|| read_machine.then(home_dir).flatten());
        let managed = self
            .managed
            .or_else(|| read_machine.then(|| crate::discover::default_managed_dir(os, self.system_root.as_deref())));
        Ok(CheckOptions {
            env,
            paths: self.paths,
            dialect: self.dialect.as_deref().and_then(dialect::by_id),
            project: self.project.unwrap_or_else(|| PathBuf::from(".")),
            home,
            managed,
            all: self.all,
            system_root: self.system_root,
            os,
            ..CheckOptions::default()
        })
    }
}

/// This user's home directory, from the process environment (`HOME`, else `USERPROFILE`).
fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).filter(|h| !h.is_empty()).map(PathBuf::from)
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human, help_heading = "Output")]
    format: Format,
    /// Lowest severity that makes the run fail (exit 1)
    #[arg(long, value_enum, default_value_t = FailOn::Warning, help_heading = "Output")]
    fail_on: FailOn,
    /// Exit 0 even when findings are reported (errors of mcpcheck itself still exit 2)
    #[arg(long, help_heading = "Output")]
    exit_zero: bool,
    /// Never use colour (also: the NO_COLOR environment variable)
    #[arg(long, help_heading = "Output")]
    no_color: bool,
    /// Also show suppressed findings, with what suppressed them (JSON output always lists them)
    #[arg(long, help_heading = "Output")]
    show_suppressed: bool,

    /// mcpcheck settings file [default: mcpcheck.json or .mcpcheck.json in the project root or
    /// the nearest directory above it]
    #[arg(long, value_name = "FILE", help_heading = "Rules", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no mcpcheck settings file: every rule at its defaults, no ignore entries
    #[arg(long, help_heading = "Rules")]
    no_config: bool,
    /// Run only these rules (comma-separated or repeated)
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = rule_id, help_heading = "Rules")]
    select: Vec<String>,
    /// Do not run these rules (comma-separated or repeated)
    #[arg(long = "ignore", value_name = "RULE", value_delimiter = ',', value_parser = rule_id, help_heading = "Rules")]
    deselect: Vec<String>,
    /// Report only findings not recorded in this baseline file (wins over `baseline` in the
    /// settings file)
    #[arg(long, value_name = "FILE", help_heading = "Rules", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record every finding reported now in FILE (a baseline for later runs) and exit 0
    #[arg(long, value_name = "FILE", help_heading = "Rules")]
    write_baseline: Option<PathBuf>,
}

/// Accept a known rule id, suggesting the nearest one for a typo.
fn rule_id(text: &str) -> Result<String, String> {
    if crate::rules::by_id(text).is_some() {
        return Ok(text.to_owned());
    }
    let ids: Vec<&str> = crate::rules::CATALOGUE.iter().map(|m| m.id).collect();
    Err(match crate::validate::suggest(text, &ids) {
        Some(near) => format!("no rule `{text}`; did you mean `{near}`? (`mcpcheck rules` lists them)"),
        None => format!("no rule `{text}` (`mcpcheck rules` lists them)"),
    })
}

#[derive(Debug, Args)]
struct ConfigArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = ConfigFormat::Human, help_heading = "Output")]
    format: ConfigFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ConfigFormat {
    /// An indented listing for people.
    Human,
    /// A versioned JSON document for scripts.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(value: FailOn) -> Self {
        match value {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

fn dialect_ids() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(dialect::ids())
}

fn schema_ids() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(crate::validate::schema_ids())
}

/// Exit codes.
pub mod exit {
    /// Nothing at or above `--fail-on`.
    pub const CLEAN: u8 = 0;
    /// Findings at or above `--fail-on`.
    pub const FINDINGS: u8 = 1;
    /// Usage, I/O or internal error.
    pub const ERROR: u8 = 2;
    /// Nothing to check.
    pub const NOTHING: u8 = 3;
}

/// Parse the process arguments, run, and return the exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { exit::ERROR } else { exit::CLEAN };
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Config(args) => config(args),
        Command::Probe(args) => probe::run(args),
        Command::Doctor(args) => doctor::run(args),
        Command::Rules { format } => rules_command(format),
        Command::Explain { rule } => explain(&rule),
        Command::Schema { dialect } => schema(dialect.as_deref()),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
    }
}

/// The environment `${VAR}` references resolve against, from the flags.
fn environment(no_env: bool, env_files: &[PathBuf], vars: &[(String, String)]) -> Result<Environment, String> {
    let mut env = if no_env { Environment::empty() } else { Environment::from_process() };
    for file in env_files {
        env.load_env_file(file)?;
    }
    for (key, value) in vars {
        env.set(key.clone(), value.clone(), VarOrigin::Flag);
    }
    Ok(env)
}

fn check(args: CheckArgs) -> u8 {
    run_check(args, Vec::new(), pipeline::check)
}

/// Build the options from `args` (plus in-memory `sources`), run `pipeline` over them (check or
/// probe), render, and map the result to an exit code.
fn run_check(
    args: CheckArgs,
    sources: Vec<(crate::source::SourceFile, &'static dialect::Dialect)>,
    pipeline: impl FnOnce(&CheckOptions) -> pipeline::CheckOutcome,
) -> u8 {
    let explain = args.input.explain_discovery;
    let mut options = match args.input.options(false) {
        Ok(options) => options,
        Err(err) => {
            let _ = writeln!(io::stderr(), "mcpcheck: --env-file {err}");
            return exit::ERROR;
        }
    };
    options.config = match (args.config, args.no_config) {
        (Some(file), _) => crate::config::Source::File(file),
        (None, true) => crate::config::Source::Disabled,
        (None, false) => crate::config::Source::Discover,
    };
    options.select = (!args.select.is_empty()).then_some(args.select);
    options.deselect = args.deselect;
    options.baseline = args.baseline;
    options.no_baseline = args.write_baseline.is_some();
    options.sources = sources;
    let outcome = pipeline(&options);
    let fail_on = Severity::from(args.fail_on);
    let render_options = RenderOptions {
        color: use_color(args.no_color),
        width: width(),
        fail_on,
        show_suppressed: args.show_suppressed,
    };

    if explain {
        explain_discovery(&outcome.discovery, &options);
    }
    if let Some(path) = &args.write_baseline {
        return write_baseline(path, &outcome, &options);
    }

    let written = write_stdout(|out| {
        report::render_with_discovery(args.format, &outcome.report, &outcome.discovery, &render_options, out)
    });
    if let Err(code) = written {
        return code;
    }

    if let Some(tried) = &outcome.nothing_found {
        return nothing_to_check(tried);
    }
    if !outcome.report.errors.is_empty() {
        return exit::ERROR;
    }
    if let Some(code) = probe::consent_verdict(&outcome.report) {
        return code;
    }
    if !args.exit_zero && outcome.report.fails(fail_on) {
        return exit::FINDINGS;
    }
    exit::CLEAN
}

/// Record the run's findings as a baseline. A run that could not check everything (tool
/// errors, nothing found) writes nothing: a partial baseline would hide findings later.
fn write_baseline(path: &std::path::Path, outcome: &pipeline::CheckOutcome, options: &CheckOptions) -> u8 {
    if let Some(tried) = &outcome.nothing_found {
        return nothing_to_check(tried);
    }
    let mut stderr = io::stderr().lock();
    if !outcome.report.errors.is_empty() {
        for error in &outcome.report.errors {
            let at = error.path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default();
            let _ = writeln!(stderr, "mcpcheck: {at}{}", error.message);
        }
        let _ = writeln!(stderr, "mcpcheck: the baseline was not written: fix the errors above first");
        return exit::ERROR;
    }
    let root = std::fs::canonicalize(&options.project).unwrap_or_else(|_| options.project.clone());
    match crate::baseline::write(path, &outcome.report, &root) {
        Ok(count) => {
            let _ = writeln!(
                stderr,
                "mcpcheck: recorded {count} finding{} in {}; pass `--baseline {}` (or set `baseline` in mcpcheck.json) to report only new ones",
                if count == 1 { "" } else { "s" },
                path.display(),
                path.display()
            );
            exit::CLEAN
        }
        Err(err) => {
            let _ = writeln!(stderr, "mcpcheck: {}: {}", path.display(), err.message);
            exit::ERROR
        }
    }
}

fn rules_command(format: ConfigFormat) -> u8 {
    let written = write_stdout(|out| match format {
        ConfigFormat::Human => report::catalogue::human(out),
        ConfigFormat::Json => report::catalogue::json(out),
    });
    match written {
        Ok(()) => exit::CLEAN,
        Err(code) => code,
    }
}

fn explain(id: &str) -> u8 {
    let Some(meta) = crate::rules::by_id(id) else {
        let message = rule_id(id).err().unwrap_or_default();
        let _ = writeln!(io::stderr(), "mcpcheck: {message}");
        return exit::ERROR;
    };
    match write_stdout(|out| report::catalogue::explain(meta, out)) {
        Ok(()) => exit::CLEAN,
        Err(code) => code,
    }
}

fn config(args: ConfigArgs) -> u8 {
    let explain = args.input.explain_discovery;
    let options = match args.input.options(true) {
        Ok(options) => options,
        Err(err) => {
            let _ = writeln!(io::stderr(), "mcpcheck: --env-file {err}");
            return exit::ERROR;
        }
    };
    let outcome = pipeline::config(&options);
    if explain {
        explain_discovery(&outcome.discovery, &options);
    }
    let written = write_stdout(|out| match args.format {
        ConfigFormat::Human => report::config::human(&outcome, out),
        ConfigFormat::Json => report::config::json(&outcome, out),
    });
    if let Err(code) = written {
        return code;
    }
    if let Some(tried) = &outcome.nothing_found {
        return nothing_to_check(tried);
    }
    if outcome.errors.is_empty() { exit::CLEAN } else { exit::ERROR }
}

/// Write a report to stdout. A reader that went away (`mcpcheck … | head`) is not an error;
/// any other write failure is exit code 2.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), u8> {
    let mut stdout = io::stdout().lock();
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            let _ = writeln!(io::stderr(), "mcpcheck: cannot write the report: {err}");
            Err(exit::ERROR)
        }
        _ => Ok(()),
    }
}

/// `--explain-discovery`: every place of the search, to standard error.
fn explain_discovery(tried: &[crate::discover::Tried], options: &CheckOptions) {
    let _ = write!(io::stderr().lock(), "{}", crate::discover::explain(tried, options.os));
}

fn nothing_to_check(tried: &[crate::discover::Tried]) -> u8 {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "mcpcheck: nothing to check: no MCP settings file found. Looked for:");
    let _ = write!(stderr, "{}", crate::discover::looked_at_by_client(tried));
    let _ = writeln!(
        stderr,
        "Pass files or directories to check, or --project DIR; --all also looks in every client's user and system files; --explain-discovery lists every place and why any was skipped."
    );
    exit::NOTHING
}

fn schema(dialect_id: Option<&str>) -> u8 {
    let mut stdout = io::stdout().lock();
    let written = match dialect_id {
        Some(id) => match crate::validate::schema_text(id) {
            Some(text) => write!(stdout, "{}", text.trim_end()).and_then(|()| writeln!(stdout)),
            None => {
                let _ = writeln!(io::stderr(), "mcpcheck: no schema for dialect `{id}`");
                return exit::ERROR;
            }
        },
        None => dialect::ALL
            .iter()
            .map(|d| (d.id, d.summary))
            .chain([(crate::config::SCHEMA_ID, "mcpcheck's own settings file (mcpcheck.json)")])
            .try_for_each(|(id, summary)| writeln!(stdout, "{id:<22} {summary}")),
    };
    match written {
        Ok(()) => exit::CLEAN,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => exit::CLEAN,
        Err(_) => exit::ERROR,
    }
}

/// Colour only on a terminal, and never with `--no-color` or a non-empty `NO_COLOR`.
fn use_color(no_color_flag: bool) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color_flag && !no_color_env && io::stdout().is_terminal()
}

/// Wrap width: `COLUMNS` when set, else 100.
fn width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w| w >= 40).unwrap_or(100)
}
