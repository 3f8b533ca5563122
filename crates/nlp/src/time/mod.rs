//! Dates and times, resolved against the article's date.
//!
//! Absolute dates (`27. November 2024`, `im Februar 2022`, `2023`, `27.11.2024`), ranges
//! (`vom 27. bis 28. November`, `zwischen 2015 und 2021`), relative expressions
//! (`am Mittwoch`, `im vergangenen Jahr`, `in den ersten zehn Monaten des vergangenen
//! Jahres`, `Anfang des Monats`, `bis 2025`) and durations (`zwei Tage` → `P2D`).
//! Values are ISO 8601 / TIMEX3 style. Relative expressions are resolved against the
//! published date, else against the latest complete date the text itself names, else
//! left [`Anchor::Unresolved`].
use chrono::{Datelike, Duration, NaiveDate};
use parallax_model::{Anchor, Span, TimeExpr, TimeType};

use crate::lang::Language;
use crate::quantity::lexer::{self, is_capitalised, lower, Kind, Piece};
use crate::quantity::lexicon::parse_digits;

pub mod lexicon;

pub use lexicon::DateLexicon;

/// What the time stage needs from a language: its date words.
pub trait TimeRules: Sync {
    /// The language's date lexicon (`data/lang/<code>/dates.tsv`).
    fn lexicon(&self) -> &DateLexicon;
    /// Month number of a (lower-case) month name or abbreviation.
    fn month(&self, lower: &str) -> Option<u32> {
        self.lexicon().month.get(lower).copied()
    }
    /// Weekday number (1 = Monday) of a (lower-case) weekday name.
    fn weekday(&self, lower: &str) -> Option<u32> {
        self.lexicon().weekday.get(lower).copied()
    }
    /// Suffixes of adjectives of duration after a number word (`zweitägig` → day).
    fn duration_adjective(&self, _lower: &str) -> Option<&'static str> {
        None
    }
}

/// Calendar unit of relative expressions and durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Century,
    Decade,
    Year,
    HalfYear,
    Quarter,
    Month,
    Week,
    Weekend,
    Day,
    Hour,
    Minute,
    Second,
}

impl Unit {
    fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "century" => Unit::Century,
            "decade" => Unit::Decade,
            "year" => Unit::Year,
            "halfyear" => Unit::HalfYear,
            "quarter" => Unit::Quarter,
            "month" => Unit::Month,
            "week" => Unit::Week,
            "weekend" => Unit::Weekend,
            "day" => Unit::Day,
            "hour" => Unit::Hour,
            "minute" => Unit::Minute,
            "second" => Unit::Second,
            _ => return None,
        })
    }
}

/// A parsed (not yet resolved) time expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A calendar date, possibly partial (`27. November`, `Februar 2022`, `2023`).
    Date {
        y: Option<i32>,
        m: Option<u32>,
        d: Option<u32>,
    },
    /// `im vergangenen Jahr` (offset -1, Year).
    Rel {
        unit: Unit,
        offset: i32,
    },
    /// `gestern`.
    RelDay(i32),
    /// `am Mittwoch`.
    Weekday(u32),
    /// `nächsten Montag` (offset in weeks).
    RelWeekday {
        w: u32,
        offset: i32,
    },
    /// `diesen September` (offset in years).
    RelMonth {
        m: u32,
        offset: i32,
    },
    /// `die nächsten 3 Tage`.
    NextN {
        n: f64,
        unit: Unit,
    },
    /// `in den ersten zehn Monaten des vergangenen Jahres`.
    FirstN {
        n: u32,
        unit: Unit,
        of: Box<Expr>,
    },
    /// `in den letzten 30 Jahren`.
    LastN {
        n: f64,
        unit: Unit,
    },
    /// `zwei Tage`.
    Duration {
        n: f64,
        unit: Unit,
    },
    /// `vor drei Tagen`, `drei Wochen später`.
    Shift {
        n: f64,
        unit: Unit,
        sign: i32,
    },
    /// `Anfang des Monats`.
    Part {
        part: String,
        of: Box<Expr>,
    },
    Range(Box<Expr>, Box<Expr>),
    /// `bis 2025` (until = true), `seit 2015` (until = false).
    Open {
        until: bool,
        inner: Box<Expr>,
    },
    /// `18:30 Uhr`, `8:00:31`.
    Clock {
        h: u32,
        min: u32,
        sec: u32,
    },
    /// `jetzt`: the present moment.
    Now,
    /// `Dienstagmorgen`, `heute Abend`, `am Morgen`: a part of a day (TIMEX3 MO, AF, EV, NI).
    DayPart {
        day: Option<Box<Expr>>,
        part: String,
    },
    /// `Dienstag 11:00 Uhr`, `am 14. Oktober um 8 Uhr`: a day with a clock time.
    At {
        day: Box<Expr>,
        h: u32,
        min: u32,
        sec: u32,
    },
    /// `jeden Montag um 4 Uhr`, `montags`, `jeden Tag um 19:13 Uhr` (a TIMEX3 set).
    Every {
        w: Option<u32>,
        clock: Option<(u32, u32)>,
    },
    /// `jährlich` (P1Y).
    Recurring(String),
    /// `Sommer 2022`, `diesen Winter`: a season (TIMEX3 `2022-SU`), `offset` years from the
    /// anchor's when `y` is unknown.
    Season {
        y: Option<i32>,
        offset: i32,
        code: String,
    },
    /// The day before a day (`Nacht zum Sonntag` is Saturday's night).
    DayBefore(Box<Expr>),
    /// `1990er Jahre`: a decade (TIMEX3 `199`).
    Decade(i32),
    /// `im dritten Quartal 2023` (`2023-Q3`), `im ersten Halbjahr` (`H1`): of a year-valued
    /// expression, else of the anchor's year.
    PartOfYear {
        n: u32,
        unit: Unit,
        of: Option<Box<Expr>>,
    },
    /// `nächsten Monat vom 4.`: day `d` of a month-valued expression.
    DayOf {
        month: Box<Expr>,
        d: u32,
    },
    /// `Ostern 2020`: a holiday, `easter` days after Easter Sunday or on a fixed day.
    Holiday {
        easter: Option<i32>,
        m: u32,
        d: u32,
        y: Option<i32>,
        /// Years from the anchor's year when `y` is unknown (`Ostern im nächsten Jahr`).
        yoff: i32,
        /// Counted from the first Sunday of Advent instead of Easter (`easter` holds the days).
        advent: bool,
        /// The `n`-th weekday `d` of month `m` (`Muttertag`: 2nd Sunday of May).
        nth: Option<u32>,
    },
}

impl Expr {
    /// A (possibly partial) calendar date.
    fn date(y: Option<i32>, m: Option<u32>, d: Option<u32>) -> Expr {
        Expr::Date { y, m, d }
    }
}

/// One parsed expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub span: Span,
    pub expr: Expr,
}

fn has(v: &[String], w: &str) -> bool {
    v.iter().any(|x| x == w)
}

fn unit_of(language: &Language, lw: &str) -> Option<Unit> {
    language
        .times
        .lexicon()
        .unit
        .get(lw)
        .and_then(|u| Unit::parse(u))
}

/// A clock time at `h:min` ending before `k`, with a part of the day after it
/// (`8 Uhr abends` → 20:00) taken in.
fn clock_tail(cx: &Cx, h: u32, min: u32, sec: u32, k: usize) -> (Expr, usize) {
    let lx = cx.language.times.lexicon();
    let c = Expr::Clock { h, min, sec };
    if cx.same_line(k) {
        if let Some(add) = lx.daypart.get(cx.l(k)) {
            let code = lx.daypart_code.get(cx.l(k)).map(String::as_str);
            return (day_part_shift(c, *add, code), k + 1);
        }
    }
    (c, k)
}

/// Move clock times of 1..11 o'clock by `add` hours (`abends` → +12); `12 Uhr abends`
/// (`nachts`) is midnight; `2 Uhr nachts` stays at night.
fn day_part_shift(e: Expr, add: u32, code: Option<&str>) -> Expr {
    let night = code == Some("NI");
    match e {
        Expr::Clock { h, min, sec } if (1..12).contains(&h) && !(night && h < 6) => Expr::Clock {
            h: h + add,
            min,
            sec,
        },
        Expr::Clock { h: 12, min, sec } if add == 12 && matches!(code, Some("EV" | "NI")) => {
            Expr::Clock { h: 0, min, sec }
        }
        Expr::Range(l, r) => Expr::Range(
            Box::new(day_part_shift(*l, add, code)),
            Box::new(day_part_shift(*r, add, code)),
        ),
        x => x,
    }
}

/// TIMEX3 clock value: `T08`, `T08:30`, `T08:00:31`.
fn fmt_clock(h: u32, min: u32, sec: u32) -> String {
    if sec != 0 {
        format!("T{h:02}:{min:02}:{sec:02}")
    } else if min != 0 {
        format!("T{h:02}:{min:02}")
    } else {
        format!("T{h:02}")
    }
}

fn is_clock(e: &Expr) -> bool {
    match e {
        Expr::Clock { .. } => true,
        Expr::Range(l, r) => is_clock(l) && is_clock(r),
        _ => false,
    }
}

struct Cx<'a> {
    language: &'a Language,
    text: &'a str,
    pieces: &'a [Piece],
    /// Lower-case text of every piece, computed once.
    low: Vec<String>,
}

impl<'a> Cx<'a> {
    fn t(&self, i: usize) -> &'a str {
        self.pieces.get(i).map(|p| p.text(self.text)).unwrap_or("")
    }
    fn l(&self, i: usize) -> &str {
        self.low.get(i).map(String::as_str).unwrap_or("")
    }
    fn kind(&self, i: usize) -> Option<Kind> {
        self.pieces.get(i).map(|p| p.kind)
    }
    /// Piece `i` continues the line (no line break before it).
    fn same_line(&self, i: usize) -> bool {
        self.pieces.get(i).is_some_and(|p| !p.newline_before)
    }
    fn adjacent(&self, i: usize) -> bool {
        i > 0 && i < self.pieces.len() && self.pieces[i - 1].end == self.pieces[i].start
    }
    /// `um`/`gegen` before a clock time.
    fn clock_prep(&self, i: usize) -> bool {
        has(&self.language.times.lexicon().clockprep, self.l(i))
    }
    fn is_det(&self, i: usize) -> bool {
        let l = self.l(i);
        has(&self.language.times.lexicon().det, l)
    }
    fn num(&self, i: usize) -> Option<f64> {
        match self.kind(i)? {
            Kind::Num => parse_digits(self.t(i), self.language.quantities.decimal_comma()),
            Kind::Word => self.language.quantities.lexicon().cardinal_word(self.l(i)),
            Kind::Punct => None,
        }
    }
    fn int(&self, i: usize) -> Option<u32> {
        if self.kind(i)? != Kind::Num {
            return None;
        }
        let t = self.t(i);
        if t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    }
    fn year(&self, i: usize) -> Option<i32> {
        let t = self.t(i);
        if self.kind(i)? == Kind::Num && t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = t.parse().ok()?;
            if (1000..=2200).contains(&y) && !self.followed_by_unit(i + 1) {
                return Some(y);
            }
        }
        None
    }
    /// A quantity unit follows (`2000 Euro`): then a four-digit number is no year.
    fn followed_by_unit(&self, i: usize) -> bool {
        if !self.same_line(i) {
            return false;
        }
        let l = self.l(i);
        let lx = self.language.quantities.lexicon();
        (lx.units.get(l).is_some_and(|u| u.kind != "time") || lx.scale.contains_key(l))
            && !self.is_det(i)
    }
    fn month(&self, i: usize) -> Option<u32> {
        if self.kind(i)? != Kind::Word {
            return None;
        }
        let l = self.l(i);
        let m = self.language.times.month(l)?;
        // short forms only with a dot or a number after them (`Jan.`, `Okt 2024`)
        if l.chars().count() <= 4 && !full_month_name(l) {
            let next = self.t(i + 1);
            if !(next == "." || self.kind(i + 1) == Some(Kind::Num)) {
                return None;
            }
        }
        // English `may` is a verb far more often: only with a day or year next to it
        if l == "may" && !is_capitalised(self.t(i)) {
            return None;
        }
        Some(m)
    }
    /// Day `27.` (digits + dot) or an ordinal word (`zweiten`): (day, next piece).
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        match self.kind(i)? {
            Kind::Num => {
                let d = self.int(i)?;
                if (1..=31).contains(&d) && self.t(i + 1) == "." && self.adjacent(i + 1) {
                    return Some((d, i + 2));
                }
                None
            }
            Kind::Word => {
                let v = self.language.quantities.lexicon().ordinal_word(self.l(i))?;
                ((1.0..=31.0).contains(&v) && v.fract() == 0.0).then_some((v as u32, i + 1))
            }
            Kind::Punct => None,
        }
    }
    fn skip_month_dot(&self, i: usize) -> usize {
        let prev = self.l(i.wrapping_sub(1));
        if self.t(i) == "."
            && self.adjacent(i)
            && prev.chars().count() <= 4
            && !full_month_name(prev)
        {
            i + 1
        } else {
            i
        }
    }
}

/// Pieces `words` start at piece `i` (on one line).
fn seq_at(cx: &Cx, i: usize, words: &[String]) -> bool {
    !words.is_empty()
        && (0..words.len()).all(|x| cx.l(i + x) == words[x] && (x == 0 || cx.same_line(i + x)))
}

/// A weekday compounded with a part of the day: `Dienstagmorgen(s)`, `samstagfrüh`,
/// `Dienstagspätabends`.
fn weekday_compound(cx: &Cx, l: &str) -> Option<(u32, String)> {
    let lx = cx.language.times.lexicon();
    // (cheap first: the word starts with a weekday name)
    if l.len() < 8 || !lx.openers.contains_key(lexicon::first3(l)) {
        return None;
    }
    lx.weekday.iter().find_map(|(name, w)| {
        let rest = l.strip_prefix(name.as_str()).filter(|r| !r.is_empty())?;
        let part = |r: &str| {
            lx.daynoun
                .get(r)
                .or_else(|| lx.daysuffix.get(r))
                .or_else(|| r.strip_suffix('s').and_then(|r| lx.daynoun.get(r)))
        };
        let p = part(rest).or_else(|| rest.strip_prefix('s').and_then(part))?;
        Some((*w, p.clone()))
    })
}

/// A date of three parts joined by `-` or `/` with a month name: `Sep-23-2020`,
/// `2020/Sep/23`, `23-2020-September`.
fn mixed_date(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    let sep = cx.t(i + 1);
    if !matches!(sep, "-" | "/") || cx.t(i + 3) != sep || !(1..=4).all(|x| cx.adjacent(i + x)) {
        return None;
    }
    let (mut y, mut m, mut d) = (None, None, None);
    for p in [i, i + 2, i + 4] {
        let t = cx.t(p);
        match cx.kind(p)? {
            Kind::Word => {
                let mo = cx.language.times.month(cx.l(p))?;
                if m.replace(mo).is_some() {
                    return None;
                }
            }
            Kind::Num if t.len() == 4 => {
                if y.replace(t.parse::<i32>().ok()?).is_some() {
                    return None;
                }
            }
            Kind::Num if t.len() <= 2 => {
                let v = cx.int(p).filter(|v| (1..=31).contains(v))?;
                if d.replace(v).is_some() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    let (y, m, d) = (y?, m?, d?);
    NaiveDate::from_ymd_opt(y, m, d)?;
    Some((Expr::date(Some(y), Some(m), Some(d)), i + 5))
}

/// A day and month both as ordinals after `am`, `den` or a weekday: `am siebten vierten`,
/// `Donnerstag 7. vierter 2016`, `am dritter/11.`.
fn ordinal_pair(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    let prev = cx.l(i.checked_sub(1)?);
    if !(has(&cx.language.times.lexicon().ordctx, prev)
        || prev == ","
        || cx.language.times.weekday(prev).is_some())
    {
        return None;
    }
    let (d, j) = cx.day(i)?;
    if !cx.same_line(j) {
        return None;
    }
    let num_month = |p: usize| {
        cx.int(p)
            .filter(|m| (1..=12).contains(m) && cx.t(p + 1) == "." && cx.adjacent(p + 1))
    };
    let (m, k) = if let Some(m) = num_month(j) {
        (m, j + 2)
    } else if cx.t(j) == "/" && cx.adjacent(j) && cx.adjacent(j + 1) {
        (num_month(j + 1)?, j + 3)
    } else if cx.kind(j) == Some(Kind::Word) {
        let v = cx.language.quantities.lexicon().ordinal_word(cx.l(j))?;
        if !(1.0..=12.0).contains(&v) || v.fract() != 0.0 {
            return None;
        }
        // `den dritten vierten Platz`: an ordinal before a noun is no month
        let next = cx.t(j + 1);
        if cx.kind(j + 1) == Some(Kind::Word) && is_capitalised(next) && cx.same_line(j + 1) {
            return None;
        }
        (v as u32, j + 1)
    } else {
        return None;
    };
    let y = cx.year(k).filter(|_| cx.same_line(k));
    Some((
        Expr::Date {
            y,
            m: Some(m),
            d: Some(d),
        },
        if y.is_some() { k + 1 } else { k },
    ))
}

/// Short month names that are no abbreviations (`März`, `Mai`): no dot belongs to them.
fn full_month_name(l: &str) -> bool {
    matches!(
        l,
        "märz" | "mai" | "juni" | "juli" | "june" | "july" | "may"
    )
}

/// A date written with digits at piece `i`: `27.11.2024`, `27.11.`, `2024-11-27`.
fn digit_date(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    let t = cx.t(i);
    if cx.kind(i)? != Kind::Num {
        return None;
    }
    if t.contains('.') {
        let g: Vec<&str> = t.split('.').collect();
        let num = |s: &str| s.parse::<u32>().ok();
        // `2015.5.13` (year first) and `05.2016` (month and year)
        if g.len() == 3 && g[0].len() == 4 && g[1].len() <= 2 && g[2].len() <= 2 {
            let (y, m, d) = (num(g[0])? as i32, num(g[1])?, num(g[2])?);
            NaiveDate::from_ymd_opt(y, m, d)?;
            return Some((Expr::date(Some(y), Some(m), Some(d)), i + 1));
        }
        if g.len() == 2 && g[0].len() <= 2 && g[1].len() == 4 {
            let (m, y) = (num(g[0])?, num(g[1])? as i32);
            if (1..=12).contains(&m) && (1900..=2100).contains(&y) {
                return Some((Expr::date(Some(y), Some(m), None), i + 1));
            }
        }
        if g.len() == 3
            && g[0].len() <= 2
            && g[1].len() <= 2
            && (g[2].len() == 4 || g[2].len() == 2)
        {
            let (d, m, y) = (num(g[0])?, num(g[1])?, num(g[2])? as i32);
            let y = if g[2].len() == 2 {
                if y < 50 {
                    2000 + y
                } else {
                    1900 + y
                }
            } else {
                y
            };
            if (1..=31).contains(&d) && (1..=12).contains(&m) {
                return Some((Expr::date(Some(y), Some(m), Some(d)), i + 1));
            }
        }
        if g.len() == 2
            && g[0].len() <= 2
            && g[1].len() <= 2
            && cx.t(i + 1) == "."
            && cx.adjacent(i + 1)
        {
            let (d, m) = (num(g[0])?, num(g[1])?);
            if (1..=31).contains(&d) && (1..=12).contains(&m) {
                // `22.04.2022` written with a space before the year is rare; accept `27.11. 2024`
                if let Some(y) = cx.year(i + 2).filter(|_| cx.same_line(i + 2)) {
                    return Some((Expr::date(Some(y), Some(m), Some(d)), i + 3));
                }
                return Some((Expr::date(None, Some(m), Some(d)), i + 2));
            }
        }
        return None;
    }
    // month and year: `05/2016`, `05-2016`, `2016/05`, `2016-05`; year first: `2015/08/12`
    let sep = cx.t(i + 1);
    if matches!(sep, "/" | "-") && cx.adjacent(i + 1) && cx.adjacent(i + 2) {
        let t2 = cx.t(i + 2);
        let more = cx.t(i + 3) == sep && cx.adjacent(i + 3) && cx.kind(i + 4) == Some(Kind::Num);
        if t.len() == 4 && t2.len() == 2 && more && sep == "/" {
            let (y, m, d) = (cx.int(i)? as i32, cx.int(i + 2)?, cx.int(i + 4)?);
            if cx.t(i + 4).len() <= 2 && NaiveDate::from_ymd_opt(y, m, d).is_some() {
                return Some((Expr::date(Some(y), Some(m), Some(d)), i + 5));
            }
        }
        // `2023/24`, `2011/12`: a season of two years (before a month reading)
        if t.len() == 4 && t2.len() == 2 && sep == "/" && !more {
            if let (Some(y), Some(n)) = (cx.year(i), cx.int(i + 2)) {
                if (y + 1).rem_euclid(100) == n as i32 {
                    let year = |y| Expr::Date {
                        y: Some(y),
                        m: None,
                        d: None,
                    };
                    return Some((Expr::Range(Box::new(year(y)), Box::new(year(y + 1))), i + 3));
                }
            }
        }
        let month_year = match (t.len(), t2.len()) {
            _ if more || cx.kind(i + 2) != Some(Kind::Num) => None,
            // `2010-12` may be a range of years: a hyphen only with `2016-05`
            (4, 2) if sep == "/" || t2.starts_with('0') => Some((cx.int(i)?, cx.int(i + 2)?)),
            (1 | 2, 4) => Some((cx.int(i + 2)?, cx.int(i)?)),
            _ => None,
        };
        if let Some((y, m)) = month_year {
            if (1..=12).contains(&m) && (1900..=2100).contains(&y) {
                return Some((Expr::date(Some(y as i32), Some(m), None), i + 3));
            }
        }
    }
    // slashed day/month[/year]: `21/04/2016`, `29/2`
    if cx.t(i + 1) == "/" && cx.adjacent(i + 1) && cx.adjacent(i + 2) {
        if let (Some(d), Some(m)) = (cx.int(i), cx.int(i + 2)) {
            if (1..=31).contains(&d) && (1..=12).contains(&m) && t.len() <= 2 {
                if cx.t(i + 3) == "/" && cx.adjacent(i + 3) && cx.adjacent(i + 4) {
                    let yt = cx.t(i + 4);
                    if let Some(y) = cx.int(i + 4).filter(|_| yt.len() == 4 || yt.len() == 2) {
                        let y = if yt.len() == 2 {
                            2000 + y as i32
                        } else {
                            y as i32
                        };
                        return Some((Expr::date(Some(y), Some(m), Some(d)), i + 5));
                    }
                    return None;
                }
                return Some((Expr::date(None, Some(m), Some(d)), i + 3));
            }
        }
    }
    // ISO 2024-11-27
    if t.len() == 4
        && cx.t(i + 1) == "-"
        && cx.adjacent(i + 1)
        && cx.adjacent(i + 2)
        && cx.t(i + 3) == "-"
        && cx.adjacent(i + 3)
        && cx.adjacent(i + 4)
    {
        let y: i32 = t.parse().ok()?;
        let m = cx.int(i + 2)?;
        let d = cx.int(i + 4)?;
        if (1..=12).contains(&m)
            && (1..=31).contains(&d)
            && NaiveDate::from_ymd_opt(y, m, d).is_some()
        {
            return Some((Expr::date(Some(y), Some(m), Some(d)), i + 5));
        }
    }
    // `27. 11.` (day and month numbers with dots)
    if let Some((d, j)) = cx.day(i) {
        if let Some(m) = cx.int(j).filter(|m| (1..=12).contains(m)) {
            if cx.t(j + 1) == "." && cx.adjacent(j + 1) && cx.same_line(j) {
                let y = cx.year(j + 2).filter(|_| cx.same_line(j + 2));
                return Some((
                    Expr::Date {
                        y,
                        m: Some(m),
                        d: Some(d),
                    },
                    if y.is_some() { j + 3 } else { j + 2 },
                ));
            }
        }
    }
    None
}

/// Month [year] at piece `i`: (month, year, next).
fn month_year(cx: &Cx, i: usize) -> Option<(u32, Option<i32>, usize)> {
    let m = cx.month(i)?;
    let j = cx.skip_month_dot(i + 1);
    if cx.same_line(j) {
        if let Some(y) = cx.year(j) {
            return Some((m, Some(y), j + 1));
        }
    }
    Some((m, None, j))
}

/// The core of a date expression (without prepositions) at piece `i`.
fn core(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    core_d(cx, i, 0)
}

fn core_d(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    if depth > 3 {
        return None;
    }
    let lx = cx.language.times.lexicon();
    if let Some(r) = mixed_date(cx, i) {
        return Some(r);
    }
    if let Some(r) = digit_date(cx, i) {
        return Some(r);
    }
    if let Some(r) = ordinal_pair(cx, i) {
        return Some(r);
    }
    // decades: `1990er Jahre`, `1990er-Jahren` (TIMEX3 `199`)
    if let Some(y) = cx
        .year(i)
        .filter(|_| cx.adjacent(i + 1) && cx.l(i + 1).starts_with("er"))
    {
        if y % 10 == 0 {
            let tail = cx.l(i + 1);
            let mut k = i + 2;
            if tail.len() <= 3
                && unit_of(cx.language, cx.l(k)) == Some(Unit::Year)
                && cx.same_line(k)
            {
                k += 1; // `1990er Jahre`
            }
            return Some((Expr::Decade(y / 10), k));
        }
    }
    // `im dritten Quartal 2023`, `im ersten Halbjahr (des vergangenen Jahres)`
    if let Some((n, j)) = cx.day(i) {
        let u =
            unit_of(cx.language, cx.l(j)).filter(|_| cx.same_line(j) && !has(&lx.plural, cx.l(j)));
        if let Some(u @ (Unit::Quarter | Unit::HalfYear)) = u {
            let max = if u == Unit::Quarter { 4 } else { 2 };
            if (1..=max).contains(&n) {
                let mut k = j + 1;
                let mut of = None;
                if let Some(y) = cx.year(k).filter(|_| cx.same_line(k)) {
                    of = Some(Expr::date(Some(y), None, None));
                    k += 1;
                } else if cx.is_det(k) && cx.same_line(k) {
                    if let Some((e, k2)) = core_d(cx, k + 1, depth + 1) {
                        if matches!(
                            e,
                            Expr::Date {
                                y: Some(_),
                                m: None,
                                ..
                            } | Expr::Rel {
                                unit: Unit::Year,
                                ..
                            }
                        ) {
                            of = Some(e);
                            k = k2;
                        }
                    }
                }
                return Some((
                    Expr::PartOfYear {
                        n,
                        unit: u,
                        of: of.map(Box::new),
                    },
                    k,
                ));
            }
        }
    }
    // day + month name [+ year]: `27. November 2024`, `zweiten Mai`
    if let Some((d, j)) = cx.day(i) {
        // counted holidays: `2. Advent`, `vierten Advent`
        if cx.same_line(j) {
            if let Some((_, base, step)) = lx.ordholiday.iter().find(|(w, _, _)| w == cx.l(j)) {
                if (1..=4).contains(&d) {
                    if let Some(h) = holiday(
                        cx,
                        base,
                        (d as i64 - 1).saturating_mul(*step) as i32,
                        j + 1,
                        depth,
                    ) {
                        return Some(h);
                    }
                }
            }
        }
        let j2 = if cx.l(j) == "of" { j + 1 } else { j };
        if cx.same_line(j2) {
            if let Some((m, y, k)) = month_year(cx, j2) {
                return Some((
                    Expr::Date {
                        y,
                        m: Some(m),
                        d: Some(d),
                    },
                    k,
                ));
            }
        }
        // a bare day in a range: `vom 27. bis 28. November`
        if cx.kind(i) == Some(Kind::Num)
            && lx
                .link
                .iter()
                .any(|(w, _)| (0..w.len()).all(|k| cx.l(j + k) == w[k]))
        {
            return Some((Expr::date(None, None, Some(d)), j));
        }
    }
    // English `November 27, 2024`
    if let Some(m) = cx.month(i) {
        let j = cx.skip_month_dot(i + 1);
        if let Some(d) = cx
            .int(j)
            .filter(|d| (1..=31).contains(d) && !cx.language.quantities.decimal_comma())
        {
            let mut k = j + 1;
            if cx.t(k) == "," {
                k += 1;
            }
            let y = cx.year(k);
            return Some((
                Expr::Date {
                    y,
                    m: Some(m),
                    d: Some(d),
                },
                if y.is_some() { k + 1 } else { j + 1 },
            ));
        }
        let (m, y, k) = month_year(cx, i)?;
        return Some((
            Expr::Date {
                y,
                m: Some(m),
                d: None,
            },
            k,
        ));
    }
    let l = cx.l(i);
    // `(im) Monat Januar`
    if unit_of(cx.language, l) == Some(Unit::Month) && !has(&lx.plural, l) && cx.same_line(i + 1) {
        if let Some((m, y, k)) = month_year(cx, i + 1) {
            return Some((
                Expr::Date {
                    y,
                    m: Some(m),
                    d: None,
                },
                k,
            ));
        }
    }
    // seasons: `Sommer 2022`, `im Winter`
    if let Some(code) = lx.season.get(l) {
        let y = cx.year(i + 1).filter(|_| cx.same_line(i + 1));
        let with_prep = i > 0 && lx.prep.get(cx.l(i - 1)).map(String::as_str) == Some("in");
        if y.is_some() || with_prep {
            return Some((
                Expr::Season {
                    y,
                    offset: 0,
                    code: code.clone(),
                },
                if y.is_some() { i + 2 } else { i + 1 },
            ));
        }
    }
    // `Jahr 2023`, `Jahres 2024`
    if unit_of(cx.language, l) == Some(Unit::Year) {
        if let Some(y) = cx.year(i + 1) {
            return Some((Expr::date(Some(y), None, None), i + 2));
        }
    }
    if let Some(y) = cx.year(i) {
        // not a clock time `2023:`; not part of a longer number
        return Some((Expr::date(Some(y), None, None), i + 1));
    }
    // weekday [, den 27. November]; an abbreviated one only before a date (`So 27.02.2022`)
    let abbr = lx.weekday_abbr.get(l).copied();
    if let Some(w) = cx.language.times.weekday(l).or(abbr) {
        let mut j = i + 1;
        if cx.t(j) == "," {
            j += 1;
        }
        if cx.is_det(j) {
            j += 1;
        }
        if let Some((e, k)) = core_d(cx, j, depth + 1).filter(|(e, _)| {
            matches!(
                e,
                Expr::Date {
                    d: Some(_),
                    m: Some(_),
                    ..
                }
            )
        }) {
            return Some((e, k));
        }
        if abbr.is_some() && cx.language.times.weekday(l).is_none() {
            return None;
        }
        // `Dienstag, der 25.`: a day of the anchor's month
        if j > i + 1 && cx.kind(j) == Some(Kind::Num) && cx.same_line(j) {
            if let Some((d, k)) = cx.day(j) {
                if cx.month(k).is_none() {
                    return Some((Expr::date(None, None, Some(d)), k));
                }
            }
        }
        return Some((Expr::Weekday(w), i + 1));
    }
    // `am Wochenende`: this week's weekend
    if unit_of(cx.language, l) == Some(Unit::Weekend)
        && i > 0
        && matches!(cx.l(i - 1), "am" | "dem" | "this")
    {
        return Some((
            Expr::Rel {
                unit: Unit::Weekend,
                offset: 0,
            },
            i + 1,
        ));
    }
    let opener = lx.openers.contains_key(lexicon::first3(l));
    if let Some(words) = lx.now_phrase.iter().find(|w| opener && seq_at(cx, i, w)) {
        return Some((Expr::Now, i + words.len()));
    }
    // fixed phrases: `unter der Woche`
    for (words, unit, off) in if opener { &lx.relphrase[..] } else { &[] } {
        if let (true, Some(u)) = (seq_at(cx, i, words), Unit::parse(unit)) {
            return Some((
                Expr::Rel {
                    unit: u,
                    offset: *off,
                },
                i + words.len(),
            ));
        }
    }
    if let Some(h) = lx.clockword.get(l) {
        return Some((
            Expr::Clock {
                h: *h,
                min: 0,
                sec: 0,
            },
            i + 1,
        ));
    }
    // `18.12 Uhr` as one piece
    if cx.kind(i) == Some(Kind::Num) && cx.l(i + 1) == "uhr" {
        if let Some((hs, ms)) = cx.t(i).split_once('.') {
            if let (Ok(h), Ok(mi)) = (hs.parse::<u32>(), ms.parse::<u32>()) {
                if h < 24 && mi < 60 && hs.len() <= 2 && ms.len() == 2 {
                    return Some(clock_tail(cx, h, mi, 0, i + 2));
                }
            }
        }
    }
    // `18.12 Uhr` (pieces 18 . 12 Uhr): hours and minutes split by a dot
    if cx.kind(i) == Some(Kind::Num)
        && cx.t(i + 1) == "."
        && cx.adjacent(i + 1)
        && cx.adjacent(i + 2)
        && cx.l(i + 3) == "uhr"
        && cx.t(i + 2).len() == 2
    {
        if let (Some(h), Some(mi)) = (cx.int(i), cx.int(i + 2)) {
            if h < 24 && mi < 60 {
                return Some(clock_tail(cx, h, mi, 0, i + 4));
            }
        }
    }
    if let Some(p) = lx.recurring.get(l) {
        return Some((Expr::Recurring(p.clone()), i + 1));
    }
    // recurring weekdays and days: `jeden Montag (um 4 Uhr)`, `montags`, `jeden Tag um 7 Uhr`
    let plural_weekday = l
        .strip_suffix('s')
        .filter(|w| w.chars().count() >= 5)
        .and_then(|w| cx.language.times.weekday(w));
    let plural_next = cx
        .l(i + 1)
        .strip_suffix('s')
        .filter(|w| w.chars().count() >= 5)
        .and_then(|w| cx.language.times.weekday(w));
    let every = if let Some(w) = plural_weekday {
        Some((Some(w), i + 1))
    } else if has(&lx.every, l) && cx.same_line(i + 1) {
        if let Some(w) = cx.language.times.weekday(cx.l(i + 1)).or(plural_next) {
            // `jeden Montag`, `immer montags`
            Some((Some(w), i + 2))
        } else if unit_of(cx.language, cx.l(i + 1)) == Some(Unit::Day) {
            Some((None, i + 2))
        } else if lx.daynoun.contains_key(cx.l(i + 1)) && cx.clock_prep(i + 2) {
            // `jeden Abend um 19:13 Uhr` (only with its clock time)
            Some((None, i + 2))
        } else {
            None
        }
    } else {
        None
    };
    if let Some((w, k)) = every {
        if lx.prep.get(cx.l(k)).map(String::as_str) == Some("at") || cx.clock_prep(k) {
            if let Some((Expr::Clock { h, min, .. }, k2)) = core_d(cx, k + 1, depth + 1) {
                return Some((
                    Expr::Every {
                        w,
                        clock: Some((h, min)),
                    },
                    k2,
                ));
            }
        }
        if w.is_some() || !lx.daynoun.contains_key(cx.l(i + 1)) {
            return Some((Expr::Every { w, clock: None }, k));
        }
    }
    // `jeden Monat`, `jedes Jahr`, `jede Woche`: a set with its period
    if has(&lx.every, l) && cx.same_line(i + 1) && !has(&lx.plural, cx.l(i + 1)) {
        if let Some(u) = unit_of(cx.language, cx.l(i + 1)).filter(|u| *u != Unit::Weekend) {
            return Some((Expr::Recurring(duration(1.0, u)), i + 2));
        }
    }
    // holidays: `Weihnachten`, `Tag der Arbeit`, `Ostermontag 2017`
    for (words, value) in if opener { &lx.holiday[..] } else { &[] } {
        if !(0..words.len()).all(|x| cx.l(i + x) == words[x] && (x == 0 || cx.same_line(i + x))) {
            continue;
        }
        if let Some(h) = holiday(cx, value, 0, i + words.len(), depth) {
            return Some(h);
        }
    }
    // clock fractions: `halb 8` (7:30), `viertel 8` (7:15), `Viertel nach/vor 8`
    if let Some(frac) = lx.clock_frac.get(l) {
        let side = lx.clock_side.get(cx.l(i + 1)).filter(|_| *frac == 15);
        let j = if side.is_some() { i + 2 } else { i + 1 };
        let hour = cx
            .num(j)
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 24.0 && cx.same_line(j))
            .map(|n| n as u32)
            .filter(|_| unit_of(cx.language, cx.l(j + 1)).is_none());
        if let Some(h) = hour {
            let (h, min) = match side {
                Some(1) => (h, 15),
                Some(_) => ((h + 23) % 24, 45),
                None => ((h + 23) % 24, *frac),
            };
            let k = if cx.l(j + 1) == "uhr" { j + 2 } else { j + 1 };
            return Some(clock_tail(cx, h, min, 0, k));
        }
    }
    // a part of the day after `guten`/`gute` is a greeting
    let greeting = i > 0 && has(&lx.greeting, cx.l(i - 1));
    // `am Morgen`: after `am` the word is the noun, not `morgen` (tomorrow)
    let after_at = i > 0 && lx.prep.get(cx.l(i - 1)).map(String::as_str) == Some("at");
    // deictic: heute, gestern, morgen (lower case: `Morgen` is the morning, but
    // `Morgen Abend`, `Morgen früh` at a sentence start are tomorrow's)
    if let Some(off) = lx.deictic.get(l) {
        let part_next = cx.same_line(i + 1)
            && (lx.daynoun.contains_key(cx.l(i + 1)) || lx.daysuffix.contains_key(cx.l(i + 1)));
        if (*off != 1
            || !is_capitalised(cx.t(i))
            || !cx.language.quantities.capitalised_nouns()
            || part_next)
            && !(after_at && lx.daynoun.contains_key(l))
        {
            return Some((Expr::RelDay(*off), i + 1));
        }
    }
    // parts of the day: `Abend`, `abends`, `Dienstagmorgen(s)`, `samstagfrüh`
    if let Some(part) = lx.daynoun.get(l).or_else(|| lx.daypart_code.get(l)) {
        if greeting {
            return None;
        }
        // `in der Nacht zum Sonntag`: the night before that day
        if part == "NI" && has(&lx.nightlink, cx.l(i + 1)) && cx.same_line(i + 2) {
            if let Some((day, k)) = core_d(cx, i + 2, depth + 1).filter(|(d, _)| day_like(d)) {
                return Some((
                    Expr::DayPart {
                        day: Some(Box::new(Expr::DayBefore(Box::new(day)))),
                        part: part.clone(),
                    },
                    k,
                ));
            }
        }
        return Some((
            Expr::DayPart {
                day: None,
                part: part.clone(),
            },
            i + 1,
        ));
    }
    if let Some((w, part)) = weekday_compound(cx, l) {
        return Some((
            Expr::DayPart {
                day: Some(Box::new(Expr::Weekday(w))),
                part,
            },
            i + 1,
        ));
    }
    // `alle zwei Tage`: a repetition (P2D)
    if has(&lx.every_n, l) {
        if let Some((Expr::Duration { n, unit }, k)) = core_d(cx, i + 1, depth + 1) {
            return Some((Expr::Recurring(duration(n, unit)), k));
        }
    }
    // `den ganzen Tag`: a duration of one unit
    if has(&lx.whole, l) {
        if let Some(u) = unit_of(cx.language, cx.l(i + 1)).filter(|_| !has(&lx.plural, cx.l(i + 1)))
        {
            if u != Unit::Weekend {
                return Some((Expr::Duration { n: 1.0, unit: u }, i + 2));
            }
        }
    }
    // `(eine) halbe Stunde`, `(eine) Viertelstunde`
    let frac_next = lx.fraction.contains_key(cx.l(i + 1)) || lx.fracunit.contains_key(cx.l(i + 1));
    let one = frac_next && cx.kind(i) == Some(Kind::Word) && cx.num(i) == Some(1.0);
    let f0 = if one { i + 1 } else { i };
    if cx.same_line(f0) {
        if let (Some(v), Some(u)) = (
            lx.fraction.get(cx.l(f0)),
            unit_of(cx.language, cx.l(f0 + 1)).filter(|_| cx.same_line(f0 + 1)),
        ) {
            return Some((Expr::Duration { n: *v, unit: u }, f0 + 2));
        }
        if let Some((v, u)) = lx.fracunit.get(cx.l(f0)) {
            if let Some(u) = Unit::parse(u) {
                return Some((Expr::Duration { n: *v, unit: u }, f0 + 1));
            }
        }
    }
    // `das Jahr`, `des Jahres`: the current year
    if has(&lx.curdet, l)
        && unit_of(cx.language, cx.l(i + 1)) == Some(Unit::Year)
        && !has(&lx.plural, cx.l(i + 1))
        && cx.same_line(i + 1)
        && cx.year(i + 2).is_none()
        && cx.num(i + 2).is_none()
    {
        return Some((
            Expr::Rel {
                unit: Unit::Year,
                offset: 0,
            },
            i + 2,
        ));
    }
    // relative adjective + unit: `vergangenen Jahr(es)`, `nächste Woche`, `diesem Jahr`
    if let Some(off) = lx.relative(l) {
        let next = cx.l(i + 1);
        if let Some(w) = cx.language.times.weekday(next) {
            return Some((Expr::RelWeekday { w, offset: off }, i + 2));
        }
        // `diesen Sommer`, `letzten Winter`
        if let Some(code) = lx.season.get(next).filter(|_| cx.same_line(i + 1)) {
            return Some((
                Expr::Season {
                    y: None,
                    offset: off,
                    code: code.clone(),
                },
                i + 2,
            ));
        }
        // `nächstes Jahr im Dezember`, `letztes Jahr im Sommer`
        if unit_of(cx.language, next) == Some(Unit::Year)
            && !has(&lx.plural, next)
            && lx.prep.get(cx.l(i + 2)).map(String::as_str) == Some("in")
            && cx.same_line(i + 3)
        {
            if let Some(m) = cx.month(i + 3).filter(|_| cx.year(i + 4).is_none()) {
                return Some((Expr::RelMonth { m, offset: off }, i + 4));
            }
            if let Some(code) = lx.season.get(cx.l(i + 3)) {
                return Some((
                    Expr::Season {
                        y: None,
                        offset: off,
                        code: code.clone(),
                    },
                    i + 4,
                ));
            }
        }
        // `dieser Abend`, `nächsten Montagnachmittag`
        if let Some(part) = lx.daynoun.get(next).filter(|_| cx.same_line(i + 1)) {
            return Some((
                Expr::DayPart {
                    day: Some(Box::new(Expr::RelDay(off))),
                    part: part.clone(),
                },
                i + 2,
            ));
        }
        if let Some((w, part)) = weekday_compound(cx, next).filter(|_| cx.same_line(i + 1)) {
            return Some((
                Expr::DayPart {
                    day: Some(Box::new(Expr::RelWeekday { w, offset: off })),
                    part,
                },
                i + 2,
            ));
        }
        // `nächste Woche Montag`, `übernächsten Woche am Donnerstag`
        if unit_of(cx.language, next) == Some(Unit::Week) && !has(&lx.plural, next) {
            let wd = if cx.l(i + 2) == "am" { i + 3 } else { i + 2 };
            if let Some(w) = cx
                .language
                .times
                .weekday(cx.l(wd))
                .filter(|_| cx.same_line(wd))
            {
                return Some((Expr::RelWeekday { w, offset: off }, wd + 1));
            }
        }

        if let Some(m) = cx.month(i + 1) {
            if cx.year(i + 2).is_none() {
                return Some((Expr::RelMonth { m, offset: off }, i + 2));
            }
        }
        // `die nächsten 3 Tage`, `die nächsten beiden Tage`
        if off > 0 {
            let n = cx
                .num(i + 1)
                .or_else(|| matches!(next, "beiden" | "beide" | "two").then_some(2.0));
            if let (Some(n), Some(u)) = (n, unit_of(cx.language, cx.l(i + 2))) {
                if (1.0..10_000.0).contains(&n) {
                    return Some((Expr::NextN { n, unit: u }, i + 3));
                }
            }
        }
        if let Some(u) = unit_of(cx.language, cx.l(i + 1)) {
            let plural = has(&lx.plural, cx.l(i + 1));
            if !plural
                && !matches!(u, Unit::Hour | Unit::Minute | Unit::Second)
                && cx.num(i + 1).is_none()
            {
                let rel = Expr::Rel {
                    unit: u,
                    offset: off,
                };
                // `dieses Jahr früh`, `dieses Jahr später`
                if let Some(part) = lx
                    .partafter
                    .get(cx.l(i + 2))
                    .filter(|_| cx.same_line(i + 2) && !matches!(u, Unit::Day | Unit::Weekend))
                {
                    return Some((
                        Expr::Part {
                            part: part.clone(),
                            of: Box::new(rel),
                        },
                        i + 3,
                    ));
                }
                return Some((rel, i + 2));
            }
        }
    }
    // first/last N units: `ersten zehn Monaten des vergangenen Jahres`, `letzten 30 Jahren`
    let first = has(&lx.first, l);
    let last = has(&lx.last, l);
    if first || last {
        if let (Some(n), Some(u)) = (cx.num(i + 1), unit_of(cx.language, cx.l(i + 2))) {
            if first {
                let mut j = i + 3;
                if cx.is_det(j) {
                    j += 1;
                }
                if let Some((of, k)) = core_d(cx, j, depth + 1) {
                    if n.fract() == 0.0 && (1.0..=366.0).contains(&n) {
                        return Some((
                            Expr::FirstN {
                                n: n as u32,
                                unit: u,
                                of: Box::new(of),
                            },
                            k,
                        ));
                    }
                }
            } else {
                return Some((Expr::LastN { n, unit: u }, i + 3));
            }
        }
    }
    // part of a period: `Anfang des Monats`, `Ende Oktober`, `Mitte 2024`
    if let Some(part) = lx.part.get(l) {
        let mut j = i + 1;
        if cx.is_det(j) {
            j += 1;
        }
        if let Some((of, k)) = core_d(cx, j, depth + 1) {
            return Some((
                Expr::Part {
                    part: part.clone(),
                    of: Box::new(of),
                },
                k,
            ));
        }
        if let Some(u) = unit_of(cx.language, cx.l(j)) {
            if j > i + 1 {
                return Some((
                    Expr::Part {
                        part: part.clone(),
                        of: Box::new(Expr::Rel { unit: u, offset: 0 }),
                    },
                    j + 1,
                ));
            }
        }
    }
    // durations / shifts / clock times with a number
    if let Some(n) = cx
        .num(i)
        .filter(|_| cx.kind(i) == Some(Kind::Num) || !cx.is_det(i))
    {
        let j = i + 1;
        if cx.kind(i) == Some(Kind::Num) && cx.t(j) == ":" && cx.adjacent(j) && cx.adjacent(j + 1) {
            if let (Some(h), Some(mi)) = (cx.int(i), cx.int(j + 1)) {
                if h < 24 && mi < 60 {
                    // seconds: `8:00:31`
                    let sec = (cx.t(j + 2) == ":" && cx.adjacent(j + 2) && cx.adjacent(j + 3))
                        .then(|| cx.int(j + 3).filter(|s| *s < 60 && cx.t(j + 3).len() == 2))
                        .flatten();
                    let k = if sec.is_some() { j + 4 } else { j + 2 };
                    let k = if cx.l(k) == "uhr" { k + 1 } else { k };
                    return Some(clock_tail(cx, h, mi, sec.unwrap_or(0), k));
                }
            }
        }
        if cx.l(j) == "uhr" {
            if let Some(h) = cx
                .int(i)
                .or_else(|| (n.fract() == 0.0).then_some(n as u32))
                .filter(|h| *h < 25)
            {
                // `18 Uhr 12`, `18 Uhr und 12`
                let and = lx
                    .link
                    .iter()
                    .any(|(w, m)| m == "and" && w.len() == 1 && w[0] == cx.l(j + 1));
                let m_at = if and { j + 2 } else { j + 1 };
                let mi = cx
                    .int(m_at)
                    .filter(|m| *m < 60 && cx.same_line(m_at) && !cx.followed_by_unit(m_at + 1));
                let k = if mi.is_some() { m_at + 1 } else { j + 1 };
                return Some(clock_tail(cx, h, mi.unwrap_or(0), 0, k));
            }
        }
        if let Some(u) = unit_of(cx.language, cx.l(j)).filter(|_| cx.same_line(j)) {
            if !matches!(u, Unit::Weekend) && n > 0.0 && n < 10_000.0 {
                if has(&lx.later, cx.l(j + 1)) {
                    return Some((
                        Expr::Shift {
                            n,
                            unit: u,
                            sign: 1,
                        },
                        j + 2,
                    ));
                }
                if has(&lx.earlier, cx.l(j + 1)) {
                    return Some((
                        Expr::Shift {
                            n,
                            unit: u,
                            sign: -1,
                        },
                        j + 2,
                    ));
                }
                return Some((Expr::Duration { n, unit: u }, j + 1));
            }
        }
    }
    // adjectives of duration: `zweitägigen`
    if cx.kind(i) == Some(Kind::Word) {
        if let Some((n, u)) = duration_adjective(cx, l) {
            return Some((Expr::Duration { n, unit: u }, i + 1));
        }
    }
    None
}

fn duration_adjective(cx: &Cx, l: &str) -> Option<(f64, Unit)> {
    const ENDINGS: &[(&str, Unit)] = &[
        ("tägig", Unit::Day),
        ("wöchig", Unit::Week),
        ("monatig", Unit::Month),
        ("jährig", Unit::Year),
        ("stündig", Unit::Hour),
    ];
    if !cx.language.quantities.capitalised_nouns() {
        return None;
    }
    let stem = l.trim_end_matches(['e', 'n', 'r', 's', 'm']);
    for (end, u) in ENDINGS {
        if let Some(head) = stem.strip_suffix(end) {
            if let Some(n) = cx.language.quantities.lexicon().cardinal_word(head) {
                return Some((n, *u));
            }
        }
    }
    None
}

/// A holiday of lexicon value `value` (`12-25`, `E49`, `A-7`, `M05.2.7`) plus `extra` days,
/// ending before piece `k`, with a year after it (`2020`, `im nächsten Jahr`, `letzten Jahres`).
fn holiday(cx: &Cx, value: &str, extra: i32, k: usize, depth: usize) -> Option<(Expr, usize)> {
    let (mut easter, mut m, mut d, mut advent, mut nth) = (None, 0, 0, false, None);
    if let Some(off) = value.strip_prefix('E') {
        easter = Some(off.parse::<i32>().ok()? + extra);
    } else if let Some(off) = value.strip_prefix('A') {
        easter = Some(off.parse::<i32>().ok()? + extra);
        advent = true;
    } else if let Some(rest) = value.strip_prefix('M') {
        let mut it = rest.split('.').map(|x| x.parse::<u32>().ok());
        m = it.next()??;
        nth = Some(it.next()??);
        d = it.next()??;
    } else {
        let mut it = value.split('-').map(|x| x.parse::<u32>().ok());
        m = it.next()??;
        d = it.next()??;
    }
    let mut y = cx.year(k).filter(|_| cx.same_line(k));
    let mut yoff = 0;
    let mut end = if y.is_some() { k + 1 } else { k };
    if y.is_none() && cx.same_line(k) {
        let lx = cx.language.times.lexicon();
        let mut j = k;
        if lx.prep.get(cx.l(j)).map(String::as_str) == Some("in") {
            j += 1;
        }
        if cx.is_det(j) {
            j += 1;
        }
        match core_d(cx, j, depth + 1) {
            Some((
                Expr::Date {
                    y: Some(yr),
                    m: None,
                    d: None,
                },
                k2,
            )) => {
                y = Some(yr);
                end = k2;
            }
            Some((
                Expr::Rel {
                    unit: Unit::Year,
                    offset,
                },
                k2,
            )) => {
                yoff = offset;
                end = k2;
            }
            _ => {}
        }
    }
    Some((
        Expr::Holiday {
            easter,
            m,
            d,
            y,
            yoff,
            advent,
            nth,
        },
        end,
    ))
}

/// Parse a full expression at `i`: prepositions, core, and a range's second half.
fn expression(cx: &Cx, i: usize) -> Option<(usize, Expr, usize)> {
    expression_in(cx, i, false)
}

/// A bare hour (`5` in `von 5 bis 6`) as a clock time, with a part of the day after it.
fn bare_hour(cx: &Cx, j: usize) -> Option<(Expr, usize)> {
    if cx.kind(j) == Some(Kind::Punct) || !cx.same_line(j) || cx.followed_by_unit(j + 1) {
        return None;
    }
    cx.num(j)
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 24.0)
        .map(|n| clock_tail(cx, n as u32, 0, 0, j + 1))
}

/// A day-like expression (a weekday, a relative day, a date with day and month).
fn day_like(e: &Expr) -> bool {
    match e {
        Expr::Weekday(_) | Expr::RelWeekday { .. } | Expr::RelDay(_) => true,
        Expr::Date { m, d, .. } => m.is_some() && d.is_some(),
        _ => false,
    }
}

/// A day followed by a part of the day or a clock time: `morgen Abend`, `gestern früh`,
/// `Dienstag 11:00 Uhr`, `am 14. Oktober um 8 Uhr`, `Sonntag frühmorgens um 8:00`,
/// `am 22. April von 5 bis 6 Uhr nachmittags`.
fn day_tail(cx: &Cx, e: Expr, k: usize) -> (Expr, usize) {
    let lx = cx.language.times.lexicon();
    // `mittwochfrühmorgens um 8:00`: the compound's day with the clock time
    if let Expr::DayPart {
        day: Some(day),
        part,
    } = &e
    {
        if cx.clock_prep(k) && cx.same_line(k + 1) {
            if let Some((Expr::Clock { h, min, sec }, k2)) = core(cx, k + 1) {
                let shifted = if matches!(part.as_str(), "AF" | "EV" | "NI") {
                    day_part_shift(Expr::Clock { h, min, sec }, 12, Some(part))
                } else {
                    Expr::Clock { h, min, sec }
                };
                if let Expr::Clock { h, min, sec } = shifted {
                    return (
                        Expr::At {
                            day: day.clone(),
                            h,
                            min,
                            sec,
                        },
                        k2,
                    );
                }
            }
        }
    }
    if !day_like(&e) || !cx.same_line(k) {
        return (e, k);
    }
    // `Montag in der Nacht`, `am 5. Mai am Abend`
    let (pk, pn) = match lx.prep.get(cx.l(k)).map(String::as_str) {
        Some("in" | "at") if cx.is_det(k + 1) && cx.same_line(k + 2) => (k + 2, 3),
        Some("in" | "at") if cx.same_line(k + 1) => (k + 1, 2),
        _ => (k, 1),
    };
    let part = lx
        .daynoun
        .get(cx.l(pk))
        .or_else(|| lx.daysuffix.get(cx.l(pk)).filter(|_| pn == 1))
        .cloned();
    let (k, pn) = if part.is_some() { (k, pn) } else { (k, 0) };
    let c = k + pn;
    let c2 = if cx.clock_prep(c) { c + 1 } else { c };
    if cx.same_line(c2) && (part.is_none() || cx.same_line(c)) {
        // `am 23. Oktober um 7`: after `um` a bare hour is a clock time
        let clock = core(cx, c2).or_else(|| (c2 > c).then(|| bare_hour(cx, c2)).flatten());
        if let Some((Expr::Clock { h, min, sec }, k2)) = clock {
            let (h, min, sec) = match part.as_deref() {
                Some(code @ ("AF" | "EV" | "NI")) => {
                    match day_part_shift(Expr::Clock { h, min, sec }, 12, Some(code)) {
                        Expr::Clock { h, min, sec } => (h, min, sec),
                        _ => (h, min, sec),
                    }
                }
                _ => (h, min, sec),
            };
            return (
                Expr::At {
                    day: Box::new(e),
                    h,
                    min,
                    sec,
                },
                k2,
            );
        }
    }
    if let Some(part) = part {
        return (
            Expr::DayPart {
                day: Some(Box::new(e)),
                part,
            },
            k + pn,
        );
    }
    // a clock range on that day: `von 5 bis 6 Uhr`, `zwischen 4 und 6 Uhr nachmittags`
    if matches!(
        lx.prep.get(cx.l(k)).map(String::as_str),
        Some("from" | "between")
    ) {
        if let Some((_, Expr::Range(l, r), k2)) = expression_in(cx, k, true) {
            if let (
                Expr::Clock { h, min, sec },
                Expr::Clock {
                    h: h2,
                    min: m2,
                    sec: s2,
                },
            ) = (*l, *r)
            {
                let at = |h, min, sec| Expr::At {
                    day: Box::new(e.clone()),
                    h,
                    min,
                    sec,
                };
                return (
                    Expr::Range(Box::new(at(h, min, sec)), Box::new(at(h2, m2, s2))),
                    k2,
                );
            }
        }
    }
    (e, k)
}

/// A day written `23.` with no month after it.
fn bare_day(cx: &Cx, r: usize) -> Option<(u32, usize)> {
    if cx.kind(r) != Some(Kind::Num) || !cx.same_line(r) {
        return None;
    }
    cx.day(r)
        .filter(|(_, j)| cx.month(*j).is_none() && cx.int(*j).is_none())
}

/// `4. bis zum 23.` at piece `r`: two bare days linked as a range.
fn day_range(cx: &Cx, r: usize) -> Option<(u32, u32, usize)> {
    let lx = cx.language.times.lexicon();
    let r = if cx.is_det(r) { r + 1 } else { r };
    let (d1, j) = bare_day(cx, r)?;
    let (link, _) = lx
        .link
        .iter()
        .find(|(w, m)| m != "and" && seq_at(cx, j, w) && cx.same_line(j))?;
    let mut r2 = j + link.len();
    if cx.is_det(r2) {
        r2 += 1;
    }
    let (d2, k) = bare_day(cx, r2)?;
    (d1 <= d2).then_some((d1, d2, k))
}

/// The expression ends in a day written `27.` whose dot belongs to it.
fn ends_with_day(e: &Expr) -> bool {
    match e {
        Expr::Date {
            d: Some(_),
            y: None,
            ..
        }
        | Expr::DayOf { .. } => true,
        Expr::Range(_, r) => ends_with_day(r),
        _ => false,
    }
}

/// Like [`expression`]; `clocky` (after a part of the day or a day) lets bare hours stand
/// for clock times (`morgens von 5 bis sieben`).
fn expression_in(cx: &Cx, i: usize, clocky: bool) -> Option<(usize, Expr, usize)> {
    let lx = cx.language.times.lexicon();
    // a part of the day before a clock time: `abends um 8 Uhr`, `morgens von 5 bis 7 Uhr`
    if let Some(add) = lx.daypart.get(cx.l(i)).filter(|_| !clocky) {
        let at = if cx.clock_prep(i + 1) { i + 2 } else { i + 1 };
        // (no part of the day at `at`: the recursion stays one level deep)
        if (at == i + 2 || lx.prep.contains_key(cx.l(at)))
            && !lx.daypart.contains_key(cx.l(at))
            && cx.same_line(i + 1)
        {
            if let Some((_, e, k)) = expression_in(cx, at, true) {
                if is_clock(&e) {
                    let code = lx.daypart_code.get(cx.l(i)).map(String::as_str);
                    return Some((i, day_part_shift(e, *add, code), k));
                }
            }
        }
    }
    // `um 12 nachts`: a bare hour with a part of the day after it
    if cx.clock_prep(i) && lx.daypart.contains_key(cx.l(i + 2)) && !clocky {
        if let Some((e, k)) = bare_hour(cx, i + 1).filter(|(_, k)| *k == i + 3) {
            return Some((i + 1, e, k));
        }
    }
    let mut j = i;
    let mut prep = lx.prep.get(cx.l(i)).cloned();
    if prep.is_some() {
        j += 1;
        // A two-word preposition (`bis zum 27. November`) wins over its first word.
        if let Some(p) = lx.prep.get(&format!("{} {}", cx.l(i), cx.l(i + 1))) {
            prep = Some(p.clone());
            j += 1;
        }
        if cx.is_det(j) {
            j += 1;
        }
    }
    let ranged = matches!(prep.as_deref(), Some("from") | Some("between"));
    let first = core(cx, j);
    let bare = first.is_none();
    let (e, k) = match first {
        Some(x) => x,
        None if ranged || clocky => bare_hour(cx, j)?,
        None => return None,
    };
    // (no day tail inside a clock range: the recursion stays one level deep)
    let (mut e, k) = if bare || clocky {
        (e, k)
    } else {
        day_tail(cx, e, k)
    };
    // `nächsten Monat vom 4. bis zum 23.`: days of a month-valued expression
    let month_like = matches!(
        e,
        Expr::Rel {
            unit: Unit::Month,
            ..
        } | Expr::RelMonth { .. }
            | Expr::Date {
                m: Some(_),
                d: None,
                ..
            }
    );
    if month_like && lx.prep.get(cx.l(k)).map(String::as_str) == Some("from") && cx.same_line(k) {
        if let Some((d1, d2, k2)) = day_range(cx, k + 1) {
            let day = |d| Expr::DayOf {
                month: Box::new(e.clone()),
                d,
            };
            let s = if prep.is_some() { i } else { j };
            return Some((s, Expr::Range(Box::new(day(d1)), Box::new(day(d2))), k2));
        }
    }
    let start_piece = if prep.as_deref() == Some("for") {
        i + 1
    } else if prep.as_deref() == Some("approx")
        && !matches!(
            e,
            Expr::Clock { .. } | Expr::DayPart { .. } | Expr::At { .. } | Expr::Part { .. }
        )
    {
        j
    } else if prep.is_some() {
        i
    } else {
        j
    };
    // `drei Minuten vor 8`, `30 min nach acht`: a clock time
    if let Expr::Duration {
        n,
        unit: Unit::Minute,
    } = e
    {
        if let Some(side) = lx.clock_side.get(cx.l(k)).filter(|_| cx.same_line(k)) {
            let hour = cx
                .num(k + 1)
                .filter(|h| h.fract() == 0.0 && (0.0..=24.0).contains(h) && cx.same_line(k + 1))
                .filter(|_| {
                    // `5 Minuten nach zwei Toren`: a noun after the number counts something
                    let noun = cx.kind(k + 2) == Some(Kind::Word)
                        && is_capitalised(cx.t(k + 2))
                        && cx.l(k + 2) != "uhr"
                        && cx.same_line(k + 2);
                    !noun
                        && !cx.followed_by_unit(k + 2)
                        && unit_of(cx.language, cx.l(k + 2)).is_none()
                });
            if let (Some(hr), true) = (hour, n.fract() == 0.0 && (1.0..60.0).contains(&n)) {
                let total = (hr as i64 * 60 + *side as i64 * n as i64).rem_euclid(24 * 60);
                let k2 = if cx.l(k + 2) == "uhr" { k + 3 } else { k + 2 };
                let (c, k2) = clock_tail(cx, (total / 60) as u32, (total % 60) as u32, 0, k2);
                return Some((start_piece, c, k2));
            }
        }
    }
    // a clock time with its day after it: `um 8 Uhr heute Abend`, `um 20 Uhr am Montag`,
    // `um drei Uhr in der Nacht`, `um 3 Uhr jeden Tag`
    if let Expr::Clock { h, min, sec } = e {
        if cx.same_line(k) && !bare {
            if let Some((Expr::Every { w, clock: None }, k2)) = core(cx, k) {
                return Some((
                    start_piece,
                    Expr::Every {
                        w,
                        clock: Some((h, min)),
                    },
                    k2,
                ));
            }
            if matches!(lx.prep.get(cx.l(k)).map(String::as_str), Some("in" | "at"))
                && cx.is_det(k + 1)
                && cx.same_line(k + 2)
            {
                if let Some(part) = lx.daynoun.get(cx.l(k + 2)) {
                    let add = if matches!(part.as_str(), "AF" | "EV" | "NI") {
                        12
                    } else {
                        0
                    };
                    let c = day_part_shift(Expr::Clock { h, min, sec }, add, Some(part));
                    return Some((start_piece, c, k + 3));
                }
            }
            let d0 = if lx.prep.get(cx.l(k)).map(String::as_str) == Some("at") {
                k + 1
            } else {
                k
            };
            if let Some((day, k2)) = core(cx, d0)
                .filter(|(d, _)| day_like(d) || matches!(d, Expr::DayPart { day: Some(_), .. }))
            {
                let (day, k2) = day_tail(cx, day, k2);
                let at = match day {
                    Expr::DayPart {
                        day: Some(day),
                        part,
                    } => {
                        let c = if matches!(part.as_str(), "AF" | "EV" | "NI") {
                            day_part_shift(Expr::Clock { h, min, sec }, 12, Some(&part))
                        } else {
                            Expr::Clock { h, min, sec }
                        };
                        match c {
                            Expr::Clock { h, min, sec } => Some(Expr::At { day, h, min, sec }),
                            _ => None,
                        }
                    }
                    d if day_like(&d) => Some(Expr::At {
                        day: Box::new(d),
                        h,
                        min,
                        sec,
                    }),
                    _ => None,
                };
                if let Some(at) = at {
                    return Some((start_piece, at, k2));
                }
            }
        }
    }
    // range: `bis (zum)`, `-`, `und` (after `zwischen`)
    if !matches!(
        e,
        Expr::Duration { .. } | Expr::Shift { .. } | Expr::LastN { .. }
    ) {
        for (link, meaning) in &lx.link {
            if !(0..link.len()).all(|x| cx.l(k + x) == link[x] && cx.same_line(k + x)) {
                continue;
            }
            // `am 5. und 6. Dezember`: two days in a row are one period; other lists are no range
            let list = meaning == "and" && prep.as_deref() != Some("between");
            if list
                && !matches!(
                    e,
                    Expr::Date {
                        m: None,
                        d: Some(_),
                        ..
                    }
                )
            {
                continue;
            }
            let mut r = k + link.len();
            if cx.is_det(r) {
                r += 1;
            }
            let right = match core(cx, r) {
                Some((e2, k2)) => Some(if matches!(e, Expr::At { .. }) {
                    day_tail(cx, e2, k2)
                } else {
                    (e2, k2)
                }),
                None if clocky || bare => bare_hour(cx, r).filter(|_| clocky),
                // `vom 4. bis zum 23.`: days of the anchor's month
                None if matches!(e, Expr::Date { m: None, .. }) => {
                    bare_day(cx, r).map(|(d, k2)| (Expr::date(None, None, Some(d)), k2))
                }
                None => None,
            };
            if let Some((e2, k2)) = right {
                // `nächsten Donnerstag bis Samstag`: the right end lies in the same week
                let e2 = match (&e, e2) {
                    (Expr::RelWeekday { offset, .. }, Expr::Weekday(w)) => {
                        Expr::RelWeekday { w, offset: *offset }
                    }
                    (_, x) => x,
                };
                let ok = |x: &Expr| {
                    matches!(
                        x,
                        Expr::Date { .. }
                            | Expr::Weekday(_)
                            | Expr::Clock { .. }
                            | Expr::RelWeekday { .. }
                            | Expr::At { .. }
                    )
                };
                let consecutive = match (&e, &e2) {
                    (
                        Expr::Date { d: Some(d1), .. },
                        Expr::Date {
                            d: Some(d2),
                            m: Some(_),
                            ..
                        },
                    ) => *d2 == d1 + 1,
                    _ => false,
                };
                if (!bare || matches!(e2, Expr::Clock { .. }))
                    && ok(&e2)
                    && ok(&e)
                    && (!list || consecutive)
                {
                    let left = inherit(e.clone(), &e2);
                    return Some((start_piece, Expr::Range(Box::new(left), Box::new(e2)), k2));
                }
            }
            break;
        }
    }
    if bare && !clocky {
        return None; // a bare hour outside a clock range is no time
    }
    if let Expr::Date {
        d: Some(_),
        m: None,
        ..
    } = e
    {
        // a lone `27.` is no date; `Dienstag, der 25.` is
        let lw = cx.l(j);
        if cx.language.times.weekday(lw).is_none() && !lx.weekday_abbr.contains_key(lw) {
            return None;
        }
    }
    // `in drei Jahren` lies ahead, unless a word just before looks back (`the first visit in
    // three years`): then it stays a duration.
    let looks_back = (i.saturating_sub(4)..i)
        .any(|k| lx.lookback.iter().any(|w| w == cx.l(k)) && (k + 1..=i).all(|m| cx.same_line(m)));
    if prep.as_deref() == Some("in") && !looks_back {
        if let Expr::Duration { n, unit } = e {
            e = Expr::Shift { n, unit, sign: 1 };
        }
    }
    match prep.as_deref() {
        Some("until") if matches!(e, Expr::Date { .. }) => {
            e = Expr::Open {
                until: true,
                inner: Box::new(e),
            }
        }
        Some("since") if matches!(e, Expr::Date { .. }) => {
            e = Expr::Open {
                until: false,
                inner: Box::new(e),
            }
        }
        Some("before") if matches!(e, Expr::Duration { .. }) => {
            if let Expr::Duration { n, unit } = e {
                e = Expr::Shift { n, unit, sign: -1 };
            }
        }
        _ => {}
    }
    Some((start_piece, e, k))
}

/// Give the left end of a range the month/year its right end names (`27.` + `28. November`).
fn inherit(left: Expr, right: &Expr) -> Expr {
    match (left, right) {
        (Expr::Date { y, m, d }, Expr::Date { y: y2, m: m2, .. }) => {
            let m_new = m.or(*m2);
            let y_new = y.or(*y2);
            Expr::Date {
                y: y_new,
                m: m_new,
                d,
            }
        }
        // `von 5 bis 6 Uhr nachmittags`: the left hour shares the right one's half of the day
        (Expr::Clock { h, min, sec }, Expr::Clock { h: h2, .. }) if h < 12 && h + 12 <= *h2 => {
            Expr::Clock {
                h: h + 12,
                min,
                sec,
            }
        }
        (l, _) => l,
    }
}

/// Piece `i` may open a time expression: a number, a lexicon word, a number word, a
/// relative adjective (`vergangenen`), a weekday compound or plural (`Dienstagabend`,
/// `montags`), an adjective of duration (`zweitägigen`). A cheap gate before [`expression`].
fn may_start(cx: &Cx, i: usize) -> bool {
    match cx.kind(i) {
        Some(Kind::Num) => true,
        Some(Kind::Word) => {
            let l = cx.l(i);
            let lx = cx.language.times.lexicon();
            if lx.starters.contains_key(l) || lx.relative(l).is_some() {
                return true;
            }
            if lx.openers.contains_key(lexicon::first3(l)) {
                return true; // weekday compounds and plurals, holidays
            }
            let q = cx.language.quantities.lexicon();
            q.cardinal_word(l).is_some()
                || q.ordinal_word(l).is_some()
                || duration_adjective(cx, l).is_some()
        }
        _ => false,
    }
}

/// Parse every time expression of the text (no resolution).
pub fn parse_all(language: &Language, text: &str, pieces: &[Piece]) -> Vec<Parsed> {
    let low = pieces.iter().map(|p| lower(p.text(text))).collect();
    let cx = Cx {
        language,
        text,
        pieces,
        low,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        if !may_start(&cx, i) {
            i += 1;
            continue;
        }
        if let Some((s, e, k)) = expression(&cx, i) {
            if k > s && k <= pieces.len() {
                let mut end_piece = k - 1;
                // a trailing `.` of an abbreviated month is part of the span; a sentence dot is not
                if pieces[end_piece].kind == Kind::Punct
                    && pieces[end_piece].text(text) == "."
                    && !ends_with_day(&e)
                    && end_piece > s
                {
                    end_piece -= 1;
                }
                out.push(Parsed {
                    span: Span::new(pieces[s].start, pieces[end_piece].end),
                    expr: e,
                });
                i = k;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Parse the anchor date from `published` (`2024-11-27`, `2024-11-27T10:00:00Z`).
pub fn parse_published(published: Option<&str>) -> Option<NaiveDate> {
    let p = published?.trim();
    let d = p.get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// Extract the time expressions of `text`, resolved against `published` or a date the text implies.
pub fn extract(
    language: &Language,
    text: &str,
    _sentences: &[Span],
    published: Option<&str>,
) -> Vec<TimeExpr> {
    let pieces = lexer::scan(text);
    extract_with(language, text, &pieces, published)
}

/// Like [`extract`], from an existing scan.
pub fn extract_with(
    language: &Language,
    text: &str,
    pieces: &[Piece],
    published: Option<&str>,
) -> Vec<TimeExpr> {
    let parsed = parse_all(language, text, pieces);
    let anchor = match parse_published(published) {
        Some(d) => Some((d, Anchor::Published)),
        None => text_anchor(&parsed).map(|d| (d, Anchor::TextDate)),
    };
    parsed
        .into_iter()
        .map(|p| {
            let (value, anchored_to) = resolve(&p.expr, anchor);
            TimeExpr {
                span: p.span,
                text: p.span.slice(text).to_string(),
                value,
                anchored_to,
                kind: timex_type(&p.expr),
                endpoints: Vec::new(),
            }
        })
        .collect()
}

/// The TIMEX3 type of a parsed expression.
fn timex_type(e: &Expr) -> TimeType {
    match e {
        Expr::Duration { .. } => TimeType::Duration,
        Expr::Clock { .. } | Expr::At { .. } | Expr::DayPart { .. } => TimeType::Time,
        Expr::Shift { unit, .. } if matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) => {
            TimeType::Time
        }
        Expr::Every { .. } | Expr::Recurring(_) => TimeType::Set,
        Expr::Range(l, _) => timex_type(l),
        _ => TimeType::Date,
    }
}

/// The latest complete date (day, month and year) the text names.
fn text_anchor(parsed: &[Parsed]) -> Option<NaiveDate> {
    fn full(e: &Expr, out: &mut Vec<NaiveDate>) {
        match e {
            Expr::Date {
                y: Some(y),
                m: Some(m),
                d: Some(d),
            } => out.extend(NaiveDate::from_ymd_opt(*y, *m, *d)),
            Expr::Range(a, b) => {
                full(a, out);
                full(b, out);
            }
            Expr::Open { inner, .. } => full(inner, out),
            _ => {}
        }
    }
    let mut dates = Vec::new();
    for p in parsed {
        full(&p.expr, &mut dates);
    }
    dates.into_iter().max()
}

/// `from/to` at the precision of the unit counted (`2023/2025`, `2024-01/2024-03`, days).
fn period(from: NaiveDate, to: NaiveDate, unit: Unit) -> String {
    match unit {
        Unit::Year | Unit::Decade | Unit::Century => {
            format!("{:04}/{:04}", from.year(), to.year())
        }
        Unit::Month | Unit::Quarter | Unit::HalfYear => {
            format!("{}/{}", from.format("%Y-%m"), to.format("%Y-%m"))
        }
        _ => format!("{}/{}", from.format("%Y-%m-%d"), to.format("%Y-%m-%d")),
    }
}

/// Resolved value of an expression (ISO 8601 / TIMEX3 style) and how it was anchored.
pub fn resolve(e: &Expr, anchor: Option<(NaiveDate, Anchor)>) -> (Option<String>, Anchor) {
    let a = anchor.map(|(d, _)| d);
    let how = anchor.map(|(_, h)| h).unwrap_or(Anchor::Unresolved);
    match e {
        Expr::Date { y, m, d } => {
            if let Some(y) = y {
                return (Some(fmt_date(*y, *m, *d)), Anchor::Absolute);
            }
            let Some(a) = a else {
                let v = match (m, d) {
                    (Some(m), Some(d)) => format!("XXXX-{m:02}-{d:02}"),
                    (Some(m), None) => format!("XXXX-{m:02}"),
                    _ => return (None, Anchor::Unresolved),
                };
                return (Some(v), Anchor::Unresolved);
            };
            let m2 = m.unwrap_or(a.month());
            // a month without a year: the anchor's year unless that lies well in the future
            let y = if m2 > a.month() + 3 {
                a.year() - 1
            } else {
                a.year()
            };
            (Some(fmt_date(y, Some(m2), *d)), how)
        }
        Expr::Duration { n, unit } => (Some(duration(*n, *unit)), Anchor::Absolute),
        Expr::Now => (Some("PRESENT_REF".to_string()), Anchor::Absolute),
        Expr::DayPart { day: None, part } => (Some(format!("T{part}")), Anchor::Absolute),
        Expr::DayPart {
            day: Some(day),
            part,
        } => {
            let (v, how) = resolve(day, anchor);
            match v.filter(|v| !v.contains('/')) {
                Some(v) => (Some(format!("{v}T{part}")), how),
                None => (None, Anchor::Unresolved),
            }
        }
        Expr::At { day, h, min, sec } => {
            let (v, how) = resolve(day, anchor);
            match v.filter(|v| !v.contains('/')) {
                Some(v) => (Some(format!("{v}{}", fmt_clock(*h, *min, *sec))), how),
                None => (None, Anchor::Unresolved),
            }
        }
        Expr::Recurring(p) => (Some(p.clone()), Anchor::Absolute),
        Expr::Season {
            y: Some(y), code, ..
        } => (Some(format!("{y:04}-{code}")), Anchor::Absolute),
        Expr::Season {
            y: None,
            offset,
            code,
        } => match a {
            Some(a) => (Some(format!("{:04}-{code}", a.year() + offset)), how),
            None => (None, Anchor::Unresolved),
        },
        Expr::Decade(d) => (Some(format!("{d:03}")), Anchor::Absolute),
        Expr::DayBefore(day) => {
            let (v, how) = resolve(day, anchor);
            let prev = v
                .as_deref()
                .filter(|v| v.len() == 10)
                .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
                .and_then(|d| d.pred_opt());
            match prev {
                Some(d) => (Some(d.format("%Y-%m-%d").to_string()), how),
                None => (None, Anchor::Unresolved),
            }
        }
        Expr::PartOfYear { n, unit, of } => {
            let letter = if *unit == Unit::Quarter { 'Q' } else { 'H' };
            let (y, how) = match of {
                Some(of) => resolve(of, anchor),
                None => (a.map(|a| format!("{:04}", a.year())), how),
            };
            match y.filter(|y| y.len() == 4) {
                Some(y) => (Some(format!("{y}-{letter}{n}")), how),
                None => (None, Anchor::Unresolved),
            }
        }
        Expr::DayOf { month, d } => {
            let (v, how) = resolve(month, anchor);
            match v.filter(|v| v.len() == 7) {
                Some(v) => (Some(format!("{v}-{d:02}")), how),
                None => (None, Anchor::Unresolved),
            }
        }
        Expr::Every { w, clock } => {
            let t = clock.map(|(h, min)| {
                if min == 0 {
                    format!("T{h:02}")
                } else {
                    format!("T{h:02}:{min:02}")
                }
            });
            let v = match (w, t) {
                (Some(w), t) => format!("XXXX-WXX-{w}{}", t.unwrap_or_default()),
                (None, Some(t)) => t,
                (None, None) => "P1D".to_string(),
            };
            (Some(v), Anchor::Absolute)
        }
        Expr::Holiday {
            easter,
            m,
            d,
            y,
            yoff,
            advent,
            nth,
        } => {
            let year = y.or(a.map(|a| a.year() + yoff));
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
                    return (Some(format!("XXXX-{m:02}-{d:02}")), Anchor::Unresolved)
                }
                _ => None,
            };
            let h = if y.is_some() { Anchor::Absolute } else { how };
            match date {
                Some(dt) => (Some(dt.format("%Y-%m-%d").to_string()), h),
                None => (None, Anchor::Unresolved),
            }
        }
        Expr::Clock { h, min, sec } => (Some(fmt_clock(*h, *min, *sec)), Anchor::Absolute),
        Expr::Range(l, r) => {
            let (lv, lh) = resolve(l, anchor);
            // `von Montag bis Freitag`: the right weekday follows the left one
            let r_anchor = match (weekday_of(l), weekday_of(r), lv.as_deref()) {
                (Some(w1), Some(w2), Some(v)) => v
                    .get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .and_then(|d| {
                        d.checked_add_signed(Duration::try_days(((w2 + 7 - w1) % 7) as i64)?)
                    })
                    .map(|d| (d, how)),
                _ => None,
            };
            let (rv, rh) = resolve(r, r_anchor.or(anchor));
            match (lv, rv) {
                (Some(lv), Some(rv)) => {
                    let h = if lh == Anchor::Absolute && rh == Anchor::Absolute {
                        Anchor::Absolute
                    } else if lh == Anchor::Unresolved || rh == Anchor::Unresolved {
                        Anchor::Unresolved
                    } else {
                        how
                    };
                    (Some(format!("{lv}/{rv}")), h)
                }
                _ => (None, Anchor::Unresolved),
            }
        }
        Expr::Open { until, inner } => {
            let (v, h) = resolve(inner, anchor);
            let Some(v) = v else {
                return (None, Anchor::Unresolved);
            };
            if *until {
                // `bis 2025`: from the anchor to then when that lies ahead, else open
                match a {
                    Some(a) if v.as_str() > a.format("%Y-%m-%d").to_string().as_str() => {
                        (Some(format!("{}/{v}", a.format("%Y-%m-%d"))), how)
                    }
                    _ => (Some(format!("../{v}")), h),
                }
            } else {
                match a {
                    Some(a) if v.as_str() < a.format("%Y-%m-%d").to_string().as_str() => {
                        (Some(format!("{v}/{}", a.format("%Y-%m-%d"))), how)
                    }
                    _ => (Some(format!("{v}/..")), h),
                }
            }
        }
        _ => {
            let Some(a) = a else {
                return (None, Anchor::Unresolved);
            };
            (resolve_relative(e, a), how)
        }
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

/// The first Sunday of Advent: the fourth Sunday before Christmas (27 November … 3 December).
fn first_advent(y: i32) -> Option<NaiveDate> {
    let xmas = NaiveDate::from_ymd_opt(y, 12, 25)?;
    let back = xmas.weekday().number_from_monday() % 7; // days since the Sunday before
    let fourth = if back == 0 { 28 } else { back as i64 + 21 };
    xmas.checked_sub_signed(Duration::try_days(fourth)?)
}

/// The `n`-th weekday `w` (1 = Monday) of month `m`.
fn nth_weekday(y: i32, m: u32, n: u32, w: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let delta = (w + 7 - first.weekday().number_from_monday()) % 7;
    let d = 1 + delta + 7 * n.checked_sub(1)?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm).
fn easter_sunday(y: i32) -> Option<NaiveDate> {
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

fn fmt_date(y: i32, m: Option<u32>, d: Option<u32>) -> String {
    match (m, d) {
        (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// ISO 8601 duration: `P2D`, `PT24H`, `P3.5Y`.
pub fn duration(n: f64, unit: Unit) -> String {
    let v = fmt_num(n);
    match unit {
        Unit::Century => format!("P{}Y", fmt_num(n * 100.0)),
        Unit::Decade => format!("P{}Y", fmt_num(n * 10.0)),
        Unit::Year => format!("P{v}Y"),
        Unit::HalfYear => format!("P{}M", fmt_num(n * 6.0)),
        Unit::Quarter => format!("P{}M", fmt_num(n * 3.0)),
        Unit::Month => format!("P{v}M"),
        Unit::Week | Unit::Weekend => format!("P{v}W"),
        Unit::Day => format!("P{v}D"),
        Unit::Hour => format!("PT{v}H"),
        Unit::Minute => format!("PT{v}M"),
        Unit::Second => format!("PT{v}S"),
    }
}

fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let total = y * 12 + (m as i32 - 1) + delta;
    (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32)
}

fn shift_date(a: NaiveDate, n: f64, unit: Unit, sign: i32) -> Option<NaiveDate> {
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

fn last_day(y: i32, m: u32) -> u32 {
    let (ny, nm) = add_months(y, m, 1);
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(28)
}

fn resolve_relative(e: &Expr, a: NaiveDate) -> Option<String> {
    Some(match e {
        Expr::RelDay(off) => a
            .checked_add_signed(Duration::try_days(*off as i64)?)?
            .format("%Y-%m-%d")
            .to_string(),
        Expr::RelWeekday { w, offset } => {
            let monday = a - Duration::try_days(a.weekday().num_days_from_monday() as i64)?;
            let d = monday + Duration::try_days(*offset as i64 * 7 + (*w as i64 - 1))?;
            d.format("%Y-%m-%d").to_string()
        }
        Expr::RelMonth { m, offset } => format!("{:04}-{m:02}", a.year() + offset),
        Expr::NextN { n, unit } if matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) => {
            // `in den nächsten 24 Stunden`: the days from the anchor that the span covers
            let secs = match unit {
                Unit::Hour => 3600.0,
                Unit::Minute => 60.0,
                _ => 1.0,
            } * n;
            let days = (secs / 86_400.0).floor();
            if !days.is_finite() || !(0.0..100_000.0).contains(&days) {
                return None;
            }
            let to = a.checked_add_signed(Duration::try_days(days as i64)?)?;
            format!("{}/{}", a.format("%Y-%m-%d"), to.format("%Y-%m-%d"))
        }
        Expr::NextN { n, unit } => {
            let from = shift_date(a, 1.0, Unit::Day, 1)?;
            let to = shift_date(from, *n, *unit, 1)?;
            period(from, to, *unit)
        }
        Expr::Weekday(w) => {
            let cur = a.weekday().number_from_monday();
            let back = (cur + 7 - w) % 7;
            (a - Duration::try_days(back as i64)?)
                .format("%Y-%m-%d")
                .to_string()
        }
        Expr::Rel { unit, offset } => match unit {
            Unit::Year => format!("{:04}", a.year() + offset),
            Unit::Decade => format!("{:03}", (a.year() / 10) + offset),
            Unit::Century => format!("{:02}", (a.year() / 100) + offset),
            Unit::Month => {
                let (y, m) = add_months(a.year(), a.month(), *offset);
                format!("{y:04}-{m:02}")
            }
            Unit::Quarter => {
                let q = (a.month() - 1) / 3;
                let total = a.year() * 4 + q as i32 + offset;
                format!("{:04}-Q{}", total.div_euclid(4), total.rem_euclid(4) + 1)
            }
            Unit::HalfYear => {
                let h = (a.month() - 1) / 6;
                let total = a.year() * 2 + h as i32 + offset;
                format!("{:04}-H{}", total.div_euclid(2), total.rem_euclid(2) + 1)
            }
            Unit::Week | Unit::Weekend => {
                let d = a.checked_add_signed(Duration::try_weeks(*offset as i64)?)?;
                let w = d.iso_week();
                let we = if *unit == Unit::Weekend { "-WE" } else { "" };
                format!("{:04}-W{:02}{we}", w.year(), w.week())
            }
            Unit::Day => a
                .checked_add_signed(Duration::try_days(*offset as i64)?)?
                .format("%Y-%m-%d")
                .to_string(),
            Unit::Hour | Unit::Minute | Unit::Second => return None,
        },
        Expr::FirstN { n, unit, of } => {
            let (v, _) = resolve(of, Some((a, Anchor::Published)));
            let v = v?;
            let y: i32 = v.get(..4)?.parse().ok()?;
            match unit {
                Unit::Month if v.len() == 4 && *n <= 12 => format!("{y:04}-01/{y:04}-{n:02}"),
                Unit::Quarter if v.len() == 4 && *n <= 4 => {
                    format!("{y:04}-01/{y:04}-{:02}", n * 3)
                }
                Unit::Day if v.len() == 7 => format!("{v}-01/{v}-{n:02}"),
                _ => return None,
            }
        }
        Expr::LastN { n, unit } => {
            let from = shift_date(a, *n, *unit, -1)?;
            period(from, a, *unit)
        }
        Expr::Shift { n, unit, sign }
            if matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) =>
        {
            // `in 5 Minuten`: from the anchor's midnight
            let secs = match unit {
                Unit::Hour => 3600.0,
                Unit::Minute => 60.0,
                _ => 1.0,
            } * n
                * *sign as f64;
            if !secs.is_finite() || secs.abs() > 1e10 {
                return None;
            }
            a.and_hms_opt(0, 0, 0)?
                .checked_add_signed(Duration::try_seconds(secs.round() as i64)?)?
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string()
        }
        Expr::Shift { n, unit, sign } => shift_date(a, *n, *unit, *sign)?
            .format("%Y-%m-%d")
            .to_string(),
        Expr::Part { of, .. } => resolve(of, Some((a, Anchor::Published))).0?,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
