#![doc = include_str!("../../../docs/kinds/mojibake.md")]

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::{Context, Draft, Kind};
use crate::rules::Scope;
use crate::rules::pack::{Problems, RuleDef};

pub const FIELDS: &[&str] = &[];

#[derive(Debug)]
pub struct Mojibake;

pub fn compile(_rd: &RuleDef, _p: &mut Problems) -> Option<Mojibake> {
    Some(Mojibake)
}

/// What the lead bytes `C2`, `C3` and `E2 80` of UTF-8 become in Windows-1252.
static LEADS: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(["Ã", "Â", "â€"]).expect("literal patterns build"));

/// The byte Windows-1252 (or, for its five holes and U+0080–U+009F, Latin-1) writes for `c`.
fn legacy_byte(c: char) -> Option<u8> {
    if (c as u32) <= 0xFF {
        return Some(c as u32 as u8);
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
    (!unmappable && bytes.len() == 1).then(|| bytes[0])
}

/// Part of a garbled word: a letter or digit, or a character a UTF-8 continuation byte
/// (0x80–0xBF) becomes in Windows-1252 or Latin-1.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && legacy_byte(c).is_some_and(|b| b & 0xC0 == 0x80))
}

/// The word with its garbled runs repaired; `None` when nothing was garbled.
pub fn repair(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    let mut changed = false;
    let mut rest = word;
    while !rest.is_empty() {
        let ascii = rest.find(|c: char| !c.is_ascii()).unwrap_or(rest.len());
        out.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        let run = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        let bytes: Option<Vec<u8>> = rest[..run].chars().map(legacy_byte).collect();
        match bytes.and_then(|b| String::from_utf8(b).ok()) {
            Some(fixed) if fixed != rest[..run] => {
                out.push_str(&fixed);
                changed = true;
            }
            _ => out.push_str(&rest[..run]),
        }
        rest = &rest[run..];
    }
    changed.then_some(out)
}

impl Kind for Mojibake {
    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        let text = cx.view(Scope::Prose);
        let body = cx.doc.body.clone();
        let mut done = body.start;
        for m in LEADS.find_iter(&text[body.clone()]) {
            let at = body.start + m.start();
            if at < done || cx.is_hidden(Scope::Prose, at) {
                continue;
            }
            let start = text[body.start..at]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| in_word(c))
                .last()
                .map_or(at, |(i, _)| body.start + i);
            let end = text[at..body.end]
                .char_indices()
                .find(|&(_, c)| !in_word(c))
                .map_or(body.end, |(i, _)| at + i);
            done = end;
            let word = &cx.doc.text[start..end];
            if let Some(fixed) = repair(word) {
                let mut d = Draft::at(start..end);
                d.suggestions.push(fixed);
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbled_runs_are_repaired() {
        assert_eq!(repair("InformaciÃ³n").as_deref(), Some("Información"));
        assert_eq!(repair("pequeÃ±Ã\u{AD}simo").as_deref(), Some("pequeñísimo"));
        assert_eq!(repair("Â¿Sabías").as_deref(), Some("¿Sabías"));
        assert_eq!(repair("â€œinformeâ€\u{9D}").as_deref(), Some("“informe”"));
        assert_eq!(repair("EspaÃ‘a").as_deref(), Some("EspaÑa"));
        // Correct or foreign words are left alone.
        assert_eq!(repair("Información"), None);
        assert_eq!(repair("SÃO"), None);
        assert_eq!(repair("château"), None);
    }

    #[test]
    fn words_take_in_garbled_characters() {
        assert!(in_word('³') && in_word('±') && in_word('©') && in_word('\u{9D}'));
        assert!(in_word('“') && in_word('€'));
        assert!(in_word('é') && in_word('n'));
        assert!(!in_word(' ') && !in_word('.') && !in_word('\u{1F}'));
    }
}
