//! Metadata: put together what a reader knows (page metadata, feed and JSONL fields) with
//! what cleaning found in the text, recording where each field came from.

pub mod dates;

use parallax_model::{Article, Deadline, FieldOrigins, OverBudget};

use crate::clean::{self, cues, rules::Rules, split_title_suffix, CleanOptions, Cleaned};
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

/// Publisher cues by strength: a title suffix or site banner is the page naming itself; a
/// masthead line, an own-work caption credit and a copyright line follow.
const CUE_ORDER: &[&str] = &[
    "title-suffix",
    "banner",
    "masthead",
    "caption-credit",
    "copyright-line",
];

/// Clean `raw` with the patterns of its language: the given one, else the one detected on
/// the raw prose; when the clean text reads as another language than the raw page did, it
/// is cleaned again with that language's patterns. Returns the cleaning and the language
/// with its origin.
fn clean_in_language(
    raw: &str,
    opts: CleanOptions,
    registry: &Registry,
    deadline: &Deadline,
) -> Result<(Cleaned, Option<(String, String)>), OverBudget> {
    if let Some(l) = opts.language.clone() {
        return Ok((
            clean::clean_in_within(raw, &opts, registry, deadline)?,
            Some((l, String::new())),
        ));
    }
    let cleaned = clean::clean_in_within(raw, &opts, registry, deadline)?;
    let detected = language::detect(&cleaned.text);
    match detected {
        Some(l) if cleaned.language.as_deref() != Some(l.as_str()) => {
            let again = CleanOptions {
                language: Some(l.clone()),
                ..opts
            };
            let cleaned = clean::clean_in_within(raw, &again, registry, deadline)?;
            Ok((cleaned, Some((l, "whatlang".to_string()))))
        }
        Some(l) => Ok((cleaned, Some((l, "whatlang".to_string())))),
        None => Ok((cleaned, None)),
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
    let registry = Registry::for_path(&path);
    let known_title = hints.title.as_ref().map(|(t, _)| t.clone());
    let hinted_language = hints
        .language
        .as_ref()
        .filter(|(l, _)| !l.trim().is_empty())
        .map(|(l, o)| {
            let code: String = l.trim().to_lowercase().chars().take(2).collect();
            (code, o.clone())
        });
    let site = hints.outlet.as_ref().map(|(n, _)| n.clone()).or_else(|| {
        let (u, _) = hints.url.as_ref()?;
        cues::site_of_host(&crate::outlets::host_of(u)?)
    });
    let (cleaned, detected) = clean_in_language(
        &raw,
        CleanOptions {
            detect_title: !hints.no_title_line && known_title.is_none(),
            known_title,
            language: hinted_language.as_ref().map(|(l, _)| l.clone()),
            site: site.clone(),
        },
        registry,
        deadline,
    )?;
    deadline.check("reading the metadata")?;
    let mut origins = FieldOrigins::new();
    let mut outlet_cues = cleaned.outlet_cues.clone();

    let title = match hints.title {
        Some((t, o)) => {
            origins.insert("title".into(), o);
            match split_title_suffix(&t, registry, site.as_deref()) {
                Some((head, _, outlet)) => {
                    if let Some(outlet) = outlet {
                        outlet_cues.push((outlet, "title-suffix"));
                    }
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

    let rules = Rules::for_language(cleaned.language.as_deref());
    let mut credits = cleaned.credits.clone();
    let dateline = cues::dateline_credits(&cleaned.text, registry);
    for name in &dateline {
        if !credits.iter().any(|x| x == name) {
            credits.push(name.clone());
        }
    }
    cues::text_credits(&cleaned.text, rules, registry, &mut credits);

    outlet_cues.sort_by_key(|(_, o)| CUE_ORDER.iter().position(|x| x == o).unwrap_or(usize::MAX));
    let outlet = find_outlet(
        registry,
        url.as_deref(),
        origins.get("url").map(String::as_str) == Some("quelle-line"),
        hints.outlet.as_ref(),
        &outlet_cues,
        &cleaned.source_credits,
        &dateline,
    )
    .map(|(e, o)| {
        origins.insert("outlet".into(), o);
        e
    });

    // Credits name other sources: the publisher itself (`sagte dem Steppe-Kurier`, its own
    // caption credit) is not one.
    if let Some(o) = &outlet {
        credits.retain(|c| registry.lookup_name(c).is_none_or(|e| e.id != o.id));
    }

    let language = match (hinted_language, detected) {
        (Some((l, o)), _) => {
            origins.insert("language".into(), o);
            Some(l)
        }
        (None, Some((l, o))) => {
            origins.insert("language".into(), o);
            Some(l)
        }
        (None, None) => None,
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

/// The outlet that published the text, with the origin of the finding. In order: the domain
/// of the page's own web address; the outlet the container names; the publisher cues of the
/// text (strongest first); the domain of a `Quelle:` address; a `Quelle:` name; and, when
/// nothing else names a publisher, the wire of the dateline (a wire's own copy). A wire
/// credited by a page that names its publisher stays a credit (`Article::credits`).
fn find_outlet(
    registry: &Registry,
    url: Option<&str>,
    url_from_source_line: bool,
    container: Option<&(String, String)>,
    outlet_cues: &[(String, &'static str)],
    source_credits: &[String],
    dateline: &[String],
) -> Option<(parallax_model::Outlet, String)> {
    let found = |e: &crate::outlets::OutletEntry, o: &str| Some((e.to_outlet(), o.to_string()));
    if let (Some(u), false) = (url, url_from_source_line) {
        if let Some(e) = registry.lookup_domain(u) {
            return found(e, "url-domain");
        }
    }
    if let Some((name, o)) = container {
        if let Some(e) = registry
            .lookup_name(name)
            .or_else(|| registry.lookup_domain(name))
        {
            return found(e, o);
        }
    }
    for (name, o) in outlet_cues {
        if let Some(e) = registry.lookup_name(name) {
            return found(e, o);
        }
    }
    if let (Some(u), true) = (url, url_from_source_line) {
        if let Some(e) = registry.lookup_domain(u) {
            return found(e, "quelle-line");
        }
    }
    for name in source_credits {
        if let Some(e) = registry.lookup_name(name) {
            return found(e, "quelle-credit");
        }
    }
    dateline
        .iter()
        .find_map(|name| registry.lookup_name(name))
        .and_then(|e| found(e, "dateline-credit"))
}
