//! Serving speed with 10,000 stories (20,000 articles) in an SQLite database: the story
//! list (first and a deep page), a story page and an article page, through the full router
//! (store query, view building, template rendering). Run: `cargo bench -p parallax-web --bench serve`.

#[path = "../tests/common/mod.rs"]
mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use criterion::{criterion_group, criterion_main, Criterion};
use parallax_model::{Comparison, Event, Story};
use parallax_store::{BatchAnalysis, SqliteStore, Store};
use parallax_web::server::{self, AppState};
use tower::ServiceExt;

const STORIES: usize = 10_000;

fn build(db: &std::path::Path) {
    let mut store = SqliteStore::open(db).unwrap();
    if store.counts().unwrap().stories >= STORIES {
        return;
    }
    let template = common::sample_analysis();
    let mut articles = Vec::with_capacity(STORIES * 2);
    let mut stories = Vec::with_capacity(STORIES);
    let mut comparisons = Vec::with_capacity(STORIES);
    for i in 0..STORIES {
        let day = format!(
            "{:04}-{:02}-{:02}",
            1990 + i / 336,
            1 + (i / 28) % 12,
            1 + i % 28
        );
        let mut pair = Vec::new();
        for (k, src) in template.articles[..2].iter().enumerate() {
            let mut a = src.clone();
            a.article.id = format!("{i:08}{k}");
            a.article.published = Some(day.clone());
            a.article.title = Some(format!(
                "{} #{i}",
                src.article.title.as_deref().unwrap_or("")
            ));
            pair.push(a.article.id.clone());
            articles.push(a);
        }
        let story = Story {
            id: format!("story-{i:06}"),
            title: format!("Story {i}: Putin besucht Kasachstan"),
            articles: pair.clone(),
            events: vec![Event {
                id: format!("e-{i}"),
                when: Some(day.clone()),
                articles: pair.clone(),
                label: Some("Besuch".into()),
            }],
            key_entities: vec!["person:putin".into()],
            start: Some(day.clone()),
            end: Some(day.clone()),
            origins: 2,
        };
        let mut cmp: Comparison = template.comparisons[0].clone();
        cmp.story = story.id.clone();
        for row in &mut cmp.facts {
            for (cell, id) in row.cells.iter_mut().zip(&pair) {
                cell.article = id.clone();
            }
        }
        cmp.omissions[0].article = pair[1].clone();
        cmp.wording[0].by_article[0].0 = pair[1].clone();
        stories.push(story);
        comparisons.push(cmp);
    }
    let summaries = parallax_analyze::summary::summarize_all(&stories, &articles, &[]);
    parallax_pipeline::ingest::commit_articles(
        &mut store,
        &articles,
        Some(BatchAnalysis {
            duplicates: &[],
            stories: &stories,
            comparisons: &comparisons,
            summaries: &summaries,
        }),
    )
    .unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("parallax-bench-serve");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("bench.db");
    let started = std::time::Instant::now();
    build(&db);
    eprintln!(
        "database with {STORIES} stories ready in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let stores: Vec<Box<dyn Store>> = vec![Box::new(SqliteStore::open(&db).unwrap())];
    let app = server::router(AppState::new(stores));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let get = |uri: &str| {
        let app = app.clone();
        let uri = uri.to_string();
        rt.block_on(async move {
            let res = app
                .oneshot(Request::get(&uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{uri}");
            axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .unwrap()
                .len()
        })
    };
    let mut group = c.benchmark_group("serve 10k stories");
    group.bench_function("story list, page 1", |b| b.iter(|| get("/")));
    group.bench_function("story list, page 150", |b| b.iter(|| get("/?page=150")));
    group.bench_function("story page", |b| b.iter(|| get("/stories/story-004321")));
    group.bench_function("article page", |b| b.iter(|| get("/articles/000043210")));
    group.bench_function("api story list", |b| {
        b.iter(|| get("/api/stories?offset=5000&limit=50"))
    });
    group.bench_function("search", |b| b.iter(|| get("/search?q=Tokajew&limit=50")));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
