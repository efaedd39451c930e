/*!
`vigia FILE` means `vigia check FILE`, so a mistyped subcommand (`vigia explian dni`) would be
read as two paths that do not exist. A first argument that is not a path on disk, does not
look like one, and is within a small edit distance of a subcommand is taken for a typo of it.
*/

use std::path::Path;

/// The subcommand `first` is probably a typo of, if any: `first` is not a subcommand, does
/// not exist as a path, has no path separator or extension, and is close to one of
/// `subcommands` (edit distance at most 2, by [`crate::rules::did_you_mean`]).
pub fn mistyped<'a>(first: &str, subcommands: &[&'a str]) -> Option<&'a str> {
    if first.is_empty()
        || first.starts_with('-')
        || subcommands.contains(&first)
        || first.contains(['/', '\\', '.'])
        || Path::new(first).exists()
    {
        return None;
    }
    let lower = first.to_lowercase();
    crate::rules::did_you_mean(&lower, subcommands.iter().copied())
        .filter(|s| strsim::levenshtein(&lower, s) <= 2)
}

/// The Spanish error for a mistyped subcommand.
pub fn message(first: &str, meant: &str) -> String {
    format!(
        "«{first}» no es una orden de vigia ni un archivo que exista; ¿quiso decir {meant}? \
         (para revisar un archivo, `vigia check RUTA`)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUBS: &[&str] = &["check", "explain", "rules", "stats", "words", "lsp"];

    #[test]
    fn typos_of_subcommands_are_caught() {
        assert_eq!(mistyped("explian", SUBS), Some("explain"));
        assert_eq!(mistyped("chekc", SUBS), Some("check"));
        assert_eq!(mistyped("Rules", SUBS), Some("rules"));
        assert_eq!(mistyped("stast", SUBS), Some("stats"));
    }

    #[test]
    fn paths_and_far_words_are_not() {
        assert_eq!(mistyped("explain", SUBS), None);
        assert_eq!(mistyped("borrador.md", SUBS), None);
        assert_eq!(mistyped("drafts/explian", SUBS), None);
        assert_eq!(mistyped("-", SUBS), None);
        assert_eq!(mistyped("--format", SUBS), None);
        assert_eq!(mistyped("borradores", SUBS), None);
        // An existing path is always a path, however close to a subcommand.
        assert_eq!(mistyped("src", &["src-x", "srcs"]), None);
    }
}
