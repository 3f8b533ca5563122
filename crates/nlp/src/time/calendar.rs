//! Calendar arithmetic: holidays, shifts by a unit, ISO forms.

use chrono::{Datelike, Duration, NaiveDate};

use parallax_model::{CalendarDate, DurationUnit, TimeValue};

use super::expr::Unit;

/// The first Sunday of Advent: the fourth Sunday before Christmas (27 November … 3 December).
pub(super) fn first_advent(y: i32) -> Option<NaiveDate> {
    let xmas = NaiveDate::from_ymd_opt(y, 12, 25)?;
    let back = xmas.weekday().number_from_monday() % 7; // days since the Sunday before
    let fourth = if back == 0 { 28 } else { back as i64 + 21 };
    xmas.checked_sub_signed(Duration::try_days(fourth)?)
}

/// The `n`-th weekday `w` (1 = Monday) of month `m`.
pub(super) fn nth_weekday(y: i32, m: u32, n: u32, w: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let delta = (w + 7 - first.weekday().number_from_monday()) % 7;
    let d = 1 + delta + 7 * n.checked_sub(1)?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm).
pub(super) fn easter_sunday(y: i32) -> Option<NaiveDate> {
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

/// A calendar date value of a year, month or day (checked only for the day).
pub(super) fn date_value(y: Option<i32>, m: Option<u32>, d: Option<u32>) -> CalendarDate {
    CalendarDate {
        year: y,
        month: m.map(|m| m as u8),
        day: d.map(|d| d as u8),
    }
}

/// The calendar date of a day.
pub(super) fn day_value(d: NaiveDate) -> CalendarDate {
    date_value(Some(d.year()), Some(d.month()), Some(d.day()))
}

/// The day of a (day-precise) value, on its own or under a time of day.
pub(super) fn day_of(v: &TimeValue) -> Option<NaiveDate> {
    let (y, m, d) = v.day()?;
    NaiveDate::from_ymd_opt(y, m as u32, d as u32)
}

/// An ISO 8601 duration (`P2D`, `PT24H`, `P3.5Y`): centuries and decades in years, quarters
/// and half years in months, weekends in weeks.
pub(super) fn duration_value(n: f64, unit: Unit) -> TimeValue {
    let (amount, unit) = match unit {
        Unit::Century => (n * 100.0, DurationUnit::Year),
        Unit::Decade => (n * 10.0, DurationUnit::Year),
        Unit::Year => (n, DurationUnit::Year),
        Unit::HalfYear => (n * 6.0, DurationUnit::Month),
        Unit::Quarter => (n * 3.0, DurationUnit::Month),
        Unit::Month => (n, DurationUnit::Month),
        Unit::Week => (n, DurationUnit::Week),
        Unit::Weekend => (n, DurationUnit::Weekend),
        Unit::Day => (n, DurationUnit::Day),
        Unit::Hour => (n, DurationUnit::Hour),
        Unit::Minute => (n, DurationUnit::Minute),
        Unit::Second => (n, DurationUnit::Second),
    };
    TimeValue::Duration {
        amount: Some(amount),
        unit,
    }
}

/// A vague duration of a unit (`PXY`).
pub(super) fn vague_value(unit: Unit) -> TimeValue {
    let unit = match unit {
        Unit::Century | Unit::Decade | Unit::Year => DurationUnit::Year,
        Unit::HalfYear | Unit::Quarter | Unit::Month => DurationUnit::Month,
        Unit::Week | Unit::Weekend => DurationUnit::Week,
        Unit::Day => DurationUnit::Day,
        Unit::Hour => DurationUnit::Hour,
        Unit::Minute => DurationUnit::Minute,
        Unit::Second => DurationUnit::Second,
    };
    TimeValue::Duration { amount: None, unit }
}

/// The TIMEX3 string of a duration (`P2D`).
pub(super) fn duration(n: f64, unit: Unit) -> String {
    duration_value(n, unit).to_string()
}

pub(super) fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let total = y * 12 + (m as i32 - 1) + delta;
    (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32)
}

pub(super) fn shift_date(a: NaiveDate, n: f64, unit: Unit, sign: i32) -> Option<NaiveDate> {
    let k = (n.round() as i64) * sign as i64;
    Some(match unit {
        Unit::Day => a.checked_add_signed(Duration::try_days(k)?)?,
        Unit::Week | Unit::Weekend => a.checked_add_signed(Duration::try_weeks(k)?)?,
        Unit::Month | Unit::Quarter | Unit::HalfYear => {
            let months = match unit {
                Unit::Quarter => 3,
                Unit::HalfYear => 6,
                _ => 1,
            } * k;
            let (y, m) = add_months(a.year(), a.month(), months.clamp(-100_000, 100_000) as i32);
            let last = last_day(y, m);
            NaiveDate::from_ymd_opt(y, m, a.day().min(last))?
        }
        Unit::Year | Unit::Decade | Unit::Century => {
            let years = match unit {
                Unit::Decade => 10,
                Unit::Century => 100,
                _ => 1,
            } * k;
            let y = a.year().checked_add(years.clamp(-10_000, 10_000) as i32)?;
            NaiveDate::from_ymd_opt(y, a.month(), a.day().min(last_day(y, a.month())))?
        }
        Unit::Hour | Unit::Minute | Unit::Second => a,
    })
}

pub(super) fn last_day(y: i32, m: u32) -> u32 {
    let (ny, nm) = add_months(y, m, 1);
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(28)
}
