//! JSON documents: Parallax's own `--json` output (`{"schema_version", "articles": […]}`),
//! an array of article objects, one article object spread over several lines, or several
//! such objects one after the other (`jq .` output). Each article object is read like a JSON
//! Lines record (`url`, `title`, `text` or `html`, `published`, `language`, `outlet` or
//! `source`, `authors`) and annotated again. `#N` is the N-th article of the document.
//!
//! The articles are handed on while the document is parsed, so a truncated or broken
//! document keeps the articles before the break, and the error says where it is.

use std::fmt;
use std::io::Cursor;

use parallax_model::Deadline;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{emit, err, read_all, warn, Opened, Sink};
use crate::ReadOptions;

/// What the parse hands articles to.
struct Ctx<'a, 'b> {
    label: &'a str,
    options: &'a ReadOptions,
    sink: &'a mut Sink<'b>,
    /// Articles (and bad elements) handed on so far.
    n: usize,
}

impl Ctx<'_, '_> {
    /// One element of the document: an article object, or an error for it.
    fn element(&mut self, v: Value) {
        self.n += 1;
        let rec = format!("{}#{}", self.label, self.n);
        let deadline = self.options.deadline();
        let result = match v.as_object() {
            Some(obj) => super::jsonl::record(obj, &rec, "json", &deadline, self.sink),
            None => Err(err(&rec, "not an article object")),
        };
        emit(self.sink, result, deadline);
    }
}

/// The shape of the document's first value.
enum Shape {
    /// Articles were handed on (an array, or a document with `articles`).
    Articles,
    /// One object without `articles`: a single article, handed on by the caller.
    Single(Map<String, Value>),
}

struct Document<'c, 'a, 'b>(&'c mut Ctx<'a, 'b>);
struct Articles<'c, 'a, 'b>(&'c mut Ctx<'a, 'b>);
struct Element<'c, 'a, 'b>(&'c mut Ctx<'a, 'b>);

impl<'de> DeserializeSeed<'de> for Document<'_, '_, '_> {
    type Value = Shape;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_, '_> {
    type Value = Shape;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an article object, an array of them, or a document with `articles`")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Shape, A::Error> {
        Articles(self.0).visit_seq(seq)?;
        Ok(Shape::Articles)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut fields = Map::new();
        let mut has_articles = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "articles" && !has_articles {
                map.next_value_seed(Articles(&mut *self.0))?;
                has_articles = true;
            } else if has_articles {
                // The rest of Parallax's document (stories, comparisons) is recomputed.
                map.next_value::<IgnoredAny>()?;
            } else {
                fields.insert(key, map.next_value::<Value>()?);
            }
        }
        Ok(if has_articles {
            Shape::Articles
        } else {
            Shape::Single(fields)
        })
    }
}

impl<'de> DeserializeSeed<'de> for Articles<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Articles<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of article objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Element(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Element<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let v = <Value as serde::Deserialize>::deserialize(d)?;
        self.0.element(v);
        Ok(())
    }
}

/// Does the text look like JSON Lines (several lines that each start an object)?
fn looks_like_lines(text: &str) -> bool {
    text.lines()
        .filter(|l| l.trim_start().starts_with('{'))
        .take(2)
        .count()
        == 2
}

pub(crate) fn read(
    o: &mut Opened,
    label: &str,
    options: &ReadOptions,
    deadline: Deadline,
    sink: &mut Sink<'_>,
) {
    let limit = options.max_document_bytes();
    let whole = match read_all(o, label, limit, "one JSON document", &deadline) {
        Ok(w) => w,
        Err(e) => return emit(sink, Err(e), deadline),
    };
    // JSON is UTF-8 (RFC 8259); a legacy file is read as what it is, and said to be odd.
    let decoded = crate::decode::decode_text(&whole.bytes, None);
    if let Some(w) = decoded.warning() {
        warn(sink, label, w);
    }
    let text = decoded.text;
    let mut ctx = Ctx {
        label,
        options,
        sink,
        n: 0,
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    let parsed = Document(&mut ctx).deserialize(&mut de);
    match parsed {
        Ok(Shape::Articles) if de.end().is_ok() => {
            if ctx.n == 0 {
                let e = err(label, "JSON document without articles");
                emit(ctx.sink, Err(e), deadline);
            }
        }
        Ok(Shape::Single(fields)) if de.end().is_ok() => {
            let result = super::jsonl::record(&fields, label, "json", &deadline, ctx.sink);
            emit(ctx.sink, result, deadline);
        }
        Ok(first) => {
            // More values follow the first: a stream of objects.
            if let Shape::Single(fields) = first {
                ctx.element(Value::Object(fields));
            }
            read_stream(&text, &mut ctx);
        }
        Err(_) if ctx.n == 0 && looks_like_lines(&text) => {
            // JSON Lines whose first line is broken: each line on its own.
            let mut lines = super::Opened {
                reader: Box::new(Cursor::new(text.as_bytes().to_vec())),
                head: Vec::new(),
                gz: false,
                name: label.to_string(),
            };
            super::jsonl::read(&mut lines, label, options, ctx.sink);
        }
        Err(e) if whole.stopped.is_none() => {
            emit(ctx.sink, Err(err(label, broken(&e, ctx.n))), deadline);
        }
        // A truncated gzip: the error below says where the data stopped.
        Err(_) => {}
    }
    if let Some(stopped) = whole.stopped {
        emit(ctx.sink, Err(stopped), deadline);
    }
}

/// The values after the first of a stream of JSON values (the first was handed on).
fn read_stream(text: &str, ctx: &mut Ctx<'_, '_>) {
    let stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    for value in stream.skip(1) {
        match value {
            Ok(v) => ctx.element(v),
            Err(e) => {
                let reason = broken(&e, ctx.n);
                return emit(ctx.sink, Err(err(ctx.label, reason)), Deadline::none());
            }
        }
    }
}

/// Where a document broke, and what was kept before.
fn broken(e: &serde_json::Error, kept: usize) -> String {
    let what = if e.is_eof() {
        "the JSON document ends early"
    } else {
        "invalid JSON"
    };
    let kept = match kept {
        0 => String::new(),
        1 => "; the article before it was read".into(),
        n => format!("; the {n} articles before it were read"),
    };
    format!("{what} ({e}){kept}")
}
