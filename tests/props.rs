//! Property tests: folding, span mapping, term finding, and robustness on arbitrary input.

use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;
use vigia::input::decode::decode;
use vigia::input::{Document, Format, Origin};
use vigia::rules::pack::{PackSource, load};
use vigia::text::{Folded, fold};
use vigia::{Engine, load_rules};

fn test_engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/packs/core.yaml");
        Engine::new(load(&[PackSource::Path(path)]).expect("test pack loads"))
    })
}

fn bundled_engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(load_rules(&[], true).expect("bundled packs load")))
}

fn doc(text: &str, format: Format) -> Document {
    Document::new(
        Origin {
            path: "p".into(),
            record: None,
        },
        text.to_string(),
        format,
    )
}

/// Spanish-looking text: letters with accents, ñ, NFD marks, emoji, punctuation, spaces.
fn spanish_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z]{1,8}",
            Just("á".to_string()),
            Just("Ñ".to_string()),
            Just("e\u{301}".to_string()),
            Just("n\u{303}".to_string()),
            Just("ü".to_string()),
            Just("🇵🇪".to_string()),
            Just("👩🏽‍🌾".to_string()),
            Just("\u{AD}".to_string()),
            "[ \t\n\u{A0}]{1,3}",
            // Every other kind of white space and control character (#13: U+000B).
            "[\u{0}-\u{8}\u{B}-\u{1F}\u{7F}\u{85}\u{2028}\u{2029}\u{3000}\u{FEFF}\u{200B}]",
            "[.,;:¿?¡!*_`#@/()-]",
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn fold_is_idempotent(s in spanish_text()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn mapped_spans_are_char_boundaries_and_refold(s in spanish_text(), a in 0usize..200, len in 1usize..40) {
        let f = Folded::new(&s, 0..s.len(), &[]);
        let chars: Vec<(usize, char)> = f.text.char_indices().collect();
        prop_assume!(!chars.is_empty());
        let i = a % chars.len();
        let j = (i + len).min(chars.len());
        let (fs, first) = chars[i];
        let (fe_last, last) = chars[j - 1];
        // Matches start and end on visible characters.
        prop_assume!(!first.is_whitespace() && !last.is_whitespace() && first != '\u{1F}' && last != '\u{1F}');
        let fe = fe_last + last.len_utf8();
        let r = f.range_to_orig(&s, fs..fe);
        prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        // (`fold` parts hashtags, which a piece of one cannot know it is: refold plainly.)
        let piece = &s[r];
        prop_assert_eq!(Folded::new(piece, 0..piece.len(), &[]).text, &f.text[fs..fe]);
    }

    #[test]
    fn inserted_terms_are_found_at_their_span(
        before in "[a-z ]{0,30}",
        after in "[a-z ]{0,30}",
        upper in proptest::collection::vec(any::<bool>(), 7),
        accent in any::<bool>(),
        sep in "[ \t]{1,2}|[ \t]?\n[ \t]?",
    ) {
        // "partido" with random case and an accent on its vowels, or "uso interno" with
        // random white space.
        let mut term: String = "partido".chars().zip(&upper).map(|(c, &u)| {
            let c = if accent && c == 'a' { 'á' } else if accent && c == 'o' { 'ó' } else { c };
            if u { c.to_uppercase().next().unwrap() } else { c }
        }).collect();
        if upper[0] {
            term = format!("uso{sep}interno");
        }
        let text = format!("{before} {term} {after}");
        let start = before.len() + 1;
        let found = test_engine().lint(&doc(&text, Format::Plain));
        prop_assert!(
            found.iter().any(|f| f.span == (start..start + term.len())),
            "{:?} in {:?}: {:?}", term, text, found.iter().map(|f| f.span.clone()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn decoding_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(d) = decode(&bytes, None)
            && let Some(map) = &d.offsets
        {
            let mut prev = 0;
            for (i, _) in d.text.char_indices().chain([(d.text.len(), ' ')]) {
                let o = map.to_source(i);
                prop_assert!(o <= bytes.len() && o >= prev);
                prev = o;
            }
        }
    }

    #[test]
    fn linting_never_panics_and_spans_are_valid(s in spanish_text(), md in any::<bool>()) {
        let text = if md { format!("---\nplatform: x\n---\n{s}") } else { s };
        let d = doc(&text, if md { Format::Markdown } else { Format::Plain });
        for f in bundled_engine().lint(&d) {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
    }
}

proptest! {
    /// The metric rules skip measuring when a cheap bound proves the limit unreachable:
    /// no length a network counts exceeds the post's bytes plus 23 per URL.
    #[test]
    fn lengths_never_exceed_bytes_plus_urls(s in spanish_text(), url in any::<bool>()) {
        let text = if url { format!("{s} https://senace.gob.pe/a {s}") } else { s };
        let d = doc(&text, Format::Plain);
        let m = vigia::measure::Measures::compute(&d, &d.text, &vigia::platform::bundled().twitter);
        let bound = m.bytes + 23 * m.urls.len();
        prop_assert!(m.twitter_weighted <= bound, "{} > {}", m.twitter_weighted, bound);
        prop_assert!(m.graphemes <= m.bytes && m.characters <= m.bytes && m.utf16 <= m.bytes);
    }
}

/// Text built from what the bundled rules look for (labels and numbers, greetings, masked
/// words, URLs, punctuation), paragraph breaks and random Spanish-looking text.
fn rule_bait() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => prop::sample::select(vec![
                "el DNI", "DNI N° ", "45678912", "RUC 20131312955", "S/ 9.90", "contraseña: ",
                "Culminó el taller.", " el Senace", "a el", "de el", "ciudadanos", "Estimados vecinos",
                "ATENCION VECINOS", "!!", "..", "¿", "?", "informacion", "dia", "mierda", "p*ta",
                "#publi", "@senace", "www.senace.gob.pe", "mesa@senace.gob.pe", "Dios los bendiga",
                "vota por", "hola  mundo", " ,", "Hola,mundo", "lunes", "Enero", "uso interno",
            ]).prop_map(str::to_string),
            2 => prop::sample::select(vec![" ", "  ", "\n", "\n\n", " \n \n", "\r\n\r\n", ". "])
                .prop_map(str::to_string),
            1 => spanish_text(),
        ],
        0..30,
    )
    .prop_map(|v| v.concat())
}

/// `(rule, span, message, suggestions)` of every finding of `engine` in `text`.
fn findings(
    engine: &Engine,
    text: &str,
) -> Vec<(String, std::ops::Range<usize>, String, Vec<String>)> {
    engine
        .lint(&doc(text, Format::Plain))
        .into_iter()
        .map(|f| (f.rule.id.clone(), f.span, f.message, f.suggestions))
        .collect()
}

fn bundled_without_prefilter() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        Engine::new(load_rules(&[], true).expect("bundled packs load")).without_prefilter()
    })
}

/// Lines that no rule reports, 0.05 to 3 KB of them, ending in a blank line: the blank lines
/// of the text after them fall on either side of where a long document is cut in chunks.
fn padding() -> impl Strategy<Value = String> {
    (
        1usize..60,
        prop::sample::select(vec!["\n\n", "\n \n", "\r\n\r\n", "\n\n\n"]),
    )
        .prop_map(|(n, sep)| "La reunión empezó temprano y terminó a tiempo.\n".repeat(n) + sep)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// #12: a text gives the same findings, shifted, after paragraphs that give none: where
    /// the chunks of a long document are cut changes nothing.
    #[test]
    fn issue_12_findings_do_not_depend_on_where_the_text_sits(text in rule_bait(), pad in padding()) {
        let alone = findings(bundled_engine(), &text);
        let padded: Vec<_> = findings(bundled_engine(), &format!("{pad}{text}"))
            .into_iter()
            .map(|(rule, span, message, suggestions)| {
                (rule, span.start - pad.len()..span.end - pad.len(), message, suggestions)
            })
            .collect();
        prop_assert_eq!(padded, alone);
    }

    /// #12: the prefilter only skips what cannot match: without it, the same findings.
    #[test]
    fn issue_12_the_prefilter_changes_no_finding(text in rule_bait(), pad in padding()) {
        for text in [text.clone(), format!("{pad}{text}{pad}{text}")] {
            prop_assert_eq!(
                findings(bundled_without_prefilter(), &text),
                findings(bundled_engine(), &text)
            );
        }
    }
}
