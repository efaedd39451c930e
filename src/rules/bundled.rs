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
pub const LEXICONS: &[(&str, &str)] = &[
    (
        "account-claims.yaml",
        include_str!("../../rules/lexicons/account-claims.yaml"),
    ),
    (
        "bible-books.yaml",
        include_str!("../../rules/lexicons/bible-books.yaml"),
    ),
    (
        "business-kinds.yaml",
        include_str!("../../rules/lexicons/business-kinds.yaml"),
    ),
    (
        "campaign-slogans.yaml",
        include_str!("../../rules/lexicons/campaign-slogans.yaml"),
    ),
    (
        "case-file-nouns.yaml",
        include_str!("../../rules/lexicons/case-file-nouns.yaml"),
    ),
    (
        "collective-alternatives.yaml",
        include_str!("../../rules/lexicons/collective-alternatives.yaml"),
    ),
    (
        "commercial-calls.yaml",
        include_str!("../../rules/lexicons/commercial-calls.yaml"),
    ),
    (
        "confidentiality-markers.yaml",
        include_str!("../../rules/lexicons/confidentiality-markers.yaml"),
    ),
    (
        "data-exposure-verbs.yaml",
        include_str!("../../rules/lexicons/data-exposure-verbs.yaml"),
    ),
    (
        "electoral-nouns.yaml",
        include_str!("../../rules/lexicons/electoral-nouns.yaml"),
    ),
    (
        "electoral-persons.yaml",
        include_str!("../../rules/lexicons/electoral-persons.yaml"),
    ),
    (
        "endorsement-verbs.yaml",
        include_str!("../../rules/lexicons/endorsement-verbs.yaml"),
    ),
    (
        "grammar-accented-nouns.yaml",
        include_str!("../../rules/lexicons/grammar-accented-nouns.yaml"),
    ),
    (
        "grammar-after-verb.yaml",
        include_str!("../../rules/lexicons/grammar-after-verb.yaml"),
    ),
    (
        "grammar-el-feminine-nouns.yaml",
        include_str!("../../rules/lexicons/grammar-el-feminine-nouns.yaml"),
    ),
    (
        "grammar-function-words.yaml",
        include_str!("../../rules/lexicons/grammar-function-words.yaml"),
    ),
    (
        "greeting-adjectives.yaml",
        include_str!("../../rules/lexicons/greeting-adjectives.yaml"),
    ),
    (
        "health-conditions.yaml",
        include_str!("../../rules/lexicons/health-conditions.yaml"),
    ),
    (
        "insulting-adjectives.yaml",
        include_str!("../../rules/lexicons/insulting-adjectives.yaml"),
    ),
    (
        "insulting-nouns.yaml",
        include_str!("../../rules/lexicons/insulting-nouns.yaml"),
    ),
    (
        "intercultural-derogatory.yaml",
        include_str!("../../rules/lexicons/intercultural-derogatory.yaml"),
    ),
    (
        "messaging-channels.yaml",
        include_str!("../../rules/lexicons/messaging-channels.yaml"),
    ),
    (
        "parties-ambiguous.yaml",
        include_str!("../../rules/lexicons/parties-ambiguous.yaml"),
    ),
    (
        "parties-movements.yaml",
        include_str!("../../rules/lexicons/parties-movements.yaml"),
    ),
    (
        "partisan-labels.yaml",
        include_str!("../../rules/lexicons/partisan-labels.yaml"),
    ),
    (
        "person-nouns.yaml",
        include_str!("../../rules/lexicons/person-nouns.yaml"),
    ),
    (
        "political-offices.yaml",
        include_str!("../../rules/lexicons/political-offices.yaml"),
    ),
    (
        "prices-offers.yaml",
        include_str!("../../rules/lexicons/prices-offers.yaml"),
    ),
    (
        "religious-figures.yaml",
        include_str!("../../rules/lexicons/religious-figures.yaml"),
    ),
    (
        "religious-formulas.yaml",
        include_str!("../../rules/lexicons/religious-formulas.yaml"),
    ),
    (
        "religious-practices.yaml",
        include_str!("../../rules/lexicons/religious-practices.yaml"),
    ),
    (
        "religious-verbs.yaml",
        include_str!("../../rules/lexicons/religious-verbs.yaml"),
    ),
    (
        "reply-promise-phrases.yaml",
        include_str!("../../rules/lexicons/reply-promise-phrases.yaml"),
    ),
    (
        "sales-phrases.yaml",
        include_str!("../../rules/lexicons/sales-phrases.yaml"),
    ),
    (
        "send-request-verbs.yaml",
        include_str!("../../rules/lexicons/send-request-verbs.yaml"),
    ),
    (
        "sex-stereotypes.yaml",
        include_str!("../../rules/lexicons/sex-stereotypes.yaml"),
    ),
    (
        "slurs.yaml",
        include_str!("../../rules/lexicons/slurs.yaml"),
    ),
    (
        "threat-verbs.yaml",
        include_str!("../../rules/lexicons/threat-verbs.yaml"),
    ),
    (
        "unissued-decision-phrases.yaml",
        include_str!("../../rules/lexicons/unissued-decision-phrases.yaml"),
    ),
    (
        "vulgar-words.yaml",
        include_str!("../../rules/lexicons/vulgar-words.yaml"),
    ),
];

/// The bundled packs as load sources.
pub fn sources() -> Vec<PackSource> {
    PACKS
        .iter()
        .map(|(name, text)| PackSource::Bundled(name, text))
        .collect()
}

#[cfg(test)]
mod tests {
    /// Every file of `rules/lexicons/` is bundled: adding one cannot be forgotten here.
    #[test]
    fn every_lexicon_file_is_bundled() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/lexicons");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        let bundled: Vec<String> = super::LEXICONS.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, bundled);
    }
}
