/*!
The report of `vigia audit`: what an editor needs after checking a year of posts.

Printed from a [`Tally`] once every post is checked: posts checked and with findings, the
share that would pass (no finding at or above `--fail-on`), findings per pack, per directive
section, per month and per platform, and the posts with most findings with their ids. The
text form is Spanish for people; `--format json` gives the same figures to programs
(`version` 1; fields may be added, never renamed or removed).
*/

use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use super::tally::{GroupTally, Tally};
use crate::directive;

/// `1234567` → `1.234.567` (Spanish thousands separator).
pub fn num(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `0.9731` → `97,3 %`.
pub fn pct(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".into();
    }
    format!("{:.1} %", 100.0 * part as f64 / whole as f64).replace('.', ",")
}

/// Like [`super::plural`], the number with thousands separators.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", num(n), if n == 1 { one } else { many })
}

/// The short title of a clause, empty when the directive has none.
pub fn clause_title(section: &str) -> &'static str {
    directive::title(section).unwrap_or("")
}

fn level_name(t: &Tally) -> &'static str {
    match t.threshold {
        Some(crate::rules::Level::Error) => "error",
        Some(crate::rules::Level::Warning) => "aviso o error",
        Some(crate::rules::Level::Info) => "ningún nivel",
        None => "",
    }
}

/// Writes the Spanish report.
pub fn write_text(out: &mut dyn Write, t: &Tally, s: &Summary) -> io::Result<()> {
    writeln!(
        out,
        "Auditoría: {} en {}",
        plural(t.posts, "publicación revisada", "publicaciones revisadas"),
        plural(s.files, "archivo", "archivos")
    )?;
    writeln!(
        out,
        "  Con hallazgos:       {:>9}  ({})",
        num(t.posts_with_findings),
        pct(t.posts_with_findings, t.posts)
    )?;
    if t.threshold.is_some() {
        let pass = t.posts - t.posts_failing;
        writeln!(
            out,
            "  Aprobarían:          {:>9}  ({}; sin hallazgos de {})",
            num(pass),
            pct(pass, t.posts),
            level_name(t)
        )?;
    }
    writeln!(
        out,
        "  Hallazgos:           {:>9}  ({}, {}, {})",
        num(t.counts.total()),
        plural(t.counts.errors, "error", "errores"),
        plural(t.counts.warnings, "aviso", "avisos"),
        plural(t.counts.infos, "info", "info"),
    )?;
    if s.failed_inputs > 0 {
        writeln!(
            out,
            "  No leídos:           {:>9}  (archivos o registros con errores; vea arriba)",
            num(s.failed_inputs)
        )?;
    }

    if !t.packs.is_empty() {
        writeln!(out, "\nPor pack")?;
        for (pack, n) in Tally::sorted(&t.packs) {
            writeln!(out, "  {pack:<22} {:>9}", num(n))?;
        }
        writeln!(out, "\nPor sección de la directiva")?;
        for (section, n) in t.sections_sorted() {
            writeln!(
                out,
                "  §{section:<6} {:>9}  {}",
                num(n),
                clause_title(section)
            )?;
        }
        writeln!(out, "\nPor regla")?;
        for (id, r) in t.rules_sorted() {
            writeln!(
                out,
                "  {id:<40} {:>9}  en {}",
                num(r.findings),
                plural(r.posts, "publicación", "publicaciones")
            )?;
        }
    }

    let header = |out: &mut dyn Write, title: &str| {
        writeln!(
            out,
            "\n{title:<16} {:>13}  {:>19}  {:>9}",
            "publicaciones", "con hallazgos", "hallazgos"
        )
    };
    let group = |out: &mut dyn Write, name: &str, g: &GroupTally| {
        writeln!(
            out,
            "  {name:<14} {:>13}  {:>9} ({:>7})  {:>9}",
            num(g.posts),
            num(g.posts_with_findings),
            pct(g.posts_with_findings, g.posts),
            num(g.findings)
        )
    };
    header(out, "Por mes")?;
    for (m, g) in &t.months {
        if !m.is_empty() {
            group(out, m, g)?;
        }
    }
    if let Some(g) = t.months.get("") {
        group(out, "sin fecha", g)?;
    }
    header(out, "Por red social")?;
    let mut platforms: Vec<_> = t.platforms.iter().collect();
    platforms.sort_by(|a, b| b.1.posts.cmp(&a.1.posts).then(a.0.cmp(b.0)));
    for (p, g) in platforms {
        group(out, if p.is_empty() { "sin red" } else { p }, g)?;
    }

    if !t.worst.is_empty() {
        writeln!(out, "\nPublicaciones con más hallazgos")?;
        for (i, w) in t.worst.iter().enumerate() {
            let mut about = Vec::new();
            if let Some(d) = &w.date {
                about.push(d.clone());
            }
            if let Some(p) = &w.platform {
                about.push(p.clone());
            }
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join(", "))
            };
            writeln!(
                out,
                "  {:>2}. {}{about}: {}, {}, {} — {}",
                i + 1,
                w.name,
                plural(w.counts.errors, "error", "errores"),
                plural(w.counts.warnings, "aviso", "avisos"),
                plural(w.counts.infos, "info", "info"),
                w.rules.join(", ")
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<Option<&'a str>>,
    posts: usize,
    posts_with_findings: usize,
    findings: usize,
}

#[derive(Serialize)]
struct JsonCounts {
    total: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonCount<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pack: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    /// The clause's short title (sections only).
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'static str>,
    findings: usize,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    rule: &'a str,
    pack: &'a str,
    section: &'a str,
    findings: usize,
    posts: usize,
}

#[derive(Serialize)]
struct JsonWorst<'a> {
    path: &'a str,
    record: Option<&'a str>,
    date: Option<&'a str>,
    platform: Option<&'a str>,
    errors: usize,
    warnings: usize,
    infos: usize,
    rules: &'a [String],
}

#[derive(Serialize)]
struct JsonAudit<'a> {
    version: u32,
    files: usize,
    failed_inputs: usize,
    posts: usize,
    posts_with_findings: usize,
    posts_passing: usize,
    pass_rate: f64,
    fail_on: Option<&'static str>,
    findings: JsonCounts,
    by_pack: Vec<JsonCount<'a>>,
    by_section: Vec<JsonCount<'a>>,
    by_rule: Vec<JsonRule<'a>>,
    by_month: Vec<JsonGroup<'a>>,
    by_platform: Vec<JsonGroup<'a>>,
    worst: Vec<JsonWorst<'a>>,
}

/// Writes the report as one JSON document.
pub fn write_json(out: &mut dyn Write, t: &Tally, s: &Summary) -> io::Result<()> {
    fn key(k: &str) -> Option<&str> {
        (!k.is_empty()).then_some(k)
    }
    let group = |g: &GroupTally| JsonGroup {
        month: None,
        platform: None,
        posts: g.posts,
        posts_with_findings: g.posts_with_findings,
        findings: g.findings,
    };
    let doc = JsonAudit {
        version: 1,
        files: s.files,
        failed_inputs: s.failed_inputs,
        posts: t.posts,
        posts_with_findings: t.posts_with_findings,
        posts_passing: t.posts - t.posts_failing,
        pass_rate: t.pass_rate(),
        fail_on: t.threshold.map(|l| l.as_str()),
        findings: JsonCounts {
            total: t.counts.total(),
            errors: t.counts.errors,
            warnings: t.counts.warnings,
            infos: t.counts.infos,
        },
        by_pack: Tally::sorted(&t.packs)
            .into_iter()
            .map(|(p, n)| JsonCount {
                pack: Some(p),
                section: None,
                title: None,
                findings: n,
            })
            .collect(),
        by_section: t
            .sections_sorted()
            .into_iter()
            .map(|(sec, n)| JsonCount {
                pack: None,
                section: Some(sec),
                title: Some(clause_title(sec)),
                findings: n,
            })
            .collect(),
        by_rule: t
            .rules_sorted()
            .into_iter()
            .map(|(id, r)| JsonRule {
                rule: id,
                pack: &r.pack,
                section: &r.section,
                findings: r.findings,
                posts: r.posts,
            })
            .collect(),
        by_month: t
            .months
            .iter()
            .map(|(m, g)| JsonGroup {
                month: Some(key(m)),
                ..group(g)
            })
            .collect(),
        by_platform: t
            .platforms
            .iter()
            .map(|(p, g)| JsonGroup {
                platform: Some(key(p)),
                ..group(g)
            })
            .collect(),
        worst: t
            .worst
            .iter()
            .map(|w| JsonWorst {
                path: &w.path,
                record: w.record.as_deref(),
                date: w.date.as_deref(),
                platform: w.platform.as_deref(),
                errors: w.counts.errors,
                warnings: w.counts.warnings,
                infos: w.counts.infos,
                rules: &w.rules,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_numbers() {
        assert_eq!(num(0), "0");
        assert_eq!(num(999), "999");
        assert_eq!(num(1000), "1.000");
        assert_eq!(num(1234567), "1.234.567");
        assert_eq!(pct(1, 3), "33,3 %");
        assert_eq!(pct(0, 0), "—");
    }

    #[test]
    fn clause_titles_are_short() {
        assert_eq!(clause_title("7.6"), "Información confidencial");
        assert_eq!(clause_title("9.9"), "");
    }
}
