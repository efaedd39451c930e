/*!
Reading rule packs: YAML → typed definitions → validated, compiled [`RuleSet`].

YAML is parsed with serde-saphyr into structs that deny unknown keys and keep the position of
every value that can be wrong (`Spanned<T>`), so an invalid regex is reported at its own line
and column. Problems are collected across all packs and returned together. Nothing here
panics on bad input.
*/

mod compile;
mod def;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::patterns::Lexicons;
use super::regexes::Fragments;
use super::{Level, Location, PackInfo, Rule, RuleSet};
use crate::error::{Error, PackError};

pub(crate) use compile::valid_id;
pub use compile::{DOC_HEADINGS, parse_markers};
use compile::{compile_rule, full_id, section_message, valid_section};
use def::PackDef;
pub use def::{ExamplesDef, RuleDef, SwapDef};

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
