/*!
`vigia stats`: the measures of each draft, for a communicator who checks a post before
pasting it, as a Spanish table or as JSON.

It is a [`Reporter`] fed by the same pipeline as `check` (walking, decoding, front matter,
per-input errors), with no rules: each document's [`Measures`](crate::measure::Measures)
are computed once, through the engine's context, so the platform is resolved exactly as in
`check` (front matter, archive column, `--platform`).

JSON (`--format json`) is an array with one object per document, a contract like `check`'s
JSON (keys are added, never renamed or removed):

```json
[{"path": "borrador.md", "record": null, "platform": "x", "characters": 291,
  "graphemes": 289, "twitter_weighted": 291, "bytes": 305, "utf16": 291, "words": 45,
  "sentences": 3, "hashtags": 2, "mentions": 0, "urls": 1, "emoji": 1, "syllables": 98,
  "words_per_sentence": 15.0, "longest_sentence": 22, "fernandez_huerta": 61.23,
  "inflesz": 56.4, "title": null,
  "lengths": [{"platform": "x", "name": "X", "count": "twitter", "length": 291,
               "max": 280, "fits": false}]}]
```

`characters` counts Unicode scalar values of the post (see [`crate::measure`]), `lengths`
has one entry per platform of the table, each counted as that network counts; scores are
rounded to two decimals and are `null` for a post without words.
*/

use std::io::{self, Write};

use serde::Serialize;

use super::{Reporter, Summary, display_path};
use crate::engine::Engine;
use crate::finding::Finding;
use crate::input::Document;
use crate::measure::readability;
use crate::platform::Count;

/// How a platform counts a post, and whether it fits.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Length {
    pub platform: String,
    pub name: String,
    pub count: &'static str,
    pub length: usize,
    pub max: Option<u64>,
    pub fits: bool,
}

/// The YouTube-style title of the front matter.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Title {
    pub characters: usize,
    pub max: Option<u64>,
}

/// The measures of one document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub path: String,
    pub record: Option<String>,
    /// The post's platform id (as resolved), or the name it gives when unknown.
    pub platform: Option<String>,
    pub characters: usize,
    pub graphemes: usize,
    pub twitter_weighted: usize,
    pub bytes: usize,
    pub utf16: usize,
    pub words: usize,
    pub sentences: usize,
    pub hashtags: usize,
    pub mentions: usize,
    pub urls: usize,
    pub emoji: usize,
    pub syllables: usize,
    pub words_per_sentence: Option<f64>,
    pub longest_sentence: usize,
    pub fernandez_huerta: Option<f64>,
    pub inflesz: Option<f64>,
    pub title: Option<Title>,
    pub lengths: Vec<Length>,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn count_name(c: Count) -> &'static str {
    match c {
        Count::Twitter => "twitter",
        Count::Graphemes => "graphemes",
        Count::Characters => "characters",
        Count::Utf16 => "utf16",
        Count::Bytes => "bytes",
    }
}

impl Stats {
    /// Measures `doc` as `engine` would see it.
    pub fn of(engine: &Engine, doc: &Document) -> Stats {
        let cx = engine.context(doc);
        let m = cx.measures();
        let platform = cx
            .platform()
            .map(|p| p.id.clone())
            .or_else(|| doc.platform().map(str::to_string));
        let lengths = cx
            .platforms()
            .platforms
            .iter()
            .map(|p| {
                let length = m.length(p.count);
                let max = p.limit("length");
                Length {
                    platform: p.id.clone(),
                    name: p.name.clone(),
                    count: count_name(p.count),
                    length,
                    max,
                    fits: max.is_none_or(|x| length as u64 <= x),
                }
            })
            .collect();
        let sentences = m.sentence_count();
        Stats {
            path: doc.origin.path.clone(),
            record: doc.origin.record.clone(),
            platform,
            characters: m.characters,
            graphemes: m.graphemes,
            twitter_weighted: m.twitter_weighted,
            bytes: m.bytes,
            utf16: m.utf16,
            words: m.words,
            sentences,
            hashtags: m.hashtags.len(),
            mentions: m.mentions.len(),
            urls: m.urls.len(),
            emoji: m.emoji.len(),
            syllables: m.syllables,
            words_per_sentence: (sentences > 0).then(|| round2(m.words as f64 / sentences as f64)),
            longest_sentence: m.sentences.iter().map(|s| s.words).max().unwrap_or(0),
            fernandez_huerta: m.fernandez_huerta().map(round2),
            inflesz: m.inflesz().map(round2),
            title: m.title.as_ref().map(|(n, _)| Title {
                characters: *n,
                max: cx.platform().and_then(|p| p.limit("title-length")),
            }),
            lengths,
        }
    }
}

/// Spanish decimal: one decimal, decimal comma.
fn decimal(v: f64) -> String {
    format!("{v:.1}").replace('.', ",")
}

/// Writes the stats of every document.
pub struct StatsReporter<'w> {
    out: &'w mut dyn Write,
    engine: &'w Engine,
    json: bool,
    first: bool,
}

impl<'w> StatsReporter<'w> {
    pub fn new(out: &'w mut dyn Write, engine: &'w Engine, json: bool) -> Self {
        StatsReporter {
            out,
            engine,
            json,
            first: true,
        }
    }

    fn table(&mut self, doc: &Document, s: &Stats) -> io::Result<()> {
        let out = &mut self.out;
        let platform_name = s.platform.as_deref().map_or_else(
            || "sin plataforma".to_string(),
            |id| {
                s.lengths
                    .iter()
                    .find(|l| l.platform == id)
                    .map_or(format!("{id} (desconocida)"), |l| l.name.clone())
            },
        );
        if !self.first {
            writeln!(out)?;
        }
        writeln!(out, "{} — {platform_name}", display_path(doc))?;
        writeln!(out, "  Longitud según cada red:")?;
        let width = s
            .lengths
            .iter()
            .map(|l| l.name.chars().count())
            .max()
            .unwrap_or(0);
        for l in &s.lengths {
            let mark = if s.platform.as_deref() == Some(l.platform.as_str()) {
                "»"
            } else {
                " "
            };
            let unit = match l.count {
                "twitter" => "caracteres ponderados",
                "bytes" => "bytes",
                "utf16" => "unidades UTF-16",
                _ => "caracteres",
            };
            let verdict = match l.max {
                Some(max) if l.length as u64 > max => {
                    format!("sobran {}", l.length as u64 - max)
                }
                Some(_) => "cabe".to_string(),
                None => "sin límite".to_string(),
            };
            let of = l.max.map_or(String::new(), |m| format!(" / {m}"));
            let name = format!("{:width$}", l.name);
            writeln!(
                out,
                "  {mark} {name}  {:>6}{of} {unit}: {verdict}",
                l.length
            )?;
        }
        if let Some(t) = &s.title {
            let limit = t.max.map_or(String::new(), |m| format!(" / {m}"));
            writeln!(out, "    Título: {}{limit} caracteres", t.characters)?;
        }
        let rows: Vec<(&str, String)> = vec![
            ("Caracteres", s.characters.to_string()),
            ("Grafemas", s.graphemes.to_string()),
            ("Bytes (UTF-8)", s.bytes.to_string()),
            ("Palabras", s.words.to_string()),
            (
                "Oraciones",
                match s.words_per_sentence {
                    Some(w) => format!(
                        "{} ({} palabras por oración; la más larga, {})",
                        s.sentences,
                        decimal(w),
                        s.longest_sentence
                    ),
                    None => s.sentences.to_string(),
                },
            ),
            ("Etiquetas (#)", s.hashtags.to_string()),
            ("Menciones (@)", s.mentions.to_string()),
            ("Enlaces", s.urls.to_string()),
            ("Emojis", s.emoji.to_string()),
            (
                "Fernández-Huerta",
                s.fernandez_huerta.map_or("—".into(), |v| {
                    format!("{} ({})", decimal(v), readability::fernandez_huerta_band(v))
                }),
            ),
            (
                "INFLESZ",
                s.inflesz.map_or("—".into(), |v| {
                    format!("{} ({})", decimal(v), readability::inflesz_band(v))
                }),
            ),
        ];
        for (k, v) in rows {
            writeln!(out, "  {k:<17} {v}")?;
        }
        Ok(())
    }
}

impl Reporter for StatsReporter<'_> {
    fn document(&mut self, doc: &Document, _findings: &[Finding]) -> io::Result<()> {
        let s = Stats::of(self.engine, doc);
        if self.json {
            let sep = if self.first { "[" } else { "," };
            writeln!(self.out, "{sep}")?;
            serde_json::to_writer(&mut self.out, &s)?;
        } else {
            self.table(doc, &s)?;
        }
        self.first = false;
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        if self.json {
            if self.first {
                writeln!(self.out, "[]")?;
            } else {
                writeln!(self.out, "\n]")?;
            }
        }
        Ok(())
    }
}
