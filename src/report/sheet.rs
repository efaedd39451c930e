/*!
Spreadsheets of `vigia audit`: one row per finding, and a summary.

`--format csv` streams the findings as CSV (UTF-8 with a byte-order mark, so Excel reads the
accents) as the posts are checked; the summary goes to a second file next to it,
`NAME-resumen.csv`, when the report is written with `-o NAME.csv` (a CSV file holds one
table). `--format xlsx` writes one workbook with the sheets «Hallazgos» (streamed to disk
as it grows: constant memory) and «Resumen». Both have the same columns ([`COLUMNS`],
[`SUMMARY_COLUMNS`]).
*/

use std::io::{self, Write};
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::audit::clause_title;
use super::posts::{FindingRow, level_name, post_url};
use super::tally::Tally;
use super::{Reporter, Summary};
use crate::finding::Finding;
use crate::input::Document;

/// Columns of a finding's row.
pub const COLUMNS: [&str; 14] = [
    "archivo",
    "registro",
    "fecha (hora de Lima)",
    "red",
    "enlace",
    "nivel",
    "regla",
    "pack",
    "cláusula",
    "título de la cláusula",
    "mensaje",
    "texto señalado",
    "línea",
    "columna",
];

/// Columns of the summary.
pub const SUMMARY_COLUMNS: [&str; 6] = [
    "grupo",
    "clave",
    "descripción",
    "publicaciones",
    "con hallazgos",
    "hallazgos",
];

/// The cells of a finding's row (line and column as text; the xlsx writes them as numbers).
fn cells(doc: &Document, f: &Finding) -> [String; 14] {
    let r = FindingRow::new(doc, f);
    let platform = doc.platform();
    [
        doc.origin.path.clone(),
        doc.origin.record.clone().unwrap_or_default(),
        doc.meta.date.clone().unwrap_or_default(),
        platform.unwrap_or_default().to_string(),
        post_url(
            platform,
            doc.origin.record.as_deref(),
            doc.meta.url.as_deref(),
        )
        .unwrap_or_default(),
        level_name(r.level).to_string(),
        r.rule,
        r.pack,
        r.section.clone(),
        clause_title(&r.section).to_string(),
        r.message,
        r.matched,
        r.line.to_string(),
        r.column.to_string(),
    ]
}

/// One summary row: group, key, description, posts, posts with findings, findings.
pub type SummaryRow = (
    &'static str,
    String,
    String,
    Option<usize>,
    Option<usize>,
    usize,
);

/// The summary: totals, levels, clauses, months, platforms, rules and packs.
pub fn summary_rows(t: &Tally, s: &Summary) -> Vec<SummaryRow> {
    let mut rows: Vec<SummaryRow> = vec![(
        "total",
        "todas".into(),
        format!(
            "archivos: {}; aprobarían: {}; no leídos: {}",
            s.files,
            t.posts - t.posts_failing,
            s.failed_inputs
        ),
        Some(t.posts),
        Some(t.posts_with_findings),
        t.counts.total(),
    )];
    for (k, n) in [
        ("error", t.counts.errors),
        ("aviso", t.counts.warnings),
        ("info", t.counts.infos),
    ] {
        rows.push(("nivel", k.into(), String::new(), None, None, n));
    }
    for (sec, n) in t.sections_sorted() {
        rows.push((
            "cláusula",
            sec.into(),
            clause_title(sec).into(),
            None,
            None,
            n,
        ));
    }
    let groups = [
        ("mes", "sin fecha", &t.months),
        ("red", "sin red", &t.platforms),
    ];
    for (kind, none, by) in groups {
        for (k, g) in by {
            let key = if k.is_empty() { none } else { k };
            rows.push((
                kind,
                key.into(),
                String::new(),
                Some(g.posts),
                Some(g.posts_with_findings),
                g.findings,
            ));
        }
    }
    for (id, r) in t.rules_sorted() {
        let row = (
            "regla",
            id.into(),
            r.title.clone(),
            None,
            Some(r.posts),
            r.findings,
        );
        rows.push(row);
    }
    for (p, n) in Tally::sorted(&t.packs) {
        rows.push(("pack", p.into(), String::new(), None, None, n));
    }
    rows
}

fn opt(n: Option<usize>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// Writes the summary as CSV.
pub fn write_summary_csv(out: &mut dyn Write, t: &Tally, s: &Summary) -> io::Result<()> {
    out.write_all("\u{FEFF}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SUMMARY_COLUMNS)?;
    for (g, k, d, p, pf, n) in summary_rows(t, s) {
        w.write_record([g.to_string(), k, d, opt(p), opt(pf), n.to_string()])?;
    }
    w.flush()
}

/// Streams one CSV row per finding.
pub struct CsvFindings<'w> {
    w: csv::Writer<&'w mut dyn Write>,
    started: bool,
}

impl<'w> CsvFindings<'w> {
    /// Writes the byte-order mark; the header row comes with the first document.
    pub fn new(out: &'w mut dyn Write) -> io::Result<CsvFindings<'w>> {
        out.write_all("\u{FEFF}".as_bytes())?;
        Ok(CsvFindings {
            w: csv::Writer::from_writer(out),
            started: false,
        })
    }

    fn start(&mut self) -> io::Result<()> {
        if !std::mem::replace(&mut self.started, true) {
            self.w.write_record(COLUMNS)?;
        }
        Ok(())
    }
}

impl Reporter for CsvFindings<'_> {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        self.start()?;
        for f in findings {
            self.w.write_record(cells(doc, f))?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.start()?;
        self.w.flush()
    }
}

fn xlsx_error(e: XlsxError) -> io::Error {
    io::Error::other(format!("no se pudo escribir el libro de Excel: {e}"))
}

/// One workbook row per finding, on a sheet streamed to disk as it grows.
pub struct XlsxFindings {
    book: Workbook,
    row: u32,
    /// A write error of the sheet, reported at the end.
    error: Option<XlsxError>,
}

impl XlsxFindings {
    pub fn new() -> Result<XlsxFindings, io::Error> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = book
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        sheet.set_name("Hallazgos").map_err(xlsx_error)?;
        header(sheet, &COLUMNS, &bold).map_err(xlsx_error)?;
        for (col, width) in [(0, 28), (1, 22), (2, 26), (6, 34), (10, 70), (11, 30)] {
            sheet.set_column_width(col, width).map_err(xlsx_error)?;
        }
        Ok(XlsxFindings {
            book,
            row: 1,
            error: None,
        })
    }

    fn write(&mut self, doc: &Document, f: &Finding) -> Result<(), XlsxError> {
        let sheet = self.book.worksheet_from_index(0)?;
        let cells = cells(doc, f);
        for (col, v) in cells.iter().enumerate() {
            // Line and column as numbers.
            if col >= 12
                && let Ok(n) = v.parse::<f64>()
            {
                sheet.write_number(self.row, col as u16, n)?;
            } else if !v.is_empty() {
                sheet.write_string(self.row, col as u16, v)?;
            }
        }
        self.row += 1;
        Ok(())
    }

    /// Adds the summary sheet and saves the workbook.
    pub fn save(mut self, path: &Path, t: &Tally, s: &Summary) -> io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(xlsx_error(e));
        }
        let bold = Format::new().set_bold();
        let mut sheet = Worksheet::new();
        sheet.set_name("Resumen").map_err(xlsx_error)?;
        header(&mut sheet, &SUMMARY_COLUMNS, &bold).map_err(xlsx_error)?;
        sheet.set_column_width(1, 34).map_err(xlsx_error)?;
        sheet.set_column_width(2, 50).map_err(xlsx_error)?;
        for (i, (g, k, d, p, pf, n)) in summary_rows(t, s).into_iter().enumerate() {
            let row = i as u32 + 1;
            let w = |e| xlsx_error(e);
            sheet.write_string(row, 0, g).map_err(w)?;
            sheet.write_string(row, 1, k).map_err(w)?;
            if !d.is_empty() {
                sheet.write_string(row, 2, d).map_err(w)?;
            }
            for (col, v) in [(3, p), (4, pf), (5, Some(n))] {
                if let Some(v) = v {
                    sheet.write_number(row, col, v as f64).map_err(w)?;
                }
            }
        }
        self.book.push_worksheet(sheet);
        self.book.save(path).map_err(xlsx_error)
    }
}

fn header(sheet: &mut Worksheet, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

impl Reporter for XlsxFindings {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        if self.error.is_some() {
            return Ok(());
        }
        for f in findings {
            if let Err(e) = self.write(doc, f) {
                self.error = Some(e);
                break;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
