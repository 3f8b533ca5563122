//! Where HTML extraction spends its time, phase by phase, in CPU-seconds of this thread
//! (so other processes on the machine do not inflate the figures):
//! `cargo bench -p parallax-devtools --bench extraction_phases [-- DIR]`
//! (default DIR: `../shared/bench/extraction/trafilatura-dev`; skipped when absent).
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use parallax_devtools::eval::extraction::{load, thread_cpu_time};
use parallax_ingest::readers::html;

fn cpu() -> Duration {
    thread_cpu_time().unwrap_or_default()
}

fn main() {
    let dir = std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/bench/extraction/trafilatura-dev"
            ))
        });
    if !dir.join("evaldata.json").is_file() {
        println!("skipped: {} not found", dir.display());
        return;
    }
    let pages = load(&dir).expect("evaluation pages");
    let n = pages.len();
    let decoded: Vec<String> = pages
        .iter()
        .map(|p| {
            let cs = parallax_ingest::decode::html_declared_charset(&p.html);
            parallax_ingest::decode::decode(&p.html, cs.as_deref()).0
        })
        .collect();
    let trimmed: Vec<String> = decoded
        .iter()
        .map(|h| html::pretrim(h).into_owned())
        .collect();
    let bytes: usize = decoded.iter().map(String::len).sum();
    let tbytes: usize = trimmed.iter().map(String::len).sum();
    println!(
        "{n} pages, {:.1} MB of HTML, {:.1} MB after pre-trimming; CPU time of this thread",
        bytes as f64 / 1e6,
        tbytes as f64 / 1e6
    );
    let total_only = std::env::args().any(|a| a == "--total");
    let report = |name: &str, d: Duration| {
        println!(
            "{name:<44} {:>8.1} ms  {:>6.2} ms/page  {:>8.1} pages/cpu-s",
            d.as_secs_f64() * 1e3,
            d.as_secs_f64() * 1e3 / n as f64,
            n as f64 / d.as_secs_f64().max(1e-9)
        )
    };
    let time = |f: &dyn Fn()| {
        let t = cpu();
        f();
        cpu().saturating_sub(t)
    };

    if !total_only {
        phases(&pages, &decoded, &trimmed, &report, &time);
    }
    // The whole path, three rounds: the best round is the least disturbed by other processes.
    let best = (0..3)
        .map(|_| {
            time(&|| {
                for p in &pages {
                    black_box(html::article_from_html(&p.html, &p.file, None, None).ok());
                }
            })
        })
        .inspect(|d| {
            println!(
                "  round: {:.1} pages/cpu-s",
                pages.len() as f64 / d.as_secs_f64().max(1e-9)
            )
        })
        .min()
        .unwrap_or_default();
    report("total: article_from_html (best of 3)", best);
}

type Report<'a> = dyn Fn(&str, Duration) + 'a;
type Time<'a> = dyn Fn(&dyn Fn()) -> Duration + 'a;

/// The phases one by one.
fn phases(
    pages: &[parallax_devtools::eval::extraction::Page],
    decoded: &[String],
    trimmed: &[String],
    report: &Report<'_>,
    time: &Time<'_>,
) {
    report(
        "decode (charset)",
        time(&|| {
            for p in pages {
                let cs = parallax_ingest::decode::html_declared_charset(&p.html);
                black_box(parallax_ingest::decode::decode(&p.html, cs.as_deref()));
            }
        }),
    );
    report(
        "pre-trim (script/style/svg/comments)",
        time(&|| {
            for h in decoded {
                black_box(html::pretrim(h));
            }
        }),
    );
    report(
        "page_meta (our metadata)",
        time(&|| {
            for h in decoded {
                black_box(html::page_meta(h));
            }
        }),
    );
    for (label, set) in [("full", decoded), ("pre-trimmed", trimmed)] {
        report(
            &format!("html5ever parse, {label}"),
            time(&|| {
                for h in set.iter() {
                    black_box(trafilatura::dom::Document::parse(h));
                }
            }),
        );
        let docs: Vec<_> = set
            .iter()
            .map(|h| trafilatura::dom::Document::parse(h))
            .collect();
        let opts = html::extract_options();
        report(
            &format!("trafilatura metadata, {label}"),
            time(&|| {
                for d in &docs {
                    black_box(trafilatura::metadata::extract_metadata(d, &opts));
                }
            }),
        );
        let t = cpu();
        for d in docs {
            black_box(trafilatura::extract_document(d, &opts).ok());
        }
        report(
            &format!("trafilatura extract_document, {label}"),
            cpu().saturating_sub(t),
        );
    }
    let outs: Vec<String> = trimmed
        .iter()
        .filter_map(|h| trafilatura::extract(h, &html::extract_options()).ok())
        .map(|r| html::fragment_to_text(&r.content_html))
        .collect();
    report(
        "clean + metadata (build_article)",
        time(&|| {
            for o in &outs {
                black_box(parallax_ingest::metadata::build_article(
                    String::new(),
                    o.clone(),
                    Default::default(),
                ));
            }
        }),
    );
}
