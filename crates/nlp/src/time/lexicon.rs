//! Date words of a language, parsed from `data/lang/<code>/dates.tsv`.

use parallax_model::Reference;

use super::expr::Unit;
use crate::quantity::lexicon::{surface_pieces, HashMap};

/// Parsed date lexicon (all keys lower case).
#[derive(Debug, Default)]
pub struct DateLexicon {
    pub month: HashMap<String, u32>,
    pub weekday: HashMap<String, u32>,
    /// Prefixes of relative adjectives with their offset (`vergangen` → -1).
    pub rel: Vec<(String, i32)>,
    pub unit: HashMap<String, String>,
    pub part: HashMap<String, String>,
    pub deictic: HashMap<String, i32>,
    pub prep: HashMap<String, String>,
    /// Range links as scanner pieces (`bis zum` → [bis, zum]) with their meaning.
    pub link: Vec<(Vec<String>, String)>,
    pub det: Vec<String>,
    pub first: Vec<String>,
    pub last: Vec<String>,
    pub later: Vec<String>,
    /// Words that make a following `in` + duration look back (`the first visit in three
    /// years`, `highest in a decade`): a period up to now, not a day ahead.
    pub lookback: Vec<String>,
    pub earlier: Vec<String>,
    /// Plural forms of unit words (`Jahren`): `in den letzten Jahren` is no single period.
    pub plural: Vec<String>,
    /// Parts of the day after or before a clock time (`abends` → 12 hours added to 1..11).
    pub daypart: HashMap<String, u32>,
    /// Fractions naming a clock time with the next hour (`halb 8` → 30, `viertel 8` → 15).
    pub clock_frac: HashMap<String, u32>,
    /// `Viertel nach/vor 8`: words with their sign (nach → 1, vor → -1).
    pub clock_side: HashMap<String, i32>,
    /// Words for the present moment (`jetzt`).
    pub now: Vec<String>,
    /// Holidays as scanner pieces with their date: `MM-DD` or `E±N` (days from Easter Sunday).
    pub holiday: Vec<(Vec<String>, String)>,
    /// Words opening a recurring time (`jeden Montag`).
    pub every: Vec<String>,
    /// Words naming a clock time (`Mitternacht` → 0, `Mittag` → 12).
    pub clockword: HashMap<String, u32>,
    /// Nouns for parts of the day with their TIMEX3 code (`Abend` → EV).
    pub daynoun: HashMap<String, String>,
    /// Adverbs of recurrence with their period (`jährlich` → P1Y).
    pub recurring: HashMap<String, String>,
    /// TIMEX3 part of the day a `daypart` adverb names on its own (`abends` → EV).
    pub daypart_code: HashMap<String, String>,
    /// Parts of the day only after a day word or in a compound (`gestern früh`, `samstagfrüh`).
    pub daysuffix: HashMap<String, String>,
    /// Words after which a part of the day is a greeting (`guten Morgen`).
    pub greeting: Vec<String>,
    /// `den ganzen Tag`: a whole unit (a duration of one).
    pub whole: Vec<String>,
    /// Fractions before a unit (`halbe Stunde` → 0.5).
    pub fraction: HashMap<String, f64>,
    /// Nouns of a fraction of a unit (`Viertelstunde` → 0.25 hour).
    pub fracunit: HashMap<String, (f64, String)>,
    /// Fixed phrases naming a relative period (`unter der Woche` → this week).
    pub relphrase: Vec<(Vec<String>, String, i32)>,
    /// Phrases for the present moment as scanner pieces (`jetzt`, `aktuelle Uhrzeit`).
    pub now_phrase: Vec<Vec<String>>,
    /// Adverbs after a period naming a part of it (`dieses Jahr früh` → start).
    pub partafter: HashMap<String, String>,
    /// Abbreviated weekdays, only before a written date (`So 27.02.2022`).
    pub weekday_abbr: HashMap<String, u32>,
    /// Holidays counted with an ordinal (`2. Advent`): word, base value, days per step.
    pub ordholiday: Vec<(String, String, i64)>,
    /// Words opening a repetition of a duration (`alle zwei Tage`).
    pub every_n: Vec<String>,
    /// Seasons with their TIMEX3 code (`Sommer` → SU).
    pub season: HashMap<String, String>,
    /// First three letters of every word that may open a prefix- or phrase-matched entry
    /// (relative adjectives, weekday compounds, holidays, phrases): a cheap gate per word.
    pub openers: HashMap<String, ()>,
    /// Every lexicon word that may open an expression (`am`, `März`, `Abend`, `Jahr`, …):
    /// other words (save number words and a few patterns) are skipped at once.
    pub starters: HashMap<String, ()>,
    /// Words before a clock time (`um 8`, `gegen 8`).
    pub clockprep: Vec<String>,
    /// Words before a day and month written as ordinals (`am siebten vierten`).
    pub ordctx: Vec<String>,
    /// Articles that with a singular year noun name the current year (`des Jahres`).
    pub curdet: Vec<String>,
    /// Words linking a night to the day after it (`Nacht zum Sonntag`).
    pub nightlink: Vec<String>,
    /// Month entries that abbreviate a longer name of the same month (`jan`, `sept`): only
    /// with a dot or a number after them. Derived from `month`.
    pub month_abbr: HashMap<String, ()>,
    /// Month names read as months only when capitalised (English `may`, a verb too).
    pub month_case: Vec<String>,
    /// The word between a day and its month (`27th of November`).
    pub day_of: Vec<String>,
    /// The word after a clock hour (`18 Uhr`).
    pub oclock: Vec<String>,
    /// Words for "two" before a plural unit (`die nächsten beiden Tage`).
    pub pair: Vec<String>,
    /// Suffixes after a year that make a decade (`1990er`).
    pub decade_suffix: Vec<String>,
    /// Linking letters inside compounds and adverbs (`Dienstagsabends`: `s`).
    pub linker: Vec<String>,
    /// Suffixes making a weekday a recurring adverb (`montags`).
    pub set_suffix: Vec<String>,
    /// Endings of adjectives of duration after a number word (`zweitägig` → day).
    pub duration_suffix: Vec<(String, Unit)>,
    /// Inflection endings stripped before reading an adjective (`zweitägigen`).
    pub adj_endings: Vec<char>,
    /// Vague references (`damals`, `derzeit`, `künftig`) as scanner pieces → past/present/future.
    pub reference: Vec<(Vec<String>, Reference)>,
    /// Adjectives of vague reference, matched by prefix (`heutig` → present, `künftig` → future).
    pub reference_adj: Vec<(String, Reference)>,
    /// Days counted from the day the text speaks of, as scanner pieces (`Vortag` → -1,
    /// `Tag zuvor` → -1, `selben Tag` → 0).
    pub reference_day: Vec<(Vec<String>, i32)>,
    /// Vague amounts before a plural unit (`wenigen Tagen` → PXD).
    pub vague: Vec<String>,
    /// Adjectives of a vague duration, matched by prefix (`jahrelang` → PXY).
    pub vague_adj: Vec<(String, Unit)>,
    /// Suffix of frequency words after a number word (`zweimal` → 2 times).
    pub times_suffix: Vec<String>,
    /// Words before a singular unit naming a rate (`pro Jahr`, `je Woche`) → a set.
    pub per: Vec<String>,
    /// Words after which a four-digit number is a count or a code, not a year (`Nummer 2013`).
    pub not_year_after: Vec<String>,
    /// Auxiliaries of the future (`wird`): a weekday or month in such a clause lies ahead.
    pub future_aux: Vec<String>,
    /// Words of past tense (`war`, `wurde`): a month without a year in such a clause lies behind.
    pub past_aux: Vec<String>,
    /// Words saying a clock time holds on each of several days (`jeweils`).
    pub each: Vec<String>,
    /// Nouns of time in general (`Zeit`): with a relative adjective a vague reference (`in
    /// dieser Zeit` → present, `in letzter Zeit` → past).
    pub time_noun: Vec<String>,
}

/// The first three characters of a word.
pub fn first3(w: &str) -> &str {
    w.char_indices().nth(3).map(|(b, _)| &w[..b]).unwrap_or(w)
}

impl DateLexicon {
    pub fn parse(data: &str) -> Self {
        let mut lx = DateLexicon::default();
        for line in data.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let (Some(kind), Some(word)) = (f.first(), f.get(1)) else {
                continue;
            };
            let word = word.to_string();
            let value = f.get(2).copied().unwrap_or("");
            match *kind {
                "month" => {
                    if let Ok(v) = value.parse() {
                        lx.month.insert(word, v);
                    }
                }
                "weekday" => {
                    if let Ok(v) = value.parse() {
                        lx.weekday.insert(word, v);
                    }
                }
                "rel" => {
                    if let Ok(v) = value.parse() {
                        lx.rel.push((word, v));
                    }
                }
                "unit" => {
                    lx.unit.insert(word, value.to_string());
                }
                "part" => {
                    lx.part.insert(word, value.to_string());
                }
                "deictic" => {
                    if let Ok(v) = value.parse() {
                        lx.deictic.insert(word, v);
                    }
                }
                "prep" => {
                    lx.prep.insert(word, value.to_string());
                }
                "link" => lx.link.push((
                    surface_pieces(&word),
                    value.to_string(),
                )),
                "det" => lx.det.push(word),
                "first" => lx.first.push(word),
                "last" => lx.last.push(word),
                "later" => lx.later.push(word),
                "lookback" => lx.lookback.push(word),
                "earlier" => lx.earlier.push(word),
                "plural" => lx.plural.push(word),
                "daypart" => {
                    if let Ok(v) = value.parse() {
                        lx.daypart.insert(word.clone(), v);
                    }
                    if let Some(code) = f.get(3).filter(|c| !c.is_empty()) {
                        lx.daypart_code.insert(word, code.to_string());
                    }
                }
                "clockfrac" => {
                    if let Ok(v) = value.parse() {
                        lx.clock_frac.insert(word, v);
                    }
                }
                "clockside" => {
                    if let Ok(v) = value.parse() {
                        lx.clock_side.insert(word, v);
                    }
                }
                "now" => {
                    lx.now_phrase
                        .push(surface_pieces(&word));
                    lx.now.push(word);
                }
                "daysuffix" => {
                    lx.daysuffix.insert(word, value.to_string());
                }
                "greeting" => lx.greeting.push(word),
                "whole" => lx.whole.push(word),
                "everyn" => lx.every_n.push(word),
                "clockprep" => lx.clockprep.push(word),
                "ordctx" => lx.ordctx.push(word),
                "curdet" => lx.curdet.push(word),
                "nightlink" => lx.nightlink.push(word),
                "season" => {
                    lx.season.insert(word, value.to_string());
                }
                "fraction" => {
                    if let Ok(v) = value.parse() {
                        lx.fraction.insert(word, v);
                    }
                }
                "fracunit" => {
                    if let (Ok(v), Some(u)) = (value.parse(), f.get(3)) {
                        lx.fracunit.insert(word, (v, u.to_string()));
                    }
                }
                "relphrase" => {
                    if let Some(Ok(off)) = f.get(3).map(|o| o.parse()) {
                        lx.relphrase.push((
                            surface_pieces(&word),
                            value.to_string(),
                            off,
                        ));
                    }
                }
                "partafter" => {
                    lx.partafter.insert(word, value.to_string());
                }
                "weekdayabbr" => {
                    if let Ok(v) = value.parse() {
                        lx.weekday_abbr.insert(word, v);
                    }
                }
                "ordholiday" => {
                    if let Some(Ok(step)) = f.get(3).map(|o| o.parse()) {
                        lx.ordholiday.push((word, value.to_string(), step));
                    }
                }
                "every" => lx.every.push(word),
                "clockword" => {
                    if let Ok(v) = value.parse() {
                        lx.clockword.insert(word, v);
                    }
                }
                "daynoun" => {
                    lx.daynoun.insert(word, value.to_string());
                }
                "recurring" => {
                    lx.recurring.insert(word, value.to_string());
                }
                "monthcase" => lx.month_case.push(word),
                "dayof" => lx.day_of.push(word),
                "oclock" => lx.oclock.push(word),
                "pair" => lx.pair.push(word),
                "decadesuffix" => lx.decade_suffix.push(word),
                "linker" => lx.linker.push(word),
                "setsuffix" => lx.set_suffix.push(word),
                "durationsuffix" => {
                    if let Some(u) = Unit::parse(value) {
                        lx.duration_suffix.push((word, u));
                    }
                }
                "adjending" => lx.adj_endings.extend(word.chars()),
                "ref" => {
                    if let Some(r) = reference(value) {
                        lx.reference.push((surface_pieces(&word), r));
                    }
                }
                "refadj" => {
                    if let Some(r) = reference(value) {
                        lx.reference_adj.push((word, r));
                    }
                }
                "refday" => {
                    if let Ok(v) = value.parse() {
                        lx.reference_day.push((surface_pieces(&word), v));
                    }
                }
                "vague" => lx.vague.push(word),
                "vagueadj" => {
                    if let Some(u) = Unit::parse(value) {
                        lx.vague_adj.push((word, u));
                    }
                }
                "timessuffix" => lx.times_suffix.push(word),
                "per" => lx.per.push(word),
                "notyearafter" => lx.not_year_after.push(word),
                "future" => lx.future_aux.push(word),
                "past" => lx.past_aux.push(word),
                "each" => lx.each.push(word),
                "timenoun" => lx.time_noun.push(word),
                "holiday" => lx.holiday.push((
                    surface_pieces(&word),
                    value.to_string(),
                )),
                _ => {}
            }
        }
        lx.month_abbr = lx
            .month
            .iter()
            .filter(|(w, m)| {
                lx.month
                    .iter()
                    .any(|(o, n)| n == *m && o.len() > w.len() && o.starts_with(w.as_str()))
            })
            .map(|(w, _)| (w.clone(), ()))
            .collect();
        // longest phrases and prefixes first so `vorletzt` wins over `vor…`, `übernächst` over
        // `nächst`, `vor kurzem` over `vor`
        lx.reference.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.reference_day
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.reference_adj
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.vague_adj.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.duration_suffix
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.rel.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.link.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.holiday.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.relphrase
            .sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
        lx.now_phrase.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let firsts: Vec<String> = lx
            .rel
            .iter()
            .map(|(w, _)| w.clone())
            .chain(lx.weekday.keys().cloned())
            .chain(lx.holiday.iter().filter_map(|(w, _)| w.first().cloned()))
            .chain(
                lx.relphrase
                    .iter()
                    .filter_map(|(w, _, _)| w.first().cloned()),
            )
            .chain(lx.now_phrase.iter().filter_map(|w| w.first().cloned()))
            .chain(lx.reference.iter().filter_map(|(w, _)| w.first().cloned()))
            .chain(lx.reference_day.iter().filter_map(|(w, _)| w.first().cloned()))
            .chain(lx.reference_adj.iter().map(|(w, _)| w.clone()))
            .chain(lx.vague_adj.iter().map(|(w, _)| w.clone()))
            .chain(lx.recurring.keys().cloned())
            .collect();
        lx.openers = firsts.iter().map(|w| (first3(w).to_string(), ())).collect();
        let mut st: Vec<String> = Vec::new();
        st.extend(lx.month.keys().cloned());
        st.extend(lx.weekday.keys().cloned());
        st.extend(lx.weekday_abbr.keys().cloned());
        st.extend(lx.unit.keys().cloned());
        st.extend(lx.part.keys().cloned());
        st.extend(lx.deictic.keys().cloned());
        st.extend(lx.prep.keys().cloned());
        st.extend(lx.det.iter().cloned());
        st.extend(lx.first.iter().cloned());
        st.extend(lx.last.iter().cloned());
        st.extend(lx.every.iter().cloned());
        st.extend(lx.every_n.iter().cloned());
        st.extend(lx.recurring.keys().cloned());
        st.extend(lx.clockword.keys().cloned());
        st.extend(lx.daynoun.keys().cloned());
        st.extend(lx.daypart.keys().cloned());
        st.extend(lx.daysuffix.keys().cloned());
        st.extend(lx.clock_frac.keys().cloned());
        st.extend(lx.whole.iter().cloned());
        st.extend(lx.fraction.keys().cloned());
        st.extend(lx.fracunit.keys().cloned());
        st.extend(lx.season.keys().cloned());
        st.extend(lx.now.iter().cloned());
        st.extend(firsts);
        st.extend(lx.clockprep.iter().cloned());
        st.extend(lx.curdet.iter().cloned());
        st.extend(lx.vague.iter().cloned());
        st.extend(lx.per.iter().cloned());
        lx.starters = st.into_iter().map(|w| (w, ())).collect();
        lx
    }

    /// Month number of a month name; an abbreviation (`jan`) only when `dotted_or_numbered`
    /// (a dot or a number follows it); a name of `month_case` only when `capitalised`.
    pub fn month_of(&self, lower: &str, dotted_or_numbered: bool, capitalised: bool) -> Option<u32> {
        let m = *self.month.get(lower)?;
        if self.month_abbr.contains_key(lower) && !dotted_or_numbered {
            return None;
        }
        if !capitalised && self.month_case.iter().any(|w| w == lower) {
            return None;
        }
        Some(m)
    }

    /// The recurrence an adverb or adjective names (`jährlich`, `jährlichen` → P1Y), matched
    /// by prefix.
    pub fn recurrence(&self, lower: &str) -> Option<&str> {
        if let Some(p) = self.recurring.get(lower) {
            return Some(p);
        }
        if !self.openers.contains_key(first3(lower)) {
            return None;
        }
        let stem = lower.trim_end_matches(self.adj_endings.as_slice());
        self.recurring.get(stem).map(String::as_str)
    }

    /// Vague reference of an adjective (`heutigen` → present), matched by prefix.
    pub fn reference_adjective(&self, lower: &str) -> Option<Reference> {
        if !self.openers.contains_key(first3(lower)) {
            return None;
        }
        self.reference_adj
            .iter()
            .find(|(p, _)| lower.starts_with(p.as_str()))
            .map(|(_, r)| *r)
    }

    /// Unit of an adjective of vague duration (`jahrelangen` → year), matched by prefix.
    pub fn vague_adjective(&self, lower: &str) -> Option<Unit> {
        if !self.openers.contains_key(first3(lower)) {
            return None;
        }
        self.vague_adj
            .iter()
            .find(|(p, _)| lower.starts_with(p.as_str()))
            .map(|(_, u)| *u)
    }

    /// Offset of a relative adjective (`vergangenen` → -1), matched by prefix.
    pub fn relative(&self, lower: &str) -> Option<i32> {
        if !self.openers.contains_key(first3(lower)) {
            return None;
        }
        self.rel
            .iter()
            .find(|(p, _)| lower.starts_with(p.as_str()))
            .map(|(_, v)| *v)
    }
}

fn reference(v: &str) -> Option<Reference> {
    Some(match v {
        "past" => Reference::Past,
        "present" => Reference::Present,
        "future" => Reference::Future,
        _ => return None,
    })
}
