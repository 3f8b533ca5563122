//! Hand-built analyses for tests and benchmarks: every layer filled, so the views can be
//! checked without depending on the state of the pipeline.
#![allow(dead_code)]

use parallax_model::*;

fn find(text: &str, needle: &str) -> Span {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in fixture text"));
    Span::new(start, start + needle.len())
}

fn sentence_spans(text: &str) -> Vec<Span> {
    // Fixture texts: one sentence per line.
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if !trimmed.is_empty() {
            out.push(Span::new(pos, pos + trimmed.len()));
        }
        pos += line.len();
    }
    out
}

pub struct Spec<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub published: &'a str,
    pub outlet: Option<(&'a str, SourceKind, Option<&'a str>)>,
    pub url: Option<&'a str>,
    pub text: &'a str,
}

pub fn article(spec: &Spec<'_>) -> AnnotatedArticle {
    let text = spec.text.to_string();
    let raw = format!(
        "{}\n{}\nTeilen auf Telegram\n[Anzeige_2]\n",
        spec.title, text
    );
    let removed = vec![
        Removed {
            span_in_raw: find(&raw, spec.title),
            text: spec.title.into(),
            reason: RemovalReason::DuplicateTitle,
        },
        Removed {
            span_in_raw: find(&raw, "Teilen auf Telegram"),
            text: "Teilen auf Telegram".into(),
            reason: RemovalReason::Share,
        },
        Removed {
            span_in_raw: find(&raw, "[Anzeige_2]"),
            text: "[Anzeige_2]".into(),
            reason: RemovalReason::AdMarker,
        },
    ];
    let mut field_origins = FieldOrigins::new();
    field_origins.insert("title".into(), "first-line".into());
    field_origins.insert("published".into(), "date-line".into());
    if spec.outlet.is_some() {
        field_origins.insert("outlet".into(), "url-domain".into());
    }
    let mut a = AnnotatedArticle::bare(Article {
        id: spec.id.into(),
        path: format!("fixtures/{}.txt", spec.id),
        url: spec.url.map(str::to_string),
        title: Some(spec.title.into()),
        published: Some(spec.published.into()),
        language: Some("de".into()),
        outlet: spec.outlet.map(|(name, kind, state)| Outlet {
            id: name.to_lowercase(),
            name: name.into(),
            domain: Some(format!("{}.example", name.to_lowercase().replace(' ', "-"))),
            country: None,
            kind,
            state_affiliation: state.map(str::to_string),
        }),
        authors: vec![],
        text: text.clone(),
        removed,
        field_origins,
        credits: vec![],
        raw,
    });
    a.sentences = sentence_spans(&text);
    for (needle, kind, entity) in [
        ("Tokajew", EntityKind::Person, "person:tokajew"),
        ("Putin", EntityKind::Person, "person:putin"),
        ("Astana", EntityKind::Location, "location:astana"),
        ("Kasachstan", EntityKind::Location, "location:kasachstan"),
    ] {
        for (start, m) in text.match_indices(needle) {
            a.entities.push(EntityMention {
                span: Span::new(start, start + m.len()),
                text: m.into(),
                kind,
                entity: entity.into(),
                derived: false,
            });
        }
        let n = text.matches(needle).count();
        if n > 0 {
            a.entity_table.push(EntityInfo {
                id: entity.into(),
                name: needle.into(),
                kind,
                mentions: n,
            });
        }
    }
    a.entities.sort_by_key(|e| e.span);
    if let Some(start) = text.find("Milliarden") {
        let num_start = text[..start]
            .trim_end()
            .rfind(' ')
            .map(|i| i + 1)
            .unwrap_or(0);
        let end = text[start..]
            .find(" US-Dollar")
            .map(|i| start + i + " US-Dollar".len())
            .unwrap_or(start + 10);
        let value: f64 = text[num_start..start]
            .trim()
            .replace(',', ".")
            .parse()
            .unwrap_or(0.0);
        a.quantities.push(Quantity {
            span: Span::new(num_start, end),
            text: text[num_start..end].into(),
            value: value * 1e9,
            value_max: None,
            unit: "USD".into(),
            qualifier: Qualifier::Exact,
            measure: Some("Handelsumsatz".into()),
            measure_detail: None,
        });
    }
    for needle in ["27. November 2024", "November 2023", "Mittwoch"] {
        if let Some(start) = text.find(needle) {
            let value = if needle.contains("2024") {
                "2024-11-27"
            } else {
                "2023-11"
            };
            a.times.push(TimeExpr::new(
                Span::new(start, start + needle.len()),
                needle,
                Some(TimeValue::parse(value)),
                Anchor::Absolute,
            ));
        }
    }
    if let (Some(open), Some(close)) = (text.find('„'), text.find('“')) {
        if open < close {
            let end = close + '“'.len_utf8();
            a.quotes.push(Quote {
                span: Span::new(open, end),
                text: text[open..end].into(),
                speaker: Some("person:tokajew".into()),
                speaker_span: None,
                cue: Some("sagte".into()),
                cue_span: None,
                direct: true,
                kind: QuoteKind::Direct,
            });
        }
    }
    let mut cues = Vec::new();
    if let Some(start) = text.find("Regime") {
        cues.push(json(serde_json::json!({"start": start, "end": start + 6, "text": "Regime", "category": "name-calling"})));
    }
    a.genre = Some(if cues.is_empty() {
        Genre::Report
    } else {
        Genre::Opinion
    });
    let mut framing: Framing = json(
        serde_json::json!({"genre": a.genre, "genre_reasons": ["fixture"], "subjectivity": 0.25}),
    );
    framing.cues = cues;
    framing.stance = vec![Stance {
        entity: "person:putin".into(),
        polarity: Polarity::Positive,
        score: 0.4,
        evidence: vec![],
    }];
    a.framing = Some(framing);
    a
}

pub const TEXT_A: &str = "Putin traf Tokajew am 27. November 2024 in Astana.\n\
Der Handelsumsatz lag 2023 bei 28 Milliarden US-Dollar.\n\
„Wir sind wahre Verbündete“, sagte Tokajew.\n";
pub const TEXT_B: &str = "Der Kremlchef Putin ist am 27. November 2024 in Astana gelandet.\n\
Der Handelsumsatz betrug 21,4 Milliarden US-Dollar.\n\
Das Regime in Moskau feiert den Besuch in Kasachstan.\n";
pub const TEXT_C: &str = "Im November 2023 besuchte Putin Kasachstan.\n\
Tokajew sprach von Größe und Freundschaft.\n";

/// Build a model value from JSON, so fields added later (with `#[serde(default)]`) need no edit.
pub fn json<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("fixture JSON fits the model")
}

fn cell(a: &AnnotatedArticle, value: f64) -> FactCell {
    let q = &a.quantities[0];
    json(serde_json::json!({
        "article": a.article.id, "value": value, "unit": "USD", "scope": "2023", "qualifier": "exact",
        "start": q.span.start, "end": q.span.end,
        "sentence": a.sentences.iter().find(|s| s.contains(q.span)),
        "text": q.text,
    }))
}

/// Two stories over three articles, with a conflicting fact, an omission, quotes and wording.
pub fn sample_analysis() -> Analysis {
    let a = article(&Spec {
        id: "aaaa000000000001",
        title: "Putin in Astana: Tokajew empfängt den Gast",
        published: "2024-11-27",
        outlet: Some(("Agence Wire", SourceKind::Wire, None)),
        url: Some("https://agence-wire.example/putin-astana"),
        text: TEXT_A,
    });
    let b = article(&Spec {
        id: "bbbb000000000002",
        title: "Kremlchef in Kasachstan gelandet",
        published: "2024-11-28",
        outlet: Some(("Staatsfunk", SourceKind::Broadcaster, Some("RU"))),
        url: Some("https://staatsfunk.example/a"),
        text: TEXT_B,
    });
    let c = article(&Spec {
        id: "cccc000000000003",
        title: "Rückblick: Besuch 2023",
        published: "2023-11-10",
        outlet: None,
        url: None,
        text: TEXT_C,
    });
    let story1 = Story {
        id: "story-visit-2024".into(),
        title: "Putin besucht Kasachstan".into(),
        articles: vec![a.article.id.clone(), b.article.id.clone()],
        events: vec![Event {
            id: "event-1".into(),
            when: Some("2024-11-27/2024-11-28".into()),
            articles: vec![a.article.id.clone(), b.article.id.clone()],
            label: Some("Staatsbesuch".into()),
        }],
        key_entities: vec!["person:putin".into(), "person:tokajew".into()],
        start: Some("2024-11-27".into()),
        end: Some("2024-11-28".into()),
        origins: 2,
    };
    let story2 = Story {
        id: "story-visit-2023".into(),
        title: "Besuch 2023".into(),
        articles: vec![c.article.id.clone()],
        events: vec![Event {
            id: "event-2".into(),
            when: Some("2023-11".into()),
            articles: vec![c.article.id.clone()],
            label: None,
        }],
        key_entities: vec![],
        start: Some("2023-11".into()),
        end: Some("2023-11".into()),
        origins: 1,
    };
    let comparison: Comparison = json(serde_json::json!({
        "story": story1.id,
        "facts": [{ "measure": "handelsumsatz", "subjects": ["location:kasachstan"], "status": "conflict",
                    "cells": [cell(&a, 28e9), cell(&b, 21.4e9)], "note": "28 bn USD vs 21.4 bn USD" }],
        "omissions": [{ "article": b.article.id, "facts": ["treffen-tokajew"] }],
        "wording": [{ "family": "russian-leader", "by_article": [[b.article.id, ["kremlin-chief"]]] }],
    }));
    Analysis {
        schema_version: SCHEMA_VERSION.into(),
        articles: vec![a, b, c],
        duplicates: vec![],
        stories: vec![story1, story2],
        comparisons: vec![comparison],
    }
}

/// The payloads: each would change `document.title` or set `window.pwned` if it ran.
pub const PAYLOADS: &[&str] = &[
    "<script>document.title='PWNED';window.pwned=1</script>",
    "<img src=x onerror=\"document.title='PWNED';window.pwned=1\">",
    "<svg onload=\"window.pwned=1\"></svg>",
    "<a href=\"javascript:window.pwned=1\">click</a>",
    "\"><script>window.pwned=1</script><p x=\"",
    "'><iframe src=\"javascript:parent.pwned=1\"></iframe>",
    "< p>broken <b>markup &quot ; <!-- </textarea></title></style><script>window.pwned=1</script>",
    "{{ 7*7 }} {% raw %}",
];

/// An analysis whose every text field is hostile.
pub fn hostile_analysis() -> Analysis {
    let payload = PAYLOADS.join(" ");
    let text = format!("Tokajew sagte „{payload}“ in Astana.\nDer Handelsumsatz lag 2023 bei 28 Milliarden US-Dollar.\n{payload}\n");
    let mut a = article(&Spec {
        id: "ffff000000000001",
        title: PAYLOADS[0],
        published: "2024-11-27",
        outlet: Some((PAYLOADS[1], SourceKind::Blog, Some("<b>RU</b>"))),
        url: Some("javascript:window.pwned=1"),
        text: &text,
    });
    a.article.authors = vec![PAYLOADS[2].into()];
    a.article.credits = vec![PAYLOADS[3].into()];
    a.article
        .field_origins
        .insert("title".into(), PAYLOADS[4].into());
    a.article.path = format!("fixtures/{}.txt", PAYLOADS[5]);
    for e in &mut a.entities {
        e.entity = format!("person:{}", PAYLOADS[1]);
    }
    for info in &mut a.entity_table {
        info.name = PAYLOADS[0].into();
    }
    if let Some(q) = a.quotes.first_mut() {
        q.speaker = Some(PAYLOADS[4].into());
    }
    let story = Story {
        id: "story-<script>window.pwned=1</script>".into(),
        title: PAYLOADS[1].into(),
        articles: vec![a.article.id.clone()],
        events: vec![Event {
            id: "e".into(),
            when: Some("2024-11-27".into()),
            articles: vec![a.article.id.clone()],
            label: Some(PAYLOADS[0].into()),
        }],
        key_entities: vec![PAYLOADS[2].into()],
        start: Some("2024-11-27".into()),
        end: Some("2024-11-27".into()),
        origins: 1,
    };
    let q = a.quantities[0].clone();
    let comparison: Comparison = json(serde_json::json!({
        "story": story.id,
        "facts": [{ "measure": PAYLOADS[3], "subjects": [PAYLOADS[0]], "status": "single", "note": PAYLOADS[6],
                    "cells": [{ "article": a.article.id, "value": PAYLOADS[1], "unit": PAYLOADS[0], "scope": PAYLOADS[2],
                                "scope_text": PAYLOADS[5], "start": q.span.start, "end": q.span.end, "text": PAYLOADS[0] }] }],
        "omissions": [{ "article": a.article.id, "facts": [PAYLOADS[4]] }],
        "wording": [{ "family": PAYLOADS[0], "by_article": [[a.article.id, [PAYLOADS[1]]]] }],
    }));
    Analysis {
        schema_version: SCHEMA_VERSION.into(),
        articles: vec![a],
        duplicates: vec![],
        stories: vec![story],
        comparisons: vec![comparison],
    }
}
