//! The comparison of a story's sources: fact matrix, conflicts, omissions, wording, framing.
//!
//! - [`facts`]: what each article states (numbers with measure, scope and kind; event dates;
//!   quotes by speaker), each with its evidence span and sentence;
//! - [`align`]: rows of the fact matrix and the agree / conflict / different-scope rule;
//! - [`measures`]: the measure lexicon (`data/measures.toml`);
//! - this module: per story, the rows, the omissions per source, the wording table
//!   (family × article), and each source's genre and stance toward the main actors.

pub mod align;
pub mod facts;
pub mod measures;
mod row_index;

pub use row_index::FactRowIndex;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_model::{
    AnnotatedArticle, ArticleFraming, Comparison, DuplicateGroup, FactRow, Omission, StanceRow,
    Story, WordingRow,
};

/// Compare the sources of every story.
pub fn compare_all(
    articles: &[AnnotatedArticle],
    stories: &[Story],
    duplicates: &[DuplicateGroup],
) -> Vec<Comparison> {
    let origin_of: HashMap<&str, &str> = duplicates
        .iter()
        .flat_map(|g| g.copies.iter().map(|c| (c.as_str(), g.origin.as_str())))
        .collect();
    let by_id: HashMap<&str, &AnnotatedArticle> = articles
        .iter()
        .map(|a| (a.article.id.as_str(), a))
        .collect();
    stories
        .iter()
        .filter_map(|s| {
            let members: Vec<&AnnotatedArticle> = s
                .articles
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).copied())
                .collect();
            (!members.is_empty()).then(|| compare_story(s, &members, &origin_of))
        })
        .collect()
}

/// Compare the given articles of one story (in the story's order); `origin_of` maps each
/// copy to its origin.
pub fn compare_story(
    story: &Story,
    articles: &[&AnnotatedArticle],
    origin_of: &HashMap<&str, &str>,
) -> Comparison {
    let order: BTreeMap<String, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.article.id.clone(), i))
        .collect();
    let mut event_of: BTreeMap<String, String> = BTreeMap::new();
    let event_when: BTreeMap<String, String> = story
        .events
        .iter()
        .filter_map(|e| Some((e.id.clone(), e.when.clone()?)))
        .collect();
    for e in &story.events {
        for a in &e.articles {
            event_of.entry(a.clone()).or_insert_with(|| e.id.clone());
        }
    }
    let facts: Vec<facts::Fact> = articles.iter().flat_map(|a| facts::extract(a)).collect();
    let rows = align::rows(facts, &order, &event_of, &event_when);
    let omissions = omissions(&rows, articles, &event_of);
    let event_of_ref: HashMap<&str, &str> = event_of
        .iter()
        .map(|(a, e)| (a.as_str(), e.as_str()))
        .collect();
    let claims = crate::claims::of_story(&crate::claims::StoryInput {
        articles,
        event_of: &event_of_ref,
        origin_of,
        rows: &rows,
    });
    Comparison {
        story: story.id.clone(),
        claims,
        facts: rows,
        omissions,
        wording: wording(articles),
        framing: articles.iter().map(|a| article_framing(a)).collect(),
        stance: stance(story, articles),
    }
}

/// Facts at least two other sources report that an article leaves out. When the story has
/// events, only sources of the article's own event count (a report of the 2023 visit does
/// not omit the figures of the 2024 visit).
fn omissions(
    rows: &[FactRow],
    articles: &[&AnnotatedArticle],
    event_of: &BTreeMap<String, String>,
) -> Vec<Omission> {
    let mut out = Vec::new();
    for a in articles {
        let id = &a.article.id;
        let mut missing: BTreeSet<String> = BTreeSet::new();
        for r in rows {
            let reporters: BTreeSet<&str> = r.cells.iter().map(|c| c.article.as_str()).collect();
            if reporters.contains(id.as_str()) {
                continue;
            }
            let relevant = reporters
                .iter()
                .filter(|o| match (event_of.get(id), event_of.get(**o)) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                })
                .count();
            if relevant >= 2 {
                missing.insert(r.measure.clone());
            }
        }
        if !missing.is_empty() {
            out.push(Omission {
                article: id.clone(),
                facts: missing.into_iter().collect(),
            });
        }
    }
    out
}

/// The wording table: for each family any source uses, the variants of every article.
fn wording(articles: &[&AnnotatedArticle]) -> Vec<WordingRow> {
    let mut families: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for a in articles {
        for w in a.framing.iter().flat_map(|f| &f.wording) {
            families
                .entry(w.family.clone())
                .or_default()
                .entry(a.article.id.clone())
                .or_default()
                .insert(w.variant.clone());
        }
    }
    families
        .into_iter()
        .map(|(family, used)| WordingRow {
            family,
            by_article: articles
                .iter()
                .map(|a| {
                    let v = used
                        .get(&a.article.id)
                        .map(|s| s.iter().cloned().collect())
                        .unwrap_or_default();
                    (a.article.id.clone(), v)
                })
                .collect(),
        })
        .collect()
}

fn article_framing(a: &AnnotatedArticle) -> ArticleFraming {
    let mut cues: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(f) = &a.framing {
        for c in f.cues.iter().filter(|c| !c.quoted) {
            *cues.entry(c.category.clone()).or_default() += 1;
        }
    }
    ArticleFraming {
        article: a.article.id.clone(),
        genre: a.framing.as_ref().map(|f| f.genre).or(a.genre),
        genre_reasons: a
            .framing
            .as_ref()
            .map(|f| f.genre_reasons.clone())
            .unwrap_or_default(),
        subjectivity: a.framing.as_ref().map(|f| f.subjectivity).unwrap_or(0.0),
        cues: cues.into_iter().collect(),
    }
}

/// Stance toward the story's main actors (its key entities, else the actors that two or
/// more articles take a stance on), per article.
fn stance(story: &Story, articles: &[&AnnotatedArticle]) -> Vec<StanceRow> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for a in articles {
        for s in a.framing.iter().flat_map(|f| &f.stance) {
            *seen.entry(s.entity.as_str()).or_default() += 1;
        }
    }
    let mut actors: Vec<String> = story
        .key_entities
        .iter()
        .filter(|e| seen.contains_key(e.as_str()))
        .take(6)
        .cloned()
        .collect();
    if actors.is_empty() {
        let mut v: Vec<(&str, usize)> = seen.into_iter().filter(|e| e.1 >= 2).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        actors = v.into_iter().take(6).map(|e| e.0.to_string()).collect();
    }
    actors
        .into_iter()
        .map(|entity| StanceRow {
            by_article: articles
                .iter()
                .filter_map(|a| {
                    let s = a
                        .framing
                        .as_ref()?
                        .stance
                        .iter()
                        .find(|s| s.entity == entity)?;
                    Some((
                        a.article.id.clone(),
                        s.polarity,
                        s.score,
                        s.evidence.clone(),
                    ))
                })
                .collect(),
            entity,
        })
        .collect()
}

#[cfg(test)]
mod tests;
