//! The JSON output is a contract: parse it and check every field of every finding.

use std::process::Command;

use serde_json::Value;

fn run(args: &[&str], stdin: Option<&str>) -> (Value, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigia"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    let out = if let Some(input) = stdin {
        use std::io::Write;
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    } else {
        cmd.output().unwrap()
    };
    let json: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (json, out.status.code().unwrap())
}

#[test]
fn json_document_has_the_documented_shape() {
    let (json, code) = run(
        &[
            "check",
            "--format",
            "json",
            "fixtures/borrador-respuesta.md",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert_eq!(json["version"], 1);
    let summary = &json["summary"];
    for key in ["files", "findings", "errors", "warnings", "infos"] {
        assert!(summary[key].is_u64(), "summary.{key}");
    }
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(
        summary["findings"].as_u64().unwrap() as usize,
        findings.len()
    );
    let by_level = |l: &str| findings.iter().filter(|f| f["severity"] == l).count() as u64;
    assert_eq!(summary["errors"], by_level("error"));
    assert_eq!(summary["warnings"], by_level("warning"));
    assert_eq!(summary["infos"], by_level("info"));

    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/borrador-respuesta.md"),
    )
    .unwrap();
    let mut last = (String::new(), 0);
    for f in findings {
        for key in [
            "path", "rule", "pack", "severity", "section", "message", "matched",
        ] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        assert!(f["record"].is_null());
        for key in [
            "line",
            "column",
            "end_line",
            "end_column",
            "byte_start",
            "byte_end",
        ] {
            assert!(
                f[key].as_u64().unwrap() >= 1 || key.starts_with("byte"),
                "{key}"
            );
        }
        assert!(f["suggestions"].is_array());
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
        let rule = f["rule"].as_str().unwrap();
        assert_eq!(rule.split('/').next().unwrap(), f["pack"].as_str().unwrap());
        // Byte offsets point at the matched text in the file; lines and columns agree.
        let (s, e) = (
            f["byte_start"].as_u64().unwrap() as usize,
            f["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], f["matched"].as_str().unwrap());
        let line = text[..s].matches('\n').count() + 1;
        let col = text[..s].rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!(
            (
                f["line"].as_u64().unwrap() as usize,
                f["column"].as_u64().unwrap() as usize
            ),
            (line, col)
        );
        let end_col = text[..e].rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!(f["end_column"].as_u64().unwrap() as usize, end_col);
        // Sorted by path, then position.
        let key = (f["path"].as_str().unwrap().to_string(), s);
        assert!(key >= last, "findings out of order");
        last = key;
    }
}

#[test]
fn stdin_path_is_a_dash() {
    let (json, code) = run(
        &[
            "check",
            "--format",
            "json",
            "--no-default-rules",
            "--rules",
            "tests/packs/core.yaml",
            "-",
        ],
        Some("El partido."),
    );
    assert_eq!(code, 1);
    assert_eq!(json["findings"][0]["path"], "-");
    assert_eq!(json["summary"]["files"], 1);
}

#[test]
fn clean_input_gives_an_empty_list() {
    let (json, code) = run(
        &[
            "check",
            "--format",
            "json",
            "--no-default-rules",
            "--rules",
            "tests/packs/core.yaml",
            "-",
        ],
        Some("Todo en orden."),
    );
    assert_eq!(code, 0);
    assert_eq!(json["findings"], serde_json::json!([]));
    assert_eq!(json["summary"]["findings"], 0);
}

#[test]
fn byte_offsets_point_into_the_original_bytes_of_a_cp1252_file() {
    let (json, _) = run(
        &["check", "--format", "json", "fixtures/borrador-cp1252.txt"],
        None,
    );
    let raw = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/borrador-cp1252.txt"),
    )
    .unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let (s, e) = (
            f["byte_start"].as_u64().unwrap() as usize,
            f["byte_end"].as_u64().unwrap() as usize,
        );
        let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&raw[s..e]);
        assert_eq!(decoded, f["matched"].as_str().unwrap());
    }
}
