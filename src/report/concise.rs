/*!
`--format concise`: `path:line:col: nivel [rule] message`, one finding per line, for grep and
editors' quickfix lists. The level is in Spanish (`error`, `aviso`, `info`), as in every human
format; the machine formats keep `warning`.
*/

use std::io::{self, Write};

use super::{Reporter, Summary, display_path, position};
use crate::finding::Finding;
use crate::input::Document;

pub struct Concise<'w> {
    out: &'w mut dyn Write,
}

impl<'w> Concise<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Concise { out }
    }
}

impl Reporter for Concise<'_> {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        let path = display_path(doc);
        for f in findings {
            let (line, col) = position(doc, f.span.start);
            writeln!(
                self.out,
                "{path}:{line}:{col}: {} [{}] {}",
                f.level.label(),
                f.rule.id,
                f.message.replace('\n', " ")
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
