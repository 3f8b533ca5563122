//! Clock times and parts of the day: `18:30 Uhr`, `8 Uhr abends`, `halb 8`.

use super::cx::Cx;
use super::expr::Expr;

/// A clock time at `h:min` ending before `k`, with a part of the day after it
/// (`8 Uhr abends` → 20:00) taken in.
pub(super) fn clock_tail(cx: &Cx, h: u32, min: u32, sec: u32, k: usize) -> (Expr, usize) {
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
pub(super) fn day_part_shift(e: Expr, add: u32, code: Option<&str>) -> Expr {
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

/// A clock time or a range of clock times.
pub(super) fn is_clock(e: &Expr) -> bool {
    match e {
        Expr::Clock { .. } => true,
        Expr::Range(l, r) => is_clock(l) && is_clock(r),
        _ => false,
    }
}
