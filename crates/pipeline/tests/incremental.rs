//! The incremental analysis against the full one, on SQLite and on a throwaway PostgreSQL:
//! batches of well-separated events give the stories a full analysis gives; copies of
//! stored articles join their group and story; `recluster` gives exactly the full result.

#[path = "../../store/tests/support/pg.rs"]
mod pg;

use std::collections::BTreeSet;
use std::path::Path;

use parallax_pipeline::ingest::{ingest_paths, recluster, AnalysisMode, IngestOptions};
use parallax_store::Store;

const PEOPLE: &[&str] = &[
    "Tokajew",
    "Mirsijojew",
    "Alijew",
    "Paschinjan",
    "Lukaschenko",
    "Rahmon",
];
const CITIES: &[&str] = &[
    "Astana",
    "Taschkent",
    "Baku",
    "Jerewan",
    "Minsk",
    "Duschanbe",
];
const TOPICS: &[&str] = &[
    "Gaspipeline",
    "Bahnstrecke",
    "Getreideexport",
    "Wasserkraftwerk",
    "Grenzöffnung",
    "Zollunion",
];

/// `events` events of `per_event` articles each, in separate files; plus, for the first
/// event, a reposted copy with a credit line.
fn write_events(dir: &Path, events: usize, per_event: usize) {
    for e in 0..events {
        let (who, city, topic) = (PEOPLE[e % 6], CITIES[(e + 1) % 6], TOPICS[(e + 2) % 6]);
        for a in 0..per_event {
            let text = format!(
                "{topic}: {who} in {city}\n\n{city} (dpa) - Präsident {who} hat am {}. März 2024 in {city} über das Projekt {topic} verhandelt. \
                 Das Volumen liege bei {} Millionen Euro, sagte {who}. Bericht {a} zum {topic} in {city}; Kritiker sprechen von {} Prozent Mehrkosten.\n",
                1 + e,
                100 + 17 * e,
                3 + a
            );
            std::fs::write(dir.join(format!("e{e:02}-a{a:02}.txt")), &text).unwrap();
            if e == 0 && a == 0 {
                std::fs::write(
                    dir.join("zz-copy.txt"),
                    text.replacen("(dpa) - ", "(dpa) - Wie unser Partnerdienst berichtet: ", 1)
                        + "Die Redaktion ergänzt: Weitere Gespräche sind für den Herbst geplant.\n",
                )
                .unwrap();
            }
        }
    }
}

fn partition(store: &dyn Store) -> BTreeSet<Vec<String>> {
    store
        .stories(0, 10_000)
        .unwrap()
        .items
        .iter()
        .map(|s| store.story_article_ids(&s.id).unwrap())
        .collect()
}

fn ingest(store: &mut dyn Store, input: &Path, mode: AnalysisMode, batch: usize) {
    ingest_paths(
        store,
        &[input.to_path_buf()],
        IngestOptions {
            batch_size: batch,
            analysis: mode,
            ..IngestOptions::default()
        },
        &mut |_| {},
    )
    .unwrap();
}

fn incremental_equals_full(open: &dyn Fn(&str) -> Box<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    write_events(&first, 6, 5);
    // A later delivery: more articles on the same events (and the copy).
    for entry in std::fs::read_dir(&first).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with("a03.txt") || name.ends_with("a04.txt") || name.starts_with("zz") {
            std::fs::rename(&path, second.join(name)).unwrap();
        }
    }
    let mut full = open("full");
    ingest(&mut *full, &first, AnalysisMode::Full, 500);
    ingest(&mut *full, &second, AnalysisMode::Full, 500);
    let expected = partition(&*full);
    assert_eq!(expected.len(), 6, "one story per event: {expected:?}");

    let mut inc = open("incremental");
    ingest(&mut *inc, &first, AnalysisMode::Incremental, 4);
    ingest(&mut *inc, &second, AnalysisMode::Incremental, 3);
    assert_eq!(
        inc.counts().unwrap().articles,
        full.counts().unwrap().articles
    );
    assert_eq!(
        partition(&*inc),
        expected,
        "incremental stories = full stories"
    );
    // The copy joined its origin's group, found through the stored shingles.
    let copy_story = inc
        .stories(0, 100)
        .unwrap()
        .items
        .into_iter()
        .find(|s| s.articles == 6)
        .expect("the first event's story holds the copy");
    let record = inc.story(&copy_story.id).unwrap().unwrap();
    let full_story = full
        .stories(0, 100)
        .unwrap()
        .items
        .into_iter()
        .find(|s| s.articles == 6)
        .unwrap();
    let full_record = full.story(&full_story.id).unwrap().unwrap();
    assert_eq!(full_record.duplicates.len(), 1, "full mode finds the copy");
    let members = |r: &parallax_store::StoryRecord| -> BTreeSet<String> {
        r.duplicates
            .iter()
            .flat_map(|g| g.copies.iter().chain([&g.origin]).cloned())
            .collect()
    };
    assert_eq!(
        members(&record),
        members(&full_record),
        "the same copies as a full analysis"
    );
    assert!(members(&record).iter().any(|m| record
        .articles
        .iter()
        .any(|a| a.article.id == *m && a.article.path.contains("zz-copy"))));
    assert_eq!(
        copy_story.origins, full_story.origins,
        "copies are not independent origins"
    );
    let comparison = record
        .comparison
        .expect("rebuilt stories keep a comparison");
    assert_eq!(comparison.story, copy_story.id);

    // A full recomputation on demand gives the full result, and later batches go on from it.
    recluster(&mut *inc, std::time::Duration::from_secs(10)).unwrap();
    assert_eq!(partition(&*inc), expected);
    let titles = |s: &dyn Store| -> BTreeSet<String> {
        s.stories(0, 100)
            .unwrap()
            .items
            .into_iter()
            .map(|s| s.title)
            .collect()
    };
    assert_eq!(titles(&*inc), titles(&*full));
    let third = dir.path().join("third");
    std::fs::create_dir_all(&third).unwrap();
    write_events(&third, 7, 6);
    ingest(&mut *inc, &third, AnalysisMode::Incremental, 10);
    ingest(&mut *full, &third, AnalysisMode::Full, 500);
    assert_eq!(
        partition(&*inc),
        partition(&*full),
        "after recluster, incremental again"
    );
}

#[test]
fn sqlite_incremental_stories_equal_full_stories() {
    let dir = tempfile::tempdir().unwrap();
    incremental_equals_full(&|name| {
        Box::new(parallax_store::SqliteStore::open(&dir.path().join(format!("{name}.db"))).unwrap())
    });
}

#[test]
fn postgres_incremental_stories_equal_full_stories() {
    let Some(pg) = pg::TestPg::start("postgres_incremental_stories_equal_full_stories") else {
        return;
    };
    let urls = [
        ("full", pg.database("full")),
        ("incremental", pg.database("incremental")),
    ];
    incremental_equals_full(&|name| {
        let url = &urls.iter().find(|(n, _)| *n == name).unwrap().1;
        Box::new(parallax_store::PostgresStore::open(url).unwrap())
    });
}
