//! The tense of the clause a time expression stands in, from the language's auxiliaries:
//! `am Samstag wird trainiert` looks ahead, `im Dezember hatten die Experten` looks back, and a
//! present tense announcing a plan (`reist am Donnerstag`) looks ahead from today on.

use crate::quantity::lexer::Kind;

use super::cx::{has, Cx};
use super::resolve::Tense;

/// Piece `k` ends a clause (`,` `;` `:` and sentence ends).
fn clause_end(cx: &Cx, k: usize) -> bool {
    matches!(cx.t(k), "," | ";" | ":" | "!" | "?" | "(" | ")") || sentence_end(cx, k)
}

/// Piece `k` ends a sentence (or a colon's announcement): `!`, `?`, `;`, `:`, a line break, or
/// a dot after a word (the dot of `27.` belongs to the day).
fn sentence_end(cx: &Cx, k: usize) -> bool {
    matches!(cx.t(k), "!" | "?" | ";" | ":")
        || !cx.same_line(k)
        || (cx.t(k) == "." && k > 0 && cx.kind(k - 1) == Some(Kind::Word))
}

/// The tense of the words from `from` to `to` (exclusive).
fn tense_of(cx: &Cx, from: usize, to: usize) -> Tense {
    let lx = cx.language.times.lexicon();
    let (mut future, mut past, mut scheduled) = (false, false, false);
    for k in from..to {
        future |= has(&lx.future_aux, cx.l(k));
        past |= has(&lx.past_aux, cx.l(k));
        scheduled |= has(&lx.scheduled, cx.l(k));
    }
    match (future, past, scheduled) {
        (true, false, _) => Tense::Future,
        (false, true, _) => Tense::Past,
        (false, false, true) => Tense::Scheduled,
        _ => Tense::Unknown,
    }
}

/// How many pieces before and after an expression its sentence may reach.
const REACH: usize = 60;

/// The tense of the clause around pieces `start..end`; else of the clauses before it in its
/// sentence (`Morgen wird trainiert, denn am Sonntag steht …`); else of the clauses after it
/// that continue it (`Am 23. Jänner, werden …`), up to one that opens with a subordinating
/// word or a relative pronoun (`… am Samstag aus, dass … werden`: something else).
pub(super) fn of_clause(cx: &Cx, start: usize, end: usize) -> Tense {
    let n = cx.pieces.len();
    // (a sentence longer than this is no sentence: the scan stays linear in the text)
    let bounds = |stop: &dyn Fn(usize) -> bool| {
        let mut a = start;
        while a > 0 && start - a < REACH && !stop(a - 1) {
            a -= 1;
        }
        let mut b = end;
        while b < n && b - end < REACH && !stop(b) {
            b += 1;
        }
        (a, b)
    };
    let (a, b) = bounds(&|k| clause_end(cx, k));
    let (s, e) = bounds(&|k| sentence_end(cx, k));
    match tense_of(cx, a, b) {
        Tense::Unknown => match tense_of(cx, s, a) {
            Tense::Unknown => tense_of(cx, b, continuing_end(cx, b, e)),
            t => t,
        },
        t => t,
    }
}

/// The end of the clauses from piece `b` (a clause end) that continue the sentence's main
/// clause, before `e`: up to a clause that opens with a subordinating word or an article
/// (a relative pronoun).
fn continuing_end(cx: &Cx, b: usize, e: usize) -> usize {
    let lx = cx.language.times.lexicon();
    let mut k = b;
    while k < e {
        if clause_end(cx, k) {
            let next = k + 1;
            if has(&lx.subordinator, cx.l(next)) || cx.is_det(next) {
                return k;
            }
        }
        k += 1;
    }
    e
}
