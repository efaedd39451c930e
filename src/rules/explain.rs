/*!
The pages `vigia explain` prints for a rule (what it detects, why, the directive clause and
examples; the language server shows the same page on hover), for a lexicon (`@id`) and for
a lemma (`<votar>`): what a rule author needs to see of the forms a pattern matches.
*/

use std::fmt::Write as _;

use super::kind::KindInfo;
use super::patterns::Lexicon;
use super::{FixSafety, Rule};
use crate::directive;
use crate::lang::lexeme::{self, Pos, Tag};
use crate::lang::verbs::Cell;
use crate::lang::{clitics, verbs};

/// How many forms of a lemma entry a lexicon page shows.
const SHOWN_FORMS: usize = 6;

fn pos_name(p: Pos) -> &'static str {
    match p {
        Pos::Verb => "verbo (todas sus formas y enclíticos)",
        Pos::Noun => "sustantivo (singular y plural)",
        Pos::Person => "sustantivo de persona (género y número)",
        Pos::Adj => "adjetivo (género y número)",
        Pos::Word => "palabra o frase tal como se escribe",
    }
}

/// The page of a rule (`vigia explain RULE`): level, clause, kind, where it is defined, its
/// documentation, the directive clause quoted, and its examples.
pub fn rule_page(rule: &Rule) -> String {
    let i = &rule.info;
    let mut out = String::new();
    let _ = writeln!(out, "# {} — {}\n", i.id, i.title);
    if i.is_builtin() {
        let _ = writeln!(
            out,
            "Nivel: {} · Regla propia de vigia (no cita la directiva) · Corrección automática: no\n",
            i.level.label()
        );
        let _ = writeln!(out, "{}", i.doc);
        return out;
    }
    let _ = writeln!(
        out,
        "Nivel: {} · Directiva §{} · Tipo: {} · Corrección automática: {}",
        i.level.label(),
        i.section,
        i.kind,
        if i.fix == FixSafety::Safe {
            "sí"
        } else {
            "no"
        }
    );
    let _ = writeln!(out, "Definida en {}:{}\n", i.location.path, i.location.line);
    let _ = writeln!(out, "{}\n", i.doc);
    if let Some(more) = rule.kind.describe() {
        let _ = writeln!(out, "{more}");
    }
    let _ = match directive::title(&i.section) {
        Some(t) => writeln!(out, "## Directiva, cláusula {}: {t}\n", i.section),
        None => writeln!(out, "## Directiva, cláusula {}\n", i.section),
    };
    if let Some(text) = directive::clause(&i.section) {
        for line in text.lines() {
            let _ = writeln!(out, "> {line}");
        }
        let _ = writeln!(out, "\n({})\n", directive::TITLE);
    }
    let _ = writeln!(out, "## Ejemplos\n");
    // The examples as a reader sees them: without the `[[…]]` markers of the self-tests;
    // what the rule flags is named below each bad one.
    for ex in &rule.examples.bad {
        let _ = writeln!(out, "- ✗ {}", ex.text);
        let flagged: Vec<String> = ex
            .spans
            .iter()
            .filter_map(|r| ex.text.get(r.clone()))
            .map(|t| format!("«{t}»"))
            .collect();
        if !flagged.is_empty() {
            let _ = writeln!(out, "  señala: {}", flagged.join(", "));
        }
        if let Some(fix) = &ex.fix {
            let _ = writeln!(out, "  → {fix}");
        }
    }
    for ex in &rule.examples.good {
        let _ = writeln!(out, "- ✓ {}", ex.text);
    }
    out
}

/// The reference page of lexicons (`vigia explain kind:lexicons`).
pub const LEXICONS_PAGE: &str = include_str!("../../docs/lexicons.md");

/// The reference page of a rule kind (`vigia explain kind:tokens`), for a terminal: the
/// kind's module documentation with its links to code reduced to names.
pub fn kind_page(k: &KindInfo) -> String {
    let mut out = format!("# kind: {}\n\n", k.name);
    let mut rest = k.doc;
    // `[`crate::calendar`]` → `crate::calendar`; a Markdown link `[x](url)` is kept.
    while let Some(i) = rest.find("[`") {
        let Some(len) = rest[i..].find("`]") else {
            break;
        };
        let end = i + len + 2;
        out.push_str(&rest[..i]);
        if rest[end..].starts_with('(') {
            out.push_str(&rest[i..end]);
        } else {
            out.push_str(&rest[i + 1..end - 1]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The page of a lexicon: what it is, where it comes from, each entry with some forms.
pub fn lexicon_page(l: &Lexicon) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# @{} — {}\n", l.id, l.title);
    let _ = writeln!(
        out,
        "Tipo de entradas: {} · Definido en {}\n",
        pos_name(l.pos),
        l.path
    );
    if !l.description.is_empty() {
        let _ = writeln!(out, "{}\n", l.description);
    }
    let _ = writeln!(out, "Fuente: {}\n", l.source);
    let _ = writeln!(
        out,
        "## Entradas ({}; {} formas de una palabra)\n",
        l.entries.len(),
        l.words.len()
    );
    for e in &l.entries {
        let single = !e.contains(char::is_whitespace) && !e.contains(['<', '|']);
        let forms = if single {
            let pos = if l.pos == Pos::Word { Pos::Word } else { l.pos };
            lexeme::expand(e, pos, None)
                .map(|f| {
                    let mut seen: Vec<String> = Vec::new();
                    for (form, _) in f {
                        if !seen.contains(&form) {
                            seen.push(form);
                        }
                    }
                    seen
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if forms.len() > 1 {
            let shown: Vec<&str> = forms.iter().take(SHOWN_FORMS).map(String::as_str).collect();
            let more = forms.len().saturating_sub(SHOWN_FORMS);
            let tail = if more > 0 {
                format!(" … (+{more}; `vigia explain \"<{e}>\"`)")
            } else {
                String::new()
            };
            let _ = writeln!(out, "- {e}: {}{tail}", shown.join(", "));
        } else {
            let _ = writeln!(out, "- {e}");
        }
    }
    out
}

/// The page of a lemma (`votar`, `ciudadano:person`): every form with its cell, and for a
/// verb examples of its enclitic forms.
pub fn lemma_page(spec: &str) -> Result<String, String> {
    let spec = spec.trim().trim_start_matches('<').trim_end_matches('>');
    let (lemma, pos) = match spec.split_once(':') {
        Some((l, p)) => (
            l.trim(),
            Pos::parse(p.trim()).ok_or_else(|| {
                format!(
                    "clase de palabra desconocida «{p}»: use {}",
                    Pos::NAMES.join(", ")
                )
            })?,
        ),
        None => (spec, Pos::infer(spec)),
    };
    let forms = lexeme::expand(lemma, pos, None)?;
    let mut out = String::new();
    let _ = writeln!(out, "# <{lemma}> — {}\n", pos_name(pos));
    if pos == Pos::Verb {
        let inf = verbs::pronominal_base(lemma).unwrap_or(lemma);
        if let Some(v) = verbs::lookup(inf) {
            let known = if verbs::is_known(inf) {
                "según data/lang/verbs.tsv"
            } else {
                "no está en la tabla: conjugación deducida"
            };
            let _ = writeln!(out, "Conjugación: {} ({known})\n", v.class.name());
        }
    }
    let mut last = String::new();
    for (form, tag) in &forms {
        let label = match tag {
            Tag::Verb(c) => c.describe(),
            Tag::Nom(g) => format!(
                "{}{}",
                match g.fem {
                    Some(true) => "femenino ",
                    Some(false) => "masculino ",
                    None => "",
                },
                if g.plural { "plural" } else { "singular" }
            ),
            Tag::Word => "tal cual".into(),
        };
        let group = label.split(',').next().unwrap_or("").to_string();
        if group != last && matches!(tag, Tag::Verb(Cell::Fin { .. })) {
            let _ = writeln!(out);
        }
        last = group;
        let _ = writeln!(out, "- {form}: {label}");
    }
    if pos == Pos::Verb {
        let _ = writeln!(
            out,
            "\nCon pronombres enclíticos (infinitivo, gerundio, imperativo y subjuntivo de \
             usted, nosotros y ustedes) también coinciden, por ejemplo:"
        );
        let mut examples = Vec::new();
        for (form, tag) in &forms {
            if let Tag::Verb(c) = tag
                && c.takes_enclitics()
            {
                let nosotros = matches!(c, Cell::Fin { person: 3, .. });
                let vos = *c == Cell::Imp { plural: true };
                let pronouns: &[&str] = if *c == Cell::Inf {
                    &["lo", "selo"]
                } else {
                    &["lo"]
                };
                for p in pronouns {
                    if let Some(e) = clitics::attach(form, p, nosotros, vos) {
                        examples.push(e);
                    }
                }
            }
        }
        examples.dedup();
        let _ = writeln!(
            out,
            "{}",
            examples.into_iter().take(12).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemma_pages() {
        let p = lemma_page("<votar>").unwrap();
        assert!(
            p.contains("- votemos: presente de subjuntivo, 1.ª pl."),
            "{p}"
        );
        assert!(p.contains("vótalo"), "{p}");
        let p = lemma_page("ciudadano:person").unwrap();
        assert!(p.contains("- ciudadanas: femenino plural"), "{p}");
        assert!(lemma_page("casa:verb").is_err());
        assert!(lemma_page("x:cosa").is_err());
    }
}
