//! Regression tests for #12: results that do not depend on where the text sits, and no
//! pathology that makes one input quadratic (each asserted on its result; the algorithms are
//! linear by construction, and the timings are in the issue's closing note).

use std::path::Path;
use std::process::{Command, Output};

fn vigia(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigia"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("vigia runs")
}

/// `(line, column, rule)` of every finding of `check --format concise` on `text`.
fn concise(text: &str) -> Vec<(usize, usize, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.txt"), text).unwrap();
    let out = vigia(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "t.txt"],
    );
    assert!(matches!(out.status.code(), Some(0..=1)), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let _path = parts.next();
            let line = parts.next().unwrap().parse().unwrap();
            let column = parts.next().unwrap().parse().unwrap();
            let rule = parts.next().unwrap();
            let rule = rule[rule.find('[').unwrap() + 1..rule.find(']').unwrap()].to_string();
            (line, column, rule)
        })
        .collect()
}

/// Thousands of findings on one long line with accents: every column is the count of
/// characters before the finding, as on short lines.
#[test]
fn issue_12_columns_on_a_long_line_are_counted_in_characters() {
    let unit = "canción  año "; // 13 characters, 15 bytes
    let copies = 3_000;
    let found: Vec<(usize, usize)> = concise(&unit.repeat(copies))
        .into_iter()
        .filter(|(_, _, rule)| rule == "grammar/double-space")
        .map(|(line, column, _)| (line, column))
        .collect();
    let expected: Vec<(usize, usize)> = (0..copies).map(|i| (1, 8 + 13 * i)).collect();
    assert_eq!(found, expected);
}

/// A shouting paragraph of 34 KB (one finding spanning it all) before thousands of short
/// findings: each short finding is still reported, at its place, and the long one once.
#[test]
fn issue_12_findings_after_a_long_one_are_all_kept() {
    let lines = 3_000;
    let text = "ATENCION VECINOS ".repeat(2_000) + "\n" + &"hola  mundo\n".repeat(lines);
    let found = concise(&text);
    let shouting: Vec<_> = found
        .iter()
        .filter(|(_, _, rule)| rule == "grammar/shouting")
        .collect();
    assert_eq!(shouting, vec![&(1, 1, "grammar/shouting".to_string())]);
    let spaces: Vec<(usize, usize)> = found
        .iter()
        .filter(|(_, _, rule)| rule == "grammar/double-space")
        .map(|&(line, column, _)| (line, column))
        .collect();
    let expected: Vec<(usize, usize)> = (0..lines).map(|i| (i + 2, 5)).collect();
    assert_eq!(spaces, expected);
}

/// A 64 KB token glued to a path and ending in `.com` is no URL, and the URL after it is
/// found (this took one search per character of the token).
#[test]
fn issue_12_url_scan_does_not_restart_per_char() {
    use vigia::input::markup::{RegionKind, plain_regions, urls_in};
    let text = format!("Vea /{}.com hoy, o www.senace.gob.pe.", "a".repeat(64_000));
    let urls: Vec<(&str, RegionKind)> = urls_in(&text, 0..text.len())
        .map(|r| (&text[r.range], r.kind))
        .collect();
    assert_eq!(urls, vec![("www.senace.gob.pe", RegionKind::Url)]);
    assert_eq!(
        plain_regions(&text, 0..text.len()),
        urls_in(&text, 0..text.len()).collect::<Vec<_>>()
    );
}

/// A run of 30,000 `p` glued to a word and ending in `uta` is no masked insult (every `p`
/// started a candidate that ran to the end of the run); the masked word after it is found,
/// and so is the run when nothing glues it.
#[test]
fn issue_12_masked_word_scan_does_not_restart_per_char() {
    let run = "p".repeat(30_000);
    let profanity = |text: &str| -> Vec<(usize, usize)> {
        concise(text)
            .into_iter()
            .filter(|(_, _, rule)| rule == "offensive/profanity")
            .map(|(line, column, _)| (line, column))
            .collect()
    };
    assert_eq!(
        profanity(&format!("Eres x{run}uta y una p*ta.")),
        vec![(1, 30_017)]
    );
    assert_eq!(profanity(&format!("Eres {run}uta.")), vec![(1, 6)]);
}
