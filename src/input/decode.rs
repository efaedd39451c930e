/*!
Bytes to text.

UTF-8 (with or without BOM) is taken as is, so offsets are the file's own. UTF-16 with a BOM
and legacy single-byte encodings (Windows-1252, Latin-1: what office tools still produce) are
decoded with encoding_rs; when the bytes are not UTF-8 and no encoding is forced, chardetng
guesses. Transcoded text carries an [`OffsetMap`] so findings still point at the right bytes
of the original file. [`encode`] goes back, for writing fixed files in their own encoding.
*/

use std::io::{self, Read};

use encoding_rs::{Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// Whether a byte-order mark preceded transcoded text (a UTF-8 BOM stays in `text`).
    pub bom: bool,
    /// `None` when `text` is byte-for-byte the input.
    pub offsets: Option<OffsetMap>,
}

/// Why bytes could not become text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The input claims or is forced to be UTF-8 but is not; offset of the first bad byte.
    InvalidUtf8 {
        offset: usize,
    },
    /// The input holds NUL bytes: it is binary.
    Binary,
    UnknownEncoding(String),
}

/// Looks an encoding up by its WHATWG label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`…).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, DecodeError> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))
}

/// Decodes `bytes`, honouring a forced encoding.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let (bom_enc, bom_len) = match Encoding::for_bom(bytes) {
        Some((e, n)) => (Some(e), n),
        None => (None, 0),
    };
    let encoding = forced.or(bom_enc);
    if encoding.is_none() || encoding == Some(UTF_8) {
        if encoding.is_none() && looks_binary(bytes) {
            return Err(DecodeError::Binary);
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                return Ok(Decoded {
                    text: s.to_string(),
                    encoding: UTF_8,
                    bom: false,
                    offsets: None,
                });
            }
            Err(e) if encoding == Some(UTF_8) => {
                return Err(DecodeError::InvalidUtf8 {
                    offset: e.valid_up_to(),
                });
            }
            Err(_) => {}
        }
    }
    let encoding = encoding.unwrap_or_else(|| guess(bytes));
    let skip = if Some(encoding) == bom_enc {
        bom_len
    } else {
        0
    };
    let mut decoded = transcode(&bytes[skip..], skip, encoding);
    decoded.bom = skip > 0;
    Ok(decoded)
}

/// Encodes `text` back into `encoding` (with a byte-order mark first when `bom`; a UTF-8 BOM
/// is part of the text). UTF-16 is written here: encoding_rs only decodes it. A character
/// the encoding cannot represent is an error naming it.
pub fn encode(text: &str, encoding: &'static Encoding, bom: bool) -> Result<Vec<u8>, char> {
    if encoding == UTF_8 {
        return Ok(text.as_bytes().to_vec());
    }
    if encoding == UTF_16LE || encoding == UTF_16BE {
        let le = encoding == UTF_16LE;
        let mut out = Vec::with_capacity(2 * text.len() + 2);
        let units = bom
            .then_some(0xFEFF_u16)
            .into_iter()
            .chain(text.encode_utf16());
        for u in units {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        return Ok(out);
    }
    let (bytes, _, unmappable) = encoding.encode(text);
    if unmappable {
        let mut buf = [0u8; 4];
        let bad = text
            .chars()
            .find(|c| encoding.encode(c.encode_utf8(&mut buf)).2)
            .unwrap_or('\u{FFFD}');
        return Err(bad);
    }
    // Only UTF-8 and UTF-16 have a byte-order mark, and decoding keeps none for others.
    Ok(bytes.into_owned())
}

/// Like [`decode`], taking the bytes: UTF-8 input becomes the text without a copy (what
/// matters for a file of a hundred megabytes). On error the bytes are handed back.
pub fn decode_owned(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, (DecodeError, Vec<u8>)> {
    let encoding = forced.or(Encoding::for_bom(&bytes).map(|(e, _)| e));
    let mut bytes = bytes;
    if encoding.is_none() || encoding == Some(UTF_8) {
        if encoding.is_none() && looks_binary(&bytes) {
            return Err((DecodeError::Binary, bytes));
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                return Ok(Decoded {
                    text,
                    encoding: UTF_8,
                    bom: false,
                    offsets: None,
                });
            }
            Err(e) if encoding == Some(UTF_8) => {
                let offset = e.utf8_error().valid_up_to();
                return Err((DecodeError::InvalidUtf8 { offset }, e.into_bytes()));
            }
            Err(e) => bytes = e.into_bytes(),
        }
    }
    decode(&bytes, forced).map_err(|e| (e, bytes))
}

fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    // UTF-16 without BOM is rare in drafts; NUL bytes mean binary.
    memchr::memchr(0, head).is_some()
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let e = det.guess(Some(b"pe"), chardetng::Utf8Detection::Deny);
    // Spanish drafts that are not UTF-8 are Windows-1252 in practice; chardetng may say
    // something exotic (a CJK encoding) for short or binary-looking inputs.
    if e.is_single_byte() {
        e
    } else {
        encoding_rs::WINDOWS_1252
    }
}

fn transcode(bytes: &[u8], base: usize, encoding: &'static Encoding) -> Decoded {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    let mut map = OffsetMap::default();
    let utf16 = encoding == UTF_16LE || encoding == UTF_16BE;
    if encoding.is_single_byte() || utf16 {
        // A trailing odd byte of UTF-16 decodes to U+FFFD: offsets never pass the end.
        let end = base + bytes.len();
        let mut source = base;
        for (t, c) in text.char_indices() {
            map.point(t, source.min(end));
            source += if utf16 { 2 * c.len_utf16() } else { 1 };
        }
        map.point(text.len(), source.min(end));
    } else {
        // Multi-byte legacy encodings (only when forced): feed the decoder byte by byte to
        // learn where each character starts.
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let (mut out, mut start) = (String::new(), 0);
        for i in 0..bytes.len() {
            let before = out.len();
            out.reserve(16);
            let _ = decoder.decode_to_string(&bytes[i..=i], &mut out, i + 1 == bytes.len());
            for (t, _) in out[before..].char_indices() {
                map.point(before + t, base + start);
            }
            if out.len() > before {
                start = i + 1;
            }
        }
        map.point(out.len(), base + bytes.len());
        return Decoded {
            text: out,
            encoding,
            bom: false,
            offsets: Some(map),
        };
    }
    Decoded {
        text,
        encoding,
        bom: false,
        offsets: Some(map),
    }
}

/// How many bytes of a stream decide its encoding.
const SNIFF: usize = 64 << 10;

/// Text read as a stream, for archives too large to hold: UTF-8 bytes of any input in the
/// encodings [`decode`] knows. The encoding is `forced`, or told by a byte-order mark, or
/// UTF-8 when the first 64 KiB are, or else chardetng's guess on them; a BOM is dropped.
/// Records of an archive are located by their own positions, so no offset map is kept.
pub fn utf8_reader(
    mut inner: Box<dyn Read + Send>,
    forced: Option<&'static Encoding>,
) -> io::Result<Box<dyn Read + Send>> {
    let mut head = Vec::with_capacity(SNIFF);
    (&mut inner).take(SNIFF as u64).read_to_end(&mut head)?;
    let bom = Encoding::for_bom(&head);
    let encoding = forced.or(bom.map(|(e, _)| e)).unwrap_or_else(|| {
        match std::str::from_utf8(&head) {
            Ok(_) => UTF_8,
            // Cut in the middle of a character at the end of the sniffed bytes.
            Err(e) if e.error_len().is_none() => UTF_8,
            Err(_) => guess(&head),
        }
    });
    let skip = match bom {
        Some((e, n)) if e == encoding => n,
        _ => 0,
    };
    head.drain(..skip);
    let source = io::Cursor::new(head).chain(inner);
    if encoding == UTF_8 {
        return Ok(Box::new(source));
    }
    Ok(Box::new(Transcoder {
        inner: source,
        decoder: encoding.new_decoder_without_bom_handling(),
        input: vec![0; 32 << 10],
        output: Vec::new(),
        at: 0,
        eof: false,
    }))
}

/// Decodes a byte stream to UTF-8 chunk by chunk.
struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    at: usize,
    eof: bool,
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.output.len() {
            if self.eof {
                return Ok(0);
            }
            let n = loop {
                match self.inner.read(&mut self.input) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.eof = n == 0;
            let max = self.decoder.max_utf8_buffer_length(n).unwrap_or(4 * n + 16);
            self.output.clear();
            self.output.resize(max, 0);
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.input[..n], &mut self.output, self.eof);
            self.output.truncate(written);
            self.at = 0;
        }
        let n = buf.len().min(self.output.len() - self.at);
        buf[..n].copy_from_slice(&self.output[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Sparse map from offsets of decoded text to offsets of the source bytes: checkpoints
/// where the distance between the two changes, one to one in between.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    points: Vec<(u32, u32)>,
}

impl OffsetMap {
    fn point(&mut self, text: usize, source: usize) {
        let delta = source as i64 - text as i64;
        if let Some(&(t, s)) = self.points.last()
            && s as i64 - t as i64 == delta
        {
            return;
        }
        self.points.push((text as u32, source as u32));
    }

    /// Source offset of a text offset (a char boundary).
    pub fn to_source(&self, offset: usize) -> usize {
        let i = self.points.partition_point(|&(t, _)| t as usize <= offset);
        if i == 0 {
            return offset;
        }
        let (t, s) = self.points[i - 1];
        s as usize + (offset - t as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_as_is() {
        let d = decode("Información".as_bytes(), None).unwrap();
        assert_eq!(d.text, "Información");
        assert!(d.offsets.is_none());
        let bom = decode(b"\xEF\xBB\xBFHola", None).unwrap();
        assert_eq!(bom.text, "\u{FEFF}Hola");
    }

    #[test]
    fn windows_1252_is_detected_and_mapped() {
        let bytes = b"Informaci\xf3n p\xfablica: DNI 45678912";
        let d = decode(bytes, None).unwrap();
        assert_eq!(d.text, "Información pública: DNI 45678912");
        let map = d.offsets.unwrap();
        let at = d.text.find("DNI").unwrap();
        assert_eq!(map.to_source(at), 21);
        assert_eq!(&bytes[21..24], b"DNI");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Año DNI".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "Año DNI");
        let at = d.text.find("DNI").unwrap();
        assert_eq!(d.offsets.unwrap().to_source(at), 2 + 4 * 2);
    }

    #[test]
    fn owned_decoding_agrees() {
        let inputs: &[&[u8]] = &[
            "Año".as_bytes(),
            b"\xEF\xBB\xBFHola",
            b"Informaci\xf3n",
            b"\xFF\xFEA\x00",
            b"\x00\x01",
        ];
        for forced in [None, Some(UTF_8), Some(encoding_rs::WINDOWS_1252)] {
            for bytes in inputs {
                let a = decode(bytes, forced).map(|d| d.text);
                let b = decode_owned(bytes.to_vec(), forced)
                    .map(|d| d.text)
                    .map_err(|(e, back)| {
                        assert_eq!(back, *bytes);
                        e
                    });
                assert_eq!(a, b, "{bytes:?} {forced:?}");
            }
        }
    }

    #[test]
    fn forced_utf8_reports_first_bad_byte() {
        assert_eq!(
            decode(b"ab\xffc", Some(UTF_8)).unwrap_err(),
            DecodeError::InvalidUtf8 { offset: 2 }
        );
    }

    fn read_all(bytes: &[u8], forced: Option<&'static Encoding>) -> String {
        let mut r = utf8_reader(Box::new(io::Cursor::new(bytes.to_vec())), forced).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn streams_decode_every_encoding() {
        assert_eq!(read_all("\u{FEFF}año".as_bytes(), None), "año");
        assert_eq!(read_all("año".as_bytes(), None), "año");
        assert_eq!(read_all(b"a\xf1o", None), "año");
        assert_eq!(read_all(b"a\xf1o", Some(encoding_rs::WINDOWS_1252)), "año");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Año, DNI".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(read_all(&utf16, None), "Año, DNI");
        // Larger than the sniffed head and the transcoder's chunks.
        let long: Vec<u8> = b"informaci\xf3n ".repeat(20_000);
        assert_eq!(read_all(&long, None), "información ".repeat(20_000));
    }

    #[test]
    fn encode_round_trips_every_supported_encoding() {
        let text = "Año de la «información» pública\r\nfin";
        for (label, bom) in [
            ("utf-8", false),
            ("windows-1252", false),
            ("utf-16le", true),
            ("utf-16be", true),
        ] {
            let enc = encoding_for_label(label).unwrap();
            let bytes = encode(text, enc, bom).unwrap();
            let back = decode(&bytes, if bom { None } else { Some(enc) }).unwrap();
            assert_eq!(back.text, text, "{label}");
            assert_eq!(back.encoding, enc, "{label}");
            assert_eq!(back.bom, bom, "{label}");
        }
        let le = encode("A", UTF_16LE, true).unwrap();
        assert_eq!(le, [0xFF, 0xFE, 0x41, 0x00]);
        let be = encode("A", UTF_16BE, true).unwrap();
        assert_eq!(be, [0xFE, 0xFF, 0x00, 0x41]);
    }

    #[test]
    fn encode_names_an_unrepresentable_character() {
        let enc = encoding_for_label("windows-1252").unwrap();
        assert_eq!(encode("Perú 🇵🇪", enc, false), Err('🇵'));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"\x00\x01\x02", None).unwrap_err(),
            DecodeError::Binary
        );
    }
}
