/*!
Inputs become documents.

A [`Document`] is one post to check: the text as decoded (never rewritten), where it came
from ([`Origin`]: a file, stdin, or a record of an archive), its format, its front matter and
the regions that are not prose. Everything downstream (engine, reporters) reads documents
only.
*/

pub mod archive;
pub mod decode;
pub mod frontmatter;
pub mod markup;
pub mod pieces;
pub mod walk;

use std::ops::Range;
use std::path::Path;

pub use frontmatter::Meta;
pub use markup::{Region, RegionKind};

use crate::text::LineIndex;

/// Markdown (front matter, markup) or plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Plain,
}

impl Format {
    /// The format a path's extension implies (plain text unless Markdown).
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
        {
            Some(e) if matches!(e.as_str(), "md" | "markdown" | "mdx") => Format::Markdown,
            _ => Format::Plain,
        }
    }
}

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The path as the user gave it (or found by walking), `-` for stdin.
    pub path: String,
    /// Record id inside an archive.
    pub record: Option<String>,
}

/// A problem found while reading a document that does not stop it being checked.
#[derive(Debug, Clone)]
pub struct Notice {
    pub offset: usize,
    pub message: String,
}

/// One post to check.
#[derive(Debug, Clone)]
pub struct Document {
    pub origin: Origin,
    /// The decoded text, exactly as read.
    pub text: String,
    pub format: Format,
    /// The part after the front matter.
    pub body: Range<usize>,
    /// Front matter block (with fences), if any.
    pub front_matter: Option<Range<usize>>,
    pub meta: Meta,
    /// Non-prose regions, sorted and disjoint.
    pub regions: Vec<Region>,
    pub notices: Vec<Notice>,
    /// Maps offsets of `text` to offsets of the original bytes when they differ (transcoded
    /// input); `None` when the text is the file's bytes.
    pub source_offsets: Option<decode::OffsetMap>,
    /// The encoding the text was read from, and whether a byte-order mark preceded it (a
    /// UTF-8 BOM stays in `text`): what `--fix` writes back.
    pub encoding: &'static encoding_rs::Encoding,
    pub bom: bool,
    /// Where the text starts in its file when it is one piece of a large file (see
    /// [`crate::check`]); `None` for a whole file or record.
    pub piece: Option<Piece>,
    lines: std::sync::OnceLock<LineIndex>,
}

/// Where a piece of a large file starts: the lines and bytes before it, and the characters
/// before it on its first line (a piece starts mid-line only when a line is longer than a
/// piece).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Piece {
    pub line: usize,
    pub byte: usize,
    pub column: usize,
}

impl Document {
    /// A plain-text document at `path`, not part of an archive: what tests and one-off
    /// checks of a string build.
    pub fn plain(path: &str, text: impl Into<String>) -> Document {
        Document::new(
            Origin {
                path: path.into(),
                record: None,
            },
            text.into(),
            Format::Plain,
        )
    }

    /// Builds a document from decoded text.
    pub fn new(origin: Origin, text: String, format: Format) -> Document {
        Document::build(origin, text, format, true)
    }

    /// A piece of a large file that is not its first: no front matter.
    pub fn piece(origin: Origin, text: String, format: Format, piece: Piece) -> Document {
        let mut doc = Document::build(origin, text, format, piece.byte == 0);
        doc.piece = Some(piece);
        doc
    }

    fn build(origin: Origin, text: String, format: Format, front: bool) -> Document {
        let mut notices = Vec::new();
        let (front_matter, body, meta) = match format {
            Format::Markdown if !front => (None, 0..text.len(), Meta::default()),
            Format::Markdown => match frontmatter::locate(&text) {
                Some(fm) => {
                    let meta = frontmatter::parse(&text, &fm).unwrap_or_else(|e| {
                        notices.push(Notice {
                            offset: e.offset,
                            message: format!("front matter no válido: {}", e.message),
                        });
                        Meta::default()
                    });
                    (Some(fm.block.clone()), fm.block.end..text.len(), meta)
                }
                None => (None, 0..text.len(), Meta::default()),
            },
            Format::Plain => (None, 0..text.len(), Meta::default()),
        };
        let mut regions = match format {
            Format::Markdown => markup::markdown_regions(&text, body.clone()),
            Format::Plain => markup::plain_regions(&text, body.clone()),
        };
        if let Some(fm) = &front_matter {
            regions.insert(
                0,
                Region {
                    range: 0..fm.end,
                    kind: RegionKind::FrontMatter,
                },
            );
        }
        let mut doc = Document {
            origin,
            text,
            format,
            body,
            front_matter,
            meta,
            regions,
            notices,
            source_offsets: None,
            encoding: encoding_rs::UTF_8,
            bom: false,
            piece: None,
            lines: std::sync::OnceLock::new(),
        };
        doc.check_meta();
        doc
    }

    /// Adds a notice for each metadata value vigia interprets and cannot read: a front-matter
    /// key it does not know, a `kind` that is not one (a known one is made canonical:
    /// `respuesta` → `reply`), a `platform` that is not in the platform table, a `scheduled`
    /// that is not a date. Called
    /// by [`Document::new`]; call it again after setting `meta` from elsewhere (an archive
    /// record). Positions point at the value in the front matter when there is one.
    pub fn check_meta(&mut self) {
        let fm = self
            .front_matter
            .as_ref()
            .and_then(|_| frontmatter::locate(&self.text));
        let at = |key: &str| {
            fm.as_ref().map_or(0, |fm| {
                frontmatter::value_span(&self.text, fm, key).map_or(fm.yaml.start, |r| r.start)
            })
        };
        let mut found = Vec::new();
        if let Some(fm) = &fm {
            for (offset, message) in frontmatter::unknown_keys(&self.text, fm) {
                found.push(Notice { offset, message });
            }
        }
        if let Some(k) = self.meta.kind.clone() {
            match frontmatter::canonical_kind(&k) {
                Some(id) => self.meta.kind = Some(id.to_string()),
                None => {
                    found.push(Notice {
                        offset: at("kind"),
                        message: frontmatter::unknown_kind(&k),
                    });
                    // An unknown kind is no kind: rules for some kinds do not apply.
                    self.meta.kind = None;
                }
            }
        }
        if let Some(p) = self.meta.platform.as_deref() {
            let platforms = crate::platform::bundled();
            if platforms.get(p).is_none() {
                found.push(Notice {
                    offset: at("platform"),
                    message: platforms.unknown(p),
                });
            }
        }
        if let Some(s) = self.meta.scheduled.as_deref()
            && let Err(message) = crate::calendar::When::parse(s)
        {
            found.push(Notice {
                offset: at("scheduled"),
                message: format!("`scheduled`: {message}"),
            });
        }
        for n in found {
            if !self.notices.iter().any(|m| m.message == n.message) {
                self.notices.push(n);
            }
        }
    }

    /// A Markdown document from a string (examples, tests).
    pub fn from_str_md(path: &str, text: &str) -> Document {
        Document::new(
            Origin {
                path: path.to_string(),
                record: None,
            },
            text.to_string(),
            Format::Markdown,
        )
    }

    /// Line index of the text, built on first use.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Offset in the original bytes of an offset of `text`.
    pub fn source_offset(&self, offset: usize) -> usize {
        let base = self.piece.map_or(0, |p| p.byte);
        base + match &self.source_offsets {
            Some(map) => map.to_source(offset),
            None => offset,
        }
    }

    /// Lines of the file before the text: zero but for a piece of a large file.
    pub fn lines_before(&self) -> usize {
        self.piece.map_or(0, |p| p.line)
    }

    /// The post's platform, lowercased, if known.
    pub fn platform(&self) -> Option<&str> {
        self.meta.platform.as_deref()
    }
}
