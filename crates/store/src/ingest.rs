//! `parallax ingest`: read inputs, annotate what the store does not hold yet, and commit
//! batch by batch (one transaction each). The analysis over everything stored (copies,
//! stories, comparisons) is recomputed with the first batch, whenever the collection has grown
//! by a quarter since, and with the run's last batch.
//!
//! Killing the process mid-batch leaves the database as after the previous batch; the next
//! run skips what was committed (ids are content hashes) and completes the rest.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

use parallax_ingest::{Input, InputError, InputItem, InputWarning, ReadOptions};
use parallax_model::AnnotatedArticle;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::{Batch, BatchAnalysis, CommitReport, Result, Store};

#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// New articles per transaction.
    pub batch_size: usize,
    /// Size limit and time budget per input.
    pub read: ReadOptions,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_size: 500,
            read: ReadOptions::default(),
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
    let (inputs, errors) = parallax_ingest::discover(paths);
    summary.errors = errors;
    let mut known = store.article_ids()?;
    let pending_at_start = store.analysis_pending()?;
    let mut collection = Collection {
        articles: None,
        // An interrupted run left articles the stored analysis does not cover: analyse at once.
        analysed: if pending_at_start { 0 } else { known.len() },
        stories: store.counts()?.stories,
    };
    let mut pending: Vec<AnnotatedArticle> = Vec::new();

    for chunk in inputs.chunks(INPUT_CHUNK) {
        let (articles, bad, read) = read_new(chunk, &known, &options.read, &mut summary.warnings);
        summary.read += read;
        summary.errors.extend(bad);
        for a in articles {
            if known.insert(a.article.id.clone()) {
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
                        article.id = content_id(&article.text);
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

/// Id for an article whose reader gave none: SHA-256 prefix of the clean text.
fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The collection is re-analysed (copies, stories and comparisons over every stored article)
/// when it has grown by this factor since its last analysis, and at the end of every run: a
/// long ingest analyses O(log n) times instead of once per batch.
const REANALYSE_GROWTH: f64 = 1.25;

/// The stored articles as the ingest sees them.
struct Collection {
    /// Every stored article, loaded at the first commit.
    articles: Option<Vec<AnnotatedArticle>>,
    /// How many articles the stored analysis covers.
    analysed: usize,
    /// Stories in the stored analysis.
    stories: usize,
}

fn commit_batch(
    store: &mut dyn Store,
    collection: &mut Collection,
    batch: Vec<AnnotatedArticle>,
    last: bool,
    summary: &mut IngestSummary,
    on_batch: &mut dyn FnMut(&BatchDone),
) -> Result<()> {
    let mut all = match collection.articles.take() {
        Some(all) => all,
        None => store.load_articles()?,
    };
    all.extend(batch.iter().cloned());
    let due = last || all.len() as f64 >= collection.analysed as f64 * REANALYSE_GROWTH;
    let report = if due {
        let analysis = parallax_analyze::analyze(all);
        let report = store.commit(Batch {
            new_articles: &batch,
            analysis: Some(BatchAnalysis {
                duplicates: &analysis.duplicates,
                stories: &analysis.stories,
                comparisons: &analysis.comparisons,
            }),
        })?;
        collection.analysed = analysis.articles.len();
        collection.stories = analysis.stories.len();
        collection.articles = Some(analysis.articles);
        report
    } else {
        let report = store.commit(Batch {
            new_articles: &batch,
            analysis: None,
        })?;
        collection.articles = Some(all);
        report
    };
    summary.added += report.articles_added;
    summary.batches += 1;
    on_batch(&BatchDone {
        number: summary.batches,
        report,
        stored_articles: collection.articles.as_ref().map_or(0, Vec::len),
        stories: collection.stories,
        analysed: due,
    });
    Ok(())
}
