/*!
The default packs, embedded in the binary so `vigia check` works with no set-up. Their
sources are the YAML files in `rules/`.
*/

use super::pack::PackSource;

/// `(file name, YAML)` of every bundled pack, in load order.
pub const PACKS: &[(&str, &str)] = &[
    (
        "prohibited-topics.yaml",
        include_str!("../../rules/prohibited-topics.yaml"),
    ),
    (
        "confidential.yaml",
        include_str!("../../rules/confidential.yaml"),
    ),
    ("offensive.yaml", include_str!("../../rules/offensive.yaml")),
    ("inclusive.yaml", include_str!("../../rules/inclusive.yaml")),
    ("grammar.yaml", include_str!("../../rules/grammar.yaml")),
    ("channel.yaml", include_str!("../../rules/channel.yaml")),
    ("clarity.yaml", include_str!("../../rules/clarity.yaml")),
];

/// `(file name, YAML)` of every bundled lexicon (`rules/lexicons/`), read before the packs.
pub const LEXICONS: &[(&str, &str)] = &[];

/// The bundled packs as load sources.
pub fn sources() -> Vec<PackSource> {
    PACKS
        .iter()
        .map(|(name, text)| PackSource::Bundled(name, text))
        .collect()
}
