//! Outlets named by a folder's own `outlets.toml`, by mastheads and by wire credits.

use parallax_ingest::{discover, read_input};
use parallax_model::{Article, SourceKind};

fn read_all(dir: &std::path::Path) -> (Vec<Article>, Vec<String>) {
    let (inputs, errors) = discover(&[dir.to_path_buf()]);
    let mut errs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let mut out = Vec::new();
    for i in &inputs {
        read_input(i, &mut |r| match r {
            Ok(a) => out.push(a),
            Err(e) => errs.push(e.to_string()),
        });
    }
    (out, errs)
}

#[test]
fn a_folder_outlets_file_names_its_articles_outlets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("outlets.toml"),
        "[[outlet]]\nid = \"bote\"\nname = \"Wendeltaler Bote\"\nkind = \"newspaper\"\nstate_affiliation = \"XO\"\n\
         [[outlet]]\nid = \"zpd\"\nname = \"zpd\"\nkind = \"wire\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Deich gebrochen: drei Tote im Tal\n\nWendeltaler Bote · Lokales · 15.09.2024\n\n\
         Kellerbach (zpd) – Bei einem schweren Hochwasser im Wendeltal sind drei Menschen ums Leben gekommen, teilte der Landkreis mit.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Hochwasser: Pegel sinkt wieder langsam\n\n\
         Kellerbach (zpd) – Der Pegel der Wendel ist in der Nacht gesunken, teilte der Krisenstab des Landkreises am Morgen mit.\n",
    )
    .unwrap();
    let (articles, errors) = read_all(dir.path());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(articles.len(), 2, "the outlets file is not an article");
    let a = &articles[0];
    let o = a.outlet.as_ref().expect("masthead names the outlet");
    assert_eq!(
        (o.name.as_str(), o.kind),
        ("Wendeltaler Bote", SourceKind::Newspaper)
    );
    assert_eq!(o.state_affiliation.as_deref(), Some("XO"));
    assert_eq!(
        a.field_origins.get("outlet").map(String::as_str),
        Some("masthead")
    );
    // The wire credited by a publishing newspaper is a credit, not the outlet.
    assert_eq!(a.credits, ["zpd"]);
    // A wire's own copy with nothing else naming a publisher: the dateline's wire.
    let b = &articles[1];
    assert_eq!(b.outlet.as_ref().map(|o| o.name.as_str()), Some("zpd"));
    assert_eq!(
        b.field_origins.get("outlet").map(String::as_str),
        Some("dateline-credit")
    );
}

#[test]
fn a_bad_folder_outlets_file_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("outlets.toml"), "[[outlet]]\nname = 3\n").unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Ein Titel\n\nDie Regierung hat am Montag einen neuen Haushalt vorgelegt, wie das Ministerium mitteilte.\n",
    )
    .unwrap();
    let (articles, errors) = read_all(dir.path());
    assert_eq!(articles.len(), 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("outlets.toml"), "{}", errors[0]);
}

#[test]
fn the_sample_corpus_names_its_outlets() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let (articles, errors) = read_all(&dir);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(articles.len(), 64);
    let known = articles.iter().filter(|a| a.outlet.is_some()).count();
    let missing: Vec<&str> = articles
        .iter()
        .filter(|a| a.outlet.is_none())
        .map(|a| a.path.as_str())
        .collect();
    assert!(
        known * 10 >= articles.len() * 9,
        "{known} of {} with an outlet; without: {missing:?}",
        articles.len()
    );
    assert!(articles.iter().any(|a| a
        .outlet
        .as_ref()
        .is_some_and(|o| o.state_affiliation.is_some())));
}
