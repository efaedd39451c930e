#![doc = include_str!("../../../docs/kinds/conditional.md")]

use regex::Regex;

use super::{Context, Draft, Kind, read_terms};
use crate::rules::Scope;
use crate::rules::pack::{Problems, RuleDef};
use crate::rules::regexes::PackRegex;
use crate::text::{at_word_bounds, fold};

pub const FIELDS: &[&str] = &["first", "second", "known"];

#[derive(Debug)]
pub struct Conditional {
    first: PackRegex,
    second: PackRegex,
    /// Keys that need no introduction (folded).
    known: Vec<String>,
}

pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Conditional> {
    let (Some(first), Some(second)) = (&rd.first, &rd.second) else {
        p.at(
            &rd.kind.referenced,
            "kind conditional necesita `first` y `second`",
        );
        return None;
    };
    let first = PackRegex::new(first, p);
    let second = PackRegex::new(second, p);
    let known = rd
        .known
        .as_ref()
        .map(|k| read_terms(&k.value, p).iter().map(|t| fold(t)).collect())
        .unwrap_or_default();
    Some(Conditional {
        first: first?,
        second: second?,
        known,
    })
}

/// The key of a match: group `key`, else the first group that took part in the match (so
/// alternatives may each have their own group), else the whole match.
fn key(re: &Regex, caps: &regex::Captures) -> Option<std::ops::Range<usize>> {
    let idx = re.capture_names().position(|n| n == Some("key"));
    idx.and_then(|i| caps.get(i))
        .or_else(|| caps.iter().skip(1).flatten().next())
        .or_else(|| caps.get(0))
        .map(|m| m.range())
}

impl Kind for Conditional {
    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        let (Some(first), Some(second)) = (self.first.get(), self.second.get()) else {
            return;
        };
        let view = cx.view(Scope::Prose);
        let body = cx.doc.body.clone();
        let hay = &view[..body.end];
        let visible = |r: &std::ops::Range<usize>| {
            !r.is_empty()
                && !cx.is_hidden(Scope::Prose, r.start)
                && at_word_bounds(hay, r.start, r.end)
        };
        let mut intros: Vec<(&str, usize)> = Vec::new();
        for caps in second.captures_iter(&hay[body.start..]) {
            if let Some(k) = key(second, &caps) {
                let k = k.start + body.start..k.end + body.start;
                if visible(&k) {
                    intros.push((&hay[k.clone()], k.start));
                }
            }
        }
        let mut reported: Vec<&str> = Vec::new();
        for caps in first.captures_iter(&hay[body.start..]) {
            let Some(k) = key(first, &caps) else {
                continue;
            };
            let k = k.start + body.start..k.end + body.start;
            if !visible(&k) {
                continue;
            }
            let name = &hay[k.clone()];
            if self.known.iter().any(|n| fold(name) == *n) {
                continue;
            }
            let introduced = intros.iter().any(|(n, at)| *n == name && *at <= k.start);
            if introduced || reported.contains(&name) {
                continue;
            }
            reported.push(name);
            out.push(Draft {
                span: k,
                vars: vec![("key".into(), name.to_string())],
                suggestions: Vec::new(),
            });
        }
    }

    fn placeholders(&self) -> Vec<String> {
        vec!["key".into()]
    }
}
