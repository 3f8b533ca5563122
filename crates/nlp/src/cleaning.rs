//! What a language supplies to the cleaning of scraped text (the stage itself lives in
//! `parallax-ingest`): line patterns by family (share, consent, newsletter, ads, breadcrumbs,
//! related lists, read-more, comment widgets) and the words that mark metadata and sources
//! (`Quelle:`, `Foto:`, `laut …`, `Von …`).
//!
//! Each language keeps two files: `data/lang/<code>/cleaning.toml` (the families) and
//! `data/lang/<code>/source-cues.toml` (the cue words). Language-neutral patterns — URLs,
//! share glyphs, `[Name_2]` placeholders — stay in ingest's own `data/ingest/neutral.toml`.

use parallax_model::RemovalReason;
use serde::Deserialize;

/// A language's cleaning data.
pub trait CleaningRules: Sync {
    /// The language's cleaning patterns and source cues (parsed once).
    fn patterns(&self) -> &CleaningPatterns;
}

/// One family of boilerplate lines: what the lines are (`reason`) and how to recognise them.
///
/// Patterns are Rust regexes matched case-insensitively against one trimmed line.
/// `whole_line` patterns must match the whole line; `contains` patterns match anywhere in a
/// line of at most `max_chars` characters (prose lines are longer than boilerplate, so a
/// long line is never removed by a `contains` pattern).
#[derive(Debug, Clone, Deserialize)]
pub struct PatternFamily {
    pub reason: RemovalReason,
    /// A short name of the family for reports (`share`, `betting`, …); defaults to the reason.
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub whole_line: Vec<String>,
    #[serde(default)]
    pub contains: Vec<String>,
    #[serde(default)]
    pub max_chars: Option<usize>,
    /// Labels of site or blog software that pages in other languages carry too; a language
    /// borrows them with `borrow_widgets_from`.
    #[serde(default)]
    pub widget: bool,
}

impl PatternFamily {
    /// The family's name for reports.
    pub fn name(&self) -> String {
        match &self.family {
            Some(f) => f.clone(),
            None => serde_json::to_value(self.reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "other".to_string()),
        }
    }
}

/// Words that mark metadata and credited sources in scraped text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SourceCues {
    /// Line prefixes naming the source: `Quelle: …`, `Source: …`.
    #[serde(default)]
    pub source_prefixes: Vec<String>,
    /// Byline prefixes: `Von …`, `By …`.
    #[serde(default)]
    pub byline_prefixes: Vec<String>,
    /// Words joining names in a byline or credit list (`und`, `and`).
    #[serde(default)]
    pub name_joiners: Vec<String>,
    /// Lower-case particles inside personal names (`von`, `van`, `de`).
    #[serde(default)]
    pub name_particles: Vec<String>,
    /// Words introducing an image credit at the end of a caption (`Foto`, `Quelle`).
    #[serde(default)]
    pub credit_words: Vec<String>,
    /// Credit words meaning the outlet made the picture itself (`Collage`, `Grafik`).
    #[serde(default)]
    pub own_credit_words: Vec<String>,
    /// Words before an outlet name that credit it in running text (`laut`, `according to`).
    #[serde(default)]
    pub credit_cues_before: Vec<String>,
    /// Words after an outlet name that credit it (`berichtete`, `reported`).
    #[serde(default)]
    pub credit_cues_after: Vec<String>,
    /// Articles that may stand before an outlet name (`der`, `the`).
    #[serde(default)]
    pub articles: Vec<String>,
    /// Nouns that may stand before an outlet name (`Nachrichtenagentur`, `news agency`).
    #[serde(default)]
    pub agency_words: Vec<String>,
    /// Words joining a headline prefix to a site name in a banner line (`bei` in
    /// `+++ EILMELDUNG +++ Nachrichten bei Lokalportal +++`).
    #[serde(default)]
    pub site_prepositions: Vec<String>,
    /// Phrases crediting a wire at the end of a text (`Mit Material von`, `With reporting by`).
    #[serde(default)]
    pub material_credits: Vec<String>,
}

/// A language's cleaning patterns and source cues.
#[derive(Debug, Clone, Default)]
pub struct CleaningPatterns {
    pub families: Vec<PatternFamily>,
    /// Languages whose widget families this language's pages carry too.
    pub borrow_widgets_from: Vec<String>,
    pub cues: SourceCues,
}

#[derive(Deserialize)]
struct FamiliesFile {
    #[serde(default)]
    borrow_widgets_from: Vec<String>,
    #[serde(default)]
    rules: Vec<PatternFamily>,
}

impl CleaningPatterns {
    /// Parse a language's `cleaning.toml` and `source-cues.toml`.
    pub fn parse(cleaning_toml: &str, cues_toml: &str) -> Result<CleaningPatterns, String> {
        let f: FamiliesFile =
            toml::from_str(cleaning_toml).map_err(|e| format!("cleaning.toml: {e}"))?;
        let cues: SourceCues =
            toml::from_str(cues_toml).map_err(|e| format!("source-cues.toml: {e}"))?;
        Ok(CleaningPatterns {
            families: f.rules,
            borrow_widgets_from: f.borrow_widgets_from,
            cues,
        })
    }

    /// Like [`CleaningPatterns::parse`]; malformed data gives no patterns (the language
    /// modules' tests check that the shipped files parse).
    pub fn load(cleaning_toml: &str, cues_toml: &str) -> CleaningPatterns {
        Self::parse(cleaning_toml, cues_toml).unwrap_or_default()
    }
}

/// Implements [`CleaningRules`] for a language type from its `data/lang/<code>/cleaning.toml`
/// and `source-cues.toml` (parsed once), defining `CLEANING_TOML` and `SOURCE_CUES_TOML` in
/// the calling module for its tests. Used from `lang/<code>/cleaning.rs`.
macro_rules! cleaning_rules_from_data {
    ($language:ty, $code:literal) => {
        pub(crate) const CLEANING_TOML: &str = include_str!(concat!(
            "../../../../../data/lang/",
            $code,
            "/cleaning.toml"
        ));
        pub(crate) const SOURCE_CUES_TOML: &str = include_str!(concat!(
            "../../../../../data/lang/",
            $code,
            "/source-cues.toml"
        ));

        impl $crate::cleaning::CleaningRules for $language {
            fn patterns(&self) -> &$crate::cleaning::CleaningPatterns {
                static PATTERNS: std::sync::OnceLock<$crate::cleaning::CleaningPatterns> =
                    std::sync::OnceLock::new();
                PATTERNS.get_or_init(|| {
                    $crate::cleaning::CleaningPatterns::load(CLEANING_TOML, SOURCE_CUES_TOML)
                })
            }
        }
    };
}
pub(crate) use cleaning_rules_from_data;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_ships_parsable_cleaning_data() {
        for (code, rules) in crate::lang::all_cleaning() {
            let p = rules.patterns();
            assert!(!p.families.is_empty(), "{code}: no cleaning families");
            assert!(
                !p.cues.source_prefixes.is_empty() && !p.cues.credit_words.is_empty(),
                "{code}: no source cues"
            );
            for f in &p.families {
                for pat in f.whole_line.iter().chain(&f.contains) {
                    assert!(
                        regex::Regex::new(&format!("(?i){pat}")).is_ok(),
                        "{code}: bad pattern {pat}"
                    );
                }
            }
        }
    }

    #[test]
    fn bad_data_is_reported() {
        assert!(CleaningPatterns::parse("[[rules]]\nreason = 3", "").is_err());
        assert!(CleaningPatterns::parse("", "source_prefixes = 1").is_err());
        let p = CleaningPatterns::parse(
            "[[rules]]\nreason = \"share\"\nwhole_line = ['x']",
            "credit_words = ['Foto']",
        )
        .unwrap();
        assert_eq!(p.families[0].name(), "share");
        assert_eq!(p.cues.credit_words, ["Foto"]);
    }
}
