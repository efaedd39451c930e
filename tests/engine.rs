//! Matcher semantics of the engine, on the test pack `tests/packs/core.yaml`.

use std::path::PathBuf;
use std::sync::OnceLock;

use vigia::input::{Document, Format, Origin};
use vigia::rules::pack::{PackSource, load};
use vigia::{Engine, Finding};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/packs/core.yaml");
        Engine::new(load(&[PackSource::Path(path)]).expect("test pack loads"))
    })
}

fn lint_as(text: &str, format: Format) -> Vec<Finding> {
    let doc = Document::new(
        Origin {
            path: "t".into(),
            record: None,
        },
        text.to_string(),
        format,
    );
    engine().lint(&doc)
}

/// `(rule, matched text)` of every finding in a Markdown text.
fn hits(text: &str) -> Vec<(String, String)> {
    lint_as(text, Format::Markdown)
        .into_iter()
        .map(|f| (f.rule.id.clone(), text[f.span].to_string()))
        .collect()
}

fn matched(text: &str) -> Vec<String> {
    hits(text).into_iter().map(|(_, m)| m).collect()
}

#[test]
fn case_insensitive_with_unicode_case_folding() {
    assert_eq!(
        matched("PARTIDO y Partido y partido"),
        ["PARTIDO", "Partido", "partido"]
    );
    assert_eq!(matched("ÉXITO"), ["ÉXITO"]);
}

#[test]
fn accent_insensitive_on_vowels() {
    assert_eq!(matched("éxito y exito"), ["éxito", "exito"]);
    assert_eq!(
        matched("la información reservada"),
        ["información reservada"]
    );
    assert_eq!(matched("DÍOS"), ["DÍOS"]);
}

#[test]
fn never_folds_enye() {
    assert_eq!(matched("el año"), ["año"]);
    assert!(matched("el ano").is_empty());
    assert_eq!(matched("AÑO"), ["AÑO"]);
}

#[test]
fn whole_words_only() {
    assert!(matched("lo compartido y los partidos").is_empty());
    assert!(matched("adiós").is_empty());
    assert!(matched("partido2").is_empty());
    assert_eq!(matched("(partido)"), ["partido"]);
    assert_eq!(matched("¿partido?"), ["partido"]);
}

#[test]
fn phrases_match_across_spaces_and_line_breaks() {
    assert_eq!(matched("uso   interno"), ["uso   interno"]);
    assert_eq!(matched("uso\ninterno"), ["uso\ninterno"]);
    assert_eq!(matched("uso\r\n  interno"), ["uso\r\n  interno"]);
    assert_eq!(matched("uso\u{A0}interno"), ["uso\u{A0}interno"]);
}

#[test]
fn but_not_across_paragraphs_or_code() {
    assert!(matched("uso\n\ninterno").is_empty());
    assert!(matched("uso `x` interno").is_empty());
}

#[test]
fn except_phrases_suppress_contained_matches() {
    assert!(matched("Bienvenidos a Madre de Dios").is_empty());
    assert!(matched("madre de\ndios").is_empty());
    assert!(matched("el partido judicial de Lima").is_empty());
    assert_eq!(matched("Dios y Madre de Dios"), ["Dios"]);
}

#[test]
fn spans_are_original_bytes_with_accents_and_emoji() {
    let text = "🇵🇪👩🏽‍🌾 ¡Éxito! año";
    let f = lint_as(text, Format::Plain);
    let spans: Vec<_> = f.iter().map(|f| &text[f.span.clone()]).collect();
    assert_eq!(spans, ["Éxito", "año"]);
    // NFD input: the combining accent belongs to the match.
    let nfd = "E\u{301}xito";
    let f = lint_as(nfd, Format::Plain);
    assert_eq!(&nfd[f[0].span.clone()], nfd);
}

#[test]
fn existence_renders_message_and_help() {
    let f = lint_as("El partido.", Format::Plain);
    assert_eq!(f[0].message, "«partido» no debe aparecer.");
    assert_eq!(f[0].help.as_deref(), Some("Retire «partido»."));
    assert_eq!(f[0].rule.id, "core/term");
    assert_eq!(f[0].rule.section, "7.6");
}

#[test]
fn substitution_suggests_keeping_case() {
    let f = lint_as("LOS CIUDADANOS y los ciudadanos", Format::Plain);
    assert_eq!(f[0].suggestions, ["LA CIUDADANÍA", "LA POBLACIÓN"]);
    assert_eq!(f[1].suggestions, ["la ciudadanía", "la población"]);
    assert_eq!(
        f[1].message,
        "Use «la ciudadanía» en lugar de «los ciudadanos»."
    );
}

#[test]
fn substitution_skips_text_already_right() {
    assert!(matched("Más información").is_empty());
    assert_eq!(matched("Más informacion"), ["informacion"]);
}

#[test]
fn doubled_forms_are_already_inclusive() {
    for ok in [
        "los ciudadanos y las ciudadanas",
        "las ciudadanas y los ciudadanos",
        "los ciudadanos y ciudadanas",
        "las y los ciudadanos",
        "los ciudadanos/as",
    ] {
        assert!(matched(ok).is_empty(), "{ok}");
    }
    assert_eq!(
        matched("los ciudadanos y las autoridades"),
        ["los ciudadanos"]
    );
}

#[test]
fn pattern_captures_hit_and_placeholders() {
    let f = lint_as("Con dni 12345678.", Format::Plain);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].message, "Número 12345678 con prefijo «dni».");
    assert!(matched("dni 123456789").is_empty());
    assert!(matched("dni A12345678").is_empty());
}

#[test]
fn pattern_validators() {
    assert_eq!(matched("RUC 20131312955"), ["20131312955"]);
    assert!(matched("RUC 20131312954").is_empty());
}

#[test]
fn non_prose_is_not_matched() {
    let md = "---\nplatform: x\ntitle: partido\n---\n\
        Ver `partido` y [el sitio](https://x.pe/partido) o https://partido.pe y\n\
        <!-- partido -->\n\n```\npartido\n```\n";
    assert!(hits(md).is_empty(), "{:?}", hits(md));
    // The link's text is prose.
    assert_eq!(matched("[el partido](https://x.pe)"), ["partido"]);
    assert_eq!(matched("**uso** interno"), ["uso** interno"]);
}

/// #10: findings of different rules are all reported, each with its own id (a DNI inside a
/// channel violation is still personal data); one hides another only when its rule says
/// `supersedes:`; two rules with the same pattern both report.
#[test]
fn issue_10_overlapping_findings_of_different_rules_are_all_reported() {
    // `core/term` (error) and `core/swap` (warning) both match «informacion»-based text.
    let f = lint_as("informacion reservada", Format::Plain);
    let ids: Vec<&str> = f.iter().map(|f| f.rule.id.as_str()).collect();
    assert_eq!(ids, ["core/swap", "core/term"]);

    let dir = tempfile::tempdir().unwrap();
    let pack = |supersedes: &str| {
        format!(
            "pack: o\ntitle: O\nlevel: warning\nsection: \"7.6\"\nrules:\n\
             - id: a\n  kind: existence\n  title: A\n  message: a\n{supersedes}  terms: [uso interno]\n\
             \x20 doc: \"## Qué detecta\\nx\\n## Por qué importa\\nx\\n## Ejemplo\\nx\"\n\
             \x20 examples: {{bad: [\"[[uso interno]]\"], good: [x]}}\n\
             - id: b\n  kind: existence\n  title: B\n  message: b\n  terms: [uso interno]\n\
             \x20 doc: \"## Qué detecta\\nx\\n## Por qué importa\\nx\\n## Ejemplo\\nx\"\n\
             \x20 examples: {{bad: [\"[[uso interno]]\"], good: [x]}}\n"
        )
    };
    let run = |yaml: String| {
        let path = dir.path().join("o.yaml");
        std::fs::write(&path, yaml).unwrap();
        let engine = Engine::new(load(&[PackSource::Path(path)]).expect("pack loads"));
        let doc = Document::new(
            Origin {
                path: "t".into(),
                record: None,
            },
            "Solo para uso interno.".into(),
            Format::Plain,
        );
        engine
            .lint(&doc)
            .into_iter()
            .map(|f| f.rule.id.clone())
            .collect::<Vec<_>>()
    };
    // The same terms in two rules: both report.
    assert_eq!(run(pack("")), ["o/a", "o/b"]);
    // `supersedes` hides the other rule's finding where they overlap.
    assert_eq!(run(pack("  supersedes: [b]\n")), ["o/a"]);
    // A rule that names no loaded rule is an error.
    let path = dir.path().join("o.yaml");
    std::fs::write(&path, pack("  supersedes: [nada]\n")).unwrap();
    let e = load(&[PackSource::Path(path)]).unwrap_err().to_string();
    assert!(e.contains("«o/nada»"), "{e}");
}

#[test]
fn findings_are_sorted_by_position() {
    let f = lint_as("año partido dios", Format::Plain);
    let starts: Vec<_> = f.iter().map(|f| f.span.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
}

#[test]
fn paragraphs_end_phrases_in_plain_text_too() {
    assert!(lint_as("uso\n\ninterno", Format::Plain).is_empty());
    assert_eq!(lint_as("uso\ninterno", Format::Plain).len(), 1);
}

#[test]
fn pattern_findings_may_share_context() {
    // `core/tag` reports hashtags with an explicit separator around the `hit`.
    let text = "Compra #publi #ad hoy";
    let f = lint_as(text, Format::Plain);
    let tags: Vec<_> = f
        .iter()
        .filter(|f| f.rule.id == "core/tag")
        .map(|f| &text[f.span.clone()])
        .collect();
    assert_eq!(tags, ["#publi", "#ad"]);
}

#[test]
fn a_long_match_is_reported_once() {
    // `core/run` marks only the first word of a run of five or more words.
    let text = "uno dos tres cuatro cinco seis siete";
    let f = lint_as(text, Format::Plain);
    let runs: Vec<_> = f.iter().filter(|f| f.rule.id == "core/run").collect();
    assert_eq!(runs.len(), 1);
    assert_eq!(&text[runs[0].span.clone()], "uno");
}

/// A pack with `fragments:` and one `pattern` rule whose regex is `pattern`.
fn fragment_pack(fragments: &str, pattern: &str) -> String {
    format!(
        "pack: f\ntitle: F\nlevel: warning\nsection: \"7.8\"\nfragments:\n{fragments}rules:\n\
         - id: a\n  kind: pattern\n  title: A\n  message: \"{{match}}\"\n  pattern: |\n{pattern}\
         \x20 doc: \"## Qué detecta\\nx\\n## Por qué importa\\nx\\n## Ejemplo\\nx\"\n\
         \x20 examples: {{bad: [\"[[zz]]\"], good: [x]}}\n"
    )
}

fn load_text(yaml: &str) -> Result<Engine, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, yaml).unwrap();
    load(&[PackSource::Path(path)])
        .map(Engine::new)
        .map_err(|e| e.to_string())
}

fn matches_of(engine: &Engine, text: &str) -> Vec<String> {
    let doc = Document::new(
        Origin {
            path: "t".into(),
            record: None,
        },
        text.into(),
        Format::Plain,
    );
    engine
        .lint(&doc)
        .into_iter()
        .map(|f| text[f.span.clone()].to_string())
        .collect()
}

#[test]
fn issue_10_regex_fragments_are_named_and_reused() {
    // Fragments, one of them laid out in `(?x)` form with a comment, included by an `(?x)`
    // regex of one alternative a line; a fragment without `(?x)` keeps its spaces.
    let fragments = "  person: |\n    (?x)\n    usuari[oa]s?   # who comments\n    | vecin[oa]s?\n\
                     \x20 verb: 'los tenemos (?&seen)'\n  seen: 'identificad[oa]s?|ubicad[oa]s?'\n";
    let pattern = "    (?xi)\n      (?&verb) \\s+ a \\s+ los \\s+ (?&person)\n    | ya \\s+ sabemos \\s+ qui[eé]n\n";
    let engine = load_text(&fragment_pack(fragments, pattern)).expect("pack loads");
    assert_eq!(
        matches_of(&engine, "Ya los tenemos identificados a los usuarios."),
        ["los tenemos identificados a los usuarios"]
    );
    assert_eq!(
        matches_of(
            &engine,
            "Los tenemos ubicados a los vecinos; ya sabemos quién."
        ),
        ["Los tenemos ubicados a los vecinos", "ya sabemos quién"]
    );
    // The space inside the `verb` fragment is a space even inside an `(?x)` regex.
    assert!(matches_of(&engine, "lostenemos identificados a los vecinos").is_empty());

    // An unknown fragment, a cycle and a bad fragment name are errors at their places.
    let e = load_text(&fragment_pack("  a: x\n", "    (?&b)\n"))
        .err()
        .unwrap();
    assert!(
        e.contains("fragmento desconocido «b»") && e.contains("f.yaml:13:5"),
        "{e}"
    );
    let e = load_text(&fragment_pack(
        "  a: '(?&b)'\n  b: '(?&a)'\n",
        "    (?&a)\n",
    ))
    .err()
    .unwrap();
    assert!(e.contains("se incluye a sí mismo"), "{e}");
    let e = load_text(&fragment_pack("  Mal: x\n", "    x\n"))
        .err()
        .unwrap();
    assert!(e.contains("nombre de fragmento no válido «Mal»"), "{e}");
    let e = load_text(&fragment_pack("  a: '(x'\n", "    (?&a)\n"))
        .err()
        .unwrap();
    assert!(e.contains("fragmento no válido"), "{e}");
}
