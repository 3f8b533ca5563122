//! Dates an article reports, read from the times the nlp stage found (their typed TIMEX3
//! values): no date is parsed from the text here, so analysis knows no month name.

use chrono::{Datelike, NaiveDate};
use parallax_model::{AnnotatedArticle, TimeValue};

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

/// Day number of a published date or date-time (`2024-11-27`, `2024-11-27T10:00:00Z`).
pub fn parse_day(s: &str) -> Option<i32> {
    let d = NaiveDate::parse_from_str(s.trim().get(..10)?, "%Y-%m-%d").ok()?;
    day_number(d.year(), d.month() as u8, d.day() as u8)
}

/// The date a time value names at `pos`: a date of a year, month or day, the day of a time
/// of day, the first day of a range (with its last day when the range stays in one month);
/// durations, weeks, sets and vague references name none.
pub fn point_of(value: &TimeValue, pos: usize) -> Option<DatePoint> {
    if let Some((a, b)) = value.range() {
        let mut first = point_of(a, pos)?;
        first.day_end = point_of(b, pos)
            .filter(|e| e.month == first.month && e.year == first.year)
            .and_then(|e| e.day);
        return Some(first);
    }
    let d = value.date()?;
    if d.year.is_none() && d.month.is_none() {
        return None;
    }
    Some(DatePoint {
        year: d.year,
        month: d.month,
        day: d.day.filter(|_| d.month.is_some()),
        day_end: None,
        pos,
    })
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

/// The dates an article reports: what its times refer to (`vor drei Tagen` → that day), in
/// text order, a year filled in from the publication date where the text gives none.
pub fn article_dates(article: &AnnotatedArticle, published: Option<i32>) -> Vec<DatePoint> {
    article
        .times
        .iter()
        .filter_map(|t| point_of(t.reference()?, t.span.start))
        .map(|p| resolve_year(p, published))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(v: &str) -> Option<String> {
        point_of(&TimeValue::parse(v), 0).map(|p| p.iso())
    }

    #[test]
    fn points_of_time_values() {
        assert_eq!(
            point("2024-11-27/2024-11-28").as_deref(),
            Some("2024-11-27/2024-11-28")
        );
        assert_eq!(point("XXXX-11-08").as_deref(), Some("XXXX-11-08"));
        assert_eq!(point("2023").as_deref(), Some("2023"));
        assert_eq!(point("2024-11").as_deref(), Some("2024-11"));
        assert_eq!(point("2002-02-27T09:00").as_deref(), Some("2002-02-27"));
        assert_eq!(point("2024-11-27TEV").as_deref(), Some("2024-11-27"));
        // a range over two months keeps its first day only
        assert_eq!(
            point("2024-11-30/2024-12-01").as_deref(),
            Some("2024-11-30")
        );
        for none in [
            "P2D",
            "PXY",
            "2014-W08-WE",
            "PRESENT_REF",
            "XXXX-WXX-1",
            "T09:00",
        ] {
            assert_eq!(point(none), None, "{none}");
        }
    }

    #[test]
    fn years_from_the_publication_date() {
        let pubd = parse_day("2024-01-10T09:00:00+01:00");
        let p = |v: &str| {
            point_of(&TimeValue::parse(v), 0)
                .map(|p| resolve_year(p, pubd).iso())
                .unwrap_or_default()
        };
        assert_eq!(p("XXXX-11-08"), "2023-11-08");
        assert_eq!(p("XXXX-01-08"), "2024-01-08");
        assert_eq!(p("2023-03"), "2023-03");
    }
}
