/*!
The default output: rustc-style annotated snippets (annotate-snippets), in Spanish.

```text
error[confidential/dni]: Número de DNI de una persona: no lo publique.
 --> borrador.md:3:20
  |
3 | Escríbanos con su DNI 45678912 y le respondemos.
  |                   ^^^^^^^^^^^^ dato personal
  |
  = nota: Directiva §7.6 — Datos personales
  = ayuda: retire el número
```

Only the lines of the finding are shown; long lines are cut around the span, and a
finding on a huge line (an archive on one line) is shown without its snippet.
*/

use std::io::{self, Write};

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level as AsLevel, Origin, Renderer, Snippet};

use super::{Reporter, Summary, display_path, position, summary_line};
use crate::finding::Finding;
use crate::input::Document;
use crate::rules::Level;

/// Findings on lines longer than this (bytes) are shown without the snippet.
const MAX_SNIPPET: usize = 1 << 20;
/// Long lines are cut to this width around the span by annotate-snippets.
const WIDTH: usize = 120;

pub struct Human<'w> {
    out: &'w mut dyn Write,
    renderer: Renderer,
    quiet: bool,
}

impl<'w> Human<'w> {
    pub fn new(out: &'w mut dyn Write, color: bool, quiet: bool) -> Self {
        Human {
            out,
            renderer: renderer(color),
            quiet,
        }
    }
}

/// The snippet renderer: ASCII decorations, colours when asked.
pub fn renderer(color: bool) -> Renderer {
    if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii)
    .term_width(WIDTH)
}

/// Renders a rule-pack problem at its place in the YAML, like a finding.
pub fn render_pack_error(renderer: &Renderer, e: &crate::error::PackError) -> String {
    let title = AsLevel::ERROR
        .with_name("error")
        .primary_title(e.message.as_str());
    let mut group = Group::with_title(title);
    match (&e.source, e.line) {
        (Some(src), line) if line > 0 => {
            let idx = crate::text::LineIndex::new(src);
            let l = (line - 1).min(idx.len() - 1);
            let range = idx.line_range(src, l);
            let text = &src[range.clone()];
            let col = text
                .char_indices()
                .nth(e.column.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i);
            let end = text[col..]
                .char_indices()
                .nth(1)
                .map_or(text.len(), |(i, _)| col + i);
            group = group.element(
                Snippet::source(text)
                    .path(e.path.as_str())
                    .line_start(line)
                    .annotation(AnnotationKind::Primary.span(col..end.max(col))),
            );
        }
        (None, line) if line > 0 => {
            group = group.element(
                Origin::path(e.path.as_str())
                    .line(line)
                    .char_column(e.column),
            )
        }
        _ => group = group.element(Origin::path(e.path.as_str())),
    }
    renderer.render(&[group])
}

fn as_level(level: Level) -> AsLevel<'static> {
    match level {
        Level::Error => AsLevel::ERROR.with_name("error"),
        Level::Warning => AsLevel::WARNING.with_name("aviso"),
        Level::Info => AsLevel::INFO.with_name("info"),
    }
}

/// Renders one finding as a report string (no trailing newline).
pub fn render(renderer: &Renderer, doc: &Document, f: &Finding) -> String {
    let lines = doc.lines();
    let first = lines.line_of(f.span.start);
    let last = lines.line_of(f.span.end.saturating_sub(1).max(f.span.start));
    let from = lines.line_range(&doc.text, first).start;
    let to = lines.line_range(&doc.text, last).end.max(f.span.end);
    let label = match f.suggestions.as_slice() {
        [] => String::new(),
        [one] => format!("sugerencia: «{one}»"),
        many => format!(
            "sugerencias: {}",
            many.iter()
                .map(|s| format!("«{s}»"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let title = as_level(f.level)
        .primary_title(f.message.as_str())
        .id(f.rule.id.as_str());
    let path = display_path(doc);
    let mut group = Group::with_title(title);
    if to - from <= MAX_SNIPPET {
        let mut annotation = AnnotationKind::Primary.span(f.span.start - from..f.span.end - from);
        if !label.is_empty() {
            annotation = annotation.label(label);
        }
        group = group.element(
            Snippet::source(&doc.text[from..to])
                .path(path)
                .line_start(first + 1 + doc.lines_before())
                .annotation(annotation),
        );
    } else {
        // A huge line (a whole archive on one line): the location without the snippet.
        let (line, col) = position(doc, f.span.start);
        group = group.element(Origin::path(path).line(line).char_column(col));
        if !label.is_empty() {
            group = group.element(AsLevel::HELP.with_name("ayuda").message(label));
        }
    }
    group = group.element(AsLevel::NOTE.with_name("nota").message(note(f)));
    if let Some(h) = &f.help {
        group = group.element(AsLevel::HELP.with_name("ayuda").message(h.as_str()));
    }
    renderer.render(&[group])
}

/// The note under a finding: the directive clause it cites and the rule's title (a rule of
/// vigia's own cites none).
pub fn note(f: &Finding) -> String {
    if f.rule.is_builtin() {
        format!("regla de vigia (no de la directiva) — {}", f.rule.title)
    } else {
        format!("Directiva §{} — {}", f.rule.section, f.rule.title)
    }
}

impl Reporter for Human<'_> {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            writeln!(self.out, "{}\n", render(&self.renderer, doc, f))?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if !self.quiet {
            writeln!(self.out, "{}", summary_line(summary))?;
        }
        self.out.flush()
    }
}
