//! `ingest_paths` through the real pipeline: new articles only, batches, bad inputs skipped.

use parallax_store::ingest::{ingest_paths, IngestOptions};
use parallax_store::{Batch, SqliteStore, Store};

fn write_inputs(dir: &std::path::Path) {
    for (i, city) in ["Astana", "Almaty", "Bischkek", "Taschkent", "Baku"]
        .iter()
        .enumerate()
    {
        let text = format!(
            "Gipfel in {city}\n\n{city} (dpa) - Präsident Tokajew traf am {}. November 2024 in {city} Kremlchef Putin. \
             Der Handelsumsatz lag bei {} Milliarden US-Dollar, sagte Tokajew.\n",
            20 + i,
            20 + i
        );
        std::fs::write(dir.join(format!("{i}.txt")), text).unwrap();
    }
    std::fs::write(dir.join("leer.txt"), b"").unwrap();
    std::fs::write(
        dir.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254],
    )
    .unwrap();
}

#[test]
fn ingest_adds_only_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    write_inputs(dir.path());
    let mut store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    let mut batches = Vec::new();
    let first = ingest_paths(
        &mut store,
        &[dir.path().to_path_buf()],
        IngestOptions {
            batch_size: 2,
            ..IngestOptions::default()
        },
        &mut |b| batches.push(b.report.articles_added),
    )
    .unwrap();
    assert_eq!(first.added, 5, "{first:?}");
    assert_eq!(batches, [2, 2, 1], "batches of at most 2");
    assert!(
        !first.errors.is_empty(),
        "bad inputs reported, run carried on"
    );
    let counts = store.counts().unwrap();
    assert_eq!(counts.articles, 5);
    assert!(counts.stories >= 1);
    assert!(!store.search("Tokajew", 10).unwrap().is_empty());

    let second = ingest_paths(
        &mut store,
        &[dir.path().to_path_buf()],
        IngestOptions::default(),
        &mut |_| panic!("nothing new: no batch"),
    )
    .unwrap();
    assert_eq!(
        (second.read, second.added, second.known, second.batches),
        (5, 0, 5, 0)
    );
    assert_eq!(store.counts().unwrap().articles, 5);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// `n` small articles on one summit, each with its own day and figure.
fn write_summit(dir: &std::path::Path, n: usize) {
    for i in 0..n {
        let text = format!(
            "Gipfel in Astana, Tag {i}\n\nAstana (dpa) - Präsident Tokajew traf am {}. November 2024 \
             in Astana Kremlchef Putin. Der Handelsumsatz lag bei {} Milliarden US-Dollar.\n",
            1 + i % 28,
            10 + i
        );
        std::fs::write(dir.join(format!("{i:02}.txt")), text).unwrap();
    }
}

#[test]
fn a_long_ingest_reanalyses_as_the_collection_grows_and_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write_summit(&input, 12);
    let mut store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    let mut analysed = Vec::new();
    let run = ingest_paths(
        &mut store,
        &[input],
        IngestOptions {
            batch_size: 1,
            ..IngestOptions::default()
        },
        &mut |b| analysed.push(b.analysed),
    )
    .unwrap();
    assert_eq!(run.added, 12);
    // Analysed when the collection reached 1, 2, 3, 4, 5, 7 and 9 articles (a quarter more than
    // at the last analysis), and with the last batch.
    let expected = [1, 2, 3, 4, 5, 7, 9, 12];
    let when: Vec<usize> = (1..=12).filter(|n| analysed[n - 1]).collect();
    assert_eq!(when, expected, "{analysed:?}");
    assert!(!store.analysis_pending().unwrap());
    // The stored analysis is the one over the whole collection.
    let fresh = parallax_analyze::analyze(store.load_articles().unwrap());
    assert_eq!(store.counts().unwrap().stories, fresh.stories.len());
    assert_eq!(run.stories, fresh.stories.len());
}

fn ingest_quietly(store: &mut SqliteStore, input: &std::path::Path) {
    ingest_paths(
        store,
        &[input.to_path_buf()],
        IngestOptions::default(),
        &mut |_| {},
    )
    .unwrap();
}

#[test]
fn an_interrupted_ingest_is_analysed_by_the_next_run_even_with_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write_summit(&input, 3);
    let mut store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    ingest_quietly(&mut store, &input);
    // A run that stored articles and died before its analysis: stories do not cover them.
    let stored = store.load_articles().unwrap();
    std::fs::write(
        input.join("late.txt"),
        "Nachtrag aus Astana\n\nAstana (dpa) - Tokajew und Putin unterzeichneten am 30. November 2024 ein Abkommen über 7 Milliarden US-Dollar.\n",
    )
    .unwrap();
    let late: Vec<_> = {
        let mut s2 = SqliteStore::open(&dir.path().join("scratch.db")).unwrap();
        ingest_quietly(&mut s2, &input);
        s2.load_articles()
            .unwrap()
            .into_iter()
            .filter(|a| !stored.iter().any(|s| s.article.id == a.article.id))
            .collect()
    };
    assert_eq!(late.len(), 1);
    store
        .commit(Batch {
            new_articles: &late,
            analysis: None,
        })
        .unwrap();
    assert!(store.analysis_pending().unwrap());

    let mut batches = Vec::new();
    let next = ingest_paths(&mut store, &[input], IngestOptions::default(), &mut |b| {
        batches.push((b.report.articles_added, b.analysed))
    })
    .unwrap();
    assert_eq!(next.added, 0);
    assert_eq!(batches, [(0, true)], "one analysis-only batch");
    assert!(!store.analysis_pending().unwrap());
    let fresh = parallax_analyze::analyze(store.load_articles().unwrap());
    assert_eq!(store.counts().unwrap().stories, fresh.stories.len());
}
