//! RSS and Atom feeds (feed-rs): each item with content becomes an article (`#N`: N-th item).

use parallax_model::Article;

use super::{err, read_all, Opened, Sink, MAX_FEED_BYTES};
use crate::metadata::{build_article, Hints};
use crate::InputError;

pub(crate) fn read(o: &mut Opened, label: &str, sink: &mut Sink<'_>) {
    let bytes = match read_all(o, label, MAX_FEED_BYTES) {
        Ok(b) => b,
        Err(e) => return sink(Err(e)),
    };
    let feed = match feed_rs::parser::parse(bytes.as_slice()) {
        Ok(f) => f,
        Err(e) => {
            return sink(Err(err(
                label,
                format!("not a readable RSS/Atom feed: {e}"),
            )))
        }
    };
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
        let rec = format!("{label}#{}", i + 1);
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .filter(|b| !b.trim().is_empty());
        let Some(body) = body else { continue };
        produced += 1;
        sink(item(
            entry,
            body,
            &rec,
            feed_link.as_deref(),
            feed_title.as_deref(),
            feed.language.as_deref(),
        ));
    }
    if produced == 0 {
        sink(Err(err(label, "feed has no items with content")));
    }
}

fn item(
    entry: &feed_rs::model::Entry,
    body: String,
    rec: &str,
    feed_link: Option<&str>,
    feed_title: Option<&str>,
    feed_lang: Option<&str>,
) -> Result<Article, InputError> {
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
    let a = build_article(rec.to_string(), text, hints);
    if a.text.trim().is_empty() {
        return Err(err(rec, "no article text left after removing boilerplate"));
    }
    Ok(a)
}
