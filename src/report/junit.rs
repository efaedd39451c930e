/*!
`--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One `testcase` per file checked (the records of an archive belong to their file's case). A
file with findings fails; the failure lists them one per line as
`path:line:col: nivel [rule] message` (the level in Spanish: `aviso`, not `warning`; the
`type` attribute keeps the machine value). Files that could not be read are counted in `errors`.
*/

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Reporter, Summary, display_path, position};
use crate::finding::{Counts, Finding};
use crate::input::Document;

struct Case {
    path: String,
    counts: Counts,
    lines: String,
}

pub struct Junit<'w> {
    out: &'w mut dyn Write,
    cases: Vec<Case>,
}

impl<'w> Junit<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Junit {
            out,
            cases: Vec::new(),
        }
    }
}

/// Escapes text for XML attributes and content; drops characters XML 1.0 forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

use super::plural;

impl Reporter for Junit<'_> {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        if self.cases.last().is_none_or(|c| c.path != doc.origin.path) {
            self.cases.push(Case {
                path: doc.origin.path.clone(),
                counts: Counts::default(),
                lines: String::new(),
            });
        }
        let case = self.cases.last_mut().expect("pushed");
        let shown = display_path(doc);
        for f in findings {
            case.counts.add(f.level);
            let (line, col) = position(doc, f.span.start);
            let _ = writeln!(
                case.lines,
                "{shown}:{line}:{col}: {} [{}] {}",
                f.level.label(),
                f.rule.id,
                f.message.replace('\n', " ")
            );
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let tests = self.cases.len();
        let failures = self.cases.iter().filter(|c| c.counts.total() > 0).count();
        let errors = summary.failed_inputs;
        let o = &mut self.out;
        writeln!(o, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            o,
            r#"<testsuites name="vigia" tests="{tests}" failures="{failures}" errors="{errors}">"#
        )?;
        writeln!(
            o,
            r#"  <testsuite name="vigia" tests="{tests}" failures="{failures}" errors="{errors}" skipped="0">"#
        )?;
        for c in &self.cases {
            let path = escape(&c.path);
            if c.counts.total() == 0 {
                writeln!(
                    o,
                    r#"    <testcase name="{path}" classname="vigia" file="{path}"/>"#
                )?;
                continue;
            }
            let worst = if c.counts.errors > 0 {
                "error"
            } else if c.counts.warnings > 0 {
                "warning"
            } else {
                "info"
            };
            let message = format!(
                "{}: {}, {}, {}",
                plural(c.counts.total(), "hallazgo", "hallazgos"),
                plural(c.counts.errors, "error", "errores"),
                plural(c.counts.warnings, "aviso", "avisos"),
                plural(c.counts.infos, "info", "info"),
            );
            writeln!(
                o,
                r#"    <testcase name="{path}" classname="vigia" file="{path}">"#
            )?;
            write!(
                o,
                r#"      <failure type="{worst}" message="{}">{}</failure>"#,
                escape(&message),
                escape(&c.lines)
            )?;
            writeln!(o)?;
            writeln!(o, "    </testcase>")?;
        }
        writeln!(o, "  </testsuite>")?;
        writeln!(o, "</testsuites>")?;
        o.flush()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(
            super::escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;"
        );
    }
}
