//! `parallax ingest` is crash-safe: a real child process is killed with SIGKILL in the middle
//! of a batch's transaction; the database stays sound and as it was after the previous batch,
//! and the next run completes the ingest. Re-ingesting adds nothing.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use parallax_store::{SqliteStore, Store};

const ARTICLES: usize = 300;
const BATCH: usize = 100;

const CITIES: &[&str] = &[
    "Astana",
    "Almaty",
    "Bischkek",
    "Taschkent",
    "Duschanbe",
    "Aschgabat",
    "Baku",
    "Tiflis",
];
const TOPICS: &[&str] = &[
    "Handelsabkommen",
    "Gaspipeline",
    "Bahnstrecke",
    "Wasserkraftwerk",
    "Getreideexport",
    "Grenzöffnung",
];

/// A large input of distinct, plausible German articles.
fn generate(dir: &Path) {
    for i in 0..ARTICLES {
        let city = CITIES[i % CITIES.len()];
        let topic = TOPICS[(i / CITIES.len()) % TOPICS.len()];
        let day = 1 + i % 28;
        let text = format!(
            "{topic}: Verhandlungen in {city} (Meldung {i})\n\n\
             {city} (dpa) - Die Regierung hat am {day}. März 2024 in {city} über das Projekt {topic} beraten. \
             Nach Angaben des Ministeriums beläuft sich das Volumen auf {} Millionen Euro. \
             „Wir kommen voran“, sagte Minister Aibek Nurlanow am Mittwoch. \
             Kritiker bemängelten, die Kosten seien um {} Prozent gestiegen. Die Meldung trägt die Nummer {i}.\n",
            100 + i * 7,
            3 + i % 40,
        );
        std::fs::write(dir.join(format!("article-{i:04}.txt")), text).unwrap();
    }
}

fn count(db: &Path) -> (usize, usize, String) {
    let store = SqliteStore::open(db).unwrap();
    let counts = store.counts().unwrap();
    (
        counts.articles,
        counts.batches,
        store.integrity_check().unwrap(),
    )
}

#[test]
fn kill_mid_batch_leaves_the_database_as_before_and_the_next_run_completes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    generate(&input);
    let db = dir.path().join("crash.db");

    // First run: each commit pauses inside its transaction; kill during the second one.
    let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["ingest", "--batch-size", &BATCH.to_string(), "--db"])
        .arg(&db)
        .arg(&input)
        .env("PARALLAX_TEST_SLOW_COMMIT", "1500")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("parallax runs");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut committing = 0;
    let mut first_batch = None;
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(300)) {
        eprintln!("child: {line}");
        if line.contains("committing batch") {
            committing += 1;
            if committing == 2 {
                break; // inside the second batch's transaction
            }
        }
        if let Some(rest) = line.strip_prefix("parallax: batch 1 committed: ") {
            first_batch = rest
                .split_whitespace()
                .next()
                .and_then(|n| n.parse::<usize>().ok());
        }
    }
    assert_eq!(committing, 2, "the child reached its second commit");
    child.kill().expect("SIGKILL"); // std sends SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed");
    let first_batch = first_batch.expect("batch 1 was committed before the kill");
    assert_eq!(first_batch, BATCH);

    let (articles, batches, integrity) = count(&db);
    assert_eq!(integrity, "ok");
    assert_eq!(
        (articles, batches),
        (BATCH, 1),
        "exactly the first batch survives"
    );

    // Second run completes the rest.
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["ingest", "--batch-size", &BATCH.to_string(), "--db"])
        .arg(&db)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{} new, {BATCH} already stored", ARTICLES - BATCH)),
        "{stdout}"
    );
    let (articles, _, integrity) = count(&db);
    assert_eq!((articles, integrity.as_str()), (ARTICLES, "ok"));
    let store = SqliteStore::open(&db).unwrap();
    let stories = store.counts().unwrap().stories;
    assert!(stories > 0, "stories computed");
    drop(store);

    // Third run: nothing new, nothing written.
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{ARTICLES} articles read, 0 new")),
        "{stdout}"
    );
    let (articles, batches, _) = count(&db);
    assert_eq!(
        (articles, batches),
        (ARTICLES, ARTICLES.div_ceil(BATCH)),
        "no batch for nothing new"
    );
}
