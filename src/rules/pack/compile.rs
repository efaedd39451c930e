/*!
Compiling one rule definition: ids, sections, messages, examples and the kind's matcher,
each problem at its place in the YAML.
*/

use std::sync::Arc;

use serde_saphyr::Spanned;

use crate::rules::kind;
use crate::rules::regexes::PackRegex;
use crate::rules::template::Template;
use crate::rules::{Example, Examples, FixSafety, Level, Rule, RuleInfo};
use crate::text::fold;

use super::Problems;
use super::def::{ExampleDef, ExamplesDef, RuleDef};

pub(crate) fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(super) fn valid_section(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

pub(super) fn section_message(s: &str) -> String {
    format!("sección «{s}» no válida: cite la cláusula de la directiva, p. ej. \"7.6\"")
}

/// A rule id as written in `supersedes` (`slug` of this pack, or `pack/slug`), made full.
pub(super) fn full_id(pack: &str, id: &str) -> String {
    let id = id.trim();
    if id.contains('/') {
        id.to_string()
    } else {
        format!("{pack}/{id}")
    }
}

/// Headings every rule's `doc` must have, so every `vigia explain` page looks alike.
pub const DOC_HEADINGS: [&str; 3] = ["## Qué detecta", "## Por qué importa", "## Ejemplo"];

pub(super) fn compile_rule(
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

pub(super) fn parse_template(
    s: &Spanned<String>,
    allowed: &[String],
    p: &mut Problems,
) -> Option<Template> {
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

pub(super) fn read_examples(ex: &Spanned<ExamplesDef>, p: &mut Problems) -> Examples {
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
