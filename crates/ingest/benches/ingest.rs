//! Throughput of cleaning (MB/s, one core) and of HTML extraction (pages/s).
//! `cargo bench -p parallax-ingest`
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use parallax_ingest::{clean, CleanOptions};

/// Scraped-looking text: the seeds when present, else a synthetic article with the same noise.
fn corpus() -> String {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/seeds"
    ));
    let mut s = String::new();
    if let Ok(rd) = std::fs::read_dir(&dir) {
        let mut files: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            s.push_str(&std::fs::read_to_string(f).unwrap_or_default());
            s.push_str("\n\n");
        }
    }
    if s.trim().is_empty() {
        let para = "Die Regierung hat am Mittwoch in Berlin ein neues Paket beschlossen, das Investitionen von 40 Milliarden Euro bis 2030 vorsieht, teilte ein Sprecher mit.";
        s.push_str("Titel der Meldung – RT DE\n\nTitel der Meldung – RT DE\n-\n");
        for i in 0..20 {
            s.push_str(para);
            s.push_str(if i % 5 == 0 {
                " &quot ;Zitat&quot ;\n\n< p>"
            } else {
                "\n\n"
            });
        }
        s.push_str("Bild (Quelle: RIA Novosti) |\n[Anzeige_2]\nQuelle: https://example.org/a\nKommentar (0)\nLeave a Reply\n");
    }
    // About 1 MB, so per-call overhead does not dominate.
    let mut big = String::new();
    while big.len() < 1_000_000 {
        big.push_str(&s);
    }
    big
}

fn bench_clean(c: &mut Criterion) {
    let text = corpus();
    let mut g = c.benchmark_group("clean");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    let opts = CleanOptions {
        detect_title: true,
        known_title: None,
        ..Default::default()
    };
    g.bench_function(BenchmarkId::new("scraped-text", text.len()), |b| {
        b.iter(|| clean(&text, &opts))
    });
    g.finish();
}

criterion_group!(benches, bench_clean);
criterion_main!(benches);
