/*!
Platforms: the networks a post is written for, how each one counts a post, and its limits.

The table is data, not code: `data/platforms.yaml`, embedded in the binary and read
once ([`bundled`]). Each platform has an id (`x`), a display name (`X`), aliases (`twitter`),
the way it counts the length of a post ([`Count`]) and its hard limits per `metric` measure
(`length: 280`). The `twitter:` block holds the twitter-text v3 weights used by
[`Count::Twitter`].

A post's platform is, in order: its front matter (`platform:`) or the platform column of an
archive record (both land in `Document::meta.platform`), else the run's default
(`--platform`; a configuration file may supply it later through the same
`Engine::with_default_platform` seam). Unknown names are input errors with a did-you-mean.
*/

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, LazyLock};

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::error::PackError;

/// How a network counts the length of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// twitter-text v3 weighted length.
    Twitter,
    /// Extended grapheme clusters (user-perceived characters).
    Graphemes,
    /// Unicode scalar values.
    Characters,
    /// UTF-16 code units.
    Utf16,
    /// UTF-8 bytes.
    Bytes,
}

impl Count {
    pub const NAMES: &[&str] = &["twitter", "graphemes", "characters", "utf16", "bytes"];

    fn parse(s: &str) -> Option<Count> {
        Some(match s {
            "twitter" => Count::Twitter,
            "graphemes" => Count::Graphemes,
            "characters" => Count::Characters,
            "utf16" => Count::Utf16,
            "bytes" => Count::Bytes,
            _ => return None,
        })
    }

    /// The unit in Spanish messages: "291/280 caracteres ponderados".
    pub fn unit(self) -> &'static str {
        match self {
            Count::Twitter => "caracteres ponderados",
            Count::Graphemes | Count::Characters => "caracteres",
            Count::Utf16 => "unidades UTF-16",
            Count::Bytes => "bytes",
        }
    }
}

/// One network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    /// Canonical id (`x`, `instagram`).
    pub id: String,
    /// Name shown to users (`X`, `Instagram`).
    pub name: String,
    pub aliases: Vec<String>,
    /// How the length of a post is counted.
    pub count: Count,
    /// Hard limits: `metric` measure → maximum.
    pub limits: BTreeMap<String, u64>,
}

impl Platform {
    /// The limit of `measure`, if the network has one.
    pub fn limit(&self, measure: &str) -> Option<u64> {
        self.limits.get(measure).copied()
    }
}

/// twitter-text weights (config v3), in whole characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwitterWeights {
    pub default_weight: u32,
    pub light_weight: u32,
    /// Inclusive code-point ranges that weigh `light_weight`.
    pub light_ranges: Vec<(u32, u32)>,
    pub url_weight: u32,
    pub emoji_weight: u32,
}

impl TwitterWeights {
    /// Weight of one code point (after NFC).
    #[inline]
    pub fn weight(&self, c: char) -> u32 {
        let c = c as u32;
        if self.light_ranges.iter().any(|&(a, b)| a <= c && c <= b) {
            self.light_weight
        } else {
            self.default_weight
        }
    }
}

/// The platform table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platforms {
    pub platforms: Vec<Platform>,
    pub twitter: TwitterWeights,
}

/// Path under which the bundled table is reported.
pub const BUNDLED_PATH: &str = "<vigia>/data/platforms.yaml";
const BUNDLED_TEXT: &str = include_str!("../data/platforms.yaml");

static BUNDLED: LazyLock<Arc<Platforms>> = LazyLock::new(|| {
    Arc::new(
        Platforms::parse(BUNDLED_PATH, BUNDLED_TEXT)
            .unwrap_or_else(|e| panic!("the bundled platform table is broken: {e:?}")),
    )
});

/// The bundled platform table (checked by a unit test, so it always loads).
pub fn bundled() -> Arc<Platforms> {
    BUNDLED.clone()
}

impl Platforms {
    /// The platform called `name` (id or alias, any case, surrounding blanks ignored).
    pub fn get(&self, name: &str) -> Option<&Platform> {
        let name = name.trim();
        self.platforms.iter().find(|p| {
            p.id.eq_ignore_ascii_case(name)
                || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
    }

    /// The Spanish error for a platform name that is not in the table.
    pub fn unknown(&self, name: &str) -> String {
        let ids = self
            .platforms
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let candidates = self.platforms.iter().flat_map(|p| {
            std::iter::once(p.id.as_str()).chain(p.aliases.iter().map(String::as_str))
        });
        let lower = name.trim().to_lowercase();
        match crate::rules::did_you_mean(&lower, candidates) {
            Some(m) => {
                format!("plataforma desconocida «{name}»; ¿quiso decir «{m}»? (plataformas: {ids})")
            }
            None => format!("plataforma desconocida «{name}» (plataformas: {ids})"),
        }
    }

    /// Reads a platform table, reporting every problem at its line and column.
    pub fn parse(path: &str, text: &str) -> Result<Platforms, Vec<PackError>> {
        let source: Arc<str> = Arc::from(text);
        let mut errors = Vec::new();
        let mut at = |loc: &Location, message: String| {
            errors.push(data_error(path, &source, Some(loc), message));
        };
        let def: FileDef = serde_saphyr::from_str(text)
            .map_err(|e| vec![crate::rules::pack::yaml_error(path, &source, &e)])?;
        let mut platforms: Vec<Platform> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for p in &def.platforms {
            let mut names = vec![&p.id];
            names.extend(p.aliases.iter());
            for n in names {
                let lower = n.value.trim().to_lowercase();
                if lower.is_empty() || !lower.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    at(
                        &n.referenced,
                        format!(
                            "nombre de plataforma no válido «{}»: use minúsculas, dígitos y guiones",
                            n.value
                        ),
                    );
                } else if seen.contains(&lower) {
                    at(
                        &n.referenced,
                        format!("la plataforma o alias «{}» está repetido", n.value),
                    );
                } else {
                    seen.push(lower);
                }
            }
            let count = match Count::parse(&p.count.value) {
                Some(c) => c,
                None => {
                    at(
                        &p.count.referenced,
                        format!(
                            "`count` desconocido «{}» (use {})",
                            p.count.value,
                            Count::NAMES.join(", ")
                        ),
                    );
                    Count::Graphemes
                }
            };
            let mut limits = BTreeMap::new();
            for (m, v) in &p.limits.0 {
                if !crate::measure::Measure::NAMES.contains(&m.value.as_str()) {
                    let hint = crate::rules::did_you_mean(
                        &m.value,
                        crate::measure::Measure::NAMES.iter().copied(),
                    )
                    .map(|s| format!("; ¿quiso decir «{s}»?"))
                    .unwrap_or_default();
                    at(
                        &m.referenced,
                        format!("medida desconocida «{}»{hint}", m.value),
                    );
                }
                limits.insert(m.value.clone(), *v);
            }
            platforms.push(Platform {
                id: p.id.value.trim().to_lowercase(),
                name: p.name.clone(),
                aliases: p
                    .aliases
                    .iter()
                    .map(|a| a.value.trim().to_lowercase())
                    .collect(),
                count,
                limits,
            });
        }
        let twitter = match &def.twitter {
            Some(t) => {
                let mut ranges = Vec::new();
                for r in &t.value.light_ranges {
                    match parse_range(&r.value) {
                        Some(x) => ranges.push(x),
                        None => at(
                            &r.referenced,
                            format!(
                                "rango no válido «{}»: escriba dos códigos hexadecimales, p. ej. \"2000-200D\"",
                                r.value
                            ),
                        ),
                    }
                }
                TwitterWeights {
                    default_weight: t.value.default_weight,
                    light_weight: t.value.light_weight,
                    light_ranges: ranges,
                    url_weight: t.value.url_weight,
                    emoji_weight: t.value.emoji_weight,
                }
            }
            None => {
                if let Some(p) = def.platforms.iter().find(|p| p.count.value == "twitter") {
                    at(
                        &p.count.referenced,
                        "`count: twitter` necesita el bloque `twitter:` con los pesos".to_string(),
                    );
                }
                TwitterWeights {
                    default_weight: 2,
                    light_weight: 1,
                    light_ranges: Vec::new(),
                    url_weight: 23,
                    emoji_weight: 2,
                }
            }
        };
        if errors.is_empty() {
            Ok(Platforms { platforms, twitter })
        } else {
            Err(errors)
        }
    }
}

/// `"2000-200D"` → `(0x2000, 0x200D)`.
fn parse_range(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('-')?;
    let a = u32::from_str_radix(a.trim(), 16).ok()?;
    let b = u32::from_str_radix(b.trim(), 16).ok()?;
    (a <= b && b <= 0x10FFFF).then_some((a, b))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    platforms: Vec<PlatformDef>,
    #[serde(default)]
    twitter: Option<Spanned<TwitterDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformDef {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    count: Spanned<String>,
    #[serde(default)]
    limits: SpannedMap<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TwitterDef {
    default_weight: u32,
    light_weight: u32,
    light_ranges: Vec<Spanned<String>>,
    url_weight: u32,
    emoji_weight: u32,
}

/// A YAML map whose keys keep their position, in the order written.
#[derive(Debug)]
pub struct SpannedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SpannedMap<V>, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    out.push((key, map.next_value::<V>()?));
                }
                Ok(SpannedMap(out))
            }
        }
        d.deserialize_map(Vis(std::marker::PhantomData))
    }
}

/// A problem in a data file (platform table, holiday calendar) at a YAML location.
pub(crate) fn data_error(
    path: &str,
    source: &Arc<str>,
    loc: Option<&Location>,
    message: String,
) -> PackError {
    PackError {
        path: path.to_string(),
        source: Some(source.clone()),
        line: loc.map_or(0, |l| l.line() as usize),
        column: loc.map_or(0, |l| l.column() as usize),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_loads_with_the_documented_limits() {
        let t = bundled();
        let x = t.get("x").unwrap();
        assert_eq!(x.name, "X");
        assert_eq!(x.count, Count::Twitter);
        assert_eq!(x.limit("length"), Some(280));
        assert_eq!(t.get("Twitter").unwrap().id, "x");
        assert_eq!(t.get(" IG ").unwrap().id, "instagram");
        assert_eq!(t.get("instagram").unwrap().limit("length"), Some(2200));
        assert_eq!(t.get("instagram").unwrap().limit("hashtags"), Some(30));
        assert_eq!(t.get("threads").unwrap().limit("length"), Some(500));
        assert_eq!(t.get("linkedin").unwrap().limit("length"), Some(3000));
        assert_eq!(t.get("facebook").unwrap().limit("length"), Some(63206));
        let yt = t.get("youtube").unwrap();
        assert_eq!(
            (yt.count, yt.limit("length"), yt.limit("title-length")),
            (Count::Bytes, Some(5000), Some(100))
        );
        let tt = t.get("TikTok").unwrap();
        assert_eq!(
            (tt.count, tt.limit("length")),
            (Count::Graphemes, Some(4000))
        );
        assert_eq!(
            t.twitter.light_ranges,
            vec![
                (0, 0x10FF),
                (0x2000, 0x200D),
                (0x2010, 0x201F),
                (0x2032, 0x2037)
            ]
        );
    }

    #[test]
    fn twitter_weights_of_spanish_text() {
        let w = &bundled().twitter;
        for c in [
            'a', 'ñ', 'á', 'Ü', '¿', '¡', '«', '»', '“', '”', '–', '—', '\n',
        ] {
            assert_eq!(w.weight(c), 1, "{c:?}");
        }
        // The brief's traps: ellipsis, bullet and euro weigh 2.
        for c in ['…', '•', '€', '😀', '中'] {
            assert_eq!(w.weight(c), 2, "{c:?}");
        }
    }

    #[test]
    fn unknown_platform_suggests_the_closest() {
        let t = bundled();
        assert!(
            t.unknown("instragram")
                .contains("¿quiso decir «instagram»?")
        );
        assert!(
            t.unknown("zzzzzzzz")
                .starts_with("plataforma desconocida «zzzzzzzz» (plataformas: x, instagram")
        );
    }

    #[test]
    fn bad_tables_report_line_and_column() {
        let text = "platforms:\n  - id: x\n    name: X\n    count: weighted\n    limits:\n      lenght: 280\n  - id: X\n    name: Otra\n    count: graphemes\n";
        let errs = Platforms::parse("p.yaml", text).unwrap_err();
        let got: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|e| (e.line, e.column, e.message.as_str()))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (4, 12));
        assert!(got[0].2.starts_with("`count` desconocido «weighted»"));
        assert_eq!((got[1].0, got[1].1), (6, 7));
        assert!(got[1].2.contains("¿quiso decir «length»?"), "{}", got[1].2);
        assert_eq!((got[2].0, got[2].1), (7, 9));
        assert!(got[2].2.contains("repetido"));

        let errs =
            Platforms::parse("p.yaml", "platforms:\n  - id: x\n    nombre: X\n").unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("nombre"), "{}", errs[0].message);

        let text = "platforms:\n  - id: x\n    name: X\n    count: twitter\ntwitter:\n  default_weight: 2\n  light_weight: 1\n  light_ranges: [\"0000-10FF\", \"zz\"]\n  url_weight: 23\n  emoji_weight: 2\n";
        let errs = Platforms::parse("p.yaml", text).unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (8, 31));
    }
}
