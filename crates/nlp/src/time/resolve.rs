//! From a parsed expression to its typed TIMEX3 value, against an anchor date (the published
//! date, else a date the text names), the day the text last spoke of, and the tense of the
//! clause the expression stands in.

use chrono::{Datelike, Duration, NaiveDate};
use parallax_model::{Anchor, CalendarDate, DayPart, TimeValue, YearPart};

use super::calendar::*;
use super::expr::{Expr, Unit};

/// Which way a clause looks: a weekday or a month without a year lies ahead in a clause of the
/// future (`am Samstag wird trainiert`), behind in one of the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tense {
    Past,
    Future,
    /// A present tense announcing a plan (`reist am Donnerstag`, `arrives on Thursday`): a
    /// weekday is the next one, today included; a month is read as in an unknown tense.
    Scheduled,
    #[default]
    Unknown,
}

/// What a value is resolved against.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// The anchor date and how it was found (the published date, else a date in the text).
    pub anchor: Option<(NaiveDate, Anchor)>,
    /// The day the text last spoke of (`am Freitag … Um 9 Uhr`), for times of day and days
    /// counted from it (`am Vortag`).
    pub day: Option<NaiveDate>,
    /// A year the text just spoke of (`im März 1992 … im April`), for months without a year.
    pub year: Option<i32>,
    /// The tense of the expression's clause.
    pub tense: Tense,
    /// A time of day without a day of its own stays without one (`jeweils 20 Uhr`; after
    /// several days).
    pub floating: bool,
}

impl Context {
    fn date(&self) -> Option<NaiveDate> {
        self.anchor.map(|(d, _)| d)
    }
    fn how(&self) -> Anchor {
        self.anchor.map(|(_, h)| h).unwrap_or(Anchor::Unresolved)
    }
    /// This context with `d` as anchor, found the same way.
    fn at(&self, d: NaiveDate) -> Context {
        Context {
            anchor: Some((d, self.how())),
            ..*self
        }
    }
}

/// `from/to` at the precision of the unit counted (`2023/2025`, `2024-01/2024-03`, days).
fn period(from: NaiveDate, to: NaiveDate, unit: Unit) -> TimeValue {
    let (a, b) = match unit {
        Unit::Year | Unit::Decade | Unit::Century => (
            CalendarDate::year(from.year()),
            CalendarDate::year(to.year()),
        ),
        Unit::Month | Unit::Quarter | Unit::HalfYear => (
            CalendarDate::month(Some(from.year()), from.month() as u8),
            CalendarDate::month(Some(to.year()), to.month() as u8),
        ),
        _ => (day_value(from), day_value(to)),
    };
    range(TimeValue::Date(a), TimeValue::Date(b))
}

fn range(a: TimeValue, b: TimeValue) -> TimeValue {
    TimeValue::Range(Box::new(a), Box::new(b))
}

fn day_part(code: &str) -> Option<DayPart> {
    DayPart::from_code(code)
}

/// The clock value `h:min:sec` on `date`.
fn clock(date: Option<CalendarDate>, h: u32, min: u32, sec: u32) -> TimeValue {
    TimeValue::Clock {
        date,
        hour: h as u8,
        minute: min as u8,
        second: (sec != 0).then_some(sec as u8),
    }
}

/// Resolved value of an expression and how it was anchored.
pub fn resolve(e: &Expr, cx: &Context) -> (Option<TimeValue>, Anchor) {
    let absolute = |v: TimeValue| (Some(v), Anchor::Absolute);
    match e {
        Expr::Date { y, m, d } => resolve_date(*y, *m, *d, cx),
        Expr::Duration { n, unit } => absolute(duration_value(*n, *unit)),
        Expr::Vague(unit) => absolute(vague_value(*unit)),
        Expr::Ref(r) => absolute(TimeValue::Reference(*r)),
        Expr::UntimedClock => (
            Some(TimeValue::Other("XXXX-XX-XXTXX:XX".to_string())),
            Anchor::Unresolved,
        ),
        Expr::Recurring(p) => absolute(TimeValue::parse(p)),
        Expr::Decade(d) => absolute(TimeValue::Decade(*d)),
        Expr::Century(c) => absolute(TimeValue::Century(*c)),
        Expr::Every { w, clock: c, part } => absolute(every(*w, *c, part.as_deref())),
        Expr::Season {
            y: Some(y), code, ..
        } => match YearPart::from_code(code) {
            Some(part) => absolute(TimeValue::PartOfYear {
                year: Some(*y),
                part,
            }),
            None => (None, Anchor::Unresolved),
        },
        Expr::DayPart { .. } | Expr::At { .. } | Expr::Clock { .. } => resolve_time_of_day(e, cx),
        Expr::DayBefore(day) => {
            let (v, how) = resolve(day, cx);
            match v.as_ref().and_then(day_of).and_then(|d| d.pred_opt()) {
                Some(d) => (Some(TimeValue::Date(day_value(d))), how),
                None => (None, Anchor::Unresolved),
            }
        }
        Expr::PartOfYear { n, unit, of } => resolve_part_of_year(*n, *unit, of.as_deref(), cx),
        Expr::DayOf { month, d } => {
            let (v, how) = resolve(month, cx);
            match v {
                Some(TimeValue::Date(CalendarDate {
                    year: Some(y),
                    month: Some(m),
                    day: None,
                })) => (
                    Some(TimeValue::Date(CalendarDate::day(Some(y), m, *d as u8))),
                    how,
                ),
                _ => (None, Anchor::Unresolved),
            }
        }
        Expr::Holiday { .. } => resolve_holiday(e, cx),
        Expr::Range(l, r) => resolve_range(l, r, cx),
        Expr::Open { until, inner } => resolve_open(*until, inner, cx),
        Expr::RefDay(off) => {
            let base = cx.day.or(cx.date());
            match base.and_then(|b| b.checked_add_signed(Duration::try_days(*off as i64)?)) {
                Some(d) => (Some(TimeValue::Date(day_value(d))), cx.how()),
                None => (None, Anchor::Unresolved),
            }
        }
        _ => match cx.date() {
            Some(a) => (resolve_relative(e, a, cx), cx.how()),
            // a weekday with no date to place it: that weekday of some week (`XXXX-WXX-3`)
            None => match e {
                Expr::Weekday(w) | Expr::RelWeekday { w, .. } => (
                    Some(TimeValue::Weekly {
                        weekday: *w as u8,
                        time: None,
                    }),
                    Anchor::Unresolved,
                ),
                _ => (None, Anchor::Unresolved),
            },
        },
    }
}

/// A (possibly partial) calendar date: a month without a year in the anchor's year (or an
/// earlier year the text just spoke of), the year before when the clause looks back (or,
/// with no tense, the month lies more than half a year ahead), the year after when it looks
/// ahead and the month has passed.
fn resolve_date(
    y: Option<i32>,
    m: Option<u32>,
    d: Option<u32>,
    cx: &Context,
) -> (Option<TimeValue>, Anchor) {
    if y.is_some() {
        return (Some(TimeValue::Date(date_value(y, m, d))), Anchor::Absolute);
    }
    let Some(a) = cx.date() else {
        return match m {
            Some(_) => (
                Some(TimeValue::Date(date_value(None, m, d))),
                Anchor::Unresolved,
            ),
            None => (None, Anchor::Unresolved),
        };
    };
    let m2 = m.unwrap_or(a.month());
    let (am, ay) = (a.month() as i32, a.year());
    let year = match (cx.year, cx.tense, m) {
        // a year the text just spoke of, before the anchor's (`im März 1992 … im April`)
        (Some(y), Tense::Past | Tense::Unknown | Tense::Scheduled, Some(_)) if y < ay => y,
        (_, Tense::Future, Some(_)) if m2 < a.month() => ay + 1,
        (_, Tense::Past, Some(_)) if m2 > a.month() => ay - 1,
        // no tense: this year's, unless that lies more than half a year ahead
        (_, Tense::Unknown | Tense::Scheduled, Some(_)) if m2 as i32 - am > 6 => ay - 1,
        // … and a day of next year's when the day lies less than three months ahead but
        // more than nine back (`lädt am 14. Jänner` in December)
        (_, Tense::Unknown | Tense::Scheduled, Some(_)) if d.is_some() && am - m2 as i32 > 9 => {
            ay + 1
        }
        _ => ay,
    };
    (
        Some(TimeValue::Date(date_value(Some(year), Some(m2), d))),
        cx.how(),
    )
}

/// A set: `XXXX-WXX-1` (Mondays), at a clock time or part of the day; a clock time alone
/// (`jeden Tag um 7 Uhr` → `T07:00`); every day (`P1D`).
fn every(w: Option<u32>, c: Option<(u32, u32)>, part: Option<&str>) -> TimeValue {
    let time = match (c, part.and_then(day_part)) {
        (Some((h, min)), _) => Some(parallax_model::DayTime::Clock {
            hour: h as u8,
            minute: min as u8,
            second: None,
        }),
        (None, Some(p)) => Some(parallax_model::DayTime::Part(p)),
        (None, None) => None,
    };
    match (w, c) {
        (Some(w), _) => TimeValue::Weekly {
            weekday: w as u8,
            time,
        },
        (None, Some((h, min))) => clock(None, h, min, 0),
        (None, None) => duration_value(1.0, Unit::Day),
    }
}

/// A time of day: a clock time or a part of the day, on its day (the day it names, else the
/// day the text last spoke of, else the anchor's day).
fn resolve_time_of_day(e: &Expr, cx: &Context) -> (Option<TimeValue>, Anchor) {
    let on = |day: Option<&Expr>| -> Result<(Option<CalendarDate>, Anchor), ()> {
        match day {
            Some(day) => {
                let (v, how) = resolve(day, cx);
                match v.filter(|v| v.range().is_none()).and_then(|v| v.date()) {
                    Some(d) => Ok((Some(d), how)),
                    None => Err(()),
                }
            }
            None => Ok(match (cx.day, cx.date()) {
                _ if cx.floating => (None, Anchor::Absolute),
                (Some(d), _) => (Some(day_value(d)), cx.how()),
                (None, Some(a)) => (Some(day_value(a)), cx.how()),
                (None, None) => (None, Anchor::Absolute),
            }),
        }
    };
    if let Some(v) = weekly_time(e, cx) {
        return (Some(v), Anchor::Unresolved);
    }
    let (date, how, v) = match e {
        Expr::DayPart { day, part } => match (on(day.as_deref()), day_part(part)) {
            (Ok((date, how)), Some(part)) => (date, how, TimeValue::DayPart { date, part }),
            _ => return (None, Anchor::Unresolved),
        },
        Expr::At { day, h, min, sec } => match on(Some(day)) {
            Ok((date, how)) => (date, how, clock(date, *h, *min, *sec)),
            Err(()) => return (None, Anchor::Unresolved),
        },
        Expr::Clock { h, min, sec } => match on(None) {
            Ok((date, how)) => (date, how, clock(date, *h, *min, *sec)),
            Err(()) => return (None, Anchor::Unresolved),
        },
        _ => return (None, Anchor::Unresolved),
    };
    let how = if date.is_none() {
        Anchor::Absolute
    } else {
        how
    };
    (Some(v), how)
}

/// A time of day on a weekday with no date to place it: `XXXX-WXX-2TEV` (`Dienstagabend`),
/// `XXXX-WXX-1T10:00`.
fn weekly_time(e: &Expr, cx: &Context) -> Option<TimeValue> {
    let (day, time) = match e {
        Expr::DayPart {
            day: Some(day),
            part,
        } => (day, parallax_model::DayTime::Part(day_part(part)?)),
        Expr::At { day, h, min, sec } => (
            day,
            parallax_model::DayTime::Clock {
                hour: *h as u8,
                minute: *min as u8,
                second: (*sec != 0).then_some(*sec as u8),
            },
        ),
        _ => return None,
    };
    match resolve(day, cx).0? {
        TimeValue::Weekly {
            weekday,
            time: None,
        } => Some(TimeValue::Weekly {
            weekday,
            time: Some(time),
        }),
        _ => None,
    }
}

/// `2023-Q3`, `2024-H1`: of a year-valued expression, else of the anchor's year.
fn resolve_part_of_year(
    n: u32,
    unit: Unit,
    of: Option<&Expr>,
    cx: &Context,
) -> (Option<TimeValue>, Anchor) {
    let part = if unit == Unit::Quarter {
        YearPart::Quarter(n as u8)
    } else {
        YearPart::Half(n as u8)
    };
    let (year, how) = match of {
        Some(of) => match resolve(of, cx) {
            (
                Some(TimeValue::Date(CalendarDate {
                    year: Some(y),
                    month: None,
                    day: None,
                })),
                how,
            ) => (Some(y), how),
            _ => (None, Anchor::Unresolved),
        },
        None => (cx.date().map(|a| a.year()), cx.how()),
    };
    match year {
        Some(y) => (
            Some(TimeValue::PartOfYear {
                year: Some(y),
                part,
            }),
            how,
        ),
        None => (None, Anchor::Unresolved),
    }
}

/// A holiday in its year (the one named, else the anchor's plus `yoff`).
fn resolve_holiday(e: &Expr, cx: &Context) -> (Option<TimeValue>, Anchor) {
    let Expr::Holiday {
        easter,
        m,
        d,
        y,
        yoff,
        advent,
        nth,
    } = e
    else {
        return (None, Anchor::Unresolved);
    };
    let year = y.or(cx.date().map(|a| a.year() + yoff));
    let date = match (easter, year) {
        (Some(off), Some(yr)) => if *advent {
            first_advent(yr)
        } else {
            easter_sunday(yr)
        }
        .and_then(|e| e.checked_add_signed(Duration::try_days(*off as i64)?)),
        (None, Some(yr)) => match nth {
            Some(n) => nth_weekday(yr, *m, *n, *d),
            None => NaiveDate::from_ymd_opt(yr, *m, *d),
        },
        (None, None) if nth.is_none() => {
            let v = CalendarDate::day(None, *m as u8, *d as u8);
            return (Some(TimeValue::Date(v)), Anchor::Unresolved);
        }
        _ => None,
    };
    let how = if y.is_some() {
        Anchor::Absolute
    } else {
        cx.how()
    };
    match date {
        Some(dt) => (Some(TimeValue::Date(day_value(dt))), how),
        None => (None, Anchor::Unresolved),
    }
}

/// A range; `von Montag bis Freitag`: the right weekday follows the left one.
fn resolve_range(l: &Expr, r: &Expr, cx: &Context) -> (Option<TimeValue>, Anchor) {
    let (lv, lh) = resolve(l, cx);
    let right_cx = match (weekday_of(l), weekday_of(r), lv.as_ref().and_then(day_of)) {
        (Some(w1), Some(w2), Some(d)) => d
            .checked_add_signed(Duration::try_days(((w2 + 7 - w1) % 7) as i64).unwrap_or_default())
            .map(|d| cx.at(d)),
        _ => None,
    };
    let (rv, rh) = resolve(r, &right_cx.unwrap_or(*cx));
    match (lv, rv) {
        (Some(lv), Some(rv)) => {
            let h = if lh == Anchor::Absolute && rh == Anchor::Absolute {
                Anchor::Absolute
            } else if lh == Anchor::Unresolved || rh == Anchor::Unresolved {
                Anchor::Unresolved
            } else {
                cx.how()
            };
            (Some(range(lv, rv)), h)
        }
        _ => (None, Anchor::Unresolved),
    }
}

/// `bis 2025`: from the anchor to then when that lies ahead, else open before; `seit 2015`:
/// from then to the anchor when that lies behind, else open after.
fn resolve_open(until: bool, inner: &Expr, cx: &Context) -> (Option<TimeValue>, Anchor) {
    let (v, h) = resolve(inner, cx);
    let Some(v) = v else {
        return (None, Anchor::Unresolved);
    };
    let anchor = cx.date().map(|a| TimeValue::Date(day_value(a)));
    let (vs, a_s) = (v.to_string(), anchor.as_ref().map(|a| a.to_string()));
    match (until, anchor, a_s) {
        (true, Some(a), Some(s)) if vs > s => (Some(range(a, v)), cx.how()),
        (true, _, _) => (Some(range(TimeValue::Open, v)), h),
        (false, Some(a), Some(s)) if vs < s => (Some(range(v, a)), cx.how()),
        (false, _, _) => (Some(range(v, TimeValue::Open)), h),
    }
}

/// The weekday a (plain) weekday expression names.
fn weekday_of(e: &Expr) -> Option<u32> {
    match e {
        Expr::Weekday(w) => Some(*w),
        Expr::At { day, .. } => weekday_of(day),
        Expr::DayPart { day: Some(day), .. } => weekday_of(day),
        _ => None,
    }
}

/// Seconds in a unit of the clock.
fn seconds(unit: Unit) -> f64 {
    match unit {
        Unit::Hour => 3600.0,
        Unit::Minute => 60.0,
        _ => 1.0,
    }
}

/// A weekday: the last one up to the anchor, the next one after it in a clause of the
/// future, or the next one from the anchor on in a clause announcing a plan.
fn resolve_weekday(w: u32, a: NaiveDate, tense: Tense) -> Option<NaiveDate> {
    let cur = a.weekday().number_from_monday();
    if matches!(tense, Tense::Future | Tense::Scheduled) {
        let ahead = (w + 7 - cur) % 7;
        let ahead = if ahead == 0 && tense == Tense::Future {
            7
        } else {
            ahead
        };
        return a.checked_add_signed(Duration::try_days(ahead as i64)?);
    }
    let back = (cur + 7 - w) % 7;
    a.checked_sub_signed(Duration::try_days(back as i64)?)
}

/// The value of a relative expression against the anchor `a`.
fn resolve_relative(e: &Expr, a: NaiveDate, cx: &Context) -> Option<TimeValue> {
    let day = |d: NaiveDate| TimeValue::Date(day_value(d));
    Some(match e {
        Expr::RelDay(off) => day(a.checked_add_signed(Duration::try_days(*off as i64)?)?),
        Expr::RelWeekday { w, offset } => {
            let monday = a - Duration::try_days(a.weekday().num_days_from_monday() as i64)?;
            day(monday + Duration::try_days(*offset as i64 * 7 + (*w as i64 - 1))?)
        }
        Expr::RelMonth { m, offset } => {
            TimeValue::Date(CalendarDate::month(Some(a.year() + offset), *m as u8))
        }
        Expr::NextN { n, unit } if matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) => {
            // `in den nächsten 24 Stunden`: the days from the anchor that the span covers
            let days = (seconds(*unit) * n / 86_400.0).floor();
            if !days.is_finite() || !(0.0..100_000.0).contains(&days) {
                return None;
            }
            range(
                day(a),
                day(a.checked_add_signed(Duration::try_days(days as i64)?)?),
            )
        }
        Expr::NextN { n, unit } => {
            let from = shift_date(a, 1.0, Unit::Day, 1)?;
            period(from, shift_date(from, *n, *unit, 1)?, *unit)
        }
        Expr::Weekday(w) => day(resolve_weekday(*w, a, cx.tense)?),
        Expr::ThatYear => TimeValue::Date(CalendarDate::year(
            cx.year
                .filter(|y| *y < a.year() && cx.tense != Tense::Future)
                .unwrap_or(a.year()),
        )),
        Expr::Rel { unit, offset } => resolve_rel(*unit, *offset, a, cx)?,
        Expr::Season {
            y: None,
            offset,
            code,
        } => TimeValue::PartOfYear {
            year: Some(a.year() + offset),
            part: YearPart::from_code(code)?,
        },
        Expr::FirstN { n, unit, of } => first_n(*n, *unit, of, &cx.at(a))?,
        Expr::LastN { n, unit } => period(shift_date(a, *n, *unit, -1)?, a, *unit),
        Expr::Shift { n, unit, sign }
            if matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) =>
        {
            // `in 5 Minuten`: from the anchor's midnight
            let secs = seconds(*unit) * n * *sign as f64;
            if !secs.is_finite() || secs.abs() > 1e10 {
                return None;
            }
            let t = a
                .and_hms_opt(0, 0, 0)?
                .checked_add_signed(Duration::try_seconds(secs.round() as i64)?)?;
            TimeValue::Clock {
                date: Some(day_value(t.date())),
                hour: t.hour() as u8,
                minute: t.minute() as u8,
                second: Some(t.second() as u8),
            }
        }
        Expr::Shift { n, unit, sign } => day(shift_date(a, *n, *unit, *sign)?),
        Expr::Part { of, .. } => resolve(of, &cx.at(a)).0?,
        _ => return None,
    })
}

use chrono::Timelike;

/// `im vergangenen Jahr`, `nächste Woche`, `am Wochenende` (the last one in a clause of the
/// past).
fn resolve_rel(unit: Unit, offset: i32, a: NaiveDate, cx: &Context) -> Option<TimeValue> {
    Some(match unit {
        Unit::Year => TimeValue::Date(CalendarDate::year(a.year() + offset)),
        Unit::Decade => TimeValue::Decade(a.year() / 10 + offset),
        Unit::Century => TimeValue::Century(a.year() / 100 + offset),
        Unit::Month => {
            let (y, m) = add_months(a.year(), a.month(), offset);
            TimeValue::Date(CalendarDate::month(Some(y), m as u8))
        }
        Unit::Quarter => {
            let total = a.year() * 4 + ((a.month() - 1) / 3) as i32 + offset;
            TimeValue::PartOfYear {
                year: Some(total.div_euclid(4)),
                part: YearPart::Quarter((total.rem_euclid(4) + 1) as u8),
            }
        }
        Unit::HalfYear => {
            let total = a.year() * 2 + ((a.month() - 1) / 6) as i32 + offset;
            TimeValue::PartOfYear {
                year: Some(total.div_euclid(2)),
                part: YearPart::Half((total.rem_euclid(2) + 1) as u8),
            }
        }
        Unit::Week | Unit::Weekend => {
            // a weekend spoken of in the past before this week's is the one before
            let before = unit == Unit::Weekend
                && offset == 0
                && cx.tense == Tense::Past
                && a.weekday().number_from_monday() < 6;
            let weeks = offset as i64 - i64::from(before);
            let w = a
                .checked_add_signed(Duration::try_weeks(weeks)?)?
                .iso_week();
            TimeValue::Week {
                year: w.year(),
                week: w.week() as u8,
                weekend: unit == Unit::Weekend,
            }
        }
        Unit::Day => TimeValue::Date(day_value(
            a.checked_add_signed(Duration::try_days(offset as i64)?)?,
        )),
        Unit::Hour | Unit::Minute | Unit::Second => return None,
    })
}

/// `in den ersten zehn Monaten des vergangenen Jahres` → `2023-01/2023-10`.
fn first_n(n: u32, unit: Unit, of: &Expr, cx: &Context) -> Option<TimeValue> {
    let v = resolve(of, cx).0?;
    let TimeValue::Date(CalendarDate {
        year: Some(y),
        month,
        day: None,
    }) = v
    else {
        return None;
    };
    let month_of = |m: u32| TimeValue::Date(CalendarDate::month(Some(y), m as u8));
    Some(match (unit, month) {
        (Unit::Month, None) if n <= 12 => range(month_of(1), month_of(n)),
        (Unit::Quarter, None) if n <= 4 => range(month_of(1), month_of(n * 3)),
        (Unit::Day, Some(m)) if n <= 31 => range(
            TimeValue::Date(CalendarDate::day(Some(y), m, 1)),
            TimeValue::Date(CalendarDate::day(Some(y), m, n as u8)),
        ),
        _ => return None,
    })
}
