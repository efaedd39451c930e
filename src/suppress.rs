/*!
Suppressions: a team accepts one finding, with a reason, where it is.

Forms (ids are rules, packs or globs, separated by spaces or commas; none means every rule;
anything after ` -- ` is the reason):

- Markdown, an HTML comment: `<!-- vigia-disable-next-line inclusive/generic-masculine --
  cita textual -->` (the next line), `<!-- vigia-disable-line … -->` (its own line),
  `<!-- vigia-disable … -->` … `<!-- vigia-enable … -->` (a stretch; without an enable, to
  the end).
- Plain text, a whole line that starts with `# vigia-` (a hashtag never has a space after
  `#`): `# vigia-disable-next-line confidential/phone -- teléfono de la mesa de partes`.
  Such lines are comments, never prose.
- Front matter: `vigia: {disable: [grammar/double-space]}` (the whole document).

A finding is checked against the line forms first, then the stretches, then the front
matter, and the first that applies silences it. Afterwards [`Suppressions::report`] turns
every suppression (or id in one) that silenced nothing into a `vigia/unused-suppression`
finding, and every unknown id or directive into a `vigia/invalid-suppression` one, so
suppressions do not rot.
*/

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::finding::Finding;
use crate::input::{Document, RegionKind};
use crate::rules::builtin::{INVALID_SUPPRESSION, UNUSED_SUPPRESSION};
use crate::rules::{Level, RuleInfo, RuleSet, Selector, did_you_mean};

/// What a suppression covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    /// `vigia-disable`: from here to a matching `vigia-enable` or the end.
    Disable,
    /// `vigia-enable`: ends a `vigia-disable` for the rules it names (all without ids).
    Enable,
    /// `vigia-disable-line`: the line of the comment.
    DisableLine,
    /// `vigia-disable-next-line`: the line after the comment.
    DisableNextLine,
    /// `vigia: {disable: […]}` in the front matter: the whole document.
    FrontMatter,
}

/// The directive keywords, as written after `vigia-`.
pub const DIRECTIVES: &[(&str, Directive)] = &[
    ("disable", Directive::Disable),
    ("enable", Directive::Enable),
    ("disable-line", Directive::DisableLine),
    ("disable-next-line", Directive::DisableNextLine),
];

/// One id of a suppression: its selector (if valid) and where it is written.
#[derive(Debug, Clone)]
struct Id {
    text: String,
    span: Range<usize>,
    selector: Option<Selector>,
    used: usize,
}

/// One suppression comment or front-matter list.
#[derive(Debug, Clone)]
struct Suppression {
    directive: Directive,
    /// The comment (or the front matter entry).
    span: Range<usize>,
    /// 0-based line the suppression applies to (line forms).
    line: usize,
    ids: Vec<Id>,
    /// Uses when `ids` is empty (every rule).
    used_all: usize,
}

/// A comment that looks like a directive but is not one.
#[derive(Debug, Clone)]
struct BadDirective {
    span: Range<usize>,
    message: String,
}

/// The suppressions of one document, and how often each was used.
#[derive(Debug, Default)]
pub struct Suppressions {
    items: Vec<Suppression>,
    bad: Vec<BadDirective>,
}

static MARKDOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--[ \t\r\n]*vigia-(.*?)-->").expect("valid regex"));

impl Suppressions {
    /// Finds the suppressions of `doc`; `known` says whether an id names a pack or rule.
    pub fn parse(doc: &Document, known: &dyn Fn(&str) -> bool) -> Suppressions {
        let mut s = Suppressions::default();
        let text = &doc.text;
        let lines = doc.lines();
        let comment = |s: &mut Suppressions, span: Range<usize>, body: Range<usize>| {
            let end_line = lines.line_of(span.end.saturating_sub(1).max(span.start));
            s.directive(text, span, body, end_line, known);
        };
        let comments = doc.regions.iter().filter(|r| r.kind == RegionKind::Comment);
        for r in comments {
            // `# vigia-…`: the directive starts after the `# `.
            let line = &text[r.range.clone()];
            let at = r.range.start + line.find("vigia-").unwrap_or(0) + "vigia-".len();
            comment(&mut s, r.range.clone(), at..r.range.end);
        }
        if doc.regions.iter().any(|r| r.kind == RegionKind::Html) {
            for c in MARKDOWN.captures_iter(&text[doc.body.clone()]) {
                let whole = c.get(0).expect("group 0");
                let inner = c.get(1).expect("group 1");
                let span = doc.body.start + whole.start()..doc.body.start + whole.end();
                let in_html = doc.regions.iter().any(|r| {
                    r.kind == RegionKind::Html
                        && r.range.start <= span.start
                        && span.start < r.range.end
                });
                if in_html {
                    let body = doc.body.start + inner.start()..doc.body.start + inner.end();
                    comment(&mut s, span, body);
                }
            }
        }
        if let Some(fm) = &doc.front_matter
            && !doc.meta.vigia.disable.is_empty()
        {
            let block = &text[fm.clone()];
            let from = block.find("disable").unwrap_or(0);
            let ids = doc
                .meta
                .vigia
                .disable
                .iter()
                .map(|id| {
                    let at = block[from..]
                        .find(id.as_str())
                        .map_or(fm.start, |i| fm.start + from + i);
                    make_id(
                        id,
                        at..at + if at == fm.start { 0 } else { id.len() },
                        known,
                    )
                })
                .collect();
            s.items.push(Suppression {
                directive: Directive::FrontMatter,
                span: fm.start + from..fm.start + from + "disable".len().min(block.len()),
                line: 0,
                ids,
                used_all: 0,
            });
        }
        s.items.sort_by_key(|i| i.span.start);
        s
    }

    /// Parses one directive comment: `span` is the whole comment, `body` what follows
    /// `vigia-` up to the comment's end.
    fn directive(
        &mut self,
        text: &str,
        span: Range<usize>,
        body: Range<usize>,
        line: usize,
        known: &dyn Fn(&str) -> bool,
    ) {
        let raw = &text[body.clone()];
        let kw_len = raw
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(raw.len());
        let keyword = &raw[..kw_len];
        let Some(&(_, directive)) = DIRECTIVES.iter().find(|(k, _)| *k == keyword) else {
            let names = DIRECTIVES.iter().map(|(k, _)| *k);
            let hint = did_you_mean(keyword, names)
                .map(|m| format!("; ¿quiso decir «vigia-{m}»?"))
                .unwrap_or_else(|| {
                    " (use vigia-disable, vigia-enable, vigia-disable-line o vigia-disable-next-line)"
                        .into()
                });
            self.bad.push(BadDirective {
                span,
                message: format!("«vigia-{keyword}» no es una directiva de vigia{hint}"),
            });
            return;
        };
        // Ids run up to ` -- ` (the reason) or the end.
        let rest_start = body.start + kw_len;
        let rest = &text[rest_start..body.end];
        let ids_end = reason_start(rest).unwrap_or(rest.len());
        let mut ids = Vec::new();
        let mut pos = 0;
        for part in rest[..ids_end].split(|c: char| c == ',' || c.is_whitespace()) {
            if !part.is_empty() {
                let at = rest_start + pos;
                ids.push(make_id(part, at..at + part.len(), known));
            }
            pos += part.len() + 1;
        }
        self.items.push(Suppression {
            directive,
            span,
            line,
            ids,
            used_all: 0,
        });
    }

    /// Whether the suppressions are empty (nothing to check, nothing to report).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.bad.is_empty()
    }

    /// Whether a finding of `rule` starting at `offset` on (0-based) `line` is suppressed;
    /// the suppression that silences it is marked used.
    pub fn suppresses(&mut self, rule: &RuleInfo, offset: usize, line: usize) -> bool {
        // Line forms.
        for item in &mut self.items {
            let applies = match item.directive {
                Directive::DisableLine => item.line == line,
                Directive::DisableNextLine => item.line + 1 == line,
                _ => false,
            };
            if applies && item.mark(rule) {
                return true;
            }
        }
        // Stretches: the last disable/enable before the finding that names the rule decides.
        let mut decider: Option<usize> = None;
        for (i, item) in self.items.iter().enumerate() {
            if item.span.end > offset {
                break;
            }
            if matches!(item.directive, Directive::Disable | Directive::Enable) && item.covers(rule)
            {
                decider = Some(i);
            }
        }
        if let Some(i) = decider
            && self.items[i].directive == Directive::Disable
            && self.items[i].mark(rule)
        {
            return true;
        }
        // The front matter.
        self.items
            .iter_mut()
            .filter(|i| i.directive == Directive::FrontMatter)
            .any(|i| i.mark(rule))
    }

    /// Findings about the suppressions themselves: unknown ids and directives, and
    /// suppressions that silenced nothing. `level` gives each built-in rule's level for this
    /// document (`None`: off).
    pub fn report(
        &self,
        set: &RuleSet,
        level: &dyn Fn(&RuleInfo) -> Option<Level>,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        let rule = |id: &str| set.get(id).map(|r| r.info.clone());
        let mut push = |info: &Option<Arc<RuleInfo>>, span: Range<usize>, message: String| {
            if let Some(info) = info
                && let Some(l) = level(info)
            {
                out.push(Finding {
                    rule: info.clone(),
                    level: l,
                    span,
                    message,
                    help: None,
                    suggestions: Vec::new(),
                });
            }
        };
        let invalid = rule(INVALID_SUPPRESSION);
        let unused = rule(UNUSED_SUPPRESSION);
        for b in &self.bad {
            push(&invalid, b.span.clone(), b.message.clone());
        }
        for item in &self.items {
            for id in &item.ids {
                if id.selector.is_none() {
                    push(&invalid, id.span.clone(), unknown_message(&id.text, set));
                }
            }
            if item.directive == Directive::Enable {
                continue;
            }
            if item.ids.is_empty() {
                if item.used_all == 0 {
                    push(
                        &unused,
                        item.span.clone(),
                        "La supresión no silencia ningún hallazgo: retírela.".into(),
                    );
                }
                continue;
            }
            for id in &item.ids {
                if id.selector.is_some() && id.used == 0 {
                    push(
                        &unused,
                        id.span.clone(),
                        format!(
                            "La supresión de «{}» no silencia ningún hallazgo: retírela.",
                            id.text
                        ),
                    );
                }
            }
        }
        out
    }
}

impl Suppression {
    /// Whether this suppression names `rule` (or every rule).
    fn covers(&self, rule: &RuleInfo) -> bool {
        self.ids.is_empty()
            || self
                .ids
                .iter()
                .any(|id| id.selector.as_ref().is_some_and(|s| s.matches(rule)))
    }

    /// Marks a use for `rule`; false when the suppression does not name it.
    fn mark(&mut self, rule: &RuleInfo) -> bool {
        if self.ids.is_empty() {
            self.used_all += 1;
            return true;
        }
        match self
            .ids
            .iter_mut()
            .find(|id| id.selector.as_ref().is_some_and(|s| s.matches(rule)))
        {
            Some(id) => {
                id.used += 1;
                true
            }
            None => false,
        }
    }
}

/// Where the reason starts in the text after a directive keyword: at a `--` that stands
/// alone (after a blank, or first).
fn reason_start(rest: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = rest[from..].find("--") {
        let at = from + i;
        let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
        if before_ok {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

fn make_id(text: &str, span: Range<usize>, known: &dyn Fn(&str) -> bool) -> Id {
    let selector = Selector::new(text).ok().filter(|_| known(text));
    Id {
        text: text.to_string(),
        span,
        selector,
        used: 0,
    }
}

fn unknown_message(id: &str, set: &RuleSet) -> String {
    let names = set
        .packs
        .iter()
        .map(|p| p.id.as_str())
        .chain(set.rules.iter().map(|r| r.info.id.as_str()));
    match did_you_mean(id, names) {
        Some(m) => format!(
            "«{id}» no es una regla ni un pack: la supresión no silencia nada; ¿quiso decir «{m}»?"
        ),
        None => format!(
            "«{id}» no es una regla ni un pack: la supresión no silencia nada (vea `vigia rules`)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Format, Origin};

    fn info(id: &str) -> RuleInfo {
        RuleInfo {
            id: id.into(),
            pack: id.split('/').next().unwrap().into(),
            title: String::new(),
            level: Level::Warning,
            section: "8.7".into(),
            kind: "existence".into(),
            doc: String::new(),
            fix: Default::default(),
            location: crate::rules::Location {
                path: String::new(),
                line: 0,
                column: 0,
            },
        }
    }

    fn known(id: &str) -> bool {
        [
            "grammar",
            "grammar/double-space",
            "inclusive",
            "inclusive/x",
        ]
        .contains(&id)
            || id.contains('*')
    }

    fn doc(text: &str, format: Format) -> Document {
        Document::new(
            Origin {
                path: "t".into(),
                record: None,
            },
            text.into(),
            format,
        )
    }

    #[test]
    fn next_line_and_reason() {
        let d = doc(
            "Uno\n<!-- vigia-disable-next-line grammar/double-space, inclusive -- cita -->\nDos\nTres\n",
            Format::Markdown,
        );
        let mut s = Suppressions::parse(&d, &known);
        assert_eq!(s.items.len(), 1);
        let ids: Vec<_> = s.items[0].ids.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(ids, ["grammar/double-space", "inclusive"]);
        let ds = info("grammar/double-space");
        assert!(!s.suppresses(&ds, 0, 0));
        assert!(s.suppresses(&ds, d.text.find("Dos").unwrap(), 2));
        assert!(!s.suppresses(&ds, d.text.find("Tres").unwrap(), 3));
        assert_eq!(s.items[0].ids[0].used, 1);
        assert_eq!(s.items[0].ids[1].used, 0);
    }

    #[test]
    fn stretches_with_enable() {
        let t = "a\n<!-- vigia-disable -->\nb\n<!-- vigia-enable grammar -->\nc\n<!-- vigia-enable -->\nd\n";
        let d = doc(t, Format::Markdown);
        let mut s = Suppressions::parse(&d, &known);
        let g = info("grammar/double-space");
        let i = info("inclusive/x");
        let at = |w: &str| t.find(w).unwrap();
        assert!(!s.suppresses(&g, at("a\n"), 0));
        assert!(s.suppresses(&g, at("b\n"), 2));
        assert!(!s.suppresses(&g, at("c\n"), 4));
        assert!(s.suppresses(&i, at("c\n"), 4));
        assert!(!s.suppresses(&i, at("d\n"), 6));
    }

    #[test]
    fn plain_lines_front_matter_and_unknown_ids() {
        let t = "# vigia-disable-next-line inclusve -- x\nHola\n  # vigia-disabel grammar\n";
        let d = doc(t, Format::Plain);
        let s = Suppressions::parse(&d, &known);
        assert_eq!(s.items.len(), 1);
        assert!(s.items[0].ids[0].selector.is_none());
        assert_eq!(s.bad.len(), 1);
        assert!(s.bad[0].message.contains("«vigia-disable»"), "{:?}", s.bad);

        let t = "---\nvigia:\n  disable: [grammar/double-space]\n---\nHola\n";
        let d = doc(t, Format::Markdown);
        let mut s = Suppressions::parse(&d, &known);
        let id = &s.items[0].ids[0];
        assert_eq!(&t[id.span.clone()], "grammar/double-space");
        assert!(s.suppresses(&info("grammar/double-space"), 30, 4));
    }

    #[test]
    fn comments_in_code_are_not_directives() {
        let t = "```\n<!-- vigia-disable -->\n```\n";
        let d = doc(t, Format::Markdown);
        assert!(Suppressions::parse(&d, &known).is_empty());
        let d = doc("Texto #vigia-disable\n", Format::Plain);
        assert!(Suppressions::parse(&d, &known).is_empty());
    }
}
