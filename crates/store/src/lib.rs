//! Parallax persistence. The [`Store`] trait is what the CLI and the web server use; the
//! embedded default backend is SQLite ([`SqliteStore`]), with FTS5 full-text search folded
//! for German ([`fold`]) and versioned migrations. A PostgreSQL backend can implement the
//! same trait later.
//!
//! Ingest ([`ingest::ingest_paths`]) reads inputs, annotates only articles the store does not
//! hold yet (ids are content hashes), recomputes stories and comparisons over all stored
//! articles, and commits each batch in one transaction.

pub mod fold;
pub mod ingest;
mod sqlite;

use std::collections::HashSet;

use parallax_model::{AnnotatedArticle, Comparison, DuplicateGroup, SourceKind, Story};
use serde::{Deserialize, Serialize};

pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("schema migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    BadQuery(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An outlet as shown on a badge: name, kind and state affiliation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OutletBadge {
    pub name: String,
    pub kind: Option<SourceKind>,
    pub state_affiliation: Option<String>,
}

/// One line of the story list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub articles: usize,
    /// Independent origins among the articles (copies counted once).
    pub origins: usize,
    pub events: usize,
    pub outlets: Vec<OutletBadge>,
}

/// A page of a longer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
}

/// Everything the story page needs: the story, its comparison, its articles and copies.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryRecord {
    pub story: Story,
    pub comparison: Option<Comparison>,
    pub articles: Vec<AnnotatedArticle>,
    pub duplicates: Vec<DuplicateGroup>,
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub article: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// A short excerpt of the clean text around the first match.
    pub snippet: String,
    /// Stories the article belongs to.
    pub stories: Vec<String>,
}

/// What one ingest batch writes, all in one transaction.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    /// Articles not stored yet (others are ignored).
    pub new_articles: &'a [AnnotatedArticle],
    /// The full, recomputed analysis over every stored article plus the new ones; `None`
    /// leaves the stored analysis as it is (a later batch brings it up to date, and
    /// [`Store::analysis_pending`] tells until then).
    pub analysis: Option<BatchAnalysis<'a>>,
}

/// Copies, stories and their comparisons over the whole collection.
#[derive(Debug, Clone, Copy)]
pub struct BatchAnalysis<'a> {
    pub duplicates: &'a [DuplicateGroup],
    pub stories: &'a [Story],
    pub comparisons: &'a [Comparison],
}

/// What a commit changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CommitReport {
    pub articles_added: usize,
    pub stories_written: usize,
    pub stories_removed: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub articles: usize,
    pub stories: usize,
    pub batches: usize,
}

/// A Parallax database. All reads are consistent snapshots; [`Store::commit`] is atomic.
pub trait Store: Send {
    /// Ids of every stored article.
    fn article_ids(&self) -> Result<HashSet<String>>;
    /// Every stored article with its tokens and raw text (for recomputing stories).
    fn load_articles(&self) -> Result<Vec<AnnotatedArticle>>;
    /// Add new articles and replace the analysis, atomically.
    fn commit(&mut self, batch: Batch<'_>) -> Result<CommitReport>;
    /// The newest batch stored articles without bringing the analysis up to date (an ingest
    /// was interrupted between two analyses).
    fn analysis_pending(&self) -> Result<bool>;
    /// Stories, newest first.
    fn stories(&self, offset: usize, limit: usize) -> Result<Page<StorySummary>>;
    fn story(&self, id: &str) -> Result<Option<StoryRecord>>;
    /// One article (with its raw text, without tokens).
    fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>>;
    /// Stories an article belongs to.
    fn stories_of_article(&self, id: &str) -> Result<Vec<StorySummary>>;
    /// Full-text search (German-folded); at most `limit` hits, best first.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
    fn counts(&self) -> Result<Counts>;
}

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
