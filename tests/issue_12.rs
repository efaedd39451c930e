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

/// Spans of the `confidential/dni` findings in `text`, linted by the library.
fn dni_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    use std::sync::OnceLock;
    use vigia::input::Document;
    static ENGINE: OnceLock<vigia::Engine> = OnceLock::new();
    let engine = ENGINE
        .get_or_init(|| vigia::Engine::new(vigia::load_rules(&[], true).expect("bundled packs")));
    let doc = Document::plain("t.txt", text);
    engine
        .lint(&doc)
        .into_iter()
        .filter(|f| f.rule.id == "confidential/dni")
        .map(|f| f.span)
        .collect()
}

/// A regex rule finds the same thing wherever the text sits: a DNI label and its number in
/// one paragraph are reported after any amount of text, across a line break too; separated
/// by a blank line (two paragraphs, as for phrases) they never are, short document or long.
#[test]
fn issue_12_regex_findings_do_not_depend_on_where_the_text_sits() {
    for lines in [0, 1, 20, 21, 22, 40, 200] {
        // Lines of 49 bytes without a blank line: the 1 KB chunk boundary falls before,
        // inside or after what follows.
        let pad = "La reunión empezó temprano y terminó a tiempo.\n".repeat(lines);
        let at = pad.len() + "el DNI".len() - 3;
        assert_eq!(
            dni_spans(&format!("{pad}el DNI\n45678912 y algo más.\n\nFin.")),
            vec![at..at + 12],
            "{lines} lines"
        );
        assert_eq!(
            dni_spans(&format!("{pad}el DNI\n\n45678912 y algo más.\n\nFin.")),
            Vec::<std::ops::Range<usize>>::new(),
            "{lines} lines"
        );
    }
    // One paragraph of 100 KB (no blank line): the label and the number on two lines around
    // 64 KB, where long paragraphs used to be cut at their last line end (the label's line
    // ends at byte 65,524 + `extra`, the last before 65,536 for every `extra` here).
    let line = "Una línea de un párrafo muy largo sin blancos.\n"; // 49 bytes
    for extra in 0..10 {
        let before = format!("Hola{}\n{}", "a".repeat(extra), line.repeat(1_337));
        let text = format!("{before}el DNI\n45678912\n{}", line.repeat(700));
        let at = before.len() + 3;
        assert_eq!(dni_spans(&text), vec![at..at + 12], "{extra}");
    }
}

/// Every finding of `check --format json` on the file `name` in `dir`, as
/// `(rule, line, column, end_line, end_column, byte_start, byte_end, message)`, with the piece
/// size `piece` (`None`: the default, which reads these small files whole).
fn json_findings(dir: &Path, name: &str, piece: Option<usize>) -> Vec<String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigia"));
    cmd.current_dir(dir)
        .args(["check", "--no-config", "--format", "json", name]);
    if let Some(n) = piece {
        cmd.env("VIGIA_PIECE_BYTES", n.to_string());
    }
    let out = cmd.output().expect("vigia runs");
    assert!(matches!(out.status.code(), Some(0..=1)), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["summary"]["documents"], 1, "one file is one document");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let keys = [
                "rule",
                "line",
                "column",
                "end_line",
                "end_column",
                "byte_start",
                "byte_end",
                "message",
            ];
            keys.iter()
                .map(|k| f[k].to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Paragraphs of findings that depend on nothing outside their sentence (a DNI, a spelling
/// slip, an accent a proofreader would add, an insult), each after a different amount of
/// text, so that pieces end at every kind of place.
fn paragraphs(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        let filler =
            "la municipalidad informa a los vecinos sobre el servicio de agua ".repeat(i % 7);
        text.push_str(&format!(
            "Párrafo {i}: {filler}el DNI 4567{:04} del solicitante.\nMas informacion en la \
             pagina del proyecto, dijo el imbécil del vecino.\n\n",
            i % 10_000
        ));
    }
    text
}

#[test]
fn issue_12_a_large_file_read_in_pieces_has_the_findings_of_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let text = paragraphs(400);
    std::fs::write(dir.path().join("grande.txt"), &text).unwrap();
    let whole = json_findings(dir.path(), "grande.txt", None);
    assert!(whole.len() > 1_000, "{}", whole.len());
    // Pieces of 2 KB: about a hundred of them, read two at a time.
    let pieces = json_findings(dir.path(), "grande.txt", Some(2048));
    assert_eq!(pieces, whole);
}

#[test]
fn issue_12_a_long_line_read_in_pieces_keeps_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Vecinos del sector: el DNI 45678912 y mas informacion aquí. ".repeat(300);
    std::fs::write(dir.path().join("linea.md"), &text).unwrap();
    // A paragraph longer than a piece is measured piece by piece (its readability): the
    // one place where pieces differ from the whole, by design.
    let sentence_level = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .filter(|f| !f.starts_with("\"clarity/low-readability\""))
            .collect()
    };
    let whole = sentence_level(json_findings(dir.path(), "linea.md", None));
    assert!(whole.len() >= 600, "{}", whole.len());
    let pieces = sentence_level(json_findings(dir.path(), "linea.md", Some(1000)));
    assert_eq!(pieces, whole);
}
