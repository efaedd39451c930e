/*!
Reporters: findings to text.

Every output format implements [`Reporter`]: it is given each document with its findings, in
input order, then the run's [`Summary`]. Reporters only write; they never decide exit codes.
*/

pub mod audit;
pub mod audit_out;
pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod posts;
pub mod sarif;
pub mod sheet;
pub mod stats;
pub mod tally;

use std::io::{self, Write};

use crate::finding::{Counts, Finding};
use crate::input::Document;

/// Output formats of `vigia check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated snippets, rustc style (default).
    Full,
    /// One line per finding: `path:line:col: level [rule] message`.
    Concise,
    /// One JSON document (`version`, `summary`, `findings`).
    Json,
    /// One JSON object per finding and line, streamed (archives).
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other review tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML, one test case per file.
    Junit,
}

impl Format {
    /// Whether the output is for programs (statistics then go to stderr).
    pub fn is_machine_readable(self) -> bool {
        !matches!(self, Format::Full | Format::Concise)
    }
}

/// What a run checked and found.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Documents checked (files, or records of archives).
    pub documents: usize,
    /// Documents with at least one finding.
    pub documents_with_findings: usize,
    pub counts: Counts,
    /// Inputs that could not be read.
    pub failed_inputs: usize,
}

/// Receives documents and their findings in a stable order.
pub trait Reporter {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()>;
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// 1-based line and column (Unicode scalar values) of `offset`; a leading BOM is not counted.
pub fn position(doc: &Document, offset: usize) -> (usize, usize) {
    let p = doc.lines().position(&doc.text, offset);
    let bom = p.line == 1 && offset > 0 && doc.text.starts_with('\u{FEFF}');
    let column = match doc.piece {
        Some(piece) if p.line == 1 => p.column + piece.column,
        _ if bom => p.column - 1,
        _ => p.column,
    };
    (p.line + doc.lines_before(), column)
}

/// The path shown for a document: `path`, or `path#record` inside an archive.
pub fn display_path(doc: &Document) -> String {
    let path = crate::text::printable(&doc.origin.path);
    match &doc.origin.record {
        Some(r) => format!("{path}#{}", crate::text::printable(r)),
        None => path.into_owned(),
    }
}

/// Builds the reporter for `format`.
pub fn reporter<'w>(
    format: Format,
    out: &'w mut dyn Write,
    color: bool,
    quiet: bool,
) -> Box<dyn Reporter + 'w> {
    match format {
        Format::Full => Box::new(human::Human::new(out, color, quiet)),
        Format::Concise => Box::new(concise::Concise::new(out)),
        Format::Json => Box::new(json::Json::new(out)),
        Format::Jsonl => Box::new(jsonl::JsonLines::new(out)),
        Format::Sarif => Box::new(sarif::Sarif::new(out)),
        Format::Github => Box::new(github::Github::new(out)),
        Format::Junit => Box::new(junit::Junit::new(out)),
    }
}

/// The Spanish closing line: "2 errores, 1 aviso y 0 info en 3 archivos".
pub fn summary_line(s: &Summary) -> String {
    let c = s.counts;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let docs = if s.documents != s.files {
        format!(
            "{} ({})",
            plural(s.files, "archivo", "archivos"),
            plural(s.documents, "publicación", "publicaciones")
        )
    } else {
        plural(s.files, "archivo", "archivos")
    };
    if c.total() == 0 {
        return format!("Sin hallazgos en {docs}.");
    }
    format!(
        "{}, {} y {} en {docs}.",
        plural(c.errors, "error", "errores"),
        plural(c.warnings, "aviso", "avisos"),
        plural(c.infos, "info", "info"),
    )
}
