//! French sentence and token rules: abbreviations, hyphens, apostrophes.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::French;
use crate::segment::{word_set, SegmentationRules};

fn abbreviations() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        word_set(include_str!(
            "../../../../../data/lang/fr/abbreviations.txt"
        ))
    })
}

fn elisions() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_set(include_str!("../../../../../data/lang/fr/elisions.txt")))
}

fn clitics() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_set(include_str!("../../../../../data/lang/fr/clitics.txt")))
}

impl SegmentationRules for French {
    fn is_abbreviation(&self, word: &str) -> bool {
        abbreviations().contains(word)
    }
    fn is_elision(&self, prefix: &str) -> bool {
        elisions().contains(prefix)
    }
    fn joins_hyphenated_words(&self) -> bool {
        true
    }
    fn is_hyphen_clitic(&self, word: &str) -> bool {
        clitics().contains(word)
    }
}
