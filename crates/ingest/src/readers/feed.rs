//! RSS and Atom feeds (feed-rs): each item with content becomes an article (`#N`: N-th item).
//!
//! A broken feed (truncated, or bad XML in one item) keeps its complete items: when the
//! whole feed does not parse, each complete `<item>`/`<entry>` element is parsed on its own
//! inside the feed's opening (channel, namespaces), and the error names what was lost.

use parallax_model::{Article, Deadline, OverBudget};

use super::{emit, err, read_all, Opened, Sink};
use crate::metadata::{build_article_within, Hints};
use crate::{InputError, ReadOptions};

pub(crate) fn read(
    o: &mut Opened,
    label: &str,
    options: &ReadOptions,
    deadline: Deadline,
    sink: &mut Sink<'_>,
) {
    let whole = match read_all(
        o,
        label,
        options.max_document_bytes(),
        "one feed",
        &deadline,
    ) {
        Ok(w) => w,
        Err(e) => return emit(sink, Err(e), deadline),
    };
    let bytes = whole.bytes;
    match feed_rs::parser::parse(bytes.as_slice()) {
        Ok(feed) => {
            if read_feed(&feed, label, options, 0, sink) == 0 {
                emit(
                    sink,
                    Err(err(label, "feed has no items with content")),
                    deadline,
                );
            }
        }
        Err(e) => salvage(&bytes, label, options, &e.to_string(), sink),
    }
    if let Some(stopped) = whole.stopped {
        emit(sink, Err(stopped), deadline);
    }
}

/// The items of a parsed feed as articles, numbered after `first`; returns how many had content.
fn read_feed(
    feed: &feed_rs::model::Feed,
    label: &str,
    options: &ReadOptions,
    first: usize,
    sink: &mut Sink<'_>,
) -> usize {
    let feed_link = feed
        .links
        .iter()
        .find(|l| l.href.starts_with("http"))
        .map(|l| l.href.clone());
    let feed_title = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let mut produced = 0;
    for (i, entry) in feed.entries.iter().enumerate() {
        let rec = format!("{label}#{}", first + i + 1);
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .filter(|b| !b.trim().is_empty());
        let Some(body) = body else { continue };
        produced += 1;
        let deadline = options.deadline();
        let context = FeedContext {
            link: feed_link.as_deref(),
            title: feed_title.as_deref(),
            language: feed.language.as_deref(),
        };
        let result = item(entry, body, &rec, &context, &deadline);
        emit(sink, result, deadline);
    }
    produced
}

/// A broken feed: parse each complete item on its own, inside the feed's opening.
fn salvage(bytes: &[u8], label: &str, options: &ReadOptions, why: &str, sink: &mut Sink<'_>) {
    let items = complete_items(bytes);
    let Some(first) = items.first() else {
        let e = err(label, format!("not a readable RSS/Atom feed: {why}"));
        return emit(sink, Err(e), Deadline::none());
    };
    let opening = &bytes[..first.0];
    let envelopes = [
        (opening.to_vec(), closing_tags(opening)),
        minimal_opening(opening),
    ];
    let mut kept = 0;
    for (n, &(start, end)) in items.iter().enumerate() {
        // The feed's own opening; when that is what is broken, just its root element.
        let mut parsed = None;
        let mut error = String::new();
        for (open, close) in &envelopes {
            let mut doc = Vec::with_capacity(open.len() + (end - start) + close.len());
            doc.extend_from_slice(open);
            doc.extend_from_slice(&bytes[start..end]);
            doc.extend_from_slice(close.as_bytes());
            match feed_rs::parser::parse(doc.as_slice()) {
                Ok(feed) => {
                    parsed = Some(feed);
                    break;
                }
                Err(e) => error = e.to_string(),
            }
        }
        match parsed {
            Some(feed) => kept += usize::from(read_feed(&feed, label, options, n, sink) > 0),
            None => {
                let rec = format!("{label}#{}", n + 1);
                let e = err(rec, format!("broken feed item: {error}"));
                emit(sink, Err(e), Deadline::none());
            }
        }
    }
    let last_end = items.last().map_or(0, |i| i.1);
    let tail = if bytes[last_end..].iter().any(|b| !b.is_ascii_whitespace())
        && !ends_feed(&bytes[last_end..])
    {
        format!("; the feed breaks off after byte {last_end}")
    } else {
        String::new()
    };
    let reason = format!(
        "broken RSS/Atom feed ({why}); kept its {kept} complete {}{tail}",
        if kept == 1 { "item" } else { "items" },
    );
    emit(sink, Err(err(label, reason)), Deadline::none());
}

/// Does what follows the last item close the feed (`</channel></rss>`, `</feed>`)?
fn ends_feed(tail: &[u8]) -> bool {
    let t = String::from_utf8_lossy(tail).to_ascii_lowercase();
    t.contains("</rss>") || t.contains("</feed>") || t.contains("</rdf:rdf>")
}

/// Byte ranges of the complete `<item>…</item>` and `<entry>…</entry>` elements, in order
/// (a `]]>`-terminated CDATA section inside is stepped over). Linear.
fn complete_items(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let mut i = 0;
    while let Some(lt) = find_from(bytes, i, b"<") {
        i = lt + 1;
        let Some(name) = [&b"item"[..], b"entry"]
            .into_iter()
            .find(|n| starts_tag(&bytes[lt + 1..], n))
        else {
            continue;
        };
        let mut close = Vec::with_capacity(name.len() + 3);
        close.extend_from_slice(b"</");
        close.extend_from_slice(name);
        let Some(end) = find_close(bytes, lt + 1, &close) else {
            break; // the last item is cut off
        };
        items.push((lt, end));
        i = end;
    }
    items
}

/// After `</name`, the end (after `>`) of the first closing tag at or after `from`,
/// stepping over CDATA sections.
fn find_close(bytes: &[u8], from: usize, close: &[u8]) -> Option<usize> {
    let mut p = from;
    loop {
        let c = find_from(bytes, p, close)?;
        let cdata = crate::decode::find(&bytes[p..c], b"<![CDATA[").map(|d| d + p);
        if let Some(d) = cdata {
            p = find_from(bytes, d, b"]]>")? + 3;
            continue;
        }
        let gt = find_from(bytes, c, b">")?;
        return Some(gt + 1);
    }
}

/// Does `rest` (after a `<`) start with the element name `name` (then `>`, `/` or space)?
fn starts_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
}

fn find_from(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    crate::decode::find(hay.get(from..)?, needle).map(|p| p + from)
}

/// The root element of `opening` alone (with `<channel>` for RSS), and its closing tags.
fn minimal_opening(opening: &[u8]) -> (Vec<u8>, String) {
    let text = String::from_utf8_lossy(opening);
    let root = text
        .match_indices('<')
        .map(|(i, _)| &text[i..])
        .find(|t| !t.starts_with("<?") && !t.starts_with("<!"))
        .and_then(|t| t.find('>').map(|gt| &t[..=gt]))
        .unwrap_or("<rss>");
    let name: String = root[1..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect();
    let mut open = root.to_string();
    let mut close = format!("</{name}>");
    if name.eq_ignore_ascii_case("rss") {
        open.push_str("<channel>");
        close.insert_str(0, "</channel>");
    }
    (open.into_bytes(), close)
}

/// The closing tags of the elements left open in `opening` (`</channel></rss>`).
fn closing_tags(opening: &[u8]) -> String {
    let text = String::from_utf8_lossy(opening);
    let mut open: Vec<String> = Vec::new();
    let mut rest = text.as_ref();
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        if tag.starts_with(['?', '!']) || tag.ends_with('/') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect();
        if let Some(closed) = tag.strip_prefix('/') {
            let closed = closed.trim();
            if let Some(k) = open.iter().rposition(|o| o == closed) {
                open.truncate(k);
            }
        } else if !name.is_empty() {
            open.push(name);
        }
    }
    open.iter().rev().map(|n| format!("</{n}>")).collect()
}

/// What a feed says about all its items.
struct FeedContext<'a> {
    link: Option<&'a str>,
    title: Option<&'a str>,
    language: Option<&'a str>,
}

fn item(
    entry: &feed_rs::model::Entry,
    body: String,
    rec: &str,
    feed: &FeedContext<'_>,
    deadline: &Deadline,
) -> Result<Article, InputError> {
    let (feed_link, feed_title, feed_lang) = (feed.link, feed.title, feed.language);
    let text = if body.contains('<') {
        super::html::fragment_to_text(&body)
    } else {
        body
    };
    let title = entry
        .title
        .as_ref()
        .map(|t| super::html::fragment_to_text(&t.content).trim().to_string())
        .filter(|t| !t.is_empty());
    let hints = Hints {
        url: entry
            .links
            .iter()
            .find(|l| l.href.starts_with("http"))
            .map(|l| (l.href.clone(), "feed".into())),
        no_title_line: title.is_some(),
        title: title.map(|t| (t, "feed".into())),
        published: entry
            .published
            .or(entry.updated)
            .map(|d| (d.to_rfc3339(), "feed".into())),
        authors: {
            let a: Vec<String> = entry
                .authors
                .iter()
                .map(|p| p.name.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect();
            (!a.is_empty()).then_some((a, "feed".into()))
        },
        outlet: feed_link
            .map(|l| (l.to_string(), "feed-link".to_string()))
            .or(feed_title.map(|t| (t.to_string(), "feed-title".to_string()))),
        language: entry
            .language
            .as_deref()
            .or(feed_lang)
            .map(|l| (l.to_string(), "feed".into())),
    };
    let a = build_article_within(rec.to_string(), text, hints, deadline)
        .map_err(|e: OverBudget| err(rec, e.to_string()))?;
    if a.text.trim().is_empty() {
        return Err(err(rec, "no article text left after removing boilerplate"));
    }
    Ok(a)
}
