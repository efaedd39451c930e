//! Issue 15: audits in Lima time, replies audited for the hour they were published, clause
//! titles in summaries, and broken records reported at their position and skipped.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const ARCHIVE: &str = "fixtures/archives/auditoria/data/tweets.js";

/// Runs vigia in the crate's root: stdout, stderr and the exit code.
fn vigia(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_vigia"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn jsonl(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check", "--format", "jsonl"];
    all.extend_from_slice(args);
    vigia(&all)
        .0
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn audit_json(path: &str) -> Value {
    let (out, _, _) = vigia(&["audit", "--format", "json", path]);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn dates_are_lima_time_and_months_are_limas() {
    let doc = audit_json(ARCHIVE);
    // 21:00 on 31 March in Lima (02:00 UTC on 1 April) belongs to March.
    let months: Vec<(&str, u64)> = doc["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["month"].as_str().unwrap(), m["posts"].as_u64().unwrap()))
        .collect();
    assert_eq!(months, [("2026-02", 1), ("2026-03", 4)]);
    let dates: Vec<&str> = doc["worst"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["date"].as_str())
        .collect();
    assert!(dates.contains(&"2026-03-31T21:00:00-05:00"), "{dates:?}");
    assert!(dates.iter().all(|d| d.ends_with("-05:00")), "{dates:?}");
}

#[test]
fn replies_published_out_of_hours_get_the_8_4_finding() {
    let found = jsonl(&[ARCHIVE]);
    let hours: Vec<&Value> = found
        .iter()
        .filter(|f| f["rule"] == "channel/out-of-hours")
        .collect();
    // Only the reply of Sunday night: not the ordinary post of the same minute, not the
    // reply of Tuesday at 10:00.
    assert_eq!(hours.len(), 1, "{hours:?}");
    let f = hours[0];
    assert_eq!(f["record"], "1900000000000000002");
    assert_eq!(f["severity"], "info");
    assert!(f["help"].as_str().unwrap().contains("consultas urgentes"));
    let message = f["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "Respuesta publicada el domingo 8 de marzo de 2026, 23:30 (hora de Lima): es domingo"
        ),
        "{message}"
    );
    // The exception of 8.4 is in the help.
    let (explain, _, _) = vigia(&["explain", "channel/out-of-hours"]);
    assert!(explain.contains("excepción que evalúa la COM"), "{explain}");
    assert!(explain.contains("## Directiva, cláusula 8.4: Horario de atención"));
}

#[test]
fn replies_are_found_in_csv_and_json_lines_too() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("respuestas.csv");
    std::fs::write(
        &csv,
        "id,fecha,texto,en_respuesta_a\n1,2026-03-07 21:30,Gracias por escribirnos.,77\n2,2026-03-07 21:30,Publicación del sábado.,\n",
    )
    .unwrap();
    let jl = dir.path().join("respuestas.jsonl");
    std::fs::write(
        &jl,
        "{\"id\": \"a\", \"date\": \"2026-07-28T10:00:00-05:00\", \"text\": \"Gracias.\", \"kind\": \"reply\"}\n{\"id\": \"b\", \"date\": \"2026-07-29T10:00:00-05:00\", \"text\": \"Feliz día.\"}\n",
    )
    .unwrap();
    for (path, want) in [(&csv, "1"), (&jl, "a")] {
        let found = jsonl(&[
            "--no-default-rules",
            "--rules",
            "rules/channel.yaml",
            path.to_str().unwrap(),
        ]);
        let records: Vec<&str> = found
            .iter()
            .filter(|f| f["rule"] == "channel/out-of-hours")
            .map(|f| f["record"].as_str().unwrap())
            .collect();
        assert_eq!(records, [want], "{}", path.display());
    }
}

#[test]
fn sections_are_summarised_by_their_titles() {
    let (out, _, _) = vigia(&["audit", ARCHIVE]);
    assert!(
        out.contains("§8.4            1  Horario de atención"),
        "{out}"
    );
    assert!(
        out.contains("§7.6            1  Información confidencial"),
        "{out}"
    );
    let doc = audit_json(ARCHIVE);
    let s84 = doc["by_section"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "8.4")
        .unwrap();
    assert_eq!(s84["title"], "Horario de atención");
}

#[test]
fn a_broken_record_is_reported_at_its_position_and_skipped() {
    let (_, err, _) = vigia(&["audit", ARCHIVE]);
    assert!(
        err.contains("tweets.js:25:3: registro mal formado, se omite"),
        "{err}"
    );
    // The records after it are checked: the reply after the broken one and the last post.
    let found = jsonl(&[ARCHIVE]);
    assert!(found.iter().any(|f| f["record"] == "1900000000000000006"));
    let doc = audit_json(ARCHIVE);
    assert_eq!(doc["posts"], 5);
    assert_eq!(doc["failed_inputs"], 1);

    let dir = tempfile::tempdir().unwrap();
    let jl = dir.path().join("a.jsonl");
    std::fs::write(
        &jl,
        "{\"id\": \"1\", \"text\": \"uno\"}\n{\"id\": \"2\", \"text\": \"dijo \"hola\"}\n{\"id\": \"3\", \"text\": \"Vota por el partido.\"}\n",
    )
    .unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(
        &csv,
        "id,texto\n1,uno\n2,dos,\"tres\"\n3,Vota por el partido.\n",
    )
    .unwrap();
    for (path, line) in [(&jl, 2), (&csv, 3)] {
        let p = path.to_str().unwrap();
        let (out, err, _) = vigia(&["check", "--format", "jsonl", p]);
        assert!(
            err.contains(&format!("{}:{line}:", Path::new(p).display())),
            "{err}"
        );
        assert!(out.contains("\"record\":\"3\""), "{p}: {out}");
    }
}

/// Every fixture archive format gives an HTML report, a CSV and a workbook whose figures
/// are those of the JSON audit.
#[test]
fn html_csv_and_xlsx_for_every_archive_format() {
    let dir = tempfile::tempdir().unwrap();
    for archive in [
        "fixtures/archives/publicaciones.jsonl",
        "fixtures/archives/publicaciones.json",
        "fixtures/archives/publicaciones.csv",
        "fixtures/archives/publicaciones.tsv",
        "fixtures/archives/facebook/your_posts_1.json",
        "fixtures/archives/instagram/posts_1.json",
        "fixtures/archives/linkedin/Shares.csv",
        "fixtures/archives/x/data/tweets.js",
        ARCHIVE,
    ] {
        let audit = audit_json(archive);
        let total = audit["findings"]["total"].as_u64().unwrap();
        assert!(total > 0, "{archive}");
        let out = |ext: &str| dir.path().join(format!("informe.{ext}"));
        for ext in ["html", "csv", "xlsx"] {
            vigia(&[
                "audit",
                "--format",
                ext,
                "-o",
                out(ext).to_str().unwrap(),
                archive,
            ]);
        }
        let html = std::fs::read_to_string(out("html")).unwrap();
        assert!(
            html.contains(&format!("data-figure=\"findings\" data-value=\"{total}\"")),
            "{archive}"
        );
        assert!(!html.contains("http://") && !html.contains("<link") && !html.contains(" src="));
        let csv = std::fs::read_to_string(out("csv")).unwrap();
        assert!(csv.starts_with("\u{FEFF}archivo,registro,fecha (hora de Lima),red,enlace"));
        let mut rows = csv::Reader::from_path(out("csv")).unwrap();
        assert_eq!(rows.records().count() as u64, total, "{archive}");
        let summary = std::fs::read_to_string(dir.path().join("informe-resumen.csv")).unwrap();
        let posts = audit["posts"].as_u64().unwrap();
        let with = audit["posts_with_findings"].as_u64().unwrap();
        assert!(
            summary.contains("\ntotal,todas,")
                && summary.contains(&format!(",{posts},{with},{total}\n")),
            "{archive}: {summary}"
        );
        let mut book = zip::ZipArchive::new(std::fs::File::open(out("xlsx")).unwrap()).unwrap();
        let sheet = |book: &mut zip::ZipArchive<std::fs::File>, name: &str| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut book.by_name(name).unwrap(), &mut s).unwrap();
            s
        };
        let workbook = sheet(&mut book, "xl/workbook.xml");
        assert!(workbook.contains("name=\"Hallazgos\"") && workbook.contains("name=\"Resumen\""));
        let findings = sheet(&mut book, "xl/worksheets/sheet1.xml");
        assert_eq!(
            findings.matches("<row ").count() as u64,
            total + 1,
            "{archive}"
        );
    }
    // A workbook needs a file.
    let (_, err, code) = vigia(&["audit", "--format", "xlsx", ARCHIVE]);
    assert_eq!(code, 2);
    assert!(err.contains("-o informe.xlsx"), "{err}");
}

/// Everything the HTML report takes from the data is escaped.
#[test]
fn the_html_report_escapes_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let jl = dir.path().join("x.jsonl");
    std::fs::write(
        &jl,
        "{\"id\": \"\\\"><script>alert(1)</script>\", \"platform\": \"x<b>\", \"date\": \"<i>ayer</i>\", \"text\": \"<img src=x onerror=alert(1)> Vota por el partido & más.\"}\n",
    )
    .unwrap();
    let html = dir.path().join("informe.html");
    vigia(&[
        "audit",
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
        jl.to_str().unwrap(),
    ]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("src=x onerror=alert(1)&gt;"), "{page}");
    assert!(page.contains("&amp; más."));
    assert!(page.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<img") && !page.contains("<script>alert") && !page.contains("<i>"));
    assert!(!page.contains("x<b>"));
}
