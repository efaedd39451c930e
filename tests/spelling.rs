//! Spelling (#7, #18): the bundled `grammar/spelling` rule over the embedded Hunspell
//! dictionary (RLA-ES, `data/hunspell/`), the Peruvian vocabulary, the tokeniser's skips,
//! configuration of the dictionary and its absence.

use std::path::PathBuf;
use std::sync::OnceLock;

use vigia::input::Document;
use vigia::rules::KindSettings;
use vigia::rules::kind::spelling::Spelling;
use vigia::{Engine, Finding, load_rules};

/// The bundled rule set reduced to `grammar/spelling`, configured with `settings`.
fn spelling_engine(settings: &KindSettings) -> Engine {
    let mut set = load_rules(&[], true).expect("bundled packs load");
    set.filter(&["grammar/spelling".to_string()], &[])
        .expect("grammar/spelling exists");
    set.configure(settings);
    Engine::new(set)
}

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let e = spelling_engine(&KindSettings::default());
        // Fail loudly, not with "no findings", when the dictionary is missing.
        let rule = &e.rules().rules[0];
        let spelling = rule.kind.as_any().unwrap().downcast_ref::<Spelling>();
        if let Err(err) = spelling.unwrap().speller() {
            panic!("the embedded dictionary always loads: {err}");
        }
        e
    })
}

fn lint(text: &str) -> Vec<Finding> {
    engine().lint(&Document::from_str_md("t.md", text))
}

/// `(word, first suggestion)` of every finding.
fn unknown(text: &str) -> Vec<(String, String)> {
    lint(text)
        .into_iter()
        .map(|f| {
            (
                text[f.span.clone()].to_string(),
                f.suggestions.first().cloned().unwrap_or_default(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn issue_7_known_misspellings_are_found_with_the_right_suggestion() {
    let text = "La evaluacíon concluyó: el proyecto obtuvo la certficación y el permiso ambietal.";
    assert_eq!(
        unknown(text),
        pairs(&[
            ("evaluacíon", "evaluación"),
            ("certficación", "certificación"),
            ("ambietal", "ambiental"),
        ])
    );
    let f = &lint(text)[0];
    assert_eq!(f.rule.id, "grammar/spelling");
    assert_eq!(
        f.message,
        "Posible error de ortografía: «evaluacíon»; ¿quiso decir «evaluación»?"
    );
    assert!(
        f.safe_fix().is_none(),
        "suggestions are never applied blindly"
    );
}

#[test]
fn issue_7_accented_and_unaccented_forms() {
    assert_eq!(
        unknown("La evaluación y la información están en línea."),
        []
    );
    assert_eq!(
        unknown("La evaluacion y la informacion estan en el area."),
        pairs(&[
            ("evaluacion", "evaluación"),
            ("informacion", "información"),
            ("estan", "están"),
            ("area", "área"),
        ])
    );
    // An accent where there is none.
    assert_eq!(
        unknown("El exámen terminó."),
        pairs(&[("exámen", "examen")])
    );
    // A word written together that is two.
    assert_eq!(
        unknown("Lo verá através de la web, apartir de hoy."),
        pairs(&[("através", "a través"), ("apartir", "a partir")])
    );
}

#[test]
fn issue_7_capitalised_sentence_starts_are_checked() {
    assert_eq!(
        unknown("Ambietal y social. Evaluacíon en curso.\nCertficación lista."),
        pairs(&[
            ("Ambietal", "Ambiental"),
            ("Evaluacíon", "Evaluación"),
            ("Certficación", "Certificación"),
        ])
    );
    // Correct capitalised starts are accepted through their lowercase form.
    assert_eq!(unknown("Evaluación concluida. Información disponible."), []);
    // A capitalised word in mid-sentence is a proper noun.
    assert_eq!(
        unknown("Visitamos Qochapampa y Ambietal con el equipo."),
        []
    );
}

#[test]
fn issue_7_peruvian_places_and_domain_terms_are_accepted() {
    let text = "El Senace aprobó el EIA-d y el EIA-sd; el OEFA, el Minam, el Serfor y el \
                Sernanp opinaron sobre el ITS y la DIA del SEIA en la VUCA.\n\
                Huancané, Lurín y Pachacámac recibieron al equipo.\n\
                Asháninkas, awajún y shipibos participaron con su apu en la minka del ayllu.\n\
                Los huaycos y el friaje afectaron a los castañeros y a la población afroperuana.\n\
                Sulpayki, Cusco. Allillanchu, Ayacucho.";
    assert_eq!(unknown(text), []);
    // Lowercase entries also match capitals; capitalised entries are proper nouns only.
    assert_eq!(unknown("AYLLU, Ayllu y ayllu. SENACE y Senace."), []);
    assert_eq!(unknown("el senace"), pairs(&[("senace", "Senace")]));
}

#[test]
fn issue_7_hashtags_mentions_numbers_and_quotes_are_skipped() {
    assert_eq!(
        unknown(
            "Síguenos en @SenacePeru y @evaluacíon_ambietal. #senaceteescucha #Senace2025 \
             Según la R.D. N° 123-2024-SENACE-PE/DEIN, el 2x1 cuesta S/ 20. \
             El taller «Fortalesimiento de kapasidades» y `codigo` y https://ejemplo.pe/ambietal"
        ),
        []
    );
    // Hashtags written with capitals are split and their parts checked; a part that only
    // lacks its accent is let be (hashtags often drop them to be found).
    assert_eq!(
        unknown("Conoce la #CertficacionAmbiental y la #CertificaciónAmbiental."),
        pairs(&[("Certficacion", "Certificación")])
    );
    assert_eq!(unknown("Gracias, Ilo. #ParticipacionCiudadana #Peru"), []);
}

#[test]
fn issue_7_diminutives_of_known_words() {
    assert_eq!(
        unknown("Los abuelitos y las niñitas llegaron ahorita con un cafecito."),
        []
    );
}

#[test]
fn issue_7_verbs_with_enclitic_pronouns() {
    assert_eq!(
        unknown("Descárgalo, inscríbete y síguenos. Preséntelas en línea; puede responderle hoy."),
        []
    );
    assert_eq!(
        unknown("Descargalo hoy e inscribete."),
        pairs(&[("Descargalo", "Descárgalo"), ("inscribete", "inscríbete")])
    );
}

#[test]
fn issue_7_a_missing_dictionary_is_reported_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-hay.dic");
    let engine = spelling_engine(&KindSettings {
        dictionary: Some(missing.clone()),
        ..KindSettings::default()
    });
    let findings = engine.lint(&Document::from_str_md("t.md", "La evaluacíon."));
    assert!(findings.is_empty());
    let failure = engine.rules().rules[0]
        .kind
        .failure()
        .expect("the rule says why it did nothing");
    assert!(failure.contains("no-hay.dic"), "{failure}");
    assert!(failure.contains("--dictionary"), "{failure}");
}

#[test]
fn issue_7_the_rule_field_names_a_dictionary_relative_to_its_pack() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("dic")).unwrap();
    std::fs::write(dir.path().join("dic/mini.aff"), "SET UTF-8\nTRY aeiou\n").unwrap();
    std::fs::write(dir.path().join("dic/mini.dic"), "2\nhola\nmundo\n").unwrap();
    let pack = dir.path().join("mini.yaml");
    std::fs::write(
        &pack,
        r#"pack: mini
title: Ortografía de prueba
level: info
section: "8.7"
rules:
  - id: spelling
    kind: spelling
    title: Ortografía
    dictionary: dic/mini.dic
    accept: [ayer]
    message: "«{match}»{did_you_mean}"
    doc: |
      ## Qué detecta
      x
      ## Por qué importa
      x
      ## Ejemplo
      x
    examples:
      bad: ["hola [[mudno]]"]
      good: ["hola mundo, ayer, mundito"]
"#,
    )
    .unwrap();
    let set = vigia::load_rules(&[PathBuf::from(&pack)], false).expect("pack loads");
    let engine = Engine::new(set);
    let report = vigia::rules::selftest::run(&engine);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let f = engine.lint(&Document::from_str_md("t.md", "hola mudno"));
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].suggestions, ["mundo"]);
    assert_eq!(f[0].message, "«mudno»; ¿quiso decir «mundo»?");
}

/// Unknown words per word of prose in the posts every spelling change must keep clean: the
/// compliant regression posts (`fixtures/corpus/compliant-*.jsonl`, when present) and
/// `tests/spelling/compliant.md`.
#[test]
fn issue_7_compliant_posts_have_at_most_one_unknown_word_per_500() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut texts =
        vec![std::fs::read_to_string(root.join("tests/spelling/compliant.md")).unwrap()];
    if let Ok(dir) = std::fs::read_dir(root.join("fixtures/corpus")) {
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("compliant") && name.ends_with(".jsonl") {
                for line in std::fs::read_to_string(entry.path()).unwrap().lines() {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                        && let Some(t) = v["text"].as_str()
                    {
                        texts.push(t.to_string());
                    }
                }
            }
        }
    }
    let rule = &engine().rules().rules[0];
    let spelling = rule
        .kind
        .as_any()
        .unwrap()
        .downcast_ref::<Spelling>()
        .unwrap();
    let speller = spelling.speller().unwrap();
    let (mut words, mut reported) = (0, Vec::new());
    for t in &texts {
        let doc = Document::from_str_md("t.md", t);
        let cx = vigia::rules::kind::Context::new(&doc);
        let w = spelling.unknown(&cx, speller);
        words += w.total;
        reported.extend(w.check.iter().map(|u| t[u.span.clone()].to_string()));
    }
    assert!(words >= 350, "only {words} words of prose");
    assert!(
        reported.len() * 500 <= words,
        "{} unknown words in {words}: {reported:?}",
        reported.len()
    );
}

/// The embedded dictionary is the default: no system package, no environment, the same
/// verdicts on every machine; `system` still asks for the system's.
#[test]
fn issue_18_the_embedded_dictionary_is_the_default() {
    use vigia::spell::{Source, dictionary};
    let rule = &engine().rules().rules[0];
    let spelling = rule.kind.as_any().unwrap().downcast_ref::<Spelling>();
    if std::env::var_os(dictionary::ENV_VAR).is_none() {
        assert_eq!(spelling.unwrap().source(), Source::Embedded);
    }
    let speller = spelling.unwrap().speller().unwrap();
    assert_eq!(
        speller.path(),
        std::path::Path::new(dictionary::EMBEDDED_NAME)
    );
    for w in ["evaluación", "tuvieron", "Senace", "huayco"] {
        assert!(speller.is_known(w), "{w}");
    }
    assert_eq!(
        Source::resolve(Some(std::path::Path::new("system")), None, None),
        Source::System(vigia::spell::Given::Settings)
    );
    assert_eq!(
        Source::resolve(None, Some(std::path::Path::new("embedded")), None),
        Source::Embedded
    );
    // A path in the configuration file wins over the rule's own.
    assert_eq!(
        Source::resolve(
            None,
            Some(std::path::Path::new("a.dic")),
            Some(std::path::Path::new("b.dic"))
        ),
        Source::Path(PathBuf::from("a.dic"), vigia::spell::Given::Config)
    );
}

/// #11: correct words of published institutional text are not reported. The prefixed and
/// derived ones are accepted by the word-formation rule, not by a list: none of them is in a
/// bundled vocabulary.
#[test]
fn issue_11_institutional_words_are_accepted() {
    let formed = [
        "viceministro",
        "exministro",
        "exjefe",
        "interprovincial",
        "multirregional",
        "georreferenciar",
        "preprofesionales",
        "viceministerial",
        "cofinanciamiento",
        "inundables",
        "insubsanables",
        "postergación",
    ];
    let listed = [
        "normatividad",
        "concientizar",
        "montos",
        "directoral",
        "sectorista",
        "quórum",
    ];
    let vocab = format!(
        "{}\n{}",
        vigia::spell::PERU_VOCABULARY,
        vigia::spell::ADMIN_VOCABULARY
    );
    let in_vocab = |w: &str| vigia::spell::vocabulary_words(&vocab).any(|v| v == w);
    for w in formed {
        assert!(!in_vocab(w), "{w} must be accepted by the rule, not listed");
    }
    for w in formed
        .iter()
        .chain(listed.iter())
        .chain(["enviémosle", "hagámoslo"].iter())
    {
        let text = format!("El informe menciona {w} en la página.");
        let found = unknown(&text);
        assert!(found.is_empty(), "{w}: {found:?}");
    }
    // A scientific name is no misspelling; a typo next to it still is.
    assert_eq!(
        unknown("Polylepis racemosa crece en la puna. La evaluacion sigue."),
        pairs(&[("evaluacion", "evaluación")])
    );
    // «directoral» no longer gets «di rectoral»; a split that only undoes a prefix is no
    // suggestion.
    let s = engine().rules().rules[0]
        .kind
        .as_any()
        .unwrap()
        .downcast_ref::<Spelling>()
        .unwrap()
        .speller()
        .unwrap()
        .suggestions("exministo");
    assert!(s.iter().all(|x| !x.starts_with("ex ")), "{s:?}");
}

#[test]
fn issue_11_abbreviations_with_their_stop_and_social_media_words() {
    assert_eq!(
        unknown("Escriba al cel. de la oficina o al tel. fijo. Spoiler: el reel sale hoy."),
        []
    );
    // Without its stop the abbreviation is no word.
    assert_eq!(unknown("Llame al cel de la oficina.").len(), 1);
}

/// Issue #12: suggestions are the same on every run. The n-gram suggester walks the word
/// table in hash order and keeps the first of equal candidates, so the table is hashed with
/// a fixed seed; two spellers loaded separately (as two runs would) suggest alike.
#[test]
fn issue_12_suggestions_do_not_change_between_runs() {
    let source = vigia::spell::Source::Embedded;
    let a = vigia::spell::load(&source, &[]).unwrap();
    let b = vigia::spell::load(&source, &[]).unwrap();
    // Far from every word: only the n-gram pass suggests anything for these.
    for word in [
        "blackhole",
        "optstring",
        "mapscrn",
        "resizecons",
        "nntpsend",
    ] {
        assert_eq!(a.suggestions(word), b.suggestions(word), "{word}");
    }
}

/// Issue #12: a run whose report shows no suggestion (`vigia audit`) does not compute them,
/// and reports the same findings.
#[test]
fn issue_12_findings_without_suggestions_are_the_same_findings() {
    let mut engine = Engine::new(load_rules(&[], true).unwrap());
    let doc = Document::plain(
        "t.txt",
        "Mas informacion sobre el proyceto de la linea de transmision en Chilca.",
    );
    let key = |f: &Finding| (f.rule.id.clone(), f.span.clone());
    let with = engine.lint(&doc);
    engine.set_suggestions(false);
    let without = engine.lint(&doc);
    assert_eq!(
        with.iter().map(key).collect::<Vec<_>>(),
        without.iter().map(key).collect::<Vec<_>>()
    );
    let spelling = |fs: &[Finding]| -> Vec<Vec<String>> {
        fs.iter()
            .filter(|f| f.rule.id == "grammar/spelling")
            .map(|f| f.suggestions.clone())
            .collect()
    };
    assert!(
        spelling(&with)
            .iter()
            .any(|s| s.contains(&"proyecto".to_string()))
    );
    assert!(
        spelling(&without).iter().all(Vec::is_empty),
        "{:?}",
        spelling(&without)
    );
}
