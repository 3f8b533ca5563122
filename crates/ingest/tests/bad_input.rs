//! Bad and big input: encodings repaired locally and told, JSON documents read as such, broken
//! feeds and truncated gzip keep what they hold, budgets per input, names escaped in messages.

use std::io::Write;
use std::time::Duration;

use parallax_ingest::readers::read_bytes_with;
use parallax_ingest::{InputError, InputItem, InputWarning, ReadOptions};
use parallax_model::Article;

#[derive(Default)]
struct Read {
    articles: Vec<Article>,
    errors: Vec<InputError>,
    warnings: Vec<InputWarning>,
}

fn read_with(name: &str, bytes: &[u8], options: &ReadOptions) -> Read {
    let mut out = Read::default();
    read_bytes_with(name, bytes, options, &mut |item| match item {
        InputItem::Article { article, .. } => out.articles.push(*article),
        InputItem::Error(e) => out.errors.push(e),
        InputItem::Warning(w) => out.warnings.push(w),
    });
    out
}

fn read(name: &str, bytes: &[u8]) -> Read {
    read_with(name, bytes, &ReadOptions::default())
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const PROSE: &str = "Der Präsident sprach am Montag in Berlin über die Lage der Straßenbahn. \
                     Die Regierung prüfe weitere Schritte, sagte er vor Journalisten.";

#[test]
fn utf8_with_a_few_stray_bytes_keeps_its_umlauts_and_says_how_many_were_replaced() {
    let mut bytes = format!("Präsident unter Druck\n\n{PROSE}").into_bytes();
    bytes.insert(40, 0xFF);
    bytes.extend_from_slice(b" Ende\xE4.");
    let r = read("stray.txt", &bytes);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let text = &r.articles[0].text;
    assert!(
        text.contains("Präsident") && text.contains("Straßenbahn"),
        "{text}"
    );
    assert!(!text.contains("Ã"), "not decoded as windows-1252: {text}");
    assert_eq!(text.matches('\u{FFFD}').count(), 2, "{text}");
    assert_eq!(r.warnings.len(), 1);
    let w = r.warnings[0].to_string();
    assert!(w.starts_with("stray.txt: 2 bytes not valid UTF-8"), "{w}");
}

#[test]
fn jsonl_lines_are_decoded_each_and_a_mix_of_encodings_is_told() {
    let latin1_line = b"{\"title\": \"Gr\xf6\xdfere Pl\xe4ne\", \"text\": \"Die gr\xf6\xdfere Stadt plant \xfcber 200 neue Wohnungen f\xfcr Familien in M\xfcnchen.\"}\n";
    let r = read("latin1.jsonl", latin1_line);
    assert!(
        r.errors.is_empty() && r.warnings.is_empty(),
        "{:?}",
        r.warnings
    );
    assert_eq!(r.articles[0].title.as_deref(), Some("Größere Pläne"));
    assert!(r.articles[0].text.contains("größere Stadt plant über"));

    let mut mixed = latin1_line.to_vec();
    mixed.extend_from_slice(
        "{\"title\": \"Zweite\", \"text\": \"Die Bürgermeisterin äußerte sich zufrieden über die Straßenbahn.\"}\n"
            .as_bytes(),
    );
    let r = read("mixed.jsonl", &mixed);
    assert_eq!(r.articles.len(), 2);
    assert!(r.articles[1].text.contains("Bürgermeisterin äußerte"));
    assert!(r.articles[0].text.contains("größere"));
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(r.warnings[0].message.contains("mixes encodings"));
    assert!(r.warnings[0].message.contains("#1"), "{}", r.warnings[0]);
}

fn record(title: &str) -> serde_json::Value {
    serde_json::json!({
        "title": title,
        "text": format!("{PROSE} {title}."),
        "published": "2024-11-27",
        "language": "de",
        "authors": ["Anna Beispiel"],
        "source": "dpa",
    })
}

#[test]
fn a_json_array_and_a_single_pretty_printed_object_are_articles() {
    let array = serde_json::to_string_pretty(&vec![record("Eins"), record("Zwei")]).unwrap();
    let r = read("a.json", array.as_bytes());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let paths: Vec<_> = r.articles.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, ["a.json#1", "a.json#2"]);
    assert_eq!(r.articles[1].title.as_deref(), Some("Zwei"));
    assert_eq!(r.articles[0].authors, ["Anna Beispiel"]);
    assert_eq!(r.articles[0].published.as_deref(), Some("2024-11-27"));

    let single = serde_json::to_string_pretty(&record("Allein")).unwrap();
    let r = read("one.json", single.as_bytes());
    assert_eq!(r.articles.len(), 1, "{:?}", r.errors);
    assert_eq!(r.articles[0].path, "one.json");

    // Pretty-printed objects one after the other (`jq .` output).
    let stream = format!("{single}\n{single}\n");
    let r = read("stream.json", stream.as_bytes());
    assert_eq!(r.articles.len(), 2, "{:?}", r.errors);
}

#[test]
fn parallax_own_document_is_read_back_with_the_same_ids() {
    // The shape `parallax analyze --json` writes: articles with an id, clean text, origins.
    let text = format!("{PROSE}\n\nZweiter Absatz mit mehr Text.");
    let id = parallax_ingest::id::article_id(&text);
    let doc = serde_json::json!({
        "schema_version": "1",
        "articles": [{
            "id": id, "path": "/elsewhere/a.html", "url": "https://www.tagesschau.de/a",
            "title": "Titel", "published": "2024-11-27T10:05", "language": "de",
            "outlet": null, "authors": [], "text": text,
            "removed": [{"span_in_raw": {"start": 0, "end": 5}, "text": "Menü.", "reason": "navigation"}],
            "field_origins": {"title": "meta[og:title]"}, "credits": ["dpa"],
            "sentences": [], "entities": [], "quantities": [], "times": [], "quotes": []
        }],
        "duplicates": [], "stories": [], "comparisons": []
    });
    let pretty = serde_json::to_string_pretty(&doc).unwrap();
    let r = read("out.json", pretty.as_bytes());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let a = &r.articles[0];
    assert_eq!(a.id, id, "the clean text is kept as it is");
    assert_eq!(a.text, text);
    assert_eq!(a.path, "out.json#1");
    assert_eq!(a.published.as_deref(), Some("2024-11-27T10:05"));
    assert_eq!(
        a.field_origins.get("title").map(String::as_str),
        Some("meta[og:title]")
    );
    assert_eq!(a.credits, ["dpa"]);
    assert!(a.removed.is_empty(), "its raw text is not in the document");
}

#[test]
fn a_broken_json_document_keeps_the_articles_before_the_break() {
    let array = serde_json::to_string_pretty(&vec![record("Eins"), record("Zwei"), record("Drei")])
        .unwrap();
    let cut = array.rfind("Drei").unwrap();
    let r = read("cut.json", &array.as_bytes()[..cut]);
    assert_eq!(r.articles.len(), 2);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    let reason = &r.errors[0].reason;
    assert!(
        reason.contains("ends early") && reason.contains("line"),
        "{reason}"
    );
    assert!(
        reason.contains("the 2 articles before it were read"),
        "{reason}"
    );
    // JSON Lines whose first line is broken are still read line by line.
    let lines = format!(
        "{{\"title\": \"kaputt\",\n{}\n{}\n",
        record("Zwei"),
        record("Drei")
    );
    let r = read("lines.json", lines.as_bytes());
    assert_eq!(r.articles.len(), 2, "{:?}", r.errors);
}

const RSS_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Beispiel</title>\
    <link>https://www.tagesschau.de/</link>\n";

fn item(n: usize) -> String {
    format!(
        "<item><title>Meldung {n}</title><link>https://www.tagesschau.de/a{n}</link>\
         <dc:creator>Anna Beispiel</dc:creator><description>Die Stadt Köln meldet am Dienstag \
         {n} neue Projekte für den Nahverkehr, teilte die Verwaltung mit.</description></item>\n"
    )
}

#[test]
fn a_broken_feed_keeps_its_complete_items() {
    let feed = format!(
        "{RSS_HEAD}{}<item><title>Kaputt &amp; falsch<description>x</description></item>\n{}<item><title>Abgeschnit",
        item(1),
        item(3)
    );
    let r = read("broken.rss", feed.as_bytes());
    let paths: Vec<_> = r.articles.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, ["broken.rss#1", "broken.rss#3"]);
    assert_eq!(
        r.articles[1].authors,
        ["Anna Beispiel"],
        "namespaces of the feed kept"
    );
    assert_eq!(
        r.articles[0].url.as_deref(),
        Some("https://www.tagesschau.de/a1")
    );
    let reasons: Vec<_> = r.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        reasons
            .iter()
            .any(|e| e.contains("kept its 2 complete items") && e.contains("breaks off")),
        "{reasons:?}"
    );
}

#[test]
fn a_truncated_gzip_keeps_what_it_decoded_and_says_where_it_stopped() {
    let lines: String = (0..300)
        .map(|n| format!("{}\n", record(&format!("Meldung {n}"))))
        .collect();
    let z = gz(lines.as_bytes());
    let r = read("cut.jsonl.gz", &z[..z.len() / 2]);
    assert!(r.articles.len() > 50, "{}", r.articles.len());
    assert_eq!(r.errors.len(), 1);
    let e = r.errors[0].to_string();
    let line = r.articles.len() + 1;
    assert!(
        e.starts_with(&format!("cut.jsonl.gz#{line}: truncated gzip data")),
        "{e}"
    );
    assert!(
        e.contains("byte") && e.contains("lines before it were read"),
        "{e}"
    );

    let text: String = (0..400)
        .map(|n| format!("Absatz {n}: {PROSE}\n\n"))
        .collect();
    let z = gz(text.as_bytes());
    let r = read("cut.txt.gz", &z[..z.len() / 2]);
    assert_eq!(r.articles.len(), 1, "{:?}", r.errors);
    assert!(r.articles[0].text.len() > 1000);
    assert_eq!(r.errors.len(), 1);
    assert!(
        r.errors[0].reason.contains("truncated gzip data"),
        "{}",
        r.errors[0]
    );
    assert!(
        r.errors[0].reason.contains("decompressed before it"),
        "{}",
        r.errors[0]
    );
}

#[test]
fn an_unknown_entity_stays_as_written() {
    let page = format!(
        "<html><body><article><p>Der Text enthält &lol9; und AT&amp;T und &quot;Zitat&quot;. {PROSE}</p></article></body></html>"
    );
    let r = read("lol.html", page.as_bytes());
    let text = &r.articles[0].text;
    assert!(
        text.contains("enthält &lol9; und AT&T und \"Zitat\""),
        "{text}"
    );
    let r = read(
        "lol.txt",
        format!("Titel\n\n&lol9; und &amp;lol9;. {PROSE}").as_bytes(),
    );
    assert!(
        r.articles[0].text.starts_with("&lol9; und &lol9;."),
        "{}",
        r.articles[0].text
    );
}

#[test]
fn control_characters_in_names_do_not_split_message_lines() {
    let r = read("bad\nname\u{1b}.txt", b"\x89PNG\r\n\x1a\n\0\0\0");
    let line = r.errors[0].to_string();
    assert_eq!(
        line,
        "bad\\nname\\u{1b}.txt: binary file (a PNG image), not text"
    );
    assert_eq!(
        r.errors[0].input, "bad\nname\u{1b}.txt",
        "the name itself is kept"
    );
}

#[test]
fn an_input_over_the_size_limit_is_refused_by_name() {
    let options = ReadOptions {
        max_article_bytes: 1024,
        ..ReadOptions::default()
    };
    let big = format!("Titel\n\n{}", PROSE.repeat(20));
    for (name, bytes) in [
        ("big.txt", big.clone().into_bytes()),
        ("big.txt.gz", gz(big.as_bytes())),
        (
            "big.html",
            format!("<html><body><p>{big}</p></body></html>").into_bytes(),
        ),
    ] {
        let r = read_with(name, &bytes, &options);
        assert!(r.articles.is_empty(), "{name}");
        assert_eq!(r.errors.len(), 1, "{name}");
        let e = r.errors[0].to_string();
        assert!(e.starts_with(&format!("{name}: too large")), "{e}");
        assert!(e.contains("--max-input-mb"), "{e}");
    }
    let lines = format!(
        "{}\n{}\n",
        record("Klein"),
        serde_json::json!({"text": big})
    );
    let r = read_with("a.jsonl", lines.as_bytes(), &options);
    assert_eq!(r.articles.len(), 1, "the small line is read");
    assert!(r.errors[0].to_string().starts_with("a.jsonl#2: too large"));
}

#[test]
fn an_input_over_its_time_budget_is_stopped_by_name() {
    let options = ReadOptions {
        time_budget: Some(Duration::ZERO),
        ..ReadOptions::default()
    };
    let r = read_with("slow.txt", format!("Titel\n\n{PROSE}").as_bytes(), &options);
    assert!(r.articles.is_empty());
    let e = r.errors[0].to_string();
    assert!(
        e.starts_with("slow.txt: took longer than the time budget"),
        "{e}"
    );
    // Each JSONL record has its own budget, and each one over it is named.
    let lines = format!("{}\n{}\n", record("Eins"), record("Zwei"));
    let r = read_with("a.jsonl", lines.as_bytes(), &options);
    let inputs: Vec<_> = r.errors.iter().map(|e| e.input.as_str()).collect();
    assert_eq!(inputs, ["a.jsonl#1", "a.jsonl#2"]);
}
