/*!
Findings as the editor shows them: diagnostics (severity, the rule id as code, the message
with the directive clause it cites, as `check` prints it) and the hover on a finding (the
rule's page of `vigia explain`).
*/

use lsp_types::{
    Diagnostic, DiagnosticSeverity, Hover, HoverContents, MarkupContent, MarkupKind, NumberOrString,
};

use super::position::{Encoding, Lines};
use crate::finding::Finding;
use crate::input::Document;
use crate::rules::{Level, RuleSet};

/// The `source` of every diagnostic vigia publishes.
pub const SOURCE: &str = "vigia";

fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The diagnostic of one finding: the message, then the clause it cites (`Directiva §7.5 —
/// Número de DNI`) and the help when there is one.
pub fn diagnostic(f: &Finding, lines: &Lines, enc: Encoding) -> Diagnostic {
    let mut message = format!("{}\n{}", f.message, crate::report::human::note(f));
    if let Some(h) = &f.help {
        message.push_str("\nayuda: ");
        message.push_str(h);
    }
    Diagnostic {
        range: lines.lsp_range(&f.span, enc),
        severity: Some(severity(f.level)),
        code: Some(NumberOrString::String(f.rule.id.clone())),
        source: Some(SOURCE.to_string()),
        message,
        ..Diagnostic::default()
    }
}

/// Every diagnostic of a document: its findings, then what could not be read in it (a
/// front matter that is not valid YAML, an unknown platform).
pub fn diagnostics(
    doc: &Document,
    findings: &[Finding],
    lines: &Lines,
    enc: Encoding,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = findings.iter().map(|f| diagnostic(f, lines, enc)).collect();
    for n in &doc.notices {
        let at = lines.position(n.offset, enc);
        out.push(Diagnostic {
            range: lsp_types::Range::new(at, at),
            severity: Some(DiagnosticSeverity::WARNING),
            source: Some(SOURCE.to_string()),
            message: n.message.clone(),
            ..Diagnostic::default()
        });
    }
    out
}

/// The findings under byte `offset` (its ends included, so that a cursor right after a
/// word still names it).
pub fn at(findings: &[Finding], offset: usize) -> impl Iterator<Item = &Finding> {
    findings
        .iter()
        .filter(move |f| f.span.start <= offset && offset <= f.span.end)
}

/// The hover of the findings under `offset`: the page of each one's rule, as `vigia explain`
/// prints it; `None` when there is no finding there.
pub fn hover(
    findings: &[Finding],
    offset: usize,
    rules: &RuleSet,
    lines: &Lines,
    enc: Encoding,
) -> Option<Hover> {
    let here: Vec<&Finding> = at(findings, offset).collect();
    let first = here.first()?;
    let mut seen: Vec<&str> = Vec::new();
    let mut pages: Vec<String> = Vec::new();
    for f in &here {
        if seen.contains(&f.rule.id.as_str()) {
            continue;
        }
        seen.push(&f.rule.id);
        pages.push(match rules.get(&f.rule.id) {
            Some(rule) => crate::rules::explain::rule_page(rule),
            None => format!("# {} — {}\n\n{}\n", f.rule.id, f.rule.title, f.rule.doc),
        });
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: pages.join("\n---\n\n"),
        }),
        range: Some(lines.lsp_range(&first.span, enc)),
    })
}
