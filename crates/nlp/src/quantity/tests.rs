//! Tests of the quantity stage, through the languages that use it.

use super::*;
use crate::lang;

/// The quantities of `text`, read from its tokens as the pipeline does.
fn quantities(l: &Language, text: &str) -> Vec<Quantity> {
    let sentences = crate::segment::sentences(l, text);
    let tokens = crate::token::tokenize(l, text, &sentences);
    extract(l, text, &sentences, &tokens)
}

fn de(text: &str) -> Vec<Quantity> {
    quantities(lang::for_code(Some("de")), text)
}

fn find<'a>(qs: &'a [Quantity], needle: &str) -> &'a Quantity {
    qs.iter()
        .find(|q| q.text.contains(needle))
        .unwrap_or_else(|| panic!("no quantity with {needle:?} in {qs:#?}"))
}

#[test]
fn number_words() {
    let lx = lang::for_code(Some("de")).quantities.lexicon();
    assert_eq!(lx.cardinal_word("einhunderteinunddreißig"), Some(131.0));
    assert_eq!(
        lx.cardinal_word("dreihundertneunundneunzigtausendfuenfhundertneun"),
        Some(399509.0)
    );
    assert_eq!(lx.cardinal_word("dreißig"), Some(30.0));
    assert_eq!(lx.cardinal_word("zweieinhalb"), Some(2.5));
    assert_eq!(lx.cardinal_word("dreiviertel"), Some(0.75));
    assert_eq!(lx.cardinal_word("achtung"), None);
    assert_eq!(lx.cardinal_word("zweidrei"), None);
    assert_eq!(lx.ordinal_word("fünfte"), Some(5.0));
    assert_eq!(lx.ordinal_word("elfter"), Some(11.0));
    assert_eq!(lx.ordinal_word("neunundzwanzigsten"), Some(29.0));
    assert_eq!(lx.ordinal_word("erste"), Some(1.0));
    assert_eq!(lx.ordinal_word("dritten"), Some(3.0));
    assert_eq!(lx.ordinal_word("beste"), None);
}

#[test]
fn german_number_grammar() {
    let q = de("Die Grenze ist mehr als 7.500 Kilometer lang.");
    assert_eq!(find(&q, "7.500").value, 7500.0);
    let q = de("Der Umsatz stieg auf 21,4 Milliarden Euro.");
    let x = find(&q, "21,4");
    assert!((x.value - 2.14e10).abs() < 1.0);
    assert_eq!(x.unit, "EUR");
    let q = de("Das kostet 1,5 Mio. Euro.");
    assert_eq!(find(&q, "1,5").value, 1.5e6);
    let q = de("Zehntausende Menschen demonstrierten.");
    let x = find(&q, "Zehntausende");
    assert_eq!(x.unit, "count");
    assert_eq!(x.qualifier, Qualifier::MoreThan);
    let q = de("Drei Viertel der Befragten stimmten zu.");
    assert_eq!(find(&q, "Drei Viertel").value, 0.75);
    let q = de("Es kamen 20 bis 30 Teilnehmer.");
    let x = find(&q, "20 bis 30");
    assert_eq!((x.value, x.value_max), (20.0, Some(30.0)));
    assert_eq!(x.unit, "count");
    let q = de("Sie wollen die 30-Milliarden-Dollar-Marke überschreiten.");
    let x = find(&q, "30-Milliarden");
    assert_eq!(
        (x.value, x.unit.as_str(), x.measure.as_deref()),
        (3e10, "USD", Some("Marke"))
    );
    let q = de("Die 7.500-Kilometer-Grenze ist lang.");
    let x = find(&q, "7.500");
    assert_eq!(
        (x.value, x.unit.as_str(), x.measure.as_deref()),
        (7500.0, "km", Some("Grenze"))
    );
    let q = de("Es ist Putins elfter Besuch.");
    let x = find(&q, "elfter");
    assert_eq!((x.value, x.unit.as_str()), (11.0, "ordinal"));
    let q = de("Er hat dreißig Verträge unterschrieben.");
    assert_eq!(find(&q, "dreißig").value, 30.0);
}

#[test]
fn units_and_qualifiers() {
    let q = de("Kasachstan produziert etwa 43 % des weltweiten Urans und 1,2 Millionen Barrel Öl, knapp 500 MW Strom und bis zu 3 Tonnen Gold für 12.000 Rubel oder 5 000 Tenge, weniger als 2 Prozentpunkte.");
    let x = find(&q, "43");
    assert_eq!(
        (x.unit.as_str(), x.qualifier, x.measure.as_deref()),
        ("%", Qualifier::About, Some("des weltweiten Urans"))
    );
    assert_eq!(
        x.measure_detail.as_ref().map(|m| m.stem.as_str()),
        Some("uran")
    );
    assert_eq!(find(&q, "Barrel").unit, "bbl");
    let x = find(&q, "MW");
    assert_eq!((x.unit.as_str(), x.qualifier), ("MW", Qualifier::Almost));
    let x = find(&q, "Tonnen");
    assert_eq!((x.unit.as_str(), x.qualifier), ("t", Qualifier::UpTo));
    assert_eq!(find(&q, "Rubel").unit, "RUB");
    let x = find(&q, "Tenge");
    assert_eq!((x.unit.as_str(), x.value), ("KZT", 5000.0));
    let x = find(&q, "Prozentpunkte");
    assert_eq!((x.unit.as_str(), x.qualifier), ("pp", Qualifier::LessThan));
    let q = de("Das kostet mindestens 15 € oder über $ 20.");
    assert_eq!(find(&q, "15").qualifier, Qualifier::AtLeast);
    let x = find(&q, "$");
    assert_eq!(
        (x.unit.as_str(), x.value, x.qualifier),
        ("USD", 20.0, Qualifier::MoreThan)
    );
}

#[test]
fn not_dates_or_years() {
    let q = de("Am 27. November 2024 kam er, im Februar 2022 und vom 27. bis 28. November war er in Astana. 2023 stieg der Handel.");
    assert!(q.is_empty(), "{q:#?}");
    let q = de("Er kommt um 18:30 Uhr oder um 9 Uhr.");
    assert!(q.is_empty(), "{q:#?}");
}

#[test]
fn measures() {
    let q = de("In den ersten zehn Monaten des vergangenen Jahres erreichte der Handelsumsatz rund 21,4 Milliarden US-Dollar.");
    assert_eq!(q.len(), 1, "{q:#?}");
    let x = &q[0];
    assert_eq!(
        (x.value, x.unit.as_str(), x.qualifier),
        (2.14e10, "USD", Qualifier::About)
    );
    assert_eq!(x.measure.as_deref(), Some("Handelsumsatz"));
    assert_eq!(x.text, "rund 21,4 Milliarden US-Dollar");
    let q = de("Seitdem wurden mehr als 300 Verträge und Vereinbarungen unterzeichnet.");
    let x = find(&q, "300");
    assert_eq!(
        (x.value, x.unit.as_str(), x.qualifier, x.measure.as_deref()),
        (300.0, "count", Qualifier::MoreThan, Some("Verträge"))
    );
    assert_eq!(
        x.measure_detail.as_ref().map(|m| m.stem.as_str()),
        Some("vertrag")
    );
    let q = de("Moskau ist mit 49 Joint Ventures im Wert von fast 30 Milliarden US-Dollar dabei.");
    let x = find(&q, "49");
    assert_eq!(x.measure.as_deref(), Some("Joint Ventures"));
    let x = find(&q, "30 Milliarden");
    assert_eq!((x.value, x.qualifier), (3e10, Qualifier::Almost));
}

#[test]
fn english_basics() {
    let l = lang::for_code(Some("en"));
    let t = "Trade reached about 28 billion dollars, up 7.1% on more than 300 contracts.";
    let q = quantities(l, t);
    let x = find(&q, "28");
    assert_eq!(
        (x.value, x.unit.as_str(), x.qualifier),
        (2.8e10, "USD", Qualifier::About)
    );
    assert_eq!(find(&q, "7.1").unit, "%");
    assert_eq!(find(&q, "300").unit, "count");
}

#[test]
fn pathological_inputs_do_not_panic() {
    for t in [
        "1".repeat(100_000),
        "1.".repeat(50_000),
        "1,2.3,4.5-".repeat(10_000),
        "zwei ".repeat(20_000),
        "einundeinundeinundeinundeinundeinundeinundeinundeinundeinundeinundeinundeinundeinund"
            .repeat(20),
        "% $ € - bis ".repeat(10_000),
        "Milliarden-".repeat(10_000),
        "\u{0}\u{FFFF}ä½⅙".repeat(1000),
    ] {
        let _ = de(&t);
    }
}

fn shared_seeds() -> Option<Vec<String>> {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/seeds"
    ));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    Some(
        files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect(),
    )
}

#[test]
fn seed_examples() {
    let Some(seeds) = shared_seeds() else {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: ../shared/corpus/seeds not found\n"),
        ); // unlike eprintln!, shown when the test passes
        return;
    };
    let all: Vec<Quantity> = seeds.iter().flat_map(|s| de(s)).collect();
    let has = |needle: &str, value: f64, unit: &str, q: Qualifier| {
        all.iter().any(|x| {
            x.text.contains(needle)
                && (x.value - value).abs() < 1e-3 * value.abs().max(1.0)
                && x.unit == unit
                && x.qualifier == q
        })
    };
    assert!(has("7.500 Kilometern", 7500.0, "km", Qualifier::MoreThan));
    assert!(has("43 %", 43.0, "%", Qualifier::Exact));
    assert!(all
        .iter()
        .any(|x| x.text.contains("43 %") && x.measure.as_deref() == Some("des weltweiten Urans")));
    assert!(has(
        "21,4 Milliarden US-Dollar",
        2.14e10,
        "USD",
        Qualifier::About
    ));
    assert!(all
        .iter()
        .any(|x| x.text.contains("21,4") && x.measure.as_deref() == Some("Handelsumsatz")));
    assert!(has(
        "30 Milliarden US-Dollar",
        3e10,
        "USD",
        Qualifier::Almost
    ));
    assert!(all.iter().any(|x| x.text.contains("300 Verträge")
        && x.value == 300.0
        && x.unit == "count"
        && x.measure.as_deref() == Some("Verträge")));
    // no years or ordinal dates as quantities
    assert!(
        !all.iter()
            .any(|x| x.value == 2023.0 || x.value == 2024.0 || x.text.starts_with("27.")),
        "{:#?}",
        all.iter()
            .filter(|x| x.value == 2023.0 || x.value == 2024.0)
            .collect::<Vec<_>>()
    );
}

/// `cargo test -p parallax-nlp --lib dump_seeds -- --ignored --nocapture` prints what the
/// quantity, time and quote stages find in the seeds (for eyeballing).
#[test]
#[ignore]
fn dump_seeds() {
    let Some(seeds) = shared_seeds() else { return };
    let l = lang::for_code(Some("de"));
    for s in seeds {
        let sents = crate::segment::sentences(l, &s);
        println!("=====");
        for q in quantities(l, &s) {
            println!(
                "Q {:?} {} {:?} {} {:?} {:?}",
                q.text, q.value, q.value_max, q.unit, q.qualifier, q.measure
            );
        }
        for t in crate::time::extract(l, &s, &sents, Some("2024-11-28")) {
            println!("T {:?} {:?} {:?}", t.text, t.value, t.anchored_to);
        }
        for q in crate::quote::extract(l, &s, &sents, &[], &[]) {
            println!(
                "QUOTE {:?} {:?} {:?} {:?} {:?}",
                q.text.chars().take(60).collect::<String>(),
                q.speaker,
                q.cue,
                q.kind,
                q.speaker_span.map(|x| x.slice(&s).to_string())
            );
        }
    }
}

/// Prints how long each pathological input takes (`-- --ignored --nocapture`), to check linearity.
#[test]
#[ignore]
fn pathological_timings() {
    for (name, t) in [
        ("digits", "1".repeat(100_000)),
        ("dots", "1.".repeat(50_000)),
        ("mixed", "1,2.3,4.5-".repeat(10_000)),
        ("zwei", "zwei ".repeat(20_000)),
        ("units", "% $ € - bis ".repeat(10_000)),
        ("milliarden", "Milliarden-".repeat(10_000)),
        ("vom", "vom 27. bis ".repeat(10_000)),
        ("quotes", "„".repeat(50_000)),
        (
            "words",
            "Der Handel stieg um rund 7,1 % auf 28 Milliarden US-Dollar. ".repeat(2_000),
        ),
    ] {
        let l = lang::for_code(Some("de"));
        let s = crate::segment::sentences(l, &t);
        let tokens = crate::token::tokenize(l, &t, &s);
        let a = std::time::Instant::now();
        let _ = extract(l, &t, &s, &tokens);
        let b = a.elapsed();
        let _ = crate::time::extract(l, &t, &s, Some("2024-11-27"));
        let c = a.elapsed() - b;
        let _ = crate::quote::extract(l, &t, &s, &[], &[]);
        let d = a.elapsed() - b - c;
        println!(
            "{name:<12} {} bytes: quantity {b:?} time {c:?} quote {d:?}",
            t.len()
        );
    }
}

#[test]
fn a_day_before_its_month_is_no_count() {
    for (code, text, kept) in [
        (
            "en",
            "He arrived on 9 November and stayed 11-12 March with 12 ministers.",
            "12 ministers",
        ),
        (
            "ru",
            "Визит 27 ноября и 11–12 марта: подписано 12 соглашений.",
            "12",
        ),
        (
            "fr",
            "Arrivé le 27 novembre, il a signé 9 accords.",
            "9 accords",
        ),
    ] {
        let l = crate::lang::for_code(Some(code));
        let qs = quantities(l, text);
        let texts: Vec<&str> = qs.iter().map(|q| q.text.as_str()).collect();
        assert!(
            qs.iter()
                .all(|q| !matches!(q.value as i64, 9 | 11 | 27) || q.text.contains("accords")),
            "{code}: days read as counts: {texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.starts_with(kept)),
            "{code}: {texts:?}"
        );
    }
}
