//! Readers per format. An input is opened (gzip detected by its magic bytes), its format
//! sniffed from its first bytes (and its extension as a tie-breaker), and its articles
//! streamed to a sink: feeds, JSONL and WARC record by record, never whole in memory for
//! WARC and JSONL.

pub mod feed;
pub mod html;
pub mod jsonl;
pub mod text;
pub mod warc;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use flate2::read::MultiGzDecoder;
use parallax_model::Article;

use crate::{Input, InputError};

/// Largest single article file (text or HTML) read into memory.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest feed read into memory.
pub const MAX_FEED_BYTES: u64 = 256 * 1024 * 1024;

/// The formats Parallax reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Jsonl,
    Feed,
    Warc,
}

/// Where articles and errors go.
pub type Sink<'a> = dyn FnMut(Result<Article, InputError>) + 'a;

pub(crate) fn err(input: impl Into<String>, reason: impl Into<String>) -> InputError {
    InputError {
        input: input.into(),
        reason: reason.into(),
    }
}

/// Describe an I/O error met while reading (gzip problems named as such).
pub(crate) fn io_reason(e: &io::Error, gz: bool) -> String {
    let what = if gz { "gzip data" } else { "file" };
    match e.kind() {
        io::ErrorKind::UnexpectedEof => format!("truncated {what}: unexpected end of input"),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData if gz => {
            format!("corrupt or truncated gzip data: {e}")
        }
        _ => format!("read error: {e}"),
    }
}

/// Read up to `n` bytes (fewer only at the end of the stream).
fn read_head(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    r.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// An opened input: a buffered reader over its (decompressed) bytes, their first bytes,
/// and whether it was gzip-compressed.
pub struct Opened {
    pub reader: Box<dyn BufRead>,
    pub head: Vec<u8>,
    pub gz: bool,
    /// The name used to guess the format from its extension (without `.gz`).
    pub name: String,
}

const HEAD: usize = 8192;

/// Open an input, undoing gzip (detected by magic bytes).
pub fn open(input: &Input) -> Result<Opened, InputError> {
    let label = input.to_string();
    let (raw, name): (Box<dyn Read>, String) = match input {
        Input::Stdin => (Box::new(io::stdin()), String::new()),
        Input::File(p) => {
            let meta =
                std::fs::metadata(p).map_err(|e| err(&label, format!("cannot open: {e}")))?;
            if meta.is_dir() {
                return Err(err(&label, "is a folder"));
            }
            if meta.len() == 0 {
                return Err(err(&label, "empty file"));
            }
            let f = File::open(p).map_err(|e| err(&label, format!("cannot open: {e}")))?;
            (
                Box::new(f),
                p.file_name()
                    .map(|n| n.to_string_lossy().to_lowercase())
                    .unwrap_or_default(),
            )
        }
    };
    open_reader(raw, name, &label)
}

/// Open any byte stream (gzip detected by magic bytes); `name` guides format sniffing.
pub fn open_reader(raw: Box<dyn Read>, name: String, label: &str) -> Result<Opened, InputError> {
    let label = label.to_string();
    let mut raw = raw;
    let head = read_head(&mut raw, HEAD).map_err(|e| err(&label, io_reason(&e, false)))?;
    if head.is_empty() {
        return Err(err(&label, "empty input"));
    }
    let rest: Box<dyn Read> = Box::new(Cursor::new(head.clone()).chain(raw));
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut gz: Box<dyn Read> = Box::new(MultiGzDecoder::new(rest));
        let head = read_head(&mut gz, HEAD).map_err(|e| err(&label, io_reason(&e, true)))?;
        if head.is_empty() {
            return Err(err(&label, "empty input (gzip of nothing)"));
        }
        let reader = Box::new(BufReader::with_capacity(
            64 * 1024,
            Cursor::new(head.clone()).chain(gz),
        ));
        let name = name
            .strip_suffix(".gz")
            .or(name.strip_suffix(".tgz"))
            .unwrap_or(&name)
            .to_string();
        return Ok(Opened {
            reader,
            head,
            gz: true,
            name,
        });
    }
    let reader = Box::new(BufReader::with_capacity(64 * 1024, rest));
    Ok(Opened {
        reader,
        head,
        gz: false,
        name,
    })
}

fn skip_ws_bom(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let i = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[i..]
}

fn lower(b: &[u8]) -> Vec<u8> {
    b.iter().map(|c| c.to_ascii_lowercase()).collect()
}

/// Guess the format from the first bytes and the file name.
pub fn sniff(head: &[u8], name: &str) -> Format {
    let b = skip_ws_bom(head);
    if b.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let ext = name.rsplit('.').next().unwrap_or("");
    let l = lower(&b[..b.len().min(4096)]);
    if b.starts_with(b"<") {
        let has = |n: &[u8]| crate::decode::find(&l, n).is_some();
        if (has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf")) && !has(b"<html") {
            return Format::Feed;
        }
        if has(b"<html")
            || has(b"<!doctype html")
            || has(b"<head")
            || has(b"<body")
            || has(b"<p")
            || has(b"<div")
        {
            return Format::Html;
        }
        if matches!(ext, "xml" | "rss" | "atom" | "rdf") {
            return Format::Feed;
        }
        if matches!(ext, "html" | "htm" | "xhtml") {
            return Format::Html;
        }
    }
    if b.starts_with(b"{")
        && (matches!(ext, "jsonl" | "ndjson" | "json" | "jl") || first_line_is_json(b))
    {
        return Format::Jsonl;
    }
    if matches!(ext, "html" | "htm" | "xhtml") {
        return Format::Html;
    }
    if matches!(ext, "warc") {
        return Format::Warc;
    }
    Format::Text
}

fn first_line_is_json(b: &[u8]) -> bool {
    let line = b.split(|&c| c == b'\n').next().unwrap_or(b);
    line.len() < b.len()
        && serde_json::from_slice::<serde_json::Value>(line).is_ok_and(|v| v.is_object())
}

/// Read a whole single-article input with a size limit.
pub(crate) fn read_all(o: &mut Opened, label: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    let mut buf = Vec::new();
    (&mut o.reader)
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| err(label, io_reason(&e, o.gz)))?;
    if buf.len() as u64 > limit {
        return Err(err(
            label,
            format!(
                "too large for one article (more than {} MB{}); split it, or give it as JSON Lines, a feed or a WARC",
                limit / (1024 * 1024),
                if o.gz { " uncompressed" } else { "" }
            ),
        ));
    }
    Ok(buf)
}

/// Read one input, streaming its articles and errors to `sink`.
pub fn read(input: &Input, sink: &mut Sink<'_>) {
    let label = input.to_string();
    match open(input) {
        Ok(o) => read_opened(o, &label, sink),
        Err(e) => sink(Err(e)),
    }
}

/// Read articles from bytes in memory (`name` is the label and guides format sniffing).
pub fn read_bytes(name: &str, bytes: &[u8], sink: &mut Sink<'_>) {
    let owned: Box<dyn Read> = Box::new(Cursor::new(bytes.to_vec()));
    match open_reader(owned, name.to_lowercase(), name) {
        Ok(o) => read_opened(o, name, sink),
        Err(e) => sink(Err(e)),
    }
}

fn read_opened(mut opened: Opened, label: &str, sink: &mut Sink<'_>) {
    let label = label.to_string();
    match sniff(&opened.head, &opened.name) {
        Format::Warc => warc::read(&mut opened, &label, sink),
        Format::Jsonl => jsonl::read(&mut opened, &label, sink),
        Format::Feed => feed::read(&mut opened, &label, sink),
        Format::Html => sink(html::read(&mut opened, &label)),
        Format::Text => sink(text::read(&mut opened, &label)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(sniff(b"WARC/1.0\r\n", "x"), Format::Warc);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><rss>", "x"), Format::Feed);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<feed xmlns=", "x.xml"),
            Format::Feed
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html>", "x"), Format::Html);
        assert_eq!(
            sniff(b"{\"title\": \"a\"}\n{\"title\": \"b\"}", "x"),
            Format::Jsonl
        );
        assert_eq!(sniff(b"{\"a\":1}", "x.jsonl"), Format::Jsonl);
        assert_eq!(sniff("Ein Titel\n\nText".as_bytes(), "a.txt"), Format::Text);
        assert_eq!(sniff(b"Nur Text", "a.html"), Format::Html);
    }
}
