//! Throughput of segmentation + tokenisation and of entity recognition (tagger + canonical ids)
//! on German news text: the seeds in ../shared/corpus/seeds when present, else a built-in text.
//! Prints sentences/s and MB/s besides criterion's timings.
mod common;

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parallax_nlp::{entities, lang, ner, segment, token};

const FALLBACK: &str = "Der kasachische Präsident Kassym-Schomart Tokajew empfing am 27. November den Kremlchef. \
Wladimir Putin sprach in Astana über die Organisation des Vertrags über kollektive Sicherheit (OVKS). \
Kasachstan ist ein militärischer und wirtschaftlicher Verbündeter Russlands, mit dem es eine Grenze von mehr als 7.500 Kilometern teilt.\n\n\
„Großprojekte“\n\nRussland ist über seinen Staatskonzern Rosatom im Rennen, ebenso wie China, Südkorea und Frankreich.\n";

fn corpus() -> String {
    common::seeds_or(FALLBACK, 20)
}

fn report(name: &str, text: &str, sentences: usize, f: &dyn Fn()) {
    let rounds = 20;
    let t = Instant::now();
    for _ in 0..rounds {
        f();
    }
    let secs = t.elapsed().as_secs_f64() / f64::from(rounds);
    println!(
        "{name}: {:.0} sentences/s, {:.2} MB/s ({} sentences, {} bytes, {:.3} ms/sentence)",
        sentences as f64 / secs,
        text.len() as f64 / secs / 1e6,
        sentences,
        text.len(),
        secs * 1e3 / sentences.max(1) as f64
    );
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let de = lang::for_code(Some("de"));
    let sents = segment::sentences(de, &text);
    let toks = token::tokenize(de, &text, &sents);
    let _ = entities::recognize(de, &text, &sents, &toks); // load model and tables
    report("segment+tokenize", &text, sents.len(), &|| {
        let s = segment::sentences(de, black_box(&text));
        black_box(token::tokenize(de, &text, &s));
    });
    // The statistical tagger alone (Viterbi decoding), sentence by sentence.
    let sentence_words: Vec<Vec<String>> = sents
        .iter()
        .map(|s| {
            toks.iter()
                .filter(|t| t.span.start >= s.start && t.span.end <= s.end)
                .filter_map(|t| text.get(t.span.start..t.span.end))
                .map(|w| ner::tagger_word(w).into_owned())
                .collect()
        })
        .collect();
    if let Some(model) = ner::german_model() {
        let gaz = ner::german_gazetteer();
        report("ner tagger only", &text, sents.len(), &|| {
            for ws in &sentence_words {
                let ws: Vec<&str> = ws.iter().map(String::as_str).collect();
                black_box(model.tag(gaz, black_box(&ws)));
            }
        });
    }
    report(
        "entities (tagger + canonical ids)",
        &text,
        sents.len(),
        &|| {
            black_box(entities::recognize(de, black_box(&text), &sents, &toks));
        },
    );
    report("all three", &text, sents.len(), &|| {
        let s = segment::sentences(de, black_box(&text));
        let t = token::tokenize(de, &text, &s);
        black_box(entities::recognize(de, &text, &s, &t));
    });

    let mut g = c.benchmark_group("nlp-core");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("segment+tokenize", |b| {
        b.iter(|| {
            let s = segment::sentences(de, black_box(&text));
            token::tokenize(de, &text, &s)
        })
    });
    g.bench_function("entities", |b| {
        b.iter(|| entities::recognize(de, black_box(&text), &sents, &toks))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
