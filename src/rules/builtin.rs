/*!
Built-in rules: findings about vigia's own mechanics, not about the directive.

They live in the pack `vigia` so they can be listed (`vigia rules`), explained
(`vigia explain vigia/unused-suppression`), selected, ignored and re-levelled like any other
rule, but no pack defines them and no text matcher runs for them: the suppression layer
(`crate::suppress`) reports them. They cite no clause of the directive, so their `section`
is empty; reporters say "regla de vigia" where a directive rule shows its clause.
*/

use std::sync::Arc;

use super::{Examples, FixSafety, Kind, Level, Location, PackInfo, Rule, RuleInfo, RuleSet};
use crate::rules::template::Template;

/// Pack id of the built-in rules.
pub const PACK: &str = "vigia";
/// `kind` of every built-in rule (no pack rule can have it: pack kinds are checked).
pub const KIND: &str = "builtin";

/// A suppression comment or front-matter entry that silences nothing.
pub const UNUSED_SUPPRESSION: &str = "vigia/unused-suppression";
/// A suppression that names no known rule or pack, or is not a known directive.
pub const INVALID_SUPPRESSION: &str = "vigia/invalid-suppression";

/// `(id, title, level, doc)` of each built-in rule.
const RULES: &[(&str, &str, Level, &str)] = &[
    (
        UNUSED_SUPPRESSION,
        "Supresión sin efecto",
        Level::Warning,
        "## Qué detecta
Un comentario `vigia-disable…` (o una entrada de `vigia: {disable: […]}` en el front matter)
que no silencia ningún hallazgo: la regla que nombra ya no se activa en ese tramo.

## Por qué importa
Una supresión que sobra esconde en silencio lo que se escriba después en ese lugar. Igual
que `unused-noqa` en otros linters, se señala para que las supresiones no se acumulen.

## Ejemplo
`<!-- vigia-disable-next-line grammar/double-space -->` sobre una línea sin espacios dobles:
retire el comentario.",
    ),
    (
        INVALID_SUPPRESSION,
        "Supresión no válida",
        Level::Warning,
        "## Qué detecta
Una supresión que nombra una regla o un pack que no existe (p. ej. una errata como
`inclusive/generic-masculin`), o un comentario `vigia-…` que no es una directiva conocida
(`vigia-disable`, `vigia-enable`, `vigia-disable-line`, `vigia-disable-next-line`).

## Por qué importa
Una supresión mal escrita no silencia nada: el hallazgo que se quería aceptar sigue
apareciendo y la razón anotada se pierde.

## Ejemplo
`<!-- vigia-disable-next-line inclusive/generic-masculin -->` → ¿quiso decir
`inclusive/generic-masculine`?",
    ),
];

/// A kind that matches nothing: built-in findings are made elsewhere.
#[derive(Debug)]
struct Builtin;

impl Kind for Builtin {
    fn exclusive(&self) -> bool {
        false
    }
}

impl RuleInfo {
    /// Whether this is a built-in rule (about vigia itself, citing no directive clause).
    pub fn is_builtin(&self) -> bool {
        self.kind == KIND
    }
}

/// Adds the built-in rules (and their pack) to `set`, unless already there.
pub fn add(set: &mut RuleSet) {
    if set.packs.iter().any(|p| p.id == PACK) {
        return;
    }
    set.packs.push(PackInfo {
        id: PACK.into(),
        title: "Reglas propias de vigia".into(),
        description: "Avisos sobre el uso de vigia (supresiones), no sobre la directiva.".into(),
        path: "<vigia>".into(),
        bundled: true,
    });
    for (id, title, level, doc) in RULES {
        set.rules.push(Rule {
            info: Arc::new(RuleInfo {
                id: id.to_string(),
                pack: PACK.into(),
                title: title.to_string(),
                level: *level,
                section: String::new(),
                kind: KIND.into(),
                doc: doc.to_string(),
                fix: FixSafety::Unsafe,
                location: Location {
                    path: "<vigia>".into(),
                    line: 0,
                    column: 0,
                },
            }),
            message: Template::parse(title).unwrap_or_default(),
            help: None,
            except: Vec::new(),
            except_patterns: Vec::new(),
            supersedes: Vec::new(),
            applies_to: Vec::new(),
            platforms: Vec::new(),
            examples: Examples::default(),
            kind: Box::new(Builtin),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_have_the_doc_headings_and_no_section() {
        let mut set = RuleSet::default();
        add(&mut set);
        add(&mut set);
        assert_eq!(set.rules.len(), RULES.len());
        for r in &set.rules {
            assert!(r.info.is_builtin());
            assert!(r.info.section.is_empty());
            for h in crate::rules::pack::DOC_HEADINGS {
                assert!(
                    r.info.doc.lines().any(|l| l.trim() == h),
                    "{} {h}",
                    r.info.id
                );
            }
        }
    }
}
