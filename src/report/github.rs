/*!
`--format github`: GitHub Actions workflow commands, so findings show as annotations on the
pull request's files.

```text
::error file=borradores/a.md,line=3,endLine=3,col=5,endColumn=17,title=vigia confidential/dni::El DNI…
```

Levels map to `error`, `warning` and `notice`. In the message `%`, `\r` and `\n` are escaped
(`%25`, `%0D`, `%0A`); in properties also `:` and `,` (`%3A`, `%2C`), as the runner expects.
*/

use std::io::{self, Write};

use super::{Reporter, Summary, position};
use crate::baseline::normal_path;
use crate::finding::Finding;
use crate::input::Document;
use crate::rules::Level;

pub struct Github<'w> {
    out: &'w mut dyn Write,
}

impl<'w> Github<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Github { out }
    }
}

/// Escapes the message of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github<'_> {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        let file = escape_property(&normal_path(&doc.origin.path));
        for f in findings {
            let (line, col) = position(doc, f.span.start);
            let (end_line, end_col) = position(doc, f.span.end);
            let command = match f.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "notice",
            };
            let title = escape_property(&format!("vigia {}", f.rule.id));
            let mut message = f.message.clone();
            if !f.suggestions.is_empty() {
                let s: Vec<String> = f.suggestions.iter().map(|s| format!("«{s}»")).collect();
                message.push_str(&format!("\nsugerencia: {}", s.join(", ")));
            }
            if let Some(h) = &f.help {
                message.push_str(&format!("\nayuda: {h}"));
            }
            if f.rule.is_builtin() {
                message.push_str(&format!("\n{} (regla de vigia)", f.rule.title));
            } else {
                message.push_str(&format!(
                    "\nDirectiva §{} — {}",
                    f.rule.section, f.rule.title
                ));
            }
            if let Some(r) = &doc.origin.record {
                message.push_str(&format!("\nregistro: {r}"));
            }
            writeln!(
                self.out,
                "::{command} file={file},line={line},endLine={end_line},col={col},endColumn={end_col},title={title}::{}",
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
