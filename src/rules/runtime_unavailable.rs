//! `runtime-unavailable`: the runtime a server needs is there but cannot serve it: the Docker
//! daemon does not answer, `node` is missing behind `npx`, or a version is below what the
//! package declares.

use super::probe_failure::{at_field, clean, name, runtime};
use super::{Rule, RuleMeta};
use crate::doctor::context::{CheckedServer, MachineContext};
use crate::doctor::facts::RuntimeFacts;
use crate::finding::{Finding, FindingBuilder, shorten};

declare_rule! {
    /// ## What it does
    /// Reports, in `mcpcheck doctor`, a runtime that cannot run the server although the
    /// command is found: `docker` is installed but its daemon does not answer (`docker info`
    /// fails), the runtime behind a launcher is missing (`npx` without `node` on the same
    /// `PATH`) or does not answer `--version`, or the installed package declares a minimum
    /// Node.js version (`engines.node` in `node_modules/<package>/package.json`) that the
    /// `node` found does not meet.
    ///
    /// ## Why is this bad?
    /// The client starts the command, which fails at once: `docker run` with "Cannot connect
    /// to the Docker daemon", `npx` with "env: node: No such file or directory", a package
    /// with a syntax error or an "unsupported engine" message. The client shows the server as
    /// failed, often without the reason.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "github": { "command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"] } } }
    /// ```
    /// (with Docker Desktop not running)
    ///
    /// ## Use instead
    /// Start Docker (Docker Desktop, or `sudo systemctl start docker`), install or upgrade the
    /// runtime, or point `command` at one that fits.
    ///
    /// ## Known limitations
    /// Minimum versions are known only for packages already installed in the project's (or
    /// `cwd`'s) `node_modules`; nothing is downloaded to learn them. Only simple ranges
    /// (`>=`, `^`, `<`, `||`) are compared. Runs only in `mcpcheck doctor`.
    ///
    /// ## References
    /// - <https://docs.docker.com/engine/daemon/start/>
    /// - <https://docs.npmjs.com/cli/v10/configuring-npm/package-json#engines>
    pub RuntimeUnavailable {
        id: "runtime-unavailable",
        summary: "The server's runtime cannot run it: Docker daemon down, `node` missing behind `npx`, or below the package's minimum",
        severity: Error,
        category: Portability,
        needs: Machine,
    }
}

impl Rule for RuntimeUnavailable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_machine(&self, cx: &MachineContext<'_>, out: &mut Vec<Finding>) {
        for checked in cx.servers {
            for runtime_facts in &checked.facts.runtimes {
                for builder in findings(checked, runtime_facts) {
                    out.push(builder.build(&checked.cx.file));
                }
            }
        }
    }
}

fn findings(checked: &CheckedServer<'_>, facts: &RuntimeFacts) -> Vec<FindingBuilder> {
    let server = checked.server;
    let client = checked.cx.dialect.client;
    let runtime_name = clean(&shorten(&facts.name, 20));
    let at = |message: String, label: &str, help: String| {
        at_field(FindingBuilder::new(&RuntimeUnavailable::META, message), server, "command", Some(label.to_owned()))
            .help(help)
    };
    let mut out = Vec::new();
    if facts.daemon == Some(false) {
        let detail =
            facts.daemon_detail.as_deref().map(|d| format!(" (`{}`)", clean(&shorten(d, 120)))).unwrap_or_default();
        out.push(at(
            format!("server `{}`: `docker` is installed but its daemon does not answer{detail}, so the container {client} starts cannot run", name(server)),
            "no Docker daemon",
            "Start Docker (open Docker Desktop, or run `sudo systemctl start docker`), then check with `docker info`; if you use another engine (Colima, Podman), start it and point `DOCKER_HOST` at it".to_owned(),
        ));
    }
    if let Some(error) = &facts.error {
        let install = runtime(&facts.name).unwrap_or("the runtime");
        out.push(at(
            format!("server `{}`: the runtime `{runtime_name}` it needs is not usable: {}", name(server), clean(&shorten(error, 120))),
            "runtime not usable",
            format!("Install {install} on the same `PATH` as the command, or set `command` to the absolute path of a working one; `{runtime_name} --version` in a terminal shows the same problem"),
        ));
    }
    if let (Some(required), Some(version)) = (&facts.required, &facts.version)
        && crate::doctor::runtime::satisfies(version, &required.range) == Some(false)
    {
        let package = clean(&shorten(&required.package, 60));
        let range = clean(&shorten(&required.range, 40));
        out.push(at(
            format!("server `{}`: `{package}` requires {runtime_name} `{range}` (its `engines.node`), but the `{runtime_name}` found is {}", name(server), clean(version)),
            "runtime too old",
            format!("Install a `{runtime_name}` that meets `{range}` (with nvm: `nvm install` and an absolute path to its `npx` in `command`), or pin an older version of `{package}` that supports {}", clean(version)),
        ));
    }
    out
}
