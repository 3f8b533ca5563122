//! What the analysis of stories and comparisons (`parallax-analyze`) needs from a
//! language: stopwords, stems, the words that read numbers in plain text, and the words that
//! open a clause or mark a change. Defined here, next to the other stages' rules, so that
//! [`crate::lang::Language`] stays the one place that knows a language.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

/// A language's rules for story features and fact comparison.
pub trait StoryRules: Sync {
    /// The language's story lexicon (`data/lang/<code>/stopwords.txt` and `story.toml`).
    fn lexicon(&self) -> &StoryLexicon;
    /// Stem of a lower-case word, for story features (Snowball where the language has one).
    fn stem(&self, lower: &str) -> String {
        lower.to_string()
    }
    /// The language's words of the measure and event families of the fact matrix
    /// (`data/lang/<code>/measures.toml`, parsed by `parallax-analyze`); empty when it has none.
    fn measures_toml(&self) -> &'static str {
        ""
    }
}

/// Words for story features and comparisons, parsed from a language's data files.
#[derive(Debug, Default)]
pub struct StoryLexicon {
    /// Function words (lower case): left out of story features; also how a text's language
    /// is guessed when its metadata has none ([`crate::lang::guess`]).
    pub stopwords: HashSet<String>,
    /// Decimal and thousands separators of numbers written in plain text.
    pub decimal: char,
    pub thousands: char,
    /// Words joining a day range (`vom 27. bis 28. November`).
    pub range_words: Vec<String>,
    /// Marks of an ordinal day number (`27.`, `27th`).
    pub ordinal_marks: Vec<String>,
    /// Words between a day and its month (`27th of November`).
    pub day_month_words: Vec<String>,
    /// Scale words after a number (lower case) with their factor.
    pub scales: BTreeMap<String, f64>,
    /// Unit words after a number (lower case) with their code.
    pub units: BTreeMap<String, String>,
    /// Words that open a new clause (after which a number belongs to a new statement).
    pub clause_words: Vec<String>,
    /// Prepositions before a number that make it a change (`um 30 %`, `by 30%`).
    pub change_words: Vec<String>,
}

#[derive(Deserialize)]
struct StoryToml {
    decimal: String,
    thousands: String,
    #[serde(default)]
    range_words: Vec<String>,
    #[serde(default)]
    ordinal_marks: Vec<String>,
    #[serde(default)]
    day_month_words: Vec<String>,
    #[serde(default)]
    scales: BTreeMap<String, f64>,
    #[serde(default)]
    units: BTreeMap<String, String>,
    #[serde(default)]
    clause_words: Vec<String>,
    #[serde(default)]
    change_words: Vec<String>,
}

impl StoryLexicon {
    /// Parse `stopwords.txt` (one word a line, `#` comments) and `story.toml`.
    pub fn try_parse(stopwords: &str, story_toml: &str) -> Result<StoryLexicon, String> {
        let cfg: StoryToml = toml::from_str(story_toml).map_err(|e| e.to_string())?;
        let first = |s: &str, what: &str| {
            s.chars()
                .next()
                .ok_or_else(|| format!("the {what} is empty"))
        };
        Ok(StoryLexicon {
            stopwords: stopwords
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase)
                .collect(),
            decimal: first(&cfg.decimal, "decimal separator")?,
            thousands: first(&cfg.thousands, "thousands separator")?,
            range_words: cfg.range_words,
            ordinal_marks: cfg.ordinal_marks,
            day_month_words: cfg.day_month_words,
            scales: cfg.scales,
            units: cfg.units,
            clause_words: cfg.clause_words,
            change_words: cfg.change_words,
        })
    }

    /// Like [`Self::try_parse`], for the data files built into the binary: a parse error
    /// is a bug the language's tests catch, so it falls back to an empty lexicon.
    pub fn parse(stopwords: &str, story_toml: &str) -> StoryLexicon {
        Self::try_parse(stopwords, story_toml).unwrap_or_else(|_| StoryLexicon {
            decimal: '.',
            thousands: ',',
            ..StoryLexicon::default()
        })
    }

    pub fn is_stopword(&self, lower: &str) -> bool {
        self.stopwords.contains(lower)
    }
}
