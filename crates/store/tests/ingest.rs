//! `ingest_paths` through the real pipeline: new articles only, batches, bad inputs skipped.

use parallax_store::ingest::{ingest_paths, IngestOptions};
use parallax_store::{SqliteStore, Store};

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
        IngestOptions { batch_size: 2 },
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
