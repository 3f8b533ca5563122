//! The parsed form of a time expression, before it is resolved to a value.

use parallax_model::Reference;

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
    pub fn parse(s: &str) -> Option<Unit> {
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
    /// `drei Minuten später`: a clock time counted from an event with no clock time of its
    /// own (TIMEX3 `XXXX-XX-XXTXX:XX`).
    UntimedClock,
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
    /// `damals`, `jetzt`, `künftig`: a vague point of the past, present or future.
    Ref(Reference),
    /// `wenigen Tagen`, `den vergangenen Jahren`, `jahrelang`: a vague amount of a unit
    /// (TIMEX3 `PXD`, `PXY`).
    Vague(Unit),
    /// `das Jahr`, `des Jahres`: the year the text speaks of (else the anchor's).
    ThatYear,
    /// `Vortag`, `Tag zuvor`, `an diesem Tag`: days from the day the text last spoke of.
    RefDay(i32),
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
        /// A part of the day (`jeden Montagabend` → EV).
        part: Option<String>,
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
    /// `15. Jahrhundert`: a century (TIMEX3 `14`).
    Century(i32),
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
    pub(super) fn date(y: Option<i32>, m: Option<u32>, d: Option<u32>) -> Expr {
        Expr::Date { y, m, d }
    }
}
