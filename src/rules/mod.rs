/*!
Rules: what a rule pack says, validated and compiled.

A pack is a YAML file (see `rules/` and the README's pack reference). [`pack`] reads packs
into typed definitions and checks them, collecting every problem with its file, line and
column; each rule's `kind` (one module per kind in [`kind`]) compiles its fields into a
matcher. The result is a [`RuleSet`], from which the engine builds its shared automaton.
*/

pub mod anchors;
pub mod builtin;
pub mod bundled;
pub mod explain;
pub mod kind;
pub mod lexicon;
pub mod pack;
pub mod patterns;
pub mod regexes;
pub mod selftest;
pub mod template;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::Serialize;

pub use kind::Kind;
pub use template::Template;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// The level's name in the Spanish human output.
    pub fn label(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "aviso",
            Level::Error => "error",
        }
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        match s {
            "error" => Ok(Level::Error),
            "warning" => Ok(Level::Warning),
            "info" => Ok(Level::Info),
            other => Err(format!(
                "nivel desconocido «{other}»: use error, warning o info"
            )),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a rule's first suggestion may be applied without a human look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    Safe,
    #[default]
    Unsafe,
}

/// Which view of a document a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Prose only: no URLs, e-mail addresses, code, markup or front matter.
    #[default]
    Prose,
    /// Prose plus URLs, e-mail addresses and link targets.
    Text,
}

/// Where a rule is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

/// What every finding of a rule shares: identity and documentation.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// Full id `pack/slug`, stable forever.
    pub id: String,
    pub pack: String,
    pub title: String,
    pub level: Level,
    /// Directive clause, e.g. `7.6`.
    pub section: String,
    pub kind: String,
    pub doc: String,
    pub fix: FixSafety,
    pub location: Location,
}

/// A bad or good example sentence of a rule.
#[derive(Debug, Clone)]
pub struct Example {
    /// Text with the `[[…]]` markers removed.
    pub text: String,
    /// Spans marked with `[[…]]` (bad examples only).
    pub spans: Vec<std::ops::Range<usize>>,
    /// Text after applying the first suggestion of every finding.
    pub fix: Option<String>,
    /// Exact suggestions expected for the (first) finding.
    pub suggestions: Option<Vec<String>>,
    /// The source text as written in the pack, markers included.
    pub source: String,
    pub location: Location,
}

#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub bad: Vec<Example>,
    pub good: Vec<Example>,
}

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub info: Arc<RuleInfo>,
    pub message: Template,
    pub help: Option<Template>,
    /// Folded except phrases.
    pub except: Vec<String>,
    pub except_patterns: Vec<regexes::PackRegex>,
    /// Full ids of the rules whose overlapping findings this rule's findings hide.
    pub supersedes: Vec<String>,
    /// Front matter `kind:` values the rule checks (empty: every document).
    pub applies_to: Vec<String>,
    /// Platform ids the rule checks (empty: every platform, and documents without one).
    pub platforms: Vec<String>,
    pub examples: Examples,
    pub kind: Box<dyn Kind>,
}

impl Rule {
    /// Whether the rule checks a document of this `kind:` published on `platform`.
    pub fn applies(&self, kind: Option<&str>, platform: Option<&str>) -> bool {
        (self.applies_to.is_empty()
            || kind.is_some_and(|k| {
                self.applies_to
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(k.trim()))
            }))
            && (self.platforms.is_empty()
                || platform.is_some_and(|p| self.platforms.iter().any(|q| q == p)))
    }
}

/// A loaded pack's description.
#[derive(Debug, Clone)]
pub struct PackInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Where it was read from (`<bundled>` packs say so).
    pub path: String,
    pub bundled: bool,
}

/// Settings of a run that concern rule kinds and that packs do not carry: from the command
/// line (and, through [`crate::config::Settings`], from the configuration file when it gets a
/// key for them). Kinds take what concerns them in [`Kind::configure`]. The words a project
/// accepts come through [`Vocabulary`] instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindSettings {
    /// Hunspell dictionary for `spelling` rules (`--dictionary`).
    pub dictionary: Option<std::path::PathBuf>,
    /// `dictionary:` of the configuration file, resolved against its directory.
    pub config_dictionary: Option<std::path::PathBuf>,
}

/// All loaded rules, in pack order then file order.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub packs: Vec<PackInfo>,
    pub rules: Vec<Rule>,
    /// The project's vocabulary (`.vigia.yaml`): terms no rule reports.
    pub vocabulary: Vocabulary,
    /// The lexicons the packs were compiled with (bundled and read from files).
    pub lexicons: std::sync::Arc<patterns::Lexicons>,
}

/// Terms a project accepts (names of projects, places, people): no rule reports a match
/// inside one of them. Kinds that judge single words (spelling) ask [`Vocabulary::accepts`].
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// The terms as written.
    pub accept: Vec<String>,
    /// The terms folded (case, accents and spacing ignored), for matching.
    folded: std::collections::HashSet<String>,
}

impl Vocabulary {
    pub fn new(accept: Vec<String>) -> Vocabulary {
        let folded = accept.iter().map(|t| crate::text::fold(t.trim())).collect();
        Vocabulary { accept, folded }
    }

    /// Whether `term` (a word or phrase, any case or accents) is accepted.
    pub fn accepts(&self, term: &str) -> bool {
        !self.folded.is_empty() && self.folded.contains(&crate::text::fold(term.trim()))
    }

    pub fn is_empty(&self) -> bool {
        self.accept.is_empty()
    }
}

impl RuleSet {
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.info.id == id)
    }

    /// Hands the run's settings to every rule.
    pub fn configure(&mut self, settings: &KindSettings) {
        for rule in &mut self.rules {
            rule.kind.configure(settings);
        }
    }

    /// Keeps the rules matched by `select` (all when empty) and not by `ignore`.
    /// Every selector must name a pack or a rule (globs allowed), or it is an error.
    pub fn filter(&mut self, select: &[String], ignore: &[String]) -> Result<(), String> {
        let select = self.compile_selectors(select)?;
        let ignore = self.compile_selectors(ignore)?;
        self.rules.retain(|r| {
            (select.is_empty() || select.iter().any(|s| s.matches(&r.info)))
                && !ignore.iter().any(|s| s.matches(&r.info))
        });
        Ok(())
    }

    fn compile_selectors(&self, sels: &[String]) -> Result<Vec<Selector>, String> {
        sels.iter()
            .map(|s| {
                let sel = Selector::new(s)?;
                if self.rules.iter().any(|r| sel.matches(&r.info)) {
                    Ok(sel)
                } else {
                    let names = self
                        .packs
                        .iter()
                        .map(|p| p.id.as_str())
                        .chain(self.rules.iter().map(|r| r.info.id.as_str()));
                    Err(match did_you_mean(s, names) {
                        Some(m) => format!("«{s}» no es un pack ni una regla; ¿quiso decir «{m}»?"),
                        None => format!("«{s}» no es un pack ni una regla (vea `vigia rules`)"),
                    })
                }
            })
            .collect()
    }
}

/// A pack id, a rule id, or a glob over rule ids (`grammar/*`).
#[derive(Debug, Clone)]
pub struct Selector {
    text: String,
    glob: Option<globset::GlobMatcher>,
}

impl Selector {
    pub fn new(s: &str) -> Result<Selector, String> {
        let glob = if s.contains(['*', '?', '[']) {
            Some(
                globset::Glob::new(s)
                    .map_err(|e| format!("selector «{s}» no válido: {e}"))?
                    .compile_matcher(),
            )
        } else {
            None
        };
        Ok(Selector {
            text: s.to_string(),
            glob,
        })
    }

    pub fn matches(&self, rule: &RuleInfo) -> bool {
        match &self.glob {
            Some(g) => g.is_match(&rule.id) || g.is_match(&rule.pack),
            None => self.text == rule.id || self.text == rule.pack,
        }
    }

    /// Whether the selector matches a pack or rule id.
    pub fn matches_id(&self, id: &str) -> bool {
        match &self.glob {
            Some(g) => g.is_match(id),
            None => self.text == id,
        }
    }

    /// The selector as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The closest candidate to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
