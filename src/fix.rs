/*!
`--fix` and `--diff`: applying the safe suggestions.

A suggestion is applied only when it is safe and unambiguous: the rule says `fix: safe` and
the suggestion is the finding's first. Fixes that overlap are never applied together: the
first is, the others wait for the next pass. Fixing repeats — lint, apply, lint again — until
nothing changes; a text that keeps changing after [`MAX_PASSES`] passes is an error and is
not written ("no converge").

Files are written only when their text changed, atomically (a temporary file in the same
directory, then a rename over the original, keeping its permissions; a symbolic link is
followed, not replaced), and in their own encoding: UTF-8 with or without BOM, Windows-1252,
UTF-16 with its BOM. Line endings are untouched because only the fixed spans change. With
`--diff` nothing is written: a unified diff of each file that would change is printed. Text
read from standard input is fixed to standard output. Archives (several posts in one file)
are never rewritten.
*/

use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;

use crate::check::{CheckOptions, Lint, read_input};
use crate::error::Error;
use crate::finding::{Finding, apply_replacements};
use crate::input::decode::encode;
use crate::input::walk::Input;
use crate::input::{Document, Origin};
use crate::report::{Reporter, Summary};

/// Passes after which fixing gives up.
pub const MAX_PASSES: usize = 10;

/// Inputs fixed together before their results are written and reported.
const BATCH: usize = 64;

/// What to do with fixed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files back (stdin: print the fixed text).
    Write,
    /// Print a unified diff; write nothing.
    Diff,
}

/// What fixing a run did.
#[derive(Debug, Clone, Default)]
pub struct FixStats {
    /// Fixes applied (or that would be, with `--diff`).
    pub fixes: usize,
    /// Files written (or that would change).
    pub files: usize,
}

/// The safe fixes among `findings` (sorted by position) that can be applied together: a fix
/// overlapping one already taken waits for the next pass, when the text has changed and
/// the finding is looked for again.
pub fn safe_edits(findings: &[Finding]) -> Vec<(Range<usize>, &str)> {
    let mut edits: Vec<(Range<usize>, &str)> = Vec::new();
    for f in findings {
        let Some(fix) = f.safe_fix() else { continue };
        if edits.last().is_some_and(|last| last.0.end > f.span.start) {
            continue;
        }
        edits.push((f.span.clone(), fix));
    }
    edits
}

/// A document rebuilt from new text, keeping where it came from and how it was encoded.
fn rebuild(linter: &dyn Lint, old: &Document, text: String) -> Document {
    let mut doc = Document::new(old.origin.clone(), text, old.format);
    doc.encoding = old.encoding;
    doc.bom = old.bom;
    linter.prepare(&mut doc);
    doc
}

/// Applies safe fixes to `doc` until none applies; returns the fixed document and how many
/// fixes were applied. The error names the file when the fixes do not converge.
pub fn fix_document(linter: &dyn Lint, doc: Document) -> Result<(Document, usize), Error> {
    let mut doc = doc;
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let findings = linter.lint(&doc);
        let edits = safe_edits(&findings);
        let text = apply_replacements(&doc.text, &edits);
        if edits.is_empty() || text == doc.text {
            return Ok((doc, applied));
        }
        applied += edits.len();
        doc = rebuild(linter, &doc, text);
    }
    Err(Error::Io {
        path: doc.origin.path.clone(),
        message: format!(
            "las correcciones no convergen tras {MAX_PASSES} pasadas; no se modifica el archivo"
        ),
    })
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory renamed over
/// the target, with the target's permissions, owner and group. Symbolic links are followed.
/// Only a regular file is replaced, and not one with other hard links (the rename would
/// separate them).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, bytes, None)
}

/// Like [`write_atomic`], if the file still holds `original`: it is read again just before the
/// rename, and a file changed meanwhile (an editor saved it) is left alone.
pub fn write_atomic_if_unchanged(path: &Path, bytes: &[u8], original: &[u8]) -> io::Result<()> {
    replace(path, bytes, Some(original))
}

fn replace(path: &Path, bytes: &[u8], original: Option<&[u8]>) -> io::Result<()> {
    let refuse = |why: String| Err(io::Error::new(io::ErrorKind::InvalidInput, why));
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let meta = match std::fs::metadata(&target) {
        Ok(m) => m,
        // A new file: nothing to keep, no one reading a half-written one.
        Err(e) if e.kind() == io::ErrorKind::NotFound && original.is_none() => {
            return std::fs::write(&target, bytes);
        }
        Err(e) => return Err(e),
    };
    if !meta.is_file() {
        return refuse("no es un archivo regular; no se reemplaza".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return refuse(format!(
                "tiene {} enlaces duros; no se reemplaza, para no separarlos",
                meta.nlink()
            ));
        }
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".vigia-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mine = std::fs::metadata(tmp.path())?;
        if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid())
            && std::os::unix::fs::chown(tmp.path(), Some(meta.uid()), Some(meta.gid())).is_err()
        {
            return refuse("no se puede conservar su propietario o grupo; no se reemplaza".into());
        }
    }
    if let Some(original) = original
        && std::fs::read(&target)? != original
    {
        return refuse("el archivo cambió mientras se corregía; no se modifica".into());
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff of a document's text before and after fixing.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// A reporter that shows nothing (`--diff` prints only the diffs).
pub struct NoReport;

impl Reporter for NoReport {
    fn document(&mut self, _doc: &Document, _findings: &[Finding]) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// One input after fixing.
struct Fixed {
    input: Input,
    /// The documents as they are after fixing, with their remaining findings.
    docs: Vec<(Document, Vec<Finding>)>,
    /// New bytes and the diff, when the file changed.
    change: Option<(Vec<u8>, String)>,
    fixes: usize,
    /// Why the input was not fixed although it could be linted.
    note: Option<String>,
    /// The bytes the file held when it was read (a draft file), which it must still hold
    /// when it is replaced.
    original: Option<Vec<u8>>,
}

/// A draft file's bytes and its document, read once: the bytes are what the file must still
/// hold when it is replaced.
fn read_draft(path: &Path, opts: &CheckOptions) -> Result<(Vec<u8>, Document), Error> {
    let name = path.display().to_string();
    crate::check::check_size(path, &name, opts)?;
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: name.clone(),
        message: crate::error::io_message(&e),
    })?;
    let format = crate::input::Format::from_path(path);
    let doc = crate::check::document_from_bytes(&name, &bytes, format, opts.encoding)?;
    Ok((bytes, doc))
}

/// Why a draft read from `bytes` must not be rewritten: its encoding was guessed as anything
/// but Windows-1252, or guessed for a file that holds UTF-8 characters too (a UTF-8 file with
/// one stray byte reads as Windows-1252, and a fix would write Windows-1252 into it); or its
/// text does not encode back to the same bytes.
fn unsafe_to_rewrite(doc: &Document, bytes: &[u8], opts: &CheckOptions) -> Option<String> {
    let guessed = opts.encoding.is_none() && !doc.bom && doc.encoding != encoding_rs::UTF_8;
    let has_utf8 = || bytes.utf8_chunks().any(|c| !c.valid().is_ascii());
    if guessed && (doc.encoding != encoding_rs::WINDOWS_1252 || has_utf8()) {
        return Some(format!(
            "{}: su codificación ({}) se dedujo, no se declaró; --fix no lo modifica \
             (indíquela con --encoding)",
            doc.origin.path,
            doc.encoding.name()
        ));
    }
    let lossless = encode(&doc.text, doc.encoding, doc.bom).is_ok_and(|b| b == bytes);
    (!lossless).then(|| {
        format!(
            "{}: sus bytes no se leen sin pérdida como {}; --fix no lo modifica",
            doc.origin.path,
            doc.encoding.name()
        )
    })
}

fn fix_input(linter: &dyn Lint, input: &Input, opts: &CheckOptions) -> Result<Fixed, Error> {
    if let Input::File(path) = input
        && crate::input::archive::Kind::for_path(path).is_none()
    {
        let (bytes, mut doc) = read_draft(path, opts)?;
        linter.prepare(&mut doc);
        if let Some(note) = unsafe_to_rewrite(&doc, &bytes, opts) {
            let findings = linter.lint(&doc);
            return Ok(Fixed {
                input: input.clone(),
                docs: vec![(doc, findings)],
                change: None,
                fixes: 0,
                note: Some(note),
                original: None,
            });
        }
        let mut fixed = fix_draft(linter, input, doc)?;
        fixed.original = Some(bytes);
        return Ok(fixed);
    }
    let mut docs = read_input(input, opts)?;
    for d in &mut docs {
        linter.prepare(d);
    }
    let archive = docs.len() != 1 || docs.iter().any(|d| d.origin.record.is_some());
    if archive {
        if docs.is_empty() {
            return Ok(Fixed {
                input: input.clone(),
                docs: Vec::new(),
                change: None,
                fixes: 0,
                note: None,
                original: None,
            });
        }
        let path = docs
            .first()
            .map_or(String::new(), |d| d.origin.path.clone());
        let docs = docs
            .into_iter()
            .map(|d| {
                let f = linter.lint(&d);
                (d, f)
            })
            .collect();
        return Ok(Fixed {
            input: input.clone(),
            docs,
            change: None,
            fixes: 0,
            note: Some(format!(
                "{path}: es un archivo de publicaciones; --fix no lo modifica (corrija cada publicación en su origen)"
            )),
            original: None,
        });
    }
    let Some(original) = docs.pop() else {
        return Err(Error::Usage("no hay texto que corregir".into()));
    };
    fix_draft(linter, input, original)
}

/// Fixes one draft's document and re-reads the result as its file would hold it.
fn fix_draft(linter: &dyn Lint, input: &Input, original: Document) -> Result<Fixed, Error> {
    let before = original.text.clone();
    let (fixed, fixes) = fix_document(linter, original)?;
    let name = fixed.origin.path.clone();
    let change = if fixed.text == before {
        None
    } else {
        let bytes = encode(&fixed.text, fixed.encoding, fixed.bom).map_err(|c| Error::Io {
            path: name.clone(),
            message: format!(
                "la corrección introduce «{c}», que {} no puede representar; no se modifica el archivo",
                fixed.encoding.name()
            ),
        })?;
        let shown = crate::baseline::normal_path(&name);
        Some((bytes, diff(&shown, &before, &fixed.text)))
    };
    // Findings are reported against the text as written, with offsets of its bytes.
    let doc = match &change {
        Some((bytes, _)) => {
            let mut d = crate::check::document_from_bytes(
                &name,
                bytes,
                fixed.format,
                Some(fixed.encoding),
            )?;
            d.origin = Origin {
                path: name.clone(),
                record: None,
            };
            linter.prepare(&mut d);
            d
        }
        None => fixed,
    };
    let findings = linter.lint(&doc);
    Ok(Fixed {
        input: input.clone(),
        docs: vec![(doc, findings)],
        change,
        fixes,
        note: None,
        original: None,
    })
}

/// Fixes every input: writes files back (or prints diffs), then reports what remains.
/// `out` receives diffs and the fixed text of standard input; `on_note` explains inputs
/// left alone.
pub fn run(
    linter: &dyn Lint,
    opts: &CheckOptions,
    mode: Mode,
    reporter: &mut dyn Reporter,
    out: &mut dyn Write,
    on_error: &mut dyn FnMut(&Error),
    on_note: &mut dyn FnMut(&str),
) -> io::Result<(Summary, FixStats)> {
    let gathered = crate::check::gather(linter, opts, on_error);
    let inputs = gathered.inputs;
    let mut summary = Summary {
        failed_inputs: gathered.failed,
        excluded: gathered.excluded,
        ..Summary::default()
    };
    let mut stats = FixStats::default();
    for batch in inputs.chunks(BATCH) {
        let results: Vec<Result<Fixed, Error>> = batch
            .par_iter()
            .map(|input| fix_input(linter, input, opts))
            .collect();
        for result in results {
            let fixed = match result {
                Ok(f) => f,
                Err(e) => {
                    summary.failed_inputs += 1;
                    on_error(&e);
                    continue;
                }
            };
            if let Some(note) = &fixed.note {
                on_note(note);
            }
            let stdin = fixed.input == Input::Stdin;
            match (&fixed.change, mode) {
                (Some((_, diff)), Mode::Diff) => {
                    out.write_all(diff.as_bytes())?;
                }
                (Some((bytes, _)), Mode::Write) if stdin => out.write_all(bytes)?,
                (None, Mode::Write) if stdin => {
                    // Unchanged text still goes through, as a filter does.
                    if let Some((doc, _)) = fixed.docs.first() {
                        match encode(&doc.text, doc.encoding, doc.bom) {
                            Ok(b) => out.write_all(&b)?,
                            Err(_) => out.write_all(doc.text.as_bytes())?,
                        }
                    }
                }
                (Some((bytes, _)), Mode::Write) => {
                    let written = match (&fixed.input, &fixed.original) {
                        (Input::File(path), Some(original)) => {
                            Some((path, write_atomic_if_unchanged(path, bytes, original)))
                        }
                        (Input::File(path), None) => Some((path, write_atomic(path, bytes))),
                        (Input::Stdin, _) => None,
                    };
                    if let Some((path, Err(e))) = written {
                        summary.failed_inputs += 1;
                        on_error(&Error::Io {
                            path: path.display().to_string(),
                            message: crate::error::io_message(&e),
                        });
                        continue;
                    }
                }
                (None, _) => {}
            }
            if fixed.change.is_some() {
                stats.files += 1;
                stats.fixes += fixed.fixes;
            }
            summary.files += 1;
            for (doc, findings) in &fixed.docs {
                summary.documents += 1;
                if !findings.is_empty() {
                    summary.documents_with_findings += 1;
                }
                for f in findings {
                    summary.counts.add(f.level);
                }
                reporter.document(doc, findings)?;
            }
        }
    }
    reporter.finish(&summary)?;
    Ok((summary, stats))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{FixSafety, Level, Location, RuleInfo};
    use std::sync::Arc;

    fn finding(span: Range<usize>, fix: &str, safe: bool) -> Finding {
        Finding {
            rule: Arc::new(RuleInfo {
                id: "t/r".into(),
                pack: "t".into(),
                title: String::new(),
                level: Level::Warning,
                section: "8.7".into(),
                kind: "pattern".into(),
                doc: String::new(),
                fix: if safe {
                    FixSafety::Safe
                } else {
                    FixSafety::Unsafe
                },
                location: Location {
                    path: String::new(),
                    line: 0,
                    column: 0,
                },
            }),
            level: Level::Warning,
            span,
            message: String::new(),
            help: None,
            suggestions: vec![fix.into()],
        }
    }

    #[test]
    fn only_safe_unambiguous_fixes() {
        let f = [
            finding(0..2, "a", true),
            finding(3..5, "b", false),
            finding(6..9, "c", true),
            finding(7..10, "d", true),
            finding(12..13, "e", true),
        ];
        let edits = safe_edits(&f);
        assert_eq!(edits, vec![(0..2, "a"), (6..9, "c"), (12..13, "e")]);
    }

    #[test]
    fn atomic_write_keeps_permissions_and_follows_links() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "uno").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
            let link = dir.path().join("enlace.md");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            write_atomic(&link, b"dos").unwrap();
            assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        #[cfg(not(unix))]
        write_atomic(&file, b"dos").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "dos");
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn diff_is_unified() {
        let d = diff("a.md", "uno\ndos  tres\n", "uno\ndos tres\n");
        assert!(d.starts_with("--- a/a.md\n+++ b/a.md\n@@"), "{d}");
        assert!(d.contains("-dos  tres\n+dos tres\n"), "{d}");
    }
}
