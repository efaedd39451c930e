//! Regression tests for #6: platform, clarity and schedule checks. Each kind and measure
//! through the real engine and the bundled packs, with exact expected values.

use std::sync::OnceLock;

use vigia::input::{Document, Format, Origin};
use vigia::report::stats::Stats;
use vigia::{Engine, Finding, load_rules};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(load_rules(&[], true).expect("bundled packs load")))
}

fn doc(text: &str) -> Document {
    Document::from_str_md("t.md", text)
}

/// `(matched text, message)` of the findings of `rule`.
fn found(rule: &str, text: &str) -> Vec<(String, String)> {
    engine()
        .lint(&doc(text))
        .into_iter()
        .filter(|f: &Finding| f.rule.id == rule)
        .map(|f| (text[f.span].to_string(), f.message))
        .collect()
}

fn x(body: &str) -> String {
    format!("---\nplatform: x\n---\n{body}")
}

#[test]
fn over_long_x_post_reports_value_limit_and_what_is_cut() {
    let body = format!("{} fin", "a".repeat(287));
    let f = found("clarity/post-length", &x(&body));
    assert_eq!(
        f,
        [(
            "aaaaaaa fin".to_string(),
            "291/280 caracteres ponderados de X: sobran 11; la red no la acepta así.".to_string()
        )]
    );
    // … • € weigh 2 on X: 140 ellipses are 280, one more character is too many.
    assert!(found("clarity/post-length", &x(&"…".repeat(140))).is_empty());
    let f = found("clarity/post-length", &x(&format!("{}€", "…".repeat(140))));
    assert_eq!(f[0].0, "€");
    assert!(f[0].1.starts_with("282/280"));
}

#[test]
fn emoji_sequences_flags_and_nfd_count_once() {
    let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
    // 140 families weigh 280 on X (twitter-text conformance), one flag more is over.
    assert!(found("clarity/post-length", &x(&family.repeat(140))).is_empty());
    let f = found(
        "clarity/post-length",
        &x(&format!("{}🇵🇪", family.repeat(140))),
    );
    assert_eq!(f[0].0, "🇵🇪");
    assert!(f[0].1.starts_with("282/280"));
    // Decomposed accents: the same length as precomposed ones.
    let nfc = Stats::of(engine(), &doc(&x("evaluación ambiental")));
    let nfd = Stats::of(engine(), &doc(&x("evaluacio\u{301}n ambiental")));
    assert_eq!((nfc.characters, nfd.characters), (20, 21));
    assert_eq!(nfc.graphemes, nfd.graphemes);
    assert_eq!(nfc.twitter_weighted, nfd.twitter_weighted);
    assert_eq!(nfc.syllables, nfd.syllables);
}

#[test]
fn urls_with_spanish_paths_count_23_on_x() {
    let s = Stats::of(
        engine(),
        &doc(&x(
            "Vea https://www.senace.gob.pe/evaluación/áreas-de-influencia/señalización hoy",
        )),
    );
    assert_eq!(s.urls, 1);
    assert_eq!(s.twitter_weighted, 4 + 23 + 4);
    assert_eq!(s.words, 2);
}

#[test]
fn empty_posts_measure_zero_and_raise_nothing() {
    for text in [
        "",
        "---\nplatform: x\nkind: reply\n---\n",
        "<!-- nota -->\n",
    ] {
        let s = Stats::of(engine(), &doc(text));
        assert_eq!(
            (
                s.characters,
                s.graphemes,
                s.twitter_weighted,
                s.bytes,
                s.words,
                s.sentences
            ),
            (0, 0, 0, 0, 0, 0)
        );
        assert_eq!((s.fernandez_huerta, s.inflesz), (None, None));
        assert!(engine().lint(&doc(text)).is_empty(), "{text:?}");
    }
}

#[test]
fn hashtags_over_the_platform_limit_and_the_style_limit() {
    let tags: Vec<String> = (1..=32).map(|i| format!("#tema{i}")).collect();
    let text = format!("---\nplatform: instagram\n---\nTaller. {}", tags.join(" "));
    let f = found("clarity/hashtag-limit", &text);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, "#tema31 #tema32");
    assert_eq!(
        f[0].1,
        "32 etiquetas (#) en Instagram, que admite 30: las 2 últimas se pierden."
    );
    let f = found(
        "clarity/too-many-hashtags",
        &x("Taller. #uno #dos #tres #cuatro"),
    );
    assert_eq!(
        f,
        [(
            "#tres #cuatro".to_string(),
            "4 etiquetas (#): en X conviene usar 2 como máximo.".to_string()
        )]
    );
}

#[test]
fn long_sentences_and_readability() {
    let long = format!("{}.", vec!["palabra"; 45].join(" "));
    let f = found("clarity/sentence-length", &long);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, "palabra palabra palabra palabra palabra.");
    assert_eq!(
        f[0].1,
        "La oración tiene 45 palabras; divídala (se recomiendan 40 como máximo)."
    );
    let hard = "La certificación ambiental constituye el instrumento administrativo habilitante \
                mediante el cual la autoridad competente evalúa técnicamente la viabilidad \
                ambiental de los proyectos de inversión pública, privada y de capital mixto.";
    let s = Stats::of(engine(), &doc(hard));
    // 30 words and 82 syllables, counted by hand (cer-ti-fi-ca-ción, ad-mi-nis-tra-ti-vo…).
    assert_eq!((s.words, s.sentences, s.syllables), (30, 1, 82));
    // 206.835 − 62.3 · 82/30 − 30 = 6.548…; 206.84 − 60 · 82/30 − 1.02 · 30 = 12.24.
    assert_eq!(s.inflesz, Some(6.55));
    assert_eq!(s.fernandez_huerta, Some(12.24));
    let f = found("clarity/low-readability", hard);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].1.starts_with("Legibilidad INFLESZ 6,5 (muy difícil)"),
        "{}",
        f[0].1
    );
}

#[test]
fn repeated_words() {
    let f = found(
        "grammar/repeated-word",
        "Participe en el El taller y en la\nla feria.",
    );
    let got: Vec<&str> = f.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(got, ["el El", "la\nla"]);
    assert_eq!(f[0].1, "«el» está repetida.");
    assert!(
        found(
            "grammar/repeated-word",
            "Preguntó que qué hacer; bien, bien."
        )
        .is_empty()
    );
    // Decomposed and precomposed spellings are the same word.
    let f = found(
        "grammar/repeated-word",
        "La información informacio\u{301}n llegó.",
    );
    assert_eq!(f.len(), 1);
}

#[test]
fn shouting_and_capitalised_dates() {
    let f = found(
        "grammar/shouting",
        "¡ÚLTIMO DÍA DE INSCRIPCIÓN! El SENACE y la R.D. 00123-2024-SENACE-PE/DEIN.",
    );
    let got: Vec<&str> = f.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(got, ["ÚLTIMO DÍA DE INSCRIPCIÓN"]);
    let f = found(
        "grammar/month-capital",
        "Informe de Marzo. El equipo de Julio Pérez viaja en Enero al Alto Mayo.",
    );
    let got: Vec<&str> = f.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(got, ["Marzo", "Enero"]);
    let f = found(
        "grammar/weekday-capital",
        "Hasta el Viernes Santo no, hasta el Lunes 3.",
    );
    let got: Vec<&str> = f.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(got, ["Lunes"]);
}

#[test]
fn acronyms_must_be_spelled_out_first() {
    // Every post spells an acronym out the first time (#10: on posts too, not only in press
    // releases).
    let text = "El ITS y el EIA. El Estudio de Impacto Ambiental (EIA) y el ITS. La ONU opina.";
    let f = found("clarity/undefined-acronym", text);
    let got: Vec<&str> = f.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(got, ["ITS", "EIA"]);
    assert!(
        found(
            "clarity/undefined-acronym",
            "El Estudio de Impacto Ambiental detallado (EIA-d) fue aprobado. El EIA-d está en línea."
        )
        .is_empty()
    );
}

#[test]
fn replies_out_of_office_hours() {
    let reply = |when: &str| format!("---\nkind: reply\nscheduled: {when}\n---\nGracias.");
    let f = found("channel/out-of-hours", &reply("2026-03-07 21:30"));
    assert_eq!(
        f,
        [(
            "2026-03-07 21:30".to_string(),
            "Respuesta programada para el sábado 7 de marzo de 2026, 21:30 (hora de Lima): es sábado y está \
             fuera del horario de 08:00 a 19:00. La atención en redes es de 08:00 a 19:00 en \
             días hábiles."
                .to_string()
        )]
    );
    // 00:30 UTC on Tuesday is 19:30 on Monday in Lima.
    let f = found("channel/out-of-hours", &reply("2026-03-10T00:30:00Z"));
    assert!(
        f[0].1
            .contains("lunes 9 de marzo de 2026, 19:30 (hora de Lima): está fuera del horario")
    );
    let f = found("channel/out-of-hours", &reply("2027-03-26"));
    assert!(f[0].1.contains("es feriado (Viernes Santo)"), "{}", f[0].1);
    assert!(found("channel/out-of-hours", &reply("2026-03-09 19:00")).is_empty());
    assert!(found("channel/out-of-hours", &reply("2026-03-09T13:00:00Z")).is_empty());
    // Posts are not replies.
    let post = "---\nkind: post\nscheduled: 2026-03-07 21:30\n---\nHola.";
    assert!(found("channel/out-of-hours", post).is_empty());
}

#[test]
fn bad_metadata_is_an_error_at_its_place() {
    let d = doc("---\nplatform: kwai\nscheduled: 2026-13-01\n---\nHola");
    let messages: Vec<(usize, &str)> = d
        .notices
        .iter()
        .map(|n| (n.offset, n.message.as_str()))
        .collect();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].0, "---\nplatform: ".len());
    assert!(messages[0].1.starts_with("plataforma desconocida «kwai»"));
    assert_eq!(messages[1].0, "---\nplatform: kwai\nscheduled: ".len());
    assert_eq!(
        messages[1].1,
        "`scheduled`: fecha no válida «2026-13-01»: el mes debe ir de 01 a 12"
    );
}

#[test]
fn default_platform_applies_only_to_posts_without_one() {
    let e = Engine::new(load_rules(&[], true).unwrap())
        .with_default_platform(Some("Twitter"))
        .unwrap();
    assert_eq!(e.default_platform(), Some("x"));
    let plain = Document::new(
        Origin {
            path: "p.txt".into(),
            record: None,
        },
        "a".repeat(300),
        Format::Plain,
    );
    assert_eq!(Stats::of(&e, &plain).platform.as_deref(), Some("x"));
    let fb = doc(&format!("---\nplatform: fb\n---\n{}", "a".repeat(300)));
    assert_eq!(Stats::of(&e, &fb).platform.as_deref(), Some("facebook"));
    assert!(
        e.lint(&fb)
            .iter()
            .all(|f| f.rule.id != "clarity/post-length")
    );
    assert!(
        Engine::new(load_rules(&[], true).unwrap())
            .with_default_platform(Some("myspace"))
            .is_err()
    );
}

#[test]
fn a_document_too_long_to_be_a_post_is_not_measured() {
    let long_sentence = vec!["palabra"; 60].join(" ") + ".";
    assert_eq!(found("clarity/sentence-length", &long_sentence).len(), 1);
    let filler = "El Senace informa a la ciudadanía.\n\n".repeat(9_000);
    let big = format!("{filler}{long_sentence}");
    assert!(big.len() > vigia::rules::kind::metric::MAX_POST);
    assert!(found("clarity/sentence-length", &big).is_empty());
}
