//! Randomized robustness of `annotate`: random and mutated texts (German-like words,
//! quotes, numbers, dates, odd Unicode, long lines) never panic, and every span the
//! annotation gives lies inside the text, on character boundaries, with the text it claims.

use parallax_model::{AnnotatedArticle, Article, Span};
use proptest::prelude::*;

fn article(text: String, language: Option<&str>) -> Article {
    Article {
        id: "x".into(),
        path: "random.txt".into(),
        url: None,
        title: None,
        published: Some("2024-11-27".into()),
        language: language.map(str::to_string),
        outlet: None,
        authors: Vec::new(),
        raw: text.clone(),
        text,
        removed: Vec::new(),
        field_origins: Default::default(),
        credits: Vec::new(),
    }
}

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} out of bounds (len {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} not on char boundaries"
    );
}

fn check_text(text: &str, span: Span, claimed: &str, what: &str) {
    check_span(text, span, what);
    assert_eq!(
        span.slice(text),
        claimed,
        "{what} text differs from its span"
    );
}

/// Every span of an annotation is inside the text and on char boundaries.
fn check_annotation(a: &AnnotatedArticle) {
    let text = a.article.text.as_str();
    for s in &a.sentences {
        check_span(text, *s, "sentence");
    }
    for t in &a.tokens {
        check_span(text, t.span, "token");
    }
    for e in &a.entities {
        check_text(text, e.span, &e.text, "entity");
    }
    for q in &a.quantities {
        check_text(text, q.span, &q.text, "quantity");
        if let Some(m) = &q.measure_detail {
            check_text(text, m.span, &m.text, "measure");
        }
    }
    for t in &a.times {
        check_text(text, t.span, &t.text, "time");
    }
    for q in &a.quotes {
        check_text(text, q.span, &q.text, "quote");
        for s in q.speaker_span.iter().chain(&q.cue_span) {
            check_span(text, *s, "quote speaker/cue");
        }
    }
    if let Some(f) = &a.framing {
        for c in &f.cues {
            check_text(text, c.span, &c.text, "framing cue");
        }
        for w in &f.wording {
            check_text(text, w.span, &w.text, "wording");
        }
        for s in f.stance.iter().flat_map(|s| &s.evidence) {
            check_span(text, *s, "stance evidence");
        }
        for s in &f.subjective_sentences {
            check_span(text, *s, "subjective sentence");
        }
    }
}

/// Pieces news text is made of, and pieces that break assumptions.
const PIECES: &[&str] = &[
    "Der",
    "Präsident",
    "Wladimir Putin",
    "sagte",
    "am Montag",
    "in Berlin",
    ",",
    ".",
    " ",
    "„",
    "“",
    "\"",
    "«",
    "»",
    "‚",
    "‘",
    "(",
    ")",
    ":",
    "–",
    "-",
    "\n",
    "\n\n",
    "27.11.2024",
    "3,5 Prozent",
    "1.800",
    "Milliarden Euro",
    "2023",
    "um 7,1 %",
    "bis zu",
    "Dr.",
    "z. B.",
    "laut",
    "Tokajew",
    "erklärte",
    "dass",
    "sei",
    "Kasachstan",
    "USA",
    "EU",
    "ß",
    "😡",
    "\u{0301}",
    "\u{200b}",
    "\u{feff}",
    "\t",
    "…",
    "?",
    "!",
    "sogenannte",
    "Mio.",
    "Mrd.",
    "ca.",
    "km",
    "$",
    "€",
    "%",
    "Jan.",
    "Mai",
    "heute",
    "gestern",
    "vor zwei Wochen",
    "\r\n",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..160).prop_map(|p| {
        let mut s = String::new();
        for (i, piece) in p.iter().enumerate() {
            if i > 0 && !piece.starts_with([',', '.', ':', '\n']) {
                s.push(' ');
            }
            s.push_str(piece);
        }
        s
    })
}

fn language() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![Some("de"), Some("en"), None])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn news_like_text_is_annotated_within_bounds(text in news_like(), lang in language()) {
        check_annotation(&parallax_nlp::annotate(article(text, lang)));
    }

    #[test]
    fn any_unicode_text_is_annotated_within_bounds(text in "\\PC{0,300}") {
        check_annotation(&parallax_nlp::annotate(article(text, Some("de"))));
    }

    #[test]
    fn mutated_news_text_is_annotated_within_bounds(
        text in news_like(),
        inserts in prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 0..8)
    ) {
        let mut text = text;
        for (at, c) in inserts {
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            text.insert(boundaries[at.index(boundaries.len())], c);
        }
        check_annotation(&parallax_nlp::annotate(article(text, Some("de"))));
    }
}

#[test]
fn a_long_single_line_is_annotated_within_bounds() {
    // A few hundred KB without a line break (the probe's big single-line inputs, scaled to
    // keep the test short; `parallax bench robustness` measures the MB sizes).
    let sentence = "Der Präsident sagte am 27. November 2024 in Astana, der Handel sei um 7,1 % \
                    auf 28 Milliarden US-Dollar gestiegen, und Tokajew erklärte: „Wir sind Partner.“ ";
    let text = sentence.repeat(1500);
    let a = parallax_nlp::annotate(article(text, Some("de")));
    assert!(a.sentences.len() >= 1500);
    assert!(!a.quotes.is_empty() && !a.quantities.is_empty() && !a.times.is_empty());
    check_annotation(&a);
}

#[test]
fn an_expired_deadline_stops_annotation_with_the_stage_named() {
    let deadline = parallax_model::Deadline::after(Some(std::time::Duration::ZERO));
    let over = parallax_nlp::annotate_within(article("Ein Satz.".into(), Some("de")), &deadline)
        .expect_err("the deadline has passed");
    assert_eq!(over.step, parallax_nlp::Stage::Sentences.doing());
    let none = parallax_model::Deadline::none();
    assert!(parallax_nlp::annotate_within(article("Ein Satz.".into(), Some("de")), &none).is_ok());
}
