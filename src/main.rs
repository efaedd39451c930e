//! The `vigia` binary: parse arguments, run, map the outcome to an exit code.
#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::process::ExitCode;

use vigia::cli;
use vigia::commands::{spanish, subcommand};

fn main() -> ExitCode {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(first) = raw.get(1).and_then(|a| a.to_str())
        && let Some(meant) = subcommand::mistyped(first, cli::SUBCOMMANDS)
    {
        eprintln!("error: {}", subcommand::message(first, meant));
        return ExitCode::from(2);
    }
    let args = cli::with_default_subcommand(raw);
    let cli = match spanish::parse(args) {
        Ok(c) => c,
        Err(e) => {
            let to_stderr = e.use_stderr();
            let color = if to_stderr {
                std::io::stderr().is_terminal()
            } else {
                std::io::stdout().is_terminal()
            } && std::env::var_os("NO_COLOR").is_none();
            let rendered = e.render();
            let text = if color {
                rendered.ansi().to_string()
            } else {
                rendered.to_string()
            };
            let mut text = spanish::translate(&text);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            // A closed pipe (`vigia --help | head`) is not an error either.
            let _ = if to_stderr {
                std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes())
            } else {
                std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes())
            };
            return ExitCode::from(if to_stderr { 2 } else { 0 });
        }
    };
    match cli::run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        // A closed pipe (`vigia … | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
