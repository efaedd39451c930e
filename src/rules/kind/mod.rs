/*!
Rule kinds: how a rule's YAML fields become a matcher.

Each kind is one module with a `FIELDS` list (the YAML keys it reads), a `compile` function
that validates them, and an implementation of [`Kind`]. Literal-term kinds hand their terms
to the engine, which folds all terms of all rules into one automaton and calls
[`Kind::on_term`] for each hit; other kinds scan the document themselves in [`Kind::scan`].
Adding a kind means adding a module, its page in `docs/kinds/`, and a line to [`KINDS`] and
[`compile`].
*/

pub mod capitalization;
pub mod conditional;
pub mod existence;
pub mod metric;
pub mod mojibake;
pub mod pattern;
pub mod repetition;
pub mod schedule;
pub mod spelling;
pub mod substitution;
pub mod tokens;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::pack::{Problems, RuleDef};
use super::{KindSettings, Scope, Vocabulary};
use crate::input::{Document, RegionKind};
use crate::measure::Measures;
use crate::platform::{Platform, Platforms};
use crate::text::{Folded, Hidden};

/// A rule kind: its name in packs and its reference page (`vigia explain kind:NAME`).
#[derive(Debug, Clone, Copy)]
pub struct KindInfo {
    pub name: &'static str,
    pub doc: &'static str,
}

macro_rules! kinds {
    ($($name:literal),* $(,)?) => {
        &[$(KindInfo {
            name: $name,
            doc: include_str!(concat!("../../../docs/kinds/", $name, ".md")),
        }),*]
    };
}

/// The kinds a rule may have.
pub const KINDS: &[KindInfo] = kinds![
    "existence",
    "substitution",
    "pattern",
    "metric",
    "repetition",
    "capitalization",
    "conditional",
    "schedule",
    "mojibake",
    "spelling",
    "tokens",
];

/// The kind called `name`.
pub fn info(name: &str) -> Option<&'static KindInfo> {
    KINDS.iter().find(|k| k.name == name)
}

/// A possible finding, before the engine applies exceptions and renders messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// Byte range in the document's text.
    pub span: Range<usize>,
    /// Placeholder values beyond `{match}` (captures, measures).
    pub vars: Vec<(String, String)>,
    pub suggestions: Vec<String>,
}

impl Draft {
    pub fn at(span: Range<usize>) -> Draft {
        Draft {
            span,
            ..Draft::default()
        }
    }
}

/// A compiled rule kind.
pub trait Kind: Send + Sync + fmt::Debug {
    /// Literal terms (as written) for the shared automaton; the index of a term is the
    /// `variant` given back to [`Kind::on_term`].
    fn terms(&self) -> Vec<&str> {
        Vec::new()
    }

    /// A whole-word hit of term `variant` at `span` of the document text.
    fn on_term(&self, _variant: usize, _span: Range<usize>, _cx: &Context) -> Option<Draft> {
        None
    }

    /// Looks at the document directly (regexes, measures…).
    fn scan(&self, _cx: &Context, _out: &mut Vec<Draft>) {}

    /// A kind matched over tokens: the engine tokenises each paragraph with an anchor of
    /// some such rule once, and hands the tokens to every rule anchored there.
    fn token_rule(&self) -> Option<&dyn TokenRule> {
        None
    }

    /// A regex whose absence from a stretch of text (in this kind's scope) proves the kind
    /// finds nothing there. When its parse yields literals any match contains, the engine
    /// looks for them in its automaton pass; otherwise it runs the regex with the others of
    /// its scope as one `RegexSet` over paragraph-sized chunks. Either way it calls
    /// [`Kind::scan_ranges`] with the chunks that may match.
    fn prefilter(&self) -> Option<&crate::rules::regexes::PackRegex> {
        None
    }

    /// Like [`Kind::scan`], limited to `ranges` of the view (sorted, disjoint).
    fn scan_ranges(&self, cx: &Context, _ranges: &[Range<usize>], out: &mut Vec<Draft>) {
        self.scan(cx, out)
    }

    /// Which view of the text exceptions are checked against.
    fn scope(&self) -> Scope {
        Scope::Prose
    }

    /// Placeholders this kind offers to `message` and `help`, beyond the common ones.
    fn placeholders(&self) -> Vec<String> {
        Vec::new()
    }

    /// Whether findings of this kind give way to (or win over) overlapping findings of other
    /// rules. Kinds that speak about the whole document say `false`.
    fn exclusive(&self) -> bool {
        true
    }

    /// What `vigia explain` shows of the rule beyond its doc (a token rule's patterns).
    fn describe(&self) -> Option<String> {
        None
    }

    /// Takes the run's settings that concern this kind (a dictionary path…).
    fn configure(&mut self, _settings: &KindSettings) {}

    /// Why this rule could not do its work in this run (a missing dictionary), once it has
    /// tried. The caller reports it once and exits with status 2.
    fn failure(&self) -> Option<String> {
        None
    }

    /// The concrete kind, for commands that need more of it than findings (`vigia words`).
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }
}

/// What the engine asks of a kind matched over tokens ([`Kind::token_rule`]).
pub trait TokenRule: Sync {
    /// For each pattern, where the folded words of its required tests come from, the
    /// anchor's first (`None`: it has no anchor and reads every sentence). See
    /// [`crate::rules::anchors`].
    fn pattern_anchors(&self) -> Vec<Option<Vec<Vec<crate::rules::patterns::AnchorSource>>>>;

    /// Findings in `toks`, the tokens of whole sentences of the prose view, whose
    /// sentences are `sentences` (token ranges, in order). `anchors` are the (token,
    /// pattern, slot) triples where a required test of an anchored pattern may stand (slot
    /// 0: its anchor), by token.
    fn run_tokens(
        &self,
        cx: &Context,
        toks: &[crate::text::tokens::Token],
        sentences: &[Range<usize>],
        anchors: &[(u32, u16, u8)],
        out: &mut Vec<Draft>,
    );
}

/// Placeholders every kind offers.
pub const COMMON_PLACEHOLDERS: &[&str] = &["match", "suggestion", "suggestions"];

/// Compiles the kind of `rd`, reporting problems (unknown kind, fields of another kind).
pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Box<dyn Kind>> {
    let name = rd.kind.value.as_str();
    let (fields, kind): (&[&str], Option<Box<dyn Kind>>) = match name {
        "existence" => (existence::FIELDS, existence::compile(rd, p).map(boxed)),
        "substitution" => (
            substitution::FIELDS,
            substitution::compile(rd, p).map(boxed),
        ),
        "pattern" => (pattern::FIELDS, pattern::compile(rd, p).map(boxed)),
        "mojibake" => (mojibake::FIELDS, mojibake::compile(rd, p).map(boxed)),
        "metric" => (metric::FIELDS, metric::compile(rd, p).map(boxed)),
        "repetition" => (repetition::FIELDS, repetition::compile(rd, p).map(boxed)),
        "capitalization" => (
            capitalization::FIELDS,
            capitalization::compile(rd, p).map(boxed),
        ),
        "conditional" => (conditional::FIELDS, conditional::compile(rd, p).map(boxed)),
        "schedule" => (schedule::FIELDS, schedule::compile(rd, p).map(boxed)),
        "spelling" => (spelling::FIELDS, spelling::compile(rd, p).map(boxed)),
        "tokens" => (tokens::FIELDS, tokens::compile(rd, p).map(boxed)),
        other => {
            let hint = match crate::rules::did_you_mean(other, KINDS.iter().map(|k| k.name)) {
                Some(k) => format!("; ¿quiso decir «{k}»?"),
                None => String::new(),
            };
            p.at(
                &rd.kind.referenced,
                format!(
                    "kind desconocido «{other}» (kinds: {}){hint}",
                    KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
                ),
            );
            return None;
        }
    };
    for (field, loc) in rd.kind_fields() {
        if !fields.contains(&field) {
            p.at(
                &loc,
                format!("el campo `{field}` no se usa con kind {name}"),
            );
        }
    }
    kind
}

fn boxed<K: Kind + 'static>(k: K) -> Box<dyn Kind> {
    Box::new(k)
}

/// A document prepared for matching: blanked views (same byte offsets as the text, with
/// non-prose regions replaced by filler) and the folded prose.
pub struct Context<'d> {
    pub doc: &'d Document,
    /// Terms the project accepts: a kind judging single words skips them.
    pub vocabulary: &'d Vocabulary,
    prose: Cow<'d, str>,
    text: OnceLock<Cow<'d, str>>,
    /// Folded prose of the body, where terms are matched.
    pub folded: Folded,
    /// The platform table, and the index of the post's platform in it.
    platforms: Arc<Platforms>,
    platform: Option<usize>,
    /// Measures of the post, computed on first use and shared by every rule.
    measures: OnceLock<Measures>,
    prose_measures: OnceLock<Measures>,
    word_starts: OnceLock<usize>,
    /// Whether the findings' suggestions will be read. A run that only counts findings
    /// (`vigia audit`) does not ask kinds to compute them, which for spelling is most of
    /// the work.
    pub suggest: bool,
    /// Whether the folded prose shows signs of masked words (see `existence`).
    masked: OnceLock<bool>,
}

/// The vocabulary of a context built without one.
static NO_VOCABULARY: std::sync::LazyLock<Vocabulary> =
    std::sync::LazyLock::new(Vocabulary::default);

impl<'d> Context<'d> {
    pub fn new(doc: &'d Document) -> Context<'d> {
        Context::with_vocabulary(doc, &NO_VOCABULARY)
    }

    /// A context whose kinds see the project's accepted vocabulary.
    pub fn with_vocabulary(doc: &'d Document, vocabulary: &'d Vocabulary) -> Context<'d> {
        let hidden: Vec<(Range<usize>, Hidden)> = doc
            .regions
            .iter()
            .map(|r| {
                let how = match r.kind {
                    RegionKind::LinkTarget => Hidden::Remove,
                    RegionKind::Markup if !doc.text[r.range.clone()].contains('\n') => {
                        Hidden::Remove
                    }
                    _ => Hidden::Separate,
                };
                (r.range.clone(), how)
            })
            .collect();
        // The words of hashtags are parted in the folded text, so terms and anchors see them.
        let breaks = if memchr::memchr(b'#', doc.text[doc.body.clone()].as_bytes()).is_some() {
            let split = |body: &str| crate::spell::segment::split(body);
            let mut b =
                crate::text::tokens::hashtag_breaks(&doc.text, doc.body.clone(), Some(&split));
            b.retain(|&at| {
                let i = hidden.partition_point(|(r, _)| r.end <= at);
                hidden.get(i).is_none_or(|(r, _)| r.start > at)
            });
            b
        } else {
            Vec::new()
        };
        // Both are large copies of a large text: made side by side.
        let (prose, folded) = if doc.text.len() >= crate::text::PARALLEL_MIN {
            rayon::join(
                || blank(doc, |_| true),
                || Folded::with_breaks(&doc.text, doc.body.clone(), &hidden, &breaks),
            )
        } else {
            (
                blank(doc, |_| true),
                Folded::with_breaks(&doc.text, doc.body.clone(), &hidden, &breaks),
            )
        };
        let platforms = crate::platform::bundled();
        let platform = doc.platform().and_then(|name| {
            platforms
                .platforms
                .iter()
                .position(|p| Some(p) == platforms.get(name))
        });
        Context {
            doc,
            vocabulary,
            prose,
            text: OnceLock::new(),
            folded,
            platforms,
            platform,
            measures: OnceLock::new(),
            prose_measures: OnceLock::new(),
            word_starts: OnceLock::new(),
            suggest: true,
            masked: OnceLock::new(),
        }
    }

    /// Whether the folded prose holds something a masked spelling needs: a masking symbol
    /// inside a word (`c*rajo`, `m13rda`, `p!ta`), a doubled `a`, `i` or `u`, or any letter
    /// three times in a row (`mierdaaa`). Computed once, shared by every rule that asks.
    pub fn has_masking(&self) -> bool {
        *self
            .masked
            .get_or_init(|| existence::masking_signs(&self.folded.text))
    }

    /// Uses `platforms` to resolve the post's platform, and `default` (a platform id or
    /// alias) when the document names none. A document that names an unknown platform
    /// gets none (its error is reported when it is read).
    pub fn with_platforms(mut self, platforms: Arc<Platforms>, default: Option<&str>) -> Self {
        let index = |name: &str| {
            platforms
                .get(name)
                .and_then(|p| platforms.platforms.iter().position(|q| q == p))
        };
        self.platform = match self.doc.platform() {
            Some(name) => index(name),
            None => default.and_then(index),
        };
        self.platforms = platforms;
        self
    }

    /// The post's platform, if known.
    pub fn platform(&self) -> Option<&Platform> {
        self.platform.map(|i| &self.platforms.platforms[i])
    }

    /// The platform table in use.
    pub fn platforms(&self) -> &Platforms {
        &self.platforms
    }

    /// The measures of the post (computed once, on first use).
    pub fn measures(&self) -> &Measures {
        self.measures.get_or_init(|| {
            Measures::compute(self.doc, self.view(Scope::Prose), &self.platforms.twitter)
        })
    }

    /// An upper bound of the words of the body, cheap to count (see `metric`).
    pub fn word_starts(&self) -> usize {
        *self
            .word_starts
            .get_or_init(|| metric::word_starts(&self.doc.text[self.doc.body.clone()]))
    }

    /// Measures good for words, sentences, syllables, hashtags and mentions (the post's
    /// lengths may be zero): the full measures when already computed, else the cheaper
    /// prose-only ones.
    pub fn prose_measures(&self) -> &Measures {
        if let Some(m) = self.measures.get() {
            return m;
        }
        self.prose_measures
            .get_or_init(|| Measures::compute_prose(self.doc, self.view(Scope::Prose)))
    }

    /// Where an all-lowercase hashtag body splits into words, by the dictionary, when it is
    /// no word itself and splits one way only (`votaporlucia` → `vota por lucia`).
    pub fn hashtag_split(&self, body: &str) -> Option<Vec<usize>> {
        crate::spell::segment::split(body)
    }

    /// Whether the character at `offset` is hidden from rules of `scope` (markup, code…).
    pub fn is_hidden(&self, scope: Scope, offset: usize) -> bool {
        let regions = &self.doc.regions;
        let i = regions.partition_point(|r| r.range.end <= offset);
        regions.get(i).is_some_and(|r| {
            r.range.start <= offset
                && match scope {
                    Scope::Prose => true,
                    Scope::Text => !matches!(
                        r.kind,
                        RegionKind::Url | RegionKind::Email | RegionKind::LinkTarget
                    ),
                }
        })
    }

    /// The text as a rule of `scope` sees it.
    pub fn view(&self, scope: Scope) -> &str {
        match scope {
            Scope::Prose => &self.prose,
            Scope::Text => self.text.get_or_init(|| {
                blank(self.doc, |k| {
                    !matches!(
                        k,
                        RegionKind::Url | RegionKind::Email | RegionKind::LinkTarget
                    )
                })
            }),
        }
    }
}

/// Filler for blanked regions: inline markup becomes spaces (words around it still read as
/// a phrase), everything else a control character no pattern matches; line breaks stay.
const FILLER: u8 = 0x1F;

fn blank(doc: &Document, hide: impl Fn(RegionKind) -> bool) -> Cow<'_, str> {
    let regions: Vec<_> = doc.regions.iter().filter(|r| hide(r.kind)).collect();
    if regions.is_empty() {
        return Cow::Borrowed(&doc.text);
    }
    // Copied piece by piece: regions lie on char boundaries and become ASCII, so the copy
    // needs no second UTF-8 validation (a pass that counts on a 100 MB text).
    let text = &doc.text;
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for r in regions {
        out.push_str(&text[pos..r.range.start]);
        let fill = match r.kind {
            RegionKind::Markup | RegionKind::LinkTarget => ' ',
            _ => FILLER as char,
        };
        for &b in &text.as_bytes()[r.range.clone()] {
            out.push(if b == b'\n' || b == b'\r' {
                b as char
            } else {
                fill
            });
        }
        pos = r.range.end;
    }
    out.push_str(&text[pos..]);
    Cow::Owned(out)
}

/// Reads a `terms`-like list: trimmed, non-empty, each folding to something.
/// The longest term a pack may list: a word or a short phrase. Longer ones are a mistake,
/// and their automata take long to build (a term of 50,000 letters took 53 s).
pub const MAX_TERM_CHARS: usize = 200;

pub fn read_terms(list: &[serde_saphyr::Spanned<String>], p: &mut Problems) -> Vec<String> {
    let mut out = Vec::new();
    for t in list {
        let term = t.value.split_whitespace().collect::<Vec<_>>().join(" ");
        if crate::text::fold(&term).trim().is_empty() {
            p.at(&t.referenced, "término vacío");
            continue;
        }
        let chars = term.chars().count();
        if chars > MAX_TERM_CHARS {
            p.at(
                &t.referenced,
                format!(
                    "término de {chars} caracteres: el máximo es {MAX_TERM_CHARS} \
                     (un término es una palabra o una frase corta)"
                ),
            );
            continue;
        }
        out.push(term);
    }
    out
}
