//! Values for a reader: a date or a period (`27.–28. November 2024`, `January–October 2023`)
//! and an amount (`28 Mrd. US-Dollar`, `21.4 bn US dollars`) written the way a language
//! writes them, from the machine forms the stages produce (TIMEX3 values, numbers with
//! unit codes). Each language's words and patterns are in `data/lang/<code>/display.toml`.

use std::collections::HashMap;

use serde::Deserialize;

use crate::lang::Language;

/// A language's way of writing dates and amounts.
pub trait DisplayRules: Sync {
    fn display(&self) -> &DisplayLexicon;
}

/// The patterns of `display.toml` (`{d}`, `{month}`, `{y}` … are filled in).
#[derive(Debug, Clone, Deserialize)]
pub struct DisplayLexicon {
    months: Vec<String>,
    day: String,
    day_no_year: String,
    days_same_month: String,
    month: String,
    months_same_year: String,
    year_range: String,
    until: String,
    since: String,
    decimal: String,
    thousands: String,
    percent: String,
    scales: Vec<(f64, String)>,
    units: HashMap<String, String>,
}

impl DisplayLexicon {
    /// Parse a `display.toml`; a broken file is a build-time bug of the language module.
    pub fn parse(src: &str) -> DisplayLexicon {
        match toml::from_str::<DisplayLexicon>(src) {
            Ok(l) if l.months.len() == 12 => l,
            Ok(_) => panic!("display.toml: `months` must name 12 months"),
            Err(e) => panic!("display.toml: {e}"),
        }
    }

    fn month_name(&self, m: u32) -> &str {
        self.months
            .get((m as usize).wrapping_sub(1))
            .map_or("", String::as_str)
    }
}

/// A calendar date with the parts a TIMEX3 value gives (an unknown year is `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Date {
    Year(i32),
    Month(Option<i32>, u32),
    Day(Option<i32>, u32, u32),
}

fn parse_date(v: &str) -> Option<Date> {
    let mut parts = v.split('-');
    let y = parts.next()?;
    let year = match y {
        "XXXX" => None,
        _ if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => y.parse().ok(),
        _ => return None,
    };
    let month = match parts.next() {
        None => return year.map(Date::Year),
        Some(m) => m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?,
    };
    let day = match parts.next() {
        None => return Some(Date::Month(year, month)),
        Some(d) => d
            .get(..2)?
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=31).contains(d))?,
    };
    Some(Date::Day(year, month, day))
}

fn fill(pattern: &str, pairs: &[(&str, String)]) -> String {
    let mut out = pattern.to_string();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn one_date(l: &DisplayLexicon, d: Date) -> String {
    match d {
        Date::Year(y) => y.to_string(),
        Date::Month(Some(y), m) => fill(
            &l.month,
            &[("month", l.month_name(m).into()), ("y", y.to_string())],
        ),
        Date::Month(None, m) => l.month_name(m).to_string(),
        Date::Day(Some(y), m, d) => fill(
            &l.day,
            &[
                ("d", d.to_string()),
                ("month", l.month_name(m).into()),
                ("y", y.to_string()),
            ],
        ),
        Date::Day(None, m, d) => fill(
            &l.day_no_year,
            &[("d", d.to_string()), ("month", l.month_name(m).into())],
        ),
    }
}

fn range(l: &DisplayLexicon, a: Date, b: Date) -> String {
    match (a, b) {
        (Date::Day(Some(y1), m1, d1), Date::Day(Some(y2), m2, d2)) if y1 == y2 && m1 == m2 => {
            if d1 == d2 {
                return one_date(l, a);
            }
            fill(
                &l.days_same_month,
                &[
                    ("d1", d1.to_string()),
                    ("d2", d2.to_string()),
                    ("month", l.month_name(m1).into()),
                    ("y", y1.to_string()),
                ],
            )
        }
        (Date::Month(Some(y1), m1), Date::Month(Some(y2), m2)) if y1 == y2 => fill(
            &l.months_same_year,
            &[
                ("m1", l.month_name(m1).into()),
                ("m2", l.month_name(m2).into()),
                ("y", y1.to_string()),
            ],
        ),
        (Date::Year(y1), Date::Year(y2)) => fill(
            &l.year_range,
            &[("y1", y1.to_string()), ("y2", y2.to_string())],
        ),
        _ => format!("{} – {}", one_date(l, a), one_date(l, b)),
    }
}

/// A TIMEX3 date, month, year or range as `language` writes it; `None` for values it does
/// not cover (durations, times of day, sets), which callers show as the text said them.
pub fn format_time(language: &Language, value: &str) -> Option<String> {
    let l = language.display.display();
    match value.split_once('/') {
        Some(("..", b)) => Some(fill(&l.until, &[("x", one_date(l, parse_date(b)?))])),
        Some((a, "..")) => Some(fill(&l.since, &[("x", one_date(l, parse_date(a)?))])),
        Some((a, b)) => Some(range(l, parse_date(a)?, parse_date(b)?)),
        None => parse_date(value).map(|d| one_date(l, d)),
    }
}

/// A number with the language's separators: at most `decimals` decimals, trailing zeros
/// dropped, thousands grouped.
fn number(l: &DisplayLexicon, v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(&l.thousands);
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{}{frac}", l.decimal)
    }
}

/// A count as `language` writes it, thousands grouped (`2,539`, `2.539`).
pub fn format_count(language: &Language, n: usize) -> String {
    number(language.display.display(), n as f64, 0)
}

/// An amount as `language` writes it: `28 Mrd. US-Dollar`, `7,1 %`, `1.299 Euro`, `300`.
pub fn format_amount(language: &Language, value: f64, unit: &str) -> String {
    let l = language.display.display();
    if !value.is_finite() {
        return value.to_string();
    }
    let (scaled, word) = l
        .scales
        .iter()
        .find(|(factor, _)| value.abs() >= *factor)
        .map_or((value, None), |(factor, w)| {
            (value / factor, Some(w.as_str()))
        });
    let n = number(l, scaled, if word.is_some() { 2 } else { 3 });
    if unit == "%" {
        return fill(&l.percent, &[("n", n)]);
    }
    let unit_word = match unit {
        "" | "count" => None,
        u => Some(l.units.get(u).map_or(u, String::as_str)),
    };
    [Some(n.as_str()), word, unit_word]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Implements [`DisplayRules`] for a language type from its `data/lang/<code>/display.toml`
/// (parsed once). Used from `lang/<code>/display.rs`.
macro_rules! display_rules_from_data {
    ($language:ty, $code:literal) => {
        impl $crate::display::DisplayRules for $language {
            fn display(&self) -> &$crate::display::DisplayLexicon {
                static LEX: std::sync::OnceLock<$crate::display::DisplayLexicon> =
                    std::sync::OnceLock::new();
                LEX.get_or_init(|| {
                    $crate::display::DisplayLexicon::parse(include_str!(concat!(
                        "../../../../../data/lang/",
                        $code,
                        "/display.toml"
                    )))
                })
            }
        }
    };
}
pub(crate) use display_rules_from_data;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang;

    fn de() -> &'static Language {
        lang::for_code(Some("de"))
    }
    fn en() -> &'static Language {
        lang::for_code(Some("en"))
    }

    #[test]
    fn dates_and_periods_read_as_the_language_writes_them() {
        assert_eq!(
            format_time(de(), "2024-11-27/2024-11-28").as_deref(),
            Some("27.–28. November 2024")
        );
        assert_eq!(
            format_time(en(), "2023-01/2023-10").as_deref(),
            Some("January–October 2023")
        );
        assert_eq!(
            format_time(de(), "2023-01/2023-10").as_deref(),
            Some("Januar–Oktober 2023")
        );
        assert_eq!(
            format_time(en(), "2024-11-27").as_deref(),
            Some("27 November 2024")
        );
        assert_eq!(
            format_time(de(), "XXXX-11-27").as_deref(),
            Some("27. November")
        );
        assert_eq!(format_time(en(), "../2025").as_deref(), Some("until 2025"));
        assert_eq!(format_time(en(), "2024-W48"), None);
        assert_eq!(format_time(en(), "P2D"), None);
        assert_eq!(format_time(en(), "2024-13"), None);
    }

    #[test]
    fn amounts_read_as_the_language_writes_them() {
        assert_eq!(format_amount(de(), 28e9, "USD"), "28 Mrd. US-Dollar");
        assert_eq!(format_amount(en(), 21.4e9, "USD"), "21.4 bn US dollars");
        assert_eq!(format_amount(de(), 1299.0, "EUR"), "1.299 Euro");
        assert_eq!(format_amount(de(), 7.1, "%"), "7,1 %");
        assert_eq!(format_amount(en(), 300.0, "count"), "300");
        assert_eq!(format_amount(en(), 2.5, "km"), "2.5 km");
        assert_eq!(format_amount(en(), f64::NAN, "km"), "NaN");
    }
}
