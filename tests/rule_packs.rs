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
