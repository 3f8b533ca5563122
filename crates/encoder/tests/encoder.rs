//! Behaviour of the encoder itself: languages, determinism, bad files.

mod common;

use parallax_encoder::{cosine, Encoder, EncoderError, Prefix};

#[test]
fn the_same_statement_in_other_languages_is_close_and_other_statements_are_not() {
    let Some(encoder) = common::model() else {
        return;
    };
    let statements = [
        [
            "Der Bundestag hat am Donnerstag ein neues Gesetz zum Schutz der Wälder verabschiedet.",
            "On Thursday the Bundestag passed a new law to protect the forests.",
            "В четверг бундестаг принял новый закон о защите лесов.",
        ],
        [
            "Bei dem Erdbeben in der Region kamen mindestens zwölf Menschen ums Leben.",
            "At least twelve people were killed in the earthquake in the region.",
            "В результате землетрясения в регионе погибли не менее двенадцати человек.",
        ],
        [
            "Die Zentralbank hat den Leitzins um einen Viertelpunkt auf drei Prozent gesenkt.",
            "The central bank cut its key interest rate by a quarter point to three percent.",
            "Центральный банк снизил ключевую ставку на четверть пункта до трех процентов.",
        ],
    ];
    let texts: Vec<&str> = statements.iter().flatten().copied().collect();
    let v = encoder.embed(&texts);
    let mut weakest_same = f32::INFINITY;
    let mut strongest_other = f32::NEG_INFINITY;
    for i in 0..texts.len() {
        for j in i + 1..texts.len() {
            let c = cosine(&v[i], &v[j]);
            if i / 3 == j / 3 {
                assert!(c > 0.85, "{:?} vs {:?}: {c}", texts[i], texts[j]);
                weakest_same = weakest_same.min(c);
            } else {
                strongest_other = strongest_other.max(c);
            }
        }
    }
    assert!(
        strongest_other < weakest_same,
        "unrelated {strongest_other} ≥ translations {weakest_same}"
    );
}

#[test]
fn embeddings_do_not_depend_on_threads_or_on_the_rest_of_the_batch() {
    let Some(encoder) = common::model() else {
        return;
    };
    let texts = [
        "Die Regierung kündigte an, die Steuern im kommenden Jahr zu senken.",
        "",
        "Короткий текст.",
        "A somewhat longer English sentence about the river that rose by two metres after the heavy rain of the last three days.",
    ];
    let with_threads = |n: usize, texts: &[&str]| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        pool.install(|| encoder.embed(texts))
    };
    let one = with_threads(1, &texts);
    assert_eq!(one, with_threads(2, &texts));
    assert_eq!(one, with_threads(3, &texts));
    for (i, text) in texts.iter().enumerate() {
        assert_eq!(encoder.embed(&[text])[0], one[i], "{text:?} alone");
    }
    let reversed: Vec<&str> = texts.iter().rev().copied().collect();
    let back: Vec<Vec<f32>> = encoder.embed(&reversed).into_iter().rev().collect();
    assert_eq!(back, one);
    assert!(encoder.embed(&[]).is_empty());
}

#[test]
fn prefixes_and_lengths() {
    let Some(encoder) = common::model() else {
        return;
    };
    let text = "Putin ist in Astana eingetroffen.";
    let query = encoder.embed_with(&[text], Prefix::Query);
    let passage = encoder.embed_with(&[text], Prefix::Passage);
    assert_ne!(query, passage);
    assert_eq!(query, encoder.embed(&[text]));
    assert_eq!(encoder.max_tokens(), 512);
    // A text of several windows still gives one normalised vector.
    let long = text.repeat(200);
    assert!(encoder.token_count(&long, Prefix::Query) > 2 * encoder.max_tokens());
    let v = &encoder.embed(&[long.as_str()])[0];
    let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4);
    assert!(cosine(v, &query[0]) > 0.8);
}

#[test]
fn truncated_or_foreign_files_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = Encoder::load(dir.path().join("absent.bin")).unwrap_err();
    assert!(matches!(missing, EncoderError::Read { .. }), "{missing}");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "just some notes").unwrap();
    let err = Encoder::load(&text).unwrap_err().to_string();
    assert!(err.contains("notes.txt") && err.contains("magic"), "{err}");
    let empty = dir.path().join("empty.bin");
    std::fs::write(&empty, b"").unwrap();
    assert!(Encoder::load(&empty).is_err());
    let Some(path) = parallax_encoder::find_model() else {
        eprintln!("skipped the truncated-model part: no model installed");
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    for keep in [12, 64, 3_000_000, bytes.len() / 2, bytes.len() - 1] {
        let cut = dir.path().join(format!("cut-{keep}.bin"));
        std::fs::write(&cut, &bytes[..keep]).unwrap();
        let err = Encoder::load(&cut).unwrap_err();
        assert!(matches!(err, EncoderError::Format { .. }), "{keep}: {err}");
        assert!(err.to_string().contains("truncated"), "{keep}: {err}");
    }
}

#[test]
fn an_encoder_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Encoder>();
}
