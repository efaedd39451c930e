/*!
`--format sarif`: SARIF 2.1.0, the format GitHub code scanning (and other review tools) read.

One run whose `tool.driver.rules` describe every rule that has a result: title, help (the
rule's documentation and the clause of the directive it applies), default level, and the
clause in `properties.section`. Results carry a stable `ruleId`, a location relative to the
current directory (`uriBaseId` `%SRCROOT%`, resolved by `originalUriBaseIds`), columns in
Unicode code points (`columnKind`, as vigia counts them), the baseline fingerprint in
`partialFingerprints`, and a `fixes` entry when the first suggestion is safe to apply.
Built-in rules (`vigia/…`) cite no clause: their rules have no `section` and say so in
their description.
*/

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use serde_json::{Value, json};

use super::{Reporter, Summary, position};
use crate::baseline::{FINGERPRINT_KEY, fingerprints, normal_path};
use crate::finding::Finding;
use crate::input::Document;
use crate::rules::{Level, RuleInfo};

/// The schema URI written in `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Base id of relative URIs: the directory vigia ran in.
pub const SRCROOT: &str = "%SRCROOT%";

pub struct Sarif<'w> {
    out: &'w mut dyn Write,
    rules: BTreeMap<String, Arc<RuleInfo>>,
    /// Results, each with the id of its rule (indices are set at the end).
    results: Vec<(String, Value)>,
}

impl<'w> Sarif<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Sarif {
            out,
            rules: BTreeMap::new(),
            results: Vec::new(),
        }
    }
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// Percent-encodes a path for a URI (RFC 3986 unreserved characters and `/` stay).
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact location of a document: relative to `%SRCROOT%`, or an absolute file URI.
fn artifact(doc: &Document) -> Value {
    let path = normal_path(&doc.origin.path);
    if path.starts_with('/') {
        json!({"uri": format!("file://{}", uri_path(&path))})
    } else {
        json!({"uri": uri_path(&path), "uriBaseId": SRCROOT})
    }
}

fn region(doc: &Document, f: &Finding) -> Value {
    let (start_line, start_column) = position(doc, f.span.start);
    let (end_line, end_column) = position(doc, f.span.end);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

/// The help of a rule: its documentation and the clause it applies.
fn help(rule: &RuleInfo) -> (String, String) {
    let mut text = rule.doc.clone();
    let mut markdown = rule.doc.clone();
    if rule.is_builtin() {
        let note = "\n\nRegla propia de vigia: no cita una cláusula de la directiva.";
        text.push_str(note);
        markdown.push_str(note);
    } else if let Some(clause) = crate::directive::clause(&rule.section) {
        text.push_str(&format!(
            "\n\nDirectiva §{}: {clause}\n({})",
            rule.section,
            crate::directive::TITLE
        ));
        markdown.push_str(&format!(
            "\n\n## Directiva, cláusula {}\n\n> {}\n\n({})",
            rule.section,
            clause.replace('\n', "\n> "),
            crate::directive::TITLE
        ));
    }
    (text, markdown)
}

fn rule_descriptor(rule: &RuleInfo) -> Value {
    let (text, markdown) = help(rule);
    let (full, properties) = if rule.is_builtin() {
        (
            format!("{} (regla de vigia, no de la directiva)", rule.title),
            json!({"tags": [rule.pack], "builtin": true}),
        )
    } else {
        (
            format!("{} (Directiva §{})", rule.title, rule.section),
            json!({"tags": [rule.pack], "section": rule.section}),
        )
    };
    json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": level(rule.level)},
        "properties": properties,
    })
}

impl Reporter for Sarif<'_> {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        if findings.is_empty() {
            return Ok(());
        }
        let prints = fingerprints(doc, findings);
        for (f, fp) in findings.iter().zip(prints) {
            self.rules
                .entry(f.rule.id.clone())
                .or_insert_with(|| f.rule.clone());
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": artifact(doc),
                    "region": region(doc, f),
                }
            });
            let mut result = json!({
                "ruleId": f.rule.id,
                "level": level(f.level),
                "message": {"text": f.message},
                "locations": [location],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
            });
            if let Some(fix) = f.safe_fix() {
                result["fixes"] = json!([{
                    "description": {"text": format!("Reemplazar por «{fix}»")},
                    "artifactChanges": [{
                        "artifactLocation": artifact(doc),
                        "replacements": [{
                            "deletedRegion": region(doc, f),
                            "insertedContent": {"text": fix},
                        }],
                    }],
                }]);
            }
            if let Some(record) = &doc.origin.record {
                result["properties"] = json!({"record": record});
            }
            self.results.push((f.rule.id.clone(), result));
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        let index: BTreeMap<&str, usize> = self
            .rules
            .keys()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let results: Vec<Value> = self
            .results
            .drain(..)
            .map(|(id, mut r)| {
                r["ruleIndex"] = json!(index[id.as_str()]);
                r
            })
            .collect();
        let root = crate::config::absolute(std::path::Path::new("."));
        let mut root_uri = format!("file://{}", uri_path(&root.to_string_lossy()));
        if !root_uri.ends_with('/') {
            root_uri.push('/');
        }
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "vigia",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": self.rules.values().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
                }},
                "originalUriBaseIds": {SRCROOT: {"uri": root_uri}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        });
        serde_json::to_writer_pretty(&mut *self.out, &log)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri_path("borradores/publicación 1.md"),
            "borradores/publicaci%C3%B3n%201.md"
        );
    }
}
