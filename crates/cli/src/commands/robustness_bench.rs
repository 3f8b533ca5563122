//! `parallax bench robustness`: time per MB of one big article at 1, 2, 4 and 8 MB, as a
//! single line of plain text and as an HTML page, stage by stage, so that a stage whose time
//! per MB grows with the size (superlinear) is visible.
//!
//! The prose is the project's example corpus (`examples/corpus/text`) repeated with its
//! digits rotated per round, so that numbers, dates and names vary.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use parallax_ingest::readers::read_bytes_with;
use parallax_ingest::{InputItem, ReadOptions};
use parallax_model::Deadline;
use parallax_nlp::Stage;

/// Paragraphs of the example corpus: lines long enough to be prose.
fn corpus_paragraphs(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut paragraphs = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        paragraphs.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| l.chars().count() >= 80)
                .map(str::to_string),
        );
    }
    anyhow::ensure!(
        !paragraphs.is_empty(),
        "no prose found in {} (.txt files)",
        dir.display()
    );
    Ok(paragraphs)
}

/// `s` with every ASCII digit shifted by `k` (mod 10).
fn rotate_digits(s: &str, k: u32) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d + k) % 10, 10).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Paragraphs, cycled with rotated digits, until about `bytes` bytes.
fn prose(paragraphs: &[String], bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut n = 0;
    let mut round = 0u32;
    while n < bytes {
        for p in paragraphs {
            let p = if round == 0 {
                p.clone()
            } else {
                rotate_digits(p, round)
            };
            n += p.len() + 1;
            out.push(p);
            if n >= bytes {
                break;
            }
        }
        round += 1;
    }
    out
}

fn single_line_text(paragraphs: &[String], bytes: usize) -> String {
    prose(paragraphs, bytes).join(" ")
}

fn html_page(paragraphs: &[String], bytes: usize) -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Bench</title></head>\
         <body><article><h1>Bench</h1>\n",
    );
    for p in prose(paragraphs, bytes) {
        page.push_str("<p>");
        page.push_str(&p);
        page.push_str("</p>\n");
    }
    page.push_str("</article></body></html>\n");
    page
}

/// Seconds spent reading and in each annotation stage for one input.
struct Timing {
    read: f64,
    stages: [f64; Stage::ALL.len()],
}

fn time_one(name: &str, bytes: &[u8]) -> anyhow::Result<Timing> {
    let options = ReadOptions::unlimited();
    let started = Instant::now();
    let mut article = None;
    let mut failure = None;
    read_bytes_with(name, bytes, &options, &mut |item| match item {
        InputItem::Article { article: a, .. } => article = Some(a),
        InputItem::Error(e) => failure = Some(e.to_string()),
        InputItem::Warning(_) => {}
    });
    let read = started.elapsed().as_secs_f64();
    let Some(article) = article else {
        anyhow::bail!("bench input not read: {}", failure.unwrap_or_default());
    };
    let mut stages = [0.0; Stage::ALL.len()];
    let mut record = |stage: Stage, took: Duration| {
        if let Some(i) = Stage::ALL.iter().position(|s| *s == stage) {
            stages[i] = took.as_secs_f64();
        }
    };
    parallax_nlp::annotate_observed(*article, &Deadline::none(), &mut record)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Timing { read, stages })
}

fn print_header() {
    print!(
        "{:>5} {:>8} {:>8} {:>7}",
        "MB", "total s", "s per MB", "read"
    );
    for s in Stage::ALL {
        print!(" {:>10}", short_name(s));
    }
    println!();
}

fn short_name(s: Stage) -> &'static str {
    match s {
        Stage::Sentences => "sentences",
        Stage::Tokens => "tokens",
        Stage::Entities => "entities",
        Stage::Quantities => "numbers",
        Stage::Times => "dates",
        Stage::Quotes => "quotes",
        Stage::Framing => "framing",
    }
}

/// Run the bench over the sizes (MB) given.
pub fn run(corpus: &Path, sizes: &[usize]) -> anyhow::Result<ExitCode> {
    let paragraphs = corpus_paragraphs(corpus)?;
    // Load models and lexicons first, so that the first size does not pay for them.
    time_one(
        "warm-up.txt",
        single_line_text(&paragraphs, 4096).as_bytes(),
    )?;
    for (kind, name) in [
        ("single-line text", "bench.txt"),
        ("HTML page", "bench.html"),
    ] {
        println!("{kind}: seconds per stage (time per MB should stay flat as the size grows)");
        print_header();
        for &mb in sizes {
            let bytes = mb * 1024 * 1024;
            let input = if name.ends_with(".html") {
                html_page(&paragraphs, bytes)
            } else {
                single_line_text(&paragraphs, bytes)
            };
            let t = time_one(name, input.as_bytes())?;
            let total = t.read + t.stages.iter().sum::<f64>();
            let real_mb = input.len() as f64 / (1024.0 * 1024.0);
            print!(
                "{:>5} {:>8.2} {:>8.2} {:>7.2}",
                mb,
                total,
                total / real_mb,
                t.read
            );
            for s in t.stages {
                print!(" {s:>10.2}");
            }
            println!();
        }
        println!();
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_inputs_have_the_asked_size_and_shape() {
        let paras =
            vec!["Am 3. Mai 2024 stieg der Wert um 7 Prozent auf 12 Euro, sagte er.".repeat(2)];
        let text = single_line_text(&paras, 10_000);
        assert!(text.len() >= 10_000 && !text.contains('\n'));
        assert!(text.contains("Am 4. Mai 3135"), "digits rotate per round");
        let page = html_page(&paras, 10_000);
        assert!(page.len() >= 10_000 && page.contains("<p>Am 3. Mai"));
    }
}
