//! The golden regression corpus: 760 posts written for this project (`fixtures/corpus/*.jsonl`;
//! `format: markdown` for a Markdown draft, front matter included). Every finding vigia
//! reports on them is frozen in `tests/snapshots/corpus__golden.snap`: the test fails on any
//! change, which is reviewed in the snapshot's diff and accepted with
//! `INSTA_UPDATE=always cargo test --test corpus` (or `cargo insta review`).
//!
//! This is a regression test, not a measurement: the posts' `expected` fields were aligned
//! with the tool's output when they were written (see `fixtures/corpus/KNOWN-GAPS.md`), so
//! agreement with them proves nothing about quality. The test still prints that agreement per
//! pack, for reference; the measured figures come from `../shared/eval/` (see the README's
//! "Measuring findings").
//!
//! ```text
//! cargo test --test corpus -- --nocapture
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use vigia::input::{Document, Format, Origin};
use vigia::{Engine, load_rules};

#[derive(Debug, Deserialize)]
struct Post {
    id: String,
    #[serde(default)]
    platform: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    /// `markdown` for a Markdown draft; plain text otherwise.
    #[serde(default)]
    format: Option<String>,
    text: String,
    expected: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
struct Expected {
    rule: String,
    #[serde(rename = "match")]
    matched: String,
    #[serde(default)]
    nth: Option<usize>,
}

/// Byte range of the `nth` (1-based) occurrence of `needle`.
fn locate(text: &str, needle: &str, nth: usize) -> Option<std::ops::Range<usize>> {
    text.match_indices(needle)
        .nth(nth.saturating_sub(1))
        .map(|(i, _)| i..i + needle.len())
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn corpus_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

#[test]
fn golden_corpus_findings_are_unchanged() {
    let engine = Engine::new(load_rules(&[], true).expect("bundled packs load"));
    let mut files: Vec<_> = std::fs::read_dir(corpus_dir())
        .expect("fixtures/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut golden = String::new();
    let (mut compliant, mut violating, mut false_alarms, mut error_alarms) = (0, 0, 0, 0);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for (n, line) in std::fs::read_to_string(file).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let post: Post =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}:{}: {e}", n + 1));
            if post.expected.is_empty() {
                compliant += 1;
            } else {
                violating += 1;
            }
            let format = match post.format.as_deref() {
                None | Some("plain") => Format::Plain,
                Some("markdown") => Format::Markdown,
                Some(other) => panic!("{name} {}: unknown format «{other}»", post.id),
            };
            let mut doc = Document::new(
                Origin {
                    path: name.clone(),
                    record: Some(post.id.clone()),
                },
                post.text.clone(),
                format,
            );
            doc.meta.platform = post.platform.clone();
            doc.meta.kind = post.kind.clone();
            let found: Vec<(String, std::ops::Range<usize>, vigia::Level)> = engine
                .lint(&doc)
                .into_iter()
                .map(|f| (f.rule.id.clone(), f.span, f.level))
                .collect();
            for (rule, span, level) in &found {
                golden.push_str(&format!(
                    "{name} {} {}..{} {level} [{rule}] «{}»\n",
                    post.id,
                    span.start,
                    span.end,
                    post.text[span.clone()].replace('\n', "⏎")
                ));
            }
            let mut expected = Vec::new();
            for e in &post.expected {
                match locate(&post.text, &e.matched, e.nth.unwrap_or(1)) {
                    Some(r) => expected.push((e.rule.clone(), r)),
                    None => problems.push(format!(
                        "{name} {}: expected text «{}» is not in the post",
                        post.id, e.matched
                    )),
                }
            }
            for (rule, span) in &expected {
                let pack = rule.split('/').next().unwrap().to_string();
                if found.iter().any(|(r, s, _)| r == rule && s == span) {
                    tallies.entry(pack).or_default().tp += 1;
                } else {
                    tallies.entry(pack).or_default().fn_ += 1;
                }
            }
            for (rule, span, level) in &found {
                if !expected.iter().any(|(r, s)| r == rule && s == span) {
                    let pack = rule.split('/').next().unwrap().to_string();
                    tallies.entry(pack).or_default().fp += 1;
                    if post.expected.is_empty() {
                        false_alarms += 1;
                        if *level == vigia::Level::Error {
                            error_alarms += 1;
                        }
                    }
                }
            }
        }
    }
    println!(
        "\ngolden corpus: {compliant} posts without and {violating} with findings in their \
         `expected` field; agreement with those fields (not a measurement):"
    );
    println!(
        "{:<20} {:>5} {:>5} {:>5} {:>10} {:>8}",
        "pack", "tp", "fp", "fn", "precision", "recall"
    );
    for (pack, t) in &tallies {
        let p = t.tp as f64 / (t.tp + t.fp).max(1) as f64;
        let r = t.tp as f64 / (t.tp + t.fn_).max(1) as f64;
        println!(
            "{pack:<20} {:>5} {:>5} {:>5} {:>9.1}% {:>7.1}%",
            t.tp,
            t.fp,
            t.fn_,
            100.0 * p,
            100.0 * r
        );
    }
    println!("findings on posts expected clean: {false_alarms} ({error_alarms} at error level)");
    assert!(
        compliant >= 150,
        "the corpus needs at least 150 compliant posts"
    );
    assert!(
        violating >= 150,
        "the corpus needs at least 150 violating posts"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    insta::assert_snapshot!("golden", golden);
}
