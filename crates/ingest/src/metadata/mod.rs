//! Metadata: put together what a reader knows (page metadata, feed and JSONL fields) with
//! what cleaning found in the text, recording where each field came from.

pub mod dates;

use std::sync::OnceLock;

use parallax_model::{Article, Deadline, FieldOrigins, OverBudget};
use regex::Regex;

use crate::clean::{self, split_title_suffix, CleanOptions};
use crate::outlets::Registry;
use crate::{id, language};

/// What a reader knows about an article besides its text; each value with its origin
/// (e.g. `meta[og:title]`, `json-ld`, `jsonl`, `feed`).
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub url: Option<(String, String)>,
    pub title: Option<(String, String)>,
    pub published: Option<(String, String)>,
    pub authors: Option<(Vec<String>, String)>,
    /// An outlet name or domain given by the container (JSONL `source`, feed title, site name).
    pub outlet: Option<(String, String)>,
    pub language: Option<(String, String)>,
    /// The text is already title-free (HTML main text, JSONL/feed text with a title field).
    pub no_title_line: bool,
}

fn dateline_credit_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[\p{Lu}][\p{L}./ -]{1,40}?\s*\(([\p{L}][\p{L}/.-]{1,20})\)\s*[-–—:]")
            .expect("dateline regex")
    })
}

/// A regex finding registry outlets credited in running text (`Gespräch mit TASS`).
fn credit_cue_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let rules = crate::clean::rules::Rules::global();
        let registry = Registry::global();
        let mut names: Vec<String> = Vec::new();
        for e in registry.entries() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                // Short or lower-case names are too ambiguous in running text.
                if n.chars().count() >= 3 && n.chars().next().is_some_and(char::is_uppercase) {
                    names.push(n.clone());
                }
            }
        }
        if names.is_empty() {
            return None;
        }
        let names = crate::clean::rules::alternation(&names);
        let before = crate::clean::rules::alternation(&rules.credit_cues_before);
        let after = crate::clean::rules::alternation(&rules.credit_cues_after);
        Regex::new(&format!(
            r"(?:(?:^|\W)(?i:{before})\s+(?:(?i:der|die|dem|des|the)\s+)?(?:(?i:Nachrichtenagentur|Agentur|Zeitung|news agency|agency)\s+)?({names})(?:$|\W)|(?:^|\W)({names})\s+(?i:{after})(?:$|\W)|\(({names})\))"
        ))
        .ok()
    })
    .as_ref()
}

/// Outlets the text names as its sources.
fn text_credits(text: &str, credits: &mut Vec<String>) {
    let Some(re) = credit_cue_re() else { return };
    let registry = Registry::global();
    // Find with the fast search; capture only inside each (short) match.
    for found in re.find_iter(text) {
        let Some(c) = re.captures(found.as_str()) else {
            continue;
        };
        let Some(m) = c.get(1).or(c.get(2)).or(c.get(3)) else {
            continue;
        };
        if let Some(e) = registry.lookup_name(m.as_str()) {
            let name = m.as_str().to_string();
            if !credits
                .iter()
                .any(|x| x == &name || registry.lookup_name(x).is_some_and(|y| y.id == e.id))
            {
                credits.push(name);
            }
        }
    }
}

/// Clean `raw` and build the article with its metadata.
pub fn build_article(path: String, raw: String, hints: Hints) -> Article {
    // Without a deadline the build cannot stop early.
    match build_article_within(path, raw, hints, &Deadline::none()) {
        Ok(article) => article,
        Err(never) => unreachable!("a missing deadline never expires: {never}"),
    }
}

/// [`build_article`] within a time budget.
pub fn build_article_within(
    path: String,
    raw: String,
    hints: Hints,
    deadline: &Deadline,
) -> Result<Article, OverBudget> {
    let registry = Registry::global();
    let known_title = hints.title.as_ref().map(|(t, _)| t.clone());
    let cleaned = clean::clean_within(
        &raw,
        &CleanOptions {
            detect_title: !hints.no_title_line && known_title.is_none(),
            known_title,
        },
        deadline,
    )?;
    deadline.check("reading the metadata")?;
    let mut origins = FieldOrigins::new();
    let mut outlet_cues = cleaned.outlet_cues.clone();

    let title = match hints.title {
        Some((t, o)) => {
            origins.insert("title".into(), o);
            match split_title_suffix(&t, registry) {
                Some((head, _, outlet)) => {
                    outlet_cues.push((outlet, "title-suffix"));
                    Some(head)
                }
                None => Some(t),
            }
        }
        None => cleaned.title.clone().inspect(|_| {
            origins.insert(
                "title".into(),
                cleaned.title_origin.unwrap_or("first-line").into(),
            );
        }),
    };
    let url = match hints.url {
        Some((u, o)) => {
            origins.insert("url".into(), o);
            Some(u)
        }
        None => cleaned.source_urls.first().cloned().inspect(|_| {
            origins.insert("url".into(), "quelle-line".into());
        }),
    };
    let published = match hints
        .published
        .and_then(|(p, o)| dates::normalize_date(&p).map(|d| (d, o)))
    {
        Some((p, o)) => {
            origins.insert("published".into(), o);
            Some(p)
        }
        None => cleaned.published.clone().inspect(|_| {
            origins.insert("published".into(), "date-line".into());
        }),
    };
    let authors = match hints.authors {
        Some((a, o)) if !a.is_empty() => {
            origins.insert("authors".into(), o);
            a
        }
        _ => {
            if !cleaned.authors.is_empty() {
                origins.insert("authors".into(), "byline".into());
            }
            cleaned.authors.clone()
        }
    };

    let mut credits = cleaned.credits.clone();
    if let Some(c) = dateline_credit_re().captures(
        cleaned
            .text
            .get(..200.min(cleaned.text.len()))
            .unwrap_or(&cleaned.text),
    ) {
        if let Some(name) = c.get(1).map(|m| m.as_str()) {
            if registry.lookup_name(name).is_some() && !credits.iter().any(|x| x == name) {
                credits.push(name.to_string());
            }
        }
    }

    text_credits(&cleaned.text, &mut credits);

    // Outlet: the URL's domain first, then what the container names, then cues in the text.
    let mut outlet = None;
    if let Some(u) = &url {
        if let Some(e) = registry.lookup_domain(u) {
            let o = if origins.get("url").map(String::as_str) == Some("quelle-line") {
                "quelle-line"
            } else {
                "url-domain"
            };
            outlet = Some((e.to_outlet(), o.to_string()));
        }
    }
    if outlet.is_none() {
        if let Some((name, o)) = &hints.outlet {
            if let Some(e) = registry
                .lookup_name(name)
                .or_else(|| registry.lookup_domain(name))
            {
                outlet = Some((e.to_outlet(), o.clone()));
            }
        }
    }
    if outlet.is_none() {
        for (name, o) in &outlet_cues {
            if let Some(e) = registry.lookup_name(name) {
                outlet = Some((e.to_outlet(), o.to_string()));
                break;
            }
        }
    }
    if outlet.is_none() {
        for name in &cleaned.source_credits {
            if let Some(e) = registry.lookup_name(name) {
                outlet = Some((e.to_outlet(), "quelle-credit".to_string()));
                break;
            }
        }
    }
    let outlet = outlet.map(|(e, o)| {
        origins.insert("outlet".into(), o);
        e
    });

    let language = match hints.language.filter(|(l, _)| !l.trim().is_empty()) {
        Some((l, o)) => {
            origins.insert("language".into(), o);
            Some(l.trim().to_lowercase().chars().take(2).collect())
        }
        None => language::detect(&cleaned.text).inspect(|_| {
            origins.insert("language".into(), "whatlang".into());
        }),
    };

    let text = cleaned.text;
    Ok(Article {
        id: id::article_id(&text),
        path,
        url,
        title,
        published,
        language,
        outlet,
        authors,
        text,
        removed: cleaned.removed,
        field_origins: origins,
        credits,
        raw,
    })
}
