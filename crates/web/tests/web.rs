//! The server's pages and API, the static report and the CSV export, on hand-built analyses.

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use parallax_model::Analysis;
use parallax_store::{SqliteStore, Store as _};
use parallax_web::server::{self, AppState};
use serde_json::Value;
use tower::ServiceExt;

fn state_for(analysis: &Analysis) -> Arc<AppState> {
    let mut store = SqliteStore::open_in_memory().unwrap();
    parallax_pipeline::ingest::commit_analysis(&mut store, analysis).unwrap();
    AppState::new(vec![Box::new(store)])
}

fn get(state: &Arc<AppState>, uri: &str) -> (StatusCode, String, Option<String>) {
    send(state, Request::get(uri).body(Body::empty()).unwrap())
}

/// Status, body (with `/` unescaped) and content type of one request to the router.
fn send(state: &Arc<AppState>, req: Request<Body>) -> (StatusCode, String, Option<String>) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let res = server::router(Arc::clone(state))
            .oneshot(req)
            .await
            .unwrap();
        let status = res.status();
        let ctype = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        // minijinja escapes `/` as `&#x2f;` (harmless; browsers decode it): read as `/`.
        (
            status,
            String::from_utf8_lossy(&body).replace("&#x2f;", "/"),
            ctype,
        )
    })
}

#[test]
fn story_list_newest_first_with_badges() {
    let state = state_for(&common::sample_analysis());
    let (status, html, ctype) = get(&state, "/");
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.unwrap().starts_with("text/html"));
    let newer = html
        .find("Putin besucht Kasachstan")
        .expect("story 2024 listed");
    let older = html.find("Besuch 2023").expect("story 2023 listed");
    assert!(newer < older, "newest first");
    assert!(
        html.contains("27–28 November 2024"),
        "dates as a reader writes them: {html}"
    );
    assert!(html.contains("2 independent origins"));
    assert!(html.contains("state: RU"), "state-affiliation badge");
    assert!(html.contains(r#"class="kind kind-wire""#), "kind badge");
    assert!(html.contains(r#"name="q""#), "search box");
    assert!(html.contains(r#"href="/stories/story-visit-2024""#));
}

#[test]
fn story_page_shows_timeline_matrix_quotes_wording() {
    let state = state_for(&common::sample_analysis());
    let (status, html, _) = get(&state, "/stories/story-visit-2024");
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg class=\"timeline\""));
    assert!(html.contains("Staatsbesuch"), "event label");
    assert!(html.contains("class=\"fact st-conflict\""));
    // Cells link to the evidence sentence of their article.
    let a = common::sample_analysis();
    let b = &a.articles[1];
    let sentence = b
        .sentences
        .iter()
        .find(|s| b.article.text[s.start..s.end].contains("21,4"))
        .unwrap();
    assert!(
        html.contains(&format!(
            "href=\"/articles/bbbb000000000002#s-{}\"",
            sentence.start
        )),
        "{html}"
    );
    assert!(html.contains("21\u{202f}400\u{202f}000\u{202f}000 USD"));
    assert!(
        html.contains("does not mention: treffen tokajew"),
        "omission, its key made readable when no row labels it"
    );
    assert!(
        html.contains("<h3>Tokajew</h3>"),
        "quotes grouped by speaker name"
    );
    // the wording table names families and variants for a reader, never by their keys
    assert!(
        html.contains("how Putin is named") && html.contains("Kremlin chief"),
        "wording table"
    );
    assert!(
        !html.contains("russian-leader") && !html.contains("kremlin-chief"),
        "wording keys shown"
    );
    assert!(
        html.contains("Agence Wire") && html.contains("Staatsfunk"),
        "sources side by side"
    );
    assert!(html.contains("genre-opinion"), "genre shown");
    assert!(
        html.contains("putin: positive") || html.contains("Putin: positive"),
        "stance shown"
    );
}

#[test]
fn article_page_highlights_and_shows_cleaning() {
    let state = state_for(&common::sample_analysis());
    let (status, html, _) = get(&state, "/articles/aaaa000000000001");
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<span class="sent" id="s-0">"#));
    assert!(html.contains(r#"class="ent ent-person""#));
    assert!(html.contains(r#"class="num""#));
    assert!(html.contains(r#"class="date""#));
    assert!(
        html.contains("class=\"quote\"") || html.contains("quote\" title"),
        "quote highlight"
    );
    assert!(html.contains("What cleaning removed (3)"));
    assert!(
        html.contains(r#"data-reason="ad-marker""#),
        "raw text with removed part marked"
    );
    assert!(
        html.contains("first line of the text") && !html.contains(">first-line<"),
        "field origin shown in words"
    );
    assert!(
        html.contains(">advertising<") && !html.contains(">ad-marker<"),
        "removal reason shown in words"
    );
    assert!(
        html.contains(r#"href="/stories/story-visit-2024""#),
        "link back to its story"
    );
    let (_, html_b, _) = get(&state, "/articles/bbbb000000000002");
    assert!(
        html_b.contains("class=\"cue\""),
        "loaded language highlighted"
    );
}

#[test]
fn unknown_ids_404_bad_queries_400() {
    let state = state_for(&common::sample_analysis());
    for uri in [
        "/stories/nope",
        "/articles/nope",
        "/nope",
        "/stories/%E2%9C%93",
        "/?page=9",
    ] {
        let (status, html, _) = get(&state, uri);
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(html.contains("404"), "{uri}: an HTML error page");
    }
    for uri in ["/api/stories/nope", "/api/articles/nope", "/api/nope"] {
        let (status, body, _) = get(&state, uri);
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["status"], 404);
    }
    for uri in [
        "/search",
        "/search?q=",
        "/search?q=%22*(",
        "/?page=abc",
        "/?page=-1",
        "/api/search?q=",
        "/api/stories?limit=100000",
        "/api/stories?offset=x",
        "/api/search?q=a&limit=z",
        "/stories/%FF%FE",
    ] {
        let (status, body, _) = get(&state, uri);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(
            !body.contains("panicked") && !body.contains("stack"),
            "{uri}"
        );
    }
    let long = format!("/search?q={}", "a".repeat(500));
    assert_eq!(get(&state, &long).0, StatusCode::BAD_REQUEST);
}

#[test]
fn search_page_and_api() {
    let state = state_for(&common::sample_analysis());
    let (status, html, _) = get(&state, "/search?q=Gr%C3%B6%C3%9Fe");
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("/articles/cccc000000000003"));
    let (status, body, _) = get(&state, "/api/search?q=Grosse");
    assert_eq!(status, StatusCode::OK);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"][0]["article"], "cccc000000000003");
    assert!(v["hits"][0]["snippet"].as_str().unwrap().contains("Größe"));
}

#[test]
fn json_api_mirrors_pages() {
    let state = state_for(&common::sample_analysis());
    let (status, body, ctype) = get(&state, "/api/stories?limit=1");
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.unwrap().starts_with("application/json"));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["total"], 2);
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    assert_eq!(v["items"][0]["id"], "story-visit-2024");
    let (_, body, _) = get(&state, "/api/stories?offset=1&limit=1");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["items"][0]["id"],
        "story-visit-2023"
    );

    let (_, body, _) = get(&state, "/api/stories/story-visit-2024");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["story"]["events"][0]["label"], "Staatsbesuch");
    assert_eq!(v["comparison"]["facts"][0]["status"], "conflict");
    assert_eq!(v["articles"].as_array().unwrap().len(), 2);
    assert_eq!(
        (
            v["articles_total"].as_u64(),
            v["offset"].as_u64(),
            v["limit"].as_u64()
        ),
        (Some(2), Some(0), Some(50))
    );

    let (_, body, _) = get(&state, "/api/articles/aaaa000000000001");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["id"], "aaaa000000000001");
    assert_eq!(v["stories"][0], "story-visit-2024");
    assert!(v["entities"].as_array().unwrap().len() >= 3);

    let (status, body, _) = get(&state, "/api/openapi.json");
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&body).unwrap();
    for path in [
        "/api/stories",
        "/api/stories/{id}",
        "/api/articles/{id}",
        "/api/search",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} documented");
    }
}

/// Every text field holds script, event handlers, javascript: URLs and broken markup;
/// nothing of it may reach the page as markup.
fn assert_inert(html: &str, what: &str) {
    let lower = html.to_lowercase();
    assert_eq!(
        lower.matches("<script").count(),
        1,
        "{what}: only our own script element"
    );
    // No element carries an event handler.
    for name in attribute_names(&lower) {
        assert!(
            !name.starts_with("on"),
            "{what}: event handler attribute {name}"
        );
    }
    for bad in [
        "<iframe",
        "<img",
        "<svg onload",
        "href=\"javascript:",
        "src=\"javascript:",
        "<b>ru</b>",
        "</textarea>",
    ] {
        assert!(!lower.contains(bad), "{what}: found {bad:?}");
    }
    assert!(
        html.contains("&lt;img") || html.contains("&lt;script&gt;"),
        "{what}: payload shown escaped"
    );
    assert!(
        !html.contains("49"),
        "{what}: template syntax in data is not evaluated"
    );
}

/// Names of all attributes of all tags (a small HTML tokenizer: quoted values skipped).
fn attribute_names(html: &str) -> Vec<String> {
    let mut names = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        // Skip the tag name.
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
            i += 1;
        }
        // Attributes until '>'.
        while i < b.len() && b[i] != b'>' {
            if b[i].is_ascii_whitespace() || b[i] == b'/' {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' {
                i += 1;
            }
            names.push(html[start..i].to_string());
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    i += 1;
                } else {
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
    }
    names
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let analysis = common::hostile_analysis();
    let state = state_for(&analysis);
    let story = &analysis.stories[0];
    let article = &analysis.articles[0];
    let story_uri = format!("/stories/{}", parallax_web::links::percent(&story.id));
    let (status, html, _) = get(&state, &story_uri);
    assert_eq!(status, StatusCode::OK, "{story_uri}");
    assert_inert(&html, "story page");
    let (_, html, _) = get(&state, &format!("/articles/{}", article.article.id));
    assert_inert(&html, "article page");
    assert!(
        html.contains("unsafe-url"),
        "javascript: URL shown as text, not as a link"
    );
    let (_, html, _) = get(&state, "/");
    assert_inert(&html, "story list");
    let (_, html, _) = get(&state, "/search?q=Tokajew+script");
    assert!(
        !html.to_lowercase().contains("<script>window"),
        "search page"
    );
    let report = parallax_web::report::html(&analysis);
    assert_inert(&report, "report");
}

#[test]
fn report_is_self_contained_and_anchors_resolve() {
    let analysis = common::sample_analysis();
    let html = parallax_web::report::html(&analysis);
    assert!(html.starts_with("<!doctype html>"));
    for external in [
        " src=",
        "<link",
        "url(",
        "@import",
        "http-equiv=\"refresh\"",
    ] {
        assert!(!html.contains(external), "no external resource: {external}");
    }
    // Every in-page link points at an element of the page.
    let ids: std::collections::HashSet<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let mut checked = 0;
    for href in html
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        assert!(ids.contains(href), "anchor #{href} exists");
        checked += 1;
    }
    assert!(checked > 10, "report links its parts ({checked})");
    for needle in [
        "Putin besucht Kasachstan",
        "class=\"timeline\"",
        "st-conflict",
        "What cleaning removed",
        "<h3>Tokajew</h3>",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    // Sentence anchors are unique per article in one file.
    assert!(html.contains("id=\"article-aaaa000000000001-s-0\""));
    assert!(html.contains("id=\"article-bbbb000000000002-s-0\""));
}

#[test]
fn csv_has_documented_headers_and_rows() {
    let analysis = common::sample_analysis();
    let dir = tempfile::tempdir().unwrap();
    parallax_web::csv_export::write(&analysis, dir.path()).unwrap();
    let mut facts = csv::Reader::from_path(dir.path().join("facts.csv")).unwrap();
    assert_eq!(
        facts.headers().unwrap().iter().collect::<Vec<_>>(),
        parallax_web::csv_export::FACTS_HEADER
    );
    let rows: Vec<csv::StringRecord> = facts.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][4], "conflict");
    assert!(!rows[0][2].is_empty(), "a fact label");
    assert_eq!(&rows[1][7], "21400000000");
    assert!(rows[1][13].contains("21,4 Milliarden"), "evidence sentence");
    let mut articles = csv::Reader::from_path(dir.path().join("articles.csv")).unwrap();
    assert_eq!(
        articles.headers().unwrap().iter().collect::<Vec<_>>(),
        parallax_web::csv_export::ARTICLES_HEADER
    );
    let rows: Vec<csv::StringRecord> = articles.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[1][6], "Staatsfunk");
    assert_eq!(&rows[1][8], "RU");
    // Formula injection is neutralised in the hostile analysis.
    let mut hostile = common::hostile_analysis();
    hostile.articles[0].article.title = Some("=HYPERLINK(\"http://x\")".into());
    parallax_web::csv_export::write(&hostile, dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join("articles.csv")).unwrap();
    assert!(text.contains("'=HYPERLINK"));
}

/// A story's articles come in pages (its comparison cut to the page's articles, its counts
/// the whole story's), so one large story never has to be sent or rendered whole.
#[test]
fn story_pages_and_api_page_their_articles() {
    let state = state_for(&common::sample_analysis());
    let (_, body, _) = get(&state, "/api/stories/story-visit-2024");
    let whole: Value = serde_json::from_str(&body).unwrap();
    let (status, body, _) = get(&state, "/api/stories/story-visit-2024?offset=1&limit=1");
    assert_eq!(status, StatusCode::OK);
    let page: Value = serde_json::from_str(&body).unwrap();
    let ids = |v: &Value| -> Vec<String> {
        v["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&page), [ids(&whole)[1].clone()]);
    assert_eq!(page["articles_total"], 2);
    let second = ids(&whole)[1].clone();
    for row in page["comparison"]["facts"].as_array().unwrap() {
        for c in row["cells"].as_array().unwrap() {
            assert_eq!(c["article"], second.as_str(), "only the page's cells");
        }
        let status = &whole["comparison"]["facts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["measure"] == row["measure"])
            .unwrap()["status"];
        assert_eq!(
            &row["status"], status,
            "the row's status is the whole story's"
        );
    }
    for uri in [
        "/api/stories/story-visit-2024?offset=9",
        "/stories/story-visit-2024?offset=9",
    ] {
        assert_eq!(get(&state, uri).0, StatusCode::NOT_FOUND, "{uri}");
    }
    assert_eq!(
        get(&state, "/api/stories/story-visit-2024?limit=9999").0,
        StatusCode::BAD_REQUEST
    );

    let (status, html, _) = get(&state, "/stories/story-visit-2024?offset=1");
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("sources 2–2 of 2"),
        "the page says where it is"
    );
    assert!(
        html.contains("2 articles"),
        "the story's count, not the page's"
    );
    assert!(
        html.contains("href=\"/stories/story-visit-2024?offset=0\""),
        "a link back"
    );
    let (_, html, _) = get(&state, "/stories/story-visit-2024");
    assert!(
        !html.contains("class=\"pager\""),
        "no pager when every source fits"
    );
}

/// A story of more articles than a page holds is served one page at a time: each page holds
/// its own articles and only what the comparison says about them.
/// The store reads a page's part of the comparison (`parallax_store`'s parts): cut to the
/// page, it says what the whole comparison says about the page's articles.
#[test]
fn a_page_of_a_large_story_reads_what_the_whole_comparison_says_about_it() {
    let base = common::sample_analysis();
    // The sample's look back at 2023 names only the country; a year from the 2024 visit to
    // its capital that is another story's setting. Here it names the capital too, so the
    // visits are one story of two events.
    let in_astana = common::article(&common::Spec {
        id: "cccc000000000003",
        title: "Rückblick: Besuch 2023",
        published: "2023-11-10",
        outlet: None,
        url: None,
        text: "Im November 2023 besuchte Putin Kasachstan und traf Tokajew in Astana.\n\
               Tokajew sprach von Größe und Freundschaft.\n",
    });
    let articles: Vec<_> = (0..150)
        .map(|i| {
            let mut a = match i % 3 {
                2 => in_astana.clone(),
                k => base.articles[k].clone(),
            };
            a.article.id = format!("{:016x}", 0x2000 + i);
            a
        })
        .collect();
    let analysis = parallax_analyze::analyze(articles);
    let mut store = SqliteStore::open_in_memory().unwrap();
    parallax_pipeline::ingest::commit_analysis(&mut store, &analysis).unwrap();
    let events: usize = analysis.stories.iter().map(|s| s.events.len()).sum();
    assert!(events > analysis.stories.len(), "a story of several events");
    for whole in &analysis.comparisons {
        let story = analysis
            .stories
            .iter()
            .find(|s| s.id == whole.story)
            .unwrap();
        let rec = store.story(&story.id).unwrap().unwrap();
        assert_eq!(rec.comparison.as_ref(), Some(whole), "every part read back");
        for offset in (0..story.articles.len()).step_by(50) {
            let rec = store.story_page(&story.id, offset, 50).unwrap().unwrap();
            let page: HashSet<&str> = rec.articles.iter().map(|a| a.article.id.as_str()).collect();
            let keep = |a: &str| page.contains(a);
            let read = rec.comparison.as_ref().unwrap();
            assert_eq!(
                parallax_web::page::for_articles(read, &keep),
                parallax_web::page::for_articles(whole, &keep),
                "story {} from {offset}",
                story.id
            );
        }
    }
}

#[test]
fn a_story_of_many_articles_is_served_a_page_at_a_time() {
    let base = common::sample_analysis();
    let articles: Vec<_> = (0..120)
        .map(|i| {
            let mut a = base.articles[i % 2].clone();
            a.article.id = format!("{:016x}", 0x1000 + i);
            a
        })
        .collect();
    let analysis = parallax_analyze::analyze(articles);
    let state = state_for(&analysis);
    let big = analysis
        .stories
        .iter()
        .max_by_key(|s| s.articles.len())
        .unwrap();
    assert!(big.articles.len() > 100, "{} articles", big.articles.len());
    let mut seen = std::collections::BTreeSet::new();
    for offset in (0..big.articles.len()).step_by(50) {
        let (status, body, _) = get(&state, &format!("/api/stories/{}?offset={offset}", big.id));
        assert_eq!(status, StatusCode::OK);
        let v: Value = serde_json::from_str(&body).unwrap();
        let page: Vec<String> = v["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(page.len(), (big.articles.len() - offset).min(50));
        assert_eq!(v["articles_total"], big.articles.len());
        let on_page = |id: &Value| page.iter().any(|p| id == p.as_str());
        let cmp = &v["comparison"];
        for row in cmp["facts"].as_array().unwrap() {
            assert!(row["cells"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| on_page(&c["article"])));
        }
        for f in cmp["framing"].as_array().unwrap() {
            assert!(on_page(&f["article"]));
        }
        for c in cmp["claims"].as_array().unwrap() {
            let in_dispute = c["disputes"].as_array().unwrap().len() * 2;
            let off_page = c["cells"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| !on_page(&x["article"]))
                .count();
            assert!(
                off_page <= in_dispute,
                "only a dispute's other side comes from another page"
            );
        }
        seen.extend(page);
    }
    assert_eq!(
        seen.len(),
        big.articles.len(),
        "the pages together hold every article once"
    );
    let (_, html, _) = get(&state, &format!("/stories/{}", big.id));
    assert!(html.contains(&format!("sources 1–50 of {}", big.articles.len())));
    assert!(html.contains(&format!("{} articles", big.articles.len())));
    // a copy whose origin is on another page names no id
    let (_, html, _) = get(&state, &format!("/stories/{}?offset=50", big.id));
    for id in &big.articles {
        assert!(
            !html.contains(&format!("copy of {}", &id[..12])),
            "{id} shown as text"
        );
    }
}

fn get_with_host(state: &Arc<AppState>, uri: &str, host: &str) -> StatusCode {
    let req = Request::get(uri).header("host", host).body(Body::empty());
    send(state, req.unwrap()).0
}

#[test]
fn requests_must_name_the_server_by_address_localhost_or_an_allowed_name() {
    let state = state_for(&common::sample_analysis());
    for host in [
        "127.0.0.1:8080",
        "localhost:8080",
        "LOCALHOST",
        "[::1]:8080",
        "10.0.0.5",
    ] {
        assert_eq!(get_with_host(&state, "/", host), StatusCode::OK, "{host}");
    }
    // A DNS name rebound to 127.0.0.1 by another site's page.
    for host in [
        "attacker.example:8080",
        "127.0.0.1.nip.io",
        "[::1",
        "evil.example",
    ] {
        assert_eq!(
            get_with_host(&state, "/api/stories", host),
            StatusCode::FORBIDDEN,
            "{host}"
        );
    }
    let mut store = SqliteStore::open_in_memory().unwrap();
    parallax_pipeline::ingest::commit_analysis(&mut store, &common::sample_analysis()).unwrap();
    let named = AppState::allow_hosts(vec![Box::new(store)], &["News.Example.org".into()]);
    assert_eq!(
        get_with_host(&named, "/", "news.example.org:8080"),
        StatusCode::OK
    );
    assert_eq!(
        get_with_host(&named, "/", "other.example.org"),
        StatusCode::FORBIDDEN
    );
}
