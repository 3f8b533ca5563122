//! The scan a grammar step reads: the pieces of the text with their lower-case forms,
//! and small tests on them.

use crate::lang::Language;
use crate::quantity::lexer::{is_capitalised, Kind, Piece};
use crate::quantity::lexicon::parse_digits;

use super::expr::Unit;

pub(super) fn has(v: &[String], w: &str) -> bool {
    v.iter().any(|x| x == w)
}

pub(super) fn unit_of(language: &Language, lw: &str) -> Option<Unit> {
    language
        .times
        .lexicon()
        .unit
        .get(lw)
        .and_then(|u| Unit::parse(u))
}

pub(super) struct Cx<'a> {
    pub(super) language: &'a Language,
    pub(super) text: &'a str,
    pub(super) pieces: &'a [Piece],
    /// Lower-case text of every piece, computed once.
    pub(super) low: Vec<String>,
}

impl<'a> Cx<'a> {
    pub(super) fn t(&self, i: usize) -> &'a str {
        self.pieces.get(i).map(|p| p.text(self.text)).unwrap_or("")
    }
    pub(super) fn l(&self, i: usize) -> &str {
        self.low.get(i).map(String::as_str).unwrap_or("")
    }
    pub(super) fn kind(&self, i: usize) -> Option<Kind> {
        self.pieces.get(i).map(|p| p.kind)
    }
    /// Piece `i` continues the line (no line break before it).
    pub(super) fn same_line(&self, i: usize) -> bool {
        self.pieces.get(i).is_some_and(|p| !p.newline_before)
    }
    pub(super) fn adjacent(&self, i: usize) -> bool {
        i > 0 && i < self.pieces.len() && self.pieces[i - 1].end == self.pieces[i].start
    }
    /// `um`/`gegen` before a clock time.
    pub(super) fn clock_prep(&self, i: usize) -> bool {
        has(&self.language.times.lexicon().clockprep, self.l(i))
    }
    pub(super) fn is_det(&self, i: usize) -> bool {
        let l = self.l(i);
        has(&self.language.times.lexicon().det, l)
    }
    pub(super) fn num(&self, i: usize) -> Option<f64> {
        match self.kind(i)? {
            Kind::Num => parse_digits(self.t(i), self.language.quantities.decimal_comma()),
            Kind::Word => self.language.quantities.lexicon().cardinal_word(self.l(i)),
            Kind::Punct => None,
        }
    }
    pub(super) fn int(&self, i: usize) -> Option<u32> {
        if self.kind(i)? != Kind::Num {
            return None;
        }
        let t = self.t(i);
        if t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    }
    pub(super) fn year(&self, i: usize) -> Option<i32> {
        let t = self.t(i);
        if self.kind(i)? == Kind::Num && t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = t.parse().ok()?;
            if (1000..=2200).contains(&y)
                && (!self.followed_by_unit(i + 1) || self.year_noun(i + 1))
                && !self.counted(i)
                && !self.coded(i)
            {
                return Some(y);
            }
        }
        None
    }
    /// The number at `i` counts something: a noun follows it (`1400 Dateien`, `1899
    /// Hoffenheim`) with no time word before it, or a qualifier precedes it (`rund 1600`).
    fn counted(&self, i: usize) -> bool {
        let lx = self.language.times.lexicon();
        let before = self.l(i.wrapping_sub(1));
        let timed = i > 0
            && match lx.prep.get(before) {
                Some(p) => p != "approx",
                None => {
                    lx.starters.contains_key(before) || self.language.times.month(before).is_some()
                }
            };
        let next = i + 1;
        let noun_after = self.language.quantities.capitalised_nouns()
            && self.kind(next) == Some(Kind::Word)
            && self.same_line(next)
            && is_capitalised(self.t(next))
            && !lx.starters.contains_key(self.l(next))
            && lx.relative(self.l(next)).is_none();
        let qualified = (1..=2).any(|n| {
            i >= n
                && self
                    .language
                    .quantities
                    .lexicon()
                    .qualifiers
                    .iter()
                    .any(|(w, _)| w.len() == n && (0..n).all(|k| self.l(i - n + k) == w[k]))
        });
        (noun_after && !timed) || (qualified && !self.time_word_follows(next))
    }
    /// A word of the date lexicon follows piece `i - 1` on its line (`rund 2000 Jahre`).
    fn time_word_follows(&self, i: usize) -> bool {
        self.same_line(i)
            && self
                .language
                .times
                .lexicon()
                .starters
                .contains_key(self.l(i))
    }
    /// A number, not a year: a code after `Nummer`, `Nr.`; the left end of a range whose
    /// right end counts (`von 2000 bis 3000 Grad`).
    fn coded(&self, i: usize) -> bool {
        let lx = self.language.times.lexicon();
        let mut b = i.wrapping_sub(1);
        if self.t(b) == "." && b > 0 {
            b -= 1;
        }
        if i > 0 && has(&lx.not_year_after, self.l(b)) {
            return true;
        }
        lx.link.iter().any(|(w, _)| {
            let r = i + 1 + w.len();
            (0..w.len()).all(|k| self.l(i + 1 + k) == w[k])
                && self.kind(r) == Some(Kind::Num)
                && self.t(r).len() == 4
                && ((self.followed_by_unit(r + 1) && !self.year_noun(r + 1)) || self.counted(r))
        })
    }
    /// A quantity unit follows (`2000 Euro`, `2000 Stunden`): then a four-digit number is no
    /// year.
    pub(super) fn followed_by_unit(&self, i: usize) -> bool {
        if !self.same_line(i) {
            return false;
        }
        let l = self.l(i);
        let lx = self.language.quantities.lexicon();
        (lx.units.get(l).is_some_and(|u| u.kind != "time")
            || lx.scale.contains_key(l)
            || unit_of(self.language, l).is_some_and(|u| u != Unit::Weekend))
            && !self.is_det(i)
    }
    /// Piece `i` is a noun that names the year before it as a year (`2024 года`).
    pub(super) fn year_noun(&self, i: usize) -> bool {
        self.same_line(i) && has(&self.language.times.lexicon().year_nouns, self.l(i))
    }
    /// Piece `i` is the word after a clock hour (`Uhr`).
    pub(super) fn oclock(&self, i: usize) -> bool {
        has(&self.language.times.lexicon().oclock, self.l(i))
    }
    pub(super) fn month(&self, i: usize) -> Option<u32> {
        if self.kind(i)? != Kind::Word {
            return None;
        }
        // short forms only with a dot or a number after them (`Jan.`, `Okt 2024`)
        let dotted = self.t(i + 1) == "." || self.kind(i + 1) == Some(Kind::Num);
        self.language
            .times
            .lexicon()
            .month_of(self.l(i), dotted, is_capitalised(self.t(i)))
    }
    /// Day `27.` (digits + dot) or an ordinal word (`zweiten`): (day, next piece).
    pub(super) fn day(&self, i: usize) -> Option<(u32, usize)> {
        match self.kind(i)? {
            Kind::Num => {
                let d = self.int(i).filter(|d| (1..=31).contains(d))?;
                let lx = self.language.times.lexicon();
                if self.t(i + 1) == "." && self.adjacent(i + 1) {
                    return Some((d, i + 2));
                }
                // `9th`, and where days take no dot a number before its month (`9 November`)
                if self.adjacent(i + 1) && has(&lx.ordinal_suffix, self.l(i + 1)) {
                    return Some((d, i + 2));
                }
                let month_next = self.same_line(i + 1)
                    && (self.month(i + 1).is_some() || has(&lx.day_of, self.l(i + 1)));
                // the first day of a range before its month (`26–27 ноября`, `4 and 5 May`)
                let linked_day_next = self.same_line(i + 1)
                    && lx.link.iter().any(|(w, _)| {
                        (0..w.len()).all(|x| self.l(i + 1 + x) == w[x])
                            && self
                                .int(i + 1 + w.len())
                                .is_some_and(|d2| (1..=31).contains(&d2) && d2 > d)
                            && self.month(i + 2 + w.len()).is_some()
                    });
                (lx.day_without_dot && (month_next || linked_day_next)).then_some((d, i + 1))
            }
            Kind::Word => {
                let v = self.language.quantities.lexicon().ordinal_word(self.l(i))?;
                ((1.0..=31.0).contains(&v) && v.fract() == 0.0).then_some((v as u32, i + 1))
            }
            Kind::Punct => None,
        }
    }
    pub(super) fn skip_month_dot(&self, i: usize) -> usize {
        let prev = self.l(i.wrapping_sub(1));
        if self.t(i) == "."
            && self.adjacent(i)
            && self.language.times.lexicon().month_abbr.contains_key(prev)
        {
            i + 1
        } else {
            i
        }
    }
}

/// Pieces `words` start at piece `i` (on one line).
pub(super) fn seq_at(cx: &Cx, i: usize, words: &[String]) -> bool {
    !words.is_empty()
        && (0..words.len()).all(|x| cx.l(i + x) == words[x] && (x == 0 || cx.same_line(i + x)))
}
