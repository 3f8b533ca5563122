//! Dates and times, resolved against the article's date.
//!
//! Absolute dates (`27. November 2024`, `im Februar 2022`, `2023`, `27.11.2024`), ranges
//! (`vom 27. bis 28. November`, `zwischen 2015 und 2021`), relative expressions
//! (`am Mittwoch`, `im vergangenen Jahr`, `in den ersten zehn Monaten des vergangenen
//! Jahres`, `Anfang des Monats`, `bis 2025`) and durations (`zwei Tage` → `P2D`).
//! Values are ISO 8601 / TIMEX3 style. Relative expressions are resolved against the
//! published date, else against the latest complete date the text itself names, else
//! left [`Anchor::Unresolved`].
use chrono::NaiveDate;
use parallax_model::{Anchor, Span, TimeExpr, TimeType};

use crate::lang::Language;
use crate::quantity::lexer::{self, lower, Kind, Piece};

mod calendar;
mod clock;
mod core;
mod cx;
mod expr;
pub mod lexicon;
mod phrase;
mod resolve;
mod tense;
mod written;

use core::duration_adjective;
use cx::Cx;
pub use expr::{Expr, Unit};
pub use lexicon::DateLexicon;
use phrase::{ends_with_day, expression};
use phrase::{looks_back, Found};
pub use resolve::resolve;
pub use resolve::{Context, Tense};

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
}

/// One parsed expression: its extent as TimeML marks it, its governing preposition, and the
/// times TimeML marks one by one inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub span: Span,
    pub expr: Expr,
    /// The preposition's span and meaning (`bis zum` → until).
    pub signal: Option<(Span, String)>,
    /// Parts TimeML marks on their own (a range's ends; a day and its clock time).
    pub parts: Vec<(Span, Expr)>,
    /// The tense of the clause the expression stands in.
    pub tense: Tense,
    /// A duration after `in` looks back (`erstmals in drei Jahren`): a period up to now.
    pub looks_back: bool,
    /// A clock time said of each of several days (`jeweils 20 Uhr`): no day of its own.
    pub each: bool,
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
                || core::frequency(cx, i)
                || q.qualifiers
                    .iter()
                    .any(|(w, _)| w.first().is_some_and(|f| f == l))
        }
        _ => false,
    }
}

/// The span of pieces `s..k`; a trailing `.` belongs to it only after a day (`27.`) or an
/// abbreviated month, not at a sentence end.
fn piece_span(cx: &Cx, s: usize, k: usize, e: &Expr) -> Span {
    let mut end_piece = k - 1;
    if cx.kind(end_piece) == Some(Kind::Punct)
        && cx.t(end_piece) == "."
        && !ends_with_day(e)
        && end_piece > s
    {
        end_piece -= 1;
    }
    Span::new(cx.pieces[s].start, cx.pieces[end_piece].end)
}

/// The parsed expressions of one found phrase: itself, or each day of a list.
fn parsed_of(cx: &Cx, f: Found) -> Vec<Parsed> {
    let lx = cx.language.times.lexicon();
    let f = rate_with_preposition(cx, f);
    let before = f.signal.as_ref().map_or(f.start, |(s, _, _)| *s);
    let signal = f.signal.as_ref().map(|(s, e, p)| {
        (
            Span::new(cx.pieces[*s].start, cx.pieces[e - 1].end),
            p.clone(),
        )
    });
    let base = Parsed {
        span: piece_span(cx, f.start, f.end, &f.expr),
        expr: f.expr.clone(),
        signal,
        parts: Vec::new(),
        tense: tense::of_clause(cx, f.start, f.end),
        looks_back: looks_back(cx, before),
        each: before > 0 && lx.each.iter().any(|w| w == cx.l(before - 1)),
    };
    let parts: Vec<(Span, Expr)> = f
        .parts
        .iter()
        .filter(|(s, k, _)| k > s && *k <= cx.pieces.len())
        .map(|(s, k, e)| (piece_span(cx, *s, *k, e), e.clone()))
        .collect();
    if !f.list {
        return vec![Parsed { parts, ..base }];
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(n, (span, expr))| Parsed {
            span,
            expr,
            signal: if n == 0 { base.signal.clone() } else { None },
            ..base.clone()
        })
        .collect()
}

/// A rate keeps its preposition and the frequency before it: TimeML marks `einmal im Monat`
/// and `400 Euro im Monat` as the sets `einmal im Monat` and `im Monat`, where the preposition
/// governs nothing but belongs to the rate.
fn rate_with_preposition(cx: &Cx, mut f: Found) -> Found {
    if !matches!(f.expr, Expr::Recurring(_)) || !matches!(f.prep(), Some("in" | "at")) {
        return f;
    }
    let Some((s, _, _)) = f.signal.take() else {
        return f;
    };
    f.start = if s > 0 && core::frequency(cx, s - 1) {
        s - 1
    } else {
        s
    };
    f
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
        match expression(&cx, i) {
            Some(f) if f.end > f.start && f.end <= pieces.len() => {
                i = f.end;
                out.extend(parsed_of(&cx, f));
            }
            _ => i += 1,
        }
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
    let mut reading = Reading::default();
    parsed
        .iter()
        .map(|p| {
            let cx = reading.context(anchor, p);
            let t = time_expr(text, p, &cx);
            reading.note(p, &t);
            t
        })
        .collect()
}

/// What the text has spoken of so far, for the expressions after it.
#[derive(Default)]
struct Reading {
    /// The day last spoken of; `None` inside after several days (`25. und 26. August`).
    day: Option<NaiveDate>,
    several_days: bool,
    /// The year of the last date written with its year, and where that date ends.
    year: Option<(i32, usize)>,
}

/// How far back (in bytes) a year written out still governs a month without one.
const YEAR_REACH: usize = 200;

impl Reading {
    fn context(&self, anchor: Option<(NaiveDate, Anchor)>, p: &Parsed) -> Context {
        let floating = p.each || self.several_days;
        let year = self
            .year
            .filter(|(_, end)| p.span.start.saturating_sub(*end) <= YEAR_REACH)
            .map(|(y, _)| y);
        Context {
            anchor,
            day: self.day,
            year,
            tense: p.tense,
            floating,
        }
    }

    /// Take in what `t` (parsed as `p`) speaks of.
    fn note(&mut self, p: &Parsed, t: &TimeExpr) {
        if let Some(y) = written_year(&p.expr) {
            self.year = Some((y, p.span.end));
        }
        let Some(v) = &t.value else { return };
        if t.kind == TimeType::Set {
            return;
        }
        if let Some((a, b)) = v.range() {
            if a.day().is_some() && b.day().is_some() && a.day() != b.day() {
                self.several_days = true;
                self.day = None;
            }
            return;
        }
        // a day counted from the day spoken of (`am Vortag`) leaves that day the reference
        if matches!(p.expr, Expr::RefDay(_)) {
            return;
        }
        if let Some((y, m, d)) = v.day() {
            self.day = NaiveDate::from_ymd_opt(y, m as u32, d as u32);
            self.several_days = false;
        }
    }
}

/// The year an expression writes out (`März 1992`, `1991`; the right end of a range).
fn written_year(e: &Expr) -> Option<i32> {
    match e {
        Expr::Date { y: Some(y), .. } => Some(*y),
        Expr::Range(l, r) => written_year(r).or_else(|| written_year(l)),
        Expr::Open { inner, .. } => written_year(inner),
        _ => None,
    }
}

/// The expression TimeML values: the stretch of `die letzten 30 Jahre` is a duration (P30Y),
/// as is that of `die nächsten drei Tage`.
fn timeml_expr(e: &Expr) -> Expr {
    match e {
        Expr::LastN { n, unit } | Expr::NextN { n, unit } => Expr::Duration { n: *n, unit: *unit },
        x => x.clone(),
    }
}

/// What the phrase with its preposition means, where that differs from the expression:
/// `vor drei Tagen` (a day three days back), `in drei Jahren`, `bis 2025`, `seit 2015`, `in den
/// letzten 30 Jahren` (the period up to now).
fn phrase_expr(p: &Parsed) -> Option<Expr> {
    let prep = p.signal.as_ref().map(|(_, m)| m.as_str());
    let shift = |n: f64, unit: Unit, sign: i32| Some(Expr::Shift { n, unit, sign });
    match (&p.expr, prep) {
        (Expr::LastN { .. } | Expr::NextN { .. }, _) => Some(p.expr.clone()),
        (Expr::Duration { n, unit }, Some("in")) if !p.looks_back => shift(*n, *unit, 1),
        (Expr::Duration { n, unit }, Some("before")) => shift(*n, *unit, -1),
        (Expr::Date { .. }, Some(m @ ("until" | "since"))) => Some(Expr::Open {
            until: m == "until",
            inner: Box::new(p.expr.clone()),
        }),
        _ => None,
    }
}

/// The time expression of `p`, resolved in `cx`, with its parts.
fn time_expr(text: &str, p: &Parsed, cx: &Context) -> TimeExpr {
    let timeml = timeml_expr(&p.expr);
    let (value, anchored_to) = resolve(&timeml, cx);
    let phrase_value = phrase_expr(p)
        .and_then(|e| resolve(&e, cx).0)
        .filter(|v| Some(v) != value.as_ref());
    let parts = p
        .parts
        .iter()
        .map(|(span, e)| {
            let (value, anchored_to) = resolve(e, cx);
            TimeExpr {
                span: *span,
                text: span.slice(text).to_string(),
                value,
                anchored_to,
                kind: timex_type(e),
                signal: None,
                phrase_value: None,
                parts: Vec::new(),
            }
        })
        .collect();
    TimeExpr {
        span: p.span,
        text: p.span.slice(text).to_string(),
        value,
        anchored_to,
        kind: timex_type(&timeml),
        signal: p.signal.as_ref().map(|(s, _)| *s),
        phrase_value,
        parts,
    }
}

/// The TIMEX3 type of a parsed expression.
fn timex_type(e: &Expr) -> TimeType {
    match e {
        Expr::Duration { .. } | Expr::Vague(_) => TimeType::Duration,
        Expr::Clock { .. } | Expr::At { .. } | Expr::DayPart { .. } | Expr::UntimedClock => {
            TimeType::Time
        }
        Expr::Shift {
            unit: Unit::Hour | Unit::Minute | Unit::Second,
            ..
        } => TimeType::Time,
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

#[cfg(test)]
mod tests;
