/*!
`--format jsonl`: one JSON object per finding and line, written as documents are checked.

Each line has the fields of a finding of `--format json` (see [`super::json`]), in the same
order of documents; nothing else is printed (no summary line). Unlike `--format json`,
nothing is kept in memory, which suits archives of hundreds of thousands of posts and tools
that read line by line (`jq -c`, `grep`).
*/

use std::io::{self, Write};

use super::json::JsonFinding;
use super::{Reporter, Summary};
use crate::finding::Finding;
use crate::input::Document;

pub struct JsonLines<'w> {
    out: &'w mut dyn Write,
}

impl<'w> JsonLines<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        JsonLines { out }
    }
}

impl Reporter for JsonLines<'_> {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            serde_json::to_writer(&mut *self.out, &JsonFinding::new(doc, f))?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
