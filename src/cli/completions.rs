//! `mcpcheck completions SHELL` and `mcpcheck man`: shell completion scripts and a roff man page,
//! both generated from the clap definitions, so they never drift from the real flags.

use std::io::{self, Write};

use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;

use super::{Cli, exit};

/// A shell mcpcheck can write a completion script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum CompletionShell {
    /// Bash: `source <(mcpcheck completions bash)`
    Bash,
    /// Zsh: save as `_mcpcheck` in a directory of `$fpath`
    Zsh,
    /// Fish: save as `~/.config/fish/completions/mcpcheck.fish`
    Fish,
    /// PowerShell: `mcpcheck completions powershell | Out-String | Invoke-Expression`
    Powershell,
    /// Elvish: `eval (mcpcheck completions elvish | slurp)`
    Elvish,
}

impl CompletionShell {
    /// The clap_complete generator for this shell.
    fn generator(self) -> Shell {
        match self {
            Self::Bash => Shell::Bash,
            Self::Zsh => Shell::Zsh,
            Self::Fish => Shell::Fish,
            Self::Powershell => Shell::PowerShell,
            Self::Elvish => Shell::Elvish,
        }
    }
}

/// Writes the completion script for `shell` to standard output.
pub(super) fn completions(shell: CompletionShell) -> u8 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell.generator(), &mut command, "mcpcheck", &mut script);
    write_stdout(&script)
}

/// Writes mcpcheck's man page (roff, section 1, every subcommand included) to standard output.
pub(super) fn man() -> u8 {
    let mut page = Vec::new();
    if let Err(err) = render_man_page(&mut page) {
        let _ = writeln!(io::stderr(), "mcpcheck: cannot render the man page: {err}");
        return exit::ERROR;
    }
    write_stdout(&page)
}

/// The man page: the top-level page (name, synopsis, description, options, the list of
/// subcommands), then one section per subcommand with its synopsis, description and options as
/// subsections (`.SS`), so `man mcpcheck` documents every flag.
fn render_man_page(out: &mut Vec<u8>) -> io::Result<()> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
        let name = format!("mcpcheck {}", sub.get_name());
        writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
        let sub_man = clap_mangen::Man::new(sub.clone().bin_name(name));
        let mut section = Vec::new();
        sub_man.render_synopsis_section(&mut section)?;
        sub_man.render_description_section(&mut section)?;
        sub_man.render_options_section(&mut section)?;
        for line in String::from_utf8_lossy(&section).lines() {
            match line.strip_prefix(".SH ") {
                Some(heading) => writeln!(out, ".SS {heading}")?,
                None => writeln!(out, "{line}")?,
            }
        }
    }
    man.render_version_section(out)?;
    Ok(())
}

/// Writes `bytes` to standard output; a closed pipe is not an error of mcpcheck's.
fn write_stdout(bytes: &[u8]) -> u8 {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => exit::CLEAN,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => exit::CLEAN,
        Err(err) => {
            let _ = writeln!(io::stderr(), "mcpcheck: cannot write to standard output: {err}");
            exit::ERROR
        }
    }
}
