//! CI and team workflows (#5): configuration, output formats for review tools, baselines
//! and fixes, run through the binary on files in temporary directories.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn pack(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/packs")
        .join(name)
        .display()
        .to_string()
}

/// Runs vigia in `dir` with the test pack of fixes and no configuration file unless `args`
/// names one.
fn vigia(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigia"));
    cmd.current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// `check --no-config --no-default-rules --rules fixes.yaml` followed by `args`.
fn check(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let fixes = pack("fixes.yaml");
    let mut all = vec![
        "check",
        "--no-config",
        "--no-default-rules",
        "--rules",
        &fixes,
    ];
    all.extend_from_slice(args);
    vigia(dir, &all, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

// --- output formats ----------------------------------------------------------------------

fn sarif_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "borradores/publicación 1.md",
        "Vamos a el taller.\n\nSaludamos a los ciudadanos con informacion.\n".as_bytes(),
    );
    write(dir.path(), "limpio.md", b"Todo bien.\n");
    let out = check(dir.path(), &["--format", "sarif", "."], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();

    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&sarif_schema())
        .expect("the vendored schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the validator does reject what is not SARIF.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "grave".into();
    assert!(!validator.is_valid(&broken));

    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap()
            .ends_with('/')
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for r in results {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        assert_eq!(rule["properties"]["section"], "8.7");
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("Directiva")
        );
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "borradores/publicaci%C3%B3n%201.md"
        );
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(
            r["partialFingerprints"]["vigia/v1"].as_str().unwrap().len(),
            16
        );
    }
    let by_rule = |id: &str| results.iter().find(|r| r["ruleId"] == id).unwrap();
    // Safe fixes become SARIF fixes; the unsafe rule's suggestion does not.
    let fix = &by_rule("arreglos/a-el")["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "al");
    assert_eq!(fix["deletedRegion"]["startColumn"], 7);
    assert_eq!(fix["deletedRegion"]["endColumn"], 11);
    assert!(by_rule("arreglos/unsafe").get("fixes").is_none());
    // Columns count code points: "informacion" after "Saludamos a los ciudadanos con ".
    let region = &by_rule("arreglos/tilde")["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(32))
    );
}

#[test]
fn sarif_fingerprints_match_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", b"Vamos a el taller.\n");
    let sarif = check(dir.path(), &["--format", "sarif", "a.md"], None);
    let log: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let fp = log["runs"][0]["results"][0]["partialFingerprints"]["vigia/v1"].clone();
    let out = check(dir.path(), &["--write-baseline", "base.json", "a.md"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(base["findings"][0]["fingerprint"], fp);
}

#[test]
fn github_workflow_commands_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "uno, dos.txt", b"Vamos a el taller.\n");
    let out = check(dir.path(), &["--format", "github", "uno, dos.txt"], None);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout,
        "::warning file=uno%2C dos.txt,line=1,endLine=1,col=7,endColumn=11,title=vigia arreglos/a-el::\
         «a el» se contrae: «al».%0Asugerencia: «al»%0ADirectiva §8.7 — Contracción «al»\n"
    );
}

#[test]
fn junit_has_one_testcase_per_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", b"Vamos a el taller & <otros>.\n");
    write(dir.path(), "b.md", b"Nada.\n");
    let out = check(dir.path(), &["--format", "junit", "."], None);
    let xml = text(&out.stdout);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert!(xml.contains(r#"<testsuites name="vigia" tests="2" failures="1" errors="0">"#));
    assert_eq!(xml.matches("<testcase ").count(), 2);
    assert!(xml.contains(r#"<testcase name="./b.md" classname="vigia" file="./b.md"/>"#));
    assert!(xml.contains("./a.md:1:7: aviso [arreglos/a-el] «a el» se contrae: «al».\n</failure>"));
    assert!(!xml.contains("& "), "escaped: {xml}");
}

// --- baselines ---------------------------------------------------------------------------

#[test]
fn baseline_survives_a_line_inserted_above_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "a.md",
        b"Vamos a el taller.\n\nLa informacion llega.\n",
    );
    let out = check(dir.path(), &["--write-baseline", "base.json", "a.md"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stderr),
        "Línea base escrita en base.json: 2 hallazgos en 1 archivo.\n"
    );

    std::fs::write(
        &file,
        "Una línea nueva arriba.\n\nVamos a el taller.\n\nLa informacion llega.\n",
    )
    .unwrap();
    let out = check(
        dir.path(),
        &[
            "--baseline",
            "base.json",
            "--format",
            "concise",
            "--fail-on",
            "info",
            "a.md",
        ],
        None,
    );
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "Línea base: 2 hallazgos ocultos (registrados en base.json).\n"
    );
    assert_eq!(out.status.code(), Some(0));

    // A new finding is reported; the old ones stay hidden.
    std::fs::write(
        &file,
        "Una línea nueva arriba.\n\nVamos a el taller.\n\nLa informacion llega publica.\n",
    )
    .unwrap();
    let out = check(
        dir.path(),
        &[
            "--baseline",
            "base.json",
            "--format",
            "concise",
            "--fail-on",
            "info",
            "a.md",
        ],
        None,
    );
    assert_eq!(
        text(&out.stdout),
        "a.md:5:22: aviso [arreglos/tilde] Escriba «pública».\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_bad_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", b"Hola.\n");
    write(
        dir.path(),
        "base.json",
        b"{\"version\": 1, \"findings\": [}",
    );
    let out = check(dir.path(), &["--baseline", "base.json", "a.md"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("error: base.json:1:29: línea base no válida"),
        "{}",
        text(&out.stderr)
    );
}

// --- fixes -------------------------------------------------------------------------------

#[test]
fn fix_preserves_crlf_and_permissions_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "a.md",
        b"Vamos a  el taller.\r\nLa informacion es publica.\r\nSaludamos a los ciudadanos.\r\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = check(dir.path(), &["--fix", "--format", "concise", "a.md"], None);
    // The unsafe suggestion remains, as a finding.
    assert_eq!(
        text(&out.stdout),
        "a.md:3:13: aviso [arreglos/unsafe] Considere «la ciudadanía» en lugar de «los ciudadanos».\n"
    );
    assert_eq!(
        text(&out.stderr),
        // `a  el`: the contraction first; the double space it contained is gone with it.
        "3 correcciones aplicadas en 1 archivo.\n"
    );
    assert_eq!(out.status.code(), Some(0));
    let fixed = std::fs::read(&file).unwrap();
    assert_eq!(
        text(&fixed),
        "Vamos al taller.\r\nLa información es pública.\r\nSaludamos a los ciudadanos.\r\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();

    // A second run changes nothing and does not touch the file.
    let again = check(dir.path(), &["--fix", "--format", "concise", "a.md"], None);
    assert_eq!(
        text(&again.stderr),
        "Ninguna corrección segura que aplicar.\n"
    );
    assert_eq!(std::fs::read(&file).unwrap(), fixed);
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn fix_keeps_the_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let original = "Año: la informacion es publica.\r\n";
    let expected = "Año: la información es pública.\r\n";
    let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        (
            "bom8.txt",
            [b"\xEF\xBB\xBF".as_slice(), original.as_bytes()].concat(),
            [b"\xEF\xBB\xBF".as_slice(), expected.as_bytes()].concat(),
        ),
        (
            "cp1252.txt",
            encoding_rs::WINDOWS_1252.encode(original).0.into_owned(),
            encoding_rs::WINDOWS_1252.encode(expected).0.into_owned(),
        ),
        ("le.txt", utf16(original, true), utf16(expected, true)),
        ("be.txt", utf16(original, false), utf16(expected, false)),
    ];
    for (name, bytes, want) in &cases {
        write(dir.path(), name, bytes);
        let out = check(dir.path(), &["--fix", name], None);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        assert_eq!(
            &std::fs::read(dir.path().join(name)).unwrap(),
            want,
            "{name}"
        );
    }
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in s.encode_utf16() {
        out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn a_fix_the_encoding_cannot_hold_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pack_file = write(
        dir.path(),
        "emoji.yaml",
        "pack: emoji\ntitle: Emoji\nlevel: warning\nsection: \"8.7\"\nrules:\n  - id: sol\n    kind: substitution\n    title: Sol\n    fix: safe\n    message: \"Use {suggestion}.\"\n    swap: {sol: \"☀️\"}\n    doc: |\n      ## Qué detecta\n      x\n      ## Por qué importa\n      x\n      ## Ejemplo\n      x\n    examples:\n      bad: [\"[[sol]]\"]\n      good: [\"luna\"]\n"
            .as_bytes(),
    );
    let bytes = encoding_rs::WINDOWS_1252
        .encode("Año de sol.\n")
        .0
        .into_owned();
    let file = write(dir.path(), "a.txt", &bytes);
    let out = vigia(
        dir.path(),
        &[
            "--no-config",
            "--no-default-rules",
            "--rules",
            pack_file.to_str().unwrap(),
            "--fix",
            "a.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("la corrección introduce «☀», que windows-1252 no puede representar"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}

#[test]
fn diff_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.md", b"Uno.\nVamos a el taller.\n");
    let out = check(dir.path(), &["--diff", "a.md"], None);
    assert_eq!(
        text(&out.stdout),
        "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n Uno.\n-Vamos a el taller.\n+Vamos al taller.\n"
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&file).unwrap(), b"Uno.\nVamos a el taller.\n");
    let clean = write(dir.path(), "b.md", b"Vamos al taller.\n");
    let out = check(dir.path(), &["--diff", clean.to_str().unwrap()], None);
    assert_eq!(text(&out.stdout), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn fix_on_stdin_writes_the_fixed_text_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = check(
        dir.path(),
        &["--fix", "--format", "concise", "-"],
        Some("Vamos a el taller de los ciudadanos.\n".as_bytes()),
    );
    assert_eq!(text(&out.stdout), "Vamos al taller de los ciudadanos.\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("-:1:20: aviso [arreglos/unsafe]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 corrección aplicadas en 1 archivo."),
        "{stderr}"
    );
}

#[test]
fn fix_stops_when_fixes_do_not_converge() {
    // `ab` → `ba` and `ba` → `ab`: every pass changes the text.
    let dir = tempfile::tempdir().unwrap();
    let pack_file = write(
        dir.path(),
        "ciclo.yaml",
        "pack: ciclo\ntitle: Ciclo\nlevel: warning\nsection: \"8.7\"\nrules:\n  - id: ida\n    kind: substitution\n    title: Ida\n    fix: safe\n    message: \"x\"\n    swap: {uno: dos}\n    doc: |\n      ## Qué detecta\n      x\n      ## Por qué importa\n      x\n      ## Ejemplo\n      x\n    examples:\n      bad: [\"[[uno]]\"]\n      good: [\"tres\"]\n  - id: vuelta\n    kind: substitution\n    title: Vuelta\n    fix: safe\n    message: \"x\"\n    swap: {dos: uno}\n    doc: |\n      ## Qué detecta\n      x\n      ## Por qué importa\n      x\n      ## Ejemplo\n      x\n    examples:\n      bad: [\"[[dos]]\"]\n      good: [\"tres\"]\n"
            .as_bytes(),
    );
    let file = write(dir.path(), "a.txt", b"uno\n");
    let out = vigia(
        dir.path(),
        &[
            "--no-config",
            "--no-default-rules",
            "--rules",
            pack_file.to_str().unwrap(),
            "--fix",
            "a.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("a.txt: las correcciones no convergen tras 10 pasadas"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"uno\n");
}

#[test]
fn bundled_double_space_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.md", b"El  taller   empieza hoy.\n");
    let out = vigia(
        dir.path(),
        &[
            "--no-config",
            "--select",
            "grammar/double-space",
            "--fix",
            "a.md",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&file).unwrap(), b"El taller empieza hoy.\n");
}

// --- configuration -----------------------------------------------------------------------

#[test]
fn config_is_found_above_the_checked_path_and_applies_per_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(pack("fixes.yaml"), dir.path().join("fixes.yaml")).unwrap();
    write(
        dir.path(),
        ".vigia.yaml",
        b"packs: [./fixes.yaml]\nrules:\n  arreglos/tilde: off\n  arreglos/unsafe: error\n\
          exclude: [\"*.borrador.md\"]\noverrides:\n  - files: [\"posts/archivo/**\"]\n    rules: {arreglos: info, arreglos/tilde: warning}\n\
          vocabulary:\n  accept: [\"Los Ciudadanos\"]\n  reject: [huachafo]\n",
    );
    let text_ = "Vamos a el taller; informacion huachafa y huachafo. Los ciudadanos.\n";
    write(dir.path(), "posts/a.md", text_.as_bytes());
    write(dir.path(), "posts/b.borrador.md", text_.as_bytes());
    write(dir.path(), "posts/archivo/c.md", text_.as_bytes());
    let sub = dir.path().join("posts");
    let out = vigia(&sub, &["--format", "concise", "."], None);
    assert_eq!(
        text(&out.stdout),
        "./a.md:1:7: aviso [arreglos/a-el] «a el» se contrae: «al».\n\
         ./a.md:1:43: aviso [vocabulary/reject] «huachafo» está en la lista de términos rechazados del proyecto (vocabulary.reject).\n\
         ./archivo/c.md:1:7: info [arreglos/a-el] «a el» se contrae: «al».\n\
         ./archivo/c.md:1:20: aviso [arreglos/tilde] Escriba «información».\n\
         ./archivo/c.md:1:43: aviso [vocabulary/reject] «huachafo» está en la lista de términos rechazados del proyecto (vocabulary.reject).\n",
        "{}",
        text(&out.stderr)
    );
    // Named files are excluded too (pre-commit passes names).
    let out = vigia(&sub, &["--format", "concise", "b.borrador.md"], None);
    assert_eq!(text(&out.stdout), "");
    // --no-config: the bundled packs, none of the settings.
    let out = vigia(
        &sub,
        &[
            "--no-config",
            "--no-default-rules",
            "--rules",
            &pack("fixes.yaml"),
            "--format",
            "concise",
            "b.borrador.md",
        ],
        None,
    );
    assert_eq!(
        text(&out.stdout).lines().count(),
        3,
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn configured_platform_fills_in_what_documents_do_not_say() {
    use vigia::check::Lint;
    use vigia::config::{Setting, Settings};
    use vigia::project::{ConfigChoice, Project};

    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        ".vigia.yaml",
        b"packs: []\nplatform: Facebook\noverrides:\n  - files: [\"hilos/**\"]\n    platform: threads\n",
    );
    let project = Project::load(
        &[dir.path().to_path_buf()],
        None,
        &ConfigChoice::File(config.clone()),
        &Settings::default(),
    )
    .unwrap();
    let platform = |name: &str, text: &str, p: &Project| {
        let path = dir.path().join(name).display().to_string();
        let mut doc = vigia::Document::from_str_md(&path, text);
        p.prepare(&mut doc);
        doc.meta.platform
    };
    assert_eq!(
        platform("a.md", "Hola", &project).as_deref(),
        Some("facebook")
    );
    assert_eq!(
        platform("hilos/a.md", "Hola", &project).as_deref(),
        Some("threads")
    );
    // What the document says wins.
    let fm = "---\nplatform: x\n---\nHola";
    assert_eq!(platform("hilos/a.md", fm, &project).as_deref(), Some("x"));
    // The command line wins over the file (and its overrides).
    let cli = Settings {
        platform: Some(Setting::cli("linkedin".into())),
        ..Settings::default()
    };
    let project = Project::load(
        &[dir.path().to_path_buf()],
        None,
        &ConfigChoice::File(config),
        &cli,
    )
    .unwrap();
    assert_eq!(
        platform("hilos/a.md", "Hola", &project).as_deref(),
        Some("linkedin")
    );
    assert_eq!(platform("a.md", fm, &project).as_deref(), Some("x"));
}

#[test]
fn accepted_terms_are_exposed_to_rules() {
    let set = {
        let mut s = vigia::config::Settings::from_str(
            "x.yaml",
            "packs: [grammar]\nvocabulary:\n  accept: [Quellaveco, \"Río Santa\"]\n",
        )
        .unwrap();
        s.root = Some(std::env::temp_dir());
        s.compile().unwrap()
    };
    let voc = &set.engine.rules().vocabulary;
    assert!(voc.accepts("quellaveco"));
    assert!(voc.accepts("RIO  SANTA"));
    assert!(!voc.accepts("Santa"));
}

#[test]
fn shipped_pre_commit_hooks_run() {
    #[derive(serde::Deserialize)]
    struct Hook {
        id: String,
        entry: String,
        language: String,
        files: String,
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let hooks: Vec<Hook> = serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        hooks.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["vigia", "vigia-fix"]
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", b"El  taller.\n");
    for h in &hooks {
        assert_eq!(h.language, "rust");
        assert!(
            regex::Regex::new(&h.files)
                .unwrap()
                .is_match("borradores/a.md")
        );
        let mut args: Vec<&str> = h.entry.split_whitespace().skip(1).collect();
        args.extend(["--no-config", "--select", "grammar/double-space", "a.md"]);
        let out = vigia(dir.path(), &args, None);
        // The double space is a finding below --fail-on error: both hooks pass.
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            h.id,
            text(&out.stderr)
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("a.md")).unwrap(),
        b"El taller.\n"
    );
}
