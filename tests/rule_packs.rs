//! The bundled packs test themselves: every rule's examples run through the real engine
//! (the same code as `vigia test-rules`), and every rule meets the bar of a bundled rule.

use vigia::rules::selftest;
use vigia::{Engine, load_rules};

fn engine() -> Engine {
    Engine::new(load_rules(&[], true).expect("bundled packs load"))
}

#[test]
fn every_bundled_example_behaves() {
    let engine = engine();
    let report = selftest::run(&engine);
    assert!(report.rules > 0);
    let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_bundled_rule_cites_a_clause_of_sections_7_or_8() {
    for rule in &engine().rules().rules {
        let s = &rule.info.section;
        assert!(
            vigia::directive::clause(s).is_some(),
            "{} cites §{s}, which is not a clause of sections 7–8",
            rule.info.id
        );
    }
}

/// Issue #10: a long regex that stays in a pack is written in `(?x)` form, one alternative
/// a line, with named fragments (`fragments:`, `(?&name)`) for the pieces it repeats.
#[test]
fn long_bundled_regexes_are_laid_out_in_x_mode() {
    const LONG: usize = 120;
    const LINE: usize = 110;
    let mut bad = Vec::new();
    let mut check = |file: &str, what: String, re: &str| {
        let x_mode = re
            .trim_start()
            .strip_prefix("(?")
            .and_then(|r| r.split_once(')'))
            .is_some_and(|(flags, _)| flags.contains('x') && !flags.contains(':'));
        if re.len() > LONG && !x_mode {
            bad.push(format!(
                "{file} {what}: {} characters on one line",
                re.len()
            ));
        } else if let Some(l) = re.lines().find(|l| l.chars().count() > LINE) {
            bad.push(format!(
                "{file} {what}: a line of {} characters",
                l.chars().count()
            ));
        }
    };
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let pack: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        if let Some(frags) = pack["fragments"].as_object() {
            for (name, body) in frags {
                check(&file, format!("fragment {name}"), body.as_str().unwrap());
            }
        }
        for rule in pack["rules"].as_array().unwrap() {
            let id = rule["id"].as_str().unwrap();
            for key in ["pattern", "first", "second"] {
                if let Some(re) = rule[key].as_str() {
                    check(&file, format!("{id} {key}"), re);
                }
            }
            for (i, re) in rule["except_patterns"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                check(
                    &file,
                    format!("{id} except_patterns[{i}]"),
                    re.as_str().unwrap(),
                );
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} regexes to lay out:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Every rule kind has a reference page for `vigia explain kind:NAME`, and `tokens`' page
/// documents every class of token its patterns may name.
#[test]
fn every_kind_has_a_reference_page() {
    for k in vigia::rules::kind::KINDS {
        assert!(
            k.doc.starts_with(&format!("`{}`", k.name)),
            "docs/kinds/{}.md should open with the kind's name",
            k.name
        );
        let page = vigia::rules::explain::kind_page(k);
        assert!(!page.contains("[`crate::"), "{}: code links left", k.name);
    }
    let tokens = vigia::rules::kind::info("tokens").unwrap().doc;
    for class in [
        "%cap", "%plain", "%verb", "%name", "%hashtag", "%mention", "@lexicon",
    ] {
        assert!(tokens.contains(class), "tokens page lacks {class}");
    }
}
