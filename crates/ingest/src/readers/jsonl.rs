//! JSON Lines: one article per line with `url`, `title`, `text` or `html`, `published`,
//! `source` (and optionally `authors`/`author`, `language`). `#N` is the line number.

use std::io::{BufRead, Read};

use serde_json::Value;

use super::{err, io_reason, Opened, Sink, MAX_ARTICLE_BYTES};
use crate::metadata::{build_article, Hints};

fn field<'a>(o: &'a serde_json::Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .find_map(|n| o.get(*n).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub(crate) fn read(o: &mut Opened, label: &str, sink: &mut Sink<'_>) {
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    let mut any = false;
    loop {
        buf.clear();
        line_no += 1;
        let n = match (&mut o.reader)
            .take(MAX_ARTICLE_BYTES + 1)
            .read_until(b'\n', &mut buf)
        {
            Ok(n) => n,
            Err(e) => return sink(Err(err(format!("{label}#{line_no}"), io_reason(&e, o.gz)))),
        };
        if n == 0 {
            break;
        }
        let rec = format!("{label}#{line_no}");
        if buf.len() as u64 > MAX_ARTICLE_BYTES {
            sink(Err(err(&rec, "line too long (more than 64 MB)")));
            // Skip the rest of this line.
            let mut rest = Vec::new();
            if o.reader.read_until(b'\n', &mut rest).is_err() {
                return;
            }
            continue;
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        any = true;
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                sink(Err(err(&rec, format!("invalid JSON: {e}"))));
                continue;
            }
        };
        let Some(obj) = v.as_object() else {
            sink(Err(err(&rec, "not a JSON object")));
            continue;
        };
        sink(record(obj, &rec));
    }
    if !any {
        sink(Err(err(label, "no JSON Lines records")));
    }
}

fn record(
    obj: &serde_json::Map<String, Value>,
    rec: &str,
) -> Result<parallax_model::Article, crate::InputError> {
    let url = field(obj, &["url", "link", "canonical_url"]).map(str::to_string);
    let mut hints = Hints {
        url: url.clone().map(|u| (u, "jsonl".into())),
        title: field(obj, &["title", "headline"]).map(|t| (t.to_string(), "jsonl".into())),
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
        .map(|d| (d.to_string(), "jsonl".into())),
        outlet: field(obj, &["source", "outlet", "site", "publisher"])
            .map(|s| (s.to_string(), "jsonl-source".into())),
        language: field(obj, &["language", "lang"]).map(|l| (l.to_string(), "jsonl".into())),
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
        hints.authors = Some((authors, "jsonl".into()));
    }
    if let Some(text) = field(obj, &["text", "content", "body"]) {
        hints.no_title_line = hints.title.is_some();
        let a = build_article(rec.to_string(), text.to_string(), hints);
        if a.text.trim().is_empty() {
            return Err(err(rec, "no article text left after removing boilerplate"));
        }
        return Ok(a);
    }
    if let Some(html) = field(obj, &["html", "raw_html"]) {
        let mut a =
            super::html::article_from_html(html.as_bytes(), rec, url.as_deref(), Some("utf-8"))?;
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
