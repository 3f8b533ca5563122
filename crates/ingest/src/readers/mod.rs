//! Readers per format. An input is opened (gzip detected by its magic bytes), its format
//! sniffed from its first bytes (and its extension as a tie-breaker), and its articles
//! streamed to a sink: feeds, JSONL and WARC record by record, never whole in memory for
//! WARC and JSONL. Every reader keeps what it could read before a problem (the complete
//! items of a broken feed, the decoded part of a truncated gzip) and says where it stopped.

pub mod feed;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod text;
pub mod warc;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use flate2::read::MultiGzDecoder;
use parallax_model::{Article, Deadline};

use crate::{Input, InputError, InputItem, InputWarning, ReadOptions};

/// The default size limit of one article (see [`ReadOptions`]).
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// The formats Parallax reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Jsonl,
    /// One JSON document: Parallax's own `--json` output, an array of article objects, or
    /// one article object over several lines.
    Json,
    Feed,
    Warc,
}

/// Where articles, errors and warnings go.
pub type Sink<'a> = dyn FnMut(InputItem) + 'a;

pub(crate) fn err(input: impl Into<String>, reason: impl Into<String>) -> InputError {
    InputError {
        input: input.into(),
        reason: reason.into(),
    }
}

/// Hand an article (or the error that replaced it) to the sink.
pub(crate) fn emit(sink: &mut Sink<'_>, result: Result<Article, InputError>, deadline: Deadline) {
    sink(match result {
        Ok(article) => InputItem::Article {
            article: Box::new(article),
            deadline,
        },
        Err(e) => InputItem::Error(e),
    });
}

pub(crate) fn warn(sink: &mut Sink<'_>, input: impl Into<String>, message: impl Into<String>) {
    sink(InputItem::Warning(InputWarning {
        input: input.into(),
        message: message.into(),
    }));
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

/// Read up to `n` bytes, keeping those before a read error (a gzip stream cut short).
fn read_head_partial(r: &mut dyn Read, n: usize) -> (Vec<u8>, Option<io::Error>) {
    let mut head = Vec::with_capacity(n);
    let failure = r.take(n as u64).read_to_end(&mut head).err();
    (head, failure)
}

/// A reader that fails with the error its stream met, after the bytes read before it.
struct Failed {
    kind: io::ErrorKind,
    message: String,
}

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(self.kind, self.message.clone()))
    }
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
        let (head, failure) = read_head_partial(&mut gz, HEAD);
        if head.is_empty() {
            return Err(match failure {
                Some(e) => err(&label, io_reason(&e, true)),
                None => err(&label, "empty input (gzip of nothing)"),
            });
        }
        // Cut short within its first bytes: the readers get those bytes, then the error.
        let tail: Box<dyn Read> = match failure {
            Some(e) => Box::new(Failed {
                kind: e.kind(),
                message: e.to_string(),
            }),
            None => gz,
        };
        let reader = Box::new(BufReader::with_capacity(
            64 * 1024,
            Cursor::new(head.clone()).chain(tail),
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
    // `[` then (after whitespace) an object or the end: a JSON array of articles.
    if b.starts_with(b"[") && matches!(skip_ws_bom(&b[1..]).first(), Some(b'{' | b']')) {
        return Format::Json;
    }
    if b.starts_with(b"{") {
        if matches!(ext, "jsonl" | "ndjson" | "jl") {
            return Format::Jsonl;
        }
        // JSON Lines put a whole object on the first line; a document spread over lines
        // (pretty-printed) does not. A first line longer than the head is a JSONL record.
        return match first_line(b) {
            Some(line) if !is_json_object(line) => Format::Json,
            _ => Format::Jsonl,
        };
    }
    if matches!(ext, "html" | "htm" | "xhtml") {
        return Format::Html;
    }
    if matches!(ext, "warc") {
        return Format::Warc;
    }
    Format::Text
}

/// The first line of `b` when it ends within `b`.
fn first_line(b: &[u8]) -> Option<&[u8]> {
    let nl = b.iter().position(|&c| c == b'\n')?;
    Some(&b[..nl])
}

fn is_json_object(line: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
        && line.trim_ascii_start().starts_with(b"{")
}

/// What reading a whole input gave: its bytes (all of them, or those before a read error)
/// and the error that stopped it early.
pub(crate) struct Whole {
    pub bytes: Vec<u8>,
    pub stopped: Option<InputError>,
}

/// Read a whole input of at most `limit` bytes, checking `deadline` between chunks. Over the
/// limit, or over time, is an error; a read error (a truncated gzip) keeps the bytes before it.
pub(crate) fn read_all(
    o: &mut Opened,
    label: &str,
    limit: u64,
    what: &str,
    deadline: &Deadline,
) -> Result<Whole, InputError> {
    const CHUNK: usize = 1 << 20;
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; CHUNK];
    loop {
        deadline
            .check("reading the file")
            .map_err(|e| err(label, e.to_string()))?;
        match o.reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let reason = format!(
                    "{}; kept the {} bytes{} before it",
                    io_reason(&e, o.gz),
                    bytes.len(),
                    if o.gz { " decompressed" } else { "" }
                );
                return Ok(Whole {
                    bytes,
                    stopped: Some(err(label, reason)),
                });
            }
        }
        if bytes.len() as u64 > limit {
            return Err(too_large(label, limit, what, o.gz));
        }
    }
    Ok(Whole {
        bytes,
        stopped: None,
    })
}

pub(crate) fn too_large(label: &str, limit: u64, what: &str, gz: bool) -> InputError {
    err(
        label,
        format!(
            "too large for {what} (more than {}{}); raise the limit with --max-input-mb, split it, \
             or give it as JSON Lines, a feed or a WARC",
            mb(limit),
            if gz { " uncompressed" } else { "" }
        ),
    )
}

/// `n` bytes in MB, as a user reads it.
pub(crate) fn mb(n: u64) -> String {
    let m = n as f64 / (1024.0 * 1024.0);
    if m >= 10.0 || m.fract() == 0.0 {
        format!("{m:.0} MB")
    } else {
        format!("{m:.1} MB")
    }
}

/// Read one input, streaming its articles, errors and warnings to `sink`.
pub fn read(input: &Input, options: &ReadOptions, sink: &mut Sink<'_>) {
    let label = input.to_string();
    let deadline = options.deadline();
    match open(input) {
        Ok(o) => read_opened(o, &label, options, deadline, sink),
        Err(e) => sink(InputItem::Error(e)),
    }
}

/// Read articles from bytes in memory (`name` is the label and guides format sniffing), with
/// the default options; warnings are dropped (see [`read_bytes_with`]).
pub fn read_bytes(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Result<Article, InputError>)) {
    read_bytes_with(
        name,
        bytes,
        &ReadOptions::default(),
        &mut |item| match item {
            InputItem::Article { article, .. } => sink(Ok(*article)),
            InputItem::Error(e) => sink(Err(e)),
            InputItem::Warning(_) => {}
        },
    );
}

/// Read articles from bytes in memory within `options`.
pub fn read_bytes_with(name: &str, bytes: &[u8], options: &ReadOptions, sink: &mut Sink<'_>) {
    let deadline = options.deadline();
    let owned: Box<dyn Read> = Box::new(Cursor::new(bytes.to_vec()));
    match open_reader(owned, name.to_lowercase(), name) {
        Ok(o) => read_opened(o, name, options, deadline, sink),
        Err(e) => sink(InputItem::Error(e)),
    }
}

fn read_opened(
    mut opened: Opened,
    label: &str,
    options: &ReadOptions,
    deadline: Deadline,
    sink: &mut Sink<'_>,
) {
    let label = label.to_string();
    match sniff(&opened.head, &opened.name) {
        Format::Warc => warc::read(&mut opened, &label, options, sink),
        Format::Jsonl => jsonl::read(&mut opened, &label, options, sink),
        Format::Json => json::read(&mut opened, &label, options, deadline, sink),
        Format::Feed => feed::read(&mut opened, &label, options, deadline, sink),
        Format::Html => html::read(&mut opened, &label, options, deadline, sink),
        Format::Text => text::read(&mut opened, &label, options, deadline, sink),
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
        assert_eq!(sniff(b"{\"a\":1}", "x"), Format::Jsonl);
        assert_eq!(sniff(b"{\n  \"articles\": [", "out.json"), Format::Json);
        assert_eq!(sniff(b"{\n  \"articles\": [", "out"), Format::Json);
        assert_eq!(sniff(b"[\n  {\"title\": \"a\"}", "a.json"), Format::Json);
        assert_eq!(sniff(b"[]", "a.json"), Format::Json);
        assert_eq!(sniff(b"[Anzeige] Text", "a.txt"), Format::Text);
        assert_eq!(sniff("Ein Titel\n\nText".as_bytes(), "a.txt"), Format::Text);
        assert_eq!(sniff(b"Nur Text", "a.html"), Format::Html);
    }
}
