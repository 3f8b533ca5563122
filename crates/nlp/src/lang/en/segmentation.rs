//! English sentence and token rules: abbreviations, ordinals, hyphens.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::English;
use crate::segment::{word_set, SegmentationRules};

fn abbreviations() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        word_set(include_str!(
            "../../../../../data/lang/en/abbreviations.txt"
        ))
    })
}

impl SegmentationRules for English {
    fn is_abbreviation(&self, word: &str) -> bool {
        abbreviations().contains(word)
    }
    fn abbreviation_may_end(&self, abbrev: &str) -> bool {
        matches!(
            abbrev,
            "etc." | "Inc." | "Ltd." | "Corp." | "Co." | "a.m." | "p.m."
        )
    }
    fn keeps_possessive(&self) -> bool {
        true
    }
    fn is_hyphen_conjunction(&self, word: &str) -> bool {
        matches!(word, "and" | "or" | "to")
    }
}
