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

fn vigia_stdin(dir: &Path, args: &[&str], stdin: std::process::Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigia"))
        .current_dir(dir)
        .args(args)
        .stdin(stdin)
        .output()
        .expect("vigia runs")
}

/// `vigia check /dev/zero` used to read until memory ran out; a device or a FIFO is not a
/// draft.
#[cfg(unix)]
#[test]
fn issue_13_devices_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = vigia(dir.path(), &["check", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/dev/zero") && stderr.contains("dispositivo"),
        "{stderr}"
    );
}

/// Standard input has no size to check first: it is read up to `--max-filesize`, as a draft
/// and as an archive, whatever is behind it.
#[cfg(unix)]
#[test]
fn issue_13_stdin_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["borrador.md", "posts.jsonl"] {
        let zero = std::fs::File::open("/dev/zero").unwrap();
        let out = vigia_stdin(
            dir.path(),
            &[
                "check",
                "--max-filesize",
                "1000000",
                "--stdin-filename",
                name,
                "-",
            ],
            zero.into(),
        );
        assert_eq!(out.status.code(), Some(2), "{name}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--max-filesize"), "{name}: {stderr}");
    }
}

/// A symlink found while walking a directory is not followed without `--follow`: a link to
/// a file outside the tree is neither printed nor rewritten by `--fix`.
#[cfg(unix)]
#[test]
fn issue_13_symlinks_are_not_followed_without_follow() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secreto.md");
    let text = "La evaluacion del DNI 45678912 termina hoy.\n";
    std::fs::write(&secret, text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("posts")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("posts/enlace.md")).unwrap();
    std::fs::write(dir.path().join("posts/propio.md"), "Hola, vecinos.\n").unwrap();
    for args in [&["check", "posts"][..], &["check", "--fix", "posts"]] {
        let out = vigia(dir.path(), args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("enlace"), "{args:?}: {stdout}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    }
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), text);
    // With --follow the link is read like any file.
    let out = vigia(dir.path(), &["check", "--follow", "posts"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("enlace.md"));
}

/// `--fix` leaves alone what it cannot rewrite exactly: a UTF-8 file with one stray byte
/// (read as Windows-1252, a fix would write Windows-1252 into it) and a file with another
/// hard link (the rename would separate them); the files keep every byte.
#[cfg(unix)]
#[test]
fn issue_13_fix_leaves_alone_what_it_cannot_rewrite_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let stray = b"La evaluaci\xc3\xb3n termina. Mas informacion aqu\xed.\n".to_vec();
    std::fs::write(dir.path().join("roto.txt"), &stray).unwrap();
    let linked = "Mas informacion en la web.\n";
    std::fs::write(dir.path().join("a.txt"), linked).unwrap();
    std::fs::hard_link(dir.path().join("a.txt"), dir.path().join("b.txt")).unwrap();
    let out = vigia(dir.path(), &["check", "--fix", "roto.txt", "a.txt"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(std::fs::read(dir.path().join("roto.txt")).unwrap(), stray);
    assert!(
        stderr.contains("roto.txt") && stderr.contains("--encoding"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.txt")).unwrap(),
        linked
    );
    assert!(stderr.contains("enlaces duros"), "{stderr}");
}

/// A file an editor saves while `--fix` works on it keeps the editor's text.
#[test]
fn issue_13_fix_does_not_revert_a_concurrent_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Mas informacion en la web.\n").unwrap();
    let original = std::fs::read(&path).unwrap();
    let edited = b"Texto nuevo del editor.\n";
    // The library's replace step, with the file changed after it was read.
    std::fs::write(&path, edited).unwrap();
    let err = vigia::fix::write_atomic_if_unchanged(&path, b"M\xc3\xa1s", &original)
        .expect_err("a changed file is not replaced");
    assert!(err.to_string().contains("cambió"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), edited);
}

/// `--write-baseline` onto something that is not a regular file (a FIFO here; a device node
/// before) replaced it with a regular file.
#[cfg(unix)]
#[test]
fn issue_13_only_regular_files_are_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Mas informacion en la web.\n").unwrap();
    let fifo = dir.path().join("base.json");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let out = vigia(
        dir.path(),
        &["check", "--write-baseline", "base.json", "a.txt"],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no es un archivo regular"));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

/// A pack term of 50,000 copies of one letter took 53 s to compile; it is refused where it
/// is written.
#[test]
fn issue_13_an_absurdly_long_term_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let term = "a".repeat(50_000);
    let pack = format!(
        "pack: big\ntitle: Big\nlevel: warning\nsection: \"8.7\"\nrules:\n  - id: t\n    \
         kind: existence\n    title: T\n    message: \"t\"\n    terms: [\"{term}\"]\n    \
         doc: \"x\"\n    examples: {{bad: [\"[[{term}]]\"], good: [\"b\"]}}\n"
    );
    std::fs::write(dir.path().join("big.yaml"), pack).unwrap();
    std::fs::write(dir.path().join("a.txt"), "hola\n").unwrap();
    let out = vigia(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--no-default-rules",
            "--rules",
            "big.yaml",
            "a.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("término de 50000 caracteres") && stderr.contains("big.yaml:10:"),
        "{stderr}"
    );
}

/// A file name with an escape sequence and a newline reached the terminal as is (it could
/// colour the screen or fake a line of output); it is printed escaped, in findings and errors.
#[cfg(unix)]
#[test]
fn issue_13_control_characters_in_file_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\u{1b}[31mb\nc.txt";
    std::fs::write(dir.path().join(name), "Mas informacion en la web.\n").unwrap();
    let out = vigia(dir.path(), &["check", "--format", "concise", "."]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("a\\u{1b}[31mb\\u{a}c.txt"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    let missing = format!("{name}.md");
    let out = vigia(dir.path(), &["check", &missing]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains('\u{1b}') && stderr.contains("\\u{a}c.txt.md"),
        "{stderr}"
    );
}
