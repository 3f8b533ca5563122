//! HTML pages: main text by the `trafilatura` crate, then our own cleaning of what it leaves
//! behind; metadata from meta tags, JSON-LD and `<time>`, each field with its origin.

use std::sync::OnceLock;

use parallax_model::Article;
use regex::Regex;

use super::{err, read_all, Opened, MAX_ARTICLE_BYTES};
use crate::metadata::{build_article, Hints};
use crate::InputError;

/// Metadata read from a page's markup.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub title: Option<(String, String)>,
    pub url: Option<(String, String)>,
    pub published: Option<(String, String)>,
    pub authors: Option<(Vec<String>, String)>,
    pub site_name: Option<(String, String)>,
    pub description: Option<String>,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("html metadata regex"))
}

fn meta_tag_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)<meta\s[^>]*>")
}
fn link_tag_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)<link\s[^>]*>")
}
fn attr_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r#"(?is)([a-z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#,
    )
}
fn time_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r#"(?i)<time\s[^>]*?datetime\s*=\s*["']([^"'>]{8,40})["']"#,
    )
}
fn title_tag_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?is)<title[^>]*>(.+?)</title>")
}

fn attrs(tag: &str) -> Vec<(String, String)> {
    attr_re()
        .captures_iter(tag)
        .filter_map(|c| {
            let k = c.get(1)?.as_str().to_ascii_lowercase();
            let v = c.get(2).or(c.get(3)).or(c.get(4))?.as_str();
            Some((k, unescape(v)))
        })
        .collect()
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.trim().to_string();
    }
    let mut rm = Vec::new();
    let out = crate::clean::repair::repair(s, 0, s.len(), &mut rm);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn set<T>(slot: &mut Option<(T, String)>, v: T, origin: &str) {
    if slot.is_none() {
        *slot = Some((v, origin.to_string()));
    }
}

fn jsonld_walk(v: &serde_json::Value, m: &mut PageMeta) {
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| jsonld_walk(x, m)),
        serde_json::Value::Object(o) => {
            let ty = o
                .get("@type")
                .map(|t| t.to_string().to_lowercase())
                .unwrap_or_default();
            if ty.contains("article") || ty.contains("posting") || ty.contains("report") {
                if let Some(h) = o.get("headline").and_then(|x| x.as_str()) {
                    set(&mut m.title, unescape(h), "json-ld");
                }
                if let Some(d) = o.get("datePublished").and_then(|x| x.as_str()) {
                    set(&mut m.published, d.to_string(), "json-ld");
                }
                let names: Vec<String> = match o.get("author") {
                    Some(serde_json::Value::Array(a)) => a.iter().filter_map(person_name).collect(),
                    Some(x) => person_name(x).into_iter().collect(),
                    None => Vec::new(),
                };
                if !names.is_empty() {
                    set(&mut m.authors, names, "json-ld");
                }
                if let Some(p) = o.get("publisher").and_then(person_name) {
                    set(&mut m.site_name, p, "json-ld publisher");
                }
            }
            if let Some(g) = o.get("@graph") {
                jsonld_walk(g, m);
            }
        }
        _ => {}
    }
}

fn person_name(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        serde_json::Value::Object(o) => o
            .get("name")
            .and_then(|n| n.as_str())
            .map(|s| s.trim().to_string()),
        _ => None,
    }
}

/// Read metadata from the page's markup (meta tags, canonical link, JSON-LD, `<time>`, `<title>`).
pub fn page_meta(html: &str) -> PageMeta {
    let mut m = PageMeta::default();
    // Metadata lives in the head; cap the scan so huge pages stay cheap.
    let mut cap = html.len().min(300_000);
    while !html.is_char_boundary(cap) {
        cap -= 1;
    }
    let head = &html[..cap];
    for t in meta_tag_re().find_iter(head) {
        let a = attrs(t.as_str());
        let get = |k: &str| a.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let key = get("property")
            .or(get("name"))
            .or(get("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = get("content").filter(|c| !c.is_empty()) else {
            continue;
        };
        let content = content.to_string();
        match key.as_str() {
            "og:title" => set(&mut m.title, content, "meta[og:title]"),
            "twitter:title" => set(&mut m.title, content, "meta[twitter:title]"),
            "og:url" => set(&mut m.url, content, "meta[og:url]"),
            "og:site_name" => set(&mut m.site_name, content, "meta[og:site_name]"),
            "article:published_time"
            | "og:published_time"
            | "datepublished"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "dc.date.issued"
            | "dc.date"
            | "date"
            | "sailthru.date"
            | "parsely-pub-date" => set(&mut m.published, content, &format!("meta[{key}]")),
            "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author"
                if !content.starts_with("http") =>
            {
                let names = content
                    .split([',', ';'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                set(&mut m.authors, names, &format!("meta[{key}]"));
            }
            "description" | "og:description" if m.description.is_none() => {
                m.description = Some(content)
            }
            _ => {}
        }
    }
    for t in link_tag_re().find_iter(head) {
        let a = attrs(t.as_str());
        let is_canon = a
            .iter()
            .any(|(k, v)| k == "rel" && v.eq_ignore_ascii_case("canonical"));
        if is_canon {
            if let Some((_, href)) = a.iter().find(|(k, _)| k == "href") {
                if href.starts_with("http") {
                    // The canonical link is the better URL: it wins over og:url.
                    m.url = Some((href.clone(), "link[rel=canonical]".into()));
                }
            }
        }
    }
    // JSON-LD blocks, found by plain search (cheaper than a capturing regex on big pages).
    let mut from = 0;
    while let Some(p) = head.get(from..).and_then(|h| h.find("application/ld+json")) {
        let start = from + p;
        let Some(gt) = head[start..].find('>') else {
            break;
        };
        let body_start = start + gt + 1;
        let Some(end) = head[body_start..].find("</script>") else {
            break;
        };
        if let Ok(v) =
            serde_json::from_str::<serde_json::Value>(head[body_start..body_start + end].trim())
        {
            jsonld_walk(&v, &mut m);
        }
        from = body_start + end;
    }
    if m.published.is_none() {
        // Locate with the fast search, then capture within the match only.
        if let Some(c) = time_re()
            .find(head)
            .and_then(|m| time_re().captures(m.as_str()))
        {
            if let Some(d) = c.get(1) {
                set(&mut m.published, d.as_str().to_string(), "time[datetime]");
            }
        }
    }
    if m.title.is_none() {
        if let Some(c) = title_tag_re()
            .find(head)
            .and_then(|m| title_tag_re().captures(m.as_str()))
        {
            if let Some(t) = c.get(1) {
                let t = unescape(t.as_str());
                if !t.is_empty() {
                    set(&mut m.title, t, "title");
                }
            }
        }
    }
    m
}

/// The main text of a page and what the page says about itself.
pub fn extract(html: &str, url: Option<&str>) -> Result<(String, Hints), String> {
    let meta = page_meta(html);
    let mut opts = trafilatura::Options::default();
    opts.exclude_comments = true;
    let res = trafilatura::extract(html, &opts).map_err(|e| format!("no main text found ({e})"))?;
    // The plain text of the crate joins paragraphs with spaces; its HTML keeps them apart,
    // which line-based cleaning needs.
    let text = if res.content_html.is_empty() {
        res.content_text
    } else {
        fragment_to_text(&res.content_html)
    };
    if text.trim().is_empty() {
        return Err("HTML page with no main text".into());
    }
    let md = res.metadata;
    let mut hints = Hints {
        no_title_line: true,
        ..Hints::default()
    };
    hints.title = meta
        .title
        .or_else(|| (!md.title.is_empty()).then(|| (md.title.clone(), "trafilatura".into())));
    hints.url = url
        .map(|u| (u.to_string(), "warc-target-uri".to_string()))
        .or(meta.url)
        .or_else(|| (!md.url.is_empty()).then(|| (md.url.clone(), "trafilatura".into())));
    hints.published = meta.published.or_else(|| {
        md.date
            .map(|d| (d.format("%Y-%m-%d").to_string(), "trafilatura".into()))
    });
    hints.authors = meta.authors.or_else(|| {
        (!md.author.is_empty()).then(|| {
            (
                md.author
                    .split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                "trafilatura".into(),
            )
        })
    });
    hints.outlet = meta
        .site_name
        .or_else(|| (!md.sitename.is_empty()).then(|| (md.sitename.clone(), "trafilatura".into())));
    Ok((text, hints))
}

/// Build an article from HTML bytes.
pub fn article_from_html(
    bytes: &[u8],
    label: &str,
    url: Option<&str>,
    declared: Option<&str>,
) -> Result<Article, InputError> {
    if let Some(why) = crate::decode::binary_reason(bytes) {
        return Err(err(label, why));
    }
    let declared = declared
        .map(str::to_string)
        .or_else(|| crate::decode::html_declared_charset(bytes));
    let (html, _) = crate::decode::decode(bytes, declared.as_deref());
    let (text, mut hints) = extract(&html, url).map_err(|e| err(label, e))?;
    if let Some((u, o)) = &hints.url {
        if url.is_some() && o == "warc-target-uri" {
            hints.url = Some((u.clone(), o.clone()));
        }
    }
    let article = build_article(label.to_string(), text, hints);
    if article.text.trim().is_empty() {
        return Err(err(label, "HTML page with no main text (only boilerplate)"));
    }
    Ok(article)
}

pub(crate) fn read(o: &mut Opened, label: &str) -> Result<Article, InputError> {
    let bytes = read_all(o, label, MAX_ARTICLE_BYTES)?;
    article_from_html(&bytes, label, None, None)
}

/// HTML fragment (feed item content) to plain text: block tags become line breaks, other
/// tags are dropped, `script`/`style` contents skipped. Entities are repaired by cleaning.
pub fn fragment_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while let Some(lt) = rest.find('<') {
        if skip_until.is_none() {
            out.push_str(&rest[..lt]);
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            if skip_until.is_none() {
                out.push_str(&rest[lt..]);
            }
            rest = "";
            break;
        };
        let tag = after[..gt].trim().to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let closing = tag.starts_with('/');
        match skip_until {
            Some(end) if closing && name == end => skip_until = None,
            Some(_) => {}
            None => match name.as_str() {
                "script" | "style" if !closing => {
                    skip_until = Some(if name == "script" { "script" } else { "style" })
                }
                "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
                | "section" | "article" | "ul" | "ol" | "table" | "tr" | "figure"
                | "figcaption" => out.push_str("\n\n"),
                "br" | "li" => out.push('\n'),
                _ => {}
            },
        }
        rest = &after[gt + 1..];
    }
    if skip_until.is_none() {
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_page_metadata() {
        let html = r#"<html><head><title>Fallback | Site</title>
<meta property="og:title" content="Putin in Astana &amp; more">
<meta name="author" content="Anna Beispiel">
<link rel="canonical" href="https://www.example.org/a">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-11-27T10:00:00+05:00","headline":"H"}</script>
</head><body></body></html>"#;
        let m = page_meta(html);
        assert_eq!(
            m.title,
            Some(("Putin in Astana & more".into(), "meta[og:title]".into()))
        );
        assert_eq!(m.url.as_ref().unwrap().1, "link[rel=canonical]");
        assert_eq!(m.published.as_ref().unwrap().0, "2024-11-27T10:00:00+05:00");
        assert_eq!(m.authors.as_ref().unwrap().0, vec!["Anna Beispiel"]);
    }

    #[test]
    fn fragment_text() {
        assert_eq!(
            fragment_to_text("<p>Eins <b>zwei</b></p><script>x()</script><p>drei</p>"),
            "\n\nEins zwei\n\n\n\ndrei\n\n"
        );
    }
}
