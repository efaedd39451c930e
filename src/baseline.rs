/*!
Baselines and fingerprints: adopting vigia on old material without fixing it all first.

A finding's fingerprint hashes what identifies it regardless of where it moved: the path
(relative, `/`-separated), the archive record, the rule, the matched text folded (case,
accents and spacing ignored), and its occurrence index among the document's findings of the
same rule and folded text. Line numbers are not part of it, so editing elsewhere in the file
keeps the fingerprints of untouched findings. `--write-baseline FILE` records the
fingerprints of every current finding; `--baseline FILE` hides the findings whose
fingerprint is recorded. SARIF's `partialFingerprints` carry the same value.

The file is JSON: `{"version": 1, "findings": [{"fingerprint", "path", "rule", "line"}]}`;
`path`, `rule` and `line` are only there for people reading it.
*/

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::finding::Finding;
use crate::input::Document;
use crate::text::fold;

/// Version of the fingerprint recipe, also the key of SARIF `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "vigia/v1";

/// The path as fingerprints see it: relative to the current directory when inside it, `/`
/// separators, no leading `./`.
pub fn normal_path(path: &str) -> String {
    if path == "-" {
        return path.into();
    }
    let p = Path::new(path);
    let shown = if p.is_absolute() {
        let cwd = crate::config::absolute(Path::new("."));
        p.strip_prefix(&cwd).unwrap_or(p).to_path_buf()
    } else {
        crate::config::absolute(p)
            .strip_prefix(crate::config::absolute(Path::new(".")))
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| p.to_path_buf())
    };
    shown.to_string_lossy().replace('\\', "/")
}

/// FNV-1a, 64 bits: small, fixed forever (a baseline written today must match tomorrow).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1F)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The fingerprint of every finding of `doc`, in order.
pub fn fingerprints(doc: &Document, findings: &[Finding]) -> Vec<String> {
    let path = normal_path(&doc.origin.path);
    let record = doc.origin.record.as_deref().unwrap_or("");
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let text = fold(&doc.text[f.span.clone()]).trim().to_string();
            let n = seen.entry((f.rule.id.as_str(), text.clone())).or_insert(0);
            let occurrence = n.to_string();
            *n += 1;
            format!(
                "{:016x}",
                fnv1a(&[&path, record, &f.rule.id, &text, &occurrence])
            )
        })
        .collect()
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    fingerprint: String,
    #[serde(default)]
    path: String,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    line: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// A baseline read from a file.
#[derive(Debug, Default)]
pub struct Baseline {
    known: HashSet<String>,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline, Error> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: shown.clone(),
            message: crate::error::io_message(&e),
        })?;
        let file: File = serde_json::from_str(&text).map_err(|e| Error::Input {
            path: shown.clone(),
            line: e.line(),
            column: e.column(),
            message: format!("línea base no válida: {e}"),
        })?;
        if file.version != 1 {
            return Err(Error::Usage(format!(
                "{shown}: versión de línea base {} desconocida (se espera 1)",
                file.version
            )));
        }
        Ok(Baseline {
            known: file.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    /// Whether a fingerprint is recorded.
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.known.contains(fingerprint)
    }

    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
}

/// Collects the fingerprints of a run's findings, for `--write-baseline`.
#[derive(Debug, Default)]
pub struct Recorder {
    entries: Vec<Entry>,
}

impl Recorder {
    pub fn add(&mut self, doc: &Document, findings: &[Finding]) {
        let path = normal_path(&doc.origin.path);
        for (f, fp) in findings.iter().zip(fingerprints(doc, findings)) {
            self.entries.push(Entry {
                fingerprint: fp,
                path: path.clone(),
                rule: f.rule.id.clone(),
                line: crate::report::position(doc, f.span.start).0,
            });
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes the baseline file (replacing it).
    pub fn write(self, path: &Path) -> Result<(), Error> {
        let file = File {
            version: 1,
            findings: self.entries,
        };
        let mut text = serde_json::to_string_pretty(&file).map_err(|e| Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        text.push('\n');
        crate::fix::write_atomic(path, text.as_bytes()).map_err(|e| Error::Io {
            path: path.display().to_string(),
            message: crate::error::io_message(&e),
        })
    }
}

impl crate::report::Reporter for Recorder {
    fn document(&mut self, doc: &Document, findings: &[Finding]) -> std::io::Result<()> {
        self.add(doc, findings);
        Ok(())
    }

    fn finish(&mut self, _summary: &crate::report::Summary) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;
    use crate::rules::pack::{PackSource, load};

    fn engine() -> Engine {
        let path =
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/packs/core.yaml");
        Engine::new(load(&[PackSource::Path(path)]).unwrap())
    }

    fn prints(text: &str) -> Vec<(String, String)> {
        let doc = Document::from_str_md("b.md", text);
        let f = engine().lint(&doc);
        f.iter()
            .map(|f| doc.text[f.span.clone()].to_string())
            .zip(fingerprints(&doc, &f))
            .collect()
    }

    #[test]
    fn fingerprints_survive_edits_elsewhere_and_count_occurrences() {
        let before = prints("El partido.\n\nOtro partido y el Partido.\n");
        let after = prints("Línea nueva.\n\nEl partido.\n\nOtro partido y el Partido.\n");
        assert_eq!(before, after);
        let fps: HashSet<_> = before.iter().map(|(_, f)| f).collect();
        assert_eq!(fps.len(), 3, "each occurrence has its own fingerprint");
        assert_ne!(prints("El partido.")[0].1, prints("El año.")[0].1);
    }

    #[test]
    fn paths_are_normalised() {
        assert_eq!(normal_path("./a/b.md"), "a/b.md");
        assert_eq!(normal_path("-"), "-");
        let abs = crate::config::absolute(Path::new("x/y.md"));
        assert_eq!(normal_path(&abs.display().to_string()), "x/y.md");
    }
}
