//! Real-browser tests: headless Chromium (Debian's `chromium` + `chromium-driver`) driven over
//! WebDriver. Skipped with a message when either is missing — except with `CI=true`, where
//! their absence fails the test.

mod common;

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use parallax_pipeline::ingest::{commit_articles, ingest_paths, IngestOptions};
use parallax_store::{BatchAnalysis, SqliteStore, Store};
use parallax_web::server::{self, AppState};
use serde_json::{json, Value};

/// One browser at a time (the machine has two cores).
static BROWSER: Mutex<()> = Mutex::new(());

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromedriver() -> Option<PathBuf> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// The chromedriver path, or `None` (skip) when the browser is not installed outside CI.
fn tools() -> Option<PathBuf> {
    let driver = chromedriver();
    if Path::new(CHROMIUM).exists() && driver.is_some() {
        return driver;
    }
    let msg = "browser test needs /usr/bin/chromium and chromedriver (apt-get install chromium chromium-driver)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true: {msg}");
    }
    let _ = std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("skipped: {msg}\n")); // unlike eprintln!, shown when the test passes
    None
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver(path: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver { child, port }
}

async fn session(driver: &Driver, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.display()),
                     "--window-size=1280,2600"],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session with headless Chromium")
}

/// Serve `db` on a random local port; returns the base URL.
async fn serve(db: &Path) -> String {
    let stores: Vec<Box<dyn Store>> = (0..2)
        .map(|_| Box::new(SqliteStore::open(db).unwrap()) as Box<dyn Store>)
        .collect();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::serve(listener, AppState::new(stores)));
    format!("http://{addr}")
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The corpora to browse: the seeds (when ../shared is there) and the project's own examples.
fn corpora() -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    let seeds = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/seeds"
    ));
    if seeds.is_dir() {
        out.push((seeds.to_path_buf(), "story"));
    } else {
        eprintln!("skipped the seed corpus: ../shared/corpus/seeds not found");
    }
    let examples = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/corpus"
    ));
    out.push((
        examples.to_path_buf(),
        if out.is_empty() {
            "story"
        } else {
            "story-examples"
        },
    ));
    out
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.expect("script runs")
}

#[test]
fn story_page_in_a_real_browser() {
    let Some(driver_path) = tools() else { return };
    let _one = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    for (corpus, shot) in corpora() {
        check_story_page(&driver_path, &corpus, shot);
    }
}

fn check_story_page(driver_path: &Path, corpus: &Path, shot: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("parallax.db");
    let corpus = corpus.to_path_buf();
    let mut store = SqliteStore::open(&db).unwrap();
    let summary = ingest_paths(
        &mut store,
        std::slice::from_ref(&corpus),
        IngestOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert!(summary.added > 0, "{} gave articles", corpus.display());
    // The story to look at: the one with the most facts.
    let page = store.stories(0, 100).unwrap();
    let (story, facts) = page
        .items
        .iter()
        .filter_map(|s| store.story(&s.id).unwrap())
        .map(|r| {
            let n = r
                .comparison
                .as_ref()
                .map(|c| c.facts.iter().map(|f| f.cells.len()).sum::<usize>())
                .unwrap_or(0);
            (r, n)
        })
        .max_by_key(|(_, n)| *n)
        .expect("at least one story");
    assert!(facts > 0, "the story has a fact matrix");
    drop(store);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let base = serve(&db).await;
        let driver = start_driver(driver_path);
        let c = session(&driver, &dir.path().join("profile")).await;

        // The story list links the story.
        c.goto(&format!("{base}/")).await.unwrap();
        let titles = c.find_all(Locator::Css("a.story-title")).await.unwrap();
        assert!(!titles.is_empty(), "stories listed");
        let story_url = format!("{base}/stories/{}", parallax_web::links::percent(&story.story.id));
        c.goto(&story_url).await.unwrap();
        assert_eq!(js(&c, "return document.documentElement.getAttribute('data-js')").await, "on", "our script ran");

        // Timeline, events and fact matrix are on the page and visible.
        let timeline = c.find(Locator::Css("svg.timeline")).await.expect("timeline");
        assert!(timeline.is_displayed().await.unwrap());
        let dots = c.find_all(Locator::Css("svg.timeline a.dot circle")).await.unwrap();
        let dated = story.articles.iter().filter(|a| a.article.published.is_some()).count();
        assert_eq!(dots.len(), dated, "one dot per dated article");
        let events = c.find_all(Locator::Css("li.event-item")).await.unwrap();
        assert_eq!(events.len(), story.story.events.len(), "every event listed");
        eprintln!("{}: story {:?}: {} events, {} articles, {} fact cells", corpus.display(), story.story.title, events.len(), story.articles.len(), facts);
        let bars = c.find_all(Locator::Css("svg.timeline g.event rect")).await.unwrap();
        let dated_events = story.story.events.iter().filter(|e| e.when.as_deref().is_some_and(|w| w.get(0..4).is_some_and(|y| y.chars().all(|c| c.is_ascii_digit())))).count();
        assert_eq!(bars.len(), dated_events, "every dated event drawn");
        // The claims come first; the fact matrix opens from its summary.
        let matrix = c.find(Locator::Css("table.facts")).await.expect("fact matrix");
        assert!(!matrix.is_displayed().await.unwrap(), "matrix folded under the claims");
        c.find(Locator::Css("details.facts-details > summary")).await.expect("matrix summary").click().await.unwrap();
        assert!(matrix.is_displayed().await.unwrap());
        let cells = c.find_all(Locator::Css("table.facts a.fact-cell")).await.unwrap();
        assert!(!cells.is_empty(), "fact cells");

        let png = c.screenshot().await.unwrap();
        std::fs::write(artifacts().join(format!("{shot}.png")), &png).unwrap();

        // Hovering a cell shows its evidence on the story page.
        let cell = &cells[0];
        let sentence = cell.attr("data-sentence").await.unwrap().unwrap_or_default();
        assert!(!sentence.is_empty(), "the cell carries its sentence");
        js(&c, "var a=document.querySelector('table.facts a.fact-cell'); a.dispatchEvent(new MouseEvent('mouseover',{bubbles:true})); return 1").await;
        let shown = c.find(Locator::Css("p.evidence .evidence-text")).await.unwrap().text().await.unwrap();
        assert_eq!(shown.trim(), sentence.trim(), "evidence panel");

        // Clicking it opens the article at its sentence, highlighted.
        cell.click().await.unwrap();
        let url = c.current_url().await.unwrap();
        let fragment = url.fragment().expect("a sentence anchor").to_string();
        assert!(fragment.starts_with("s-"), "{url}");
        let target = c.find(Locator::Id(&fragment)).await.expect("the sentence element");
        assert!(target.is_displayed().await.unwrap());
        let text = target.text().await.unwrap();
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(norm(&text), norm(&sentence), "the sentence shown is the cell's evidence");
        assert_eq!(js(&c, "var t=document.querySelector(':target'); return t ? t.id : null").await, Value::String(fragment.clone()));
        let bg = js(&c, "return getComputedStyle(document.querySelector(':target')).backgroundColor").await;
        assert_ne!(bg, "rgba(0, 0, 0, 0)", "the target sentence is highlighted");
        let png = c.screenshot().await.unwrap();
        std::fs::write(artifacts().join(format!("{shot}-article.png")), &png).unwrap();

        // The cleaning toggle opens.
        let summary = c.find(Locator::Css("details.removed summary")).await.unwrap();
        summary.click().await.unwrap();
        assert_eq!(js(&c, "return document.querySelector('details.removed').open").await, true);
        c.close().await.unwrap();
    });
}

/// Inputs whose text carries script, handlers, javascript: URLs and broken markup.
fn hostile_inputs(dir: &Path) -> PathBuf {
    let inputs = dir.join("hostile");
    std::fs::create_dir_all(&inputs).unwrap();
    let payload = common::PAYLOADS.join("\n");
    std::fs::write(
        inputs.join("hostile.txt"),
        format!("<script>document.title='PWNED'</script> Tokajew in Astana\n\nAstana (dpa) - Tokajew empfing Putin am 27. November 2024.\n{payload}\nDer Handelsumsatz lag bei 28 Milliarden US-Dollar.\n"),
    )
    .unwrap();
    std::fs::write(
        inputs.join("hostile.html"),
        format!(
            "<html><head><title>\"><script>window.pwned=1</script></title><meta property=\"og:title\" content=\"&lt;img src=x onerror=window.pwned=1&gt;\"><meta property=\"og:url\" content=\"javascript:window.pwned=1\"></head>\
             <body><article><h1><img src=x onerror=\"window.pwned=1\">Putin in Astana</h1><p>Tokajew sagte am 27. November 2024 in Astana: „{}“</p>\
             <p onclick=\"window.pwned=1\">< p>Kaputtes <b>Markup &quot ; <a href=\"javascript:window.pwned=1\">Link</a> <svg onload=\"window.pwned=1\"></svg></p>\
             <script>window.pwned=1</script></article></body></html>",
            common::PAYLOADS.join(" ")
        ),
    )
    .unwrap();
    let record = json!({"title": common::PAYLOADS[0], "url": "javascript:window.pwned=1", "text": format!("Tokajew und Putin in Astana. {payload}"), "published": "2024-11-27"});
    std::fs::write(inputs.join("hostile.jsonl"), format!("{record}\n")).unwrap();
    inputs
}

#[test]
fn hostile_articles_do_not_execute_in_a_real_browser() {
    let Some(driver_path) = tools() else { return };
    let _one = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("parallax.db");
    let mut store = SqliteStore::open(&db).unwrap();
    // Through the real pipeline…
    let inputs = hostile_inputs(dir.path());
    ingest_paths(&mut store, &[inputs], IngestOptions::default(), &mut |_| {}).unwrap();
    // …and a hand-built analysis whose every field (ids, outlet, spans' texts) is hostile.
    let hostile = common::hostile_analysis();
    let mut all = store.load_articles().unwrap();
    all.extend(hostile.articles.iter().cloned());
    let analysis = parallax_analyze::analyze(all);
    let mut stories = analysis.stories.clone();
    stories.extend(hostile.stories.iter().cloned());
    let mut comparisons = analysis.comparisons.clone();
    comparisons.extend(hostile.comparisons.iter().cloned());
    let mut all_articles = analysis.articles.clone();
    all_articles.extend(hostile.articles.iter().cloned());
    let summaries =
        parallax_analyze::summary::summarize_all(&stories, &all_articles, &analysis.duplicates);
    commit_articles(
        &mut store,
        &hostile.articles,
        Some(BatchAnalysis {
            duplicates: &analysis.duplicates,
            stories: &stories,
            comparisons: &comparisons,
            summaries: &summaries,
        }),
    )
    .unwrap();
    let article_ids: Vec<String> = store.article_ids().unwrap().into_iter().collect();
    assert!(
        article_ids.len() >= 3,
        "hostile inputs ingested: {article_ids:?}"
    );
    let story_ids: Vec<String> = store
        .stories(0, 100)
        .unwrap()
        .items
        .into_iter()
        .map(|s| s.id)
        .collect();
    drop(store);
    let mut report_analysis = analysis;
    report_analysis.stories = stories;
    report_analysis.comparisons = comparisons;
    let report = dir.path().join("report.html");
    std::fs::write(&report, parallax_web::report::html(&report_analysis)).unwrap();

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let base = serve(&db).await;
        let driver = start_driver(&driver_path);
        let c = session(&driver, &dir.path().join("profile")).await;
        let mut urls = vec![format!("{base}/"), format!("{base}/search?q=script"), format!("{base}/search?q=Tokajew")];
        urls.extend(story_ids.iter().map(|id| format!("{base}/stories/{}", parallax_web::links::percent(id))));
        urls.extend(article_ids.iter().map(|id| format!("{base}/articles/{}", parallax_web::links::percent(id))));
        urls.push(format!("file://{}", report.display()));
        for url in &urls {
            c.goto(url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
            // Give any handler (img onerror, svg onload) time to fire.
            tokio::time::sleep(Duration::from_millis(150)).await;
            let state = js(
                &c,
                "document.querySelectorAll('details').forEach(function(d){d.open=true});
                 return { pwned: typeof window.pwned, title: document.title,
                          js: document.documentElement.getAttribute('data-js'),
                          injected: document.querySelectorAll('main img, main iframe, main script, main svg:not(.timeline), [onerror], [onload], [onclick], a[href^=\"javascript\"]').length };",
            )
            .await;
            assert_eq!(state["pwned"], "undefined", "{url}: a payload ran");
            assert_ne!(state["title"], "PWNED", "{url}: a payload set the title");
            assert_eq!(state["js"], "on", "{url}: our own script runs (so scripts were enabled)");
            assert_eq!(state["injected"], 0, "{url}: injected elements");
        }
        // Hover and click everything clickable in the text: still nothing runs.
        c.goto(&format!("{base}/articles/{}", hostile_article_id())).await.unwrap();
        for el in c.find_all(Locator::Css(".article-text span")).await.unwrap().iter().take(20) {
            let _ = el.click().await;
        }
        assert_eq!(js(&c, "return typeof window.pwned").await, "undefined");
        eprintln!("{} pages checked, nothing executed", urls.len());
        c.close().await.unwrap();
    });
}

fn hostile_article_id() -> String {
    common::hostile_analysis().articles[0].article.id.clone()
}
