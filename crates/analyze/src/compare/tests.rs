//! Tests on small hand-built articles (independent of the nlp stages), plus acceptance tests
//! on the seeds through the real pipeline (skipped when ../shared is absent).

use parallax_model::{
    Anchor, AnnotatedArticle, Article, EntityKind, EntityMention, Event, FactKind, FactStatus,
    FactValue, Measure, Qualifier, Quantity, Quote, QuoteKind, Span, Story, TimeExpr, TimeValue,
};

use super::*;

fn article(id: &str, text: &str) -> AnnotatedArticle {
    AnnotatedArticle::bare(Article {
        id: id.to_string(),
        path: format!("{id}.txt"),
        url: None,
        title: None,
        published: None,
        language: Some("de".to_string()),
        outlet: None,
        authors: Vec::new(),
        text: text.to_string(),
        removed: Vec::new(),
        field_origins: Default::default(),
        credits: Vec::new(),
        raw: String::new(),
    })
}

fn span_of(text: &str, needle: &str) -> Span {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    Span::new(i, i + needle.len())
}

fn quantity(
    a: &mut AnnotatedArticle,
    needle: &str,
    value: f64,
    unit: &str,
    q: Qualifier,
    measure: Option<&str>,
) {
    let span = span_of(&a.article.text, needle);
    let measure_detail = measure.map(|m| Measure {
        span: span_of(&a.article.text, m),
        text: m.to_string(),
        stem: m.to_lowercase(),
    });
    a.quantities.push(Quantity {
        span,
        text: needle.to_string(),
        value,
        value_max: None,
        unit: unit.to_string(),
        qualifier: q,
        measure: measure.map(str::to_string),
        measure_detail,
    });
}

fn time(a: &mut AnnotatedArticle, needle: &str, value: &str) {
    let span = span_of(&a.article.text, needle);
    a.times.push(TimeExpr::new(
        span,
        needle,
        Some(TimeValue::parse(value)),
        Anchor::Absolute,
    ));
    a.times.sort_by_key(|t| t.span.start);
}

/// An article stating one time, `needle`, with value `v`.
fn dated(id: &str, text: &str, needle: &str, v: &str) -> AnnotatedArticle {
    let mut a = article(id, text);
    time(&mut a, needle, v);
    a
}

fn entity(a: &mut AnnotatedArticle, needle: &str, id: &str) {
    let span = span_of(&a.article.text, needle);
    a.entities.push(EntityMention {
        span,
        text: needle.to_string(),
        kind: EntityKind::Location,
        entity: id.to_string(),
        derived: false,
    });
    a.entities.sort_by_key(|e| e.span.start);
}

fn story(articles: &[&AnnotatedArticle]) -> Story {
    Story {
        id: "s1".to_string(),
        title: "test".to_string(),
        articles: articles.iter().map(|a| a.article.id.clone()).collect(),
        events: Vec::new(),
        key_entities: Vec::new(),
        start: None,
        end: None,
        origins: articles.len(),
    }
}

fn compare(articles: &[AnnotatedArticle]) -> Comparison {
    let refs: Vec<&AnnotatedArticle> = articles.iter().collect();
    let mut out = compare_all(articles, &[story(&refs)], &[]);
    assert_eq!(out.len(), 1);
    out.remove(0)
}

const TRADE_A: &str = "Russland ist der wichtigste Handelspartner. In den ersten zehn Monaten des vergangenen Jahres erreichte der Handelsumsatz rund 21,4 Milliarden US-Dollar. Die Zusammenarbeit wächst.";
const TRADE_B: &str = "Im Hinblick auf die Partnerschaft erreichte der Warenumsatz im Jahr 2023 mit 28 Milliarden US-Dollar einen Rekordwert, in den ersten neun Monaten des Jahres 2024 lag er bei über 20 Milliarden US-Dollar, und beide Seiten streben bis 2025 die 30-Milliarden-US-Dollar-Marke an.";
const TRADE_C: &str = "Die Länder streben außerdem eine Steigerung des Handelsvolumens an und gehen davon aus, dass es bald die 30-Milliarden-Dollar-Marke überschreiten wird. Der Handel ist in den letzten Jahren um 30 % gestiegen.";

fn trade_articles() -> Vec<AnnotatedArticle> {
    let mut a = article("aaaa", TRADE_A);
    quantity(
        &mut a,
        "rund 21,4 Milliarden US-Dollar",
        21.4e9,
        "USD",
        Qualifier::About,
        Some("Handelsumsatz"),
    );
    time(
        &mut a,
        "In den ersten zehn Monaten des vergangenen Jahres",
        "2023-01/2023-10",
    );
    let mut b = article("bbbb", TRADE_B);
    quantity(
        &mut b,
        "28 Milliarden US-Dollar",
        28e9,
        "USD",
        Qualifier::Exact,
        Some("Rekordwert"),
    );
    quantity(
        &mut b,
        "über 20 Milliarden US-Dollar",
        20e9,
        "USD",
        Qualifier::MoreThan,
        None,
    );
    quantity(
        &mut b,
        "30-Milliarden-US-Dollar-Marke",
        30e9,
        "USD",
        Qualifier::Exact,
        Some("Marke"),
    );
    time(&mut b, "im Jahr 2023", "2023");
    time(
        &mut b,
        "in den ersten neun Monaten des Jahres 2024",
        "2024-01/2024-09",
    );
    time(&mut b, "bis 2025", "2025");
    let mut c = article("cccc", TRADE_C);
    quantity(
        &mut c,
        "30-Milliarden-Dollar-Marke",
        30e9,
        "USD",
        Qualifier::Exact,
        None,
    );
    quantity(&mut c, "30 %", 30.0, "%", Qualifier::Exact, Some("Handel"));
    vec![a, b, c]
}

#[test]
fn trade_figures_align_as_one_measure_with_different_scopes() {
    let cmp = compare(&trade_articles());
    let usd: Vec<&FactRow> = cmp
        .facts
        .iter()
        .filter(|r| r.measure == "handelsumsatz" && r.unit.as_deref() == Some("USD"))
        .collect();
    assert_eq!(usd.len(), 1, "{:#?}", cmp.facts);
    let row = usd[0];
    assert_eq!(row.label, "trade turnover", "a reader's name, not the key");
    assert!(
        !row.note.contains('['),
        "no article ids in the note: {}",
        row.note
    );
    assert_ne!(row.status, FactStatus::Conflict, "{}", row.note);
    assert_eq!(row.cells.len(), 5, "{:#?}", row.cells);
    let cell = |v: f64| {
        row.cells
            .iter()
            .find(|c| c.value == FactValue::Number(v))
            .unwrap()
    };
    assert_eq!(cell(21.4e9).scope.as_deref(), Some("2023-01/2023-10"));
    assert_eq!(cell(28e9).scope.as_deref(), Some("2023"));
    assert_eq!(cell(28e9).kind, FactKind::Value);
    assert_eq!(cell(20e9).scope.as_deref(), Some("2024-01/2024-09"));
    let targets: Vec<_> = row
        .cells
        .iter()
        .filter(|c| c.kind == FactKind::Target)
        .collect();
    assert_eq!(
        targets.len(),
        2,
        "both 30-billion marks are targets: {:#?}",
        row.cells
    );
    assert!(targets.iter().any(|c| c.scope.as_deref() == Some("2025")));
    // 21.4 bn for Jan–Oct vs 28 bn for the year: a different scope, not a conflict.
    let i = row
        .cells
        .iter()
        .position(|c| c.value == FactValue::Number(21.4e9))
        .unwrap();
    let j = row
        .cells
        .iter()
        .position(|c| c.value == FactValue::Number(28e9))
        .unwrap();
    assert_eq!(
        FactRowIndex::new(row).status(i, j),
        Some(FactStatus::DifferentScope)
    );
    // Every cell's evidence points at its text.
    for c in &row.cells {
        let a = trade_articles()
            .into_iter()
            .find(|a| a.article.id == c.article)
            .unwrap();
        assert_eq!(&a.article.text[c.start..c.end], c.text);
        let s = c.sentence.unwrap();
        assert!(s.start <= c.start && c.end <= s.end);
    }
    // The percentage is a change, in a row of its own.
    let pct = cmp
        .facts
        .iter()
        .find(|r| r.unit.as_deref() == Some("%"))
        .unwrap();
    assert_eq!(pct.cells[0].kind, FactKind::Change);
}

#[test]
fn planted_conflict_is_flagged() {
    let mut a = article(
        "a1",
        "Laut Ministerium erreichte der Handelsumsatz 2023 insgesamt 28 Milliarden Dollar.",
    );
    quantity(
        &mut a,
        "28 Milliarden Dollar",
        28e9,
        "USD",
        Qualifier::Exact,
        Some("Handelsumsatz"),
    );
    time(&mut a, "2023", "2023");
    let mut b = article(
        "b1",
        "Das Handelsvolumen lag im Jahr 2023 bei 35 Milliarden Dollar, teilte die Behörde mit.",
    );
    quantity(
        &mut b,
        "35 Milliarden Dollar",
        35e9,
        "USD",
        Qualifier::Exact,
        Some("Handelsvolumen"),
    );
    time(&mut b, "im Jahr 2023", "2023");
    let cmp = compare(&[a, b]);
    assert_eq!(cmp.facts.len(), 1, "{:#?}", cmp.facts);
    assert_eq!(
        cmp.facts[0].status,
        FactStatus::Conflict,
        "{}",
        cmp.facts[0].note
    );
    assert!(cmp.facts[0].note.contains("CONFLICT"));
}

#[test]
fn qualifiers_decide_agreement() {
    let mk = |id: &str, text: &str, needle: &str, v: f64, q: Qualifier| {
        let mut a = article(id, text);
        quantity(&mut a, needle, v, "count", q, Some("Verträge"));
        a
    };
    // `fast 30` agrees with `30`; `mehr als 300` with `mehr als 300`; `300` vs `200` conflicts.
    let cases = [
        (
            "Es wurden fast 30 Verträge unterzeichnet.",
            "fast 30",
            30.0,
            Qualifier::Almost,
            "Es wurden 30 Verträge unterzeichnet.",
            "30",
            30.0,
            Qualifier::Exact,
            FactStatus::Agree,
        ),
        (
            "Es gibt mehr als 300 Verträge.",
            "mehr als 300",
            300.0,
            Qualifier::MoreThan,
            "Grundlage sind mehr als 300 Verträge.",
            "mehr als 300",
            300.0,
            Qualifier::MoreThan,
            FactStatus::Agree,
        ),
        (
            "Es gibt rund 300 Verträge.",
            "rund 300",
            300.0,
            Qualifier::About,
            "Es gibt 200 Verträge.",
            "200",
            200.0,
            Qualifier::Exact,
            FactStatus::Conflict,
        ),
        (
            "Es gibt mehr als 300 Verträge.",
            "mehr als 300",
            300.0,
            Qualifier::MoreThan,
            "Es gibt 350 Verträge.",
            "350",
            350.0,
            Qualifier::Exact,
            FactStatus::Agree,
        ),
    ];
    for (t1, n1, v1, q1, t2, n2, v2, q2, want) in cases {
        let cmp = compare(&[mk("x", t1, n1, v1, q1), mk("y", t2, n2, v2, q2)]);
        assert_eq!(cmp.facts.len(), 1);
        assert_eq!(
            cmp.facts[0].status, want,
            "{t1} / {t2}: {}",
            cmp.facts[0].note
        );
        assert_eq!(cmp.facts[0].measure, "vertrag");
    }
}

#[test]
fn treaties_with_and_without_a_period_agree() {
    let t1 = "Tokajew sagte, dass in den letzten 30 Jahren mehr als 300 Verträge und Vereinbarungen unterzeichnet wurden.";
    let t2 = "Grundlage dieser Beziehungen sind mehr als 300 Verträge und Abkommen.";
    let mut a = article("a", t1);
    quantity(
        &mut a,
        "mehr als 300",
        300.0,
        "count",
        Qualifier::MoreThan,
        Some("Verträge und Vereinbarungen"),
    );
    time(&mut a, "in den letzten 30 Jahren", "P30Y");
    let mut b = article("b", t2);
    quantity(
        &mut b,
        "mehr als 300",
        300.0,
        "count",
        Qualifier::MoreThan,
        Some("Verträge und Abkommen"),
    );
    let cmp = compare(&[a, b]);
    let row = cmp.facts.iter().find(|r| r.measure == "vertrag").unwrap();
    assert_eq!(row.status, FactStatus::Agree, "{}", row.note);
}

#[test]
fn an_unknown_scope_with_another_value_is_not_a_conflict() {
    let mut a = article(
        "a",
        "Der Handelsumsatz erreichte 2023 28 Milliarden Dollar.",
    );
    quantity(
        &mut a,
        "28 Milliarden Dollar",
        28e9,
        "USD",
        Qualifier::Exact,
        Some("Handelsumsatz"),
    );
    time(&mut a, "2023", "2023");
    let mut b = article("b", "Der Handelsumsatz lag bei 21 Milliarden Dollar.");
    quantity(
        &mut b,
        "21 Milliarden Dollar",
        21e9,
        "USD",
        Qualifier::Exact,
        Some("Handelsumsatz"),
    );
    let cmp = compare(&[a, b]);
    assert_eq!(
        cmp.facts[0].status,
        FactStatus::DifferentScope,
        "{}",
        cmp.facts[0].note
    );
}

#[test]
fn different_subjects_make_different_rows() {
    let mut a = article(
        "a",
        "Der Handel mit China erreichte 2023 40 Milliarden Dollar.",
    );
    quantity(
        &mut a,
        "40 Milliarden Dollar",
        40e9,
        "USD",
        Qualifier::Exact,
        Some("Handel"),
    );
    time(&mut a, "2023", "2023");
    entity(&mut a, "China", "location:china");
    let mut b = article(
        "b",
        "Der Handel mit Russland erreichte 2023 28 Milliarden Dollar.",
    );
    quantity(
        &mut b,
        "28 Milliarden Dollar",
        28e9,
        "USD",
        Qualifier::Exact,
        Some("Handel"),
    );
    time(&mut b, "2023", "2023");
    entity(&mut b, "Russland", "location:russland");
    let cmp = compare(&[a, b]);
    assert_eq!(cmp.facts.len(), 2, "{:#?}", cmp.facts);
    assert!(cmp.facts.iter().all(|r| r.status == FactStatus::Single));
}

#[test]
fn omissions_need_two_other_sources_of_the_same_event() {
    let mk = |id: &str, with: bool| {
        let text = if with {
            "Der Handelsumsatz erreichte 2023 28 Milliarden Dollar."
        } else {
            "Putin besuchte Astana."
        };
        let mut a = article(id, text);
        if with {
            quantity(
                &mut a,
                "28 Milliarden Dollar",
                28e9,
                "USD",
                Qualifier::Exact,
                Some("Handelsumsatz"),
            );
            time(&mut a, "2023", "2023");
        }
        a
    };
    let arts = vec![mk("a", true), mk("b", true), mk("c", false)];
    let cmp = compare(&arts);
    assert_eq!(cmp.facts[0].status, FactStatus::Agree);
    assert_eq!(cmp.omissions.len(), 1);
    assert_eq!(cmp.omissions[0].article, "c");
    assert_eq!(cmp.omissions[0].facts, vec!["handelsumsatz".to_string()]);

    // With `c` in an event of its own, it omits nothing.
    let refs: Vec<&AnnotatedArticle> = arts.iter().collect();
    let mut s = story(&refs);
    s.events = vec![
        Event {
            id: "e1".into(),
            when: Some("2024-11".into()),
            articles: vec!["a".into(), "b".into()],
            label: None,
        },
        Event {
            id: "e2".into(),
            when: Some("2023-11".into()),
            articles: vec!["c".into()],
            label: None,
        },
    ];
    let cmp = compare_all(&arts, &[s], &[]).remove(0);
    assert!(cmp.omissions.is_empty(), "{:?}", cmp.omissions);
}

#[test]
fn event_dates_agree_conflict_or_differ_by_event() {
    let arts = vec![
        dated(
            "a",
            "Der Staatsbesuch fand am 27. November statt.",
            "am 27. November",
            "2024-11-27",
        ),
        dated(
            "b",
            "Putin traf am 28. November zum Besuch ein.",
            "am 28. November",
            "2024-11-28",
        ),
        dated(
            "c",
            "Der Besuch im November 2024 war kurz.",
            "im November 2024",
            "2024-11",
        ),
    ];
    let date_row = |cmp: &Comparison| -> FactRow {
        cmp.facts
            .iter()
            .find(|r| r.measure == "date:besuch")
            .cloned()
            .unwrap()
    };
    assert_eq!(date_row(&compare(&arts)).label, "date of the visit");
    let refs: Vec<&AnnotatedArticle> = arts.iter().collect();
    let mut s = story(&refs);
    s.events = vec![Event {
        id: "e1".into(),
        when: None,
        articles: vec!["a".into(), "b".into(), "c".into()],
        label: None,
    }];
    let cmp = compare_all(&arts, &[s.clone()], &[]).remove(0);
    let row = date_row(&cmp);
    assert_eq!(row.status, FactStatus::Conflict, "{}", row.note);
    let st = |x: &str, y: &str| {
        let i = row.cells.iter().position(|c| c.article == x).unwrap();
        let j = row.cells.iter().position(|c| c.article == y).unwrap();
        FactRowIndex::new(&row).status(i, j).unwrap()
    };
    assert_eq!(
        st("a", "c"),
        FactStatus::Agree,
        "a day inside the month agrees"
    );
    // A day read from a weekday is the resolver's guess: it agrees or stays apart, never
    // contradicts a written day.
    let mut weekday = arts.clone();
    weekday[1] = dated(
        "b",
        "Putin traf am Donnerstag zum Besuch ein.",
        "am Donnerstag",
        "2024-11-21",
    );
    let refs: Vec<&AnnotatedArticle> = weekday.iter().collect();
    let mut ws = story(&refs);
    ws.events = s.events.clone();
    let row = date_row(&compare_all(&weekday, &[ws], &[]).remove(0));
    assert_ne!(row.status, FactStatus::Conflict, "{}", row.note);
    // An event of 27–28 November: both days are parts of it, not a contradiction.
    let mut two_days = s.clone();
    two_days.events[0].when = Some("2024-11-27/2024-11-28".into());
    let cmp = compare_all(&arts, &[two_days], &[]).remove(0);
    let row = date_row(&cmp);
    assert_ne!(row.status, FactStatus::Conflict, "{}", row.note);
    // Different events: the dates are not compared as one.
    s.events[0].articles = vec!["a".into()];
    s.events.push(Event {
        id: "e2".into(),
        when: None,
        articles: vec!["b".into(), "c".into()],
        label: None,
    });
    let cmp = compare_all(&arts, &[s], &[]).remove(0);
    let row = date_row(&cmp);
    assert_ne!(row.status, FactStatus::Conflict, "{}", row.note);
}

#[test]
fn quotes_by_the_same_speaker_align() {
    let mk = |id: &str, text: &str, quote: &str| {
        let mut a = article(id, text);
        let span = span_of(text, quote);
        a.quotes.push(Quote {
            span,
            text: quote.to_string(),
            speaker: Some("person:tokajew".into()),
            speaker_span: None,
            cue: Some("sagte".into()),
            cue_span: None,
            direct: true,
            kind: QuoteKind::Direct,
        });
        a
    };
    let arts = vec![
        mk(
            "a",
            "Tokajew sagte: „Russland ist der wichtigste Handelspartner Kasachstans.“",
            "„Russland ist der wichtigste Handelspartner Kasachstans.“",
        ),
        mk(
            "b",
            "„Russland bleibt der wichtigste Handelspartner Kasachstans“, sagte Tokajew.",
            "„Russland bleibt der wichtigste Handelspartner Kasachstans“",
        ),
        mk(
            "c",
            "„Wir planen neue Projekte im Energiesektor“, sagte Tokajew.",
            "„Wir planen neue Projekte im Energiesektor“",
        ),
    ];
    let cmp = compare(&arts);
    let rows: Vec<&FactRow> = cmp
        .facts
        .iter()
        .filter(|r| r.measure == "quote:person:tokajew")
        .collect();
    assert_eq!(rows.len(), 2, "{:#?}", cmp.facts);
    assert!(rows[0].label.ends_with(" said"), "{}", rows[0].label);
    assert!(!rows[0].label.contains(':'), "{}", rows[0].label);
    assert_eq!(rows[0].status, FactStatus::Agree);
    assert_eq!(rows[0].cells.len(), 2);
    assert_eq!(rows[1].status, FactStatus::Single);
}

#[test]
fn wording_table_tells_invasion_from_military_operation() {
    let texts = [
        (
            "w1",
            "Seit der russischen Invasion in der Ukraine besuchte Putin elf Länder.",
        ),
        (
            "w2",
            "Sanktionen wurden wegen der Militäroperation in der Ukraine verhängt.",
        ),
        ("w3", "Der Besuch dauerte zwei Tage."),
    ];
    let arts: Vec<AnnotatedArticle> = texts
        .iter()
        .map(|(id, t)| parallax_nlp::annotate(article(id, t).article))
        .collect();
    let cmp = compare(&arts);
    let row = cmp
        .wording
        .iter()
        .find(|r| r.family == "war-in-ukraine")
        .expect("war family");
    let of = |id: &str| {
        row.by_article
            .iter()
            .find(|(a, _)| a == id)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(of("w1"), vec!["invasion".to_string()]);
    assert_eq!(of("w2"), vec!["special-operation".to_string()]);
    assert!(of("w3").is_empty());
    assert_eq!(cmp.framing.len(), 3);
}

#[test]
fn stories_with_unknown_articles_are_skipped_and_nothing_panics() {
    let s = Story {
        articles: vec!["nope".into()],
        ..story(&[])
    };
    assert!(compare_all(&[], &[s], &[]).is_empty());
    // Spans outside the text and odd values never panic.
    let mut a = article("z", "kurz");
    a.quantities.push(Quantity {
        span: Span::new(2, 99),
        text: "x".into(),
        value: f64::NAN,
        value_max: None,
        unit: "count".into(),
        qualifier: Qualifier::Exact,
        measure: Some("Verträge".into()),
        measure_detail: None,
    });
    a.times.push(TimeExpr::new(
        Span::new(50, 60),
        "x",
        Some(TimeValue::parse("2024-1")),
        Anchor::Absolute,
    ));
    let _ = compare(&[a]);
}

#[test]
fn intervals_follow_qualifiers() {
    use align::interval;
    assert_eq!(interval(30.0, None, Some(Qualifier::Almost)), (27.0, 30.0));
    assert_eq!(interval(100.0, Some(120.0), None).1, 121.2);
    let (lo, hi) = interval(300.0, None, Some(Qualifier::MoreThan));
    assert!(lo == 300.0 && hi == 450.0);
    assert_eq!(align::human(2.14e10), "21.4 bn");
}

// ---- Acceptance on the seeds through the real pipeline -------------------------------

fn seeds_dir() -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/seeds"
    ));
    p.is_dir().then(|| p.to_path_buf())
}

/// Read, annotate and analyse every input under `dir` (the pipeline, without its crate).
fn analyze_folder(dir: &std::path::Path) -> parallax_model::Analysis {
    let (inputs, _) = parallax_ingest::discover(&[dir.to_path_buf()]);
    let mut articles = Vec::new();
    for input in &inputs {
        parallax_ingest::read_input(input, &mut |item| {
            if let Ok(article) = item {
                articles.push(parallax_nlp::annotate(article));
            }
        });
    }
    crate::analyze(articles)
}

fn seed_analysis() -> Option<parallax_model::Analysis> {
    let Some(dir) = seeds_dir() else {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: ../shared/corpus/seeds not found\n"),
        ); // unlike eprintln!, shown when the test passes
        return None;
    };
    Some(analyze_folder(&dir))
}

fn seed<'a>(an: &'a parallax_model::Analysis, prefix: &str) -> &'a AnnotatedArticle {
    an.articles
        .iter()
        .find(|a| a.article.path.contains(&format!("/{prefix}_")))
        .expect("seed present")
}

/// Compare all seeds as one story (independent of how the stories stage groups them).
fn seed_comparison(an: &parallax_model::Analysis) -> Comparison {
    let refs: Vec<&AnnotatedArticle> = an.articles.iter().collect();
    compare_story(&story(&refs), &refs, &Default::default())
}

#[test]
fn seeds_genres_report_and_opinion() {
    let Some(an) = seed_analysis() else { return };
    let wire = seed(&an, "000");
    let blog = seed(&an, "003");
    let g = |a: &AnnotatedArticle| {
        a.framing
            .as_ref()
            .map(|f| (f.genre, f.genre_reasons.clone()))
    };
    let (wg, wr) = g(wire).unwrap();
    assert_eq!(wg, parallax_model::Genre::Report, "{wr:?}");
    let (bg, br) = g(blog).unwrap();
    assert!(
        matches!(
            bg,
            parallax_model::Genre::Opinion | parallax_model::Genre::Promotional
        ),
        "{br:?}"
    );
}

#[test]
fn seeds_wording_invasion_vs_military_operation() {
    let Some(an) = seed_analysis() else { return };
    let cmp = seed_comparison(&an);
    let row = cmp
        .wording
        .iter()
        .find(|r| r.family == "war-in-ukraine")
        .expect("war family");
    let of = |p: &str| {
        let id = &seed(&an, p).article.id;
        row.by_article
            .iter()
            .find(|(a, _)| a == id)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert!(of("000").contains(&"invasion".to_string()), "{:?}", row);
    assert!(
        of("002").contains(&"special-operation".to_string()),
        "{:?}",
        row
    );
    assert!(!of("000").contains(&"special-operation".to_string()));
}

#[test]
fn seeds_trade_figures_and_treaties() {
    let Some(an) = seed_analysis() else { return };
    if an.articles.iter().all(|a| a.quantities.is_empty()) {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: the quantity stage finds nothing yet\n"),
        ); // unlike eprintln!, shown when the test passes
        return;
    }
    let cmp = seed_comparison(&an);
    let (a002, a004) = (
        seed(&an, "002").article.id.clone(),
        seed(&an, "004").article.id.clone(),
    );
    let rows: Vec<&FactRow> = cmp
        .facts
        .iter()
        .filter(|r| r.measure == "handelsumsatz" && r.unit.as_deref() == Some("USD"))
        .collect();
    assert_eq!(
        rows.len(),
        1,
        "{:#?}",
        cmp.facts.iter().map(|r| &r.note).collect::<Vec<_>>()
    );
    let row = rows[0];
    assert_ne!(row.status, FactStatus::Conflict, "{}", row.note);
    let has = |art: &str, v: f64| {
        row.cells
            .iter()
            .any(|c| c.article == art && c.value == FactValue::Number(v))
    };
    assert!(
        has(&a002, 21.4e9) && has(&a004, 28e9) && has(&a004, 30e9),
        "{}",
        row.note
    );
    let target = row
        .cells
        .iter()
        .find(|c| c.article == a004 && c.value == FactValue::Number(30e9))
        .unwrap();
    assert_eq!(target.kind, FactKind::Target, "{}", row.note);
    let y2023 = row
        .cells
        .iter()
        .find(|c| c.article == a004 && c.value == FactValue::Number(28e9))
        .unwrap();
    assert_eq!(y2023.scope.as_deref(), Some("2023"), "{}", row.note);

    let treaties = cmp
        .facts
        .iter()
        .find(|r| r.measure == "vertrag" && r.cells.iter().any(|c| c.article == a002))
        .expect("treaty row");
    assert!(
        treaties.cells.iter().any(|c| c.article == a004),
        "{}",
        treaties.note
    );
    assert_eq!(treaties.status, FactStatus::Agree, "{}", treaties.note);
}

#[test]
fn unresolved_periods_with_different_words_are_different_scopes() {
    // The time stage could not resolve either period: close values must not "agree".
    let mut a = article("a", "In den ersten zehn Monaten des vergangenen Jahres erreichte der Handelsumsatz rund 21,4 Milliarden Dollar.");
    quantity(
        &mut a,
        "rund 21,4 Milliarden Dollar",
        21.4e9,
        "USD",
        Qualifier::About,
        Some("Handelsumsatz"),
    );
    let span = span_of(
        &a.article.text,
        "In den ersten zehn Monaten des vergangenen Jahres",
    );
    a.times.push(TimeExpr::new(
        span,
        "In den ersten zehn Monaten des vergangenen Jahres",
        None,
        Anchor::Unresolved,
    ));
    let mut b = article(
        "b",
        "In den ersten neun Monaten lag der Handelsumsatz bei über 20 Milliarden Dollar.",
    );
    quantity(
        &mut b,
        "über 20 Milliarden Dollar",
        20e9,
        "USD",
        Qualifier::MoreThan,
        Some("Handelsumsatz"),
    );
    let span = span_of(&b.article.text, "In den ersten neun Monaten");
    b.times.push(TimeExpr::new(
        span,
        "In den ersten neun Monaten",
        None,
        Anchor::Unresolved,
    ));
    let cmp = compare(&[a, b]);
    assert_eq!(
        cmp.facts[0].status,
        FactStatus::DifferentScope,
        "{}",
        cmp.facts[0].note
    );
    assert_eq!(
        cmp.facts[0].cells[0].scope_text.as_deref(),
        Some("In den ersten zehn Monaten des vergangenen Jahres")
    );
}

// ---- The project's own sample corpus (examples/corpus, in the repository) --------------

fn example_group(paths: &[&str]) -> Option<(parallax_model::Analysis, Vec<String>)> {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/corpus"
    ));
    if !dir.is_dir() {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: examples/corpus not found\n"),
        ); // unlike eprintln!, shown when the test passes
        return None;
    }
    let an = analyze_folder(dir);
    let ids: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            an.articles
                .iter()
                .find(|a| a.article.path.ends_with(p))
                .map(|a| a.article.id.clone())
        })
        .collect();
    if ids.len() != paths.len() {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: examples/corpus lacks some of {paths:?}\n"),
        ); // unlike eprintln!, shown when the test passes
        return None;
    }
    Some((an, ids))
}

/// The contract event of the sample corpus compared as one story (its gold grouping, so the
/// test does not depend on the stories stage): the planted conflict, the trade figures with
/// qualifier and scope, the treaties and the plant's cost.
#[test]
fn example_corpus_contract_event() {
    let paths = [
        "text/finanzblatt-2024-06-14-lorvatom.txt",
        "html/halvar-post-2024-06-15-kernkraftwerk.html",
        "text/lorvan-rundschau-2024-06-14-vertrag.txt",
        "text/wirtschaftsecho-2024-06-15-sanda.txt",
        "feeds/zpd-nachrichten.rss#2",
    ];
    let Some((an, ids)) = example_group(&paths) else {
        return;
    };
    if an.articles.iter().all(|a| a.quantities.is_empty()) {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: the quantity stage finds nothing yet\n"),
        ); // unlike eprintln!, shown when the test passes
        return;
    }
    let refs: Vec<&AnnotatedArticle> = ids
        .iter()
        .filter_map(|id| an.articles.iter().find(|a| &a.article.id == id))
        .collect();
    let cmp = compare_story(&story(&refs), &refs, &Default::default());
    for r in &cmp.facts {
        eprintln!("{} {:?}: {}", r.measure, r.status, r.note);
    }
    let (finanz, halvar, lorvan, echo) = (&ids[0], &ids[1], &ids[2], &ids[3]);
    let row_with = |art: &str, v: f64| {
        cmp.facts
            .iter()
            .find(|r| {
                r.cells
                    .iter()
                    .any(|c| c.article == art && c.value == FactValue::Number(v))
            })
            .unwrap_or_else(|| panic!("no row with {v} from {art}"))
    };
    let inv = row_with(finanz, 12e9);
    assert_eq!(
        inv.status,
        FactStatus::Conflict,
        "planted conflict: {}",
        inv.note
    );
    assert!(
        inv.cells
            .iter()
            .any(|c| &c.article == lorvan && c.value == FactValue::Number(15e9)),
        "{}",
        inv.note
    );

    let trade = row_with(finanz, 28e9);
    assert_eq!(trade.measure, "handelsumsatz");
    assert!(
        trade
            .cells
            .iter()
            .any(|c| &c.article == echo && c.qualifier == Some(Qualifier::Almost)),
        "{}",
        trade.note
    );
    assert!(
        trade
            .cells
            .iter()
            .any(|c| &c.article == halvar && c.value == FactValue::Number(21.4e9)),
        "{}",
        trade.note
    );
    assert_eq!(trade.status, FactStatus::Agree, "{}", trade.note);

    let treaties = row_with(halvar, 300.0);
    assert_eq!(treaties.status, FactStatus::Agree, "{}", treaties.note);
    assert!(
        treaties.cells.iter().any(|c| &c.article == lorvan),
        "{}",
        treaties.note
    );

    let cost = row_with(finanz, 18e9);
    assert_eq!(cost.status, FactStatus::Agree, "{}", cost.note);
    assert!(cost.cells.len() >= 3, "{}", cost.note);
    let conflicts: Vec<&str> = cmp
        .facts
        .iter()
        .filter(|r| r.status == FactStatus::Conflict)
        .map(|r| r.note.as_str())
        .collect();
    assert_eq!(
        conflicts.len(),
        1,
        "only the planted conflict: {conflicts:#?}"
    );
}

#[test]
fn two_facts_under_one_generic_measure_are_not_a_conflict() {
    let mut a = article(
        "a",
        "Drei Menschen starben, rund 1.800 Menschen wurden in Sicherheit gebracht.",
    );
    quantity(
        &mut a,
        "Drei Menschen",
        3.0,
        "count",
        Qualifier::Exact,
        Some("Menschen"),
    );
    quantity(
        &mut a,
        "rund 1.800 Menschen",
        1800.0,
        "count",
        Qualifier::About,
        Some("Menschen"),
    );
    let mut b = article("b", "Beim Deichbruch kamen 3 Menschen ums Leben.");
    quantity(
        &mut b,
        "3 Menschen",
        3.0,
        "count",
        Qualifier::Exact,
        Some("Menschen"),
    );
    let mut c = article("c", "Etwa 1.800 Menschen mussten ihre Häuser verlassen.");
    quantity(
        &mut c,
        "Etwa 1.800 Menschen",
        1800.0,
        "count",
        Qualifier::About,
        Some("Menschen"),
    );
    let cmp = compare(&[a, b, c]);
    assert!(
        cmp.facts.iter().all(|r| r.status != FactStatus::Conflict),
        "{:#?}",
        cmp.facts.iter().map(|r| &r.note).collect::<Vec<_>>()
    );
}

#[test]
fn prices_in_two_currencies_are_one_row_with_different_scopes() {
    let mut a = article("a", "In den USA liegt der Preis bei 1.299 US-Dollar.");
    quantity(
        &mut a,
        "1.299 US-Dollar",
        1299.0,
        "USD",
        Qualifier::Exact,
        Some("Preis"),
    );
    let mut b = article("b", "In Deutschland liegt der Preis bei 1.399 Euro.");
    quantity(
        &mut b,
        "1.399 Euro",
        1399.0,
        "EUR",
        Qualifier::Exact,
        Some("Preis"),
    );
    let cmp = compare(&[a, b]);
    assert_eq!(cmp.facts.len(), 1);
    assert_eq!(
        cmp.facts[0].status,
        FactStatus::DifferentScope,
        "{}",
        cmp.facts[0].note
    );
    assert_eq!(cmp.facts[0].unit, None);
}

#[test]
fn unscoped_numbers_of_different_events_do_not_conflict() {
    let mk = |id: &str, text: &str, needle: &str, v: f64| {
        let mut a = article(id, text);
        quantity(
            &mut a,
            needle,
            v,
            "count",
            Qualifier::Exact,
            Some("Abkommen"),
        );
        a
    };
    let arts = vec![
        mk("a", "Beide Seiten unterzeichneten 14 Abkommen.", "14", 14.0),
        mk("b", "Beide Seiten unterzeichneten 9 Abkommen.", "9", 9.0),
    ];
    let refs: Vec<&AnnotatedArticle> = arts.iter().collect();
    let event = |id: &str, members: &[&str]| Event {
        id: id.into(),
        when: None,
        articles: members.iter().map(|m| m.to_string()).collect(),
        label: None,
    };
    let status = |s: Story| {
        let cmp = compare_all(&arts, &[s], &[]).remove(0);
        let row = cmp
            .facts
            .iter()
            .find(|r| r.cells.len() == 2)
            .expect("one aligned row");
        row.status
    };
    let mut same = story(&refs);
    same.events = vec![event("e1", &["a", "b"])];
    assert_eq!(
        status(same),
        FactStatus::Conflict,
        "same event, same (absent) scope"
    );
    let mut apart = story(&refs);
    apart.events = vec![event("e1", &["a"]), event("e2", &["b"])];
    assert_eq!(
        status(apart),
        FactStatus::DifferentScope,
        "two visits, two counts"
    );
}

#[test]
fn a_large_story_stores_its_value_groups_not_every_pair_of_cells() {
    // 300 sources give one of two figures for the same measure and year; one of them gives
    // both (two facts under one measure: no contradiction of its own).
    let mk = |i: usize, value: f64, words: &str| {
        let mut a = article(
            &format!("a{i:03}"),
            &format!("Der Handelsumsatz erreichte 2023 insgesamt {words} Dollar."),
        );
        quantity(
            &mut a,
            &format!("{words} Dollar"),
            value,
            "USD",
            Qualifier::Exact,
            Some("Handelsumsatz"),
        );
        time(&mut a, "2023", "2023");
        a
    };
    let mut arts: Vec<AnnotatedArticle> = (0..300)
        .map(|i| {
            if i % 2 == 0 {
                mk(i, 28e9, "28 Milliarden")
            } else {
                mk(i, 35e9, "35 Milliarden")
            }
        })
        .collect();
    let mut both = article(
        "both",
        "Der Handelsumsatz erreichte 2023 insgesamt 28 Milliarden Dollar, im Handelsumsatz 2023 auch 35 Milliarden Dollar.",
    );
    quantity(
        &mut both,
        "28 Milliarden Dollar",
        28e9,
        "USD",
        Qualifier::Exact,
        Some("Handelsumsatz"),
    );
    quantity(
        &mut both,
        "35 Milliarden Dollar",
        35e9,
        "USD",
        Qualifier::Exact,
        Some("Handelsumsatz"),
    );
    time(&mut both, "2023", "2023");
    arts.push(both);
    let cmp = compare(&arts);
    let row = cmp
        .facts
        .iter()
        .find(|r| r.cells.len() > 100)
        .unwrap_or_else(|| {
            panic!(
                "{:#?}",
                cmp.facts.iter().map(|r| &r.note).collect::<Vec<_>>()
            )
        });
    assert_eq!(row.status, FactStatus::Conflict, "{}", row.note);
    assert!(
        row.group_pairs.len() <= 3,
        "two values make at most three group comparisons, not {}",
        row.group_pairs.len()
    );
    let cell = |id: &str, value: f64| {
        row.cells
            .iter()
            .position(|c| c.article == id && c.value == FactValue::Number(value))
            .unwrap()
    };
    let index = FactRowIndex::new(row);
    assert_eq!(
        index.status(cell("a000", 28e9), cell("a002", 28e9)),
        Some(FactStatus::Agree)
    );
    assert_eq!(
        index.status(cell("a000", 28e9), cell("a001", 35e9)),
        Some(FactStatus::Conflict)
    );
    assert_eq!(
        index.status(cell("both", 28e9), cell("a001", 35e9)),
        Some(FactStatus::DifferentScope),
        "a source giving both values does not contradict either"
    );
    assert_eq!(index.status(cell("both", 28e9), cell("both", 35e9)), None);
    assert_eq!(index.conflicts().len(), 1, "one contradiction, shown once");
}

#[test]
fn a_year_given_as_the_basis_of_prices_is_no_time_scope() {
    let mut a = article(
        "p1",
        "Die Kosten werden auf rund 18 Milliarden Euro veranschlagt.",
    );
    quantity(
        &mut a,
        "rund 18 Milliarden Euro",
        18e9,
        "EUR",
        Qualifier::About,
        Some("Kosten"),
    );
    let mut b = article(
        "p2",
        "Die Kosten liegen bei 21 Milliarden Euro zu Preisen von 2024, heißt es.",
    );
    quantity(
        &mut b,
        "21 Milliarden Euro",
        21e9,
        "EUR",
        Qualifier::Exact,
        Some("Kosten"),
    );
    time(&mut b, "2024", "2024");
    let cmp = compare(&[a, b]);
    assert_eq!(cmp.facts.len(), 1, "{:#?}", cmp.facts);
    assert!(
        cmp.facts[0].cells.iter().all(|c| c.scope.is_none()),
        "{:#?}",
        cmp.facts[0].cells
    );
    assert_eq!(
        cmp.facts[0].status,
        FactStatus::Conflict,
        "{}",
        cmp.facts[0].note
    );
    // prices of a year, not a year's prices: the year stays the figure's scope
    let mut c = article("p3", "Prices in 2024 averaged 80 dollars a barrel.");
    quantity(
        &mut c,
        "80 dollars",
        80.0,
        "USD",
        Qualifier::Exact,
        Some("Prices"),
    );
    time(&mut c, "2024", "2024");
    let cmp = compare(&[c]);
    assert_eq!(
        cmp.facts
            .first()
            .and_then(|r| r.cells[0].scope.clone())
            .as_deref(),
        Some("2024"),
        "{:#?}",
        cmp.facts
    );
}

#[test]
fn talks_on_two_days_of_a_two_day_visit_contradict_each_other() {
    let arts = vec![
        dated(
            "a",
            "Die Gespräche der Präsidenten fanden am 27. November statt.",
            "am 27. November",
            "2024-11-27",
        ),
        dated(
            "b",
            "Die Gespräche der Präsidenten fanden am 28. November statt.",
            "am 28. November",
            "2024-11-28",
        ),
    ];
    let refs: Vec<&AnnotatedArticle> = arts.iter().collect();
    let mut s = story(&refs);
    s.events = vec![Event {
        id: "e1".into(),
        when: Some("2024-11-27/2024-11-28".into()),
        articles: vec!["a".into(), "b".into()],
        label: None,
    }];
    let cmp = compare_all(&arts, &[s], &[]).remove(0);
    let row = cmp
        .facts
        .iter()
        .find(|r| r.measure == "date:gespräche")
        .cloned()
        .unwrap_or_else(|| panic!("{:#?}", cmp.facts));
    assert_eq!(row.label, "date of the talks");
    assert_eq!(row.status, FactStatus::Conflict, "{}", row.note);
}
