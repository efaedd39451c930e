/*!
Measures of a post: lengths as each network counts them, words, sentences, hashtags,
mentions, URLs, emoji and readability.

[`Measures::compute`] reads a document once and is shared by every `metric` rule (the engine
keeps it in the lint [`Context`](crate::rules::kind::Context), computed on first use) and by
`vigia stats`.

**The post** ([`Post`]) is what is pasted into the network: the body after the front matter,
without HTML comments (notes to the editor), with `\r\n` read as `\n`, and without leading
and trailing white space. Markdown syntax counts as typed. Lengths, graphemes, bytes, emoji
and the X weighting are measured on it; every URL (`https://…`, `www.…`, `senace.gob.pe/…`,
link targets) counts as one URL.

**Words and sentences** are read in the prose (URLs, e-mail addresses, code, markup and
front matter left out). A word is a run of letters and digits with at least one letter
(`EIA-d` and `l'aigua` are one word; `2026` is none); `#etiquetas` and `@menciones` are
counted apart, not as words. A sentence ends at `.`, `!`, `?` or `…` when the next word does
not start in lowercase and the period does not close an abbreviation (`Sr.`, `Av.`, `N.°`,
an initial), at a blank line, and at a line break when the next line does not start in
lowercase (lists and one-line paragraphs of social posts). Syllables are counted with the
Spanish rules of [`syllables`].
*/

pub mod emoji;
pub mod readability;
pub mod syllables;

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::input::{Document, RegionKind};
use crate::platform::{Count, TwitterWeights};

/// What a `metric` rule can measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Length as the post's platform counts it (`count:` in the platform table).
    Length,
    /// Characters of the front-matter `title:` (YouTube).
    TitleLength,
    Characters,
    Graphemes,
    Bytes,
    TwitterWeighted,
    Words,
    Sentences,
    /// Words of each sentence (one finding per long sentence).
    SentenceWords,
    Hashtags,
    Mentions,
    Urls,
    Emoji,
    FernandezHuerta,
    Inflesz,
}

impl Measure {
    /// Every measure, in the order of its declaration.
    pub const ALL: [Measure; 15] = {
        use Measure::*;
        [
            Length,
            TitleLength,
            Characters,
            Graphemes,
            Bytes,
            TwitterWeighted,
            Words,
            Sentences,
            SentenceWords,
            Hashtags,
            Mentions,
            Urls,
            Emoji,
            FernandezHuerta,
            Inflesz,
        ]
    };

    /// The names written in packs, derived from [`Measure::name`].
    pub const NAMES: &[&str] = &{
        let mut out = [""; 15];
        let mut i = 0;
        while i < out.len() {
            out[i] = Measure::ALL[i].name();
            i += 1;
        }
        out
    };

    /// Whether the measure needs the post's lengths (characters, graphemes, bytes, the X
    /// weighting, URLs, emoji), not only its words and sentences.
    pub fn needs_lengths(self) -> bool {
        use Measure::*;
        matches!(
            self,
            Length | TitleLength | Characters | Graphemes | Bytes | TwitterWeighted | Urls | Emoji
        )
    }

    pub fn parse(s: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.name() == s)
    }

    /// The name written in packs (`twitter-weighted`).
    pub const fn name(self) -> &'static str {
        use Measure::*;
        match self {
            Length => "length",
            TitleLength => "title-length",
            Characters => "characters",
            Graphemes => "graphemes",
            Bytes => "bytes",
            TwitterWeighted => "twitter-weighted",
            Words => "words",
            Sentences => "sentences",
            SentenceWords => "sentence-words",
            Hashtags => "hashtags",
            Mentions => "mentions",
            Urls => "urls",
            Emoji => "emoji",
            FernandezHuerta => "fernandez-huerta",
            Inflesz => "inflesz",
        }
    }

    /// Readability scores are decimals; everything else is a count.
    pub fn is_score(self) -> bool {
        matches!(self, Measure::FernandezHuerta | Measure::Inflesz)
    }

    /// Spanish unit for messages ("291/280 caracteres ponderados"); `Length` depends on the
    /// platform's count.
    pub fn unit(self, count: Option<Count>) -> &'static str {
        match self {
            Measure::Length => count.map_or("caracteres", Count::unit),
            Measure::TitleLength | Measure::Characters | Measure::Graphemes => "caracteres",
            Measure::Bytes => "bytes",
            Measure::TwitterWeighted => "caracteres ponderados",
            Measure::Words | Measure::SentenceWords => "palabras",
            Measure::Sentences => "oraciones",
            Measure::Hashtags => "etiquetas",
            Measure::Mentions => "menciones",
            Measure::Urls => "enlaces",
            Measure::Emoji => "emojis",
            Measure::FernandezHuerta | Measure::Inflesz => "puntos",
        }
    }
}

/// The text of a post as the network receives it, with a map back to the document.
#[derive(Debug, Clone, Default)]
pub struct Post {
    pub text: String,
    /// Checkpoints `(post offset, document offset)` where the mapping shifts.
    marks: Vec<(usize, usize)>,
    /// URLs, in post offsets.
    pub urls: Vec<Range<usize>>,
}

impl Post {
    /// The post of `doc` (see the module docs).
    pub fn new(doc: &Document) -> Post {
        let text = &doc.text;
        let body = doc.body.clone();
        // Parts of the body that are not sent: HTML comments and the `\r` of `\r\n`.
        let mut skip: Vec<Range<usize>> = doc
            .regions
            .iter()
            .filter(|r| {
                r.kind == RegionKind::Html
                    && r.range.start >= body.start
                    && text[r.range.clone()].trim_start().starts_with("<!--")
            })
            .map(|r| r.range.clone())
            .collect();
        skip.extend(
            memchr::memchr_iter(b'\r', &text.as_bytes()[body.clone()])
                .map(|i| body.start + i)
                .filter(|&i| text.as_bytes().get(i + 1) == Some(&b'\n'))
                .map(|i| i..i + 1),
        );
        skip.sort_by_key(|r| r.start);
        let mut full = String::with_capacity(body.len());
        let mut marks: Vec<(usize, usize)> = Vec::new();
        let mut pos = body.start;
        for r in skip.iter().chain(std::iter::once(&(body.end..body.end))) {
            if r.start > pos {
                marks.push((full.len(), pos));
                full.push_str(&text[pos..r.start]);
            }
            pos = pos.max(r.end);
        }
        marks.push((full.len(), pos));
        // Trim, keeping offsets relative to the untrimmed copy.
        let start = full.len() - full.trim_start().len();
        let end = full.trim_end().len().max(start);
        let map = |p: usize| -> usize {
            let i = marks.partition_point(|&(f, _)| f <= p).max(1) - 1;
            marks[i].1 + (p - marks[i].0)
        };
        let to_post = |o: usize| -> Option<usize> {
            // The post offset of document offset `o`, when `o` was copied (both columns of
            // `marks` grow, so a binary search finds the piece).
            let i = marks.partition_point(|&(_, d)| d <= o).checked_sub(1)?;
            let (f, d) = marks[i];
            let f2 = marks.get(i + 1).map_or(full.len(), |m| m.0);
            (o - d <= f2 - f).then_some(f + (o - d))
        };
        let urls = doc
            .regions
            .iter()
            .filter(|r| matches!(r.kind, RegionKind::Url | RegionKind::LinkTarget))
            .filter_map(|r| {
                let s = to_post(r.range.start)?;
                let e = to_post(r.range.end)?;
                (s >= start && e <= end && s < e).then(|| s - start..e - start)
            })
            .collect();
        let shifted: Vec<(usize, usize)> = marks
            .iter()
            .filter(|&&(f, _)| f > start && f < end)
            .map(|&(f, d)| (f - start, d))
            .collect();
        let mut marks = vec![(0, map(start))];
        marks.extend(shifted);
        Post {
            text: full[start..end].to_string(),
            marks,
            urls,
        }
    }

    /// The document offset of post offset `p`.
    pub fn to_doc(&self, p: usize) -> usize {
        let i = self.marks.partition_point(|&(f, _)| f <= p).max(1) - 1;
        let (f, d) = self.marks.get(i).copied().unwrap_or((0, 0));
        d + (p - f)
    }

    /// The document range of post range `r`.
    pub fn doc_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.to_doc(r.start);
        if r.is_empty() {
            return start..start;
        }
        // The end maps from the last byte, so a skipped region right after is not included.
        let last = self.text[..r.end]
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
        start..self.to_doc(r.end - last) + last
    }

    /// Document range of the whole post.
    pub fn doc_span(&self) -> Range<usize> {
        self.doc_range(0..self.text.len())
    }
}

/// One sentence: its document range and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub words: usize,
}

/// Everything measured in one document.
#[derive(Debug, Clone, Default)]
pub struct Measures {
    pub post: Post,
    /// Unicode scalar values of the post.
    pub characters: usize,
    /// Extended grapheme clusters of the post.
    pub graphemes: usize,
    /// UTF-16 code units of the post.
    pub utf16: usize,
    /// UTF-8 bytes of the post.
    pub bytes: usize,
    /// twitter-text v3 weighted length of the post.
    pub twitter_weighted: usize,
    pub words: usize,
    pub syllables: usize,
    pub sentences: Vec<Sentence>,
    /// Document ranges of every hashtag, mention, URL and emoji.
    pub hashtags: Vec<Range<usize>>,
    pub mentions: Vec<Range<usize>>,
    pub urls: Vec<Range<usize>>,
    pub emoji: Vec<Range<usize>>,
    /// The front matter's `title:` (characters, document range of its value).
    pub title: Option<(usize, Range<usize>)>,
    twitter: Option<TwitterWeights>,
}

impl Measures {
    /// Measures `doc`; `prose` is the document's prose view (same offsets as its text, with
    /// non-prose blanked).
    pub fn compute(doc: &Document, prose: &str, twitter: &TwitterWeights) -> Measures {
        let mut m = Measures::compute_prose(doc, prose);
        m.measure_post(twitter);
        m
    }

    /// The measures of the prose only — words, syllables, sentences, hashtags, mentions,
    /// the title — leaving the lengths of the post (characters, graphemes, bytes, the X
    /// weighting, URLs, emoji) at zero: what readability and sentence rules need, at a
    /// fraction of the cost.
    pub fn compute_prose(doc: &Document, prose: &str) -> Measures {
        let post = Post::new(doc);
        let mut m = Measures::default();
        scan_prose(prose, doc.body.clone(), &mut m);
        m.title = doc.front_matter.as_ref().and_then(|_| {
            let fm = crate::input::frontmatter::locate(&doc.text)?;
            let span = crate::input::frontmatter::value_span(&doc.text, &fm, "title")?;
            let raw = &doc.text[span.clone()];
            let value = crate::input::frontmatter::unquote(raw);
            // Point at the title itself, inside its quotes.
            let quoted =
                raw.len() >= 2 && raw.starts_with(['"', '\'']) && raw.ends_with(['"', '\'']);
            let span = if quoted {
                span.start + 1..span.end - 1
            } else {
                span
            };
            Some((value.chars().count(), span))
        });
        m.post = post;
        m
    }

    /// Adds the lengths of the post to prose measures.
    pub fn measure_post(&mut self, twitter: &TwitterWeights) {
        let post = &self.post;
        self.characters = post.text.chars().count();
        self.utf16 = post.text.encode_utf16().count();
        self.bytes = post.text.len();
        self.twitter = Some(twitter.clone());
        let mut graphemes = 0;
        let mut emoji = Vec::new();
        self.twitter_weighted = walk_post(post, twitter, |g, start, _| {
            graphemes += 1;
            if let Cluster::Emoji = g {
                emoji.push(start);
            }
            true
        }) as usize;
        self.graphemes = graphemes;
        self.emoji = emoji.into_iter().map(|r| post.doc_range(r)).collect();
        self.urls = post
            .urls
            .iter()
            .map(|r| post.doc_range(r.clone()))
            .collect();
    }

    /// Sentences that have words.
    pub fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    /// Length of the post in `count` units.
    pub fn length(&self, count: Count) -> usize {
        match count {
            Count::Twitter => self.twitter_weighted,
            Count::Graphemes => self.graphemes,
            Count::Characters => self.characters,
            Count::Utf16 => self.utf16,
            Count::Bytes => self.bytes,
        }
    }

    pub fn fernandez_huerta(&self) -> Option<f64> {
        readability::fernandez_huerta(self.words, self.sentence_count(), self.syllables)
    }

    pub fn inflesz(&self) -> Option<f64> {
        readability::inflesz(self.words, self.sentence_count(), self.syllables)
    }

    /// The document offset where the post goes past `limit` in `count` units (the first
    /// thing the network would cut), if it does.
    pub fn overflow(&self, count: Count, limit: usize) -> Option<usize> {
        if self.length(count) <= limit {
            return None;
        }
        let text = &self.post.text;
        let at = match count {
            Count::Characters => text.char_indices().nth(limit).map(|(i, _)| i),
            Count::Graphemes => graphemes(text).nth(limit).map(|(i, _)| i),
            Count::Bytes => {
                let mut i = limit.min(text.len());
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                Some(i)
            }
            Count::Utf16 => {
                let mut units = 0;
                text.char_indices().find_map(|(i, c)| {
                    units += c.len_utf16();
                    (units > limit).then_some(i)
                })
            }
            Count::Twitter => {
                let tw = self.twitter.as_ref()?;
                let mut found = None;
                walk_post(&self.post, tw, |_, r, total| {
                    if total as usize > limit {
                        found = Some(r.start);
                        false
                    } else {
                        true
                    }
                });
                found
            }
        }?;
        Some(self.post.to_doc(at))
    }
}

/// Extended grapheme clusters of `text` with their offsets, like
/// `grapheme_indices(true)`, with a fast path for ASCII: an ASCII character followed by
/// another one is always a cluster of its own (only `\r\n` joins two ASCII characters).
pub fn graphemes(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        let b = bytes[i];
        let next_ascii = bytes.get(i + 1).is_none_or(|n| n.is_ascii());
        if b.is_ascii() && next_ascii && !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            i += 1;
        } else {
            let mut cursor = unicode_segmentation::GraphemeCursor::new(i, text.len(), true);
            i = match cursor.next_boundary(text, 0) {
                Ok(Some(end)) => end,
                _ => text.len(),
            };
        }
        Some((start, &text[start..i]))
    })
}

/// What a grapheme cluster of a post is, for the X weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cluster {
    Text,
    Emoji,
    /// The first cluster of a URL (the URL's weight is added on it).
    Url,
    /// Any other cluster of a URL (weighs nothing).
    InUrl,
}

/// Walks the grapheme clusters of a post, adding up the twitter-text weight; `f` gets each
/// cluster, its post range and the running total (stop by returning false). Returns the
/// total.
fn walk_post(
    post: &Post,
    tw: &TwitterWeights,
    mut f: impl FnMut(Cluster, Range<usize>, u64) -> bool,
) -> u64 {
    let mut total: u64 = 0;
    let mut urls = post.urls.iter().peekable();
    for (i, g) in graphemes(&post.text) {
        while urls.peek().is_some_and(|u| u.end <= i) {
            urls.next();
        }
        if g.len() == 1 && urls.peek().is_none_or(|u| u.start > i) {
            // ASCII outside URLs: plain text (an ASCII cluster is never an emoji).
            total += u64::from(tw.weight(g.as_bytes()[0] as char));
            if !f(Cluster::Text, i..i + 1, total) {
                break;
            }
            continue;
        }
        let kind = match urls.peek() {
            Some(u) if u.start == i => {
                total += u64::from(tw.url_weight);
                Cluster::Url
            }
            Some(u) if u.start < i => Cluster::InUrl,
            _ if emoji::is_emoji(g) => {
                total += u64::from(tw.emoji_weight);
                Cluster::Emoji
            }
            _ => {
                if g.is_ascii() {
                    total += g.chars().map(|c| u64::from(tw.weight(c))).sum::<u64>();
                } else {
                    total += g.nfc().map(|c| u64::from(tw.weight(c))).sum::<u64>();
                }
                Cluster::Text
            }
        };
        if !f(kind, i..i + g.len(), total) {
            break;
        }
    }
    total
}

/// Abbreviations whose period does not end a sentence (folded, without the period).
const ABBREVIATIONS: &[&str] = &[
    "sr", "sra", "srta", "sres", "dr", "dra", "drs", "ing", "lic", "arq", "abog", "prof", "av",
    "avda", "jr", "ca", "psje", "urb", "mz", "lt", "n", "no", "nro", "num", "art", "arts", "inc",
    "pag", "pags", "tel", "cel", "aprox", "ej", "p", "pp", "dpto", "depto", "prov", "dist", "reg",
    "gob", "min", "ee", "uu", "s", "vs", "cf", "max", "mín", "min", "ud", "uds", "vd", "vds",
    "sto", "sta", "mons", "gral", "cap", "of", "ofic", "adm", "res", "exp", "doc",
];

/// Whether `word` before a period is an abbreviation or an initial.
fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    let folded = crate::text::fold(word);
    ABBREVIATIONS.contains(&folded.as_str())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c)
}

/// The words of `view[range]` as the measures count them (runs of letters and digits with a
/// letter; hashtags and mentions left out).
pub fn word_ranges(view: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let text = &view[..range.end];
    let mut i = range.start;
    std::iter::from_fn(move || {
        while i < text.len() {
            let c = text[i..].chars().next().expect("in bounds");
            if matches!(c, '#' | '@') && !text[..i].chars().next_back().is_some_and(is_word_char) {
                // Skip the tag and its run.
                i += 1;
                while let Some(d) = text[i..].chars().next() {
                    if is_word_char(d)
                        || d == '_'
                        || (c == '@'
                            && d == '.'
                            && text[i + 1..].chars().next().is_some_and(is_word_char))
                    {
                        i += d.len_utf8();
                    } else {
                        break;
                    }
                }
                continue;
            }
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
            let start = i;
            let mut has_letter = false;
            while let Some(d) = text[i..].chars().next() {
                if is_word_char(d) {
                    has_letter |= d.is_alphabetic();
                    i += d.len_utf8();
                } else if matches!(d, '-' | '\'' | '’')
                    && text[i + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|e| e.is_alphabetic())
                {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
            if has_letter {
                return Some(start..i);
            }
        }
        None
    })
}

/// Words, syllables, sentences, hashtags and mentions of the prose view.
fn scan_prose(view: &str, body: Range<usize>, m: &mut Measures) {
    let text = &view[..body.end];
    let mut i = body.start;
    // The sentence being read: start of its first word, end of its last word or closing
    // punctuation, and its words.
    let mut sent: Option<(usize, usize, usize)> = None;
    // A sentence-ending mark was seen: close the sentence at the next word unless it starts
    // in lowercase. `hard` closes it whatever follows (a blank line).
    let mut pending = false;
    let mut newlines = 0usize;
    let mut last_word: Range<usize> = 0..0;
    let close = |sent: &mut Option<(usize, usize, usize)>, out: &mut Vec<Sentence>| {
        if let Some((s, e, w)) = sent.take()
            && w > 0
        {
            out.push(Sentence {
                range: s..e,
                words: w,
            });
        }
    };
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        let len = c.len_utf8();
        if is_word_char(c) {
            // A word (letters, digits, inner - ' ’ joining letters).
            let start = i;
            let mut end = i + len;
            let mut has_letter = c.is_alphabetic();
            while end < text.len() {
                let d = text[end..].chars().next().expect("in bounds");
                if is_word_char(d) {
                    has_letter |= d.is_alphabetic();
                    end += d.len_utf8();
                } else if matches!(d, '-' | '\'' | '’')
                    && text[end + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|e| e.is_alphabetic())
                {
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            let starts_lower = c.is_lowercase();
            if newlines >= 2 || ((pending || newlines == 1) && !starts_lower) {
                close(&mut sent, &mut m.sentences);
            }
            pending = false;
            newlines = 0;
            if has_letter {
                m.words += 1;
                m.syllables += syllables::count(&text[start..end]).max(1);
                let s = sent.get_or_insert((start, end, 0));
                s.1 = end;
                s.2 += 1;
            } else if let Some(s) = sent.as_mut() {
                s.1 = end;
            }
            last_word = start..end;
            i = end;
            continue;
        }
        match c {
            '#' | '@' if !text[..i].chars().next_back().is_some_and(is_word_char) => {
                // A hashtag or a mention: the sigil and a run of letters, digits, `_` (and
                // inner dots for handles).
                let mut end = i + 1;
                let mut has_letter = false;
                while end < text.len() {
                    let d = text[end..].chars().next().expect("in bounds");
                    if is_word_char(d) || d == '_' {
                        has_letter |= d.is_alphabetic();
                        end += d.len_utf8();
                    } else if c == '@'
                        && d == '.'
                        && text[end + 1..].chars().next().is_some_and(is_word_char)
                    {
                        end += 1;
                    } else {
                        break;
                    }
                }
                if end > i + 1 {
                    if c == '#' && has_letter {
                        m.hashtags.push(i..end);
                    } else if c == '@' {
                        m.mentions.push(i..end);
                    }
                    if newlines >= 2 {
                        close(&mut sent, &mut m.sentences);
                    }
                    newlines = 0;
                    if let Some(s) = sent.as_mut() {
                        s.1 = end;
                    }
                    i = end;
                    continue;
                }
            }
            '.' | '!' | '?' | '…' => {
                let after = text[i + len..].chars().next();
                let glued = after.is_some_and(|a| a.is_alphanumeric());
                let abbreviation = c == '.'
                    && last_word.end == i
                    && !last_word.is_empty()
                    && is_abbreviation(&text[last_word.clone()]);
                if !glued && !abbreviation && sent.is_some() {
                    pending = true;
                    if let Some(s) = sent.as_mut() {
                        s.1 = i + len;
                    }
                }
            }
            '\n' => newlines += 1,
            _ => {}
        }
        i += len;
    }
    close(&mut sent, &mut m.sentences);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::bundled;
    use unicode_segmentation::UnicodeSegmentation;

    fn measure(text: &str) -> Measures {
        let doc = Document::from_str_md("t.md", text);
        let cx = crate::rules::kind::Context::new(&doc);
        cx.measures().clone()
    }

    fn measure_plain(text: &str) -> Measures {
        let doc = Document::new(
            crate::input::Origin {
                path: "t.txt".into(),
                record: None,
            },
            text.to_string(),
            crate::input::Format::Plain,
        );
        let cx = crate::rules::kind::Context::new(&doc);
        cx.measures().clone()
    }

    fn weighted(text: &str) -> usize {
        measure_plain(text).twitter_weighted
    }

    #[test]
    fn measure_names_round_trip() {
        for m in Measure::ALL {
            assert_eq!(Measure::parse(m.name()), Some(m));
        }
        assert_eq!(Measure::NAMES.len(), Measure::ALL.len());
        assert_eq!(Measure::parse("tweets"), None);
    }

    #[test]
    fn twitter_text_conformance() {
        // From twitter-text's conformance/validate.yml (WeightedTweetsCounterTest and the
        // v3 emoji cases), counted by hand in the comments.
        assert_eq!(weighted("Hi http://test.co"), 26); // 3 + 23
        assert_eq!(weighted("http://test.co"), 23);
        // "10 url string": 240 with its trailing space, which a post loses when trimmed.
        let ten = "https://www.twitter.com/aloha ".repeat(10);
        assert_eq!(weighted(&ten), 239);
        // "ÁB" with a decomposed Á: NFC makes it one character.
        assert_eq!(weighted("A\u{301}B"), 2);
        // Hebrew shin with dagesh and shin dot stays three code points after NFC.
        assert_eq!(weighted("A\u{5E9}\u{5BC}\u{5C1}"), 4);
        // Emoji: one emoji weighs 2, whatever its sequence.
        assert_eq!(weighted("😷👾😡🔥💩"), 10);
        assert_eq!(weighted("Unicode 9.0 emoji: 🤠; 💃; 💃🏾"), 29);
        assert_eq!(
            weighted(
                "Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"
            ),
            34
        );
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        assert_eq!(weighted(&family.repeat(140)), 280);
        // General punctuation U+2000–U+200D, U+2010–U+201F, U+2032–U+2037 weighs 1.
        let mut p = String::from("This is a tweet with general punctuation characters: ");
        p.extend('\u{2000}'..='\u{200D}');
        p.push_str(" ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷");
        assert_eq!(weighted(&p), 112);
        // 285 chars, overflow at index 280.
        let long = format!("285 chars{}", "-xxxxxxxxxx".repeat(25));
        let long = format!("{long}-");
        assert_eq!(long.chars().count(), 285);
        let m = measure_plain(&long);
        assert_eq!(m.twitter_weighted, 285);
        assert_eq!(m.overflow(Count::Twitter, 280), Some(280));
        // "Long tweet with url in the middle": 11 + 23 + 1 + 264.
        let mid = format!(
            "285 chars- http://www.twitter.com/jack {}",
            "xxxxxxxxxx-".repeat(24)
        );
        assert_eq!(weighted(&mid), 299);
    }

    #[test]
    fn spanish_traps_and_urls() {
        // … • € weigh 2; ¿ ¡ ñ á « » “ ” – — weigh 1.
        assert_eq!(weighted("¿Año?"), 5);
        assert_eq!(weighted("Sí…"), 4);
        assert_eq!(weighted("• 5 €"), 7);
        assert_eq!(weighted("«Perú» “hoy” – ya — ok"), 22);
        // A URL with a Spanish path counts 23, and so does a bare domain.
        assert_eq!(
            weighted("Vea https://www.senace.gob.pe/evaluación/áreas-de-influencia hoy"),
            4 + 23 + 4
        );
        assert_eq!(weighted("Vea senace.gob.pe ya"), 4 + 23 + 3);
        // Each flag and each ZWJ sequence is one emoji.
        assert_eq!(weighted("🇵🇪🇵🇪"), 4);
        assert_eq!(weighted("©"), 1);
        assert_eq!(weighted("☺\u{FE0E}"), 4);
    }

    #[test]
    fn lengths_of_a_post() {
        let t = "---\nplatform: x\n---\n\nHola 🇵🇪 Perú\r\n<!-- nota interna -->\nfin\n\n";
        let m = measure(t);
        // The comment goes with its line; `\r\n` is one line break.
        assert_eq!(m.post.text, "Hola 🇵🇪 Perú\nfin");
        assert_eq!(m.characters, 16);
        assert_eq!(m.graphemes, 15);
        assert_eq!(m.bytes, "Hola 🇵🇪 Perú\nfin".len());
        assert_eq!(m.utf16, 18);
        assert_eq!(m.twitter_weighted, 5 + 2 + 1 + 4 + 1 + 3);
        assert_eq!(m.emoji.len(), 1);
        assert_eq!(&t[m.emoji[0].clone()], "🇵🇪");
        assert_eq!(
            &t[m.post.doc_span()],
            "Hola 🇵🇪 Perú\r\n<!-- nota interna -->\nfin"
        );
        // NFD input: more characters, same graphemes and the same X length.
        let nfc = measure_plain("evaluación");
        let nfd = measure_plain("evaluacio\u{301}n");
        assert_eq!((nfc.characters, nfd.characters), (10, 11));
        assert_eq!(nfc.graphemes, nfd.graphemes);
        assert_eq!(nfc.twitter_weighted, nfd.twitter_weighted);
        assert_eq!(nfd.syllables, 4);
    }

    #[test]
    fn empty_posts() {
        for t in [
            "",
            "   \n\n",
            "---\nplatform: x\n---\n",
            "<!-- solo una nota -->\n",
        ] {
            let m = measure(t);
            assert_eq!(
                (
                    m.characters,
                    m.graphemes,
                    m.bytes,
                    m.twitter_weighted,
                    m.words
                ),
                (0, 0, 0, 0, 0),
                "{t:?}"
            );
            assert!(m.sentences.is_empty());
            assert_eq!(m.fernandez_huerta(), None);
            assert_eq!(m.post.doc_span().len(), 0);
        }
    }

    #[test]
    fn words_sentences_tags() {
        let t = "El Senace evalúa el EIA-d del proyecto. Participe el 5 de mayo a las 9 a. m. en \
                 Huari #Senace #2026 @senaceperu.\n\n¿Dudas? Escriba a mesa@senace.gob.pe o vea \
                 www.senace.gob.pe.\nGracias";
        let m = measure(t);
        let sentences: Vec<&str> = m.sentences.iter().map(|s| &t[s.range.clone()]).collect();
        assert_eq!(
            sentences,
            [
                "El Senace evalúa el EIA-d del proyecto.",
                "Participe el 5 de mayo a las 9 a. m. en Huari #Senace #2026 @senaceperu.",
                "¿Dudas?",
                "Escriba a mesa@senace.gob.pe o vea www.senace.gob.pe.",
                "Gracias",
            ]
            .map(|s| s.trim_start_matches('¿'))
        );
        let words: Vec<usize> = m.sentences.iter().map(|s| s.words).collect();
        assert_eq!(words, [7, 10, 1, 4, 1]);
        assert_eq!(m.words, 23);
        let tags: Vec<&str> = m.hashtags.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(tags, ["#Senace"]);
        let at: Vec<&str> = m.mentions.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(at, ["@senaceperu"]);
        let urls: Vec<&str> = m.urls.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(urls, ["www.senace.gob.pe"]);
        // `word_ranges` counts the same words.
        let doc = Document::from_str_md("t.md", t);
        let cx = crate::rules::kind::Context::new(&doc);
        let view = cx.view(crate::rules::Scope::Prose);
        let words: Vec<&str> = word_ranges(view, doc.body.clone()).map(|r| &t[r]).collect();
        assert_eq!(words.len(), 23);
        assert_eq!(words[3..6], ["el", "EIA-d", "del"]);
    }

    #[test]
    fn readability_of_a_known_sentence() {
        let m = measure("El Senace evalúa el proyecto.");
        assert_eq!((m.words, m.syllables, m.sentence_count()), (5, 12, 1));
        assert!((m.fernandez_huerta().unwrap() - 57.74).abs() < 1e-9);
        assert!((m.inflesz().unwrap() - 52.315).abs() < 1e-9);
    }

    #[test]
    fn fast_graphemes_agree_with_unicode_segmentation() {
        for t in [
            "",
            "abc",
            "a\r\nb",
            "e\u{301}x",
            "Hola 🇵🇪🇵🇪 👨\u{200D}👩\u{200D}👧 1\u{FE0F}\u{20E3} ok",
            "a\u{200D}b",
            "\u{600}1a",
            "ñandú €…•",
        ] {
            let fast: Vec<(usize, &str)> = graphemes(t).collect();
            let slow: Vec<(usize, &str)> = t.grapheme_indices(true).collect();
            assert_eq!(fast, slow, "{t:?}");
        }
    }

    #[test]
    fn overflow_points_at_what_the_network_cuts() {
        let m = measure_plain("abcdé🇵🇪fin");
        let t = "abcdé🇵🇪fin";
        assert_eq!(m.overflow(Count::Characters, 5), Some(t.find('🇵').unwrap()));
        assert_eq!(m.overflow(Count::Graphemes, 6), Some(t.find('f').unwrap()));
        assert_eq!(m.overflow(Count::Bytes, 5), Some(4));
        assert_eq!(m.overflow(Count::Graphemes, 100), None);
        // X: a 2-weight emoji that crosses the limit is the first thing cut.
        assert_eq!(m.overflow(Count::Twitter, 6), Some(t.find('🇵').unwrap()));
        let _ = bundled();
    }
}
