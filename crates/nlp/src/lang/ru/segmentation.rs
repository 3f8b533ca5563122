//! Russian sentence and token rules: abbreviations, hyphens, apostrophes.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::Russian;
use crate::segment::{word_set, SegmentationRules};

fn abbreviations() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        word_set(include_str!(
            "../../../../../data/lang/ru/abbreviations.txt"
        ))
    })
}

impl SegmentationRules for Russian {
    fn is_abbreviation(&self, word: &str) -> bool {
        abbreviations().contains(word)
    }
    fn joins_hyphenated_words(&self) -> bool {
        true
    }
}
