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
                _ => {}
            }
        }
        // longest prefixes first so `vorletzt` wins over `vor…`, `übernächst` over `nächst`
        lx.rel.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        lx.link.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
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
