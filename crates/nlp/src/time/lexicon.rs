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
                "earlier" => lx.earlier.push(word),
                "plural" => lx.plural.push(word),
                "daypart" => {
                    if let Ok(v) = value.parse() {
                        lx.daypart.insert(word, v);
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
                "now" => lx.now.push(word),
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
        lx
    }

    /// Offset of a relative adjective (`vergangenen` → -1), matched by prefix.
    pub fn relative(&self, lower: &str) -> Option<i32> {
        self.rel
            .iter()
            .find(|(p, _)| lower.starts_with(p.as_str()))
            .map(|(_, v)| *v)
    }
}
