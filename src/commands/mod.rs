/*!
Helpers of the command line that are not argument definitions: what a mistyped subcommand
was meant to be, which rule a short id names, the Spanish dress of clap's help and errors,
and the shell completions and man page generated from the same definitions.

The argument definitions themselves live in [`crate::cli`].
*/

pub mod generate;
pub mod lookup;
pub mod spanish;
pub mod subcommand;

/// Says on stderr, for each file named on the command line that the configuration excludes,
/// that it was not checked (unless `quiet`).
pub fn warn_excluded(summary: &crate::report::Summary, quiet: bool) {
    if quiet {
        return;
    }
    for path in &summary.excluded {
        eprintln!(
            "aviso: {path}: excluido por `exclude` de la configuración; no se revisó (vea `vigia config {path}`)"
        );
    }
}
