/*!
Archives: files holding many published posts, each checked as its own document.

Formats, chosen by extension ([`Kind::for_path`]):

- `.jsonl` / `.ndjson`: one JSON object per line;
- `.json`: a list of objects, bare or inside an object (the Facebook and Instagram "download
  your information" files), and `.js`, the X/Twitter archive's `data/tweets.js`
  (`window.YTD.tweets.part0 = [{"tweet": {…}}]`);
- `.csv` / `.tsv`: a header row, then one post per row (quoted fields may span lines), such as
  LinkedIn's `Shares.csv`.

Reading is split in two so that an archive of any size streams with bounded memory: a
[`Reader`] cuts the file into raw records, in order, a batch at a time (cheap, sequential),
and a [`Parser`] turns one raw record into a [`Document`] (JSON parsing, field detection,
repairs), which the caller runs in parallel. Each document is plain text with
`origin.record` set to the record's id (or its 1-based number in the file when it has none)
and `meta.platform` / `meta.date` from the record, so positions of findings are inside the
record's text.
*/

pub mod fields;
pub mod split;

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use encoding_rs::Encoding;
use serde_json::Value;

pub use fields::FieldOptions;
use fields::{
    Role, lookup, meta_comment, meta_date, meta_text, normalize_date, normalize_platform,
    repair_latin1_escaped, scalar, unescape_tweet,
};
use split::{ArraySplitter, Pos, SplitError};

use super::{Document, Format, Origin};
use crate::error::{Error, io_message};

/// The shape of an archive file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One JSON value per line.
    JsonLines,
    /// A JSON list (bare, wrapped in an object, or assigned in JavaScript).
    JsonList,
    /// Delimited text with a header row.
    Table { delimiter: u8 },
}

impl Kind {
    /// The archive kind a file name implies, if any.
    pub fn for_path(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jsonl" | "ndjson" => Kind::JsonLines,
            "json" | "js" => Kind::JsonList,
            "csv" => Kind::Table { delimiter: b',' },
            "tsv" | "tab" => Kind::Table { delimiter: b'\t' },
            _ => return None,
        })
    }
}

/// A record as cut from the file, not yet parsed.
#[derive(Debug)]
pub struct RawRecord {
    /// 1-based number of the record in the file.
    pub number: usize,
    /// Where the record starts in the file.
    pub pos: Pos,
    pub data: RawData,
}

#[derive(Debug)]
pub enum RawData {
    Json(Vec<u8>),
    Row(csv::ByteRecord),
    /// A malformed record, skipped: the error to report at its position.
    Broken(Error),
}

impl RawData {
    fn len(&self) -> usize {
        match self {
            RawData::Json(b) => b.len(),
            RawData::Row(r) => r.as_slice().len(),
            RawData::Broken(_) => 0,
        }
    }
}

enum Source {
    Lines(BufReader<Box<dyn Read + Send>>),
    List(ArraySplitter<Box<dyn Read + Send>>),
    Table(csv::Reader<Box<dyn Read + Send>>),
}

/// Cuts an archive into raw records.
pub struct Reader {
    path: String,
    source: Source,
    line: usize,
    count: usize,
    line_buf: Vec<u8>,
}

/// Turns raw records into documents; shared by the threads that lint them.
#[derive(Debug)]
pub struct Parser {
    path: String,
    fields: FieldOptions,
    /// Platform of records that name none, as the file's format implies (`x` for the
    /// X/Twitter archive, `linkedin` for `Shares.csv`…). Other records get theirs from
    /// the configuration or `--platform` ([`crate::check::Lint::prepare`]).
    default_platform: Option<String>,
    columns: Option<Columns>,
}

/// Columns of a table's roles.
#[derive(Debug)]
struct Columns {
    text: usize,
    id: Option<usize>,
    date: Option<usize>,
    platform: Option<usize>,
    /// Columns that mark a reply (`in_reply_to…`) and that say the record's kind.
    reply: Vec<usize>,
    kind: Option<usize>,
    /// Fields of the header row.
    width: usize,
}

/// Opens an archive: decodes it as a stream and reads what comes before the records (a
/// header row, the opening of a list).
pub fn open(
    path: &str,
    kind: Kind,
    input: Box<dyn Read + Send>,
    encoding: Option<&'static Encoding>,
    fields: &FieldOptions,
) -> Result<(Reader, Parser), Error> {
    let io_err = |e: io::Error| Error::Io {
        path: path.to_string(),
        message: io_message(&e),
    };
    let text = super::decode::utf8_reader(input, encoding).map_err(io_err)?;
    let lower = path.to_lowercase();
    let mut implied = None;
    let mut columns = None;
    let source = match kind {
        Kind::JsonLines => Source::Lines(BufReader::with_capacity(256 << 10, text)),
        Kind::JsonList => {
            if lower.ends_with(".js") {
                implied = Some("x");
            } else if lower.contains("instagram") {
                implied = Some("instagram");
            }
            Source::List(ArraySplitter::new(text))
        }
        Kind::Table { delimiter } => {
            let mut text = BufReader::with_capacity(256 << 10, text);
            let delimiter = sniff_delimiter(&mut text, delimiter).map_err(io_err)?;
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .from_reader(Box::new(text) as Box<dyn Read + Send>);
            let headers: Vec<String> = rdr
                .byte_headers()
                .map_err(|e| csv_error(path, e))?
                .iter()
                .map(|h| String::from_utf8_lossy(h).trim().to_string())
                .collect();
            let find = |role| fields::column(&headers, role, fields);
            let Some(text) = find(Role::Text) else {
                return Err(Error::Input {
                    path: path.to_string(),
                    line: 1,
                    column: 1,
                    message: missing_field(Role::Text, fields, &headers.join(", ")),
                });
            };
            if headers[text] == "ShareCommentary" {
                implied = Some("linkedin");
            }
            let normalized: Vec<String> =
                headers.iter().map(|h| fields::normalize_name(h)).collect();
            columns = Some(Columns {
                text,
                id: find(Role::Id),
                date: find(Role::Date),
                platform: find(Role::Platform),
                reply: (0..headers.len())
                    .filter(|&i| fields::REPLY_NAMES.contains(&normalized[i].as_str()))
                    .collect(),
                kind: (0..headers.len())
                    .find(|&i| fields::KIND_NAMES.contains(&normalized[i].as_str())),
                width: headers.len(),
            });
            Source::Table(rdr)
        }
    };
    let default_platform = implied.map(String::from);
    Ok((
        Reader {
            path: path.to_string(),
            source,
            line: 0,
            count: 0,
            line_buf: Vec::new(),
        },
        Parser {
            path: path.to_string(),
            fields: fields.clone(),
            default_platform,
            columns,
        },
    ))
}

/// Excel in Spanish locales writes `;`-separated "CSV": trust the header line.
fn sniff_delimiter(r: &mut BufReader<Box<dyn Read + Send>>, given: u8) -> io::Result<u8> {
    if given != b',' {
        return Ok(given);
    }
    let head = r.fill_buf()?;
    let line = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
    let count = |c| line.iter().filter(|&&b| b == c).count();
    Ok(if count(b';') > count(b',') {
        b';'
    } else {
        b','
    })
}

fn csv_error(path: &str, e: csv::Error) -> Error {
    let pos = e.position().cloned();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io {
            path: path.to_string(),
            message: io_message(&io),
        },
        other => Error::Input {
            path: path.to_string(),
            line: pos.map_or(1, |p| p.line() as usize),
            column: 1,
            message: format!("CSV no válido: {other:?}"),
        },
    }
}

fn missing_field(role: Role, fields: &FieldOptions, available: &str) -> String {
    let what = match role {
        Role::Text => "el texto de la publicación",
        Role::Id => "el identificador",
        Role::Date => "la fecha",
        Role::Platform => "la red social",
    };
    match role.chosen(fields) {
        Some(name) => format!(
            "no hay un campo «{name}» ({}); campos: {available}",
            role.flag()
        ),
        None => format!(
            "no se encontró el campo con {what} (se buscó {}); indíquelo con {}; campos: {available}",
            role.names().join(", "),
            role.flag()
        ),
    }
}

impl Reader {
    /// The next records, up to `max_records` or about `max_bytes`; an empty batch at the
    /// end. A malformed record the reader can step over comes as [`RawData::Broken`]; a
    /// structural error it cannot ends the archive: the records before it come with it.
    pub fn next_batch(
        &mut self,
        max_records: usize,
        max_bytes: usize,
    ) -> (Vec<RawRecord>, Option<Error>) {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < max_records && bytes < max_bytes {
            match self.next_record() {
                Ok(Some(r)) => {
                    bytes += r.data.len();
                    batch.push(r);
                }
                Ok(None) => break,
                Err(e) => return (batch, Some(e)),
            }
        }
        (batch, None)
    }

    fn next_record(&mut self) -> Result<Option<RawRecord>, Error> {
        let path = &self.path;
        let (pos, data) = match &mut self.source {
            Source::Lines(r) => loop {
                self.line_buf.clear();
                let n = r
                    .read_until(b'\n', &mut self.line_buf)
                    .map_err(|e| Error::Io {
                        path: path.clone(),
                        message: io_message(&e),
                    })?;
                if n == 0 {
                    return Ok(None);
                }
                self.line += 1;
                if self.line_buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                while self
                    .line_buf
                    .last()
                    .is_some_and(|b| matches!(b, b'\n' | b'\r'))
                {
                    self.line_buf.pop();
                }
                let pos = Pos {
                    line: self.line,
                    column: 1,
                };
                break (pos, RawData::Json(self.line_buf.clone()));
            },
            Source::List(s) => match s.next_element() {
                Ok(Some((pos, Ok(bytes)))) => (pos, RawData::Json(bytes)),
                Ok(Some((pos, Err(message)))) => (
                    pos,
                    RawData::Broken(Error::Input {
                        path: path.clone(),
                        line: pos.line,
                        column: pos.column,
                        message: format!(
                            "registro mal formado, se omite: JSON no válido: {message}"
                        ),
                    }),
                ),
                Ok(None) => return Ok(None),
                Err(SplitError::Io(e)) => {
                    return Err(Error::Io {
                        path: path.clone(),
                        message: io_message(&e),
                    });
                }
                Err(SplitError::Syntax { pos, message }) => {
                    return Err(Error::Input {
                        path: path.clone(),
                        line: pos.line,
                        column: pos.column,
                        message: format!("JSON no válido: {message}"),
                    });
                }
            },
            Source::Table(r) => {
                let mut row = csv::ByteRecord::new();
                if !r
                    .read_byte_record(&mut row)
                    .map_err(|e| csv_error(path, e))?
                {
                    return Ok(None);
                }
                let line = row.position().map_or(0, |p| p.line() as usize);
                (Pos { line, column: 1 }, RawData::Row(row))
            }
        };
        self.count += 1;
        Ok(Some(RawRecord {
            number: self.count,
            pos,
            data,
        }))
    }
}

/// What a record yielded, before it becomes a document.
#[derive(Debug, Default, PartialEq, Eq)]
struct Fields {
    text: String,
    id: Option<String>,
    /// The id as given when it is a link to the post (LinkedIn's `ShareLink`).
    url: Option<String>,
    date: Option<String>,
    platform: Option<String>,
    /// An answer to someone (X's `in_reply_to_…`, a `kind: reply` field).
    reply: bool,
}

/// The id shown and the link the id gives, if it is one.
fn id_and_url(id: Option<String>) -> (Option<String>, Option<String>) {
    let url = id
        .as_deref()
        .map(str::trim)
        .filter(|i| i.starts_with("https://") || i.starts_with("http://"))
        .map(String::from);
    (id.map(|i| fields::tidy_id(&i)), url)
}

impl Parser {
    /// The document of one record.
    pub fn document(&self, raw: RawRecord) -> Result<Document, Error> {
        let f = match raw.data {
            RawData::Json(bytes) => self.json_fields(&bytes, raw.pos)?,
            RawData::Row(row) => self.row_fields(&row, raw.pos)?,
            RawData::Broken(e) => return Err(e),
        };
        let mut doc = Document::new(
            Origin {
                path: self.path.clone(),
                record: Some(
                    f.id.filter(|i| !i.is_empty())
                        .unwrap_or_else(|| raw.number.to_string()),
                ),
            },
            f.text,
            Format::Plain,
        );
        doc.meta.platform = f.platform.or_else(|| self.default_platform.clone());
        doc.meta.date = f.date;
        doc.meta.url = f.url;
        if f.reply {
            doc.meta.kind = Some("reply".into());
        }
        Ok(doc)
    }

    /// LinkedIn's exports write UTC without saying so.
    fn naive_utc(&self) -> bool {
        self.default_platform.as_deref() == Some("linkedin")
    }

    fn error(&self, pos: Pos, message: String) -> Error {
        Error::Input {
            path: self.path.clone(),
            line: pos.line,
            column: pos.column,
            message,
        }
    }

    fn row_fields(&self, row: &csv::ByteRecord, pos: Pos) -> Result<Fields, Error> {
        let cols = self.columns.as_ref().expect("tables have columns");
        let cell = |i: Option<usize>| -> Result<Option<String>, Error> {
            let Some(bytes) = i.and_then(|i| row.get(i)) else {
                return Ok(None);
            };
            String::from_utf8(bytes.to_vec()).map(Some).map_err(|e| {
                self.error(
                    pos,
                    format!(
                        "texto que no es UTF-8 (byte {} del campo); indique la codificación con --encoding",
                        e.utf8_error().valid_up_to()
                    ),
                )
            })
        };
        if row.len() > cols.width && row.iter().skip(cols.width).any(|f| !f.is_empty())
            || row.len() <= cols.text
        {
            return Err(self.error(
                pos,
                format!(
                    "fila mal formada: tiene {} campos y la cabecera {} (¿una comilla sin cerrar o un separador de más?); se omite",
                    row.len(),
                    cols.width
                ),
            ));
        }
        let (id, url) = id_and_url(cell(cols.id)?);
        let reply = cols
            .reply
            .iter()
            .any(|&i| row.get(i).is_some_and(|v| !v.trim_ascii().is_empty()))
            || cell(cols.kind)?.is_some_and(|k| fields::is_reply_kind(&k));
        Ok(Fields {
            text: cell(Some(cols.text))?.unwrap_or_default(),
            id,
            url,
            date: cell(cols.date)?
                .and_then(|d| normalize_date(&Value::String(d), self.naive_utc())),
            platform: cell(cols.platform)?.and_then(|p| normalize_platform(&p)),
            reply,
        })
    }

    fn json_fields(&self, bytes: &[u8], pos: Pos) -> Result<Fields, Error> {
        let mut record: Value = serde_json::from_slice(bytes).map_err(|e| {
            let (line, column) = if e.line() <= 1 {
                (pos.line, pos.column + e.column().saturating_sub(1))
            } else {
                (pos.line + e.line() - 1, e.column().max(1))
            };
            let message = if e.is_eof() {
                "JSON no válido: el registro termina sin cerrarse".to_string()
            } else {
                let detail = e.to_string();
                let detail = detail.split(" at line ").next().unwrap_or(&detail);
                format!("JSON no válido ({detail})")
            };
            Error::Input {
                path: self.path.clone(),
                line,
                column,
                message,
            }
        })?;
        // X/Twitter archive: `{"tweet": {…}}`.
        let mut tweet = false;
        if let Value::Object(map) = &mut record
            && map.len() == 1
            && map.get("tweet").is_some_and(Value::is_object)
        {
            record = map.remove("tweet").expect("checked");
            tweet = true;
        }
        let Value::Object(map) = &record else {
            return Err(self.error(pos, "el registro no es un objeto JSON".into()));
        };
        // Facebook: `timestamp` with `data`, `title` or `attachments`; Instagram: `media`.
        let meta = map.get("data").is_some_and(Value::is_array)
            || map.get("media").is_some_and(Value::is_array)
            || map.contains_key("timestamp")
                && (map.contains_key("title") || map.contains_key("attachments"));
        let get = |role| lookup(&record, role, &self.fields).map_err(|m| self.error(pos, m));
        let as_text = |role: Role, v: &Value| {
            scalar(v).ok_or_else(|| {
                self.error(
                    pos,
                    format!(
                        "el campo de {} no es texto; elija otro con {}",
                        match role {
                            Role::Text => "texto",
                            Role::Id => "identificador",
                            Role::Date => "fecha",
                            Role::Platform => "red social",
                        },
                        role.flag()
                    ),
                )
            })
        };
        let text = match get(Role::Text)? {
            Some(v) => Some(as_text(Role::Text, v)?),
            None if meta => meta_comment(&record).or_else(|| meta_text(&record)),
            None => None,
        };
        let Some(mut text) = text else {
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            return Err(self.error(
                pos,
                missing_field(Role::Text, &self.fields, &keys.join(", ")),
            ));
        };
        let id = get(Role::Id)?.map(|v| as_text(Role::Id, v)).transpose()?;
        let date = get(Role::Date)?
            .or_else(|| meta.then(|| meta_date(&record)).flatten())
            .and_then(|d| normalize_date(d, self.naive_utc()));
        let reply = fields::json_is_reply(&record) || meta && meta_comment(&record).is_some();
        let mut platform = get(Role::Platform)?
            .map(|v| as_text(Role::Platform, v))
            .transpose()?
            .and_then(|p| normalize_platform(&p));
        if tweet {
            text = unescape_tweet(&text);
            platform = platform.or(Some("x".into()));
        }
        if meta {
            if let Some(fixed) = repair_latin1_escaped(&text) {
                text = fixed;
            }
            if platform.is_none() && self.default_platform.is_none() {
                platform = Some(
                    if map.contains_key("media") {
                        "instagram"
                    } else {
                        "facebook"
                    }
                    .into(),
                );
            }
        }
        let (id, url) = id_and_url(id);
        Ok(Fields {
            text,
            id,
            url,
            date,
            platform,
            reply,
        })
    }
}

#[cfg(test)]
mod tests;
