//! The core of a time expression (without its preposition): one named step per kind of
//! expression, tried in order; the first that reads something at the piece wins.

use crate::quantity::lexer::{is_capitalised, Kind};

use super::calendar::duration;
use super::clock::clock_tail;
use super::cx::{has, seq_at, unit_of, Cx};
use super::expr::{Expr, Unit};
use super::lexicon;
use super::phrase::day_like;
use super::written::{digit_date, mixed_date, month_year, ordinal_pair};

/// One step of the core grammar: what it reads at piece `i` and the piece after it.
type Step = fn(&Cx, usize, usize) -> Option<(Expr, usize)>;

/// The steps in the order they are tried: written dates first, then calendar words, then
/// clock times, sets, parts of the day, relative and vague expressions, durations.
const STEPS: &[Step] = &[
    |cx, i, _| mixed_date(cx, i),
    |cx, i, _| digit_date(cx, i),
    |cx, i, _| ordinal_pair(cx, i),
    decade,
    century,
    part_of_year,
    day_and_month,
    month_first,
    month_noun,
    season,
    year_noun,
    bare_year,
    weekday,
    weekend,
    reference_phrase,
    now_phrase,
    relative_phrase,
    reference_day,
    clock_word,
    dotted_clock,
    recurring_adverb,
    every_weekday,
    every_unit,
    holiday_name,
    clock_fraction,
    deictic,
    day_part,
    weekday_part,
    every_n,
    whole_unit,
    fraction_of_unit,
    current_year,
    reference_adjective,
    relative,
    vague_amount,
    first_or_last,
    part_of_period,
    number_and_unit,
    duration_adjective_step,
    vague_adjective,
    bare_plural_unit,
    rate,
];

/// A weekday compounded with a part of the day: `Dienstagmorgen(s)`, `samstagfrüh`,
/// `Dienstagspätabends`.
pub(super) fn weekday_compound(cx: &Cx, l: &str) -> Option<(u32, String)> {
    let lx = cx.language.times.lexicon();
    // (cheap first: the word starts with a weekday name)
    if l.len() < 8 || !lx.openers.contains_key(lexicon::first3(l)) {
        return None;
    }
    let unlink = |r: &str| -> Vec<String> {
        let mut forms = vec![r.to_string()];
        for s in &lx.linker {
            if let Some(x) = r.strip_suffix(s.as_str()) {
                forms.push(x.to_string());
            }
        }
        forms
    };
    lx.weekday.iter().find_map(|(name, w)| {
        let rest = l.strip_prefix(name.as_str()).filter(|r| !r.is_empty())?;
        let part = |r: &str| {
            lx.daysuffix.get(r).cloned().or_else(|| {
                unlink(r)
                    .iter()
                    .find_map(|f| lx.daynoun.get(f.as_str()).cloned())
            })
        };
        let p = part(rest).or_else(|| {
            lx.linker
                .iter()
                .find_map(|s| rest.strip_prefix(s.as_str()).and_then(part))
        })?;
        Some((*w, p))
    })
}

/// The core of a date expression (without prepositions) at piece `i`.
pub(super) fn core(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    core_d(cx, i, 0)
}

/// [`core`] at recursion depth `depth` (an expression inside another: `Ende des Jahres`).
pub(super) fn core_d(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    if depth > 3 {
        return None;
    }
    STEPS.iter().find_map(|step| step(cx, i, depth))
}

/// An ordinal century: `im 15. Jahrhundert`, `des 19. Jahrhunderts` (TIMEX3 `14`, `18`: the
/// hundreds of its years).
fn century(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if cx.kind(i) != Some(Kind::Num) {
        return None;
    }
    let (n, k) = cx.day(i)?;
    if unit_of(cx.language, cx.l(k)) != Some(Unit::Century) || !cx.same_line(k) {
        return None;
    }
    Some((Expr::Century(n as i32 - 1), k + 1))
}

/// Decades: `1990er Jahre`, `1990er-Jahren`, `60er Jahren` (TIMEX3 `199`, `196`).
fn decade(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let t = cx.t(i);
    if cx.kind(i) != Some(Kind::Num) || !cx.adjacent(i + 1) {
        return None;
    }
    let tail = cx.l(i + 1);
    let suffix = lx
        .decade_suffix
        .iter()
        .find(|s| tail.starts_with(s.as_str()))?;
    let year_after =
        |k: usize| unit_of(cx.language, cx.l(k)) == Some(Unit::Year) && cx.same_line(k);
    let mut k = i + 2;
    let short = tail.len() <= suffix.len() + 1;
    let y: i32 = match t.len() {
        4 => cx.year(i).or_else(|| t.parse().ok())?,
        // a two-digit decade needs its year noun: `60er Jahre` (of the twentieth century)
        2 if short && year_after(k) => 1900 + t.parse::<i32>().ok()?,
        _ => return None,
    };
    if y % 10 != 0 {
        return None;
    }
    if short && year_after(k) {
        k += 1; // `1990er Jahre`
    }
    Some((Expr::Decade(y / 10), k))
}

/// `im dritten Quartal 2023`, `im ersten Halbjahr (des vergangenen Jahres)`.
fn part_of_year(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let (n, j) = cx.day(i)?;
    let u = unit_of(cx.language, cx.l(j)).filter(|_| cx.same_line(j) && !has(&lx.plural, cx.l(j)));
    let u @ (Unit::Quarter | Unit::HalfYear) = u? else {
        return None;
    };
    let max = if u == Unit::Quarter { 4 } else { 2 };
    if !(1..=max).contains(&n) {
        return None;
    }
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
                } | Expr::ThatYear
            ) {
                of = Some(e);
                k = k2;
            }
        }
    }
    Some((
        Expr::PartOfYear {
            n,
            unit: u,
            of: of.map(Box::new),
        },
        k,
    ))
}

/// Day + month name [+ year]: `27. November 2024`, `zweiten Mai`; counted holidays
/// (`2. Advent`); a bare day before a range link (`vom 27. bis 28. November`).
fn day_and_month(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let (d, j) = cx.day(i)?;
    if cx.same_line(j) {
        if let Some((_, base, step)) = lx.ordholiday.iter().find(|(w, _, _)| w == cx.l(j)) {
            if (1..=4).contains(&d) {
                let extra = (d as i64 - 1).saturating_mul(*step) as i32;
                if let Some(h) = holiday(cx, base, extra, j + 1, depth) {
                    return Some(h);
                }
            }
        }
    }
    let j2 = if has(&lx.day_of, cx.l(j)) { j + 1 } else { j };
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
    let linked = lx
        .link
        .iter()
        .any(|(w, _)| (0..w.len()).all(|k| cx.l(j + k) == w[k]));
    let listed = cx.t(j) == "," && cx.day(j + 1).is_some();
    (cx.kind(i) == Some(Kind::Num) && (linked || listed))
        .then(|| (Expr::date(None, None, Some(d)), j))
}

/// A month name first: English `November 27, 2024`; `Februar 2022`; `März`.
fn month_first(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let m = cx.month(i)?;
    let j = cx.skip_month_dot(i + 1);
    if let Some(d) = cx
        .int(j)
        .filter(|d| (1..=31).contains(d) && !cx.language.quantities.decimal_comma())
    {
        let lx = cx.language.times.lexicon();
        // `November 27th`
        let mut k = j + 1;
        if cx.adjacent(k) && has(&lx.ordinal_suffix, cx.l(k)) {
            k += 1;
        }
        let day_end = k;
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
            if y.is_some() { k + 1 } else { day_end },
        ));
    }
    let (m, y, k) = month_year(cx, i)?;
    if y.is_none() {
        if let Some(r) = month_of_relative_year(cx, m, k) {
            return Some(r);
        }
    }
    Some((Expr::date(y, Some(m), None), k))
}

/// A month of a relative year after it: `August vorigen Jahres`, `im Mai nächsten Jahres`.
fn month_of_relative_year(cx: &Cx, m: u32, k: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let offset = lx.relative(cx.l(k)).filter(|_| cx.same_line(k))?;
    let unit = cx.l(k + 1);
    (unit_of(cx.language, unit) == Some(Unit::Year)
        && !has(&lx.plural, unit)
        && cx.same_line(k + 1))
    .then_some((Expr::RelMonth { m, offset }, k + 2))
}

/// `(im) Monat Januar`.
fn month_noun(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let l = cx.l(i);
    let lx = cx.language.times.lexicon();
    if unit_of(cx.language, l) != Some(Unit::Month) || has(&lx.plural, l) || !cx.same_line(i + 1) {
        return None;
    }
    let (m, y, k) = month_year(cx, i + 1)?;
    Some((Expr::date(y, Some(m), None), k))
}

/// Seasons: `Sommer 2022`, `im Winter`, `den ganzen Sommer`.
fn season(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let code = lx.season.get(cx.l(i))?;
    let y = cx.year(i + 1).filter(|_| cx.same_line(i + 1));
    let within = |k: usize| lx.prep.get(cx.l(k)).map(String::as_str) == Some("in");
    let before = cx.l(i.wrapping_sub(1));
    // `im Winter`, `den ganzen Sommer`, `während der Sommermonate`
    let framed = i > 0
        && (within(i - 1)
            || has(&lx.whole, before)
            || (i > 1 && cx.is_det(i - 1) && within(i - 2)));
    if y.is_none() && !framed {
        return None;
    }
    Some((
        Expr::Season {
            y,
            offset: 0,
            code: code.clone(),
        },
        if y.is_some() { i + 2 } else { i + 1 },
    ))
}

/// `Jahr 2023`, `Jahres 2024`.
fn year_noun(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if unit_of(cx.language, cx.l(i)) != Some(Unit::Year) {
        return None;
    }
    let y = cx.year(i + 1)?;
    Some((Expr::date(Some(y), None, None), i + 2))
}

/// A year alone: `2023`.
fn bare_year(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let y = cx.year(i)?;
    Some((Expr::date(Some(y), None, None), i + 1))
}

/// A weekday [, den 27. November]; an abbreviated one only before a date (`So 27.02.2022`);
/// `Dienstag, der 25.`: a day of the anchor's month.
fn weekday(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let l = cx.l(i);
    let abbr = lx.weekday_abbr.get(l).copied();
    let w = cx.language.times.weekday(l).or(abbr)?;
    let mut j = i + 1;
    if cx.t(j) == "," {
        j += 1;
    }
    if cx.is_det(j) {
        j += 1;
    }
    let full_date = |e: &Expr| {
        matches!(
            e,
            Expr::Date {
                d: Some(_),
                m: Some(_),
                ..
            }
        )
    };
    if let Some(found) = core_d(cx, j, depth + 1).filter(|(e, _)| full_date(e)) {
        return Some(found);
    }
    if abbr.is_some() && cx.language.times.weekday(l).is_none() {
        return None;
    }
    if j > i + 1 && cx.kind(j) == Some(Kind::Num) && cx.same_line(j) {
        if let Some((d, k)) = cx.day(j) {
            if cx.month(k).is_none() {
                return Some((Expr::date(None, None, Some(d)), k));
            }
        }
    }
    Some((Expr::Weekday(w), i + 1))
}

/// `am Wochenende`: this week's weekend.
fn weekend(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let before = cx.l(i.wrapping_sub(1));
    let framed = i > 0
        && (lx.prep.get(before).map(String::as_str) == Some("at")
            || has(&lx.curdet, before)
            || lx.relative(before) == Some(0));
    (unit_of(cx.language, cx.l(i)) == Some(Unit::Weekend) && framed).then_some((
        Expr::Rel {
            unit: Unit::Weekend,
            offset: 0,
        },
        i + 1,
    ))
}

/// Whether piece `i` may open a phrase of the lexicon (a cheap gate on its first letters).
fn opener(cx: &Cx, i: usize) -> bool {
    cx.language
        .times
        .lexicon()
        .openers
        .contains_key(lexicon::first3(cx.l(i)))
}

/// Vague references: `damals`, `derzeit`, `vor kurzem`, `in Zukunft` (TIMEX3 `PAST_REF` …).
pub(super) fn reference_phrase(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if !opener(cx, i) {
        return None;
    }
    let lx = cx.language.times.lexicon();
    let (words, r) = lx.reference.iter().find(|(w, _)| seq_at(cx, i, w))?;
    let k = i + words.len();
    // `zur Zeit der Entstehung`: the time of something, no reference to the present (but
    // `hat vor kurzem die Reihe …`: the article opens the subject)
    if words.len() > 1 && has(&lx.time_noun, cx.l(k - 1)) && cx.is_det(k) && cx.same_line(k) {
        return None;
    }
    Some((Expr::Ref(*r), k))
}

/// `jetzt`, `aktuelle Uhrzeit`: the present.
fn now_phrase(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if !opener(cx, i) {
        return None;
    }
    let lx = cx.language.times.lexicon();
    let words = lx.now_phrase.iter().find(|w| seq_at(cx, i, w))?;
    Some((
        Expr::Ref(parallax_model::Reference::Present),
        i + words.len(),
    ))
}

/// Fixed phrases naming a relative period: `unter der Woche`, `heuer`, `Vorjahr`.
fn relative_phrase(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if !opener(cx, i) {
        return None;
    }
    let lx = cx.language.times.lexicon();
    lx.relphrase.iter().find_map(|(words, unit, off)| {
        let u = Unit::parse(unit).filter(|_| seq_at(cx, i, words))?;
        Some((
            Expr::Rel {
                unit: u,
                offset: *off,
            },
            i + words.len(),
        ))
    })
}

/// Days counted from the day the text speaks of: `Vortag`, `Tag zuvor`, `selben Tag`.
fn reference_day(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if !opener(cx, i) {
        return None;
    }
    let lx = cx.language.times.lexicon();
    let (words, off) = lx.reference_day.iter().find(|(w, _)| seq_at(cx, i, w))?;
    Some((Expr::RefDay(*off), i + words.len()))
}

/// Words naming a clock time: `Mitternacht`, `Mittag`.
fn clock_word(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let h = *cx.language.times.lexicon().clockword.get(cx.l(i))?;
    Some((Expr::Clock { h, min: 0, sec: 0 }, i + 1))
}

/// `18.12 Uhr`, as one piece or as `18 . 12 Uhr`; `um 12.15` (after a clock preposition
/// `Uhr` may be left out).
fn dotted_clock(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if cx.kind(i) != Some(Kind::Num) {
        return None;
    }
    if cx.oclock(i + 1) || (i > 0 && cx.clock_prep(i - 1)) {
        let (hs, ms) = cx.t(i).split_once('.')?;
        let (h, mi) = (hs.parse::<u32>().ok()?, ms.parse::<u32>().ok()?);
        let k = if cx.oclock(i + 1) { i + 2 } else { i + 1 };
        return (h < 24 && mi < 60 && hs.len() <= 2 && ms.len() == 2)
            .then(|| clock_tail(cx, h, mi, 0, k));
    }
    if cx.t(i + 1) == "."
        && cx.adjacent(i + 1)
        && cx.adjacent(i + 2)
        && cx.oclock(i + 3)
        && cx.t(i + 2).len() == 2
    {
        let (h, mi) = (cx.int(i)?, cx.int(i + 2)?);
        return (h < 24 && mi < 60).then(|| clock_tail(cx, h, mi, 0, i + 4));
    }
    None
}

/// Adverbs and adjectives of recurrence: `jährlich`, `täglichen` (a set).
fn recurring_adverb(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if cx.kind(i) != Some(Kind::Word) {
        return None;
    }
    let p = cx.language.times.lexicon().recurrence(cx.l(i))?;
    Some((Expr::Recurring(p.to_string()), i + 1))
}

/// A weekday adverb of recurrence (`montags`): the weekday.
fn weekday_adverb(cx: &Cx, l: &str) -> Option<u32> {
    cx.language
        .times
        .lexicon()
        .set_suffix
        .iter()
        .find_map(|s| l.strip_suffix(s.as_str()))
        .filter(|w| w.chars().count() >= 5)
        .and_then(|w| cx.language.times.weekday(w))
}

/// Recurring weekdays and days: `jeden Montag (um 4 Uhr)`, `montags`, `jeden Tag um 7 Uhr`,
/// `jeden zweiten Donnerstag`, `jedem Montagabend`.
fn every_weekday(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let l = cx.l(i);
    let (w, k) = if let Some(w) = weekday_adverb(cx, l) {
        (Some(w), i + 1)
    } else if has(&lx.every, l) && cx.same_line(i + 1) {
        // `jeden zweiten Donnerstag`: an ordinal between
        let n = match cx.language.quantities.lexicon().ordinal_word(cx.l(i + 1)) {
            Some(_) if cx.language.times.weekday(cx.l(i + 2)).is_some() => i + 2,
            _ => i + 1,
        };
        let next = cx.l(n);
        if let Some(w) = cx.language.times.weekday(next).or(weekday_adverb(cx, next)) {
            (Some(w), n + 1)
        } else if let Some((w, part)) = weekday_compound(cx, next) {
            return Some((
                Expr::Every {
                    w: Some(w),
                    clock: None,
                    part: Some(part),
                },
                n + 1,
            ));
        } else if unit_of(cx.language, next) == Some(Unit::Day)
            || (lx.daynoun.contains_key(next) && cx.clock_prep(n + 1))
        {
            // `jeden Abend um 19:13 Uhr` (only with its clock time)
            (None, n + 1)
        } else {
            return None;
        }
    } else {
        return None;
    };
    if lx.prep.get(cx.l(k)).map(String::as_str) == Some("at") || cx.clock_prep(k) {
        if let Some((Expr::Clock { h, min, .. }, k2)) = core_d(cx, k + 1, depth + 1) {
            let clock = Some((h, min));
            return Some((
                Expr::Every {
                    w,
                    clock,
                    part: None,
                },
                k2,
            ));
        }
    }
    (w.is_some() || !lx.daynoun.contains_key(cx.l(i + 1))).then_some((
        Expr::Every {
            w,
            clock: None,
            part: None,
        },
        k,
    ))
}

/// `jeden Monat`, `jedes Jahr`, `jede Woche`: a set with its period.
fn every_unit(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    if !has(&lx.every, cx.l(i)) || !cx.same_line(i + 1) || has(&lx.plural, cx.l(i + 1)) {
        return None;
    }
    let u = unit_of(cx.language, cx.l(i + 1)).filter(|u| *u != Unit::Weekend)?;
    Some((Expr::Recurring(duration(1.0, u)), i + 2))
}

/// Holidays: `Weihnachten`, `Tag der Arbeit`, `Ostermontag 2017`.
fn holiday_name(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    if !opener(cx, i) {
        return None;
    }
    let lx = cx.language.times.lexicon();
    lx.holiday.iter().find_map(|(words, value)| {
        seq_at(cx, i, words)
            .then(|| holiday(cx, value, 0, i + words.len(), depth))
            .flatten()
    })
}

/// Clock fractions: `halb 8` (7:30), `viertel 8` (7:15), `Viertel nach/vor 8`.
fn clock_fraction(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let frac = lx.clock_frac.get(cx.l(i))?;
    let side = lx.clock_side.get(cx.l(i + 1)).filter(|_| *frac == 15);
    let j = if side.is_some() { i + 2 } else { i + 1 };
    let h = cx
        .num(j)
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 24.0 && cx.same_line(j))
        .map(|n| n as u32)
        .filter(|_| unit_of(cx.language, cx.l(j + 1)).is_none())?;
    let (h, min) = match side {
        Some(1) => (h, 15),
        Some(_) => ((h + 23) % 24, 45),
        None => ((h + 23) % 24, *frac),
    };
    let k = if cx.oclock(j + 1) { j + 2 } else { j + 1 };
    Some(clock_tail(cx, h, min, 0, k))
}

/// Day words relative to the anchor: `heute`, `gestern`, `morgen`. A word that is also a
/// part of the day (`Morgen`) is that noun after an article, a preposition or `jeden`
/// (`am Morgen`, `jeden Morgen`), and the day otherwise (`Morgen und am Samstag …`).
fn deictic(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let l = cx.l(i);
    let off = *lx.deictic.get(l)?;
    if lx.daynoun.contains_key(l) && i > 0 && cx.same_line(i) {
        let before = cx.l(i - 1);
        // after an article, `am` or `jeden` the noun, whatever its case (`am morgen`)
        let framed = cx.is_det(i - 1)
            || lx.prep.get(before).map(String::as_str) == Some("at")
            || has(&lx.every, before)
            || has(&lx.greeting, before);
        // after another preposition or a day word only a capitalised noun (`bis Morgen`)
        let capital = is_capitalised(cx.t(i))
            && (lx.prep.contains_key(before)
                || lx.relative(before).is_some()
                || lx.deictic.contains_key(before)
                || cx.language.times.weekday(before).is_some());
        let part_next = cx.same_line(i + 1)
            && (lx.daynoun.contains_key(cx.l(i + 1)) || lx.daysuffix.contains_key(cx.l(i + 1)));
        if (framed || capital) && !part_next {
            return None;
        }
    }
    Some((Expr::RelDay(off), i + 1))
}

/// Parts of the day: `Abend`, `abends`; `in der Nacht zum Sonntag` (the night before that
/// day); no time after a greeting (`guten Morgen`).
fn day_part(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let l = cx.l(i);
    let part = lx.daynoun.get(l).or_else(|| lx.daypart_code.get(l))?;
    if i > 0 && has(&lx.greeting, cx.l(i - 1)) {
        return None;
    }
    // `Abend des 5. Mai`: the part of that day
    if cx.is_det(i + 1) && cx.same_line(i + 2) {
        if let Some((day, k)) = core_d(cx, i + 2, depth + 1).filter(|(d, _)| day_like(d)) {
            let day = Some(Box::new(day));
            return Some((
                Expr::DayPart {
                    day,
                    part: part.clone(),
                },
                k,
            ));
        }
    }
    if part == "NI" && has(&lx.nightlink, cx.l(i + 1)) && cx.same_line(i + 2) {
        let d = if cx.is_det(i + 2) { i + 3 } else { i + 2 };
        if let Some((day, k)) = core_d(cx, d, depth + 1).filter(|(d, _)| day_like(d)) {
            return Some((
                Expr::DayPart {
                    day: Some(Box::new(Expr::DayBefore(Box::new(day)))),
                    part: part.clone(),
                },
                k,
            ));
        }
    }
    Some((
        Expr::DayPart {
            day: None,
            part: part.clone(),
        },
        i + 1,
    ))
}

/// `Dienstagmorgen(s)`, `samstagfrüh`.
fn weekday_part(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let (w, part) = weekday_compound(cx, cx.l(i))?;
    Some((
        Expr::DayPart {
            day: Some(Box::new(Expr::Weekday(w))),
            part,
        },
        i + 1,
    ))
}

/// `alle zwei Tage`, `je zwei Wochen`: a repetition (P2D).
fn every_n(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    if !has(&cx.language.times.lexicon().every_n, cx.l(i)) {
        return None;
    }
    match core_d(cx, i + 1, depth + 1)? {
        (Expr::Duration { n, unit }, k) => Some((Expr::Recurring(duration(n, unit)), k)),
        _ => None,
    }
}

/// `den ganzen Tag`: a duration of one unit.
fn whole_unit(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    if !has(&lx.whole, cx.l(i)) || has(&lx.plural, cx.l(i + 1)) {
        return None;
    }
    let u = unit_of(cx.language, cx.l(i + 1)).filter(|u| *u != Unit::Weekend)?;
    Some((Expr::Duration { n: 1.0, unit: u }, i + 2))
}

/// `(eine) halbe Stunde`, `(eine) Viertelstunde`.
fn fraction_of_unit(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let frac_next = lx.fraction.contains_key(cx.l(i + 1)) || lx.fracunit.contains_key(cx.l(i + 1));
    let one = frac_next && cx.kind(i) == Some(Kind::Word) && cx.num(i) == Some(1.0);
    let f0 = if one { i + 1 } else { i };
    if !cx.same_line(f0) {
        return None;
    }
    if let (Some(v), Some(u)) = (
        lx.fraction.get(cx.l(f0)),
        unit_of(cx.language, cx.l(f0 + 1)).filter(|_| cx.same_line(f0 + 1)),
    ) {
        return Some((Expr::Duration { n: *v, unit: u }, f0 + 2));
    }
    let (v, u) = lx.fracunit.get(cx.l(f0))?;
    Some((
        Expr::Duration {
            n: *v,
            unit: Unit::parse(u)?,
        },
        f0 + 1,
    ))
}

/// `das Jahr`, `des Jahres`: the current year.
fn current_year(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let ok = has(&lx.curdet, cx.l(i))
        && unit_of(cx.language, cx.l(i + 1)) == Some(Unit::Year)
        && !has(&lx.plural, cx.l(i + 1))
        && cx.same_line(i + 1)
        && cx.year(i + 2).is_none()
        && cx.num(i + 2).is_none();
    ok.then_some((Expr::ThatYear, i + 2))
}

/// Adjectives of vague reference: `heutigen` (present), `künftige` (future); `heutigen Tag`
/// is today.
fn reference_adjective(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if cx.kind(i) != Some(Kind::Word) {
        return None;
    }
    let lx = cx.language.times.lexicon();
    let r = lx.reference_adjective(cx.l(i))?;
    let next = cx.l(i + 1);
    if r == parallax_model::Reference::Present
        && unit_of(cx.language, next) == Some(Unit::Day)
        && !has(&lx.plural, next)
        && cx.same_line(i + 1)
    {
        return Some((Expr::RelDay(0), i + 2));
    }
    Some((Expr::Ref(r), i + 1))
}

/// A relative adjective and what it qualifies: `vergangenen Jahr(es)`, `nächste Woche`,
/// `diesem Jahr`, `nächsten Montag`, `diesen Sommer`, `die nächsten 3 Tage`.
fn relative(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    let off = cx.language.times.lexicon().relative(cx.l(i))?;
    relative_day_or_season(cx, i, off, depth)
        .or_else(|| relative_time_noun(cx, i, off))
        .or_else(|| relative_year_month(cx, i, off))
        .or_else(|| relative_week_day(cx, i, off))
        .or_else(|| next_n(cx, i, off))
        .or_else(|| relative_unit(cx, i, off))
}

/// `nächsten Montag`, `diesen Sommer`, `dieser Abend`, `nächsten Montagnachmittag`.
fn relative_day_or_season(cx: &Cx, i: usize, off: i32, depth: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let next = cx.l(i + 1);
    if let Some(w) = cx.language.times.weekday(next) {
        return Some((Expr::RelWeekday { w, offset: off }, i + 2));
    }
    if !cx.same_line(i + 1) {
        return None;
    }
    // `diesen Sommer`, `diesem strengen Winter` (an adjective between)
    let adjective = cx.kind(i + 1) == Some(Kind::Word) && !is_capitalised(cx.t(i + 1));
    for (s, k) in [(next, i + 2), (cx.l(i + 2), i + 3)] {
        if k == i + 3 && !(adjective && cx.same_line(i + 2)) {
            break;
        }
        if let Some(code) = lx.season.get(s) {
            let code = code.clone();
            return Some((
                Expr::Season {
                    y: None,
                    offset: off,
                    code,
                },
                k,
            ));
        }
    }
    if let Some(part) = lx.daynoun.get(next) {
        // `in der selben Nacht des 14. August`: the part of the day named after it
        if cx.is_det(i + 2) && cx.same_line(i + 3) {
            if let Some((day, k)) = core_d(cx, i + 3, depth + 1).filter(|(d, _)| day_like(d)) {
                let day = Some(Box::new(day));
                let part = part.clone();
                return Some((Expr::DayPart { day, part }, k));
            }
        }
        let day = Some(Box::new(Expr::RelDay(off)));
        return Some((
            Expr::DayPart {
                day,
                part: part.clone(),
            },
            i + 2,
        ));
    }
    let (w, part) = weekday_compound(cx, next)?;
    let day = Some(Box::new(Expr::RelWeekday { w, offset: off }));
    Some((Expr::DayPart { day, part }, i + 2))
}

/// `in dieser (schwierigen) Zeit`, `in letzter Zeit`, `in nächster Zeit`: a vague reference
/// to the present, the past or the future.
fn relative_time_noun(cx: &Cx, i: usize, off: i32) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let noun = |k: usize| has(&lx.time_noun, cx.l(k)) && cx.same_line(k);
    let k = if noun(i + 1) {
        i + 2
    } else if adjective_at(cx, i + 1) && noun(i + 2) {
        i + 3
    } else {
        return None;
    };
    let r = match off.signum() {
        -1 => parallax_model::Reference::Past,
        0 => parallax_model::Reference::Present,
        _ => parallax_model::Reference::Future,
    };
    Some((Expr::Ref(r), k))
}

/// `nächstes Jahr im Dezember`, `letztes Jahr im Sommer`, `diesen September`.
fn relative_year_month(cx: &Cx, i: usize, off: i32) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let next = cx.l(i + 1);
    if unit_of(cx.language, next) == Some(Unit::Year)
        && !has(&lx.plural, next)
        && lx.prep.get(cx.l(i + 2)).map(String::as_str) == Some("in")
        && cx.same_line(i + 3)
    {
        if let Some(m) = cx.month(i + 3).filter(|_| cx.year(i + 4).is_none()) {
            return Some((Expr::RelMonth { m, offset: off }, i + 4));
        }
        if let Some(code) = lx.season.get(cx.l(i + 3)) {
            let code = code.clone();
            return Some((
                Expr::Season {
                    y: None,
                    offset: off,
                    code,
                },
                i + 4,
            ));
        }
    }
    let m = cx.month(i + 1).filter(|_| cx.year(i + 2).is_none())?;
    Some((Expr::RelMonth { m, offset: off }, i + 2))
}

/// `nächste Woche Montag`, `übernächsten Woche am Donnerstag`.
fn relative_week_day(cx: &Cx, i: usize, off: i32) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let next = cx.l(i + 1);
    if unit_of(cx.language, next) != Some(Unit::Week) || has(&lx.plural, next) {
        return None;
    }
    let at = lx.prep.get(cx.l(i + 2)).map(String::as_str) == Some("at");
    let wd = if at { i + 3 } else { i + 2 };
    let w = cx
        .language
        .times
        .weekday(cx.l(wd))
        .filter(|_| cx.same_line(wd))?;
    Some((Expr::RelWeekday { w, offset: off }, wd + 1))
}

/// `die nächsten 3 Tage`, `die nächsten beiden Tage`; `den vergangenen fünf Jahren`.
fn next_n(cx: &Cx, i: usize, off: i32) -> Option<(Expr, usize)> {
    if off == 0 {
        return None;
    }
    let lx = cx.language.times.lexicon();
    let n = cx
        .num(i + 1)
        .or_else(|| has(&lx.pair, cx.l(i + 1)).then_some(2.0))?;
    let u = unit_of(cx.language, cx.l(i + 2))?;
    if !(1.0..10_000.0).contains(&n) {
        return None;
    }
    let e = if off > 0 {
        Expr::NextN { n, unit: u }
    } else {
        Expr::LastN { n, unit: u }
    };
    Some((e, i + 3))
}

/// `vergangenen Jahr(es)`, `nächste Woche`, `dieses Jahr früh`; with a plural unit a vague
/// stretch (`den vergangenen Tagen` → PXD).
fn relative_unit(cx: &Cx, i: usize, off: i32) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let u = unit_of(cx.language, cx.l(i + 1))?;
    if cx.num(i + 1).is_some() {
        return None;
    }
    if has(&lx.plural, cx.l(i + 1)) {
        return (u != Unit::Weekend).then_some((Expr::Vague(u), i + 2));
    }
    if matches!(u, Unit::Hour | Unit::Minute | Unit::Second) {
        return None;
    }
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
        let of = Box::new(rel);
        return Some((
            Expr::Part {
                part: part.clone(),
                of,
            },
            i + 3,
        ));
    }
    Some((rel, i + 2))
}

/// A vague amount of a plural unit: `wenigen Tagen`, `einige Wochen`, `vielen Jahren`.
fn vague_amount(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    if !has(&lx.vague, cx.l(i)) || !has(&lx.plural, cx.l(i + 1)) || !cx.same_line(i + 1) {
        return None;
    }
    let u = unit_of(cx.language, cx.l(i + 1)).filter(|u| *u != Unit::Weekend)?;
    Some((Expr::Vague(u), i + 2))
}

/// First/last N units: `ersten zehn Monaten des vergangenen Jahres`, `letzten 30 Jahren`.
fn first_or_last(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let l = cx.l(i);
    let first = has(&lx.first, l);
    if !first && !has(&lx.last, l) {
        return None;
    }
    let n = cx
        .num(i + 1)
        .or_else(|| has(&lx.pair, cx.l(i + 1)).then_some(2.0))?;
    let u = unit_of(cx.language, cx.l(i + 2))?;
    if !first {
        return Some((Expr::LastN { n, unit: u }, i + 3));
    }
    let mut j = i + 3;
    if cx.is_det(j) {
        j += 1;
    }
    match core_d(cx, j, depth + 1) {
        Some((of, k)) if n.fract() == 0.0 && (1.0..=366.0).contains(&n) => Some((
            Expr::FirstN {
                n: n as u32,
                unit: u,
                of: Box::new(of),
            },
            k,
        )),
        // `in den ersten beiden Jahren`: a stretch of that length
        None => Some((Expr::Duration { n, unit: u }, i + 3)),
        _ => None,
    }
}

/// Part of a period: `Anfang des Monats`, `Ende Oktober`, `Mitte 2024`.
fn part_of_period(cx: &Cx, i: usize, depth: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let part = lx.part.get(cx.l(i))?;
    let mut j = i + 1;
    if cx.is_det(j) {
        j += 1;
    }
    if let Some((of, k)) = core_d(cx, j, depth + 1) {
        let of = Box::new(of);
        return Some((
            Expr::Part {
                part: part.clone(),
                of,
            },
            k,
        ));
    }
    let u = unit_of(cx.language, cx.l(j)).filter(|_| j > i + 1)?;
    // `Ende des Jahres`: of the year the text speaks of
    let of = Box::new(match u {
        Unit::Year => Expr::ThatYear,
        _ => Expr::Rel { unit: u, offset: 0 },
    });
    Some((
        Expr::Part {
            part: part.clone(),
            of,
        },
        j + 1,
    ))
}

/// A number and what follows it: a clock time (`8:30`, `18 Uhr 12`), a duration (`zwei
/// Tage`) or a shift (`drei Wochen später`).
fn number_and_unit(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let n = cx
        .num(i)
        .filter(|_| cx.kind(i) == Some(Kind::Num) || !cx.is_det(i))?;
    colon_clock(cx, i)
        .or_else(|| oclock_clock(cx, i, n))
        .or_else(|| unit_after_number(cx, i, n))
}

/// `8:30`, `8:00:31 Uhr`; two-digit minutes, and an hour 0 only with `Uhr` (`0:13` is a
/// score).
fn colon_clock(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    let j = i + 1;
    if cx.kind(i) != Some(Kind::Num) || cx.t(j) != ":" || !cx.adjacent(j) || !cx.adjacent(j + 1) {
        return None;
    }
    let (h, mi) = (cx.int(i)?, cx.int(j + 1)?);
    if h >= 24 || mi >= 60 || cx.t(j + 1).len() != 2 || cx.t(i).len() > 2 {
        return None;
    }
    let sec = (cx.t(j + 2) == ":" && cx.adjacent(j + 2) && cx.adjacent(j + 3))
        .then(|| cx.int(j + 3).filter(|s| *s < 60 && cx.t(j + 3).len() == 2))
        .flatten();
    let k = if sec.is_some() { j + 4 } else { j + 2 };
    let with_oclock = cx.oclock(k);
    if h == 0 && !with_oclock {
        return None;
    }
    let k = if with_oclock { k + 1 } else { k };
    Some(clock_tail(cx, h, mi, sec.unwrap_or(0), k))
}

/// `18 Uhr`, `18 Uhr 12`, `18 Uhr und 12`.
fn oclock_clock(cx: &Cx, i: usize, n: f64) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let j = i + 1;
    if !cx.oclock(j) {
        return None;
    }
    let h = cx
        .int(i)
        .or_else(|| (n.fract() == 0.0).then_some(n as u32))
        .filter(|h| *h < 25)?;
    let and = lx
        .link
        .iter()
        .any(|(w, m)| m == "and" && w.len() == 1 && w[0] == cx.l(j + 1));
    let m_at = if and { j + 2 } else { j + 1 };
    let mi = cx
        .int(m_at)
        .filter(|m| *m < 60 && cx.same_line(m_at) && !cx.followed_by_unit(m_at + 1));
    let k = if mi.is_some() { m_at + 1 } else { j + 1 };
    Some(clock_tail(cx, h, mi.unwrap_or(0), 0, k))
}

/// An adjective between a number and its unit (`360 ehrenamtliche Stunden`, `zwei volle
/// Tage`): a lower-case word with an inflection ending that is no word of the lexicon.
fn adjective_at(cx: &Cx, k: usize) -> bool {
    let lx = cx.language.times.lexicon();
    let l = cx.l(k);
    cx.kind(k) == Some(Kind::Word)
        && cx.same_line(k)
        && !is_capitalised(cx.t(k))
        && l.chars().count() > 3
        && l.chars()
            .last()
            .is_some_and(|c| lx.adj_endings.contains(&c))
        && !lx.starters.contains_key(l)
        && !lx.link.iter().any(|(w, _)| w.len() == 1 && w[0] == l)
        && cx.num(k).is_none()
}

/// `zwei Tage` (a duration), `drei Wochen später` / `zuvor` (a shift).
fn unit_after_number(cx: &Cx, i: usize, n: f64) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let j = if adjective_at(cx, i + 1) && unit_of(cx.language, cx.l(i + 2)).is_some() {
        i + 2
    } else {
        i + 1
    };
    let u = unit_of(cx.language, cx.l(j)).filter(|_| cx.same_line(j))?;
    if matches!(u, Unit::Weekend) || n <= 0.0 || n >= 10_000.0 {
        return None;
    }
    // `2024 года` names the year 2024, not a duration of 2024 years
    if j == i + 1 && cx.year_noun(j) && cx.year(i).is_some() {
        return None;
    }
    // `22 Jahre alt`, `der 16 Jahre jüngere`: an age
    if u == Unit::Year && has(&lx.age, cx.l(j + 1)) {
        return None;
    }
    let sign = if has(&lx.later, cx.l(j + 1)) {
        1
    } else if has(&lx.earlier, cx.l(j + 1)) {
        -1
    } else {
        return Some((Expr::Duration { n, unit: u }, j + 1));
    };
    // `drei Minuten später`: a clock time counted from an event the text does not time
    if matches!(u, Unit::Hour | Unit::Minute | Unit::Second) {
        return Some((Expr::UntimedClock, j + 2));
    }
    Some((Expr::Shift { n, unit: u, sign }, j + 2))
}

/// Adjectives of duration: `zweitägigen`.
fn duration_adjective_step(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if cx.kind(i) != Some(Kind::Word) {
        return None;
    }
    let (n, u) = duration_adjective(cx, cx.l(i))?;
    Some((Expr::Duration { n, unit: u }, i + 1))
}

/// A number word and a suffix of duration (`zweitägig`, `sechzehnjährige` → 16 years).
pub(super) fn duration_adjective(cx: &Cx, l: &str) -> Option<(f64, Unit)> {
    let lx = cx.language.times.lexicon();
    if lx.duration_suffix.is_empty() {
        return None;
    }
    let stem = l.trim_end_matches(lx.adj_endings.as_slice());
    lx.duration_suffix.iter().find_map(|(end, u)| {
        let head = stem.strip_suffix(end.as_str())?;
        let n = cx.language.quantities.lexicon().cardinal_word(head)?;
        Some((n, *u))
    })
}

/// Adjectives of a vague duration: `jahrelange`, `langjährigen` (PXY).
fn vague_adjective(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    if cx.kind(i) != Some(Kind::Word) {
        return None;
    }
    let u = cx.language.times.lexicon().vague_adjective(cx.l(i))?;
    Some((Expr::Vague(u), i + 1))
}

/// A bare plural unit after a preposition: `seit Jahren`, `vor Monaten`, `über Jahre` (PXY).
fn bare_plural_unit(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let l = cx.l(i);
    let framed = i > 0
        && cx.same_line(i)
        && lx
            .prep
            .get(cx.l(i - 1))
            .is_some_and(|p| matches!(p.as_str(), "since" | "before" | "after" | "over" | "for"));
    if !framed || !has(&lx.plural, l) {
        return None;
    }
    let u = unit_of(cx.language, l).filter(|u| *u != Unit::Weekend)?;
    Some((Expr::Vague(u), i + 1))
}

/// A rate: `pro Jahr`, `je Woche`; `einmal im Monat`; `im Monat`, `am Tag` after an amount
/// (`400 Euro im Monat`). A set of one unit.
fn rate(cx: &Cx, i: usize, _: usize) -> Option<(Expr, usize)> {
    let lx = cx.language.times.lexicon();
    let l = cx.l(i);
    let singular = |k: usize| {
        let w = cx.l(k);
        let u = unit_of(cx.language, w).filter(|u| *u != Unit::Weekend && !has(&lx.plural, w))?;
        // `im Monat Mai`, `im Jahr 2014`, `am Tag der Arbeit`: no rate
        let after = cx.l(k + 1);
        let named = cx.same_line(k + 1)
            && (cx.is_det(k + 1)
                || cx.month(k + 1).is_some()
                || cx.num(k + 1).is_some()
                || lx.later.iter().chain(&lx.earlier).any(|x| x == after));
        (cx.same_line(k) && !named).then_some(u)
    };
    if has(&lx.per, l) {
        let u = singular(i + 1)?;
        return Some((Expr::Recurring(duration(1.0, u)), i + 2));
    }
    let u = singular(i)?;
    let prep = lx.prep.get(cx.l(i.checked_sub(1)?)).map(String::as_str);
    if !matches!(prep, Some("in" | "at")) {
        return None;
    }
    // an amount just before the preposition: `400 Euro im Monat`, `200 Patienten am Tag`
    let amount = (2..=4).any(|b| {
        i >= b
            && cx.num(i - b).is_some()
            && (i - b + 1..i).all(|k| cx.same_line(k) && cx.kind(k) != Some(Kind::Punct))
    });
    let times = i >= 2 && frequency(cx, i - 2);
    (amount || times).then_some((Expr::Recurring(duration(1.0, u)), i + 1))
}

/// A frequency word at piece `i` (`einmal`, `zweimal`).
pub(super) fn frequency(cx: &Cx, i: usize) -> bool {
    let lx = cx.language.times.lexicon();
    let l = cx.l(i);
    lx.times_suffix.iter().any(|s| {
        l.strip_suffix(s.as_str()).is_some_and(|head| {
            cx.language
                .quantities
                .lexicon()
                .cardinal_word(head)
                .is_some()
        })
    })
}

/// A holiday of lexicon value `value` (`12-25`, `E49`, `A-7`, `M05.2.7`) plus `extra` days,
/// ending before piece `k`, with a year after it (`2020`, `im nächsten Jahr`, `letzten Jahres`).
pub(super) fn holiday(
    cx: &Cx,
    value: &str,
    extra: i32,
    k: usize,
    depth: usize,
) -> Option<(Expr, usize)> {
    let (easter, m, d, advent, nth) = holiday_rule(value, extra)?;
    let (y, yoff, end) = holiday_year(cx, k, depth);
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

/// A holiday rule of the lexicon: (days from Easter or Advent, month, day, from Advent,
/// n-th weekday).
type HolidayRule = (Option<i32>, u32, u32, bool, Option<u32>);

fn holiday_rule(value: &str, extra: i32) -> Option<HolidayRule> {
    if let Some(off) = value.strip_prefix('E') {
        return Some((Some(off.parse::<i32>().ok()? + extra), 0, 0, false, None));
    }
    if let Some(off) = value.strip_prefix('A') {
        return Some((Some(off.parse::<i32>().ok()? + extra), 0, 0, true, None));
    }
    if let Some(rest) = value.strip_prefix('M') {
        let mut it = rest.split('.').map(|x| x.parse::<u32>().ok());
        let (m, n, d) = (it.next()??, it.next()??, it.next()??);
        return Some((None, m, d, false, Some(n)));
    }
    let mut it = value.split('-').map(|x| x.parse::<u32>().ok());
    let (m, d) = (it.next()??, it.next()??);
    Some((None, m, d, false, None))
}

/// The year after a holiday at piece `k`: (year, years from the anchor's, end piece).
fn holiday_year(cx: &Cx, k: usize, depth: usize) -> (Option<i32>, i32, usize) {
    if let Some(y) = cx.year(k).filter(|_| cx.same_line(k)) {
        return (Some(y), 0, k + 1);
    }
    if !cx.same_line(k) {
        return (None, 0, k);
    }
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
        )) => (Some(yr), 0, k2),
        Some((
            Expr::Rel {
                unit: Unit::Year,
                offset,
            },
            k2,
        )) => (None, offset, k2),
        _ => (None, 0, k),
    }
}
