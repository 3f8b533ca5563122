//! `parallax recluster`: recompute every story and copy group over the whole stored
//! collection (the incremental ingest's stories depend on arrival order; this gives the
//! order-independent result) and rewrite the persisted story index.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::db::DbArgs;

#[derive(clap::Args)]
pub struct ReclusterArgs {
    #[command(flatten)]
    db: DbArgs,
}

pub fn run(args: ReclusterArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let target = args.db.target();
    let name = target.display();
    let mut store =
        parallax_store::open_existing(&target).with_context(|| format!("opening {name}"))?;
    let report = parallax_pipeline::ingest::recluster(&mut *store, Duration::from_secs(120))
        .with_context(|| format!("reclustering {name}"))?;
    let counts = store.counts()?;
    println!(
        "{}, {} in {name} ({} rewritten, {} removed) ({:.2}s)",
        super::counted(counts.articles, "article", "articles"),
        super::counted(counts.stories, "story", "stories"),
        report.stories_written,
        report.stories_removed,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
