use super::*;
use crate::lang;

fn de(text: &str, published: Option<&str>) -> Vec<TimeExpr> {
    let l = lang::for_code(Some("de"));
    extract(l, text, &crate::segment::sentences(l, text), published)
}

fn value_of(ts: &[TimeExpr], needle: &str) -> (Option<String>, Anchor) {
    let t = ts
        .iter()
        .find(|t| t.text.contains(needle))
        .unwrap_or_else(|| panic!("no time with {needle:?} in {ts:#?}"));
    (t.value.clone(), t.anchored_to)
}

fn v(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn absolute_dates() {
    let t = de(
        "Am 27. November 2024 kam Putin, im Februar 2022 begann der Krieg, 2023 wuchs der Handel.",
        None,
    );
    assert_eq!(
        value_of(&t, "27. November"),
        (v("2024-11-27"), Anchor::Absolute)
    );
    assert_eq!(value_of(&t, "Februar"), (v("2022-02"), Anchor::Absolute));
    assert_eq!(value_of(&t, "2023"), (v("2023"), Anchor::Absolute));
    let t = de("Stichtag ist der 22.04.2022, Beginn 2024-11-27.", None);
    assert_eq!(value_of(&t, "22.04.2022").0, v("2022-04-22"));
    assert_eq!(value_of(&t, "2024-11-27").0, v("2024-11-27"));
}

#[test]
fn ranges_and_relative() {
    let p = Some("2024-11-27");
    let t = de("Er besuchte Kasachstan vom 27. bis 28. November.", p);
    assert_eq!(
        value_of(&t, "27."),
        (v("2024-11-27/2024-11-28"), Anchor::Published)
    );
    let t = de("In den ersten zehn Monaten des vergangenen Jahres erreichte der Handelsumsatz rund 21,4 Milliarden US-Dollar.", p);
    assert_eq!(
        value_of(&t, "ersten zehn Monaten"),
        (v("2023-01/2023-10"), Anchor::Published)
    );
    let t = de("Tokajew sagte am Mittwoch, im vergangenen Jahr sei der Handel gewachsen. Lawrow kam Anfang des Monats. Bis 2025 wollen sie 30 Milliarden erreichen.", p);
    assert_eq!(value_of(&t, "Mittwoch").0, v("2024-11-27"));
    assert_eq!(value_of(&t, "vergangenen Jahr").0, v("2023"));
    assert_eq!(value_of(&t, "Anfang des Monats").0, v("2024-11"));
    assert_eq!(value_of(&t, "2025").0, v("2024-11-27/2025"));
    let t = de("Die Zuflüsse haben sich zwischen 2015 und 2021 verdreifacht, in den letzten 30 Jahren wuchs alles.", p);
    assert_eq!(value_of(&t, "2015").0, v("2015/2021"));
    assert_eq!(value_of(&t, "30 Jahren").0, v("1994/2024"));
    let t = de(
        "Der zweitägige Besuch dauerte zwei Tage, gestern war er in Astana.",
        p,
    );
    assert_eq!(value_of(&t, "zwei Tage").0, v("P2D"));
    assert_eq!(value_of(&t, "zweitägige").0, v("P2D"));
    assert_eq!(value_of(&t, "gestern").0, v("2024-11-26"));
}

#[test]
fn anchors_from_text_or_unresolved() {
    let t = de(
        "Am 27. November 2024 traf er Tokajew. Am Mittwoch zuvor im vergangenen Jahr.",
        None,
    );
    assert_eq!(
        value_of(&t, "vergangenen Jahr"),
        (v("2023"), Anchor::TextDate)
    );
    let t = de("Im vergangenen Jahr am 3. Mai.", None);
    assert_eq!(value_of(&t, "vergangenen Jahr"), (None, Anchor::Unresolved));
    assert_eq!(
        value_of(&t, "3. Mai"),
        (v("XXXX-05-03"), Anchor::Unresolved)
    );
}

#[test]
fn quantities_are_not_years() {
    let t = de("Er zahlte 2000 Euro und 1500 Dollar.", None);
    assert!(t.is_empty(), "{t:#?}");
}

#[test]
fn pathological_inputs_do_not_panic() {
    for t in [
        "1".repeat(100_000),
        "27. ".repeat(20_000),
        "vom 27. bis ".repeat(10_000),
        "Anfang des Anfang des ".repeat(5_000),
        "ersten ersten zehn ".repeat(5_000),
        "9999-99-99 0000-00-00 99.99.9999 31.02.2023 ".repeat(1000),
        "in den letzten 999999999 Jahren ".repeat(100),
    ] {
        let _ = de(&t, Some("2024-11-27"));
        let _ = de(&t, None);
    }
}

#[test]
fn seed_dates() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/seeds"
    ));
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipped: ../shared/corpus/seeds not found");
        return;
    };
    let mut all = Vec::new();
    for e in entries.flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        all.extend(de(&text, Some("2024-11-28")));
    }
    assert!(all
        .iter()
        .any(|t| t.text.contains("Februar 2022") && t.value.as_deref() == Some("2022-02")));
    assert!(all
        .iter()
        .any(|t| t.text.contains("November 2023") && t.value.as_deref() == Some("2023-11")));
    assert!(all
        .iter()
        .any(|t| t.text.contains("ersten zehn Monaten")
            && t.value.as_deref() == Some("2023-01/2023-10")));
    assert!(
        all.iter()
            .any(|t| t.value.as_deref() == Some("2024-11-27/2024-11-28")),
        "{all:#?}"
    );
}

#[test]
fn clock_phrases_holidays_and_sets() {
    let t = de(
        "Es ist halb 8, wir treffen uns um Viertel nach 8 abends.",
        None,
    );
    assert_eq!(value_of(&t, "halb").0, v("T07:30"));
    assert_eq!(value_of(&t, "Viertel").0, v("T20:15"));
    let t = de(
        "Ich bin von 5 bis 6 Uhr nachmittags weg, abends um 8 Uhr zurück.",
        None,
    );
    assert_eq!(value_of(&t, "5 bis 6").0, v("T17/T18"));
    assert_eq!(value_of(&t, "abends").0, v("T20"));
    let t = de(
        "Wann ist Pfingsten 2022? An Weihnachten 2010 und jetzt.",
        None,
    );
    assert_eq!(value_of(&t, "Pfingsten").0, v("2022-06-05"));
    assert_eq!(value_of(&t, "Weihnachten").0, v("2010-12-25"));
    assert_eq!(value_of(&t, "jetzt").0, v("PRESENT_REF"));
    let t = de(
        "Ich gehe jeden Montag um 4 Uhr, das Treffen ist mittwochs.",
        None,
    );
    assert_eq!(value_of(&t, "jeden Montag").0, v("XXXX-WXX-1T04"));
    assert_eq!(value_of(&t, "mittwochs").0, v("XXXX-WXX-3"));
    let t = de(
        "Ich gehe dann Dienstagmorgen zurück, um 18.12 Uhr, vor Mitternacht.",
        Some("2024-11-27"),
    );
    assert_eq!(
        value_of(&t, "Dienstagmorgen").0.map(|v| v.ends_with("TMO")),
        Some(true)
    );
    assert_eq!(value_of(&t, "18.12").0, v("T18:12"));
    assert_eq!(value_of(&t, "Mitternacht").0, v("T00"));
    // a bare number range is no time
    assert!(de("Von 5 bis 6 Prozent.", None).is_empty());
}
