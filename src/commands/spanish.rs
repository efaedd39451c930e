/*!
Clap speaks English; vigia's users read Spanish. The command built from [`Cli`]'s derive is
dressed here, once, for every use of it (parsing, help, completions, the man page): Spanish
headings (`Uso:`, `Argumentos:`, `Opciones:`, `Órdenes:`), its own `-h/--help` and
`-V/--version` flags with Spanish descriptions, and the `help` subcommand's description.
The few fixed phrases clap prints itself (its usage placeholders and the words of its
errors) are translated in [`translate`].
*/

use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;

/// Heading of positional arguments.
pub const ARGUMENTS: &str = "Argumentos";
/// Heading of options.
pub const OPTIONS: &str = "Opciones";
/// Heading of subcommands.
pub const COMMANDS: &str = "Órdenes";

const TEMPLATE: &str = "{before-help}{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}";

/// The command line of `vigia`, in Spanish.
pub fn command() -> Command {
    localize(Cli::command(), true)
}

/// Parses `args` with the Spanish command.
pub fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.with_cmd(&cmd))
}

/// Spanish headings, help flags and template for `cmd` and its subcommands.
fn localize(cmd: Command, root: bool) -> Command {
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name("ORDEN")
        .disable_help_flag(true)
        .mut_args(|a| {
            let heading = if a.is_positional() {
                ARGUMENTS
            } else {
                OPTIONS
            };
            let a = match a.get_value_names() {
                Some([name]) => match value_name(name.as_str()) {
                    Some(es) => a.clone().value_name(es),
                    None => a,
                },
                _ => a,
            };
            a.help_heading(heading)
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Muestra esta ayuda")
                .help_heading(OPTIONS)
                .global(false),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Muestra la versión")
                .help_heading(OPTIONS),
        );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |s| localize(s, false));
    }
    if root {
        // Clap adds its `help` subcommand when building: build, then dress it.
        cmd.build();
        cmd = cmd.mut_subcommand("help", |h| {
            h.about("Muestra la ayuda de vigia o la de una orden")
                .help_template(TEMPLATE)
                .mut_args(|a| a.value_name("ORDEN").help_heading(ARGUMENTS))
        });
    }
    cmd
}

/// Spanish value names for the English ones clap derives from field names.
fn value_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "FORMAT" => "FORMATO",
        "FAIL_ON" => "NIVEL",
        "COLOR" => "CUÁNDO",
        "RULE" => "REGLA",
        "SHELL" => "SHELL",
        "DIR" => "DIRECTORIO",
        "PATH" => "RUTA",
        "PATHS" => "RUTA",
        "FILE" => "ARCHIVO",
        _ => return None,
    })
}

/// Clap's own fixed words in rendered help, usage and errors, in Spanish.
const PHRASES: &[(&str, &str)] = &[
    ("Usage:", "Uso:"),
    ("[OPTIONS]", "[OPCIONES]"),
    ("<COMMAND>", "<ORDEN>"),
    ("[COMMAND]", "[ORDEN]"),
    ("For more information, try", "Para más información, pruebe"),
    ("unexpected argument", "argumento inesperado"),
    ("invalid value", "valor no válido"),
    ("for '", "para '"),
    ("[possible values:", "[valores posibles:"),
    ("Possible values:", "Valores posibles:"),
    ("possible values:", "valores posibles:"),
    ("[default:", "[por omisión:"),
    (
        "tip: a similar argument exists:",
        "sugerencia: existe un argumento parecido:",
    ),
    (
        "tip: a similar value exists:",
        "sugerencia: existe un valor parecido:",
    ),
    ("tip: to pass '", "sugerencia: para pasar '"),
    ("' as a value, use '", "' como valor, use '"),
    (
        "the following required arguments were not provided:",
        "faltan estos argumentos obligatorios:",
    ),
    ("a value is required for '", "falta un valor para '"),
    ("but none was supplied", "y no se dio ninguno"),
    ("the argument '", "el argumento '"),
    ("cannot be used with", "no se puede usar con"),
    ("cannot be used multiple times", "no se puede repetir"),
    ("unrecognized subcommand", "orden desconocida"),
    (
        "requires a subcommand but one was not provided",
        "necesita una orden y no se dio ninguna",
    ),
    ("subcommands:", "órdenes:"),
    ("unexpected value", "valor inesperado"),
    ("' found", "'"),
    ("invalid digit found in string", "no es un número"),
];

/// `text` (help, usage or an error rendered by clap) with clap's fixed phrases in Spanish.
pub fn translate(text: &str) -> String {
    let mut out = text.to_string();
    for (en, es) in PHRASES {
        if out.contains(en) {
            out = out.replace(en, es);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(args: &[&str]) -> String {
        let mut all = vec!["vigia"];
        all.extend_from_slice(args);
        let err =
            parse(all.into_iter().map(Into::into).collect()).expect_err("help is an early exit");
        translate(&err.render().to_string())
    }

    #[test]
    fn the_definition_is_valid() {
        command().debug_assert();
    }

    #[test]
    fn help_is_spanish() {
        for args in [&["--help"][..], &["check", "--help"], &["explain", "-h"]] {
            let text = help(args);
            for english in [
                "Usage:",
                "Options:",
                "Arguments:",
                "Commands:",
                "Print help",
            ] {
                assert!(!text.contains(english), "{args:?}: {english} in\n{text}");
            }
            assert!(text.contains("Uso:"), "{text}");
            assert!(text.contains("Opciones:"), "{text}");
        }
        assert!(help(&["--help"]).contains("Órdenes:"));
        assert!(help(&["explain", "--help"]).contains("Argumentos:"));
    }

    #[test]
    fn errors_are_spanish() {
        let text = help(&["check", "--formta", "json"]);
        assert!(text.contains("argumento inesperado"), "{text}");
        assert!(!text.contains("For more information"), "{text}");
        let text = help(&["check", "--fix", "--write-baseline", "b.json", "a.md"]);
        assert!(
            text.contains("el argumento '--fix' no se puede usar con"),
            "{text}"
        );
        let text = help(&["explain"]);
        assert!(
            text.contains("faltan estos argumentos obligatorios"),
            "{text}"
        );
    }
}
