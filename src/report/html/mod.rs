/*!
`vigia audit --format html`: one self-contained page a manager opens by double-click.

No network, no external file: the stylesheet and the filter script are embedded
(`style.css`, `filters.js`), the charts are inline SVG. The page gives the headline figures
(each `<dd data-figure="…" data-value="N">`), charts of findings per clause, month,
platform, rule and level, and the posts to review (the [`Posts`] kept: the worst first,
bounded, with a note of those left out) with their text, every finding underlined and
numbered, its clause and a link to the published post when the export gives its id. Every
string from the data is HTML-escaped. Spanish throughout.
*/

mod chart;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use chart::{Bar, Fill};

use super::Summary;
use super::audit::{clause_title, num, pct};
use super::posts::{Post, Posts, level_name};
use super::tally::Tally;
use crate::calendar::MONTHS;
use crate::rules::Level;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("filters.js");

/// Rules shown one by one in their chart; the others are one bar.
const RULE_BARS: usize = 15;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `2026-03` → «marzo de 2026».
fn month_label(key: &str) -> String {
    let month = key
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .filter(|m| (1..=12).contains(m));
    match (key.get(..4), month) {
        (Some(y), Some(m)) => format!("{} de {y}", MONTHS[m - 1]),
        _ => key.to_string(),
    }
}

fn section_label(section: &str) -> String {
    match clause_title(section) {
        "" => format!("§{section}"),
        t => format!("§{section} {t}"),
    }
}

fn level_class(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    }
}

/// Writes the report.
pub fn write_html(
    out: &mut dyn Write,
    t: &Tally,
    s: &Summary,
    posts: &Posts,
    generated: &str,
) -> io::Result<()> {
    let mut h = String::with_capacity(64 << 10);
    h.push_str("<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    h.push_str("<title>Informe de auditoría de publicaciones</title>\n<style>\n");
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n");
    h.push_str(chart::defs());
    let _ = writeln!(
        h,
        "<header><h1>Informe de auditoría de publicaciones</h1><p class=\"meta\">{} en {}. Generado el {} (hora de Lima). Fechas y meses en hora de Lima. Directiva: {}.</p></header>",
        plural(t.posts, "publicación revisada", "publicaciones revisadas"),
        plural(s.files, "archivo", "archivos"),
        escape(generated),
        escape(crate::directive::TITLE),
    );
    figures(&mut h, t, s);
    charts(&mut h, t);
    review(&mut h, t, posts);
    h.push_str("<footer>Informe de vigia. Cada hallazgo cita la cláusula de la directiva que aplica; «vigia explain REGLA» la explica.</footer>\n");
    h.push_str("<script>\n");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    out.write_all(h.as_bytes())
}

use crate::report::audit::plural;

fn figures(h: &mut String, t: &Tally, s: &Summary) {
    h.push_str("<section id=\"cifras\" aria-labelledby=\"h-cifras\"><h2 id=\"h-cifras\">Cifras principales</h2><dl class=\"figures\">\n");
    let passing = t.posts - t.posts_failing;
    let mut fig = |key: &str, label: &str, value: usize, shown: String| {
        let _ = writeln!(
            h,
            "<div><dt>{label}</dt><dd data-figure=\"{key}\" data-value=\"{value}\">{shown}</dd></div>"
        );
    };
    fig("posts", "Publicaciones revisadas", t.posts, num(t.posts));
    fig(
        "posts_with_findings",
        "Con hallazgos",
        t.posts_with_findings,
        format!(
            "{} ({})",
            num(t.posts_with_findings),
            pct(t.posts_with_findings, t.posts)
        ),
    );
    if t.threshold.is_some() {
        fig(
            "posts_passing",
            "Aprobarían",
            passing,
            format!("{} ({})", num(passing), pct(passing, t.posts)),
        );
    }
    fig(
        "findings",
        "Hallazgos",
        t.counts.total(),
        num(t.counts.total()),
    );
    fig("errors", "Errores", t.counts.errors, num(t.counts.errors));
    fig(
        "warnings",
        "Avisos",
        t.counts.warnings,
        num(t.counts.warnings),
    );
    fig("infos", "Info", t.counts.infos, num(t.counts.infos));
    if s.failed_inputs > 0 {
        fig(
            "failed_inputs",
            "No leídos (archivos o registros con errores)",
            s.failed_inputs,
            num(s.failed_inputs),
        );
    }
    h.push_str("</dl></section>\n");
}

fn charts(h: &mut String, t: &Tally) {
    h.push_str("<section id=\"graficos\" aria-labelledby=\"h-graficos\"><h2 id=\"h-graficos\">Hallazgos</h2><div class=\"charts\">\n");
    let sections: Vec<Bar> = t
        .sections_sorted()
        .into_iter()
        .map(|(sec, n)| Bar::new(sec, section_label(sec), n))
        .collect();
    chart::bars(h, "section", "Por cláusula de la directiva", &sections, num);
    let levels = [
        ("error", "Errores", t.counts.errors, Fill::Solid),
        ("warning", "Avisos", t.counts.warnings, Fill::Hatch),
        ("info", "Info", t.counts.infos, Fill::Dots),
    ]
    .map(|(k, l, n, fill)| Bar {
        fill,
        ..Bar::new(k, l, n)
    });
    chart::bars(h, "level", "Por nivel", &levels, num);
    let months: Vec<Bar> = t
        .months
        .iter()
        .filter(|(m, _)| !m.is_empty())
        .chain(t.months.get_key_value(""))
        .map(|(m, g)| {
            let label = if m.is_empty() {
                "sin fecha".to_string()
            } else {
                format!("{m} ({})", month_label(m))
            };
            Bar::new(m.as_str(), label, g.findings)
        })
        .collect();
    chart::bars(h, "month", "Por mes (hora de Lima)", &months, num);
    let mut platforms: Vec<_> = t.platforms.iter().collect();
    platforms.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
    let platforms: Vec<Bar> = platforms
        .into_iter()
        .map(|(p, g)| {
            Bar::new(
                p.as_str(),
                if p.is_empty() { "sin red" } else { p },
                g.findings,
            )
        })
        .collect();
    chart::bars(h, "platform", "Por red social", &platforms, num);
    let rules = t.rules_sorted();
    let mut bars: Vec<Bar> = rules
        .iter()
        .take(RULE_BARS)
        .map(|(id, r)| Bar::new(*id, *id, r.findings))
        .collect();
    if rules.len() > RULE_BARS {
        let rest: usize = rules[RULE_BARS..].iter().map(|(_, r)| r.findings).sum();
        let n = rules.len() - RULE_BARS;
        bars.push(Bar {
            fill: Fill::Hatch,
            ..Bar::new("", format!("otras {n} reglas"), rest)
        });
    }
    chart::bars(h, "rule", "Por regla", &bars, num);
    h.push_str("</div></section>\n");
}

fn review(h: &mut String, t: &Tally, posts: &Posts) {
    h.push_str("<section id=\"revisar\" aria-labelledby=\"h-revisar\"><h2 id=\"h-revisar\">Publicaciones para revisar</h2>\n");
    let listed = posts.posts.len();
    if posts.left_out > 0 {
        let _ = writeln!(
            h,
            "<p class=\"note\" data-left-out=\"{}\">Se listan las {} publicaciones con hallazgos más graves de {}; las otras {} se cuentan en las cifras y los gráficos (use --format csv o xlsx para verlas todas).</p>",
            posts.left_out,
            num(listed),
            num(t.posts_with_findings),
            num(posts.left_out)
        );
    }
    if listed == 0 {
        h.push_str("<p>Ninguna publicación tiene hallazgos.</p></section>\n");
        return;
    }
    let sections: BTreeSet<&str> = posts
        .posts
        .iter()
        .flat_map(|p| p.findings.iter().map(|f| f.section.as_str()))
        .collect();
    let mut sections: Vec<&str> = sections.into_iter().collect();
    sections.sort_by_key(|s| {
        s.split('.')
            .map(|p| p.parse().unwrap_or(0))
            .collect::<Vec<u32>>()
    });
    let platforms: BTreeSet<&str> = posts
        .posts
        .iter()
        .filter_map(|p| p.platform.as_deref())
        .collect();
    h.push_str("<form id=\"filtros\" class=\"filters\" hidden><label>Cláusula<select name=\"clause\"><option value=\"\">Todas</option>");
    for s in sections {
        let _ = write!(
            h,
            "<option value=\"{}\">{}</option>",
            escape(s),
            escape(&section_label(s))
        );
    }
    h.push_str("</select></label><label>Red social<select name=\"platform\"><option value=\"\">Todas</option>");
    for p in platforms {
        let _ = write!(h, "<option value=\"{0}\">{0}</option>", escape(p));
    }
    h.push_str("</select></label><label>Nivel<select name=\"severity\"><option value=\"\">Todos</option><option value=\"error\">Error</option><option value=\"warning\">Aviso</option><option value=\"info\">Info</option></select></label>");
    let _ = writeln!(
        h,
        "<button type=\"reset\">Quitar filtros</button><p>Se muestran <strong id=\"visibles\">{}</strong> de {}.</p></form>",
        num(listed),
        num(listed)
    );
    for p in &posts.posts {
        post(h, p);
    }
    h.push_str("</section>\n");
}

fn post(h: &mut String, p: &Post) {
    let worst = p
        .findings
        .iter()
        .map(|f| f.level)
        .max()
        .unwrap_or(Level::Info);
    let mut sections: Vec<&str> = p.findings.iter().map(|f| f.section.as_str()).collect();
    sections.dedup();
    let mut levels: Vec<&str> = p.findings.iter().map(|f| level_class(f.level)).collect();
    levels.sort_unstable();
    levels.dedup();
    let _ = write!(
        h,
        "<article class=\"post {}\" data-sections=\" {} \" data-platform=\"{}\" data-levels=\" {} \"><h3>{}</h3><p class=\"about\">",
        level_class(worst),
        escape(&sections.join(" ")),
        escape(p.platform.as_deref().unwrap_or("")),
        levels.join(" "),
        escape(&p.name)
    );
    let mut about = Vec::new();
    if let Some(d) = &p.date {
        about.push(format!("<time>{}</time>", escape(d)));
    }
    if let Some(pl) = &p.platform {
        about.push(escape(pl));
    }
    about.push(format!(
        "{}, {}, {}",
        plural(p.counts.errors, "error", "errores"),
        plural(p.counts.warnings, "aviso", "avisos"),
        plural(p.counts.infos, "info", "info")
    ));
    if let Some(u) = &p.url {
        about.push(format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">ver la publicación</a>",
            escape(u)
        ));
    }
    h.push_str(&about.join(" · "));
    h.push_str("</p><div class=\"text\">");
    marked_text(h, p);
    if p.cut {
        h.push_str(" […]");
    }
    h.push_str("</div><ol class=\"findings\">");
    for f in &p.findings {
        let _ = write!(
            h,
            "<li class=\"{}\"><span class=\"level\">{}</span> <span class=\"rule\">{}</span> {} <span class=\"clause\">(§{} {})</span>",
            level_class(f.level),
            level_name(f.level),
            escape(&f.rule),
            escape(&f.message),
            escape(&f.section),
            escape(clause_title(&f.section))
        );
        if let Some(help) = &f.help {
            let _ = write!(h, "<span class=\"help\">{}</span>", escape(help));
        }
        h.push_str("</li>");
    }
    h.push_str("</ol></article>\n");
}

/// The post's text with every finding underlined (overlaps split into segments, each
/// marked at the level of the worst finding covering it) and numbered at its end.
fn marked_text(h: &mut String, p: &Post) {
    let text = &p.text;
    let mut points: Vec<usize> = vec![0, text.len()];
    for f in &p.findings {
        points.push(f.start.min(text.len()));
        points.push(f.end.min(text.len()));
    }
    points.sort_unstable();
    points.dedup();
    let refs = |h: &mut String, at: usize, empty: bool| {
        for (i, f) in p.findings.iter().enumerate() {
            if f.end == at && (f.start == f.end) == empty {
                let _ = write!(h, "<sup class=\"ref\">{}</sup>", i + 1);
            }
        }
    };
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        refs(h, a, true);
        let seg = text.get(a..b).unwrap_or_default();
        let covering = p
            .findings
            .iter()
            .filter(|f| f.start <= a && f.end >= b && f.start < f.end);
        match covering.map(|f| f.level).max() {
            Some(level) => {
                let _ = write!(
                    h,
                    "<mark class=\"{}\">{}</mark>",
                    level_class(level),
                    escape(seg)
                );
            }
            None => h.push_str(&escape(seg)),
        }
        refs(h, b, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_labels() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(month_label("2026-03"), "marzo de 2026");
        assert_eq!(month_label("rara"), "rara");
        assert_eq!(section_label("8.4"), "§8.4 Horario de atención");
        assert_eq!(section_label("9.9"), "§9.9");
    }
}
