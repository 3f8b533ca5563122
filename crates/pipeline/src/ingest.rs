//! `parallax ingest`: read inputs, annotate what the store does not hold yet, and commit
//! batch by batch (one transaction each). Two ways to keep the analysis (copies, stories,
//! comparisons) up to date, see [`AnalysisMode`]:
//!
//! - **full** (SQLite's default): recomputed over everything stored with the first batch,
//!   whenever the collection has grown by a quarter since, and with the run's last batch;
//! - **incremental** (PostgreSQL's default): every batch joins the stored stories through the
//!   persisted story index ([`crate::incremental`]), rebuilding only the stories it changes.
//!
//! Either way the analysis runs under the store's analysis lock, over what is stored when
//! the lock is granted: several ingests into one database (on one machine or many) wait for
//! each other's analysis, and the last one to finish leaves stories over everything.
//!
//! Killing the process mid-batch leaves the database as after the previous batch; the next
//! run skips what was committed (ids are content hashes) and completes the rest. A lost
//! database connection is retried with backoff (said on stderr); a batch is never partial.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use parallax_ingest::{Input, InputError, InputItem, InputWarning, ReadOptions};
use parallax_model::AnnotatedArticle;
use parallax_nlp::embed::SentenceEncoder;
use parallax_store::{
    Backend, Batch, BatchAnalysis, CommitReport, NewArticle, Result, Store, StoreError,
};
use rayon::prelude::*;

/// How an ingest keeps the stories up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnalysisMode {
    /// The backend's default: full on SQLite, incremental on PostgreSQL.
    #[default]
    Auto,
    /// Recompute everything as the collection grows by a quarter, and at the end.
    Full,
    /// Every batch updates only the stories it changes.
    Incremental,
}

impl AnalysisMode {
    fn for_backend(self, backend: Backend) -> AnalysisMode {
        match (self, backend) {
            (AnalysisMode::Auto, Backend::Sqlite) => AnalysisMode::Full,
            (AnalysisMode::Auto, Backend::Postgres) => AnalysisMode::Incremental,
            (mode, _) => mode,
        }
    }
}

#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// New articles per transaction.
    pub batch_size: usize,
    pub analysis: AnalysisMode,
    /// How long to keep retrying when the database is unreachable.
    pub retry_for: Duration,
    /// Files never read as inputs (the database's own files inside an input folder).
    pub skip: Vec<PathBuf>,
    /// Size limit and time budget per input.
    pub read: ReadOptions,
    /// With a sentence encoder, every new article is embedded before it is stored; the
    /// vectors are stored with it, so every later analysis matches by meaning too.
    pub encoder: Option<SharedEncoder>,
    /// Told of each bad or repaired input as soon as its chunk of inputs is read.
    pub reporter: Option<crate::ReadReporter>,
}

/// A sentence encoder shared by the threads of an ingest; shown by its model's name.
#[derive(Clone)]
pub struct SharedEncoder(pub Arc<dyn SentenceEncoder>);

impl std::fmt::Debug for SharedEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.model())
    }
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_size: 500,
            analysis: AnalysisMode::Auto,
            retry_for: Duration::from_secs(120),
            skip: Vec::new(),
            read: ReadOptions::default(),
            encoder: None,
            reporter: None,
        }
    }
}

/// First pause before retrying a lost connection; doubled each time up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Run `op` until it succeeds, fails for good, or the database stayed unreachable for
/// `retry_for`; says on stderr what it waits for. A [`StoreError::Conflict`] (another
/// writer's analysis came first) is retried at once: `op` recomputes over the new state.
pub fn with_retry<T>(retry_for: Duration, mut op: impl FnMut() -> Result<T>) -> Result<T> {
    let started = Instant::now();
    let mut pause = FIRST_BACKOFF;
    loop {
        match op() {
            Err(StoreError::Conflict) => continue,
            Err(e) if e.is_retryable() && started.elapsed() < retry_for => {
                eprintln!(
                    "parallax: {e}; retrying in {:.1} s (the batch is not stored yet)",
                    pause.as_secs_f64()
                );
                std::thread::sleep(pause);
                pause = (pause * 2).min(MAX_BACKOFF);
            }
            other => return other,
        }
    }
}

/// Progress after each committed batch.
#[derive(Debug, Clone, Copy)]
pub struct BatchDone {
    pub number: usize,
    pub report: CommitReport,
    pub stored_articles: usize,
    pub stories: usize,
    /// This batch brought the analysis up to date (else the stored stories wait for a later
    /// batch of the run).
    pub analysed: bool,
}

#[derive(Debug, Default)]
pub struct IngestSummary {
    /// Articles read from the inputs.
    pub read: usize,
    /// Articles added to the store.
    pub added: usize,
    /// Articles skipped because the store (or an earlier input of this run) held them.
    pub known: usize,
    pub batches: usize,
    pub stories: usize,
    /// Bad inputs and records, in input order; the run carried on without them.
    pub errors: Vec<InputError>,
    /// Inputs read with repairs (bytes that were not UTF-8, mixed encodings), in input order.
    pub warnings: Vec<InputWarning>,
}

/// How many inputs are read (in parallel) before pending articles are committed.
const INPUT_CHUNK: usize = 32;

/// Ingest `paths` into `store`. `on_batch` is called after each committed batch.
pub fn ingest_paths(
    store: &mut dyn Store,
    paths: &[PathBuf],
    options: IngestOptions,
    on_batch: &mut dyn FnMut(&BatchDone),
) -> Result<IngestSummary> {
    let batch_size = options.batch_size.max(1);
    let mut summary = IngestSummary::default();
    let (mut inputs, errors) = parallax_ingest::discover(paths);
    let reporter = options.reporter.as_ref();
    crate::ReadReporter::failed(reporter, &errors);
    summary.errors = errors;
    let skip: Vec<PathBuf> = options.skip.iter().map(|p| canonical(p)).collect();
    inputs.retain(|input| match input {
        Input::File(path) => !skip.contains(&canonical(path)),
        Input::Stdin => true,
    });
    let retry_for = options.retry_for;
    let mut known = with_retry(retry_for, || store.article_ids())?;
    let pending_at_start = with_retry(retry_for, || store.analysis_pending())?;
    let mut collection = Collection {
        articles: None,
        // An interrupted run left articles the stored analysis does not cover: analyse at once.
        analysed: if pending_at_start { 0 } else { known.len() },
        stories: with_retry(retry_for, || store.counts())?.stories,
        mode: options.analysis.for_backend(store.backend()),
        retry_for,
    };
    let mut pending: Vec<AnnotatedArticle> = Vec::new();

    for chunk in inputs.chunks(INPUT_CHUNK) {
        let warned_before = summary.warnings.len();
        let (articles, bad, read) = read_new(chunk, &known, &options.read, &mut summary.warnings);
        crate::ReadReporter::failed(reporter, &bad);
        crate::ReadReporter::repaired(reporter, &summary.warnings[warned_before..]);
        summary.read += read;
        summary.errors.extend(bad);
        for mut a in articles {
            if known.insert(a.article.id.clone()) {
                if let Some(SharedEncoder(encoder)) = &options.encoder {
                    parallax_nlp::embed::embed_article(encoder.as_ref(), &mut a);
                }
                pending.push(a);
            } else {
                summary.known += 1;
            }
        }
        // Strictly more than a batch: the run's last batch is never empty, and it is the one
        // that always brings the analysis up to date.
        while pending.len() > batch_size {
            let rest = pending.split_off(batch_size);
            let batch = std::mem::replace(&mut pending, rest);
            commit_batch(store, &mut collection, batch, false, &mut summary, on_batch)?;
        }
    }
    if !pending.is_empty() || pending_at_start {
        commit_batch(
            store,
            &mut collection,
            pending,
            true,
            &mut summary,
            on_batch,
        )?;
    }
    summary.stories = collection.stories;
    summary.known = summary.read - summary.added;
    summary
        .errors
        .sort_by(|a, b| a.input.cmp(&b.input).then_with(|| a.reason.cmp(&b.reason)));
    summary.warnings.sort_by(|a, b| {
        a.input
            .cmp(&b.input)
            .then_with(|| a.message.cmp(&b.message))
    });
    Ok(summary)
}

/// A path made absolute with its folder's links resolved (the file itself may not exist).
fn canonical(path: &std::path::Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                dir
            };
            dir.canonicalize()
                .map(|d| d.join(name))
                .unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Read a chunk of inputs in parallel; annotate only articles whose id is not in `known`.
fn read_new(
    chunk: &[Input],
    known: &HashSet<String>,
    options: &ReadOptions,
    warnings: &mut Vec<InputWarning>,
) -> (Vec<AnnotatedArticle>, Vec<InputError>, usize) {
    let errors = Mutex::new(Vec::new());
    let warned = Mutex::new(Vec::new());
    let read = std::sync::atomic::AtomicUsize::new(0);
    let mut articles: Vec<AnnotatedArticle> = chunk
        .par_iter()
        .flat_map_iter(|input| {
            let mut out = Vec::new();
            let mut bad = Vec::new();
            parallax_ingest::read_input_with(input, options, &mut |item| match item {
                InputItem::Article {
                    mut article,
                    deadline,
                } => {
                    if article.id.is_empty() {
                        article.id = parallax_ingest::id::article_id(&article.text);
                    }
                    if !known.contains(&article.id) {
                        let input = article.path.clone();
                        // The input's time budget covers its annotation too.
                        match parallax_nlp::annotate_within(*article, &deadline) {
                            Ok(a) => out.push(a),
                            Err(over) => {
                                return bad.push(InputError {
                                    input,
                                    reason: over.to_string(),
                                })
                            }
                        }
                    }
                    read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                InputItem::Error(e) => bad.push(e),
                InputItem::Warning(w) => warned.lock().unwrap_or_else(|p| p.into_inner()).push(w),
            });
            if !bad.is_empty() {
                errors.lock().unwrap_or_else(|p| p.into_inner()).extend(bad);
            }
            out
        })
        .collect();
    warnings.extend(warned.into_inner().unwrap_or_else(|p| p.into_inner()));
    articles.sort_by(|a, b| {
        a.article
            .path
            .cmp(&b.article.path)
            .then_with(|| a.article.id.cmp(&b.article.id))
    });
    (
        articles,
        errors.into_inner().unwrap_or_else(|p| p.into_inner()),
        read.into_inner(),
    )
}

/// An article with its title and text folded for search by its own language's rules.
pub(crate) struct Searchable {
    title: String,
    body: String,
}

pub(crate) fn searchable(a: &AnnotatedArticle) -> Searchable {
    let language = parallax_nlp::lang::for_code(a.article.language.as_deref());
    Searchable {
        title: parallax_nlp::search::index_text(language, a.article.title.as_deref().unwrap_or("")),
        body: parallax_nlp::search::index_text(language, &a.article.text),
    }
}

/// Commit `batch` (and, when given, the analysis) in one transaction, with the articles'
/// search text folded by their languages.
pub fn commit_articles(
    store: &mut dyn Store,
    batch: &[AnnotatedArticle],
    analysis: Option<BatchAnalysis<'_>>,
) -> Result<CommitReport> {
    let search: Vec<Searchable> = batch.par_iter().map(searchable).collect();
    let new_articles = new_articles(batch, &search);
    store.commit(Batch {
        new_articles: &new_articles,
        analysis,
        ..Batch::default()
    })
}

/// The articles of `batch` as the store takes them, with their search text.
pub(crate) fn new_articles<'a>(
    batch: &'a [AnnotatedArticle],
    search: &'a [Searchable],
) -> Vec<NewArticle<'a>> {
    batch
        .iter()
        .zip(search)
        .map(|(annotated, s)| NewArticle {
            annotated,
            search_title: &s.title,
            search_body: &s.body,
        })
        .collect()
}

/// The collection is re-analysed (copies, stories and comparisons over every stored article)
/// when it has grown by this factor since its last analysis, and at the end of every run: a
/// long ingest analyses O(log n) times instead of once per batch.
const REANALYSE_GROWTH: f64 = 1.25;

/// The stored articles as the ingest sees them.
struct Collection {
    /// Every stored article (full mode), loaded at the first analysis.
    articles: Option<Vec<AnnotatedArticle>>,
    /// How many articles the stored analysis covers.
    analysed: usize,
    /// Stories in the stored analysis.
    stories: usize,
    mode: AnalysisMode,
    retry_for: Duration,
}

fn commit_batch(
    store: &mut dyn Store,
    collection: &mut Collection,
    batch: Vec<AnnotatedArticle>,
    last: bool,
    summary: &mut IngestSummary,
    on_batch: &mut dyn FnMut(&BatchDone),
) -> Result<()> {
    let stored_before = collection
        .analysed
        .max(collection.articles.as_ref().map_or(0, Vec::len));
    let due = collection.mode == AnalysisMode::Incremental
        || last
        || (stored_before + batch.len()) as f64 >= collection.analysed as f64 * REANALYSE_GROWTH;
    let retry_for = collection.retry_for;
    let report = if !due {
        let report = with_retry(retry_for, || commit_articles(store, &batch, None))?;
        if let Some(all) = collection.articles.as_mut() {
            all.extend(batch.iter().cloned());
        }
        report
    } else {
        let mut report = CommitReport::default();
        with_retry(retry_for, || {
            store.with_analysis_lock(&mut |s: &mut dyn Store| {
                report = match collection.mode {
                    AnalysisMode::Incremental => {
                        crate::incremental::commit_incremental(s, &batch)?.commit
                    }
                    _ => analyse_fully(s, collection, &batch)?,
                };
                Ok(())
            })
        })?;
        collection.stories = with_retry(retry_for, || store.counts())?.stories;
        report
    };
    summary.added += report.articles_added;
    summary.batches += 1;
    let stored_articles = match &collection.articles {
        Some(all) => all.len(),
        None => with_retry(retry_for, || store.counts())?.articles,
    };
    on_batch(&BatchDone {
        number: summary.batches,
        report,
        stored_articles,
        stories: collection.stories,
        analysed: due,
    });
    Ok(())
}

/// The full analysis over everything stored plus `batch`, committed with it. Runs under the
/// analysis lock: the articles are reloaded when another writer stored some since this run
/// last looked.
fn analyse_fully(
    store: &mut dyn Store,
    collection: &mut Collection,
    batch: &[AnnotatedArticle],
) -> Result<CommitReport> {
    let stored = store.counts()?.articles;
    let mut all = match collection.articles.take() {
        Some(all) if all.len() == stored => all,
        _ => store.load_articles()?,
    };
    let ids: HashSet<&str> = all.iter().map(|a| a.article.id.as_str()).collect();
    let fresh: Vec<AnnotatedArticle> = batch
        .iter()
        .filter(|a| !ids.contains(a.article.id.as_str()))
        .cloned()
        .collect();
    all.extend(fresh);
    let analysis = parallax_analyze::analyze(all);
    let summaries = parallax_analyze::summary::summarize_all(
        &analysis.stories,
        &analysis.articles,
        &analysis.duplicates,
    );
    let report = commit_articles(
        store,
        batch,
        Some(BatchAnalysis {
            duplicates: &analysis.duplicates,
            stories: &analysis.stories,
            comparisons: &analysis.comparisons,
            summaries: &summaries,
        }),
    )?;
    collection.analysed = analysis.articles.len();
    collection.articles = Some(analysis.articles);
    Ok(report)
}

/// Recompute every story and copy group over the whole stored collection and rewrite the
/// persisted story index (`parallax recluster`), under the analysis lock.
pub fn recluster(store: &mut dyn Store, retry_for: Duration) -> Result<CommitReport> {
    let mut report = CommitReport::default();
    with_retry(retry_for, || {
        store.with_analysis_lock(&mut |s: &mut dyn Store| {
            report = crate::incremental::commit_full(s, &[])?;
            Ok(())
        })
    })?;
    Ok(report)
}

/// Store a whole analysis (every article and its copies, stories and comparisons) in one
/// transaction: a report's result kept for `parallax serve`, and the quickest way to fill a
/// store in tests and benchmarks.
pub fn commit_analysis(
    store: &mut dyn Store,
    analysis: &parallax_model::Analysis,
) -> Result<CommitReport> {
    let summaries = parallax_analyze::summary::summarize_all(
        &analysis.stories,
        &analysis.articles,
        &analysis.duplicates,
    );
    commit_articles(
        store,
        &analysis.articles,
        Some(BatchAnalysis {
            duplicates: &analysis.duplicates,
            stories: &analysis.stories,
            comparisons: &analysis.comparisons,
            summaries: &summaries,
        }),
    )
}
