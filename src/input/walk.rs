/*!
Finding the files to check, the way ripgrep does.

Directories are walked with the `ignore` crate: `.gitignore`, `.ignore` and `.vigiaignore`
are honoured, hidden files and directories are skipped, symlinks are not followed unless
asked. Which files are picked is decided by [`FileType`]s (`-t`): drafts by default, archives
for `vigia audit`. Files named explicitly are always checked, whatever their extension.
Problems (an unreadable directory, a symlink loop) are returned beside the files found,
never fatal.
*/

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;

/// Kinds of files picked when walking a directory, like ripgrep's `-t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileType {
    /// Borradores: md, markdown y txt (lo que `check` revisa por omisión).
    Drafts,
    /// Archivos de publicaciones: jsonl, ndjson, json, csv, tsv y tweets.js (lo que `audit`
    /// revisa por omisión).
    Archives,
    /// Markdown: md, markdown.
    Md,
    /// Texto: txt.
    Txt,
    /// JSON Lines: jsonl, ndjson.
    Jsonl,
    /// Listas JSON: json (exportaciones de Facebook e Instagram).
    Json,
    /// Tablas: csv, tsv (Shares.csv de LinkedIn, hojas de cálculo).
    Csv,
    /// El archivo de X/Twitter: tweets.js, tweets-part1.js…
    Tweets,
}

impl FileType {
    /// Whether a file name (lowercase) with extension `ext` (lowercase) is of this type.
    fn matches(self, name: &str, ext: &str) -> bool {
        match self {
            FileType::Drafts => FileType::Md.matches(name, ext) || FileType::Txt.matches(name, ext),
            FileType::Archives => [
                FileType::Jsonl,
                FileType::Json,
                FileType::Csv,
                FileType::Tweets,
            ]
            .iter()
            .any(|t| t.matches(name, ext)),
            FileType::Md => matches!(ext, "md" | "markdown"),
            FileType::Txt => ext == "txt",
            FileType::Jsonl => matches!(ext, "jsonl" | "ndjson"),
            FileType::Json => ext == "json",
            FileType::Csv => matches!(ext, "csv" | "tsv"),
            FileType::Tweets => {
                ext == "js"
                    && ["tweets", "tweet"].iter().any(|stem| {
                        name.strip_prefix(stem).is_some_and(|rest| {
                            rest == ".js"
                                || rest.strip_prefix("-part").is_some_and(|n| {
                                    n.strip_suffix(".js")
                                        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
                                })
                        })
                    })
            }
        }
    }
}

/// What to walk and how.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Types of files picked when walking; empty means drafts.
    pub types: Vec<FileType>,
    /// Extra extensions to pick up when walking.
    pub extensions: Vec<String>,
    /// Glob patterns: `!pat` excludes, `pat` restricts to matches (like `rg -g`).
    pub globs: Vec<String>,
    pub follow_links: bool,
    /// Also walk hidden files and ignored paths.
    pub no_ignore: bool,
}

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// A path that could not be walked.
#[derive(Debug)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Expands `paths` into inputs, in a stable order: each argument's files sorted by path.
pub fn collect(paths: &[PathBuf], opts: &WalkOptions) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(WalkError {
                path: path.display().to_string(),
                message: crate::error::io_message(&e),
            }),
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk_dir(path, opts, &mut found, &mut errors);
                found.sort();
                inputs.extend(found.into_iter().map(Input::File));
            }
            Ok(m) if !m.is_file() => errors.push(special(path, &m.file_type())),
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    (inputs, errors)
}

fn walk_dir(
    root: &Path,
    opts: &WalkOptions,
    found: &mut Vec<PathBuf>,
    errors: &mut Vec<WalkError>,
) {
    let mut builder = WalkBuilder::new(root);
    builder
        .follow_links(opts.follow_links)
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b));
    if opts.no_ignore {
        builder.standard_filters(false);
    } else {
        builder.add_custom_ignore_filename(".vigiaignore");
    }
    if !opts.globs.is_empty() {
        let mut ob = OverrideBuilder::new(root);
        for g in &opts.globs {
            if let Err(e) = ob.add(g) {
                errors.push(WalkError {
                    path: g.clone(),
                    message: format!("patrón glob no válido: {e}"),
                });
            }
        }
        match ob.build() {
            Ok(o) => {
                builder.overrides(o);
            }
            Err(e) => errors.push(WalkError {
                path: root.display().to_string(),
                message: format!("patrones glob no válidos: {e}"),
            }),
        }
    }
    for entry in builder.build() {
        match entry {
            // Without `--follow`, a symlink is not an input (it could point anywhere, out of
            // the tree included); with it, the walker reports the target's type.
            Ok(entry) => match entry.file_type() {
                Some(t) if t.is_file() && wanted(entry.path(), opts) => {
                    found.push(entry.into_path());
                }
                Some(t)
                    if !t.is_file()
                        && !t.is_dir()
                        && !t.is_symlink()
                        && wanted(entry.path(), opts) =>
                {
                    errors.push(special(entry.path(), &t));
                }
                _ => {}
            },
            Err(e) => errors.push(WalkError {
                path: error_path(&e).unwrap_or_else(|| root.display().to_string()),
                message: walk_message(&e),
            }),
        }
    }
}

/// The error for a path that is neither a file nor a directory: vigia reads only regular
/// files (a device or a FIFO may never end; `-` reads standard input).
fn special(path: &Path, t: &std::fs::FileType) -> WalkError {
    let what = special_kind(t);
    WalkError {
        path: path.display().to_string(),
        message: format!(
            "es {what}, no un archivo regular; se omite (use «-» para leer la entrada estándar)"
        ),
    }
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "una tubería (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "un dispositivo"
    } else if t.is_socket() {
        "un socket"
    } else {
        "un archivo especial"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "un archivo especial"
}

fn wanted(path: &Path, opts: &WalkOptions) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let types: &[FileType] = if opts.types.is_empty() {
        &[FileType::Drafts]
    } else {
        &opts.types
    };
    types.iter().any(|t| t.matches(&name, &ext)) || opts.extensions.contains(&ext)
}

fn error_path(e: &ignore::Error) -> Option<String> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.display().to_string()),
        _ => None,
    }
}

fn walk_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_message(err),
        ignore::Error::Loop { ancestor, .. } => format!(
            "bucle de enlaces simbólicos (apunta a {}); se omite",
            ancestor.display()
        ),
        ignore::Error::Io(io) => crate::error::io_message(io),
        other => other.to_string(),
    }
}
