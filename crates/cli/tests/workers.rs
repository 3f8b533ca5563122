//! Several `parallax ingest` processes (the real binary) writing into one database at once:
//! two and four workers on PostgreSQL, two on a new SQLite file; a worker killed with
//! SIGKILL mid-batch; the PostgreSQL server restarted under a running ingest. Each ends with
//! the articles and the story partition of one single-process SQLite run over the same
//! inputs.

#[path = "../../store/tests/support/pg.rs"]
mod pg;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use parallax_store::DbTarget;

const PEOPLE: &[&str] = &[
    "Tokajew",
    "Mirsijojew",
    "Alijew",
    "Paschinjan",
    "Lukaschenko",
    "Rahmon",
    "Schaparow",
    "Berdimuhamedow",
];
const CITIES: &[&str] = &[
    "Astana",
    "Taschkent",
    "Baku",
    "Jerewan",
    "Minsk",
    "Duschanbe",
    "Bischkek",
    "Aschgabat",
];
const TOPICS: &[&str] = &[
    "Gaspipeline",
    "Bahnstrecke",
    "Getreideexport",
    "Wasserkraftwerk",
    "Grenzöffnung",
    "Zollunion",
    "Atomkraftwerk",
    "Seehafen",
];

/// 8 events × 10 articles, plus a reposted copy of two of them: 82 files.
fn write_inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in 0..8 {
        let (who, city, topic) = (PEOPLE[e], CITIES[(e + 3) % 8], TOPICS[(e + 5) % 8]);
        for a in 0..10 {
            let text = format!(
                "{topic}: {who} in {city}, Bericht {a}\n\n{city} (dpa) - Präsident {who} hat am {}. April 2024 in {city} über das Projekt {topic} verhandelt. \
                 Das Volumen liege bei {} Millionen Euro, sagte {who}. Kritiker sprechen von {} Prozent Mehrkosten; Bericht {a} zum {topic}.\n",
                2 + e,
                200 + 31 * e,
                5 + a
            );
            let path = dir.join(format!("e{e}-a{a:02}.txt"));
            std::fs::write(&path, &text).unwrap();
            files.push(path);
            if a == 0 && e < 2 {
                let copy = dir.join(format!("repost-{e}.txt"));
                std::fs::write(
                    &copy,
                    text.replacen("(dpa) - ", "(dpa) - Wie unser Partnerdienst berichtet: ", 1)
                        + "Die Redaktion ergänzt: Weitere Gespräche sind für den Herbst geplant.\n",
                )
                .unwrap();
                files.push(copy);
            }
        }
    }
    files.sort();
    files
}

fn parallax() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parallax"));
    cmd.stdin(Stdio::null());
    cmd
}

fn spawn_ingest(db: &str, files: &[PathBuf], env: &[(&str, &str)]) -> Child {
    let mut cmd = parallax();
    cmd.args(["ingest", "--batch-size", "5", "--db", db])
        .args(files)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().expect("parallax runs")
}

fn check(out: Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "worker failed: {stderr}");
    stderr
}

/// Run `workers` ingests at once, each over every `workers`-th file.
fn run_workers(db: &str, files: &[PathBuf], workers: usize) -> Vec<String> {
    let children: Vec<Child> = (0..workers)
        .map(|w| {
            let share: Vec<PathBuf> = files.iter().skip(w).step_by(workers).cloned().collect();
            spawn_ingest(db, &share, &[])
        })
        .collect();
    children
        .into_iter()
        .map(|c| check(c.wait_with_output().unwrap()))
        .collect()
}

type Partition = BTreeSet<Vec<String>>;

fn contents(db: &str) -> (usize, Partition) {
    let store = parallax_store::open_existing(&DbTarget::parse(db)).unwrap();
    let articles = store.counts().unwrap().articles;
    let partition = store
        .stories(0, 10_000)
        .unwrap()
        .items
        .iter()
        .map(|s| store.story_article_ids(&s.id).unwrap())
        .collect();
    (articles, partition)
}

/// One process over every input into a SQLite file: the reference.
fn reference(dir: &Path, files: &[PathBuf]) -> (usize, Partition) {
    let db = dir.join("reference.db").display().to_string();
    run_workers(&db, files, 1);
    let r = contents(&db);
    assert_eq!(r.0, 82);
    assert_eq!(r.1.len(), 8, "one story per event");
    r
}

/// F1 of the article pairs two partitions put together.
fn pair_f1(found: &Partition, truth: &Partition) -> f64 {
    let pairs = |p: &Partition| -> BTreeSet<(String, String)> {
        p.iter()
            .flat_map(|story| {
                story.iter().enumerate().flat_map(move |(i, a)| {
                    story[i + 1..].iter().map(move |b| (a.clone(), b.clone()))
                })
            })
            .collect()
    };
    let (f, t) = (pairs(found), pairs(truth));
    let both = f.intersection(&t).count() as f64;
    if f.is_empty() || t.is_empty() {
        return if f == t { 1.0 } else { 0.0 };
    }
    let (p, r) = (both / f.len() as f64, both / t.len() as f64);
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn recluster(db: &str) {
    check(parallax().args(["recluster", "--db", db]).output().unwrap());
}

#[test]
fn two_ingests_into_one_new_sqlite_file_end_as_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_inputs(dir.path());
    let expected = reference(dir.path(), &files);
    for round in 0..2 {
        let db = dir
            .path()
            .join(format!("shared-{round}.db"))
            .display()
            .to_string();
        let logs = run_workers(&db, &files, 2);
        assert!(
            logs.iter().all(|l| !l.contains("already exists")),
            "the schema is created once: {logs:?}"
        );
        assert_eq!(contents(&db), expected, "round {round}");
        let store = parallax_store::SqliteStore::open(Path::new(&db)).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }
}

fn postgres_workers(workers: usize) {
    let Some(pg) = pg::TestPg::start(&format!("postgres {workers} workers")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_inputs(dir.path());
    let expected = reference(dir.path(), &files);
    let url = pg.database("workers");
    run_workers(&url, &files, workers);
    let (articles, partition) = contents(&url);
    assert_eq!(articles, expected.0, "no article lost, none twice");
    // The incremental stories depend on the order articles arrive in (no refinement pass, and
    // the first articles are weighed with the frequencies of a small collection): on these
    // eight events they agree with the full run at least to this pair-counting F1, and
    // exactly after `recluster`.
    let agreement = pair_f1(&partition, &expected.1);
    eprintln!(
        "{workers} workers: {} stories (one full run: {}), pair F1 {agreement:.3}",
        partition.len(),
        expected.1.len()
    );
    assert!(
        agreement >= 0.8,
        "{workers} workers: pair F1 {agreement:.3}: {partition:?}"
    );
    assert!(
        partition.len().abs_diff(expected.1.len()) <= 1,
        "story count"
    );
    recluster(&url);
    assert_eq!(contents(&url), expected, "recluster = one full run");
    // Re-running every worker adds nothing.
    let logs = run_workers(&url, &files, workers);
    assert!(logs.iter().all(|l| !l.contains("committed")), "{logs:?}");
    assert_eq!(contents(&url), expected);
}

#[test]
fn two_postgres_workers_end_as_one_run() {
    postgres_workers(2);
}

#[test]
fn four_postgres_workers_end_as_one_run() {
    postgres_workers(4);
}

/// Lines of a child's stderr, as they come.
fn stderr_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(rx: &mpsc::Receiver<String>, needle: &str, times: usize) -> Vec<String> {
    let mut seen = Vec::new();
    let mut found = 0;
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(120)) {
        seen.push(line.clone());
        if line.contains(needle) {
            found += 1;
            if found == times {
                return seen;
            }
        }
    }
    panic!("never saw {needle:?} {times} times: {seen:?}");
}

#[test]
fn a_postgres_worker_killed_mid_batch_loses_nothing_the_rerun_cannot_add() {
    let Some(pg) = pg::TestPg::start("a_postgres_worker_killed_mid_batch") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_inputs(dir.path());
    let expected = reference(dir.path(), &files);
    let url = pg.database("killed");
    let (mine, theirs): (Vec<PathBuf>, Vec<PathBuf>) = files
        .iter()
        .cloned()
        .partition(|f| f.to_string_lossy().contains("e0-") || f.to_string_lossy().contains("e1-"));
    let mut victim = spawn_ingest(&url, &mine, &[("PARALLAX_TEST_SLOW_COMMIT", "1500")]);
    let other = spawn_ingest(&url, &theirs, &[]);
    let rx = stderr_lines(&mut victim);
    wait_for(&rx, "committing batch", 2);
    victim.kill().expect("SIGKILL");
    victim.wait().unwrap();
    check(other.wait_with_output().unwrap());
    let (articles, _) = contents(&url);
    assert_eq!(
        articles,
        theirs.len() + 5,
        "the other worker's articles and the victim's first batch"
    );
    // The re-run adds exactly what is missing.
    let out = parallax()
        .args(["ingest", "--db", &url])
        .args(&files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    check(out);
    assert!(
        stdout.contains(&format!(
            "{} new, {} already stored",
            mine.len() - 5,
            theirs.len() + 5
        )),
        "{stdout}"
    );
    assert_eq!(contents(&url), expected);
}

#[test]
fn a_postgres_restart_during_an_ingest_is_retried_and_leaves_no_partial_batch() {
    let Some(pg) = pg::TestPg::start("a_postgres_restart_during_an_ingest") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_inputs(dir.path());
    let expected = reference(dir.path(), &files);
    let url = pg.database("restart");
    let mut worker = spawn_ingest(&url, &files, &[("PARALLAX_TEST_SLOW_COMMIT", "1000")]);
    let rx = stderr_lines(&mut worker);
    wait_for(&rx, "committing batch", 2);
    pg.stop();
    // While the server is down, readers fail and nothing half-written is visible after.
    std::thread::sleep(Duration::from_secs(2));
    pg.restart();
    let mut log = wait_for(&rx, "retrying", 1);
    log.extend(rx.iter());
    let status = worker.wait().unwrap();
    assert!(status.success(), "{log:?}");
    assert!(
        log.iter().any(|l| l.contains("database unavailable")),
        "the worker says why it waits: {log:?}"
    );
    assert_eq!(contents(&url), expected);
}

#[test]
fn servers_read_while_workers_write() {
    let Some(pg) = pg::TestPg::start("servers_read_while_workers_write") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_inputs(dir.path());
    let url = pg.database("serving");
    run_workers(&url, &files[..10], 1);
    let ports: Vec<u16> = (0..2)
        .map(|_| {
            std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port()
        })
        .collect();
    let mut servers: Vec<Child> = ports
        .iter()
        .map(|p| {
            parallax()
                .args(["serve", "--addr", &format!("127.0.0.1:{p}"), "--db", &url])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let writers: Vec<Child> = (0..2)
        .map(|w| {
            let share: Vec<PathBuf> = files[10..].iter().skip(w).step_by(2).cloned().collect();
            spawn_ingest(&url, &share, &[])
        })
        .collect();
    let get = |port: u16, path: &str| -> u32 {
        use std::io::{Read, Write};
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
            return 0;
        };
        let _ = write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        );
        let mut body = String::new();
        let _ = s.read_to_string(&mut body);
        body.split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    };
    let mut answered = 0;
    for round in 0..100 {
        for &p in &ports {
            let path = if round % 2 == 0 {
                "/api/stories"
            } else {
                "/search?q=Gr%C3%B6%C3%9Fe"
            };
            match get(p, path) {
                200 => answered += 1,
                0 => {}
                code => panic!("GET {path}: {code}"),
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    for w in writers {
        check(w.wait_with_output().unwrap());
    }
    for s in &mut servers {
        let _ = s.kill();
        let _ = s.wait();
    }
    assert!(
        answered > 100,
        "both servers answered while the workers wrote ({answered})"
    );
    assert_eq!(contents(&url).0, files.len());
}
