//! Regression tests for #13: hostile inputs never panic and never change user data.

use std::path::Path;
use std::process::{Command, Output};

fn vigia(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigia"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("vigia runs")
}

/// U+000B, the vertical tab Word writes for a manual line break, in a draft, a CSV record
/// and a JSONL record, through every command that tokenises words.
#[test]
fn issue_13_vertical_tab_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Hola\u{b}mundo: la evaluacion\u{b}\u{b}termina hoy. DNI\u{b}45678912";
    std::fs::write(dir.path().join("borrador.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("posts.jsonl"),
        format!("{}\n", serde_json::json!({ "id": "1", "text": text })),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("posts.csv"),
        format!("id,text\n1,\"{text}\"\n"),
    )
    .unwrap();
    for args in [
        &["check", "borrador.txt", "posts.jsonl", "posts.csv"][..],
        &["audit", "posts.jsonl", "posts.csv"],
        &["words", "borrador.txt", "posts.jsonl", "posts.csv"],
        &["stats", "borrador.txt"],
        &["check", "--diff", "borrador.txt"],
    ] {
        let out = vigia(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0..=1)),
            "{args:?}: {:?}\n{stderr}",
            out.status
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // The misspelling after the vertical tab is still found, at its place.
    let out = vigia(dir.path(), &["check", "--format", "json", "borrador.txt"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let matched: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["matched"].as_str().unwrap())
        .collect();
    assert!(matched.contains(&"evaluacion"), "{matched:?}");
    // `--fix` applies the accent and keeps the vertical tabs.
    let out = vigia(dir.path(), &["check", "--fix", "borrador.txt"]);
    assert!(matches!(out.status.code(), Some(0..=1)), "{out:?}");
    let fixed = std::fs::read_to_string(dir.path().join("borrador.txt")).unwrap();
    assert_eq!(fixed, text.replace("evaluacion", "evaluación"));
}
