//! Both stores against a hand-built analysis: commits, re-commits, reads, search, the
//! incremental update, the analysis index, generations and the analysis lock. Every test is
//! one generic function over `dyn Store`, run once on SQLite and once on a throwaway
//! PostgreSQL server (skipped with a printed line when PostgreSQL is not installed; failing
//! under `CI=true`).

#[path = "../../web/tests/common/mod.rs"]
mod common;
#[path = "support/pg.rs"]
mod pg;

use std::sync::{Arc, Barrier, Mutex};

use parallax_model::AnnotatedArticle;
use parallax_store::{
    AnalysisUpdate, Backend, Batch, BatchAnalysis, IndexWrite, NewArticle, Store, StoreError,
};

type Open<'a> = &'a (dyn Fn() -> Box<dyn Store> + Sync);

/// Title and text folded for search by the article's language, as the pipeline does.
fn search_text(a: &AnnotatedArticle) -> (String, String) {
    let language = parallax_nlp::lang::for_code(a.article.language.as_deref());
    (
        parallax_nlp::search::index_text(language, a.article.title.as_deref().unwrap_or("")),
        parallax_nlp::search::index_text(language, &a.article.text),
    )
}

fn commit_all(
    store: &mut dyn Store,
    analysis: &parallax_model::Analysis,
) -> parallax_store::CommitReport {
    let search: Vec<(String, String)> = analysis.articles.iter().map(search_text).collect();
    let new_articles: Vec<NewArticle<'_>> = analysis
        .articles
        .iter()
        .zip(&search)
        .map(|(annotated, (title, body))| NewArticle {
            annotated,
            search_title: title,
            search_body: body,
        })
        .collect();
    let summaries = parallax_analyze::summary::summarize_all(
        &analysis.stories,
        &analysis.articles,
        &analysis.duplicates,
    );
    store
        .commit(Batch {
            new_articles: &new_articles,
            analysis: Some(BatchAnalysis {
                duplicates: &analysis.duplicates,
                stories: &analysis.stories,
                comparisons: &analysis.comparisons,
                summaries: &summaries,
            }),
            ..Batch::default()
        })
        .unwrap()
}

fn commit_read_back_and_recommit(open: Open<'_>) {
    let analysis = common::sample_analysis();
    let mut store = open();
    let report = commit_all(&mut *store, &analysis);
    assert_eq!(report.articles_added, 3);
    assert_eq!(report.stories_written, 2);

    // Re-committing the same analysis adds nothing and rewrites no story.
    let again = commit_all(&mut *store, &analysis);
    assert_eq!(
        (
            again.articles_added,
            again.stories_written,
            again.stories_removed
        ),
        (0, 0, 0)
    );
    let counts = store.counts().unwrap();
    assert_eq!((counts.articles, counts.stories, counts.batches), (3, 2, 2));

    // Reopening keeps everything (and does not re-run migrations).
    drop(store);
    let store = open();
    let page = store.stories(0, 10).unwrap();
    assert_eq!(page.total, 2);
    let ids: Vec<_> = page.items.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["story-visit-2024", "story-visit-2023"],
        "newest first"
    );
    let first = &page.items[0];
    assert_eq!((first.articles, first.origins, first.events), (2, 2, 1));
    assert_eq!(first.outlets.len(), 2);
    assert!(first
        .outlets
        .iter()
        .any(|o| o.state_affiliation.as_deref() == Some("RU")));
    assert_eq!(store.stories(1, 10).unwrap().items.len(), 1, "offset pages");

    let rec = store.story("story-visit-2024").unwrap().expect("story");
    assert_eq!(rec.articles.len(), 2);
    assert_eq!(
        rec.articles[0].article.id, "aaaa000000000001",
        "oldest first"
    );
    assert_eq!(rec.comparison.as_ref().unwrap().facts.len(), 1);
    assert!(store.story("nope").unwrap().is_none());
    // A page of the story's articles, in the same order; the story still lists them all.
    let second = store
        .story_page("story-visit-2024", 1, 1)
        .unwrap()
        .expect("story");
    assert_eq!(second.articles.len(), 1);
    assert_eq!(second.articles[0].article.id, rec.articles[1].article.id);
    assert_eq!(second.story.articles.len(), 2);
    assert_eq!(second.comparison, rec.comparison);
    let past = store
        .story_page("story-visit-2024", 5, 10)
        .unwrap()
        .expect("story");
    assert!(past.articles.is_empty());
    assert_eq!(
        store.story_article_ids("story-visit-2024").unwrap(),
        ["aaaa000000000001", "bbbb000000000002"]
    );

    let a = store.article("bbbb000000000002").unwrap().expect("article");
    assert_eq!(
        a, analysis.articles[1],
        "article round-trips, raw text included"
    );
    assert!(a.article.raw.contains("[Anzeige_2]"));
    let loaded = store.load_articles().unwrap();
    assert_eq!(loaded.len(), 3);
    let mut some = store
        .articles_by_id(&["cccc000000000003".into(), "nope".into()])
        .unwrap();
    assert_eq!(some.len(), 1);
    assert_eq!(some.pop().unwrap(), analysis.articles[2], "tokens included");
    assert_eq!(
        store.stories_of_article("cccc000000000003").unwrap()[0].id,
        "story-visit-2023"
    );
    assert_eq!(store.article_ids().unwrap().len(), 3);
}

fn sentence_vectors_are_kept_beside_the_article(open: Open<'_>) {
    use parallax_model::{QuantizedVector, SentenceVectors};
    let mut analysis = common::sample_analysis();
    let vectors = SentenceVectors {
        model: "test-model".into(),
        title_lead: Some(QuantizedVector {
            scale: 0.5,
            values: vec![-128, 0, 127],
        }),
        candidates: vec![QuantizedVector {
            scale: 0.25,
            values: vec![1, -1, 2],
        }],
    };
    analysis.articles[0].vectors = Some(vectors.clone());
    let mut store = open();
    commit_all(&mut *store, &analysis);
    let ids: Vec<String> = analysis
        .articles
        .iter()
        .map(|a| a.article.id.clone())
        .collect();
    for loaded in [
        store.load_articles().unwrap(),
        store.articles_by_id(&ids).unwrap(),
    ] {
        let by_id = |id: &str| loaded.iter().find(|a| a.article.id == id).unwrap();
        assert_eq!(by_id(&ids[0]).vectors.as_ref(), Some(&vectors));
        assert_eq!(by_id(&ids[1]).vectors, None, "stored without vectors");
    }
    // the public JSON of an article stays without them
    let json = serde_json::to_string(&analysis.articles[0]).unwrap();
    assert!(!json.contains("test-model"));
}

/// One story of 120 copies of a sample article, published a day apart, with one claim of
/// each article and a claim disputed between the first and the last.
fn many_article_analysis() -> parallax_model::Analysis {
    use parallax_model::{Claim, ClaimCell, ClaimDispute, ClaimKind, ClaimStatus};
    let mut analysis = common::sample_analysis();
    let base = analysis.articles[0].clone();
    analysis.articles = (0..120)
        .map(|i| {
            let mut a = base.clone();
            a.article.id = format!("{:016x}", 0x5000 + i);
            a.article.published = Some(format!("2024-{:02}-{:02}", 1 + i / 28, 1 + i % 28));
            a
        })
        .collect();
    let ids: Vec<String> = analysis
        .articles
        .iter()
        .map(|a| a.article.id.clone())
        .collect();
    let story = &mut analysis.stories[0];
    story.articles = ids.clone();
    story.events[0].articles = ids.clone();
    analysis.stories.truncate(1);
    let cell = |article: &str| ClaimCell {
        article: article.into(),
        start: 0,
        end: 10,
        sentence: format!("{article} says so"),
        speaker: None,
    };
    let claim = |id: String, status, cells: Vec<ClaimCell>, disputes: Vec<ClaimDispute>| {
        let sources: Vec<String> = cells.iter().map(|c| c.article.clone()).collect();
        Claim {
            id,
            label: "a claim".into(),
            status,
            kind: ClaimKind::Number,
            event: None,
            family: None,
            origins: sources.len(),
            sources,
            cells,
            disputes,
        }
    };
    let why = ClaimDispute {
        a: 0,
        b: 1,
        why: "another figure".into(),
    };
    let cmp = &mut analysis.comparisons[0];
    cmp.claims = vec![claim(
        "disputed".into(),
        ClaimStatus::Disputed,
        vec![cell(&ids[0]), cell(&ids[119])],
        vec![why],
    )];
    cmp.claims.extend(ids.iter().map(|id| {
        claim(
            format!("by {id}"),
            ClaimStatus::Single,
            vec![cell(id)],
            vec![],
        )
    }));
    cmp.facts[0].cells = ids
        .iter()
        .map(|id| {
            let mut c = cmp.facts[0].cells[0].clone();
            c.article = id.clone();
            c
        })
        .collect();
    analysis
}

fn a_page_reads_a_bounded_part_of_the_comparison(open: Open<'_>) {
    let analysis = many_article_analysis();
    let mut store = open();
    commit_all(&mut *store, &analysis);
    let id = "story-visit-2024";
    let whole = store.story(id).unwrap().expect("story");
    assert_eq!(
        whole.comparison.as_ref(),
        Some(&analysis.comparisons[0]),
        "the whole story reads every part back"
    );
    let ids: Vec<&str> = analysis
        .articles
        .iter()
        .map(|a| a.article.id.as_str())
        .collect();
    for (offset, read) in [(50, 50..100), (60, 50..120), (100, 100..120)] {
        let page = store.story_page(id, offset, 50).unwrap().expect("story");
        let on_page: Vec<&str> = page
            .articles
            .iter()
            .map(|a| a.article.id.as_str())
            .collect();
        assert_eq!(on_page, ids[offset..(offset + 50).min(120)], "oldest first");
        let cmp = page.comparison.expect("comparison");
        let disputed = &cmp.claims[0];
        assert_eq!(
            (disputed.id.as_str(), disputed.cells.len(), disputed.origins),
            ("disputed", 2, 2),
            "both sides of the dispute, the whole story's counts"
        );
        let singles: Vec<String> = cmp.claims[1..].iter().map(|c| c.id.clone()).collect();
        let expected: Vec<String> = ids[read.clone()]
            .iter()
            .map(|id| format!("by {id}"))
            .collect();
        assert_eq!(
            singles, expected,
            "from {offset}: the claims of the parts holding the page"
        );
        let facts = cmp.facts[0].cells.len();
        assert_eq!(facts, read.len(), "from {offset}");
    }
}

fn vanished_stories_are_removed(open: Open<'_>) {
    let mut store = open();
    let mut analysis = common::sample_analysis();
    commit_all(&mut *store, &analysis);
    analysis.stories.truncate(1);
    analysis.stories[0].title = "Neuer Titel".into();
    let report = commit_all(&mut *store, &analysis);
    assert_eq!((report.stories_written, report.stories_removed), (1, 1));
    assert!(store.story("story-visit-2023").unwrap().is_none());
    assert!(store
        .stories_of_article("cccc000000000003")
        .unwrap()
        .is_empty());
    assert_eq!(store.stories(0, 10).unwrap().items[0].title, "Neuer Titel");
}

fn search_folds_german(open: Open<'_>) {
    let mut store = open();
    commit_all(&mut *store, &common::sample_analysis());
    let ids = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = store
            .search(&parallax_nlp::search::query_terms(q), 10)
            .unwrap()
            .into_iter()
            .map(|h| h.article)
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids("Tokajew"), ["aaaa000000000001", "cccc000000000003"]);
    assert_eq!(ids("tokajew"), ids("TOKAJEW"));
    // Text says "Größe": every spelling finds it.
    for q in ["Größe", "Grösse", "Groesse", "Grosse", "grosse"] {
        assert_eq!(ids(q), ["cccc000000000003"], "query {q}");
    }
    // Several words: all must occur; prefixes match ("Handelsums" → Handelsumsatz).
    assert_eq!(
        ids("Handelsums Astana"),
        ["aaaa000000000001", "bbbb000000000002"]
    );
    assert_eq!(ids("Putin Regime"), ["bbbb000000000002"]);
    assert!(ids("Zylinderkopfdichtung").is_empty());
    // Search syntax in the query is not syntax.
    assert!(ids("\"Tokajew\" OR NEAR(").is_empty());
    assert!(ids("Tokajew & !Putin | '").len() <= 2);
    assert_eq!(ids("Tokajew*"), ids("Tokajew"));
    let hit = &store
        .search(&parallax_nlp::search::query_terms("Größe"), 1)
        .unwrap()[0];
    assert!(
        hit.text.contains("Größe"),
        "the hit holds the original text"
    );
    assert_eq!(hit.stories, ["story-visit-2023"]);
    assert!(matches!(
        store.search(&parallax_nlp::search::query_terms("  \"*( "), 10),
        Err(StoreError::BadQuery(_))
    ));
}

/// An incremental update writes the changed stories and copy groups, deletes the removed
/// ones and keeps every other row.
fn an_update_touches_only_what_changed(open: Open<'_>) {
    let mut store = open();
    let analysis = common::sample_analysis();
    commit_all(&mut *store, &analysis);
    let mut changed = analysis.stories[0].clone();
    changed.title = "Geänderter Titel".into();
    let kept = analysis.stories[1].id.clone();
    let mut renamed = changed.clone();
    renamed.id = "story-renamed".into();
    let summaries =
        parallax_analyze::summary::summarize_all(&[renamed.clone()], &analysis.articles, &[]);
    let report = store
        .commit(Batch {
            update: Some(AnalysisUpdate {
                changed: BatchAnalysis {
                    duplicates: &[],
                    stories: std::slice::from_ref(&renamed),
                    comparisons: &[],
                    summaries: &summaries,
                },
                removed_stories: std::slice::from_ref(&changed.id),
                removed_duplicates: &[],
            }),
            ..Batch::default()
        })
        .unwrap();
    assert_eq!((report.stories_written, report.stories_removed), (1, 1));
    let page = store.stories(0, 10).unwrap();
    let mut ids: Vec<&str> = page.items.iter().map(|s| s.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["story-renamed", kept.as_str()]);
    assert_eq!(
        store.story_article_ids("story-renamed").unwrap(),
        renamed.articles
    );
    assert!(
        !store.analysis_pending().unwrap(),
        "an update is an analysis"
    );
}

fn the_analysis_index_keeps_bytes(open: Open<'_>) {
    let mut store = open();
    let put = vec![
        ("s:1".to_string(), vec![1u8, 2, 3]),
        ("s:2".to_string(), vec![0u8; 70_000]),
        ("s:1".to_string(), vec![9u8]),
    ];
    store
        .commit(Batch {
            index: IndexWrite {
                clear: false,
                put: &put,
            },
            ..Batch::default()
        })
        .unwrap();
    let keys: Vec<String> = ["s:1", "s:2", "s:3"].map(String::from).to_vec();
    let got = store.index_entries(&keys).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got["s:1"], [9u8], "the last value of a key wins");
    assert_eq!(got["s:2"].len(), 70_000);
    // An empty value deletes; `clear` drops everything first.
    let delete = vec![("s:2".to_string(), Vec::new())];
    store
        .commit(Batch {
            index: IndexWrite {
                clear: false,
                put: &delete,
            },
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.index_entries(&keys).unwrap().len(), 1);
    let fresh = vec![("s:3".to_string(), vec![3u8])];
    store
        .commit(Batch {
            index: IndexWrite {
                clear: true,
                put: &fresh,
            },
            ..Batch::default()
        })
        .unwrap();
    let got = store.index_entries(&keys).unwrap();
    assert_eq!(got.keys().collect::<Vec<_>>(), ["s:3"]);
    // Many keys at once (the SQLite backend binds them in chunks).
    let many: Vec<(String, Vec<u8>)> = (0..1500).map(|i| (format!("k:{i}"), vec![1])).collect();
    store
        .commit(Batch {
            index: IndexWrite {
                clear: false,
                put: &many,
            },
            ..Batch::default()
        })
        .unwrap();
    let keys: Vec<String> = many.iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(store.index_entries(&keys).unwrap().len(), 1500);
}

/// A commit computed on an older generation is refused, and nothing of it is written.
fn a_stale_analysis_is_refused(open: Open<'_>) {
    let mut store = open();
    let mut other = open();
    let base = store.analysis_generation().unwrap();
    let put = vec![("x".to_string(), vec![1u8])];
    other
        .commit(Batch {
            base_generation: Some(base),
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.analysis_generation().unwrap(), base + 1);
    let analysis = common::sample_analysis();
    let (title, body) = search_text(&analysis.articles[0]);
    let late = store.commit(Batch {
        new_articles: &[NewArticle {
            annotated: &analysis.articles[0],
            search_title: &title,
            search_body: &body,
        }],
        index: IndexWrite {
            clear: false,
            put: &put,
        },
        base_generation: Some(base),
        ..Batch::default()
    });
    assert!(matches!(late, Err(StoreError::Conflict)), "{late:?}");
    assert_eq!(store.counts().unwrap().articles, 0, "the batch is atomic");
    assert!(store.index_entries(&["x".into()]).unwrap().is_empty());
}

/// Two writers' locked steps never overlap, and the second sees the first one's commit.
fn the_analysis_lock_serialises_writers(open: Open<'_>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let barrier = Arc::new(Barrier::new(2));
    std::thread::scope(|scope| {
        for worker in 0..2u8 {
            let (log, barrier) = (log.clone(), barrier.clone());
            let mut store = open();
            scope.spawn(move || {
                barrier.wait();
                store
                    .with_analysis_lock(&mut |s: &mut dyn Store| {
                        let seen = s.index_entries(&["turn".into()])?.len();
                        log.lock().unwrap().push(("in", worker, seen));
                        std::thread::sleep(std::time::Duration::from_millis(300));
                        let put = vec![("turn".to_string(), vec![worker])];
                        s.commit(Batch {
                            index: IndexWrite {
                                clear: false,
                                put: &put,
                            },
                            ..Batch::default()
                        })?;
                        log.lock().unwrap().push(("out", worker, seen));
                        Ok(())
                    })
                    .unwrap();
            });
        }
    });
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0].1, log[1].1, "one step at a time: {log:?}");
    assert_eq!((log[0].0, log[1].0), ("in", "out"));
    assert_eq!(log[0].2, 0);
    assert_eq!(log[2].2, 1, "the second step sees the first one's commit");
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let path = dir.path().join("p.db");
                    let open = || -> Box<dyn parallax_store::Store> {
                        let store = parallax_store::SqliteStore::open(&path).unwrap();
                        assert_eq!(store.schema_version().unwrap(), 5);
                        Box::new(store)
                    };
                    super::$name(&open);
                    let store = parallax_store::SqliteStore::open(&path).unwrap();
                    assert_eq!(store.integrity_check().unwrap(), "ok");
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    let Some(pg) = super::pg::TestPg::start(concat!("postgres::", stringify!($name))) else {
                        return;
                    };
                    let url = pg.database("parallax");
                    let open = || -> Box<dyn parallax_store::Store> {
                        let store = parallax_store::PostgresStore::open(&url).unwrap();
                        assert_eq!(store.schema_version().unwrap(), 3);
                        assert_eq!(parallax_store::Store::backend(&store), super::Backend::Postgres);
                        Box::new(store)
                    };
                    super::$name(&open);
                }
            )*
        }
    };
}

on_both_backends!(
    commit_read_back_and_recommit,
    a_page_reads_a_bounded_part_of_the_comparison,
    sentence_vectors_are_kept_beside_the_article,
    vanished_stories_are_removed,
    search_folds_german,
    an_update_touches_only_what_changed,
    the_analysis_index_keeps_bytes,
    a_stale_analysis_is_refused,
    the_analysis_lock_serialises_writers,
);

#[test]
fn workers_migrating_a_new_postgres_database_together_apply_each_step_once() {
    let Some(pg) = pg::TestPg::start("workers_migrating_a_new_postgres_database") else {
        return;
    };
    let url = pg.database("fresh");
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| parallax_store::PostgresStore::open(&url).map(|_| ())))
            .collect();
        for h in handles {
            h.join().unwrap().unwrap();
        }
    });
    let store = parallax_store::PostgresStore::open(&url).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
}

#[test]
fn a_lost_postgres_server_is_reported_as_unavailable_and_comes_back() {
    let Some(pg) = pg::TestPg::start("a_lost_postgres_server") else {
        return;
    };
    let url = pg.database("restart");
    let store = parallax_store::PostgresStore::open(&url).unwrap();
    assert_eq!(store.counts().unwrap().articles, 0);
    pg.stop();
    let err = store.counts().unwrap_err();
    assert!(err.is_retryable(), "{err}");
    pg.restart();
    assert_eq!(store.counts().unwrap().articles, 0, "the pool reconnects");
}

#[test]
fn a_bad_url_is_one_clear_message() {
    let err = parallax_store::PostgresStore::open("postgres://x:y@127.0.0.1:notaport/db")
        .err()
        .unwrap();
    let text = err.to_string();
    assert!(text.contains("not a valid PostgreSQL URL"), "{text}");
    assert!(!text.contains(":y@"), "no password in messages: {text}");
    // Nothing listens on port 1: unavailable, said once.
    let err = parallax_store::PostgresStore::open("postgres://u@127.0.0.1:1/db")
        .err()
        .unwrap();
    assert!(err.is_retryable(), "{err}");
}
