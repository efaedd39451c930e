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
pub struct ManArgs {
    /// Orden cuya página se escribe (`vigia man check` es vigia-check(1)); sin ella, la
    /// página de vigia.
    #[arg(value_name = "ORDEN")]
    pub command: Option<String>,
}

/// Writes the completion script for `args.shell` to `out`.
pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = super::spanish::command();
    // clap_complete panics on a write error: render to memory, so that a closed pipe is an
    // ordinary I/O error of ours.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "vigia", &mut script);
    out.write_all(&script)
}

/// The roff section headings clap_mangen writes, in Spanish.
const SECTIONS: &[(&str, &str)] = &[
    (".SH NAME", ".SH NOMBRE"),
    (".SH SYNOPSIS", ".SH SINOPSIS"),
    (".SH DESCRIPTION", ".SH DESCRIPCIÓN"),
    (".SH OPTIONS", ".SH OPCIONES"),
    (".SH SUBCOMMANDS", ".SH ÓRDENES"),
    (".SH Órdenes", ".SH ÓRDENES"),
    (".SH Argumentos", ".SH ARGUMENTOS"),
    (".SH Opciones", ".SH OPCIONES"),
    (".SH VERSION", ".SH VERSIÓN"),
    (".SH AUTHORS", ".SH AUTORES"),
    (".SH EXTRA", ".SH MÁS"),
];

/// Writes the man page of `vigia`, or of one of its subcommands (`vigia-check(1)`), in
/// section 1 roff, to `out`; an unknown subcommand is an error that lists them.
pub fn man(args: &ManArgs, out: &mut dyn Write) -> io::Result<Result<(), String>> {
    let root = super::spanish::command();
    let (cmd, title) = match args.command.as_deref() {
        None => (root, "vigia".to_string()),
        Some(name) => match root.find_subcommand(name) {
            Some(sub) => (
                sub.clone().bin_name(format!("vigia {name}")),
                format!("vigia-{name}"),
            ),
            None => {
                let names: Vec<&str> = root.get_subcommands().map(|s| s.get_name()).collect();
                let hint = crate::rules::did_you_mean(name, names.iter().copied())
                    .map(|m| format!("; ¿quiso decir {m}?"))
                    .unwrap_or_default();
                return Ok(Err(format!(
                    "no hay una orden «{name}»{hint} (órdenes: {})",
                    names.join(", ")
                )));
            }
        },
    };
    render_man(cmd, title, out).map(Ok)
}

fn render_man(cmd: clap::Command, title: String, out: &mut dyn Write) -> io::Result<()> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd)
        .title(title)
        .source(concat!("vigia ", env!("CARGO_PKG_VERSION")))
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
        man(&ManArgs { command: None }, &mut out)
            .expect("renders")
            .expect("the page of vigia");
        let page = String::from_utf8(out).expect("utf-8");
        assert!(
            page.starts_with(".ie") || page.contains(".TH vigia"),
            "{page}"
        );
        assert!(page.contains(".SH SINOPSIS"), "{page}");
        assert!(page.contains(".SH OPCIONES"), "{page}");
        assert!(!page.contains(".SH OPTIONS"), "{page}");
        assert!(page.contains("explain"), "{page}");
        let mut out = Vec::new();
        let args = ManArgs {
            command: Some("check".into()),
        };
        man(&args, &mut out).expect("renders").expect("a page");
        let page = String::from_utf8(out).expect("utf-8");
        assert!(page.contains(".TH vigia-check 1"), "{page}");
        assert!(
            page.contains("fail/-on") || page.contains("fail\\-on"),
            "{page}"
        );
        let bad = ManArgs {
            command: Some("chek".into()),
        };
        let err = man(&bad, &mut Vec::new()).expect("no I/O").unwrap_err();
        assert!(err.contains("¿quiso decir check?"), "{err}");
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
