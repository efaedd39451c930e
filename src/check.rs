/*!
The check pipeline: inputs → documents → findings → reporter.

Inputs are read and linted in parallel (rayon) in batches; each batch is handed to the
reporter in input order, so output is deterministic and memory stays bounded by the batch,
not by the number of inputs. Archives (see [`crate::input::archive`]) are streamed: a thread
cuts the file into batches of records while the previous batch is linted in parallel, so
memory does not grow with the number of records. A large draft file (over
[`LARGE_FILE_PIECES`] pieces of [`CheckOptions::piece_bytes`]) is read and linted in pieces cut
at paragraph breaks ([`crate::input::pieces`]), so memory does not grow with its size either;
its findings keep the file's positions. A failing input is reported through `on_error` and the run goes
on (ripgrep's "errored" flag); the caller turns that into exit code 2.
*/

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use rayon::prelude::*;

use crate::engine::Engine;
use crate::error::{Error, io_message};
use crate::finding::Finding;
use crate::input::archive::{self, FieldOptions};
use crate::input::decode::{self, DecodeError};
use crate::input::pieces::Pieces;
use crate::input::walk::{self, Input, WalkOptions};
use crate::input::{Document, Format, Origin, Piece};
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

/// Records of an archive cut, linted and reported together: at most this many, or about
/// this many bytes of raw records.
const RECORD_BATCH: usize = 1024;
const RECORD_BATCH_BYTES: usize = 4 << 20;

/// Errors shown per archive; the rest are counted.
const MAX_RECORD_ERRORS: usize = 20;

/// Default size limit of an input file (bytes).
pub const DEFAULT_MAX_FILESIZE: u64 = 256 << 20;

/// Default size of a piece of a large draft file (bytes).
pub const DEFAULT_PIECE_BYTES: usize = 1 << 20;

/// A draft file over this many pieces is read in pieces.
pub const LARGE_FILE_PIECES: usize = 2;

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
    /// Which fields of archive records are the text, id, date and platform.
    pub fields: FieldOptions,
    /// The size of the pieces a large draft file is read in.
    pub piece_bytes: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            paths: vec![PathBuf::from(".")],
            stdin_filename: None,
            walk: WalkOptions::default(),
            encoding: None,
            max_filesize: DEFAULT_MAX_FILESIZE,
            fields: FieldOptions::default(),
            piece_bytes: DEFAULT_PIECE_BYTES,
        }
    }
}

/// The inputs `opts` names that `linter` wants (configured exclusions left out). Every path
/// that could not be walked goes to `on_error`; the count of them is returned too.
pub fn inputs(
    linter: &dyn Lint,
    opts: &CheckOptions,
    on_error: &mut dyn FnMut(&Error),
) -> (Vec<Input>, usize) {
    let gathered = gather(linter, opts, on_error);
    (gathered.inputs, gathered.failed)
}

/// What [`gather`] found to check.
#[derive(Debug, Default)]
pub struct Gathered {
    pub inputs: Vec<Input>,
    /// Paths that could not be walked (reported through `on_error`).
    pub failed: usize,
    /// Files named on the command line that the configuration excludes.
    pub excluded: Vec<String>,
}

/// [`inputs`], also telling which files named explicitly the configuration excludes (a
/// file found by walking a directory is left out silently).
pub fn gather(
    linter: &dyn Lint,
    opts: &CheckOptions,
    on_error: &mut dyn FnMut(&Error),
) -> Gathered {
    let (mut inputs, walk_errors) = walk::collect(&opts.paths, &opts.walk);
    let mut excluded = Vec::new();
    inputs.retain(|i| match i {
        Input::File(p) => {
            let wanted = linter.wants(p);
            if !wanted && opts.paths.iter().any(|named| named == p) {
                excluded.push(p.display().to_string());
            }
            wanted
        }
        Input::Stdin => true,
    });
    let failed = walk_errors.len();
    for e in walk_errors {
        on_error(&Error::Io {
            path: e.path,
            message: e.message,
        });
    }
    Gathered {
        inputs,
        failed,
        excluded,
    }
}

/// Checks every input, reporting documents in order; returns the summary.
pub fn check(
    linter: &dyn Lint,
    opts: &CheckOptions,
    reporter: &mut dyn Reporter,
    on_error: &mut dyn FnMut(&Error),
) -> io::Result<Summary> {
    let Gathered {
        inputs,
        failed,
        excluded,
    } = gather(linter, opts, on_error);
    let mut run = Run {
        linter,
        opts,
        reporter,
        on_error,
        summary: Summary {
            failed_inputs: failed,
            excluded,
            ..Summary::default()
        },
    };
    let mut files = Vec::new();
    for input in inputs {
        match archive_kind(&input, opts) {
            Some(kind) => {
                run.files(&files)?;
                files.clear();
                run.archive(&input, kind)?;
            }
            None if is_large(&input, opts) => {
                run.files(&files)?;
                files.clear();
                run.large(&input)?;
            }
            None => {
                files.push(input);
                if files.len() == BATCH {
                    run.files(&files)?;
                    files.clear();
                }
            }
        }
    }
    run.files(&files)?;
    run.reporter.finish(&run.summary)?;
    Ok(run.summary)
}

/// Whether an input is a draft file large enough to read in pieces.
fn is_large(input: &Input, opts: &CheckOptions) -> bool {
    let Input::File(path) = input else {
        return false;
    };
    let limit = opts.piece_bytes.saturating_mul(LARGE_FILE_PIECES) as u64;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > limit)
}

/// The archive format of an input, if it is one (by its extension, or `--stdin-filename`'s).
fn archive_kind(input: &Input, opts: &CheckOptions) -> Option<archive::Kind> {
    match input {
        Input::File(p) => archive::Kind::for_path(p),
        Input::Stdin => archive::Kind::for_path(Path::new(opts.stdin_filename.as_deref()?)),
    }
}

/// One run: where documents and errors go.
struct Run<'a> {
    linter: &'a dyn Lint,
    opts: &'a CheckOptions,
    reporter: &'a mut dyn Reporter,
    on_error: &'a mut dyn FnMut(&Error),
    summary: Summary,
}

impl Run<'_> {
    fn fail(&mut self, e: &Error) {
        self.summary.failed_inputs += 1;
        (self.on_error)(e);
    }

    fn emit(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        self.summary.documents += 1;
        if !findings.is_empty() {
            self.summary.documents_with_findings += 1;
        }
        self.emit_piece(doc, findings)
    }

    /// Reports a document, or a piece of one (counted as a document by the caller).
    fn emit_piece(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        // A document with notices was checked, but not fully (a misspelt front-matter key
        // switches checks off): it counts once among the inputs with errors.
        if !doc.notices.is_empty() {
            self.summary.failed_inputs += 1;
        }
        for n in &doc.notices {
            let (line, column) = crate::report::position(doc, n.offset);
            (self.on_error)(&Error::Input {
                path: doc.origin.path.clone(),
                line,
                column,
                message: n.message.clone(),
            });
        }
        for f in findings {
            self.summary.counts.add(f.level);
        }
        self.reporter.document(doc, findings)
    }

    /// Reads and lints a batch of files in parallel, reporting them in order.
    fn files(&mut self, batch: &[Input]) -> io::Result<()> {
        let (linter, opts) = (self.linter, self.opts);
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
                    self.summary.files += 1;
                    for (doc, findings) in docs {
                        self.emit(&doc, &findings)?;
                    }
                }
                Err(e) => self.fail(&e),
            }
        }
        Ok(())
    }

    /// Reads, lints and reports a large draft file piece by piece, as many pieces at once
    /// as there are threads. A file that is not UTF-8 (detected on its first piece) is read
    /// whole instead, since its pieces could not be decoded alone.
    fn large(&mut self, input: &Input) -> io::Result<()> {
        let Input::File(path) = input else {
            return Ok(());
        };
        let name = path.display().to_string();
        let opened = check_size(path, &name, self.opts).and_then(|()| {
            std::fs::File::open(path).map_err(|e| Error::Io {
                path: name.clone(),
                message: io_message(&e),
            })
        });
        let file = match opened {
            Ok(f) => f,
            Err(e) => {
                self.fail(&e);
                return Ok(());
            }
        };
        let format = Format::from_path(path);
        let mut pieces = Pieces::new(
            io::BufReader::new(file),
            self.opts.piece_bytes,
            format == Format::Markdown,
        );
        let origin = Origin {
            path: name.clone(),
            record: None,
        };
        let utf8 = |at: Piece, bytes: Vec<u8>| -> Result<Document, Error> {
            let text = String::from_utf8(bytes).map_err(|e| {
                let bytes = e.as_bytes();
                let offset = e.utf8_error().valid_up_to();
                match decode_error(&name, bytes, DecodeError::InvalidUtf8 { offset }) {
                    Error::Input {
                        path,
                        line,
                        column,
                        message,
                    } => Error::Input {
                        path,
                        line: line + at.line,
                        column: if line == 1 {
                            column + at.column
                        } else {
                            column
                        },
                        message,
                    },
                    e => e,
                }
            })?;
            Ok(Document::piece(origin.clone(), text, format, at))
        };
        let threads = rayon::current_num_threads().max(1);
        let linter = self.linter;
        let mut first = true;
        let mut with_findings = false;
        loop {
            let mut batch = Vec::with_capacity(threads);
            let mut failed = None;
            while batch.len() < threads {
                match pieces.next_piece() {
                    Ok(Some(p)) => batch.push(p),
                    Ok(None) => break,
                    Err(e) => {
                        failed = Some(Error::Io {
                            path: name.clone(),
                            message: io_message(&e),
                        });
                        break;
                    }
                }
            }
            if first {
                first = false;
                let Some((_, bytes)) = batch.first() else {
                    break;
                };
                // The first piece decides the encoding; only UTF-8 is read in pieces.
                match decode::decode(bytes, self.opts.encoding) {
                    Ok(d) if d.encoding == encoding_rs::UTF_8 && d.offsets.is_none() => {}
                    _ => return self.files(std::slice::from_ref(input)),
                }
                self.summary.files += 1;
                self.summary.documents += 1;
            }
            let results: Vec<Result<Linted, Error>> = batch
                .into_par_iter()
                .map(|(at, bytes)| {
                    utf8(at, bytes).map(|mut d| {
                        linter.prepare(&mut d);
                        let f = linter.lint(&d);
                        (d, f)
                    })
                })
                .collect();
            let mut done = results.len() < threads || failed.is_some();
            for result in results {
                match result {
                    Ok((doc, findings)) => {
                        with_findings |= !findings.is_empty();
                        self.emit_piece(&doc, &findings)?;
                    }
                    // Text that stops being UTF-8: reported once, the rest of the file left.
                    Err(e) => {
                        self.fail(&e);
                        failed = None;
                        done = true;
                        break;
                    }
                }
            }
            if let Some(e) = failed {
                self.fail(&e);
            }
            if done {
                break;
            }
        }
        if with_findings {
            self.summary.documents_with_findings += 1;
        }
        Ok(())
    }

    /// Streams an archive: one thread cuts it into batches of raw records while the
    /// previous batch is parsed and linted in parallel and reported in order. At most a
    /// few batches are alive at once, whatever the archive's size.
    fn archive(&mut self, input: &Input, kind: archive::Kind) -> io::Result<()> {
        let opts = self.opts;
        let (name, source) = match open_stream(input, opts) {
            Ok(x) => x,
            Err(e) => {
                self.fail(&e);
                return Ok(());
            }
        };
        let (mut reader, parser) =
            match archive::open(&name, kind, source, opts.encoding, &opts.fields) {
                Ok(x) => x,
                Err(e) => {
                    self.fail(&e);
                    return Ok(());
                }
            };
        self.summary.files += 1;
        let linter = self.linter;
        let mut bad_records = 0usize;
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                loop {
                    let (batch, err) = reader.next_batch(RECORD_BATCH, RECORD_BATCH_BYTES);
                    let end = batch.is_empty() || err.is_some();
                    if tx.send((batch, err)).is_err() || end {
                        break;
                    }
                }
            });
            for (batch, err) in rx {
                let results: Vec<Result<Linted, Error>> = batch
                    .into_par_iter()
                    .map(|raw| {
                        parser.document(raw).map(|mut d| {
                            linter.prepare(&mut d);
                            let f = linter.lint(&d);
                            (d, f)
                        })
                    })
                    .collect();
                for result in results {
                    match result {
                        Ok((doc, findings)) => self.emit(&doc, &findings)?,
                        Err(e) => {
                            bad_records += 1;
                            if bad_records <= MAX_RECORD_ERRORS {
                                self.fail(&e);
                            } else {
                                self.summary.failed_inputs += 1;
                            }
                        }
                    }
                }
                if let Some(e) = err {
                    self.fail(&e);
                }
            }
            io::Result::Ok(())
        })?;
        if bad_records > MAX_RECORD_ERRORS {
            (self.on_error)(&Error::Io {
                path: name,
                message: format!(
                    "y {} registros más con errores (no se muestran)",
                    bad_records - MAX_RECORD_ERRORS
                ),
            });
        }
        Ok(())
    }
}

/// Opens an input as a byte stream, refusing files over `--max-filesize`.
fn open_stream(
    input: &Input,
    opts: &CheckOptions,
) -> Result<(String, Box<dyn Read + Send>), Error> {
    match input {
        Input::Stdin => Ok((
            opts.stdin_filename.clone().unwrap_or_else(|| "-".into()),
            Box::new(Capped::new(io::stdin(), opts.max_filesize)),
        )),
        Input::File(path) => {
            let name = path.display().to_string();
            check_size(path, &name, opts)?;
            let file = std::fs::File::open(path).map_err(|e| Error::Io {
                path: name.clone(),
                message: io_message(&e),
            })?;
            Ok((name, Box::new(file)))
        }
    }
}

/// A stream that fails once more than `left` bytes were read: standard input has no size to
/// check beforehand, and may never end (`/dev/zero`).
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R> Capped<R> {
    fn new(inner: R, limit: u64) -> Capped<R> {
        Capped { inner, left: limit }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => Err(io::Error::other(
                "la entrada estándar pasa del límite de --max-filesize; se omite",
            )),
        }
    }
}

pub(crate) fn check_size(path: &Path, name: &str, opts: &CheckOptions) -> Result<(), Error> {
    let len = std::fs::metadata(path)
        .map_err(|e| Error::Io {
            path: name.to_string(),
            message: io_message(&e),
        })?
        .len();
    if len > opts.max_filesize {
        return Err(Error::Io {
            path: name.to_string(),
            message: format!(
                "el archivo pesa {} MB, más que el límite de {} MB (--max-filesize); se omite",
                len >> 20,
                opts.max_filesize >> 20
            ),
        });
    }
    Ok(())
}

/// Reads one input into its documents: a draft into one, an archive into one per record.
/// An archive is read whole here (for `--fix`, which leaves archives alone but reports
/// them); [`check`] streams archives instead.
pub fn read_input(input: &Input, opts: &CheckOptions) -> Result<Vec<Document>, Error> {
    if let Some(kind) = archive_kind(input, opts) {
        let (name, source) = open_stream(input, opts)?;
        let (mut reader, parser) = archive::open(&name, kind, source, opts.encoding, &opts.fields)?;
        let mut docs = Vec::new();
        loop {
            let (batch, err) = reader.next_batch(RECORD_BATCH, RECORD_BATCH_BYTES);
            if let Some(e) = err {
                return Err(e);
            }
            if batch.is_empty() {
                return Ok(docs);
            }
            for raw in batch {
                docs.push(parser.document(raw)?);
            }
        }
    }
    let (name, bytes) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            let mut stdin = Capped::new(io::stdin(), opts.max_filesize);
            stdin.read_to_end(&mut buf).map_err(|e| Error::Io {
                path: "-".into(),
                message: io_message(&e),
            })?;
            let name = opts.stdin_filename.clone().unwrap_or_else(|| "-".into());
            (name, buf)
        }
        Input::File(path) => {
            let name = path.display().to_string();
            check_size(path, &name, opts)?;
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
    let doc = match decode::decode_owned(bytes, opts.encoding) {
        Ok(d) => document(&name, d, format),
        Err((e, bytes)) => return Err(decode_error(&name, &bytes, e)),
    };
    Ok(vec![doc])
}

fn document(name: &str, d: decode::Decoded, format: Format) -> Document {
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
    doc
}

/// Decodes `bytes` and builds the document, or says where decoding failed.
pub fn document_from_bytes(
    name: &str,
    bytes: &[u8],
    format: Format,
    encoding: Option<&'static Encoding>,
) -> Result<Document, Error> {
    decode::decode(bytes, encoding)
        .map(|d| document(name, d, format))
        .map_err(|e| decode_error(name, bytes, e))
}

/// Where and why `bytes` could not be decoded.
fn decode_error(name: &str, bytes: &[u8], e: DecodeError) -> Error {
    match e {
        DecodeError::InvalidUtf8 { offset } => {
            let valid = String::from_utf8_lossy(&bytes[..offset]);
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Error::Input {
                path: name.to_string(),
                line,
                column,
                message: format!(
                    "el archivo no es UTF-8 válido (byte {offset}); indique la codificación con --encoding"
                ),
            }
        }
        DecodeError::Binary => Error::Io {
            path: name.to_string(),
            message: "parece un archivo binario; se omite (si es texto en UTF-16 sin BOM, indique --encoding utf-16le o utf-16be)".into(),
        },
        DecodeError::UnknownEncoding(l) => Error::Usage(format!("codificación desconocida «{l}»")),
    }
}
