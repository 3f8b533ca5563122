//! No panic on any input: random bytes and mutations of valid inputs through every reader
//! and the cleaner (a quick deterministic stand-in for the fuzz targets in `fuzz/`), then
//! randomized inputs per format (proptest: text, HTML, JSONL, JSON, RSS, WARC, gzip) with
//! the article invariants checked, and inputs of a few MB.

use parallax_ingest::readers::read_bytes;
use parallax_ingest::{clean, CleanOptions};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const SEEDS: &[&str] = &[
    "Titel – RT DE\n\nTitel – RT DE\n-\nText &quot ;a&amp;amp; < p>b (Quelle: TASS) |\n• eins\n• zwei\nQuelle: https://x.org/a\n2024-12-01 10:05\nVon Max Muster\n",
    "<html><head><meta property=\"og:title\" content=\"T\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script></head><body><article><p>Ein Absatz mit Text.</p></article></body></html>",
    "{\"title\":\"a\",\"text\":\"b c d\",\"published\":\"2024-01-01\"}\n{\"html\":\"<p>x</p>\"}\n",
    "<?xml version=\"1.0\"?><rss><channel><item><title>a</title><description>&lt;p&gt;b&lt;/p&gt;</description></item></channel></rss>",
    "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 60\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hallo Welt</p>\r\n\r\n",
];

fn check(name: &str, data: &[u8]) {
    read_bytes(name, data, &mut |r| {
        if let Ok(a) = r {
            assert_eq!(a.id.len(), 32);
            for rm in &a.removed {
                assert_eq!(rm.span_in_raw.slice(&a.raw), rm.text);
            }
        }
    });
    let text = String::from_utf8_lossy(data);
    let out = clean(
        &text,
        &CleanOptions {
            detect_title: true,
            known_title: None,
            ..Default::default()
        },
    );
    for rm in &out.removed {
        assert_eq!(rm.span_in_raw.slice(&text), rm.text);
    }
}

#[test]
fn random_and_mutated_inputs_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let names = ["a", "a.html", "a.jsonl", "a.xml", "a.warc", "a.txt"];
    for i in 0..300 {
        let len = (rng.next() % 400) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        check(names[i % names.len()], &bytes);
    }
    for seed in SEEDS {
        for i in 0..150 {
            let mut b = seed.as_bytes().to_vec();
            for _ in 0..(1 + rng.next() % 6) {
                if b.is_empty() {
                    break;
                }
                let pos = (rng.next() as usize) % b.len();
                match rng.next() % 4 {
                    0 => b[pos] = rng.next() as u8,
                    1 => {
                        b.remove(pos);
                    }
                    2 => b.insert(
                        pos,
                        [b'\n', b'<', b'&', b';', 0xC3, b' '][(rng.next() % 6) as usize],
                    ),
                    _ => b.truncate(pos),
                }
            }
            check(names[i % names.len()], &b);
        }
    }
}

#[test]
fn pathological_lines_stay_fast_enough_to_finish() {
    // Very long lines and many short lines: linear-time paths only.
    let long = "a&amp; <b ".repeat(200_000);
    check("long.txt", long.as_bytes());
    let many = "-\n".repeat(200_000);
    check("many.txt", many.as_bytes());
    let brackets = "(Quelle: ".repeat(50_000);
    check("brackets.txt", brackets.as_bytes());
}

// ---- Randomized inputs per reader (proptest) -------------------------------------------

mod randomized {
    use std::io::Write;

    use parallax_ingest::readers::read_bytes_with;
    use parallax_ingest::{clean, CleanOptions, InputItem, ReadOptions};
    use parallax_model::Article;
    use proptest::prelude::*;

    /// Every article a reader gives keeps the invariants: an id, a text, `removed[]` spans
    /// inside the raw text on char boundaries with the text they claim.
    fn check_article(a: &Article) {
        assert_eq!(a.id.len(), 32, "id of {}", a.path);
        assert!(!a.text.trim().is_empty(), "empty text from {}", a.path);
        for rm in &a.removed {
            let s = rm.span_in_raw;
            assert!(
                s.start <= s.end && s.end <= a.raw.len(),
                "{rm:?} outside raw"
            );
            assert!(a.raw.is_char_boundary(s.start) && a.raw.is_char_boundary(s.end));
            assert_eq!(s.slice(&a.raw), rm.text);
        }
    }

    /// Read `bytes` as `name`; check every article; return (articles, errors, warnings).
    fn read(name: &str, bytes: &[u8]) -> (usize, usize, usize) {
        let (mut ok, mut bad, mut warned) = (0, 0, 0);
        read_bytes_with(
            name,
            bytes,
            &ReadOptions::default(),
            &mut |item| match item {
                InputItem::Article { article, .. } => {
                    check_article(&article);
                    ok += 1;
                }
                InputItem::Error(e) => {
                    assert!(!e.reason.is_empty());
                    assert!(!e.to_string().contains('\n'), "error line split: {e}");
                    bad += 1;
                }
                InputItem::Warning(w) => {
                    assert!(!w.to_string().contains('\n'), "warning line split: {w}");
                    warned += 1;
                }
            },
        );
        (ok, bad, warned)
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    const WORDS: &[&str] = &[
        "Der",
        "Präsident",
        "sagte",
        "am",
        "Montag",
        "in",
        "Berlin",
        "Größe",
        "Straße",
        "„Zitat“",
        "3,5",
        "Prozent",
        "2024-11-27",
        "&amp;",
        "&quot;",
        "&lol9;",
        "&#x41;",
        "&",
        "<",
        ">",
        "<br>",
        "< p>",
        "Quelle:",
        "Weiterlesen",
        "(dpa)",
        "😡",
        "\u{feff}",
        "\u{200b}",
        "\r",
        "\t",
        "\n",
        "\n\n",
        "–",
        "•",
        "[Anzeige]",
        "https://example.org/a",
        "ß",
        "\u{0301}",
    ];

    fn words(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 0..max).prop_map(|w| w.join(" "))
    }

    /// HTML tag soup: elements, unclosed and stray tags, comments, scripts, entities, text.
    fn html_soup() -> impl Strategy<Value = String> {
        let part = prop_oneof![
            prop::sample::select(vec![
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<article>",
                "</article>",
                "<span>",
                "</span>",
                "<b>",
                "<br/>",
                "<script>var a='</div>';</script>",
                "<script>",
                "<style>p{}</style>",
                "<!-- c -->",
                "<!--",
                "-->",
                "<title>T</title>",
                "<meta property=\"og:title\" content=\"Titel &amp; mehr\">",
                "<svg><p>x</p></svg>",
                "<textarea><p>",
                "</textarea>",
                "<h1>Titel</h1>",
                "<li>",
                "<table><tr><td>",
                "<a href=\"x\">",
                "</a>",
                "<",
                ">",
                "&nbsp;",
                "&lol9;",
                "<!DOCTYPE html>",
                "<html>",
                "<body>",
                "</body>",
            ])
            .prop_map(str::to_string),
            words(30),
        ];
        prop::collection::vec(part, 0..60).prop_map(|p| p.concat())
    }

    fn json_record() -> impl Strategy<Value = String> {
        (
            words(6),
            words(40),
            prop::sample::select(vec!["2024-11-27", "gestern", "", "27.11.2024"]),
        )
            .prop_map(|(t, x, d)| {
                serde_json::json!({"title": t, "text": x, "published": d, "source": "dpa"})
                    .to_string()
            })
    }

    fn rss(items: Vec<(String, String)>) -> String {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>F</title>\
             <link>https://www.example.org/</link>",
        );
        for (t, d) in items {
            s.push_str(&format!(
                "<item><title>{t}</title><description>{d}</description></item>"
            ));
        }
        s.push_str("</channel></rss>");
        s
    }

    fn warc(html: &str) -> Vec<u8> {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
        .into_bytes()
    }

    /// Mutate bytes: overwrite, delete, insert, truncate.
    fn mutate(mut b: Vec<u8>, edits: &[(prop::sample::Index, u8, u8)]) -> Vec<u8> {
        for (at, kind, byte) in edits {
            if b.is_empty() {
                break;
            }
            let i = at.index(b.len());
            match kind % 4 {
                0 => b[i] = *byte,
                1 => {
                    b.remove(i);
                }
                2 => b.insert(i, *byte),
                _ => b.truncate(i),
            }
        }
        b
    }

    fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, u8, u8)>> {
        prop::collection::vec(
            (any::<prop::sample::Index>(), any::<u8>(), any::<u8>()),
            0..6,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_under_every_name(bytes in prop::collection::vec(any::<u8>(), 0..600),
                                         name in prop::sample::select(vec!["a", "a.txt", "a.html", "a.jsonl", "a.json", "a.xml", "a.warc", "a.gz"])) {
            read(name, &bytes);
            read(name, &gz(&bytes));
        }

        #[test]
        fn text(text in words(200), e in edits()) {
            let bytes = mutate(text.into_bytes(), &e);
            read("a.txt", &bytes);
            let text = String::from_utf8_lossy(&bytes);
            let out = clean(&text, &CleanOptions { detect_title: true, ..Default::default() });
            for rm in &out.removed {
                assert_eq!(rm.span_in_raw.slice(&text), rm.text);
            }
        }

        #[test]
        fn html(page in html_soup(), e in edits()) {
            read("a.html", &mutate(page.into_bytes(), &e));
        }

        #[test]
        fn jsonl(records in prop::collection::vec(json_record(), 0..6), e in edits()) {
            let mut bytes = records.join("\n").into_bytes();
            bytes = mutate(bytes, &e);
            read("a.jsonl", &bytes);
        }

        #[test]
        fn json_documents(records in prop::collection::vec(json_record(), 0..6), cut in any::<prop::sample::Index>(), own in any::<bool>()) {
            let array = format!("[\n{}\n]", records.join(",\n"));
            let doc = if own { format!("{{\n  \"schema_version\": \"1\",\n  \"articles\": {array}\n}}") } else { array };
            let (ok, bad, _) = read("a.json", doc.as_bytes());
            prop_assert_eq!(ok + bad, records.len().max(usize::from(records.is_empty())));
            let truncated = &doc.as_bytes()[..cut.index(doc.len() + 1)];
            read("a.json", truncated);
        }

        #[test]
        fn feeds(items in prop::collection::vec((words(5), words(30)), 0..6), e in edits()) {
            let feed = rss(items);
            read("a.xml", &mutate(feed.into_bytes(), &e));
        }

        #[test]
        fn warc_records(pages in prop::collection::vec(html_soup(), 1..4), e in edits()) {
            let bytes: Vec<u8> = pages.iter().flat_map(|p| warc(p)).collect();
            read("a.warc", &mutate(bytes, &e));
        }

        #[test]
        fn truncated_gzip_of_each_format(records in prop::collection::vec(json_record(), 1..8), cut in any::<prop::sample::Index>()) {
            let jsonl = records.join("\n");
            for (name, plain) in [("a.jsonl", jsonl.clone().into_bytes()), ("a.txt", jsonl.into_bytes())] {
                let z = gz(&plain);
                let cut = 10 + cut.index(z.len() - 10);
                read(name, &z[..cut]);
            }
        }
    }
}

#[test]
fn inputs_of_a_few_megabytes_are_read() {
    let sentence = "Der Präsident sagte am Montag in Berlin, die Lage sei &quot;ernst&quot;. ";
    let numbered = |n: usize| format!("Am Tag {n} sagte er: {sentence}");
    let mut sizes = Vec::new();
    // A 3 MB single line of text, an HTML page of 3 MB, 100,000 nested divs, a 3 MB JSONL line.
    let line: String = (0..(3 << 20) / 96).map(numbered).collect();
    let page = format!(
        "<html><body><article>{}</article></body></html>",
        (0..(3 << 20) / 300)
            .map(|n| format!(
                "<p>{} {} {}</p>\n",
                numbered(n),
                numbered(n + 1),
                numbered(n + 2)
            ))
            .collect::<String>()
    );
    let nested = format!(
        "<html><body>{}<p>{sentence}{sentence}{sentence}</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let jsonl = format!("{}\n", serde_json::json!({"title": "T", "text": line}));
    for (name, input) in [
        ("big.txt", line.as_str()),
        ("big.html", page.as_str()),
        ("nested.html", nested.as_str()),
        ("big.jsonl", jsonl.as_str()),
    ] {
        let mut texts = Vec::new();
        read_bytes(name, input.as_bytes(), &mut |r| match r {
            Ok(a) => texts.push(a.text.len()),
            Err(e) => panic!("{e}"),
        });
        assert_eq!(texts.len(), 1, "{name}");
        sizes.push(texts[0]);
    }
    assert!(
        sizes[0] > 2_000_000 && sizes[1] > 2_000_000 && sizes[3] > 2_000_000,
        "{sizes:?}"
    );
    assert!(sizes[2] > 150, "the paragraph inside 100,000 divs is found");
}
