//! JSON Lines: one article per line with `url`, `title`, `text` or `html`, `published`,
//! `source` (and optionally `authors`/`author`, `language`). `#N` is the line number.
//! Each line is decoded on its own (UTF-8, repaired locally, or a legacy encoding), so a
//! file that mixes encodings line by line is read right and said to be mixed.

use std::io::{BufRead, Read};

use parallax_model::{Deadline, OverBudget};
use serde_json::Value;

use super::{emit, err, io_reason, warn, Opened, Sink};
use crate::metadata::{build_article_within, Hints};
use crate::{InputError, ReadOptions};

fn field<'a>(o: &'a serde_json::Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .find_map(|n| o.get(*n).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// What decoding the lines of one file had to do, told once at its end.
struct Decoding {
    /// Fed with every line that is not UTF-8: its legacy encoding is guessed from all of them.
    detector: chardetng::EncodingDetector,
    utf8_lines: usize,
    /// Lines read in a legacy encoding: (line number, encoding).
    legacy: Vec<(usize, &'static str)>,
    /// Lines with bytes replaced: (line number, bytes).
    repaired: Vec<(usize, usize)>,
}

impl Default for Decoding {
    fn default() -> Self {
        Decoding {
            detector: chardetng::EncodingDetector::new(),
            utf8_lines: 0,
            legacy: Vec::new(),
            repaired: Vec::new(),
        }
    }
}

impl Decoding {
    fn line(&mut self, line_no: usize, bytes: &[u8]) -> String {
        let detector = &mut self.detector;
        let d = crate::decode::decode_text_with(bytes, None, &mut |b| {
            detector.feed(b, false);
            detector.guess(None, false)
        });
        match d.encoding {
            Some(enc) => self.legacy.push((line_no, enc)),
            None if d.replaced > 0 => {
                self.utf8_lines += 1;
                self.repaired.push((line_no, d.replaced));
            }
            None => self.utf8_lines += usize::from(!bytes.is_ascii()),
        }
        d.text
    }

    fn report(&self, label: &str, sink: &mut Sink<'_>) {
        if !self.repaired.is_empty() {
            let bytes: usize = self.repaired.iter().map(|r| r.1).sum();
            warn(
                sink,
                label,
                format!(
                    "{bytes} {} not valid UTF-8, replaced by \\u{{FFFD}} ({} {})",
                    if bytes == 1 { "byte" } else { "bytes" },
                    plural_lines(self.repaired.len()),
                    line_list(self.repaired.iter().map(|r| r.0))
                ),
            );
        }
        if !self.legacy.is_empty() && self.utf8_lines > 0 {
            let mut encodings: Vec<&str> = self.legacy.iter().map(|l| l.1).collect();
            encodings.sort_unstable();
            encodings.dedup();
            warn(
                sink,
                label,
                format!(
                    "the file mixes encodings: {} read as {} ({}), the others as UTF-8",
                    plural_lines(self.legacy.len()),
                    encodings.join(" or "),
                    line_list(self.legacy.iter().map(|l| l.0))
                ),
            );
        }
    }
}

fn plural_lines(n: usize) -> String {
    if n == 1 {
        "1 line".into()
    } else {
        format!("{n} lines")
    }
}

/// `#3, #7, #9` (at most the first ten).
fn line_list(lines: impl Iterator<Item = usize>) -> String {
    let all: Vec<usize> = lines.collect();
    let mut s: Vec<String> = all.iter().take(10).map(|n| format!("#{n}")).collect();
    if all.len() > 10 {
        s.push("…".into());
    }
    s.join(", ")
}

pub(crate) fn read(o: &mut Opened, label: &str, options: &ReadOptions, sink: &mut Sink<'_>) {
    let limit = options.max_article_bytes;
    let mut line_no = 0usize;
    let mut offset = 0u64; // uncompressed bytes read so far
    let mut buf = Vec::new();
    let mut any = false;
    let mut decoding = Decoding::default();
    loop {
        buf.clear();
        line_no += 1;
        let deadline = options.deadline();
        let n = match (&mut o.reader).take(limit + 1).read_until(b'\n', &mut buf) {
            Ok(n) => n,
            Err(e) => {
                let reason = format!(
                    "{} at line {line_no} (byte {offset}{}); the lines before it were read",
                    io_reason(&e, o.gz),
                    if o.gz {
                        " of the decompressed data"
                    } else {
                        ""
                    }
                );
                decoding.report(label, sink);
                return emit(
                    sink,
                    Err(err(format!("{label}#{line_no}"), reason)),
                    deadline,
                );
            }
        };
        if n == 0 {
            break;
        }
        offset += n as u64;
        let rec = format!("{label}#{line_no}");
        if buf.len() as u64 > limit {
            emit(
                sink,
                Err(super::too_large(&rec, limit, "one line", o.gz)),
                deadline,
            );
            // Skip the rest of this line.
            let mut rest = Vec::new();
            match o.reader.read_until(b'\n', &mut rest) {
                Ok(n) => offset += n as u64,
                Err(_) => return,
            }
            continue;
        }
        let line = decoding.line(line_no, &buf);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        any = true;
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                emit(sink, Err(err(&rec, format!("invalid JSON: {e}"))), deadline);
                continue;
            }
        };
        let Some(obj) = v.as_object() else {
            emit(sink, Err(err(&rec, "not a JSON object")), deadline);
            continue;
        };
        let result = record(obj, &rec, "jsonl", &deadline, sink);
        emit(sink, result, deadline);
    }
    decoding.report(label, sink);
    if !any {
        emit(
            sink,
            Err(err(label, "no JSON Lines records")),
            Deadline::none(),
        );
    }
}

/// The outlet a record names: `source`/`outlet`/`site`/`publisher` as a string, or an outlet
/// object (`{"name": …, "domain": …}`, as Parallax writes it).
fn outlet_field(obj: &serde_json::Map<String, Value>) -> Option<String> {
    if let Some(s) = field(obj, &["source", "outlet", "site", "publisher"]) {
        return Some(s.to_string());
    }
    ["outlet", "source", "publisher"].iter().find_map(|k| {
        let o = obj.get(*k)?.as_object()?;
        field(o, &["domain", "name", "url"]).map(str::to_string)
    })
}

/// Is this one of Parallax's own article objects (`--json`, `--jsonl`, `annotate` output)?
/// Those carry their clean text, an id and where each field came from.
fn is_parallax_article(obj: &serde_json::Map<String, Value>) -> bool {
    obj.get("id").is_some_and(Value::is_string)
        && obj.get("text").is_some_and(Value::is_string)
        && obj.get("field_origins").is_some_and(Value::is_object)
}

/// One of Parallax's own article objects, taken as it is: its text is already clean (so its
/// id stays the same), its metadata and their origins are kept; what cleaning removed is
/// not (the raw text it points into is not in the document).
fn parallax_article(
    obj: &serde_json::Map<String, Value>,
    rec: &str,
) -> Result<parallax_model::Article, InputError> {
    let mut a: parallax_model::Article = serde_json::from_value(Value::Object(obj.clone()))
        .map_err(|e| err(rec, format!("not a readable Parallax article object: {e}")))?;
    if a.text.trim().is_empty() {
        return Err(err(rec, "article object with an empty text"));
    }
    a.id = crate::id::article_id(&a.text);
    a.path = rec.to_string();
    a.raw = a.text.clone();
    a.removed.clear();
    Ok(a)
}

/// One article object (a JSONL line, an element of a JSON document) to an article; field
/// origins are named after `origin` (`jsonl`, `json`).
pub(crate) fn record(
    obj: &serde_json::Map<String, Value>,
    rec: &str,
    origin: &str,
    deadline: &Deadline,
    sink: &mut Sink<'_>,
) -> Result<parallax_model::Article, InputError> {
    if is_parallax_article(obj) {
        return parallax_article(obj, rec);
    }
    let over = |e: OverBudget| err(rec, e.to_string());
    let o = || origin.to_string();
    let url = field(obj, &["url", "link", "canonical_url"]).map(str::to_string);
    let mut hints = Hints {
        url: url.clone().map(|u| (u, o())),
        title: field(obj, &["title", "headline"]).map(|t| (t.to_string(), o())),
        published: field(
            obj,
            &[
                "published",
                "date",
                "published_at",
                "datePublished",
                "pubdate",
            ],
        )
        .map(|d| (d.to_string(), o())),
        outlet: outlet_field(obj).map(|s| (s, format!("{origin}-source"))),
        language: field(obj, &["language", "lang"]).map(|l| (l.to_string(), o())),
        ..Hints::default()
    };
    let authors: Vec<String> = match obj.get("authors").or(obj.get("author")) {
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(|s| s.trim().to_string()))
            .collect(),
        _ => Vec::new(),
    };
    if !authors.is_empty() {
        hints.authors = Some((authors, o()));
    }
    if let Some(text) = field(obj, &["text", "content", "body"]) {
        hints.no_title_line = hints.title.is_some();
        let a = build_article_within(rec.to_string(), text.to_string(), hints, deadline)
            .map_err(over)?;
        if a.text.trim().is_empty() {
            return Err(err(rec, "no article text left after removing boilerplate"));
        }
        return Ok(a);
    }
    if let Some(html) = field(obj, &["html", "raw_html"]) {
        let mut a = super::html::html_article(
            html.as_bytes(),
            rec,
            url.as_deref(),
            Some("utf-8"),
            deadline,
            sink,
        )?;
        // What the record says wins over what the page says.
        let h = hints;
        if let Some((t, o)) = h.title {
            a.title = Some(t);
            a.field_origins.insert("title".into(), o);
        }
        if let Some((p, o)) = h
            .published
            .and_then(|(p, o)| crate::metadata::dates::normalize_date(&p).map(|d| (d, o)))
        {
            a.published = Some(p);
            a.field_origins.insert("published".into(), o);
        }
        if let Some((u, o)) = h.url {
            a.url = Some(u);
            a.field_origins.insert("url".into(), o);
        }
        return Ok(a);
    }
    Err(err(rec, "record has neither `text` nor `html`"))
}
