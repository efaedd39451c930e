/*!
Streaming a JSON list one element at a time.

serde_json reads whole values; an export of a year of posts is one value (a list) of tens of
megabytes. [`ArraySplitter`] finds where each element of the list starts and ends (tracking
strings, escapes and nesting, nothing more) and hands over its bytes, so only one element is
in memory at a time and the elements can be parsed in parallel. It finds the list in the three
shapes exports use: a bare list (`[{…}, …]`), an object holding one (`{"status_updates_v2":
[…]}`, the first member whose value is a list) and the JavaScript of the X/Twitter archive
(`window.YTD.tweets.part0 = […]`).
*/

use std::io::{self, Read};

/// Where something is in the file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A structural problem: the file is not a list of JSON values.
#[derive(Debug)]
pub enum SplitError {
    Syntax { pos: Pos, message: String },
    Io(io::Error),
}

impl From<io::Error> for SplitError {
    fn from(e: io::Error) -> Self {
        SplitError::Io(e)
    }
}

/// Yields the bytes of each element of the first JSON list of a stream.
pub struct ArraySplitter<R> {
    inner: R,
    buf: Box<[u8]>,
    at: usize,
    len: usize,
    pos: Pos,
    started: bool,
    first: bool,
    done: bool,
    /// Just moved past a broken element to the start of the next one (no `,` expected).
    resynced: bool,
}

/// One element of the list: its bytes, or why it is malformed (it was skipped).
pub type Element = (Pos, Result<Vec<u8>, String>);

impl<R: Read> ArraySplitter<R> {
    pub fn new(inner: R) -> Self {
        ArraySplitter {
            inner,
            buf: vec![0; 64 << 10].into_boxed_slice(),
            at: 0,
            len: 0,
            pos: Pos { line: 1, column: 1 },
            started: false,
            first: true,
            done: false,
            resynced: false,
        }
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        if self.at == self.len {
            self.len = loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.at = 0;
            if self.len == 0 {
                return Ok(None);
            }
        }
        Ok(Some(self.buf[self.at]))
    }

    fn bump(&mut self) -> io::Result<Option<u8>> {
        let b = self.peek()?;
        if let Some(b) = b {
            self.at += 1;
            if b == b'\n' {
                self.pos.line += 1;
                self.pos.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.pos.column += 1;
            }
        }
        Ok(b)
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, SplitError> {
        Err(SplitError::Syntax {
            pos: self.pos,
            message: message.into(),
        })
    }

    fn skip_ws(&mut self) -> io::Result<Option<u8>> {
        while let Some(b) = self.peek()? {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Ok(Some(b));
            }
            self.bump()?;
        }
        Ok(None)
    }

    fn expect(&mut self, want: u8, what: &str) -> Result<(), SplitError> {
        match self.skip_ws()? {
            Some(b) if b == want => {
                self.bump()?;
                Ok(())
            }
            Some(_) => self.error(format!("se esperaba {what}")),
            None => self.error(format!("el archivo termina donde se esperaba {what}")),
        }
    }

    /// Moves to just inside the list.
    fn start(&mut self) -> Result<(), SplitError> {
        // A UTF-8 byte-order mark.
        if self.peek()? == Some(0xEF) {
            for _ in 0..3 {
                self.bump()?;
            }
            self.pos.column = 1;
        }
        match self.skip_ws()? {
            Some(b'[') => {
                self.bump()?;
                Ok(())
            }
            Some(b'{') => {
                self.bump()?;
                loop {
                    if self.skip_ws()? == Some(b'}') {
                        return self
                            .error("el objeto JSON no contiene ninguna lista de publicaciones");
                    }
                    if self.skip_ws()? != Some(b'"') {
                        return self.error("se esperaba el nombre de un campo entre comillas");
                    }
                    self.value(&mut Vec::new())?;
                    self.expect(b':', "«:»")?;
                    if self.skip_ws()? == Some(b'[') {
                        self.bump()?;
                        return Ok(());
                    }
                    self.value(&mut Vec::new())?;
                    match self.skip_ws()? {
                        Some(b',') => {
                            self.bump()?;
                        }
                        Some(b'}') => continue,
                        _ => return self.error("se esperaba «,» o «}»"),
                    }
                }
            }
            // JavaScript: `window.YTD.tweets.part0 = [`.
            Some(b) if b.is_ascii_alphabetic() => {
                while let Some(b) = self.bump()? {
                    if b == b'=' || b == b'\n' {
                        break;
                    }
                }
                self.expect(b'[', "«[» tras «=» (window.YTD… = [ … ])")
            }
            Some(_) => self.error("se esperaba una lista JSON («[»)"),
            None => self.error("el archivo está vacío"),
        }
    }

    /// The next element: its position and bytes; `None` after the list ends. A malformed
    /// element (a string left open by an unescaped quote…) comes with its error when the
    /// next element can be found (pretty-printed exports start each element on its own line
    /// at the same column); otherwise the error ends the list, at the element's start.
    pub fn next_element(&mut self) -> Result<Option<Element>, SplitError> {
        if self.done {
            return Ok(None);
        }
        if !self.started {
            self.started = true;
            self.start()?;
        }
        let mut b = self.skip_ws()?;
        if !self.first && !std::mem::take(&mut self.resynced) {
            match b {
                Some(b',') => {
                    self.bump()?;
                    b = self.skip_ws()?;
                }
                Some(b']') => b = Some(b']'),
                None => return self.error("la lista JSON no se cierra («]»)"),
                Some(_) => return self.error("se esperaba «,» o «]» entre elementos"),
            }
        }
        match b {
            Some(b']') => {
                self.bump()?;
                self.done = true;
                return Ok(None);
            }
            None => return self.error("la lista JSON no se cierra («]»)"),
            _ => {}
        }
        self.first = false;
        let at = self.pos;
        let opener = b;
        let mut out = Vec::new();
        match self.value(&mut out) {
            Ok(()) => Ok(Some((at, Ok(out)))),
            Err(SplitError::Syntax { message, .. }) => {
                if opener.is_some_and(|o| matches!(o, b'{' | b'[')) && self.resync(at.column)? {
                    Ok(Some((at, Err(message))))
                } else {
                    self.done = true;
                    Err(SplitError::Syntax { pos: at, message })
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Moves past a broken element to the next line that starts an element at `column`
    /// (`{`, or `}, {`), or to the `]` that ends the list; `false` at the end of the file.
    fn resync(&mut self, column: usize) -> Result<bool, SplitError> {
        loop {
            // To the start of the next line.
            loop {
                match self.bump()? {
                    None => return Ok(false),
                    Some(b'\n') => break,
                    Some(_) => {}
                }
            }
            while matches!(self.peek()?, Some(b' ' | b'\t')) {
                self.bump()?;
            }
            match self.peek()? {
                Some(b'{' | b'[') if self.pos.column == column => {
                    self.resynced = true;
                    return Ok(true);
                }
                Some(b']') if self.pos.column < column => {
                    self.resynced = true;
                    return Ok(true);
                }
                Some(b'}') if self.pos.column == column => {
                    // `}, {` on one line.
                    self.bump()?;
                    while matches!(self.peek()?, Some(b' ' | b'\t' | b',')) {
                        self.bump()?;
                    }
                    if self.peek()? == Some(b'{') {
                        self.resynced = true;
                        return Ok(true);
                    }
                }
                _ => {}
            }
        }
    }

    /// Copies one JSON value (object, list, string or scalar) into `out`.
    fn value(&mut self, out: &mut Vec<u8>) -> Result<(), SplitError> {
        let mut depth = 0usize;
        loop {
            let Some(b) = self.peek()? else {
                if depth == 0 && !out.is_empty() {
                    return Ok(());
                }
                return self.error("el archivo termina dentro de un valor JSON");
            };
            match b {
                b'"' => self.string(out)?,
                b'{' | b'[' => {
                    depth += 1;
                    out.push(b);
                    self.bump()?;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    out.push(b);
                    self.bump()?;
                }
                b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => {
                    if out.is_empty() {
                        return self.error("se esperaba un valor JSON");
                    }
                    return Ok(());
                }
                _ => {
                    out.push(b);
                    self.bump()?;
                }
            }
            if depth == 0 && matches!(out.last(), Some(b'}' | b']' | b'"')) {
                return Ok(());
            }
        }
    }

    /// Copies a string literal with its quotes, whatever it escapes.
    fn string(&mut self, out: &mut Vec<u8>) -> Result<(), SplitError> {
        out.push(b'"');
        self.bump()?;
        loop {
            // Fast path: copy up to the next quote or backslash of the buffer.
            self.peek()?;
            let chunk = &self.buf[self.at..self.len];
            let n = memchr::memchr3(b'"', b'\\', b'\n', chunk).unwrap_or(chunk.len());
            if n > 0 {
                out.extend_from_slice(&chunk[..n]);
                self.pos.column += chunk[..n].iter().filter(|&&b| b & 0xC0 != 0x80).count();
                self.at += n;
                continue;
            }
            match self.bump()? {
                None => return self.error("el archivo termina dentro de una cadena JSON"),
                Some(b'"') => {
                    out.push(b'"');
                    return Ok(());
                }
                // JSON strings never hold a raw line break: a quote was left unescaped.
                Some(b'\n') => {
                    return self
                        .error("una cadena no se cierra en su línea (¿una comilla sin escapar?)");
                }
                Some(b'\\') => {
                    out.push(b'\\');
                    match self.bump()? {
                        Some(e) => out.push(e),
                        None => return self.error("el archivo termina dentro de una cadena JSON"),
                    }
                }
                Some(other) => out.push(other),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(src: &str) -> Result<Vec<(usize, usize, String)>, String> {
        let mut s = ArraySplitter::new(src.as_bytes());
        let mut out = Vec::new();
        loop {
            match s.next_element() {
                Ok(Some((p, Ok(b)))) => out.push((p.line, p.column, String::from_utf8(b).unwrap())),
                Ok(Some((p, Err(m)))) => out.push((p.line, p.column, format!("ERROR {m}"))),
                Ok(None) => return Ok(out),
                Err(SplitError::Syntax { pos, message }) => {
                    return Err(format!("{}:{}: {message}", pos.line, pos.column));
                }
                Err(SplitError::Io(e)) => return Err(e.to_string()),
            }
        }
    }

    #[test]
    fn bare_list() {
        let got = split("[{\"a\": \"x,]}\\\"\"},\n  {\"b\": [1, 2]}, 3, \"s\"]").unwrap();
        let items: Vec<_> = got.iter().map(|(_, _, s)| s.as_str()).collect();
        assert_eq!(
            items,
            ["{\"a\": \"x,]}\\\"\"}", "{\"b\": [1, 2]}", "3", "\"s\""]
        );
        assert_eq!((got[1].0, got[1].1), (2, 3));
        assert_eq!(split("[]").unwrap(), vec![]);
        assert_eq!(split(" [ ] ").unwrap(), vec![]);
    }

    #[test]
    fn a_broken_element_is_skipped_and_the_next_ones_read() {
        let src = "window.YTD.tweets.part0 = [\n  {\n    \"t\": \"uno\"\n  },\n  {\n    \"t\": \"dijo \"hola a todos\",\n    \"id\": \"2\"\n  },\n  {\n    \"t\": \"tres\"\n  }, {\n    \"t\": \"cuatro\"\n  }\n]";
        let got = split(src).unwrap();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (2, 3));
        assert_eq!((got[1].0, got[1].1), (5, 3));
        assert!(
            got[1].2.starts_with("ERROR una cadena no se cierra"),
            "{}",
            got[1].2
        );
        assert_eq!(got[2].2, "{\n    \"t\": \"tres\"\n  }");
        assert_eq!(got[3].2, "{\n    \"t\": \"cuatro\"\n  }");
        // The broken last element: the list still ends.
        let src = "[\n  {\"t\": \"a\"},\n  {\"t\": \"b\n  }\n]";
        let got = split(src).unwrap();
        assert_eq!(got.len(), 2);
        assert!(got[1].2.starts_with("ERROR"));
    }

    #[test]
    fn wrapped_and_javascript() {
        let got =
            split("{\"v\": 2, \"meta\": {\"x\": [0]}, \"status_updates\": [{\"p\": 1}]}").unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2, "{\"p\": 1}");
        let got = split("window.YTD.tweets.part0 = [ {\"tweet\": {}} ]").unwrap();
        assert_eq!(got[0].2, "{\"tweet\": {}}");
        let got = split("\u{FEFF}[1]").unwrap();
        assert_eq!(got[0].2, "1");
    }

    #[test]
    fn broken_lists_are_errors_with_positions() {
        assert_eq!(
            split("[{\"a\": 1}\n {\"b\": 2}]").unwrap_err(),
            "2:2: se esperaba «,» o «]» entre elementos"
        );
        assert!(
            split("[{\"a\": \"sin cierre")
                .unwrap_err()
                .contains("cadena")
        );
        assert!(split("[1, 2").unwrap_err().contains("no se cierra"));
        // One line: the open string runs to the end; reported at the element's start.
        assert_eq!(
            split("[{\"a\": 1}, {\"a\": \"x\"y\"}, {\"a\": \"z\"}").unwrap_err(),
            "1:12: el archivo termina dentro de una cadena JSON"
        );
        assert!(split("\"hola\"").unwrap_err().contains("lista JSON"));
        assert!(split("").unwrap_err().contains("vacío"));
    }
}
