//! A whole time expression: its governing preposition (kept apart, as TimeML leaves it out
//! of the expression), its core, what follows the core (a part of the day, a clock time), the
//! second half of a range, and the times TimeML annotates one by one inside it.

use crate::quantity::lexer::{is_capitalised, Kind};

use super::clock::{clock_tail, day_part_shift, is_clock};
use super::core::{core, reference_phrase};
use super::cx::{seq_at, unit_of, Cx};
use super::expr::{Expr, Unit};

/// A part TimeML annotates on its own: first piece, piece after it, expression.
pub(super) type Part = (usize, usize, Expr);

/// A time expression found at a piece.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    /// First piece of the expression (after its preposition; an article stays in).
    pub start: usize,
    /// The piece after it.
    pub end: usize,
    /// The governing preposition: its pieces and meaning (`bis zum` → until).
    pub signal: Option<(usize, usize, String)>,
    pub expr: Expr,
    /// The times TimeML annotates inside this one (a range's ends; a day and its clock time).
    pub parts: Vec<Part>,
    /// A list of days (`am 3., 4. und 5. Oktober`): only the parts are times.
    pub list: bool,
}

impl Found {
    fn plain(start: usize, end: usize, expr: Expr) -> Found {
        Found {
            start,
            end,
            signal: None,
            expr,
            parts: Vec::new(),
            list: false,
        }
    }
    /// The meaning of the preposition, if any.
    pub fn prep(&self) -> Option<&str> {
        self.signal.as_ref().map(|(_, _, p)| p.as_str())
    }
}

/// Parse a full expression at `i`: preposition, core, and a range's second half.
pub(super) fn expression(cx: &Cx, i: usize) -> Option<Found> {
    expression_in(cx, i, false)
}

/// A bare hour (`5` in `von 5 bis 6`, `10.30` in `von 10.30 bis 12 Uhr`) as a clock time,
/// with a part of the day after it.
pub(super) fn bare_hour(cx: &Cx, j: usize) -> Option<(Expr, usize)> {
    if cx.kind(j) == Some(Kind::Punct) || !cx.same_line(j) || cx.followed_by_unit(j + 1) {
        return None;
    }
    if let Some((hs, ms)) = cx
        .t(j)
        .split_once('.')
        .filter(|_| cx.kind(j) == Some(Kind::Num))
    {
        let (h, mi) = (hs.parse::<u32>().ok()?, ms.parse::<u32>().ok()?);
        return (h < 24 && mi < 60 && hs.len() <= 2 && ms.len() == 2)
            .then(|| clock_tail(cx, h, mi, 0, j + 1));
    }
    cx.num(j)
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 24.0)
        .map(|n| clock_tail(cx, n as u32, 0, 0, j + 1))
}

/// A day-like expression (a weekday, a relative day, a date with day and month).
pub(super) fn day_like(e: &Expr) -> bool {
    match e {
        Expr::Weekday(_) | Expr::RelWeekday { .. } | Expr::RelDay(_) | Expr::RefDay(_) => true,
        Expr::Date { m, d, .. } => m.is_some() && d.is_some(),
        _ => false,
    }
}

/// A clock time shifted into the part of the day `part` names (`Abend` + `8 Uhr` → 20:00).
fn clock_in_part(h: u32, min: u32, sec: u32, part: Option<&str>) -> (u32, u32, u32) {
    match part {
        Some(code @ ("AF" | "EV" | "NI")) => {
            match day_part_shift(Expr::Clock { h, min, sec }, 12, Some(code)) {
                Expr::Clock { h, min, sec } => (h, min, sec),
                _ => (h, min, sec),
            }
        }
        _ => (h, min, sec),
    }
}

/// A day followed by a part of the day or a clock time: `morgen Abend`, `gestern früh`,
/// `Dienstag 11:00 Uhr`, `am 14. Oktober um 8 Uhr`, `Sonntag frühmorgens um 8:00`,
/// `am 22. April von 5 bis 6 Uhr nachmittags`. The day expression `e` spans `j..k`.
pub(super) fn day_tail(cx: &Cx, e: Expr, j: usize, k: usize) -> Found {
    if let Some(f) = compound_clock(cx, &e, j, k) {
        return f;
    }
    if !day_like(&e) || !cx.same_line(k) {
        return Found::plain(j, k, e);
    }
    let lx = cx.language.times.lexicon();
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
    let pn = if part.is_some() { pn } else { 0 };
    let c = k + pn;
    if let Some(f) = day_clock(cx, &e, part.as_deref(), j, k, c) {
        return f;
    }
    if let Some(part) = part {
        let day = Some(Box::new(e));
        return Found::plain(j, c, Expr::DayPart { day, part });
    }
    day_clock_range(cx, &e, j, k).unwrap_or_else(|| Found::plain(j, k, e))
}

/// `mittwochfrühmorgens um 8:00`: the compound's day with the clock time.
fn compound_clock(cx: &Cx, e: &Expr, j: usize, k: usize) -> Option<Found> {
    let Expr::DayPart {
        day: Some(day),
        part,
    } = e
    else {
        return None;
    };
    if !cx.clock_prep(k) || !cx.same_line(k + 1) {
        return None;
    }
    let (Expr::Clock { h, min, sec }, k2) = core(cx, k + 1)? else {
        return None;
    };
    let (h, min, sec) = clock_in_part(h, min, sec, Some(part));
    let at = Expr::At {
        day: day.clone(),
        h,
        min,
        sec,
    };
    let parts = vec![(j, k, e.clone()), (k + 1, k2, at.clone())];
    Some(Found {
        parts,
        ..Found::plain(j, k2, at)
    })
}

/// A day, an optional part of the day (ending before piece `c`) and a clock time:
/// `am 23. Oktober um 7`, `heute Abend um 8 Uhr`.
fn day_clock(cx: &Cx, e: &Expr, part: Option<&str>, j: usize, k: usize, c: usize) -> Option<Found> {
    let c2 = if cx.clock_prep(c) { c + 1 } else { c };
    if !cx.same_line(c2) || (part.is_some() && !cx.same_line(c)) {
        return None;
    }
    // after `um` a bare hour is a clock time
    let clock = core(cx, c2).or_else(|| (c2 > c).then(|| bare_hour(cx, c2)).flatten());
    let (Expr::Clock { h, min, sec }, k2) = clock? else {
        return None;
    };
    let (h, min, sec) = clock_in_part(h, min, sec, part);
    let at = Expr::At {
        day: Box::new(e.clone()),
        h,
        min,
        sec,
    };
    let day_part = match part {
        Some(p) => Expr::DayPart {
            day: Some(Box::new(e.clone())),
            part: p.to_string(),
        },
        None => e.clone(),
    };
    let day_end = if part.is_some() { c } else { k };
    let parts = vec![(j, day_end, day_part), (c2, k2, at.clone())];
    Some(Found {
        parts,
        ..Found::plain(j, k2, at)
    })
}

/// A clock range on a day: `von 5 bis 6 Uhr`, `zwischen 4 und 6 Uhr nachmittags`.
fn day_clock_range(cx: &Cx, e: &Expr, j: usize, k: usize) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    if !matches!(
        lx.prep.get(cx.l(k)).map(String::as_str),
        Some("from" | "between")
    ) {
        return None;
    }
    let inner = expression_in(cx, k, true)?;
    let Expr::Range(l, r) = &inner.expr else {
        return None;
    };
    let at = |x: &Expr| match *x {
        Expr::Clock { h, min, sec } => Some(Expr::At {
            day: Box::new(e.clone()),
            h,
            min,
            sec,
        }),
        _ => None,
    };
    let (la, ra) = (at(l)?, at(r)?);
    let mut parts = vec![(j, k, e.clone())];
    for (s, t, x) in &inner.parts {
        parts.push((*s, *t, at(x)?));
    }
    let range = Expr::Range(Box::new(la), Box::new(ra));
    Some(Found {
        parts,
        ..Found::plain(j, inner.end, range)
    })
}

/// A day written `23.` with no month after it.
pub(super) fn bare_day(cx: &Cx, r: usize) -> Option<(u32, usize)> {
    if cx.kind(r) != Some(Kind::Num) || !cx.same_line(r) {
        return None;
    }
    cx.day(r)
        .filter(|(_, j)| cx.month(*j).is_none() && cx.int(*j).is_none())
}

/// `4. bis zum 23.` at piece `r`: two bare days linked as a range, with their pieces.
/// A bare day with its first piece and the piece after it.
type BareDay = (u32, usize, usize);

fn day_range(cx: &Cx, r: usize) -> Option<(BareDay, BareDay)> {
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
    (d1 <= d2).then_some(((d1, r, j), (d2, r2, k)))
}

/// The expression ends in a day written `27.` whose dot belongs to it.
pub(super) fn ends_with_day(e: &Expr) -> bool {
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

/// A part of the day before a clock time: `abends um 8 Uhr`, `morgens von 5 bis 7 Uhr`.
fn daypart_then_clock(cx: &Cx, i: usize) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    let add = lx.daypart.get(cx.l(i))?;
    let at = if cx.clock_prep(i + 1) { i + 2 } else { i + 1 };
    // (no part of the day at `at`: the recursion stays one level deep)
    if !((at == i + 2 || lx.prep.contains_key(cx.l(at)))
        && !lx.daypart.contains_key(cx.l(at))
        && cx.same_line(i + 1))
    {
        return None;
    }
    let inner = expression_in(cx, at, true)?;
    if !is_clock(&inner.expr) {
        return None;
    }
    let code = lx.daypart_code.get(cx.l(i)).map(String::as_str);
    let shift = |e: &Expr| day_part_shift(e.clone(), *add, code);
    let parts = inner
        .parts
        .iter()
        .map(|(s, t, x)| (*s, *t, shift(x)))
        .collect();
    Some(Found {
        parts,
        ..Found::plain(i, inner.end, shift(&inner.expr))
    })
}

/// `um 12 nachts`: a bare hour with a part of the day after it.
fn hour_then_daypart(cx: &Cx, i: usize) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    if !cx.clock_prep(i) || !lx.daypart.contains_key(cx.l(i + 2)) {
        return None;
    }
    let (e, k) = bare_hour(cx, i + 1).filter(|(_, k)| *k == i + 3)?;
    Some(Found {
        signal: Some((i, i + 1, "at".into())),
        ..Found::plain(i + 1, k, e)
    })
}

/// The preposition at `i` (a two-word one wins: `bis zum`): its meaning and the piece after.
fn preposition(cx: &Cx, i: usize) -> Option<(String, usize)> {
    let lx = cx.language.times.lexicon();
    let one = lx.prep.get(cx.l(i))?;
    let two = format!("{} {}", cx.l(i), cx.l(i + 1));
    Some(match lx.prep.get(&two) {
        Some(p) => (p.clone(), i + 2),
        None => (one.clone(), i + 1),
    })
}

/// Pieces of a quantity qualifier at `j` (`rund`, `mehr als`), if one stands there.
fn qualifier_len(cx: &Cx, j: usize) -> usize {
    let q = cx.language.quantities.lexicon();
    q.qualifiers
        .iter()
        .filter(|(w, _)| seq_at(cx, j, w))
        .map(|(w, _)| w.len())
        .max()
        .unwrap_or(0)
}

/// The core after a preposition at `j`: an article that belongs to the core (`das Jahr`)
/// first, then the core after an article; a qualifier of a duration stays in the expression
/// (`seit gut 15 Jahren`, `rund 200 Stunden`). Returns (core, first piece of the expression,
/// its end, whether it is a bare hour).
fn core_after(cx: &Cx, j: usize, bare_ok: bool) -> Option<(Expr, usize, usize, bool)> {
    if let Some((e, k)) = core(cx, j) {
        return Some((e, j, k, false));
    }
    let c = if cx.is_det(j) { j + 1 } else { j };
    if let Some((e, k)) = core(cx, c) {
        let start = if c > j && article_belongs(cx, &e, c, k) {
            j
        } else {
            c
        };
        return Some((e, start, k, false));
    }
    let q = qualifier_len(cx, c);
    if q > 0 {
        if let Some((e @ (Expr::Duration { .. } | Expr::Vague(_)), k)) = core(cx, c + q) {
            return Some((e, c, k, false));
        }
    }
    bare_ok
        .then(|| bare_hour(cx, c).map(|(e, k)| (e, c, k, true)))
        .flatten()
}

/// An article before the core at `c` (ending before `k`) belongs to the expression when the
/// expression is a noun phrase of time (`den vergangenen zwei Jahren`, `dem 20. April`, `den
/// 1990er-Jahren`), not when the time word only qualifies another noun or is an adverb (`die
/// derzeit …`, `dem heutigen Kaliningrad`, `der 16 Jahre alte`).
fn article_belongs(cx: &Cx, e: &Expr, c: usize, k: usize) -> bool {
    let lx = cx.language.times.lexicon();
    // (`of November`: a linking word, no article)
    if c > 0 && lx.day_of.iter().any(|w| w == cx.l(c - 1)) {
        return false;
    }
    if matches!(e, Expr::Ref(_) | Expr::Recurring(_) | Expr::Every { .. }) {
        return false;
    }
    // `der 16 Jahre alte`: a number right after the article counts for the noun after it
    if matches!(e, Expr::Duration { .. }) && cx.num(c).is_some() {
        return false;
    }
    if cx.language.quantities.capitalised_nouns() {
        // the expression ends in its noun (`dem 20. April`, `den vergangenen Tagen`), not in an
        // adjective or adverb (`des heutigen Gesetzes`, `das jahrelange`)
        let last = k.saturating_sub(1);
        let last = if cx.t(last) == "." && last > c {
            last - 1
        } else {
            last
        };
        return cx.kind(last) == Some(Kind::Num) || is_capitalised(cx.t(last));
    }
    !matches!(e, Expr::Vague(_))
}

/// Like [`expression`]; `clocky` (after a part of the day or a day) lets bare hours stand
/// for clock times (`morgens von 5 bis sieben`).
pub(super) fn expression_in(cx: &Cx, i: usize, clocky: bool) -> Option<Found> {
    if !clocky {
        if let Some(f) = daypart_then_clock(cx, i).or_else(|| hour_then_daypart(cx, i)) {
            return Some(f);
        }
    }
    // a phrase opening with a preposition word of its own: `vor kurzem`, `in Zukunft`
    if let Some((e, k)) = reference_phrase(cx, i, 0) {
        return Some(Found::plain(i, k, e));
    }
    let (signal, j) = match preposition(cx, i) {
        Some((p, j)) => (Some((i, j, p)), j),
        None => (None, i),
    };
    let prep = signal.as_ref().map(|(_, _, p)| p.as_str());
    let ranged = matches!(prep, Some("from" | "between"));
    if let Some(mut f) = duration_range(cx, j) {
        f.signal = signal;
        return Some(f);
    }
    let (e, start, k, bare) = core_after(cx, j, ranged || clocky)?;
    let mut found = if bare || clocky {
        Found::plain(start, k, e)
    } else {
        day_tail(cx, e, start, k)
    };
    found.signal = signal;
    let found = month_day_range(cx, &found)
        .or_else(|| minutes_to_hour(cx, &found))
        .or_else(|| clock_then_day(cx, &found, bare))
        .or_else(|| range(cx, &found, bare, clocky))
        .or_else(|| day_list(cx, &found))
        .unwrap_or(found);
    finish(cx, found, bare, clocky)
}

/// Two durations of one unit: `sechs bis acht Monate`, `zwischen zwei und drei Jahren` —
/// each a duration (a list: TimeML marks both).
fn duration_range(cx: &Cx, j: usize) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    let n = cx
        .num(j)
        .filter(|n| *n > 0.0 && cx.kind(j + 1) != Some(Kind::Punct))?;
    if core(cx, j).is_some() {
        return None;
    }
    let (link, _) = lx
        .link
        .iter()
        .find(|(w, _)| seq_at(cx, j + 1, w) && cx.same_line(j + 1))?;
    let r = j + 1 + link.len();
    let (Expr::Duration { n: n2, unit }, k) = core(cx, r)? else {
        return None;
    };
    if n2 <= n {
        return None;
    }
    let left = Expr::Duration { n, unit };
    Some(Found {
        parts: vec![(j, j + 1, left), (r, k, Expr::Duration { n: n2, unit })],
        list: true,
        ..Found::plain(j, k, Expr::Duration { n: n2, unit })
    })
}

/// `nächsten Monat vom 4. bis zum 23.`: days of a month-valued expression.
fn month_day_range(cx: &Cx, f: &Found) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    let month_like = matches!(
        f.expr,
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
    let k = f.end;
    if !month_like || lx.prep.get(cx.l(k)).map(String::as_str) != Some("from") || !cx.same_line(k) {
        return None;
    }
    let ((d1, s1, e1), (d2, s2, e2)) = day_range(cx, k + 1)?;
    let day = |d| Expr::DayOf {
        month: Box::new(f.expr.clone()),
        d,
    };
    Some(
        Found {
            parts: vec![(s1, e1, day(d1)), (s2, e2, day(d2))],
            ..Found::plain(
                f.start,
                e2,
                Expr::Range(Box::new(day(d1)), Box::new(day(d2))),
            )
        }
        .with_signal(f),
    )
}

impl Found {
    fn with_signal(mut self, of: &Found) -> Found {
        self.signal = of.signal.clone();
        self
    }
}

/// `drei Minuten vor 8`, `30 min nach acht`: a clock time.
fn minutes_to_hour(cx: &Cx, f: &Found) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    let Expr::Duration {
        n,
        unit: Unit::Minute,
    } = f.expr
    else {
        return None;
    };
    let k = f.end;
    let side = lx.clock_side.get(cx.l(k)).filter(|_| cx.same_line(k))?;
    let hr = cx
        .num(k + 1)
        .filter(|h| h.fract() == 0.0 && (0.0..=24.0).contains(h) && cx.same_line(k + 1))
        .filter(|_| {
            // `5 Minuten nach zwei Toren`: a noun after the number counts something
            let noun = cx.kind(k + 2) == Some(Kind::Word)
                && is_capitalised(cx.t(k + 2))
                && !cx.oclock(k + 2)
                && cx.same_line(k + 2);
            !noun && !cx.followed_by_unit(k + 2) && unit_of(cx.language, cx.l(k + 2)).is_none()
        })?;
    if n.fract() != 0.0 || !(1.0..60.0).contains(&n) {
        return None;
    }
    let total = (hr as i64 * 60 + *side as i64 * n as i64).rem_euclid(24 * 60);
    let k2 = if cx.oclock(k + 2) { k + 3 } else { k + 2 };
    let (c, k2) = clock_tail(cx, (total / 60) as u32, (total % 60) as u32, 0, k2);
    Some(Found::plain(f.start, k2, c).with_signal(f))
}

/// A clock time with its day after it: `um 8 Uhr heute Abend`, `um 20 Uhr am Montag`,
/// `um drei Uhr in der Nacht`, `um 3 Uhr jeden Tag`.
fn clock_then_day(cx: &Cx, f: &Found, bare: bool) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    let Expr::Clock { h, min, sec } = f.expr else {
        return None;
    };
    let k = f.end;
    if !cx.same_line(k) || bare {
        return None;
    }
    if let Some((
        Expr::Every {
            w,
            clock: None,
            part,
        },
        k2,
    )) = core(cx, k)
    {
        let clock = Some((h, min));
        return Some(Found::plain(f.start, k2, Expr::Every { w, clock, part }).with_signal(f));
    }
    let prep = lx.prep.get(cx.l(k)).map(String::as_str);
    if matches!(prep, Some("in" | "at")) && cx.is_det(k + 1) && cx.same_line(k + 2) {
        if let Some(part) = lx.daynoun.get(cx.l(k + 2)) {
            let (h, min, sec) = clock_in_part(h, min, sec, Some(part));
            return Some(Found::plain(f.start, k + 3, Expr::Clock { h, min, sec }).with_signal(f));
        }
    }
    let d0 = if prep == Some("at") { k + 1 } else { k };
    let (day, k2) = core(cx, d0)
        .filter(|(d, _)| day_like(d) || matches!(d, Expr::DayPart { day: Some(_), .. }))?;
    let tail = day_tail(cx, day, d0, k2);
    let at = match tail.expr.clone() {
        Expr::DayPart {
            day: Some(day),
            part,
        } => {
            let (h, min, sec) = clock_in_part(h, min, sec, Some(&part));
            Expr::At { day, h, min, sec }
        }
        d if day_like(&d) => Expr::At {
            day: Box::new(d),
            h,
            min,
            sec,
        },
        _ => return None,
    };
    let parts = vec![(f.start, f.end, at.clone()), (d0, tail.end, tail.expr)];
    Some(
        Found {
            parts,
            ..Found::plain(f.start, tail.end, at)
        }
        .with_signal(f),
    )
}

/// The ends a range may join.
fn range_end(x: &Expr) -> bool {
    matches!(
        x,
        Expr::Date { .. }
            | Expr::Weekday(_)
            | Expr::Clock { .. }
            | Expr::RelWeekday { .. }
            | Expr::At { .. }
    )
}

/// The right end of a range at piece `r`, after the left end `f`.
fn right_end(cx: &Cx, f: &Found, r: usize, bare: bool, clocky: bool) -> Option<(Expr, usize)> {
    match core(cx, r) {
        Some((e2, k2)) if matches!(f.expr, Expr::At { .. }) => {
            let t = day_tail(cx, e2, r, k2);
            Some((t.expr, t.end))
        }
        Some(x) => Some(x),
        None if clocky || bare => bare_hour(cx, r).filter(|_| clocky),
        // `vom 4. bis zum 23.`: days of the anchor's month
        None if matches!(f.expr, Expr::Date { m: None, .. }) => {
            bare_day(cx, r).map(|(d, k2)| (Expr::date(None, None, Some(d)), k2))
        }
        None => None,
    }
}

/// A range: `bis (zum)`, `-`, `und` (after `zwischen`); `am 5. und 6. Dezember` (two days in a
/// row). Its ends are its parts.
fn range(cx: &Cx, f: &Found, bare: bool, clocky: bool) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    if matches!(
        f.expr,
        Expr::Duration { .. } | Expr::Shift { .. } | Expr::LastN { .. } | Expr::Vague(_)
    ) {
        return None;
    }
    let k = f.end;
    let (link, meaning) = lx
        .link
        .iter()
        .find(|(w, _)| (0..w.len()).all(|x| cx.l(k + x) == w[x] && cx.same_line(k + x)))?;
    let list = meaning == "and" && f.prep() != Some("between");
    if list
        && !matches!(
            f.expr,
            Expr::Date {
                m: None,
                d: Some(_),
                ..
            }
        )
    {
        return None;
    }
    let mut r = k + link.len();
    if cx.is_det(r) {
        r += 1;
    }
    let (e2, k2) = right_end(cx, f, r, bare, clocky)?;
    // `nächsten Donnerstag bis Samstag`: the right end lies in the same week
    let e2 = match (&f.expr, e2) {
        (Expr::RelWeekday { offset, .. }, Expr::Weekday(w)) => {
            Expr::RelWeekday { w, offset: *offset }
        }
        (_, x) => x,
    };
    let consecutive = match (&f.expr, &e2) {
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
    let ok = (!bare || matches!(e2, Expr::Clock { .. }))
        && range_end(&e2)
        && range_end(&f.expr)
        && (!list || consecutive);
    if !ok {
        return None;
    }
    let left = inherit(f.expr.clone(), &e2);
    let right_start = if cx.is_det(k + link.len()) {
        k + link.len()
    } else {
        r
    };
    let parts = vec![
        (f.start, f.end, left.clone()),
        (right_start, k2, e2.clone()),
    ];
    Some(
        Found {
            parts,
            ..Found::plain(f.start, k2, Expr::Range(Box::new(left), Box::new(e2)))
        }
        .with_signal(f),
    )
}

/// A list of days with one month: `am 3., 4., 5., 6. und 7. Oktober` — each day a time.
fn day_list(cx: &Cx, f: &Found) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    if !matches!(
        f.expr,
        Expr::Date {
            m: None,
            d: Some(_),
            ..
        }
    ) {
        return None;
    }
    let mut days = vec![(f.start, f.end, f.expr.clone())];
    let mut k = f.end;
    loop {
        let and = lx
            .link
            .iter()
            .find(|(w, m)| m == "and" && seq_at(cx, k, w))
            .map(|(w, _)| w.len());
        let step = if cx.t(k) == "," { Some(1) } else { and };
        let r = k + step?;
        if let Some((d, k2)) = bare_day(cx, r) {
            if cx.t(k2) == "," || lx.link.iter().any(|(w, m)| m == "and" && seq_at(cx, k2, w)) {
                days.push((r, k2, Expr::date(None, None, Some(d))));
                k = k2;
                continue;
            }
        }
        let (last, k2) = core(cx, r)?;
        let Expr::Date {
            m: Some(_),
            d: Some(_),
            ..
        } = last
        else {
            return None;
        };
        days = days
            .into_iter()
            .map(|(s, t, e)| (s, t, inherit(e, &last)))
            .collect();
        days.push((r, k2, last.clone()));
        return Some(
            Found {
                parts: days,
                list: true,
                ..Found::plain(f.start, k2, last)
            }
            .with_signal(f),
        );
    }
}

/// The last checks: a bare hour outside a clock range is no time, nor a lone `27.`.
fn finish(cx: &Cx, mut f: Found, bare: bool, clocky: bool) -> Option<Found> {
    let lx = cx.language.times.lexicon();
    // `27 ноября 2024 года`: the noun after a year belongs to it
    if f.end > f.start && cx.year(f.end - 1).is_some() && cx.year_noun(f.end) {
        f.end += 1;
    }
    if bare && !clocky && !matches!(f.expr, Expr::Range(..)) {
        return None;
    }
    if let Expr::Date {
        d: Some(_),
        m: None,
        ..
    } = f.expr
    {
        // a lone `27.` is no date; `Dienstag, der 25.` is
        let lw = cx.l(f.start);
        if cx.language.times.weekday(lw).is_none() && !lx.weekday_abbr.contains_key(lw) {
            return None;
        }
    }
    Some(f)
}

/// How far before `in` + duration a looking-back word may stand (`the first visit by a French
/// president in ten years`).
const LOOKBACK_WORDS: usize = 10;

/// Whether a duration after `in` at piece `i` looks back (`the first visit in three years`,
/// `erstmals in drei Jahren`): a period up to now, not a day ahead.
pub(super) fn looks_back(cx: &Cx, i: usize) -> bool {
    let lx = cx.language.times.lexicon();
    (i.saturating_sub(LOOKBACK_WORDS)..i)
        .any(|k| lx.lookback.iter().any(|w| w == cx.l(k)) && (k + 1..=i).all(|m| cx.same_line(m)))
}

/// Give the left end of a range the month/year its right end names (`27.` + `28. November`).
pub(super) fn inherit(left: Expr, right: &Expr) -> Expr {
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
