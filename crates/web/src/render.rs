//! One rendering code path for the server and the static report: minijinja templates
//! embedded in the binary, auto-escaped (every value from an article is hostile text).

use std::sync::OnceLock;

use minijinja::{context, Environment, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::links::Links;
use crate::views::{ArticleView, StoryItem, StoryView};

const CSS: &str = include_str!("../templates/style.css");
const JS: &str = include_str!("../templates/app.js");

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("_badge.html", include_str!("../templates/_badge.html")),
    (
        "_story_list.html",
        include_str!("../templates/_story_list.html"),
    ),
    (
        "_timeline.html",
        include_str!("../templates/_timeline.html"),
    ),
    ("_story.html", include_str!("../templates/_story.html")),
    ("_claim.html", include_str!("../templates/_claim.html")),
    ("_article.html", include_str!("../templates/_article.html")),
    ("stories.html", include_str!("../templates/stories.html")),
    ("story.html", include_str!("../templates/story.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("report.html", include_str!("../templates/report.html")),
];

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // `.html` templates auto-escape (minijinja's default callback); be explicit anyway.
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
        for (name, source) in TEMPLATES {
            if let Err(e) = env.add_template(name, source) {
                // A broken embedded template is a build defect; show it instead of panicking.
                eprintln!("parallax-web: template {name}: {e}");
            }
        }
        env
    })
}

/// Content-Security-Policy: nothing loads from anywhere; only our own inline script runs.
pub fn csp() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        let hash = base64(&Sha256::digest(JS.as_bytes()));
        format!(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{hash}'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        )
    })
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn render(name: &str, links: Links, title: &str, extra: Value) -> String {
    let base = context! {
        csp => csp(),
        css => CSS,
        js => JS,
        home => links.home(),
        searchable => links == Links::Server,
        page_title => title,
    };
    let ctx = context! { ..extra, ..base };
    match env().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => html,
        Err(e) => {
            eprintln!("parallax-web: rendering {name}: {e:#}");
            let msg = minijinja::HtmlEscape(&e.to_string()).to_string();
            format!("<!doctype html><meta charset=utf-8><title>Parallax: rendering error</title><p>Rendering failed: {msg}</p>")
        }
    }
}

pub struct StoriesPage<'a> {
    pub items: &'a [StoryItem],
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

pub fn stories_page(p: &StoriesPage<'_>) -> String {
    render(
        "stories.html",
        Links::Server,
        "Stories",
        context! { stories => p.items, total => p.total, page => p.page, pages => p.pages,
        prev_href => p.prev_href, next_href => p.next_href },
    )
}

pub fn story_page(story: &StoryView) -> String {
    render(
        "story.html",
        Links::Server,
        &story.title,
        context! { story => story },
    )
}

pub fn article_page(article: &ArticleView) -> String {
    render(
        "article.html",
        Links::Server,
        &article.title,
        context! { article => article },
    )
}

#[derive(Serialize)]
pub struct HitView {
    pub href: String,
    pub title: String,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub snippet: String,
    pub stories: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct LinkView {
    pub href: String,
}

pub fn search_page(query: &str, hits: &[HitView]) -> String {
    render(
        "search.html",
        Links::Server,
        "Search",
        context! { query => query, hits => hits },
    )
}

pub fn error_page(status: u16, title: &str, message: &str) -> String {
    render(
        "error.html",
        Links::Server,
        title,
        context! { status => status, title => title, message => message },
    )
}

#[derive(Serialize)]
pub struct LooseArticle {
    pub href: String,
    pub title: String,
    pub label: String,
}

pub struct ReportPage<'a> {
    pub stories: &'a [StoryItem],
    pub story_views: &'a [StoryView],
    pub article_views: &'a [ArticleView],
    pub loose: &'a [LooseArticle],
    pub n_articles: usize,
}

pub fn report_page(r: &ReportPage<'_>) -> String {
    render(
        "report.html",
        Links::Report,
        "Report",
        context! { stories => r.stories, story_views => r.story_views, article_views => r.article_views,
        loose => r.loose, n_articles => r.n_articles },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn every_template_compiles() {
        for (name, _) in TEMPLATES {
            assert!(env().get_template(name).is_ok(), "{name}");
        }
    }
}
