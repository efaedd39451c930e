/*!
The check pipeline: inputs → documents → findings → reporter.

Inputs are read and linted in parallel (rayon) in batches; each batch is handed to the
reporter in input order, so output is deterministic and memory stays bounded by the batch,
not by the number of inputs. A failing input is reported through `on_error` and the run goes
on (ripgrep's "errored" flag); the caller turns that into exit code 2.
*/

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use rayon::prelude::*;

use crate::engine::Engine;
use crate::error::{Error, io_message};
use crate::finding::Finding;
use crate::input::decode::{self, DecodeError};
use crate::input::walk::{self, Input, WalkOptions};
use crate::input::{Document, Format, Origin};
use crate::report::{Reporter, Summary};

/// A document with its findings.
type Linted = (Document, Vec<Finding>);

/// What the pipeline asks of the rules: which files to read, what to fill in a document,
/// and its findings. An [`Engine`] lints with its rules as they are; a
/// [`Project`](crate::project::Project) adds configuration, suppressions and a baseline.
pub trait Lint: Sync {
    /// Whether to read the file at `path` at all (a configuration may exclude it).
    fn wants(&self, _path: &Path) -> bool {
        true
    }

    /// Fills in what the document does not say itself (a configured platform). Runs after
    /// reading, so what a document says (front matter, archive record) wins.
    fn prepare(&self, _doc: &mut Document) {}

    /// The findings of a document, sorted by position.
    fn lint(&self, doc: &Document) -> Vec<Finding>;
}

impl Lint for Engine {
    fn lint(&self, doc: &Document) -> Vec<Finding> {
        Engine::lint(self, doc)
    }
}

/// Inputs read and linted together before their results are reported.
const BATCH: usize = 128;

/// Default size limit of an input file (bytes).
pub const DEFAULT_MAX_FILESIZE: u64 = 256 << 20;

/// What to check and how to read it.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    /// Name shown (and format implied) for stdin.
    pub stdin_filename: Option<String>,
    pub walk: WalkOptions,
    /// Force an encoding instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// Files larger than this are reported and skipped.
    pub max_filesize: u64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            paths: vec![PathBuf::from(".")],
            stdin_filename: None,
            walk: WalkOptions::default(),
            encoding: None,
            max_filesize: DEFAULT_MAX_FILESIZE,
        }
    }
}

/// Checks every input, reporting documents in order; returns the summary.
pub fn check(
    linter: &dyn Lint,
    opts: &CheckOptions,
    reporter: &mut dyn Reporter,
    on_error: &mut dyn FnMut(&Error),
) -> io::Result<Summary> {
    let (mut inputs, walk_errors) = walk::collect(&opts.paths, &opts.walk);
    inputs.retain(|i| match i {
        Input::File(p) => linter.wants(p),
        Input::Stdin => true,
    });
    let mut summary = Summary::default();
    for e in walk_errors {
        summary.failed_inputs += 1;
        on_error(&Error::Io {
            path: e.path,
            message: e.message,
        });
    }
    for batch in inputs.chunks(BATCH) {
        let results: Vec<Result<Vec<Linted>, Error>> = batch
            .par_iter()
            .map(|input| {
                read_input(input, opts).map(|docs| {
                    docs.into_iter()
                        .map(|mut d| {
                            linter.prepare(&mut d);
                            let f = linter.lint(&d);
                            (d, f)
                        })
                        .collect()
                })
            })
            .collect();
        for result in results {
            match result {
                Ok(docs) => {
                    summary.files += 1;
                    for (doc, findings) in docs {
                        for n in &doc.notices {
                            summary.failed_inputs += 1;
                            let (line, column) = crate::report::position(&doc, n.offset);
                            on_error(&Error::Input {
                                path: doc.origin.path.clone(),
                                line,
                                column,
                                message: n.message.clone(),
                            });
                        }
                        summary.documents += 1;
                        if !findings.is_empty() {
                            summary.documents_with_findings += 1;
                        }
                        for f in &findings {
                            summary.counts.add(f.level);
                        }
                        reporter.document(&doc, &findings)?;
                    }
                }
                Err(e) => {
                    summary.failed_inputs += 1;
                    on_error(&e);
                }
            }
        }
    }
    reporter.finish(&summary)?;
    Ok(summary)
}

/// Reads one input into its documents.
pub fn read_input(input: &Input, opts: &CheckOptions) -> Result<Vec<Document>, Error> {
    let (name, bytes) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).map_err(|e| Error::Io {
                path: "-".into(),
                message: io_message(&e),
            })?;
            let name = opts.stdin_filename.clone().unwrap_or_else(|| "-".into());
            (name, buf)
        }
        Input::File(path) => {
            let name = path.display().to_string();
            let len = std::fs::metadata(path)
                .map_err(|e| Error::Io {
                    path: name.clone(),
                    message: io_message(&e),
                })?
                .len();
            if len > opts.max_filesize {
                return Err(Error::Io {
                    path: name,
                    message: format!(
                        "el archivo pesa {} MB, más que el límite de {} MB (--max-filesize); se omite",
                        len >> 20,
                        opts.max_filesize >> 20
                    ),
                });
            }
            let bytes = std::fs::read(path).map_err(|e| Error::Io {
                path: name.clone(),
                message: io_message(&e),
            })?;
            (name, bytes)
        }
    };
    let format = match input {
        Input::Stdin => match &opts.stdin_filename {
            Some(n) => Format::from_path(Path::new(n)),
            None => Format::Markdown,
        },
        Input::File(p) => Format::from_path(p),
    };
    let doc = document_from_bytes(&name, &bytes, format, opts.encoding)?;
    Ok(vec![doc])
}

/// Decodes `bytes` and builds the document, or says where decoding failed.
pub fn document_from_bytes(
    name: &str,
    bytes: &[u8],
    format: Format,
    encoding: Option<&'static Encoding>,
) -> Result<Document, Error> {
    match decode::decode(bytes, encoding) {
        Ok(d) => {
            let mut doc = Document::new(
                Origin {
                    path: name.to_string(),
                    record: None,
                },
                d.text,
                format,
            );
            doc.source_offsets = d.offsets;
            doc.encoding = d.encoding;
            doc.bom = d.bom;
            Ok(doc)
        }
        Err(DecodeError::InvalidUtf8 { offset }) => {
            let valid = String::from_utf8_lossy(&bytes[..offset]);
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Error::Input {
                path: name.to_string(),
                line,
                column,
                message: format!(
                    "el archivo no es UTF-8 válido (byte {offset}); indique la codificación con --encoding"
                ),
            })
        }
        Err(DecodeError::Binary) => Err(Error::Io {
            path: name.to_string(),
            message: "parece un archivo binario; se omite".into(),
        }),
        Err(DecodeError::UnknownEncoding(l)) => {
            Err(Error::Usage(format!("codificación desconocida «{l}»")))
        }
    }
}
