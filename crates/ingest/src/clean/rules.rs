//! The cleaning patterns, loaded from `data/ingest/<lang>.toml` (embedded).

use std::collections::HashMap;
use std::sync::OnceLock;

use parallax_model::RemovalReason;
use regex::{Regex, RegexSet};
use serde::Deserialize;

/// The embedded pattern files, one per language. All are applied to every article.
pub const LANGUAGE_FILES: &[(&str, &str)] = &[
    ("de", include_str!("../../../../data/ingest/de.toml")),
    ("en", include_str!("../../../../data/ingest/en.toml")),
    ("es", include_str!("../../../../data/ingest/es.toml")),
    ("fr", include_str!("../../../../data/ingest/fr.toml")),
];

#[derive(Deserialize)]
struct LangFile {
    #[allow(dead_code)]
    language: String,
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    month_aliases: HashMap<String, u32>,
    #[serde(default)]
    source_prefixes: Vec<String>,
    #[serde(default)]
    byline_prefixes: Vec<String>,
    #[serde(default)]
    date_prefixes: Vec<String>,
    #[serde(default)]
    credit_words: Vec<String>,
    #[serde(default)]
    own_credit_words: Vec<String>,
    #[serde(default)]
    credit_cues_before: Vec<String>,
    #[serde(default)]
    credit_cues_after: Vec<String>,
    #[serde(default)]
    rules: Vec<RuleGroup>,
}

#[derive(Deserialize)]
struct RuleGroup {
    reason: RemovalReason,
    #[serde(default)]
    whole_line: Vec<String>,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    max_chars: Option<usize>,
}

/// Compiled rules of all languages.
pub struct Rules {
    pub whole_line: RegexSet,
    pub whole_line_reasons: Vec<RemovalReason>,
    /// `contains` patterns: one set, with each pattern's reason and longest line (chars).
    pub contains: RegexSet,
    pub contains_rules: Vec<(RemovalReason, usize)>,
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
    pub own_credit_words: Vec<String>,
    /// Words before / after an outlet name that credit it as a source in running text.
    pub credit_cues_before: Vec<String>,
    pub credit_cues_after: Vec<String>,
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

pub(crate) fn alternation(words: &[String]) -> String {
    let mut w: Vec<&String> = words.iter().collect();
    w.sort_by_key(|s| std::cmp::Reverse(s.len()));
    w.dedup();
    w.iter()
        .map(|s| regex::escape(s).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

impl Rules {
    /// The rules of all embedded language files (compiled once per process).
    pub fn global() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            Rules::from_sources(LANGUAGE_FILES.iter().map(|(_, s)| *s))
                .unwrap_or_else(|e| panic!("embedded cleaning patterns are invalid: {e}"))
        })
    }

    /// Compile rules from TOML sources (the format of `data/ingest/*.toml`).
    pub fn from_sources<'a>(sources: impl Iterator<Item = &'a str>) -> Result<Rules, String> {
        let mut whole = Vec::new();
        let mut whole_reasons = Vec::new();
        let mut contains = Vec::new();
        let mut months = HashMap::new();
        let (mut src, mut by, mut date, mut credit, mut own) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut cue_b, mut cue_a) = (Vec::new(), Vec::new());
        for text in sources {
            let f: LangFile = toml::from_str(text).map_err(|e| e.to_string())?;
            for (i, m) in f.months.iter().enumerate() {
                months.insert(m.to_lowercase(), i as u32 + 1);
            }
            for (k, v) in f.month_aliases {
                months.insert(k.to_lowercase(), v);
            }
            src.extend(f.source_prefixes);
            by.extend(f.byline_prefixes);
            date.extend(f.date_prefixes);
            credit.extend(f.credit_words);
            own.extend(f.own_credit_words.iter().map(|s| s.to_lowercase()));
            cue_b.extend(f.credit_cues_before);
            cue_a.extend(f.credit_cues_after);
            for g in f.rules {
                for p in g.whole_line {
                    let p = dfa_friendly(&p);
                    whole.push(format!(r"(?i)^(?:{p})$"));
                    whole_reasons.push(g.reason);
                }
                let max = g.max_chars.unwrap_or(300);
                for p in g.contains {
                    let p = dfa_friendly(&p);
                    contains.push((format!("(?i){p}"), g.reason, max));
                }
            }
        }
        let set = |pats: Vec<&str>| {
            regex::RegexSetBuilder::new(pats)
                .dfa_size_limit(64 << 20)
                .size_limit(64 << 20)
                .build()
                .map_err(|e| e.to_string())
        };
        let whole_line = set(whole.iter().map(String::as_str).collect())?;
        let contains_max = contains.iter().map(|c| c.2).max().unwrap_or(0);
        let contains_rules = contains.iter().map(|c| (c.1, c.2)).collect();
        let contains = set(contains.iter().map(|c| c.0.as_str()).collect())?;
        let name = r"\p{Lu}[\p{L}'’.-]*";
        let source_line = Regex::new(&format!(
            r"(?i)^(?:{})\s*:\s*(?-i)(\S.{{0,200}})$",
            alternation(&src)
        ))
        .map_err(|e| e.to_string())?;
        let byline = Regex::new(&format!(
            r"^(?i:{})\s*:?\s+({name}(?:\s+(?:(?:und|and|&|von|van|de|der)\s+)?{name}){{1,4}}(?:\s*(?:,|und|and|&)\s*{name}(?:\s+{name}){{1,3}})*)\s*(?:[,|/–-]\s*.{{0,60}})?$",
            alternation(&by)
        ))
        .map_err(|e| e.to_string())?;
        let date_prefix = Regex::new(&format!(
            r"(?i)^(?:(?:{})\s*:?\s*)?(.+)$",
            alternation(&date)
        ))
        .map_err(|e| e.to_string())?;
        let caption_credit = Regex::new(&format!(
            r"(?i)(?:\s*[(\[]\s*(?:{c})\s*:\s*([^()\[\]\n]{{1,60}}?)\s*[)\]]\s*\|?|\s*[|/]\s*(?:{c})\s*:?\s+([^|/()\n]{{1,60}}?)\s*\|?)\s*$",
            c = alternation(&credit)
        ))
        .map_err(|e| e.to_string())?;
        Ok(Rules {
            whole_line,
            whole_line_reasons: whole_reasons,
            contains,
            contains_rules,
            contains_max,
            months,
            source_line,
            byline,
            date_prefix,
            caption_credit,
            own_credit_words: own,
            credit_cues_before: cue_b,
            credit_cues_after: cue_a,
            max_rule_line: 4 * contains_max.max(WHOLE_LINE_MAX),
        })
    }

    /// The reason a whole (trimmed) line is boilerplate, if it is.
    pub fn classify_line(&self, line: &str) -> Option<RemovalReason> {
        if line.len() > self.max_rule_line {
            return None;
        }
        let chars = line.chars().count();
        if chars <= WHOLE_LINE_MAX && self.whole_line.is_match(line) {
            if let Some(i) = self.whole_line.matches(line).iter().next() {
                return self.whole_line_reasons.get(i).copied();
            }
        }
        if chars <= self.contains_max && self.contains.is_match(line) {
            for i in self.contains.matches(line).iter() {
                if let Some((reason, max)) = self.contains_rules.get(i) {
                    if chars <= *max {
                        return Some(*reason);
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
}
