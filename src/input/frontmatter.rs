/*!
YAML front matter of Markdown drafts.

A draft may open with a `---` line, YAML, and a closing `---` (or `...`) line. The keys vigia
reads are typed in [`Meta`], in English or Spanish (`platform`/`plataforma`, `kind`/`tipo`,
`scheduled`/`programado`, `date`/`fecha`, `account`/`cuenta`). A few keys that publishing
tools write (`title`, `tags`, `author`…, see [`IGNORED_KEYS`]) are accepted and not
interpreted; any other key is a mistake that would silently switch checks off (`platfrom: x`
means no length check), so [`unknown_keys`] reports it with a did-you-mean.
*/

use std::ops::Range;

use serde::Deserialize;

/// What a draft says about itself.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Meta {
    /// Network the post is for (`x`, `facebook`, `instagram`, `linkedin`, …).
    #[serde(alias = "plataforma")]
    pub platform: Option<String>,
    /// `post`, `reply`, `nota`, `comunicado` (see [`canonical_kind`]).
    #[serde(alias = "tipo")]
    pub kind: Option<String>,
    #[serde(alias = "fecha")]
    pub date: Option<String>,
    /// Account the post is published from.
    #[serde(alias = "cuenta")]
    pub account: Option<String>,
    /// When the post or reply is scheduled.
    #[serde(alias = "programado")]
    pub scheduled: Option<String>,
    /// Link to the published post (archives whose export gives one).
    pub url: Option<String>,
    /// `vigia: {disable: [rule, …]}`.
    pub vigia: VigiaMeta,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct VigiaMeta {
    pub disable: Vec<String>,
}

/// The keys vigia reads, each with its Spanish alias: `(key, alias)`.
pub const KEYS: &[(&str, &str)] = &[
    ("platform", "plataforma"),
    ("kind", "tipo"),
    ("date", "fecha"),
    ("account", "cuenta"),
    ("scheduled", "programado"),
    ("vigia", "vigia"),
];

/// Keys that publishing tools write and vigia accepts without interpreting them (`title` is
/// measured for YouTube).
pub const IGNORED_KEYS: &[&str] = &[
    "title",
    "título",
    "tags",
    "etiquetas",
    "author",
    "autor",
    "description",
    "descripción",
    "draft",
    "borrador",
    "slug",
    "image",
    "imagen",
    "url",
    "link",
    "enlace",
    "lang",
    "idioma",
];

/// The kinds of post, each with the names that mean it.
pub const KINDS: &[(&str, &[&str])] = &[
    ("post", &["post", "publicación", "publicacion"]),
    ("reply", &["reply", "respuesta"]),
    ("nota", &["nota", "nota-de-prensa", "nota de prensa"]),
    ("comunicado", &["comunicado"]),
];

/// The canonical kind a front-matter `kind` names (`respuesta` → `reply`), any case,
/// surrounding blanks ignored; `None` for an unknown kind.
pub fn canonical_kind(name: &str) -> Option<&'static str> {
    let lower = name.trim().to_lowercase();
    KINDS
        .iter()
        .find(|(_, names)| names.contains(&lower.as_str()))
        .map(|(id, _)| *id)
}

/// The Spanish error for an unknown kind, with a did-you-mean.
pub fn unknown_kind(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let names = KINDS.iter().flat_map(|(_, n)| n.iter().copied());
    let ids = KINDS
        .iter()
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(", ");
    match crate::rules::did_you_mean(&lower, names) {
        Some(m) => format!(
            "tipo de publicación desconocido «{name}»; ¿quiso decir «{m}»? (tipos: {ids}, o en español publicación, respuesta, nota de prensa)"
        ),
        None => format!(
            "tipo de publicación desconocido «{name}» (tipos: {ids}, o en español publicación, respuesta, nota de prensa)"
        ),
    }
}

/// The top-level keys of the front matter that vigia neither reads nor accepts, each with
/// the offset of the key in the whole text and the Spanish error (with a did-you-mean).
pub fn unknown_keys(text: &str, fm: &FrontMatter) -> Vec<(usize, String)> {
    let known = || KEYS.iter().flat_map(|(k, a)| [*k, *a]);
    let mut found = Vec::new();
    let mut line_start = fm.yaml.start;
    for line in text[fm.yaml.clone()].split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let Some((key, _)) = top_level_key(line) else {
            continue;
        };
        let lower = key.to_lowercase();
        if known().any(|k| k == lower) || IGNORED_KEYS.contains(&lower.as_str()) {
            continue;
        }
        let message = match crate::rules::did_you_mean(&lower, known()) {
            Some(m) => format!("clave desconocida `{key}` en el front matter; ¿quiso decir `{m}`?"),
            None => format!(
                "clave desconocida `{key}` en el front matter (claves: {}; se aceptan sin revisar: {})",
                KEYS.iter()
                    .map(|(k, a)| if k == a {
                        k.to_string()
                    } else {
                        format!("{k}/{a}")
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                IGNORED_KEYS.join(", ")
            ),
        };
        found.push((start + (line.len() - line.trim_start().len()), message));
    }
    found
}

/// The key of a top-level `key: value` line (not indented, not a comment or list item),
/// unquoted, with its byte length in the line.
fn top_level_key(line: &str) -> Option<(&str, usize)> {
    if line.starts_with([' ', '\t', '#', '-', '\r', '\n']) || line.trim().is_empty() {
        return None;
    }
    let colon = line.find(": ").or_else(|| {
        let t = line.trim_end();
        t.ends_with(':').then(|| t.len() - 1)
    })?;
    let key = line[..colon].trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key);
    (!key.is_empty()).then_some((key, colon))
}

/// Where the front matter is: the whole block with its fences, and the YAML inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub block: Range<usize>,
    pub yaml: Range<usize>,
}

/// Finds a front-matter block at the start of `text` (after an optional BOM).
pub fn locate(text: &str) -> Option<FrontMatter> {
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_len = if rest.starts_with("---\n") {
        4
    } else if rest.starts_with("---\r\n") {
        5
    } else {
        return None;
    };
    let yaml_start = start + first_len;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        if line == "---" || line == "..." {
            let block_end = (line_end + 1).min(text.len());
            return Some(FrontMatter {
                block: start..block_end,
                yaml: yaml_start..line_start,
            });
        }
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    None
}

/// A front-matter problem, with its position inside the YAML block.
#[derive(Debug, Clone)]
pub struct MetaError {
    /// Byte offset in the whole text.
    pub offset: usize,
    pub message: String,
}

/// Parses the YAML of a located front matter.
pub fn parse(text: &str, fm: &FrontMatter) -> Result<Meta, MetaError> {
    let yaml = &text[fm.yaml.clone()];
    if yaml.trim().is_empty() {
        return Ok(Meta::default());
    }
    serde_saphyr::from_str::<Meta>(yaml).map_err(|e| {
        let offset = e
            .location()
            .and_then(|l| line_col_to_offset(yaml, l.line() as usize, l.column() as usize))
            .map_or(fm.yaml.start, |o| fm.yaml.start + o);
        MetaError {
            offset,
            message: first_line(&e.without_snippet().to_string()),
        }
    })
}

/// Byte offset of a 1-based line and column (in chars) of `text`.
pub fn line_col_to_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let col = column.saturating_sub(1);
    Some(
        text[start..]
            .char_indices()
            .nth(col)
            .map_or(text.len(), |(i, _)| start + i),
    )
}

/// Byte range (in the whole text) of the value of a top-level scalar `key` (or its Spanish
/// alias, see [`KEYS`]) of the front matter, quotes included, without a trailing comment;
/// `None` when the key is absent, empty or not a one-line scalar.
pub fn value_span(text: &str, fm: &FrontMatter, key: &str) -> Option<Range<usize>> {
    let alias = KEYS.iter().find(|(k, _)| *k == key).map(|(_, a)| *a);
    value_span_of(text, fm, key).or_else(|| alias.and_then(|a| value_span_of(text, fm, a)))
}

fn value_span_of(text: &str, fm: &FrontMatter, key: &str) -> Option<Range<usize>> {
    let mut line_start = fm.yaml.start;
    for line in text[fm.yaml.clone()].split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
            continue;
        };
        let value_start = start + key.len() + 1 + (rest.len() - rest.trim_start().len());
        let value = rest.trim();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => match value[1..].find(q) {
                Some(i) => &value[..i + 2],
                None => value,
            },
            _ => value.split(" #").next().unwrap_or(value).trim_end(),
        };
        if value.is_empty() || value.starts_with(['|', '>', '[', '{']) {
            return None;
        }
        return Some(value_start..value_start + value.len());
    }
    None
}

/// A YAML scalar as written (`"a"`, `'b'`, `c`) → its text.
pub fn unquote(value: &str) -> String {
    let v = value.trim();
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        v[1..v.len() - 1].replace("\\\"", "\"")
    } else if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else {
        v.to_string()
    }
}

/// The first line of a YAML error, without the position serde-saphyr appends (the finding
/// carries the position in the whole file).
fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or(s).trim();
    line.find(" at line ")
        .map_or(line, |i| &line[..i])
        .trim_end_matches(',')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_and_parses() {
        let t = "---\nplatform: x\nkind: reply\ntitle: otro\nvigia:\n  disable: [grammar/double-space]\n---\nHola\n";
        let fm = locate(t).unwrap();
        assert_eq!(&t[fm.block.end..], "Hola\n");
        let meta = parse(t, &fm).unwrap();
        assert_eq!(meta.platform.as_deref(), Some("x"));
        assert_eq!(meta.kind.as_deref(), Some("reply"));
        assert_eq!(meta.vigia.disable, vec!["grammar/double-space"]);
    }

    #[test]
    fn spanish_keys_and_kinds() {
        let t =
            "---\nplataforma: twitter\ntipo: Respuesta\nprogramado: 2026-03-04 10:30\n---\nHola\n";
        let fm = locate(t).unwrap();
        let meta = parse(t, &fm).unwrap();
        assert_eq!(meta.platform.as_deref(), Some("twitter"));
        assert_eq!(meta.scheduled.as_deref(), Some("2026-03-04 10:30"));
        assert_eq!(canonical_kind(meta.kind.as_deref().unwrap()), Some("reply"));
        assert!(unknown_keys(t, &fm).is_empty());
        assert_eq!(
            value_span(t, &fm, "platform").map(|r| &t[r]),
            Some("twitter")
        );
        for (name, id) in [
            ("nota de prensa", "nota"),
            ("Nota-de-prensa", "nota"),
            ("publicación", "post"),
            ("comunicado", "comunicado"),
            (" post ", "post"),
        ] {
            assert_eq!(canonical_kind(name), Some(id), "{name}");
        }
        assert_eq!(canonical_kind("respusta"), None);
        assert!(unknown_kind("respusta").contains("¿quiso decir «respuesta»?"));
    }

    #[test]
    fn unknown_keys_are_found_with_a_suggestion() {
        let t = "---\nplatfrom: x\ntitle: \"A: b\"\ntags:\n  - uno\nnested:\n  platfrom: y\n# comentario: no\n---\nHola\n";
        let fm = locate(t).unwrap();
        let got = unknown_keys(t, &fm);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(&t[got[0].0..got[0].0 + 8], "platfrom");
        assert!(
            got[0].1.contains("¿quiso decir `platform`?"),
            "{}",
            got[0].1
        );
        assert_eq!(&t[got[1].0..got[1].0 + 6], "nested");
        assert!(!got[1].1.contains("quiso decir"), "{}", got[1].1);
    }

    #[test]
    fn no_front_matter() {
        assert!(locate("Hola\n---\n").is_none());
        assert!(locate("---\nsin cierre\n").is_none());
        assert!(locate("\u{FEFF}---\r\nplatform: x\r\n---\r\nHola").is_some());
    }

    #[test]
    fn value_spans_of_top_level_scalars() {
        let t = "---\nplatform: x\nscheduled: 2026-03-07 21:30   # sábado\ntitle: \"Taller: EIA\"\nkind:\nnested:\n  scheduled: no\n---\nHola";
        let fm = locate(t).unwrap();
        let v = |k| value_span(t, &fm, k).map(|r| &t[r]);
        assert_eq!(v("scheduled"), Some("2026-03-07 21:30"));
        assert_eq!(v("platform"), Some("x"));
        assert_eq!(v("title"), Some("\"Taller: EIA\""));
        assert_eq!(unquote(v("title").unwrap()), "Taller: EIA");
        assert_eq!(v("kind"), None);
        assert_eq!(v("date"), None);
        assert_eq!(unquote("'it''s'"), "it's");
    }

    #[test]
    fn bad_yaml_has_a_position() {
        let t = "---\nplatform: [x\n---\nHola";
        let fm = locate(t).unwrap();
        let err = parse(t, &fm).unwrap_err();
        assert!(
            err.offset >= fm.yaml.start && err.offset <= fm.yaml.end,
            "{err:?}"
        );
    }
}
