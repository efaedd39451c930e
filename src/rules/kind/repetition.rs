#![doc = include_str!("../../../docs/kinds/repetition.md")]

use unicode_normalization::UnicodeNormalization;

use super::{Context, Draft, Kind};
use crate::rules::pack::{Problems, RuleDef};
use crate::text::is_word_char;

pub const FIELDS: &[&str] = &[];

/// Words whose written accent makes them a different word from the unaccented form.
const DIACRITICAL: &[&str] = &[
    "él", "tú", "mí", "té", "sé", "dé", "sí", "más", "aún", "qué", "cómo", "cuándo", "dónde",
    "quién", "quiénes", "cuál", "cuáles", "cuánto", "cuánta", "cuántos", "cuántas", "adónde",
];

#[derive(Debug)]
pub struct Repetition;

pub fn compile(_rd: &RuleDef, _p: &mut Problems) -> Option<Repetition> {
    Some(Repetition)
}

fn nfc_lower(s: &str) -> String {
    s.nfc().flat_map(char::to_lowercase).collect()
}

impl Kind for Repetition {
    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        let text = &cx.folded.text;
        let doc = &cx.doc.text;
        let bytes = text.as_bytes();
        let mut prev: Option<std::ops::Range<usize>> = None;
        let mut i = 0;
        while i < bytes.len() {
            // Skip to the next word character (ASCII bytes decide alone).
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
            } else {
                let c = text[i..].chars().next().expect("char boundary");
                if !is_word_char(c) {
                    i += c.len_utf8();
                    continue;
                }
            }
            let start = i;
            let mut has_letter = false;
            while i < bytes.len() {
                let b = bytes[i];
                if b.is_ascii() {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    has_letter |= b.is_ascii_alphabetic();
                    i += 1;
                } else {
                    let c = text[i..].chars().next().expect("char boundary");
                    if !is_word_char(c) {
                        break;
                    }
                    has_letter |= c.is_alphabetic();
                    i += c.len_utf8();
                }
            }
            let word = start..i;
            if let Some(p) = prev.take()
                && has_letter
                && &text[p.end..word.start] == " "
                && text[p.clone()] == text[word.clone()]
            {
                let first = cx.folded.range_to_orig(doc, p.clone());
                let second = cx.folded.range_to_orig(doc, word.clone());
                let (a, b) = (
                    nfc_lower(&doc[first.clone()]),
                    nfc_lower(&doc[second.clone()]),
                );
                let diacritical = a != b
                    && (DIACRITICAL.contains(&a.as_str()) || DIACRITICAL.contains(&b.as_str()));
                if !diacritical {
                    let span = first.start..second.end;
                    // Offer the fix only when nothing but white space is between the words.
                    let between = &doc[first.end..second.start];
                    let suggestions = if between.chars().all(char::is_whitespace) {
                        vec![doc[first.clone()].to_string()]
                    } else {
                        Vec::new()
                    };
                    out.push(Draft {
                        span,
                        vars: vec![("word".into(), doc[first].to_string())],
                        suggestions,
                    });
                }
            }
            prev = has_letter.then_some(word);
        }
    }

    fn placeholders(&self) -> Vec<String> {
        vec!["word".into()]
    }
}
