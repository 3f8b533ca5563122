//! The seed corpus (`../shared/corpus/seeds`): every scraping artifact removed, every
//! paragraph of prose kept, metadata found. Skips when the seeds are absent (a fresh clone).

use std::path::PathBuf;

use parallax_ingest::{discover, read_input};
use parallax_model::{Article, RemovalReason};

fn seeds_dir() -> Option<PathBuf> {
    let d = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/seeds"
    ));
    d.is_dir().then_some(d)
}

fn read_seeds() -> Option<Vec<(String, Article)>> {
    let dir = seeds_dir()?;
    let (inputs, errors) = discover(&[dir]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut out = Vec::new();
    for input in &inputs {
        read_input(input, &mut |r| {
            let a = r.expect("seed reads");
            let raw = std::fs::read_to_string(&a.path).expect("seed text");
            out.push((raw, a));
        });
    }
    assert_eq!(out.len(), 5);
    Some(out)
}

fn seed<'a>(seeds: &'a [(String, Article)], prefix: &str) -> &'a (String, Article) {
    seeds
        .iter()
        .find(|(_, a)| {
            a.path
                .rsplit('/')
                .next()
                .is_some_and(|f| f.starts_with(prefix))
        })
        .expect("seed present")
}

/// Artifacts that must not survive in any clean text.
const ARTIFACTS: &[&str] = &[
    "PREV ",
    "NEXT ",
    "Beitreten zu Telegramm",
    "unser Kanal",
    "Quelllink",
    "Weiterlesen",
    "[Anzeige_2]",
    "Leave a Reply",
    "Kommentar (0)",
    "Quelle: http",
    "&quot",
    "&amp;",
    "< p>",
    "(Quelle: RIA Novosti)",
    "Collage 24 Channel",
    "2024-12-01 10:05",
];

#[test]
fn every_seed_artifact_is_removed() {
    let Some(seeds) = read_seeds() else {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: ../shared/corpus/seeds not found\n"),
        ); // unlike eprintln!, shown when the test passes
        return;
    };
    for (_, a) in &seeds {
        for art in ARTIFACTS {
            assert!(
                !a.text.contains(art),
                "{}: `{art}` left in the clean text",
                a.path
            );
        }
        // No line of the clean text is a lone separator, and no line repeats the title.
        for line in a.text.lines() {
            assert_ne!(line.trim(), "-", "{}", a.path);
            let lead = a.field_origins.get("title").map(String::as_str) == Some("lead-line");
            if let Some(t) = a.title.as_ref().filter(|_| !lead) {
                assert_ne!(
                    line.trim(),
                    t.as_str(),
                    "{}: title repeated in the text",
                    a.path
                );
            }
        }
        // Every removal points at its text in the raw input.
        for r in &a.removed {
            assert_eq!(r.span_in_raw.slice(&a.raw), r.text, "{}: {r:?}", a.path);
        }
    }
    let reasons = |p: &str| -> Vec<RemovalReason> {
        seed(&seeds, p).1.removed.iter().map(|r| r.reason).collect()
    };
    let r000 = reasons("000");
    assert_eq!(
        r000.iter()
            .filter(|r| **r == RemovalReason::DuplicateTitle)
            .count(),
        2
    );
    assert!(r000.contains(&RemovalReason::Navigation) && r000.contains(&RemovalReason::Separator));
    let r003 = reasons("003");
    assert_eq!(
        r003.iter()
            .filter(|r| **r == RemovalReason::Promotion)
            .count(),
        2
    );
    assert!(r003.contains(&RemovalReason::ReadMore) && r003.contains(&RemovalReason::DateLine));
    let r004 = reasons("004");
    for want in [
        RemovalReason::AdMarker,
        RemovalReason::SourceLine,
        RemovalReason::Comments,
        RemovalReason::CaptionCredit,
    ] {
        assert!(r004.contains(&want), "004 lacks {want:?}");
    }
}

#[test]
fn every_seed_paragraph_is_kept() {
    let Some(seeds) = read_seeds() else {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: ../shared/corpus/seeds not found\n"),
        ); // unlike eprintln!, shown when the test passes
        return;
    };
    for (raw, a) in &seeds {
        for line in raw.lines() {
            let l = line.trim();
            // Prose: a long line, or one ending a sentence. Compare without markup repairs.
            let prose =
                l.chars().count() > 120 || (l.ends_with('.') && l.split_whitespace().count() >= 6);
            if !prose || l.contains("&quot") || l.starts_with("< p>") || l.contains("(Quelle:") {
                continue;
            }
            if ARTIFACTS.iter().any(|x| l.contains(x)) {
                continue;
            }
            let l = l.trim_start_matches(['–', '•', ' ']);
            assert!(a.text.contains(l), "{}: prose line lost: {l}", a.path);
        }
    }
    // Repaired lines keep their words.
    let (_, a1) = seed(&seeds, "001");
    assert!(a1.text.contains("Es wird versucht, \"alter"));
    assert!(a1
        .text
        .contains("\n\nKasim-Schomart Tokajew sagte, dass bei den Verhandlungen"));
    assert!(a1
        .text
        .contains("Russland hat seine Sonderrolle für Kasachstan verloren\n\n"));
    // The three bullets stay list items, one per line.
    assert!(a1.text.contains(
        "Aggressorland auszusetzen. Er selbst blickt jedoch zunehmend nach Westen.\n• Dies zeigt"
    ));
    let (_, a4) = seed(&seeds, "004");
    assert!(a4.text.contains("Präsident Wladimir Putin und sein kasachischer Amtskollege Kassym-Schomart Tokajew, 27. November.\n\n"));
    assert!(a4.text.contains("rund") || a4.text.contains("28 Milliarden US-Dollar"));
    // Paragraphs are separated by one blank line.
    for (_, a) in &seeds {
        assert!(!a.text.contains("\n\n\n"), "{}", a.path);
        assert!(a.text.split("\n\n").count() >= 5, "{}", a.path);
    }
}

#[test]
fn seed_metadata() {
    let Some(seeds) = read_seeds() else {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: ../shared/corpus/seeds not found\n"),
        ); // unlike eprintln!, shown when the test passes
        return;
    };
    for (_, a) in &seeds {
        assert_eq!(a.language.as_deref(), Some("de"), "{}", a.path);
        assert!(a.title.is_some(), "{}", a.path);
        assert_eq!(a.id.len(), 32);
    }
    let (_, a0) = seed(&seeds, "000");
    assert!(
        a0.outlet.is_none(),
        "no cue in 000: the outlet stays unknown"
    );
    let (_, a1) = seed(&seeds, "001");
    assert_eq!(a1.outlet.as_ref().map(|o| o.id.as_str()), Some("24-kanal"));
    let (_, a2) = seed(&seeds, "002");
    assert_eq!(a2.outlet.as_ref().map(|o| o.id.as_str()), Some("rt"));
    assert_eq!(
        a2.field_origins.get("outlet").map(String::as_str),
        Some("title-suffix")
    );
    assert_eq!(
        a2.title.as_deref(),
        Some("Zentralasiatischer Staat bezeichnet Russland als „wichtigsten Verbündeten“")
    );
    let (_, a3) = seed(&seeds, "003");
    assert_eq!(a3.published.as_deref(), Some("2024-12-01T10:05"));
    assert_eq!(
        a3.field_origins.get("published").map(String::as_str),
        Some("date-line")
    );
    assert!(a3.outlet.is_none());
    let (_, a4) = seed(&seeds, "004");
    assert_eq!(a4.outlet.as_ref().map(|o| o.id.as_str()), Some("baoquocte"));
    assert_eq!(
        a4.outlet
            .as_ref()
            .and_then(|o| o.state_affiliation.as_deref()),
        Some("VN")
    );
    assert!(a4
        .url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://baoquocte.vn/")));
    assert!(a4.credits.iter().any(|c| c == "RIA Novosti"));
    assert!(a4.credits.iter().any(|c| c == "TASS"));
}
