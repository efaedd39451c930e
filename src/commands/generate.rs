/*!
`vigia completions SHELL` and `vigia man`: shell completions (clap_complete) and a man page
in roff (clap_mangen), both generated from the same Spanish command definition that parses
the command line ([`super::spanish::command`]), so they cannot drift from it.
*/

use std::io::{self, Write};

use clap::Args;

/// Arguments of `vigia completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell para el que se generan: bash, zsh, fish, elvish o powershell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Arguments of `vigia man`.
#[derive(Debug, Args)]
pub struct ManArgs {}

/// Writes the completion script for `args.shell` to `out`.
pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = super::spanish::command();
    clap_complete::generate(args.shell, &mut cmd, "vigia", out);
    Ok(())
}

/// The roff section headings clap_mangen writes, in Spanish.
const SECTIONS: &[(&str, &str)] = &[
    (".SH NAME", ".SH NOMBRE"),
    (".SH SYNOPSIS", ".SH SINOPSIS"),
    (".SH DESCRIPTION", ".SH DESCRIPCIÓN"),
    (".SH OPTIONS", ".SH OPCIONES"),
    (".SH SUBCOMMANDS", ".SH ÓRDENES"),
    (".SH VERSION", ".SH VERSIÓN"),
    (".SH AUTHORS", ".SH AUTORES"),
    (".SH EXTRA", ".SH MÁS"),
];

/// Writes the man page of `vigia` (section 1, roff) to `out`.
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    let cmd = super::spanish::command();
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd)
        .manual("Manual de vigia")
        .render(&mut roff)?;
    let text = String::from_utf8_lossy(&roff);
    for line in text.lines() {
        let line = SECTIONS
            .iter()
            .find(|(en, _)| line == *en)
            .map_or(line, |(_, es)| es);
        let line = super::spanish::translate(line);
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_page_is_spanish_roff() {
        let mut out = Vec::new();
        man(&mut out).expect("renders");
        let page = String::from_utf8(out).expect("utf-8");
        assert!(page.starts_with(".ie") || page.contains(".TH vigia"), "{page}");
        assert!(page.contains(".SH SINOPSIS"), "{page}");
        assert!(page.contains(".SH OPCIONES"), "{page}");
        assert!(!page.contains(".SH OPTIONS"), "{page}");
        assert!(page.contains("explain"), "{page}");
    }

    #[test]
    fn completions_name_every_subcommand() {
        for shell in [clap_complete::Shell::Bash, clap_complete::Shell::Zsh] {
            let mut out = Vec::new();
            completions(&CompletionsArgs { shell }, &mut out).expect("renders");
            let script = String::from_utf8(out).expect("utf-8");
            for sub in ["check", "explain", "completions", "--fail-on"] {
                assert!(script.contains(sub), "{shell:?}: {sub}");
            }
        }
    }
}
