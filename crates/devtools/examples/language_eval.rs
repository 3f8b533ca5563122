//! Export a language-identification test set from the extraction benchmark and whatlang's
//! answers, to compare detectors (see docs/quality/ingest.md):
//! `cargo run --release -p parallax-devtools --example language_eval -- DIR > lang.tsv`
//! Labels: the page's `<html lang>`; texts: the first ~60 characters (short) and the first
//! 1,000 characters (long) of the extracted main text. Columns: label, whatlang short,
//! whatlang long, short text, long text (tabs and newlines replaced by spaces).
use std::path::PathBuf;

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/bench/extraction/trafilatura-dev"));
    let Ok(pages) = parallax_devtools::eval::extraction::load(&dir) else {
        println!("skipped: {} not found", dir.display());
        return;
    };
    let lang_re =
        regex::Regex::new(r#"(?i)<html[^>]*\blang\s*=\s*["']?([a-z]{2})"#).expect("regex");
    for p in &pages {
        let html = String::from_utf8_lossy(&p.html);
        let Some(label) = lang_re
            .captures(&html)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_lowercase())
        else {
            continue;
        };
        let text = parallax_devtools::eval::extraction::parallax_extract(p)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text.chars().count() < 1000 {
            continue;
        }
        let cut = |n: usize| -> String {
            let mut s: String = text.chars().take(n).collect();
            if n < 100 {
                // End on a word boundary.
                if let Some(i) = s.rfind(' ') {
                    s.truncate(i);
                }
            }
            s
        };
        let (short, long) = (cut(60), cut(1000));
        let d = |t: &str| parallax_ingest::language::detect(t).unwrap_or_else(|| "-".into());
        println!(
            "{label}\t{}\t{}\t{}\t{}",
            d(&short),
            d(&long),
            short.replace('\t', " "),
            long.replace('\t', " ")
        );
    }
}
