//! Archives (#4): every export format in `fixtures/archives/` gives one document per record,
//! with the record's id, date and platform, and findings positioned inside the record's text.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use vigia::Document;
use vigia::input::archive::{self, FieldOptions, Kind};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/archives")
        .join(rel)
}

/// Every record of an archive, read through the library.
fn records(rel: &str, fields: &FieldOptions) -> Vec<Document> {
    let path = fixture(rel);
    let bytes = std::fs::read(&path).unwrap();
    let kind = Kind::for_path(&path).unwrap();
    let name = format!("fixtures/archives/{rel}");
    let (mut reader, parser) =
        archive::open(&name, kind, Box::new(Cursor::new(bytes)), None, fields).unwrap();
    let mut docs = Vec::new();
    loop {
        let (batch, err) = reader.next_batch(3, 1 << 20);
        assert!(err.is_none(), "{err:?}");
        if batch.is_empty() {
            return docs;
        }
        docs.extend(batch.into_iter().map(|r| parser.document(r).unwrap()));
    }
}

fn summary(docs: &[Document]) -> Vec<(String, Option<String>, Option<String>)> {
    docs.iter()
        .map(|d| {
            (
                d.origin.record.clone().unwrap(),
                d.meta.platform.clone(),
                d.meta.date.clone(),
            )
        })
        .collect()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// Findings of `vigia check --format jsonl` on a fixture, and the exit code.
fn findings(args: &[&str]) -> (Vec<Value>, i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vigia"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect();
    (
        lines,
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Checks that every finding's positions point at its `matched` text inside its record.
fn assert_positions_inside_records(rel: &str, fields: &FieldOptions, extra: &[&str]) -> usize {
    let docs = records(rel, fields);
    let by_id: HashMap<_, _> = docs
        .iter()
        .map(|d| (d.origin.record.clone().unwrap(), d))
        .collect();
    let path = format!("fixtures/archives/{rel}");
    let mut args = extra.to_vec();
    args.push(&path);
    let (found, _, stderr) = findings(&args);
    assert!(stderr.is_empty(), "{stderr}");
    for f in &found {
        assert_eq!(f["path"], path.as_str());
        let id = f["record"].as_str().expect("a record id");
        let doc = by_id[id];
        let (a, b) = (
            f["byte_start"].as_u64().unwrap() as usize,
            f["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&doc.text[a..b], f["matched"].as_str().unwrap(), "{f}");
        let line = f["line"].as_u64().unwrap() as usize;
        let column = f["column"].as_u64().unwrap() as usize;
        let line_text = doc.text.split('\n').nth(line - 1).unwrap();
        let at: String = line_text.chars().skip(column - 1).collect();
        assert!(at.starts_with(f["matched"].as_str().unwrap()), "{f}");
    }
    found.len()
}

#[test]
fn issue_4_json_lines() {
    let docs = records("publicaciones.jsonl", &FieldOptions::default());
    assert_eq!(docs.len(), 6);
    assert_eq!(
        summary(&docs)[..3],
        [
            (s("p-001"), s("facebook"), s("2026-01-15")),
            (s("p-002"), s("x"), s("2026-01-28")),
            (s("p-003"), s("x"), s("2026-02-03")),
        ]
        .map(|(a, b, c)| (a.unwrap(), b, c))
    );
    let (found, code, _) = findings(&["fixtures/archives/publicaciones.jsonl"]);
    assert_eq!(code, 1);
    let dni = found
        .iter()
        .find(|f| f["rule"] == "confidential/dni")
        .unwrap();
    assert_eq!(dni["record"], "p-005");
    assert_eq!((&dni["line"], &dni["column"]), (&1.into(), &29.into()));
    assert_eq!(dni["byte_start"], 29);
    assert_eq!(
        assert_positions_inside_records("publicaciones.jsonl", &FieldOptions::default(), &[]),
        found.len()
    );
}

#[test]
fn issue_4_json_list_with_spanish_field_names() {
    let docs = records("publicaciones.json", &FieldOptions::default());
    assert_eq!(
        summary(&docs),
        [
            ("fb-2026-001".into(), s("facebook"), s("2026-01-15")),
            ("fb-2026-002".into(), s("facebook"), s("2026-01-22")),
            ("fb-2026-003".into(), s("facebook"), s("2026-02-05")),
        ]
    );
    assert_eq!(
        assert_positions_inside_records("publicaciones.json", &FieldOptions::default(), &[]),
        1
    );
}

#[test]
fn issue_4_csv_and_tsv_with_quoted_newlines() {
    let docs = records("publicaciones.csv", &FieldOptions::default());
    assert_eq!(docs.len(), 4);
    assert_eq!(
        docs[1].text,
        "Taller en Loreto:\r\nlos ciudadanos pueden presentar aportes hasta el viernes."
    );
    assert_eq!(docs[1].meta.platform.as_deref(), Some("facebook"));
    assert!(docs[3].text.ends_with("le respondemos \"en breve\"."));
    let (found, _, _) = findings(&["fixtures/archives/publicaciones.csv"]);
    let masc = found
        .iter()
        .find(|f| f["rule"] == "inclusive/generic-masculine")
        .unwrap();
    assert_eq!(masc["record"], "2");
    assert_eq!((&masc["line"], &masc["column"]), (&2.into(), &1.into()));
    assert_positions_inside_records("publicaciones.csv", &FieldOptions::default(), &[]);

    let docs = records("publicaciones.tsv", &FieldOptions::default());
    assert_eq!(
        summary(&docs),
        [
            ("1".into(), s("linkedin"), s("2026-03-09")),
            ("2".into(), s("x"), s("2026-03-16")),
        ]
    );
    assert_eq!(
        assert_positions_inside_records("publicaciones.tsv", &FieldOptions::default(), &[]),
        1
    );
}

#[test]
fn issue_4_twitter_archive() {
    let docs = records("x/data/tweets.js", &FieldOptions::default());
    assert_eq!(
        summary(&docs),
        [
            (
                "1876543210987654321".into(),
                s("x"),
                s("2026-01-08T10:20:00-05:00")
            ),
            (
                "1880000000000000002".into(),
                s("x"),
                s("2026-02-17T08:05:00-05:00")
            ),
            (
                "1890000000000000003".into(),
                s("x"),
                s("2026-03-04T12:45:00-05:00")
            ),
        ]
    );
    // HTML entities of the archive are decoded.
    assert!(docs[0].text.starts_with("Evaluación & participación"));
    let n = assert_positions_inside_records("x/data/tweets.js", &FieldOptions::default(), &[]);
    assert!(n >= 2, "{n}");
    let (found, _, _) = findings(&["fixtures/archives/x/data/tweets.js"]);
    let dni = found
        .iter()
        .find(|f| f["rule"] == "confidential/dni")
        .unwrap();
    assert_eq!(dni["record"], "1880000000000000002");
    assert_eq!((&dni["line"], &dni["column"]), (&1.into(), &58.into()));
}

#[test]
fn issue_4_facebook_export_is_repaired() {
    let docs = records("facebook/your_posts_1.json", &FieldOptions::default());
    assert_eq!(docs.len(), 3);
    assert!(
        docs[0]
            .text
            .starts_with("Información pública: el Senace aprobó la modificación"),
        "{}",
        docs[0].text
    );
    assert!(docs[1].text.contains("¿Tiene dudas"), "{}", docs[1].text);
    // A post without text falls back to its title.
    assert_eq!(docs[2].text, "Senace compartió una foto.");
    assert_eq!(
        summary(&docs),
        [
            ("1".into(), s("facebook"), s("2026-01-15T10:20:00-05:00")),
            ("2".into(), s("facebook"), s("2026-02-14T11:00:00-05:00")),
            ("3".into(), s("facebook"), s("2026-03-04T07:00:00-05:00")),
        ]
    );
    let (found, _, _) = findings(&["fixtures/archives/facebook/your_posts_1.json"]);
    assert!(
        found.iter().all(|f| f["rule"] != "grammar/mojibake"),
        "{found:?}"
    );
    let blessing = found
        .iter()
        .find(|f| f["rule"] == "prohibited-topics/religious-blessing")
        .unwrap();
    assert_eq!(blessing["matched"], "Dios los bendiga");
    assert_positions_inside_records("facebook/your_posts_1.json", &FieldOptions::default(), &[]);
}

#[test]
fn issue_4_instagram_export() {
    let docs = records("instagram/posts_1.json", &FieldOptions::default());
    assert_eq!(
        docs[0].text,
        "Visita de campo en la cuenca del río Santa. #CertificaciónAmbiental"
    );
    assert!(
        docs[1]
            .text
            .starts_with("Taller con las comunidades campesinas de Junín")
    );
    assert!(
        docs.iter()
            .all(|d| d.meta.platform.as_deref() == Some("instagram"))
    );
    assert_positions_inside_records("instagram/posts_1.json", &FieldOptions::default(), &[]);
}

#[test]
fn issue_4_linkedin_shares() {
    let docs = records("linkedin/Shares.csv", &FieldOptions::default());
    assert_eq!(
        summary(&docs),
        [
            (
                "urn:li:share:7280000000000000001".into(),
                s("linkedin"),
                s("2026-01-20T09:00:00-05:00")
            ),
            (
                "urn:li:share:7290000000000000002".into(),
                s("linkedin"),
                s("2026-02-24T04:30:00-05:00")
            ),
        ]
    );
    assert!(docs[0].text.contains("especializados.\n\nConoce más"));
    assert_eq!(
        assert_positions_inside_records("linkedin/Shares.csv", &FieldOptions::default(), &[]),
        2
    );
}

#[test]
fn issue_4_field_overrides_and_default_platform() {
    let fields = FieldOptions {
        id: Some("fecha".into()),
        platform: Some("no-existe".into()),
        ..FieldOptions::default()
    };
    let docs = records("publicaciones.csv", &fields);
    assert_eq!(docs[0].origin.record.as_deref(), Some("2026-02-02"));
    assert!(docs.iter().all(|d| d.meta.platform.is_none()));
    // `--platform` fills in records that name none (audit counts them under it).
    let out = Command::new(env!("CARGO_BIN_EXE_vigia"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["audit", "--format", "json", "--platform-field", "no-existe"])
        .args([
            "--platform",
            "Threads",
            "fixtures/archives/publicaciones.csv",
        ])
        .output()
        .unwrap();
    let audit: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(audit["by_platform"][0]["platform"], "threads");
    assert_eq!(audit["by_platform"][0]["posts"], 4);
    let extra = [
        "--id-field",
        "fecha",
        "--platform-field",
        "no-existe",
        "--platform",
        "threads",
    ];
    assert_positions_inside_records("publicaciones.csv", &fields, &extra);

    // A text field that does not exist is an input error naming the file: exit 2.
    let (found, code, stderr) = findings(&[
        "--text-field",
        "texto",
        "fixtures/archives/publicaciones.json",
        "fixtures/archives/publicaciones.csv",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "error: fixtures/archives/publicaciones.json:2:3: no hay un campo «texto»"
        ),
        "{stderr}"
    );
    // The other archive is still checked.
    assert!(
        found
            .iter()
            .any(|f| f["path"] == "fixtures/archives/publicaciones.csv")
    );
}

#[test]
fn issue_4_bad_records_are_reported_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixto.jsonl");
    std::fs::write(
        &path,
        "{\"id\": \"a\", \"text\": \"Vota por el cambio.\"}\n{\"id\": \"b\", \"text\": \"roto\"\n[1, 2]\n{\"id\": \"c\", \"text\": \"Dios los bendiga.\"}\n",
    )
    .unwrap();
    let (found, code, stderr) = findings(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    let ids: Vec<_> = found
        .iter()
        .map(|f| f["record"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "c"]);
    let errors: Vec<_> = stderr.lines().collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(
        errors[0].ends_with("mixto.jsonl:2:26: JSON no válido: el registro termina sin cerrarse"),
        "{stderr}"
    );
    assert!(
        errors[1].ends_with("mixto.jsonl:3:1: el registro no es un objeto JSON"),
        "{stderr}"
    );
}

#[test]
fn issue_4_stdin_archive_and_json_output() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigia"))
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "posts.jsonl",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("{\"id\": 9, \"text\": \"Hola.\\nMi DNI 45678912.\"}\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["documents"], 1);
    let f = &json["findings"][0];
    assert_eq!(f["path"], "posts.jsonl");
    assert_eq!(f["record"], "9");
    assert_eq!(
        (&f["line"], &f["column"], &f["byte_start"]),
        (&2.into(), &4.into(), &9.into())
    );
}

#[test]
fn issue_4_statistics_go_to_stderr_with_machine_output() {
    for format in ["json", "jsonl"] {
        let out = Command::new(env!("CARGO_BIN_EXE_vigia"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["check", "--statistics", "--format", format])
            .arg("fixtures/archives/publicaciones.jsonl")
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        if format == "json" {
            serde_json::from_str::<Value>(&stdout).expect("stdout is one JSON document");
        } else {
            for line in stdout.lines() {
                serde_json::from_str::<Value>(line).expect("each line is a finding");
            }
        }
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("Hallazgos por regla:\n"), "{stderr}");
        assert!(stderr.contains("confidential/dni"), "{stderr}");
        assert!(stderr.contains("Hallazgos por pack:\n"), "{stderr}");
    }
}
