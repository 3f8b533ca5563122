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
    /// Words after a number of years that make it an age (`22 Jahre alt`, `der 16 Jahre
    /// jüngere`): no time.
    pub age: Vec<String>,
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
    /// Nouns after a year that name it as a year (Russian `2024 года`), not a duration.
    pub year_nouns: Vec<String>,
    /// Auxiliaries of the future (`wird`): a weekday or month in such a clause lies ahead.
    pub future_aux: Vec<String>,
    /// Words of past tense (`war`, `wurde`): a month without a year in such a clause lies behind.
    pub past_aux: Vec<String>,
    /// Present-tense verbs and words announcing a plan (`reist`, `arrives`, `geplant`): a
    /// weekday in such a clause is the next one, today included. No form that is also a
    /// participle (`besucht`): a perfect tense would read as a plan.
    pub scheduled: Vec<String>,
    /// Words saying a clock time holds on each of several days (`jeweils`).
    pub each: Vec<String>,
    /// Words opening a subordinate clause (`dass`, `weil`): its tense is its own.
    pub subordinator: Vec<String>,
    /// Suffixes of ordinal numbers after digits (`9th`).
    pub ordinal_suffix: Vec<String>,
    /// A day is written as a bare number before its month (`9 November`), no dot needed.
    pub day_without_dot: bool,
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
            let value = f.get(2).copied().unwrap_or("");
            lx.add(kind, word.to_string(), value, f.get(3));
        }
        lx.finish();
        lx
    }

    /// Derived tables: abbreviations, longest entries first, the cheap gates on first words.
    fn finish(&mut self) {
        self.month_abbr = self
            .month
            .iter()
            .filter(|(w, m)| {
                self.month
                    .iter()
                    .any(|(o, n)| n == *m && o.len() > w.len() && o.starts_with(w.as_str()))
            })
            .map(|(w, _)| (w.clone(), ()))
            .collect();
        // longest phrases and prefixes first so `vorletzt` wins over `vor…`, `übernächst` over
        // `nächst`, `vor kurzem` over `vor`
        self.reference
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        self.reference_day
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        self.reference_adj
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        self.vague_adj
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        self.duration_suffix
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        self.rel.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        self.link.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        self.holiday
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        self.relphrase
            .sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
        self.now_phrase.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let firsts: Vec<String> = self
            .rel
            .iter()
            .map(|(w, _)| w.clone())
            .chain(self.weekday.keys().cloned())
            .chain(self.holiday.iter().filter_map(|(w, _)| w.first().cloned()))
            .chain(
                self.relphrase
                    .iter()
                    .filter_map(|(w, _, _)| w.first().cloned()),
            )
            .chain(self.now_phrase.iter().filter_map(|w| w.first().cloned()))
            .chain(
                self.reference
                    .iter()
                    .filter_map(|(w, _)| w.first().cloned()),
            )
            .chain(
                self.reference_day
                    .iter()
                    .filter_map(|(w, _)| w.first().cloned()),
            )
            .chain(self.reference_adj.iter().map(|(w, _)| w.clone()))
            .chain(self.vague_adj.iter().map(|(w, _)| w.clone()))
            .chain(self.recurring.keys().cloned())
            .collect();
        self.openers = firsts.iter().map(|w| (first3(w).to_string(), ())).collect();
        let mut st: Vec<String> = Vec::new();
        st.extend(self.month.keys().cloned());
        st.extend(self.weekday.keys().cloned());
        st.extend(self.weekday_abbr.keys().cloned());
        st.extend(self.unit.keys().cloned());
        st.extend(self.part.keys().cloned());
        st.extend(self.deictic.keys().cloned());
        st.extend(self.prep.keys().cloned());
        st.extend(self.det.iter().cloned());
        st.extend(self.first.iter().cloned());
        st.extend(self.last.iter().cloned());
        st.extend(self.every.iter().cloned());
        st.extend(self.every_n.iter().cloned());
        st.extend(self.recurring.keys().cloned());
        st.extend(self.clockword.keys().cloned());
        st.extend(self.daynoun.keys().cloned());
        st.extend(self.daypart.keys().cloned());
        st.extend(self.daysuffix.keys().cloned());
        st.extend(self.clock_frac.keys().cloned());
        st.extend(self.whole.iter().cloned());
        st.extend(self.fraction.keys().cloned());
        st.extend(self.fracunit.keys().cloned());
        st.extend(self.season.keys().cloned());
        st.extend(self.now.iter().cloned());
        st.extend(firsts);
        st.extend(self.clockprep.iter().cloned());
        st.extend(self.curdet.iter().cloned());
        st.extend(self.vague.iter().cloned());
        st.extend(self.per.iter().cloned());
        self.starters = st.into_iter().map(|w| (w, ())).collect();
    }

    /// Take in one line of the lexicon: `kind`, `word`, its value and an extra column.
    fn add(&mut self, kind: &str, word: String, value: &str, extra: Option<&&str>) {
        let _ = self.add_word(kind, word.clone())
            || self.add_number(kind, word.clone(), value, extra)
            || self.add_other(kind, word, value, extra);
    }

    /// Kinds that are plain word lists.
    fn add_word(&mut self, kind: &str, word: String) -> bool {
        match kind {
            "det" => self.det.push(word),
            "first" => self.first.push(word),
            "last" => self.last.push(word),
            "later" => self.later.push(word),
            "lookback" => self.lookback.push(word),
            "earlier" => self.earlier.push(word),
            "age" => self.age.push(word),
            "plural" => self.plural.push(word),
            "greeting" => self.greeting.push(word),
            "whole" => self.whole.push(word),
            "everyn" => self.every_n.push(word),
            "clockprep" => self.clockprep.push(word),
            "ordctx" => self.ordctx.push(word),
            "curdet" => self.curdet.push(word),
            "nightlink" => self.nightlink.push(word),
            "every" => self.every.push(word),
            "monthcase" => self.month_case.push(word),
            "dayof" => self.day_of.push(word),
            "oclock" => self.oclock.push(word),
            "pair" => self.pair.push(word),
            "decadesuffix" => self.decade_suffix.push(word),
            "linker" => self.linker.push(word),
            "setsuffix" => self.set_suffix.push(word),
            "vague" => self.vague.push(word),
            "timessuffix" => self.times_suffix.push(word),
            "per" => self.per.push(word),
            "notyearafter" => self.not_year_after.push(word),
            "yearnoun" => self.year_nouns.push(word),
            "future" => self.future_aux.push(word),
            "past" => self.past_aux.push(word),
            "scheduled" => self.scheduled.push(word),
            "each" => self.each.push(word),
            "timenoun" => self.time_noun.push(word),
            "ordinalsuffix" => self.ordinal_suffix.push(word),
            "subordinator" => self.subordinator.push(word),
            _ => return false,
        }
        true
    }

    /// Kinds with a number value.
    fn add_number(&mut self, kind: &str, word: String, value: &str, extra: Option<&&str>) -> bool {
        match kind {
            "month" => {
                if let Ok(v) = value.parse() {
                    self.month.insert(word, v);
                }
            }
            "weekday" => {
                if let Ok(v) = value.parse() {
                    self.weekday.insert(word, v);
                }
            }
            "rel" => {
                if let Ok(v) = value.parse() {
                    self.rel.push((word, v));
                }
            }
            "deictic" => {
                if let Ok(v) = value.parse() {
                    self.deictic.insert(word, v);
                }
            }
            "daypart" => {
                if let Ok(v) = value.parse() {
                    self.daypart.insert(word.clone(), v);
                }
                if let Some(code) = extra.filter(|c| !c.is_empty()) {
                    self.daypart_code.insert(word, code.to_string());
                }
            }
            "clockfrac" => {
                if let Ok(v) = value.parse() {
                    self.clock_frac.insert(word, v);
                }
            }
            "clockside" => {
                if let Ok(v) = value.parse() {
                    self.clock_side.insert(word, v);
                }
            }
            "fraction" => {
                if let Ok(v) = value.parse() {
                    self.fraction.insert(word, v);
                }
            }
            "fracunit" => {
                if let (Ok(v), Some(u)) = (value.parse(), extra) {
                    self.fracunit.insert(word, (v, u.to_string()));
                }
            }
            "weekdayabbr" => {
                if let Ok(v) = value.parse() {
                    self.weekday_abbr.insert(word, v);
                }
            }
            "clockword" => {
                if let Ok(v) = value.parse() {
                    self.clockword.insert(word, v);
                }
            }
            "refday" => {
                if let Ok(v) = value.parse() {
                    self.reference_day.push((surface_pieces(&word), v));
                }
            }
            _ => return false,
        }
        true
    }

    /// Kinds with a code, a unit or scanner pieces.
    fn add_other(&mut self, kind: &str, word: String, value: &str, extra: Option<&&str>) -> bool {
        match kind {
            "unit" => {
                self.unit.insert(word, value.to_string());
            }
            "part" => {
                self.part.insert(word, value.to_string());
            }
            "prep" => {
                self.prep.insert(word, value.to_string());
            }
            "link" => self.link.push((surface_pieces(&word), value.to_string())),
            "now" => {
                self.now_phrase.push(surface_pieces(&word));
                self.now.push(word);
            }
            "daysuffix" => {
                self.daysuffix.insert(word, value.to_string());
            }
            "season" => {
                self.season.insert(word, value.to_string());
            }
            "relphrase" => {
                if let Some(Ok(off)) = extra.map(|o| o.parse()) {
                    self.relphrase
                        .push((surface_pieces(&word), value.to_string(), off));
                }
            }
            "partafter" => {
                self.partafter.insert(word, value.to_string());
            }
            "ordholiday" => {
                if let Some(Ok(step)) = extra.map(|o| o.parse()) {
                    self.ordholiday.push((word, value.to_string(), step));
                }
            }
            "daynoun" => {
                self.daynoun.insert(word, value.to_string());
            }
            "recurring" => {
                self.recurring.insert(word, value.to_string());
            }
            "durationsuffix" => {
                if let Some(u) = Unit::parse(value) {
                    self.duration_suffix.push((word, u));
                }
            }
            "adjending" => self.adj_endings.extend(word.chars()),
            "ref" => {
                if let Some(r) = reference(value) {
                    self.reference.push((surface_pieces(&word), r));
                }
            }
            "refadj" => {
                if let Some(r) = reference(value) {
                    self.reference_adj.push((word, r));
                }
            }
            "vagueadj" => {
                if let Some(u) = Unit::parse(value) {
                    self.vague_adj.push((word, u));
                }
            }
            "daynodot" => self.day_without_dot = true,
            "holiday" => self
                .holiday
                .push((surface_pieces(&word), value.to_string())),

            _ => return false,
        }
        true
    }

    /// Month number of a month name; an abbreviation (`jan`) only when `dotted_or_numbered`
    /// (a dot or a number follows it); a name of `month_case` only when `capitalised`.
    pub fn month_of(
        &self,
        lower: &str,
        dotted_or_numbered: bool,
        capitalised: bool,
    ) -> Option<u32> {
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
