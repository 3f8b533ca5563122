//! Copy detection and story clustering over a synthetic stream of templated events.
//! `cargo bench -p parallax-analyze --bench stories`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use parallax_analyze::{duplicates, stories};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("stories");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let articles: Vec<_> = parallax_devtools::synthetic::generate(n, 1)
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("duplicates+cluster", n),
            &articles,
            |b, arts| {
                b.iter(|| {
                    let groups = duplicates::find(arts);
                    stories::cluster(arts, &groups)
                })
            },
        );
        let mut df = stories::features::DocFreq::default();
        let feats: Vec<_> = articles.iter().map(stories::features::extract).collect();
        feats.iter().for_each(|f| df.add(f));
        group.bench_with_input(BenchmarkId::new("index-add", n), &feats, |b, feats| {
            b.iter(|| {
                let mut idx = stories::StoryIndex::with_doc_freq(df.clone());
                for (i, f) in feats.iter().enumerate() {
                    idx.add_features(i.to_string(), f);
                }
                idx.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
