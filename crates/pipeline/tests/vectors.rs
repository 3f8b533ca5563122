//! Sentence vectors go into the store with their articles: a later analysis (a full
//! recompute, an incremental update) matches by meaning too. Needs the installed encoder;
//! skipped with a message without it, except under `CI=true`, where CI installs it.

use std::path::Path;
use std::sync::Arc;

use parallax_nlp::embed::SentenceEncoder;
use parallax_pipeline::encoder::{load_installed, Found};
use parallax_pipeline::ingest::{ingest_paths, AnalysisMode, IngestOptions, SharedEncoder};
use parallax_store::{SqliteStore, Store};

fn encoder() -> Option<Arc<dyn SentenceEncoder>> {
    match load_installed() {
        Found::Loaded(e5) => Some(Arc::from(e5 as Box<dyn SentenceEncoder>)),
        Found::NotInstalled(path) => {
            let msg = format!(
                "sentence encoder not installed ({path:?}); `parallax model install` adds it"
            );
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true: {msg}");
            }
            let _ =
                std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("skipped: {msg}\n")); // unlike eprintln!, shown when the test passes
            None
        }
        Found::Unreadable(reason) => panic!("the installed encoder does not load: {reason}"),
    }
}

/// The same visit reported in German, English, Russian and French, and an unrelated report.
fn write_reports(dir: &Path) {
    let reports = [
        ("de.txt", "Putin besucht Kasachstan\n\nDer russische Präsident Wladimir Putin ist am 27. November 2024 zu einem Staatsbesuch in Astana eingetroffen. Präsident Tokajew empfing ihn am Flughafen."),
        ("en.txt", "Putin visits Kazakhstan\n\nRussian President Vladimir Putin arrived in Astana on November 27, 2024 for a state visit. President Tokayev welcomed him at the airport."),
        ("ru.txt", "Путин посетил Казахстан\n\nПрезидент России Владимир Путин 27 ноября 2024 года прибыл с государственным визитом в Астану. Президент Токаев встретил его в аэропорту."),
        ("fr.txt", "Poutine en visite au Kazakhstan\n\nLe président russe Vladimir Poutine est arrivé le 27 novembre 2024 à Astana pour une visite d'État. Le président Tokaïev l'a accueilli à l'aéroport."),
        ("flood.txt", "Hochwasser an der Elbe\n\nDer Pegel der Elbe in Dresden stieg am Dienstag auf 6,40 Meter. Die Feuerwehr evakuierte zwei Straßen."),
    ];
    for (name, text) in reports {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn ingest(
    store: &mut dyn Store,
    dir: &Path,
    mode: AnalysisMode,
    encoder: Arc<dyn SentenceEncoder>,
) {
    ingest_paths(
        store,
        &[dir.to_path_buf()],
        IngestOptions {
            batch_size: 2,
            analysis: mode,
            encoder: Some(SharedEncoder(encoder)),
            ..IngestOptions::default()
        },
        &mut |_| {},
    )
    .unwrap();
}

#[test]
fn vectors_are_stored_with_their_articles_and_read_back() {
    let Some(encoder) = encoder() else { return };
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write_reports(&inputs);
    let mut store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    ingest(&mut store, &inputs, AnalysisMode::Full, encoder.clone());
    let stored = store.load_articles().unwrap();
    assert_eq!(stored.len(), 5);
    for a in &stored {
        let v = a
            .vectors
            .as_ref()
            .unwrap_or_else(|| panic!("{}: stored without its vectors", a.article.path));
        assert_eq!(v.model, encoder.model());
        assert!(v.title_lead.is_some(), "{}", a.article.path);
        assert_eq!(
            v.candidates.len(),
            a.claim_candidates.len(),
            "{}",
            a.article.path
        );
    }
    // A recompute from the store still finds the visit in four languages as one story.
    parallax_pipeline::ingest::recluster(&mut store, std::time::Duration::from_secs(5)).unwrap();
    let stories = store.stories(0, 100).unwrap().items;
    let largest = stories
        .iter()
        .map(|s| store.story_article_ids(&s.id).unwrap().len())
        .max()
        .unwrap();
    assert_eq!(largest, 4, "the four reports of the visit are one story");
}

#[test]
fn an_incremental_ingest_with_vectors_places_articles_by_meaning() {
    let Some(encoder) = encoder() else { return };
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write_reports(&inputs);
    let mut store = SqliteStore::open(&dir.path().join("p.db")).unwrap();
    // batches of two: later articles are placed against resumed stories whose members are
    // not loaded (this panicked before the stories' mean vectors stood in for them)
    ingest(&mut store, &inputs, AnalysisMode::Incremental, encoder);
    let counts = store.counts().unwrap();
    assert_eq!(counts.articles, 5);
    assert!(counts.stories >= 2, "the flood is no part of the visit");
}
