//! Dates an article reports: from the nlp layer's `times` when present, else read from the
//! text with a small per-language pattern (`27. November 2024`, `vom 27. bis 28. November`,
//! `November 2023`, `November 27, 2024`, ISO dates).

use chrono::{Datelike, NaiveDate};
use parallax_model::AnnotatedArticle;
use regex::Regex;

use super::features::LangData;

/// A date mentioned in a text; the year may be unknown (`am 8. November` without a
/// publication date to anchor it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DatePoint {
    pub year: Option<i32>,
    /// None for a bare year.
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// Last day of a day range (`27. bis 28. November`).
    pub day_end: Option<u8>,
    /// Byte offset of the mention in the text.
    pub pos: usize,
}

impl DatePoint {
    /// Days since 1970-01-01 when the date is complete.
    pub fn day_number(&self) -> Option<i32> {
        day_number(self.year?, self.month?, self.day?)
    }
    /// ISO 8601 (`2024-11-27`, `2024-11`, `2024`), `XXXX-11-27` when the year is unknown,
    /// and `a/b` for a day range.
    pub fn iso(&self) -> String {
        let y = self
            .year
            .map(|y| format!("{y:04}"))
            .unwrap_or_else(|| "XXXX".into());
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let first = format!("{y}-{m:02}-{d:02}");
                match self.day_end.filter(|e| *e > d) {
                    Some(e) => format!("{first}/{y}-{m:02}-{e:02}"),
                    None => first,
                }
            }
            (Some(m), None) => format!("{y}-{m:02}"),
            _ => y,
        }
    }
}

pub fn day_number(year: i32, month: u8, day: u8) -> Option<i32> {
    let d = NaiveDate::from_ymd_opt(year, month as u32, day as u32)?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

/// The date of a day number.
pub fn from_day_number(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::days(n as i64))
}

/// ISO date of a day number.
pub fn iso_day(n: i32) -> String {
    from_day_number(n)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Day number of an ISO 8601 date or date-time (`2024-11-27`, `2024-11-27T10:00:00Z`).
pub fn parse_day(s: &str) -> Option<i32> {
    let s = s.trim();
    let y: i32 = s.get(0..4)?.parse().ok()?;
    if s.get(4..5)? != "-" || s.get(7..8)? != "-" {
        return None;
    }
    let m: u8 = s.get(5..7)?.parse().ok()?;
    let d: u8 = s.get(8..10)?.parse().ok()?;
    day_number(y, m, d)
}

/// Parse a TIMEX-style value (`2024-11-27`, `2024-11`, `2024`, `XXXX-11-08`,
/// `2024-11-27/2024-11-28`); durations and times of day give None.
pub fn parse_value(value: &str, pos: usize) -> Option<DatePoint> {
    let (first, second) = match value.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (value, None),
    };
    let first = first.trim();
    let mut parts = first.split('T').next()?.split('-');
    let ys = parts.next()?;
    let year = if ys.chars().all(|c| c.is_ascii_digit()) && ys.len() == 4 {
        Some(ys.parse().ok()?)
    } else if ys.chars().all(|c| c == 'X' || c == 'x') && !ys.is_empty() {
        None
    } else {
        return None;
    };
    let month: Option<u8> = match parts.next() {
        Some(m) => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
        None => None,
    };
    let day: Option<u8> = match parts.next() {
        Some(d) => Some(
            d.get(..2)
                .unwrap_or(d)
                .parse()
                .ok()
                .filter(|d| (1..=31).contains(d))?,
        ),
        None => None,
    };
    if year.is_none() && month.is_none() {
        return None;
    }
    let day_end = second
        .and_then(|b| parse_value(b, pos))
        .filter(|b| b.month == month && b.year == year)
        .and_then(|b| b.day);
    Some(DatePoint {
        year,
        month,
        day,
        day_end,
        pos,
    })
}

/// The date pattern for one language's words: month names, words joining a day range,
/// ordinal marks after a day (`.`, `th`) and words between day and month (`of`).
pub fn build_regex(words: &DateWords<'_>) -> Regex {
    let alternatives = |list: &[String]| -> String {
        list.iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|")
    };
    let m = if words.months.is_empty() {
        // No month names: a pattern that matches nothing.
        r"[^\s\S]".to_string()
    } else {
        words.months.join("|")
    };
    let mut rw: Vec<String> = words.range_words.to_vec();
    rw.extend(["-".to_string(), "–".to_string()]);
    let rw = alternatives(&rw);
    let ord = match alternatives(words.ordinal_marks) {
        o if o.is_empty() => String::new(),
        o => format!("(?:{o})?"),
    };
    let of = match alternatives(words.day_month_words) {
        o if o.is_empty() => String::new(),
        o => format!(r"(?:(?:{o})\s+)?"),
    };
    let pattern = format!(
        r"(?i)\b(?P<isoy>\d{{4}})-(?P<isom>\d{{2}})(?:-(?P<isod>\d{{2}}))?\b|\b(?P<d1>\d{{1,2}}){ord}(?:\s*(?:{rw})\s*(?P<d2>\d{{1,2}}){ord})?\s+{of}(?P<m1>{m})\b\.?(?:,?\s+(?P<y1>\d{{4}})\b)?|\b(?P<m2>{m})\b\.?\s+(?P<d3>\d{{1,2}}){ord}(?:,\s*|\s+)(?P<y2>\d{{4}})\b|\b(?P<m3>{m})\b\.?\s+(?P<y3>\d{{4}})\b"
    );
    Regex::new(&pattern).unwrap_or_else(|_| {
        Regex::new(r"\b(?P<isoy>\d{4})-(?P<isom>\d{2})(?:-(?P<isod>\d{2}))?\b")
            .expect("constant regex")
    })
}

/// The words of a language's date pattern.
pub struct DateWords<'a> {
    /// Month names, as regex-escaped alternatives, longest first.
    pub months: &'a [String],
    pub range_words: &'a [String],
    pub ordinal_marks: &'a [String],
    pub day_month_words: &'a [String],
}

/// Dates written in `text`, resolved against `published` (day number) when the year is missing.
pub fn dates_in_text(text: &str, data: &LangData, published: Option<i32>) -> Vec<DatePoint> {
    let mut out = Vec::new();
    for c in data.date_regex.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        let pos = whole.start();
        let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
        let month_of = |name: &str| {
            c.name(name)
                .and_then(|m| data.months.get(&m.as_str().to_lowercase()).copied())
        };
        let point = if let (Some(y), Some(m)) = (num("isoy"), num("isom")) {
            let d = num("isod");
            if !(1..=12).contains(&m) || d.is_some_and(|d| !(1..=31).contains(&d)) {
                continue;
            }
            DatePoint {
                year: Some(y),
                month: Some(m as u8),
                day: d.map(|d| d as u8),
                day_end: None,
                pos,
            }
        } else if let Some(m) = month_of("m1") {
            let (Some(d), d2) = (num("d1"), num("d2")) else {
                continue;
            };
            if !(1..=31).contains(&d) {
                continue;
            }
            DatePoint {
                year: num("y1"),
                month: Some(m),
                day: Some(d as u8),
                day_end: d2.filter(|e| (d + 1..=31).contains(e)).map(|e| e as u8),
                pos,
            }
        } else if let Some(m) = month_of("m2") {
            let Some(d) = num("d3").filter(|d| (1..=31).contains(d)) else {
                continue;
            };
            DatePoint {
                year: num("y2"),
                month: Some(m),
                day: Some(d as u8),
                day_end: None,
                pos,
            }
        } else if let Some(m) = month_of("m3") {
            DatePoint {
                year: num("y3"),
                month: Some(m),
                day: None,
                day_end: None,
                pos,
            }
        } else {
            continue;
        };
        out.push(resolve_year(point, published));
    }
    out
}

/// Give a date without a year the year that puts it closest before the publication date.
pub fn resolve_year(mut p: DatePoint, published: Option<i32>) -> DatePoint {
    if p.year.is_some() {
        return p;
    }
    let (Some(pub_day), Some(month)) = (published, p.month) else {
        return p;
    };
    let Some(pd) = from_day_number(pub_day) else {
        return p;
    };
    let mut year = pd.year();
    // A date more than a month after publication was most likely last year's.
    if let Some(n) = day_number(year, month, p.day.unwrap_or(1)) {
        if n > pub_day + 31 {
            year -= 1;
        }
    }
    p.year = Some(year);
    p
}

/// The dates an article reports: its `times` when the nlp layer found any, else the text's.
pub fn article_dates(
    article: &AnnotatedArticle,
    data: &LangData,
    published: Option<i32>,
) -> Vec<DatePoint> {
    let from_times: Vec<DatePoint> = article
        .times
        .iter()
        .filter_map(|t| parse_value(t.value.as_deref()?, t.span.start))
        .map(|p| resolve_year(p, published))
        .collect();
    if !from_times.is_empty() {
        return from_times;
    }
    dates_in_text(&article.article.text, data, published)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stories::features::lang_data;
    use parallax_nlp::lang;

    #[test]
    fn german_dates() {
        let de = lang_data(lang::for_code(Some("de")));
        let d = dates_in_text(
            "Putin stattete vom 27. bis 28. November Kasachstan einen Besuch ab. Im November 2023 war er schon da; am 27. November 2024 sprach er. Stand: 2024-12-01 10:05",
            de,
            None,
        );
        let iso: Vec<String> = d.iter().map(|p| p.iso()).collect();
        assert_eq!(
            iso,
            vec![
                "XXXX-11-27/XXXX-11-28",
                "2023-11",
                "2024-11-27",
                "2024-12-01"
            ]
        );
    }

    #[test]
    fn english_dates_and_year_resolution() {
        let en = lang_data(lang::for_code(Some("en")));
        let pubd = parse_day("2024-01-10");
        let d = dates_in_text(
            "On November 27, 2024 and on 8 November, and in March 2023.",
            en,
            pubd,
        );
        let iso: Vec<String> = d.iter().map(|p| p.iso()).collect();
        assert_eq!(iso, vec!["2024-11-27", "2023-11-08", "2023-03"]);
    }

    #[test]
    fn timex_values() {
        assert_eq!(
            parse_value("2024-11-27/2024-11-28", 0)
                .map(|p| p.iso())
                .as_deref(),
            Some("2024-11-27/2024-11-28")
        );
        assert_eq!(
            parse_value("XXXX-11-08", 0).map(|p| p.iso()).as_deref(),
            Some("XXXX-11-08")
        );
        assert_eq!(parse_value("P2D", 0), None);
        assert_eq!(
            parse_value("2023", 0).map(|p| p.iso()).as_deref(),
            Some("2023")
        );
    }
}
