//! Encoder throughput on real claim-like sentences: sentences/s and tokens/s
//! on 1 and 2 threads, and peak memory. Sentences of 15–30 words from the UD
//! dev sets (German, English, French, Russian) and the seed corpus in
//! `../shared`. Skips with a message when the model or the sentences are absent.
//!
//! `cargo bench -p parallax-encoder --bench encoder`
//! (`ENCODER_BENCH_DUMP=FILE` also writes the sentences, NUL-separated, for
//! timing another engine on the same input; `ENCODER_BENCH_SECONDS` sets the
//! time per measurement, default 5.)

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use parallax_encoder::{Encoder, Prefix};

/// Sentences per language from UD.
const PER_LANGUAGE: usize = 150;

fn main() {
    let Some(path) = parallax_encoder::find_model() else {
        println!(
            "skipped: encoder model not found (run `parallax model install` or set PARALLAX_MODEL)"
        );
        return;
    };
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let sentences = claim_sentences(&shared);
    if sentences.is_empty() {
        println!("skipped: no sentences found under {}", shared.display());
        return;
    }
    if let Ok(dump) = std::env::var("ENCODER_BENCH_DUMP") {
        let bytes: Vec<u8> = sentences
            .iter()
            .flat_map(|s| s.bytes().chain([0]))
            .collect();
        std::fs::write(&dump, bytes).expect("cannot write the sentence dump");
    }
    let seconds: f64 = std::env::var("ENCODER_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let load = Instant::now();
    let encoder = Encoder::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let load = load.elapsed();
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let tokens: usize = texts
        .iter()
        .map(|t| encoder.token_count(t, Prefix::Query))
        .sum();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    println!(
        "encoder bench: {} sentences ({:.1} words, {:.1} tokens each with prefix and specials), kernel {}, load {:.2} s, unpacked weights {:.1} MB",
        texts.len(),
        words as f64 / texts.len() as f64,
        tokens as f64 / texts.len() as f64,
        encoder.kernel().name(),
        load.as_secs_f64(),
        encoder.heap_bytes() as f64 / 1e6
    );
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let cpu_start = cpu_seconds();
        let (runs, elapsed) =
            pool.install(|| time(&encoder, &texts, Duration::from_secs_f64(seconds)));
        let cpu = cpu_seconds() - cpu_start;
        let per_second = (runs * texts.len()) as f64 / elapsed.as_secs_f64();
        println!(
            "  {threads} thread{}: {per_second:.1} sentences/s, {:.0} tokens/s ({runs} runs in {:.1} s; {:.1} sentences per CPU-second)",
            if threads == 1 { " " } else { "s" },
            per_second * tokens as f64 / texts.len() as f64,
            elapsed.as_secs_f64(),
            ((runs + 1) * texts.len()) as f64 / cpu
        );
    }
    let single = Instant::now();
    for t in texts.iter().take(50) {
        std::hint::black_box(encoder.embed(&[t]));
    }
    println!(
        "  one sentence per call (default pool): {:.1} ms each",
        single.elapsed().as_secs_f64() * 1000.0 / 50.0
    );
    if let Some(kb) = peak_rss_kb() {
        println!("  peak memory (VmHWM): {:.0} MB", kb as f64 / 1024.0);
    }
}

/// Embed all texts repeatedly for at least `min` (after one warm-up run).
fn time(encoder: &Encoder, texts: &[&str], min: Duration) -> (usize, Duration) {
    std::hint::black_box(encoder.embed(texts));
    let start = Instant::now();
    let mut runs = 0;
    while runs == 0 || start.elapsed() < min {
        std::hint::black_box(encoder.embed(texts));
        runs += 1;
    }
    (runs, start.elapsed())
}

/// Claim-length sentences (15–30 words) from the UD dev sets and the seeds.
fn claim_sentences(shared: &Path) -> Vec<String> {
    let claim_like = |s: &str| (15..=30).contains(&s.split_whitespace().count());
    let mut out = Vec::new();
    for ud in [
        "ud-german-gsd/de_gsd",
        "ud-english-ewt/en_ewt",
        "ud-french-gsd/fr_gsd",
        "ud-russian-gsd/ru_gsd",
    ] {
        let path = shared.join(format!("bench/segmentation/{ud}-ud-dev.conllu"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let picked = text
            .lines()
            .filter_map(|l| l.strip_prefix("# text = "))
            .filter(|s| claim_like(s))
            .take(PER_LANGUAGE);
        out.extend(picked.map(str::to_string));
    }
    let Ok(seeds) = std::fs::read_dir(shared.join("corpus/seeds")) else {
        return out;
    };
    let mut files: Vec<PathBuf> = seeds.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for paragraph in text.split("\n\n") {
            out.extend(
                split_sentences(paragraph.trim())
                    .into_iter()
                    .filter(|s| claim_like(s)),
            );
        }
    }
    out
}

/// Naive split after `.`, `!` or `?` followed by a space and an upper-case letter.
fn split_sentences(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    for w in chars.windows(3) {
        let ((_, a), (i, b), (_, c)) = (w[0], w[1], w[2]);
        if matches!(a, '.' | '!' | '?') && b == ' ' && c.is_uppercase() {
            out.push(paragraph[start..i].trim().to_string());
            start = i + 1;
        }
    }
    out.push(paragraph[start..].trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

/// CPU time of the whole process (all threads), so a busy machine can be told apart from a slow encoder.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a valid out-pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
