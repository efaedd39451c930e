/*!
Where `vigia audit` writes its report, in the format asked: text and JSON from the
[`Tally`], the HTML page from the tally and the [`Posts`] to review, CSV and xlsx with one
row per finding streamed as the posts are checked, and their summary.
*/

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::posts::Posts;
use super::sheet::{CsvFindings, XlsxFindings, write_summary_csv};
use super::tally::{Tally, Tee};
use super::{Reporter, Summary, audit, html};
use crate::cli::AuditFormat;

/// What to write and where.
#[derive(Debug, Clone)]
pub struct AuditOutput {
    pub format: AuditFormat,
    /// `-o`: a file instead of stdout (required for xlsx).
    pub path: Option<PathBuf>,
    /// Posts listed by the HTML report.
    pub max_posts: usize,
}

/// `informe.csv` → `informe-resumen.csv`.
pub fn summary_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "informe".into());
    path.with_file_name(format!("{stem}-resumen.csv"))
}

fn create(path: &Path) -> io::Result<BufWriter<File>> {
    File::create(path).map(BufWriter::new).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "no se pudo crear «{}»: {}",
                path.display(),
                crate::error::io_message(&e)
            ),
        )
    })
}

/// Runs the check through `run` with the reporters the format needs, then writes the
/// report. Returns the run's summary.
pub fn write(
    o: &AuditOutput,
    tally: &mut Tally,
    run: &mut dyn FnMut(&mut dyn Reporter) -> io::Result<Summary>,
) -> io::Result<Summary> {
    let mut stdout;
    let mut file;
    let out: &mut dyn Write = match &o.path {
        _ if o.format == AuditFormat::Xlsx => {
            let Some(path) = &o.path else {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "--format xlsx escribe un libro de Excel: indique el archivo con -o informe.xlsx",
                ));
            };
            let mut book = XlsxFindings::new()?;
            let summary = run(&mut Tee {
                first: tally,
                second: &mut book,
            })?;
            book.save(path, tally, &summary)?;
            return Ok(summary);
        }
        Some(path) => {
            file = create(path)?;
            &mut file
        }
        None => {
            stdout = BufWriter::new(io::stdout().lock());
            &mut stdout
        }
    };
    let summary = match o.format {
        AuditFormat::Text | AuditFormat::Json => {
            let summary = run(tally)?;
            if o.format == AuditFormat::Text {
                audit::write_text(out, tally, &summary)?;
            } else {
                audit::write_json(out, tally, &summary)?;
            }
            summary
        }
        AuditFormat::Html => {
            let mut posts = Posts::new(o.max_posts);
            let summary = run(&mut Tee {
                first: tally,
                second: &mut posts,
            })?;
            let now = crate::calendar::iso(jiff::Timestamp::now());
            html::write_html(out, tally, &summary, &posts, &now)?;
            summary
        }
        AuditFormat::Csv | AuditFormat::Xlsx => {
            let summary = {
                let mut rows = CsvFindings::new(out)?;
                run(&mut Tee {
                    first: tally,
                    second: &mut rows,
                })?
            };
            if let Some(path) = &o.path {
                let mut side = create(&summary_path(path))?;
                write_summary_csv(&mut side, tally, &summary)?;
                side.flush()?;
            }
            summary
        }
    };
    out.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_summary_sits_next_to_the_report() {
        assert_eq!(
            summary_path(Path::new("out/informe.csv")),
            Path::new("out/informe-resumen.csv")
        );
        assert_eq!(summary_path(Path::new("x")), Path::new("x-resumen.csv"));
    }
}
