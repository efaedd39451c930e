/*!
Errors of the library: what stops a run (bad rule packs, bad usage) and what stops one input
(unreadable or undecodable files). Findings are not errors.

Every error names the file and, where there is one, the line and column.
*/

use std::fmt;
use std::sync::Arc;

/// An error of vigia.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{}: {message}", crate::text::printable(.path))]
    Io { path: String, message: String },
    /// A problem at a place in an input: bytes that are not text in the expected encoding,
    /// malformed front matter.
    #[error("{}:{line}:{column}: {message}", crate::text::printable(.path))]
    Input {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// One or more rule-pack problems (all of them, not the first).
    #[error("{}", PackErrors(.0))]
    Pack(Vec<PackError>),
    /// Problems in a configuration file (`.vigia.yaml`), each at its place.
    #[error("{}", PackErrors(.0))]
    Config(Vec<PackError>),
    /// Bad arguments or configuration.
    #[error("{0}")]
    Usage(String),
}

struct PackErrors<'a>(&'a [PackError]);

impl fmt::Display for PackErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// A problem in a rule pack, at a place in its YAML.
#[derive(Debug, Clone)]
pub struct PackError {
    /// Path of the pack (`rules/confidential.yaml`, or `<bundled>/confidential.yaml`).
    pub path: String,
    /// The pack's text, for showing the offending line.
    pub source: Option<Arc<str>>,
    /// 1-based line and column (0 when unknown).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path, self.line, self.column, self.message
            )
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A short Spanish description of an I/O error.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no existe el archivo o directorio".into(),
        PermissionDenied => "permiso denegado".into(),
        IsADirectory => "es un directorio".into(),
        InvalidData => format!("datos no válidos ({e})"),
        _ => e.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
