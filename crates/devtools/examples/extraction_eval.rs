//! The extraction evaluation, with the alternative extractor `rs-trafilatura` when built with
//! `--features rs-trafilatura`:
//! `cargo run --release -p parallax-devtools --features rs-trafilatura --example extraction_eval -- DIR`
use std::path::PathBuf;

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/bench/extraction/trafilatura-dev"));
    if !dir.exists() {
        println!("skipped: {} not found", dir.display());
        return;
    }
    if std::env::var_os("EVAL_PROFILE").is_some() {
        let pages = parallax_devtools::eval::extraction::load(&dir).expect("pages");
        let htmls: Vec<String> = pages
            .iter()
            .map(|p| String::from_utf8_lossy(&p.html).into_owned())
            .collect();
        let t = std::time::Instant::now();
        for h in &htmls {
            std::hint::black_box(parallax_ingest::readers::html::page_meta(h));
        }
        println!("page_meta {:?}", t.elapsed());
        let texts: Vec<String> = pages
            .iter()
            .map(parallax_devtools::eval::extraction::crate_extract)
            .collect();
        let t = std::time::Instant::now();
        for x in &texts {
            std::hint::black_box(parallax_ingest::clean(x, &Default::default()));
        }
        println!("clean {:?}", t.elapsed());
        let t = std::time::Instant::now();
        for x in &texts {
            std::hint::black_box(parallax_ingest::language::detect(x));
        }
        println!("language {:?}", t.elapsed());
        for round in 0..2 {
            let t = std::time::Instant::now();
            for p in &pages {
                std::hint::black_box(parallax_devtools::eval::extraction::crate_extract(p));
            }
            println!("round {round} crate {:?}", t.elapsed());
            let t = std::time::Instant::now();
            for p in &pages {
                std::hint::black_box(parallax_devtools::eval::extraction::parallax_extract(p));
            }
            println!("round {round} parallax {:?}", t.elapsed());
        }
        return;
    }
    if std::env::var_os("EVAL_DEBUG").is_some() {
        return debug(&dir);
    }
    match parallax_devtools::eval::extraction::extraction(&dir) {
        Ok(r) => println!("{r}"),
        Err(e) => eprintln!("error: {e}"),
    }
    #[cfg(feature = "rs-trafilatura")]
    {
        use parallax_devtools::eval::extraction::{load, report_line, run_extractor};
        let pages = load(&dir).expect("pages");
        let (c, t) = run_extractor(&pages, &|p| {
            rs_trafilatura::extract_bytes(&p.html)
                .map(|r| r.content_text)
                .unwrap_or_default()
        });
        println!(
            "{}",
            report_line("rs-trafilatura 0.2 alone", &c, t, pages.len())
        );
    }
}

/// With `EVAL_DEBUG=1`: print each false positive / false negative snippet with its page.
#[allow(dead_code)]
fn debug(dir: &std::path::Path) {
    let pages = parallax_devtools::eval::extraction::load(dir).expect("pages");
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for p in &pages {
        let out = parallax_devtools::eval::extraction::parallax_extract(p);
        let n = norm(&out);
        for w in &p.without {
            if n.contains(&norm(w)) {
                let line = out
                    .lines()
                    .find(|l| norm(l).contains(&norm(w)))
                    .unwrap_or("");
                println!(
                    "FP {} | {w} | line: {}",
                    p.file,
                    line.chars().take(160).collect::<String>()
                );
            }
        }
        for w in &p.with {
            if !n.contains(&norm(w)) {
                println!("FN {} | {w}", p.file);
            }
        }
    }
}
