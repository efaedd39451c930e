#![doc = include_str!("../../../docs/kinds/metric.md")]

/// Bytes of body beyond which a document is not a post and is not measured.
pub const MAX_POST: usize = 256 << 10;

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Context, Draft, Kind};
use crate::input::RegionKind;
use crate::measure::{Measure, Measures, readability};
use crate::platform::{Count, Platform};
use crate::rules::Scope;
use crate::rules::pack::{Problems, RuleDef};

pub const FIELDS: &[&str] = &["measure", "max", "min", "min_words"];

/// A bound as written: a number, the word `platform`, or a map per platform.
#[derive(Debug)]
pub enum BoundDef {
    Number(f64),
    Word(String),
    Map(Vec<(Spanned<String>, BoundValue)>),
}

/// A value of a per-platform bound map.
#[derive(Debug)]
pub enum BoundValue {
    Number(f64),
    Word(String),
}

impl<'de> Deserialize<'de> for BoundValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match BoundDef::deserialize(d)? {
            BoundDef::Number(n) => Ok(BoundValue::Number(n)),
            BoundDef::Word(w) => Ok(BoundValue::Word(w)),
            BoundDef::Map(_) => Err(de::Error::custom("expected a number or `platform`")),
        }
    }
}

impl<'de> Deserialize<'de> for BoundDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = BoundDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, `platform`, or a map from platform to number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<BoundDef, E> {
                Ok(BoundDef::Number(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<BoundDef, E> {
                Ok(BoundDef::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<BoundDef, E> {
                Ok(BoundDef::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<BoundDef, E> {
                Ok(BoundDef::Word(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BoundDef, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    out.push((key, map.next_value::<BoundValue>()?));
                }
                Ok(BoundDef::Map(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A limit: a number, or the platform's own limit for the measure.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Limit {
    Number(f64),
    Platform,
}

/// A compiled bound.
#[derive(Debug, Clone, PartialEq)]
struct Bound {
    /// Canonical platform id → limit.
    by_platform: Vec<(String, Limit)>,
    /// For other platforms and posts without one.
    default: Option<Limit>,
}

impl Bound {
    fn resolve(&self, measure: Measure, platform: Option<&Platform>) -> Option<f64> {
        let limit = platform
            .and_then(|p| self.by_platform.iter().find(|(id, _)| *id == p.id))
            .map(|(_, l)| *l)
            .or(self.default)?;
        match limit {
            Limit::Number(n) => Some(n),
            Limit::Platform => platform?.limit(measure.name()).map(|v| v as f64),
        }
    }
}

#[derive(Debug)]
pub struct Metric {
    measure: Measure,
    max: Option<Bound>,
    min: Option<Bound>,
    min_words: usize,
}

fn limit(
    word_or_number: Result<f64, &str>,
    loc: &serde_saphyr::Location,
    measure: Measure,
    p: &mut Problems,
) -> Option<Limit> {
    match word_or_number {
        Ok(n) if n.is_finite() && n >= 0.0 => Some(Limit::Number(n)),
        Ok(n) => {
            p.at(loc, format!("límite no válido {n}: use un número positivo"));
            None
        }
        Err("platform") => {
            let platforms = crate::platform::bundled();
            if !platforms
                .platforms
                .iter()
                .any(|pl| pl.limit(measure.name()).is_some())
            {
                p.at(
                    loc,
                    format!(
                        "ninguna plataforma define un límite de «{}» (data/platforms.yaml)",
                        measure.name()
                    ),
                );
                return None;
            }
            Some(Limit::Platform)
        }
        Err(other) => {
            p.at(
                loc,
                format!("límite no válido «{other}»: use un número o `platform`"),
            );
            None
        }
    }
}

fn bound(b: &Spanned<BoundDef>, measure: Measure, p: &mut Problems) -> Option<Bound> {
    let mut out = Bound {
        by_platform: Vec::new(),
        default: None,
    };
    match &b.value {
        BoundDef::Number(n) => out.default = Some(limit(Ok(*n), &b.referenced, measure, p)?),
        BoundDef::Word(w) => out.default = Some(limit(Err(w), &b.referenced, measure, p)?),
        BoundDef::Map(entries) => {
            let platforms = crate::platform::bundled();
            let before = p.errors.len();
            for (key, value) in entries {
                let l = match value {
                    BoundValue::Number(n) => limit(Ok(*n), &key.referenced, measure, p),
                    BoundValue::Word(w) => limit(Err(w), &key.referenced, measure, p),
                };
                if key.value == "default" {
                    out.default = l;
                } else if let Some(pl) = platforms.get(&key.value) {
                    if out.by_platform.iter().any(|(id, _)| *id == pl.id) {
                        p.at(
                            &key.referenced,
                            format!("la plataforma «{}» aparece dos veces", key.value),
                        );
                    } else if let Some(l) = l {
                        out.by_platform.push((pl.id.clone(), l));
                    }
                } else {
                    p.at(&key.referenced, platforms.unknown(&key.value));
                }
            }
            if p.errors.len() > before {
                return None;
            }
        }
    }
    Some(out)
}

pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Metric> {
    let Some(m) = &rd.measure else {
        p.at(&rd.kind.referenced, "kind metric necesita `measure`");
        return None;
    };
    let Some(measure) = Measure::parse(&m.value) else {
        let hint = crate::rules::did_you_mean(&m.value, Measure::NAMES.iter().copied())
            .map(|s| format!("; ¿quiso decir «{s}»?"))
            .unwrap_or_default();
        p.at(
            &m.referenced,
            format!(
                "medida desconocida «{}»{hint} (medidas: {})",
                m.value,
                Measure::NAMES.join(", ")
            ),
        );
        return None;
    };
    if rd.max.is_none() && rd.min.is_none() {
        p.at(&rd.kind.referenced, "kind metric necesita `max` o `min`");
        return None;
    }
    let max = match &rd.max {
        Some(b) => Some(bound(b, measure, p)?),
        None => None,
    };
    let min = match &rd.min {
        Some(b) => Some(bound(b, measure, p)?),
        None => None,
    };
    Some(Metric {
        measure,
        max,
        min,
        min_words: rd.min_words.as_ref().map_or(0, |w| w.value as usize),
    })
}

/// Spanish number: counts as integers, scores with one decimal and a decimal comma.
fn number(v: f64, score: bool) -> String {
    if score && v.fract() != 0.0 {
        format!("{v:.1}").replace('.', ",")
    } else {
        format!("{}", v.round() as i64)
    }
}

/// Start of the `n`-th (0-based) word of the prose inside `range` (words as counted by the
/// measures).
fn nth_word_start(view: &str, range: Range<usize>, n: usize) -> Option<usize> {
    crate::measure::word_ranges(view, range)
        .nth(n)
        .map(|r| r.start)
}

impl Metric {
    fn value(&self, m: &Measures, platform: Option<&Platform>) -> Option<f64> {
        Some(match self.measure {
            Measure::Length => m.length(platform?.count) as f64,
            Measure::TitleLength => m.title.as_ref()?.0 as f64,
            Measure::Characters => m.characters as f64,
            Measure::Graphemes => m.graphemes as f64,
            Measure::Bytes => m.bytes as f64,
            Measure::TwitterWeighted => m.twitter_weighted as f64,
            Measure::Words => m.words as f64,
            Measure::Sentences => m.sentence_count() as f64,
            Measure::SentenceWords => return None,
            Measure::Hashtags => m.hashtags.len() as f64,
            Measure::Mentions => m.mentions.len() as f64,
            Measure::Urls => m.urls.len() as f64,
            Measure::Emoji => m.emoji.len() as f64,
            Measure::FernandezHuerta => m.fernandez_huerta()?,
            Measure::Inflesz => m.inflesz()?,
        })
    }

    /// What is beyond a maximum of `limit` (see the module docs).
    fn beyond(&self, cx: &Context, limit: usize) -> Range<usize> {
        let m = if self.measure.needs_lengths() {
            cx.measures()
        } else {
            cx.prose_measures()
        };
        let whole = m.post.doc_span();
        let items = |v: &[Range<usize>]| match (v.get(limit), v.last()) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => whole.clone(),
        };
        // What the network would cut, from its first visible character.
        let doc = &cx.doc.text;
        let cut = |count: Count| {
            m.overflow(count, limit).map_or(whole.clone(), |s| {
                let rest = &doc[s..whole.end];
                s + (rest.len() - rest.trim_start().len())..whole.end
            })
        };
        match self.measure {
            Measure::Length => match cx.platform() {
                Some(p) => cut(p.count),
                None => whole,
            },
            Measure::TitleLength => m.title.as_ref().map_or(whole, |t| t.1.clone()),
            Measure::Characters => cut(Count::Characters),
            Measure::Graphemes => cut(Count::Graphemes),
            Measure::Bytes => cut(Count::Bytes),
            Measure::TwitterWeighted => cut(Count::Twitter),
            Measure::Hashtags => items(&m.hashtags),
            Measure::Mentions => items(&m.mentions),
            Measure::Urls => items(&m.urls),
            Measure::Emoji => items(&m.emoji),
            Measure::Sentences => match (m.sentences.get(limit), m.sentences.last()) {
                (Some(a), Some(b)) => a.range.start..b.range.end,
                _ => whole,
            },
            Measure::Words => {
                // The sentence holding the first word past the limit.
                let mut seen = 0;
                m.sentences
                    .iter()
                    .find_map(|s| {
                        if seen + s.words > limit {
                            let start = nth_word_start(
                                cx.view(Scope::Prose),
                                s.range.clone(),
                                limit - seen,
                            )?;
                            Some(start..whole.end)
                        } else {
                            seen += s.words;
                            None
                        }
                    })
                    .unwrap_or(whole)
            }
            Measure::SentenceWords | Measure::FernandezHuerta | Measure::Inflesz => whole,
        }
    }

    fn draft(&self, cx: &Context, span: Range<usize>, value: f64, limit: f64, over: bool) -> Draft {
        let score = self.measure.is_score();
        let platform = cx.platform();
        let excess = if over { value - limit } else { limit - value };
        let band = match self.measure {
            Measure::FernandezHuerta => readability::fernandez_huerta_band(value),
            Measure::Inflesz => readability::inflesz_band(value),
            _ => "",
        };
        Draft {
            span,
            vars: vec![
                ("value".into(), number(value, score)),
                ("limit".into(), number(limit, score)),
                ("excess".into(), number(excess, score)),
                (
                    "unit".into(),
                    self.measure.unit(platform.map(|p| p.count)).into(),
                ),
                (
                    "platform".into(),
                    platform.map_or(String::new(), |p| p.name.clone()),
                ),
                ("band".into(), band.into()),
            ],
            suggestions: Vec::new(),
        }
    }
}

impl Kind for Metric {
    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        // Bounds first: a rule that does not apply to the post's platform measures nothing.
        let platform = cx.platform();
        let max = self
            .max
            .as_ref()
            .and_then(|b| b.resolve(self.measure, platform));
        let min = self
            .min
            .as_ref()
            .and_then(|b| b.resolve(self.measure, platform));
        if (max.is_none() && min.is_none()) || cx.doc.body.len() > MAX_POST {
            return;
        }
        // Cheap bounds from the raw body, so most posts are never measured in full: no
        // measure can exceed its bound, and too few words make a rule with `min_words` moot.
        let body = &cx.doc.text[cx.doc.body.clone()];
        if self.min_words > 0 && cx.word_starts() < self.min_words {
            return;
        }
        if min.is_none()
            && let Some(mx) = max
            && upper_bound(self.measure, cx, body).is_some_and(|b| b <= mx)
        {
            return;
        }
        // Word and sentence measures do not need the post's lengths.
        let m = if self.measure.needs_lengths() {
            cx.measures()
        } else {
            cx.prose_measures()
        };
        if m.words < self.min_words {
            return;
        }
        if self.measure == Measure::SentenceWords {
            for s in &m.sentences {
                let words = s.words as f64;
                if let Some(mx) = max
                    && words > mx
                {
                    let start = nth_word_start(cx.view(Scope::Prose), s.range.clone(), mx as usize)
                        .unwrap_or(s.range.start);
                    out.push(self.draft(cx, start..s.range.end, words, mx, true));
                } else if let Some(mn) = min
                    && words < mn
                {
                    out.push(self.draft(cx, s.range.clone(), words, mn, false));
                }
            }
            return;
        }
        let Some(value) = self.value(m, platform) else {
            return;
        };
        if let Some(mx) = max
            && value > mx
        {
            let span = self.beyond(cx, mx.floor() as usize);
            out.push(self.draft(cx, span, value, mx, true));
        } else if let Some(mn) = min
            && value < mn
        {
            out.push(self.draft(cx, m.post.doc_span(), value, mn, false));
        }
    }

    fn placeholders(&self) -> Vec<String> {
        ["value", "limit", "excess", "unit", "platform", "band"]
            .map(String::from)
            .to_vec()
    }

    fn exclusive(&self) -> bool {
        false
    }
}

/// Words in `text` counted generously: every start of a run of letters and digits. The
/// measured word count never exceeds it.
pub fn word_starts(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        let w = c.is_alphanumeric();
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// A value `measure` cannot exceed on this document, when one is cheap to know.
fn upper_bound(measure: Measure, cx: &Context, body: &str) -> Option<f64> {
    let urls = cx
        .doc
        .regions
        .iter()
        .filter(|r| matches!(r.kind, RegionKind::Url | RegionKind::LinkTarget))
        .count();
    let bound = match measure {
        // No unit of any network exceeds a byte of UTF-8, but for X's: a character weighs at
        // most 2 and is 1 byte only when ASCII (weight 1), and a URL weighs 23 whatever its
        // length.
        Measure::Length
        | Measure::Characters
        | Measure::Graphemes
        | Measure::Bytes
        | Measure::TwitterWeighted => body.len() + 23 * urls,
        Measure::Words | Measure::SentenceWords | Measure::Sentences => cx.word_starts(),
        Measure::Hashtags => memchr::memchr_iter(b'#', body.as_bytes()).count(),
        Measure::Mentions => memchr::memchr_iter(b'@', body.as_bytes()).count(),
        _ => return None,
    };
    Some(bound as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_spanish() {
        assert_eq!(number(291.0, false), "291");
        assert_eq!(number(48.25, true), "48,2");
        assert_eq!(number(55.0, true), "55");
    }

    #[test]
    fn bounds_resolve_per_platform() {
        let platforms = crate::platform::bundled();
        let x = platforms.get("x");
        let ig = platforms.get("instagram");
        let b = Bound {
            by_platform: vec![("x".into(), Limit::Number(2.0))],
            default: Some(Limit::Platform),
        };
        assert_eq!(b.resolve(Measure::Hashtags, x), Some(2.0));
        assert_eq!(b.resolve(Measure::Hashtags, ig), Some(30.0));
        assert_eq!(b.resolve(Measure::Hashtags, None), None);
        assert_eq!(
            b.resolve(Measure::Length, platforms.get("threads")),
            Some(500.0)
        );
    }
}
