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

/// Output formats of `vigia check` (the variants' docs are the help of `--format`, in
/// Spanish).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Fragmentos anotados, al estilo de rustc (por omisión).
    Full,
    /// Una línea por hallazgo: `ruta:línea:col: nivel [regla] mensaje`.
    Concise,
    /// Un documento JSON (`version`, `summary`, `findings`).
    Json,
    /// Un objeto JSON por hallazgo y línea, a medida que se revisa (archivos grandes).
    Jsonl,
    /// SARIF 2.1.0, para el escaneo de código de GitHub y otras herramientas de revisión.
    Sarif,
    /// Órdenes de flujo de GitHub Actions (anotaciones en la solicitud de cambios).
    Github,
    /// JUnit XML, un caso de prueba por archivo.
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
    /// Inputs that could not be read, or were read with errors (a broken front matter): they
    /// were not checked, or not fully.
    pub failed_inputs: usize,
    /// Files named on the command line that the configuration excludes (not checked).
    pub excluded: Vec<String>,
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

/// The Spanish closing line: "2 errores, 1 aviso y 0 info en 3 archivos". It never says
/// «Sin hallazgos» when an input failed or a named file was excluded: it then says how many
/// were not checked.
pub fn summary_line(s: &Summary) -> String {
    let c = s.counts;
    let docs = if s.documents != s.files {
        format!(
            "{} ({})",
            plural(s.files, "archivo", "archivos"),
            plural(s.documents, "publicación", "publicaciones")
        )
    } else {
        plural(s.files, "archivo", "archivos")
    };
    let mut unchecked = Vec::new();
    if s.failed_inputs > 0 {
        unchecked.push(self::unchecked(s.failed_inputs));
    }
    if !s.excluded.is_empty() {
        let n = s.excluded.len();
        unchecked.push(format!(
            "{} {} por la configuración (`exclude`) y no se {}",
            plural(n, "archivo nombrado", "archivos nombrados"),
            if n == 1 {
                "está excluido"
            } else {
                "están excluidos"
            },
            if n == 1 { "revisó" } else { "revisaron" }
        ));
    }
    let found = if c.total() == 0 {
        if unchecked.is_empty() {
            return format!("Sin hallazgos en {docs}.");
        }
        format!("0 hallazgos en {docs}")
    } else {
        format!(
            "{}, {} y {} en {docs}",
            plural(c.errors, "error", "errores"),
            plural(c.warnings, "aviso", "avisos"),
            plural(c.infos, "info", "info"),
        )
    };
    if unchecked.is_empty() {
        format!("{found}.")
    } else {
        format!("{found}; {}.", unchecked.join("; "))
    }
}

/// "1 archivo", "3 archivos".
/// `n` and the noun in the singular or the plural: «1 archivo», «3 archivos».
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How many inputs could not be checked, as the summaries say it: «2 entradas no se pudieron
/// revisar por completo».
pub fn unchecked(n: usize) -> String {
    format!(
        "{} no se {} revisar por completo (vea los errores arriba)",
        plural(n, "entrada", "entradas"),
        if n == 1 { "pudo" } else { "pudieron" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(files: usize, failed: usize, excluded: &[&str], errors: usize) -> Summary {
        let mut s = Summary {
            files,
            documents: files,
            failed_inputs: failed,
            excluded: excluded.iter().map(|p| p.to_string()).collect(),
            ..Summary::default()
        };
        s.counts.errors = errors;
        s
    }

    #[test]
    fn clean_runs_say_so() {
        assert_eq!(
            summary_line(&summary(3, 0, &[], 0)),
            "Sin hallazgos en 3 archivos."
        );
        assert_eq!(
            summary_line(&summary(1, 0, &[], 2)),
            "2 errores, 0 avisos y 0 info en 1 archivo."
        );
    }

    #[test]
    fn a_failed_or_excluded_input_never_reads_as_approval() {
        for s in [
            summary(0, 1, &[], 0),
            summary(2, 1, &[], 0),
            summary(0, 0, &["plantilla.md"], 0),
            summary(1, 2, &["a.md", "b.md"], 1),
        ] {
            let line = summary_line(&s);
            assert!(!line.contains("Sin hallazgos"), "{line}");
        }
        assert_eq!(
            summary_line(&summary(0, 1, &[], 0)),
            "0 hallazgos en 0 archivos; 1 entrada no se pudo revisar por completo (vea los errores arriba)."
        );
        assert_eq!(
            summary_line(&summary(1, 2, &["a.md", "b.md"], 1)),
            "1 error, 0 avisos y 0 info en 1 archivo; 2 entradas no se pudieron revisar por completo \
             (vea los errores arriba); 2 archivos nombrados están excluidos por la configuración \
             (`exclude`) y no se revisaron."
        );
    }
}
