/*!
The typed form of a pack's YAML: what serde-saphyr reads, every value that can be wrong kept
with its position.
*/

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::rules::kind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PackDef {
    pub(super) pack: Spanned<String>,
    pub(super) title: String,
    #[serde(default)]
    pub(super) description: String,
    #[serde(default)]
    pub(super) level: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) section: Option<Spanned<String>>,
    /// Rules every rule of the pack hides where they overlap (`grammar/spelling`).
    #[serde(default)]
    pub(super) supersedes: Vec<Spanned<String>>,
    /// Named regex fragments the pack's regexes include with `(?&name)`.
    #[serde(default)]
    pub(super) fragments: std::collections::HashMap<Spanned<String>, Spanned<String>>,
    pub(super) rules: Vec<RuleDef>,
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
    pub(super) bad: Vec<Spanned<ExampleDef>>,
    #[serde(default)]
    pub(super) good: Vec<Spanned<ExampleDef>>,
}

#[derive(Debug)]
pub(super) enum ExampleDef {
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
