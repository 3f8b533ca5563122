//! Parallax persistence, and nothing else: the [`Store`] trait is what the pipeline, the CLI
//! and the web server use. Two backends implement it: the embedded default, SQLite
//! ([`SqliteStore`], feature `sqlite`), and a PostgreSQL server ([`PostgresStore`], feature
//! `postgres`) that several ingest workers and servers share. Both have embedded, versioned
//! migrations and full-text search over text the caller has folded for search
//! (`parallax_nlp::search`). The store knows no language and runs no analysis: a [`Batch`]
//! brings the articles, their search text, the analysis to write and the entries of the
//! persisted analysis index (opaque bytes), all committed in one transaction.
//!
//! [`open`] picks the backend from a `--db` value: a `postgres://` or `postgresql://` URL is a
//! PostgreSQL database, anything else a SQLite file.

#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod parts;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod rows;
#[cfg(feature = "sqlite")]
mod sqlite;
mod target;

use std::collections::{HashMap, HashSet};

use parallax_model::{AnnotatedArticle, Comparison, DuplicateGroup, Story, StorySummary};
use serde::{Deserialize, Serialize};

#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
pub use target::{open, open_existing, DbTarget, DB_ENV};

/// What went wrong in the store. Each variant's message holds its cause (and no variant
/// wraps an error that prints the same text again), so a printed chain names each cause once.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(String),
    /// The server cannot be reached or dropped the connection: trying again later may work.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("schema migration: {0}")]
    Migration(String),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    BadQuery(String),
    /// Another writer committed an analysis after this one was computed (see
    /// [`Batch::base_generation`]): recompute it and commit again.
    #[error("another writer updated the analysis first")]
    Conflict,
    /// The `--db` value names something this build cannot open.
    #[error("{0}")]
    Unsupported(String),
}

impl StoreError {
    /// Whether the same operation may succeed when tried again (the connection was lost).
    pub fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Which backend a store is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
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
#[derive(Debug, Clone, Copy, Default)]
pub struct Batch<'a> {
    /// Articles not stored yet (others are ignored).
    pub new_articles: &'a [NewArticle<'a>],
    /// The full, recomputed analysis over every stored article plus the new ones: it
    /// replaces the stored one. `None` (and no [`Batch::update`]) leaves the stored analysis
    /// as it is (a later batch brings it up to date, and [`Store::analysis_pending`] tells
    /// until then).
    pub analysis: Option<BatchAnalysis<'a>>,
    /// An incremental analysis: only the stories and copy groups that changed.
    pub update: Option<AnalysisUpdate<'a>>,
    /// Entries of the persisted analysis index to write.
    pub index: IndexWrite<'a>,
    /// The [`Store::analysis_generation`] the analysis was computed on: the commit fails with
    /// [`StoreError::Conflict`] when another writer committed an analysis since. `None`
    /// commits without checking.
    pub base_generation: Option<u64>,
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

/// The part of the analysis an incremental update changed: the listed stories and copy
/// groups are written (replacing rows with the same id), the removed ones deleted, every
/// other row kept.
#[derive(Debug, Clone, Copy)]
pub struct AnalysisUpdate<'a> {
    pub changed: BatchAnalysis<'a>,
    /// Ids of stories that no longer exist (merged, or renamed as an earlier article joined).
    pub removed_stories: &'a [String],
    /// Origins of copy groups that no longer exist (merged into another group).
    pub removed_duplicates: &'a [String],
}

/// Changes to the persisted analysis index: a key-value table whose values only the
/// analysis reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct IndexWrite<'a> {
    /// Delete every entry first (a full recomputation rewrites the index).
    pub clear: bool,
    pub put: &'a [(String, Vec<u8>)],
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

/// The step [`Store::with_analysis_lock`] runs.
pub type LockedStep<'s> = dyn FnMut(&mut dyn Store) -> Result<()> + 's;

/// A Parallax database. All reads are consistent snapshots; [`Store::commit`] is atomic.
pub trait Store: Send {
    fn backend(&self) -> Backend;
    /// Ids of every stored article.
    fn article_ids(&self) -> Result<HashSet<String>>;
    /// Every stored article with its tokens and raw text (for recomputing stories).
    fn load_articles(&self) -> Result<Vec<AnnotatedArticle>>;
    /// The stored articles among `ids`, with tokens and raw text, in no particular order.
    fn articles_by_id(&self, ids: &[String]) -> Result<Vec<AnnotatedArticle>>;
    /// Add new articles and write the analysis and index entries, atomically.
    fn commit(&mut self, batch: Batch<'_>) -> Result<CommitReport>;
    /// The newest batch stored articles without bringing the analysis up to date (an ingest
    /// was interrupted between two analyses).
    fn analysis_pending(&self) -> Result<bool>;
    /// How many analyses were committed with [`Batch::base_generation`] set: a writer that
    /// reads this before computing knows at commit time whether another one came first.
    fn analysis_generation(&self) -> Result<u64>;
    /// Run `step` while holding this database's analysis lock: the same step of another
    /// process (on this or another machine) waits until it is done. Reads inside `step` see
    /// every commit made before the lock was granted.
    fn with_analysis_lock(&mut self, step: &mut LockedStep<'_>) -> Result<()>;
    /// Values of the persisted analysis index for those of `keys` that are stored.
    fn index_entries(&self, keys: &[String]) -> Result<HashMap<String, Vec<u8>>>;
    /// Stories, newest first.
    fn stories(&self, offset: usize, limit: usize) -> Result<Page<StorySummary>>;
    /// A story with all its articles, oldest first (undated ones before the dated).
    fn story(&self, id: &str) -> Result<Option<StoryRecord>> {
        self.story_page(id, 0, usize::MAX)
    }
    /// A story with one page of its articles, in the order of [`Store::story`]; the story's
    /// `articles` still lists every id. Its comparison is what the stored comparison says
    /// about the events of the page's articles, with the shared and disputed claims of the
    /// whole story (their statuses and counts, both cells of each dispute): a page of a large
    /// story reads a bounded part of it. [`Store::story`] gives the whole comparison.
    fn story_page(&self, id: &str, offset: usize, limit: usize) -> Result<Option<StoryRecord>>;
    /// Ids of a story's articles (empty for an unknown story).
    fn story_article_ids(&self, id: &str) -> Result<Vec<String>>;
    /// One article (with its raw text, without tokens).
    fn article(&self, id: &str) -> Result<Option<AnnotatedArticle>>;
    /// Stories an article belongs to.
    fn stories_of_article(&self, id: &str) -> Result<Vec<StorySummary>>;
    /// Full-text search: articles holding, for every query word, one of its folded forms
    /// as a word prefix (`parallax_nlp::search::query_terms`); at most `limit` hits, best first.
    fn search(&self, terms: &[Vec<String>], limit: usize) -> Result<Vec<SearchHit>>;
    fn counts(&self) -> Result<Counts>;
}

/// Environment variable (milliseconds) that makes a commit pause inside its transaction,
/// after writing and before committing: lets tests kill an ingest mid-batch.
pub const SLOW_COMMIT_ENV: &str = "PARALLAX_TEST_SLOW_COMMIT";

#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) fn slow_commit_pause(articles: usize) {
    if let Some(ms) = std::env::var(SLOW_COMMIT_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        eprintln!("parallax: committing batch of {articles} articles (paused {ms} ms)");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}
