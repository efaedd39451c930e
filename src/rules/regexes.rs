/*!
Regexes written in packs: parsed once at load, compiled when first needed.

Compiling a regex (its NFA and lazy DFA) costs far more than parsing it, and most regexes of
the bundled packs never run on a given input: the engine's literal prefilter proves they
cannot match. So a [`PackRegex`] is parsed at load (syntax errors, capture names and the
literals any match must contain come from the parse) and compiled on first use. Packs read
from files (`--rules`, `.vigia.yaml`) are compiled at load instead, so a regex too large to
build is reported at its line and column; the bundled packs are compiled by `cargo test`.

[`required_literals`] reads a parsed regex for a set of strings one of which every match
contains, folded like the text terms are matched in (lowercase, no accents, `ñ` kept).
*/

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_saphyr::Spanned;

use super::pack::Problems;
use crate::text::fold::fold_char;

/// Size limits for every pack regex (compiled program and lazy-DFA cache).
const SIZE_LIMIT: usize = 20 << 20;

/// The lazy DFA's cache of each regex, per thread. Memory, not compile size: hundreds of
/// regexes scanning varied text filled caches of `SIZE_LIMIT` to over 100 MB; a full cache is
/// cleared and rebuilt as needed.
const DFA_CACHE: usize = 1 << 20;

/// A regex of a pack with what its parse told.
#[derive(Debug)]
pub struct PackRegex {
    source: String,
    compiled: OnceLock<Option<Regex>>,
    /// Capture group names by index (index 0, the whole match, has none).
    names: Vec<Option<String>>,
    /// Strings one of which every match contains (folded), if the regex says so.
    literals: Option<Vec<String>>,
}

impl PackRegex {
    /// Parses (and, when `p` asks for it, compiles) a regex written in a pack, refusing
    /// `\b` / `\B`. Problems are reported at the regex's place.
    pub fn new(src: &Spanned<String>, p: &mut Problems) -> Option<PackRegex> {
        let expanded = match p.fragments.expand(&src.value) {
            Ok(e) => e,
            Err(m) => {
                p.at(&src.referenced, m);
                return None;
            }
        };
        let src = &Spanned::new(expanded, src.referenced, src.defined);
        if has_word_boundary(&src.value) {
            p.at(
                &src.referenced,
                "no use \\b ni \\B: el motor comprueba los límites de palabra (`words: true`) \
                 y \\b Unicode hace lento el regex",
            );
            return None;
        }
        let re = match PackRegex::parse(&src.value) {
            Ok(r) => r,
            Err(m) => {
                p.at(&src.referenced, format!("regex no válido: {m}"));
                return None;
            }
        };
        if p.eager
            && let Err(m) = build(&re.source)
        {
            p.at(&src.referenced, format!("regex no válido: {m}"));
            return None;
        }
        Some(re)
    }

    /// A regex built by vigia itself (always valid); compiled on first use.
    pub fn internal(source: String) -> PackRegex {
        PackRegex::parse(&source).unwrap_or_else(|_| PackRegex {
            source,
            compiled: OnceLock::new(),
            names: vec![None],
            literals: None,
        })
    }

    /// Parses a regex (syntax errors only; it is compiled on first use).
    pub fn parse(source: &str) -> Result<PackRegex, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(source)
            .map_err(|e| last_line(&e.to_string()))?;
        let mut names = vec![None];
        captures(&hir, &mut names);
        Ok(PackRegex {
            source: source.to_string(),
            compiled: OnceLock::new(),
            names,
            literals: required_literals(&hir),
        })
    }

    /// The compiled regex (`None` only if it cannot be built, which `cargo test` rules out
    /// for the bundled packs and the loader for the others).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| build(&self.source).ok())
            .as_ref()
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Capture group names by index; index 0 is the whole match.
    pub fn capture_names(&self) -> &[Option<String>] {
        &self.names
    }

    /// Strings one of which every match contains, folded.
    pub fn literals(&self) -> Option<&[String]> {
        self.literals.as_deref()
    }
}

/// The named fragments of a pack (`fragments:`), which its regexes include with `(?&name)`.
///
/// A fragment is a piece of regex written once and reused: `(?&person)` in a regex becomes
/// `(?-x:body)`, so the body means the same inside an `(?x)` regex (write `(?x)` at its start
/// for a fragment laid out on several lines) and takes the flags of the regex around it
/// otherwise (`(?i)`). Fragments may include fragments; a cycle is an error.
#[derive(Debug, Default, Clone)]
pub struct Fragments {
    bodies: std::collections::HashMap<String, String>,
}

/// How a regex includes a fragment: `(?&name)` (not valid regex syntax, so never ambiguous).
const OPEN: &str = "(?&";

impl Fragments {
    /// Validates and expands a pack's fragments, reporting problems at their places.
    pub fn compile(
        defs: &std::collections::HashMap<Spanned<String>, Spanned<String>>,
        p: &mut Problems,
    ) -> Fragments {
        let mut defs: Vec<_> = defs.iter().collect();
        defs.sort_by_key(|(k, _)| (k.referenced.line(), k.referenced.column()));
        let raw: std::collections::HashMap<&str, &str> = defs
            .iter()
            .map(|(k, v)| (k.value.as_str(), v.value.as_str()))
            .collect();
        let mut out = Fragments::default();
        for (name, body) in defs {
            if !valid_name(&name.value) {
                p.at(
                    &name.referenced,
                    format!(
                        "nombre de fragmento no válido «{}»: use minúsculas, dígitos, `_` y `-`",
                        name.value
                    ),
                );
                continue;
            }
            let mut stack = vec![name.value.as_str()];
            match expand_with(&body.value, &raw, &mut stack) {
                Ok(e) => match PackRegex::parse(&e) {
                    Ok(_) => {
                        out.bodies.insert(name.value.clone(), e);
                    }
                    Err(m) => p.at(&body.referenced, format!("fragmento no válido: {m}")),
                },
                Err(m) => p.at(&body.referenced, m),
            }
        }
        out
    }

    /// `source` with every `(?&name)` replaced by the fragment's body.
    pub fn expand(&self, source: &str) -> Result<String, String> {
        if !source.contains(OPEN) {
            return Ok(source.to_string());
        }
        let raw = self
            .bodies
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        expand_with(source, &raw, &mut Vec::new())
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn expand_with<'a>(
    source: &str,
    raw: &std::collections::HashMap<&'a str, &'a str>,
    stack: &mut Vec<&'a str>,
) -> Result<String, String> {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(i) = rest.find(OPEN) {
        // `\(?&` is a literal parenthesis followed by `?&`: leave it.
        let escaped = rest[..i].chars().rev().take_while(|&c| c == '\\').count() % 2 == 1;
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len()..];
        if escaped {
            out.push_str(OPEN);
            rest = after;
            continue;
        }
        let Some(end) = after.find(')') else {
            return Err("`(?&` sin cerrar: escriba `(?&nombre)`".into());
        };
        let name = &after[..end];
        let Some((&key, &body)) = raw.get_key_value(name) else {
            return Err(format!(
                "fragmento desconocido «{name}»: defínalo en `fragments:` del pack"
            ));
        };
        if stack.contains(&key) {
            return Err(format!(
                "el fragmento «{name}» se incluye a sí mismo ({} → {name})",
                stack.join(" → ")
            ));
        }
        stack.push(key);
        let body = expand_with(body, raw, stack)?;
        stack.pop();
        out.push_str("(?-x:");
        out.push_str(&body);
        // A comment in an `(?x)` body runs to the end of its line: close on a new line.
        out.push_str(if body.trim_start().starts_with("(?x)") {
            "\n)"
        } else {
            ")"
        });
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn build(source: &str) -> Result<Regex, String> {
    RegexBuilder::new(source)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_CACHE)
        .build()
        .map_err(|e| last_line(&e.to_string()))
}

/// The line of a regex error that says what is wrong.
fn last_line(msg: &str) -> String {
    msg.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| l.trim().trim_start_matches("error:").trim().to_string())
        .unwrap_or_else(|| msg.trim().to_string())
}

fn captures(hir: &Hir, names: &mut Vec<Option<String>>) {
    match hir.kind() {
        HirKind::Capture(c) => {
            let i = c.index as usize;
            if names.len() <= i {
                names.resize(i + 1, None);
            }
            names[i] = c.name.as_deref().map(str::to_string);
            captures(&c.sub, names);
        }
        HirKind::Repetition(r) => captures(&r.sub, names),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for s in subs {
                captures(s, names);
            }
        }
        _ => {}
    }
}

/// Whether `re` uses `\b` or `\B` outside a character class (an escaped backslash does not
/// count).
pub fn has_word_boundary(re: &str) -> bool {
    let mut chars = re.chars();
    let mut in_class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b' | 'B') if in_class == 0 => return true,
                _ => {}
            },
            '[' => in_class += 1,
            ']' if in_class > 0 => in_class -= 1,
            _ => {}
        }
    }
    false
}

// --- required literals -------------------------------------------------------------------

/// Most strings a literal set may hold before it is not worth it.
const MAX_SET: usize = 64;

/// What a sub-expression says about literals: the exact strings it matches (when few and
/// made only of literal characters) and the best set of strings one of which it contains.
#[derive(Debug, Clone, Default)]
struct Info {
    exact: Option<Vec<String>>,
    required: Option<Vec<String>>,
}

/// A literal set every match of `hir` contains one of, folded; `None` when there is no set
/// selective enough: each string needs three characters, or one that is not a letter (`?`,
/// `@`, a digit).
pub fn required_literals(hir: &Hir) -> Option<Vec<String>> {
    let i = info(hir);
    better(i.required, usable(&i.exact))
}

/// Characters a literal may hold: they survive folding unchanged in place (no white space,
/// which folding collapses, and no Markdown syntax, which it may remove).
fn literal_char(c: char) -> bool {
    c.is_alphanumeric() || "/.@-%$&'+#:,;?!¿¡=".contains(c)
}

fn usable(set: &Option<Vec<String>>) -> Option<Vec<String>> {
    let set = set.as_ref()?;
    // Two letters (`de`, `el`) occur in nearly every post and filter nothing; a digit or a
    // symbol (`?`, `@`, `s/`) is selective even alone.
    let strong = |s: &String| s.chars().count() >= 3 || !s.chars().all(char::is_alphabetic);
    (!set.is_empty() && set.iter().all(strong)).then(|| set.clone())
}

/// Prefers the set whose shortest string is longer, then the smaller set.
fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    let score = |s: &[String]| {
        (
            s.iter().map(|x| x.chars().count()).min().unwrap_or(0),
            std::cmp::Reverse(s.len()),
        )
    };
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
    }
}

fn cross(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out: Vec<String> = a
        .iter()
        .flat_map(|x| b.iter().map(move |y| format!("{x}{y}")))
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// The one folded character every member of `class` folds to, if there is one.
fn class_char(class: &Class) -> Option<char> {
    let Class::Unicode(u) = class else {
        return None;
    };
    // Case and accent variants of one letter take a few ranges (`[oóOÓ]`); a class with
    // more (`\p{L}`) is no literal.
    if u.ranges().len() > 6 {
        return None;
    }
    let mut one: Option<char> = None;
    for r in u.iter() {
        if r.end() as u32 - r.start() as u32 > 8 {
            return None;
        }
        for c in r.start()..=r.end() {
            let f = fold_char(c)?;
            if one.is_some_and(|o| o != f) {
                return None;
            }
            one = Some(f);
        }
    }
    one.filter(|c| literal_char(*c))
}

fn info(hir: &Hir) -> Info {
    match hir.kind() {
        // Zero-width: transparent inside a run of literal characters.
        HirKind::Empty | HirKind::Look(_) => Info {
            exact: Some(vec![String::new()]),
            required: None,
        },
        HirKind::Literal(lit) => {
            let s = String::from_utf8_lossy(&lit.0);
            let folded: Option<String> = s
                .chars()
                .map(|c| fold_char(c).filter(|f| literal_char(*f)))
                .collect();
            Info {
                exact: folded.map(|f| vec![f]),
                required: None,
            }
        }
        HirKind::Class(c) => Info {
            exact: class_char(c).map(|c| vec![c.to_string()]),
            required: None,
        },
        HirKind::Repetition(r) => {
            if r.min == 0 {
                return Info::default();
            }
            let sub = info(&r.sub);
            let exact = (r.min == 1 && r.max == Some(1))
                .then(|| sub.exact.clone())
                .flatten();
            Info {
                exact,
                required: better(sub.required, usable(&sub.exact)),
            }
        }
        HirKind::Capture(c) => info(&c.sub),
        HirKind::Concat(subs) => {
            let mut best = None;
            let mut run: Option<Vec<String>> = Some(vec![String::new()]);
            let mut all_exact = true;
            for sub in subs.iter().map(info) {
                best = better(best, sub.required.clone());
                match (&run, &sub.exact) {
                    (Some(r), Some(e)) => {
                        run = cross(r, e);
                        if run.is_none() {
                            all_exact = false;
                        }
                    }
                    _ => {
                        best = better(best, usable(&run));
                        run = sub.exact.clone();
                        all_exact = false;
                    }
                }
            }
            best = better(best, usable(&run));
            Info {
                exact: if all_exact { run } else { None },
                required: best,
            }
        }
        HirKind::Alternation(subs) => {
            let infos: Vec<Info> = subs.iter().map(info).collect();
            let exact = infos.iter().try_fold(Vec::new(), |mut acc, i| {
                acc.extend(i.exact.clone()?);
                (acc.len() <= MAX_SET).then_some(acc)
            });
            let required = infos.iter().try_fold(Vec::new(), |mut acc, i| {
                acc.extend(better(i.required.clone(), usable(&i.exact))?);
                (acc.len() <= MAX_SET).then_some(acc)
            });
            Info {
                exact,
                required: required.map(|mut v| {
                    v.sort();
                    v.dedup();
                    v
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(re: &str) -> Option<Vec<String>> {
        required_literals(&regex_syntax::parse(re).unwrap())
    }

    #[test]
    fn literals_are_folded_and_required() {
        assert_eq!(lits("(?i)DNI\\s*\\d{8}"), Some(vec!["dni".into()]));
        assert_eq!(
            lits("(?i)(?:vota|voten) por"),
            Some(vec!["vota".into(), "voten".into()])
        );
        assert_eq!(lits("informaci[oó]n"), Some(vec!["informacion".into()]));
        assert_eq!(lits("(?P<hit>S/\\.?\\s?\\d+)"), Some(vec!["s/".into()]));
        assert_eq!(lits("contraseña"), Some(vec!["contraseña".into()]));
    }

    #[test]
    fn no_literals_when_a_match_needs_none() {
        assert_eq!(lits("[^\\s](?P<hit>[ \\t]{2,})[^\\s]"), None);
        assert_eq!(lits("(?:vota)?\\d+"), None);
        assert_eq!(lits("(?i)a|b"), None);
        // Markdown syntax and white space never make a literal.
        assert_eq!(lits("\\*\\*x"), None);
    }

    #[test]
    fn captures_are_named() {
        let p = PackRegex::internal("(a)(?P<hit>b)".into());
        assert_eq!(p.capture_names(), &[None, None, Some("hit".to_string())]);
        assert!(p.get().unwrap().is_match("ab"));
    }
}
