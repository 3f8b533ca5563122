//! The self-contained static report: the story list, every story and every article in one
//! HTML file with anchors (no server, no external requests). Rendered by the same templates
//! and views as the web server.

use std::collections::HashMap;

use parallax_model::StorySummary;
use parallax_model::{Analysis, AnnotatedArticle, Comparison, Story};

use crate::links::Links;
use crate::render::{self, LooseArticle, ReportPage};
use crate::views;

/// Newest first: by the story's end (or start) date, else its newest article; then id.
fn sort_key(story: &Story, by_id: &HashMap<&str, &AnnotatedArticle>) -> String {
    story
        .end
        .clone()
        .or_else(|| story.start.clone())
        .or_else(|| {
            story
                .articles
                .iter()
                .filter_map(|id| {
                    by_id
                        .get(id.as_str())
                        .and_then(|a| a.article.published.clone())
                })
                .max()
        })
        .unwrap_or_default()
}

pub fn html(analysis: &Analysis) -> String {
    let links = Links::Report;
    let by_id: HashMap<&str, &AnnotatedArticle> = analysis
        .articles
        .iter()
        .map(|a| (a.article.id.as_str(), a))
        .collect();
    let comparisons: HashMap<&str, &Comparison> = analysis
        .comparisons
        .iter()
        .map(|c| (c.story.as_str(), c))
        .collect();

    let mut stories: Vec<&Story> = analysis.stories.iter().collect();
    stories.sort_by_cached_key(|s| (std::cmp::Reverse(sort_key(s, &by_id)), s.id.clone()));

    let mut summaries: Vec<StorySummary> = Vec::with_capacity(stories.len());
    let mut story_views = Vec::with_capacity(stories.len());
    let mut stories_of: HashMap<&str, Vec<StorySummary>> = HashMap::new();
    for story in &stories {
        let members: Vec<&AnnotatedArticle> = story
            .articles
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        let summary = parallax_analyze::summary::summarize(story, &members, &analysis.duplicates);
        for id in &story.articles {
            stories_of
                .entry(id.as_str())
                .or_default()
                .push(summary.clone());
        }
        story_views.push(views::story_view(
            story,
            comparisons.get(story.id.as_str()).copied(),
            &members,
            &analysis.duplicates,
            links,
        ));
        summaries.push(summary);
    }
    let items: Vec<_> = summaries
        .iter()
        .map(|s| views::story_item(s, links))
        .collect();
    let article_views: Vec<_> = analysis
        .articles
        .iter()
        .map(|a| {
            let of = stories_of
                .get(a.article.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            views::article_view(a, of, links)
        })
        .collect();
    let loose: Vec<LooseArticle> = analysis
        .articles
        .iter()
        .filter(|a| !stories_of.contains_key(a.article.id.as_str()))
        .map(|a| LooseArticle {
            href: links.article(&a.article.id),
            title: a
                .article
                .title
                .clone()
                .unwrap_or_else(|| "(no title)".into()),
            label: a
                .article
                .outlet
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_else(|| a.article.path.clone()),
        })
        .collect();
    render::report_page(&ReportPage {
        stories: &items,
        story_views: &story_views,
        article_views: &article_views,
        loose: &loose,
        n_articles: analysis.articles.len(),
    })
}
