//! Tests of the time stage, through the languages that use it.

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
    (t.reference().map(|v| v.to_string()), t.anchored_to)
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
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("skipped: ../shared/corpus/seeds not found\n"),
        ); // unlike eprintln!, shown when the test passes
        return;
    };
    let mut all = Vec::new();
    for e in entries.flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        all.extend(de(&text, Some("2024-11-28")));
    }
    assert!(all
        .iter()
        .any(|t| t.text.contains("Februar 2022") && val(t).as_deref() == Some("2022-02")));
    assert!(all
        .iter()
        .any(|t| t.text.contains("November 2023") && val(t).as_deref() == Some("2023-11")));
    assert!(all
        .iter()
        .any(|t| t.text.contains("ersten zehn Monaten")
            && val(t).as_deref() == Some("2023-01/2023-10")));
    assert!(
        all.iter()
            .any(|t| val(t).as_deref() == Some("2024-11-27/2024-11-28")),
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
    assert_eq!(value_of(&t, "5 bis 6").0, v("T17:00/T18:00"));
    assert_eq!(value_of(&t, "abends").0, v("T20:00"));
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
    assert_eq!(value_of(&t, "jeden Montag").0, v("XXXX-WXX-1T04:00"));
    assert_eq!(value_of(&t, "mittwochs").0, v("XXXX-WXX-3"));
    let t = de(
        "Ich gehe dann Dienstagmorgen zurück, um 18.12 Uhr, vor Mitternacht.",
        Some("2024-11-27"),
    );
    assert_eq!(
        value_of(&t, "Dienstagmorgen").0.map(|v| v.ends_with("TMO")),
        Some(true)
    );
    // clock times lie on the day the text last spoke of
    assert_eq!(value_of(&t, "18.12").0, v("2024-11-26T18:12"));
    assert_eq!(value_of(&t, "Mitternacht").0, v("2024-11-26T00:00"));
    // a bare number range is no time
    assert!(de("Von 5 bis 6 Prozent.", None).is_empty());
}

const WED: Option<&str> = Some("2024-11-27");

#[test]
fn seconds_and_minutes_after_uhr() {
    let t = de("Der Zug fuhr um 14:05:30 Uhr ab.", None);
    assert_eq!(value_of(&t, "14:05").0, v("T14:05:30"));
    let t = de("Am 3. März um 9:15:07 begann es.", WED);
    assert_eq!(value_of(&t, "3. März").0, v("2024-03-03T09:15:07"));
    let t = de("Wir treffen uns um 18 Uhr und 12.", None);
    assert_eq!(value_of(&t, "18 Uhr").0, v("T18:12"));
}

#[test]
fn date_with_clock_range() {
    let t = de(
        "Am 5. Dezember von 9 bis 11 Uhr vormittags tagt der Ausschuss.",
        WED,
    );
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(
        value_of(&t, "5. Dezember").0,
        v("2024-12-05T09:00/2024-12-05T11:00")
    );
    let t = de(
        "Er ist am Freitag zwischen 2 und 4 Uhr nachmittags da.",
        WED,
    );
    assert_eq!(
        value_of(&t, "Freitag").0,
        v("2024-11-22T14:00/2024-11-22T16:00")
    );
    let t = de("Geöffnet von Montag 8 Uhr bis Freitag 17 Uhr.", WED);
    assert_eq!(
        value_of(&t, "Montag").0,
        v("2024-11-25T08:00/2024-11-29T17:00")
    );
    let t = de("Geöffnet von Montag bis Freitag.", WED);
    assert_eq!(value_of(&t, "Montag").0, v("2024-11-25/2024-11-29"));
}

#[test]
fn relative_days_with_parts_of_the_day() {
    let t = de(
        "Morgen Abend spricht er, gestern früh war er noch in Berlin.",
        WED,
    );
    assert_eq!(value_of(&t, "Abend").0, v("2024-11-28TEV"));
    assert_eq!(value_of(&t, "gestern").0, v("2024-11-26TMO"));
    let t = de(
        "Dieser Abend gehört den Fans, am kommenden Freitagabend spielt die Band.",
        WED,
    );
    assert_eq!(value_of(&t, "Dieser").0, v("2024-11-27TEV"));
    assert_eq!(value_of(&t, "Freitagabend").0, v("2024-12-06TEV"));
    let t = de(
        "Die Anreise ist Dienstagspätabends, die Abreise samstagfrüh.",
        WED,
    );
    assert_eq!(value_of(&t, "Dienstag").0, v("2024-11-26TEV"));
    assert_eq!(value_of(&t, "samstag").0, v("2024-11-23TMO"));
    // `beginnt` announces a plan: the coming Sunday
    let t = de("Die Messe beginnt am Sonntag frühmorgens um 7:30.", WED);
    assert_eq!(value_of(&t, "Sonntag").0, v("2024-12-01T07:30"));
    let t = de("Das Konzert ist am Samstag spätabends um 10 Uhr.", WED);
    assert_eq!(value_of(&t, "Samstag").0, v("2024-11-23T22:00"));
    let t = de("Nächste Woche Dienstag um 10 Uhr tagt der Rat.", WED);
    assert_eq!(value_of(&t, "Woche").0, v("2024-12-03T10:00"));
}

#[test]
fn parts_of_the_day_alone() {
    let t = de("Abends ist es kalt, am Morgen neblig.", None);
    assert_eq!(value_of(&t, "Abends").0, v("TEV"));
    assert_eq!(value_of(&t, "Morgen").0, v("TMO"));
    assert!(de("Guten Morgen, gute Nacht!", None).is_empty());
    let t = de("Wir kommen gegen Abend, sie kämpfen gegen Russland.", None);
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].text, "Abend");
    assert_eq!(
        t[0].signal.map(|s| s.slice("Wir kommen gegen Abend")),
        Some("gegen")
    );
}

#[test]
fn night_and_evening_clock_times() {
    for (s, want) in [
        ("Um 12 Uhr nachts war es still.", "T00:00"),
        ("Um 2 Uhr nachts war es still.", "T02:00"),
        ("Um 10 Uhr nachts war es still.", "T22:00"),
        ("Er kam um 11 abends an.", "T23:00"),
        ("Er kam um 12 Uhr nachmittags an.", "T12:00"),
    ] {
        let t = de(s, None);
        assert_eq!(t.len(), 1, "{s}: {t:#?}");
        assert_eq!(val(&t[0]).as_deref(), Some(want), "{s}");
    }
}

#[test]
fn fractions_of_hours_and_whole_units() {
    let t = de(
        "Die Sitzung dauerte eine Dreiviertelstunde, danach gab es eine halbe Stunde Pause und eine Viertelstunde Fragen.",
        None,
    );
    assert_eq!(value_of(&t, "Dreiviertel").0, v("PT0.75H"));
    assert_eq!(value_of(&t, "eine halbe Stunde").0, v("PT0.5H"));
    assert_eq!(value_of(&t, "eine Viertelstunde").0, v("PT0.25H"));
    let t = de("Sie verhandelten den ganzen Tag.", None);
    assert_eq!(value_of(&t, "ganzen Tag").0, v("P1D"));
}

#[test]
fn shifts_in_minutes_and_weeks_phrases() {
    let t = de("Der Zug kommt in 10 Minuten.", WED);
    assert_eq!(value_of(&t, "10 Minuten").0, v("2024-11-27T00:10:00"));
    let t = de(
        "Unter der Woche ist das Museum zu, nächste Arbeitswoche öffnet es.",
        WED,
    );
    assert_eq!(value_of(&t, "Unter der Woche").0, v("2024-W48"));
    assert_eq!(value_of(&t, "Arbeitswoche").0, v("2024-W49"));
    let t = de("Die Ernte beginnt dieses Jahr später.", WED);
    assert_eq!(value_of(&t, "dieses Jahr später").0, v("2024"));
    let t = de(
        "Das Jahr war schwierig, zur Person des Jahres wurde sie gewählt.",
        WED,
    );
    assert_eq!(value_of(&t, "Das Jahr").0, v("2024"));
    assert_eq!(value_of(&t, "des Jahres").0, v("2024"));
}

#[test]
fn recurring_times() {
    let t = de(
        "Der Bericht erscheint alle drei Monate, der Markt ist immer sonntags, jeden Morgen um 6 Uhr klingelt es.",
        None,
    );
    assert_eq!(value_of(&t, "alle drei Monate").0, v("P3M"));
    assert_eq!(value_of(&t, "immer sonntags").0, v("XXXX-WXX-7"));
    assert_eq!(value_of(&t, "jeden Morgen").0, v("T06:00"));
}

#[test]
fn computed_holidays() {
    let t = de(
        "Am 1. Advent 2024, am Totensonntag 2023, am Buß- und Bettag 2024, zum Erntedankfest 2024 und am Muttertag 2025.",
        None,
    );
    assert_eq!(value_of(&t, "Advent").0, v("2024-12-01"));
    assert_eq!(value_of(&t, "Totensonntag").0, v("2023-11-26"));
    assert_eq!(value_of(&t, "Buß").0, v("2024-11-20"));
    assert_eq!(value_of(&t, "Erntedankfest").0, v("2024-10-06"));
    assert_eq!(value_of(&t, "Muttertag").0, v("2025-05-11"));
    let t = de("Am vierten Advent 2023 schneite es.", None);
    assert_eq!(value_of(&t, "Advent").0, v("2023-12-24"));
    let t = de(
        "Ostern im nächsten Jahr, Pfingsten letzten Jahres, Weihnachten im Jahr 2030.",
        WED,
    );
    assert_eq!(value_of(&t, "Ostern").0, v("2025-04-20"));
    assert_eq!(value_of(&t, "Pfingsten letzten Jahres").0, v("2023-05-28"));
    assert_eq!(value_of(&t, "Weihnachten im Jahr 2030").0, v("2030-12-25"));
    // a holiday and its clock time are two expressions; the clock time lies on that day
    let t = de("Was läuft an Heiligabend um 18 Uhr?", WED);
    assert_eq!(t.len(), 2, "{t:#?}");
    assert_eq!(value_of(&t, "Heiligabend").0, v("2024-12-24"));
    assert_eq!(value_of(&t, "18 Uhr").0, v("2024-12-24T18:00"));
}

#[test]
fn ordinal_day_month_pairs_and_mixed_dates() {
    let t = de("Wir kommen am dritten zehnten zurück.", WED);
    assert_eq!(value_of(&t, "dritten zehnten").0, v("2024-10-03"));
    let t = de("Das Treffen ist Freitag 7. zwölfter 2025.", WED);
    assert_eq!(value_of(&t, "Freitag").0, v("2025-12-07"));
    let t = de("Er belegte den dritten vierten Platz.", WED);
    assert!(t.is_empty(), "{t:#?}");
    let t = de("Termin: Okt-15-2023, Frist 2022/Mai/01.", None);
    assert_eq!(value_of(&t, "Okt").0, v("2023-10-15"));
    assert_eq!(value_of(&t, "Mai").0, v("2022-05-01"));
    let t = de("Gewählt wird am So 24.11.2024. So ist es.", None);
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(value_of(&t, "So 24").0, v("2024-11-24"));
    let t = de("Die Zahlung kommt Freitag, der 29.", WED);
    assert_eq!(value_of(&t, "Freitag").0, v("2024-11-29"));
}

#[test]
fn new_constructions_stay_linear() {
    for t in [
        "am 1. Mai von ".repeat(20_000),
        "Buß- und ".repeat(20_000),
        "am siebten vierten ".repeat(10_000),
        "Sep-23-".repeat(20_000),
        "von Montag 7 Uhr bis ".repeat(10_000),
        "morgens von 5 bis ".repeat(10_000),
        "alle alle zwei ".repeat(10_000),
        "Ostern im nächsten ".repeat(10_000),
    ] {
        let _ = de(&t, WED);
    }
}

#[test]
fn months_seasons_and_numeric_month_years() {
    let t = de(
        "Im Monat Januar sank die Zahl, nächstes Jahr im Dezember steigt sie.",
        WED,
    );
    assert_eq!(value_of(&t, "Monat Januar").0, v("2024-01"));
    assert_eq!(value_of(&t, "nächstes Jahr im Dezember").0, v("2025-12"));
    let t = de(
        "Im Sommer 2022 war es heiß, diesen Winter wird es kalt, letzten Herbst regnete es.",
        WED,
    );
    assert_eq!(value_of(&t, "Sommer 2022").0, v("2022-SU"));
    assert_eq!(value_of(&t, "diesen Winter").0, v("2024-WI"));
    assert_eq!(value_of(&t, "letzten Herbst").0, v("2023-FA"));
    // a season without a year or a preposition is no time (`der Winter als Thema`)
    assert!(de("Der Winter ist ein Thema.", WED).is_empty());
    let t = de(
        "Heft 05/2016, Ausgabe 2016-05, Stand 05.2016, Frist 2015/08/12 und 2015.5.13.",
        None,
    );
    assert_eq!(value_of(&t, "05/2016").0, v("2016-05"));
    assert_eq!(value_of(&t, "2016-05").0, v("2016-05"));
    assert_eq!(value_of(&t, "05.2016").0, v("2016-05"));
    assert_eq!(value_of(&t, "2015/08/12").0, v("2015-08-12"));
    assert_eq!(value_of(&t, "2015.5.13").0, v("2015-05-13"));
    // `2010-12` stays a year (it may be a range of years)
    let t = de("In den Jahren 2010-12 stieg der Preis.", None);
    assert!(
        t.iter().all(|x| val(x).as_deref() != Some("2010-12")),
        "{t:#?}"
    );
}

#[test]
fn day_ranges_in_a_month_and_bare_hours_after_um() {
    let t = de("Ich bin nächsten Monat vom 3. bis zum 9. verreist.", WED);
    assert_eq!(value_of(&t, "nächsten Monat").0, v("2024-12-03/2024-12-09"));
    let t = de("Die Messe läuft vom 4. bis 8. in Leipzig.", WED);
    assert_eq!(value_of(&t, "4. bis 8.").0, v("2024-11-04/2024-11-08"));
    assert_eq!(value_of(&t, "4. bis 8.").1, Anchor::Published);
    let t = de("Wir reisen am 23. Oktober um 7 ab.", WED);
    assert_eq!(value_of(&t, "23. Oktober").0, v("2024-10-23T07:00"));
}

/// Throughput of the date stage alone on the seeds (or a built-in text):
/// `cargo test -p parallax-nlp --release --lib dates_throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn dates_throughput() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/seeds"
    ));
    let mut text = String::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    if text.is_empty() {
        text = "Am 27. November 2024 kam Putin, im Februar 2022 begann der Krieg. Vom 27. bis 28. November war er in Astana, nächste Woche Montag um 9 Uhr tagt der Rat.\n".repeat(50);
    }
    let text = text.repeat(10);
    let l = lang::for_code(Some("de"));
    let rounds = 20;
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        n += extract(l, &text, &[], Some("2024-11-28")).len();
    }
    let secs = t.elapsed().as_secs_f64().max(1e-9);
    println!(
        "dates: {:.1} MB/s ({} bytes x {rounds}, {} expressions per round)",
        (text.len() * rounds) as f64 / secs / 1e6,
        text.len(),
        n / rounds
    );
}

#[test]
fn token_soup_does_not_panic() {
    // every construction's words shuffled deterministically: no panic, no slicing inside a char
    let words = [
        "am",
        "um",
        "gegen",
        "von",
        "bis",
        "zum",
        "zwischen",
        "und",
        "-",
        "/",
        ".",
        ",",
        ":",
        "7",
        "12",
        "23.",
        "2020",
        "05",
        "1.",
        "Montag",
        "Dienstagspätabends",
        "samstagfrüh",
        "März",
        "Sep",
        "Advent",
        "vierten",
        "siebter",
        "Uhr",
        "nachts",
        "abends",
        "Morgen",
        "morgen",
        "früh",
        "Abend",
        "nächsten",
        "Woche",
        "Monat",
        "Jahr",
        "des",
        "Jahres",
        "im",
        "Sommer",
        "alle",
        "zwei",
        "Tage",
        "eine",
        "halbe",
        "Stunde",
        "Viertelstunde",
        "ganzen",
        "Tag",
        "unter",
        "der",
        "jeden",
        "immer",
        "sonntags",
        "Ostern",
        "Buß",
        "Bettag",
        "So",
        "guten",
        "dieses",
        "später",
        "in",
        "Minuten",
        "ä",
        "€",
        "\n",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..12 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(words[(seed % words.len() as u64) as usize]);
            if !seed.is_multiple_of(3) {
                s.push(' ');
            }
        }
        for t in de(&s, WED).into_iter().chain(de(&s, None)) {
            assert_eq!(s.get(t.span.start..t.span.end), Some(t.text.as_str()));
        }
    }
}

#[test]
fn clock_times_with_their_day_and_parts_after_a_date() {
    let t = de("Um 8 Uhr heute Abend beginnt die Sitzung.", WED);
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(value_of(&t, "8 Uhr").0, v("2024-11-27T20:00"));
    let t = de("Die Wahl endet um 18 Uhr am Sonntag.", WED);
    assert_eq!(value_of(&t, "18 Uhr").0, v("2024-11-24T18:00"));
    let t = de(
        "Am 5. Mai in der Nacht brannte es, Montag am Abend auch.",
        WED,
    );
    assert_eq!(value_of(&t, "5. Mai").0, v("2024-05-05TNI"));
    assert_eq!(value_of(&t, "Montag").0, v("2024-11-25TEV"));
    let t = de("In den nächsten 24 Stunden und in 5h soll es regnen.", WED);
    assert_eq!(value_of(&t, "24 Stunden").0, v("2024-11-27/2024-11-28"));
    assert_eq!(value_of(&t, "5h").0, v("2024-11-27T05:00:00"));
}

#[test]
fn sets_and_minutes_before_or_after_the_hour() {
    let t = de(
        "Der Rat tagt jeden Monat, die Messe ist jedes Jahr, er läuft um 6 Uhr jeden Tag.",
        None,
    );
    assert_eq!(value_of(&t, "jeden Monat").0, v("P1M"));
    assert_eq!(value_of(&t, "jedes Jahr").0, v("P1Y"));
    assert_eq!(value_of(&t, "6 Uhr jeden Tag").0, v("T06:00"));
    let t = de(
        "Es ist zehn Minuten vor 8, um drei Uhr in der Nacht schlief er.",
        None,
    );
    assert_eq!(value_of(&t, "Minuten vor").0, v("T07:50"));
    assert_eq!(value_of(&t, "drei Uhr in der Nacht").0, v("T03:00"));
    let t = de("Er traf 5 Minuten nach zwei Toren.", None);
    assert_eq!(value_of(&t, "5 Minuten").0, v("PT5M"));
}

#[test]
fn decades_quarters_nights_and_day_pairs() {
    let t = de(
        "Mitte der 1990er Jahre und in den 1980er-Jahren wuchs die Stadt.",
        WED,
    );
    assert_eq!(value_of(&t, "1990er").0, v("199"));
    assert_eq!(value_of(&t, "1980er").0, v("198"));
    let t = de(
        "Im dritten Quartal 2023 sank der Umsatz, im ersten Halbjahr des vergangenen Jahres stieg er, im 2. Quartal auch.",
        WED,
    );
    assert_eq!(value_of(&t, "dritten Quartal").0, v("2023-Q3"));
    assert_eq!(value_of(&t, "Halbjahr").0, v("2023-H1"));
    assert_eq!(value_of(&t, "2. Quartal").0, v("2024-Q2"));
    let t = de(
        "In der Saison 2023/24 spielte er, im Heft 2016/05 stand es.",
        WED,
    );
    assert_eq!(value_of(&t, "2023/24").0, v("2023/2024"));
    assert_eq!(value_of(&t, "2016/05").0, v("2016-05"));
    let t = de("In der Nacht zum Sonntag brannte es.", WED);
    assert_eq!(value_of(&t, "Nacht zum Sonntag").0, v("2024-11-23TNI"));
    let t = de(
        "Der Gipfel am 5. und 6. Dezember, die Wahlen am 3. und 9. März.",
        WED,
    );
    assert_eq!(value_of(&t, "5. und 6.").0, v("2024-12-05/2024-12-06"));
    assert!(t.iter().all(|x| !x.text.contains("3. und")), "{t:#?}");
}

#[test]
fn two_word_until_opens_a_range() {
    let t = de(
        "Er landete am 26. November, der Besuch soll bis zum 27. November dauern.",
        Some("2024-11-25"),
    );
    // `until` runs from the anchor (here the publication day) to the date.
    assert_eq!(
        value_of(&t, "27. November"),
        (v("2024-11-25/2024-11-27"), Anchor::Published)
    );
    // The range link keeps working: `vom 26. bis zum 27. November`.
    let t = de(
        "Der Besuch dauert vom 26. bis zum 27. November.",
        Some("2024-11-25"),
    );
    assert_eq!(
        value_of(&t, "26. bis zum 27."),
        (v("2024-11-26/2024-11-27"), Anchor::Published)
    );
}

#[test]
fn in_a_duration_after_a_superlative_looks_back() {
    let p = Some("2024-11-27");
    let l = lang::for_code(Some("en"));
    let en = |text: &str| extract(l, text, &crate::segment::sentences(l, text), p);
    // `in three years` ahead is a day three years on; after `first` it is the period up to now.
    let ahead = en("The plant will open in three years.");
    assert_eq!(value_of(&ahead, "three years").0, v("2027-11-27"));
    let back = en("It was his first visit in three years.");
    assert_eq!(value_of(&back, "three years").0, v("P3Y"));
    let back = en("It was the first visit by a Lorvanian head of state in eleven years.");
    assert_eq!(value_of(&back, "eleven years").0, v("P11Y"));
    let back = de("Es war der höchste Stand in drei Jahren.", p);
    assert_eq!(value_of(&back, "drei Jahren").0, v("P3Y"));
    let ahead = de("Das Werk soll in drei Jahren fertig sein.", p);
    assert_eq!(value_of(&ahead, "drei Jahren").0, v("2027-11-27"));
}

fn val(t: &TimeExpr) -> Option<String> {
    t.value.as_ref().map(|v| v.to_string())
}

#[test]
fn day_ranges_and_years_in_languages_that_write_days_without_a_dot() {
    let p = Some("2024-11-28");
    let run = |code: &str, text: &str| {
        let l = lang::for_code(Some(code));
        extract(l, text, &crate::segment::sentences(l, text), p)
    };
    let ru = run("ru", "Визит проходил 26–27 ноября 2024 года. Товарооборот в 2023 году вырос. С 2020 по 2022 год торговля росла.");
    assert_eq!(
        value_of(&ru, "26–27 ноября 2024 года").0,
        v("2024-11-26/2024-11-27")
    );
    // `года` names the year, it is no duration of 2023 years
    assert_eq!(value_of(&ru, "2023 году").0, v("2023"));
    assert_eq!(value_of(&ru, "2020 по 2022 год").0, v("2020/2022"));
    let en = run(
        "en",
        "He stayed on 11-12 March 2024 and came back on 4 and 5 May.",
    );
    assert_eq!(
        value_of(&en, "11-12 March 2024").0,
        v("2024-03-11/2024-03-12")
    );
    let fr = run("fr", "Il est arrivé le 27 novembre 2024 à Astana.");
    assert_eq!(value_of(&fr, "27 novembre 2024").0, v("2024-11-27"));
}

#[test]
fn ages_untimed_clocks_rates_and_references_before_an_article() {
    // an age is no duration
    let t = de(
        "Sie sind 31 und 22 Jahre alt. Der 16 Jahre jüngere Crosby spielt.",
        WED,
    );
    assert!(t.iter().all(|t| !t.text.contains("Jahre")), "{t:#?}");
    // minutes after an event the text does not time: an unknown clock time
    let t = de("Drei Minuten später war es vorbei.", WED);
    assert_eq!(value_of(&t, "Minuten später").0, v("XXXX-XX-XXTXX:XX"));
    // a rate keeps its preposition and frequency
    let t = de("Die Rubrik erscheint einmal im Monat.", WED);
    assert_eq!(value_of(&t, "Monat").0, v("P1M"));
    assert!(t.iter().any(|t| t.text == "einmal im Monat"), "{t:#?}");
    // `vor kurzem` before the subject's article is still a reference
    let t = de(
        "Zum dritten Mal hat vor kurzem die Reihe stattgefunden.",
        WED,
    );
    assert_eq!(value_of(&t, "vor kurzem").0, v("PAST_REF"));
    let t = de("Während der Sommermonate ist viel Verkehr.", WED);
    assert_eq!(value_of(&t, "Sommermonate").0, v("2024-SU"));
}

#[test]
fn a_relative_part_of_the_day_of_a_named_day() {
    let t = de("Noch in der selben Nacht des 14. August schlug er zu.", WED);
    assert_eq!(value_of(&t, "Nacht des 14. August").0, v("2024-08-14TNI"));
    assert_eq!(t.len(), 1, "{t:#?}");
}

#[test]
fn ordinal_centuries() {
    let t = de(
        "Im 15. Jahrhundert und am Ende des 19. Jahrhunderts baute man.",
        WED,
    );
    assert_eq!(value_of(&t, "15. Jahrhundert").0, v("14"));
    assert_eq!(value_of(&t, "19. Jahrhunderts").0, v("18"));
}

#[test]
fn a_day_just_after_the_turn_of_the_year_is_next_years() {
    let dec = Some("2009-12-17");
    let t = de(
        "Die Ortsgruppe lädt am 14. Jänner alle zu einer Versammlung.",
        dec,
    );
    assert_eq!(value_of(&t, "14. Jänner").0, v("2010-01-14"));
    // a day further back stays this year's
    let t = de("Am 3. März um 9:15:07 begann es.", dec);
    assert_eq!(value_of(&t, "3. März").0, v("2009-03-03T09:15:07"));
}

#[test]
fn a_weekday_in_a_present_tense_plan_lies_ahead_today_included() {
    // Wednesday 27 November 2024.
    let run = |code: &str, text: &str| {
        let l = lang::for_code(Some(code));
        extract(l, text, &crate::segment::sentences(l, text), WED)
    };
    let t = run("de", "Scholz reist am Donnerstag nach Paris.");
    assert_eq!(value_of(&t, "Donnerstag").0, v("2024-11-28"));
    let t = run("de", "Scholz trifft am Mittwoch Macron.");
    assert_eq!(value_of(&t, "Mittwoch").0, v("2024-11-27"), "today");
    let t = run("de", "Scholz reiste am Donnerstag nach Paris.");
    assert_eq!(
        value_of(&t, "Donnerstag").0,
        v("2024-11-21"),
        "a past tense looks back"
    );
    let t = run("de", "Scholz hat am Montag Paris besucht.");
    assert_eq!(
        value_of(&t, "Montag").0,
        v("2024-11-25"),
        "a participle is no plan"
    );
    let t = run("de", "Am Donnerstag wird Scholz in Paris erwartet.");
    assert_eq!(value_of(&t, "Donnerstag").0, v("2024-11-28"));
    let t = run("en", "The president arrives on Thursday in Astana.");
    assert_eq!(value_of(&t, "Thursday").0, v("2024-11-28"));
    let t = run("en", "The president arrived on Thursday in Astana.");
    assert_eq!(value_of(&t, "Thursday").0, v("2024-11-21"));
    let t = run("ru", "Президент посетит Астану в четверг.");
    assert_eq!(value_of(&t, "четверг").0, v("2024-11-28"));
}
