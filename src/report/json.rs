/*!
`--format json`: one JSON document, a contract other tools read.

```json
{"version": 1,
 "summary": {"files": 3, "findings": 5, "errors": 2, "warnings": 2, "infos": 1},
 "findings": [{"path": "drafts/a.md", "record": null, "rule": "confidential/dni",
   "pack": "confidential", "severity": "error", "section": "7.6", "message": "...",
   "matched": "DNI 45678912", "line": 3, "column": 5, "end_line": 3, "end_column": 17,
   "byte_start": 48, "byte_end": 60, "suggestions": ["..."]}]}
```

Lines and columns are 1-based, columns in Unicode scalar values, `end_*` exclusive; byte
offsets are into the whole file (front matter included; the original bytes of a transcoded
file). For a record of an archive, `record` is its id and every position is counted inside
the record's text, from its first character (`matched` is `text[byte_start..byte_end]` of
the record). Fields may be added, never renamed or removed. `--format jsonl` writes the same
objects one per line (see [`super::jsonl`]).
*/

use std::io::{self, Write};

use serde::Serialize;

use super::{Reporter, Summary, position};
use crate::finding::Finding;
use crate::input::Document;

/// One finding as other tools see it.
#[derive(Debug, Serialize)]
pub struct JsonFinding {
    pub path: String,
    pub record: Option<String>,
    pub rule: String,
    pub pack: String,
    pub severity: &'static str,
    pub section: String,
    pub message: String,
    pub matched: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub suggestions: Vec<String>,
    /// Added in 0.1: the rule's help text, if any.
    pub help: Option<String>,
    /// Added in 0.1: whether `--fix` may apply the first suggestion.
    pub fixable: bool,
}

impl JsonFinding {
    pub fn new(doc: &Document, f: &Finding) -> JsonFinding {
        let (line, column) = position(doc, f.span.start);
        let (end_line, end_column) = position(doc, f.span.end);
        JsonFinding {
            path: doc.origin.path.clone(),
            record: doc.origin.record.clone(),
            rule: f.rule.id.clone(),
            pack: f.rule.pack.clone(),
            severity: f.level.as_str(),
            section: f.rule.section.clone(),
            message: f.message.clone(),
            matched: doc.text[f.span.clone()].to_string(),
            line,
            column,
            end_line,
            end_column,
            byte_start: doc.source_offset(f.span.start),
            byte_end: doc.source_offset(f.span.end),
            suggestions: f.suggestions.clone(),
            help: f.help.clone(),
            fixable: f.safe_fix().is_some(),
        }
    }
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Added in 0.1: documents checked (records of archives count one each).
    documents: usize,
}

pub struct Json<'w> {
    out: &'w mut dyn Write,
    findings: Vec<JsonFinding>,
}

impl<'w> Json<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Json {
            out,
            findings: Vec::new(),
        }
    }
}

impl Reporter for Json<'_> {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        self.findings
            .extend(findings.iter().map(|f| JsonFinding::new(doc, f)));
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        // Sorted by path, then (stable) by record and position as they came.
        self.findings.sort_by(|a, b| a.path.cmp(&b.path));
        #[derive(Serialize)]
        struct Out<'a> {
            version: u32,
            summary: JsonSummary,
            findings: &'a [JsonFinding],
        }
        let out = Out {
            version: 1,
            summary: JsonSummary {
                files: s.files,
                findings: s.counts.total(),
                errors: s.counts.errors,
                warnings: s.counts.warnings,
                infos: s.counts.infos,
                documents: s.documents,
            },
            findings: &self.findings,
        };
        serde_json::to_writer_pretty(&mut *self.out, &out)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}
