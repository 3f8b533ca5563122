//! HTML pages: main text by the `trafilatura` crate, then our own cleaning of what it leaves
//! behind; metadata from meta tags, JSON-LD and `<time>`, each field with its origin.
//!
//! Speed (goal ≥ 200 pages per CPU-second): one linear [`pretrim`] drops scripts, styles,
//! SVG and comments before parsing; the page is parsed once; the crate's own metadata pass
//! runs only when ours leaves a field open. The crate is vendored with output-preserving
//! speed patches (`vendor/trafilatura/PATCHES.md`).
//!
//! Pathological nesting (100,000 nested `<div>`s) makes the parser quadratic and hides the
//! text from the crate, which stops walking at depth 500: one linear [`flatten_nesting`]
//! drops the tags beyond [`MAX_NESTING`] (keeping their content) before parsing.

use std::borrow::Cow;
use std::sync::OnceLock;

use parallax_model::{Article, Deadline};
use regex::Regex;

use super::{emit, err, read_all, Opened, Sink};
use crate::metadata::{build_article_within, Hints};
use crate::{InputError, ReadOptions};

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

/// The tags [`page_meta`] reads, found in one scan over the page.
#[derive(Default)]
struct Tags<'a> {
    /// `<meta ...>` tags.
    metas: Vec<&'a str>,
    /// `<link ...>` tags.
    links: Vec<&'a str>,
    /// Bodies of `<script type="application/ld+json">` elements.
    jsonld: Vec<&'a str>,
}

/// Does `rest` (the text after a `<`) start with the tag name `name` (ASCII
/// case-insensitive), followed by whitespace (or `>` when `gt_ok`)?
fn tag_is(rest: &[u8], name: &[u8], gt_ok: bool) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && (rest[name.len()].is_ascii_whitespace() || (gt_ok && rest[name.len()] == b'>'))
}

/// One linear scan from `<` to `<` collecting meta and link tags and JSON-LD bodies, in
/// page order (the regexes this replaces each scanned the whole page).
fn scan_tags(html: &str) -> Tags<'_> {
    let b = html.as_bytes();
    let mut tags = Tags::default();
    let mut i = 0;
    // `i` always follows an ASCII byte, so it is a char boundary.
    while let Some(off) = html.get(i..).and_then(|r| r.find('<')) {
        let lt = i + off;
        i = lt + 1;
        let rest = &b[lt + 1..];
        let kind = if tag_is(rest, b"meta", false) {
            0
        } else if tag_is(rest, b"link", false) {
            1
        } else if tag_is(rest, b"script", true) {
            2
        } else {
            continue;
        };
        let Some(gt) = html[lt..].find('>') else {
            break; // no tag ends after here
        };
        let tag = &html[lt..lt + gt + 1];
        match kind {
            0 => tags.metas.push(tag),
            1 => tags.links.push(tag),
            _ if tag.contains("application/ld+json") => {
                let body_start = lt + gt + 1;
                let Some(end) = html[body_start..].find("</script>") else {
                    break;
                };
                tags.jsonld.push(&html[body_start..body_start + end]);
                i = body_start + end;
            }
            _ => {}
        }
    }
    tags
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
    let tags = scan_tags(head);
    for t in tags.metas {
        let a = attrs(t);
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
    for t in tags.links {
        let a = attrs(t);
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
    for body in tags.jsonld {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(body.trim()) {
            jsonld_walk(&v, &mut m);
        }
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

/// The options Parallax runs the `trafilatura` crate with: defaults (no readability/justext
/// fallback comparison), reader comments excluded.
pub fn extract_options() -> trafilatura::Options {
    let mut opts = trafilatura::Options::default();
    opts.exclude_comments = true;
    opts
}

/// Elements whose whole content [`pretrim`] drops (the crate removes them after parsing
/// anyway), then elements whose text [`pretrim`] must step over unchanged because a `<`
/// in them is text, not markup (`<title>How to use <script></title>`).
const PRETRIM_ELEMENTS: [&str; 6] = ["script", "style", "svg", "title", "textarea", "xmp"];
/// How many of [`PRETRIM_ELEMENTS`] are dropped.
const DROPPED: usize = 3;

/// Cheap pre-trimming before the HTML parser: one linear scan that drops `<!-- comments -->`
/// and `<script>`, `<style>` and `<svg>` elements with their content — all of which the
/// `trafilatura` crate removes after parsing, so they only cost parse and tree-copy time.
/// JSON-LD (`<script type="application/ld+json">`) is kept: metadata and the crate's
/// fallbacks read it. `<noscript>` and `<template>` are left alone, and the text of
/// `<title>`/`<textarea>`/`<xmp>` is stepped over. An element or comment without its end is
/// left as it is (the parser decides). Returns the input unchanged (borrowed) when there is
/// nothing to drop.
pub fn pretrim(html: &str) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let mut out = String::new();
    let mut kept = 0; // start of the not yet copied part
    let mut i = 0;
    // Once a search for an end marker has failed it would fail again later: remember that,
    // so many unterminated openers stay linear.
    let mut no_comment_end = false;
    let mut no_close = [false; PRETRIM_ELEMENTS.len()];
    // `i` always follows an ASCII byte (`<`, `>`), so it is a char boundary.
    while let Some(off) = html.get(i..).and_then(|r| r.find('<')) {
        let lt = i + off;
        i = lt + 1;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            if no_comment_end {
                continue;
            }
            match comment_end(html, lt + 4) {
                Some(end) => {
                    out.push_str(&html[kept..lt]);
                    i = end;
                    kept = end;
                }
                None => no_comment_end = true,
            }
            continue;
        }
        let Some(k) = PRETRIM_ELEMENTS.iter().position(|name| {
            rest.len() > name.len()
                && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(
                    rest[name.len()],
                    b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c
                )
        }) else {
            continue;
        };
        let name = PRETRIM_ELEMENTS[k];
        let Some(gt) = html[lt..].find('>').map(|g| lt + g) else {
            break; // no tag ends after here
        };
        let open = &b[lt..gt];
        if k == 0 && contains_ignore_ascii_case(open, b"ld+json") {
            i = gt + 1;
            continue;
        }
        let end = if k == 2 && open.ends_with(b"/") {
            Some(gt + 1) // <svg ... /> is complete
        } else if no_close[k] {
            None
        } else {
            let e = close_tag_end(html, gt + 1, name);
            no_close[k] = e.is_none();
            e
        };
        match end {
            Some(end) if k < DROPPED => {
                out.push_str(&html[kept..lt]);
                i = end;
                kept = end;
            }
            Some(end) => i = end, // text element: keep it, don't look inside
            None => {}
        }
    }
    if kept == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    out.push_str(&html[kept..]);
    std::borrow::Cow::Owned(out)
}

/// End (exclusive) of a comment whose body starts at `from` (a char boundary): `-->`,
/// `--!>`, or the empty comments `<!-->` / `<!--->` as the HTML tokenizer reads them.
fn comment_end(html: &str, from: usize) -> Option<usize> {
    let b = html.as_bytes();
    match b.get(from..) {
        Some([b'>', ..]) => return Some(from + 1),
        Some([b'-', b'>', ..]) => return Some(from + 2),
        _ => {}
    }
    let mut p = from;
    while let Some(q) = html.get(p..)?.find("--") {
        let q = p + q;
        match b.get(q + 2..) {
            Some([b'>', ..]) => return Some(q + 3),
            Some([b'!', b'>', ..]) => return Some(q + 4),
            _ => p = q + 1,
        }
    }
    None
}

/// End (exclusive) of the first `</name ...>` at or after `from` (a char boundary), name
/// compared ASCII case-insensitively.
fn close_tag_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let b = html.as_bytes();
    let n = name.len();
    let mut p = from;
    while let Some(q) = html.get(p..)?.find("</") {
        let after = p + q + 2;
        if b.get(after..after + n)
            .is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes()))
            && b.get(after + n)
                .is_none_or(|c| matches!(c, b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c))
        {
            let gt = html[after + n..].find('>')?;
            return Some(after + n + gt + 1);
        }
        p = after;
    }
    None
}

/// Deepest element nesting kept by [`flatten_nesting`]: far beyond real pages (a few dozen),
/// well below the depth at which the `trafilatura` crate stops walking (500).
pub const MAX_NESTING: usize = 256;

/// Elements without content.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Elements whose end tag may be left out (closed implicitly by the parser), and the
/// document's own `html`/`head`/`body`: not counted as nesting.
const IMPLICIT_END: [&str; 20] = [
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
];
/// Elements whose content is text, not markup.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
];
/// How far down the stack an end tag looks for its start tag; further away it is a stray
/// end tag (the parser ignores most of those too). Keeps the pass linear.
const END_TAG_REACH: usize = 64;

/// One open element on [`flatten_nesting`]'s stack.
struct Open {
    name: String,
    /// Beyond [`MAX_NESTING`]: its start tag was dropped, so its end tag is dropped too.
    dropped: bool,
}

/// A tag at `lt` (the `<`): its lower-case name, whether it is an end tag, and where it
/// ends (after `>`). `None` when `lt` does not start a tag.
fn tag_at(html: &str, lt: usize) -> Option<(String, bool, usize, bool)> {
    let b = html.as_bytes();
    let mut p = lt + 1;
    let end_tag = b.get(p) == Some(&b'/');
    if end_tag {
        p += 1;
    }
    let name_len = b
        .get(p..)?
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
        .count();
    if name_len == 0 || !b[p].is_ascii_alphabetic() {
        return None;
    }
    let gt = p + html[p..].find('>')?;
    let self_closing = b[gt - 1] == b'/';
    let name = html[p..p + name_len].to_ascii_lowercase();
    Some((name, end_tag, gt + 1, self_closing))
}

/// Guard the parser against pathological nesting: element start tags that would nest deeper
/// than [`MAX_NESTING`] are dropped with their end tags; their content stays, one level up.
/// One linear pass over a stack of open elements (end tags close what they match, as in the
/// parser; void elements, elements with optional end tags and raw-text elements do not
/// nest). Returns the input unchanged (borrowed) when nothing is that deep.
pub fn flatten_nesting(html: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut kept = 0; // start of the not yet copied part
    let mut stack: Vec<Open> = Vec::new();
    let mut depth = 0; // open elements on the stack that were kept
    let mut no_close = [false; RAW_TEXT.len()];
    let mut i = 0;
    // `i` always follows an ASCII byte (`<`, `>`), so it is a char boundary.
    while let Some(off) = html.get(i..).and_then(|r| r.find('<')) {
        let lt = i + off;
        i = lt + 1;
        let Some((name, end_tag, tag_end, self_closing)) = tag_at(html, lt) else {
            continue;
        };
        i = tag_end;
        let drop = if end_tag {
            close(&mut stack, &mut depth, &name)
        } else if let Some(k) = RAW_TEXT.iter().position(|r| *r == name) {
            if !no_close[k] {
                match close_tag_end(html, tag_end, &name) {
                    Some(end) => i = end,
                    None => no_close[k] = true,
                }
            }
            false
        } else if self_closing
            || VOID.contains(&name.as_str())
            || IMPLICIT_END.contains(&name.as_str())
        {
            false
        } else {
            let dropped = depth >= MAX_NESTING;
            depth += usize::from(!dropped);
            stack.push(Open { name, dropped });
            dropped
        };
        if drop {
            out.push_str(&html[kept..lt]);
            kept = tag_end;
        }
    }
    if kept == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[kept..]);
    Cow::Owned(out)
}

/// An end tag `</name>`: close the nearest open `name` within [`END_TAG_REACH`] and what is
/// open above it. Returns whether the end tag is to be dropped (its start tag was).
fn close(stack: &mut Vec<Open>, depth: &mut usize, name: &str) -> bool {
    let reach = stack.len().saturating_sub(END_TAG_REACH);
    let Some(at) = (reach..stack.len()).rev().find(|&k| stack[k].name == name) else {
        return false;
    };
    let dropped = stack[at].dropped;
    for open in stack.drain(at..) {
        *depth -= usize::from(!open.dropped);
    }
    dropped
}

fn contains_ignore_ascii_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The main text of a page and what the page says about itself.
pub fn extract(html: &str, url: Option<&str>) -> Result<(String, Hints), String> {
    extract_within(html, url, &Deadline::none())
}

/// [`extract`] within a time budget, checked between its steps.
pub fn extract_within(
    html: &str,
    url: Option<&str>,
    deadline: &Deadline,
) -> Result<(String, Hints), String> {
    let over = |e: parallax_model::OverBudget| e.to_string();
    let trimmed = pretrim(html);
    deadline.check("preparing the HTML").map_err(over)?;
    let trimmed = match flatten_nesting(&trimmed) {
        Cow::Borrowed(_) => trimmed,
        Cow::Owned(flat) => Cow::Owned(flat),
    };
    let meta = page_meta(&trimmed);
    deadline.check("parsing the HTML").map_err(over)?;
    // Parse once. The crate's own metadata pass costs about a quarter of its time: run it
    // only when our page metadata leaves a field open, and extract the content without it.
    let doc = trafilatura::dom::Document::parse(&trimmed);
    deadline
        .check("finding the main text of the HTML")
        .map_err(over)?;
    let mut opts = extract_options();
    let need_md = meta.title.is_none()
        || (url.is_none() && meta.url.is_none())
        || meta.published.is_none()
        || meta.authors.is_none()
        || meta.site_name.is_none();
    let md = if need_md {
        let md = trafilatura::metadata::extract_metadata(&doc, &opts);
        // As the crate does: the page's URL resolves relative links.
        if let Ok(u) = url::Url::parse(&md.url) {
            if matches!(u.scheme(), "http" | "https") {
                opts.original_url = Some(u);
            }
        }
        md
    } else {
        trafilatura::Metadata::default()
    };
    opts.content_only = true;
    let res = trafilatura::extract_document(doc, &opts)
        .map_err(|e| format!("no main text found ({e})"))?;
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

/// Build an article from HTML bytes (no time limit; decoding warnings are dropped).
pub fn article_from_html(
    bytes: &[u8],
    label: &str,
    url: Option<&str>,
    declared: Option<&str>,
) -> Result<Article, InputError> {
    html_article(bytes, label, url, declared, &Deadline::none(), &mut |_| {})
}

/// Build an article from HTML bytes within a time budget; a decoding worth telling goes to
/// `sink` as a warning.
pub(crate) fn html_article(
    bytes: &[u8],
    label: &str,
    url: Option<&str>,
    declared: Option<&str>,
    deadline: &Deadline,
    sink: &mut Sink<'_>,
) -> Result<Article, InputError> {
    if let Some(why) = crate::decode::binary_reason(bytes) {
        return Err(err(label, why));
    }
    let declared = declared
        .map(str::to_string)
        .or_else(|| crate::decode::html_declared_charset(bytes));
    let decoded = crate::decode::decode_text(bytes, declared.as_deref());
    if let Some(w) = decoded.warning() {
        super::warn(sink, label, w);
    }
    let (text, hints) = extract_within(&decoded.text, url, deadline).map_err(|e| err(label, e))?;
    let article = build_article_within(label.to_string(), text, hints, deadline)
        .map_err(|e| err(label, e.to_string()))?;
    if article.text.trim().is_empty() {
        return Err(err(label, "HTML page with no main text (only boilerplate)"));
    }
    Ok(article)
}

pub(crate) fn read(
    o: &mut Opened,
    label: &str,
    options: &ReadOptions,
    deadline: Deadline,
    sink: &mut Sink<'_>,
) {
    let whole = match read_all(o, label, options.max_article_bytes, "one page", &deadline) {
        Ok(w) => w,
        Err(e) => return emit(sink, Err(e), deadline),
    };
    let result = html_article(&whole.bytes, label, None, None, &deadline, sink);
    // A truncated gzip: the page is read from what came before, and the error says where.
    if whole.stopped.is_none() || result.is_ok() {
        emit(sink, result, deadline);
    }
    if let Some(stopped) = whole.stopped {
        emit(sink, Err(stopped), deadline);
    }
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
    fn pretrim_drops_scripts_styles_svg_and_comments() {
        let html = "<html><head><title>T</title><STYLE type=\"text/css\">p{}</STYLE>\
<script>var a = '<p>not text</p>';</script>\
<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\"}</script>\
</head><body><!-- a comment with <p>markup</p> --><p>Eins</p><svg viewBox=\"0 0 1 1\"><title>icon</title></svg>\
<svg/><noscript><p>Noscript text</p></noscript><template><p>Template text</p></template>\
<!--><p>Zwei</p><script >x()</SCRIPT ><p>Drei</p></body></html>";
        let t = pretrim(html);
        assert!(!t.contains("not text") && !t.contains("p{}") && !t.contains("a comment"));
        assert!(!t.contains("icon") && !t.contains("<svg") && !t.contains("x()"));
        for kept in [
            "<title>T</title>",
            "application/ld+json",
            "\"headline\":\"H\"",
            "<p>Eins</p>",
            "<noscript><p>Noscript text</p></noscript>",
            "<template><p>Template text</p></template>",
            "<p>Zwei</p>",
            "<p>Drei</p>",
        ] {
            assert!(t.contains(kept), "{kept} lost: {t}");
        }
        // JSON-LD still reaches the page metadata.
        let m = page_meta(&t);
        assert_eq!(m.title, Some(("H".into(), "json-ld".into())));
    }

    #[test]
    fn pretrim_steps_over_text_elements() {
        let html = "<title>How to use <script> tags</title><p>a</p>\
<textarea><!-- kept --></textarea><script>x()</script><p>b</p>";
        assert_eq!(
            pretrim(html),
            "<title>How to use <script> tags</title><p>a</p>\
<textarea><!-- kept --></textarea><p>b</p>"
        );
    }

    #[test]
    fn pretrim_leaves_unterminated_and_plain_markup_alone() {
        for html in [
            "<p>a</p>",
            "<p>a</p><script>never closed <p>b</p>",
            "<p>a</p><!-- never closed <p>b</p>",
            "<p>a</p><style",
            "<scripts>x</scripts><svgx>y</svgx><stylesheet>",
            "ü<",
            "",
        ] {
            assert_eq!(pretrim(html), html);
        }
        // Many unterminated openers: each end search runs once (linear), nothing is lost.
        let many = "<script>a<!--b".repeat(20_000);
        assert_eq!(pretrim(&many), many.as_str());
    }

    #[test]
    fn pretrim_keeps_the_extracted_text() {
        // The crate removes what pre-trimming drops, so its text is the same either way,
        // including what sits in <noscript> and <template>.
        let para = "<p>Der Bundestag hat am Donnerstag nach langer Debatte ein Gesetz \
beschlossen, das die Förderung von Wärmepumpen bis zum Jahr 2030 regelt und Kommunen \
mehr Mittel für die Planung gibt.</p>";
        let html = format!(
            "<html><head><title>Gesetz</title><script>var s = '</div>';</script>\
<style>.a{{color:red}}</style></head><body><article><h1>Gesetz</h1>{para}\
<!-- <p>Kommentar im Markup</p> -->{para}<noscript><p>Bitte JavaScript aktivieren, \
um alle Inhalte dieser Seite zu sehen und zu nutzen.</p></noscript>\
<svg><text>Grafik</text></svg>{para}<template><p>Vorlage mit Text, der hier \
steht und vom Browser nicht angezeigt wird.</p></template></article></body></html>"
        );
        let opts = extract_options();
        let full = trafilatura::extract(&html, &opts).map(|r| r.content_text);
        let trimmed = trafilatura::extract(&pretrim(&html), &opts).map(|r| r.content_text);
        assert!(full.is_ok());
        assert_eq!(full.ok(), trimmed.ok());
    }

    #[test]
    fn flatten_nesting_leaves_ordinary_pages_alone() {
        for html in [
            "<html><body><div><p>a<p>b</div><ul><li>x<li>y</ul></body></html>",
            "<div><span></div></span></div><br><img src=x><p>ü</p>",
            "<title><div><div></title><textarea><div></textarea>",
            "",
            "<",
            "<div",
        ] {
            assert!(matches!(flatten_nesting(html), Cow::Borrowed(_)), "{html}");
        }
        let deep = format!(
            "{}x{}",
            "<div>".repeat(MAX_NESTING),
            "</div>".repeat(MAX_NESTING)
        );
        assert!(matches!(flatten_nesting(&deep), Cow::Borrowed(_)));
    }

    #[test]
    fn flatten_nesting_drops_tags_beyond_the_limit_and_keeps_their_content() {
        let n = MAX_NESTING + 1000;
        let html = format!(
            "<body>{}<p>Text</p>{}<p>after</p></body>",
            "<div class=\"d\">".repeat(n),
            "</div>".repeat(n)
        );
        let flat = flatten_nesting(&html);
        assert_eq!(flat.matches("<div").count(), MAX_NESTING);
        assert_eq!(flat.matches("</div>").count(), MAX_NESTING);
        assert!(flat.contains("<p>Text</p>") && flat.ends_with("<p>after</p></body>"));
        // Unclosed elements (`<span>` never closed) are closed by their parent's end tag, as
        // the parser closes them: a long page of them is not deep.
        let sloppy = "<div><span>x</div>".repeat(10 * MAX_NESTING);
        assert!(matches!(flatten_nesting(&sloppy), Cow::Borrowed(_)));
        // Unclosed `<div>`s nest: beyond the limit they are dropped.
        let open = format!("<body>{}<p>Text</p>", "<div>".repeat(n));
        assert_eq!(flatten_nesting(&open).matches("<div>").count(), MAX_NESTING);
    }

    #[test]
    fn deeply_nested_page_gives_its_paragraph() {
        let para =
            "<p>Der Bundestag hat am Donnerstag nach langer Debatte ein Gesetz beschlossen, \
das die Förderung von Wärmepumpen bis zum Jahr 2030 regelt und Kommunen mehr Mittel gibt.</p>";
        let html = format!(
            "<html><body>{}{para}{}</body></html>",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        );
        let (text, _) = extract(&html, None).expect("main text found");
        assert!(text.contains("Wärmepumpen bis zum Jahr 2030"), "{text}");
    }

    #[test]
    fn fragment_text() {
        assert_eq!(
            fragment_to_text("<p>Eins <b>zwei</b></p><script>x()</script><p>drei</p>"),
            "\n\nEins zwei\n\n\n\ndrei\n\n"
        );
    }
}
