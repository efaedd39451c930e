/*!
What in a document is prose, and what is not.

Word rules only see prose. This module lists the regions that are not: front matter, code
spans and blocks, HTML (comments included), Markdown syntax (emphasis markers, link brackets,
list markers), link targets, and URLs and e-mail addresses written in the text. Markdown is
parsed with pulldown-cmark, whose event offsets say exactly which bytes are text.
*/

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::text::Unglued;

/// Why a region is not prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RegionKind {
    FrontMatter,
    Code,
    Html,
    /// Markdown syntax: `**`, `[`, `](`, `- `, `#`…
    Markup,
    /// The target of a Markdown link or image.
    LinkTarget,
    /// A plain-text line holding a vigia directive (`# vigia-disable-next-line …`).
    Comment,
    Url,
    Email,
}

/// A non-prose region of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub range: Range<usize>,
    pub kind: RegionKind,
}

/// Non-prose regions of a Markdown body starting at `body.start` (sorted, disjoint).
pub fn markdown_regions(text: &str, body: Range<usize>) -> Vec<Region> {
    let base = body.start;
    let src = &text[body.clone()];
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut prose: Vec<Range<usize>> = Vec::new();
    let mut explicit: Vec<Region> = Vec::new();
    let mut in_code = 0usize;
    let mut in_html = 0usize;
    let mut autolink: Option<RegionKind> = None;
    for (event, r) in Parser::new_ext(src, opts).into_offset_iter() {
        let range = r.start + base..r.end + base;
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code += 1;
                explicit.push(Region {
                    range,
                    kind: RegionKind::Code,
                });
            }
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::HtmlBlock) => {
                in_html += 1;
                explicit.push(Region {
                    range,
                    kind: RegionKind::Html,
                });
            }
            Event::End(TagEnd::HtmlBlock) => in_html = in_html.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => match link_type {
                LinkType::Autolink => autolink = Some(RegionKind::Url),
                LinkType::Email => autolink = Some(RegionKind::Email),
                _ => {
                    if let Some(target) = find_target(text, &range, &dest_url) {
                        explicit.push(Region {
                            range: target,
                            kind: RegionKind::LinkTarget,
                        });
                    }
                }
            },
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => autolink = None,
            Event::Text(_) if in_code > 0 || in_html > 0 => {}
            Event::Text(_) => match autolink {
                Some(kind) => explicit.push(Region { range, kind }),
                None => prose.push(range),
            },
            Event::SoftBreak | Event::HardBreak if in_code == 0 && in_html == 0 => {
                prose.push(range)
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                explicit.push(Region {
                    range,
                    kind: RegionKind::Code,
                })
            }
            Event::Html(_) | Event::InlineHtml(_) if in_html == 0 => explicit.push(Region {
                range,
                kind: RegionKind::Html,
            }),
            _ => {}
        }
    }
    prose.sort_by_key(|r| r.start);
    explicit.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end)));

    // Everything that is neither prose nor an explicit region is markup.
    let mut out: Vec<Region> = Vec::new();
    let mut covered: Vec<(Range<usize>, Option<RegionKind>)> = prose
        .iter()
        .map(|r| (r.clone(), None))
        .chain(explicit.iter().map(|r| (r.range.clone(), Some(r.kind))))
        .collect();
    covered.sort_by_key(|(r, k)| (r.start, k.is_none()));
    let mut pos = body.start;
    for (r, kind) in covered {
        if r.end <= pos {
            continue;
        }
        let start = r.start.max(pos);
        if start > pos {
            push(&mut out, pos..start, RegionKind::Markup);
        }
        match kind {
            Some(k) => push(&mut out, start..r.end, k),
            None => {
                for url in urls_in(text, start..r.end) {
                    out.push(url);
                }
            }
        }
        pos = r.end;
    }
    if pos < body.end {
        push(&mut out, pos..body.end, RegionKind::Markup);
    }
    out
}

/// Non-prose regions of a plain-text body: URLs, e-mail addresses and directive lines.
pub fn plain_regions(text: &str, body: Range<usize>) -> Vec<Region> {
    let comments = comment_lines(text, body.clone());
    if comments.is_empty() {
        return urls_of_body(text, body);
    }
    let mut out: Vec<Region> = urls_of_body(text, body)
        .into_iter()
        .filter(|u| {
            !comments
                .iter()
                .any(|c| c.start < u.range.end && u.range.start < c.end)
        })
        .collect();
    out.extend(comments.into_iter().map(|range| Region {
        range,
        kind: RegionKind::Comment,
    }));
    out.sort_by_key(|r| r.range.start);
    out
}

/// [`urls_in`] a whole body. A large body is searched in pieces on several threads, cut at
/// ASCII white space: no URL or address spans white space, so the pieces find what one
/// search would.
fn urls_of_body(text: &str, body: Range<usize>) -> Vec<Region> {
    if body.len() < crate::text::PARALLEL_MIN {
        return urls_in(text, body).collect();
    }
    use rayon::prelude::*;
    let bytes = text.as_bytes();
    crate::text::split_at_seams(body, crate::text::piece_count(), |p| {
        crate::text::fold::is_space_byte(bytes[p])
    })
    .into_par_iter()
    .map(|r| urls_in(text, r).collect::<Vec<_>>())
    .collect::<Vec<_>>()
    .concat()
}

/// What opens a directive line in plain text. A hashtag never has a space after `#`, so
/// `# vigia-…` cannot be part of a post.
pub const PLAIN_COMMENT: &str = "# vigia-";

/// Lines of `text[body]` that hold a vigia directive (`# vigia-…` after optional blanks),
/// without their line endings.
pub fn comment_lines(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = body.start;
    for line in text[body.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content
            .trim_start_matches([' ', '\t'])
            .starts_with(PLAIN_COMMENT)
        {
            out.push(start..start + content.len());
        }
        start += line.len();
    }
    out
}

fn push(out: &mut Vec<Region>, range: Range<usize>, kind: RegionKind) {
    if range.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut()
        && last.kind == kind
        && last.range.end == range.start
    {
        last.range.end = range.end;
        return;
    }
    out.push(Region { range, kind });
}

/// Locates the destination of a link inside the link's source, after its text.
fn find_target(text: &str, link: &Range<usize>, dest: &str) -> Option<Range<usize>> {
    if dest.is_empty() {
        return None;
    }
    let src = &text[link.clone()];
    let after_text = src.rfind("](").map_or(0, |i| i + 2);
    let at = src[after_text..].find(dest)? + after_text;
    Some(link.start + at..link.start + at + dest.len())
}

/// A URL or e-mail address, taken only where it is not glued to the word, address or path
/// before it (see [`GLUED`]).
const URL: &str = concat!(
    r#"(?i)(?:https?://|www\.)[^\s<>"«»“”]+"#,
    r"|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+",
    r"|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.",
    r"(?:com|pe|org|net|edu|gob|info|io|ly|me|tv|co|es|gl|be|app|dev|link|site|online|lat)",
    r#"(?:/[^\s<>"«»“”]*)?"#,
);

/// The characters a URL may not follow, as a regex class: letters, digits and `.@/-_`.
const GLUED: &str = r"\p{Alphabetic}\p{N}.@/_\-";

static URLS: LazyLock<Unglued> =
    LazyLock::new(|| Unglued::new(URL, GLUED).expect("valid URL regex"));

/// URLs and e-mail addresses inside `range` of `text`.
///
/// A candidate starts at the start of the text or after a character that does not glue it
/// (one forward search finds the next such start: [`Unglued`]). Its trailing punctuation is
/// left out; when a letter or digit follows what remains, it is part of a longer word and
/// the search goes on after it. Every search starts past the previous candidate, so the
/// whole range is read a bounded number of times.
pub fn urls_in(text: &str, range: Range<usize>) -> impl Iterator<Item = Region> + '_ {
    let hay = &text[..range.end];
    let mut at = range.start;
    std::iter::from_fn(move || {
        while at < range.end {
            let m = URLS.find_at(hay, at)?;
            let s = m.start;
            let mut e = m.end;
            while e > s {
                let c = hay[..e].chars().next_back().expect("non-empty");
                if matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\'' | '*' | '_'
                ) {
                    e -= c.len_utf8();
                } else {
                    break;
                }
            }
            let glued_after = hay[e..].chars().next().is_some_and(|c| c.is_alphanumeric());
            if glued_after || e <= s {
                at = m.end;
                continue;
            }
            at = e;
            let kind = if hay[s..e].contains('@') && !hay[s..e].contains('/') {
                RegionKind::Email
            } else {
                RegionKind::Url
            };
            return Some(Region { range: s..e, kind });
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    #[test]
    fn large_plain_texts_find_the_same_urls_in_pieces() {
        let unit = "Vea www.senace.gob.pe/x, escriba a a.b@senace.gob.pe.\nFin.www.glued.pe y\u{A0}senace.gob.pe).\n";
        let text = unit.repeat(2 * crate::text::PARALLEL_MIN / unit.len());
        let serial: Vec<Region> = urls_in(&text, 0..text.len()).collect();
        assert!(serial.len() > 1000);
        assert_eq!(plain_regions(&text, 0..text.len()), serial);
    }

    use super::*;

    /// Whether `c` glues what follows it to it: what [`GLUED`] says as a regex class.
    fn glued(c: char) -> bool {
        c.is_alphanumeric() || matches!(c, '.' | '@' | '/' | '-' | '_')
    }

    /// The regex class and Rust agree on every character the regex crate's Unicode tables
    /// know (letters Unicode assigned after them are not letters to the class).
    #[test]
    fn the_glued_class_is_letters_digits_and_address_signs() {
        crate::text::unglued::assert_class_is(GLUED, glued);
    }

    /// What [`urls_in`] finds, the slow way: the leftmost candidate; glued to what precedes
    /// it, search again one character later; glued to what follows it, after it.
    fn urls_one_start_at_a_time(re: &Regex, text: &str) -> Vec<Region> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = re.find_at(text, at) {
            let s = m.start();
            if text[..s].chars().next_back().is_some_and(glued) {
                at = s + text[s..].chars().next().unwrap().len_utf8();
                continue;
            }
            let mut e = m.end();
            while let Some(c) = text[s..e].chars().next_back()
                && ".,;:!?)]}'*_".contains(c)
            {
                e -= c.len_utf8();
            }
            if e <= s || text[e..].chars().next().is_some_and(char::is_alphanumeric) {
                at = m.end();
                continue;
            }
            let kind = if text[s..e].contains('@') && !text[s..e].contains('/') {
                RegionKind::Email
            } else {
                RegionKind::Url
            };
            out.push(Region { range: s..e, kind });
            at = e;
        }
        out
    }

    #[test]
    fn urls_are_those_of_one_start_at_a_time() {
        let parts = [
            "a", "x", "ñ", "1", ".", "/", "@", "-", "_", "%", "+", " ", "\n", "(", ")", ":", ",",
            "com", "pe", ".gob", "www.", "http://", "https://", "«", "é",
        ];
        let re = Regex::new(URL).unwrap();
        let mut seed: u64 = 12;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 59) + 1 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(parts[(seed >> 33) as usize % parts.len()]);
            }
            let fast: Vec<Region> = urls_in(&text, 0..text.len()).collect();
            assert_eq!(fast, urls_one_start_at_a_time(&re, &text), "{text:?}");
        }
    }

    fn kinds(text: &str) -> Vec<(&str, RegionKind)> {
        markdown_regions(text, 0..text.len())
            .into_iter()
            .map(|r| (&text[r.range], r.kind))
            .collect()
    }

    #[test]
    fn markdown_syntax_code_and_links() {
        let t = "Los **ciudadanos** ven `código` y [el informe](https://senace.gob.pe/x).\n";
        let k = kinds(t);
        assert!(k.contains(&("**", RegionKind::Markup)));
        assert!(k.contains(&("`código`", RegionKind::Code)));
        assert!(k.contains(&("https://senace.gob.pe/x", RegionKind::LinkTarget)));
        assert!(!k.iter().any(|(s, _)| s.contains("informe")));
    }

    #[test]
    fn comments_and_code_blocks() {
        let t = "Hola <!-- nota --> mundo\n\n```\nCONFIDENCIAL\n```\n";
        let k = kinds(t);
        assert!(k.contains(&("<!-- nota -->", RegionKind::Html)));
        assert!(
            k.iter()
                .any(|(s, kind)| s.contains("CONFIDENCIAL") && *kind == RegionKind::Code)
        );
    }

    #[test]
    fn bare_urls_and_emails() {
        let t = "Escriba a juan.perez@gmail.com o visite www.senace.gob.pe/tramites, y twitter.com/senaceperu.";
        let found: Vec<_> = plain_regions(t, 0..t.len())
            .into_iter()
            .map(|r| (&t[r.range], r.kind))
            .collect();
        assert_eq!(
            found,
            vec![
                ("juan.perez@gmail.com", RegionKind::Email),
                ("www.senace.gob.pe/tramites", RegionKind::Url),
                ("twitter.com/senaceperu", RegionKind::Url),
            ]
        );
    }

    #[test]
    fn plain_directive_lines_are_not_prose() {
        let t = "Hola #vigia y # no\n  # vigia-disable-next-line x -- ver www.senace.gob.pe\r\nfin www.senace.gob.pe";
        let found: Vec<_> = plain_regions(t, 0..t.len())
            .into_iter()
            .map(|r| (&t[r.range], r.kind))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "  # vigia-disable-next-line x -- ver www.senace.gob.pe",
                    RegionKind::Comment
                ),
                ("www.senace.gob.pe", RegionKind::Url),
            ]
        );
    }

    #[test]
    fn autolinks() {
        let t = "Ver <https://senace.gob.pe> o <mesa@senace.gob.pe>.";
        let k = kinds(t);
        assert!(k.contains(&("https://senace.gob.pe", RegionKind::Url)));
        assert!(k.contains(&("mesa@senace.gob.pe", RegionKind::Email)));
    }
}
