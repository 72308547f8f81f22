//! `command-hidden-from-desktop-client`: the `command` is found only through the `PATH` shell
//! profiles build, which a client launched from the desktop does not have.

use super::probe_failure::{at_field, clean, name};
use super::{Rule, RuleMeta};
use crate::doctor::context::MachineContext;
use crate::doctor::path::LookupStatus;
use crate::finding::{Finding, FindingBuilder, shorten};

declare_rule! {
    /// ## What it does
    /// Reports a stdio server whose `command` is a bare name that `mcpcheck doctor` finds on
    /// the `PATH` of your shell but not on the `PATH` a client launched from the desktop
    /// starts servers with. Claude Desktop, opened from the Dock, the Start menu or a
    /// launcher, reads no shell profile: its `PATH` is the operating system's default
    /// (macOS: `/usr/bin:/bin:/usr/sbin:/sbin`).
    ///
    /// ## Why is this bad?
    /// The server works when you try the command in a terminal, and fails in the client with
    /// "spawn npx ENOENT" or just "disconnected". Node.js installed with nvm, Python tools
    /// installed with pyenv or asdf, and Homebrew on Apple Silicon (`/opt/homebrew/bin`) are
    /// all added to `PATH` by shell profiles only.
    ///
    /// ## Example
    /// ```json
    /// { "mcpServers": { "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/notes"] } } }
    /// ```
    /// (with Node.js from nvm)
    ///
    /// ## Use instead
    /// ```json
    /// { "mcpServers": { "files": { "command": "/Users/me/.nvm/versions/node/v22.11.0/bin/npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/notes"], "env": { "PATH": "/Users/me/.nvm/versions/node/v22.11.0/bin:/usr/bin:/bin" } } } }
    /// ```
    /// (`npx` runs `node` through `#!/usr/bin/env node`, so the directory must be on the
    /// server's `PATH` too.)
    ///
    /// ## Known limitations
    /// Only Claude Desktop is modelled. VS Code (and Cursor, Windsurf, Cline and Roo Code
    /// inside such editors) and Zed run your login shell once at start-up and take its
    /// environment, so they see what your shell profiles add. On Linux a display manager may
    /// add what `~/.profile` sets; mcpcheck assumes it adds nothing. Runs only in
    /// `mcpcheck doctor`.
    ///
    /// ## References
    /// - <https://modelcontextprotocol.io/docs/develop/connect-local-servers>
    /// - <https://code.visualstudio.com/docs/configure/command-line>
    pub CommandHiddenFromDesktopClient {
        id: "command-hidden-from-desktop-client",
        summary: "The `command` is found only on your shell's `PATH`, not on the one a desktop-launched client uses",
        severity: Error,
        category: Portability,
        needs: Machine,
    }
}

impl Rule for CommandHiddenFromDesktopClient {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_machine(&self, cx: &MachineContext<'_>, out: &mut Vec<Finding>) {
        for checked in cx.servers {
            let Some(command) = &checked.facts.command else { continue };
            let (Some(desktop), Some(found)) = (&command.desktop, &command.path) else { continue };
            if command.status != LookupStatus::Found || desktop.path.is_some() {
                continue;
            }
            let server = checked.server;
            let client = checked.cx.dialect.client;
            let program = clean(&shorten(&command.program, 60));
            let found = clean(&found.display().to_string());
            let dir = found.rsplit_once('/').map_or(found.as_str(), |(dir, _)| dir).to_owned();
            let desktop_path: Vec<String> = desktop.searched.iter().map(|d| d.display().to_string()).collect();
            let message = format!(
                "server `{}`: `{program}` is found only in `{dir}`, which your shell adds to `PATH`; {client} launched from the desktop starts servers with `{}` and will not find it",
                name(server),
                desktop_path.join(":")
            );
            let help = format!(
                "Set `command` to `{found}`, and add `\"PATH\": \"{dir}:{}\"` to the entry's `env` so that what it starts (e.g. `node` behind `npx`) is found too",
                desktop_path.join(":")
            );
            let builder = FindingBuilder::new(&Self::META, message);
            out.push(
                at_field(builder, server, "command", Some("not on the desktop PATH".to_owned()))
                    .help(help)
                    .build(&checked.cx.file),
            );
        }
    }
}
