//! Parallax persistence, and nothing else: the [`Store`] trait is what the pipeline, the CLI
//! and the web server use; the embedded default backend is SQLite ([`SqliteStore`], feature
//! `sqlite`), with versioned migrations and FTS5 full-text search over text the caller has
//! folded for search (`parallax_nlp::search`). The store knows no language and runs no
//! analysis: a [`Batch`] brings the articles, their search text and the analysis to write.

#[cfg(feature = "sqlite")]
mod sqlite;

use std::collections::HashSet;

use parallax_model::{AnnotatedArticle, Comparison, DuplicateGroup, Story, StorySummary};
use serde::{Deserialize, Serialize};

#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;

/// What went wrong in the store. Each variant's message holds its cause, so a printed error
/// chain names every cause once.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(String),
    #[error("schema migration: {0}")]
    Migration(String),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    BadQuery(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

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
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub article: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub language: Option<String>,
    /// The clean text (the caller cuts its excerpt).
    pub text: String,
    /// Stories the article belongs to.
    pub stories: Vec<String>,
}

/// An article to store, with its text as the search index holds it.
#[derive(Debug, Clone, Copy)]
pub struct NewArticle<'a> {
    pub annotated: &'a AnnotatedArticle,
    /// Title and clean text folded for search (`parallax_nlp::search::index_text`).
    pub search_title: &'a str,
    pub search_body: &'a str,
}

/// What one ingest batch writes, all in one transaction.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    /// Articles not stored yet (others are ignored).
    pub new_articles: &'a [NewArticle<'a>],
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
    /// One summary per story (same order as `stories`), for the story list.
    pub summaries: &'a [StorySummary],
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
    /// Full-text search: articles holding, for every query word, one of its folded forms
    /// as a word prefix (`parallax_nlp::search::query_terms`); at most `limit` hits, best first.
    fn search(&self, terms: &[Vec<String>], limit: usize) -> Result<Vec<SearchHit>>;
    fn counts(&self) -> Result<Counts>;
}
