//! The compiled cleaning patterns of one language: its own families and source cues (from
//! `nlp::lang::Language::cleaning`, i.e. `data/lang/<code>/cleaning.toml` and
//! `source-cues.toml`), the widget families it borrows, and the language-neutral patterns of
//! `data/ingest/neutral.toml`. The date-line words (month names, date prefixes) still come
//! from `data/ingest/<lang>.toml`, all languages at once.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use parallax_model::RemovalReason;
use parallax_nlp::cleaning::{CleaningPatterns, PatternFamily, SourceCues};
use parallax_nlp::lang;
use regex::{Regex, RegexSet};
use serde::Deserialize;

/// Language-neutral patterns: structure only, no word of any language.
pub const NEUTRAL: &str = include_str!("../../../../data/ingest/neutral.toml");

/// The date-line words, one file per language. All are read for every article.
pub const DATE_FILES: &[&str] = &[
    include_str!("../../../../data/ingest/de.toml"),
    include_str!("../../../../data/ingest/en.toml"),
    include_str!("../../../../data/ingest/es.toml"),
    include_str!("../../../../data/ingest/fr.toml"),
];

#[derive(Deserialize)]
struct DateFile {
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    month_aliases: HashMap<String, u32>,
    #[serde(default)]
    date_prefixes: Vec<String>,
}

#[derive(Deserialize)]
struct NeutralFile {
    #[serde(default)]
    rules: Vec<PatternFamily>,
}

/// One compiled line pattern's meaning.
#[derive(Debug, Clone)]
pub struct PatternInfo {
    pub reason: RemovalReason,
    /// The family's name (`share`, `betting`, …), for reports.
    pub family: String,
    /// Longest line (chars) a `contains` pattern applies to.
    pub max_chars: usize,
}

/// Compiled rules of one language (plus the neutral ones).
pub struct Rules {
    /// The language these rules are for.
    pub language: &'static str,
    pub whole_line: RegexSet,
    pub whole_line_info: Vec<PatternInfo>,
    /// `contains` patterns: one set, with each pattern's reason and longest line (chars).
    pub contains: RegexSet,
    pub contains_info: Vec<PatternInfo>,
    contains_max: usize,
    /// Month name (lowercase) → month number.
    pub months: HashMap<String, u32>,
    /// `^(Quelle|Source)s?\s*:\s*(.+)$`
    pub source_line: Regex,
    /// `^(Von|By) Name Name`
    pub byline: Regex,
    /// Optional date prefix + date.
    pub date_prefix: Regex,
    /// Image credit at the end of a caption: `(Quelle: RIA Novosti) |`, `| Foto: dpa`, `/Collage 24 Channel`.
    pub caption_credit: Regex,
    /// A closing wire credit: `Mit Material von zpd`, `With reporting by Reuters`.
    pub material_credit: Option<Regex>,
    pub own_credit_words: Vec<String>,
    /// The language's source cue words (credit cues, articles, joiners, site prepositions).
    pub cues: SourceCues,
    /// Longest line (in bytes) that any line rule looks at; longer lines are prose.
    pub max_rule_line: usize,
}

/// Unicode word boundaries (`\b`) make the regex engine leave its fast DFA on non-ASCII
/// text; for yes/no line matching a boundary may as well consume the neighbouring
/// non-word character (or sit at either end of the line).
fn dfa_friendly(p: &str) -> String {
    p.replace(r"\b", r"(?:^|$|\W)")
}

/// Longest line (chars) that `whole_line` patterns are tried on.
const WHOLE_LINE_MAX: usize = 320;

/// Longest line (chars) a `contains` pattern is tried on unless its family says otherwise.
const CONTAINS_DEFAULT_MAX: usize = 300;

/// A regex alternation of literal words (longest first; spaces match any whitespace).
pub fn alternation(words: &[String]) -> String {
    let mut w: Vec<&String> = words.iter().filter(|w| !w.trim().is_empty()).collect();
    w.sort_by_key(|s| std::cmp::Reverse(s.len()));
    w.dedup();
    if w.is_empty() {
        // Matches nothing: a language without such words.
        return r"[^\s\S]".to_string();
    }
    w.iter()
        .map(|s| regex::escape(s).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

impl Rules {
    /// The rules for a text of language `code` (`None`: undetected): its language's patterns
    /// as [`lang::cleaning_for`] finds them. Compiled once per language per process.
    pub fn for_language(code: Option<&str>) -> &'static Rules {
        let (code, own) = lang::cleaning_for(code);
        static CACHE: OnceLock<Mutex<HashMap<&'static str, &'static Rules>>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        let mut guard = cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(r) = guard.get(code) {
            return r;
        }
        let borrowed: Vec<&CleaningPatterns> = own
            .patterns()
            .borrow_widgets_from
            .iter()
            .filter_map(|c| lang::all_cleaning().find(|(l, _)| l == c))
            .map(|(_, r)| r.patterns())
            .collect();
        let rules = Rules::compile(code, own.patterns(), &borrowed, NEUTRAL)
            .unwrap_or_else(|e| panic!("built-in cleaning patterns of {code}: {e}"));
        let leaked: &'static Rules = Box::leak(Box::new(rules));
        guard.insert(code, leaked);
        leaked
    }

    /// Compile a language's patterns, the widget families of `borrowed` languages and the
    /// neutral patterns (TOML in the format of `data/ingest/neutral.toml`).
    pub fn compile(
        code: &'static str,
        own: &CleaningPatterns,
        borrowed: &[&CleaningPatterns],
        neutral_toml: &str,
    ) -> Result<Rules, String> {
        let neutral: NeutralFile =
            toml::from_str(neutral_toml).map_err(|e| format!("neutral.toml: {e}"))?;
        let families: Vec<&PatternFamily> = own
            .families
            .iter()
            .chain(
                borrowed
                    .iter()
                    .flat_map(|b| b.families.iter().filter(|f| f.widget)),
            )
            .chain(neutral.rules.iter())
            .collect();
        let (whole_pats, whole_line_info, contains_pats, contains_info) = line_patterns(&families);
        let set = |pats: &[String]| {
            regex::RegexSetBuilder::new(pats)
                .dfa_size_limit(64 << 20)
                .size_limit(64 << 20)
                .build()
                .map_err(|e| e.to_string())
        };
        let whole_line = set(&whole_pats)?;
        let contains = set(&contains_pats)?;
        let contains_max = contains_info.iter().map(|c| c.max_chars).max().unwrap_or(0);
        let (months, date_words) = date_words()?;
        let cues = own.cues.clone();
        let re = |p: String| Regex::new(&p).map_err(|e| e.to_string());
        let name = r"\p{Lu}[\p{L}'’.-]*";
        let joiners = alternation(&cues.name_joiners);
        let particles = alternation(&cues.name_particles);
        let source_line = re(format!(
            r"(?i)^(?:{})\s*:\s*(?-i)(\S.{{0,200}})$",
            alternation(&cues.source_prefixes)
        ))?;
        let byline = re(format!(
            r"^(?i:{})\s*:?\s+({name}(?:\s+(?:(?:{joiners}|&|{particles})\s+)?{name}){{1,4}}(?:\s*(?:,|{joiners}|&)\s*{name}(?:\s+{name}){{1,3}})*)\s*(?:[,|/–-]\s*.{{0,60}})?$",
            alternation(&cues.byline_prefixes)
        ))?;
        let date_prefix = re(format!(
            r"(?i)^(?:(?:{})\s*:?\s*)?(.+)$",
            alternation(&date_words)
        ))?;
        let caption_credit = re(format!(
            r"(?i)(?:\s*[(\[]\s*(?:{c})\s*:\s*([^()\[\]\n]{{1,60}}?)\s*[)\]]\s*\|?|\s*[|/]\s*(?:{c})\s*:?\s+([^|/()\n]{{1,60}}?)\s*\|?)\s*$",
            c = alternation(&cues.credit_words)
        ))?;
        let material_credit = if cues.material_credits.is_empty() {
            None
        } else {
            Some(re(format!(
                r"(?i)^(?:{})\s+(?:(?:{})\s+)?(?:(?:{})\s+)?(?-i)(\S.{{0,60}}?)\.?$",
                alternation(&cues.material_credits),
                alternation(&cues.articles),
                alternation(&cues.agency_words),
            ))?)
        };
        Ok(Rules {
            language: code,
            whole_line,
            whole_line_info,
            contains,
            contains_info,
            contains_max,
            months,
            source_line,
            byline,
            date_prefix,
            caption_credit,
            material_credit,
            own_credit_words: cues
                .own_credit_words
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            cues,
            max_rule_line: 4 * contains_max.max(WHOLE_LINE_MAX),
        })
    }

    /// The reason a whole (trimmed) line is boilerplate, if it is.
    pub fn classify_line(&self, line: &str) -> Option<RemovalReason> {
        self.pattern_of(line).map(|p| p.reason)
    }

    /// The pattern family a whole (trimmed) line belongs to, if any (first matching pattern).
    pub fn pattern_of(&self, line: &str) -> Option<&PatternInfo> {
        if line.len() > self.max_rule_line {
            return None;
        }
        let chars = line.chars().count();
        if chars <= WHOLE_LINE_MAX && self.whole_line.is_match(line) {
            if let Some(i) = self.whole_line.matches(line).iter().next() {
                return self.whole_line_info.get(i);
            }
        }
        if chars <= self.contains_max && self.contains.is_match(line) {
            for i in self.contains.matches(line).iter() {
                if let Some(info) = self.contains_info.get(i) {
                    if chars <= info.max_chars {
                        return Some(info);
                    }
                }
            }
        }
        None
    }

    /// The image credit ending a caption line: (byte offset where it starts, name, own work).
    pub fn caption_credit_at(&self, line: &str) -> Option<(usize, String, bool)> {
        // Credits are short and sit at the very end: look only at the tail.
        let last = line.trim_end().chars().next_back()?;
        if !matches!(last, ')' | ']' | '|') && !line.contains('/') && !line.contains('|') {
            return None;
        }
        let mut start = line.len().saturating_sub(120);
        while !line.is_char_boundary(start) {
            start -= 1;
        }
        let tail = &line[start..];
        let c = self.caption_credit.captures(tail)?;
        let m = c.get(0)?;
        let name = c.get(1).or(c.get(2))?.as_str().trim().to_string();
        let lower = m.as_str().to_lowercase();
        let own = self
            .own_credit_words
            .iter()
            .any(|w| lower.contains(w.as_str()));
        Some((start + m.start(), name, own))
    }

    /// Split a list of names at commas, semicolons, slashes and the language's joiners.
    pub fn split_names<'a>(&self, list: &'a str, extra: &[char]) -> Vec<&'a str> {
        let mut parts: Vec<&'a str> = list
            .split(|c: char| [',', ';', '/'].contains(&c) || extra.contains(&c))
            .collect();
        for j in &self.cues.name_joiners {
            let sep = format!(" {j} ");
            parts = parts
                .into_iter()
                .flat_map(|p| p.split(sep.as_str()))
                .collect();
        }
        parts
            .into_iter()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }
}

type LinePatterns = (Vec<String>, Vec<PatternInfo>, Vec<String>, Vec<PatternInfo>);

/// The anchored `whole_line` and the `contains` patterns of some families, with their info.
fn line_patterns(families: &[&PatternFamily]) -> LinePatterns {
    let (mut whole, mut whole_info, mut contains, mut contains_info) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for f in families {
        let family = f.name();
        let max = f.max_chars.unwrap_or(CONTAINS_DEFAULT_MAX);
        for p in &f.whole_line {
            whole.push(format!(r"(?i)^(?:{})$", dfa_friendly(p)));
            whole_info.push(PatternInfo {
                reason: f.reason,
                family: family.clone(),
                max_chars: WHOLE_LINE_MAX,
            });
        }
        for p in &f.contains {
            contains.push(format!("(?i){}", dfa_friendly(p)));
            contains_info.push(PatternInfo {
                reason: f.reason,
                family: family.clone(),
                max_chars: max,
            });
        }
    }
    (whole, whole_info, contains, contains_info)
}

/// Month names of every date file, and every date prefix.
fn date_words() -> Result<(HashMap<String, u32>, Vec<String>), String> {
    let mut months = HashMap::new();
    let mut prefixes = Vec::new();
    for text in DATE_FILES {
        let f: DateFile = toml::from_str(text).map_err(|e| e.to_string())?;
        for (i, m) in f.months.iter().enumerate() {
            months.insert(m.to_lowercase(), i as u32 + 1);
        }
        for (k, v) in f.month_aliases {
            months.insert(k.to_lowercase(), v);
        }
        prefixes.extend(f.date_prefixes);
    }
    Ok((months, prefixes))
}

/// Month names (lowercase) of every date file → month number.
pub fn all_months() -> &'static HashMap<String, u32> {
    static MONTHS: OnceLock<HashMap<String, u32>> = OnceLock::new();
    MONTHS.get_or_init(|| date_words().map(|(m, _)| m).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_gets_its_own_words_and_the_neutral_patterns() {
        let de = Rules::for_language(Some("de"));
        let en = Rules::for_language(Some("en"));
        assert_eq!(
            de.classify_line("Weiterlesen"),
            Some(RemovalReason::ReadMore)
        );
        assert_eq!(
            en.classify_line("Weiterlesen"),
            None,
            "German words only for German"
        );
        assert_eq!(
            en.classify_line("Continue reading"),
            Some(RemovalReason::ReadMore)
        );
        // German pages carry English blog widgets; German borrows them.
        assert_eq!(
            de.classify_line("Leave a Reply"),
            Some(RemovalReason::Comments)
        );
        // Neutral patterns hold for every language.
        for r in [de, en] {
            assert_eq!(
                r.classify_line("[Anzeige_2]"),
                Some(RemovalReason::AdMarker)
            );
            assert_eq!(
                r.classify_line("Facebook Twitter WhatsApp"),
                Some(RemovalReason::Share)
            );
            assert_eq!(
                r.classify_line("Home > Politik > Ausland"),
                Some(RemovalReason::Breadcrumb)
            );
        }
        assert!(de.source_line.is_match("Quelle: TASS"));
        assert!(!en.source_line.is_match("Quelle: TASS"));
        assert_eq!(
            de.pattern_of("Glücksspiel kann süchtig machen. Hilfe unter 0800 1 37 27 00.")
                .map(|p| p.family.as_str()),
            Some("betting")
        );
    }

    #[test]
    fn bad_patterns_are_an_error() {
        let own = CleaningPatterns::parse(
            "[[rules]]\nreason = \"share\"\nwhole_line = ['(unclosed']",
            "",
        )
        .unwrap();
        assert!(Rules::compile("xx", &own, &[], NEUTRAL).is_err());
        assert!(Rules::compile("xx", &CleaningPatterns::default(), &[], "rules = 3").is_err());
    }
}
