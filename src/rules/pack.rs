/*!
Reading rule packs: YAML → typed definitions → validated, compiled [`RuleSet`].

YAML is parsed with serde-saphyr into structs that deny unknown keys and keep the position of
every value that can be wrong (`Spanned<T>`), so an invalid regex is reported at its own line
and column. Problems are collected across all packs and returned together. Nothing here
panics on bad input.
*/

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::kind;
use super::patterns::Lexicons;
use super::regexes::{Fragments, PackRegex};
use super::template::Template;
use super::{Example, Examples, FixSafety, Level, Location, PackInfo, Rule, RuleInfo, RuleSet};
use crate::error::{Error, PackError};
use crate::text::fold;

/// Where a pack comes from.
#[derive(Debug, Clone)]
pub enum PackSource {
    /// Embedded in the binary: (file name, text).
    Bundled(&'static str, &'static str),
    /// A YAML file, or a directory of them.
    Path(PathBuf),
    /// A pack made at run time (the configuration's `reject` vocabulary): (name, text).
    Generated(String, String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackDef {
    pack: Spanned<String>,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    level: Option<Spanned<String>>,
    #[serde(default)]
    section: Option<Spanned<String>>,
    /// Rules every rule of the pack hides where they overlap (`grammar/spelling`).
    #[serde(default)]
    supersedes: Vec<Spanned<String>>,
    /// Named regex fragments the pack's regexes include with `(?&name)`.
    #[serde(default)]
    fragments: std::collections::HashMap<Spanned<String>, Spanned<String>>,
    rules: Vec<RuleDef>,
}

/// One rule as written. Fields of every kind live here; each kind checks that only its own
/// are set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    #[serde(default)]
    pub level: Option<Spanned<String>>,
    #[serde(default)]
    pub section: Option<Spanned<String>>,
    #[serde(default)]
    pub message: Option<Spanned<String>>,
    #[serde(default)]
    pub help: Option<Spanned<String>>,
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
    #[serde(default)]
    pub fix: Option<Spanned<String>>,
    #[serde(default)]
    pub except: Vec<Spanned<String>>,
    #[serde(default)]
    pub except_patterns: Vec<Spanned<String>>,
    /// Rules whose findings this rule's findings hide where they overlap (ids of this pack
    /// or `pack/slug`).
    #[serde(default)]
    pub supersedes: Vec<Spanned<String>>,
    /// Only documents whose front matter `kind:` is one of these (`reply`, `nota`…).
    #[serde(default)]
    pub applies_to: Option<Spanned<Vec<Spanned<String>>>>,
    /// Only documents for one of these platforms (ids or aliases).
    #[serde(default)]
    pub platforms: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub examples: Option<Spanned<ExamplesDef>>,
    // --- kind-specific fields; each kind lists the ones it reads in `kind::FIELDS` ---
    #[serde(default)]
    pub terms: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub obfuscation: Option<Spanned<bool>>,
    #[serde(default)]
    pub swap: Option<Spanned<SwapDef>>,
    #[serde(default)]
    pub allow_doubled: Option<Spanned<bool>>,
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub words: Option<Spanned<bool>>,
    #[serde(default)]
    pub validate: Option<Spanned<String>>,
    #[serde(default)]
    pub replace: Option<Spanned<String>>,
    #[serde(default)]
    pub scope: Option<Spanned<String>>,
    // metric
    #[serde(default)]
    pub measure: Option<Spanned<String>>,
    #[serde(default)]
    pub max: Option<Spanned<kind::metric::BoundDef>>,
    #[serde(default)]
    pub min: Option<Spanned<kind::metric::BoundDef>>,
    #[serde(default)]
    pub min_words: Option<Spanned<u64>>,
    // capitalization
    #[serde(default)]
    pub check: Option<Spanned<String>>,
    #[serde(default)]
    pub names: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub min_letters: Option<Spanned<u64>>,
    // conditional
    #[serde(default)]
    pub first: Option<Spanned<String>>,
    #[serde(default)]
    pub second: Option<Spanned<String>>,
    #[serde(default)]
    pub known: Option<Spanned<Vec<Spanned<String>>>>,
    // schedule
    #[serde(default)]
    pub hours: Option<Spanned<String>>,
    #[serde(default)]
    pub weekdays: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub holidays: Option<Spanned<String>>,
    #[serde(default)]
    pub utc_offset: Option<Spanned<String>>,
    // spelling
    #[serde(default)]
    pub dictionary: Option<Spanned<String>>,
    #[serde(default)]
    pub accept: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub proper_nouns: Option<Spanned<String>>,
    #[serde(default)]
    pub hashtags: Option<Spanned<String>>,
    // tokens
    #[serde(default)]
    pub patterns: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub antipatterns: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub suggestions: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub respell: Option<Spanned<String>>,
}

impl RuleDef {
    /// The kind-specific fields that are set, with where.
    pub fn kind_fields(&self) -> Vec<(&'static str, serde_saphyr::Location)> {
        let mut v = Vec::new();
        macro_rules! field {
            ($($name:ident),*) => {$(
                if let Some(f) = &self.$name {
                    v.push((stringify!($name), f.referenced));
                }
            )*};
        }
        field!(
            terms,
            obfuscation,
            swap,
            allow_doubled,
            pattern,
            words,
            validate,
            replace,
            scope,
            measure,
            max,
            min,
            min_words,
            check,
            names,
            min_letters,
            first,
            second,
            known,
            hours,
            weekdays,
            holidays,
            utc_offset,
            dictionary,
            accept,
            proper_nouns,
            hashtags,
            patterns,
            antipatterns,
            suggestions,
            respell
        );
        v
    }
}

/// `swap:` — avoided term → one alternative or a list, in the order written.
#[derive(Debug, Default)]
pub struct SwapDef(pub Vec<(Spanned<String>, Vec<String>)>);

impl<'de> Deserialize<'de> for SwapDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SwapDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from avoided term to alternatives")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SwapDef, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let alts = match map.next_value::<OneOrMany>()? {
                        OneOrMany::One(s) => vec![s],
                        OneOrMany::Many(v) => v,
                    };
                    out.push((key, alts));
                }
                Ok(SwapDef(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ExamplesDef {
    #[serde(default)]
    bad: Vec<Spanned<ExampleDef>>,
    #[serde(default)]
    good: Vec<Spanned<ExampleDef>>,
}

#[derive(Debug)]
enum ExampleDef {
    Text(String),
    Full {
        text: String,
        fix: Option<String>,
        suggestions: Option<Vec<String>>,
    },
}

impl<'de> Deserialize<'de> for ExampleDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ExampleDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sentence, or a map with `text`, `fix` and `suggestions`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ExampleDef, E> {
                Ok(ExampleDef::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ExampleDef, A::Error> {
                let (mut text, mut fix, mut suggestions) = (None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" => text = Some(map.next_value()?),
                        "fix" => fix = Some(map.next_value()?),
                        "suggestions" => suggestions = Some(map.next_value()?),
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["text", "fix", "suggestions"],
                            ));
                        }
                    }
                }
                Ok(ExampleDef::Full {
                    text: text.ok_or_else(|| de::Error::missing_field("text"))?,
                    fix,
                    suggestions,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// Collects problems for one pack file and turns positions into [`PackError`]s.
pub struct Problems<'a> {
    path: &'a str,
    source: Arc<str>,
    pub errors: Vec<PackError>,
    /// Compile regexes now (packs from files) rather than on first use (bundled packs,
    /// compiled by `cargo test`).
    pub eager: bool,
    /// The lexicons token patterns may name.
    pub lexicons: Arc<Lexicons>,
    /// The pack's regex fragments, expanded.
    pub fragments: Fragments,
}

impl<'a> Problems<'a> {
    /// Problems of the file at `path` whose text is `text`.
    pub fn new(path: &'a str, text: &str, eager: bool) -> Problems<'a> {
        Problems {
            path,
            source: Arc::from(text),
            errors: Vec::new(),
            eager,
            lexicons: Arc::default(),
            fragments: Fragments::default(),
        }
    }

    /// Records a problem at a YAML location.
    pub fn at(&mut self, loc: &serde_saphyr::Location, message: impl Into<String>) {
        self.errors.push(PackError {
            path: self.path.to_string(),
            source: Some(self.source.clone()),
            line: loc.line() as usize,
            column: loc.column() as usize,
            message: message.into(),
        });
    }

    /// Records a problem at byte `offset` inside the string value at `loc` (a pattern's
    /// element): one column further when the value is quoted.
    pub fn at_inside(
        &mut self,
        loc: &serde_saphyr::Location,
        offset: usize,
        message: impl Into<String>,
    ) {
        let line = loc.line() as usize;
        let column = loc.column() as usize;
        let quoted = self
            .source
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.chars().nth(column.saturating_sub(1)))
            .is_some_and(|c| c == '"' || c == '\'');
        let value_line = self
            .source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("");
        let skip: usize = value_line
            .chars()
            .skip(column.saturating_sub(1) + usize::from(quoted))
            .scan(0usize, |bytes, c| {
                if *bytes >= offset {
                    return None;
                }
                *bytes += c.len_utf8();
                Some(1)
            })
            .sum();
        self.errors.push(PackError {
            path: self.path.to_string(),
            source: Some(self.source.clone()),
            line,
            column: column + usize::from(quoted) + skip,
            message: message.into(),
        });
    }

    /// The path of the pack being read (`<vigia>/rules/…` for a bundled pack).
    pub fn path(&self) -> &str {
        self.path
    }

    pub fn location(&self, loc: &serde_saphyr::Location) -> Location {
        Location {
            path: self.path.to_string(),
            line: loc.line() as usize,
            column: loc.column() as usize,
        }
    }
}

/// Loads packs from `sources` in order. A pack whose id repeats a bundled pack's replaces it;
/// any other repetition is an error. Lexicons are read first (the bundled ones, then those
/// among the sources), so every pack sees all of them.
pub fn load(sources: &[PackSource]) -> Result<RuleSet, Error> {
    // The verb analysis of token patterns needs its tables at the first word: they are
    // built on another thread while the packs load.
    rayon::spawn(crate::lang::analyze::warm);
    let mut set = RuleSet::default();
    let mut errors = Vec::new();
    // (path, text, bundled) of every file, in order.
    let mut files: Vec<(String, String, bool)> = super::bundled::LEXICONS
        .iter()
        .map(|(name, text)| {
            (
                format!("<vigia>/rules/lexicons/{name}"),
                text.to_string(),
                true,
            )
        })
        .collect();
    // Packs read without the bundled ones (`--no-default-rules`) still may use the bundled
    // lexicons.
    for source in sources {
        match source {
            PackSource::Bundled(name, text) => {
                files.push((format!("<vigia>/rules/{name}"), text.to_string(), true));
            }
            PackSource::Generated(name, text) => {
                files.push((name.clone(), text.clone(), false));
            }
            PackSource::Path(p) => {
                let paths = match pack_files(p) {
                    Ok(f) => f,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                for file in paths {
                    let path = file.display().to_string();
                    match std::fs::read(&file) {
                        Ok(bytes) => match String::from_utf8(bytes) {
                            Ok(text) => files.push((path, text, false)),
                            Err(e) => errors.push(PackError {
                                path,
                                source: None,
                                line: 0,
                                column: 0,
                                message: format!(
                                    "el pack no es UTF-8 válido (byte {})",
                                    e.utf8_error().valid_up_to()
                                ),
                            }),
                        },
                        Err(e) => errors.push(PackError {
                            path,
                            source: None,
                            line: 0,
                            column: 0,
                            message: crate::error::io_message(&e),
                        }),
                    }
                }
            }
        }
    }
    let mut lexicons = Lexicons::new();
    let mut from_files = std::collections::HashSet::new();
    // Lexicons compile in parallel (expanding lemmas is most of the work) and are added in
    // file order.
    let compiled: Vec<_> = files
        .par_iter()
        .filter(|(_, text, _)| super::lexicon::is_lexicon(text))
        .map(|(path, text, bundled)| {
            let mut p = Problems::new(path, text, !bundled);
            let lexicon = super::lexicon::compile(text, &mut p);
            (path, text, *bundled, lexicon, p.errors)
        })
        .collect();
    for (path, text, bundled, lexicon, compile_errors) in compiled {
        let mut p = Problems::new(path, text, !bundled);
        p.errors = compile_errors;
        if let Some((at, lexicon)) = lexicon {
            let mut origins = if bundled {
                std::collections::HashSet::new()
            } else {
                from_files.clone()
            };
            super::lexicon::insert(lexicon, at, bundled, &mut lexicons, &mut origins, &mut p);
            if !bundled {
                from_files = origins;
            }
        }
        errors.append(&mut p.errors);
    }
    let lexicons = Arc::new(lexicons);
    let compiled: Vec<CompiledPack> = files
        .par_iter()
        .filter(|(_, text, _)| !super::lexicon::is_lexicon(text))
        .map(|(path, text, bundled)| compile_pack(path, text, *bundled, &lexicons))
        .collect();
    for c in compiled {
        merge_pack(c, &mut set, &mut errors);
    }
    set.lexicons = lexicons;
    for rule in &set.rules {
        for id in &rule.supersedes {
            // A rule of a pack that is not loaded (a pack tested alone, `--select`) is
            // simply absent; a rule that its own pack lacks is a mistake.
            let pack = id.split('/').next().unwrap_or_default();
            let pack_loaded = set.packs.iter().any(|p| p.id == pack);
            if (pack_loaded && set.get(id).is_none()) || *id == rule.info.id {
                let l = &rule.info.location;
                let source = files
                    .iter()
                    .find(|(p, _, _)| *p == l.path)
                    .map(|(_, t, _)| Arc::from(t.as_str()));
                errors.push(PackError {
                    path: l.path.clone(),
                    source,
                    line: l.line,
                    column: l.column,
                    message: format!(
                        "`supersedes` de [{}] nombra «{id}», que no es otra regla cargada",
                        rule.info.id
                    ),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(Error::Pack(errors))
    }
}

/// The YAML files a `--rules` argument names (a file, or a directory's `*.yaml`/`*.yml`).
fn pack_files(p: &Path) -> Result<Vec<PathBuf>, PackError> {
    let err = |message: String| PackError {
        path: p.display().to_string(),
        source: None,
        line: 0,
        column: 0,
        message,
    };
    let meta = std::fs::metadata(p).map_err(|e| err(crate::error::io_message(&e)))?;
    if !meta.is_dir() {
        return Ok(vec![p.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(p)
        .map_err(|e| err(crate::error::io_message(&e)))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| {
            f.is_file()
                && f.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e == "yaml" || e == "yml")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(err("el directorio no contiene packs (*.yaml)".into()));
    }
    Ok(files)
}

/// A pack file compiled alone: what [`merge_pack`] adds to the rule set.
struct CompiledPack {
    path: String,
    source: Arc<str>,
    bundled: bool,
    /// The pack's id and where it is written, if the file got that far.
    id: Option<(String, serde_saphyr::Location)>,
    info: Option<PackInfo>,
    rules: Vec<Rule>,
    errors: Vec<PackError>,
}

/// Compiles one pack file; independent of the other packs, so packs compile in parallel.
fn compile_pack(path: &str, text: &str, bundled: bool, lexicons: &Arc<Lexicons>) -> CompiledPack {
    let mut p = Problems::new(path, text, !bundled);
    p.lexicons = lexicons.clone();
    let mut out = CompiledPack {
        path: path.to_string(),
        source: p.source.clone(),
        bundled,
        id: None,
        info: None,
        rules: Vec::new(),
        errors: Vec::new(),
    };
    if text.trim().is_empty() {
        out.errors.push(PackError {
            path: path.to_string(),
            source: None,
            line: 0,
            column: 0,
            message: "el pack está vacío".into(),
        });
        return out;
    }
    // YAML 1.2 booleans only: a Spanish «y» or «no» is a word, not a boolean.
    let options = serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_aliases: 1000,
            max_depth: 64,
        },
    };
    let def: PackDef = match serde_saphyr::from_str_with_options(text, options) {
        Ok(d) => d,
        Err(e) => {
            out.errors.push(yaml_error(path, &out.source, &e));
            return out;
        }
    };
    let pack_id = def.pack.value.clone();
    if !valid_id(&pack_id) {
        p.at(
            &def.pack.referenced,
            format!("id de pack no válido «{pack_id}»: use minúsculas, dígitos y guiones"),
        );
    }
    out.id = Some((pack_id.clone(), def.pack.referenced));
    let default_level = match &def.level {
        None => None,
        Some(l) => match l.value.parse::<Level>() {
            Ok(v) => Some(v),
            Err(m) => {
                p.at(&l.referenced, m);
                // Reported once here; rules then fall back to a level silently.
                Some(Level::Warning)
            }
        },
    };
    let default_section = def.section.as_ref().map(|s| s.value.clone());
    if let Some(s) = &def.section
        && !valid_section(&s.value)
    {
        p.at(&s.referenced, section_message(&s.value));
    }
    p.fragments = Fragments::compile(&def.fragments, &mut p);
    let mut seen = HashSet::new();
    for rd in &def.rules {
        if !seen.insert(rd.id.value.clone()) {
            p.at(
                &rd.id.referenced,
                format!(
                    "id de regla duplicado «{}» en el pack «{pack_id}»",
                    rd.id.value
                ),
            );
            continue;
        }
        if let Some(mut rule) = compile_rule(
            rd,
            &pack_id,
            default_level,
            default_section.as_deref(),
            &mut p,
        ) {
            for s in &def.supersedes {
                let id = full_id(&pack_id, &s.value);
                if id != rule.info.id && !rule.supersedes.contains(&id) {
                    rule.supersedes.push(id);
                }
            }
            out.rules.push(rule);
        }
    }
    out.errors = std::mem::take(&mut p.errors);
    out.info = Some(PackInfo {
        id: pack_id,
        title: def.title,
        description: def.description.trim().to_string(),
        path: path.to_string(),
        bundled,
    });
    out
}

/// Adds a compiled pack to `set`, in load order: a user pack replaces the bundled pack of
/// the same id; any other repeated id is an error, reported first among the pack's.
fn merge_pack(c: CompiledPack, set: &mut RuleSet, errors: &mut Vec<PackError>) {
    let mut pack_errors = Vec::new();
    if let Some((pack_id, at)) = &c.id
        && let Some(i) = set.packs.iter().position(|pk| pk.id == *pack_id)
    {
        if set.packs[i].bundled && !c.bundled {
            set.packs.remove(i);
            set.rules.retain(|r| r.info.pack != *pack_id);
        } else {
            let mut p = Problems::new(&c.path, "", false);
            p.source = c.source.clone();
            p.at(
                at,
                format!(
                    "el pack «{pack_id}» ya fue cargado desde {}",
                    set.packs[i].path
                ),
            );
            pack_errors.append(&mut p.errors);
        }
    }
    pack_errors.extend(c.errors);
    match c.info {
        Some(info) if pack_errors.is_empty() => {
            set.packs.push(info);
            set.rules.extend(c.rules);
        }
        _ => errors.append(&mut pack_errors),
    }
}

/// A serde-saphyr error as a one-line Spanish message (unknown keys get a "did you mean").
/// A YAML error of the file at `path` (text `source`) as a pack error at its place.
pub(crate) fn yaml_error(path: &str, source: &Arc<str>, e: &serde_saphyr::Error) -> PackError {
    let (line, column) = e
        .location()
        .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    PackError {
        path: path.to_string(),
        source: Some(source.clone()),
        line,
        column,
        message: yaml_message(e),
    }
}

pub(crate) fn yaml_message(e: &serde_saphyr::Error) -> String {
    let text = e.without_snippet().to_string();
    let first = text.lines().next().unwrap_or(&text).trim();
    // serde-saphyr appends " at line X column Y"; the position is shown separately.
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    // "unknown field `mesage`, expected one of id, kind, …" → a did-you-mean.
    if let Some(rest) = cut.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once("`, expected one of ")
    {
        let names = expected.split(", ").map(|n| n.trim_matches('`'));
        return match super::did_you_mean(field, names) {
            Some(m) => format!("clave desconocida `{field}`; ¿quiso decir `{m}`?"),
            None => format!("clave desconocida `{field}` (claves válidas: {expected})"),
        };
    }
    format!("YAML no válido: {cut}")
}

pub(crate) fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn valid_section(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn section_message(s: &str) -> String {
    format!("sección «{s}» no válida: cite la cláusula de la directiva, p. ej. \"7.6\"")
}

/// A rule id as written in `supersedes` (`slug` of this pack, or `pack/slug`), made full.
fn full_id(pack: &str, id: &str) -> String {
    let id = id.trim();
    if id.contains('/') {
        id.to_string()
    } else {
        format!("{pack}/{id}")
    }
}

/// Headings every rule's `doc` must have, so every `vigia explain` page looks alike.
pub const DOC_HEADINGS: [&str; 3] = ["## Qué detecta", "## Por qué importa", "## Ejemplo"];

fn compile_rule(
    rd: &RuleDef,
    pack: &str,
    default_level: Option<Level>,
    default_section: Option<&str>,
    p: &mut Problems,
) -> Option<Rule> {
    let before = p.errors.len();
    let slug = &rd.id.value;
    if !valid_id(slug) {
        p.at(
            &rd.id.referenced,
            format!("id de regla no válido «{slug}»: use minúsculas, dígitos y guiones"),
        );
    }
    let level = match &rd.level {
        Some(l) => l
            .value
            .parse::<Level>()
            .map_err(|m| p.at(&l.referenced, m))
            .ok(),
        None => default_level.or_else(|| {
            p.at(
                &rd.id.referenced,
                "falta `level` (ni la regla ni el pack lo definen)",
            );
            None
        }),
    };
    let section = match &rd.section {
        Some(s) => {
            if !valid_section(&s.value) {
                p.at(&s.referenced, section_message(&s.value));
            }
            Some(s.value.clone())
        }
        None => default_section.map(str::to_string).or_else(|| {
            p.at(
                &rd.id.referenced,
                "falta `section`: cite la cláusula de la directiva",
            );
            None
        }),
    };
    let title = match &rd.title {
        Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
        Some(t) => {
            p.at(&t.referenced, "`title` está vacío");
            String::new()
        }
        None => {
            p.at(
                &rd.id.referenced,
                "falta `title` (un título corto en español)",
            );
            String::new()
        }
    };
    let doc = match &rd.doc {
        Some(d) => {
            for h in DOC_HEADINGS {
                if !d.value.lines().any(|l| l.trim() == h) {
                    p.at(
                        &d.referenced,
                        format!("a `doc` le falta el encabezado «{h}»"),
                    );
                }
            }
            d.value.trim_end().to_string()
        }
        None => {
            p.at(
                &rd.id.referenced,
                "falta `doc` (con «## Qué detecta», «## Por qué importa» y «## Ejemplo»)",
            );
            String::new()
        }
    };
    let fix = match &rd.fix {
        None => FixSafety::Unsafe,
        Some(f) => match f.value.as_str() {
            "safe" => FixSafety::Safe,
            "unsafe" => FixSafety::Unsafe,
            other => {
                p.at(
                    &f.referenced,
                    format!("`fix` desconocido «{other}»: use safe o unsafe"),
                );
                FixSafety::Unsafe
            }
        },
    };
    let compiled = kind::compile(rd, p);
    let mut placeholders: Vec<String> = kind::COMMON_PLACEHOLDERS
        .iter()
        .map(|s| s.to_string())
        .collect();
    placeholders.extend(
        compiled
            .as_ref()
            .map(|k| k.placeholders())
            .unwrap_or_default(),
    );
    let message = match &rd.message {
        Some(m) => parse_template(m, &placeholders, p),
        None => {
            p.at(&rd.id.referenced, "falta `message`");
            None
        }
    };
    let help = rd
        .help
        .as_ref()
        .and_then(|h| parse_template(h, &placeholders, p));
    let except: Vec<String> = rd
        .except
        .iter()
        .filter_map(|e| {
            let f = fold(e.value.trim());
            if f.is_empty() {
                p.at(&e.referenced, "frase de `except` vacía");
                None
            } else {
                Some(f)
            }
        })
        .collect();
    let except_patterns = rd
        .except_patterns
        .iter()
        .filter_map(|e| PackRegex::new(e, p))
        .collect();
    let applies_to: Vec<String> = rd
        .applies_to
        .iter()
        .flat_map(|l| &l.value)
        .map(|k| k.value.trim().to_lowercase())
        .collect();
    let table = crate::platform::bundled();
    let platforms: Vec<String> = rd
        .platforms
        .iter()
        .flat_map(|l| &l.value)
        .filter_map(|n| match table.get(&n.value) {
            Some(pl) => Some(pl.id.clone()),
            None => {
                p.at(&n.referenced, table.unknown(&n.value));
                None
            }
        })
        .collect();
    let examples = rd.examples.as_ref().map(|ex| read_examples(ex, p));
    if examples.is_none() {
        p.at(
            &rd.id.referenced,
            "faltan `examples` (al menos un ejemplo malo y uno bueno)",
        );
    }
    if p.errors.len() > before {
        return None;
    }
    let info = RuleInfo {
        id: format!("{pack}/{slug}"),
        pack: pack.to_string(),
        title,
        level: level?,
        section: section?,
        kind: rd.kind.value.clone(),
        doc,
        fix,
        location: p.location(&rd.id.referenced),
    };
    let supersedes = rd
        .supersedes
        .iter()
        .map(|s| full_id(pack, &s.value))
        .collect();
    Some(Rule {
        info: Arc::new(info),
        message: message?,
        help,
        except,
        except_patterns,
        supersedes,
        applies_to,
        platforms,
        examples: examples?,
        kind: compiled?,
    })
}

fn parse_template(s: &Spanned<String>, allowed: &[String], p: &mut Problems) -> Option<Template> {
    match Template::parse(&s.value) {
        Ok(t) => {
            let mut ok = true;
            for name in t.names() {
                if !allowed.iter().any(|a| a == name) {
                    p.at(
                        &s.referenced,
                        format!(
                            "marcador desconocido «{{{name}}}»; disponibles: {}",
                            allowed
                                .iter()
                                .map(|a| format!("{{{a}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                    ok = false;
                }
            }
            ok.then_some(t)
        }
        Err(m) => {
            p.at(&s.referenced, m);
            None
        }
    }
}

fn read_examples(ex: &Spanned<ExamplesDef>, p: &mut Problems) -> Examples {
    let mut out = Examples::default();
    if ex.value.bad.is_empty() {
        p.at(
            &ex.referenced,
            "se necesita al menos un ejemplo malo (`bad`)",
        );
    }
    if ex.value.good.is_empty() {
        p.at(
            &ex.referenced,
            "se necesita al menos un ejemplo bueno (`good`)",
        );
    }
    for (list, bad) in [(&ex.value.bad, true), (&ex.value.good, false)] {
        for e in list {
            let (raw, fix, suggestions) = match &e.value {
                ExampleDef::Text(t) => (t.clone(), None, None),
                ExampleDef::Full {
                    text,
                    fix,
                    suggestions,
                } => (text.clone(), fix.clone(), suggestions.clone()),
            };
            match parse_markers(&raw) {
                Ok((text, spans)) => {
                    if bad && spans.is_empty() {
                        p.at(
                            &e.referenced,
                            "el ejemplo malo no marca con [[…]] el tramo que debe señalarse",
                        );
                    }
                    if !bad && (!spans.is_empty() || fix.is_some() || suggestions.is_some()) {
                        p.at(
                            &e.referenced,
                            "un ejemplo bueno no lleva marcas [[…]], `fix` ni `suggestions`",
                        );
                    }
                    let ex = Example {
                        text,
                        spans,
                        fix,
                        suggestions,
                        source: raw,
                        location: p.location(&e.referenced),
                    };
                    if bad {
                        out.bad.push(ex)
                    } else {
                        out.good.push(ex)
                    }
                }
                Err(m) => p.at(&e.referenced, m),
            }
        }
    }
    out
}

/// Removes `[[…]]` markers, returning the text and the marked spans.
pub fn parse_markers(raw: &str) -> Result<(String, Vec<std::ops::Range<usize>>), String> {
    let mut text = String::with_capacity(raw.len());
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut rest = raw;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[[") {
            if open.is_some() {
                return Err("marca «[[» anidada en el ejemplo".into());
            }
            open = Some(text.len());
            rest = r;
        } else if let Some(r) = rest.strip_prefix("]]") {
            match open.take() {
                Some(s) if s < text.len() => spans.push(s..text.len()),
                Some(_) => return Err("marca «[[]]» vacía en el ejemplo".into()),
                None => return Err("«]]» sin «[[» en el ejemplo".into()),
            }
            rest = r;
        } else {
            let c = rest.chars().next().expect("non-empty");
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if open.is_some() {
        return Err("«[[» sin cerrar en el ejemplo".into());
    }
    Ok((text, spans))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let (t, s) = parse_markers("Hola [[DNI 1]] y [[x]].").unwrap();
        assert_eq!(t, "Hola DNI 1 y x.");
        assert_eq!(s, vec![5..10, 13..14]);
        assert!(parse_markers("a [[b").is_err());
        assert!(parse_markers("a ]] b").is_err());
        assert!(parse_markers("a [[]] b").is_err());
    }
}
