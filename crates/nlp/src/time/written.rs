//! Dates written with digits or a month name: `27.11.2024`, `2024-11-27`, `Sep-23-2020`,
//! `27. November 2024`, `am siebten vierten`.

use chrono::NaiveDate;

use crate::quantity::lexer::{is_capitalised, Kind};

use super::cx::{has, Cx};
use super::expr::Expr;

/// A date of three parts joined by `-` or `/` with a month name: `Sep-23-2020`,
/// `2020/Sep/23`, `23-2020-September`.
pub(super) fn mixed_date(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
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
pub(super) fn ordinal_pair(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
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

/// A date written with digits at piece `i`: `27.11.2024`, `27.11.`, `2024-11-27`.
pub(super) fn digit_date(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    if cx.kind(i)? != Kind::Num {
        return None;
    }
    if cx.t(i).contains('.') {
        return dotted_digits(cx, i);
    }
    separated_month_year(cx, i)
        .or_else(|| slashed_day_month(cx, i))
        .or_else(|| iso_date(cx, i))
        .or_else(|| spaced_day_month(cx, i))
}

/// One piece with dots: `27.11.2024`, `2015.5.13`, `05.2016`, `27.11.` (+ year).
fn dotted_digits(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    let t = cx.t(i);
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
    if g.len() == 3 && g[0].len() <= 2 && g[1].len() <= 2 && (g[2].len() == 4 || g[2].len() == 2) {
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

    None
}

/// Month and year: `05/2016`, `05-2016`, `2016/05`, `2016-05`; `2015/08/12`; `2023/24`.
fn separated_month_year(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    let t = cx.t(i);
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
    None
}

/// Slashed day/month[/year]: `21/04/2016`, `29/2`.
fn slashed_day_month(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    let t = cx.t(i);
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
    None
}

/// ISO `2024-11-27`.
fn iso_date(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
    let t = cx.t(i);
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
    None
}

/// `27. 11.` (day and month numbers with dots, a space between).
fn spaced_day_month(cx: &Cx, i: usize) -> Option<(Expr, usize)> {
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
pub(super) fn month_year(cx: &Cx, i: usize) -> Option<(u32, Option<i32>, usize)> {
    let m = cx.month(i)?;
    let j = cx.skip_month_dot(i + 1);
    if cx.same_line(j) {
        if let Some(y) = cx.year(j) {
            return Some((m, Some(y), j + 1));
        }
    }
    Some((m, None, j))
}
