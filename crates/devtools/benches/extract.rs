//! Whole-page extraction speed on the first 40 pages of trafilatura's evaluation set:
//! Parallax (the patched crate plus cleaning and metadata) vs the `trafilatura` crate alone.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench_extract(c: &mut Criterion) {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/bench/extraction/trafilatura-dev"
    ));
    let Ok(mut pages) = parallax_devtools::eval::extraction::load(&dir) else {
        eprintln!("skipped extraction bench: {} not found", dir.display());
        return;
    };
    pages.truncate(40);
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.sample_size(10);
    g.bench_function("parallax-40-pages", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| parallax_devtools::eval::extraction::parallax_extract(p).len())
                .sum::<usize>()
        })
    });
    g.bench_function("trafilatura-crate-40-pages", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| parallax_devtools::eval::extraction::crate_extract(p).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
