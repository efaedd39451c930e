/*!
The configuration of each open document, as `check` finds it, kept fresh; and the one change
the server makes to it, accepting a word.

A document gets the nearest `.vigia.yaml` at or above its path (an unsaved buffer: the one of
the first workspace folder), compiled once into a [`Project`] and shared by every document
under it. Before each check the file's modification time and size are compared with those it
was compiled from, so an edited configuration applies at the next check even when the client
does not report file changes; `workspace/didChangeWatchedFiles` and saving `.vigia.yaml` in the
editor drop every compiled project at once. A configuration that does not load is reported
once (per version of the file) and the documents under it are checked with the last one that
loaded, or with none.
*/

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::config::{self, Settings};
use crate::error::Error;
use crate::project::{ConfigChoice, Project};

/// What a configuration file was compiled from.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

struct Entry {
    project: Arc<Project>,
    stamp: Stamp,
    /// The stamp of a version that failed to load (reported once).
    failed: Stamp,
}

/// The compiled configurations, by file (`None`: no file).
#[derive(Default)]
pub struct Projects {
    folders: Vec<PathBuf>,
    cache: HashMap<Option<PathBuf>, Entry>,
}

/// The text of a configuration error, each problem at its place.
pub fn error_text(e: &Error) -> String {
    match e {
        Error::Pack(list) | Error::Config(list) => list
            .iter()
            .map(|p| format!("{}:{}:{}: {}", p.path, p.line, p.column, p.message))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

impl Projects {
    pub fn new(folders: Vec<PathBuf>) -> Projects {
        Projects {
            folders,
            cache: HashMap::new(),
        }
    }

    pub fn set_folders(&mut self, folders: Vec<PathBuf>) {
        self.folders = folders;
    }

    /// Forgets every compiled configuration.
    pub fn invalidate(&mut self) {
        self.cache.clear();
    }

    /// The workspace folder holding `path`, the innermost one.
    pub fn folder_of(&self, path: Option<&Path>) -> Option<&Path> {
        match path {
            Some(p) => self
                .folders
                .iter()
                .filter(|f| p.starts_with(f))
                .max_by_key(|f| f.components().count())
                .map(PathBuf::as_path),
            None => self.folders.first().map(PathBuf::as_path),
        }
    }

    /// The configuration file that applies to a document at `path`.
    pub fn config_file(&self, path: Option<&Path>) -> Option<PathBuf> {
        match path {
            Some(p) => config::discover(p),
            None => self.folders.first().and_then(|f| config::discover(f)),
        }
    }

    /// The project of a document at `path` (`None`: an unsaved buffer), and the error to
    /// show when its configuration changed and no longer loads (`None`: nothing loads, not
    /// even the bundled packs).
    pub fn for_doc(&mut self, path: Option<&Path>) -> (Option<Arc<Project>>, Option<String>) {
        let file = self.config_file(path);
        let now = file.as_deref().and_then(stamp);
        if let Some(e) = self.cache.get(&file)
            && (e.stamp == now || e.failed == now)
        {
            return (Some(e.project.clone()), None);
        }
        match load(file.as_deref()) {
            Ok(project) => {
                let project = Arc::new(project);
                self.cache.insert(
                    file,
                    Entry {
                        project: project.clone(),
                        stamp: now,
                        failed: None,
                    },
                );
                (Some(project), None)
            }
            Err(e) => {
                let shown = match &file {
                    Some(f) => format!(
                        "vigia: no se pudo leer la configuración {}; se revisa con la anterior o sin ella.\n{}",
                        f.display(),
                        error_text(&e)
                    ),
                    None => format!(
                        "vigia: no se pudieron cargar las reglas: {}",
                        error_text(&e)
                    ),
                };
                let fallback = match self.cache.get(&file) {
                    Some(old) => Some(old.project.clone()),
                    None => load(None).ok().map(Arc::new),
                };
                let Some(project) = fallback else {
                    // Not even the bundled packs load: nothing to check with.
                    return (None, Some(shown));
                };
                self.cache.insert(
                    file,
                    Entry {
                        project: project.clone(),
                        stamp: None,
                        failed: now,
                    },
                );
                (Some(project), Some(shown))
            }
        }
    }
}

/// The project of one configuration file, or of none.
fn load(file: Option<&Path>) -> Result<Project, Error> {
    let (scope, choice) = match file {
        Some(f) => (
            f.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            ConfigChoice::File(f.to_path_buf()),
        ),
        None => (PathBuf::from("."), ConfigChoice::Ignore),
    };
    Project::load(&[scope], None, &choice, &Settings::default())
}

/// Adds `word` to `vocabulary.accept` of the configuration `file`, creating it (in `dir`)
/// when there is none; returns the file written. The file is edited as text, so comments
/// and layout stay; the result is read back and written only when it says what it should.
pub fn accept_word(file: Option<&Path>, dir: &Path, word: &str) -> Result<PathBuf, String> {
    let word = word.trim();
    if word.is_empty() || word.contains(['\n', '\r']) {
        return Err(format!("«{word}» no es una palabra que se pueda aceptar"));
    }
    let path = file.map_or_else(|| dir.join(config::FILE_NAME), Path::to_path_buf);
    let old = match file {
        Some(f) => std::fs::read_to_string(f)
            .map_err(|e| format!("no se pudo leer {}: {e}", f.display()))?,
        None => String::new(),
    };
    let name = path.display().to_string();
    let before = Settings::from_str(&name, &old).map_err(|e| {
        format!(
            "{} tiene errores; corríjalos antes de añadir palabras:\n{}",
            name,
            error_text(&e)
        )
    })?;
    if before.accept.iter().any(|a| a.value == word) {
        return Ok(path);
    }
    let new = with_accepted(&old, word).ok_or_else(|| {
        format!("no se pudo añadir «{word}» a vocabulary.accept de {name}: añádala a mano")
    })?;
    let after = Settings::from_str(&name, &new).map_err(|e| error_text(&e))?;
    let values = |s: &Settings| s.accept.iter().map(|a| a.value.clone()).collect::<Vec<_>>();
    let mut expected = values(&before);
    expected.push(word.to_string());
    let mut got = values(&after);
    expected.sort();
    got.sort();
    if got != expected {
        return Err(format!(
            "no se pudo añadir «{word}» a vocabulary.accept de {name}: añádala a mano"
        ));
    }
    crate::fix::write_atomic(&path, new.as_bytes())
        .map_err(|e| format!("no se pudo escribir {name}: {e}"))?;
    Ok(path)
}

/// `word` as a YAML scalar: plain when it is letters (and inner hyphens or apostrophes),
/// quoted otherwise.
fn scalar(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’')
        && word.chars().next().is_some_and(char::is_alphabetic)
        && !matches!(
            word.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        word.to_string()
    } else {
        format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The configuration text with `word` added to `vocabulary.accept`; `None` for a layout
/// this edit does not handle (a flow mapping, a list over several lines).
pub fn with_accepted(text: &str, word: &str) -> Option<String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let item = scalar(word);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let top = |l: &str| !is_blank(l) && indent_of(l) == 0;
    let Some(voc) = lines.iter().position(|l| {
        top(l)
            && l.strip_prefix("vocabulary:")
                .is_some_and(|r| is_blank(r) || r.trim().is_empty())
    }) else {
        if lines.iter().any(|l| top(l) && l.starts_with("vocabulary:")) {
            return None;
        }
        lines.push("vocabulary:".into());
        lines.push(format!("  accept: [{item}]"));
        return Some(lines.join(eol) + eol);
    };
    let end = (voc + 1..lines.len())
        .find(|&i| top(&lines[i]))
        .unwrap_or(lines.len());
    let key_indent = (voc + 1..end)
        .find(|&i| !is_blank(&lines[i]))
        .map_or(2, |i| indent_of(&lines[i]));
    let Some(acc) = (voc + 1..end).find(|&i| {
        indent_of(&lines[i]) == key_indent && lines[i].trim_start().starts_with("accept:")
    }) else {
        lines.insert(
            voc + 1,
            format!("{}accept: [{item}]", " ".repeat(key_indent)),
        );
        return Some(lines.join(eol) + eol);
    };
    let rest = lines[acc].trim_start()["accept:".len()..]
        .trim()
        .to_string();
    if let Some(list) = rest.strip_prefix('[') {
        let close = list.rfind(']')?;
        let inner = &list[..close];
        let inserted = if inner.trim().is_empty() {
            item
        } else {
            format!("{}, {item}", inner.trim_end())
        };
        lines[acc] = format!(
            "{}accept: [{inserted}]{}",
            " ".repeat(key_indent),
            &list[close + 1..]
        );
        return Some(lines.join(eol) + eol);
    }
    if !is_blank(&rest) {
        return None;
    }
    // A block list, possibly empty: the items are the `- ` lines that follow.
    let mut last = None;
    let mut item_indent = None;
    for (i, l) in lines.iter().enumerate().take(end).skip(acc + 1) {
        if is_blank(l) {
            continue;
        }
        let ind = indent_of(l);
        if ind < key_indent || (ind == key_indent && !l.trim_start().starts_with("- ")) {
            break;
        }
        if l.trim_start().starts_with("- ") && item_indent.is_none_or(|n| n == ind) {
            item_indent = Some(ind);
            last = Some(i);
        }
    }
    match (last, item_indent) {
        (Some(i), Some(ind)) => lines.insert(i + 1, format!("{}- {item}", " ".repeat(ind))),
        _ => lines[acc] = format!("{}accept: [{item}]", " ".repeat(key_indent)),
    }
    Some(lines.join(eol) + eol)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(text: &str) -> Vec<String> {
        Settings::from_str(".vigia.yaml", text)
            .map(|s| s.accept.iter().map(|a| a.value.clone()).collect())
            .unwrap_or_else(|e| vec![format!("ERROR {}", error_text(&e))])
    }

    #[test]
    fn adds_to_every_layout() {
        let cases = [
            ("", vec!["Quellaveco"]),
            ("platform: x\n", vec!["Quellaveco"]),
            ("vocabulary:\n  reject: [huachafo]\n", vec!["Quellaveco"]),
            ("vocabulary:\n  accept: []\n", vec!["Quellaveco"]),
            (
                "vocabulary:\n  accept: [Senace, Sernanp]  # siglas\nplatform: x\n",
                vec!["Senace", "Sernanp", "Quellaveco"],
            ),
            (
                "vocabulary:\n    accept:\n      - Senace\n      - Sernanp\n    reject: [x]\n",
                vec!["Senace", "Sernanp", "Quellaveco"],
            ),
            (
                "vocabulary:\n  accept:\n  - Senace\n\nplatform: x\n",
                vec!["Senace", "Quellaveco"],
            ),
            (
                "vocabulary:\r\n  accept: [Senace]\r\n",
                vec!["Senace", "Quellaveco"],
            ),
        ];
        for (before, want) in cases {
            let after = with_accepted(before, "Quellaveco").expect("handled layout");
            assert_eq!(accepted(&after), want, "{before:?} → {after:?}");
        }
        assert!(with_accepted("vocabulary: {accept: [a]}\n", "b").is_none());
    }

    #[test]
    fn quotes_what_yaml_would_misread() {
        assert_eq!(scalar("Quellaveco"), "Quellaveco");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("3D"), "\"3D\"");
        let text = with_accepted("", "no").expect("handled");
        assert_eq!(accepted(&text), vec!["no"]);
    }

    #[test]
    fn a_changed_configuration_is_compiled_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join(config::FILE_NAME);
        std::fs::write(&file, "platform: x\n").expect("write");
        let draft = dir.path().join("borrador.md");
        let mut projects = Projects::new(vec![dir.path().to_path_buf()]);
        let (first, err) = projects.for_doc(Some(&draft));
        let first = first.expect("loads");
        assert!(err.is_none());
        let (same, _) = projects.for_doc(Some(&draft));
        assert!(
            same.is_some_and(|p| Arc::ptr_eq(&p, &first)),
            "unchanged file, same project"
        );
        // A change of size is seen even within the file system's time resolution.
        std::fs::write(&file, "platform: instagram\n").expect("write");
        let (second, _) = projects.for_doc(Some(&draft));
        let second = second.expect("loads");
        assert!(!Arc::ptr_eq(&second, &first));
        // A broken file is reported once; the last good project stays in use.
        std::fs::write(&file, "platfrom: x\n").expect("write");
        let (kept, err) = projects.for_doc(Some(&draft));
        assert!(kept.is_some_and(|p| Arc::ptr_eq(&p, &second)));
        let err = err.expect("reported");
        assert!(err.contains("platfrom"), "{err}");
        let (_, again) = projects.for_doc(Some(&draft));
        assert!(again.is_none(), "reported once");
    }

    #[test]
    fn writes_the_file_and_keeps_comments() {
        let dir = tempfile::tempdir().expect("tempdir");
        let written = accept_word(None, dir.path(), "Quellaveco").expect("created");
        assert_eq!(written, dir.path().join(config::FILE_NAME));
        std::fs::write(
            &written,
            "# proyecto\nvocabulary:\n  accept: [Quellaveco]\n",
        )
        .expect("write");
        accept_word(Some(&written), dir.path(), "Sernanp").expect("added");
        let text = std::fs::read_to_string(&written).expect("read");
        assert!(text.starts_with("# proyecto\n"), "{text}");
        assert_eq!(accepted(&text), vec!["Quellaveco", "Sernanp"]);
        // A word already there leaves the file alone.
        accept_word(Some(&written), dir.path(), "Sernanp").expect("no-op");
        assert_eq!(std::fs::read_to_string(&written).expect("read"), text);
    }
}
