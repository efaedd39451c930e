//! Inputs (#4): drafts in every encoding an office produces, with positions in the original
//! bytes, mojibake reported, and directories walked like ripgrep (ignore files, unreadable
//! files, symlink loops, size limits: each reported, the rest still checked, exit 2).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn vigia(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigia"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const DRAFT: &str = "Información pública\nDel año: DNI 45678912 y más.\n";

/// Encodes `text` with `encoding`, with or without a byte-order mark.
fn encode(text: &str, encoding: &str, bom: bool) -> Vec<u8> {
    match encoding {
        "utf-8" => {
            let mut b = if bom { vec![0xEF, 0xBB, 0xBF] } else { vec![] };
            b.extend_from_slice(text.as_bytes());
            b
        }
        "utf-16le" | "utf-16be" => {
            let le = encoding == "utf-16le";
            let mut b = match (bom, le) {
                (false, _) => vec![],
                (true, true) => vec![0xFF, 0xFE],
                (true, false) => vec![0xFE, 0xFF],
            };
            for u in text.encode_utf16() {
                b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            b
        }
        "windows-1252" => {
            let (b, _, bad) = encoding_rs::WINDOWS_1252.encode(text);
            assert!(!bad);
            b.into_owned()
        }
        _ => unreachable!(),
    }
}

#[test]
fn issue_4_each_encoding_keeps_positions_in_the_original_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, bool, &[&str])] = &[
        ("utf-8", false, &[]),
        ("utf-8", true, &[]),
        ("utf-16le", true, &[]),
        ("utf-16be", true, &[]),
        ("windows-1252", false, &[]),
        ("windows-1252", false, &["--encoding", "latin1"]),
    ];
    for (i, (encoding, bom, extra)) in cases.iter().enumerate() {
        let name = format!("borrador-{i}.txt");
        let bytes = encode(DRAFT, encoding, *bom);
        std::fs::write(dir.path().join(&name), &bytes).unwrap();
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(&name);
        let out = vigia(dir.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{encoding}: {}", stderr(&out));
        let doc = json(&out);
        let f = &doc["findings"][0];
        assert_eq!(f["rule"], "confidential/dni", "{encoding}");
        assert_eq!(f["matched"], "DNI 45678912");
        assert_eq!(
            (&f["line"], &f["column"]),
            (&2.into(), &10.into()),
            "{encoding}"
        );
        assert_eq!((&f["end_line"], &f["end_column"]), (&2.into(), &22.into()));
        // The byte offsets cut the original file at the match, whatever its encoding.
        let (a, b) = (
            f["byte_start"].as_u64().unwrap() as usize,
            f["byte_end"].as_u64().unwrap() as usize,
        );
        let expect = encode("DNI 45678912", encoding, false);
        assert_eq!(&bytes[a..b], expect.as_slice(), "{encoding} bom={bom}");
    }
}

#[test]
fn issue_4_mojibake_in_a_utf8_draft_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("copiado.md"),
        "La InformaciÃ³n del aÃ±o.\nÂ¿Preguntas? Escríbanos.\n",
    )
    .unwrap();
    let out = vigia(dir.path(), &["check", "--format", "json", "copiado.md"]);
    let doc = json(&out);
    let hits: Vec<(&str, u64, u64, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "grammar/mojibake")
        .map(|f| {
            (
                f["matched"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["suggestions"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hits,
        [
            ("InformaciÃ³n", 1, 4, "Información"),
            ("aÃ±o", 1, 21, "año"),
            ("Â¿Preguntas", 2, 1, "¿Preguntas")
        ]
    );
    // The same text written correctly is clean.
    std::fs::write(dir.path().join("bien.md"), "La Información del año.\n").unwrap();
    let out = vigia(dir.path(), &["check", "--format", "json", "bien.md"]);
    assert_eq!(json(&out)["summary"]["findings"], 0);
}

#[test]
fn issue_4_archives_in_legacy_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let table = "id,texto\n1,\"Año: Dios los bendiga\"\n";
    std::fs::write(
        dir.path().join("excel.csv"),
        encode(table, "windows-1252", false),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("unicode.tsv"),
        encode(&table.replace(',', "\t"), "utf-16le", true),
    )
    .unwrap();
    for name in ["excel.csv", "unicode.tsv"] {
        let out = vigia(dir.path(), &["check", "--format", "json", name]);
        let f = &json(&out)["findings"][0];
        assert_eq!(f["matched"], "Dios los bendiga", "{name}: {}", stderr(&out));
        assert_eq!((&f["record"], &f["column"]), (&"1".into(), &6.into()));
    }
}

/// A directory of drafts with everything a content repository holds.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for d in ["borradores", "public", "viejos", ".oculto"] {
        std::fs::create_dir_all(p.join(d)).unwrap();
    }
    std::fs::write(p.join(".gitignore"), "public/\n").unwrap();
    std::fs::write(p.join(".vigiaignore"), "viejos/\n").unwrap();
    let bad = "Documento confidencial.\n";
    for f in [
        "borradores/a.md",
        "borradores/b.txt",
        "public/generado.md",
        "viejos/antiguo.md",
        ".oculto/x.md",
        "borradores/notas.rst",
    ] {
        std::fs::write(p.join(f), bad).unwrap();
    }
    std::fs::write(
        p.join("borradores/posts.jsonl"),
        "{\"id\": 1, \"text\": \"Documento confidencial.\"}\n",
    )
    .unwrap();
    dir
}

fn paths(out: &Output) -> Vec<String> {
    let mut v: Vec<String> = json(out)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| match f["record"].as_str() {
            Some(r) => format!("{}#{r}", f["path"].as_str().unwrap()),
            None => f["path"].as_str().unwrap().to_string(),
        })
        .collect();
    v.dedup();
    v
}

#[test]
fn issue_4_gitignore_vigiaignore_and_file_types() {
    let dir = site();
    let out = vigia(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(paths(&out), ["./borradores/a.md", "./borradores/b.txt"]);
    assert_eq!(out.status.code(), Some(1));

    let out = vigia(
        dir.path(),
        &["check", "--format", "json", "-t", "archives", "."],
    );
    assert_eq!(paths(&out), ["./borradores/posts.jsonl#1"]);
    let out = vigia(
        dir.path(),
        &["check", "--format", "json", "-t", "md", "-t", "jsonl", "."],
    );
    assert_eq!(
        paths(&out),
        ["./borradores/a.md", "./borradores/posts.jsonl#1"]
    );
    let out = vigia(
        dir.path(),
        &["check", "--format", "json", "--no-ignore", "."],
    );
    assert_eq!(
        paths(&out),
        [
            "./.oculto/x.md",
            "./borradores/a.md",
            "./borradores/b.txt",
            "./public/generado.md",
            "./viejos/antiguo.md"
        ]
    );
    let out = vigia(
        dir.path(),
        &["check", "--format", "json", "-g", "!*.txt", "."],
    );
    assert_eq!(paths(&out), ["./borradores/a.md"]);
    // Named files are checked whatever the ignore files say.
    let out = vigia(
        dir.path(),
        &["check", "--format", "json", "public/generado.md"],
    );
    assert_eq!(paths(&out), ["public/generado.md"]);
    // `audit` walks archives.
    let out = vigia(dir.path(), &["audit", "--format", "json", "."]);
    assert_eq!(json(&out)["posts"], 1);
}

#[cfg(unix)]
#[test]
fn issue_4_unreadable_loops_and_large_files_are_reported_and_skipped() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = site();
    let p = dir.path();
    // A symlink loop, followed with -L.
    symlink("..", p.join("borradores/bucle")).unwrap();
    // A file over the size limit.
    std::fs::write(p.join("borradores/grande.md"), "x".repeat(4096)).unwrap();
    // A file nobody may read (root still can: then only the rest is checked).
    let locked = p.join("borradores/cerrado.md");
    std::fs::write(&locked, "Documento confidencial.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let can_read = std::fs::read(&locked).is_ok();

    let out = vigia(
        p,
        &[
            "check",
            "--format",
            "json",
            "-L",
            "--max-filesize",
            "1000",
            "borradores",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("borradores/bucle: bucle de enlaces simbólicos"),
        "{err}"
    );
    assert!(
        err.contains("borradores/grande.md: el archivo pesa 0 MB, más que el límite"),
        "{err}"
    );
    let mut expected = vec!["borradores/a.md", "borradores/b.txt"];
    if can_read {
        expected.push("borradores/cerrado.md");
    } else {
        assert!(
            err.contains("borradores/cerrado.md: permiso denegado"),
            "{err}"
        );
    }
    // The other files are still checked and reported.
    assert_eq!(paths(&out), expected);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}
