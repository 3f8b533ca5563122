//! `parallax bench stories --articles N`: copy detection and story clustering over a synthetic
//! stream of templated events; prints articles/s and peak memory. `parallax bench ingest`:
//! see [`super::bench_ingest`]. `parallax bench robustness`: time per MB of one big article at
//! growing sizes (see `robustness_bench`). `parallax bench serve --db DB`: server memory and
//! latency under repeated story page requests (see `serve_bench`).

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::ValueEnum;
use parallax_analyze::{duplicates, stories};
use parallax_devtools::{eval::stories as eval, synthetic};
use rayon::prelude::*;

#[derive(Clone, Copy, ValueEnum)]
pub enum Target {
    /// Near-duplicates, stories and events over synthetic articles.
    Stories,
    /// `parallax ingest` into SQLite and PostgreSQL with 1, 2 and 4 workers, incremental
    /// updates, and serving from PostgreSQL.
    Ingest,
    /// Time per MB of one big article (single-line text, HTML) at 1, 2, 4, 8 MB, per stage.
    Robustness,
    /// The largest story of `--db`, every page of its sources served round after round by a
    /// real `parallax serve`: latency, answer size and the server's memory per round.
    Serve,
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// What to measure.
    target: Target,
    /// How many synthetic articles to generate (about 20 per templated event).
    #[arg(long, default_value_t = 100_000)]
    articles: usize,
    /// Seed of the synthetic stream.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// `ingest`: a PostgreSQL database the bench may empty (`postgres://…`).
    #[arg(long, value_name = "URL")]
    postgres: Option<String>,
    /// `ingest`: worker counts to measure on PostgreSQL.
    #[arg(long, value_delimiter = ',', default_value = "1,2,4")]
    workers: Vec<usize>,
    /// Sizes in MB of the big article (`robustness`).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1,2,4,8",
        value_name = "MB,…"
    )]
    sizes: Vec<usize>,
    /// `serve`: the database whose largest story is served (a path or `postgres://…`).
    #[arg(long, value_name = "DB")]
    db: Option<String>,
    /// `serve`: how many times every page is requested.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Folder of .txt articles whose prose the big article repeats (`robustness`).
    #[arg(long, default_value = "examples/corpus/text", value_name = "DIR")]
    corpus: std::path::PathBuf,
}

/// Peak resident memory of this process (VmHWM), in MiB, where /proc is available.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    match args.target {
        Target::Stories => bench_stories(args.articles, args.seed),
        Target::Ingest => {
            super::bench_ingest::run(super::bench_ingest::IngestBench {
                articles: args.articles,
                seed: args.seed,
                postgres: args.postgres.as_deref(),
                workers: &args.workers,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Target::Robustness => super::robustness_bench::run(&args.corpus, &args.sizes),
        Target::Serve => {
            let db = args.db.context(
                "bench serve needs --db: a database holding a large story (made by `parallax ingest`)",
            )?;
            super::serve_bench::run(&db, args.rounds)
        }
    }
}

fn bench_stories(n: usize, seed: u64) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let generated = synthetic::generate(n, seed);
    let gen_secs = t0.elapsed().as_secs_f64();
    let (articles, events): (Vec<_>, Vec<usize>) = generated.into_iter().unzip();
    let n_events = events
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    println!(
        "generated {n} synthetic articles from {n_events} templated events in {gen_secs:.1} s"
    );

    let t1 = Instant::now();
    let feats: Vec<_> = articles
        .par_iter()
        .map(stories::features::extract)
        .collect();
    let feat_secs = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let groups = duplicates::find_with_features(&articles, &feats);
    let dup_secs = t2.elapsed().as_secs_f64();
    let t3 = Instant::now();
    let found = stories::cluster_with_features(&articles, &feats, &groups);
    let story_secs = t3.elapsed().as_secs_f64();
    let total = t1.elapsed().as_secs_f64();

    // Quality on the synthetic stream: each templated event is one story.
    let pos: std::collections::HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.article.id.as_str(), i))
        .collect();
    let mut pred = vec![usize::MAX; articles.len()];
    let mut pred_event = vec![usize::MAX; articles.len()];
    let mut n_ev = 0;
    for (s, st) in found.iter().enumerate() {
        for a in &st.articles {
            if let Some(&i) = pos.get(a.as_str()) {
                pred[i] = s;
            }
        }
        for e in &st.events {
            for a in &e.articles {
                if let Some(&i) = pos.get(a.as_str()) {
                    pred_event[i] = n_ev;
                }
            }
            n_ev += 1;
        }
    }
    let b = eval::bcubed(&pred, &events);
    let be = eval::bcubed(&pred_event, &events);

    println!("features    {feat_secs:8.1} s");
    println!("duplicates  {dup_secs:8.1} s  ({} groups)", groups.len());
    println!(
        "stories     {story_secs:8.1} s  ({} stories, {} events)",
        found.len(),
        found.iter().map(|s| s.events.len()).sum::<usize>()
    );
    println!(
        "total       {total:8.1} s  = {:.0} articles/s",
        n as f64 / total.max(1e-9)
    );
    match peak_memory_mib() {
        Some(m) => {
            println!("peak memory {m:8.0} MiB (VmHWM, whole process incl. the generated articles)")
        }
        None => println!("peak memory unknown (no /proc/self/status)"),
    }
    println!("synthetic stories vs templated events: BCubed {b}");
    println!("synthetic events  vs templated events: BCubed {be}");
    Ok(ExitCode::SUCCESS)
}
