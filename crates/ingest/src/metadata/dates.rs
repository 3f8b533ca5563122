//! Dates to ISO 8601: date lines in scraped text (`2024-12-01 10:05`, `1. Dezember 2024`,
//! `01.12.2024, 10:05 Uhr`, `December 1, 2024`) and date fields of pages, feeds and JSONL.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use regex::Regex;

fn re_iso() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?)?$")
            .expect("iso regex")
    })
}

fn re_dotted() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?:\s*[,|–-]?\s*(?:um\s+)?(\d{1,2})[:.](\d{2})(?:\s*uhr)?)?$")
            .expect("dotted regex")
    })
}

fn re_day_month() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:\p{L}+,?\s+)?(\d{1,2})\.?\s+(\p{L}+)\.?\s+(\d{4})(?:\s*[,|–-]?\s*(?:um\s+|at\s+)?(\d{1,2})[:.](\d{2})(?:\s*(?:uhr|h))?)?$")
            .expect("day month regex")
    })
}

fn re_month_day() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:\p{L}+,?\s+)?(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s*[,|–-]?\s*(?:at\s+)?(\d{1,2})[:.](\d{2})\s*(am|pm)?)?$")
            .expect("month day regex")
    })
}

fn fmt(y: i32, m: u32, d: u32, hm: Option<(u32, u32)>) -> Option<String> {
    NaiveDate::from_ymd_opt(y, m, d)?;
    if !(1900..=2200).contains(&y) {
        return None;
    }
    Some(match hm {
        Some((h, mi)) if h < 24 && mi < 60 => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}"),
        Some(_) => return None,
        None => format!("{y:04}-{m:02}-{d:02}"),
    })
}

fn num<T: std::str::FromStr>(c: &regex::Captures, i: usize) -> Option<T> {
    c.get(i)?.as_str().parse().ok()
}

fn hm(c: &regex::Captures, h: usize, m: usize) -> Option<(u32, u32)> {
    Some((num(c, h)?, num(c, m)?))
}

/// A text that is a date and nothing else, as ISO 8601 (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`).
pub fn parse_date(text: &str, months: &HashMap<String, u32>) -> Option<String> {
    // A time zone written after the time (`19:40 UTC`) does not change the local day shown.
    let t = text.trim();
    let t = ["UTC", "GMT"]
        .iter()
        .find_map(|z| {
            t.strip_suffix(z)
                .filter(|rest| rest.ends_with(char::is_whitespace))
        })
        .map_or(t, str::trim_end);
    if t.len() > 60 || t.is_empty() {
        return None;
    }
    if let Some(c) = re_iso().captures(t) {
        return fmt(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?, hm(&c, 4, 5));
    }
    if let Some(c) = re_dotted().captures(t) {
        return fmt(num(&c, 3)?, num(&c, 2)?, num(&c, 1)?, hm(&c, 4, 5));
    }
    if let Some(c) = re_day_month().captures(t) {
        let m = *months.get(&c.get(2)?.as_str().to_lowercase())?;
        return fmt(num(&c, 3)?, m, num(&c, 1)?, hm(&c, 4, 5));
    }
    if let Some(c) = re_month_day().captures(t) {
        let m = *months.get(&c.get(1)?.as_str().to_lowercase())?;
        let mut t = hm(&c, 4, 5);
        if let (Some((h, mi)), Some(ap)) = (t, c.get(6)) {
            let pm = ap.as_str().eq_ignore_ascii_case("pm");
            t = Some(((h % 12) + if pm { 12 } else { 0 }, mi));
        }
        return fmt(num(&c, 3)?, m, num(&c, 2)?, t);
    }
    None
}

/// A date field from page metadata, a feed or JSONL, normalised to ISO 8601
/// (keeping the offset of full timestamps), or `None` when it is not a date.
pub fn normalize_date(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(v) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(v) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(v, f) {
            return Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    parse_date(v, months_all())
}

/// Month names of every language file.
pub fn months_all() -> &'static HashMap<String, u32> {
    crate::clean::rules::all_months()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_date_lines() {
        let m = months_all();
        assert_eq!(
            parse_date("2024-12-01 10:05", m).as_deref(),
            Some("2024-12-01T10:05")
        );
        assert_eq!(
            parse_date("1. Dezember 2024", m).as_deref(),
            Some("2024-12-01")
        );
        assert_eq!(
            parse_date("01.12.2024, 10:05 Uhr", m).as_deref(),
            Some("2024-12-01T10:05")
        );
        assert_eq!(
            parse_date("December 1, 2024", m).as_deref(),
            Some("2024-12-01")
        );
        assert_eq!(
            parse_date("Montag, 2. Januar 2023", m).as_deref(),
            Some("2023-01-02")
        );
        assert_eq!(parse_date("2024-13-01", m), None);
        assert_eq!(parse_date("Am 8. November traf er ein", m), None);
        assert_eq!(
            normalize_date("Tue, 10 Jun 2003 04:00:00 GMT").as_deref(),
            Some("2003-06-10T04:00:00Z")
        );
        assert_eq!(
            normalize_date("2023-11-08T10:00:00+06:00").as_deref(),
            Some("2023-11-08T10:00:00+06:00")
        );
    }
}
