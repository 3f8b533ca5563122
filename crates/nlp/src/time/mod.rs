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
use parallax_model::{Anchor, Span, TimeExpr};

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
    /// `18:30 Uhr`.
    Clock {
        h: u32,
        min: u32,
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
    },
    /// `jeden Montag um 4 Uhr`, `montags`, `jeden Tag um 19:13 Uhr` (a TIMEX3 set).
    Every {
        w: Option<u32>,
        clock: Option<(u32, u32)>,
    },
    /// `jährlich` (P1Y).
    Recurring(String),
    /// `Ostern 2020`: a holiday, `easter` days after Easter Sunday or on a fixed day.
    Holiday {
        easter: Option<i32>,
        m: u32,
        d: u32,
        y: Option<i32>,
    },
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
fn clock_tail(cx: &Cx, h: u32, min: u32, k: usize) -> (Expr, usize) {
    let lx = cx.language.times.lexicon();
    if cx.same_line(k) {
        if let Some(add) = lx.daypart.get(cx.l(k)) {
            return (day_part_shift(Expr::Clock { h, min }, *add), k + 1);
        }
    }
    (Expr::Clock { h, min }, k)
}

/// Move clock times of 1..11 o'clock by `add` hours (`abends` → +12).
fn day_part_shift(e: Expr, add: u32) -> Expr {
    match e {
        Expr::Clock { h, min } if (1..12).contains(&h) => Expr::Clock { h: h + add, min },
        Expr::Range(l, r) => Expr::Range(
            Box::new(day_part_shift(*l, add)),
            Box::new(day_part_shift(*r, add)),
        ),
        x => x,
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
        if l.chars().count() <= 4 && !matches!(l, "mai" | "juni" | "juli" | "june" | "july" | "may")
        {
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
        if self.t(i) == "." && self.adjacent(i) && self.l(i - 1).chars().count() <= 4 {
            i + 1
        } else {
            i
        }
    }
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
                return Some((
                    Expr::Date {
                        y: Some(y),
                        m: Some(m),
                        d: Some(d),
                    },
                    i + 1,
                ));
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
                    return Some((
                        Expr::Date {
                            y: Some(y),
                            m: Some(m),
                            d: Some(d),
                        },
                        i + 3,
                    ));
                }
                return Some((
                    Expr::Date {
                        y: None,
                        m: Some(m),
                        d: Some(d),
                    },
                    i + 2,
                ));
            }
        }
        return None;
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
                        return Some((
                            Expr::Date {
                                y: Some(y),
                                m: Some(m),
                                d: Some(d),
                            },
                            i + 5,
                        ));
                    }
                    return None;
                }
                return Some((
                    Expr::Date {
                        y: None,
                        m: Some(m),
                        d: Some(d),
                    },
                    i + 3,
                ));
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
            return Some((
                Expr::Date {
                    y: Some(y),
                    m: Some(m),
                    d: Some(d),
                },
                i + 5,
            ));
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
    if let Some(r) = digit_date(cx, i) {
        return Some(r);
    }
    // day + month name [+ year]: `27. November 2024`, `zweiten Mai`
    if let Some((d, j)) = cx.day(i) {
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
            return Some((
                Expr::Date {
                    y: None,
                    m: None,
                    d: Some(d),
                },
                j,
            ));
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
    // `Jahr 2023`, `Jahres 2024`
    if unit_of(cx.language, l) == Some(Unit::Year) {
        if let Some(y) = cx.year(i + 1) {
            return Some((
                Expr::Date {
                    y: Some(y),
                    m: None,
                    d: None,
                },
                i + 2,
            ));
        }
    }
    if let Some(y) = cx.year(i) {
        // not a clock time `2023:`; not part of a longer number
        return Some((
            Expr::Date {
                y: Some(y),
                m: None,
                d: None,
            },
            i + 1,
        ));
    }
    // weekday [, den 27. November]
    if let Some(w) = cx.language.times.weekday(l) {
        let mut j = i + 1;
        if cx.t(j) == "," {
            j += 1;
        }
        if cx.is_det(j) {
            j += 1;
        }
        if let Some((e, k)) =
            core_d(cx, j, depth + 1).filter(|(e, _)| matches!(e, Expr::Date { d: Some(_), .. }))
        {
            return Some((e, k));
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
    if has(&lx.now, l) {
        return Some((Expr::Now, i + 1));
    }
    if let Some(h) = lx.clockword.get(l) {
        return Some((Expr::Clock { h: *h, min: 0 }, i + 1));
    }
    // `18.12 Uhr` as one piece
    if cx.kind(i) == Some(Kind::Num) && cx.l(i + 1) == "uhr" {
        if let Some((hs, ms)) = cx.t(i).split_once('.') {
            if let (Ok(h), Ok(mi)) = (hs.parse::<u32>(), ms.parse::<u32>()) {
                if h < 24 && mi < 60 && hs.len() <= 2 && ms.len() == 2 {
                    return Some(clock_tail(cx, h, mi, i + 2));
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
                return Some(clock_tail(cx, h, mi, i + 4));
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
    let every = if let Some(w) = plural_weekday {
        Some((Some(w), i + 1))
    } else if has(&lx.every, l) && cx.same_line(i + 1) {
        if let Some(w) = cx.language.times.weekday(cx.l(i + 1)) {
            Some((Some(w), i + 2))
        } else if unit_of(cx.language, cx.l(i + 1)) == Some(Unit::Day) {
            Some((None, i + 2))
        } else {
            None
        }
    } else {
        None
    };
    if let Some((w, k)) = every {
        if lx.prep.get(cx.l(k)).map(String::as_str) == Some("at") || cx.l(k) == "um" {
            if let Some((Expr::Clock { h, min }, k2)) = core_d(cx, k + 1, depth + 1) {
                return Some((
                    Expr::Every {
                        w,
                        clock: Some((h, min)),
                    },
                    k2,
                ));
            }
        }
        return Some((Expr::Every { w, clock: None }, k));
    }
    // holidays: `Weihnachten`, `Tag der Arbeit`, `Ostermontag 2017`
    for (words, value) in &lx.holiday {
        if !(0..words.len()).all(|x| cx.l(i + x) == words[x] && (x == 0 || cx.same_line(i + x))) {
            continue;
        }
        let k = i + words.len();
        let (easter, m, d) = if let Some(off) = value.strip_prefix('E') {
            match off.parse::<i32>() {
                Ok(o) => (Some(o), 0, 0),
                Err(_) => continue,
            }
        } else {
            let mut it = value.split('-').map(|x| x.parse::<u32>().ok());
            match (it.next().flatten(), it.next().flatten()) {
                (Some(m), Some(d)) => (None, m, d),
                _ => continue,
            }
        };
        let y = cx.year(k).filter(|_| cx.same_line(k));
        let k = if y.is_some() { k + 1 } else { k };
        return Some((Expr::Holiday { easter, m, d, y }, k));
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
            return Some(clock_tail(cx, h, min, k));
        }
    }
    // deictic: heute, gestern, morgen (lower case: `Morgen` is the morning)
    if let Some(off) = lx.deictic.get(l) {
        if *off != 1 || !is_capitalised(cx.t(i)) || !cx.language.quantities.capitalised_nouns() {
            return Some((Expr::RelDay(*off), i + 1));
        }
    }
    // parts of the day: `Abend`, `Dienstagmorgen(s)`
    if let Some(part) = lx.daynoun.get(l) {
        return Some((
            Expr::DayPart {
                day: None,
                part: part.clone(),
            },
            i + 1,
        ));
    }
    for (noun, part) in lx.daynoun.iter() {
        let stem = l.strip_suffix('s').unwrap_or(l);
        if let Some(w) = stem
            .strip_suffix(noun.as_str())
            .filter(|p| p.chars().count() >= 5)
            .and_then(|p| cx.language.times.weekday(p))
        {
            return Some((
                Expr::DayPart {
                    day: Some(Box::new(Expr::Weekday(w))),
                    part: part.clone(),
                },
                i + 1,
            ));
        }
    }
    // relative adjective + unit: `vergangenen Jahr(es)`, `nächste Woche`, `diesem Jahr`
    if let Some(off) = lx.relative(l) {
        let next = cx.l(i + 1);
        if let Some(w) = cx.language.times.weekday(next) {
            return Some((Expr::RelWeekday { w, offset: off }, i + 2));
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
                return Some((
                    Expr::Rel {
                        unit: u,
                        offset: off,
                    },
                    i + 2,
                ));
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
                    let k = if cx.l(j + 2) == "uhr" { j + 3 } else { j + 2 };
                    return Some(clock_tail(cx, h, mi, k));
                }
            }
        }
        if cx.l(j) == "uhr" {
            if let Some(h) = cx
                .int(i)
                .or_else(|| (n.fract() == 0.0).then_some(n as u32))
                .filter(|h| *h < 25)
            {
                let mi = cx.int(j + 1).filter(|m| *m < 60 && cx.same_line(j + 1));
                let k = if mi.is_some() { j + 2 } else { j + 1 };
                return Some(clock_tail(cx, h, mi.unwrap_or(0), k));
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

/// Parse a full expression at `i`: prepositions, core, and a range's second half.
fn expression(cx: &Cx, i: usize) -> Option<(usize, Expr, usize)> {
    let lx = cx.language.times.lexicon();
    // a part of the day before a clock time: `abends um 8 Uhr`, `morgens von 5 bis 7 Uhr`
    if let Some(add) = lx.daypart.get(cx.l(i)) {
        let at = if cx.l(i + 1) == "um" { i + 2 } else { i + 1 };
        // (no part of the day at `at`: the recursion stays one level deep)
        if (at == i + 2 || lx.prep.contains_key(cx.l(at)))
            && !lx.daypart.contains_key(cx.l(at))
            && cx.same_line(i + 1)
        {
            if let Some((_, e, k)) = expression(cx, at) {
                if is_clock(&e) {
                    return Some((i, day_part_shift(e, *add), k));
                }
            }
        }
    }
    let mut j = i;
    let prep = lx.prep.get(cx.l(i)).cloned();
    if prep.is_some() {
        j += 1;
        if cx.is_det(j) {
            j += 1;
        }
    }
    // `von 17 bis 18 Uhr`: a bare hour is the left end of a clock range
    let bare_hour = || {
        matches!(prep.as_deref(), Some("from") | Some("between"))
            .then(|| cx.num(j))
            .flatten()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 24.0)
            .map(|n| {
                (
                    Expr::Clock {
                        h: n as u32,
                        min: 0,
                    },
                    j + 1,
                )
            })
    };
    let first = core(cx, j);
    let bare = first.is_none();
    let (mut e, mut k) = first.or_else(bare_hour)?;
    let start_piece = if prep.as_deref() == Some("for") {
        i + 1
    } else if prep.is_some() {
        i
    } else {
        j
    };
    // range: `bis (zum)`, `-`, `und` (after `zwischen`)
    if !matches!(
        e,
        Expr::Duration { .. } | Expr::Shift { .. } | Expr::LastN { .. }
    ) {
        for (link, meaning) in &lx.link {
            if !(0..link.len()).all(|x| cx.l(k + x) == link[x] && cx.same_line(k + x)) {
                continue;
            }
            if meaning == "and" && prep.as_deref() != Some("between") {
                continue;
            }
            let mut r = k + link.len();
            if cx.is_det(r) {
                r += 1;
            }
            if let Some((e2, k2)) = core(cx, r) {
                // `nächsten Donnerstag bis Samstag`: the right end lies in the same week
                let e2 = match (&e, e2) {
                    (Expr::RelWeekday { offset, .. }, Expr::Weekday(w)) => {
                        Expr::RelWeekday { w, offset: *offset }
                    }
                    (_, x) => x,
                };
                if (!bare || matches!(e2, Expr::Clock { .. }))
                    && matches!(
                        e2,
                        Expr::Date { .. }
                            | Expr::Weekday(_)
                            | Expr::Clock { .. }
                            | Expr::RelWeekday { .. }
                    )
                    && matches!(
                        e,
                        Expr::Date { .. }
                            | Expr::Weekday(_)
                            | Expr::Clock { .. }
                            | Expr::RelWeekday { .. }
                    )
                {
                    let left = inherit(e.clone(), &e2);
                    e = Expr::Range(Box::new(left), Box::new(e2));
                    k = k2;
                    return Some((start_piece, e, k));
                }
            }
            break;
        }
    }
    if bare {
        return None; // a bare hour outside a clock range is no time
    }
    // a day followed by a clock time: `Dienstag 11:00 Uhr`, `am 14. Oktober um 8 Uhr`
    let day_like = match &e {
        Expr::Weekday(_) | Expr::RelWeekday { .. } | Expr::RelDay(_) | Expr::Holiday { .. } => true,
        Expr::Date { m, d, .. } => m.is_some() && d.is_some(),
        _ => false,
    };
    if day_like && cx.same_line(k) {
        if let Some(part) = lx.daynoun.get(cx.l(k)) {
            return Some((
                start_piece,
                Expr::DayPart {
                    day: Some(Box::new(e)),
                    part: part.clone(),
                },
                k + 1,
            ));
        }
        let c = if cx.l(k) == "um" { k + 1 } else { k };
        if cx.same_line(c) {
            if let Some((Expr::Clock { h, min }, k2)) = core(cx, c) {
                e = Expr::At {
                    day: Box::new(e),
                    h,
                    min,
                };
                k = k2;
            }
        }
    }
    if let Expr::Date {
        d: Some(_),
        m: None,
        ..
    } = e
    {
        return None; // a lone `27.` is no date
    }
    if prep.as_deref() == Some("in") {
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
        Some("in")
            if matches!(e, Expr::Duration { .. })
                && !cx.language.quantities.capitalised_nouns() => {}
        _ => {}
    }
    // keep the preposition in the span only when it shapes the value or is a plain `am`/`im`
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
        (Expr::Clock { h, min }, Expr::Clock { h: h2, .. }) if h < 12 && h + 12 <= *h2 => {
            Expr::Clock { h: h + 12, min }
        }
        (l, _) => l,
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
        if let Some((s, e, k)) = expression(&cx, i) {
            if k > s && k <= pieces.len() {
                let mut end_piece = k - 1;
                // a trailing `.` of an abbreviated month is part of the span; a sentence dot is not
                if pieces[end_piece].kind == Kind::Punct
                    && pieces[end_piece].text(text) == "."
                    && !matches!(
                        e,
                        Expr::Date {
                            d: Some(_),
                            y: None,
                            ..
                        }
                    )
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
            }
        })
        .collect()
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
        Expr::At { day, h, min } => {
            let (v, how) = resolve(day, anchor);
            match v.filter(|v| !v.contains('/')) {
                Some(v) if *min == 0 => (Some(format!("{v}T{h:02}")), how),
                Some(v) => (Some(format!("{v}T{h:02}:{min:02}")), how),
                None => (None, Anchor::Unresolved),
            }
        }
        Expr::Recurring(p) => (Some(p.clone()), Anchor::Absolute),
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
        Expr::Holiday { easter, m, d, y } => {
            let year = y.or(a.map(|a| a.year()));
            let date = match (easter, year) {
                (Some(off), Some(yr)) => easter_sunday(yr)
                    .and_then(|e| e.checked_add_signed(Duration::try_days(*off as i64)?)),
                (None, Some(yr)) => NaiveDate::from_ymd_opt(yr, *m, *d),
                (None, None) => return (Some(format!("XXXX-{m:02}-{d:02}")), Anchor::Unresolved),
                (Some(_), None) => None,
            };
            let h = if y.is_some() { Anchor::Absolute } else { how };
            match date {
                Some(dt) => (Some(dt.format("%Y-%m-%d").to_string()), h),
                None => (None, Anchor::Unresolved),
            }
        }
        Expr::Clock { h, min } => (
            Some(if *min == 0 {
                format!("T{h:02}")
            } else {
                format!("T{h:02}:{min:02}")
            }),
            Anchor::Absolute,
        ),
        Expr::Range(l, r) => {
            let (lv, lh) = resolve(l, anchor);
            let (rv, rh) = resolve(r, anchor);
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
        Expr::NextN { n, unit } => {
            let from = shift_date(a, 1.0, Unit::Day, 1)?;
            let to = shift_date(from, *n, *unit, 1)?;
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
            match unit {
                Unit::Year | Unit::Decade | Unit::Century => {
                    format!("{:04}/{:04}", from.year(), a.year())
                }
                Unit::Month | Unit::Quarter | Unit::HalfYear => {
                    format!("{}/{}", from.format("%Y-%m"), a.format("%Y-%m"))
                }
                _ => format!("{}/{}", from.format("%Y-%m-%d"), a.format("%Y-%m-%d")),
            }
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
