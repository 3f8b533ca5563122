//! The SQLite store against a hand-built analysis: commits, re-commits, reads, search.

#[path = "../../web/tests/common/mod.rs"]
mod common;

use parallax_model::AnnotatedArticle;
use parallax_store::{Batch, BatchAnalysis, NewArticle, SqliteStore, Store, StoreError};

/// Title and text folded for search by the article's language, as the pipeline does.
fn search_text(a: &AnnotatedArticle) -> (String, String) {
    let language = parallax_nlp::lang::for_code(a.article.language.as_deref());
    (
        parallax_nlp::search::index_text(language, a.article.title.as_deref().unwrap_or("")),
        parallax_nlp::search::index_text(language, &a.article.text),
    )
}

fn commit_all(
    store: &mut SqliteStore,
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
        })
        .unwrap()
}

#[test]
fn commit_read_back_and_recommit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let analysis = common::sample_analysis();
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 2);
    let report = commit_all(&mut store, &analysis);
    assert_eq!(report.articles_added, 3);
    assert_eq!(report.stories_written, 2);

    // Re-committing the same analysis adds nothing and rewrites no story.
    let again = commit_all(&mut store, &analysis);
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
    assert_eq!(store.integrity_check().unwrap(), "ok");

    // Reopening keeps everything (and does not re-run migrations).
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
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
        "story order kept"
    );
    assert_eq!(rec.comparison.as_ref().unwrap().facts.len(), 1);
    assert!(store.story("nope").unwrap().is_none());

    let a = store.article("bbbb000000000002").unwrap().expect("article");
    assert_eq!(
        a, analysis.articles[1],
        "article round-trips, raw text included"
    );
    assert!(a.article.raw.contains("[Anzeige_2]"));
    let loaded = store.load_articles().unwrap();
    assert_eq!(loaded.len(), 3);
    assert_eq!(
        store.stories_of_article("cccc000000000003").unwrap()[0].id,
        "story-visit-2023"
    );
}

#[test]
fn vanished_stories_are_removed() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut analysis = common::sample_analysis();
    commit_all(&mut store, &analysis);
    analysis.stories.truncate(1);
    analysis.stories[0].title = "Neuer Titel".into();
    let report = commit_all(&mut store, &analysis);
    assert_eq!((report.stories_written, report.stories_removed), (1, 1));
    assert!(store.story("story-visit-2023").unwrap().is_none());
    assert!(store
        .stories_of_article("cccc000000000003")
        .unwrap()
        .is_empty());
    assert_eq!(store.stories(0, 10).unwrap().items[0].title, "Neuer Titel");
}

#[test]
fn search_folds_german() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    commit_all(&mut store, &common::sample_analysis());
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
    // FTS syntax in the query is not syntax.
    assert!(ids("\"Tokajew\" OR NEAR(").is_empty());
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
