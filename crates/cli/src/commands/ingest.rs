use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use parallax_store::ingest::{ingest_paths, BatchDone, IngestOptions};
use parallax_store::{SqliteStore, Store};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or folders (searched recursively); `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The database file (created when missing).
    #[arg(long, default_value = "parallax.db", value_name = "FILE")]
    db: PathBuf,
    /// New articles per transaction: an interrupted run keeps every committed batch.
    #[arg(long, default_value_t = 500, value_name = "N")]
    batch_size: usize,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    limits: super::input_limits::InputLimits,
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let read_options = args.limits.read_options()?;
    let started = Instant::now();
    let mut store =
        SqliteStore::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let quiet = args.quiet;
    let mut on_batch = |b: &BatchDone| {
        if quiet {
        } else if b.analysed {
            eprintln!(
                "parallax: batch {} committed: {} new articles ({} stored), {} stories ({} rewritten, {} removed)",
                b.number, b.report.articles_added, b.stored_articles, b.stories, b.report.stories_written, b.report.stories_removed
            );
        } else {
            eprintln!(
                "parallax: batch {} committed: {} new articles ({} stored); stories are re-analysed as the collection grows and at the end",
                b.number, b.report.articles_added, b.stored_articles
            );
        }
    };
    let summary = ingest_paths(
        &mut store,
        &args.paths,
        IngestOptions {
            batch_size: args.batch_size,
            read: read_options,
        },
        &mut on_batch,
    )
    .with_context(|| format!("ingesting into {}", args.db.display()))?;
    for error in &summary.errors {
        eprintln!("parallax: skipped {error}");
    }
    for warning in &summary.warnings {
        eprintln!("parallax: warning: {warning}");
    }
    if !quiet {
        let counts = store.counts()?;
        println!(
            "{} articles read, {} new, {} already stored; {} inputs failed — {} articles and {} stories in {} ({:.2}s)",
            summary.read,
            summary.added,
            summary.known,
            summary.errors.len(),
            counts.articles,
            counts.stories,
            args.db.display(),
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
    Ok(if summary.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_SOME_INPUTS_FAILED)
    })
}
