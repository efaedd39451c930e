/*!
Which rule a short id names, for `vigia explain`: the full id (`confidential/dni`), the
rule's slug alone (`dni`) when one pack only has it, or a unique beginning of either
(`confidential/dn`, `dni-un`). An ambiguous short id lists its candidates.
*/

use crate::rules::{Rule, RuleSet};

/// What a short id names.
#[derive(Debug)]
pub enum Found<'a> {
    One(&'a Rule),
    /// Several rules match; their ids, sorted.
    Many(Vec<&'a str>),
    None,
}

/// The rule `id` names: exactly, by slug, or by a unique beginning of id or slug.
pub fn rule<'a>(set: &'a RuleSet, id: &str) -> Found<'a> {
    if let Some(r) = set.get(id) {
        return Found::One(r);
    }
    let slug = |r: &'a Rule| r.info.id.rsplit('/').next().unwrap_or(&r.info.id);
    let pick = |matches: Vec<&'a Rule>| match matches.as_slice() {
        [] => Found::None,
        [one] => Found::One(one),
        many => {
            let mut ids: Vec<&str> = many.iter().map(|r| r.info.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            Found::Many(ids)
        }
    };
    let by_slug: Vec<&Rule> = set.rules.iter().filter(|r| slug(r) == id).collect();
    if !by_slug.is_empty() {
        return pick(by_slug);
    }
    if id.is_empty() {
        return Found::None;
    }
    pick(
        set.rules
            .iter()
            .filter(|r| r.info.id.starts_with(id) || slug(r).starts_with(id))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(found: Found<'_>) -> Vec<String> {
        match found {
            Found::One(r) => vec![r.info.id.clone()],
            Found::Many(ids) => ids.into_iter().map(String::from).collect(),
            Found::None => Vec::new(),
        }
    }

    #[test]
    fn short_ids_name_bundled_rules() {
        let set = crate::rules::pack::load(&crate::rules::bundled::sources())
            .expect("bundled packs load");
        assert_eq!(ids(rule(&set, "confidential/dni")), ["confidential/dni"]);
        // The slug wins over a longer slug it begins.
        assert_eq!(ids(rule(&set, "dni")), ["confidential/dni"]);
        assert_eq!(ids(rule(&set, "dni-unl")), ["confidential/dni-unlabelled"]);
        assert_eq!(
            ids(rule(&set, "confidential/dni-u")),
            ["confidential/dni-unlabelled"]
        );
        let many = ids(rule(&set, "confidential/"));
        assert!(many.len() > 2, "{many:?}");
        assert!(matches!(rule(&set, "no-such-rule-at-all"), Found::None));
    }
}
