/*!
Finding the Hunspell dictionary: the embedded one, or which `.aff`/`.dic` pair to read.

vigia embeds the Spanish dictionary of the RLA-ES project (`data/hunspell/`, MPL-1.1; see its
README), so every machine checks spelling alike with no system package. A user may name
another one; in order of precedence:

1. `--dictionary PATH` on the command line;
2. the `VIGIA_DICTIONARY` environment variable;
3. `dictionary:` in `.vigia.yaml` (relative to the file);
4. the rule's `dictionary:` field (relative to its pack);
5. the embedded dictionary.

A PATH may name the `.dic` file, the `.aff` file, both without extension
(`/usr/share/hunspell/es_PE`), or a directory (searched like a system directory). The word
`system` asks for the system's dictionary: each directory of Hunspell's `DICPATH` variable,
then the usual places of Linux, macOS and LibreOffice, looking for `es_PE`, then `es_ES`, then
`es`. `embedded` names the embedded one.
*/

use std::fmt;
use std::path::{Path, PathBuf};

use super::SpellError;

/// The environment variable naming a dictionary.
pub const ENV_VAR: &str = "VIGIA_DICTIONARY";

/// Dictionary names looked for, preferred first: Peruvian Spanish, then Spain's (Debian's
/// `hunspell-es` ships both with the same words), then LibreOffice's generic one.
pub const LANGUAGES: &[&str] = &["es_PE", "es_ES", "es"];

/// Directories searched after `DICPATH`.
const SYSTEM_DIRS: &[&str] = &[
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/local/share/hunspell",
    "/opt/homebrew/share/hunspell",
    "/usr/lib/libreoffice/share/extensions/dict-es",
    "/Applications/LibreOffice.app/Contents/Resources/extensions/dict-es",
    "/Library/Spelling",
    "C:\\Program Files\\LibreOffice\\share\\extensions\\dict-es",
];

/// The embedded dictionary: the text of its two files.
pub const EMBEDDED_AFF: &str = include_str!("../../data/hunspell/es.aff");
pub const EMBEDDED_DIC: &str = include_str!("../../data/hunspell/es.dic");

/// How the embedded dictionary is named in messages and `vigia --version`.
pub const EMBEDDED_NAME: &str = "es (RLA-ES, LibreOffice 7.5.0; embebido)";

/// The values of a dictionary setting that name no path.
pub const SYSTEM: &str = "system";
pub const EMBEDDED: &str = "embedded";

/// Whether a dictionary setting is one of the words that name no path.
pub fn is_keyword(p: &Path) -> bool {
    p.as_os_str() == SYSTEM || p.as_os_str() == EMBEDDED
}

/// Who named a dictionary path (for error messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Given {
    /// `--dictionary`.
    Settings,
    /// The `VIGIA_DICTIONARY` environment variable.
    Env,
    /// `dictionary:` in the configuration file.
    Config,
    /// The rule's `dictionary:` field.
    Rule,
}

impl fmt::Display for Given {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Given::Settings => "indicado con --dictionary",
            Given::Env => "indicado en VIGIA_DICTIONARY",
            Given::Config => "indicado en `dictionary` de .vigia.yaml",
            Given::Rule => "indicado en el campo `dictionary` de la regla",
        })
    }
}

/// Where the dictionary comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// The dictionary embedded in the binary.
    Embedded,
    /// A path given by the user.
    Path(PathBuf, Given),
    /// Searched for in the system's dictionary directories (`system`).
    System(Given),
}

impl Source {
    /// The source in force: `settings` (command line) over `VIGIA_DICTIONARY` over the
    /// configuration file over the rule's field over the embedded dictionary.
    pub fn resolve(settings: Option<&Path>, config: Option<&Path>, rule: Option<&Path>) -> Source {
        let env = std::env::var_os(ENV_VAR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let named = [
            (settings.map(Path::to_path_buf), Given::Settings),
            (env, Given::Env),
            (config.map(Path::to_path_buf), Given::Config),
            (rule.map(Path::to_path_buf), Given::Rule),
        ];
        match named.into_iter().find_map(|(p, g)| p.map(|p| (p, g))) {
            None => Source::Embedded,
            Some((p, _)) if p.as_os_str() == EMBEDDED => Source::Embedded,
            Some((p, given)) if p.as_os_str() == SYSTEM => Source::System(given),
            Some((p, given)) => Source::Path(p, given),
        }
    }
}

impl fmt::Display for Source {
    /// What `vigia --version` and `vigia config` say of the dictionary.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Embedded => f.write_str(EMBEDDED_NAME),
            Source::Path(p, given) => write!(f, "{} ({given})", p.display()),
            Source::System(given) => match locate(self) {
                Ok(files) => write!(f, "{} (del sistema, {given})", files.dic.display()),
                Err(_) => write!(f, "del sistema, no encontrado ({given})"),
            },
        }
    }
}

/// The two files of a Hunspell dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    pub aff: PathBuf,
    pub dic: PathBuf,
}

/// The directories searched for a system dictionary: `DICPATH`, then the usual places.
pub fn system_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("DICPATH")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".local/share/hunspell"));
        dirs.push(Path::new(&home).join("Library/Spelling"));
    }
    dirs.extend(SYSTEM_DIRS.iter().map(PathBuf::from));
    dirs
}

/// The dictionary files of `source`, or why there are none (the embedded one has none).
pub fn locate(source: &Source) -> Result<Files, SpellError> {
    match source {
        Source::Embedded => Err(SpellError::NotFound {
            searched: Vec::new(),
        }),
        Source::System(_) => {
            let dirs = system_dirs();
            search(&dirs).ok_or(SpellError::NotFound { searched: dirs })
        }
        Source::Path(path, given) => {
            if path.is_dir() {
                return search(std::slice::from_ref(path)).ok_or_else(|| SpellError::NotFound {
                    searched: vec![path.clone()],
                });
            }
            let base = match path.extension().and_then(|e| e.to_str()) {
                Some("dic" | "aff") => path.with_extension(""),
                _ => path.clone(),
            };
            let files = Files {
                aff: with_suffix(&base, "aff"),
                dic: with_suffix(&base, "dic"),
            };
            for f in [&files.dic, &files.aff] {
                if let Err(e) = std::fs::metadata(f) {
                    return Err(SpellError::Read {
                        path: f.clone(),
                        message: format!("{} ({given})", crate::error::io_message(&e)),
                    });
                }
            }
            Ok(files)
        }
    }
}

/// `base` + `.ext`, keeping dots already in the name (`es_PE.v2` → `es_PE.v2.dic`).
fn with_suffix(base: &Path, ext: &str) -> PathBuf {
    let mut s = base.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// The preferred language found in `dirs`: every directory is searched for `es_PE` before
/// any is searched for `es_ES`.
fn search(dirs: &[PathBuf]) -> Option<Files> {
    LANGUAGES.iter().find_map(|lang| {
        dirs.iter().find_map(|d| {
            let files = Files {
                aff: d.join(format!("{lang}.aff")),
                dic: d.join(format!("{lang}.dic")),
            };
            (files.aff.is_file() && files.dic.is_file()).then_some(files)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, names: &[&str]) {
        for n in names {
            std::fs::write(dir.join(n), "").unwrap();
        }
    }

    #[test]
    fn prefers_peruvian_spanish_then_spain() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        touch(a.path(), &["es_ES.aff", "es_ES.dic"]);
        touch(b.path(), &["es_PE.aff", "es_PE.dic", "es.aff"]);
        let dirs = [a.path().to_path_buf(), b.path().to_path_buf()];
        assert_eq!(search(&dirs).unwrap().dic, b.path().join("es_PE.dic"));
        std::fs::remove_file(b.path().join("es_PE.aff")).unwrap();
        assert_eq!(search(&dirs).unwrap().dic, a.path().join("es_ES.dic"));
        assert_eq!(search(&dirs[1..]), None);
    }

    #[test]
    fn a_path_names_the_pair_or_a_directory() {
        let d = tempfile::tempdir().unwrap();
        touch(
            d.path(),
            &["es_PE.aff", "es_PE.dic", "custom.v2.aff", "custom.v2.dic"],
        );
        let dic = d.path().join("es_PE.dic");
        let want = Files {
            aff: d.path().join("es_PE.aff"),
            dic: dic.clone(),
        };
        for p in [
            dic.clone(),
            d.path().join("es_PE.aff"),
            d.path().join("es_PE"),
        ] {
            assert_eq!(locate(&Source::Path(p, Given::Settings)).unwrap(), want);
        }
        let dir = Source::Path(d.path().to_path_buf(), Given::Rule);
        assert_eq!(locate(&dir).unwrap(), want);
        let dotted = Source::Path(d.path().join("custom.v2"), Given::Env);
        assert_eq!(locate(&dotted).unwrap().aff, d.path().join("custom.v2.aff"));
    }

    #[test]
    fn a_missing_path_says_which_file_and_who_named_it() {
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("no-existe.dic");
        let e = locate(&Source::Path(missing.clone(), Given::Settings)).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("no-existe.dic"), "{msg}");
        assert!(msg.contains("no existe"), "{msg}");
        assert!(msg.contains("--dictionary"), "{msg}");
        let empty = locate(&Source::Path(d.path().to_path_buf(), Given::Rule)).unwrap_err();
        assert!(matches!(empty, SpellError::NotFound { .. }));
        assert!(empty.to_string().contains("hunspell-es"), "{empty}");
    }
}
