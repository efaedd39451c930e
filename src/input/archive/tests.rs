//! Tests of reading archives: formats, fields, dates, replies and broken records.

use super::*;

fn docs(name: &str, content: &[u8], fields: &FieldOptions) -> Vec<Result<Document, String>> {
    let kind = Kind::for_path(Path::new(name)).unwrap();
    let (mut reader, parser) = open(
        name,
        kind,
        Box::new(io::Cursor::new(content.to_vec())),
        None,
        fields,
    )
    .unwrap();
    let mut out = Vec::new();
    loop {
        let (batch, err) = reader.next_batch(2, 1 << 20);
        let end = batch.is_empty();
        out.extend(
            batch
                .into_iter()
                .map(|r| parser.document(r).map_err(|e| e.to_string())),
        );
        if let Some(e) = err {
            out.push(Err(e.to_string()));
            break;
        }
        if end {
            break;
        }
    }
    out
}

fn ok(d: &Result<Document, String>) -> (&str, &str, Option<&str>, Option<&str>) {
    let d = d.as_ref().unwrap();
    (
        d.origin.record.as_deref().unwrap(),
        d.text.as_str(),
        d.meta.platform.as_deref(),
        d.meta.date.as_deref(),
    )
}

#[test]
fn json_lines_with_detected_fields_and_errors() {
    let src = "{\"id\": 7, \"text\": \"Hola\", \"platform\": \"Twitter\", \"date\": \"2026-03-04\"}\n\n{\"mensaje\": \"Sin id\"}\n{\"text\": \"roto\"\n{\"otro\": 1}\n";
    let got = docs("a.jsonl", src.as_bytes(), &FieldOptions::default());
    assert_eq!(ok(&got[0]), ("7", "Hola", Some("x"), Some("2026-03-04")));
    assert_eq!(ok(&got[1]), ("2", "Sin id", None, None));
    assert_eq!(
        got[2].as_ref().unwrap_err(),
        "a.jsonl:4:15: JSON no válido: el registro termina sin cerrarse"
    );
    let e = got[3].as_ref().unwrap_err();
    assert!(
        e.starts_with("a.jsonl:5:1: no se encontró el campo con el texto"),
        "{e}"
    );
    assert!(e.contains("--text-field") && e.contains("otro"), "{e}");
}

#[test]
fn field_overrides() {
    let fields = FieldOptions {
        text: Some("cuerpo.texto".into()),
        id: Some("codigo".into()),
        ..FieldOptions::default()
    };
    let src = r#"[{"codigo": "p1", "cuerpo": {"texto": "Uno"}, "text": "no"}]"#;
    let got = docs("a.json", src.as_bytes(), &fields);
    assert_eq!(ok(&got[0]), ("p1", "Uno", None, None));
}

#[test]
fn tweets_js() {
    let src = r#"window.YTD.tweets.part0 = [ {
  "tweet" : {
"id_str" : "1765000000000000001",
"created_at" : "Wed Mar 04 15:20:00 +0000 2026",
"full_text" : "Taller &amp; audiencia"
  }
} ]"#;
    let got = docs("data/tweets.js", src.as_bytes(), &FieldOptions::default());
    assert_eq!(
        ok(&got[0]),
        (
            "1765000000000000001",
            "Taller & audiencia",
            Some("x"),
            Some("2026-03-04T10:20:00-05:00")
        )
    );
}

#[test]
fn a_broken_tweet_is_reported_at_its_position_and_the_next_read() {
    let src = "window.YTD.tweets.part0 = [\n  {\n    \"tweet\" : {\n      \"id_str\" : \"1\",\n      \"full_text\" : \"uno\"\n    }\n  },\n  {\n    \"tweet\" : {\n      \"id_str\" : \"2\",\n      \"full_text\" : \"dijo \"hola a todos\"\n    }\n  },\n  {\n    \"tweet\" : {\n      \"id_str\" : \"3\",\n      \"in_reply_to_status_id_str\" : \"9\",\n      \"full_text\" : \"tres\"\n    }\n  }\n]\n";
    let got = docs("data/tweets.js", src.as_bytes(), &FieldOptions::default());
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(ok(&got[0]).1, "uno");
    let e = got[1].as_ref().unwrap_err();
    assert!(
        e.starts_with("data/tweets.js:8:3: registro mal formado, se omite"),
        "{e}"
    );
    assert_eq!(ok(&got[2]).0, "3");
    assert_eq!(got[2].as_ref().unwrap().meta.kind.as_deref(), Some("reply"));
    assert_eq!(got[0].as_ref().unwrap().meta.kind, None);
}

#[test]
fn a_csv_row_with_extra_fields_is_skipped() {
    let src = "id,texto\n1,Hola\n2,uno,dos\n3,Adiós\n";
    let got = docs("a.csv", src.as_bytes(), &FieldOptions::default());
    assert_eq!(ok(&got[0]).1, "Hola");
    let e = got[1].as_ref().unwrap_err();
    assert!(
        e.starts_with("a.csv:3:1: fila mal formada: tiene 3 campos"),
        "{e}"
    );
    assert_eq!(ok(&got[2]).1, "Adiós");
}

#[test]
fn facebook_export_is_repaired() {
    let src = r#"[{"timestamp": 1772637600, "data": [{"post": "Informaci\u00c3\u00b3n p\u00c3\u00bablica"}], "title": "Senace actualiz\u00c3\u00b3 su estado."},
 {"timestamp": 1772637600, "title": "Senace comparti\u00c3\u00b3 una foto."}]"#;
    let got = docs(
        "your_posts_1.json",
        src.as_bytes(),
        &FieldOptions::default(),
    );
    assert_eq!(
        ok(&got[0]),
        (
            "1",
            "Información pública",
            Some("facebook"),
            Some("2026-03-04T10:20:00-05:00")
        )
    );
    assert_eq!(ok(&got[1]).1, "Senace compartió una foto.");
    let ig = r#"[{"media": [{"title": "Pie de foto", "creation_timestamp": 1772637600}]}]"#;
    let got = docs("posts_1.json", ig.as_bytes(), &FieldOptions::default());
    assert_eq!(ok(&got[0]).1, "Pie de foto");
    assert_eq!(ok(&got[0]).2, Some("instagram"));
}

#[test]
fn csv_with_quoted_newlines_and_linkedin() {
    let src = "Date,ShareLink,ShareCommentary,SharedUrl\n2026-03-04 15:20:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7001,\"Línea uno\nlínea \"\"dos\"\"\",\n";
    let got = docs("Shares.csv", src.as_bytes(), &FieldOptions::default());
    assert_eq!(
        ok(&got[0]),
        (
            "urn:li:share:7001",
            "Línea uno\nlínea \"dos\"",
            Some("linkedin"),
            Some("2026-03-04T10:20:00-05:00")
        )
    );
    let tsv = "id\ttexto\tred\n1\tHola\tFacebook\n";
    let got = docs("a.tsv", tsv.as_bytes(), &FieldOptions::default());
    assert_eq!(ok(&got[0]), ("1", "Hola", Some("facebook"), None));
    let semi = "id;texto\n1;Hola, mundo\n";
    let got = docs("a.csv", semi.as_bytes(), &FieldOptions::default());
    assert_eq!(ok(&got[0]).1, "Hola, mundo");
    let cp1252 = b"id,texto\n1,Informaci\xf3n\n";
    let got = docs("a.csv", cp1252, &FieldOptions::default());
    assert_eq!(ok(&got[0]).1, "Información");
}

#[test]
fn csv_without_text_column_fails_at_open() {
    let kind = Kind::for_path(Path::new("a.csv")).unwrap();
    let e = open(
        "a.csv",
        kind,
        Box::new(io::Cursor::new(b"a,b\n1,2\n".to_vec())),
        None,
        &FieldOptions::default(),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(e.starts_with("a.csv:1:1: no se encontró el campo"), "{e}");
    assert!(e.ends_with("campos: a, b"), "{e}");
}
