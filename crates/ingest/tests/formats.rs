//! Every input format from small fixtures written here, their gzip variants, bad inputs,
//! folder discovery and id determinism.

use std::io::Write;
use std::path::{Path, PathBuf};

use parallax_ingest::{article_from_text, discover, read_input, Input, InputError};
use parallax_model::Article;

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn read(path: &Path) -> (Vec<Article>, Vec<InputError>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    read_input(&Input::File(path.to_path_buf()), &mut |r| match r {
        Ok(a) => ok.push(a),
        Err(e) => bad.push(e),
    });
    (ok, bad)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const TEXT: &str = "Regierung beschließt neues Klimapaket – RT DE\n\nRegierung beschließt neues Klimapaket – RT DE\n\nDie Bundesregierung hat am Mittwoch ein neues Klimapaket beschlossen. Es umfasst Investitionen von 40 Milliarden Euro bis 2030, wie ein Sprecher in Berlin mitteilte.\n\nWeiterlesen\n";

const HTML: &str = r#"<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Hafen von Hamburg meldet Rekord | Beispielblatt</title>
<meta property="og:title" content="Hafen von Hamburg meldet Rekordumschlag">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
<meta name="author" content="Erika Mustermann">
<link rel="canonical" href="https://www.spiegel.de/wirtschaft/hafen-rekord-a-123.html">
</head><body><nav><a href="/">Startseite</a> <a href="/wirtschaft">Wirtschaft</a></nav>
<article><h1>Hafen von Hamburg meldet Rekordumschlag</h1>
<p>Der Hamburger Hafen hat im vergangenen Jahr so viele Container umgeschlagen wie nie zuvor. Nach Angaben der Hafengesellschaft wurden 9,1 Millionen Standardcontainer bewegt.</p>
<p>Besonders stark wuchs der Verkehr mit Asien, wo die Mengen um zwölf Prozent zulegten. Die Reedereien rechnen auch im laufenden Jahr mit weiterem Wachstum im Hamburger Hafen.</p>
<p>Lesen Sie auch: Warum die Elbvertiefung so lange dauerte</p>
<p>Der Senat will nun weitere Liegeplätze für große Schiffe schaffen und dafür mehrere hundert Millionen Euro investieren, sagte der Wirtschaftssenator am Dienstag vor Journalisten.</p>
</article><footer>© 2024 Beispielblatt. Alle Rechte vorbehalten.</footer></body></html>"#;

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Beispiel News</title><link>https://www.tagesschau.de/</link>
<item><title>Erste Meldung</title><link>https://www.tagesschau.de/a1</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Die Stadt Köln hat am Dienstag einen neuen Haushalt beschlossen, der Ausgaben von fünf Milliarden Euro vorsieht.&lt;/p&gt;</description></item>
<item><title>Zweite Meldung</title><link>https://www.tagesschau.de/a2</link>
<description>Der Bahnverkehr zwischen Hamburg und Berlin ist nach einer Störung wieder aufgenommen worden, teilte die Bahn mit.</description></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Feed</title><link href="https://www.reuters.com/"/>
<id>urn:x</id><updated>2024-03-05T10:00:00Z</updated>
<entry><title>Markets rally</title><link href="https://www.reuters.com/m1"/><id>urn:1</id>
<updated>2024-03-05T10:00:00Z</updated><author><name>Jane Roe</name></author>
<content type="html">&lt;p&gt;Stock markets rallied on Tuesday after the central bank signalled that interest rates would stay unchanged for the rest of the year.&lt;/p&gt;</content></entry>
</feed>"#;

fn warc_record(uri: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(http.as_bytes());
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn warc_bytes() -> Vec<u8> {
    let mut w =
        b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 9\r\n\r\nsoftware\n\r\n\r\n".to_vec();
    w.extend(warc_record("https://www.spiegel.de/a", HTML));
    w.extend(warc_record(
        "https://www.tass.ru/b",
        &HTML.replace("Hamburg", "Bremen"),
    ));
    w
}

#[test]
fn plain_text_and_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", TEXT.as_bytes());
    let (ok, bad) = read(&p);
    assert!(bad.is_empty(), "{bad:?}");
    let a = &ok[0];
    assert_eq!(
        a.title.as_deref(),
        Some("Regierung beschließt neues Klimapaket")
    );
    assert_eq!(a.outlet.as_ref().map(|o| o.id.as_str()), Some("rt"));
    assert!(a.text.starts_with("Die Bundesregierung hat am Mittwoch"));
    assert!(!a.text.contains("Weiterlesen"));
    assert_eq!(a.language.as_deref(), Some("de"));
    // gzip, detected by magic bytes even without the extension.
    let g = write(dir.path(), "b.dat", &gz(TEXT.as_bytes()));
    let (ok2, bad2) = read(&g);
    assert!(bad2.is_empty(), "{bad2:?}");
    assert_eq!(ok2[0].text, a.text);
    assert_eq!(ok2[0].id, a.id);
}

#[test]
fn html_page_with_metadata() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("p.html", HTML.as_bytes().to_vec()),
        ("p.html.gz", gz(HTML.as_bytes())),
    ] {
        let p = write(dir.path(), name, &bytes);
        let (ok, bad) = read(&p);
        assert!(bad.is_empty(), "{bad:?}");
        let a = &ok[0];
        assert_eq!(
            a.title.as_deref(),
            Some("Hafen von Hamburg meldet Rekordumschlag")
        );
        assert_eq!(
            a.field_origins.get("title").map(String::as_str),
            Some("meta[og:title]")
        );
        assert_eq!(a.published.as_deref(), Some("2024-03-05T09:30:00+01:00"));
        assert_eq!(a.authors, vec!["Erika Mustermann"]);
        assert_eq!(
            a.url.as_deref(),
            Some("https://www.spiegel.de/wirtschaft/hafen-rekord-a-123.html")
        );
        assert_eq!(a.outlet.as_ref().map(|o| o.id.as_str()), Some("spiegel"));
        assert!(
            a.text.contains("9,1 Millionen Standardcontainer"),
            "{}",
            a.text
        );
        assert!(a.text.contains("mehrere hundert Millionen Euro"));
        assert!(!a.text.contains("Lesen Sie auch"));
        assert!(!a.text.contains("Alle Rechte vorbehalten"));
        assert!(a.text.contains("\n\n"));
    }
}

#[test]
fn jsonl_with_a_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"url":"https://www.tass.com/x","title":"Treffen in Astana","text":"Der Präsident traf am Mittwoch seinen Amtskollegen in Astana zu Gesprächen über Handel und Energie.","published":"2024-11-27","source":"TASS"}"#,
        r#"{"title": broken json"#,
        "",
        &format!(
            r#"{{"html":{},"source":"Spiegel"}}"#,
            serde_json::to_string(HTML).unwrap()
        ),
        r#"{"title":"Nichts"}"#,
    ];
    let body = lines.join("\n");
    for (name, bytes) in [
        ("a.jsonl", body.as_bytes().to_vec()),
        ("a.jsonl.gz", gz(body.as_bytes())),
    ] {
        let p = write(dir.path(), name, &bytes);
        let (ok, bad) = read(&p);
        assert_eq!(ok.len(), 2, "{bad:?}");
        assert!(ok[0].path.ends_with(&format!("{name}#1")));
        assert_eq!(ok[0].outlet.as_ref().map(|o| o.id.as_str()), Some("tass"));
        assert_eq!(ok[0].published.as_deref(), Some("2024-11-27"));
        assert_eq!(ok[0].title.as_deref(), Some("Treffen in Astana"));
        assert!(ok[1].path.ends_with("#4"));
        assert!(ok[1].text.contains("Standardcontainer"));
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(bad[0].input.ends_with("#2") && bad[0].reason.contains("invalid JSON"));
        assert!(bad[1].input.ends_with("#5") && bad[1].reason.contains("neither"));
    }
}

#[test]
fn rss_and_atom() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "feed.xml", RSS.as_bytes());
    let (ok, bad) = read(&p);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok.len(), 2);
    assert!(ok[0].path.ends_with("feed.xml#1") && ok[1].path.ends_with("feed.xml#2"));
    assert_eq!(ok[0].title.as_deref(), Some("Erste Meldung"));
    assert_eq!(ok[0].published.as_deref(), Some("2024-03-05T10:00:00Z"));
    assert!(ok[0].text.starts_with("Die Stadt Köln hat am Dienstag"));
    assert_eq!(
        ok[0].outlet.as_ref().map(|o| o.id.as_str()),
        Some("tagesschau")
    );
    let p = write(dir.path(), "atom.gz", &gz(ATOM.as_bytes()));
    let (ok, bad) = read(&p);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].authors, vec!["Jane Roe"]);
    assert_eq!(ok[0].language.as_deref(), Some("en"));
    assert_eq!(
        ok[0].outlet.as_ref().map(|o| o.id.as_str()),
        Some("reuters")
    );
}

#[test]
fn warc_plain_gzip_and_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let w = warc_bytes();
    // Whole-file gzip and one gzip member per record both work.
    let mut per_record = Vec::new();
    let mut rest = w.as_slice();
    while let Some(pos) = rest.windows(8).skip(1).position(|x| x == b"WARC/1.0") {
        per_record.extend(gz(&rest[..pos + 1]));
        rest = &rest[pos + 1..];
    }
    per_record.extend(gz(rest));
    for (name, bytes) in [
        ("c.warc", w.clone()),
        ("c.warc.gz", gz(&w)),
        ("d.warc.gz", per_record),
    ] {
        let p = write(dir.path(), name, &bytes);
        let (ok, bad) = read(&p);
        assert!(bad.is_empty(), "{name}: {bad:?}");
        assert_eq!(ok.len(), 2, "{name}");
        assert!(
            ok[0].path.ends_with("#2") && ok[1].path.ends_with("#3"),
            "{}",
            ok[0].path
        );
        assert_eq!(ok[1].url.as_deref(), Some("https://www.tass.ru/b"));
        assert_eq!(ok[1].outlet.as_ref().map(|o| o.id.as_str()), Some("tass"));
        assert!(ok[1].text.contains("Bremener Hafen"));
    }
    // Cut inside the second response record: one clear error, the first record still read.
    let cut = &w[..w.len() - 300];
    let p = write(dir.path(), "t.warc", cut);
    let (ok, bad) = read(&p);
    assert_eq!(ok.len(), 1);
    assert_eq!(bad.len(), 1);
    assert!(
        bad[0].input.ends_with("t.warc#3") && bad[0].reason.contains("truncated record"),
        "{bad:?}"
    );
    // Truncated gzip.
    let g = gz(&w);
    let p = write(dir.path(), "t2.warc.gz", &g[..g.len() * 2 / 3]);
    let (_ok, bad) = read(&p);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(
        bad[0].reason.contains("truncated") || bad[0].reason.contains("gzip"),
        "{bad:?}"
    );
}

#[test]
fn bad_inputs_each_give_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", Vec::new(), "empty"),
        ("blank.txt", b"   \n\n  ".to_vec(), "no text"),
        (
            "img.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "binary",
        ),
        (
            "bin.txt",
            (0u8..=255).cycle().take(4000).collect(),
            "binary",
        ),
        ("trunc.txt.gz", gz(TEXT.as_bytes())[..30].to_vec(), "gzip"),
        (
            "nothing.html",
            b"<html><head><title>x</title></head><body><nav>Menu</nav></body></html>".to_vec(),
            "no main text",
        ),
        (
            "broken.xml",
            b"<?xml version=\"1.0\"?><rss><channel><item><title>x".to_vec(),
            "feed",
        ),
    ];
    for (name, bytes, want) in cases {
        let p = write(dir.path(), name, &bytes);
        let (ok, bad) = read(&p);
        assert!(ok.is_empty(), "{name}");
        assert_eq!(bad.len(), 1, "{name}: {bad:?}");
        assert!(bad[0].input.ends_with(name), "{name}: {bad:?}");
        assert!(bad[0].reason.contains(want), "{name}: {}", bad[0].reason);
    }
    // Legacy encodings are decoded, not rejected.
    let latin1 = b"Stra\xdfenbahn f\xe4hrt wieder\n\nDie Stra\xdfenbahn in M\xfcnchen f\xe4hrt nach einer St\xf6rung wieder, teilte die Stadt am Montag mit.";
    let p = write(dir.path(), "latin1.txt", latin1);
    let (ok, bad) = read(&p);
    assert!(bad.is_empty(), "{bad:?}");
    assert!(ok[0].text.contains("Straßenbahn in München"));
    // A file too large for one article: a clear error, no attempt to hold it all.
    let big = dir.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap();
    drop(f);
    let mut w = std::fs::OpenOptions::new().write(true).open(&big).unwrap();
    w.write_all(b"Titel\n\nText ").unwrap();
    let (ok, bad) = read(&big);
    assert!(ok.is_empty());
    assert_eq!(bad.len(), 1);
    assert!(
        bad[0].reason.contains("binary") || bad[0].reason.contains("too large"),
        "{bad:?}"
    );
}

#[test]
fn large_text_file_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let para = "Dies ist ein ganz gewöhnlicher Satz eines sehr langen Textes ohne Ende. ";
    let mut s = String::from("Titel\n\n");
    while s.len() < 70 * 1024 * 1024 {
        s.push_str(para);
        s.push('\n');
    }
    let p = write(dir.path(), "huge.txt", s.as_bytes());
    let (ok, bad) = read(&p);
    assert!(ok.is_empty());
    assert_eq!(bad.len(), 1);
    assert!(bad[0].reason.contains("too large"), "{bad:?}");
}

#[test]
fn discovery_is_recursive_sorted_and_skips_hidden() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    for f in [
        "b.txt",
        "a.txt",
        "sub/c.txt",
        "sub/deeper/d.txt",
        ".hidden.txt",
        ".git/x.txt",
    ] {
        write(dir.path(), f, TEXT.as_bytes());
    }
    let (inputs, errors) = discover(&[
        dir.path().to_path_buf(),
        PathBuf::from("/no/such/file.txt"),
        PathBuf::from("-"),
    ]);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].reason.contains("cannot open"));
    let names: Vec<String> = inputs
        .iter()
        .map(|i| match i {
            Input::File(p) => p.strip_prefix(dir.path()).unwrap().display().to_string(),
            Input::Stdin => "-".into(),
        })
        .collect();
    assert_eq!(
        names,
        vec!["a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt", "-"]
    );
}

#[test]
fn ids_are_deterministic_and_content_based() {
    let a = article_from_text("-", TEXT, None);
    let b = article_from_text("other-path", TEXT, Some("2024-01-02"));
    assert_eq!(a.id, b.id);
    assert_eq!(a.id.len(), 32);
    assert_eq!(b.published.as_deref(), Some("2024-01-02"));
    let c = article_from_text("-", &TEXT.replace("40 Milliarden", "41 Milliarden"), None);
    assert_ne!(a.id, c.id);
    // A short snippet: kept whole, language may be unknown, never a panic.
    let s = article_from_text("-", "Putin traf Tokajew.", None);
    assert_eq!(s.text, "Putin traf Tokajew.");
    let e = article_from_text("-", "", None);
    assert_eq!(e.text, "");
    assert_eq!(e.language, None);
}

#[test]
fn folder_companions_are_skipped_but_named_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "Über diesen Ordner\n\nEine Sammlung von Artikeln.",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("gold.tsv"),
        "input\tstory\nartikel.txt\ta\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("artikel.txt"),
        "Titel\n\nEin Satz über etwas.",
    )
    .unwrap();
    let (inputs, errors) = parallax_ingest::discover(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty());
    let names: Vec<String> = inputs.iter().map(|i| i.to_string()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with("artikel.txt"));
    let readme = dir.path().join("README.md");
    let (inputs, _) = parallax_ingest::discover(&[readme]);
    assert_eq!(inputs.len(), 1, "a file named explicitly is read");
}
