//! The project configuration, `.vigia.yaml`: which packs to load, rule levels, paths to leave
//! out, per-path overrides, the default platform and the project's vocabulary.
//!
//! ```yaml
//! packs: [confidential, grammar, inclusive, ./reglas/propias.yaml]
//! rules:
//!   grammar/double-space: off      # off | error | warning | info
//!   inclusive: info                # a pack, a rule, or a glob ("clarity/*")
//! exclude: ["plantillas/**"]
//! overrides:
//!   - files: ["archivo/**"]
//!     rules: {inclusive: off}
//! platform: facebook
//! dictionary: diccionarios/es_PE.dic   # default: the embedded one; `system`: the system's
//! vocabulary:
//!   accept: [Senace, Quellaveco]   # never reported by any rule
//!   reject: [huachafo]             # reported as `vocabulary/reject`
//! ```
//!
//! Settings are layered like typos does: [`Settings::default`], updated by the file
//! ([`Settings::update`]), updated by the command line; then validated once against the loaded
//! rules ([`Settings::compile`]) into a [`Profile`], which the pipeline asks for levels,
//! exclusions and the platform of each document. The file is read with serde-saphyr into
//! structs that deny unknown keys and keep positions, so every problem is reported at its line
//! and column, with a "did you mean" for unknown keys, packs and rule ids.

use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::engine::Engine;
use crate::error::{Error, PackError};
use crate::rules::pack::{self, PackSource};
use crate::rules::{
    KindSettings, Level, RuleInfo, RuleSet, Selector, Vocabulary, builtin, bundled, did_you_mean,
};

/// The name of the configuration file, looked for in each checked path and its parents.
pub const FILE_NAME: &str = ".vigia.yaml";

/// Id of the rule made from `vocabulary.reject`.
pub const REJECT_RULE: &str = "vocabulary/reject";

// --- the file as written -------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    #[serde(default)]
    packs: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    rules: LevelMap,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<OverrideDef>,
    #[serde(default)]
    platform: Option<Spanned<String>>,
    #[serde(default)]
    dictionary: Option<Spanned<String>>,
    #[serde(default)]
    vocabulary: Option<VocabularyDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideDef {
    files: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    rules: LevelMap,
    #[serde(default)]
    platform: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyDef {
    #[serde(default)]
    accept: Vec<Spanned<String>>,
    #[serde(default)]
    reject: Vec<Spanned<String>>,
}

/// `rules:` — selector → level, in the order written.
#[derive(Debug, Default)]
struct LevelMap(Vec<(Spanned<String>, Spanned<String>)>);

impl<'de> Deserialize<'de> for LevelMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LevelMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from rule, pack or glob to off, error, warning or info")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LevelMap, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    out.push((key, map.next_value::<Spanned<String>>()?));
                }
                Ok(LevelMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

// --- typed settings ------------------------------------------------------------------------

/// Where a setting was written, for error messages.
#[derive(Debug, Clone)]
pub struct Place {
    pub path: String,
    pub source: Arc<str>,
    pub line: usize,
    pub column: usize,
}

impl Place {
    fn error(&self, message: impl Into<String>) -> PackError {
        PackError {
            path: self.path.clone(),
            source: Some(self.source.clone()),
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

/// A value and where it was written (`None`: the command line).
#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: T,
    pub at: Option<Place>,
}

impl<T> Setting<T> {
    /// A value given on the command line.
    pub fn cli(value: T) -> Setting<T> {
        Setting { value, at: None }
    }

    fn error(&self, message: impl Into<String>) -> PackError {
        match &self.at {
            Some(p) => p.error(message),
            None => PackError {
                path: "<línea de órdenes>".into(),
                source: None,
                line: 0,
                column: 0,
                message: message.into(),
            },
        }
    }
}

/// A level a configuration gives to rules: one of the three, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Level),
}

impl RuleLevel {
    pub fn parse(s: &str) -> Result<RuleLevel, String> {
        match s.trim() {
            "off" => Ok(RuleLevel::Off),
            "error" => Ok(RuleLevel::On(Level::Error)),
            "warning" => Ok(RuleLevel::On(Level::Warning)),
            "info" => Ok(RuleLevel::On(Level::Info)),
            other => Err(format!(
                "nivel «{other}» no válido: use off, error, warning o info"
            )),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Off => "off",
            RuleLevel::On(l) => l.as_str(),
        }
    }
}

/// `selector: level`.
pub type LevelSetting = (Setting<String>, RuleLevel);

/// Other levels or platform for the files matching some globs.
#[derive(Debug, Clone)]
pub struct Override {
    pub files: Vec<Setting<String>>,
    pub rules: Vec<LevelSetting>,
    pub platform: Option<Setting<String>>,
}

/// Everything a run can be configured with. Lists add up across layers; single values are
/// replaced by a later layer that sets them.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The configuration file read, if any.
    pub file: Option<PathBuf>,
    /// Directory relative globs and pack paths are resolved against (the file's directory;
    /// the current directory when `None`).
    pub root: Option<PathBuf>,
    /// Packs to load: bundled ids and paths (`None`: every bundled pack).
    pub packs: Option<Vec<Setting<String>>>,
    /// `false` (`--no-default-rules`): no bundled pack, whatever `packs` says.
    pub default_packs: Option<bool>,
    /// Further packs (`--rules`).
    pub extra_packs: Vec<PathBuf>,
    /// Levels, in order: a later entry wins for the rules it matches.
    pub rules: Vec<LevelSetting>,
    pub exclude: Vec<Setting<String>>,
    pub overrides: Vec<Override>,
    /// Platform of documents that do not say theirs.
    pub platform: Option<Setting<String>>,
    pub accept: Vec<Setting<String>>,
    pub reject: Vec<Setting<String>>,
    /// `--select` / `--ignore`, applied last.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Hunspell dictionary of the spelling rules (`--dictionary`).
    pub dictionary: Option<PathBuf>,
    /// `dictionary:` of the file (relative to it; `system` and `embedded` name no path).
    pub config_dictionary: Option<Setting<String>>,
}

impl Settings {
    /// Lays `other` over `self`: its single values win when set, its lists are appended.
    pub fn update(&mut self, other: Settings) {
        macro_rules! replace {
            ($($f:ident),*) => {$( if other.$f.is_some() { self.$f = other.$f; } )*};
        }
        macro_rules! extend {
            ($($f:ident),*) => {$( self.$f.extend(other.$f); )*};
        }
        replace!(
            file,
            root,
            packs,
            default_packs,
            platform,
            dictionary,
            config_dictionary
        );
        extend!(
            extra_packs,
            rules,
            exclude,
            overrides,
            accept,
            reject,
            select,
            ignore
        );
    }

    /// Reads a configuration file.
    pub fn from_file(path: &Path) -> Result<Settings, Error> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Config(vec![PackError {
                path: name.clone(),
                source: None,
                line: 0,
                column: 0,
                message: crate::error::io_message(&e),
            }])
        })?;
        let mut settings = Settings::from_str(&name, &text)?;
        settings.file = Some(path.to_path_buf());
        settings.root = Some(
            absolute(path)
                .parent()
                .map_or_else(|| PathBuf::from("/"), Path::to_path_buf),
        );
        Ok(settings)
    }

    /// Parses the text of a configuration file named `name`.
    pub fn from_str(name: &str, text: &str) -> Result<Settings, Error> {
        let source: Arc<str> = Arc::from(text);
        let place = |loc: &serde_saphyr::Location| Place {
            path: name.to_string(),
            source: source.clone(),
            line: loc.line() as usize,
            column: loc.column() as usize,
        };
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        let options = serde_saphyr::options! {
            budget: serde_saphyr::budget! {
                max_aliases: 100,
                max_depth: 32,
            },
        };
        let def: FileDef = serde_saphyr::from_str_with_options(text, options)
            .map_err(|e| Error::Config(vec![pack::yaml_error(name, &source, &e)]))?;
        let mut errors = Vec::new();
        let setting = |s: &Spanned<String>| Setting {
            value: s.value.trim().to_string(),
            at: Some(place(&s.referenced)),
        };
        let levels = |map: &LevelMap, errors: &mut Vec<PackError>| -> Vec<LevelSetting> {
            map.0
                .iter()
                .filter_map(|(k, v)| match RuleLevel::parse(&v.value) {
                    Ok(l) => Some((setting(k), l)),
                    Err(m) => {
                        errors.push(place(&v.referenced).error(m));
                        None
                    }
                })
                .collect()
        };
        let rules = levels(&def.rules, &mut errors);
        let overrides = def
            .overrides
            .iter()
            .map(|o| {
                if o.files.value.is_empty() {
                    errors.push(place(&o.files.referenced).error("`files` está vacío"));
                }
                Override {
                    files: o.files.value.iter().map(setting).collect(),
                    rules: levels(&o.rules, &mut errors),
                    platform: o.platform.as_ref().map(platform_setting(&setting)),
                }
            })
            .collect();
        let (accept, reject) = match &def.vocabulary {
            Some(v) => (
                v.accept.iter().map(setting).collect(),
                v.reject.iter().map(setting).collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let settings = Settings {
            packs: def.packs.as_ref().map(|p| p.iter().map(setting).collect()),
            rules,
            exclude: def.exclude.iter().map(setting).collect(),
            overrides,
            platform: def.platform.as_ref().map(platform_setting(&setting)),
            config_dictionary: def.dictionary.as_ref().map(setting),
            accept,
            reject,
            ..Settings::default()
        };
        if let Some(d) = &settings.config_dictionary
            && d.value.is_empty()
        {
            errors.push(d.error("`dictionary` está vacío"));
        }
        for s in settings.accept.iter().chain(&settings.reject) {
            if crate::text::fold(&s.value).trim().is_empty() {
                errors.push(s.error("término vacío"));
            }
        }
        if errors.is_empty() {
            Ok(settings)
        } else {
            Err(Error::Config(errors))
        }
    }

    /// The configuration file's `dictionary:`, resolved against the file's directory.
    pub fn config_dictionary_path(&self) -> Option<PathBuf> {
        let d = Path::new(&self.config_dictionary.as_ref()?.value);
        Some(
            if crate::spell::dictionary::is_keyword(d) || d.is_absolute() {
                d.to_path_buf()
            } else {
                self.base().join(d)
            },
        )
    }

    /// The dictionary the spelling rules read with these settings (`vigia config`).
    pub fn dictionary_source(&self) -> crate::spell::Source {
        crate::spell::Source::resolve(
            self.dictionary.as_deref(),
            self.config_dictionary_path().as_deref(),
            None,
        )
    }

    fn base(&self) -> PathBuf {
        self.root
            .clone()
            .unwrap_or_else(|| absolute(Path::new(".")))
    }

    /// Loads the packs, applies levels and vocabulary, and checks every rule id and glob:
    /// the one place settings are validated.
    pub fn compile(&self) -> Result<Profile, Error> {
        let mut errors = Vec::new();
        let base = self.base();
        let bundled_ids: Vec<&str> = bundled::PACKS
            .iter()
            .map(|(f, _)| f.trim_end_matches(".yaml"))
            .collect();
        let use_bundled = self.default_packs != Some(false);
        let mut sources = Vec::new();
        match &self.packs {
            None if use_bundled => sources = bundled::sources(),
            None => {}
            Some(list) => {
                for p in list {
                    if looks_like_path(&p.value) {
                        let path = base.join(&p.value);
                        if path.exists() {
                            sources.push(PackSource::Path(path));
                        } else {
                            errors.push(p.error(format!("no existe el pack «{}»", p.value)));
                        }
                    } else if let Some(i) = bundled_ids.iter().position(|b| *b == p.value) {
                        if use_bundled {
                            let (name, text) = bundled::PACKS[i];
                            sources.push(PackSource::Bundled(name, text));
                        }
                    } else {
                        let hint = did_you_mean(&p.value, bundled_ids.iter().copied())
                            .map(|m| format!("; ¿quiso decir «{m}»?"))
                            .unwrap_or_else(|| format!(" (incluidos: {})", bundled_ids.join(", ")));
                        errors.push(p.error(format!(
                            "«{}» no es un pack incluido ni la ruta de un pack{hint}",
                            p.value
                        )));
                    }
                }
            }
        }
        sources.extend(self.extra_packs.iter().cloned().map(PackSource::Path));
        if !self.reject.is_empty() {
            let name = match &self.file {
                Some(f) => format!("{}#vocabulary.reject", f.display()),
                None => "<vigia>/vocabulary".into(),
            };
            sources.push(PackSource::Generated(name, reject_pack(&self.reject)));
        }
        if !errors.is_empty() {
            return Err(Error::Config(errors));
        }
        let mut set = pack::load(&sources)?;
        builtin::add(&mut set);
        let known: Vec<String> = known_ids(&set);

        // Levels: the top-level list, then each override's.
        let compile_levels = |list: &[LevelSetting], errors: &mut Vec<PackError>| {
            list.iter()
                .filter_map(|(sel, level)| {
                    selector(&set, &sel.value)
                        .map_err(|m| errors.push(sel.error(m)))
                        .ok()
                        .map(|s| (s, *level))
                })
                .collect::<Vec<_>>()
        };
        let levels = compile_levels(&self.rules, &mut errors);
        let mut overrides = Vec::new();
        for o in &self.overrides {
            let files = globs(&o.files, &mut errors);
            let rules = compile_levels(&o.rules, &mut errors);
            overrides.push(CompiledOverride {
                files,
                rules,
                platform: o.platform.as_ref().map(|p| p.value.clone()),
            });
        }
        let exclude = (!self.exclude.is_empty()).then(|| globs(&self.exclude, &mut errors));
        // Platforms must be ones the platform table knows (aliases allowed).
        let table = crate::platform::bundled();
        let platforms = self
            .platform
            .iter()
            .chain(self.overrides.iter().filter_map(|o| o.platform.as_ref()));
        for p in platforms {
            if table.get(&p.value).is_none() {
                errors.push(p.error(table.unknown(&p.value)));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Config(errors));
        }

        let mut default_off = HashSet::new();
        set.rules.retain_mut(|rule| {
            let level = levels
                .iter()
                .filter(|(s, _)| s.matches(&rule.info))
                .map(|(_, l)| *l)
                .next_back();
            match level {
                Some(RuleLevel::On(l)) if l != rule.info.level => {
                    Arc::make_mut(&mut rule.info).level = l;
                    true
                }
                Some(RuleLevel::Off) => {
                    let on_somewhere = overrides.iter().any(|o| {
                        o.rules
                            .iter()
                            .any(|(s, l)| *l != RuleLevel::Off && s.matches(&rule.info))
                    });
                    if on_somewhere {
                        default_off.insert(rule.info.id.clone());
                    }
                    on_somewhere
                }
                _ => true,
            }
        });

        let accept: Vec<String> = self.accept.iter().map(|a| a.value.clone()).collect();
        if !accept.is_empty() {
            let folded: Vec<String> = accept.iter().map(|a| crate::text::fold(a.trim())).collect();
            for rule in &mut set.rules {
                rule.except.extend(folded.iter().cloned());
            }
        }
        set.vocabulary = Vocabulary::new(accept);
        set.filter(&self.select, &self.ignore)
            .map_err(Error::Usage)?;
        set.configure(&KindSettings {
            dictionary: self.dictionary.clone(),
            config_dictionary: self.config_dictionary_path(),
        });
        Ok(Profile {
            settings: self.clone(),
            root: base,
            engine: Engine::new(set),
            exclude,
            overrides,
            default_off,
            known,
        })
    }

    /// The settings as a `.vigia.yaml` (what `vigia config` prints).
    pub fn to_yaml(&self) -> String {
        let list = |items: &mut dyn Iterator<Item = String>| {
            let v: Vec<String> = items.collect();
            format!("[{}]", v.join(", "))
        };
        let mut out = String::new();
        let _ = match &self.file {
            Some(f) => writeln!(out, "# Configuración efectiva (de {})", f.display()),
            None => writeln!(
                out,
                "# Configuración efectiva (sin {FILE_NAME}: valores por omisión)"
            ),
        };
        let bundled_ids = bundled::PACKS
            .iter()
            .map(|(f, _)| f.trim_end_matches(".yaml").to_string());
        let mut packs: Vec<String> = match (&self.packs, self.default_packs) {
            (_, Some(false)) => Vec::new(),
            (None, _) => bundled_ids.collect(),
            (Some(list), _) => list.iter().map(|p| p.value.clone()).collect(),
        };
        packs.extend(self.extra_packs.iter().map(|p| p.display().to_string()));
        let _ = writeln!(
            out,
            "packs: {}",
            list(&mut packs.iter().map(|p| yaml_str(p)))
        );
        let write_levels = |out: &mut String, indent: &str, levels: &[LevelSetting]| {
            if levels.is_empty() {
                let _ = writeln!(out, "{indent}rules: {{}}");
            } else {
                let _ = writeln!(out, "{indent}rules:");
                for (s, l) in levels {
                    let _ = writeln!(out, "{indent}  {}: {}", yaml_str(&s.value), l.as_str());
                }
            }
        };
        write_levels(&mut out, "", &self.rules);
        let values = |v: &[Setting<String>]| list(&mut v.iter().map(|s| yaml_str(&s.value)));
        let _ = writeln!(out, "exclude: {}", values(&self.exclude));
        if self.overrides.is_empty() {
            let _ = writeln!(out, "overrides: []");
        } else {
            let _ = writeln!(out, "overrides:");
            for o in &self.overrides {
                let _ = writeln!(out, "  - files: {}", values(&o.files));
                write_levels(&mut out, "    ", &o.rules);
                if let Some(p) = &o.platform {
                    let _ = writeln!(out, "    platform: {}", yaml_str(&p.value));
                }
            }
        }
        let _ = match &self.platform {
            Some(p) => writeln!(out, "platform: {}", yaml_str(&p.value)),
            None => writeln!(out, "platform: null"),
        };
        let _ = match &self.config_dictionary {
            Some(d) => writeln!(out, "dictionary: {}", yaml_str(&d.value)),
            None => writeln!(out, "dictionary: null"),
        };
        let _ = writeln!(out, "# diccionario en uso: {}", self.dictionary_source());
        let _ = writeln!(out, "vocabulary:");
        let _ = writeln!(out, "  accept: {}", values(&self.accept));
        let _ = writeln!(out, "  reject: {}", values(&self.reject));
        if !self.select.is_empty() {
            let _ = writeln!(out, "# --select {}", self.select.join(","));
        }
        if !self.ignore.is_empty() {
            let _ = writeln!(out, "# --ignore {}", self.ignore.join(","));
        }
        out
    }
}

/// A YAML scalar: plain when that is unambiguous, double-quoted otherwise.
fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        && !matches!(s, "off" | "on" | "yes" | "no" | "true" | "false" | "null")
        && !s.starts_with(['-', '.'])
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

fn platform_setting<'a>(
    setting: &'a dyn Fn(&Spanned<String>) -> Setting<String>,
) -> impl Fn(&Spanned<String>) -> Setting<String> + 'a {
    move |s| {
        let mut p = setting(s);
        p.value = p.value.to_lowercase();
        p
    }
}

/// Whether a `packs` entry is a path rather than a bundled pack id.
fn looks_like_path(s: &str) -> bool {
    s.contains(['/', '\\']) || s.ends_with(".yaml") || s.ends_with(".yml") || s.starts_with('.')
}

/// Every pack and rule id of `set`.
fn known_ids(set: &RuleSet) -> Vec<String> {
    set.packs
        .iter()
        .map(|p| p.id.clone())
        .chain(set.rules.iter().map(|r| r.info.id.clone()))
        .collect()
}

/// A selector that must match some rule of `set`.
fn selector(set: &RuleSet, s: &str) -> Result<Selector, String> {
    let sel = Selector::new(s)?;
    if set.rules.iter().any(|r| sel.matches(&r.info)) {
        return Ok(sel);
    }
    let ids = known_ids(set);
    Err(match did_you_mean(s, ids.iter().map(String::as_str)) {
        Some(m) => format!("«{s}» no es un pack ni una regla; ¿quiso decir «{m}»?"),
        None => format!("«{s}» no es un pack ni una regla (vea `vigia rules`)"),
    })
}

/// Compiles path globs (gitignore-like: `*` stays in one directory, a glob without `/`
/// matches at any depth).
fn globs(list: &[Setting<String>], errors: &mut Vec<PackError>) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in list {
        let pat = g.value.trim_start_matches("./").trim_end_matches('/');
        let pat = if pat.contains('/') {
            pat.trim_start_matches('/').to_string()
        } else {
            format!("**/{pat}")
        };
        match GlobBuilder::new(&pat).literal_separator(true).build() {
            Ok(glob) => {
                b.add(glob);
            }
            Err(e) => errors.push(g.error(format!("glob no válido «{}»: {}", g.value, e.kind()))),
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// The YAML of the pack made from `vocabulary.reject`.
fn reject_pack(terms: &[Setting<String>]) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let list: Vec<String> = terms.iter().map(|t| q(&t.value)).collect();
    let first = terms.first().map_or("", |t| t.value.as_str());
    format!(
        r#"pack: vocabulary
title: Vocabulario del proyecto
description: Términos que la configuración del proyecto pide no usar.
level: warning
section: "8.7"
rules:
  - id: reject
    kind: existence
    title: Término rechazado por el proyecto
    message: "«{{match}}» está en la lista de términos rechazados del proyecto (vocabulary.reject)."
    terms: [{terms}]
    doc: |
      ## Qué detecta
      Los términos de `vocabulary.reject` en `{FILE_NAME}`.
      ## Por qué importa
      La cláusula 8.7 pide redactar pensando en el público; el equipo lista aquí las
      palabras que ha decidido no usar.
      ## Ejemplo
      {example}
    examples:
      bad: [{bad}]
      good: ["Texto de ejemplo."]
"#,
        terms = list.join(", "),
        example = q(first),
        bad = q(&format!("[[{first}]]")),
    )
}

/// An override with its globs and selectors compiled.
#[derive(Debug)]
struct CompiledOverride {
    files: GlobSet,
    rules: Vec<(Selector, RuleLevel)>,
    platform: Option<String>,
}

/// Validated settings with their engine: what applies to the documents under one
/// configuration file.
#[derive(Debug)]
pub struct Profile {
    pub settings: Settings,
    pub engine: Engine,
    /// Absolute directory globs are relative to.
    root: PathBuf,
    exclude: Option<GlobSet>,
    overrides: Vec<CompiledOverride>,
    /// Rules off except where an override switches them on.
    default_off: HashSet<String>,
    /// Every pack and rule id known before `off` and `--select` removed any (suppressions
    /// may name them).
    pub known: Vec<String>,
}

/// The levels for one document: the overrides whose globs match its path.
pub struct PathLevels<'p> {
    profile: &'p Profile,
    overrides: Vec<&'p CompiledOverride>,
}

impl PathLevels<'_> {
    /// The level of a finding of `rule` here, or `None` when the rule is off here.
    pub fn level(&self, rule: &RuleInfo) -> Option<Level> {
        let mut level = if self.profile.default_off.contains(&rule.id) {
            None
        } else {
            Some(rule.level)
        };
        for o in &self.overrides {
            for (s, l) in &o.rules {
                if s.matches(rule) {
                    level = match l {
                        RuleLevel::Off => None,
                        RuleLevel::On(l) => Some(*l),
                    };
                }
            }
        }
        level
    }

    /// The platform for documents here that do not name theirs: the command line's, else
    /// the last matching override's, else the file's.
    pub fn platform(&self) -> Option<&str> {
        let global = self.profile.settings.platform.as_ref();
        if let Some(p) = global.filter(|p| p.at.is_none()) {
            return Some(&p.value);
        }
        self.overrides
            .iter()
            .rev()
            .find_map(|o| o.platform.as_deref())
            .or(global.map(|p| p.value.as_str()))
    }

    /// Whether any override applies.
    pub fn is_default(&self) -> bool {
        self.overrides.is_empty() && self.profile.default_off.is_empty()
    }
}

impl Profile {
    /// `path` relative to the configuration's directory, if it lies inside it (`-`, stdin,
    /// has none).
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        if path.as_os_str() == "-" {
            return None;
        }
        absolute(path)
            .strip_prefix(&self.root)
            .ok()
            .map(Path::to_path_buf)
    }

    /// Whether `path` matches an `exclude` glob (itself or one of its directories).
    pub fn excluded(&self, path: &Path) -> bool {
        let (Some(ex), Some(rel)) = (&self.exclude, self.relative(path)) else {
            return false;
        };
        rel.ancestors()
            .take_while(|a| !a.as_os_str().is_empty())
            .any(|a| ex.is_match(a))
    }

    /// The levels and platform for a document at `path`.
    pub fn for_path(&self, path: &Path) -> PathLevels<'_> {
        if self.overrides.is_empty() {
            return PathLevels {
                profile: self,
                overrides: Vec::new(),
            };
        }
        let rel = self.relative(path);
        let overrides = match &rel {
            Some(rel) => self
                .overrides
                .iter()
                .filter(|o| o.files.is_match(rel))
                .collect(),
            None => Vec::new(),
        };
        PathLevels {
            profile: self,
            overrides,
        }
    }
}

/// The configuration file for `start` (a file or directory): `.vigia.yaml` in its directory
/// or the nearest parent.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let abs = absolute(start);
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// The current directory, read once (vigia never changes it).
fn current_dir() -> &'static Path {
    static CWD: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")))
}

/// `path` made absolute against the current directory, `.` and `..` resolved lexically.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        current_dir().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, Vec<PackError>> {
        Settings::from_str(".vigia.yaml", text).map_err(|e| match e {
            Error::Config(list) => list,
            other => panic!("{other}"),
        })
    }

    fn messages(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn every_key_is_read() {
        let s = parse(
            "packs: [grammar, ./mias.yaml]\nrules:\n  grammar/double-space: off\n  inclusive: info\n\
             exclude: [\"plantillas/**\"]\noverrides:\n  - files: [\"archivo/**\"]\n    rules: {inclusive: off}\n    platform: X\n\
             platform: Facebook\nvocabulary:\n  accept: [Senace]\n  reject: [huachafo]\n",
        )
        .unwrap();
        let packs: Vec<_> = s.packs.unwrap().into_iter().map(|p| p.value).collect();
        assert_eq!(packs, ["grammar", "./mias.yaml"]);
        assert_eq!(s.rules.len(), 2);
        assert_eq!(s.rules[0].0.value, "grammar/double-space");
        assert_eq!(s.rules[0].1, RuleLevel::Off);
        assert_eq!(s.rules[1].1, RuleLevel::On(Level::Info));
        assert_eq!(s.exclude[0].value, "plantillas/**");
        assert_eq!(s.overrides[0].rules[0].1, RuleLevel::Off);
        assert_eq!(s.overrides[0].platform.as_ref().unwrap().value, "x");
        assert_eq!(s.platform.unwrap().value, "facebook");
        assert_eq!(s.accept[0].value, "Senace");
        assert_eq!(s.reject[0].value, "huachafo");
        let at = s.rules[1].0.at.as_ref().unwrap();
        assert_eq!((at.line, at.column), (4, 3));
    }

    #[test]
    fn unknown_keys_and_bad_levels_have_positions() {
        assert_eq!(
            messages("rules: {}\nexlude: [x]\n"),
            [".vigia.yaml:2:1: clave desconocida `exlude`; ¿quiso decir `exclude`?"]
        );
        assert_eq!(
            messages("rules:\n  grammar: apagado\n"),
            [".vigia.yaml:2:12: nivel «apagado» no válido: use off, error, warning o info"]
        );
        assert_eq!(
            messages("vocabulary:\n  acept: [x]\n")[0],
            ".vigia.yaml:2:3: clave desconocida `acept`; ¿quiso decir `accept`?"
        );
    }

    #[test]
    fn update_replaces_values_and_appends_lists() {
        let mut base = parse("platform: x\nexclude: [a]\n").unwrap();
        let mut cli = Settings::default();
        cli.exclude.push(Setting::cli("b".into()));
        base.update(cli);
        assert_eq!(base.platform.as_ref().unwrap().value, "x");
        assert_eq!(base.exclude.len(), 2);
        let mut cli = Settings::default();
        cli.platform = Some(Setting::cli("threads".into()));
        base.update(cli);
        assert_eq!(base.platform.unwrap().value, "threads");
    }

    #[test]
    fn globs_are_gitignore_like() {
        let mut errors = Vec::new();
        let set = globs(
            &[
                Setting::cli("archivo/**".into()),
                Setting::cli("*.tmp.md".into()),
            ],
            &mut errors,
        );
        assert!(errors.is_empty());
        assert!(set.is_match("archivo/2024/a.md"));
        assert!(set.is_match("x/y/b.tmp.md"));
        assert!(!set.is_match("borradores/archivo.md"));
    }

    #[test]
    fn lexical_absolute_paths() {
        assert_eq!(absolute(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
