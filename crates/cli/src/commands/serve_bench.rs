//! `parallax bench serve --db DB`: the largest story of a database, every page of its
//! sources (HTML and API) requested round after round by two clients at once from a real
//! `parallax serve` process; prints per round the latency, the largest answer and the
//! server's resident memory, so a reader sees whether memory stays flat under load.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use super::bench_ingest::{get, peak_mib, resident_mib, spawn_server};

/// Articles per page of a story (the server's default page).
const PAGE: usize = 50;
/// Pages requested per round at most (spread over the story).
const PAGES_PER_ROUND: usize = 40;

pub fn run(db: &str, rounds: usize) -> anyhow::Result<ExitCode> {
    let target = parallax_store::DbTarget::parse(db);
    let store = parallax_store::open_existing(&target).with_context(|| format!("opening {db}"))?;
    let Some(story) = store
        .stories(0, usize::MAX)?
        .items
        .into_iter()
        .max_by_key(|s| s.articles)
    else {
        anyhow::bail!("{db} holds no story to serve");
    };
    drop(store);
    let pages = story.articles.div_ceil(PAGE).max(1);
    let step = pages.div_ceil(PAGES_PER_ROUND);
    let paths: Vec<String> = (0..pages)
        .step_by(step)
        .flat_map(|p| {
            let offset = p * PAGE;
            [
                format!("/stories/{}?offset={offset}", story.id),
                format!("/api/stories/{}?offset={offset}", story.id),
            ]
        })
        .collect();
    println!(
        "serving the largest story of {db}: {} articles, {} pages; {} requests per round, two clients at once",
        story.articles,
        pages,
        paths.len()
    );
    let (mut server, addr) = spawn_server(db)?;
    let pid = server.id();
    let result = (|| -> anyhow::Result<()> {
        println!(
            "before the first request: server resident {:.0} MiB",
            resident_mib(pid).unwrap_or(f64::NAN)
        );
        let mut after_first = None;
        for round in 1..=rounds.max(1) {
            let (times, largest) = one_round(&addr, &paths)?;
            let rss = resident_mib(pid).unwrap_or(f64::NAN);
            after_first.get_or_insert(rss);
            println!(
                "round {round}: median {:.1} ms, slowest {:.1} ms, largest answer {} KB, server resident {rss:.0} MiB",
                times[times.len() / 2],
                times[times.len() - 1],
                largest / 1024
            );
        }
        let last = resident_mib(pid).unwrap_or(f64::NAN);
        println!(
            "server resident after round 1 {:.0} MiB, after the last {last:.0} MiB, peak {:.0} MiB",
            after_first.unwrap_or(f64::NAN),
            peak_mib(pid).unwrap_or(f64::NAN)
        );
        Ok(())
    })();
    let _ = server.kill();
    let _ = server.wait();
    result?;
    Ok(ExitCode::SUCCESS)
}

/// Every path once, split between two clients running at once: (sorted latencies in ms,
/// largest answer in bytes).
fn one_round(addr: &str, paths: &[String]) -> anyhow::Result<(Vec<f64>, usize)> {
    let halves: Vec<&[String]> = paths.chunks(paths.len().div_ceil(2).max(1)).collect();
    let results: Vec<anyhow::Result<Vec<(f64, usize)>>> = std::thread::scope(|s| {
        let handles: Vec<_> = halves
            .iter()
            .map(|half| {
                s.spawn(move || {
                    half.iter()
                        .map(|p| {
                            let t = Instant::now();
                            let (status, bytes) = get(addr, p)?;
                            anyhow::ensure!(status == 200, "GET {p}: status {status}");
                            Ok((t.elapsed().as_secs_f64() * 1000.0, bytes))
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a client failed")))
            })
            .collect()
    });
    let mut times = Vec::new();
    let mut largest = 0;
    for r in results {
        for (ms, bytes) in r? {
            times.push(ms);
            largest = largest.max(bytes);
        }
    }
    times.sort_by(f64::total_cmp);
    Ok((times, largest))
}
