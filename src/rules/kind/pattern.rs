#![doc = include_str!("../../../docs/kinds/pattern.md")]

use crate::rules::regexes::PackRegex;

use super::{Context, Draft, Kind};
use crate::rules::Scope;
use crate::rules::pack::{Problems, RuleDef};
use crate::rules::template::Template;
use crate::text::at_word_bounds;

pub const FIELDS: &[&str] = &["pattern", "words", "validate", "replace", "scope"];

/// Named checks of a hit that a regex cannot express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// Peruvian RUC: 11 digits, a known prefix and a valid SUNAT check digit.
    Ruc,
}

impl Validator {
    pub const NAMES: &[&str] = &["ruc"];

    fn parse(s: &str) -> Option<Validator> {
        match s {
            "ruc" => Some(Validator::Ruc),
            _ => None,
        }
    }

    pub fn accepts(self, hit: &str) -> bool {
        match self {
            Validator::Ruc => valid_ruc(hit),
        }
    }
}

/// SUNAT's RUC check: weights 5,4,3,2,7,6,5,4,3,2 on the first ten digits,
/// r = 11 − (sum mod 11), check digit = r mod 10.
pub fn valid_ruc(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 11 || !matches!(digits[0] * 10 + digits[1], 10 | 15 | 17 | 20) {
        return false;
    }
    const W: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = digits.iter().zip(W).map(|(d, w)| d * w).sum();
    (11 - sum % 11) % 10 == digits[10]
}

#[derive(Debug)]
pub struct Pattern {
    regex: PackRegex,
    hit: Option<usize>,
    words: bool,
    validate: Option<Validator>,
    replace: Option<Template>,
    scope: Scope,
}

pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Pattern> {
    let Some(src) = &rd.pattern else {
        p.at(&rd.kind.referenced, "kind pattern necesita `pattern`");
        return None;
    };
    let regex = PackRegex::new(src, p)?;
    let validate = match &rd.validate {
        None => None,
        Some(v) => match Validator::parse(&v.value) {
            Some(x) => Some(x),
            None => {
                p.at(
                    &v.referenced,
                    format!(
                        "validador desconocido «{}» (disponibles: {})",
                        v.value,
                        Validator::NAMES.join(", ")
                    ),
                );
                return None;
            }
        },
    };
    let scope = match rd.scope.as_ref().map(|s| (s.value.as_str(), s)) {
        None | Some(("prose", _)) => Scope::Prose,
        Some(("text", _)) => Scope::Text,
        Some((other, s)) => {
            p.at(
                &s.referenced,
                format!("`scope` desconocido «{other}»: use prose o text"),
            );
            return None;
        }
    };
    let hit = regex
        .capture_names()
        .iter()
        .position(|n| n.as_deref() == Some("hit"));
    let mut pat = Pattern {
        regex,
        hit,
        words: rd.words.as_ref().is_none_or(|w| w.value),
        validate,
        replace: None,
        scope,
    };
    if let Some(r) = &rd.replace {
        match Template::parse(&r.value) {
            Ok(t) => {
                let allowed = pat.placeholders();
                if let Some(bad) = t
                    .names()
                    .find(|n| *n != "match" && !allowed.iter().any(|a| a == n))
                {
                    p.at(
                        &r.referenced,
                        format!("marcador desconocido «{{{bad}}}» en `replace`"),
                    );
                    return None;
                }
                pat.replace = Some(t);
            }
            Err(m) => {
                p.at(&r.referenced, m);
                return None;
            }
        }
    }
    Some(pat)
}

impl Kind for Pattern {
    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        self.scan_ranges(cx, std::slice::from_ref(&cx.doc.body), out)
    }

    fn prefilter(&self) -> Option<&PackRegex> {
        Some(&self.regex)
    }

    fn scan_ranges(&self, cx: &Context, ranges: &[std::ops::Range<usize>], out: &mut Vec<Draft>) {
        for r in ranges {
            self.scan_range(cx, r.clone(), out);
        }
    }

    fn scope(&self) -> Scope {
        self.scope
    }

    fn placeholders(&self) -> Vec<String> {
        let mut v = vec!["hit".to_string()];
        for (i, name) in self.regex.capture_names().iter().enumerate().skip(1) {
            v.push(i.to_string());
            if let Some(n) = name {
                v.push(n.to_string());
            }
        }
        v
    }
}

impl Pattern {
    /// Findings of the regex inside `range` of the view, one paragraph at a time: a match
    /// never joins two paragraphs ([`crate::text::paragraphs`]), wherever they sit, as
    /// phrases do not.
    fn scan_range(&self, cx: &Context, range: std::ops::Range<usize>, out: &mut Vec<Draft>) {
        let Some(regex) = self.regex.get() else {
            return;
        };
        let view = cx.view(self.scope);
        let range = range.start.max(cx.doc.body.start)..range.end;
        for p in crate::text::paragraphs(view, range) {
            self.scan_paragraph(cx, regex, p, out);
        }
    }

    /// Findings of the regex in `range` of the view, which it may not cross.
    fn scan_paragraph(
        &self,
        cx: &Context,
        regex: &regex::Regex,
        range: std::ops::Range<usize>,
        out: &mut Vec<Draft>,
    ) {
        let text = &cx.view(self.scope)[..range.end];
        let doc = &cx.doc.text;
        // The paragraph alone is the haystack: `^` and `$` match at its ends as at the
        // document's, so a paragraph reads the same wherever it sits.
        let base = range.start;
        let hay = &text[base..];
        let abs = |g: regex::Match| g.start() + base..g.end() + base;
        let mut at = range.start;
        // End of the last reported match: a later finding may reuse the context around a
        // `hit` (the separator after `#publi` is the separator before `#ad`) but never lies
        // inside an earlier match.
        let mut guard = 0;
        while at <= text.len() {
            let Some(caps) = regex.captures_at(hay, at - base) else {
                break;
            };
            let m = abs(caps.get(0).expect("group 0"));
            let next = |pos: usize| pos + text[pos..].chars().next().map_or(1, char::len_utf8);
            let span = match self.hit.and_then(|i| caps.get(i)) {
                Some(h) => abs(h),
                None if self.hit.is_some() => {
                    at = next(m.start);
                    continue;
                }
                None => m.clone(),
            };
            if span.start < guard {
                at = guard;
                continue;
            }
            // A finding starts and ends on visible text, never on blanked markup.
            let last = span.end
                - text[..span.end]
                    .chars()
                    .next_back()
                    .map_or(1, char::len_utf8);
            let ok = !span.is_empty()
                && !cx.is_hidden(self.scope, span.start)
                && !cx.is_hidden(self.scope, last)
                && (!self.words || at_word_bounds(text, span.start, span.end))
                && self.validate.is_none_or(|v| v.accepts(&doc[span.clone()]));
            if !ok {
                at = next(m.start);
                continue;
            }
            let mut vars: Vec<(String, String)> = vec![("hit".into(), doc[span.clone()].into())];
            for (i, name) in self.regex.capture_names().iter().enumerate().skip(1) {
                let v = caps.get(i).map_or("", |g| &doc[abs(g)]).to_string();
                vars.push((i.to_string(), v.clone()));
                if let Some(n) = name {
                    vars.push((n.to_string(), v));
                }
            }
            let mut draft = Draft {
                span: span.clone(),
                vars,
                suggestions: Vec::new(),
            };
            if let Some(t) = &self.replace {
                let mut all = draft.vars.clone();
                all.push(("match".into(), doc[span.clone()].into()));
                let s = t.render(all.as_slice());
                if s != doc[span.clone()] {
                    draft.suggestions.push(s);
                }
            }
            out.push(draft);
            guard = m.end;
            // With a `hit`, search again right after it: the trailing context of this match
            // may be the leading context of the next.
            let resume = if self.hit.is_some() { span.end } else { m.end };
            at = resume.max(next(m.start));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruc_check_digit() {
        // SUNAT's own RUC.
        assert!(valid_ruc("20131312955"));
        assert!(!valid_ruc("20131312954"));
        let base = [2, 0, 1, 0, 0, 0, 7, 0, 9, 7];
        let w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
        let sum: u32 = base.iter().zip(w).map(|(d, w)| d * w).sum();
        let check = (11 - sum % 11) % 10;
        let ruc = format!("2010007097{check}");
        assert!(valid_ruc(&ruc));
        let wrong = format!("2010007097{}", (check + 1) % 10);
        assert!(!valid_ruc(&wrong));
        assert!(!valid_ruc("30100070970"));
        assert!(!valid_ruc("2010007097"));
    }

    #[test]
    fn word_boundary_escape_detection() {
        use crate::rules::regexes::has_word_boundary;
        assert!(has_word_boundary(r"\bDNI"));
        assert!(has_word_boundary(r"x\B"));
        assert!(!has_word_boundary(r"\\b"));
        assert!(!has_word_boundary(r"[\b]"));
        assert!(!has_word_boundary(r"\d{8}"));
    }
}
