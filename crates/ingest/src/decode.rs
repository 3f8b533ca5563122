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

/// Decode bytes to text. `declared` is a charset named by the container (HTTP header, HTML meta).
/// Returns the text and the encoding used when it was not UTF-8.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, Option<&'static str>) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = (enc != encoding_rs::UTF_8).then_some(enc.name());
        return (text.into_owned(), name);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), None);
    }
    let enc = declared
        .and_then(|d| Encoding::for_label(d.trim().as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8)
        .unwrap_or_else(|| {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            det.guess(None, true)
        });
    let (text, _, _) = enc.decode(bytes);
    (text.into_owned(), Some(enc.name()))
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
    fn finds_declared_charset() {
        assert_eq!(
            html_declared_charset(b"<html><head><meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
    }
}
