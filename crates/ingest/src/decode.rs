//! Bytes to text: binary detection, BOMs, UTF-8, legacy encodings (encoding_rs + chardetng).

use encoding_rs::Encoding;

/// Why some bytes are not text.
pub fn binary_reason(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(8192)];
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive (or office document)"),
        (b"\x7FELF", "an executable (ELF)"),
        (b"MZ", "an executable (Windows)"),
        (b"RIFF", "a RIFF media file"),
        (b"\x28\xB5\x2F\xFD", "a zstd-compressed file"),
        (b"BZh", "a bzip2-compressed file"),
        (b"\xFD7zXZ", "an xz-compressed file"),
        (b"7z\xBC\xAF", "a 7z archive"),
        (b"SQLite format 3", "an SQLite database"),
        (b"ID3", "an MP3 audio file"),
    ];
    for (m, what) in MAGIC {
        if head.starts_with(m) && (m.len() > 2 || head.contains(&0)) {
            return Some(format!("binary file ({what}), not text"));
        }
    }
    // UTF-16 text has NULs but a BOM.
    if Encoding::for_bom(head).is_some() {
        return None;
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B))
        .count();
    if nul > 0 || (head.len() >= 32 && ctrl * 10 > head.len()) {
        return Some("binary file (control bytes), not text".into());
    }
    None
}

/// Text decoded from bytes, and what decoding had to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding used when it was not UTF-8 (`windows-1252`, `UTF-16LE`, …).
    pub encoding: Option<&'static str>,
    /// Bytes that were not valid UTF-8 and became U+FFFD (UTF-8 with local repair).
    pub replaced: usize,
    /// Byte offset (in the input) of the first replaced byte.
    pub first_replaced: Option<usize>,
    /// Read as a legacy encoding although this many passages were valid multi-byte UTF-8:
    /// the input probably mixes encodings.
    pub utf8_passages: usize,
}

impl Decoded {
    fn utf8(text: String) -> Self {
        Decoded {
            text,
            encoding: None,
            replaced: 0,
            first_replaced: None,
            utf8_passages: 0,
        }
    }

    /// What a user should be told about this decoding, if anything.
    pub fn warning(&self) -> Option<String> {
        if self.replaced > 0 {
            let at = self.first_replaced.unwrap_or(0);
            let bytes = if self.replaced == 1 { "byte" } else { "bytes" };
            return Some(format!(
                "{} {bytes} not valid UTF-8, replaced by \u{FFFD} (the first at byte {at})",
                self.replaced
            ));
        }
        if self.utf8_passages > 0 {
            let enc = self.encoding.unwrap_or("a legacy encoding");
            let passages = if self.utf8_passages == 1 {
                "passage looks"
            } else {
                "passages look"
            };
            return Some(format!(
                "read as {enc}, but {} {passages} like UTF-8: the input may mix encodings",
                self.utf8_passages
            ));
        }
        None
    }
}

/// How UTF-8-like some bytes are: valid multi-byte characters against invalid sequences.
struct Utf8Evidence {
    multibyte: usize,
    invalid_sequences: usize,
}

fn utf8_evidence(bytes: &[u8]) -> Utf8Evidence {
    let mut ev = Utf8Evidence {
        multibyte: 0,
        invalid_sequences: 0,
    };
    for chunk in bytes.utf8_chunks() {
        ev.multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        ev.invalid_sequences += usize::from(!chunk.invalid().is_empty());
    }
    ev
}

/// UTF-8 with local repair: each invalid sequence becomes one U+FFFD, the rest is kept.
fn utf8_repaired(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut replaced = 0;
    let mut first_replaced = None;
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        offset += chunk.valid().len();
        let bad = chunk.invalid();
        if !bad.is_empty() {
            first_replaced.get_or_insert(offset);
            replaced += bad.len();
            offset += bad.len();
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    Decoded {
        text,
        encoding: None,
        replaced,
        first_replaced,
        utf8_passages: 0,
    }
}

/// Decode bytes to text. `declared` is a charset named by the container (HTTP header, HTML
/// meta). A BOM wins; valid UTF-8 is UTF-8; a declared legacy charset is used as declared.
/// Otherwise the bytes are UTF-8 with a few bad bytes (repaired locally: only those become
/// U+FFFD) when valid multi-byte UTF-8 characters are at least as frequent as invalid
/// sequences, else a legacy encoding guessed by `chardetng` (Latin-1/windows-1252, …).
pub fn decode_text(bytes: &[u8], declared: Option<&str>) -> Decoded {
    decode_text_with(bytes, declared, &mut |b| {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(b, true);
        det.guess(None, false)
    })
}

/// [`decode_text`] with the legacy encoding chosen by `guess` (given the bytes), e.g. from a
/// detector fed with every non-UTF-8 line of a file so far.
pub fn decode_text_with(
    bytes: &[u8],
    declared: Option<&str>,
    guess: &mut dyn FnMut(&[u8]) -> &'static Encoding,
) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let mut d = Decoded::utf8(text.into_owned());
        d.encoding = (enc != encoding_rs::UTF_8).then_some(enc.name());
        return d;
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded::utf8(s.to_string());
    }
    let declared = declared
        .and_then(|d| Encoding::for_label(d.trim().as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8);
    let evidence = utf8_evidence(bytes);
    if declared.is_none()
        && evidence.multibyte > 0
        && evidence.multibyte >= evidence.invalid_sequences
    {
        return utf8_repaired(bytes);
    }
    let enc = declared.unwrap_or_else(|| guess(bytes));
    let (text, _, _) = enc.decode(bytes);
    let mut d = Decoded::utf8(text.into_owned());
    d.encoding = Some(enc.name());
    // A declared charset is the container's word; a guess over bytes that hold UTF-8 too is not.
    if declared.is_none() {
        d.utf8_passages = evidence.multibyte;
    }
    d
}

/// Decode bytes to text (see [`decode_text`]); returns the text and the encoding used when
/// it was not UTF-8.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, Option<&'static str>) {
    let d = decode_text(bytes, declared);
    (d.text, d.encoding)
}

/// The charset an HTML page declares in its first bytes (`<meta charset=…>`).
pub fn html_declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let pos = find(&lower, b"charset=")?;
    let rest = &head[pos + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .unwrap_or(rest.len());
    let cs = std::str::from_utf8(&rest[..end]).ok()?;
    (!cs.is_empty()).then(|| cs.to_string())
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_latin1_and_utf16() {
        let (t, enc) = decode(b"Gr\xfc\xdfe aus M\xfcnchen, sch\xf6ne Gr\xfc\xdfe", None);
        assert_eq!(t, "Grüße aus München, schöne Grüße");
        assert!(enc.is_some());
        let (t, _) = decode(b"\xFF\xFEh\0i\0", None);
        assert_eq!(t, "hi");
        assert!(binary_reason(b"\xFF\xFEh\0i\0").is_none());
        assert!(binary_reason(b"%PDF-1.4 blah").is_some());
        assert!(binary_reason(b"abc\0def").is_some());
        assert!(binary_reason("Grüße".as_bytes()).is_none());
    }

    #[test]
    fn utf8_with_stray_bytes_is_repaired_locally() {
        let mut bytes = "Der Präsident sprach über Größe und Maß."
            .as_bytes()
            .to_vec();
        bytes.insert(4, 0xFF);
        bytes.push(0xE4);
        let d = decode_text(&bytes, None);
        assert_eq!(
            d.text,
            "Der \u{FFFD}Präsident sprach über Größe und Maß.\u{FFFD}"
        );
        assert_eq!(
            (d.encoding, d.replaced, d.first_replaced),
            (None, 2, Some(4))
        );
        assert!(d.warning().unwrap().contains("2 bytes not valid UTF-8"));
    }

    #[test]
    fn latin1_is_detected_and_mixing_is_reported() {
        let latin1 = b"Gr\xfc\xdfe aus M\xfcnchen und sch\xf6ne Gr\xfc\xdfe an alle";
        let d = decode_text(latin1, None);
        assert_eq!(d.text, "Grüße aus München und schöne Grüße an alle");
        assert_eq!(d.warning(), None);
        let mut mixed = latin1.to_vec();
        mixed.extend_from_slice(" – Ärger".as_bytes());
        let d = decode_text(&mixed, None);
        assert!(d.encoding.is_some());
        assert!(
            d.warning().unwrap().contains("mix encodings"),
            "{:?}",
            d.warning()
        );
        // A declared charset is taken at its word.
        let d = decode_text(b"Gr\xfc\xdfe", Some("iso-8859-1"));
        assert_eq!((d.text.as_str(), d.warning()), ("Grüße", None));
    }

    #[test]
    fn finds_declared_charset() {
        assert_eq!(
            html_declared_charset(b"<html><head><meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
    }
}
