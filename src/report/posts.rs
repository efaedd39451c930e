/*!
Posts and findings for the reports people open: the HTML report lists the posts to review,
the spreadsheets one row per finding.

[`Posts`] is a [`Reporter`] keeping the `keep` posts that most need review (most errors,
then warnings, then infos; input order on ties) with their text and findings, so the HTML
report stays bounded whatever the archive's size; it counts the posts it had to leave out.
[`FindingRow`] is what a spreadsheet row says of a finding, and [`post_url`] builds the link
to a published post from the id the export gives.
*/

use std::io;

use super::{Reporter, Summary, display_path, position};
use crate::finding::{Counts, Finding};
use crate::input::Document;
use crate::rules::Level;

/// Longest text kept for a listed post (characters); longer texts are cut after the last
/// finding that fits.
pub const MAX_TEXT: usize = 4000;

/// A finding as reports show it.
#[derive(Debug, Clone)]
pub struct FindingRow {
    pub rule: String,
    pub pack: String,
    pub section: String,
    pub level: Level,
    pub message: String,
    pub help: Option<String>,
    /// The text the finding marks.
    pub matched: String,
    /// Byte range in the post's text.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl FindingRow {
    pub fn new(doc: &Document, f: &Finding) -> FindingRow {
        let (line, column) = position(doc, f.span.start);
        FindingRow {
            rule: f.rule.id.clone(),
            pack: f.rule.pack.clone(),
            section: f.rule.section.clone(),
            level: f.level,
            message: f.message.clone(),
            help: f.help.clone(),
            matched: doc.text.get(f.span.clone()).unwrap_or_default().to_string(),
            start: f.span.start,
            end: f.span.end,
            line,
            column,
        }
    }
}

/// Spanish name of a level, as reports print it.
pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "aviso",
        Level::Info => "info",
    }
}

/// A post with findings, for the HTML report.
#[derive(Debug, Clone)]
pub struct Post {
    /// `path#record`.
    pub name: String,
    pub record: Option<String>,
    pub date: Option<String>,
    pub platform: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// Whether `text` was cut to [`MAX_TEXT`].
    pub cut: bool,
    pub findings: Vec<FindingRow>,
    pub counts: Counts,
    order: usize,
}

impl Post {
    fn key(&self) -> (usize, usize, usize, std::cmp::Reverse<usize>) {
        (
            self.counts.errors,
            self.counts.warnings,
            self.counts.infos,
            std::cmp::Reverse(self.order),
        )
    }
}

/// The link to a published post, from the link the export gave or its id:
/// `https://x.com/i/web/status/ID`, `https://www.facebook.com/ID`,
/// `https://www.instagram.com/p/CODE/`, `https://www.linkedin.com/feed/update/URN/`.
pub fn post_url(platform: Option<&str>, record: Option<&str>, url: Option<&str>) -> Option<String> {
    if let Some(u) = url.filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
        return Some(u.to_string());
    }
    let id = record?.trim();
    // Records without an id are numbered from 1: only a long number is an id.
    let digits = id.len() >= 10 && id.bytes().all(|b| b.is_ascii_digit());
    match platform? {
        "x" if digits => Some(format!("https://x.com/i/web/status/{id}")),
        "facebook" if id.len() >= 10 && id.bytes().all(|b| b.is_ascii_digit() || b == b'_') => {
            Some(format!("https://www.facebook.com/{id}"))
        }
        "instagram"
            if !id.bytes().all(|b| b.is_ascii_digit())
                && !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') =>
        {
            Some(format!("https://www.instagram.com/p/{id}/"))
        }
        "linkedin" if id.starts_with("urn:li:") => {
            Some(format!("https://www.linkedin.com/feed/update/{id}/"))
        }
        _ => None,
    }
}

/// Keeps the posts that most need review.
#[derive(Debug, Default)]
pub struct Posts {
    pub posts: Vec<Post>,
    /// Posts with findings that are not kept.
    pub left_out: usize,
    seen: usize,
    keep: usize,
    /// Counts of the last post kept at the last trim, when the list was full: a post with
    /// no more findings than it cannot be kept.
    floor: Option<(usize, usize, usize)>,
}

impl Posts {
    pub fn new(keep: usize) -> Posts {
        Posts {
            keep,
            ..Posts::default()
        }
    }

    fn trim(&mut self) {
        self.posts.sort_by_key(|p| std::cmp::Reverse(p.key()));
        if self.posts.len() > self.keep {
            self.left_out += self.posts.len() - self.keep;
            self.posts.truncate(self.keep);
        }
        if self.posts.len() == self.keep {
            self.floor = self
                .posts
                .last()
                .map(|p| (p.counts.errors, p.counts.warnings, p.counts.infos));
        }
    }
}

/// The first `max` characters of `text`, as a byte length.
fn cut_at(text: &str, max: usize) -> usize {
    text.char_indices().nth(max).map_or(text.len(), |(i, _)| i)
}

impl Reporter for Posts {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        let order = self.seen;
        self.seen += 1;
        if findings.is_empty() || self.keep == 0 {
            return Ok(());
        }
        let mut counts = Counts::default();
        for f in findings {
            counts.add(f.level);
        }
        // Cheap test before copying the text: could this post be kept?
        if self
            .floor
            .is_some_and(|f| (counts.errors, counts.warnings, counts.infos) <= f)
        {
            self.left_out += 1;
            return Ok(());
        }
        let end = cut_at(&doc.text, MAX_TEXT);
        let rows: Vec<FindingRow> = findings
            .iter()
            .filter(|f| f.span.end <= end)
            .map(|f| FindingRow::new(doc, f))
            .collect();
        self.posts.push(Post {
            name: display_path(doc),
            record: doc.origin.record.clone(),
            date: doc.meta.date.clone(),
            platform: doc.platform().map(String::from),
            url: post_url(
                doc.platform(),
                doc.origin.record.as_deref(),
                doc.meta.url.as_deref(),
            ),
            text: doc.text[..end].to_string(),
            cut: end < doc.text.len(),
            findings: rows,
            counts,
            order,
        });
        if self.posts.len() >= 2 * self.keep {
            self.trim();
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.trim();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gravest_posts_are_kept() {
        use crate::{Engine, load_rules};
        let engine = Engine::new(load_rules(&[], true).unwrap());
        let mut posts = Posts::new(2);
        let texts = [
            "Documento confidencial.",
            "Mi DNI 45678912. Dios los bendiga.",
            "Taller en Lima.",
            "Información reservada.",
            "Mi DNI 45678912, vota por el partido.",
        ];
        for (i, text) in texts.iter().enumerate() {
            let d = Document::plain(&format!("p{i}"), *text);
            let f = engine.lint(&d);
            posts.document(&d, &f).unwrap();
        }
        posts.finish(&Summary::default()).unwrap();
        // Two errors each, in input order; the two posts with one error are left out, the
        // post without findings is not counted.
        let names: Vec<&str> = posts.posts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["p1", "p4"]);
        assert_eq!(posts.left_out, 2);
        assert!(posts.posts[0].text.starts_with("Mi DNI"));
        assert!(!posts.posts[0].findings.is_empty());
    }

    #[test]
    fn links_to_published_posts() {
        assert_eq!(
            post_url(Some("x"), Some("1900000000000000002"), None).as_deref(),
            Some("https://x.com/i/web/status/1900000000000000002")
        );
        assert_eq!(
            post_url(Some("facebook"), Some("1234567890_456"), None).as_deref(),
            Some("https://www.facebook.com/1234567890_456")
        );
        assert_eq!(
            post_url(Some("instagram"), Some("C4bXyZ-1"), None).as_deref(),
            Some("https://www.instagram.com/p/C4bXyZ-1/")
        );
        assert_eq!(
            post_url(Some("linkedin"), Some("urn:li:share:7001"), None).as_deref(),
            Some("https://www.linkedin.com/feed/update/urn:li:share:7001/")
        );
        assert_eq!(
            post_url(
                Some("linkedin"),
                Some("urn:li:share:7001"),
                Some("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7001")
            )
            .as_deref(),
            Some("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7001")
        );
        // A record number is not an id: no link.
        assert_eq!(post_url(Some("x"), Some("p-001"), None), None);
        assert_eq!(post_url(None, Some("123"), None), None);
        assert_eq!(post_url(Some("x"), Some("1"), None), None);
        assert_eq!(
            post_url(Some("x"), Some("1"), Some("javascript:alert(1)")),
            None
        );
    }
}
