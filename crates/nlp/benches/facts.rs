//! Throughput of the fact extractors — quantities and dates (`cargo bench -p parallax-nlp --bench facts`)
//! and quotes — on German news text: the seeds in ../shared/corpus/seeds when present, else a
//! built-in text. Prints MB/s besides criterion's timings.
mod common;

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parallax_model::Span;
use parallax_nlp::{lang, quantity, quote, time, token};

const FALLBACK: &str = "In den ersten zehn Monaten des vergangenen Jahres erreichte der Handelsumsatz rund 21,4 Milliarden US-Dollar. \
Kasachstan teilt mit Russland eine Grenze von mehr als 7.500 Kilometern und produziert 43 % des weltweiten Urans.\n\
Am 27. November 2024 sagte Tokajew: „Russland ist unser wichtigster Partner.“ Vom 27. bis 28. November war Putin in Astana.\n";

fn corpus() -> String {
    common::seeds_or(FALLBACK, 40)
}

fn sentences(text: &str) -> Vec<Span> {
    // one sentence per line: the extractors only use sentences as bounds
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push(Span::new(start, start + line.trim_end().len()));
        start += line.len();
    }
    out
}

fn report(name: &str, text: &str, f: &dyn Fn()) {
    let rounds = 30;
    let t = Instant::now();
    for _ in 0..rounds {
        f();
    }
    let secs = t.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "{name}: {:.1} MB/s ({} bytes x {rounds} in {secs:.3}s)",
        (text.len() * rounds) as f64 / secs / 1e6,
        text.len()
    );
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let l = lang::for_code(Some("de"));
    let s = sentences(&text);
    // The tokens are the segmenter's work, measured by the segment_ner bench.
    let tokens = token::tokenize(l, &text, &s);
    let facts = || {
        black_box(quantity::extract(l, &text, &s, &tokens));
        black_box(time::extract(l, &text, &s, Some("2024-11-28")));
    };
    let quotes = || {
        black_box(quote::extract(l, &text, &s, &[], &[]));
    };
    facts();
    report("quantities+dates", &text, &facts);
    report("quotes", &text, &quotes);
    let mut g = c.benchmark_group("facts");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("quantities+dates", |b| b.iter(facts));
    g.bench_function("quotes", |b| b.iter(quotes));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
