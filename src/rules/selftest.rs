/*!
Rule self-tests: every rule's examples, run through the real engine.

For each bad example the rule must report exactly the `[[…]]` spans; the listed
`suggestions` must be the first finding's; applying every finding's first suggestion must
give the `fix` text (when given) and must not trigger the rule again. Good examples must give
no finding of the rule. Examples are linted as Markdown documents with the whole rule set,
so interactions between rules are tested too; a rule's `supersedes` is left out, so each rule's
examples show what the rule finds on its own. Used by `vigia test-rules` and by
`cargo test` for the bundled packs.
*/

use std::fmt;

use super::{Example, Location, Rule};
use crate::engine::Engine;
use crate::finding::{Finding, apply_replacements};
use crate::input::Document;

/// An example that does not behave.
#[derive(Debug, Clone)]
pub struct Failure {
    pub rule: String,
    pub location: Location,
    pub example: String,
    pub problem: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: [{}] «{}»: {}",
            self.location.path,
            self.location.line,
            self.location.column,
            self.rule,
            self.example,
            self.problem
        )
    }
}

/// Result of testing a rule set.
#[derive(Debug, Default)]
pub struct Report {
    pub rules: usize,
    pub examples: usize,
    pub failures: Vec<Failure>,
}

/// Runs the examples of every rule of `engine`.
pub fn run(engine: &Engine) -> Report {
    let mut report = Report::default();
    // Built-in rules have no examples: the suppression layer makes their findings.
    for rule in engine.rules().rules.iter().filter(|r| !r.info.is_builtin()) {
        report.rules += 1;
        report.examples += rule.examples.bad.len() + rule.examples.good.len();
        report.failures.extend(test_rule(engine, rule));
    }
    report
}

fn lint_rule(engine: &Engine, rule: &Rule, text: &str) -> Vec<Finding> {
    let doc = Document::from_str_md("<ejemplo>", text);
    engine
        .lint_each_rule(&doc)
        .into_iter()
        .filter(|f| f.rule.id == rule.info.id)
        .collect()
}

/// Shows `text` with `[[…]]` around `spans`.
pub fn mark(text: &str, spans: &[std::ops::Range<usize>]) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for s in spans {
        if s.start < pos {
            continue;
        }
        out.push_str(&text[pos..s.start]);
        out.push_str("[[");
        out.push_str(&text[s.clone()]);
        out.push_str("]]");
        pos = s.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Runs one rule's examples.
pub fn test_rule(engine: &Engine, rule: &Rule) -> Vec<Failure> {
    let mut failures = Vec::new();
    let fail = |ex: &Example, problem: String| Failure {
        rule: rule.info.id.clone(),
        location: ex.location.clone(),
        example: ex.source.clone(),
        problem,
    };
    for ex in &rule.examples.bad {
        let found = lint_rule(engine, rule, &ex.text);
        let spans: Vec<_> = found.iter().map(|f| f.span.clone()).collect();
        if spans != ex.spans {
            let got = if spans.is_empty() {
                "ningún hallazgo".to_string()
            } else {
                format!("«{}»", mark(&ex.text, &spans))
            };
            failures.push(fail(
                ex,
                format!("se esperaba «{}», se obtuvo {got}", ex.source),
            ));
            continue;
        }
        if let Some(expected) = &ex.suggestions
            && found.first().map(|f| &f.suggestions) != Some(expected)
        {
            failures.push(fail(
                ex,
                format!(
                    "sugerencias esperadas {:?}, obtenidas {:?}",
                    expected,
                    found
                        .first()
                        .map(|f| f.suggestions.clone())
                        .unwrap_or_default()
                ),
            ));
        }
        let edits: Vec<_> = found
            .iter()
            .filter_map(|f| f.suggestions.first().map(|s| (f.span.clone(), s.as_str())))
            .collect();
        if let Some(fix) = &ex.fix {
            if edits.len() != found.len() {
                failures.push(fail(ex, "tiene `fix` pero la regla no sugiere nada".into()));
                continue;
            }
            let fixed = apply_replacements(&ex.text, &edits);
            if &fixed != fix {
                failures.push(fail(
                    ex,
                    format!("al corregir se obtuvo «{fixed}», se esperaba «{fix}»"),
                ));
                continue;
            }
        }
        if !edits.is_empty() {
            let fixed = apply_replacements(&ex.text, &edits);
            let again = lint_rule(engine, rule, &fixed);
            if !again.is_empty() {
                let spans: Vec<_> = again.iter().map(|f| f.span.clone()).collect();
                failures.push(fail(
                    ex,
                    format!(
                        "el texto corregido vuelve a activar la regla: «{}»",
                        mark(&fixed, &spans)
                    ),
                ));
            }
        }
    }
    for ex in &rule.examples.good {
        let found = lint_rule(engine, rule, &ex.text);
        if !found.is_empty() {
            let spans: Vec<_> = found.iter().map(|f| f.span.clone()).collect();
            failures.push(fail(
                ex,
                format!(
                    "el ejemplo bueno activa la regla: «{}»",
                    mark(&ex.text, &spans)
                ),
            ));
        }
    }
    failures
}
