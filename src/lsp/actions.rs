/*!
Code actions on findings.

- Replace the span by one of the finding's suggestions (the safe fix, when the rule has one,
  is the preferred action).
- Apply every safe fix of the document, as `vigia --fix` does (repeated until nothing
  changes): the `vigia.fixAll` command, which sends the edit to the client with
  `workspace/applyEdit`. Asked for on save (`source.fixAll`), the same action.
- Silence the finding with a `vigia-disable-next-line RULE -- motivo` comment on the line
  before it (an HTML comment in Markdown, a `# ` line in plain text; see
  [`crate::suppress`]); the reason is left for the editor to write.
- For a spelling finding, accept the word in the project's vocabulary (`vocabulary.accept`
  of `.vigia.yaml`): the `vigia.acceptWord` command, which writes the file and checks the
  open documents again (see [`super::workspace::accept_word`]).
*/

use std::collections::HashMap;
use std::ops::Range;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, TextEdit, Uri, WorkspaceEdit,
};

use super::diagnostics::diagnostic;
use super::position::{Encoding, Lines};
use crate::check::Lint;
use crate::finding::{Finding, apply_replacements};
use crate::input::{Document, Format};

/// The command that applies every safe fix of a document: arguments `[uri]`.
pub const FIX_ALL: &str = "vigia.fixAll";
/// The command that accepts a word in the vocabulary: arguments `[uri, word]`.
pub const ACCEPT_WORD: &str = "vigia.acceptWord";

/// Suggestions offered per finding.
const MAX_SUGGESTIONS: usize = 5;

/// The kind of the fix-all action when asked for on save.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.vigia")
}

/// What a code action request is about.
pub struct Request<'a> {
    pub uri: &'a Uri,
    pub doc: &'a Document,
    pub findings: &'a [Finding],
    pub lines: &'a Lines<'a>,
    pub enc: Encoding,
    /// The byte range of the request.
    pub range: Range<usize>,
    /// `context.only`: the kinds the client wants, if it says.
    pub only: Option<&'a [CodeActionKind]>,
}

impl Request<'_> {
    fn wants(&self, kind: &CodeActionKind) -> bool {
        self.only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    }

    fn edit(&self, edits: Vec<TextEdit>) -> WorkspaceEdit {
        WorkspaceEdit {
            changes: Some(HashMap::from([(self.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The code actions for the findings that touch the request's range.
pub fn code_actions(req: &Request) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let quickfix = req.wants(&CodeActionKind::QUICKFIX);
    let touching: Vec<&Finding> = req
        .findings
        .iter()
        .filter(|f| f.span.start <= req.range.end && req.range.start <= f.span.end)
        .collect();
    for f in touching.iter().filter(|_| quickfix) {
        let diag = diagnostic(f, req.lines, req.enc);
        let range = req.lines.lsp_range(&f.span, req.enc);
        let safe = f.safe_fix().is_some();
        for (i, s) in f.suggestions.iter().take(MAX_SUGGESTIONS).enumerate() {
            let title = if s.is_empty() {
                format!("Eliminar «{}»", &req.doc.text[f.span.clone()])
            } else {
                format!("Reemplazar por «{s}»")
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(req.edit(vec![TextEdit::new(range, s.clone())])),
                is_preferred: Some(i == 0 && safe),
                ..CodeAction::default()
            }));
        }
        if f.rule.kind == "spelling" {
            let word = req.doc.text[f.span.clone()].to_string();
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Añadir «{word}» al vocabulario del proyecto (.vigia.yaml)"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                command: Some(Command::new(
                    format!("Añadir «{word}» al vocabulario"),
                    ACCEPT_WORD.to_string(),
                    Some(vec![req.uri.as_str().into(), word.into()]),
                )),
                ..CodeAction::default()
            }));
        }
        if !f.rule.is_builtin() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Silenciar {} en esta línea (con su motivo)", f.rule.id),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag]),
                edit: Some(req.edit(vec![disable_next_line(req, f)])),
                ..CodeAction::default()
            }));
        }
    }
    let fixable = req
        .findings
        .iter()
        .filter(|f| f.safe_fix().is_some())
        .count();
    // Offered on save (`source.fixAll`) and beside a finding that has a safe fix.
    let kind = if req.only.is_some() && req.wants(&fix_all_kind()) {
        Some(fix_all_kind())
    } else if quickfix && touching.iter().any(|f| f.safe_fix().is_some()) {
        Some(CodeActionKind::QUICKFIX)
    } else {
        None
    };
    if let Some(kind) = kind.filter(|_| fixable > 0) {
        let title = format!("Aplicar las correcciones seguras del documento ({fixable})");
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: title.clone(),
            kind: Some(kind),
            command: Some(Command::new(
                title,
                FIX_ALL.to_string(),
                Some(vec![req.uri.as_str().into()]),
            )),
            ..CodeAction::default()
        }));
    }
    out
}

/// The edit that inserts `vigia-disable-next-line RULE -- motivo` above the finding's line,
/// with that line's indentation and line break.
fn disable_next_line(req: &Request, f: &Finding) -> TextEdit {
    let text = &req.doc.text;
    let line = req.lines.line_of(f.span.start);
    let start = req
        .lines
        .offset(lsp_types::Position::new(line as u32, 0), Encoding::Utf8);
    let indent: String = text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let id = &f.rule.id;
    let comment = match req.doc.format {
        Format::Markdown => format!("<!-- vigia-disable-next-line {id} -- motivo -->"),
        Format::Plain => format!("# vigia-disable-next-line {id} -- motivo"),
    };
    let at = req.lines.position(start, req.enc);
    TextEdit::new(
        lsp_types::Range::new(at, at),
        format!("{indent}{comment}{eol}"),
    )
}

/// The text of `doc` with every safe fix applied, as `--fix` writes it; `None` when nothing
/// changes or the fixes do not converge.
pub fn fixed_text(linter: &dyn Lint, doc: Document) -> Option<String> {
    let before = doc.text.clone();
    let (fixed, _) = crate::fix::fix_document(linter, doc).ok()?;
    (fixed.text != before).then_some(fixed.text)
}

/// The edits that turn `old` into `new`, one per changed run of lines.
pub fn text_edits(old: &str, new: &str, lines: &Lines, enc: Encoding) -> Vec<TextEdit> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut offsets = Vec::with_capacity(diff.old_slices().len() + 1);
    offsets.push(0);
    for s in diff.old_slices() {
        offsets.push(offsets.last().copied().unwrap_or(0) + s.len());
    }
    let news = diff.new_slices();
    diff.ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(|op| {
            let (o, n) = (op.old_range(), op.new_range());
            let range = offsets[o.start]..offsets[o.end];
            TextEdit::new(lines.lsp_range(&range, enc), news[n].concat())
        })
        .collect()
}

/// Applies protocol edits (non-overlapping, as [`text_edits`] and the actions make them).
pub fn apply_edits(text: &str, edits: &[TextEdit], enc: Encoding) -> String {
    let lines = Lines::new(text);
    let mut spans: Vec<(Range<usize>, &str)> = edits
        .iter()
        .map(|e| (lines.range(e.range, enc), e.new_text.as_str()))
        .collect();
    spans.sort_by_key(|(r, _)| (r.start, r.end));
    apply_replacements(text, &spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_edits_rebuild_the_new_text() {
        let old = "uno\r\ndos  tres 👍\ncuatro\ncinco";
        let new = "uno\r\ndos tres 👍\ncuatro\ncinco!";
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let lines = Lines::new(old);
            let edits = text_edits(old, new, &lines, enc);
            assert_eq!(edits.len(), 2, "{edits:?}");
            assert_eq!(apply_edits(old, &edits, enc), new);
        }
    }

    #[test]
    fn no_edits_for_the_same_text() {
        let t = "igual\n";
        assert!(text_edits(t, t, &Lines::new(t), Encoding::Utf16).is_empty());
    }
}
