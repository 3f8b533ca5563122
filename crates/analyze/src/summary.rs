//! Story summaries: the figures a story list shows (articles, independent origins, events,
//! outlets), computed from a story, its articles and the copy groups.

use std::collections::HashSet;

use parallax_model::{AnnotatedArticle, DuplicateGroup, OutletBadge, Story, StorySummary};

/// Badges of the distinct outlets among `articles`, sorted by name.
pub fn outlet_badges<'a>(
    articles: impl IntoIterator<Item = &'a AnnotatedArticle>,
) -> Vec<OutletBadge> {
    let mut badges: Vec<OutletBadge> = articles
        .into_iter()
        .filter_map(|a| a.article.outlet.as_ref())
        .map(|o| OutletBadge {
            name: o.name.clone(),
            kind: Some(o.kind),
            state_affiliation: o.state_affiliation.clone(),
        })
        .collect();
    badges.sort();
    badges.dedup();
    badges
}

/// Independent origins among a story's articles: copies of another article of the same
/// story count once. Uses the story's own figure when the analysis gave one.
pub fn story_origins(story: &Story, duplicates: &[DuplicateGroup]) -> usize {
    if story.origins > 0 {
        return story.origins;
    }
    let members: HashSet<&str> = story.articles.iter().map(String::as_str).collect();
    let copies: HashSet<&str> = duplicates
        .iter()
        .filter(|g| members.contains(g.origin.as_str()))
        .flat_map(|g| g.copies.iter().map(String::as_str))
        .filter(|c| members.contains(c))
        .collect();
    members.len() - copies.len()
}

/// Summary of a story for lists, from the story and its articles.
pub fn summarize(
    story: &Story,
    articles: &[&AnnotatedArticle],
    duplicates: &[DuplicateGroup],
) -> StorySummary {
    StorySummary {
        id: story.id.clone(),
        title: story.title.clone(),
        start: story.start.clone(),
        end: story.end.clone(),
        articles: story.articles.len(),
        origins: story_origins(story, duplicates),
        events: story.events.len(),
        outlets: outlet_badges(articles.iter().copied()),
    }
}

/// One summary per story, in the order of `stories`.
pub fn summarize_all(
    stories: &[Story],
    articles: &[AnnotatedArticle],
    duplicates: &[DuplicateGroup],
) -> Vec<StorySummary> {
    let by_id: std::collections::HashMap<&str, &AnnotatedArticle> = articles
        .iter()
        .map(|a| (a.article.id.as_str(), a))
        .collect();
    stories
        .iter()
        .map(|story| {
            let members: Vec<&AnnotatedArticle> = story
                .articles
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).copied())
                .collect();
            summarize(story, &members, duplicates)
        })
        .collect()
}
