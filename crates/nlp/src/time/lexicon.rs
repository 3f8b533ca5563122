//! Date words of a language, parsed from `data/lang/<code>/dates.tsv`.

use crate::quantity::lexicon::HashMap;

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
                    crate::quantity::lexicon::surface_pieces(&word),
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
                        .push(crate::quantity::lexicon::surface_pieces(&word));
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
                            crate::quantity::lexicon::surface_pieces(&word),
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
                "holiday" => lx.holiday.push((
                    crate::quantity::lexicon::surface_pieces(&word),
                    value.to_string(),
                )),
                _ => {}
            }
        }
        // longest prefixes first so `vorletzt` wins over `vor…`, `übernächst` over `nächst`
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
        lx.starters = st.into_iter().map(|w| (w, ())).collect();
        lx
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
