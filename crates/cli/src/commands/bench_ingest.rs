//! `parallax bench ingest`: generated articles (`parallax_devtools::synthetic`, written as
//! JSON Lines) through real `parallax ingest` processes — into SQLite with one process, and
//! into PostgreSQL with 1, 2 and 4 worker processes sharing the inputs — printing articles/s
//! and the largest worker's peak memory; then, on the PostgreSQL database, the time of one
//! incremental story update (a batch of new articles), and the latency of the story list
//! and a story page served by a real `parallax serve` process (median over repeated
//! requests).

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

/// Input files the articles are spread over (workers take every n-th).
const FILES: usize = 64;
/// Articles of the timed incremental update.
const UPDATE_BATCH: usize = 500;
/// Requests per served page kind.
const REQUESTS: usize = 40;

pub struct IngestBench<'a> {
    pub articles: usize,
    pub seed: u64,
    pub postgres: Option<&'a str>,
    pub workers: &'a [usize],
}

fn write_inputs(
    dir: &Path,
    articles: &[parallax_model::AnnotatedArticle],
) -> anyhow::Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = (0..FILES)
        .map(|i| dir.join(format!("part-{i:02}.jsonl")))
        .collect();
    let mut files = paths
        .iter()
        .map(|p| std::fs::File::create(p).map(BufWriter::new))
        .collect::<std::io::Result<Vec<_>>>()?;
    for (i, a) in articles.iter().enumerate() {
        let line = serde_json::json!({
            "title": a.article.title,
            "published": a.article.published,
            "url": format!("https://example.org/synthetic/{i}"),
            "text": a.article.text,
        });
        writeln!(files[i % FILES], "{line}")?;
    }
    for f in &mut files {
        f.flush()?;
    }
    Ok(paths)
}

/// Peak resident memory (VmHWM) of a running process, in MiB.
pub(super) fn peak_mib(pid: u32) -> Option<f64> {
    status_mib(pid, "VmHWM:")
}

/// Resident memory (VmRSS) of a running process now, in MiB.
pub(super) fn resident_mib(pid: u32) -> Option<f64> {
    status_mib(pid, "VmRSS:")
}

fn status_mib(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
}

/// Run `workers` ingest processes over the inputs into `db`; (seconds, largest peak MiB).
fn run_workers(inputs: &[PathBuf], db: &str, workers: usize) -> anyhow::Result<(f64, f64)> {
    let exe = std::env::current_exe().context("finding the parallax binary")?;
    let started = Instant::now();
    let mut children: Vec<Child> = (0..workers)
        .map(|w| {
            let share: Vec<&PathBuf> = inputs.iter().skip(w).step_by(workers).collect();
            Command::new(&exe)
                .args(["ingest", "-q", "--db", db])
                .args(share)
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
        })
        .collect::<std::io::Result<_>>()?;
    let mut peak: f64 = 0.0;
    let mut running = children.len();
    while running > 0 {
        running = 0;
        for c in &mut children {
            if c.try_wait()?.is_none() {
                running += 1;
                peak = peak.max(peak_mib(c.id()).unwrap_or(0.0));
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    for c in &mut children {
        let status = c.wait()?;
        anyhow::ensure!(
            status.success() || status.code() == Some(3),
            "a worker failed: {status}"
        );
    }
    Ok((started.elapsed().as_secs_f64(), peak))
}

pub fn run(bench: IngestBench<'_>) -> anyhow::Result<()> {
    let n = bench.articles;
    let generated = parallax_devtools::synthetic::generate(n + UPDATE_BATCH, bench.seed);
    let (mut articles, _events): (Vec<_>, Vec<usize>) = generated.into_iter().unzip();
    let update: Vec<_> = articles.split_off(n);
    let dir = tempfile::tempdir()?;
    let inputs = write_inputs(dir.path(), &articles)?;
    println!("{n} synthetic articles in {FILES} JSON Lines files");
    println!("| database | workers | seconds | articles/s | peak MiB (largest worker) |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    let sqlite = dir.path().join("bench.db");
    let (secs, peak) = run_workers(&inputs, &sqlite.display().to_string(), 1)?;
    println!(
        "| SQLite | 1 | {secs:.1} | {:.0} | {peak:.0} |",
        n as f64 / secs
    );
    let Some(url) = bench.postgres else {
        println!("PostgreSQL: skipped (give --postgres URL of a database the bench may empty)");
        return Ok(());
    };
    for &workers in bench.workers {
        empty_postgres(url)?;
        let (secs, peak) = run_workers(&inputs, url, workers)?;
        println!(
            "| PostgreSQL | {workers} | {secs:.1} | {:.0} | {peak:.0} |",
            n as f64 / secs
        );
    }
    incremental_update(url, &update)?;
    serve_latency(url)?;
    Ok(())
}

#[cfg(feature = "postgres")]
fn empty_postgres(url: &str) -> anyhow::Result<()> {
    parallax_store::PostgresStore::open(url)?.clear_all()?;
    Ok(())
}

#[cfg(not(feature = "postgres"))]
fn empty_postgres(url: &str) -> anyhow::Result<()> {
    parallax_store::open(&parallax_store::DbTarget::parse(url))?;
    Ok(())
}

/// One batch of new articles into the stored collection, incrementally, timed.
fn incremental_update(url: &str, batch: &[parallax_model::AnnotatedArticle]) -> anyhow::Result<()> {
    let mut store = parallax_store::open(&parallax_store::DbTarget::parse(url))?;
    let before = store.counts()?;
    let started = Instant::now();
    let mut changed = 0;
    store.with_analysis_lock(&mut |s| {
        changed = parallax_pipeline::incremental::commit_incremental(s, batch)?.stories_changed;
        Ok(())
    })?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "incremental update: {} new articles into {} stored, {changed} stories rebuilt, in {:.2} s ({:.1} ms per article)",
        batch.len(),
        before.articles,
        secs,
        secs * 1000.0 / batch.len().max(1) as f64
    );
    Ok(())
}

/// One GET over a fresh connection: (status, bytes of the whole response).
pub(super) fn get(addr: &str, path: &str) -> anyhow::Result<(u32, usize)> {
    let mut stream = std::net::TcpStream::connect(addr)?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut body = Vec::new();
    stream.read_to_end(&mut body)?;
    let head = String::from_utf8_lossy(&body[..body.len().min(32)]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, body.len()))
}

fn median_ms(addr: &str, paths: &[String]) -> anyhow::Result<f64> {
    let mut times = Vec::new();
    for p in paths.iter().cycle().take(REQUESTS) {
        let t = Instant::now();
        let (status, _) = get(addr, p)?;
        anyhow::ensure!(status == 200, "GET {p}: status {status}");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

/// A real `parallax serve` process over `db` on a free local port, once it answers:
/// (process, address).
pub(super) fn spawn_server(db: &str) -> anyhow::Result<(Child, String)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = Command::new(std::env::current_exe()?)
        .args(["serve", "--addr", &addr, "--db", db])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let up = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        std::net::TcpStream::connect(&addr).is_ok()
    });
    if !up {
        let _ = server.kill();
        let _ = server.wait();
        anyhow::bail!("the server over {db} did not start within 10 s");
    }
    Ok((server, addr))
}

/// Story list and story page latency from a real `parallax serve` over the database.
fn serve_latency(url: &str) -> anyhow::Result<()> {
    let store = parallax_store::open(&parallax_store::DbTarget::parse(url))?;
    let counts = store.counts()?;
    let ids: Vec<String> = store
        .stories(0, 20)?
        .items
        .into_iter()
        .map(|s| s.id)
        .collect();
    drop(store);
    let (mut server, addr) = spawn_server(url)?;
    let result = (|| -> anyhow::Result<()> {
        let list = median_ms(&addr, &["/".to_string()])?;
        let pages: Vec<String> = ids.iter().map(|id| format!("/stories/{id}")).collect();
        let page = median_ms(&addr, &pages)?;
        println!(
            "served from PostgreSQL ({} articles, {} stories): story list median {list:.1} ms, story page median {page:.1} ms ({REQUESTS} requests each)",
            counts.articles, counts.stories
        );
        Ok(())
    })();
    let _ = server.kill();
    let _ = server.wait();
    result
}
