/*!
The documents the client has open: their text as the editor holds it, their version, and
whether vigia checks them (Markdown and plain text: by language id, else by extension).
*/

use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::Uri;

use crate::input::{Document, Format, Origin};

/// One open document.
#[derive(Debug, Clone)]
pub struct OpenDoc {
    pub uri: Uri,
    pub version: i32,
    pub format: Format,
    pub text: Arc<String>,
}

/// The format vigia reads a document in, or `None` when it does not check that language.
pub fn format_of(language_id: &str, uri: &Uri) -> Option<Format> {
    match language_id {
        "markdown" | "mdx" => return Some(Format::Markdown),
        "plaintext" | "text" => return Some(Format::Plain),
        _ => {}
    }
    let path = uri
        .as_str()
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let ext = path.rsplit_once('.').map(|(_, e)| e);
    match ext {
        Some("md" | "markdown" | "mdx") => Some(Format::Markdown),
        Some("txt") => Some(Format::Plain),
        _ => None,
    }
}

/// The local path of a `file:` URI, percent-decoded.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///home/…` or `file://localhost/home/…`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = percent_decode(rest.split(['?', '#']).next().unwrap_or(rest))?;
    // `file:///C:/…` on Windows.
    #[cfg(windows)]
    let path = path.strip_prefix('/').map(str::to_string).unwrap_or(path);
    Some(PathBuf::from(path))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The name a document goes by in the engine: its path for a file, its URI otherwise
/// (an unsaved buffer).
pub fn display_path(uri: &Uri) -> String {
    uri_to_path(uri)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| uri.as_str().to_string())
}

/// The engine's document for the editor's text.
pub fn document(doc: &OpenDoc) -> Document {
    Document::new(
        Origin {
            path: display_path(&doc.uri),
            record: None,
        },
        doc.text.as_str().to_string(),
        doc.format,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        s.parse().expect("valid uri")
    }

    #[test]
    fn file_uris_become_paths() {
        let u = uri("file:///home/ana/borradores/comunicado%20d%C3%ADa.md");
        #[cfg(not(windows))]
        assert_eq!(
            uri_to_path(&u),
            Some(PathBuf::from("/home/ana/borradores/comunicado día.md"))
        );
        assert_eq!(uri_to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(
            display_path(&uri("untitled:Untitled-1")),
            "untitled:Untitled-1"
        );
    }

    #[test]
    fn formats_by_language_then_extension() {
        let md = uri("file:///a/b.md");
        let txt = uri("file:///a/B.TXT");
        let rs = uri("file:///a/b.rs");
        assert_eq!(format_of("markdown", &txt), Some(Format::Markdown));
        assert_eq!(format_of("plaintext", &md), Some(Format::Plain));
        assert_eq!(format_of("", &md), Some(Format::Markdown));
        assert_eq!(format_of("unknown", &txt), Some(Format::Plain));
        assert_eq!(format_of("rust", &rs), None);
    }
}
