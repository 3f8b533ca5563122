//! End-to-end tests of the `parallax` binary: inputs, exit codes, the JSON contract.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn parallax() -> Command {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the parallax binary runs")
}

/// The output of a run that must succeed (its stderr in the failure message).
fn run_ok(cmd: &mut Command) -> Output {
    let output = run(cmd);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

const ARTICLE_DE: &str = "Regierung beschließt neues Klimapaket\n\n\
Berlin (dpa) - Die Bundesregierung hat am Mittwoch ein neues Klimapaket beschlossen. \
Es umfasst Investitionen von rund 12 Milliarden Euro bis 2030, sagte Finanzministerin Anna Berger.\n\n\
„Wir handeln jetzt“, betonte Berger in Berlin. Kritiker bemängelten, das Paket komme zu spät.\n";

fn write(dir: &Path, name: &str, body: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn analyze_writes_the_json_contract() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "klima.txt", ARTICLE_DE.as_bytes());
    let out = dir.path().join("out.json");
    let output = run(parallax()
        .arg("analyze")
        .arg(dir.path())
        .arg("--json")
        .arg(&out));
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["schema_version"], "1");
    for key in ["articles", "duplicates", "stories", "comparisons"] {
        assert!(doc[key].is_array(), "{key} is an array");
    }
    let article = &doc["articles"][0];
    for key in [
        "id",
        "path",
        "url",
        "title",
        "published",
        "language",
        "outlet",
        "text",
        "removed",
        "sentences",
        "entities",
        "quantities",
        "times",
        "quotes",
        "genre",
    ] {
        assert!(article.get(key).is_some(), "article has `{key}`");
    }
    assert_eq!(article["title"], "Regierung beschließt neues Klimapaket");
    assert!(article["path"].as_str().unwrap().ends_with("klima.txt"));
    let text = article["text"].as_str().unwrap();
    assert!(text.contains("Klimapaket beschlossen"));
    // Every span is a valid half-open byte range on char boundaries of `text`.
    for list in ["sentences", "entities", "quantities", "times", "quotes"] {
        for item in article[list].as_array().unwrap() {
            let (start, end) = (
                item["start"].as_u64().unwrap() as usize,
                item["end"].as_u64().unwrap() as usize,
            );
            assert!(
                start < end && end <= text.len(),
                "{list} span {start}..{end}"
            );
            assert!(
                text.get(start..end).is_some(),
                "{list} span {start}..{end} on char boundaries"
            );
            if let Some(t) = item.get("text").and_then(Value::as_str) {
                assert_eq!(&text[start..end], t, "{list} text matches its span");
            }
        }
    }
}

#[test]
fn article_ids_are_stable_across_runs_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE_DE.as_bytes());
    let other = tempfile::tempdir().unwrap();
    write(other.path(), "renamed.txt", ARTICLE_DE.as_bytes());
    let outputs = tempfile::tempdir().unwrap();
    let id_of = |d: &Path| {
        let out = outputs.path().join("o.json");
        let o = run(parallax()
            .arg("analyze")
            .arg(d)
            .arg("--quiet")
            .arg("--json")
            .arg(&out));
        assert!(o.status.success());
        let doc: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        doc["articles"][0]["id"].as_str().unwrap().to_string()
    };
    let id = id_of(dir.path());
    assert_eq!(id, id_of(dir.path()));
    assert_eq!(id, id_of(other.path()));
    assert!(id.len() >= 16 && id.chars().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn bad_inputs_are_named_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", ARTICLE_DE.as_bytes());
    write(dir.path(), "empty.txt", b"");
    write(
        dir.path(),
        "binary.txt",
        &[0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0, 7, 8, 9, 0],
    );
    let out = dir.path().join("out.jsonl");
    let output = run(parallax()
        .arg("analyze")
        .arg(dir.path())
        .arg("--jsonl")
        .arg(&out));
    assert_eq!(
        output.status.code(),
        Some(3),
        "exit code 3 = some inputs failed"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("binary.txt"), "{stderr}");
    assert_eq!(
        stderr.matches("empty.txt").count(),
        1,
        "each error once: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        lines.lines().count(),
        1,
        "the good article is still written"
    );
    let article: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert!(article["path"].as_str().unwrap().ends_with("good.txt"));
}

/// An ingest says what failed while it goes on, before the batches it commits after.
#[test]
fn ingest_reports_a_bad_input_as_soon_as_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write(&inputs, "a-empty.txt", b"");
    write(&inputs, "b-good.txt", ARTICLE_DE.as_bytes());
    let output = run(parallax()
        .arg("ingest")
        .arg(&inputs)
        .arg("--db")
        .arg(dir.path().join("p.db")));
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed = stderr.find("a-empty.txt").expect("the bad input is named");
    let committed = stderr.find("committed").expect("a batch is committed");
    assert!(failed < committed, "reported before the commit: {stderr}");
    assert_eq!(stderr.matches("a-empty.txt").count(), 1, "once: {stderr}");
}

/// `--jsonl` lines leave as inputs are read, in input order and records in file order (`#2`
/// before `#10`), each article once; the file may sit in the folder being read.
#[test]
fn jsonl_lines_come_in_input_order_each_article_once() {
    let dir = tempfile::tempdir().unwrap();
    let records: String = (1..=12)
        .map(|i| {
            format!(
                "{{\"title\":\"Meldung {i}\",\"text\":\"Die Stadt Linz meldet am Montag {i} neue Fälle. Die Behörde prüft weiter.\"}}\n"
            )
        })
        .collect();
    write(dir.path(), "a.jsonl", records.as_bytes());
    write(dir.path(), "b.txt", ARTICLE_DE.as_bytes());
    write(dir.path(), "c.txt", ARTICLE_DE.as_bytes());
    let out = dir.path().join("out.jsonl");
    run_ok(
        parallax()
            .arg("analyze")
            .arg(dir.path())
            .arg("--jsonl")
            .arg(&out)
            .arg("-q"),
    );
    let paths: Vec<String> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let p = v["path"].as_str().unwrap();
            p.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    let mut expected: Vec<String> = (1..=12).map(|i| format!("a.jsonl#{i}")).collect();
    expected.push("b.txt".into());
    assert_eq!(
        paths, expected,
        "c.txt repeats b.txt's text and is written once"
    );
}

/// A JSON Lines file's records reach `--jsonl` as each is annotated, not when the whole
/// file is: the first record is written while a 2 MB second one is still being read.
#[test]
fn a_large_jsonl_file_writes_each_record_as_it_is_annotated() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "Die Stadt Linz meldet am Montag neue Fälle, sagte der Bürgermeister. ";
    let big: String = sentence.repeat(2_000_000 / sentence.len());
    let records = format!(
        "{}\n{}\n",
        serde_json::json!({"title": "Kurz", "text": "Die Stadt Linz meldet am Montag 3 neue Fälle."}),
        serde_json::json!({"title": "Lang", "text": big}),
    );
    let input = write(dir.path(), "in.jsonl", records.as_bytes());
    let out = dir.path().join("out.jsonl");
    let mut child = parallax()
        .arg("analyze")
        .arg(&input)
        .arg("--jsonl")
        .arg(&out)
        .arg("-q")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Complete lines only: a line being written has no newline yet.
    let lines = |path: &Path| {
        std::fs::read(path)
            .map(|b| b.iter().filter(|&&c| c == b'\n').count())
            .unwrap_or(0)
    };
    // What the file holds when its first line is complete: that line alone (nothing of the
    // second record yet), and whether the run is still going.
    let first_seen = (0..60_000).find_map(|_| {
        let text = std::fs::read(&out).unwrap_or_default();
        if text.contains(&b'\n') {
            let alone = text.iter().filter(|&&c| c == b'\n').count() == 1 && text.ends_with(b"\n");
            return Some((alone, child.try_wait().unwrap().is_none()));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        None
    });
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(
        first_seen,
        Some((true, true)),
        "the first record was written alone, while the second was still being read"
    );
    assert_eq!(lines(&out), 2);
}

#[test]
fn an_empty_folder_or_a_symlink_loop_finds_no_articles_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let looped = dir.path().join("loop");
    std::fs::create_dir(&looped).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&looped, looped.join("self")).unwrap();
    for folder in [&empty, &looped] {
        for command in ["analyze", "ingest"] {
            let mut cmd = parallax();
            cmd.arg(command).arg(folder);
            if command == "ingest" {
                cmd.arg("--db").arg(dir.path().join("p.db"));
            }
            let output = run(&mut cmd);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{command} {}",
                folder.display()
            );
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains("no articles found in"), "{stderr}");
        }
    }
}

#[test]
fn input_warnings_are_printed_and_do_not_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = ARTICLE_DE.as_bytes().to_vec();
    bytes.insert(60, 0xFF);
    let path = write(dir.path(), "stray.txt", &bytes);
    let output = run(parallax().arg("analyze").arg(&path).arg("-q"));
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("1 byte not valid UTF-8"),
        "{stderr}"
    );
}

#[test]
fn missing_path_fails_with_its_name() {
    let output = run(parallax().args(["analyze", "/nonexistent/parallax-input"]));
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent/parallax-input"));
}

#[test]
fn an_eval_path_given_that_does_not_exist_fails_with_its_name() {
    let output = run(parallax().args(["eval", "ner", "/nonexistent/parallax-suite"]));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("/nonexistent/parallax-suite not found")
    );
}

#[test]
fn a_publication_date_that_is_no_date_is_a_usage_error() {
    for bad in ["yesterday", "2024-13-45", "27.11.2024", "ü2024-11-27"] {
        let output = run(parallax().args(["annotate", "Am Montag kam er.", "--published", bad]));
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("is not an ISO 8601 date"),
            "{bad}: {stderr}"
        );
    }
    run_ok(parallax().args([
        "annotate",
        "Am Montag kam er.",
        "--published",
        "2024-11-27T10:00:00+01:00",
        "--compact",
    ]));
}

#[test]
fn stdin_is_an_input() {
    let mut child = parallax()
        .args(["analyze", "-", "--quiet", "--jsonl", "/dev/stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ARTICLE_DE.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let article: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(article["path"], "-");
    assert!(article["text"]
        .as_str()
        .unwrap()
        .contains("Bundesregierung"));
}

#[test]
fn annotate_prints_one_article_object() {
    let output = run_ok(parallax().args([
        "annotate",
        "Der Handel stieg 2023 um 7,1 % auf rund 28 Milliarden US-Dollar.",
        "--published",
        "2024-11-27",
        "--compact",
    ]));
    let article: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(article["published"], "2024-11-27");
    assert!(article["text"]
        .as_str()
        .unwrap()
        .starts_with("Der Handel stieg 2023"));
    assert_eq!(article["sentences"].as_array().unwrap().len(), 1);
}

#[test]
fn the_sample_corpus_runs_and_finds_stories() {
    let corpus = repo_root().join("examples/corpus");
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("corpus.json");
    let output = run_ok(
        parallax()
            .arg("analyze")
            .arg(&corpus)
            .arg("--json")
            .arg(&json),
    );
    let doc: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let articles = doc["articles"].as_array().unwrap();
    assert!(articles.len() >= 12, "{} articles", articles.len());
    let stories = doc["stories"].as_array().unwrap();
    assert!(stories.len() >= 3, "{} stories", stories.len());
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(summary.contains("stories"), "{summary}");
    assert!(
        summary.contains("  claims: "),
        "each story says its claims: {summary}"
    );
    let first_id = articles[0]["id"].as_str().unwrap();
    assert!(
        !summary.contains(&first_id[..12]),
        "the article list is behind --verbose: {summary}"
    );
    let verbose = run(parallax().arg("analyze").arg(&corpus).arg("--verbose"));
    assert!(String::from_utf8_lossy(&verbose.stdout).contains(&first_id[..12]));
}

#[test]
fn the_summary_counts_in_words_a_reader_would_write() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "one.txt", ARTICLE_DE.as_bytes());
    let output = run(parallax().arg("analyze").arg(dir.path()));
    let summary = String::from_utf8_lossy(&output.stdout);
    let first = summary.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(
            "1 article, 1 independent origin, 1 story — 0 inputs failed, 0 exact repeats dropped"
        ),
        "{first}"
    );
}

/// The articles in Russian, French and English added to the sample corpus with the claims
/// gold (examples/corpus/README.md, "Languages"): the story goal is not reached with them yet.
const MULTILINGUAL_ADDITIONS: &[&str] = &[
    "continental-investor-2024-06-14-lorvatom.txt",
    "courrier-lorvanie-2024-10-07-referendum.txt",
    "courrier-lorvanie-2024-11-05-daval.txt",
    "globewire-2024-11-27-vereshin.txt",
    "globewire-2025-02-12-kalmeria.txt",
    "kandaria-today-2024-11-05-daval.txt",
    "lenta-ostravii-2024-11-27-repost.txt",
    "moniteur-lorvanien-2024-06-14-lorvatom.txt",
    "ostratass-2024-11-27-sarybel.txt",
    "ostratass-2025-03-11-ardakiya.txt",
    "ostrava24-2024-06-14-lorvatom.txt",
    "pitchside-2025-05-25-cup-final.txt",
    "rli-2024-11-28-verechine.txt",
    "volnaya-step-2024-11-27-vizit.txt",
];

/// `parallax eval stories` on `dir`: the report, and its BCubed F1 for `stories`/`events`.
fn story_eval(dir: &Path) -> (String, impl Fn(&str) -> f64) {
    let output = run_ok(parallax().args(["eval", "stories"]).arg(dir));
    let report = String::from_utf8_lossy(&output.stdout).to_string();
    let for_f1 = report.clone();
    let f1 = move |label: &str| -> f64 {
        for_f1
            .lines()
            .find(|l| l.trim_start().starts_with(label) && l.contains("BCubed"))
            .and_then(|l| l.split("F1").nth(1))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {label} BCubed line in:\n{for_f1}"))
    };
    (report, f1)
}

/// The sample corpus without the multilingual additions, in a temporary folder.
fn german_and_english_corpus() -> tempfile::TempDir {
    let src = repo_root().join("examples/corpus");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&src, dir.path());
    for name in MULTILINGUAL_ADDITIONS {
        std::fs::remove_file(dir.path().join("text").join(name)).unwrap();
    }
    let gold = std::fs::read_to_string(src.join("gold.tsv")).unwrap();
    let kept: String = gold
        .lines()
        .filter(|l| {
            !MULTILINGUAL_ADDITIONS
                .iter()
                .any(|n| l.starts_with(&format!("text/{n}\t")))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("gold.tsv"), kept).unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The story goal on the German and English sample articles: BCubed F1 >= 0.95 for stories
/// and events, no two gold stories merged (its hard negatives among them).
#[test]
fn the_sample_corpus_scores_the_story_goal() {
    let corpus = german_and_english_corpus();
    let (report, f1) = story_eval(corpus.path());
    assert!(report.contains("(50 labelled articles)"), "{report}");
    assert!(f1("stories") >= 0.95, "{report}");
    assert!(f1("events") >= 0.95, "{report}");
    assert!(
        report.contains("merged gold stories (incl. hard negatives): none"),
        "{report}"
    );
}

/// With the Russian, French and English additions the goal is not met yet (docs/QUALITY.md):
/// this guards the level reached (lexical evidence alone: BCubed 0.78) against falling.
#[test]
fn the_multilingual_sample_corpus_keeps_its_story_figures() {
    let (report, f1) = story_eval(&repo_root().join("examples/corpus"));
    assert!(report.contains("(64 labelled articles)"), "{report}");
    assert!(f1("stories") >= 0.77, "{report}");
    assert!(f1("events") >= 0.85, "{report}");
}
