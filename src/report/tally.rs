/*!
Counting findings for summaries: `--statistics` and `vigia audit`.

[`Tally`] is a [`Reporter`] that keeps counts, not findings: per rule, pack and directive
section, per month and platform of the posts, and the few worst posts. Its memory grows with
the number of rules, months and platforms, never with the number of posts. [`Tee`] feeds
the same documents to the chosen output and to a tally.
*/

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Reporter, Summary, display_path};
use crate::finding::{Counts, Finding};
use crate::input::Document;
use crate::input::archive::fields::month;
use crate::rules::Level;

/// Findings of one rule.
#[derive(Debug, Clone, Default)]
pub struct RuleTally {
    pub pack: String,
    pub section: String,
    pub title: String,
    pub findings: usize,
    /// Posts with at least one finding of the rule.
    pub posts: usize,
}

/// Posts and findings of a group of posts (a month, a platform).
#[derive(Debug, Clone, Copy, Default)]
pub struct GroupTally {
    pub posts: usize,
    pub posts_with_findings: usize,
    pub findings: usize,
}

/// One of the posts with most findings.
#[derive(Debug, Clone)]
pub struct Worst {
    /// `path#record` (or the path of a draft).
    pub name: String,
    pub path: String,
    pub record: Option<String>,
    pub date: Option<String>,
    pub platform: Option<String>,
    pub counts: Counts,
    /// Distinct rules, in order of first finding.
    pub rules: Vec<String>,
    /// Input order, for stable ties.
    order: usize,
}

impl Worst {
    fn key(&self) -> (usize, usize, usize, std::cmp::Reverse<usize>) {
        (
            self.counts.errors,
            self.counts.warnings,
            self.counts.infos,
            std::cmp::Reverse(self.order),
        )
    }
}

/// Counts of a run.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub posts: usize,
    pub posts_with_findings: usize,
    /// Posts with a finding at or above the pass threshold (`--fail-on`).
    pub posts_failing: usize,
    /// Findings at or above this level make a post fail; `None`: nothing fails.
    pub threshold: Option<Level>,
    pub counts: Counts,
    pub rules: BTreeMap<String, RuleTally>,
    pub packs: BTreeMap<String, usize>,
    pub sections: BTreeMap<String, usize>,
    /// `YYYY-MM` → counts; posts without a readable date under `""`.
    pub months: BTreeMap<String, GroupTally>,
    /// Platform → counts; posts without one under `""`.
    pub platforms: BTreeMap<String, GroupTally>,
    /// The worst posts, worst first (at most `keep`).
    pub worst: Vec<Worst>,
    keep: usize,
}

impl Tally {
    /// A tally keeping the `keep` worst posts.
    pub fn new(threshold: Option<Level>, keep: usize) -> Tally {
        Tally {
            threshold,
            keep,
            ..Tally::default()
        }
    }

    /// Share of posts that pass (1.0 for none checked).
    pub fn pass_rate(&self) -> f64 {
        if self.posts == 0 {
            1.0
        } else {
            (self.posts - self.posts_failing) as f64 / self.posts as f64
        }
    }

    /// Rules sorted by findings (most first), then id.
    pub fn rules_sorted(&self) -> Vec<(&str, &RuleTally)> {
        let mut v: Vec<_> = self.rules.iter().map(|(k, r)| (k.as_str(), r)).collect();
        v.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
        v
    }

    /// A map's entries sorted by count (most first), then key.
    pub fn sorted(map: &BTreeMap<String, usize>) -> Vec<(&str, usize)> {
        let mut v: Vec<_> = map.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }

    /// Sections in the directive's order (7.2 before 7.10).
    pub fn sections_sorted(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<_> = self
            .sections
            .iter()
            .map(|(k, n)| (k.as_str(), *n))
            .collect();
        let key = |s: &str| -> Vec<u32> { s.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
        v.sort_by_key(|(s, _)| key(s));
        v
    }

    /// Writes `--statistics`: findings per rule and per pack, most first.
    pub fn write_statistics(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "Hallazgos por regla:")?;
        if self.rules.is_empty() {
            writeln!(out, "  (ninguno)")?;
        }
        let width = self.rules.keys().map(String::len).max().unwrap_or(0);
        for (id, r) in self.rules_sorted() {
            writeln!(
                out,
                "{:>8}  {id:width$}  en {} {}",
                r.findings,
                r.posts,
                if r.posts == 1 {
                    "publicación"
                } else {
                    "publicaciones"
                }
            )?;
        }
        writeln!(out, "Hallazgos por pack:")?;
        if self.packs.is_empty() {
            writeln!(out, "  (ninguno)")?;
        }
        for (pack, n) in Tally::sorted(&self.packs) {
            writeln!(out, "{n:>8}  {pack}")?;
        }
        Ok(())
    }
}

impl Reporter for Tally {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        let order = self.posts;
        self.posts += 1;
        let fails = self
            .threshold
            .is_some_and(|t| findings.iter().any(|f| f.level >= t));
        self.posts_failing += usize::from(fails);
        let has = !findings.is_empty();
        self.posts_with_findings += usize::from(has);
        let month = doc
            .meta
            .date
            .as_deref()
            .and_then(month)
            .unwrap_or_default()
            .to_string();
        let platform = doc.platform().unwrap_or_default().to_string();
        for group in [
            self.months.entry(month).or_default(),
            self.platforms.entry(platform).or_default(),
        ] {
            group.posts += 1;
            group.posts_with_findings += usize::from(has);
            group.findings += findings.len();
        }
        let mut counts = Counts::default();
        let mut rules: Vec<String> = Vec::new();
        for f in findings {
            counts.add(f.level);
            let r = self
                .rules
                .entry(f.rule.id.clone())
                .or_insert_with(|| RuleTally {
                    pack: f.rule.pack.clone(),
                    section: f.rule.section.clone(),
                    title: f.rule.title.clone(),
                    ..RuleTally::default()
                });
            r.findings += 1;
            if !rules.contains(&f.rule.id) {
                r.posts += 1;
                rules.push(f.rule.id.clone());
            }
            *self.packs.entry(f.rule.pack.clone()).or_default() += 1;
            *self.sections.entry(f.rule.section.clone()).or_default() += 1;
        }
        self.counts.errors += counts.errors;
        self.counts.warnings += counts.warnings;
        self.counts.infos += counts.infos;
        if has && self.keep > 0 {
            self.worst.push(Worst {
                name: display_path(doc),
                path: doc.origin.path.clone(),
                record: doc.origin.record.clone(),
                date: doc.meta.date.clone(),
                platform: doc.meta.platform.clone(),
                counts,
                rules,
                order,
            });
            if self.worst.len() >= 2 * self.keep {
                self.trim();
            }
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.trim();
        Ok(())
    }
}

impl Tally {
    fn trim(&mut self) {
        self.worst.sort_by_key(|w| std::cmp::Reverse(w.key()));
        self.worst.truncate(self.keep);
    }
}

/// Sends every document to two reporters.
pub struct Tee<'a, 'b> {
    pub first: &'a mut dyn Reporter,
    pub second: &'b mut dyn Reporter,
}

impl Reporter for Tee<'_, '_> {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        self.first.document(doc, findings)?;
        self.second.document(doc, findings)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.first.finish(summary)?;
        self.second.finish(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Format, Origin};
    use crate::{Engine, load_rules};

    #[test]
    fn counts_rules_groups_and_worst_posts() {
        let engine = Engine::new(load_rules(&[], true).unwrap());
        let mut t = Tally::new(Some(Level::Error), 2);
        let posts = [
            ("1", "x", "2026-03-04", "Mi DNI 45678912. Dios los bendiga."),
            ("2", "x", "2026-03-20", "Taller en Lima."),
            ("3", "facebook", "2026-04-01", "Saludamos a los ciudadanos."),
            ("4", "facebook", "fecha rara", "Documento confidencial."),
        ];
        for (id, platform, date, text) in posts {
            let mut d = Document::new(
                Origin {
                    path: "a.jsonl".into(),
                    record: Some(id.into()),
                },
                text.into(),
                Format::Plain,
            );
            d.meta.platform = Some(platform.into());
            d.meta.date = Some(date.into());
            let f = engine.lint(&d);
            t.document(&d, &f).unwrap();
        }
        t.finish(&Summary::default()).unwrap();
        assert_eq!(t.posts, 4);
        assert_eq!(t.posts_with_findings, 3);
        assert_eq!(t.posts_failing, 2);
        assert_eq!(t.pass_rate(), 0.5);
        assert_eq!(t.months["2026-03"].posts, 2);
        assert_eq!(t.months["2026-03"].posts_with_findings, 1);
        assert_eq!(t.months[""].posts, 1);
        assert_eq!(t.platforms["facebook"].findings, 2);
        assert_eq!(t.rules["confidential/dni"].findings, 1);
        assert_eq!(t.packs["prohibited-topics"], 1);
        let worst: Vec<_> = t.worst.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(worst, ["a.jsonl#1", "a.jsonl#4"]);
        assert_eq!(t.worst[0].counts.errors, 2);
        let mut out = Vec::new();
        t.write_statistics(&mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("Hallazgos por regla:\n"), "{out}");
        assert!(out.contains("Hallazgos por pack:\n"), "{out}");
    }
}
