//! `parallax ingest`: add articles to a database (SQLite file or PostgreSQL) and bring its
//! stories up to date. Several ingests may write into one database at once.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::ValueEnum;
use parallax_pipeline::ingest::{ingest_paths, AnalysisMode, BatchDone, IngestOptions};
use parallax_store::DbTarget;

use super::db::DbArgs;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Analysis {
    /// Full on SQLite, incremental on PostgreSQL.
    Auto,
    /// Recompute every story as the collection grows by a quarter, and at the end.
    Full,
    /// Each batch joins the stored stories; only the stories it changes are rebuilt.
    Incremental,
}

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or folders (searched recursively); `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
    /// New articles per transaction: an interrupted run keeps every committed batch.
    #[arg(long, default_value_t = 500, value_name = "N")]
    batch_size: usize,
    /// How the stories are kept up to date.
    #[arg(long, value_enum, default_value_t = Analysis::Auto)]
    analysis: Analysis,
    /// How long to keep retrying while the database is unreachable.
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    retry_for: u64,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Do not embed articles with the multilingual sentence encoder even when it is
    /// installed: their stories and claims across languages are matched by words, entities,
    /// numbers and dates alone, now and in every later analysis.
    #[arg(long)]
    no_encoder: bool,
    #[command(flatten)]
    limits: super::input_limits::InputLimits,
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let read_options = args.limits.read_options()?;
    let started = Instant::now();
    let target = args.db.target();
    let created = match &target {
        DbTarget::Sqlite(path) => !path.exists(),
        DbTarget::Postgres(_) => false,
    };
    let result = ingest(&args, &target, read_options, started);
    if created && !matches!(result, Ok(true)) {
        remove_if_empty(&target);
    }
    result.map(|all_read| {
        if all_read {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(super::EXIT_SOME_INPUTS_FAILED)
        }
    })
}

/// Ingest; `Ok(true)` when every input was read.
fn ingest(
    args: &IngestArgs,
    target: &DbTarget,
    read_options: parallax_ingest::ReadOptions,
    started: Instant,
) -> anyhow::Result<bool> {
    let name = target.display();
    let mut store = parallax_store::open(target).with_context(|| format!("opening {name}"))?;
    let quiet = args.quiet;
    let mut on_batch = |b: &BatchDone| {
        if quiet {
        } else if b.analysed {
            eprintln!(
                "parallax: batch {} committed: {} ({} stored), {} ({} rewritten, {} removed)",
                b.number,
                super::counted(b.report.articles_added, "new article", "new articles"),
                b.stored_articles,
                super::counted(b.stories, "story", "stories"),
                b.report.stories_written,
                b.report.stories_removed
            );
        } else {
            eprintln!(
                "parallax: batch {} committed: {} ({} stored); stories are re-analysed as the collection grows and at the end",
                b.number,
                super::counted(b.report.articles_added, "new article", "new articles"),
                b.stored_articles
            );
        }
    };
    let options = IngestOptions {
        batch_size: args.batch_size,
        read: read_options,
        analysis: match args.analysis {
            Analysis::Auto => AnalysisMode::Auto,
            Analysis::Full => AnalysisMode::Full,
            Analysis::Incremental => AnalysisMode::Incremental,
        },
        retry_for: Duration::from_secs(args.retry_for),
        skip: target.own_files(),
        reporter: Some(super::analyze::read_reporter(None)),
        encoder: super::analyze::sentence_encoder(args.no_encoder, quiet).map(|e| {
            parallax_pipeline::ingest::SharedEncoder(std::sync::Arc::from(
                e as Box<dyn parallax_nlp::embed::SentenceEncoder>,
            ))
        }),
    };
    let summary = ingest_paths(&mut *store, &args.paths, options, &mut on_batch)
        .with_context(|| format!("ingesting into {name}"))?;
    if !quiet {
        let counts = store.counts()?;
        println!(
            "{} read, {} new, {} already stored; {} failed — {} and {} in {} ({:.2}s)",
            super::counted(summary.read, "article", "articles"),
            summary.added,
            summary.known,
            super::counted(summary.errors.len(), "input", "inputs"),
            super::counted(counts.articles, "article", "articles"),
            super::counted(counts.stories, "story", "stories"),
            name,
            started.elapsed().as_secs_f64()
        );
    }
    if summary.read == 0 {
        anyhow::bail!(
            "no articles found in {}{}",
            super::paths_list(&args.paths),
            super::analyze::failed_note(summary.errors.len())
        );
    }
    Ok(summary.errors.is_empty())
}

/// A SQLite file this run created and stored nothing in is removed again (with its `-wal`
/// and `-shm` companions): a failed first ingest leaves no empty database behind.
fn remove_if_empty(target: &DbTarget) {
    let empty = match parallax_store::open_existing(target) {
        Ok(store) => store.counts().is_ok_and(|c| c.articles == 0),
        Err(_) => true,
    };
    if empty {
        for file in target.own_files() {
            let _ = std::fs::remove_file(file);
        }
    }
}
